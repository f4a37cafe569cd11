//! `points evaluate EVAL PERIOD`: an evaluation of `points.toml` (SPEC §3.1)
//! — every subject ranked by score, with its tier, veto and tie, and a reason
//! in words; then how many subjects each tier holds.
//!
//! An evaluation whose `period` is `year`, `half-year`, `quarter` or `month`
//! runs only for a period of that kind (a yearly 文明户 is run for `2026`,
//! not for `2026H1`); `period = "any"` allows any period.

use crate::book::rules::Subject;
use crate::book::Book;
use crate::cmd::{fail_on_errors, period, Ctx, Fail, Result};
use crate::compute::evaluate::{check_period, evaluate, Reason};
use crate::i18n::{self, Lang};
use crate::model::Period;
use crate::render::{Column, Table, Value};
use crate::tr;

// Help texts: `help.evaluate.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub eval: String,
    pub period: String,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let p = period(Some(&args.period))?;
    let book = ctx.load()?;
    let (t, _) = table(&book, &args.eval, &p)?;
    ctx.table(&t)
}

/// The evaluation's table, as `evaluate` shows it (and `notice evaluate`
/// posts it), and the index of the evaluation in the rules.
pub fn table(book: &Book, eval: &str, p: &Period) -> Result<(Table, usize)> {
    let rules = &book.rules;
    let index =
        crate::book::lookup::evaluation(rules, eval).map_err(|e| Fail::Refused(e.to_string()))?;
    let eval = &rules.evaluations[index];
    check_period(eval, p).map_err(|e| Fail::Usage(e.to_string()))?;
    let mut ev = evaluate(book, eval, p).map_err(|e| Fail::Refused(e.to_string()))?;
    fail_on_errors(std::mem::take(&mut ev.outcome.diagnostics))?;

    let scheme = &rules.scheme.name;
    let period = i18n::period(p);
    let ((subject, name), title) = match eval.subject {
        Subject::Person => (
            (tr!(evaluate.col.person), tr!(evaluate.col.name)),
            tr!(
                evaluate.title.person,
                scheme = scheme,
                evaluation = eval.name,
                period = period
            ),
        ),
        Subject::Household => (
            (
                tr!(evaluate.col.household),
                tr!(evaluate.col.household_name),
            ),
            tr!(
                evaluate.title.household,
                scheme = scheme,
                evaluation = eval.name,
                period = period
            ),
        ),
        Subject::Building => (
            (tr!(evaluate.col.building), tr!(evaluate.col.building_name)),
            tr!(
                evaluate.title.building,
                scheme = scheme,
                evaluation = eval.name,
                period = period
            ),
        ),
    };
    let mut t = Table::new(vec![
        Column::new("rank", tr!(evaluate.col.rank)),
        Column::new("subject", subject),
        Column::new("name", name),
        Column::new("score", tr!(evaluate.col.score)),
        Column::new("tier", tr!(evaluate.col.tier)),
        Column::new("vetoed", tr!(evaluate.col.vetoed)),
        Column::new("tie", tr!(evaluate.col.tie)),
        Column::new("reason", tr!(evaluate.col.reason)),
    ]);
    for r in &ev.rows {
        // JSON and CSV: the English words whatever the language (SPEC §6).
        let reason = (!r.reasons.is_empty()).then(|| {
            Value::term(
                Reason::join(&r.reasons, Lang::En),
                Reason::join(&r.reasons, i18n::lang()),
            )
        });
        t.push(vec![
            Value::Int(i64::try_from(r.rank).unwrap_or(i64::MAX)),
            Value::text(r.subject.as_str()),
            Value::text(r.name.as_str()),
            Value::Points(r.score),
            Value::opt_text(r.tier.as_deref()),
            Value::Bool(r.vetoed),
            Value::Bool(r.tie),
            reason.unwrap_or(Value::Null),
        ]);
    }
    t.title = Some(title);
    t.notes = ev.summary.iter().map(ToString::to_string).collect();
    Ok((t, index))
}
