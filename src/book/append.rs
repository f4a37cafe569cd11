//! Appending rows to ledgers (SPEC §5): one command's rows, in however many
//! files, are one all-or-nothing transaction, even when the writer is
//! killed at any byte.
//!
//! It works like SQLite's rollback journal. Under the book's exclusive lock
//! ([`BookLock`]), before a byte is appended, the journal `.points/journal`
//! in the book's `.points/` folder records each ledger to be touched and its length
//! (or that it is new); it is written under a temporary name, synced and
//! renamed into place, so it is there whole or not at all. Then the rows are
//! appended and synced, and the journal removed: that removal is the moment
//! the rows count. A writer that stops before it (killed, power lost, a
//! file-size limit) leaves the journal behind, and the next command to open
//! the book ([`recover`]) cuts every ledger back to its recorded length.
//!
//! Use: lock the book, [`check_target`] early (to refuse before computing),
//! compute what to write, then [`append_all`].

use crate::book::ledger::HEADER_LINE;
use crate::book::lock::{sync_dir, whoami, BookLock, Mode, STATE_DIR};
use crate::book::LEDGER_DIR;
use crate::tr;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The journal, in the book's `.points/` folder.
pub const JOURNAL_FILE: &str = "journal";
const JOURNAL_TMP: &str = "journal.tmp";
const JOURNAL_VERSION: u32 = 1;

#[derive(Debug)]
pub enum AppendError {
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    ReadOnly {
        path: PathBuf,
    },
    Torn {
        path: PathBuf,
    },
    Name {
        path: PathBuf,
    },
    Journal {
        path: PathBuf,
        source: std::io::Error,
    },
    Pending {
        path: PathBuf,
    },
    NotLocked,
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    Stuck {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl std::error::Error for AppendError {}

impl fmt::Display for AppendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use AppendError as E;
        let text = match self {
            E::Open { path, source } => tr!(
                lock.append.open,
                path = path.display(),
                reason = explain(source)
            ),
            E::ReadOnly { path } => tr!(lock.append.read_only, path = path.display()),
            E::Torn { path } => tr!(lock.append.torn, path = path.display()),
            E::Name { path } => tr!(lock.append.name, path = path.display()),
            E::Journal { path, source } => tr!(
                lock.append.journal,
                path = path.display(),
                reason = explain(source)
            ),
            E::Pending { path } => tr!(lock.append.pending, path = path.display()),
            E::NotLocked => tr!(lock.append.not_locked),
            E::Write { path, source } => tr!(
                lock.append.write,
                path = path.display(),
                reason = explain(source)
            ),
            E::Stuck { path, source } => tr!(
                lock.append.stuck,
                path = path.display(),
                reason = explain(source)
            ),
        };
        f.write_str(&text)
    }
}

/// An I/O error in words a non-programmer can act on.
fn explain(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::FileTooLarge => tr!(lock.append.file_too_large, error = e),
        K::StorageFull | K::QuotaExceeded => tr!(lock.append.disk_full, error = e),
        K::PermissionDenied | K::ReadOnlyFilesystem => tr!(lock.append.not_allowed, error = e),
        _ => e.to_string(),
    }
}

/// The journal: each ledger a write touches, and its length before it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    points_journal: u32,
    /// The command that wrote, and who ran it where, to tell the user.
    #[serde(default)]
    command: String,
    /// The write makes the ledger folder (removed again on rollback if empty).
    ledger_dir_created: bool,
    files: Vec<Before>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Before {
    /// `ledger/NAME.csv`, relative to the book's root.
    path: String,
    /// The length before the write (0 for a new file).
    len: u64,
    /// The write makes this file (removed on rollback).
    created: bool,
}

/// Whether rows may be appended to the ledger at `path`: it is not marked
/// read-only (even to root, who could write it anyway: a closed ledger stays
/// closed) and its last line is not torn. A ledger that does not exist yet
/// may be.
pub fn check_target(path: &Path) -> Result<(), AppendError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(AppendError::Open {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    if meta.permissions().readonly() {
        return Err(AppendError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    let torn = (|| {
        let len = meta.len();
        if len == 0 {
            return Ok(false);
        }
        let mut f = File::open(path)?;
        f.seek(SeekFrom::Start(len - 1))?;
        let mut b = [0u8; 1];
        f.read_exact(&mut b)?;
        Ok(b[0] != b'\n')
    })();
    match torn {
        Ok(false) => Ok(()),
        Ok(true) => Err(AppendError::Torn {
            path: path.to_path_buf(),
        }),
        Err(source) => Err(AppendError::Open {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// One ledger's part of a write.
struct Part<'a> {
    path: &'a Path,
    rows: &'a str,
    /// The length before, `None` for a new file.
    len: Option<u64>,
}

/// Append each `(ledger, rows)` — complete CSV lines, each ending in `\n`,
/// each ledger once, all in the book's ledger folder — as one transaction:
/// afterwards either every row is on disk or none is. A new or empty ledger
/// gets the header first. Needs the book locked exclusively.
pub fn append_all(
    lock: &BookLock,
    root: &Path,
    parts: &[(&Path, &str)],
) -> Result<(), AppendError> {
    if lock.mode() != Mode::Exclusive {
        return Err(AppendError::NotLocked);
    }
    let state = root.join(STATE_DIR);
    let journal_path = state.join(JOURNAL_FILE);
    if journal_path.exists() {
        return Err(AppendError::Pending { path: journal_path });
    }
    let dir = root.join(LEDGER_DIR);
    let mut plan = Vec::new();
    let mut files = Vec::new();
    for &(path, rows) in parts.iter().filter(|(_, rows)| !rows.is_empty()) {
        check_target(path)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|_| path.parent() == Some(dir.as_path()))
            .ok_or_else(|| AppendError::Name {
                path: path.to_path_buf(),
            })?;
        let len = match std::fs::metadata(path) {
            Ok(m) => Some(m.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(AppendError::Open {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        files.push(Before {
            path: format!("{LEDGER_DIR}/{name}"),
            len: len.unwrap_or(0),
            created: len.is_none(),
        });
        plan.push(Part { path, rows, len });
    }
    if plan.is_empty() {
        return Ok(());
    }
    let journal = Journal {
        points_journal: JOURNAL_VERSION,
        command: whoami().trim().to_string(),
        ledger_dir_created: !dir.is_dir(),
        files,
    };
    write_journal(root, &journal)?;
    let written = write_parts(root, &dir, &plan, journal.ledger_dir_created);
    let (path, source, touched) = match written {
        // The moment the rows count: the journal is gone.
        Ok(()) => match std::fs::remove_file(&journal_path) {
            Ok(()) => {
                let _ = sync_dir(&state);
                return Ok(());
            }
            Err(source) => (journal_path.clone(), source, plan.len()),
        },
        Err(failed) => failed,
    };
    // Only the files this write opened: one that could not be made because
    // it was there after all is not ours to remove.
    match roll_back(root, &journal.files[..touched], journal.ledger_dir_created) {
        Ok(_) => {
            let _ = std::fs::remove_file(&journal_path).and_then(|()| sync_dir(&state));
            Err(AppendError::Write { path, source })
        }
        Err(_) => Err(AppendError::Stuck { path, source }),
    }
}

/// Write the journal whole or not at all: a temporary file, synced, renamed
/// into place, and the folder synced. A stale temporary file from a writer
/// killed here is simply written over.
fn write_journal(root: &Path, journal: &Journal) -> Result<(), AppendError> {
    let state = root.join(STATE_DIR);
    let tmp = state.join(JOURNAL_TMP);
    let path = state.join(JOURNAL_FILE);
    let mut text = serde_json::to_string(journal).map_err(|e| AppendError::Journal {
        path: path.clone(),
        source: e.into(),
    })?;
    text.push('\n');
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        sync_dir(&state).inspect_err(|_| {
            let _ = std::fs::remove_file(&path);
        })
    })();
    result.map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        AppendError::Journal { path, source }
    })
}

/// Append every part and sync it; on failure, which file, why, and how
/// many of the files were opened.
fn write_parts(
    root: &Path,
    dir: &Path,
    plan: &[Part<'_>],
    make_dir: bool,
) -> Result<(), (PathBuf, std::io::Error, usize)> {
    let mut hook = KillAfter::from_env();
    if make_dir {
        std::fs::create_dir(dir).map_err(|e| (dir.to_path_buf(), e, 0))?;
    }
    for (i, part) in plan.iter().enumerate() {
        let mut f = OpenOptions::new()
            .append(true)
            .create_new(part.len.is_none())
            .open(part.path)
            .map_err(|e| (part.path.to_path_buf(), e, i))?;
        let err = |e| (part.path.to_path_buf(), e, i + 1);
        let mut buf = String::with_capacity(part.rows.len() + HEADER_LINE.len());
        if part.len.unwrap_or(0) == 0 {
            buf.push_str(HEADER_LINE);
        }
        buf.push_str(part.rows);
        hook.write(&mut f, buf.as_bytes()).map_err(err)?;
        f.sync_all().map_err(err)?;
        if part.len.is_none() {
            sync_dir(dir).map_err(err)?;
        }
    }
    if make_dir {
        sync_dir(root).map_err(|e| (dir.to_path_buf(), e, plan.len()))?;
    }
    hook.at_end();
    Ok(())
}

/// Cut `files` back to their length before the write (remove those it
/// made; the ledger folder too if it made that and it is empty): what was
/// done, file by file.
fn roll_back(
    root: &Path,
    files: &[Before],
    made_dir: bool,
) -> Result<Vec<Undone>, (PathBuf, std::io::Error)> {
    let mut done = Vec::new();
    for b in files {
        let path = root.join(&b.path);
        let err = |e| (path.clone(), e);
        let now = match std::fs::metadata(&path) {
            Ok(m) => Some(m.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(err(e)),
        };
        match now {
            None => {}
            Some(_) if b.created => {
                std::fs::remove_file(&path).map_err(err)?;
                done.push(Undone::Removed {
                    path: b.path.clone(),
                });
            }
            Some(n) if n > b.len => {
                let f = OpenOptions::new().write(true).open(&path).map_err(err)?;
                f.set_len(b.len).map_err(err)?;
                f.sync_all().map_err(err)?;
                done.push(Undone::CutBack {
                    path: b.path.clone(),
                    len: b.len,
                });
            }
            Some(n) if n < b.len => done.push(Undone::Shorter {
                path: b.path.clone(),
                now: n,
                was: b.len,
            }),
            Some(_) => {}
        }
    }
    let dir = root.join(LEDGER_DIR);
    if made_dir {
        // Only if empty: anything else in it is not ours to remove.
        let _ = std::fs::remove_dir(&dir);
    }
    if dir.is_dir() {
        sync_dir(&dir).map_err(|e| (dir.clone(), e))?;
    }
    Ok(done)
}

/// What rolling back did to one ledger.
#[derive(Debug, PartialEq, Eq)]
pub enum Undone {
    /// The write had made it: removed.
    Removed { path: String },
    /// Cut back to its length before the write.
    CutBack { path: String, len: u64 },
    /// Shorter than before the write (`now` bytes, `was`): left as it is.
    Shorter { path: String, now: u64, was: u64 },
}

impl fmt::Display for Undone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Undone::Removed { path } => tr!(lock.append.removed, path = path),
            Undone::CutBack { path, len } => tr!(lock.append.cut_back, path = path, len = len),
            Undone::Shorter { path, now, was } => {
                tr!(lock.append.shorter, path = path, now = now, was = was)
            }
        };
        f.write_str(&text)
    }
}

/// What [`recover`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Recovery {
    /// A write had been interrupted and was rolled back: the command that
    /// wrote, and what was done, file by file (empty: it had written
    /// nothing yet).
    RolledBack { command: String, done: Vec<Undone> },
    /// A journal that cannot be read: a write that never started (a
    /// journal is renamed into place whole), so it was removed.
    Unreadable(String),
}

#[derive(Debug)]
pub struct RecoverError {
    path: PathBuf,
    source: std::io::Error,
}

impl std::error::Error for RecoverError {}

impl fmt::Display for RecoverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&tr!(
            lock.append.recover,
            path = self.path.display(),
            reason = explain(&self.source)
        ))
    }
}

/// Whether an interrupted write waits to be rolled back (or a writer
/// killed while writing its journal left the temporary file to clear).
pub fn pending(root: &Path) -> bool {
    let state = root.join(STATE_DIR);
    state.join(JOURNAL_FILE).exists() || state.join(JOURNAL_TMP).exists()
}

/// Roll back an interrupted write, if the journal says there was one. Needs
/// the book locked exclusively (so it never touches a live write).
pub fn recover(root: &Path, lock: &BookLock) -> Result<Option<Recovery>, RecoverError> {
    let state = root.join(STATE_DIR);
    let path = state.join(JOURNAL_FILE);
    if lock.mode() != Mode::Exclusive {
        return Err(RecoverError {
            path,
            source: std::io::Error::other(tr!(lock.not_locked_for_writing)),
        });
    }
    // No one is writing: a temporary journal is stale.
    let _ = std::fs::remove_file(state.join(JOURNAL_TMP));
    let text = match std::fs::read(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(RecoverError { path, source }),
    };
    let found = match read_journal(&text) {
        Ok(journal) => Recovery::RolledBack {
            done: roll_back(root, &journal.files, journal.ledger_dir_created)
                .map_err(|(path, source)| RecoverError { path, source })?,
            command: journal.command,
        },
        Err(why) => Recovery::Unreadable(why),
    };
    std::fs::remove_file(&path)
        .and_then(|()| sync_dir(&state))
        .map_err(|source| RecoverError {
            path: path.clone(),
            source,
        })?;
    Ok(Some(found))
}

/// The journal, if it is one this version wrote, naming only ledgers.
fn read_journal(text: &[u8]) -> Result<Journal, String> {
    let journal: Journal = serde_json::from_slice(text).map_err(|e| e.to_string())?;
    if journal.points_journal != JOURNAL_VERSION {
        return Err(tr!(
            lock.append.journal_version,
            version = journal.points_journal,
            known = JOURNAL_VERSION
        ));
    }
    for b in &journal.files {
        let ok = b
            .path
            .strip_prefix(&format!("{LEDGER_DIR}/"))
            .is_some_and(|n| {
                n.ends_with(".csv") && !n.starts_with('.') && !n.contains(['/', '\\'])
            });
        if !ok {
            return Err(tr!(lock.append.journal_not_ledger, path = b.path));
        }
    }
    Ok(journal)
}

/// A test hook that makes the writer die without cleaning up, as `kill -9`
/// would, after appending `POINTS_TEST_KILL_AFTER_BYTES` bytes (or, when
/// the write is shorter, just before its journal is removed). Only debug
/// builds read it, so a released binary can never be made to do this.
struct KillAfter(Option<usize>);

impl KillAfter {
    fn from_env() -> KillAfter {
        if !cfg!(debug_assertions) {
            return KillAfter(None);
        }
        KillAfter(
            std::env::var("POINTS_TEST_KILL_AFTER_BYTES")
                .ok()
                .and_then(|v| v.trim().parse().ok()),
        )
    }

    fn write(&mut self, f: &mut File, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(n) = self.0 {
            if bytes.len() > n {
                f.write_all(&bytes[..n])?;
                die();
            }
            self.0 = Some(n - bytes.len());
        }
        f.write_all(bytes)
    }

    fn at_end(&self) {
        if self.0.is_some() {
            die();
        }
    }
}

fn die() -> ! {
    #[cfg(unix)]
    // SAFETY: sending a signal to this process has no memory effects.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    std::process::abort()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn lock(root: &Path) -> BookLock {
        BookLock::acquire(root, Mode::Exclusive, Duration::ZERO, &mut |_| {}).unwrap()
    }

    /// Make sure `ledger::HEADER_LINE` is what readers expect.
    #[test]
    fn header_line_matches_header() {
        assert_eq!(
            HEADER_LINE.trim_end(),
            crate::book::ledger::HEADER.join(",")
        );
    }

    #[test]
    fn appends_with_header_and_refuses_torn() {
        let dir = tempfile::tempdir().unwrap();
        let l = lock(dir.path());
        let p = dir.path().join("ledger/2026.csv");
        append_all(&l, dir.path(), &[(&p, "E1,2026-01-01,P1,earn,x,1,1,a,,\n")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            format!("{HEADER_LINE}E1,2026-01-01,P1,earn,x,1,1,a,,\n")
        );
        assert!(!pending(dir.path()));
        std::fs::write(&p, "id,date\nE1,20").unwrap();
        assert!(matches!(check_target(&p), Err(AppendError::Torn { .. })));
    }

    #[test]
    fn rolls_back_what_the_journal_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("ledger")).unwrap();
        std::fs::write(root.join("ledger/a.csv"), "0123456789").unwrap();
        std::fs::write(root.join("ledger/b.csv"), "new").unwrap();
        let l = lock(root);
        std::fs::write(
            root.join(STATE_DIR).join(JOURNAL_FILE),
            r#"{"points_journal":1,"ledger_dir_created":false,"files":[{"path":"ledger/a.csv","len":4,"created":false},{"path":"ledger/b.csv","len":0,"created":true}]}"#,
        )
        .unwrap();
        let found = recover(root, &l).unwrap();
        assert_eq!(
            found,
            Some(Recovery::RolledBack {
                command: String::new(),
                done: vec![
                    Undone::CutBack {
                        path: "ledger/a.csv".into(),
                        len: 4
                    },
                    Undone::Removed {
                        path: "ledger/b.csv".into()
                    }
                ]
            })
        );
        assert_eq!(std::fs::read(root.join("ledger/a.csv")).unwrap(), b"0123");
        assert!(!root.join("ledger/b.csv").exists());
        assert!(!pending(root));
    }

    #[test]
    fn a_journal_naming_other_files_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("points.toml"), "0123456789").unwrap();
        let l = lock(root);
        std::fs::write(
            root.join(STATE_DIR).join(JOURNAL_FILE),
            r#"{"points_journal":1,"ledger_dir_created":false,"files":[{"path":"points.toml","len":0,"created":false}]}"#,
        )
        .unwrap();
        let found = recover(root, &l).unwrap();
        assert!(matches!(found, Some(Recovery::Unreadable(_))));
        assert_eq!(
            std::fs::read(root.join("points.toml")).unwrap(),
            b"0123456789"
        );
    }
}
