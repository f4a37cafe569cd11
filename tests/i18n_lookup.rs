//! What a person typed, refused in Chinese (src/book/lookup.rs): an unknown
//! id or name with "您要找的是不是", a name several share, an invisible
//! character, an unknown role, reward or evaluation; and a period that is
//! not one. Whole outputs, through the real binary with `--lang zh`.

use crate::harness::{copy_dir, Test};
use std::path::Path;

/// A Chinese test on a copy of the demo book (two people named 张伟).
fn demo() -> Test {
    let t = Test::new().env("POINTS_ID_SEED", "1");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("ledgers/demo"),
        t.path(),
    );
    t
}

/// A Chinese test on the basic fixture.
fn basic() -> Test {
    Test::new().fixture("basic").env("POINTS_ID_SEED", "1")
}

#[test]
fn did_you_mean_in_chinese() {
    demo()
        .args(["--lang", "zh", "show", "zw"])
        .stderr(
            "错误：people.csv 里没有编号或姓名为 `zw` 的人员。您要找的是不是：
  P027  张伟  户号 B1-301
  P213  张伟  户号 B4-301
",
        )
        .status(1)
        .run();
    demo()
        .args(["--lang", "zh", "redeem", "刘楷", "毛巾", "--by", "测试"])
        .stderr(
            "错误：people.csv 里没有编号或姓名为 `刘楷` 的人员。您要找的是不是：
      P001  刘凯  户号 B1-101
      P344  刘霞  户号 B6-401
本次没有写入任何记录。
",
        )
        .status(1)
        .unchanged()
        .run();
    demo()
        .args([
            "--lang",
            "zh",
            "add",
            "治安巡罗",
            "--people",
            "P063",
            "--qty",
            "2",
            "--by",
            "测试",
        ])
        .stderr(
            "错误：points.toml 里没有编号或姓名为 `治安巡罗` 的项目。您要找的是不是：
      patrol  治安巡逻
本次没有写入任何记录。
",
        )
        .status(1)
        .unchanged()
        .run();
    demo()
        .args(["--lang", "zh", "evaluate", "文明", "2026"])
        .stderr(
            "错误：points.toml 里没有编号或姓名为 `文明` 的评议。您要找的是不是：
  civilized-household  文明户
",
        )
        .status(1)
        .run();
}

#[test]
fn ambiguous_names_in_chinese_count_with_their_measure_words() {
    demo()
        .args([
            "--lang", "zh", "add", "patrol", "--people", "张伟", "--qty", "1", "--by", "测试",
        ])
        .stderr(
            "错误：有 2 人都叫 `张伟`，请改用要找的那个人的编号：
      P027  张伟  户号 B1-301
      P213  张伟  户号 B4-301
本次没有写入任何记录。
",
        )
        .status(1)
        .unchanged()
        .run();
    basic()
        .append(
            "points.toml",
            "\n[[item]]\nid = \"patrol-night\"\nname = \"治安巡逻\"\ncategory = \"welfare\"\npoints = 3\n",
        )
        .args(["--lang", "zh", "add", "治安巡逻", "--people", "P01", "--qty", "1", "--by", "队长"])
        .stderr(
            "错误：有 2 个项目都叫 `治安巡逻`，请改用要找的那一项的编号：
      patrol  治安巡逻
      patrol-night  治安巡逻
本次没有写入任何记录。
",
        )
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn unknown_ids_in_chinese_list_what_there_is() {
    basic()
        .args(["--lang", "zh", "redeem", "P01", "soap", "--by", "队长"])
        .stderr(
            "错误：points.toml 里没有编号为 `soap` 的兑换物品；现有的兑换物品是：towel、umbrella
本次没有写入任何记录。
",
        )
        .status(1)
        .unchanged()
        .run();
    basic()
        .args(["--lang", "zh", "evaluate", "nothing", "2026"])
        .stderr("错误：points.toml 里没有评议 `nothing`；现有的评议是：\n  civilized-household  文明户\n")
        .status(1)
        .run();
}

/// The code point is given, without the English Unicode name.
#[test]
fn invisible_characters_in_chinese() {
    basic()
        .args(["--lang", "zh", "add", "patrol\u{200B}x", "--people", "P02", "--qty", "1", "--by", "队长"])
        .stderr(
            "错误：输入的项目 `patrol\u{200B}x` 的第 7 个字符是看不见的字符 U+200B，去掉它也找不到对应的编号或姓名：请去掉这个字符重新输入\n本次没有写入任何记录。\n",
        )
        .status(1)
        .unchanged()
        .run();
    basic()
        .args(["--lang", "zh", "add", "volunteer", "--people", "李四\u{200B}", "--by", "队长"])
        .stderr(
            "错误：输入的人员 `李四\u{200B}` 的第 3 个字符是看不见的字符 U+200B；去掉它就是 P02 李四：请去掉这个字符重新输入\n本次没有写入任何记录。\n",
        )
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn a_period_that_is_not_one_in_chinese() {
    basic()
        .args(["--lang", "zh", "report", "2026-13"])
        .stderr("错误：`2026-13` 不是期间：请写 2026（全年）、2026H1（上半年）、2026Q3（第三季度）、2026-03（3月）、2026-03-01..2026-05-31（起止日期）或 all（全部）\n")
        .status(2)
        .run();
}
