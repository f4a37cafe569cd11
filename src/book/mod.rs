//! Loading a book: the folder with `points.toml`, `people.csv` and
//! `ledger/*.csv` (SPEC §2). Rules and roster are read whole and validated;
//! ledgers are streamed row by row (see [`ledger`]).

pub mod append;
pub mod csvread;
pub mod diag;
pub mod ledger;
pub mod lock;
pub mod roster;
pub mod rules;

use diag::Diagnostic;
use std::path::{Path, PathBuf};

pub use roster::{Person, Roster};
pub use rules::Rules;

pub const RULES_FILE: &str = "points.toml";
pub const PEOPLE_FILE: &str = "people.csv";
pub const LEDGER_DIR: &str = "ledger";

/// A loaded book: validated rules and roster, and the ledger files in name order.
#[derive(Debug)]
pub struct Book {
    pub root: PathBuf,
    pub rules: Rules,
    pub roster: Roster,
    /// Ledger files, sorted by file name (byte order).
    pub ledgers: Vec<PathBuf>,
}

impl Book {
    /// Load rules and roster; list the ledgers. Every problem in rules and
    /// roster is returned together.
    pub fn load(root: &Path) -> Result<Book, Vec<Diagnostic>> {
        if !as_dir(root).is_dir() {
            return Err(vec![Diagnostic::error(root, 0, "this book folder does not exist")
                .fix("give the folder with --book DIR or $POINTS_BOOK, or create a new book with `points init DIR`")]);
        }
        let rules = Rules::load(&root.join(RULES_FILE))?;
        let roster = Roster::load(&root.join(PEOPLE_FILE), &rules)?;
        let ledgers = list_ledgers(root).map_err(|d| vec![d])?;
        Ok(Book {
            root: root.to_path_buf(),
            rules,
            roster,
            ledgers,
        })
    }

    /// Load what can be loaded, for `check`: every problem in rules and
    /// roster, and the book when the rules and the roster file are usable
    /// (roster rows with errors left out, their ids in `roster.skipped`).
    /// Otherwise the ledger files, which can then only be checked for form.
    pub fn load_for_check(root: &Path) -> (Result<Book, Unchecked>, Vec<Diagnostic>) {
        if !as_dir(root).is_dir() {
            return (
                Err(Unchecked::NoBook),
                Book::load(root).err().unwrap_or_default(),
            );
        }
        let (rules, mut diags) = match Rules::load(&root.join(RULES_FILE)) {
            Ok(r) => (Some(r), Vec::new()),
            Err(d) => (None, d),
        };
        let (roster, roster_diags) = Roster::load_lenient(&root.join(PEOPLE_FILE), rules.as_ref());
        diags.extend(roster_diags);
        let ledgers = match list_ledgers(root) {
            Ok(l) => l,
            Err(d) => {
                diags.push(d);
                return (Err(Unchecked::NoBook), diags);
            }
        };
        let book = match (rules, roster) {
            (Some(rules), Some(roster)) => Ok(Book {
                root: root.to_path_buf(),
                rules,
                roster,
                ledgers,
            }),
            (None, _) => Err(Unchecked::Rules(ledgers)),
            (Some(_), None) => Err(Unchecked::Roster(ledgers)),
        };
        (book, diags)
    }

    /// The ledger that writes go to: `--ledger NAME`, else the last in name
    /// order, else `ledger/<year>.csv`.
    pub fn write_target(&self, name: Option<&str>, year: i32) -> PathBuf {
        let dir = self.root.join(LEDGER_DIR);
        match name {
            Some(n) => {
                let n = if n.ends_with(".csv") {
                    n.to_string()
                } else {
                    format!("{n}.csv")
                };
                dir.join(n)
            }
            None => self
                .ledgers
                .last()
                .cloned()
                .unwrap_or_else(|| dir.join(format!("{year}.csv"))),
        }
    }
}

/// Why `check` could not check the ledgers against the rules.
#[derive(Debug)]
pub enum Unchecked {
    /// No book folder (or no readable ledger folder).
    NoBook,
    /// points.toml has errors: these ledger files can be checked for form only.
    Rules(Vec<PathBuf>),
    /// people.csv cannot be read: likewise.
    Roster(Vec<PathBuf>),
}

/// A book folder as a path the file system takes: the empty path (the
/// current folder, shown without `./`) becomes `.`.
pub fn as_dir(root: &Path) -> &Path {
    if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    }
}

/// The `*.csv` files of `ledger/`, sorted by name. A missing folder is an empty list.
pub fn list_ledgers(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let dir = root.join(LEDGER_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Diagnostic::error(
                &dir,
                0,
                format!("cannot read the ledger folder: {e}"),
            ))
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// A file that could not be opened.
pub fn missing_file(path: &Path, e: &std::io::Error) -> Diagnostic {
    if e.kind() == std::io::ErrorKind::NotFound {
        Diagnostic::error(path, 0, "this file does not exist")
            .fix("run `points init` to create a new book, or point --book at the book's folder")
    } else {
        Diagnostic::error(path, 0, format!("cannot read this file: {e}"))
    }
}

/// The text of a file that must be UTF-8 (a BOM is allowed and dropped).
pub fn decode_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    if is_utf16(bytes) {
        return Err(utf16(path));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let upto = &bytes[..e.valid_up_to()];
        let line = upto.iter().filter(|&&c| c == b'\n').count() + 1;
        not_utf8(path, line)
    })
}

/// The error for text that is not UTF-8, with the usual cause and cure.
pub fn not_utf8(path: &Path, line: usize) -> Diagnostic {
    Diagnostic::error(path, line, "this file is not UTF-8 text (it may have been saved as GBK/ANSI, e.g. by Excel)")
        .expected("UTF-8 text, with or without a BOM")
        .fix("open it and save it again as \"CSV UTF-8\" (Excel) or with UTF-8 encoding; nothing was read from it")
}

/// Whether the start of a file looks like UTF-16 (a UTF-16 byte order mark,
/// or the zero bytes that UTF-16 puts between ASCII letters).
pub fn is_utf16(head: &[u8]) -> bool {
    head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || head.iter().take(512).any(|&b| b == 0)
}

/// The error for a UTF-16 (or binary) file.
pub fn utf16(path: &Path) -> Diagnostic {
    Diagnostic::error(path, 0, "this file is UTF-16 text, not UTF-8 (Excel writes UTF-16 when saving as \"Unicode Text\")")
        .expected("UTF-8 text, with or without a BOM")
        .fix("open it and save it again as \"CSV UTF-8\" (Excel) or with UTF-8 encoding; nothing was read from it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_is_recognised() {
        assert!(is_utf16(b"\xFF\xFEi\0d\0"));
        assert!(is_utf16(b"i\0d\0,\0"));
        assert!(!is_utf16("id,名字\n".as_bytes()));
    }
}
