//! Periods: the spans reports and evaluations run over, and the calendar
//! buckets that caps are counted in (SPEC §3).
//!
//! Command-line periods: `2026`, `2026H1`, `2026H2`, `2026Q3`, `2026-03`,
//! `2026-03-01..2026-05-31` (inclusive) and `all`.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// An inclusive span of days; `all` has no bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub kind: PeriodKind,
    /// The text it was written as (`2026H1`), used in output.
    pub label: String,
}

/// What kind of span a period is, so that an evaluation or an exchange round
/// can insist on the kind it was set up for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    All,
    Year,
    HalfYear,
    Quarter,
    Month,
    Range,
}

/// Text that is not a period (its words: `period.not_a_period`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodError {
    pub text: String,
}

impl std::fmt::Display for PeriodError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!(period.not_a_period, text = self.text))
    }
}

impl std::error::Error for PeriodError {}

/// Parse a `YYYY-MM-DD` date strictly (no other layout is accepted).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_date_bytes(s.as_bytes())
}

/// As [`parse_date`], on bytes (the ledger reader's fast path).
pub fn parse_date_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: &[u8]| -> Option<u32> {
        r.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let y = num(&b[0..4])?;
    let m = num(&b[5..7])?;
    let d = num(&b[8..10])?;
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1)?.pred_opt()
}

fn parse_year(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

impl Period {
    pub fn all() -> Period {
        Period {
            start: None,
            end: None,
            kind: PeriodKind::All,
            label: "all".into(),
        }
    }

    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        Self::parse_inner(text.trim()).ok_or_else(|| PeriodError {
            text: text.to_string(),
        })
    }

    fn parse_inner(t: &str) -> Option<Period> {
        let make = |start, end, kind| Period {
            start: Some(start),
            end: Some(end),
            kind,
            label: t.to_string(),
        };
        if t.eq_ignore_ascii_case("all") {
            return Some(Period::all());
        }
        if let Some((a, b)) = t.split_once("..") {
            let (a, b) = (parse_date(a)?, parse_date(b)?);
            return (a <= b).then(|| make(a, b, PeriodKind::Range));
        }
        if let Some(y) = parse_year(t) {
            return Some(make(ymd(y, 1, 1)?, ymd(y, 12, 31)?, PeriodKind::Year));
        }
        if t.len() == 6 {
            let y = parse_year(&t[..4])?;
            let (tag, n) = (t.as_bytes()[4].to_ascii_uppercase(), t.as_bytes()[5]);
            return match (tag, n) {
                (b'H', b'1') => Some(make(ymd(y, 1, 1)?, ymd(y, 6, 30)?, PeriodKind::HalfYear)),
                (b'H', b'2') => Some(make(ymd(y, 7, 1)?, ymd(y, 12, 31)?, PeriodKind::HalfYear)),
                (b'Q', b'1'..=b'4') => {
                    let q = u32::from(n - b'0');
                    let m = 3 * q - 2;
                    Some(make(
                        ymd(y, m, 1)?,
                        last_of_month(y, m + 2)?,
                        PeriodKind::Quarter,
                    ))
                }
                _ => None,
            };
        }
        if t.len() == 7 && t.as_bytes()[4] == b'-' {
            let y = parse_year(&t[..4])?;
            let m: u32 = t[5..].parse().ok()?;
            if !(1..=12).contains(&m) || !t[5..].bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            return Some(make(ymd(y, m, 1)?, last_of_month(y, m)?, PeriodKind::Month));
        }
        None
    }

    /// The period of `kind` that contains `date` (for round ids and caps).
    pub fn containing(date: NaiveDate, per: CapPer) -> Period {
        let y = date.year();
        let label = match per {
            CapPer::Year => format!("{y}"),
            CapPer::HalfYear => format!("{y}H{}", if date.month() <= 6 { 1 } else { 2 }),
            CapPer::Quarter => format!("{y}Q{}", (date.month() - 1) / 3 + 1),
            CapPer::Month => format!("{y}-{:02}", date.month()),
            CapPer::Week | CapPer::Day => {
                let (s, e) = per.bounds(date);
                return Period {
                    start: Some(s),
                    end: Some(e),
                    kind: PeriodKind::Range,
                    label: format!("{s}..{e}"),
                };
            }
        };
        // The label was built from a valid date, so it parses.
        Period::parse_inner(&label).unwrap_or_else(Period::all)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start.is_none_or(|s| d >= s) && self.end.is_none_or(|e| d <= e)
    }

    /// Whether someone who lived here from `joined` to `left` did so during some part of it.
    pub fn overlaps(&self, joined: Option<NaiveDate>, left: Option<NaiveDate>) -> bool {
        let starts_in_time = match (joined, self.end) {
            (Some(j), Some(e)) => j <= e,
            _ => true,
        };
        let ends_in_time = match (left, self.start) {
            (Some(l), Some(s)) => l >= s,
            _ => true,
        };
        starts_in_time && ends_in_time
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// The calendar period a cap (or an exchange round) counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CapPer {
    Day,
    Week,
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl CapPer {
    pub fn parse(s: &str) -> Option<CapPer> {
        Some(match s {
            "day" => CapPer::Day,
            "week" => CapPer::Week,
            "month" => CapPer::Month,
            "quarter" => CapPer::Quarter,
            "half-year" => CapPer::HalfYear,
            "year" => CapPer::Year,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            CapPer::Day => "day",
            CapPer::Week => "week",
            CapPer::Month => "month",
            CapPer::Quarter => "quarter",
            CapPer::HalfYear => "half-year",
            CapPer::Year => "year",
        }
    }

    /// An adjective for messages: "monthly cap".
    pub fn adjective(self) -> &'static str {
        match self {
            CapPer::Day => "daily",
            CapPer::Week => "weekly",
            CapPer::Month => "monthly",
            CapPer::Quarter => "quarterly",
            CapPer::HalfYear => "half-yearly",
            CapPer::Year => "yearly",
        }
    }

    /// A number naming the calendar period that holds `d` (distinct per period).
    pub fn bucket(self, d: NaiveDate) -> i32 {
        let (y, m) = (d.year(), d.month() as i32);
        match self {
            CapPer::Day => d.num_days_from_ce(),
            CapPer::Week => {
                let w = d.iso_week();
                w.year() * 100 + w.week() as i32
            }
            CapPer::Month => y * 12 + m - 1,
            CapPer::Quarter => y * 4 + (m - 1) / 3,
            CapPer::HalfYear => y * 2 + (m - 1) / 6,
            CapPer::Year => y,
        }
    }

    /// First and last day of the calendar period holding `d`.
    pub fn bounds(self, d: NaiveDate) -> (NaiveDate, NaiveDate) {
        let y = d.year();
        let month_span = |first: u32, n: u32| {
            let s = ymd(y, first, 1).unwrap_or(d);
            let e = last_of_month(y, first + n - 1).unwrap_or(d);
            (s, e)
        };
        match self {
            CapPer::Day => (d, d),
            CapPer::Week => {
                let back = d.weekday().num_days_from_monday();
                let s = d - chrono::Days::new(u64::from(back));
                (s, s + chrono::Days::new(6))
            }
            CapPer::Month => month_span(d.month(), 1),
            CapPer::Quarter => month_span((d.month() - 1) / 3 * 3 + 1, 3),
            CapPer::HalfYear => month_span((d.month() - 1) / 6 * 6 + 1, 6),
            CapPer::Year => month_span(1, 12),
        }
    }

    /// The period kind a round id of this `every` must have.
    pub fn period_kind(self) -> PeriodKind {
        match self {
            CapPer::Year => PeriodKind::Year,
            CapPer::HalfYear => PeriodKind::HalfYear,
            CapPer::Quarter => PeriodKind::Quarter,
            CapPer::Month => PeriodKind::Month,
            CapPer::Week | CapPer::Day => PeriodKind::Range,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn parses_every_form() {
        let p = Period::parse("2026H1").unwrap();
        assert_eq!(
            (p.start, p.end),
            (Some(d("2026-01-01")), Some(d("2026-06-30")))
        );
        let p = Period::parse("2026Q3").unwrap();
        assert_eq!(
            (p.start, p.end),
            (Some(d("2026-07-01")), Some(d("2026-09-30")))
        );
        let p = Period::parse("2024-02").unwrap();
        assert_eq!(p.end, Some(d("2024-02-29")));
        let p = Period::parse("2026").unwrap();
        assert_eq!(p.kind, PeriodKind::Year);
        let p = Period::parse("2026-03-01..2026-05-31").unwrap();
        assert!(p.contains(d("2026-05-31")) && !p.contains(d("2026-06-01")));
        assert_eq!(Period::parse("all").unwrap().start, None);
        for bad in [
            "2026H3",
            "2026Q5",
            "2026-13",
            "26",
            "2026-05-31..2026-03-01",
            "x",
            "2026-02-30..2026-03-01",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn strict_dates() {
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2026-2-1").is_none());
        assert!(parse_date("2026/02/01").is_none());
        assert_eq!(parse_date("2024-02-29"), Some(d("2024-02-29")));
    }

    #[test]
    fn buckets_are_calendar_aligned() {
        // 2026-01-01 is a Thursday: ISO week 1 of 2026 runs 2025-12-29..2026-01-04.
        assert_eq!(
            CapPer::Week.bucket(d("2025-12-29")),
            CapPer::Week.bucket(d("2026-01-04"))
        );
        assert_ne!(
            CapPer::Week.bucket(d("2026-01-04")),
            CapPer::Week.bucket(d("2026-01-05"))
        );
        assert_eq!(
            CapPer::Week.bounds(d("2026-01-01")),
            (d("2025-12-29"), d("2026-01-04"))
        );
        assert_eq!(
            CapPer::Quarter.bounds(d("2026-05-05")),
            (d("2026-04-01"), d("2026-06-30"))
        );
        assert_ne!(
            CapPer::Month.bucket(d("2026-01-31")),
            CapPer::Month.bucket(d("2026-02-01"))
        );
        assert_eq!(
            Period::containing(d("2026-08-01"), CapPer::HalfYear).label,
            "2026H2"
        );
    }
}
