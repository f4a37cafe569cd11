//! Property tests over random books (issue 2): reordering the roster changes
//! no output; balance = earned − spent; a void restores every figure its
//! target changed.

use crate::harness::{points, BIN};
use proptest::prelude::*;
use std::path::Path;

const RULES: &str = r#"[scheme]
name = "随机"

[[category]]
id = "a"
name = "甲"

[[category]]
id = "b"
name = "乙"

[[item]]
id = "hourly"
name = "巡逻"
category = "a"
unit = "hour"
points = { party = 3, resident = 1.5 }

[[item]]
id = "once"
name = "服务"
category = "b"
points = 2.25

[[item]]
id = "minus"
name = "扣分"
category = "b"
points = -4

[[team]]
id = "t"
name = "队"
items = ["hourly"]

[[reward]]
id = "soap"
name = "香皂"
cost = 1
"#;

const PEOPLE: [&str; 6] = [
    "P1,甲一,H1,B1,party,,,t",
    "P2,乙二,H1,B1,resident,,,t",
    "P3,丙三,H2,B1,resident,,,",
    "P4,丁四,H2,B2,party,,,",
    "P5,甲一,H3,B2,resident,,,t",
    "P6,戊六,H4,B2,resident,,,",
];

/// One random row: person, item (0..3) or a redemption (3), day, quantity.
#[derive(Clone, Debug)]
struct Row {
    person: usize,
    what: usize,
    day: u32,
    qty: u32,
}

fn row() -> impl Strategy<Value = Row> {
    (0..6usize, 0..4usize, 0..500u32, 1..6u32).prop_map(|(person, what, day, qty)| Row {
        person,
        what,
        day,
        qty,
    })
}

fn date(day: u32) -> String {
    let d =
        chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
    d.to_string()
}

/// The ledger line of a row, with id `E{n}`.
fn line(n: usize, r: &Row) -> String {
    let party = r.person == 0 || r.person == 3;
    let p = format!("P{}", r.person + 1);
    let (kind, item, qty, pts) = match r.what {
        0 => {
            // hourly: qty hours, in halves
            let q = f_hundredths(i64::from(r.qty) * 50);
            let rate = if party { 300 } else { 150 };
            (
                "earn",
                "hourly",
                q,
                f_hundredths(rate * i64::from(r.qty) * 50 / 100),
            )
        }
        1 => (
            "earn",
            "once",
            r.qty.to_string(),
            f_hundredths(225 * i64::from(r.qty)),
        ),
        2 => ("earn", "minus", "1".to_string(), "-4".to_string()),
        _ => ("redeem", "soap", r.qty.to_string(), format!("-{}", r.qty)),
    };
    let reference = if kind == "redeem" { "2025H1" } else { "" };
    format!(
        "E{n},{},{p},{kind},{item},{qty},{pts},x,{reference},\"n,{n}\"\n",
        date(r.day)
    )
}

/// Hundredths as exact decimal text (test-side helper, integers only).
fn f_hundredths(h: i64) -> String {
    let (i, f) = (h / 100, (h % 100).abs());
    if f == 0 {
        format!("{i}")
    } else if f % 10 == 0 {
        format!("{i}.{}", f / 10)
    } else {
        format!("{i}.{f:02}")
    }
}

const HEADER: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";

fn write_book(dir: &Path, people: &[&str], ledgers: &[(String, String)]) {
    std::fs::write(dir.join("points.toml"), RULES).unwrap();
    let mut p = String::from("id,name,household,building,role,joined,left,teams\n");
    for l in people {
        p.push_str(l);
        p.push('\n');
    }
    std::fs::write(dir.join("people.csv"), p).unwrap();
    std::fs::create_dir_all(dir.join("ledger")).unwrap();
    for (name, text) in ledgers {
        std::fs::write(dir.join("ledger").join(name), format!("{HEADER}{text}")).unwrap();
    }
}

const COMMANDS: [&[&str]; 7] = [
    &["--format", "json", "balance"],
    &["--format", "json", "balance", "--by", "household"],
    &["--format", "json", "report"],
    &["--format", "json", "report", "2025H2"],
    &["--format", "json", "report", "2026", "--by", "building"],
    &["--format", "json", "report", "all", "--by", "team"],
    &["--format", "json", "report", "2025", "--by", "item"],
];

fn outputs(dir: &Path) -> Vec<String> {
    COMMANDS
        .iter()
        .map(|args| {
            let (code, out, err) = points(dir, args);
            assert_eq!(code, 0, "{args:?}: {err}");
            out
        })
        .collect()
}

fn ledger_text(rows: &[Row]) -> String {
    rows.iter().enumerate().map(|(n, r)| line(n, r)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn roster_order_changes_nothing(rows in prop::collection::vec(row(), 0..40), perm in Just(()).prop_perturb(|_, mut rng| {
        let mut v: Vec<usize> = (0..6).collect();
        for i in (1..v.len()).rev() { v.swap(i, (rng.next_u32() as usize) % (i + 1)); }
        v
    })) {
        let text = ledger_text(&rows);
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        write_book(a.path(), &PEOPLE, &[("2025.csv".into(), text.clone())]);
        let shuffled: Vec<&str> = perm.iter().map(|&i| PEOPLE[i]).collect();
        write_book(b.path(), &shuffled, &[("2025.csv".into(), text)]);
        prop_assert_eq!(outputs(a.path()), outputs(b.path()));
    }

    #[test]
    fn balance_is_earned_minus_spent(rows in prop::collection::vec(row(), 0..40)) {
        let d = tempfile::tempdir().unwrap();
        write_book(d.path(), &PEOPLE, &[("2025.csv".into(), ledger_text(&rows))]);
        let (code, out, err) = points(d.path(), &["--format", "json", "balance"]);
        prop_assert_eq!(code, 0, "{}", err);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        for p in v.as_array().unwrap() {
            // Compare as exact decimals through the text, never as floats.
            let h = |k: &str| hundredths(&p[k].to_string());
            prop_assert_eq!(h("balance"), h("earned") - h("spent"), "{}", p);
        }
    }

    #[test]
    fn a_void_restores_every_figure(rows in prop::collection::vec(row(), 1..30), pick in any::<prop::sample::Index>(), void_day in 0..700u32) {
        let target = pick.index(rows.len());
        // Without the target…
        let without: Vec<(usize, &Row)> = rows.iter().enumerate().filter(|(i, _)| *i != target).collect();
        let text_without: String = without.iter().map(|(n, r)| line(*n, r)).collect();
        // …and with it, voided by a row in a later file, dated anywhere.
        let text_with = ledger_text(&rows);
        let t = line(target, &rows[target]);
        let f: Vec<&str> = t.trim_end().split(',').collect();
        let neg = if let Some(rest) = f[6].strip_prefix('-') { rest.to_string() } else { format!("-{}", f[6]) };
        let void = format!("V1,{},{},void,{},{},{neg},x,{},oops\n", date(void_day), f[2], f[4], f[5], f[0]);
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        write_book(a.path(), &PEOPLE, &[("2025.csv".into(), text_without), ("2026.csv".into(), String::new())]);
        write_book(b.path(), &PEOPLE, &[("2025.csv".into(), text_with), ("2026.csv".into(), void)]);
        prop_assert_eq!(outputs(a.path()), outputs(b.path()));
    }
}

/// Exact decimal text → hundredths.
fn hundredths(s: &str) -> i64 {
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    let f = format!("{f:0<2}");
    let v = i.parse::<i64>().unwrap() * 100 + f[..2].parse::<i64>().unwrap();
    if neg {
        -v
    } else {
        v
    }
}

#[test]
fn binary_exists() {
    assert!(Path::new(BIN).exists());
}
