//! `points approve ID… [--by WHO] [--date D]`: make pending `earn` rows
//! count (SPEC §11), after a review without a notice. All or nothing: one
//! `approve` row per target, written under the book's lock in one
//! journaled write; a target that is unknown, voided, not pending or
//! already approved refuses the whole command, every such row listed.

use crate::book::Book;
use crate::cmd::write::{refuse, WriteArgs, Writing, Written};
use crate::cmd::{stop_on_errors, today, Ctx, Fail, Result};
use crate::compute::record::{self, Look};
use crate::compute::scan::{self, Entry, Mode, Status, What};
use crate::model::{id, Kind, Points};
use crate::tr;
use chrono::{Datelike, NaiveDate};

mod notice;

// Help texts: `help.approve.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(required_unless_present = "notice", value_name = "ID")]
    pub ids: Vec<String>,
    /// The rows a notice of `points notice pending` listed (`notice.rs`).
    #[arg(long, value_name = "FILE", conflicts_with = "ids")]
    pub notice: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// A row an `approve` names, as the scan saw it.
#[derive(Clone, Debug)]
struct Target {
    file: usize,
    person: usize,
    household: bool,
    kind: Kind,
    item: String,
    /// An earn row of an item under approval on its date.
    needs: bool,
    qty: Option<Points>,
    points: Points,
    date: NaiveDate,
    status: Found,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Found {
    Pending,
    Counts,
    Voided(String),
}

/// Why one target cannot be approved (a whole sentence each).
fn why_not(book: &Book, id: &str, t: Option<&Target>) -> Option<String> {
    let Some(t) = t else {
        return Some(tr!(approval.approve.unknown, id = id));
    };
    Some(match (&t.status, t.needs) {
        (Found::Pending, _) => return None,
        (Found::Voided(v), _) => tr!(approval.approve.voided, id = id, void = v),
        (Found::Counts, true) => tr!(approval.approve.already, id = id),
        (Found::Counts, false) => tr!(
            approval.approve.not_pending,
            id = id,
            kind = record::kind_words(t.kind),
            item = record::thing_name(book, t.kind, &t.item)
        ),
    })
}

/// The refusal: every problem, and that nothing was written.
fn refused(problems: Vec<String>) -> Fail {
    let text = match problems.as_slice() {
        [one] => tr!(write.refused_one, problem = one),
        many => {
            let list: String = many.iter().map(|p| format!("\n  - {p}")).collect();
            tr!(write.refused_many, n = many.len(), list = list)
        }
    };
    Fail::Shown(format!("{}\n", tr!(common.error_line, message = text)))
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    if let Some(file) = &args.notice {
        return notice::run(ctx, file, &args.write);
    }
    let table = approve(ctx, &args.ids, &args.write, None)?;
    match table {
        Some(t) => ctx.table(&t),
        None => Ok(()),
    }
}

/// Write an `approve` row for each of `given` (ids), all or nothing; the
/// table of the rows written. With `skipped` (the rows of a notice), a row
/// voided or already approved is skipped and said there, instead of
/// refusing the command; `None` when every row was skipped.
pub(crate) fn approve(
    ctx: &mut Ctx,
    given: &[String],
    write: &WriteArgs,
    mut skipped: Option<&mut Vec<String>>,
) -> Result<Option<crate::render::Table>> {
    let today = today()?;
    let mut book = ctx.load()?;
    let mut problems = Vec::new();
    // Each id once, in the order given.
    let mut ids: Vec<String> = Vec::new();
    for a in given {
        let typed = crate::model::typed(a).trim().to_string();
        if !id::is_valid(&typed) {
            problems.push(record::Problem::BadEntryId { text: a.clone() });
        } else if !ids.contains(&typed) {
            ids.push(typed);
        }
    }
    let date = write.date(today, &mut problems);
    let (by, ledger) = write.target.resolve(&book.root, &mut problems);
    let (Some(date), Some(by), true) = (date, by, problems.is_empty()) else {
        return Err(refuse(problems));
    };

    let writing = Writing::start(ctx, &mut book, ledger, date.year(), write.dry_run)?;
    // Under the lock: fresh ids and every balance (a book with errors is refused).
    let (facts, new_ids) = writing.look(&book, Look::default(), ids.len())?;
    let mut found: std::collections::HashMap<String, Target> = Default::default();
    let mut visit = |e: &Entry<'_>| {
        if !ids.iter().any(|i| i == e.id) {
            return;
        }
        let needs = matches!((e.kind, e.what), (Kind::Earn, What::Item(i))
            if book.rules.items[i].needs_approval(e.date));
        let status = match e.status {
            Status::Pending => Found::Pending,
            Status::Voided(v) => Found::Voided(v.to_string()),
            _ => Found::Counts,
        };
        let item = match e.what {
            What::Item(i) => book.rules.items[i].id.clone(),
            What::Reward(r) => book.rules.rewards[r].id.clone(),
            What::Category(c) => book.rules.categories[c].id.clone(),
        };
        found.insert(
            e.id.to_string(),
            Target {
                file: e.file,
                person: e.person,
                household: e.household,
                kind: e.kind,
                item,
                needs,
                qty: e.qty,
                points: e.points,
                date: e.date,
                status,
            },
        );
    };
    let outcome = scan::scan(&book, Mode::Report, &mut visit);
    stop_on_errors(outcome.diagnostics, true)?;
    let mut refusals: Vec<String> = Vec::new();
    for i in &ids {
        let t = found.get(i);
        let Some(why) = why_not(&book, i, t) else {
            continue;
        };
        // With a notice: an objection upheld, or approved already.
        let skip = t.is_some_and(|t| {
            matches!(
                (&t.status, t.needs),
                (Found::Voided(_), _) | (Found::Counts, true)
            )
        });
        match skipped.as_deref_mut() {
            Some(s) if skip => s.push(why),
            _ => refusals.push(why),
        }
    }
    // An approve comes after its row in ledger order.
    for i in &ids {
        let Some(t) = found.get(i) else { continue };
        let file = book.ledgers.get(t.file).and_then(|p| p.file_name());
        if t.status == Found::Pending && writing.target.file_name() < file {
            refusals.push(tr!(
                approval.approve.before_entry,
                id = i,
                date = crate::i18n::date(t.date),
                ledger = writing.shown(&book)
            ));
        }
    }
    if !refusals.is_empty() {
        return Err(refused(refusals));
    }
    let heads: Vec<usize> = found
        .values()
        .filter(|t| t.household)
        .map(|t| t.person)
        .collect();
    let balances = match heads.is_empty() {
        true => facts.balances.clone(),
        false => record::household_balances(&book, &facts, &heads),
    };
    let mut fresh = new_ids.into_iter();
    let rows: Vec<Written> = ids
        .iter()
        .filter_map(|target| {
            let t = found.get(target).filter(|t| t.status == Found::Pending)?;
            Some(Written {
                id: fresh.next()?,
                date,
                person: t.person,
                household: t.household,
                kind: Kind::Approve,
                item: t.item.clone(),
                item_name: record::thing_name(&book, t.kind, &t.item),
                qty: t.qty,
                points: t.points,
                by: by.clone(),
                reference: target.clone(),
                note: String::new(),
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    writing.commit(&book, &rows, &balances).map(Some)
}

/// Whether a row of `kind` of item `item` (its index) dated `date` awaits
/// approval when written (SPEC §11).
pub fn awaits(book: &Book, kind: Kind, item: usize, date: NaiveDate) -> bool {
    kind == Kind::Earn
        && book
            .rules
            .items
            .get(item)
            .is_some_and(|i| i.needs_approval(date))
}

/// What `add` and `import ledger` say under `n` rows that await approval.
pub fn awaiting_note(n: usize) -> Option<String> {
    (n > 0).then(|| tr!(approval.add.awaiting, n = n))
}
