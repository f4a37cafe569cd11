//! `points notice report [PERIOD]` and `points notice evaluate EVAL PERIOD`
//! (SPEC §9): the public notice (公示) — the table of `report` or
//! `evaluate`, the same figures from the same code, as one printable HTML
//! page with masked names, a bar chart by category, the 公示期, the issuer,
//! the contact for objections and the provenance as text and QR code.
//!
//! A notice is always HTML: `--format` other than the default is refused.
//! Person ids, notes, `by` and an evaluation's reasons (which name the
//! entries and people behind a veto) never appear on it. Its fixed
//! provenance line records the command as given, with `--date <issue
//! date>` appended when `--date` was not given, so that the page can be
//! made again byte for byte (`points verify`).

use crate::book::rules::Subject;
use crate::book::Book;
use crate::cmd::{date_arg, evaluate, period, report, stamp, today, Ctx, Fail, Result};
use crate::compute::rank::{groups, sum_of};
use crate::compute::totals::{sums, Overflow, Window};
use crate::i18n::{self, Lang};
use crate::model::{Period, Points};
use crate::provenance;
use crate::render::html::{Chart, Page};
use crate::render::mask::mask;
use crate::render::{Format, Table, Value};
use crate::tr;
use chrono::NaiveDate;
use std::collections::HashMap;

// Help texts: `help.notice.*`, `help.notice_report.*`,
// `help.notice_evaluate.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
#[command(disable_help_subcommand = true)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand, Debug)]
pub enum What {
    Report(ReportArgs),
    Evaluate(EvaluateArgs),
    Pending(pending::Args),
}

mod pending;

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub report: report::Args,
    #[command(flatten)]
    pub notice: Options,
}

#[derive(clap::Args, Debug)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub evaluate: evaluate::Args,
    #[command(flatten)]
    pub notice: Options,
}

/// What every notice takes.
#[derive(clap::Args, Debug)]
pub struct Options {
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[arg(long)]
    pub no_mask: bool,
}

/// The chart shows at most this many subjects, the first in rank order.
pub const CHART_TOP: usize = 30;

/// What the rows of the table are, for the names shown.
#[derive(Clone, Copy)]
enum Rows {
    Person,
    Household,
    Building,
    /// Items, categories, teams: names from the rules, never masked.
    Rules,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    if ctx.format != Format::Table {
        return Err(Fail::Usage(tr!(notice.html_only)));
    }
    let opts = match &args.what {
        What::Report(a) => &a.notice,
        What::Evaluate(a) => &a.notice,
        What::Pending(a) => &a.notice,
    };
    let issued = match &opts.date {
        Some(d) => date_arg(d, "--date")?,
        None => today()?,
    };
    let masked = !opts.no_mask;
    let (book, p, t, rows, scope, eval) = match &args.what {
        What::Report(a) => {
            let p = period(a.report.period.as_deref())?;
            let book = ctx.load()?;
            let t = report::table(&book, &a.report, &p)?;
            let rows = match a.report.by {
                report::By::Person => Rows::Person,
                report::By::Household => Rows::Household,
                report::By::Building => Rows::Building,
                _ => Rows::Rules,
            };
            let scope = crate::cmd::balance::with_role(&book, a.report.role.as_deref())?;
            (book, p, t, rows, scope, None)
        }
        What::Evaluate(a) => {
            let p = period(Some(&a.evaluate.period))?;
            let book = ctx.load()?;
            let (t, e) = evaluate::table(&book, &a.evaluate.eval, &p)?;
            let eval = &book.rules.evaluations[e];
            let rows = match eval.subject {
                Subject::Person => Rows::Person,
                Subject::Household => Rows::Household,
                Subject::Building => Rows::Building,
            };
            let scope = (0..book.roster.len())
                .filter(|&i| crate::compute::evaluate::counted(&book, eval, &p, i))
                .collect();
            (book, p, t, rows, scope, Some(e))
        }
        What::Pending(a) => {
            let p = period(a.period.as_deref())?;
            let book = ctx.load()?;
            let scope: Vec<usize> = (0..book.roster.len()).collect();
            let t = pending::table(&book, &p, &Names::new(&book, &scope, masked))?;
            (book, p, t, Rows::Rules, scope, None)
        }
    };
    let until = posted_until(issued, book.rules.notice.days);

    let names = Names::new(&book, &scope, masked);
    let shown = shown_columns(&t, rows);
    let id_col = t.columns.iter().position(|c| {
        matches!(
            c.key.as_str(),
            "person" | "household" | "building" | "subject"
        )
    });
    let name_col = t.columns.iter().position(|c| c.key == "name");
    let mut cells: Vec<Vec<String>> = Vec::with_capacity(t.rows.len());
    let mut labels: Vec<String> = Vec::with_capacity(t.rows.len());
    for r in &t.rows {
        let id = id_col.map(|i| r[i].for_table()).unwrap_or_default();
        let name = match rows {
            Rows::Person => names.person(&id),
            Rows::Household => names.household(&id),
            Rows::Building | Rows::Rules => name_col.map(|i| r[i].for_table()).unwrap_or_default(),
        };
        let rank = r.first().map(Value::for_table).unwrap_or_default();
        labels.push(match rows {
            Rows::Household | Rows::Building => format!("{rank} {id}"),
            Rows::Person | Rows::Rules => format!("{rank} {name}"),
        });
        cells.push(
            shown
                .iter()
                .map(|&i| {
                    if Some(i) == name_col {
                        name.clone()
                    } else {
                        r[i].for_table()
                    }
                })
                .collect(),
        );
    }

    let chart = match eval {
        // The proposed points are listed row by row: no chart.
        None if matches!(args.what, What::Pending(_)) => None,
        None => report_chart(&book, &t, &labels),
        Some(e) => evaluation_chart(&book, e, &p, &scope, &t, id_col, &labels, rows)
            .map_err(|e| Fail::Refused(e.to_string()))?,
    };

    let prov = stamp::provenance(ctx, false)?;
    // `points verify` refuses a notice of uncommitted files (SPEC §12).
    if prov.commit().is_some() && prov.dirty() {
        eprintln!("{}", tr!(notice.dirty));
    }
    let mut argv = provenance::argv();
    if opts.date.is_none() {
        argv.push("--date".into());
        argv.push(issued.to_string());
    }
    let rules = &book.rules;
    let title = match (eval, &args.what) {
        (Some(e), _) => tr!(
            notice.title.evaluation,
            evaluation = rules.evaluations[e].name,
            period = i18n::period(&p)
        ),
        (None, What::Report(a)) => report_title(a.report.by, &p),
        (None, What::Pending(_)) => tr!(approval.notice.title, period = i18n::period(&p)),
        (None, What::Evaluate(_)) => String::new(),
    };
    let mut subtitle = Vec::new();
    if let What::Report(a) = &args.what {
        if let Some(r) = &a.report.role {
            let role =
                crate::book::lookup::role(rules, r).map_err(|e| Fail::Refused(e.to_string()))?;
            subtitle.push(tr!(notice.role, role = rules.roles[role].name));
        }
        if let Some(n) = a.report.top {
            subtitle.push(tr!(notice.top, n = n));
        }
    }
    subtitle.push(tr!(
        notice.posting,
        from = i18n::date(issued),
        until = i18n::date(until),
        n = rules.notice.days
    ));
    let mut closing = vec![match &rules.notice.contact {
        Some(c) => c.clone(),
        None => tr!(notice.objections),
    }];
    if let Some(i) = &rules.notice.issuer {
        closing.push(i.clone());
    }
    closing.push(i18n::date(issued).to_string());
    let page = Page {
        lang: match i18n::lang() {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        },
        scheme: rules.scheme.name.clone(),
        title,
        subtitle,
        columns: shown
            .iter()
            .map(|&i| {
                let numeric = t.rows.first().is_some_and(|r| r[i].numeric());
                (t.columns[i].label.clone(), numeric)
            })
            .collect(),
        rows: cells,
        notes: t.notes.clone(),
        chart,
        closing,
        words: prov.words(),
        line: prov.line(&argv),
        no_qr: tr!(notice.no_qr),
        notice_meta: format!("issued={issued} until={until}"),
    };
    ctx.out.write_all(page.render().as_bytes())?;
    Ok(())
}

use std::io::Write as _;

/// The title of a report notice.
fn report_title(by: report::By, p: &Period) -> String {
    let period = i18n::period(p);
    match by {
        report::By::Person => tr!(notice.title.person, period = period),
        report::By::Household => tr!(notice.title.household, period = period),
        report::By::Building => tr!(notice.title.building, period = period),
        report::By::Item => tr!(notice.title.item, period = period),
        report::By::Category => tr!(notice.title.category, period = period),
        report::By::Team => tr!(notice.title.team, period = period),
    }
}

/// The columns a notice shows: those a table shows, less person ids (a
/// person is shown by the masked name), an evaluation's reasons (they name
/// entries and people), and a building's name (its id again).
fn shown_columns(t: &Table, rows: Rows) -> Vec<usize> {
    (0..t.columns.len())
        .filter(|&i| {
            let c = &t.columns[i];
            let hidden = matches!(
                (rows, c.key.as_str()),
                (_, "reason") | (Rows::Person, "person" | "subject") | (Rows::Building, "name")
            );
            !c.machine && !hidden
        })
        .collect()
}

/// Names as the notice shows them: masked unless `--no-mask`.
struct Names<'a> {
    book: &'a Book,
    masked: bool,
    /// A household's members in scope, by id.
    households: HashMap<String, Vec<usize>>,
}

impl<'a> Names<'a> {
    fn new(book: &'a Book, scope: &[usize], masked: bool) -> Names<'a> {
        let households = groups(&book.roster, Subject::Household, scope.iter().copied())
            .into_iter()
            .map(|mut g| {
                g.members
                    .sort_by(|&a, &b| book.roster.people[a].id.cmp(&book.roster.people[b].id));
                (g.id, g.members)
            })
            .collect();
        Names {
            book,
            masked,
            households,
        }
    }

    fn name(&self, i: usize) -> String {
        let n = &self.book.roster.people[i].name;
        if self.masked {
            mask(n)
        } else {
            n.clone()
        }
    }

    fn person(&self, id: &str) -> String {
        self.book
            .roster
            .index(id)
            .map(|i| self.name(i))
            .unwrap_or_default()
    }

    /// `张*等4人`: the first member by id, and how many members it has.
    fn household(&self, id: &str) -> String {
        let Some(members) = self.households.get(id) else {
            return String::new();
        };
        let Some(&first) = members.first() else {
            return String::new();
        };
        let name = self.name(first);
        match members.len() {
            1 => tr!(notice.household_one, name = name),
            n => tr!(notice.household, name = name, n = n),
        }
    }
}

/// A report's chart: its category columns, for the first rows.
fn report_chart(book: &Book, t: &Table, labels: &[String]) -> Option<Chart> {
    let cats: Vec<usize> = (0..t.columns.len())
        .filter(|&i| t.columns[i].group == Some("categories"))
        .collect();
    let bars = t
        .rows
        .iter()
        .zip(labels)
        .take(CHART_TOP)
        .map(|(r, l)| {
            let v = cats
                .iter()
                .map(|&i| match r[i] {
                    Value::Points(p) => p,
                    _ => Points::ZERO,
                })
                .collect();
            (l.clone(), v)
        })
        .collect();
    chart(
        book.rules
            .categories
            .iter()
            .map(|c| c.name.clone())
            .collect(),
        bars,
        t.rows.len(),
        tr!(notice.chart.report),
    )
}

/// An evaluation's chart: the points its counted members (and households'
/// deeds) earned in the period, by the categories that score.
#[allow(clippy::too_many_arguments)]
fn evaluation_chart(
    book: &Book,
    e: usize,
    p: &Period,
    scope: &[usize],
    t: &Table,
    id_col: Option<usize>,
    labels: &[String],
    rows: Rows,
) -> std::result::Result<Option<Chart>, Overflow> {
    let rules = &book.rules;
    let eval = &rules.evaluations[e];
    let w = Window {
        period: p.clone(),
        until: None,
        per_item: false,
    };
    let s = sums(book, &w)?;
    let nc = rules.categories.len();
    let subject = match rows {
        Rows::Household => Subject::Household,
        Rows::Building => Subject::Building,
        _ => Subject::Person,
    };
    let scoring: Vec<usize> = (0..nc)
        .filter(|c| eval.categories.as_ref().is_none_or(|cs| cs.contains(c)))
        .collect();
    let mut by_id = HashMap::new();
    for g in groups(&book.roster, subject, scope.iter().copied()) {
        let totals = sum_of(&s.people, &g.members, nc)?;
        let totals = if matches!(subject, Subject::Person) {
            totals
        } else {
            crate::compute::household::with_deeds(&book.roster, subject, &g, totals, &s.households)?
        };
        by_id.insert(g.id.clone(), totals);
    }
    let mut bars = Vec::new();
    for (r, l) in t.rows.iter().zip(labels).take(CHART_TOP) {
        let id = id_col.map(|i| r[i].for_table()).unwrap_or_default();
        let v = match by_id.get(&id) {
            Some(tot) => scoring.iter().map(|&c| tot.categories[c]).collect(),
            None => vec![Points::ZERO; scoring.len()],
        };
        bars.push((l.clone(), v));
    }
    Ok(chart(
        scoring
            .iter()
            .map(|&c| rules.categories[c].name.clone())
            .collect(),
        bars,
        t.rows.len(),
        tr!(notice.chart.evaluation),
    ))
}

fn chart(
    categories: Vec<String>,
    bars: Vec<(String, Vec<Points>)>,
    listed: usize,
    caption: String,
) -> Option<Chart> {
    if bars.is_empty() || categories.is_empty() {
        return None;
    }
    let note = (listed > bars.len()).then(|| tr!(notice.chart.top, n = bars.len(), of = listed));
    Some(Chart {
        caption,
        note,
        categories,
        bars,
    })
}

/// The last day of a notice posted from `issued` for `days` days.
pub fn posted_until(issued: NaiveDate, days: i64) -> NaiveDate {
    issued + chrono::Days::new(u64::try_from(days - 1).unwrap_or(0))
}
