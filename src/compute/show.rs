//! One person's statement: their entries in date order (ledger order within a
//! day), with a running balance that starts from the balance before the period.

use crate::book::Book;
use crate::compute::scan::{self, Entry, Mode, Outcome, Status, What};
use crate::model::{Kind, Period, Points};
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub id: String,
    pub date: NaiveDate,
    pub kind: Kind,
    pub item: String,
    pub item_name: String,
    /// Empty for an `open` row without a quantity (and its void).
    pub qty: Option<Points>,
    pub points: Points,
    /// Voided entries, and voids themselves, are marked and do not count.
    pub voided: bool,
    /// The id of the void that cancels it, or the entry a void cancels.
    pub link: Option<String>,
    pub balance: Points,
    pub note: String,
    pub seq: u64,
}

#[derive(Debug)]
pub struct Statement {
    pub person: usize,
    pub opening: Points,
    pub lines: Vec<Line>,
    pub closing: Points,
    pub outcome: Outcome,
}

pub fn statement(book: &Book, person: usize, period: &Period) -> Statement {
    let rules = &book.rules;
    let mut opening = Points::ZERO;
    let mut lines = Vec::new();
    let mut visit = |e: &Entry<'_>| {
        if e.person != person {
            return;
        }
        let before = period.start.is_some_and(|s| e.date < s);
        if before {
            if e.counts() {
                opening = opening.checked_add(e.points).unwrap_or(opening);
            }
            return;
        }
        if !period.contains(e.date) {
            return;
        }
        let (item, item_name) = match e.what {
            What::Item(i) => (&rules.items[i].id, &rules.items[i].name),
            What::Reward(r) => (&rules.rewards[r].id, &rules.rewards[r].name),
            What::Category(c) => (&rules.categories[c].id, &rules.categories[c].name),
        };
        let (voided, link) = match e.status {
            Status::Effective => (false, None),
            Status::Voided(v) => (true, Some(v.to_string())),
            Status::Void(t) => (true, Some(t.to_string())),
        };
        lines.push(Line {
            id: e.id.to_string(),
            date: e.date,
            kind: e.kind,
            item: item.clone(),
            item_name: item_name.clone(),
            qty: e.qty,
            points: e.points,
            voided,
            link,
            balance: Points::ZERO,
            note: e.note.to_string(),
            seq: e.seq,
        });
    };
    let outcome = scan::scan(book, Mode::Report, &mut visit);
    lines.sort_by_key(|l| (l.date, l.seq));
    let mut bal = opening;
    for l in &mut lines {
        if !l.voided {
            bal = bal.checked_add(l.points).unwrap_or(bal);
        }
        l.balance = bal;
    }
    Statement {
        person,
        opening,
        lines,
        closing: bal,
        outcome,
    }
}
