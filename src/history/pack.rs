//! Appends proven from git's pack files, without reading whole blobs.
//!
//! Git stores most versions of a growing file as a delta against another
//! version: `git fast-import` each against the version before (forward),
//! `git gc` mostly each older one against a newer one (reverse). A delta is
//! two sizes, then copies of the base's bytes and inserts of new bytes; its
//! shape alone can prove that one version starts with the other:
//!
//! - forward: copies of the whole base, in order from its first byte, then
//!   anything (inserts, and copies of parts of the base: rows look alike):
//!   the version is the base with the bytes those make appended;
//! - reverse: copies, in order from the base's first byte, of fewer bytes
//!   than the base has: the version is the start of its base.
//!
//! Following reverse deltas up to the full blob at the top of their chain
//! (the newest version, read once and kept) proves that two versions are
//! both starts of it, the shorter one thus the start of the longer, whose
//! appended bytes are then a slice of that full blob. Any other shape (a
//! loose object, a delta that rewrites, an unknown pack) proves nothing:
//! the caller then compares the whole blobs. Only pack index version 2 and
//! SHA-1 repositories are read here.

use gix::ObjectId;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

/// Chains longer than this are not followed (git's default depth is 50).
const MAX_DEPTH: usize = 4096;
/// Deltas larger than this are not read here (the caller reads the blobs).
const MAX_DELTA: u64 = 64 << 20;
/// Nor are full blobs larger than this (a pack that says more is damaged).
const MAX_BLOB: u64 = 4 << 30;

/// How a version is its parent with bytes appended.
pub enum Tail {
    /// A forward delta: the ops from the `at`-th byte of `delta` on make
    /// the appended bytes, copying from the parent ([`Tail::apply`]).
    Delta {
        delta: Vec<u8>,
        at: usize,
        len: usize,
    },
    /// A slice of the full blob at the top of a reverse chain.
    Slice(Rc<Vec<u8>>, usize, usize),
}

impl Tail {
    /// The appended bytes; `parent` gives the parent's bytes where the
    /// delta copies some of them (`None`: they cannot be had).
    pub fn bytes<'a, F>(&'a self, parent: F) -> Option<std::borrow::Cow<'a, [u8]>>
    where
        F: FnOnce() -> Option<Rc<Vec<u8>>>,
    {
        use std::borrow::Cow;
        match self {
            Tail::Slice(b, from, to) => Some(Cow::Borrowed(&b[*from..*to])),
            Tail::Delta { delta, at, len } => {
                let mut out = Vec::new();
                let mut base: Option<Rc<Vec<u8>>> = None;
                let mut parent = Some(parent);
                let mut i = *at;
                while let Some(&op) = delta.get(i) {
                    i += 1;
                    if op & 0x80 == 0 {
                        let n = usize::from(op);
                        if n == 0 {
                            return None;
                        }
                        out.extend_from_slice(delta.get(i..i + n)?);
                        i += n;
                        continue;
                    }
                    let (off, n) = copy_op(op, delta, &mut i)?;
                    if base.is_none() {
                        base = (parent.take()?)();
                    }
                    let b = base.as_ref()?;
                    let (off, n) = (usize::try_from(off).ok()?, usize::try_from(n).ok()?);
                    out.extend_from_slice(b.get(off..off.checked_add(n)?)?);
                }
                (out.len() == *len).then_some(Cow::Owned(out))
            }
        }
    }
}

/// An object's place: which pack, and where in it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Loc {
    pack: usize,
    offset: u64,
}

struct Pack {
    /// The whole `.idx` (version 2): fan-out, ids, CRCs, offsets.
    idx: Vec<u8>,
    count: usize,
    data: File,
}

enum Base {
    Offset(u64),
    Id(ObjectId),
}

struct Entry {
    /// 1 commit, 2 tree, 3 blob, 4 tag, 6 delta by offset, 7 delta by id.
    kind: u8,
    /// The inflated size (of the delta, for a delta).
    size: u64,
    base: Option<Base>,
    /// Where its zlib stream starts.
    data: u64,
}

/// What a delta's shape proves.
enum Shape {
    /// The version is the base followed by what the ops of the delta from
    /// its `at`-th byte make, `len` bytes.
    Append(Vec<u8>, usize, usize),
    /// The version is the first `len` bytes of the base.
    Prefix(usize),
    Other,
}

pub struct Packs {
    packs: Vec<Pack>,
    /// The full blobs at the top of reverse chains last read.
    tops: VecDeque<(Loc, Rc<Vec<u8>>)>,
}

impl Packs {
    /// The packs of the repository whose objects are under `objects`
    /// (none where they cannot be read: every proof then fails).
    pub fn open(objects: &Path) -> Packs {
        let mut packs = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(objects.join("pack"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        names.sort();
        for idx_path in names {
            if idx_path.extension().is_none_or(|e| e != "idx") {
                continue;
            }
            let (Ok(idx), Ok(data)) = (
                std::fs::read(&idx_path),
                File::open(idx_path.with_extension("pack")),
            ) else {
                continue;
            };
            if idx.len() < 8 + 256 * 4 || idx[..8] != [0xff, b't', b'O', b'c', 0, 0, 0, 2] {
                continue;
            }
            let count = be32(&idx, 8 + 255 * 4) as usize;
            if idx.len() < 8 + 256 * 4 + count * 28 + 40 {
                continue;
            }
            packs.push(Pack { idx, count, data });
        }
        Packs {
            packs,
            tops: VecDeque::new(),
        }
    }

    /// The bytes `new` appends to `old`, where the packs prove that `old`
    /// is the start of `new`; `old_len` is `old`'s length.
    pub fn appended(&mut self, old: ObjectId, new: ObjectId, old_len: usize) -> Option<Tail> {
        let (o, n) = (self.find(&old)?, self.find(&new)?);
        // Forward: the new version is a delta of the old one.
        let entry = self.entry(n)?;
        if let Some(base) = self.base_of(n, &entry) {
            if base == o {
                if let Shape::Append(delta, at, len) = self.shape(n.pack, &entry)? {
                    return Some(Tail::Delta { delta, at, len });
                }
                return None;
            }
        }
        // Reverse: both versions are starts of one full blob.
        let (top_o, len_o) = self.top(o)?;
        let (top_n, len_n) = self.top(n)?;
        if top_o != top_n || len_o != old_len || len_o > len_n {
            return None;
        }
        let blob = self.full(top_n)?;
        (len_n <= blob.len()).then_some(Tail::Slice(blob, len_o, len_n))
    }

    fn find(&self, id: &ObjectId) -> Option<Loc> {
        let want = id.as_slice();
        if want.len() != 20 {
            return None;
        }
        for (k, p) in self.packs.iter().enumerate() {
            let first = usize::from(want[0]);
            let lo = if first == 0 {
                0
            } else {
                be32(&p.idx, 8 + (first - 1) * 4) as usize
            };
            let hi = (be32(&p.idx, 8 + first * 4) as usize).min(p.count);
            let ids = 8 + 256 * 4;
            let (mut lo, mut hi) = (lo, hi);
            while lo < hi {
                let mid = (lo + hi) / 2;
                let at = &p.idx[ids + mid * 20..ids + mid * 20 + 20];
                match at.cmp(want) {
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                    std::cmp::Ordering::Equal => {
                        let off = be32(&p.idx, ids + p.count * 24 + mid * 4);
                        let offset = if off & 0x8000_0000 == 0 {
                            u64::from(off)
                        } else {
                            let i = (off & 0x7fff_ffff) as usize;
                            let at = ids + p.count * 28 + i * 8;
                            let b = p.idx.get(at..at + 8)?;
                            u64::from_be_bytes(b.try_into().ok()?)
                        };
                        return Some(Loc { pack: k, offset });
                    }
                }
            }
        }
        None
    }

    /// The header of the entry at `loc`.
    fn entry(&self, loc: Loc) -> Option<Entry> {
        let mut f = &self.packs[loc.pack].data;
        f.seek(SeekFrom::Start(loc.offset)).ok()?;
        let mut head = [0u8; 32];
        let n = read_some(&mut f, &mut head)?;
        let head = &head[..n];
        let mut i = 0;
        let mut c = *head.get(i)?;
        i += 1;
        let kind = (c >> 4) & 7;
        let mut size = u64::from(c & 15);
        let mut shift = 4;
        while c & 0x80 != 0 {
            c = *head.get(i)?;
            i += 1;
            size |= u64::from(c & 0x7f).checked_shl(shift)?;
            shift += 7;
        }
        let base = match kind {
            6 => {
                let mut c = *head.get(i)?;
                i += 1;
                let mut back = u64::from(c & 0x7f);
                while c & 0x80 != 0 {
                    c = *head.get(i)?;
                    i += 1;
                    back = ((back + 1) << 7) | u64::from(c & 0x7f);
                }
                Some(Base::Offset(loc.offset.checked_sub(back)?))
            }
            7 => {
                let id = ObjectId::try_from(head.get(i..i + 20)?).ok()?;
                i += 20;
                Some(Base::Id(id))
            }
            _ => None,
        };
        Some(Entry {
            kind,
            size,
            base,
            data: loc.offset + i as u64,
        })
    }

    fn base_of(&self, loc: Loc, e: &Entry) -> Option<Loc> {
        match e.base.as_ref()? {
            Base::Offset(o) => Some(Loc {
                pack: loc.pack,
                offset: *o,
            }),
            Base::Id(id) => self.find(id),
        }
    }

    /// The inflated bytes of an entry.
    fn inflate(&self, pack: usize, e: &Entry) -> Option<Vec<u8>> {
        if e.size > MAX_BLOB {
            return None;
        }
        let size = usize::try_from(e.size).ok()?;
        let mut f = &self.packs[pack].data;
        f.seek(SeekFrom::Start(e.data)).ok()?;
        let mut z = gix::zlib::Decompress::new();
        let mut out = vec![0u8; size];
        let mut buf = vec![0u8; (size / 2 + 64).clamp(256, 1 << 20)];
        let (mut have, mut used, mut written) = (0, 0, 0);
        loop {
            if used == have {
                have = read_some(&mut f, &mut buf)?;
                used = 0;
            }
            let (before_in, before_out) = (z.total_in(), z.total_out());
            let status = z
                .decompress(
                    &buf[used..have],
                    &mut out[written..],
                    gix::zlib::FlushDecompress::None,
                )
                .ok()?;
            let (took, gave) = (z.total_in() - before_in, z.total_out() - before_out);
            if took == 0 && gave == 0 && status != gix::zlib::Status::StreamEnd {
                return None;
            }
            used += usize::try_from(took).ok()?;
            written += usize::try_from(gave).ok()?;
            match status {
                gix::zlib::Status::StreamEnd => break,
                gix::zlib::Status::Ok if used < have || written < size => {}
                _ => return None,
            }
            if have == 0 {
                return None;
            }
        }
        (written == size).then_some(out)
    }

    /// What the delta at `pack`, `e` proves.
    fn shape(&self, pack: usize, e: &Entry) -> Option<Shape> {
        if e.size > MAX_DELTA {
            return None;
        }
        let d = self.inflate(pack, e)?;
        let mut i = 0;
        let base_len = varint(&d, &mut i)?;
        let len = varint(&d, &mut i)?;
        // Copies of the base, in order from its first byte.
        let mut copied = 0u64;
        while let Some(&op) = d.get(i) {
            if op & 0x80 == 0 {
                break;
            }
            let start = i;
            i += 1;
            let (off, n) = copy_op(op, &d, &mut i)?;
            if off != copied || copied >= base_len {
                // Copies of the whole base done, the rest is appended.
                if copied == base_len && base_len > 0 && len > base_len {
                    let added = usize::try_from(len - base_len).ok()?;
                    return Some(Shape::Append(d, start, added));
                }
                return Some(Shape::Other);
            }
            copied += n;
        }
        if i == d.len() {
            return Some(if copied == len && len < base_len {
                Shape::Prefix(usize::try_from(len).ok()?)
            } else {
                Shape::Other
            });
        }
        // Then an insert (and whatever follows it).
        Some(if copied == base_len && base_len > 0 && len > base_len {
            let added = usize::try_from(len - base_len).ok()?;
            Shape::Append(d, i, added)
        } else {
            Shape::Other
        })
    }

    /// The full blob that `loc` is the start of, following reverse deltas,
    /// and `loc`'s length.
    fn top(&self, mut loc: Loc) -> Option<(Loc, usize)> {
        let mut len: Option<usize> = None;
        for _ in 0..MAX_DEPTH {
            let e = self.entry(loc)?;
            if e.kind == 3 {
                let full = usize::try_from(e.size).ok()?;
                return Some((loc, len.unwrap_or(full)));
            }
            let base = self.base_of(loc, &e)?;
            match self.shape(loc.pack, &e)? {
                // The first `n` bytes of a base whose own start is `loc`'s.
                Shape::Prefix(n) => len = Some(len.map_or(n, |l| l.min(n))),
                _ => return None,
            }
            loc = base;
        }
        None
    }

    /// The bytes of the full blob at `loc`, read once while it stays among
    /// the last few.
    fn full(&mut self, loc: Loc) -> Option<Rc<Vec<u8>>> {
        if let Some((_, b)) = self.tops.iter().find(|(l, _)| *l == loc) {
            return Some(b.clone());
        }
        let e = self.entry(loc)?;
        if e.kind != 3 {
            return None;
        }
        let b = Rc::new(self.inflate(loc.pack, &e)?);
        if self.tops.len() >= 4 {
            self.tops.pop_front();
        }
        self.tops.push_back((loc, b.clone()));
        Some(b)
    }
}

fn be32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_be_bytes)
}

/// A copy op's offset and size (after its first byte, `op`).
fn copy_op(op: u8, d: &[u8], i: &mut usize) -> Option<(u64, u64)> {
    let (mut off, mut n) = (0u64, 0u64);
    for k in 0..4 {
        if op & (1 << k) != 0 {
            off |= u64::from(*d.get(*i)?) << (8 * k);
            *i += 1;
        }
    }
    for k in 0..3 {
        if op & (0x10 << k) != 0 {
            n |= u64::from(*d.get(*i)?) << (8 * k);
            *i += 1;
        }
    }
    Some((off, if n == 0 { 0x10000 } else { n }))
}

/// A delta's size: 7 bits a byte, least significant first.
fn varint(d: &[u8], i: &mut usize) -> Option<u64> {
    let (mut v, mut shift) = (0u64, 0u32);
    loop {
        let c = *d.get(*i)?;
        *i += 1;
        v |= u64::from(c & 0x7f).checked_shl(shift)?;
        if c & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
}

/// Read what is there, up to `buf`'s size (less only at the end).
fn read_some(f: &mut impl Read, buf: &mut [u8]) -> Option<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(n)
}
