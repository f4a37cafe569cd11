//! Where a written row stands in ledger order (SPEC §4, §12 "Writes"). A
//! row goes to the ledger of its date's year, which need not be the last:
//! it then comes before every row of the later ledgers, and since caps are
//! applied in ledger order it is refused where it would change their points.
//! An `add` is capped at its place by the command itself
//! ([`crate::compute::record::check_cap_order`]); this module holds what a
//! `void` needs, and the words for a place the user did not choose.

use crate::book::Book;
use crate::compute::record::{self, Look, Match, Problem};
use crate::compute::scan::{cap_key, cap_keys, CapOwner};
use crate::model::Kind;
use std::path::{Path, PathBuf};

/// The ledgers after `target` in name order (a new target included: it
/// takes its place among them).
pub fn later_ledgers(book: &Book, target: &Path) -> Vec<PathBuf> {
    book.ledgers
        .iter()
        .filter(|l| l.file_name() > target.file_name())
        .cloned()
        .collect()
}

/// The last ledger's name for `--ledger` (`2027`), if there is one.
pub fn last_name(book: &Book) -> String {
    book.ledgers
        .last()
        .and_then(|l| l.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Refusals of a row put before later rows (`add`: of its cap periods;
/// `void`: its own entry), in the words for a ledger picked by the row's
/// year (no `--ledger`): the way out is then `--ledger` with the last
/// ledger, after them.
pub fn by_year(book: &Book, chosen: bool, problems: Vec<Problem>) -> Vec<Problem> {
    if chosen {
        return problems;
    }
    let last = last_name(book);
    problems
        .into_iter()
        .map(|p| match p {
            Problem::CapBehindLaterRows { person, on, ledger } => Problem::CapBeforeLaterRows {
                person,
                on,
                ledger,
                last: last.clone(),
            },
            Problem::VoidBeforeEntry {
                id,
                entry_file,
                ledger,
            } => Problem::VoidBeforeEntryByYear {
                id,
                entry_file,
                ledger,
                last: last.clone(),
            },
            p => p,
        })
        .collect()
}

/// A void of `entry` appended to `target` frees the cap room the entry
/// took for every row after it in ledger order. Where `target` is not the
/// last ledger and rows of the later ledgers take room in one of the
/// entry's cap periods, their points would change: the refusal. (Rows of
/// later ledgers in those periods are rare — only rows dated back into an
/// earlier year — so any of them is reason enough.)
pub fn void_frees_later_room(
    book: &mut Book,
    entry: &Match,
    target: &Path,
    shown: &str,
) -> Option<Problem> {
    if entry.kind != Kind::Earn || entry.points.is_zero() {
        return None;
    }
    let item = book.rules.items.iter().position(|i| i.id == entry.item)?;
    let keys: Vec<_> = cap_keys(&book.rules, item, entry.points)
        .into_iter()
        .map(|(owner, cap)| {
            let key = cap_key(&book.roster, entry.person, owner, &cap, entry.date);
            (key, owner)
        })
        .collect();
    if keys.is_empty() {
        return None;
    }
    let later = later_ledgers(book, target);
    if later.is_empty() {
        return None;
    }
    // The room the later ledgers' rows take, read on their own.
    let scope = record::cap_scope(book, item, &[entry.person]);
    let all = std::mem::replace(&mut book.ledgers, later);
    let taken = record::facts(
        book,
        &Look {
            scope: Some(&scope),
            ..Look::default()
        },
    )
    .outcome
    .cap_used;
    book.ledgers = all;
    let (_, owner) = keys.iter().find(|(key, _)| taken.contains_key(key))?;
    let rules = &book.rules;
    let on = match *owner {
        CapOwner::Item(i) | CapOwner::ItemDeduct(i) => rules.items[i].name.clone(),
        CapOwner::Category(c) | CapOwner::CategoryDeduct(c) => rules.categories[c].name.clone(),
    };
    Some(Problem::VoidFreesLaterRoom {
        id: entry.id.clone(),
        person: record::who(book, entry.person),
        on,
        ledger: shown.to_string(),
        last: last_name(book),
    })
}
