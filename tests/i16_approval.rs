//! Approval before points count (SPEC §11, §12; issue 16): earn rows of an
//! item under `approval` are pending until an `approve` row names them; they
//! count nowhere but caps; `points approve` is all or nothing; `check`
//! validates approve rows. Three residents of a 爱心超市: 王芳 (P01), 李强
//! (P02), 张敏 (P03, near the volunteer cap). Every figure expected below is
//! worked out by hand in the comment above it.

use crate::harness::Test;
use tempfile::TempDir;

const RULES: &str = r#"[scheme]
name = "爱心超市"
approval = true

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

[[item]]
id = "meeting"
name = "村民会议"
category = "work"
points = 1
approval = false

[exchange]
every = "half-year"

[[reward]]
id = "soap"
name = "香皂"
cost = 5
"#;

const PEOPLE: &str = "id,name,household,building,role,joined,left\n\
P01,王芳,H1,B1,resident,,\nP02,李强,H2,B1,resident,,\nP03,张敏,H3,B1,resident,,\n";

const HEADER: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";

/// 王芳's meeting counts (its item needs no approval); 张敏's 4 hours on
/// 11-05 (8 points, 8 of her 10 a month) await approval.
const START: &str = "m1,2026-11-02,P01,earn,meeting,1,1,居委会,,\n\
v0,2026-11-05,P03,earn,volunteer,4,8,居委会,,\n";

fn book(rules: &str, rows: &str) -> Test {
    Test::new()
        .file("points.toml", rules)
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", format!("{HEADER}{rows}"))
        .env("POINTS_ID_SEED", "1")
}

/// The next command on the same book.
fn again(dir: TempDir) -> Test {
    let mut t = Test::new();
    t.dir = dir;
    t.env("POINTS_ID_SEED", "1")
}

/// add → pending → approve two → void one (an objection upheld) → its
/// approval refused, with every refused row listed; reports before and
/// after, with and without --pending.
#[test]
fn a_cycle_of_pending_rows_approved_and_voided() {
    // 2 hours × 2 = 4 each; 张敏 has 10 − 8 = 2 left of her monthly cap
    // (her pending 8 takes room): cut to 2. Balances do not move: 王芳 1
    // (the meeting), the others 0.
    let (_, dir) = book(RULES, START)
        .args(["add", "volunteer", "--people", "王芳,李强,张敏", "--qty", "2", "--date", "2026-11-20", "--by", "村民小组"])
        .stdout(
            "recorded 3 rows in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-11-20 ┆ P01    ┆ 王芳 ┆ earn ┆ 志愿服务 ┆   2 ┆      4 ┆       1 │
│ dz33gdkwmr ┆ 2026-11-20 ┆ P02    ┆ 李强 ┆ earn ┆ 志愿服务 ┆   2 ┆      4 ┆       0 │
│ ap273hbe3z ┆ 2026-11-20 ┆ P03    ┆ 张敏 ┆ earn ┆ 志愿服务 ┆   2 ┆      2 ┆       0 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
张敏 (P03): 志愿服务: 4 cut to 2 by the monthly cap of 10
3 rows await approval: their points count once an approve row names each (points pending lists them, points approve ID… approves them)
",
        )
        .run_keep();
    // Before any approval: earned counts the meeting only (1); pending is
    // 4, 4 and 8 + 2 = 10; hours and times leave pending rows out.
    let (_, dir) = again(dir)
        .args(["report", "2026-11", "--format", "csv"])
        .stdout("rank,person,name,earned,work,hours,times\n1,P01,王芳,1,1,0,1\n2,P02,李强,0,0,0,0\n2,P03,张敏,0,0,0,0\n")
        .run_keep();
    let (_, dir) = again(dir)
        .args(["report", "2026-11", "--pending", "--format", "csv"])
        .stdout("rank,person,name,earned,work,hours,times,pending\n1,P01,王芳,1,1,0,1,4\n2,P02,李强,0,0,0,0,4\n2,P03,张敏,0,0,0,0,10\n")
        .run_keep();
    // Each pending row with the balance its person had that day.
    let (_, dir) = again(dir)
        .args(["pending", "--format", "csv"])
        .stdout(
            "id,date,person,name,kind,item,qty,points,voided,balance,note,pending
v0,2026-11-05,P03,张敏,earn,volunteer,4,8,false,0,,true
epne9ervn1,2026-11-20,P01,王芳,earn,volunteer,2,4,false,1,,true
dz33gdkwmr,2026-11-20,P02,李强,earn,volunteer,2,4,false,0,,true
ap273hbe3z,2026-11-20,P03,张敏,earn,volunteer,2,2,false,0,,true
",
        )
        .run_keep();
    // Pending points cannot be spent: 张敏 has 0 to spend, 10 pending.
    let (_, dir) = again(dir)
        .args(["redeem", "张敏", "soap"])
        .stderr("error: 张敏 (P03) has a balance of 0 on 2026-11-27, and 1 × 香皂 costs 5: not enough points (`points show` lists the entries)\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run_keep();
    // The review approves two: 王芳 1 + 4 = 5, 张敏 0 + 8 = 8.
    let (_, dir) = again(dir)
        .args(["approve", "epne9ervn1", "v0", "--by", "评议小组", "--format", "csv"])
        .stdout("id,date,person,name,kind,item,qty,points,balance\nttgkrhj1vs,2026-11-27,P01,王芳,approve,volunteer,2,4,5\n00rzyp6v55,2026-11-27,P03,张敏,approve,volunteer,4,8,8\n")
        .run_keep();
    // An objection to 李强's row is upheld: its void takes back nothing
    // that counted, his balance stays 0.
    let (_, dir) = again(dir)
        .args(["void", "dz33gdkwmr", "--reason", "异议成立", "--by", "评议小组", "--format", "csv"])
        .stdout("id,date,person,name,kind,item,qty,points,balance\nqe34kchw1z,2026-11-27,P02,李强,void,volunteer,2,-4,0\n")
        .run_keep();
    // Approving the voided row, a row that awaits no approval and one
    // already approved: refused as a whole, every row listed.
    let (_, dir) = again(dir)
        .args(["approve", "dz33gdkwmr", "m1", "epne9ervn1", "ap273hbe3z"])
        .stderr(
            "error: 3 problems, so nothing was written:
  - dz33gdkwmr is voided by qe34kchw1z: an objection upheld, it cannot be approved
  - m1 (earn, 村民会议) awaits no approval: only earn rows of an item with `approval` in points.toml do
  - epne9ervn1 is already approved
",
        )
        .status(1)
        .unchanged()
        .run_keep();
    // After: 张敏 8 earned (4 hours, 1 time), 2 still pending; 王芳 1 + 4
    // = 5 (2 hours; the meeting and the patrol: 2 times); 李强 nothing.
    let (_, dir) = again(dir)
        .args(["report", "2026-11", "--format", "csv"])
        .stdout("rank,person,name,earned,work,hours,times\n1,P03,张敏,8,8,4,1\n2,P01,王芳,5,5,2,2\n3,P02,李强,0,0,0,0\n")
        .run_keep();
    let (_, dir) = again(dir)
        .args(["balance", "--pending", "--format", "csv"])
        .stdout("person,name,earned,spent,balance,pending\nP01,王芳,5,0,5,0\nP02,李强,0,0,0,0\nP03,张敏,8,0,8,2\n")
        .run_keep();
    // An approval counts in the row's own period, also --until a day
    // before the approval (11-27): 王芳 1 + 4 = 5, 张敏 8.
    let (_, dir) = again(dir)
        .args(["balance", "--until", "2026-11-21", "--format", "csv"])
        .stdout(
            "person,name,earned,spent,balance\nP01,王芳,5,0,5\nP02,李强,0,0,0\nP03,张敏,8,0,8\n",
        )
        .run_keep();
    // show: the running balance moves at the approved row's own date; the
    // pending row and the approve row move nothing.
    let (_, dir) = again(dir)
        .args(["show", "张敏", "--format", "json"])
        .stdout(
            r#"[
  {"id":"v0","date":"2026-11-05","kind":"earn","item":"volunteer","qty":4,"points":8,"voided":false,"balance":8,"note":"","pending":false},
  {"id":"ap273hbe3z","date":"2026-11-20","kind":"earn","item":"volunteer","qty":2,"points":2,"voided":false,"balance":8,"note":"","pending":true},
  {"id":"00rzyp6v55","date":"2026-11-27","kind":"approve","item":"volunteer","qty":4,"points":8,"voided":false,"balance":8,"note":"","pending":false}
]
"#,
        )
        .run_keep();
    // 8 to spend: one soap (5) yes, then 8 − 5 = 3 left. (Another id seed:
    // the first ids of seed 1 are the book's rows by now.)
    again(dir)
        .env("POINTS_ID_SEED", "7")
        .args(["redeem", "张敏", "soap", "--format", "csv"])
        .stdout("id,date,person,name,kind,item,qty,points,balance\nphdasq3phj,2026-11-27,P03,张敏,redeem,soap,1,-5,3\n")
        .run();
}

/// `check` on hand-written approve rows: of a row that awaits no approval
/// and with a wrong qty (errors), of a voided row (a warning: the void
/// wins), and of an id no earlier row has (an error).
#[test]
fn check_validates_hand_written_approve_rows() {
    let rows = format!(
        "{START}w1,2026-11-06,P02,earn,volunteer,1,2,居委会,,
x1,2026-11-10,P02,void,volunteer,1,-2,评议小组,w1,异议成立
a1,2026-11-27,P01,approve,meeting,1,1,评议小组,m1,
a2,2026-11-27,P03,approve,volunteer,3,8,评议小组,v0,
a3,2026-11-27,P02,approve,volunteer,1,2,评议小组,w1,
a4,2026-11-27,P02,approve,volunteer,1,2,评议小组,zz,
"
    );
    book(RULES, &rows)
        .args(["check"])
        .stdout(
            "ledger/2026.csv:6:44: error: this approve row names m1, which is not an earn row awaiting approval (only earn rows of an item with `approval` in points.toml await one)
  |
6 | a1,2026-11-27,P01,approve,meeting,1,1,评议小组,m1,
  |                                                ^^
  = fix: correct `ref` to the id of a pending row, or void this row
ledger/2026.csv:7:37: error: this approve row has qty `3`, but the row it approves (v0) has `4`
  |
7 | a2,2026-11-27,P03,approve,volunteer,3,8,评议小组,v0,
  |                                     ^
  = fix: an approve row copies its target: write qty `4`
ledger/2026.csv:8:46: warning: this approve row approves w1, which x1 voids: the void wins, and w1 does not count
  |
8 | a3,2026-11-27,P02,approve,volunteer,1,2,评议小组,w1,
  |                                                  ^^
  = fix: nothing to do if the objection was upheld; otherwise void x1 and approve w1 again
ledger/2026.csv:9:46: error: this approve row names zz, but no earlier row has that id
  |
9 | a4,2026-11-27,P02,approve,volunteer,1,2,评议小组,zz,
  |                                                  ^^
  = fix: an approve row comes after the row it approves: correct `ref`, or void this row
3 errors, 1 warning (8 rows in 1 ledger file, 3 people, 2 items)
",
        )
        .status(1)
        .run();
}

/// A void of an approve row withdraws the approval: the row is pending
/// again (张敏: 8 earned with the approval, 0 and 8 pending without).
#[test]
fn voiding_an_approval_makes_its_row_pending_again() {
    let approved = format!("{START}a1,2026-11-27,P03,approve,volunteer,4,8,评议小组,v0,\n");
    book(RULES, &approved)
        .args(["balance", "--pending", "--format", "csv"])
        .stdout("person,name,earned,spent,balance,pending\nP01,王芳,1,0,1,0\nP02,李强,0,0,0,0\nP03,张敏,8,0,8,0\n")
        .run();
    let withdrawn = format!("{approved}x1,2026-11-27,P03,void,volunteer,4,-8,评议小组,a1,\n");
    book(RULES, &withdrawn)
        .args(["balance", "--pending", "--format", "csv"])
        .stdout("person,name,earned,spent,balance,pending\nP01,王芳,1,0,1,0\nP02,李强,0,0,0,0\nP03,张敏,0,0,0,8\n")
        .run();
}

/// `approval = "2026-11-06"`: rows dated before it count as they always
/// did (张敏's 8 on 11-05), rows from then on await approval (李强's 2 on
/// 11-06); `approval = false` on an item overrides the scheme's.
#[test]
fn approval_from_a_date_leaves_earlier_rows_counted() {
    let rules = RULES.replacen("approval = true", "approval = \"2026-11-06\"", 1);
    let rows = format!("{START}w1,2026-11-06,P02,earn,volunteer,1,2,居委会,,\nm2,2026-11-07,P02,earn,meeting,1,1,居委会,,\n");
    // 李强: the meeting (1) counts, the volunteer row (2) is pending.
    book(&rules, &rows)
        .args(["balance", "--pending", "--format", "csv"])
        .stdout("person,name,earned,spent,balance,pending\nP01,王芳,1,0,1,0\nP02,李强,1,0,1,2\nP03,张敏,8,0,8,0\n")
        .run();
}

/// A malformed `approval` is an error at its key, saying what it may be.
#[test]
fn a_malformed_approval_key_is_an_error_at_the_key() {
    let rules = RULES
        .replacen("approval = true", "approval = 5", 1)
        .replacen("approval = false", "approval = \"soon\"", 1);
    book(&rules, START)
        .args(["report"])
        .stderr(
            "points.toml:3:12: error: `5` is neither true, false nor a date
  |
3 | approval = 5
  |            ^
  = expected: approval = true, approval = false, or the first day rows need an approval, like approval = \"2027-01-01\"
points.toml:22:12: error: `soon` is neither true, false nor a date
   |
22 | approval = \"soon\"
   |            ^^^^^^
   = expected: approval = true, approval = false, or the first day rows need an approval, like approval = \"2027-01-01\"
",
        )
        .status(1)
        .unchanged()
        .run();
}

/// In Chinese: the pending list and a refused approval.
#[test]
fn pending_and_approve_speak_chinese() {
    let rows = format!("{START}x1,2026-11-06,P03,void,volunteer,4,-8,评议小组,v0,异议成立\nv2,2026-11-07,P01,earn,volunteer,1,2,居委会,,\n");
    // 王芳's 2 await approval; her balance that day is 1 (the meeting).
    book(RULES, &rows)
        .args(["--lang", "zh", "pending"])
        .stdout(
            "爱心超市 — 全部时间待审核的积分
┌──────────┬────────────┬──────┬──────┬──────────┬──────────┬──────┬──────┬────────┬──────────┬──────┬────────┐
│ 记录编号 ┆ 日期       ┆ 编号 ┆ 姓名 ┆ 类型     ┆ 项目     ┆ 数量 ┆ 积分 ┆ 已作废 ┆ 可用积分 ┆ 备注 ┆ 待审核 │
╞══════════╪════════════╪══════╪══════╪══════════╪══════════╪══════╪══════╪════════╪══════════╪══════╪════════╡
│ v2       ┆ 2026-11-07 ┆ P01  ┆ 王芳 ┆ 获得积分 ┆ 志愿服务 ┆    1 ┆    2 ┆        ┆        1 ┆      ┆ 是     │
└──────────┴────────────┴──────┴──────┴──────────┴──────────┴──────┴──────┴────────┴──────────┴──────┴────────┘
共 1 条记录待审核，合计 2 分
",
        )
        .run();
    book(RULES, &rows)
        .args(["--lang", "zh", "approve", "v0", "v2"])
        .stderr("错误：v0 已被 x1 作废（异议成立），不能审核通过\n本次没有写入任何记录。\n")
        .status(1)
        .unchanged()
        .run();
}

/// Run git in `dir` (fails the test unless it succeeds).
fn git(dir: &std::path::Path, args: &[&str]) {
    crate::harness::git_when(dir, args, None);
}

/// Two copies of the book approve the same row, and are merged (git,
/// `merge=union`): the second approval is a warning; the first counts, so
/// 张敏 has 8, not 16.
#[test]
fn two_clones_approving_one_row_are_flagged_after_the_merge() {
    let (_, dir) = book(RULES, START)
        .file(".gitattributes", "ledger/*.csv merge=union\n")
        .args(["check"])
        .stdout("ok: 2 rows in 1 ledger file, 3 people, 2 items; 0 warnings\n")
        .run_keep();
    let d = dir.path();
    git(d, &["init", "-q"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "账本"]);
    git(d, &["checkout", "-q", "-b", "side"]);
    let append = |line: &str| {
        let p = d.join("ledger/2026.csv");
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str(line);
        std::fs::write(p, text).unwrap();
    };
    append("c1,2026-11-27,P03,approve,volunteer,4,8,周敏,v0,\n");
    git(d, &["commit", "-qam", "周敏审核"]);
    git(d, &["checkout", "-q", "main"]);
    append("c2,2026-11-28,P03,approve,volunteer,4,8,李强,v0,\n");
    git(d, &["commit", "-qam", "李强审核"]);
    git(d, &["merge", "-q", "--no-edit", "side"]);
    // The union keeps main's row (c2) first, then side's (c1).
    let (_, dir) = again(dir)
        .env("POINTS_TODAY", "2026-11-28")
        .args(["check"])
        .stdout(
            "ledger/2026.csv:5:44: warning: v0 is approved a second time (first by c2 at ledger/2026.csv:4); the first approval counts
  |
5 | c1,2026-11-27,P03,approve,volunteer,4,8,周敏,v0,
  |                                              ^^
  = fix: likely two copies of the book approved the same row: void this approve row
ok: 4 rows in 1 ledger file, 3 people, 2 items; 1 warning
",
        )
        .run_keep();
    again(dir)
        .args(["balance", "--format", "csv"])
        .stdout(
            "person,name,earned,spent,balance\nP01,王芳,1,0,1\nP02,李强,0,0,0\nP03,张敏,8,0,8\n",
        )
        .run();
}

/// A test on a copy of a book of the repository.
fn repo_book(rel: &str) -> Test {
    let t = Test::new();
    crate::harness::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel),
        t.path(),
    );
    t
}

/// `examples/approval`: one cycle of the 爱心超市's 登记 → 民主评议 → 公示
/// → 发放, and the start of the next; the figures its README quotes.
#[test]
fn the_approval_example_passes_check_and_shows_what_its_readme_says() {
    repo_book("examples/approval")
        .args(["check"])
        .stdout("ok: 16 rows in 1 ledger file, 4 people, 4 items; 0 warnings\n")
        .unchanged()
        .run();
    // V01: 8 (a26-0001, approved) + 1 (meeting) = 9, spent 5, 4 left, 12
    // pending (a26-0014); V02: 8 + 1 = 9, 12 pending; V03: 1 (a26-0003 is
    // voided), 3 pending (a26-0016); V04: 3 (a26-0004, approved) + 1 = 4.
    repo_book("examples/approval")
        .args(["balance", "--pending", "--format", "csv"])
        .stdout("person,name,earned,spent,balance,pending\nV01,赵德明,9,5,4,12\nV02,钱秀英,9,0,9,12\nV03,孙建国,1,0,1,3\nV04,李桂兰,4,0,4,0\n")
        .unchanged()
        .run();
    // The three November rows, 12 + 12 + 3 = 27 points.
    repo_book("examples/approval")
        .args(["pending"])
        .stdout(
            "爱心超市积分管理 — points awaiting approval, all time
┌──────────┬────────────┬────────┬────────┬──────┬──────────┬─────┬────────┬────────┬─────────┬──────────┬─────────┐
│ id       ┆ date       ┆ person ┆ name   ┆ kind ┆ item     ┆ qty ┆ points ┆ voided ┆ balance ┆ note     ┆ pending │
╞══════════╪════════════╪════════╪════════╪══════╪══════════╪═════╪════════╪════════╪═════════╪══════════╪═════════╡
│ a26-0014 ┆ 2026-11-18 ┆ V01    ┆ 赵德明 ┆ earn ┆ 志愿服务 ┆   6 ┆     12 ┆        ┆       4 ┆ 冬季植树 ┆ yes     │
│ a26-0015 ┆ 2026-11-18 ┆ V02    ┆ 钱秀英 ┆ earn ┆ 志愿服务 ┆   6 ┆     12 ┆        ┆       9 ┆ 冬季植树 ┆ yes     │
│ a26-0016 ┆ 2026-11-19 ┆ V03    ┆ 孙建国 ┆ earn ┆ 道路清扫 ┆   1 ┆      3 ┆        ┆       1 ┆ 清扫村道 ┆ yes     │
└──────────┴────────────┴────────┴────────┴──────┴──────────┴─────┴────────┴────────┴─────────┴──────────┴─────────┘
3 rows awaiting approval, 27 points in all
",
        )
        .unchanged()
        .run();
    // The README's last command: the November rows approved, 12 + 4 = 16
    // for V01, 12 + 9 = 21 for V02, 3 + 1 = 4 for V03.
    repo_book("examples/approval")
        .env("POINTS_ID_SEED", "1")
        .args(["approve", "a26-0014", "a26-0015", "a26-0016", "--by", "评议小组", "--format", "csv"])
        .stdout("id,date,person,name,kind,item,qty,points,balance\nepne9ervn1,2026-11-27,V01,赵德明,approve,volunteer,6,12,16\ndz33gdkwmr,2026-11-27,V02,钱秀英,approve,volunteer,6,12,21\nap273hbe3z,2026-11-27,V03,孙建国,approve,road,1,3,4\n")
        .run();
}

/// Run git in `dir` at `date` (10:00 UTC); its trimmed stdout.
fn git_at(dir: &std::path::Path, args: &[&str], date: &str) -> String {
    crate::harness::git_on(dir, args, date)
}

/// `audit` lists who approved what: an info line per committed approve row
/// (its commit, author and date, `by`, the target and the approve's id).
#[test]
fn audit_lists_who_approved_what() {
    let (_, dir) = book(RULES, START)
        .args(["check"])
        .stdout("ok: 2 rows in 1 ledger file, 3 people, 2 items; 0 warnings\n")
        .run_keep();
    let d = dir.path();
    git_at(d, &["init", "-q"], "2026-11-10");
    git_at(d, &["add", "-A"], "2026-11-10");
    git_at(d, &["commit", "-qm", "账本"], "2026-11-10");
    let p = d.join("ledger/2026.csv");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("c1,2026-11-12,P03,approve,volunteer,4,8,周敏,v0,\n");
    std::fs::write(&p, text).unwrap();
    git_at(d, &["commit", "-qam", "审核"], "2026-11-12");
    let head = git_at(d, &["rev-parse", "--short=7", "HEAD"], "2026-11-12");
    again(dir)
        .args(["audit"])
        .stdout(&format!(
            "{head} 2026-11-12 测试: ledger/2026.csv:4: info: 周敏 approved v0 on 2026-11-12 (c1)\n\
2 commits touching the book audited, up to commit `{head}` of 2026-11-12: no errors, 0 warnings\n"
        ))
        .run();
}

/// `import ledger` writes rows of an approval item pending, like `add`, and
/// says so under its table: 王芳's 2 hours (4 points) await approval, 李强's
/// meeting (1) counts at once.
#[test]
fn imported_rows_await_approval_too() {
    let (_, dir) = book(RULES, START)
        .file("tally.csv", "姓名,项目,数量,日期,备注\n王芳,志愿服务,2,2026-11-20,\n李强,村民会议,1,2026-11-20,\n")
        .args(["import", "ledger", "tally.csv", "--kind", "earn"])
        .stdout(
            "imported 2 rows into ledger/2026.csv (0 already in the book)
┌─────┬────────┬────────────┬────────────┬────────┬──────┬──────────┬─────┬────────┬─────────┐
│ row ┆ status ┆ id         ┆ date       ┆ person ┆ name ┆ item     ┆ qty ┆ points ┆ message │
╞═════╪════════╪════════════╪════════════╪════════╪══════╪══════════╪═════╪════════╪═════════╡
│   2 ┆ added  ┆ epne9ervn1 ┆ 2026-11-20 ┆ P01    ┆ 王芳 ┆ 志愿服务 ┆   2 ┆      4 ┆ —       │
│   3 ┆ added  ┆ dz33gdkwmr ┆ 2026-11-20 ┆ P02    ┆ 李强 ┆ 村民会议 ┆   1 ┆      1 ┆ —       │
└─────┴────────┴────────────┴────────────┴────────┴──────┴──────────┴─────┴────────┴─────────┘
1 row awaits approval: its points count once an approve row names it (points pending lists it, points approve ID approves it)
",
        )
        .run_keep();
    // 王芳 1 earned (the meeting of START) and 4 pending; 李强 1; 张敏 8 pending.
    again(dir)
        .args(["balance", "--pending", "--format", "csv"])
        .stdout("person,name,earned,spent,balance,pending\nP01,王芳,1,0,1,4\nP02,李强,1,0,1,0\nP03,张敏,0,0,0,8\n")
        .run();
}

/// An exchange round cannot spend pending points: 张敏's 8 await approval
/// (balance 0, denied); once approved she has 8, a soap (5) is granted and
/// 3 are left. Her earned (the order of the round) is 0, then 8.
#[test]
fn an_exchange_round_spends_only_approved_points() {
    let requests = "person,reward,qty\n王芳,soap,1\n张敏,soap,1\n";
    book(RULES, START)
        .file("requests.csv", requests)
        .args([
            "exchange",
            "2026H2",
            "--requests",
            "requests.csv",
            "--format",
            "csv",
        ])
        .stdout(
            "person,name,reward,requested,granted,points,status,reason
P01,王芳,soap,1,0,0,denied,not enough points
P03,张敏,soap,1,0,0,denied,not enough points

account,name,before,spent,after,earned
P01,王芳,1,0,1,1
P03,张敏,0,0,0,0

reward,name,stock,granted,left,already
soap,香皂,,0,,0

reward,reward_name,person,name,qty
",
        )
        .unchanged()
        .run();
    let approved = format!("{START}a1,2026-11-27,P03,approve,volunteer,4,8,评议小组,v0,\n");
    book(RULES, &approved)
        .file("requests.csv", requests)
        .args([
            "exchange",
            "2026H2",
            "--requests",
            "requests.csv",
            "--format",
            "csv",
        ])
        .stdout(
            "person,name,reward,requested,granted,points,status,reason
P03,张敏,soap,1,1,5,granted,
P01,王芳,soap,1,0,0,denied,not enough points

account,name,before,spent,after,earned
P03,张敏,8,5,3,8
P01,王芳,1,0,1,1

reward,name,stock,granted,left,already
soap,香皂,,1,,0

reward,reward_name,person,name,qty
soap,香皂,P03,张敏,1
",
        )
        .unchanged()
        .run();
}
