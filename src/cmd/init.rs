//! `points init [DIR]`: a new book with commented example rules, an empty
//! roster and ledger, and `.gitattributes` for union merges of ledgers.

use crate::book::{ledger, LEDGER_DIR, PEOPLE_FILE, RULES_FILE};
use crate::cmd::{Ctx, Fail, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

// Help texts: `help.init.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub dir: Option<PathBuf>,
}

pub const EXAMPLE_RULES: &str = include_str!("init_rules.toml");
pub const GITATTRIBUTES: &str = "# Ledgers are append-only: two clones that both appended merge by keeping both sides.\nledger/*.csv merge=union\n";

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let dir = args.dir.unwrap_or_else(|| ctx.book_dir.clone());
    let rules = dir.join(RULES_FILE);
    let people = dir.join(PEOPLE_FILE);
    for existing in [&rules, &people] {
        if existing.exists() {
            return Err(Fail::Refused(format!(
                "{} already exists: this folder already holds a book, and init changes nothing in it: give a new folder, like `points init 新书`",
                existing.display()
            )));
        }
    }
    let ledger_dir = dir.join(LEDGER_DIR);
    std::fs::create_dir_all(&ledger_dir).map_err(|e| {
        Fail::Refused(format!(
            "cannot create {}: {e}. Check that you may write in that folder, or give another one.",
            ledger_dir.display()
        ))
    })?;
    let year = crate::cmd::today()?.format("%Y").to_string();
    let ledger_file = ledger_dir.join(format!("{year}.csv"));
    let write = |path: &PathBuf, text: &str| -> Result {
        if path.exists() {
            return Ok(());
        }
        std::fs::write(path, text)
            .map_err(|e| Fail::Refused(format!("cannot write {}: {e}. Check that you may write in that folder, or give another one.", path.display())))
    };
    write(&rules, EXAMPLE_RULES)?;
    write(
        &people,
        &format!("{}\n", crate::book::roster::HEADER.join(",")),
    )?;
    write(&ledger_file, ledger::HEADER_LINE)?;
    gitattributes(&dir.join(".gitattributes"))?;
    writeln!(
        ctx.out,
        "created a new book in {}:\n  {RULES_FILE}       the rules: edit them for your community\n  {PEOPLE_FILE}        the roster: one row per resident\n  ledger/{year}.csv   where `points add` records points\n  .gitattributes    lets git merge ledgers from several clones\nnext: add residents to {PEOPLE_FILE}, then run `points check`",
        crate::book::as_dir(&dir).display()
    )?;
    Ok(())
}

/// Write `.gitattributes`, or add the union merge of ledgers to the one
/// there (keeping what it holds, once, in its own line endings).
fn gitattributes(path: &Path) -> Result {
    let cannot = |e: std::io::Error| {
        Fail::Refused(format!(
            "cannot write {}: {e}. Check that you may write in that folder, or give another one.",
            path.display()
        ))
    };
    let old = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return std::fs::write(path, GITATTRIBUTES).map_err(cannot)
        }
        Err(e) => return Err(cannot(e)),
    };
    let text = String::from_utf8_lossy(&old);
    let union = |line: &str| {
        let mut words = line.split_whitespace();
        words.next() == Some("ledger/*.csv") && words.any(|w| w == "merge=union")
    };
    if text.lines().any(union) {
        return Ok(());
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut add = String::new();
    if !old.is_empty() && !old.ends_with(b"\n") {
        add.push_str(eol);
    }
    add.push_str(&GITATTRIBUTES.replace('\n', eol));
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(add.as_bytes()))
        .map_err(cannot)
}
