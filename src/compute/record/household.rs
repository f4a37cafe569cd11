//! Recording household deeds (SPEC §10): who a household is in words, why
//! one cannot earn an item, and the balances shown after writing.

use super::{rate, Facts, Problem};
use crate::book::Book;
use crate::model::Points;
use crate::{i18n, tr};
use chrono::NaiveDate;
use std::fmt;

/// Why a household item cannot be recorded as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// `--people` for a household item (`example`: a household id to show).
    UseHouseholds {
        item: String,
        example: String,
    },
    /// `--households` for an item each person earns.
    UsePeople {
        item: String,
    },
    /// `--households` without any.
    NoHouseholds {
        example: String,
    },
    ListedTwice {
        household: String,
    },
    /// No member of the household lived here on `date`.
    NobodyLiving {
        household: String,
        date: NaiveDate,
    },
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Why::UseHouseholds { item, example } => {
                tr!(household.use_households, item = item, example = example)
            }
            Why::UsePeople { item } => tr!(household.use_people, item = item),
            Why::NoHouseholds { example } => tr!(household.no_households, example = example),
            Why::ListedTwice { household } => tr!(household.listed_twice, household = household),
            Why::NobodyLiving { household, date } => tr!(
                household.nobody_living_add,
                household = household,
                date = i18n::date(*date)
            ),
        };
        f.write_str(&text)
    }
}

/// "household B1-301" for the household headed by `head`.
pub fn household_who(book: &Book, head: usize) -> String {
    book.roster
        .people
        .get(head)
        .map_or_else(String::new, |p| tr!(household.who, household = p.household))
}

/// A person ("王芳 (P01)"), or for a household deed its household.
pub fn who_of(book: &Book, person: usize, household: bool) -> String {
    if household {
        household_who(book, person)
    } else {
        super::who(book, person)
    }
}

/// A household's display name: its members' names joined by `、` (SPEC §2.2).
pub fn household_name(book: &Book, head: usize) -> String {
    book.roster
        .household_members(head)
        .map(|m| book.roster.people[m].name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// Every reason the household headed by `head` may not earn `item` on `date`.
pub fn check_household(
    book: &Book,
    item: usize,
    head: usize,
    date: NaiveDate,
    given: Option<Points>,
) -> Vec<Problem> {
    let mut v = Vec::new();
    if !book.roster.household_lives_on(head, date) {
        v.push(Problem::Household(Why::NobodyLiving {
            household: book.roster.people[head].household.clone(),
            date,
        }));
    }
    // A household item has one rate for all (no roles): only its schedule can refuse.
    v.extend(rate(book, item, head, date, given).err());
    v
}

/// The people's balances, then (at `roster.len() + head`) the balance of
/// each household in `heads`: its members' and its own deeds' together, as
/// `balance --by household` shows it; what the table of rows written shows
/// after a household deed.
pub fn household_balances(book: &Book, facts: &Facts, heads: &[usize]) -> Vec<Points> {
    let n = book.roster.len();
    let mut v = facts.balances.clone();
    v.resize(2 * n, Points::ZERO);
    for &head in heads {
        let mut sum = facts.deeds.get(&head).copied().unwrap_or_default();
        for m in book.roster.household_members(head) {
            sum = sum.checked_add(facts.balances[m]).unwrap_or(sum);
        }
        v[n + head] = sum;
    }
    v
}
