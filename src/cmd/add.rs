//! `points add ITEM --people A,B`: one earn row per person, all or nothing.

use crate::cmd::write::{self, refuse, WriteArgs, Writing, Written};
use crate::cmd::{today, Ctx, Result};
use crate::compute::placement;
use crate::compute::record::{self, Look, Problem};
use crate::model::Kind;
use chrono::Datelike;

mod household;

// Help texts: `help.add.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub item: Option<String>,
    #[arg(long, value_name = "A,B,…")]
    pub people: Option<String>,
    #[arg(long, value_name = "H1,H2,…", conflicts_with = "people")]
    pub households: Option<String>,
    #[arg(long, value_name = "Q", allow_hyphen_values = true)]
    pub qty: Option<String>,
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    #[arg(long)]
    pub yes: bool,
    // Points per unit for an item whose points are a range (SPEC §10).
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub points: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// The arguments once ITEM and --people are known.
pub struct Given {
    pub item: String,
    pub people: String,
    pub qty: Option<String>,
    pub note: Option<String>,
    pub yes: bool,
    pub points: Option<String>,
    pub write: WriteArgs,
}

// ------------------------------------------------------------------- add

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    // A household item's rows name households (SPEC §10).
    if let (Some(item), Some(households)) = (args.item.clone(), args.households.clone()) {
        let Args {
            qty,
            note,
            yes,
            points,
            write,
            ..
        } = args;
        let given = Given {
            item,
            people: households,
            qty,
            note,
            yes,
            points,
            write,
        };
        return household::record(ctx, given);
    }
    // Without ITEM or --people: ask at a terminal, else a usage error.
    let (Some(item), Some(people)) = (args.item.clone(), args.people.clone()) else {
        return crate::cmd::interactive::add(ctx, args);
    };
    let Args {
        qty,
        note,
        yes,
        points,
        write,
        ..
    } = args;
    record(
        ctx,
        Given {
            item,
            people,
            qty,
            note,
            yes,
            points,
            write,
        },
    )
}

/// Validate and append one earn row per person (the non-interactive path).
pub fn record(ctx: &mut Ctx, args: Given) -> Result {
    let today = today()?;
    let mut book = ctx.load()?;
    let mut problems = Vec::new();

    let (date, item, qty, given) = read_row(&book, &args, today, &mut problems);

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
        match write::person(&book, name) {
            Ok(i) if people.contains(&i) => {
                let p = Problem::ListedTwice {
                    person: record::who(&book, i),
                };
                if !problems.contains(&p) {
                    problems.push(p);
                }
            }
            Ok(i) => people.push(i),
            Err(p) => problems.push(p),
        }
    }
    if let Some(p) = item.and_then(|i| household::refuse_people(&book, i)) {
        problems.push(p);
    } else if let (Some(i), Some(d)) = (item, date) {
        for &p in &people {
            for problem in record::check_earner(&book, i, p, d, given) {
                // A range refusal is the same for everyone: say it once
                // (and nothing more when --points is not a number).
                let range = matches!(problem, Problem::Range(_));
                let unread = args.points.is_some() && given.is_none();
                if !(range && (unread || problems.contains(&problem))) {
                    problems.push(problem);
                }
            }
        }
    }
    let (by, ledger) = args.write.target.resolve(&book.root, &mut problems);
    let note = args.note.unwrap_or_default();
    let (Some(date), Some(item), Some(qty), Some(by), true) =
        (date, item, qty, by, problems.is_empty())
    else {
        return Err(refuse(problems));
    };

    // Lock, look, plan, append.
    let writing = Writing::start(ctx, &mut book, ledger, date.year(), args.write.dry_run)?;
    // Only these people's rows matter: their caps, their balances (and
    // under a household cap, their households' rows).
    let scope = record::cap_scope(&book, item, &people);
    let look = Look {
        scope: Some(&scope),
        ..Look::default()
    };
    let (facts, ids) = writing.look(&book, look, people.len())?;
    let planned = |book: &crate::book::Book, room: &record::CapUsed| {
        record::plan_earn(book, item, &people, qty, given, date, room)
    };
    let cap_used = &facts.outcome.cap_used;
    let picked = ledger.is_some();
    let plan = plan_in_order(
        &mut book,
        &writing,
        &scope,
        (item, date),
        cap_used,
        picked,
        planned,
    )?;
    let what = RowsOf {
        item,
        date,
        qty,
        household: false,
        yes: args.yes,
    };
    let rows = rows_of(&book, &plan, ids, &what, &by, &note)?;

    // Points that expire (SPEC §10): the balances shown count only
    // unexpired points, as of today.
    let mut facts = facts;
    if let Some(rule) = book.rules.exchange.expire {
        let new: Vec<_> = rows.iter().map(|r| (r.person, r.date, r.points)).collect();
        crate::compute::expire::shown_balances(&book, rule, &new, today, &mut facts.balances)
            .map_err(|_| refuse(vec![record::Problem::TooLarge]))?;
    }
    let t = commit(&book, writing, &rows, &facts.balances, &plan)?;
    ctx.table(&t)
}

/// The rows of `item` on `date`, planned by `plan` at the place they take in
/// ledger order (SPEC §12 "Writes"): into a ledger that is not the last, they
/// are capped against the ledgers up to it (`plan` is given that room), and
/// refused where they would change the points of a later row; into the last,
/// against everything in the book (`cap_used`). `picked`: the ledger was
/// chosen with `--ledger` (else a refusal says which year file to use).
pub(crate) fn plan_in_order(
    book: &mut crate::book::Book,
    writing: &Writing,
    scope: &[usize],
    (item, date): (usize, chrono::NaiveDate),
    cap_used: &record::CapUsed,
    picked: bool,
    plan: impl Fn(
        &crate::book::Book,
        &record::CapUsed,
    ) -> std::result::Result<Vec<record::Earn>, Vec<Problem>>,
) -> Result<Vec<record::Earn>> {
    let target_name = writing.target.file_name().map(ToOwned::to_owned);
    let later = book
        .ledgers
        .iter()
        .any(|l| l.file_name().map(ToOwned::to_owned) > target_name);
    if !later {
        return plan(book, cap_used).map_err(refuse);
    }
    let all = std::mem::take(&mut book.ledgers);
    book.ledgers = all
        .iter()
        .filter(|l| l.file_name().map(ToOwned::to_owned) <= target_name)
        .cloned()
        .collect();
    let look = Look {
        scope: Some(scope),
        ..Look::default()
    };
    let before = record::facts(book, &look).outcome.cap_used;
    book.ledgers = all;
    let planned = plan(book, &before).map_err(refuse)?;
    let shown = writing.shown(book);
    let problems = record::check_cap_order(book, item, date, &planned, &before, cap_used, &shown);
    let problems = placement::by_year(book, picked, problems);
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    Ok(planned)
}

/// What a row of `add` needs besides its people or households, as typed:
/// its date, item, quantity and `--points` (the points per unit of a range
/// item), each `None` where `problems` says why.
#[allow(clippy::type_complexity)]
fn read_row(
    book: &crate::book::Book,
    args: &Given,
    today: chrono::NaiveDate,
    problems: &mut Vec<Problem>,
) -> (
    Option<chrono::NaiveDate>,
    Option<usize>,
    Option<crate::model::Points>,
    Option<crate::model::Points>,
) {
    let date = args.write.date(today, problems);
    let item = crate::book::lookup::item(&book.rules, &args.item)
        .map_err(|p| problems.push(Problem::Lookup(p)))
        .ok();
    // Without a known item, --qty can still be checked as a number.
    let qty = match (item, args.qty.as_deref()) {
        (Some(i), q) => Some(record::earn_qty(book, i, q)),
        (None, Some(q)) => Some(record::parse_qty(q)),
        (None, None) => None,
    }
    .and_then(|r| r.map_err(|p| problems.push(p)).ok());
    let given = args.points.as_deref().and_then(|t| {
        crate::compute::range::parse(t)
            .map_err(|p| problems.push(p.into()))
            .ok()
    });
    (date, item, qty, given)
}

/// What the earn rows of a plan share.
struct RowsOf {
    item: usize,
    date: chrono::NaiveDate,
    qty: crate::model::Points,
    /// Household deeds (SPEC §10): `person` is the household's head.
    household: bool,
    /// `--yes`: rows beyond `max_row_points` are meant.
    yes: bool,
}

/// The rows to write for `plan`, one per entry id of `ids`; refused where a
/// row is beyond `max_row_points` and `--yes` was not given.
fn rows_of(
    book: &crate::book::Book,
    plan: &[record::Earn],
    ids: Vec<String>,
    what: &RowsOf,
    by: &str,
    note: &str,
) -> Result<Vec<Written>> {
    if !what.yes {
        let problems = record::beyond_row_points(book, what.item, plan);
        if !problems.is_empty() {
            return Err(refuse(problems));
        }
    }
    let it = &book.rules.items[what.item];
    Ok(plan
        .iter()
        .zip(ids)
        .map(|(e, id)| Written {
            id,
            date: what.date,
            person: e.person,
            household: what.household,
            kind: Kind::Earn,
            item: it.id.clone(),
            item_name: it.name.clone(),
            qty: Some(what.qty),
            points: e.points,
            by: by.to_string(),
            reference: String::new(),
            note: note.to_string(),
        })
        .collect())
}

/// Append `rows` and lay them out, the cap notes of `plan` first, then what
/// the write says (a new ledger file to add to git).
fn commit(
    book: &crate::book::Book,
    writing: Writing,
    rows: &[Written],
    balances: &[crate::model::Points],
    plan: &[record::Earn],
) -> Result<crate::render::Table> {
    let mut t = writing.commit(book, rows, balances)?;
    let capped = plan
        .iter()
        .flat_map(|e| e.notes.iter().map(ToString::to_string));
    t.notes.splice(0..0, capped);
    let awaiting = rows
        .iter()
        .filter_map(|r| Some((r.kind, book.rules.item(&r.item)?, r.date)))
        .filter(|&(k, i, d)| crate::cmd::approve::awaits(book, k, i, d))
        .count();
    t.notes.extend(crate::cmd::approve::awaiting_note(awaiting));
    Ok(t)
}
