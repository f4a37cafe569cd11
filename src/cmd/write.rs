//! What the commands that write (`add`, `void`, `redeem`, `exchange
//! --commit`) share: their common options, the refusal text, the `--date`
//! default, and [`Writing`]: lock the book, then look at it, then append —
//! so that what was checked is still true when the rows land.

use crate::book::append;
use crate::book::lock::{BookLock, Mode};
use crate::book::{as_dir, ledger, list_ledgers, Book};
use crate::cmd::{lock_timeout, recorder, settle, stop_on_errors, tell_waiting, Ctx, Fail, Result};
use crate::compute::record::{self, Facts, Look, Problem};
use crate::model::entry_id::IdGen;
use crate::model::{id, parse_date, Kind, Points};
use crate::render::{Column, Format, Table, Value};
use crate::tr;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

// Who records the rows, and where they go (every command that writes).
// Help texts: `help.common.arg.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Target {
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub ledger: Option<String>,
}

impl Target {
    /// The recorder and the `--ledger` name; a problem with either is
    /// added to `problems` (and its value is `None`).
    pub fn resolve(
        &self,
        root: &Path,
        problems: &mut Vec<Problem>,
    ) -> (Option<String>, Option<&str>) {
        let by = recorder(self.by.as_deref(), root)
            .map_err(|p| problems.push(p))
            .ok();
        let ledger = ledger_name(self.ledger.as_deref())
            .map_err(|p| problems.push(p))
            .ok()
            .flatten();
        (by, ledger)
    }
}

// The options of `add`, `void` and `redeem` beyond their own.
#[derive(clap::Args, Debug)]
pub struct WriteArgs {
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub target: Target,
}

impl WriteArgs {
    /// The row's date (default `today`); a problem is added to `problems`.
    pub fn date(&self, today: NaiveDate, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
        record_date(self.date.as_deref(), today)
            .map_err(|p| problems.push(p))
            .ok()
    }
}

/// Resolve a PERSON argument (an id or a unique name), or say why not.
pub fn person(book: &Book, who: &str) -> std::result::Result<usize, Problem> {
    crate::book::lookup::person(&book.roster, who).map_err(Problem::Lookup)
}

/// The refusal: every problem, and that nothing was written. A usage
/// error among them (a malformed argument) makes it exit 2, else 1.
pub fn refuse(problems: Vec<Problem>) -> Fail {
    let text = match problems.as_slice() {
        [one] => tr!(write.refused_one, problem = one),
        many => {
            let list: String = many.iter().map(|p| format!("\n  - {p}")).collect();
            tr!(write.refused_many, n = many.len(), list = list)
        }
    };
    if problems.iter().any(Problem::is_usage) {
        Fail::Usage(text)
    } else {
        Fail::Shown(format!("{}\n", tr!(common.error_line, message = text)))
    }
}

/// `--date` (default today); a date after today is refused.
pub fn record_date(arg: Option<&str>, today: NaiveDate) -> std::result::Result<NaiveDate, Problem> {
    let date = match arg {
        None => return Ok(today),
        Some(s) => parse_date(&crate::model::typed(s)).ok_or_else(|| Problem::BadDate {
            text: s.to_string(),
        })?,
    };
    if date > today {
        return Err(Problem::FutureDate { date, today });
    }
    Ok(date)
}

/// A `--ledger NAME` must be a plain file name in the ledger folder.
pub fn ledger_name(arg: Option<&str>) -> std::result::Result<Option<&str>, Problem> {
    match arg {
        None => Ok(None),
        Some(n) => {
            let stem = n.strip_suffix(".csv").unwrap_or(n);
            if id::is_valid(stem) {
                Ok(Some(n))
            } else {
                Err(Problem::BadLedger {
                    name: n.to_string(),
                })
            }
        }
    }
}

/// A write in progress: the book locked for writing (unless a dry run),
/// its ledger list as it stands under the lock, and the target ledger.
pub struct Writing {
    pub target: PathBuf,
    root: PathBuf,
    lock: Option<BookLock>,
    pub dry_run: bool,
    /// The target is not there yet: this write makes it (SPEC §4).
    pub new_file: bool,
    format: Format,
}

impl Writing {
    /// Lock the whole book for writing (SPEC §5: caps and rounds hold across
    /// ledger files), roll back a write that was interrupted, list the
    /// ledgers again under the lock (another writer may have made one), and
    /// pick the ledger that rows dated in `year` go to. A dry run keeps the
    /// book's read lock.
    pub fn start(
        ctx: &mut Ctx,
        book: &mut Book,
        ledger: Option<&str>,
        year: i32,
        dry_run: bool,
    ) -> Result<Writing> {
        let lock = if dry_run {
            None
        } else {
            let mut lock = match ctx.lock.take() {
                Some(l) => l,
                None => BookLock::acquire(
                    as_dir(&book.root),
                    Mode::Exclusive,
                    lock_timeout()?,
                    &mut tell_waiting,
                )
                .map_err(nothing_written)?,
            };
            lock.upgrade(lock_timeout()?, &mut tell_waiting)
                .map_err(nothing_written)?;
            settle(&book.root, &mut lock)?;
            Some(lock)
        };
        book.ledgers = list_ledgers(&book.root).map_err(|d| Fail::problems(vec![d]))?;
        let target = book.write_target(ledger, year);
        if !dry_run {
            append::check_target(&target).map_err(|e| Fail::Refused(e.to_string()))?;
        }
        let new_file = target.symlink_metadata().is_err();
        Ok(Writing {
            target,
            root: book.root.clone(),
            lock,
            dry_run,
            new_file,
            format: ctx.format,
        })
    }

    /// One pass over the book (under the lock) with `count` fresh ids that
    /// the book does not use yet. Refuses a book with errors.
    pub fn look(&self, book: &Book, look: Look<'_>, count: usize) -> Result<(Facts, Vec<String>)> {
        let (mut facts, ids) = self.look_even_with_errors(book, look, count)?;
        stop_on_errors(std::mem::take(&mut facts.outcome.diagnostics), true)?;
        Ok((facts, ids))
    }

    /// As [`Writing::look`], but the book's errors are left in the facts
    /// for the caller to weigh (`void` is how many of them are fixed).
    pub fn look_even_with_errors(
        &self,
        book: &Book,
        look: Look<'_>,
        count: usize,
    ) -> Result<(Facts, Vec<String>)> {
        let mut gen = IdGen::from_env();
        let mut ids: Vec<String> = Vec::with_capacity(count);
        for _ in 0..20 {
            while ids.len() < count {
                let id = gen.next_id();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let this = Look {
                new_ids: &ids,
                prefix: look.prefix,
                redeem: look.redeem,
                scope: look.scope,
            };
            let facts = record::facts(book, &this);
            if facts.clashes.is_empty() {
                return Ok((facts, ids));
            }
            let clashes = facts.clashes;
            ids.retain(|i| !clashes.contains(i));
        }
        Err(Fail::Refused(tr!(write.no_fresh_ids)))
    }

    /// Append `rows` (nothing on a dry run), and lay them out with each
    /// person's balance after them, under a title saying where they went.
    pub fn commit(self, book: &Book, rows: &[Written], balances: &[Points]) -> Result<Table> {
        let text: String = rows.iter().map(|r| r.csv(book)).collect();
        let title = self.title(book, rows.len());
        // Built first: balances too large to show refuse the write.
        let mut t =
            written_table(book, rows, balances).ok_or_else(|| refuse(vec![Problem::TooLarge]))?;
        let (said, format) = (self.new_file_words(book), self.format);
        self.finish(&text)?;
        t.title = Some(title);
        say(format, said, &mut t.notes);
        Ok(t)
    }

    /// Append `rows` (nothing on a dry run).
    pub fn finish(self, rows: &str) -> Result {
        match &self.lock {
            Some(l) if !self.dry_run => append::append_all(l, &self.root, &[(&self.target, rows)])
                .map_err(|e| Fail::Refused(e.to_string())),
            _ => Ok(()),
        }
    }

    /// Where the write makes a new ledger file, the words saying so with
    /// the `git add` it needs (for [`say`], once the rows are written).
    pub fn new_file_words(&self, book: &Book) -> Option<String> {
        if !self.new_file {
            return None;
        }
        let path = self.shown(book).replace('\\', "/");
        Some(if self.dry_run {
            tr!(yearfile.new_ledger_dry_run, path = path)
        } else {
            tr!(yearfile.new_ledger, path = path)
        })
    }

    /// Append rows to several ledgers in one all-or-nothing write (nothing
    /// on a dry run): `import`, whose rows go to the ledger of each date.
    pub fn finish_parts(self, parts: &[(&Path, &str)]) -> Result {
        match &self.lock {
            Some(l) if !self.dry_run => {
                append::append_all(l, &self.root, parts).map_err(|e| Fail::Refused(e.to_string()))
            }
            _ => Ok(()),
        }
    }

    /// The target as the user knows it: `ledger/2026.csv`.
    pub fn shown(&self, book: &Book) -> String {
        self.target
            .strip_prefix(&book.root)
            .unwrap_or(&self.target)
            .display()
            .to_string()
    }

    /// "recorded 2 rows in ledger/2026.csv", or the dry run's words.
    pub fn title(&self, book: &Book, n: usize) -> String {
        let path = self.shown(book);
        if self.dry_run {
            tr!(write.dry_run, n = n, path = path)
        } else {
            tr!(write.recorded, n = n, path = path)
        }
    }
}

/// Say `words` after a write: a note under a table (or Markdown), on stderr
/// beside the machine formats, whose shape stays as it is.
pub fn say(format: Format, words: Option<String>, notes: &mut Vec<String>) {
    match (words, format) {
        (None, _) => {}
        (Some(w), Format::Table | Format::Md | Format::Xlsx) => notes.push(w),
        (Some(w), Format::Csv | Format::Json) => eprintln!("{w}"),
    }
}

/// A lock that could not be taken, and that nothing was written.
fn nothing_written(e: crate::book::lock::LockError) -> Fail {
    Fail::Refused(tr!(cmd.nothing_written, message = e))
}

/// A row written, as shown.
pub struct Written {
    pub id: String,
    pub date: NaiveDate,
    pub person: usize,
    /// A household deed: `person` is the household's head, and the row
    /// names the household (SPEC §10).
    pub household: bool,
    pub kind: Kind,
    pub item: String,
    /// The item's (category's, reward's) name, as the rules write it.
    pub item_name: String,
    /// Empty only for the void of an `open` row without a quantity.
    pub qty: Option<Points>,
    pub points: Points,
    pub by: String,
    pub reference: String,
    pub note: String,
}

impl Written {
    pub fn csv(&self, book: &Book) -> String {
        let (date, qty, points) = (
            self.date.to_string(),
            crate::compute::scan::qty_text(self.qty),
            self.points.to_string(),
        );
        ledger::format_row(&[
            &self.id,
            &date,
            if self.household {
                &book.roster.people[self.person].household
            } else {
                &book.roster.people[self.person].id
            },
            self.kind.as_str(),
            &self.item,
            &qty,
            &points,
            &self.by,
            &self.reference,
            &self.note,
        ])
    }
}

/// The rows written and each person's balance after them (SPEC §4 keys);
/// `None` where a balance would be too large to count exactly.
pub fn written_table(book: &Book, rows: &[Written], balances: &[Points]) -> Option<Table> {
    let mut t = Table::new(vec![
        Column::new("id", tr!(write.col.id)),
        Column::new("date", tr!(write.col.date)),
        Column::new("person", tr!(write.col.person)),
        Column::new("name", tr!(write.col.name)),
        Column::new("kind", tr!(write.col.kind)),
        Column::new("item", tr!(write.col.item)),
        Column::new("qty", tr!(write.col.qty)),
        Column::new("points", tr!(write.col.points)),
        Column::new("balance", tr!(write.col.balance)),
    ]);
    let mut after = balances.to_vec();
    for r in rows {
        let p = &book.roster.people[r.person];
        // A household's balance stands past the people's (see
        // `record::household_balances`).
        let slot = if r.household {
            book.roster.len() + r.person
        } else {
            r.person
        };
        let (id, name) = if r.household {
            (p.household.clone(), record::household_name(book, r.person))
        } else {
            (p.id.clone(), p.name.clone())
        };
        // A row awaiting approval (SPEC §11) moves no balance yet.
        let pending = r.kind == Kind::Earn
            && book
                .rules
                .item(&r.item)
                .is_some_and(|i| book.rules.items[i].needs_approval(r.date));
        let bal = match after.get_mut(slot) {
            Some(b) if pending => *b,
            Some(b) => {
                *b = b.checked_add(r.points)?;
                *b
            }
            None => Points::ZERO,
        };
        t.push(vec![
            Value::text(r.id.as_str()),
            Value::Date(r.date),
            Value::text(id),
            Value::text(name),
            Value::term(r.kind.as_str(), record::kind_words(r.kind)),
            Value::term(r.item.as_str(), r.item_name.as_str()),
            r.qty.map_or(Value::Null, Value::Points),
            Value::Points(r.points),
            Value::Points(bal),
        ]);
    }
    Some(t)
}
