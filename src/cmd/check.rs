//! `points check`: every rule of the SPEC on rules, roster and ledgers. The
//! findings are its output (stdout); the exit code says whether there were errors.

use crate::book::diag::{decorate, Diagnostic, LineCursor};
use crate::book::{ledger, Book, Unchecked};
use crate::cmd::{Ctx, Fail, Result};
use crate::compute::exchange::Commits;
use crate::compute::scan::{self, Mode};
use crate::render::{Column, Format, Table, Value};
use crate::tr;
use std::io::Write;
use std::path::PathBuf;

// Help texts: `help.check.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(ctx: &mut Ctx, _args: Args) -> Result {
    ctx.open_book()?;
    let (loaded, mut diags) = Book::load_for_check(&ctx.book_dir);
    let mut out = Findings::new(ctx.format);
    let summary = match loaded {
        Ok(book) => {
            let mut commits = Commits::default();
            let mut outcome = scan::scan(&book, Mode::Check, &mut |e: &scan::Entry<'_>| {
                commits.entry(&book, e)
            });
            // Warnings about the rules (household deeds no account can spend).
            diags.splice(0..0, book.rules.warnings.iter().cloned());
            decorate(&mut diags);
            for d in diags {
                out.emit(ctx, d)?;
            }
            // The scan's findings in three sorted runs, merged by file and line
            // (at one line: problems, then double entries, then balances),
            // and shown one by one: a big book may hold very many.
            let order = |path: &std::path::Path| {
                book.ledgers
                    .iter()
                    .position(|l| l == path)
                    .unwrap_or(usize::MAX)
            };
            let key = |d: &Diagnostic| (order(&d.path), d.line);
            // Points that expire (SPEC §10): the balances of the warnings
            // about redemptions beyond them count only unexpired points.
            if let Some(rule) = book.rules.exchange.expire {
                outcome.late = crate::compute::expire::overdrawn(&book, rule);
            }
            // Rounds possibly committed on two clones join the late warnings.
            if !commits.warnings.is_empty() {
                outcome.late.append(&mut commits.warnings);
                outcome.late.sort_by_key(key);
            }
            let mut diags = outcome.diagnostics.into_iter().peekable();
            let mut repeats = outcome.doubles;
            let mut doubles = (&mut repeats).peekable();
            let mut late = outcome.late.into_iter().peekable();
            let mut cursor = LineCursor::default();
            loop {
                let kd = diags.peek().map(|d| (key(d), 0));
                let kx = doubles
                    .peek()
                    .map(|x| ((x.at.0 as usize, x.at.1 as usize), 1));
                let kl = late.peek().map(|d| (key(d), 2));
                let next = [kd, kx, kl].into_iter().flatten().min();
                let d = match next.map(|(_, phase)| phase) {
                    Some(0) => diags.next(),
                    Some(1) => doubles.next().map(|x| scan::double_diagnostic(&x, &book)),
                    Some(_) => late.next(),
                    None => None,
                };
                let Some(mut d) = d else { break };
                // The line's text: shown in a table, and where the column is found.
                cursor.fill(&mut d);
                out.emit(ctx, d)?;
            }
            drop(doubles);
            if let Some(e) = repeats.failure() {
                out.emit(ctx, scan::spill_diagnostic(&e))?;
            }
            let rows = tr!(check.count.rows, n = outcome.rows);
            let files = tr!(check.count.files, n = book.ledgers.len());
            let people = tr!(check.count.people, n = book.roster.len());
            let items = tr!(check.count.items, n = book.rules.items.len());
            match book.roster.skipped.len() {
                0 => tr!(
                    check.summary,
                    rows = rows,
                    files = files,
                    people = people,
                    items = items
                ),
                n => tr!(
                    check.summary_skipped,
                    rows = rows,
                    files = files,
                    people = people,
                    items = items,
                    skipped = tr!(check.count.people, n = n)
                ),
            }
        }
        Err(unchecked) => {
            let summary = match unchecked {
                Unchecked::NoBook => tr!(check.summary_no_book),
                Unchecked::Rules(ledgers) => {
                    let (rows, files) = form_only(&ledgers, &mut diags);
                    tr!(check.summary_no_rules, rows = rows, files = files)
                }
                Unchecked::Roster(ledgers) => {
                    let (rows, files) = form_only(&ledgers, &mut diags);
                    tr!(check.summary_no_roster, rows = rows, files = files)
                }
            };
            decorate(&mut diags);
            for d in diags {
                out.emit(ctx, d)?;
            }
            summary
        }
    };
    out.finish(ctx, &summary)
}

/// Without rules or roster, the ledgers can still be read for form: the
/// rows and the files read, counted in words.
fn form_only(ledgers: &[PathBuf], diags: &mut Vec<Diagnostic>) -> (String, String) {
    let mut rows = 0;
    for path in ledgers {
        let s = ledger::read_file(path, |r| {
            if let Err(d) = r {
                diags.extend(d);
            }
        });
        rows += s.rows;
    }
    (
        tr!(check.count.rows, n = rows),
        tr!(check.count.files, n = ledgers.len()),
    )
}

/// Writes findings as they come, counting them, then the summary; fails
/// when there were errors.
struct Findings {
    format: Format,
    errors: usize,
    warnings: usize,
    /// csv and md: the rows, written at the end as one table.
    table: Table,
}

impl Findings {
    fn new(format: Format) -> Findings {
        Findings {
            format,
            errors: 0,
            warnings: 0,
            table: findings(&[]),
        }
    }

    fn emit(&mut self, ctx: &mut Ctx, d: Diagnostic) -> Result {
        let first = self.errors + self.warnings == 0;
        if d.is_error() {
            self.errors += 1;
        } else {
            self.warnings += 1;
        }
        match self.format {
            Format::Table => write!(ctx.out, "{d}")?,
            Format::Json => {
                let sep = if first { "[\n  " } else { ",\n  " };
                write!(ctx.out, "{sep}{}", json_item(&d))?;
            }
            Format::Csv | Format::Md | Format::Xlsx => self
                .table
                .rows
                .extend(findings(std::slice::from_ref(&d)).rows),
        }
        Ok(())
    }

    fn finish(mut self, ctx: &mut Ctx, summary: &str) -> Result {
        let warnings = tr!(check.count.warnings, n = self.warnings);
        let summary = if self.errors == 0 {
            tr!(check.ok, summary = summary, warnings = warnings)
        } else {
            let errors = tr!(check.count.errors, n = self.errors);
            tr!(
                check.failed,
                errors = errors,
                warnings = warnings,
                summary = summary
            )
        };
        match self.format {
            Format::Json => {
                if self.errors + self.warnings == 0 {
                    writeln!(ctx.out, "[]")?;
                } else {
                    writeln!(ctx.out, "\n]")?;
                }
            }
            Format::Csv | Format::Md | Format::Xlsx => {
                if matches!(self.format, Format::Md | Format::Xlsx) {
                    self.table.title = Some(tr!(check.title));
                    self.table.notes.push(summary);
                }
                ctx.table(&self.table)?;
            }
            Format::Table => writeln!(ctx.out, "{summary}")?,
        }
        if self.errors > 0 {
            ctx.out.flush()?;
            return Err(Fail::Shown(String::new()));
        }
        Ok(())
    }
}

/// The findings as a table: the keys of the JSON output, and the columns of
/// csv and md. `column` is where the caret goes (null where unknown).
fn findings(diags: &[Diagnostic]) -> Table {
    let mut t = Table::new(vec![
        Column::new("path", tr!(check.col.path)),
        Column::new("line", tr!(check.col.line)),
        Column::new("column", tr!(check.col.column)),
        Column::new("level", tr!(check.col.level)),
        Column::new("message", tr!(check.col.message)),
        Column::new("expected", tr!(check.col.expected)),
        Column::new("fix", tr!(check.col.fix)),
    ]);
    let int = |n: usize| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
    for d in diags {
        t.push(vec![
            Value::text(d.path.display().to_string()),
            int(d.line),
            d.column_number().map_or(Value::Null, int),
            Value::term(d.severity.as_str(), d.severity.label()),
            Value::text(d.message.as_str()),
            Value::opt_text(d.expected.as_deref()),
            Value::opt_text(d.fix.as_deref()),
        ]);
    }
    t
}

fn json_item(d: &Diagnostic) -> String {
    findings(std::slice::from_ref(d)).json_objects().concat()
}
