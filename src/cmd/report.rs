//! `points report [PERIOD]`: the ranking by earned points, with a column per
//! category, hours and times; by person, household, building, item,
//! category or team.

use crate::book::rules::Subject;
use crate::book::Book;
use crate::cmd::balance::with_role;
use crate::cmd::{fail_on_errors, period, Ctx, Fail, Result};
use crate::compute::rank::{competition, group_name, groups, sum_of};
use crate::compute::totals::{sums, Overflow, Totals, Window};
use crate::model::{Period, Points};
use crate::render::{Column, Table, Value};
use crate::{i18n, tr};

// Help texts: `help.report.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub period: Option<String>,
    #[arg(long, value_enum, default_value = "person")]
    pub by: By,
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    pub top: Option<u64>,
    #[arg(long)]
    pub pending: bool,
}

/// `--top N`: a whole number of at least 1.
fn at_least_one(s: &str) -> std::result::Result<u64, String> {
    match crate::model::typed(s).parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(tr!(report.top_at_least_one)),
    }
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum By {
    Person,
    Household,
    Building,
    Item,
    Category,
    Team,
}

impl By {
    fn key(self) -> &'static str {
        match self {
            By::Person => "person",
            By::Household => "household",
            By::Building => "building",
            By::Item => "item",
            By::Category => "category",
            By::Team => "team",
        }
    }

    /// The id column and the name column. Items, categories and teams are
    /// shown by their names; their ids are for programs (SPEC §6).
    fn columns(self) -> [Column; 2] {
        let key = self.key();
        let (id, name) = match self {
            By::Person => (tr!(report.col.person), tr!(report.col.name)),
            By::Household => (tr!(report.col.household), tr!(report.col.household_name)),
            By::Building => (tr!(report.col.building), tr!(report.col.building_name)),
            By::Item => {
                return [
                    Column::machine(key),
                    Column::new("name", tr!(report.col.item)),
                ]
            }
            By::Category => {
                return [
                    Column::machine(key),
                    Column::new("name", tr!(report.col.category)),
                ]
            }
            By::Team => {
                return [
                    Column::machine(key),
                    Column::new("name", tr!(report.col.team)),
                ]
            }
        };
        [Column::new(key, id), Column::new("name", name)]
    }

    fn title(self, scheme: &str, p: &Period) -> String {
        let period = i18n::period(p);
        match self {
            By::Person => tr!(report.title.person, scheme = scheme, period = period),
            By::Household => tr!(report.title.household, scheme = scheme, period = period),
            By::Building => tr!(report.title.building, scheme = scheme, period = period),
            By::Item => tr!(report.title.item, scheme = scheme, period = period),
            By::Category => tr!(report.title.category, scheme = scheme, period = period),
            By::Team => tr!(report.title.team, scheme = scheme, period = period),
        }
    }
}

/// A row before ranking: id, name, totals, and for teams (members, took part).
struct Row {
    id: String,
    name: String,
    t: Totals,
    team: Option<(usize, usize)>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let p = period(args.period.as_deref())?;
    let book = ctx.load()?;
    let t = table(&book, &args, &p)?;
    ctx.table(&t)
}

/// The report's table, as `report` shows it (and `notice report` posts it).
pub fn table(book: &Book, args: &Args, p: &Period) -> Result<Table> {
    let members = with_role(book, args.role.as_deref())?;
    let per_item = matches!(args.by, By::Item | By::Category | By::Team);
    let w = Window {
        period: p.clone(),
        until: None,
        per_item,
    };
    let overflow = |e: Overflow| Fail::Refused(e.to_string());
    let mut s = sums(book, &w).map_err(overflow)?;
    fail_on_errors(std::mem::take(&mut s.outcome.diagnostics))?;
    // Household deeds belong to no role: a role filter leaves them out.
    let deeds = args.role.is_none();
    let rows = rows(book, args.by, &members, &s, deeds).map_err(overflow)?;

    let scores: Vec<(&str, Points)> = rows.iter().map(|r| (r.id.as_str(), r.t.earned)).collect();
    let (order, ranks) = competition(&scores);
    let mut cols = vec![Column::new("rank", tr!(report.col.rank))];
    cols.extend(args.by.columns());
    cols.push(Column::new("earned", tr!(report.col.earned)));
    for c in &book.rules.categories {
        cols.push(Column::grouped(
            "categories",
            c.id.as_str(),
            c.name.as_str(),
        ));
    }
    cols.push(Column::new("hours", tr!(report.col.hours)));
    cols.push(Column::new("times", tr!(report.col.times)));
    if matches!(args.by, By::Team) {
        cols.push(Column::new("members", tr!(report.col.members)));
        cols.push(Column::new("active", tr!(report.col.active)));
    }
    if args.pending {
        cols.push(Column::new("pending", tr!(approval.col.pending)));
    }
    let mut t = Table::new(cols);
    for (&i, &rank) in order.iter().zip(&ranks) {
        if args.top.is_some_and(|n| rank as u64 > n) {
            break;
        }
        let r = &rows[i];
        let mut v = vec![
            Value::Int(rank as i64),
            Value::text(r.id.as_str()),
            Value::text(r.name.as_str()),
            Value::Points(r.t.earned),
        ];
        v.extend(r.t.categories.iter().map(|c| Value::Points(*c)));
        v.push(Value::Points(r.t.hours));
        v.push(Value::Int(r.t.times as i64));
        if let Some((m, a)) = r.team {
            v.push(Value::Int(m as i64));
            v.push(Value::Int(a as i64));
        }
        if args.pending {
            v.push(Value::Points(r.t.pending));
        }
        t.push(v);
    }
    t.title = Some(args.by.title(&book.rules.scheme.name, p));
    Ok(t)
}

fn rows(
    book: &Book,
    by: By,
    members: &[usize],
    s: &crate::compute::totals::Sums,
    deeds: bool,
) -> std::result::Result<Vec<Row>, Overflow> {
    use crate::compute::household::{item_deeds, with_deeds};
    let no_deeds = Default::default();
    let households = if deeds { &s.households } else { &no_deeds };
    let no_cells = Default::default();
    let household_items = if deeds { &s.household_items } else { &no_cells };
    let rules = &book.rules;
    let nc = rules.categories.len();
    let subject = match by {
        By::Person => Some(Subject::Person),
        By::Household => Some(Subject::Household),
        By::Building => Some(Subject::Building),
        _ => None,
    };
    if let Some(subject) = subject {
        return groups(&book.roster, subject, members.iter().copied())
            .into_iter()
            .map(|g| {
                Ok(Row {
                    id: g.id.clone(),
                    name: group_name(&book.roster, subject, &g),
                    t: with_deeds(
                        &book.roster,
                        subject,
                        &g,
                        sum_of(&s.people, &g.members, nc)?,
                        households,
                    )?,
                    team: None,
                })
            })
            .collect();
    }
    // Sums of (person, item) cells over the chosen people.
    let mut in_scope = vec![false; book.roster.len()];
    for &m in members {
        in_scope[m] = true;
    }
    let item_totals = |items: &[usize],
                       people: &mut dyn Iterator<Item = usize>|
     -> std::result::Result<(Totals, usize), Overflow> {
        let mut t = Totals::new(nc);
        let mut active = 0;
        for p in people {
            let mut took = false;
            for &i in items {
                if let Some(c) = s.person_items.get(&(p, i)) {
                    let cat = rules.items[i].category;
                    t.earned = t.earned.checked_add(c.earned).ok_or(Overflow)?;
                    t.categories[cat] = t.categories[cat].checked_add(c.earned).ok_or(Overflow)?;
                    t.hours = t.hours.checked_add(c.hours).ok_or(Overflow)?;
                    t.times += c.times;
                    t.pending = t.pending.checked_add(c.pending).ok_or(Overflow)?;
                    took = true;
                }
            }
            active += usize::from(took);
        }
        Ok((t, active))
    };
    let mut out = Vec::new();
    match by {
        By::Item => {
            let mut ids: Vec<usize> = (0..rules.items.len()).collect();
            ids.sort_by(|&a, &b| rules.items[a].id.cmp(&rules.items[b].id));
            for i in ids {
                let (mut t, _) = item_totals(&[i], &mut members.iter().copied())?;
                let d = item_deeds(household_items, &[i])?;
                let cat = rules.items[i].category;
                t.earned = t.earned.checked_add(d.earned).ok_or(Overflow)?;
                t.categories[cat] = t.categories[cat].checked_add(d.earned).ok_or(Overflow)?;
                t.hours = t.hours.checked_add(d.hours).ok_or(Overflow)?;
                t.times += d.times;
                t.pending = t.pending.checked_add(d.pending).ok_or(Overflow)?;
                out.push(Row {
                    id: rules.items[i].id.clone(),
                    name: rules.items[i].name.clone(),
                    t,
                    team: None,
                });
            }
        }
        By::Category => {
            for (c, cat) in rules.categories.iter().enumerate() {
                let items: Vec<usize> = (0..rules.items.len())
                    .filter(|&i| rules.items[i].category == c)
                    .collect();
                let (mut t, _) = item_totals(&items, &mut members.iter().copied())?;
                let d = item_deeds(household_items, &items)?;
                t.hours = t.hours.checked_add(d.hours).ok_or(Overflow)?;
                t.times += d.times;
                t.pending = t.pending.checked_add(d.pending).ok_or(Overflow)?;
                // Opening balances count as earned in their category too.
                let mut total = Points::ZERO;
                for h in households.values() {
                    total = total.checked_add(h.categories[c]).ok_or(Overflow)?;
                }
                for &m in members {
                    total = total
                        .checked_add(s.people[m].categories[c])
                        .ok_or(Overflow)?;
                }
                t.earned = total;
                t.categories[c] = total;
                out.push(Row {
                    id: cat.id.clone(),
                    name: cat.name.clone(),
                    t,
                    team: None,
                });
            }
        }
        By::Team => {
            for (k, team) in rules.teams.iter().enumerate() {
                let team_members: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&m| book.roster.people[m].teams.contains(&k))
                    .collect();
                let (t, active) = item_totals(&team.items, &mut team_members.iter().copied())?;
                out.push(Row {
                    id: team.id.clone(),
                    name: team.name.clone(),
                    t,
                    team: Some((team_members.len(), active)),
                });
            }
        }
        _ => {}
    }
    Ok(out)
}
