//! What became of the history behind an output since the commit it was
//! made at (SPEC §9, `points verify`): the audit of the commits after it
//! (`audit` with `since`), kept to the findings about what the output
//! stands on — committed rows changed or removed, ledgers removed or
//! renamed, people removed or renumbered, rule changes that alter committed
//! points — and how many ledger rows were appended since (fine: they are
//! not part of the output). Plain values; `cmd::verify` puts them into words.

use super::audit::{self, Commit, Finding, Level, What};
use super::{Error, Repo};
use crate::book::LEDGER_DIR;
use gix::ObjectId;
use std::collections::HashSet;

/// The history after a commit.
#[derive(Debug)]
pub struct Since {
    /// The commit the output was made at.
    pub commit: Commit,
    /// Commits after it that touched the book.
    pub commits: usize,
    /// Error findings about what was committed at `commit`.
    pub changed: Vec<Finding>,
    /// Ledger rows at HEAD beyond those at `commit`.
    pub appended: u64,
}

/// Why the history after a commit cannot be read.
#[derive(Debug)]
pub enum Problem {
    /// The repository holds no such commit.
    NotInRepository,
    /// The commit is not in the current branch's history.
    NotInHistory,
    Git(Error),
}

impl From<Error> for Problem {
    fn from(e: Error) -> Self {
        Problem::Git(e)
    }
}

/// The history of HEAD after `commit` (40 hex digits).
pub fn since(repo: &Repo, commit: &str) -> Result<Since, Problem> {
    let id = ObjectId::from_hex(commit.as_bytes()).map_err(|_| Problem::NotInRepository)?;
    let found = repo
        .repo
        .find_commit(id)
        .map_err(|_| Problem::NotInRepository)?;
    let meta = audit::commit_of(&found)?;
    let opts = audit::Options {
        since: Some(commit.to_string()),
        // Late entries are warnings, not asked about here.
        max_late_days: i64::MAX / 4,
    };
    let walked = audit::audit(repo, &opts).map_err(|e| match e {
        Error::UnknownRev(_) => Problem::NotInHistory,
        e => Problem::Git(e),
    })?;
    let then = repo.book_at(id)?;
    let head = repo.book_at(repo.head()?)?;
    let mut lines: Option<HashSet<Vec<u8>>> = None;
    let mut changed = Vec::new();
    for f in walked.findings {
        if f.what.level() != Level::Error {
            continue;
        }
        let behind = match &f.what {
            What::RowChanged { before, .. } | What::RowRemoved { before } => {
                if lines.is_none() {
                    lines = Some(rows_of(repo, then.as_ref())?);
                }
                lines
                    .as_ref()
                    .is_some_and(|l| l.contains(before.as_bytes()))
            }
            What::LedgerRemoved | What::LedgerRenamed { .. } => then.as_ref().is_some_and(|t| {
                t.ledgers.iter().any(|(name, _)| {
                    repo.path(&format!("{LEDGER_DIR}/{name}"))
                        .to_string_lossy()
                        .as_ref()
                        == f.path
                })
            }),
            _ => true,
        };
        if behind {
            changed.push(f);
        }
    }
    let mut appended = 0u64;
    if let Some(head) = &head {
        for (name, blob) in &head.ledgers {
            let old = then.as_ref().and_then(|t| t.ledger(name));
            if old == Some(*blob) {
                continue;
            }
            let now = count_rows(&repo.blob(*blob)?);
            let before = match old {
                Some(o) => count_rows(&repo.blob(o)?),
                None => 0,
            };
            appended += now.saturating_sub(before);
        }
    }
    Ok(Since {
        commit: meta,
        commits: walked.commits,
        changed,
        appended,
    })
}

/// Every line of the ledgers of a commit's book (as the audit quotes rows).
fn rows_of(repo: &Repo, book: Option<&super::BookTree>) -> Result<HashSet<Vec<u8>>, Error> {
    let mut out = HashSet::new();
    for (_, blob) in book.map_or(&[][..], |b| &b.ledgers[..]) {
        let bytes = repo.blob(*blob)?;
        for line in bytes.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            out.insert(line.to_vec());
        }
    }
    Ok(out)
}

/// The records of a ledger after its header, read as CSV.
fn count_rows(bytes: &[u8]) -> u64 {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    let mut n = 0;
    while let Ok(true) = rdr.read_byte_record(&mut rec) {
        n += 1;
    }
    n
}
