//! Which language to speak (SPEC §6): `--lang`, else `$POINTS_LANG`, else
//! the book's `[scheme] lang`, else the locale (the first set of `LC_ALL`,
//! `LC_MESSAGES`, `LANG`, as POSIX reads them, starting with `zh`), else
//! English.
//!
//! This runs before the command line is parsed, so that clap's help and
//! errors are in the right language: it looks for `--lang` and `--book` in
//! the raw arguments, and reads only `[scheme] lang` of `points.toml`. It
//! never fails on the book: a `points.toml` that cannot be read just has no
//! language here, and loading the book reports it later.

use super::Lang;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// What chose the language, and a `$POINTS_LANG` that names none (a usage
/// error for the caller to report, in the language chosen without it).
#[derive(Debug, PartialEq, Eq)]
pub struct Resolved {
    pub lang: Lang,
    pub bad_env: Option<String>,
}

/// Resolve the language from the arguments (without the program name) and
/// the environment.
pub fn resolve(args: &[OsString]) -> Resolved {
    resolve_with(args, &|k| std::env::var_os(k))
}

/// As [`resolve`], reading the environment through `env` (for tests).
pub fn resolve_with(args: &[OsString], env: &dyn Fn(&str) -> Option<OsString>) -> Resolved {
    let scan = scan_args(args);
    let var = |k: &str| {
        env(k)
            .map(|v| v.to_string_lossy().into_owned())
            .filter(|v| !v.trim().is_empty())
    };
    let mut bad_env = None;
    // `$POINTS_LANG` is read (and a wrong one reported) only when no
    // `--lang` is given: an explicit choice makes it irrelevant.
    let from_env = var("POINTS_LANG")
        .filter(|_| scan.lang.is_none())
        .and_then(|v| {
            let l = Lang::parse(&v);
            if l.is_none() {
                bad_env = Some(v);
            }
            l
        });
    let lang = scan
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .or(from_env)
        .or_else(|| {
            let book = scan
                .book
                .or_else(|| {
                    env("POINTS_BOOK")
                        .filter(|v| !v.is_empty())
                        .map(PathBuf::from)
                })
                .unwrap_or_default();
            book_lang(&book)
        })
        .or_else(|| {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|k| var(k))
                .map(|l| {
                    if l.starts_with("zh") {
                        Lang::Zh
                    } else {
                        Lang::En
                    }
                })
        })
        .unwrap_or(Lang::En);
    Resolved { lang, bad_env }
}

#[derive(Default)]
struct Scan {
    lang: Option<String>,
    book: Option<PathBuf>,
}

/// `--lang X`, `--lang=X`, `--book DIR`, `--book=DIR` anywhere before `--`
/// (global options may stand before or after the command); the last wins,
/// as in clap.
fn scan_args(args: &[OsString]) -> Scan {
    let mut out = Scan::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let Some(s) = a.to_str() else { continue };
        if s == "--" {
            break;
        }
        match s.split_once('=') {
            Some(("--lang", v)) => out.lang = Some(v.to_string()),
            Some(("--book", v)) => out.book = Some(PathBuf::from(v)),
            _ if s == "--lang" => out.lang = it.next().map(|v| v.to_string_lossy().into_owned()),
            _ if s == "--book" => out.book = it.next().map(PathBuf::from),
            _ => {}
        }
    }
    out
}

/// `[scheme] lang` of the book's `points.toml`, if it is there and readable.
pub fn book_lang(book: &Path) -> Option<Lang> {
    #[derive(serde::Deserialize)]
    struct Rules {
        scheme: Option<Scheme>,
    }
    #[derive(serde::Deserialize)]
    struct Scheme {
        lang: Option<String>,
    }
    let text = std::fs::read_to_string(crate::book::as_dir(book).join("points.toml")).ok()?;
    let rules: Rules = toml::from_str(&text).ok()?;
    rules.scheme?.lang.as_deref().and_then(scheme_lang)
}

/// The values `[scheme] lang` may take: exactly `zh` or `en`.
pub fn scheme_lang(s: &str) -> Option<Lang> {
    match s {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}
