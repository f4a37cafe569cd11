//! `points notice pending [PERIOD]` (SPEC §9, §11): the notice of proposed
//! points — the rows awaiting approval, dated in PERIOD, as one page of the
//! notice (the page of `notice report`, made by the same code): each row's
//! id, date, masked name (a household's as `B1-301 张*等4人`), item name,
//! quantity and points. The rows are those `points pending PERIOD` lists,
//! so that `points approve --notice` can work them out again from the
//! notice's recorded command at its commit.

use super::{Names, Options};
use crate::book::Book;
use crate::cmd::{fail_on_errors, Result};
use crate::compute::scan::{self, Entry, Mode, Status, What};
use crate::model::{Period, Points};
use crate::render::{Column, Table, Value};
use crate::tr;

// Help texts: `help.notice_pending.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub period: Option<String>,
    #[command(flatten)]
    pub notice: Options,
}

/// The table of the pending rows dated in `p`, in date order (ledger
/// order within a day), names as `names` shows them.
pub(super) fn table(book: &Book, p: &Period, names: &Names<'_>) -> Result<Table> {
    let mut rows = Vec::new();
    let mut visit = |e: &Entry<'_>| {
        if e.status != Status::Pending || !p.contains(e.date) {
            return;
        }
        let What::Item(item) = e.what else { return };
        rows.push((
            e.date,
            e.seq,
            e.id.to_string(),
            e.person,
            e.household,
            item,
            e.qty,
            e.points,
        ));
    };
    let mut outcome = scan::scan(book, Mode::Report, &mut visit);
    fail_on_errors(std::mem::take(&mut outcome.diagnostics))?;
    rows.sort_by_key(|r| (r.0, r.1));
    let mut t = Table::new(vec![
        Column::new("id", tr!(show.col.id)),
        Column::new("date", tr!(show.col.date)),
        Column::new("name", tr!(write.col.name)),
        Column::new("item", tr!(show.col.item)),
        Column::new("qty", tr!(show.col.qty)),
        Column::new("points", tr!(show.col.points)),
    ]);
    let mut total = Points::ZERO;
    for (date, _, id, person, household, item, qty, points) in rows.iter().cloned() {
        let name = if household {
            let h = &book.roster.people[person].household;
            format!("{h} {}", names.household(h))
        } else {
            names.name(person)
        };
        total = total.checked_add(points).unwrap_or(total);
        t.push(vec![
            Value::text(id),
            Value::Date(date),
            Value::text(name),
            Value::text(book.rules.items[item].name.as_str()),
            qty.map_or(Value::Null, Value::Points),
            Value::Points(points),
        ]);
    }
    t.notes
        .push(tr!(approval.pending.total, n = rows.len(), points = total));
    Ok(t)
}
