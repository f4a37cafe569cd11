//! xlsx: the tables people read, as a workbook (rust_xlsxwriter), one sheet
//! per table. Each sheet holds, from the top: the title (row 1), the
//! provenance line (row 2, [`PROVENANCE_ROW`]), the header in the book's
//! language (row 3, frozen), the rows, and after a blank row the notes.
//!
//! Cells keep their types: points and counts are number cells, dates are
//! date cells shown `yyyy-mm-dd`, everything else is text (never a formula,
//! so no cell needs defusing). Points stay exact up to the cell: a number
//! cell is made from the decimal text of [`Points`](crate::model::Points),
//! never from arithmetic in floating point; a column with a fractional value
//! shows two decimals (`0.00`). Columns are as wide as their widest cell by
//! display width (a Chinese character counts two).

use super::{Table, Value};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Worksheet, XlsxError};
use std::io;

/// The row of the title (0-based, as rust_xlsxwriter counts).
pub const TITLE_ROW: u32 = 0;
/// The row under the title, reserved for the provenance line of SPEC §12
/// ("Provenance, exactly"): [`Workbook::provenance`] is written there on
/// every sheet. Empty while nothing sets it.
pub const PROVENANCE_ROW: u32 = 1;
/// The header row; the rows above it and it stay in view (frozen).
pub const HEADER_ROW: u32 = 2;
/// The widest a column gets (in widths of a digit), so that one long note
/// does not push the others off screen.
const MAX_WIDTH: usize = 60;

/// The tables of one command's output, written as one workbook at the end.
#[derive(Debug, Default)]
pub struct Workbook {
    sheets: Vec<Table>,
    /// The provenance line (SPEC §12), written on each sheet in
    /// [`PROVENANCE_ROW`], under the title. `None` leaves that row empty.
    pub provenance: Option<String>,
    /// The workbook's creation date (its document properties): set, the same
    /// command on the same book writes the same bytes.
    pub created: Option<NaiveDate>,
}

impl Workbook {
    /// A sheet for `t`.
    pub fn add(&mut self, t: &Table) {
        self.sheets.push(t.clone());
    }

    /// The workbook's bytes.
    pub fn to_bytes(&self) -> io::Result<Vec<u8>> {
        self.build().map_err(|e| io::Error::other(e.to_string()))
    }

    fn build(&self) -> Result<Vec<u8>, XlsxError> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        if let Some(d) = self.created.and_then(excel_date) {
            wb.set_properties(&DocProperties::new().set_creation_datetime(&d));
        }
        let mut names: Vec<String> = Vec::new();
        for t in &self.sheets {
            let name = unique(
                sheet_name(t.sheet.as_deref().unwrap_or(&crate::tr!(xlsx.sheet))),
                &names,
            );
            let ws = wb.add_worksheet();
            ws.set_name(name.as_str())?;
            names.push(name);
            write_sheet(ws, t, self.provenance.as_deref())?;
        }
        if self.sheets.is_empty() {
            wb.add_worksheet()
                .set_name(sheet_name(&crate::tr!(xlsx.sheet)))?;
        }
        wb.save_to_buffer()
    }
}

/// One table on one sheet.
fn write_sheet(ws: &mut Worksheet, t: &Table, provenance: Option<&str>) -> Result<(), XlsxError> {
    let cols: Vec<usize> = t.for_people().collect();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let whole = Format::new().set_num_format("0");
    let two = Format::new().set_num_format("0.00");
    // A column with a fractional value shows every value with two decimals.
    let fractional: Vec<bool> = cols
        .iter()
        .map(|&i| {
            t.rows
                .iter()
                .any(|r| matches!(&r[i], Value::Points(p) if !p.is_whole()))
        })
        .collect();
    let mut widths: Vec<usize> = cols
        .iter()
        .map(|&i| display_width(&t.columns[i].label))
        .collect();

    if let Some(title) = &t.title {
        ws.write_string_with_format(TITLE_ROW, 0, title, &bold)?;
    }
    if let Some(p) = provenance {
        ws.write_string(PROVENANCE_ROW, 0, p)?;
    }
    for (c, &i) in cols.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col(c)?, &t.columns[i].label, &bold)?;
    }
    let mut row = HEADER_ROW;
    for r in &t.rows {
        row = next(row)?;
        for (c, &i) in cols.iter().enumerate() {
            let number = if fractional[c] { &two } else { &whole };
            let shown = match &r[i] {
                Value::Points(p) => {
                    // The exact decimal, read as a number only here, at the cell.
                    let text = p.to_string();
                    let n: f64 = text.parse().unwrap_or_default();
                    ws.write_number_with_format(row, col(c)?, n, number)?;
                    if fractional[c] && p.is_whole() {
                        text.len() + 3
                    } else {
                        text.len()
                    }
                }
                Value::Int(n) => {
                    ws.write_number_with_format(row, col(c)?, *n as f64, &whole)?;
                    n.to_string().len()
                }
                Value::Date(d) => match excel_date(*d) {
                    Some(x) => {
                        ws.write_datetime_with_format(row, col(c)?, x, &date)?;
                        10
                    }
                    None => {
                        let text = d.to_string();
                        ws.write_string(row, col(c)?, &text)?;
                        display_width(&text)
                    }
                },
                Value::Null => 0,
                v => {
                    let text = v.for_table();
                    if !text.is_empty() {
                        ws.write_string(row, col(c)?, &text)?;
                    }
                    display_width(&text)
                }
            };
            widths[c] = widths[c].max(shown);
        }
    }
    if !t.notes.is_empty() {
        row = next(row)?;
        for n in &t.notes {
            row = next(row)?;
            ws.write_string(row, 0, n)?;
        }
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    for (c, w) in widths.iter().enumerate() {
        // Two more for the padding a cell has; in widths of a digit.
        let w = u32::try_from((w + 2).min(MAX_WIDTH)).unwrap_or(10);
        ws.set_column_width(col(c)?, w)?;
    }
    Ok(())
}

/// The next row, or the error of a sheet that is full.
fn next(row: u32) -> Result<u32, XlsxError> {
    row.checked_add(1).ok_or(XlsxError::RowColumnLimitError)
}

/// A column index as the writer takes it (at most 16,384 columns).
fn col(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

/// A date as a spreadsheet date (1900-01-01 to 9999-12-31), else `None`.
fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let y = u16::try_from(d.year()).ok()?;
    let m = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(y, m, day).ok()
}

/// Width on screen: a Chinese character counts two.
fn display_width(s: &str) -> usize {
    s.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// A name a spreadsheet accepts for a sheet: at most 31 characters, none of
/// `[]:*?/\`, not starting or ending with `'`, not empty.
pub fn sheet_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim();
    if cleaned.is_empty() {
        "points".into()
    } else {
        cleaned.to_string()
    }
}

/// `name`, or `name 2`, `name 3`… when a sheet already has it (spreadsheets
/// compare sheet names without regard to case).
fn unique(name: String, taken: &[String]) -> String {
    let clash = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    if !clash(&name) {
        return name;
    }
    (2..)
        .map(|k| {
            let suffix = format!(" {k}");
            let stem: String = name.chars().take(31 - suffix.chars().count()).collect();
            format!("{stem}{suffix}")
        })
        .find(|n| !clash(n))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_what_spreadsheets_accept() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name("'x'"), "x");
        assert_eq!(sheet_name(""), "points");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
        let taken = vec!["Sheet".to_string(), "sheet 2".to_string()];
        assert_eq!(unique("SHEET".into(), &taken), "SHEET 3");
        assert_eq!(unique("other".into(), &taken), "other");
    }

    #[test]
    fn widths_count_chinese_double() {
        assert_eq!(display_width("张伟"), 4);
        assert_eq!(display_width("ab"), 2);
    }
}
