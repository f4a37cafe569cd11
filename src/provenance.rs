//! Provenance (SPEC §8, §12 "Provenance, exactly"): which state of the book
//! a figure comes from. The book's fingerprint is the SHA-256 of its files
//! — `points.toml`, `people.csv`, then `ledger/*.csv` in name order — each
//! as its path relative to the book (`/` separators), a NUL byte, its length
//! in decimal, a NUL byte and its bytes. Where the book lives in git, the
//! commit its files are at is the repository's HEAD, read in-process (gix),
//! and the files are dirty where one of them differs from HEAD's tree (its
//! git blob id is not the one HEAD holds, or HEAD lacks it or holds a ledger
//! that is gone).
//!
//! This layer reads files and the repository and hands back plain values;
//! the two lines that carry them ([`Provenance::line`], the fixed one, and
//! [`Provenance::words`], the one a person reads) are for the commands to
//! print.

use crate::book::{as_dir, LEDGER_DIR, PEOPLE_FILE, RULES_FILE};
use crate::{i18n, tr};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};

/// What the book's files are, and where in git they stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// The fingerprinted files, relative to the book, in order.
    pub files: Vec<String>,
    /// SHA-256 of the files, 64 lowercase hex digits.
    pub fingerprint: String,
    /// Rows of the ledgers (records after each file's header).
    pub rows: u64,
    pub git: Git,
}

/// The book and git.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Git {
    /// Not in a git working tree.
    Outside,
    /// In a repository that has no commit yet.
    Unborn,
    /// At HEAD `commit` (40 hex digits), committed on `date` (in the
    /// committer's own time zone, so every machine says the same);
    /// `dirty` where the files differ from it.
    At {
        commit: String,
        date: NaiveDate,
        dirty: bool,
    },
}

#[derive(Debug)]
pub enum Error {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    Git {
        path: PathBuf,
        message: String,
    },
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Error::Read { path, source } => tr!(
                provenance.cannot_read,
                path = path.display(),
                reason = crate::book::io_reason(source)
            ),
            Error::Git { path, message } => {
                tr!(
                    provenance.cannot_read_git,
                    path = path.display(),
                    reason = message
                )
            }
        };
        f.write_str(&text)
    }
}

impl Provenance {
    /// The full commit hash, `None` outside git or before the first commit.
    pub fn commit(&self) -> Option<&str> {
        match &self.git {
            Git::At { commit, .. } => Some(commit),
            _ => None,
        }
    }

    /// Whether the files differ from the commit (all of them do before the
    /// first commit; outside git there is nothing to differ from).
    pub fn dirty(&self) -> bool {
        match &self.git {
            Git::Outside => false,
            Git::Unborn => true,
            Git::At { dirty, .. } => *dirty,
        }
    }

    /// The fixed line (the same in every language): `points-provenance:
    /// commit=<40 hex or none> dirty=<true|false> fingerprint=<64 hex>
    /// argv=<JSON array of the arguments after the program name>`.
    pub fn line(&self, argv: &[String]) -> String {
        let argv = serde_json::to_string(argv).unwrap_or_else(|_| "[]".into());
        format!(
            "points-provenance: commit={} dirty={} fingerprint={} argv={argv}",
            self.commit().unwrap_or("none"),
            self.dirty(),
            self.fingerprint
        )
    }

    /// The line a person reads: the commit (short hash and date), "with
    /// uncommitted changes" where the files differ from it, and the first
    /// 16 hex digits of the fingerprint; outside git, the fingerprint alone.
    pub fn words(&self) -> String {
        let fingerprint = &self.fingerprint[..16.min(self.fingerprint.len())];
        match &self.git {
            Git::Outside => tr!(provenance.outside, fingerprint = fingerprint),
            Git::Unborn => tr!(provenance.unborn, fingerprint = fingerprint),
            Git::At {
                commit,
                date,
                dirty,
            } => {
                let (commit, date) = (&commit[..7.min(commit.len())], i18n::date(*date));
                if *dirty {
                    tr!(
                        provenance.at_dirty,
                        commit = commit,
                        date = date,
                        fingerprint = fingerprint
                    )
                } else {
                    tr!(
                        provenance.at,
                        commit = commit,
                        date = date,
                        fingerprint = fingerprint
                    )
                }
            }
        }
    }
}

/// Set by `points verify` for the run that makes an output again: the
/// recorded arguments (a JSON array), which the fixed line then carries
/// instead of that run's own (which add `--at`, `--book` and `--lang`), so
/// that an unchanged output comes out byte for byte (a notice's QR code
/// holds the line).
pub const ARGV_ENV: &str = "POINTS_PROVENANCE_ARGV";

/// The arguments after the program name, as given (or as [`ARGV_ENV`]
/// says).
pub fn argv() -> Vec<String> {
    if let Some(v) = std::env::var_os(ARGV_ENV) {
        if let Ok(recorded) = serde_json::from_str(&v.to_string_lossy()) {
            return recorded;
        }
    }
    std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// The provenance of the book at `root`, whose ledger files (in name
/// order) are `ledgers`.
pub fn of_book(root: &Path, ledgers: &[PathBuf]) -> Result<Provenance, Error> {
    of_files(root, ledgers, true)
}

/// As [`of_book`]; without `count`, the ledger rows are not counted (0):
/// for the lines at the end of an output, which do not show them.
pub fn of_files(root: &Path, ledgers: &[PathBuf], count: bool) -> Result<Provenance, Error> {
    let mut files: Vec<(String, PathBuf)> = vec![
        (RULES_FILE.to_string(), root.join(RULES_FILE)),
        (PEOPLE_FILE.to_string(), root.join(PEOPLE_FILE)),
    ];
    for l in ledgers {
        let name = l.file_name().map(|n| n.to_string_lossy().into_owned());
        files.push((
            format!("{LEDGER_DIR}/{}", name.unwrap_or_default()),
            l.clone(),
        ));
    }
    let mut hash = Sha256::new();
    let mut rows = 0u64;
    // Each file's git blob id, hashed in the same pass where the book is
    // in git (not with `--at`, whose files are the commit's own): the
    // files are streamed, never held whole.
    let at = crate::book::source::at();
    let in_repo = at.is_none() && !no_repository(root);
    let mut blobs = Vec::with_capacity(files.len());
    for (i, (rel, path)) in files.iter().enumerate() {
        let read = |source| Error::Read {
            path: path.clone(),
            source,
        };
        let mut file = crate::book::source::open(path).map_err(read)?;
        let len = file.size().map_err(read)?;
        hash.update(rel.as_bytes());
        hash.update([0]);
        hash.update(len.to_string().as_bytes());
        hash.update([0]);
        let mut git = in_repo.then(|| {
            let mut h = gix::hash::hasher(gix::hash::Kind::Sha1);
            h.update(format!("blob {len}\0").as_bytes());
            h
        });
        let mut tee = Tee {
            inner: &mut file,
            fingerprint: &mut hash,
            git: git.as_mut(),
        };
        if count && i >= 2 {
            rows += count_rows(&mut tee);
        }
        // The rest (all of it, or what follows a row that cannot be read).
        std::io::copy(&mut tee, &mut std::io::sink()).map_err(read)?;
        if let Some(git) = git {
            blobs.push(git.try_finalize().map_err(|e| Error::Git {
                path: path.clone(),
                message: e.to_string(),
            })?);
        }
    }
    let fingerprint = hex(&hash.finalize());
    let git = match at {
        // `--at REV`: the files are the commit's own.
        Some(s) => Git::At {
            commit: s.commit.clone(),
            date: s.date,
            dirty: false,
        },
        None if in_repo => in_git(root, &files, &blobs)?,
        None => Git::Outside,
    };
    Ok(Provenance {
        files: files.into_iter().map(|(rel, _)| rel).collect(),
        fingerprint,
        rows,
        git,
    })
}

/// A reader that hashes what it reads: into the fingerprint, and into the
/// file's git blob id where that is wanted.
struct Tee<'a, R> {
    inner: &'a mut R,
    fingerprint: &'a mut Sha256,
    git: Option<&'a mut gix::hash::Hasher>,
}

impl<R: std::io::Read> std::io::Read for Tee<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.fingerprint.update(&buf[..n]);
        if let Some(git) = self.git.as_mut() {
            git.update(&buf[..n]);
        }
        Ok(n)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The records of a ledger after its header, read as CSV (quoted fields
/// may hold line breaks; blank lines are no rows), whatever their fields.
fn count_rows(bytes: impl std::io::Read) -> u64 {
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

/// Whether no git repository holds the book's folder (a repository that
/// cannot be read is one: [`in_git`] says what is wrong with it).
fn no_repository(root: &Path) -> bool {
    use gix::discover::upwards::Error as Up;
    match gix::discover::upwards(as_dir(root)) {
        Ok(_) => false,
        Err(e) => matches!(
            e.downcast_any_ref::<Up>(),
            Some(
                Up::NoGitRepository { .. }
                    | Up::NoGitRepositoryWithinCeiling { .. }
                    | Up::NoGitRepositoryWithinFs { .. }
            )
        ),
    }
}

/// Where the files stand in git: the repository holding the book's folder,
/// its HEAD, and whether each file is as HEAD's tree holds it.
fn in_git(root: &Path, files: &[(String, PathBuf)], blobs: &[gix::ObjectId]) -> Result<Git, Error> {
    use gix::discover::upwards::Error as Up;
    let dir = as_dir(root);
    let git_err = |message: String| Error::Git {
        path: dir.to_path_buf(),
        message,
    };
    if let Err(e) = gix::discover::upwards(dir) {
        return match e.downcast_any_ref::<Up>() {
            Some(
                Up::NoGitRepository { .. }
                | Up::NoGitRepositoryWithinCeiling { .. }
                | Up::NoGitRepositoryWithinFs { .. },
            ) => Ok(Git::Outside),
            _ => Err(git_err(e.to_string())),
        };
    }
    let repo = gix::discover(dir).map_err(|e| git_err(e.to_string()))?;
    // The book's folder within the working tree (none: a bare repository,
    // or a book inside the `.git` folder, which is not in git either).
    let Some(workdir) = repo.workdir() else {
        return Ok(Git::Outside);
    };
    let (Ok(book), Ok(top)) = (dir.canonicalize(), workdir.canonicalize()) else {
        return Ok(Git::Outside);
    };
    let Ok(prefix) = book.strip_prefix(&top) else {
        return Ok(Git::Outside);
    };
    let prefix = prefix.to_path_buf();
    let head = repo.head().map_err(|e| git_err(e.to_string()))?;
    let Some(id) = head.id() else {
        return Ok(Git::Unborn);
    };
    let commit = repo
        .find_commit(id.detach())
        .map_err(|e| git_err(e.to_string()))?;
    let time = commit.time().map_err(|e| git_err(e.to_string()))?;
    let date = chrono::DateTime::from_timestamp(time.seconds + i64::from(time.offset), 0)
        .map(|t| t.date_naive())
        .ok_or_else(|| git_err(format!("commit time {} out of range", time.seconds)))?;
    let tree = commit.tree().map_err(|e| git_err(e.to_string()))?;
    let mut dirty = false;
    for ((rel, _), &want) in files.iter().zip(blobs) {
        let entry = tree
            .lookup_entry_by_path(prefix.join(rel))
            .map_err(|e| git_err(e.to_string()))?;
        if entry.is_none_or(|e| e.object_id() != want) {
            dirty = true;
            break;
        }
    }
    if !dirty {
        // A ledger HEAD holds that is no longer there.
        let ours: Vec<&str> = files.iter().skip(2).map(|(rel, _)| rel.as_str()).collect();
        let entry = tree
            .lookup_entry_by_path(prefix.join(LEDGER_DIR))
            .map_err(|e| git_err(e.to_string()))?;
        if let Some(entry) = entry.filter(|e| e.mode().is_tree()) {
            let ledgers = repo
                .find_tree(entry.object_id())
                .map_err(|e| git_err(e.to_string()))?;
            for e in ledgers.iter() {
                let e = e.map_err(|e| git_err(e.to_string()))?;
                let name = e.inner.filename.to_string();
                if name.ends_with(".csv")
                    && !name.starts_with('.')
                    && !ours.contains(&format!("{LEDGER_DIR}/{name}").as_str())
                {
                    dirty = true;
                    break;
                }
            }
        }
    }
    Ok(Git::At {
        commit: id.to_string(),
        date,
        dirty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_sha256_of_paths_lengths_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("ledger")).unwrap();
        std::fs::write(root.join("points.toml"), "a").unwrap();
        std::fs::write(root.join("people.csv"), "").unwrap();
        std::fs::write(root.join("ledger/2026.csv"), "h\n1\n\"x\ny\"\n").unwrap();
        let p = of_book(root, &[root.join("ledger/2026.csv")]).unwrap();
        let mut h = Sha256::new();
        h.update(b"points.toml\x001\x00a");
        h.update(b"people.csv\x000\x00");
        h.update(b"ledger/2026.csv\x0010\x00h\n1\n\"x\ny\"\n");
        assert_eq!(p.fingerprint, hex(&h.finalize()));
        assert_eq!(p.rows, 2);
        assert_eq!(p.files, ["points.toml", "people.csv", "ledger/2026.csv"]);
    }
}
