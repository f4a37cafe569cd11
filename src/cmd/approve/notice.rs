//! `points approve --notice FILE` (SPEC §11): approve the rows a notice of
//! `points notice pending` listed, once its 公示期 has ended.
//!
//! Refused as a whole, saying why, when the file is not a notice of pending
//! rows, when it does not verify (`verify::verify_file`: made again at its
//! commit it differs, the history behind it changed, it was made from
//! uncommitted files) or when today (`POINTS_TODAY`) is not yet after the
//! last day of its 公示期. The rows it listed are worked out again from its
//! recorded arguments at its commit (`points pending PERIOD --at COMMIT`,
//! the same rows the notice shows); those voided since (an objection
//! upheld) or already approved are skipped and listed, and every other one
//! gets its `approve` row through the write of `approve ID…`: one journaled
//! write under the book's lock, all or nothing.

use crate::book::as_dir;
use crate::cmd::write::{say, WriteArgs};
use crate::cmd::{notice, today, verify, Ctx, Fail, Result};
use crate::render::Format;
use crate::{i18n, tr, Command};
use chrono::NaiveDate;
use std::io::Write as _;
use std::path::Path;

pub fn run(ctx: &mut Ctx, file: &Path, write: &WriteArgs) -> Result {
    let path = file.display().to_string();
    let today = today()?;
    let v = verify::verify_file(ctx, file)
        .map_err(|e| Fail::Refused(tr!(approval.notice.cannot, reason = e)))?;
    let Some(period) = pending_period(&v.provenance.argv) else {
        return Err(Fail::Refused(tr!(approval.notice.not_pending, path = path)));
    };
    if !v.matches || v.history_changed {
        let list: String = v.differences.iter().map(|d| format!("\n  - {d}")).collect();
        let text = tr!(approval.notice.not_verified, path = path, list = list);
        return Err(Fail::Shown(format!(
            "{}\n",
            tr!(common.error_line, message = text)
        )));
    }
    // Verified, so the page's 公示期 is the one the book gives.
    let until = posted_until(file)
        .ok_or_else(|| Fail::Refused(tr!(approval.notice.not_pending, path = path)))?;
    if today <= until {
        let from = until.succ_opt().unwrap_or(until);
        return Err(Fail::Refused(tr!(
            approval.notice.too_early,
            path = path,
            until = i18n::date(until),
            from = i18n::date(from)
        )));
    }
    let commit = v.provenance.commit.clone().unwrap_or_default();
    let ids = listed(ctx, &commit, &period)?;
    if ids.is_empty() {
        if ctx.format == Format::Json {
            writeln!(ctx.out, "[]")?;
        }
        let mut notes = Vec::new();
        say(
            ctx.format,
            Some(tr!(approval.notice.empty, path = path)),
            &mut notes,
        );
        for n in notes {
            writeln!(ctx.out, "{n}")?;
        }
        return Ok(());
    }
    let mut skipped = Vec::new();
    let table = super::approve(ctx, &ids, write, Some(&mut skipped))?;
    let skipped_words = (!skipped.is_empty()).then(|| {
        let list: String = skipped.iter().map(|s| format!("\n  - {s}")).collect();
        tr!(approval.notice.skipped, n = skipped.len(), list = list)
    });
    match table {
        Some(mut t) => {
            say(ctx.format, skipped_words, &mut t.notes);
            ctx.table(&t)
        }
        None => {
            if ctx.format == Format::Json {
                writeln!(ctx.out, "[]")?;
            }
            let mut notes = Vec::new();
            say(ctx.format, skipped_words, &mut notes);
            say(
                ctx.format,
                Some(tr!(approval.notice.none_left, path = path)),
                &mut notes,
            );
            for n in notes {
                writeln!(ctx.out, "{n}")?;
            }
            Ok(())
        }
    }
}

/// The PERIOD of a recorded `notice pending` command (`all` when not
/// given); `None` for any other command.
fn pending_period(argv: &[String]) -> Option<String> {
    use clap::Parser;
    let cli = crate::Cli::try_parse_from(
        std::iter::once("points".to_string()).chain(argv.iter().cloned()),
    )
    .ok()?;
    match cli.command {
        Command::Notice(notice::Args {
            what: notice::What::Pending(a),
        }) => Some(a.period.unwrap_or_else(|| "all".into())),
        _ => None,
    }
}

/// The last day of the 公示期 of a page: its `<meta name="points-notice"
/// content="issued=… until=…">`.
fn posted_until(file: &Path) -> Option<NaiveDate> {
    let text = std::fs::read_to_string(file).ok()?;
    let meta = text
        .lines()
        .find(|l| l.starts_with("<meta name=\"points-notice\""))?;
    let at = meta.find("until=")? + "until=".len();
    let day = meta.get(at..at + 10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// The ids of the rows pending in `period` at `commit`: what the notice
/// listed, worked out again by `points pending` on the book as committed.
fn listed(ctx: &Ctx, commit: &str, period: &str) -> Result<Vec<String>> {
    let exe = std::env::current_exe().map_err(Fail::Io)?;
    let made = std::process::Command::new(exe)
        .args(["--at", commit, "--format", "json", "pending", period])
        .arg("--book")
        .arg(as_dir(&ctx.book_dir))
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(Fail::Io)?;
    let short = &commit[..7.min(commit.len())];
    let failed = |reason: String| {
        Fail::Refused(tr!(
            approval.notice.rows_failed,
            commit = short,
            reason = reason
        ))
    };
    if !made.status.success() {
        let stderr = String::from_utf8_lossy(&made.stderr);
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(failed(first.trim().to_string()));
    }
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&made.stdout).map_err(|e| failed(e.to_string()))?;
    Ok(rows
        .iter()
        .filter_map(|r| r.get("id").and_then(|i| i.as_str()).map(str::to_string))
        .collect())
}
