//! The one pass over the ledgers that every report and `check` share.
//!
//! Ledgers are streamed in ledger order (files by name, rows in file order)
//! twice: the first pass only notes which entries are voided (voids are few),
//! the second checks and resolves every row and hands it to a [`Visit`]or
//! with its status. Memory is bounded by the roster and the number of voids,
//! not by the number of rows.
//!
//! `check` also looks for duplicate ids, likely double entries and
//! redemptions beyond the balance, still in bounded memory: the second pass
//! writes each row's id and content (as a 128-bit hash) to temporary bucket
//! files (see [`super::spill`]); each bucket is then sorted on its own, so
//! equal keys meet and every repeat is found exactly, with its first row.
//! The balances as of each redemption's date come from the second pass too.
//!
//! Every rule of SPEC §2.3 and §3 that a single row can break is checked here,
//! so a report never prints a figure from a book with errors.

use crate::book::diag::Diagnostic;
use crate::book::ledger::{self, col, RawRow};
use crate::book::rules::{Cap, Unit};
use crate::book::Book;
use crate::model::{Kind, Points, Rate};
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHasher;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

use super::spill::{Repeat, Repeats, Spill};

mod approval;
mod finding;
mod household;
pub use finding::{Finding, Named, RuleText, Stay};
pub use household::cap_key_of;

/// What the `item` column of an entry names, resolved by its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum What {
    Item(usize),
    Reward(usize),
    Category(usize),
}

/// Whether an entry counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status<'a> {
    /// It counts.
    Effective,
    /// A later void (this id) cancels it.
    Voided(&'a str),
    /// It is a void; it cancels the entry with this id.
    Void(&'a str),
    /// An earn row awaiting approval (SPEC §11): it counts nowhere but caps.
    Pending,
    /// It is an approve; it makes the entry with this id count.
    Approve(&'a str),
}

/// One resolved ledger row.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    pub file: usize,
    pub line: usize,
    /// Position in ledger order, from 1.
    pub seq: u64,
    pub id: &'a str,
    pub date: NaiveDate,
    pub person: usize,
    /// A household deed (SPEC §10): `person` is the household's head (its
    /// first member in the roster) and the row counts for the household
    /// only, never in the head's own totals.
    pub household: bool,
    pub kind: Kind,
    pub what: What,
    /// Empty (`None`) only for an `open` row or its void.
    pub qty: Option<Points>,
    pub points: Points,
    pub by: &'a str,
    pub reference: &'a str,
    pub note: &'a str,
    pub status: Status<'a>,
}

impl Entry<'_> {
    pub fn counts(&self) -> bool {
        self.status == Status::Effective
    }
}

/// Receives every row that could be resolved, in ledger order.
pub trait Visit {
    fn entry(&mut self, e: &Entry<'_>);
}

impl<F: FnMut(&Entry<'_>)> Visit for F {
    fn entry(&mut self, e: &Entry<'_>) {
        self(e)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Everything a row can break; what reports need.
    Report,
    /// Also duplicate ids, likely double entries, redemptions beyond the balance.
    Check,
}

/// Whose cap a cap counter belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CapOwner {
    Item(usize),
    Category(usize),
    /// An item's `deduct_cap`: its room is the magnitude of negative points.
    ItemDeduct(usize),
    /// A category's `deduct_cap`.
    CategoryDeduct(usize),
}

impl CapOwner {
    /// Whether it is a `deduct_cap` (counts negative points).
    pub fn deducts(self) -> bool {
        matches!(self, CapOwner::ItemDeduct(_) | CapOwner::CategoryDeduct(_))
    }
}

/// `room` with the sign of the points it limits.
pub fn signed(room: Points, negative: bool) -> Points {
    if negative {
        // room is at least 0 and at most a cap: its negation fits.
        room.checked_neg().unwrap_or_default()
    } else {
        room
    }
}

/// A ledger row kept by a scoped scan.
struct KeptRow {
    index: u64,
    line: usize,
    id: String,
    date: NaiveDate,
    person: String,
    kind: Kind,
    item: String,
    qty: Option<Points>,
    points: Points,
    by: String,
    reference: String,
    note: String,
}

impl KeptRow {
    fn from(r: &RawRow<'_>) -> KeptRow {
        KeptRow {
            index: r.index,
            line: r.line,
            id: r.id.to_string(),
            date: r.date,
            person: r.person.to_string(),
            kind: r.kind,
            item: r.item.to_string(),
            qty: r.qty,
            points: r.points,
            by: r.by.to_string(),
            reference: r.reference.to_string(),
            note: r.note.to_string(),
        }
    }

    fn view(&self) -> RawRow<'_> {
        RawRow {
            index: self.index,
            line: self.line,
            id: &self.id,
            date: self.date,
            person: &self.person,
            kind: self.kind,
            item: &self.item,
            qty: self.qty,
            points: self.points,
            by: &self.by,
            reference: &self.reference,
            note: &self.note,
        }
    }
}

/// The entry a void cancels, as seen in the second pass.
#[derive(Clone, Debug)]
struct Target {
    person: usize,
    household: bool,
    kind: Kind,
    what: What,
    item: String,
    qty: Option<Points>,
    points: Points,
    /// Cap room it took: freed again where its void stands.
    took: Vec<((usize, CapOwner, i32), Points)>,
}

/// A void, from the first pass.
#[derive(Clone, Debug)]
struct VoidRec {
    id: String,
    seq: u64,
    file: usize,
    line: usize,
    target: Option<Target>,
    /// Already reported as a second void of its target.
    reported: bool,
    /// Where an entry with the target's id turns up after the void.
    later: Option<(usize, usize)>,
}

/// What the scan found, beyond what the visitor collected.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Problems, sorted by file (in ledger order) and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Check mode: likely double entries, by file and line, read one at a
    /// time from temporary files (a synthetic book can hold millions): shown
    /// after the diagnostics of the same line.
    pub doubles: Repeats,
    /// Check mode: redemptions beyond the balance, sorted by file and line:
    /// shown after the doubles of the same line.
    pub late: Vec<Diagnostic>,
    pub rows: u64,
    /// Cap room taken after the last row: (person, owner, bucket) → points.
    pub cap_used: HashMap<(usize, CapOwner, i32), Points>,
    /// Ledger files (indices) whose last line is torn.
    pub torn: Vec<usize>,
}

/// `check` could not look for repeated ids and likely double entries: its
/// temporary files failed (SPEC §5: it says so, and does not say ok).
pub fn spill_diagnostic(e: &std::io::Error) -> Diagnostic {
    let dir = std::env::temp_dir();
    Finding::SpillFailed {
        dir: dir.display().to_string(),
        error: match e
            .get_ref()
            .and_then(|i| i.downcast_ref::<super::spill::SpillError>())
        {
            Some(s) => s.to_string(),
            None => crate::book::io_reason(e),
        },
    }
    .at(&dir, 0)
}

/// The warning for a likely double entry: the row at `r.at` equals the one
/// at `r.first` but for its id.
pub fn double_diagnostic(r: &Repeat, book: &Book) -> Diagnostic {
    let ((file, line), (first, first_line)) = (r.at, r.first);
    let fp = book
        .ledgers
        .get(first as usize)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let path = book.ledgers.get(file as usize).cloned().unwrap_or_default();
    Finding::DoubleEntry {
        first: fp,
        first_line,
    }
    .at(&path, line as usize)
}

fn hash_of<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// A fast hash, well mixed (it picks the spill's bucket). Rows are told apart by
/// this and [`hash_of`] together, so they are as distinct as with either.
fn fast_hash<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = FxHasher::default();
    t.hash(&mut h);
    // splitmix64's finalizer: every input bit reaches every output bit.
    let mut z = h.finish();
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The kinds of key the spill holds (the first byte of each).
const ID: u8 = b'i';
const CONTENT: u8 = b'c';

/// The fields a likely double entry shares: all but the id.
/// They are written into `out` as one run of bytes (each text field behind
/// its length), so that each hash reads them in one go.
fn content(row: &RawRow<'_>, out: &mut Vec<u8>) {
    use chrono::Datelike;
    out.clear();
    out.extend_from_slice(&row.date.num_days_from_ce().to_le_bytes());
    out.push(row.kind as u8);
    // An empty qty (an `open` row) differs from every number.
    out.extend_from_slice(&row.qty.map_or(i64::MIN, Points::hundredths).to_le_bytes());
    out.extend_from_slice(&row.points.hundredths().to_le_bytes());
    for text in [row.person, row.item, row.by, row.reference, row.note] {
        out.extend_from_slice(&(text.len() as u64).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
}

/// Scan the ledgers of `book`.
pub fn scan(book: &Book, mode: Mode, visit: &mut dyn Visit) -> Outcome {
    scan_scoped(book, mode, None, visit)
}

/// Which rows a scan reads: only those of some people (and rows with some
/// ids). What a recording needs is a few people's rows — their caps, their
/// balances, their voids — so `add` and `redeem` skip everyone else's rows
/// without parsing or checking them (`points check` checks them all).
#[derive(Debug, Default)]
pub struct Scope {
    people: rustc_hash::FxHashSet<Box<[u8]>>,
    ids: rustc_hash::FxHashSet<Box<[u8]>>,
}

impl Scope {
    pub fn new(book: &Book, people: &[usize], ids: &[String]) -> Scope {
        // With household items, the people's households' own rows too.
        let deeds = book.rules.items.iter().any(|i| i.household);
        Scope {
            people: people
                .iter()
                .filter_map(|&p| book.roster.people.get(p))
                .flat_map(|p| {
                    let household = deeds.then_some(p.household.as_bytes());
                    std::iter::once(p.id.as_bytes()).chain(household)
                })
                .map(Into::into)
                .collect(),
            ids: ids.iter().map(|i| i.as_bytes().into()).collect(),
        }
    }

    fn keeps(&self, person: &[u8], id: &[u8]) -> bool {
        self.people.contains(person) || self.ids.contains(id)
    }

    /// The cheap test on a raw line.
    fn keeps_line(&self, row: &[u8]) -> bool {
        let person = crate::book::csvread::field_of(row, col::PERSON).unwrap_or(b"");
        let id = crate::book::csvread::field_of(row, col::ID).unwrap_or(b"");
        self.keeps(person, id)
    }
}

/// As [`scan`], reading only the rows `scope` keeps.
pub fn scan_scoped(
    book: &Book,
    mode: Mode,
    scope: Option<&Scope>,
    visit: &mut dyn Visit,
) -> Outcome {
    let mut s = Scanner::new(book, mode);
    s.scope = scope;
    if scope.is_some() {
        // The rows in scope are few: read the files once, keep those rows,
        // then find their voids and check them, as the two passes would.
        s.scoped_pass(visit);
        return s.finish();
    }
    s.first_pass();
    s.second_pass(visit);
    if mode == Mode::Check {
        s.find_repeats();
    }
    s.finish()
}

struct Scanner<'b> {
    book: &'b Book,
    mode: Mode,
    scope: Option<&'b Scope>,
    /// Files whose second pass stopped early, and the line where.
    stopped: Vec<(usize, usize)>,
    voids: HashMap<String, Vec<VoidRec>>,
    /// The approve rows by their target's id (SPEC §11; only with approval rules).
    approves: HashMap<String, Vec<approval::ApproveRec>>,
    /// Rows in the ledger files before each file (ledger order = base + index).
    file_base: Vec<u64>,
    diags: Vec<Diagnostic>,
    cap_used: HashMap<(usize, CapOwner, i32), Points>,
    /// Rows in all the ledger files, from the first pass.
    total_rows: u64,
    /// Check mode: every row's id and content, to find the repeated ones.
    spill: Option<Spill>,
    /// The content of the row at hand, as bytes (reused).
    content: Vec<u8>,
    id_clashes: Vec<(String, usize, usize, (u32, u32))>,
    doubles: Repeats,
    /// Check mode: the counted redemptions: (person, date, file, line).
    redeems: Vec<(usize, NaiveDate, usize, usize)>,
    /// Check mode, per person: the dates of their redemptions (sorted, once
    /// each) and the points of counted rows dated after the previous such date, up to this one.
    marks: Vec<(Vec<NaiveDate>, Vec<Points>)>,
    /// Check mode: each redemption's person's balance as of its date, from the second pass's sums.
    balances: HashMap<(usize, NaiveDate), Points>,
    torn: Vec<usize>,
    rows: u64,
    /// Report mode: void targets' ids → where first seen.
    target_ids: HashMap<String, (u32, u32)>,
    /// The sum of all rows' |points| and of earn rows' |qty|: see `row`.
    magnitude: (Points, Points),
    too_large: bool,
}

/// Note a void of `target`. Almost every target has one void: its list
/// starts with room for one (not four), which matters with many voids.
fn add_void(voids: &mut HashMap<String, Vec<VoidRec>>, target: String, v: VoidRec) {
    match voids.entry(target) {
        std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().push(v),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(vec![v]);
        }
    }
}

fn abs(p: Points) -> Points {
    p.checked_neg().map_or(p, |n| n.max(p))
}

impl<'b> Scanner<'b> {
    fn new(book: &'b Book, mode: Mode) -> Self {
        Scanner {
            book,
            mode,
            scope: None,
            stopped: Vec::new(),
            voids: HashMap::default(),
            approves: HashMap::default(),
            file_base: Vec::new(),
            diags: Vec::new(),
            cap_used: HashMap::default(),
            total_rows: 0,
            spill: None,
            content: Vec::new(),
            id_clashes: Vec::new(),
            doubles: Repeats::default(),
            redeems: Vec::new(),
            marks: if mode == Mode::Check {
                vec![Default::default(); book.roster.len()]
            } else {
                Vec::new()
            },
            balances: HashMap::default(),
            torn: Vec::new(),
            rows: 0,
            target_ids: HashMap::default(),
            magnitude: (Points::ZERO, Points::ZERO),
            too_large: false,
        }
    }

    fn path(&self, file: usize) -> &'b Path {
        &self.book.ledgers[file]
    }

    /// Find the voids. Files are read in parallel (one thread per file, as
    /// many at once as there are cores): this pass only looks for rows of
    /// kind `void`, so it is cheap, and its results are merged in ledger order.
    fn first_pass(&mut self) {
        type Found = (
            u64,
            Vec<(u64, usize, String, String, bool)>,
            Vec<(String, NaiveDate)>,
        );
        let check = self.mode == Mode::Check;
        let approvals = self.book.rules.approval;
        let read = |path: &std::path::PathBuf| -> Found {
            let (mut voids, mut redeems) = (Vec::new(), Vec::new());
            let rows = ledger::read_voids(path, check, approvals, |index, line, f| {
                let (id, reference) = (f[col::ID].to_string(), f[col::REF].to_string());
                if f[col::KIND] == "void" {
                    voids.push((index, line, id, reference, false));
                } else if f[col::KIND] == "approve" {
                    voids.push((index, line, id, reference, true));
                } else if let Some(d) = crate::model::parse_date(f[col::DATE]) {
                    redeems.push((f[col::PERSON].to_string(), d));
                }
            });
            (rows, voids, redeems)
        };
        let ledgers = &self.book.ledgers;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(ledgers.len())
            .max(1);
        let mut per_file: Vec<Found> = Vec::with_capacity(ledgers.len());
        if threads == 1 {
            per_file.extend(ledgers.iter().map(read));
        } else {
            for chunk in ledgers.chunks(threads) {
                let results: Vec<Found> = std::thread::scope(|s| {
                    let handles: Vec<_> = chunk.iter().map(|p| s.spawn(move || read(p))).collect();
                    // A reading thread does not panic on any input; if one did, its file counts as empty.
                    handles
                        .into_iter()
                        .map(|h| h.join().unwrap_or_default())
                        .collect()
                });
                per_file.extend(results);
            }
        }
        let mut base = 0u64;
        for (file, (rows, found, redeems)) in per_file.into_iter().enumerate() {
            // Check mode: the dates of each person's redemptions, where the
            // second pass takes their balances.
            for (person, date) in redeems {
                let book = self.book;
                if let Some(m) = book
                    .roster
                    .index(&person)
                    .and_then(|p| self.marks.get_mut(household::account(book, p)))
                {
                    m.0.push(date);
                }
            }
            self.file_base.push(base);
            for (index, line, id, reference, approve) in found {
                if approve {
                    let at = (file, line);
                    approval::add_approve(&mut self.approves, reference, id, base + index, at);
                    continue;
                }
                add_void(
                    &mut self.voids,
                    reference,
                    VoidRec {
                        id,
                        seq: base + index,
                        file,
                        line,
                        target: None,
                        reported: false,
                        later: None,
                    },
                );
            }
            base += rows;
        }
        self.total_rows = base;
        for m in &mut self.marks {
            m.0.sort_unstable();
            m.0.dedup();
            m.1 = vec![Points::ZERO; m.0.len()];
        }
        if self.mode == Mode::Check {
            // Two keys a row: its id and its content.
            match Spill::new(2 * base) {
                Ok(s) => self.spill = Some(s),
                Err(e) => self.spill_failed(&e),
            }
        }
    }

    /// One reading of the files for a scoped scan: the rows in scope are kept
    /// (with the problems met, in order), the voids among them noted, then
    /// every kept row is checked and visited in ledger order.
    fn scoped_pass(&mut self, visit: &mut dyn Visit) {
        enum Kept {
            Row(usize, KeptRow),
            Problems(Vec<Diagnostic>),
        }
        let book = self.book;
        let scope = self.scope;
        let keep = move |row: &[u8]| scope.is_none_or(|s| s.keeps_line(row));
        let mut kept: Vec<Kept> = Vec::new();
        let mut base = 0u64;
        for (file, path) in book.ledgers.iter().enumerate() {
            self.file_base.push(base);
            let summary = ledger::read_file_where(path, Some(&keep), |r| match r {
                Err(d) => kept.push(Kept::Problems(d)),
                Ok(row)
                    if scope
                        .is_some_and(|s| !s.keeps(row.person.as_bytes(), row.id.as_bytes())) => {}
                Ok(row) => kept.push(Kept::Row(file, KeptRow::from(&row))),
            });
            if summary.torn {
                self.torn.push(file);
            }
            self.rows += summary.rows as u64;
            base += summary.rows as u64;
        }
        self.total_rows = base;
        for k in &kept {
            if let Kept::Row(file, r) = k {
                if r.kind == Kind::Approve && book.rules.approval {
                    let (seq, at) = (self.file_base[*file] + r.index, (*file, r.line));
                    let (reference, id) = (r.reference.clone(), r.id.clone());
                    approval::add_approve(&mut self.approves, reference, id, seq, at);
                }
                if r.kind == Kind::Void {
                    add_void(
                        &mut self.voids,
                        r.reference.clone(),
                        VoidRec {
                            id: r.id.clone(),
                            seq: self.file_base[*file] + r.index,
                            file: *file,
                            line: r.line,
                            target: None,
                            reported: false,
                            later: None,
                        },
                    );
                }
            }
        }
        for k in kept {
            match k {
                Kept::Problems(d) => self.diags.extend(d),
                Kept::Row(file, r) => {
                    let seq = self.file_base[file] + r.index;
                    self.row(file, seq, &r.view(), visit);
                }
            }
        }
    }

    /// Check and visit every row (unscoped scans; see [`Scanner::scoped_pass`]).
    fn second_pass(&mut self, visit: &mut dyn Visit) {
        let book = self.book;
        for (file, path) in book.ledgers.iter().enumerate() {
            let base = self.file_base.get(file).copied().unwrap_or_default();
            let summary = ledger::read_file(path, |r| match r {
                Err(d) => self.diags.extend(d),
                Ok(row) => self.row(file, base + row.index, &row, visit),
            });
            if summary.torn {
                self.torn.push(file);
            }
            if let Some(line) = summary.stopped_at {
                self.stopped.push((file, line));
            }
            self.rows += summary.rows as u64;
        }
    }

    /// Check mode: the balances as of the redemptions' dates, from the
    /// second pass's sums; and the repeated ids and contents, from the spill.
    fn find_repeats(&mut self) {
        for (person, (dates, sums)) in std::mem::take(&mut self.marks).into_iter().enumerate() {
            let mut bal = Points::ZERO;
            for (date, s) in dates.into_iter().zip(sums) {
                // Sums of distinct rows the magnitude guard counted: they fit.
                // Were one not to, the balances from there on stay unknown
                // (and no warning is given from them).
                let Some(b) = bal.checked_add(s) else { break };
                bal = b;
                self.balances.insert((person, date), bal);
            }
        }
        let Some(spill) = self.spill.take() else {
            return;
        };
        let mut clashes = Vec::new();
        let found = spill.repeats(
            |key, r| {
                let id = String::from_utf8_lossy(key.get(1..).unwrap_or_default()).into_owned();
                clashes.push((id, r.at.0 as usize, r.at.1 as usize, r.first));
            },
            |key| key.first() == Some(&CONTENT),
        );
        match found {
            Ok(doubles) => {
                self.doubles = doubles;
                clashes.sort_by_key(|c| (c.1, c.2));
                self.id_clashes.extend(clashes);
            }
            Err(e) => self.spill_failed(&e),
        }
    }

    /// The temporary files for finding repeats could not be written: say
    /// what could not be checked (an error: `check` cannot say ok) and go on
    /// checking everything else.
    fn spill_failed(&mut self, e: &std::io::Error) {
        self.spill = None;
        self.diags.push(spill_diagnostic(e));
    }

    /// A row that cannot be resolved (its person or item is unknown: reported
    /// at the row) may still be the target of a later void. That void must not
    /// also say that no entry has the id: the row's own error is what to fix.
    fn unresolved(&mut self, id: &str, seq: u64) {
        self.approve_unresolved(id, seq);
        if let Some(v) = self
            .voids
            .get_mut(id)
            .and_then(|vs| vs.iter_mut().find(|v| v.seq > seq))
        {
            v.reported = true;
        }
    }

    /// The amounts of the book add up to more than can be counted exactly,
    /// with the row at `file:line`: an error, said once; from then on no row
    /// is visited and no sum is kept (they could be wrong).
    fn too_large_at(&mut self, file: usize, line: usize) {
        if self.too_large {
            return;
        }
        self.too_large = true;
        self.found(file, line, Finding::TooLarge);
    }

    /// `*sum += p` where it fits; false (the sum as it was) where it does not.
    fn add_into(sum: &mut Points, p: Points) -> bool {
        match sum.checked_add(p) {
            Some(n) => {
                *sum = n;
                true
            }
            None => false,
        }
    }

    /// Note what was found at `line` of ledger file `file`.
    fn found(&mut self, file: usize, line: usize, f: Finding) {
        let d = f.at(self.path(file), line);
        self.diags.push(d);
    }

    fn row(&mut self, file: usize, seq: u64, row: &RawRow<'_>, visit: &mut dyn Visit) {
        if self.mode != Mode::Check {
            self.row_inner(file, seq, row, visit);
            return;
        }
        let counted = self.row_inner(file, seq, row, visit);
        let Some(spill) = self.spill.as_mut() else {
            return;
        };
        let at = (file as u32, row.line as u32);
        let buf = &mut self.content;
        let wrote = spill
            .push(fast_hash(row.id.as_bytes()), at, ID, row.id.as_bytes())
            .and_then(|()| {
                if !counted {
                    return Ok(());
                }
                // Rows are told apart by two unrelated 64-bit hashes of their content.
                content(row, buf);
                let c = buf.as_slice();
                let (h, h2) = (fast_hash(c), hash_of(c));
                let mut key = [0u8; 16];
                key[..8].copy_from_slice(&h.to_le_bytes());
                key[8..].copy_from_slice(&h2.to_le_bytes());
                spill.push(h, at, CONTENT, &key)
            });
        if let Err(e) = wrote {
            self.spill_failed(&e);
        }
    }

    /// Check and visit one row; whether it counts (resolved, not voided, not a void).
    fn row_inner(
        &mut self,
        file: usize,
        seq: u64,
        row: &RawRow<'_>,
        visit: &mut dyn Visit,
    ) -> bool {
        let book = self.book;
        let rules = &book.rules;
        let line = row.line;

        // Every sum a report makes is a sum of some rows' points (or hours), so
        // none can overflow while the sum of them all, as magnitudes, fits.
        if !self.too_large {
            let qty = match row.kind {
                Kind::Earn => row.qty.unwrap_or_default(),
                _ => Points::ZERO,
            };
            match (
                self.magnitude.0.checked_add(abs(row.points)),
                self.magnitude.1.checked_add(abs(qty)),
            ) {
                (Some(p), Some(q)) => self.magnitude = (p, q),
                _ => self.too_large_at(file, line),
            }
        }

        let resolved = match book.roster.index(row.person) {
            Some(p) => Some((p, false)),
            None => book.roster.household(row.person).map(|h| (h, true)),
        };
        let Some((person, household)) = resolved else {
            self.unresolved(row.id, seq);
            if book.roster.skipped.contains(row.person) {
                // Its roster row has errors, already reported.
                return false;
            }
            self.found(
                file,
                line,
                Finding::UnknownPerson {
                    person: row.person.to_string(),
                },
            );
            return false;
        };

        // The voids that name this row's id (most rows have none): those
        // before it come too early; the first after it voids it.
        let mut voided_by: Option<usize> = None;
        let named = match self.voids.get_mut(row.id) {
            None => !self.approves.is_empty() && self.approves.contains_key(row.id),
            Some(vs) => {
                for v in vs.iter_mut().filter(|v| v.seq < seq && v.later.is_none()) {
                    v.later = Some((file, line));
                }
                voided_by = vs.iter().position(|v| v.seq > seq);
                true
            }
        };
        // A void target's id must be unique, or the void is ambiguous (check
        // mode finds every duplicate id; reports only need these few).
        if self.mode == Mode::Report && named {
            let here = (file as u32, line as u32);
            match self.target_ids.get(row.id) {
                Some(&first) => self
                    .id_clashes
                    .push((row.id.to_string(), file, line, first)),
                None => {
                    self.target_ids.insert(row.id.to_string(), here);
                }
            }
        }

        let what = match row.kind {
            Kind::Earn => rules.item(row.item).map(What::Item).ok_or(Named::Item),
            Kind::Open => rules
                .category(row.item)
                .map(What::Category)
                .ok_or(Named::Category),
            Kind::Redeem => rules
                .reward(row.item)
                .map(What::Reward)
                .ok_or(Named::Reward),
            Kind::Void => match self.check_void(file, line, seq, (person, household), row) {
                Some(w) => Ok(w),
                None => return false,
            },
            Kind::Approve => match self.check_approve(file, line, seq, (person, household), row) {
                Some(w) => Ok(w),
                None => return false,
            },
        };
        let what = match what {
            Ok(w) => w,
            Err(named) => {
                self.unresolved(row.id, seq);
                let known: Vec<&str> = match named {
                    Named::Item => rules.items.iter().map(|i| i.id.as_str()).collect(),
                    Named::Category => rules.categories.iter().map(|i| i.id.as_str()).collect(),
                    Named::Reward => rules.rewards.iter().map(|i| i.id.as_str()).collect(),
                };
                let known = shorten(&known);
                let id = row.item.to_string();
                self.found(file, line, Finding::UnknownName { named, id, known });
                return false;
            }
        };

        // A household id only on earn rows of household items (and their
        // voids); a person id never on them.
        if !self.subject_fits(file, line, row, what, household) {
            self.unresolved(row.id, seq);
            return false;
        }

        // Rules, and the cap room this row takes (earn rows take room, voided
        // or not, until their void frees it). A voided row is not checked.
        let mut took = Vec::new();
        match (row.kind, what, voided_by) {
            (Kind::Earn, What::Item(i), None) => {
                self.check_earn(file, line, (person, household), row, i, &mut took);
                self.check_row_points(file, line, row);
            }
            (Kind::Earn, What::Item(i), Some(_)) if !row.points.is_zero() => {
                let mut fits = true;
                let take = abs(row.points);
                for (owner, cap) in cap_keys(rules, i, row.points) {
                    let key =
                        cap_key_of(&self.book.roster, person, household, owner, &cap, row.date);
                    fits &= Self::add_into(self.cap_used.entry(key).or_default(), take);
                    took.push((key, take));
                }
                if !fits {
                    self.too_large_at(file, line);
                }
            }
            (Kind::Redeem, What::Reward(r), None) => self.check_redeem(file, line, row, r),
            (Kind::Open, _, None) if row.qty.is_some_and(Points::is_negative) => {
                let qty = qty_text(row.qty);
                self.found(file, line, Finding::OpenQtyNegative { qty });
            }
            _ => {}
        }

        if let Some(k) = voided_by {
            if let Some(vs) = self.voids.get_mut(row.id) {
                vs[k].target = Some(Target {
                    person,
                    household,
                    kind: row.kind,
                    what,
                    item: row.item.to_string(),
                    qty: row.qty,
                    points: row.points,
                    took,
                });
            }
        }

        if !self.approves.is_empty() {
            let void = voided_by.and_then(|k| self.voids.get(row.id).map(|vs| vs[k].id.clone()));
            self.note_approved(seq, (person, household), row, what, void);
        }
        // An earn row of an item under approval counts once approved (SPEC §11).
        let pending = self.book.rules.approval
            && voided_by.is_none()
            && matches!((row.kind, what), (Kind::Earn, What::Item(i))
                if rules.items[i].needs_approval(row.date))
            && !self.approved(row.id, seq);
        let counts = voided_by.is_none() && row.kind != Kind::Void && row.kind != Kind::Approve;
        // Past the magnitude guard no sum is kept: each would be of rows it counted.
        // A household deed pays only into a household account.
        let account = match household {
            false => Some(household::account(book, person)),
            true => household::pooled(book).then_some(person),
        };
        if let (Mode::Check, true, false, Some(account)) =
            (self.mode, counts && !pending, self.too_large, account)
        {
            let mut fits = true;
            if let Some((dates, sums)) = self.marks.get_mut(account) {
                if !dates.is_empty() {
                    let k = dates.partition_point(|d| *d < row.date);
                    if let Some(s) = sums.get_mut(k) {
                        fits = Self::add_into(s, row.points);
                    }
                }
            }
            if !fits {
                self.too_large_at(file, line);
            }
            if row.kind == Kind::Redeem {
                self.redeems.push((account, row.date, file, line));
            }
        }

        let status = match (row.kind, voided_by) {
            (Kind::Void, _) => Status::Void(row.reference),
            (Kind::Approve, None) => Status::Approve(row.reference),
            (_, None) if pending => Status::Pending,
            (_, Some(k)) => {
                Status::Voided(self.voids.get(row.id).map_or("", |vs| vs[k].id.as_str()))
            }
            (_, None) => Status::Effective,
        };
        if self.too_large {
            // No figure will be shown from this book; sums must not overflow.
            return counts;
        }
        visit.entry(&Entry {
            file,
            line,
            seq,
            id: row.id,
            date: row.date,
            person,
            household,
            kind: row.kind,
            what,
            qty: row.qty,
            points: row.points,
            by: row.by,
            reference: row.reference,
            note: row.note,
            status,
        });
        counts
    }

    fn check_earn(
        &mut self,
        file: usize,
        line: usize,
        (person, household): (usize, bool),
        row: &RawRow<'_>,
        i: usize,
        took: &mut Vec<((usize, CapOwner, i32), Points)>,
    ) {
        let rules = &self.book.rules;
        let item = &rules.items[i];
        let who = &self.book.roster.people[person];
        let role = &rules.roles[who.role];
        let mut problems = 0;
        // The reader lets only `open` rows and voids have an empty qty.
        let qty = row.qty.unwrap_or_default();
        if household {
            problems += self.household_living(file, line, person, row);
        } else if !item.allows_role(who.role) {
            let allowed: Vec<&str> = item
                .roles
                .iter()
                .flatten()
                .map(|&r| rules.roles[r].name.as_str())
                .collect();
            let f = Finding::RoleMayNotEarn {
                name: who.name.clone(),
                person: who.id.clone(),
                role: role.name.clone(),
                item: item.id.clone(),
                item_name: item.name.clone(),
                allowed: crate::i18n::list_plain(&allowed),
            };
            self.found(file, line, f);
            problems += 1;
        }
        if !household && !who.lives_on(row.date) {
            let stay = match (who.joined, who.left) {
                (Some(j), Some(l)) => Some(Stay::Between(j, l)),
                (Some(j), None) => Some(Stay::From(j)),
                (None, Some(l)) => Some(Stay::Until(l)),
                (None, None) => None,
            };
            let f = Finding::NotLivingHere {
                name: who.name.clone(),
                person: who.id.clone(),
                stay,
                date: row.date,
            };
            self.found(file, line, f);
            problems += 1;
        }
        if !qty.is_positive() {
            self.found(file, line, Finding::QtyNotPositive { qty });
            return;
        }
        if item.unit == Unit::Time && !qty.is_whole() {
            let item = item.id.clone();
            self.found(file, line, Finding::QtyNotWhole { qty, item });
            return;
        }
        if item.unit == Unit::Hour && qty > crate::compute::record::MAX_HOURS {
            let item = item.id.clone();
            self.found(file, line, Finding::QtyOverADay { qty, item });
            return;
        }
        let rate = match item.rates.on(row.date) {
            None => {
                let f = Finding::NoRate {
                    item: item.id.clone(),
                    date: row.date,
                    from: item.rates.first_from(),
                };
                self.found(file, line, f);
                return;
            }
            Some(r) => match r.for_role(who.role) {
                Some(p) => p,
                None => {
                    if problems == 0 {
                        let f = Finding::NoPointsForRole {
                            item: item.id.clone(),
                            role: role.name.clone(),
                            role_id: role.id.clone(),
                        };
                        self.found(file, line, f);
                    }
                    return;
                }
            },
        };
        let counted = item.max_qty.map_or(qty, |m| qty.min(m));
        // A range: the value that explains the row's points, if one does.
        let range = rate.range();
        let rate = match rate {
            Rate::Fixed(p) => p,
            Rate::Range { min, max } => {
                crate::model::rate::explaining(min, max, counted, row.points)
            }
        };
        let Some(full) = rate.checked_mul(counted) else {
            self.found(file, line, Finding::PointsTooLargeToCompute);
            return;
        };
        // Caps, in ledger order.
        let mut expected = full;
        let mut binding: Option<(CapOwner, Cap, Points)> = None;
        // `cap` cuts positive points, `deduct_cap` the magnitude of negative ones.
        let keys = cap_keys(&self.book.rules, i, full);
        for (owner, cap) in &keys {
            let key = cap_key_of(&self.book.roster, person, household, *owner, cap, row.date);
            let used = self.cap_used.get(&key).copied().unwrap_or_default();
            let room = cap
                .points
                .checked_sub(used)
                .unwrap_or_default()
                .max(Points::ZERO);
            if room < abs(expected) {
                expected = signed(room, full.is_negative());
                binding = Some((*owner, *cap, room));
            }
        }
        if problems == 0 && row.points != expected {
            let rules = &self.book.rules;
            let cap = binding.map(|(owner, cap, room)| {
                let name = match owner {
                    CapOwner::Item(i) | CapOwner::ItemDeduct(i) => rules.items[i].name.clone(),
                    CapOwner::Category(c) | CapOwner::CategoryDeduct(c) => {
                        rules.categories[c].name.clone()
                    }
                };
                let name = if cap.by_household {
                    let household = &who.household;
                    crate::tr!(deduct_cap.on_household, name = name, household = household)
                } else {
                    name
                };
                (cap.per, cap.points, name, room, owner.deducts())
            });
            let rule = RuleText {
                item: item.name.clone(),
                hourly: item.unit == Unit::Hour,
                rate,
                role: if household {
                    crate::tr!(household.a_household)
                } else {
                    rules.roles[who.role].name.clone()
                },
                qty,
                counted: (counted != qty).then_some(counted),
                full,
                cap,
                range,
            };
            let f = if range.is_some() {
                Finding::PointsNotInRange {
                    points: row.points,
                    rule,
                }
            } else {
                Finding::PointsDiffer {
                    points: row.points,
                    expected,
                    rule,
                }
            };
            self.found(file, line, f);
        }
        // The cap room this row takes: what it should have earned (so one wrong row does not cascade).
        let take = if problems == 0 && row.points == expected {
            row.points
        } else {
            expected
        };
        if !take.is_zero() {
            let mut fits = true;
            let take = abs(take);
            for (owner, cap) in keys {
                let key = cap_key_of(&self.book.roster, person, household, owner, &cap, row.date);
                fits &= Self::add_into(self.cap_used.entry(key).or_default(), take);
                took.push((key, take));
            }
            if !fits {
                self.too_large_at(file, line);
            }
        }
    }

    /// Check mode: an `earn` row beyond ±max_row_points is most likely a
    /// typo (a warning: `add --yes` records such rows on purpose).
    fn check_row_points(&mut self, file: usize, line: usize, row: &RawRow<'_>) {
        let max = self.book.rules.scheme.max_row_points;
        if self.mode == Mode::Check && abs(row.points) > max {
            let points = row.points;
            self.found(file, line, Finding::BeyondMaxRowPoints { points, max });
        }
    }

    fn check_redeem(&mut self, file: usize, line: usize, row: &RawRow<'_>, r: usize) {
        let reward = &self.book.rules.rewards[r];
        // The reader lets only `open` rows and voids have an empty qty.
        let qty = row.qty.unwrap_or_default();
        if !qty.is_whole() || !qty.is_positive() {
            self.found(file, line, Finding::RedeemQtyNotWhole { qty });
            return;
        }
        let Some(cost) = reward.costs.on(row.date).copied() else {
            let f = Finding::NoCost {
                reward: reward.id.clone(),
                date: row.date,
            };
            self.found(file, line, f);
            return;
        };
        let expected = cost.checked_mul(qty).and_then(Points::checked_neg);
        if expected != Some(row.points) {
            let f = Finding::RedeemPointsWrong {
                points: row.points,
                reward: reward.name.clone(),
                cost,
                date: row.date,
                qty,
                expected,
            };
            self.found(file, line, f);
        }
        // `ref`: the round of an exchange commit, or empty for a single
        // redemption (it counts in the round of its date): both are fine.
    }

    /// Check a void row against its target. Returns what the target names,
    /// or `None` when the void is unusable (its problem is reported now, or at
    /// the end when its target turns up later or never).
    fn check_void(
        &mut self,
        file: usize,
        line: usize,
        seq: u64,
        person: (usize, bool),
        row: &RawRow<'_>,
    ) -> Option<What> {
        if row.reference.is_empty() {
            self.found(file, line, Finding::VoidWithoutRef);
            return None;
        }
        let found = self
            .voids
            .get(row.reference)
            .and_then(|vs| vs.iter().position(|v| v.seq == seq));
        let Some(me) = found else {
            // The first pass finds voids by the bytes `void` in the row; a
            // kind spelled with quotes in between (`"vo"id`) escapes it.
            self.found(file, line, Finding::VoidKindUnusual);
            return None;
        };
        let vs = self.voids.get(row.reference)?;
        let Some(t) = vs[me].target.clone() else {
            if let Some(first) = vs.iter().find(|v| v.seq < seq && v.target.is_some()) {
                let f = Finding::VoidedTwice {
                    target: row.reference.to_string(),
                    first_id: first.id.clone(),
                    first: self.path(first.file).display().to_string(),
                    first_line: first.line,
                };
                self.found(file, line, f);
                if let Some(v) = self
                    .voids
                    .get_mut(row.reference)
                    .and_then(|vs| vs.get_mut(me))
                {
                    v.reported = true;
                }
            }
            // Otherwise not seen yet: later in the ledger, or nowhere; told at the end.
            return None;
        };
        if t.kind == Kind::Void {
            let target = row.reference.to_string();
            self.found(file, line, Finding::VoidOfAVoid { target });
            return None;
        }
        if (t.person, t.household) != person {
            let who = &self.book.roster.people[t.person];
            let f = Finding::VoidPersonDiffers {
                person: row.person.to_string(),
                target: row.reference.to_string(),
                owner: if t.household { &who.household } else { &who.id }.clone(),
            };
            self.found(file, line, f);
        }
        if row.item != t.item {
            let f = Finding::VoidItemDiffers {
                item: row.item.to_string(),
                target: row.reference.to_string(),
                target_item: t.item.clone(),
            };
            self.found(file, line, f);
        }
        if row.qty != t.qty {
            let f = Finding::VoidQtyDiffers {
                qty: qty_text(row.qty),
                target: row.reference.to_string(),
                target_qty: t.qty,
            };
            self.found(file, line, f);
        }
        if t.points.checked_neg() != Some(row.points) {
            let f = Finding::VoidPointsDiffer {
                points: row.points,
                target: row.reference.to_string(),
                expected: t.points.checked_neg().unwrap_or_default(),
            };
            self.found(file, line, f);
        }
        // Free the cap room the target took.
        for (key, took) in &t.took {
            if let Some(used) = self.cap_used.get_mut(key) {
                // Both are at least 0: the difference fits.
                *used = used
                    .checked_sub(*took)
                    .unwrap_or_default()
                    .max(Points::ZERO);
            }
        }
        Some(t.what)
    }

    fn finish(mut self) -> Outcome {
        if !self.approves.is_empty() {
            self.approves_without_entry();
        }
        // Voids whose target never came before them.
        let book = self.book;
        let mut late: Vec<Diagnostic> = Vec::new();
        for (target, vs) in &self.voids {
            if target.is_empty() {
                continue; // reported as a void without `ref`
            }
            // Voids past the point where a file stopped being read were never
            // checked: the problem that stopped it is the one to fix.
            let unread = |v: &VoidRec| {
                self.stopped
                    .iter()
                    .any(|&(f, l)| f == v.file && v.line >= l)
            };
            for v in vs
                .iter()
                .filter(|v| v.target.is_none() && !v.reported && !unread(v))
            {
                let target = target.clone();
                let f = match v.later {
                    Some((file, line)) => Finding::VoidBeforeEntry {
                        target,
                        later: book.ledgers[file].display().to_string(),
                        later_line: line,
                    },
                    None => Finding::VoidWithoutEntry { target },
                };
                late.push(f.at(&book.ledgers[v.file], v.line));
            }
        }
        self.diags.extend(late);
        for (id, file, line, first) in std::mem::take(&mut self.id_clashes) {
            let f = Finding::IdReused {
                id,
                first: book.ledgers[first.0 as usize].display().to_string(),
                first_line: first.1,
            };
            self.diags.push(f.at(&book.ledgers[file], line));
        }
        let doubles = std::mem::take(&mut self.doubles);
        let mut late = Vec::new();
        if self.mode == Mode::Check {
            let mut redeems = std::mem::take(&mut self.redeems);
            redeems.sort();
            for (person, date, file, line) in redeems {
                let bal = self
                    .balances
                    .get(&(person, date))
                    .copied()
                    .unwrap_or_default();
                if bal.is_negative() {
                    let who = &book.roster.people[person];
                    // A household account: its members' names and its id.
                    let (name, id) = if household::pooled(book) {
                        let name = crate::compute::record::household_name(book, person);
                        (name, who.household.clone())
                    } else {
                        (who.name.clone(), who.id.clone())
                    };
                    let f = Finding::Overdrawn {
                        name,
                        person: id,
                        balance: bal,
                        date,
                    };
                    late.push(f.at(&book.ledgers[file], line));
                }
            }
        }
        let order: HashMap<&Path, usize> = book
            .ledgers
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_path(), i))
            .collect();
        let key = |d: &Diagnostic| {
            (
                order.get(d.path.as_path()).copied().unwrap_or(usize::MAX),
                d.line,
            )
        };
        self.diags.sort_by_key(key);
        late.sort_by_key(key);
        Outcome {
            diagnostics: self.diags,
            doubles,
            late,
            rows: self.rows,
            cap_used: self.cap_used,
            torn: self.torn,
        }
    }
}

/// The counter a row of `person` takes room in under `cap` on `date`: the
/// person's own, or with `by = "household"` the household's (held by its
/// first member's index).
pub fn cap_key(
    roster: &crate::book::roster::Roster,
    person: usize,
    owner: CapOwner,
    cap: &Cap,
    date: NaiveDate,
) -> (usize, CapOwner, i32) {
    cap_key_of(roster, person, false, owner, cap, date)
}

/// The caps that apply to a row of item `i` whose points before caps are
/// `points`: its own, then its category's; `cap` for positive points,
/// `deduct_cap` for negative ones, none for 0.
pub fn cap_keys(rules: &crate::book::Rules, i: usize, points: Points) -> Vec<(CapOwner, Cap)> {
    let item = &rules.items[i];
    let c = item.category;
    let category = &rules.categories[c];
    let (own, cat) = if points.is_positive() {
        (
            item.cap.map(|k| (CapOwner::Item(i), k)),
            category.cap.map(|k| (CapOwner::Category(c), k)),
        )
    } else if points.is_negative() {
        (
            item.deduct_cap.map(|k| (CapOwner::ItemDeduct(i), k)),
            category
                .deduct_cap
                .map(|k| (CapOwner::CategoryDeduct(c), k)),
        )
    } else {
        return Vec::new();
    };
    if own.is_none() && cat.is_none() {
        return Vec::new(); // no allocation on the common path
    }
    own.into_iter().chain(cat).collect()
}

/// A qty as written: empty for an `open` row without one.
pub fn qty_text(q: Option<Points>) -> String {
    q.map_or_else(String::new, |q| q.to_string())
}

/// A list of ids for a message, cut short when long.
pub fn shorten(ids: &[&str]) -> String {
    if ids.is_empty() {
        return crate::tr!(check.none_defined);
    }
    if ids.len() <= 12 {
        crate::i18n::list_plain(ids)
    } else {
        crate::tr!(
            check.list_cut,
            list = crate::i18n::list_plain(&ids[..12]),
            n = ids.len()
        )
    }
}

#[cfg(test)]
mod scan_tests {
    use super::*;

    /// A hash added is always found again; hashes never added rarely are.
    #[test]
    fn a_scoped_scan_agrees_with_the_whole_scan_for_its_people() {
        let book =
            Book::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ledgers/demo"))
                .unwrap();
        let seen = |scope: Option<&Scope>, people: &[usize]| {
            let mut entries: Vec<(u64, String, bool)> = Vec::new();
            let mut visit = |e: &Entry<'_>| {
                if people.contains(&e.person) {
                    entries.push((e.seq, e.id.to_string(), e.counts()));
                }
            };
            let out = scan_scoped(&book, Mode::Report, scope, &mut visit);
            let mut caps: Vec<_> = out
                .cap_used
                .into_iter()
                .filter(|((p, _, _), _)| people.contains(p))
                .collect();
            caps.sort_by_key(|((p, o, b), _)| (*p, format!("{o:?}"), *b));
            (entries, caps, out.diagnostics.len())
        };
        // Patrol members near their caps, someone with a void, and a late joiner.
        for ids in [
            vec!["P063"],
            vec!["P347", "P027"],
            vec!["P213", "P122", "P099"],
        ] {
            let people: Vec<usize> = ids.iter().map(|i| book.roster.index(i).unwrap()).collect();
            let scope = Scope::new(&book, &people, &[]);
            let (whole, scoped) = (seen(None, &people), seen(Some(&scope), &people));
            assert!(!whole.0.is_empty());
            assert_eq!(whole, scoped, "{ids:?}");
        }
    }
}
