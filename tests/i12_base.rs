//! Base points, floor and ceiling on evaluations (SPEC §10, §12; issue 12):
//! 基础分100分，扣完为止, at most 120. The score is shown, ranked, tiered and
//! compared for ties after `base`, `floor` and `ceiling`, in that order and
//! after aggregation (after a `mean` too); reports are unaffected.

use crate::harness::Test;

/// A party-member scheme with base points (the book of these tests).
const RULES: &str = r#"# A party-member scheme: 基础分100分，扣完为止, at most 120 (tests/i12_base.rs).
[scheme]
name = "党员积分"
unit = "分"

[[role]]
id = "party"
name = "党员"

[[role]]
id = "resident"
name = "群众"

[[category]]
id = "edu"
name = "学习教育"

[[category]]
id = "service"
name = "服务群众"

[[category]]
id = "discipline"
name = "遵规守纪"

[[item]]
id = "meeting"
name = "三会一课"
category = "edu"
points = 5

[[item]]
id = "volunteer"
name = "志愿服务"
category = "service"
points = 10

[[item]]
id = "absence"
name = "无故缺席组织生活"
category = "discipline"
points = -20

[[item]]
id = "violation"
name = "违反纪律"
category = "discipline"
points = -50

[[evaluation]]
id = "party-review"
name = "党员积分评议"
who = ["party"]
period = "year"
base = 100
floor = 0
ceiling = 120
tiers = [
  { name = "优秀", min = 110, max = 1 },
  { name = "合格", min = 80 },
  { name = "基本合格", min = 60 },
  { name = "不合格" },
]

[[evaluation]]
id = "household-mean"
name = "户均积分"
subject = "household"
aggregate = "mean"
base = 60
tiers = [
  { name = "积分文明户", min = 60 },
  { name = "未评" },
]
"#;

const PEOPLE: &str = "\
id,name,household,building,role,joined,left
P01,张三,H1,B1,party,,
P02,李四,H1,B1,resident,,
P03,王五,H2,B1,party,,
P04,赵六,H2,B1,party,,
P05,钱七,H3,B2,party,,
P06,孙八,H3,B2,party,,
";

/// Earned in 2026 (hand-computed from these rows):
/// P01 张三 party:    5 + 10 + 10            =   25
/// P02 李四 resident: 10                     =   10
/// P03 王五 party:    10 + 10                =   20
/// P04 赵六 party:    5 − 50 − 20 − 50       = −115
/// P05 钱七 party:    10 − 50 − 20 − 50      = −110
/// P06 孙八 party:    5 − 20                 =  −15
const LEDGER: &str = "\
id,date,person,kind,item,qty,points,by,ref,note
E01,2026-02-05,P01,earn,meeting,1,5,书记,,
E02,2026-02-05,P04,earn,meeting,1,5,书记,,
E03,2026-02-05,P06,earn,meeting,1,5,书记,,
E04,2026-03-01,P01,earn,volunteer,1,10,社区,,
E05,2026-03-01,P02,earn,volunteer,1,10,社区,,
E06,2026-03-01,P03,earn,volunteer,1,10,社区,,
E07,2026-03-01,P05,earn,volunteer,1,10,社区,,
E08,2026-04-10,P04,earn,violation,1,-50,书记,,
E09,2026-04-10,P05,earn,violation,1,-50,书记,,
E10,2026-05-06,P04,earn,absence,1,-20,书记,,
E11,2026-05-06,P05,earn,absence,1,-20,书记,,
E12,2026-05-06,P06,earn,absence,1,-20,书记,,
E13,2026-06-01,P01,earn,volunteer,1,10,社区,,
E14,2026-06-01,P03,earn,volunteer,1,10,社区,,
E15,2026-07-08,P04,earn,violation,1,-50,书记,,
E16,2026-07-08,P05,earn,violation,1,-50,书记,,
";

fn book() -> Test {
    Test::new()
        .file("points.toml", RULES)
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", LEDGER)
}

/// Party members (P02 is not one), base 100, floor 0, ceiling 120:
/// P01 100 + 25 = 125, cut to 120 by the ceiling; P03 100 + 20 = 120: they
/// tie at 120 (rank 1 both), and `max = 1` of 优秀 gives it to P01 by id, so
/// both are marked tie and P03 gets 合格. P06 100 − 15 = 85 (rank 3, 合格).
/// P04 100 − 115 = −15 and P05 100 − 110 = −10: their deductions exceed base
/// and earnings, both are raised to the floor 0 and rank 4 together, last
/// (without the floor P05 would rank above P04). Ranks are 1, 1, 3, 4, 4.
#[test]
fn party_review_base_floor_ceiling() {
    book()
        .args(["evaluate", "party-review", "2026"])
        .stdout(
            r#"党员积分 — 党员积分评议, 2026, by person
┌──────┬────────┬──────┬───────┬────────┬────────┬─────┬───────────────────────────────────────────────────────────────────────────────────────┐
│ rank ┆ person ┆ name ┆ score ┆ tier   ┆ vetoed ┆ tie ┆ reason                                                                                │
╞══════╪════════╪══════╪═══════╪════════╪════════╪═════╪═══════════════════════════════════════════════════════════════════════════════════════╡
│    1 ┆ P01    ┆ 张三 ┆   120 ┆ 优秀   ┆        ┆ yes ┆ tie: same score and veto status at places 1–2, the order by id decided                │
│    1 ┆ P03    ┆ 王五 ┆   120 ┆ 合格   ┆        ┆ yes ┆ 优秀 full (1); tie: same score and veto status at places 1–2, the order by id decided │
│    3 ┆ P06    ┆ 孙八 ┆    85 ┆ 合格   ┆        ┆     ┆ below 110                                                                             │
│    4 ┆ P04    ┆ 赵六 ┆     0 ┆ 不合格 ┆        ┆     ┆ below 110; below 80; below 60                                                         │
│    4 ┆ P05    ┆ 钱七 ┆     0 ┆ 不合格 ┆        ┆     ┆ below 110; below 80; below 60                                                         │
└──────┴────────┴──────┴───────┴────────┴────────┴─────┴───────────────────────────────────────────────────────────────────────────────────────┘
5 people, 0 vetoed
优秀: 1 (at most 1)
合格: 2
基本合格: 0
不合格: 2
"#,
        )
        .unchanged()
        .run();
}

/// The same scores in JSON: 120, 120, 85, 0, 0.
#[test]
fn party_review_json() {
    book()
        .args(["--format", "json", "evaluate", "party-review", "2026"])
        .stdout(
            r#"[
  {"rank":1,"subject":"P01","name":"张三","score":120,"tier":"优秀","vetoed":false,"tie":true,"reason":"tie: same score and veto status at places 1–2, the order by id decided"},
  {"rank":1,"subject":"P03","name":"王五","score":120,"tier":"合格","vetoed":false,"tie":true,"reason":"优秀 full (1); tie: same score and veto status at places 1–2, the order by id decided"},
  {"rank":3,"subject":"P06","name":"孙八","score":85,"tier":"合格","vetoed":false,"tie":false,"reason":"below 110"},
  {"rank":4,"subject":"P04","name":"赵六","score":0,"tier":"不合格","vetoed":false,"tie":false,"reason":"below 110; below 80; below 60"},
  {"rank":4,"subject":"P05","name":"钱七","score":0,"tier":"不合格","vetoed":false,"tie":false,"reason":"below 110; below 80; below 60"}
]
"#,
        )
        .unchanged()
        .run();
}

/// Households, `aggregate = "mean"` over all members, then base 60:
/// H1 (25 + 10) / 2 = 17.5 → 77.5 (积分文明户, min 60);
/// H2 (20 − 115) / 2 = −47.5 → 12.5; H3 (−110 − 15) / 2 = −62.5 → −2.5
/// (no floor here, so a score may stay below 0).
#[test]
fn household_mean_with_base() {
    book()
        .args(["evaluate", "household-mean", "2026"])
        .stdout(
            r#"党员积分 — 户均积分, 2026, by household
┌──────┬───────────┬────────────┬───────┬────────────┬────────┬─────┬──────────┐
│ rank ┆ household ┆ name       ┆ score ┆ tier       ┆ vetoed ┆ tie ┆ reason   │
╞══════╪═══════════╪════════════╪═══════╪════════════╪════════╪═════╪══════════╡
│    1 ┆ H1        ┆ 张三、李四 ┆  77.5 ┆ 积分文明户 ┆        ┆     ┆ —        │
│    2 ┆ H2        ┆ 王五、赵六 ┆  12.5 ┆ 未评       ┆        ┆     ┆ below 60 │
│    3 ┆ H3        ┆ 钱七、孙八 ┆  -2.5 ┆ 未评       ┆        ┆     ┆ below 60 │
└──────┴───────────┴────────────┴───────┴────────────┴────────┴─────┴──────────┘
3 households, 0 vetoed
积分文明户: 1
未评: 2
"#,
        )
        .unchanged()
        .run();
}

/// The mean scores after base in JSON: 77.5, 12.5, −2.5.
#[test]
fn household_mean_json() {
    book()
        .args(["--format", "json", "evaluate", "household-mean", "2026"])
        .stdout(
            r#"[
  {"rank":1,"subject":"H1","name":"张三、李四","score":77.5,"tier":"积分文明户","vetoed":false,"tie":false,"reason":null},
  {"rank":2,"subject":"H2","name":"王五、赵六","score":12.5,"tier":"未评","vetoed":false,"tie":false,"reason":"below 60"},
  {"rank":3,"subject":"H3","name":"钱七、孙八","score":-2.5,"tier":"未评","vetoed":false,"tie":false,"reason":"below 60"}
]
"#,
        )
        .unchanged()
        .run();
}

/// Reports are unaffected: earned points as in the ledger, no base, floor or ceiling
/// (P01 25, not 120; P04 −115, not 0).
#[test]
fn report_has_no_base_points() {
    book()
        .args(["report", "2026"])
        .stdout(
            r#"党员积分 — points earned, 2026, by person
┌──────┬────────┬──────┬────────┬──────────┬──────────┬──────────┬───────┬───────┐
│ rank ┆ person ┆ name ┆ earned ┆ 学习教育 ┆ 服务群众 ┆ 遵规守纪 ┆ hours ┆ times │
╞══════╪════════╪══════╪════════╪══════════╪══════════╪══════════╪═══════╪═══════╡
│    1 ┆ P01    ┆ 张三 ┆     25 ┆        5 ┆       20 ┆        0 ┆     0 ┆     3 │
│    2 ┆ P03    ┆ 王五 ┆     20 ┆        0 ┆       20 ┆        0 ┆     0 ┆     2 │
│    3 ┆ P02    ┆ 李四 ┆     10 ┆        0 ┆       10 ┆        0 ┆     0 ┆     1 │
│    4 ┆ P06    ┆ 孙八 ┆    -15 ┆        5 ┆        0 ┆      -20 ┆     0 ┆     1 │
│    5 ┆ P05    ┆ 钱七 ┆   -110 ┆        0 ┆       10 ┆     -120 ┆     0 ┆     1 │
│    6 ┆ P04    ┆ 赵六 ┆   -115 ┆        5 ┆        0 ┆     -120 ┆     0 ┆     1 │
└──────┴────────┴──────┴────────┴──────────┴──────────┴──────────┴───────┴───────┘
"#,
        )
        .unchanged()
        .run();
}

/// The party review in Chinese: the same figures as `party_review_base_floor_ceiling`.
#[test]
fn party_review_in_chinese() {
    book()
        .env("POINTS_LANG", "zh")
        .args(["evaluate", "party-review", "2026"])
        .stdout(
            r#"党员积分 — 党员积分评议（2026年，按人评议）
┌──────┬──────┬──────┬──────┬────────┬──────────┬──────┬─────────────────────────────────────────────────────────────────────────────────┐
│ 名次 ┆ 编号 ┆ 姓名 ┆ 得分 ┆ 等次   ┆ 一票否决 ┆ 同分 ┆ 说明                                                                            │
╞══════╪══════╪══════╪══════╪════════╪══════════╪══════╪═════════════════════════════════════════════════════════════════════════════════╡
│    1 ┆ P01  ┆ 张三 ┆  120 ┆ 优秀   ┆          ┆ 是   ┆ 同分：第 1–2 位的得分和一票否决情况都相同，按编号先后排定                       │
│    1 ┆ P03  ┆ 王五 ┆  120 ┆ 合格   ┆          ┆ 是   ┆ 优秀名额已满（1 名）；同分：第 1–2 位的得分和一票否决情况都相同，按编号先后排定 │
│    3 ┆ P06  ┆ 孙八 ┆   85 ┆ 合格   ┆          ┆      ┆ 得分低于 110                                                                    │
│    4 ┆ P04  ┆ 赵六 ┆    0 ┆ 不合格 ┆          ┆      ┆ 得分低于 110；得分低于 80；得分低于 60                                          │
│    4 ┆ P05  ┆ 钱七 ┆    0 ┆ 不合格 ┆          ┆      ┆ 得分低于 110；得分低于 80；得分低于 60                                          │
└──────┴──────┴──────┴──────┴────────┴──────────┴──────┴─────────────────────────────────────────────────────────────────────────────────┘
共 5 人，其中 0 人被一票否决
优秀：1（最多 1）
合格：2
基本合格：0
不合格：2
"#,
        )
        .unchanged()
        .run();
}

/// A floor above the ceiling, and a base with three decimals: `check` names
/// file, line and key of each, and `evaluate` refuses to run on such rules.
fn broken() -> Test {
    book().file(
        "points.toml",
        RULES
            .replace("floor = 0\n", "floor = 130\n")
            .replace("base = 60\n", "base = 0.125\n"),
    )
}

#[test]
fn floor_above_ceiling_and_inexact_base_are_errors() {
    broken()
        .args(["check"])
        .status(1)
        .stdout(
            r#"points.toml:57:11: error: evaluation `party-review` has a floor of 130 above its ceiling of 120: no score could be both
   |
57 | ceiling = 120
   |           ^^^
   = expected: a floor at or below the ceiling, like floor = 0 and ceiling = 120
points.toml:70:8: error: base `0.125`: it has more than two decimal places
   |
70 | base = 0.125
   |        ^^^^^
   = expected: a number with at most two decimals, like 2 or 2.5
2 errors, 0 warnings (points.toml could not be read, so the 16 rows in 1 ledger file were checked for form only)
"#,
        )
        .unchanged()
        .run();
    broken()
        .args(["evaluate", "party-review", "2026"])
        .status(1)
        .stderr_has("has a floor of 130 above its ceiling of 120")
        .unchanged()
        .run();
}

/// The same findings in Chinese.
#[test]
fn floor_above_ceiling_in_chinese() {
    broken()
        .env("POINTS_LANG", "zh")
        .args(["check"])
        .status(1)
        .stdout(
            r#"points.toml:57:11: 错误：评议 `party-review` 的得分下限 floor（130）高于得分上限 ceiling（120）：没有哪个得分能同时满足
   |
57 | ceiling = 120
   |           ^^^
   = 应为：得分下限不高于得分上限，例如 floor = 0、ceiling = 120
points.toml:70:8: 错误：base 的值 `0.125` 超过了两位小数
   |
70 | base = 0.125
   |        ^^^^^
   = 应为：最多两位小数的数，例如 2 或 2.5
检查未通过：错误 2 处，提醒 0 条（积分规则 points.toml 无法读取，1 个台账文件共 16 行只检查了格式）
"#,
        )
        .unchanged()
        .run();
}
