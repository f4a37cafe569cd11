//! Ranges of points (SPEC §10, 酌情 "5～10分"): `points = { min = 5, max = 10 }`
//! for an item, per role and in a `rates` schedule, deductions included;
//! `add --points P` records P × qty (rounded half away from zero, then
//! max_qty and caps) and refuses a P outside the range, a missing P and a P
//! for fixed points; `check` accepts exactly the rows some P in the range
//! explains after max_qty and caps, and names the range for the others.
//! 王芳 (P01) is a resident, 李明 (P02) a party member; every figure expected
//! below is worked out by hand in the comment above it.

use crate::harness::Test;

const RULES: &str = r#"[scheme]
name = "酌情小区"

[[category]]
id = "welfare"
name = "社区公益类"

[[category]]
id = "law"
name = "遵纪守法类"

[[item]]
id = "mediation"
name = "矛盾调解"
category = "welfare"
points = { min = 5, max = 10 }
cap = { points = 12, per = "month" }

[[item]]
id = "elder"
name = "助老服务"
category = "welfare"
unit = "hour"
points = { min = 1.5, max = 3 }
max_qty = 4

[[item]]
id = "speech"
name = "政策宣讲"
category = "welfare"
points = { party = { min = 4, max = 8 }, resident = 2 }

[[item]]
id = "study"
name = "学习讲座"
category = "welfare"
rates = [
  { from = "2026-01-01", points = 2 },
  { from = "2026-07-01", points = { min = 2, max = 5 } },
]

[[item]]
id = "litter"
name = "乱丢垃圾"
category = "law"
points = { min = -10, max = -5 }
"#;

const HEADER: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";

fn book(rows: &str) -> Test {
    Test::new()
        .file("points.toml", RULES)
        .file(
            "people.csv",
            "id,name,household,building,role,joined,left\nP01,王芳,H1,B1,resident,,\nP02,李明,H2,B1,party,,\n",
        )
        .file("ledger/2026.csv", format!("{HEADER}{rows}"))
        .env("POINTS_ID_SEED", "1")
}

fn ok(rows: usize) -> String {
    format!("ok: {rows} rows in 1 ledger file, 2 people, 5 items; 0 warnings\n")
}

fn summary(errors: &str, rows: usize) -> String {
    format!("{errors}, 0 warnings ({rows} rows in 1 ledger file, 2 people, 5 items)\n")
}

/// The fix line of a row no value of its range explains.
const FIX: &str = "  = fix: void this entry and record it again with `points add … --points P`, P being the points per unit within the range\n";

// ------------------------------------------------------- both ends, outside

/// 矛盾调解 gives 5 to 10 a time, at most 12 a month: one row a month, so
/// the cap never binds. 5 (P = 5) and 10 (P = 10) are the two ends; 11 is
/// above 10 × 1, 4.99 below 5 × 1.
#[test]
fn check_accepts_both_ends_of_a_range_and_names_the_range_outside_it() {
    let ends = "A1,2026-01-05,P01,earn,mediation,1,5,队长,,
A2,2026-02-05,P01,earn,mediation,1,10,队长,,
";
    book(ends).args(["check"]).stdout(&ok(2)).run();
    book(&format!(
        "{ends}A3,2026-03-05,P01,earn,mediation,1,11,队长,,
A4,2026-04-05,P01,earn,mediation,1,4.99,队长,,
"
    ))
    .args(["check"])
    .stdout(&format!(
        "ledger/2026.csv:4:36: error: points `11` are not what any value in the range gives: 矛盾调解 gives 5 to 10 per time to a 群众, × 1 = 5 to 10
  |
4 | A3,2026-03-05,P01,earn,mediation,1,11,队长,,
  |                                    ^^
{FIX}ledger/2026.csv:5:36: error: points `4.99` are not what any value in the range gives: 矛盾调解 gives 5 to 10 per time to a 群众, × 1 = 5 to 10
  |
5 | A4,2026-04-05,P01,earn,mediation,1,4.99,队长,,
  |                                    ^^^^
{FIX}{}",
        summary("2 errors", 4)
    ))
    .status(1)
    .run();
}

/// `add` records P × 1 at both ends (5, then 10: balance 5 + 10 = 15).
#[test]
fn add_records_the_points_given_at_both_ends_of_the_range() {
    book("")
        .args([
            "--format", "json", "add", "mediation", "--people", "P01", "--points", "5", "--date",
            "2026-01-05",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-01-05","person":"P01","name":"王芳","kind":"earn","item":"mediation","qty":1,"points":5,"balance":5}
]
"#,
        )
        .run();
    book("A1,2026-01-05,P01,earn,mediation,1,5,队长,,\n")
        .args([
            "--format", "json", "add", "mediation", "--people", "P01", "--points", "10", "--date",
            "2026-02-05",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-02-05","person":"P01","name":"王芳","kind":"earn","item":"mediation","qty":1,"points":10,"balance":15}
]
"#,
        )
        .run();
}

/// Outside the range (10.01 > 10 and 4.99 < 5), missing for a range item,
/// and given for fixed points: refused, each said once for two people, and
/// nothing written.
#[test]
fn add_refuses_points_outside_the_range_missing_or_for_fixed_points() {
    let refuse = |args: &[&str], stderr: &str| {
        book("")
            .args(args.iter().copied())
            .stderr(stderr)
            .status(1)
            .unchanged()
            .run();
    };
    refuse(
        &["add", "mediation", "--people", "P01,P02", "--points", "10.01"],
        "error: --points 10.01 is outside the range of `矛盾调解`, 5 to 10: give a value within it\nnothing was written.\n",
    );
    refuse(
        &["add", "mediation", "--people", "P01", "--points", "4.99"],
        "error: --points 4.99 is outside the range of `矛盾调解`, 5 to 10: give a value within it\nnothing was written.\n",
    );
    refuse(
        &["add", "mediation", "--people", "P01,P02"],
        "error: `矛盾调解` gives 5 to 10 points per time, as the committee decides: say how many per time with --points, e.g. --points=5\nnothing was written.\n",
    );
    refuse(
        &["add", "litter", "--people", "P01", "--points", "7"],
        "error: --points 7 is outside the range of `乱丢垃圾`, -10 to -5: give a value within it\nnothing was written.\n",
    );
}

/// `--points` that is not a number with two decimals at most is a usage
/// error (exit 2), said alone.
#[test]
fn add_refuses_points_that_are_not_a_number() {
    book("")
        .args(["add", "mediation", "--people", "P01", "--points", "7.125"])
        .stderr("error: --points `7.125` cannot be used: it has more than two decimal places\nnothing was written.\n")
        .status(2)
        .unchanged()
        .run();
}

// ------------------------------------------------------------------- roles

/// 政策宣讲 gives a party member 4 to 8 and a resident a fixed 2. 李明 with
/// --points 6 gets 6; 王芳 without gets 2; 王芳 with --points is refused,
/// and so is the pair (王芳's points are fixed).
#[test]
fn a_range_for_one_role_and_fixed_points_for_another() {
    book("")
        .args([
            "--format", "json", "add", "speech", "--people", "P02", "--points", "6", "--date",
            "2026-03-02",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-03-02","person":"P02","name":"李明","kind":"earn","item":"speech","qty":1,"points":6,"balance":6}
]
"#,
        )
        .run();
    book("")
        .args([
            "--format", "json", "add", "speech", "--people", "P01", "--date", "2026-03-02",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-03-02","person":"P01","name":"王芳","kind":"earn","item":"speech","qty":1,"points":2,"balance":2}
]
"#,
        )
        .run();
    book("")
        .args(["add", "speech", "--people", "P01,P02", "--points", "6"])
        .stderr("error: `政策宣讲` gives a 群众 (resident) a fixed 2 points per time, not a range: leave out --points\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
    // In check: 李明's 8 is the top of 4..8, his 9 is beyond it; 王芳's 3 is
    // not her fixed 2 (the message of fixed points, with the expected 2).
    book(
        "S1,2026-03-02,P02,earn,speech,1,8,队长,,
S2,2026-03-03,P02,earn,speech,1,9,队长,,
S3,2026-03-04,P01,earn,speech,1,3,队长,,
",
    )
    .args(["check"])
    .stdout(&format!(
        "ledger/2026.csv:3:33: error: points `9` are not what any value in the range gives: 政策宣讲 gives 4 to 8 per time to a 党员, × 1 = 4 to 8
  |
3 | S2,2026-03-03,P02,earn,speech,1,9,队长,,
  |                                 ^
{FIX}ledger/2026.csv:4:33: error: points `3` are more than the rules give (2): 政策宣讲 gives 2 per time to a 群众, × 1 = 2
  |
4 | S3,2026-03-04,P01,earn,speech,1,3,队长,,
  |                                 ^
  = expected: 2
  = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
{}",
        summary("2 errors", 3)
    ))
    .status(1)
    .run();
}

// ------------------------------------------------------------------- rates

/// 学习讲座 gives a fixed 2 until June and 2 to 5 from 2026-07-01: --points
/// is refused in June and needed in July, where 4 gives 4.
#[test]
fn a_rates_schedule_with_a_range_from_a_date() {
    book("")
        .args([
            "add", "study", "--people", "P01", "--points", "3", "--date", "2026-06-15",
        ])
        .stderr("error: `学习讲座` gives a 群众 (resident) a fixed 2 points per time, not a range: leave out --points\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
    book("")
        .args(["add", "study", "--people", "P01", "--date", "2026-07-15"])
        .stderr("error: `学习讲座` gives 2 to 5 points per time, as the committee decides: say how many per time with --points, e.g. --points=2\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
    book("")
        .args([
            "--format", "json", "add", "study", "--people", "P01", "--points", "4", "--date",
            "2026-07-15",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-07-15","person":"P01","name":"王芳","kind":"earn","item":"study","qty":1,"points":4,"balance":4}
]
"#,
        )
        .run();
    // 5 on 2026-07-02 is the top of 2..5; 3 on 2026-06-30 is not the fixed 2.
    book(
        "T1,2026-07-02,P01,earn,study,1,5,队长,,
T2,2026-06-30,P01,earn,study,1,3,队长,,
",
    )
    .args(["check"])
    .stdout(&format!(
        "ledger/2026.csv:3:32: error: points `3` are more than the rules give (2): 学习讲座 gives 2 per time to a 群众, × 1 = 2
  |
3 | T2,2026-06-30,P01,earn,study,1,3,队长,,
  |                                ^
  = expected: 2
  = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
{}",
        summary("1 error", 2)
    ))
    .status(1)
    .run();
}

// -------------------------------------------------------------- deductions

/// 乱丢垃圾 deducts 5 to 10: --points=-7 gives −7. In check −5 and −10 are
/// the ends; −11 is beyond −10 and −4 short of −5.
#[test]
fn a_deduction_range() {
    book("")
        .args([
            "--format", "json", "add", "litter", "--people", "P01", "--points=-7", "--date",
            "2026-03-02",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-03-02","person":"P01","name":"王芳","kind":"earn","item":"litter","qty":1,"points":-7,"balance":-7}
]
"#,
        )
        .run();
    book(
        "L1,2026-03-02,P01,earn,litter,1,-5,队长,,
L2,2026-03-03,P01,earn,litter,1,-10,队长,,
L3,2026-03-04,P01,earn,litter,1,-11,队长,,
L4,2026-03-05,P01,earn,litter,1,-4,队长,,
",
    )
    .args(["check"])
    .stdout(&format!(
        "ledger/2026.csv:4:33: error: points `-11` are not what any value in the range gives: 乱丢垃圾 gives -10 to -5 per time to a 群众, × 1 = -10 to -5
  |
4 | L3,2026-03-04,P01,earn,litter,1,-11,队长,,
  |                                 ^^^
{FIX}ledger/2026.csv:5:33: error: points `-4` are not what any value in the range gives: 乱丢垃圾 gives -10 to -5 per time to a 群众, × 1 = -10 to -5
  |
5 | L4,2026-03-05,P01,earn,litter,1,-4,队长,,
  |                                 ^^
{FIX}{}",
        summary("2 errors", 4)
    ))
    .status(1)
    .run();
}

// -------------------------------------------------- rounding and max_qty

/// 助老服务 gives 1.5 to 3 an hour, at most 4 hours a row. 2.5 hours at
/// 1.55 = 3.875, rounded half away from zero: 3.88. Between 1.54 × 2.5 =
/// 3.85 and 1.55 × 2.5 = 3.875 → 3.88 no P gives 3.86, though it lies
/// within 1.5 × 2.5 = 3.75 and 3 × 2.5 = 7.5. 5 hours count as 4: 2.25 × 4
/// = 9, and 12.5 is beyond 3 × 4 = 12.
#[test]
fn rounding_with_a_fractional_qty_and_max_qty() {
    book("")
        .args([
            "--format", "json", "add", "elder", "--people", "P01", "--qty", "2.5", "--points",
            "1.55", "--date", "2026-03-02",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-03-02","person":"P01","name":"王芳","kind":"earn","item":"elder","qty":2.5,"points":3.88,"balance":3.88}
]
"#,
        )
        .run();
    book("")
        .args([
            "add",
            "elder",
            "--people",
            "P01",
            "--qty",
            "5",
            "--points",
            "2.25",
            "--date",
            "2026-03-02",
        ])
        .stdout(
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-03-02 ┆ P01    ┆ 王芳 ┆ earn ┆ 助老服务 ┆   5 ┆      9 ┆       9 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
王芳 (P01): 助老服务: 5 hours recorded, points for 4 (max_qty)
",
        )
        .run();
    book(
        "E1,2026-03-02,P01,earn,elder,2.5,3.88,队长,,
E2,2026-03-03,P01,earn,elder,2.5,3.86,队长,,
E3,2026-03-04,P01,earn,elder,5,9,队长,,
E4,2026-03-05,P01,earn,elder,5,12.5,队长,,
",
    )
    .args(["check"])
    .stdout(&format!(
        "ledger/2026.csv:3:34: error: points `3.86` are not what any value in the range gives: 助老服务 gives 1.5 to 3 per hour to a 群众, × 2.5 = 3.75 to 7.5
  |
3 | E2,2026-03-03,P01,earn,elder,2.5,3.86,队长,,
  |                                  ^^^^
{FIX}ledger/2026.csv:5:32: error: points `12.5` are not what any value in the range gives: 助老服务 gives 1.5 to 3 per hour to a 群众, × 5 (only 4 count, max_qty) = 6 to 12
  |
5 | E4,2026-03-05,P01,earn,elder,5,12.5,队长,,
  |                                ^^^^
{FIX}{}",
        summary("2 errors", 4)
    ))
    .status(1)
    .run();
}

// --------------------------------------------------------------------- caps

/// A cap of 12 a month on 矛盾调解. March: M1 5 (P = 5, used 5); M2 6 (room
/// 7, P = 6, used 11); M3 1 (room 1: any P ≥ 5 is cut to 1, used 12); M4 0
/// (room 0). April: M5 10 (used 10); M6 3 — room 2, so P = 5..10 give 2
/// (cut), never 3.
#[test]
fn a_range_under_a_cap() {
    let rows = "M1,2026-03-02,P01,earn,mediation,1,5,队长,,
M2,2026-03-09,P01,earn,mediation,1,6,队长,,
M3,2026-03-16,P01,earn,mediation,1,1,队长,,
M4,2026-03-23,P01,earn,mediation,1,0,队长,,
M5,2026-04-02,P01,earn,mediation,1,10,队长,,
";
    book(rows).args(["check"]).stdout(&ok(5)).run();
    book(&format!("{rows}M6,2026-04-09,P01,earn,mediation,1,3,队长,,\n"))
        .args(["check"])
        .stdout(&format!(
            "ledger/2026.csv:7:36: error: points `3` are not what any value in the range gives: 矛盾调解 gives 5 to 10 per time to a 群众, × 1 = 5 to 10, and the monthly cap of 12 on 矛盾调解 leaves 2
  |
7 | M6,2026-04-09,P01,earn,mediation,1,3,队长,,
  |                                    ^
{FIX}{}",
            summary("1 error", 6)
        ))
        .status(1)
        .run();
    // add in April after M5 (room 2): --points 8 is cut to 2; balance 5 + 6
    // + 1 + 0 + 10 + 2 = 24.
    book(rows)
        .args([
            "add",
            "mediation",
            "--people",
            "P01",
            "--points",
            "8",
            "--date",
            "2026-04-20",
        ])
        .stdout(
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-04-20 ┆ P01    ┆ 王芳 ┆ earn ┆ 矛盾调解 ┆   1 ┆      2 ┆      24 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
王芳 (P01): 矛盾调解: 8 cut to 2 by the monthly cap of 12
",
        )
        .run();
}

// --------------------------------------------------------------- the rules

/// Each misuse of a range is an error at its place in points.toml.
#[test]
fn misused_ranges_are_errors_with_file_line_and_key() {
    let rules = r#"[scheme]
name = "酌情小区"

[[role]]
id = "min"
name = "党员"

[[role]]
id = "resident"
name = "群众"

[[category]]
id = "welfare"
name = "社区公益类"

[[item]]
id = "a"
name = "A"
category = "welfare"
points = { min = 10, max = 5 }

[[item]]
id = "b"
name = "B"
category = "welfare"
points = { min = 5 }

[[item]]
id = "c"
name = "C"
category = "welfare"
points = { min = -5, max = 5 }

[[item]]
id = "d"
name = "D"
category = "welfare"
points = { min = 5, max = 10, most = 8 }

[[item]]
id = "e"
name = "E"
category = "welfare"
rates = [{ from = "2026-01-01", points = { resident = { min = 1, max = { min = 2 } } } }]
"#;
    const RANGE: &str = "  = expected: a range of points like { min = 5, max = 10 } (a deduction: { min = -10, max = -5 }); per role: { party = { min = 5, max = 10 }, resident = 2 }\n";
    book("")
        .file("points.toml", rules)
        .args(["check"])
        .stdout(&format!(
            r#"points.toml:5:6: error: a role may not be called `min`: `min` and `max` write a range of points
  |
5 | id = "min"
  |      ^^^^^
  = expected: another id for the role
points.toml:20:10: error: this range of points has its min 10 above its max 5
   |
20 | points = {{ min = 10, max = 5 }}
   |          ^^^^^^^^^^^^^^^^^^^^^
   = expected: min at or below max, like {{ min = 5, max = 10 }}
points.toml:26:10: error: this range of points has no `max`: a range needs both `min` and `max`
   |
26 | points = {{ min = 5 }}
   |          ^^^^^^^^^^^
 {RANGE}points.toml:32:10: error: this range of points, from -5 to 5, mixes points earned and deductions
   |
32 | points = {{ min = -5, max = 5 }}
   |          ^^^^^^^^^^^^^^^^^^^^^
   = expected: both bounds at or above 0 (points earned), or both at or below 0 (a deduction, like {{ min = -10, max = -5 }})
points.toml:38:38: error: `most` does not belong in a range of points, which has only `min` and `max`
   |
38 | points = {{ min = 5, max = 10, most = 8 }}
   |                                      ^
 {RANGE}points.toml:44:72: error: `max` of a range of points must be a number
   |
44 | rates = [{{ from = "2026-01-01", points = {{ resident = {{ min = 1, max = {{ min = 2 }} }} }} }}]
   |                                                                        ^^^^^^^^^^^
 {RANGE}6 errors, 0 warnings (points.toml could not be read, so the 0 rows in 1 ledger file were checked for form only)
"#
        ))
        .status(1)
        .unchanged()
        .run();
}

// ----------------------------------------------------------------- Chinese

/// The same refusals and findings in Chinese.
#[test]
fn ranges_in_chinese() {
    book("")
        .args([
            "--lang", "zh", "add", "mediation", "--people", "P01", "--date", "2026-03-02",
        ])
        .stderr("错误：“矛盾调解”每次 5～10 分，酌情确定：请用 --points 写明每次的分值，例如 --points=5\n本次没有写入任何记录。\n")
        .status(1)
        .unchanged()
        .run();
    book("")
        .args([
            "--lang", "zh", "add", "elder", "--people", "P01", "--qty", "2", "--points", "3.5",
        ])
        .stderr("错误：--points 3.5 不在“助老服务”的分值范围（1.5～3 分）内：请写范围内的分值\n本次没有写入任何记录。\n")
        .status(1)
        .unchanged()
        .run();
    // 2 hours at 1.5..3 give 3 to 6; 6.5 is beyond 6.
    book("E1,2026-03-02,P01,earn,elder,2,6.5,队长,,\n")
        .args(["--lang", "zh", "check"])
        .stdout(
            "ledger/2026.csv:2:32: 错误：积分 `6.5` 不是分值范围内任何分值能得出的：助老服务给群众每小时 1.5～3 分，2 小时共 3～6 分
  |
2 | E1,2026-03-02,P01,earn,elder,2,6.5,队长,,
  |                                ^^^
  = 处理办法：请作废这条记录，再用 `points add … --points 分值` 重新记录，分值是范围内每次或每小时的分值
检查未通过：错误 1 处，提醒 0 条（1 个台账文件共 1 行，花名册 2 人，积分项目 5 个）
",
        )
        .status(1)
        .run();
}

/// A deduction range under a `deduct_cap` of 12 a month (appended to
/// 乱丢垃圾, the last item): D1 −10 (P = −10, 10 taken); D2 −2 (room 2: any P
/// of −10..−5 is cut to −2); D3 0 (room 0). −3 in D2's place is neither a
/// value of the range (−5 at the least) nor the room left (2).
#[test]
fn a_deduction_range_under_a_deduction_cap() {
    let rules = format!("{RULES}deduct_cap = {{ points = 12, per = \"month\" }}\n");
    let rows = |d2: &str| {
        format!(
            "D1,2026-05-04,P01,earn,litter,1,-10,队长,,
D2,2026-05-11,P01,earn,litter,1,{d2},队长,,
D3,2026-05-18,P01,earn,litter,1,0,队长,,
"
        )
    };
    book(&rows("-2"))
        .file("points.toml", &rules)
        .args(["check"])
        .stdout(&ok(3))
        .run();
    book(&rows("-3"))
        .file("points.toml", &rules)
        .args(["check"])
        .stdout(&format!(
            "ledger/2026.csv:3:33: error: points `-3` are not what any value in the range gives: 乱丢垃圾 gives -10 to -5 per time to a 群众, × 1 = -10 to -5, and the monthly deduction cap of 12 on 乱丢垃圾 leaves 2
  |
3 | D2,2026-05-11,P01,earn,litter,1,-3,队长,,
  |                                 ^^
{FIX}{}",
            summary("1 error", 3)
        ))
        .status(1)
        .run();
}
