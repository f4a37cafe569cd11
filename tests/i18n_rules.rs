//! The findings about points.toml and people.csv in both languages (SPEC §6,
//! issue 11): every message, "expected" and "fix" line of the rules and the
//! roster in Chinese with `--lang zh`, ids and key names of the files left
//! as written; no English word in the Chinese findings but the files' own
//! words, and no Chinese in the English ones but the files' data.

use crate::harness::{fixtures, Test};

/// A points.toml with one of almost every mistake the rules can hold (all
/// are found in one pass).
const BROKEN_RULES: &str = r#"[scheme]
name = "测试小区"
max_row_points = 0
lang = "fr"

[[role]]
id = "party"
name = "党员"

[[role]]
id = "party"
name = "群众"

[[category]]
id = "welfare"
name = "社区公益类"
cap = { points = 0, per = "fortnight" }

[[category]]
id = "a b"
name = "坏编号"

[[item]]
id = "patrol"
name = "治安巡逻"
category = "welfare"
unit = "minute"
points = 2
rates = [{ from = "2026-01-01", points = 2 }]
max_qty = 1.5

[[item]]
id = "meeting"
name = "三会一课"
category = "welfare"
rates = [
  { from = "2026-07-01", points = 3 },
  { from = "2026-01-01", points = { party = 2, resident = 1 } },
  { from = "2026-13-01", points = 2000000000 },
]
max_qty = 0

[[item]]
id = "empty"
name = "空"
category = "welfare"
rates = []

[[item]]
id = "none"
name = "无分值"
category = "welfare"

[[item]]
id = "precise"
name = "小数"
category = "welfare"
points = 2.555

[[item]]
id = "sci"
name = "科学"
category = "welfare"
points = 2e3
roles = ["elder"]

[[team]]
id = "t"
name = "队"
items = ["patroll"]

[exchange]
every = "week"
order = "random"
account = "family"

[[reward]]
id = "towel"
name = "毛巾"
cost = 0
stock = -1
per_person = 0

[[reward]]
id = "umbrella"
name = "雨伞"
costs = []

[[reward]]
id = "cup"
name = "杯子"

[[reward]]
id = "soap"
name = "肥皂"
cost = 5
costs = [{ from = "2026-07-01", cost = 5 }, { from = "2026-01-01", cost = 6 }]
stock = 2000000000

[[evaluation]]
id = "e1"
name = "评一"
subject = "street"
who = []
categories = []
period = "week"
aggregate = "median"
veto = ["nope"]
tiers = []

[[evaluation]]
id = "e2"
name = "评二"
tiers = [
  { name = "A" },
  { name = "B", share = 2, max = 0 },
  { name = "B", min = 1 },
]
"#;

/// Rows of people.csv with one of every mistake a roster row can hold.
const BROKEN_ROSTER: &str = "P07,周八,H4,B2,resident
P08,吴九,H4,B2,elder,,,
P09,郑十,H5,B2,resident,2026-01-01,2025-01-01,choir
P06,周八,H4,B2,resident,,,
P 10,,H4,B2,resident,2026-02-30,,
";

fn broken_rules() -> Test {
    Test::new()
        .fixture("basic")
        .file("points.toml", BROKEN_RULES)
}

fn broken_roster() -> Test {
    Test::new()
        .fixture("basic")
        .append("people.csv", BROKEN_ROSTER)
}

#[test]
fn rules_findings_in_chinese() {
    broken_rules()
        .args(["--lang", "zh", "--format", "json", "check"])
        .status(1)
        .unchanged()
        .stdout(
            r#"[
  {"path":"points.toml","line":3,"column":18,"level":"error","message":"max_row_points 必须大于 0","expected":"大于 0 的积分，例如 100","fix":null},
  {"path":"points.toml","line":11,"column":6,"level":"error","message":"身份编号 `party` 定义了两次","expected":"每个编号只能定义一次","fix":null},
  {"path":"points.toml","line":20,"column":6,"level":"error","message":"`a b` 不能用作类别编号：第 2 个字符是空格 U+0020","expected":"任何文字的字母或数字（如 P001、1栋、1栋-201），以及 `-`、`_`、`.`；不能有空格、逗号、引号或看不见的字符","fix":null},
  {"path":"points.toml","line":17,"column":18,"level":"error","message":"上限必须大于 0","expected":"大于 0 的积分","fix":null},
  {"path":"points.toml","line":17,"column":27,"level":"error","message":"`fortnight` 不能用作上限的计算周期","expected":"day（日）、week（周）、month（月）、quarter（季度）、half-year（半年）或 year（年）","fix":null},
  {"path":"points.toml","line":27,"column":8,"level":"error","message":"`minute` 不能用作计量单位","expected":"\"hour\"（按小时计，数量填小时数）或 \"time\"（按次计，数量填次数）","fix":null},
  {"path":"points.toml","line":28,"column":10,"level":"error","message":"项目 `patrol` 同时写了 `points` 和 `rates`","expected":"两者只写一个：分值固定的写 `points`，分值随日期调整的写 `rates`","fix":null},
  {"path":"points.toml","line":30,"column":11,"level":"error","message":"按次计（`time`）的项目，max_qty 必须是整数","expected":"整数次数","fix":null},
  {"path":"points.toml","line":38,"column":35,"level":"error","message":"按身份分别写的 points 里，身份 `resident` 不存在","expected":"以下编号之一：party","fix":null},
  {"path":"points.toml","line":38,"column":12,"level":"error","message":"项目 `meeting` 的 `rates` 没有按日期先后排列","expected":"每个 `from` 都晚于前一个","fix":null},
  {"path":"points.toml","line":39,"column":12,"level":"error","message":"`2026-13-01` 不是日期","expected":"写成 YYYY-MM-DD 的日期，例如 \"2026-01-01\"","fix":null},
  {"path":"points.toml","line":39,"column":35,"level":"error","message":"points 的值 `2000000000` 太大了：为了让每一项合计都准确，积分规则里的数值最大为 1000000000","expected":"-1000000000 到 1000000000 之间的数，最多两位小数","fix":null},
  {"path":"points.toml","line":41,"column":11,"level":"error","message":"max_qty 必须大于 0","expected":"大于 0 的数量","fix":null},
  {"path":"points.toml","line":47,"column":9,"level":"error","message":"项目 `empty` 的 `rates` 分值表是空的","expected":"至少写一条 { from = \"2026-01-01\", points = 2 }","fix":null},
  {"path":"points.toml","line":50,"column":6,"level":"error","message":"项目 `none` 既没有写 `points`，也没有写 `rates`","expected":"points = 2，或 rates = [{ from = \"2026-01-01\", points = 2 }]","fix":null},
  {"path":"points.toml","line":58,"column":10,"level":"error","message":"points 的值 `2.555` 超过了两位小数","expected":"最多两位小数的数，例如 2 或 2.5","fix":null},
  {"path":"points.toml","line":64,"column":10,"level":"error","message":"points 的值 `2e3` 用了科学记数法：请直接写出数字，例如 2 或 2.5","expected":"最多两位小数的数，例如 2 或 2.5","fix":null},
  {"path":"points.toml","line":65,"column":10,"level":"error","message":"没有编号为 `elder` 的身份","expected":"以下编号之一：party","fix":null},
  {"path":"points.toml","line":70,"column":10,"level":"error","message":"没有编号为 `patroll` 的项目","expected":"以下编号之一：empty、meeting、none、patrol、precise、sci","fix":null},
  {"path":"points.toml","line":73,"column":9,"level":"error","message":"`week` 不能用作兑换期的长度","expected":"month（月）、quarter（季度）、half-year（半年）或 year（年）","fix":null},
  {"path":"points.toml","line":74,"column":9,"level":"error","message":"`random` 不能用作兑换的先后顺序","expected":"earned（按累计获得）、balance（按可用积分）、lottery（抽签）或 requests（按申请先后）","fix":null},
  {"path":"points.toml","line":75,"column":11,"level":"error","message":"`family` 不能用作积分的记账单位","expected":"person（按人）或 household（按户）","fix":null},
  {"path":"points.toml","line":80,"column":8,"level":"error","message":"兑换物品 `towel` 所需积分必须大于 0","expected":"大于 0 的积分","fix":null},
  {"path":"points.toml","line":81,"column":9,"level":"error","message":"库存不能是负数","expected":"0 或更大的整数","fix":null},
  {"path":"points.toml","line":82,"column":14,"level":"error","message":"per_person 至少为 1","expected":"1 或更大的整数（不限量就不写这一项）","fix":null},
  {"path":"points.toml","line":87,"column":9,"level":"error","message":"兑换物品 `umbrella` 的 `costs` 分值表是空的","expected":"至少写一条 { from = \"2026-01-01\", cost = 20 }","fix":null},
  {"path":"points.toml","line":90,"column":6,"level":"error","message":"兑换物品 `cup` 没有写 `cost`","expected":"cost = 20，或 costs = [{ from = \"2026-01-01\", cost = 20 }]","fix":null},
  {"path":"points.toml","line":96,"column":8,"level":"error","message":"兑换物品 `soap` 同时写了 `cost` 和 `costs`","expected":"两者只写一个","fix":null},
  {"path":"points.toml","line":98,"column":9,"level":"error","message":"stock 的值 `2000000000` 太大了：为了让每一项合计都准确，积分规则里的个数最大为 1000000000","expected":"0 到 1000000000 之间的整数","fix":null},
  {"path":"points.toml","line":103,"column":11,"level":"error","message":"`street` 不能用作评议对象","expected":"person（个人）、household（户）或 building（楼栋）","fix":null},
  {"path":"points.toml","line":101,"column":6,"level":"error","message":"评议 `e1` 的 `who` 是空的：这样没有任何人的积分参加评议","expected":"身份编号，例如 who = [\"party\"]；所有人都参加就不写 `who`","fix":null},
  {"path":"points.toml","line":101,"column":6,"level":"error","message":"评议 `e1` 的 `categories` 是空的：这样每个人的得分都是 0","expected":"类别编号，例如 categories = [\"welfare\"]；所有类别都算就不写 `categories`","fix":null},
  {"path":"points.toml","line":106,"column":10,"level":"error","message":"`week` 不能用作评议周期","expected":"month（月）、quarter（季度）、half-year（半年）、year（年）或 any（不限）","fix":null},
  {"path":"points.toml","line":107,"column":13,"level":"error","message":"`median` 不能用作得分的计算方式","expected":"sum（合计）或 mean（平均）","fix":null},
  {"path":"points.toml","line":108,"column":9,"level":"error","message":"veto 里写的 `nope` 既不是类别，也不是项目","expected":"类别编号或项目编号","fix":null},
  {"path":"points.toml","line":109,"column":9,"level":"error","message":"评议 `e1` 没有写等次","expected":"至少一个等次，例如 { name = \"文明户\", min = 60 }","fix":null},
  {"path":"points.toml","line":115,"column":3,"level":"error","message":"等次 `A` 不设任何条件，所有人都归入这一等次，它后面的等次永远评不上","expected":"不设条件（没有 min、max、share 或 clean）的等次只能放在最后","fix":null},
  {"path":"points.toml","line":116,"column":34,"level":"error","message":"等次的 max 至少为 1","expected":"1 或更大的整数","fix":null},
  {"path":"points.toml","line":116,"column":25,"level":"error","message":"`2` 不能用作评选比例","expected":"大于 0、不超过 1 的比例，例如 0.3 或 \"1/3\"","fix":null},
  {"path":"points.toml","line":117,"column":3,"level":"error","message":"评议 `e2` 有两个等次都叫 `B`","expected":"每个等次用不同的名称","fix":null},
  {"path":"points.toml","line":4,"column":8,"level":"error","message":"`fr` 不是本程序能用的语言","expected":"lang = \"zh\" 或 lang = \"en\"","fix":null}
]
"#,
        )
        .run();
    // The table shows the same sentences, with the offending line.
    broken_rules()
        .args(["--lang", "zh", "check"])
        .status(1)
        .stdout_has("没有编号为 `patroll` 的项目\n")
        .stdout_has("70 | items = [\"patroll\"]\n")
        .stdout_has("以下编号之一：empty、meeting、none、patrol、precise、sci\n")
        .stdout_has("评议 `e2` 有两个等次都叫 `B`\n")
        .run();
}

#[test]
fn roster_findings_in_chinese() {
    broken_roster()
        .args(["--lang", "zh", "--format", "json", "check"])
        .status(1)
        .unchanged()
        .stdout(
            r#"[
  {"path":"people.csv","line":8,"column":null,"level":"error","message":"这一行有 5 列","expected":"8 列：id,name,household,building,role,joined,left,teams","fix":"看看是不是少了或多了逗号；姓名里有逗号的，要用英文双引号括起来"},
  {"path":"people.csv","line":9,"column":14,"level":"error","message":"没有身份 `elder`","expected":"points.toml 里定义的身份之一：party、resident","fix":null},
  {"path":"people.csv","line":10,"column":34,"level":"error","message":"编号 `P09` 的人迁出日期（2025年1月1日）早于迁入日期（2026年1月1日）","expected":"`left` 不早于 `joined`","fix":null},
  {"path":"people.csv","line":10,"column":45,"level":"error","message":"没有队伍 `choir`","expected":"points.toml 里定义的队伍编号，多个之间用 `;` 隔开：patrol-team、volunteers","fix":null},
  {"path":"people.csv","line":11,"column":1,"level":"error","message":"人员编号 `P06` 用了两次（第一次在第 7 行）","expected":"每个人员编号只用一次","fix":"给其中一人换一个新编号"},
  {"path":"people.csv","line":12,"column":1,"level":"error","message":"人员编号 `P 10` 不符合编号的写法：第 2 个字符是空格 U+0020","expected":"任何文字的字母或数字（如 P001、1栋、1栋-201），以及 `-`、`_`、`.`；不能有空格、逗号、引号或看不见的字符","fix":null},
  {"path":"people.csv","line":12,"column":6,"level":"error","message":"编号 `P 10` 的人没有填姓名","expected":"这个人的姓名","fix":null},
  {"path":"people.csv","line":12,"column":22,"level":"error","message":"`joined` 列的 `2026-02-30` 不是有效的日期","expected":"写成 YYYY-MM-DD 的真实日期，或者不填","fix":null}
]
"#,
        )
        .run();
}

#[test]
fn roster_header_findings_in_chinese() {
    Test::new()
        .fixture("basic")
        .file("people.csv", "id,name\n")
        .args(["--lang", "zh", "--format", "json", "check"])
        .status(1)
        .stdout(
            r#"[
  {"path":"people.csv","line":1,"column":null,"level":"error","message":"表头写的是 `id,name`","expected":"`id,name,household,building,role,joined,left`（后面还可以加 `,teams`）","fix":"请改正 people.csv 的第一行，各列必须按这个顺序排列；这个文件一行也没有读入"}
]
"#,
        )
        .run();
    Test::new()
        .fixture("basic")
        .file("people.csv", "")
        .args(["--lang", "zh", "--format", "json", "check"])
        .status(1)
        .stdout(
            r#"[
  {"path":"people.csv","line":1,"column":null,"level":"error","message":"花名册是空的：连表头一行都没有","expected":"表头 `id,name,household,building,role,joined,left`（后面还可以加 `,teams`）","fix":"在第一行写上表头（`points init` 会写好），下面每人一行"}
]
"#,
        )
        .run();
}

/// The basic fixture's points.toml with `from` replaced by `to` once.
fn basic_rules_with(from: &str, to: &str) -> Test {
    let text = std::fs::read_to_string(fixtures().join("basic/points.toml")).unwrap();
    assert!(text.contains(from), "{from:?} is not in the basic rules");
    Test::new()
        .fixture("basic")
        .file("points.toml", text.replacen(from, to, 1))
}

/// What the TOML reader finds (a file it cannot read as rules) reads as
/// sentences in both languages: (change, English finding, Chinese finding).
#[test]
fn toml_reader_findings_in_both_languages() {
    let cases: [(&str, &str, &str, &str); 7] = [
        (
            "per_person = 2",
            "per_peson = 2",
            r#""line":75,"column":1,"level":"error","message":"unknown field `per_peson`, expected one of `id`, `name`, `cost`, `costs`, `stock`, `per_person`","expected":null,"fix":"correct the spelling of the key, or remove it (unknown keys are refused so that a typo is never silently ignored)"}"#,
            r#""line":75,"column":1,"level":"error","message":"这里没有 `per_peson` 这个键，可以写的键有 `id`、`name`、`cost`、`costs`、`stock`、`per_person`","expected":null,"fix":"请改正键名的拼写，或者把它删掉（为了不让写错的键被悄悄忽略，不认识的键一律不接受）"}"#,
        ),
        (
            "name = \"测试小区\"\n",
            "\n",
            r#""line":1,"column":1,"level":"error","message":"missing field `name`","expected":null,"fix":"add the missing key"}"#,
            r#""line":1,"column":1,"level":"error","message":"缺少 `name` 这个键","expected":null,"fix":"请把缺少的键补上"}"#,
        ),
        (
            "per_person = 2",
            "per_person = \"2\"",
            r#""line":75,"column":14,"level":"error","message":"this value has the wrong type: write a whole number here, like 2","expected":null,"fix":"see the examples in `points init` or https://toml.io"}"#,
            r#""line":75,"column":14,"level":"error","message":"这个值的类型不对：这里要写整数，例如 2","expected":null,"fix":"可以参照 `points init` 生成的示例，或 https://toml.io 上的说明"}"#,
        ),
        (
            "veto = [\"law\"]",
            "veto = \"law\"",
            r#""line":88,"column":8,"level":"error","message":"this value has the wrong type: write a list in square brackets here, like [\"party\"]","expected":null,"fix":"see the examples in `points init` or https://toml.io"}"#,
            r#""line":88,"column":8,"level":"error","message":"这个值的类型不对：这里要写用方括号括起来的列表，例如 [\"party\"]","expected":null,"fix":"可以参照 `points init` 生成的示例，或 https://toml.io 上的说明"}"#,
        ),
        (
            "points = 2.5",
            "points = [2.5]",
            r#""line":41,"column":10,"level":"error","message":"this value has the wrong form","expected":null,"fix":"write points as a number (2 or 2.5) or per role ({ party = 3, resident = 2 }), dates as \"2026-01-01\""}"#,
            r#""line":41,"column":10,"level":"error","message":"这个值的写法不对","expected":null,"fix":"积分写成数字（2 或 2.5）或按身份分别写（{ party = 3, resident = 2 }），日期写成 \"2026-01-01\""}"#,
        ),
        (
            "points = 2.5",
            "points = 9223372036854775808",
            r#""line":41,"column":10,"level":"error","message":"this number is too large: the rules accept numbers up to 1000000000","expected":null,"fix":"write a number from -1000000000 to 1000000000"}"#,
            r#""line":41,"column":10,"level":"error","message":"这个数太大了：积分规则里的数值最大为 1000000000","expected":null,"fix":"请写 -1000000000 到 1000000000 之间的数"}"#,
        ),
        (
            "unit = \"分\"",
            "unit = \"分\"\nunit = \"分\"",
            r#""line":4,"column":1,"level":"error","message":"this is not valid TOML: duplicate key `unit`","expected":null,"fix":"see the examples in `points init` or https://toml.io"}"#,
            r#""line":4,"column":1,"level":"error","message":"这不符合 TOML 文件的写法：键 `unit` 写了两次","expected":null,"fix":"可以参照 `points init` 生成的示例，或 https://toml.io 上的说明"}"#,
        ),
    ];
    for (from, to, en, zh) in cases {
        for (lang, finding) in [("en", en), ("zh", zh)] {
            basic_rules_with(from, to)
                .args(["--lang", lang, "--format", "json", "check"])
                .status(1)
                .stdout(&format!("[\n  {{\"path\":\"points.toml\",{finding}\n]\n"))
                .run();
        }
    }
}

/// An item naming a category when the rules have none yet.
#[test]
fn a_reference_to_nothing_defined_yet() {
    let rules = "[scheme]\nname = \"x\"\n\n[[item]]\nid = \"patrol\"\nname = \"治安巡逻\"\ncategory = \"welfare\"\npoints = 2\n";
    for (lang, finding) in [
        (
            "en",
            r#""message":"unknown category `welfare`","expected":"an id defined under [[category]] in this file (there are none yet)""#,
        ),
        (
            "zh",
            r#""message":"没有编号为 `welfare` 的类别","expected":"本文件 [[category]] 下定义的编号（目前一个也没有）""#,
        ),
    ] {
        Test::new()
            .fixture("basic")
            .file("points.toml", rules)
            .args(["--lang", lang, "--format", "json", "check"])
            .status(1)
            .stdout_has(finding)
            .run();
    }
}

/// The sentences of `check --format json` on a book: message, expected and
/// fix of every finding.
fn sentences(t: Test, lang: &str) -> Vec<String> {
    let out = t
        .args(["--lang", lang, "--format", "json", "check"])
        .status(1)
        .run();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut all = Vec::new();
    for f in v.as_array().unwrap() {
        for k in ["message", "expected", "fix"] {
            if let Some(s) = f[k].as_str() {
                all.push(s.to_string());
            }
        }
    }
    assert!(all.len() > 10, "too few findings to judge: {all:?}");
    all
}

/// `s` without what it quotes from the files: `…`, "…", {…} and […].
fn prose(s: &str) -> String {
    let mut out = String::new();
    let mut close = None;
    for c in s.chars() {
        match close {
            Some(end) if c == end => close = None,
            Some(_) => {}
            None => match c {
                '`' => close = Some('`'),
                '"' => close = Some('"'),
                '{' => close = Some('}'),
                '[' => close = Some(']'),
                _ => out.push(c),
            },
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

/// Every ASCII word of the Chinese findings is a word of the book's files
/// (a key, a value, an id, a column) or the name of a format (TOML, CSV,
/// YYYY-MM-DD, a web address); the English findings hold no Chinese
/// outside what they quote from the files.
#[test]
fn chinese_findings_have_no_english_words_and_english_ones_no_chinese() {
    let files = format!(
        "{BROKEN_RULES}\n{}\n{BROKEN_ROSTER}",
        std::fs::read_to_string(fixtures().join("basic/people.csv")).unwrap()
    );
    // Words of the files, and the values points.toml takes that the
    // findings list as choices (each with its Chinese meaning beside it).
    let values = [
        "day",
        "week",
        "month",
        "quarter",
        "half-year",
        "year",
        "hour",
        "time",
        "earned",
        "balance",
        "lottery",
        "requests",
        "person",
        "household",
        "building",
        "any",
        "sum",
        "mean",
        "min",
        "max",
        "share",
        "clean",
    ];
    let formats = [
        "TOML",
        "CSV",
        "YYYY-MM-DD",
        "https",
        "toml",
        "io",
        "A-Z",
        "a-z",
        // A code point, `U+0020`: how a person finds the character.
        "U",
        // The example of an id in the id rule (如 P001、1栋).
        "P001",
    ];
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let known = |w: &str| {
        files.split(|c: char| !word(c)).any(|f| f == w)
            || values.contains(&w)
            || formats.contains(&w)
    };
    for t in [broken_rules, broken_roster] {
        for s in sentences(t(), "zh") {
            let p = prose(&s);
            let english: Vec<&str> = p
                .split(|c: char| !word(c))
                .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()) && !known(w))
                .collect();
            assert!(english.is_empty(), "English {english:?} in {s:?}");
            assert!(p.chars().any(is_cjk), "no Chinese in {s:?}");
        }
        for s in sentences(t(), "en") {
            assert!(!prose(&s).chars().any(is_cjk), "Chinese in {s:?}");
        }
    }
}
