//! `points exchange`: the points supermarket (SPEC §3.2). The fixture book
//! `tests/fixtures/exchange` has six people (P04 left on 2026-05-31), four
//! rewards (towel: stock 3, 2 per person; umbrella: cost 40, 50 from
//! 2026-07-01, stock 1; tutoring: stock 2, 1 per person; soap: unlimited) and
//! a requests file with a BOM and CRLF line breaks.

use crate::harness::{fixtures, points, Test};

/// The fixture's rules with another service order and account kind.
fn rules(order: &str, account: &str) -> String {
    std::fs::read_to_string(fixtures().join("exchange/points.toml"))
        .unwrap()
        .replace("order = \"earned\"", &format!("order = \"{order}\""))
        .replace("account = \"person\"", &format!("account = \"{account}\""))
}

fn book(order: &str, account: &str) -> Test {
    Test::new()
        .fixture("exchange")
        .file("points.toml", rules(order, account))
}

const PLAN: [&str; 4] = ["exchange", "2026H1", "--requests", "requests.csv"];

fn plan_with(extra: &[&str]) -> Vec<String> {
    PLAN.iter().chain(extra).map(|s| s.to_string()).collect()
}

#[test]
fn earned_order_table() {
    book("earned", "person")
        .args(PLAN)
        .stdout(r#"测试小区 — exchange round 2026H1 on 2026-07-01, served by points earned in 2026H1, highest first
┌────────┬──────┬──────────────┬───────────┬─────────┬────────┬─────────┬───────────────────┐
│ person ┆ name ┆ reward       ┆ requested ┆ granted ┆ points ┆ status  ┆ reason            │
╞════════╪══════╪══════════════╪═══════════╪═════════╪════════╪═════════╪═══════════════════╡
│ P03    ┆ 王五 ┆ 毛巾         ┆         3 ┆       2 ┆     40 ┆ partial ┆ limit reached     │
│ P03    ┆ 王五 ┆ 雨伞         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ not enough points │
│ P06    ┆ 孙八 ┆ 毛巾         ┆         2 ┆       1 ┆     20 ┆ partial ┆ out of stock      │
│ P06    ┆ 孙八 ┆ 假期作业辅导 ┆         1 ┆       1 ┆     30 ┆ granted ┆ —                 │
│ P02    ┆ 李四 ┆ 雨伞         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ not enough points │
│ P02    ┆ 李四 ┆ 肥皂         ┆         3 ┆       3 ┆     15 ┆ granted ┆ —                 │
│ P02    ┆ 李四 ┆ mug          ┆         1 ┆       0 ┆      0 ┆ denied  ┆ unknown reward    │
│ P02    ┆ 李四 ┆ 肥皂         ┆         0 ┆       0 ┆      0 ┆ denied  ┆ bad quantity      │
│ P04    ┆ 赵六 ┆ 毛巾         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ person has left   │
│ P05    ┆ 钱七 ┆ 假期作业辅导 ┆         2 ┆       0 ┆      0 ┆ denied  ┆ not enough points │
│ P05    ┆ 钱七 ┆ 肥皂         ┆         5 ┆       3 ┆     15 ┆ partial ┆ not enough points │
│ P01    ┆ 张三 ┆ 毛巾         ┆         2 ┆       0 ┆      0 ┆ denied  ┆ out of stock      │
│ P01    ┆ 张三 ┆ 假期作业辅导 ┆         1 ┆       1 ┆     30 ┆ granted ┆ —                 │
│ P99    ┆ —    ┆ 毛巾         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ unknown person    │
└────────┴──────┴──────────────┴───────────┴─────────┴────────┴─────────┴───────────────────┘

Accounts, in the order served
┌────────┬──────┬────────┬───────┬───────┬───────────────┐
│ person ┆ name ┆ before ┆ spent ┆ after ┆ earned 2026H1 │
╞════════╪══════╪════════╪═══════╪═══════╪═══════════════╡
│ P03    ┆ 王五 ┆     60 ┆    40 ┆    20 ┆            60 │
│ P06    ┆ 孙八 ┆     50 ┆    50 ┆     0 ┆            50 │
│ P02    ┆ 李四 ┆     40 ┆    15 ┆    25 ┆            40 │
│ P04    ┆ 赵六 ┆     30 ┆     0 ┆    30 ┆            30 │
│ P05    ┆ 钱七 ┆     15 ┆    15 ┆     0 ┆            15 │
│ P01    ┆ 张三 ┆    110 ┆    30 ┆    80 ┆            10 │
└────────┴──────┴────────┴───────┴───────┴───────────────┘

Stock
┌──────────────┬───────┬─────────┬──────┬──────────────────┐
│ reward       ┆ stock ┆ granted ┆ left ┆ given out before │
╞══════════════╪═══════╪═════════╪══════╪══════════════════╡
│ 毛巾         ┆     3 ┆       3 ┆    0 ┆                0 │
│ 雨伞         ┆     1 ┆       0 ┆    1 ┆                0 │
│ 假期作业辅导 ┆     2 ┆       2 ┆    0 ┆                0 │
│ 肥皂         ┆ —     ┆       6 ┆ —    ┆                0 │
└──────────────┴───────┴─────────┴──────┴──────────────────┘

Pick list: who gets how many
┌──────────────┬────────┬──────┬─────┐
│ reward       ┆ person ┆ name ┆ qty │
╞══════════════╪════════╪══════╪═════╡
│ 毛巾         ┆ P03    ┆ 王五 ┆   2 │
│ 毛巾         ┆ P06    ┆ 孙八 ┆   1 │
│ 假期作业辅导 ┆ P06    ┆ 孙八 ┆   1 │
│ 假期作业辅导 ┆ P01    ┆ 张三 ┆   1 │
│ 肥皂         ┆ P02    ┆ 李四 ┆   3 │
│ 肥皂         ┆ P05    ┆ 钱七 ┆   3 │
└──────────────┴────────┴──────┴─────┘
This is a plan: nothing was written. Run it again with --commit to record 6 redemptions.
"#)
        .unchanged()
        .run();
}

#[test]
fn earned_order_json() {
    book("earned", "person")
        .args(plan_with(&["--format", "json"]))
        .stdout(r#"{
  "round": "2026H1",
  "date": "2026-07-01",
  "order": "earned",
  "outcomes": [
    {"person":"P03","name":"王五","reward":"towel","requested":3,"granted":2,"points":40,"status":"partial","reason":"limit reached"},
    {"person":"P03","name":"王五","reward":"umbrella","requested":1,"granted":0,"points":0,"status":"denied","reason":"not enough points"},
    {"person":"P06","name":"孙八","reward":"towel","requested":2,"granted":1,"points":20,"status":"partial","reason":"out of stock"},
    {"person":"P06","name":"孙八","reward":"tutoring","requested":1,"granted":1,"points":30,"status":"granted","reason":null},
    {"person":"P02","name":"李四","reward":"umbrella","requested":1,"granted":0,"points":0,"status":"denied","reason":"not enough points"},
    {"person":"P02","name":"李四","reward":"soap","requested":3,"granted":3,"points":15,"status":"granted","reason":null},
    {"person":"P02","name":"李四","reward":"mug","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown reward"},
    {"person":"P02","name":"李四","reward":"soap","requested":0,"granted":0,"points":0,"status":"denied","reason":"bad quantity"},
    {"person":"P04","name":"赵六","reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"person has left"},
    {"person":"P05","name":"钱七","reward":"tutoring","requested":2,"granted":0,"points":0,"status":"denied","reason":"not enough points"},
    {"person":"P05","name":"钱七","reward":"soap","requested":5,"granted":3,"points":15,"status":"partial","reason":"not enough points"},
    {"person":"P01","name":"张三","reward":"towel","requested":2,"granted":0,"points":0,"status":"denied","reason":"out of stock"},
    {"person":"P01","name":"张三","reward":"tutoring","requested":1,"granted":1,"points":30,"status":"granted","reason":null},
    {"person":"P99","name":null,"reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown person"}
  ],
  "accounts": [
    {"account":"P03","name":"王五","before":60,"spent":40,"after":20,"earned":60},
    {"account":"P06","name":"孙八","before":50,"spent":50,"after":0,"earned":50},
    {"account":"P02","name":"李四","before":40,"spent":15,"after":25,"earned":40},
    {"account":"P04","name":"赵六","before":30,"spent":0,"after":30,"earned":30},
    {"account":"P05","name":"钱七","before":15,"spent":15,"after":0,"earned":15},
    {"account":"P01","name":"张三","before":110,"spent":30,"after":80,"earned":10}
  ],
  "stock": [
    {"reward":"towel","name":"毛巾","stock":3,"granted":3,"left":0,"already":0},
    {"reward":"umbrella","name":"雨伞","stock":1,"granted":0,"left":1,"already":0},
    {"reward":"tutoring","name":"假期作业辅导","stock":2,"granted":2,"left":0,"already":0},
    {"reward":"soap","name":"肥皂","stock":null,"granted":6,"left":null,"already":0}
  ]
}
"#)
        .unchanged()
        .run();
}

#[test]
fn balance_order_json() {
    book("balance", "person")
        .args(plan_with(&["--format", "json"]))
        .stdout(r#"{
  "round": "2026H1",
  "date": "2026-07-01",
  "order": "balance",
  "outcomes": [
    {"person":"P01","name":"张三","reward":"towel","requested":2,"granted":2,"points":40,"status":"granted","reason":null},
    {"person":"P01","name":"张三","reward":"tutoring","requested":1,"granted":1,"points":30,"status":"granted","reason":null},
    {"person":"P03","name":"王五","reward":"towel","requested":3,"granted":1,"points":20,"status":"partial","reason":"out of stock"},
    {"person":"P03","name":"王五","reward":"umbrella","requested":1,"granted":0,"points":0,"status":"denied","reason":"not enough points"},
    {"person":"P06","name":"孙八","reward":"towel","requested":2,"granted":0,"points":0,"status":"denied","reason":"out of stock"},
    {"person":"P06","name":"孙八","reward":"tutoring","requested":1,"granted":1,"points":30,"status":"granted","reason":null},
    {"person":"P02","name":"李四","reward":"umbrella","requested":1,"granted":0,"points":0,"status":"denied","reason":"not enough points"},
    {"person":"P02","name":"李四","reward":"soap","requested":3,"granted":3,"points":15,"status":"granted","reason":null},
    {"person":"P02","name":"李四","reward":"mug","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown reward"},
    {"person":"P02","name":"李四","reward":"soap","requested":0,"granted":0,"points":0,"status":"denied","reason":"bad quantity"},
    {"person":"P04","name":"赵六","reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"person has left"},
    {"person":"P05","name":"钱七","reward":"tutoring","requested":2,"granted":0,"points":0,"status":"denied","reason":"out of stock"},
    {"person":"P05","name":"钱七","reward":"soap","requested":5,"granted":3,"points":15,"status":"partial","reason":"not enough points"},
    {"person":"P99","name":null,"reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown person"}
  ],
  "accounts": [
    {"account":"P01","name":"张三","before":110,"spent":70,"after":40},
    {"account":"P03","name":"王五","before":60,"spent":20,"after":40},
    {"account":"P06","name":"孙八","before":50,"spent":30,"after":20},
    {"account":"P02","name":"李四","before":40,"spent":15,"after":25},
    {"account":"P04","name":"赵六","before":30,"spent":0,"after":30},
    {"account":"P05","name":"钱七","before":15,"spent":15,"after":0}
  ],
  "stock": [
    {"reward":"towel","name":"毛巾","stock":3,"granted":3,"left":0,"already":0},
    {"reward":"umbrella","name":"雨伞","stock":1,"granted":0,"left":1,"already":0},
    {"reward":"tutoring","name":"假期作业辅导","stock":2,"granted":2,"left":0,"already":0},
    {"reward":"soap","name":"肥皂","stock":null,"granted":6,"left":null,"already":0}
  ]
}
"#)
        .run();
}

#[test]
fn requests_order_json() {
    book("requests", "person")
        .args(plan_with(&["--format", "json"]))
        .stdout(r#"{
  "round": "2026H1",
  "date": "2026-07-01",
  "order": "requests",
  "outcomes": [
    {"person":"P02","name":"李四","reward":"umbrella","requested":1,"granted":0,"points":0,"status":"denied","reason":"not enough points"},
    {"person":"P02","name":"李四","reward":"soap","requested":3,"granted":3,"points":15,"status":"granted","reason":null},
    {"person":"P02","name":"李四","reward":"mug","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown reward"},
    {"person":"P02","name":"李四","reward":"soap","requested":0,"granted":0,"points":0,"status":"denied","reason":"bad quantity"},
    {"person":"P01","name":"张三","reward":"towel","requested":2,"granted":2,"points":40,"status":"granted","reason":null},
    {"person":"P01","name":"张三","reward":"tutoring","requested":1,"granted":1,"points":30,"status":"granted","reason":null},
    {"person":"P03","name":"王五","reward":"towel","requested":3,"granted":1,"points":20,"status":"partial","reason":"out of stock"},
    {"person":"P03","name":"王五","reward":"umbrella","requested":1,"granted":0,"points":0,"status":"denied","reason":"not enough points"},
    {"person":"P06","name":"孙八","reward":"towel","requested":2,"granted":0,"points":0,"status":"denied","reason":"out of stock"},
    {"person":"P06","name":"孙八","reward":"tutoring","requested":1,"granted":1,"points":30,"status":"granted","reason":null},
    {"person":"P04","name":"赵六","reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"person has left"},
    {"person":"P05","name":"钱七","reward":"tutoring","requested":2,"granted":0,"points":0,"status":"denied","reason":"out of stock"},
    {"person":"P05","name":"钱七","reward":"soap","requested":5,"granted":3,"points":15,"status":"partial","reason":"not enough points"},
    {"person":"P99","name":null,"reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown person"}
  ],
  "accounts": [
    {"account":"P02","name":"李四","before":40,"spent":15,"after":25},
    {"account":"P01","name":"张三","before":110,"spent":70,"after":40},
    {"account":"P03","name":"王五","before":60,"spent":20,"after":40},
    {"account":"P06","name":"孙八","before":50,"spent":30,"after":20},
    {"account":"P04","name":"赵六","before":30,"spent":0,"after":30},
    {"account":"P05","name":"钱七","before":15,"spent":15,"after":0}
  ],
  "stock": [
    {"reward":"towel","name":"毛巾","stock":3,"granted":3,"left":0,"already":0},
    {"reward":"umbrella","name":"雨伞","stock":1,"granted":0,"left":1,"already":0},
    {"reward":"tutoring","name":"假期作业辅导","stock":2,"granted":2,"left":0,"already":0},
    {"reward":"soap","name":"肥皂","stock":null,"granted":6,"left":null,"already":0}
  ]
}
"#)
        .run();
}

/// The draws are `printf '%s' 2026H1:P01 | sha256sum`, lowest served first.
#[test]
fn lottery_order_table() {
    book("lottery", "person")
        .args(PLAN)
        .stdout(r#"测试小区 — exchange round 2026H1 on 2026-07-01, served by lottery: the SHA-256 of `2026H1:ACCOUNT`, lowest first
┌────────┬──────┬──────────────┬───────────┬─────────┬────────┬─────────┬───────────────────┐
│ person ┆ name ┆ reward       ┆ requested ┆ granted ┆ points ┆ status  ┆ reason            │
╞════════╪══════╪══════════════╪═══════════╪═════════╪════════╪═════════╪═══════════════════╡
│ P01    ┆ 张三 ┆ 毛巾         ┆         2 ┆       2 ┆     40 ┆ granted ┆ —                 │
│ P01    ┆ 张三 ┆ 假期作业辅导 ┆         1 ┆       1 ┆     30 ┆ granted ┆ —                 │
│ P04    ┆ 赵六 ┆ 毛巾         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ person has left   │
│ P06    ┆ 孙八 ┆ 毛巾         ┆         2 ┆       1 ┆     20 ┆ partial ┆ out of stock      │
│ P06    ┆ 孙八 ┆ 假期作业辅导 ┆         1 ┆       1 ┆     30 ┆ granted ┆ —                 │
│ P05    ┆ 钱七 ┆ 假期作业辅导 ┆         2 ┆       0 ┆      0 ┆ denied  ┆ out of stock      │
│ P05    ┆ 钱七 ┆ 肥皂         ┆         5 ┆       3 ┆     15 ┆ partial ┆ not enough points │
│ P03    ┆ 王五 ┆ 毛巾         ┆         3 ┆       0 ┆      0 ┆ denied  ┆ out of stock      │
│ P03    ┆ 王五 ┆ 雨伞         ┆         1 ┆       1 ┆     50 ┆ granted ┆ —                 │
│ P02    ┆ 李四 ┆ 雨伞         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ out of stock      │
│ P02    ┆ 李四 ┆ 肥皂         ┆         3 ┆       3 ┆     15 ┆ granted ┆ —                 │
│ P02    ┆ 李四 ┆ mug          ┆         1 ┆       0 ┆      0 ┆ denied  ┆ unknown reward    │
│ P02    ┆ 李四 ┆ 肥皂         ┆         0 ┆       0 ┆      0 ┆ denied  ┆ bad quantity      │
│ P99    ┆ —    ┆ 毛巾         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ unknown person    │
└────────┴──────┴──────────────┴───────────┴─────────┴────────┴─────────┴───────────────────┘

Accounts, in the order served
┌────────┬──────┬────────┬───────┬───────┬──────────────────────────────────────────────────────────────────┐
│ person ┆ name ┆ before ┆ spent ┆ after ┆ draw                                                             │
╞════════╪══════╪════════╪═══════╪═══════╪══════════════════════════════════════════════════════════════════╡
│ P01    ┆ 张三 ┆    110 ┆    70 ┆    40 ┆ 050c0f4d87c9f5bac9efe7532ca2543b3d78fb6f74579b5e5231153be4f034bc │
│ P04    ┆ 赵六 ┆     30 ┆     0 ┆    30 ┆ 3d95d71086c7b903d323cf4e9c1fe43803b11d7066b28e13d1983223003fb6c1 │
│ P06    ┆ 孙八 ┆     50 ┆    50 ┆     0 ┆ 54ab120b0895f2a8feaa9d14f9ecf7f62233e54926716f357cfab3b9b80fea32 │
│ P05    ┆ 钱七 ┆     15 ┆    15 ┆     0 ┆ 5b4da2f1bcc028260ce6281a60b980f87af57e5f84cd8f0c94f0a7fd68230bfd │
│ P03    ┆ 王五 ┆     60 ┆    50 ┆    10 ┆ 61c31f218be969fafeda089417b745feb98acd1c88c33b7cccd9de247bf1e5f8 │
│ P02    ┆ 李四 ┆     40 ┆    15 ┆    25 ┆ f1be1b7df31e56faab45f4aa3d0b126b22df3537a49706a58f51f7af3f80b61f │
└────────┴──────┴────────┴───────┴───────┴──────────────────────────────────────────────────────────────────┘

Stock
┌──────────────┬───────┬─────────┬──────┬──────────────────┐
│ reward       ┆ stock ┆ granted ┆ left ┆ given out before │
╞══════════════╪═══════╪═════════╪══════╪══════════════════╡
│ 毛巾         ┆     3 ┆       3 ┆    0 ┆                0 │
│ 雨伞         ┆     1 ┆       1 ┆    0 ┆                0 │
│ 假期作业辅导 ┆     2 ┆       2 ┆    0 ┆                0 │
│ 肥皂         ┆ —     ┆       6 ┆ —    ┆                0 │
└──────────────┴───────┴─────────┴──────┴──────────────────┘

Pick list: who gets how many
┌──────────────┬────────┬──────┬─────┐
│ reward       ┆ person ┆ name ┆ qty │
╞══════════════╪════════╪══════╪═════╡
│ 毛巾         ┆ P01    ┆ 张三 ┆   2 │
│ 毛巾         ┆ P06    ┆ 孙八 ┆   1 │
│ 雨伞         ┆ P03    ┆ 王五 ┆   1 │
│ 假期作业辅导 ┆ P01    ┆ 张三 ┆   1 │
│ 假期作业辅导 ┆ P06    ┆ 孙八 ┆   1 │
│ 肥皂         ┆ P05    ┆ 钱七 ┆   3 │
│ 肥皂         ┆ P02    ┆ 李四 ┆   3 │
└──────────────┴────────┴──────┴─────┘
This is a plan: nothing was written. Run it again with --commit to record 7 redemptions.
Re-draw any account with: printf '%s' '2026H1:ACCOUNT' | sha256sum
"#)
        .run();
}

/// Households pool their members' balances (P04, who left, included), and
/// the per-person limit is per household: 钱七 gets no tutoring after 孙八.
#[test]
fn household_accounts() {
    book("earned", "household")
        .args(PLAN)
        .stdout(r#"测试小区 — exchange round 2026H1 on 2026-07-01, served by points earned in 2026H1, highest first
┌────────┬──────┬──────────────┬───────────┬─────────┬────────┬─────────┬───────────────────┐
│ person ┆ name ┆ reward       ┆ requested ┆ granted ┆ points ┆ status  ┆ reason            │
╞════════╪══════╪══════════════╪═══════════╪═════════╪════════╪═════════╪═══════════════════╡
│ P03    ┆ 王五 ┆ 毛巾         ┆         3 ┆       2 ┆     40 ┆ partial ┆ limit reached     │
│ P03    ┆ 王五 ┆ 雨伞         ┆         1 ┆       1 ┆     50 ┆ granted ┆ —                 │
│ P04    ┆ 赵六 ┆ 毛巾         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ person has left   │
│ P06    ┆ 孙八 ┆ 毛巾         ┆         2 ┆       1 ┆     20 ┆ partial ┆ out of stock      │
│ P06    ┆ 孙八 ┆ 假期作业辅导 ┆         1 ┆       1 ┆     30 ┆ granted ┆ —                 │
│ P05    ┆ 钱七 ┆ 假期作业辅导 ┆         2 ┆       0 ┆      0 ┆ denied  ┆ limit reached     │
│ P05    ┆ 钱七 ┆ 肥皂         ┆         5 ┆       3 ┆     15 ┆ partial ┆ not enough points │
│ P02    ┆ 李四 ┆ 雨伞         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ out of stock      │
│ P01    ┆ 张三 ┆ 毛巾         ┆         2 ┆       0 ┆      0 ┆ denied  ┆ out of stock      │
│ P02    ┆ 李四 ┆ 肥皂         ┆         3 ┆       3 ┆     15 ┆ granted ┆ —                 │
│ P01    ┆ 张三 ┆ 假期作业辅导 ┆         1 ┆       1 ┆     30 ┆ granted ┆ —                 │
│ P02    ┆ 李四 ┆ mug          ┆         1 ┆       0 ┆      0 ┆ denied  ┆ unknown reward    │
│ P02    ┆ 李四 ┆ 肥皂         ┆         0 ┆       0 ┆      0 ┆ denied  ┆ bad quantity      │
│ P99    ┆ —    ┆ 毛巾         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ unknown person    │
└────────┴──────┴──────────────┴───────────┴─────────┴────────┴─────────┴───────────────────┘

Household accounts, in the order served
┌───────────┬────────────┬────────┬───────┬───────┬───────────────┐
│ household ┆ name       ┆ before ┆ spent ┆ after ┆ earned 2026H1 │
╞═══════════╪════════════╪════════╪═══════╪═══════╪═══════════════╡
│ H2        ┆ 王五、赵六 ┆     90 ┆    90 ┆     0 ┆            90 │
│ H3        ┆ 钱七、孙八 ┆     65 ┆    65 ┆     0 ┆            65 │
│ H1        ┆ 张三、李四 ┆    150 ┆    45 ┆   105 ┆            50 │
└───────────┴────────────┴────────┴───────┴───────┴───────────────┘

Stock
┌──────────────┬───────┬─────────┬──────┬──────────────────┐
│ reward       ┆ stock ┆ granted ┆ left ┆ given out before │
╞══════════════╪═══════╪═════════╪══════╪══════════════════╡
│ 毛巾         ┆     3 ┆       3 ┆    0 ┆                0 │
│ 雨伞         ┆     1 ┆       1 ┆    0 ┆                0 │
│ 假期作业辅导 ┆     2 ┆       2 ┆    0 ┆                0 │
│ 肥皂         ┆ —     ┆       6 ┆ —    ┆                0 │
└──────────────┴───────┴─────────┴──────┴──────────────────┘

Pick list: who gets how many
┌──────────────┬────────┬──────┬─────┐
│ reward       ┆ person ┆ name ┆ qty │
╞══════════════╪════════╪══════╪═════╡
│ 毛巾         ┆ P03    ┆ 王五 ┆   2 │
│ 毛巾         ┆ P06    ┆ 孙八 ┆   1 │
│ 雨伞         ┆ P03    ┆ 王五 ┆   1 │
│ 假期作业辅导 ┆ P06    ┆ 孙八 ┆   1 │
│ 假期作业辅导 ┆ P01    ┆ 张三 ┆   1 │
│ 肥皂         ┆ P05    ┆ 钱七 ┆   3 │
│ 肥皂         ┆ P02    ┆ 李四 ┆   3 │
└──────────────┴────────┴──────┴─────┘
This is a plan: nothing was written. Run it again with --commit to record 7 redemptions.
"#)
        .run();
}

/// Lottery with household accounts: the draw is the SHA-256 of `ROUND:ACCOUNT`
/// where ACCOUNT is the household id. By hand (`printf '%s' 2026H1:H2 |
/// sha256sum`): H2 0fa9…, H3 3df9…, H1 80ec…, so H2, H3, H1 are served in
/// that order (by person ids the draw would start with P01, 050c…).
/// Balances on 2026-07-01: H1 = 110 + 40 = 150, H2 = 60 + 30 (赵六 left,
/// still pooled) = 90, H3 = 15 + 50 = 65. The umbrella costs 50 from 07-01.
/// - H2: 王五 towel 3 → stock 3, limit 2 → 2 (limit reached), 40; umbrella
///   1 → 1, 50 (90 spent, 0 left); 赵六 has left.
/// - H3: 孙八 towel 2 → the stock's last 1 (out of stock), 20; tutoring 1 →
///   1, 30; 钱七 tutoring 2 → the household's limit of 1 is used: 0 (limit
///   reached); soap 5 → 15 left pays for 3 (not enough points).
/// - H1: 李四 umbrella and 张三 towel: out of stock; soap 3 → 15; 张三
///   tutoring → the last one, 30 (45 spent, 105 left); mug, soap 0: unservable.
#[test]
fn lottery_with_household_accounts() {
    book("lottery", "household")
        .args(plan_with(&["--format", "json"]))
        .stdout(r#"{
  "round": "2026H1",
  "date": "2026-07-01",
  "order": "lottery",
  "outcomes": [
    {"person":"P03","name":"王五","reward":"towel","requested":3,"granted":2,"points":40,"status":"partial","reason":"limit reached"},
    {"person":"P03","name":"王五","reward":"umbrella","requested":1,"granted":1,"points":50,"status":"granted","reason":null},
    {"person":"P04","name":"赵六","reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"person has left"},
    {"person":"P06","name":"孙八","reward":"towel","requested":2,"granted":1,"points":20,"status":"partial","reason":"out of stock"},
    {"person":"P06","name":"孙八","reward":"tutoring","requested":1,"granted":1,"points":30,"status":"granted","reason":null},
    {"person":"P05","name":"钱七","reward":"tutoring","requested":2,"granted":0,"points":0,"status":"denied","reason":"limit reached"},
    {"person":"P05","name":"钱七","reward":"soap","requested":5,"granted":3,"points":15,"status":"partial","reason":"not enough points"},
    {"person":"P02","name":"李四","reward":"umbrella","requested":1,"granted":0,"points":0,"status":"denied","reason":"out of stock"},
    {"person":"P01","name":"张三","reward":"towel","requested":2,"granted":0,"points":0,"status":"denied","reason":"out of stock"},
    {"person":"P02","name":"李四","reward":"soap","requested":3,"granted":3,"points":15,"status":"granted","reason":null},
    {"person":"P01","name":"张三","reward":"tutoring","requested":1,"granted":1,"points":30,"status":"granted","reason":null},
    {"person":"P02","name":"李四","reward":"mug","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown reward"},
    {"person":"P02","name":"李四","reward":"soap","requested":0,"granted":0,"points":0,"status":"denied","reason":"bad quantity"},
    {"person":"P99","name":null,"reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown person"}
  ],
  "accounts": [
    {"account":"H2","name":"王五、赵六","before":90,"spent":90,"after":0,"draw":"0fa97390171e3b98ed35969cc77150e3d11ca18a61c9740fea9537a235e352b3"},
    {"account":"H3","name":"钱七、孙八","before":65,"spent":65,"after":0,"draw":"3df9527d548daea6f8b31bc2593805fc52511d3292ee30d822eb8a9979fbc095"},
    {"account":"H1","name":"张三、李四","before":150,"spent":45,"after":105,"draw":"80ec9953ee0d4de3e66099f58d249ee2e1689ae21bbfc873ddccdf6c62e1144d"}
  ],
  "stock": [
    {"reward":"towel","name":"毛巾","stock":3,"granted":3,"left":0,"already":0},
    {"reward":"umbrella","name":"雨伞","stock":1,"granted":1,"left":0,"already":0},
    {"reward":"tutoring","name":"假期作业辅导","stock":2,"granted":2,"left":0,"already":0},
    {"reward":"soap","name":"肥皂","stock":null,"granted":6,"left":null,"already":0}
  ]
}
"#)
        .unchanged()
        .run();
}

/// `--stock` overrides the rules' stock; `--date` moves the exchange date
/// (the umbrella costs 40 until 2026-06-30), for balances and costs alike.
#[test]
fn stock_file_and_date() {
    book("earned", "household")
        .file("stock.csv", "reward,stock\ntowel,10\numbrella,0\n")
        .args(plan_with(&[
            "--stock",
            "stock.csv",
            "--date",
            "2026-06-30",
            "--format",
            "json",
        ]))
        .stdout(r#"{
  "round": "2026H1",
  "date": "2026-06-30",
  "order": "earned",
  "outcomes": [
    {"person":"P03","name":"王五","reward":"towel","requested":3,"granted":2,"points":40,"status":"partial","reason":"limit reached"},
    {"person":"P03","name":"王五","reward":"umbrella","requested":1,"granted":0,"points":0,"status":"denied","reason":"out of stock"},
    {"person":"P04","name":"赵六","reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"person has left"},
    {"person":"P06","name":"孙八","reward":"towel","requested":2,"granted":2,"points":40,"status":"granted","reason":null},
    {"person":"P06","name":"孙八","reward":"tutoring","requested":1,"granted":0,"points":0,"status":"denied","reason":"not enough points"},
    {"person":"P05","name":"钱七","reward":"tutoring","requested":2,"granted":0,"points":0,"status":"denied","reason":"not enough points"},
    {"person":"P05","name":"钱七","reward":"soap","requested":5,"granted":5,"points":25,"status":"granted","reason":null},
    {"person":"P02","name":"李四","reward":"umbrella","requested":1,"granted":0,"points":0,"status":"denied","reason":"out of stock"},
    {"person":"P01","name":"张三","reward":"towel","requested":2,"granted":2,"points":40,"status":"granted","reason":null},
    {"person":"P02","name":"李四","reward":"soap","requested":3,"granted":3,"points":15,"status":"granted","reason":null},
    {"person":"P01","name":"张三","reward":"tutoring","requested":1,"granted":1,"points":30,"status":"granted","reason":null},
    {"person":"P02","name":"李四","reward":"mug","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown reward"},
    {"person":"P02","name":"李四","reward":"soap","requested":0,"granted":0,"points":0,"status":"denied","reason":"bad quantity"},
    {"person":"P99","name":null,"reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"unknown person"}
  ],
  "accounts": [
    {"account":"H2","name":"王五、赵六","before":90,"spent":40,"after":50,"earned":90},
    {"account":"H3","name":"钱七、孙八","before":65,"spent":65,"after":0,"earned":65},
    {"account":"H1","name":"张三、李四","before":150,"spent":85,"after":65,"earned":50}
  ],
  "stock": [
    {"reward":"towel","name":"毛巾","stock":10,"granted":6,"left":4,"already":0},
    {"reward":"umbrella","name":"雨伞","stock":0,"granted":0,"left":0,"already":0},
    {"reward":"tutoring","name":"假期作业辅导","stock":2,"granted":1,"left":1,"already":0},
    {"reward":"soap","name":"肥皂","stock":null,"granted":8,"left":null,"already":0}
  ]
}
"#)
        .run();
}

#[test]
fn csv_and_md_sections() {
    let wishes = "person,reward,qty\n王五,towel,3\n钱七,soap,5\n";
    book("earned", "person")
        .file("few.csv", wishes)
        .args([
            "exchange",
            "2026H1",
            "--requests",
            "few.csv",
            "--format",
            "csv",
        ])
        .stdout(
            r#"person,name,reward,requested,granted,points,status,reason
P03,王五,towel,3,2,40,partial,limit reached
P05,钱七,soap,5,3,15,partial,not enough points

account,name,before,spent,after,earned
P03,王五,60,40,20,60
P05,钱七,15,15,0,15

reward,name,stock,granted,left,already
towel,毛巾,3,2,1,0
umbrella,雨伞,1,0,1,0
tutoring,假期作业辅导,2,0,2,0
soap,肥皂,,3,,0

reward,reward_name,person,name,qty
towel,毛巾,P03,王五,2
soap,肥皂,P05,钱七,3
"#,
        )
        .run();
    book("earned", "person")
        .file("few.csv", wishes)
        .args(["exchange", "2026H1", "--requests", "few.csv", "--format", "md"])
        .stdout(r#"## 测试小区 — exchange round 2026H1 on 2026-07-01, served by points earned in 2026H1, highest first

| person | name | reward | requested | granted | points | status | reason |
| --- | --- | --- | ---: | ---: | ---: | --- | --- |
| P03 | 王五 | 毛巾 | 3 | 2 | 40 | partial | limit reached |
| P05 | 钱七 | 肥皂 | 5 | 3 | 15 | partial | not enough points |

## Accounts, in the order served

| person | name | before | spent | after | earned 2026H1 |
| --- | --- | ---: | ---: | ---: | ---: |
| P03 | 王五 | 60 | 40 | 20 | 60 |
| P05 | 钱七 | 15 | 15 | 0 | 15 |

## Stock

| reward | stock | granted | left | given out before |
| --- | ---: | ---: | ---: | ---: |
| 毛巾 | 3 | 2 | 1 | 0 |
| 雨伞 | 1 | 0 | 1 | 0 |
| 假期作业辅导 | 2 | 0 | 2 | 0 |
| 肥皂 | — | 3 | — | 0 |

## Pick list: who gets how many

| reward | person | name | qty |
| --- | --- | --- | ---: |
| 毛巾 | P03 | 王五 | 2 |
| 肥皂 | P05 | 钱七 | 3 |

This is a plan: nothing was written. Run it again with --commit to record 2 redemptions.  
"#)
        .run();
}

/// The ledger rows after the fixture's nine, with the generated ids checked
/// (the book's one id scheme: 10 characters of Crockford's lowercase base32)
/// and left out.
fn rows_without_ids(dir: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("ledger/2026.csv")).unwrap();
    text.lines()
        .skip(10)
        .map(|l| {
            let (id, rest) = l.split_once(',').unwrap();
            assert_eq!(id.len(), 10, "{l}");
            assert!(
                id.bytes().all(
                    |c| c.is_ascii_digit() || (c.is_ascii_lowercase() && !b"ilou".contains(&c))
                ),
                "{l}"
            );
            rest.to_string()
        })
        .collect()
}

#[test]
fn commit_then_balance_then_a_second_commit_is_refused() {
    let dir = book("earned", "person").dir;
    let commit = plan_with(&["--commit", "--by", "超市志愿者"]);
    let commit: Vec<&str> = commit.iter().map(String::as_str).collect();
    let (code, out, err) = points(dir.path(), &commit);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("Recorded 6 redemptions in ledger/2026.csv.\n"),
        "{out}"
    );
    assert_eq!(
        rows_without_ids(dir.path()),
        vec![
            "2026-07-01,P03,redeem,towel,2,-40,超市志愿者,2026H1,",
            "2026-07-01,P06,redeem,towel,1,-20,超市志愿者,2026H1,",
            "2026-07-01,P06,redeem,tutoring,1,-30,超市志愿者,2026H1,",
            "2026-07-01,P02,redeem,soap,3,-15,超市志愿者,2026H1,",
            "2026-07-01,P05,redeem,soap,3,-15,超市志愿者,2026H1,",
            "2026-07-01,P01,redeem,tutoring,1,-30,超市志愿者,2026H1,",
        ]
    );
    // The balances are the plan's `after` (P03 also earned 10 on 2026-07-15).
    let (code, out, err) = points(dir.path(), &["balance"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        r#"测试小区 — balances
┌────────┬──────┬────────┬───────┬─────────┐
│ person ┆ name ┆ earned ┆ spent ┆ balance │
╞════════╪══════╪════════╪═══════╪═════════╡
│ P01    ┆ 张三 ┆    110 ┆    30 ┆      80 │
│ P02    ┆ 李四 ┆     40 ┆    15 ┆      25 │
│ P03    ┆ 王五 ┆     70 ┆    40 ┆      30 │
│ P04    ┆ 赵六 ┆     30 ┆     0 ┆      30 │
│ P05    ┆ 钱七 ┆     15 ┆    15 ┆       0 │
│ P06    ┆ 孙八 ┆     50 ┆    50 ┆       0 │
└────────┴──────┴────────┴───────┴─────────┘
"#
    );
    let (code, out, err) = points(dir.path(), &["check"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "ok: 15 rows in 1 ledger file, 6 people, 2 items; 0 warnings\n"
        ),
        "{err}"
    );

    // The same round again: refused, naming the accounts, no byte changed.
    let again = Test::new();
    crate::harness::copy_dir(dir.path(), again.path());
    let ids: Vec<String> = std::fs::read_to_string(dir.path().join("ledger/2026.csv"))
        .unwrap()
        .lines()
        .skip(10)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    let expected = format!(
        "error: round 2026H1 was already spent by accounts of this requests file: P01 张三 (entries {}); P02 李四 (entries {}); P03 王五 (entries {}); P05 钱七 (entries {}); P06 孙八 (entries {}, {}). A round is never spent twice: nothing was written. Take them out of the requests file, or void those entries first (`points void ID --reason ...`) if they were a mistake.\n",
        ids[5], ids[3], ids[0], ids[4], ids[1], ids[2]
    );
    again
        .args(commit)
        .stdout("")
        .stderr(&expected)
        .status(1)
        .unchanged()
        .run();
}

/// Without --commit the plan after a commit counts what was given out: the
/// stock is smaller, the limits are partly used, and it says --commit will refuse.
#[test]
fn a_plan_after_a_commit_counts_what_was_given_out() {
    book("earned", "person")
        .append(
            "ledger/2026.csv",
            "X1,2026-07-01,P01,redeem,towel,2,-40,x,2026H1,\nX2,2026-07-01,P02,redeem,tutoring,1,-30,x,2026h1,\nX3,2026-07-02,P02,void,tutoring,1,30,x,X2,\n",
        )
        .file("late.csv", "person,reward,qty\nP01,towel,1\nP06,towel,2\nP06,tutoring,1\n")
        .args(["exchange", "2026H1", "--requests", "late.csv"])
        .stdout(r#"测试小区 — exchange round 2026H1 on 2026-07-01, served by points earned in 2026H1, highest first
┌────────┬──────┬──────────────┬───────────┬─────────┬────────┬─────────┬──────────────┐
│ person ┆ name ┆ reward       ┆ requested ┆ granted ┆ points ┆ status  ┆ reason       │
╞════════╪══════╪══════════════╪═══════════╪═════════╪════════╪═════════╪══════════════╡
│ P06    ┆ 孙八 ┆ 毛巾         ┆         2 ┆       1 ┆     20 ┆ partial ┆ out of stock │
│ P06    ┆ 孙八 ┆ 假期作业辅导 ┆         1 ┆       1 ┆     30 ┆ granted ┆ —            │
│ P01    ┆ 张三 ┆ 毛巾         ┆         1 ┆       0 ┆      0 ┆ denied  ┆ out of stock │
└────────┴──────┴──────────────┴───────────┴─────────┴────────┴─────────┴──────────────┘

Accounts, in the order served
┌────────┬──────┬────────┬───────┬───────┬───────────────┐
│ person ┆ name ┆ before ┆ spent ┆ after ┆ earned 2026H1 │
╞════════╪══════╪════════╪═══════╪═══════╪═══════════════╡
│ P06    ┆ 孙八 ┆     50 ┆    50 ┆     0 ┆            50 │
│ P01    ┆ 张三 ┆     70 ┆     0 ┆    70 ┆            10 │
└────────┴──────┴────────┴───────┴───────┴───────────────┘

Stock
┌──────────────┬───────┬─────────┬──────┬──────────────────┐
│ reward       ┆ stock ┆ granted ┆ left ┆ given out before │
╞══════════════╪═══════╪═════════╪══════╪══════════════════╡
│ 毛巾         ┆     3 ┆       1 ┆    0 ┆                2 │
│ 雨伞         ┆     1 ┆       0 ┆    1 ┆                0 │
│ 假期作业辅导 ┆     2 ┆       1 ┆    1 ┆                0 │
│ 肥皂         ┆ —     ┆       0 ┆ —    ┆                0 │
└──────────────┴───────┴─────────┴──────┴──────────────────┘

Pick list: who gets how many
┌──────────────┬────────┬──────┬─────┐
│ reward       ┆ person ┆ name ┆ qty │
╞══════════════╪════════╪══════╪═════╡
│ 毛巾         ┆ P06    ┆ 孙八 ┆   1 │
│ 假期作业辅导 ┆ P06    ┆ 孙八 ┆   1 │
└──────────────┴────────┴──────┴─────┘
Already spent in round 2026H1 (counted against the limits; --commit will refuse until they are taken out of the file): P01 张三 (entries X1).
This is a plan: nothing was written. Run it again with --commit to record 2 redemptions.
"#)
        .unchanged()
        .run();
}

#[test]
fn commit_in_the_future_is_refused() {
    book("earned", "person")
        .args(["exchange", "2026H2", "--requests", "requests.csv", "--commit"])
        .stderr("error: the exchange date 2027-01-01 is in the future (today is 2026-11-27): redemptions are recorded on the day of the exchange. Nothing was written. Run this again on or after 2027-01-01, or give the day it took place with --date.\n")
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn a_round_of_the_wrong_kind_is_a_usage_error() {
    book("earned", "person")
        .args(["exchange", "2026Q1", "--requests", "requests.csv"])
        .stderr("error: `2026Q1` is not a round of this book: its exchange rounds are every half-year (exchange.every in points.toml), so write the round as a half-year (e.g. 2026H1)\n")
        .status(2)
        .unchanged()
        .run();
}

#[test]
fn malformed_requests_are_reported_with_path_and_line() {
    book("earned", "person")
        .file("bad.csv", "person,reward,qty\r\nP01,towel,1\r\nP01,towel,1,extra\r\n")
        .args(["exchange", "2026H1", "--requests", "bad.csv", "--commit"])
        .stderr("bad.csv:3: error: this row has 4 fields, but the header has 3\n  |\n3 | P01,towel,1,extra\n  = expected: 3 fields, like the header `person,reward,qty`\n  = fix: wrap a field holding a comma in \"…\", or remove the extra commas\n")
        .status(1)
        .unchanged()
        .run();
    book("earned", "person")
        .file("bad.csv", "name,reward\nP01,towel\n")
        .args(["exchange", "2026H1", "--requests", "bad.csv"])
        .stderr("bad.csv:1: error: the first line is not the expected header\n  |\n1 | name,reward\n  = expected: the header `person,reward,qty`\n  = fix: put `person,reward,qty` on the first line\n")
        .status(1)
        .run();
    book("earned", "person")
        .file(
            "bad.csv",
            b"person,reward,qty\n\xd5\xc5\xc8\xfd,towel,1\n".as_slice(),
        )
        .args(["exchange", "2026H1", "--requests", "bad.csv"])
        .stderr_has("bad.csv:2: error: this file is not UTF-8 text")
        .status(1)
        .run();
}

#[test]
fn an_ambiguous_name_must_be_an_id() {
    book("earned", "person")
        .append("people.csv", "P07,张三,H4,B2,resident,,\n")
        .args(PLAN)
        .stderr("requests.csv:3:1: error: 2 people are named `张三`\n  |\n3 | 张三,towel,2\n  | ^^^^\n  = expected: the id of the one you mean: P01 (household H1), P07 (household H4)\n  = fix: write the person's id instead of the name\n")
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn a_bad_stock_file_is_reported() {
    book("earned", "person")
        .file("stock.csv", "reward,stock\ntowel,-1\nmug,3\n")
        .args(plan_with(&["--stock", "stock.csv"]))
        .stderr("stock.csv:2:7: error: `-1` is not a stock\n  |\n2 | towel,-1\n  |       ^^\n  = expected: a whole number of 0 or more\nstock.csv:3:1: error: unknown reward `mug`\n  |\n3 | mug,3\n  | ^^^\n  = expected: one of the rewards in points.toml: towel, umbrella, tutoring, soap\n")
        .status(1)
        .run();
}

#[test]
fn a_book_with_errors_shows_no_round() {
    book("earned", "person")
        .append(
            "ledger/2026.csv",
            "E10,2026-05-05,P77,earn,volunteer,1,10,x,,\n",
        )
        .args(plan_with(&["--commit"]))
        .stderr_has("the book has 1 error: no figures are shown")
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn commit_checks_by_and_ledger_like_every_write() {
    book("earned", "person")
        .args(plan_with(&["--commit", "--by", " "]))
        .stdout("")
        .stderr("error: --by is empty: write it out, like --by 张三\nnothing was written.\n")
        .status(2)
        .unchanged()
        .run();
    book("earned", "person")
        .args(plan_with(&["--commit", "--ledger", "../elsewhere"]))
        .stdout("")
        .stderr("error: --ledger `../elsewhere` is not a ledger name: give a file name of the ledger folder, like 2026 or 2026.csv\nnothing was written.\n")
        .status(2)
        .unchanged()
        .run();
    // Without --commit nothing is written, so `--by` is not needed.
    book("earned", "person")
        .args(plan_with(&["--format", "csv"]))
        .env("USER", "")
        .status(0)
        .unchanged()
        .run();
}

#[test]
fn commit_with_ledger_name_appends_there() {
    let (out, dir) = book("earned", "person")
        .args(plan_with(&[
            "--commit",
            "--ledger",
            "2026b",
            "--by",
            "志愿者",
        ]))
        .env("POINTS_ID_SEED", "1")
        .run_keep();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("ledger/2026b.csv")).unwrap();
    assert!(
        text.starts_with("id,date,person,kind,item,qty,points,by,ref,note\n"),
        "{text}"
    );
    assert!(
        text.lines()
            .skip(1)
            .all(|l| l.contains(",redeem,") && l.contains(",志愿者,2026H1,")),
        "{text}"
    );
    assert_eq!(points(dir.path(), &["check"]).0, 0);
}

// ------------------------------------------- single redemptions and rounds

/// `points ARGS` on `dir`, which must succeed; its stdout.
fn ok(dir: &std::path::Path, args: &[&str]) -> String {
    let (code, out, err) = points(dir, args);
    assert_eq!(code, 0, "points {args:?}\n{out}\n{err}");
    out
}

/// The last line of the 2026 ledger.
fn last_row(dir: &std::path::Path) -> String {
    let text = std::fs::read_to_string(dir.join("ledger/2026.csv")).unwrap();
    text.lines().last().unwrap().to_string()
}

/// SPEC §2.3, §3.2: a single redemption has an empty `ref` and counts in the
/// round its date falls in; a row with a `ref` counts in that round, whatever
/// its date. The per-person limit counts both; the stock left is the stock
/// less every redemption of the round.
///
/// By hand, with towel stock 10 (stock.csv), 2 per person, cost 20; the
/// exchange date is 2026-07-01:
/// - 张三 (P01) redeems a towel on 2026-03-10 (2026H1, empty ref): his balance
///   110 → 90; 1 towel of his limit used in 2026H1.
/// - 王五 (P03) redeems a towel on 2026-07-20 (2026H2, empty ref): nothing
///   of 2026H1; and it is after the exchange date, so his balance is 60.
/// - R3: 孙八 (P06), a towel with ref 2026H1 dated 2026-07-05: it counts in
///   2026H1 (1 of his limit), is after the exchange date (balance 50), and,
///   being a row of a commit, is listed as already spent.
///
/// Order by earned in 2026H1: P03 60, P06 50, P01 10. Stock left at the
/// start: 10 − 2 (P01's and R3) = 8.
/// - P03 wants 2: stock 8, limit 2, pays for 3 → 2 granted, 40; after 20.
/// - P06 wants 2: stock 6, limit 2 − 1 = 1, pays for 2 → 1, limit reached.
/// - P01 wants 2: stock 5, limit 2 − 1 = 1, pays for 4 → 1, limit reached.
///
/// Towel: granted 4, given out before 2, left 10 − 2 − 4 = 4.
#[test]
fn single_redemptions_count_in_the_round_of_their_date() {
    let t = book("earned", "person")
        .file("stock.csv", "reward,stock\ntowel,10\n")
        .file(
            "wishes.csv",
            "person,reward,qty\nP01,towel,2\nP03,towel,2\nP06,towel,2\n",
        );
    let dir = t.path();
    ok(dir, &["redeem", "P01", "towel", "--date", "2026-03-10"]);
    assert!(last_row(dir).ends_with(",2026-03-10,P01,redeem,towel,1,-20,tester,,"));
    ok(dir, &["redeem", "P03", "towel", "--date", "2026-07-20"]);
    assert!(last_row(dir).ends_with(",2026-07-20,P03,redeem,towel,1,-20,tester,,"));
    let t = t.append(
        "ledger/2026.csv",
        "R3,2026-07-05,P06,redeem,towel,1,-20,超市,2026H1,\n",
    );
    t.args([
        "exchange",
        "2026H1",
        "--requests",
        "wishes.csv",
        "--stock",
        "stock.csv",
    ])
    .stdout(
        r#"测试小区 — exchange round 2026H1 on 2026-07-01, served by points earned in 2026H1, highest first
┌────────┬──────┬────────┬───────────┬─────────┬────────┬─────────┬───────────────┐
│ person ┆ name ┆ reward ┆ requested ┆ granted ┆ points ┆ status  ┆ reason        │
╞════════╪══════╪════════╪═══════════╪═════════╪════════╪═════════╪═══════════════╡
│ P03    ┆ 王五 ┆ 毛巾   ┆         2 ┆       2 ┆     40 ┆ granted ┆ —             │
│ P06    ┆ 孙八 ┆ 毛巾   ┆         2 ┆       1 ┆     20 ┆ partial ┆ limit reached │
│ P01    ┆ 张三 ┆ 毛巾   ┆         2 ┆       1 ┆     20 ┆ partial ┆ limit reached │
└────────┴──────┴────────┴───────────┴─────────┴────────┴─────────┴───────────────┘

Accounts, in the order served
┌────────┬──────┬────────┬───────┬───────┬───────────────┐
│ person ┆ name ┆ before ┆ spent ┆ after ┆ earned 2026H1 │
╞════════╪══════╪════════╪═══════╪═══════╪═══════════════╡
│ P03    ┆ 王五 ┆     60 ┆    40 ┆    20 ┆            60 │
│ P06    ┆ 孙八 ┆     50 ┆    20 ┆    30 ┆            50 │
│ P01    ┆ 张三 ┆     90 ┆    20 ┆    70 ┆            10 │
└────────┴──────┴────────┴───────┴───────┴───────────────┘

Stock
┌──────────────┬───────┬─────────┬──────┬──────────────────┐
│ reward       ┆ stock ┆ granted ┆ left ┆ given out before │
╞══════════════╪═══════╪═════════╪══════╪══════════════════╡
│ 毛巾         ┆    10 ┆       4 ┆    4 ┆                2 │
│ 雨伞         ┆     1 ┆       0 ┆    1 ┆                0 │
│ 假期作业辅导 ┆     2 ┆       0 ┆    2 ┆                0 │
│ 肥皂         ┆ —     ┆       0 ┆ —    ┆                0 │
└──────────────┴───────┴─────────┴──────┴──────────────────┘

Pick list: who gets how many
┌────────┬────────┬──────┬─────┐
│ reward ┆ person ┆ name ┆ qty │
╞════════╪════════╪══════╪═════╡
│ 毛巾   ┆ P03    ┆ 王五 ┆   2 │
│ 毛巾   ┆ P06    ┆ 孙八 ┆   1 │
│ 毛巾   ┆ P01    ┆ 张三 ┆   1 │
└────────┴────────┴──────┴─────┘
Already spent in round 2026H1 (counted against the limits; --commit will refuse until they are taken out of the file): P06 孙八 (entries R3).
This is a plan: nothing was written. Run it again with --commit to record 3 redemptions.
"#,
    )
    .unchanged()
    .run();
}

/// The conflict reported: a towel redeemed in March blocked the 2026H1
/// commit. Single redemptions now leave `ref` empty: they take their share
/// of the stock and the limits, and the commit goes through; only its own
/// rows block a second commit.
///
/// By hand: 张三 (P01) redeems a towel on 2026-03-10 (balance 110 → 90), 李四
/// (P02) a tutoring on 2026-03-15 (40 → 10). Stock left: towel 3 − 1 = 2,
/// tutoring 2 − 1 = 1. Order by earned in 2026H1: P03 60, P06 50, P01 10.
/// - P03 towel 3: stock 2, limit 2, pays for 3 → 2, partial, and the stock
///   is named first when it binds: out of stock; 40.
/// - P06 tutoring 2: stock 1, limit 1, pays for 1 → 1, out of stock; 30.
/// - P01 towel 1: stock 0 → denied, out of stock.
#[test]
fn a_single_redemption_does_not_block_the_commit_of_its_round() {
    let t = book("earned", "person").file(
        "wishes.csv",
        "person,reward,qty\nP03,towel,3\nP06,tutoring,2\nP01,towel,1\n",
    );
    let dir = t.path();
    ok(dir, &["redeem", "P01", "towel", "--date", "2026-03-10"]);
    ok(dir, &["redeem", "P02", "tutoring", "--date", "2026-03-15"]);
    let plan = ["exchange", "2026H1", "--requests", "wishes.csv"];
    assert_eq!(
        ok(dir, &[&plan[..], &["--format", "json"]].concat()),
        r#"{
  "round": "2026H1",
  "date": "2026-07-01",
  "order": "earned",
  "outcomes": [
    {"person":"P03","name":"王五","reward":"towel","requested":3,"granted":2,"points":40,"status":"partial","reason":"out of stock"},
    {"person":"P06","name":"孙八","reward":"tutoring","requested":2,"granted":1,"points":30,"status":"partial","reason":"out of stock"},
    {"person":"P01","name":"张三","reward":"towel","requested":1,"granted":0,"points":0,"status":"denied","reason":"out of stock"}
  ],
  "accounts": [
    {"account":"P03","name":"王五","before":60,"spent":40,"after":20,"earned":60},
    {"account":"P06","name":"孙八","before":50,"spent":30,"after":20,"earned":50},
    {"account":"P01","name":"张三","before":90,"spent":0,"after":90,"earned":10}
  ],
  "stock": [
    {"reward":"towel","name":"毛巾","stock":3,"granted":2,"left":0,"already":1},
    {"reward":"umbrella","name":"雨伞","stock":1,"granted":0,"left":1,"already":0},
    {"reward":"tutoring","name":"假期作业辅导","stock":2,"granted":1,"left":0,"already":1},
    {"reward":"soap","name":"肥皂","stock":null,"granted":0,"left":null,"already":0}
  ]
}
"#
    );
    let out = ok(dir, &[&plan[..], &["--commit", "--by", "超市"]].concat());
    assert!(
        out.ends_with("Recorded 2 redemptions in ledger/2026.csv.\n"),
        "{out}"
    );
    assert_eq!(
        rows_without_ids(dir),
        vec![
            "2026-03-10,P01,redeem,towel,1,-20,tester,,",
            "2026-03-15,P02,redeem,tutoring,1,-30,tester,,",
            "2026-07-01,P03,redeem,towel,2,-40,超市,2026H1,",
            "2026-07-01,P06,redeem,tutoring,1,-30,超市,2026H1,",
        ]
    );
    assert_eq!(
        ok(dir, &["check"]),
        "ok: 13 rows in 1 ledger file, 6 people, 2 items; 0 warnings\n"
    );
    // A second commit: only 王五, who has a row of the first commit, is named.
    // Line 13: the header, the fixture's 9 rows, the 2 single redemptions, then P03's.
    let ledger = std::fs::read_to_string(dir.join("ledger/2026.csv")).unwrap();
    let commit_id = ledger.lines().nth(12).unwrap().split(',').next().unwrap();
    let again = Test::new();
    crate::harness::copy_dir(dir, again.path());
    again
        .file("more.csv", "person,reward,qty\nP01,soap,1\nP02,soap,1\nP03,soap,1\n")
        .args(["exchange", "2026H1", "--requests", "more.csv", "--commit"])
        .stdout("")
        .stderr(&format!("error: round 2026H1 was already spent by an account of this requests file: P03 王五 (entries {commit_id}). A round is never spent twice: nothing was written. Take them out of the requests file, or void those entries first (`points void ID --reason ...`) if they were a mistake.\n"))
        .status(1)
        .run();
}

/// A book from before: 张三's towel of 2026-03-10 was recorded with ref
/// 2026H1, as `redeem` once did. `check` accepts it, and it still blocks the
/// commit (it cannot be told from a commit's row), but the refusal says how
/// to free the round: void it and redeem again, which leaves `ref` empty.
#[test]
fn an_old_single_redemption_with_a_ref_blocks_until_recorded_again() {
    let t = book("earned", "person")
        .append(
            "ledger/2026.csv",
            "R1,2026-03-10,P01,redeem,towel,1,-20,超市,2026H1,\n",
        )
        .file("wishes.csv", "person,reward,qty\nP01,towel,1\n");
    let dir = t.path();
    assert_eq!(
        ok(dir, &["check"]),
        "ok: 10 rows in 1 ledger file, 6 people, 2 items; 0 warnings\n"
    );
    let commit = ["exchange", "2026H1", "--requests", "wishes.csv", "--commit"];
    assert_eq!(
        points(dir, &commit),
        (
            1,
            String::new(),
            "error: round 2026H1 was already spent by an account of this requests file: P01 张三 (entries R1). A round is never spent twice: nothing was written. Take them out of the requests file, or void those entries first (`points void ID --reason ...`) if they were a mistake. An entry dated within 2026H1 may be a single redemption recorded with the round in `ref`, as `points redeem` did before: void it and record it again with `points redeem` (which leaves `ref` empty), so that it counts in the round without blocking it.\n".into()
        )
    );
    ok(dir, &["void", "R1", "--reason", "单次兑换重新登记"]);
    ok(dir, &["redeem", "P01", "towel", "--date", "2026-03-10"]);
    // 张三: one towel of 2 in 2026H1 already, balance 90: one more granted.
    let out = ok(dir, &commit);
    assert!(
        out.ends_with("Recorded 1 redemption in ledger/2026.csv.\n"),
        "{out}"
    );
    assert!(last_row(dir).ends_with(",2026-07-01,P01,redeem,towel,1,-20,tester,2026H1,"));
}

/// SPEC §12: after a merge of two clones, `check` warns where an account has
/// rows of one round's commits with different dates or `by`. By hand:
/// - 王五 (P03): C1 (07-01, 超市) and D1 (07-02, 志愿者) → a warning at D1.
/// - 孙八 (P06): C2 (07-01, 超市) and D2 (07-01, 志愿者) → a warning at D2;
///   both spend 30 of his 50 on 07-01: −10, a balance warning at each.
/// - 张三 (P01): S1 has ref 2026H1 but is dated within 2026H1 (a single
///   redemption of before): left out; C3 and D3 differ, but D3 is voided.
/// - 李四 (P02): S2 and S3 are single redemptions (empty ref): no round.
#[test]
fn check_warns_of_a_round_committed_on_two_clones() {
    Test::new()
        .fixture("exchange")
        .append(
            "ledger/2026.csv",
            "C1,2026-07-01,P03,redeem,towel,2,-40,超市,2026H1,
C2,2026-07-01,P06,redeem,tutoring,1,-30,超市,2026H1,
D1,2026-07-02,P03,redeem,towel,1,-20,志愿者,2026H1,
D2,2026-07-01,P06,redeem,tutoring,1,-30,志愿者,2026H1,
S1,2026-03-10,P01,redeem,soap,1,-5,张,2026H1,
C3,2026-07-01,P01,redeem,soap,2,-10,超市,2026H1,
D3,2026-07-03,P01,redeem,soap,2,-10,志愿者,2026H1,
V1,2026-07-04,P01,void,soap,2,10,志愿者,D3,round committed twice
S2,2026-07-20,P02,redeem,soap,1,-5,李,,
S3,2026-08-20,P02,redeem,soap,1,-5,王,,
",
        )
        .args(["check"])
        .stdout(
            "ledger/2026.csv:12: warning: this redemption leaves 孙八 (P06) with a balance of -10 on 2026-07-01
   |
12 | C2,2026-07-01,P06,redeem,tutoring,1,-30,超市,2026H1,
   = fix: check the entries before it; void the redemption if it should not have happened
ledger/2026.csv:13: warning: 王五 (P03) has redemptions of round 2026H1 dated 2026-07-02 by `志愿者`, and others dated 2026-07-01 by `超市` (ledger/2026.csv:11): the round may have been committed on two clones
   |
13 | D1,2026-07-02,P03,redeem,towel,1,-20,志愿者,2026H1,
   = fix: if the round was committed twice (on two clones, then merged), void the rows of one commit with `points void ID --reason \"round committed twice\"`; if these are separate redemptions, nothing needs doing
ledger/2026.csv:14: warning: this redemption leaves 孙八 (P06) with a balance of -10 on 2026-07-01
   |
14 | D2,2026-07-01,P06,redeem,tutoring,1,-30,志愿者,2026H1,
   = fix: check the entries before it; void the redemption if it should not have happened
ledger/2026.csv:14: warning: 孙八 (P06) has redemptions of round 2026H1 dated 2026-07-01 by `志愿者`, and others dated 2026-07-01 by `超市` (ledger/2026.csv:12): the round may have been committed on two clones
   |
14 | D2,2026-07-01,P06,redeem,tutoring,1,-30,志愿者,2026H1,
   = fix: if the round was committed twice (on two clones, then merged), void the rows of one commit with `points void ID --reason \"round committed twice\"`; if these are separate redemptions, nothing needs doing
ok: 19 rows in 1 ledger file, 6 people, 2 items; 4 warnings
",
        )
        .unchanged()
        .run();
}
