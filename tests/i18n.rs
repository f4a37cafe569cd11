//! Both languages through the real binary (SPEC §6): how the language is
//! chosen (`--lang`, `$POINTS_LANG`, `[scheme] lang`, the locale, in that
//! order), `balance` in Chinese, machine formats the same in both, `--help`
//! and command-line errors in Chinese.

use crate::harness::Test;

const ZH_BALANCE: &str = "测试小区 — 积分汇总
┌──────┬──────┬──────────┬────────┬──────────┐
│ 编号 ┆ 姓名 ┆ 累计获得 ┆ 已兑换 ┆ 可用积分 │
╞══════╪══════╪══════════╪════════╪══════════╡
│ P01  ┆ 张三 ┆       55 ┆     20 ┆       35 │
│ P02  ┆ 李四 ┆      0.5 ┆      0 ┆      0.5 │
│ P03  ┆ 王五 ┆        5 ┆      0 ┆        5 │
│ P04  ┆ 赵六 ┆       10 ┆      0 ┆       10 │
│ P05  ┆ 张三 ┆       -5 ┆      0 ┆       -5 │
│ P06  ┆ 孙七 ┆      2.5 ┆      0 ┆      2.5 │
└──────┴──────┴──────────┴────────┴──────────┘
";

/// The first line of `balance`'s table: its title, which names the language.
const ZH_TITLE: &str = "测试小区 — 积分汇总\n";
const EN_TITLE: &str = "测试小区 — balances\n";

/// The basic fixture with `lang` set in its `[scheme]`.
fn with_book_lang(lang: &str) -> Test {
    let t = Test::new().fixture("basic");
    let rules = std::fs::read_to_string(t.path().join("points.toml")).unwrap();
    let rules = rules.replacen("[scheme]\n", &format!("[scheme]\nlang = \"{lang}\"\n"), 1);
    t.file("points.toml", rules)
}

/// The first line of stdout.
fn title(t: Test) -> String {
    let out = t.run();
    let s = String::from_utf8(out.stdout).unwrap();
    format!("{}\n", s.lines().next().unwrap_or_default())
}

#[test]
fn lang_zh_balance_has_chinese_headers_and_title() {
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "balance"])
        .stdout(ZH_BALANCE)
        .run();
    // A global option may stand after the command too.
    Test::new()
        .fixture("basic")
        .args(["balance", "--lang", "zh"])
        .stdout(ZH_BALANCE)
        .run();
}

#[test]
fn balance_in_chinese_markdown_with_a_date_in_prose() {
    Test::new()
        .fixture("basic")
        .args([
            "--lang",
            "zh",
            "--format",
            "md",
            "balance",
            "--by",
            "household",
            "--until",
            "2026-03-31",
        ])
        .stdout(
            "## 测试小区 — 截至2026年3月31日的积分汇总

| 户号 | 成员 | 累计获得 | 已兑换 | 可用积分 |
| --- | --- | ---: | ---: | ---: |
| H1 | 张三、李四 | 72.5 | 0 | 72.5 |
| H2 | 王五、赵六 | 15 | 0 | 15 |
| H3 | 张三、孙七 | -2.5 | 0 | -2.5 |
",
        )
        .run();
}

#[test]
fn each_source_of_the_language_selects_chinese() {
    // $POINTS_LANG
    let t = Test::new()
        .fixture("basic")
        .args(["balance"])
        .env("POINTS_LANG", "zh");
    assert_eq!(title(t), ZH_TITLE);
    // [scheme] lang of the book
    assert_eq!(
        title(with_book_lang("zh").no_lang().args(["balance"])),
        ZH_TITLE
    );
    // the locale: LANG when LC_ALL and LC_MESSAGES are not set
    let t = Test::new()
        .fixture("basic")
        .args(["balance"])
        .no_lang()
        .env("LC_ALL", "")
        .env("LANG", "zh_CN.UTF-8");
    assert_eq!(title(t), ZH_TITLE);
    // LC_ALL, when set, decides over LANG (as POSIX reads them)
    let t = Test::new()
        .fixture("basic")
        .args(["balance"])
        .no_lang()
        .env("LC_ALL", "zh_CN.UTF-8")
        .env("LANG", "en_US.UTF-8");
    assert_eq!(title(t), ZH_TITLE);
    // nothing at all: English (the harness sets LC_ALL=C.UTF-8)
    assert_eq!(
        title(Test::new().fixture("basic").no_lang().args(["balance"])),
        EN_TITLE
    );
}

#[test]
fn the_language_sources_in_order() {
    // --lang beats $POINTS_LANG
    let t = Test::new()
        .fixture("basic")
        .args(["balance", "--lang", "en"])
        .env("POINTS_LANG", "zh");
    assert_eq!(title(t), EN_TITLE);
    // $POINTS_LANG beats the book
    let t = with_book_lang("zh")
        .args(["balance"])
        .env("POINTS_LANG", "en");
    assert_eq!(title(t), EN_TITLE);
    // the book beats the locale, both ways
    let t = with_book_lang("en")
        .no_lang()
        .args(["balance"])
        .env("LC_ALL", "zh_CN.UTF-8");
    assert_eq!(title(t), EN_TITLE);
    let t = with_book_lang("zh")
        .no_lang()
        .args(["balance"])
        .env("LC_ALL", "en_US.UTF-8");
    assert_eq!(title(t), ZH_TITLE);
    // --book (and $POINTS_BOOK) name the book whose lang counts
    let t = with_book_lang("zh");
    let dir = t.path().to_str().unwrap().to_string();
    Test::new()
        .no_lang()
        .args(["balance", "--book", &dir])
        .stdout_has(ZH_TITLE)
        .run();
    Test::new()
        .no_lang()
        .args(["balance"])
        .env("POINTS_BOOK", &dir)
        .stdout_has(ZH_TITLE)
        .run();
}

#[test]
fn machine_formats_do_not_change_with_the_language() {
    for format in ["json", "csv"] {
        let en = Test::new()
            .fixture("basic")
            .args(["balance", "--by", "household", "--format", format])
            .run();
        let zh = Test::new()
            .fixture("basic")
            .args([
                "--lang",
                "zh",
                "balance",
                "--by",
                "household",
                "--format",
                format,
            ])
            .run();
        assert_eq!(en.stdout, zh.stdout, "{format} differs between languages");
        assert!(String::from_utf8(en.stdout).unwrap().contains("household"));
    }
}

#[test]
fn add_help_in_chinese() {
    let out = Test::new().args(["--lang", "zh", "add", "--help"]).run();
    let help = String::from_utf8(out.stdout).unwrap();
    for want in [
        "记录一次活动获得（或扣除）的积分\n",
        "用法：points add [选项] [项目]\n",
        "\n参数：\n  [项目]  项目在 points.toml 里的编号或名称，例如 patrol［在终端里可不写，会询问］\n",
        "\n选项：\n      --book <文件夹> ",
        "参加的人：编号或不重名的姓名，用逗号隔开［在终端里可不写，会询问］\n",
        "输出格式［默认：table］［可选：table、csv、json、md、xlsx］\n",
        "  -h, --help                  显示帮助\n",
        "示例：\n  points add patrol --people 朱志强,P027 --qty 2      今天的一次两小时治安巡逻\n",
    ] {
        assert!(help.contains(want), "lacks {want:?}:\n{help}");
    }
    for english in [
        "Usage",
        "Options",
        "Arguments",
        "Examples",
        "Print help",
        "default:",
    ] {
        assert!(!help.contains(english), "holds {english:?}:\n{help}");
    }
}

#[test]
fn every_help_is_chinese_under_lang_zh() {
    for cmd in [
        "", "init", "add", "void", "redeem", "balance", "report", "show", "evaluate", "exchange",
        "check",
    ] {
        let mut args = vec!["--lang", "zh"];
        if !cmd.is_empty() {
            args.push(cmd);
        }
        args.push("--help");
        let out = Test::new().args(args).run();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            help.contains("用法：points"),
            "points {cmd} --help:\n{help}"
        );
        for english in [
            "Usage:",
            "Options:",
            "Examples:",
            "Print help",
            "[default:",
            "选项:",
        ] {
            assert!(
                !help.contains(english),
                "points {cmd} --help holds {english:?}:\n{help}"
            );
        }
    }
}

#[test]
fn an_unknown_lang_is_a_usage_error() {
    Test::new()
        .fixture("basic")
        .args(["--lang", "xx", "balance"])
        .status(2)
        .stdout("")
        .stderr_has("invalid value 'xx' for '--lang <LANG>'")
        .unchanged()
        .run();
    Test::new()
        .fixture("basic")
        .args(["balance"])
        .env("POINTS_LANG", "fr")
        .status(2)
        .stdout("")
        .stderr("error: POINTS_LANG `fr` is not a language points speaks: set it to zh or en, or unset it\n")
        .run();
}

#[test]
fn an_unknown_book_lang_names_file_line_and_key() {
    with_book_lang("fr")
        .args(["balance"])
        .status(1)
        .stderr(
            "points.toml:2:8: error: `fr` is not a language points speaks
  |
2 | lang = \"fr\"
  |        ^^^^
  = expected: lang = \"zh\" or lang = \"en\"
",
        )
        .run();
}

#[test]
fn balance_errors_in_chinese() {
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "balance", "--until", "2026-13-01"])
        .status(2)
        .stderr(
            "错误：--until 的值 `2026-13-01` 不是日期：请写成 YYYY-MM-DD 的形式，例如 2026-06-30\n",
        )
        .run();
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "balance", "--role", "nobody"])
        .status(1)
        .stderr("错误：没有身份 `nobody`：points.toml 里的身份有 party、resident\n")
        .run();
}

#[test]
fn command_line_errors_in_chinese() {
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "balance", "--untill", "2026-01-01"])
        .status(2)
        .stderr(
            "错误：这里没有 `--untill` 这个选项
  是不是想写 `--until`？
用法：points balance [选项]
在命令后面加上 --help，可以看到它的用法说明。
",
        )
        .run();
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "balance", "--by", "street"])
        .status(2)
        .stderr(
            "错误：`street` 不能用作 `--by <分组>` 的值：请写 `person`、`household`或`building`
在命令后面加上 --help，可以看到它的用法说明。
",
        )
        .run();
    Test::new()
        .fixture("basic")
        .args([
            "--lang", "zh", "balance", "--role", "party", "--role", "resident",
        ])
        .status(2)
        .stderr(
            "错误：`--role <身份>` 只能写一次
用法：points balance [选项]
在命令后面加上 --help，可以看到它的用法说明。
",
        )
        .run();
}

#[test]
fn the_help_command_speaks_chinese() {
    let out = Test::new().args(["--lang", "zh", "help", "balance"]).run();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.starts_with("每个人的累计获得、已兑换和可用积分\n\n用法：points balance [选项]\n"),
        "{help}"
    );
    let out = Test::new().args(["--lang", "zh", "--help"]).run();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("\n  help         显示本帮助，或某个命令的帮助\n"),
        "{help}"
    );
}
