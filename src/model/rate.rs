//! The points an item gives per unit: a fixed amount, or a range the
//! committee chooses from for each activity (酌情 "5～10分", SPEC §10).
//!
//! For a range, a row's points are P × qty for some P in the range with two
//! decimals, rounded half away from zero like every product; this module
//! finds the P that explains a row's points, so that `check` can cap it like
//! any other row.

use crate::model::Points;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rate {
    Fixed(Points),
    /// `{ min = 5, max = 10 }`: min ≤ max, never of opposite signs.
    Range {
        min: Points,
        max: Points,
    },
}

impl Rate {
    /// Whether every value the rate allows is below zero (a deduction).
    pub fn is_negative(self) -> bool {
        match self {
            Rate::Fixed(p) => p.is_negative(),
            Rate::Range { max, .. } => max.is_negative(),
        }
    }

    /// The bounds of a range; `None` for a fixed rate.
    pub fn range(self) -> Option<(Points, Points)> {
        match self {
            Rate::Fixed(_) => None,
            Rate::Range { min, max } => Some((min, max)),
        }
    }

    /// Whether `p` is a value this rate allows.
    pub fn allows(self, p: Points) -> bool {
        match self {
            Rate::Fixed(f) => f == p,
            Rate::Range { min, max } => min <= p && p <= max,
        }
    }
}

/// The value in `min..=max` (min ≤ max, not of opposite signs) whose product
/// with `counted` is `shown`, if there is one; else the bound of the larger
/// magnitude, the one a cap may have cut down to `shown`.
///
/// Kept out of line: the scan's hot path for fixed points never calls it.
#[cold]
#[inline(never)]
pub fn explaining(min: Points, max: Points, counted: Points, shown: Points) -> Points {
    // Work on magnitudes: a deduction range is the mirror of a positive one.
    let negative = max.is_negative() || (max.is_zero() && min.is_negative());
    let (lo, hi, r) = if negative {
        (-max.hundredths(), -min.hundredths(), -shown.hundredths())
    } else {
        (min.hundredths(), max.hundredths(), shown.hundredths())
    };
    let far = if negative { min } else { max };
    let q = i128::from(counted.hundredths());
    if q <= 0 || r < 0 {
        return far;
    }
    // p × q / 100 rounds (half away from zero) to r exactly when
    // 100r − 50 ≤ p × q ≤ 100r + 49, for p, q, r ≥ 0.
    let r = i128::from(r);
    let from = div_ceil(100 * r - 50, q).max(i128::from(lo));
    let to = div_floor(100 * r + 49, q).min(i128::from(hi));
    if from > to {
        return far;
    }
    // from lies within lo..=hi, so it fits.
    let p = i64::try_from(from).unwrap_or(hi);
    Points::from_hundredths(if negative { -p } else { p })
}

fn div_floor(n: i128, d: i128) -> i128 {
    n.div_euclid(d)
}

fn div_ceil(n: i128, d: i128) -> i128 {
    -(-n).div_euclid(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Points {
        Points::parse(s).unwrap()
    }

    /// Every P of the range, tried one by one.
    fn brute(min: Points, max: Points, counted: Points, shown: Points) -> bool {
        (min.hundredths()..=max.hundredths())
            .any(|h| Points::from_hundredths(h).checked_mul(counted) == Some(shown))
    }

    #[test]
    fn finds_the_value_that_explains_a_row() {
        // 5..10 per time, 1 time: 7 is P = 7.
        assert_eq!(explaining(p("5"), p("10"), p("1"), p("7")), p("7"));
        // 2.5 hours at P: 2.5 × 4.01 = 10.025 → 10.03; 10.02 needs P = 4.008: none.
        assert_eq!(explaining(p("1"), p("5"), p("2.5"), p("10.03")), p("4.01"));
        // Outside the range: the bound of the larger magnitude.
        assert_eq!(explaining(p("5"), p("10"), p("1"), p("11")), p("10"));
        assert_eq!(explaining(p("5"), p("10"), p("1"), p("3")), p("10"));
        // Deductions: −10..−5.
        assert_eq!(explaining(p("-10"), p("-5"), p("1"), p("-7")), p("-7"));
        assert_eq!(explaining(p("-10"), p("-5"), p("1"), p("-4")), p("-10"));
        assert_eq!(explaining(p("-10"), p("-5"), p("1"), p("3")), p("-10"));
    }

    #[test]
    fn agrees_with_trying_every_value() {
        let ranges = [("0", "3"), ("1.5", "2.5"), ("-3", "-0.5"), ("-2", "0")];
        let qtys = ["0.01", "0.33", "1", "1.5", "2.75", "3"];
        for (lo, hi) in ranges {
            let (lo, hi) = (p(lo), p(hi));
            for q in qtys {
                let q = p(q);
                for h in -1000..=1000 {
                    let shown = Points::from_hundredths(h);
                    let e = explaining(lo, hi, q, shown);
                    assert!(lo <= e && e <= hi, "{lo}..{hi} × {q}: {e}");
                    let exact = e.checked_mul(q) == Some(shown);
                    assert_eq!(exact, brute(lo, hi, q, shown), "{lo}..{hi} × {q} = {shown}");
                }
            }
        }
    }
}
