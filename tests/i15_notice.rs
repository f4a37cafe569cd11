//! The public notice (#15 parts 1 and 2; SPEC §9, §12 "Names"): `points
//! notice report|evaluate` write one HTML page with the table of `report`
//! or `evaluate`, names masked, a bar chart by category, the 公示期, issuer
//! and contact of `[notice]`, and the provenance in a `<meta>` and as text.
//! The harness checks the provenance of every page (fingerprint, argv with
//! `--date` appended when it was not given).
//!
//! The book: five people in three households (the roster lists P02 before
//! P01, so a household's first member is found by id, not by line):
//!
//! | id  | name          | household | rows (2026)                         |
//! |-----|---------------|-----------|-------------------------------------|
//! | P01 | 欧阳明月       | B1-301    | patrol 3 h × 2 = 6 (welfare)     |
//! | P02 | 张伟           | B1-301    | study 1 × 3 = 3 (edu)            |
//! | P03 | 王             | B1-302    | patrol 4 h × 2 = 8 (welfare)     |
//! | P04 | Anna Li       | B1-302    | litter 1 × −5 = −5 (law)         |
//! | P05 | 阿卜杜·热合曼  | B2-101    | patrol 2 h = 4, study = 3           |
//!
//! (rows entry-01 … entry-06). Every row is recorded by 秘书甲 or 秘书乙 and
//! entry-01 has the note 夜间巡逻备注:
//! neither may appear on a notice, nor any person id or full name.

use crate::harness::Test;

const RULES: &str = r#"[scheme]
name = "测试小区"

[notice]
issuer = "测试小区自治委员会"
contact = "有异议请于公示期内向居委会反映"
days = 5

[[category]]
id = "edu"
name = "教育管理类"

[[category]]
id = "welfare"
name = "社区公益类"

[[category]]
id = "law"
name = "遵纪守法类"

[[item]]
id = "patrol"
name = "治安巡逻"
category = "welfare"
unit = "hour"
points = 2

[[item]]
id = "study"
name = "学习"
category = "edu"
points = 3

[[item]]
id = "litter"
name = "乱丢垃圾"
category = "law"
points = -5

[[evaluation]]
id = "hh"
name = "文明户"
subject = "household"
period = "year"
veto = ["law"]
tiers = [{ name = "文明户", min = 7, clean = true }, { name = "—" }]
"#;

const PEOPLE: &str = "id,name,household,building,role,joined,left
P02,张伟,B1-301,B1,party,,
P01,欧阳明月,B1-301,B1,resident,,
P03,王,B1-302,B1,resident,,
P04,Anna Li,B1-302,B1,resident,,
P05,阿卜杜·热合曼,B2-101,B2,party,,
";

const LEDGER: &str = "id,date,person,kind,item,qty,points,by,ref,note
entry-01,2026-03-01,P01,earn,patrol,3,6,秘书甲,,夜间巡逻备注
entry-02,2026-03-02,P02,earn,study,1,3,秘书甲,,
entry-03,2026-03-05,P03,earn,patrol,4,8,秘书乙,,
entry-04,2026-04-01,P04,earn,litter,1,-5,秘书乙,,
entry-05,2026-04-02,P05,earn,patrol,2,4,秘书甲,,
entry-06,2026-05-01,P05,earn,study,1,3,秘书甲,,
";

fn book() -> Test {
    Test::new()
        .file("points.toml", RULES)
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", LEDGER)
}

/// The page's text from the line starting with `from` up to and including
/// the line starting with `to`.
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

fn page(args: &[&str]) -> String {
    let out = book().args(args.iter().copied()).run();
    String::from_utf8(out.stdout).unwrap()
}

/// Nothing that identifies a person beyond the masked name is on the page.
fn nothing_private(page: &str) {
    for s in [
        "P01",
        "P02",
        "P03",
        "P04",
        "P05",
        "秘书甲",
        "秘书乙",
        "夜间巡逻备注",
        "欧阳明月",
        "张伟",
        "Anna",
        "热合曼",
        "entry-0",
    ] {
        assert!(!page.contains(s), "the notice shows {s:?}:\n{page}");
    }
}

#[test]
fn a_report_notice_shows_reports_figures_with_masked_names() {
    let page = page(&["notice", "report", "2026"]);
    // Ranked by earned: 王 8, 阿卜杜·热合曼 4 + 3 = 7, 欧阳明月 6, 张伟 3,
    // Anna Li −5. Hours: 4, 2, 3, 0, 0; times (rows with points ≥ 0): 1, 2, 1,
    // 1, 0. Masks: 王 → *, 阿卜杜·热合曼 → 阿*杜·热*曼 (part by part),
    // 欧阳明月 → 欧阳*月 (compound surname), 张伟 → 张*, Anna Li → A*** L*.
    // Posted from today (2026-11-27) for 5 days: 27, 28, 29, 30, 1 → 12-01.
    assert_eq!(
        section(&page, "<body>", "</table>"),
        r#"<body>
<header>
<h1>测试小区</h1>
<h2>Points ranking, 2026: public notice</h2>
<p class="sub">Posting period: 2026-11-27 to 2026-12-01 (5 days)</p>
</header>
<table class="list">
<thead>
<tr><th>rank</th><th>name</th><th>earned</th><th>教育管理类</th><th>社区公益类</th><th>遵纪守法类</th><th>hours</th><th>times</th></tr>
</thead>
<tbody>
<tr><td class="n">1</td><td>*</td><td class="n">8</td><td class="n">0</td><td class="n">8</td><td class="n">0</td><td class="n">4</td><td class="n">1</td></tr>
<tr><td class="n">2</td><td>阿*杜·热*曼</td><td class="n">7</td><td class="n">3</td><td class="n">4</td><td class="n">0</td><td class="n">2</td><td class="n">2</td></tr>
<tr><td class="n">3</td><td>欧阳*月</td><td class="n">6</td><td class="n">0</td><td class="n">6</td><td class="n">0</td><td class="n">3</td><td class="n">1</td></tr>
<tr><td class="n">4</td><td>张*</td><td class="n">3</td><td class="n">3</td><td class="n">0</td><td class="n">0</td><td class="n">0</td><td class="n">1</td></tr>
<tr><td class="n">5</td><td>A*** L*</td><td class="n">-5</td><td class="n">0</td><td class="n">0</td><td class="n">-5</td><td class="n">0</td><td class="n">0</td></tr>
</tbody>
</table>
"#
    );
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
    assert!(page.contains(
        "<meta name=\"points-notice\" content=\"issued=2026-11-27 until=2026-12-01\">\n"
    ));
    assert!(page.contains("@page { size: A4 portrait;"));
    assert!(page.contains("thead { display: table-header-group; }"));
    // Self-contained: no scripts, nothing fetched.
    for s in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!page.contains(s), "the page holds {s:?}");
    }
    assert_eq!(
        section(&page, "<div class=\"closing\">", "</div>"),
        "<div class=\"closing\">\n<p>有异议请于公示期内向居委会反映</p>\n<p class=\"issuer\">测试小区自治委员会</p>\n<p class=\"issuer\">2026-11-27</p>\n</div>\n"
    );
    // The QR code of the fixed line, as inline SVG.
    assert!(page.contains("<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\""));
    nothing_private(&page);
}

#[test]
fn an_evaluation_notice_in_chinese_shows_households_as_id_first_member_and_count() {
    let page = page(&[
        "--lang",
        "zh",
        "notice",
        "evaluate",
        "文明户",
        "2026",
        "--date",
        "2026-11-30",
    ]);
    // B1-301: 欧阳明月 6 + 张伟 3 = 9 ≥ 7 → 文明户; B2-101: 4 + 3 = 7 → 文明户;
    // B1-302: 王 8 + Anna Li −5 = 3, vetoed (乱丢垃圾 is in law) → —.
    // First member by id: B1-301's is P01 欧阳明月 though P02 is listed first.
    // Posted 2026-11-30 for 5 days: 30, 1, 2, 3, 4 → 12月4日.
    assert_eq!(
        section(&page, "<body>", "</div>"),
        r#"<body>
<header>
<h1>测试小区</h1>
<h2>2026年文明户评议结果公示</h2>
<p class="sub">公示期：2026年11月30日至2026年12月4日（共5天）</p>
</header>
<table class="list">
<thead>
<tr><th>名次</th><th>户号</th><th>成员</th><th>得分</th><th>等次</th><th>一票否决</th><th>同分</th></tr>
</thead>
<tbody>
<tr><td class="n">1</td><td>B1-301</td><td>欧阳*月等2人</td><td class="n">9</td><td>文明户</td><td></td><td></td></tr>
<tr><td class="n">2</td><td>B2-101</td><td>阿*杜·热*曼（1人）</td><td class="n">7</td><td>文明户</td><td></td><td></td></tr>
<tr><td class="n">3</td><td>B1-302</td><td>*等2人</td><td class="n">3</td><td>—</td><td>是</td><td></td></tr>
</tbody>
</table>
<div class="notes">
<p>共 3 户，其中 1 户被一票否决</p>
<p>文明户：2</p>
<p>—：1</p>
</div>
"#
    );
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n"));
    assert!(page.contains(
        "<meta name=\"points-notice\" content=\"issued=2026-11-30 until=2026-12-04\">\n"
    ));
    assert!(page.contains("<p class=\"issuer\">2026年11月30日</p>\n"));
    assert!(page.contains("<p>账本不在 git 中，指纹 `"));
    nothing_private(&page);
}

#[test]
fn the_chart_stacks_each_subjects_categories_from_zero() {
    let page = page(&["notice", "evaluate", "hh", "2026"]);
    // Geometry in hundredths: bars over 680 − 150 − 60 = 470 units = 47000.
    // Most positive: B1-301 edu 3 + welfare 6 = 9; most negative: B1-302's
    // law −5; range 14 points = 1400. Zero at 15000 + 500 × 47000 / 1400 =
    // 15000 + 16785 = 31785 (317.85). 3 points = 300 × 47000 / 1400 = 10071
    // (100.71); 6 = 20142; 8 = 26857; −5 = 16785, drawn left of zero, from
    // 150.00. B1-302's total 8 − 5 = 3 is written after its positive end.
    assert_eq!(
        section(&page, "<text x=\"144.00\" y=\"37.00\"", "</svg>"),
        r##"<text x="144.00" y="37.00" text-anchor="end">1 B1-301</text>
<rect x="317.85" y="26.00" width="100.71" height="14.00" fill="#4e79a7"/>
<rect x="418.56" y="26.00" width="201.42" height="14.00" fill="#f28e2b"/>
<text x="623.98" y="37.00">9</text>
<text x="144.00" y="55.00" text-anchor="end">2 B2-101</text>
<rect x="317.85" y="44.00" width="100.71" height="14.00" fill="#4e79a7"/>
<rect x="418.56" y="44.00" width="134.28" height="14.00" fill="#f28e2b"/>
<text x="556.84" y="55.00">7</text>
<text x="144.00" y="73.00" text-anchor="end">3 B1-302</text>
<rect x="317.85" y="62.00" width="268.57" height="14.00" fill="#f28e2b"/>
<rect x="150.00" y="62.00" width="167.85" height="14.00" fill="#e15759"/>
<text x="590.42" y="73.00">3</text>
</svg>
"##
    );
    assert!(page.contains(
        "<figcaption>Points earned in the period, by the categories that score</figcaption>\n"
    ));
    // Five people in three households: all are shown, no "first N" note.
    assert!(!page.contains("The chart shows the first"));
}

#[test]
fn no_mask_shows_full_names_and_still_no_ids_or_notes() {
    let page = page(&["notice", "report", "2026", "--no-mask"]);
    let rows: Vec<&str> = page.lines().filter(|l| l.starts_with("<tr><td")).collect();
    assert_eq!(
        rows,
        [
            "<tr><td class=\"n\">1</td><td>王</td><td class=\"n\">8</td><td class=\"n\">0</td><td class=\"n\">8</td><td class=\"n\">0</td><td class=\"n\">4</td><td class=\"n\">1</td></tr>",
            "<tr><td class=\"n\">2</td><td>阿卜杜·热合曼</td><td class=\"n\">7</td><td class=\"n\">3</td><td class=\"n\">4</td><td class=\"n\">0</td><td class=\"n\">2</td><td class=\"n\">2</td></tr>",
            "<tr><td class=\"n\">3</td><td>欧阳明月</td><td class=\"n\">6</td><td class=\"n\">0</td><td class=\"n\">6</td><td class=\"n\">0</td><td class=\"n\">3</td><td class=\"n\">1</td></tr>",
            "<tr><td class=\"n\">4</td><td>张伟</td><td class=\"n\">3</td><td class=\"n\">3</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">1</td></tr>",
            "<tr><td class=\"n\">5</td><td>Anna Li</td><td class=\"n\">-5</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">-5</td><td class=\"n\">0</td><td class=\"n\">0</td></tr>",
        ]
    );
    for s in ["P01", "P05", "秘书甲", "夜间巡逻备注"] {
        assert!(!page.contains(s), "the notice shows {s:?}");
    }
}

#[test]
fn a_notice_is_always_html() {
    book()
        .args(["--format", "json", "notice", "report", "2026"])
        .status(2)
        .stdout("")
        .stderr("error: a notice is always an HTML page: leave out --format (and give --output FILE to write it to a file)\n")
        .unchanged()
        .run();
}

#[test]
fn notice_keys_in_points_toml_are_checked() {
    book()
        .file("points.toml", RULES.replace("days = 5", "days = 0"))
        .args(["notice", "report"])
        .status(1)
        .stdout("")
        .stderr(
            "points.toml:7:8: error: days = 0 is not a number of days from 1 to 366
  |
7 | days = 0
  |        ^
  = expected: [notice] days = 7 (how many days a notice is posted, the day of issue included)
",
        )
        .unchanged()
        .run();
    book()
        .file(
            "points.toml",
            RULES.replace("issuer = \"测试小区自治委员会\"", "issuer = \" \""),
        )
        .args(["notice", "report"])
        .status(1)
        .stderr(
            "points.toml:5:10: error: issuer is blank
  |
5 | issuer = \" \"
  |          ^^^
  = expected: [notice] issuer = \"…\" with some text, or leave the key out
",
        )
        .run();
    book()
        .file("points.toml", RULES.replace("days = 5", "dayz = 5"))
        .args(["notice", "report"])
        .status(1)
        .stderr_has("points.toml:7:1: error: unknown field `dayz`, expected one of `issuer`, `contact`, `days`")
        .run();
}

#[test]
fn without_notice_keys_a_notice_is_posted_seven_days_with_a_plain_contact_line() {
    let rules = RULES.replace(
        "[notice]\nissuer = \"测试小区自治委员会\"\ncontact = \"有异议请于公示期内向居委会反映\"\ndays = 5\n",
        "",
    );
    let out = book()
        .file("points.toml", rules)
        .args(["notice", "report", "2026"])
        .run();
    let page = String::from_utf8(out.stdout).unwrap();
    // 2026-11-27 + 7 days, both ends counted: 27 … 30, 1, 2, 3 → 12-03.
    assert!(
        page.contains("<p class=\"sub\">Posting period: 2026-11-27 to 2026-12-03 (7 days)</p>\n")
    );
    assert_eq!(
        section(&page, "<div class=\"closing\">", "</div>"),
        "<div class=\"closing\">\n<p>Residents who disagree with anything in this notice may raise it with the committee during the posting period.</p>\n<p class=\"issuer\">2026-11-27</p>\n</div>\n"
    );
}

#[test]
fn output_writes_the_page_to_a_file() {
    let (out, dir) = book()
        .args([
            "notice",
            "report",
            "2026",
            "--role",
            "party",
            "--output",
            "公示.html",
        ])
        .stdout("")
        .run_keep();
    assert!(out.stderr.is_empty());
    let page = std::fs::read_to_string(dir.path().join("公示.html")).unwrap();
    // party: 张伟 3 (edu) and 阿卜杜·热合曼 7: ranked 阿*杜·热*曼 1, 张* 2.
    let rows: Vec<&str> = page.lines().filter(|l| l.starts_with("<tr><td")).collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].starts_with("<tr><td class=\"n\">1</td><td>阿*杜·热*曼</td><td class=\"n\">7</td>")
    );
    assert!(rows[1].starts_with("<tr><td class=\"n\">2</td><td>张*</td><td class=\"n\">3</td>"));
    assert!(page.contains("<p class=\"sub\">Role: 党员</p>\n"));
    // The argv as given, with the issue date appended.
    assert!(page.contains(
        "argv=[&quot;notice&quot;,&quot;report&quot;,&quot;2026&quot;,&quot;--role&quot;,&quot;party&quot;,&quot;--output&quot;,&quot;公示.html&quot;,&quot;--date&quot;,&quot;2026-11-27&quot;]\">"
    ));
}

/// Run git in `dir` with a fixed identity.
fn git(dir: &std::path::Path, args: &[&str]) -> String {
    crate::harness::git_when(dir, args, Some("2026-11-27T10:00:00+08:00"))
}

#[test]
fn at_rev_posts_the_book_as_committed() {
    let (_, dir) = book().args(["check"]).run_keep();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "账本"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    // A row added since: 张伟 studies again (3 more, 6 in all).
    let more = format!("{LEDGER}entry-07,2026-06-01,P02,earn,study,1,3,秘书甲,,\n");
    std::fs::write(dir.path().join("ledger/2026.csv"), more).unwrap();
    let run = |args: &[&str]| {
        let (code, out, err) = crate::harness::points(dir.path(), args);
        assert_eq!(code, 0, "{err}");
        (out, err)
    };
    let (now, warned) = run(&["notice", "report", "2026", "--no-mask"]);
    let (then, quiet) = run(&["notice", "report", "2026", "--no-mask", "--at", "HEAD"]);
    // Made from uncommitted files, the notice cannot be verified: said.
    assert_eq!(
        warned,
        "warning: the book has uncommitted changes, so this notice cannot be verified: commit, then issue it again\n"
    );
    assert_eq!(quiet, "");
    let row = |page: &str| {
        page.lines()
            .find(|l| l.contains("<td>张伟</td>"))
            .unwrap()
            .to_string()
    };
    assert!(row(&now).contains("<td>张伟</td><td class=\"n\">6</td>"));
    assert!(row(&then).contains("<td>张伟</td><td class=\"n\">3</td>"));
    assert!(now.contains(&format!("commit={head} dirty=true ")));
    assert!(then.contains(&format!("commit={head} dirty=false ")));
}

#[test]
fn a_notice_for_many_shows_the_first_30_in_its_chart() {
    let out = Test::new()
        .fixture("../../ledgers/demo")
        .args(["notice", "report", "2026"])
        .run();
    let page = String::from_utf8(out.stdout).unwrap();
    // The demo's 360 people are all in the table, 30 of them in the chart.
    assert_eq!(
        page.lines().filter(|l| l.starts_with("<tr><td")).count(),
        360
    );
    assert!(
        page.contains("<p>The chart shows the first 30 of the 360 listed, in rank order.</p>\n")
    );
    assert_eq!(page.matches("text-anchor=\"end\"").count(), 30);
}
