//! `points completions SHELL` and the hidden `points __complete -- WORDS…`
//! that the scripts call: every script is printed, bash's really completes
//! (sourced into a real bash, its function called as Tab would), and the
//! hook offers the demo book's ids and names.

use crate::harness::{Test, BIN};
use std::path::{Path, PathBuf};
use std::process::Command;

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ledgers/demo")
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = Test::new().args(["completions", shell]).run();
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("points"), "{shell}: {script}");
        assert!(
            script.contains("report"),
            "{shell}: no commands in {script}"
        );
        // The hidden hook is called by the script, never offered as a command.
        assert!(!script.contains("__complete help"), "{shell}: {script}");
        if shell != "powershell" {
            assert!(script.contains("__complete --"), "{shell}: no hook");
        }
    }
    Test::new()
        .args(["completions", "tcsh"])
        .stderr_has("invalid value 'tcsh'")
        .status(2)
        .run();
}

/// What bash offers for the words typed (the last being completed): the
/// script is sourced into `bash`, COMP_WORDS and COMP_CWORD are set as
/// readline sets them, and the function that `complete` names is called.
#[cfg(unix)]
fn bash(cwd: &Path, words: &[&str]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(BIN, bin.join("points")).unwrap();
    let script = tmp.path().join("points.bash");
    let out = Command::new(BIN)
        .args(["completions", "bash"])
        .output()
        .unwrap();
    std::fs::write(&script, out.stdout).unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let run = r#"
        source "$SCRIPT"
        COMP_WORDS=(points "$@")
        COMP_CWORD=$#
        # The function `complete -p points` names, called as readline calls it.
        f=$(complete -p points | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
        "$f" points "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", run, "bash"])
        .args(words)
        .current_dir(cwd)
        .env("PATH", path)
        .env("SCRIPT", &script)
        .env_remove("POINTS_BOOK")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bash failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[cfg(unix)]
#[test]
fn bash_completes_commands_options_and_the_books_names() {
    let demo = demo();
    let commands = bash(&demo, &[""]);
    for c in ["add", "report", "evaluate", "completions"] {
        assert!(commands.iter().any(|x| x == c), "{c} in {commands:?}");
    }
    assert!(!commands.iter().any(|x| x == "__complete"), "{commands:?}");
    assert_eq!(bash(&demo, &["re"]), ["redeem", "report"]);
    assert_eq!(bash(&demo, &["add", "pat"]), ["patrol"]);
    assert_eq!(bash(&demo, &["add", "治安"]), ["治安巡逻"]);
    assert_eq!(
        bash(&demo, &["add", "patrol", "--people", "朱志强,zw"]),
        ["朱志强,P027", "朱志强,P213"]
    );
    assert_eq!(bash(&demo, &["redeem", "魏娟", "毛"]), ["毛巾"]);
    // Options still come from the static part.
    assert!(bash(&demo, &["add", "patrol", "--pe"]) == ["--people"]);
    // --book is honoured, from any folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let book = demo.to_str().unwrap();
    assert_eq!(
        bash(elsewhere.path(), &["--book", book, "evaluate", "ci"]),
        ["civilized-household"]
    );
}

#[test]
fn the_hook_offers_ids_and_names() {
    let demo = demo();
    let book = demo.to_str().unwrap();
    for (words, stdout) in [
        (&["add", "pat"][..], "patrol\n"),
        (&["add", "治安"][..], "治安巡逻\n"),
        // A Chinese prefix: unique names as names, shared ones as ids.
        (
            &["show", "张"][..],
            "P027\n张泽宇\n张浩然\nP213\n张晓东\n张雨桐\n张永福\nP228\nP324\n张国庆\n张诗涵\n张福生\n张秀云\n",
        ),
        // Pinyin initials.
        (&["show", "lk"][..], "刘凯\n"),
        (&["add", "patrol", "--people", "P001,zw"][..], "P001,P027\nP001,P213\n"),
        (&["add", "patrol", "--people=刘"][..], "--people=刘凯\n--people=刘素珍\n--people=刘丽娟\n--people=刘桂珍\n--people=刘秀云\n--people=刘海燕\n--people=刘玉芬\n--people=刘广才\n--people=刘霞\n--people=刘凤英\n"),
        (&["redeem", "P001", "毛"][..], "毛巾\n"),
        (&["evaluate", ""][..], "civilized-household\nparty-review\npublic-star\n文明户\n民主评议党员参考\n公益之星\n"),
        (&["report", "--role", "pa"][..], "party\n"),
    ] {
        let mut args = vec!["__complete", "--", "--book", book];
        args.extend_from_slice(words);
        Test::new().args(args).stdout(stdout).run();
    }
    // The book of $POINTS_BOOK, and the outer --book.
    Test::new()
        .args(["__complete", "--", "redeem", "P001", "毛"])
        .env("POINTS_BOOK", book)
        .stdout("毛巾\n")
        .run();
    Test::new()
        .args(["--book", book, "__complete", "--", "add", "pat"])
        .stdout("patrol\n")
        .run();
    // Where no id goes, it says nothing and fails: the shell completes as usual.
    for words in [
        &["add", "patrol", "--qty", ""][..],
        &["ad"][..],
        &["add", "--pe"][..],
    ] {
        let mut args = vec!["__complete", "--", "--book", book];
        args.extend_from_slice(words);
        Test::new().args(args).stdout("").stderr("").status(1).run();
    }
}
