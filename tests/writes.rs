//! Writes that can be trusted (SPEC §5): a command's rows are all or nothing
//! even when the writer is killed at any byte (the rollback journal), and
//! one lock covers the whole book (caps and exchange rounds hold across
//! ledger files; a waiting command says whom it waits for and gives up).
//!
//! Killing at an exact byte uses the test hook `POINTS_TEST_KILL_AFTER_BYTES=N`
//! (debug builds only): the writer appends N bytes of its rows, then sends
//! itself SIGKILL, as `kill -9` would; with N past the end of the rows it is
//! killed just before its journal is removed. Real `kill -9` at random moments
//! is used too.

use crate::harness::{copy_dir, points, points_with, snapshot, BIN};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ledgers/demo")
}

fn copy_of(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(from, dir.path());
    dir
}

/// Everyone in the demo book who has not moved out: 357 people.
fn everyone() -> String {
    let text = std::fs::read_to_string(demo().join("people.csv")).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(6) == Some(""))
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids.len(), 357);
    ids.join(",")
}

/// A cleanup for all 357 with a 6 KB note each: a batch of about 2 MB.
fn big_add(people: &str, note: &str) -> Vec<String> {
    [
        "add",
        "cleanup",
        "--people",
        people,
        "--date",
        "2026-11-20",
        "--by",
        "楼长",
        "--note",
        note,
    ]
    .map(String::from)
    .to_vec()
}

fn long_note() -> String {
    "大扫除，清理楼道杂物和绿化带垃圾。".repeat(120)
}

/// What every reading command shows (run it on a copy: commands make the
/// book's `.points/` folder): balance, check, show (stdout only).
fn views(dir: &Path) -> Vec<String> {
    [
        &["balance"][..],
        &["check"],
        &["show", "P001"],
        &["--format", "json", "show", "P357"],
    ]
    .iter()
    .map(|args| {
        let (_, out, _) = points(dir, args);
        out
    })
    .collect()
}

/// Run `points` on `dir` with the kill hook; it must die by the signal.
fn killed_after(dir: &Path, args: &[String], bytes: usize) {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env_remove("POINTS_BOOK")
        .env("POINTS_TODAY", "2026-11-27")
        .env("POINTS_ID_SEED", "7")
        .env("POINTS_TEST_KILL_AFTER_BYTES", bytes.to_string())
        .env("USER", "tester")
        .env("HOME", dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        out.status.signal(),
        Some(9),
        "not killed at byte {bytes}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn seeded(dir: &Path, args: &[String]) -> (i32, String, String) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    points_with(dir, &args, &[("POINTS_ID_SEED", "7")])
}

/// The book's files by path within it, with their bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .map(|(p, b)| (p.strip_prefix(dir).unwrap().to_path_buf(), b))
        .collect()
}

/// No journal or temporary journal left in the book.
fn no_journal(dir: &Path) {
    for f in [".points/journal", ".points/journal.tmp"] {
        assert!(!dir.join(f).exists(), "{f} was left behind");
    }
}

// ----------------------------------------------------------------- journal

#[test]
fn a_writer_killed_at_any_byte_of_a_big_batch_leaves_the_book_as_before() {
    let note = long_note();
    let add = big_add(&everyone(), &note);
    let before = views(copy_of(&demo()).path());
    let ledger_before = std::fs::read(demo().join("ledger/2026.csv")).unwrap();
    // The book after the whole batch, for comparison.
    let whole = copy_of(&demo());
    let (code, _, err) = seeded(whole.path(), &add);
    assert_eq!(code, 0, "{err}");
    let after = views(whole.path());
    assert_ne!(before, after);
    let ledger_after = std::fs::read(whole.path().join("ledger/2026.csv")).unwrap();
    let batch = ledger_after.len() - ledger_before.len();
    assert!(batch > 2_000_000, "the batch is {batch} bytes");

    let row = batch / 357;
    let cuts = [
        0,
        1,
        row - 1,
        row,
        row + 1,
        batch / 3,
        batch / 2 + 7,
        batch - row,
        batch - 1,
        batch,
        // Past the end: killed with every row written, the journal still there.
        batch + 1,
    ];
    for cut in cuts {
        let book = copy_of(&demo());
        let dir = book.path();
        killed_after(dir, &add, cut);
        assert!(
            dir.join(".points/journal").exists(),
            "cut {cut}: no journal"
        );
        // The next command, a reading one, rolls it back and says so.
        let (code, out, err) = points(dir, &["balance"]);
        assert_eq!(code, 0, "cut {cut}: {err}");
        assert_eq!(out, before[0], "cut {cut}: balance counts a partial batch");
        // It names the write that was lost: the command, its pid, who ran it where.
        let (who, rest) = err.split_once(" (pid ").unwrap_or_else(|| panic!("{err}"));
        assert_eq!(
            who,
            "note: an earlier write to this book, `points add cleanup --people P001,P002,P003,P004,P005,P006,P007,P008,P009,P010,P011,P012,P014,P015,P016,P017,P018,P019,P0…`",
            "cut {cut}"
        );
        let (_, said) = rest
            .split_once(" by tester on ")
            .unwrap_or_else(|| panic!("{err}"));
        let said = said.split_once("), ").map(|(_, s)| s).unwrap_or(said);
        if cut == 0 {
            assert_eq!(said, "was interrupted before it wrote anything; its journal (.points/journal) was removed. Nothing of it was kept.\n");
        } else {
            assert_eq!(said, format!("was interrupted before it finished, so it was rolled back: ledger/2026.csv cut back to {} bytes. Nothing of it was kept.\n", ledger_before.len()), "cut {cut}");
        }
        no_journal(dir);
        assert_eq!(views(dir), before, "cut {cut}");
        assert_eq!(
            std::fs::read(dir.join("ledger/2026.csv")).unwrap(),
            ledger_before,
            "cut {cut}"
        );
        // And the same write then goes through whole.
        let (code, _, err) = seeded(dir, &add);
        assert_eq!((code, err.as_str()), (0, ""), "cut {cut}");
        assert_eq!(views(dir), after, "cut {cut}");
    }
}

/// Real `kill -9` at moments spread over the write: every reading command
/// then sees the book as before or as after, never in between.
#[test]
fn kill_9_at_random_moments_never_shows_a_partial_batch() {
    let add = big_add(&everyone(), &long_note());
    let before = views(copy_of(&demo()).path());
    let whole = copy_of(&demo());
    let start = Instant::now();
    assert_eq!(seeded(whole.path(), &add).0, 0);
    let took = start.elapsed().as_micros() as u64;
    let after = views(whole.path());
    let mut seed = std::process::id() as u64 ^ 0x9e37_79b9_7f4a_7c15;
    let (mut saw_before, mut saw_after) = (0, 0);
    for i in 0..12u64 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = (seed >> 33) % (took + took / 2 + 1);
        let book = copy_of(&demo());
        let dir = book.path();
        let mut child = Command::new(BIN)
            .current_dir(dir)
            .args(&add)
            .env("POINTS_TODAY", "2026-11-27")
            .env("POINTS_ID_SEED", "7")
            .env("USER", "tester")
            .env("HOME", dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        let seen = views(dir);
        no_journal(dir);
        if seen == before {
            saw_before += 1;
        } else {
            assert_eq!(seen, after, "round {i}, killed after {delay} µs");
            saw_after += 1;
        }
        let (code, _, err) = points(dir, &["add", "cleanup", "--people", "P001"]);
        assert_eq!(code, 0, "round {i}: a following add fails: {err}");
    }
    eprintln!("kill -9: {saw_before} before, {saw_after} after");
}

/// Killed while making a new ledger (here also its folder): the file and
/// the folder are gone again, and nothing counts.
#[test]
fn a_writer_killed_at_the_first_write_to_a_new_ledger_leaves_nothing() {
    let fixture = copy_of(&demo());
    std::fs::remove_dir_all(fixture.path().join("ledger")).unwrap();
    let add = big_add(&everyone(), "第一次");
    let before_files = files(fixture.path());
    let before = views(fixture.path());
    let header = "id,date,person,kind,item,qty,points,by,ref,note\n".len();
    for cut in [0, 1, header - 1, header, header + 10, 20_000, 10_000_000] {
        let book = copy_of(fixture.path());
        let dir = book.path();
        killed_after(dir, &add, cut);
        let (code, out, err) = points(dir, &["check"]);
        assert_eq!(
            (code, out.as_str()),
            (0, before[1].as_str()),
            "cut {cut}: {err}"
        );
        if cut > 0 {
            assert!(
                err.contains("so it was rolled back: ledger/2026.csv removed (the write had made it). Nothing of it was kept."),
                "cut {cut}: {err}"
            );
        }
        assert!(!dir.join("ledger").exists(), "cut {cut}: ledger/ is left");
        assert!(files(dir) == before_files, "cut {cut}: the book changed");
        assert_eq!(views(dir), before, "cut {cut}");
        let (code, _, err) = seeded(dir, &add);
        assert_eq!((code, err.as_str()), (0, ""), "cut {cut}");
    }
    // The same into a new file beside others (`--ledger`).
    let mut add = big_add(&everyone(), "新账本");
    add.extend(["--ledger".to_string(), "2026b".to_string()]);
    let before = views(copy_of(&demo()).path());
    for cut in [0, 30, 5_000] {
        let book = copy_of(&demo());
        let dir = book.path();
        killed_after(dir, &add, cut);
        assert_eq!(views(dir), before, "cut {cut}");
        assert!(!dir.join("ledger/2026b.csv").exists());
        no_journal(dir);
    }
}

/// A journal that is not one (torn, garbage, or naming other files) and a
/// stale temporary journal do not break the next write; files outside the
/// ledger folder are never touched.
#[test]
fn a_garbage_journal_is_removed_and_the_next_write_goes_through() {
    for journal in [
        "",
        "garbage",
        r#"{"points_journal":1,"ledger_dir_created":false,"files":[{"path":"ledger/2026.csv","len":0,"#,
        r#"{"points_journal":1,"ledger_dir_created":false,"files":[{"path":"people.csv","len":0,"created":false}]}"#,
    ] {
        let book = copy_of(&demo());
        let dir = book.path();
        std::fs::create_dir_all(dir.join(".points")).unwrap();
        std::fs::write(dir.join(".points/journal"), journal).unwrap();
        std::fs::write(dir.join(".points/journal.tmp"), "half a jour").unwrap();
        let before: Vec<_> = snapshot(dir)
            .into_iter()
            .filter(|(p, _)| !p.to_string_lossy().contains(".points/journal"))
            .collect();
        let (code, out, err) = points(
            dir,
            &["add", "cleanup", "--people", "P001", "--date", "2026-11-20"],
        );
        assert_eq!(code, 0, "{journal}: {err}");
        assert!(
            out.starts_with("recorded 1 row in ledger/2026.csv"),
            "{out}"
        );
        assert!(
            err.starts_with(
                "note: the journal of an earlier write (.points/journal) could not be read ("
            ),
            "{journal}: {err}"
        );
        assert!(err.ends_with("), so it was removed: a journal is only ever there whole, so that write had not started, and no ledger was changed.\n"), "{err}");
        no_journal(dir);
        let after = snapshot(dir);
        assert_eq!(after.len(), before.len());
        for ((p, a), (_, b)) in before.iter().zip(&after) {
            if p.ends_with("ledger/2026.csv") {
                assert!(b.starts_with(a) && b.len() > a.len());
            } else {
                assert_eq!(a, b, "{}", p.display());
            }
        }
        let (code, out, _) = points(dir, &["check"]);
        assert_eq!(code, 0, "{out}");
    }
}

/// A writer killed while writing its journal leaves only the temporary
/// file: the write had not started; the next command clears it quietly.
#[test]
fn a_stale_temporary_journal_is_cleared_quietly() {
    let book = copy_of(&demo());
    let dir = book.path();
    std::fs::create_dir_all(dir.join(".points")).unwrap();
    std::fs::write(
        dir.join(".points/journal.tmp"),
        r#"{"points_journal":1,"comm"#,
    )
    .unwrap();
    let (code, out, err) = points(
        dir,
        &["add", "cleanup", "--people", "P001", "--date", "2026-11-20"],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.starts_with("recorded 1 row in ledger/2026.csv"),
        "{out}"
    );
    no_journal(dir);
}

// -------------------------------------------------------------------- lock

/// Hold the book's lock from the test, as a writer does, naming a holder.
fn hold(dir: &Path, holder: &str, shared: bool) -> File {
    std::fs::create_dir_all(dir.join(".points")).unwrap();
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(dir.join(".points/lock"))
        .unwrap();
    f.write_all(holder.as_bytes()).unwrap();
    if shared {
        f.lock_shared().unwrap();
    } else {
        f.lock().unwrap();
    }
    f
}

#[test]
fn a_writer_waits_for_the_book_says_whom_for_and_gives_up() {
    let book = copy_of(&demo());
    let dir = book.path();
    let before = snapshot(dir);
    let lock = hold(
        dir,
        "`points add patrol --people 张三` (pid 4242, by 王主任 on 社区电脑)\n",
        false,
    );
    let start = Instant::now();
    let (code, out, err) = points_with(
        dir,
        &["add", "cleanup", "--people", "P001"],
        &[("POINTS_LOCK_TIMEOUT", "2")],
    );
    let took = start.elapsed();
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(err, "waiting for `points add patrol --people 张三` (pid 4242, by 王主任 on 社区电脑) to finish with this book…\nerror: `points add patrol --people 张三` (pid 4242, by 王主任 on 社区电脑) has kept this book locked for 2 seconds, so this command gave up waiting. If that command is stuck, end it (or let it finish), then run this again. Nothing was read or written.\n");
    assert!(took >= Duration::from_secs(2) && took < Duration::from_secs(10));
    // A reader waits for a writer too (it must not count a write half done).
    let (code, _, err) = points_with(dir, &["balance"], &[("POINTS_LOCK_TIMEOUT", "1")]);
    assert_eq!(code, 1);
    assert_eq!(err, "error: `points add patrol --people 张三` (pid 4242, by 王主任 on 社区电脑) has kept this book locked for 1 second, so this command gave up waiting. If that command is stuck, end it (or let it finish), then run this again. Nothing was read or written.\n");
    assert!(snapshot(dir) == before, "the book changed");
    drop(lock);
    // Readers share the book with each other, but a writer waits for them.
    let lock = hold(dir, "", true);
    let (code, _, err) = points_with(dir, &["balance"], &[("POINTS_LOCK_TIMEOUT", "0")]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, _, err) = points_with(
        dir,
        &["add", "cleanup", "--people", "P001"],
        &[("POINTS_LOCK_TIMEOUT", "2")],
    );
    assert_eq!(code, 1);
    assert_eq!(err, "waiting for another points command (one that only reads) to finish with this book…\nerror: another points command (one that only reads) has kept this book locked for 2 seconds, so this command gave up waiting. If that command is stuck, end it (or let it finish), then run this again. Nothing was written.\n");
    drop(lock);
    let (code, _, err) = points(dir, &["add", "cleanup", "--people", "P001"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

/// A journal found while a writer holds the book is that writer's, live:
/// a reader waits instead of rolling it back.
#[test]
fn a_live_write_is_never_rolled_back_by_a_reader() {
    let book = copy_of(&demo());
    let dir = book.path();
    let ledger = dir.join("ledger/2026.csv");
    let len = std::fs::metadata(&ledger).unwrap().len();
    let lock = hold(
        dir,
        "`points add cleanup` (pid 1, by 楼长 on 社区电脑)\n",
        false,
    );
    std::fs::write(
        dir.join(".points/journal"),
        format!(r#"{{"points_journal":1,"ledger_dir_created":false,"files":[{{"path":"ledger/2026.csv","len":{len},"created":false}}]}}"#),
    )
    .unwrap();
    let row = "X1,2026-11-20,P001,earn,cleanup,1,2,楼长,,\n";
    std::fs::OpenOptions::new()
        .append(true)
        .open(&ledger)
        .unwrap()
        .write_all(row.as_bytes())
        .unwrap();
    let (code, _, err) = points_with(dir, &["check"], &[("POINTS_LOCK_TIMEOUT", "1")]);
    assert_eq!(code, 1, "{err}");
    assert!(dir.join(".points/journal").exists());
    assert_eq!(
        std::fs::metadata(&ledger).unwrap().len(),
        len + row.len() as u64
    );
    // The writer dies: now the next command rolls its write back.
    drop(lock);
    let (code, _, err) = points(dir, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("ledger/2026.csv cut back to {len} bytes")),
        "{err}"
    );
    assert_eq!(std::fs::metadata(&ledger).unwrap().len(), len);
}

/// Writers to different ledger files never both take the last points of a
/// monthly cap (patrol: 2 points an hour, 20 a month). Each month, 16
/// points are recorded first; then four writers at once, two to each file,
/// ask for 8 more each: only 4 may be given.
#[test]
fn writers_to_different_ledgers_never_pass_a_monthly_cap() {
    let book = copy_of(&demo());
    let dir = book.path();
    let add = |date: &str, ledger: &str| {
        let mut c = Command::new(BIN);
        c.current_dir(dir)
            .args(["add", "patrol", "--people", "P001", "--qty", "4"])
            .args(["--date", date, "--ledger", ledger])
            .env("POINTS_TODAY", "2026-11-27")
            .env("USER", "tester")
            .env("HOME", dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let patrol_in = |month: &str| -> i64 {
        let mut total = 0;
        for f in ["ledger/2026.csv", "ledger/2026z.csv"] {
            let text = std::fs::read_to_string(dir.join(f)).unwrap_or_default();
            for l in text.lines().skip(1) {
                let c: Vec<&str> = l.split(',').collect();
                if c[2] == "P001" && c[4] == "patrol" && c[1].starts_with(month) {
                    total += c[6].parse::<i64>().unwrap();
                }
            }
        }
        total
    };
    for month in 1..=10 {
        let month = format!("2026-{month:02}");
        for _ in 0..2 {
            assert!(add(&format!("{month}-01"), "2026")
                .status()
                .unwrap()
                .success());
        }
        let racers: Vec<_> = ["2026", "2026z", "2026", "2026z"]
            .iter()
            .map(|l| add(&format!("{month}-02"), l).spawn().unwrap())
            .collect();
        for mut r in racers {
            r.wait().unwrap();
        }
        let total = patrol_in(&month);
        assert_eq!(
            total, 20,
            "P001 got {total} patrol points in {month}: the cap is 20"
        );
    }
    let (code, out, err) = points(dir, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// Two `exchange --commit` of one round at once (to different ledgers):
/// one commits, the other is refused; the round is spent once.
#[test]
fn one_round_is_committed_once_by_two_commits_at_once() {
    for _ in 0..3 {
        let book = copy_of(&demo());
        let dir = book.path().to_path_buf();
        let commits: Vec<_> = [None, Some("2026z")]
            .into_iter()
            .map(|ledger| {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let mut args = vec![
                        "exchange",
                        "2026H1",
                        "--requests",
                        "requests-2026H1.csv",
                        "--commit",
                        "--by",
                        "超市志愿者",
                    ];
                    if let Some(l) = ledger {
                        args.extend(["--ledger", l]);
                    }
                    points(&dir, &args)
                })
            })
            .collect();
        let codes: Vec<i32> = commits.into_iter().map(|c| c.join().unwrap().0).collect();
        let mut codes_sorted = codes.clone();
        codes_sorted.sort();
        assert_eq!(codes_sorted, vec![0, 1], "{codes:?}");
        let mut rows = 0;
        for f in ["ledger/2026.csv", "ledger/2026z.csv"] {
            let text = std::fs::read_to_string(dir.join(f)).unwrap_or_default();
            rows += text.lines().filter(|l| l.contains(",2026H1,")).count();
        }
        assert_eq!(rows, 39, "the round was spent {rows} rows, not 39");
    }
}
