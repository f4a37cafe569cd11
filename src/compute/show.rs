//! One person's statement: their entries in date order (ledger order within a
//! day), with a running balance that starts from the balance before the period.

use crate::book::diag::Diagnostic;
use crate::book::Book;
use crate::compute::scan::{self, Entry, Mode, Outcome, Status, What};
use crate::model::{Kind, Period, Points};
use crate::tr;
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
    /// A void cancels it (false for the void row itself: nothing cancels that).
    pub voided: bool,
    /// An earn row awaiting approval (SPEC §11): it moves no balance.
    pub pending: bool,
    /// The id of the void that cancels it, or the entry a void cancels.
    pub link: Option<String>,
    pub balance: Points,
    pub note: String,
    pub seq: u64,
    /// Where the row is: (ledger file, line).
    pub at: (usize, usize),
    /// An expiry (SPEC §10): points gone that day; no row, id, item or qty.
    pub expiry: bool,
}

impl Line {
    /// Whether it moves the balance: neither voided nor a void.
    pub fn counts(&self) -> bool {
        !self.voided && !self.pending && !matches!(self.kind, Kind::Void | Kind::Approve)
    }
}

#[derive(Debug)]
pub struct Statement {
    pub person: usize,
    pub opening: Points,
    pub lines: Vec<Line>,
    pub closing: Points,
    pub outcome: Outcome,
}

/// One person's statement over `period`; with `household`, the household
/// deeds of the household headed by `person` (its own rows, SPEC §10), not
/// the person's;
/// with `expiries` (the day the points are gone, a positive amount): a line
/// each, moving the running balance before that day's rows; those before
/// the period lower the opening balance.
pub fn statement_with(
    book: &Book,
    person: usize,
    household: bool,
    period: &Period,
    expiries: &[(NaiveDate, Points)],
) -> Statement {
    let rules = &book.rules;
    let mut opening = Points::ZERO;
    let mut lines = Vec::new();
    // A balance that does not fit is an error at the row that makes it so.
    let too_large = |file: usize, line: usize| {
        Diagnostic::error(&book.ledgers[file], line, tr!(show.too_large))
            .fix(tr!(show.too_large_fix))
    };
    let mut overflow: Option<Diagnostic> = None;
    let mut visit = |e: &Entry<'_>| {
        if e.person != person || e.household != household {
            return;
        }
        let before = period.start.is_some_and(|s| e.date < s);
        if before {
            if e.counts() {
                match opening.checked_add(e.points) {
                    Some(o) => opening = o,
                    None => {
                        overflow.get_or_insert_with(|| too_large(e.file, e.line));
                    }
                }
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
            Status::Void(t) | Status::Approve(t) => (false, Some(t.to_string())),
            Status::Pending => (false, None),
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
            pending: e.status == Status::Pending,
            link,
            balance: Points::ZERO,
            note: e.note.to_string(),
            seq: e.seq,
            at: (e.file, e.line),
            expiry: false,
        });
    };
    let mut outcome = scan::scan(book, Mode::Report, &mut visit);
    for &(date, points) in expiries {
        let points = points.checked_neg().unwrap_or_default();
        if period.start.is_some_and(|s| date < s) {
            opening = opening.checked_add(points).unwrap_or(opening);
        } else if period.contains(date) {
            lines.push(Line {
                id: String::new(),
                date,
                // Not read for an expiry (see `expiry`).
                kind: Kind::Redeem,
                item: String::new(),
                item_name: String::new(),
                qty: None,
                points,
                voided: false,
                pending: false,
                link: None,
                balance: Points::ZERO,
                note: String::new(),
                // Before the day's rows: the points are gone from its start.
                seq: 0,
                at: (0, 0),
                expiry: true,
            });
        }
    }
    lines.sort_by_key(|l| (l.date, l.seq));
    let mut bal = opening;
    for l in &mut lines {
        if l.counts() {
            match bal.checked_add(l.points) {
                Some(b) => bal = b,
                None => {
                    overflow.get_or_insert_with(|| too_large(l.at.0, l.at.1));
                }
            }
        }
        l.balance = bal;
    }
    outcome.diagnostics.extend(overflow);
    Statement {
        person,
        opening,
        lines,
        closing: bal,
        outcome,
    }
}
