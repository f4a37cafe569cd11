//! Points that expire (SPEC §10, §12 "Expiry"): `[exchange] expire = { after
//! = N, per = … }`. Run only when the rules say so: books without the rule
//! never come here and are exactly as fast as before.
//!
//! Each account (a person, or a household where `account = "household"`)
//! holds **lots**, oldest first. Points earned on a day (an `earn` or `open`
//! row with positive points) make a lot that lasts until the end of the
//! `after`-th period following the one they were earned in: they count on
//! that last day and are gone the next, the day of the **expiry**. Spending
//! (`redeem`) and deductions (negative points) take the oldest lots first;
//! what they cannot take is a **debt**, a negative lot that never expires and
//! that new points pay first. Voided rows are left out altogether (a void is
//! retroactive). Rows go in date order, ledger order within a day, and a day's
//! expiries come before its rows. A redemption of an exchange commit (its
//! `ref` names a round) that is dated after its round's last day is taken on
//! that last day: points unexpired then are spendable in that round,
//! whatever its exchange date (SPEC §12).
//!
//! Expired points stay with the person who earned them, so that for every
//! person balance = earned − spent − expired, and an account's figures are
//! the sums of its members'.

use crate::book::diag::Diagnostic;
use crate::book::rules::{Account, Expire};
use crate::book::Book;
use crate::compute::record::Facts;
use crate::compute::scan::{self, Entry, Finding, Mode, Scope};
use crate::model::points::Overflow;
use crate::model::{CapPer, Kind, Period, Points};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::VecDeque;

/// The last day on which points earned on `d` can be spent.
pub fn last_day(rule: Expire, d: NaiveDate) -> NaiveDate {
    let months: i64 = match rule.per {
        CapPer::Month => 1,
        CapPer::Quarter => 3,
        CapPer::HalfYear => 6,
        _ => 12,
    };
    let index = i64::from(d.year()) * 12 + i64::from(d.month0());
    let last = index.div_euclid(months) * months + (i64::from(rule.after) + 1) * months - 1;
    i32::try_from(last.div_euclid(12))
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, last.rem_euclid(12) as u32 + 1, 1))
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// One counted row that moves a balance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The day it is taken on: its date, or its round's last day (see the
    /// module's comment).
    pub day: NaiveDate,
    /// Its own date.
    pub date: NaiveDate,
    pub seq: u64,
    pub person: usize,
    pub points: Points,
    pub redeem: bool,
    /// A household deed (SPEC §10): `person` is the household's first
    /// member, and the points are the household's, not that person's.
    pub household: bool,
    /// Where it is: (ledger file, line).
    pub at: (usize, usize),
}

impl Row {
    /// A resolved entry as a row, if it counts and moves a balance.
    pub fn of(e: &Entry<'_>) -> Option<Row> {
        if !e.counts() || e.kind == Kind::Void {
            return None;
        }
        let redeem = e.kind == Kind::Redeem;
        let day = if redeem && !e.reference.is_empty() {
            Period::parse(e.reference)
                .ok()
                .and_then(|p| p.end)
                .filter(|end| *end < e.date)
                .unwrap_or(e.date)
        } else {
            e.date
        };
        Some(Row {
            day,
            date: e.date,
            seq: e.seq,
            person: e.person,
            points: e.points,
            redeem,
            household: e.household,
            at: (e.file, e.line),
        })
    }
}

/// The counted rows of `people` (everyone: `None`), in ledger order.
pub fn rows(book: &Book, people: Option<&[usize]>) -> Vec<Row> {
    let mut out = Vec::new();
    let scope = people.map(|p| Scope::new(book, p, &[]));
    // With person accounts a household deed is nobody's to spend.
    let deeds = book.rules.exchange.account == Account::Household;
    let mut visit = |e: &Entry<'_>| {
        if (deeds || !e.household) && people.is_none_or(|p| p.contains(&e.person)) {
            out.extend(Row::of(e));
        }
    };
    scan::scan_scoped(book, Mode::Report, scope.as_ref(), &mut visit);
    out
}

/// The account a person's points belong to (an index of the roster: the
/// person, or their household's first member).
pub fn account(book: &Book, person: usize) -> usize {
    match book.rules.exchange.account {
        Account::Person => person,
        Account::Household => book.roster.household_head(person),
    }
}

/// What to count: rows dated up to `until`, expiries dated up to `cutoff`.
#[derive(Clone, Copy, Debug)]
pub struct AsOf {
    pub until: NaiveDate,
    pub cutoff: NaiveDate,
}

impl AsOf {
    /// As of the end of `d`.
    pub fn day(d: NaiveDate) -> AsOf {
        AsOf {
            until: d,
            cutoff: d,
        }
    }
}

/// Points that were gone on `date`, earned by `person`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expiry {
    pub date: NaiveDate,
    pub person: usize,
    /// A positive amount.
    pub points: Points,
    /// Points of a household deed: the household's (headed by `person`).
    pub household: bool,
}

/// The lots worked out, per person (indexed like the roster).
#[derive(Debug, Default)]
pub struct Lots {
    /// Points of the counted rows (earned less spent).
    pub net: Vec<Points>,
    /// Points expired (a positive amount).
    pub expired: Vec<Points>,
    /// Points that expire at the end of the period (of the rule's kind)
    /// holding `until`.
    pub expiring: Vec<Points>,
    /// The part of `expired` and `expiring` that is household deeds'
    /// (counted under the household's first member, SPEC §10): a person's
    /// own figures leave it out, a household's take it.
    pub deed_expired: Vec<Points>,
    pub deed_expiring: Vec<Points>,
    /// Every expiry, by account, then date.
    pub expiries: Vec<Expiry>,
    /// Each redemption: the row, and its account's balance at the end of
    /// the day it is taken on.
    pub redeemed: Vec<(Row, Points)>,
}

impl Lots {
    /// A person's balance: net less expired.
    pub fn balance(&self, person: usize) -> Points {
        let net = self.net.get(person).copied().unwrap_or_default();
        let gone = self.expired.get(person).copied().unwrap_or_default();
        net.checked_sub(gone).unwrap_or(net)
    }
}

/// A lot: positive points of `person` that last until `last`, or a debt
/// (negative points, never expiring).
struct Lot {
    last: NaiveDate,
    points: Points,
    person: usize,
    household: bool,
}

fn add(a: &mut Points, b: Points) -> Result<(), Overflow> {
    *a = a.checked_add(b).ok_or(Overflow)?;
    Ok(())
}

/// Work out the lots of every account in `rows` as of `at`.
pub fn lots(book: &Book, rule: Expire, rows: &[Row], at: AsOf) -> Result<Lots, Overflow> {
    let n = book.roster.len();
    let mut out = Lots {
        net: vec![Points::ZERO; n],
        expired: vec![Points::ZERO; n],
        expiring: vec![Points::ZERO; n],
        deed_expired: vec![Points::ZERO; n],
        deed_expiring: vec![Points::ZERO; n],
        ..Lots::default()
    };
    let mut sorted: Vec<(usize, Row)> = rows
        .iter()
        .filter(|r| r.date <= at.until && r.person < n)
        .map(|r| (account(book, r.person), *r))
        .collect();
    sorted.sort_unstable_by_key(|(a, r)| (*a, r.day, r.seq));
    let ending = rule.per.bounds(at.until).1;
    let mut i = 0;
    while i < sorted.len() {
        let acc = sorted[i].0;
        let mut lots: VecDeque<Lot> = VecDeque::new();
        let mut balance = Points::ZERO;
        // Expire the lots gone on or before `day` (and not after the cutoff).
        let expire = |lots: &mut VecDeque<Lot>,
                      balance: &mut Points,
                      day: NaiveDate,
                      out: &mut Lots|
         -> Result<(), Overflow> {
            let limit = day.min(at.cutoff);
            while let Some(front) = lots.front() {
                let gone = front.last.succ_opt().unwrap_or(NaiveDate::MAX);
                if !front.points.is_positive() || gone > limit {
                    break;
                }
                let Some(lot) = lots.pop_front() else { break };
                add(&mut out.expired[lot.person], lot.points)?;
                if lot.household {
                    add(&mut out.deed_expired[lot.person], lot.points)?;
                }
                *balance = balance.checked_sub(lot.points).ok_or(Overflow)?;
                out.expiries.push(Expiry {
                    date: gone,
                    person: lot.person,
                    points: lot.points,
                    household: lot.household,
                });
            }
            Ok(())
        };
        while i < sorted.len() && sorted[i].0 == acc {
            let day = sorted[i].1.day;
            expire(&mut lots, &mut balance, day, &mut out)?;
            let first = i;
            while i < sorted.len() && sorted[i].0 == acc && sorted[i].1.day == day {
                let r = sorted[i].1;
                add(&mut out.net[r.person], r.points)?;
                add(&mut balance, r.points)?;
                take(&mut lots, rule, &r)?;
                i += 1;
            }
            for (_, r) in sorted[first..i].iter().filter(|(_, r)| r.redeem) {
                out.redeemed.push((*r, balance));
            }
        }
        expire(&mut lots, &mut balance, NaiveDate::MAX, &mut out)?;
        for lot in lots.iter().filter(|l| l.points.is_positive()) {
            if lot.last == ending {
                add(&mut out.expiring[lot.person], lot.points)?;
                if lot.household {
                    add(&mut out.deed_expiring[lot.person], lot.points)?;
                }
            }
        }
    }
    Ok(out)
}

/// For `redeem` (SPEC §10): what [`crate::compute::record::plan_redeem`]
/// reads of the account's balances, with expiry. A new redemption of
/// `points` (negative) by `person` on `date` is taken after the day's rows.
/// `daily` is then such that its sum up to `date` is the account's balance
/// at the end of `date`, and its sum up to each later redemption's day, less
/// the new points, is the account's balance at the end of that day with the
/// new redemption; `redeem_dates` holds `date` and those days. `balances`
/// holds `person`'s balance as of `today` with the new redemption, before
/// its points are added (the rows written show it after).
#[allow(clippy::too_many_arguments)]
pub fn redeem_facts(
    book: &Book,
    rule: Expire,
    members: &[usize],
    person: usize,
    points: Points,
    date: NaiveDate,
    today: NaiveDate,
    facts: &mut Facts,
) -> Result<(), Overflow> {
    let mut rows = rows(book, Some(members));
    let account_balance = |lots: &Lots| {
        members
            .iter()
            .try_fold(Points::ZERO, |a, &m| a.checked_add(lots.balance(m)))
            .ok_or(Overflow)
    };
    let before = account_balance(&lots(book, rule, &rows, AsOf::day(date))?)?;
    rows.push(Row {
        day: date,
        date,
        seq: u64::MAX,
        person,
        points,
        redeem: true,
        household: false,
        at: (usize::MAX, 0),
    });
    let after = lots(book, rule, &rows, AsOf::day(NaiveDate::MAX))?;
    let mut later: Vec<(NaiveDate, Points)> = after
        .redeemed
        .iter()
        .filter(|(r, _)| r.day > date)
        .map(|(r, b)| (r.day, *b))
        .collect();
    later.sort_by_key(|(d, _)| *d);
    later.dedup_by_key(|(d, _)| *d);
    facts.daily.clear();
    facts.daily.insert(date, before);
    facts.redeem_dates = vec![date];
    let mut sum = before;
    for (d, b) in later {
        // plan_redeem adds the new points to the sum up to `d`.
        let want = b.checked_sub(points).ok_or(Overflow)?;
        facts
            .daily
            .insert(d, want.checked_sub(sum).ok_or(Overflow)?);
        facts.redeem_dates.push(d);
        sum = want;
    }
    let now = lots(book, rule, &rows, AsOf::day(today.max(date)))?;
    if let Some(b) = facts.balances.get_mut(person) {
        *b = now.balance(person).checked_sub(points).ok_or(Overflow)?;
    }
    Ok(())
}

/// For `add` (SPEC §10): each person's balance as of `today` with the new
/// rows (person, date, points), before their points are added (the rows
/// written show the balance after them), into `balances`.
pub fn shown_balances(
    book: &Book,
    rule: Expire,
    new: &[(usize, NaiveDate, Points)],
    today: NaiveDate,
    balances: &mut [Points],
) -> Result<(), Overflow> {
    let accounts: Vec<usize> = new.iter().map(|&(p, _, _)| account(book, p)).collect();
    let members: Vec<usize> = (0..book.roster.len())
        .filter(|&q| accounts.contains(&account(book, q)))
        .collect();
    let mut rows = rows(book, Some(&members));
    let mut last = today;
    for (k, &(person, date, points)) in new.iter().enumerate() {
        last = last.max(date);
        rows.push(Row {
            day: date,
            date,
            seq: u64::MAX - (new.len() - k) as u64,
            person,
            points,
            redeem: false,
            household: false,
            at: (usize::MAX, 0),
        });
    }
    let lots = lots(book, rule, &rows, AsOf::day(last))?;
    for &(person, _, _) in new {
        let added = new
            .iter()
            .filter(|n| n.0 == person)
            .try_fold(Points::ZERO, |a, n| a.checked_add(n.2))
            .ok_or(Overflow)?;
        if let Some(b) = balances.get_mut(person) {
            *b = lots.balance(person).checked_sub(added).ok_or(Overflow)?;
        }
    }
    Ok(())
}

/// For `add --households` (SPEC §10): the balance of the household headed
/// by each of `new`'s heads (head, date, points) as of `today` with the new
/// deeds, before their points are added (the rows written show the balance
/// after them), into `balances` at `roster.len() + head` (as
/// `record::household_balances` places it): its members' unexpired points
/// and its deeds'. With person accounts a deed is nobody's to spend and
/// never expires: `deeds` (the household's deeds so far) is added as it is.
pub fn shown_household_balances(
    book: &Book,
    rule: Expire,
    new: &[(usize, NaiveDate, Points)],
    today: NaiveDate,
    deeds: &std::collections::HashMap<usize, Points>,
    balances: &mut [Points],
) -> Result<(), Overflow> {
    let n = book.roster.len();
    let mut heads: Vec<usize> = new.iter().map(|&(h, _, _)| h).collect();
    heads.sort_unstable();
    heads.dedup();
    let members: Vec<usize> = (0..n)
        .filter(|&q| heads.contains(&book.roster.household_head(q)))
        .collect();
    let mut rows = rows(book, Some(&members));
    let in_lots = book.rules.exchange.account == Account::Household;
    let mut last = today;
    for (k, &(head, date, points)) in new.iter().enumerate() {
        last = last.max(date);
        if in_lots {
            rows.push(Row {
                day: date,
                date,
                seq: u64::MAX - (new.len() - k) as u64,
                person: head,
                points,
                redeem: false,
                household: true,
                at: (usize::MAX, 0),
            });
        }
    }
    let lots = lots(book, rule, &rows, AsOf::day(last))?;
    for head in heads {
        let mut sum = Points::ZERO;
        for m in book.roster.household_members(head) {
            add(&mut sum, lots.balance(m))?;
        }
        if in_lots {
            for &(_, _, points) in new.iter().filter(|x| x.0 == head) {
                sum = sum.checked_sub(points).ok_or(Overflow)?;
            }
        } else {
            add(&mut sum, deeds.get(&head).copied().unwrap_or_default())?;
        }
        if let Some(b) = balances.get_mut(n + head) {
            *b = sum;
        }
    }
    Ok(())
}

/// For `void` (SPEC §10): `person`'s balance as of `today` once the row at
/// `at` (ledger file, line) is voided: the lots as if it had never been.
pub fn balance_without(
    book: &Book,
    rule: Expire,
    person: usize,
    at: (usize, usize),
    today: NaiveDate,
) -> Result<Points, Overflow> {
    let acc = account(book, person);
    let members: Vec<usize> = (0..book.roster.len())
        .filter(|&q| account(book, q) == acc)
        .collect();
    let mut rows = rows(book, Some(&members));
    rows.retain(|r| r.at != at);
    Ok(lots(book, rule, &rows, AsOf::day(today))?.balance(person))
}

/// `check`'s warnings of redemptions beyond the balance, with expiry: each
/// redemption after which its account's balance, at the end of the day it is
/// taken on, is below zero. Sorted by file and line.
pub fn overdrawn(book: &Book, rule: Expire) -> Vec<Diagnostic> {
    let rows = rows(book, None);
    let at = AsOf::day(NaiveDate::MAX);
    let Ok(lots) = lots(book, rule, &rows, at) else {
        // The scan has said that the book's sums do not fit.
        return Vec::new();
    };
    let mut late: Vec<(Row, Points)> = lots
        .redeemed
        .into_iter()
        .filter(|(_, b)| b.is_negative())
        .collect();
    late.sort_by_key(|(r, _)| r.at);
    late.into_iter()
        .map(|(r, balance)| {
            let who = &book.roster.people[r.person];
            Finding::Overdrawn {
                name: who.name.clone(),
                person: who.id.clone(),
                balance,
                date: r.day,
            }
            .at(&book.ledgers[r.at.0], r.at.1)
        })
        .collect()
}

/// One row's points into an account's lots.
fn take(lots: &mut VecDeque<Lot>, rule: Expire, r: &Row) -> Result<(), Overflow> {
    let mut left = r.points;
    if left.is_positive() {
        // New points pay the oldest debt first.
        while left.is_positive() {
            let Some(front) = lots.front_mut().filter(|l| l.points.is_negative()) else {
                break;
            };
            let paid = left.min(front.points.checked_neg().ok_or(Overflow)?);
            front.points = front.points.checked_add(paid).ok_or(Overflow)?;
            left = left.checked_sub(paid).ok_or(Overflow)?;
            if front.points.is_zero() {
                lots.pop_front();
            }
        }
        if left.is_positive() {
            lots.push_back(Lot {
                last: last_day(rule, r.day),
                points: left,
                person: r.person,
                household: r.household,
            });
        }
    } else if left.is_negative() {
        // Spending and deductions take the oldest points first.
        let mut need = left.checked_neg().ok_or(Overflow)?;
        while need.is_positive() {
            let Some(front) = lots.front_mut().filter(|l| l.points.is_positive()) else {
                break;
            };
            let used = need.min(front.points);
            front.points = front.points.checked_sub(used).ok_or(Overflow)?;
            need = need.checked_sub(used).ok_or(Overflow)?;
            if front.points.is_zero() {
                lots.pop_front();
            }
        }
        if need.is_positive() {
            lots.push_back(Lot {
                last: NaiveDate::MAX,
                points: need.checked_neg().ok_or(Overflow)?,
                person: r.person,
                household: r.household,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::model::parse_date(s).unwrap()
    }

    #[test]
    fn the_last_day_is_the_end_of_the_after_th_following_period() {
        let year = |after| Expire {
            after,
            per: CapPer::Year,
        };
        assert_eq!(last_day(year(0), d("2026-03-05")), d("2026-12-31"));
        assert_eq!(last_day(year(1), d("2026-03-05")), d("2027-12-31"));
        let q = Expire {
            after: 2,
            per: CapPer::Quarter,
        };
        // 2026Q4 + 2 quarters: 2027Q2.
        assert_eq!(last_day(q, d("2026-11-30")), d("2027-06-30"));
        let m = Expire {
            after: 1,
            per: CapPer::Month,
        };
        assert_eq!(last_day(m, d("2028-01-31")), d("2028-02-29"));
        let h = Expire {
            after: 0,
            per: CapPer::HalfYear,
        };
        assert_eq!(last_day(h, d("2026-07-01")), d("2026-12-31"));
    }
}
