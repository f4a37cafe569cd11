//! Nothing in `ledger/` is skipped silently (SPEC §5, §12): anything there
//! that is not a readable `*.csv` file (or a link to one) is an error for
//! every command, reading or writing; names starting with a dot are ignored.

use crate::harness::{points, Test};
use std::os::unix::fs::symlink;
use std::path::Path;

/// The basic book with a dangling link, a folder, a pipe and a text file in
/// `ledger/`, beside names starting with a dot (ignored).
fn cluttered() -> Test {
    let t = Test::new()
        .fixture("basic")
        .file("ledger/notes.txt", "买毛巾的收据在抽屉里\n")
        .file(
            "ledger/old/2024.csv",
            "id,date,person,kind,item,qty,points,by,ref,note\n",
        )
        .file("ledger/.DS_Store", "\0\0\0\x01Bud1")
        .file("ledger/.2026.csv.swp", "b0VIM 9.0");
    symlink("2027-moved-away.csv", t.path().join("ledger/2027.csv")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(t.path().join("ledger/pipe.csv"))
        .status()
        .unwrap();
    assert!(fifo.success());
    t
}

const PROBLEMS: &str = "\
ledger/2027.csv: error: this is a link to 2027-moved-away.csv, which does not exist, so its rows cannot be read
  = fix: restore the file it points to, or remove the link
ledger/notes.txt: error: this file is not a ledger: ledger files are named *.csv
  = fix: if it is a ledger, rename it to end in .csv; otherwise move it out of the ledger folder, or rename it to start with a dot (points ignores such names)
ledger/old: error: this is a folder inside the ledger folder, and ledgers in folders are not read
  = fix: move it out of the ledger folder, or rename it to start with a dot (points ignores such names)
ledger/pipe.csv: error: this is not a regular file (a pipe, socket or device), so it cannot be read as a ledger
  = fix: move it out of the ledger folder, or rename it to start with a dot (points ignores such names)
";

#[test]
fn every_command_refuses_a_ledger_folder_with_something_else_in_it() {
    for args in [
        vec!["balance"],
        vec!["report", "2026"],
        vec!["show", "P01"],
        vec!["evaluate", "civilized-household", "2026"],
        vec!["add", "volunteer", "--people", "P01"],
        vec!["void", "B13", "--reason", "x"],
        vec!["redeem", "P01", "towel"],
    ] {
        let (_, dir) = cluttered()
            .args(args)
            .stdout("")
            .stderr(PROBLEMS)
            .status(1)
            .run_keep();
        unchanged(dir.path());
    }
}

/// Nothing was written: the ledgers are as in the fixture, and no file was
/// added. (The harness's snapshot would read the pipe, and wait forever.)
fn unchanged(book: &Path) {
    let fixture = crate::harness::fixtures().join("basic/ledger");
    for name in ["2025.csv", "2026.csv"] {
        assert_eq!(
            std::fs::read(book.join("ledger").join(name)).unwrap(),
            std::fs::read(fixture.join(name)).unwrap()
        );
    }
    let mut names: Vec<_> = std::fs::read_dir(book.join("ledger"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".2026.csv.swp",
            ".DS_Store",
            "2025.csv",
            "2026.csv",
            "2027.csv",
            "notes.txt",
            "old",
            "pipe.csv"
        ]
    );
}

/// `check` lists each of them, and still checks the ledgers it can read.
#[test]
fn check_lists_them_and_checks_the_rest() {
    cluttered()
        .append("ledger/2026.csv", "X1,2026-03-10,P02,earn,volunteer,1,99,x,,\n")
        .args(["check"])
        .stdout(&format!(
            "{PROBLEMS}ledger/2026.csv:15:36: error: points `99` are more than the rules give (2.5): 志愿服务 gives 2.5 per time to a 群众, × 1 = 2.5
   |
15 | X1,2026-03-10,P02,earn,volunteer,1,99,x,,
   |                                    ^^
   = expected: 2.5
   = fix: if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`
5 errors, 0 warnings (18 rows in 2 ledger files, 6 people, 5 items)
"
        ))
        .status(1)
        .run();
}

/// A ledger may be a link to a file elsewhere; names starting with a dot
/// are ignored: the figures are those of the book without them.
#[test]
fn links_to_ledgers_are_read_and_dot_names_ignored() {
    let plain = points(&crate::harness::fixtures().join("basic"), &["balance"]);
    assert_eq!(plain.0, 0, "{}", plain.2);
    let t = Test::new()
        .fixture("basic")
        .file("ledger/.DS_Store", "\0\0\0\x01Bud1")
        .file("ledger/.2026.csv.swp", "b0VIM 9.0")
        .file("ledger/.old/2024.csv", "not a ledger at all\n");
    std::fs::create_dir(t.path().join("archive")).unwrap();
    std::fs::rename(
        t.path().join("ledger/2025.csv"),
        t.path().join("archive/2025.csv"),
    )
    .unwrap();
    symlink("../archive/2025.csv", t.path().join("ledger/2025.csv")).unwrap();
    t.args(["balance"]).stdout(&plain.1).run();
}

/// A ledger that cannot be read is an error, not a year left out. Root
/// reads a file whatever its permissions: run as root, the command runs as
/// `nobody` (through setpriv) where it can, and the test is skipped where not.
#[test]
fn an_unreadable_ledger_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let t = Test::new().fixture("basic").args(["balance"]);
    let path = t.path().join("ledger/2025.csv");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let expected = "ledger/2025.csv: error: cannot read this ledger: Permission denied (os error 13)\n  = fix: make it readable (chmod u+r), or move it out of the ledger folder\n";
    if std::fs::read(&path).is_err() {
        t.stdout("").stderr(expected).status(1).run();
        return;
    }
    // Root: let `nobody` into the book, all but the one ledger.
    for p in [t.path(), &t.path().join("ledger")] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for f in ["points.toml", "people.csv", "ledger/2026.csv"] {
        std::fs::set_permissions(t.path().join(f), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let c = t.command();
    let program = c.get_program().to_owned();
    let args: Vec<_> = c.get_args().map(|a| a.to_owned()).collect();
    let mut nobody = std::process::Command::new("setpriv");
    nobody
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(program)
        .args(args)
        .current_dir(t.path());
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => nobody.env(k, v),
            None => nobody.env_remove(k),
        };
    }
    let Ok(out) = nobody.output() else {
        return; // no setpriv: cannot be shown here
    };
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(1), expected)
    );
    assert!(out.stdout.is_empty());
}

/// `ledger` itself a link to nothing: not an empty book.
#[test]
fn a_ledger_folder_that_is_a_dangling_link_is_an_error() {
    let t = Test::new().fixture("basic");
    std::fs::remove_dir_all(t.path().join("ledger")).unwrap();
    symlink("/nonexistent/ledger", t.path().join("ledger")).unwrap();
    t.args(["balance"])
        .stdout("")
        .stderr("ledger: error: cannot read the ledger folder: No such file or directory (os error 2)\n  = fix: make `ledger` a folder that you may read (a link to a folder that exists will do), or remove it to start with no ledgers\n")
        .status(1)
        .run();
}
