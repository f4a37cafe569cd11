//! Caps on deductions (SPEC §10): `deduct_cap` limits the magnitude of the
//! negative points one person gets from an item or a category per period, cut
//! in ledger order exactly as `cap` cuts positive points; a void frees room;
//! `add` applies it and says so; `check` accepts exactly those points. A `cap`
//! on an item that only ever deducts is an error pointing to `deduct_cap`.
//! One person, 王芳 (P01, a resident); every figure expected below is worked
//! out by hand in the comment above it.

use crate::harness::Test;

const RULES: &str = r#"[scheme]
name = "扣分小区"

[[category]]
id = "conduct"
name = "文明行为类"

[[category]]
id = "safety"
name = "安全类"
deduct_cap = { points = 8, per = "month" }

[[item]]
id = "litter"
name = "乱扔垃圾"
category = "conduct"
points = -5
deduct_cap = { points = 6, per = "month" }

[[item]]
id = "noise"
name = "噪音扰民"
category = "safety"
points = -3

[[item]]
id = "fire"
name = "楼道堆物"
category = "safety"
points = -4

[[item]]
id = "patrol"
name = "安全巡逻"
category = "safety"
points = 10
"#;

const HEADER: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";

fn book(rules: &str, rows: &str) -> Test {
    Test::new()
        .file("points.toml", rules)
        .file(
            "people.csv",
            "id,name,household,building,role,joined,left\nP01,王芳,H1,B1,resident,,\n",
        )
        .file("ledger/2026.csv", format!("{HEADER}{rows}"))
        .env("POINTS_ID_SEED", "1")
}

fn ok(rows: usize) -> String {
    format!("ok: {rows} rows in 1 ledger file, 1 person, 4 items; 0 warnings\n")
}

/// The fix line of a wrong earn row (under a line number of one digit).
const FIX: &str = "  = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`\n";

// ------------------------------------------------------- an item's deduct_cap

/// 乱扔垃圾 deducts 5, at most 6 a month. In ledger order: A1 −5 (room 6 → −5,
/// used 5); A2 −5 (room 1 → cut to −1, used 6); A3 −5 (room 0 → 0). April is
/// a new month: A4 −5 in full. March: earned −5 − 1 + 0 = −6; times 1 (only
/// A3's 0 counts: times are rows with points ≥ 0).
const CUT: &str = "A1,2026-03-02,P01,earn,litter,1,-5,队长,,
A2,2026-03-05,P01,earn,litter,1,-1,队长,,
A3,2026-03-09,P01,earn,litter,1,0,队长,,
A4,2026-04-01,P01,earn,litter,1,-5,队长,,
";

#[test]
fn a_deduction_cap_cuts_the_row_that_crosses_it_and_zeroes_later_ones() {
    book(RULES, CUT).args(["check"]).stdout(&ok(4)).run();
    book(RULES, CUT)
        .args(["--format", "json", "report", "2026-03"])
        .stdout(
            r#"[
  {"rank":1,"person":"P01","name":"王芳","earned":-6,"categories":{"conduct":-6,"safety":0},"hours":0,"times":1}
]
"#,
        )
        .run();
}

/// The same rows each written at the full −5: A1 fits (used 5); A2 should be
/// −1 (room 1); A3 should be 0 (room 0, as A2 takes the room it should have
/// taken, so one wrong row does not make every later one wrong).
#[test]
fn check_names_each_row_beyond_the_deduction_cap() {
    book(
        RULES,
        "A1,2026-03-02,P01,earn,litter,1,-5,队长,,
A2,2026-03-05,P01,earn,litter,1,-5,队长,,
A3,2026-03-09,P01,earn,litter,1,-5,队长,,
",
    )
    .args(["check"])
    .stdout(&format!(
        "ledger/2026.csv:3:33: error: points `-5` are less than the rules give (-1): 乱扔垃圾 gives -5 per time to a 群众, × 1 = -5, and the monthly deduction cap of 6 on 乱扔垃圾 leaves 1
  |
3 | A2,2026-03-05,P01,earn,litter,1,-5,队长,,
  |                                 ^^
  = expected: -1
{FIX}ledger/2026.csv:4:33: error: points `-5` are less than the rules give (0): 乱扔垃圾 gives -5 per time to a 群众, × 1 = -5, and the monthly deduction cap of 6 on 乱扔垃圾 leaves 0
  |
4 | A3,2026-03-09,P01,earn,litter,1,-5,队长,,
  |                                 ^^
  = expected: 0
{FIX}2 errors, 0 warnings (3 rows in 1 ledger file, 1 person, 4 items)
"
    ))
    .status(1)
    .run();
}

/// `add` after A1 (−5, used 5): the new −5 has room 1 → cut to −1; balance
/// −5 − 1 = −6. The row is written with −1.
#[test]
fn add_cuts_a_deduction_at_the_cap_and_says_so() {
    let (_, dir) = book(RULES, "A1,2026-03-02,P01,earn,litter,1,-5,队长,,\n")
        .args(["add", "litter", "--people", "P01", "--date", "2026-03-20"])
        .stdout(
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-03-20 ┆ P01    ┆ 王芳 ┆ earn ┆ 乱扔垃圾 ┆   1 ┆     -1 ┆      -6 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
王芳 (P01): 乱扔垃圾: -5 cut to -1 by the monthly deduction cap of 6
",
        )
        .run_keep();
    let ledger = std::fs::read_to_string(dir.path().join("ledger/2026.csv")).unwrap();
    assert!(
        ledger.ends_with("\nepne9ervn1,2026-03-20,P01,earn,litter,1,-1,tester,,\n"),
        "{ledger}"
    );
    // What add wrote, check accepts.
    let rows = format!(
        "A1,2026-03-02,P01,earn,litter,1,-5,队长,,\n{}",
        ledger.lines().last().unwrap()
    );
    book(RULES, &format!("{rows}\n"))
        .args(["check"])
        .stdout(&ok(2))
        .run();
}

/// A void frees the room its target took, for the rows after it in ledger
/// order: A1 −5 (used 5); A2 cut to −1 (used 6); V1 voids A1 (used 1); A3 −5
/// has room 5 → −5 in full (used 6); A4 has none → 0. March: earned
/// −1 − 5 + 0 = −6 (A1 voided), times 1 (A4). One more `add` → 0, balance −6.
const VOIDED: &str = "A1,2026-03-02,P01,earn,litter,1,-5,队长,,
A2,2026-03-05,P01,earn,litter,1,-1,队长,,
V1,2026-03-06,P01,void,litter,1,5,队长,A1,录错了
A3,2026-03-09,P01,earn,litter,1,-5,队长,,
A4,2026-03-10,P01,earn,litter,1,0,队长,,
";

#[test]
fn a_void_frees_deduction_cap_room_for_later_rows() {
    book(RULES, VOIDED).args(["check"]).stdout(&ok(5)).run();
    // Without the void A3 would get 0: −5 there is then an error.
    book(
        RULES,
        &VOIDED.replace("V1,2026-03-06,P01,void,litter,1,5,队长,A1,录错了\n", ""),
    )
    .args(["check"])
    .stdout_has("ledger/2026.csv:4:33: error: points `-5` are less than the rules give (0)")
    .status(1)
    .run();
    book(RULES, VOIDED)
        .args(["--format", "json", "report", "2026-03"])
        .stdout(
            r#"[
  {"rank":1,"person":"P01","name":"王芳","earned":-6,"categories":{"conduct":-6,"safety":0},"hours":0,"times":1}
]
"#,
        )
        .run();
    book(RULES, VOIDED)
        .args(["add", "litter", "--people", "P01", "--date", "2026-03-20"])
        .stdout(
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-03-20 ┆ P01    ┆ 王芳 ┆ earn ┆ 乱扔垃圾 ┆   1 ┆      0 ┆      -6 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
王芳 (P01): 乱扔垃圾: monthly deduction cap of 6 reached — recorded with 0 points
",
        )
        .run();
}

// --------------------------------------------------- a category's deduct_cap

/// 安全类 may deduct at most 8 a month, over 噪音扰民 (−3) and 楼道堆物 (−4);
/// its positive item 安全巡逻 (+10) takes no deduction room. May: N1 −3
/// (used 3); P1 +10; F1 −4 (used 7); N2 −3 → room 1 → −1 (used 8); F2 −4 → 0.
/// June is a new month: N3 −3. May: earned −3 + 10 − 4 − 1 + 0 = 2, times 2
/// (P1, F2).
const CATEGORY: &str = "N1,2026-05-02,P01,earn,noise,1,-3,队长,,
P1,2026-05-03,P01,earn,patrol,1,10,队长,,
F1,2026-05-04,P01,earn,fire,1,-4,队长,,
N2,2026-05-06,P01,earn,noise,1,-1,队长,,
F2,2026-05-07,P01,earn,fire,1,0,队长,,
N3,2026-06-01,P01,earn,noise,1,-3,队长,,
";

#[test]
fn a_category_deduction_cap_counts_all_its_items() {
    book(RULES, CATEGORY).args(["check"]).stdout(&ok(6)).run();
    book(RULES, CATEGORY)
        .args(["--format", "json", "report", "2026-05"])
        .stdout(
            r#"[
  {"rank":1,"person":"P01","name":"王芳","earned":2,"categories":{"conduct":0,"safety":2},"hours":0,"times":2}
]
"#,
        )
        .run();
}

/// In Chinese: one more 噪音扰民 on 05-31 finds May's 8 used → 0; balance
/// 2 (May) − 3 (June) + 0 = −1. And N2 written at the full −3 (room 1).
#[test]
fn deduction_caps_in_chinese() {
    book(RULES, CATEGORY)
        .args([
            "--lang",
            "zh",
            "add",
            "noise",
            "--people",
            "P01",
            "--date",
            "2026-05-31",
        ])
        .stdout(
            "已在 ledger/2026.csv 记入 1 条记录
┌────────────┬────────────┬──────┬──────┬──────────┬──────────┬──────┬──────┬──────────┐
│ 记录编号   ┆ 日期       ┆ 编号 ┆ 姓名 ┆ 类型     ┆ 项目     ┆ 数量 ┆ 积分 ┆ 可用积分 │
╞════════════╪════════════╪══════╪══════╪══════════╪══════════╪══════╪══════╪══════════╡
│ epne9ervn1 ┆ 2026-05-31 ┆ P01  ┆ 王芳 ┆ 获得积分 ┆ 噪音扰民 ┆    1 ┆    0 ┆       -1 │
└────────────┴────────────┴──────┴──────┴──────────┴──────────┴──────┴──────┴──────────┘
王芳（P01）：安全类（类别）：已达每月扣分上限 8 分，本条记 0 分
",
        )
        .run();
    book(
        RULES,
        "N1,2026-05-02,P01,earn,noise,1,-3,队长,,
F1,2026-05-04,P01,earn,fire,1,-4,队长,,
N2,2026-05-06,P01,earn,noise,1,-3,队长,,
",
    )
    .args(["--lang", "zh", "check"])
    .stdout(
        "ledger/2026.csv:4:32: 错误：积分 `-3` 比规则给的（-1）少：噪音扰民给群众每次 -3 分，1 次共 -3 分；而安全类每月扣分上限 8 分，只剩 1 分
  |
4 | N2,2026-05-06,P01,earn,noise,1,-3,队长,,
  |                                ^^
  = 应为：-1
  = 处理办法：如果是直接改了积分规则里的分值，请把原来的分值改回去，用带日期的分值表（rates）记下新分值；否则请作废这条记录，再用 `points add` 重新记录
检查未通过：错误 1 处，提醒 0 条（1 个台账文件共 3 行，花名册 1 人，积分项目 4 个）
",
    )
    .status(1)
    .run();
}

// ------------------------------------------------ a cap on a deduction item

/// Three items that only ever deduct — a flat −5, a `rates` schedule and
/// points per role — each with a `cap`: three errors, each at its cap's line.
/// An item that may give positive points to some role keeps its `cap`.
const CAP_ON_DEDUCTIONS: &str = r#"
[[item]]
id = "spit"
name = "随地吐痰"
category = "conduct"
points = -5
cap = { points = 6, per = "month" }

[[item]]
id = "dog"
name = "遛狗不拴绳"
category = "conduct"
rates = [{ from = "2026-01-01", points = -2 }, { from = "2026-06-01", points = -3 }]
cap = { points = 6, per = "month" }

[[item]]
id = "fight"
name = "打架"
category = "conduct"
points = { party = -10, resident = -6 }
cap = { points = 20, per = "year" }

[[item]]
id = "mixed"
name = "邻里纠纷"
category = "conduct"
points = { party = -4, resident = 3 }
cap = { points = 6, per = "month" }
"#;

#[test]
fn a_cap_on_an_item_that_only_deducts_is_an_error() {
    let rules = format!("{RULES}{CAP_ON_DEDUCTIONS}");
    book(&rules, "")
        .args(["check"])
        .stdout(
            r#"points.toml:43:18: error: item `spit` only ever deducts points, and a `cap` limits positive points only, so it would never apply
   |
43 | cap = { points = 6, per = "month" }
   |                  ^
   = expected: `deduct_cap = { points = 6, per = "month" }` in place of `cap`, to limit deductions
points.toml:50:18: error: item `dog` only ever deducts points, and a `cap` limits positive points only, so it would never apply
   |
50 | cap = { points = 6, per = "month" }
   |                  ^
   = expected: `deduct_cap = { points = 6, per = "month" }` in place of `cap`, to limit deductions
points.toml:57:18: error: item `fight` only ever deducts points, and a `cap` limits positive points only, so it would never apply
   |
57 | cap = { points = 20, per = "year" }
   |                  ^^
   = expected: `deduct_cap = { points = 20, per = "year" }` in place of `cap`, to limit deductions
3 errors, 0 warnings (points.toml could not be read, so the 0 rows in 1 ledger file were checked for form only)
"#,
        )
        .status(1)
        .unchanged()
        .run();
}

/// `add` refuses on such rules and writes nothing.
#[test]
fn add_refuses_while_a_cap_stands_on_a_deduction_item() {
    let rules = format!("{RULES}{CAP_ON_DEDUCTIONS}");
    book(&rules, "")
        .args(["add", "litter", "--people", "P01", "--date", "2026-03-20"])
        .stderr_has("points.toml:43:18: error: item `spit` only ever deducts points")
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn a_cap_on_an_item_that_only_deducts_in_chinese() {
    let rules = format!("{RULES}{CAP_ON_DEDUCTIONS}");
    book(&rules, "")
        .args(["--lang", "zh", "check"])
        .stdout(
            r#"points.toml:43:18: 错误：项目 `spit` 只扣分，而 `cap` 只限制加分，写了也不起作用
   |
43 | cap = { points = 6, per = "month" }
   |                  ^
   = 应为：把 `cap` 改为 `deduct_cap = { points = 6, per = "month" }`，用来限制扣分
points.toml:50:18: 错误：项目 `dog` 只扣分，而 `cap` 只限制加分，写了也不起作用
   |
50 | cap = { points = 6, per = "month" }
   |                  ^
   = 应为：把 `cap` 改为 `deduct_cap = { points = 6, per = "month" }`，用来限制扣分
points.toml:57:18: 错误：项目 `fight` 只扣分，而 `cap` 只限制加分，写了也不起作用
   |
57 | cap = { points = 20, per = "year" }
   |                  ^^
   = 应为：把 `cap` 改为 `deduct_cap = { points = 20, per = "year" }`，用来限制扣分
检查未通过：错误 3 处，提醒 0 条（积分规则 points.toml 无法读取，1 个台账文件共 0 行只检查了格式）
"#,
        )
        .status(1)
        .run();
}
