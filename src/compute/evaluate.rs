//! Evaluations (SPEC §3.1): 文明户 selection, 民主评议党员 reference grades,
//! 先进模范. Who is counted, their scores and vetoes come from one pass over
//! the ledgers ([`evaluate`]); the ranking and the tiers are a pure function
//! of the scores ([`assign`]), so their invariants can be tested on their own.
//!
//! An evaluation with a `period` kind (`year`, `half-year`, `quarter`,
//! `month`) runs only for a period of that kind ([`check_period`]): a yearly
//! 文明户 run for `2026H1` would silently compare half a year against
//! thresholds set for a whole one. `period = "any"` (or no `period`) runs for
//! any period, `all` and ranges of days included.

use crate::book::rules::{Aggregate, Evaluation, Subject, Tier, VetoOn};
use crate::book::Book;
use crate::compute::rank::{competition, group_name, groups};
use crate::compute::scan::{self, Entry, Mode, Outcome, What};
use crate::i18n::{self, Lang};
use crate::model::{CapPer, Kind, Period, Points};
use crate::{tr, tr_in};
use chrono::NaiveDate;
use std::fmt;

// ------------------------------------------------------------ the pure part

/// One subject as the tiers see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub score: Points,
    pub vetoed: bool,
}

/// Why a subject did not get a tier higher up the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Its score is below the tier's `min`.
    Below,
    /// The tier is `clean` and the subject is vetoed.
    Vetoed,
    /// The tier's `max`/`share` was already reached.
    Full,
}

/// Where a subject ended up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// Index into the candidates.
    pub index: usize,
    /// Competition rank (1, 2, 2, 4).
    pub rank: usize,
    /// Position in the listing, from 1.
    pub place: usize,
    /// Index into the tiers; `None`: it fits no tier.
    pub tier: Option<usize>,
    /// The tiers above its own (all tiers, when it has none) and why each was passed over.
    pub skipped: Vec<(usize, Skip)>,
    /// When another subject with the same score and veto status got a
    /// different tier: the places of all subjects with that score and status.
    pub tie: Option<Vec<usize>>,
}

/// How many subjects a tier may hold among `n`: its `max`, its `share` of
/// `n` rounded down, the smaller of both; `None`: no limit.
pub fn limit(t: &Tier, n: usize) -> Option<usize> {
    match (t.max, t.share.map(|s| s.of(n))) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Rank the candidates and give each a tier (SPEC §3.1): going down the
/// ranking (highest score first, equal scores by id), each gets the first
/// tier whose `min` it reaches, for which it is not vetoed where the tier is
/// `clean`, and which is not yet full. The result is in listing order.
pub fn assign(tiers: &[Tier], cands: &[Candidate]) -> Vec<Placed> {
    let scores: Vec<(&str, Points)> = cands.iter().map(|c| (c.id.as_str(), c.score)).collect();
    let (order, ranks) = competition(&scores);
    let limits: Vec<Option<usize>> = tiers.iter().map(|t| limit(t, cands.len())).collect();
    let mut held = vec![0usize; tiers.len()];
    let mut out: Vec<Placed> = Vec::with_capacity(cands.len());
    for (pos, (&i, &rank)) in order.iter().zip(&ranks).enumerate() {
        let c = &cands[i];
        let mut skipped = Vec::new();
        let mut tier = None;
        for (k, t) in tiers.iter().enumerate() {
            let skip = if t.min.is_some_and(|m| c.score < m) {
                Some(Skip::Below)
            } else if t.clean && c.vetoed {
                Some(Skip::Vetoed)
            } else if limits[k].is_some_and(|l| held[k] >= l) {
                Some(Skip::Full)
            } else {
                None
            };
            match skip {
                Some(s) => skipped.push((k, s)),
                None => {
                    tier = Some(k);
                    held[k] += 1;
                    break;
                }
            }
        }
        out.push(Placed {
            index: i,
            rank,
            place: pos + 1,
            tier,
            skipped,
            tie: None,
        });
    }
    // Ties: runs of equal score are contiguous in the listing; within one,
    // group by veto status.
    let mut start = 0;
    while start < out.len() {
        let score = cands[out[start].index].score;
        let mut end = start;
        while end < out.len() && cands[out[end].index].score == score {
            end += 1;
        }
        for vetoed in [false, true] {
            let members: Vec<usize> = (start..end)
                .filter(|&p| cands[out[p].index].vetoed == vetoed)
                .collect();
            let first = members.first().map(|&p| out[p].tier);
            if members.iter().any(|&p| Some(out[p].tier) != first) {
                let places: Vec<usize> = members.iter().map(|&p| out[p].place).collect();
                for &p in &members {
                    out[p].tie = Some(places.clone());
                }
            }
        }
        start = end;
    }
    out
}

// -------------------------------------------------------- period and words

/// An evaluation run for a period of another kind than its `period`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrongPeriod {
    pub name: String,
    pub id: String,
    pub per: CapPer,
    pub given: Period,
}

impl fmt::Display for WrongPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An example of the right kind, near the period given.
        let near = self.given.start.or(self.given.end);
        let example = Period::containing(
            near.or_else(|| NaiveDate::from_ymd_opt(2026, 1, 1))
                .unwrap_or_default(),
            self.per,
        );
        let (evaluation, id, example, given) =
            (&self.name, &self.id, &example.label, &self.given.label);
        macro_rules! say {
            ($($key:ident).+) => {
                tr!($($key).+, evaluation = evaluation, id = id, example = example, given = given)
            };
        }
        f.write_str(&match self.per {
            CapPer::Year => say!(evaluate.wrong_period.year),
            CapPer::HalfYear => say!(evaluate.wrong_period.half_year),
            CapPer::Quarter => say!(evaluate.wrong_period.quarter),
            CapPer::Month => say!(evaluate.wrong_period.month),
            CapPer::Week => say!(evaluate.wrong_period.week),
            CapPer::Day => say!(evaluate.wrong_period.day),
        })
    }
}

impl std::error::Error for WrongPeriod {}

/// Whether `eval` may run for `p` (see the module comment).
pub fn check_period(eval: &Evaluation, p: &Period) -> Result<(), WrongPeriod> {
    match eval.period {
        Some(per) if per.period_kind() != p.kind => Err(WrongPeriod {
            name: eval.name.clone(),
            id: eval.id.clone(),
            per,
            given: p.clone(),
        }),
        _ => Ok(()),
    }
}

/// A deduction that vetoes, as shown to the committee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VetoHit {
    pub entry: String,
    pub date: NaiveDate,
    pub item: String,
    pub person: String,
    /// How many other vetoing deductions the subject has.
    pub more: usize,
}

/// The words of the reason column: one place to translate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Below a tier's `min`.
    Below(Points),
    /// A tier already holds as many as it may.
    Full { tier: String, limit: usize },
    /// A deduction in a vetoed category or item (the earliest one).
    Vetoed(VetoHit),
    /// No tier takes it.
    NoTier,
    /// Equal score and veto status, different tiers: the order by id decided these places.
    Tie(Vec<usize>),
}

impl Reason {
    /// The reason in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            Reason::Below(min) => tr_in!(lang, evaluate.reason.below, min = min),
            Reason::Full { tier, limit } => {
                tr_in!(lang, evaluate.reason.full, tier = tier, limit = limit)
            }
            Reason::Vetoed(h) => {
                let date = i18n::date(h.date).in_lang(lang);
                if h.more > 0 {
                    tr_in!(
                        lang,
                        evaluate.reason.vetoed_more,
                        item = h.item,
                        date = date,
                        entry = h.entry,
                        person = h.person,
                        more = h.more
                    )
                } else {
                    tr_in!(
                        lang,
                        evaluate.reason.vetoed,
                        item = h.item,
                        date = date,
                        entry = h.entry,
                        person = h.person
                    )
                }
            }
            Reason::NoTier => tr_in!(lang, evaluate.reason.no_tier),
            Reason::Tie(places) => {
                tr_in!(lang, evaluate.reason.tie, places = ranges(places, lang))
            }
        }
    }

    /// Several reasons in `lang`, as one cell.
    pub fn join(reasons: &[Reason], lang: Lang) -> String {
        let mut words = reasons.iter().map(|r| r.words(lang));
        let first = words.next().unwrap_or_default();
        words.fold(first, |a, b| {
            tr_in!(lang, evaluate.reason.join, a = a, b = b)
        })
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(i18n::lang()))
    }
}

/// `1, 3–5` for [1, 3, 4, 5] (`1、3–5` in Chinese).
fn ranges(places: &[usize], lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < places.len() {
        let mut j = i;
        while j + 1 < places.len() && places[j + 1] == places[j] + 1 {
            j += 1;
        }
        parts.push(if j == i {
            places[i].to_string()
        } else {
            format!("{}–{}", places[i], places[j])
        });
        i = j + 1;
    }
    let mut parts = parts.into_iter();
    let first = parts.next().unwrap_or_default();
    parts.fold(first, |a, b| {
        tr_in!(lang, common.list.and_middle, a = a, b = b)
    })
}

/// The words of the summary under the table: how many each tier holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Summary {
    Tier {
        name: String,
        held: usize,
        limit: Option<usize>,
    },
    NoTier(usize),
    Subjects {
        n: usize,
        kind: Subject,
        vetoed: usize,
    },
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Summary::Tier {
                name,
                held,
                limit: Some(l),
            } => tr!(
                evaluate.summary.tier_limit,
                tier = name,
                held = held,
                limit = l
            ),
            Summary::Tier {
                name,
                held,
                limit: None,
            } => tr!(evaluate.summary.tier, tier = name, held = held),
            Summary::NoTier(n) => tr!(evaluate.summary.no_tier, n = n),
            Summary::Subjects { n, kind, vetoed } => match kind {
                Subject::Person => tr!(evaluate.summary.people, n = n, vetoed = vetoed),
                Subject::Household => tr!(evaluate.summary.households, n = n, vetoed = vetoed),
                Subject::Building => tr!(evaluate.summary.buildings, n = n, vetoed = vetoed),
            },
        })
    }
}

// ------------------------------------------------------- one pass, then rows

/// One row of the evaluation, in listing order.
#[derive(Clone, Debug)]
pub struct Row {
    pub rank: usize,
    pub subject: String,
    pub name: String,
    pub score: Points,
    pub tier: Option<String>,
    pub vetoed: bool,
    pub tie: bool,
    pub reasons: Vec<Reason>,
}

/// The evaluation, with what the scan found.
#[derive(Debug)]
pub struct Evaluated {
    pub rows: Vec<Row>,
    pub summary: Vec<Summary>,
    pub outcome: Outcome,
}

/// A person's share of the pass: score and their vetoing deductions.
#[derive(Clone, Debug, Default)]
struct Person {
    score: Points,
    /// The earliest vetoing deduction (date, ledger position, id, item) and how many there are.
    first: Option<(NaiveDate, u64, String, usize)>,
    hits: usize,
}

pub use crate::model::points::Overflow;

/// Whether person `i` counts for `eval` in `p`: role in `who`, and living
/// here during some part of the period.
pub fn counted(book: &Book, eval: &Evaluation, p: &Period, i: usize) -> bool {
    book.roster.people.get(i).is_some_and(|m| {
        eval.who.as_ref().is_none_or(|w| w.contains(&m.role)) && p.overlaps(m.joined, m.left)
    })
}

/// A subject's aggregated score after the evaluation's `base`, `floor` and
/// `ceiling`, in that order (SPEC §10, §12: what is shown, ranked, tiered and
/// compared for ties). `None`: the sum overflows.
pub fn bounded(eval: &Evaluation, score: Points) -> Option<Points> {
    let mut s = score.checked_add(eval.base)?;
    if let Some(f) = eval.floor {
        s = s.max(f);
    }
    if let Some(c) = eval.ceiling {
        s = s.min(c);
    }
    Some(s)
}

/// Run `eval` for `p` over `book`: one scan of the ledgers, then the tiers.
/// The caller checks the period kind ([`check_period`]) and refuses to show
/// figures when `outcome` holds errors.
pub fn evaluate(book: &Book, eval: &Evaluation, p: &Period) -> Result<Evaluated, Overflow> {
    let rules = &book.rules;
    let n = book.roster.len();
    let is_counted: Vec<bool> = (0..n).map(|i| counted(book, eval, p, i)).collect();
    let scores_category = |c: usize| eval.categories.as_ref().is_none_or(|cs| cs.contains(&c));
    let vetoes = |item: usize| {
        let cat = rules.items.get(item).map(|it| it.category);
        eval.veto.iter().any(|v| match *v {
            VetoOn::Item(i) => i == item,
            VetoOn::Category(c) => Some(c) == cat,
        })
    };
    let mut people = vec![Person::default(); n];
    // Household deeds (SPEC §10), per household head: they count for a
    // household or building subject whatever `who` says (a household has no role).
    let mut deeds: std::collections::HashMap<usize, Person> = Default::default();
    let mut overflow = false;
    let mut visit = |e: &Entry<'_>| {
        let counted = if e.household {
            eval.subject != Subject::Person
        } else {
            is_counted.get(e.person).copied().unwrap_or(false)
        };
        if !e.counts() || !p.contains(e.date) || !counted {
            return;
        }
        let cat = match (e.kind, e.what) {
            (Kind::Earn, What::Item(i)) => rules.items.get(i).map(|it| it.category),
            (Kind::Open, What::Category(c)) => Some(c),
            _ => None,
        };
        let Some(cat) = cat else { return };
        let me = if e.household {
            deeds.entry(e.person).or_default()
        } else {
            let Some(me) = people.get_mut(e.person) else {
                return;
            };
            me
        };
        if scores_category(cat) {
            match me.score.checked_add(e.points) {
                Some(s) => me.score = s,
                None => overflow = true,
            }
        }
        if let (Kind::Earn, What::Item(i)) = (e.kind, e.what) {
            if e.points.is_negative() && vetoes(i) {
                me.hits += 1;
                let key = (e.date, e.seq);
                if me.first.as_ref().is_none_or(|f| key < (f.0, f.1)) {
                    me.first = Some((e.date, e.seq, e.id.to_string(), i));
                }
            }
        }
    };
    let outcome = scan::scan(book, Mode::Report, &mut visit);
    if overflow {
        return Err(Overflow);
    }

    let members = (0..n).filter(|&i| is_counted[i]);
    let subjects = groups(&book.roster, eval.subject, members);
    let mut cands = Vec::with_capacity(subjects.len());
    let mut hits: Vec<Option<VetoHit>> = Vec::with_capacity(subjects.len());
    for g in &subjects {
        let mut sum = Points::ZERO;
        let mut first: Option<(NaiveDate, u64, &str, usize, usize)> = None;
        let mut count = 0;
        for &m in &g.members {
            let me = &people[m];
            sum = sum.checked_add(me.score).ok_or(Overflow)?;
            count += me.hits;
            if let Some((d, seq, id, item)) = &me.first {
                if first.is_none_or(|f| (*d, *seq) < (f.0, f.1)) {
                    first = Some((*d, *seq, id.as_str(), *item, m));
                }
            }
        }
        let mut score = match eval.aggregate {
            Aggregate::Mean => sum.mean(g.members.len()),
            Aggregate::Sum => sum,
        };
        // The household's own deeds, added after a mean (SPEC §12); their
        // deductions veto like the members'. `m` = n + head marks a deed.
        for h in crate::compute::household::deed_heads(&book.roster, eval.subject, g) {
            let Some(me) = deeds.get(&h) else { continue };
            score = score.checked_add(me.score).ok_or(Overflow)?;
            count += me.hits;
            if let Some((d, seq, id, item)) = &me.first {
                if first.is_none_or(|f| (*d, *seq) < (f.0, f.1)) {
                    first = Some((*d, *seq, id.as_str(), *item, n + h));
                }
            }
        }
        let score = bounded(eval, score).ok_or(Overflow)?;
        hits.push(first.map(|(date, _, id, item, m)| {
            VetoHit {
                entry: id.to_string(),
                date,
                item: rules
                    .items
                    .get(item)
                    .map_or_else(String::new, |it| it.name.clone()),
                person: match m.checked_sub(n) {
                    // A household deed: the household, by its id.
                    Some(h) => tr!(household.who, household = book.roster.people[h].household),
                    None => book.roster.people[m].name.clone(),
                },
                more: count.saturating_sub(1),
            }
        }));
        cands.push(Candidate {
            id: g.id.clone(),
            score,
            vetoed: first.is_some(),
        });
    }

    let placed = assign(&eval.tiers, &cands);
    let limits: Vec<Option<usize>> = eval.tiers.iter().map(|t| limit(t, cands.len())).collect();
    let mut held = vec![0usize; eval.tiers.len()];
    let mut none = 0;
    let mut rows = Vec::with_capacity(placed.len());
    for pl in placed {
        let c = &cands[pl.index];
        let g = &subjects[pl.index];
        match pl.tier {
            Some(k) => held[k] += 1,
            None => none += 1,
        }
        let hit = hits[pl.index].clone();
        let mut reasons: Vec<Reason> = Vec::new();
        for &(k, skip) in &pl.skipped {
            let t = &eval.tiers[k];
            let r = match skip {
                Skip::Below => Reason::Below(t.min.unwrap_or(Points::ZERO)),
                Skip::Full => Reason::Full {
                    tier: t.name.clone(),
                    limit: limits[k].unwrap_or(0),
                },
                Skip::Vetoed => match &hit {
                    Some(h) => Reason::Vetoed(h.clone()),
                    None => continue,
                },
            };
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
        if let Some(h) = &hit {
            let r = Reason::Vetoed(h.clone());
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
        if pl.tier.is_none() {
            reasons.push(Reason::NoTier);
        }
        if let Some(places) = &pl.tie {
            reasons.push(Reason::Tie(places.clone()));
        }
        rows.push(Row {
            rank: pl.rank,
            subject: c.id.clone(),
            name: group_name(&book.roster, eval.subject, g),
            score: c.score,
            tier: pl
                .tier
                .and_then(|k| eval.tiers.get(k))
                .map(|t| t.name.clone()),
            vetoed: c.vetoed,
            tie: pl.tie.is_some(),
            reasons,
        });
    }
    let mut summary = vec![Summary::Subjects {
        n: cands.len(),
        kind: eval.subject,
        vetoed: cands.iter().filter(|c| c.vetoed).count(),
    }];
    summary.extend(
        eval.tiers
            .iter()
            .zip(held.iter().zip(&limits))
            .map(|(t, (&held, &limit))| Summary::Tier {
                name: t.name.clone(),
                held,
                limit,
            }),
    );
    if none > 0 {
        summary.push(Summary::NoTier(none));
    }
    Ok(Evaluated {
        rows,
        summary,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::rules::Share;
    use proptest::prelude::*;

    fn tier(min: Option<i64>, max: Option<usize>, share: Option<(u64, u64)>, clean: bool) -> Tier {
        Tier {
            name: String::new(),
            min: min.map(Points::from_whole),
            max,
            share: share.map(|(num, den)| Share { num, den }),
            clean,
        }
    }

    fn cand(id: &str, score: i64, vetoed: bool) -> Candidate {
        Candidate {
            id: id.into(),
            score: Points::from_whole(score),
            vetoed,
        }
    }

    #[test]
    fn tie_straddling_max() {
        let tiers = [
            tier(Some(20), Some(2), None, true),
            tier(None, None, None, false),
        ];
        let c = [
            cand("H3", 30, false),
            cand("H1", 40, false),
            cand("H2", 30, false),
            cand("H4", 50, true),
        ];
        let p = assign(&tiers, &c);
        let got: Vec<(&str, usize, Option<usize>, bool)> = p
            .iter()
            .map(|x| (c[x.index].id.as_str(), x.rank, x.tier, x.tie.is_some()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("H4", 1, Some(1), false),
                ("H1", 2, Some(0), false),
                ("H2", 3, Some(0), true),
                ("H3", 3, Some(1), true),
            ]
        );
        assert_eq!(p[3].skipped, vec![(0, Skip::Full)]);
        assert_eq!(p[3].tie, Some(vec![3, 4]));
        assert_eq!(p[0].skipped, vec![(0, Skip::Vetoed)]);
    }

    #[test]
    fn share_rounds_down_and_zero_share_holds_none() {
        let tiers = [tier(None, Some(5), Some((1, 3)), false)];
        let c: Vec<Candidate> = (0..5)
            .map(|i| cand(&format!("P{i}"), 10 - i, false))
            .collect();
        let p = assign(&tiers, &c);
        let placed: Vec<Option<usize>> = p.iter().map(|x| x.tier).collect();
        assert_eq!(placed, vec![Some(0), None, None, None, None]);
        let p = assign(&tiers, &c[..2]);
        assert_eq!(p[0].tier, None);
        assert_eq!(p[0].skipped, vec![(0, Skip::Full)]);
    }

    #[test]
    fn ranges_compress() {
        assert_eq!(ranges(&[1, 3, 4, 5, 7], Lang::En), "1, 3–5, 7");
        assert_eq!(ranges(&[1, 3, 4, 5, 7], Lang::Zh), "1、3–5、7");
    }

    fn arb_tiers() -> impl Strategy<Value = Vec<Tier>> {
        prop::collection::vec(
            (
                prop::option::of(-5i64..30),
                prop::option::of(1usize..5),
                prop::option::of((1u64..4, 1u64..5).prop_map(|(a, b)| (a.min(b), b))),
                any::<bool>(),
            )
                .prop_map(|(min, max, share, clean)| tier(min, max, share, clean)),
            1..5,
        )
    }

    fn arb_cands() -> impl Strategy<Value = Vec<Candidate>> {
        prop::collection::vec((-5i64..30, any::<bool>()), 0..12).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (s, vetoed))| cand(&format!("S{i:02}"), s, vetoed))
                .collect()
        })
    }

    /// A tier earlier in the list is higher; no tier is lowest.
    fn height(t: Option<usize>) -> usize {
        t.unwrap_or(usize::MAX)
    }

    proptest! {
        #[test]
        fn no_tier_holds_more_than_its_limits(tiers in arb_tiers(), c in arb_cands()) {
            let p = assign(&tiers, &c);
            for (k, t) in tiers.iter().enumerate() {
                let held = p.iter().filter(|x| x.tier == Some(k)).count();
                if let Some(m) = t.max { prop_assert!(held <= m); }
                if let Some(s) = t.share { prop_assert!(held <= s.of(c.len())); }
            }
        }

        #[test]
        fn every_subject_meets_its_tier(tiers in arb_tiers(), c in arb_cands()) {
            for x in assign(&tiers, &c) {
                if let Some(k) = x.tier {
                    let (t, s) = (&tiers[k], &c[x.index]);
                    prop_assert!(t.min.is_none_or(|m| s.score >= m));
                    prop_assert!(!(t.clean && s.vetoed));
                }
            }
        }

        /// Raising one subject's score (its veto status unchanged) never
        /// moves it to a lower tier. It holds with `clean` tiers too: the
        /// veto status does not change, and the subjects ranked above it
        /// after the raise are a prefix of those ranked above it before, so
        /// every tier has at most as many holders when its turn comes.
        /// (Other subjects may well move down: that is the point of a limit.)
        #[test]
        fn raising_a_score_never_lowers_its_tier(
            tiers in arb_tiers(), c in arb_cands(), who in any::<prop::sample::Index>(), by in 1i64..20
        ) {
            prop_assume!(!c.is_empty());
            let i = who.index(c.len());
            let before = assign(&tiers, &c);
            let mut raised = c.clone();
            raised[i].score = Points::from_whole(c[i].score.whole() + by);
            let after = assign(&tiers, &raised);
            let tier_of = |p: &[Placed]| p.iter().find(|x| x.index == i).map(|x| x.tier);
            let (b, a) = (tier_of(&before), tier_of(&after));
            prop_assert!(height(a.flatten()) <= height(b.flatten()), "before {:?}, after {:?}", b, a);
        }

        #[test]
        fn order_of_candidates_does_not_matter(tiers in arb_tiers(), c in arb_cands(), seed in any::<u64>()) {
            let mut shuffled = c.clone();
            // A deterministic shuffle from the seed.
            let mut s = seed;
            for k in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(k, (s >> 33) as usize % (k + 1));
            }
            let key = |c: &[Candidate], p: Vec<Placed>| -> Vec<(String, usize, Option<usize>, bool)> {
                p.into_iter().map(|x| (c[x.index].id.clone(), x.rank, x.tier, x.tie.is_some())).collect()
            };
            prop_assert_eq!(key(&c, assign(&tiers, &c)), key(&shuffled, assign(&tiers, &shuffled)));
        }
    }
}
