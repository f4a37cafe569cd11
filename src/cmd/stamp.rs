//! What ties an output to the book it came from (SPEC §8, §12 "Provenance,
//! exactly"): `--at REV` (the reading commands read the book as committed
//! at REV; the writing commands refuse it), and the provenance lines at the
//! end of every table, md and xlsx output of a reading command — the line
//! a person reads, then the fixed `points-provenance:` line. JSON and CSV
//! keep their shape. The provenance is worked out once per command, after
//! it has read the book (under its read lock).

use crate::book::source;
use crate::cmd::{Ctx, Fail, Result};
use crate::provenance::{self, Provenance};
use crate::render::Format;
use crate::{tr, Command};
use std::io::Write;

/// The name of a command that writes to the book, `None` for one that only
/// reads it (or does not read it at all).
pub fn writes(command: &Command) -> Option<&'static str> {
    match command {
        Command::Init(_) => Some("init"),
        Command::Add(_) => Some("add"),
        Command::Void(_) => Some("void"),
        Command::Redeem(_) => Some("redeem"),
        Command::Exchange(a) if a.commit => Some("exchange --commit"),
        _ => None,
    }
}

/// Whether the command's table, md and xlsx outputs end with the provenance
/// lines: the commands that read the book and show what they found.
pub fn stamped(command: &Command) -> bool {
    writes(command).is_none()
        && matches!(
            command,
            Command::Balance(_)
                | Command::Report(_)
                | Command::Show(_)
                | Command::Evaluate(_)
                | Command::Exchange(_)
                | Command::Check(_)
                | Command::Status(_)
        )
}

/// `--at REV`: refuse it for a writing command, else read the book as
/// committed at REV from now on.
pub fn at(ctx: &Ctx, rev: &str, command: &Command) -> Result {
    if let Some(name) = writes(command) {
        return Err(Fail::Usage(tr!(at.writes, command = name)));
    }
    let snapshot = crate::snapshot::load(&ctx.book_dir, rev).map_err(|e| match e {
        crate::snapshot::Error::Git { .. } => Fail::Refused(e.to_string()),
        _ => Fail::Usage(e.to_string()),
    })?;
    source::set(snapshot);
    Ok(())
}

/// The book's provenance, worked out once per command.
pub fn provenance(ctx: &mut Ctx) -> Result<Provenance> {
    if let Some(p) = &ctx.provenance {
        return Ok(p.clone());
    }
    let ledgers = crate::book::list_ledgers(&ctx.book_dir).map_err(|d| Fail::problems(vec![d]))?;
    let p =
        provenance::of_book(&ctx.book_dir, &ledgers).map_err(|e| Fail::Refused(e.to_string()))?;
    ctx.provenance = Some(p.clone());
    Ok(p)
}

/// End the output with the provenance lines (xlsx: in each sheet's
/// provenance row, the two lines in one cell).
pub fn finish(ctx: &mut Ctx) -> Result {
    let p = provenance(ctx)?;
    let (words, line) = (p.words(), p.line(&provenance::argv()));
    match ctx.format {
        Format::Table => write!(ctx.out, "{words}\n{line}\n")?,
        // A blank line ends the table before them; two spaces end a line.
        Format::Md => write!(ctx.out, "\n{words}  \n{line}\n")?,
        Format::Xlsx => {
            ctx.workbook.get_or_insert_default().provenance = Some(format!("{words}\n{line}"));
        }
        Format::Json | Format::Csv => {}
    }
    Ok(())
}
