//! `points redeem PERSON REWARD`: one redemption outside an exchange round.

use crate::cmd::write::{self, refuse, WriteArgs, Writing, Written};
use crate::cmd::{today, Ctx, Result};
use crate::compute::exchange::{eligibility, Unmet};
use crate::compute::record::{self, Look, Note, Problem};
use crate::i18n;
use crate::model::{Kind, Period};
use chrono::Datelike;

// Help texts: `help.redeem.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub person: String,
    pub reward: String,
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub qty: Option<String>,
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
    let writing = Writing::start(ctx, &mut book, ledger, date.year(), args.write.dry_run)?;
    let look = Look {
        redeem: Some((&members, reward, &round)),
        scope: Some(&members),
        ..Look::default()
    };
    let (mut facts, ids) = writing.look(&book, look, 1)?;
    // Points that expire (SPEC §10): the balances plan_redeem reads count
    // only unexpired points.
    if let Some(rule) = book.rules.exchange.expire {
        let rw = &book.rules.rewards[reward];
        if let Some(spend) = rw.costs.on(date).and_then(|c| c.checked_mul(qty)) {
            crate::compute::expire::redeem_facts(
                &book,
                rule,
                &members,
                person,
                spend.checked_neg().unwrap_or_default(),
                date,
                today,
                &mut facts,
            )
            .map_err(|_| refuse(vec![Problem::TooLarge]))?;
        }
    }
    let round_words = i18n::period(&round).to_string();
    // Who may exchange (SPEC §10), as an exchange of the round would decide.
    if let Some(e) = eligibility(&book, &round, date, Some(&members))
        .map_err(|_| refuse(vec![Problem::TooLarge]))?
    {
        let unmet = e.unmet(&book, &members);
        if !unmet.is_empty() {
            return Err(refuse(vec![Problem::NotEligible {
                account: account.clone(),
                why: Unmet::join(&unmet),
            }]));
        }
    }
    let points = record::plan_redeem(&book, &facts, &account, reward, qty, date, &round_words)
        .map_err(refuse)?;
    let rows = vec![Written {
        household: false,
        id: ids.into_iter().next().unwrap_or_default(),
        date,
        person,
        kind: Kind::Redeem,
        item: book.rules.rewards[reward].id.clone(),
        item_name: book.rules.rewards[reward].name.clone(),
        qty: Some(qty),
        points,
        by,
        // A single redemption: empty ref, counted in the round of its date.
        reference: String::new(),
        note: args.note.unwrap_or_default(),
    }];
    let mut t = writing.commit(&book, &rows, &facts.balances)?;
    t.notes.insert(
        0,
        Note::Redeemed {
            reward: book.rules.rewards[reward].name.clone(),
            round,
        }
        .to_string(),
    );
    ctx.table(&t)
}
