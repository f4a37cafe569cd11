//! `points void` on a book with errors (SPEC §4): a void is how most of
//! `check`'s errors are fixed, so errors in other rows do not stop it; the
//! void row itself must still be right, and a torn last line still stops it.

use crate::harness::{copy_dir, fixtures, points, points_with, Test};
use std::path::Path;

/// The basic book with `rows` appended to ledger/2026.csv, in a folder that
/// outlives one command.
fn with_rows(rows: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("basic"), dir.path());
    let ledger = dir.path().join("ledger/2026.csv");
    let mut text = std::fs::read_to_string(&ledger).unwrap();
    text.push_str(rows);
    std::fs::write(&ledger, text).unwrap();
    dir
}

/// `points void ARGS` with repeatable ids.
fn void(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["void"];
    all.extend_from_slice(args);
    points_with(dir, &all, &[("POINTS_ID_SEED", "1")])
}

/// A row breaking a rule (a 群众 may not earn 三会一课): `check` says to void
/// it, the void is written although the book has that error, and the book
/// is clean again.
#[test]
fn a_void_fixes_the_error_that_check_reports() {
    let book = with_rows("X1,2026-03-10,P02,earn,meeting,1,2,x,,\n");
    let dir = book.path();
    let (code, out, _) = points(dir, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("= fix: void this entry: it should not have been recorded"),
        "{out}"
    );
    assert_eq!(
        void(
            dir,
            &["X1", "--reason", "群众不能参加三会一课", "--by", "社区"]
        ),
        (
            0,
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-11-27 ┆ P02    ┆ 李四 ┆ void ┆ 三会一课 ┆   1 ┆     -2 ┆     0.5 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
cancels `X1`: earn 三会一课 of 李四 (P02) on 2026-03-10, 2 points
"
            .into(),
            String::new()
        )
    );
    assert!(std::fs::read_to_string(dir.join("ledger/2026.csv"))
        .unwrap()
        .ends_with(
            "X1,2026-03-10,P02,earn,meeting,1,2,x,,\n\
             epne9ervn1,2026-11-27,P02,void,meeting,1,-2,社区,X1,群众不能参加三会一课\n"
        ));
    assert_eq!(
        points(dir, &["check"]),
        (
            0,
            "ok: 19 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n".into(),
            String::new()
        )
    );
}

/// Points beyond the rules and a cap, a row of someone who had not moved in
/// yet: each is voided in turn while the others are still errors, with
/// `--date` for an earlier day; then `check` is clean.
#[test]
fn each_error_is_voided_while_the_others_remain() {
    let book = with_rows(
        "X1,2026-03-10,P02,earn,volunteer,1,99,x,,\n\
         X2,2026-02-01,P03,earn,volunteer,1,2.5,x,,\n\
         X3,2026-01-26,P01,earn,patrol,2,4,x,,\n",
    );
    let dir = book.path();
    let (code, out, _) = points(dir, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.ends_with("3 errors, 0 warnings (20 rows in 2 ledger files, 6 people, 5 items)\n"),
        "{out}"
    );
    for (id, errors) in [("X1", "2 errors"), ("X2", "1 error"), ("X3", "ok")] {
        let (code, out, err) = void(dir, &[id, "--reason", "记错了", "--date", "2026-11-01"]);
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        assert!(
            out.starts_with("recorded 1 row in ledger/2026.csv\n"),
            "{out}"
        );
        let (code, out, _) = points(dir, &["check"]);
        assert!(
            out.starts_with(errors) || out.contains(&format!("\n{errors}")),
            "{out}"
        );
        assert_eq!(code, i32::from(errors != "ok"), "{out}");
    }
    let ledger = std::fs::read_to_string(dir.join("ledger/2026.csv")).unwrap();
    assert!(
        ledger.ends_with(
            "X3,2026-01-26,P01,earn,patrol,2,4,x,,\n\
             epne9ervn1,2026-11-01,P02,void,volunteer,1,-99,tester,X1,记错了\n\
             dz33gdkwmr,2026-11-01,P03,void,volunteer,1,-2.5,tester,X2,记错了\n\
             ap273hbe3z,2026-11-01,P01,void,patrol,2,-4,tester,X3,记错了\n"
        ),
        "{ledger}"
    );
}

/// An unknown person and a row that cannot be read elsewhere in the book do
/// not stop the void of another entry; `check` still reports them.
#[test]
fn errors_in_other_rows_do_not_stop_a_void() {
    let book = with_rows(
        "X1,2026-03-10,P02,earn,volunteer,1,99,x,,\n\
         X2,2026-03-11,P99,earn,volunteer,1,2.5,x,,\n\
         X3,2026-03-1x,P02,earn,volunteer,1,2.5,x,,\n",
    );
    let dir = book.path();
    let (code, out, err) = void(dir, &["X1", "--reason", "多记了"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let (code, out, _) = points(dir, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ledger/2026.csv:16:15: error: unknown person `P99`"),
        "{out}"
    );
    assert!(
        out.contains("ledger/2026.csv:17:4: error: `2026-03-1x` is not a valid date"),
        "{out}"
    );
    assert!(
        out.ends_with("2 errors, 0 warnings (21 rows in 2 ledger files, 6 people, 5 items)\n"),
        "{out}"
    );
}

/// A book with errors, for the refusals: rows with an unknown person, an
/// unknown item, an unreadable date, and a duplicate id.
fn broken() -> Test {
    Test::new()
        .fixture("basic")
        .env("POINTS_ID_SEED", "1")
        .append(
            "ledger/2026.csv",
            "X1,2026-03-10,P02,earn,volunteer,1,99,x,,\n\
             X2,2026-03-11,P99,earn,volunteer,1,2.5,x,,\n\
             X3,2026-03-1x,P02,earn,volunteer,1,2.5,x,,\n\
             X4,2026-03-12,P02,earn,dancing,1,2,x,,\n\
             B07,2026-03-13,P03,earn,volunteer,1,2.5,x,,\n\
             X5,2026-03-14,P02,void,volunteer,1,-2.5,x,NOSUCH,\n",
        )
}

fn refused(args: &[&str], stderr: &str) {
    let mut all = vec!["void"];
    all.extend_from_slice(args);
    broken()
        .args(all)
        .stdout("")
        .stderr(stderr)
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn an_invalid_void_is_still_refused_on_a_book_with_errors() {
    refused(
        &["Z9", "--reason", "x"],
        "error: no entry id starts with `Z9` among the rows that can be read; the book has errors, and a row whose fields cannot be read is no entry, so it cannot be voided: `points check` lists such rows with how to correct each\nnothing was written.\n",
    );
    refused(
        &["B10", "--reason", "x"],
        "error: `B10` is itself a void, and a void cannot be voided: to undo it, record the original entry again with `points add`\nnothing was written.\n",
    );
    refused(
        &["B09", "--reason", "x"],
        "error: entry `B09` is already voided by `B10`: nothing is left to cancel\nnothing was written.\n",
    );
    refused(
        &["X1", "--reason", "x", "--date", "2026-12-01"],
        "error: the date 2026-12-01 is in the future (today is 2026-11-27): give the day it happened with --date, or record it on or after 2026-12-01\nnothing was written.\n",
    );
    refused(
        &["X2", "--reason", "x"],
        "error: entry `X2` (ledger/2026.csv:16) cannot be voided: its person `P99` is not in people.csv, and a void copies its entry's person and item. Correct that first, as `points check` says for that row; then void the entry if it should not count\nnothing was written.\n",
    );
    refused(
        &["X3", "--reason", "x"],
        "error: the row `X3` (ledger/2026.csv:17) cannot be voided: its fields cannot be read (`points check` says what is wrong with it), so it is no entry yet, and a void must copy its person, item, qty and points. Correct the row by hand, as `points check` says\nnothing was written.\n",
    );
    refused(
        &["X4", "--reason", "x"],
        "error: entry `X4` (ledger/2026.csv:18) cannot be voided: its item `dancing` is not in points.toml, and a void copies its entry's person and item. Correct that first, as `points check` says for that row; then void the entry if it should not count\nnothing was written.\n",
    );
    refused(
        &["X5", "--reason", "x"],
        "error: `X5` is itself a void, and a void cannot be voided: to undo it, record the original entry again with `points add`\nnothing was written.\n",
    );
    // A prefix that names one entry and rows with errors is not unique.
    refused(
        &["X", "--reason", "x"],
        "error: 5 entry ids start with `X`; give more of the id:
      X1  2026-03-10  P02  earn  志愿服务  99
      X2  (ledger/2026.csv:16: a row with errors)
      X3  (ledger/2026.csv:17: a row with errors)
      X4  (ledger/2026.csv:18: a row with errors)
      X5  (ledger/2026.csv:20: a row with errors)
nothing was written.
",
    );
    refused(
        &["B07", "--reason", "x"],
        "error: 2 entries have the id `B07` (ledger/2026.csv:8, ledger/2026.csv:19): a void names its entry by id, so it could not say which one it cancels. Give the others new unique ids by hand (`points check` lists them), then void the one you mean\nnothing was written.\n",
    );
}

/// A torn last line blocks every write (SPEC §12), a void too, even where
/// the torn file is not the one the void goes to.
#[test]
fn a_torn_last_line_still_stops_a_void() {
    broken()
        .append("ledger/2025.csv", "A05,2025-12-01,P02,earn,volun")
        .args(["void", "X1", "--reason", "x"])
        .stdout("")
        .stderr("error: ledger/2025.csv: the last line is torn (it does not end with a line break): a write may have been cut off. Nothing was appended. Look at the last line: if it is complete, add a line break at its end; if not, delete it. Then run `points check`.\n")
        .status(1)
        .unchanged()
        .run();
}

/// Where the book's points add up to more than can be counted, the entries
/// from there on are not looked at: a void of one says so, and what to do.
#[test]
fn an_entry_beyond_counting_is_named() {
    let rows: String = (1..=110)
        .map(|i| format!("X{i},2026-03-10,P02,earn,volunteer,1,900000000000000,x,,\n"))
        .collect();
    Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", &rows)
        .args(["void", "X110", "--reason", "x"])
        .stdout("")
        .stderr("error: entry `X110` (ledger/2026.csv:124) cannot be voided now: the points of the book add up to more than can be counted exactly at or before it, so the entries from there on are not looked at. Correct the row that `points check` names for this (a typo in its points or qty?) first\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
}
