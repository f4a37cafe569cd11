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
        .stdout("person,name,earned,spent,balance\nP01,王芳,5,0,5\nP02,李强,0,0,0\nP03,张敏,8,0,8\n")
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
