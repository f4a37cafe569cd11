//! Names everywhere, ids in any script, typed text after NFKC, and "did you
//! mean" (SPEC §2.1, §4): items, rewards, evaluations and roles by name;
//! `1栋-201` as an id; invisible characters named by code point; `zw`,
//! `zhangwei` and `刘楷` finding 张伟 and 刘凯.

use crate::harness::{copy_dir, fixtures, Test};
use std::path::Path;

/// A test on a copy of the demo book (two people named 张伟: P027 and P213).
fn demo() -> Test {
    let t = Test::new().env("POINTS_ID_SEED", "1");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("ledgers/demo"),
        t.path(),
    );
    t
}

/// The basic fixture with repeatable entry ids.
fn basic() -> Test {
    Test::new().fixture("basic").env("POINTS_ID_SEED", "1")
}

fn stdout_of(t: Test) -> String {
    String::from_utf8(t.run().stdout).unwrap()
}

// ------------------------------------------------------------ names for every argument

#[test]
fn add_by_item_name_and_person_names() {
    demo()
        .args([
            "add", "治安巡逻", "--people", "朱志强,P027", "--qty", "2", "--date", "2026-11-02",
            "--by", "测试", "--format", "json",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-11-02","person":"P063","name":"朱志强","kind":"earn","item":"patrol","qty":2,"points":3.5,"balance":425.5},
  {"id":"dz33gdkwmr","date":"2026-11-02","person":"P027","name":"张伟","kind":"earn","item":"patrol","qty":2,"points":0,"balance":503.5}
]
"#,
        )
        .run();
}

#[test]
fn redeem_by_person_name_and_reward_name() {
    demo()
        .args(["redeem", "朱志强", "毛巾", "--by", "测试", "--format", "json"])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-11-27","person":"P063","name":"朱志强","kind":"redeem","item":"towel","qty":1,"points":-20,"balance":402}
]
"#,
        )
        .run();
}

#[test]
fn evaluate_by_evaluation_name_is_evaluate_by_id() {
    let by_id =
        stdout_of(demo().args(["evaluate", "civilized-household", "2026", "--format", "csv"]));
    let by_name = stdout_of(demo().args(["evaluate", "文明户", "2026", "--format", "csv"]));
    assert!(by_id.starts_with("rank,subject,name,score,tier,vetoed,tie,reason\n1,B5-501,"));
    assert_eq!(by_name, by_id);
}

#[test]
fn report_and_balance_by_role_name() {
    let by_id = stdout_of(demo().args(["report", "2026", "--role", "party", "--format", "csv"]));
    let by_name = stdout_of(demo().args(["report", "2026", "--role", "党员", "--format", "csv"]));
    assert!(by_id
        .starts_with("rank,person,name,earned,edu,welfare,law,hours,times\n1,P099,史卫东,289,"));
    assert_eq!(by_name, by_id);
    let by_id = stdout_of(demo().args(["balance", "--role", "resident", "--format", "csv"]));
    let by_name = stdout_of(demo().args(["balance", "--role", "群众", "--format", "csv"]));
    assert!(by_id.starts_with("person,name,earned,spent,balance\nP001,刘凯,14,0,14\n"));
    assert_eq!(by_name, by_id);
}

#[test]
fn an_ambiguous_name_lists_the_candidates() {
    demo()
        .args([
            "add", "patrol", "--people", "张伟", "--qty", "1", "--by", "测试",
        ])
        .stderr(
            "error: 2 people are named `张伟`; use the id of the one you mean:
      P027  张伟  household B1-301
      P213  张伟  household B4-301
nothing was written.
",
        )
        .status(1)
        .unchanged()
        .run();
    demo()
        .args(["show", "张伟"])
        .stderr(
            "error: 2 people are named `张伟`; use the id of the one you mean:
  P027  张伟  household B1-301
  P213  张伟  household B4-301
",
        )
        .status(1)
        .run();
}

/// Two items of one name: the name is refused, listing both with their ids.
#[test]
fn an_ambiguous_item_name_lists_the_items() {
    basic()
        .append(
            "points.toml",
            "\n[[item]]\nid = \"patrol-night\"\nname = \"治安巡逻\"\ncategory = \"welfare\"\npoints = 3\n",
        )
        .args(["add", "治安巡逻", "--people", "P01", "--qty", "1", "--by", "队长"])
        .stderr(
            "error: 2 items are named `治安巡逻`; use the id of the one you mean:
      patrol  治安巡逻
      patrol-night  治安巡逻
nothing was written.
",
        )
        .status(1)
        .unchanged()
        .run();
}

/// An unknown role is refused like any name that matches nothing (exit 1).
#[test]
fn an_unknown_role_is_refused_with_the_roles() {
    basic()
        .args(["balance", "--role", "nobody"])
        .stdout("")
        .stderr("error: unknown role `nobody`: the roles in points.toml are party, resident\n")
        .status(1)
        .run();
}

// ------------------------------------------------------------ typed text after NFKC

#[test]
fn full_width_ids_quantities_and_dates_are_accepted() {
    demo()
        .args([
            "add", "ｐａｔｒｏｌ", "--people", "Ｐ０６３", "--qty", "２", "--date", "２０２６－１１－０２",
            "--by", "测试", "--format", "json",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-11-02","person":"P063","name":"朱志强","kind":"earn","item":"patrol","qty":2,"points":3.5,"balance":425.5}
]
"#,
        )
        .run();
    let plain = stdout_of(demo().args(["show", "P001", "2026H1", "--format", "csv"]));
    let wide = stdout_of(demo().args(["show", "Ｐ００１", "２０２６Ｈ１", "--format", "csv"]));
    assert!(plain.starts_with("id,date,kind,item,qty,points,voided,balance,note\n"));
    assert_eq!(wide, plain);
}

/// A requests file may name rewards by name, and full-width text is read
/// as plain: the plan is the one the ids give.
#[test]
fn requests_name_rewards_and_may_be_full_width() {
    let plan = |requests: &str| {
        stdout_of(
            Test::new()
                .fixture("exchange")
                .file("r.csv", requests)
                .args([
                    "exchange",
                    "2026H1",
                    "--requests",
                    "r.csv",
                    "--format",
                    "json",
                ]),
        )
    };
    let by_id = plan("person,reward,qty\n李四,umbrella,1\nP01,towel,2\nP03,towel,3\n");
    let by_name = plan("person,reward,qty\n李四,雨伞,１\nＰ０１,毛巾,２\nP03, 毛巾 ,3\n");
    assert!(
        by_id.contains(r#""reward":"umbrella","requested":1"#),
        "{by_id}"
    );
    assert!(!by_id.contains(r#""reason":"unknown"#), "{by_id}");
    assert_eq!(by_name, by_id);
}

#[test]
fn top_takes_a_full_width_number() {
    let plain = stdout_of(demo().args(["report", "2026", "--top", "3", "--format", "csv"]));
    let wide = stdout_of(demo().args(["report", "2026", "--top", "３", "--format", "csv"]));
    assert_eq!(plain.lines().count(), 4, "{plain}");
    assert_eq!(wide, plain);
}

// ------------------------------------------------------------ did you mean

#[test]
fn pinyin_initials_and_full_pinyin_find_zhang_wei() {
    for typed in ["zw", "zhangwei", "ZhangWei"] {
        demo()
            .args(["show", typed])
            .stderr(&format!(
                "error: no person has the id or name `{typed}` in people.csv. Did you mean:
  P027  张伟  household B1-301
  P213  张伟  household B4-301
"
            ))
            .status(1)
            .run();
    }
}

#[test]
fn a_name_that_sounds_the_same_is_suggested() {
    demo()
        .args(["redeem", "刘楷", "毛巾", "--by", "测试"])
        .stderr(
            "error: no person has the id or name `刘楷` in people.csv. Did you mean:
      P001  刘凯  household B1-101
      P344  刘霞  household B6-401
nothing was written.
",
        )
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn an_unknown_item_or_reward_suggests_the_closest() {
    demo()
        .args([
            "add", "patrl", "--people", "P063", "--qty", "2", "--by", "测试",
        ])
        .stderr(
            "error: no item has the id or name `patrl` in points.toml. Did you mean:
      patrol  治安巡逻
nothing was written.
",
        )
        .status(1)
        .unchanged()
        .run();
    demo()
        .args([
            "add",
            "治安巡罗",
            "--people",
            "P063",
            "--qty",
            "2",
            "--by",
            "测试",
        ])
        .stderr(
            "error: no item has the id or name `治安巡罗` in points.toml. Did you mean:
      patrol  治安巡逻
nothing was written.
",
        )
        .status(1)
        .unchanged()
        .run();
    demo()
        .args(["evaluate", "文明", "2026"])
        .stderr(
            "error: no evaluation has the id or name `文明` in points.toml. Did you mean:
  civilized-household  文明户
",
        )
        .status(1)
        .run();
}

// ------------------------------------------------------------ ids in any script

const CHINESE_IDS_ROSTER: &str = "1栋-201-1,陈明,1栋-201,1栋,resident,,,volunteers\n";

#[test]
fn chinese_ids_work_end_to_end() {
    let (_, dir) = basic()
        .append("people.csv", CHINESE_IDS_ROSTER)
        .append(
            "ledger/2026.csv",
            "C01,2026-06-01,1栋-201-1,earn,volunteer,1,2.5,队长,,\n",
        )
        .args([
            "add", "volunteer", "--people", "陈明", "--date", "2026-06-02", "--by", "队长",
            "--format", "csv",
        ])
        .stdout(
            "id,date,person,name,kind,item,qty,points,balance\nepne9ervn1,2026-06-02,1栋-201-1,陈明,earn,volunteer,1,2.5,5\n",
        )
        .run_keep();
    let at = |args: &[&str], out: &str| {
        Test::new()
            .env("POINTS_BOOK", dir.path().to_str().unwrap())
            .args(args.iter().copied())
            .stdout(out)
            .run();
    };
    at(
        &["balance", "--by", "building", "--format", "csv"],
        "building,name,earned,spent,balance\n1栋,1栋,5,0,5\nB1,B1,70.5,20,50.5\nB2,B2,-2.5,0,-2.5\n",
    );
    at(
        &["show", "1栋-201-1", "--format", "csv"],
        "id,date,kind,item,qty,points,voided,balance,note\nC01,2026-06-01,earn,volunteer,1,2.5,false,2.5,\nepne9ervn1,2026-06-02,earn,volunteer,1,2.5,false,5,\n",
    );
    let report = String::from_utf8(
        Test::new()
            .env("POINTS_BOOK", dir.path().to_str().unwrap())
            .args(["report", "2026", "--by", "household", "--format", "csv"])
            .run()
            .stdout,
    )
    .unwrap();
    assert!(report.contains(",1栋-201,陈明,5,0,5,0,0,2\n"), "{report}");
    at(
        &["check"],
        "ok: 19 rows in 2 ledger files, 7 people, 5 items; 0 warnings\n",
    );
}

#[test]
fn a_chinese_item_id_in_the_rules_and_the_ledger() {
    let rules = std::fs::read_to_string(fixtures().join("basic/points.toml"))
        .unwrap()
        .replace("id = \"volunteer\"", "id = \"志愿\"")
        .replace("items = [\"volunteer\"]", "items = [\"志愿\"]");
    let ledger = |year: &str| {
        std::fs::read_to_string(fixtures().join(format!("basic/ledger/{year}.csv")))
            .unwrap()
            .replace(",volunteer,", ",志愿,")
    };
    let (_, dir) = basic()
        .file("points.toml", rules)
        .file("ledger/2025.csv", ledger("2025"))
        .file("ledger/2026.csv", ledger("2026"))
        .args(["check"])
        .stdout("ok: 17 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n")
        .run_keep();
    Test::new()
        .env("POINTS_ID_SEED", "1")
        .env("POINTS_BOOK", dir.path().to_str().unwrap())
        .args([
            "add",
            "志愿服务",
            "--people",
            "P02",
            "--date",
            "2026-06-02",
            "--by",
            "队长",
            "--format",
            "csv",
        ])
        .stdout_has(",P02,李四,earn,志愿,1,2.5,")
        .run();
}

// ------------------------------------------------------------ invisible characters

#[test]
fn a_zero_width_space_in_a_roster_id_is_named() {
    basic()
        .append("people.csv", "P0\u{200B}7,陈明,H4,B2,resident,,,\n")
        .args(["check"])
        .stdout_has("people.csv:8:1: error: person id `P0\u{200B}7` is not a valid id: it holds an invisible character, U+200B ZERO WIDTH SPACE, at character 3\n")
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn a_zero_width_space_in_a_ledger_person_is_named() {
    basic()
        .append("ledger/2026.csv", "C01,2026-06-01,P01\u{200B},earn,volunteer,1,2.5,队长,,\n")
        .args(["check"])
        .stdout_has("ledger/2026.csv:15:16: error: `P01\u{200B}` is not a person id: it holds an invisible character, U+200B ZERO WIDTH SPACE, at character 4\n")
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn a_zero_width_space_in_a_typed_item_is_named() {
    basic()
        .args(["add", "patrol\u{200B}x", "--people", "P02", "--qty", "1", "--by", "队长"])
        .stderr(
            "error: the item `patrol\u{200B}x` holds an invisible character, U+200B ZERO WIDTH SPACE, at character 7, and nothing has that id or name: type it again without that character\nnothing was written.\n",
        )
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn a_zero_width_space_in_a_typed_name_is_named() {
    basic()
        .args(["add", "volunteer", "--people", "李四\u{200B}", "--by", "队长"])
        .stderr(
            "error: the person `李四\u{200B}` holds an invisible character, U+200B ZERO WIDTH SPACE, at character 3; without it, it names P02 李四: type it again without that character\nnothing was written.\n",
        )
        .status(1)
        .unchanged()
        .run();
}
