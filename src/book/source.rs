//! Where the book's files are read from: the folder (the usual case), or,
//! with `--at REV` (SPEC §8), the blobs of a commit held in memory. The
//! commit's files are set once, before the command runs ([`set`]); every
//! reader of `points.toml`, `people.csv` and `ledger/*.csv` asks here
//! ([`read`], [`open`], [`ledgers`]) instead of the file system, so that
//! nothing is checked out and no copy of the working tree is made. Without
//! `--at` each call is one look at an empty cell, then the file system.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The book's files as committed at one commit.
#[derive(Debug)]
pub struct Snapshot {
    /// The commit (40 hex digits).
    pub commit: String,
    /// Its committer date, in the committer's own time zone.
    pub date: chrono::NaiveDate,
    /// Each file by the path it has in the book folder (`root.join(rel)`),
    /// with its bytes: `points.toml`, `people.csv` and the ledgers there are.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// The ledger files (`*.csv` of `ledger/`, not dot-named), by name.
    pub ledgers: Vec<PathBuf>,
}

static AT: OnceLock<Snapshot> = OnceLock::new();

/// Read the book from `snapshot` from now on (once per process: later
/// calls are ignored).
pub fn set(snapshot: Snapshot) {
    let _ = AT.set(snapshot);
}

/// The commit the book is read from, if `--at` was given.
pub fn at() -> Option<&'static Snapshot> {
    AT.get()
}

/// The whole of a file of the book.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    match at() {
        None => std::fs::read(path),
        Some(s) => s.files.get(path).cloned().ok_or_else(|| not_there(path)),
    }
}

/// A file of the book, to stream.
pub fn open(path: &Path) -> io::Result<Opened> {
    match at() {
        None => File::open(path).map(Opened::File),
        Some(s) => s
            .files
            .get(path)
            .map(|b| Opened::Blob(Cursor::new(b.as_slice())))
            .ok_or_else(|| not_there(path)),
    }
}

/// The ledger files of the commit, by name (`None`: read the folder).
pub fn ledgers() -> Option<Vec<PathBuf>> {
    at().map(|s| s.ledgers.clone())
}

fn not_there(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("{} is not in the commit", path.display()),
    )
}

/// An open file of the book: on disk, or a committed blob in memory.
pub enum Opened {
    File(File),
    Blob(Cursor<&'static [u8]>),
}

impl Opened {
    /// Its length in bytes.
    pub fn size(&self) -> io::Result<u64> {
        match self {
            Opened::File(f) => f.metadata().map(|m| m.len()),
            Opened::Blob(c) => Ok(c.get_ref().len() as u64),
        }
    }
}

impl Read for Opened {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Opened::File(f) => f.read(buf),
            Opened::Blob(c) => c.read(buf),
        }
    }
}

impl Seek for Opened {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match self {
            Opened::File(f) => f.seek(pos),
            Opened::Blob(c) => c.seek(pos),
        }
    }
}
