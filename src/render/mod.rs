//! Rendering: one [`Table`] of typed values, written as an aligned table
//! (by display width, so Chinese names line up), CSV, JSON, Markdown or an
//! xlsx workbook ([`xlsx`]). Nothing else in `points` formats output.

pub mod html;
pub mod mask;
pub mod xlsx;

use crate::model::Points;
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Md,
    /// A workbook ([`xlsx`]): to a file (`--output`) or a pipe, never a terminal.
    Xlsx,
}

/// A value in a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Points(Points),
    Int(i64),
    Bool(bool),
    /// A day: `YYYY-MM-DD` in text, a date cell in a workbook.
    Date(chrono::NaiveDate),
    /// A flag that people and programs read differently: `marked` is what a
    /// table or Markdown shows, `value` what JSON and CSV carry (in `show`, a
    /// void is marked like the entry it cancels, but no void cancels it).
    Flag {
        value: bool,
        marked: bool,
    },
    /// A value of an enumeration (a kind, a status, a reason): JSON and CSV
    /// carry its English `id` whatever the language (SPEC §6), tables and
    /// Markdown show `label`, its word in the chosen language
    /// (`Value::term("granted", tr!(exchange.status.granted))`).
    Term {
        id: String,
        label: String,
    },
    Null,
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    pub fn term(id: impl Into<String>, label: impl Into<String>) -> Value {
        Value::Term {
            id: id.into(),
            label: label.into(),
        }
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Null, |s| Value::Text(s.into()))
    }

    fn plain(&self) -> String {
        match self {
            Value::Text(s) | Value::Term { id: s, .. } => s.clone(),
            Value::Points(p) => p.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Date(d) => d.to_string(),
            Value::Bool(b) | Value::Flag { value: b, .. } => b.to_string(),
            Value::Null => String::new(),
        }
    }

    /// The cell as a table or Markdown shows it (also the notice's HTML).
    pub(crate) fn for_table(&self) -> String {
        match self {
            Value::Bool(true) | Value::Flag { marked: true, .. } => crate::tr!(common.yes),
            Value::Bool(false) | Value::Flag { marked: false, .. } => String::new(),
            Value::Null => "—".into(),
            Value::Term { label, .. } => label.clone(),
            v => v.plain(),
        }
    }

    fn json(&self) -> String {
        match self {
            Value::Text(s) | Value::Term { id: s, .. } => {
                serde_json::to_string(s).unwrap_or_else(|_| "null".into())
            }
            Value::Points(p) => p.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Date(d) => format!("\"{d}\""),
            Value::Bool(b) | Value::Flag { value: b, .. } => b.to_string(),
            Value::Null => "null".into(),
        }
    }

    pub(crate) fn numeric(&self) -> bool {
        matches!(self, Value::Points(_) | Value::Int(_))
    }
}

/// A column: its machine key (JSON, CSV), its human label (table, md), and
/// optionally the JSON object it is nested in (e.g. `categories`).
#[derive(Clone, Debug)]
pub struct Column {
    pub key: String,
    pub label: String,
    pub group: Option<&'static str>,
    /// For programs only (JSON, CSV): tables and Markdown leave it out.
    pub machine: bool,
}

impl Column {
    pub fn new(key: impl Into<String>, label: impl Into<String>) -> Column {
        Column {
            key: key.into(),
            label: label.into(),
            group: None,
            machine: false,
        }
    }

    /// A column that JSON and CSV carry and people do not see: the id of an
    /// item, reward or category whose name the next column shows (SPEC §6:
    /// tables show names, ids only where a person types one).
    pub fn machine(key: impl Into<String>) -> Column {
        Column {
            machine: true,
            ..Column::new(key, "")
        }
    }

    pub fn grouped(
        group: &'static str,
        key: impl Into<String>,
        label: impl Into<String>,
    ) -> Column {
        Column {
            group: Some(group),
            ..Column::new(key, label)
        }
    }
}

/// Rows of values under columns, with an optional title and notes shown
/// around the human formats (never in CSV or JSON).
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub title: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
    pub notes: Vec<String>,
    /// The name of its sheet in a workbook (default: `xlsx.sheet`).
    pub sheet: Option<String>,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            ..Table::default()
        }
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// The indices of the columns that tables and Markdown show.
    fn for_people(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.columns.len()).filter(|&i| !self.columns[i].machine)
    }

    pub fn write(&self, out: &mut dyn Write, format: Format) -> io::Result<()> {
        match format {
            Format::Table => self.write_table(out),
            Format::Csv => self.write_csv(out),
            Format::Json => self.write_json(out),
            Format::Md => self.write_md(out),
            Format::Xlsx => {
                let mut book = xlsx::Workbook::default();
                book.add(self);
                out.write_all(&book.to_bytes()?)
            }
        }
    }

    fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(t) = &self.title {
            writeln!(out, "{t}")?;
        }
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
            .force_no_tty();
        t.set_header(self.for_people().map(|i| self.columns[i].label.clone()));
        for row in &self.rows {
            t.add_row(self.for_people().map(|i| &row[i]).map(|v| {
                let c = comfy_table::Cell::new(v.for_table());
                if v.numeric() {
                    c.set_alignment(comfy_table::CellAlignment::Right)
                } else {
                    c
                }
            }));
        }
        writeln!(out, "{t}")?;
        for n in &self.notes {
            writeln!(out, "{n}")?;
        }
        Ok(())
    }

    pub fn write_csv_rows(&self, out: &mut dyn Write, header: bool) -> io::Result<()> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        if header {
            w.write_record(self.columns.iter().map(|c| defuse(&c.key)))?;
        }
        for row in &self.rows {
            w.write_record(row.iter().map(|v| defuse(&v.plain())))?;
        }
        w.flush()?;
        Ok(())
    }

    fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_csv_rows(out, true)
    }

    /// One JSON object per row.
    pub fn json_objects(&self) -> Vec<String> {
        self.rows
            .iter()
            .map(|row| {
                let mut s = String::from("{");
                let mut open_group: Option<&str> = None;
                let mut first = true;
                for (c, v) in self.columns.iter().zip(row) {
                    if open_group.is_some() && open_group != c.group {
                        s.push('}');
                        open_group = None;
                    }
                    match c.group {
                        Some(g) if open_group != Some(g) => {
                            if !first {
                                s.push(',');
                            }
                            s.push_str(&format!("{}:{{", Value::text(g).json()));
                            open_group = Some(g);
                            s.push_str(&format!(
                                "{}:{}",
                                Value::text(c.key.as_str()).json(),
                                v.json()
                            ));
                        }
                        _ => {
                            if !(first || c.group.is_some() && s.ends_with('{')) {
                                s.push(',');
                            }
                            s.push_str(&format!(
                                "{}:{}",
                                Value::text(c.key.as_str()).json(),
                                v.json()
                            ));
                        }
                    }
                    first = false;
                }
                if open_group.is_some() {
                    s.push('}');
                }
                s.push('}');
                s
            })
            .collect()
    }

    fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        write_json_array(out, &self.json_objects())
    }

    fn write_md(&self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(t) = &self.title {
            writeln!(out, "## {}\n", md_cell(t))?;
        }
        let labels: Vec<String> = self
            .for_people()
            .map(|i| md_cell(&self.columns[i].label))
            .collect();
        writeln!(out, "| {} |", labels.join(" | "))?;
        let rules: Vec<&str> = self
            .for_people()
            .map(|i| {
                if self.rows.first().is_some_and(|r| r[i].numeric()) {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        writeln!(
            out,
            "|{}|",
            rules
                .iter()
                .map(|r| format!(" {r} "))
                .collect::<Vec<_>>()
                .join("|")
        )?;
        for row in &self.rows {
            let cells: Vec<String> = self
                .for_people()
                .map(|i| md_cell(&defuse(&row[i].for_table())))
                .collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        if !self.notes.is_empty() {
            writeln!(out)?;
            for n in &self.notes {
                writeln!(out, "{}  ", md_cell(n))?;
            }
        }
        Ok(())
    }
}

/// A JSON array with one element per line.
pub fn write_json_array(out: &mut dyn Write, items: &[String]) -> io::Result<()> {
    if items.is_empty() {
        return writeln!(out, "[]");
    }
    writeln!(out, "[")?;
    for (i, it) in items.iter().enumerate() {
        let comma = if i + 1 < items.len() { "," } else { "" };
        writeln!(out, "  {it}{comma}")?;
    }
    writeln!(out, "]")
}

/// Escape a cell that a spreadsheet would read as a formula by putting a
/// `'` in front: one starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return, unless it is a number (`-5`, `+2.5` stay numbers).
pub fn defuse(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_number(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A plain decimal number: an optional sign, digits, and optionally a point
/// and more digits (`-5`, `+12.50`); whatever its size or precision.
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && all_digits(frac)
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Table {
        let mut t = Table::new(vec![
            Column::new("person", "人员"),
            Column::grouped("categories", "edu", "教育"),
            Column::grouped("categories", "law", "守法"),
            Column::new("hours", "小时"),
        ]);
        t.push(vec![
            Value::text("=1+2"),
            Value::Points(Points::from_hundredths(1250)),
            Value::Points(Points::from_whole(-5)),
            Value::Null,
        ]);
        t
    }

    #[test]
    fn json_nests_groups() {
        assert_eq!(
            t().json_objects(),
            vec![r#"{"person":"=1+2","categories":{"edu":12.5,"law":-5},"hours":null}"#]
        );
    }

    #[test]
    fn csv_defuses_formulas() {
        let mut out = Vec::new();
        t().write(&mut out, Format::Csv).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "person,edu,law,hours\n'=1+2,12.5,-5,\n"
        );
    }

    #[test]
    fn defuse_prefixes_formulas_not_numbers() {
        for (cell, want) in [
            ("=1+2", "'=1+2"),
            ("+86 138", "'+86 138"),
            ("-A1", "'-A1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-5.", "'-5."),
            ("-5", "-5"),
            ("+2.5", "+2.5"),
            ("-0.125", "-0.125"),
            (
                "-123456789012345678901234567890",
                "-123456789012345678901234567890",
            ),
            ("张三", "张三"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(defuse(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn a_term_is_its_id_for_programs_and_its_label_for_people() {
        let mut t = Table::new(vec![Column::new("status", "结果")]);
        t.push(vec![Value::term("granted", "已满足")]);
        let mut out = Vec::new();
        t.write(&mut out, Format::Md).unwrap();
        t.write(&mut out, Format::Csv).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "| 结果 |\n| --- |\n| 已满足 |\nstatus\ngranted\n"
        );
        assert_eq!(t.json_objects(), vec![r#"{"status":"granted"}"#]);
    }

    #[test]
    fn a_machine_column_is_for_programs_only() {
        let mut t = Table::new(vec![Column::machine("item"), Column::new("name", "项目")]);
        t.push(vec![Value::text("patrol"), Value::text("治安巡逻")]);
        let mut out = Vec::new();
        t.write(&mut out, Format::Md).unwrap();
        t.write(&mut out, Format::Csv).unwrap();
        t.write(&mut out, Format::Table).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("| 项目 |\n| --- |\n| 治安巡逻 |\nitem,name\npatrol,治安巡逻\n"),
            "{out}"
        );
        assert!(
            !out.contains("│ patrol") && out.contains("│ 治安巡逻 │"),
            "{out}"
        );
        assert_eq!(
            t.json_objects(),
            vec![r#"{"item":"patrol","name":"治安巡逻"}"#]
        );
    }

    #[test]
    fn md_table() {
        let mut out = Vec::new();
        t().write(&mut out, Format::Md).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "| 人员 | 教育 | 守法 | 小时 |\n| --- | ---: | ---: | --- |\n| '=1+2 | 12.5 | -5 | — |\n");
    }
}
