//! A large synthetic book for speed and memory, deterministic:
//!
//!     cargo run --release --example gen-book -- --rows 1000000 --out /tmp/book
//!
//! 400 people in 100 households, 30 items in 3 categories (no caps), entries
//! over two years in two ledger files, ~5% deductions, voids (~0.2%) and
//! redemptions (~1%), notes with commas. Writes `points.toml`, `people.csv`,
//! `ledger/2025.csv`, `ledger/2026.csv`, `requests.csv` (an exchange round)
//! and `reference.json`: every person's expected balance, computed here
//! independently of `points`, so a benchmark can check the answer too.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

/// splitmix64: a tiny fixed-seed generator, so the book is the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PEOPLE: usize = 400;

fn items() -> Vec<(String, &'static str, i64)> {
    let cats = ["edu", "welfare", "law"];
    let mut v: Vec<(String, &str, i64)> = (0..27)
        .map(|k| (format!("i{k:02}"), cats[k % 3], (k as i64 % 7) + 1))
        .collect();
    v.push(("d1".into(), "law", -5));
    v.push(("d2".into(), "law", -2));
    v.push(("d3".into(), "law", -10));
    v
}

fn main() -> std::io::Result<()> {
    let mut rows: u64 = 10_000;
    let mut out = PathBuf::from("book");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rows" => rows = args.next().and_then(|v| v.parse().ok()).unwrap_or(rows),
            "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
            _ => {
                eprintln!("usage: gen-book --rows N --out DIR");
                std::process::exit(2);
            }
        }
    }
    std::fs::create_dir_all(out.join("ledger"))?;
    let items = items();
    let mut toml = String::from("[scheme]\nname = \"大型测试\"\n\n");
    for c in ["edu", "welfare", "law"] {
        let _ = write!(toml, "[[category]]\nid = \"{c}\"\nname = \"{c}\"\n\n");
    }
    for (id, cat, p) in &items {
        let _ = write!(toml, "[[item]]\nid = \"{id}\"\nname = \"项目{id}\"\ncategory = \"{cat}\"\nunit = \"time\"\npoints = {p}\n\n");
    }
    toml.push_str("[exchange]\nevery = \"half-year\"\norder = \"earned\"\n\n");
    toml.push_str("[[reward]]\nid = \"soap\"\nname = \"肥皂\"\ncost = 15\nper_person = 3\n\n");
    toml.push_str(
        "[[reward]]\nid = \"towel\"\nname = \"毛巾\"\ncost = 20\nstock = 50\nper_person = 2\n\n",
    );
    toml.push_str("[[evaluation]]\nid = \"star\"\nname = \"之星\"\nsubject = \"household\"\nperiod = \"year\"\nveto = [\"law\"]\ntiers = [\n  { name = \"之星\", min = 100, max = 10, clean = true },\n  { name = \"—\" },\n]\n");
    std::fs::write(out.join("points.toml"), toml)?;
    let people: Vec<String> = (0..PEOPLE).map(|k| format!("P{k:04}")).collect();
    let mut roster = String::from("id,name,household,building,role,joined,left\n");
    for (k, p) in people.iter().enumerate() {
        let role = if k % 15 == 0 { "party" } else { "resident" };
        let _ = writeln!(roster, "{p},居民{k},H{:03},B{},{role},,", k / 4, k / 40);
    }
    std::fs::write(out.join("people.csv"), roster)?;

    let mut rng = Rng(42);
    let mut bal: Vec<i64> = vec![0; PEOPLE];
    let mut written: u64 = 0;
    for (year, file) in [(2025, "2025.csv"), (2026, "2026.csv")] {
        let f = std::fs::File::create(out.join("ledger").join(file))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        w.write_all(b"id,date,person,kind,item,qty,points,by,ref,note\n")?;
        let count = if year == 2025 {
            rows / 2
        } else {
            rows - rows / 2
        };
        // Recent positive entries of people who never redeem (odd ids), voidable.
        let mut recent: Vec<(u64, usize, usize, i64)> = Vec::new();
        for _ in 0..count {
            written += 1;
            let day = rng.below(300);
            let date = day_of(year, day);
            let p = rng.below(PEOPLE as u64) as usize;
            let r = rng.below(10_000);
            if r < 20 && !recent.is_empty() {
                let k = rng.below(recent.len() as u64) as usize;
                let (tid, tp, ti, tpts) = recent.swap_remove(k);
                writeln!(
                    w,
                    "E{written:08},{date},{},void,{},1,{},检查员,E{tid:08},重复",
                    people[tp], items[ti].0, -tpts
                )?;
                bal[tp] -= tpts;
                continue;
            }
            if r < 100 && bal[p] >= 15 && p.is_multiple_of(2) {
                writeln!(
                    w,
                    "E{written:08},{year}-10-31,{},redeem,soap,1,-15,超市,{year}H2,",
                    people[p]
                )?;
                bal[p] -= 15;
                continue;
            }
            let i = if r < 600 {
                27 + rng.below(3) as usize
            } else {
                rng.below(27) as usize
            };
            let pts = items[i].2;
            let note = match rng.below(5) {
                3 => "夜间巡逻",
                4 => "\"含,逗号\"",
                _ => "",
            };
            writeln!(
                w,
                "E{written:08},{date},{},earn,{},1,{pts},队长,,{note}",
                people[p], items[i].0
            )?;
            bal[p] += pts;
            if pts > 0 && recent.len() < 1000 && !p.is_multiple_of(2) {
                recent.push((written, p, i, pts));
            }
        }
        w.flush()?;
    }
    // An exchange round's wishes: every tenth person asks for soap, then a towel.
    let mut req = String::from("person,reward,qty\n");
    for p in people.iter().step_by(10) {
        let _ = writeln!(req, "{p},soap,2\n{p},towel,1");
    }
    std::fs::write(out.join("requests.csv"), req)?;
    let reference: BTreeMap<&str, String> = people
        .iter()
        .zip(&bal)
        .map(|(p, b)| (p.as_str(), b.to_string()))
        .collect();
    let json: Vec<String> = reference
        .iter()
        .map(|(p, b)| format!("\"{p}\": {b}"))
        .collect();
    std::fs::write(
        out.join("reference.json"),
        format!("{{{}}}\n", json.join(", ")),
    )?;
    eprintln!("wrote {written} rows to {}", out.display());
    Ok(())
}

/// Day `d` (0-based) of `year` as YYYY-MM-DD (d < 300, so never past October).
fn day_of(year: i32, d: u64) -> String {
    const DAYS: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut left = d;
    for (m, &len) in DAYS.iter().enumerate() {
        if left < len {
            return format!("{year}-{:02}-{:02}", m + 1, left + 1);
        }
        left -= len;
    }
    format!("{year}-12-31")
}
