//! Ledger files (SPEC §2.3): read one row at a time with one reused record,
//! each field checked and parsed, so that memory stays bounded by the roster.

use crate::book::csvread::{Next, ReadError, Reader, Record, Skim, Skimmed, Unclosed, MAX_FIELDS};
use crate::book::diag::Diagnostic;
use crate::model::points::PointsError;
use crate::model::{id, period::parse_date_bytes, Kind, Points};
use crate::tr;
use chrono::NaiveDate;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

pub const HEADER: [&str; 10] = [
    "id", "date", "person", "kind", "item", "qty", "points", "by", "ref", "note",
];
pub const HEADER_LINE: &str = "id,date,person,kind,item,qty,points,by,ref,note\n";

/// Field positions.
pub mod col {
    pub const ID: usize = 0;
    pub const DATE: usize = 1;
    pub const PERSON: usize = 2;
    pub const KIND: usize = 3;
    pub const ITEM: usize = 4;
    pub const QTY: usize = 5;
    pub const POINTS: usize = 6;
    pub const BY: usize = 7;
    pub const REF: usize = 8;
    pub const NOTE: usize = 9;
}

/// One ledger row with every field parsed; text fields borrow the reader's record.
#[derive(Clone, Debug)]
pub struct RawRow<'r> {
    /// The record's position among the file's rows, from 1 (also counting
    /// rows with problems), the same in every reading of the file.
    pub index: u64,
    pub line: usize,
    pub id: &'r str,
    pub date: NaiveDate,
    pub person: &'r str,
    pub kind: Kind,
    pub item: &'r str,
    /// Empty only in an `open` row (an opening balance has no quantity) and
    /// in a void, which copies its target's (SPEC §2.3).
    pub qty: Option<Points>,
    pub points: Points,
    pub by: &'r str,
    pub reference: &'r str,
    pub note: &'r str,
}

pub fn torn_diagnostic(path: &Path, line: usize) -> Diagnostic {
    Diagnostic::error(path, line, tr!(ledger.torn))
        .expected(tr!(ledger.torn_expected))
        .fix(tr!(ledger.torn_fix))
}

/// What reading a file found beyond its rows.
#[derive(Debug, Default)]
pub struct FileSummary {
    pub rows: usize,
    pub torn: bool,
    /// Reading stopped early at this line (an encoding or file-level problem).
    pub stopped_at: Option<usize>,
}

/// Read every row of one ledger file in order. `each` gets each row, or the
/// problems that made it unreadable. File-level problems (cannot open, bad
/// header, not UTF-8 or UTF-16, an unclosed quote, a torn last line) are
/// returned as diagnostics through `each` too, after which reading that file stops.
pub fn read_file(
    path: &Path,
    each: impl FnMut(Result<RawRow<'_>, Vec<Diagnostic>>),
) -> FileSummary {
    read_file_where(path, None, each)
}

/// As [`read_file`], but plain rows for which `keep(row)` is false are
/// skipped without being parsed or checked, not even for UTF-8 (they are
/// still counted, and a torn last row still stops the file): for commands
/// that only need some people's rows.
pub fn read_file_where(
    path: &Path,
    keep: Option<Keep<'_>>,
    mut each: impl FnMut(Result<RawRow<'_>, Vec<Diagnostic>>),
) -> FileSummary {
    let mut taker = Taker::new(path);
    let big = std::fs::metadata(path).is_ok_and(|m| m.len() >= PIPELINE_FROM);
    if !big || std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        produce(path, keep, |raw| taker.take(raw, &mut each));
        return taker.summary;
    }
    // Two stages on two cores: a reading thread splits rows into batches of
    // raw fields; this thread parses, checks and hands them on, in order.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(4);
    let (back_tx, back_rx) = std::sync::mpsc::channel::<Batch>();
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let stop = &stop;
        scope.spawn(move || {
            let mut batch = Batch::default();
            produce(path, keep, |raw| {
                batch.push(raw);
                if batch.items.len() >= BATCH_ROWS {
                    batch.seal();
                    let full =
                        std::mem::replace(&mut batch, back_rx.try_recv().unwrap_or_default());
                    // The receiver only goes away when this file's rows are no longer wanted.
                    let _ = tx.send(full);
                }
                !stop.load(std::sync::atomic::Ordering::Relaxed)
            });
            batch.seal();
            let _ = tx.send(batch);
        });
        let mut going = true;
        for mut batch in rx {
            if going {
                for item in &batch.items {
                    if !taker.take(item.view(batch.bytes()), &mut each) {
                        going = false;
                        stop.store(true, std::sync::atomic::Ordering::Relaxed);
                        break;
                    }
                }
            }
            batch.clear();
            let _ = back_tx.send(batch);
        }
    });
    taker.summary
}

/// A test on a raw ledger line, shareable with the reading thread.
pub type Keep<'a> = &'a (dyn Fn(&[u8]) -> bool + Sync);

/// Files from this size on are read by a second thread.
const PIPELINE_FROM: u64 = 1 << 20;
const BATCH_ROWS: usize = 1024;

/// What the reading stage finds, in file order.
enum Raw<'a> {
    /// A row skipped by `keep` (not split).
    Skipped {
        line: usize,
        terminated: bool,
        utf8: bool,
    },
    /// A record, with its costlier fields read already where that was done
    /// on the reading thread.
    Record(Record<'a>, Option<Pre>),
    /// A problem that ends the file (bad header, unclosed quote, …).
    End(Diagnostic),
}

/// Read the file, handing each row on to `sink` until it says stop.
fn produce(path: &Path, keep: Option<Keep<'_>>, mut sink: impl FnMut(Raw<'_>) -> bool) {
    let end = |d: Diagnostic| Raw::End(d);
    let mut file = match crate::book::source::open(path) {
        Ok(f) => f,
        Err(e) => {
            sink(end(crate::book::missing_file(path, &e)));
            return;
        }
    };
    let mut head = Vec::with_capacity(512);
    if let Err(e) = (&mut file).take(512).read_to_end(&mut head) {
        sink(end(crate::book::missing_file(path, &e)));
        return;
    }
    if crate::book::is_utf16(&head) {
        sink(end(crate::book::utf16(path)));
        return;
    }
    if let Err(e) = file.seek(SeekFrom::Start(0)) {
        sink(end(crate::book::missing_file(path, &e)));
        return;
    }
    let mut rdr = if keep.is_some() {
        Reader::new(file).trust_skipped()
    } else {
        Reader::new(file)
    };
    let read_error = |e: ReadError| match e {
        ReadError::Io(e) => crate::book::missing_file(path, &e),
        ReadError::Unclosed(u) => unclosed_diagnostic(path, u),
    };
    // The header.
    match rdr.next_record() {
        Ok(None) => {
            sink(end(Diagnostic::error(path, 1, tr!(ledger.empty))
                .expected(tr!(ledger.empty_expected, header = HEADER.join(",")))
                .fix(tr!(ledger.empty_fix))));
            return;
        }
        Err(e) => {
            sink(end(read_error(e)));
            return;
        }
        Ok(Some(h)) => {
            let header_ok = h.len == HEADER.len()
                && h.fields()
                    .zip(HEADER.iter())
                    .all(|(a, b)| a == b.as_bytes());
            if !header_ok {
                let shown: Vec<String> = h
                    .fields()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                sink(end(Diagnostic::error(
                    path,
                    h.line,
                    tr!(ledger.bad_header, header = shown.join(",")),
                )
                .expected(tr!(ledger.bad_header_expected, header = HEADER.join(",")))
                .fix(tr!(ledger.bad_header_fix))));
                return;
            }
        }
    }
    let keep_all = |_: &[u8]| true;
    let keep = keep.unwrap_or(&keep_all);
    loop {
        let go = match rdr.next_where(keep) {
            Ok(Some(Next::Record(r))) => sink(Raw::Record(r, None)),
            Ok(Some(Next::Skipped {
                line,
                terminated,
                utf8,
            })) => sink(Raw::Skipped {
                line,
                terminated,
                utf8,
            }),
            Ok(None) => return,
            Err(e) => {
                sink(end(read_error(e)));
                return;
            }
        };
        if !go {
            return;
        }
    }
}

/// The checking stage: counts rows, stops at a torn or non-UTF-8 row, parses
/// the rest and hands them on.
struct Taker<'p> {
    path: &'p Path,
    summary: FileSummary,
}

impl<'p> Taker<'p> {
    fn new(path: &'p Path) -> Self {
        Taker {
            path,
            summary: FileSummary::default(),
        }
    }

    /// Take one raw row; false when the file ends here.
    fn take(
        &mut self,
        raw: Raw<'_>,
        each: &mut impl FnMut(Result<RawRow<'_>, Vec<Diagnostic>>),
    ) -> bool {
        let path = self.path;
        match raw {
            Raw::End(d) => {
                self.summary.stopped_at = Some(d.line);
                each(Err(vec![d]));
                false
            }
            Raw::Skipped {
                line,
                terminated,
                utf8,
            } => {
                if !terminated {
                    self.summary.torn = true;
                    each(Err(vec![torn_diagnostic(path, line)]));
                    return false;
                }
                if !utf8 {
                    self.summary.stopped_at = Some(line);
                    each(Err(vec![crate::book::not_utf8(path, line)]));
                    return false;
                }
                self.summary.rows += 1;
                true
            }
            Raw::Record(rec, pre) => {
                if !rec.terminated {
                    self.summary.torn = true;
                    each(Err(vec![torn_diagnostic(path, rec.line)]));
                    return false;
                }
                self.summary.rows += 1;
                match parse_row(path, self.summary.rows as u64, &rec, pre) {
                    RowResult::Row(r) => each(Ok(r)),
                    RowResult::Problems(d) => each(Err(d)),
                    RowResult::NotUtf8 => {
                        self.summary.stopped_at = Some(rec.line);
                        each(Err(vec![crate::book::not_utf8(path, rec.line)]));
                        return false;
                    }
                }
                true
            }
        }
    }
}

/// Raw rows split by the reading thread: their fields' bytes in one buffer
/// (a line break between rows), checked as UTF-8 once for the whole batch.
#[derive(Default)]
struct Batch {
    data: Vec<u8>,
    /// `data`, once sealed and found to be UTF-8.
    text: String,
    items: Vec<RawItem>,
}

enum RawItem {
    Skipped {
        line: usize,
        terminated: bool,
        utf8: bool,
    },
    Record {
        line: usize,
        len: usize,
        terminated: bool,
        at: usize,
        end: usize,
        ranges: [(u32, u32); MAX_FIELDS],
        pre: Option<Pre>,
    },
    End(Diagnostic),
}

impl Batch {
    fn push(&mut self, raw: Raw<'_>) {
        let item = match raw {
            Raw::Skipped {
                line,
                terminated,
                utf8,
            } => RawItem::Skipped {
                line,
                terminated,
                utf8,
            },
            Raw::End(d) => RawItem::End(d),
            Raw::Record(r, pre) => {
                let at = self.data.len();
                let (data, ranges) = r.parts();
                self.data.extend_from_slice(data);
                // A line break between rows: no character can span two rows.
                self.data.push(b'\n');
                RawItem::Record {
                    line: r.line,
                    len: r.len,
                    terminated: r.terminated,
                    at,
                    end: at + data.len(),
                    ranges,
                    pre: pre.or_else(|| (r.len == HEADER.len()).then(|| Pre::of(&r))),
                }
            }
        };
        self.items.push(item);
    }

    /// Check the rows' bytes as UTF-8, all at once (on the reading thread).
    fn seal(&mut self) {
        match String::from_utf8(std::mem::take(&mut self.data)) {
            Ok(text) => self.text = text,
            // A row that is not UTF-8 is found and reported row by row.
            Err(e) => self.data = e.into_bytes(),
        }
    }

    /// The bytes, and the same as text if sealed as UTF-8.
    fn bytes(&self) -> (&[u8], Option<&str>) {
        if self.data.is_empty() {
            (self.text.as_bytes(), Some(&self.text))
        } else {
            (&self.data, None)
        }
    }

    fn clear(&mut self) {
        if self.data.is_empty() {
            self.data = std::mem::take(&mut self.text).into_bytes();
        }
        self.data.clear();
        self.items.clear();
    }
}

impl RawItem {
    fn view<'d>(&self, (data, text): (&'d [u8], Option<&'d str>)) -> Raw<'d> {
        match self {
            RawItem::Skipped {
                line,
                terminated,
                utf8,
            } => Raw::Skipped {
                line: *line,
                terminated: *terminated,
                utf8: *utf8,
            },
            RawItem::End(d) => Raw::End(d.clone()),
            RawItem::Record {
                line,
                len,
                terminated,
                at,
                end,
                ranges,
                pre,
            } => Raw::Record(
                Record::from_parts(*line, *len, &data[*at..*end], *ranges, *terminated)
                    .with_text(text.and_then(|t| t.get(*at..*end))),
                *pre,
            ),
        }
    }
}

/// The voids of one ledger file, for the first of the scan's two passes
/// (with `redeems_too`, the redemptions as well): `each(index, line, fields)`
/// for every such row, with the same row indices as [`read_file`] (it stops
/// where that stops). Returns the number of rows. Other rows are skipped
/// without being split.
pub fn read_voids(
    path: &Path,
    redeems_too: bool,
    approvals: bool,
    mut each: impl FnMut(u64, usize, &[&str; 10]),
) -> u64 {
    let Ok(mut file) = crate::book::source::open(path) else {
        return 0;
    };
    let mut head = Vec::with_capacity(512);
    if (&mut file).take(512).read_to_end(&mut head).is_err() || crate::book::is_utf16(&head) {
        return 0;
    }
    if file.seek(SeekFrom::Start(0)).is_err() {
        return 0;
    }
    // Skipped rows are not checked for UTF-8 here: where the second pass
    // stops at a row that is not UTF-8, the scan ignores the voids after it.
    let mut rdr = Reader::new(file).trust_skipped();
    match rdr.next_record() {
        Ok(Some(h))
            if h.len == HEADER.len()
                && h.fields()
                    .zip(HEADER.iter())
                    .all(|(a, b)| a == b.as_bytes()) => {}
        _ => return 0,
    }
    // Only rows holding the word are split and looked at; the rest are counted.
    let mut skim = Skim::new(match (redeems_too, approvals) {
        (true, true) => &[b"void", b"redeem", b"approve"],
        (true, false) => &[b"void", b"redeem"],
        (false, true) => &[b"void", b"approve"],
        (false, false) => &[b"void"],
    });
    let mut index = 0u64;
    loop {
        let rec = match rdr.skim(&mut skim) {
            Ok(Skimmed::Row(skipped, rec)) => {
                index += skipped;
                rec
            }
            Ok(Skimmed::End(skipped)) | Ok(Skimmed::Broken(skipped, _)) => {
                index += skipped;
                break;
            }
            Err(_) => break,
        };
        if !rec.terminated {
            break; // read_file stops at a torn row too
        }
        index += 1;
        let mut fields: [&str; HEADER.len()] = [""; HEADER.len()];
        if rec.texts(&mut fields).is_none() {
            break; // read_file stops at a row that is not UTF-8
        }
        let kind = fields[col::KIND];
        if rec.len == HEADER.len()
            && (kind == "void" || redeems_too && kind == "redeem" || approvals && kind == "approve")
        {
            each(index, rec.line, &fields);
        }
    }
    index
}

/// A quote opened and never closed: everything after it would be one field.
pub fn unclosed_diagnostic(path: &Path, u: Unclosed) -> Diagnostic {
    let mut d = Diagnostic::error(path, u.line, tr!(ledger.unclosed))
        .expected(tr!(ledger.unclosed_expected))
        .fix(tr!(ledger.unclosed_fix));
    d.spot = crate::book::diag::Spot::Col(u.col, 1);
    d
}

enum RowResult<'r> {
    Row(RawRow<'r>),
    Problems(Vec<Diagnostic>),
    NotUtf8,
}

/// The fields of a row that take work to read (they need no UTF-8 check):
/// read on the reading thread when there is one, to share the work.
#[derive(Debug, Clone, Copy)]
pub struct Pre {
    date: Option<NaiveDate>,
    kind: Option<Kind>,
    qty: Result<Points, PointsError>,
    points: Result<Points, PointsError>,
}

impl Pre {
    fn of(rec: &Record<'_>) -> Pre {
        let field = |i| rec.get(i).unwrap_or_default();
        Pre {
            date: parse_date_bytes(field(col::DATE)),
            kind: Kind::parse(field(col::KIND)),
            qty: Points::parse_bytes(field(col::QTY)),
            points: Points::parse_bytes(field(col::POINTS)),
        }
    }
}

fn parse_row<'r>(path: &Path, index: u64, rec: &Record<'r>, pre: Option<Pre>) -> RowResult<'r> {
    let line = rec.line;
    if rec.len != HEADER.len() {
        return RowResult::Problems(vec![Diagnostic::error(
            path,
            line,
            tr!(ledger.field_count, n = rec.len),
        )
        .expected(tr!(
            ledger.field_count_expected,
            n = HEADER.len(),
            header = HEADER.join(",")
        ))
        .fix(tr!(ledger.field_count_fix))]);
    }
    let mut fields: [&str; 10] = [""; 10];
    if rec.texts(&mut fields).is_none() {
        return RowResult::NotUtf8;
    }
    let pre = pre.unwrap_or_else(|| Pre::of(rec));
    let mut diags = Vec::new();
    let bad = |i: usize, msg: String, expected: String| {
        Diagnostic::error(path, line, msg)
            .field(i)
            .expected(expected)
    };
    let eid = fields[col::ID];
    if !id::is_valid(eid) {
        diags.push(bad(
            col::ID,
            tr!(ledger.bad_entry_id, id = eid),
            tr!(ledger.bad_entry_id_expected),
        ));
    }
    let date = pre.date;
    if date.is_none() {
        diags.push(bad(
            col::DATE,
            tr!(ledger.bad_date, value = fields[col::DATE]),
            tr!(ledger.bad_date_expected),
        ));
    }
    let person = fields[col::PERSON];
    if let Err(e) = id::check(person) {
        diags.push(bad(
            col::PERSON,
            tr!(ledger.bad_person, person = person, reason = e),
            tr!(ledger.bad_person_expected),
        ));
    }
    let kind = pre.kind;
    if kind.is_none() {
        diags.push(bad(
            col::KIND,
            tr!(ledger.bad_kind, value = fields[col::KIND]),
            tr!(ledger.bad_kind_expected),
        ));
    }
    let item = fields[col::ITEM];
    if let Err(e) = id::check(item) {
        diags.push(bad(
            col::ITEM,
            tr!(ledger.bad_item, item = item, reason = e),
            tr!(ledger.bad_item_expected),
        ));
    }
    let mut number = |i: usize, what: &str, read: Result<Points, PointsError>| match read {
        Ok(p) => Some(p),
        Err(e) => {
            let value = fields[i];
            let msg = match e {
                PointsError::Empty => tr!(ledger.number_empty, column = what, value = value),
                PointsError::NotANumber => {
                    tr!(ledger.number_not_a_number, column = what, value = value)
                }
                PointsError::TooPrecise => {
                    tr!(ledger.number_too_precise, column = what, value = value)
                }
                PointsError::Overflow => {
                    tr!(ledger.number_too_large, column = what, value = value)
                }
            };
            diags.push(bad(i, msg, tr!(ledger.number_expected)));
            None
        }
    };
    let qty = match (kind, pre.qty) {
        (Some(Kind::Open | Kind::Void), Err(PointsError::Empty)) => Some(None),
        (_, q) => number(col::QTY, "qty", q).map(Some),
    };
    let points = number(col::POINTS, "points", pre.points);
    match (date, kind, qty, points) {
        (Some(date), Some(kind), Some(qty), Some(points)) if diags.is_empty() => {
            RowResult::Row(RawRow {
                index,
                line,
                id: eid,
                date,
                person,
                kind,
                item,
                qty,
                points,
                by: fields[col::BY],
                reference: fields[col::REF],
                note: fields[col::NOTE],
            })
        }
        _ => RowResult::Problems(diags),
    }
}

/// One row as CSV text, quoted where needed (RFC 4180), ending in `\n`.
pub fn format_row(fields: &[&str; 10]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(fields);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn field() -> impl Strategy<Value = String> {
        prop::string::string_regex("[a-z张三,\"\\n\\r '=+-]{0,12}").unwrap()
    }

    proptest! {
        /// An entry written with `format_row` and read back is the same.
        #[test]
        fn written_and_read_back_is_lossless(by in field(), note in field(), reference in "[A-Za-z0-9_-]{0,8}", pts in -100_000i64..100_000, qty in 1i64..10_000) {
            let points = Points::from_hundredths(pts).to_string();
            let qty = Points::from_hundredths(qty).to_string();
            let fields = ["E1", "2026-03-01", "P01", "earn", "patrol", qty.as_str(), points.as_str(), by.as_str(), reference.as_str(), note.as_str()];
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("l.csv");
            std::fs::write(&path, format!("{HEADER_LINE}{}", format_row(&fields))).unwrap();
            let mut seen = Vec::new();
            let summary = read_file(&path, |r| {
                let r = r.map_err(|d| format!("{d:?}")).unwrap();
                seen.push((r.id.to_string(), r.qty, r.points, r.by.to_string(), r.reference.to_string(), r.note.to_string()));
            });
            prop_assert!(!summary.torn);
            prop_assert_eq!(seen, vec![("E1".to_string(), Some(Points::parse(&qty).unwrap()), Points::from_hundredths(pts), by, reference, note)]);
        }
    }

    /// A field as written by hand: plain, with a quote inside (text), or
    /// quoted with commas, quotes, line breaks and the word `void`.
    fn raw_field() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z张void]{0,6}",
            "[a-z]{1,3}\"[a-z,]{0,3}".prop_map(|s| s.replace(',', "")),
            "[a-z张,\"\n void]{0,10}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        ]
    }

    fn raw_row() -> impl Strategy<Value = String> {
        (0u8..4, raw_field(), raw_field(), prop::bool::ANY, 0u8..6).prop_map(
            |(kind, by, note, crlf, blank)| {
                let kind = ["earn", "void", "redeem", "\"void\""][kind as usize];
                let end = if crlf { "\r\n" } else { "\n" };
                let blank = if blank == 0 { end } else { "" };
                format!("{blank}Ex,2026-03-01,P1,{kind},patrol,1,2,{by},E1,{note}{end}")
            },
        )
    }

    proptest! {
        /// The first pass's fast skim finds the same voids, at the same row
        /// indices and lines, as reading every row, and counts the same rows.
        #[test]
        fn skimming_for_voids_agrees_with_reading_every_row(rows in prop::collection::vec(raw_row(), 0..40), torn in prop::bool::ANY) {
            let mut text = String::from(HEADER_LINE);
            for (n, r) in rows.iter().enumerate() {
                text.push_str(&r.replacen("Ex", &format!("E{n}"), 1));
            }
            if torn {
                text.push_str("Et,2026-03-01,P1,void,patrol,1,2,x,E1,");
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("l.csv");
            std::fs::write(&path, &text).unwrap();
            let mut want = Vec::new();
            let summary = read_file(&path, |r| {
                if let Ok(r) = r {
                    if r.kind == Kind::Void {
                        want.push((r.index, r.line, r.id.to_string()));
                    }
                }
            });
            let mut got = Vec::new();
            let rows = read_voids(&path, false, false, |index, line, f| got.push((index, line, f[col::ID].to_string())));
            prop_assert_eq!(got, want);
            prop_assert_eq!(rows, summary.rows as u64);
        }
    }

    /// The two-thread reading of a big file gives exactly what one thread gives:
    /// the same rows, problems and summary, in the same order.
    #[test]
    fn pipelined_reading_equals_serial_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let mut text = String::from(HEADER_LINE);
        for n in 0..40_000 {
            match n % 7 {
                0 => text.push_str(&format!(
                    "E{n},2026-03-01,P{},earn,patrol,1.5,3,队长,,\"含,逗号\"\n",
                    n % 13
                )),
                1 => text.push_str(&format!("E{n},2026-02-30,P1,earn,patrol,1,2,x,,\n")), // a bad date
                2 => text.push_str(&format!(
                    "E{n},2026-03-02,P2,void,patrol,1,-3,x,E{},\"two\nlines\"\r\n",
                    n - 2
                )),
                _ => text.push_str(&format!(
                    "E{n},2026-03-03,P{},earn,volunteer,1,2.5,张三,,\n",
                    n % 5
                )),
            }
        }
        text.push_str("E-torn,2026-03-04,P1,earn");
        std::fs::write(&path, &text).unwrap();
        assert!(text.len() as u64 >= PIPELINE_FROM);
        let collect = |pipelined: bool| {
            let mut out: Vec<String> = Vec::new();
            let mut each = |r: Result<RawRow<'_>, Vec<Diagnostic>>| out.push(format!("{r:?}"));
            let summary = if pipelined {
                read_file_where(&path, None, &mut each)
            } else {
                let mut taker = Taker::new(&path);
                produce(&path, None, |raw| taker.take(raw, &mut each));
                taker.summary
            };
            (out, summary.rows, summary.torn)
        };
        let (a, b) = (collect(true), collect(false));
        assert_eq!(a.1, 40_000);
        assert!(a.2);
        assert_eq!(a, b);
    }
}
