//! The least work a balance report must do (the baseline of the peer
//! comparison, kept here so the benchmark is self-contained):
//! read every ledger file with the csv crate and one reused ByteRecord, parse
//! `points` as hundredths, sum per `person`, print sorted.
//!
//!     cargo run --release --example lowerbound -- BOOK/ledger/*.csv

use std::collections::HashMap;
use std::io::Write;

fn hundredths(b: &[u8]) -> i64 {
    let s = std::str::from_utf8(b).unwrap_or("0");
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    let mut v: i64 = i.parse::<i64>().unwrap_or(0) * 100;
    let f = format!("{f:0<2}");
    v += f[..2].parse::<i64>().unwrap_or(0);
    if neg {
        -v
    } else {
        v
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut totals: HashMap<Vec<u8>, i64> = HashMap::with_capacity(1024);
    let mut rec = csv::ByteRecord::new();
    for path in std::env::args().skip(1) {
        let mut rdr = csv::ReaderBuilder::new().from_path(&path)?;
        let hdr = rdr.byte_headers()?.clone();
        let col = |n: &[u8]| hdr.iter().position(|h| h == n).ok_or("column");
        let (pc, qc) = (col(b"person")?, col(b"points")?);
        while rdr.read_byte_record(&mut rec)? {
            let v = hundredths(&rec[qc]);
            match totals.get_mut(&rec[pc]) {
                Some(t) => *t += v,
                None => {
                    totals.insert(rec[pc].to_vec(), v);
                }
            }
        }
    }
    let mut v: Vec<_> = totals.into_iter().collect();
    v.sort();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (p, t) in v {
        out.write_all(&p)?;
        writeln!(out, ",{}.{:02}", t / 100, (t % 100).abs())?;
    }
    Ok(())
}
