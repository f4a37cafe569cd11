//! Household caps (SPEC §10): `by = "household"` on `cap` and `deduct_cap`
//! limits what all members of a household earn (or lose) together from the
//! item or category, in ledger order; a void frees room. 王芳 (P01), 李强
//! (P02) and 李小红 (P03) live in H1, 赵敏 (P04) in H2. Every figure expected
//! below is worked out by hand in the comment above it.

use crate::harness::Test;

const RULES: &str = r#"[scheme]
name = "户上限小区"

[[category]]
id = "welfare"
name = "社区公益类"

[[item]]
id = "clean"
name = "打扫卫生"
category = "welfare"
points = 10
cap = { points = 20, per = "month", by = "household" }

[[item]]
id = "litter"
name = "乱扔垃圾"
category = "welfare"
points = -5
deduct_cap = { points = 6, per = "month", by = "household" }
"#;

const PEOPLE: &str = "id,name,household,building,role,joined,left
P01,王芳,H1,B1,resident,,
P02,李强,H1,B1,resident,,
P03,李小红,H1,B1,resident,,
P04,赵敏,H2,B1,resident,,
";

/// H1's 打扫卫生 room is 20 a month, shared. In ledger order: C1 P01 10 (H1
/// used 10); C2 P02 10 (used 20); C3 P03 → 0 (room 0); V1 voids C1 (used
/// 10); C4 P03 → 10 (room 10, used 20); C5 P04 10 (H2 is another household).
/// 乱扔垃圾, 6 a month per household: D1 P01 −5 (H1 used 5); D2 P02 cut to −1.
/// March: P01 −5 (C1 voided), P02 10 − 1 = 9, P03 0 + 10 = 10 (times 2),
/// P04 10.
const ROWS: &str = "id,date,person,kind,item,qty,points,by,ref,note
C1,2026-03-02,P01,earn,clean,1,10,队长,,
C2,2026-03-03,P02,earn,clean,1,10,队长,,
C3,2026-03-04,P03,earn,clean,1,0,队长,,
V1,2026-03-05,P01,void,clean,1,-10,队长,C1,录错了
C4,2026-03-06,P03,earn,clean,1,10,队长,,
C5,2026-03-07,P04,earn,clean,1,10,队长,,
D1,2026-03-08,P01,earn,litter,1,-5,队长,,
D2,2026-03-09,P02,earn,litter,1,-1,队长,,
";

fn book(rules: &str, rows: &str) -> Test {
    Test::new()
        .file("points.toml", rules)
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", rows)
        .env("POINTS_ID_SEED", "1")
}

#[test]
fn a_household_cap_is_shared_by_its_members_in_ledger_order() {
    book(RULES, ROWS)
        .args(["check"])
        .stdout("ok: 8 rows in 1 ledger file, 4 people, 2 items; 0 warnings\n")
        .run();
    book(RULES, ROWS)
        .args(["--format", "json", "report", "2026-03"])
        .stdout(
            r#"[
  {"rank":1,"person":"P03","name":"李小红","earned":10,"categories":{"welfare":10},"hours":0,"times":2},
  {"rank":1,"person":"P04","name":"赵敏","earned":10,"categories":{"welfare":10},"hours":0,"times":1},
  {"rank":3,"person":"P02","name":"李强","earned":9,"categories":{"welfare":9},"hours":0,"times":1},
  {"rank":4,"person":"P01","name":"王芳","earned":-5,"categories":{"welfare":-5},"hours":0,"times":0}
]
"#,
        )
        .run();
    // Without the void, C4 has no room: its 10 is then an error.
    book(RULES, &ROWS.replace("V1,2026-03-05,P01,void,clean,1,-10,队长,C1,录错了\n", ""))
        .args(["check"])
        .stdout_has("ledger/2026.csv:5:32: error: points `10` are more than the rules give (0): 打扫卫生 gives 10 per time to a 群众, × 1 = 10, and the monthly cap of 20 on 打扫卫生, household H1 leaves 0")
        .status(1)
        .run();
}

/// `add` for P01 (H1: 20 used → 0) and P04 (H2: 10 used → 10, balance 20).
#[test]
fn add_applies_a_household_cap_from_the_other_members_rows() {
    book(RULES, ROWS)
        .args([
            "add",
            "clean",
            "--people",
            "P01,P04",
            "--date",
            "2026-03-20",
        ])
        .stdout(
            "recorded 2 rows in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-03-20 ┆ P01    ┆ 王芳 ┆ earn ┆ 打扫卫生 ┆   1 ┆      0 ┆      -5 │
│ dz33gdkwmr ┆ 2026-03-20 ┆ P04    ┆ 赵敏 ┆ earn ┆ 打扫卫生 ┆   1 ┆     10 ┆      20 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
王芳 (P01): 打扫卫生, household H1: monthly cap of 20 reached — recorded with 0 points
",
        )
        .run();
    // 乱扔垃圾 for P03: H1 has lost 6 this month → 0 (P03's balance stays 10).
    book(RULES, ROWS)
        .args(["add", "litter", "--people", "P03", "--date", "2026-03-20"])
        .stdout(
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬────────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name   ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪════════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-03-20 ┆ P03    ┆ 李小红 ┆ earn ┆ 乱扔垃圾 ┆   1 ┆      0 ┆      10 │
└────────────┴────────────┴────────┴────────┴──────┴──────────┴─────┴────────┴─────────┘
李小红 (P03): 乱扔垃圾, household H1: monthly deduction cap of 6 reached — recorded with 0 points
",
        )
        .run();
}

/// In Chinese: D2 written at the full −5 (H1 had 1 left); a `by` that is
/// neither person nor household.
#[test]
fn household_caps_in_chinese() {
    book(RULES, &ROWS.replace("litter,1,-1,", "litter,1,-5,"))
        .args(["--lang", "zh", "check"])
        .stdout(
            "ledger/2026.csv:9:33: 错误：积分 `-5` 比规则给的（-1）少：乱扔垃圾给群众每次 -5 分，1 次共 -5 分；而乱扔垃圾，H1 户每月扣分上限 6 分，只剩 1 分
  |
9 | D2,2026-03-09,P02,earn,litter,1,-5,队长,,
  |                                 ^^
  = 应为：-1
  = 处理办法：如果是直接改了积分规则里的分值，请把原来的分值改回去，用带日期的分值表（rates）记下新分值；否则请作废这条记录，再用 `points add` 重新记录
检查未通过：错误 1 处，提醒 0 条（1 个台账文件共 8 行，花名册 4 人，积分项目 2 个）
",
        )
        .status(1)
        .run();
    book(
        &RULES.replacen("by = \"household\"", "by = \"family\"", 1),
        ROWS,
    )
    .args(["--lang", "zh", "check"])
    .stdout(
        r#"points.toml:13:42: 错误：`family` 不是上限的计算对象
   |
13 | cap = { points = 20, per = "month", by = "family" }
   |                                          ^^^^^^^^
   = 应为："person"（每人各算，默认）或 "household"（同一户的人合算）
检查未通过：错误 1 处，提醒 0 条（积分规则 points.toml 无法读取，1 个台账文件共 8 行只检查了格式）
"#,
    )
    .status(1)
    .run();
}
