//! `points audit` as the history grows (#14, the rest): a plain append is
//! read from its appended bytes only (the late-entry check included), the
//! same findings come out of a history that `git gc` has packed, and the
//! audit's table and md outputs end with the provenance lines of the other
//! reading commands (SPEC §8). Real repositories are built with the `git`
//! command line, each commit at a fixed date, so that every expected line
//! can be written out whole; only the hashes come from git.

use crate::harness::{provenance, Test};
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

const RULES: &str = "[scheme]\nname = \"审计小区\"\n\n[[category]]\nid = \"welfare\"\nname = \"社区公益类\"\n\n[[item]]\nid = \"volunteer\"\nname = \"志愿服务\"\ncategory = \"welfare\"\npoints = 2\n";
const PEOPLE: &str =
    "id,name,household,building,role,joined,left\nP01,王芳,H1,B1,resident,,\nP02,李强,H2,B1,resident,,\n";
const HEADER: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";
const A1: &str = "A1,2026-03-01,P01,earn,volunteer,1,2,社区,,";
const A2: &str = "A2,2026-03-02,P02,earn,volunteer,1,2,社区,,";
const A3: &str = "A3,2026-04-01,P01,earn,volunteer,1,2,李强,,";
const A4: &str = "A4,2026-04-02,P02,earn,volunteer,1,2,社区,,";
const FIX: &str = "A committed row is never edited or deleted: restore it in a new commit and correct it with a `void` row";

/// A git repository in a temporary folder holding the book at its top.
struct Repo(TempDir);

impl Repo {
    /// The first commit (2026-03-05): the book with A1 and A2, the ledger
    /// ending with `last` after A2 (a line break, or none).
    fn new(last: &str) -> Repo {
        let r = Repo(tempfile::tempdir().unwrap());
        r.git(&["init", "-q"], "2026-03-05");
        r.write("points.toml", RULES);
        r.write("people.csv", PEOPLE);
        r.write("ledger/2026.csv", &format!("{HEADER}{A1}\n{A2}{last}"));
        r.commit("2026-03-05");
        r
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn append(&self, rel: &str, line: &str) {
        let p = self.path().join(rel);
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str(line);
        text.push('\n');
        std::fs::write(p, text).unwrap();
    }

    /// Run git at `date` (10:00 UTC); fails the test unless it succeeds.
    fn git(&self, args: &[&str], date: &str) -> String {
        crate::harness::git_on(self.path(), args, date)
    }

    /// Commit everything at `date`; the full hash.
    fn commit(&self, date: &str) -> String {
        self.git(&["add", "-A"], date);
        self.git(&["commit", "-q", "-m", date], date);
        self.git(&["rev-parse", "HEAD"], date)
    }

    /// Feed `git fast-import` (which stores each version of a file as a
    /// delta against the one before), then check the head out.
    fn fast_import(&self, stream: &str) {
        use std::io::Write;
        let mut child = Command::new("git")
            .current_dir(self.path())
            .args(["-c", "fastimport.unpackLimit=1", "fast-import", "--quiet"])
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stream.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
        self.git(&["checkout", "-q", "-f", "main"], "2026-12-01");
        let loose = self.git(&["count-objects", "-v"], "2026-12-01");
        assert!(loose.starts_with("count: 0\n"), "{loose}");
    }

    /// Pack every object, as `git gc` does: deltas, now against other
    /// versions of the ledger, and no loose object left.
    fn gc(&self) {
        self.git(&["gc", "-q", "--aggressive", "--prune=now"], "2026-12-01");
        let loose = self.git(&["count-objects", "-v"], "2026-12-01");
        assert!(loose.starts_with("count: 0\n"), "{loose}");
    }

    /// The book's fingerprint (in full).
    fn fingerprint(&self) -> String {
        provenance::fingerprint(self.path(), None)
    }

    /// `points ARGS` on the book, provenance lines kept in the output.
    fn run(&self, args: &[&str]) -> Test {
        // The book is the repository's folder, named by --book.
        let t = Test::new();
        let mut all = vec!["--book".to_string(), self.path().display().to_string()];
        all.extend(args.iter().map(|a| a.to_string()));
        t.args(all).keep_provenance()
    }
}

/// The two provenance lines of a table at `commit` (full hash) of `date`.
fn lines(commit: &str, date: &str, fp: &str, args: &[&str]) -> String {
    let argv = serde_json::to_string(args).unwrap();
    format!(
        "book at commit `{}` of {date}, fingerprint `{}`\npoints-provenance: commit={commit} dirty=false fingerprint={fp} argv={argv}\n",
        &commit[..7],
        &fp[..16]
    )
}

/// The findings of the history both tests below build: A4 late in the
/// third commit, A1 changed in the fourth, audited up to the fifth.
fn late_and_edited(r: &Repo, c3: &str, c4: &str, c5: &str) -> String {
    let book = r.path().display().to_string();
    let edited = A1.replace(",1,2,", ",1,20,");
    format!(
        "{} 2026-07-31 测试: ledger/2026.csv:5: warning: entry A4 of 2026-04-02 was committed 120 days after its date (more than 30)\n\
         {} 2026-08-01 测试: ledger/2026.csv:2: error: a committed row was changed: it was `{A1}` and is now `{edited}`\n\
         5 commits touching the book audited, up to commit `{}` of 2026-08-02: 1 error, 1 warning. {FIX}\n{}",
        &c3[..7],
        &c4[..7],
        &c5[..7],
        lines(c5, "2026-08-02", &r.fingerprint(), &["--book", &book, "audit"])
    )
}

#[test]
fn a_history_written_by_git_fast_import_is_audited_from_its_deltas() {
    // The same five commits as below, each ledger version a delta against
    // the one before (rows copied from the earlier rows where alike).
    let r = Repo(tempfile::tempdir().unwrap());
    r.git(&["init", "-q"], "2026-03-05");
    let edited = A1.replace(",1,2,", ",1,20,");
    let a5 = A3.replace("A3,2026-04-01", "A5,2026-08-01");
    let versions = [
        // 2026-03-05 .. 2026-08-02 at 10:00 UTC, in seconds.
        (1772704800, format!("{HEADER}{A1}\n{A2}\n")),
        (1775210400, format!("{HEADER}{A1}\n{A2}\n{A3}\n")),
        (1785492000, format!("{HEADER}{A1}\n{A2}\n{A3}\n{A4}\n")),
        (1785578400, format!("{HEADER}{edited}\n{A2}\n{A3}\n{A4}\n")),
        (
            1785664800,
            format!("{HEADER}{edited}\n{A2}\n{A3}\n{A4}\n{a5}\n"),
        ),
    ];
    let data = |s: &str| format!("data {}\n{s}\n", s.len());
    let mut stream = String::new();
    for (k, (when, ledger)) in versions.iter().enumerate() {
        stream += &format!("commit refs/heads/main\nmark :{}\n", k + 1);
        stream += &format!("author 测试 <t@example.org> {when} +0000\n");
        stream += &format!("committer 测试 <t@example.org> {when} +0000\n");
        stream += &data("commit");
        if k > 0 {
            stream += &format!("from :{k}\n");
        } else {
            stream += &format!("M 100644 inline points.toml\n{}", data(RULES));
            stream += &format!("M 100644 inline people.csv\n{}", data(PEOPLE));
        }
        stream += &format!("M 100644 inline ledger/2026.csv\n{}\n", data(ledger));
    }
    r.fast_import(&stream);
    let log = r.git(&["log", "--format=%H", "-5"], "2026-12-01");
    let c: Vec<&str> = log.lines().collect();
    let expected = late_and_edited(&r, c[2], c[1], c[0]);
    r.run(&["audit"]).stdout(&expected).status(1).run();
}

#[test]
fn a_late_row_and_a_row_edited_in_place_are_found_the_same_after_git_gc() {
    let r = Repo::new("\n");
    r.append("ledger/2026.csv", A3);
    r.commit("2026-04-03");
    // A4 of 2026-04-02 committed 2026-07-31: 28 + 31 + 30 + 31 = 120 days
    // late, on line 5 (header, A1, A2, A3, A4).
    r.append("ledger/2026.csv", A4);
    let c3 = r.commit("2026-07-31");
    // A1's points 2 → 20 in place (line 2), then one more row appended.
    let edited = A1.replace(",1,2,", ",1,20,");
    r.write(
        "ledger/2026.csv",
        &format!("{HEADER}{edited}\n{A2}\n{A3}\n{A4}\n"),
    );
    let c4 = r.commit("2026-08-01");
    r.append(
        "ledger/2026.csv",
        &A3.replace("A3,2026-04-01", "A5,2026-08-01"),
    );
    let c5 = r.commit("2026-08-02");
    let expected = late_and_edited(&r, &c3, &c4, &c5);
    r.run(&["audit"]).stdout(&expected).status(1).run();
    r.gc();
    r.run(&["audit"]).stdout(&expected).status(1).run();
}

#[test]
fn a_packed_history_of_appends_is_read_from_its_newest_version() {
    // After `git gc --aggressive` the newest ledger is stored whole and the
    // older ones as its first bytes: A4 (120 days late, as above) is read
    // from the newest version, on line 5.
    let r = Repo::new("\n");
    r.append("ledger/2026.csv", A3);
    r.commit("2026-04-03");
    r.append("ledger/2026.csv", A4);
    let c3 = r.commit("2026-07-31");
    r.append(
        "ledger/2026.csv",
        &A3.replace("A3,2026-04-01", "A5,2026-08-01"),
    );
    let c4 = r.commit("2026-08-02");
    r.gc();
    let book = r.path().display().to_string();
    let expected = format!(
        "{} 2026-07-31 测试: ledger/2026.csv:5: warning: entry A4 of 2026-04-02 was committed 120 days after its date (more than 30)\n\
         4 commits touching the book audited, up to commit `{}` of 2026-08-02: no errors, 1 warning\n{}",
        &c3[..7],
        &c4[..7],
        lines(&c4, "2026-08-02", &r.fingerprint(), &["--book", &book, "audit"])
    );
    r.run(&["audit"]).stdout(&expected).run();
}

#[test]
fn appended_rows_are_numbered_from_the_parents_last_line() {
    // The first commit's ledger ends without a line break after A2; the
    // second adds the break and A3 (of 2026-04-01, committed 2026-06-30:
    // 29 + 31 + 30 = 90 days late) on line 4. The third brings a new year
    // file: B1 of 2027-04-30 (1 day) on line 2, B2 of 2027-01-02 on line 3,
    // committed 2027-05-01: 29 + 28 + 31 + 30 + 1 = 119 days late.
    let r = Repo::new("");
    r.append("ledger/2026.csv", &format!("\n{A3}"));
    let c2 = r.commit("2026-06-30");
    r.write(
        "ledger/2027.csv",
        &format!("{HEADER}B1,2027-04-30,P01,earn,volunteer,1,2,社区,,\nB2,2027-01-02,P02,earn,volunteer,1,2,社区,,\n"),
    );
    let c3 = r.commit("2027-05-01");
    let expected = format!(
        "[\n  {{\"commit\":\"{c2}\",\"author\":\"测试\",\"date\":\"2026-06-30\",\"level\":\"warning\",\"what\":\"late-entry\",\"path\":\"ledger/2026.csv\",\"line\":4,\"message\":\"entry A3 of 2026-04-01 was committed 90 days after its date (more than 30)\"}},\n  \
         {{\"commit\":\"{c3}\",\"author\":\"测试\",\"date\":\"2027-05-01\",\"level\":\"warning\",\"what\":\"late-entry\",\"path\":\"ledger/2027.csv\",\"line\":3,\"message\":\"entry B2 of 2027-01-02 was committed 119 days after its date (more than 30)\"}}\n]\n"
    );
    // JSON keeps its shape: no provenance lines.
    r.run(&["--format", "json", "audit"])
        .stdout(&expected)
        .run();
    r.gc();
    r.run(&["--format", "json", "audit"])
        .stdout(&expected)
        .run();
}

#[test]
fn two_clones_merged_with_merge_union_stay_clean_after_git_gc() {
    let r = Repo::new("\n");
    r.write(".gitattributes", "ledger/*.csv merge=union\n");
    r.commit("2026-03-06");
    r.git(&["checkout", "-q", "-b", "side"], "2026-04-02");
    r.append("ledger/2026.csv", A3);
    r.commit("2026-04-02");
    r.git(&["checkout", "-q", "main"], "2026-04-03");
    r.append("ledger/2026.csv", A4);
    r.commit("2026-04-03");
    r.git(&["merge", "-q", "--no-edit", "side"], "2026-04-04");
    let head = r.git(&["rev-parse", "HEAD"], "2026-04-04");
    r.gc();
    // The first commit, side's, main's and the merge touch the book.
    let expected = format!(
        "4 commits touching the book audited, up to commit `{}` of 2026-04-04: no errors, 0 warnings\n{}",
        &head[..7],
        lines(&head, "2026-04-04", &r.fingerprint(), &["--book", &r.path().display().to_string(), "audit"])
    );
    r.run(&["audit"]).stdout(&expected).run();
}

#[test]
fn the_audit_ends_with_the_provenance_lines_in_chinese_and_in_md() {
    let r = Repo::new("\n");
    r.append("ledger/2026.csv", A3);
    let c2 = r.commit("2026-04-03");
    let fp = r.fingerprint();
    let book = r.path().display().to_string();
    let argv = serde_json::to_string(&["--book", &book, "--lang", "zh", "audit"]).unwrap();
    // A3 of 2026-04-01 committed 2026-04-03: 2 days, not late.
    let expected = format!(
        "已核查涉及账本的 2 个提交，截至2026年4月3日的提交 `{short}`：没有错误，提醒 0 条\n\
         账本版本：2026年4月3日的提交 `{short}`，指纹 `{fp16}`\n\
         points-provenance: commit={c2} dirty=false fingerprint={fp} argv={argv}\n",
        short = &c2[..7],
        fp16 = &fp[..16]
    );
    r.run(&["--lang", "zh", "audit"]).stdout(&expected).run();
    // md of an audit that found an error: the table, its summary, then the
    // two lines (after a blank line, the first ending with two spaces).
    let edited = A2.replace(",社区,", ",居委会,");
    r.write(
        "ledger/2026.csv",
        &format!("{HEADER}{A1}\n{edited}\n{A3}\n"),
    );
    let c3 = r.commit("2026-04-05");
    let fp = r.fingerprint();
    let argv = serde_json::to_string(&["--book", &book, "--format", "md", "audit"]).unwrap();
    let expected = format!(
        "## History of the book, audited\n\n\
         | commit | author | date | level | file | line | message |\n\
         | --- | --- | --- | --- | --- | ---: | --- |\n\
         | {short} | 测试 | 2026-04-05 | error | ledger/2026.csv | 3 | a committed row was changed: it was `{A2}` and is now `{edited}` |\n\n\
         3 commits touching the book audited, up to commit `{short}` of 2026-04-05: 1 error, 0 warnings. {FIX}  \n\n\
         book at commit `{short}` of 2026-04-05, fingerprint `{fp16}`  \n\
         points-provenance: commit={c3} dirty=false fingerprint={fp} argv={argv}\n",
        short = &c3[..7],
        fp16 = &fp[..16]
    );
    r.run(&["--format", "md", "audit"])
        .stdout(&expected)
        .status(1)
        .run();
}

#[test]
fn at_audits_the_history_up_to_the_commit_it_names() {
    // A1 changed in place in the third commit: `--at HEAD~1` audits the
    // first two (clean, exit 0) and its lines name the second; without
    // `--at` the third is audited too (error, exit 1).
    let r = Repo::new("\n");
    r.append("ledger/2026.csv", A3);
    let c2 = r.commit("2026-04-03");
    let edited = A1.replace(",1,2,", ",1,20,");
    r.write(
        "ledger/2026.csv",
        &format!("{HEADER}{edited}\n{A2}\n{A3}\n"),
    );
    let c3 = r.commit("2026-05-02");
    let book = r.path().display().to_string();
    let fp = provenance::fingerprint(r.path(), Some("HEAD~1"));
    let expected = format!(
        "2 commits touching the book audited, up to commit `{}` of 2026-04-03: no errors, 0 warnings\n{}",
        &c2[..7],
        lines(&c2, "2026-04-03", &fp, &["--book", &book, "audit", "--at", "HEAD~1"])
    );
    r.run(&["audit", "--at", "HEAD~1"]).stdout(&expected).run();
    let expected = format!(
        "{} 2026-05-02 测试: ledger/2026.csv:2: error: a committed row was changed: it was `{A1}` and is now `{edited}`\n\
         3 commits touching the book audited, up to commit `{}` of 2026-05-02: 1 error, 0 warnings. {FIX}\n{}",
        &c3[..7],
        &c3[..7],
        lines(&c3, "2026-05-02", &r.fingerprint(), &["--book", &book, "audit"])
    );
    r.run(&["audit"]).stdout(&expected).status(1).run();
}
