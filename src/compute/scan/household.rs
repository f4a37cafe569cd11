//! Household deeds in the scan (SPEC §10): a row of a household item holds
//! a household id in `person`; it is resolved to the household's head (its
//! first member in the roster) and flagged, so that it counts for the
//! household only. Its caps are the household's own.

use super::{CapOwner, Entry, Scanner, What};
use crate::book::diag::Diagnostic;
use crate::book::ledger::{col, RawRow};
use crate::book::roster::Roster;
use crate::book::rules::{Account, Cap};
use crate::book::Book;
use crate::model::Kind;
use crate::tr;
use chrono::NaiveDate;

/// The counter a row takes room in under `cap` on `date`. A person's row:
/// the person's own, or with `by = "household"` the household's (held by
/// its head). A household deed (`household`, `person` its head): the
/// household's own room, shared with its members' rows where the cap is
/// `by = "household"`, else apart from any person's (held past the roster:
/// `roster.len() + head`).
pub fn cap_key_of(
    roster: &Roster,
    person: usize,
    household: bool,
    owner: CapOwner,
    cap: &Cap,
    date: NaiveDate,
) -> (usize, CapOwner, i32) {
    let holder = match (household, cap.by_household) {
        (false, false) => person,
        (_, true) => roster.household_head(person),
        (true, false) => roster.len() + person,
    };
    (holder, owner, cap.per.bucket(date))
}

/// Whether exchange accounts are households (their members' points and the
/// household's own deeds pooled).
pub fn pooled(book: &Book) -> bool {
    book.rules.exchange.account == Account::Household
}

/// The index holding the exchange account of person `p`: the person, or
/// the household's head where accounts are households.
pub fn account(book: &Book, p: usize) -> usize {
    if pooled(book) {
        book.roster.household_head(p)
    } else {
        p
    }
}

impl Entry<'_> {
    /// Whether the entry counts for the person it names (not a household deed).
    pub fn counts_for_person(&self) -> bool {
        self.counts() && !self.household
    }
}

impl Scanner<'_> {
    /// A household id stands only on earn rows of household items and their
    /// voids, a person id never on them: otherwise an error at the row.
    pub(super) fn subject_fits(
        &mut self,
        file: usize,
        line: usize,
        row: &RawRow<'_>,
        what: What,
        household: bool,
    ) -> bool {
        let rules = &self.book.rules;
        let (message, expected) = match (row.kind, what) {
            (Kind::Void | Kind::Approve, _) => return true,
            (Kind::Earn, What::Item(i)) => {
                let item = &rules.items[i];
                match (item.household, household) {
                    (a, b) if a == b => return true,
                    (true, _) => (
                        tr!(
                            household.person_on_household_item,
                            person = row.person,
                            item = item.id
                        ),
                        tr!(household.person_on_household_item_expected),
                    ),
                    (false, _) => (
                        tr!(
                            household.household_on_person_item,
                            household = row.person,
                            item = item.id
                        ),
                        tr!(household.household_on_person_item_expected),
                    ),
                }
            }
            _ if !household => return true,
            _ => (
                tr!(
                    household.household_not_earn,
                    household = row.person,
                    kind = row.kind.as_str()
                ),
                tr!(household.household_not_earn_expected),
            ),
        };
        let d = Diagnostic::error(self.path(file), line, message)
            .field(col::PERSON)
            .expected(expected);
        self.diags.push(d);
        false
    }

    /// A household earns nothing on a day none of its members lived here:
    /// an error at the row (1), or none (0).
    pub(super) fn household_living(
        &mut self,
        file: usize,
        line: usize,
        head: usize,
        row: &RawRow<'_>,
    ) -> usize {
        if self.book.roster.household_lives_on(head, row.date) {
            return 0;
        }
        let d = Diagnostic::error(
            self.path(file),
            line,
            tr!(
                household.nobody_living,
                household = row.person,
                date = crate::i18n::date(row.date)
            ),
        )
        .field(col::DATE)
        .expected(tr!(household.nobody_living_expected));
        self.diags.push(d);
        1
    }
}
