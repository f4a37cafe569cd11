//! `points audit`: the book's history, checked (SPEC §8). Walks the current
//! branch's commits that touched the book (`history::audit`) and says where
//! a committed row was changed or removed, a ledger removed or renamed, the
//! rules changed (and where a change rewrites committed points), a person
//! removed or renumbered, a row committed late, and whether the files have
//! uncommitted changes. Exit 1 on any error. `--entry ID`: the commit that
//! added an entry.

use crate::book::{list_ledgers, Rules, RULES_FILE};
use crate::cmd::{Ctx, Fail, Result};
use crate::history::audit::{self, Commit, Finding, Level, What};
use crate::history::{Error, Repo};
use crate::render::{Column, Format, Table, Value};
use crate::{i18n, tr};
use std::io::Write;

// Help texts: `help.audit.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    #[arg(long, value_name = "ID")]
    pub entry: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    ctx.open_book()?;
    let root = ctx.book_dir.clone();
    let repo = Repo::open(&root).map_err(|e| fail(e, &root))?;
    if let Some(id) = &args.entry {
        let origin = audit::entry(&repo, id.trim()).map_err(|e| fail(e, &root))?;
        let row = Row {
            commit: Some(origin.commit.clone()),
            level: Level::Info,
            what: "entry-added",
            path: Some(origin.path.clone()),
            line: Some(origin.line),
            message: tr!(
                audit.entry_added,
                id = origin.id,
                commit = origin.commit.short(),
                time = origin.commit.time.format("%Y-%m-%d %H:%M:%S %:z"),
                author = origin.commit.author,
                by = origin.by
            ),
        };
        return show(ctx, &[row], None);
    }
    let rules = Rules::load(&root.join(RULES_FILE)).map_err(Fail::problems)?;
    let opts = audit::Options {
        since: args.since.clone(),
        max_late_days: rules.max_late_days,
    };
    let found = audit::audit(&repo, &opts).map_err(|e| fail(e, &root))?;
    let mut rows: Vec<Row> = found
        .findings
        .iter()
        .map(|f| row(f, opts.max_late_days))
        .collect();
    let dirty = list_ledgers(&root)
        .ok()
        .and_then(|l| crate::provenance::of_book(&root, &l).ok())
        .is_some_and(|p| p.dirty());
    if dirty {
        rows.push(Row {
            commit: None,
            level: Level::Note,
            what: "uncommitted",
            path: None,
            line: None,
            message: tr!(audit.uncommitted),
        });
    }
    let errors = rows.iter().filter(|r| r.level == Level::Error).count();
    let warnings = rows.iter().filter(|r| r.level == Level::Warning).count();
    let counts = (
        tr!(audit.count.commits, n = found.commits),
        tr!(check.count.errors, n = errors),
        tr!(check.count.warnings, n = warnings),
    );
    let (commit, date) = (found.head.short(), i18n::date(found.head.date()));
    let summary = if errors == 0 {
        tr!(
            audit.ok,
            commits = counts.0,
            commit = commit,
            date = date,
            warnings = counts.2
        )
    } else {
        tr!(
            audit.failed,
            commits = counts.0,
            commit = commit,
            date = date,
            errors = counts.1,
            warnings = counts.2
        )
    };
    show(ctx, &rows, Some(summary))?;
    if errors > 0 {
        ctx.out.flush()?;
        return Err(Fail::Shown(String::new()));
    }
    Ok(())
}

/// One line of the audit, as every format shows it.
struct Row {
    commit: Option<Commit>,
    level: Level,
    what: &'static str,
    path: Option<String>,
    line: Option<usize>,
    message: String,
}

fn row(f: &Finding, max: i64) -> Row {
    let quote =
        |v: &[String]| i18n::list_plain(&v.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>());
    let message = match &f.what {
        What::RowChanged { before, after } => {
            tr!(audit.row_changed, before = before, after = after)
        }
        What::RowRemoved { before } => tr!(audit.row_removed, before = before),
        What::LedgerRemoved => tr!(audit.ledger_removed),
        What::LedgerRenamed { to } => tr!(audit.ledger_renamed, to = to),
        What::RulesChanged { removed, added } => match (removed.is_empty(), added.is_empty()) {
            (true, _) => tr!(audit.rules_added, added = quote(added)),
            (false, true) => tr!(audit.rules_removed, removed = quote(removed)),
            (false, false) => tr!(
                audit.rules_changed,
                removed = quote(removed),
                added = quote(added)
            ),
        },
        What::RulesAlterRows { rows, count } => tr!(
            audit.rules_alter_rows,
            n = count,
            rows = i18n::list_plain(rows)
        ),
        What::PersonRemoved { id } => tr!(audit.person_removed, id = id),
        What::PersonIdChanged { from, to } => tr!(audit.person_id_changed, from = from, to = to),
        What::Late { id, date, days } => tr!(
            audit.late,
            id = id,
            date = i18n::date(*date),
            days = days,
            max = max
        ),
        What::Approved {
            id,
            target,
            by,
            date,
        } => tr!(
            approval.audit.approved,
            id = id,
            target = target,
            by = by,
            date = i18n::date(*date)
        ),
    };
    Row {
        commit: Some(f.commit.clone()),
        level: f.what.level(),
        what: f.what.key(),
        path: Some(f.path.clone()),
        line: f.line,
        message,
    }
}

fn level_label(l: Level) -> String {
    match l {
        Level::Error => tr!(audit.level.error),
        Level::Warning => tr!(audit.level.warning),
        Level::Info => tr!(audit.level.info),
        Level::Note => tr!(audit.level.note),
    }
}

/// Table: a line per finding, then the summary (its last line names the
/// commit audited up to). Other formats: the rows under the JSON keys.
fn show(ctx: &mut Ctx, rows: &[Row], summary: Option<String>) -> Result {
    if ctx.format == Format::Table {
        for r in rows {
            let place = match (&r.path, r.line) {
                (Some(p), Some(l)) => format!("{p}:{l}"),
                (Some(p), None) => p.clone(),
                (None, _) => String::new(),
            };
            let level = level_label(r.level);
            let line = match &r.commit {
                Some(c) => tr!(
                    audit.line,
                    commit = c.short(),
                    date = c.date(),
                    author = c.author,
                    place = place,
                    level = level,
                    message = r.message
                ),
                None => tr!(audit.line_worktree, level = level, message = r.message),
            };
            writeln!(ctx.out, "{line}")?;
        }
        if let Some(s) = summary {
            writeln!(ctx.out, "{s}")?;
        }
        return Ok(());
    }
    let mut t = Table::new(vec![
        Column::new("commit", tr!(audit.col.commit)),
        Column::new("author", tr!(audit.col.author)),
        Column::new("date", tr!(audit.col.date)),
        Column::new("level", tr!(audit.col.level)),
        Column::machine("what"),
        Column::new("path", tr!(audit.col.path)),
        Column::new("line", tr!(audit.col.line)),
        Column::new("message", tr!(audit.col.message)),
    ]);
    let machine = matches!(ctx.format, Format::Json | Format::Csv);
    for r in rows {
        let commit = r.commit.as_ref().map_or(Value::Null, |c| {
            Value::text(if machine { c.id.as_str() } else { c.short() })
        });
        t.push(vec![
            commit,
            r.commit
                .as_ref()
                .map_or(Value::Null, |c| Value::text(c.author.as_str())),
            r.commit
                .as_ref()
                .map_or(Value::Null, |c| Value::Date(c.date())),
            Value::term(r.level.as_str(), level_label(r.level)),
            Value::text(r.what),
            Value::opt_text(r.path.as_deref()),
            r.line.map_or(Value::Null, |l| {
                Value::Int(i64::try_from(l).unwrap_or(i64::MAX))
            }),
            Value::text(r.message.as_str()),
        ]);
    }
    if matches!(ctx.format, Format::Md | Format::Xlsx) {
        t.title = Some(tr!(audit.title));
        t.notes.extend(summary);
    }
    ctx.table(&t)
}

/// Why the history cannot be audited, in words.
fn fail(e: Error, root: &std::path::Path) -> Fail {
    let path = crate::book::as_dir(root).display().to_string();
    Fail::Refused(match e {
        Error::Outside => tr!(audit.outside, path = path),
        Error::Unborn => tr!(audit.unborn, path = path),
        Error::UnknownRev(rev) => tr!(audit.unknown_rev, rev = rev),
        Error::NoEntry(id) => tr!(audit.no_entry, id = id),
        Error::AmbiguousEntry(id, ids) => {
            tr!(audit.ambiguous_entry, id = id, ids = i18n::list_plain(&ids))
        }
        Error::Git(message) => tr!(provenance.cannot_read_git, path = path, reason = message),
    })
}
