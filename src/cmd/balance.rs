//! `points balance`: earned, spent and balance for every person (or
//! household, building), as of a date.

use crate::book::rules::Subject;
use crate::cmd::{date_arg, fail_on_errors, Ctx, Fail, Result};
use crate::compute::expire::AsOf;
use crate::compute::household::with_deeds;
use crate::compute::rank::{group_name, groups, sum_of};
use crate::compute::totals::Overflow;
use crate::compute::totals::{sums, Window};
use crate::model::{Period, Points};
use crate::render::{Column, Table, Value};
use crate::{i18n, tr};

// Help texts: `help.balance.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value = "person")]
    pub by: By,
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    #[arg(long)]
    pub pending: bool,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum By {
    Person,
    Household,
    Building,
}

impl By {
    pub fn subject(self) -> Subject {
        match self {
            By::Person => Subject::Person,
            By::Household => Subject::Household,
            By::Building => Subject::Building,
        }
    }
}

/// The roster indices of people with `role` (all without one).
pub fn with_role(book: &crate::book::Book, role: Option<&str>) -> Result<Vec<usize>> {
    let want = match role {
        None => None,
        Some(r) => Some(
            crate::book::lookup::role(&book.rules, r).map_err(|e| Fail::Refused(e.to_string()))?,
        ),
    };
    Ok((0..book.roster.len())
        .filter(|&i| want.is_none_or(|w| book.roster.people[i].role == w))
        .collect())
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let until = args
        .until
        .as_deref()
        .map(|u| date_arg(u, "--until"))
        .transpose()?;
    let book = ctx.load()?;
    let members = with_role(&book, args.role.as_deref())?;
    // Points that expire (SPEC §10): as of today when no --until is given.
    let expire = book.rules.exchange.expire;
    let today = match (expire, until) {
        (Some(_), None) => Some(crate::cmd::today()?),
        _ => None,
    };
    let until = until.or(today);
    let w = Window {
        period: Period::all(),
        until,
        per_item: false,
    };
    let mut s = sums(&book, &w).map_err(|e| Fail::Refused(e.to_string()))?;
    fail_on_errors(std::mem::take(&mut s.outcome.diagnostics))?;
    let subject = args.by.subject();
    let mut t = Table::new(vec![
        Column::new(
            subject.as_str(),
            match args.by {
                By::Person => tr!(balance.col.person),
                By::Household => tr!(balance.col.household),
                By::Building => tr!(balance.col.building),
            },
        ),
        Column::new(
            "name",
            match args.by {
                By::Person => tr!(balance.col.name),
                By::Household => tr!(balance.col.household_name),
                By::Building => tr!(balance.col.building_name),
            },
        ),
        Column::new("earned", tr!(balance.col.earned)),
        Column::new("spent", tr!(balance.col.spent)),
        Column::new("balance", tr!(balance.col.balance)),
    ]);
    let lots = match (expire, until) {
        (Some(rule), Some(u)) => {
            t.columns
                .insert(4, Column::new("expired", tr!(expire.col.expired)));
            t.columns
                .push(Column::new("expiring", tr!(expire.col.expiring)));
            let rows = crate::compute::expire::rows(&book, None);
            Some(
                crate::compute::expire::lots(&book, rule, &rows, AsOf::day(u))
                    .map_err(|e| Fail::Refused(e.to_string()))?,
            )
        }
        _ => None,
    };
    if args.pending {
        t.columns
            .push(Column::new("pending", tr!(approval.col.pending)));
    }
    let nc = book.rules.categories.len();
    for g in groups(&book.roster, subject, members.into_iter()) {
        let tot = sum_of(&s.people, &g.members, nc)
            .and_then(|t| match args.role {
                // Household deeds belong to no role: a role filter leaves them out.
                Some(_) => Ok(t),
                None => with_deeds(&book.roster, subject, &g, t, &s.households),
            })
            .map_err(|e| Fail::Refused(e.to_string()))?;
        let mut row = vec![
            Value::text(g.id.as_str()),
            Value::text(group_name(&book.roster, subject, &g)),
            Value::Points(tot.earned),
            Value::Points(tot.spent),
            Value::Points(tot.balance),
        ];
        if let Some(l) = &lots {
            // balance = earned − spent − expired (SPEC §12).
            let of = |v: &[Points]| {
                g.members
                    .iter()
                    .try_fold(Points::ZERO, |a, &m| a.checked_add(v[m]))
                    .ok_or_else(|| Fail::Refused(Overflow.to_string()))
            };
            let (mut expired, mut expiring) = (of(&l.expired)?, of(&l.expiring)?);
            // Household deeds expire under the household's first member:
            // a person's own figures (and a role's) leave them out.
            if subject == Subject::Person || args.role.is_some() {
                let gone = |a: Points, b: Points| {
                    a.checked_sub(b)
                        .ok_or_else(|| Fail::Refused(Overflow.to_string()))
                };
                expired = gone(expired, of(&l.deed_expired)?)?;
                expiring = gone(expiring, of(&l.deed_expiring)?)?;
            }
            let balance = tot
                .balance
                .checked_sub(expired)
                .ok_or_else(|| Fail::Refused(Overflow.to_string()))?;
            row[4] = Value::Points(expired);
            row.push(Value::Points(balance));
            row.push(Value::Points(expiring));
        }
        if args.pending {
            row.push(Value::Points(tot.pending));
        }
        t.push(row);
    }
    let scheme = &book.rules.scheme.name;
    t.title = Some(match (until, today) {
        (None, _) => tr!(balance.title, scheme = scheme),
        (Some(u), Some(_)) => tr!(expire.title.today, scheme = scheme, date = i18n::date(u)),
        (Some(u), None) => tr!(balance.title_until, scheme = scheme, date = i18n::date(u)),
    });
    ctx.table(&t)
}
