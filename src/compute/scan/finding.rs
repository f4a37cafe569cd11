//! What the scan finds wrong in a ledger row, as typed values; the one
//! place that turns each into a [`Diagnostic`] in the chosen language
//! (`check.*` in `src/i18n/*.toml`). A finding is built only when a problem
//! is found: the scan's hot path never touches the catalogues.

use crate::book::diag::{Diagnostic, Severity};
use crate::book::ledger::col;
use crate::model::{CapPer, Points};
use crate::{i18n, tr};
use chrono::NaiveDate;
use std::path::Path;

/// What the `item` column of a row should name, by the row's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    Item,
    Category,
    Reward,
}

/// How a person's stay in the community is bounded (people.csv).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stay {
    Between(NaiveDate, NaiveDate),
    From(NaiveDate),
    Until(NaiveDate),
}

/// The rule an `earn` row's points come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleText {
    pub item: String,
    pub hourly: bool,
    pub rate: Points,
    pub role: String,
    pub qty: Points,
    /// The qty counted, where max_qty cut it.
    pub counted: Option<Points>,
    pub full: Points,
    /// The cap that cut the points: its period, its points, whose it is
    /// (the item's or category's name), the room left, and whether it is a
    /// `deduct_cap`.
    pub cap: Option<(CapPer, Points, String, Points, bool)>,
    /// The item's range of points per unit, where it has one (then `rate`
    /// is the value of the range that comes nearest).
    pub range: Option<(Points, Points)>,
}

/// One problem the scan found at a ledger row (or, for [`Finding::SpillFailed`],
/// in the temporary folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    SpillFailed {
        dir: String,
        error: String,
    },
    DoubleEntry {
        first: String,
        first_line: u32,
    },
    TooLarge,
    UnknownPerson {
        person: String,
    },
    UnknownName {
        named: Named,
        id: String,
        known: String,
    },
    OpenQtyNegative {
        qty: String,
    },
    RoleMayNotEarn {
        name: String,
        person: String,
        role: String,
        item: String,
        item_name: String,
        allowed: String,
    },
    NotLivingHere {
        name: String,
        person: String,
        stay: Option<Stay>,
        date: NaiveDate,
    },
    QtyNotPositive {
        qty: Points,
    },
    QtyNotWhole {
        qty: Points,
        item: String,
    },
    QtyOverADay {
        qty: Points,
        item: String,
    },
    NoRate {
        item: String,
        date: NaiveDate,
        from: Option<NaiveDate>,
    },
    NoPointsForRole {
        item: String,
        role: String,
        role_id: String,
    },
    PointsTooLargeToCompute,
    PointsDiffer {
        points: Points,
        expected: Points,
        rule: RuleText,
    },
    /// No value in the item's range gives the row's points (after max_qty and caps).
    PointsNotInRange {
        points: Points,
        rule: RuleText,
    },
    BeyondMaxRowPoints {
        points: Points,
        max: Points,
    },
    RedeemQtyNotWhole {
        qty: Points,
    },
    NoCost {
        reward: String,
        date: NaiveDate,
    },
    RedeemPointsWrong {
        points: Points,
        reward: String,
        cost: Points,
        date: NaiveDate,
        qty: Points,
        expected: Option<Points>,
    },
    VoidWithoutRef,
    VoidKindUnusual,
    VoidedTwice {
        target: String,
        first_id: String,
        first: String,
        first_line: usize,
    },
    VoidOfAVoid {
        target: String,
    },
    VoidPersonDiffers {
        person: String,
        target: String,
        owner: String,
    },
    VoidItemDiffers {
        item: String,
        target: String,
        target_item: String,
    },
    VoidQtyDiffers {
        qty: String,
        target: String,
        target_qty: Option<Points>,
    },
    VoidPointsDiffer {
        points: Points,
        target: String,
        expected: Points,
    },
    VoidBeforeEntry {
        target: String,
        later: String,
        later_line: usize,
    },
    VoidWithoutEntry {
        target: String,
    },
    IdReused {
        id: String,
        first: String,
        first_line: u32,
    },
    Overdrawn {
        name: String,
        person: String,
        balance: Points,
        date: NaiveDate,
    },
}

impl Finding {
    /// The finding at `line` of `path`, its caret under its column.
    pub fn at(&self, path: &Path, line: usize) -> Diagnostic {
        let mut d = match self.severity() {
            Severity::Error => Diagnostic::error(path, line, self.message()),
            Severity::Warning => Diagnostic::warning(path, line, self.message()),
        };
        if let Some(f) = self.field() {
            d = d.field(f);
        }
        d.expected = self.expected();
        d.fix = self.fix();
        d
    }

    pub fn severity(&self) -> Severity {
        match self {
            Finding::DoubleEntry { .. }
            | Finding::BeyondMaxRowPoints { .. }
            | Finding::Overdrawn { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The CSV field the caret goes under.
    pub fn field(&self) -> Option<usize> {
        use Finding as F;
        Some(match self {
            F::SpillFailed { .. } | F::DoubleEntry { .. } | F::Overdrawn { .. } => return None,
            F::TooLarge
            | F::PointsTooLargeToCompute
            | F::PointsDiffer { .. }
            | F::PointsNotInRange { .. }
            | F::BeyondMaxRowPoints { .. }
            | F::RedeemPointsWrong { .. }
            | F::VoidPointsDiffer { .. } => col::POINTS,
            F::UnknownPerson { .. } | F::VoidPersonDiffers { .. } => col::PERSON,
            F::UnknownName { .. }
            | F::RoleMayNotEarn { .. }
            | F::NoPointsForRole { .. }
            | F::VoidItemDiffers { .. } => col::ITEM,
            F::OpenQtyNegative { .. }
            | F::QtyNotPositive { .. }
            | F::QtyNotWhole { .. }
            | F::QtyOverADay { .. }
            | F::RedeemQtyNotWhole { .. }
            | F::VoidQtyDiffers { .. } => col::QTY,
            F::NotLivingHere { .. } | F::NoRate { .. } | F::NoCost { .. } => col::DATE,
            F::VoidWithoutRef
            | F::VoidedTwice { .. }
            | F::VoidOfAVoid { .. }
            | F::VoidBeforeEntry { .. }
            | F::VoidWithoutEntry { .. } => col::REF,
            F::VoidKindUnusual => col::KIND,
            F::IdReused { .. } => col::ID,
        })
    }

    pub fn message(&self) -> String {
        use Finding as F;
        let date = |d: &NaiveDate| i18n::date(*d);
        match self {
            F::SpillFailed { dir, error } => tr!(check.spill_failed, dir = dir, error = error),
            F::DoubleEntry { first, first_line } => {
                tr!(check.double_entry, first = first, line = first_line)
            }
            F::TooLarge => tr!(check.too_large),
            F::UnknownPerson { person } => tr!(check.unknown_person, person = person),
            F::UnknownName { named, id, .. } => match named {
                Named::Item => tr!(check.unknown_item, id = id),
                Named::Category => tr!(check.unknown_category, id = id),
                Named::Reward => tr!(check.unknown_reward, id = id),
            },
            F::OpenQtyNegative { qty } => tr!(check.open_qty_negative, qty = qty),
            F::RoleMayNotEarn {
                name,
                person,
                role,
                item,
                item_name,
                ..
            } => tr!(
                check.role_may_not_earn,
                name = name,
                person = person,
                role = role,
                item = item,
                item_name = item_name
            ),
            F::NotLivingHere {
                name,
                person,
                stay,
                date: d,
            } => match stay {
                Some(Stay::Between(j, l)) => tr!(
                    check.lived_between,
                    name = name,
                    person = person,
                    joined = date(j),
                    left = date(l),
                    date = date(d)
                ),
                Some(Stay::From(j)) => tr!(
                    check.moved_in,
                    name = name,
                    person = person,
                    joined = date(j),
                    date = date(d)
                ),
                Some(Stay::Until(l)) => tr!(
                    check.moved_out,
                    name = name,
                    person = person,
                    left = date(l),
                    date = date(d)
                ),
                None => tr!(
                    check.not_living_here,
                    name = name,
                    person = person,
                    date = date(d)
                ),
            },
            F::QtyNotPositive { qty } => tr!(check.qty_not_positive, qty = qty),
            F::QtyNotWhole { qty, item } => tr!(check.qty_not_whole, qty = qty, item = item),
            F::QtyOverADay { qty, item } => tr!(check.qty_over_a_day, qty = qty, item = item),
            F::NoRate {
                item,
                date: d,
                from,
            } => match from {
                Some(f) => tr!(check.no_rate, item = item, date = date(d), from = date(f)),
                None => tr!(check.no_rate_at_all, item = item, date = date(d)),
            },
            F::NoPointsForRole {
                item,
                role,
                role_id,
            } => tr!(
                check.no_points_for_role,
                item = item,
                role = role,
                role_id = role_id
            ),
            F::PointsTooLargeToCompute => tr!(check.points_too_large_to_compute),
            F::PointsDiffer {
                points,
                expected,
                rule,
            } => {
                let how = rule.render();
                if points > expected {
                    tr!(
                        check.points_more,
                        points = points,
                        expected = expected,
                        how = how
                    )
                } else {
                    tr!(
                        check.points_less,
                        points = points,
                        expected = expected,
                        how = how
                    )
                }
            }
            F::PointsNotInRange { points, rule } => {
                tr!(
                    range.check.not_in_range,
                    points = points,
                    how = rule.render()
                )
            }
            F::BeyondMaxRowPoints { points, max } => {
                tr!(check.beyond_max_row_points, points = points, max = max)
            }
            F::RedeemQtyNotWhole { qty } => tr!(check.redeem_qty_not_whole, qty = qty),
            F::NoCost { reward, date: d } => tr!(check.no_cost, reward = reward, date = date(d)),
            F::RedeemPointsWrong {
                points,
                reward,
                cost,
                date: d,
                qty,
                expected,
            } => tr!(
                check.redeem_points_wrong,
                points = points,
                reward = reward,
                cost = cost,
                date = date(d),
                qty = qty,
                expected = expected.map_or("?".into(), |e| e.to_string())
            ),
            F::VoidWithoutRef => tr!(check.void_without_ref),
            F::VoidKindUnusual => tr!(check.void_kind_unusual),
            F::VoidedTwice {
                target,
                first_id,
                first,
                first_line,
            } => tr!(
                check.voided_twice,
                target = target,
                first_id = first_id,
                first = first,
                line = first_line
            ),
            F::VoidOfAVoid { target } => tr!(check.void_of_a_void, target = target),
            F::VoidPersonDiffers {
                person,
                target,
                owner,
            } => tr!(
                check.void_person_differs,
                person = person,
                target = target,
                owner = owner
            ),
            F::VoidItemDiffers {
                item,
                target,
                target_item,
            } => tr!(
                check.void_item_differs,
                item = item,
                target = target,
                target_item = target_item
            ),
            F::VoidQtyDiffers {
                qty,
                target,
                target_qty,
            } => tr!(
                check.void_qty_differs,
                qty = qty,
                target = target,
                target_qty = super::qty_text(*target_qty)
            ),
            F::VoidPointsDiffer { points, target, .. } => {
                tr!(check.void_points_differ, points = points, target = target)
            }
            F::VoidBeforeEntry {
                target,
                later,
                later_line,
            } => tr!(
                check.void_before_entry,
                target = target,
                later = later,
                line = later_line
            ),
            F::VoidWithoutEntry { target } => tr!(check.void_without_entry, target = target),
            F::IdReused {
                id,
                first,
                first_line,
            } => tr!(check.id_reused, id = id, first = first, line = first_line),
            F::Overdrawn {
                name,
                person,
                balance,
                date: d,
            } => tr!(
                check.overdrawn,
                name = name,
                person = person,
                balance = balance,
                date = date(d)
            ),
        }
    }

    pub fn expected(&self) -> Option<String> {
        use Finding as F;
        Some(match self {
            F::TooLarge => tr!(
                check.too_large_expected,
                max = Points::from_hundredths(i64::MAX)
            ),
            F::UnknownPerson { .. } => tr!(check.unknown_person_expected),
            F::UnknownName { named, known, .. } => match named {
                Named::Item => tr!(check.unknown_item_expected, known = known),
                Named::Category => tr!(check.unknown_category_expected, known = known),
                Named::Reward => tr!(check.unknown_reward_expected, known = known),
            },
            F::OpenQtyNegative { .. } => tr!(check.open_qty_negative_expected),
            F::RoleMayNotEarn { allowed, .. } => {
                tr!(check.role_may_not_earn_expected, roles = allowed)
            }
            F::QtyNotPositive { .. } => tr!(check.qty_not_positive_expected),
            F::QtyNotWhole { .. } => tr!(check.qty_not_whole_expected),
            F::QtyOverADay { .. } => tr!(check.qty_over_a_day_expected),
            F::PointsDiffer { expected, .. } => expected.to_string(),
            F::RedeemQtyNotWhole { .. } => tr!(check.redeem_qty_not_whole_expected),
            F::RedeemPointsWrong { expected, .. } => expected.map_or("?".into(), |e| e.to_string()),
            F::VoidWithoutRef => tr!(check.void_without_ref_expected),
            F::VoidKindUnusual => tr!(check.void_kind_unusual_expected),
            F::VoidedTwice { .. } => tr!(check.voided_twice_expected),
            F::VoidPersonDiffers { owner, .. } => owner.clone(),
            F::VoidItemDiffers { target_item, .. } => target_item.clone(),
            F::VoidQtyDiffers { target_qty, .. } => match target_qty {
                Some(q) => q.to_string(),
                None => tr!(check.void_qty_empty_expected),
            },
            F::VoidPointsDiffer { expected, .. } => expected.to_string(),
            F::VoidBeforeEntry { .. } => tr!(check.void_before_entry_expected),
            F::VoidWithoutEntry { .. } => tr!(check.void_without_entry_expected),
            F::IdReused { .. } => tr!(check.id_reused_expected),
            F::SpillFailed { .. }
            | F::DoubleEntry { .. }
            | F::NotLivingHere { .. }
            | F::NoRate { .. }
            | F::NoPointsForRole { .. }
            | F::PointsTooLargeToCompute
            | F::PointsNotInRange { .. }
            | F::BeyondMaxRowPoints { .. }
            | F::NoCost { .. }
            | F::VoidOfAVoid { .. }
            | F::Overdrawn { .. } => return None,
        })
    }

    pub fn fix(&self) -> Option<String> {
        use Finding as F;
        Some(match self {
            F::SpillFailed { .. } => tr!(check.spill_failed_fix),
            F::DoubleEntry { .. } => tr!(check.double_entry_fix),
            F::TooLarge => tr!(check.too_large_fix),
            F::UnknownPerson { .. } => tr!(check.unknown_person_fix),
            F::RoleMayNotEarn { .. } => tr!(check.role_may_not_earn_fix),
            F::NotLivingHere { .. } => tr!(check.not_living_here_fix),
            F::QtyOverADay { .. } => tr!(check.qty_over_a_day_fix),
            F::NoRate { .. } => tr!(check.no_rate_fix),
            F::NoPointsForRole { .. } => tr!(check.no_points_for_role_fix),
            F::PointsDiffer { .. } => tr!(check.points_differ_fix),
            F::PointsNotInRange { .. } => tr!(range.check.fix),
            F::BeyondMaxRowPoints { .. } => tr!(check.beyond_max_row_points_fix),
            F::NoCost { .. } => tr!(check.no_cost_fix),
            F::RedeemPointsWrong { .. } => tr!(check.redeem_points_wrong_fix),
            F::VoidKindUnusual => tr!(check.void_kind_unusual_fix),
            F::VoidedTwice { .. } => tr!(check.voided_twice_fix),
            F::VoidOfAVoid { .. } => tr!(check.void_of_a_void_fix),
            F::VoidBeforeEntry { .. } => tr!(check.void_before_entry_fix),
            F::VoidWithoutEntry { .. } => tr!(check.void_without_entry_fix),
            F::IdReused { .. } => tr!(check.id_reused_fix),
            F::Overdrawn { .. } => tr!(check.overdrawn_fix),
            F::UnknownName { .. }
            | F::OpenQtyNegative { .. }
            | F::QtyNotPositive { .. }
            | F::QtyNotWhole { .. }
            | F::PointsTooLargeToCompute
            | F::RedeemQtyNotWhole { .. }
            | F::VoidWithoutRef
            | F::VoidPersonDiffers { .. }
            | F::VoidItemDiffers { .. }
            | F::VoidQtyDiffers { .. }
            | F::VoidPointsDiffer { .. } => return None,
        })
    }
}

impl RuleText {
    /// "治安巡逻 gives 2 per hour to a 群众, × 5 = 10", and the cap that cut it.
    pub fn render(&self) -> String {
        let (item, rate, role, qty, full) =
            (&self.item, self.rate, &self.role, self.qty, self.full);
        let rule = match (self.hourly, self.counted) {
            (true, None) => tr!(
                check.rule_hour,
                item = item,
                rate = rate,
                role = role,
                qty = qty,
                full = full
            ),
            (true, Some(c)) => tr!(
                check.rule_hour_max,
                item = item,
                rate = rate,
                role = role,
                qty = qty,
                counted = c,
                full = full
            ),
            (false, None) => tr!(
                check.rule_time,
                item = item,
                rate = rate,
                role = role,
                qty = qty,
                full = full
            ),
            (false, Some(c)) => tr!(
                check.rule_time_max,
                item = item,
                rate = rate,
                role = role,
                qty = qty,
                counted = c,
                full = full
            ),
        };
        // A range: the same sentence with the range in place of the rate.
        let rule = self.range.map_or(rule, |range| self.range_rule(range));
        match &self.cap {
            None => rule,
            Some((per, cap, name, room, deducts)) => {
                let per = match per {
                    CapPer::Day => tr!(check.cap_per.day),
                    CapPer::Week => tr!(check.cap_per.week),
                    CapPer::Month => tr!(check.cap_per.month),
                    CapPer::Quarter => tr!(check.cap_per.quarter),
                    CapPer::HalfYear => tr!(check.cap_per.half_year),
                    CapPer::Year => tr!(check.cap_per.year),
                };
                if *deducts {
                    tr!(
                        deduct_cap.rule_capped,
                        rule = rule,
                        per = per,
                        cap = cap,
                        name = name,
                        room = room
                    )
                } else {
                    tr!(
                        check.rule_capped,
                        rule = rule,
                        per = per,
                        cap = cap,
                        name = name,
                        room = room
                    )
                }
            }
        }
    }
}

impl RuleText {
    /// "治安巡逻 gives 5 to 10 per time to a 群众, × 2 = 10 to 20".
    fn range_rule(&self, (min, max): (Points, Points)) -> String {
        let (item, role, qty) = (&self.item, &self.role, self.qty);
        let counted = self.counted.unwrap_or(qty);
        // Within MAX_AMOUNT × 24 hours: the products fit.
        let low = min.checked_mul(counted).unwrap_or_default();
        let high = max.checked_mul(counted).unwrap_or_default();
        match (self.hourly, self.counted) {
            (true, None) => tr!(
                range.check.rule_hour,
                item = item,
                min = min,
                max = max,
                role = role,
                qty = qty,
                low = low,
                high = high
            ),
            (true, Some(c)) => tr!(
                range.check.rule_hour_max,
                item = item,
                min = min,
                max = max,
                role = role,
                qty = qty,
                counted = c,
                low = low,
                high = high
            ),
            (false, None) => tr!(
                range.check.rule_time,
                item = item,
                min = min,
                max = max,
                role = role,
                qty = qty,
                low = low,
                high = high
            ),
            (false, Some(c)) => tr!(
                range.check.rule_time_max,
                item = item,
                min = min,
                max = max,
                role = role,
                qty = qty,
                counted = c,
                low = low,
                high = high
            ),
        }
    }
}
