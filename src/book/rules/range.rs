//! Ranges of points in `points.toml` (`{ min = 5, max = 10 }`, SPEC §10):
//! read wherever a number of points may stand, and checked (both bounds,
//! min ≤ max, no mixed signs, no role called `min` or `max`).

use super::{Cx, RawRate};
use crate::model::{Points, Rate};
use crate::tr;
use std::collections::BTreeMap;
use toml::Spanned;

/// A table of points is a range when it names `min` or `max` (roles may not
/// be called so).
pub(super) fn is_range(map: &BTreeMap<String, Spanned<RawRate>>) -> bool {
    map.contains_key("min") || map.contains_key("max")
}

impl Cx<'_> {
    /// The range written at `span`; an error for each thing wrong with it.
    pub(super) fn range(
        &mut self,
        span: std::ops::Range<usize>,
        map: &BTreeMap<String, Spanned<RawRate>>,
    ) -> Rate {
        let whole = Spanned::new(span, ());
        let expected = tr!(range.expected);
        for (key, v) in map {
            if key != "min" && key != "max" {
                self.err(v, tr!(range.other_key, key = key), &expected);
            }
        }
        let bound = |cx: &mut Self, key: &str| match map.get(key) {
            None => {
                cx.err(&whole, tr!(range.missing_bound, key = key), &expected);
                None
            }
            Some(v) => match v.get_ref() {
                super::RawRate::Flat(n) => {
                    let before = cx.diags.len();
                    let p = cx.points(&Spanned::new(v.span(), n.clone()), key);
                    (cx.diags.len() == before).then_some(p)
                }
                super::RawRate::Map(_) => {
                    cx.err(v, tr!(range.bound_not_a_number, key = key), &expected);
                    None
                }
            },
        };
        let (min, max) = (bound(self, "min"), bound(self, "max"));
        let (Some(min), Some(max)) = (min, max) else {
            return Rate::Fixed(Points::ZERO);
        };
        if min > max {
            self.err(
                &whole,
                tr!(range.min_above_max, min = min, max = max),
                &tr!(range.min_above_max_expected),
            );
        } else if min.is_negative() && max.is_positive() {
            self.err(
                &whole,
                tr!(range.mixed_signs, min = min, max = max),
                &tr!(range.mixed_signs_expected),
            );
        }
        Rate::Range { min, max }
    }

    /// `min` and `max` write a range, so no role may be called so.
    pub(super) fn no_role_named_min_or_max<'a>(
        &mut self,
        ids: impl Iterator<Item = &'a Spanned<String>>,
    ) {
        for id in ids {
            if matches!(id.get_ref().as_str(), "min" | "max") {
                self.err(
                    id,
                    tr!(range.role_named, id = id.get_ref()),
                    &tr!(range.role_named_expected),
                );
            }
        }
    }
}
