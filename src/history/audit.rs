//! `points audit` (SPEC §8): walk the current branch's history, merges
//! included, and find where the book was rewritten. Each commit is compared
//! with each of its parents by blob id; only changed blobs are read. A
//! ledger is append-only when the parent's lines are a subsequence of the
//! commit's (a plain append is a prefix; a union merge interleaves two
//! sides' rows, keeping each side's order). Most appends are proven from
//! git's pack deltas without reading either version whole ([`super::pack`]),
//! so the walk's time follows the size of the diffs; the others compare
//! the versions' bytes. Findings are plain values; `cmd::audit` puts them
//! into words.

use super::pack::Packs;
use super::{BookTree, Error, Repo};
use crate::book::{LEDGER_DIR, PEOPLE_FILE, RULES_FILE};
use chrono::{DateTime, FixedOffset, NaiveDate};
use gix::ObjectId;
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

/// At most this many rewritten rows are named per file and commit.
const MAX_PER_FILE: usize = 20;
/// At most this many rows altered by a rule change are named.
const MAX_ROWS_NAMED: usize = 5;

/// A commit, as a finding names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// 40 hex digits.
    pub id: String,
    pub author: String,
    /// The committer's time, in the committer's own time zone.
    pub time: DateTime<FixedOffset>,
}

impl Commit {
    pub fn date(&self) -> NaiveDate {
        self.time.date_naive()
    }
    pub fn short(&self) -> &str {
        &self.id[..7.min(self.id.len())]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Info,
    Note,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
            Level::Note => "note",
        }
    }
}

/// What a finding says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// A committed row changed in place.
    RowChanged {
        before: String,
        after: String,
    },
    /// A committed row is gone.
    RowRemoved {
        before: String,
    },
    /// A ledger file is gone.
    LedgerRemoved,
    /// A ledger file is gone, its rows now in another file.
    LedgerRenamed {
        to: String,
    },
    /// points.toml changed: the lines taken out and put in.
    RulesChanged {
        removed: Vec<String>,
        added: Vec<String>,
    },
    /// The rule change alters the points of rows already committed
    /// (`path:line` of the first few, and how many in all).
    RulesAlterRows {
        rows: Vec<String>,
        count: usize,
    },
    PersonRemoved {
        id: String,
    },
    PersonIdChanged {
        from: String,
        to: String,
    },
    /// A row committed `days` days after its date.
    Late {
        id: String,
        date: NaiveDate,
        days: i64,
    },
    /// An `approve` row committed (SPEC §11): who approved which row.
    Approved {
        id: String,
        target: String,
        by: String,
        date: NaiveDate,
    },
}

impl What {
    pub fn level(&self) -> Level {
        match self {
            What::RulesChanged { .. } | What::Approved { .. } => Level::Info,
            What::Late { .. } => Level::Warning,
            _ => Level::Error,
        }
    }

    /// The machine name of the finding (JSON `what`).
    pub fn key(&self) -> &'static str {
        match self {
            What::RowChanged { .. } => "row-changed",
            What::RowRemoved { .. } => "row-removed",
            What::LedgerRemoved => "ledger-removed",
            What::LedgerRenamed { .. } => "ledger-renamed",
            What::RulesChanged { .. } => "rules-changed",
            What::RulesAlterRows { .. } => "rules-alter-rows",
            What::PersonRemoved { .. } => "person-removed",
            What::PersonIdChanged { .. } => "person-id-changed",
            What::Late { .. } => "late-entry",
            What::Approved { .. } => "approval",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub commit: Commit,
    /// The file, as the repository names it.
    pub path: String,
    pub line: Option<usize>,
    pub what: What,
}

/// What the walk found.
#[derive(Debug)]
pub struct Audit {
    pub findings: Vec<Finding>,
    /// Commits that touched the book.
    pub commits: usize,
    /// HEAD.
    pub head: Commit,
}

pub struct Options {
    /// Audit only commits not reachable from this one.
    pub since: Option<String>,
    pub max_late_days: i64,
}

/// Walk the history of HEAD and audit every commit that touched the book.
pub fn audit(repo: &Repo, opts: &Options) -> Result<Audit, Error> {
    let head = repo.head()?;
    let ids = commits(repo, head, opts.since.as_deref())?;
    let mut w = Walker {
        repo,
        blobs: VecDeque::new(),
        packs: Packs::open(&repo.repo.common_dir().join("objects")),
        sizes: VecDeque::new(),
        max_late_days: opts.max_late_days,
        findings: Vec::new(),
    };
    let mut touched = 0;
    // The last commits' books: a commit's is its child's parent's.
    let mut books: VecDeque<(ObjectId, Rc<Option<BookTree>>)> = VecDeque::new();
    let mut book_at = |id: ObjectId| -> Result<Rc<Option<BookTree>>, Error> {
        if let Some((_, b)) = books.iter().find(|(i, _)| *i == id) {
            return Ok(b.clone());
        }
        let b = Rc::new(repo.book_at(id)?);
        if books.len() >= 8 {
            books.pop_front();
        }
        books.push_back((id, b.clone()));
        Ok(b)
    };
    for id in ids {
        let c = repo.repo.find_commit(id)?;
        let parents: Vec<ObjectId> = c.parent_ids().map(|p| p.detach()).collect();
        let new = book_at(id)?;
        let new = new.as_ref();
        let meta = commit_of(&c)?;
        let mut did = false;
        let single = parents.len() <= 1;
        if parents.is_empty() {
            if let Some(new) = new {
                did = true;
                w.compare(&meta, None, new, true)?;
            }
        }
        for p in parents {
            let old = book_at(p)?;
            let old = old.as_ref();
            if same_files(old, new) {
                continue;
            }
            did = true;
            let empty = BookTree {
                id: ObjectId::null(repo.repo.object_hash()),
                rules: None,
                people: None,
                ledgers: Vec::new(),
            };
            w.compare(&meta, old.as_ref(), new.as_ref().unwrap_or(&empty), single)?;
        }
        touched += usize::from(did);
    }
    let head = commit_of(&repo.repo.find_commit(head)?)?;
    Ok(Audit {
        findings: w.findings,
        commits: touched,
        head,
    })
}

/// Whether two commits hold the same book files (trees elsewhere in the
/// repository may differ).
fn same_files(a: &Option<BookTree>, b: &Option<BookTree>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.rules == b.rules && a.people == b.people && a.ledgers == b.ledgers,
        _ => false,
    }
}

/// The commits to audit, oldest first: HEAD's history, less what `since`
/// reaches.
fn commits(repo: &Repo, head: ObjectId, since: Option<&str>) -> Result<Vec<ObjectId>, Error> {
    use gix::revision::walk::Sorting;
    use gix::traverse::commit::simple::CommitTimeOrder;
    let sorting = Sorting::ByCommitTime(CommitTimeOrder::NewestFirst);
    let hidden = match since {
        Some(rev) => Some(resolve(repo, head, rev)?),
        None => None,
    };
    let mut walk = repo.repo.rev_walk([head]).sorting(sorting);
    if let Some(h) = hidden {
        walk = walk.with_hidden([h]);
    }
    let mut ids = Vec::new();
    for info in walk.all()? {
        ids.push(info?.id);
    }
    ids.reverse();
    Ok(ids)
}

/// A revision: a branch or tag name, or a unique prefix (4 hex digits or
/// more) of a commit in HEAD's history.
fn resolve(repo: &Repo, head: ObjectId, rev: &str) -> Result<ObjectId, Error> {
    if let Ok(r) = repo.repo.find_reference(rev) {
        if let Ok(id) = r.into_fully_peeled_id() {
            return Ok(id.detach());
        }
    }
    // `HEAD`, `@` and `~N`/`^N` steps read as `--at` reads them.
    if rev.contains(['~', '^']) || matches!(rev.trim(), "HEAD" | "@") {
        return crate::snapshot::resolve(&repo.repo, rev.trim())
            .map_err(|_| Error::UnknownRev(rev.to_string()));
    }
    let want = rev.trim().to_ascii_lowercase();
    if want.len() < 4 || !want.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::UnknownRev(rev.to_string()));
    }
    let mut found = None;
    for info in repo.repo.rev_walk([head]).all()? {
        let id = info?.id;
        if id.to_string().starts_with(&want) {
            if found.is_some_and(|f| f != id) {
                return Err(Error::UnknownRev(rev.to_string()));
            }
            found = Some(id);
        }
    }
    found.ok_or_else(|| Error::UnknownRev(rev.to_string()))
}

pub fn commit_of(c: &gix::Commit<'_>) -> Result<Commit, Error> {
    let author = c.author()?.name.to_string();
    let time = c.time()?;
    let offset = FixedOffset::east_opt(time.offset)
        .unwrap_or(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()));
    let time = DateTime::from_timestamp(time.seconds, 0)
        .ok_or_else(|| Error::Git(format!("commit time {} out of range", time.seconds)))?
        .with_timezone(&offset);
    Ok(Commit {
        id: c.id.to_string(),
        author,
        time,
    })
}

struct Walker<'r> {
    repo: &'r Repo,
    /// The last blobs read: a commit's blobs are its child's parent blobs.
    blobs: VecDeque<(ObjectId, Rc<Vec<u8>>)>,
    /// The packs, where most appends are proven from git's deltas.
    packs: Packs,
    /// What the walk knows of the last ledger blobs it met.
    sizes: VecDeque<(ObjectId, Size)>,
    max_late_days: i64,
    findings: Vec<Finding>,
}

impl Walker<'_> {
    fn blob(&mut self, id: ObjectId) -> Result<Rc<Vec<u8>>, Error> {
        if let Some((_, b)) = self.blobs.iter().find(|(i, _)| *i == id) {
            return Ok(b.clone());
        }
        let b = Rc::new(self.repo.blob(id)?);
        self.hold(id, b.clone());
        Ok(b)
    }

    fn hold(&mut self, id: ObjectId, b: Rc<Vec<u8>>) {
        if self.blobs.len() >= 4 {
            self.blobs.pop_front();
        }
        self.blobs.push_back((id, b));
    }

    /// Remember a ledger blob's size, line breaks and last byte.
    fn size(&mut self, id: ObjectId, bytes: &[u8]) {
        if self.sizes.iter().any(|(i, _)| *i == id) {
            return;
        }
        let size = Size {
            len: bytes.len(),
            breaks: memchr::memchr_iter(b'\n', bytes).count(),
            last: bytes.last().copied(),
            start_of: None,
        };
        self.remember(id, size);
    }

    fn remember(&mut self, id: ObjectId, size: Size) {
        if self.sizes.len() >= 256 {
            self.sizes.pop_front();
        }
        self.sizes.push_back((id, size));
    }

    /// Where git's packs prove that the ledger blob `new` is `old` with
    /// rows appended, and the walk knows `old`'s size: the appended bytes,
    /// how many of them to skip (the line break ending `old`'s last row),
    /// and the line of `new` before the first appended row. Neither blob is
    /// read from git whole: a forward delta copies what it copies from
    /// `old`'s bytes as the walk holds them (`new`, made by appending to
    /// them, is then held in their place).
    fn proven(&mut self, old: ObjectId, new: ObjectId) -> Option<(Vec<u8>, usize, usize)> {
        let (_, was) = *self.sizes.iter().find(|(i, _)| *i == old)?;
        if was.len == 0 {
            return None;
        }
        let tail = self.packs.appended(old, new, was.len)?;
        let mut base: Option<Rc<Vec<u8>>> = None;
        let t = tail
            .bytes(|| {
                base = self.held(old, was.len);
                base.clone()
            })?
            .into_owned();
        let ended = was.last == Some(b'\n');
        // A row of `old` continued is a row changed: compare the blobs.
        if !ended && t.first() != Some(&b'\n') {
            return None;
        }
        let line = was.breaks + usize::from(!ended);
        let now = Size {
            len: was.len + t.len(),
            breaks: was.breaks + memchr::memchr_iter(b'\n', &t).count(),
            last: t.last().copied().or(was.last),
            start_of: None,
        };
        if let Some(s) = self.sizes.iter_mut().find(|(i, _)| *i == old) {
            s.1.start_of = Some(new);
        }
        self.remember(new, now);
        // Hold `new` where `old` was held, by appending to it.
        if let Some(b) = base {
            let at = self.blobs.iter().position(|(i, _)| *i == old);
            let held = at.and_then(|k| self.blobs.remove(k)).map(|(_, b)| b);
            drop(held);
            let mut bytes = Rc::try_unwrap(b).unwrap_or_else(|b| b.as_ref().clone());
            bytes.truncate(was.len);
            // Room for many more appends, at a quarter more memory rather
            // than the double.
            if bytes.capacity() - bytes.len() < t.len() {
                bytes.reserve_exact(t.len() + bytes.len() / 4);
            }
            bytes.extend_from_slice(&t);
            self.hold(new, Rc::new(bytes));
        }
        Some((t, usize::from(!ended), line))
    }

    /// The bytes of ledger blob `id` (`len` long): held, or the start of a
    /// blob held, else read.
    fn held(&mut self, id: ObjectId, len: usize) -> Option<Rc<Vec<u8>>> {
        if let Some((_, b)) = self.blobs.iter().find(|(i, _)| *i == id) {
            return Some(b.clone());
        }
        let mut at = id;
        for _ in 0..self.sizes.len() {
            let (_, s) = self.sizes.iter().find(|(i, _)| *i == at)?;
            at = s.start_of?;
            if let Some((_, b)) = self.blobs.iter().find(|(i, _)| *i == at) {
                return Some(Rc::new(b.get(..len)?.to_vec()));
            }
        }
        self.blob(id).ok()
    }

    fn push(&mut self, commit: &Commit, rel: &str, line: Option<usize>, what: What) {
        self.findings.push(Finding {
            commit: commit.clone(),
            path: self.repo.path(rel).to_string_lossy().into_owned(),
            line,
            what,
        });
    }

    /// Compare a commit's book with one parent's (`None`: a root commit, or
    /// a parent without the book). `single`: the commit has one parent at
    /// most, so the rows it adds are its own (a merge's come from the
    /// commits merged, audited on their own).
    fn compare(
        &mut self,
        c: &Commit,
        old: Option<&BookTree>,
        new: &BookTree,
        single: bool,
    ) -> Result<(), Error> {
        // Rows of the commit that brings the book into git are where the
        // history starts: none of them is late.
        let single = single && old.is_some();
        let no_ledgers = Vec::new();
        let old_ledgers = old.map_or(&no_ledgers, |o| &o.ledgers);
        for (name, oid) in old_ledgers {
            let rel = || format!("{LEDGER_DIR}/{name}");
            match new.ledger(name) {
                Some(n) if n == *oid => {}
                Some(n) => {
                    if let Some((tail, skip, line)) = self.proven(*oid, n) {
                        if single {
                            let rows = tail.get(skip..).unwrap_or_default();
                            self.late(c, &rel(), rows, |at| Some(line + at));
                        }
                        continue;
                    }
                    let (a, b) = (self.blob(*oid)?, self.blob(n)?);
                    self.size(*oid, &a);
                    self.size(n, &b);
                    let added = self.append_only(c, &rel(), &a, &b);
                    if single {
                        match added {
                            Added::Tail { start, line } => {
                                self.late(c, &rel(), &b[start..], |at| Some(line + at));
                            }
                            Added::Lines(added) => {
                                let all = lines(&b);
                                let mut chunk = Vec::new();
                                for &k in &added {
                                    chunk.extend_from_slice(all[k]);
                                    chunk.push(b'\n');
                                }
                                let line = |at: usize| added.get(at.checked_sub(1)?).map(|k| k + 1);
                                self.late(c, &rel(), &chunk, line);
                            }
                        }
                    }
                }
                None => {
                    let old_bytes = self.blob(*oid)?;
                    let mut to = None;
                    for (other, nid) in &new.ledgers {
                        if old.is_some_and(|o| o.ledger(other).is_some()) {
                            continue;
                        }
                        let b = self.blob(*nid)?;
                        if *nid == *oid || subsequence(&lines(&old_bytes), &lines(&b)) {
                            to = Some(self.repo.path(&format!("{LEDGER_DIR}/{other}")));
                            break;
                        }
                    }
                    let what = match to {
                        Some(to) => What::LedgerRenamed {
                            to: to.to_string_lossy().into_owned(),
                        },
                        None => What::LedgerRemoved,
                    };
                    self.push(c, &rel(), None, what);
                }
            }
        }
        if single {
            // Rows of a ledger that is gone are not new in another file.
            let mut gone: HashSet<Vec<u8>> = HashSet::new();
            for (name, oid) in old_ledgers {
                if new.ledger(name).is_none() {
                    let b = self.blob(*oid)?;
                    gone.extend(lines(&b).into_iter().map(<[u8]>::to_vec));
                }
            }
            for (name, oid) in &new.ledgers {
                if old.is_some_and(|o| o.ledger(name).is_some()) {
                    continue;
                }
                let b = self.blob(*oid)?;
                self.size(*oid, &b);
                let rel = format!("{LEDGER_DIR}/{name}");
                if gone.is_empty() {
                    // Every row after the header is new: read them in place.
                    self.late(c, &rel, &b[after_header(&b)..], |at| Some(at + 1));
                    continue;
                }
                let rows = lines(&b);
                let all: Vec<usize> = (1..rows.len())
                    .filter(|&k| !gone.contains(rows[k]))
                    .collect();
                let mut chunk = Vec::new();
                for &k in &all {
                    chunk.extend_from_slice(rows[k]);
                    chunk.push(b'\n');
                }
                let line = |at: usize| all.get(at.checked_sub(1)?).map(|k| k + 1);
                self.late(c, &rel, &chunk, line);
            }
        }
        let Some(old) = old else { return Ok(()) };
        if let (Some(o), Some(n)) = (old.people, new.people) {
            if o != n {
                let (a, b) = (self.blob(o)?, self.blob(n)?);
                self.roster(c, &a, &b);
            }
        }
        if let (Some(o), Some(n), true) = (old.rules, new.rules, single) {
            if o != n {
                let (a, b) = (self.blob(o)?, self.blob(n)?);
                self.rules(c, old, &a, &b)?;
            }
        }
        Ok(())
    }

    /// Every line of `old` must be in `new`, in order; returns the rows of
    /// `new` that are new. A plain append is one comparison of bytes, and
    /// only its line breaks are counted: no line of either file is split.
    fn append_only(&mut self, c: &Commit, rel: &str, old: &[u8], new: &[u8]) -> Added {
        if new.starts_with(old)
            && (old.is_empty() || old.ends_with(b"\n") || new.get(old.len()) == Some(&b'\n'))
        {
            if old.is_empty() {
                return Added::Tail {
                    start: after_header(new),
                    line: 1,
                };
            }
            // The parent's last line ends where the commit's next begins.
            let start = (old.len() + usize::from(!old.ends_with(b"\n"))).min(new.len());
            return Added::Tail {
                start,
                line: line_count(old),
            };
        }
        // The lines both files start with match one to one: split only
        // what follows them (a merge's rows, a rewrite).
        let same = common_prefix(old, new);
        let cut = old[..same]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let skipped = memchr::memchr_iter(b'\n', &old[..cut]).count();
        let n = lines(&new[cut..]);
        let o = lines(&old[cut..]);
        let mut used = vec![false; n.len()];
        let (mut j, mut shown) = (0, 0);
        for (i, line) in o.iter().enumerate() {
            if let Some(k) = n[j..].iter().position(|l| l == line) {
                used[j + k] = true;
                j += k + 1;
                continue;
            }
            let before = text(line);
            // Changed in place where the commit has a row with the same id
            // in its place (and not the parent's next row); else removed.
            let what = match n.get(j) {
                Some(after)
                    if o.get(i + 1) != Some(after) && first_field(after) == first_field(line) =>
                {
                    used[j] = true;
                    j += 1;
                    What::RowChanged {
                        before,
                        after: text(after),
                    }
                }
                _ => What::RowRemoved { before },
            };
            self.push(c, rel, Some(skipped + i + 1), what);
            shown += 1;
            if shown >= MAX_PER_FILE {
                break;
            }
        }
        // Line 0 of the file is its header.
        let first = usize::from(skipped == 0);
        Added::Lines(
            (first..n.len())
                .filter(|&k| !used[k])
                .map(|k| skipped + k)
                .collect(),
        )
    }

    /// Late entries among the new rows `chunk`; `line` gives the line in
    /// the file of the chunk's line `at` (1-based both).
    fn late(&mut self, c: &Commit, rel: &str, chunk: &[u8], line: impl Fn(usize) -> Option<usize>) {
        if chunk.is_empty() {
            return;
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(chunk);
        let mut rec = csv::ByteRecord::new();
        let today = c.date();
        while let Ok(true) = rdr.read_byte_record(&mut rec) {
            let at = rec.position().map_or(1, |p| p.line() as usize);
            let (Some(id), Some(date)) = (rec.get(0), rec.get(1)) else {
                continue;
            };
            let Some(date) = std::str::from_utf8(date)
                .ok()
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            else {
                continue;
            };
            if rec.get(3) == Some(b"approve".as_slice()) {
                let field =
                    |i: usize| String::from_utf8_lossy(rec.get(i).unwrap_or_default()).into_owned();
                let what = What::Approved {
                    id: field(0),
                    target: field(8),
                    by: field(7),
                    date,
                };
                self.push(c, rel, line(at), what);
            }
            let days = (today - date).num_days();
            if days > self.max_late_days {
                let id = String::from_utf8_lossy(id).into_owned();
                self.push(c, rel, line(at), What::Late { id, date, days });
            }
        }
    }

    /// People removed from the roster, or whose id changed.
    fn roster(&mut self, c: &Commit, old: &[u8], new: &[u8]) {
        let (o, n) = (people(old), people(new));
        let ids: HashSet<&str> = n.iter().map(|p| p.0.as_str()).collect();
        let was: HashSet<&str> = o.iter().map(|p| p.0.as_str()).collect();
        for (id, name, household) in &o {
            if ids.contains(id.as_str()) {
                continue;
            }
            let to = n
                .iter()
                .find(|p| !was.contains(p.0.as_str()) && &p.1 == name && &p.2 == household);
            let what = match to {
                Some(to) => What::PersonIdChanged {
                    from: id.clone(),
                    to: to.0.clone(),
                },
                None => What::PersonRemoved { id: id.clone() },
            };
            self.push(c, PEOPLE_FILE, None, what);
        }
    }

    /// A change of points.toml: what changed, and the committed rows whose
    /// points it alters (checked with the book's own checker on the
    /// parent's rows under the old and the new rules).
    fn rules(
        &mut self,
        c: &Commit,
        parent: &BookTree,
        old: &[u8],
        new: &[u8],
    ) -> Result<(), Error> {
        let (o, n) = (lines(old), lines(new));
        let head = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
        let tail = o[head..]
            .iter()
            .rev()
            .zip(n[head..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let shown = |v: &[&[u8]]| -> Vec<String> {
            v.iter()
                .map(|l| text(l))
                .filter(|l| !l.trim().is_empty())
                .collect()
        };
        let removed = shown(&o[head..o.len() - tail]);
        let added = shown(&n[head..n.len() - tail]);
        // The first line that changed, blank lines aside.
        let head = head
            + n[head..n.len() - tail]
                .iter()
                .take_while(|l| text(l).trim().is_empty())
                .count();
        self.push(
            c,
            RULES_FILE,
            Some(head + 1),
            What::RulesChanged { removed, added },
        );
        let before = self.errors_under(parent, old)?;
        let after = self.errors_under(parent, new)?;
        let (Some(before), Some(after)) = (before, after) else {
            return Ok(());
        };
        let altered: Vec<&(String, usize)> = after.iter().filter(|e| !before.contains(e)).collect();
        if !altered.is_empty() {
            let rows = altered
                .iter()
                .take(MAX_ROWS_NAMED)
                .map(|(f, l)| {
                    format!(
                        "{}:{l}",
                        self.repo.path(&format!("{LEDGER_DIR}/{f}")).display()
                    )
                })
                .collect();
            self.push(
                c,
                RULES_FILE,
                Some(head + 1),
                What::RulesAlterRows {
                    rows,
                    count: altered.len(),
                },
            );
        }
        Ok(())
    }

    /// The ledger lines `check` finds in error when the parent's roster and
    /// ledgers are read under `rules` (`None`: the book cannot be loaded).
    fn errors_under(
        &mut self,
        parent: &BookTree,
        rules: &[u8],
    ) -> Result<Option<Vec<(String, usize)>>, Error> {
        let dir = tempfile::tempdir().map_err(|e| Error::Git(e.to_string()))?;
        let root = dir.path();
        let io = |e: std::io::Error| Error::Git(e.to_string());
        std::fs::create_dir(root.join(LEDGER_DIR)).map_err(io)?;
        std::fs::write(root.join(RULES_FILE), rules).map_err(io)?;
        let people = match parent.people {
            Some(p) => self.blob(p)?,
            None => Rc::new(Vec::new()),
        };
        std::fs::write(root.join(PEOPLE_FILE), people.as_slice()).map_err(io)?;
        for (name, oid) in &parent.ledgers {
            let b = self.blob(*oid)?;
            std::fs::write(root.join(LEDGER_DIR).join(name), b.as_slice()).map_err(io)?;
        }
        let Ok(book) = crate::book::Book::load(root) else {
            return Ok(None);
        };
        let outcome = crate::compute::scan::scan(
            &book,
            crate::compute::scan::Mode::Check,
            &mut |_: &crate::compute::scan::Entry<'_>| {},
        );
        let mut out: Vec<(String, usize)> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.line > 0)
            .map(|d| {
                let f = d.path.file_name().map(|f| f.to_string_lossy().into_owned());
                (f.unwrap_or_default(), d.line)
            })
            .collect();
        out.dedup();
        Ok(Some(out))
    }
}

/// The new rows of a ledger in a commit: the bytes from `start` on (a plain
/// append), whose first line is line `line + 1` of the file; or the lines
/// (0-based) a merge or a rewrite left that the parent does not have.
enum Added {
    Tail { start: usize, line: usize },
    Lines(Vec<usize>),
}

/// A ledger blob's length, line breaks and last byte.
#[derive(Clone, Copy)]
struct Size {
    len: usize,
    breaks: usize,
    last: Option<u8>,
    /// A later blob this one is the start of.
    start_of: Option<ObjectId>,
}

/// Where the rows after a file's header line begin.
fn after_header(bytes: &[u8]) -> usize {
    memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1)
}

/// How many bytes `a` and `b` start with alike.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut at = 0;
    while at + 4096 <= n && a[at..at + 4096] == b[at..at + 4096] {
        at += 4096;
    }
    at + a[at..n]
        .iter()
        .zip(&b[at..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many lines [`lines`] finds, without making them.
fn line_count(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
        + usize::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}

/// The lines of a file, without their `\n` (a last line without one too).
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut v: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

/// A line's first CSV field (an entry's id).
fn first_field(line: &[u8]) -> &[u8] {
    line.split(|&b| b == b',').next().unwrap_or(line)
}

fn subsequence(old: &[&[u8]], new: &[&[u8]]) -> bool {
    let mut it = new.iter();
    old.iter().all(|l| it.any(|n| n == l))
}

fn text(line: &[u8]) -> String {
    String::from_utf8_lossy(line.strip_suffix(b"\r").unwrap_or(line)).into_owned()
}

/// The roster's people: id, name, household.
fn people(bytes: &[u8]) -> Vec<(String, String, String)> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let Ok(header) = rdr.byte_headers().cloned() else {
        return Vec::new();
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.strip_prefix(b"\xef\xbb\xbf").unwrap_or(h) == name.as_bytes())
    };
    let (Some(id), name, household) = (col("id"), col("name"), col("household")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rec = csv::ByteRecord::new();
    while let Ok(true) = rdr.read_byte_record(&mut rec) {
        let field = |i: Option<usize>| {
            i.and_then(|i| rec.get(i))
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .unwrap_or_default()
        };
        let pid = field(Some(id));
        if !pid.is_empty() {
            out.push((pid, field(name), field(household)));
        }
    }
    out
}

/// Where an entry came from: the commit that added its row.
#[derive(Debug)]
pub struct Origin {
    pub id: String,
    pub commit: Commit,
    /// Where the row is in HEAD, as the repository names the file.
    pub path: String,
    pub line: usize,
    pub by: String,
}

/// Which commit added the entry `prefix` names (its id or a unique prefix of
/// it, among the rows of HEAD's ledgers).
pub fn entry(repo: &Repo, prefix: &str) -> Result<Origin, Error> {
    let head = repo.head()?;
    let Some(tree) = repo.book_at(head)? else {
        return Err(Error::NoEntry(prefix.to_string()));
    };
    let mut found: Vec<(String, String, usize, String)> = Vec::new();
    for (name, oid) in &tree.ledgers {
        let bytes = repo.blob(*oid)?;
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(bytes.as_slice());
        let by = rdr
            .byte_headers()
            .ok()
            .and_then(|h| h.iter().position(|f| f == b"by"));
        let mut rec = csv::ByteRecord::new();
        while let Ok(true) = rdr.read_byte_record(&mut rec) {
            let Some(id) = rec.get(0).and_then(|f| std::str::from_utf8(f).ok()) else {
                continue;
            };
            if id.starts_with(prefix) && !found.iter().any(|f| f.0 == id) {
                let line = rec.position().map_or(0, |p| p.line() as usize);
                let who = by
                    .and_then(|i| rec.get(i))
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .unwrap_or_default();
                found.push((id.to_string(), format!("{LEDGER_DIR}/{name}"), line, who));
            }
        }
    }
    if let Some(exact) = found.iter().position(|f| f.0 == prefix) {
        found = vec![found.swap_remove(exact)];
    }
    let (id, rel, line, by) = match found.len() {
        0 => return Err(Error::NoEntry(prefix.to_string())),
        1 => found.remove(0),
        _ => {
            return Err(Error::AmbiguousEntry(
                prefix.to_string(),
                found.into_iter().map(|f| f.0).collect(),
            ))
        }
    };
    let needle = format!("\n{id},");
    let mut seen: HashMap<ObjectId, bool> = HashMap::new();
    let mut holds = |t: &Option<BookTree>| -> Result<bool, Error> {
        let Some(t) = t else { return Ok(false) };
        for (_, oid) in &t.ledgers {
            if let Some(&v) = seen.get(oid) {
                if v {
                    return Ok(true);
                }
                continue;
            }
            let b = repo.blob(*oid)?;
            let v = memchr::memmem::find(&b, needle.as_bytes()).is_some();
            seen.insert(*oid, v);
            if v {
                return Ok(true);
            }
        }
        Ok(false)
    };
    for cid in commits(repo, head, None)? {
        let c = repo.repo.find_commit(cid)?;
        if !holds(&repo.book_at(cid)?)? {
            continue;
        }
        let mut in_parent = false;
        for p in c.parent_ids() {
            in_parent |= holds(&repo.book_at(p.detach())?)?;
        }
        if !in_parent {
            return Ok(Origin {
                id,
                commit: commit_of(&c)?,
                path: repo.path(&rel).to_string_lossy().into_owned(),
                line,
                by,
            });
        }
    }
    Err(Error::NoEntry(prefix.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interleaved_rows_are_a_subsequence_and_a_lost_row_is_not() {
        let old = lines(b"h\na\nb\n");
        assert!(subsequence(&old, &lines(b"h\na\nx\nb\ny\n")));
        assert!(!subsequence(&old, &lines(b"h\nb\na\n")));
        assert!(!subsequence(&old, &lines(b"h\na\n")));
    }
}
