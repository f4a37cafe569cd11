//! Provenance on every output and `--at REV` (#14 parts 3 and 4; SPEC §8
//! and §12 "Provenance, exactly"): the table and md outputs of the reading
//! commands end with the line a person reads and the fixed
//! `points-provenance:` line, xlsx holds both under each sheet's title,
//! JSON and CSV have none; `--at REV` reads the book as committed at REV.
//! Real repositories are made with `git` in temporary folders. The tests
//! compare stdout with the lines left in (`keep_provenance`).
//!
//! The book: two people, one 志愿服务 of 2 points each (A1 for P01, A2 for
//! P02); the second commit voids A2.

use crate::harness::Test;
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::path::Path;
use tempfile::TempDir;

const RULES: &str = "[scheme]\nname = \"来源小区\"\n\n[[category]]\nid = \"welfare\"\nname = \"社区公益类\"\n\n[[item]]\nid = \"volunteer\"\nname = \"志愿服务\"\ncategory = \"welfare\"\npoints = 2\n";
const PEOPLE: &str = "id,name,household,building,role,joined,left\nP01,王芳,H1,B1,resident,,\nP02,李强,H2,B1,resident,,\n";
const LEDGER: &str = "id,date,person,kind,item,qty,points,by,ref,note\nA1,2026-03-01,P01,earn,volunteer,1,2,社区,,\nA2,2026-03-02,P02,earn,volunteer,1,2,社区,,\n";
const VOID: &str = "V1,2026-03-05,P02,void,volunteer,1,-2,社区,A2,录重了\n";
const MORE: &str = "A3,2026-04-01,P01,earn,volunteer,1,2,社区,,\n";

/// SHA-256 of the book with this ledger, laid out as SPEC §8 says.
fn fingerprint(ledger: &str) -> String {
    let mut h = Sha256::new();
    for (path, text) in [
        ("points.toml", RULES),
        ("people.csv", PEOPLE),
        ("ledger/2026.csv", ledger),
    ] {
        h.update(format!("{path}\0{}\0", text.len()).as_bytes());
        h.update(text.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn book() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("ledger")).unwrap();
    std::fs::write(dir.path().join("points.toml"), RULES).unwrap();
    std::fs::write(dir.path().join("people.csv"), PEOPLE).unwrap();
    std::fs::write(dir.path().join("ledger/2026.csv"), LEDGER).unwrap();
    dir
}

/// Run git in `dir` with a fixed identity and commit time (2026-11-27).
fn git(dir: &Path, args: &[&str]) -> String {
    crate::harness::git_when(dir, args, Some("2026-11-27T10:00:00+08:00"))
}

/// The book committed twice: first A1 and A2, then the void of A2.
/// Returns the folder and the two commits.
fn history() -> (TempDir, String, String) {
    let dir = book();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "账本"]);
    let first = git(dir.path(), &["rev-parse", "HEAD"]);
    let path = dir.path().join("ledger/2026.csv");
    std::fs::write(&path, format!("{LEDGER}{VOID}")).unwrap();
    git(dir.path(), &["commit", "-q", "-am", "作废 A2"]);
    let second = git(dir.path(), &["rev-parse", "HEAD"]);
    (dir, first, second)
}

fn run(dir: TempDir, args: &[&str]) -> Test {
    let mut t = Test::new();
    t.dir = dir;
    t.args(args.iter().copied()).keep_provenance()
}

/// The fixed line for `args`.
fn line(commit: &str, dirty: bool, fp: &str, args: &[&str]) -> String {
    let argv = serde_json::to_string(args).unwrap();
    format!("points-provenance: commit={commit} dirty={dirty} fingerprint={fp} argv={argv}\n")
}

/// Balances: P01 and P02 with these balances (earned = balance, spent 0).
fn balances(p01: u32, p02: u32) -> String {
    format!(
        "来源小区 — balances
┌────────┬──────┬────────┬───────┬─────────┐
│ person ┆ name ┆ earned ┆ spent ┆ balance │
╞════════╪══════╪════════╪═══════╪═════════╡
│ P01    ┆ 王芳 ┆ {p01:>6} ┆     0 ┆ {p01:>7} │
│ P02    ┆ 李强 ┆ {p02:>6} ┆     0 ┆ {p02:>7} │
└────────┴──────┴────────┴───────┴─────────┘
"
    )
}

#[test]
fn outside_git_table_and_md_end_with_the_fingerprint_alone() {
    let fp = fingerprint(LEDGER);
    // A1 and A2: 2 points each.
    run(book(), &["balance"])
        .stdout(&format!(
            "{}book not in git, fingerprint `{}`\n{}",
            balances(2, 2),
            &fp[..16],
            line("none", false, &fp, &["balance"])
        ))
        .stderr("")
        .unchanged()
        .run();
    // md: a blank line after the table, two spaces ending the first line.
    let args = ["report", "2026", "--format", "md"];
    run(book(), &args)
        .stdout(&format!(
            "## 来源小区 — points earned, 2026, by person

| rank | person | name | earned | 社区公益类 | hours | times |
| ---: | --- | --- | ---: | ---: | ---: | ---: |
| 1 | P01 | 王芳 | 2 | 2 | 0 | 1 |
| 1 | P02 | 李强 | 2 | 2 | 0 | 1 |

book not in git, fingerprint `{}`  
{}",
            &fp[..16],
            line("none", false, &fp, &args)
        ))
        .run();
}

#[test]
fn json_and_csv_keep_their_shape() {
    run(book(), &["balance", "--format", "csv"])
        .stdout("person,name,earned,spent,balance\nP01,王芳,2,0,2\nP02,李强,2,0,2\n")
        .run();
    let (out, _) = run(book(), &["report", "2026", "--format", "json"]).run_keep();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with('[') && text.ends_with("]\n"), "{text}");
    assert!(!text.contains("provenance"), "{text}");
    // show as JSON too.
    let (out, _) = run(book(), &["show", "P01", "--format", "json"]).run_keep();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("points-provenance"), "{text}");
    assert!(text.ends_with("}\n") || text.ends_with("]\n"), "{text}");
}

#[test]
fn in_git_clean_then_with_uncommitted_changes_then_clean_again() {
    let dir = book();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "账本"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    let fp = fingerprint(LEDGER);
    let (_, dir) = run(dir, &["balance"])
        .stdout(&format!(
            "{}book at commit `{}` of 2026-11-27, fingerprint `{}`\n{}",
            balances(2, 2),
            &head[..7],
            &fp[..16],
            line(&head, false, &fp, &["balance"])
        ))
        .run_keep();
    // A row added by hand: P01 2 + 2 = 4, and the files differ from HEAD.
    std::fs::write(
        dir.path().join("ledger/2026.csv"),
        format!("{LEDGER}{MORE}"),
    )
    .unwrap();
    let fp2 = fingerprint(&format!("{LEDGER}{MORE}"));
    let (_, dir) = run(dir, &["balance"])
        .stdout(&format!(
            "{}book at commit `{}` of 2026-11-27 with uncommitted changes, fingerprint `{}`\n{}",
            balances(4, 2),
            &head[..7],
            &fp2[..16],
            line(&head, true, &fp2, &["balance"])
        ))
        .run_keep();
    git(dir.path(), &["commit", "-q", "-am", "A3"]);
    let head2 = git(dir.path(), &["rev-parse", "HEAD"]);
    run(dir, &["balance"])
        .stdout(&format!(
            "{}book at commit `{}` of 2026-11-27, fingerprint `{}`\n{}",
            balances(4, 2),
            &head2[..7],
            &fp2[..16],
            line(&head2, false, &fp2, &["balance"])
        ))
        .run();
}

#[test]
fn the_lines_in_chinese() {
    let dir = book();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "账本"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    std::fs::write(
        dir.path().join("ledger/2026.csv"),
        format!("{LEDGER}{MORE}"),
    )
    .unwrap();
    let fp = fingerprint(&format!("{LEDGER}{MORE}"));
    let args = ["--lang", "zh", "balance"];
    // P01: A1 2 + A3 2 = 4; P02: A2 2.
    run(dir, &args)
        .stdout(&format!(
            "来源小区 — 积分汇总
┌──────┬──────┬──────────┬────────┬──────────┐
│ 编号 ┆ 姓名 ┆ 累计获得 ┆ 已兑换 ┆ 可用积分 │
╞══════╪══════╪══════════╪════════╪══════════╡
│ P01  ┆ 王芳 ┆        4 ┆      0 ┆        4 │
│ P02  ┆ 李强 ┆        2 ┆      0 ┆        2 │
└──────┴──────┴──────────┴────────┴──────────┘
账本版本：2026年11月27日的提交 `{}`，另有未提交的改动，指纹 `{}`
{}",
            &head[..7],
            &fp[..16],
            line(&head, true, &fp, &args)
        ))
        .run();
}

#[test]
fn xlsx_holds_both_lines_under_each_title() {
    let dir = book();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "账本"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    let fp = fingerprint(LEDGER);
    let args = ["balance", "--format", "xlsx", "--output", "b.xlsx"];
    let (_, dir) = run(dir, &args).stdout("").run_keep();
    let bytes = std::fs::read(dir.path().join("b.xlsx")).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("Points").unwrap();
    let cell = |r, c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 0), Data::String("来源小区 — balances".into()));
    assert_eq!(
        cell(1, 0),
        Data::String(format!(
            "book at commit `{}` of 2026-11-27, fingerprint `{}`\n{}",
            &head[..7],
            &fp[..16],
            line(&head, false, &fp, &args).trim_end()
        ))
    );
    assert_eq!(cell(2, 0), Data::String("person".into()));
}

#[test]
fn at_a_commit_before_a_void_gives_the_balance_before_it() {
    let (dir, first, second) = history();
    // And an uncommitted row, which --at does not see.
    std::fs::write(
        dir.path().join("ledger/2026.csv"),
        format!("{LEDGER}{VOID}{MORE}"),
    )
    .unwrap();
    // Now: P01 2 + 2 (A3, uncommitted) = 4; P02 2 − 2 (V1 voids A2) = 0.
    let fp_now = fingerprint(&format!("{LEDGER}{VOID}{MORE}"));
    let (_, dir) = run(dir, &["balance"])
        .stdout(&format!(
            "{}book at commit `{}` of 2026-11-27 with uncommitted changes, fingerprint `{}`\n{}",
            balances(4, 0),
            &second[..7],
            &fp_now[..16],
            line(&second, true, &fp_now, &["balance"])
        ))
        .run_keep();
    // At HEAD~1, before the void: P01 2, P02 2, the first commit's files.
    let fp1 = fingerprint(LEDGER);
    let args = ["balance", "--at", "HEAD~1"];
    let (_, dir) = run(dir, &args)
        .stdout(&format!(
            "{}book at commit `{}` of 2026-11-27, fingerprint `{}`\n{}",
            balances(2, 2),
            &first[..7],
            &fp1[..16],
            line(&first, false, &fp1, &args)
        ))
        .unchanged()
        .run_keep();
    // At HEAD (the void, not A3): P01 2, P02 0; before the command, by a
    // short hash.
    let fp2 = fingerprint(&format!("{LEDGER}{VOID}"));
    let args = ["--at", &second[..8], "balance"];
    run(dir, &args)
        .stdout(&format!(
            "{}book at commit `{}` of 2026-11-27, fingerprint `{}`\n{}",
            balances(2, 0),
            &second[..7],
            &fp2[..16],
            line(&second, false, &fp2, &args)
        ))
        .unchanged()
        .run();
}

#[test]
fn report_and_status_at_head_1() {
    let (dir, first, _) = history();
    let fp1 = fingerprint(LEDGER);
    let args = ["report", "2026", "--at", "HEAD~1"];
    // Before the void: A1 and A2, 2 points each, one time each.
    let (_, dir) = run(dir, &args)
        .stdout(&format!(
            "来源小区 — points earned, 2026, by person
┌──────┬────────┬──────┬────────┬────────────┬───────┬───────┐
│ rank ┆ person ┆ name ┆ earned ┆ 社区公益类 ┆ hours ┆ times │
╞══════╪════════╪══════╪════════╪════════════╪═══════╪═══════╡
│    1 ┆ P01    ┆ 王芳 ┆      2 ┆          2 ┆     0 ┆     1 │
│    1 ┆ P02    ┆ 李强 ┆      2 ┆          2 ┆     0 ┆     1 │
└──────┴────────┴──────┴────────┴────────────┴───────┴───────┘
book at commit `{}` of 2026-11-27, fingerprint `{}`
{}",
            &first[..7],
            &fp1[..16],
            line(&first, false, &fp1, &args)
        ))
        .run_keep();
    // status: the commit's files, 2 rows, not dirty.
    run(dir, &["status", "--at", "HEAD~1", "--format", "json"])
        .stdout(&format!(
            "{{\n  \"commit\": \"{first}\",\n  \"dirty\": false,\n  \"fingerprint\": \"{fp1}\",\n  \"rows\": 2,\n  \"files\": [\"points.toml\", \"people.csv\", \"ledger/2026.csv\"]\n}}\n"
        ))
        .run();
}

#[test]
fn an_unknown_rev_is_a_clear_error() {
    let (dir, _, _) = history();
    let (_, dir) = run(dir, &["balance", "--at", "nosuch"])
        .status(2)
        .stdout("")
        .stderr("error: `nosuch` names no commit of the book's repository: give a commit hash, a branch or tag name, or HEAD~1 (`git log --oneline` lists the commits)\n")
        .unchanged()
        .run_keep();
    // Two commits: HEAD~2 is before the first.
    let (_, dir) = run(dir, &["check", "--at", "HEAD~2"])
        .status(2)
        .stdout("")
        .stderr("error: `HEAD~2` names no commit of the book's repository: give a commit hash, a branch or tag name, or HEAD~1 (`git log --oneline` lists the commits)\n")
        .run_keep();
    run(dir, &["--lang", "zh", "balance", "--at", "nosuch"])
        .status(2)
        .stdout("")
        .stderr("错误：账本所在仓库中没有 `nosuch` 这个提交：请给出提交号、分支名或标签名（`git log --oneline` 可列出所有提交）\n")
        .run();
    // Outside git there is nothing to read it from.
    run(book(), &["balance", "--at", "HEAD"])
        .status(2)
        .stdout("")
        .stderr("error: --at reads the book from git, but . is not in a git working tree: leave out --at, or run the command in the repository's working tree\n")
        .unchanged()
        .run();
}

#[test]
fn writing_commands_refuse_at() {
    for (args, name) in [
        (&["add", "volunteer", "--people", "P01"][..], "add"),
        (&["void", "A1", "--reason", "错了"], "void"),
        (&["redeem", "P01", "towel"], "redeem"),
        (
            &["exchange", "2026H1", "--requests", "r.csv", "--commit"],
            "exchange --commit",
        ),
        (&["init"], "init"),
        (&["import", "ledger", "t.csv", "--kind", "earn"], "import"),
        (&["import", "people", "people.csv"], "import"),
    ] {
        let (dir, _, _) = history();
        let mut all = args.to_vec();
        all.extend(["--at", "HEAD~1"]);
        run(dir, &all)
            .status(2)
            .stdout("")
            .stderr(&format!("error: `{name}` writes to the book and cannot take --at: leave out --at (it is for reading the book as committed)\n"))
            .unchanged()
            .run();
    }
    let (dir, _, _) = history();
    run(dir, &["--lang", "zh", "--at", "HEAD", "void", "A1", "--reason", "错了"])
        .status(2)
        .stdout("")
        .stderr("错误：`void` 会写入账本，不能与 --at 一起使用：请去掉 --at（--at 只用于查看已提交的账本）\n")
        .unchanged()
        .run();
}

#[test]
fn at_in_chinese() {
    let (dir, first, _) = history();
    let fp1 = fingerprint(LEDGER);
    let args = ["--lang", "zh", "balance", "--at", "HEAD~1"];
    // Before the void: 2 and 2.
    run(dir, &args)
        .stdout(&format!(
            "来源小区 — 积分汇总
┌──────┬──────┬──────────┬────────┬──────────┐
│ 编号 ┆ 姓名 ┆ 累计获得 ┆ 已兑换 ┆ 可用积分 │
╞══════╪══════╪══════════╪════════╪══════════╡
│ P01  ┆ 王芳 ┆        2 ┆      0 ┆        2 │
│ P02  ┆ 李强 ┆        2 ┆      0 ┆        2 │
└──────┴──────┴──────────┴────────┴──────────┘
账本版本：2026年11月27日的提交 `{}`，指纹 `{}`
{}",
            &first[..7],
            &fp1[..16],
            line(&first, false, &fp1, &args)
        ))
        .unchanged()
        .run();
}

#[test]
fn show_and_check_read_the_commit_not_the_folder() {
    let (dir, first, second) = history();
    // points.toml broken in the folder, not in any commit.
    let rules = dir.path().join("points.toml");
    std::fs::write(&rules, format!("{RULES}broken = [\n")).unwrap();
    let (out, dir) = run(dir, &["check"]).status(1).run_keep();
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("points.toml:14:1: error: this is not valid TOML"),
        "{out:?}"
    );
    // At HEAD: A1, A2 and the void V1 are 3 rows, all good.
    let fp2 = fingerprint(&format!("{LEDGER}{VOID}"));
    let args = ["check", "--at", "HEAD"];
    let (_, dir) = run(dir, &args)
        .stdout(&format!(
            "ok: 3 rows in 1 ledger file, 2 people, 1 item; 0 warnings
book at commit `{}` of 2026-11-27, fingerprint `{}`
{}",
            &second[..7],
            &fp2[..16],
            line(&second, false, &fp2, &args)
        ))
        .unchanged()
        .run_keep();
    // P02 before the void: A2, 2 points, not voided.
    let fp1 = fingerprint(LEDGER);
    let args = ["show", "P02", "--at", &first];
    run(dir, &args)
        .stdout(&format!(
            "李强 (P02), household H2, all time: balance before 0
┌────┬────────────┬──────┬──────────┬─────┬────────┬────────┬─────────┬──────┐
│ id ┆ date       ┆ kind ┆ item     ┆ qty ┆ points ┆ voided ┆ balance ┆ note │
╞════╪════════════╪══════╪══════════╪═════╪════════╪════════╪═════════╪══════╡
│ A2 ┆ 2026-03-02 ┆ earn ┆ 志愿服务 ┆   1 ┆      2 ┆        ┆       2 ┆      │
└────┴────────────┴──────┴──────────┴─────┴────────┴────────┴─────────┴──────┘
balance after: 2
book at commit `{}` of 2026-11-27, fingerprint `{}`
{}",
            &first[..7],
            &fp1[..16],
            line(&first, false, &fp1, &args)
        ))
        .unchanged()
        .run();
}
