//! Who may exchange (SPEC §10, issue 12): `[exchange] eligible` with
//! `min_hours`, `min_earned` and `not_vetoed`. An ineligible account's wishes
//! are denied `not eligible` after the reasons that stop a wish entirely and
//! before the stock, and it consumes nothing; `redeem` refuses, saying which
//! condition fails.
//!
//! The book, by hand (patrol: 5 points an hour; towel: cost 10, stock 2):
//!
//! | person | hours (all dates)     | earned 2026H1 | balance 2026-07-01   |
//! |--------|-----------------------|---------------|----------------------|
//! | M1     | 6 (E03)               | 30            | 30                   |
//! | M2     | 4 (E04) < 5: not elig.| 20            | 20                   |
//! | M3     | 3 (E01) + 2 (E05) = 5 | 10            | 15 − 10 + 10 = 15    |
//!
//! So with `min_hours = 5` M2 is the one ineligible account, and it is the
//! middle one in every order: earned 30 > 20 > 10; balance 30 > 20 > 15;
//! lottery SHA-256 of `2026H1:M1` = 478eaf6c… < `2026H1:M2` = a43e73ad… <
//! `2026H1:M3` = b7c33800…; requests: the file's order. Each wants one towel:
//! the first served gets one (stock 2 → 1), M2 is denied `not eligible` and
//! takes nothing, so the last one still gets the last towel (1 → 0). M2's
//! wish for an unknown reward stays `unknown reward` (checked first).

use crate::harness::Test;

const RULES: &str = r#"[scheme]
name = "测试小区"
unit = "分"

[[category]]
id = "welfare"
name = "社区公益类"

[[category]]
id = "law"
name = "遵纪守法类"

[[item]]
id = "patrol"
name = "治安巡逻"
category = "welfare"
unit = "hour"
points = 5

[[item]]
id = "littering"
name = "乱丢垃圾"
category = "law"
points = -5

[exchange]
every = "half-year"
order = "earned"
account = "person"
eligible = { min_hours = 5, min_earned = 0, not_vetoed = "civil" }

[[reward]]
id = "towel"
name = "毛巾"
cost = 10
stock = 2

[[reward]]
id = "soap"
name = "肥皂"
cost = 5

[[evaluation]]
id = "civil"
name = "文明户"
subject = "household"
period = "year"
veto = ["law"]
tiers = [{ name = "文明户", clean = true }]
"#;

const PEOPLE: &str = "id,name,household,building,role,joined,left
M1,张三,H1,B1,resident,,
M2,李四,H2,B1,resident,,
M3,王五,H3,B1,resident,,
";

const LEDGER_2025: &str = "id,date,person,kind,item,qty,points,by,ref,note
E01,2025-06-01,M3,earn,patrol,3,15,队长,,
E02,2025-07-01,M3,redeem,soap,2,-10,站长,,
";

const LEDGER_2026: &str = "id,date,person,kind,item,qty,points,by,ref,note
E03,2026-02-01,M1,earn,patrol,6,30,队长,,
E04,2026-02-01,M2,earn,patrol,4,20,队长,,
E05,2026-02-01,M3,earn,patrol,2,10,队长,,
";

const REQUESTS: &str = "person,reward,qty
M1,towel,1
M2,mug,1
M2,towel,1
M3,towel,1
";

fn book(rules: &str) -> Test {
    Test::new()
        .file("points.toml", rules)
        .file("people.csv", PEOPLE)
        .file("ledger/2025.csv", LEDGER_2025)
        .file("ledger/2026.csv", LEDGER_2026)
        .file("requests.csv", REQUESTS)
}

fn ordered(order: &str) -> Test {
    book(&RULES.replace("order = \"earned\"", &format!("order = \"{order}\"")))
}

const PLAN: [&str; 4] = ["exchange", "2026H1", "--requests", "requests.csv"];

fn json(extra: &[&str]) -> Vec<String> {
    PLAN.iter()
        .chain(extra)
        .chain(&["--format", "json"])
        .map(|s| s.to_string())
        .collect()
}

/// The stock part of every plan: towel 2 − 1 (first) − 0 (M2) − 1 (last) = 0.
const STOCK_JSON: &str = r#"  "stock": [
    {"reward":"towel","name":"毛巾","stock":2,"granted":2,"left":0,"already":0},
    {"reward":"soap","name":"肥皂","stock":null,"granted":0,"left":null,"already":0}
  ]
}
"#;

#[test]
fn earned_order_serves_the_later_account_past_an_ineligible_one() {
    // Served M1 (earned 30), M2 (20), M3 (10). M1 30 − 10 = 20; M2 spends
    // nothing; M3 15 − 10 = 5.
    ordered("earned")
        .args(PLAN)
        .stdout(
            r#"测试小区 — exchange round 2026H1 on 2026-07-01, served by points earned in 2026H1, highest first
┌────────┬──────┬────────┬───────────┬─────────┬────────┬─────────┬────────────────┐
│ person ┆ name ┆ reward ┆ requested ┆ granted ┆ points ┆ status  ┆ reason         │
╞════════╪══════╪════════╪═══════════╪═════════╪════════╪═════════╪════════════════╡
│ M1     ┆ 张三 ┆ 毛巾   ┆         1 ┆       1 ┆     10 ┆ granted ┆ —              │
│ M2     ┆ 李四 ┆ mug    ┆         1 ┆       0 ┆      0 ┆ denied  ┆ unknown reward │
│ M2     ┆ 李四 ┆ 毛巾   ┆         1 ┆       0 ┆      0 ┆ denied  ┆ not eligible   │
│ M3     ┆ 王五 ┆ 毛巾   ┆         1 ┆       1 ┆     10 ┆ granted ┆ —              │
└────────┴──────┴────────┴───────────┴─────────┴────────┴─────────┴────────────────┘

Accounts, in the order served
┌────────┬──────┬────────┬───────┬───────┬───────────────┐
│ person ┆ name ┆ before ┆ spent ┆ after ┆ earned 2026H1 │
╞════════╪══════╪════════╪═══════╪═══════╪═══════════════╡
│ M1     ┆ 张三 ┆     30 ┆    10 ┆    20 ┆            30 │
│ M2     ┆ 李四 ┆     20 ┆     0 ┆    20 ┆            20 │
│ M3     ┆ 王五 ┆     15 ┆    10 ┆     5 ┆            10 │
└────────┴──────┴────────┴───────┴───────┴───────────────┘

Stock
┌────────┬───────┬─────────┬──────┬──────────────────┐
│ reward ┆ stock ┆ granted ┆ left ┆ given out before │
╞════════╪═══════╪═════════╪══════╪══════════════════╡
│ 毛巾   ┆     2 ┆       2 ┆    0 ┆                0 │
│ 肥皂   ┆ —     ┆       0 ┆ —    ┆                0 │
└────────┴───────┴─────────┴──────┴──────────────────┘

Pick list: who gets how many
┌────────┬────────┬──────┬─────┐
│ reward ┆ person ┆ name ┆ qty │
╞════════╪════════╪══════╪═════╡
│ 毛巾   ┆ M1     ┆ 张三 ┆   1 │
│ 毛巾   ┆ M3     ┆ 王五 ┆   1 │
└────────┴────────┴──────┴─────┘
This is a plan: nothing was written. Run it again with --commit to record 2 redemptions.
"#,
        )
        .unchanged()
        .run();
}

/// The outcomes and accounts when M1, M2, M3 are served in that order.
fn m1_m2_m3(order: &str, draws: [&str; 3]) -> String {
    let d = |k: usize| {
        if draws[k].is_empty() {
            String::new()
        } else {
            format!(r#","draw":"{}""#, draws[k])
        }
    };
    let (d1, d2, d3) = (d(0), d(1), d(2));
    format!(
        r#"{{
  "round": "2026H1",
  "date": "2026-07-01",
  "order": "{order}",
  "outcomes": [
    {{"person":"M1","name":"张三","reward":"towel","requested":1,"granted":1,"points":10,"status":"granted","reason":null}},
    {{"person":"M2","name":"李四","reward":"mug","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown reward"}},
    {{"person":"M2","name":"李四","reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"not eligible"}},
    {{"person":"M3","name":"王五","reward":"towel","requested":1,"granted":1,"points":10,"status":"granted","reason":null}}
  ],
  "accounts": [
    {{"account":"M1","name":"张三","before":30,"spent":10,"after":20{d1}}},
    {{"account":"M2","name":"李四","before":20,"spent":0,"after":20{d2}}},
    {{"account":"M3","name":"王五","before":15,"spent":10,"after":5{d3}}}
  ],
{STOCK_JSON}"#
    )
}

#[test]
fn balance_order_serves_the_later_account_past_an_ineligible_one() {
    // Balances 30 (M1) > 20 (M2) > 15 (M3).
    ordered("balance")
        .args(json(&[]))
        .stdout(&m1_m2_m3("balance", ["", "", ""]))
        .run();
}

#[test]
fn lottery_order_serves_the_later_account_past_an_ineligible_one() {
    // Draws 478eaf6c… (M1) < a43e73ad… (M2) < b7c33800… (M3).
    ordered("lottery")
        .args(json(&[]))
        .stdout(&m1_m2_m3(
            "lottery",
            [
                "478eaf6c8bffbcc557c51746a7ad64a43721605cd6096a2af062ad20e6d33533",
                "a43e73adb44343ba6bd8d77387e19133e1d396c5495d426255b3bc9d5657f47a",
                "b7c33800a156629bd6309ecd26f39ad3cd628815d11b4b05565af2ff40908e73",
            ],
        ))
        .run();
}

#[test]
fn requests_order_serves_the_later_account_past_an_ineligible_one() {
    // The file's order, M3 first: M3 15 − 10 = 5, M2 nothing, M1 30 − 10 = 20.
    ordered("requests")
        .file(
            "requests.csv",
            "person,reward,qty\nM3,towel,1\nM2,mug,1\nM2,towel,1\nM1,towel,1\n",
        )
        .args(json(&[]))
        .stdout(&format!(
            r#"{{
  "round": "2026H1",
  "date": "2026-07-01",
  "order": "requests",
  "outcomes": [
    {{"person":"M3","name":"王五","reward":"towel","requested":1,"granted":1,"points":10,"status":"granted","reason":null}},
    {{"person":"M2","name":"李四","reward":"mug","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown reward"}},
    {{"person":"M2","name":"李四","reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"not eligible"}},
    {{"person":"M1","name":"张三","reward":"towel","requested":1,"granted":1,"points":10,"status":"granted","reason":null}}
  ],
  "accounts": [
    {{"account":"M3","name":"王五","before":15,"spent":10,"after":5}},
    {{"account":"M2","name":"李四","before":20,"spent":0,"after":20}},
    {{"account":"M1","name":"张三","before":30,"spent":10,"after":20}}
  ],
{STOCK_JSON}"#
        ))
        .run();
}

#[test]
fn commit_writes_nothing_for_the_ineligible_account() {
    // Two redeem rows, M1's and M3's, each −10, ref 2026H1.
    let (_, dir) = ordered("earned")
        .args([
            "exchange",
            "2026H1",
            "--requests",
            "requests.csv",
            "--commit",
            "--by",
            "站长",
        ])
        .run_keep();
    let ledger = std::fs::read_to_string(dir.path().join("ledger/2026.csv")).unwrap();
    let redeems: Vec<(&str, &str)> = ledger
        .lines()
        .filter(|l| l.contains(",redeem,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[2], f[6])
        })
        .collect();
    assert_eq!(redeems, vec![("M1", "-10"), ("M3", "-10")]);
}

#[test]
fn chinese_table_says_not_eligible() {
    ordered("earned")
        .args(["--lang", "zh", "exchange", "2026H1", "--requests", "requests.csv"])
        .stdout_has("│ M2   ┆ 李四 ┆ 毛巾     ┆        1 ┆        0 ┆        0 ┆ 未满足 ┆ 不符合兑换条件   │")
        .stdout_has("│ M3   ┆ 王五 ┆ 毛巾     ┆        1 ┆        1 ┆       10 ┆ 已满足 ┆ —                │")
        .run();
}

/// M2 also fails the two other conditions: a 乱丢垃圾 deduction on
/// 2026-03-01 (E06) vetoes household H2 in 文明户 2026 (the year that holds
/// the round's last day, 2026-06-30; the evaluation is of households, so the
/// person's household is asked), and earned over all dates is 20 − 5 = 15
/// < 30. The evaluation is named by its name here.
fn strict() -> Test {
    book(&RULES.replace(
        "min_earned = 0, not_vetoed = \"civil\"",
        "min_earned = 30, not_vetoed = \"文明户\"",
    ))
    .append(
        "ledger/2026.csv",
        "E06,2026-03-01,M2,earn,littering,1,-5,队长,,\n",
    )
}

#[test]
fn redeem_refuses_saying_which_conditions_fail() {
    strict()
        .args(["redeem", "M2", "towel", "--date", "2026-06-30", "--by", "站长"])
        .status(1)
        .stderr(
            "error: 李四 (M2) may not exchange points for rewards: 4 hours of the 5 required; \
             15 points earned of the 30 required; vetoed in 文明户 for 2026 by E06 (2026-03-01, \
             李四, 乱丢垃圾). Only accounts that meet [exchange] eligible in points.toml may exchange.\n\
             nothing was written.\n",
        )
        .unchanged()
        .run();
}

#[test]
fn redeem_refuses_on_earned_alone() {
    // M3: hours 3 + 2 = 5 (enough), earned 15 + 10 = 25 (the redemption E02
    // does not lower earned) < 30, not vetoed (H3 has no deduction).
    strict()
        .args([
            "redeem",
            "M3",
            "towel",
            "--date",
            "2026-06-30",
            "--by",
            "站长",
        ])
        .status(1)
        .stderr(
            "error: 王五 (M3) may not exchange points for rewards: 25 points earned of the 30 \
             required. Only accounts that meet [exchange] eligible in points.toml may exchange.\n\
             nothing was written.\n",
        )
        .unchanged()
        .run();
}

#[test]
fn redeem_refuses_in_chinese() {
    strict()
        .args(["--lang", "zh", "redeem", "李四", "towel", "--date", "2026-06-30", "--by", "站长"])
        .status(1)
        .stderr(
            "错误：李四（M2）不符合兑换条件：时长 4 小时，未达到要求的 5 小时；累计获得 15 分，\
             未达到要求的 30 分；在文明户（2026年）中被一票否决：2026年3月1日 李四“乱丢垃圾”（E06）。\
             按 points.toml 中 [exchange] eligible 的规定，只有符合条件的才能兑换奖品。\n\
             本次没有写入任何记录。\n",
        )
        .unchanged()
        .run();
}

#[test]
fn redeem_of_an_eligible_account_goes_through() {
    // M1: 6 hours ≥ 5, earned 30 ≥ 0, H1 not vetoed: 30 − 10 = 20 left.
    let (_, dir) = book(RULES)
        .args([
            "redeem",
            "M1",
            "towel",
            "--date",
            "2026-06-30",
            "--by",
            "站长",
        ])
        .run_keep();
    let ledger = std::fs::read_to_string(dir.path().join("ledger/2026.csv")).unwrap();
    assert!(
        ledger.contains(",2026-06-30,M1,redeem,towel,1,-10,站长,,"),
        "{ledger}"
    );
}

#[test]
fn check_reports_every_misuse_of_eligible() {
    book(&RULES.replace(
        "eligible = { min_hours = 5, min_earned = 0, not_vetoed = \"civil\" }",
        "eligible = { min_hours = -1, min_earned = 2000000000, not_vetoed = \"nope\" }",
    ))
    .args(["check"])
    .status(1)
    .stdout(
        r#"points.toml:30:26: error: min_hours is -1, below 0
   |
30 | eligible = { min_hours = -1, min_earned = 2000000000, not_vetoed = "nope" }
   |                          ^^
   = expected: a number of hours of at least 0, e.g. min_hours = 100
points.toml:30:43: error: min_earned `2000000000` is too large: the rules accept amounts up to 1000000000, so that every total stays exact
   |
30 | eligible = { min_hours = -1, min_earned = 2000000000, not_vetoed = "nope" }
   |                                           ^^^^^^^^^^
   = expected: a number from -1000000000 to 1000000000, with at most two decimals
points.toml:30:68: error: not_vetoed names `nope`, which is neither the id nor the name of an evaluation
   |
30 | eligible = { min_hours = -1, min_earned = 2000000000, not_vetoed = "nope" }
   |                                                                    ^^^^^^
   = expected: the id or name of an evaluation: civil, 文明户
3 errors, 0 warnings (points.toml could not be read, so the 5 rows in 2 ledger files were checked for form only)
"#,
    )
    .run();
}

#[test]
fn check_reports_misuse_in_chinese() {
    book(&RULES.replace(
        "eligible = { min_hours = 5, min_earned = 0, not_vetoed = \"civil\" }",
        "eligible = { min_hours = -1, not_vetoed = \"nope\" }",
    ))
    .args(["--lang", "zh", "check"])
    .status(1)
    .stdout_has("points.toml:30:26: 错误：min_hours 是 -1，小于 0")
    .stdout_has("错误：not_vetoed 写的 `nope` 既不是评议的编号，也不是评议的名称")
    .stdout_has("应为：评议的编号或名称：civil、文明户")
    .run();
}

/// Household accounts and an evaluation of persons: H1 = M1 + M2 (6 + 4 = 10
/// hours, balance 30 + 20 − 5 = 45), H2 = M3 (3 + 2 = 5 hours, balance 15).
/// M2's deduction E06 (2026-03-01) vetoes M2 in 个人评议 2026, so household
/// H1 may not exchange, also when M1, who has no deduction, asks.
fn households() -> Test {
    book(
        &(RULES
            .replace("account = \"person\"", "account = \"household\"")
            .replace("not_vetoed = \"civil\"", "not_vetoed = \"person-eval\"")
            + r#"
[[evaluation]]
id = "person-eval"
name = "个人评议"
period = "year"
veto = ["law"]
tiers = [{ name = "好", clean = true }]
"#),
    )
    .file(
        "people.csv",
        "id,name,household,building,role,joined,left\n\
         M1,张三,H1,B1,resident,,\n\
         M2,李四,H1,B1,resident,,\n\
         M3,王五,H2,B1,resident,,\n",
    )
    .append(
        "ledger/2026.csv",
        "E06,2026-03-01,M2,earn,littering,1,-5,队长,,\n",
    )
}

#[test]
fn a_household_is_vetoed_through_a_member() {
    // Earned 2026H1: H1 30 + 20 − 5 = 45 served first, denied; H2 (10) gets
    // its towel, stock 2 − 1 = 1 left.
    households()
        .file("requests.csv", "person,reward,qty\nM1,towel,1\nM3,towel,1\n")
        .args(json(&[]))
        .stdout(
            r#"{
  "round": "2026H1",
  "date": "2026-07-01",
  "order": "earned",
  "outcomes": [
    {"person":"M1","name":"张三","reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"not eligible"},
    {"person":"M3","name":"王五","reward":"towel","requested":1,"granted":1,"points":10,"status":"granted","reason":null}
  ],
  "accounts": [
    {"account":"H1","name":"张三、李四","before":45,"spent":0,"after":45,"earned":45},
    {"account":"H2","name":"王五","before":15,"spent":10,"after":5,"earned":10}
  ],
  "stock": [
    {"reward":"towel","name":"毛巾","stock":2,"granted":1,"left":1,"already":0},
    {"reward":"soap","name":"肥皂","stock":null,"granted":0,"left":null,"already":0}
  ]
}
"#,
        )
        .run();
}

#[test]
fn redeem_refuses_a_member_of_a_vetoed_household() {
    households()
        .args([
            "redeem",
            "M1",
            "towel",
            "--date",
            "2026-06-30",
            "--by",
            "站长",
        ])
        .status(1)
        .stderr(
            "error: household H1 may not exchange points for rewards: vetoed in 个人评议 for 2026 \
             by E06 (2026-03-01, 李四, 乱丢垃圾). Only accounts that meet [exchange] eligible in \
             points.toml may exchange.\nnothing was written.\n",
        )
        .unchanged()
        .run();
}
