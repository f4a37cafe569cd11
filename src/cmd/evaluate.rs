//! `points evaluate EVAL PERIOD`: an evaluation of `points.toml` (SPEC §3.1)
//! — every subject ranked by score, with its tier, veto and tie, and a reason
//! in words; then how many subjects each tier holds.
//!
//! An evaluation whose `period` is `year`, `half-year`, `quarter` or `month`
//! runs only for a period of that kind (a yearly 文明户 is run for `2026`,
//! not for `2026H1`); `period = "any"` allows any period.

use crate::cmd::{fail_on_errors, period, Ctx, Fail, Result};
use crate::compute::evaluate::{check_period, evaluate};
use crate::render::{Column, Table, Value};

const EXAMPLES: &str = "\
Examples:
  points evaluate civilized-household 2026     文明户 for 2026, by household
  points evaluate 文明户 2026                   the same, by the evaluation's name
  points evaluate party-review 2026 --format md > 民主评议参考.md
  points evaluate public-star 2026H2 --format json

Reading the output: rank is the competition rank by score (1, 2, 2, 4);
equal scores are listed by id. Each subject gets the first tier whose min it
reaches, which is not yet full (max, share) and, for a clean tier, for which
it is not vetoed. `vetoed` marks a deduction in a veto category or item;
`tie` marks a subject whose equal (same score, same veto status) got another
tier: the order by id decided, and the committee should look.";

/// An evaluation (文明户, 民主评议 grades, …): ranking, tiers, vetoes, ties
#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The evaluation's id or name in points.toml (e.g. civilized-household)
    pub eval: String,
    /// 2026, 2026H1, 2026Q3, 2026-03, 2026-03-01..2026-05-31 or all
    pub period: String,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let p = period(Some(&args.period))?;
    let book = ctx.load()?;
    let rules = &book.rules;
    let eval = crate::book::lookup::evaluation(rules, &args.eval)
        .map(|i| &rules.evaluations[i])
        .map_err(|e| Fail::Refused(e.to_string()))?;
    check_period(eval, &p).map_err(|e| Fail::Usage(e.to_string()))?;
    let mut ev = evaluate(&book, eval, &p).map_err(|e| Fail::Refused(e.to_string()))?;
    fail_on_errors(std::mem::take(&mut ev.outcome.diagnostics))?;

    let kind = eval.subject.as_str();
    let mut t = Table::new(vec![
        Column::new("rank", "rank"),
        Column::new("subject", kind),
        Column::new("name", "name"),
        Column::new("score", "score"),
        Column::new("tier", "tier"),
        Column::new("vetoed", "vetoed"),
        Column::new("tie", "tie"),
        Column::new("reason", "reason"),
    ]);
    for r in &ev.rows {
        let reason = (!r.reasons.is_empty()).then(|| {
            r.reasons
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        });
        t.push(vec![
            Value::Int(i64::try_from(r.rank).unwrap_or(i64::MAX)),
            Value::text(r.subject.as_str()),
            Value::text(r.name.as_str()),
            Value::Points(r.score),
            Value::opt_text(r.tier.as_deref()),
            Value::Bool(r.vetoed),
            Value::Bool(r.tie),
            Value::opt_text(reason),
        ]);
    }
    t.title = Some(format!(
        "{} — {} ({}), {}, by {kind}",
        rules.scheme.name, eval.name, eval.id, p.label
    ));
    t.notes = ev.summary.iter().map(ToString::to_string).collect();
    ctx.table(&t)
}
