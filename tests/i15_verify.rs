//! `points verify FILE` (#15 part 3; SPEC §9, §12): an issued md, table,
//! html or xlsx output is made again from the commit its provenance line
//! names and compared with the file; the history since is audited. Real git
//! repositories are built here with the `git` command line, each commit at a
//! fixed date, so that every expected line can be written out whole; only
//! the hashes come from git.
//!
//! The small book: 志愿服务 gives 2 points a time; A1 and A3 are 王芳's
//! (P01), A2 李强's (P02), all in 2026H1. So `report 2026H1` gives P01
//! 2 + 2 = 4 earned (社区公益类 4, times 2) and P02 2 (times 1).

use crate::harness::{copy_dir, points_with, BIN};
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

const RULES: &str = "[scheme]\nname = \"核验小区\"\n\n[[category]]\nid = \"welfare\"\nname = \"社区公益类\"\n\n[[item]]\nid = \"volunteer\"\nname = \"志愿服务\"\ncategory = \"welfare\"\npoints = 2\n";
const PEOPLE: &str =
    "id,name,household,building,role,joined,left\nP01,王芳,H1,B1,resident,,\nP02,李强,H2,B1,resident,,\n";
const LEDGER: &str = "id,date,person,kind,item,qty,points,by,ref,note\nA1,2026-03-01,P01,earn,volunteer,1,2,社区,,\nA2,2026-03-02,P02,earn,volunteer,1,2,社区,,\nA3,2026-04-01,P01,earn,volunteer,1,2,社区,,\n";
/// Line 5 of `report 2026H1 --format md`: P01 earned 2 + 2 = 4, all
/// 社区公益类, no hours, 2 times.
const ROW1: &str = "| 1 | P01 | 王芳 | 4 | 4 | 0 | 2 |";
/// Line 6: P02 earned 2 in one time.
const ROW2: &str = "| 2 | P02 | 李强 | 2 | 2 | 0 | 1 |";

/// A git repository in a temporary folder holding a book at its top.
struct Repo {
    dir: TempDir,
}

impl Repo {
    /// The small book, committed on 2026-05-01.
    fn small() -> Repo {
        let r = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        r.write("points.toml", RULES);
        r.write("people.csv", PEOPLE);
        r.write("ledger/2026.csv", LEDGER);
        r.git(&["init", "-q"], "2026-05-01");
        r.commit("2026-05-01");
        r
    }

    /// The demo book, committed on 2026-11-20.
    fn demo() -> Repo {
        let r = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("ledgers/demo"),
            r.path(),
        );
        r.git(&["init", "-q"], "2026-11-20");
        r.commit("2026-11-20");
        r
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    /// Run git at `date` (10:00 UTC); fails the test unless it succeeds.
    fn git(&self, args: &[&str], date: &str) -> String {
        crate::harness::git_on(self.path(), args, date)
    }

    /// Commit the book's files (not the issued outputs beside them);
    /// returns the commit's hash.
    fn commit(&self, date: &str) -> String {
        self.git(&["add", "points.toml", "people.csv", "ledger"], date);
        self.git(&["commit", "-qm", date], date);
        self.git(&["rev-parse", "HEAD"], date)
    }

    /// Issue an output: run `points ARGS` as a person would, its stdout
    /// written to `file` (nothing written where the output went to
    /// `--output`).
    fn issue(&self, file: &str, args: &[&str], lang: &str) -> String {
        let out = Command::new(BIN)
            .current_dir(self.path())
            .args(args)
            .env_remove("POINTS_BOOK")
            .env("POINTS_LANG", lang)
            .env("POINTS_TODAY", "2026-11-27")
            .env("TZ", "UTC")
            .env("LC_ALL", "C.UTF-8")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        assert!(out.status.success(), "points {args:?}: {out:?}");
        if !args.contains(&"--output") {
            self.write(file, &out.stdout);
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `points verify …` in the book, in English unless `env` says.
    fn verify(&self, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
        let mut all = vec!["verify"];
        all.extend_from_slice(args);
        points_with(self.path(), &all, env)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} lacks {from:?}:\n{text}");
        self.write(rel, text.replacen(from, to, 1));
    }
}

fn short(commit: &str) -> &str {
    &commit[..7]
}

/// What verify says of a file it verifies: line by line, `lines` lines.
fn verified(file: &str, command: &str, commit: &str, date: &str, lines: usize) -> String {
    let c = short(commit);
    format!(
        "Checked {file}: made by `points {command}` from the book as committed at {c} on {date}.\n\
         Made again from that commit and compared line by line ({lines} lines): they are the same.\n\
         History since {c} (0 commits): no committed row, ledger, person or rule behind the file was changed.\n\
         Verified: the file is what the book gives as committed at {c}.\n"
    )
}

#[test]
fn a_report_in_md_is_verified_and_an_edited_number_is_named() {
    let r = Repo::small();
    let head = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    let md = r.issue("r.md", &["report", "2026H1", "--format", "md"], "en");
    // Title, blank, header, rule, the two rows, blank, the two lines.
    assert_eq!(md.lines().nth(4), Some(ROW1));
    assert_eq!(md.lines().nth(5), Some(ROW2));
    let (code, out, err) = r.verify(&["r.md"], &[]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        out,
        verified("r.md", "report 2026H1 --format md", &head, "2026-05-01", 9)
    );
    // P01's 4 points made 40 on the notice.
    r.edit("r.md", ROW1, "| 1 | P01 | 王芳 | 40 | 4 | 0 | 2 |");
    let (code, out, _) = r.verify(&["r.md"], &[]);
    let c = short(&head);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        format!(
            "Checked r.md: made by `points report 2026H1 --format md` from the book as committed at {c} on 2026-05-01.\n\
             Made again from that commit and compared line by line (9 lines): 1 difference.\n\
             \x20 line 5: the file has `| 1 | P01 | 王芳 | 40 | 4 | 0 | 2 |`, the book gives `{ROW1}`\n\
             History since {c} (0 commits): no committed row, ledger, person or rule behind the file was changed.\n\
             Not verified: the file is not what the book gives as committed at {c}.\n"
        )
    );
}

#[test]
fn an_edited_name_and_an_edited_fingerprint_are_mismatches() {
    let r = Repo::small();
    let md = r.issue("r.md", &["report", "2026H1", "--format", "md"], "en");
    r.edit("r.md", "| 李强 |", "| 李弱 |");
    let (code, out, _) = r.verify(&["r.md", "--format", "json"], &[]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["matches"], false);
    assert_eq!(v["history_changed"], false);
    assert_eq!(
        v["differences"],
        serde_json::json!([format!(
            "line 6: the file has `| 2 | P02 | 李弱 | 2 | 2 | 0 | 1 |`, the book gives `{ROW2}`"
        )])
    );
    // The fingerprint of the fixed line, its last digit changed: the
    // human line (16 digits) still agrees, the fixed line does not.
    let line = md.lines().last().unwrap();
    let at = line.find(" argv=").unwrap();
    let (fp, last) = (&line[at - 64..at], &line[at - 1..at]);
    let other = if last == "0" { "1" } else { "0" };
    let forged = format!("{}{other}", &fp[..63]);
    r.write("r.md", md.replace(fp, &forged));
    let (code, out, _) = r.verify(&["r.md", "--format", "json"], &[]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let head = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    assert_eq!(
        v["differences"],
        serde_json::json!([format!(
            "the provenance line: the file gives the fingerprint `{forged}`, the book as committed at `{}` has `{fp}`",
            short(&head)
        )])
    );
}

#[test]
fn rows_added_and_committed_since_are_fine_and_said() {
    let r = Repo::small();
    let first = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    r.issue("r.md", &["report", "2026H1", "--format", "md"], "en");
    let mut ledger = r.read("ledger/2026.csv");
    ledger.push_str("A4,2026-05-02,P02,earn,volunteer,1,2,社区,,\n");
    r.write("ledger/2026.csv", ledger);
    r.commit("2026-05-03");
    // The report now gives P02 4 points, but r.md is of the first commit.
    let (code, out, err) = r.verify(&["r.md"], &[]);
    let c = short(&first);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        out,
        format!(
            "Checked r.md: made by `points report 2026H1 --format md` from the book as committed at {c} on 2026-05-01.\n\
             Made again from that commit and compared line by line (9 lines): they are the same.\n\
             History since {c} (1 commit): no committed row, ledger, person or rule behind the file was changed.\n\
             1 row was added since; it is not part of this file.\n\
             Verified: the file is what the book gives as committed at {c}.\n"
        )
    );
    // Issued now from the first commit with `--at`: the same file.
    let at = r.issue(
        "at.md",
        &["report", "2026H1", "--format", "md", "--at", &first],
        "en",
    );
    let (code, out, _) = r.verify(&["at.md"], &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        at.replace(&format!(",\"--at\",\"{first}\""), ""),
        r.read("r.md")
    );
    let (code, out, _) = r.verify(&["r.md", "--format", "json"], &[]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "{{\n  \"matches\": true,\n  \"history_changed\": false,\n  \"differences\": [],\n  \"commit\": \"{first}\",\n  \"appended\": 1\n}}\n"
        )
    );
}

#[test]
fn a_committed_row_edited_in_place_since_is_a_changed_history() {
    let r = Repo::small();
    let first = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    r.issue("r.md", &["report", "2026H1", "--format", "md"], "en");
    // A2 given to P01 instead of P02, in place (line 3 of the ledger).
    r.edit(
        "ledger/2026.csv",
        "A2,2026-03-02,P02,",
        "A2,2026-03-02,P01,",
    );
    let second = r.commit("2026-05-04");
    let (code, out, _) = r.verify(&["r.md"], &[]);
    let (c, d) = (short(&first), short(&second));
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        format!(
            "Checked r.md: made by `points report 2026H1 --format md` from the book as committed at {c} on 2026-05-01.\n\
             Made again from that commit and compared line by line (9 lines): they are the same.\n\
             History since {c} (1 commit): what the file stands on was changed.\n\
             \x20 ledger/2026.csv:3: a committed row was changed: it was `A2,2026-03-02,P02,earn,volunteer,1,2,社区,,` and is now `A2,2026-03-02,P01,earn,volunteer,1,2,社区,,` (commit {d} of 2026-05-04 by 测试)\n\
             Not verified: the file is what the book gave at {c}, but the history behind it was changed since.\n"
        )
    );
    let (code, out, _) = r.verify(&["r.md", "--format", "json"], &[]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["matches"], true);
    assert_eq!(v["history_changed"], true);
    assert_eq!(v["differences"].as_array().unwrap().len(), 1);
}

#[test]
fn files_that_cannot_be_verified_are_refused_and_say_why() {
    let r = Repo::small();
    // Uncommitted: a third person in the roster, not committed.
    let mut people = r.read("people.csv");
    people.push_str("P03,赵敏,H3,B1,resident,,\n");
    r.write("people.csv", &people);
    r.issue("dirty.md", &["report", "2026H1", "--format", "md"], "en");
    let (code, out, err) = r.verify(&["dirty.md"], &[]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "error: dirty.md was made from uncommitted files (`dirty=true`), so no commit holds the figures it shows: commit, then issue it again\n"
    );
    r.git(&["checkout", "--", "people.csv"], "2026-05-01");
    // JSON carries no provenance line.
    r.issue("r.json", &["report", "2026H1", "--format", "json"], "en");
    let (code, _, err) = r.verify(&["r.json"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: r.json holds no `points-provenance:` line, so it cannot be verified: only the table, md, html and xlsx outputs of points carry one (JSON and CSV do not), and it must be left as it was printed\n"
    );
    // A commit that this repository does not hold.
    let md = r.issue("r.md", &["report", "2026H1", "--format", "md"], "en");
    let head = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    let other = "0123456789abcdef0123456789abcdef01234567";
    r.write("elsewhere.md", md.replace(&head, other));
    let (code, _, err) = r.verify(&["elsewhere.md"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!("error: elsewhere.md was made at commit `{other}`, which is not in the repository of the book at .: run points verify in the book the file was issued from (with `--book DIR`), after `git pull` if the commit was made on another clone\n")
    );
    // Made outside git: commit=none.
    let outside = tempfile::tempdir().unwrap();
    for f in ["points.toml", "people.csv", "ledger/2026.csv"] {
        let p = outside.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::copy(r.path().join(f), p).unwrap();
    }
    let book = outside.path().to_str().unwrap();
    let made = Command::new(BIN)
        .args(["--book", book, "report", "2026H1", "--format", "md"])
        .env("POINTS_LANG", "en")
        .output()
        .unwrap();
    r.write("none.md", &made.stdout);
    let (code, _, err) = r.verify(&["none.md"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: none.md was made from a book outside git (`commit=none`), so no commit holds the figures it shows: put the book in git, commit, then issue it again\n"
    );
    // A file that is not there.
    let (code, _, err) = r.verify(&["missing.md"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: missing.md is not there: give the path of the file to verify, as issued\n"
    );
}

#[test]
fn in_chinese_a_mismatch_is_said_in_chinese() {
    let r = Repo::small();
    let head = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    // Issued in Chinese without --lang (the person's $POINTS_LANG), verified
    // by someone whose language is English: both languages are tried.
    r.issue("r.txt", &["report", "2026H1"], "zh");
    let (code, out, _) = r.verify(&["r.txt"], &[]);
    assert_eq!(code, 0, "{out}");
    r.edit("r.txt", "王芳 ┆        4", "王芳 ┆        9");
    let (code, out, _) = r.verify(&["--lang", "zh", "r.txt"], &[]);
    let c = short(&head);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        format!(
            "核验 r.txt：由 `points report 2026H1` 根据2026年5月1日的提交 `{c}` 时的账本生成。\n\
             已按该提交重新生成并逐行比对（9 行）：有 1 处不一致。\n\
             \x20 第 5 行：文件中是 `│    1 ┆ P01  ┆ 王芳 ┆        9 ┆          4 ┆            0 ┆    2 │`，账本给出的是 `│    1 ┆ P01  ┆ 王芳 ┆        4 ┆          4 ┆            0 ┆    2 │`\n\
             提交 `{c}` 以来的历史（0 个提交）：文件所依据的记录、台账、人员和积分规则都没有被改动。\n\
             核验未通过：文件与提交 `{c}` 时的账本给出的内容不一致。\n"
        )
    );
}

/// A page made around an md output, as a notice carries its line: in a
/// `<meta name="points-provenance">` (quotes escaped) and in the text.
fn page(md: &str, lang: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let line = md.lines().last().unwrap();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"points-provenance\" content=\"{}\">\n</head>\n<body>\n<pre>\n{}</pre>\n</body>\n</html>\n",
        escape(line),
        escape(md)
    )
}

#[test]
fn an_html_page_is_read_by_its_meta_tag_and_its_lang() {
    let r = Repo::small();
    let head = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    // Made in Chinese (the page says lang="zh-CN"), verified in English.
    let md = r.issue("r.md", &["report", "2026H1", "--format", "md"], "zh");
    r.write("r.html", page(&md, "zh-CN"));
    let (code, out, err) = r.verify(&["r.html"], &[]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    // The page's text: md's 9 lines less its 2 blank ones.
    assert_eq!(
        out,
        verified(
            "r.html",
            "report 2026H1 --format md",
            &head,
            "2026-05-01",
            7
        )
    );
    // 李强's 2 points made 20: line 14 of the page (line 6 of the md,
    // after the 8 lines of the page's head and `<pre>`).
    let edited = page(&md, "zh-CN").replace("| 李强 | 2 |", "| 李强 | 20 |");
    r.write("r.html", edited);
    let (code, out, _) = r.verify(&["r.html", "--format", "json"], &[]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["differences"],
        serde_json::json!([
            "line 14: the file has `| 2 | P02 | 李强 | 20 | 2 | 0 | 1 |`, the book gives `| 2 | P02 | 李强 | 2 | 2 | 0 | 1 |`"
        ])
    );
    // The line in the text edited, the meta tag left: a mismatch too.
    let p = page(&md, "zh-CN");
    let at = p.rfind("argv=[&quot;report").unwrap();
    assert!(at > p.find("<body>").unwrap());
    let forged = format!(
        "{}argv=[&quot;balance{}",
        &p[..at],
        &p[at + "argv=[&quot;report".len()..]
    );
    r.write("r.html", forged);
    let (code, out, _) = r.verify(&["r.html"], &[]);
    assert_eq!(code, 1, "{out}");
}

/// The cells of each sheet of a workbook.
fn cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[calamine::Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// A workbook with the same sheets and cells, but `change` applied.
fn rewrite(sheets: &[(String, Vec<Vec<calamine::Data>>)], change: (u32, u16, f64)) -> Vec<u8> {
    use calamine::Data;
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    _ if (r, c) == (change.0, change.1) => {
                        ws.write_number(r, c, change.2).unwrap();
                    }
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Empty => {}
                    other => panic!("a cell the test does not write: {other:?}"),
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn an_xlsx_report_is_verified_cell_by_cell() {
    let r = Repo::small();
    let head = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    let c = short(&head);
    r.issue(
        "",
        &["report", "2026H1", "--format", "xlsx", "--output", "r.xlsx"],
        "en",
    );
    let (code, out, err) = r.verify(&["r.xlsx"], &[]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    // Title, provenance, the header's 7 cells, 2 rows of 7: 23 cells.
    assert_eq!(
        out,
        format!(
            "Checked r.xlsx: made by `points report 2026H1 --format xlsx --output r.xlsx` from the book as committed at {c} on 2026-05-01.\n\
             Made again from that commit and compared cell by cell (23 cells on 1 sheet): they are the same.\n\
             History since {c} (0 commits): no committed row, ledger, person or rule behind the file was changed.\n\
             Verified: the file is what the book gives as committed at {c}.\n"
        )
    );
    // Written again cell for cell, D4 (P01's earned, 4) made 14.
    let sheets = cells(&std::fs::read(r.path().join("r.xlsx")).unwrap());
    assert_eq!(sheets[0].1[3][3], calamine::Data::Float(4.0));
    r.write("same.xlsx", rewrite(&sheets, (3, 3, 4.0)));
    let (code, out, _) = r.verify(&["same.xlsx", "--format", "json"], &[]);
    assert_eq!(code, 0, "{out}");
    r.write("edited.xlsx", rewrite(&sheets, (3, 3, 14.0)));
    let (code, out, _) = r.verify(&["edited.xlsx", "--format", "json"], &[]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sheet = &sheets[0].0;
    assert_eq!(
        v["differences"],
        serde_json::json!([format!(
            "sheet {sheet}, cell D4: the file has `14`, the book gives `4`"
        )])
    );
}

#[test]
fn the_demo_report_is_verified_after_a_commit_and_an_add() {
    let r = Repo::demo();
    let head = r.git(&["rev-parse", "HEAD"], "2026-11-20");
    let md = r.issue("r.md", &["report", "2026H1", "--format", "md"], "en");
    let lines = md.lines().count();
    let (code, out, err) = r.verify(&["r.md"], &[]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        out,
        verified(
            "r.md",
            "report 2026H1 --format md",
            &head,
            "2026-11-20",
            lines
        )
    );
    // Every id P0xx of the file changed (Q0xx): 20 differences named, the
    // rest counted.
    let n = md.lines().filter(|l| l.contains("| P0")).count();
    assert!(n > 20, "{n}");
    r.write("many.md", md.replace("| P0", "| Q0"));
    let (code, out, _) = r.verify(&["many.md", "--format", "json"], &[]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = v["differences"].as_array().unwrap();
    assert_eq!(d.len(), 21);
    assert_eq!(d[20], format!("and {} more differences", n - 20));
    let (_, out, _) = r.verify(&["many.md"], &[]);
    assert!(
        out.contains(&format!("line by line ({lines} lines): {n} differences.\n")),
        "{out}"
    );
    // A patrol added by the tool and committed: one row more.
    let (code, _, err) = points_with(
        r.path(),
        &[
            "add",
            "patrol",
            "--people",
            "P001",
            "--qty",
            "2",
            "--date",
            "2026-11-26",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    r.commit("2026-11-27");
    let (code, out, _) = r.verify(&["r.md"], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("\n1 row was added since; it is not part of this file.\n"),
        "{out}"
    );
}

#[test]
fn verify_refuses_at_and_other_formats() {
    let r = Repo::small();
    r.issue("r.md", &["report", "2026H1", "--format", "md"], "en");
    let (code, _, err) = r.verify(&["r.md", "--at", "HEAD"], &[]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: points verify reads the commit the file names and cannot take --at: leave out --at\n"
    );
    let (code, _, err) = r.verify(&["r.md", "--format", "csv"], &[]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: points verify writes table, json or md, not csv: leave out --format or give one of those\n"
    );
}

#[test]
fn the_output_made_again_is_the_issued_file_byte_for_byte() {
    // What verify runs: the recorded command, `--lang`, `--at` and `--book`
    // added, its fixed line told to carry the recorded arguments.
    let r = Repo::small();
    let head = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    let issued = r.issue("r.md", &["report", "2026H1", "--format", "md"], "en");
    let again = Command::new(BIN)
        .current_dir(r.path())
        .args(["report", "2026H1", "--format", "md", "--lang", "en"])
        .args(["--at", &head, "--book", "."])
        .env(
            "POINTS_PROVENANCE_ARGV",
            r#"["report","2026H1","--format","md"]"#,
        )
        .env("POINTS_TODAY", "2026-11-27")
        .output()
        .unwrap();
    assert!(again.status.success(), "{again:?}");
    assert_eq!(String::from_utf8(again.stdout).unwrap(), issued);
}

#[test]
fn an_edited_command_is_run_only_if_it_reads_the_book() {
    let r = Repo::small();
    let head = r.git(&["rev-parse", "HEAD"], "2026-05-01");
    let c = short(&head);
    let md = r.issue("r.md", &["report", "2026H1", "--format", "md"], "en");
    let before = r.read("ledger/2026.csv");
    // A command that writes: refused, nothing run, nothing written.
    r.write(
        "add.md",
        md.replace(
            r#"argv=["report","2026H1","--format","md"]"#,
            r#"argv=["add","volunteer","--people","P01"]"#,
        ),
    );
    let (code, out, err) = r.verify(&["add.md"], &[]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "error: the command recorded in add.md (`points add volunteer --people P01`) does not read the book and show figures, so there is nothing to make again: a file to verify comes from `balance`, `report`, `show`, `evaluate`, `exchange`, `check`, `status` or `notice`\n"
    );
    assert_eq!(r.read("ledger/2026.csv"), before);
    // A command this program does not have: run, and its failure said.
    r.write("x.md", md.replace(r#"argv=["report""#, r#"argv=["reprot""#));
    let (code, out, _) = r.verify(&["x.md"], &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        format!(
            "Checked x.md: made by `points reprot 2026H1 --format md` from the book as committed at {c} on 2026-05-01.\n\
             The output could not be made again from that commit:\n\
             \x20 the recorded command `points reprot 2026H1 --format md` fails on the book as committed at {c}: error: unrecognized subcommand 'reprot'\n\
             History since {c} (0 commits): no committed row, ledger, person or rule behind the file was changed.\n\
             Not verified: the file is not what the book gives as committed at {c}.\n"
        )
    );
}

/// A real notice (`points notice evaluate`) of the committed demo verifies;
/// with one household's score edited in the page (B5-501's 428.5, first in
/// 文明户 2026, made 528.5) it does not, and the differences name the
/// table's line first. It is issued in Chinese and verified from an
/// English setup (the page's `lang="zh-CN"` is tried).
#[test]
fn a_real_notice_is_verified_and_an_edited_score_is_caught() {
    let r = Repo::demo();
    let head = r.git(&["rev-parse", "HEAD"], "2026-11-20");
    r.issue(
        "公示.html",
        &[
            "notice",
            "evaluate",
            "文明户",
            "2026",
            "--output",
            "公示.html",
        ],
        "zh",
    );
    let page = r.read("公示.html");
    let lines = page.lines().count();
    let (code, out, err) = r.verify(&["公示.html"], &[]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        out,
        verified(
            "公示.html",
            "notice evaluate 文明户 2026 --output 公示.html --date 2026-11-27",
            &head,
            "2026-11-20",
            lines
        )
    );
    let row = "<td>B5-501</td><td>马*等5人</td><td class=\"n\">428.5</td>";
    assert!(page.contains(row), "{page}");
    r.write("edited.html", page.replace(">428.5<", ">528.5<"));
    let (code, out, _) = r.verify(&["edited.html", "--format", "json"], &[]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["matches"], false);
    assert_eq!(v["history_changed"], false);
    let d = v["differences"].as_array().unwrap();
    assert!(!d.is_empty(), "{out}");
    assert!(
        d[0].as_str()
            .unwrap()
            .contains("the file has `1 B5-501 马*等5人 528.5 文明户`, the book gives `1 B5-501 马*等5人 428.5 文明户`"),
        "{out}"
    );
}
