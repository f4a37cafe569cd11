//! `points pending [PERIOD]`: the earn rows awaiting approval (SPEC §11),
//! in date order, with whose they are; each with the balance its person
//! (household) had on that day, which the row does not move until approved.

use crate::cmd::{fail_on_errors, period, Ctx, Result};
use crate::compute::scan::{self, Entry, Mode, Status, What};
use crate::model::{Kind, Points};
use crate::render::{Column, Table, Value};
use crate::{i18n, tr};
use chrono::NaiveDate;

// Help texts: `help.pending.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub period: Option<String>,
}

/// A pending row, as listed.
struct Row {
    id: String,
    date: NaiveDate,
    seq: u64,
    person: usize,
    household: bool,
    item: usize,
    qty: Option<Points>,
    points: Points,
    note: String,
    balance: Points,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let p = period(args.period.as_deref())?;
    let book = ctx.load()?;
    let mut rows: Vec<Row> = Vec::new();
    let mut visit = |e: &Entry<'_>| {
        if e.status != Status::Pending || !p.contains(e.date) {
            return;
        }
        let What::Item(item) = e.what else { return };
        rows.push(Row {
            id: e.id.to_string(),
            date: e.date,
            seq: e.seq,
            person: e.person,
            household: e.household,
            item,
            qty: e.qty,
            points: e.points,
            note: e.note.to_string(),
            balance: Points::ZERO,
        });
    };
    let mut outcome = scan::scan(&book, Mode::Report, &mut visit);
    fail_on_errors(std::mem::take(&mut outcome.diagnostics))?;
    rows.sort_by_key(|r| (r.date, r.seq));
    // Each row's balance as `show` has it: the counted rows of its person
    // (household) up to its day, in ledger order within the day.
    if !rows.is_empty() {
        let owners: std::collections::HashSet<(usize, bool)> =
            rows.iter().map(|r| (r.person, r.household)).collect();
        let mut overflow = false;
        let mut add = |e: &Entry<'_>| {
            if !e.counts() || !owners.contains(&(e.person, e.household)) {
                return;
            }
            for r in rows.iter_mut().filter(|r| {
                (r.person, r.household) == (e.person, e.household)
                    && (e.date, e.seq) <= (r.date, r.seq)
            }) {
                match r.balance.checked_add(e.points) {
                    Some(b) => r.balance = b,
                    None => overflow = true,
                }
            }
        };
        scan::scan(&book, Mode::Report, &mut add);
        if overflow {
            let e = crate::compute::totals::Overflow.to_string();
            return Err(crate::cmd::Fail::Refused(e));
        }
    }
    let mut t = Table::new(vec![
        Column::new("id", tr!(show.col.id)),
        Column::new("date", tr!(show.col.date)),
        Column::new("person", tr!(write.col.person)),
        Column::new("name", tr!(write.col.name)),
        Column::new("kind", tr!(show.col.kind)),
        Column::new("item", tr!(show.col.item)),
        Column::new("qty", tr!(show.col.qty)),
        Column::new("points", tr!(show.col.points)),
        Column::new("voided", tr!(show.col.voided)),
        Column::new("balance", tr!(show.col.balance)),
        Column::new("note", tr!(show.col.note)),
        Column::new("pending", tr!(approval.col.pending)),
    ]);
    let mut total = Points::ZERO;
    for r in &rows {
        let who = &book.roster.people[r.person];
        let (id, name) = match r.household {
            true => (
                who.household.clone(),
                crate::compute::record::household_name(&book, r.person),
            ),
            false => (who.id.clone(), who.name.clone()),
        };
        let item = &book.rules.items[r.item];
        total = total.checked_add(r.points).unwrap_or(total);
        t.push(vec![
            Value::text(r.id.as_str()),
            Value::Date(r.date),
            Value::text(id),
            Value::text(name),
            Value::term(
                Kind::Earn.as_str(),
                crate::compute::record::kind_words(Kind::Earn),
            ),
            Value::term(item.id.as_str(), item.name.as_str()),
            r.qty.map_or(Value::Null, Value::Points),
            Value::Points(r.points),
            Value::Bool(false),
            Value::Points(r.balance),
            Value::text(r.note.as_str()),
            Value::Bool(true),
        ]);
    }
    let scheme = &book.rules.scheme.name;
    t.title = Some(tr!(
        approval.pending.title,
        scheme = scheme,
        period = i18n::period(&p)
    ));
    t.notes
        .push(tr!(approval.pending.total, n = rows.len(), points = total));
    ctx.table(&t)
}
