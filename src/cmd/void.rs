//! `points void ID --reason T`: cancel one earlier entry with a void row.

use crate::book::append::AppendError;
use crate::book::{ledger, Book};
use crate::cmd::write::{refuse, WriteArgs, Writing, Written};
use crate::cmd::{today, Ctx, Fail, Result};
use crate::compute::placement;
use crate::compute::record::{self, Facts, Look, Match, Note, Problem, Unresolved};
use crate::model::{id, Kind, Points};
use crate::tr;
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

/// The entry a prefix names, or why none. In a book with errors, a prefix
/// that names no entry may name a row that cannot be read.
fn target(
    prefix: &str,
    facts: Facts,
    book: &Book,
    has_errors: bool,
) -> std::result::Result<Match, Problem> {
    let Facts {
        exact,
        exact_again,
        matches,
        more_matches: more,
        ..
    } = facts;
    let m = match (exact, matches.len()) {
        (Some(m), _) if !exact_again.is_empty() => {
            let places = std::iter::once(&m)
                .chain(&exact_again)
                .map(|m| format!("{}:{}", shown(book, m.file), m.line))
                .collect();
            return Err(Problem::DuplicateEntryId { id: m.id, places });
        }
        (Some(m), _) => m,
        (None, 0) if has_errors => return Err(unreadable(prefix, book)),
        (None, 0) => {
            return Err(Problem::UnknownEntry {
                prefix: prefix.to_string(),
            })
        }
        (None, 1) if more == 0 => {
            let m = matches.into_iter().next().ok_or(Problem::UnknownEntry {
                prefix: prefix.to_string(),
            })?;
            // Rows with errors are no entries, but the prefix must not
            // silently pick this entry where the user may mean one of them.
            let others: Vec<(String, String)> = if has_errors {
                rows_with_prefix(prefix, book)
                    .into_iter()
                    .filter(|(id, _)| *id != m.id)
                    .collect()
            } else {
                Vec::new()
            };
            if !others.is_empty() {
                let mut candidates = vec![candidate(&m, book)];
                candidates.extend(
                    others
                        .iter()
                        .map(|(id, at)| tr!(record.candidate_broken, id = id, at = at)),
                );
                return Err(Problem::AmbiguousEntry {
                    prefix: prefix.to_string(),
                    candidates,
                    more: 0,
                });
            }
            m
        }
        (None, _) => {
            return Err(Problem::AmbiguousEntry {
                prefix: prefix.to_string(),
                candidates: matches.iter().map(|m| candidate(m, book)).collect(),
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

/// Why a prefix names no entry of a book with errors. The scan leaves out
/// rows whose person or item the book does not know, and rows whose fields
/// cannot be read: read the ledgers once more (only on this refusal) to
/// name such a row, if the prefix names one. Neither can be voided: a void
/// copies its entry's person, item, qty and points, and `check` could not
/// match it with its entry.
fn unreadable(prefix: &str, book: &Book) -> Problem {
    let mut found: Vec<(bool, Problem)> = Vec::new();
    for (file, path) in book.ledgers.iter().enumerate() {
        ledger::read_file(path, |r| {
            let Ok(row) = r else { return };
            if !row.id.starts_with(prefix) {
                return;
            }
            let rules = &book.rules;
            if row.kind == Kind::Void {
                // A void with errors of its own (it cancels nothing): still a void.
                found.push((row.id == prefix, Problem::VoidOfVoid { id: row.id.into() }));
                return;
            }
            let what = if book.roster.index(row.person).is_none() {
                Unresolved::Person(row.person.to_string())
            } else {
                let item = row.item.to_string();
                let (known, what) = match row.kind {
                    Kind::Earn | Kind::Approve => {
                        (rules.item(row.item).is_some(), Unresolved::Item(item))
                    }
                    Kind::Open => (
                        rules.category(row.item).is_some(),
                        Unresolved::Category(item),
                    ),
                    Kind::Redeem => (rules.reward(row.item).is_some(), Unresolved::Reward(item)),
                    Kind::Void => return, // taken above
                };
                if known {
                    // Readable and known, yet not handed over: the scan
                    // stopped looking at entries (sums beyond counting).
                    found.push((
                        row.id == prefix,
                        Problem::UncountedEntry {
                            id: row.id.to_string(),
                            at: format!("{}:{}", shown(book, file), row.line),
                        },
                    ));
                    return;
                }
                what
            };
            found.push((
                row.id == prefix,
                Problem::UnresolvedEntry {
                    id: row.id.to_string(),
                    at: format!("{}:{}", shown(book, file), row.line),
                    what,
                },
            ));
        });
    }
    if found.is_empty() {
        // Rows whose fields cannot be read at all, if their id can.
        for (id, at) in rows_with_prefix(prefix, book) {
            found.push((id == prefix, Problem::UnreadableEntry { id, at }));
        }
    }
    // The row whose id is the prefix, else the only one that starts with it.
    let one = match found.iter().position(|f| f.0) {
        Some(i) => Some(found.swap_remove(i).1),
        None if found.len() == 1 => found.pop().map(|f| f.1),
        None => None,
    };
    one.unwrap_or(Problem::NoReadableEntry {
        prefix: prefix.to_string(),
    })
}

/// Every row of the ledgers whose id starts with `prefix`, read as plain
/// CSV (whatever errors its other fields have): its id and "path:line".
/// Only read for a book with errors.
fn rows_with_prefix(prefix: &str, book: &Book) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (file, path) in book.ledgers.iter().enumerate() {
        let Ok(mut rdr) = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_path(path)
        else {
            continue;
        };
        let mut rec = csv::ByteRecord::new();
        while let Ok(true) = rdr.read_byte_record(&mut rec) {
            let id = rec.get(0).map(String::from_utf8_lossy).unwrap_or_default();
            if id.starts_with(prefix) {
                let line = rec.position().map_or(0, |p| p.line());
                found.push((id.into_owned(), format!("{}:{line}", shown(book, file))));
            }
        }
    }
    found
}

/// An entry as a candidate: "id  date  person  kind  item  points".
fn candidate(m: &Match, book: &Book) -> String {
    tr!(
        record.candidate_entry,
        id = m.id,
        date = m.date,
        person = if m.household {
            &book.roster.people[m.person].household
        } else {
            &book.roster.people[m.person].id
        },
        kind = record::kind_words(m.kind),
        item = record::thing_name(book, m.kind, &m.item),
        points = m.points
    )
}

/// A ledger file as the user knows it: `ledger/2026.csv`.
fn shown(book: &Book, file: usize) -> String {
    let path = book.ledgers.get(file).cloned().unwrap_or_default();
    path.strip_prefix(&book.root)
        .unwrap_or(&path)
        .display()
        .to_string()
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let today = today()?;
    let mut book = ctx.load()?;
    let mut problems = Vec::new();
    let prefix = crate::model::typed(&args.id).into_owned();
    if !id::is_valid(&prefix) {
        problems.push(Problem::BadEntryId {
            text: args.id.clone(),
        });
    }
    let reason = args.reason.trim().to_string();
    if reason.is_empty() {
        problems.push(Problem::EmptyReason);
    }
    let date = args.write.date(today, &mut problems);
    let (by, ledger) = args.write.target.resolve(&book.root, &mut problems);
    let (Some(date), Some(by), true) = (date, by, problems.is_empty()) else {
        return Err(refuse(problems));
    };

    let writing = Writing::start(ctx, &mut book, ledger, date.year(), args.write.dry_run)?;
    let look = Look {
        prefix: Some(&prefix),
        ..Look::default()
    };
    // A void is how most of `check`'s errors are fixed, so the book's errors
    // elsewhere do not stop it: only the void row itself must be right. A
    // torn last line stops it, as it stops every write, until a person has looked.
    let (mut facts, ids) = writing.look_even_with_errors(&book, look, 1)?;
    if let Some(&file) = facts.outcome.torn.first() {
        let path = book.ledgers.get(file).cloned().unwrap_or_default();
        return Err(Fail::Refused(AppendError::Torn { path }.to_string()));
    }
    let has_errors = facts.outcome.diagnostics.iter().any(|d| d.is_error());
    let balances = std::mem::take(&mut facts.balances);
    let deeds = std::mem::take(&mut facts.deeds);
    let t = target(&prefix, facts, &book, has_errors).map_err(|p| refuse(vec![p]))?;
    // A household deed's void shows the household's balance after it.
    let balances = if t.household {
        let facts = record::Facts {
            balances,
            deeds,
            ..record::Facts::default()
        };
        record::household_balances(&book, &facts, &[t.person])
    } else {
        balances
    };
    // A void must come after its entry in ledger order.
    let entry_file = book.ledgers.get(t.file).cloned().unwrap_or_default();
    if writing.target.file_name() < entry_file.file_name() {
        let before = Problem::VoidBeforeEntry {
            id: t.id,
            entry_file: shown(&book, t.file),
            ledger: writing.shown(&book),
        };
        return Err(refuse(placement::by_year(
            &book,
            ledger.is_some(),
            vec![before],
        )));
    }
    // Before later ledgers' rows, it must not free cap room they take.
    let shown_target = writing.shown(&book);
    if let Some(p) = placement::void_frees_later_room(&mut book, &t, &writing.target, &shown_target)
    {
        return Err(refuse(vec![p]));
    }
    let points = t.points.checked_neg().unwrap_or(Points::ZERO);
    let rows = vec![Written {
        id: ids.into_iter().next().unwrap_or_default(),
        date,
        person: t.person,
        household: t.household,
        kind: Kind::Void,
        item: t.item.clone(),
        item_name: record::thing_name(&book, t.kind, &t.item),
        qty: t.qty,
        points,
        by,
        reference: t.id.clone(),
        note: reason,
    }];
    // Points that expire (SPEC §10): the balance shown counts only
    // unexpired points as of today, the lots worked out without the entry.
    let mut balances = balances;
    if let (Some(rule), Some(b)) = (book.rules.exchange.expire, balances.get_mut(t.person)) {
        let at = (t.file, t.line);
        *b = crate::compute::expire::balance_without(&book, rule, t.person, at, today.max(date))
            .and_then(|x| x.checked_sub(points).ok_or(crate::model::points::Overflow))
            .map_err(|_| refuse(vec![Problem::TooLarge]))?;
    }
    // The void of a row awaiting approval (an objection upheld, SPEC §11)
    // takes back nothing that counted: the balance shown stays as it was.
    if t.pending {
        let slot = if t.household {
            book.roster.len() + t.person
        } else {
            t.person
        };
        if let Some(b) = balances.get_mut(slot) {
            *b = b.checked_add(t.points).unwrap_or(*b);
        }
    }
    let mut table = writing.commit(&book, &rows, &balances)?;
    table.notes.insert(
        0,
        Note::Voids {
            id: t.id.clone(),
            kind: t.kind,
            item: record::thing_name(&book, t.kind, &t.item),
            person: if t.household {
                record::household_who(&book, t.person)
            } else {
                record::who(&book, t.person)
            },
            date: t.date,
            points: t.points,
        }
        .to_string(),
    );
    ctx.table(&table)
}
