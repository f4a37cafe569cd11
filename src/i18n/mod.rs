//! The words: every sentence `points` says to a person, in Chinese and in
//! English, and the one place that renders them in the chosen language.
//!
//! Messages live in two catalogues, `src/i18n/en.toml` and `src/i18n/zh.toml`
//! (one key, one whole sentence with named placeholders). `build.rs` compiles
//! them into static tables and into one constant per key, so code names a
//! message by its key and a typo is a compile error:
//!
//! ```ignore
//! let title = tr!(balance.title_until, scheme = book.rules.scheme.name, date = i18n::date(d));
//! ```
//!
//! The language is chosen once, at start ([`resolve`], SPEC §6), and held
//! process-wide ([`set`], [`lang`]): deep code never passes it around.
//! Grammar that is not a message (lists, dates and periods in prose, plural
//! choice) is here too. How to add a message: `docs/i18n.md`.

pub mod cli;
pub mod resolve;
#[cfg(test)]
mod tests;

pub use resolve::resolve;

use std::fmt::{self, Display, Write as _};
use std::sync::OnceLock;

/// A message's text in one language: a sentence, or (English) a plural
/// chosen by the placeholder `n`.
#[derive(Clone, Copy, Debug)]
pub enum Text {
    Plain(&'static str),
    Plural {
        one: &'static str,
        other: &'static str,
    },
}

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A message of the catalogues: where its texts are, and the placeholders
/// it takes (checked by [`tr!`](crate::tr) when the program is compiled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    index: u16,
    args: &'static [&'static str],
}

impl Key {
    #[doc(hidden)]
    pub const fn new(index: u16, args: &'static [&'static str]) -> Key {
        Key { index, args }
    }

    /// The key as the catalogues write it, e.g. `balance.title`.
    pub fn name(self) -> &'static str {
        NAMES[usize::from(self.index)]
    }

    /// The placeholders the message takes, sorted.
    pub fn args(self) -> &'static [&'static str] {
        self.args
    }

    /// Whether `given` names exactly the placeholders of the message (each
    /// once). Used at compile time by [`tr!`](crate::tr).
    pub const fn takes(self, given: &[&str]) -> bool {
        if given.len() != self.args.len() {
            return false;
        }
        let mut i = 0;
        while i < given.len() {
            let mut found = false;
            let mut j = 0;
            while j < self.args.len() {
                if str_eq(given[i], self.args[j]) {
                    found = true;
                }
                j += 1;
            }
            let mut k = 0;
            while k < i {
                if str_eq(given[i], given[k]) {
                    return false;
                }
                k += 1;
            }
            if !found {
                return false;
            }
            i += 1;
        }
        true
    }
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Render a message in the chosen language:
/// `tr!(balance.title_until, scheme = name, date = i18n::date(d))`.
///
/// The key is written as in the catalogues; each placeholder is `name =
/// value` (any `Display`). A key that is not in `en.toml`, or placeholders
/// other than the message's, do not compile.
#[macro_export]
macro_rules! tr {
    ($($seg:ident).+ $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::tr_in!($crate::i18n::lang(), $($seg).+ $(, $name = $value)*)
    };
}

/// As [`tr!`], in the language given first (e.g. English for values that
/// programs read, whatever the language of the tables).
#[macro_export]
macro_rules! tr_in {
    ($lang:expr, $($seg:ident).+ $(, $name:ident = $value:expr)* $(,)?) => {{
        const KEY: $crate::i18n::Key = $crate::i18n::msg::$($seg)::+;
        const _: () = assert!(
            KEY.takes(&[$(stringify!($name)),*]),
            concat!(
                "tr!(", stringify!($($seg).+),
                "): give exactly the placeholders the message has in src/i18n/en.toml"
            )
        );
        $crate::i18n::t_in($lang, KEY, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    }};
}

/// A language `points` speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// `zh`, `en`, or a locale-like tag of them (`zh_CN.UTF-8`, `en-US`),
    /// case aside; anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let lang = s.split(['_', '-', '.', '@']).next().unwrap_or_default();
        match lang {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Choose the language for the rest of the process (the first call wins).
pub fn set(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The chosen language (English until one is set).
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or(Lang::En)
}

/// The text of a key in `lang`, without falling back to the other language.
pub fn text_of(lang: Lang, key: Key) -> Option<Text> {
    let i = usize::from(key.index);
    match lang {
        Lang::En => Some(EN[i]),
        Lang::Zh => ZH[i],
    }
}

/// The key named `name` (e.g. `help.add.about`), for keys built at run time.
pub fn key(name: &str) -> Option<Key> {
    let i = NAMES.binary_search(&name).ok()?;
    Some(ALL_KEYS[i])
}

/// Render `key` in the chosen language with `args`; [`tr!`](crate::tr) is the
/// checked way to call it.
pub fn t(key: Key, args: &[(&str, &dyn Display)]) -> String {
    t_in(lang(), key, args)
}

/// Render `key` in `lang` (Chinese missing a key falls back to English;
/// the parity tests make sure none is missing).
pub fn t_in(lang: Lang, key: Key, args: &[(&str, &dyn Display)]) -> String {
    let text = text_of(lang, key).unwrap_or(EN[usize::from(key.index)]);
    let template = match text {
        Text::Plain(s) => s,
        Text::Plural { one, other } => {
            let n = args
                .iter()
                .find(|(name, _)| *name == "n")
                .map(|(_, v)| v.to_string());
            if n.as_deref().is_some_and(is_one) {
                one
            } else {
                other
            }
        }
    };
    fill(template, args)
}

/// English's "one": the number 1 as written (CLDR: i = 1 and no decimals).
fn is_one(n: &str) -> bool {
    n.trim_start_matches('-') == "1"
}

/// Put the arguments into a template's `{name}`s; `{{` and `}}` are braces.
/// A placeholder without its argument stays as written (the catalogues are
/// checked at build time, and [`tr!`](crate::tr) at compile time).
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        match (tail.starts_with('{'), tail.find('}')) {
            (true, Some(end)) => {
                let name = &tail[1..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => {
                        let _ = write!(out, "{v}");
                    }
                    None => out.push_str(&tail[..=end]),
                }
                rest = &tail[end + 1..];
            }
            _ => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// "a, b and c" / "a、b和c": a list in prose, its last two joined by "and".
pub fn list_and<S: AsRef<str>>(items: &[S]) -> String {
    list(
        items,
        msg::common::list::and_middle,
        msg::common::list::and_end,
    )
}

/// "a, b or c" / "a、b或c": a list of alternatives in prose.
pub fn list_or<S: AsRef<str>>(items: &[S]) -> String {
    list(
        items,
        msg::common::list::or_middle,
        msg::common::list::or_end,
    )
}

/// "a, b, c" / "a、b、c": a list of ids or values, joined without "and".
pub fn list_plain<S: AsRef<str>>(items: &[S]) -> String {
    let k = msg::common::list::and_middle;
    list(items, k, k)
}

fn list<S: AsRef<str>>(items: &[S], middle: Key, end: Key) -> String {
    let join = |k: Key, a: &str, b: &str| t(k, &[("a", &a), ("b", &b)]);
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., y, z] => init
            .iter()
            .rev()
            .fold(join(end, y.as_ref(), z.as_ref()), |acc, x| {
                join(middle, x.as_ref(), &acc)
            }),
    }
}

/// A date in prose: `2026-11-24` / `2026年11月24日` (tables keep ISO dates).
pub fn date(d: chrono::NaiveDate) -> Prose {
    Prose::Date(d)
}

/// A period in prose: `2026H1` / `2026年上半年`, `2026Q3` / `2026年第三季度`,
/// `2026-03` / `2026年3月`, `2026` / `2026年`.
pub fn period(p: &crate::model::Period) -> Prose {
    Prose::Period(p.clone())
}

/// A date or period, shown in the chosen language's way when displayed.
#[derive(Clone, Debug)]
pub enum Prose {
    Date(chrono::NaiveDate),
    Period(crate::model::Period),
}

impl Prose {
    /// The date or period as `lang` writes it in a sentence.
    pub fn in_lang(&self, lang: Lang) -> String {
        use crate::model::PeriodKind as K;
        use chrono::Datelike;
        let zh_date = |d: chrono::NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
        let all = || t_in(lang, msg::common::period::all, &[]);
        match (self, lang) {
            (Prose::Date(d), Lang::Zh) => zh_date(*d),
            (Prose::Date(d), Lang::En) => d.to_string(),
            (Prose::Period(p), Lang::En) => match p.kind {
                K::All => all(),
                _ => p.label.clone(),
            },
            (Prose::Period(p), Lang::Zh) => {
                let (Some(start), Some(end)) = (p.start, p.end) else {
                    return all();
                };
                let y = start.year();
                match p.kind {
                    K::All => all(),
                    K::Year => format!("{y}年"),
                    K::HalfYear if start.month() == 1 => format!("{y}年上半年"),
                    K::HalfYear => format!("{y}年下半年"),
                    K::Quarter => {
                        let q = ["一", "二", "三", "四"][(start.month0() / 3) as usize % 4];
                        format!("{y}年第{q}季度")
                    }
                    K::Month => format!("{y}年{}月", start.month()),
                    K::Range => format!("{}至{}", zh_date(start), zh_date(end)),
                }
            }
        }
    }
}

impl Display for Prose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(lang()))
    }
}
