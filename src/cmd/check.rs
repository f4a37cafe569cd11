//! `points check`: every rule of the SPEC on rules, roster and ledgers. The
//! findings are its output (stdout); the exit code says whether there were errors.

use crate::book::diag::{decorate, Diagnostic};
use crate::book::Book;
use crate::cmd::{Ctx, Fail, Result};
use crate::compute::scan::{self, Mode};
use crate::render::Format;
use std::io::Write;

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
    let (mut diags, summary) = match Book::load(&ctx.book_dir) {
        Err(d) => (d, None),
        Ok(book) => {
            let outcome = scan::scan(&book, Mode::Check, &mut |_: &scan::Entry<'_>| {});
            let s = format!(
                "{} rows in {} ledger file{}, {} people, {} items",
                outcome.rows,
                book.ledgers.len(),
                if book.ledgers.len() == 1 { "" } else { "s" },
                book.roster.len(),
                book.rules.items.len()
            );
            (outcome.diagnostics, Some(s))
        }
    };
    decorate(&mut diags);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    match ctx.format {
        Format::Json => write_json(&mut ctx.out, &diags)?,
        _ => {
            for d in &diags {
                write!(ctx.out, "{d}")?;
            }
            let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
            let what = summary.unwrap_or_else(|| "the book could not be read".into());
            if errors == 0 {
                writeln!(ctx.out, "ok: {what}; {}", plural(warnings, "warning"))?;
            } else {
                writeln!(
                    ctx.out,
                    "{}, {} ({what})",
                    plural(errors, "error"),
                    plural(warnings, "warning")
                )?;
            }
        }
    }
    if errors > 0 {
        ctx.out.flush()?;
        return Err(Fail::Shown(String::new()));
    }
    Ok(())
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
