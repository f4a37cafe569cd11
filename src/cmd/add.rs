//! `points add ITEM --people A,B`: one earn row per person, all or nothing.
//!
//! Also home of what the three writing commands (`add`, `void`, `redeem`)
//! share: the refusal text, `--by` and `--date` defaults, and [`Writing`]:
//! lock the target ledger, then look at the book, then append — so that
//! what was checked is still true when the rows land.

use crate::book::append::Locked;
use crate::book::{ledger, list_ledgers, Book};
use crate::cmd::{today, Ctx, Fail, Result};
use crate::compute::record::{self, Facts, Look, Problem};
use crate::model::entry_id::IdGen;
use crate::model::{id, parse_date, Kind, Points};
use crate::render::{Column, Table, Value};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  points add patrol --people 张三,李四 --qty 2          a two-hour patrol, today
  points add meeting --people P01,P04 --date 2026-03-05
  points add littering --people P05 --note \"楼道堆放垃圾\"
  points add patrol --people 张三 --qty 3 --dry-run    show what would be written

Each person gets one row; their points come from the rules for their role on
that date, with max_qty and the item's and category's caps applied against
everything already in the book. If anything is wrong for anyone, nothing is
written and every problem is listed.";

/// Record points earned (or deducted) for one activity
#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The item's id in points.toml, e.g. patrol
    pub item: String,
    /// Who took part: ids or unique names, separated by commas
    #[arg(long, value_name = "A,B,…")]
    pub people: String,
    /// Hours (hourly items; required) or times [default: 1]
    #[arg(long, value_name = "Q", allow_hyphen_values = true)]
    pub qty: Option<String>,
    /// The day of the activity, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Who records it [default: `git config user.name`, else $USER]
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
    /// A note kept with every row
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    /// Show what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The ledger file to append to [default: the last in name order]
    #[arg(long, value_name = "NAME")]
    pub ledger: Option<String>,
}

// ------------------------------------------------ shared by add, void, redeem

/// The refusal: every problem, and that nothing was written.
pub fn refuse(problems: Vec<Problem>) -> Fail {
    let text = match problems.as_slice() {
        [one] => format!("error: {one}\nnothing was written.\n"),
        many => {
            let mut s = format!("error: {} problems, so nothing was written:\n", many.len());
            for p in many {
                s.push_str(&format!("  - {p}\n"));
            }
            s
        }
    };
    Fail::Shown(text)
}

/// Stop if the book has errors: nothing is written to a book with errors.
pub fn refuse_on_errors(diags: Vec<crate::book::diag::Diagnostic>) -> Result {
    let errors: Vec<_> = diags.into_iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        return Ok(());
    }
    let n = errors.len();
    let mut shown: Vec<_> = errors.into_iter().take(20).collect();
    crate::book::diag::decorate(&mut shown);
    let mut text = crate::book::diag::Problems(shown).to_string();
    text.push_str(&format!(
        "the book has {n} error{}, and nothing is written to a book with errors: run `points check` to see {}, fix them, and run this again. Nothing was written.\n",
        if n == 1 { "" } else { "s" },
        if n == 1 { "it" } else { "them all" }
    ));
    Err(Fail::Shown(text))
}

/// `--date` (default today); a date after today is refused.
pub fn record_date(arg: Option<&str>, today: NaiveDate) -> std::result::Result<NaiveDate, Problem> {
    let date = match arg {
        None => return Ok(today),
        Some(s) => parse_date(s.trim()).ok_or_else(|| Problem::BadDate {
            text: s.to_string(),
        })?,
    };
    if date > today {
        return Err(Problem::FutureDate { date, today });
    }
    Ok(date)
}

/// `--by`, else `git config user.name` in the book's folder, else `$USER`.
pub fn recorder(arg: Option<&str>, root: &Path) -> std::result::Result<String, Problem> {
    if let Some(b) = arg {
        let b = b.trim();
        return if b.is_empty() {
            Err(Problem::Empty { what: "--by" })
        } else {
            Ok(b.to_string())
        };
    }
    let git = std::process::Command::new("git")
        .args(["config", "user.name"])
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    if let Ok(out) = git {
        if out.status.success() {
            let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !name.is_empty() {
                return Ok(name);
            }
        }
    }
    match std::env::var("USER") {
        Ok(u) if !u.trim().is_empty() => Ok(u.trim().to_string()),
        _ => Err(Problem::NoIdentity),
    }
}

/// A `--ledger NAME` must be a plain file name in the ledger folder.
pub fn ledger_name(arg: Option<&str>) -> std::result::Result<Option<&str>, Problem> {
    match arg {
        None => Ok(None),
        Some(n) => {
            let stem = n.strip_suffix(".csv").unwrap_or(n);
            if id::is_valid(stem) {
                Ok(Some(n))
            } else {
                Err(Problem::BadLedger {
                    name: n.to_string(),
                })
            }
        }
    }
}

/// A write in progress: the target ledger, locked (unless a dry run), and
/// the book's ledger list as it stands under the lock.
pub struct Writing {
    pub target: PathBuf,
    lock: Option<Locked>,
    pub dry_run: bool,
}

impl Writing {
    /// Lock the ledger that rows dated in `year` go to, and list the book's
    /// ledgers again under the lock (another writer may have made one).
    pub fn start(
        book: &mut Book,
        ledger: Option<&str>,
        year: i32,
        dry_run: bool,
    ) -> Result<Writing> {
        for _ in 0..10 {
            let target = book.write_target(ledger, year);
            let lock = if dry_run {
                None
            } else {
                Some(Locked::open(&target).map_err(|e| Fail::Refused(e.to_string()))?)
            };
            book.ledgers = list_ledgers(&book.root).map_err(|d| Fail::problems(vec![d]))?;
            if book.write_target(ledger, year) == target {
                return Ok(Writing {
                    target,
                    lock,
                    dry_run,
                });
            }
        }
        Err(Fail::Refused(
            "the ledger folder kept changing while waiting to write: try again".into(),
        ))
    }

    /// One pass over the book (under the lock) with `count` fresh ids that
    /// the book does not use yet. Refuses a book with errors.
    pub fn look(&self, book: &Book, look: Look<'_>, count: usize) -> Result<(Facts, Vec<String>)> {
        let mut gen = IdGen::from_env();
        let mut ids: Vec<String> = Vec::with_capacity(count);
        for _ in 0..20 {
            while ids.len() < count {
                let id = gen.next_id();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let this = Look {
                new_ids: &ids,
                prefix: look.prefix,
                redeem: look.redeem,
            };
            let mut facts = record::facts(book, &this);
            if facts.clashes.is_empty() {
                refuse_on_errors(std::mem::take(&mut facts.outcome.diagnostics))?;
                return Ok((facts, ids));
            }
            let clashes = facts.clashes;
            ids.retain(|i| !clashes.contains(i));
        }
        Err(Fail::Refused(
            "could not draw entry ids that the book does not use yet: nothing was written".into(),
        ))
    }

    /// Append `rows` (nothing on a dry run).
    pub fn finish(self, rows: &str) -> Result {
        match self.lock {
            Some(l) if !self.dry_run => l.append(rows).map_err(|e| Fail::Refused(e.to_string())),
            _ => Ok(()),
        }
    }

    /// The target as the user knows it: `ledger/2026.csv`.
    pub fn shown(&self, book: &Book) -> String {
        self.target
            .strip_prefix(&book.root)
            .unwrap_or(&self.target)
            .display()
            .to_string()
    }

    /// "recorded 2 rows in ledger/2026.csv", or the dry run's words.
    pub fn title(&self, book: &Book, n: usize) -> String {
        let rows = if n == 1 {
            "1 row".to_string()
        } else {
            format!("{n} rows")
        };
        if self.dry_run {
            format!(
                "dry run: {rows} would be written to {}; nothing was written",
                self.shown(book)
            )
        } else {
            format!("recorded {rows} in {}", self.shown(book))
        }
    }
}

/// A row written, as shown.
pub struct Written {
    pub id: String,
    pub date: NaiveDate,
    pub person: usize,
    pub kind: Kind,
    pub item: String,
    pub qty: Points,
    pub points: Points,
    pub by: String,
    pub reference: String,
    pub note: String,
}

impl Written {
    pub fn csv(&self, book: &Book) -> String {
        let (date, qty, points) = (
            self.date.to_string(),
            self.qty.to_string(),
            self.points.to_string(),
        );
        ledger::format_row(&[
            &self.id,
            &date,
            &book.roster.people[self.person].id,
            self.kind.as_str(),
            &self.item,
            &qty,
            &points,
            &self.by,
            &self.reference,
            &self.note,
        ])
    }
}

/// The rows written and each person's balance after them (SPEC §4 keys).
pub fn written_table(book: &Book, rows: &[Written], balances: &[Points]) -> Table {
    let mut t = Table::new(vec![
        Column::new("id", "id"),
        Column::new("date", "date"),
        Column::new("person", "person"),
        Column::new("name", "name"),
        Column::new("kind", "kind"),
        Column::new("item", "item"),
        Column::new("qty", "qty"),
        Column::new("points", "points"),
        Column::new("balance", "balance"),
    ]);
    let mut after = balances.to_vec();
    for r in rows {
        let p = &book.roster.people[r.person];
        let bal = after.get_mut(r.person).map_or(Points::ZERO, |b| {
            *b = b.checked_add(r.points).unwrap_or(*b);
            *b
        });
        t.push(vec![
            Value::text(r.id.as_str()),
            Value::text(r.date.to_string()),
            Value::text(p.id.as_str()),
            Value::text(p.name.as_str()),
            Value::text(r.kind.as_str()),
            Value::text(r.item.as_str()),
            Value::Points(r.qty),
            Value::Points(r.points),
            Value::Points(bal),
        ]);
    }
    t
}

// ------------------------------------------------------------------- add

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let today = today()?;
    let mut book = ctx.load()?;
    let mut problems = Vec::new();

    let date = record_date(args.date.as_deref(), today)
        .map_err(|p| problems.push(p))
        .ok();
    let item = match book.rules.item(args.item.trim()) {
        Some(i) => Some(i),
        None => {
            let known: Vec<&str> = book.rules.items.iter().map(|i| i.id.as_str()).collect();
            problems.push(Problem::UnknownItem {
                item: args.item.clone(),
                known: crate::compute::scan::shorten(&known),
            });
            None
        }
    };
    // Without a known item, --qty can still be checked as a number.
    let qty = match (item, args.qty.as_deref()) {
        (Some(i), q) => Some(record::earn_qty(&book, i, q)),
        (None, Some(q)) => Some(record::parse_qty(q)),
        (None, None) => None,
    }
    .and_then(|r| r.map_err(|p| problems.push(p)).ok());

    // People, in the order given.
    let mut people: Vec<usize> = Vec::new();
    let names: Vec<&str> = args
        .people
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if names.is_empty() {
        problems.push(Problem::NoPeople);
    }
    for name in names {
        match book.roster.resolve(name) {
            Ok(i) if people.contains(&i) => {
                let p = Problem::ListedTwice {
                    person: record::who(&book, i),
                };
                if !problems.contains(&p) {
                    problems.push(p);
                }
            }
            Ok(i) => people.push(i),
            Err(crate::book::roster::Lookup::Unknown) => problems.push(Problem::UnknownPerson {
                who: name.to_string(),
                roster: book.roster.path.display().to_string(),
            }),
            Err(crate::book::roster::Lookup::Ambiguous(many)) => {
                problems.push(Problem::AmbiguousPerson {
                    who: name.to_string(),
                    candidates: many
                        .iter()
                        .map(|&i| {
                            let p = &book.roster.people[i];
                            format!("{}  {}  household {}", p.id, p.name, p.household)
                        })
                        .collect(),
                })
            }
        }
    }
    if let (Some(i), Some(d)) = (item, date) {
        for &p in &people {
            problems.extend(record::check_earner(&book, i, p, d));
        }
    }
    let by = recorder(args.by.as_deref(), &book.root)
        .map_err(|p| problems.push(p))
        .ok();
    let ledger = ledger_name(args.ledger.as_deref())
        .map_err(|p| problems.push(p))
        .ok()
        .flatten();
    let note = args.note.unwrap_or_default();
    let (Some(date), Some(item), Some(qty), Some(by), true) =
        (date, item, qty, by, problems.is_empty())
    else {
        return Err(refuse(problems));
    };

    // Lock, look, plan, append.
    let writing = Writing::start(&mut book, ledger, date.year(), args.dry_run)?;
    let (facts, ids) = writing.look(&book, Look::default(), people.len())?;
    // Caps count in ledger order: rows going into a ledger that is not the
    // last are capped against the ledgers up to it.
    let target_name = writing.target.file_name().map(ToOwned::to_owned);
    let later = book
        .ledgers
        .iter()
        .any(|l| l.file_name().map(ToOwned::to_owned) > target_name);
    let plan = if later {
        let all = std::mem::take(&mut book.ledgers);
        book.ledgers = all
            .iter()
            .filter(|l| l.file_name().map(ToOwned::to_owned) <= target_name)
            .cloned()
            .collect();
        let before = record::facts(&book, &Look::default()).outcome.cap_used;
        book.ledgers = all;
        let plan = record::plan_earn(&book, item, &people, qty, date, &before).map_err(refuse)?;
        let shown = writing.shown(&book);
        let problems = record::check_cap_order(
            &book,
            item,
            date,
            &plan,
            &before,
            &facts.outcome.cap_used,
            &shown,
        );
        if !problems.is_empty() {
            return Err(refuse(problems));
        }
        plan
    } else {
        record::plan_earn(&book, item, &people, qty, date, &facts.outcome.cap_used)
            .map_err(refuse)?
    };
    let item_id = book.rules.items[item].id.clone();
    let rows: Vec<Written> = plan
        .iter()
        .zip(ids)
        .map(|(e, id)| Written {
            id,
            date,
            person: e.person,
            kind: Kind::Earn,
            item: item_id.clone(),
            qty,
            points: e.points,
            by: by.clone(),
            reference: String::new(),
            note: note.clone(),
        })
        .collect();
    let text: String = rows.iter().map(|r| r.csv(&book)).collect();
    let title = writing.title(&book, rows.len());
    writing.finish(&text)?;

    let mut t = written_table(&book, &rows, &facts.balances);
    t.title = Some(title);
    t.notes = plan
        .iter()
        .flat_map(|e| e.notes.iter().map(ToString::to_string))
        .collect();
    ctx.table(&t)
}
