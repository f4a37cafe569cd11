//! The commands that write, in Chinese (SPEC §6): `add`, `void`, `redeem`
//! and their refusals, `init --lang zh`, the lock's wait and the rollback
//! notice. Machine formats stay the same in both languages.

use crate::harness::{points_book_lang, points_with, Test};
use std::io::Write;

/// The basic book, ids repeatable, in Chinese.
fn zh() -> Test {
    Test::new()
        .fixture("basic")
        .env("POINTS_ID_SEED", "1")
        .env("POINTS_LANG", "zh")
}

#[test]
fn add_in_chinese_with_cap_and_max_qty_notes() {
    zh().args([
        "add",
        "patrol",
        "--people",
        "P01,李四",
        "--qty",
        "5",
        "--date",
        "2026-01-30",
    ])
    .stdout(
        "已在 ledger/2026.csv 记入 2 条记录
┌────────────┬────────────┬──────┬──────┬──────────┬──────────┬──────┬──────┬──────────┐
│ 记录编号   ┆ 日期       ┆ 编号 ┆ 姓名 ┆ 类型     ┆ 项目     ┆ 数量 ┆ 积分 ┆ 可用积分 │
╞════════════╪════════════╪══════╪══════╪══════════╪══════════╪══════╪══════╪══════════╡
│ epne9ervn1 ┆ 2026-01-30 ┆ P01  ┆ 张三 ┆ 获得积分 ┆ 治安巡逻 ┆    5 ┆    0 ┆       35 │
│ dz33gdkwmr ┆ 2026-01-30 ┆ P02  ┆ 李四 ┆ 获得积分 ┆ 治安巡逻 ┆    5 ┆    8 ┆      8.5 │
└────────────┴────────────┴──────┴──────┴──────────┴──────────┴──────┴──────┴──────────┘
张三（P01）：治安巡逻：记录 5 小时，按 4 小时计分（max_qty）
张三（P01）：治安巡逻：已达每月上限 20 分，本条记 0 分
李四（P02）：治安巡逻：记录 5 小时，按 4 小时计分（max_qty）
",
    )
    .run();
}

#[test]
fn a_cap_that_cuts_says_so_in_chinese() {
    // 教育管理类 has a cap of 10 a month; 张三 has 2 in February 2026.
    zh().args([
        "add",
        "meeting",
        "--people",
        "P01",
        "--qty",
        "5",
        "--date",
        "2026-02-20",
        "--dry-run",
    ])
    .stdout_has("张三（P01）：教育管理类（类别）：受每月上限 10 分限制，由 10 分减为 8 分\n")
    .run();
}

#[test]
fn every_refusal_in_chinese() {
    zh().args([
        "add",
        "meeting",
        "--people",
        "P02,P03,P09,张三",
        "--qty",
        "2.5",
        "--date",
        "2026-02-10",
        "--ledger",
        "../x",
    ])
    .status(2)
    .unchanged()
    .stderr(
        "错误：有 7 处问题，本次没有写入任何记录：
  - --qty 2.5：“三会一课”按次数计，数量必须是整数
  - people.csv 里没有编号或姓名为 `P09` 的人：请核对写法，或先把此人加入花名册
  - 有 2 人都叫 `张三`，请改用要找的那个人的编号：
      P01  张三  户号 H1
      P05  张三  户号 H3
  - 李四（P02）的身份是群众，不能获得“三会一课”的积分：只有党员可以
  - 王五（P03）的身份是群众，不能获得“三会一课”的积分：只有党员可以
  - 王五（P03）于2026年3月1日入住，2026年2月10日不能获得积分
  - --ledger 的值 `../x` 不是台账名：请写台账文件夹里的文件名，例如 2026 或 2026.csv
",
    )
    .run();
    zh().args(["add", "meeting", "--people", "P01", "--date", "2027-01-30"])
        .status(1)
        .unchanged()
        .stderr("错误：日期2027年1月30日还没有到（今天是2026年11月27日）：请用 --date 写明活动当天的日期，或者等到2027年1月30日当天或以后再记录\n本次没有写入任何记录。\n")
        .run();
    zh().args(["add", "meeting", "--people", "P01", "--by", " ", "--qty", "1.234"])
        .status(2)
        .unchanged()
        .stderr("错误：有 2 处问题，本次没有写入任何记录：\n  - --qty 的值 `1.234` 不能用：小数超过两位\n  - --by 没有填写：请写上记录人，例如 --by 张三\n")
        .run();
}

#[test]
fn void_in_chinese() {
    zh().args(["void", "B12", "--reason", "记错了"])
        .stdout(
            "已在 ledger/2026.csv 记入 1 条记录
┌────────────┬────────────┬──────┬──────┬──────┬──────────┬──────┬──────┬──────────┐
│ 记录编号   ┆ 日期       ┆ 编号 ┆ 姓名 ┆ 类型 ┆ 项目     ┆ 数量 ┆ 积分 ┆ 可用积分 │
╞════════════╪════════════╪══════╪══════╪══════╪══════════╪══════╪══════╪══════════╡
│ epne9ervn1 ┆ 2026-11-27 ┆ P01  ┆ 张三 ┆ 作废 ┆ 三会一课 ┆    1 ┆   -3 ┆       32 │
└────────────┴────────────┴──────┴──────┴──────┴──────────┴──────┴──────┴──────────┘
作废 `B12`：张三（P01）2026年7月2日的一条获得积分记录（三会一课，3 分）
",
        )
        .run();
    zh().args(["void", "B1", "--reason", "x"])
        .status(1)
        .unchanged()
        .stderr(
            "错误：有 4 个记录编号以 `B1` 开头，请多写几位：
      B10  2026-03-05  P06  作废  志愿服务  -2.5 分
      B11  2026-04-01  P01  兑换  毛巾  -20 分
      B12  2026-07-02  P01  获得积分  三会一课  3 分
      B13  2026-08-08  P02  获得积分  乱搭乱建  -20 分
本次没有写入任何记录。
",
        )
        .run();
    zh().args(["void", "!!", "--reason", " "])
        .status(2)
        .unchanged()
        .stderr("错误：有 2 处问题，本次没有写入任何记录：\n  - `!!` 不是记录编号：记录编号由字母、数字、`_` 和 `-` 组成\n  - --reason 没有填写（请写明作废的原因）：例如 --reason \"记错了人\"\n")
        .run();
}

#[test]
fn redeem_in_chinese() {
    zh().args([
        "redeem",
        "P01",
        "towel",
        "--date",
        "2026-06-30",
        "--dry-run",
    ])
    .unchanged()
    .stdout(
        "试运行：将在 ledger/2026.csv 写入 1 条记录；本次没有写入任何记录
┌────────────┬────────────┬──────┬──────┬──────┬──────┬──────┬──────┬──────────┐
│ 记录编号   ┆ 日期       ┆ 编号 ┆ 姓名 ┆ 类型 ┆ 项目 ┆ 数量 ┆ 积分 ┆ 可用积分 │
╞════════════╪════════════╪══════╪══════╪══════╪══════╪══════╪══════╪══════════╡
│ epne9ervn1 ┆ 2026-06-30 ┆ P01  ┆ 张三 ┆ 兑换 ┆ 毛巾 ┆    1 ┆  -20 ┆       15 │
└────────────┴────────────┴──────┴──────┴──────┴──────┴──────┴──────┴──────────┘
“毛巾”计入2026年上半年兑换期（占用该期的每人限额和库存）
",
    )
    .run();
    zh().args(["redeem", "P03", "towel", "--qty", "3", "--date", "2026-06-01"])
        .status(1)
        .unchanged()
        .stderr(
            "错误：有 2 处问题，本次没有写入任何记录：
  - 王五（P03）在2026年上半年兑换期已兑换 0 件“毛巾”，再换 3 件就超过了每人每期限换 2 件的规定
  - 王五（P03）在2026年6月1日的可用积分是 5 分，兑换 3 件“毛巾”需要 60 分：积分不足（运行 `points show` 可以查看各条记录）
",
        )
        .run();
}

/// The commands of this file, each run as `--format FORMAT`.
const WRITES: &[&[&str]] = &[
    &[
        "add",
        "patrol",
        "--people",
        "P01,P02",
        "--qty",
        "5",
        "--date",
        "2026-01-30",
    ],
    &[
        "add",
        "volunteer",
        "--people",
        "P03",
        "--qty",
        "2",
        "--date",
        "2026-11-20",
        "--dry-run",
    ],
    &["void", "B12", "--reason", "记错了"],
    &["void", "A01", "--reason", "x", "--dry-run"],
    &["redeem", "P01", "towel", "--date", "2026-06-30"],
];

fn run_in(lang: &str, format: &str, args: &[&str]) -> String {
    let out = Test::new()
        .fixture("basic")
        .env("POINTS_ID_SEED", "1")
        .args(
            ["--lang", lang, "--format", format]
                .iter()
                .chain(args)
                .copied(),
        )
        .run();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn json_and_csv_of_writes_are_the_same_in_both_languages() {
    for args in WRITES {
        for format in ["json", "csv"] {
            let (en, zh) = (run_in("en", format, args), run_in("zh", format, args));
            assert_eq!(en, zh, "{format} of {args:?} differs");
            // The machine values: the item's id and the kind's id.
            assert!(
                en.contains("\"kind\":\"earn\"")
                    || en.contains("\"kind\":\"void\"")
                    || en.contains("\"kind\":\"redeem\"")
                    || en.contains(",earn,")
                    || en.contains(",void,")
                    || en.contains(",redeem,"),
                "{format} of {args:?}: {en}"
            );
        }
    }
}

/// ASCII words of `text` that are not ids, paths, numbers or the keys of
/// points.toml the messages name.
fn english_words(text: &str) -> Vec<String> {
    let allowed = [
        "max_qty",
        "max_row_points",
        "points",
        "add",
        "show",
        "check",
        "md",
        "json",
        "csv",
        "table",
    ];
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "_./-`".contains(c)))
        .map(|w| w.trim_matches(|c: char| ".-`".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        // ids (P01, epne9ervn1, B12) and paths (ledger/2026.csv)
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !w.starts_with("--") && !allowed.contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn chinese_tables_of_writes_hold_no_english_words() {
    for args in WRITES {
        for format in ["table", "md"] {
            let out = run_in("zh", format, args);
            let words = english_words(&out);
            assert!(
                words.is_empty(),
                "{args:?} as {format}: {words:?} in\n{out}"
            );
            // and the English holds its words (the check can fail)
            assert!(!english_words(&run_in("en", format, args)).is_empty());
        }
    }
}

#[test]
fn init_lang_zh_writes_a_chinese_book() {
    let t = Test::new().args(["--lang", "zh", "init", "新书"]).stdout(
        "已在 新书 新建积分账本：
  points.toml       积分规则：请按本社区的实际情况修改
  people.csv        花名册：每位居民一行
  ledger/2026.csv   台账：`points add` 把积分记在这里
  .gitattributes    让 git 能合并几份副本里的台账
下一步：在 people.csv 里填上居民，然后运行 `points check`
",
    );
    let (_, dir) = t.run_keep();
    let book = dir.path().join("新书");
    let rules = std::fs::read_to_string(book.join("points.toml")).unwrap();
    assert!(rules
        .contains("\n[scheme]\nname = \"社区积分制管理\"     # 显示在各种报表上\nlang = \"zh\""));
    // Every comment is Chinese.
    for line in rules.lines().filter(|l| l.contains('#')) {
        let comment = &line[line.find('#').unwrap()..];
        assert!(
            comment
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{line}"
        );
    }
    let attrs = std::fs::read_to_string(book.join(".gitattributes")).unwrap();
    assert!(attrs.starts_with("# 台账只追加"), "{attrs}");
    // The book is valid, and speaks Chinese without --lang.
    let (code, out, err) = points_book_lang(&book, &["check"], &[]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = points_book_lang(&book, &["balance"], &[]);
    assert_eq!(
        (code, out.lines().next()),
        (0, Some("社区积分制管理 — 积分汇总"))
    );
    // It refuses to init over it, in Chinese.
    let (code, _, err) = points_book_lang(&book, &["init"], &[]);
    assert_eq!(code, 1);
    assert_eq!(err, "错误：points.toml 已经存在：这个文件夹里已有积分账本，init 不会改动其中任何内容：请换一个新文件夹，例如 `points init 新书`\n");
}

#[test]
fn init_in_english_is_unchanged() {
    let (_, dir) = Test::new().args(["init", "book"]).run_keep();
    let rules = std::fs::read_to_string(dir.path().join("book/points.toml")).unwrap();
    assert_eq!(rules, include_str!("../src/cmd/init_rules.toml"));
    assert!(!rules.contains("lang ="));
}

#[test]
fn the_lock_wait_and_timeout_in_chinese() {
    let t = Test::new().fixture("basic");
    let dir = t.path().to_path_buf();
    std::fs::create_dir_all(dir.join(".points")).unwrap();
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(dir.join(".points/lock"))
        .unwrap();
    f.write_all("`points add patrol --people 张三` (pid 4242, by 王主任 on 社区电脑)\n".as_bytes())
        .unwrap();
    f.lock().unwrap();
    let (code, out, err) = points_with(
        &dir,
        &["--lang", "zh", "add", "volunteer", "--people", "P01"],
        &[("POINTS_LOCK_TIMEOUT", "2")],
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(err, "正在等待`points add patrol --people 张三`（王主任 在 社区电脑 上运行，进程号 4242）用完本账本……\n错误：`points add patrol --people 张三`（王主任 在 社区电脑 上运行，进程号 4242）已占用本账本 2 秒，本命令不再等待。如果那个命令卡住了，请结束它（或等它完成），然后再运行一次。本次没有读取或写入任何内容。\n");
    drop(f);
}

#[test]
fn the_rollback_notice_in_chinese() {
    let t = Test::new().fixture("basic");
    let dir = t.path().to_path_buf();
    let ledger = dir.join("ledger/2026.csv");
    let len = std::fs::metadata(&ledger).unwrap().len();
    std::fs::OpenOptions::new()
        .append(true)
        .open(&ledger)
        .unwrap()
        .write_all(b"Z1,2026-11-27,P01,earn,volunteer,1,3,x,,\n")
        .unwrap();
    std::fs::create_dir_all(dir.join(".points")).unwrap();
    std::fs::write(
        dir.join(".points/journal"),
        format!(
            r#"{{"points_journal":1,"command":"`points add volunteer --people P01` (pid 42, by 王主任 on 社区电脑)","ledger_dir_created":false,"files":[{{"path":"ledger/2026.csv","len":{len},"created":false}}]}}"#
        ),
    )
    .unwrap();
    let (code, _, err) = points_with(&dir, &["--lang", "zh", "balance"], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, format!("提示：`points add volunteer --people P01`（王主任 在 社区电脑 上运行，进程号 42）对本账本的写入没有完成就被中断了，已经撤销：ledger/2026.csv 已恢复为 {len} 字节。它写下的内容都没有保留。\n"));
    assert_eq!(std::fs::metadata(&ledger).unwrap().len(), len);
}
