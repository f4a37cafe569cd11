//! `points add ITEM --households B1-301,B2-102`: one earn row per household
//! for an item with `subject = "household"` (SPEC §10), all or nothing. The
//! rows hold the household id in `person`; they count for the household only.

use super::Given;
use crate::book::Book;
use crate::cmd::write::{refuse, Writing};
use crate::cmd::{today, Ctx, Result};
use crate::compute::record::household::Why;
use crate::compute::record::{self, Look, Problem};
use chrono::Datelike;

/// A household id of the book to show in an example (the first by id).
fn example(book: &Book) -> String {
    book.roster
        .household_list()
        .first()
        .map_or_else(|| "B1-301".to_string(), |(h, _)| (*h).to_string())
}

/// `--people` for a household item: the refusal, saying to use `--households`.
pub fn refuse_people(book: &Book, item: usize) -> Option<Problem> {
    let it = &book.rules.items[item];
    it.household.then(|| {
        Problem::Household(Why::UseHouseholds {
            item: it.name.clone(),
            example: example(book),
        })
    })
}

/// Validate and append one earn row per household (`args.people` holds
/// what `--households` gave).
pub fn record(ctx: &mut Ctx, args: Given) -> Result {
    let today = today()?;
    let mut book = ctx.load()?;
    let mut problems = Vec::new();

    let (date, item, qty, given) = super::read_row(&book, &args, today, &mut problems);
    if let Some(i) = item.filter(|&i| !book.rules.items[i].household) {
        problems.push(Problem::Household(Why::UsePeople {
            item: book.rules.items[i].name.clone(),
        }));
    }

    // Households (their heads), in the order given.
    let mut heads: Vec<usize> = Vec::new();
    let names: Vec<&str> = args
        .people
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if names.is_empty() {
        problems.push(Problem::Household(Why::NoHouseholds {
            example: example(&book),
        }));
    }
    for name in names {
        match crate::book::lookup::household(&book.roster, name) {
            Ok(h) if heads.contains(&h) => {
                let p = Problem::Household(Why::ListedTwice {
                    household: book.roster.people[h].household.clone(),
                });
                if !problems.contains(&p) {
                    problems.push(p);
                }
            }
            Ok(h) => heads.push(h),
            Err(p) => problems.push(Problem::Lookup(p)),
        }
    }
    if let (Some(i), Some(d)) = (item.filter(|&i| book.rules.items[i].household), date) {
        for &h in &heads {
            for problem in record::check_household(&book, i, h, d, given) {
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        }
    }
    let (by, ledger) = args.write.target.resolve(&book.root, &mut problems);
    let note = args.note.unwrap_or_default();
    let (Some(date), Some(item), Some(qty), Some(by), true) =
        (date, item, qty, by, problems.is_empty())
    else {
        return Err(refuse(problems));
    };

    let writing = Writing::start(ctx, &mut book, ledger, date.year(), args.write.dry_run)?;
    // The households' members: their rows make the households' balances
    // (and share a cap by household); the scope adds the households' own rows.
    let mut scope: Vec<usize> = heads
        .iter()
        .flat_map(|&h| book.roster.household_members(h))
        .collect();
    scope.sort_unstable();
    scope.dedup();
    let look = Look {
        scope: Some(&scope),
        ..Look::default()
    };
    let (facts, ids) = writing.look(&book, look, heads.len())?;
    // Caps count in ledger order, as in `add`.
    let planned = |book: &Book, room: &record::CapUsed| {
        record::plan_earn_for(book, item, &heads, true, qty, given, date, room)
    };
    let cap_used = &facts.outcome.cap_used;
    let picked = ledger.is_some();
    let plan = super::plan_in_order(
        &mut book,
        &writing,
        &scope,
        (item, date),
        cap_used,
        picked,
        planned,
    )?;
    let what = super::RowsOf {
        item,
        date,
        qty,
        household: true,
        yes: args.yes,
    };
    let rows = super::rows_of(&book, &plan, ids, &what, &by, &note)?;
    let mut balances = record::household_balances(&book, &facts, &heads);
    // Points that expire (SPEC §10): the balances shown count only
    // unexpired points, as of today, as `add` shows a person's.
    if let Some(rule) = book.rules.exchange.expire {
        let new: Vec<_> = rows.iter().map(|r| (r.person, r.date, r.points)).collect();
        crate::compute::expire::shown_household_balances(
            &book,
            rule,
            &new,
            today,
            &facts.deeds,
            &mut balances,
        )
        .map_err(|_| refuse(vec![Problem::TooLarge]))?;
    }
    let t = super::commit(&book, writing, &rows, &balances, &plan)?;
    ctx.table(&t)
}
