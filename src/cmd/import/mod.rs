//! `points import people FILE` and `points import ledger FILE --kind
//! open|earn` (SPEC §7): a roster sheet or a paper tally brought into the
//! book. Both read the file with [`crate::sheet`], find their columns by
//! header, turn every row into typed values, and list every problem by
//! file, sheet, row and column before anything is written — all or nothing.

pub mod ledger;
pub mod people;

use crate::cmd::{Ctx, Fail, Result};
use crate::render::{Column, Table, Value};
use crate::sheet::columns::{self, ColumnsError, Field, Found};
use crate::sheet::{self, column_letter, Cell, Row, Sheet, SheetError};
use crate::tr;
use chrono::NaiveDate;
use std::fmt;
use std::path::Path;

// Help texts: `help.import.*`, `help.import_people.*`, `help.import_ledger.*`
// in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
#[command(disable_help_subcommand = true)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    People(people::Args),
    Ledger(ledger::Args),
}

pub fn run(ctx: &mut crate::cmd::Ctx, args: Args) -> Result {
    match args.what {
        What::People(a) => people::run(ctx, a),
        What::Ledger(a) => ledger::run(ctx, a),
    }
}

/// Where in the sheet a problem is: a row, and a column of it.
#[derive(Clone, Debug)]
pub struct Place {
    pub row: Option<usize>,
    /// The column's index and its header.
    pub column: Option<(usize, String)>,
}

/// A problem with the file, at a place in it.
#[derive(Clone, Debug)]
pub struct Problem {
    pub at: Place,
    pub message: String,
}

/// Renders "FILE, sheet S, row R, column C (HEADER): message".
pub struct Shown<'a> {
    pub sheet: &'a Sheet,
    pub problem: &'a Problem,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = place(self.sheet, &self.problem.at);
        f.write_str(&tr!(import.at, place = at, message = self.problem.message))
    }
}

/// The place as words: the file, the sheet (of a workbook), the row, the column.
pub fn place(sheet: &Sheet, at: &Place) -> String {
    let file = sheet.file.display().to_string();
    let sheet_name = sheet.name.as_deref();
    match (sheet_name, at.row, &at.column) {
        (_, None, _) => file,
        (None, Some(row), None) => tr!(import.place.csv_row, file = file, row = row),
        (None, Some(row), Some((c, h))) => tr!(
            import.place.csv_cell,
            file = file,
            row = row,
            column = column_letter(*c),
            header = h
        ),
        (Some(s), Some(row), None) => {
            tr!(import.place.sheet_row, file = file, sheet = s, row = row)
        }
        (Some(s), Some(row), Some((c, h))) => tr!(
            import.place.sheet_cell,
            file = file,
            sheet = s,
            row = row,
            column = column_letter(*c),
            header = h
        ),
    }
}

/// The refusal: every problem, and that nothing was changed.
pub fn refuse(sheet: &Sheet, problems: &[Problem]) -> Fail {
    let list: String = problems
        .iter()
        .map(|p| format!("\n  - {}", Shown { sheet, problem: p }))
        .collect();
    let text = tr!(import.refused, n = problems.len(), list = list);
    Fail::Shown(format!("{}\n", tr!(common.error_line, message = text)))
}

/// Read `file` as a sheet whose header row has at least two of `fields`.
pub fn read_sheet(file: &Path, fields: &[Field], maps: &[(String, &'static str)]) -> Result<Sheet> {
    let has_header = |r: &Row| columns::known(r, fields, maps) >= 2;
    let shown = file.display().to_string();
    sheet::read(file, &has_header).map_err(|e| {
        let m = match e {
            SheetError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tr!(import.missing_file, file = shown)
            }
            SheetError::Io(e) => tr!(
                import.unreadable,
                file = shown,
                why = crate::book::io_reason(&e)
            ),
            SheetError::Encoding { candidates } => tr!(
                import.encoding,
                file = shown,
                candidates = crate::i18n::list_or(&candidates)
            ),
            SheetError::Workbook(why) => tr!(import.not_a_workbook, file = shown, why = why),
            SheetError::Csv { line, detail } => {
                tr!(import.not_csv, file = shown, line = line, detail = detail)
            }
            SheetError::NoSheet => tr!(import.no_sheet, file = shown),
        };
        Fail::Refused(m)
    })
}

/// Find the columns of `sheet`; the keys in `required` must be there.
pub fn find_columns(
    sheet: &Sheet,
    fields: &[Field],
    maps: &[(String, &'static str)],
    required: &[&[&str]],
) -> Result<Found> {
    let headers = |keys: &[&str]| -> String {
        let names: Vec<String> = keys
            .iter()
            .flat_map(|k| fields.iter().filter(move |f| f.key == *k))
            .flat_map(|f| f.names.iter().take(1).map(|n| format!("{n}/{}", f.key)))
            .collect();
        crate::i18n::list_or(&names)
    };
    let all: Vec<&str> = fields.iter().map(|f| f.key).collect();
    let found = columns::find(sheet, fields, maps).map_err(|e| match e {
        ColumnsError::NoHeader => Fail::Refused(tr!(
            import.no_header,
            file = sheet_words(sheet),
            n = columns::HEADER_SEARCH,
            headers = headers(&all)
        )),
        ColumnsError::Twice {
            row,
            key,
            first,
            second,
        } => Fail::Refused(tr!(
            import.header_twice,
            place = place(
                sheet,
                &Place {
                    row: Some(row),
                    column: None
                }
            ),
            key = key,
            first = column_words(first.0, &first.1),
            second = column_words(second.0, &second.1)
        )),
    })?;
    for keys in required {
        if keys.iter().all(|k| found.column(k).is_none()) {
            return Err(Fail::Refused(tr!(
                import.missing_column,
                place = place(
                    sheet,
                    &Place {
                        row: Some(found.header_row),
                        column: None
                    }
                ),
                headers = headers(keys)
            )));
        }
    }
    Ok(found)
}

/// The file and sheet, for a message about the whole sheet.
fn sheet_words(sheet: &Sheet) -> String {
    match &sheet.name {
        Some(s) => tr!(import.place.sheet, file = sheet.file.display(), sheet = s),
        None => sheet.file.display().to_string(),
    }
}

/// `--map 列名=key` options: the header and the key it means, which must
/// be one of `fields`.
pub fn maps(given: &[String], fields: &[Field]) -> Result<Vec<(String, &'static str)>> {
    let keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
    given
        .iter()
        .map(|m| {
            let (h, k) = m
                .split_once('=')
                .map(|(h, k)| (h.trim(), crate::model::typed(k).to_lowercase()))
                .filter(|(h, _)| !h.is_empty())
                .ok_or_else(|| Fail::Usage(tr!(import.bad_map, map = m)))?;
            // A key, or any header the key goes by (--map 联系人=姓名).
            let key = fields
                .iter()
                .find(|f| f.key == k || f.names.iter().any(|n| n.to_lowercase() == k))
                .map(|f| f.key)
                .ok_or_else(|| {
                    Fail::Usage(tr!(
                        import.bad_map_key,
                        map = m,
                        key = k,
                        keys = crate::i18n::list_or(&keys)
                    ))
                })?;
            Ok((h.to_string(), key))
        })
        .collect()
}

/// The data rows of `sheet`: those below the header row.
pub fn data_rows<'a>(sheet: &'a Sheet, found: &Found) -> impl Iterator<Item = &'a Row> {
    sheet.rows.iter().skip(found.header_index + 1)
}

/// A row's cell of `key` (empty when the sheet has no such column), with
/// the place it is at.
pub fn cell<'a>(row: &'a Row, found: &Found, key: &str) -> (&'a Cell, Place) {
    match found.column(key) {
        Some((i, h)) => (
            row.cell(i),
            Place {
                row: Some(row.number),
                column: Some((i, h.to_string())),
            },
        ),
        None => (
            &Cell::Empty,
            Place {
                row: Some(row.number),
                column: None,
            },
        ),
    }
}

/// A date cell: a date, an Excel serial number, or text in one of the
/// forms spreadsheets write; `None` for an empty cell.
pub fn date_of(c: &Cell) -> std::result::Result<Option<NaiveDate>, String> {
    let found = match c {
        Cell::Empty => return Ok(None),
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => sheet::dates::serial(n),
        Cell::Text(t) if t.trim().is_empty() => return Ok(None),
        Cell::Text(t) => sheet::dates::parse(t),
    };
    found.map(Some).ok_or_else(|| {
        let forms = ["2025-01-05", "2025/1/5", "2025.1.5", "2025年1月5日"];
        tr!(
            import.bad_date,
            value = c.text(),
            forms = crate::i18n::list_or(&forms)
        )
    })
}

/// The note for columns that nothing reads (nothing is left out silently).
pub fn ignored_note(found: &Found) -> Option<String> {
    if found.ignored.is_empty() {
        return None;
    }
    let cols: Vec<String> = found
        .ignored
        .iter()
        .map(|(i, h)| column_words(*i, h))
        .collect();
    Some(tr!(
        import.ignored_columns,
        n = cols.len(),
        columns = crate::i18n::list_and(&cols)
    ))
}

/// Write `text` to `path` atomically: a temporary file in the same folder,
/// synced, then renamed over it.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    crate::book::lock::sync_dir(dir)
}

/// A column as a person finds it: "C (数量)".
pub fn column_words(i: usize, header: &str) -> String {
    tr!(import.column, column = column_letter(i), header = header)
}

/// `--format json` of a refused import: every sheet row, refused, with its
/// problems (or that it was not written because others were refused).
pub fn refused_json(ctx: &mut Ctx, sheet: &Sheet, found: &Found, problems: &[Problem]) -> Result {
    let mut t = Table::new(vec![
        Column::new("row", ""),
        Column::new("status", ""),
        Column::new("id", ""),
        Column::new("message", ""),
    ]);
    for r in data_rows(sheet, found) {
        let mine: Vec<String> = problems
            .iter()
            .filter(|p| p.at.row == Some(r.number))
            .map(|p| match &p.at.column {
                Some((c, h)) => tr!(
                    import.at_column,
                    column = crate::sheet::column_letter(*c),
                    header = h,
                    message = p.message
                ),
                None => p.message.clone(),
            })
            .collect();
        let message = if mine.is_empty() {
            tr!(import.not_written)
        } else {
            crate::i18n::list_plain(&mine)
        };
        t.push(vec![
            Value::Int(r.number as i64),
            Value::term("refused", ""),
            Value::Null,
            Value::text(message),
        ]);
    }
    ctx.table(&t)?;
    Ok(())
}
