//! Recording: `points add`, `void` and `redeem` on the basic fixture — what
//! they write, every refusal (with proof that no byte of the book changed),
//! caps across a series of adds, concurrent writers, git clones merged
//! through the union driver, a torn ledger, a read-only ledger and a write
//! that fails half-way.
//!
//! `POINTS_ID_SEED` makes the ids repeatable where whole outputs are compared;
//! the concurrency and clone tests use real random ids.

use crate::harness::{copy_dir, fixtures, points, snapshot, Test, BIN};
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

const LEDGER_2026: &str = include_str!("fixtures/basic/ledger/2026.csv");

/// The basic book, with repeatable ids.
fn book() -> Test {
    Test::new().fixture("basic").env("POINTS_ID_SEED", "1")
}

/// A copy of the basic book in a fresh folder that outlives one command.
fn basic() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("basic"), dir.path());
    dir
}

/// `points ARGS` on the book at `dir` with repeatable ids; the whole
/// (status, stdout, stderr) is compared by the caller.
fn seeded(dir: &Path, args: &[&str]) -> (i32, String, String) {
    points_seeded(dir, "1", args)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

// ------------------------------------------------------------------- add

#[test]
fn add_writes_one_row_per_person_and_shows_balances() {
    let book = basic();
    let dir = book.path();
    let got = seeded(
        dir,
        &[
            "add",
            "patrol",
            "--people",
            "李四,P06",
            "--qty",
            "5",
            "--date",
            "2026-11-02",
            "--note",
            "夜间巡逻",
        ],
    );
    assert_eq!(
        got,
        (
            0,
            "recorded 2 rows in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-11-02 ┆ P02    ┆ 李四 ┆ earn ┆ 治安巡逻 ┆   5 ┆      8 ┆     8.5 │
│ dz33gdkwmr ┆ 2026-11-02 ┆ P06    ┆ 孙七 ┆ earn ┆ 治安巡逻 ┆   5 ┆      8 ┆    10.5 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
李四 (P02): 治安巡逻: 5 hours recorded, points for 4 (max_qty)
孙七 (P06): 治安巡逻: 5 hours recorded, points for 4 (max_qty)
"
            .to_string(),
            String::new()
        )
    );
    assert_eq!(
        read(dir, "ledger/2026.csv"),
        format!(
            "{LEDGER_2026}epne9ervn1,2026-11-02,P02,earn,patrol,5,8,tester,,夜间巡逻\n\
             dz33gdkwmr,2026-11-02,P06,earn,patrol,5,8,tester,,夜间巡逻\n"
        )
    );
}

#[test]
fn add_json_has_the_spec_keys() {
    book()
        .args([
            "--format", "json", "add", "meeting", "--people", "P01", "--date", "2026-11-05",
        ])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-11-05","person":"P01","name":"张三","kind":"earn","item":"meeting","qty":1,"points":3,"balance":38}
]
"#,
        )
        .run();
}

#[test]
fn dry_run_prints_the_same_and_writes_nothing() {
    book()
        .args([
            "add",
            "volunteer",
            "--people",
            "P03",
            "--qty",
            "2",
            "--date",
            "2026-11-20",
            "--dry-run",
        ])
        .stdout(
            "dry run: 1 row would be written to ledger/2026.csv; nothing was written
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-11-20 ┆ P03    ┆ 王五 ┆ earn ┆ 志愿服务 ┆   2 ┆      5 ┆      10 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
",
        )
        .unchanged()
        .run();
}

#[test]
fn the_first_write_to_a_book_without_ledgers_creates_one() {
    let book = tempfile::tempdir().unwrap();
    let dir = book.path();
    let basic = fixtures().join("basic");
    for f in ["points.toml", "people.csv"] {
        std::fs::copy(basic.join(f), dir.join(f)).unwrap();
    }
    // A dry run leaves no ledger and no ledger folder behind.
    let args = [
        "add",
        "volunteer",
        "--people",
        "P02",
        "--date",
        "2025-06-01",
    ];
    let (code, _, err) = seeded(dir, &[&args[..], &["--dry-run"]].concat());
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(!dir.join("ledger").exists());
    assert_eq!(
        seeded(dir, &args),
        (
            0,
            "recorded 1 row in ledger/2025.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2025-06-01 ┆ P02    ┆ 李四 ┆ earn ┆ 志愿服务 ┆   1 ┆    2.5 ┆     2.5 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
ledger/2025.csv is a new ledger file: add it to git with `git add ledger/2025.csv` before you commit
"
            .to_string(),
            String::new()
        )
    );
    assert_eq!(
        read(dir, "ledger/2025.csv"),
        "id,date,person,kind,item,qty,points,by,ref,note\nepne9ervn1,2025-06-01,P02,earn,volunteer,1,2.5,tester,,\n"
    );
}

// ------------------------------------------------------------ refusals

/// Run `points ARGS` on the basic book, expect a refusal with exactly `stderr`
/// and no byte of the book changed.
fn refused(args: &[&str], stderr: &str) {
    refused_with(args, stderr, 1);
}

/// A malformed argument (a date, number, id or name that cannot be read):
/// a usage error, exit 2, nothing written.
fn usage(args: &[&str], stderr: &str) {
    refused_with(args, stderr, 2);
}

fn refused_with(args: &[&str], stderr: &str, status: i32) {
    book()
        .args(args.iter().copied())
        .stdout("")
        .stderr(stderr)
        .status(status)
        .unchanged()
        .run();
}

#[test]
fn refuses_an_unknown_item() {
    refused(
        &["add", "patrl", "--people", "P01", "--qty", "2"],
        "error: no item has the id or name `patrl` in points.toml. Did you mean:\n      patrol  治安巡逻\nnothing was written.\n",
    );
}

#[test]
fn refuses_an_unknown_person() {
    refused(
        &["add", "volunteer", "--people", "P01,周八"],
        "error: no person has the id or name `周八` in people.csv: check the spelling, or add them to the roster\nnothing was written.\n",
    );
}

#[test]
fn refuses_an_ambiguous_name_listing_every_candidate() {
    refused(
        &["add", "volunteer", "--people", "张三"],
        "error: 2 people are named `张三`; use the id of the one you mean:
      P01  张三  household H1
      P05  张三  household H3
nothing was written.
",
    );
}

#[test]
fn refuses_a_person_listed_twice() {
    refused(
        &["add", "volunteer", "--people", "P02,李四"],
        "error: 李四 (P02) is listed twice: each person gets one row (use --qty for more hours or times)\nnothing was written.\n",
    );
}

#[test]
fn refuses_a_role_that_may_not_earn_the_item() {
    refused(
        &["add", "meeting", "--people", "P02", "--date", "2026-11-02"],
        "error: 李四 (P02) is a 群众, who may not earn 三会一课: only 党员 may\nnothing was written.\n",
    );
}

#[test]
fn refuses_people_who_did_not_live_here_on_that_date() {
    refused(
        &["add", "volunteer", "--people", "P03,P04", "--date", "2026-02-10"],
        "error: 王五 (P03) moved in on 2026-03-01, so earns nothing on 2026-02-10\nnothing was written.\n",
    );
    refused(
        &["add", "volunteer", "--people", "P04"],
        "error: 赵六 (P04) moved out on 2026-05-31, so earns nothing on 2026-11-27\nnothing was written.\n",
    );
}

#[test]
fn refuses_a_future_or_impossible_date() {
    refused(
        &["add", "volunteer", "--people", "P02", "--date", "2026-11-28"],
        "error: the date 2026-11-28 is in the future (today is 2026-11-27): give the day it happened with --date, or record it on or after 2026-11-28\nnothing was written.\n",
    );
    usage(
        &["add", "volunteer", "--people", "P02", "--date", "2026-02-30"],
        "error: `2026-02-30` is not a date: write it YYYY-MM-DD, like 2026-06-30\nnothing was written.\n",
    );
}

#[test]
fn refuses_bad_quantities() {
    refused(
        &["add", "patrol", "--people", "P02"],
        "error: 治安巡逻 is counted in hours: say how many with --qty, like --qty 2\nnothing was written.\n",
    );
    refused(
        &["add", "patrol", "--people", "P02", "--qty", "0"],
        "error: --qty 0 must be more than 0 (to take points away, void the entry or use a deduction item)\nnothing was written.\n",
    );
    refused(
        &["add", "patrol", "--people", "P02", "--qty", "-2"],
        "error: --qty -2 must be more than 0 (to take points away, void the entry or use a deduction item)\nnothing was written.\n",
    );
    usage(
        &["add", "patrol", "--people", "P02", "--qty", "1.125"],
        "error: --qty `1.125` cannot be used: it has more than two decimal places\nnothing was written.\n",
    );
    refused(
        &["add", "volunteer", "--people", "P02", "--qty", "1.5"],
        "error: --qty 1.5: 志愿服务 is counted in times, so the quantity must be a whole number\nnothing was written.\n",
    );
}

#[test]
fn refuses_without_anyone_to_name_as_recorder() {
    book()
        .args(["add", "volunteer", "--people", "P02"])
        .env("USER", "")
        .stderr("error: who is recording this? Give --by NAME (or set your name with `git config user.name NAME`)\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
}

/// Ten people, one of whom moved out: nothing is written, and the one problem is named.
const TEN: &str = "id,name,household,building,role,joined,left
Q01,甲,H1,B1,resident,,
Q02,乙,H1,B1,resident,,
Q03,丙,H2,B1,resident,,
Q04,丁,H2,B1,resident,,
Q05,戊,H3,B1,resident,,
Q06,己,H3,B1,resident,,
Q07,庚,H4,B2,resident,,2026-10-31
Q08,辛,H4,B2,resident,,
Q09,壬,H5,B2,party,,
Q10,癸,H5,B2,resident,,
";

#[test]
fn all_or_nothing_with_ten_people() {
    Test::new()
        .fixture("basic")
        .file("people.csv", TEN)
        .file("ledger/2025.csv", "id,date,person,kind,item,qty,points,by,ref,note\n")
        .file("ledger/2026.csv", "id,date,person,kind,item,qty,points,by,ref,note\n")
        .args([
            "add", "volunteer", "--people", "Q01,Q02,Q03,Q04,Q05,Q06,Q07,Q08,Q09,Q10", "--date",
            "2026-11-20",
        ])
        .stdout("")
        .stderr("error: 庚 (Q07) moved out on 2026-10-31, so earns nothing on 2026-11-20\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn every_problem_is_listed() {
    // The bad --ledger name is a usage error: exit 2.
    usage(
        &[
            "add", "meeting", "--people", "P09,张三,P02,P03,P02", "--qty", "2.5", "--date",
            "2026-02-10", "--ledger", "../elsewhere",
        ],
        "error: 8 problems, so nothing was written:
  - --qty 2.5: 三会一课 is counted in times, so the quantity must be a whole number
  - no person has the id or name `P09` in people.csv: check the spelling, or add them to the roster
  - 2 people are named `张三`; use the id of the one you mean:
      P01  张三  household H1
      P05  张三  household H3
  - 李四 (P02) is listed twice: each person gets one row (use --qty for more hours or times)
  - 李四 (P02) is a 群众, who may not earn 三会一课: only 党员 may
  - 王五 (P03) is a 群众, who may not earn 三会一课: only 党员 may
  - 王五 (P03) moved in on 2026-03-01, so earns nothing on 2026-02-10
  - --ledger `../elsewhere` is not a ledger name: give a file name of the ledger folder, like 2026 or 2026.csv
",
    );
}

#[test]
fn a_book_with_errors_is_not_written_to() {
    // An error in the rows of a person written for stops the write…
    book()
        .append("ledger/2025.csv", "A05,2025-12-01,P02,earn,volunteer,1,99,x,,\n")
        .args(["add", "volunteer", "--people", "P02"])
        .stdout("")
        .stderr_has("points `99` are more than the rules give (2.5)")
        .stderr_has("the book has 1 error, and nothing is written to a book with errors: run `points check` to see it, fix it, and run this again. Nothing was written.\n")
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn add_reads_only_the_rows_of_the_people_it_writes_for() {
    // …while other people's rows are not read at all (that is `check`'s job,
    // and what keeps `add` fast on a big book): an unknown person elsewhere
    // does not stop a patrol from being recorded.
    let t = book().append(
        "ledger/2025.csv",
        "A05,2025-12-01,P09,earn,volunteer,1,2.5,x,,\n",
    );
    let dir = t.path().to_path_buf();
    let (code, _, err) = seeded(&dir, &["add", "volunteer", "--people", "P02"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, out, _) = crate::harness::points(&dir, &["check"]);
    assert_eq!(code, 1);
    assert!(out.contains("unknown person `P09`"), "{out}");
}

// ------------------------------------------------------------------ caps

#[test]
fn a_series_of_adds_lands_exactly_on_the_monthly_cap() {
    let book = basic();
    let dir = book.path();
    let add = |day: &str, qty: &str| {
        let (code, out, err) = seeded(
            dir,
            &[
                "add", "patrol", "--people", "P02", "--qty", qty, "--date", day,
            ],
        );
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        let rows: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with('│') && l.contains("P02"))
            .collect();
        let note = out.lines().last().unwrap_or_default().to_string();
        (rows.join("\n"), note)
    };
    // 李四 is a resident: 2 per hour, at most 20 in a month.
    let row = |day: &str, qty: &str| add(day, qty).0;
    assert!(row("2026-10-01", "3").ends_with("┆   3 ┆      6 ┆     6.5 │"));
    assert!(row("2026-10-02", "3").ends_with("┆   3 ┆      6 ┆    12.5 │"));
    assert!(row("2026-10-03", "3").ends_with("┆   3 ┆      6 ┆    18.5 │"));
    let (r, note) = add("2026-10-04", "3");
    assert!(r.ends_with("┆   3 ┆      2 ┆    20.5 │"), "{r}");
    assert_eq!(
        note,
        "李四 (P02): 治安巡逻: 6 cut to 2 by the monthly cap of 20"
    );
    let (r, note) = add("2026-10-31", "1");
    assert!(r.ends_with("┆   1 ┆      0 ┆    20.5 │"), "{r}");
    assert_eq!(
        note,
        "李四 (P02): 治安巡逻: monthly cap of 20 reached — recorded with 0 points"
    );
    // November starts afresh.
    let (r, _) = add("2026-11-01", "3");
    assert!(r.ends_with("┆   3 ┆      6 ┆    26.5 │"), "{r}");
    assert_eq!(
        points(dir, &["check"]),
        (
            0,
            "ok: 23 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n".into(),
            String::new()
        )
    );
    let (_, out, _) = points(
        dir,
        &["--format", "json", "report", "2026-10", "--by", "item"],
    );
    assert!(
        out.contains(r#""item":"patrol""#) && out.contains(r#""earned":20"#),
        "{out}"
    );
}

#[test]
fn a_category_cap_cuts_too() {
    // 教育管理类 has a cap of 10 a month; 赵六 had 2 in February 2026.
    book()
        .args([
            "add",
            "meeting",
            "--people",
            "P01,P04",
            "--qty",
            "5",
            "--date",
            "2026-02-20",
        ])
        .stdout(
            "recorded 2 rows in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-02-20 ┆ P01    ┆ 张三 ┆ earn ┆ 三会一课 ┆   5 ┆      8 ┆      43 │
│ dz33gdkwmr ┆ 2026-02-20 ┆ P04    ┆ 赵六 ┆ earn ┆ 三会一课 ┆   5 ┆      8 ┆      18 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
张三 (P01): 教育管理类 (category): 10 cut to 8 by the monthly cap of 10
赵六 (P04): 教育管理类 (category): 10 cut to 8 by the monthly cap of 10
",
        )
        .run();
}

// ------------------------------------------------------------------ void

#[test]
fn void_by_a_unique_prefix() {
    let book = basic();
    let dir = book.path();
    let (code, _, err) = seeded(
        dir,
        &[
            "add",
            "volunteer",
            "--people",
            "P03",
            "--date",
            "2026-11-02",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        seeded(dir, &["void", "epne", "--reason", "记错了人"]),
        (
            0,
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ dz33gdkwmr ┆ 2026-11-27 ┆ P03    ┆ 王五 ┆ void ┆ 志愿服务 ┆   1 ┆   -2.5 ┆       5 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
cancels `epne9ervn1`: earn 志愿服务 of 王五 (P03) on 2026-11-02, 2.5 points
"
            .to_string(),
            String::new()
        )
    );
    assert!(read(dir, "ledger/2026.csv").ends_with(
        "epne9ervn1,2026-11-02,P03,earn,volunteer,1,2.5,tester,,\n\
         dz33gdkwmr,2026-11-27,P03,void,volunteer,1,-2.5,tester,epne9ervn1,记错了人\n"
    ));
    assert_eq!(
        points(dir, &["check"]),
        (
            0,
            "ok: 19 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n".into(),
            String::new()
        )
    );
    // Voided now: a second void is refused.
    let before = snapshot(dir);
    let (code, _, err) = seeded(dir, &["void", "epne", "--reason", "again"]);
    assert_eq!(
        (code, err.as_str()),
        (1, "error: entry `epne9ervn1` is already voided by `dz33gdkwmr`: nothing is left to cancel\nnothing was written.\n")
    );
    assert!(before == snapshot(dir));
}

#[test]
fn void_refusals() {
    refused(
        &["void", "Z9", "--reason", "x"],
        "error: no entry id starts with `Z9`: `points show PERSON` lists a person's entries with their ids\nnothing was written.\n",
    );
    refused(
        &["void", "A0", "--reason", "x"],
        "error: 4 entry ids start with `A0`; give more of the id:
      A01  2025-12-31  P01  open  社区公益类  30
      A02  2025-12-31  P02  open  社区公益类  12.5
      A03  2025-12-31  P04  open  教育管理类  8
      A04  2025-11-02  P06  earn  志愿服务  2.5
nothing was written.
",
    );
    refused(
        &["void", "B10", "--reason", "x"],
        "error: `B10` is itself a void, and a void cannot be voided: to undo it, record the original entry again with `points add`\nnothing was written.\n",
    );
    refused(
        &["void", "B09", "--reason", "x"],
        "error: entry `B09` is already voided by `B10`: nothing is left to cancel\nnothing was written.\n",
    );
    usage(
        &["void", "B01", "--reason", " "],
        "error: --reason (say why the entry is voided) is empty: write it out, like --reason \"记错了人\"\nnothing was written.\n",
    );
}

#[test]
fn an_exact_id_wins_over_longer_ones() {
    // `B1` is the start of B10…B13, but is no id itself; `B13` is exact.
    refused(
        &["void", "B1", "--reason", "x"],
        "error: 4 entry ids start with `B1`; give more of the id:
      B10  2026-03-05  P06  void  志愿服务  -2.5
      B11  2026-04-01  P01  redeem  毛巾  -20
      B12  2026-07-02  P01  earn  三会一课  3
      B13  2026-08-08  P02  earn  乱搭乱建  -20
nothing was written.
",
    );
    book()
        .args(["--format", "json", "void", "B13", "--reason", "拆除了", "--date", "2026-09-01"])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2026-09-01","person":"P02","name":"李四","kind":"void","item":"building","qty":1,"points":20,"balance":20.5}
]
"#,
        )
        .run();
}

// ---------------------------------------------------------------- redeem

/// A single redemption leaves `ref` empty (only an exchange commit writes the
/// round there) and says which round it counts in.
#[test]
fn redeem_writes_an_empty_ref_and_the_cost() {
    let book = basic();
    let dir = book.path();
    assert_eq!(
        seeded(dir, &["redeem", "张三", "towel", "--date", "2026-06-30"]).2,
        "error: 2 people are named `张三`; use the id of the one you mean:
      P01  张三  household H1
      P05  张三  household H3
nothing was written.
"
    );
    assert_eq!(
        seeded(dir, &["redeem", "P01", "towel", "--date", "2026-06-30"]),
        (
            0,
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬────────┬──────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind   ┆ item ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪════════╪══════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-06-30 ┆ P01    ┆ 张三 ┆ redeem ┆ 毛巾 ┆   1 ┆    -20 ┆      15 │
└────────────┴────────────┴────────┴──────┴────────┴──────┴─────┴────────┴─────────┘
毛巾 counts towards round 2026H1 (its per-person limit and stock)
"
            .to_string(),
            String::new()
        )
    );
    assert!(read(dir, "ledger/2026.csv")
        .ends_with("epne9ervn1,2026-06-30,P01,redeem,towel,1,-20,tester,,\n"));
    assert_eq!(
        points(dir, &["check"]),
        (
            0,
            "ok: 18 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n".into(),
            String::new()
        )
    );
}

#[test]
fn redeem_refusals() {
    refused(
        &["redeem", "孙七", "towel"],
        "error: 孙七 (P06) has a balance of 2.5 on 2026-11-27, and 1 × 毛巾 costs 20: not enough points (`points show` lists the entries)\nnothing was written.\n",
    );
    // A redemption that the balance on its day allows, but that would leave a
    // later redemption (B11, 2026-04-01) uncovered.
    refused(
        &["redeem", "P01", "umbrella", "--date", "2026-03-01"],
        "error: spending 40 would leave 张三 (P01) with a balance of -8 at the redemption on 2026-04-01\nnothing was written.\n",
    );
    refused(
        &["redeem", "P01", "towel", "--qty", "1.5"],
        "error: --qty `1.5` of a redemption must be a whole number of at least 1\nnothing was written.\n",
    );
    refused(
        &["redeem", "P09", "soap"],
        "error: 2 problems, so nothing was written:
  - no person has the id or name `P09` in people.csv: check the spelling, or add them to the roster
  - no reward has the id `soap` in points.toml; the rewards are: towel, umbrella
",
    );
}

#[test]
fn redeem_refuses_beyond_the_per_person_limit_of_the_round() {
    // 张三 had one towel in 2026H1 (B11); with 50 more points, two more pass the limit of 2.
    book()
        .append("ledger/2026.csv", "Z01,2026-05-01,P01,earn,volunteer,20,50,x,,\n")
        .args(["redeem", "P01", "towel", "--qty", "2", "--date", "2026-06-30"])
        .stderr("error: 张三 (P01) already has 1 × 毛巾 in round 2026H1; 2 more would pass the limit of 2 per person per round\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
    // One more is within the limit; in the next round the count starts again.
    book()
        .append("ledger/2026.csv", "Z01,2026-05-01,P01,earn,volunteer,20,50,x,,\n")
        .args(["--format", "json", "redeem", "P01", "towel", "--qty", "2", "--date", "2026-07-01", "--dry-run"])
        .stdout(r#"[
  {"id":"epne9ervn1","date":"2026-07-01","person":"P01","name":"张三","kind":"redeem","item":"towel","qty":2,"points":-40,"balance":45}
]
"#)
        .unchanged()
        .run();
}

/// The limit counts every redemption of the round: B11 (ref 2026H1) and Z02,
/// a single redemption (empty ref) dated 2026-05-02, in 2026H1. So 张三 has
/// 2 of 2 and a third is refused; on 2026-07-01 (2026H2) neither counts and
/// 2 are fine: balance 30 + 12 + 8 + 0 + 2 − 20 + 50 − 20 + 3 (B12) = 65, − 40 = 25.
#[test]
fn redeem_counts_single_redemptions_of_the_round_against_the_limit() {
    let rows =
        "Z01,2026-05-01,P01,earn,volunteer,20,50,x,,\nZ02,2026-05-02,P01,redeem,towel,1,-20,x,,\n";
    book()
        .append("ledger/2026.csv", rows)
        .args(["redeem", "P01", "towel", "--date", "2026-06-30"])
        .stderr("error: 张三 (P01) already has 2 × 毛巾 in round 2026H1; 1 more would pass the limit of 2 per person per round\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
    book()
        .append("ledger/2026.csv", rows)
        .args(["--format", "json", "redeem", "P01", "towel", "--qty", "2", "--date", "2026-07-01", "--dry-run"])
        .stdout(r#"[
  {"id":"epne9ervn1","date":"2026-07-01","person":"P01","name":"张三","kind":"redeem","item":"towel","qty":2,"points":-40,"balance":25}
]
"#)
        .unchanged()
        .run();
}

// ------------------------------------------------------- files that resist

#[test]
fn a_torn_last_line_stops_add() {
    book()
        .append("ledger/2026.csv", "Z01,2026-11-01,P01,earn,volunteer,1,2.5,x,,")
        .args(["add", "volunteer", "--people", "P02"])
        .stdout("")
        .stderr("error: ledger/2026.csv: the last line is torn (it does not end with a line break): a write may have been cut off. Nothing was appended. Look at the last line: if it is complete, add a line break at its end; if not, delete it. Then run `points check`.\n")
        .status(1)
        .unchanged()
        .run();
}

/// Tests run as root, which may write any file whatever its mode; so
/// `points` itself honours a ledger's read-only mode (a keeper may close a
/// year's ledger with `chmod a-w`), and this holds for root too.
#[test]
fn a_read_only_ledger_is_refused() {
    let t = book().args(["add", "volunteer", "--people", "P02"]);
    let p = t.dir.path().join("ledger/2026.csv");
    let mut perm = std::fs::metadata(&p).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&p, perm).unwrap();
    t.stdout("")
        .stderr("error: ledger/2026.csv: this ledger is marked read-only (its file permissions allow no writing), so nothing was written. If the ledger is closed on purpose, write to another with --ledger NAME; otherwise make it writable again (chmod u+w).\n")
        .status(1)
        .unchanged()
        .run();
}

/// A write that fails half-way (here: the file-size limit, which binds root
/// too, is 53 bytes past the ledger's end, so part of the rows get written
/// before the write fails) leaves the ledger exactly as it was. SIGXFSZ is
/// not ignored by the caller: `points` must ignore it itself, or the signal
/// kills it before it can cut back.
#[test]
fn a_failed_write_leaves_the_ledger_as_it_was() {
    if Command::new("prlimit").arg("--version").output().is_err() {
        eprintln!("skipped: prlimit (util-linux) is not installed");
        return;
    }
    let book = basic();
    let dir = book.path();
    let before = snapshot(dir);
    let limit = format!("--fsize={}", LEDGER_2026.len() + 53);
    let out = Command::new("sh")
        .current_dir(dir)
        .args([
            "-c",
            "trap - XFSZ; exec prlimit \"$0\" -- \"$@\"",
            &limit,
            BIN,
        ])
        .args([
            "add",
            "patrol",
            "--people",
            "P02,P06",
            "--qty",
            "1",
            "--date",
            "2026-11-02",
        ])
        .env("POINTS_TODAY", "2026-11-27")
        .env("USER", "tester")
        .env("HOME", dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: ledger/2026.csv: writing failed: the file would grow beyond the file-size limit set for this program, such as `ulimit -f` (File too large (os error 27)). Every ledger was left exactly as it was; nothing was written.\n"
    );
    assert!(before == snapshot(dir), "the book changed");
}

// ----------------------------------------------------------- concurrency

/// The ids and the rows of a ledger (notes hold no commas here).
fn rows_of(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn four_writers_at_once_lose_nothing_and_never_pass_a_cap() {
    let book = basic();
    let dir = book.path().to_path_buf();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                for j in 0..25 {
                    let day = format!("2026-10-{:02}", j + 1);
                    let note = format!("w{w}-{j}");
                    let (code, out, err) = points(
                        &dir,
                        &[
                            "add", "patrol", "--people", "P02", "--qty", "1", "--date", &day,
                            "--note", &note,
                        ],
                    );
                    assert_eq!(code, 0, "{out}{err}");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let text = read(&dir, "ledger/2026.csv");
    assert!(text.starts_with(LEDGER_2026));
    let rows = rows_of(&text);
    assert_eq!(rows.len(), 13 + 100);
    let ids: HashSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids.len(), 113, "ids are unique");
    let notes: HashSet<&str> = rows[13..].iter().map(|r| r[9].as_str()).collect();
    assert_eq!(notes.len(), 100, "every row is there");
    // 2 points an hour, 20 a month: ten rows get 2, ninety get 0, never more.
    let total: i64 = rows[13..]
        .iter()
        .map(|r| r[6].parse::<i64>().unwrap())
        .sum();
    assert_eq!(total, 20);
    let (code, out, _) = points(&dir, &["check"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "ok: 117 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n"
        )
    );
}

// ------------------------------------------------------------------- git

/// Run git in `dir` with a fixed identity and no user or system config.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=测试",
            "-c",
            "user.email=test@example.org",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "pull.rebase=false",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "git {} failed:\n{text}",
        args.join(" ")
    );
    text
}

/// `points ARGS` in `dir` with a repeatable id seed.
fn points_seeded(dir: &Path, seed: &str, args: &[&str]) -> (i32, String, String) {
    crate::harness::points_with(dir, args, &[("POINTS_ID_SEED", seed)])
}

/// A book made by `points init`, filled with the basic fixture, committed,
/// published as a bare repository and cloned twice: (tmp, clone a, clone b).
fn two_clones() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (code, _, err) = points(root, &["init", "work"]);
    assert_eq!(code, 0, "{err}");
    let work = root.join("work");
    assert_eq!(
        read(&work, ".gitattributes"),
        "# Ledgers are append-only: two clones that both appended merge by keeping both sides.\nledger/*.csv merge=union\n"
    );
    let basic = fixtures().join("basic");
    for f in [
        "points.toml",
        "people.csv",
        "ledger/2025.csv",
        "ledger/2026.csv",
    ] {
        std::fs::copy(basic.join(f), work.join(f)).unwrap();
    }
    git(&work, &["init", "-q"]);
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "the book"]);
    git(root, &["clone", "-q", "--bare", "work", "origin.git"]);
    git(root, &["clone", "-q", "origin.git", "a"]);
    git(root, &["clone", "-q", "origin.git", "b"]);
    let (a, b) = (root.join("a"), root.join("b"));
    (tmp, a, b)
}

#[test]
fn two_clones_append_and_merge_without_conflict() {
    let (_tmp, a, b) = two_clones();
    // In clone a, the recorder's name comes from git.
    git(&a, &["config", "user.name", "队长甲"]);
    let (code, _, err) = points(
        &a,
        &[
            "add",
            "volunteer",
            "--people",
            "P06",
            "--date",
            "2026-11-20",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    git(&a, &["commit", "-qam", "志愿服务"]);
    git(&a, &["push", "-q"]);

    let (code, _, err) = points(
        &b,
        &[
            "add",
            "patrol",
            "--people",
            "P02",
            "--qty",
            "2",
            "--date",
            "2026-11-21",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    git(&b, &["commit", "-qam", "巡逻"]);
    git(&b, &["pull", "-q", "--no-edit"]);
    git(&b, &["push", "-q"]);
    git(&a, &["pull", "-q", "--no-edit"]);

    let (la, lb) = (read(&a, "ledger/2026.csv"), read(&b, "ledger/2026.csv"));
    assert_eq!(la, lb);
    assert!(!la.contains("<<<<"));
    let rows = rows_of(&la);
    assert_eq!(rows.len(), 15);
    let added: Vec<String> = rows[13..].iter().map(|r| r[1..].join(",")).collect();
    assert_eq!(
        added,
        vec![
            "2026-11-21,P02,earn,patrol,2,4,tester,,",
            "2026-11-20,P06,earn,volunteer,1,2.5,队长甲,,",
        ]
    );
    let (code, out, _) = points(&a, &["check"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "ok: 19 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n"
        )
    );
}

#[test]
fn the_same_entry_on_two_clones_is_flagged_after_the_merge() {
    let (_tmp, a, b) = two_clones();
    let args = [
        "add",
        "volunteer",
        "--people",
        "P06",
        "--date",
        "2026-11-20",
        "--by",
        "队长",
    ];
    assert_eq!(points_seeded(&a, "1", &args).0, 0);
    git(&a, &["commit", "-qam", "志愿服务"]);
    git(&a, &["push", "-q"]);
    assert_eq!(points_seeded(&b, "2", &args).0, 0);
    git(&b, &["commit", "-qam", "志愿服务 (again)"]);
    git(&b, &["pull", "-q", "--no-edit"]);
    let (code, out, _) = points(&b, &["check"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "ledger/2026.csv:16: warning: likely double entry: equal in every field but the id to ledger/2026.csv:15
   |
16 | epne9ervn1,2026-11-20,P06,earn,volunteer,1,2.5,队长,,
   = fix: if it was recorded twice (e.g. on two clones), void one of them with `points void ID --reason \"double entry\"`
ok: 19 rows in 2 ledger files, 6 people, 5 items; 1 warning
"
        )
    );
}

#[test]
fn a_void_never_goes_before_its_entry() {
    refused(
        &["void", "B13", "--reason", "x", "--ledger", "2025"],
        "error: entry `B13` is in ledger/2026.csv, which comes after ledger/2025.csv in ledger order, and a void must come after its entry: leave out --ledger, or name a later ledger\nnothing was written.\n",
    );
}

#[test]
fn rows_for_an_earlier_ledger_are_capped_in_ledger_order() {
    // 张三 took 20 of 20 in January 2026 (ledger/2026.csv). A January 2026
    // patrol put into ledger/2025.csv would come before those rows and change them.
    refused(
        &["add", "patrol", "--people", "P01", "--qty", "1", "--date", "2026-01-05", "--ledger", "2025"],
        "error: 张三 (P01): later ledgers than ledger/2025.csv hold rows in the same cap period of 治安巡逻, and a row put before them would change their points: leave out --ledger, so the row goes to the last ledger\nnothing was written.\n",
    );
    // A late 2025 entry in 2025's ledger is fine: no later row shares its cap period.
    book()
        .args(["--format", "json", "add", "patrol", "--people", "P01", "--qty", "1", "--date", "2025-12-05", "--ledger", "2025"])
        .stdout(r#"[
  {"id":"epne9ervn1","date":"2025-12-05","person":"P01","name":"张三","kind":"earn","item":"patrol","qty":1,"points":3,"balance":38}
]
"#)
        .run();
}

// ------------------------------------------------------------ SPEC audit

/// A two-hour patrol for two people, as a dry run.
const ADD_TWO: [&str; 9] = [
    "add",
    "patrol",
    "--people",
    "P01,P02",
    "--qty",
    "2",
    "--date",
    "2026-11-20",
    "--dry-run",
];

#[test]
fn writes_print_csv_and_md_with_the_spec_columns() {
    book()
        .args(["--format", "csv"].into_iter().chain(ADD_TWO))
        .stdout(
            "id,date,person,name,kind,item,qty,points,balance
epne9ervn1,2026-11-20,P01,张三,earn,patrol,2,6,41
dz33gdkwmr,2026-11-20,P02,李四,earn,patrol,2,4,4.5
",
        )
        .unchanged()
        .run();
    book()
        .args(["--format", "md"].into_iter().chain(ADD_TWO))
        .stdout(
            "## dry run: 2 rows would be written to ledger/2026.csv; nothing was written

| id | date | person | name | kind | item | qty | points | balance |
| --- | --- | --- | --- | --- | --- | ---: | ---: | ---: |
| epne9ervn1 | 2026-11-20 | P01 | 张三 | earn | 治安巡逻 | 2 | 6 | 41 |
| dz33gdkwmr | 2026-11-20 | P02 | 李四 | earn | 治安巡逻 | 2 | 4 | 4.5 |
",
        )
        .unchanged()
        .run();
    book()
        .args([
            "--format",
            "csv",
            "void",
            "B13",
            "--reason",
            "拆除了",
            "--date",
            "2026-09-01",
            "--dry-run",
        ])
        .stdout(
            "id,date,person,name,kind,item,qty,points,balance
epne9ervn1,2026-09-01,P02,李四,void,building,1,20,20.5
",
        )
        .unchanged()
        .run();
    book()
        .args([
            "--format",
            "md",
            "redeem",
            "P01",
            "towel",
            "--date",
            "2026-06-30",
            "--dry-run",
        ])
        .stdout(
            "## dry run: 1 row would be written to ledger/2026.csv; nothing was written

| id | date | person | name | kind | item | qty | points | balance |
| --- | --- | --- | --- | --- | --- | ---: | ---: | ---: |
| epne9ervn1 | 2026-06-30 | P01 | 张三 | redeem | 毛巾 | 1 | -20 | 15 |

毛巾 counts towards round 2026H1 (its per-person limit and stock)  
",
        )
        .unchanged()
        .run();
}

#[test]
fn void_and_redeem_refuse_a_future_date_and_a_malformed_one_is_a_usage_error() {
    refused(
        &["void", "B13", "--reason", "x", "--date", "2026-12-01"],
        "error: the date 2026-12-01 is in the future (today is 2026-11-27): give the day it happened with --date, or record it on or after 2026-12-01\nnothing was written.\n",
    );
    refused(
        &["redeem", "P01", "towel", "--date", "2026-11-28"],
        "error: the date 2026-11-28 is in the future (today is 2026-11-27): give the day it happened with --date, or record it on or after 2026-11-28\nnothing was written.\n",
    );
    usage(
        &["redeem", "P01", "towel", "--date", "2026-6-1"],
        "error: `2026-6-1` is not a date: write it YYYY-MM-DD, like 2026-06-30\nnothing was written.\n",
    );
    usage(
        &["void", "B13", "--reason", "x", "--date", "yesterday"],
        "error: `yesterday` is not a date: write it YYYY-MM-DD, like 2026-06-30\nnothing was written.\n",
    );
    usage(
        &["void", "B13", "--reason", "x", "--by", " "],
        "error: --by is empty: write it out, like --by 张三\nnothing was written.\n",
    );
    usage(
        &["void", "B1*", "--reason", "x"],
        "error: `B1*` is not an entry id: ids are letters, digits, `_` and `-`\nnothing was written.\n",
    );
    usage(
        &["add", "volunteer", "--people", " , "],
        "error: --people names nobody: give ids or names separated by commas, like --people 张三,李四\nnothing was written.\n",
    );
}

#[test]
fn points_today_is_the_default_date_of_every_write() {
    book()
        .args(["--format", "csv", "redeem", "P01", "towel", "--dry-run"])
        .env("POINTS_TODAY", "2026-06-30")
        .stdout(
            "id,date,person,name,kind,item,qty,points,balance
epne9ervn1,2026-06-30,P01,张三,redeem,towel,1,-20,15
",
        )
        .unchanged()
        .run();
    book()
        .args(["add", "volunteer", "--people", "P02", "--dry-run"])
        .env("POINTS_TODAY", "2026-02-31")
        .stderr("error: POINTS_TODAY `2026-02-31` is not a date: write it YYYY-MM-DD, like 2026-06-30, or unset it to use the real date\n")
        .status(2)
        .unchanged()
        .run();
}
