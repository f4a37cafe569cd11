//! Provenance basics (#14, SPEC §8 and §12 "Provenance, exactly"): `points
//! status` gives the commit the book's files are at, whether they differ
//! from it, the book's fingerprint, its ledger rows and files; table and md
//! end with the line a person reads and the fixed `points-provenance:` line.
//! Real repositories are made with `git` in temporary folders.
//!
//! The book is a small one written here, so that its fingerprint can be
//! worked out in the test from the bytes themselves (SPEC §8: each file's
//! path, NUL, its length in decimal, NUL, its bytes, in the order
//! points.toml, people.csv, ledger/*.csv by name).

use crate::harness::Test;
use sha2::{Digest, Sha256};
use std::path::Path;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

const RULES: &str = "[scheme]\nname = \"来源小区\"\n\n[[category]]\nid = \"welfare\"\nname = \"社区公益类\"\n\n[[item]]\nid = \"volunteer\"\nname = \"志愿服务\"\ncategory = \"welfare\"\npoints = 2\n";
const PEOPLE: &str = "id,name,household,building,role,joined,left\nP01,王芳,H1,B1,resident,,\n";
const LEDGER_2026: &str = "id,date,person,kind,item,qty,points,by,ref,note\nA1,2026-03-01,P01,earn,volunteer,1,2,社区,,\"扫雪,\n清理楼道\"\nA2,2026-03-02,P01,earn,volunteer,1,2,社区,,\n";
const ROW_2026: &str = "A3,2026-04-01,P01,earn,volunteer,1,2,社区,,\n";

/// SHA-256 of `files` laid out as SPEC §8 says, in hex.
fn fingerprint(files: &[(&str, &str)]) -> String {
    let mut h = Sha256::new();
    for (path, text) in files {
        h.update(format!("{path}\0{}\0", text.len()).as_bytes());
        h.update(text.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The book as first written: points.toml, people.csv, ledger/2026.csv.
fn first() -> String {
    fingerprint(&[
        ("points.toml", RULES),
        ("people.csv", PEOPLE),
        ("ledger/2026.csv", LEDGER_2026),
    ])
}

/// A temporary folder with the book at `sub` in it (`""`: the folder itself).
fn book_in(sub: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join(sub);
    std::fs::create_dir_all(book.join("ledger")).unwrap();
    std::fs::write(book.join("points.toml"), RULES).unwrap();
    std::fs::write(book.join("people.csv"), PEOPLE).unwrap();
    std::fs::write(book.join("ledger/2026.csv"), LEDGER_2026).unwrap();
    dir
}

/// Run git in `dir` with a fixed identity and commit time: 2026-11-27 at
/// 23:30 in New York, which is already 2026-11-28 in UTC.
fn git(dir: &Path, args: &[&str]) -> String {
    crate::harness::git_when(dir, args, Some("2026-11-27T23:30:00-05:00"))
}

/// `points status` (and more arguments) on the book at `dir/sub`.
fn status(dir: TempDir, sub: &str, args: &[&str]) -> Test {
    let mut t = Test::new();
    t.dir = dir;
    let mut all = vec!["--book".to_string(), sub_or_dot(sub), "status".to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    t.args(all).keep_provenance()
}

fn sub_or_dot(sub: &str) -> String {
    if sub.is_empty() {
        ".".into()
    } else {
        sub.into()
    }
}

/// The table of a clean or dirty book at `commit` (full hash or the words
/// for none), with 3 rows (A1, whose note holds a line break, A2 and A3 or
/// not) and the files given.
fn table(commit: &str, dirty: &str, fp: &str, rows: u64, files: &[&str]) -> String {
    let mut s = String::from(
        "The book's files and the commit they are at
┌───────────────────────┬──────────────────────────────────────────────────────────────────┐
│ what                  ┆ value                                                            │
╞═══════════════════════╪══════════════════════════════════════════════════════════════════╡
",
    );
    let mut row = |what: &str, value: &str| {
        s.push_str(&format!("│ {what:<21} ┆ {value:<64} │\n"));
    };
    row("commit", commit);
    row("uncommitted changes", dirty);
    row("fingerprint (SHA-256)", fp);
    row("ledger rows", &rows.to_string());
    for (i, f) in files.iter().enumerate() {
        row(if i == 0 { "files" } else { "" }, f);
    }
    s.push_str(
        "└───────────────────────┴──────────────────────────────────────────────────────────────────┘\n",
    );
    s
}

#[test]
fn a_book_outside_git_shows_its_fingerprint_alone() {
    let fp = first();
    // Rows: A1 (its quoted note spans two lines) and A2 = 2.
    let files = ["points.toml", "people.csv", "ledger/2026.csv"];
    let expected = format!(
        "{}book not in git, fingerprint `{}`\npoints-provenance: commit=none dirty=false fingerprint={fp} argv=[\"--book\",\".\",\"status\"]\n",
        table("none: the book is not in git", "no", &fp, 2, &files),
        &fp[..16]
    );
    status(book_in(""), "", &[])
        .stdout(&expected)
        .stderr("")
        .unchanged()
        .run();
    status(book_in(""), "", &["--format", "json"])
        .stdout(&format!(
            "{{
  \"commit\": null,
  \"dirty\": false,
  \"fingerprint\": \"{fp}\",
  \"rows\": 2,
  \"files\": [\"points.toml\", \"people.csv\", \"ledger/2026.csv\"]
}}
"
        ))
        .unchanged()
        .run();
}

#[test]
fn committed_clean_then_dirty_after_a_write_then_clean_after_the_commit() {
    let dir = book_in("");
    git(dir.path(), &["init", "-q"]);
    // Before the first commit: in git, nothing committed, so dirty.
    let fp = first();
    let (_, dir) = status(dir, "", &["--format", "json"])
        .stdout(&format!(
            "{{\n  \"commit\": null,\n  \"dirty\": true,\n  \"fingerprint\": \"{fp}\",\n  \"rows\": 2,\n  \"files\": [\"points.toml\", \"people.csv\", \"ledger/2026.csv\"]\n}}\n"
        ))
        .run_keep();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "账本"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    // The commit's date is the committer's own: 2026-11-27 (New York), not
    // the 28th it already was in UTC.
    let files = ["points.toml", "people.csv", "ledger/2026.csv"];
    let (_, dir) = status(dir, "", &[])
        .stdout(&format!(
            "{}book at commit `{}` of 2026-11-27, fingerprint `{}`\npoints-provenance: commit={head} dirty=false fingerprint={fp} argv=[\"--book\",\".\",\"status\"]\n",
            table(&head, "no", &fp, 2, &files),
            &head[..7],
            &fp[..16]
        ))
        .run_keep();
    // A row appended by hand: the fingerprint follows the bytes, 3 rows,
    // and the files now differ from the commit.
    let path = dir.path().join("ledger/2026.csv");
    std::fs::write(&path, format!("{LEDGER_2026}{ROW_2026}")).unwrap();
    let fp2 = fingerprint(&[
        ("points.toml", RULES),
        ("people.csv", PEOPLE),
        ("ledger/2026.csv", &format!("{LEDGER_2026}{ROW_2026}")),
    ]);
    assert_ne!(fp, fp2);
    let (_, dir) = status(dir, "", &[])
        .stdout(&format!(
            "{}book at commit `{}` of 2026-11-27 with uncommitted changes, fingerprint `{}`\npoints-provenance: commit={head} dirty=true fingerprint={fp2} argv=[\"--book\",\".\",\"status\"]\n",
            table(&head, "yes", &fp2, 3, &files),
            &head[..7],
            &fp2[..16]
        ))
        .run_keep();
    // Committed: clean again, at the new commit.
    git(dir.path(), &["commit", "-q", "-am", "A3"]);
    let head2 = git(dir.path(), &["rev-parse", "HEAD"]);
    status(dir, "", &["--format", "csv"])
        .stdout(&format!(
            "commit,dirty,fingerprint,rows,files\n{head2},false,{fp2},3,points.toml;people.csv;ledger/2026.csv\n"
        ))
        .run();
}

#[test]
fn a_new_ledger_not_yet_added_and_a_removed_one_are_uncommitted_changes() {
    // The book in a subfolder of the repository (its paths in HEAD's tree
    // are under `book/`).
    let dir = book_in("book");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "账本"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    let json = |dirty: bool, fp: &str, rows: u64, files: &str| {
        format!(
            "{{\n  \"commit\": \"{head}\",\n  \"dirty\": {dirty},\n  \"fingerprint\": \"{fp}\",\n  \"rows\": {rows},\n  \"files\": [{files}]\n}}\n"
        )
    };
    let (_, dir) = status(dir, "book", &["--format", "json"])
        .stdout(&json(
            false,
            &first(),
            2,
            "\"points.toml\", \"people.csv\", \"ledger/2026.csv\"",
        ))
        .run_keep();
    // The new year's file, not yet `git add`ed: dirty.
    let header = "id,date,person,kind,item,qty,points,by,ref,note\n";
    std::fs::write(dir.path().join("book/ledger/2027.csv"), header).unwrap();
    let fp = fingerprint(&[
        ("points.toml", RULES),
        ("people.csv", PEOPLE),
        ("ledger/2026.csv", LEDGER_2026),
        ("ledger/2027.csv", header),
    ]);
    let (_, dir) = status(dir, "book", &["--format", "json"])
        .stdout(&json(
            true,
            &fp,
            2,
            "\"points.toml\", \"people.csv\", \"ledger/2026.csv\", \"ledger/2027.csv\"",
        ))
        .run_keep();
    // Gone again, and 2026.csv removed too: HEAD holds a ledger that is no
    // longer there, so dirty although every file left matches.
    std::fs::remove_file(dir.path().join("book/ledger/2027.csv")).unwrap();
    std::fs::remove_file(dir.path().join("book/ledger/2026.csv")).unwrap();
    let fp = fingerprint(&[("points.toml", RULES), ("people.csv", PEOPLE)]);
    status(dir, "book", &["--format", "json"])
        .stdout(&json(true, &fp, 0, "\"points.toml\", \"people.csv\""))
        .run();
}

#[test]
fn status_in_chinese() {
    let dir = book_in("");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "账本"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    std::fs::write(
        dir.path().join("people.csv"),
        format!("{PEOPLE}P02,李强,H2,B1,resident,,\n"),
    )
    .unwrap();
    let fp = fingerprint(&[
        ("points.toml", RULES),
        (
            "people.csv",
            &format!("{PEOPLE}P02,李强,H2,B1,resident,,\n"),
        ),
        ("ledger/2026.csv", LEDGER_2026),
    ]);
    // Labels are padded by display width: a CJK character counts two.
    let row = |what: &str, w: usize, value: &str| {
        let pad = 64 - value.width();
        format!("│ {what}{} ┆ {value}{} │\n", " ".repeat(w), " ".repeat(pad))
    };
    let expected = format!(
        "账本文件及其所在的提交
┌─────────────────┬──────────────────────────────────────────────────────────────────┐
│ 项              ┆ 内容                                                             │
╞═════════════════╪══════════════════════════════════════════════════════════════════╡
{}{}{}{}{}{}{}└─────────────────┴──────────────────────────────────────────────────────────────────┘
账本版本：2026年11月27日的提交 `{}`，另有未提交的改动，指纹 `{}`
points-provenance: commit={head} dirty=true fingerprint={fp} argv=[\"--book\",\".\",\"status\",\"--lang\",\"zh\"]
",
        row("提交", 11, &head),
        row("未提交的改动", 3, "有"),
        row("指纹（SHA-256）", 0, &fp),
        row("台账行数", 7, "2"),
        row("文件", 11, "points.toml"),
        row("", 15, "people.csv"),
        row("", 15, "ledger/2026.csv"),
        &head[..7],
        &fp[..16],
    );
    status(dir, "", &["--lang", "zh"]).stdout(&expected).run();
}

#[test]
fn status_of_a_missing_book_says_so_and_suggests_init() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("points.toml"), RULES).unwrap();
    status(dir, "", &[])
        .status(1)
        .stdout("")
        .stderr(
            "people.csv: error: this file does not exist
  = fix: run `points init` to create a new book, or point --book at the book's folder
",
        )
        .run();
}
