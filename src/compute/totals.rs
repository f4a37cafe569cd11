//! Per-person sums over one pass of the ledgers: earned (by category),
//! spent, balance, hours and times (SPEC §3), and per-item sums.

use crate::book::rules::Unit;
use crate::book::Book;
use crate::compute::scan::{self, Entry, Mode, Outcome, Status, What};
use crate::model::{Kind, Period, Points};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One person's (or one group's) figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Earned in the period: earn and open entries.
    pub earned: Points,
    /// Earned per category (index as in the rules).
    pub categories: Vec<Points>,
    /// Spent in the period (a positive amount).
    pub spent: Points,
    /// Balance as of `until` (all dates up to it, whatever the period).
    pub balance: Points,
    /// Hours of hourly items (qty sum), and times (earn entries with points ≥ 0).
    pub hours: Points,
    pub times: u64,
    /// Deductions (earn entries with negative points) in the period.
    pub deductions: u64,
    /// Points of earn rows awaiting approval in the period (SPEC §11): in
    /// none of the figures above.
    pub pending: Points,
}

impl Totals {
    pub fn new(categories: usize) -> Totals {
        Totals {
            categories: vec![Points::ZERO; categories],
            ..Totals::default()
        }
    }

    /// Add another's figures (for households, buildings, teams).
    pub fn absorb(&mut self, o: &Totals) -> Result<(), Overflow> {
        self.earned = add(self.earned, o.earned)?;
        self.spent = add(self.spent, o.spent)?;
        self.balance = add(self.balance, o.balance)?;
        self.hours = add(self.hours, o.hours)?;
        self.times += o.times;
        self.deductions += o.deductions;
        self.pending = add(self.pending, o.pending)?;
        for (a, b) in self.categories.iter_mut().zip(&o.categories) {
            *a = add(*a, *b)?;
        }
        Ok(())
    }
}

pub use crate::model::points::Overflow;

fn add(a: Points, b: Points) -> Result<Points, Overflow> {
    a.checked_add(b).ok_or(Overflow)
}

/// Everything one pass gives.
#[derive(Debug)]
pub struct Sums {
    /// Indexed like the roster.
    pub people: Vec<Totals>,
    /// Earn rows per (person, item) in the period, when asked for.
    pub person_items: HashMap<(usize, usize), ItemCell>,
    /// Household deeds (SPEC §10), per household head: in no person's totals.
    pub households: HashMap<usize, Totals>,
    /// Household deeds per (household head, item) in the period, when asked for.
    pub household_items: HashMap<(usize, usize), ItemCell>,
    pub outcome: Outcome,
}

/// What to sum: the period for earned/spent/hours/times, and the balance date.
#[derive(Clone, Debug)]
pub struct Window {
    pub period: Period,
    pub until: Option<NaiveDate>,
    /// Also keep sums per (person, item): for reports by item, category and team.
    pub per_item: bool,
}

/// One person's earn rows of one item in the period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ItemCell {
    pub earned: Points,
    pub hours: Points,
    pub times: u64,
    /// Points awaiting approval (SPEC §11).
    pub pending: Points,
}

impl Window {
    fn in_period(&self, d: NaiveDate) -> bool {
        self.period.contains(d) && self.until.is_none_or(|u| d <= u)
    }
}

/// One pass over the ledgers. `overflow` is set when a sum did not fit.
pub fn sums(book: &Book, w: &Window) -> Result<Sums, Overflow> {
    let rules = &book.rules;
    let nc = rules.categories.len();
    let mut people = vec![Totals::new(nc); book.roster.len()];
    let mut person_items: HashMap<(usize, usize), ItemCell> = HashMap::new();
    let mut households: HashMap<usize, Totals> = HashMap::new();
    let mut household_items: HashMap<(usize, usize), ItemCell> = HashMap::new();
    let mut overflow = false;
    let mut visit = |e: &Entry<'_>| {
        if !e.counts() {
            if e.status == Status::Pending && w.in_period(e.date) {
                let t = match e.household {
                    true => households
                        .entry(e.person)
                        .or_insert_with(|| Totals::new(nc)),
                    false => &mut people[e.person],
                };
                let cells = match e.household {
                    true => &mut household_items,
                    false => &mut person_items,
                };
                let mut go = || -> Result<(), Overflow> {
                    t.pending = add(t.pending, e.points)?;
                    if let (true, What::Item(i)) = (w.per_item, e.what) {
                        let cell = cells.entry((e.person, i)).or_default();
                        cell.pending = add(cell.pending, e.points)?;
                    }
                    Ok(())
                };
                overflow |= go().is_err();
            }
            return;
        }
        let (t, person_items) = if e.household {
            (
                households
                    .entry(e.person)
                    .or_insert_with(|| Totals::new(nc)),
                &mut household_items,
            )
        } else {
            (&mut people[e.person], &mut person_items)
        };
        let mut go = || -> Result<(), Overflow> {
            if w.until.is_none_or(|u| e.date <= u) {
                t.balance = add(t.balance, e.points)?;
            }
            if !w.in_period(e.date) {
                return Ok(());
            }
            match (e.kind, e.what) {
                (Kind::Redeem, _) => t.spent = t.spent.checked_sub(e.points).ok_or(Overflow)?,
                (Kind::Open, What::Category(c)) => {
                    t.earned = add(t.earned, e.points)?;
                    t.categories[c] = add(t.categories[c], e.points)?;
                }
                (Kind::Earn, What::Item(i)) => {
                    let c = rules.items[i].category;
                    t.earned = add(t.earned, e.points)?;
                    t.categories[c] = add(t.categories[c], e.points)?;
                    let hourly = rules.items[i].unit == Unit::Hour;
                    if hourly {
                        t.hours = add(t.hours, e.qty.unwrap_or_default())?;
                    }
                    let counts_time = !e.points.is_negative();
                    if counts_time {
                        t.times += 1;
                    } else {
                        t.deductions += 1;
                    }
                    if w.per_item {
                        let cell = person_items.entry((e.person, i)).or_default();
                        cell.earned = add(cell.earned, e.points)?;
                        if hourly {
                            cell.hours = add(cell.hours, e.qty.unwrap_or_default())?;
                        }
                        cell.times += u64::from(counts_time);
                    }
                }
                _ => {}
            }
            Ok(())
        };
        if go().is_err() {
            overflow = true;
        }
    };
    let outcome = scan::scan(book, Mode::Report, &mut visit);
    if overflow {
        return Err(Overflow);
    }
    Ok(Sums {
        people,
        person_items,
        households,
        household_items,
        outcome,
    })
}
