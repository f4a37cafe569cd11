//! `points balance`: earned, spent and balance for every person (or
//! household, building), as of a date.

use crate::book::rules::Subject;
use crate::cmd::{date_arg, fail_on_errors, Ctx, Fail, Result};
use crate::compute::rank::{group_name, groups, sum_of};
use crate::compute::totals::{sums, Window};
use crate::model::Period;
use crate::render::{Column, Table, Value};

const EXAMPLES: &str = "\
Examples:
  points balance                          everyone's balance today
  points balance --until 2026-06-30       as it stood on 30 June 2026
  points balance --by household           per household
  points balance --role party --format csv";

/// Earned, spent and balance of everyone
#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Count entries dated on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// One row per person, household or building
    #[arg(long, value_enum, default_value = "person")]
    pub by: By,
    /// Only people with this role (e.g. party)
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
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
    let w = Window {
        period: Period::all(),
        until,
        per_item: false,
    };
    let mut s = sums(&book, &w).map_err(|e| Fail::Refused(e.to_string()))?;
    fail_on_errors(std::mem::take(&mut s.outcome.diagnostics))?;
    let subject = args.by.subject();
    let key = subject.as_str();
    let mut t = Table::new(vec![
        Column::new(key, key),
        Column::new("name", "name"),
        Column::new("earned", "earned"),
        Column::new("spent", "spent"),
        Column::new("balance", "balance"),
    ]);
    let nc = book.rules.categories.len();
    for g in groups(&book.roster, subject, members.into_iter()) {
        let tot = sum_of(&s.people, &g.members, nc).map_err(|e| Fail::Refused(e.to_string()))?;
        t.push(vec![
            Value::text(g.id.as_str()),
            Value::text(group_name(&book.roster, subject, &g)),
            Value::Points(tot.earned),
            Value::Points(tot.spent),
            Value::Points(tot.balance),
        ]);
    }
    t.title = Some(format!(
        "{} — balances{}",
        book.rules.scheme.name,
        until.map(|u| format!(" as of {u}")).unwrap_or_default()
    ));
    ctx.table(&t)
}
