//! `points add` at a terminal: the real binary in a pseudo-terminal
//! (rexpect), answering its prompts as a person would, then the ledger
//! read back. Every step waits for the text it answers (no sleeps), with
//! generous timeouts for a busy CI machine.

use crate::harness::{copy_dir, snapshot, Test, BIN};
use rexpect::process::WaitStatus;
use rexpect::session::{spawn_with_options, Options, PtySession};
use std::path::Path;
use std::process::Command;

const DOWN: &str = "\x1b[B";
const TAB: &str = "\t";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

/// A copy of the demo book in a fresh folder.
fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("ledgers/demo"),
        dir.path(),
    );
    dir
}

/// `points ARGS` in a pseudo-terminal of 120×40 in `book`, environment
/// pinned (English, `POINTS_LANG=en`, whatever the book's `[scheme] lang`).
fn spawn(book: &Path, args: &[&str]) -> PtySession {
    spawn_in(book, args, "")
}

/// As [`spawn`], with a redirection of the command's output (`> out.txt`).
fn spawn_in(book: &Path, args: &[&str], redirect: &str) -> PtySession {
    let mut c = Command::new("sh");
    // A new pty has no size; give it one as a terminal window would.
    c.arg("-c")
        .arg(format!(
            "stty cols 120 rows 40 && exec \"$0\" \"$@\" {redirect}"
        ))
        .arg(BIN)
        .args(args)
        .current_dir(book)
        .env_remove("POINTS_BOOK")
        .env("POINTS_LANG", "en")
        .env("POINTS_TODAY", "2026-11-27")
        .env("POINTS_ID_SEED", "7")
        .env("TZ", "UTC")
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .env("USER", "tester")
        .env("HOME", book)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    let options = Options::default()
        .timeout_ms(Some(60_000))
        .strip_ansi_escape_codes(true);
    spawn_with_options(c, options).unwrap()
}

/// The terminal's bytes as rexpect reads them (one char per byte).
fn raw(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

/// Output read back as rexpect gives it: UTF-8 again.
fn text(read: &str) -> String {
    let bytes: Vec<u8> = read.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Wait for `text`, then type `keys`.
fn answer(p: &mut PtySession, text: &str, keys: &str) {
    if let Err(e) = p.exp_string(&raw(text)) {
        panic!("waiting for {text:?}: {e}");
    }
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// The rest of the output and the exit code.
fn finish(mut p: PtySession) -> (String, i32) {
    let rest = text(&p.exp_eof().unwrap());
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => (rest, code),
        other => panic!("points did not exit normally: {other:?}\n{rest}"),
    }
}

/// The rows added to the book's 2026 ledger since `before`.
fn added(book: &Path, before: &str) -> String {
    let now = std::fs::read_to_string(book.join("ledger/2026.csv")).unwrap();
    now.strip_prefix(before).unwrap().to_string()
}

/// Pick the item by pinyin, two people (pinyin initials of a shared name,
/// then a name), hours, today's date, a note; confirm: the rows are written.
#[test]
fn asks_for_item_and_people_then_writes_on_yes() {
    let book = demo();
    let before = std::fs::read_to_string(book.path().join("ledger/2026.csv")).unwrap();
    let mut p = spawn(book.path(), &["add"]);
    answer(&mut p, "Item:", "zaxl");
    answer(&mut p, "治安巡逻 (patrol)", ENTER);
    // `zw`: both people called 张伟 are offered; the second is picked.
    answer(&mut p, "People:", "zw");
    p.exp_string(&raw("张伟 (P027 · B1-301)")).unwrap();
    answer(
        &mut p,
        "张伟 (P213 · B4-301)",
        &format!("{DOWN}{DOWN}{TAB}"),
    );
    answer(&mut p, "张伟 (P213 · B4-301), ", "朱志");
    answer(&mut p, "朱志强 (P063 · B2-101)", &format!("{TAB}{ENTER}"));
    answer(&mut p, "Hours:", &format!("2{ENTER}"));
    answer(&mut p, "Date:", ENTER);
    answer(&mut p, "Note:", &format!("夜间巡逻{ENTER}"));
    answer(
        &mut p,
        "dry run: 2 rows would be written to ledger/2026.csv",
        "",
    );
    answer(
        &mut p,
        "Write these rows to the ledger?",
        &format!("y{ENTER}"),
    );
    answer(&mut p, "recorded 2 rows in ledger/2026.csv", "");
    let (_, code) = finish(p);
    assert_eq!(code, 0);
    let rows: Vec<String> = added(book.path(), &before)
        .lines()
        .map(|l| l.split_once(',').unwrap().1.to_string())
        .collect();
    assert_eq!(
        rows,
        [
            "2026-11-27,P213,earn,patrol,2,4,tester,,夜间巡逻",
            "2026-11-27,P063,earn,patrol,2,3.5,tester,,夜间巡逻",
        ]
    );
    // The rows count like any other: P063's patrol cap (cut 4 to 3.5 above)
    // is now used up, so the same patrol again would earn P063 nothing.
    let mut again = std::process::Command::new(BIN);
    let out = again
        .args(["--format", "csv", "add", "patrol", "--people", "P213,P063"])
        .args(["--qty", "2", "--dry-run"])
        .current_dir(book.path())
        .env("POINTS_LANG", "en")
        .env("POINTS_TODAY", "2026-11-27")
        .env("USER", "tester")
        .output()
        .unwrap();
    let dry = String::from_utf8(out.stdout).unwrap();
    let points: Vec<&str> = dry
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(7).unwrap())
        .collect();
    assert_eq!(points, ["4", "0"], "{dry}");
}

/// Given the item and the people, it asks only for what is missing; "no"
/// (or Enter: the default) writes nothing and says so.
#[test]
fn no_writes_nothing() {
    let book = demo();
    let before = snapshot(book.path());
    let mut p = spawn(book.path(), &["add", "meeting", "--date", "2026-11-20"]);
    answer(&mut p, "People:", "P027");
    answer(&mut p, "张伟 (P027 · B1-301)", ENTER);
    answer(&mut p, "Times:", ENTER);
    answer(&mut p, "Note:", ENTER);
    answer(&mut p, "dry run: 1 row would be written", "");
    answer(&mut p, "(y/N)", ENTER);
    let (rest, code) = finish(p);
    assert!(rest.contains("Nothing was written."), "{rest}");
    assert_eq!(code, 1);
    assert!(snapshot(book.path()) == before, "the book changed");
}

/// Ctrl-C or Esc at any prompt stops with nothing written, exit 1.
#[test]
fn ctrl_c_and_esc_write_nothing() {
    let book = demo();
    let before = snapshot(book.path());
    for (args, prompt, keys) in [
        (&["add"][..], "Item:", "\x03"),
        (
            &["add", "patrol", "--qty", "2", "--date", "2026-11-20"][..],
            "People:",
            ESC,
        ),
        (
            &["add", "--people", "P027", "--note", "x"][..],
            "Item:",
            "\x03",
        ),
    ] {
        let mut p = spawn(book.path(), args);
        answer(&mut p, prompt, keys);
        let (rest, code) = finish(p);
        assert!(
            rest.contains("Cancelled: nothing was written."),
            "{args:?}: {rest}"
        );
        assert_eq!(code, 1, "{args:?}");
    }
    // Later prompts too: at the note, and at the last question.
    for (stop_at, keys) in [("Note:", "\x03"), ("(y/N)", ESC)] {
        let mut p = spawn(book.path(), &["add", "meeting"]);
        answer(&mut p, "People:", "P027");
        answer(&mut p, "张伟 (P027 · B1-301)", ENTER);
        answer(&mut p, "Times:", ENTER);
        answer(&mut p, "Date:", ENTER);
        if stop_at == "(y/N)" {
            answer(&mut p, "Note:", ENTER);
        }
        answer(&mut p, stop_at, keys);
        let (rest, code) = finish(p);
        assert!(rest.contains("Cancelled: nothing was written."), "{rest}");
        assert_eq!(code, 1);
    }
    assert!(snapshot(book.path()) == before, "the book changed");
}

/// A mistyped person is refused at the prompt, which asks again.
#[test]
fn an_unknown_person_is_asked_again() {
    let book = demo();
    let before = std::fs::read_to_string(book.path().join("ledger/2026.csv")).unwrap();
    let mut p = spawn(
        book.path(),
        &["add", "cleanup", "--date", "2026-11-26", "--note", "x"],
    );
    answer(&mut p, "People:", &format!("张伟{ENTER}"));
    answer(&mut p, "2 people are named", "");
    // Delete the two characters typed, and type the id instead.
    p.send("\x7f\x7f").unwrap();
    answer(&mut p, "People:", &format!("P027{ENTER}"));
    answer(&mut p, "Times:", ENTER);
    answer(&mut p, "(y/N)", &format!("y{ENTER}"));
    let (_, code) = finish(p);
    assert_eq!(code, 0);
    let row = added(book.path(), &before);
    assert!(
        row.ends_with(",2026-11-26,P027,earn,cleanup,1,2,tester,,x\n"),
        "{row}"
    );
}

/// ITEM by its name: asked hours (an hourly item), written with its id.
/// An unknown ITEM is refused before anything is asked.
#[test]
fn item_by_name_and_an_unknown_item() {
    let book = demo();
    let before = std::fs::read_to_string(book.path().join("ledger/2026.csv")).unwrap();
    let mut p = spawn(book.path(), &["add", "治安巡逻", "--note", "x"]);
    answer(&mut p, "People:", &format!("P213{ENTER}"));
    answer(&mut p, "Hours:", &format!("1.5{ENTER}"));
    answer(&mut p, "Date:", &format!("2026-11-25{ENTER}"));
    answer(&mut p, "(y/N)", &format!("y{ENTER}"));
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    let row = added(book.path(), &before);
    assert!(
        row.ends_with(",2026-11-25,P213,earn,patrol,1.5,3,tester,,x\n"),
        "{row}"
    );
    let before = snapshot(book.path());
    let p = spawn(book.path(), &["add", "巡逻"]);
    let (rest, code) = finish(p);
    assert_eq!(code, 1);
    assert!(
        rest.starts_with("error: no item has the id `巡逻` in points.toml; the items are: "),
        "{rest}"
    );
    assert!(snapshot(book.path()) == before, "the book changed");
}

/// With stdout going to a file, the preview and questions stay on the
/// terminal, and the file gets what was written.
#[test]
fn the_preview_shows_on_the_terminal_when_stdout_is_a_file() {
    let book = demo();
    let mut p = spawn_in(
        book.path(),
        &["add", "meeting", "--date", "2026-11-20", "--note", "x"],
        "> out.txt",
    );
    answer(&mut p, "People:", &format!("P027{ENTER}"));
    answer(&mut p, "Times:", ENTER);
    answer(
        &mut p,
        "dry run: 1 row would be written to ledger/2026.csv",
        "",
    );
    answer(&mut p, "(y/N)", &format!("y{ENTER}"));
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    let out = std::fs::read_to_string(book.path().join("out.txt")).unwrap();
    assert!(
        out.starts_with("recorded 1 row in ledger/2026.csv\n"),
        "{out}"
    );
    assert!(!out.contains("dry run"), "{out}");
}

/// In Chinese (`--lang zh`, over `POINTS_LANG=en`): every prompt, help
/// line, the preview and the question are Chinese; "n" writes nothing, "y"
/// writes the row.
#[test]
fn asks_in_chinese_with_lang_zh() {
    let book = demo();
    let before = std::fs::read_to_string(book.path().join("ledger/2026.csv")).unwrap();
    let snap = snapshot(book.path());
    let mut p = spawn(book.path(), &["--lang", "zh", "add", "--note", "x"]);
    answer(&mut p, "项目：", "");
    answer(
        &mut p,
        "输入编号、名称或拼音首字母（如 zaxl）筛选，↑↓ 移动，回车选定",
        "wszz",
    );
    answer(&mut p, "卫生整治 (cleanup)", ENTER);
    answer(&mut p, "人员：", "");
    answer(
        &mut p,
        "输入编号、姓名或拼音首字母（如 张伟 输入 zw）；按 Tab 补全，多人之间用逗号隔开",
        &format!("张伟{ENTER}"),
    );
    answer(&mut p, "有 2 人都叫 `张伟`，请改用要找的那个人的编号：", "");
    p.send("\x7f\x7f").unwrap();
    answer(&mut p, "人员：", &format!("P027{ENTER}"));
    answer(&mut p, "次数：", ENTER);
    answer(&mut p, "日期：", "");
    answer(&mut p, "活动的日期，写成 YYYY-MM-DD", ENTER);
    answer(
        &mut p,
        "试运行：将在 ledger/2026.csv 写入 1 条记录；本次没有写入任何记录",
        "",
    );
    answer(&mut p, "把这些记录写入台账吗？", "");
    answer(
        &mut p,
        "输入 y 写入；输入 n 或直接按回车则不写入",
        &format!("n{ENTER}"),
    );
    let (rest, code) = finish(p);
    assert!(rest.contains("本次没有写入任何记录。"), "{rest}");
    assert!(!rest.contains("Nothing"), "{rest}");
    assert_eq!(code, 1);
    assert!(snapshot(book.path()) == snap, "the book changed");

    let mut p = spawn(
        book.path(),
        &["--lang", "zh", "add", "cleanup", "--note", "x"],
    );
    answer(&mut p, "人员：", &format!("P027{ENTER}"));
    answer(&mut p, "次数：", ENTER);
    answer(&mut p, "日期：", ENTER);
    answer(&mut p, "把这些记录写入台账吗？", &format!("y{ENTER}"));
    answer(&mut p, "已在 ledger/2026.csv 记入 1 条记录", "");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    let row = added(book.path(), &before);
    assert!(
        row.ends_with(",2026-11-27,P027,earn,cleanup,1,2,tester,,x\n"),
        "{row}"
    );
}

/// Esc in Chinese: cancelled, in Chinese.
#[test]
fn cancelled_in_chinese() {
    let book = demo();
    let before = snapshot(book.path());
    let mut p = spawn(book.path(), &["--lang", "zh", "add", "patrol"]);
    answer(&mut p, "人员：", ESC);
    let (rest, code) = finish(p);
    assert!(rest.contains("已取消，本次没有写入任何记录。"), "{rest}");
    assert_eq!(code, 1);
    assert!(snapshot(book.path()) == before, "the book changed");
}

/// Without a terminal, a missing ITEM or --people stays a usage error.
#[test]
fn without_a_terminal_it_is_a_usage_error() {
    for args in [&["add"][..], &["add", "patrol", "--qty", "2"][..]] {
        Test::new()
            .fixture("basic")
            .args(args.iter().copied())
            .stderr("error: `points add` needs an ITEM and --people, like `points add patrol --people 朱志强,P027 --qty 2`; it asks for them only at a terminal.\n")
            .status(2)
            .unchanged()
            .run();
    }
}

/// The same usage error in Chinese.
#[test]
fn without_a_terminal_it_is_a_usage_error_in_chinese() {
    Test::new()
        .fixture("basic")
        .args(["--lang", "zh", "add"])
        .stderr("错误：`points add` 需要写明项目和 --people，例如 `points add patrol --people 朱志强,P027 --qty 2`；只有在终端里运行时才会逐项询问。\n")
        .status(2)
        .unchanged()
        .run();
}

/// An item whose points are a range (the demo's 矛盾调解, 5～10): the points
/// per time are asked after the date, a value outside the range is refused
/// at the prompt, and the row gets the value typed (7 × 1 = 7).
#[test]
fn asks_for_the_points_of_a_range_item() {
    let book = demo();
    let before = std::fs::read_to_string(book.path().join("ledger/2026.csv")).unwrap();
    let mut p = spawn(book.path(), &["add", "mediation", "--note", "x"]);
    answer(&mut p, "People:", &format!("P027{ENTER}"));
    answer(&mut p, "Times:", ENTER);
    answer(&mut p, "Date:", &format!("2026-11-26{ENTER}"));
    answer(&mut p, "Points per time (5 to 10):", &format!("11{ENTER}"));
    answer(
        &mut p,
        "--points 11 is outside the range of `矛盾调解`, 5 to 10",
        "\x7f\x7f",
    );
    answer(&mut p, "Points per time (5 to 10):", &format!("7{ENTER}"));
    answer(&mut p, "(y/N)", &format!("y{ENTER}"));
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    let row = added(book.path(), &before);
    assert!(
        row.ends_with(",2026-11-26,P027,earn,mediation,1,7,tester,,x\n"),
        "{row}"
    );
}
