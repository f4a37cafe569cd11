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
use std::thread::JoinHandle;

/// The name of a command that writes to the book, `None` for one that only
/// reads it (or does not read it at all).
pub fn writes(command: &Command) -> Option<&'static str> {
    match command {
        Command::Init(_) => Some("init"),
        Command::Add(_) => Some("add"),
        Command::Void(_) => Some("void"),
        Command::Approve(_) => Some("approve"),
        Command::Redeem(_) => Some("redeem"),
        Command::Exchange(a) if a.commit => Some("exchange --commit"),
        Command::Import(_) => Some("import"),
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
                | Command::Pending(_)
        )
}

/// Whether the lines are to be worked out beside the command (`status`
/// works them out itself, with its rows).
pub fn wanted(command: &Command, format: Format) -> bool {
    // A notice carries the lines in its own page (SPEC §9).
    if matches!(command, Command::Notice(_)) {
        return true;
    }
    stamped(command)
        && !matches!(command, Command::Status(_))
        && matches!(format, Format::Table | Format::Md | Format::Xlsx)
}

/// The provenance worked out on a thread of its own while the command
/// reads the book (hashing the files takes about as long as one more read
/// of them): started once the book is locked, so that the files it hashes
/// are the ones the command reads.
#[derive(Default)]
pub struct Pending(Option<JoinHandle<std::result::Result<Provenance, String>>>);

/// Start working out the provenance, where it is wanted and not started.
pub fn start(ctx: &mut Ctx) {
    let Some(pending) = ctx.pending.as_mut() else {
        return;
    };
    if pending.0.is_some() {
        return;
    }
    let root = ctx.book_dir.clone();
    pending.0 = Some(std::thread::spawn(move || {
        let ledgers = crate::book::list_ledgers(&root).map_err(|d| d.to_string())?;
        provenance::of_files(&root, &ledgers, false).map_err(|e| e.to_string())
    }));
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

/// The book's provenance, worked out once per command; with `rows`, its
/// ledger rows counted too (for `status`: the lines do not show them).
pub fn provenance(ctx: &mut Ctx, rows: bool) -> Result<Provenance> {
    if let Some(p) = &ctx.provenance {
        return Ok(p.clone());
    }
    if let Some(handle) = ctx.pending.take().and_then(|p| p.0) {
        let p = handle
            .join()
            .unwrap_or_else(|_| Err(tr!(cmd.prov.failed)))
            .map_err(Fail::Refused)?;
        ctx.provenance = Some(p.clone());
        return Ok(p);
    }
    let ledgers = crate::book::list_ledgers(&ctx.book_dir).map_err(|d| Fail::problems(vec![d]))?;
    let p = provenance::of_files(&ctx.book_dir, &ledgers, rows)
        .map_err(|e| Fail::Refused(e.to_string()))?;
    ctx.provenance = Some(p.clone());
    Ok(p)
}

/// End the output with the provenance lines (xlsx: in each sheet's
/// provenance row, the two lines in one cell).
pub fn finish(ctx: &mut Ctx) -> Result {
    if matches!(ctx.format, Format::Json | Format::Csv) {
        return Ok(());
    }
    let p = provenance(ctx, false)?;
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
