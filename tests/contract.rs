//! The machine contract of SPEC §12: exit codes (2 for a malformed command
//! line, 1 for a well-formed request the book refuses), `check`'s JSON keys,
//! and CSV cells a spreadsheet would run as formulas.

use crate::harness::Test;

/// `points ARGS` on a fixture: nothing on stdout, exactly `stderr`, exit
/// `status`, and no byte of the book changed.
fn exits(fixture: &str, args: &[&str], status: i32, stderr: &str) {
    Test::new()
        .fixture(fixture)
        .args(args.iter().copied())
        .stdout("")
        .stderr(stderr)
        .status(status)
        .unchanged()
        .run();
}

// ------------------------------------------------------------ exit codes

/// A name, id or prefix that matches nothing in the book, or several
/// things, is a well-formed request the book refuses: exit 1.
#[test]
fn names_the_book_does_not_hold_exit_1() {
    let unknown_role =
        "error: unknown role `nobody`: the roles in points.toml are party, resident\n";
    let two_zhang = "error: 2 people are named `张三`; use the id of the one you mean:
      P01  张三  household H1
      P05  张三  household H3
nothing was written.
";
    for (args, stderr) in [
        (&["balance", "--role", "nobody"][..], unknown_role),
        (&["report", "2026", "--role", "nobody"][..], unknown_role),
        (
            &["show", "nobody"][..],
            "error: no person has the id or name `nobody` in people.csv: check the spelling, or add them to the roster\n",
        ),
        (
            &["show", "张三", "2026"][..],
            "error: 2 people are named `张三`; use the id of the one you mean:
  P01  张三  household H1
  P05  张三  household H3
",
        ),
        (
            &["add", "nothing", "--people", "P01"][..],
            "error: no item has the id `nothing` in points.toml; the items are: patrol, meeting, volunteer, littering, building\nnothing was written.\n",
        ),
        (
            &["add", "volunteer", "--people", "P99"][..],
            "error: no person has the id or name `P99` in people.csv: check the spelling, or add them to the roster\nnothing was written.\n",
        ),
        (&["add", "volunteer", "--people", "张三"][..], two_zhang),
        (
            &["redeem", "P01", "nothing"][..],
            "error: no reward has the id `nothing` in points.toml; the rewards are: towel, umbrella\nnothing was written.\n",
        ),
        (&["redeem", "张三", "towel"][..], two_zhang),
        (
            &["void", "ZZ", "--reason", "x"][..],
            "error: no entry id starts with `ZZ`: `points show PERSON` lists a person's entries with their ids\nnothing was written.\n",
        ),
        (
            &["void", "B1", "--reason", "x"][..],
            "error: 4 entry ids start with `B1`; give more of the id:
      B10  2026-03-05  P06  void  志愿服务  -2.5
      B11  2026-04-01  P01  redeem  毛巾  -20
      B12  2026-07-02  P01  earn  三会一课  3
      B13  2026-08-08  P02  earn  乱搭乱建  -20
nothing was written.
",
        ),
        // A well-formed quantity the rules refuse.
        (
            &["redeem", "P01", "towel", "--qty", "0"][..],
            "error: --qty `0` of a redemption must be a whole number of at least 1\nnothing was written.\n",
        ),
    ] {
        exits("basic", args, 1, stderr);
    }
}

/// An evaluation the rules do not define, or a name several evaluations
/// share, is refused by the book (exit 1), not a usage error.
#[test]
fn an_unknown_or_ambiguous_evaluation_exits_1() {
    exits(
        "basic",
        &["evaluate", "civilised", "2026"],
        1,
        "error: there is no evaluation `civilised` in points.toml; the evaluations are:\n  civilized-household  文明户\n",
    );
    Test::new()
        .fixture("eval")
        .append(
            "points.toml",
            "\n[[evaluation]]\nid = \"civilized-2\"\nname = \"文明户\"\nsubject = \"household\"\ntiers = [{ name = \"文明户\" }]\n",
        )
        .args(["evaluate", "文明户", "2026"])
        .stdout("")
        .stderr(
            "error: 2 evaluations are named `文明户`; use the id of the one you mean:
  civilized-2  文明户
  civilized-household  文明户
",
        )
        .status(1)
        .unchanged()
        .run();
}

/// What no book could accept stays a usage error (exit 2): a malformed
/// date, period, quantity or id, a period of the wrong kind, an unknown
/// option, command or `--by` value.
#[test]
fn a_malformed_command_line_exits_2() {
    for (fixture, args, stderr) in [
        (
            "basic",
            &["redeem", "P01", "towel", "--qty", "abc"][..],
            "error: --qty `abc` cannot be used: it is not a number (expected digits like 12, -5 or 2.5)\nnothing was written.\n",
        ),
        (
            "basic",
            &["redeem", "P01", "towel", "--qty", "1.125"][..],
            "error: --qty `1.125` cannot be used: it has more than two decimal places\nnothing was written.\n",
        ),
        (
            "basic",
            &["void", "B#", "--reason", "x"][..],
            "error: `B#` is not an entry id: ids are letters, digits, `_` and `-`\nnothing was written.\n",
        ),
        (
            "basic",
            &["add", "volunteer", "--people", "P01", "--date", "2026-02-30"][..],
            "error: `2026-02-30` is not a date: write it YYYY-MM-DD, like 2026-06-30\nnothing was written.\n",
        ),
        (
            "basic",
            &["report", "2026H3"][..],
            "error: `2026H3` is not a period: expected 2026, 2026H1, 2026Q3, 2026-03, 2026-03-01..2026-05-31 or all\n",
        ),
        (
            "basic",
            &["balance", "--until", "2026-13-01"][..],
            "error: --until `2026-13-01` is not a date: write it YYYY-MM-DD, like 2026-06-30\n",
        ),
        (
            "eval",
            &["evaluate", "civilized-household", "2026H1"][..],
            "error: 文明户 (civilized-household) is a yearly evaluation: run it for a year, like `points evaluate civilized-household 2026`, not for `2026H1` (or set period = \"any\" in points.toml to allow any period)\n",
        ),
        (
            "exchange",
            &["exchange", "2026Q1", "--requests", "requests.csv"][..],
            "error: `2026Q1` is not a round of this book: its exchange rounds are every half-year (exchange.every in points.toml), so write the round as a half-year (e.g. 2026H1)\n",
        ),
        (
            "basic",
            &["balance", "--by", "team"][..],
            "error: invalid value 'team' for '--by <BY>'\n  [possible values: person, household, building]\n\nFor more information, try '--help'.\n",
        ),
        (
            "basic",
            // A word like no command (clap suggests `notice` for `frobnicate`).
            &["qqq"][..],
            "error: unrecognized subcommand 'qqq'\n\nUsage: points [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n",
        ),
    ] {
        exits(fixture, args, 2, stderr);
    }
}

// ------------------------------------------------------------ check JSON

/// `check --format json`: `path`, `line`, `column` (in characters, where the
/// caret goes; null where no place in the line is known), `level`,
/// `message`; `expected` and `fix` follow. csv and md have the same columns.
#[test]
fn check_json_has_path_line_column_level_message() {
    let book = || {
        Test::new()
            .fixture("basic")
            // The role is the 15th character of the line, the 21st byte.
            .append("people.csv", "P09,王小明,H9,B9,nobody,,\n")
            .append(
                "ledger/2026.csv",
                "B14,2026-08-08,P02,earn,building,1,-20,巡查,,\n",
            )
    };
    book()
        .args(["--format", "json", "check"])
        .stdout(
            r#"[
  {"path":"people.csv","line":8,"column":15,"level":"error","message":"unknown role `nobody`","expected":"one of the roles in points.toml: party, resident","fix":null},
  {"path":"ledger/2026.csv","line":15,"column":null,"level":"warning","message":"likely double entry: equal in every field but the id to ledger/2026.csv:14","expected":null,"fix":"if it was recorded twice (e.g. on two clones), void one of them with `points void ID --reason \"double entry\"`"}
]
"#,
        )
        .status(1)
        .run();
    // The table shows the same column after the line.
    book()
        .args(["check"])
        .stdout_has("people.csv:8:15: error: unknown role `nobody`\n")
        .status(1)
        .run();
    book()
        .args(["--format", "csv", "check"])
        .stdout(
            r#"path,line,column,level,message,expected,fix
people.csv,8,15,error,unknown role `nobody`,"one of the roles in points.toml: party, resident",
ledger/2026.csv,15,,warning,likely double entry: equal in every field but the id to ledger/2026.csv:14,,"if it was recorded twice (e.g. on two clones), void one of them with `points void ID --reason ""double entry""`"
"#,
        )
        .status(1)
        .run();
}

/// A finding in points.toml has its column too.
#[test]
fn check_json_gives_the_column_in_points_toml() {
    let rules = std::fs::read_to_string(crate::harness::fixtures().join("basic/points.toml"))
        .unwrap()
        .replace("points = 2.5", "points = \"x\"");
    Test::new()
        .fixture("basic")
        .file("points.toml", rules)
        .args(["--format", "json", "check"])
        .stdout_has(r#"  {"path":"points.toml","line":41,"column":10,"level":"error","message":"points `x`: it is not a number (expected digits like 12, -5 or 2.5)","#)
        .status(1)
        .run();
}

// ------------------------------------------------------------------- CSV

/// A cell a spreadsheet would run as a formula gets a `'` in front —
/// names, notes and headers alike — while a number stays a number
/// (`-0.125` too, though it has more decimals than points do).
#[test]
fn csv_cells_a_spreadsheet_would_run_are_escaped() {
    let rules = std::fs::read_to_string(crate::harness::fixtures().join("basic/points.toml"))
        .unwrap()
        .replace("\"law\"", "\"-law\"");
    let people = std::fs::read_to_string(crate::harness::fixtures().join("basic/people.csv"))
        .unwrap()
        .replace("P03,王五", "P03,@SUM(A1)")
        .replace("P06,孙七", "P06,-孙七");
    let book = || {
        Test::new()
            .fixture("basic")
            .file("points.toml", &rules)
            .file("people.csv", &people)
            .append(
                "ledger/2026.csv",
                "B14,2026-09-01,P06,earn,volunteer,1,2.5,李四,,=1+2\n\
                 B15,2026-09-02,P06,earn,volunteer,1,2.5,李四,,-0.125\n\
                 B16,2026-09-03,P06,earn,volunteer,1,2.5,李四,,\"\tx\"\n\
                 B17,2026-09-04,P06,earn,volunteer,1,2.5,李四,,+1 extra\n",
            )
    };
    book()
        .args(["--format", "csv", "show", "P06", "2026"])
        .stdout(
            "id,date,kind,item,qty,points,voided,balance,note
B09,2026-03-04,earn,volunteer,1,2.5,true,2.5,
B10,2026-03-05,void,volunteer,1,-2.5,false,2.5,\"重复录入 \"\"志愿\"\"\"
B14,2026-09-01,earn,volunteer,1,2.5,false,5,'=1+2
B15,2026-09-02,earn,volunteer,1,2.5,false,7.5,-0.125
B16,2026-09-03,earn,volunteer,1,2.5,false,10,'\tx
B17,2026-09-04,earn,volunteer,1,2.5,false,12.5,'+1 extra
",
        )
        .run();
    // The category `-law` heads its column as `'-law`; negative points stay numbers.
    book()
        .args(["--format", "csv", "report", "2026"])
        .stdout(
            "rank,person,name,earned,edu,welfare,'-law,hours,times
1,P01,张三,25,5,20,0,10,5
2,P06,'-孙七,10,0,10,0,0,4
3,P03,'@SUM(A1),5,0,5,0,0,1
4,P04,赵六,2,2,0,0,0,1
5,P05,张三,-5,0,0,-5,0,0
6,P02,李四,-12,0,8,-20,6,1
",
        )
        .run();
}

/// `report` CSV: one column per category, headed by its id, in the order of
/// points.toml (not sorted), whatever the `--by`.
#[test]
fn report_csv_has_a_column_per_category_in_rules_order() {
    let rules =
        std::fs::read_to_string(crate::harness::fixtures().join("basic/points.toml")).unwrap();
    // Move `edu` after `law`: the columns follow.
    let edu = "[[category]]\nid = \"edu\"\nname = \"教育管理类\"\ncap = { points = 10, per = \"month\" }\n\n";
    assert!(rules.contains(edu));
    let rules = rules
        .replacen(edu, "", 1)
        .replacen("[[item]]", &format!("{edu}[[item]]"), 1);
    for (by, header) in [
        (
            "person",
            "rank,person,name,earned,welfare,law,edu,hours,times",
        ),
        (
            "category",
            "rank,category,name,earned,welfare,law,edu,hours,times",
        ),
        (
            "team",
            "rank,team,name,earned,welfare,law,edu,hours,times,members,active",
        ),
    ] {
        Test::new()
            .fixture("basic")
            .file("points.toml", &rules)
            .args([
                "--format", "csv", "report", "2026", "--by", by, "--top", "1",
            ])
            .stdout_has(&format!("{header}\n1,"))
            .run();
    }
}
