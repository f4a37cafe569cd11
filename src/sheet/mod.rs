//! Reading foreign sheets for `points import` (SPEC §7): a workbook
//! (`.xlsx`, `.xls`, `.ods`, read with calamine; a formula cell gives the
//! value Excel saved with it) or a CSV file in whatever encoding Excel or WPS
//! saved it ([`encoding`]). What comes out is plain: the sheet's rows, each
//! with its row number as the spreadsheet shows it, its cells as text, a
//! number or a date; blank rows are left out. Finding the columns by their
//! headers is [`columns`]' job; nothing here knows people or ledgers.

pub mod columns;
pub mod dates;
pub mod encoding;

use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// One cell, as the sheet holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell, written as exact decimal text (`2.5`, `101`).
    Number(String),
    /// A date cell (Excel keeps dates as serial numbers with a date format).
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text (a date as `YYYY-MM-DD`), trimmed.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Number(s) => s.trim().to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A row: its number as the spreadsheet shows it (from 1), and its cells.
#[derive(Clone, Debug)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }
}

/// A sheet read from a file: the non-blank rows.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub file: PathBuf,
    /// The sheet's name in a workbook; `None` for a CSV file.
    pub name: Option<String>,
    pub rows: Vec<Row>,
}

/// Why a file could not be read as a sheet.
#[derive(Debug)]
pub enum SheetError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// Not UTF-8, and no single encoding fits: the candidates.
    Encoding { candidates: Vec<String> },
    /// The workbook could not be read (calamine's words).
    Workbook(String),
    /// A CSV syntax error at this line.
    Csv { line: usize, detail: String },
    /// The workbook has no sheet with rows.
    NoSheet,
}

/// Read the first sheet of `path` for which `has_header` holds on one of
/// its first rows (a workbook's other sheets are then not read); the first
/// sheet when none has.
pub fn read(path: &Path, has_header: &dyn Fn(&Row) -> bool) -> Result<Sheet, SheetError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, has_header),
        _ => read_csv(path),
    }
}

/// A CSV file, decoded ([`encoding::decode`]).
fn read_csv(path: &Path) -> Result<Sheet, SheetError> {
    let bytes = std::fs::read(path).map_err(SheetError::Io)?;
    let text =
        encoding::decode(&bytes).map_err(|candidates| SheetError::Encoding { candidates })?;
    // Line ends as one byte, so that rows are numbered as an editor shows them.
    let text = text.replace("\r\n", "\n");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        let line = rdr.position().line() as usize;
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map_or(line, |p| p.line() as usize);
                let cells: Vec<Cell> = rec
                    .iter()
                    .map(|f| {
                        if f.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(f.to_string())
                        }
                    })
                    .collect();
                push_row(&mut rows, line, cells);
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line() as usize);
                return Err(SheetError::Csv {
                    line,
                    detail: e.to_string(),
                });
            }
        }
    }
    Ok(Sheet {
        file: path.to_path_buf(),
        name: None,
        rows,
    })
}

/// Keep a row unless every cell of it is blank.
fn push_row(rows: &mut Vec<Row>, number: usize, cells: Vec<Cell>) {
    if cells.iter().any(|c| !c.is_blank()) {
        rows.push(Row { number, cells });
    }
}

/// A workbook: the first sheet with a header row, else the first sheet.
fn read_workbook(path: &Path, has_header: &dyn Fn(&Row) -> bool) -> Result<Sheet, SheetError> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(e) => SheetError::Io(e),
        e => SheetError::Workbook(e.to_string()),
    })?;
    let mut first: Option<Sheet> = None;
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| SheetError::Workbook(e.to_string()))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (i, r) in range.rows().enumerate() {
            // Cells left of the range's start are empty in the sheet.
            let mut cells = vec![Cell::Empty; left as usize];
            cells.extend(r.iter().map(cell));
            push_row(&mut rows, top as usize + i + 1, cells);
        }
        let sheet = Sheet {
            file: path.to_path_buf(),
            name: Some(name),
            rows,
        };
        if sheet
            .rows
            .iter()
            .take(columns::HEADER_SEARCH)
            .any(has_header)
        {
            return Ok(sheet);
        }
        if first.is_none() && !sheet.rows.is_empty() {
            first = Some(sheet);
        }
    }
    first.ok_or(SheetError::NoSheet)
}

/// A workbook cell as a [`Cell`].
fn cell(d: &calamine::Data) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Float(f) => Cell::Number(decimal(*f)),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .map_or_else(|| Cell::Number(decimal(dt.as_f64())), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(decimal(dt.as_f64())),
        Data::DateTimeIso(s) => match dates::parse(s.get(..10).unwrap_or(s)) {
            Some(d) => Cell::Date(d),
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// A spreadsheet number as decimal text. Spreadsheets keep numbers as
/// binary floating point, so a value of at most two decimals (all that
/// points and quantities have) is written from its hundredths, exactly;
/// any other value keeps every digit it has, for the reader to refuse.
pub fn decimal(f: f64) -> String {
    let h = (f * 100.0).round();
    if f.is_finite() && (f * 100.0 - h).abs() < 1e-6 && h.abs() < 9.0e15 {
        // Exact: |h| < 2^53, so the conversion loses nothing.
        let h = h as i64;
        let (sign, a) = if h < 0 { ("-", -h) } else { ("", h) };
        match a % 100 {
            0 => format!("{sign}{}", a / 100),
            r if r % 10 == 0 => format!("{sign}{}.{}", a / 100, r / 10),
            r => format!("{sign}{}.{r:02}", a / 100),
        }
    } else {
        f.to_string()
    }
}

/// A column's letter as a spreadsheet shows it: 0 → A, 26 → AA.
pub fn column_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact_decimals() {
        assert_eq!(decimal(2.0), "2");
        assert_eq!(decimal(2.5), "2.5");
        assert_eq!(decimal(0.1 + 0.2), "0.3");
        assert_eq!(decimal(-12.25), "-12.25");
        assert_eq!(decimal(1.234), "1.234");
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }
}
