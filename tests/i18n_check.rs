//! `points check` in Chinese through the real binary (SPEC §6): every kind of
//! finding with its "应为" and "处理办法" lines, the summary line, the book and
//! ledger-folder errors, Markdown with Chinese headers and levels, and JSON
//! whose keys and levels stay the same in both languages.

use crate::harness::Test;

/// Rows that break the rules: caps, max_qty, rates, roles, stays, units,
/// redemptions, and rows that are likely typos or double entries.
const RULE_ROWS: &str = r#"R01,2026-01-28,P01,earn,patrol,1,3,x,,
R02,2026-09-01,P02,earn,patrol,6,12,x,,
R03,2024-09-01,P01,earn,meeting,1,2,x,,
R04,2026-09-01,P01,earn,volunteer,2,4,x,,
R05,2026-09-01,P09,earn,patrol,1,2,x,,
R06,2026-09-01,P01,earn,nosuch,1,2,x,,
R07,2026-09-01,P02,earn,meeting,1,2,x,,
R08,2026-09-01,P04,earn,volunteer,1,2.5,x,,
R09,2026-09-02,P01,earn,volunteer,1.5,3.75,x,,
R10,2026-09-03,P01,earn,patrol,30,6,x,,
R11,2026-09-03,P01,redeem,umbrella,1,-40,x,,
R12,2026-09-04,P01,redeem,towel,9,-180,x,,
R13,2026-09-05,P02,earn,volunteer,100,250,x,,
R14,2026-09-05,P02,earn,volunteer,100,250,x,,
"#;

const RULE_FINDINGS: &str = r#"ledger/2026.csv:15:34: 错误：积分 `3` 比规则给的（0）多：治安巡逻给党员每小时 3 分，1 小时共 3 分；而治安巡逻每月上限 20 分，只剩 0 分
   |
15 | R01,2026-01-28,P01,earn,patrol,1,3,x,,
   |                                  ^
   = 应为：0
   = 处理办法：如果是直接改了积分规则里的分值，请把原来的分值改回去，用带日期的分值表（rates）记下新分值；否则请作废这条记录，再用 `points add` 重新记录
ledger/2026.csv:16:34: 错误：积分 `12` 比规则给的（8）多：治安巡逻给群众每小时 2 分，6 小时按 max_qty 只计 4 小时，共 8 分
   |
16 | R02,2026-09-01,P02,earn,patrol,6,12,x,,
   |                                  ^^
   = 应为：8
   = 处理办法：如果是直接改了积分规则里的分值，请把原来的分值改回去，用带日期的分值表（rates）记下新分值；否则请作废这条记录，再用 `points add` 重新记录
ledger/2026.csv:17:5: 错误：`meeting` 在2024年9月1日还没有分值：它的分值从2025年1月1日起才有
   |
17 | R03,2024-09-01,P01,earn,meeting,1,2,x,,
   |     ^^^^^^^^^^
   = 处理办法：请改正日期，或者在这个项目的分值表（rates）里加一段更早的分值
ledger/2026.csv:18:37: 错误：积分 `4` 比规则给的（5）少：志愿服务给党员每次 2.5 分，2 次共 5 分
   |
18 | R04,2026-09-01,P01,earn,volunteer,2,4,x,,
   |                                     ^
   = 应为：5
   = 处理办法：如果是直接改了积分规则里的分值，请把原来的分值改回去，用带日期的分值表（rates）记下新分值；否则请作废这条记录，再用 `points add` 重新记录
ledger/2026.csv:19:16: 错误：花名册里没有编号为 `P09` 的人
   |
19 | R05,2026-09-01,P09,earn,patrol,1,2,x,,
   |                ^^^
   = 应为：people.csv 里某个人的编号
   = 处理办法：请把这个人加进 people.csv，或者改正编号
ledger/2026.csv:20:25: 错误：积分规则里没有 `nosuch` 这个积分项目
   |
20 | R06,2026-09-01,P01,earn,nosuch,1,2,x,,
   |                         ^^^^^^
   = 应为：获得积分（earn）的记录要写 points.toml 里的积分项目：patrol、meeting、volunteer、littering、building
ledger/2026.csv:21:25: 错误：李四（P02）的身份是群众，不能获得 `meeting`（三会一课）的积分
   |
21 | R07,2026-09-01,P02,earn,meeting,1,2,x,,
   |                         ^^^^^^^
   = 应为：身份为党员的人
   = 处理办法：请作废这条记录：它本不该记
ledger/2026.csv:22:5: 错误：赵六（P04）2026年5月31日已迁出，2026年9月1日不能获得积分
   |
22 | R08,2026-09-01,P04,earn,volunteer,1,2.5,x,,
   |     ^^^^^^^^^^
   = 处理办法：请作废这条记录，或者改正 people.csv 里的迁入日期（joined）和迁出日期（left）
ledger/2026.csv:23:35: 错误：`volunteer` 按次数计，数量 `1.5` 必须是整数
   |
23 | R09,2026-09-02,P01,earn,volunteer,1.5,3.75,x,,
   |                                   ^^^
   = 应为：整数次数，例如 1 或 2
ledger/2026.csv:24:32: 错误：`patrol` 的时长 `30` 超过了 24 小时：一条记录只记一天里的一次活动
   |
24 | R10,2026-09-03,P01,earn,patrol,30,6,x,,
   |                                ^^
   = 应为：不超过 24 小时
   = 处理办法：请作废这条记录，按每天一条重新记录这次活动
ledger/2026.csv:25:38: 错误：兑换记录的积分 `-40` 应为 −分值 × 数量：雨伞在2026年9月3日的分值是 50，× 1 = -50
   |
25 | R11,2026-09-03,P01,redeem,umbrella,1,-40,x,,
   |                                      ^^^
   = 应为：-50
   = 处理办法：请作废这条记录，再用 `points redeem` 重新兑换
ledger/2026.csv:26: 提醒：这次兑换后，张三（P01）在2026年9月4日的可用积分变成了 -166.25
   |
26 | R12,2026-09-04,P01,redeem,towel,9,-180,x,,
   = 处理办法：请查看它之前的记录；如果这次兑换本不该发生，请作废它
ledger/2026.csv:27:39: 提醒：一条记录的积分 `250` 超过了 max_row_points（100），很可能是输错了
   |
27 | R13,2026-09-05,P02,earn,volunteer,100,250,x,,
   |                                       ^^^
   = 处理办法：如果记错了，请作废这条记录后重新记录；如果没错，可以不管它（或者调高 points.toml 里的 max_row_points）
ledger/2026.csv:28:39: 提醒：一条记录的积分 `250` 超过了 max_row_points（100），很可能是输错了
   |
28 | R14,2026-09-05,P02,earn,volunteer,100,250,x,,
   |                                       ^^^
   = 处理办法：如果记错了，请作废这条记录后重新记录；如果没错，可以不管它（或者调高 points.toml 里的 max_row_points）
ledger/2026.csv:28: 提醒：可能重复录入：除记录编号外，各项都与 ledger/2026.csv:27 的记录相同
   |
28 | R14,2026-09-05,P02,earn,volunteer,100,250,x,,
   = 处理办法：如果确实录了两次（例如在两份副本上各录了一次），请用 `points void 编号 --reason "重复录入"` 作废其中一条
检查未通过：错误 11 处，提醒 4 条（2 个台账文件共 31 行，花名册 6 人，积分项目 5 个）
"#;

/// Voids that are wrong in every way a void can be, and a reused id.
const VOID_ROWS: &str = r#"V01,2026-09-02,P01,earn,patrol,2,6,x,,
V02,2026-09-03,P01,void,patrol,2,-6,x,,
V03,2026-09-03,P02,void,volunteer,1,-7,x,V01,
V04,2026-09-03,P01,void,patrol,2,-6,x,V01,
V05,2026-09-03,P01,void,patrol,2,-6,x,V99,
V06,2026-09-03,P01,void,patrol,2,6,x,V03,
V01,2026-09-04,P01,earn,volunteer,1,2.5,x,,
"#;

const VOID_FINDINGS: &str = r#"ledger/2026.csv:16:39: 错误：这条作废记录没有写明要作废哪一条记录
   |
16 | V02,2026-09-03,P01,void,patrol,2,-6,x,,
   |                                       ^
   = 应为：在 `ref` 列写上要作废的那条记录的编号
ledger/2026.csv:17:16: 错误：这条作废记录写的是 `P02`，但记录 `V01` 是 `P01` 的
   |
17 | V03,2026-09-03,P02,void,volunteer,1,-7,x,V01,
   |                ^^^
   = 应为：P01
ledger/2026.csv:17:25: 错误：这条作废记录写的是 `volunteer`，但记录 `V01` 是 `patrol` 的
   |
17 | V03,2026-09-03,P02,void,volunteer,1,-7,x,V01,
   |                         ^^^^^^^^^
   = 应为：patrol
ledger/2026.csv:17:35: 错误：这条作废记录的数量是 `1`，但记录 `V01` 的数量是 `2`
   |
17 | V03,2026-09-03,P02,void,volunteer,1,-7,x,V01,
   |                                   ^
   = 应为：2
ledger/2026.csv:17:37: 错误：这条作废记录的积分是 `-7`，但它必须正好抵消记录 `V01` 的积分
   |
17 | V03,2026-09-03,P02,void,volunteer,1,-7,x,V01,
   |                                     ^^
   = 应为：-6
ledger/2026.csv:18:39: 错误：记录 `V01` 被作废了两次：它已经由 `V03`（ledger/2026.csv:17）作废过
   |
18 | V04,2026-09-03,P01,void,patrol,2,-6,x,V01,
   |                                       ^^^
   = 应为：每条记录最多作废一次
   = 处理办法：第二次作废不起作用（一条记录只能作废一次）：如果这一行是误写的，请删掉它
ledger/2026.csv:19:39: 错误：这条作废记录要作废 `V99`，但前面没有这个编号的记录
   |
19 | V05,2026-09-03,P01,void,patrol,2,-6,x,V99,
   |                                       ^^^
   = 应为：台账里排在前面的某条记录的编号
   = 处理办法：请改正 `ref` 列里的编号（`points show 编号` 可以列出一个人的所有记录和记录编号）
ledger/2026.csv:20:38: 错误：`V03` 本身就是作废记录，作废记录不能再作废
   |
20 | V06,2026-09-03,P01,void,patrol,2,6,x,V03,
   |                                      ^^^
   = 处理办法：要撤销一次作废，请用 `points add` 把原来那条记录重新记一遍
ledger/2026.csv:21:1: 错误：记录编号 `V01` 已经在 ledger/2026.csv:15 用过了
   |
21 | V01,2026-09-04,P01,earn,volunteer,1,2.5,x,,
   | ^^^
   = 应为：整个账本里只用一次的编号
   = 处理办法：请给这一行换一个不重复的编号（如果同一条记录录了两次，先换一个新编号，再用 `points void` 作废它：作废记录是按编号找到要作废的记录的）
检查未通过：错误 9 处，提醒 0 条（2 个台账文件共 24 行，花名册 6 人，积分项目 5 个）
"#;

/// Rows that cannot be read, a ledger with a wrong header, and entries of
/// the ledger folder that are not ledgers.
const FORM_ROWS: &str = r#"bad id,2026-13-01,P01,earn,patrol,x,1.234,x,,
F02,2026-09-01,P 1,bonus,pat rol,,,x,,
F03,2026-09-04,P01,earn
"#;

const FORM_FINDINGS: &str = r#"ledger/notes.txt: 错误：这个文件不是台账：台账文件名要以 .csv 结尾
  = 处理办法：如果它是台账，请把文件名改成以 .csv 结尾；否则请把它移出台账文件夹，或者改名为以点开头（points 不读这样的文件）
ledger/sub: 错误：这是台账文件夹里的一个子文件夹，子文件夹里的台账不会被读取
  = 处理办法：请把它移出台账文件夹，或者改名为以点开头（points 不读这样的文件）
ledger/2024.csv:1: 错误：表头写成了 `id,date`
  |
1 | id,date
  = 应为：表头 `id,date,person,kind,item,qty,points,by,ref,note`
  = 处理办法：请改正第一行；这个文件里的内容都还没有读
ledger/2026.csv:15:1: 错误：`bad id` 不是有效的记录编号
   |
15 | bad id,2026-13-01,P01,earn,patrol,x,1.234,x,,
   | ^^^^^^
   = 应为：英文字母 A-Z a-z、数字、`_` 或 `-`（不能有空格，不能有汉字）
ledger/2026.csv:15:8: 错误：`2026-13-01` 不是有效的日期
   |
15 | bad id,2026-13-01,P01,earn,patrol,x,1.234,x,,
   |        ^^^^^^^^^^
   = 应为：写成 YYYY-MM-DD 的真实日期，例如 2026-03-01
ledger/2026.csv:15:35: 错误：qty 列的值 `x` 不是数字（应写成 12、-5 或 2.5 这样的数）
   |
15 | bad id,2026-13-01,P01,earn,patrol,x,1.234,x,,
   |                                   ^
   = 应为：最多两位小数的数，例如 2、-5 或 1.5
ledger/2026.csv:15:37: 错误：points 列的值 `1.234` 的小数超过了两位
   |
15 | bad id,2026-13-01,P01,earn,patrol,x,1.234,x,,
   |                                     ^^^^^
   = 应为：最多两位小数的数，例如 2、-5 或 1.5
ledger/2026.csv:16:16: 错误：`P 1` 不是人员编号：第 2 个字符是空格 U+0020
   |
16 | F02,2026-09-01,P 1,bonus,pat rol,,,x,,
   |                ^^^
   = 应为：people.csv 里某个人的编号
ledger/2026.csv:16:20: 错误：`bonus` 不是记录类型
   |
16 | F02,2026-09-01,P 1,bonus,pat rol,,,x,,
   |                    ^^^^^
   = 应为：earn（获得积分）、redeem（兑换）、void（作废）或 open（期初积分）
ledger/2026.csv:16:26: 错误：`pat rol` 不是项目编号：第 4 个字符是空格 U+0020
   |
16 | F02,2026-09-01,P 1,bonus,pat rol,,,x,,
   |                          ^^^^^^^
   = 应为：points.toml 里某个积分项目、兑换物品或类别的编号
ledger/2026.csv:16:34: 错误：qty 列的值 `` 是空的
   |
16 | F02,2026-09-01,P 1,bonus,pat rol,,,x,,
   |                                  ^
   = 应为：最多两位小数的数，例如 2、-5 或 1.5
ledger/2026.csv:16:35: 错误：points 列的值 `` 是空的
   |
16 | F02,2026-09-01,P 1,bonus,pat rol,,,x,,
   |                                   ^
   = 应为：最多两位小数的数，例如 2、-5 或 1.5
ledger/2026.csv:17: 错误：这一行有 4 格
   |
17 | F03,2026-09-04,P01,earn
   = 应为：10 格：id,date,person,kind,item,qty,points,by,ref,note
   = 处理办法：请检查是不是少了或多了逗号；备注里有逗号时，要用英文双引号 "…" 括起来
检查未通过：错误 13 处，提醒 0 条（3 个台账文件共 20 行，花名册 6 人，积分项目 5 个）
"#;

#[test]
fn check_reports_rule_findings_in_chinese() {
    Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", RULE_ROWS)
        .args(["--lang", "zh", "check"])
        .stdout(RULE_FINDINGS)
        .status(1)
        .unchanged()
        .run();
}

#[test]
fn check_reports_void_findings_in_chinese() {
    Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", VOID_ROWS)
        .args(["--lang", "zh", "check"])
        .stdout(VOID_FINDINGS)
        .status(1)
        .run();
}

#[test]
fn check_reports_form_and_folder_findings_in_chinese() {
    let t = Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", FORM_ROWS)
        .file("ledger/2024.csv", "id,date\n")
        .file("ledger/notes.txt", "x\n");
    std::fs::create_dir(t.path().join("ledger/sub")).unwrap();
    t.args(["--lang", "zh", "check"])
        .stdout(FORM_FINDINGS)
        .status(1)
        .run();
}

#[test]
fn the_summary_line_in_chinese() {
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "check"])
        .stdout(
            r#"检查通过：2 个台账文件共 17 行，花名册 6 人，积分项目 5 个；提醒 0 条
"#,
        )
        .run();
    // Without rules, the ledgers are read for form only.
    let t = Test::new().fixture("basic");
    std::fs::remove_file(t.path().join("points.toml")).unwrap();
    t.args(["--lang", "zh", "check"])
        .stdout(
            r#"points.toml: 错误：这个文件不存在
  = 处理办法：请运行 `points init` 新建一个积分账本，或者用 --book 指向账本所在的文件夹
检查未通过：错误 1 处，提醒 0 条（积分规则 points.toml 无法读取，2 个台账文件共 17 行只检查了格式）
"#,
        )
        .status(1)
        .run();
    // People whose roster row has errors: their rows are read for form only.
    let t = Test::new().fixture("basic");
    let people = std::fs::read_to_string(t.path().join("people.csv")).unwrap();
    t.file("people.csv", people.replace("P06,孙七,H3,B2,resident", "P06,孙七,H3,B2,nobody"))
        .args(["--lang", "zh", "check"])
        .stdout_has("\n检查未通过：错误 1 处，提醒 0 条（2 个台账文件共 17 行，花名册 5 人，积分项目 5 个；people.csv 里有错误的 1 人，其台账记录只检查了格式）\n")
        .status(1)
        .run();
}

#[test]
fn a_missing_book_folder_in_chinese() {
    let shown = "nosuch: 错误：积分账本文件夹不存在
  = 处理办法：请用 --book 文件夹 或环境变量 $POINTS_BOOK 指明账本文件夹，或者用 `points init 文件夹` 新建一个积分账本
";
    Test::new()
        .args(["--lang", "zh", "--book", "nosuch", "check"])
        .stdout(&format!(
            "{shown}检查未通过：错误 1 处，提醒 0 条（积分账本无法读取）\n"
        ))
        .status(1)
        .run();
    // Every command shows a book's problems the same way (on stderr).
    Test::new()
        .args(["--lang", "zh", "--book", "nosuch", "balance"])
        .stdout("")
        .stderr(shown)
        .status(1)
        .run();
}

#[test]
fn check_says_in_chinese_what_it_could_not_check() {
    Test::new()
        .fixture("basic")
        .env("TMPDIR", "/nonexistent/points-tmp")
        .args(["--lang", "zh", "check"])
        .stdout_has("/nonexistent/points-tmp: 错误：无法检查重复的记录编号和可能的重复录入，因为临时文件夹 /nonexistent/points-tmp 里的临时文件无法写入或读取：找不到文件或文件夹（系统提示：")
        .stdout_has("。其余各项都已检查\n  = 处理办法：请确认这个文件夹存在且有剩余空间（或把环境变量 TMPDIR 设为这样的文件夹），然后再运行一次 `points check`\n检查未通过：错误 1 处，提醒 0 条（2 个台账文件共 17 行，花名册 6 人，积分项目 5 个）\n")
        .status(1)
        .run();
}

/// A double entry (a warning) and an unknown person (an error).
const MIXED_ROWS: &str = r#"M01,2026-09-05,P02,earn,volunteer,1,2.5,x,,
M02,2026-09-05,P02,earn,volunteer,1,2.5,x,,
M03,2026-09-05,P09,earn,volunteer,1,2.5,x,,
"#;

#[test]
fn check_as_markdown_in_chinese_names_the_levels() {
    Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", MIXED_ROWS)
        .args(["--lang", "zh", "--format", "md", "check"])
        .stdout(r#"## 积分账本检查结果

| 文件 | 行 | 列 | 级别 | 问题 | 应为 | 处理办法 |
| --- | ---: | --- | --- | --- | --- | --- |
| ledger/2026.csv | 16 | — | 提醒 | 可能重复录入：除记录编号外，各项都与 ledger/2026.csv:15 的记录相同 | — | 如果确实录了两次（例如在两份副本上各录了一次），请用 `points void 编号 --reason "重复录入"` 作废其中一条 |
| ledger/2026.csv | 17 | 16 | 错误 | 花名册里没有编号为 `P09` 的人 | people.csv 里某个人的编号 | 请把这个人加进 people.csv，或者改正编号 |

检查未通过：错误 1 处，提醒 1 条（2 个台账文件共 20 行，花名册 6 人，积分项目 5 个）  
"#)
        .status(1)
        .run();
    // CSV keeps its header and the levels as ids.
    Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", MIXED_ROWS)
        .args(["--lang", "zh", "--format", "csv", "check"])
        .stdout_has(
            "path,line,column,level,message,expected,fix\nledger/2026.csv,16,,warning,可能重复录入",
        )
        .stdout_has("\nledger/2026.csv,17,16,error,花名册里没有编号为 `P09` 的人,")
        .status(1)
        .run();
}

/// `check --format json`: the same keys, places and levels in both
/// languages; only the words for people (message, expected, fix) differ.
#[test]
fn check_json_keeps_its_keys_and_levels_in_chinese() {
    let json = |lang: &str| {
        let out = Test::new()
            .fixture("basic")
            .append("ledger/2026.csv", RULE_ROWS)
            .args(["--lang", lang, "--format", "json", "check"])
            .status(1)
            .run();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array().unwrap().clone()
    };
    let (zh, en) = (json("zh"), json("en"));
    assert_eq!(zh.len(), 15);
    assert_eq!(zh.len(), en.len());
    let keys = [
        "path", "line", "column", "level", "message", "expected", "fix",
    ];
    for (z, e) in zh.iter().zip(&en) {
        let (z, e) = (z.as_object().unwrap(), e.as_object().unwrap());
        assert_eq!(z.keys().collect::<Vec<_>>(), e.keys().collect::<Vec<_>>());
        assert_eq!(z.len(), keys.len());
        for k in ["path", "line", "column", "level"] {
            assert_eq!(z[k], e[k], "{k}");
        }
        assert!(["error", "warning"].contains(&z["level"].as_str().unwrap()));
        assert_ne!(z["message"], e["message"]);
        assert!(z["message"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    }
    assert_eq!(en[0]["message"], "points `3` are more than the rules give (0): 治安巡逻 gives 3 per hour to a 党员, × 1 = 3, and the monthly cap of 20 on 治安巡逻 leaves 0");
}

/// The words of the Chinese output of `check`, once the data is taken out:
/// the lines quoted from the files, the place (`path:line:col:`), and what
/// stands in backticks (ids, values, commands to type).
fn english_words(out: &str) -> Vec<String> {
    let mut words = Vec::new();
    for line in out.lines() {
        let t = line.trim_start();
        // `15 | row…` and `   |   ^^^`: the file's own line and the caret.
        let quoted = t
            .split_once('|')
            .is_some_and(|(g, _)| g.trim().chars().all(|c| c.is_ascii_digit()));
        if quoted {
            continue;
        }
        // The place: `ledger/2026.csv:15:34: ` (a path is data).
        let t = match t.split_once(": ") {
            Some((place, rest)) if !place.contains(' ') && place.contains(['/', '.']) => rest,
            _ => t,
        };
        let mut plain = String::new();
        for (k, part) in t.split('`').enumerate() {
            if k % 2 == 0 {
                plain.push_str(part);
                plain.push(' ');
            }
        }
        for w in plain.split(|c: char| !c.is_ascii_alphabetic() && c != '_' && c != '.') {
            let w = w.trim_matches('.');
            if w.chars().filter(char::is_ascii_alphabetic).count() >= 2 {
                words.push(w.to_string());
            }
        }
    }
    words
}

#[test]
fn chinese_check_output_has_no_english_words_but_data() {
    // Data in the messages: file names, the ledger's columns and kinds,
    // the keys of points.toml, formats and names the user types, and the
    // book's item ids (shown as the ledger writes them).
    let allowed = [
        // files and paths (`ledger/2026.csv`)
        "ledger",
        "csv",
        "points.toml",
        "people.csv",
        // the ledger's header, its columns and kinds
        "id",
        "date",
        "person",
        "kind",
        "item",
        "qty",
        "points",
        "by",
        "ref",
        "note",
        "earn",
        "redeem",
        "void",
        "open",
        // keys of points.toml and people.csv
        "rates",
        "max_qty",
        "max_row_points",
        "joined",
        "left",
        // how a date is written
        "YYYY",
        "MM",
        "DD",
        // the book's item ids, as its ledger writes them
        "patrol",
        "meeting",
        "volunteer",
        "littering",
        "building",
    ];
    let mut outs = vec![
        RULE_FINDINGS.to_string(),
        VOID_FINDINGS.to_string(),
        FORM_FINDINGS.to_string(),
    ];
    let md = Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", MIXED_ROWS)
        .args(["--lang", "zh", "--format", "md", "check"])
        .status(1)
        .run();
    outs.push(String::from_utf8(md.stdout).unwrap());
    let mut bad: Vec<String> = outs
        .iter()
        .flat_map(|o| english_words(o))
        .filter(|w| !allowed.contains(&w.as_str()))
        .collect();
    bad.sort();
    bad.dedup();
    assert!(
        bad.is_empty(),
        "English words in the Chinese output: {bad:?}"
    );
    // And the test sees English where there is some: the same book in English.
    let en = Test::new()
        .fixture("basic")
        .append("ledger/2026.csv", RULE_ROWS)
        .args(["--lang", "en", "check"])
        .status(1)
        .run();
    let en = english_words(&String::from_utf8(en.stdout).unwrap());
    for w in ["error", "unknown", "expected", "fix", "warning", "rows"] {
        assert!(en.iter().any(|e| e == w), "{w} not seen in {en:?}");
    }
}
