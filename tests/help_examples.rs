//! Every example in every `--help` runs. The examples are read from the
//! binary's own help (`points --help`, `points CMD --help`), never from a
//! list kept here, and each is run by a shell on a fresh copy of the demo
//! book (`ledgers/demo`) with "today" pinned: an example that a user copies
//! from the help must work on the book the README tours.

use crate::harness::{copy_dir, git_when, BIN};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The least number of examples each command's help must show.
const MIN_EXAMPLES: usize = 3;

/// Run `points ARGS` with no book and return its stdout.
fn help(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "points {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands listed under `Commands:` in `points --help` (but `help`).
fn commands(top: &str) -> Vec<String> {
    top.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// The example scripts of one help text: the lines of its `Examples:` block,
/// up to the first blank line, without the description that follows a run
/// of two spaces. A line that does not start with `points` (a `cd … && git
/// …` after an `init`) continues the example before it, in the same folder.
fn examples(help: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let block = help
        .lines()
        .skip_while(|l| l.trim() != "Examples:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty());
    for line in block {
        let line = line.trim();
        let script = line.split("  ").next().unwrap_or(line).trim().to_string();
        match out.last_mut() {
            Some(prev) if !script.starts_with("points ") => {
                prev.push('\n');
                prev.push_str(&script);
            }
            _ => out.push(script),
        }
    }
    out
}

/// A folder holding a `points` that is this build's binary, for the shell's PATH.
fn bin_dir(root: &Path) -> PathBuf {
    let dir = root.join("bin");
    std::fs::create_dir_all(&dir).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(BIN, dir.join("points")).unwrap();
    dir
}

/// Put the book in git: one commit of all its files.
fn commit(book: &Path) {
    git_when(book, &["init", "-q"], None);
    git_when(book, &["add", "-A"], None);
    git_when(book, &["commit", "-qm", "账本"], None);
}

/// Run one example script: `init` in an empty folder; the others in a fresh
/// copy of the demo book at `ledgers/demo` of a temporary folder, from the
/// book itself, or from the temporary folder when the script names
/// `--book ledgers/demo` (as it is run from the repository).
fn run(cmd: &str, script: &str) -> Option<String> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let bin = bin_dir(root);
    let cwd = if cmd == "init" {
        root.join("empty")
    } else {
        let book = root.join("ledgers/demo");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("ledgers/demo"),
            &book,
        );
        // `--at REV` and `audit` (#14) read commits: the copy is committed
        // twice (so that HEAD~1 is there too).
        if script.contains("--at ") || cmd == "audit" {
            commit(&book);
            git_when(&book, &["commit", "-q", "--allow-empty", "-m", "空"], None);
        }
        // `approve` and `pending` (#16) need rows awaiting approval: the
        // copy's rules ask for approval from 2026-11-21 (after the demo's
        // last row, so nothing else changes), and two such rows are added.
        if cmd == "approve" || cmd == "pending" {
            let rules = book.join("points.toml");
            let text = std::fs::read_to_string(&rules).unwrap();
            let text = text.replacen("[scheme]\n", "[scheme]\napproval = \"2026-11-21\"\n", 1);
            std::fs::write(&rules, text).unwrap();
            let ledger = book.join("ledger/2026.csv");
            let mut rows = std::fs::read_to_string(&ledger).unwrap();
            rows.push_str("d26-09001,2026-11-22,P001,earn,cleanup,1,2,居委会,,楼道清理\n");
            rows.push_str("d26-09002,2026-11-22,P002,earn,cleanup,1,2,居委会,,楼道清理\n");
            std::fs::write(&ledger, rows).unwrap();
        }
        // `approve --notice` (#16) needs a notice of those rows, committed
        // and posted from 2026-11-20 (its 7 days over by 2026-11-27).
        if cmd == "approve" && script.contains("--notice") {
            commit(&book);
            let ok = Command::new(crate::harness::BIN)
                .args(["notice", "pending", "--date", "2026-11-20"])
                .args(["--output", "公示.html"])
                .current_dir(&book)
                .env("POINTS_TODAY", "2026-11-27")
                .status()
                .unwrap();
            assert!(ok.success(), "notice pending");
        }
        // `verify` (#15) needs issued files of a committed book: the copy
        // is committed, then a notice, an md report and a workbook issued.
        if cmd == "verify" {
            commit(&book);
            for args in [
                &[
                    "notice",
                    "evaluate",
                    "文明户",
                    "2026",
                    "--output",
                    "公示.html",
                ][..],
                &["report", "2026", "--format", "md", "--output", "r.md"],
                &["report", "2026", "--format", "xlsx", "--output", "r.xlsx"],
            ] {
                let ok = Command::new(crate::harness::BIN)
                    .args(args)
                    .current_dir(&book)
                    .env("POINTS_TODAY", "2026-11-27")
                    .status()
                    .unwrap();
                assert!(ok.success(), "points {args:?}");
            }
        }
        if script.contains("--book ledgers/demo") {
            root.to_path_buf()
        } else {
            book
        }
    };
    std::fs::create_dir_all(&cwd).unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = Command::new("sh")
        .args(["-e", "-c", script])
        .current_dir(&cwd)
        .env("PATH", path)
        .env_remove("POINTS_BOOK")
        .env("POINTS_TODAY", "2026-11-27")
        .env("TZ", "UTC")
        .env("LC_ALL", "C.UTF-8")
        .env("USER", "tester")
        .env("HOME", root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "tester")
        .env("GIT_AUTHOR_EMAIL", "tester@example.org")
        .env("GIT_COMMITTER_NAME", "tester")
        .env("GIT_COMMITTER_EMAIL", "tester@example.org")
        .output()
        .unwrap();
    (!out.status.success()).then(|| {
        format!(
            "the example of `points {cmd} --help` fails:\n  {script}\nstatus: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn every_help_example_runs_on_the_demo_book() {
    let top = help(&["--help"]);
    let cmds = commands(&top);
    // Every command of the product is found (a change in the help's layout
    // must not make this test check nothing).
    for c in [
        "init", "add", "void", "redeem", "balance", "report", "show", "evaluate", "exchange",
        "check",
    ] {
        assert!(
            cmds.iter().any(|x| x == c),
            "`points --help` lists no `{c}`: {cmds:?}"
        );
    }
    let mut all = vec![("points".to_string(), examples(&top))];
    for c in &cmds {
        all.push((c.clone(), examples(&help(&[c, "--help"]))));
    }
    let mut failures = Vec::new();
    for (cmd, scripts) in &all {
        if scripts.len() < MIN_EXAMPLES {
            failures.push(format!(
                "`points {cmd} --help` shows {} examples, fewer than {MIN_EXAMPLES}: {scripts:?}",
                scripts.len()
            ));
        }
        for s in scripts {
            // The top-level examples run on the demo book too, but for `init`.
            let cmd = if cmd == "points" && s.starts_with("points init") {
                "init"
            } else {
                cmd
            };
            failures.extend(run(cmd, s));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
