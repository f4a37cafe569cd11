//! Points that expire (SPEC §10, §12 "Expiry", issue 12):
//! `[exchange] expire = { after = N, per = … }`.
//!
//! The main book, by hand (patrol: 5 points an hour; littering: −5; towel:
//! cost 10), with `expire = { after = 1, per = "year" }`: points earned in a
//! year can be spent until the end of the next year and are gone on the
//! 1st of January after it.
//!
//! | person | rows                                             | lots (oldest first)                      |
//! |--------|--------------------------------------------------|------------------------------------------|
//! | A1 张三 | E01 2025-03-01 +20; E02 2026-02-01 +30;          | 2025: 20; 2026: 30                       |
//! |        | E03 2026-05-01 −5 (deduction); E04 2026-06-01 −10 | the oldest pay: 2025: 20 − 5 − 10 = 5    |
//! |        | E05 2027-03-01 +10                               | 5 gone 2027-01-01; 30 gone 2028-01-01    |
//! | A2 李四 | F01 2025-05-01 −5 (a debt); F02 2025-06-01 +10    | +10 pays the debt 5 first: 2025: 5       |
//! |        |                                                  | 5 gone 2027-01-01 (not 10)               |
//! | A3 王五 | G01 2025-04-01 +10; G02 2026-03-01 +20;          | G03 takes the 2025 lot (10): 2026: 20    |
//! |        | G03 2026-04-01 redeem −10                        | nothing is gone on 2027-01-01            |

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
expire = { after = 1, per = "year" }

[[reward]]
id = "towel"
name = "毛巾"
cost = 10
"#;

const PEOPLE: &str = "id,name,household,building,role,joined,left
A1,张三,H1,B1,resident,,
A2,李四,H2,B1,resident,,
A3,王五,H3,B1,resident,,
";

const HEAD: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";

const LEDGER_2025: &str = "E01,2025-03-01,A1,earn,patrol,4,20,队长,,
G01,2025-04-01,A3,earn,patrol,2,10,队长,,
F01,2025-05-01,A2,earn,littering,1,-5,队长,,
F02,2025-06-01,A2,earn,patrol,2,10,队长,,
";

const LEDGER_2026: &str = "E02,2026-02-01,A1,earn,patrol,6,30,队长,,
G02,2026-03-01,A3,earn,patrol,4,20,队长,,
G03,2026-04-01,A3,redeem,towel,1,-10,站长,,
E03,2026-05-01,A1,earn,littering,1,-5,队长,,
E04,2026-06-01,A1,redeem,towel,1,-10,站长,,
";

const LEDGER_2027: &str = "E05,2027-03-01,A1,earn,patrol,2,10,队长,,
";

/// The void of G03, written on 2027-02-01.
const VOID_G03: &str = "V01,2027-02-01,A3,void,towel,1,10,站长,G03,
";

/// The main book with `expire` replaced by `expire_line` ("" drops it).
fn book_with(expire_line: &str, ledger_2027: &str) -> Test {
    Test::new()
        .file(
            "points.toml",
            RULES.replace(r#"expire = { after = 1, per = "year" }"#, expire_line),
        )
        .file("people.csv", PEOPLE)
        .file("ledger/2025.csv", format!("{HEAD}{LEDGER_2025}"))
        .file("ledger/2026.csv", format!("{HEAD}{LEDGER_2026}"))
        .file("ledger/2027.csv", format!("{HEAD}{ledger_2027}"))
}

fn book() -> Test {
    book_with(r#"expire = { after = 1, per = "year" }"#, LEDGER_2027)
}

#[test]
fn until_the_last_day_nothing_has_expired_and_the_oldest_points_were_spent() {
    // As of 2026-12-31 (rows up to then; E05 is later):
    // A1 earned 20 + 30 − 5 = 45, spent 10, expired 0, balance 35; the
    // deduction and the towel took the 2025 lot: 20 − 5 − 10 = 5 expires at
    // the end of 2026. A2 earned −5 + 10 = 5; its 2025 lot is 5 (the debt
    // was paid first), expiring. A3 earned 30, spent 10 (from the 2025 lot):
    // balance 20, all of it from 2026, so nothing expires at the end of 2026.
    book()
        .args(["balance", "--until", "2026-12-31"])
        .stdout(
            "测试小区 — balances as of 2026-12-31
┌────────┬──────┬────────┬───────┬─────────┬─────────┬──────────┐
│ person ┆ name ┆ earned ┆ spent ┆ expired ┆ balance ┆ expiring │
╞════════╪══════╪════════╪═══════╪═════════╪═════════╪══════════╡
│ A1     ┆ 张三 ┆     45 ┆    10 ┆       0 ┆      35 ┆        5 │
│ A2     ┆ 李四 ┆      5 ┆     0 ┆       0 ┆       5 ┆        5 │
│ A3     ┆ 王五 ┆     30 ┆    10 ┆       0 ┆      20 ┆        0 │
└────────┴──────┴────────┴───────┴─────────┴─────────┴──────────┘
",
        )
        .run();
}

#[test]
fn the_next_day_the_points_are_gone_and_a_paid_debt_expires_only_what_is_left() {
    // As of 2027-01-01: A1's 5 left of 2025 are gone: 45 − 10 − 5 = 30, and
    // the 30 of 2026 expire at the end of 2027. A2's 5 are gone (not the 10
    // earned: 5 of them paid the debt): 5 − 0 − 5 = 0. A3 loses nothing:
    // 30 − 10 − 0 = 20, expiring at the end of 2027.
    book()
        .args(["balance", "--until", "2027-01-01", "--format", "json"])
        .stdout(
            r#"[
  {"person":"A1","name":"张三","earned":45,"spent":10,"expired":5,"balance":30,"expiring":30},
  {"person":"A2","name":"李四","earned":5,"spent":0,"expired":5,"balance":0,"expiring":0},
  {"person":"A3","name":"王五","earned":30,"spent":10,"expired":0,"balance":20,"expiring":20}
]
"#,
        )
        .run();
}

#[test]
fn without_until_the_balance_is_as_of_today() {
    // Today 2027-06-30: A1 also has E05: earned 55, spent 10, expired 5,
    // balance 55 − 10 − 5 = 40, of which the 30 of 2026 expire at the end
    // of 2027 (E05's 10 last until the end of 2028).
    book()
        .env("POINTS_TODAY", "2027-06-30")
        .args(["balance", "--format", "csv"])
        .stdout(
            "person,name,earned,spent,expired,balance,expiring
A1,张三,55,10,5,40,30
A2,李四,5,0,5,0,0
A3,王五,30,10,0,20,20
",
        )
        .run();
    // Two years on (2028-01-01) the 30 of 2026 are gone too: A1 55 − 10 −
    // 35 = 10 (E05's, expiring at the end of 2028); A3 30 − 10 − 20 = 0.
    book()
        .env("POINTS_TODAY", "2028-01-01")
        .args(["balance", "--format", "md"])
        .stdout(
            "## 测试小区 — balances as of 2028-01-01 (today)

| person | name | earned | spent | expired | balance | expiring |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
| A1 | 张三 | 55 | 10 | 35 | 10 | 10 |
| A2 | 李四 | 5 | 0 | 5 | 0 | 0 |
| A3 | 王五 | 30 | 10 | 20 | 0 | 0 |
",
        )
        .run();
}

#[test]
fn a_book_without_the_rule_has_no_expiry_columns() {
    // The same rows without `expire`: balance = earned − spent, all dates.
    book_with("", LEDGER_2027)
        .args(["balance", "--format", "csv"])
        .stdout(
            "person,name,earned,spent,balance
A1,张三,55,10,45
A2,李四,5,0,5
A3,王五,30,10,20
",
        )
        .run();
}

#[test]
fn show_lists_each_expiry_on_the_day_the_points_are_gone() {
    // Running balance: 20, 50, 45, 35; on 2027-01-01 the 5 left of 2025
    // are gone: 30; E05: 40. (Today 2027-06-30: the 2026 lot has not gone.)
    book()
        .env("POINTS_TODAY", "2027-06-30")
        .args(["show", "A1"])
        .stdout(
            "张三 (A1), household H1, all time: balance before 0
┌─────┬────────────┬───────────┬──────────┬─────┬────────┬────────┬─────────┬──────┐
│ id  ┆ date       ┆ kind      ┆ item     ┆ qty ┆ points ┆ voided ┆ balance ┆ note │
╞═════╪════════════╪═══════════╪══════════╪═════╪════════╪════════╪═════════╪══════╡
│ E01 ┆ 2025-03-01 ┆ earn      ┆ 治安巡逻 ┆   4 ┆     20 ┆        ┆      20 ┆      │
│ E02 ┆ 2026-02-01 ┆ earn      ┆ 治安巡逻 ┆   6 ┆     30 ┆        ┆      50 ┆      │
│ E03 ┆ 2026-05-01 ┆ deduction ┆ 乱丢垃圾 ┆   1 ┆     -5 ┆        ┆      45 ┆      │
│ E04 ┆ 2026-06-01 ┆ redeem    ┆ 毛巾     ┆   1 ┆    -10 ┆        ┆      35 ┆      │
│ —   ┆ 2027-01-01 ┆ expired   ┆ —        ┆ —   ┆     -5 ┆        ┆      30 ┆      │
│ E05 ┆ 2027-03-01 ┆ earn      ┆ 治安巡逻 ┆   2 ┆     10 ┆        ┆      40 ┆      │
└─────┴────────────┴───────────┴──────────┴─────┴────────┴────────┴─────────┴──────┘
balance after: 40
",
        )
        .run();
}

#[test]
fn show_of_a_period_starts_from_the_balance_less_what_expired_before_it() {
    // 2028: the balance before it is 40 (2027 above); on 2028-01-01 the 30
    // of 2026 are gone: 10. JSON: kind "expire", null id, item and qty.
    book()
        .env("POINTS_TODAY", "2028-06-30")
        .args(["show", "A1", "2028", "--format", "json"])
        .stdout(
            r#"[
  {"id":null,"date":"2028-01-01","kind":"expire","item":null,"qty":null,"points":-30,"voided":false,"balance":10,"note":""}
]
"#,
        )
        .run();
    // Expiries after today are not shown: as of 2027-12-31 there is none
    // in 2028 yet, and the balance before 2028 is 40.
    book()
        .env("POINTS_TODAY", "2027-12-31")
        .args(["show", "A1", "2028"])
        .stdout(
            "张三 (A1), household H1, 2028: balance before 40
┌────┬──────┬──────┬──────┬─────┬────────┬────────┬─────────┬──────┐
│ id ┆ date ┆ kind ┆ item ┆ qty ┆ points ┆ voided ┆ balance ┆ note │
╞════╪══════╪══════╪══════╪═════╪════════╪════════╪═════════╪══════╡
└────┴──────┴──────┴──────┴─────┴────────┴────────┴─────────┴──────┘
balance after: 40
",
        )
        .run();
}

#[test]
fn a_debt_is_paid_first_by_new_points() {
    // A2: −5 (a debt), then +10 pays it: 5 left in 2025, gone 2027-01-01.
    book()
        .env("POINTS_TODAY", "2027-06-30")
        .args(["show", "李四", "--format", "csv"])
        .stdout(
            "id,date,kind,item,qty,points,voided,balance,note
F01,2025-05-01,earn,littering,1,-5,false,-5,
F02,2025-06-01,earn,patrol,2,10,false,5,
,2027-01-01,expire,,,-5,false,0,
",
        )
        .run();
}

#[test]
fn a_void_changes_the_lots_retroactively() {
    // Without the void, G03 took A3's 2025 lot: nothing gone on 2027-01-01
    // (as of 2027-01-15: 30 − 10 − 0 = 20). With G03 voided (on 2027-02-01,
    // after that date: a void is retroactive), the 2025 lot was never spent
    // and its 10 are gone on 2027-01-01: 30 − 0 − 10 = 20; the 20 of 2026
    // expire at the end of 2027 either way.
    book()
        .args(["balance", "--until", "2027-01-15", "--format", "csv"])
        .stdout(
            "person,name,earned,spent,expired,balance,expiring
A1,张三,45,10,5,30,30
A2,李四,5,0,5,0,0
A3,王五,30,10,0,20,20
",
        )
        .run();
    let voided = format!("{LEDGER_2027}{VOID_G03}");
    book_with(r#"expire = { after = 1, per = "year" }"#, &voided)
        .args(["balance", "--until", "2027-01-15", "--format", "csv"])
        .stdout(
            "person,name,earned,spent,expired,balance,expiring
A1,张三,45,10,5,30,30
A2,李四,5,0,5,0,0
A3,王五,30,0,10,20,20
",
        )
        .run();
    // As of 2026-12-31 the void gives A3 back its 10: 30 − 0 − 0 = 30, of
    // which the 10 of 2025 expire at the end of 2026.
    book_with(r#"expire = { after = 1, per = "year" }"#, &voided)
        .args(["balance", "--until", "2026-12-31", "--format", "csv"])
        .stdout(
            "person,name,earned,spent,expired,balance,expiring
A1,张三,45,10,0,35,5
A2,李四,5,0,0,5,5
A3,王五,30,0,0,30,10
",
        )
        .run();
}

/// A book with `expire = { after = 0, per = … }`, one person, these rows.
fn after_zero(per: &str, rows: &str) -> Test {
    Test::new()
        .file(
            "points.toml",
            RULES.replace(
                r#"expire = { after = 1, per = "year" }"#,
                &format!(r#"expire = {{ after = 0, per = "{per}" }}"#),
            ),
        )
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", format!("{HEAD}{rows}"))
}

#[test]
fn after_zero_points_last_until_the_end_of_their_own_period() {
    // per month: the 10 of January count on 2026-01-31 (expiring that
    // day's month end) and are gone on 2026-02-01; the 5 of February are
    // what is left as of 2026-02-28, expiring at its end.
    let rows = "B01,2026-01-10,A1,earn,patrol,2,10,队长,,
B02,2026-02-05,A1,earn,patrol,1,5,队长,,
";
    let expect = |until: &str, line: &str| {
        after_zero("month", rows)
            .args(["balance", "--until", until, "--format", "csv"])
            .stdout(&format!(
                "person,name,earned,spent,expired,balance,expiring
{line}
A2,李四,0,0,0,0,0
A3,王五,0,0,0,0,0
"
            ))
            .run();
    };
    expect("2026-01-31", "A1,张三,10,0,0,10,10");
    expect("2026-02-01", "A1,张三,10,0,10,0,0");
    expect("2026-02-28", "A1,张三,15,0,10,5,5");
}

/// Round 2026H1 (every half-year), points lasting their half-year only:
/// A1's 20 of March and A2's 10 of March are gone on 2026-07-01; A2's 5 of
/// 2026-07-05 are new. The round is exchanged on 2026-07-10.
const ROUND_ROWS: &str = "C01,2026-03-01,A1,earn,patrol,4,20,队长,,
C02,2026-03-01,A2,earn,patrol,2,10,队长,,
C03,2026-07-05,A2,earn,patrol,1,5,队长,,
";

const REQUESTS: &str = "person,reward,qty
A1,towel,2
A2,towel,1
";

#[test]
fn an_exchange_after_its_round_spends_the_points_unexpired_on_the_last_day() {
    // As of 2026-07-10 the March points are gone: A1 20 − 0 − 20 = 0;
    // A2 15 − 0 − 10 = 5.
    after_zero("half-year", ROUND_ROWS)
        .args(["balance", "--until", "2026-07-10", "--format", "csv"])
        .stdout(
            "person,name,earned,spent,expired,balance,expiring
A1,张三,20,0,20,0,0
A2,李四,15,0,10,5,5
A3,王五,0,0,0,0,0
",
        )
        .run();
    // But in round 2026H1 they are spendable (unexpired on 2026-06-30): A1
    // has 20 and gets 2 towels (20); A2 has 10 + 5 = 15 and gets 1 (10).
    let (_, dir) = after_zero("half-year", ROUND_ROWS)
        .file("requests.csv", REQUESTS)
        .env("POINTS_TODAY", "2026-07-10")
        .args([
            "exchange",
            "2026H1",
            "--requests",
            "requests.csv",
            "--date",
            "2026-07-10",
            "--commit",
            "--by",
            "站长",
            "--format",
            "json",
        ])
        .stdout_has(
            r#"  "accounts": [
    {"account":"A1","name":"张三","before":20,"spent":20,"after":0,"earned":20},
    {"account":"A2","name":"李四","before":15,"spent":10,"after":5,"earned":10}
  ],"#,
        )
        .run_keep();
    // Committed, the redemptions (dated 2026-07-10, ref 2026H1) are taken on
    // the round's last day: they spent the March points before they were
    // gone. A1 20 − 20 − 0 = 0; A2 15 − 10 − 0 = 5 (C02's 10 paid the towel,
    // C03's 5 are left); nothing expired, and `check` warns of nothing.
    let balance = crate::harness::points_with(
        dir.path(),
        &["balance", "--until", "2026-07-10", "--format", "csv"],
        &[("POINTS_LANG", "en")],
    );
    assert_eq!(
        balance,
        (
            0,
            "person,name,earned,spent,expired,balance,expiring
A1,张三,20,20,0,0,0
A2,李四,15,10,0,5,5
A3,王五,0,0,0,0,0
"
            .to_string(),
            String::new()
        )
    );
    let check = crate::harness::points_with(dir.path(), &["check"], &[("POINTS_LANG", "en")]);
    assert_eq!(
        check,
        (
            0,
            "ok: 5 rows in 1 ledger file, 3 people, 2 items; 0 warnings\n".to_string(),
            String::new()
        )
    );
}

/// per year, after 0: A1's 10 of 2025 are gone on 2026-01-01; A2 has 20 of
/// 2025 and 10 of 2026-02-01.
const SPENT_ROWS: &str = "D01,2025-03-01,A1,earn,patrol,2,10,队长,,
D02,2025-03-01,A2,earn,patrol,4,20,队长,,
D03,2026-02-01,A1,redeem,towel,1,-10,站长,,
D04,2026-02-01,A2,earn,patrol,2,10,队长,,
";

fn spent_book() -> Test {
    Test::new()
        .file(
            "points.toml",
            RULES.replace(
                r#"expire = { after = 1, per = "year" }"#,
                r#"expire = { after = 0, per = "year" }"#,
            ),
        )
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", format!("{HEAD}{SPENT_ROWS}"))
}

#[test]
fn check_warns_of_a_redemption_paid_with_expired_points() {
    // D03 spends 10 on 2026-02-01; A1's 10 were gone on 2026-01-01: 0 − 10.
    spent_book()
        .args(["check"])
        .stdout(
            "ledger/2026.csv:4: warning: this redemption leaves 张三 (A1) with a balance of -10 on 2026-02-01
  |
4 | D03,2026-02-01,A1,redeem,towel,1,-10,站长,,
  = fix: check the entries before it; void the redemption if it should not have happened
ok: 4 rows in 1 ledger file, 3 people, 2 items; 1 warning
",
        )
        .run();
}

#[test]
fn redeem_counts_only_unexpired_points() {
    // On 2026-03-01 A2 has 10 (the 20 of 2025 are gone): 2 towels (20) are
    // refused, and nothing is written.
    spent_book()
        .args([
            "redeem", "A2", "towel", "--qty", "2", "--date", "2026-03-01", "--by", "站长",
        ])
        .stderr(
            "error: 李四 (A2) has a balance of 10 on 2026-03-01, and 2 × 毛巾 costs 20: not enough points (`points show` lists the entries)
nothing was written.
",
        )
        .status(1)
        .unchanged()
        .run();
    // On 2025-12-01 the 20 of 2025 pay for 2 towels (they were to expire
    // anyway): A2's balance today (2026-11-27) is D04's 10.
    spent_book()
        .args([
            "redeem",
            "A2",
            "towel",
            "--qty",
            "2",
            "--date",
            "2025-12-01",
            "--by",
            "站长",
            "--dry-run",
            "--format",
            "json",
        ])
        .stdout_has(r#""kind":"redeem","item":"towel","qty":2,"points":-20,"balance":10}"#)
        .run();
}

#[test]
fn redeem_before_a_later_redemption_may_spend_points_that_would_expire() {
    // With D05 (2026-03-01, −10) A2 ends at 20 − 20 (gone) + 10 − 10 = 0.
    // Two towels on 2025-12-01 spend the 20 of 2025, which were to be gone
    // anyway: D05 still finds 10, so nothing later falls below zero.
    spent_book()
        .append(
            "ledger/2026.csv",
            "D05,2026-03-01,A2,redeem,towel,1,-10,站长,,\n",
        )
        .args([
            "redeem",
            "A2",
            "towel",
            "--qty",
            "2",
            "--date",
            "2025-12-01",
            "--by",
            "站长",
            "--dry-run",
            "--format",
            "csv",
        ])
        .stdout_has("A2,李四,redeem,towel,2,-20,0\n")
        .run();
    // One towel on 2026-02-15 takes D04's 10 (the 20 of 2025 are gone):
    // D05 would leave 0 − 10 = −10. (Without expiry: 30 − 10 − 10 = 10.)
    spent_book()
        .append("ledger/2026.csv", "D05,2026-03-01,A2,redeem,towel,1,-10,站长,,\n")
        .args([
            "redeem", "A2", "towel", "--date", "2026-02-15", "--by", "站长", "--dry-run",
        ])
        .stderr(
            "error: spending 10 would leave 李四 (A2) with a balance of -10 at the redemption on 2026-03-01
nothing was written.
",
        )
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn misuse_of_expire_is_an_error_at_its_key() {
    book_with(r#"expire = { after = -1, per = "week" }"#, LEDGER_2027)
        .args(["check"])
        .stdout(
            r#"points.toml:28:20: error: expire's `after` is -1: it must be a whole number of periods from 0 to 100
   |
28 | expire = { after = -1, per = "week" }
   |                    ^^
   = expected: after = 0 (points last until the end of the period they were earned in), 1 (one more period), … up to 100
points.toml:28:30: error: `week` is not a period that points can expire by
   |
28 | expire = { after = -1, per = "week" }
   |                              ^^^^^^
   = expected: "month", "quarter", "half-year" or "year", like expire = { after = 1, per = "year" }
2 errors, 0 warnings (points.toml could not be read, so the 10 rows in 3 ledger files were checked for form only)
"#,
        )
        .status(1)
        .run();
}

#[test]
fn balance_and_show_in_chinese() {
    book()
        .args(["--lang", "zh", "balance", "--until", "2027-01-01"])
        .stdout(
            "测试小区 — 截至2027年1月1日的积分汇总
┌──────┬──────┬──────────┬────────┬────────────┬──────────┬────────────┐
│ 编号 ┆ 姓名 ┆ 累计获得 ┆ 已兑换 ┆ 已到期作废 ┆ 可用积分 ┆ 本期末到期 │
╞══════╪══════╪══════════╪════════╪════════════╪══════════╪════════════╡
│ A1   ┆ 张三 ┆       45 ┆     10 ┆          5 ┆       30 ┆         30 │
│ A2   ┆ 李四 ┆        5 ┆      0 ┆          5 ┆        0 ┆          0 │
│ A3   ┆ 王五 ┆       30 ┆     10 ┆          0 ┆       20 ┆         20 │
└──────┴──────┴──────────┴────────┴────────────┴──────────┴────────────┘
",
        )
        .run();
    book()
        .env("POINTS_TODAY", "2027-06-30")
        .args(["--lang", "zh", "show", "A2"])
        .stdout(
            "李四（A2，户号 H2）全部时间积分明细，期初可用积分 0
┌──────────┬────────────┬──────────┬──────────┬──────┬──────┬────────┬──────────┬──────┐
│ 记录编号 ┆ 日期       ┆ 类型     ┆ 项目     ┆ 数量 ┆ 积分 ┆ 已作废 ┆ 可用积分 ┆ 备注 │
╞══════════╪════════════╪══════════╪══════════╪══════╪══════╪════════╪══════════╪══════╡
│ F01      ┆ 2025-05-01 ┆ 扣分     ┆ 乱丢垃圾 ┆    1 ┆   -5 ┆        ┆       -5 ┆      │
│ F02      ┆ 2025-06-01 ┆ 获得积分 ┆ 治安巡逻 ┆    2 ┆   10 ┆        ┆        5 ┆      │
│ —        ┆ 2027-01-01 ┆ 到期作废 ┆ —        ┆ —    ┆   -5 ┆        ┆        0 ┆      │
└──────────┴────────────┴──────────┴──────────┴──────┴──────┴────────┴──────────┴──────┘
期末可用积分：0
",
        )
        .run();
    book()
        .env("POINTS_TODAY", "2027-06-30")
        .args(["--lang", "zh", "balance"])
        .stdout_has("测试小区 — 截至今天（2027年6月30日）的积分汇总\n")
        .run();
}

#[test]
fn a_household_account_spends_its_oldest_points_whoever_earned_them() {
    // account = "household", A1 and A2 in H1: A1's 20 of 2025, A2's 30 of
    // 2026; A2's towel (2026-06-01) takes the oldest: A1's lot, 20 − 10 =
    // 10, gone on 2027-01-01 (A1's). As of 2027-01-01: A1 20 − 0 − 10 = 10;
    // A2 30 − 10 − 0 = 20, its 30 expiring at the end of 2027; H1 together
    // 50 − 10 − 10 = 30. (Person accounts: A1's 20 would all be gone.)
    let rules = RULES.replace(
        "every = \"half-year\"",
        "every = \"half-year\"\naccount = \"household\"",
    );
    let people = "id,name,household,building,role,joined,left
A1,张三,H1,B1,resident,,
A2,李四,H1,B1,resident,,
";
    let rows = "H01,2025-03-01,A1,earn,patrol,4,20,队长,,
H02,2026-02-01,A2,earn,patrol,6,30,队长,,
H03,2026-06-01,A2,redeem,towel,1,-10,站长,,
";
    let household = || {
        Test::new()
            .file("points.toml", &rules)
            .file("people.csv", people)
            .file("ledger/2026.csv", format!("{HEAD}{rows}"))
    };
    household()
        .args(["balance", "--until", "2027-01-01", "--format", "csv"])
        .stdout(
            "person,name,earned,spent,expired,balance,expiring
A1,张三,20,0,10,10,0
A2,李四,30,10,0,20,30
",
        )
        .run();
    household()
        .args([
            "balance",
            "--until",
            "2027-01-01",
            "--by",
            "household",
            "--format",
            "csv",
        ])
        .stdout(
            "household,name,earned,spent,expired,balance,expiring
H1,张三、李四,50,10,10,30,30
",
        )
        .run();
}

#[test]
fn add_and_redeem_show_balances_of_unexpired_points() {
    // Today 2027-06-30: A1 has 40 (above), +10 = 50 (all rows: 45 + 10 =
    // 55); A2 has 0 (its 5 are gone), +10 = 10 (all rows: 5 + 10 = 15).
    book()
        .env("POINTS_TODAY", "2027-06-30")
        .env("POINTS_ID_SEED", "1")
        .args([
            "add",
            "patrol",
            "--people",
            "A1,A2",
            "--qty",
            "2",
            "--by",
            "队长",
            "--dry-run",
            "--format",
            "csv",
        ])
        .stdout(
            "id,date,person,name,kind,item,qty,points,balance
epne9ervn1,2027-06-30,A1,张三,earn,patrol,2,10,50
dz33gdkwmr,2027-06-30,A2,李四,earn,patrol,2,10,10
",
        )
        .run();
    // A towel for A1 today: 40 − 10 = 30 (all rows: 45 − 10 = 35).
    book()
        .env("POINTS_TODAY", "2027-06-30")
        .args([
            "redeem", "A1", "towel", "--by", "站长", "--dry-run", "--format", "json",
        ])
        .stdout_has(r#""person":"A1","name":"张三","kind":"redeem","item":"towel","qty":1,"points":-10,"balance":30}"#)
        .run();
}

#[test]
fn void_shows_the_balance_with_the_lots_worked_out_again() {
    // Today 2027-06-30. Voiding G03 gives A3's towel back, but the 2025 lot
    // it took is then gone on 2027-01-01: 30 − 0 − 10 = 20 (not 30).
    // Voiding E03 (−5) leaves 20 − 10 = 10 of A1's 2025 lot to be gone
    // instead of 5: 60 − 10 − 10 = 40, as before the void (not 45).
    for (id, line) in [
        ("G03", "epne9ervn1,2027-06-30,A3,王五,void,towel,1,10,20"),
        ("E03", "epne9ervn1,2027-06-30,A1,张三,void,littering,1,5,40"),
    ] {
        book()
            .env("POINTS_TODAY", "2027-06-30")
            .env("POINTS_ID_SEED", "1")
            .args([
                "void",
                id,
                "--reason",
                "录错",
                "--by",
                "站长",
                "--dry-run",
                "--format",
                "csv",
            ])
            .stdout(&format!(
                "id,date,person,name,kind,item,qty,points,balance\n{line}\n"
            ))
            .run();
    }
}

#[test]
fn a_fractional_or_missing_after_is_an_error_at_its_key() {
    book_with(r#"expire = { after = 1.5, per = "year" }"#, LEDGER_2027)
        .args(["check"])
        .stdout(
            "points.toml:28:20: error: this value has the wrong type: write a whole number here, like 2
   |
28 | expire = { after = 1.5, per = \"year\" }
   |                    ^^^
   = fix: see the examples in `points init` or https://toml.io
1 error, 0 warnings (points.toml could not be read, so the 10 rows in 3 ledger files were checked for form only)
",
        )
        .status(1)
        .run();
    book_with(r#"expire = { per = "year" }"#, LEDGER_2027)
        .args(["--lang", "zh", "check"])
        .stdout(
            "points.toml:28:10: 错误：缺少 `after` 这个键
   |
28 | expire = { per = \"year\" }
   |          ^^^^^^^^^^^^^^^^
   = 处理办法：请把缺少的键补上
检查未通过：错误 1 处，提醒 0 条（积分规则 points.toml 无法读取，3 个台账文件共 10 行只检查了格式）
",
        )
        .status(1)
        .run();
}
