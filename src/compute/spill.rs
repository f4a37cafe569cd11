//! Finding repeated keys among millions of rows in bounded memory, for
//! `check`: every row's key (its id, or a 128-bit hash of its content) goes
//! to one of several temporary bucket files, chosen by hash; each bucket is
//! then read back alone and sorted, so equal keys meet. Memory holds one
//! bucket at a time, whatever the number of rows; the repeats found are
//! written to a file per bucket (each sorted by file and line) and read back
//! merged, one at a time, in ledger order.
//!
//! The files live in a temporary folder that is removed when the [`Spill`]
//! (or the [`Repeats`] read from it) is dropped.

use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};

/// Keys per bucket that a book's size aims at: one bucket is in memory at
/// a time, about 60 bytes a key while it is sorted.
const KEYS_PER_BUCKET: u64 = 64 * 1024;
/// At most this many buckets (files open at once).
const MAX_BUCKETS: u64 = 256;

/// What went wrong with the temporary files themselves (beside the
/// system's own errors), shown inside `check`'s finding about them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpillError {
    NotSorted,
    CutShort,
}

impl std::fmt::Display for SpillError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            SpillError::NotSorted => crate::tr!(book.spill_not_sorted),
            SpillError::CutShort => crate::tr!(book.spill_cut_short),
        })
    }
}

impl std::error::Error for SpillError {}

/// Where a row is: (ledger file index, line).
pub type At = (u32, u32);

/// A row whose key an earlier row already had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    pub at: At,
    /// The first row with the key.
    pub first: At,
}

pub struct Spill {
    dir: tempfile::TempDir,
    buckets: Vec<BufWriter<File>>,
}

impl Spill {
    /// Buckets for about `keys` keys.
    pub fn new(keys: u64) -> io::Result<Spill> {
        let n = keys.div_ceil(KEYS_PER_BUCKET).clamp(1, MAX_BUCKETS) as usize;
        let dir = tempfile::Builder::new().prefix("points-check-").tempdir()?;
        let buckets = (0..n)
            .map(|k| File::create(dir.path().join(format!("{k}.keys"))).map(BufWriter::new))
            .collect::<io::Result<_>>()?;
        Ok(Spill { dir, buckets })
    }

    /// Note a row's key: `tag` (what kind of key) then `key`, compared
    /// whole (up to 64 KiB); `hash` (of the key) chooses the bucket.
    pub fn push(&mut self, hash: u64, at: At, tag: u8, key: &[u8]) -> io::Result<()> {
        let n = self.buckets.len() as u64;
        let w = &mut self.buckets[(hash % n) as usize];
        let key = &key[..key.len().min(usize::from(u16::MAX) - 1)];
        let len = key.len() as u16 + 1;
        w.write_all(&hash.to_le_bytes())?;
        w.write_all(&at.0.to_le_bytes())?;
        w.write_all(&at.1.to_le_bytes())?;
        w.write_all(&len.to_le_bytes())?;
        w.write_all(&[tag])?;
        w.write_all(key)
    }

    /// Sort each bucket; `keep(key)` (the key with its tag first) says, for each repeated key, whether
    /// its repeats go to the merged stream (`true`) or to `aside` with the
    /// key (for the few callers that need it, like ids in messages).
    pub fn repeats(
        self,
        mut aside: impl FnMut(&[u8], Repeat),
        keep: impl Fn(&[u8]) -> bool + Sync,
    ) -> io::Result<Repeats> {
        let Spill { dir, buckets } = self;
        let n = buckets.len();
        for w in buckets {
            drop(w.into_inner().map_err(|e| e.into_error())?);
        }
        // Buckets are independent: sorted on two threads where there are two
        // cores (two buckets in memory at a time).
        let next = std::sync::atomic::AtomicUsize::new(0);
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .clamp(1, 2);
        let (path, keep, next) = (dir.path(), &keep, &next);
        let work = move || {
            let mut done = Vec::new();
            loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if k >= n {
                    return done;
                }
                done.push((k, sort_bucket(path, k, keep)));
            }
        };
        let mut done: Vec<(usize, io::Result<SetAside>)> = if threads > 1 {
            std::thread::scope(|s| {
                let other = s.spawn(work);
                let mut mine = work();
                // A sorting thread does not panic (its errors are values);
                // if it did, its buckets are missing and reported as an error.
                mine.extend(other.join().unwrap_or_default());
                mine
            })
        } else {
            work()
        };
        done.sort_by_key(|d| d.0);
        if done.len() != n {
            return Err(io::Error::other(SpillError::NotSorted));
        }
        let mut outs = Vec::with_capacity(n);
        for (k, r) in done {
            for (key, rep) in r? {
                aside(&key, rep);
            }
            outs.push(path.join(format!("{k}.repeats")));
        }
        let mut readers = Vec::with_capacity(outs.len());
        let mut heap = BinaryHeap::new();
        for (k, path) in outs.iter().enumerate() {
            let mut r = BufReader::new(File::open(path)?);
            if let Some(x) = read_repeat(&mut r)? {
                heap.push(std::cmp::Reverse((x.at, x.first, k)));
            }
            readers.push(r);
        }
        Ok(Repeats {
            _dir: Some(dir),
            readers,
            heap,
            failed: None,
        })
    }
}

/// Repeats whose key was not kept for the merged stream, with the key.
type SetAside = Vec<(Vec<u8>, Repeat)>;

/// Sort bucket `k`: its repeats whose key `keep`s go to its `.repeats` file
/// (sorted by where they are); the others are returned with their key.
fn sort_bucket(
    dir: &std::path::Path,
    k: usize,
    keep: &(impl Fn(&[u8]) -> bool + Sync),
) -> io::Result<SetAside> {
    let path = dir.join(format!("{k}.keys"));
    let mut data = Vec::new();
    File::open(&path)?.read_to_end(&mut data)?;
    std::fs::remove_file(&path)?;
    let mut rows = records(&data)?;
    rows.sort_unstable();
    let mut found: Vec<(At, At)> = Vec::new();
    let mut aside = Vec::new();
    for run in rows.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        let (first, key) = (run[0].2, run[0].1);
        let to_merge = keep(key);
        for r in &run[1..] {
            if to_merge {
                found.push((r.2, first));
            } else {
                aside.push((key.to_vec(), Repeat { at: r.2, first }));
            }
        }
    }
    drop(rows);
    found.sort_unstable();
    let mut w = BufWriter::new(File::create(dir.join(format!("{k}.repeats")))?);
    for (at, first) in &found {
        for n in [at.0, at.1, first.0, first.1] {
            w.write_all(&n.to_le_bytes())?;
        }
    }
    w.flush()?;
    Ok(aside)
}

/// The records of one bucket file: (hash, key, where).
fn records(data: &[u8]) -> io::Result<Vec<(u64, &[u8], At)>> {
    let bad = || io::Error::new(io::ErrorKind::InvalidData, SpillError::CutShort);
    let mut out = Vec::with_capacity(data.len() / 30);
    let mut rest = data;
    while !rest.is_empty() {
        let (head, tail) = rest.split_at_checked(18).ok_or_else(bad)?;
        let u32_at =
            |i: usize| u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
        let mut h = [0u8; 8];
        h.copy_from_slice(&head[..8]);
        let len = usize::from(u16::from_le_bytes([head[16], head[17]]));
        let (key, tail) = tail.split_at_checked(len).ok_or_else(bad)?;
        out.push((u64::from_le_bytes(h), key, (u32_at(8), u32_at(12))));
        rest = tail;
    }
    Ok(out)
}

fn read_repeat(r: &mut impl Read) -> io::Result<Option<Repeat>> {
    let mut b = [0u8; 16];
    match r.read_exact(&mut b) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let n = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    Ok(Some(Repeat {
        at: (n(0), n(4)),
        first: (n(8), n(12)),
    }))
}

/// The repeats, in ledger order (by file, then line), read one at a time.
#[derive(Default)]
pub struct Repeats {
    _dir: Option<tempfile::TempDir>,
    readers: Vec<BufReader<File>>,
    heap: BinaryHeap<std::cmp::Reverse<(At, At, usize)>>,
    /// A temporary file that could not be read back: repeats were lost.
    failed: Option<io::Error>,
}

impl Repeats {
    /// Once read to the end: the error that lost some repeats, if any.
    pub fn failure(&mut self) -> Option<io::Error> {
        self.failed.take()
    }
}

impl std::fmt::Debug for Repeats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repeats")
            .field("pending", &self.heap.len())
            .finish()
    }
}

impl Iterator for Repeats {
    type Item = Repeat;

    fn next(&mut self) -> Option<Repeat> {
        let std::cmp::Reverse((at, first, k)) = self.heap.pop()?;
        // A file of our own, written just now: if it cannot be read back,
        // its remaining repeats are lost (not the ones already shown), and
        // [`Repeats::failure`] says so.
        match self.readers.get_mut(k).map(read_repeat) {
            Some(Ok(Some(x))) => self.heap.push(std::cmp::Reverse((x.at, x.first, k))),
            Some(Err(e)) => self.failed = Some(e),
            _ => {}
        }
        Some(Repeat { at, first })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Repeats come out in ledger order with their first row, across many
    /// buckets, and keys set aside keep their text.
    #[test]
    fn repeats_are_found_exactly_and_merged_in_order() {
        let mut s = Spill::new(1_000_000).unwrap();
        assert_eq!(s.buckets.len(), 16);
        for line in 1..20_000u32 {
            let key = format!("k{}", line % 7_000);
            let at = (line % 3, line);
            // A weak hash on purpose: unequal keys share buckets and hashes.
            let hash = u64::from(line % 7_000 % 13);
            s.push(hash, at, b'k', key.as_bytes()).unwrap();
        }
        let mut set_aside = Vec::new();
        let got: Vec<Repeat> = s
            .repeats(
                |k, r| set_aside.push((String::from_utf8_lossy(&k[1..]).into_owned(), r)),
                |k| !k.ends_with(b"5"),
            )
            .unwrap()
            .collect();
        assert!(got.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(set_aside.iter().all(|(k, _)| k.ends_with('5')));
        assert!(!set_aside.is_empty());
        // Every repeat's first is the earliest row with its key.
        let mut earliest = std::collections::HashMap::new();
        for line in 1..20_000u32 {
            let key = format!("k{}", line % 7_000);
            let at = (line % 3, line);
            let e = earliest.entry(key).or_insert(at);
            *e = (*e).min(at);
        }
        for r in &got {
            let key = format!("k{}", r.at.1 % 7_000);
            assert_eq!(r.first, earliest[&key]);
            assert_ne!(r.at, r.first);
        }
        let repeated: usize = 20_000 - 1 - 7_000;
        assert_eq!(got.len() + set_aside.len(), repeated);
    }
}
