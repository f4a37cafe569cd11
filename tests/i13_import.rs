//! `points import people` and `points import ledger` (issue 13, SPEC §7).
//! Every sheet is made here: GBK and UTF-16 CSV files through encoding_rs,
//! workbooks (a merged title row, date cells, a formula cell, blank rows)
//! through rust_xlsxwriter; nothing is a binary blob. Figures in the
//! expected outputs are worked out by hand in the comments above them.

use crate::harness::{points_with, Test};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::Path;

/// The basic fixture's roster as the book keeps it.
const PEOPLE: &str = "id,name,household,building,role,joined,left,teams
P01,张三,H1,B1,party,,,patrol-team
P02,李四,H1,B1,resident,,,patrol-team;volunteers
P03,王五,H2,B1,resident,2026-03-01,,volunteers
P04,赵六,H2,B1,party,,2026-05-31,
P05,张三,H3,B2,resident,,,
P06,孙七,H3,B2,resident,,,
";

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    bytes.into_owned()
}

fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

fn utf16be(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

/// A cell of a test workbook.
enum C {
    S(&'static str),
    N(f64),
    /// A date cell (a serial number shown as a date).
    D(u16, u8, u8),
    /// A formula and the value Excel saved with it.
    F(&'static str, &'static str),
    Blank,
}

/// Write a workbook with one sheet `name`: a title merged over the first
/// row, then `rows` (the header row first), then three blank but formatted
/// rows, as Excel leaves them at the end of a sheet.
fn workbook(path: &Path, name: &str, title: &str, rows: &[Vec<C>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    let width = rows[0].len() as u16;
    let bold = Format::new().set_bold();
    ws.merge_range(0, 0, 0, width - 1, title, &bold).unwrap();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                C::S(s) => drop(ws.write_string(r, c, *s).unwrap()),
                C::N(n) => drop(ws.write_number(r, c, *n).unwrap()),
                C::D(y, m, d) => drop(
                    ws.write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date,
                    )
                    .unwrap(),
                ),
                C::F(f, v) => drop(
                    ws.write_formula(r, c, Formula::new(*f).set_result(*v))
                        .unwrap(),
                ),
                C::Blank => {}
            }
        }
    }
    let last = rows.len() as u32 + 1;
    for r in last..last + 3 {
        ws.write_blank(r, 0, &bold).unwrap();
    }
    wb.save(path).unwrap();
}

/// Entry ids drawn from a fixed seed, so that outputs are the same every run.
const SEED: &[(&str, &str)] = &[("POINTS_ID_SEED", "7")];

fn basic() -> Test {
    Test::new().fixture("basic").env("POINTS_ID_SEED", "7")
}

// ----------------------------------------------------------------- people

/// Excel on Chinese Windows re-saved people.csv: GBK, CRLF, `2026/3/1`
/// dates and blank rows. `check` refuses it; `import people people.csv`
/// reads it and writes it back as the book keeps it, byte for byte.
#[test]
fn an_excel_resaved_roster_is_normalized_in_place() {
    let resaved = "id,name,household,building,role,joined,left,teams\r\n\
P01,张三,H1,B1,party,,,patrol-team\r\n\
P02,李四,H1,B1,resident,,,patrol-team;volunteers\r\n\
,,,,,,,\r\n\
P03,王五,H2,B1,resident,2026/3/1,,volunteers\r\n\
P04,赵六,H2,B1,party,,2026/5/31,\r\n\
P05,张三,H3,B2,resident,,,\r\n\
P06,孙七,H3,B2,resident,,,\r\n\
,,,,,,,\r\n\
,,,,,,,\r\n";
    let (_, dir) = basic()
        .file("people.csv", gbk(resaved))
        .args(["import", "people", "people.csv"])
        .stdout(
            "people.csv rewritten as the book keeps it (UTF-8, dates as 2025-01-05): nobody added or changed
┌─────┬───────────┬─────┬──────┬─────────┐
│ row ┆ status    ┆ id  ┆ name ┆ changes │
╞═════╪═══════════╪═════╪══════╪═════════╡
│   2 ┆ unchanged ┆ P01 ┆ 张三 ┆ —       │
│   3 ┆ unchanged ┆ P02 ┆ 李四 ┆ —       │
│   5 ┆ unchanged ┆ P03 ┆ 王五 ┆ —       │
│   6 ┆ unchanged ┆ P04 ┆ 赵六 ┆ —       │
│   7 ┆ unchanged ┆ P05 ┆ 张三 ┆ —       │
│   8 ┆ unchanged ┆ P06 ┆ 孙七 ┆ —       │
└─────┴───────────┴─────┴──────┴─────────┘
",
        )
        .run_keep();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("people.csv")).unwrap(),
        PEOPLE
    );
    // Run again on the normalized file: nothing to do, nothing written.
    let (code, out, err) = points_with(dir.path(), &["import", "people", "people.csv"], SEED);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        r#"people.csv already holds every person of the sheet as it is: nothing was changed
┌─────┬───────────┬─────┬──────┬─────────┐
│ row ┆ status    ┆ id  ┆ name ┆ changes │
╞═════╪═══════════╪═════╪══════╪═════════╡
│   2 ┆ unchanged ┆ P01 ┆ 张三 ┆ —       │
│   3 ┆ unchanged ┆ P02 ┆ 李四 ┆ —       │
│   4 ┆ unchanged ┆ P03 ┆ 王五 ┆ —       │
│   5 ┆ unchanged ┆ P04 ┆ 赵六 ┆ —       │
│   6 ┆ unchanged ┆ P05 ┆ 张三 ┆ —       │
│   7 ┆ unchanged ┆ P06 ┆ 孙七 ┆ —       │
└─────┴───────────┴─────┴──────┴─────────┘
"#
    );
    let (code, out, _) = points_with(dir.path(), &["check"], SEED);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            r#"ok: 17 rows in 2 ledger files, 6 people, 5 items; 0 warnings
"#
        )
    );
}

/// A roster workbook: a title merged over the header row, 政治面貌 with
/// 中共党员, 中共预备党员 and 共青团员, a date cell, a `2025年1月5日` text and
/// a serial number (45662 = 2025-01-05) in 入住日期, trailing blank rows.
fn roster_workbook(t: &Test) {
    workbook(
        &t.path().join("花名册.xlsx"),
        "花名册",
        "测试小区花名册（2026年）",
        &[
            vec![
                C::S("编号"),
                C::S("姓名"),
                C::S("户号"),
                C::S("楼栋"),
                C::S("政治面貌"),
                C::S("入住日期"),
                C::S("队伍"),
                C::S("联系电话"),
            ],
            vec![
                C::S("P03"),
                C::S("王五"),
                C::S("H2"),
                C::S("B1"),
                C::S("群众"),
                C::D(2026, 3, 1),
                C::S("志愿服务队"),
                C::S("13800000000"),
            ],
            vec![
                C::Blank,
                C::S("张三"),
                C::S("H3"),
                C::S("B2"),
                C::S("中共党员"),
                C::S("2025年1月5日"),
                C::Blank,
                C::Blank,
            ],
            vec![
                C::Blank,
                C::S("周敏"),
                C::S("H4"),
                C::S("B2"),
                C::S("中共预备党员"),
                C::N(45662.0),
                C::S("patrol-team"),
                C::Blank,
            ],
            vec![
                C::Blank,
                C::S("吴昊"),
                C::S("H4"),
                C::S("B2"),
                C::S("共青团员"),
                C::Blank,
                C::Blank,
                C::Blank,
            ],
        ],
    );
}

/// 共青团员 is no role of the book: refused, naming the sheet, the row and
/// the column, listing the roles and the option that says what it means.
#[test]
fn an_unknown_role_value_is_refused_with_the_roles() {
    let t = basic();
    roster_workbook(&t);
    t.args(["import", "people", "花名册.xlsx"])
        .status(1)
        .stdout("")
        .stderr(r#"error: the import was refused, nothing was changed: 1 problem:
  - 花名册.xlsx, sheet 花名册, row 6, column E (政治面貌): `共青团员` is not a role: expected party (党员) or resident (群众), or say what it means with --map-role 共青团员=ROLE
"#)
        .unchanged()
        .run();
    // JSON: every sheet row, refused; the row at fault says why.
    let t = basic();
    roster_workbook(&t);
    t.args(["--format", "json", "import", "people", "花名册.xlsx"])
        .status(1)
        .stdout(r#"[
  {"row":3,"status":"refused","id":null,"message":"not written: other rows of the sheet were refused"},
  {"row":4,"status":"refused","id":null,"message":"not written: other rows of the sheet were refused"},
  {"row":5,"status":"refused","id":null,"message":"not written: other rows of the sheet were refused"},
  {"row":6,"status":"refused","id":null,"message":"column E (政治面貌): `共青团员` is not a role: expected party (党员) or resident (群众), or say what it means with --map-role 共青团员=ROLE"}
]
"#)
        .unchanged()
        .run();
}

/// With `--map-role 共青团员=resident`: row 3 is P03 unchanged (by id; the
/// team given by its name); row 4 is P05 (张三 of H3, by name and household:
/// P01 is a 张三 of H1) now 党员 and moved in on 2025-01-05 (teams were empty
/// and stay so); 周敏 and 吴昊 are new and get P07 and P08 (after P06, two
/// digits wide). P01, P02, P04 and P06 are not in the sheet and stay.
#[test]
fn a_roster_workbook_is_merged_in_chinese() {
    let t = basic();
    roster_workbook(&t);
    let (_, dir) = t
        .args([
            "--lang",
            "zh",
            "import",
            "people",
            "花名册.xlsx",
            "--map-role",
            "共青团员=resident",
        ])
        .stdout(
            r#"people.csv：已添加 2 人，更新 1 人
┌────┬──────────┬──────┬──────┬─────────────────────────────────────────────┐
│ 行 ┆ 结果     ┆ 编号 ┆ 姓名 ┆ 变更                                        │
╞════╪══════════╪══════╪══════╪═════════════════════════════════════════════╡
│  3 ┆ 无变化   ┆ P03  ┆ 王五 ┆ —                                           │
│  4 ┆ 已更新   ┆ P05  ┆ 张三 ┆ 身份：群众 → 党员、入住日期：— → 2025-01-05 │
│  5 ┆ 已添加   ┆ P07  ┆ 周敏 ┆ 新人员                                      │
│  6 ┆ 已添加   ┆ P08  ┆ 吴昊 ┆ 新人员                                      │
│ —  ┆ 表中没有 ┆ P01  ┆ 张三 ┆ 保留：人员迁出请填写迁出日期                │
│ —  ┆ 表中没有 ┆ P02  ┆ 李四 ┆ 保留：人员迁出请填写迁出日期                │
│ —  ┆ 表中没有 ┆ P04  ┆ 赵六 ┆ 保留：人员迁出请填写迁出日期                │
│ —  ┆ 表中没有 ┆ P06  ┆ 孙七 ┆ 保留：人员迁出请填写迁出日期                │
└────┴──────────┴──────┴──────┴─────────────────────────────────────────────┘
以下 1 列未读取：H列（联系电话）
花名册中有 4 人不在表中，保留不动
"#,
        )
        .run_keep();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("people.csv")).unwrap(),
        r#"id,name,household,building,role,joined,left,teams
P01,张三,H1,B1,party,,,patrol-team
P02,李四,H1,B1,resident,,,patrol-team;volunteers
P03,王五,H2,B1,resident,2026-03-01,,volunteers
P04,赵六,H2,B1,party,,2026-05-31,
P05,张三,H3,B2,party,2025-01-05,,
P06,孙七,H3,B2,resident,,,
P07,周敏,H4,B2,party,2025-01-05,,patrol-team
P08,吴昊,H4,B2,resident,,,
"#
    );
}

/// A UTF-16 file (little endian, with a BOM) with one person twice: refused
/// naming both rows. The same sheet in UTF-16 big endian without a BOM and
/// without the second row imports: 郑十 gets P07.
#[test]
fn utf16_rosters_and_a_duplicate_person() {
    let sheet = "name,household,building,role\n郑十,H5,B2,resident\n郑十,H5,B2,resident\n";
    basic()
        .file("roster.csv", utf16le_bom(sheet))
        .args(["import", "people", "roster.csv"])
        .status(1)
        .stderr(r#"error: the import was refused, nothing was changed: 1 problem:
  - roster.csv, row 3: 郑十 of household H5 is already on row 2: expected each person once; remove one of the two rows
"#)
        .unchanged()
        .run();
    let sheet = "name,household,building,role\n郑十,H5,B2,resident\n";
    basic()
        .file("roster.csv", utf16be(sheet))
        .args([
            "--format",
            "json",
            "import",
            "people",
            "roster.csv",
            "--dry-run",
        ])
        .stdout(r#"[
  {"row":2,"status":"added","id":"P07","name":"郑十","message":"new person"},
  {"row":null,"status":"missing","id":"P01","name":"张三","message":"kept: people leave the roster by a left date"},
  {"row":null,"status":"missing","id":"P02","name":"李四","message":"kept: people leave the roster by a left date"},
  {"row":null,"status":"missing","id":"P03","name":"王五","message":"kept: people leave the roster by a left date"},
  {"row":null,"status":"missing","id":"P04","name":"赵六","message":"kept: people leave the roster by a left date"},
  {"row":null,"status":"missing","id":"P05","name":"张三","message":"kept: people leave the roster by a left date"},
  {"row":null,"status":"missing","id":"P06","name":"孙七","message":"kept: people leave the roster by a left date"}
]
"#)
        .unchanged()
        .run();
}

/// Bytes that are neither UTF-8 nor GBK/GB18030 nor UTF-16: refused with
/// the encodings they might be in, and what to do.
#[test]
fn an_undecidable_encoding_is_refused() {
    basic()
        .file(
            "roster.csv",
            b"name,household,building,role\n\x80\x80\xff,H5,B2,resident\n",
        )
        .args(["import", "people", "roster.csv"])
        .status(1)
        .stderr(r#"error: roster.csv: cannot tell which encoding the file is in: it is not UTF-8, and it might be windows-1252. Open it in Excel or WPS and save it as "CSV UTF-8", then import it again
"#)
        .unchanged()
        .run();
}

/// 张三 (P01) moved out on 2026-06-30, says the sheet; but the book has his
/// 三会一课 of 2026-07-02 (B12): refused, showing the row, unless --yes.
#[test]
fn a_change_that_makes_ledger_rows_wrong_needs_yes() {
    let sheet = "编号,姓名,户号,楼栋,身份,迁出日期\nP01,张三,H1,B1,党员,2026-06-30\n";
    basic()
        .file("s.csv", sheet)
        .args(["import", "people", "s.csv"])
        .status(1)
        .stderr(r#"ledger/2026.csv:13:5: error: 张三 (P01) moved out on 2026-06-30, so earns nothing on 2026-07-02
   |
13 | B12,2026-07-02,P01,earn,meeting,1,3,书记,,新标准
   |     ^^^^^^^^^^
   = fix: void this entry, or correct `joined`/`left` in people.csv
error: with these people the ledgers would have 1 error (above): nothing was changed. Correct the sheet, or give --yes to write the roster anyway and fix the rows after.
"#)
        .unchanged()
        .run();
    basic()
        .file("s.csv", sheet)
        .args(["import", "people", "s.csv", "--yes"])
        .stdout(
            r#"people.csv: 0 people added, 1 changed
┌─────┬──────────────────┬─────┬──────┬──────────────────────────────────────────────┐
│ row ┆ status           ┆ id  ┆ name ┆ changes                                      │
╞═════╪══════════════════╪═════╪══════╪══════════════════════════════════════════════╡
│   2 ┆ updated          ┆ P01 ┆ 张三 ┆ moved out: — → 2026-06-30                    │
│ —   ┆ not in the sheet ┆ P02 ┆ 李四 ┆ kept: people leave the roster by a left date │
│ —   ┆ not in the sheet ┆ P03 ┆ 王五 ┆ kept: people leave the roster by a left date │
│ —   ┆ not in the sheet ┆ P04 ┆ 赵六 ┆ kept: people leave the roster by a left date │
│ —   ┆ not in the sheet ┆ P05 ┆ 张三 ┆ kept: people leave the roster by a left date │
│ —   ┆ not in the sheet ┆ P06 ┆ 孙七 ┆ kept: people leave the roster by a left date │
└─────┴──────────────────┴─────┴──────┴──────────────────────────────────────────────┘
5 people of the roster are not in the sheet and stay
"#,
        )
        .run();
}

// ----------------------------------------------------------------- ledger

/// A tally workbook under a merged title: row 3 qty is a formula (=1+1,
/// saved as 2), dates are a date cell, a serial number (46328 = 2026-11-02)
/// and `2026年11月3日`; row 6 equals A04 in ledger/2025.csv (2025-11-02, P06,
/// volunteer, 1) and is skipped.
fn tally_workbook(t: &Test) {
    workbook(
        &t.path().join("台账.xlsx"),
        "台账",
        "2026年11月活动登记",
        &[
            vec![
                C::S("编号"),
                C::S("姓名"),
                C::S("项目"),
                C::S("数量"),
                C::S("日期"),
                C::S("备注"),
            ],
            vec![
                C::S("P01"),
                C::S("张三"),
                C::S("治安巡逻"),
                C::F("=1+1", "2"),
                C::D(2026, 11, 2),
                C::S("夜巡"),
            ],
            vec![
                C::Blank,
                C::S("李四"),
                C::S("patrol"),
                C::N(3.0),
                C::N(46328.0),
                C::Blank,
            ],
            vec![
                C::Blank,
                C::S("王五"),
                C::S("志愿服务"),
                C::N(2.0),
                C::S("2026年11月3日"),
                C::Blank,
            ],
            vec![
                C::Blank,
                C::S("孙七"),
                C::S("志愿服务"),
                C::N(1.0),
                C::S("2025/11/2"),
                C::S("扫雪,清理楼道"),
            ],
        ],
    );
}

/// Points: 张三 (P01, 党员) patrol 3 × 2 = 6; 李四 (群众) 2 × 3 = 6; 王五
/// 志愿服务 2.5 × 2 = 5 (November has no cap use yet). A dry run first,
/// then the import, then the same sheet again adds nothing.
#[test]
fn a_tally_workbook_imports_once() {
    let t = basic();
    tally_workbook(&t);
    let (_, dir) = t
        .args([
            "import",
            "ledger",
            "台账.xlsx",
            "--kind",
            "earn",
            "--dry-run",
        ])
        .stdout(r#"dry run: 3 rows would be added to ledger/2026.csv (1 already in the book); nothing was written
┌─────┬─────────┬────────────┬────────────┬────────┬──────┬──────────┬─────┬────────┬─────────────────────┐
│ row ┆ status  ┆ id         ┆ date       ┆ person ┆ name ┆ item     ┆ qty ┆ points ┆ message             │
╞═════╪═════════╪════════════╪════════════╪════════╪══════╪══════════╪═════╪════════╪═════════════════════╡
│   3 ┆ to add  ┆ phdasq3phj ┆ 2026-11-02 ┆ P01    ┆ 张三 ┆ 治安巡逻 ┆   2 ┆      6 ┆ —                   │
│   4 ┆ to add  ┆ 43r07ztzjt ┆ 2026-11-02 ┆ P02    ┆ 李四 ┆ 治安巡逻 ┆   3 ┆      6 ┆ —                   │
│   5 ┆ to add  ┆ aybg55tqjr ┆ 2026-11-03 ┆ P03    ┆ 王五 ┆ 志愿服务 ┆   2 ┆      5 ┆ —                   │
│   6 ┆ skipped ┆ —          ┆ 2025-11-02 ┆ P06    ┆ 孙七 ┆ 志愿服务 ┆   1 ┆ —      ┆ already in the book │
└─────┴─────────┴────────────┴────────────┴────────┴──────┴──────────┴─────┴────────┴─────────────────────┘
"#)
        .unchanged()
        .run_keep();
    let (code, out, err) = points_with(
        dir.path(),
        &[
            "import",
            "ledger",
            "台账.xlsx",
            "--kind",
            "earn",
            "--by",
            "周敏",
        ],
        SEED,
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        r#"imported 3 rows into ledger/2026.csv (1 already in the book)
┌─────┬─────────┬────────────┬────────────┬────────┬──────┬──────────┬─────┬────────┬─────────────────────┐
│ row ┆ status  ┆ id         ┆ date       ┆ person ┆ name ┆ item     ┆ qty ┆ points ┆ message             │
╞═════╪═════════╪════════════╪════════════╪════════╪══════╪══════════╪═════╪════════╪═════════════════════╡
│   3 ┆ added   ┆ phdasq3phj ┆ 2026-11-02 ┆ P01    ┆ 张三 ┆ 治安巡逻 ┆   2 ┆      6 ┆ —                   │
│   4 ┆ added   ┆ 43r07ztzjt ┆ 2026-11-02 ┆ P02    ┆ 李四 ┆ 治安巡逻 ┆   3 ┆      6 ┆ —                   │
│   5 ┆ added   ┆ aybg55tqjr ┆ 2026-11-03 ┆ P03    ┆ 王五 ┆ 志愿服务 ┆   2 ┆      5 ┆ —                   │
│   6 ┆ skipped ┆ —          ┆ 2025-11-02 ┆ P06    ┆ 孙七 ┆ 志愿服务 ┆   1 ┆ —      ┆ already in the book │
└─────┴─────────┴────────────┴────────────┴────────┴──────┴──────────┴─────┴────────┴─────────────────────┘
"#
    );
    let (code, out, err) = points_with(
        dir.path(),
        &[
            "--format",
            "json",
            "import",
            "ledger",
            "台账.xlsx",
            "--kind",
            "earn",
        ],
        SEED,
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        r#"[
  {"row":3,"status":"skipped","id":null,"date":"2026-11-02","person":"P01","name":"张三","item":"patrol","qty":2,"points":null,"message":"already in the book"},
  {"row":4,"status":"skipped","id":null,"date":"2026-11-02","person":"P02","name":"李四","item":"patrol","qty":3,"points":null,"message":"already in the book"},
  {"row":5,"status":"skipped","id":null,"date":"2026-11-03","person":"P03","name":"王五","item":"volunteer","qty":2,"points":null,"message":"already in the book"},
  {"row":6,"status":"skipped","id":null,"date":"2025-11-02","person":"P06","name":"孙七","item":"volunteer","qty":1,"points":null,"message":"already in the book"}
]
"#
    );
    let tail: String = std::fs::read_to_string(dir.path().join("ledger/2026.csv"))
        .unwrap()
        .lines()
        .skip(14)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        tail,
        r#"phdasq3phj,2026-11-02,P01,earn,patrol,2,6,周敏,,夜巡
43r07ztzjt,2026-11-02,P02,earn,patrol,3,6,周敏,,
aybg55tqjr,2026-11-03,P03,earn,volunteer,2,5,周敏,,
"#
    );
    // The book is clean: 17 rows and the 3 imported.
    let (code, out, _) = points_with(dir.path(), &["check"], SEED);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "ok: 20 rows in 2 ledger files, 6 people, 5 items; 0 warnings\n"
        )
    );
}

/// Every problem, by row and column, and nothing written.
#[test]
fn a_tally_with_problems_is_refused_whole() {
    let sheet = "\u{FEFF}姓名,项目,数量,日期,备注
王小二,志愿服务,1,2026-11-02,
李四,三会一课,1,2026-11-02,
孙七,志愿服务,1,2026/13/1,
孙七,志愿服务,1.5,2026-11-02,
赵六,三会一课,1,2026-08-01,
李四,治安巡逻,,2026-11-02,
孙七,志愿服务,1,2026-12-01,
孙七,扫地,1,2026-11-02,
,志愿服务,1,2026-11-02,
孙七,志愿服务,1,2026-11-02,这一行没有问题
";
    basic()
        .file("tally.csv", sheet)
        .args(["import", "ledger", "tally.csv", "--kind", "earn"])
        .status(1)
        .stderr(r#"error: the import was refused, nothing was changed: 9 problems:
  - tally.csv, row 2, column A (姓名): no person has the id or name `王小二` in people.csv: check the spelling, or add them to the roster
  - tally.csv, row 3, column B (项目): 李四 (P02) is a 群众, who may not earn 三会一课: only 党员 may
  - tally.csv, row 4, column D (日期): `2026/13/1` is not a date: expected a date cell or 2025-01-05, 2025/1/5, 2025.1.5 or 2025年1月5日
  - tally.csv, row 5, column C (数量): 1.5: 志愿服务 is counted in times, so expected a whole number
  - tally.csv, row 6, column D (日期): 赵六 (P04) moved out on 2026-05-31, so earns nothing on 2026-08-01
  - tally.csv, row 7, column C (数量): 治安巡逻 is counted in hours: expected the hours in the 数量 column
  - tally.csv, row 8, column D (日期): 2026-12-01 is in the future (today is 2026-11-27): expected the day the activity took place
  - tally.csv, row 9, column B (项目): no item has the id `扫地` in points.toml; the items are: patrol, meeting, volunteer, littering, building
  - tally.csv, row 10, column A (姓名): no person: expected a name or an id in 姓名 or 编号
"#)
        .unchanged()
        .run();
    basic()
        .file("tally.csv", sheet)
        .args([
            "--format",
            "json",
            "import",
            "ledger",
            "tally.csv",
            "--kind",
            "earn",
        ])
        .status(1)
        .stdout(r#"[
  {"row":2,"status":"refused","id":null,"message":"column A (姓名): no person has the id or name `王小二` in people.csv: check the spelling, or add them to the roster"},
  {"row":3,"status":"refused","id":null,"message":"column B (项目): 李四 (P02) is a 群众, who may not earn 三会一课: only 党员 may"},
  {"row":4,"status":"refused","id":null,"message":"column D (日期): `2026/13/1` is not a date: expected a date cell or 2025-01-05, 2025/1/5, 2025.1.5 or 2025年1月5日"},
  {"row":5,"status":"refused","id":null,"message":"column C (数量): 1.5: 志愿服务 is counted in times, so expected a whole number"},
  {"row":6,"status":"refused","id":null,"message":"column D (日期): 赵六 (P04) moved out on 2026-05-31, so earns nothing on 2026-08-01"},
  {"row":7,"status":"refused","id":null,"message":"column C (数量): 治安巡逻 is counted in hours: expected the hours in the 数量 column"},
  {"row":8,"status":"refused","id":null,"message":"column D (日期): 2026-12-01 is in the future (today is 2026-11-27): expected the day the activity took place"},
  {"row":9,"status":"refused","id":null,"message":"column B (项目): no item has the id `扫地` in points.toml; the items are: patrol, meeting, volunteer, littering, building"},
  {"row":10,"status":"refused","id":null,"message":"column A (姓名): no person: expected a name or an id in 姓名 or 编号"},
  {"row":11,"status":"refused","id":null,"message":"not written: other rows of the sheet were refused"}
]
"#)
        .unchanged()
        .run();
}

/// Opening balances from a GBK file, into a book whose only ledger is
/// 2026.csv with one opening balance, O1: P01's 30 in 社区公益类 on
/// 2026-01-01, qty 1. The sheet's first row equals it and is skipped (a
/// second such row would be added: O1 absorbs one); 王五's 20 and 孙七's 150
/// are added (open rows are exempt from max_row_points).
#[test]
fn opening_balances_are_imported_and_matched_by_their_points() {
    let sheet = "编号,姓名,类别,数量,积分,日期\nP01,张三,welfare,1,30,2026-01-01\n,王五,社区公益类,,20,2026/1/1\n,孙七,教育管理类,,150,2026.1.1\nP01,张三,welfare,1,30,2026-01-01\n";
    let t = basic()
        .file("ledger/2026.csv", "id,date,person,kind,item,qty,points,by,ref,note\nO1,2026-01-01,P01,open,welfare,1,30,社区,,\n")
        .file("open.csv", gbk(sheet));
    std::fs::remove_file(t.path().join("ledger/2025.csv")).unwrap();
    t.args([
        "--lang", "zh", "import", "ledger", "open.csv", "--kind", "open", "--by", "社区",
    ])
    .stdout(
        r#"已向 ledger/2026.csv 导入 3 条记录（1 条账本中已有）
┌────┬────────┬────────────┬────────────┬──────┬──────┬────────────┬──────┬──────┬────────────┐
│ 行 ┆ 结果   ┆ 记录编号   ┆ 日期       ┆ 编号 ┆ 姓名 ┆ 项目       ┆ 数量 ┆ 积分 ┆ 说明       │
╞════╪════════╪════════════╪════════════╪══════╪══════╪════════════╪══════╪══════╪════════════╡
│  2 ┆ 已跳过 ┆ —          ┆ 2026-01-01 ┆ P01  ┆ 张三 ┆ 社区公益类 ┆    1 ┆   30 ┆ 账本中已有 │
│  3 ┆ 已添加 ┆ phdasq3phj ┆ 2026-01-01 ┆ P03  ┆ 王五 ┆ 社区公益类 ┆ —    ┆   20 ┆ —          │
│  4 ┆ 已添加 ┆ 43r07ztzjt ┆ 2026-01-01 ┆ P06  ┆ 孙七 ┆ 教育管理类 ┆ —    ┆  150 ┆ —          │
│  5 ┆ 已添加 ┆ aybg55tqjr ┆ 2026-01-01 ┆ P01  ┆ 张三 ┆ 社区公益类 ┆    1 ┆   30 ┆ —          │
└────┴────────┴────────────┴────────────┴──────┴──────┴────────────┴──────┴──────┴────────────┘
"#,
    )
    .run();
}

/// 志愿服务 × 50 = 125 points, beyond max_row_points (100): refused unless --yes.
#[test]
fn rows_beyond_max_row_points_need_yes() {
    let sheet = "姓名,项目,数量,日期\n孙七,志愿服务,50,2026-11-02\n";
    basic()
        .file("t.csv", sheet)
        .args(["import", "ledger", "t.csv", "--kind", "earn"])
        .status(1)
        .stderr(r#"error: the import was refused, nothing was changed: 1 problem:
  - t.csv, row 2: 孙七 (P06): 125 points for one row of 志愿服务 is beyond max_row_points (100) in points.toml, most likely a typo in the 数量 column: check it, and if it is right, import with --yes
"#)
        .unchanged()
        .run();
    basic()
        .file("t.csv", sheet)
        .args([
            "--format", "json", "import", "ledger", "t.csv", "--kind", "earn", "--yes",
        ])
        .stdout(r#"[
  {"row":2,"status":"added","id":"phdasq3phj","date":"2026-11-02","person":"P06","name":"孙七","item":"volunteer","qty":50,"points":125,"message":null}
]
"#)
        .run();
}

/// A sheet without the columns of a tally: refused, saying which headers
/// were looked for.
#[test]
fn a_sheet_without_a_header_row_is_refused() {
    basic()
        .file("t.csv", "a,b\n1,2\n")
        .args(["import", "ledger", "t.csv", "--kind", "earn"])
        .status(1)
        .stderr(r#"error: t.csv: no header row in the first 10 rows: expected a row of column headers such as 编号/id, 姓名/person, 项目/item, 数量/qty, 积分/points, 日期/date or 备注/note; name other headers with --map HEADER=KEY
"#)
        .unchanged()
        .run();
    basic()
        .file("t.csv", "姓名,数量\n孙七,2\n")
        .args(["import", "ledger", "t.csv", "--kind", "earn"])
        .status(1)
        .stderr(r#"error: t.csv, row 1: no column for 项目/item: add it, or name an existing column with --map HEADER=KEY
"#)
        .unchanged()
        .run();
}

/// Caps count the sheet's rows in sheet order, after the book's: 张三 (P01,
/// 党员) has no 治安巡逻 in November yet; the cap is 20 a month and max_qty 4.
/// Row 2: 4 h × 3 = 12 (room 20 → 8 left); row 3: 6 h counts 4 → 12, cut to
/// 8 (room 0 left); row 4: 2 h × 3 = 6 → 0. The headers are English or named
/// with --map (谁 is the person).
#[test]
fn caps_count_the_sheet_in_order() {
    let sheet = "谁,item,qty,date\nP01,patrol,4,2026-11-02\nP01,patrol,6,2026-11-09\nP01,patrol,2,2026-11-16\n";
    basic()
        .file("t.csv", sheet)
        .args([
            "import",
            "ledger",
            "t.csv",
            "--kind",
            "earn",
            "--map",
            "谁=姓名",
            "--dry-run",
        ])
        .stdout(r#"dry run: 3 rows would be added to ledger/2026.csv (0 already in the book); nothing was written
┌─────┬────────┬────────────┬────────────┬────────┬──────┬──────────┬─────┬────────┬────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┐
│ row ┆ status ┆ id         ┆ date       ┆ person ┆ name ┆ item     ┆ qty ┆ points ┆ message                                                                                                                    │
╞═════╪════════╪════════════╪════════════╪════════╪══════╪══════════╪═════╪════════╪════════════════════════════════════════════════════════════════════════════════════════════════════════════════════════════╡
│   2 ┆ to add ┆ phdasq3phj ┆ 2026-11-02 ┆ P01    ┆ 张三 ┆ 治安巡逻 ┆   4 ┆     12 ┆ —                                                                                                                          │
│   3 ┆ to add ┆ 43r07ztzjt ┆ 2026-11-09 ┆ P01    ┆ 张三 ┆ 治安巡逻 ┆   6 ┆      8 ┆ 张三 (P01): 治安巡逻: 6 hours recorded, points for 4 (max_qty), 张三 (P01): 治安巡逻: 12 cut to 8 by the monthly cap of 20 │
│   4 ┆ to add ┆ aybg55tqjr ┆ 2026-11-16 ┆ P01    ┆ 张三 ┆ 治安巡逻 ┆   2 ┆      0 ┆ 张三 (P01): 治安巡逻: monthly cap of 20 reached — recorded with 0 points                                                   │
└─────┴────────┴────────────┴────────────┴────────┴──────┴──────────┴─────┴────────┴────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘
"#)
        .unchanged()
        .run();
}

/// Into ledger/2025.csv (not the last file) a January 2026 patrol for P01
/// would take cap room that rows of 2026.csv (B01, B03, B04) use after it:
/// refused, as `add --ledger` refuses it.
#[test]
fn rows_into_an_earlier_ledger_must_not_change_later_caps() {
    basic()
        .file("t.csv", "编号,项目,数量,日期\nP01,patrol,1,2026-01-05\n")
        .args([
            "import", "ledger", "t.csv", "--kind", "earn", "--ledger", "2025",
        ])
        .status(1)
        .stderr(r#"error: the import was refused, nothing was changed: 1 problem:
  - t.csv, row 2: 张三 (P01): later ledgers than ledger/2025.csv hold rows in the same cap period of 治安巡逻, and a row put before them would change their points: leave out --ledger, so the row goes to the last ledger
"#)
        .unchanged()
        .run();
}

/// A tally with a header and only blank rows: nothing to import, nothing written.
#[test]
fn an_empty_tally_imports_nothing() {
    basic()
        .file("t.csv", "姓名,项目,数量,日期\n,,,\n\n")
        .args(["import", "ledger", "t.csv", "--kind", "earn"])
        .stdout(
            r#"the sheet has no rows below its header: nothing to import
┌─────┬────────┬────┬──────┬────────┬──────┬──────┬─────┬────────┬─────────┐
│ row ┆ status ┆ id ┆ date ┆ person ┆ name ┆ item ┆ qty ┆ points ┆ message │
╞═════╪════════╪════╪══════╪════════╪══════╪══════╪═════╪════════╪═════════╡
└─────┴────────┴────┴──────┴────────┴──────┴──────┴─────┴────────┴─────────┘
"#,
        )
        .unchanged()
        .run();
}

/// 编号 and 姓名 must name one person; a --map to no column is a usage error
/// (exit 2).
#[test]
fn an_id_and_a_name_that_disagree_and_a_bad_map() {
    basic()
        .file("t.csv", "编号,姓名,项目,数量,日期\nP02,王五,志愿服务,1,2026-11-02\n")
        .args(["import", "ledger", "t.csv", "--kind", "earn"])
        .status(1)
        .stderr(r#"error: the import was refused, nothing was changed: 1 problem:
  - t.csv, row 2, column B (姓名): 王五 is not 李四, whose id P02 the row gives: expected the id and the name of one person
"#)
        .unchanged()
        .run();
    basic()
        .file("t.csv", "编号,姓名,项目,数量,日期\nP02,李四,志愿服务,1,2026-11-02\n")
        .args(["import", "ledger", "t.csv", "--kind", "earn", "--map", "谁=电话"])
        .status(2)
        .stderr(r#"error: --map 谁=电话: `电话` is not a column key: expected id, person, item, qty, points, date or note
"#)
        .unchanged()
        .run();
}

/// A range item (SPEC §12 "Import"): the 积分 column gives the points per
/// unit, checked against the range; a fixed item's 积分 is not read.
#[test]
fn a_range_items_points_come_from_the_points_column() {
    let range = "\n[[item]]\nid = \"mediation\"\nname = \"矛盾调解\"\ncategory = \"welfare\"\npoints = { min = 5, max = 10 }\n";
    // Row 2: 2 × 7.5 = 15; row 3: patrol 2 h × 3 (张三 is a party member) = 6,
    // its 积分 99 not read.
    basic()
        .append("points.toml", range)
        .file(
            "t.csv",
            "编号,项目,数量,积分,日期\nP01,矛盾调解,2,7.5,2026-11-02\nP01,治安巡逻,2,99,2026-11-02\n",
        )
        .args(["--format", "csv", "import", "ledger", "t.csv", "--kind", "earn"])
        .stdout_has("2,added,")
        .stdout_has(",张三,mediation,2,15,\n")
        .stdout_has(",张三,patrol,2,6,\n")
        .run();
    // Missing and outside the range: refused, nothing written.
    basic()
        .append("points.toml", range)
        .file(
            "t.csv",
            "姓名,项目,数量,积分,日期\n李四,矛盾调解,1,,2026-11-02\n李四,矛盾调解,1,12,2026-11-02\n",
        )
        .args(["import", "ledger", "t.csv", "--kind", "earn"])
        .status(1)
        .stderr(r#"error: the import was refused, nothing was changed: 2 problems:
  - t.csv, row 2, column B (项目): `矛盾调解` gives 5 to 10 points per unit, as the committee decides: write the points per unit in the 积分 column
  - t.csv, row 3, column B (项目): 12 is outside the range of `矛盾调解`, 5 to 10: write a value within it in the points column
"#)
        .unchanged()
        .run();
}
