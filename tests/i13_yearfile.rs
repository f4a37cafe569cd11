//! New year, new file (#13, SPEC §4 and §12 "Writes"): when the ledgers are
//! named by year (or there are none), each row goes to `ledger/<year>.csv`
//! of its date, a new file is made and the `git add` it needs is said; other
//! books write to their last ledger; `--ledger` picks another. A row that
//! goes to a ledger that is not the last is refused where it would change
//! the points of later rows (a cap room they use), and one command's rows
//! in several files are one all-or-nothing transaction.
//!
//! The book is tests/fixtures/basic (ledgers 2025.csv and 2026.csv) on
//! 2027-01-04. Balances worked out by hand: 李四 (P02) has 12.5 (open A02)
//! + 8 (patrol B02) − 20 (building B13) = 0.5; 张三 (P01) has 30 (open) +
//!   12 + 8 + 0 (patrols) + 2 + 3 (meetings) − 20 (towel) = 35.

use crate::harness::{copy_dir, fixtures, points, snapshot, Test};
use std::path::Path;
use tempfile::TempDir;

const TODAY: &str = "2027-01-04";
const HEADER: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";

/// The basic book on the first working day of 2027, with fixed ids.
fn basic() -> Test {
    Test::new()
        .fixture("basic")
        .env("POINTS_TODAY", TODAY)
        .env("POINTS_ID_SEED", "1")
}

/// The next command on a book a test already used.
fn again(dir: TempDir) -> Test {
    let mut t = Test::new();
    t.dir = dir;
    t.env("POINTS_TODAY", TODAY).env("POINTS_ID_SEED", "1")
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

// ------------------------------------------------------- where rows go

#[test]
fn the_first_row_of_a_new_year_makes_its_ledger_and_says_to_git_add_it() {
    // 李四: 0.5 + 2.5 (volunteer) = 3.
    let (_, dir) = basic()
        .args(["add", "volunteer", "--people", "P02"])
        .stdout(
            "recorded 1 row in ledger/2027.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2027-01-04 ┆ P02    ┆ 李四 ┆ earn ┆ 志愿服务 ┆   1 ┆    2.5 ┆       3 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
ledger/2027.csv is a new ledger file: add it to git with `git add ledger/2027.csv` before you commit
",
        )
        .stderr("")
        .run_keep();
    assert_eq!(
        read(dir.path(), "ledger/2027.csv"),
        format!("{HEADER}epne9ervn1,2027-01-04,P02,earn,volunteer,1,2.5,tester,,\n")
    );
    // 4 + 13 rows before, 1 more: 18 rows in 3 files.
    let (_, dir) = again(dir)
        .args(["check"])
        .stdout("ok: 18 rows in 3 ledger files, 6 people, 5 items; 0 warnings\n")
        .run_keep();
    // The second row of the year goes to the same file, which is no longer new.
    again(dir)
        .args(["add", "volunteer", "--people", "P02"])
        .stdout(
            "recorded 1 row in ledger/2027.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ dz33gdkwmr ┆ 2027-01-04 ┆ P02    ┆ 李四 ┆ earn ┆ 志愿服务 ┆   1 ┆    2.5 ┆     5.5 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
",
        )
        .run();
}

#[test]
fn the_new_ledger_is_said_in_chinese() {
    // 李四: 0.5 + 2.5 = 3.
    basic()
        .args(["add", "volunteer", "--people", "李四", "--lang", "zh"])
        .stdout(
            "已在 ledger/2027.csv 记入 1 条记录
┌────────────┬────────────┬──────┬──────┬──────────┬──────────┬──────┬──────┬──────────┐
│ 记录编号   ┆ 日期       ┆ 编号 ┆ 姓名 ┆ 类型     ┆ 项目     ┆ 数量 ┆ 积分 ┆ 可用积分 │
╞════════════╪════════════╪══════╪══════╪══════════╪══════════╪══════╪══════╪══════════╡
│ epne9ervn1 ┆ 2027-01-04 ┆ P02  ┆ 李四 ┆ 获得积分 ┆ 志愿服务 ┆    1 ┆  2.5 ┆        3 │
└────────────┴────────────┴──────┴──────┴──────────┴──────────┴──────┴──────┴──────────┘
ledger/2027.csv 是新建的台账文件：提交前请用 `git add ledger/2027.csv` 把它加入 git
",
        )
        .stderr("")
        .run();
}

#[test]
fn a_dry_run_says_the_file_it_would_make_and_makes_none() {
    basic()
        .args(["add", "volunteer", "--people", "P02", "--dry-run"])
        .stdout(
            "dry run: 1 row would be written to ledger/2027.csv; nothing was written
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2027-01-04 ┆ P02    ┆ 李四 ┆ earn ┆ 志愿服务 ┆   1 ┆    2.5 ┆       3 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
ledger/2027.csv does not exist yet: this write would make it (then `git add ledger/2027.csv`)
",
        )
        .unchanged()
        .run();
}

#[test]
fn json_keeps_its_shape_and_the_new_ledger_is_said_on_stderr() {
    basic()
        .args(["--format", "json", "add", "volunteer", "--people", "P02"])
        .stdout(
            r#"[
  {"id":"epne9ervn1","date":"2027-01-04","person":"P02","name":"李四","kind":"earn","item":"volunteer","qty":1,"points":2.5,"balance":3}
]
"#,
        )
        .stderr("ledger/2027.csv is a new ledger file: add it to git with `git add ledger/2027.csv` before you commit\n")
        .run();
}

#[test]
fn a_row_dated_last_year_goes_to_last_years_ledger() {
    // 2027.csv exists; a row of 2026-12-30 goes to 2026.csv, after B13.
    // 李四: 0.5 + 2.5 = 3.
    let (_, dir) = basic()
        .file("ledger/2027.csv", HEADER)
        .args([
            "add",
            "volunteer",
            "--people",
            "P02",
            "--date",
            "2026-12-30",
        ])
        .stdout(
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-12-30 ┆ P02    ┆ 李四 ┆ earn ┆ 志愿服务 ┆   1 ┆    2.5 ┆       3 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
",
        )
        .run_keep();
    let text = read(dir.path(), "ledger/2026.csv");
    assert_eq!(
        text.lines().last(),
        Some("epne9ervn1,2026-12-30,P02,earn,volunteer,1,2.5,tester,,")
    );
    assert_eq!(read(dir.path(), "ledger/2027.csv"), HEADER);
}

#[test]
fn ledgers_not_named_by_year_take_rows_in_the_last_one() {
    // `2026.csv` beside `extra.csv`: not every name is a year, so a row of
    // 2027 goes to the last in name order, extra.csv, and no file is made.
    let (_, dir) = basic()
        .file("ledger/extra.csv", HEADER)
        .args(["add", "volunteer", "--people", "P02"])
        .stdout(
            "recorded 1 row in ledger/extra.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2027-01-04 ┆ P02    ┆ 李四 ┆ earn ┆ 志愿服务 ┆   1 ┆    2.5 ┆       3 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
",
        )
        .run_keep();
    assert!(!dir.path().join("ledger/2027.csv").exists());
}

#[test]
fn ledger_picks_another_file_and_a_new_one_is_said() {
    // --ledger wins over the year: a new `2027-paper.csv`, said like a year's.
    basic()
        .args([
            "add",
            "volunteer",
            "--people",
            "P02",
            "--ledger",
            "2027-paper",
        ])
        .stdout(
            "recorded 1 row in ledger/2027-paper.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2027-01-04 ┆ P02    ┆ 李四 ┆ earn ┆ 志愿服务 ┆   1 ┆    2.5 ┆       3 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
ledger/2027-paper.csv is a new ledger file: add it to git with `git add ledger/2027-paper.csv` before you commit
",
        )
        .run();
}

#[test]
fn redeem_and_void_go_to_the_ledger_of_their_date() {
    // 张三 (P01) redeems a towel (cost 20) on 2027-01-04: 35 − 20 = 15.
    let (_, dir) = basic()
        .args(["redeem", "P01", "towel"])
        .stdout(
            "recorded 1 row in ledger/2027.csv
┌────────────┬────────────┬────────┬──────┬────────┬──────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind   ┆ item ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪════════╪══════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2027-01-04 ┆ P01    ┆ 张三 ┆ redeem ┆ 毛巾 ┆   1 ┆    -20 ┆      15 │
└────────────┴────────────┴────────┴──────┴────────┴──────┴─────┴────────┴─────────┘
毛巾 counts towards round 2027H1 (its per-person limit and stock)
ledger/2027.csv is a new ledger file: add it to git with `git add ledger/2027.csv` before you commit
",
        )
        .run_keep();
    // A void dated 2026-12-31 of 孙七's 2025 volunteer row A04 (no cap) goes
    // to 2026.csv, before 2027.csv: nothing later depends on its room.
    // 孙七 (P06): 2.5 (A04) + 2.5 − 2.5 (B09 voided by B10) = 2.5; after: 0.
    let (_, dir) = again(dir)
        .args(["void", "A04", "--reason", "记错", "--date", "2026-12-31"])
        .stdout(
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ dz33gdkwmr ┆ 2026-12-31 ┆ P06    ┆ 孙七 ┆ void ┆ 志愿服务 ┆   1 ┆   -2.5 ┆       0 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
cancels `A04`: earn 志愿服务 of 孙七 (P06) on 2025-11-02, 2.5 points
",
        )
        .run_keep();
    assert_eq!(
        read(dir.path(), "ledger/2026.csv").lines().last(),
        Some("dz33gdkwmr,2026-12-31,P06,void,volunteer,1,-2.5,tester,A04,记错")
    );
}

#[test]
fn an_exchange_committed_in_the_new_year_makes_its_ledger() {
    // Round 2026H2 is exchanged on 2027-01-01 (the day after it): the
    // redemption goes to 2027.csv. 张三: 35 before, a towel of 20, 15 after;
    // earned in 2026H2: the meeting B12, 3. Towels: 3 in stock, 1 out, 2 left.
    let (_, dir) = basic()
        .file("req.csv", "person,reward,qty\nP01,towel,1\n")
        .args(["exchange", "2026H2", "--requests", "req.csv", "--commit"])
        .stdout(
            "测试小区 — exchange round 2026H2 on 2027-01-01, served by points earned in 2026H2, highest first
┌────────┬──────┬────────┬───────────┬─────────┬────────┬─────────┬────────┐
│ person ┆ name ┆ reward ┆ requested ┆ granted ┆ points ┆ status  ┆ reason │
╞════════╪══════╪════════╪═══════════╪═════════╪════════╪═════════╪════════╡
│ P01    ┆ 张三 ┆ 毛巾   ┆         1 ┆       1 ┆     20 ┆ granted ┆ —      │
└────────┴──────┴────────┴───────────┴─────────┴────────┴─────────┴────────┘

Accounts, in the order served
┌────────┬──────┬────────┬───────┬───────┬───────────────┐
│ person ┆ name ┆ before ┆ spent ┆ after ┆ earned 2026H2 │
╞════════╪══════╪════════╪═══════╪═══════╪═══════════════╡
│ P01    ┆ 张三 ┆     35 ┆    20 ┆    15 ┆             3 │
└────────┴──────┴────────┴───────┴───────┴───────────────┘

Stock
┌────────┬───────┬─────────┬──────┬──────────────────┐
│ reward ┆ stock ┆ granted ┆ left ┆ given out before │
╞════════╪═══════╪═════════╪══════╪══════════════════╡
│ 毛巾   ┆     3 ┆       1 ┆    2 ┆                0 │
│ 雨伞   ┆     1 ┆       0 ┆    1 ┆                0 │
└────────┴───────┴─────────┴──────┴──────────────────┘

Pick list: who gets how many
┌────────┬────────┬──────┬─────┐
│ reward ┆ person ┆ name ┆ qty │
╞════════╪════════╪══════╪═════╡
│ 毛巾   ┆ P01    ┆ 张三 ┆   1 │
└────────┴────────┴──────┴─────┘
Recorded 1 redemption in ledger/2027.csv.
ledger/2027.csv is a new ledger file: add it to git with `git add ledger/2027.csv` before you commit
",
        )
        .run_keep();
    assert_eq!(
        read(dir.path(), "ledger/2027.csv"),
        format!("{HEADER}epne9ervn1,2027-01-01,P01,redeem,towel,1,-20,tester,2026H2,\n")
    );
}

// ------------------------------------------------ before later ledgers

/// The basic book with 2027.csv holding a patrol of 张三 dated back into
/// December 2026 (4 hours × 3 = 12 points of the monthly cap of 20), and
/// 2026.csv a December patrol of his (2 hours × 3 = 6) before it.
fn december() -> Test {
    basic()
        .append(
            "ledger/2026.csv",
            "C01,2026-12-05,P01,earn,patrol,2,6,队长,,\n",
        )
        .file(
            "ledger/2027.csv",
            format!("{HEADER}D01,2026-12-20,P01,earn,patrol,4,12,队长,,补记\n"),
        )
}

#[test]
fn a_row_of_last_year_before_later_rows_of_its_cap_period_is_refused() {
    // 2026-12-21 goes to 2026.csv, before D01 (December, same cap): its
    // 3 points would leave D01 less room than it took. Nothing is written.
    december()
        .args([
            "add", "patrol", "--people", "P01", "--qty", "1", "--date", "2026-12-21",
        ])
        .status(1)
        .stdout("")
        .stderr(
            "error: 张三 (P01): the row goes to ledger/2026.csv, the ledger of its year, but later ledgers hold rows in the same cap period of 治安巡逻, and a row put before them would change their points: record it after them with --ledger 2027
nothing was written.
",
        )
        .unchanged()
        .run();
    // Chinese.
    december()
        .args([
            "add", "patrol", "--people", "P01", "--qty", "1", "--date", "2026-12-21", "--lang",
            "zh",
        ])
        .status(1)
        .stderr(
            "错误：张三（P01）：这条记录按年份写进 ledger/2026.csv，但更靠后的台账里已有“治安巡逻”同一上限期间内的记录，把它放在这些记录前面会改变它们的积分：请用 --ledger 2027 把它记在这些记录之后
本次没有写入任何记录。
",
        )
        .unchanged()
        .run();
    // After them, as the message says: December has 6 + 12 = 18 of 20
    // taken, so 1 hour × 3 = 3 is cut to 2. 张三: 35 + 6 + 12 + 2 = 55.
    december()
        .args([
            "add",
            "patrol",
            "--people",
            "P01",
            "--qty",
            "1",
            "--date",
            "2026-12-21",
            "--ledger",
            "2027",
        ])
        .stdout(
            "recorded 1 row in ledger/2027.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-12-21 ┆ P01    ┆ 张三 ┆ earn ┆ 治安巡逻 ┆   1 ┆      2 ┆      55 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
张三 (P01): 治安巡逻: 3 cut to 2 by the monthly cap of 20
",
        )
        .run();
}

#[test]
fn a_void_that_would_free_room_before_later_rows_is_refused() {
    // Voiding C01 on 2026-12-31 puts the void in 2026.csv, before D01, which
    // takes room in the same December cap: refused, nothing written.
    december()
        .args(["void", "C01", "--reason", "记错", "--date", "2026-12-31"])
        .status(1)
        .stderr(
            "error: the void of `C01` goes to ledger/2026.csv, the ledger of its date, but later ledgers hold rows of 张三 (P01) in the same cap period of 治安巡逻, and freeing cap room before them would change their points: record the void after them with --ledger 2027
nothing was written.
",
        )
        .unchanged()
        .run();
    december()
        .args([
            "void", "C01", "--reason", "记错", "--date", "2026-12-31", "--lang", "zh",
        ])
        .status(1)
        .stderr(
            "错误：`C01` 的作废记录按日期写进 ledger/2026.csv，但更靠后的台账里已有张三（P01）在“治安巡逻”同一上限期间内的记录，在它们前面腾出上限额度会改变它们的积分：请用 --ledger 2027 把作废记录记在这些记录之后
本次没有写入任何记录。
",
        )
        .unchanged()
        .run();
    // Dated today, the void goes to 2027.csv, after D01: accepted, and the
    // book checks clean. 张三: 35 + 6 + 12 − 6 = 47.
    let (_, dir) = december()
        .args(["void", "C01", "--reason", "记错"])
        .stdout(
            "recorded 1 row in ledger/2027.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2027-01-04 ┆ P01    ┆ 张三 ┆ void ┆ 治安巡逻 ┆   2 ┆     -6 ┆      47 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
cancels `C01`: earn 治安巡逻 of 张三 (P01) on 2026-12-05, 6 points
",
        )
        .run_keep();
    // 4 + 14 + 2 rows.
    again(dir)
        .args(["check"])
        .stdout("ok: 20 rows in 3 ledger files, 6 people, 5 items; 0 warnings\n")
        .run();
}

#[test]
fn a_void_dated_before_its_entrys_year_would_stand_before_it_and_is_refused() {
    // B13 is in 2026.csv; a void dated 2025-12-31 goes to 2025.csv, above it.
    basic()
        .args(["void", "B13", "--reason", "记错", "--date", "2025-12-31"])
        .status(1)
        .stdout("")
        .stderr(
            "error: the void goes to ledger/2025.csv, the ledger of its date's year, but entry `B13` is in ledger/2026.csv, which comes later in ledger order, and a void must come after its entry: give a --date in the entry's year or later, or record it with --ledger 2026
nothing was written.
",
        )
        .unchanged()
        .run();
    basic()
        .args([
            "void", "B13", "--reason", "记错", "--date", "2025-12-31", "--lang", "zh",
        ])
        .status(1)
        .stderr(
            "错误：这条作废记录按日期写进 ledger/2025.csv，但记录 `B13` 在按台账顺序更靠后的 ledger/2026.csv 里，而作废记录必须排在原记录之后：请把 --date 写成原记录所在年份或更晚的日期，或用 --ledger 2026 记录
本次没有写入任何记录。
",
        )
        .unchanged()
        .run();
}

#[test]
fn a_torn_last_line_in_any_ledger_blocks_a_write_to_a_new_years_file() {
    // 2026.csv ends in the middle of a row; the add would go to 2027.csv.
    basic()
        .append("ledger/2026.csv", "B14,2026-12-01,P0")
        .args(["add", "volunteer", "--people", "P02"])
        .status(1)
        .stderr(
            "ledger/2026.csv:15: error: the last line is torn: it does not end with a line break, so a write may have been cut off
   |
15 | B14,2026-12-01,P0
   = expected: every row to end with a line break
   = fix: look at this row: if it is complete, add a line break at its end; if not, delete it and record it again. Nothing is appended to this file until then
the book has 1 error, and nothing is written to a book with errors: run `points check` to see it, fix it, and run this again. Nothing was written.
",
        )
        .unchanged()
        .run();
}

// ------------------------------------------- one write, several files

/// A write of rows to two ledgers at once (2026.csv and a new 2027.csv),
/// killed at byte `cut` of them; run in a child process (this very test,
/// re-run with `I13_CHILD_BOOK` set) because the kill hook kills the
/// whole process. No command of today writes rows of two years at once,
/// but the journal must hold for those that will (`exchange --commit`
/// over a new year, `import`): the library's append is what they call.
fn write_two_ledgers_and_die(book: &Path) {
    use ::points::book::append::append_all;
    use ::points::book::lock::{BookLock, Mode};
    let lock = BookLock::acquire(
        book,
        Mode::Exclusive,
        std::time::Duration::ZERO,
        &mut |_| {},
    )
    .unwrap();
    let old = book.join("ledger/2026.csv");
    let new = book.join("ledger/2027.csv");
    let parts: [(&Path, &str); 2] = [
        (&old, "X01,2026-12-31,P02,earn,volunteer,1,2.5,tester,,\n"),
        (&new, "X02,2027-01-02,P02,earn,volunteer,1,2.5,tester,,\n"),
    ];
    append_all(&lock, book, &parts).unwrap();
}

#[test]
fn one_write_to_two_ledgers_killed_at_any_byte_is_rolled_back_whole() {
    if let Some(book) = std::env::var_os("I13_CHILD_BOOK") {
        write_two_ledgers_and_die(Path::new(&book));
        unreachable!("the kill hook did not kill the writer");
    }
    let fixture = fixtures().join("basic");
    let before = {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture, dir.path());
        let (_, out, _) = points(dir.path(), &["balance"]);
        (snapshot_rel(dir.path()), out)
    };
    let first = "X01,2026-12-31,P02,earn,volunteer,1,2.5,tester,,\n".len();
    let header = HEADER.len();
    // In the first file, at its end, in the second file's header, in its
    // row, and after both (killed just before the journal is removed).
    for cut in [0, 10, first, first + 5, first + header + 3, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture, dir.path());
        let len_before = std::fs::metadata(dir.path().join("ledger/2026.csv"))
            .unwrap()
            .len();
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "i13_yearfile::one_write_to_two_ledgers_killed_at_any_byte_is_rolled_back_whole",
                "--exact",
                "--test-threads=1",
            ])
            .env("I13_CHILD_BOOK", dir.path())
            .env("POINTS_TEST_KILL_AFTER_BYTES", cut.to_string())
            .output()
            .unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(9), "cut {cut}: not killed");
        assert!(dir.path().join(".points/journal").exists(), "cut {cut}");
        // The next command rolls both back, says so, and counts nothing of it.
        let (code, out, err) = points(dir.path(), &["balance"]);
        assert_eq!((code, out.as_str()), (0, before.1.as_str()), "cut {cut}");
        let cut_back = format!("ledger/2026.csv cut back to {len_before} bytes");
        let removed = "ledger/2027.csv removed (the write had made it)";
        let expect_cut = cut > 0;
        let expect_removed = cut >= first;
        assert_eq!(err.contains(&cut_back), expect_cut, "cut {cut}: {err}");
        assert_eq!(err.contains(removed), expect_removed, "cut {cut}: {err}");
        assert!(err.contains("Nothing of it was kept."), "cut {cut}: {err}");
        assert!(
            snapshot_rel(dir.path()) == before.0,
            "cut {cut}: the book changed"
        );
    }
}

/// The book's files by path within it (the lock left out).
fn snapshot_rel(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .map(|(p, b)| (p.strip_prefix(dir).unwrap().to_path_buf(), b))
        .collect()
}
