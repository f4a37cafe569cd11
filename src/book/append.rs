//! Appending rows to a ledger: whole rows, one write, under an exclusive
//! lock on the ledger file, synced to disk before success is reported
//! (SPEC §5). A write that fails leaves the file exactly as it was.
//!
//! Use: [`Locked::open`] the target first, compute what to write while
//! holding the lock (so two writers never both take the last of a cap), then
//! [`Locked::append`].

use crate::book::ledger::HEADER_LINE;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    #[error("{path}: cannot open this ledger for writing: {source}. Nothing was written.", path = .path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: cannot lock this ledger: {source}. Nothing was written.", path = .path.display())]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: this ledger is marked read-only (its file permissions allow no writing), so nothing was written. If the ledger is closed on purpose, write to another with --ledger NAME; otherwise make it writable again (chmod u+w).", path = .path.display())]
    ReadOnly { path: PathBuf },
    #[error("{path}: the last line is torn (it does not end with a line break): a write may have been cut off. Nothing was appended. Look at the last line: if it is complete, add a line break at its end; if not, delete it. Then run `points check`.", path = .path.display())]
    Torn { path: PathBuf },
    #[error("{path}: writing failed: {source}. The file was left exactly as it was; nothing was written.", path = .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A ledger file held under an exclusive lock until dropped.
#[derive(Debug)]
pub struct Locked {
    file: File,
    path: PathBuf,
    /// Whether this call created the file (it is removed again if nothing is written).
    created: bool,
    /// The ledger folder, if this call created it (removed again if nothing is written).
    created_dir: Option<PathBuf>,
    written: bool,
}

impl Locked {
    /// Open (creating it and its folder if needed) and lock the ledger at `path`.
    /// Blocks while another process holds the lock. Refuses a torn last line,
    /// and a ledger whose permissions say it is read-only (even to root, who
    /// could write it anyway: a closed ledger stays closed).
    pub fn open(path: &Path) -> Result<Locked, AppendError> {
        // Another writer may remove a file it created and then left unused
        // between our open and our lock: then lock again, on the file that is there.
        for _ in 0..100 {
            let mut locked = Self::open_once(path)?;
            if locked.still_there() {
                return locked.check_torn();
            }
            // Not ours to remove: whatever is at the path now belongs to another writer.
            locked.created = false;
            locked.created_dir = None;
        }
        Err(AppendError::Lock {
            path: path.to_path_buf(),
            source: std::io::Error::other("the file kept being replaced while locking it"),
        })
    }

    fn open_once(path: &Path) -> Result<Locked, AppendError> {
        let open_err = |source| AppendError::Open {
            path: path.to_path_buf(),
            source,
        };
        let existed = path.exists();
        if existed && std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
            return Err(AppendError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        let mut created_dir = None;
        let mut created = false;
        if !existed {
            if let Some(dir) = path.parent() {
                if !dir.as_os_str().is_empty() && !dir.exists() {
                    std::fs::create_dir_all(dir).map_err(open_err)?;
                    created_dir = Some(dir.to_path_buf());
                }
            }
            created = create_with_header(path).map_err(open_err)?;
        }
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(open_err)?;
        let locked = Locked {
            file,
            path: path.to_path_buf(),
            created,
            created_dir,
            written: false,
        };
        locked.file.lock().map_err(|source| AppendError::Lock {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(locked)
    }

    /// Whether the locked file is still the one at the path.
    fn still_there(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            match (self.file.metadata(), std::fs::metadata(&self.path)) {
                (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
                _ => false,
            }
        }
        #[cfg(not(unix))]
        {
            self.path.exists()
        }
    }

    fn check_torn(mut self) -> Result<Locked, AppendError> {
        match self.torn() {
            Ok(false) => Ok(self),
            Ok(true) => Err(AppendError::Torn {
                path: self.path.clone(),
            }),
            Err(source) => Err(AppendError::Open {
                path: self.path.clone(),
                source,
            }),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn torn(&mut self) -> std::io::Result<bool> {
        let len = self.file.metadata()?.len();
        if len == 0 {
            return Ok(false);
        }
        self.file.seek(SeekFrom::Start(len - 1))?;
        let mut b = [0u8; 1];
        self.file.read_exact(&mut b)?;
        Ok(b[0] != b'\n')
    }

    /// Append `rows` (complete CSV lines, each ending in `\n`) with one write,
    /// writing the header first if the file is empty, then sync to disk.
    pub fn append(mut self, rows: &str) -> Result<(), AppendError> {
        let werr = |source| AppendError::Write {
            path: self.path.clone(),
            source,
        };
        let len = self.file.metadata().map_err(werr)?.len();
        let mut buf = String::with_capacity(rows.len() + HEADER_LINE.len());
        if len == 0 {
            buf.push_str(HEADER_LINE);
        }
        buf.push_str(rows);
        let result = self
            .file
            .write_all(buf.as_bytes())
            .and_then(|()| self.file.sync_all());
        if let Err(e) = result {
            // Leave the file exactly as it was: cut off whatever part got written.
            let _ = self.file.set_len(len);
            let _ = self.file.sync_all();
            return Err(AppendError::Write {
                path: self.path.clone(),
                source: e,
            });
        }
        self.written = true;
        Ok(())
    }
}

/// Create the ledger at `path` holding just the header, so that no reader
/// ever sees it without one: the header is written to a temporary file that
/// is then linked into place, which fails if another writer was first.
/// Returns whether this call created it.
fn create_with_header(path: &Path) -> std::io::Result<bool> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(HEADER_LINE.as_bytes())?;
        f.sync_all()?;
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            // A file system without hard links: create it in place, empty;
            // `append` writes the header into an empty ledger.
            Err(_) => match OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(_) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(e),
            },
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

impl Drop for Locked {
    fn drop(&mut self) {
        if self.created && !self.written {
            let _ = std::fs::remove_file(&self.path);
            if let Some(dir) = &self.created_dir {
                // Only if empty: another writer may have put a ledger there meanwhile.
                let _ = std::fs::remove_dir(dir);
            }
        }
        let _ = self.file.unlock();
    }
}

/// Make sure `ledger::HEADER_LINE` is what readers expect.
#[cfg(test)]
mod tests {
    use super::*;

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
        let p = dir.path().join("ledger/2026.csv");
        Locked::open(&p)
            .unwrap()
            .append("E1,2026-01-01,P1,earn,x,1,1,a,,\n")
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            format!("{HEADER_LINE}E1,2026-01-01,P1,earn,x,1,1,a,,\n")
        );
        std::fs::write(&p, "id,date\nE1,20").unwrap();
        assert!(matches!(Locked::open(&p), Err(AppendError::Torn { .. })));
        // Opening and dropping without a write creates nothing.
        let q = dir.path().join("ledger/2027.csv");
        drop(Locked::open(&q).unwrap());
        assert!(!q.exists());
        // Nor a folder.
        let r = dir.path().join("new/2027.csv");
        drop(Locked::open(&r).unwrap());
        assert!(!dir.path().join("new").exists());
    }

    #[test]
    fn refuses_a_read_only_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("2026.csv");
        std::fs::write(&p, HEADER_LINE).unwrap();
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&p, perm).unwrap();
        assert!(matches!(
            Locked::open(&p),
            Err(AppendError::ReadOnly { .. })
        ));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), HEADER_LINE);
    }
}
