//! Caps (SPEC §3): cut in ledger order, not date order; an item cap and its
//! category's cap together; `open` rows and deductions taking no cap room; a
//! weekly cap running Monday to Sunday across a new year. Each book is one
//! person, 王芳 (P01, a resident), with hand-written rows; every figure
//! expected below is worked out by hand in the comment above it. `check`
//! accepts the right figures and names the row where a wrong one is.

use crate::harness::Test;

const RULES: &str = r#"[scheme]
name = "上限小区"

[[category]]
id = "welfare"
name = "社区公益类"
cap = { points = 25, per = "month" }

[[category]]
id = "edu"
name = "教育管理类"

[[item]]
id = "patrol"
name = "治安巡逻"
category = "welfare"
unit = "hour"
points = 3
cap = { points = 20, per = "month" }

[[item]]
id = "volunteer"
name = "志愿服务"
category = "welfare"
points = 10

[[item]]
id = "damage"
name = "损坏公物"
category = "welfare"
points = -5

[[item]]
id = "study"
name = "学习"
category = "edu"
unit = "hour"
points = 3
cap = { points = 10, per = "week" }
"#;

const HEADER: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";

/// The book with these rows in ledger/2025.csv and ledger/2026.csv.
fn book(rows_2025: &str, rows_2026: &str) -> Test {
    Test::new()
        .file("points.toml", RULES)
        .file(
            "people.csv",
            "id,name,household,building,role,joined,left\nP01,王芳,H1,B1,resident,,\n",
        )
        .file("ledger/2025.csv", format!("{HEADER}{rows_2025}"))
        .file("ledger/2026.csv", format!("{HEADER}{rows_2026}"))
        .env("POINTS_ID_SEED", "1")
}

fn ok(rows: usize) -> String {
    format!("ok: {rows} rows in 2 ledger files, 1 person, 4 items; 0 warnings\n")
}

/// The fix line of a wrong earn row (under a line number of one digit).
const FIX: &str = "  = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`\n";

// ------------------------------------------------------ ledger order, not date

/// The patrol cap is 20 a month. In ledger order: A1 (03-20, 4 h × 3 = 12)
/// has room 20 → 12; A2 (03-05, 12) has room 8 → 8; A3 (03-10, 2 h = 6) has
/// none → 0. In date order A2 would have come first with 12 and A1 got 8:
/// it did not. March: earned 12 + 8 + 0 = 20, hours 4 + 4 + 2 = 10, times 3.
const IN_LEDGER_ORDER: &str = "A1,2026-03-20,P01,earn,patrol,4,12,队长,,
A2,2026-03-05,P01,earn,patrol,4,8,队长,,
A3,2026-03-10,P01,earn,patrol,2,0,队长,,
";

#[test]
fn caps_cut_in_ledger_order_not_date_order() {
    book("", IN_LEDGER_ORDER)
        .args(["check"])
        .stdout(&ok(3))
        .run();
    book("", IN_LEDGER_ORDER)
        .args(["--format", "json", "report", "2026-03"])
        .stdout(
            r#"[
  {"rank":1,"person":"P01","name":"王芳","earned":20,"categories":{"welfare":20,"edu":0},"hours":10,"times":3}
]
"#,
        )
        .run();
    // A row added now, dated before all three, comes last in ledger order:
    // the cap is used up, so it gets 0 (in date order it would get 3); the
    // balance stays 20.
    book("", IN_LEDGER_ORDER)
        .args([
            "--format", "json", "add", "patrol", "--people", "P01", "--qty", "1", "--date",
            "2026-03-01",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-03-01","person":"P01","name":"王芳","kind":"earn","item":"patrol","qty":1,"points":0,"balance":20}
]
"#,
        )
        .run();
}

/// The same rows cut in date order (A2 12, A1 8) are wrong at both rows: A1
/// is first in ledger order and earns its full 12; A2 then has 20 − 12 = 8.
#[test]
fn a_cut_in_date_order_is_an_error() {
    book(
        "",
        "A1,2026-03-20,P01,earn,patrol,4,8,队长,,
A2,2026-03-05,P01,earn,patrol,4,12,队长,,
A3,2026-03-10,P01,earn,patrol,2,0,队长,,
",
    )
    .args(["check"])
    .stdout(&format!(
        "ledger/2026.csv:2:33: error: points `8` are less than the rules give (12): 治安巡逻 gives 3 per hour to a 群众, × 4 = 12
  |
2 | A1,2026-03-20,P01,earn,patrol,4,8,队长,,
  |                                 ^
  = expected: 12
{}ledger/2026.csv:3:33: error: points `12` are more than the rules give (8): 治安巡逻 gives 3 per hour to a 群众, × 4 = 12, and the monthly cap of 20 on 治安巡逻 leaves 8
  |
3 | A2,2026-03-05,P01,earn,patrol,4,12,队长,,
  |                                 ^^
  = expected: 8
{}2 errors, 0 warnings (3 rows in 2 ledger files, 1 person, 4 items)
",
        FIX,
        FIX
    ))
    .status(1)
    .run();
}

// ---------------------------------------------- an item cap and a category cap

/// Patrol: 20 a month; its category 社区公益类: 25 a month.
/// - B1 patrol 4 h = 12: item room 20, category room 25 → 12 (item 12, category 12).
/// - B2 volunteer 10: no item cap, category room 13 → 10 (category 22).
/// - B3 patrol 4 h = 12: item room 8, category room 3 → 3 (item 15, category 25).
/// - B4 patrol 2 h = 6: category room 0 → 0.
/// - B5 volunteer in April: a new month → 10.
///
/// March: earned 12 + 10 + 3 + 0 = 25, hours 10, times 4.
const BOTH_CAPS: &str = "B1,2026-03-01,P01,earn,patrol,4,12,队长,,
B2,2026-03-02,P01,earn,volunteer,1,10,社区,,
B3,2026-03-03,P01,earn,patrol,4,3,队长,,
B4,2026-03-04,P01,earn,patrol,2,0,队长,,
B5,2026-04-01,P01,earn,volunteer,1,10,社区,,
";

#[test]
fn an_item_cap_and_a_category_cap_together() {
    book("", BOTH_CAPS).args(["check"]).stdout(&ok(5)).run();
    book("", BOTH_CAPS)
        .args(["--format", "json", "report", "2026-03"])
        .stdout(
            r#"[
  {"rank":1,"person":"P01","name":"王芳","earned":25,"categories":{"welfare":25,"edu":0},"hours":10,"times":4}
]
"#,
        )
        .run();
    // B3 cut by the item cap alone (8) passes the category's: the smaller room binds.
    book("", &BOTH_CAPS.replacen("patrol,4,3,", "patrol,4,8,", 1))
        .args(["check"])
        .stdout(&format!(
            "ledger/2026.csv:4:33: error: points `8` are more than the rules give (3): 治安巡逻 gives 3 per hour to a 群众, × 4 = 12, and the monthly cap of 25 on 社区公益类 leaves 3
  |
4 | B3,2026-03-03,P01,earn,patrol,4,8,队长,,
  |                                 ^
  = expected: 3
{}1 error, 0 warnings (5 rows in 2 ledger files, 1 person, 4 items)
",
            FIX
        ))
        .status(1)
        .run();
    // One more volunteer in March: the category is full → 0; balance 25 + 10 (April).
    book("", BOTH_CAPS)
        .args([
            "--format", "json", "add", "volunteer", "--people", "P01", "--date", "2026-03-31",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-03-31","person":"P01","name":"王芳","kind":"earn","item":"volunteer","qty":1,"points":0,"balance":35}
]
"#,
        )
        .run();
}

// ------------------------------------------ open rows and deductions take no room

/// The category cap is 25 a month.
/// - C1 open 50 (paper balance): takes no room (were it counted, the
///   category would be full before C3).
/// - C2 damage −5: a deduction takes no room, and frees none.
/// - C3 patrol 4 h = 12: room 25 → 12 (used 12).
/// - C4 volunteer 10: room 13 → 10 (used 22). (Had C2 taken 5 of room, 8.)
/// - C5 damage −5.
/// - C6 patrol 2 h = 6: item room 8, category room 3 → 3 (used 25).
/// - C7 volunteer 10: room 0 → 0. (Had the deductions freed room, 10.)
///
/// May: earned 50 − 5 + 12 + 10 − 5 + 3 + 0 = 65; hours 4 + 2 = 6; times
/// (earn rows with points ≥ 0) C3, C4, C6, C7 = 4.
const OPEN_AND_DEDUCTIONS: &str = "C1,2026-05-01,P01,open,welfare,1,50,社区,,纸质记录结转
C2,2026-05-02,P01,earn,damage,1,-5,巡查,,
C3,2026-05-03,P01,earn,patrol,4,12,队长,,
C4,2026-05-04,P01,earn,volunteer,1,10,社区,,
C5,2026-05-05,P01,earn,damage,1,-5,巡查,,
C6,2026-05-06,P01,earn,patrol,2,3,队长,,
C7,2026-05-07,P01,earn,volunteer,1,0,社区,,
";

#[test]
fn open_rows_and_deductions_take_no_cap_room() {
    book("", OPEN_AND_DEDUCTIONS)
        .args(["check"])
        .stdout(&ok(7))
        .run();
    book("", OPEN_AND_DEDUCTIONS)
        .args(["--format", "json", "report", "2026-05"])
        .stdout(
            r#"[
  {"rank":1,"person":"P01","name":"王芳","earned":65,"categories":{"welfare":65,"edu":0},"hours":6,"times":4}
]
"#,
        )
        .run();
    // C7 at 10, as if the two deductions had freed room: the category is full.
    book(
        "",
        &OPEN_AND_DEDUCTIONS.replacen("volunteer,1,0,", "volunteer,1,10,", 1),
    )
    .args(["check"])
    .stdout(&format!(
        "ledger/2026.csv:8:36: error: points `10` are more than the rules give (0): 志愿服务 gives 10 per time to a 群众, × 1 = 10, and the monthly cap of 25 on 社区公益类 leaves 0
  |
8 | C7,2026-05-07,P01,earn,volunteer,1,10,社区,,
  |                                    ^^
  = expected: 0
{}1 error, 0 warnings (7 rows in 2 ledger files, 1 person, 4 items)
",
        FIX
    ))
    .status(1)
    .run();
}

// ---------------------------------------------------------------- a weekly cap

/// 学习: 3 an hour, at most 10 a week (ISO weeks, Monday first). 2025-12-28
/// is a Sunday (week 52 of 2025); 2025-12-29 a Monday, whose week (week 1 of
/// 2026) runs to Sunday 2026-01-04, across the new year.
/// - D0 2025-12-28, 4 h = 12 → 10 (week 52 full).
/// - D1 2025-12-29 (Mon), 2 h = 6: a new week → 6.
/// - D2 2026-01-04 (Sun), 2 h = 6: same week as D1, room 4 → 4.
/// - D3 2026-01-05 (Mon), 2 h = 6: a new week → 6.
/// - D4 2026-01-11 (Sun), 2 h = 6: room 4 → 4.
/// - D5 2026-01-12 (Mon), 1 h = 3: a new week → 3.
///
/// 2025: earned 10 + 6 = 16, hours 6, times 2. 2026: 4 + 6 + 4 + 3 = 17,
/// hours 7, times 4.
const WEEKS_2025: &str = "D0,2025-12-28,P01,earn,study,4,10,书记,,
D1,2025-12-29,P01,earn,study,2,6,书记,,
";
const WEEKS_2026: &str = "D2,2026-01-04,P01,earn,study,2,4,书记,,
D3,2026-01-05,P01,earn,study,2,6,书记,,
D4,2026-01-11,P01,earn,study,2,4,书记,,
D5,2026-01-12,P01,earn,study,1,3,书记,,
";

#[test]
fn a_weekly_cap_runs_monday_to_sunday_across_the_new_year() {
    book(WEEKS_2025, WEEKS_2026)
        .args(["check"])
        .stdout(&ok(6))
        .run();
    for (period, earned, hours, times) in [("2025", 16, 6, 2), ("2026", 17, 7, 4)] {
        book(WEEKS_2025, WEEKS_2026)
            .args(["--format", "json", "report", period])
            .stdout(&format!(
                r#"[
  {{"rank":1,"person":"P01","name":"王芳","earned":{earned},"categories":{{"welfare":0,"edu":{earned}}},"hours":{hours},"times":{times}}}
]
"#
            ))
            .run();
    }
    // D2 at 6, as if a new year (or a Sunday) started a new week: 4 is left.
    book(WEEKS_2025, &WEEKS_2026.replacen("study,2,4,", "study,2,6,", 1))
        .args(["check"])
        .stdout(&format!(
            "ledger/2026.csv:2:32: error: points `6` are more than the rules give (4): 学习 gives 3 per hour to a 群众, × 2 = 6, and the weekly cap of 10 on 学习 leaves 4
  |
2 | D2,2026-01-04,P01,earn,study,2,6,书记,,
  |                                ^
  = expected: 4
{}1 error, 0 warnings (6 rows in 2 ledger files, 1 person, 4 items)
",
            FIX
        ))
        .status(1)
        .run();
}
