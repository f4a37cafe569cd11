//! `points void ID --reason T`: cancel one earlier entry with a void row.

use crate::cmd::write::{refuse, WriteArgs, Writing, Written};
use crate::cmd::{today, Ctx, Result};
use crate::compute::record::{Look, Match, Note, Problem};
use crate::model::{id, Kind, Points};
use chrono::Datelike;

// Help texts: `help.void.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub id: String,
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub reason: String,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// The entry a prefix names, or why none.
fn target(
    prefix: &str,
    exact: Option<Match>,
    matches: Vec<Match>,
    more: usize,
    book: &crate::book::Book,
) -> std::result::Result<Match, Problem> {
    let m = match (exact, matches.len()) {
        (Some(m), _) => m,
        (None, 0) => {
            return Err(Problem::UnknownEntry {
                prefix: prefix.to_string(),
            })
        }
        (None, 1) if more == 0 => matches.into_iter().next().ok_or(Problem::UnknownEntry {
            prefix: prefix.to_string(),
        })?,
        (None, _) => {
            return Err(Problem::AmbiguousEntry {
                prefix: prefix.to_string(),
                candidates: matches
                    .iter()
                    .map(|m| {
                        format!(
                            "{}  {}  {}  {}  {}  {}",
                            m.id, m.date, book.roster.people[m.person].id, m.kind, m.item, m.points
                        )
                    })
                    .collect(),
                more,
            })
        }
    };
    if m.kind == Kind::Void {
        return Err(Problem::VoidOfVoid { id: m.id });
    }
    if let Some(by) = m.voided_by {
        return Err(Problem::AlreadyVoided { id: m.id, by });
    }
    Ok(m)
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let today = today()?;
    let mut book = ctx.load()?;
    let mut problems = Vec::new();
    let prefix = args.id.trim().to_string();
    if !id::is_valid(&prefix) {
        problems.push(Problem::BadEntryId {
            text: args.id.clone(),
        });
    }
    let reason = args.reason.trim().to_string();
    if reason.is_empty() {
        problems.push(Problem::Empty {
            what: "--reason (say why the entry is voided)",
            example: "--reason \"记错了人\"",
        });
    }
    let date = args.write.date(today, &mut problems);
    let (by, ledger) = args.write.target.resolve(&book.root, &mut problems);
    let (Some(date), Some(by), true) = (date, by, problems.is_empty()) else {
        return Err(refuse(problems));
    };

    let writing = Writing::start(&mut book, ledger, date.year(), args.write.dry_run)?;
    let look = Look {
        prefix: Some(&prefix),
        ..Look::default()
    };
    let (facts, ids) = writing.look(&book, look, 1)?;
    let t = target(
        &prefix,
        facts.exact,
        facts.matches,
        facts.more_matches,
        &book,
    )
    .map_err(|p| refuse(vec![p]))?;
    // A void must come after its entry in ledger order.
    let entry_file = book.ledgers.get(t.file).cloned().unwrap_or_default();
    if writing.target.file_name() < entry_file.file_name() {
        return Err(refuse(vec![Problem::VoidBeforeEntry {
            id: t.id,
            entry_file: entry_file
                .strip_prefix(&book.root)
                .unwrap_or(&entry_file)
                .display()
                .to_string(),
            ledger: writing.shown(&book),
        }]));
    }
    let points = t.points.checked_neg().unwrap_or(Points::ZERO);
    let rows = vec![Written {
        id: ids.into_iter().next().unwrap_or_default(),
        date,
        person: t.person,
        kind: Kind::Void,
        item: t.item.clone(),
        qty: t.qty,
        points,
        by,
        reference: t.id.clone(),
        note: reason,
    }];
    let mut table = writing.commit(&book, &rows, &facts.balances)?;
    table.notes.push(
        Note::Voids {
            id: t.id.clone(),
            kind: t.kind,
            item: t.item.clone(),
            person: crate::compute::record::who(&book, t.person),
            date: t.date,
            points: t.points,
        }
        .to_string(),
    );
    ctx.table(&table)
}
