//! The corpus of broken books (issue 2, "Bad input"): each test breaks the
//! `basic` fixture in one way and asserts the whole output of `points check`
//! (exit 1), and that `points report` on the same book fails without printing
//! a figure. Then the rules `check` enforces, one by one, books it must
//! accept, and random mutations that must never make the tool panic.

use crate::harness::{copy_dir, fixtures, points, Test};

/// `check` prints exactly `expected` and fails; `report` fails and prints nothing.
fn broken(t: Test, expected: &str) {
    let t = t.args(["report"]);
    let out = t.command().output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "report must fail:\n{stderr}");
    assert!(
        out.stdout.is_empty(),
        "report printed figures from a broken book:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        !stderr.is_empty() && !stderr.contains("panicked"),
        "{stderr}"
    );
    expect(t.args(["check"]).status(1).unchanged(), expected);
}

/// `check` prints exactly `expected` and succeeds (warnings allowed).
fn accepted(t: Test, expected: &str) {
    expect(t.args(["check"]).status(0).unchanged(), expected);
}

fn expect(t: Test, expected: &str) {
    t.stdout(expected).run();
}

const LEDGER: &str = "ledger/2026.csv";

/// The basic fixture's 2026 ledger, with `rows` appended.
fn with_rows(rows: &str) -> Test {
    Test::new().fixture("basic").append(LEDGER, rows)
}

/// A file of the basic fixture, as text.
fn basic(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join("basic").join(rel)).unwrap()
}

/// Text encoded as GBK (the Chinese characters used here only), as Excel saves "CSV".
fn gbk(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.chars() {
        let b: &[u8] = match c {
            '张' => b"\xd5\xc5",
            '三' => b"\xc8\xfd",
            '李' => b"\xc0\xee",
            '四' => b"\xcb\xc4",
            '王' => b"\xcd\xf5",
            '五' => b"\xce\xe5",
            '赵' => b"\xd5\xd4",
            '六' => b"\xc1\xf9",
            '孙' => b"\xcb\xef",
            '七' => b"\xc6\xdf",
            '队' => b"\xb6\xd3",
            '长' => b"\xb3\xa4",
            c if c.is_ascii() => {
                out.push(c as u8);
                continue;
            }
            _ => b"??",
        };
        out.extend_from_slice(b);
    }
    out
}

// ------------------------------------------------------------ encodings

#[test]
fn gbk_ledger() {
    let text = "id,date,person,kind,item,qty,points,by,ref,note\n\
                B01,2026-01-10,P01,earn,patrol,4,12,队长,,\n\
                B02,2026-01-20,P01,earn,patrol,4,8,队长,,\n";
    broken(
        Test::new().fixture("basic").file(LEDGER, gbk(text)),
        r#"ledger/2026.csv:2: error: this file is not UTF-8 text (it may have been saved as GBK/ANSI, e.g. by Excel)
  |
2 | B01,2026-01-10,P01,earn,patrol,4,12,�ӳ�,,
  = expected: UTF-8 text, with or without a BOM
  = fix: open it and save it again as "CSV UTF-8" (Excel) or with UTF-8 encoding; nothing was read from it
1 error, 0 warnings (5 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn gbk_people() {
    broken(
        Test::new()
            .fixture("basic")
            .file("people.csv", gbk(&basic("people.csv"))),
        r#"people.csv:2: error: this file is not UTF-8 text (it may have been saved as GBK/ANSI, e.g. by Excel)
  |
2 | P01,����,H1,B1,party,,,patrol-team
  = expected: UTF-8 text, with or without a BOM
  = fix: open it and save it again as "CSV UTF-8" (Excel) or with UTF-8 encoding; nothing was read from it
1 error, 0 warnings (people.csv could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

#[test]
fn utf16_ledger() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in basic("ledger/2025.csv").encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    broken(
        Test::new().fixture("basic").file("ledger/2025.csv", bytes),
        r#"ledger/2025.csv: error: this file is UTF-16 text, not UTF-8 (Excel writes UTF-16 when saving as "Unicode Text")
  = expected: UTF-8 text, with or without a BOM
  = fix: open it and save it again as "CSV UTF-8" (Excel) or with UTF-8 encoding; nothing was read from it
1 error, 0 warnings (13 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn utf16_rules_without_bom() {
    let mut bytes = Vec::new();
    for u in basic("points.toml").encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    broken(
        Test::new().fixture("basic").file("points.toml", bytes),
        r#"points.toml: error: this file is UTF-16 text, not UTF-8 (Excel writes UTF-16 when saving as "Unicode Text")
  = expected: UTF-8 text, with or without a BOM
  = fix: open it and save it again as "CSV UTF-8" (Excel) or with UTF-8 encoding; nothing was read from it
1 error, 0 warnings (points.toml could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

// ------------------------------------------------------------ lines and fields

#[test]
fn torn_last_line() {
    broken(
        with_rows("B14,2026-09-01,P01,earn,volun"),
        r#"ledger/2026.csv:15: error: the last line is torn: it does not end with a line break, so a write may have been cut off
   |
15 | B14,2026-09-01,P01,earn,volun
   = expected: every row to end with a line break
   = fix: look at this row: if it is complete, add a line break at its end; if not, delete it and record it again. Nothing is appended to this file until then
1 error, 0 warnings (17 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn missing_line_break_only() {
    broken(
        with_rows("B14,2026-09-01,P01,earn,volunteer,1,2.5,x,,"),
        r#"ledger/2026.csv:15: error: the last line is torn: it does not end with a line break, so a write may have been cut off
   |
15 | B14,2026-09-01,P01,earn,volunteer,1,2.5,x,,
   = expected: every row to end with a line break
   = fix: look at this row: if it is complete, add a line break at its end; if not, delete it and record it again. Nothing is appended to this file until then
1 error, 0 warnings (17 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn bad_ledger_header() {
    let text = basic("ledger/2025.csv").replacen("by,ref,note", "by,note,ref", 1);
    broken(
        Test::new().fixture("basic").file("ledger/2025.csv", text),
        r#"ledger/2025.csv:1: error: the header is `id,date,person,kind,item,qty,points,by,note,ref`
  |
1 | id,date,person,kind,item,qty,points,by,note,ref
  = expected: `id,date,person,kind,item,qty,points,by,ref,note`
  = fix: correct the first line; nothing in this file was read
1 error, 0 warnings (13 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn bad_people_header() {
    let text = basic("people.csv").replacen("joined,left", "joined", 1);
    broken(
        Test::new().fixture("basic").file("people.csv", text),
        r#"people.csv:1: error: the header is `id,name,household,building,role,joined,teams`
  |
1 | id,name,household,building,role,joined,teams
  = expected: `id,name,household,building,role,joined,left` (optionally followed by `,teams`)
  = fix: correct the first line of people.csv; the columns must be in this order; nothing in this file was read
1 error, 0 warnings (people.csv could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

#[test]
fn wrong_field_count() {
    broken(
        with_rows(
            "B14,2026-09-01,P01,earn,volunteer,1,2.5,x,,扫雪,清理楼道\n\
             B15,2026-09-02,P01,earn,volunteer,1,2.5,x\n",
        ),
        r#"ledger/2026.csv:15: error: this row has 11 fields
   |
15 | B14,2026-09-01,P01,earn,volunteer,1,2.5,x,,扫雪,清理楼道
   = expected: 10 fields: id,date,person,kind,item,qty,points,by,ref,note
   = fix: check for a missing or extra comma; a note with commas must be wrapped in "…"
ledger/2026.csv:16: error: this row has 8 fields
   |
16 | B15,2026-09-02,P01,earn,volunteer,1,2.5,x
   = expected: 10 fields: id,date,person,kind,item,qty,points,by,ref,note
   = fix: check for a missing or extra comma; a note with commas must be wrapped in "…"
2 errors, 0 warnings (19 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn unterminated_quote_in_ledger() {
    broken(
        with_rows(
            "B14,2026-09-01,P01,earn,volunteer,1,2.5,x,,\"扫雪\n\
             B15,2026-09-02,P01,earn,volunteer,1,2.5,x,,\n",
        ),
        r#"ledger/2026.csv:15:44: error: this quote is never closed, so everything after it up to the end of the file would be read as one field
   |
15 | B14,2026-09-01,P01,earn,volunteer,1,2.5,x,,"扫雪
   |                                            ^
   = expected: a closing quote `"` at the end of the field (a quote inside a quoted field is written twice: `""`)
   = fix: add the missing closing quote; nothing after it was read
1 error, 0 warnings (17 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn unterminated_quote_in_people() {
    broken(
        Test::new().fixture("basic").append(
            "people.csv",
            "P07,\"周八,H4,B2,resident,,,\nP08,吴九,H4,B2,resident,,,\n",
        ),
        r#"people.csv:8:5: error: this quote is never closed, so everything after it up to the end of the file would be read as one field
  |
8 | P07,"周八,H4,B2,resident,,,
  |     ^
  = expected: a closing quote `"` at the end of the field (a quote inside a quoted field is written twice: `""`)
  = fix: add the missing closing quote; nothing after it was read
1 error, 0 warnings (17 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn empty_people_file() {
    broken(
        Test::new().fixture("basic").file("people.csv", ""),
        r#"people.csv:1: error: the roster is empty: it has no header line
  = expected: the header `id,name,household,building,role,joined,left` (optionally followed by `,teams`)
  = fix: put the header line at the top (`points init` writes it), then one line per person
1 error, 0 warnings (people.csv could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

// ------------------------------------------------------------ points.toml

#[test]
fn bad_toml_syntax() {
    let text = basic("points.toml").replacen("name = \"测试小区\"", "name = \"测试小区", 1);
    broken(
        Test::new().fixture("basic").file("points.toml", text),
        r#"points.toml:2:13: error: this is not valid TOML: invalid basic string
  |
2 | name = "测试小区
  |                 ^
  = fix: see the examples in `points init` or https://toml.io
1 error, 0 warnings (points.toml could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

#[test]
fn unknown_toml_key() {
    let text = basic("points.toml").replacen("per_person = 2", "per_peson = 2", 1);
    broken(
        Test::new().fixture("basic").file("points.toml", text),
        r#"points.toml:75:1: error: unknown field `per_peson`, expected one of `id`, `name`, `cost`, `costs`, `stock`, `per_person`
   |
75 | per_peson = 2
   | ^^^^^^^^^
   = fix: correct the spelling of the key, or remove it (unknown keys are refused so that a typo is never silently ignored)
1 error, 0 warnings (points.toml could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

#[test]
fn dangling_references_in_rules_all_reported() {
    let text = basic("points.toml")
        .replacen("category = \"welfare\"", "category = \"welfair\"", 1)
        .replacen("items = [\"patrol\"]", "items = [\"patroll\"]", 1)
        .replacen("veto = [\"law\"]", "veto = [\"lawx\"]", 1)
        .replacen(
            "{ party = 3, resident = 2 }",
            "{ party = 3, resdent = 2 }",
            1,
        );
    broken(
        Test::new().fixture("basic").file("points.toml", text),
        r#"points.toml:21:12: error: unknown category `welfair`
   |
21 | category = "welfair"
   |            ^^^^^^^^^
   = expected: one of: edu, law, welfare
points.toml:23:10: error: unknown role `resdent` in points
   |
23 | points = { party = 3, resdent = 2 }
   |          ^^^^^^^^^^^^^^^^^^^^^^^^^^
   = expected: one of: party, resident
points.toml:58:10: error: unknown item `patroll`
   |
58 | items = ["patroll"]
   |          ^^^^^^^^^
   = expected: one of: building, littering, meeting, patrol, volunteer
points.toml:88:9: error: veto names `lawx`, which is neither a category nor an item
   |
88 | veto = ["lawx"]
   |         ^^^^^^
   = expected: a category id or an item id
4 errors, 0 warnings (points.toml could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

#[test]
fn duplicate_item_ids() {
    broken(
        Test::new().fixture("basic").append(
            "points.toml",
            "\n[[item]]\nid = \"patrol\"\nname = \"夜间巡逻\"\ncategory = \"welfare\"\npoints = 1\n",
        ),
        r#"points.toml:95:6: error: item `patrol` is defined twice
   |
95 | id = "patrol"
   |      ^^^^^^^^
   = expected: each id once
1 error, 0 warnings (points.toml could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

#[test]
fn missing_rules_file() {
    let t = Test::new().fixture("basic");
    std::fs::remove_file(t.path().join("points.toml")).unwrap();
    broken(
        t,
        r#"points.toml: error: this file does not exist
  = fix: run `points init` to create a new book, or point --book at the book's folder
1 error, 0 warnings (points.toml could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

#[test]
fn missing_book_folder() {
    let t = Test::new();
    let out = t
        .command()
        .args(["--book", "nowhere", "report"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    expect(
        t.args(["--book", "nowhere", "check"]).status(1),
        r#"nowhere: error: this book folder does not exist
  = fix: give the folder with --book DIR or $POINTS_BOOK, or create a new book with `points init DIR`
1 error, 0 warnings (the book could not be read)
"#,
    );
}

/// With broken rules, the roster and the ledgers are still read for form.
#[test]
fn broken_rules_still_read_roster_and_ledgers() {
    let text = basic("points.toml").replacen("points = 2.5", "points = 2.555", 1);
    broken(
        Test::new()
            .fixture("basic")
            .file("points.toml", text)
            .append("people.csv", "P07,周八,H4,B2,resident,2026-02-30,,\n")
            .append(LEDGER, "B14,2026-13-01,P01,earn,volunteer,1,2.5,x,,\n"),
        r#"points.toml:41:10: error: points `2.555`: it has more than two decimal places
   |
41 | points = 2.555
   |          ^^^^^
   = expected: a number with at most two decimals, like 2 or 2.5
people.csv:8:23: error: `2026-02-30` is not a valid joined date
  |
8 | P07,周八,H4,B2,resident,2026-02-30,,
  |                         ^^^^^^^^^^
  = expected: a real date written YYYY-MM-DD, or nothing
ledger/2026.csv:15:5: error: `2026-13-01` is not a valid date
   |
15 | B14,2026-13-01,P01,earn,volunteer,1,2.5,x,,
   |     ^^^^^^^^^^
   = expected: a real date written YYYY-MM-DD, like 2026-03-01
3 errors, 0 warnings (points.toml could not be read, so the 18 rows in 2 ledger files were checked for form only)
"#,
    );
}

// ------------------------------------------------------------ people.csv

#[test]
fn duplicate_person_ids() {
    broken(
        Test::new()
            .fixture("basic")
            .append("people.csv", "P06,周八,H4,B2,resident,,,\n"),
        r#"people.csv:8:1: error: person id `P06` is used twice (first on line 7)
  |
8 | P06,周八,H4,B2,resident,,,
  | ^^^
  = expected: each person id once
  = fix: give one of them a new id
1 error, 0 warnings (17 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

/// A bad roster row is reported once; its person's ledger rows are not
/// reported again as "unknown person", the others are checked as usual.
#[test]
fn bad_roster_rows_and_ledger_checked_together() {
    broken(
        Test::new()
            .fixture("basic")
            .append(
                "people.csv",
                "P07,周八,H4,B2,resident\nP08,吴九,H4,B2,elder,,,\nP09,郑十,H5,B2,resident,2026-01-01,2025-01-01,choir\n",
            )
            .append(
                LEDGER,
                "B14,2026-09-01,P07,earn,volunteer,1,2.5,x,,\n\
                 B15,2026-09-01,P08,earn,volunteer,1,2.5,x,,\n\
                 B16,2026-09-01,P10,earn,volunteer,1,2.5,x,,\n\
                 B17,2026-09-01,P01,earn,volunteer,1,3,x,,\n",
            ),
        r#"people.csv:8: error: this row has 5 fields
  |
8 | P07,周八,H4,B2,resident
  = expected: 8 fields: id,name,household,building,role,joined,left,teams
  = fix: check for a missing or extra comma; quote names that contain commas
people.csv:9:14: error: unknown role `elder`
  |
9 | P08,吴九,H4,B2,elder,,,
  |                ^^^^^
  = expected: one of the roles in points.toml: party, resident
people.csv:10:34: error: person `P09` left (2025-01-01) before joining (2026-01-01)
   |
10 | P09,郑十,H5,B2,resident,2026-01-01,2025-01-01,choir
   |                                    ^^^^^^^^^^
   = expected: `left` on or after `joined`
people.csv:10:45: error: unknown team `choir`
   |
10 | P09,郑十,H5,B2,resident,2026-01-01,2025-01-01,choir
   |                                               ^^^^^
   = expected: team ids from points.toml separated by `;`: patrol-team, volunteers
ledger/2026.csv:17:16: error: unknown person `P10`
   |
17 | B16,2026-09-01,P10,earn,volunteer,1,2.5,x,,
   |                ^^^
   = expected: the id of a person in people.csv
   = fix: add the person to people.csv, or correct the id
ledger/2026.csv:18:37: error: points `3` are more than the rules give (2.5): 志愿服务 gives 2.5 per time to a 党员, × 1 = 2.5
   |
18 | B17,2026-09-01,P01,earn,volunteer,1,3,x,,
   |                                     ^
   = expected: 2.5
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
6 errors, 0 warnings (21 rows in 2 ledger files, 6 people, 5 items; the rows of 3 people with errors in people.csv were checked for form only)
"#,
    );
}

// ------------------------------------------------------------ fields of a row

#[test]
fn impossible_dates() {
    broken(
        with_rows(
            "B14,2026-02-30,P01,earn,volunteer,1,2.5,x,,\n\
             B15,2026-13-01,P01,earn,volunteer,1,2.5,x,,\n\
             B16,26-1-1,P01,earn,volunteer,1,2.5,x,,\n",
        ),
        r#"ledger/2026.csv:15:5: error: `2026-02-30` is not a valid date
   |
15 | B14,2026-02-30,P01,earn,volunteer,1,2.5,x,,
   |     ^^^^^^^^^^
   = expected: a real date written YYYY-MM-DD, like 2026-03-01
ledger/2026.csv:16:5: error: `2026-13-01` is not a valid date
   |
16 | B15,2026-13-01,P01,earn,volunteer,1,2.5,x,,
   |     ^^^^^^^^^^
   = expected: a real date written YYYY-MM-DD, like 2026-03-01
ledger/2026.csv:17:5: error: `26-1-1` is not a valid date
   |
17 | B16,26-1-1,P01,earn,volunteer,1,2.5,x,,
   |     ^^^^^^
   = expected: a real date written YYYY-MM-DD, like 2026-03-01
3 errors, 0 warnings (20 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn three_decimals() {
    broken(
        with_rows(
            "B14,2026-09-01,P01,earn,patrol,1.125,3.38,x,,\n\
             B15,2026-09-01,P02,earn,volunteer,1,2.505,x,,\n",
        ),
        r#"ledger/2026.csv:15:32: error: qty `1.125`: it has more than two decimal places
   |
15 | B14,2026-09-01,P01,earn,patrol,1.125,3.38,x,,
   |                                ^^^^^
   = expected: a number with at most two decimals, like 2, -5 or 1.5
ledger/2026.csv:16:37: error: points `2.505`: it has more than two decimal places
   |
16 | B15,2026-09-01,P02,earn,volunteer,1,2.505,x,,
   |                                     ^^^^^
   = expected: a number with at most two decimals, like 2, -5 or 1.5
2 errors, 0 warnings (19 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn huge_number() {
    broken(
        with_rows("B14,2025-12-31,P03,open,welfare,1,99999999999999999999,社区,,\n"),
        r#"ledger/2026.csv:15:35: error: points `99999999999999999999`: it is too large
   |
15 | B14,2025-12-31,P03,open,welfare,1,99999999999999999999,社区,,
   |                                   ^^^^^^^^^^^^^^^^^^^^
   = expected: a number with at most two decimals, like 2, -5 or 1.5
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

/// Every figure is a sum of rows: a book whose rows add up beyond what an
/// i64 of hundredths holds is an error, never a wrapped or a panicking sum.
#[test]
fn sum_overflows() {
    let rows: String = (0..110)
        .map(|i| format!("C{i:03},2025-12-31,P03,open,welfare,1,900000000000000,社区,,{i}\n"))
        .collect();
    broken(
        with_rows(&rows),
        r#"ledger/2026.csv:117:36: error: with this row, the points (or hours) of the book add up to more than can be counted exactly
    |
117 | C102,2025-12-31,P03,open,welfare,1,900000000000000,社区,,102
    |                                    ^^^^^^^^^^^^^^^
    = expected: amounts whose total stays below 92233720368547758.07
    = fix: correct this row's points or qty (a typo?), or void it
1 error, 0 warnings (127 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn unknown_person_item_kind() {
    broken(
        with_rows(
            "B14,2026-09-01,P99,earn,volunteer,1,2.5,x,,\n\
             B15,2026-09-01,P01,earn,swimming,1,2.5,x,,\n\
             B16,2026-09-01,P01,gift,volunteer,1,2.5,x,,\n\
             B17,2026-09-01,P01,open,patrol,1,5,x,,\n\
             B18,2026-09-01,P01,redeem,soap,1,-5,x,2026H2,\n",
        ),
        r#"ledger/2026.csv:15:16: error: unknown person `P99`
   |
15 | B14,2026-09-01,P99,earn,volunteer,1,2.5,x,,
   |                ^^^
   = expected: the id of a person in people.csv
   = fix: add the person to people.csv, or correct the id
ledger/2026.csv:16:25: error: unknown item `swimming`
   |
16 | B15,2026-09-01,P01,earn,swimming,1,2.5,x,,
   |                         ^^^^^^^^
   = expected: an `earn` row names an item of points.toml: patrol, meeting, volunteer, littering, building
ledger/2026.csv:17:20: error: `gift` is not a kind of entry
   |
17 | B16,2026-09-01,P01,gift,volunteer,1,2.5,x,,
   |                    ^^^^
   = expected: earn, redeem, void or open
ledger/2026.csv:18:25: error: unknown category `patrol`
   |
18 | B17,2026-09-01,P01,open,patrol,1,5,x,,
   |                         ^^^^^^
   = expected: an `open` row names a category of points.toml: edu, welfare, law
ledger/2026.csv:19:27: error: unknown reward `soap`
   |
19 | B18,2026-09-01,P01,redeem,soap,1,-5,x,2026H2,
   |                           ^^^^
   = expected: a `redeem` row names a reward of points.toml: towel, umbrella
5 errors, 0 warnings (22 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn bad_ids_and_numbers() {
    broken(
        with_rows(
            "B 14,2026-09-01,P01,earn,volunteer,1,2.5,x,,\n\
             B15,2026-09-01,P01,earn,volunteer,one,2.5,x,,\n\
             B16,2026-09-01,P01,earn,volunteer,1,,x,,\n\
             B17,2026-09-01,P01,earn,volunteer,0,0,x,,\n\
             B18,2026-09-01,P01,earn,volunteer,1.5,3.75,x,,\n",
        ),
        r#"ledger/2026.csv:15:1: error: `B 14` is not a valid entry id
   |
15 | B 14,2026-09-01,P01,earn,volunteer,1,2.5,x,,
   | ^^^^
   = expected: letters A-Z a-z, digits, `_` or `-` (no spaces, no Chinese characters)
ledger/2026.csv:16:35: error: qty `one`: it is not a number (expected digits like 12, -5 or 2.5)
   |
16 | B15,2026-09-01,P01,earn,volunteer,one,2.5,x,,
   |                                   ^^^
   = expected: a number with at most two decimals, like 2, -5 or 1.5
ledger/2026.csv:17:37: error: points ``: it is empty
   |
17 | B16,2026-09-01,P01,earn,volunteer,1,,x,,
   |                                     ^
   = expected: a number with at most two decimals, like 2, -5 or 1.5
ledger/2026.csv:18:35: error: qty `0` must be more than 0
   |
18 | B17,2026-09-01,P01,earn,volunteer,0,0,x,,
   |                                   ^
   = expected: a positive quantity (hours for an hourly item, a count otherwise)
ledger/2026.csv:19:35: error: qty `1.5` of `volunteer` must be a whole number: it is counted in times
   |
19 | B18,2026-09-01,P01,earn,volunteer,1.5,3.75,x,,
   |                                   ^^^
   = expected: a whole count like 1 or 2
5 errors, 0 warnings (22 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

/// Ids are unique across all the ledger files. A report (which does not
/// look for every duplicate id) refuses a duplicate that a void names,
/// since which of the two entries it cancels is unclear.
#[test]
fn duplicate_entry_ids_across_files() {
    broken(
        with_rows(
            "A04,2026-09-01,P01,earn,volunteer,1,2.5,x,,\n\
             B14,2026-09-02,P01,earn,volunteer,1,2.5,x,,\n\
             B14,2026-09-03,P01,earn,volunteer,1,2.5,x,,\n\
             V1,2026-09-04,P01,void,volunteer,1,-2.5,x,A04,\n",
        ),
        r#"ledger/2026.csv:15:1: error: entry id `A04` is already used at ledger/2025.csv:5
   |
15 | A04,2026-09-01,P01,earn,volunteer,1,2.5,x,,
   | ^^^
   = expected: an id used once in the whole book
   = fix: give this row a new unique id (if it is the same entry twice, give it a new id, then void it with `points void`: a void names its entry by id)
ledger/2026.csv:17:1: error: entry id `B14` is already used at ledger/2026.csv:16
   |
17 | B14,2026-09-03,P01,earn,volunteer,1,2.5,x,,
   | ^^^
   = expected: an id used once in the whole book
   = fix: give this row a new unique id (if it is the same entry twice, give it a new id, then void it with `points void`: a void names its entry by id)
2 errors, 0 warnings (21 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

// ------------------------------------------------------------ voids

#[test]
fn void_of_unknown_id() {
    broken(
        with_rows("V1,2026-09-01,P01,void,patrol,4,-12,x,B99,\n"),
        r#"ledger/2026.csv:15:39: error: this void cancels `B99`, but no earlier entry has that id
   |
15 | V1,2026-09-01,P01,void,patrol,4,-12,x,B99,
   |                                       ^^^
   = expected: the id of an entry earlier in the ledger
   = fix: correct the id in `ref` (`points show PERSON` lists a person's entries with their ids)
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn void_without_ref() {
    broken(
        with_rows("V1,2026-09-01,P01,void,patrol,4,-12,x,,\n"),
        r#"ledger/2026.csv:15:39: error: a void does not say which entry it cancels
   |
15 | V1,2026-09-01,P01,void,patrol,4,-12,x,,
   |                                       ^
   = expected: the id of the entry it cancels, in `ref`
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

/// A void may only cancel an entry before it in ledger order: here the void
/// is in 2025.csv and its target in 2026.csv.
#[test]
fn void_of_a_later_entry() {
    broken(
        Test::new().fixture("basic").append(
            "ledger/2025.csv",
            "V1,2026-09-01,P01,void,patrol,4,-12,x,B01,\n",
        ),
        r#"ledger/2025.csv:6:39: error: this void cancels `B01`, which comes later in the ledger (ledger/2026.csv:2)
  |
6 | V1,2026-09-01,P01,void,patrol,4,-12,x,B01,
  |                                       ^^^
  = expected: a void after the entry it cancels
  = fix: record the void again after the entry with `points void`, and remove this row before anyone relies on it
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn void_voided_twice() {
    broken(
        with_rows(
            "V1,2026-09-01,P01,void,patrol,4,-12,x,B01,\n\
             V2,2026-09-02,P01,void,patrol,4,-12,x,B01,\n",
        ),
        r#"ledger/2026.csv:16:39: error: entry `B01` is voided twice: it was already voided by `V1` (ledger/2026.csv:15)
   |
16 | V2,2026-09-02,P01,void,patrol,4,-12,x,B01,
   |                                       ^^^
   = expected: at most one void per entry
   = fix: a second void has no effect (an entry is cancelled once): if this row was written by mistake, delete it
1 error, 0 warnings (19 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

/// The voids are gathered by looking for the bytes `void` in each row; a
/// kind spelled `"vo"id` (which CSV reads as `void`) is an error, not a void
/// that silently does nothing.
#[test]
fn void_with_a_kind_spelled_in_pieces() {
    broken(
        with_rows("V1,2026-09-01,P01,\"vo\"id,patrol,4,-12,x,B01,\n"),
        r#"ledger/2026.csv:15:19: error: this void's kind is written in an unusual way, so it was not taken as a void
   |
15 | V1,2026-09-01,P01,"vo"id,patrol,4,-12,x,B01,
   |                   ^^^^^^
   = expected: the kind written plainly: void
   = fix: write `void` in the kind column, without quotes
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn void_of_a_void() {
    broken(
        with_rows("V1,2026-09-01,P06,void,volunteer,1,2.5,x,B10,\n"),
        r#"ledger/2026.csv:15:42: error: `B10` is itself a void, and a void cannot be voided
   |
15 | V1,2026-09-01,P06,void,volunteer,1,2.5,x,B10,
   |                                          ^^^
   = fix: to undo a void, record the original entry again with `points add`
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

/// A voided row whose person is unknown keeps its error (the row cannot be
/// resolved); its void must not also claim that no entry has that id.
#[test]
fn void_of_a_row_with_an_unknown_person() {
    broken(
        with_rows(
            "C06,2026-09-05,P09,earn,volunteer,1,2.5,x,,\n\
             C07,2026-09-05,P09,void,volunteer,1,-2.5,x,C06,\n",
        ),
        r#"ledger/2026.csv:15:16: error: unknown person `P09`
   |
15 | C06,2026-09-05,P09,earn,volunteer,1,2.5,x,,
   |                ^^^
   = expected: the id of a person in people.csv
   = fix: add the person to people.csv, or correct the id
ledger/2026.csv:16:16: error: unknown person `P09`
   |
16 | C07,2026-09-05,P09,void,volunteer,1,-2.5,x,C06,
   |                ^^^
   = expected: the id of a person in people.csv
   = fix: add the person to people.csv, or correct the id
2 errors, 0 warnings (19 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

/// The same with a known person on the void, and with an unknown item: the
/// target's own error is the one to fix.
#[test]
fn void_of_a_row_that_cannot_be_resolved() {
    broken(
        with_rows(
            "C06,2026-09-05,P09,earn,volunteer,1,2.5,x,,\n\
             C07,2026-09-05,P01,void,volunteer,1,-2.5,x,C06,\n\
             C08,2026-09-05,P01,earn,nosuch,1,2.5,x,,\n\
             C09,2026-09-05,P01,void,nosuch,1,-2.5,x,C08,\n",
        ),
        r#"ledger/2026.csv:15:16: error: unknown person `P09`
   |
15 | C06,2026-09-05,P09,earn,volunteer,1,2.5,x,,
   |                ^^^
   = expected: the id of a person in people.csv
   = fix: add the person to people.csv, or correct the id
ledger/2026.csv:17:25: error: unknown item `nosuch`
   |
17 | C08,2026-09-05,P01,earn,nosuch,1,2.5,x,,
   |                         ^^^^^^
   = expected: an `earn` row names an item of points.toml: patrol, meeting, volunteer, littering, building
2 errors, 0 warnings (21 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn void_for_another_person_and_wrong_negation() {
    broken(
        with_rows(
            "V1,2026-09-01,P02,void,patrol,4,-12,x,B01,\n\
             V2,2026-09-01,P01,void,meeting,2,2,x,B05,\n",
        ),
        r#"ledger/2026.csv:15:15: error: this void is for `P02`, but entry `B01` belongs to `P01`
   |
15 | V1,2026-09-01,P02,void,patrol,4,-12,x,B01,
   |               ^^^
   = expected: P01
ledger/2026.csv:16:32: error: this void has qty `2`, but entry `B05` has `1`
   |
16 | V2,2026-09-01,P01,void,meeting,2,2,x,B05,
   |                                ^
   = expected: 1
ledger/2026.csv:16:34: error: this void has points `2`, but it must cancel entry `B05` exactly
   |
16 | V2,2026-09-01,P01,void,meeting,2,2,x,B05,
   |                                  ^
   = expected: -2
3 errors, 0 warnings (19 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

// ------------------------------------------------------------ the rules, row by row

/// R4 has an empty `ref`: a single redemption (SPEC §2.3), not an error.
#[test]
fn redeem_with_wrong_points() {
    broken(
        with_rows(
            "R1,2026-08-01,P01,redeem,umbrella,1,-40,超市,2026H2,\n\
             R2,2026-04-02,P01,redeem,towel,2,-20,超市,2026H1,\n\
             R3,2026-04-02,P01,redeem,towel,1.5,-30,超市,2026H1,\n\
             R4,2026-04-02,P01,redeem,towel,1,-20,超市,,\n",
        ),
        r#"ledger/2026.csv:15:37: error: points `-40` of a redemption must be −cost × qty: 雨伞 costs 50 on 2026-08-01, × 1 = -50
   |
15 | R1,2026-08-01,P01,redeem,umbrella,1,-40,超市,2026H2,
   |                                     ^^^
   = expected: -50
   = fix: void this entry and redeem again with `points redeem`
ledger/2026.csv:15: warning: this redemption leaves 张三 (P01) with a balance of -75 on 2026-08-01
   |
15 | R1,2026-08-01,P01,redeem,umbrella,1,-40,超市,2026H2,
   = fix: check the entries before it; void the redemption if it should not have happened
ledger/2026.csv:16:34: error: points `-20` of a redemption must be −cost × qty: 毛巾 costs 20 on 2026-04-02, × 2 = -40
   |
16 | R2,2026-04-02,P01,redeem,towel,2,-20,超市,2026H1,
   |                                  ^^^
   = expected: -40
   = fix: void this entry and redeem again with `points redeem`
ledger/2026.csv:16: warning: this redemption leaves 张三 (P01) with a balance of -38 on 2026-04-02
   |
16 | R2,2026-04-02,P01,redeem,towel,2,-20,超市,2026H1,
   = fix: check the entries before it; void the redemption if it should not have happened
ledger/2026.csv:17:32: error: qty `1.5` of a redemption must be a whole number of at least 1
   |
17 | R3,2026-04-02,P01,redeem,towel,1.5,-30,超市,2026H1,
   |                                ^^^
   = expected: 1, 2, 3 …
ledger/2026.csv:17: warning: this redemption leaves 张三 (P01) with a balance of -38 on 2026-04-02
   |
17 | R3,2026-04-02,P01,redeem,towel,1.5,-30,超市,2026H1,
   = fix: check the entries before it; void the redemption if it should not have happened
ledger/2026.csv:18: warning: this redemption leaves 张三 (P01) with a balance of -38 on 2026-04-02
   |
18 | R4,2026-04-02,P01,redeem,towel,1,-20,超市,,
   = fix: check the entries before it; void the redemption if it should not have happened
3 errors, 4 warnings (21 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn earn_more_than_the_rules_give() {
    broken(
        with_rows(
            "B14,2026-09-01,P02,earn,volunteer,1,3,x,,\n\
             B15,2026-09-01,P02,earn,patrol,2,6,x,,\n\
             B16,2026-09-01,P02,earn,patrol,6,12,x,,\n\
             B17,2026-09-01,P02,earn,littering,1,5,x,,\n",
        ),
        r#"ledger/2026.csv:15:37: error: points `3` are more than the rules give (2.5): 志愿服务 gives 2.5 per time to a 群众, × 1 = 2.5
   |
15 | B14,2026-09-01,P02,earn,volunteer,1,3,x,,
   |                                     ^
   = expected: 2.5
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
ledger/2026.csv:16:34: error: points `6` are more than the rules give (4): 治安巡逻 gives 2 per hour to a 群众, × 2 = 4
   |
16 | B15,2026-09-01,P02,earn,patrol,2,6,x,,
   |                                  ^
   = expected: 4
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
ledger/2026.csv:17:34: error: points `12` are more than the rules give (8): 治安巡逻 gives 2 per hour to a 群众, × 6 (only 4 count, max_qty) = 8
   |
17 | B16,2026-09-01,P02,earn,patrol,6,12,x,,
   |                                  ^^
   = expected: 8
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
ledger/2026.csv:18:37: error: points `5` are more than the rules give (-5): 乱丢垃圾 gives -5 per time to a 群众, × 1 = -5
   |
18 | B17,2026-09-01,P02,earn,littering,1,5,x,,
   |                                     ^
   = expected: -5
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
4 errors, 0 warnings (21 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn dated_rates_and_costs() {
    broken(
        with_rows(
            "B14,2026-07-05,P01,earn,meeting,1,2,书记,,\n\
             B15,2026-06-30,P01,earn,meeting,1,3,书记,,\n\
             R1,2026-06-30,P01,redeem,umbrella,1,-50,超市,2026H1,\n\
             B16,2024-12-31,P01,earn,meeting,1,2,书记,,\n",
        ),
        r#"ledger/2026.csv:15:35: error: points `2` are less than the rules give (3): 三会一课 gives 3 per time to a 党员, × 1 = 3
   |
15 | B14,2026-07-05,P01,earn,meeting,1,2,书记,,
   |                                   ^
   = expected: 3
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
ledger/2026.csv:16:35: error: points `3` are more than the rules give (2): 三会一课 gives 2 per time to a 党员, × 1 = 2
   |
16 | B15,2026-06-30,P01,earn,meeting,1,3,书记,,
   |                                   ^
   = expected: 2
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
ledger/2026.csv:17:37: error: points `-50` of a redemption must be −cost × qty: 雨伞 costs 40 on 2026-06-30, × 1 = -40
   |
17 | R1,2026-06-30,P01,redeem,umbrella,1,-50,超市,2026H1,
   |                                     ^^^
   = expected: -40
   = fix: void this entry and redeem again with `points redeem`
ledger/2026.csv:17: warning: this redemption leaves 张三 (P01) with a balance of -13 on 2026-06-30
   |
17 | R1,2026-06-30,P01,redeem,umbrella,1,-50,超市,2026H1,
   = fix: check the entries before it; void the redemption if it should not have happened
ledger/2026.csv:18:5: error: `meeting` has no rate on 2024-12-31: its schedule starts on 2025-01-01
   |
18 | B16,2024-12-31,P01,earn,meeting,1,2,书记,,
   |     ^^^^^^^^^^
   = fix: correct the date, or add an earlier step to the item's `rates`
4 errors, 1 warning (21 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn earn_past_a_cap() {
    broken(
        with_rows(
            "B14,2026-01-28,P01,earn,patrol,2,2,队长,,\n\
             B15,2026-02-10,P01,earn,meeting,1,2,书记,,\n\
             B16,2026-02-11,P01,earn,meeting,1,2,书记,,\n\
             B17,2026-02-12,P01,earn,meeting,1,2,书记,,\n\
             B18,2026-02-13,P01,earn,meeting,1,2,书记,,\n\
             B19,2026-02-14,P01,earn,meeting,1,2,书记,,\n",
        ),
        r#"ledger/2026.csv:15:34: error: points `2` are more than the rules give (0): 治安巡逻 gives 3 per hour to a 党员, × 2 = 6, and the monthly cap of 20 on 治安巡逻 leaves 0
   |
15 | B14,2026-01-28,P01,earn,patrol,2,2,队长,,
   |                                  ^
   = expected: 0
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
ledger/2026.csv:20:35: error: points `2` are more than the rules give (0): 三会一课 gives 2 per time to a 党员, × 1 = 2, and the monthly cap of 10 on 教育管理类 leaves 0
   |
20 | B19,2026-02-14,P01,earn,meeting,1,2,书记,,
   |                                   ^
   = expected: 0
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
2 errors, 0 warnings (23 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn party_only_item_earned_by_a_resident() {
    broken(
        with_rows("B14,2026-09-01,P02,earn,meeting,1,3,书记,,\n"),
        r#"ledger/2026.csv:15:25: error: 李四 (P02) is a 群众, who may not earn `meeting` (三会一课)
   |
15 | B14,2026-09-01,P02,earn,meeting,1,3,书记,,
   |                         ^^^^^^^
   = expected: a person with role: 党员
   = fix: void this entry: it should not have been recorded
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn earn_before_joined_and_after_left() {
    broken(
        with_rows(
            "B14,2026-02-28,P03,earn,volunteer,1,2.5,x,,\n\
             B15,2026-06-01,P04,earn,meeting,1,2,x,,\n",
        ),
        r#"ledger/2026.csv:15:5: error: 王五 (P03) moved in on 2026-03-01, so earns nothing on 2026-02-28
   |
15 | B14,2026-02-28,P03,earn,volunteer,1,2.5,x,,
   |     ^^^^^^^^^^
   = fix: void this entry, or correct `joined`/`left` in people.csv
ledger/2026.csv:16:5: error: 赵六 (P04) moved out on 2026-05-31, so earns nothing on 2026-06-01
   |
16 | B15,2026-06-01,P04,earn,meeting,1,2,x,,
   |     ^^^^^^^^^^
   = fix: void this entry, or correct `joined`/`left` in people.csv
2 errors, 0 warnings (19 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

#[test]
fn time_item_with_a_fraction() {
    broken(
        with_rows("B14,2026-09-01,P01,earn,volunteer,1.5,3.75,x,,\n"),
        r#"ledger/2026.csv:15:35: error: qty `1.5` of `volunteer` must be a whole number: it is counted in times
   |
15 | B14,2026-09-01,P01,earn,volunteer,1.5,3.75,x,,
   |                                   ^^^
   = expected: a whole count like 1 or 2
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

// ------------------------------------------------------------ where the caret goes

/// Quoted fields, commas inside quotes and CJK text before the problem: the
/// column counts characters, the caret sits under the field by display width.
#[test]
fn caret_after_quoted_cjk_fields() {
    broken(
        with_rows(
            "\"B14\",2026-09-01,\"P01\",earn,\"志愿,服务\",1,2.5,\"张,三\",,\n\
             B15,2026-09-01,P01,earn,volunteer,1,2.5,\"李\"\"四\",,扫雪\n\
             B16,2026-09-01,P01,earn,volunteer,1,2.5,王五,,\"扫雪,清理\"\n\
             B17,2026-09-01,张三,earn,volunteer,1,2.5,x,,\n",
        ),
        r#"ledger/2026.csv:15:29: error: `志愿,服务` is not an item id: it holds `,` (U+002C COMMA) at character 3, which may not be in an id
   |
15 | "B14",2026-09-01,"P01",earn,"志愿,服务",1,2.5,"张,三",,
   |                             ^^^^^^^^^^^
   = expected: the id of an item, reward or category in points.toml
ledger/2026.csv:18:16: error: unknown person `张三`
   |
18 | B17,2026-09-01,张三,earn,volunteer,1,2.5,x,,
   |                ^^^^
   = expected: the id of a person in people.csv
   = fix: add the person to people.csv, or correct the id
2 errors, 0 warnings (21 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

/// `--book DIR`: paths are shown as DIR joined with the file.
#[test]
fn paths_as_given_with_book() {
    let t = Test::new();
    copy_dir(&fixtures().join("basic"), &t.path().join("my book"));
    let t = t.append(
        "my book/ledger/2026.csv",
        "B14,2026-09-01,P99,earn,volunteer,1,2.5,x,,\n",
    );
    expect(
        t.args(["--book", "my book", "check"]).status(1),
        r#"my book/ledger/2026.csv:15:16: error: unknown person `P99`
   |
15 | B14,2026-09-01,P99,earn,volunteer,1,2.5,x,,
   |                ^^^
   = expected: the id of a person in people.csv
   = fix: add the person to people.csv, or correct the id
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

// ------------------------------------------------------------ accepted

#[test]
fn basic_is_clean() {
    accepted(
        Test::new().fixture("basic"),
        r#"ok: 17 rows in 2 ledger files, 6 people, 5 items; 0 warnings
"#,
    );
}

/// A BOM and CRLF line ends in every file (as Excel and Notepad write them) are fine,
/// and the figures are the same as without.
#[test]
fn bom_and_crlf_accepted() {
    let mut t = Test::new().fixture("basic");
    for rel in ["points.toml", "people.csv", "ledger/2025.csv", LEDGER] {
        let text = format!("\u{feff}{}", basic(rel).replace('\n', "\r\n"));
        t = t.file(rel, text);
    }
    let plain = points(&fixtures().join("basic"), &["report", "--format", "json"]);
    let crlf = points(t.path(), &["report", "--format", "json"]);
    assert_eq!(plain, crlf);
    accepted(
        t,
        r#"ok: 17 rows in 2 ledger files, 6 people, 5 items; 0 warnings
"#,
    );
}

#[test]
fn quoted_notes_accepted() {
    let t = with_rows(
        "B14,2026-09-01,P01,earn,volunteer,1,2.5,\"队长,副队长\",,\"扫雪, 清理楼道\"\n\
         B15,2026-09-02,P01,earn,volunteer,1,2.5,x,,\"他说 \"\"谢谢\"\"\"\n\
         B16,2026-09-03,P01,earn,volunteer,1,2.5,x,,\"第一行\n第二行, 还有\r\n第三行\"\n\
         B17,2026-09-04,P01,earn,volunteer,1,2.5,x,,\n",
    );
    let (code, out, err) = points(t.path(), &["show", "P01", "2026-09", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(r#""note":"第一行\n第二行, 还有\r\n第三行""#),
        "{out}"
    );
    assert!(out.contains(r#""note":"他说 \"谢谢\"""#), "{out}");
    accepted(
        t,
        r#"ok: 21 rows in 2 ledger files, 6 people, 5 items; 0 warnings
"#,
    );
}

// ------------------------------------------------------------ rules that need more than one row

/// A void frees the cap room its target took, for the rows after it in
/// ledger order: P01's January patrols reached the cap of 20 (B01 12 + B03 8);
/// once B03 is voided, a later row may earn 6 of the 8 freed.
#[test]
fn void_frees_cap_room() {
    let rows = "V1,2026-02-01,P01,void,patrol,4,-8,队长,B03,录错\n\
                B14,2026-01-28,P01,earn,patrol,2,6,队长,,\n";
    accepted(
        with_rows(rows),
        r#"ok: 19 rows in 2 ledger files, 6 people, 5 items; 0 warnings
"#,
    );
    // Without the void, the same row is past the cap.
    broken(
        with_rows("B14,2026-01-28,P01,earn,patrol,2,6,队长,,\n"),
        r#"ledger/2026.csv:15:34: error: points `6` are more than the rules give (0): 治安巡逻 gives 3 per hour to a 党员, × 2 = 6, and the monthly cap of 20 on 治安巡逻 leaves 0
   |
15 | B14,2026-01-28,P01,earn,patrol,2,6,队长,,
   |                                  ^
   = expected: 0
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
1 error, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
    // The room is freed only after the void in ledger order: a row before it gets 0.
    broken(
        with_rows(
            "B14,2026-01-28,P01,earn,patrol,2,6,队长,,\n\
             V1,2026-02-01,P01,void,patrol,4,-8,队长,B03,录错\n",
        ),
        r#"ledger/2026.csv:15:34: error: points `6` are more than the rules give (0): 治安巡逻 gives 3 per hour to a 党员, × 2 = 6, and the monthly cap of 20 on 治安巡逻 leaves 0
   |
15 | B14,2026-01-28,P01,earn,patrol,2,6,队长,,
   |                                  ^
   = expected: 0
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
1 error, 0 warnings (19 rows in 2 ledger files, 6 people, 5 items)
"#,
    );
}

/// A voided row is not checked against the rules: its void corrects it.
#[test]
fn voided_mistake_is_clean() {
    let bad = "B14,2026-09-01,P02,earn,meeting,1,3,书记,,\n";
    accepted(
        with_rows(&format!(
            "{bad}V1,2026-09-02,P02,void,meeting,1,-3,社区,B14,群众不能得三会一课\n"
        )),
        r#"ok: 19 rows in 2 ledger files, 6 people, 5 items; 0 warnings
"#,
    );
}

/// A void may be dated before its target, as long as it comes after it in the ledger.
#[test]
fn void_dated_before_its_target() {
    accepted(
        with_rows("V1,2026-01-01,P02,void,building,1,20,社区,B13,\n"),
        r#"ok: 18 rows in 2 ledger files, 6 people, 5 items; 0 warnings
"#,
    );
}

/// Rows equal in every field but the id: a warning (exit 0), gone once one is voided.
#[test]
fn likely_double_entry() {
    let twice = "B14,2026-03-02,P03,earn,volunteer,2,5,李四,,\n";
    accepted(
        with_rows(twice),
        r#"ledger/2026.csv:15: warning: likely double entry: equal in every field but the id to ledger/2026.csv:8
   |
15 | B14,2026-03-02,P03,earn,volunteer,2,5,李四,,
   = fix: if it was recorded twice (e.g. on two clones), void one of them with `points void ID --reason "double entry"`
ok: 18 rows in 2 ledger files, 6 people, 5 items; 1 warning
"#,
    );
    accepted(
        with_rows(&format!(
            "{twice}V1,2026-09-01,P03,void,volunteer,2,-5,社区,B14,重复录入\n"
        )),
        r#"ok: 19 rows in 2 ledger files, 6 people, 5 items; 0 warnings
"#,
    );
}

/// `check` finds repeats through temporary files; where they cannot be
/// written, it says what it could not check (an error, exit 1: it never says
/// ok then) and checks everything else.
#[test]
fn no_room_for_temporary_files() {
    let t = with_rows(
        "B14,2026-03-02,P03,earn,volunteer,2,5,李四,,\n\
         B15,2026-03-02,P03,earn,volunteer,1,9,李四,,\n",
    )
    .env("TMPDIR", "/nonexistent/points-tmp")
    .args(["check"]);
    let out = t.command().output().unwrap();
    // Checked, and split off: the provenance lines after the findings.
    let args = ["check".to_string()];
    let stdout = crate::harness::provenance::split(t.path(), &args, &[], &out);
    let stdout = String::from_utf8_lossy(&stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // The rest is checked: the wrong points of B15 are found.
    assert!(
        stdout.starts_with(
            "ledger/2026.csv:16:37: error: points `9` are more than the rules give (2.5)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n/nonexistent/points-tmp: error: could not check for repeated ids and likely double entries: temporary files cannot be written or read in /nonexistent/points-tmp ("),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("); everything else was checked\n  = fix: make sure that folder exists and has room (or set TMPDIR to one that does), then run `points check` again\n2 errors, 0 warnings (19 rows in 2 ledger files, 6 people, 5 items)\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("likely double entry"), "{stdout}");
}

/// A redemption beyond the balance as of its date is a warning only.
#[test]
fn redemption_beyond_balance_is_a_warning() {
    accepted(
        with_rows("R1,2026-04-01,P03,redeem,towel,1,-20,超市,2026H1,\n"),
        r#"ledger/2026.csv:15: warning: this redemption leaves 王五 (P03) with a balance of -15 on 2026-04-01
   |
15 | R1,2026-04-01,P03,redeem,towel,1,-20,超市,2026H1,
   = fix: check the entries before it; void the redemption if it should not have happened
ok: 18 rows in 2 ledger files, 6 people, 5 items; 1 warning
"#,
    );
}

/// Every problem of rules and roster in one run: not just the first.
#[test]
fn every_rules_problem_at_once() {
    let text = basic("points.toml")
        .replacen(
            "per = \"month\" }\nmax_qty = 4",
            "per = \"fortnight\" }\nmax_qty = 0",
            1,
        )
        .replacen("unit = \"hour\"", "unit = \"hours\"", 1)
        .replacen("cost = 20", "cost = 0", 1)
        .replacen(
            "{ from = \"2026-07-01\", points = 3 }",
            "{ from = \"2024-07-01\", points = 3 }",
            1,
        );
    broken(
        Test::new().fixture("basic").file("points.toml", text),
        r#"points.toml:22:8: error: `hours` is not a unit
   |
22 | unit = "hours"
   |        ^^^^^^^
   = expected: "hour" (qty = hours) or "time" (qty = count)
points.toml:24:28: error: `fortnight` is not a cap period
   |
24 | cap = { points = 20, per = "fortnight" }
   |                            ^^^^^^^^^^^
   = expected: day, week, month, quarter, half-year or year
points.toml:25:11: error: max_qty must be more than 0
   |
25 | max_qty = 0
   |           ^
   = expected: a positive quantity
points.toml:34:12: error: `rates` of item `meeting` are not in date order
   |
34 |   { from = "2024-07-01", points = 3 },
   |            ^^^^^^^^^^^^
   = expected: each `from` later than the one before
points.toml:73:8: error: reward `towel` must cost more than 0
   |
73 | cost = 0
   |        ^
   = expected: a positive number of points
5 errors, 0 warnings (points.toml could not be read, so the 17 rows in 2 ledger files were checked for form only)
"#,
    );
}

// ------------------------------------------------------------ no input panics

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Values a rule may be set to by [`mutations_never_panic`]: the largest
/// accepted, just beyond, far beyond an `i64`, a float that is not exact,
/// and the smallest and empty ones.
const EXTREMES: [&str; 12] = [
    "1000000000",
    "1000000000.01",
    "100000000000000000",
    "9223372036854775807",
    "-9223372036854775808",
    "999999999999999.99",
    "1e300",
    "-1000000000",
    "0.01",
    "0",
    "-1",
    "\"99999999999999999999\"",
];

/// The numeric keys of points.toml that [`mutations_never_panic`] sets to extremes.
const RULE_KEYS: [&str; 7] = [
    "points = ",
    "cost = ",
    "stock = ",
    "per_person = ",
    "max_qty = ",
    "min = ",
    "max_row_points",
];

/// Set a numeric value of `toml` after `key` (one of [`RULE_KEYS`], or
/// `max_row_points`, which the scheme gets) to `value`; `nth` picks which
/// occurrence of the key.
fn set_rule(toml: &mut Vec<u8>, key: &str, nth: usize, value: &str) {
    let text = String::from_utf8_lossy(toml).into_owned();
    if key == "max_row_points" {
        if let Some(i) = text.find("name = ") {
            toml.splice(i..i, format!("max_row_points = {value}\n").bytes());
        }
        return;
    }
    let spots: Vec<usize> = text
        .match_indices(key)
        .map(|(i, _)| i + key.len())
        .filter(|&i| text[i..].starts_with(|c: char| c.is_ascii_digit() || c == '-'))
        .collect();
    if spots.is_empty() {
        return;
    }
    let at = spots[nth % spots.len()];
    let end = at
        + text[at..]
            .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.'))
            .unwrap_or(text.len() - at);
    toml.splice(at..end, value.bytes());
}

/// Random byte mutations of the basic book's files, and extreme values in its
/// rules: reports, `check`, and the writing commands in a dry run (`add`,
/// `redeem`, an `exchange` plan) exit with 0, 1 or 2, never panic, and never
/// change a file. (Under 30 s in a debug build; `POINTS_FUZZ=5000:7 cargo
/// test mutations` runs longer.)
#[test]
fn mutations_never_panic() {
    const FILES: [&str; 4] = ["points.toml", "people.csv", "ledger/2025.csv", LEDGER];
    const BYTES: &[u8] = b",\"\n\r-.0129 =[]{}#\x00\xff\xe5\xbc\xa0\xef\xbb\xbf";
    let originals: Vec<Vec<u8>> = FILES
        .iter()
        .map(|f| std::fs::read(fixtures().join("basic").join(f)).unwrap())
        .collect();
    // More cases, or another seed, on demand: POINTS_FUZZ=CASES[:SEED].
    let env = std::env::var("POINTS_FUZZ").unwrap_or_default();
    let mut it = env.split(':').map(|v| v.parse::<u64>().ok());
    let cases = it.next().flatten().unwrap_or(320);
    let mut rng = Rng(it.next().flatten().unwrap_or(0x9E37_79B9_7F4A_7C15) | 1);
    let t = Test::new().fixture("basic").file(
        "requests.csv",
        "person,reward,qty\nP01,towel,2\nP02,umbrella,1\nP06,towel,1000000000\nP03,umbrella,99999999999999999999\n",
    );
    for case in 0..cases {
        // First every key of the rules set to every extreme value (the
        // first of each key's places), then a third of the cases: extreme
        // values at random places, nothing else changed.
        let pairs = (RULE_KEYS.len() * EXTREMES.len()) as u64;
        let extreme = case < pairs || rng.below(3) == 0;
        let which = if extreme { 0 } else { rng.below(FILES.len()) };
        let mut b = originals[which].clone();
        if case < pairs {
            let (k, v) = (
                case as usize / EXTREMES.len(),
                case as usize % EXTREMES.len(),
            );
            set_rule(&mut b, RULE_KEYS[k], 0, EXTREMES[v]);
        } else if extreme {
            for _ in 0..1 + rng.below(3) {
                let key = RULE_KEYS[rng.below(RULE_KEYS.len())];
                let nth = rng.below(8);
                set_rule(&mut b, key, nth, EXTREMES[rng.below(EXTREMES.len())]);
            }
        }
        for _ in 0..if extreme { 0 } else { 1 + rng.below(3) } {
            let at = rng.below(b.len() + 1);
            match rng.below(6) {
                0 if at < b.len() => b[at] = BYTES[rng.below(BYTES.len())],
                1 => b.insert(at, BYTES[rng.below(BYTES.len())]),
                2 if at < b.len() => {
                    b.remove(at);
                }
                3 => b.truncate(at),
                4 => {
                    // Repeat a stretch (a row pasted twice, a digit run made long).
                    let end = (at + rng.below(40)).min(b.len());
                    let piece = b[at..end].to_vec();
                    b.splice(at..at, piece);
                }
                _ => {
                    let pos = at.min(b.len());
                    b.splice(pos..pos, b"99999999999999999".iter().copied());
                }
            }
        }
        for (f, orig) in FILES.iter().zip(&originals) {
            std::fs::write(t.path().join(f), orig).unwrap();
        }
        std::fs::write(t.path().join(FILES[which]), &b).unwrap();
        let commands: [&[&str]; 8] = [
            &["check"],
            &["report"],
            &["balance"],
            // Redemptions and exchange plans multiply costs, stock and limits.
            &[
                "redeem",
                "P01",
                "towel",
                "--qty",
                "2",
                "--date",
                "2026-11-01",
                "--by",
                "x",
                "--dry-run",
            ],
            &[
                "redeem",
                "P02",
                "umbrella",
                "--date",
                "2026-06-01",
                "--by",
                "x",
                "--dry-run",
            ],
            &["exchange", "2026H1", "--requests", "requests.csv"],
            // The writing path reads only some people's rows: it must hold too.
            &[
                "add",
                "volunteer",
                "--people",
                "P02",
                "--date",
                "2026-11-01",
                "--by",
                "x",
                "--dry-run",
            ],
            &["show", "P01"],
        ];
        for cmd in commands {
            let (code, _, err) = points(t.path(), cmd);
            assert!(
                (0..=2).contains(&code) && !err.contains("panicked"),
                "case {case}: `points {}` exited {code} on {} mutated to {:?}:\n{err}",
                cmd.join(" "),
                FILES[which],
                String::from_utf8_lossy(&b)
            );
        }
        assert_eq!(std::fs::read(t.path().join(FILES[which])).unwrap(), b);
    }
}
