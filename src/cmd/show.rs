//! `points show PERSON [PERIOD]`: one person's statement.

use crate::book::Book;
use crate::cmd::{fail_on_errors, period, Ctx, Fail, Result};
use crate::compute::show::statement;
use crate::render::{Column, Table, Value};

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
    let who = person(&book, &args.person)?;
    let mut st = statement(&book, who, &p);
    fail_on_errors(std::mem::take(&mut st.outcome.diagnostics))?;
    let mut t = Table::new(vec![
        Column::new("id", "id"),
        Column::new("date", "date"),
        Column::new("kind", "kind"),
        Column::new("item", "item"),
        Column::new("qty", "qty"),
        Column::new("points", "points"),
        Column::new("voided", "voided"),
        Column::new("balance", "balance"),
        Column::new("note", "note"),
    ]);
    for l in &st.lines {
        t.push(vec![
            Value::text(l.id.as_str()),
            Value::text(l.date.to_string()),
            Value::text(l.kind.as_str()),
            Value::text(l.item.as_str()),
            l.qty.map_or(Value::Null, Value::Points),
            Value::Points(l.points),
            // Voided entries and voids are marked alike; JSON's `voided` is
            // true only where a void cancels the entry.
            Value::Flag {
                value: l.voided,
                marked: !l.counts(),
            },
            Value::Points(l.balance),
            Value::text(l.note.as_str()),
        ]);
    }
    let pp = &book.roster.people[who];
    t.title = Some(format!(
        "{} ({}), household {}, {}: balance before {}",
        pp.name, pp.id, pp.household, p.label, st.opening
    ));
    t.notes.push(format!("balance after: {}", st.closing));
    ctx.table(&t)
}
