//! `points add` at a terminal without ITEM or `--people`: ask for what is
//! missing (the item from a filterable list, people with completion by id,
//! name or pinyin initials, qty, date, note), show the rows the dry run
//! would write, ask to confirm, then hand over to the non-interactive path,
//! which validates, locks and writes exactly as `points add ITEM --people …`.
//!
//! Without a terminal (stdin and stderr both) it stays a usage error.
//! Esc or Ctrl-C at any prompt, or "no" at the end, writes nothing (exit 1).

use crate::book::lookup::score;
use crate::book::Book;
use crate::cmd::add::{self, Args, Given};
use crate::cmd::write::{record_date, refuse, Target, WriteArgs};
use crate::cmd::{today, Ctx, Fail, Result};
use crate::compute::record::{self, Problem};
use crate::tr;
use inquire::autocompletion::Replacement;
use inquire::error::CustomUserError;
use inquire::validator::Validation;
use inquire::{Autocomplete, Confirm, InquireError, Select, Text};
use std::fmt;
use std::io::{IsTerminal, Write};

/// How many suggestions a prompt shows at once.
const PAGE: usize = 10;

/// Fill in ITEM and `--people` by asking, then preview, confirm and write.
pub fn add(ctx: &mut Ctx, args: Args) -> Result {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(Fail::Usage(tr!(
            interactive.needs_terminal,
            example = "points add patrol --people 朱志强,P027 --qty 2"
        )));
    }
    let today = today()?;
    let book = ctx.load()?;
    let item = match &args.item {
        Some(i) => i.clone(),
        None => ask_item(&book)?,
    };
    // The item as the rules know it, by id or unique name; an unknown ITEM
    // is refused before anything is asked, as `add` refuses it.
    let item_ix = crate::book::lookup::item(&book.rules, &item)
        .map_err(|e| refuse(vec![Problem::Lookup(e)]))?;
    // Handed on as its id: what was resolved here is what gets written.
    let item = book.rules.items[item_ix].id.clone();
    let people = match &args.people {
        Some(p) => p.clone(),
        None => ask_people(&book)?,
    };
    // What the command line left out is asked for, in the order of `--help`.
    let qty = match &args.qty {
        Some(q) => Some(q.clone()),
        None => ask_qty(&book, item_ix)?,
    };
    let date = match &args.write.date {
        Some(d) => d.clone(),
        None => ask_date(today)?,
    };
    // An item whose points are a range: the points per unit (SPEC §10).
    let points = match &args.points {
        Some(p) => Some(p.clone()),
        None => ask_points(&book, item_ix, &people, &date, today)?,
    };
    let note = match &args.note {
        Some(n) => Some(n.clone()),
        None => ask_note()?,
    };
    let given = |dry_run: bool| Given {
        item: item.clone(),
        people: people.clone(),
        qty: qty.clone(),
        note: note.clone(),
        points: points.clone(),
        // Beyond max_row_points the preview says so; rerun with --yes.
        yes: false,
        write: WriteArgs {
            date: Some(date.clone()),
            dry_run,
            target: Target {
                by: args.write.target.by.clone(),
                ledger: args.write.target.ledger.clone(),
            },
        },
    };
    // The preview is the dry run's table, with points and caps applied; on
    // the terminal even when stdout goes to a file (`points add > out.txt`).
    if std::io::stdout().is_terminal() {
        add::record(ctx, given(true))?;
        ctx.out.flush()?;
    } else {
        let out = std::mem::replace(&mut ctx.out, Box::new(std::io::stderr()));
        let shown = add::record(ctx, given(true));
        let flushed = ctx.out.flush();
        ctx.out = out;
        shown?;
        flushed?;
    }
    if args.write.dry_run {
        return Ok(());
    }
    let question = tr!(interactive.confirm);
    let help = tr!(interactive.confirm_help);
    let invalid = tr!(interactive.confirm_invalid);
    let write = Confirm::new(&question)
        .with_default(false)
        .with_help_message(&help)
        .with_error_message(&invalid)
        .prompt()
        .map_err(stopped)?;
    if !write {
        return Err(Fail::Shown(format!(
            "{}\n",
            tr!(interactive.nothing_written)
        )));
    }
    // The real write checks everything again under the book's lock.
    add::record(ctx, given(false))
}

/// A prompt that ended without an answer: Esc or Ctrl-C, or the terminal failed.
fn stopped(e: InquireError) -> Fail {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => {
            Fail::Shown(format!("{}\n", tr!(interactive.cancelled)))
        }
        other => Fail::Refused(tr!(interactive.terminal_failed, error = other)),
    }
}

// ------------------------------------------------------------------ item

/// An ITEM: an id, or a name that one item has.
/// An item as listed: `治安巡逻 (patrol)`.
struct Choice {
    id: String,
    name: String,
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() || self.name == self.id {
            write!(f, "{}", self.id)
        } else {
            write!(f, "{} ({})", self.name, self.id)
        }
    }
}

fn ask_item(book: &Book) -> Result<String> {
    let choices: Vec<Choice> = book
        .rules
        .items
        .iter()
        .map(|i| Choice {
            id: i.id.clone(),
            name: i.name.clone(),
        })
        .collect();
    if choices.is_empty() {
        return Err(Fail::Refused(tr!(
            interactive.no_items,
            file = book.root.join("points.toml").display()
        )));
    }
    let scorer = |typed: &str, c: &Choice, _: &str, _: usize| score(typed, &c.id, &c.name);
    let (prompt, help) = (
        tr!(interactive.item),
        tr!(interactive.item_help, initials = "zaxl"),
    );
    let picked = Select::new(&prompt, choices)
        .with_help_message(&help)
        .with_page_size(PAGE)
        .with_scorer(&scorer)
        .prompt()
        .map_err(stopped)?;
    Ok(picked.id)
}

// ---------------------------------------------------------------- people

/// The people typed so far, with completion of the last one.
#[derive(Clone)]
struct People {
    /// (id, name, household) of everyone on the roster.
    all: Vec<(String, String, String)>,
}

/// Split typed people at commas (`,`, `，`, `、`), keeping the text before the last.
fn split_last(input: &str) -> (&str, &str) {
    match input.rfind([',', '，', '、']) {
        Some(i) => {
            let c = input[i..].chars().next().map_or(1, char::len_utf8);
            (&input[..i + c], &input[i + c..])
        }
        None => ("", input),
    }
}

impl Autocomplete for People {
    fn get_suggestions(
        &mut self,
        input: &str,
    ) -> std::result::Result<Vec<String>, CustomUserError> {
        let (head, last) = split_last(input);
        let last = last.trim();
        if last.is_empty() {
            return Ok(Vec::new());
        }
        let mut found: Vec<(i64, &(String, String, String))> = self
            .all
            .iter()
            .filter_map(|p| score(last, &p.0, &p.1).map(|s| (s, p)))
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1 .0.cmp(&b.1 .0)));
        let head = if head.is_empty() || head.ends_with(' ') {
            head.to_string()
        } else {
            format!("{head} ")
        };
        Ok(found
            .into_iter()
            .map(|(_, (id, name, household))| format!("{head}{name} ({id} · {household})"))
            .collect())
    }

    fn get_completion(
        &mut self,
        input: &str,
        highlighted: Option<String>,
    ) -> std::result::Result<Replacement, CustomUserError> {
        let pick = match highlighted {
            Some(h) => Some(h),
            None => {
                let mut s = self.get_suggestions(input)?;
                (s.len() == 1).then(|| s.remove(0))
            }
        };
        Ok(pick.map(|p| format!("{p}, ")))
    }
}

/// One typed person: an id or unique name, or a picked `张伟 (P027 · B1-301)`
/// (name, id and household: two people may share a name).
fn person_of(book: &Book, typed: &str) -> std::result::Result<usize, String> {
    let typed = typed.trim();
    if let Some(inner) = typed
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once(" ("))
        .and_then(|(_, inner)| inner.split_whitespace().next())
    {
        if let Some(i) = book.roster.index(inner) {
            return Ok(i);
        }
    }
    crate::book::lookup::person(&book.roster, typed).map_err(|e| e.to_string())
}

/// Every typed person as a roster index, or what is wrong with the list.
fn people_of(book: &Book, typed: &str) -> std::result::Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in typed
        .split([',', '，', '、'])
        .filter(|s| !s.trim().is_empty())
    {
        let i = person_of(book, part)?;
        if out.contains(&i) {
            return Err(tr!(interactive.twice, who = record::who(book, i)));
        }
        out.push(i);
    }
    if out.is_empty() {
        return Err(tr!(interactive.no_people));
    }
    Ok(out)
}

fn ask_people(book: &Book) -> Result<String> {
    let complete = People {
        all: book
            .roster
            .people
            .iter()
            .map(|p| (p.id.clone(), p.name.clone(), p.household.clone()))
            .collect(),
    };
    let check = |typed: &str| -> std::result::Result<Validation, CustomUserError> {
        Ok(match people_of(book, typed) {
            Ok(_) => Validation::Valid,
            Err(why) => Validation::Invalid(why.into()),
        })
    };
    let (prompt, help) = (
        tr!(interactive.people),
        tr!(interactive.people_help, initials = "zw", name = "张伟"),
    );
    let typed = Text::new(&prompt)
        .with_help_message(&help)
        .with_autocomplete(complete)
        .with_page_size(PAGE)
        .with_validator(check)
        .prompt()
        .map_err(stopped)?;
    // Hand ids on: what was checked here is what the write resolves.
    let ids = people_of(book, &typed).map_err(Fail::Usage)?;
    Ok(ids
        .iter()
        .map(|&i| book.roster.people[i].id.as_str())
        .collect::<Vec<_>>()
        .join(","))
}

// ------------------------------------------------------- qty, date, note

fn ask_qty(book: &Book, item: usize) -> Result<Option<String>> {
    let hourly = book.rules.items[item].unit == crate::book::rules::Unit::Hour;
    let check = move |typed: &str| -> std::result::Result<Validation, CustomUserError> {
        let q = Some(typed).filter(|t| !t.trim().is_empty());
        Ok(match record::earn_qty(book, item, q) {
            Ok(_) => Validation::Valid,
            Err(p) => Validation::Invalid(p.to_string().into()),
        })
    };
    let (hours, hours_help, times) = (
        tr!(interactive.hours),
        tr!(interactive.hours_help),
        tr!(interactive.times),
    );
    let prompt = if hourly {
        Text::new(&hours).with_help_message(&hours_help)
    } else {
        Text::new(&times).with_default("1")
    };
    let q = prompt.with_validator(check).prompt().map_err(stopped)?;
    Ok(Some(q.trim().to_string()).filter(|q| !q.is_empty()))
}

fn ask_date(today: chrono::NaiveDate) -> Result<String> {
    let default = today.to_string();
    let check = move |typed: &str| -> std::result::Result<Validation, CustomUserError> {
        Ok(match record_date(Some(typed), today) {
            Ok(_) => Validation::Valid,
            Err(p) => Validation::Invalid(p.to_string().into()),
        })
    };
    let (prompt, help) = (tr!(interactive.date), tr!(interactive.date_help));
    let d = Text::new(&prompt)
        .with_default(&default)
        .with_help_message(&help)
        .with_validator(check)
        .prompt()
        .map_err(stopped)?;
    Ok(d.trim().to_string())
}

/// The points per unit, when the item's points are a range on `date` for
/// any of `people` (nothing is asked otherwise).
fn ask_points(
    book: &Book,
    item: usize,
    people: &str,
    date: &str,
    today: chrono::NaiveDate,
) -> Result<Option<String>> {
    let it = &book.rules.items[item];
    let day = record_date(Some(date), today).unwrap_or(today);
    let ranges: Vec<(crate::model::Points, crate::model::Points)> = people_of(book, people)
        .unwrap_or_default()
        .iter()
        .filter_map(|&p| {
            it.rates
                .on(day)?
                .for_role(book.roster.people[p].role)?
                .range()
        })
        .collect();
    let Some(&(min, max)) = ranges.first() else {
        return Ok(None);
    };
    let check = move |typed: &str| -> std::result::Result<Validation, CustomUserError> {
        Ok(match crate::compute::range::parse(typed) {
            Err(p) => Validation::Invalid(p.to_string().into()),
            Ok(p) => match ranges.iter().find(|&&(lo, hi)| !(lo <= p && p <= hi)) {
                Some(&(min, max)) => Validation::Invalid(
                    crate::compute::range::Problem::Outside {
                        item: it.name.clone(),
                        given: p,
                        min,
                        max,
                    }
                    .to_string()
                    .into(),
                ),
                None => Validation::Valid,
            },
        })
    };
    let prompt = if it.unit == crate::book::rules::Unit::Hour {
        tr!(range.add.prompt_hour, min = min, max = max)
    } else {
        tr!(range.add.prompt_time, min = min, max = max)
    };
    let p = Text::new(&prompt)
        .with_validator(check)
        .prompt()
        .map_err(stopped)?;
    Ok(Some(p.trim().to_string()))
}

fn ask_note() -> Result<Option<String>> {
    let (prompt, help) = (tr!(interactive.note), tr!(interactive.note_help));
    let n = Text::new(&prompt)
        .with_help_message(&help)
        .prompt()
        .map_err(stopped)?;
    Ok(Some(n.trim().to_string()).filter(|n| !n.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::split_last;

    #[test]
    fn splits_at_the_last_comma() {
        assert_eq!(split_last("zw"), ("", "zw"));
        assert_eq!(split_last("朱志强 (P001), zw"), ("朱志强 (P001),", " zw"));
        assert_eq!(split_last("刘凯，lk"), ("刘凯，", "lk"));
    }
}
