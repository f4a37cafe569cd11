//! Exchange rounds at the points supermarket (积分超市, SPEC §3.2).
//!
//! [`allocate`] is the round itself: a pure function over plain inputs
//! (accounts with their balance and earned points, rewards with cost, stock
//! and limit, and the wishes in file order), so that it can be tested and
//! property-tested without files. [`gather`] collects those inputs from a
//! book in one pass over the ledgers.

use crate::book::rules::{Eligible, Order, Subject, Unit};
use crate::book::Book;
use crate::compute::evaluate::{Reason as EvalReason, VetoHit};
use crate::compute::scan::{self, Entry, Mode, Outcome as ScanOutcome, What};
use crate::i18n;
use crate::model::{Kind, Period, Points};
use crate::tr;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

/// An account: a person, or a household whose members pool their points.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountIn {
    /// Person id or household id (ties in every order go by it).
    pub id: String,
    /// Earned in the round's period (for `order = "earned"`).
    pub earned: Points,
    /// Balance as of the exchange date.
    pub balance: Points,
    /// Units of each reward (index as in the rules) already redeemed in this
    /// round (non-voided rows of earlier commits, and single redemptions dated
    /// in the round's period); counts against the limit.
    pub redeemed: Vec<u64>,
    /// It does not meet `[exchange] eligible` (SPEC §10): its wishes are
    /// denied `not eligible` and it consumes nothing.
    pub ineligible: bool,
}

/// A reward as offered in this round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RewardIn {
    pub id: String,
    /// Cost of one unit on the exchange date; `None`: its `costs` schedule
    /// has not started by then, so it is not on offer.
    pub cost: Option<Points>,
    /// Units on hand for the round; `None`: unlimited.
    pub stock: Option<u64>,
    /// Units one account may get per round; `None`: no limit.
    pub per_person: Option<u64>,
    /// Units already given out in this round (earlier commits, and single
    /// redemptions dated in its period): they came out of the stock.
    pub already: u64,
}

/// One row of the requests file, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wish {
    /// The account of the person who wished; `None`: unknown person.
    pub account: Option<usize>,
    /// `None`: unknown reward.
    pub reward: Option<usize>,
    /// `None`: not a whole number of at least 1.
    pub qty: Option<u64>,
    /// The person left before the exchange date.
    pub left: bool,
}

/// What became of a wish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Granted,
    Partial,
    Denied,
}

/// Why a wish was not granted in full. The first four bind a quantity
/// (checked in this order); the others stop a wish that cannot be served.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    OutOfStock,
    LimitReached,
    NotEnoughPoints,
    UnknownPerson,
    UnknownReward,
    PersonLeft,
    BadQuantity,
    /// The reward's `costs` schedule starts after the exchange date.
    NotOnOffer,
    /// The account does not meet `[exchange] eligible` (SPEC §10).
    NotEligible,
}

impl Status {
    /// The id JSON and CSV write, whatever the language (SPEC §6).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Granted => "granted",
            Status::Partial => "partial",
            Status::Denied => "denied",
        }
    }

    /// The word tables show, in the chosen language.
    pub fn label(self) -> String {
        match self {
            Status::Granted => tr!(exchange.status.granted),
            Status::Partial => tr!(exchange.status.partial),
            Status::Denied => tr!(exchange.status.denied),
        }
    }
}

impl Reason {
    /// The id JSON and CSV write, whatever the language (SPEC §6).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::OutOfStock => "out of stock",
            Reason::LimitReached => "limit reached",
            Reason::NotEnoughPoints => "not enough points",
            Reason::UnknownPerson => "unknown person",
            Reason::UnknownReward => "unknown reward",
            Reason::PersonLeft => "person has left",
            Reason::BadQuantity => "bad quantity",
            Reason::NotOnOffer => "not on offer on this date",
            Reason::NotEligible => "not eligible",
        }
    }

    /// The words tables show, in the chosen language.
    pub fn label(self) -> String {
        match self {
            Reason::OutOfStock => tr!(exchange.reason.out_of_stock),
            Reason::LimitReached => tr!(exchange.reason.limit_reached),
            Reason::NotEnoughPoints => tr!(exchange.reason.not_enough_points),
            Reason::UnknownPerson => tr!(exchange.reason.unknown_person),
            Reason::UnknownReward => tr!(exchange.reason.unknown_reward),
            Reason::PersonLeft => tr!(exchange.reason.person_left),
            Reason::BadQuantity => tr!(exchange.reason.bad_quantity),
            Reason::NotOnOffer => tr!(exchange.reason.not_on_offer),
            Reason::NotEligible => tr!(eligible.reason),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The decision on one wish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Index of the wish in the input.
    pub wish: usize,
    pub granted: u64,
    /// Points it spent (a positive amount): cost × granted.
    pub points: Points,
    pub status: Status,
    pub reason: Option<Reason>,
}

/// An account that had wishes, after the round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountOut {
    pub account: usize,
    pub before: Points,
    pub spent: Points,
    pub after: Points,
}

/// A reward after the round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockOut {
    pub reward: usize,
    pub stock: Option<u64>,
    pub granted: u64,
    /// What is left: stock − already − granted (never below zero).
    pub left: Option<u64>,
    /// Given out earlier in this round.
    pub already: u64,
}

/// The whole round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    /// Every wish in the order decided: accounts in service order (each
    /// account's wishes in file order), then the wishes of unknown persons.
    pub decisions: Vec<Decision>,
    /// The accounts that had wishes, in service order.
    pub accounts: Vec<AccountOut>,
    /// Every reward, in the rules' order.
    pub stock: Vec<StockOut>,
}

/// The lottery draw of an account: lowercase hex SHA-256 of `ROUND:ACCOUNT`,
/// the same as `printf '%s' 2026H1:P017 | sha256sum` prints.
pub fn draw(round: &str, account: &str) -> String {
    let digest = Sha256::digest(format!("{round}:{account}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The accounts that have wishes, in service order. Ties go by account id.
pub fn service_order(
    round: &str,
    order: Order,
    accounts: &[AccountIn],
    wishes: &[Wish],
) -> Vec<usize> {
    // First appearance in the file, per account.
    let mut first: Vec<(usize, usize)> = Vec::new();
    let mut seen = HashSet::new();
    for (i, w) in wishes.iter().enumerate() {
        if let Some(a) = w.account.filter(|&a| a < accounts.len()) {
            if seen.insert(a) {
                first.push((a, i));
            }
        }
    }
    let id = |a: usize| accounts.get(a).map_or("", |x| x.id.as_str());
    let earned = |a: usize| accounts.get(a).map_or(Points::ZERO, |x| x.earned);
    let balance = |a: usize| accounts.get(a).map_or(Points::ZERO, |x| x.balance);
    match order {
        Order::Earned => first.sort_by(|x, y| {
            earned(y.0)
                .cmp(&earned(x.0))
                .then_with(|| id(x.0).cmp(id(y.0)))
        }),
        Order::Balance => first.sort_by(|x, y| {
            balance(y.0)
                .cmp(&balance(x.0))
                .then_with(|| id(x.0).cmp(id(y.0)))
        }),
        Order::Requests => first.sort_by(|x, y| x.1.cmp(&y.1).then_with(|| id(x.0).cmp(id(y.0)))),
        Order::Lottery => {
            let mut keyed: Vec<(String, usize)> = first
                .iter()
                .map(|&(a, _)| (draw(round, id(a)), a))
                .collect();
            keyed.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| id(x.1).cmp(id(y.1))));
            return keyed.into_iter().map(|(_, a)| a).collect();
        }
    }
    first.into_iter().map(|(a, _)| a).collect()
}

/// Run a round: serve the accounts one after another, each account's wishes
/// in file order, granting the least of the wish, the stock left, the limit
/// left and the whole units the balance still pays for.
pub fn allocate(
    round: &str,
    order: Order,
    accounts: &[AccountIn],
    rewards: &[RewardIn],
    wishes: &[Wish],
) -> Allocation {
    let served = service_order(round, order, accounts, wishes);
    let mut stock_left: Vec<Option<u64>> = rewards
        .iter()
        .map(|r| r.stock.map(|s| s.saturating_sub(r.already)))
        .collect();
    let mut granted_of: Vec<u64> = vec![0; rewards.len()];
    let mut decisions = Vec::with_capacity(wishes.len());
    let mut out_accounts = Vec::with_capacity(served.len());
    // Each account's wishes, in file order.
    let mut mine: Vec<Vec<usize>> = vec![Vec::new(); accounts.len()];
    for (i, w) in wishes.iter().enumerate() {
        if let Some(v) = w.account.and_then(|a| mine.get_mut(a)) {
            v.push(i);
        }
    }

    for &a in &served {
        let Some(acc) = accounts.get(a) else { continue };
        let mut left = acc.balance;
        let mut spent = Points::ZERO;
        // Units of each reward this account has had in the round so far.
        let mut had: Vec<u64> = (0..rewards.len())
            .map(|r| acc.redeemed.get(r).copied().unwrap_or(0))
            .collect();
        for (i, w) in mine
            .get(a)
            .into_iter()
            .flatten()
            .filter_map(|&i| wishes.get(i).map(|w| (i, w)))
        {
            let denied = |reason| Decision {
                wish: i,
                granted: 0,
                points: Points::ZERO,
                status: Status::Denied,
                reason: Some(reason),
            };
            let Some((r, reward)) = w.reward.and_then(|r| rewards.get(r).map(|x| (r, x))) else {
                decisions.push(denied(Reason::UnknownReward));
                continue;
            };
            if w.left {
                decisions.push(denied(Reason::PersonLeft));
                continue;
            }
            let Some(qty) = w.qty.filter(|&q| q >= 1) else {
                decisions.push(denied(Reason::BadQuantity));
                continue;
            };
            let Some(cost) = reward.cost.filter(|c| c.is_positive()) else {
                decisions.push(denied(Reason::NotOnOffer));
                continue;
            };
            // After the reasons that stop a wish entirely, before the stock.
            if acc.ineligible {
                decisions.push(denied(Reason::NotEligible));
                continue;
            }
            let stock = stock_left.get(r).copied().flatten().unwrap_or(u64::MAX);
            let had_r = had.get(r).copied().unwrap_or(0);
            let limit = reward
                .per_person
                .map_or(u64::MAX, |l| l.saturating_sub(had_r));
            let affordable = u64::try_from(left.whole_times(cost)).unwrap_or(0);
            let granted = qty.min(stock).min(limit).min(affordable);
            let reason = if granted == qty {
                None
            } else if stock == granted {
                Some(Reason::OutOfStock)
            } else if limit == granted {
                Some(Reason::LimitReached)
            } else {
                Some(Reason::NotEnoughPoints)
            };
            let status = if granted == qty {
                Status::Granted
            } else if granted > 0 {
                Status::Partial
            } else {
                Status::Denied
            };
            // granted ≤ left / cost, so cost × granted ≤ left: it fits.
            let points = i64::try_from(granted)
                .ok()
                .and_then(|g| cost.checked_mul_int(g))
                .unwrap_or(Points::ZERO);
            left = left.checked_sub(points).unwrap_or(left);
            spent = spent.checked_add(points).unwrap_or(spent);
            if let Some(Some(s)) = stock_left.get_mut(r) {
                *s -= granted;
            }
            if let Some(g) = granted_of.get_mut(r) {
                *g += granted;
            }
            if let Some(h) = had.get_mut(r) {
                *h += granted;
            }
            decisions.push(Decision {
                wish: i,
                granted,
                points,
                status,
                reason,
            });
        }
        out_accounts.push(AccountOut {
            account: a,
            before: acc.balance,
            spent,
            after: left,
        });
    }
    // Wishes of unknown persons, last, in file order.
    for (i, w) in wishes.iter().enumerate() {
        if w.account.is_none_or(|a| a >= accounts.len()) {
            decisions.push(Decision {
                wish: i,
                granted: 0,
                points: Points::ZERO,
                status: Status::Denied,
                reason: Some(Reason::UnknownPerson),
            });
        }
    }
    let stock = rewards
        .iter()
        .enumerate()
        .map(|(r, x)| StockOut {
            reward: r,
            stock: x.stock,
            granted: granted_of.get(r).copied().unwrap_or(0),
            left: stock_left.get(r).copied().flatten(),
            already: x.already,
        })
        .collect();
    Allocation {
        decisions,
        accounts: out_accounts,
        stock,
    }
}

/// What one pass over the ledgers gives an exchange round, per person
/// (indexed like the roster).
#[derive(Debug)]
pub struct Gathered {
    /// Earned in the round's period, up to the exchange date.
    pub earned: Vec<Points>,
    /// Balance as of the exchange date.
    pub balance: Vec<Points>,
    /// Units of each reward already redeemed in the round (non-voided rows of
    /// earlier commits, and single redemptions dated in its period).
    pub redeemed: Vec<Vec<u64>>,
    /// The ids of the rows of earlier commits of the round (`ref` = the
    /// round), per person: they block a second commit.
    pub served: Vec<Vec<String>>,
    /// Those of them dated within the round's period: maybe single
    /// redemptions recorded with the round in `ref`, as `redeem` once did.
    pub within: BTreeSet<String>,
    /// Which of the `candidates` ids are already used in the book.
    pub taken: BTreeSet<String>,
    pub outcome: ScanOutcome,
}

/// Whether a redemption counts in the round `round` (whose period is
/// `period`): a row of an exchange commit names its round in `ref`; a single
/// redemption has an empty `ref` and counts in the round its date falls in
/// (SPEC §2.3). Rounds are compared without regard to case (`2026h1`).
pub fn in_round(reference: &str, date: NaiveDate, round: &str, period: &Period) -> bool {
    if reference.is_empty() {
        period.contains(date)
    } else {
        reference.eq_ignore_ascii_case(round)
    }
}

/// One pass over the ledgers: earned in `period` (up to `date`), balance as of
/// `date` (SPEC §3: the same sums as `points balance --until`), redeems of
/// `round` (see [`in_round`]), and which of the `candidates` ids the book
/// already uses.
pub fn gather(
    book: &Book,
    period: &Period,
    date: NaiveDate,
    round: &str,
    candidates: &HashSet<String>,
) -> Result<Gathered, crate::model::points::Overflow> {
    use crate::model::points::Overflow;
    let n = book.roster.len();
    let nr = book.rules.rewards.len();
    let mut g = Gathered {
        earned: vec![Points::ZERO; n],
        balance: vec![Points::ZERO; n],
        redeemed: vec![vec![0; nr]; n],
        served: vec![Vec::new(); n],
        within: BTreeSet::new(),
        taken: BTreeSet::new(),
        outcome: ScanOutcome::default(),
    };
    let mut overflow = false;
    // Household deeds (held by the household's head) pool into household
    // accounts; with person accounts they are no one's to spend (SPEC §10).
    let deeds = book.rules.exchange.account == crate::book::rules::Account::Household;
    let mut visit = |e: &Entry<'_>| {
        if candidates.contains(e.id) {
            g.taken.insert(e.id.to_string());
        }
        if !e.counts() || e.date > date || (e.household && !deeds) {
            return;
        }
        let mut go = || -> Result<(), Overflow> {
            let b = g.balance.get_mut(e.person).ok_or(Overflow)?;
            *b = b.checked_add(e.points).ok_or(Overflow)?;
            if e.kind.is_earning() && period.contains(e.date) {
                let x = g.earned.get_mut(e.person).ok_or(Overflow)?;
                *x = x.checked_add(e.points).ok_or(Overflow)?;
            }
            Ok(())
        };
        if go().is_err() {
            overflow = true;
        }
    };
    // Redemptions of the round count whatever their date (a round is spent
    // once); only the rows of commits (`ref` = the round) block a second commit.
    let mut units_overflow = false;
    let mut visit_all = |e: &Entry<'_>| {
        if e.counts() && e.kind == Kind::Redeem && in_round(e.reference, e.date, round, period) {
            if let What::Reward(r) = e.what {
                let qty = e.qty.map_or(0, Points::hundredths);
                let units = u64::try_from((qty.max(0) + 99) / 100).unwrap_or(0);
                if let Some(x) = g.redeemed.get_mut(e.person).and_then(|v| v.get_mut(r)) {
                    match x.checked_add(units) {
                        Some(n) => *x = n,
                        None => units_overflow = true,
                    }
                }
                if !e.reference.is_empty() {
                    if let Some(s) = g.served.get_mut(e.person) {
                        s.push(e.id.to_string());
                    }
                    if period.contains(e.date) {
                        g.within.insert(e.id.to_string());
                    }
                }
            }
        }
        visit(e);
    };
    g.outcome = scan::scan(book, Mode::Report, &mut visit_all);
    if overflow || units_overflow {
        return Err(Overflow);
    }
    Ok(g)
}

// ------------------------------------------------ who may exchange (SPEC §10)

/// A condition of `[exchange] eligible` that an account does not meet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmet {
    /// Hours of hourly items over its whole history, and the minimum.
    Hours { has: Points, need: Points },
    /// Points earned over its whole history, and the minimum.
    Earned { has: Points, need: Points },
    /// Vetoed in the evaluation (its name) over `period`, by this deduction.
    Vetoed {
        evaluation: String,
        period: Period,
        hit: VetoHit,
    },
}

impl Unmet {
    /// The condition in words, in the chosen language.
    pub fn words(&self) -> String {
        match self {
            Unmet::Hours { has, need } => tr!(eligible.hours, has = has, need = need),
            Unmet::Earned { has, need } => tr!(eligible.earned, has = has, need = need),
            Unmet::Vetoed {
                evaluation,
                period,
                hit,
            } => tr!(
                eligible.vetoed,
                evaluation = evaluation,
                period = i18n::period(period),
                entry = hit.entry,
                date = i18n::date(hit.date),
                person = hit.person,
                item = hit.item
            ),
        }
    }

    /// Every unmet condition, in one phrase.
    pub fn join(list: &[Unmet]) -> String {
        list.iter()
            .map(Unmet::words)
            .reduce(|a, b| tr!(eligible.join, a = a, b = b))
            .unwrap_or_default()
    }
}

/// What deciding `[exchange] eligible` needs from the book: each person's
/// hours and earned points up to the exchange date, and who is vetoed in the
/// evaluation named by `not_vetoed`.
#[derive(Debug)]
pub struct Eligibility {
    rule: Eligible,
    /// Per person (indexed like the roster), over all dates up to the exchange date.
    hours: Vec<Points>,
    earned: Vec<Points>,
    /// The evaluation's subject kind, name and period, and its vetoed
    /// subjects (subject id → the earliest vetoing deduction).
    veto: Option<(Subject, String, Period, HashMap<String, VetoHit>)>,
}

/// The facts `[exchange] eligible` asks about for a round (`round` is its
/// period) on exchange date `date`; `None` when the rules have no `eligible`.
/// `scope`: the people whose hours and earned points are wanted (`None`:
/// everyone). The evaluation of `not_vetoed` runs over its period that
/// contains the round's last day (an evaluation of period `any`: over the
/// round's period), SPEC §10 and §12.
pub fn eligibility(
    book: &Book,
    round: &Period,
    date: NaiveDate,
    scope: Option<&[usize]>,
) -> Result<Option<Eligibility>, crate::model::points::Overflow> {
    use crate::model::points::Overflow;
    let Some(rule) = book.rules.exchange.eligible.clone() else {
        return Ok(None);
    };
    let n = book.roster.len();
    let mut hours = vec![Points::ZERO; n];
    let mut earned = vec![Points::ZERO; n];
    if rule.min_hours.is_some() || rule.min_earned.is_some() {
        let rules = &book.rules;
        let mut overflow = false;
        let deeds = book.rules.exchange.account == crate::book::rules::Account::Household;
        let mut visit = |e: &Entry<'_>| {
            if !e.counts() || e.date > date || !e.kind.is_earning() || (e.household && !deeds) {
                return;
            }
            let mut go = || -> Result<(), Overflow> {
                let x = earned.get_mut(e.person).ok_or(Overflow)?;
                *x = x.checked_add(e.points).ok_or(Overflow)?;
                if let (Kind::Earn, What::Item(i)) = (e.kind, e.what) {
                    if rules.items.get(i).is_some_and(|it| it.unit == Unit::Hour) {
                        let h = hours.get_mut(e.person).ok_or(Overflow)?;
                        *h = h.checked_add(e.qty.unwrap_or_default()).ok_or(Overflow)?;
                    }
                }
                Ok(())
            };
            if go().is_err() {
                overflow = true;
            }
        };
        let scope = scope.map(|people| scan::Scope::new(book, people, &[]));
        scan::scan_scoped(book, Mode::Report, scope.as_ref(), &mut visit);
        if overflow {
            return Err(Overflow);
        }
    }
    let veto = match rule.not_vetoed.and_then(|k| book.rules.evaluations.get(k)) {
        None => None,
        Some(eval) => {
            let end = round.end.unwrap_or(date);
            let period = match eval.period {
                Some(per) => Period::containing(end, per),
                None => round.clone(),
            };
            let done = crate::compute::evaluate::evaluate(book, eval, &period)?;
            let mut vetoed = HashMap::new();
            for row in done.rows.into_iter().filter(|r| r.vetoed) {
                let hit = row.reasons.into_iter().find_map(|r| match r {
                    EvalReason::Vetoed(h) => Some(h),
                    _ => None,
                });
                if let Some(h) = hit {
                    vetoed.insert(row.subject, h);
                }
            }
            Some((eval.subject, eval.name.clone(), period, vetoed))
        }
    };
    Ok(Some(Eligibility {
        rule,
        hours,
        earned,
        veto,
    }))
}

impl Eligibility {
    /// The conditions the account made of `members` does not meet (empty:
    /// it may exchange). Hours and earned points are the members' together;
    /// the account is vetoed when a subject of the evaluation that holds one
    /// of its members is: for a person, the person, or their household or
    /// building when the evaluation is of those; for a household, any member
    /// vetoed in an evaluation of persons, or the household (its building).
    pub fn unmet(&self, book: &Book, members: &[usize]) -> Vec<Unmet> {
        let mut out = Vec::new();
        let sum = |v: &[Points]| {
            members
                .iter()
                .filter_map(|&m| v.get(m))
                .fold(Points::ZERO, |a, p| a.checked_add(*p).unwrap_or(a))
        };
        if let Some(need) = self.rule.min_hours {
            let has = sum(&self.hours);
            if has < need {
                out.push(Unmet::Hours { has, need });
            }
        }
        if let Some(need) = self.rule.min_earned {
            let has = sum(&self.earned);
            if has < need {
                out.push(Unmet::Earned { has, need });
            }
        }
        if let Some((subject, name, period, vetoed)) = &self.veto {
            let hit = members
                .iter()
                .filter_map(|&m| book.roster.people.get(m))
                .filter_map(|p| {
                    let id = match subject {
                        Subject::Person => &p.id,
                        Subject::Household => &p.household,
                        Subject::Building => &p.building,
                    };
                    vetoed.get(id)
                })
                .min_by(|a, b| (a.date, &a.entry).cmp(&(b.date, &b.entry)));
            if let Some(h) = hit {
                out.push(Unmet::Vetoed {
                    evaluation: name.clone(),
                    period: period.clone(),
                    hit: h.clone(),
                });
            }
        }
        out
    }
}

/// For `check`, after a merge of two clones (SPEC §12): an account whose
/// rows of one round's commits (`ref` = the round) differ in date or `by` may
/// have had the round committed on both clones. Fed every entry in ledger
/// order, it keeps per account and round the distinct (date, by) seen, so its
/// warnings come out in ledger order, one where each new pair first appears.
///
/// Rows dated within their round's period are left out: single redemptions
/// were once recorded with the round of their date in `ref`, so in a book
/// of that time such a row is most likely one (a commit is dated after its
/// round unless `--date` says otherwise), and warning about every account
/// that had one would bury the warnings that matter.
#[derive(Debug, Default)]
pub struct Commits {
    /// (account, round in upper case) → each (date, by) seen, with where first.
    seen: std::collections::HashMap<(String, String), Vec<Seen>>,
    pub warnings: Vec<crate::book::diag::Diagnostic>,
}

/// A (date, by) of an account's rows of a round, with the file and line where first seen.
type Seen = (NaiveDate, String, usize, usize);

impl Commits {
    pub fn entry(&mut self, book: &Book, e: &Entry<'_>) {
        if e.kind != Kind::Redeem || e.reference.is_empty() || !e.counts() {
            return;
        }
        if Period::parse(e.reference).is_ok_and(|p| p.start.is_some() && p.contains(e.date)) {
            return;
        }
        let Some(p) = book.roster.people.get(e.person) else {
            return;
        };
        let household = book.rules.exchange.account == crate::book::rules::Account::Household;
        let key = if household {
            p.household.clone()
        } else {
            p.id.clone()
        };
        let round = e.reference.to_ascii_uppercase();
        let pairs = self.seen.entry((key, round.clone())).or_default();
        if pairs.iter().any(|(d, by, _, _)| *d == e.date && by == e.by) {
            return;
        }
        if let Some((d0, by0, f0, l0)) = pairs.first() {
            let path = book.ledgers.get(e.file).cloned().unwrap_or_default();
            let first = book
                .ledgers
                .get(*f0)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let (round, date, by) = (&round, i18n::date(e.date), e.by);
            let (first_date, first_by, first_at) = (i18n::date(*d0), by0, format!("{first}:{l0}"));
            let message = if household {
                tr!(
                    exchange.commits.household,
                    household = p.household,
                    round = round,
                    date = date,
                    by = by,
                    first_date = first_date,
                    first_by = first_by,
                    first_at = first_at
                )
            } else {
                tr!(
                    exchange.commits.person,
                    name = p.name,
                    id = p.id,
                    round = round,
                    date = date,
                    by = by,
                    first_date = first_date,
                    first_by = first_by,
                    first_at = first_at
                )
            };
            self.warnings.push(
                crate::book::diag::Diagnostic::warning(&path, e.line, message)
                    .fix(tr!(exchange.commits.fix)),
            );
        }
        pairs.push((e.date, e.by.to_string(), e.file, e.line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(n: i64) -> Points {
        Points::from_whole(n)
    }

    fn acc(id: &str, earned: i64, balance: i64) -> AccountIn {
        AccountIn {
            id: id.into(),
            earned: p(earned),
            balance: p(balance),
            redeemed: vec![],
            ineligible: false,
        }
    }

    fn rew(id: &str, cost: i64, stock: Option<u64>, per: Option<u64>) -> RewardIn {
        RewardIn {
            id: id.into(),
            cost: Some(p(cost)),
            stock,
            per_person: per,
            already: 0,
        }
    }

    fn wish(a: usize, r: usize, q: u64) -> Wish {
        Wish {
            account: Some(a),
            reward: Some(r),
            qty: Some(q),
            left: false,
        }
    }

    fn brief(al: &Allocation) -> Vec<(usize, u64, Status, Option<Reason>)> {
        al.decisions
            .iter()
            .map(|d| (d.wish, d.granted, d.status, d.reason))
            .collect()
    }

    #[test]
    fn draw_is_sha256_hex() {
        // printf '%s' 2026H1:P017 | sha256sum
        assert_eq!(
            draw("2026H1", "P017"),
            "e8313f5cdd7dfd5f57e1074b37600191f786e593df9ea6f9aa534bb991314945"
        );
    }

    #[test]
    fn orders() {
        let accounts = vec![acc("A", 5, 100), acc("B", 9, 10), acc("C", 5, 50)];
        let wishes = vec![wish(2, 0, 1), wish(1, 0, 1), wish(0, 0, 1)];
        assert_eq!(
            service_order("R", Order::Earned, &accounts, &wishes),
            vec![1, 0, 2]
        );
        assert_eq!(
            service_order("R", Order::Balance, &accounts, &wishes),
            vec![0, 2, 1]
        );
        assert_eq!(
            service_order("R", Order::Requests, &accounts, &wishes),
            vec![2, 1, 0]
        );
        let mut by_draw: Vec<(String, usize)> = ["A", "B", "C"]
            .iter()
            .enumerate()
            .map(|(i, a)| (draw("R", a), i))
            .collect();
        by_draw.sort();
        assert_eq!(
            service_order("R", Order::Lottery, &accounts, &wishes),
            by_draw.into_iter().map(|x| x.1).collect::<Vec<_>>()
        );
    }

    #[test]
    fn reasons_in_precedence() {
        // Stock 2, limit 2, balance pays for 2: all three bind; stock is named.
        let accounts = vec![acc("A", 0, 40)];
        let rewards = vec![rew("t", 20, Some(2), Some(2))];
        let al = allocate("R", Order::Earned, &accounts, &rewards, &[wish(0, 0, 5)]);
        assert_eq!(
            brief(&al),
            vec![(0, 2, Status::Partial, Some(Reason::OutOfStock))]
        );
        // Limit and balance bind: the limit is named.
        let rewards = vec![rew("t", 20, Some(9), Some(2))];
        let al = allocate("R", Order::Earned, &accounts, &rewards, &[wish(0, 0, 5)]);
        assert_eq!(
            brief(&al),
            vec![(0, 2, Status::Partial, Some(Reason::LimitReached))]
        );
        // Only the balance binds.
        let rewards = vec![rew("t", 20, None, Some(3))];
        let al = allocate("R", Order::Earned, &accounts, &rewards, &[wish(0, 0, 5)]);
        assert_eq!(
            brief(&al),
            vec![(0, 2, Status::Partial, Some(Reason::NotEnoughPoints))]
        );
        // Stock is short but the limit is shorter: the limit bound it.
        let rewards = vec![rew("t", 20, Some(3), Some(1))];
        let al = allocate("R", Order::Earned, &accounts, &rewards, &[wish(0, 0, 5)]);
        assert_eq!(
            brief(&al),
            vec![(0, 1, Status::Partial, Some(Reason::LimitReached))]
        );
        assert_eq!(al.accounts[0].after, p(20));
        assert_eq!(al.stock[0].left, Some(2));
    }

    #[test]
    fn already_redeemed_counts_against_the_limit() {
        let mut a = acc("A", 0, 100);
        a.redeemed = vec![1];
        let rewards = vec![rew("t", 20, None, Some(2))];
        let al = allocate(
            "R",
            Order::Earned,
            &[a],
            &rewards,
            &[wish(0, 0, 2), wish(0, 0, 1)],
        );
        assert_eq!(
            brief(&al),
            vec![
                (0, 1, Status::Partial, Some(Reason::LimitReached)),
                (1, 0, Status::Denied, Some(Reason::LimitReached)),
            ]
        );
    }

    #[test]
    fn unservable_wishes() {
        let accounts = vec![acc("A", 0, 100)];
        let rewards = vec![
            rew("t", 20, None, None),
            RewardIn {
                cost: None,
                ..rew("later", 1, None, None)
            },
        ];
        let wishes = vec![
            Wish {
                account: None,
                ..wish(0, 0, 1)
            },
            Wish {
                reward: None,
                ..wish(0, 0, 1)
            },
            Wish {
                left: true,
                ..wish(0, 0, 1)
            },
            Wish {
                qty: None,
                ..wish(0, 0, 1)
            },
            wish(0, 1, 1),
            wish(0, 0, 1),
        ];
        let al = allocate("R", Order::Requests, &accounts, &rewards, &wishes);
        assert_eq!(
            brief(&al),
            vec![
                (1, 0, Status::Denied, Some(Reason::UnknownReward)),
                (2, 0, Status::Denied, Some(Reason::PersonLeft)),
                (3, 0, Status::Denied, Some(Reason::BadQuantity)),
                (4, 0, Status::Denied, Some(Reason::NotOnOffer)),
                (5, 1, Status::Granted, None),
                (0, 0, Status::Denied, Some(Reason::UnknownPerson)),
            ]
        );
        assert_eq!(al.accounts[0].spent, p(20));
    }

    // ------------------------------------------------------------ properties

    fn arb_round() -> impl Strategy<Value = (Vec<AccountIn>, Vec<RewardIn>, Vec<Wish>)> {
        let accounts = prop::collection::vec((-50i64..50, -2000i64..20000, 0u64..3), 1..6);
        let rewards = prop::collection::vec(
            (
                1i64..3000,
                prop::option::of(0u64..6),
                prop::option::of(1u64..4),
                0u64..3,
            ),
            1..4,
        );
        (accounts, rewards).prop_flat_map(|(accs, rews)| {
            let na = accs.len();
            let nr = rews.len();
            let accounts: Vec<AccountIn> = accs
                .iter()
                .enumerate()
                .map(|(i, &(e, b, red))| AccountIn {
                    id: format!("P{i:02}"),
                    earned: Points::from_whole(e),
                    balance: Points::from_hundredths(b),
                    redeemed: vec![red; nr],
                    ineligible: false,
                })
                .collect();
            let rewards: Vec<RewardIn> = rews
                .iter()
                .enumerate()
                .map(|(i, &(c, s, l, already))| RewardIn {
                    id: format!("r{i}"),
                    cost: Some(Points::from_hundredths(c)),
                    stock: s,
                    per_person: l,
                    already,
                })
                .collect();
            let wish = (
                prop::option::weighted(0.95, 0..na),
                prop::option::weighted(0.95, 0..nr),
                prop::option::weighted(0.95, 0u64..5),
                prop::bool::weighted(0.05),
            )
                .prop_map(|(account, reward, qty, left)| Wish {
                    account,
                    reward,
                    qty,
                    left,
                });
            (
                Just(accounts),
                Just(rewards),
                prop::collection::vec(wish, 0..25),
            )
        })
    }

    proptest! {
        #[test]
        fn invariants((accounts, rewards, wishes) in arb_round(), o in 0usize..4) {
            let order = [Order::Earned, Order::Balance, Order::Requests, Order::Lottery][o];
            let al = allocate("2026H1", order, &accounts, &rewards, &wishes);
            // Every wish decided once.
            let mut seen: Vec<usize> = al.decisions.iter().map(|d| d.wish).collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..wishes.len()).collect::<Vec<_>>());
            for d in &al.decisions {
                let w = &wishes[d.wish];
                prop_assert!(d.granted <= w.qty.unwrap_or(0));
                let cost = w.reward.and_then(|r| rewards[r].cost).unwrap_or(Points::ZERO);
                prop_assert_eq!(d.points, cost.checked_mul_int(d.granted as i64).unwrap());
                prop_assert_eq!(d.status == Status::Granted, d.reason.is_none());
            }
            // No stock below zero: granted never passes the stock.
            for s in &al.stock {
                if let Some(st) = s.stock {
                    let on_hand = st.saturating_sub(s.already);
                    prop_assert!(s.granted <= on_hand);
                    prop_assert_eq!(s.left, Some(on_hand - s.granted));
                }
                let sum: u64 = al.decisions.iter()
                    .filter(|d| wishes[d.wish].reward == Some(s.reward))
                    .map(|d| d.granted).sum();
                prop_assert_eq!(sum, s.granted);
            }
            // No account below zero (unless it started there and spent nothing);
            // spent = Σ cost × granted; limits hold.
            for a in &al.accounts {
                let mine: Vec<&Decision> = al.decisions.iter()
                    .filter(|d| wishes[d.wish].account == Some(a.account)).collect();
                let spent = mine.iter().fold(Points::ZERO, |s, d| s.checked_add(d.points).unwrap());
                prop_assert_eq!(a.spent, spent);
                prop_assert_eq!(a.after, a.before.checked_sub(a.spent).unwrap());
                if a.before.is_negative() {
                    prop_assert!(a.spent.is_zero());
                } else {
                    prop_assert!(!a.after.is_negative());
                }
                for (r, rw) in rewards.iter().enumerate() {
                    if let Some(l) = rw.per_person {
                        let got: u64 = mine.iter().filter(|d| wishes[d.wish].reward == Some(r))
                            .map(|d| d.granted).sum();
                        let before = accounts[a.account].redeemed[r];
                        prop_assert!(got == 0 || before + got <= l);
                    }
                }
            }
        }

        #[test]
        fn file_order_between_accounts_does_not_matter(
            (accounts, rewards, wishes) in arb_round(),
            o in 0usize..3,
            seed in any::<u64>(),
        ) {
            let order = [Order::Earned, Order::Balance, Order::Lottery][o];
            // Only wishes of known accounts (unknown persons are listed in file order).
            let wishes: Vec<Wish> = wishes.into_iter().filter(|w| w.account.is_some()).collect();
            // Interleave the accounts' wishes differently, each account's own order kept.
            let mut queues: Vec<Vec<usize>> = vec![Vec::new(); accounts.len()];
            for (i, w) in wishes.iter().enumerate() {
                queues[w.account.unwrap()].push(i);
            }
            let mut state = seed | 1;
            let mut perm = Vec::new();
            let mut heads = vec![0usize; queues.len()];
            while perm.len() < wishes.len() {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                let live: Vec<usize> = (0..queues.len()).filter(|&q| heads[q] < queues[q].len()).collect();
                let q = live[(state % live.len() as u64) as usize];
                perm.push(queues[q][heads[q]]);
                heads[q] += 1;
            }
            let shuffled: Vec<Wish> = perm.iter().map(|&i| wishes[i].clone()).collect();
            let a = allocate("2026H1", order, &accounts, &rewards, &wishes);
            let mut b = allocate("2026H1", order, &accounts, &rewards, &shuffled);
            for d in &mut b.decisions {
                d.wish = perm[d.wish];
            }
            prop_assert_eq!(a, b);
        }
    }
}
