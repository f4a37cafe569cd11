//! One lock for the whole book (SPEC §5): the file `.points/lock` in the
//! book's folder. A writer holds it exclusively from before it reads the
//! ledgers until its rows are on disk, so caps and "a round is never spent
//! twice" hold across ledger files; a reader holds it shared, so that no
//! command ever sees a write half done. The writer holding it writes who it
//! is into the file, so that a command that has to wait can say whom it
//! waits for.
//!
//! The folder `.points/` holds what belongs to the work of the program and
//! not to the book (the lock; the journal of a write in progress): its own
//! `.gitignore` keeps it out of git, in new books and old ones alike.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::tr;

/// The program's own folder in the book.
pub const STATE_DIR: &str = ".points";
/// The lock, in [`STATE_DIR`].
pub const LOCK_FILE: &str = "lock";
const GITIGNORE: &str =
    "# Made by points: the book's lock and the journal of a write in progress. Never commit them.\n*\n";

/// How long a waiting command waits before it says whom it waits for.
const TELL_AFTER: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Reading: many at once, never while a writer is at work.
    Shared,
    /// Writing: alone.
    Exclusive,
}

#[derive(Debug)]
pub enum LockError {
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `holder` as the lock file says (see [`holder_words`]).
    Timeout { holder: String, secs: u64 },
}

impl std::error::Error for LockError {}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            LockError::Open { path, source } => {
                tr!(lock.cannot_open, path = path.display(), error = source)
            }
            LockError::Lock { path, source } => {
                tr!(lock.cannot_lock, path = path.display(), error = source)
            }
            LockError::Timeout { holder, secs } => {
                tr!(lock.timeout, holder = holder_words(holder), n = secs)
            }
        };
        f.write_str(&text)
    }
}

/// The book's lock, held until dropped (or for the whole book folder when
/// it cannot hold one: a reader in a folder it may not write to, where
/// `.points-lock` was never made, reads without it).
#[derive(Debug)]
pub struct BookLock {
    file: Option<File>,
    path: PathBuf,
    mode: Mode,
}

impl BookLock {
    /// Lock the book at `root`, waiting at most `timeout` for another
    /// command to let go; `waiting` is told whom it waits for after a
    /// second.
    pub fn acquire(
        root: &Path,
        mode: Mode,
        timeout: Duration,
        waiting: &mut dyn FnMut(&str),
    ) -> Result<BookLock, LockError> {
        let path = state_dir(root).join(LOCK_FILE);
        let opened = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path);
        let file = match opened {
            Ok(f) => Some(f),
            // A lock file made by another user, or a folder this user may
            // not write to: a file open for reading can be locked all the
            // same (who holds it just goes unsaid). A reader finding none
            // reads without: then no writer can be at work either.
            Err(source) => match OpenOptions::new().read(true).open(&path) {
                Ok(f) => Some(f),
                Err(_) if mode == Mode::Shared => None,
                Err(_) => return Err(LockError::Open { path, source }),
            },
        };
        let mut lock = BookLock {
            file,
            path,
            mode: Mode::Shared,
        };
        lock.take(mode, timeout, waiting)?;
        Ok(lock)
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// From shared to exclusive: let go, then wait for the book alone.
    pub fn upgrade(
        &mut self,
        timeout: Duration,
        waiting: &mut dyn FnMut(&str),
    ) -> Result<(), LockError> {
        if self.mode == Mode::Exclusive {
            return Ok(());
        }
        if let Some(f) = &self.file {
            let _ = f.unlock();
        }
        self.take(Mode::Exclusive, timeout, waiting)
    }

    fn take(
        &mut self,
        mode: Mode,
        timeout: Duration,
        waiting: &mut dyn FnMut(&str),
    ) -> Result<(), LockError> {
        let Some(file) = &self.file else {
            if mode == Mode::Exclusive {
                return Err(LockError::Open {
                    path: self.path.clone(),
                    source: std::io::Error::other(tr!(lock.not_created)),
                });
            }
            return Ok(());
        };
        let start = Instant::now();
        let mut told = false;
        loop {
            let tried = match mode {
                Mode::Shared => file.try_lock_shared(),
                Mode::Exclusive => file.try_lock(),
            };
            match tried {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(source)) => {
                    return Err(LockError::Lock {
                        path: self.path.clone(),
                        source,
                    })
                }
            }
            let waited = start.elapsed();
            if waited >= timeout {
                return Err(LockError::Timeout {
                    holder: holder(&self.path),
                    secs: timeout.as_secs(),
                });
            }
            if !told && waited >= TELL_AFTER {
                waiting(&holder_words(&holder(&self.path)));
                told = true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.mode = mode;
        // Who holds it: written by a writer, cleared by whoever holds it
        // next (a writer killed before it could clear it leaves its name).
        let mut f = file;
        let _ = match mode {
            Mode::Exclusive => f
                .set_len(0)
                .and_then(|()| f.seek(SeekFrom::Start(0)))
                .and_then(|_| f.write_all(whoami().as_bytes())),
            Mode::Shared if f.metadata().is_ok_and(|m| m.len() > 0) => f.set_len(0),
            Mode::Shared => Ok(()),
        };
        Ok(())
    }
}

/// The program's own folder in the book at `root`, made (with its
/// `.gitignore`) if it is not there and can be.
fn state_dir(root: &Path) -> PathBuf {
    let dir = root.join(STATE_DIR);
    if !dir.is_dir() && std::fs::create_dir(&dir).is_ok() {
        let _ = sync_dir(root);
    }
    let ignore = dir.join(".gitignore");
    if dir.is_dir() && !ignore.exists() {
        if let Ok(mut f) = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&ignore)
        {
            let _ = f.write_all(GITIGNORE.as_bytes());
        }
    }
    dir
}

/// Sync a folder, so that files made, renamed or removed in it stay so
/// after a power loss (a no-op where folders cannot be opened).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(crate::book::as_dir(dir))?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

impl Drop for BookLock {
    fn drop(&mut self) {
        if let Some(f) = &self.file {
            if self.mode == Mode::Exclusive {
                let _ = f.set_len(0);
            }
            let _ = f.unlock();
        }
    }
}

/// Who holds the lock, as the lock file says: "`points add …` (pid 1234,
/// by 张三 on host)"; empty for readers.
fn holder(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.trim().to_string()
}

/// A holder as the lock file (or a journal) writes it ([`whoami`]), in the
/// chosen language: "`points add …` (pid 1234, by 张三 on host)" / "`points
/// add …`（进程号 1234，张三 在 host 上运行）"; empty: readers. Text in
/// another form is shown as it is.
pub fn holder_words(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return tr!(lock.readers);
    }
    let parsed = (|| {
        let rest = text.strip_prefix('`')?.strip_suffix(')')?;
        let (command, rest) = rest.rsplit_once("` (pid ")?;
        let (pid, rest) = rest.split_once(", by ")?;
        let (user, host) = rest.rsplit_once(" on ")?;
        Some(tr!(
            lock.holder,
            command = command,
            pid = pid,
            user = user,
            host = host
        ))
    })();
    parsed.unwrap_or_else(|| text.to_string())
}

/// This command, for the lock file and the journal: "`points add …` (pid
/// 1234, by 张三 on host)" and a line break.
pub fn whoami() -> String {
    let mut command = String::from("points");
    for a in std::env::args_os().skip(1) {
        command.push(' ');
        command.push_str(&a.to_string_lossy());
        if command.chars().count() > 120 {
            command = command.chars().take(120).collect();
            command.push('…');
            break;
        }
    }
    let command = command.replace(['\n', '\r'], " ");
    let user = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| tr!(lock.someone));
    format!(
        "`{command}` (pid {}, by {} on {})\n",
        std::process::id(),
        user.trim(),
        hostname()
    )
}

fn hostname() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at
        // most that many bytes.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            let name = String::from_utf8_lossy(&buf[..end]).trim().to_string();
            if !name.is_empty() {
                return name;
            }
        }
    }
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| tr!(lock.this_computer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_excludes_others_and_says_who_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let w =
            BookLock::acquire(dir.path(), Mode::Exclusive, Duration::ZERO, &mut |_| {}).unwrap();
        assert!(holder(&dir.path().join(STATE_DIR).join(LOCK_FILE))
            .contains(&format!("pid {}", std::process::id())));
        let r = BookLock::acquire(dir.path(), Mode::Shared, Duration::ZERO, &mut |_| {});
        assert!(matches!(r, Err(LockError::Timeout { .. })));
        drop(w);
        let r1 = BookLock::acquire(dir.path(), Mode::Shared, Duration::ZERO, &mut |_| {}).unwrap();
        let r2 = BookLock::acquire(dir.path(), Mode::Shared, Duration::ZERO, &mut |_| {}).unwrap();
        assert_eq!(r1.mode(), Mode::Shared);
        drop((r1, r2));
    }
}
