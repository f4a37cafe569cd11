//! Planning what `points add`, `void` and `redeem` write: the checks that
//! make a command refuse (every [`Problem`] is collected, so a refusal lists
//! them all), the points of each new row (rates by role and date, `max_qty`,
//! item and category caps against everything already in the book), and the
//! facts about the book those need, gathered in one [`scan`](scan::scan)
//! pass — which the command runs while it holds the ledger lock, so that two
//! writers never both take the last of a cap.
//!
//! Nothing here writes or prints; every word the user reads about a refusal
//! or a cap is in the `Display` of [`Problem`] and [`Note`].

use crate::book::diag::Diagnostic;
use crate::book::rules::{Account, Unit};
use crate::book::Book;
use crate::compute::exchange::in_round;
use crate::compute::scan::{self, cap_keys, CapOwner, Entry, Mode, Outcome, Status, What};
use crate::model::points::PointsError;
use crate::model::{CapPer, Kind, Period, Points};
use crate::{i18n, tr};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

pub mod household;
pub use household::{check_household, household_balances, household_name, household_who, who_of};

/// "张三 (P01)".
pub fn who(book: &Book, person: usize) -> String {
    book.roster
        .people
        .get(person)
        .map_or_else(String::new, |p| tr!(record.who, name = p.name, id = p.id))
}

/// Why a command will not write. Each carries the words it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    BadDate {
        text: String,
    },
    FutureDate {
        date: NaiveDate,
        today: NaiveDate,
    },
    /// A person, item or reward that is unknown, or whose name several share.
    Lookup(crate::book::lookup::Problem),
    NoPeople,
    /// About households and household items (SPEC §10).
    Household(household::Why),
    ListedTwice {
        person: String,
    },
    RoleNotAllowed {
        person: String,
        role: String,
        item: String,
        allowed: Vec<String>,
    },
    /// Not living here on `date`: moved in on `joined`, out on `left`.
    NotLiving {
        person: String,
        joined: Option<NaiveDate>,
        left: Option<NaiveDate>,
        date: NaiveDate,
        earn: bool,
    },
    QtyMissing {
        item: String,
    },
    /// `--points` and a range of points (SPEC §10).
    Range(crate::compute::range::Problem),
    QtyNotNumber {
        text: String,
        why: PointsError,
    },
    QtyNotPositive {
        qty: Points,
    },
    QtyNotWhole {
        qty: Points,
        item: String,
    },
    /// More than 24 hours in one row (one activity on one day).
    TooManyHours {
        qty: Points,
        item: String,
    },
    /// A row's points beyond ±max_row_points, without `--yes`.
    BeyondRowPoints {
        person: String,
        item: String,
        points: Points,
        max: Points,
    },
    RedeemQty {
        text: String,
    },
    NoRate {
        item: String,
        date: NaiveDate,
        from: String,
    },
    NoRoleRate {
        item: String,
        person: String,
        role: String,
    },
    NoCost {
        reward: String,
        date: NaiveDate,
        from: String,
    },
    TooLarge,
    NoIdentity,
    BadLedger {
        name: String,
    },
    /// `--by` given with nothing in it.
    EmptyBy,
    /// `--reason` given with nothing in it.
    EmptyReason,
    BadEntryId {
        text: String,
    },
    UnknownEntry {
        prefix: String,
    },
    /// Candidates as "id  date  person  kind  item" lines, and how many more there are.
    AmbiguousEntry {
        prefix: String,
        candidates: Vec<String>,
        more: usize,
    },
    CapBehindLaterRows {
        person: String,
        on: String,
        ledger: String,
    },
    /// The prefix names no entry of a book with errors (a row that cannot be read is no entry).
    NoReadableEntry {
        prefix: String,
    },
    /// The entry's person or item is unknown to the book (`what` says which).
    UnresolvedEntry {
        id: String,
        at: String,
        what: Unresolved,
    },
    /// A row with the id whose fields cannot be read ("path:line").
    UnreadableEntry {
        id: String,
        at: String,
    },
    /// An entry the scan did not look at: the book's sums went beyond counting before it.
    UncountedEntry {
        id: String,
        at: String,
    },
    /// Several entries have the id: "path:line" of each.
    DuplicateEntryId {
        id: String,
        places: Vec<String>,
    },
    VoidOfVoid {
        id: String,
    },
    AlreadyVoided {
        id: String,
        by: String,
    },
    VoidBeforeEntry {
        id: String,
        entry_file: String,
        ledger: String,
    },
    NotEnoughPoints {
        account: String,
        date: NaiveDate,
        balance: Points,
        spend: Points,
        reward: String,
        qty: Points,
    },
    LaterShortfall {
        account: String,
        date: NaiveDate,
        after: Points,
        spend: Points,
    },
    LimitReached {
        account: String,
        reward: String,
        round: String,
        already: Points,
        qty: Points,
        limit: u64,
    },
    /// The account does not meet `[exchange] eligible` (SPEC §10): `why`
    /// says which conditions fail.
    NotEligible {
        account: String,
        why: String,
    },
    /// A row going to the ledger of its year (not the last) would come
    /// before later ledgers' rows in the same cap period (SPEC §12 "Writes").
    CapBeforeLaterRows {
        person: String,
        on: String,
        ledger: String,
        last: String,
    },
    /// A void going to the ledger of its date's year would come before its
    /// entry (a `--date` in an earlier year than the entry's file).
    VoidBeforeEntryByYear {
        id: String,
        entry_file: String,
        ledger: String,
        last: String,
    },
    /// A void going to a ledger that is not the last would free cap room
    /// that rows of later ledgers take, and change their points.
    VoidFreesLaterRoom {
        id: String,
        person: String,
        on: String,
        ledger: String,
        last: String,
    },
}

impl Problem {
    /// Whether the command line itself is wrong (exit 2): a malformed
    /// date, number, id or name, or an empty option — whatever the book holds.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Problem::BadDate { .. }
                | Problem::QtyNotNumber { .. }
                | Problem::NoPeople
                | Problem::Household(household::Why::NoHouseholds { .. })
                | Problem::BadLedger { .. }
                | Problem::EmptyBy
                | Problem::EmptyReason
                | Problem::BadEntryId { .. }
        ) || matches!(self, Problem::Range(p) if p.is_usage())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        let lines = |candidates: &[String]| -> String {
            candidates.iter().map(|c| format!("\n      {c}")).collect()
        };
        let text = match self {
            Household(why) => why.to_string(),
            BadDate { text } => tr!(record.problem.bad_date, text = text),
            FutureDate { date, today } => tr!(
                record.problem.future_date,
                date = i18n::date(*date),
                today = i18n::date(*today)
            ),
            Lookup(p) => p.render("      "),
            Range(p) => p.to_string(),
            NoPeople => tr!(record.problem.no_people, example = "--people 张三,李四"),
            ListedTwice { person } => tr!(record.problem.listed_twice, person = person),
            RoleNotAllowed {
                person,
                role,
                item,
                allowed,
            } => tr!(
                record.problem.role_not_allowed,
                person = person,
                role = role,
                item = item,
                allowed = i18n::list_or(allowed)
            ),
            NotLiving {
                person,
                joined,
                left,
                date,
                earn,
            } => {
                let date = i18n::date(*date);
                match (joined, left, earn) {
                    (Some(j), Some(l), true) => tr!(
                        record.problem.stayed_earn,
                        person = person,
                        joined = i18n::date(*j),
                        left = i18n::date(*l),
                        date = date
                    ),
                    (Some(j), Some(l), false) => tr!(
                        record.problem.stayed_redeem,
                        person = person,
                        joined = i18n::date(*j),
                        left = i18n::date(*l),
                        date = date
                    ),
                    (Some(j), None, true) => tr!(
                        record.problem.moved_in_earn,
                        person = person,
                        joined = i18n::date(*j),
                        date = date
                    ),
                    (Some(j), None, false) => tr!(
                        record.problem.moved_in_redeem,
                        person = person,
                        joined = i18n::date(*j),
                        date = date
                    ),
                    (None, Some(l), true) => tr!(
                        record.problem.moved_out_earn,
                        person = person,
                        left = i18n::date(*l),
                        date = date
                    ),
                    (None, Some(l), false) => tr!(
                        record.problem.moved_out_redeem,
                        person = person,
                        left = i18n::date(*l),
                        date = date
                    ),
                    (None, None, true) => {
                        tr!(record.problem.absent_earn, person = person, date = date)
                    }
                    (None, None, false) => {
                        tr!(record.problem.absent_redeem, person = person, date = date)
                    }
                }
            }
            QtyMissing { item } => tr!(record.problem.qty_missing, item = item),
            QtyNotNumber { text, why } => {
                let why = match why {
                    PointsError::Empty => tr!(record.points_error.empty),
                    PointsError::NotANumber => tr!(record.points_error.not_a_number),
                    PointsError::TooPrecise => tr!(record.points_error.too_precise),
                    PointsError::Overflow => tr!(record.points_error.overflow),
                };
                tr!(record.problem.qty_not_number, text = text, why = why)
            }
            QtyNotPositive { qty } => tr!(record.problem.qty_not_positive, qty = qty),
            QtyNotWhole { qty, item } => tr!(record.problem.qty_not_whole, qty = qty, item = item),
            TooManyHours { qty, item } => {
                tr!(record.problem.too_many_hours, qty = qty, item = item)
            }
            BeyondRowPoints {
                person,
                item,
                points,
                max,
            } => tr!(
                record.problem.beyond_row_points,
                person = person,
                item = item,
                points = points,
                max = max
            ),
            RedeemQty { text } => tr!(record.problem.redeem_qty, text = text),
            NoRate { item, date, from } => tr!(
                record.problem.no_rate,
                item = item,
                date = i18n::date(*date),
                from = from
            ),
            NoRoleRate { item, person, role } => tr!(
                record.problem.no_role_rate,
                item = item,
                person = person,
                role = role
            ),
            NoCost { reward, date, from } => tr!(
                record.problem.no_cost,
                reward = reward,
                date = i18n::date(*date),
                from = from
            ),
            TooLarge => tr!(record.problem.too_large),
            NoIdentity => tr!(record.problem.no_identity),
            BadLedger { name } => tr!(record.problem.bad_ledger, name = name),
            EmptyBy => tr!(record.problem.empty_by, example = "--by 张三"),
            EmptyReason => tr!(
                record.problem.empty_reason,
                example = "--reason \"记错了人\""
            ),
            BadEntryId { text } => tr!(record.problem.bad_entry_id, text = text),
            UnknownEntry { prefix } => tr!(record.problem.unknown_entry, prefix = prefix),
            AmbiguousEntry {
                prefix,
                candidates,
                more,
            } => {
                let mut list = lines(candidates);
                if *more > 0 {
                    list.push_str(&tr!(record.candidates_more, n = more));
                }
                tr!(
                    record.problem.ambiguous_entry,
                    n = candidates.len() + more,
                    prefix = prefix,
                    candidates = list
                )
            }
            CapBehindLaterRows { person, on, ledger } => tr!(
                record.problem.cap_behind_later_rows,
                person = person,
                on = on,
                ledger = ledger
            ),
            NoReadableEntry { prefix } => tr!(record.problem.no_readable_entry, prefix = prefix),
            UnresolvedEntry { id, at, what } => {
                let what = match what {
                    Unresolved::Person(p) => tr!(record.problem.unresolved_person, person = p),
                    Unresolved::Item(i) => tr!(record.problem.unresolved_item, item = i),
                    Unresolved::Category(i) => tr!(record.problem.unresolved_category, item = i),
                    Unresolved::Reward(i) => tr!(record.problem.unresolved_reward, item = i),
                };
                tr!(
                    record.problem.unresolved_entry,
                    id = id,
                    at = at,
                    what = what
                )
            }
            UnreadableEntry { id, at } => tr!(record.problem.unreadable_entry, id = id, at = at),
            UncountedEntry { id, at } => tr!(record.problem.uncounted_entry, id = id, at = at),
            DuplicateEntryId { id, places } => tr!(
                record.problem.duplicate_entry_id,
                n = places.len(),
                id = id,
                places = i18n::list_plain(places)
            ),
            VoidOfVoid { id } => tr!(record.problem.void_of_void, id = id),
            AlreadyVoided { id, by } => tr!(record.problem.already_voided, id = id, by = by),
            VoidBeforeEntry {
                id,
                entry_file,
                ledger,
            } => tr!(
                record.problem.void_before_entry,
                id = id,
                entry_file = entry_file,
                ledger = ledger
            ),
            NotEnoughPoints {
                account,
                date,
                balance,
                spend,
                reward,
                qty,
            } => tr!(
                record.problem.not_enough_points,
                account = account,
                date = i18n::date(*date),
                balance = balance,
                spend = spend,
                reward = reward,
                qty = qty
            ),
            NotEligible { account, why } => {
                tr!(eligible.refused, account = account, why = why)
            }
            LaterShortfall {
                account,
                date,
                after,
                spend,
            } => tr!(
                record.problem.later_shortfall,
                spend = spend,
                account = account,
                after = after,
                date = i18n::date(*date)
            ),
            LimitReached {
                account,
                reward,
                round,
                already,
                qty,
                limit,
            } => tr!(
                record.problem.limit_reached,
                account = account,
                already = already,
                reward = reward,
                round = round,
                qty = qty,
                limit = limit
            ),
            CapBeforeLaterRows {
                person,
                on,
                ledger,
                last,
            } => tr!(
                yearfile.cap_before_later_rows,
                person = person,
                on = on,
                ledger = ledger,
                last = last
            ),
            VoidBeforeEntryByYear {
                id,
                entry_file,
                ledger,
                last,
            } => tr!(
                yearfile.void_before_entry,
                id = id,
                entry_file = entry_file,
                ledger = ledger,
                last = last
            ),
            VoidFreesLaterRoom {
                id,
                person,
                on,
                ledger,
                last,
            } => tr!(
                yearfile.void_frees_later_room,
                id = id,
                person = person,
                on = on,
                ledger = ledger,
                last = last
            ),
        };
        f.write_str(&text)
    }
}

/// What of an entry the book does not know (so it cannot be voided).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// Its person is not in the roster.
    Person(String),
    /// Its item (of an earn), category (of an open), reward (of a redemption).
    Item(String),
    Category(String),
    Reward(String),
}

/// A cap's period as an adjective: "monthly" / 每月.
fn per_words(per: CapPer) -> String {
    match per {
        CapPer::Day => tr!(record.per.day),
        CapPer::Week => tr!(record.per.week),
        CapPer::Month => tr!(record.per.month),
        CapPer::Quarter => tr!(record.per.quarter),
        CapPer::HalfYear => tr!(record.per.half_year),
        CapPer::Year => tr!(record.per.year),
    }
}

/// The word for a kind of row: "earn" / 获得积分.
pub fn kind_words(kind: Kind) -> String {
    match kind {
        Kind::Earn => tr!(record.kind.earn),
        Kind::Open => tr!(record.kind.open),
        Kind::Redeem => tr!(record.kind.redeem),
        Kind::Void => tr!(record.kind.void),
        Kind::Approve => tr!(approval.show.approve),
    }
}

/// The name of what a row of `kind` names by `id` (an item, a category, a
/// reward), as the rules write it; the id where the rules do not know it.
pub fn thing_name(book: &Book, kind: Kind, id: &str) -> String {
    let r = &book.rules;
    let item = || r.item(id).map(|i| r.items[i].name.clone());
    let category = || r.category(id).map(|c| r.categories[c].name.clone());
    let reward = || r.reward(id).map(|w| r.rewards[w].name.clone());
    let name = match kind {
        Kind::Earn | Kind::Approve => item(),
        Kind::Open => category(),
        Kind::Redeem => reward(),
        // A void copies its entry's item, category or reward.
        Kind::Void => item().or_else(category).or_else(reward),
    };
    name.unwrap_or_else(|| id.to_string())
}

/// What the user is told about a row beyond its figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A cap took everything (`deducts`: a `deduct_cap`).
    CapReached {
        person: String,
        on: String,
        per: CapPer,
        cap: Points,
        deducts: bool,
    },
    /// A cap took some.
    CapCut {
        person: String,
        on: String,
        per: CapPer,
        cap: Points,
        from: Points,
        to: Points,
        deducts: bool,
    },
    /// `max_qty` limited the quantity that earns points.
    MaxQty {
        person: String,
        item: String,
        qty: Points,
        counted: Points,
        unit: Unit,
    },
    /// What a void cancels.
    Voids {
        id: String,
        kind: Kind,
        item: String,
        person: String,
        date: NaiveDate,
        points: Points,
    },
    /// The round a redemption counts in.
    Redeemed { reward: String, round: Period },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Note::CapReached {
                person,
                on,
                per,
                cap,
                deducts: false,
            } => tr!(
                record.note.cap_reached,
                person = person,
                on = on,
                per = per_words(*per),
                cap = cap
            ),
            Note::CapReached {
                person,
                on,
                per,
                cap,
                deducts: true,
            } => tr!(
                deduct_cap.note_reached,
                person = person,
                on = on,
                per = per_words(*per),
                cap = cap
            ),
            Note::CapCut {
                person,
                on,
                per,
                cap,
                from,
                to,
                deducts: false,
            } => tr!(
                record.note.cap_cut,
                person = person,
                on = on,
                from = from,
                to = to,
                per = per_words(*per),
                cap = cap
            ),
            Note::CapCut {
                person,
                on,
                per,
                cap,
                from,
                to,
                deducts: true,
            } => tr!(
                deduct_cap.note_cut,
                person = person,
                on = on,
                from = from,
                to = to,
                per = per_words(*per),
                cap = cap
            ),
            Note::MaxQty {
                person,
                item,
                qty,
                counted,
                unit,
            } => match unit {
                Unit::Hour => tr!(
                    record.note.max_qty_hours,
                    person = person,
                    item = item,
                    qty = qty,
                    counted = counted
                ),
                Unit::Time => tr!(
                    record.note.max_qty_times,
                    person = person,
                    item = item,
                    qty = qty,
                    counted = counted
                ),
            },
            Note::Voids {
                id,
                kind,
                item,
                person,
                date,
                points,
            } => tr!(
                record.note.voids,
                id = id,
                kind = kind_words(*kind),
                item = item,
                person = person,
                date = i18n::date(*date),
                points = points
            ),
            Note::Redeemed { reward, round } => tr!(
                record.note.redeemed,
                reward = reward,
                round = i18n::period(round)
            ),
        };
        f.write_str(&text)
    }
}

/// An item in a message: its name, as the rules write it.
fn item_words(book: &Book, i: usize) -> String {
    book.rules.items[i].name.clone()
}

/// Whether `person` lived here on `date`; the problem if not.
pub fn check_living(book: &Book, person: usize, date: NaiveDate, earn: bool) -> Option<Problem> {
    let p = book.roster.people.get(person)?;
    (!p.lives_on(date)).then(|| Problem::NotLiving {
        person: who(book, person),
        joined: p.joined,
        left: p.left,
        date,
        earn,
    })
}

/// A `--qty` of an earn, whatever the item: a number above zero, two decimals at most.
pub fn parse_qty(text: &str) -> Result<Points, Problem> {
    // Typed: full-width `２` is 2.
    let qty = Points::parse(&crate::model::typed(text)).map_err(|why| Problem::QtyNotNumber {
        text: text.to_string(),
        why,
    })?;
    if !qty.is_positive() {
        return Err(Problem::QtyNotPositive { qty });
    }
    Ok(qty)
}

/// The quantity of an earn: `--qty` text (absent: 1, except for hourly items).
pub fn earn_qty(book: &Book, item: usize, text: Option<&str>) -> Result<Points, Problem> {
    let it = &book.rules.items[item];
    let qty = match text {
        None if it.unit == Unit::Hour => {
            return Err(Problem::QtyMissing {
                item: item_words(book, item),
            })
        }
        None => return Ok(Points::from_whole(1)),
        Some(t) => parse_qty(t)?,
    };
    if it.unit == Unit::Time && !qty.is_whole() {
        return Err(Problem::QtyNotWhole {
            qty,
            item: item_words(book, item),
        });
    }
    if it.unit == Unit::Hour && qty > MAX_HOURS {
        return Err(Problem::TooManyHours {
            qty,
            item: item_words(book, item),
        });
    }
    Ok(qty)
}

/// The most hours one row of an hourly item may hold: a row is one activity
/// on one day (SPEC §2.3).
pub const MAX_HOURS: Points = Points::from_whole(24);

/// The rows of `plan` whose points are beyond ±`max_row_points`: most likely
/// a typo (`--qty 1000000`), refused unless the user says `--yes`.
pub fn beyond_row_points(book: &Book, item: usize, plan: &[Earn]) -> Vec<Problem> {
    let max = book.rules.scheme.max_row_points;
    plan.iter()
        .filter(|e| e.points.abs() > max)
        .map(|e| Problem::BeyondRowPoints {
            person: who_of(book, e.person, e.household),
            item: item_words(book, item),
            points: e.points,
            max,
        })
        .collect()
}

/// The rate of `item` for `person` on `date` (`given`: `--points`, for an
/// item whose points are a range), or why they cannot earn it.
pub fn rate(
    book: &Book,
    item: usize,
    person: usize,
    date: NaiveDate,
    given: Option<Points>,
) -> Result<Points, Problem> {
    let rules = &book.rules;
    let it = &rules.items[item];
    let p = &book.roster.people[person];
    let role = &rules.roles[p.role];
    if !it.allows_role(p.role) {
        let allowed: Vec<String> = it
            .roles
            .iter()
            .flatten()
            .map(|&r| rules.roles[r].name.clone())
            .collect();
        return Err(Problem::RoleNotAllowed {
            person: who(book, person),
            role: role.name.clone(),
            item: item_words(book, item),
            allowed,
        });
    }
    let Some(r) = it.rates.on(date) else {
        return Err(Problem::NoRate {
            item: item_words(book, item),
            date,
            from: it
                .rates
                .first_from()
                .map(|d| i18n::date(d).to_string())
                .unwrap_or_default(),
        });
    };
    let r = r.for_role(p.role).ok_or_else(|| Problem::NoRoleRate {
        item: item_words(book, item),
        person: who(book, person),
        role: tr!(record.role, name = role.name, id = role.id),
    })?;
    let hourly = it.unit == Unit::Hour;
    let role_words = || tr!(record.role, name = role.name, id = role.id);
    Ok(crate::compute::range::per_unit(
        r,
        given,
        hourly,
        || item_words(book, item),
        role_words,
    )?)
}

/// Every reason `person` may not earn `item` on `date` (role, stay, rate).
pub fn check_earner(
    book: &Book,
    item: usize,
    person: usize,
    date: NaiveDate,
    given: Option<Points>,
) -> Vec<Problem> {
    let mut v: Vec<Problem> = rate(book, item, person, date, given)
        .err()
        .into_iter()
        .collect();
    let living = check_living(book, person, date, true);
    // The role first, then the stay, then the rate.
    match v.first() {
        Some(Problem::RoleNotAllowed { .. }) => v.extend(living),
        _ => v.splice(0..0, living).for_each(drop),
    }
    v
}

/// One planned earn row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Earn {
    pub person: usize,
    /// A household deed: `person` is the household's head.
    pub household: bool,
    /// The points the row gets (after max_qty and caps).
    pub points: Points,
    pub notes: Vec<Note>,
}

/// Cap room taken: (person, cap owner, bucket) → points (as `scan::Outcome::cap_used`).
pub type CapUsed = rustc_hash::FxHashMap<(usize, CapOwner, i32), Points>;

/// The points of one `item` row of `qty` on `date` for each of `people`,
/// capped against `cap_used` (the room taken by everything already in the
/// book), exactly as `check` computes them for rows at the end of the ledger.
pub fn plan_earn(
    book: &Book,
    item: usize,
    people: &[usize],
    qty: Points,
    given: Option<Points>,
    date: NaiveDate,
    cap_used: &CapUsed,
) -> Result<Vec<Earn>, Vec<Problem>> {
    plan_earn_for(book, item, people, false, qty, given, date, cap_used)
}

/// As [`plan_earn`]; with `household`, `people` are household heads and the
/// rows household deeds (SPEC §10).
#[allow(clippy::too_many_arguments)]
pub fn plan_earn_for(
    book: &Book,
    item: usize,
    people: &[usize],
    household: bool,
    qty: Points,
    given: Option<Points>,
    date: NaiveDate,
    cap_used: &CapUsed,
) -> Result<Vec<Earn>, Vec<Problem>> {
    let rules = &book.rules;
    let it = &rules.items[item];
    let mut used = cap_used.clone();
    let mut out = Vec::with_capacity(people.len());
    let mut problems = Vec::new();
    for &person in people {
        let r = match rate(book, item, person, date, given) {
            Ok(r) => r,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let counted = it.max_qty.map_or(qty, |m| qty.min(m));
        let Some(full) = r.checked_mul(counted) else {
            problems.push(Problem::TooLarge);
            continue;
        };
        let mut notes = Vec::new();
        if counted != qty {
            notes.push(Note::MaxQty {
                person: who_of(book, person, household),
                item: it.name.clone(),
                qty,
                counted,
                unit: it.unit,
            });
        }
        let mut points = full;
        let mut binding = None;
        // `cap` cuts positive points, `deduct_cap` the magnitude of negative ones.
        let keys = cap_keys(rules, item, full);
        for (owner, cap) in &keys {
            let key = scan::cap_key_of(&book.roster, person, household, *owner, cap, date);
            let taken = used.get(&key).copied().unwrap_or_default();
            let room = cap
                .points
                .checked_sub(taken)
                .unwrap_or_default()
                .max(Points::ZERO);
            if room < points.abs() {
                points = scan::signed(room, full.is_negative());
                binding = Some((*owner, *cap));
            }
        }
        let mut fits = true;
        for (owner, cap) in &keys {
            let key = scan::cap_key_of(&book.roster, person, household, *owner, cap, date);
            let u = used.entry(key).or_default();
            match u.checked_add(points.abs()) {
                Some(n) => *u = n,
                None => fits = false,
            }
        }
        if !fits {
            problems.push(Problem::TooLarge);
            continue;
        }
        if let Some((owner, cap)) = binding {
            let on = match owner {
                CapOwner::Item(i) | CapOwner::ItemDeduct(i) => rules.items[i].name.clone(),
                CapOwner::Category(c) | CapOwner::CategoryDeduct(c) => {
                    tr!(record.cap_on_category, name = rules.categories[c].name)
                }
            };
            let on = if cap.by_household {
                let household = &book.roster.people[person].household;
                tr!(deduct_cap.on_household, name = on, household = household)
            } else {
                on
            };
            let person = who_of(book, person, household);
            let deducts = owner.deducts();
            notes.push(if points.is_zero() {
                Note::CapReached {
                    person,
                    on,
                    per: cap.per,
                    cap: cap.points,
                    deducts,
                }
            } else {
                Note::CapCut {
                    person,
                    on,
                    per: cap.per,
                    cap: cap.points,
                    from: full,
                    to: points,
                    deducts,
                }
            });
        }
        out.push(Earn {
            person,
            household,
            points,
            notes,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The people whose rows the caps of `item` for `people` depend on: those
/// people, and under a household cap everyone in their households.
pub fn cap_scope(book: &Book, item: usize, people: &[usize]) -> Vec<usize> {
    let rules = &book.rules;
    let it = &rules.items[item];
    let category = &rules.categories[it.category];
    let shared = [it.cap, it.deduct_cap, category.cap, category.deduct_cap]
        .iter()
        .flatten()
        .any(|c| c.by_household);
    if !shared {
        return people.to_vec();
    }
    let mut v: Vec<usize> = people
        .iter()
        .flat_map(|&p| book.roster.household_members(p))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Where rows go into a ledger that is not the last, caps are counted up to
/// that ledger (`before`), but rows in later ledgers (`all` counts them too)
/// come after the new rows in ledger order: refuse where a new row takes cap
/// room in a period those later rows also use, as it would change their points.
pub fn check_cap_order(
    book: &Book,
    item: usize,
    date: NaiveDate,
    plan: &[Earn],
    before: &CapUsed,
    all: &CapUsed,
    ledger: &str,
) -> Vec<Problem> {
    let rules = &book.rules;
    let mut v = Vec::new();
    for e in plan.iter().filter(|e| !e.points.is_zero()) {
        for (owner, cap) in cap_keys(rules, item, e.points) {
            let key = scan::cap_key_of(&book.roster, e.person, e.household, owner, &cap, date);
            if before.get(&key) != all.get(&key) {
                v.push(Problem::CapBehindLaterRows {
                    person: who_of(book, e.person, e.household),
                    on: match owner {
                        CapOwner::Item(i) | CapOwner::ItemDeduct(i) => rules.items[i].name.clone(),
                        CapOwner::Category(c) | CapOwner::CategoryDeduct(c) => {
                            rules.categories[c].name.clone()
                        }
                    },
                    ledger: ledger.to_string(),
                });
                break;
            }
        }
    }
    v
}

/// What a command needs to learn from the book, beyond the scan's own outcome.
#[derive(Debug, Default)]
pub struct Look<'a> {
    /// New ids about to be written: any already in the book is reported.
    pub new_ids: &'a [String],
    /// Collect the entries whose id starts with this (for `void`).
    pub prefix: Option<&'a str>,
    /// For `redeem`: the account's members, the reward and the round (its period).
    pub redeem: Option<(&'a [usize], usize, &'a Period)>,
    /// Read only these people's rows (and rows with `new_ids`): all that
    /// caps, balances and limits of the people written for depend on.
    pub scope: Option<&'a [usize]>,
}

/// An entry whose id starts with the prefix looked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub id: String,
    pub date: NaiveDate,
    pub person: usize,
    /// A household deed (`person` is the household's head).
    pub household: bool,
    pub kind: Kind,
    pub item: String,
    pub qty: Option<Points>,
    pub points: Points,
    /// The void that cancels it, if any.
    pub voided_by: Option<String>,
    /// It awaits approval (SPEC §11): it moves no balance.
    pub pending: bool,
    pub file: usize,
    pub line: usize,
}

/// How many non-exact matches are kept (the rest are only counted).
const MAX_MATCHES: usize = 10;

/// What one pass over the book found.
#[derive(Debug, Default)]
pub struct Facts {
    pub outcome: Outcome,
    /// Every person's balance (all dates), indexed like the roster.
    pub balances: Vec<Points>,
    /// The balance of each household's own deeds (SPEC §10), by household head.
    pub deeds: std::collections::HashMap<usize, Points>,
    /// New ids that the book already uses.
    pub clashes: Vec<String>,
    /// The entry whose id is exactly the prefix (the first in ledger order).
    pub exact: Option<Match>,
    /// Later entries with that very id (a book with duplicate ids).
    pub exact_again: Vec<Match>,
    /// Entries whose id starts with the prefix (at most [`MAX_MATCHES`]), and how many more.
    pub matches: Vec<Match>,
    pub more_matches: usize,
    /// Redeem: the account members' counted points per date.
    pub daily: BTreeMap<NaiveDate, Points>,
    /// Redeem: the dates of the account's counted redemptions.
    pub redeem_dates: Vec<NaiveDate>,
    /// Redeem: the quantity of the reward the account already has in the round
    /// (rows of its commits, and single redemptions dated in its period).
    pub redeemed: Points,
}

/// One pass over the ledgers for `look`.
pub fn facts(book: &Book, look: &Look<'_>) -> Facts {
    let new_ids: HashSet<&str> = look.new_ids.iter().map(String::as_str).collect();
    let mut f = Facts {
        balances: vec![Points::ZERO; book.roster.len()],
        ..Facts::default()
    };
    // Household deeds pay only where the account is the household.
    let pooled = book.rules.exchange.account == crate::book::rules::Account::Household;
    let members: HashSet<usize> = look
        .redeem
        .map(|(m, _, _)| m.iter().copied().collect())
        .unwrap_or_default();
    // A sum that does not fit is an error at the row that makes it so.
    let mut too_large: Option<Diagnostic> = None;
    let mut add = |sum: &mut Points, p: Points, e: &Entry<'_>| match sum.checked_add(p) {
        Some(n) => *sum = n,
        None => {
            too_large.get_or_insert_with(|| {
                Diagnostic::error(&book.ledgers[e.file], e.line, tr!(record.balance_too_large))
                    .fix(tr!(record.balance_too_large_fix))
            });
        }
    };
    let mut visit = |e: &Entry<'_>| {
        if new_ids.contains(e.id) {
            f.clashes.push(e.id.to_string());
        }
        if e.counts_for_person() {
            if let Some(b) = f.balances.get_mut(e.person) {
                add(b, e.points, e);
            }
        } else if e.counts() {
            add(f.deeds.entry(e.person).or_default(), e.points, e);
        }
        if let Some(prefix) = look.prefix {
            if e.id.starts_with(prefix) {
                let m = Match {
                    id: e.id.to_string(),
                    date: e.date,
                    person: e.person,
                    household: e.household,
                    kind: e.kind,
                    item: match e.what {
                        What::Item(i) => book.rules.items[i].id.clone(),
                        What::Reward(r) => book.rules.rewards[r].id.clone(),
                        What::Category(c) => book.rules.categories[c].id.clone(),
                    },
                    qty: e.qty,
                    points: e.points,
                    voided_by: match e.status {
                        Status::Voided(v) => Some(v.to_string()),
                        _ => None,
                    },
                    pending: e.status == Status::Pending,
                    file: e.file,
                    line: e.line,
                };
                if e.id == prefix && f.exact.is_some() {
                    f.exact_again.push(m);
                } else if e.id == prefix {
                    f.exact = Some(m);
                } else if f.matches.len() < MAX_MATCHES {
                    f.matches.push(m);
                } else {
                    f.more_matches += 1;
                }
            }
        }
        if let Some((_, reward, round)) = look.redeem {
            if members.contains(&e.person) && e.counts() && (!e.household || pooled) {
                add(f.daily.entry(e.date).or_default(), e.points, e);
                if e.kind == Kind::Redeem {
                    f.redeem_dates.push(e.date);
                    if e.what == What::Reward(reward)
                        && in_round(e.reference, e.date, &round.label, round)
                    {
                        // Past what can be counted: beyond any per-person
                        // limit (at most 10^9), which is all it is used for.
                        f.redeemed = f
                            .redeemed
                            .checked_add(e.qty.unwrap_or_default())
                            .unwrap_or(Points::from_hundredths(i64::MAX));
                    }
                }
            }
        }
    };
    let scope = look
        .scope
        .map(|people| scan::Scope::new(book, people, look.new_ids));
    f.outcome = scan::scan_scoped(book, Mode::Report, scope.as_ref(), &mut visit);
    f.outcome.diagnostics.extend(too_large);
    f
}

/// The people whose balance pays for `person`'s redemptions: the person, or
/// their household where the exchange's account is the household.
pub fn account_of(book: &Book, person: usize) -> (Vec<usize>, String) {
    let p = &book.roster.people[person];
    match book.rules.exchange.account {
        Account::Person => (vec![person], who(book, person)),
        Account::Household => (
            book.roster
                .people
                .iter()
                .enumerate()
                .filter(|(_, q)| q.household == p.household)
                .map(|(i, _)| i)
                .collect(),
            tr!(record.account_household, household = p.household),
        ),
    }
}

/// The quantity of a redemption: whole, at least 1 (absent: 1).
pub fn redeem_qty(text: Option<&str>) -> Result<Points, Problem> {
    let Some(t) = text else {
        return Ok(Points::from_whole(1));
    };
    match Points::parse(&crate::model::typed(t)) {
        Ok(q) if q.is_whole() && q.is_positive() => Ok(q),
        // Not a number: a malformed value (exit 2), as for `add`.
        Err(why) => Err(Problem::QtyNotNumber {
            text: t.to_string(),
            why,
        }),
        Ok(_) => Err(Problem::RedeemQty {
            text: t.to_string(),
        }),
    }
}

/// The points of a redemption (−cost × qty), or why it is refused: the
/// account's balance as of `date`, and at each later redemption of the
/// account, must stay at or above zero; the reward's `per_person` limit for
/// the round must not be passed.
pub fn plan_redeem(
    book: &Book,
    facts: &Facts,
    account: &str,
    reward: usize,
    qty: Points,
    date: NaiveDate,
    round: &str,
) -> Result<Points, Vec<Problem>> {
    let rw = &book.rules.rewards[reward];
    let Some(cost) = rw.costs.on(date).copied() else {
        return Err(vec![Problem::NoCost {
            reward: rw.name.clone(),
            date,
            from: rw
                .costs
                .first_from()
                .map(|d| i18n::date(d).to_string())
                .unwrap_or_default(),
        }]);
    };
    let spend = cost.checked_mul(qty).ok_or(vec![Problem::TooLarge])?;
    let points = spend.checked_neg().ok_or(vec![Problem::TooLarge])?;
    let mut problems = Vec::new();
    if let Some(limit) = rw.per_person {
        let after = facts
            .redeemed
            .checked_add(qty)
            .ok_or(vec![Problem::TooLarge])?;
        // A limit beyond what an i64 of hundredths holds is no limit at all.
        let limit_h = i64::try_from(limit).ok().and_then(|l| l.checked_mul(100));
        if limit_h.is_some_and(|l| after.hundredths() > l) {
            problems.push(Problem::LimitReached {
                account: account.to_string(),
                reward: rw.name.clone(),
                round: round.to_string(),
                already: facts.redeemed,
                qty,
                limit,
            });
        }
    }
    let balance_on = |d: NaiveDate| {
        facts
            .daily
            .range(..=d)
            .try_fold(Points::ZERO, |a, (_, p)| a.checked_add(*p))
            .ok_or(vec![Problem::TooLarge])
    };
    let balance = balance_on(date)?;
    if balance.checked_add(points).is_none_or(Points::is_negative) {
        problems.push(Problem::NotEnoughPoints {
            account: account.to_string(),
            date,
            balance,
            spend,
            reward: rw.name.clone(),
            qty,
        });
    } else {
        let mut later: Vec<NaiveDate> = facts
            .redeem_dates
            .iter()
            .copied()
            .filter(|d| *d > date)
            .collect();
        later.sort();
        later.dedup();
        for d in later {
            let after = balance_on(d)?
                .checked_add(points)
                .ok_or(vec![Problem::TooLarge])?;
            if after.is_negative() {
                problems.push(Problem::LaterShortfall {
                    account: account.to_string(),
                    date: d,
                    after,
                    spend,
                });
                break;
            }
        }
    }
    if problems.is_empty() {
        Ok(points)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn book() -> Book {
        Book::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic")).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        crate::model::parse_date(s).unwrap()
    }

    #[test]
    fn caps_cut_like_check() {
        let b = book();
        let patrol = b.rules.item("patrol").unwrap();
        let p01 = b.roster.index("P01").unwrap();
        let f = facts(&b, &Look::default());
        // P01 has 20 of 20 in January 2026 already.
        let e = plan_earn(
            &b,
            patrol,
            &[p01],
            Points::from_whole(2),
            None,
            d("2026-01-30"),
            &f.outcome.cap_used,
        )
        .unwrap();
        assert_eq!(e[0].points, Points::ZERO);
        assert_eq!(
            e[0].notes[0].to_string(),
            "张三 (P01): 治安巡逻: monthly cap of 20 reached — recorded with 0 points"
        );
        // In February: 3 × 4 (max_qty) = 12, twice in one plan is impossible
        // (people are distinct), so check a cut against a hand-made room.
        let mut used = CapUsed::default();
        used.insert(
            (
                p01,
                CapOwner::Item(patrol),
                CapPer::Month.bucket(d("2026-02-01")),
            ),
            Points::from_whole(14),
        );
        let e = plan_earn(
            &b,
            patrol,
            &[p01],
            Points::from_whole(6),
            None,
            d("2026-02-01"),
            &used,
        )
        .unwrap();
        assert_eq!(e[0].points, Points::from_whole(6));
        assert_eq!(
            e[0].notes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            vec![
                "张三 (P01): 治安巡逻: 6 hours recorded, points for 4 (max_qty)",
                "张三 (P01): 治安巡逻: 12 cut to 6 by the monthly cap of 20"
            ]
        );
    }

    #[test]
    fn refusals_for_earners() {
        let b = book();
        let meeting = b.rules.item("meeting").unwrap();
        let p02 = b.roster.index("P02").unwrap();
        let p04 = b.roster.index("P04").unwrap();
        let v = check_earner(&b, meeting, p02, d("2026-08-01"), None);
        assert_eq!(v.len(), 1);
        assert_eq!(
            v[0].to_string(),
            "李四 (P02) is a 群众, who may not earn 三会一课: only 党员 may"
        );
        let v = check_earner(&b, meeting, p04, d("2026-08-01"), None);
        assert_eq!(
            v[0].to_string(),
            "赵六 (P04) moved out on 2026-05-31, so earns nothing on 2026-08-01"
        );
        let v = check_earner(&b, meeting, p04, d("2024-08-01"), None);
        assert_eq!(
            v[0].to_string(),
            "三会一课 has no rate on 2024-08-01: its schedule starts on 2025-01-01; give a later --date, or add an earlier rate to the item's `rates` in points.toml"
        );
    }

    #[test]
    fn quantities() {
        let b = book();
        let patrol = b.rules.item("patrol").unwrap();
        let vol = b.rules.item("volunteer").unwrap();
        assert!(matches!(
            earn_qty(&b, patrol, None),
            Err(Problem::QtyMissing { .. })
        ));
        assert_eq!(earn_qty(&b, vol, None), Ok(Points::from_whole(1)));
        assert_eq!(
            earn_qty(&b, patrol, Some("1.5")),
            Ok(Points::from_hundredths(150))
        );
        assert!(matches!(
            earn_qty(&b, patrol, Some("0")),
            Err(Problem::QtyNotPositive { .. })
        ));
        assert!(matches!(
            earn_qty(&b, patrol, Some("-1")),
            Err(Problem::QtyNotPositive { .. })
        ));
        assert!(matches!(
            earn_qty(&b, patrol, Some("1.255")),
            Err(Problem::QtyNotNumber { .. })
        ));
        assert!(matches!(
            earn_qty(&b, vol, Some("1.5")),
            Err(Problem::QtyNotWhole { .. })
        ));
        assert_eq!(redeem_qty(Some("2")), Ok(Points::from_whole(2)));
        assert!(redeem_qty(Some("1.5")).is_err());
        assert!(redeem_qty(Some("0")).is_err());
    }

    #[test]
    fn redemption_limits() {
        let b = book();
        let towel = b.rules.reward("towel").unwrap();
        let p01 = b.roster.index("P01").unwrap();
        let (members, account) = account_of(&b, p01);
        let f = facts(
            &b,
            &Look {
                redeem: Some((&members, towel, &Period::parse("2026H1").unwrap())),
                ..Look::default()
            },
        );
        // P01: 30 open + 12 + 8 + 0 + 2 − 20 (+3 in July) = 32 by June; one towel in 2026H1 already.
        assert_eq!(f.redeemed, Points::from_whole(1));
        assert_eq!(
            plan_redeem(
                &b,
                &f,
                &account,
                towel,
                Points::from_whole(1),
                d("2026-06-01"),
                "2026H1"
            ),
            Ok(Points::from_whole(-20))
        );
        let e = plan_redeem(
            &b,
            &f,
            &account,
            towel,
            Points::from_whole(2),
            d("2026-06-01"),
            "2026H1",
        )
        .unwrap_err();
        assert_eq!(
            e.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec![
                "张三 (P01) already has 1 × 毛巾 in round 2026H1; 2 more would pass the limit of 2 per person per round",
                "张三 (P01) has a balance of 32 on 2026-06-01, and 2 × 毛巾 costs 40: not enough points (`points show` lists the entries)",
            ]
        );
    }
}
