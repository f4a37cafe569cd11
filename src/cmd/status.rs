//! `points status`: the book's provenance (SPEC §8) — the commit its files
//! are at, whether they differ from it, its fingerprint, how many ledger
//! rows and which files. JSON is one object (`commit`, `dirty`,
//! `fingerprint`, `rows`, `files`); table and md end with the line a person
//! reads and the fixed `points-provenance:` line.

use crate::book::{missing_file, PEOPLE_FILE, RULES_FILE};
use crate::cmd::{Ctx, Fail, Result};
use crate::provenance::{self, Provenance};
use crate::render::{Column, Format, Table, Value};
use crate::tr;
use std::io::Write;

// Help texts: `help.status.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(ctx: &mut Ctx, _args: Args) -> Result {
    // Under the book's read lock, after rolling back an interrupted write:
    // the fingerprint is of whole batches only.
    ctx.open_book()?;
    let root = ctx.book_dir.clone();
    if !crate::book::as_dir(&root).is_dir() {
        return Err(Fail::problems(
            crate::book::Book::load(&root).err().unwrap_or_default(),
        ));
    }
    let mut missing = Vec::new();
    for f in [RULES_FILE, PEOPLE_FILE] {
        if let Err(e) = crate::book::source::read(&root.join(f)) {
            missing.push(missing_file(&root.join(f), &e));
        }
    }
    if !missing.is_empty() {
        return Err(Fail::problems(missing));
    }
    // Worked out once: the lines at the end of the output say it again.
    let p = crate::cmd::stamp::provenance(ctx, true)?;
    match ctx.format {
        Format::Json => write_json(ctx, &p),
        Format::Csv => ctx.table(&machine(&p)),
        Format::Table | Format::Md | Format::Xlsx => ctx.table(&for_people(&p)),
    }
}

/// One object, keys in the order of SPEC §8.
fn write_json(ctx: &mut Ctx, p: &Provenance) -> Result {
    let text = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "null".into());
    let files: Vec<String> = p.files.iter().map(|f| text(f)).collect();
    let out = &mut ctx.out;
    writeln!(out, "{{")?;
    writeln!(
        out,
        "  \"commit\": {},",
        p.commit().map_or_else(|| "null".to_string(), text)
    )?;
    writeln!(out, "  \"dirty\": {},", p.dirty())?;
    writeln!(out, "  \"fingerprint\": {},", text(&p.fingerprint))?;
    writeln!(out, "  \"rows\": {},", p.rows)?;
    writeln!(out, "  \"files\": [{}]", files.join(", "))?;
    writeln!(out, "}}")?;
    Ok(())
}

/// CSV: one row under the JSON keys (files joined by `;`).
fn machine(p: &Provenance) -> Table {
    let mut t = Table::new(
        ["commit", "dirty", "fingerprint", "rows", "files"]
            .into_iter()
            .map(|k| Column::new(k, k))
            .collect(),
    );
    t.push(vec![
        p.commit().map_or(Value::Null, Value::text),
        Value::Bool(p.dirty()),
        Value::text(p.fingerprint.as_str()),
        Value::Int(i64::try_from(p.rows).unwrap_or(i64::MAX)),
        Value::text(p.files.join(";")),
    ]);
    t
}

/// Table and md: one line per fact, each file on a line of its own.
fn for_people(p: &Provenance) -> Table {
    let mut t = Table::new(vec![
        Column::new("what", tr!(status.col.what)),
        Column::new("value", tr!(status.col.value)),
    ]);
    t.title = Some(tr!(status.title));
    let commit = match (&p.git, p.commit()) {
        (_, Some(c)) => c.to_string(),
        (provenance::Git::Unborn, None) => tr!(status.no_commit_yet),
        (_, None) => tr!(status.not_in_git),
    };
    let dirty = if p.dirty() {
        tr!(status.yes)
    } else {
        tr!(status.no)
    };
    let mut row = |what: String, value: String| t.push(vec![Value::text(what), Value::text(value)]);
    row(tr!(status.commit), commit);
    row(tr!(status.dirty), dirty);
    row(tr!(status.fingerprint), p.fingerprint.clone());
    row(tr!(status.rows), p.rows.to_string());
    for (i, f) in p.files.iter().enumerate() {
        let what = if i == 0 {
            tr!(status.files)
        } else {
            String::new()
        };
        row(what, f.clone());
    }
    t
}
