//! `points check`: every rule of the SPEC on rules, roster and ledgers. The
//! findings are its output (stdout); the exit code says whether there were errors.

use crate::book::diag::{decorate, Diagnostic};
use crate::book::{ledger, Book, Unchecked};
use crate::cmd::{Ctx, Fail, Result};
use crate::compute::scan::{self, Mode};
use crate::render::{Column, Format, Table, Value};
use std::io::Write;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  points check                     after every edit, pull or merge
  points --book ledgers/demo check
  points check --format json       the findings for other programs";

/// Find every problem in the book
#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {}

pub fn run(ctx: &mut Ctx, _args: Args) -> Result {
    let (loaded, mut diags) = Book::load_for_check(&ctx.book_dir);
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let summary = match loaded {
        Ok(book) => {
            let outcome = scan::scan(&book, Mode::Check, &mut |_: &scan::Entry<'_>| {});
            diags.extend(outcome.diagnostics);
            let skipped = book.roster.skipped.len();
            format!(
                "{} in {}, {}, {}{}",
                plural(outcome.rows as usize, "row"),
                plural(book.ledgers.len(), "ledger file"),
                plural(book.roster.len(), "person").replace("persons", "people"),
                plural(book.rules.items.len(), "item"),
                if skipped == 0 {
                    String::new()
                } else {
                    format!(
                        "; the rows of {} with errors in people.csv were checked for form only",
                        plural(skipped, "person").replace("persons", "people")
                    )
                }
            )
        }
        Err(Unchecked::NoBook) => "the book could not be read".into(),
        Err(Unchecked::Rules(ledgers)) => {
            form_only(&ledgers, &mut diags, "points.toml could not be read")
        }
        Err(Unchecked::Roster(ledgers)) => {
            form_only(&ledgers, &mut diags, "people.csv could not be read")
        }
    };
    report(ctx, diags, &summary)
}

/// Without rules or roster, the ledgers can still be read for form.
fn form_only(ledgers: &[PathBuf], diags: &mut Vec<Diagnostic>, why: &str) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut rows = 0;
    for path in ledgers {
        let s = ledger::read_file(path, |r| {
            if let Err(d) = r {
                diags.extend(d);
            }
        });
        rows += s.rows;
    }
    format!(
        "{why}, so the {} in {} were checked for form only",
        plural(rows, "row"),
        plural(ledgers.len(), "ledger file")
    )
}

/// Print the findings and the summary; fail when there are errors.
fn report(ctx: &mut Ctx, mut diags: Vec<Diagnostic>, summary: &str) -> Result {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    decorate(&mut diags);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let summary = if errors == 0 {
        format!("ok: {summary}; {}", plural(warnings, "warning"))
    } else {
        format!(
            "{}, {} ({summary})",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    match ctx.format {
        Format::Json => write_json(&mut ctx.out, &diags)?,
        Format::Csv | Format::Md => {
            let mut t = findings(&diags);
            if ctx.format == Format::Md {
                t.title = Some("points check".into());
                t.notes.push(summary);
            }
            ctx.table(&t)?;
        }
        Format::Table => {
            for d in &diags {
                write!(ctx.out, "{d}")?;
            }
            writeln!(ctx.out, "{summary}")?;
        }
    }
    if errors > 0 {
        ctx.out.flush()?;
        return Err(Fail::Shown(String::new()));
    }
    Ok(())
}

/// The findings as a table (csv, md): the keys of the JSON output.
fn findings(diags: &[Diagnostic]) -> Table {
    let mut t = Table::new(
        ["severity", "path", "line", "message", "expected", "fix"]
            .into_iter()
            .map(|k| Column::new(k, k))
            .collect(),
    );
    for d in diags {
        t.push(vec![
            Value::text(d.severity.as_str()),
            Value::text(d.path.display().to_string()),
            Value::Int(i64::try_from(d.line).unwrap_or(i64::MAX)),
            Value::text(d.message.as_str()),
            Value::opt_text(d.expected.as_deref()),
            Value::opt_text(d.fix.as_deref()),
        ]);
    }
    t
}

fn write_json(out: &mut dyn Write, diags: &[Diagnostic]) -> Result {
    let items: Vec<String> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity.as_str(),
                "path": d.path.display().to_string(),
                "line": d.line,
                "message": d.message,
                "expected": d.expected,
                "fix": d.fix,
            })
            .to_string()
        })
        .collect();
    crate::render::write_json_array(out, &items)?;
    Ok(())
}
