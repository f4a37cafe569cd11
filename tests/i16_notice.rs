//! The notice of proposed points and its approval (#16; SPEC §9, §11):
//! `points notice pending [PERIOD]` posts the rows awaiting approval as the
//! notice page, and `points approve --notice FILE` approves the rows it
//! listed once its 公示期 has ended and it verifies. A real git repository
//! is built here, each commit at a fixed date.
//!
//! The book: 志愿服务 gives 2 points an hour, at most 10 a person a month,
//! and every row awaits approval; notices are posted for 3 days. 欧阳明月
//! (P03) has 4 hours on 11-03, approved: 8 points, 8 of her 10 for
//! November. On 11-18 three hours each are added for 王芳 (P01), 李强
//! (P02) and 欧阳明月: 3 × 2 = 6 points each, but 欧阳明月's is cut to
//! 10 − 8 = 2 by the cap. Pending in all: 6 + 6 + 2 = 14.

use crate::harness::BIN;
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

const RULES: &str = r#"[scheme]
name = "幸福村爱心超市"
approval = true

[notice]
issuer = "幸福村村委会"
contact = "如有异议，请在公示期内向村委会反映。"
days = 3

[[category]]
id = "work"
name = "公益劳动"

[[item]]
id = "volunteer"
name = "志愿服务"
category = "work"
unit = "hour"
points = 2
cap = { points = 10, per = "month" }
"#;

const PEOPLE: &str = "id,name,household,building,role,joined,left\n\
P01,王芳,H1,B1,resident,,\nP02,李强,H2,B1,resident,,\nP03,欧阳明月,H3,B1,resident,,\n";

const LEDGER: &str = "id,date,person,kind,item,qty,points,by,ref,note\n\
v0,2026-11-03,P03,earn,volunteer,4,8,村委会,,\n\
a0,2026-11-04,P03,approve,volunteer,4,8,评议小组,v0,\n";

/// The ids `add` gives the three rows (POINTS_ID_SEED=1): 王芳's, 李强's,
/// 欧阳明月's.
const ROWS: [&str; 3] = ["epne9ervn1", "dz33gdkwmr", "ap273hbe3z"];

/// The table of the notice: one `<tr>` a line, names masked (王芳 → 王*,
/// 李强 → 李*, 欧阳明月 → 欧阳*月, a compound surname), no person id.
const TABLE_EN: &str = "<tr><th>id</th><th>date</th><th>name</th><th>item</th><th>qty</th><th>points</th></tr>
</thead>
<tbody>
<tr><td>epne9ervn1</td><td>2026-11-18</td><td>王*</td><td>志愿服务</td><td class=\"n\">3</td><td class=\"n\">6</td></tr>
<tr><td>dz33gdkwmr</td><td>2026-11-18</td><td>李*</td><td>志愿服务</td><td class=\"n\">3</td><td class=\"n\">6</td></tr>
<tr><td>ap273hbe3z</td><td>2026-11-18</td><td>欧阳*月</td><td>志愿服务</td><td class=\"n\">3</td><td class=\"n\">2</td></tr>
</tbody>
</table>
<div class=\"notes\">
<p>3 rows awaiting approval, 14 points in all</p>
</div>
";

/// A git repository holding the book at its top, the three rows added on
/// 2026-11-20 and committed.
struct Repo {
    dir: TempDir,
}

impl Repo {
    fn new() -> Repo {
        let r = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        r.write("points.toml", RULES);
        r.write("people.csv", PEOPLE);
        r.write("ledger/2026.csv", LEDGER);
        r.git(&["init", "-q"], "2026-11-01");
        r.commit("2026-11-01");
        let (code, _, err) = r.points(
            "2026-11-20",
            "en",
            &[
                "add",
                "volunteer",
                "--people",
                "P01,P02,P03",
                "--qty",
                "3",
                "--date",
                "2026-11-18",
                "--by",
                "一组组长",
            ],
        );
        assert_eq!(code, 0, "{err}");
        for id in ROWS {
            assert!(r.read("ledger/2026.csv").contains(id), "{id}");
        }
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

    /// Commit the book's files (not the notices beside them).
    fn commit(&self, date: &str) {
        self.git(&["add", "points.toml", "people.csv", "ledger"], date);
        self.git(&["commit", "-qm", date], date);
    }

    /// `points ARGS` in the book on `today`, in `lang`: (status, stdout, stderr).
    fn points(&self, today: &str, lang: &str, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(BIN)
            .current_dir(self.path())
            .args(args)
            .env_remove("POINTS_BOOK")
            .env("POINTS_LANG", lang)
            .env("POINTS_TODAY", today)
            .env("POINTS_ID_SEED", "1")
            .env("TZ", "UTC")
            .env("LC_ALL", "C.UTF-8")
            .env("USER", "tester")
            .env("HOME", self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// `report 2026-11 --format csv` (with `--pending` when asked) on `today`.
    fn report(&self, today: &str, pending: bool) -> String {
        let mut args = vec!["report", "2026-11", "--format", "csv"];
        if pending {
            args.push("--pending");
        }
        let (code, out, err) = self.points(today, "en", &args);
        assert_eq!(code, 0, "{err}");
        out
    }
}

/// The lines of `page` from the one starting with `from` to the end of the
/// line starting with `to`.
fn section(page: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut on = false;
    for l in page.lines() {
        on |= l.starts_with(from);
        if on {
            out.push_str(l);
            out.push('\n');
            if l.starts_with(to) {
                break;
            }
        }
    }
    out
}

#[test]
fn the_full_cycle_notice_objection_approval() {
    let r = Repo::new();
    // Before any approval: only 欧阳明月's approved 8 count; pending,
    // 王芳 6, 李强 6, 欧阳明月 2 (cut by the cap).
    assert_eq!(
        r.report("2026-11-20", false),
        "rank,person,name,earned,work,hours,times\n\
         1,P03,欧阳明月,8,8,4,1\n\
         2,P01,王芳,0,0,0,0\n\
         2,P02,李强,0,0,0,0\n"
    );
    assert_eq!(
        r.report("2026-11-20", true),
        "rank,person,name,earned,work,hours,times,pending\n\
         1,P03,欧阳明月,8,8,4,1,2\n\
         2,P01,王芳,0,0,0,0,6\n\
         2,P02,李强,0,0,0,0,6\n"
    );

    // The notice, issued 2026-11-20 for 3 days: 11-20 to 11-22.
    let (code, out, err) = r.points(
        "2026-11-20",
        "en",
        &[
            "notice",
            "pending",
            "2026-11",
            "--date",
            "2026-11-20",
            "--output",
            "n.html",
        ],
    );
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let page = r.read("n.html");
    assert_eq!(section(&page, "<tr><th>", "</div>"), TABLE_EN);
    assert!(page.contains(
        "<h2>Points proposed, awaiting approval, 2026-11: public notice</h2>\n\
         <p class=\"sub\">Posting period: 2026-11-20 to 2026-11-22 (3 days)</p>\n"
    ));
    assert!(page
        .contains("<meta name=\"points-notice\" content=\"issued=2026-11-20 until=2026-11-22\">"));
    assert!(page.contains(
        "<p>如有异议，请在公示期内向村委会反映。</p>\n<p class=\"issuer\">幸福村村委会</p>"
    ));
    for private in [
        "王芳",
        "李强",
        "欧阳明月",
        "P01",
        "P02",
        "P03",
        "一组组长",
        "<figure>",
    ] {
        assert!(!page.contains(private), "{private} on the notice");
    }

    // On the last day of the 公示期 it is refused, naming the end date.
    let before = r.read("ledger/2026.csv");
    let (code, out, err) = r.points("2026-11-22", "en", &["approve", "--notice", "n.html"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "error: n.html is posted until 2026-11-22: residents may still object, so nothing was approved; its rows can be approved from 2026-11-23 on\n"
        )
    );
    assert_eq!(r.read("ledger/2026.csv"), before);

    // An objection to 李强's row is upheld: it is voided, and committed.
    let (code, _, err) = r.points(
        "2026-11-21",
        "en",
        &["void", ROWS[1], "--reason", "异议成立", "--by", "评议小组"],
    );
    assert_eq!(code, 0, "{err}");
    r.commit("2026-11-21");
    // Still 8 for 欧阳明月; 李强's 6 no longer pending (voided).
    assert_eq!(
        r.report("2026-11-23", true),
        "rank,person,name,earned,work,hours,times,pending\n\
         1,P03,欧阳明月,8,8,4,1,2\n\
         2,P01,王芳,0,0,0,0,6\n\
         2,P02,李强,0,0,0,0,0\n"
    );

    // After the 公示期: 王芳's and 欧阳明月's rows are approved, 李强's
    // skipped and listed. Balances after: 王芳 0 + 6 = 6, 欧阳明月 8 + 2 = 10.
    let (code, out, err) = r.points(
        "2026-11-23",
        "en",
        &["approve", "--notice", "n.html", "--by", "评议小组"],
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "recorded 2 rows in ledger/2026.csv
┌────────────┬────────────┬────────┬──────────┬──────────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name     ┆ kind     ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════════╪══════════╪══════════╪═════╪════════╪═════════╡
│ 00rzyp6v55 ┆ 2026-11-23 ┆ P01    ┆ 王芳     ┆ approval ┆ 志愿服务 ┆   3 ┆      6 ┆       6 │
│ qe34kchw1z ┆ 2026-11-23 ┆ P03    ┆ 欧阳明月 ┆ approval ┆ 志愿服务 ┆   3 ┆      2 ┆      10 │
└────────────┴────────────┴────────┴──────────┴──────────┴──────────┴─────┴────────┴─────────┘
1 row of the notice was skipped:
  - dz33gdkwmr is voided by ttgkrhj1vs: an objection upheld, it cannot be approved
",
            ""
        )
    );
    assert!(r.read("ledger/2026.csv").ends_with(
        "00rzyp6v55,2026-11-23,P01,approve,volunteer,3,6,评议小组,epne9ervn1,\n\
         qe34kchw1z,2026-11-23,P03,approve,volunteer,3,2,评议小组,ap273hbe3z,\n"
    ));
    // After: 欧阳明月 8 + 2 = 10 (7 hours, 2 times), 王芳 6, 李强 0; nothing pending.
    assert_eq!(
        r.report("2026-11-23", false),
        "rank,person,name,earned,work,hours,times\n\
         1,P03,欧阳明月,10,10,7,2\n\
         2,P01,王芳,6,6,3,1\n\
         3,P02,李强,0,0,0,0\n"
    );
    assert_eq!(
        r.report("2026-11-23", true),
        "rank,person,name,earned,work,hours,times,pending\n\
         1,P03,欧阳明月,10,10,7,2,0\n\
         2,P01,王芳,6,6,3,1,0\n\
         3,P02,李强,0,0,0,0,0\n"
    );

    // The notice still verifies: the rows written since are appended.
    let (code, out, err) = r.points("2026-11-23", "en", &["verify", "n.html"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("\nVerified: the file is what the book gives as committed at "),
        "{out}"
    );

    // Approved again: every row is skipped, nothing is written.
    let before = r.read("ledger/2026.csv");
    let (code, out, err) = r.points("2026-11-24", "en", &["approve", "--notice", "n.html"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "3 rows of the notice were skipped:
  - epne9ervn1 is already approved
  - dz33gdkwmr is voided by ttgkrhj1vs: an objection upheld, it cannot be approved
  - ap273hbe3z is already approved
No row of n.html awaits approval any more: nothing was written.
",
            ""
        )
    );
    assert_eq!(r.read("ledger/2026.csv"), before);
}

#[test]
fn an_edited_notice_is_refused_and_nothing_is_written() {
    let r = Repo::new();
    let (code, _, err) = r.points(
        "2026-11-20",
        "en",
        &["notice", "pending", "--output", "n.html"],
    );
    assert_eq!(code, 0, "{err}");
    // 王芳's 6 points made 60 on the page.
    let page = r.read("n.html");
    let row = "<td>王*</td><td>志愿服务</td><td class=\"n\">3</td><td class=\"n\">6</td>";
    assert!(page.contains(row));
    r.write("n.html", page.replacen(row, &row.replace(">6<", ">60<"), 1));
    let before = r.read("ledger/2026.csv");
    let (code, out, err) = r.points("2026-11-27", "en", &["approve", "--notice", "n.html"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "error: n.html does not verify against the book, so nothing was approved (issue the notice again and post it for its full period):
  - line 45: the file has `epne9ervn1 2026-11-18 王* 志愿服务 3 60`, the book gives `epne9ervn1 2026-11-18 王* 志愿服务 3 6`
"
        )
    );
    assert_eq!(r.read("ledger/2026.csv"), before);
}

#[test]
fn only_a_committed_notice_of_pending_rows_can_be_approved() {
    let r = Repo::new();
    // A notice of a report verifies, but lists no rows to approve.
    let (code, _, err) = r.points(
        "2026-11-20",
        "en",
        &["notice", "report", "2026-11", "--output", "r.html"],
    );
    assert_eq!(code, 0, "{err}");
    let before = r.read("ledger/2026.csv");
    let (code, out, err) = r.points("2026-11-27", "en", &["approve", "--notice", "r.html"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "error: r.html is not a notice of rows awaiting approval: only a page made by `points notice pending` can be approved with --notice (approve single rows with `points approve ID…`)\n"
        )
    );
    // A notice of uncommitted files (a row added and not committed).
    r.write(
        "ledger/2026.csv",
        format!("{before}x1,2026-11-19,P01,earn,volunteer,1,2,一组组长,,\n"),
    );
    let (code, _, err) = r.points(
        "2026-11-20",
        "en",
        &["notice", "pending", "--output", "d.html"],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = r.points("2026-11-27", "en", &["approve", "--notice", "d.html"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "error: nothing was approved: d.html was made from uncommitted files (`dirty=true`), so no commit holds the figures it shows: commit, then issue it again\n"
        )
    );
    // IDs and --notice together are a usage error.
    let (code, _, _) = r.points(
        "2026-11-27",
        "en",
        &["approve", ROWS[0], "--notice", "d.html"],
    );
    assert_eq!(code, 2);
}

#[test]
fn in_chinese_the_notice_and_its_approval_speak_chinese() {
    let r = Repo::new();
    let (code, _, err) = r.points(
        "2026-11-20",
        "zh",
        &["notice", "pending", "2026-11", "--output", "公示.html"],
    );
    assert_eq!(code, 0, "{err}");
    let page = r.read("公示.html");
    assert!(page.contains("<html lang=\"zh-CN\">"));
    // Issued today (11-20, `--date` appended to the recorded command) for 3 days.
    assert!(page.contains(
        "<h2>2026年11月拟认定积分公示（待审核）</h2>\n\
         <p class=\"sub\">公示期：2026年11月20日至2026年11月22日（共3天）</p>\n"
    ));
    assert!(page.contains("argv=[&quot;notice&quot;,&quot;pending&quot;,&quot;2026-11&quot;,&quot;--output&quot;,&quot;公示.html&quot;,&quot;--date&quot;,&quot;2026-11-20&quot;]"));
    assert!(page.contains(
        "<tr><th>记录编号</th><th>日期</th><th>姓名</th><th>项目</th><th>数量</th><th>积分</th></tr>\n"
    ));
    assert!(page.contains("<p>共 3 条记录待审核，合计 14 分</p>"));

    let (code, out, err) = r.points("2026-11-21", "zh", &["approve", "--notice", "公示.html"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            1,
            "",
            "错误：公示.html 的公示期到 2026年11月22日 为止，居民仍可提出异议，没有审核通过任何记录；2026年11月23日 起才能审核通过其中的记录\n"
        )
    );
    let (code, _, err) = r.points(
        "2026-11-21",
        "zh",
        &["void", ROWS[1], "--reason", "异议成立"],
    );
    assert_eq!(code, 0, "{err}");
    r.commit("2026-11-21");
    let (code, out, err) = r.points(
        "2026-11-23",
        "zh",
        &[
            "approve",
            "--notice",
            "公示.html",
            "--by",
            "评议小组",
            "--format",
            "json",
        ],
    );
    // JSON keeps its shape; the skipped row is said on stderr.
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "[\n  {\"id\":\"00rzyp6v55\",\"date\":\"2026-11-23\",\"person\":\"P01\",\"name\":\"王芳\",\"kind\":\"approve\",\"item\":\"volunteer\",\"qty\":3,\"points\":6,\"balance\":6},\n  {\"id\":\"qe34kchw1z\",\"date\":\"2026-11-23\",\"person\":\"P03\",\"name\":\"欧阳明月\",\"kind\":\"approve\",\"item\":\"volunteer\",\"qty\":3,\"points\":2,\"balance\":10}\n]\n"
    );
    assert_eq!(
        err,
        "公示所列记录中有 1 条未审核通过：\n  - dz33gdkwmr 已被 ttgkrhj1vs 作废（异议成立），不能审核通过\n"
    );
}

/// A household deed awaiting approval shows its household: its id, its
/// first member's masked name and how many members it has (H1: 王芳 P01
/// and 赵雷 P04, so `H1 王*等2人` in Chinese); 15 points for 庭院整洁.
#[test]
fn a_household_deed_is_posted_as_its_household() {
    let rules = format!(
        "{RULES}\n[[item]]\nid = \"yard\"\nname = \"庭院整洁\"\ncategory = \"work\"\nsubject = \"household\"\npoints = 15\n"
    );
    let people = format!("{PEOPLE}P04,赵雷,H1,B1,resident,,\n");
    let out = crate::harness::Test::new()
        .file("points.toml", rules)
        .file("people.csv", people)
        .file(
            "ledger/2026.csv",
            format!("{LEDGER}y1,2026-11-10,H1,earn,yard,1,15,村委会,,\n"),
        )
        .args(["notice", "pending", "--date", "2026-11-20", "--lang", "zh"])
        .run();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(
        "<tbody>\n<tr><td>y1</td><td>2026-11-10</td><td>H1 王*等2人</td><td>庭院整洁</td><td class=\"n\">1</td><td class=\"n\">15</td></tr>\n</tbody>\n"
    ));
    assert!(!page.contains("赵雷") && !page.contains("王芳"));
}

/// A notice that lists nothing is approved as nothing, and says so.
#[test]
fn a_notice_of_no_rows_approves_nothing() {
    let r = Repo::new();
    // 2025: no row awaits approval then.
    let (code, _, err) = r.points(
        "2026-11-20",
        "en",
        &["notice", "pending", "2025", "--output", "e.html"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(r
        .read("e.html")
        .contains("<p>0 rows awaiting approval, 0 points in all</p>"));
    let before = r.read("ledger/2026.csv");
    let (code, out, err) = r.points("2026-11-27", "en", &["approve", "--notice", "e.html"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "e.html lists no row awaiting approval: nothing was written.\n",
            ""
        )
    );
    assert_eq!(r.read("ledger/2026.csv"), before);
}

/// A committed row behind the notice edited in place since: the history
/// changed, so the notice does not verify and nothing is approved.
#[test]
fn a_notice_whose_history_was_rewritten_is_refused() {
    let r = Repo::new();
    let (code, _, err) = r.points(
        "2026-11-20",
        "en",
        &["notice", "pending", "--output", "n.html"],
    );
    assert_eq!(code, 0, "{err}");
    // 王芳's row (line 4 of the ledger) gets a note, committed on 11-21.
    let ledger = r.read("ledger/2026.csv");
    let row = "epne9ervn1,2026-11-18,P01,earn,volunteer,3,6,一组组长,,";
    assert!(ledger.contains(&format!("{row}\n")));
    r.write(
        "ledger/2026.csv",
        ledger.replacen(&format!("{row}\n"), &format!("{row}改过\n"), 1),
    );
    r.commit("2026-11-21");
    let before = r.read("ledger/2026.csv");
    let (code, out, err) = r.points("2026-11-27", "en", &["approve", "--notice", "n.html"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with(
            "error: n.html does not verify against the book, so nothing was approved (issue the notice again and post it for its full period):\n  - ledger/2026.csv:4: "
        ),
        "{err}"
    );
    assert!(err.contains(&format!("`{row}`")), "{err}");
    assert_eq!(r.read("ledger/2026.csv"), before);
}
