//! `Points`: exact fixed-point amounts in hundredths, with checked arithmetic.
//!
//! Points and quantities are decimals with at most two fractional digits
//! (SPEC §2.3). They are held as an `i64` count of hundredths; every operation
//! that could overflow is checked, and `rate × qty` rounds half away from zero
//! (四舍五入). No floating point is used anywhere.

use std::fmt;

/// An exact decimal amount with two fractional digits (also used for quantities).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i64);

/// Why a decimal text could not be read as points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointsError {
    Empty,
    NotANumber,
    TooPrecise,
    Overflow,
}

impl std::fmt::Display for PointsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            PointsError::Empty => crate::tr!(record.points_error.empty),
            PointsError::NotANumber => crate::tr!(record.points_error.not_a_number),
            PointsError::TooPrecise => crate::tr!(record.points_error.too_precise),
            PointsError::Overflow => crate::tr!(record.points_error.overflow),
        })
    }
}

impl std::error::Error for PointsError {}

/// The largest magnitude accepted when reading (about 10^15 points), so that
/// sums of many rows still fit comfortably in an `i64`.
const MAX_READ: i64 = 100_000_000_000_000_000;

impl Points {
    pub const ZERO: Points = Points(0);

    pub const fn from_hundredths(h: i64) -> Points {
        Points(h)
    }

    pub const fn from_whole(n: i64) -> Points {
        Points(n * 100)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Whether the amount is a whole number.
    pub fn is_whole(self) -> bool {
        self.0 % 100 == 0
    }

    /// The whole part (truncated toward zero).
    pub fn whole(self) -> i64 {
        self.0 / 100
    }

    /// Parse decimal text: optional sign, digits, optionally `.` and one or two digits.
    pub fn parse(s: &str) -> Result<Points, PointsError> {
        Self::parse_bytes(s.as_bytes())
    }

    /// As [`Points::parse`], on bytes (the ledger reader's fast path).
    pub fn parse_bytes(b: &[u8]) -> Result<Points, PointsError> {
        if b.is_empty() {
            return Err(PointsError::Empty);
        }
        let (neg, digits) = match b[0] {
            b'-' => (true, &b[1..]),
            b'+' => (false, &b[1..]),
            _ => (false, b),
        };
        let (int, frac) = match digits.iter().position(|&c| c == b'.') {
            Some(i) => (&digits[..i], Some(&digits[i + 1..])),
            None => (digits, None),
        };
        if int.is_empty() || !int.iter().all(u8::is_ascii_digit) {
            return Err(PointsError::NotANumber);
        }
        let mut v: i64 = 0;
        for &c in int {
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(c - b'0')))
                .ok_or(PointsError::Overflow)?;
        }
        v = v.checked_mul(100).ok_or(PointsError::Overflow)?;
        if let Some(frac) = frac {
            if frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
                return Err(PointsError::NotANumber);
            }
            // Trailing zeros beyond two places are harmless ("2.500").
            let significant = frac.len() - frac.iter().rev().take_while(|&&c| c == b'0').count();
            if significant > 2 {
                return Err(PointsError::TooPrecise);
            }
            let d0 = frac.first().map_or(0, |c| i64::from(c - b'0'));
            let d1 = frac.get(1).map_or(0, |c| i64::from(c - b'0'));
            v += d0 * 10 + d1;
        }
        if v > MAX_READ {
            return Err(PointsError::Overflow);
        }
        Ok(Points(if neg { -v } else { v }))
    }

    pub fn checked_add(self, o: Points) -> Option<Points> {
        self.0.checked_add(o.0).map(Points)
    }

    pub fn checked_sub(self, o: Points) -> Option<Points> {
        self.0.checked_sub(o.0).map(Points)
    }

    pub fn checked_neg(self) -> Option<Points> {
        self.0.checked_neg().map(Points)
    }

    /// `self × qty`, both with two decimals, rounded to two decimals half away from zero.
    pub fn checked_mul(self, qty: Points) -> Option<Points> {
        if qty.0 % 100 == 0 {
            // A whole quantity (the usual case): no rounding, no wide division.
            return self.0.checked_mul(qty.0 / 100).map(Points);
        }
        let p = i128::from(self.0) * i128::from(qty.0);
        let r = round_div(p, 100);
        i64::try_from(r).ok().map(Points)
    }

    /// `self × n` for a whole count.
    pub fn checked_mul_int(self, n: i64) -> Option<Points> {
        self.0.checked_mul(n).map(Points)
    }

    /// The mean of `self` over `n` items, rounded half away from zero. `n` must be > 0.
    pub fn mean(self, n: usize) -> Points {
        if n == 0 {
            return Points::ZERO;
        }
        let n = i128::try_from(n).unwrap_or(i128::MAX);
        // |self| / n ≤ |self| always fits back into i64.
        Points(round_div(i128::from(self.0), n) as i64)
    }

    /// How many whole times `unit` fits into `self` (both positive; 0 otherwise).
    pub fn whole_times(self, unit: Points) -> i64 {
        if unit.0 <= 0 || self.0 <= 0 {
            0
        } else {
            self.0 / unit.0
        }
    }

    pub fn min(self, o: Points) -> Points {
        if self.0 <= o.0 {
            self
        } else {
            o
        }
    }

    pub fn max(self, o: Points) -> Points {
        if self.0 >= o.0 {
            self
        } else {
            o
        }
    }

    pub fn abs(self) -> Points {
        Points(self.0.saturating_abs())
    }
}

/// `n / d` rounded half away from zero (d > 0).
fn round_div(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d {
        q + n.signum()
    } else {
        q
    }
}

impl fmt::Display for Points {
    /// Exact text: `12.5`, `-20`, `0.75` (no trailing zeros, no exponent).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let sign = if v < 0 { "-" } else { "" };
        let a = v.unsigned_abs();
        let (i, frac) = (a / 100, a % 100);
        let s = if frac == 0 {
            format!("{sign}{i}")
        } else if frac % 10 == 0 {
            format!("{sign}{i}.{}", frac / 10)
        } else {
            format!("{sign}{i}.{frac:02}")
        };
        f.pad(&s)
    }
}

impl serde::Serialize for Points {
    /// Written as an exact JSON number (`12.5`, `-20`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The decimal text itself goes out as the number: no float in between.
        let raw = serde_json::value::RawValue::from_string(self.to_string())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// A total that does not fit: the book holds amounts too large to add up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the total is too large to compute exactly")]
pub struct Overflow;

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Points {
        Points::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints_exactly() {
        for (s, out) in [
            ("12.5", "12.5"),
            ("-20", "-20"),
            ("0.75", "0.75"),
            ("2.50", "2.5"),
            ("+3", "3"),
            ("0", "0"),
            ("-0.05", "-0.05"),
            ("1.500", "1.5"),
        ] {
            assert_eq!(p(s).to_string(), out, "{s}");
        }
    }

    #[test]
    fn refuses_bad_text() {
        assert_eq!(Points::parse(""), Err(PointsError::Empty));
        assert_eq!(Points::parse("1.234"), Err(PointsError::TooPrecise));
        assert_eq!(Points::parse("abc"), Err(PointsError::NotANumber));
        assert_eq!(Points::parse("1."), Err(PointsError::NotANumber));
        assert_eq!(Points::parse(".5"), Err(PointsError::NotANumber));
        assert_eq!(Points::parse("1e3"), Err(PointsError::NotANumber));
        assert_eq!(Points::parse(" 1"), Err(PointsError::NotANumber));
        assert_eq!(
            Points::parse("99999999999999999999999"),
            Err(PointsError::Overflow)
        );
    }

    #[test]
    fn multiplies_rounding_half_away_from_zero() {
        assert_eq!(p("2.5").checked_mul(p("1.5")).unwrap(), p("3.75"));
        assert_eq!(p("-2.5").checked_mul(p("3")).unwrap(), p("-7.5"));
        assert_eq!(Points::from_hundredths(i64::MAX).checked_mul(p("2")), None);
        assert_eq!(
            Points::from_hundredths(i64::MAX).checked_mul(p("1")),
            Some(Points::from_hundredths(i64::MAX))
        );
        assert_eq!(p("0.33").checked_mul(p("0.5")).unwrap(), p("0.17")); // 0.165
        assert_eq!(p("-0.33").checked_mul(p("0.5")).unwrap(), p("-0.17"));
        assert_eq!(p("0.33").checked_mul(p("0.1")).unwrap(), p("0.03")); // 0.033
        assert_eq!(Points::from_hundredths(i64::MAX).checked_mul(p("2")), None);
    }

    #[test]
    fn mean_rounds() {
        assert_eq!(p("10").mean(3), p("3.33"));
        assert_eq!(p("0.05").mean(2), p("0.03"));
        assert_eq!(p("-0.05").mean(2), p("-0.03"));
    }

    #[test]
    fn json_is_exact() {
        assert_eq!(serde_json::to_string(&p("12.5")).unwrap(), "12.5");
        assert_eq!(serde_json::to_string(&p("-20")).unwrap(), "-20");
        assert_eq!(serde_json::to_string(&p("0.07")).unwrap(), "0.07");
    }
}
