//! Dates as spreadsheets write them: `2025-01-05`, `2025/1/5`, `2025.1.5`,
//! `2025年1月5日` (full-width digits too), and Excel's serial numbers
//! (days since 1899-12-30, as a date cell holds them).

use chrono::NaiveDate;

/// A date in one of the forms above (not a serial number).
pub fn parse(text: &str) -> Option<NaiveDate> {
    let t = crate::model::typed(text);
    let t = t.as_ref();
    // A time of day that Excel adds to a date ("2025/1/5 0:00") says nothing more.
    let t = t.split_whitespace().next().unwrap_or(t);
    if let Some(d) = crate::model::parse_date(t) {
        return Some(d);
    }
    let t = t.strip_suffix('日').unwrap_or(t);
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if y.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(num(y)?).ok()?, num(m)?, num(d)?)
}

/// An Excel serial day number (1900 date system) as a date: 45662 is
/// 2025-01-05. Only whole numbers in a plausible range (1950–2099) are taken.
pub fn serial(text: &str) -> Option<NaiveDate> {
    let n: i64 = text.trim().parse().ok()?;
    if !(18264..=73050).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 5);
        for t in [
            "2025-01-05",
            "2025/1/5",
            "2025.1.5",
            "2025年1月5日",
            "２０２５年１月５日",
            "2025/1/5 0:00",
            "2025-1-5",
        ] {
            assert_eq!(parse(t), d, "{t}");
        }
        assert_eq!(serial("45662"), d);
        assert_eq!(parse("2025/13/5"), None);
        assert_eq!(parse("5/1/2025"), None);
        assert_eq!(serial("12"), None);
    }
}
