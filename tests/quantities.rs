//! Quantities and amounts that cannot be trusted (issue 10, points 6–8):
//! hours beyond a day, fractional times, rows beyond `max_row_points`
//! (`add --yes`, a `check` warning), rule values read exactly and bounded so
//! that no arithmetic overflows, and `open` rows without a quantity.

use crate::harness::{points, Test};

const LEDGER: &str = "ledger/2026.csv";

/// The basic book, with repeatable ids.
fn book() -> Test {
    Test::new().fixture("basic").env("POINTS_ID_SEED", "1")
}

/// The basic book's rules with `from` replaced by `to` (which must be there).
fn rules_with(from: &str, to: &str) -> Test {
    let rules =
        std::fs::read_to_string(crate::harness::fixtures().join("basic/points.toml")).unwrap();
    assert!(rules.contains(from), "{from}");
    book().file("points.toml", rules.replacen(from, to, 1))
}

// ------------------------------------------------------------ quantities

#[test]
fn add_refuses_more_than_24_hours_in_a_row() {
    book()
        .args(["add", "patrol", "--people", "P02", "--qty", "25", "--date", "2026-06-01", "--by", "x"])
        .status(1)
        .stderr("error: --qty 25: 治安巡逻 is counted in hours, and one row is one activity on one day, so at most 24 hours: record longer work as one row per day\nnothing was written.\n")
        .unchanged()
        .run();
    // 24 hours is a day's work: recorded (max_qty counts 4 of them).
    book()
        .args([
            "add",
            "patrol",
            "--people",
            "P02",
            "--qty",
            "24",
            "--date",
            "2026-06-01",
            "--by",
            "x",
        ])
        .stdout_has("李四 (P02): 治安巡逻: 24 hours recorded, points for 4 (max_qty)")
        .run();
}

#[test]
fn check_reports_more_than_24_hours_in_a_row() {
    book()
        .append(LEDGER, "X1,2026-06-02,P02,earn,patrol,25,8,x,,\n")
        .args(["check"])
        .status(1)
        .stdout(
            "ledger/2026.csv:15:31: error: qty `25` of `patrol` is more than 24 hours: a row is one activity on one day
   |
15 | X1,2026-06-02,P02,earn,patrol,25,8,x,,
   |                               ^^
   = expected: at most 24 hours
   = fix: void this entry and record the activity again, one row per day
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
",
        )
        .run();
}

#[test]
fn times_are_whole_and_quantities_positive() {
    book()
        .args(["add", "volunteer", "--people", "P06", "--qty", "1.5", "--by", "x"])
        .status(1)
        .stderr("error: --qty 1.5: 志愿服务 is counted in times, so the quantity must be a whole number\nnothing was written.\n")
        .unchanged()
        .run();
    book()
        .args(["add", "volunteer", "--people", "P06", "--qty", "0", "--by", "x"])
        .status(1)
        .stderr("error: --qty 0 must be more than 0 (to take points away, void the entry or use a deduction item)\nnothing was written.\n")
        .unchanged()
        .run();
    book()
        .append(LEDGER, "X1,2026-06-02,P06,earn,volunteer,1.5,3.75,x,,\nX2,2026-06-03,P06,earn,volunteer,0,0,x,,\n")
        .args(["check"])
        .status(1)
        .stdout_has("ledger/2026.csv:15:34: error: qty `1.5` of `volunteer` must be a whole number: it is counted in times")
        .stdout_has("ledger/2026.csv:16:34: error: qty `0` must be more than 0")
        .stdout_has("2 errors, 0 warnings")
        .run();
}

// -------------------------------------------------------- max_row_points

#[test]
fn add_beyond_max_row_points_needs_yes() {
    // 41 times × 2.5 = 102.5, beyond the default of 100: most likely a typo.
    let args = [
        "add",
        "volunteer",
        "--people",
        "孙七",
        "--qty",
        "41",
        "--date",
        "2026-06-01",
        "--by",
        "x",
    ];
    book()
        .args(args)
        .status(1)
        .stderr("error: 孙七 (P06): 102.5 points for one row of 志愿服务 is beyond max_row_points (100) in points.toml, which is most likely a typo in --qty: check it, and if it is right, give --yes to record it anyway\nnothing was written.\n")
        .unchanged()
        .run();
    let (_, dir) = book()
        .args(args.iter().copied().chain(["--yes"]))
        .stdout_has("recorded 1 row in ledger/2026.csv")
        .run_keep();
    let ledger = std::fs::read_to_string(dir.path().join(LEDGER)).unwrap();
    assert!(
        ledger.ends_with(",2026-06-01,P06,earn,volunteer,41,102.5,x,,\n"),
        "{ledger}"
    );
    // check warns, and still succeeds.
    let (code, out, err) = points(dir.path(), &["check"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.contains(": warning: points `102.5` of one row are beyond max_row_points (100): most likely a typo\n")
            && out.ends_with("ok: 18 rows in 2 ledger files, 6 people, 5 items; 1 warning\n"),
        "{out}"
    );
}

#[test]
fn max_row_points_is_set_in_the_scheme_and_counts_after_caps() {
    // With a maximum of 5: 2 × 2.5 = 5 is fine, 3 × 2.5 = 7.5 is not.
    let t = || rules_with("unit = \"分\"\n", "unit = \"分\"\nmax_row_points = 5\n");
    t().args([
        "add",
        "volunteer",
        "--people",
        "P06",
        "--qty",
        "2",
        "--date",
        "2026-06-01",
        "--by",
        "x",
    ])
    .stdout_has("recorded 1 row")
    .run();
    t().args([
        "add",
        "volunteer",
        "--people",
        "P06",
        "--qty",
        "3",
        "--date",
        "2026-06-01",
        "--by",
        "x",
    ])
    .status(1)
    .stderr_has("7.5 points for one row of 志愿服务 is beyond max_row_points (5)")
    .unchanged()
    .run();
    // Points as written: a patrol cut by max_qty to 4 × 2 = 8 is beyond 5.
    t().args([
        "add",
        "patrol",
        "--people",
        "P02",
        "--qty",
        "10",
        "--date",
        "2026-06-01",
        "--by",
        "x",
    ])
    .status(1)
    .stderr_has("李四 (P02): 8 points for one row of 治安巡逻 is beyond max_row_points (5)")
    .unchanged()
    .run();
    // Deductions too (−20 is beyond ±5); `open` rows never.
    t().args(["check"])
        .stdout_has("ledger/2026.csv:14:36: warning: points `-20` of one row are beyond max_row_points (5): most likely a typo")
        .stdout_has("ledger/2026.csv:2:34: warning: points `12` of one row are beyond max_row_points (5)")
        .stdout_has("ok: 17 rows in 2 ledger files, 6 people, 5 items; 4 warnings\n")
        .run();
}

#[test]
fn max_row_points_must_be_a_positive_exact_number() {
    for (value, message) in [
        ("0", "points.toml:4:18: error: max_row_points must be more than 0"),
        ("-5", "points.toml:4:18: error: max_row_points must be more than 0"),
        ("1.234", "points.toml:4:18: error: max_row_points `1.234`: it has more than two decimal places"),
        ("2000000000", "points.toml:4:18: error: max_row_points `2000000000` is too large: the rules accept amounts up to 1000000000, so that every total stays exact"),
    ] {
        rules_with("unit = \"分\"\n", &format!("unit = \"分\"\nmax_row_points = {value}\n"))
            .args(["check"])
            .status(1)
            .stdout_has(message)
            .unchanged()
            .run();
    }
}

// ------------------------------------------------- exact, bounded rules

#[test]
fn toml_numbers_are_read_exactly() {
    // As a float, 2.000000000000000001 is 2: read as written, it has too many decimals.
    rules_with("points = 2.5\n", "points = 2.000000000000000001\n")
        .args(["check"])
        .status(1)
        .stdout_has("points.toml:41:10: error: points `2.000000000000000001`: it has more than two decimal places")
        .run();
    // Per role too, and with TOML's underscores.
    rules_with(
        "points = { party = 3, resident = 2 }",
        "points = { party = 3.000000000000001, resident = 1_000.5 }",
    )
    .args(["check"])
    .status(1)
    .stdout_has(
        "points.toml:23:20: error: points `3.000000000000001`: it has more than two decimal places",
    )
    .stdout_has("1 error, 0 warnings")
    .run();
    // Exact values pass and count exactly: 1_000.05 per time from June.
    rules_with(
        "points = 2.5\n",
        "rates = [{ from = \"2025-01-01\", points = 2.5 }, { from = \"2026-06-01\", points = 1_000.05 }]\n",
    )
        .append(LEDGER, "X1,2026-06-02,P06,earn,volunteer,1,1000.05,x,,\n")
        .args(["balance", "--format", "csv"])
        .stdout_has("\nP06,孙七,1002.55,0,1002.55\n")
        .run();
    rules_with("points = 2.5\n", "points = 1e2\n")
        .args(["check"])
        .status(1)
        .stdout_has("points.toml:41:10: error: points `1e2`: write it plainly, with no exponent (like 2 or 2.5)")
        .run();
}

#[test]
fn rule_values_beyond_the_bounds_are_errors_naming_the_key_and_line() {
    for (from, to, message) in [
        ("per_person = 2", "per_person = 100000000000000000", "points.toml:75:14: error: per_person `100000000000000000` is too large: the rules accept counts up to 1000000000, so that every total stays exact"),
        ("stock = 3", "stock = 9223372036854775807", "points.toml:74:9: error: stock `9223372036854775807` is too large: the rules accept counts up to 1000000000, so that every total stays exact"),
        ("cost = 20", "cost = 999999999999999.99", "points.toml:73:8: error: cost `999999999999999.99` is too large: the rules accept amounts up to 1000000000, so that every total stays exact"),
        ("points = -20", "points = -1000000000.01", "points.toml:53:10: error: points `-1000000000.01` is too large"),
        ("max_qty = 4", "max_qty = 10000000000", "points.toml:25:11: error: max_qty `10000000000` is too large"),
        ("points = 20, per", "points = 1e300, per", "points.toml:24:18: error: cap `1e300`: write it plainly, with no exponent (like 2 or 2.5)\n"),
        ("min = 20", "min = 5000000000", "points.toml:90:25: error: min `5000000000` is too large"),
        ("max = 1,", "max = 99999999999,", "error: max `99999999999` is too large: the rules accept counts up to 1000000000"),
    ] {
        rules_with(from, to)
            .args(["check"])
            .status(1)
            .stdout_has(message)
            .unchanged()
            .run();
    }
}

#[test]
fn a_huge_per_person_limit_refuses_redeem_without_panicking() {
    // Beyond the bound: an error in the rules, and redeem says so.
    rules_with("per_person = 2", "per_person = 100000000000000000")
        .args([
            "redeem",
            "P01",
            "towel",
            "--date",
            "2026-11-01",
            "--by",
            "x",
        ])
        .status(1)
        .stderr_has("points.toml:75:14: error: per_person `100000000000000000` is too large")
        .unchanged()
        .run();
    // The largest limit allowed: no limit in practice; the balance decides.
    let t = || rules_with("per_person = 2", "per_person = 1000000000");
    t().args([
        "redeem",
        "P01",
        "towel",
        "--date",
        "2026-06-01",
        "--by",
        "x",
    ])
    .stdout_has("┆ 2026-06-01 ┆ P01    ┆ 张三 ┆ redeem ┆ 毛巾 ┆   1 ┆    -20 ┆      15 │")
    .run();
    t().args([
        "redeem",
        "P01",
        "towel",
        "--qty",
        "2",
        "--date",
        "2026-06-01",
        "--by",
        "x",
    ])
    .status(1)
    .stderr_has(
        "张三 (P01) has a balance of 32 on 2026-06-01, and 2 × 毛巾 costs 40: not enough points",
    )
    .unchanged()
    .run();
}

#[test]
fn a_ledger_amount_too_large_is_an_error_at_its_line() {
    book()
        .append(
            LEDGER,
            "X1,2026-06-01,P06,open,welfare,1,99999999999999999,x,,\n",
        )
        .args(["balance"])
        .status(1)
        .stderr_has("ledger/2026.csv:15:34: error: points `99999999999999999`: it is too large")
        .run();
    // Amounts each fine, whose total would not fit: an error at the row that overflows.
    let rows: String = (0..100)
        .map(|i| format!("Y{i},2026-06-01,P06,open,welfare,,999999999999999,x,,\n"))
        .collect();
    book()
        .append(LEDGER, &rows)
        .args(["balance"])
        .status(1)
        .stderr_has("error: with this row, the points (or hours) of the book add up to more than can be counted exactly")
        .run();
}

// ------------------------------------------------- open rows without qty

/// The basic book with an opening balance of 6 for 孙七 (P06) that has no qty.
fn open_without_qty() -> Test {
    book().append(
        LEDGER,
        "X1,2026-01-02,P06,open,welfare,,6,社区,,纸质记录结转\n",
    )
}

#[test]
fn open_rows_may_have_an_empty_qty_in_every_report() {
    open_without_qty()
        .args(["check"])
        .stdout("ok: 18 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n")
        .run();
    open_without_qty()
        .args(["balance", "--format", "csv"])
        .stdout_has("\nP06,孙七,8.5,0,8.5\n")
        .run();
    open_without_qty()
        .args(["report", "2026", "--format", "csv"])
        .stdout_has("\n2,P06,孙七,6,0,6,0,0,0\n")
        .run();
    open_without_qty()
        .args(["show", "P06", "2026-01", "--format", "json"])
        .stdout("[\n  {\"id\":\"X1\",\"date\":\"2026-01-02\",\"kind\":\"open\",\"item\":\"welfare\",\"qty\":null,\"points\":6,\"voided\":false,\"balance\":8.5,\"note\":\"纸质记录结转\"}\n]\n")
        .run();
    open_without_qty()
        .args(["show", "P06", "2026-01"])
        .stdout_has(
            "│ X1 ┆ 2026-01-02 ┆ open ┆ 社区公益类 ┆ —   ┆      6 ┆        ┆     8.5 ┆ 纸质记录结转 │",
        )
        .run();
    open_without_qty()
        .args(["evaluate", "civilized-household", "2026"])
        .stdout_has("文明户")
        .run();
    open_without_qty()
        .file("requests.csv", "person,reward,qty\nP06,towel,1\n")
        .args([
            "exchange",
            "2026H1",
            "--requests",
            "requests.csv",
            "--format",
            "json",
        ])
        .stdout_has("\"granted\":0")
        .run();
}

#[test]
fn the_void_of_an_open_row_without_qty_has_none() {
    let (_, dir) = open_without_qty()
        .args(["void", "X1", "--reason", "wrong person", "--by", "x"])
        .stdout_has("cancels `X1`: open 社区公益类 of 孙七 (P06) on 2026-01-02, 6 points")
        .run_keep();
    let ledger = std::fs::read_to_string(dir.path().join(LEDGER)).unwrap();
    assert!(
        ledger.ends_with(",2026-11-27,P06,void,welfare,,-6,x,X1,wrong person\n"),
        "{ledger}"
    );
    let (code, out, err) = points(dir.path(), &["check"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "ok: 19 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n",
            ""
        )
    );
    let (code, out, _) = points(dir.path(), &["balance", "--format", "csv"]);
    assert!(code == 0 && out.contains("\nP06,孙七,2.5,0,2.5\n"), "{out}");
}

#[test]
fn an_empty_qty_stays_an_error_elsewhere() {
    book()
        .append(
            LEDGER,
            "X1,2026-06-01,P06,earn,volunteer,,2.5,x,,\nX2,2026-06-01,P03,void,volunteer,,-5,x,B07,\n",
        )
        .args(["check"])
        .status(1)
        .stdout_has("ledger/2026.csv:15:34: error: qty ``: it is empty")
        .stdout_has("ledger/2026.csv:16:34: error: this void has qty ``, but entry `B07` has `2`")
        .stdout_has("2 errors, 0 warnings")
        .run();
}

#[test]
fn a_write_whose_balance_would_not_fit_is_refused() {
    // 92 opening balances of almost 10^15: the book's total just fits.
    let rows: String = (0..92)
        .map(|i| format!("Y{i},2026-01-01,P06,open,welfare,,999999999999999,x,,\n"))
        .collect();
    book()
        .append(LEDGER, &rows)
        .args(["add", "volunteer", "--people", "P06", "--qty", "100000000000000", "--date", "2026-06-01", "--yes", "--by", "x"])
        .status(1)
        .stderr("error: the points are too large to compute: check --qty, and the points of the item in points.toml\nnothing was written.\n")
        .unchanged()
        .run();
}
