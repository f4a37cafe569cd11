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

// Help texts: `help.evaluate.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub eval: String,
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
