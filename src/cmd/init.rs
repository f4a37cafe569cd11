//! `points init [DIR]`: a new book with commented example rules, an empty
//! roster and ledger, and `.gitattributes` for union merges of ledgers.

use crate::book::{ledger, LEDGER_DIR, PEOPLE_FILE, RULES_FILE};
use crate::cmd::{Ctx, Fail, Result};
use crate::tr;
use std::io::Write;
use std::path::{Path, PathBuf};

// Help texts: `help.init.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub dir: Option<PathBuf>,
}

pub const EXAMPLE_RULES: &str = include_str!("init_rules.toml");
/// The example rules of a Chinese book (`points init --lang zh`): Chinese
/// comments, and `lang = "zh"` in `[scheme]`.
pub const EXAMPLE_RULES_ZH: &str = include_str!("init_rules_zh.toml");
pub const GITATTRIBUTES: &str = "# Ledgers are append-only: two clones that both appended merge by keeping both sides.\nledger/*.csv merge=union\n";
pub const GITATTRIBUTES_ZH: &str =
    "# 台账只追加、不修改：两份副本各自追加的记录，合并时两边都保留。\nledger/*.csv merge=union\n";

/// The files of a new book in the chosen language: the rules and `.gitattributes`.
fn templates() -> (&'static str, &'static str) {
    match crate::i18n::lang() {
        crate::i18n::Lang::Zh => (EXAMPLE_RULES_ZH, GITATTRIBUTES_ZH),
        crate::i18n::Lang::En => (EXAMPLE_RULES, GITATTRIBUTES),
    }
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let dir = args.dir.unwrap_or_else(|| ctx.book_dir.clone());
    let rules = dir.join(RULES_FILE);
    let people = dir.join(PEOPLE_FILE);
    for existing in [&rules, &people] {
        if existing.exists() {
            return Err(Fail::Refused(tr!(
                init.exists,
                path = existing.display(),
                example = "`points init 新书`"
            )));
        }
    }
    let ledger_dir = dir.join(LEDGER_DIR);
    std::fs::create_dir_all(&ledger_dir).map_err(|e| {
        Fail::Refused(tr!(
            init.cannot_create,
            path = ledger_dir.display(),
            error = e
        ))
    })?;
    let year = crate::cmd::today()?.format("%Y").to_string();
    let ledger_file = ledger_dir.join(format!("{year}.csv"));
    let write = |path: &PathBuf, text: &str| -> Result {
        if path.exists() {
            return Ok(());
        }
        std::fs::write(path, text)
            .map_err(|e| Fail::Refused(tr!(init.cannot_write, path = path.display(), error = e)))
    };
    let (example_rules, _) = templates();
    write(&rules, example_rules)?;
    write(
        &people,
        &format!("{}\n", crate::book::roster::HEADER.join(",")),
    )?;
    write(&ledger_file, ledger::HEADER_LINE)?;
    gitattributes(&dir.join(".gitattributes"))?;
    writeln!(
        ctx.out,
        "{}",
        tr!(
            init.created,
            dir = crate::book::as_dir(&dir).display(),
            year = year
        )
    )?;
    Ok(())
}

/// Write `.gitattributes`, or add the union merge of ledgers to the one
/// there (keeping what it holds, once, in its own line endings).
fn gitattributes(path: &Path) -> Result {
    let cannot =
        |e: std::io::Error| Fail::Refused(tr!(init.cannot_write, path = path.display(), error = e));
    let (_, gitattributes) = templates();
    let old = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return std::fs::write(path, gitattributes).map_err(cannot)
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
    add.push_str(&gitattributes.replace('\n', eol));
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(add.as_bytes()))
        .map_err(cannot)
}
