//! `points evaluate` (SPEC §3.1) on the book tests/fixtures/eval: whole
//! outputs for each rule, refusals, and the roster-order property.

use crate::harness::{copy_dir, fixtures, points, Test};
use proptest::prelude::*;

/// 文明户 by household, 2026: H4 has the best score but a law deduction (veto by category) bars the clean tier; H2 and H3 tie at 30 across `max = 2` and the order by id decides; H5's only deduction was voided, so it is not vetoed; 赵六 moved out on 2026-05-31 and still counts for 2026; H6 is vetoed by 乱搭乱建.
#[test]
fn civilized_household_table() {
    Test::new()
        .fixture("eval")
        .args(["evaluate", "civilized-household", "2026"])
        .stdout(
            r#"评议小区 — 文明户, 2026, by household
┌──────┬───────────┬──────────────────┬───────┬────────┬────────┬─────┬─────────────────────────────────────────────────────────────────────────────────────────┐
│ rank ┆ household ┆ name             ┆ score ┆ tier   ┆ vetoed ┆ tie ┆ reason                                                                                  │
╞══════╪═══════════╪══════════════════╪═══════╪════════╪════════╪═════╪═════════════════════════════════════════════════════════════════════════════════════════╡
│    1 ┆ H4        ┆ 孙八、周九       ┆    50 ┆ 未评   ┆ yes    ┆     ┆ vetoed: 乱丢垃圾 2026-04-02 (E09, 孙八)                                                 │
│    2 ┆ H1        ┆ 张三、李四       ┆    40 ┆ 文明户 ┆        ┆     ┆ —                                                                                       │
│    3 ┆ H2        ┆ 王五、赵六       ┆    30 ┆ 文明户 ┆        ┆ yes ┆ tie: same score and veto status at places 3–4, the order by id decided                  │
│    3 ┆ H3        ┆ 钱七             ┆    30 ┆ 未评   ┆        ┆ yes ┆ 文明户 full (2); tie: same score and veto status at places 3–4, the order by id decided │
│    5 ┆ H5        ┆ 吴十             ┆    25 ┆ 未评   ┆        ┆     ┆ 文明户 full (2)                                                                         │
│    6 ┆ H6        ┆ 郑一、冯二、陈三 ┆    20 ┆ 未评   ┆ yes    ┆     ┆ vetoed: 乱搭乱建 2026-05-03 (E13, 郑一)                                                 │
└──────┴───────────┴──────────────────┴───────┴────────┴────────┴─────┴─────────────────────────────────────────────────────────────────────────────────────────┘
6 households, 2 vetoed
文明户: 2 (at most 2)
未评: 4
"#,
        )
        .unchanged()
        .run();
}

/// The same, as the JSON contract.
#[test]
fn civilized_household_json() {
    Test::new()
        .fixture("eval")
        .args(["--format", "json", "evaluate", "civilized-household", "2026"])
        .stdout(
            r#"[
  {"rank":1,"subject":"H4","name":"孙八、周九","score":50,"tier":"未评","vetoed":true,"tie":false,"reason":"vetoed: 乱丢垃圾 2026-04-02 (E09, 孙八)"},
  {"rank":2,"subject":"H1","name":"张三、李四","score":40,"tier":"文明户","vetoed":false,"tie":false,"reason":null},
  {"rank":3,"subject":"H2","name":"王五、赵六","score":30,"tier":"文明户","vetoed":false,"tie":true,"reason":"tie: same score and veto status at places 3–4, the order by id decided"},
  {"rank":3,"subject":"H3","name":"钱七","score":30,"tier":"未评","vetoed":false,"tie":true,"reason":"文明户 full (2); tie: same score and veto status at places 3–4, the order by id decided"},
  {"rank":5,"subject":"H5","name":"吴十","score":25,"tier":"未评","vetoed":false,"tie":false,"reason":"文明户 full (2)"},
  {"rank":6,"subject":"H6","name":"郑一、冯二、陈三","score":20,"tier":"未评","vetoed":true,"tie":false,"reason":"vetoed: 乱搭乱建 2026-05-03 (E13, 郑一)"}
]
"#,
        )
        .unchanged()
        .run();
}

/// An evaluation may be named by its name; CSV has the same columns.
#[test]
fn civilized_household_csv_by_name() {
    Test::new()
        .fixture("eval")
        .args(["--format", "csv", "evaluate", "文明户", "2026"])
        .stdout(
            r#"rank,subject,name,score,tier,vetoed,tie,reason
1,H4,孙八、周九,50,未评,true,false,"vetoed: 乱丢垃圾 2026-04-02 (E09, 孙八)"
2,H1,张三、李四,40,文明户,false,false,
3,H2,王五、赵六,30,文明户,false,true,"tie: same score and veto status at places 3–4, the order by id decided"
3,H3,钱七,30,未评,false,true,"文明户 full (2); tie: same score and veto status at places 3–4, the order by id decided"
5,H5,吴十,25,未评,false,false,文明户 full (2)
6,H6,郑一、冯二、陈三,20,未评,true,false,"vetoed: 乱搭乱建 2026-05-03 (E13, 郑一)"
"#,
        )
        .unchanged()
        .run();
}

/// Party members only (`who`): 5 subjects, `share = 1/3` holds 5/3 rounded down = 1 优秀. The veto names an item (乱搭乱建): 孙八's 乱丢垃圾 does not veto here, 郑一's 乱搭乱建 bars the clean 合格. 赵六 and 郑一 share a score but not a veto status: no tie.
#[test]
fn party_review_table() {
    Test::new()
        .fixture("eval")
        .args(["evaluate", "party-review", "2026"])
        .stdout(
            r#"评议小区 — 民主评议党员参考, 2026, by person
┌──────┬────────┬──────┬───────┬──────────┬────────┬─────┬───────────────────────────────────────────────────┐
│ rank ┆ person ┆ name ┆ score ┆ tier     ┆ vetoed ┆ tie ┆ reason                                            │
╞══════╪════════╪══════╪═══════╪══════════╪════════╪═════╪═══════════════════════════════════════════════════╡
│    1 ┆ P08    ┆ 吴十 ┆    25 ┆ 优秀     ┆        ┆     ┆ —                                                 │
│    2 ┆ P06    ┆ 孙八 ┆    20 ┆ 合格     ┆        ┆     ┆ 优秀 full (1)                                     │
│    3 ┆ P01    ┆ 张三 ┆    15 ┆ 合格     ┆        ┆     ┆ 优秀 full (1)                                     │
│    4 ┆ P04    ┆ 赵六 ┆    10 ┆ 合格     ┆        ┆     ┆ below 15                                          │
│    4 ┆ P09    ┆ 郑一 ┆    10 ┆ 基本合格 ┆ yes    ┆     ┆ below 15; vetoed: 乱搭乱建 2026-05-03 (E13, 郑一) │
└──────┴────────┴──────┴───────┴──────────┴────────┴─────┴───────────────────────────────────────────────────┘
5 people, 1 vetoed
优秀: 1 (at most 1)
合格: 3
基本合格: 1
不合格: 0
"#,
        )
        .unchanged()
        .run();
}

/// The same, as JSON.
#[test]
fn party_review_json() {
    Test::new()
        .fixture("eval")
        .args(["--format", "json", "evaluate", "party-review", "2026"])
        .stdout(
            r#"[
  {"rank":1,"subject":"P08","name":"吴十","score":25,"tier":"优秀","vetoed":false,"tie":false,"reason":null},
  {"rank":2,"subject":"P06","name":"孙八","score":20,"tier":"合格","vetoed":false,"tie":false,"reason":"优秀 full (1)"},
  {"rank":3,"subject":"P01","name":"张三","score":15,"tier":"合格","vetoed":false,"tie":false,"reason":"优秀 full (1)"},
  {"rank":4,"subject":"P04","name":"赵六","score":10,"tier":"合格","vetoed":false,"tie":false,"reason":"below 15"},
  {"rank":4,"subject":"P09","name":"郑一","score":10,"tier":"基本合格","vetoed":true,"tie":false,"reason":"below 15; vetoed: 乱搭乱建 2026-05-03 (E13, 郑一)"}
]
"#,
        )
        .unchanged()
        .run();
}

/// 公益之星 counts 社区公益类 only (郑一's -20 does not lower the score but vetoes), and has no catch-all tier: subjects that fit no tier get none.
#[test]
fn welfare_star_table() {
    Test::new()
        .fixture("eval")
        .args(["evaluate", "welfare-star", "2026"])
        .stdout(
            r#"评议小区 — 公益之星, 2026, by person
┌──────┬────────┬──────┬───────┬──────────┬────────┬─────┬─────────────────────────────────────────────────────────────────┐
│ rank ┆ person ┆ name ┆ score ┆ tier     ┆ vetoed ┆ tie ┆ reason                                                          │
╞══════╪════════╪══════╪═══════╪══════════╪════════╪═════╪═════════════════════════════════════════════════════════════════╡
│    1 ┆ P05    ┆ 钱七 ┆    30 ┆ 公益之星 ┆        ┆     ┆ —                                                               │
│    1 ┆ P07    ┆ 周九 ┆    30 ┆ 公益之星 ┆        ┆     ┆ —                                                               │
│    1 ┆ P09    ┆ 郑一 ┆    30 ┆ —        ┆ yes    ┆     ┆ vetoed: 乱搭乱建 2026-05-03 (E13, 郑一); fits no tier           │
│    4 ┆ P02    ┆ 李四 ┆    25 ┆ —        ┆        ┆     ┆ below 30; fits no tier                                          │
│    5 ┆ P03    ┆ 王五 ┆    20 ┆ —        ┆        ┆     ┆ below 30; fits no tier                                          │
│    5 ┆ P06    ┆ 孙八 ┆    20 ┆ —        ┆ yes    ┆     ┆ below 30; vetoed: 乱丢垃圾 2026-04-02 (E09, 孙八); fits no tier │
│    5 ┆ P08    ┆ 吴十 ┆    20 ┆ —        ┆        ┆     ┆ below 30; fits no tier                                          │
│    8 ┆ P01    ┆ 张三 ┆    10 ┆ —        ┆        ┆     ┆ below 30; fits no tier                                          │
│    8 ┆ P10    ┆ 冯二 ┆    10 ┆ —        ┆        ┆     ┆ below 30; fits no tier                                          │
│   10 ┆ P04    ┆ 赵六 ┆     0 ┆ —        ┆        ┆     ┆ below 30; fits no tier                                          │
│   10 ┆ P11    ┆ 陈三 ┆     0 ┆ —        ┆        ┆     ┆ below 30; fits no tier                                          │
└──────┴────────┴──────┴───────┴──────────┴────────┴─────┴─────────────────────────────────────────────────────────────────┘
11 people, 2 vetoed
公益之星: 2 (at most 3)
no tier: 9
"#,
        )
        .unchanged()
        .run();
}

/// The same, as JSON: `tier` is null.
#[test]
fn welfare_star_json() {
    Test::new()
        .fixture("eval")
        .args(["--format", "json", "evaluate", "welfare-star", "2026"])
        .stdout(
            r#"[
  {"rank":1,"subject":"P05","name":"钱七","score":30,"tier":"公益之星","vetoed":false,"tie":false,"reason":null},
  {"rank":1,"subject":"P07","name":"周九","score":30,"tier":"公益之星","vetoed":false,"tie":false,"reason":null},
  {"rank":1,"subject":"P09","name":"郑一","score":30,"tier":null,"vetoed":true,"tie":false,"reason":"vetoed: 乱搭乱建 2026-05-03 (E13, 郑一); fits no tier"},
  {"rank":4,"subject":"P02","name":"李四","score":25,"tier":null,"vetoed":false,"tie":false,"reason":"below 30; fits no tier"},
  {"rank":5,"subject":"P03","name":"王五","score":20,"tier":null,"vetoed":false,"tie":false,"reason":"below 30; fits no tier"},
  {"rank":5,"subject":"P06","name":"孙八","score":20,"tier":null,"vetoed":true,"tie":false,"reason":"below 30; vetoed: 乱丢垃圾 2026-04-02 (E09, 孙八); fits no tier"},
  {"rank":5,"subject":"P08","name":"吴十","score":20,"tier":null,"vetoed":false,"tie":false,"reason":"below 30; fits no tier"},
  {"rank":8,"subject":"P01","name":"张三","score":10,"tier":null,"vetoed":false,"tie":false,"reason":"below 30; fits no tier"},
  {"rank":8,"subject":"P10","name":"冯二","score":10,"tier":null,"vetoed":false,"tie":false,"reason":"below 30; fits no tier"},
  {"rank":10,"subject":"P04","name":"赵六","score":0,"tier":null,"vetoed":false,"tie":false,"reason":"below 30; fits no tier"},
  {"rank":10,"subject":"P11","name":"陈三","score":0,"tier":null,"vetoed":false,"tie":false,"reason":"below 30; fits no tier"}
]
"#,
        )
        .unchanged()
        .run();
}

/// A household `mean` over its counted members; 吴十 joined on 2026-07-01, so H5 is no subject in 2026H1.
#[test]
fn household_mean_first_half() {
    Test::new()
        .fixture("eval")
        .args(["evaluate", "household-mean", "2026H1"])
        .stdout(
            r#"评议小区 — 户均积分, 2026H1, by household
┌──────┬───────────┬──────────────────┬───────┬──────┬────────┬─────┬─────────────────────────────────┐
│ rank ┆ household ┆ name             ┆ score ┆ tier ┆ vetoed ┆ tie ┆ reason                          │
╞══════╪═══════════╪══════════════════╪═══════╪══════╪════════╪═════╪═════════════════════════════════╡
│    1 ┆ H3        ┆ 钱七             ┆    20 ┆ 优   ┆        ┆     ┆ —                               │
│    1 ┆ H4        ┆ 孙八、周九       ┆    20 ┆ 优   ┆        ┆     ┆ —                               │
│    3 ┆ H1        ┆ 张三、李四       ┆  17.5 ┆ 优   ┆        ┆     ┆ —                               │
│    4 ┆ H2        ┆ 王五、赵六       ┆    10 ┆ 良   ┆        ┆     ┆ below 15                        │
│    5 ┆ H6        ┆ 郑一、冯二、陈三 ┆     0 ┆ —    ┆        ┆     ┆ below 15; below 5; fits no tier │
└──────┴───────────┴──────────────────┴───────┴──────┴────────┴─────┴─────────────────────────────────┘
5 households, 0 vetoed
优: 3
良: 1
no tier: 1
"#,
        )
        .unchanged()
        .run();
}

/// In 2026H2 赵六 (moved out 2026-05-31) no longer counts: H2 is 王五 alone, and H6's mean 20/3 rounds to 6.67.
#[test]
fn household_mean_second_half_json() {
    Test::new()
        .fixture("eval")
        .args(["--format", "json", "evaluate", "household-mean", "2026H2"])
        .stdout(
            r#"[
  {"rank":1,"subject":"H5","name":"吴十","score":25,"tier":"优","vetoed":false,"tie":false,"reason":null},
  {"rank":2,"subject":"H2","name":"王五","score":10,"tier":"良","vetoed":false,"tie":false,"reason":"below 15"},
  {"rank":2,"subject":"H3","name":"钱七","score":10,"tier":"良","vetoed":false,"tie":false,"reason":"below 15"},
  {"rank":4,"subject":"H6","name":"郑一、冯二、陈三","score":6.67,"tier":"良","vetoed":false,"tie":false,"reason":"below 15"},
  {"rank":5,"subject":"H4","name":"孙八、周九","score":5,"tier":"良","vetoed":false,"tie":false,"reason":"below 15"},
  {"rank":6,"subject":"H1","name":"张三、李四","score":2.5,"tier":null,"vetoed":false,"tie":false,"reason":"below 15; below 5; fits no tier"}
]
"#,
        )
        .unchanged()
        .run();
}

/// Buildings, named by their id, as Markdown for a notice.
#[test]
fn building_md() {
    Test::new()
        .fixture("eval")
        .args(["--format", "md", "evaluate", "building", "2026"])
        .stdout(
            r#"## 评议小区 — 先进楼栋, 2026, by building

| rank | building | name | score | tier | vetoed | tie | reason |
| ---: | --- | --- | ---: | --- | --- | --- | --- |
| 1 | B1 | B1 | 100 | 先进楼栋 |  |  | — |
| 2 | B2 | B2 | 95 | — |  |  | 先进楼栋 full (1); fits no tier |

2 buildings, 0 vetoed  
先进楼栋: 1 (at most 1)  
no tier: 1  
"#,
        )
        .unchanged()
        .run();
}

/// Without its void, 吴十's 乱丢垃圾 vetoes H5 again and lowers its score:
/// the void in the fixture is what keeps H5 clean.
#[test]
fn a_voided_deduction_no_longer_vetoes() {
    let ledger = std::fs::read_to_string(fixtures().join("eval/ledger/2026.csv")).unwrap();
    let without_void: String = ledger
        .lines()
        .filter(|l| !l.starts_with("E21,"))
        .map(|l| format!("{l}\n"))
        .collect();
    Test::new()
        .fixture("eval")
        .file("ledger/2026.csv", without_void)
        .args(["--format", "json", "evaluate", "civilized-household", "2026"])
        .stdout(
            r#"[
  {"rank":1,"subject":"H4","name":"孙八、周九","score":50,"tier":"未评","vetoed":true,"tie":false,"reason":"vetoed: 乱丢垃圾 2026-04-02 (E09, 孙八)"},
  {"rank":2,"subject":"H1","name":"张三、李四","score":40,"tier":"文明户","vetoed":false,"tie":false,"reason":null},
  {"rank":3,"subject":"H2","name":"王五、赵六","score":30,"tier":"文明户","vetoed":false,"tie":true,"reason":"tie: same score and veto status at places 3–4, the order by id decided"},
  {"rank":3,"subject":"H3","name":"钱七","score":30,"tier":"未评","vetoed":false,"tie":true,"reason":"文明户 full (2); tie: same score and veto status at places 3–4, the order by id decided"},
  {"rank":5,"subject":"H5","name":"吴十","score":20,"tier":"未评","vetoed":true,"tie":false,"reason":"vetoed: 乱丢垃圾 2026-08-01 (E20, 吴十)"},
  {"rank":5,"subject":"H6","name":"郑一、冯二、陈三","score":20,"tier":"未评","vetoed":true,"tie":false,"reason":"vetoed: 乱搭乱建 2026-05-03 (E13, 郑一)"}
]
"#,
        )
        .run();
}

/// A yearly evaluation is refused for a half-year, with the kind it expects.
#[test]
fn a_period_of_the_wrong_kind_is_refused() {
    Test::new()
        .fixture("eval")
        .args(["evaluate", "civilized-household", "2026H1"])
        .stdout("")
        .stderr("error: 文明户 (civilized-household) is a yearly evaluation: run it for a year, like `points evaluate civilized-household 2026`, not for `2026H1` (or set period = \"any\" in points.toml to allow any period)\n")
        .status(2)
        .unchanged()
        .run();
    Test::new()
        .fixture("eval")
        .args(["evaluate", "household-mean", "all"])
        .stdout("")
        .stderr("error: 户均积分 (household-mean) is a half-yearly evaluation: run it for a half-year, like `points evaluate household-mean 2026H1`, not for `all` (or set period = \"any\" in points.toml to allow any period)\n")
        .status(2)
        .run();
}

/// `period = "any"` runs for any period: over all time, 张三's opening
/// balance from the paper records counts.
#[test]
fn any_period_allows_all() {
    Test::new()
        .fixture("eval")
        .args(["--format", "csv", "evaluate", "welfare-star", "all"])
        .stdout(
            "rank,subject,name,score,tier,vetoed,tie,reason
1,P01,张三,110,公益之星,false,false,
2,P05,钱七,30,公益之星,false,false,
2,P07,周九,30,公益之星,false,false,
2,P09,郑一,30,,true,false,\"vetoed: 乱搭乱建 2026-05-03 (E13, 郑一); fits no tier\"
5,P02,李四,25,,false,false,below 30; fits no tier
6,P03,王五,20,,false,false,below 30; fits no tier
6,P06,孙八,20,,true,false,\"below 30; vetoed: 乱丢垃圾 2026-04-02 (E09, 孙八); fits no tier\"
6,P08,吴十,20,,false,false,below 30; fits no tier
9,P10,冯二,10,,false,false,below 30; fits no tier
10,P04,赵六,0,,false,false,below 30; fits no tier
10,P11,陈三,0,,false,false,below 30; fits no tier
",
        )
        .run();
}

#[test]
fn an_unknown_evaluation_lists_the_evaluations() {
    Test::new()
        .fixture("eval")
        .args(["evaluate", "civilised", "2026"])
        .stdout("")
        .stderr(
            "error: there is no evaluation `civilised` in points.toml; the evaluations are:
  civilized-household  文明户
  party-review  民主评议党员参考
  welfare-star  公益之星
  household-mean  户均积分
  building  先进楼栋
",
        )
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn a_book_with_errors_shows_no_figures() {
    Test::new()
        .fixture("eval")
        .append(
            "ledger/2026.csv",
            "E30,2026-11-02,P99,earn,volunteer,1,10,社区,,\n",
        )
        .args(["evaluate", "civilized-household", "2026"])
        .stdout("")
        .stderr_has("unknown person `P99`")
        .stderr_has("no figures are shown from a book with errors")
        .status(1)
        .unchanged()
        .run();
}

/// The roster's row order changes nothing: every evaluation's JSON is the
/// same whatever the order of the rows of people.csv.
#[test]
fn roster_row_order_does_not_matter() {
    let runs: [&[&str]; 5] = [
        &["civilized-household", "2026"],
        &["party-review", "2026"],
        &["welfare-star", "2026"],
        &["household-mean", "2026H2"],
        &["building", "2026"],
    ];
    let json = |dir: &std::path::Path| -> Vec<String> {
        runs.iter()
            .map(|r| {
                let mut args = vec!["--format", "json", "evaluate"];
                args.extend_from_slice(r);
                let (status, out, err) = points(dir, &args);
                assert_eq!(status, 0, "{err}");
                out
            })
            .collect()
    };
    let expected = json(&fixtures().join("eval"));
    let people = std::fs::read_to_string(fixtures().join("eval/people.csv")).unwrap();
    let mut lines = people.lines();
    let header = lines.next().unwrap().to_string();
    let rows: Vec<String> = lines.map(str::to_string).collect();
    let config = ProptestConfig {
        cases: 6,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(shuffled in Just(rows).prop_shuffle())| {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("eval"), dir.path());
        let text = format!("{header}\n{}\n", shuffled.join("\n"));
        std::fs::write(dir.path().join("people.csv"), text).unwrap();
        prop_assert_eq!(json(dir.path()), expected.clone());
    });
}

/// A tier with both `max` and `share` holds the smaller of the two (SPEC
/// §3.1). By hand: every one of the 11 people lived here during 2026 (赵六
/// left 2026-05-31, 吴十 joined 2026-07-01), so n = 11. 甲: max 1, share
/// 0.5 × 11 = 5.5 → 5: holds 1 (max is smaller). 乙: max 3, share 11 / 4 =
/// 2.75 → 2: holds 2 (share is smaller). Scores of 2026 (A01 is of 2025):
/// 钱七 10+10+10 = 30, 周九 30, 李四 10+10+5 = 25, 吴十 5+10+10 = 25 (E20 is
/// voided), 王五 10+10 = 20, 孙八 5−5+10+10 = 20, 张三 5+10 = 15, 赵六 5+5 =
/// 10, 郑一 10−20+10+10 = 10, 冯二 10, 陈三 0. Going down: 钱七 甲; 周九
/// (甲 full) 乙; 李四 乙; 吴十 (乙 full) 丙; the rest 丙. 钱七/周九 and
/// 李四/吴十 share a score but not a tier: ties.
#[test]
fn a_tier_with_max_and_share_holds_the_smaller() {
    let rules = std::fs::read_to_string(fixtures().join("eval/points.toml")).unwrap()
        + r#"
[[evaluation]]
id = "activists"
name = "积极分子"
subject = "person"
period = "year"
tiers = [
  { name = "甲", max = 1, share = 0.5 },
  { name = "乙", max = 3, share = "1/4" },
  { name = "丙" },
]
"#;
    Test::new()
        .fixture("eval")
        .file("points.toml", rules)
        .args(["evaluate", "activists", "2026"])
        .stdout(
            r#"评议小区 — 积极分子, 2026, by person
┌──────┬────────┬──────┬───────┬──────┬────────┬─────┬──────────────────────────────────────────────────────────────────────────────────────────────────┐
│ rank ┆ person ┆ name ┆ score ┆ tier ┆ vetoed ┆ tie ┆ reason                                                                                           │
╞══════╪════════╪══════╪═══════╪══════╪════════╪═════╪══════════════════════════════════════════════════════════════════════════════════════════════════╡
│    1 ┆ P05    ┆ 钱七 ┆    30 ┆ 甲   ┆        ┆ yes ┆ tie: same score and veto status at places 1–2, the order by id decided                           │
│    1 ┆ P07    ┆ 周九 ┆    30 ┆ 乙   ┆        ┆ yes ┆ 甲 full (1); tie: same score and veto status at places 1–2, the order by id decided              │
│    3 ┆ P02    ┆ 李四 ┆    25 ┆ 乙   ┆        ┆ yes ┆ 甲 full (1); tie: same score and veto status at places 3–4, the order by id decided              │
│    3 ┆ P08    ┆ 吴十 ┆    25 ┆ 丙   ┆        ┆ yes ┆ 甲 full (1); 乙 full (2); tie: same score and veto status at places 3–4, the order by id decided │
│    5 ┆ P03    ┆ 王五 ┆    20 ┆ 丙   ┆        ┆     ┆ 甲 full (1); 乙 full (2)                                                                         │
│    5 ┆ P06    ┆ 孙八 ┆    20 ┆ 丙   ┆        ┆     ┆ 甲 full (1); 乙 full (2)                                                                         │
│    7 ┆ P01    ┆ 张三 ┆    15 ┆ 丙   ┆        ┆     ┆ 甲 full (1); 乙 full (2)                                                                         │
│    8 ┆ P04    ┆ 赵六 ┆    10 ┆ 丙   ┆        ┆     ┆ 甲 full (1); 乙 full (2)                                                                         │
│    8 ┆ P09    ┆ 郑一 ┆    10 ┆ 丙   ┆        ┆     ┆ 甲 full (1); 乙 full (2)                                                                         │
│    8 ┆ P10    ┆ 冯二 ┆    10 ┆ 丙   ┆        ┆     ┆ 甲 full (1); 乙 full (2)                                                                         │
│   11 ┆ P11    ┆ 陈三 ┆     0 ┆ 丙   ┆        ┆     ┆ 甲 full (1); 乙 full (2)                                                                         │
└──────┴────────┴──────┴───────┴──────┴────────┴─────┴──────────────────────────────────────────────────────────────────────────────────────────────────┘
11 people, 0 vetoed
甲: 1 (at most 1)
乙: 2 (at most 2)
丙: 8
"#,
        )
        .unchanged()
        .run();
}
