//! `points redeem PERSON REWARD`: one redemption outside an exchange round.

use crate::cmd::write::{self, refuse, WriteArgs, Writing, Written};
use crate::cmd::{today, Ctx, Result};
use crate::compute::record::{self, Look, Note, Problem};
use crate::model::{Kind, Period};
use chrono::Datelike;

const EXAMPLES: &str = "\
Examples:
  points redeem 马俊 towel                  one towel, today
  points redeem P063 towel --qty 2 --date 2026-11-20
  points redeem P289 umbrella --dry-run     show what would be written

The row's ref stays empty (only an exchange commit writes a round there): a
single redemption counts in the round its date falls in (e.g. 2026H1), so the
reward's per_person limit and stock count it together with that round's
exchange, and it does not block the round's commit. Refused when the balance
on that date would fall below zero.";

/// Spend points on a reward, outside an exchange round
#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// A person's id, or a name only one person has
    pub person: String,
    /// The reward's id in points.toml, e.g. towel
    pub reward: String,
    /// How many (a whole number) [default: 1]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub qty: Option<String>,
    /// A note kept with the row
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let today = today()?;
    let mut book = ctx.load()?;
    let mut problems = Vec::new();
    let person = write::person(&book, &args.person)
        .map_err(|p| problems.push(p))
        .ok();
    let reward = crate::book::lookup::reward(&book.rules, &args.reward)
        .map_err(|p| problems.push(Problem::Lookup(p)))
        .ok();
    let qty = record::redeem_qty(args.qty.as_deref())
        .map_err(|p| problems.push(p))
        .ok();
    let date = args.write.date(today, &mut problems);
    if let (Some(p), Some(d)) = (person, date) {
        problems.extend(record::check_living(&book, p, d, false));
    }
    let (by, ledger) = args.write.target.resolve(&book.root, &mut problems);
    let (Some(person), Some(reward), Some(qty), Some(date), Some(by), true) =
        (person, reward, qty, date, by, problems.is_empty())
    else {
        return Err(refuse(problems));
    };

    let round = Period::containing(date, book.rules.exchange.every);
    let (members, account) = record::account_of(&book, person);
    let writing = Writing::start(&mut book, ledger, date.year(), args.write.dry_run)?;
    let look = Look {
        redeem: Some((&members, reward, &round)),
        scope: Some(&members),
        ..Look::default()
    };
    let (facts, ids) = writing.look(&book, look, 1)?;
    let points = record::plan_redeem(&book, &facts, &account, reward, qty, date, &round.label)
        .map_err(refuse)?;
    let rows = vec![Written {
        id: ids.into_iter().next().unwrap_or_default(),
        date,
        person,
        kind: Kind::Redeem,
        item: book.rules.rewards[reward].id.clone(),
        qty,
        points,
        by,
        // A single redemption: empty ref, counted in the round of its date.
        reference: String::new(),
        note: args.note.unwrap_or_default(),
    }];
    let mut t = writing.commit(&book, &rows, &facts.balances)?;
    t.notes.push(
        Note::Redeemed {
            reward: book.rules.rewards[reward].name.clone(),
            round: round.label,
        }
        .to_string(),
    );
    ctx.table(&t)
}
