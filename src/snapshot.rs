//! The book as committed at a revision (`--at REV`, SPEC §8): the commit a
//! revision names, and `points.toml`, `people.csv` and `ledger/*.csv` as
//! its tree holds them, read from the repository's objects in-process
//! (gix) into a [`Snapshot`] — nothing is checked out and no copy of the
//! working tree is made.
//!
//! A revision is what `git rev-parse` takes most often: `HEAD` (or `@`), a
//! branch or tag name, a full or abbreviated (at least 4 hex digits) commit
//! hash, each followed by any of `~N` (the N-th first parent) and `^N` (the
//! N-th parent; `^` is `^1`, `^0` the commit itself).

use crate::book::source::Snapshot;
use crate::book::{as_dir, LEDGER_DIR, PEOPLE_FILE, RULES_FILE};
use crate::tr;
use std::path::{Path, PathBuf};

/// Why the book could not be read at a revision.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The book's folder is not in a git working tree.
    #[error("{}", tr!(at.not_in_git, path = .0.display()))]
    NotInGit(PathBuf),
    /// The revision names no commit.
    #[error("{}", tr!(at.unknown_rev, rev = .0))]
    Unknown(String),
    /// An abbreviated hash that several objects start with.
    #[error("{}", tr!(at.ambiguous_rev, rev = .0))]
    Ambiguous(String),
    /// The repository could not be read.
    #[error("{}", tr!(provenance.cannot_read_git, path = .path.display(), reason = .message))]
    Git { path: PathBuf, message: String },
}

/// The book at `root` as committed at `rev`.
pub fn load(root: &Path, rev: &str) -> Result<Snapshot, Error> {
    let dir = as_dir(root);
    let git = |message: String| Error::Git {
        path: dir.to_path_buf(),
        message,
    };
    let repo = gix::discover(dir).map_err(|_| Error::NotInGit(dir.to_path_buf()))?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| Error::NotInGit(dir.to_path_buf()))?;
    let (Ok(book), Ok(top)) = (dir.canonicalize(), workdir.canonicalize()) else {
        return Err(Error::NotInGit(dir.to_path_buf()));
    };
    let prefix = book
        .strip_prefix(&top)
        .map_err(|_| Error::NotInGit(dir.to_path_buf()))?
        .to_path_buf();
    let id = resolve(&repo, rev)?;
    let commit = repo
        .find_object(id)
        .and_then(|o| o.peel_to_commit())
        .map_err(|_| Error::Unknown(rev.to_string()))?;
    let time = commit.time().map_err(|e| git(e.to_string()))?;
    let date = chrono::DateTime::from_timestamp(time.seconds + i64::from(time.offset), 0)
        .map(|t| t.date_naive())
        .ok_or_else(|| git(format!("commit time {} out of range", time.seconds)))?;
    let tree = commit.tree().map_err(|e| git(e.to_string()))?;
    let mut snapshot = Snapshot {
        commit: commit.id.to_string(),
        date,
        files: Default::default(),
        ledgers: Vec::new(),
    };
    let blob = |id: gix::ObjectId| -> Result<Vec<u8>, Error> {
        let mut o = repo.find_object(id).map_err(|e| git(e.to_string()))?;
        Ok(std::mem::take(&mut o.data))
    };
    for name in [RULES_FILE, PEOPLE_FILE] {
        let entry = tree
            .lookup_entry_by_path(prefix.join(name))
            .map_err(|e| git(e.to_string()))?;
        if let Some(e) = entry.filter(|e| e.mode().is_blob()) {
            snapshot.files.insert(root.join(name), blob(e.object_id())?);
        }
    }
    let folder = tree
        .lookup_entry_by_path(prefix.join(LEDGER_DIR))
        .map_err(|e| git(e.to_string()))?;
    if let Some(folder) = folder.filter(|e| e.mode().is_tree()) {
        let ledgers = repo
            .find_tree(folder.object_id())
            .map_err(|e| git(e.to_string()))?;
        for e in ledgers.iter() {
            let e = e.map_err(|e| git(e.to_string()))?;
            let name = e.inner.filename.to_string();
            if !name.ends_with(".csv") || name.starts_with('.') || !e.inner.mode.is_blob() {
                continue;
            }
            let path = root.join(LEDGER_DIR).join(&name);
            snapshot
                .files
                .insert(path.clone(), blob(e.inner.oid.into())?);
            snapshot.ledgers.push(path);
        }
    }
    snapshot
        .ledgers
        .sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(snapshot)
}

/// The object a revision names.
pub(crate) fn resolve(repo: &gix::Repository, rev: &str) -> Result<gix::ObjectId, Error> {
    let unknown = || Error::Unknown(rev.to_string());
    let cut = rev.find(['~', '^']).unwrap_or(rev.len());
    let (base, mut steps) = rev.split_at(cut);
    let mut id = match base {
        "" => return Err(unknown()),
        "HEAD" | "@" => repo.head_id().map_err(|_| unknown())?.detach(),
        _ => match repo.try_find_reference(base).ok().flatten() {
            Some(mut r) => r.peel_to_id().map_err(|_| unknown())?.detach(),
            None => by_hash(repo, base, rev)?,
        },
    };
    while let Some(op) = steps.chars().next() {
        steps = &steps[1..];
        let digits = steps.bytes().take_while(u8::is_ascii_digit).count();
        let n: usize = if digits == 0 {
            1
        } else {
            steps[..digits].parse().map_err(|_| unknown())?
        };
        steps = &steps[digits..];
        let parent = |id: gix::ObjectId, k: usize| -> Result<gix::ObjectId, Error> {
            let c = repo
                .find_object(id)
                .and_then(|o| o.peel_to_commit())
                .map_err(|_| unknown())?;
            if k == 0 {
                return Ok(c.id);
            }
            let p = c.parent_ids().nth(k - 1).map(|p| p.detach());
            p.ok_or_else(unknown)
        };
        match op {
            '~' => {
                for _ in 0..n {
                    id = parent(id, 1)?;
                }
            }
            '^' => id = parent(id, n)?,
            _ => return Err(unknown()),
        }
    }
    Ok(id)
}

/// A full or abbreviated commit hash.
fn by_hash(repo: &gix::Repository, hex: &str, rev: &str) -> Result<gix::ObjectId, Error> {
    let unknown = || Error::Unknown(rev.to_string());
    if hex.len() < 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(unknown());
    }
    let hex = &hex.to_ascii_lowercase();
    let full = repo.object_hash().len_in_hex();
    if hex.len() == full {
        let id = gix::ObjectId::from_hex(hex.as_bytes()).map_err(|_| unknown())?;
        return match repo.try_find_object(id) {
            Ok(Some(_)) => Ok(id),
            _ => Err(unknown()),
        };
    }
    if hex.len() > full {
        return Err(unknown());
    }
    let prefix = gix::hash::Prefix::from_hex(hex).map_err(|_| unknown())?;
    match repo.objects.lookup_prefix(prefix, None) {
        Ok(Some(Ok(id))) => Ok(id),
        Ok(Some(Err(()))) => Err(Error::Ambiguous(rev.to_string())),
        _ => Err(unknown()),
    }
}
