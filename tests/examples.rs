//! The books that ship with the repository: the demo community in
//! `ledgers/demo/` (written by `examples/gen-demo.rs`) and the ready-to-copy
//! rule sets under `examples/`. Each must pass `check`, and the demo must be
//! exactly what the generator writes.

use crate::harness::{copy_dir, snapshot, Test, BIN};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A test on a copy of a book of the repository.
fn book(rel: &str) -> Test {
    let t = Test::new();
    copy_dir(&repo(rel), t.path());
    t
}

#[test]
fn demo_passes_check() {
    book("ledgers/demo")
        .args(["check"])
        .stdout("ok: 4026 rows in 2 ledger files, 360 people, 13 items; 0 warnings\n")
        .unchanged()
        .run();
}

#[test]
fn village_passes_check() {
    book("examples/village")
        .args(["check"])
        .stdout("ok: 0 rows in 1 ledger file, 0 people, 13 items; 0 warnings\n")
        .unchanged()
        .run();
}

#[test]
fn volunteer_hours_passes_check() {
    book("examples/volunteer-hours")
        .args(["check"])
        .stdout("ok: 0 rows in 1 ledger file, 0 people, 6 items; 0 warnings\n")
        .unchanged()
        .run();
}

/// The demo's roster is the compound of SPEC §1.
#[test]
fn demo_is_the_compound() {
    let people = std::fs::read_to_string(repo("ledgers/demo/people.csv")).unwrap();
    let rows: Vec<Vec<&str>> = people
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 360);
    let mut households: Vec<&str> = rows.iter().map(|r| r[2]).collect();
    households.sort_unstable();
    households.dedup();
    assert_eq!(households.len(), 89);
    assert_eq!(rows.iter().filter(|r| r[4] == "party").count(), 23);
    for team in ["patrol-team", "volunteers", "performers"] {
        assert!(rows.iter().any(|r| r[7].split(';').any(|t| t == team)));
    }
    // A name lookup must be able to be ambiguous.
    let zhang_wei = rows.iter().filter(|r| r[1] == "张伟").count();
    assert_eq!(zhang_wei, 2);
}

/// The generator binary that cargo builds next to `points` for `cargo test`.
fn generator() -> Option<PathBuf> {
    let exe = format!("gen-demo{}", std::env::consts::EXE_SUFFIX);
    let p = Path::new(BIN).parent()?.join("examples").join(exe);
    p.is_file().then_some(p)
}

/// Regenerating the demo gives the committed files, byte for byte.
#[test]
fn demo_regenerates_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let status = match generator() {
        Some(g) => Command::new(g).arg("--out").arg(&out).status().unwrap(),
        None => Command::new(env!("CARGO"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["run", "--quiet", "--example", "gen-demo", "--", "--out"])
            .arg(&out)
            .status()
            .unwrap(),
    };
    assert!(status.success());
    let strip = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(root)
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(root).unwrap().to_path_buf(), b))
            .collect()
    };
    let fresh = strip(&out);
    let committed = strip(&repo("ledgers/demo"));
    let names = |v: &[(PathBuf, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&fresh), names(&committed));
    for ((p, a), (_, b)) in fresh.iter().zip(&committed) {
        assert!(
            a == b,
            "{} differs from a fresh generation: run `cargo run --release --example gen-demo -- --out ledgers/demo`",
            p.display()
        );
    }
    // And twice in a row gives the same bytes.
    let again = tmp.path().join("again");
    let g = generator().unwrap_or_else(|| repo("target/debug/examples/gen-demo"));
    if g.is_file() {
        assert!(Command::new(g)
            .arg("--out")
            .arg(&again)
            .status()
            .unwrap()
            .success());
        assert!(strip(&again) == fresh);
    }
}

/// The documents link only to files of the repository, and every such link
/// resolves: a clone must hold its whole reference (issue 10).
#[test]
fn documents_link_only_inside_the_repository() {
    let root = repo("");
    let mut docs = vec![
        repo("README.md"),
        repo("CHANGELOG.md"),
        repo("BENCHMARKS.md"),
    ];
    for e in std::fs::read_dir(repo("docs")).unwrap() {
        docs.push(e.unwrap().path());
    }
    let mut bad = Vec::new();
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        if text.contains("../shared") {
            bad.push(format!("{} mentions ../shared", doc.display()));
        }
        // Markdown links: `](target)`.
        for part in text.split("](").skip(1) {
            let target = part.split(')').next().unwrap_or("");
            let path = target.split('#').next().unwrap_or("");
            if path.is_empty() || path.starts_with("https://") || path.starts_with("http://") {
                continue;
            }
            let resolved = doc.parent().unwrap().join(path);
            let inside = resolved
                .canonicalize()
                .is_ok_and(|p| p.starts_with(root.canonicalize().unwrap()));
            if !inside {
                bad.push(format!("{} links to {target}", doc.display()));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The party branch of `examples/party-branch`: base 60, floor 0 (扣完为止),
/// a monthly cap on deductions for absences, and a veto.
#[test]
fn party_branch_passes_check_and_grades_as_its_readme_says() {
    book("examples/party-branch")
        .args(["check"])
        .stdout("ok: 160 rows in 1 ledger file, 10 people, 14 items; 0 warnings\n")
        .unchanged()
        .run();
    // D07: earned 11 (meetings), deducted 40 + 40 + 5 + 3 = 88:
    // 60 + 11 - 88 = -17, floored to 0. D05: 12 meetings, absences -3, -3 and
    // a third cut to 0 by the 6-a-month deduction cap: 60 + 12 - 6 = 66.
    // D03: 60 + 16 + 5 - 30 = 51, vetoed, so not 合格 (clean) but 基本合格.
    // D09 is exempt (免评) and not graded.
    book("examples/party-branch")
        .env("POINTS_TODAY", "2026-11-20")
        .args(["evaluate", "party-review", "2026", "--format", "csv"])
        .stdout(
            "rank,subject,name,score,tier,vetoed,tie,reason\n\
             1,D01,王建国,89,优秀,false,false,\n\
             2,D06,杨晓红,87,优秀,false,false,\n\
             3,D04,刘桂兰,84,优秀,false,false,\n\
             4,D02,李秀英,83,合格,false,false,优秀 full (3)\n\
             5,D10,吴海军,80,合格,false,false,优秀 full (3)\n\
             6,D08,黄丽,75,合格,false,false,优秀 full (3)\n\
             7,D05,陈明,66,合格,false,false,below 75\n\
             8,D03,张志刚,51,基本合格,true,false,\"below 75; below 60; vetoed: 违反廉洁纪律 2026-10-10 (h17y92gv7y, 张志刚)\"\n\
             9,D07,赵德福,0,不合格,false,false,below 75; below 60; below 40\n",
        )
        .run();
    // The third absence of March, cut to 0 by the deduction cap, is still a
    // deduction (扣分) in the statement, not points earned.
    book("examples/party-branch")
        .args(["--lang", "zh", "show", "D05", "2026-03"])
        .stdout_has("┆ 2026-03-28 ┆ 扣分     ┆ 无故缺席组织生活 ┆    1 ┆    0 ┆")
        .run();
}

/// The village 爱心超市 of `examples/love-supermarket`: household deeds, a
/// household cap, household accounts and points valid for the year.
#[test]
fn love_supermarket_passes_check_and_shows_what_its_readme_says() {
    book("examples/love-supermarket")
        .env("POINTS_TODAY", "2026-11-27")
        .args(["check"])
        .stdout("ok: 338 rows in 2 ledger files, 14 people, 10 items; 0 warnings\n")
        .unchanged()
        .run();
    // H01 in 2025: the yard 40 a month (October's fifth Friday cut by the
    // cap) × 3 = 120; work: V03 4 h × 2 twice, V01–V03 4 h × 2 on 11-22:
    // 8 + 8 + 24 = 40; 160 in all, 20 spent on two towels, the other 140
    // gone on 2026-01-01.
    book("examples/love-supermarket")
        .env("POINTS_TODAY", "2026-11-27")
        .args([
            "balance",
            "--by",
            "household",
            "--until",
            "2026-01-01",
            "--format",
            "csv",
        ])
        .stdout_has("H01,李长顺、王秀兰、李小军,160,20,140,0,0\n")
        .run();
    // March 2026: V01 8 h, V02 8 h, V03 12 h = 56 points, cut to 40 for H01.
    book("examples/love-supermarket")
        .args(["report", "2026-03", "--by", "household", "--format", "csv"])
        .stdout_has("1,H01,李长顺、王秀兰、李小军,80,40,0,40,0,0,28,11\n")
        .run();
}

/// A household deed that opens a new year's ledger says so, as `add` does
/// for people (the note was once lost when the deed's cap notes were set).
#[test]
fn a_household_deed_in_a_new_year_says_which_file_to_git_add() {
    book("examples/love-supermarket")
        .env("POINTS_TODAY", "2027-01-02")
        .args(["add", "clean-yard", "--households", "H01", "--dry-run"])
        .stdout_has(
            "ledger/2027.csv does not exist yet: this write would make it (then `git add ledger/2027.csv`)\n",
        )
        .unchanged()
        .run();
}

/// The balance a household deed's row shows counts only unexpired points,
/// as `balance --by household` does. On 2 January 2027 H01 has earned 655,
/// spent 50 and lost 605 (all of 2026's points gone on 1 January, 积分当年有效):
/// 655 − 50 − 605 = 0, and 10 after the 10 points of 庭院整洁 written now.
/// Before the fix the row showed 615 (expiry ignored).
#[test]
fn a_household_deed_shows_the_balance_left_after_expiry() {
    book("examples/love-supermarket")
        .env("POINTS_TODAY", "2027-01-02")
        .args([
            "add",
            "clean-yard",
            "--households",
            "H01",
            "--yes",
            "--format",
            "csv",
        ])
        .stdout_has(",2027-01-02,H01,李长顺、王秀兰、李小军,earn,clean-yard,1,10,10\n")
        .run();
}
