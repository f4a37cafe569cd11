//! `report`, `show`, `evaluate` and `exchange` in Chinese through the real
//! binary (SPEC §6): titles, headers, statuses, reasons and summaries in the
//! words of docs/glossary.md, items and rewards by their names, periods and
//! dates in prose the Chinese way; JSON and CSV the same in both languages;
//! no English word left in a Chinese table, no Chinese in an English one
//! but the book's own names.

use crate::harness::{fixtures, points, Test};
use std::collections::BTreeSet;

#[test]
fn report_in_chinese() {
    Test::new()
        .fixture("eval")
        .args(["--lang", "zh", "report", "2026", "--top", "3"])
        .stdout(
            "评议小区 — 2026年积分排名
┌──────┬──────┬──────┬──────────┬────────────┬────────────┬────────────┬──────────────┬──────┐
│ 名次 ┆ 编号 ┆ 姓名 ┆ 累计获得 ┆ 教育管理类 ┆ 社区公益类 ┆ 遵纪守法类 ┆ 时长（小时） ┆ 次数 │
╞══════╪══════╪══════╪══════════╪════════════╪════════════╪════════════╪══════════════╪══════╡
│    1 ┆ P05  ┆ 钱七 ┆       30 ┆          0 ┆         30 ┆          0 ┆            0 ┆    3 │
│    1 ┆ P07  ┆ 周九 ┆       30 ┆          0 ┆         30 ┆          0 ┆            0 ┆    3 │
│    3 ┆ P02  ┆ 李四 ┆       25 ┆          0 ┆         25 ┆          0 ┆          2.5 ┆    3 │
│    3 ┆ P08  ┆ 吴十 ┆       25 ┆          5 ┆         20 ┆          0 ┆            0 ┆    3 │
└──────┴──────┴──────┴──────────┴────────────┴────────────┴────────────┴──────────────┴──────┘
",
        )
        .run();
}

/// Teams (items, categories) are shown by their names; their ids stay in
/// JSON and CSV only.
#[test]
fn report_by_team_in_chinese_markdown_shows_names_not_ids() {
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "--format", "md", "report", "2026", "--by", "team"])
        .stdout(
            "## 测试小区 — 2026年各队伍积分统计

| 名次 | 队伍 | 累计获得 | 教育管理类 | 社区公益类 | 遵纪守法类 | 时长（小时） | 次数 | 队员人数 | 参加人数 |
| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 1 | 治安联防队 | 28 | 0 | 28 | 0 | 16 | 4 | 2 | 2 |
| 2 | 志愿服务队 | 5 | 0 | 5 | 0 | 0 | 1 | 2 | 1 |
",
        )
        .run();
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "--format", "csv", "report", "2026", "--by", "team"])
        .stdout_has("rank,team,name,earned,edu,welfare,law,hours,times,members,active\n1,patrol-team,治安联防队,")
        .run();
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "report", "all", "--by", "category"])
        .stdout_has("测试小区 — 全部时间各类别积分统计\n")
        .stdout_has("│    1 ┆ 社区公益类 ┆       78 ┆")
        .run();
}

/// Kinds in words (a negative earn is a deduction, 扣分), items by name,
/// voided entries and voids marked 是.
#[test]
fn show_in_chinese() {
    Test::new()
        .fixture("eval")
        .args(["--lang", "zh", "show", "P06"])
        .stdout(
            "孙八（P06，户号 H4）全部时间积分明细，期初可用积分 0
┌──────────┬────────────┬──────────┬──────────┬──────┬──────┬────────┬──────────┬──────┐
│ 记录编号 ┆ 日期       ┆ 类型     ┆ 项目     ┆ 数量 ┆ 积分 ┆ 已作废 ┆ 可用积分 ┆ 备注 │
╞══════════╪════════════╪══════════╪══════════╪══════╪══════╪════════╪══════════╪══════╡
│ E03      ┆ 2026-02-05 ┆ 获得积分 ┆ 三会一课 ┆    1 ┆    5 ┆        ┆        5 ┆      │
│ E09      ┆ 2026-04-02 ┆ 扣分     ┆ 乱丢垃圾 ┆    1 ┆   -5 ┆        ┆        0 ┆      │
│ E11      ┆ 2026-04-10 ┆ 获得积分 ┆ 志愿服务 ┆    1 ┆   10 ┆        ┆       10 ┆      │
│ E15      ┆ 2026-05-20 ┆ 获得积分 ┆ 志愿服务 ┆    1 ┆   10 ┆        ┆       20 ┆      │
└──────────┴────────────┴──────────┴──────────┴──────┴──────┴────────┴──────────┴──────┘
期末可用积分：20
",
        )
        .run();
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "show", "P06", "2026"])
        .stdout(
            "孙七（P06，户号 H3）2026年积分明细，期初可用积分 2.5
┌──────────┬────────────┬──────────┬──────────┬──────┬──────┬────────┬──────────┬─────────────────┐
│ 记录编号 ┆ 日期       ┆ 类型     ┆ 项目     ┆ 数量 ┆ 积分 ┆ 已作废 ┆ 可用积分 ┆ 备注            │
╞══════════╪════════════╪══════════╪══════════╪══════╪══════╪════════╪══════════╪═════════════════╡
│ B09      ┆ 2026-03-04 ┆ 获得积分 ┆ 志愿服务 ┆    1 ┆  2.5 ┆ 是     ┆      2.5 ┆                 │
│ B10      ┆ 2026-03-05 ┆ 作废     ┆ 志愿服务 ┆    1 ┆ -2.5 ┆ 是     ┆      2.5 ┆ 重复录入 \"志愿\" │
└──────────┴────────────┴──────────┴──────────┴──────┴──────┴────────┴──────────┴─────────────────┘
期末可用积分：2.5
",
        )
        .run();
}

#[test]
fn show_refusals_in_chinese() {
    Test::new()
        .fixture("eval")
        .args(["--lang", "zh", "show", "无名"])
        .status(1)
        .stderr(
            "错误：people.csv 里没有编号或姓名为 `无名` 的人：请核对写法，或先把此人加入花名册\n",
        )
        .run();
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "show", "张三"])
        .status(1)
        .stderr("错误：有 2 人都叫 `张三`，请改用要找的那个人的编号：\n  P01  张三  户号 H1\n  P05  张三  户号 H3\n")
        .run();
}

/// Reasons are sentences in Chinese, with the date of a veto in prose; the
/// summary counts with measure words.
#[test]
fn evaluate_in_chinese() {
    Test::new()
        .fixture("eval")
        .args(["--lang", "zh", "evaluate", "civilized-household", "2026"])
        .stdout(
            "评议小区 — 文明户（2026年，按户评议）
┌──────┬──────┬──────────────────┬──────┬────────┬──────────┬──────┬───────────────────────────────────────────────────────────────────────────────────┐
│ 名次 ┆ 户号 ┆ 成员             ┆ 得分 ┆ 等次   ┆ 一票否决 ┆ 同分 ┆ 说明                                                                              │
╞══════╪══════╪══════════════════╪══════╪════════╪══════════╪══════╪═══════════════════════════════════════════════════════════════════════════════════╡
│    1 ┆ H4   ┆ 孙八、周九       ┆   50 ┆ 未评   ┆ 是       ┆      ┆ 一票否决：孙八 2026年4月2日 乱丢垃圾（E09）                                       │
│    2 ┆ H1   ┆ 张三、李四       ┆   40 ┆ 文明户 ┆          ┆      ┆ —                                                                                 │
│    3 ┆ H2   ┆ 王五、赵六       ┆   30 ┆ 文明户 ┆          ┆ 是   ┆ 同分：第 3–4 位的得分和一票否决情况都相同，按编号先后排定                         │
│    3 ┆ H3   ┆ 钱七             ┆   30 ┆ 未评   ┆          ┆ 是   ┆ 文明户名额已满（2 名）；同分：第 3–4 位的得分和一票否决情况都相同，按编号先后排定 │
│    5 ┆ H5   ┆ 吴十             ┆   25 ┆ 未评   ┆          ┆      ┆ 文明户名额已满（2 名）                                                            │
│    6 ┆ H6   ┆ 郑一、冯二、陈三 ┆   20 ┆ 未评   ┆ 是       ┆      ┆ 一票否决：郑一 2026年5月3日 乱搭乱建（E13）                                       │
└──────┴──────┴──────────────────┴──────┴────────┴──────────┴──────┴───────────────────────────────────────────────────────────────────────────────────┘
共 6 户，其中 2 户被一票否决
文明户：2（最多 2）
未评：4
",
        )
        .run();
    Test::new()
        .fixture("eval")
        .args(["--lang", "zh", "--format", "md", "evaluate", "party-review", "2026"])
        .stdout(
            "## 评议小区 — 民主评议党员参考（2026年，按人评议）

| 名次 | 编号 | 姓名 | 得分 | 等次 | 一票否决 | 同分 | 说明 |
| ---: | --- | --- | ---: | --- | --- | --- | --- |
| 1 | P08 | 吴十 | 25 | 优秀 |  |  | — |
| 2 | P06 | 孙八 | 20 | 合格 |  |  | 优秀名额已满（1 名） |
| 3 | P01 | 张三 | 15 | 合格 |  |  | 优秀名额已满（1 名） |
| 4 | P04 | 赵六 | 10 | 合格 |  |  | 得分低于 15 |
| 4 | P09 | 郑一 | 10 | 基本合格 | 是 |  | 得分低于 15；一票否决：郑一 2026年5月3日 乱搭乱建（E13） |

共 5 人，其中 1 人被一票否决  
优秀：1（最多 1）  
合格：3  
基本合格：1  
不合格：0  
",
        )
        .run();
}

#[test]
fn evaluate_refusals_in_chinese() {
    Test::new()
        .fixture("eval")
        .args(["--lang", "zh", "evaluate", "civilized-household", "2026H1"])
        .status(2)
        .stderr("错误：文明户（civilized-household）是按年进行的评议：请按年运行，例如 `points evaluate civilized-household 2026`，不能按 `2026H1` 运行（如果要允许任何期间，请在 points.toml 里写 period = \"any\"）\n")
        .run();
    Test::new()
        .fixture("eval")
        .args(["--lang", "zh", "evaluate", "civilised", "2026"])
        .status(1)
        .stderr_has("错误：points.toml 里没有评议 `civilised`；现有的评议是：\n  civilized-household  文明户\n")
        .run();
}

/// Statuses and reasons in the glossary's words (已满足, 库存不足…),
/// rewards by their names, the round and its date in prose.
#[test]
fn exchange_plan_in_chinese() {
    Test::new()
        .fixture("exchange")
        .args(["--lang", "zh", "--format", "md", "exchange", "2026H1", "--requests", "requests.csv"])
        .stdout(
            "## 测试小区 — 2026年上半年兑换期，2026年7月1日兑换，按2026年上半年累计获得积分从高到低依次办理

| 编号 | 姓名 | 兑换物品 | 申请数量 | 换得数量 | 所用积分 | 结果 | 原因 |
| --- | --- | --- | ---: | ---: | ---: | --- | --- |
| P03 | 王五 | 毛巾 | 3 | 2 | 40 | 部分满足 | 已达限额 |
| P03 | 王五 | 雨伞 | 1 | 0 | 0 | 未满足 | 积分不足 |
| P06 | 孙八 | 毛巾 | 2 | 1 | 20 | 部分满足 | 库存不足 |
| P06 | 孙八 | 假期作业辅导 | 1 | 1 | 30 | 已满足 | — |
| P02 | 李四 | 雨伞 | 1 | 0 | 0 | 未满足 | 积分不足 |
| P02 | 李四 | 肥皂 | 3 | 3 | 15 | 已满足 | — |
| P02 | 李四 | mug | 1 | 0 | 0 | 未满足 | 没有这种兑换物品 |
| P02 | 李四 | 肥皂 | 0 | 0 | 0 | 未满足 | 数量不对 |
| P04 | 赵六 | 毛巾 | 1 | 0 | 0 | 未满足 | 已迁出 |
| P05 | 钱七 | 假期作业辅导 | 2 | 0 | 0 | 未满足 | 积分不足 |
| P05 | 钱七 | 肥皂 | 5 | 3 | 15 | 部分满足 | 积分不足 |
| P01 | 张三 | 毛巾 | 2 | 0 | 0 | 未满足 | 库存不足 |
| P01 | 张三 | 假期作业辅导 | 1 | 1 | 30 | 已满足 | — |
| P99 | — | 毛巾 | 1 | 0 | 0 | 未满足 | 查无此人 |

## 兑换人（按办理先后排列）

| 编号 | 姓名 | 兑换前可用积分 | 本次兑换 | 兑换后可用积分 | 2026年上半年累计获得 |
| --- | --- | ---: | ---: | ---: | ---: |
| P03 | 王五 | 60 | 40 | 20 | 60 |
| P06 | 孙八 | 50 | 50 | 0 | 50 |
| P02 | 李四 | 40 | 15 | 25 | 40 |
| P04 | 赵六 | 30 | 0 | 30 | 30 |
| P05 | 钱七 | 15 | 15 | 0 | 15 |
| P01 | 张三 | 110 | 30 | 80 | 10 |

## 库存

| 兑换物品 | 库存 | 本次兑出 | 剩余 | 此前已兑出 |
| --- | ---: | ---: | ---: | ---: |
| 毛巾 | 3 | 3 | 0 | 0 |
| 雨伞 | 1 | 0 | 1 | 0 |
| 假期作业辅导 | 2 | 2 | 0 | 0 |
| 肥皂 | — | 6 | — | 0 |

## 发放清单：谁领几件

| 兑换物品 | 编号 | 姓名 | 数量 |
| --- | --- | --- | ---: |
| 毛巾 | P03 | 王五 | 2 |
| 毛巾 | P06 | 孙八 | 1 |
| 假期作业辅导 | P06 | 孙八 | 1 |
| 假期作业辅导 | P01 | 张三 | 1 |
| 肥皂 | P02 | 李四 | 3 |
| 肥皂 | P05 | 钱七 | 3 |

这是兑换方案，没有写入任何记录。加上 --commit 再运行一次，就会记入 6 条兑换记录。  
",
        )
        .run();
}

#[test]
fn exchange_commit_and_refusals_in_chinese() {
    let (_, dir) = Test::new()
        .fixture("exchange")
        .env("POINTS_ID_SEED", "7")
        .args([
            "--lang",
            "zh",
            "exchange",
            "2026H1",
            "--requests",
            "requests.csv",
            "--commit",
        ])
        .stdout_has("\n已在 ledger/2026.csv 记入 6 条兑换记录。\n")
        .run_keep();
    let (status, _, err) = points(
        dir.path(),
        &[
            "--lang",
            "zh",
            "exchange",
            "2026H1",
            "--requests",
            "requests.csv",
            "--commit",
        ],
    );
    assert_eq!(status, 1, "{err}");
    assert!(
        err.starts_with("错误：2026年上半年兑换期已经给本申请文件里的 5 个账户兑换过：P01 张三（记录 ")
            && err.contains("）；P02 李四（记录 ")
            && err.ends_with("）。同一兑换期不能兑换两次，本次没有写入任何记录。请把这些账户从申请文件里删去；如果那些记录是弄错了的，也可以先把它们作废（`points void 编号 --reason ...`）。\n"),
        "{err}"
    );
    Test::new()
        .fixture("exchange")
        .args(["--lang", "zh", "exchange", "2026Q1", "--requests", "requests.csv"])
        .status(2)
        .stderr("错误：`2026Q1` 不是本账本的兑换期：积分规则（points.toml 的 exchange.every）规定每半年兑换一次，请把兑换期写成半年，例如 2026H1\n")
        .run();
    Test::new()
        .fixture("exchange")
        .args([
            "--lang",
            "zh",
            "exchange",
            "2026H1",
            "--requests",
            "没有.csv",
        ])
        .status(1)
        .stderr("没有.csv: 错误：没有这个文件\n  = 处理办法：请检查路径（路径从当前文件夹算起，不是从账本算起）\n")
        .run();
    Test::new()
        .fixture("exchange")
        .file("bad.csv", "name,reward\nP01,towel\n")
        .args([
            "--lang",
            "zh",
            "exchange",
            "2026H1",
            "--requests",
            "bad.csv",
        ])
        .status(1)
        .stderr_has("第一行不是应有的表头")
        .stderr_has("表头 `person,reward,qty`")
        .stderr_has("请在第一行写上 `person,reward,qty`")
        .run();
    Test::new()
        .fixture("exchange")
        .args(["--lang", "zh", "exchange", "2026H1", "--requests", "requests.csv", "--date", "2026-12-01", "--commit"])
        .status(1)
        .stderr("错误：兑换日期2026年12月1日还没到（今天是2026年11月27日）：兑换要在兑换当天记录。本次没有写入任何记录。请在2026年12月1日当天或以后再运行，或者用 --date 写明实际兑换的日期。\n")
        .unchanged()
        .run();
}

/// Household accounts served by lottery: the draw, and how to re-draw it.
#[test]
fn exchange_by_lottery_for_households_in_chinese() {
    let t = Test::new().fixture("exchange");
    let rules = std::fs::read_to_string(t.path().join("points.toml")).unwrap();
    let rules = rules
        .replace("order = \"earned\"", "order = \"lottery\"")
        .replace("account = \"person\"", "account = \"household\"");
    let out = t
        .file("points.toml", rules)
        .args(["--lang", "zh", "exchange", "2026H1", "--requests", "requests.csv"])
        .stdout_has("测试小区 — 2026年上半年兑换期，2026年7月1日兑换，按抽签结果依次办理（`2026H1:账户编号` 的 SHA-256 值从小到大）\n")
        .stdout_has("\n兑换户（按办理先后排列）\n")
        .stdout_has("│ 户号 ┆ 成员       ┆ 兑换前可用积分 ┆ 本次兑换 ┆ 兑换后可用积分 ┆ 抽签值 ")
        .stdout_has("│ H2   ┆ 王五、赵六 ┆             90 ┆       90 ┆              0 ┆ 0fa97390171e3b98ed35969cc77150e3d11ca18a61c9740fea9537a235e352b3 │\n")
        .stdout_has("\n任何一个账户的抽签值都可以这样核对：printf '%s' '2026H1:账户编号' | sha256sum\n")
        .run();
    let out = String::from_utf8(out.stdout).unwrap();
    let english = english_words(&out, &data_of("exchange"));
    assert_eq!(english, ["SHA-256", "printf", "s", "sha256sum"], "{out}");
}

/// `check` after a merge: one round committed on two clones, in Chinese.
#[test]
fn a_round_committed_twice_is_a_chinese_warning() {
    Test::new()
        .fixture("exchange")
        .append(
            "ledger/2026.csv",
            "C1,2026-07-01,P03,redeem,towel,2,-40,超市,2026H1,
D1,2026-07-02,P03,redeem,towel,1,-20,志愿者,2026H1,
",
        )
        .args(["--lang", "zh", "check"])
        .stdout_has("王五（P03）在 2026H1 兑换期的兑换记录，有的是2026年7月2日由 `志愿者` 记录的，另有2026年7月1日由 `超市` 记录的（ledger/2026.csv:")
        .stdout_has("：这一期可能在两个副本上各兑换了一次\n")
        .stdout_has("如果这一期确实兑换了两次（在两个副本上各兑换一次后又合并），请用 `points void 编号 --reason \"重复兑换\"` 作废其中一次的记录；如果这些本来就是不同的兑换，则不必处理\n")
        .run();
}

/// Every command of this file, on the book it is tested with.
const COMMANDS: &[(&str, &[&str])] = &[
    ("eval", &["report", "2026"]),
    ("eval", &["report", "all", "--by", "household"]),
    ("eval", &["report", "2026H1", "--by", "building"]),
    ("basic", &["report", "2026", "--by", "item"]),
    ("basic", &["report", "all", "--by", "category"]),
    ("basic", &["report", "2026", "--by", "team"]),
    ("eval", &["show", "P06"]),
    ("basic", &["show", "P06", "2026"]),
    ("basic", &["show", "P01", "2026Q1"]),
    ("eval", &["evaluate", "civilized-household", "2026"]),
    ("eval", &["evaluate", "party-review", "2026"]),
    ("eval", &["evaluate", "welfare-star", "2026-04"]),
    ("eval", &["evaluate", "building", "2026"]),
    (
        "exchange",
        &["exchange", "2026H1", "--requests", "requests.csv"],
    ),
];

fn run_in(lang: &str, format: &str, book: &str, args: &[&str]) -> String {
    let t = Test::new().fixture(book);
    let mut all = vec!["--lang", lang, "--format", format];
    all.extend_from_slice(args);
    let (status, out, err) = points(t.path(), &all);
    assert_eq!(status, 0, "points {}: {err}", all.join(" "));
    out
}

#[test]
fn json_and_csv_do_not_change_with_the_language() {
    for (book, args) in COMMANDS {
        for format in ["json", "csv"] {
            let zh = run_in("zh", format, book, args);
            let en = run_in("en", format, book, args);
            assert_eq!(
                zh,
                en,
                "{book}: points --format {format} {}",
                args.join(" ")
            );
            assert!(!zh.contains("已满足") && !zh.contains("获得积分"), "{zh}");
        }
    }
}

/// The words of a book's data: the rows (not the headers) of its CSV files
/// but the ledger's `kind`, and the ids and names in its rules.
fn data_of(book: &str) -> String {
    let dir = fixtures().join(book);
    let mut text = String::new();
    let mut files = vec![dir.join("people.csv"), dir.join("requests.csv")];
    let mut ledgers = Vec::new();
    for e in std::fs::read_dir(dir.join("ledger")).unwrap() {
        ledgers.push(e.unwrap().path());
    }
    files.extend(ledgers.iter().cloned());
    for f in files {
        let is_ledger = ledgers.contains(&f);
        for line in std::fs::read_to_string(&f)
            .unwrap_or_default()
            .lines()
            .skip(1)
        {
            for (i, field) in line.split(',').enumerate() {
                if !(is_ledger && i == 3) {
                    text.push_str(field);
                    text.push('\n');
                }
            }
        }
    }
    for line in std::fs::read_to_string(dir.join("points.toml"))
        .unwrap()
        .lines()
    {
        let l = line.trim();
        if l.starts_with("id =") || l.starts_with("name =") || l.starts_with("{ name =") {
            text.push_str(l.split_once('=').map_or("", |(_, v)| v));
            text.push('\n');
        }
    }
    text
}

/// SPEC §6: a Chinese table holds no English word but ids, data, options and
/// hex digests; an English one no Chinese but the book's names.
#[test]
fn chinese_tables_have_no_english_and_english_tables_no_chinese() {
    for (book, args) in COMMANDS {
        let data = data_of(book);
        for format in ["table", "md"] {
            let zh = run_in("zh", format, book, args);
            let english = english_words(&zh, &data);
            assert!(
                english.is_empty(),
                "English words {english:?} in points --lang zh --format {format} {}:\n{zh}",
                args.join(" ")
            );
            let en = run_in("en", format, book, args);
            let chinese: Vec<&str> = en
                .split(|c: char| !is_cjk(c) || c == '、')
                .filter(|w| !w.is_empty() && !data.contains(w))
                .collect();
            assert!(
                chinese.is_empty(),
                "Chinese {chinese:?} in points --lang en --format {format} {}:\n{en}",
                args.join(" ")
            );
        }
    }
}

/// The ASCII words of `out` that are not ids or names of the book's `data`,
/// options (`--commit`), hex digests, or periods as typed (`2026H1`).
fn english_words<'a>(out: &'a str, data: &str) -> Vec<&'a str> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let data_words: BTreeSet<&str> = data.split(|c: char| !word(c)).collect();
    out.split(|c: char| !word(c))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !data_words.contains(w) && !w.starts_with("--"))
        .filter(|w| !(w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit())))
        .filter(|w| !(w.starts_with("20") && w.len() == 6))
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}
