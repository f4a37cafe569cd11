//! `points audit` (#14 parts 1, 2, 5, 6; SPEC §8): the history of the
//! current branch, merges included, checked for rewritten rows, removed or
//! renamed ledgers, rule changes that rewrite committed points, people
//! removed from the roster, late entries and uncommitted changes; `--entry`
//! names the commit that added an entry. Real repositories are built here
//! with the `git` command line, each commit at a fixed date (committer and
//! author), so that every expected line can be written out whole; only the
//! hashes come from git.

use crate::harness::Test;
use std::path::PathBuf;
use std::process::Command;
use tempfile::TempDir;

// Line 12 of the rules is `points = 2`.
const RULES: &str = "[scheme]\nname = \"审计小区\"\n\n[[category]]\nid = \"welfare\"\nname = \"社区公益类\"\n\n[[item]]\nid = \"volunteer\"\nname = \"志愿服务\"\ncategory = \"welfare\"\npoints = 2\n";
const PEOPLE: &str =
    "id,name,household,building,role,joined,left\nP01,王芳,H1,B1,resident,,\nP02,李强,H2,B1,resident,,\n";
const HEADER: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";
const A1: &str = "A1,2026-03-01,P01,earn,volunteer,1,2,社区,,";
const A2: &str = "A2,2026-03-02,P02,earn,volunteer,1,2,社区,,";
const A3: &str = "A3,2026-04-01,P01,earn,volunteer,1,2,李强,,";
const A4: &str = "A4,2026-04-02,P02,earn,volunteer,1,2,社区,,";
const FIX: &str = "A committed row is never edited or deleted: restore it in a new commit and correct it with a `void` row";

/// A git repository in a temporary folder, with the book at `sub` in it.
struct Repo {
    dir: TempDir,
    sub: &'static str,
}

impl Repo {
    /// A repository whose first commit (2026-03-05) holds the book with A1
    /// and A2.
    fn new(sub: &'static str) -> Repo {
        let r = Repo {
            dir: tempfile::tempdir().unwrap(),
            sub,
        };
        r.git(&["init", "-q"], "2026-03-05");
        r.write("points.toml", RULES);
        r.write("people.csv", PEOPLE);
        r.write("ledger/2026.csv", &format!("{HEADER}{A1}\n{A2}\n"));
        r.commit("2026-03-05");
        r
    }

    fn book(&self) -> PathBuf {
        self.dir.path().join(self.sub)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.book().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn append(&self, rel: &str, line: &str) {
        let p = self.book().join(rel);
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str(line);
        text.push('\n');
        std::fs::write(p, text).unwrap();
    }

    /// Run git at `date` (10:00 UTC); fails the test unless it succeeds.
    fn git(&self, args: &[&str], date: &str) -> String {
        let out = self.try_git(args, date);
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn try_git(&self, args: &[&str], date: &str) -> std::process::Output {
        let when = format!("{date}T10:00:00+00:00");
        Command::new("git")
            .current_dir(self.dir.path())
            .args(["-c", "user.name=测试", "-c", "user.email=t@example.org"])
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_DATE", &when)
            .output()
            .unwrap()
    }

    /// Commit everything at `date`; the short hash.
    fn commit(&self, date: &str) -> String {
        self.git(&["add", "-A"], date);
        self.git(&["commit", "-q", "-m", date], date);
        self.git(&["rev-parse", "--short=7", "HEAD"], date)
    }

    /// `points audit ARGS` on the book.
    fn audit(self, args: &[&str]) -> Test {
        let mut t = Test::new();
        let book = if self.sub.is_empty() {
            ".".to_string()
        } else {
            self.sub.to_string()
        };
        t.dir = self.dir;
        let mut all = vec!["--book".to_string(), book, "audit".to_string()];
        all.extend(args.iter().map(|a| a.to_string()));
        t.args(all)
    }
}

fn ok(commits: &str, head: &str, date: &str, warnings: &str) -> String {
    format!("{commits} touching the book audited, up to commit `{head}` of {date}: no errors, {warnings}\n")
}

fn failed(commits: &str, head: &str, date: &str, errors: &str, warnings: &str) -> String {
    format!("{commits} touching the book audited, up to commit `{head}` of {date}: {errors}, {warnings}. {FIX}\n")
}

#[test]
fn a_clean_linear_history_passes() {
    let r = Repo::new("");
    // A3 is dated 2026-04-01 and committed 2026-04-03: 2 days, not late.
    r.append("ledger/2026.csv", A3);
    let c2 = r.commit("2026-04-03");
    r.audit(&[])
        .stdout(&ok("2 commits", &c2, "2026-04-03", "0 warnings"))
        .run();
}

#[test]
fn a_row_edited_in_place_is_an_error_naming_the_commit() {
    // The book in a subfolder of the repository: paths are the repository's.
    let r = Repo::new("community");
    r.append("ledger/2026.csv", A3);
    r.commit("2026-04-03");
    // A1's points 2 → 20, in place, in the third commit.
    let edited = A1.replace(",1,2,", ",1,20,");
    r.write(
        "ledger/2026.csv",
        &format!("{HEADER}{edited}\n{A2}\n{A3}\n"),
    );
    let c3 = r.commit("2026-05-02");
    let expected = format!(
        "{c3} 2026-05-02 测试: community/ledger/2026.csv:2: error: a committed row was changed: it was `{A1}` and is now `{edited}`\n{}",
        failed("3 commits", &c3, "2026-05-02", "1 error", "0 warnings")
    );
    r.audit(&[]).stdout(&expected).status(1).run();
}

#[test]
fn a_row_deleted_is_an_error() {
    let r = Repo::new("");
    r.write("ledger/2026.csv", &format!("{HEADER}{A2}\n"));
    let c2 = r.commit("2026-03-20");
    let expected = format!(
        "{c2} 2026-03-20 测试: ledger/2026.csv:2: error: a committed row was removed: `{A1}`\n{}",
        failed("2 commits", &c2, "2026-03-20", "1 error", "0 warnings")
    );
    r.audit(&[]).stdout(&expected).status(1).run();
}

#[test]
fn a_ledger_renamed_is_an_error() {
    let r = Repo::new("");
    // Renamed on 2026-04-20, 50 days after A1's date: the rows are not new,
    // so they are not late either.
    r.git(&["mv", "ledger/2026.csv", "ledger/main.csv"], "2026-04-20");
    let c2 = r.commit("2026-04-20");
    let expected = format!(
        "{c2} 2026-04-20 测试: ledger/2026.csv: error: a ledger file with committed rows was renamed to ledger/main.csv: ledger files keep their names\n{}",
        failed("2 commits", &c2, "2026-04-20", "1 error", "0 warnings")
    );
    r.audit(&[]).stdout(&expected).status(1).run();
}

#[test]
fn a_rate_changed_in_place_is_an_error_naming_the_rows() {
    let r = Repo::new("");
    r.write(
        "points.toml",
        &RULES.replace("points = 2\n", "points = 3\n"),
    );
    let c2 = r.commit("2026-03-20");
    // A1 and A2 (lines 2 and 3) were committed at 2 points; the new rules
    // give 3: both are altered.
    let expected = format!(
        "{c2} 2026-03-20 测试: points.toml:12: info: the rules changed: `points = 2` became `points = 3`\n\
         {c2} 2026-03-20 测试: points.toml:12: error: this change of the rules alters the points of 2 rows already committed (ledger/2026.csv:2, ledger/2026.csv:3): change a value with a dated step (`rates`, `costs`), not in place\n{}",
        failed("2 commits", &c2, "2026-03-20", "1 error", "0 warnings")
    );
    r.audit(&[]).stdout(&expected).status(1).run();
}

#[test]
fn a_dated_rates_step_is_only_noted() {
    let r = Repo::new("");
    let rates =
        "rates = [{ from = \"2026-01-01\", points = 2 }, { from = \"2026-06-01\", points = 3 }]";
    r.write(
        "points.toml",
        &RULES.replace("points = 2\n", &format!("{rates}\n")),
    );
    let c2 = r.commit("2026-03-20");
    let expected = format!(
        "{c2} 2026-03-20 测试: points.toml:12: info: the rules changed: `points = 2` became `{rates}`\n{}",
        ok("2 commits", &c2, "2026-03-20", "0 warnings")
    );
    r.audit(&[]).stdout(&expected).run();
}

#[test]
fn a_person_removed_from_the_roster_is_an_error() {
    let r = Repo::new("");
    r.write(
        "people.csv",
        &PEOPLE.replace("P02,李强,H2,B1,resident,,\n", ""),
    );
    let c2 = r.commit("2026-03-20");
    let expected = format!(
        "{c2} 2026-03-20 测试: people.csv: error: person P02 was removed from the roster: people leave by a `left` date\n{}",
        failed("2 commits", &c2, "2026-03-20", "1 error", "0 warnings")
    );
    r.audit(&[]).stdout(&expected).status(1).run();
}

/// Two clones' appends: `side` adds A3 (2026-04-02), `main` adds A4
/// (2026-04-03); the merge is made on 2026-04-04.
fn two_clones(union: bool) -> (Repo, String) {
    let r = Repo::new("");
    if union {
        r.write(".gitattributes", "ledger/*.csv merge=union\n");
        r.commit("2026-03-06");
    }
    r.git(&["checkout", "-q", "-b", "side"], "2026-04-02");
    r.append("ledger/2026.csv", A3);
    r.commit("2026-04-02");
    r.git(&["checkout", "-q", "main"], "2026-04-03");
    r.append("ledger/2026.csv", A4);
    r.commit("2026-04-03");
    let merged = r.try_git(&["merge", "-q", "--no-edit", "side"], "2026-04-04");
    if !union {
        // A conflict, settled by hand keeping main's rows only: A3 is lost.
        assert!(!merged.status.success());
        r.write("ledger/2026.csv", &format!("{HEADER}{A1}\n{A2}\n{A4}\n"));
        r.git(&["add", "-A"], "2026-04-04");
        r.git(&["commit", "-q", "--no-edit"], "2026-04-04");
    } else {
        assert!(merged.status.success(), "{merged:?}");
    }
    let head = r.git(&["rev-parse", "--short=7", "HEAD"], "2026-04-04");
    (r, head)
}

#[test]
fn two_clones_merged_with_merge_union_are_clean() {
    let (r, head) = two_clones(true);
    // Commits touching the book: the first, side, main, merge (not the
    // one adding .gitattributes, which is no book file).
    assert_eq!(
        std::fs::read_to_string(r.book().join("ledger/2026.csv")).unwrap(),
        format!("{HEADER}{A1}\n{A2}\n{A4}\n{A3}\n")
    );
    r.audit(&[])
        .stdout(&ok("4 commits", &head, "2026-04-04", "0 warnings"))
        .run();
}

#[test]
fn two_clones_merged_by_hand_with_a_row_lost_is_an_error() {
    let (r, head) = two_clones(false);
    // A3 is line 4 of side's ledger; the merge lost it.
    let expected = format!(
        "{head} 2026-04-04 测试: ledger/2026.csv:4: error: a committed row was removed: `{A3}`\n{}",
        failed("4 commits", &head, "2026-04-04", "1 error", "0 warnings")
    );
    r.audit(&[]).stdout(&expected).status(1).run();
}

#[test]
fn a_row_committed_90_days_after_its_date_is_a_warning() {
    let r = Repo::new("");
    // A3 of 2026-04-01 committed on 2026-06-30: 29 + 31 + 30 = 90 days.
    r.append("ledger/2026.csv", A3);
    let c2 = r.commit("2026-06-30");
    let expected = format!(
        "{c2} 2026-06-30 测试: ledger/2026.csv:4: warning: entry A3 of 2026-04-01 was committed 90 days after its date (more than 30)\n{}",
        ok("2 commits", &c2, "2026-06-30", "1 warning")
    );
    r.audit(&[]).stdout(&expected).run();
}

#[test]
fn max_late_days_and_json() {
    let r = Repo::new("");
    // Lines 13 (blank) to 15 of the rules are new; the first not blank, 14.
    r.write(
        "points.toml",
        &format!("{RULES}\n[audit]\nmax_late_days = 100\n"),
    );
    r.commit("2026-03-06");
    let c2 = r.git(&["rev-parse", "HEAD"], "2026-03-06");
    // 90 days late, within 100: nothing; A4 of 2026-04-02, 120 days before
    // 2026-07-31 (28 + 31 + 30 + 31): late.
    r.append("ledger/2026.csv", A3);
    r.commit("2026-06-30");
    r.append("ledger/2026.csv", A4);
    r.commit("2026-07-31");
    let full = r.git(&["rev-parse", "HEAD"], "2026-07-31");
    let expected = format!(
        "[\n  {{\"commit\":\"{c2}\",\"author\":\"测试\",\"date\":\"2026-03-06\",\"level\":\"info\",\"what\":\"rules-changed\",\"path\":\"points.toml\",\"line\":14,\"message\":\"the rules changed: `[audit]`, `max_late_days = 100` added\"}},\n  {{\"commit\":\"{full}\",\"author\":\"测试\",\"date\":\"2026-07-31\",\"level\":\"warning\",\"what\":\"late-entry\",\"path\":\"ledger/2026.csv\",\"line\":5,\"message\":\"entry A4 of 2026-04-02 was committed 120 days after its date (more than 100)\"}}\n]\n"
    );
    r.audit(&["--format", "json"]).stdout(&expected).run();
}

#[test]
fn entry_names_the_commit_that_added_it() {
    let r = Repo::new("");
    r.append("ledger/2026.csv", A3);
    let c2 = r.commit("2026-04-03");
    r.append("ledger/2026.csv", A4);
    r.commit("2026-04-04");
    let expected = format!(
        "{c2} 2026-04-03 测试: ledger/2026.csv:4: info: entry A3 was added by commit `{c2}` of 2026-04-03 10:00:00 +00:00, committed by 测试; its row says it was recorded by 李强\n"
    );
    r.audit(&["--entry", "A3"]).stdout(&expected).run();
}

#[test]
fn entry_refuses_an_unknown_or_ambiguous_id() {
    let r = Repo::new("");
    r.audit(&["--entry", "A"])
        .stderr("error: `A` starts the ids of several entries (A1, A2): give more of the id\n")
        .status(1)
        .run();
    let r = Repo::new("");
    r.audit(&["--entry", "B7"])
        .stderr("error: no entry of the committed ledgers has an id starting with `B7`: `git log` and `points show` list the entries\n")
        .status(1)
        .run();
}

#[test]
fn since_audits_only_the_later_commits() {
    let r = Repo::new("");
    // The rename is before the tag: not audited.
    r.git(&["mv", "ledger/2026.csv", "ledger/main.csv"], "2026-03-20");
    r.commit("2026-03-20");
    r.git(&["tag", "v1"], "2026-03-20");
    r.append("ledger/main.csv", A3);
    let c3 = r.commit("2026-04-03");
    r.audit(&["--since", "v1"])
        .stdout(&ok("1 commit", &c3, "2026-04-03", "0 warnings"))
        .run();
}

/// `--since` reads `HEAD~N` as `--at` does: `HEAD~1` is the commit before
/// the last, so only the last (the append of A3) is audited, and the rename
/// before it, an error, is not.
#[test]
fn since_takes_head_and_its_ancestors() {
    let r = Repo::new("");
    r.git(&["mv", "ledger/2026.csv", "ledger/main.csv"], "2026-03-20");
    r.commit("2026-03-20");
    r.append("ledger/main.csv", A3);
    let c3 = r.commit("2026-04-03");
    r.audit(&["--since", "HEAD~1"])
        .stdout(&ok("1 commit", &c3, "2026-04-03", "0 warnings"))
        .run();
}

#[test]
fn uncommitted_changes_are_a_note() {
    let r = Repo::new("");
    r.append("ledger/2026.csv", A3);
    let expected = format!(
        "note: the book has uncommitted changes: the audit covers commits only\n{}",
        ok(
            "1 commit",
            &r.git(&["rev-parse", "--short=7", "HEAD"], "2026-03-05"),
            "2026-03-05",
            "0 warnings"
        )
    );
    r.audit(&[]).stdout(&expected).run();
}

#[test]
fn outside_git_there_is_no_history_to_audit() {
    Test::new()
        .file("points.toml", RULES)
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", format!("{HEADER}{A1}\n"))
        .args(["audit"])
        .stderr("error: . is not in a git repository: there is no history to audit. Keep the book in git (`git init`, `git add -A`, `git commit`) and audit it from then on\n")
        .status(1)
        .run();
}

#[test]
fn a_repository_without_commits_has_no_history_to_audit() {
    let t = Test::new()
        .file("points.toml", RULES)
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", format!("{HEADER}{A1}\n"));
    let out = Command::new("git")
        .current_dir(t.path())
        .args(["init", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    t.args(["audit"])
        .stderr("error: nothing is committed yet in the git repository holding .: there is no history to audit. Commit the book (`git add -A`, `git commit`) first\n")
        .status(1)
        .run();
}

#[test]
fn a_row_edited_in_place_in_chinese() {
    let r = Repo::new("");
    let edited = A2.replace(",社区,", ",居委会,");
    r.write("ledger/2026.csv", &format!("{HEADER}{A1}\n{edited}\n"));
    let c2 = r.commit("2026-03-20");
    let expected = format!(
        "{c2} 2026-03-20 测试：ledger/2026.csv:3：错误：已提交的记录被修改：原为 `{A2}`，现为 `{edited}`\n\
         已核查涉及账本的 2 个提交，截至2026年3月20日的提交 `{c2}`：错误 1 处，提醒 0 条。已提交的记录不得修改或删除：请在新的提交中恢复原记录，再用 `void` 记录更正\n"
    );
    r.audit(&["--lang", "zh"]).stdout(&expected).status(1).run();
}

#[test]
fn the_rows_of_the_first_commit_are_not_late() {
    // The book enters git in a subfolder on 2026-09-01, after a first
    // commit of something else, with rows of March (184 days before): where
    // the history of a book starts, nothing is late.
    let r = Repo {
        dir: tempfile::tempdir().unwrap(),
        sub: "book",
    };
    r.git(&["init", "-q"], "2026-03-05");
    std::fs::write(r.dir.path().join("README"), "community\n").unwrap();
    r.commit("2026-03-05");
    r.write("points.toml", RULES);
    r.write("people.csv", PEOPLE);
    r.write("ledger/2026.csv", &format!("{HEADER}{A1}\n{A2}\n"));
    let c2 = r.commit("2026-09-01");
    r.audit(&[])
        .stdout(&ok("1 commit", &c2, "2026-09-01", "0 warnings"))
        .run();
}

#[test]
fn a_person_whose_id_changed_is_an_error_and_csv_carries_it() {
    let r = Repo::new("");
    r.write("people.csv", &PEOPLE.replace("P02,李强", "P09,李强"));
    r.commit("2026-03-20");
    let full = r.git(&["rev-parse", "HEAD"], "2026-03-20");
    let expected = format!(
        "commit,author,date,level,what,path,line,message\n{full},测试,2026-03-20,error,person-id-changed,people.csv,,the id of person P02 was changed to P09: ids never change\n"
    );
    r.audit(&["--format", "csv"])
        .stdout(&expected)
        .status(1)
        .run();
}

#[test]
fn since_an_unknown_revision_is_refused() {
    Repo::new("")
        .audit(&["--since", "v9"])
        .stderr("error: `v9` is no branch, tag or commit in the history of the current branch: give one of them, e.g. a commit hash from `git log`\n")
        .status(1)
        .run();
}

#[test]
fn max_late_days_must_be_a_number_of_days() {
    Test::new()
        .file("points.toml", format!("{RULES}\n[audit]\nmax_late_days = -1\n"))
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", format!("{HEADER}{A1}\n"))
        .args(["check"])
        .stdout("points.toml:15:17: error: max_late_days = -1 is not a number of days from 0 to 36600\n   |\n15 | max_late_days = -1\n   |                 ^^\n   = expected: [audit] max_late_days = 30 (rows committed more days than this after their date are late)\n1 error, 0 warnings (points.toml could not be read, so the 1 row in 1 ledger file were checked for form only)\n")
        .status(1)
        .run();
}
