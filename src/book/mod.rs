//! Loading a book: the folder with `points.toml`, `people.csv` and
//! `ledger/*.csv` (SPEC §2). Rules and roster are read whole and validated;
//! ledgers are streamed row by row (see [`ledger`]).

pub mod append;
pub mod csvread;
pub mod diag;
pub mod ledger;
pub mod lock;
pub mod lookup;
pub mod roster;
pub mod rules;
pub mod source;

use crate::tr;
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
            return Err(vec![
                Diagnostic::error(root, 0, tr!(book.no_folder)).fix(tr!(book.no_folder_fix))
            ]);
        }
        let rules = Rules::load(&root.join(RULES_FILE))?;
        let roster = Roster::load(&root.join(PEOPLE_FILE), &rules)?;
        let (ledgers, problems) = ledger_files(root).map_err(|d| vec![d])?;
        if !problems.is_empty() {
            return Err(problems);
        }
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
        let ledgers = match ledger_files(root) {
            Ok((l, problems)) => {
                // The other ledgers are still checked.
                diags.extend(problems);
                l
            }
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

    /// The ledger that writes go to (SPEC §4): `--ledger NAME`; else
    /// `ledger/<year>.csv` when the ledgers are named by year (or there are
    /// none); else the last in name order.
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
            None => match self.ledgers.last() {
                Some(last) if !named_by_year(&self.ledgers) => last.clone(),
                _ => dir.join(format!("{year:04}.csv")),
            },
        }
    }
}

/// Whether every ledger file is named by a year (`2025.csv`, `2026.csv`):
/// then each row goes to the file of its date's year.
pub fn named_by_year(ledgers: &[PathBuf]) -> bool {
    ledgers.iter().all(|l| {
        l.file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".csv"))
            .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
    })
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

/// The `*.csv` files of `ledger/`, sorted by name; the first problem of
/// [`ledger_files`] is the error.
pub fn list_ledgers(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let (files, mut problems) = ledger_files(root)?;
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems.swap_remove(0))
    }
}

/// The ledger files of `ledger/` (readable regular files, or links to one,
/// named `*.csv`), sorted by name, and a problem for every other entry
/// there: nothing is left out silently (SPEC §5). Names starting with a dot
/// are ignored (`.DS_Store`, an editor's `.2026.csv.swp`). A missing folder
/// is an empty list; a folder that cannot be read is the error.
pub fn ledger_files(root: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Diagnostic> {
    if let Some(ledgers) = source::ledgers() {
        return Ok((ledgers, Vec::new()));
    }
    let dir = root.join(LEDGER_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir.symlink_metadata().is_err() => {
            return Ok((Vec::new(), Vec::new()))
        }
        Err(e) => {
            return Err(Diagnostic::error(
                &dir,
                0,
                tr!(book.ledger_dir_unreadable, error = io_reason(&e)),
            )
            .fix(tr!(book.ledger_dir_unreadable_fix)))
        }
    };
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::error(
                    &dir,
                    0,
                    tr!(book.ledger_dir_unreadable, error = io_reason(&e)),
                ));
                continue;
            }
        };
        if entry.file_name().as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        let path = entry.path();
        match ledger_entry(&path) {
            Ok(()) => files.push(path),
            Err(d) => problems.push(d),
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, problems))
}

/// Whether an entry of the ledger folder (not dot-named) is a ledger file
/// that can be read, or what it is instead.
fn ledger_entry(path: &Path) -> Result<(), Diagnostic> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
            let d = if link && e.kind() == std::io::ErrorKind::NotFound {
                let to = std::fs::read_link(path).unwrap_or_default();
                Diagnostic::error(path, 0, tr!(book.dangling_link, target = to.display()))
                    .fix(tr!(book.dangling_link_fix))
            } else {
                Diagnostic::error(path, 0, tr!(book.entry_unreadable, error = io_reason(&e)))
                    .fix(tr!(book.entry_unreadable_fix))
            };
            return Err(d);
        }
    };
    let csv = path.extension().is_some_and(|x| x == "csv");
    let what = if meta.is_dir() {
        tr!(book.folder_in_ledgers)
    } else if !meta.is_file() {
        tr!(book.not_regular)
    } else if !csv {
        tr!(book.not_csv)
    } else {
        return match std::fs::File::open(path) {
            Ok(_) => Ok(()),
            Err(e) => {
                Err(
                    Diagnostic::error(path, 0, tr!(book.ledger_unreadable, error = io_reason(&e)))
                        .fix(tr!(book.ledger_unreadable_fix)),
                )
            }
        };
    };
    let fix = if meta.is_file() {
        tr!(book.not_csv_fix)
    } else {
        tr!(book.not_a_file_fix)
    };
    Err(Diagnostic::error(path, 0, what).fix(fix))
}

/// A file that could not be opened.
pub fn missing_file(path: &Path, e: &std::io::Error) -> Diagnostic {
    if e.kind() == std::io::ErrorKind::NotFound {
        Diagnostic::error(path, 0, tr!(book.missing_file)).fix(tr!(book.missing_file_fix))
    } else {
        Diagnostic::error(path, 0, tr!(book.file_unreadable, error = io_reason(e)))
    }
}

/// Why a file could not be read or written, as the system says it (with a
/// word in the chosen language around it where that is not English).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => tr!(book.io_denied, os = e),
        std::io::ErrorKind::NotFound => tr!(book.io_not_found, os = e),
        _ => tr!(book.io_other, os = e),
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
    Diagnostic::error(path, line, tr!(book.not_utf8))
        .expected(tr!(book.utf8_expected))
        .fix(tr!(book.utf8_fix))
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
    Diagnostic::error(path, 0, tr!(book.utf16))
        .expected(tr!(book.utf8_expected))
        .fix(tr!(book.utf8_fix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ledgers_named_by_year() {
        let named =
            |names: &[&str]| named_by_year(&names.iter().map(PathBuf::from).collect::<Vec<_>>());
        assert!(named(&[]));
        assert!(named(&["ledger/2025.csv", "ledger/2026.csv"]));
        assert!(!named(&["ledger/2026.csv", "ledger/extra.csv"]));
        assert!(!named(&["ledger/2026b.csv"]));
        assert!(!named(&["ledger/226.csv"]));
        assert!(!named(&["ledger/２０２６.csv"]));
    }

    #[test]
    fn utf16_is_recognised() {
        assert!(is_utf16(b"\xFF\xFEi\0d\0"));
        assert!(is_utf16(b"i\0d\0,\0"));
        assert!(!is_utf16("id,名字\n".as_bytes()));
    }
}
