//! Issue 13, parts 1–2: `--format xlsx` and `--output FILE`. Every workbook
//! is read back with an independent reader (calamine), cell by cell with its
//! type: `s:` text, `n:` a number, `d:` a date, `-` an empty cell. What
//! calamine does not read (the frozen pane, column widths, number formats)
//! is read from the sheet's XML inside the file (zip).

use crate::harness::{copy_dir, snapshot, Test, BIN};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

/// The sheets of a workbook: (name, rows of typed cells).
fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
            let cells = (0..rows)
                .map(|r| {
                    let mut row: Vec<String> = (0..cols)
                        .map(|c| cell(range.get_value((r, c)).unwrap_or(&Data::Empty)))
                        .collect();
                    // The provenance row (#14): checked for form, then left
                    // out like the lines split off stdout.
                    if r == 1 && row.first().is_some_and(|c| c != "-") {
                        let (_, line) = row[0].rsplit_once('\n').unwrap();
                        assert!(
                            crate::harness::provenance::parse(line).is_some(),
                            "{}",
                            row[0]
                        );
                        row[0] = "-".into();
                    }
                    // Trailing empty cells say nothing.
                    let keep = row.iter().rposition(|c| c != "-").map_or(0, |i| i + 1);
                    row[..keep].to_vec()
                })
                .collect();
            (name, cells)
        })
        .collect()
}

fn cell(d: &Data) -> String {
    match d {
        Data::String(s) => format!("s:{s}"),
        Data::Float(f) => format!("n:{f}"),
        Data::Int(i) => format!("n:{i}"),
        Data::DateTime(dt) => format!("d:{}", dt.as_datetime().unwrap().date()),
        Data::Empty => "-".into(),
        other => format!("?:{other:?}"),
    }
}

/// A row written compactly: `["s:P01", "n:55"]` from `"s:P01 | n:55"`.
fn row(s: &str) -> Vec<String> {
    if s.is_empty() {
        return Vec::new();
    }
    s.split(" | ").map(str::to_string).collect()
}

fn rows(lines: &[&str]) -> Vec<Vec<String>> {
    lines.iter().map(|l| row(l)).collect()
}

/// A file inside the workbook (the xlsx is a zip of XML files).
fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The `<cols>` element of a sheet: the column widths.
fn cols(sheet_xml: &str) -> &str {
    let start = sheet_xml.find("<cols>").unwrap();
    let end = sheet_xml.find("</cols>").unwrap() + "</cols>".len();
    &sheet_xml[start..end]
}

/// The names of the files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const FROZEN: &str =
    r#"<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>"#;

#[test]
fn balance_as_a_workbook_has_typed_cells_a_title_and_a_frozen_header() {
    let (out, dir) = Test::new()
        .fixture("basic")
        .args(["balance", "--format", "xlsx", "--output", "balance.xlsx"])
        .stdout("")
        .stderr("")
        .run_keep();
    drop(out);
    let bytes = std::fs::read(dir.path().join("balance.xlsx")).unwrap();
    // earned = earn + open − voided; spent = −redeem (SPEC §3):
    // P01: 30 (A01) + 12 + 8 + 0 (B01, B03, B04) + 2 (B05) + 3 (B12) = 55;
    //      spent 20 (B11); balance 55 − 20 = 35
    // P02: 12.5 (A02) + 8 (B02) − 20 (B13) = 0.5; spent 0
    // P03: 5 (B07); P04: 8 (A03) + 2 (B06) = 10; P05: −5 (B08)
    // P06: 2.5 (A04) + 2.5 (B09) − 2.5 (its void B10) = 2.5
    assert_eq!(
        sheets(&bytes),
        vec![(
            "Points".to_string(),
            rows(&[
                "s:测试小区 — balances",
                "",
                "s:person | s:name | s:earned | s:spent | s:balance",
                "s:P01 | s:张三 | n:55 | n:20 | n:35",
                "s:P02 | s:李四 | n:0.5 | n:0 | n:0.5",
                "s:P03 | s:王五 | n:5 | n:0 | n:5",
                "s:P04 | s:赵六 | n:10 | n:0 | n:10",
                "s:P05 | s:张三 | n:-5 | n:0 | n:-5",
                "s:P06 | s:孙七 | n:2.5 | n:0 | n:2.5",
            ])
        )]
    );
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(FROZEN), "{sheet}");
    // Widths by display width, plus 2 (Excel adds its 0.71 of padding):
    // person 6 ("person"), name 4 ("name"; 张三 is 2 wide characters = 4),
    // earned 6 ("earned"; 55.00 is 5), spent 5 ("spent"), balance 7.
    assert_eq!(
        cols(&sheet),
        r#"<cols><col min="1" max="1" width="8.7109375" customWidth="1"/><col min="2" max="2" width="6.7109375" customWidth="1"/><col min="3" max="3" width="8.7109375" customWidth="1"/><col min="4" max="4" width="7.7109375" customWidth="1"/><col min="5" max="5" width="9.7109375" customWidth="1"/></cols>"#
    );
    // Columns holding a fraction show two decimals (earned, balance);
    // whole columns none (spent).
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0.00""#), "{styles}");
    assert!(
        sheet.contains(r#"<c r="C5" s="2"><v>0.5</v></c>"#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<c r="D5" s="3"><v>0</v></c>"#), "{sheet}");
}

#[test]
fn a_workbook_in_chinese_has_chinese_title_headers_and_widths() {
    let (_, dir) = Test::new()
        .fixture("basic")
        .args([
            "--lang",
            "zh",
            "balance",
            "--until",
            "2026-06-30",
            "--output",
            "积分.xlsx",
            "--format",
            "xlsx",
        ])
        .stdout("")
        .stderr("")
        .run_keep();
    let bytes = std::fs::read(dir.path().join("积分.xlsx")).unwrap();
    // As of 2026-06-30, B12 (07-02) and B13 (08-08) are left out:
    // P01 55 − 3 = 52, spent 20, balance 32; P02 0.5 + 20 = 20.5.
    assert_eq!(
        sheets(&bytes),
        vec![(
            "积分".to_string(),
            rows(&[
                "s:测试小区 — 截至2026年6月30日的积分汇总",
                "",
                "s:编号 | s:姓名 | s:累计获得 | s:已兑换 | s:可用积分",
                "s:P01 | s:张三 | n:52 | n:20 | n:32",
                "s:P02 | s:李四 | n:20.5 | n:0 | n:20.5",
                "s:P03 | s:王五 | n:5 | n:0 | n:5",
                "s:P04 | s:赵六 | n:10 | n:0 | n:10",
                "s:P05 | s:张三 | n:-5 | n:0 | n:-5",
                "s:P06 | s:孙七 | n:2.5 | n:0 | n:2.5",
            ])
        )]
    );
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(FROZEN), "{sheet}");
    // Chinese counts double: 编号 4, 姓名 4, 累计获得 8, 已兑换 6, 可用积分 8; +2
    // (two neighbours of one width are written as one span, 1–2).
    assert_eq!(
        cols(&sheet),
        r#"<cols><col min="1" max="2" width="6.7109375" customWidth="1"/><col min="3" max="3" width="10.7109375" customWidth="1"/><col min="4" max="4" width="8.7109375" customWidth="1"/><col min="5" max="5" width="10.7109375" customWidth="1"/></cols>"#
    );
}

#[test]
fn a_statement_to_a_pipe_has_date_cells_labels_and_notes() {
    let out = Test::new()
        .fixture("basic")
        .args(["show", "P02", "--format", "xlsx"])
        .stderr("")
        .run();
    // Running balance: 12.5; 12.5 + 8 = 20.5; 20.5 − 20 = 0.5.
    assert_eq!(
        sheets(&out.stdout),
        vec![(
            "Points".to_string(),
            rows(&[
                "s:李四 (P02), household H1, all time: balance before 0",
                "",
                "s:id | s:date | s:kind | s:item | s:qty | s:points | s:voided | s:balance | s:note",
                "s:A02 | d:2025-12-31 | s:open | s:社区公益类 | n:1 | n:12.5 | - | n:12.5 | s:纸质记录结转",
                "s:B02 | d:2026-01-10 | s:earn | s:治安巡逻 | n:6 | n:8 | - | n:20.5 | s:超过4小时只计4小时",
                "s:B13 | d:2026-08-08 | s:deduction | s:乱搭乱建 | n:1 | n:-20 | - | n:0.5",
                "",
                "s:balance after: 0.5",
            ])
        )]
    );
    let sheet = part(&out.stdout, "xl/worksheets/sheet1.xml");
    // Dates are shown yyyy-mm-dd.
    let styles = part(&out.stdout, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#), "{styles}");
    // The note column: 超过4小时只计4小时 is 8 wide characters (超 过 小 时
    // 只 计 小 时) and 2 digits = 18, + 2 = 20; the date column 10 + 2 = 12.
    let widths = cols(&sheet);
    assert!(
        widths.contains(r#"<col min="9" max="9" width="20.7109375" customWidth="1"/>"#),
        "{widths}"
    );
    assert!(
        widths.contains(r#"<col min="2" max="2" width="12.7109375" customWidth="1"/>"#),
        "{widths}"
    );
}

#[test]
fn exchange_has_one_sheet_per_part() {
    let out = Test::new()
        .fixture("exchange")
        .args([
            "--lang",
            "zh",
            "exchange",
            "2026H1",
            "--requests",
            "requests.csv",
            "--format",
            "xlsx",
        ])
        .stderr("")
        .run();
    let got = sheets(&out.stdout);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["兑换申请", "账户", "库存", "发放清单"]);
    // Served by points earned in 2026H1: P03 60, P06 50, P02 40, P04 30,
    // P05 20 − 5 = 15, P01 10 (E01 is an opening balance of 2025).
    // P03: towel 3 wished, per_person 2 → 2 granted, 2 × 20 = 40, left 60 − 40 = 20.
    assert_eq!(
        got[0].1[..5],
        rows(&[
            "s:测试小区 — 2026年上半年兑换期，2026年7月1日兑换，按2026年上半年累计获得积分从高到低依次办理",
            "",
            "s:编号 | s:姓名 | s:兑换物品 | s:申请数量 | s:换得数量 | s:所用积分 | s:结果 | s:原因",
            "s:P03 | s:王五 | s:毛巾 | n:3 | n:2 | n:40 | s:部分满足 | s:已达限额",
            "s:P03 | s:王五 | s:雨伞 | n:1 | n:0 | n:0 | s:未满足 | s:积分不足",
        ])
    );
    // Balances before and after: P01 100 + 10 = 110, spent 30 (tutoring) → 80.
    assert_eq!(
        got[1].1,
        rows(&[
            "s:兑换人（按办理先后排列）",
            "",
            "s:编号 | s:姓名 | s:兑换前可用积分 | s:本次兑换 | s:兑换后可用积分 | s:2026年上半年累计获得",
            "s:P03 | s:王五 | n:60 | n:40 | n:20 | n:60",
            "s:P06 | s:孙八 | n:50 | n:50 | n:0 | n:50",
            "s:P02 | s:李四 | n:40 | n:15 | n:25 | n:40",
            "s:P04 | s:赵六 | n:30 | n:0 | n:30 | n:30",
            "s:P05 | s:钱七 | n:15 | n:15 | n:0 | n:15",
            "s:P01 | s:张三 | n:110 | n:30 | n:80 | n:10",
        ])
    );
    // Towels: stock 3, granted 2 (P03) + 1 (P06) = 3, left 0; soap has no
    // stock (empty cells, not a dash).
    assert_eq!(
        got[2].1,
        rows(&[
            "s:库存",
            "",
            "s:兑换物品 | s:库存 | s:本次兑出 | s:剩余 | s:此前已兑出",
            "s:毛巾 | n:3 | n:3 | n:0 | n:0",
            "s:雨伞 | n:1 | n:0 | n:1 | n:0",
            "s:假期作业辅导 | n:2 | n:2 | n:0 | n:0",
            "s:肥皂 | - | n:6 | - | n:0",
        ])
    );
    assert_eq!(
        got[3].1,
        rows(&[
            "s:发放清单：谁领几件",
            "",
            "s:兑换物品 | s:编号 | s:姓名 | s:数量",
            "s:毛巾 | s:P03 | s:王五 | n:2",
            "s:毛巾 | s:P06 | s:孙八 | n:1",
            "s:假期作业辅导 | s:P06 | s:孙八 | n:1",
            "s:假期作业辅导 | s:P01 | s:张三 | n:1",
            "s:肥皂 | s:P02 | s:李四 | n:3",
            "s:肥皂 | s:P05 | s:钱七 | n:3",
            "",
            "s:这是兑换方案，没有写入任何记录。加上 --commit 再运行一次，就会记入 6 条兑换记录。",
        ])
    );
    for k in 1..=4 {
        let sheet = part(&out.stdout, &format!("xl/worksheets/sheet{k}.xml"));
        assert!(sheet.contains(FROZEN), "sheet {k}: {sheet}");
    }
}

#[test]
fn add_writes_its_rows_as_a_workbook() {
    let (_, dir) = Test::new()
        .fixture("basic")
        .args([
            "add",
            "volunteer",
            "--people",
            "P03",
            "--date",
            "2026-03-10",
            "--format",
            "xlsx",
            "--output",
            "added.xlsx",
        ])
        .env("POINTS_ID_SEED", "7")
        .stdout("")
        .stderr("")
        .run_keep();
    let got = sheets(&std::fs::read(dir.path().join("added.xlsx")).unwrap());
    assert_eq!(got.len(), 1);
    let r = &got[0].1;
    // Volunteer: 2.5 points; P03's balance 5 + 2.5 = 7.5.
    assert_eq!(
        r[2],
        row("s:id | s:date | s:person | s:name | s:kind | s:item | s:qty | s:points | s:balance")
    );
    assert_eq!(
        r[3][1..],
        row("d:2026-03-10 | s:P03 | s:王五 | s:earn | s:志愿服务 | n:1 | n:2.5 | n:7.5")[..]
    );
    // The row is in the ledger.
    let ledger = std::fs::read_to_string(dir.path().join("ledger/2026.csv")).unwrap();
    assert!(ledger
        .lines()
        .last()
        .unwrap()
        .contains(",2026-03-10,P03,earn,volunteer,1,2.5,"));
}

#[test]
fn check_with_errors_still_writes_its_findings() {
    let (_, dir) = Test::new()
        .fixture("basic")
        .append(
            "ledger/2026.csv",
            "B14,2026-09-01,P01,earn,dancing,1,5,队长,,\n",
        )
        .args(["check", "--format", "xlsx", "--output", "findings.xlsx"])
        .stdout("")
        .stderr("")
        .status(1)
        .run_keep();
    let got = sheets(&std::fs::read(dir.path().join("findings.xlsx")).unwrap());
    let r = &got[0].1;
    assert_eq!(r[0], row("s:points check"));
    assert_eq!(
        r[2],
        row("s:path | s:line | s:column | s:level | s:message | s:expected | s:fix")
    );
    // The 15th line of ledger/2026.csv (a header and 13 rows before it),
    // the item in the 5th field: columns 1–4 hold "B14,2026-09-01,P01,earn,"
    // = 24 characters, so the item starts at column 25.
    assert_eq!(
        r[3][..4],
        row("s:ledger/2026.csv | n:15 | n:25 | s:error")[..]
    );
    assert!(r.last().unwrap()[0].starts_with("s:1 error"), "{r:?}");
}

#[test]
fn output_refuses_the_books_own_files_and_changes_nothing() {
    for (path, why) in [
        ("people.csv", "--output people.csv is the book's roster (people.csv): writing there would replace it. Nothing was done: choose another file, like balance.xlsx"),
        ("./points.toml", "--output ./points.toml is the book's rules (points.toml): writing there would replace them. Nothing was done: choose another file, like balance.xlsx"),
        ("ledger/2026.csv", "--output ledger/2026.csv is in the book's ledger/ folder, where every file is a ledger: writing there would replace or add one. Nothing was done: choose a file outside ledger/, like balance.xlsx"),
        ("ledger/new.csv", "--output ledger/new.csv is in the book's ledger/ folder, where every file is a ledger: writing there would replace or add one. Nothing was done: choose a file outside ledger/, like balance.xlsx"),
        ("ledger", "--output ledger is a folder: give the name of a file, like ledger/balance.xlsx"),
        ("nowhere/b.csv", "--output nowhere/b.csv: the folder nowhere does not exist. Nothing was done: create the folder, or choose a file in one that exists"),
    ] {
        // A write is refused before it is made: the book stays byte for byte.
        Test::new()
            .fixture("basic")
            .args(["add", "volunteer", "--people", "P03", "--format", "csv", "--output", path])
            .stdout("")
            .stderr(&format!("error: {why}\n"))
            .status(1)
            .unchanged()
            .run();
    }
}

#[cfg(unix)]
#[test]
fn output_through_a_link_to_the_roster_is_refused() {
    let t = Test::new().fixture("basic");
    let people = t.path().join("people.csv");
    let before = std::fs::read(&people).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("report.xlsx");
    std::os::unix::fs::symlink(&people, &link).unwrap();
    let link = link.to_str().unwrap().to_string();
    let (_, dir) = t
        .args(["report", "--format", "xlsx", "--output", &link])
        .stdout("")
        .stderr(&format!(
            "error: --output {link} is the book's roster (people.csv): writing there would replace it. Nothing was done: choose another file, like balance.xlsx\n"
        ))
        .status(1)
        .run_keep();
    assert_eq!(
        std::fs::read(dir.path().join("people.csv")).unwrap(),
        before
    );
}

#[test]
fn output_refusal_in_chinese() {
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "balance", "--output", "people.csv"])
        .stdout("")
        .stderr("错误：--output people.csv 是积分账本的花名册（people.csv），写进去会把它替换掉。本次什么也没做：请换一个文件，例如 balance.xlsx\n")
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn output_writes_csv_with_a_bom_and_json_md_as_printed() {
    for (format, bom) in [
        ("csv", true),
        ("json", false),
        ("md", false),
        ("table", false),
    ] {
        // The fixed provenance line names the arguments, which differ
        // here: it is left out of both.
        let cut = |b: &[u8]| -> Vec<u8> {
            let s = String::from_utf8_lossy(b).into_owned();
            match s.trim_end_matches('\n').rsplit_once('\n') {
                Some((a, l)) if l.starts_with("points-provenance: ") => format!("{a}\n").into(),
                _ => b.to_vec(),
            }
        };
        let printed = Test::new()
            .fixture("basic")
            .args(["report", "2026", "--format", format])
            .keep_provenance()
            .run()
            .stdout;
        let printed = cut(&printed);
        // Before or after the command, over a file that is there already.
        let (_, dir) = Test::new()
            .fixture("basic")
            .file("out/report.txt", "old")
            .args([
                "--output",
                "out/report.txt",
                "report",
                "2026",
                "--format",
                format,
            ])
            .stdout("")
            .stderr("")
            .run_keep();
        let written = cut(&std::fs::read(dir.path().join("out/report.txt")).unwrap());
        let mut expected = if bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        expected.extend_from_slice(&printed);
        assert_eq!(written, expected, "{format}");
        // Nothing else is left in the folder (no temporary file).
        assert_eq!(listing(&dir.path().join("out")), ["report.txt"], "{format}");
    }
    // CSV and JSON are the same bytes in both languages, in a file too.
    for format in ["csv", "json"] {
        let mut files = Vec::new();
        for lang in ["en", "zh"] {
            let (_, dir) = Test::new()
                .fixture("basic")
                .args([
                    "--lang", lang, "balance", "--format", format, "--output", "b",
                ])
                .run_keep();
            files.push(std::fs::read(dir.path().join("b")).unwrap());
        }
        assert_eq!(files[0], files[1], "{format}");
    }
}

#[test]
fn a_failed_command_writes_no_output_file() {
    let (_, dir) = Test::new()
        .fixture("basic")
        .args(["report", "2026H3", "--output", "r.xlsx", "--format", "xlsx"])
        .stdout("")
        .status(2)
        .run_keep();
    assert!(!dir.path().join("r.xlsx").exists());
    let (_, dir) = Test::new()
        .fixture("basic")
        .file("r.csv", "old")
        .args(["show", "P99", "--output", "r.csv", "--format", "csv"])
        .stdout("")
        .status(1)
        .run_keep();
    assert_eq!(std::fs::read(dir.path().join("r.csv")).unwrap(), b"old");
}

#[test]
fn xlsx_is_for_commands_that_print_a_table() {
    Test::new()
        .args(["--format", "xlsx", "init", "mybook", "--output", "x.xlsx"])
        .stdout("")
        .stderr("error: `points init` prints no table, so there is nothing to put in a workbook: use --format xlsx with a command that prints one (balance, report, show, evaluate, exchange, check, add, void, redeem)\n")
        .status(2)
        .unchanged()
        .run();
}

#[test]
fn the_same_command_writes_the_same_workbook() {
    let a = Test::new()
        .fixture("basic")
        .args(["report", "2026", "--format", "xlsx"])
        .run()
        .stdout;
    let (_, dir) = Test::new()
        .fixture("basic")
        .args(["report", "2026", "--format", "xlsx", "--output", "r.xlsx"])
        .stdout("")
        .run_keep();
    let written = std::fs::read(dir.path().join("r.xlsx")).unwrap();
    // The provenance row names the arguments (here with --output): the
    // cells are the same, and so are the bytes of the same command again.
    assert_eq!(sheets(&written), sheets(&a));
    let (_, dir) = Test::new()
        .fixture("basic")
        .args(["report", "2026", "--format", "xlsx", "--output", "r.xlsx"])
        .stdout("")
        .run_keep();
    assert_eq!(std::fs::read(dir.path().join("r.xlsx")).unwrap(), written);
}

/// A write that fails halfway (here: beyond the file-size limit) leaves the
/// file as it was, and no temporary file beside it.
#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_old_file() {
    let book = tempfile::tempdir().unwrap();
    copy_dir(&crate::harness::fixtures().join("basic"), book.path());
    std::fs::write(book.path().join("r.xlsx"), "old").unwrap();
    let before = snapshot(book.path());
    // `ulimit -f 1`: at most 512 bytes per file; a workbook is several KB.
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1 && exec \"$0\" \"$@\"")
        .arg(BIN)
        .args(["report", "--format", "xlsx", "--output", "r.xlsx"])
        .current_dir(book.path())
        .env("POINTS_LANG", "en")
        .env("POINTS_TODAY", "2026-11-27")
        .env_remove("POINTS_BOOK")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: could not write r.xlsx: File too large (os error 27). The file is as it was before\n"
    );
    assert!(out.stdout.is_empty());
    assert!(before == snapshot(book.path()), "the folder changed");
}

/// At a terminal, a workbook is refused (exit 2) before anything is done.
#[cfg(unix)]
#[test]
fn xlsx_to_a_terminal_is_refused() {
    use rexpect::process::WaitStatus;
    let book = tempfile::tempdir().unwrap();
    copy_dir(&crate::harness::fixtures().join("basic"), book.path());
    let before = snapshot(book.path());
    let mut c = Command::new(BIN);
    c.args(["add", "volunteer", "--people", "P03", "--format", "xlsx"])
        .current_dir(book.path())
        .env("POINTS_LANG", "en")
        .env("POINTS_TODAY", "2026-11-27")
        .env_remove("POINTS_BOOK");
    let mut p = rexpect::session::spawn_with_options(
        c,
        rexpect::session::Options::default().timeout_ms(Some(60_000)),
    )
    .unwrap();
    p.exp_string("error: a workbook (--format xlsx) cannot be shown on a terminal: write it to a file with --output FILE.xlsx, or redirect it (> FILE.xlsx)")
        .unwrap();
    p.exp_eof().unwrap();
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 2),
        other => panic!("{other:?}"),
    }
    assert!(before == snapshot(book.path()), "the book changed");
}
