//! A streaming CSV record reader for the book's files (RFC 4180), built for
//! the ledgers' hot path: one buffer reused for the whole file, rows without
//! quotes split in place with `memchr` (no copy), quoted rows unescaped into a
//! second reused buffer. Line numbers are exact for LF and CRLF files and for
//! notes that hold line breaks: each record knows the line it starts on.
//!
//! Blank lines are skipped. A UTF-8 BOM at the start is dropped. A record
//! that ends at the end of the file without a line break is marked
//! `terminated = false` (a torn last line); a quote opened and never closed
//! is reported with the line and column where it opened.

use std::io::{self, Read};
use std::ops::Range;

/// At most this many fields are kept per record (the count goes on).
pub const MAX_FIELDS: usize = 16;

/// One record: its fields, the line it starts on, and whether a line break ended it.
#[derive(Debug)]
pub struct Record<'a> {
    pub line: usize,
    /// The number of fields (may exceed the fields kept).
    pub len: usize,
    /// The fields' bytes (the line itself, or the unescaped fields of a quoted record).
    data: &'a [u8],
    ranges: [(u32, u32); MAX_FIELDS],
    pub terminated: bool,
    /// `data` as text, where it is already known to be UTF-8.
    text: Option<&'a str>,
}

impl<'a> Record<'a> {
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let data = self.data;
        (i < self.len.min(MAX_FIELDS)).then(|| {
            let (a, b) = self.ranges[i];
            &data[a as usize..b as usize]
        })
    }

    pub fn fields(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        let data = self.data;
        self.ranges[..self.len.min(MAX_FIELDS)]
            .iter()
            .map(move |&(a, b)| &data[a as usize..b as usize])
    }

    /// The bytes and field ranges, to carry the record elsewhere.
    pub fn parts(&self) -> (&'a [u8], [(u32, u32); MAX_FIELDS]) {
        let end = self.ranges[..self.len.min(MAX_FIELDS)]
            .iter()
            .map(|r| r.1 as usize)
            .max()
            .unwrap_or(0);
        (&self.data[..end], self.ranges)
    }

    /// A record from [`Record::parts`].
    pub fn from_parts(
        line: usize,
        len: usize,
        data: &'a [u8],
        ranges: [(u32, u32); MAX_FIELDS],
        terminated: bool,
    ) -> Record<'a> {
        Record {
            line,
            len,
            data,
            ranges,
            terminated,
            text: None,
        }
    }

    /// The same record, with its bytes already checked as UTF-8: `text`
    /// must be the very same bytes (the same place in memory), or it is ignored.
    pub fn with_text(mut self, text: Option<&'a str>) -> Record<'a> {
        self.text = text.filter(|t| std::ptr::eq(t.as_bytes(), self.data));
        self
    }

    /// The fields as text, validated as UTF-8 once for the whole record;
    /// `None` if it is not UTF-8.
    pub fn texts(&self, out: &mut [&'a str]) -> Option<()> {
        let text = match self.text {
            Some(t) => t,
            None => std::str::from_utf8(self.data).ok()?,
        };
        for (o, &(a, b)) in out.iter_mut().zip(&self.ranges[..self.len.min(MAX_FIELDS)]) {
            // Fields end at ASCII commas or at the end, so these are char boundaries.
            *o = text.get(a as usize..b as usize)?;
        }
        Some(())
    }
}

/// A test on a raw row (one without quotes).
pub type RowTest<'a> = &'a dyn Fn(&[u8]) -> bool;

/// Field `n` of a plain row (one without quotes), found without splitting the rest.
pub fn field_of(row: &[u8], n: usize) -> Option<&[u8]> {
    let mut at = 0;
    for _ in 0..n {
        at += memchr::memchr(b',', row.get(at..)?)? + 1;
    }
    let rest = row.get(at..)?;
    Some(&rest[..memchr::memchr(b',', rest).unwrap_or(rest.len())])
}

/// What [`Reader::next_where`] found: a whole record, or a row it skipped.
#[derive(Debug)]
pub enum Next<'a> {
    Record(Record<'a>),
    Skipped {
        line: usize,
        terminated: bool,
        utf8: bool,
    },
}

/// A quote opened at `line`, byte column `col` (1-based) and never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    Unclosed(Unclosed),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

pub struct Reader<R> {
    src: R,
    buf: Vec<u8>,
    /// Unread data is `buf[pos..end]`.
    pos: usize,
    end: usize,
    eof: bool,
    /// The line number of the byte at `pos`.
    line: usize,
    started: bool,
    /// Unescaped fields of a quoted record.
    scratch: Vec<u8>,
    ranges: Vec<Range<usize>>,
    /// Whether skipped rows are checked for UTF-8.
    check_skipped: bool,
    /// Bytes dropped from the front of `buf` so far: `base + i` is the
    /// offset in the input of `buf[i]`.
    base: u64,
}

/// What [`Reader::skim`] looks for: some byte strings, and where each was
/// last found (offsets in the input), so that no byte is searched twice.
pub struct Skim {
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// Per needle: `Ok(at)` found at input offset `at`; `Err(to)` not in the input before `to`.
    seen: Vec<Result<u64, u64>>,
}

impl Skim {
    pub fn new(needles: &[&[u8]]) -> Skim {
        Skim {
            finders: needles
                .iter()
                .map(|n| memchr::memmem::Finder::new(n).into_owned())
                .collect(),
            seen: vec![Err(0); needles.len()],
        }
    }
}

/// What [`Reader::skim`] found after `skipped` rows without any needle.
#[derive(Debug)]
pub enum Skimmed<'a> {
    /// A row that holds a needle somewhere (in any field, even a quoted one).
    Row(u64, Record<'a>),
    /// The end of the input. A last row without a line break is not counted.
    End(u64),
    /// A row with a needle could not be read (an unclosed quote).
    Broken(u64, ReadError),
}

impl<R: Read> Reader<R> {
    pub fn new(src: R) -> Reader<R> {
        Reader {
            src,
            buf: vec![0; 1 << 16],
            pos: 0,
            end: 0,
            eof: false,
            line: 1,
            started: false,
            scratch: Vec::new(),
            ranges: Vec::with_capacity(MAX_FIELDS),
            check_skipped: true,
            base: 0,
        }
    }

    /// Do not check rows that [`Reader::next_where`] skips for UTF-8 (they
    /// are reported as UTF-8): for readers that look at a few rows only.
    pub fn trust_skipped(mut self) -> Reader<R> {
        self.check_skipped = false;
        self
    }

    /// Make room and read more; false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.base += self.pos as u64;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            let n = self.buf.len() * 2;
            self.buf.resize(n, 0);
        }
        loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The next record, or `None` at the end.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        match self.next_inner(None)? {
            Some(Next::Record(r)) => Ok(Some(r)),
            _ => Ok(None),
        }
    }

    /// As [`Reader::next_record`], but a plain row (no quotes) for which
    /// `keep(row)` is false is only skipped over, not split: the cheap way to
    /// find the few rows that matter (see [`field_of`]). Skipped rows are
    /// still counted and checked for UTF-8 and a line break. Rows with quotes
    /// are always returned whole.
    pub fn next_where(
        &mut self,
        keep: &dyn Fn(&[u8]) -> bool,
    ) -> Result<Option<Next<'_>>, ReadError> {
        self.next_inner(Some(keep))
    }

    /// Drop a BOM at the very start.
    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            while self.end < 3 && self.fill()? {}
            if self.buf[..self.end].starts_with(b"\xEF\xBB\xBF") {
                self.pos = 3;
            }
        }
        Ok(())
    }

    /// Skip to the next row that holds one of `skim`'s byte strings, only
    /// counting the rows passed over (blank lines are not rows) and their
    /// lines: the fast way to find a few rows (voids, say) in a big file.
    /// No row is split or checked but the one returned. Row ends are found
    /// as [`Reader::next_record`] finds them: a quote opens a quoted field
    /// only at the start of a field, and `""` inside one is a quote.
    /// Call it with the same `skim` every time.
    pub fn skim(&mut self, skim: &mut Skim) -> Result<Skimmed<'_>, ReadError> {
        self.start()?;
        let mut skipped = 0u64;
        loop {
            // The first needle at or after `pos`, as an index into `buf`.
            let here = self.base + self.pos as u64;
            let mut hit: Option<usize> = None;
            for (f, seen) in skim.finders.iter().zip(skim.seen.iter_mut()) {
                let from = match *seen {
                    Ok(at) if at >= here => None,
                    // Not found before `to`: a match may still start within
                    // the needle's length before it.
                    Err(to) => Some(to.saturating_sub(f.needle().len() as u64).max(here)),
                    Ok(_) => Some(here),
                };
                if let Some(from) = from {
                    let from = (from - self.base) as usize;
                    *seen = match f.find(&self.buf[from..self.end]) {
                        Some(i) => Ok(self.base + (from + i) as u64),
                        None => Err(self.base + self.end as u64),
                    };
                }
                if let Ok(at) = *seen {
                    let at = (at - self.base) as usize;
                    hit = Some(hit.map_or(at, |h| h.min(at)));
                }
            }
            // Walk the complete rows before the hit.
            let mut i = self.pos;
            let mut row_start = self.pos;
            let mut quoted = false;
            let mut closed_at: Option<usize> = None;
            let mut lines = 0usize;
            while let Some(k) = memchr::memchr2(b'"', b'\n', &self.buf[i..self.end]) {
                let j = i + k;
                i = j + 1;
                if self.buf[j] == b'"' {
                    if quoted {
                        quoted = false;
                        closed_at = Some(j);
                    } else if j == row_start || self.buf[j - 1] == b',' || closed_at == Some(j - 1)
                    {
                        quoted = true;
                    }
                    continue;
                }
                lines += 1;
                if quoted {
                    continue;
                }
                // A row ends at `j`.
                if hit.is_some_and(|h| h < j) {
                    self.pos = row_start;
                    return Ok(self.skimmed_row(skipped));
                }
                let content_end = if j > row_start && self.buf[j - 1] == b'\r' {
                    j - 1
                } else {
                    j
                };
                if content_end > row_start {
                    skipped += 1;
                }
                self.line += lines;
                lines = 0;
                row_start = j + 1;
            }
            self.pos = row_start;
            if !self.fill()? {
                // What is left has no line break: a torn row (or an unclosed quote).
                if hit.is_some() && self.pos < self.end {
                    return Ok(self.skimmed_row(skipped));
                }
                return Ok(Skimmed::End(skipped));
            }
        }
    }

    /// The row at `pos`, found by [`Reader::skim`] to hold a needle.
    fn skimmed_row(&mut self, skipped: u64) -> Skimmed<'_> {
        match self.next_inner(None) {
            Ok(Some(Next::Record(r))) => Skimmed::Row(skipped, r),
            // The row holds a needle, so it is neither blank nor skipped.
            Ok(_) => Skimmed::End(skipped),
            Err(e) => Skimmed::Broken(skipped, e),
        }
    }

    fn next_inner(&mut self, filter: Option<RowTest<'_>>) -> Result<Option<Next<'_>>, ReadError> {
        self.start()?;
        loop {
            // Find the end of the next line, reading more as needed.
            let mut scan_from = self.pos;
            let nl = loop {
                if let Some(i) = memchr::memchr(b'\n', &self.buf[scan_from..self.end]) {
                    break Some(scan_from + i);
                }
                let consumed = scan_from - self.pos;
                if !self.fill()? {
                    break None;
                }
                scan_from = self.pos + consumed;
            };
            let start = self.pos;
            let (line_end, terminated) = match nl {
                Some(i) => (i, true),
                None if start == self.end => return Ok(None),
                None => (self.end, false),
            };
            let mut content_end = line_end;
            if terminated && content_end > start && self.buf[content_end - 1] == b'\r' {
                content_end -= 1;
            }
            let line = self.line;
            if content_end == start {
                // A blank line.
                self.pos = if terminated { line_end + 1 } else { line_end };
                self.line += 1;
                continue;
            }
            if let Some(keep) = filter {
                let row = &self.buf[start..content_end];
                if memchr::memchr(b'"', row).is_none() && !keep(row) {
                    let utf8 = !self.check_skipped || std::str::from_utf8(row).is_ok();
                    self.pos = if terminated { line_end + 1 } else { line_end };
                    self.line += 1;
                    return Ok(Some(Next::Skipped {
                        line,
                        terminated,
                        utf8,
                    }));
                }
            }
            let mut ranges = [(0u32, 0u32); MAX_FIELDS];
            let mut len = 0;
            let mut field_start = 0u32;
            let mut quoted = false;
            let row_len = content_end - start;
            for (c, &b) in self.buf[start..content_end].iter().enumerate() {
                if b == b',' {
                    if len < MAX_FIELDS {
                        ranges[len] = (field_start, c as u32);
                    }
                    len += 1;
                    field_start = c as u32 + 1;
                } else if b == b'"' {
                    quoted = true;
                    break;
                }
            }
            if !quoted {
                if len < MAX_FIELDS {
                    ranges[len] = (field_start, row_len as u32);
                }
                len += 1;
                self.pos = if terminated { line_end + 1 } else { line_end };
                self.line += 1;
                let data = &self.buf[start..content_end];
                return Ok(Some(Next::Record(Record {
                    line,
                    len,
                    data,
                    ranges,
                    terminated,
                    text: None,
                })));
            }
            return self.quoted(line).map(|r| Some(Next::Record(r)));
        }
    }

    /// Parse a record with quotes starting at `pos`, possibly over several lines.
    fn quoted(&mut self, line: usize) -> Result<Record<'_>, ReadError> {
        #[derive(Clone, Copy, PartialEq)]
        enum S {
            Start,
            Plain,
            Quoted,
            AfterQuote,
        }
        self.scratch.clear();
        self.ranges.clear();
        let mut s = S::Start;
        let mut field_start = 0;
        let mut i = self.pos;
        let mut lines = 0usize;
        // Where the open quote is, for an error: (line offset, column).
        let mut open_at = (0usize, 0usize);
        let mut line_start = self.pos;
        let terminated;
        loop {
            if i == self.end {
                let off = i - self.pos;
                let ls = line_start - self.pos;
                if !self.fill()? {
                    if s == S::Quoted {
                        return Err(ReadError::Unclosed(Unclosed {
                            line: line + open_at.0,
                            col: open_at.1,
                        }));
                    }
                    terminated = false;
                    i = self.end;
                    break;
                }
                i = self.pos + off;
                line_start = self.pos + ls;
                continue;
            }
            match s {
                // Inside quotes: copy up to the next quote or line break in one go.
                S::Quoted => match memchr::memchr2(b'"', b'\n', &self.buf[i..self.end]) {
                    None => {
                        self.scratch.extend_from_slice(&self.buf[i..self.end]);
                        i = self.end;
                    }
                    Some(k) => {
                        let j = i + k;
                        self.scratch.extend_from_slice(&self.buf[i..j]);
                        if self.buf[j] == b'"' {
                            s = S::AfterQuote;
                        } else {
                            self.scratch.push(b'\n');
                            lines += 1;
                            line_start = j + 1;
                        }
                        i = j + 1;
                    }
                },
                // A plain field: copy up to the next comma or line break (quotes are text).
                S::Plain => match memchr::memchr2(b',', b'\n', &self.buf[i..self.end]) {
                    None => {
                        self.scratch.extend_from_slice(&self.buf[i..self.end]);
                        i = self.end;
                    }
                    Some(k) => {
                        let j = i + k;
                        self.scratch.extend_from_slice(&self.buf[i..j]);
                        i = j + 1;
                        if self.buf[j] == b',' {
                            self.ranges.push(field_start..self.scratch.len());
                            field_start = self.scratch.len();
                            s = S::Start;
                        } else {
                            // The CR of a CRLF line end is not part of the field.
                            if self.scratch.len() > field_start
                                && self.scratch.last() == Some(&b'\r')
                            {
                                self.scratch.pop();
                            }
                            terminated = true;
                            break;
                        }
                    }
                },
                S::Start | S::AfterQuote => {
                    let c = self.buf[i];
                    match (s, c) {
                        (S::Start, b'"') => {
                            s = S::Quoted;
                            open_at = (lines, i - line_start + 1);
                        }
                        (S::AfterQuote, b'"') => {
                            self.scratch.push(b'"');
                            s = S::Quoted;
                        }
                        (_, b',') => {
                            self.ranges.push(field_start..self.scratch.len());
                            field_start = self.scratch.len();
                            s = S::Start;
                        }
                        (_, b'\n') => {
                            terminated = true;
                            i += 1;
                            break;
                        }
                        _ => {
                            // Anything else starts (or, after a closing quote, continues) plain text.
                            s = S::Plain;
                            continue;
                        }
                    }
                    i += 1;
                }
            }
        }
        self.ranges.push(field_start..self.scratch.len());
        self.pos = i;
        self.line += lines + 1;
        let mut ranges = [(0u32, 0u32); MAX_FIELDS];
        for (k, r) in self.ranges.iter().take(MAX_FIELDS).enumerate() {
            ranges[k] = (r.start as u32, r.end as u32);
        }
        Ok(Record {
            line,
            len: self.ranges.len(),
            data: &self.scratch,
            ranges,
            terminated,
            text: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Vec<(usize, Vec<String>, bool)> {
        // A tiny source that hands out 3 bytes at a time, to cross buffer ends.
        struct Slow<'a>(&'a [u8]);
        impl Read for Slow<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(out.len()).min(3);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = Reader::new(Slow(input));
        let mut out = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            out.push((
                rec.line,
                rec.fields()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
                rec.terminated,
            ));
        }
        out
    }

    /// What skimming for `void` finds: (rows skipped, line, fields) per
    /// row found, then the rows skipped before the end.
    fn skimmed<R: Read>(r: R) -> Vec<(u64, usize, Vec<String>)> {
        let mut r = Reader::new(r);
        let mut skim = Skim::new(&[b"void"]);
        let mut out = Vec::new();
        loop {
            match r.skim(&mut skim).unwrap() {
                Skimmed::Row(n, rec) => out.push((
                    n,
                    rec.line,
                    rec.fields()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect(),
                )),
                Skimmed::End(n) => {
                    out.push((n, 0, Vec::new()));
                    return out;
                }
                Skimmed::Broken(..) => panic!("broken"),
            }
        }
    }

    #[test]
    fn skimming_finds_rows_with_the_word_across_buffer_ends() {
        struct Slow<'a>(&'a [u8]);
        impl Read for Slow<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(out.len()).min(3);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let input = "\u{feff}h,void\r\na,b\n\n\"x\nvoid\",1\r\nc,\"q\"\"\n,\"\n\"vo\"id\",2\nd,e\"void\nvoid";
        let want = vec![
            (0, 1, v(&["h", "void"])),
            (1, 4, v(&["x\nvoid", "1"])),
            // `"vo"id"` reads as `void"`, but the word is not in its bytes.
            (2, 9, v(&["d", "e\"void"])),
            (0, 10, v(&["void"])),
            (0, 0, v(&[])),
        ];
        assert_eq!(skimmed(input.as_bytes()), want);
        assert_eq!(skimmed(Slow(input.as_bytes())), want);
        // Rows without the word are only counted, and a torn last row is not.
        let plain = "a,\"b\nc\"\nd\n\ne";
        assert_eq!(skimmed(Slow(plain.as_bytes())), vec![(2, 0, v(&[]))]);
    }

    fn v(f: &[&str]) -> Vec<String> {
        f.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lf_crlf_blank_and_bom() {
        let got = all(b"\xEF\xBB\xBFa,b\r\n\r\nc,d\ne,\"f\"\r\n");
        assert_eq!(
            got,
            vec![
                (1, v(&["a", "b"]), true),
                (3, v(&["c", "d"]), true),
                (4, v(&["e", "f"]), true)
            ]
        );
    }

    #[test]
    fn quoted_fields_with_commas_quotes_and_line_breaks() {
        let got = all(b"h\nx,\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\r\nl3\",z\nnext,1");
        assert_eq!(
            got,
            vec![
                (1, v(&["h"]), true),
                (2, v(&["x", "a,b", "say \"hi\"", "l1\nl2\r\nl3", "z"]), true),
                (5, v(&["next", "1"]), false),
            ]
        );
    }

    #[test]
    fn a_quote_inside_a_plain_field_is_plain() {
        assert_eq!(all(b"a\"b,c\n"), vec![(1, v(&["a\"b", "c"]), true)]);
        assert_eq!(all(b"\"ab\"c,d\n"), vec![(1, v(&["abc", "d"]), true)]);
    }

    #[test]
    fn a_note_ending_in_cr_inside_quotes_keeps_it() {
        assert_eq!(all(b"\"a\r\",b\r\n"), vec![(1, v(&["a\r", "b"]), true)]);
    }

    #[test]
    fn unclosed_quote_is_reported_where_it_opened() {
        let mut r = Reader::new(&b"a,b\nc,\"open\nmore\n"[..]);
        assert!(r.next_record().unwrap().is_some());
        match r.next_record() {
            Err(ReadError::Unclosed(u)) => assert_eq!(u, Unclosed { line: 2, col: 3 }),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn long_lines_grow_the_buffer() {
        let long = "x".repeat(200_000);
        let text = format!("{long},y\nz\n");
        let mut r = Reader::new(text.as_bytes());
        let rec = r.next_record().unwrap().unwrap();
        assert_eq!((rec.len, rec.get(1)), (2, Some(&b"y"[..])));
        assert_eq!(r.next_record().unwrap().unwrap().line, 2);
    }

    proptest::proptest! {
        /// Any records written by the csv crate (LF or CRLF) read back the same,
        /// with the line each starts on, across buffer refills.
        #[test]
        fn reads_back_what_the_csv_crate_writes(
            rows in proptest::collection::vec(proptest::collection::vec("[a-z张,\"\r\n ]{0,6}", 1..5), 1..20),
            crlf in proptest::bool::ANY,
        ) {
            let term = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
            let mut w = csv::WriterBuilder::new().flexible(true).terminator(term).from_writer(Vec::new());
            let mut expected = Vec::new();
            let mut line = 1;
            for r in &rows {
                // A record of one empty field is written as a blank line, which is skipped.
                if r.len() == 1 && r[0].is_empty() {
                    continue;
                }
                w.write_record(r).unwrap();
                expected.push((line, r.clone(), true));
                line += 1 + r.iter().map(|f| f.matches('\n').count()).sum::<usize>();
            }
            let bytes = w.into_inner().unwrap();
            proptest::prop_assert_eq!(all(&bytes), expected);
        }
    }
}
