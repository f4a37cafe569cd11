//! Household deeds (SPEC §10): an item with `subject = "household"` is
//! earned by a household as a whole; its rows hold the household id in
//! `person`. They count in household and building reports and balances,
//! household evaluations and household exchange accounts, and in no
//! person's totals. 王芳 (P01) and 李强 (P02) live in H1, 赵敏 (P03) in H2
//! (all in building B1), 陈刚 (P04) in H3 (building B2). Every figure
//! expected below is worked out by hand in the comment above it.

use crate::harness::Test;

const RULES: &str = r#"[scheme]
name = "户积分小区"

[[category]]
id = "welfare"
name = "社区公益类"
cap = { points = 25, per = "month" }

[[category]]
id = "law"
name = "遵纪守法类"

[[item]]
id = "clean"
name = "打扫卫生"
category = "welfare"
points = 10

[[item]]
id = "yard"
name = "庭院整洁"
category = "welfare"
subject = "household"
points = 15
cap = { points = 20, per = "month" }

[[item]]
id = "dump"
name = "乱堆杂物"
category = "law"
subject = "household"
points = -5

[exchange]
account = "household"

[[reward]]
id = "soap"
name = "肥皂"
cost = 20

[[evaluation]]
id = "civ"
name = "文明户"
subject = "household"
aggregate = "mean"
veto = ["law"]
tiers = [{ name = "文明户", min = 20, clean = true }, { name = "—" }]
"#;

const PEOPLE: &str = "id,name,household,building,role,joined,left
P01,王芳,H1,B1,resident,,
P02,李强,H1,B1,resident,,
P03,赵敏,H2,B1,resident,,
P04,陈刚,H3,B2,resident,,
";

/// 庭院整洁 (15, at most 20 a month per household): A3 H1 15; A4 H1 cut to
/// 5 (20 − 15); A5 H2 15. 乱堆杂物: A7 H3 −5. Each person cleans once (10).
/// The category cap (25 a month) counts each person's rows and each
/// household's rows apart: H1's deeds take 20 of H1's 25, P01's 10 is P01's.
const ROWS: &str = "id,date,person,kind,item,qty,points,by,ref,note
A1,2026-03-02,P01,earn,clean,1,10,队长,,
A2,2026-03-03,P02,earn,clean,1,10,队长,,
A3,2026-03-04,H1,earn,yard,1,15,队长,,
A4,2026-03-05,H1,earn,yard,1,5,队长,,
A5,2026-03-06,H2,earn,yard,1,15,队长,,
A6,2026-03-07,P03,earn,clean,1,10,队长,,
A7,2026-03-08,H3,earn,dump,1,-5,队长,,
A8,2026-03-09,P04,earn,clean,1,10,队长,,
";

fn book(rules: &str, rows: &str) -> Test {
    Test::new()
        .file("points.toml", rules)
        .file("people.csv", PEOPLE)
        .file("ledger/2026.csv", rows)
        .env("POINTS_ID_SEED", "1")
        .env("POINTS_TODAY", "2026-03-20")
}

/// By person every one has their own 10 and nothing of the deeds. By
/// household: H1 = 10 + 10 + 15 + 5 = 40 (times 4), H2 = 10 + 15 = 25
/// (times 2), H3 = 10 − 5 = 5 (welfare 10, law −5, times 1: a deduction is
/// no time). By building: B1 = 40 + 25 = 65, B2 = 5.
#[test]
fn household_deeds_count_for_households_and_buildings_only() {
    book(RULES, ROWS)
        .args(["check"])
        .stdout("ok: 8 rows in 1 ledger file, 4 people, 3 items; 0 warnings\n")
        .run();
    book(RULES, ROWS)
        .args(["--format", "json", "report", "2026-03"])
        .stdout(
            r#"[
  {"rank":1,"person":"P01","name":"王芳","earned":10,"categories":{"welfare":10,"law":0},"hours":0,"times":1},
  {"rank":1,"person":"P02","name":"李强","earned":10,"categories":{"welfare":10,"law":0},"hours":0,"times":1},
  {"rank":1,"person":"P03","name":"赵敏","earned":10,"categories":{"welfare":10,"law":0},"hours":0,"times":1},
  {"rank":1,"person":"P04","name":"陈刚","earned":10,"categories":{"welfare":10,"law":0},"hours":0,"times":1}
]
"#,
        )
        .run();
    book(RULES, ROWS)
        .args(["--format", "json", "report", "2026-03", "--by", "household"])
        .stdout(
            r#"[
  {"rank":1,"household":"H1","name":"王芳、李强","earned":40,"categories":{"welfare":40,"law":0},"hours":0,"times":4},
  {"rank":2,"household":"H2","name":"赵敏","earned":25,"categories":{"welfare":25,"law":0},"hours":0,"times":2},
  {"rank":3,"household":"H3","name":"陈刚","earned":5,"categories":{"welfare":10,"law":-5},"hours":0,"times":1}
]
"#,
        )
        .run();
    book(RULES, ROWS)
        .args(["--format", "json", "report", "2026-03", "--by", "building"])
        .stdout(
            r#"[
  {"rank":1,"building":"B1","name":"B1","earned":65,"categories":{"welfare":65,"law":0},"hours":0,"times":6},
  {"rank":2,"building":"B2","name":"B2","earned":5,"categories":{"welfare":10,"law":-5},"hours":0,"times":1}
]
"#,
        )
        .run();
    // Balances: each person 10; by household 40, 25, 5 as above.
    book(RULES, ROWS)
        .args(["balance"])
        .stdout(
            "户积分小区 — balances
┌────────┬──────┬────────┬───────┬─────────┐
│ person ┆ name ┆ earned ┆ spent ┆ balance │
╞════════╪══════╪════════╪═══════╪═════════╡
│ P01    ┆ 王芳 ┆     10 ┆     0 ┆      10 │
│ P02    ┆ 李强 ┆     10 ┆     0 ┆      10 │
│ P03    ┆ 赵敏 ┆     10 ┆     0 ┆      10 │
│ P04    ┆ 陈刚 ┆     10 ┆     0 ┆      10 │
└────────┴──────┴────────┴───────┴─────────┘
",
        )
        .run();
    book(RULES, ROWS)
        .args(["--format", "json", "balance", "--by", "household"])
        .stdout(
            r#"[
  {"household":"H1","name":"王芳、李强","earned":40,"spent":0,"balance":40},
  {"household":"H2","name":"赵敏","earned":25,"spent":0,"balance":25},
  {"household":"H3","name":"陈刚","earned":5,"spent":0,"balance":5}
]
"#,
        )
        .run();
    // A role filter counts people's rows of that role: deeds have no role.
    // H1 = 10 + 10, H2 = 10, H3 = 10.
    book(RULES, ROWS)
        .args([
            "--format", "json", "report", "2026-03", "--by", "household", "--role", "resident",
        ])
        .stdout(
            r#"[
  {"rank":1,"household":"H1","name":"王芳、李强","earned":20,"categories":{"welfare":20,"law":0},"hours":0,"times":2},
  {"rank":2,"household":"H2","name":"赵敏","earned":10,"categories":{"welfare":10,"law":0},"hours":0,"times":1},
  {"rank":2,"household":"H3","name":"陈刚","earned":10,"categories":{"welfare":10,"law":0},"hours":0,"times":1}
]
"#,
        )
        .run();
    // By item the deeds are the item's: 庭院整洁 15 + 5 + 15 = 35 (3 times).
    book(RULES, ROWS)
        .args(["--format", "json", "report", "--by", "item"])
        .stdout(
            r#"[
  {"rank":1,"item":"clean","name":"打扫卫生","earned":40,"categories":{"welfare":40,"law":0},"hours":0,"times":4},
  {"rank":2,"item":"yard","name":"庭院整洁","earned":35,"categories":{"welfare":35,"law":0},"hours":0,"times":3},
  {"rank":3,"item":"dump","name":"乱堆杂物","earned":-5,"categories":{"welfare":0,"law":-5},"hours":0,"times":0}
]
"#,
        )
        .run();
}

/// `show P01` lists P01's own row only; `show H1` the household's own rows
/// (A3 15, A4 5: balance 15, then 20).
#[test]
fn show_lists_a_person_or_a_households_own_rows() {
    book(RULES, ROWS)
        .args(["show", "P01"])
        .stdout(
            "王芳 (P01), household H1, all time: balance before 0
┌────┬────────────┬──────┬──────────┬─────┬────────┬────────┬─────────┬──────┐
│ id ┆ date       ┆ kind ┆ item     ┆ qty ┆ points ┆ voided ┆ balance ┆ note │
╞════╪════════════╪══════╪══════════╪═════╪════════╪════════╪═════════╪══════╡
│ A1 ┆ 2026-03-02 ┆ earn ┆ 打扫卫生 ┆   1 ┆     10 ┆        ┆      10 ┆      │
└────┴────────────┴──────┴──────────┴─────┴────────┴────────┴─────────┴──────┘
balance after: 10
",
        )
        .run();
    book(RULES, ROWS)
        .args(["show", "H1"])
        .stdout(
            "household H1 (王芳、李强), its own rows, all time: balance before 0
┌────┬────────────┬──────┬──────────┬─────┬────────┬────────┬─────────┬──────┐
│ id ┆ date       ┆ kind ┆ item     ┆ qty ┆ points ┆ voided ┆ balance ┆ note │
╞════╪════════════╪══════╪══════════╪═════╪════════╪════════╪═════════╪══════╡
│ A3 ┆ 2026-03-04 ┆ earn ┆ 庭院整洁 ┆   1 ┆     15 ┆        ┆      15 ┆      │
│ A4 ┆ 2026-03-05 ┆ earn ┆ 庭院整洁 ┆   1 ┆      5 ┆        ┆      20 ┆      │
└────┴────────────┴──────┴──────────┴─────┴────────┴────────┴─────────┴──────┘
balance after: 20
",
        )
        .run();
}

/// 文明户 by household, mean of the members' scores, then the household's
/// own deeds added: H1 (10 + 10) / 2 + 20 = 30; H2 10 / 1 + 15 = 25; H3
/// 10 / 1 − 5 = 5, vetoed by its own 乱堆杂物 (A7).
#[test]
fn a_household_deed_counts_in_a_household_evaluation_and_vetoes() {
    book(RULES, ROWS)
        .args(["--format", "json", "evaluate", "civ", "2026"])
        .stdout(
            r#"[
  {"rank":1,"subject":"H1","name":"王芳、李强","score":30,"tier":"文明户","vetoed":false,"tie":false,"reason":null},
  {"rank":2,"subject":"H2","name":"赵敏","score":25,"tier":"文明户","vetoed":false,"tie":false,"reason":null},
  {"rank":3,"subject":"H3","name":"陈刚","score":5,"tier":"—","vetoed":true,"tie":false,"reason":"below 20; vetoed: 乱堆杂物 2026-03-08 (A7, household H3)"}
]
"#,
        )
        .run();
    // Without the deeds' rows every household has its members' mean only:
    // 10, 10, 10 — none reaches 20 (proof that the 30 and 25 above are deeds).
    let persons_only = "id,date,person,kind,item,qty,points,by,ref,note
A1,2026-03-02,P01,earn,clean,1,10,队长,,
A2,2026-03-03,P02,earn,clean,1,10,队长,,
A6,2026-03-07,P03,earn,clean,1,10,队长,,
A8,2026-03-09,P04,earn,clean,1,10,队长,,
";
    book(RULES, persons_only)
        .args(["--format", "csv", "evaluate", "civ", "2026"])
        .stdout(
            "rank,subject,name,score,tier,vetoed,tie,reason
1,H1,王芳、李强,10,—,false,false,below 20
1,H2,赵敏,10,—,false,false,below 20
1,H3,陈刚,10,—,false,false,below 20
",
        )
        .run();
}

/// The item cap is per household: A4 written as 15 is 10 more than H1's
/// room (20 − 15 = 5). `add` for H2 (15 used → 5 left) and H3 (none used).
/// Balances after: H2 10 + 15 + 5 = 30; H3 10 − 5 + 15 = 20.
#[test]
fn a_household_items_cap_is_per_household() {
    book(RULES, &ROWS.replace("A4,2026-03-05,H1,earn,yard,1,5,", "A4,2026-03-05,H1,earn,yard,1,15,"))
        .args(["check"])
        .stdout_has("ledger/2026.csv:5:30: error: points `15` are more than the rules give (5): 庭院整洁 gives 15 per time to a household, × 1 = 15, and the monthly cap of 20 on 庭院整洁 leaves 5")
        .status(1)
        .run();
    book(RULES, ROWS)
        .args([
            "add",
            "yard",
            "--households",
            "H2,H3",
            "--date",
            "2026-03-20",
        ])
        .stdout(
            "recorded 2 rows in ledger/2026.csv
┌────────────┬────────────┬────────┬──────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪══════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-03-20 ┆ H2     ┆ 赵敏 ┆ earn ┆ 庭院整洁 ┆   1 ┆      5 ┆      30 │
│ dz33gdkwmr ┆ 2026-03-20 ┆ H3     ┆ 陈刚 ┆ earn ┆ 庭院整洁 ┆   1 ┆     15 ┆      20 │
└────────────┴────────────┴────────┴──────┴──────┴──────────┴─────┴────────┴─────────┘
household H2: 庭院整洁: 15 cut to 5 by the monthly cap of 20
",
        )
        .run();
}

/// Voiding a deed: A4 (5) of H1; H1's balance after: 40 − 5 = 35.
#[test]
fn a_household_deed_can_be_voided() {
    let (_, dir) = book(RULES, ROWS)
        .args([
            "void",
            "A4",
            "--reason",
            "录错了",
            "--date",
            "2026-03-20",
            "--by",
            "队长",
        ])
        .stdout(
            "recorded 1 row in ledger/2026.csv
┌────────────┬────────────┬────────┬────────────┬──────┬──────────┬─────┬────────┬─────────┐
│ id         ┆ date       ┆ person ┆ name       ┆ kind ┆ item     ┆ qty ┆ points ┆ balance │
╞════════════╪════════════╪════════╪════════════╪══════╪══════════╪═════╪════════╪═════════╡
│ epne9ervn1 ┆ 2026-03-20 ┆ H1     ┆ 王芳、李强 ┆ void ┆ 庭院整洁 ┆   1 ┆     -5 ┆      35 │
└────────────┴────────────┴────────┴────────────┴──────┴──────────┴─────┴────────┴─────────┘
cancels `A4`: earn 庭院整洁 of household H1 on 2026-03-05, 5 points
",
        )
        .run_keep();
    let ledger = std::fs::read_to_string(dir.path().join("ledger/2026.csv")).unwrap();
    assert!(
        ledger.ends_with("epne9ervn1,2026-03-20,H1,void,yard,1,-5,队长,A4,录错了\n"),
        "{ledger}"
    );
}

/// Every refusal changes nothing.
#[test]
fn add_refuses_people_for_household_items_and_households_for_others() {
    book(RULES, ROWS)
        .args(["add", "yard", "--people", "P01"])
        .stderr("error: item 庭院整洁 is earned by a household as a whole: give the households with --households (e.g. --households H1), not --people\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
    book(RULES, ROWS)
        .args(["add", "clean", "--households", "H1"])
        .stderr("error: item 打扫卫生 is earned by each person: give the people with --people, not --households\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
    book(RULES, ROWS)
        .args(["add", "yard", "--households", "H9,H1,H1"])
        .stderr(
            "error: 2 problems, so nothing was written:
  - no household has the id `H9` in people.csv; the households are: H1, H2, H3
  - household H1 is listed twice
",
        )
        .status(1)
        .unchanged()
        .run();
    book(RULES, ROWS)
        .args(["add", "yard", "--households", ","])
        .stderr("error: no households given: --households takes household ids separated by commas, e.g. --households H1\nnothing was written.\n")
        .status(2)
        .unchanged()
        .run();
    book(RULES, ROWS)
        .args(["add", "yard", "--households", "H1", "--people", "P01"])
        .stderr_has(
            "error: the argument '--households <H1,H2,…>' cannot be used with '--people <A,B,…>'",
        )
        .status(2)
        .unchanged()
        .run();
    // H3's only member moved in on 2026-03-09: nobody lived there on 03-01.
    Test::new()
        .file("points.toml", RULES)
        .file(
            "people.csv",
            PEOPLE.replace(
                "P04,陈刚,H3,B2,resident,,",
                "P04,陈刚,H3,B2,resident,2026-03-09,",
            ),
        )
        .file(
            "ledger/2026.csv",
            "id,date,person,kind,item,qty,points,by,ref,note\n",
        )
        .env("POINTS_TODAY", "2026-03-20")
        .args(["add", "yard", "--households", "H3", "--date", "2026-03-01"])
        .stderr("error: no member of household H3 lived here on 2026-03-01\nnothing was written.\n")
        .status(1)
        .unchanged()
        .run();
}

/// `check` on rows that name the wrong kind of subject, a household with
/// nobody living there, and a household id that is a person's too.
#[test]
fn check_validates_household_rows() {
    let rows = format!(
        "{ROWS}B1,2026-03-10,P01,earn,yard,1,15,队长,,
B2,2026-03-11,H1,earn,clean,1,10,队长,,
B3,2026-03-12,H1,redeem,soap,1,-20,队长,,
"
    );
    book(RULES, &rows)
        .args(["check"])
        .stdout(
            "ledger/2026.csv:10:15: error: `P01` is a person, but item `yard` is earned by a household as a whole: its rows name a household
   |
10 | B1,2026-03-10,P01,earn,yard,1,15,队长,,
   |               ^^^
   = expected: the household id (the household column of people.csv) in the person column
ledger/2026.csv:11:15: error: `H1` is a household, but item `clean` is earned by each person: its rows name a person
   |
11 | B2,2026-03-11,H1,earn,clean,1,10,队长,,
   |               ^^
   = expected: a person id from people.csv in the person column
ledger/2026.csv:12:15: error: `H1` is a household, and a `redeem` row is a person's
   |
12 | B3,2026-03-12,H1,redeem,soap,1,-20,队长,,
   |               ^^
   = expected: a person id from people.csv; a household id stands only on earn rows of household items and their voids
3 errors, 0 warnings (11 rows in 1 ledger file, 4 people, 3 items)
",
        )
        .status(1)
        .run();
    Test::new()
        .file("points.toml", RULES)
        .file("people.csv", format!("{PEOPLE}P05,孙丽,P01,B2,resident,,\n"))
        .file("ledger/2026.csv", "id,date,person,kind,item,qty,points,by,ref,note\nC1,2026-01-02,H3,earn,yard,1,15,队长,,\n")
        .args(["check"])
        .stdout_has("people.csv:6:8: error: household `P01` is also the id of a person (line 2): rows of household items name a household in the person column, so household ids and person ids must differ")
        .status(1)
        .run();
}

/// `subject`, `roles` and points per role on a household item.
#[test]
fn check_reports_misused_subject_keys() {
    let rules = RULES
        .replacen(
            "subject = \"household\"\npoints = 15",
            "subject = \"household\"\nroles = [\"resident\"]\npoints = { resident = 15 }",
            1,
        )
        .replacen(
            "subject = \"household\"\npoints = -5",
            "subject = \"family\"\npoints = -5",
            1,
        );
    book(&rules, ROWS)
        .args(["check"])
        .stdout(
            r#"points.toml:24:10: error: item `yard` is earned by a household as a whole, and a household has no role, so the item cannot have `roles`
   |
24 | roles = ["resident"]
   |          ^^^^^^^^^^
   = expected: no `roles` on a household item (every household may earn it)
points.toml:25:10: error: item `yard` is earned by a household as a whole, and a household has no role, so its points cannot be given per role
   |
25 | points = { resident = 15 }
   |          ^^^^^^^^^^^^^^^^^
   = expected: one number of points for every household, e.g. points = 5
points.toml:32:11: error: `family` is not who earns an item
   |
32 | subject = "family"
   |           ^^^^^^^^
   = expected: "person" (each person earns it, the default) or "household" (a household earns it as a whole)
3 errors, 0 warnings (points.toml could not be read, so the 8 rows in 1 ledger file were checked for form only)
"#,
        )
        .status(1)
        .run();
}

/// A household account spends its deeds: 王芳 asks for 2 soaps (40) for
/// H1, whose members have 20 of their own and 20 of deeds; 赵敏 for 2 (H2
/// has 25: one); 陈刚 for 1 (H3 has 5: none).
#[test]
fn a_household_account_spends_its_deeds() {
    book(RULES, ROWS)
        .file(
            "requests.csv",
            "person,reward,qty\nP03,soap,2\nP01,soap,2\nP04,soap,1\n",
        )
        .env("POINTS_TODAY", "2026-08-01")
        .args([
            "--format",
            "csv",
            "exchange",
            "2026H1",
            "--requests",
            "requests.csv",
        ])
        .stdout_has(
            "person,name,reward,requested,granted,points,status,reason
P01,王芳,soap,2,2,40,granted,
P03,赵敏,soap,2,1,20,partial,not enough points
P04,陈刚,soap,1,0,0,denied,not enough points
",
        )
        .run();
    // Committed, the round leaves no account below zero: H1 40 − 40 = 0,
    // H2 25 − 20 = 5 (a person's own balance would be 10 − 40 and 10 − 20).
    let (_, dir) = book(RULES, ROWS)
        .file(
            "requests.csv",
            "person,reward,qty\nP03,soap,2\nP01,soap,2\nP04,soap,1\n",
        )
        .env("POINTS_TODAY", "2026-08-01")
        .args([
            "exchange",
            "2026H1",
            "--requests",
            "requests.csv",
            "--commit",
        ])
        .run_keep();
    let (code, out, err) = crate::harness::points(dir.path(), &["check"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "ok: 10 rows in 1 ledger file, 4 people, 3 items; 0 warnings\n",
            ""
        )
    );
    // Three soaps (60) for 李强 overdraw H1 (40): the household is named.
    book(RULES, &format!("{ROWS}R1,2026-07-01,P02,redeem,soap,3,-60,队长,,\n"))
        .args(["check"])
        .stdout(
            "ledger/2026.csv:10: warning: this redemption leaves 王芳、李强 (H1) with a balance of -20 on 2026-07-01
   |
10 | R1,2026-07-01,P02,redeem,soap,3,-60,队长,,
   = fix: check the entries before it; void the redemption if it should not have happened
ok: 9 rows in 1 ledger file, 4 people, 3 items; 1 warning
",
        )
        .run();
}

/// With `account = "person"` nobody can spend the deeds: `check` warns, and
/// the same wishes meet each person's own 10 only.
#[test]
fn person_accounts_cannot_spend_deeds_and_check_warns() {
    let rules = RULES.replace("account = \"household\"", "account = \"person\"");
    book(&rules, ROWS)
        .args(["check"])
        .stdout(
            r#"points.toml:23:11: warning: item `yard` is earned by households, but [exchange] account is "person": the points of household deeds can never be spent at the points supermarket
   |
23 | subject = "household"
   |           ^^^^^^^^^^^
   = fix: write account = "household" under [exchange] so that households spend their points together, or leave it if household deeds only count in reports and evaluations
ok: 8 rows in 1 ledger file, 4 people, 3 items; 1 warning
"#,
        )
        .run();
    book(&rules, ROWS)
        .file("requests.csv", "person,reward,qty\nP01,soap,1\n")
        .env("POINTS_TODAY", "2026-08-01")
        .args([
            "--format",
            "csv",
            "exchange",
            "2026H1",
            "--requests",
            "requests.csv",
        ])
        .stdout_has(
            "person,name,reward,requested,granted,points,status,reason
P01,王芳,soap,1,0,0,denied,not enough points
",
        )
        .run();
}

/// In Chinese: the report by household (as above), a refusal and a row error.
#[test]
fn household_deeds_in_chinese() {
    book(RULES, ROWS)
        .args(["--lang", "zh", "report", "2026-03", "--by", "household"])
        .stdout(
            "户积分小区 — 2026年3月各户积分排名
┌──────┬──────┬────────────┬──────────┬────────────┬────────────┬──────────────┬──────┐
│ 名次 ┆ 户号 ┆ 成员       ┆ 累计获得 ┆ 社区公益类 ┆ 遵纪守法类 ┆ 时长（小时） ┆ 次数 │
╞══════╪══════╪════════════╪══════════╪════════════╪════════════╪══════════════╪══════╡
│    1 ┆ H1   ┆ 王芳、李强 ┆       40 ┆         40 ┆          0 ┆            0 ┆    4 │
│    2 ┆ H2   ┆ 赵敏       ┆       25 ┆         25 ┆          0 ┆            0 ┆    2 │
│    3 ┆ H3   ┆ 陈刚       ┆        5 ┆         10 ┆         -5 ┆            0 ┆    1 │
└──────┴──────┴────────────┴──────────┴────────────┴────────────┴──────────────┴──────┘
",
        )
        .run();
    book(RULES, ROWS)
        .args(["--lang", "zh", "add", "yard", "--people", "P01"])
        .stderr("错误：项目 庭院整洁 按户计分：请用 --households 写户号（例如 --households H1），不要用 --people\n本次没有写入任何记录。\n")
        .status(1)
        .unchanged()
        .run();
    book(
        RULES,
        &format!("{ROWS}B1,2026-03-10,P01,earn,yard,1,15,队长,,\n"),
    )
    .args(["--lang", "zh", "check"])
    .stdout(
        "ledger/2026.csv:10:15: 错误：`P01` 是人员编号，但项目 `yard` 按户计分：这类记录应填写户号
   |
10 | B1,2026-03-10,P01,earn,yard,1,15,队长,,
   |               ^^^
   = 应为：在 person 列填写户号（people.csv 的 household 列）
检查未通过：错误 1 处，提醒 0 条（1 个台账文件共 9 行，花名册 4 人，积分项目 3 个）
",
    )
    .status(1)
    .run();
}

/// Buildings take their households' deeds; persons never: B1 = 10 + 10 + 10
/// (members) + 15 + 5 (H1's yard) + 15 (H2's) = 65; B2 = 10 − 5 = 5, vetoed
/// by H3's 乱堆杂物. By person everyone has 10 and nobody is vetoed (陈刚 is
/// not: the deduction was his household's).
#[test]
fn building_evaluations_take_deeds_and_person_evaluations_do_not() {
    let rules = format!(
        r#"{RULES}
[[evaluation]]
id = "bld"
name = "文明楼栋"
subject = "building"
veto = ["law"]
tiers = [{{ name = "文明楼栋", min = 50, clean = true }}, {{ name = "—" }}]

[[evaluation]]
id = "star"
name = "公益之星"
subject = "person"
veto = ["law"]
tiers = [{{ name = "公益之星", min = 10, clean = true }}, {{ name = "—" }}]
"#
    );
    book(&rules, ROWS)
        .args(["--format", "csv", "evaluate", "bld", "2026"])
        .stdout(
            "rank,subject,name,score,tier,vetoed,tie,reason
1,B1,B1,65,文明楼栋,false,false,
2,B2,B2,5,—,true,false,\"below 50; vetoed: 乱堆杂物 2026-03-08 (A7, household H3)\"
",
        )
        .run();
    book(&rules, ROWS)
        .args(["--format", "csv", "evaluate", "star", "2026"])
        .stdout(
            "rank,subject,name,score,tier,vetoed,tie,reason
1,P01,王芳,10,公益之星,false,false,
1,P02,李强,10,公益之星,false,false,
1,P03,赵敏,10,公益之星,false,false,
1,P04,陈刚,10,公益之星,false,false,
",
        )
        .run();
}
