//! `points audit` (SPEC §8): walk the current branch's history, merges
//! included, and find where the book was rewritten. Each commit is compared
//! with each of its parents by blob id; only changed blobs are read. A
//! ledger is append-only when the parent's lines are a subsequence of the
//! commit's (a plain append is a prefix, checked with one comparison; a
//! union merge interleaves two sides' rows, keeping each side's order).
//! Findings are plain values; `cmd::audit` puts them into words.

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
    max_late_days: i64,
    findings: Vec<Finding>,
}

impl Walker<'_> {
    fn blob(&mut self, id: ObjectId) -> Result<Rc<Vec<u8>>, Error> {
        if let Some((_, b)) = self.blobs.iter().find(|(i, _)| *i == id) {
            return Ok(b.clone());
        }
        let b = Rc::new(self.repo.blob(id)?);
        if self.blobs.len() >= 8 {
            self.blobs.pop_front();
        }
        self.blobs.push_back((id, b.clone()));
        Ok(b)
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
                    let (a, b) = (self.blob(*oid)?, self.blob(n)?);
                    let added = self.append_only(c, &rel(), &a, &b);
                    if single {
                        self.late(c, &rel(), &b, &added);
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
                let rows = lines(&b);
                let all: Vec<usize> = (1..rows.len())
                    .filter(|&k| !gone.contains(rows[k]))
                    .collect();
                self.late(c, &format!("{LEDGER_DIR}/{name}"), &b, &all);
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

    /// Every line of `old` must be in `new`, in order; returns the lines of
    /// `new` (0-based) that are new rows.
    fn append_only(&mut self, c: &Commit, rel: &str, old: &[u8], new: &[u8]) -> Vec<usize> {
        let n = lines(new);
        if new.starts_with(old)
            && (old.is_empty() || old.ends_with(b"\n") || new.get(old.len()) == Some(&b'\n'))
        {
            let first = lines(old).len();
            return (first.max(1)..n.len()).collect();
        }
        let o = lines(old);
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
            self.push(c, rel, Some(i + 1), what);
            shown += 1;
            if shown >= MAX_PER_FILE {
                break;
            }
        }
        (1..n.len()).filter(|&k| !used[k]).collect()
    }

    /// Late entries among the rows `added` (0-based lines of `bytes`).
    fn late(&mut self, c: &Commit, rel: &str, bytes: &[u8], added: &[usize]) {
        if added.is_empty() {
            return;
        }
        let all = lines(bytes);
        let mut chunk = Vec::new();
        for &k in added {
            chunk.extend_from_slice(all[k]);
            chunk.push(b'\n');
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(chunk.as_slice());
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
                let line = added.get(at.saturating_sub(1)).map(|k| k + 1);
                let field =
                    |i: usize| String::from_utf8_lossy(rec.get(i).unwrap_or_default()).into_owned();
                let what = What::Approved {
                    id: field(0),
                    target: field(8),
                    by: field(7),
                    date,
                };
                self.push(c, rel, line, what);
            }
            let days = (today - date).num_days();
            if days > self.max_late_days {
                let line = added.get(at.saturating_sub(1)).map(|k| k + 1);
                let id = String::from_utf8_lossy(id).into_owned();
                self.push(c, rel, line, What::Late { id, date, days });
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
