//! `points exchange ROUND --requests FILE`: an exchange round at the points
//! supermarket (积分超市, SPEC §3.2). Without `--commit` it is a plan that
//! changes nothing; with `--commit` it appends the redemptions in one locked,
//! atomic write, and never spends a round twice.

use crate::book::diag::Diagnostic;
use crate::book::ledger::format_row;
use crate::book::lookup::{self, Problem as NameProblem};
use crate::book::roster::csv_error;
use crate::book::rules::{Account, Order, Subject};
use crate::book::Book;
use crate::cmd::write::{refuse, Target, Writing};
use crate::cmd::{date_arg, fail_on_errors, Ctx, Fail, Result};
use crate::compute::exchange::{
    allocate, draw, eligibility, gather, AccountIn, Allocation, RewardIn, Wish,
};
use crate::compute::rank::{group_name, groups};
use crate::model::entry_id::IdGen;
use crate::model::{Period, Points};
use crate::render::{Column, Format, Table, Value};
use crate::{i18n, tr};
use chrono::{Datelike, NaiveDate};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

// Help texts: `help.exchange.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub round: String,
    #[arg(long, value_name = "FILE")]
    pub requests: PathBuf,
    #[arg(long, value_name = "FILE")]
    pub stock: Option<PathBuf>,
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[arg(long)]
    pub commit: bool,
    #[command(flatten)]
    pub target: Target,
}

/// One row of the requests file, as written.
#[derive(Clone, Debug)]
struct Request {
    line: usize,
    person: String,
    reward: String,
    qty: String,
}

/// Read a small CSV file (UTF-8 with or without a BOM, LF or CRLF) whose
/// header starts with `want`; returns its data rows with their line numbers,
/// or the problems found (each with path and line).
fn read_csv(
    path: &Path,
    want: &[&str],
) -> std::result::Result<Vec<(usize, Vec<String>)>, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::error(
            path,
            0,
            if e.kind() == std::io::ErrorKind::NotFound {
                tr!(exchange.file.not_found)
            } else {
                tr!(exchange.file.unreadable, error = e)
            },
        )
        .fix(tr!(exchange.file.unreadable_fix))]
    })?;
    let text = crate::book::decode_utf8(path, &bytes).map_err(|d| vec![d])?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_text = want.join(",");
    let mut diags = Vec::new();
    let mut rows = Vec::new();
    let mut width = None;
    let mut lines = LineCounter::default();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                diags.push(csv_error(path, &e));
                break;
            }
        };
        let line = rec
            .position()
            .map_or(0, |p| lines.at(text, p.byte() as usize));
        let fields: Vec<String> = rec.iter().map(|f| f.trim().to_string()).collect();
        let Some(n) = width else {
            let ok = fields.len() >= want.len()
                && fields
                    .iter()
                    .zip(want)
                    .all(|(a, b)| a.eq_ignore_ascii_case(b));
            if !ok {
                diags.push(
                    Diagnostic::error(path, line, tr!(exchange.file.header))
                        .expected(tr!(exchange.file.header_expected, header = header_text))
                        .fix(tr!(exchange.file.header_fix, header = header_text)),
                );
                return Err(diags);
            }
            width = Some(fields.len());
            continue;
        };
        if fields.iter().all(String::is_empty) {
            continue;
        }
        if fields.len() != n {
            diags.push(
                Diagnostic::error(
                    path,
                    line,
                    tr!(exchange.file.width, n = fields.len(), width = n),
                )
                .expected(tr!(
                    exchange.file.width_expected,
                    width = n,
                    header = header_text
                ))
                .fix(tr!(exchange.file.width_fix)),
            );
            continue;
        }
        rows.push((line, fields));
    }
    if width.is_none() {
        diags.push(
            Diagnostic::error(path, 0, tr!(exchange.file.empty))
                .expected(tr!(exchange.file.empty_expected, header = header_text)),
        );
    }
    if diags.is_empty() {
        Ok(rows)
    } else {
        Err(diags)
    }
}

/// Line numbers from byte offsets. (The csv crate's own line numbers are one
/// short after a CRLF line break, where a record starts at the `\n`.)
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: usize,
}

impl LineCounter {
    /// The 1-based line of a record starting at byte `at` (offsets only grow).
    fn at(&mut self, text: &str, at: usize) -> usize {
        let b = text.as_bytes();
        let at = if b.get(at) == Some(&b'\n') {
            at + 1
        } else {
            at
        };
        let at = at.min(b.len()).max(self.byte);
        self.line += b[self.byte..at].iter().filter(|&&c| c == b'\n').count();
        self.byte = at;
        self.line + 1
    }
}

fn read_requests(path: &Path) -> Result<Vec<Request>> {
    let rows = read_csv(path, &["person", "reward", "qty"]).map_err(Fail::problems)?;
    Ok(rows
        .into_iter()
        .map(|(line, f)| {
            // Typed by a person: matched after NFKC (`Ｐ０１`, `２`).
            let get = |i: usize| {
                f.get(i)
                    .map(|v| crate::model::typed(v).into_owned())
                    .unwrap_or_default()
            };
            Request {
                line,
                person: get(0),
                reward: get(1),
                qty: get(2),
            }
        })
        .collect())
}

/// The stock file: reward id → units on hand.
fn read_stock(path: &Path, book: &Book) -> Result<HashMap<usize, u64>> {
    let rows = read_csv(path, &["reward", "stock"]).map_err(Fail::problems)?;
    let mut diags = Vec::new();
    let mut stock = HashMap::new();
    let known = || {
        let ids: Vec<&str> = book.rules.rewards.iter().map(|r| r.id.as_str()).collect();
        i18n::list_plain(&ids)
    };
    for (line, f) in rows {
        let id = f.first().map_or("", String::as_str);
        let n = f.get(1).map_or("", String::as_str);
        let Some(r) = lookup::reward(&book.rules, id).ok() else {
            diags.push(
                Diagnostic::error(path, line, tr!(exchange.file.unknown_reward, reward = id))
                    .field(0)
                    .expected(tr!(
                        exchange.file.unknown_reward_expected,
                        rewards = known()
                    )),
            );
            continue;
        };
        let Ok(units) = crate::model::typed(n).parse::<u64>() else {
            diags.push(
                Diagnostic::error(path, line, tr!(exchange.file.bad_stock, value = n))
                    .field(1)
                    .expected(tr!(exchange.file.bad_stock_expected)),
            );
            continue;
        };
        if stock.insert(r, units).is_some() {
            diags.push(
                Diagnostic::error(path, line, tr!(exchange.file.reward_twice, reward = id))
                    .field(0)
                    .expected(tr!(exchange.file.reward_twice_expected)),
            );
        }
    }
    if diags.is_empty() {
        Ok(stock)
    } else {
        Err(Fail::problems(diags))
    }
}

/// A quantity wished: a whole number of at least 1 (as for `redeem --qty`).
fn whole_qty(s: &str) -> Option<u64> {
    let q = crate::compute::record::redeem_qty(Some(s)).ok()?;
    u64::try_from(q.whole()).ok()
}

/// The title: the round, its date, and how the accounts are served.
fn title(scheme: &str, round: &Period, date: NaiveDate, order: Order) -> String {
    let (r, d) = (i18n::period(round), i18n::date(date));
    match order {
        Order::Earned => tr!(exchange.title.earned, scheme = scheme, round = r, date = d),
        Order::Balance => tr!(exchange.title.balance, scheme = scheme, round = r, date = d),
        Order::Requests => tr!(
            exchange.title.requests,
            scheme = scheme,
            round = r,
            date = d
        ),
        Order::Lottery => tr!(
            exchange.title.lottery,
            scheme = scheme,
            round = r,
            date = d,
            draw = round.label
        ),
    }
}

/// The accounts of the book: one per person, or one per household.
struct Accounts {
    /// Per account: id, name, members (roster indices).
    list: Vec<(String, String, Vec<usize>)>,
    /// Per person: their account.
    of_person: Vec<usize>,
    kind: Account,
}

fn accounts(book: &Book) -> Accounts {
    let roster = &book.roster;
    let kind = book.rules.exchange.account;
    let subject = match kind {
        Account::Person => Subject::Person,
        Account::Household => Subject::Household,
    };
    let mut of_person = vec![0; roster.len()];
    let mut list = Vec::new();
    for (k, g) in groups(roster, subject, 0..roster.len())
        .into_iter()
        .enumerate()
    {
        for &m in &g.members {
            if let Some(x) = of_person.get_mut(m) {
                *x = k;
            }
        }
        let name = group_name(roster, subject, &g);
        list.push((g.id, name, g.members));
    }
    Accounts {
        list,
        of_person,
        kind,
    }
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    // The round and its date.
    let period =
        Period::parse(&crate::model::typed(&args.round)).map_err(|e| Fail::Usage(e.to_string()))?;
    let mut book = ctx.load()?;
    let every = book.rules.exchange.every;
    let (Some(start), Some(end)) = (period.start, period.end) else {
        return Err(round_kind_error(&args.round, every));
    };
    if period.kind != every.period_kind() {
        return Err(round_kind_error(&args.round, every));
    }
    // The canonical id (2026h1 → 2026H1), and the round in prose.
    let round_period = Period::containing(start, every);
    let round = round_period.label.clone();
    let in_prose = i18n::period(&round_period);
    let date = match args.date.as_deref() {
        Some(d) => date_arg(d, "--date")?,
        None => end
            .succ_opt()
            .ok_or_else(|| Fail::Usage(tr!(exchange.last_day, round = round)))?,
    };
    if args.commit {
        let today = crate::cmd::today()?;
        if date > today {
            return Err(Fail::Refused(tr!(
                exchange.future,
                date = i18n::date(date),
                today = i18n::date(today)
            )));
        }
    }

    // The wishes and the stock.
    let requests = read_requests(&args.requests)?;
    let stock_override = match &args.stock {
        Some(p) => read_stock(p, &book)?,
        None => HashMap::new(),
    };
    let accts = accounts(&book);
    let mut person_of_wish: Vec<Option<usize>> = Vec::with_capacity(requests.len());
    let mut wishes = Vec::with_capacity(requests.len());
    let mut ambiguous = Vec::new();
    for rq in &requests {
        let person = match lookup::person(&book.roster, &rq.person) {
            Ok(i) => Some(i),
            Err(NameProblem::Ambiguous {
                candidates, typed, ..
            }) => {
                let list: Vec<String> = candidates
                    .iter()
                    .map(|c| {
                        tr!(
                            exchange.file.candidate,
                            id = c.id,
                            household = c.household.as_deref().unwrap_or("")
                        )
                    })
                    .collect();
                ambiguous.push(
                    Diagnostic::error(
                        &args.requests,
                        rq.line,
                        tr!(
                            exchange.file.ambiguous_person,
                            n = candidates.len(),
                            who = typed
                        ),
                    )
                    .field(0)
                    .expected(tr!(
                        exchange.file.ambiguous_person_expected,
                        candidates = i18n::list_plain(&list)
                    ))
                    .fix(tr!(exchange.file.ambiguous_person_fix)),
                );
                None
            }
            Err(_) => None,
        };
        person_of_wish.push(person);
        let left = person
            .and_then(|i| book.roster.people.get(i))
            .and_then(|p| p.left)
            .is_some_and(|l| l < date);
        wishes.push(Wish {
            account: person.and_then(|i| accts.of_person.get(i).copied()),
            reward: lookup::reward(&book.rules, &rq.reward).ok(),
            qty: whole_qty(&rq.qty),
            left,
        });
    }
    if !ambiguous.is_empty() {
        return Err(Fail::problems(ambiguous));
    }

    // Who records, and where: checked before anything is locked.
    let mut problems = Vec::new();
    let (by, ledger) = args.target.resolve(&book.root, &mut problems);
    let by = match by {
        Some(by) if problems.is_empty() => by,
        _ if args.commit => return Err(refuse(problems)),
        _ => String::new(),
    };

    // Lock the book first, then compute, then append (SPEC §5).
    let writing = Writing::start(ctx, &mut book, ledger, date.year(), !args.commit)?;
    let mut ids = Vec::new();
    let mut g = None;
    let mut id_gen = IdGen::from_env();
    for _ in 0..5 {
        ids = if args.commit {
            (0..wishes.len()).map(|_| id_gen.next_id()).collect()
        } else {
            Vec::new()
        };
        let candidates: HashSet<String> = ids.iter().cloned().collect();
        let mut found = gather(&book, &period, date, &round, &candidates)
            .map_err(|e| Fail::Refused(e.to_string()))?;
        fail_on_errors(std::mem::take(&mut found.outcome.diagnostics))?;
        if found.taken.is_empty() {
            g = Some(found);
            break;
        }
    }
    let mut g = g.ok_or_else(|| Fail::Refused(tr!(exchange.no_ids)))?;
    // Points that expire (SPEC §12): those unexpired on the round's last
    // day are spendable in the round, whatever its exchange date.
    if let Some(rule) = book.rules.exchange.expire {
        use crate::compute::expire;
        let rows = expire::rows(&book, None);
        let at = expire::AsOf {
            until: date,
            cutoff: date.min(end),
        };
        let lots =
            expire::lots(&book, rule, &rows, at).map_err(|e| Fail::Refused(e.to_string()))?;
        g.balance = (0..book.roster.len()).map(|p| lots.balance(p)).collect();
    }

    // Who may exchange (SPEC §10): computed only when the rules say.
    let eligibility =
        eligibility(&book, &round_period, date, None).map_err(|e| Fail::Refused(e.to_string()))?;

    // The inputs of the round.
    let nr = book.rules.rewards.len();
    let account_in: Vec<AccountIn> = accts
        .list
        .iter()
        .map(|(id, _, members)| {
            let mut a = AccountIn {
                id: id.clone(),
                redeemed: vec![0; nr],
                ineligible: eligibility
                    .as_ref()
                    .is_some_and(|e| !e.unmet(&book, members).is_empty()),
                ..AccountIn::default()
            };
            for &m in members {
                a.earned = a
                    .earned
                    .checked_add(g.earned.get(m).copied().unwrap_or_default())
                    .unwrap_or(a.earned);
                a.balance = a
                    .balance
                    .checked_add(g.balance.get(m).copied().unwrap_or_default())
                    .unwrap_or(a.balance);
                for (r, x) in a.redeemed.iter_mut().enumerate() {
                    *x += g
                        .redeemed
                        .get(m)
                        .and_then(|v| v.get(r))
                        .copied()
                        .unwrap_or(0);
                }
            }
            a
        })
        .collect();
    let reward_in: Vec<RewardIn> = book
        .rules
        .rewards
        .iter()
        .enumerate()
        .map(|(r, x)| RewardIn {
            id: x.id.clone(),
            cost: x.costs.on(date).copied(),
            stock: stock_override.get(&r).copied().or(x.stock),
            per_person: x.per_person,
            already: g
                .redeemed
                .iter()
                .map(|v| v.get(r).copied().unwrap_or(0))
                .sum(),
        })
        .collect();
    let order = book.rules.exchange.order;
    let al = allocate(&round, order, &account_in, &reward_in, &wishes);

    // Accounts of this file already served in this round.
    let mut file_accounts: Vec<usize> = wishes.iter().filter_map(|w| w.account).collect();
    file_accounts.sort_unstable();
    file_accounts.dedup();
    let mut within = false;
    let already: Vec<String> = file_accounts
        .iter()
        .filter_map(|&a| {
            let (id, name, members) = accts.list.get(a)?;
            let entries: Vec<&str> = members
                .iter()
                .filter_map(|&m| g.served.get(m))
                .flatten()
                .map(String::as_str)
                .collect();
            within |= entries.iter().any(|e| g.within.contains(*e));
            (!entries.is_empty()).then(|| {
                tr!(
                    exchange.spent_account,
                    id = id,
                    name = name,
                    entries = i18n::list_plain(&entries)
                )
            })
        })
        .collect();
    let n_already = already.len();
    let already = already
        .into_iter()
        .reduce(|a, b| tr!(exchange.accounts_join, a = a, b = b))
        .unwrap_or_default();
    // Single redemptions once carried their round in `ref` too: such a row
    // blocks the round like a commit's, and re-recording it frees the round.
    let hint = if within {
        tr!(exchange.within_hint, round = in_prose)
    } else {
        String::new()
    };

    let mut notes = Vec::new();
    if args.commit {
        if !already.is_empty() {
            return Err(Fail::Refused(tr!(
                exchange.already_spent,
                n = n_already,
                round = in_prose,
                accounts = already,
                hint = hint
            )));
        }
        let mut rows = String::new();
        let mut ids = ids.into_iter();
        let mut n = 0;
        for d in al.decisions.iter().filter(|d| d.granted > 0) {
            let person = person_of_wish
                .get(d.wish)
                .copied()
                .flatten()
                .and_then(|i| book.roster.people.get(i));
            let reward = wishes
                .get(d.wish)
                .and_then(|w| w.reward)
                .and_then(|r| book.rules.rewards.get(r));
            let (Some(person), Some(reward), Some(id)) = (person, reward, ids.next()) else {
                continue;
            };
            let points = Points::ZERO.checked_sub(d.points).unwrap_or(Points::ZERO);
            rows.push_str(&format_row(&[
                &id,
                &date.to_string(),
                &person.id,
                "redeem",
                &reward.id,
                &d.granted.to_string(),
                &points.to_string(),
                &by,
                &round,
                "",
            ]));
            n += 1;
        }
        if n > 0 {
            let shown = writing.shown(&book);
            let said = writing.new_file_words(&book);
            writing.finish(&rows)?;
            notes.push(tr!(exchange.recorded, n = n, shown = shown));
            crate::cmd::write::say(ctx.format, said, &mut notes);
        } else {
            notes.push(tr!(exchange.nothing_granted));
        }
    } else {
        if !already.is_empty() {
            notes.push(tr!(
                exchange.already_spent_plan,
                round = in_prose,
                accounts = already,
                hint = hint
            ));
        }
        let n = al.decisions.iter().filter(|d| d.granted > 0).count();
        notes.push(tr!(exchange.plan, n = n));
    }
    if order == Order::Lottery {
        notes.push(tr!(exchange.redraw, round = round));
    }

    let view = View {
        book: &book,
        round: &round,
        round_period: &round_period,
        date,
        order,
        requests: &requests,
        person_of_wish: &person_of_wish,
        wishes: &wishes,
        accts: &accts,
        account_in: &account_in,
        al: &al,
    };
    let mut sections = view.sections();
    if let Some(last) = sections.last_mut() {
        last.notes = notes;
    }
    write_sections(ctx, &view, &sections)
}

fn round_kind_error(text: &str, every: crate::model::CapPer) -> Fail {
    use crate::model::CapPer;
    Fail::Usage(match every {
        CapPer::Year => tr!(exchange.round_kind.year, round = text),
        CapPer::HalfYear => tr!(exchange.round_kind.half_year, round = text),
        CapPer::Quarter => tr!(exchange.round_kind.quarter, round = text),
        CapPer::Month => tr!(exchange.round_kind.month, round = text),
        CapPer::Week => tr!(exchange.round_kind.week, round = text),
        CapPer::Day => tr!(exchange.round_kind.day, round = text),
    })
}

/// Everything the output is made from.
struct View<'a> {
    book: &'a Book,
    round: &'a str,
    round_period: &'a Period,
    date: NaiveDate,
    order: Order,
    requests: &'a [Request],
    person_of_wish: &'a [Option<usize>],
    wishes: &'a [Wish],
    accts: &'a Accounts,
    account_in: &'a [AccountIn],
    al: &'a Allocation,
}

impl View<'_> {
    /// Outcomes, accounts, stock, pick list.
    fn sections(&self) -> Vec<Table> {
        let rules = &self.book.rules;
        let people = &self.book.roster.people;
        let mut outcomes = Table::new(vec![
            Column::new("person", tr!(exchange.col.person)),
            Column::new("name", tr!(exchange.col.name)),
            Column::new("reward", tr!(exchange.col.reward)),
            Column::new("requested", tr!(exchange.col.requested)),
            Column::new("granted", tr!(exchange.col.granted)),
            Column::new("points", tr!(exchange.col.points)),
            Column::new("status", tr!(exchange.col.status)),
            Column::new("reason", tr!(exchange.col.reason)),
        ]);
        outcomes.title = Some(title(
            &rules.scheme.name,
            self.round_period,
            self.date,
            self.order,
        ));
        for d in &self.al.decisions {
            let Some(rq) = self.requests.get(d.wish) else {
                continue;
            };
            let person = self
                .person_of_wish
                .get(d.wish)
                .copied()
                .flatten()
                .and_then(|i| people.get(i));
            let reward = self
                .wishes
                .get(d.wish)
                .and_then(|w| w.reward)
                .and_then(|r| rules.rewards.get(r));
            outcomes.push(vec![
                Value::text(person.map_or(rq.person.as_str(), |p| p.id.as_str())),
                Value::opt_text(person.map(|p| p.name.as_str())),
                // The reward by its name; JSON and CSV: its id.
                reward.map_or(Value::text(rq.reward.as_str()), |r| {
                    Value::term(r.id.as_str(), r.name.as_str())
                }),
                Points::parse(&rq.qty).map_or(Value::Null, Value::Points),
                Value::Int(i64::try_from(d.granted).unwrap_or(i64::MAX)),
                Value::Points(d.points),
                Value::term(d.status.as_str(), d.status.label()),
                d.reason
                    .map_or(Value::Null, |r| Value::term(r.as_str(), r.label())),
            ]);
        }

        let (key, name, title) = match self.accts.kind {
            Account::Person => (
                tr!(exchange.col.account_person),
                tr!(exchange.col.account_name),
                tr!(exchange.accounts_title),
            ),
            Account::Household => (
                tr!(exchange.col.account_household),
                tr!(exchange.col.account_members),
                tr!(exchange.household_accounts_title),
            ),
        };
        let mut cols = vec![
            Column::new("account", key),
            Column::new("name", name),
            Column::new("before", tr!(exchange.col.before)),
            Column::new("spent", tr!(exchange.col.spent)),
            Column::new("after", tr!(exchange.col.after)),
        ];
        match self.order {
            Order::Earned => cols.push(Column::new(
                "earned",
                tr!(exchange.col.earned, round = i18n::period(self.round_period)),
            )),
            Order::Lottery => cols.push(Column::new("draw", tr!(exchange.col.draw))),
            Order::Balance | Order::Requests => {}
        }
        let mut accounts = Table::new(cols);
        accounts.title = Some(title);
        for a in &self.al.accounts {
            let Some((id, name, _)) = self.accts.list.get(a.account) else {
                continue;
            };
            let mut row = vec![
                Value::text(id.as_str()),
                Value::text(name.as_str()),
                Value::Points(a.before),
                Value::Points(a.spent),
                Value::Points(a.after),
            ];
            match self.order {
                Order::Earned => row.push(Value::Points(
                    self.account_in
                        .get(a.account)
                        .map_or(Points::ZERO, |x| x.earned),
                )),
                Order::Lottery => row.push(Value::text(draw(self.round, id))),
                Order::Balance | Order::Requests => {}
            }
            accounts.push(row);
        }

        // Rewards by their names; their ids are for programs.
        let mut stock = Table::new(vec![
            Column::machine("reward"),
            Column::new("name", tr!(exchange.col.reward)),
            Column::new("stock", tr!(exchange.col.stock)),
            Column::new("granted", tr!(exchange.col.stock_granted)),
            Column::new("left", tr!(exchange.col.left)),
            Column::new("already", tr!(exchange.col.already)),
        ]);
        stock.title = Some(tr!(exchange.stock_title));
        let units = |n: Option<u64>| {
            n.map_or(Value::Null, |n| {
                Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
            })
        };
        for s in &self.al.stock {
            let Some(r) = rules.rewards.get(s.reward) else {
                continue;
            };
            stock.push(vec![
                Value::text(r.id.as_str()),
                Value::text(r.name.as_str()),
                units(s.stock),
                units(Some(s.granted)),
                units(s.left),
                units(Some(s.already)),
            ]);
        }

        let mut picks = Table::new(vec![
            Column::machine("reward"),
            Column::new("reward_name", tr!(exchange.col.reward)),
            Column::new("person", tr!(exchange.col.person)),
            Column::new("name", tr!(exchange.col.name)),
            Column::new("qty", tr!(exchange.col.qty)),
        ]);
        picks.title = Some(tr!(exchange.picks_title));
        for (r, reward) in rules.rewards.iter().enumerate() {
            // Per person, in the order served (a person's wishes for the same reward add up).
            let mut got: Vec<(usize, u64)> = Vec::new();
            for d in self.al.decisions.iter().filter(|d| d.granted > 0) {
                if self.wishes.get(d.wish).and_then(|w| w.reward) != Some(r) {
                    continue;
                }
                let Some(p) = self.person_of_wish.get(d.wish).copied().flatten() else {
                    continue;
                };
                match got.iter_mut().find(|(q, _)| *q == p) {
                    Some((_, n)) => *n += d.granted,
                    None => got.push((p, d.granted)),
                }
            }
            for (p, n) in got {
                let Some(person) = people.get(p) else {
                    continue;
                };
                picks.push(vec![
                    Value::text(reward.id.as_str()),
                    Value::text(reward.name.as_str()),
                    Value::text(person.id.as_str()),
                    Value::text(person.name.as_str()),
                    Value::Int(i64::try_from(n).unwrap_or(i64::MAX)),
                ]);
            }
        }
        // In a workbook, one sheet per part.
        outcomes.sheet = Some(tr!(exchange.sheet.outcomes));
        accounts.sheet = Some(tr!(exchange.sheet.accounts));
        stock.sheet = Some(tr!(exchange.sheet.stock));
        picks.sheet = Some(tr!(exchange.sheet.picks));
        vec![outcomes, accounts, stock, picks]
    }
}

/// Table, csv and md: the sections one after another. JSON: one object.
fn write_sections(ctx: &mut Ctx, view: &View<'_>, sections: &[Table]) -> Result {
    if ctx.format == Format::Json {
        let [outcomes, accounts, stock, ..] = sections else {
            return Ok(());
        };
        let text = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "null".into());
        let out = &mut ctx.out;
        writeln!(out, "{{")?;
        writeln!(out, "  \"round\": {},", text(view.round))?;
        writeln!(out, "  \"date\": {},", text(&view.date.to_string()))?;
        writeln!(out, "  \"order\": {},", text(view.order.as_str()))?;
        let parts = [
            ("outcomes", outcomes),
            ("accounts", accounts),
            ("stock", stock),
        ];
        for (k, (key, t)) in parts.iter().enumerate() {
            let comma = if k + 1 < parts.len() { "," } else { "" };
            let objs = t.json_objects();
            if objs.is_empty() {
                writeln!(out, "  \"{key}\": []{comma}")?;
                continue;
            }
            writeln!(out, "  \"{key}\": [")?;
            for (i, o) in objs.iter().enumerate() {
                let c = if i + 1 < objs.len() { "," } else { "" };
                writeln!(out, "    {o}{c}")?;
            }
            writeln!(out, "  ]{comma}")?;
        }
        writeln!(out, "}}")?;
        return Ok(());
    }
    for (i, t) in sections.iter().enumerate() {
        if i > 0 && ctx.format != Format::Xlsx {
            writeln!(ctx.out)?;
        }
        ctx.table(t)?;
    }
    Ok(())
}
