//! History: the book as git holds it. Reads the repository in-process
//! (gix, as `provenance` does), hands back plain values and findings, and
//! knows nothing of rendering: [`audit`] walks the commits that touched the
//! book and says where its history was rewritten.

pub mod audit;
mod pack;
pub mod since;

use crate::book::{LEDGER_DIR, PEOPLE_FILE, RULES_FILE};
use gix::ObjectId;
use std::path::{Path, PathBuf};

/// Why the history could not be read.
#[derive(Debug)]
pub enum Error {
    /// The book's folder is not in a git working tree.
    Outside,
    /// The repository has no commit yet.
    Unborn,
    /// `--since` names nothing in the current branch's history.
    UnknownRev(String),
    /// `--entry` names no entry, or several.
    NoEntry(String),
    AmbiguousEntry(String, Vec<String>),
    /// The repository could not be read.
    Git(String),
}

impl<E: std::fmt::Display> From<E> for Error
where
    E: std::error::Error,
{
    fn from(e: E) -> Self {
        Error::Git(e.to_string())
    }
}

/// The repository holding the book, and the book's folder within its tree
/// (`/` separators, empty where the book is the top of the working tree).
pub struct Repo {
    pub repo: gix::Repository,
    pub prefix: String,
}

impl Repo {
    /// Find the repository that holds the book's folder.
    pub fn open(root: &Path) -> Result<Repo, Error> {
        let dir = crate::book::as_dir(root);
        if gix::discover::upwards(dir).is_err() {
            return Err(Error::Outside);
        }
        let repo = gix::discover(dir).map_err(|e| Error::Git(e.to_string()))?;
        let Some(workdir) = repo.workdir() else {
            return Err(Error::Outside);
        };
        let (Ok(book), Ok(top)) = (dir.canonicalize(), workdir.canonicalize()) else {
            return Err(Error::Outside);
        };
        let Ok(prefix) = book.strip_prefix(&top) else {
            return Err(Error::Outside);
        };
        let prefix = prefix
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Repo { repo, prefix })
    }

    /// HEAD's commit, or with `--at REV` REV's: the history is read up to
    /// the commit the book is read from.
    pub fn head(&self) -> Result<ObjectId, Error> {
        if let Some(at) = crate::book::source::at() {
            return ObjectId::from_hex(at.commit.as_bytes()).map_err(|e| Error::Git(e.to_string()));
        }
        let head = self.repo.head().map_err(|e| Error::Git(e.to_string()))?;
        head.id().map(|id| id.detach()).ok_or(Error::Unborn)
    }

    /// The book's files in a commit: its rules, roster and ledgers (name,
    /// blob), or `None` where the commit has no book folder.
    pub fn book_at(&self, commit: ObjectId) -> Result<Option<BookTree>, Error> {
        let commit = self.repo.find_commit(commit)?;
        let tree = commit.tree()?;
        let book = if self.prefix.is_empty() {
            tree.id
        } else {
            match tree.lookup_entry_by_path(&self.prefix)? {
                Some(e) if e.mode().is_tree() => e.object_id(),
                _ => return Ok(None),
            }
        };
        self.book_tree(book).map(Some)
    }

    fn book_tree(&self, id: ObjectId) -> Result<BookTree, Error> {
        let tree = self.repo.find_tree(id)?;
        let mut out = BookTree {
            id,
            rules: None,
            people: None,
            ledgers: Vec::new(),
        };
        for e in tree.iter() {
            let e = e?;
            let name = e.inner.filename.to_string();
            let oid = e.inner.oid.to_owned();
            if name == RULES_FILE && e.inner.mode.is_blob() {
                out.rules = Some(oid);
            } else if name == PEOPLE_FILE && e.inner.mode.is_blob() {
                out.people = Some(oid);
            } else if name == LEDGER_DIR && e.inner.mode.is_tree() {
                for l in self.repo.find_tree(oid)?.iter() {
                    let l = l?;
                    let n = l.inner.filename.to_string();
                    if n.ends_with(".csv") && !n.starts_with('.') && l.inner.mode.is_blob() {
                        out.ledgers.push((n, l.inner.oid.to_owned()));
                    }
                }
            }
        }
        out.ledgers.sort();
        Ok(out)
    }

    /// A blob's bytes.
    pub fn blob(&self, id: ObjectId) -> Result<Vec<u8>, Error> {
        Ok(self.repo.find_blob(id)?.take_data())
    }

    /// A path of the book as the repository names it (`sub/ledger/2026.csv`).
    pub fn path(&self, rel: &str) -> PathBuf {
        if self.prefix.is_empty() {
            PathBuf::from(rel)
        } else {
            PathBuf::from(format!("{}/{rel}", self.prefix))
        }
    }
}

/// The book's folder in one commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookTree {
    pub id: ObjectId,
    pub rules: Option<ObjectId>,
    pub people: Option<ObjectId>,
    /// `ledger/*.csv` by name, with their blobs.
    pub ledgers: Vec<(String, ObjectId)>,
}

impl BookTree {
    pub fn ledger(&self, name: &str) -> Option<ObjectId> {
        // Sorted by name, names unique.
        self.ledgers
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| self.ledgers[i].1)
    }
}
