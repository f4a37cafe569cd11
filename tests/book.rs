//! End-to-end: the read-only reports on fixture books (SPEC §3, §4).

use crate::harness::Test;

#[test]
fn report_by_person_json() {
    Test::new()
        .fixture("basic")
        .args(["--format", "json", "report", "2026"])
        .stdout(
            r#"[
  {"rank":1,"person":"P01","name":"张三","earned":25,"categories":{"edu":5,"welfare":20,"law":0},"hours":10,"times":5},
  {"rank":2,"person":"P03","name":"王五","earned":5,"categories":{"edu":0,"welfare":5,"law":0},"hours":0,"times":1},
  {"rank":3,"person":"P04","name":"赵六","earned":2,"categories":{"edu":2,"welfare":0,"law":0},"hours":0,"times":1},
  {"rank":4,"person":"P06","name":"孙七","earned":0,"categories":{"edu":0,"welfare":0,"law":0},"hours":0,"times":0},
  {"rank":5,"person":"P05","name":"张三","earned":-5,"categories":{"edu":0,"welfare":0,"law":-5},"hours":0,"times":0},
  {"rank":6,"person":"P02","name":"李四","earned":-12,"categories":{"edu":0,"welfare":8,"law":-20},"hours":6,"times":1}
]
"#,
        )
        .unchanged()
        .run();
}

#[test]
fn report_by_household_table_lines_up_chinese() {
    Test::new()
        .fixture("basic")
        .args(["report", "2026H1", "--by", "household"])
        .stdout(
            "测试小区 — points earned, 2026H1, by household
┌──────┬───────────┬────────────┬────────┬────────────┬────────────┬────────────┬───────┬───────┐
│ rank ┆ household ┆ name       ┆ earned ┆ 教育管理类 ┆ 社区公益类 ┆ 遵纪守法类 ┆ hours ┆ times │
╞══════╪═══════════╪════════════╪════════╪════════════╪════════════╪════════════╪═══════╪═══════╡
│    1 ┆ H1        ┆ 张三、李四 ┆     30 ┆          2 ┆         28 ┆          0 ┆    16 ┆     5 │
│    2 ┆ H2        ┆ 王五、赵六 ┆      7 ┆          2 ┆          5 ┆          0 ┆     0 ┆     2 │
│    3 ┆ H3        ┆ 张三、孙七 ┆     -5 ┆          0 ┆          0 ┆         -5 ┆     0 ┆     0 │
└──────┴───────────┴────────────┴────────┴────────────┴────────────┴────────────┴───────┴───────┘
",
        )
        .run();
}

#[test]
fn report_by_team_counts_members_and_who_took_part() {
    Test::new()
        .fixture("basic")
        .args(["--format", "json", "report", "2026", "--by", "team"])
        .stdout(
            r#"[
  {"rank":1,"team":"patrol-team","name":"治安联防队","earned":28,"categories":{"edu":0,"welfare":28,"law":0},"hours":16,"times":4,"members":2,"active":2},
  {"rank":2,"team":"volunteers","name":"志愿服务队","earned":5,"categories":{"edu":0,"welfare":5,"law":0},"hours":0,"times":1,"members":2,"active":1}
]
"#,
        )
        .run();
}

#[test]
fn report_by_item_md_counts_earn_rows_only() {
    Test::new()
        .fixture("basic")
        .args(["--format", "md", "report", "2026", "--by", "item"])
        .stdout(
            "## 测试小区 — points earned, 2026, by item

| rank | item | earned | 教育管理类 | 社区公益类 | 遵纪守法类 | hours | times |
| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |
| 1 | 治安巡逻 | 28 | 0 | 28 | 0 | 16 | 4 |
| 2 | 三会一课 | 7 | 7 | 0 | 0 | 0 | 3 |
| 3 | 志愿服务 | 5 | 0 | 5 | 0 | 0 | 1 |
| 4 | 乱丢垃圾 | -5 | 0 | 0 | -5 | 0 | 0 |
| 5 | 乱搭乱建 | -20 | 0 | 0 | -20 | 0 | 0 |
",
        )
        .run();
}

#[test]
fn report_by_category_includes_opening_balances() {
    Test::new()
        .fixture("basic")
        .args(["--format", "csv", "report", "all", "--by", "category"])
        .stdout(
            "rank,category,name,earned,edu,welfare,law,hours,times
1,welfare,社区公益类,78,0,78,0,16,6
2,edu,教育管理类,15,15,0,0,0,3
3,law,遵纪守法类,-25,0,0,-25,0,0
",
        )
        .run();
}

#[test]
fn report_top_keeps_ties_and_filters_role() {
    Test::new()
        .fixture("basic")
        .args(["--format", "csv", "report", "--top", "2", "--role", "resident"])
        .stdout("rank,person,name,earned,edu,welfare,law,hours,times\n1,P03,王五,5,0,5,0,0,1\n2,P06,孙七,2.5,0,2.5,0,0,1\n")
        .run();
    // Equal scores share a rank; --top keeps every row ranked N or better.
    Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", "B14,2026-09-01,P03,earn,littering,1,-5,巡查,,\nB15,2026-09-02,P06,earn,volunteer,1,2.5,x,,\n")
        .args(["--format", "csv", "report", "2026", "--top", "2", "--role", "resident"])
        .stdout("rank,person,name,earned,edu,welfare,law,hours,times\n1,P06,孙七,2.5,0,2.5,0,0,1\n2,P03,王五,0,0,5,-5,0,1\n")
        .run();
}

#[test]
fn balance_until_excludes_later_entries() {
    Test::new()
        .fixture("basic")
        .args(["--format", "csv", "balance", "--until", "2026-03-31"])
        .stdout(
            "person,name,earned,spent,balance
P01,张三,52,0,52
P02,李四,20.5,0,20.5
P03,王五,5,0,5
P04,赵六,10,0,10
P05,张三,-5,0,-5
P06,孙七,2.5,0,2.5
",
        )
        .run();
}

#[test]
fn balance_is_earned_minus_spent_table() {
    Test::new()
        .fixture("basic")
        .args(["balance"])
        .stdout(
            "测试小区 — balances
┌────────┬──────┬────────┬───────┬─────────┐
│ person ┆ name ┆ earned ┆ spent ┆ balance │
╞════════╪══════╪════════╪═══════╪═════════╡
│ P01    ┆ 张三 ┆     55 ┆    20 ┆      35 │
│ P02    ┆ 李四 ┆    0.5 ┆     0 ┆     0.5 │
│ P03    ┆ 王五 ┆      5 ┆     0 ┆       5 │
│ P04    ┆ 赵六 ┆     10 ┆     0 ┆      10 │
│ P05    ┆ 张三 ┆     -5 ┆     0 ┆      -5 │
│ P06    ┆ 孙七 ┆    2.5 ┆     0 ┆     2.5 │
└────────┴──────┴────────┴───────┴─────────┘
",
        )
        .run();
}

#[test]
fn balance_by_household_and_role_md() {
    Test::new()
        .fixture("basic")
        .args([
            "--format",
            "md",
            "balance",
            "--by",
            "household",
            "--role",
            "party",
        ])
        .stdout(
            "## 测试小区 — balances

| household | name | earned | spent | balance |
| --- | --- | ---: | ---: | ---: |
| H1 | 张三 | 55 | 20 | 35 |
| H2 | 赵六 | 10 | 0 | 10 |
",
        )
        .run();
}

#[test]
fn show_statement_starts_from_the_balance_before() {
    Test::new()
        .fixture("basic")
        .args(["show", "P01", "2026H1"])
        .stdout(
            "张三 (P01), household H1, 2026H1: balance before 30
┌─────┬────────────┬────────┬──────────┬─────┬────────┬────────┬─────────┬────────────┐
│ id  ┆ date       ┆ kind   ┆ item     ┆ qty ┆ points ┆ voided ┆ balance ┆ note       │
╞═════╪════════════╪════════╪══════════╪═════╪════════╪════════╪═════════╪════════════╡
│ B01 ┆ 2026-01-10 ┆ earn   ┆ 治安巡逻 ┆   4 ┆     12 ┆        ┆      42 ┆            │
│ B03 ┆ 2026-01-20 ┆ earn   ┆ 治安巡逻 ┆   4 ┆      8 ┆        ┆      50 ┆ 月上限20分 │
│ B04 ┆ 2026-01-25 ┆ earn   ┆ 治安巡逻 ┆   2 ┆      0 ┆        ┆      50 ┆ 已达月上限 │
│ B05 ┆ 2026-02-05 ┆ earn   ┆ 三会一课 ┆   1 ┆      2 ┆        ┆      52 ┆            │
│ B11 ┆ 2026-04-01 ┆ redeem ┆ 毛巾     ┆   1 ┆    -20 ┆        ┆      32 ┆            │
└─────┴────────────┴────────┴──────────┴─────┴────────┴────────┴─────────┴────────────┘
balance after: 32
",
        )
        .run();
}

/// JSON `voided` is true only for an entry that a void cancels (B09); the
/// void row itself (B10) is cancelled by nothing, so false. Neither moves
/// the running balance: it stays at the 2.5 of 2025 (A04).
#[test]
fn show_json_voided_is_true_for_the_cancelled_entry_only() {
    Test::new()
        .fixture("basic")
        .args(["--format", "json", "show", "P06", "2026"])
        .stdout(
            r#"[
  {"id":"B09","date":"2026-03-04","kind":"earn","item":"volunteer","qty":1,"points":2.5,"voided":true,"balance":2.5,"note":""},
  {"id":"B10","date":"2026-03-05","kind":"void","item":"volunteer","qty":1,"points":-2.5,"voided":false,"balance":2.5,"note":"重复录入 \"志愿\""}
]
"#,
        )
        .run();
}

/// A table (and Markdown) marks voided entries and voids alike: neither counts.
/// CSV carries the JSON values.
#[test]
fn show_table_marks_voided_entries_and_voids() {
    Test::new()
        .fixture("basic")
        .args(["show", "P06", "2026"])
        .stdout(
            "孙七 (P06), household H3, 2026: balance before 2.5
┌─────┬────────────┬──────┬──────────┬─────┬────────┬────────┬─────────┬─────────────────┐
│ id  ┆ date       ┆ kind ┆ item     ┆ qty ┆ points ┆ voided ┆ balance ┆ note            │
╞═════╪════════════╪══════╪══════════╪═════╪════════╪════════╪═════════╪═════════════════╡
│ B09 ┆ 2026-03-04 ┆ earn ┆ 志愿服务 ┆   1 ┆    2.5 ┆ yes    ┆     2.5 ┆                 │
│ B10 ┆ 2026-03-05 ┆ void ┆ 志愿服务 ┆   1 ┆   -2.5 ┆ yes    ┆     2.5 ┆ 重复录入 \"志愿\" │
└─────┴────────────┴──────┴──────────┴─────┴────────┴────────┴─────────┴─────────────────┘
balance after: 2.5
",
        )
        .run();
    Test::new()
        .fixture("basic")
        .args(["--format", "md", "show", "P06", "2026"])
        .stdout_has("| B09 | 2026-03-04 | earn | 志愿服务 | 1 | 2.5 | yes | 2.5 |  |\n")
        .stdout_has("| B10 | 2026-03-05 | void | 志愿服务 | 1 | -2.5 | yes | 2.5 |")
        .run();
    Test::new()
        .fixture("basic")
        .args(["--format", "csv", "show", "P06", "2026"])
        .stdout(
            "id,date,kind,item,qty,points,voided,balance,note
B09,2026-03-04,earn,volunteer,1,2.5,true,2.5,
B10,2026-03-05,void,volunteer,1,-2.5,false,2.5,\"重复录入 \"\"志愿\"\"\"
",
        )
        .run();
}

#[test]
fn show_refuses_an_ambiguous_name_listing_candidates() {
    Test::new()
        .fixture("basic")
        .args(["show", "张三"])
        .stderr("error: 2 people are named `张三`; use the id of the one you mean:\n  P01  张三  household H1\n  P05  张三  household H3\n")
        .status(1)
        .run();
}

#[test]
fn show_by_unique_name() {
    Test::new()
        .fixture("basic")
        .args(["--format", "csv", "show", "赵六"])
        .stdout(
            "id,date,kind,item,qty,points,voided,balance,note
A03,2025-12-31,open,edu,1,8,false,8,
B06,2026-02-06,earn,meeting,1,2,false,10,
",
        )
        .run();
}

#[test]
fn a_void_cancels_its_target_in_the_targets_period_even_with_until_before_it() {
    // The void is dated 2026-09-01 and cancels a 2026-03 entry: gone from H1,
    // and gone from a balance taken before the void's own date.
    let t = Test::new().fixture("basic").append(
        "ledger/2026.csv",
        "B14,2026-09-01,P03,void,volunteer,2,-5,社区,B07,录错了\n",
    );
    let (_, dir) = t
        .args(["--format", "csv", "report", "2026H1", "--role", "resident"])
        .stdout(
            "rank,person,name,earned,edu,welfare,law,hours,times
1,P02,李四,8,0,8,0,6,1
2,P03,王五,0,0,0,0,0,0
2,P06,孙七,0,0,0,0,0,0
4,P05,张三,-5,0,0,-5,0,0
",
        )
        .run_keep();
    let (code, out, _) = crate::harness::points(
        dir.path(),
        &[
            "--format",
            "csv",
            "balance",
            "--until",
            "2026-04-01",
            "--role",
            "resident",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "person,name,earned,spent,balance\nP02,李四,20.5,0,20.5\nP03,王五,0,0,0\nP05,张三,-5,0,-5\nP06,孙七,2.5,0,2.5\n");
}

#[test]
fn csv_cells_that_look_like_formulas_are_escaped() {
    Test::new()
        .fixture("basic")
        .file(
            "people.csv",
            "id,name,household,building,role,joined,left\nP01,=HYPERLINK(\"x\"),H1,B1,party,,\nP02,-李四,H1,B1,resident,,\n",
        )
        .file("ledger/2026.csv", "id,date,person,kind,item,qty,points,by,ref,note\n")
        .file("ledger/2025.csv", "id,date,person,kind,item,qty,points,by,ref,note\n")
        .args(["--format", "csv", "balance"])
        .stdout("person,name,earned,spent,balance\nP01,\"'=HYPERLINK(\"\"x\"\")\",0,0,0\nP02,'-李四,0,0,0\n")
        .run();
}

#[test]
fn output_does_not_depend_on_roster_order() {
    let a = Test::new().fixture("basic");
    let b = Test::new().fixture("basic");
    let people = std::fs::read_to_string(b.path().join("people.csv")).unwrap();
    let mut lines: Vec<&str> = people.lines().collect();
    lines[1..].reverse();
    std::fs::write(b.path().join("people.csv"), lines.join("\n") + "\n").unwrap();
    for args in [
        vec!["--format", "json", "report", "2026"],
        vec!["report", "2026", "--by", "household"],
        vec!["balance", "--by", "building"],
        vec!["--format", "json", "report", "2026", "--by", "team"],
    ] {
        let x = crate::harness::points(a.path(), &args);
        let y = crate::harness::points(b.path(), &args);
        assert_eq!(x, y, "{args:?}");
        assert_eq!(x.0, 0);
    }
}

#[test]
fn bad_period_is_a_usage_error() {
    Test::new()
        .fixture("basic")
        .args(["report", "2026H3"])
        .stderr("error: `2026H3` is not a period: expected 2026, 2026H1, 2026Q3, 2026-03, 2026-03-01..2026-05-31 or all\n")
        .status(2)
        .run();
}

#[test]
fn periods_of_every_form() {
    for (p, expected) in [
        ("2026Q1", "P01,张三,22\n"),
        ("2026-01", "P01,张三,20\n"),
        ("2026-01-20..2026-02-05", "P01,张三,10\n"),
        ("2025", "P01,张三,30\n"),
        ("2026H2", "P01,张三,3\n"),
    ] {
        let out = Test::new()
            .fixture("basic")
            .args(["--format", "csv", "report", p, "--role", "party"])
            .run();
        let text = String::from_utf8(out.stdout).unwrap();
        let p01 = text.lines().find(|l| l.contains(",P01,")).unwrap();
        let cols: Vec<&str> = p01.split(',').collect();
        assert_eq!(
            format!("{},{},{}\n", cols[1], cols[2], cols[3]),
            expected,
            "{p}"
        );
    }
}

#[test]
fn book_from_env_and_missing_book() {
    let t = Test::new().fixture("basic");
    let dir = t.path().to_path_buf();
    t.args(["--format", "csv", "balance", "--role", "party"])
        .env("POINTS_BOOK", dir.to_str().unwrap())
        .stdout("person,name,earned,spent,balance\nP01,张三,55,20,35\nP04,赵六,10,0,10\n")
        .run();
    Test::new()
        .args(["balance"])
        .stderr_has("points.toml: error: this file does not exist")
        .stderr_has("run `points init`")
        .status(1)
        .run();
}

#[test]
fn init_makes_a_book_that_checks_clean() {
    let (_, tmp) = Test::new()
        .args(["init", "新书"])
        .stdout(
            "created a new book in 新书:
  points.toml       the rules: edit them for your community
  people.csv        the roster: one row per resident
  ledger/2026.csv   where `points add` records points
  .gitattributes    lets git merge ledgers from several clones
next: add residents to people.csv, then run `points check`
",
        )
        .run_keep();
    let dir = tmp.path().join("新书");
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitattributes"))
            .unwrap()
            .lines()
            .last(),
        Some("ledger/*.csv merge=union")
    );
    let (code, out, err) = crate::harness::points(&dir, &["check"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "ok: 0 rows in 1 ledger file, 0 people, 4 items; 0 warnings\n",
            ""
        )
    );
    // A second init changes nothing.
    let before = crate::harness::snapshot(&dir);
    let (code, _, err) = crate::harness::points(&dir, &["init"]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    assert!(before == crate::harness::snapshot(&dir));
}

/// `init` into a folder that has a `.gitattributes` adds the union merge of
/// ledgers to it, keeping what it holds: after a line without its line
/// break, in the file's own line endings, and not twice.
#[test]
fn init_adds_the_union_merge_to_an_existing_gitattributes() {
    const UNION: &str = "# Ledgers are append-only: two clones that both appended merge by keeping both sides.\nledger/*.csv merge=union\n";
    for (before, after) in [
        ("", UNION.to_string()),
        ("*.png binary", format!("*.png binary\n{UNION}")),
        ("*.png binary\n", format!("*.png binary\n{UNION}")),
        (
            "*.png binary\r\n",
            format!("*.png binary\r\n{}", UNION.replace('\n', "\r\n")),
        ),
        (
            "ledger/*.csv  merge=union -text\n",
            "ledger/*.csv  merge=union -text\n".to_string(),
        ),
    ] {
        let (_, tmp) = Test::new()
            .file("新书/.gitattributes", before)
            .args(["init", "新书"])
            .stdout_has("  .gitattributes    lets git merge ledgers from several clones\n")
            .run_keep();
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("新书/.gitattributes")).unwrap(),
            after,
            "from {before:?}"
        );
    }
    // A new folder, and an empty existing one, get the file as it is.
    let (_, tmp) = Test::new().args(["init", "新书"]).run_keep();
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("新书/.gitattributes")).unwrap(),
        UNION
    );
    let t = Test::new();
    std::fs::create_dir(t.path().join("空")).unwrap();
    let (_, tmp) = t.args(["init", "空"]).run_keep();
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("空/.gitattributes")).unwrap(),
        UNION
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    // A roster of 5000 people makes a report far larger than a pipe's
    // buffer (64 KiB), so the writer really meets the closed pipe.
    let mut people =
        std::fs::read_to_string(crate::harness::fixtures().join("basic/people.csv")).unwrap();
    for n in 1..=5000 {
        people.push_str(&format!("Q{n:04},居民{n},H{n},B1,resident,,,\n"));
    }
    let t = Test::new()
        .fixture("basic")
        .file("people.csv", people)
        .args(["report"]);
    let whole = t.command().output().unwrap();
    assert!(whole.status.success());
    assert!(
        whole.stdout.len() > 4 * 65536,
        "the report ({} bytes) must not fit in a pipe's buffer",
        whole.stdout.len()
    );
    let mut child = t
        .command()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close our end before the rest is written.
    let mut out = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    out.read_exact(&mut one).unwrap();
    drop(out);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.code() == Some(0), "{status:?} {err}");
}

#[test]
fn line_numbers_are_exact_in_crlf_files_and_after_multiline_notes() {
    let ledger = "id,date,person,kind,item,qty,points,by,ref,note\r\n\
B01,2026-01-10,P01,earn,patrol,4,12,队长,,\"两行\r\n备注\"\r\n\
\r\n\
B02,2026-01-11,P99,earn,patrol,4,12,队长,,\r\n";
    Test::new()
        .fixture("basic")
        .file("ledger/2025.csv", "id,date,person,kind,item,qty,points,by,ref,note\r\n")
        .file("ledger/2026.csv", ledger)
        .file("people.csv", "id,name,household,building,role,joined,left\r\nP01,张三,H1,B1,party,,\r\nP02,李四,H1,B1,nobody,,\r\n")
        .args(["check"])
        .stdout(
            "people.csv:3:14: error: unknown role `nobody`
  |
3 | P02,李四,H1,B1,nobody,,
  |                ^^^^^^
  = expected: one of the roles in points.toml: party, resident
ledger/2026.csv:5:16: error: unknown person `P99`
  |
5 | B02,2026-01-11,P99,earn,patrol,4,12,队长,,
  |                ^^^
  = expected: the id of a person in people.csv
  = fix: add the person to people.csv, or correct the id
2 errors, 0 warnings (2 rows in 2 ledger files, 1 person, 5 items; the rows of 1 person with errors in people.csv were checked for form only)
",
        )
        .status(1)
        .run();
}

// ------------------------------------------------------------ SPEC audit

#[test]
fn balance_by_building_json() {
    Test::new()
        .fixture("basic")
        .args([
            "--format",
            "json",
            "balance",
            "--by",
            "building",
            "--until",
            "2026-06-30",
        ])
        .stdout(
            r#"[
  {"building":"B1","name":"B1","earned":87.5,"spent":20,"balance":67.5},
  {"building":"B2","name":"B2","earned":-2.5,"spent":0,"balance":-2.5}
]
"#,
        )
        .run();
}

/// A double entry (a warning) and an unknown item (an error).
const FINDINGS: &str =
    "B14,2026-08-08,P02,earn,building,1,-20,巡查,,\nB15,2026-08-09,P02,earn,nothing,1,2,x,,\n";

#[test]
fn check_writes_its_findings_as_csv_and_md_and_exits_1_on_errors() {
    Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", FINDINGS)
        .args(["--format", "csv", "check"])
        .stdout(
            r#"path,line,column,level,message,expected,fix
ledger/2026.csv,15,,warning,likely double entry: equal in every field but the id to ledger/2026.csv:14,,"if it was recorded twice (e.g. on two clones), void one of them with `points void ID --reason ""double entry""`"
ledger/2026.csv,16,25,error,unknown item `nothing`,"an `earn` row names an item of points.toml: patrol, meeting, volunteer, littering, building",
"#,
        )
        .status(1)
        .run();
    Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", FINDINGS)
        .args(["--format", "md", "check"])
        .stdout(
            r#"## points check

| path | line | column | level | message | expected | fix |
| --- | ---: | --- | --- | --- | --- | --- |
| ledger/2026.csv | 15 | — | warning | likely double entry: equal in every field but the id to ledger/2026.csv:14 | — | if it was recorded twice (e.g. on two clones), void one of them with `points void ID --reason "double entry"` |
| ledger/2026.csv | 16 | 25 | error | unknown item `nothing` | an `earn` row names an item of points.toml: patrol, meeting, volunteer, littering, building | — |

1 error, 1 warning (19 rows in 2 ledger files, 6 people, 5 items)  
"#,
        )
        .status(1)
        .run();
    // Warnings alone do not change the exit code; a clean book's csv is its header.
    Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", "B14,2026-08-08,P02,earn,building,1,-20,巡查,,\n")
        .args(["--format", "json", "check"])
        .stdout(
            r#"[
  {"path":"ledger/2026.csv","line":15,"column":null,"level":"warning","message":"likely double entry: equal in every field but the id to ledger/2026.csv:14","expected":null,"fix":"if it was recorded twice (e.g. on two clones), void one of them with `points void ID --reason \"double entry\"`"}
]
"#,
        )
        .status(0)
        .run();
    Test::new()
        .fixture("basic")
        .args(["--format", "csv", "check"])
        .stdout("path,line,column,level,message,expected,fix\n")
        .run();
}

#[test]
fn usage_errors_exit_2() {
    for (args, stderr) in [
        (
            &["balance", "--until", "2026-13-01"][..],
            "error: --until `2026-13-01` is not a date: write it YYYY-MM-DD, like 2026-06-30\n",
        ),
        (
            &["show", "P01", "2026-13"][..],
            "error: `2026-13` is not a period: expected 2026, 2026H1, 2026Q3, 2026-03, 2026-03-01..2026-05-31 or all\n",
        ),
        (
            &["report", "--top", "0"][..],
            "error: invalid value '0' for '--top <N>': give a whole number of at least 1, like --top 10\n\nFor more information, try '--help'.\n",
        ),
        (
            &["--format", "xml", "balance"][..],
            "error: invalid value 'xml' for '--format <FORMAT>'\n  [possible values: table, csv, json, md, xlsx]\n\n  tip: a similar value exists: 'xlsx'\n\nFor more information, try '--help'.\n",
        ),
    ] {
        Test::new()
            .fixture("basic")
            .args(args.iter().copied())
            .stdout("")
            .stderr(stderr)
            .status(2)
            .unchanged()
            .run();
    }
}

#[test]
fn every_command_help_has_a_real_example() {
    for cmd in [
        "init", "add", "void", "redeem", "balance", "report", "show", "evaluate", "exchange",
        "check",
    ] {
        Test::new()
            .args([cmd, "--help"])
            .stdout_has(&format!("Examples:\n  points {cmd} "))
            .run();
    }
}
