//! Property tests over random books (issue 2): reordering the roster changes
//! no output; balance = earned − spent; a void restores every figure its
//! target changed; and (issue 10) every figure equals what an oracle written
//! here from SPEC §3 computes, caps included.

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
    let sign = if h < 0 { "-" } else { "" };
    let (i, f) = (h.abs() / 100, h.abs() % 100);
    if f == 0 {
        format!("{sign}{i}")
    } else if f % 10 == 0 {
        format!("{sign}{i}.{}", f / 10)
    } else {
        format!("{sign}{i}.{f:02}")
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

// ---------------------------------------------------------------- the oracle
//
// The tests above compare the tool with itself. This one computes what every
// figure must be from the generated rows, here, from the text of SPEC §3
// (earned, spent, balance, hours, times; max_qty; item and category caps
// applied in ledger order, a void freeing room for the rows after it; and
// from SPEC §10 a range of points, P × qty for a P chosen in it; deduction
// caps on an item and a category, cutting the size of negative points in
// ledger order; a category cap by household, one room for the members' rows
// and the household's deeds; household deeds, counted for the household
// only), in
// integer hundredths: no float and no code of the tool. The rows are written
// with the points the oracle gives them, so `check` accepting the book proves
// the tool caps as the oracle does, and the reports must show its sums.
// A rule set sometimes has `[exchange] expire` (issue 12, SPEC §10): the
// oracle then works out each account's lots oldest first by itself
// (`oracle_expiry`) and `balance --until` must show its expired, expiring
// and balance = earned − spent − expired. An evaluation with a random
// `base`, `floor` and `ceiling` must score each person the oracle's earned
// points of the year, then base, floor and ceiling in that order. A random
// `[exchange] eligible = { min_earned }` must deny exactly the accounts whose
// points earned up to the exchange date fall short (`not eligible`).

/// A cap period (`per`) and the key of the period a day falls in.
#[derive(Clone, Copy, Debug)]
enum Per {
    Week,
    Month,
    Quarter,
    Year,
}

impl Per {
    fn name(self) -> &'static str {
        match self {
            Per::Week => "week",
            Per::Month => "month",
            Per::Quarter => "quarter",
            Per::Year => "year",
        }
    }

    /// The first day of the calendar period holding `d` (ISO weeks start on Monday).
    fn start(self, d: chrono::NaiveDate) -> chrono::NaiveDate {
        use chrono::Datelike;
        let ymd = |y, m| chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        match self {
            Per::Week => d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday())),
            Per::Month => ymd(d.year(), d.month()),
            Per::Quarter => ymd(d.year(), (d.month() - 1) / 3 * 3 + 1),
            Per::Year => ymd(d.year(), 1),
        }
    }
}

/// A cap: whole points per period.
type Cap = Option<(i64, Per)>;

fn cap() -> impl Strategy<Value = Cap> {
    prop::option::of((
        1..13i64,
        prop::sample::select(vec![Per::Week, Per::Month, Per::Quarter, Per::Year]),
    ))
}

/// The caps of one random rule set: items `hourly`, `once`, `extra`, the
/// household deed `yard`; categories `a` (hourly, extra, yard) and `b`
/// (once, minus).
#[derive(Clone, Debug)]
struct Caps {
    hourly: Cap,
    once: Cap,
    extra: Cap,
    yard: Cap,
    a: Cap,
    b: Cap,
    /// `deduct_cap` of the item `minus` and of category b (SPEC §10): the
    /// size of negative points per period, cut in ledger order like `cap`
    minus_d: Cap,
    b_d: Cap,
    /// category a's cap is `by = "household"`: the members' rows and the
    /// household's deeds share one room
    a_household: bool,
    /// An evaluation's `base`, `floor` and `ceiling` (whole points; SPEC §10)
    grading: Grading,
}

/// `base`, `floor`, `ceiling` of the evaluation `e`, each optional.
type Grading = (Option<i64>, Option<i64>, Option<i64>);

fn grading() -> impl Strategy<Value = Grading> {
    (
        prop::option::of(0..120i64),
        prop::option::of(-20..20i64),
        prop::option::of(0..80i64),
    )
        // A ceiling is never below the floor.
        .prop_map(|(b, f, c)| (b, f, c.map(|c| c + f.unwrap_or(0).max(0))))
}

fn caps() -> impl Strategy<Value = Caps> {
    (
        (cap(), cap(), cap(), cap(), cap(), cap()),
        (cap(), cap(), any::<bool>(), grading()),
    )
        .prop_map(
            |((hourly, once, extra, yard, a, b), (minus_d, b_d, a_household, grading))| Caps {
                hourly,
                once,
                extra,
                yard,
                a,
                b,
                minus_d,
                b_d,
                a_household,
                grading,
            },
        )
}

fn cap_toml(c: Cap) -> String {
    c.map_or(String::new(), |(p, per)| {
        format!("cap = {{ points = {p}, per = \"{}\" }}\n", per.name())
    })
}

fn deduct_cap_toml(c: Cap) -> String {
    c.map_or(String::new(), |(p, per)| {
        format!(
            "deduct_cap = {{ points = {p}, per = \"{}\" }}\n",
            per.name()
        )
    })
}

fn capped_rules(c: &Caps) -> String {
    let (base, floor, ceiling) = c.grading;
    let mut evaluation =
        String::from("\n[[evaluation]]\nid = \"e\"\nname = \"评\"\nperiod = \"year\"\n");
    for (key, v) in [("base", base), ("floor", floor), ("ceiling", ceiling)] {
        if let Some(v) = v {
            evaluation += &format!("{key} = {v}\n");
        }
    }
    evaluation += "tiers = [{ name = \"全部\" }]\n";
    let a_cap = match (c.a, c.a_household) {
        (Some((p, per)), true) => format!(
            "cap = {{ points = {p}, per = \"{}\", by = \"household\" }}\n",
            per.name()
        ),
        _ => cap_toml(c.a),
    };
    format!(
        r#"[scheme]
name = "随机"

[[category]]
id = "a"
name = "甲"
{}
[[category]]
id = "b"
name = "乙"
{}{}
[[item]]
id = "hourly"
name = "巡逻"
category = "a"
unit = "hour"
points = {{ party = {{ min = 2.5, max = 3.5 }}, resident = 1.35 }}
max_qty = 4
{}
[[item]]
id = "once"
name = "服务"
category = "b"
points = 2.25
{}
[[item]]
id = "extra"
name = "宣传"
category = "a"
points = 1
{}
[[item]]
id = "minus"
name = "扣分"
category = "b"
points = -4
{}
[[item]]
id = "yard"
name = "庭院整洁"
category = "a"
subject = "household"
points = 5
{}
[[reward]]
id = "soap"
name = "香皂"
cost = 1
"#,
        a_cap,
        cap_toml(c.b),
        deduct_cap_toml(c.b_d),
        cap_toml(c.hourly),
        cap_toml(c.once),
        cap_toml(c.extra),
        deduct_cap_toml(c.minus_d),
        cap_toml(c.yard),
    ) + &evaluation
}

/// The household (H1, H2, H3 as 0, 1, 2) of each of [`FOLK`].
const HOUSEHOLD_OF: [usize; 5] = [0, 0, 1, 1, 2];

/// The people of the oracle's book: P1 and P4 are party members.
const FOLK: [&str; 5] = [
    "P1,甲一,H1,B1,party,,,",
    "P2,乙二,H1,B1,resident,,,",
    "P3,丙三,H2,B1,resident,,,",
    "P4,丁四,H2,B2,party,,,",
    "P5,戊五,H3,B2,resident,,,",
];

/// One generated row, before the oracle gives it its points.
#[derive(Clone, Debug)]
enum Gen {
    /// item 0 hourly (qty in half hours), 1 once, 2 extra, 3 minus, 4 the
    /// household deed yard (of the person's household; qty in times)
    Earn {
        item: usize,
        qty: i64,
        /// the points per hour a party member gets from `hourly`, whose
        /// points for the role are a range (hundredths; SPEC §10)
        rate: i64,
    },
    /// an opening balance in category a or b, in hundredths
    Open {
        b: bool,
        points: i64,
    },
    Redeem {
        qty: i64,
    },
    /// a void of the n-th earlier row that may still be voided (mod their count)
    Void {
        pick: usize,
    },
}

#[derive(Clone, Debug)]
struct GenRow {
    person: usize,
    day: u32,
    gen: Gen,
    /// in the second ledger file (ledger order: the first file, then the second)
    late: bool,
}

fn gen_row() -> impl Strategy<Value = GenRow> {
    let gen = prop_oneof![
        6 => (0..5usize, 1..17i64, 250..=350i64).prop_map(|(item, q, rate)| Gen::Earn { item, qty: if item == 0 { q } else { q % 3 + 1 }, rate }),
        1 => (any::<bool>(), -500..3000i64).prop_map(|(b, points)| Gen::Open { b, points }),
        1 => (1..4i64).prop_map(|qty| Gen::Redeem { qty }),
        1 => any::<usize>().prop_map(|pick| Gen::Void { pick }),
    ];
    // Half of the days fall in three weeks around new year 2026, so that
    // caps bite, and a week (2025-12-29 to 2026-01-04) spans two years.
    let day = prop_oneof![0..600u32, 355..376u32];
    (0..5usize, day, gen, any::<bool>()).prop_map(|(person, day, gen, late)| GenRow {
        person,
        day,
        gen,
        late,
    })
}

/// A row as written, with what the oracle needs to total it.
#[derive(Clone, Debug)]
struct Written {
    id: String,
    date: chrono::NaiveDate,
    /// a person, or with `household` a household (of [`HOUSEHOLD_OF`])
    person: usize,
    /// a household deed: it counts for its household only (SPEC §10)
    household: bool,
    kind: &'static str,
    item: &'static str,
    /// the category it counts in (earn and open rows)
    category: &'static str,
    /// hundredths
    qty: i64,
    points: i64,
    /// the id of the row a void cancels
    target: Option<usize>,
}

/// `n` hundredths times `m` hundredths, rounded to hundredths half away from zero.
fn mul_round(n: i64, m: i64) -> i64 {
    let p = n * m;
    let r = (p.abs() + 50) / 100;
    if p < 0 {
        -r
    } else {
        r
    }
}

/// The rows in ledger order with the points SPEC §3 gives them.
fn oracle_rows(caps: &Caps, gens: &[GenRow]) -> Vec<Written> {
    use std::collections::HashMap;
    // Ledger order: the first file's rows, then the second's, each in generated order.
    let order: Vec<&GenRow> = gens
        .iter()
        .filter(|g| !g.late)
        .chain(gens.iter().filter(|g| g.late))
        .collect();
    let items: [(&str, &str, Cap); 5] = [
        ("hourly", "a", caps.hourly),
        ("once", "b", caps.once),
        ("extra", "a", caps.extra),
        ("minus", "b", None),
        ("yard", "a", caps.yard),
    ];
    let cat_cap = |c: &str| if c == "a" { caps.a } else { caps.b };
    // Deduction caps: the size of negative points, per item or category.
    let deduct_cap = |key: &str| match key {
        "minus" => caps.minus_d,
        "b" => caps.b_d,
        _ => None,
    };
    // Who holds the room of `key` for a row of `person` (a household's
    // index with `household`): a person's index, or a household's plus 100
    // (a household's deeds have their own room, apart from its members',
    // except under category a's cap by household, shared by both).
    let holder_of = |key: &str, person: usize, household: bool| {
        if household {
            100 + person
        } else if key == "a" && caps.a_household {
            100 + HOUSEHOLD_OF[person]
        } else {
            person
        }
    };
    // Sizes of negative points taken, per (person, item or category, start
    // of the deduction cap's period).
    let mut used_d: HashMap<(usize, &str, chrono::NaiveDate), i64> = HashMap::new();
    // Positive points taken, per (holder, item or category, start of the cap's
    // period): a person's index, or a household's plus 100 (a household's
    // deeds have their own room, apart from its members').
    let mut used: HashMap<(usize, &str, chrono::NaiveDate), i64> = HashMap::new();
    let mut out: Vec<Written> = Vec::new();
    let mut voided: Vec<bool> = Vec::new();
    for (n, g) in order.iter().enumerate() {
        let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
            + chrono::Days::new(u64::from(g.day));
        let id = format!("R{n}");
        let row = match g.gen {
            Gen::Earn { item, qty, rate } => {
                let (name, category, item_cap) = items[item];
                let household = item == 4;
                let subject = if household {
                    HOUSEHOLD_OF[g.person]
                } else {
                    g.person
                };
                let party = g.person == 0 || g.person == 3;
                let (qty, base) = match item {
                    // half hours; rate × the hours that count (max_qty 4),
                    // a party member's rate chosen in 2.5..3.5
                    0 => {
                        let q = qty * 50;
                        (q, mul_round(if party { rate } else { 135 }, q.min(400)))
                    }
                    1 => (qty * 100, 225 * qty),
                    2 => (qty * 100, 100 * qty),
                    4 => (qty * 100, 500 * qty),
                    _ => (100, -400),
                };
                let mut points = base;
                if base > 0 {
                    let room = |key: &'static str, c: Cap, points: &mut i64| {
                        if let Some((limit, per)) = c {
                            let holder = holder_of(key, subject, household);
                            let taken = used.get(&(holder, key, per.start(date))).copied();
                            *points = (*points).min((limit * 100 - taken.unwrap_or(0)).max(0));
                        }
                    };
                    room(name, item_cap, &mut points);
                    room(category, cat_cap(category), &mut points);
                    for (key, c) in [(name, item_cap), (category, cat_cap(category))] {
                        if let Some((_, per)) = c {
                            let holder = holder_of(key, subject, household);
                            *used.entry((holder, key, per.start(date))).or_default() += points;
                        }
                    }
                } else if base < 0 {
                    // A deduction: its size is cut like a cap cuts points.
                    let mut size = -base;
                    for key in [name, category] {
                        if let Some((limit, per)) = deduct_cap(key) {
                            let taken = used_d.get(&(subject, key, per.start(date))).copied();
                            size = size.min((limit * 100 - taken.unwrap_or(0)).max(0));
                        }
                    }
                    for key in [name, category] {
                        if let Some((_, per)) = deduct_cap(key) {
                            *used_d.entry((subject, key, per.start(date))).or_default() += size;
                        }
                    }
                    points = -size;
                }
                Written {
                    id,
                    date,
                    person: subject,
                    household,
                    kind: "earn",
                    item: name,
                    category,
                    qty,
                    points,
                    target: None,
                }
            }
            Gen::Open { b, points } => {
                let category = if b { "b" } else { "a" };
                Written {
                    id,
                    date,
                    person: g.person,
                    household: false,
                    kind: "open",
                    item: category,
                    category,
                    qty: 100,
                    points,
                    target: None,
                }
            }
            Gen::Redeem { qty } => Written {
                id,
                date,
                person: g.person,
                household: false,
                kind: "redeem",
                item: "soap",
                category: "",
                qty: qty * 100,
                points: -qty * 100,
                target: None,
            },
            Gen::Void { pick } => {
                let open: Vec<usize> = (0..out.len())
                    .filter(|&i| out[i].kind != "void" && !voided[i])
                    .collect();
                if open.is_empty() {
                    continue;
                }
                let t = open[pick % open.len()];
                voided[t] = true;
                let target = out[t].clone();
                // The void frees the room its target took, for the rows after it.
                if target.kind == "earn" && target.points > 0 {
                    let c = items.iter().find(|i| i.0 == target.item).unwrap();
                    for (key, cap) in [(c.0, c.2), (c.1, cat_cap(c.1))] {
                        if let Some((_, per)) = cap {
                            let holder = holder_of(key, target.person, target.household);
                            *used
                                .entry((holder, key, per.start(target.date)))
                                .or_default() -= target.points;
                        }
                    }
                }
                if target.kind == "earn" && target.points < 0 {
                    let c = items.iter().find(|i| i.0 == target.item).unwrap();
                    for key in [c.0, c.1] {
                        if let Some((_, per)) = deduct_cap(key) {
                            *used_d
                                .entry((target.person, key, per.start(target.date)))
                                .or_default() += target.points;
                        }
                    }
                }
                Written {
                    id,
                    date,
                    person: target.person,
                    household: target.household,
                    kind: "void",
                    item: target.item,
                    category: "",
                    qty: target.qty,
                    points: -target.points,
                    target: Some(t),
                }
            }
        };
        out.push(row);
        voided.push(false);
    }
    out
}

/// A person's figures per SPEC §3, in hundredths: earned, spent, balance,
/// category a, category b, hours, times.
#[derive(Debug, Default, PartialEq, Eq, Clone)]
struct Figures {
    earned: i64,
    spent: i64,
    balance: i64,
    a: i64,
    b: i64,
    hours: i64,
    times: i64,
}

fn oracle_figures(rows: &[Written], year: Option<i32>) -> Vec<Figures> {
    use chrono::Datelike;
    let voided: Vec<bool> = (0..rows.len())
        .map(|i| rows.iter().any(|r| r.target == Some(i)))
        .collect();
    let mut f = vec![Figures::default(); FOLK.len()];
    for (i, r) in rows.iter().enumerate() {
        // A household deed is in no person's figures (SPEC §10).
        if voided[i] || r.kind == "void" || r.household || year.is_some_and(|y| r.date.year() != y)
        {
            continue;
        }
        let p = &mut f[r.person];
        match r.kind {
            "earn" | "open" => {
                p.earned += r.points;
                if r.category == "a" {
                    p.a += r.points;
                } else {
                    p.b += r.points;
                }
                if r.kind == "earn" {
                    if r.item == "hourly" {
                        p.hours += r.qty;
                    }
                    if r.points >= 0 {
                        p.times += 100;
                    }
                }
            }
            _ => p.spent -= r.points,
        }
    }
    for p in &mut f {
        p.balance = p.earned - p.spent;
    }
    f
}

/// `[exchange] expire` of a random rule set (SPEC §10): `after`, the months
/// in its period (1 month, 3 quarter, 6 half-year, 12 year), and whether the
/// exchange's accounts are households.
type ExpireRule = Option<(u32, u32, bool)>;

fn expire_rule() -> impl Strategy<Value = ExpireRule> {
    prop::option::of((
        0..3u32,
        prop::sample::select(vec![1u32, 3, 6, 12]),
        any::<bool>(),
    ))
}

fn expire_toml(e: ExpireRule) -> String {
    e.map_or(String::new(), |(after, months, household)| {
        let per = match months {
            1 => "month",
            3 => "quarter",
            6 => "half-year",
            _ => "year",
        };
        let account = if household { "household" } else { "person" };
        format!("account = \"{account}\"\nexpire = {{ after = {after}, per = \"{per}\" }}\n")
    })
}

/// The `[exchange]` table: the expiry rule, if any, and who may exchange
/// (`eligible = { min_earned = M }`, SPEC §10).
fn exchange_toml(e: ExpireRule, min_earned: i64) -> String {
    format!(
        "\n[exchange]\n{}eligible = {{ min_earned = {min_earned} }}\n",
        expire_toml(e)
    )
}

/// The last day on which points earned on `d` count: the end of the
/// `after`-th period (of `months` months, calendar-aligned) after `d`'s.
fn oracle_last_day(d: chrono::NaiveDate, after: u32, months: u32) -> chrono::NaiveDate {
    use chrono::Datelike;
    let first =
        chrono::NaiveDate::from_ymd_opt(d.year(), d.month0() / months * months + 1, 1).unwrap();
    first
        .checked_add_months(chrono::Months::new((after + 1) * months))
        .unwrap()
        .pred_opt()
        .unwrap()
}

/// Per person as of `until`, in hundredths: earned, spent, expired and
/// expiring (at the end of the rule's period holding `until`). Each account
/// (a person, or a household) keeps lots in the order earned; a row's
/// negative points take from the oldest lots, what they cannot take is a
/// debt that new points pay first; on each day, before its rows, every lot
/// whose last day has passed is gone, for the person who earned it.
fn oracle_expiry(
    rows: &[Written],
    rule: (u32, u32, bool),
    until: chrono::NaiveDate,
) -> Vec<[i64; 4]> {
    let (after, months, household) = rule;
    let voided: Vec<bool> = (0..rows.len())
        .map(|i| rows.iter().any(|r| r.target == Some(i)))
        .collect();
    let account = |p: usize| {
        if household {
            FOLK[p].split(',').nth(2).unwrap().to_string()
        } else {
            format!("P{p}")
        }
    };
    // A household deed (its `person` is a household index) is the
    // household's: in its account's lots with household accounts, spent by
    // nobody with person accounts; its expiry is nobody's (DEED).
    let account_of = |r: &Written| {
        if !r.household {
            account(r.person)
        } else if household {
            format!("H{}", r.person + 1)
        } else {
            String::from("-")
        }
    };
    const DEED: usize = usize::MAX;
    let mut out = vec![[0i64; 4]; FOLK.len()];
    let mut accounts: Vec<String> = (0..FOLK.len()).map(account).collect();
    accounts.dedup();
    for acc in accounts {
        // Ledger order, then (a stable sort) date order.
        let mut mine: Vec<&Written> = rows
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                !voided[*i] && r.kind != "void" && r.date <= until && account_of(r) == acc
            })
            .map(|(_, r)| r)
            .collect();
        mine.sort_by_key(|r| r.date);
        // (last day, points left, who earned them)
        let mut lots: Vec<(chrono::NaiveDate, i64, usize)> = Vec::new();
        let mut debt = 0i64;
        let gone = |lots: &mut Vec<(chrono::NaiveDate, i64, usize)>,
                    day: chrono::NaiveDate,
                    out: &mut Vec<[i64; 4]>| {
            lots.retain(|&(last, left, p)| {
                if last < day {
                    if p != DEED {
                        out[p][2] += left;
                    }
                    false
                } else {
                    true
                }
            });
        };
        for r in mine {
            gone(&mut lots, r.date, &mut out);
            let who = if r.household { DEED } else { r.person };
            if !r.household {
                if r.kind == "redeem" {
                    out[r.person][1] -= r.points;
                } else {
                    out[r.person][0] += r.points;
                }
            }
            if r.points > 0 {
                let pay = r.points.min(debt);
                debt -= pay;
                if r.points > pay {
                    lots.push((oracle_last_day(r.date, after, months), r.points - pay, who));
                }
            } else {
                let mut need = -r.points;
                for lot in lots.iter_mut() {
                    let t = need.min(lot.1);
                    lot.1 -= t;
                    need -= t;
                }
                lots.retain(|l| l.1 > 0);
                debt += need;
            }
        }
        gone(&mut lots, until, &mut out);
        let end = oracle_last_day(until, 0, months);
        for &(last, left, p) in &lots {
            if last == end && p != DEED {
                out[p][3] += left;
            }
        }
    }
    out
}

/// A household's figures: its members' and its own deeds' (SPEC §10).
fn oracle_households(rows: &[Written], year: Option<i32>) -> Vec<Figures> {
    use chrono::Datelike;
    let people = oracle_figures(rows, year);
    let mut f = vec![Figures::default(); 3];
    for (p, fig) in people.iter().enumerate() {
        let h = &mut f[HOUSEHOLD_OF[p]];
        h.earned += fig.earned;
        h.spent += fig.spent;
        h.a += fig.a;
        h.b += fig.b;
        h.hours += fig.hours;
        h.times += fig.times;
    }
    let voided: Vec<bool> = (0..rows.len())
        .map(|i| rows.iter().any(|r| r.target == Some(i)))
        .collect();
    for (i, r) in rows.iter().enumerate() {
        if voided[i] || !r.household || r.kind == "void" || year.is_some_and(|y| r.date.year() != y)
        {
            continue;
        }
        // yard: category a, a time item.
        let h = &mut f[r.person];
        h.earned += r.points;
        h.a += r.points;
        h.times += 100;
    }
    for h in &mut f {
        h.balance = h.earned - h.spent;
    }
    f
}

fn written_line(r: &Written, rows: &[Written]) -> String {
    let reference = match (r.kind, r.target) {
        ("void", Some(t)) => rows[t].id.clone(),
        ("redeem", _) => {
            use chrono::Datelike;
            format!(
                "{}H{}",
                r.date.year(),
                if r.date.month() <= 6 { 1 } else { 2 }
            )
        }
        _ => String::new(),
    };
    format!(
        "{},{},{}{},{},{},{},{},x,{reference},{}\n",
        r.id,
        r.date,
        if r.household { "H" } else { "P" },
        r.person + 1,
        r.kind,
        r.item,
        f_hundredths(r.qty),
        f_hundredths(r.points),
        r.id
    )
}

/// A CSV output's rows, by the value of column `person` (P1…), as hundredths per column.
fn csv_figures(text: &str, year: bool) -> Vec<Figures> {
    csv_figures_by(text, year, "person", FOLK.len())
}

/// As [`csv_figures`], by column `key` (`household`: H1…), `n` rows.
fn csv_figures_by(text: &str, year: bool, key: &str, n: usize) -> Vec<Figures> {
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| head.iter().position(|h| *h == name);
    let mut f = vec![Figures::default(); n];
    for l in lines {
        let cells: Vec<&str> = l.split(',').collect();
        let person: usize = cells[col(key).unwrap()][1..].parse().unwrap();
        let get = |name: &str| col(name).map_or(0, |c| hundredths(cells[c]));
        let p = &mut f[person - 1];
        p.earned = get("earned");
        if year || col("spent").is_none() {
            p.a = get("a");
            p.b = get("b");
            p.hours = get("hours");
            p.times = get("times");
        }
        if col("spent").is_some() {
            p.spent = get("spent");
            p.balance = get("balance");
        }
    }
    f
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn figures_match_an_oracle_with_caps(
        caps in caps(),
        gens in prop::collection::vec(gen_row(), 0..60),
        expire in expire_rule(),
        until_day in 0..700u64,
        min_earned in 0..40i64,
    ) {
        let rows = oracle_rows(&caps, &gens);
        // Which file each written row went to: the generated rows in ledger order.
        let first = gens.iter().filter(|g| !g.late).count();
        let d = tempfile::tempdir().unwrap();
        let dir = d.path();
        std::fs::write(dir.join("points.toml"), capped_rules(&caps) + &exchange_toml(expire, min_earned)).unwrap();
        let mut people = String::from("id,name,household,building,role,joined,left,teams\n");
        for l in FOLK {
            people.push_str(l);
            people.push('\n');
        }
        std::fs::write(dir.join("people.csv"), people).unwrap();
        std::fs::create_dir_all(dir.join("ledger")).unwrap();
        let (mut a, mut b) = (HEADER.to_string(), HEADER.to_string());
        for r in &rows {
            // A row's number in ledger order is its id (`R{n}`); voids skipped
            // for want of a target leave gaps, which keep the split right.
            let n: usize = r.id[1..].parse().unwrap();
            if n < first { &mut a } else { &mut b }.push_str(&written_line(r, &rows));
        }
        std::fs::write(dir.join("ledger/a.csv"), a).unwrap();
        std::fs::write(dir.join("ledger/b.csv"), b).unwrap();

        let (code, out, err) = points(dir, &["check"]);
        prop_assert_eq!(code, 0, "check refuses the oracle's points:\n{}{}", out, err);
        let want_all = oracle_figures(&rows, None);

        if let Some(rule) = expire {
            // Points that expire: balance = earned − spent − expired, as of
            // a day among the rows and as of a day after them all.
            let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
            for until in [start + chrono::Days::new(until_day), start + chrono::Days::new(700)] {
                let u = until.to_string();
                let (code, out, err) = points(dir, &["--format", "csv", "balance", "--until", &u]);
                prop_assert_eq!(code, 0, "{}", err);
                let want = oracle_expiry(&rows, rule, until);
                let mut lines = out.lines();
                prop_assert_eq!(lines.next(), Some("person,name,earned,spent,expired,balance,expiring"));
                for (l, w) in lines.zip(&want) {
                    let c: Vec<i64> = l.split(',').skip(2).map(hundredths).collect();
                    let balance = w[0] - w[1] - w[2];
                    prop_assert_eq!(c, vec![w[0], w[1], w[2], balance, w[3]], "balance --until {}:\n{}", u, out);
                }
            }
        } else {
            let (code, out, err) = points(dir, &["--format", "csv", "balance"]);
            prop_assert_eq!(code, 0, "{}", err);
            let got = csv_figures(&out, false);
            for (g, w) in got.iter().zip(&want_all) {
                prop_assert_eq!((g.earned, g.spent, g.balance), (w.earned, w.spent, w.balance), "balance:\n{}", out);
            }
        }

        // Who may exchange in round 2025H2 (on 2026-01-01): an account whose
        // points earned up to that day (its members' rows; with household
        // accounts its deeds too) are below min_earned is denied, with
        // reason `not eligible`, whatever else; no other account is.
        let wishes: String = (1..=FOLK.len()).map(|p| format!("P{p},soap,1\n")).collect();
        std::fs::write(dir.join("wishes.csv"), format!("person,reward,qty\n{wishes}")).unwrap();
        let (code, out, err) = points(dir, &["--format", "json", "exchange", "2025H2", "--requests", "wishes.csv"]);
        prop_assert_eq!(code, 0, "{}", err);
        let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let pooled = expire.is_some_and(|(_, _, household)| household);
        let voided: Vec<bool> = (0..rows.len()).map(|i| rows.iter().any(|r| r.target == Some(i))).collect();
        for o in plan["outcomes"].as_array().unwrap() {
            let p: usize = o["person"].as_str().unwrap()[1..].parse::<usize>().unwrap() - 1;
            let mine = |r: &Written| {
                if r.household {
                    pooled && r.person == HOUSEHOLD_OF[p]
                } else if pooled {
                    HOUSEHOLD_OF[r.person] == HOUSEHOLD_OF[p]
                } else {
                    r.person == p
                }
            };
            let earned: i64 = rows
                .iter()
                .enumerate()
                .filter(|(i, r)| !voided[*i] && (r.kind == "earn" || r.kind == "open") && r.date <= day && mine(r))
                .map(|(_, r)| r.points)
                .sum();
            let denied = o["reason"].as_str() == Some("not eligible");
            prop_assert_eq!(denied, earned < min_earned * 100, "P{} earned {} (min {}):\n{}", p + 1, earned, min_earned, out);
        }
        // The evaluation of 2025: earned, then base, floor and ceiling in
        // that order (SPEC §10).
        let (code, out, err) = points(dir, &["--format", "csv", "evaluate", "e", "2025"]);
        prop_assert_eq!(code, 0, "{}", err);
        let (base, floor, ceiling) = caps.grading;
        let earned = oracle_figures(&rows, Some(2025));
        for l in out.lines().skip(1) {
            let cells: Vec<&str> = l.split(',').collect();
            let p: usize = cells[1][1..].parse().unwrap();
            let mut want = earned[p - 1].earned + base.unwrap_or(0) * 100;
            if let Some(f) = floor {
                want = want.max(f * 100);
            }
            if let Some(c) = ceiling {
                want = want.min(c * 100);
            }
            prop_assert_eq!(hundredths(cells[3]), want, "evaluate e 2025:\n{}", out);
        }
        for (args, year) in [(vec!["--format", "csv", "report"], None), (vec!["--format", "csv", "report", "2025"], Some(2025))] {
            let (code, out, err) = points(dir, &args);
            prop_assert_eq!(code, 0, "{}", err);
            let got = csv_figures(&out, true);
            let want = oracle_figures(&rows, year);
            for (g, w) in got.iter().zip(&want) {
                prop_assert_eq!(
                    (g.earned, g.a, g.b, g.hours, g.times),
                    (w.earned, w.a, w.b, w.hours, w.times),
                    "{:?}:\n{}", args, out
                );
            }
        }

        // Households: their members' figures and their own deeds.
        let want = oracle_households(&rows, None);
        let (code, out, err) = points(dir, &["--format", "csv", "balance", "--by", "household"]);
        prop_assert_eq!(code, 0, "{}", err);
        let got = csv_figures_by(&out, false, "household", 3);
        for (g, w) in got.iter().zip(&want) {
            // With `expire`, balance = earned − spent − expired: the
            // members' expiry is checked above, person by person.
            let balance = if expire.is_some() { g.balance } else { w.balance };
            prop_assert_eq!((g.earned, g.spent, g.balance), (w.earned, w.spent, balance), "balance by household:\n{}", out);
        }
        for (args, year) in [(vec!["--format", "csv", "report", "--by", "household"], None), (vec!["--format", "csv", "report", "2025", "--by", "household"], Some(2025))] {
            let (code, out, err) = points(dir, &args);
            prop_assert_eq!(code, 0, "{}", err);
            let got = csv_figures_by(&out, true, "household", 3);
            let want = oracle_households(&rows, year);
            for (g, w) in got.iter().zip(&want) {
                prop_assert_eq!(
                    (g.earned, g.a, g.b, g.hours, g.times),
                    (w.earned, w.a, w.b, w.hours, w.times),
                    "{:?}:\n{}", args, out
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Approval (#16): with `approval = true` on `once`, its earn rows count
    /// nowhere until an approve row names them. A book whose rules ask for
    /// approval, with approve rows for a random few (in a later file, dated
    /// anywhere; one of them perhaps withdrawn by a void), shows exactly the
    /// figures of the book without approval and without the `once` rows left
    /// pending.
    #[test]
    fn pending_rows_count_only_once_approved(
        rows in prop::collection::vec(row(), 0..30),
        approve in prop::collection::vec(any::<bool>(), 30),
        withdraw in any::<bool>(),
        day in 0..700u32,
    ) {
        let mut later = String::new();
        let mut counted: Vec<(usize, &Row)> = Vec::new();
        let mut withdrawn = !withdraw;
        for (n, r) in rows.iter().enumerate() {
            if r.what != 1 {
                counted.push((n, r));
                continue;
            }
            if !approve[n] {
                continue;
            }
            let t = line(n, r);
            let f: Vec<&str> = t.trim_end().split(',').collect();
            later.push_str(&format!("A{n},{},{},approve,once,{},{},x,E{n},\n", date(day), f[2], f[5], f[6]));
            if !withdrawn {
                // The first approval is withdrawn: its row is pending again.
                withdrawn = true;
                later.push_str(&format!("W{n},{},{},void,once,{},-{},x,A{n},\n", date(day), f[2], f[5], f[6]));
                continue;
            }
            counted.push((n, r));
        }
        let plain: String = counted.iter().map(|(n, r)| line(*n, r)).collect();
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        write_book(a.path(), &PEOPLE, &[("2025.csv".into(), plain), ("2026.csv".into(), String::new())]);
        write_book(b.path(), &PEOPLE, &[("2025.csv".into(), ledger_text(&rows)), ("2026.csv".into(), later)]);
        let rules = RULES.replacen("points = 2.25\n", "points = 2.25\napproval = true\n", 1);
        std::fs::write(b.path().join("points.toml"), rules).unwrap();
        let (code, out, err) = points(b.path(), &["check"]);
        // The approve rows are right: `check` finds no error (a redemption
        // beyond the balance is only a warning).
        prop_assert_eq!(code, 0, "{}{}", out, err);
        prop_assert_eq!(outputs(a.path()), outputs(b.path()));
    }
}
