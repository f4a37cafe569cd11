//! `points show PERSON [PERIOD]`: one person's statement.

use crate::book::Book;
use crate::cmd::{fail_on_errors, period, Ctx, Fail, Result};
use crate::compute::show::{statement_with, Line};
use crate::model::{Kind, Points};
use crate::render::{Column, Table, Value};
use crate::{i18n, tr};
use chrono::NaiveDate;

// Help texts: `help.show.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub person: String,
    pub period: Option<String>,
}

/// Resolve a PERSON argument, explaining an unknown or ambiguous one.
pub fn person(book: &Book, who: &str) -> Result<usize> {
    crate::book::lookup::person(&book.roster, who).map_err(|e| Fail::Refused(e.to_string()))
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let p = period(args.period.as_deref())?;
    let book = ctx.load()?;
    // A household id (not a person's) shows the household's own rows.
    let typed = crate::model::typed(&args.person);
    let household = match book.roster.index(typed.trim()) {
        Some(_) => None,
        None => book.roster.household(typed.trim()),
    };
    let who = match household {
        Some(h) => h,
        None => person(&book, &args.person)?,
    };
    // Points that expire (SPEC §10): the person's expiries up to today.
    let expiries = match book.rules.exchange.expire {
        None => Vec::new(),
        Some(rule) => {
            let today = crate::cmd::today()?;
            let account = crate::compute::expire::account(&book, who);
            let members: Vec<usize> = (0..book.roster.len())
                .filter(|&q| crate::compute::expire::account(&book, q) == account)
                .collect();
            let rows = crate::compute::expire::rows(&book, Some(&members));
            let at = crate::compute::expire::AsOf {
                until: NaiveDate::MAX,
                cutoff: today,
            };
            crate::compute::expire::lots(&book, rule, &rows, at)
                .map_err(|e| Fail::Refused(e.to_string()))?
                .expiries
                .into_iter()
                .filter(|x| x.person == who && x.household == household.is_some())
                .map(|x| (x.date, x.points))
                .collect::<Vec<_>>()
        }
    };
    // One line a day: the lots gone on one day are one expiry to a reader.
    let mut merged: Vec<(NaiveDate, Points)> = Vec::with_capacity(expiries.len());
    for (date, points) in expiries {
        match merged.last_mut() {
            Some((d, sum)) if *d == date => {
                *sum = sum
                    .checked_add(points)
                    .ok_or_else(|| Fail::Refused(crate::compute::totals::Overflow.to_string()))?;
            }
            _ => merged.push((date, points)),
        }
    }
    let expiries = merged;
    let mut st = statement_with(&book, who, household.is_some(), &p, &expiries);
    fail_on_errors(std::mem::take(&mut st.outcome.diagnostics))?;
    let mut t = Table::new(vec![
        Column::new("id", tr!(show.col.id)),
        Column::new("date", tr!(show.col.date)),
        Column::new("kind", tr!(show.col.kind)),
        Column::new("item", tr!(show.col.item)),
        Column::new("qty", tr!(show.col.qty)),
        Column::new("points", tr!(show.col.points)),
        Column::new("voided", tr!(show.col.voided)),
        Column::new("balance", tr!(show.col.balance)),
        Column::new("note", tr!(show.col.note)),
    ]);
    // With approval rules (SPEC §11): whether each row awaits approval.
    let approval = book.rules.approval;
    if approval {
        t.columns
            .push(Column::new("pending", tr!(approval.col.pending)));
    }
    for l in &st.lines {
        if l.expiry {
            // SPEC §12: kind "expire", null id, item and qty.
            let mut row = vec![
                Value::Null,
                Value::text(l.date.to_string()),
                Value::term("expire", tr!(expire.kind.expire)),
                Value::Null,
                Value::Null,
                Value::Points(l.points),
                Value::Flag {
                    value: false,
                    marked: false,
                },
                Value::Points(l.balance),
                Value::text(""),
            ];
            if approval {
                row.push(Value::Bool(false));
            }
            t.push(row);
            continue;
        }
        let mut row = vec![
            Value::text(l.id.as_str()),
            Value::Date(l.date),
            Value::term(l.kind.as_str(), kind_word(&book, who, l)),
            // The item (reward, category) by its name; JSON and CSV: its id.
            Value::term(l.item.as_str(), l.item_name.as_str()),
            l.qty.map_or(Value::Null, Value::Points),
            Value::Points(l.points),
            // Voided entries and voids are marked alike; JSON's `voided` is
            // true only where a void cancels the entry.
            Value::Flag {
                value: l.voided,
                marked: l.voided || l.kind == Kind::Void,
            },
            Value::Points(l.balance),
            Value::text(l.note.as_str()),
        ];
        if approval {
            row.push(Value::Bool(l.pending));
        }
        t.push(row);
    }
    let pp = &book.roster.people[who];
    t.title = Some(if household.is_some() {
        tr!(
            household.show_title,
            household = pp.household,
            name = crate::compute::record::household_name(&book, who),
            period = i18n::period(&p),
            opening = st.opening
        )
    } else {
        tr!(
            show.title,
            name = pp.name,
            id = pp.id,
            household = pp.household,
            period = i18n::period(&p),
            opening = st.opening
        )
    });
    t.notes.push(tr!(show.closing, closing = st.closing));
    ctx.table(&t)
}

/// The kind of a line in words: an `earn` of negative points is a deduction,
/// and so is one a deduction cap cut to 0 (its item deducts on that date).
fn kind_word(book: &Book, who: usize, l: &Line) -> String {
    let deducts = || {
        let role = book.roster.people[who].role;
        book.rules
            .items
            .iter()
            .find(|it| it.id == l.item)
            .and_then(|it| it.rates.on(l.date))
            .and_then(|r| r.for_role(role))
            .is_some_and(|r| r.is_negative())
    };
    match l.kind {
        Kind::Earn if l.points.is_negative() || (l.points.is_zero() && deducts()) => {
            tr!(show.kind.deduction)
        }
        Kind::Earn => tr!(show.kind.earn),
        Kind::Redeem => tr!(show.kind.redeem),
        Kind::Void => tr!(show.kind.void),
        Kind::Open => tr!(show.kind.open),
        Kind::Approve => tr!(approval.show.approve),
    }
}
