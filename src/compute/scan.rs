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
use crate::model::{Kind, Points};
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHasher;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

use super::spill::{Repeat, Repeats, Spill};

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
    Diagnostic::error(
        dir.as_path(),
        0,
        format!("could not check for repeated ids and likely double entries: temporary files cannot be written or read in {} ({e}); everything else was checked", dir.display()),
    )
    .fix("make sure that folder exists and has room (or set TMPDIR to one that does), then run `points check` again")
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
    Diagnostic::warning(&path, line as usize, format!("likely double entry: equal in every field but the id to {fp}:{first_line}"))
        .fix("if it was recorded twice (e.g. on two clones), void one of them with `points void ID --reason \"double entry\"`")
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
        Scope {
            people: people
                .iter()
                .filter_map(|&p| book.roster.people.get(p))
                .map(|p| p.id.as_bytes().into())
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
            Vec<(u64, usize, String, String)>,
            Vec<(String, NaiveDate)>,
        );
        let check = self.mode == Mode::Check;
        let read = |path: &std::path::PathBuf| -> Found {
            let (mut voids, mut redeems) = (Vec::new(), Vec::new());
            let rows = ledger::read_voids(path, check, |index, line, f| {
                if f[col::KIND] == "void" {
                    voids.push((index, line, f[col::ID].to_string(), f[col::REF].to_string()));
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
                if let Some(m) = self
                    .book
                    .roster
                    .index(&person)
                    .and_then(|p| self.marks.get_mut(p))
                {
                    m.0.push(date);
                }
            }
            self.file_base.push(base);
            for (index, line, id, reference) in found {
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
        self.push(
            self.at(
                file,
                line,
                col::POINTS,
                "with this row, the points (or hours) of the book add up to more than can be counted exactly".into(),
            )
            .expected(format!("amounts whose total stays below {}", Points::from_hundredths(i64::MAX)))
            .fix("correct this row's points or qty (a typo?), or void it"),
        );
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

    fn at(&self, file: usize, line: usize, field: usize, msg: String) -> Diagnostic {
        Diagnostic::error(self.path(file), line, msg).field(field)
    }

    fn push(&mut self, d: Diagnostic) {
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

        let Some(person) = book.roster.index(row.person) else {
            self.unresolved(row.id, seq);
            if book.roster.skipped.contains(row.person) {
                // Its roster row has errors, already reported.
                return false;
            }
            self.push(
                self.at(
                    file,
                    line,
                    col::PERSON,
                    format!("unknown person `{}`", row.person),
                )
                .expected("the id of a person in people.csv")
                .fix("add the person to people.csv, or correct the id"),
            );
            return false;
        };

        // The voids that name this row's id (most rows have none): those
        // before it come too early; the first after it voids it.
        let mut voided_by: Option<usize> = None;
        let named = match self.voids.get_mut(row.id) {
            None => false,
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
            Kind::Earn => rules.item(row.item).map(What::Item).ok_or("item"),
            Kind::Open => rules
                .category(row.item)
                .map(What::Category)
                .ok_or("category"),
            Kind::Redeem => rules.reward(row.item).map(What::Reward).ok_or("reward"),
            Kind::Void => match self.check_void(file, line, seq, person, row) {
                Some(w) => Ok(w),
                None => return false,
            },
        };
        let what = match what {
            Ok(w) => w,
            Err(kind_word) => {
                self.unresolved(row.id, seq);
                let known: Vec<&str> = match kind_word {
                    "item" => rules.items.iter().map(|i| i.id.as_str()).collect(),
                    "category" => rules.categories.iter().map(|i| i.id.as_str()).collect(),
                    _ => rules.rewards.iter().map(|i| i.id.as_str()).collect(),
                };
                self.push(
                    self.at(
                        file,
                        line,
                        col::ITEM,
                        format!("unknown {kind_word} `{}`", row.item),
                    )
                    .expected(format!(
                        "{} of points.toml: {}",
                        match row.kind {
                            Kind::Earn => "an `earn` row names an item",
                            Kind::Open => "an `open` row names a category",
                            _ => "a `redeem` row names a reward",
                        },
                        shorten(&known)
                    )),
                );
                return false;
            }
        };

        // Rules, and the cap room this row takes (earn rows take room, voided
        // or not, until their void frees it). A voided row is not checked.
        let mut took = Vec::new();
        match (row.kind, what, voided_by) {
            (Kind::Earn, What::Item(i), None) => {
                self.check_earn(file, line, person, row, i, &mut took);
                self.check_row_points(file, line, row);
            }
            (Kind::Earn, What::Item(i), Some(_)) if row.points.is_positive() => {
                let mut fits = true;
                for (owner, cap) in cap_keys(rules, i) {
                    let key = (person, owner, cap.per.bucket(row.date));
                    fits &= Self::add_into(self.cap_used.entry(key).or_default(), row.points);
                    took.push((key, row.points));
                }
                if !fits {
                    self.too_large_at(file, line);
                }
            }
            (Kind::Redeem, What::Reward(r), None) => self.check_redeem(file, line, row, r),
            (Kind::Open, _, None) if row.qty.is_some_and(Points::is_negative) => {
                self.push(
                    self.at(
                        file,
                        line,
                        col::QTY,
                        format!(
                            "qty `{}` of an opening balance is negative",
                            qty_text(row.qty)
                        ),
                    )
                    .expected("1, the quantity carried over, or nothing"),
                );
            }
            _ => {}
        }

        if let Some(k) = voided_by {
            if let Some(vs) = self.voids.get_mut(row.id) {
                vs[k].target = Some(Target {
                    person,
                    kind: row.kind,
                    what,
                    item: row.item.to_string(),
                    qty: row.qty,
                    points: row.points,
                    took,
                });
            }
        }

        let counts = voided_by.is_none() && row.kind != Kind::Void;
        // Past the magnitude guard no sum is kept: each would be of rows it counted.
        if self.mode == Mode::Check && counts && !self.too_large {
            let mut fits = true;
            if let Some((dates, sums)) = self.marks.get_mut(person) {
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
                self.redeems.push((person, row.date, file, line));
            }
        }

        let status = match (row.kind, voided_by) {
            (Kind::Void, _) => Status::Void(row.reference),
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
        person: usize,
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
        if !item.allows_role(who.role) {
            let allowed: Vec<&str> = item
                .roles
                .iter()
                .flatten()
                .map(|&r| rules.roles[r].name.as_str())
                .collect();
            self.push(
                self.at(
                    file,
                    line,
                    col::ITEM,
                    format!(
                        "{} ({}) is a {}, who may not earn `{}` ({})",
                        who.name, who.id, role.name, item.id, item.name
                    ),
                )
                .expected(format!("a person with role: {}", allowed.join(", ")))
                .fix("void this entry: it should not have been recorded"),
            );
            problems += 1;
        }
        if !who.lives_on(row.date) {
            let span = match (who.joined, who.left) {
                (Some(j), Some(l)) => format!("lived here from {j} to {l}"),
                (Some(j), None) => format!("moved in on {j}"),
                (None, Some(l)) => format!("moved out on {l}"),
                (None, None) => String::new(),
            };
            self.push(
                self.at(
                    file,
                    line,
                    col::DATE,
                    format!(
                        "{} ({}) {span}, so earns nothing on {}",
                        who.name, who.id, row.date
                    ),
                )
                .fix("void this entry, or correct `joined`/`left` in people.csv"),
            );
            problems += 1;
        }
        if !qty.is_positive() {
            self.push(
                self.at(
                    file,
                    line,
                    col::QTY,
                    format!("qty `{qty}` must be more than 0"),
                )
                .expected("a positive quantity (hours for an hourly item, a count otherwise)"),
            );
            return;
        }
        if item.unit == Unit::Time && !qty.is_whole() {
            self.push(
                self.at(
                    file,
                    line,
                    col::QTY,
                    format!(
                        "qty `{qty}` of `{}` must be a whole number: it is counted in times",
                        item.id
                    ),
                )
                .expected("a whole count like 1 or 2"),
            );
            return;
        }
        if item.unit == Unit::Hour && qty > crate::compute::record::MAX_HOURS {
            self.push(
                self.at(
                    file,
                    line,
                    col::QTY,
                    format!(
                        "qty `{qty}` of `{}` is more than 24 hours: a row is one activity on one day",
                        item.id
                    ),
                )
                .expected("at most 24 hours")
                .fix("void this entry and record the activity again, one row per day"),
            );
            return;
        }
        let rate = match item.rates.on(row.date) {
            None => {
                let from = item
                    .rates
                    .first_from()
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                self.push(
                    self.at(
                        file,
                        line,
                        col::DATE,
                        format!(
                            "`{}` has no rate on {}: its schedule starts on {from}",
                            item.id, row.date
                        ),
                    )
                    .fix("correct the date, or add an earlier step to the item's `rates`"),
                );
                return;
            }
            Some(r) => match r.for_role(who.role) {
                Some(p) => p,
                None => {
                    if problems == 0 {
                        self.push(self.at(file, line, col::ITEM, format!("`{}` gives no points to a {} ({})", item.id, role.name, role.id)).fix("add the role to the item's points in points.toml, or void this entry"));
                    }
                    return;
                }
            },
        };
        let counted = item.max_qty.map_or(qty, |m| qty.min(m));
        let Some(full) = rate.checked_mul(counted) else {
            self.push(self.at(
                file,
                line,
                col::POINTS,
                "the points of this row are too large to compute".into(),
            ));
            return;
        };
        // Caps, in ledger order.
        let mut expected = full;
        let mut binding: Option<(CapOwner, Cap, Points)> = None;
        let keys = cap_keys(&self.book.rules, i);
        if full.is_positive() {
            for (owner, cap) in &keys {
                let key = (person, *owner, cap.per.bucket(row.date));
                let used = self.cap_used.get(&key).copied().unwrap_or_default();
                let room = cap
                    .points
                    .checked_sub(used)
                    .unwrap_or_default()
                    .max(Points::ZERO);
                if room < expected {
                    expected = room;
                    binding = Some((*owner, *cap, room));
                }
            }
        }
        if problems == 0 && row.points != expected {
            let rules = &self.book.rules;
            let how = rule_text(
                rules,
                i,
                rate,
                qty,
                counted,
                full,
                &rules.roles[who.role].name,
            );
            let cap_text = binding.map(|(owner, cap, room)| {
                let name = match owner {
                    CapOwner::Item(i) => rules.items[i].name.as_str(),
                    CapOwner::Category(c) => rules.categories[c].name.as_str(),
                };
                format!(
                    ", and the {} cap of {} on {name} leaves {room}",
                    cap.per.adjective(),
                    cap.points
                )
            });
            let more = row.points > expected;
            let msg = format!(
                "points `{}` are {} the rules give ({expected}): {how}{}",
                row.points,
                if more { "more than" } else { "less than" },
                cap_text.unwrap_or_default()
            );
            self.push(self.at(file, line, col::POINTS, msg).expected(format!("{expected}")).fix(
                "if the rules were changed in place, put the old value back and use a dated `rates` schedule; otherwise void this entry and record it again with `points add`",
            ));
        }
        // The cap room this row takes: what it should have earned (so one wrong row does not cascade).
        let take = if problems == 0 && row.points == expected {
            row.points
        } else {
            expected
        };
        if take.is_positive() {
            let mut fits = true;
            for (owner, cap) in keys {
                let key = (person, owner, cap.per.bucket(row.date));
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
            self.push(
                Diagnostic::warning(
                    self.path(file),
                    line,
                    format!(
                        "points `{}` of one row are beyond max_row_points ({max}): most likely a typo",
                        row.points
                    ),
                )
                .field(col::POINTS)
                .fix("if it is a mistake, void this entry and record it again; if it is right, leave it (or raise max_row_points in points.toml)"),
            );
        }
    }

    fn check_redeem(&mut self, file: usize, line: usize, row: &RawRow<'_>, r: usize) {
        let reward = &self.book.rules.rewards[r];
        // The reader lets only `open` rows and voids have an empty qty.
        let qty = row.qty.unwrap_or_default();
        if !qty.is_whole() || !qty.is_positive() {
            self.push(
                self.at(
                    file,
                    line,
                    col::QTY,
                    format!("qty `{qty}` of a redemption must be a whole number of at least 1"),
                )
                .expected("1, 2, 3 …"),
            );
            return;
        }
        let Some(cost) = reward.costs.on(row.date).copied() else {
            self.push(
                self.at(
                    file,
                    line,
                    col::DATE,
                    format!(
                        "`{}` has no cost on {}: its schedule starts later",
                        reward.id, row.date
                    ),
                )
                .fix("correct the date, or add an earlier step to the reward's `costs`"),
            );
            return;
        };
        let expected = cost.checked_mul(qty).and_then(Points::checked_neg);
        if expected != Some(row.points) {
            let exp = expected.map_or("?".into(), |e| e.to_string());
            self.push(self.at(file, line, col::POINTS, format!("points `{}` of a redemption must be −cost × qty: {} costs {cost} on {}, × {qty} = {exp}", row.points, reward.name, row.date)).expected(exp).fix("void this entry and redeem again with `points redeem`"));
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
        person: usize,
        row: &RawRow<'_>,
    ) -> Option<What> {
        if row.reference.is_empty() {
            self.push(
                self.at(
                    file,
                    line,
                    col::REF,
                    "a void does not say which entry it cancels".into(),
                )
                .expected("the id of the entry it cancels, in `ref`"),
            );
            return None;
        }
        let found = self
            .voids
            .get(row.reference)
            .and_then(|vs| vs.iter().position(|v| v.seq == seq));
        let Some(me) = found else {
            // The first pass finds voids by the bytes `void` in the row; a
            // kind spelled with quotes in between (`"vo"id`) escapes it.
            self.push(
                self.at(
                    file,
                    line,
                    col::KIND,
                    "this void's kind is written in an unusual way, so it was not taken as a void"
                        .into(),
                )
                .expected("the kind written plainly: void")
                .fix("write `void` in the kind column, without quotes"),
            );
            return None;
        };
        let vs = self.voids.get(row.reference)?;
        let Some(t) = vs[me].target.clone() else {
            if let Some(first) = vs.iter().find(|v| v.seq < seq && v.target.is_some()) {
                let (fp, fl, first_id) = (
                    self.path(first.file).display().to_string(),
                    first.line,
                    first.id.clone(),
                );
                self.push(self.at(file, line, col::REF, format!("entry `{}` is voided twice: it was already voided by `{first_id}` ({fp}:{fl})", row.reference)).expected("at most one void per entry").fix("a second void has no effect (an entry is cancelled once): if this row was written by mistake, delete it"));
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
            self.push(
                self.at(
                    file,
                    line,
                    col::REF,
                    format!(
                        "`{}` is itself a void, and a void cannot be voided",
                        row.reference
                    ),
                )
                .fix("to undo a void, record the original entry again with `points add`"),
            );
            return None;
        }
        if t.person != person {
            let tp = self.book.roster.people[t.person].id.clone();
            self.push(
                self.at(
                    file,
                    line,
                    col::PERSON,
                    format!(
                        "this void is for `{}`, but entry `{}` belongs to `{tp}`",
                        row.person, row.reference
                    ),
                )
                .expected(tp),
            );
        }
        if row.item != t.item {
            self.push(
                self.at(
                    file,
                    line,
                    col::ITEM,
                    format!(
                        "this void names `{}`, but entry `{}` is for `{}`",
                        row.item, row.reference, t.item
                    ),
                )
                .expected(t.item.clone()),
            );
        }
        if row.qty != t.qty {
            self.push(
                self.at(
                    file,
                    line,
                    col::QTY,
                    format!(
                        "this void has qty `{}`, but entry `{}` has `{}`",
                        qty_text(row.qty),
                        row.reference,
                        qty_text(t.qty)
                    ),
                )
                .expected(match t.qty {
                    Some(q) => q.to_string(),
                    None => "an empty qty, as the entry has".to_string(),
                }),
            );
        }
        if t.points.checked_neg() != Some(row.points) {
            let exp = t.points.checked_neg().unwrap_or_default();
            self.push(
                self.at(
                    file,
                    line,
                    col::POINTS,
                    format!(
                        "this void has points `{}`, but it must cancel entry `{}` exactly",
                        row.points, row.reference
                    ),
                )
                .expected(exp.to_string()),
            );
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
                let d = match v.later {
                    Some((file, line)) => Diagnostic::error(&book.ledgers[v.file], v.line, format!(
                        "this void cancels `{target}`, which comes later in the ledger ({}:{line})",
                        book.ledgers[file].display(),
                    ))
                    .expected("a void after the entry it cancels")
                    .fix("record the void again after the entry with `points void`, and remove this row before anyone relies on it"),
                    None => Diagnostic::error(&book.ledgers[v.file], v.line, format!("this void cancels `{target}`, but no earlier entry has that id"))
                        .expected("the id of an entry earlier in the ledger")
                        .fix("correct the id in `ref` (`points show PERSON` lists a person's entries with their ids)"),
                };
                late.push(d.field(col::REF));
            }
        }
        self.diags.extend(late);
        for (id, file, line, first) in std::mem::take(&mut self.id_clashes) {
            let fp = book.ledgers[first.0 as usize].display();
            self.diags.push(
                Diagnostic::error(&book.ledgers[file], line, format!("entry id `{id}` is already used at {fp}:{}", first.1))
                    .field(col::ID)
                    .expected("an id used once in the whole book")
                    .fix("give this row a new unique id (if it is the same entry twice, give it a new id, then void it with `points void`: a void names its entry by id)"),
            );
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
                    late.push(
                        Diagnostic::warning(&book.ledgers[file], line, format!("this redemption leaves {} ({}) with a balance of {bal} on {date}", who.name, who.id))
                            .fix("check the entries before it; void the redemption if it should not have happened"),
                    );
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

/// The caps that apply to item `i` on `d`: its own, then its category's.
pub fn cap_keys(rules: &crate::book::Rules, i: usize) -> Vec<(CapOwner, Cap)> {
    let item = &rules.items[i];
    let category = rules.categories[item.category].cap;
    if item.cap.is_none() && category.is_none() {
        return Vec::new(); // no allocation on the common path
    }
    let mut v = Vec::with_capacity(2);
    if let Some(c) = item.cap {
        v.push((CapOwner::Item(i), c));
    }
    if let Some(c) = category {
        v.push((CapOwner::Category(item.category), c));
    }
    v
}

/// "治安巡逻 gives 2 per hour to a 群众 × 5 hours (counted 4, max_qty) = 8".
fn rule_text(
    rules: &crate::book::Rules,
    i: usize,
    rate: Points,
    qty: Points,
    counted: Points,
    full: Points,
    role: &str,
) -> String {
    let item = &rules.items[i];
    let unit = match item.unit {
        Unit::Hour => "hour",
        Unit::Time => "time",
    };
    let q = if counted != qty {
        format!("{qty} (only {counted} count, max_qty)")
    } else {
        qty.to_string()
    };
    format!(
        "{} gives {rate} per {unit} to a {role}, × {q} = {full}",
        item.name
    )
}

/// A qty as written: empty for an `open` row without one.
pub fn qty_text(q: Option<Points>) -> String {
    q.map_or_else(String::new, |q| q.to_string())
}

/// A list of ids for a message, cut short when long.
pub fn shorten(ids: &[&str]) -> String {
    if ids.is_empty() {
        return "(none defined)".into();
    }
    if ids.len() <= 12 {
        ids.join(", ")
    } else {
        format!("{}, … ({} in all)", ids[..12].join(", "), ids.len())
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
