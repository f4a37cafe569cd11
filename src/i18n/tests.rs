//! The catalogues are complete and agree (SPEC §6): the same keys in both
//! languages, the same placeholders in each pair, no empty message, English
//! without Chinese (but for a few listed help texts that show the demo
//! book's names), Chinese that is Chinese; every command and argument has
//! its help in both; and the rendering helpers.

use super::*;
use std::collections::{BTreeMap, BTreeSet};

const EN_SRC: &str = include_str!("en.toml");
const ZH_SRC: &str = include_str!("zh.toml");

/// Keys whose English may hold Chinese: examples that use the demo book's
/// names (朱志强, 化肥厂小区), and texts naming a Chinese scheme's terms.
fn cjk_allowed_in_en(key: &str) -> bool {
    key == "help.about"
        || key == "help.evaluate.about"
        || key == "help.examples"
        || (key.starts_with("help.") && key.ends_with(".examples"))
}

#[derive(Debug)]
enum Entry {
    Plain(String),
    Plural(String, String),
}

fn flatten(prefix: &str, t: &toml::Table, out: &mut BTreeMap<String, Entry>) {
    for (k, v) in t {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, Entry::Plain(s.clone()));
            }
            toml::Value::Table(t)
                if t.len() == 2 && t.contains_key("one") && t.contains_key("other") =>
            {
                let f = |n: &str| t[n].as_str().unwrap().to_string();
                out.insert(key, Entry::Plural(f("one"), f("other")));
            }
            toml::Value::Table(t) => flatten(&key, t, out),
            v => panic!("{key}: {v:?} is neither a message nor a table"),
        }
    }
}

fn catalogue(src: &str) -> BTreeMap<String, Entry> {
    let mut out = BTreeMap::new();
    flatten("", &src.parse::<toml::Table>().unwrap(), &mut out);
    out
}

fn placeholders(s: &str) -> BTreeSet<String> {
    let s = s.replace("{{", "").replace("}}", "");
    s.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
        .collect()
}

fn args(e: &Entry) -> BTreeSet<String> {
    match e {
        Entry::Plain(s) => placeholders(s),
        Entry::Plural(one, other) => {
            let mut a = placeholders(one);
            a.extend(placeholders(other));
            a.insert("n".into());
            a
        }
    }
}

fn texts(e: &Entry) -> Vec<&str> {
    match e {
        Entry::Plain(s) => vec![s],
        Entry::Plural(a, b) => vec![a, b],
    }
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
    })
}

#[test]
fn both_catalogues_have_the_same_keys() {
    let (en, zh) = (catalogue(EN_SRC), catalogue(ZH_SRC));
    let only_en: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(
        only_en.is_empty() && only_zh.is_empty(),
        "messages in one language only:\n  missing from zh.toml: {only_en:?}\n  missing from en.toml: {only_zh:?}"
    );
}

#[test]
fn each_message_takes_the_same_placeholders_in_both() {
    let (en, zh) = (catalogue(EN_SRC), catalogue(ZH_SRC));
    let mut bad = Vec::new();
    for (k, e) in &en {
        if let Some(z) = zh.get(k) {
            if args(e) != args(z) {
                bad.push(format!("{k}: en {:?}, zh {:?}", args(e), args(z)));
            }
        }
    }
    assert!(bad.is_empty(), "placeholders differ:\n{}", bad.join("\n"));
}

#[test]
fn chinese_has_no_plurals_and_no_message_is_empty() {
    for (k, z) in catalogue(ZH_SRC) {
        assert!(
            matches!(z, Entry::Plain(_)),
            "zh.toml `{k}`: Chinese has no plural forms: write one sentence with {{n}}"
        );
    }
    for (lang, src) in [("en", EN_SRC), ("zh", ZH_SRC)] {
        for (k, e) in catalogue(src) {
            for s in texts(&e) {
                assert!(!s.trim().is_empty(), "{lang}.toml `{k}` is empty");
            }
        }
    }
}

#[test]
fn english_is_english_and_chinese_is_chinese() {
    for (k, e) in catalogue(EN_SRC) {
        if !cjk_allowed_in_en(&k) {
            for s in texts(&e) {
                assert!(!has_cjk(s), "en.toml `{k}` holds Chinese: {s:?}");
            }
        }
    }
    for (k, e) in catalogue(ZH_SRC) {
        for s in texts(&e) {
            assert!(has_cjk(s), "zh.toml `{k}` is not Chinese: {s:?}");
        }
    }
}

#[test]
fn the_build_saw_every_key() {
    let en = catalogue(EN_SRC);
    assert_eq!(NAMES.len(), en.len());
    for (name, (k, e)) in NAMES.iter().zip(&en) {
        assert_eq!(name, k);
        let key = key(name).unwrap();
        assert_eq!(key.name(), *name);
        let want: Vec<String> = args(e).into_iter().collect();
        assert_eq!(
            key.args(),
            want.iter().map(String::as_str).collect::<Vec<_>>()
        );
    }
}

/// Every command and every argument has its help in both languages, and
/// every `help.*` key belongs to a command or argument that exists.
#[test]
fn every_command_and_argument_has_help_in_both_languages() {
    use clap::CommandFactory;
    let mut used: BTreeSet<String> = [
        "help.heading.usage",
        "help.heading.commands",
        "help.heading.command_value",
        "help.heading.arguments",
        "help.heading.options",
        "help.heading.options_value",
        "help.heading.after",
        "help.common.default",
        "help.common.possible",
        "help.help.about",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let mut missing = Vec::new();
    fn walk(
        cmd: &clap::Command,
        path: &mut Vec<String>,
        used: &mut BTreeSet<String>,
        missing: &mut Vec<String>,
    ) {
        let p: Vec<&str> = path.iter().map(String::as_str).collect();
        let pre = cli::prefix(&p);
        let mut need = |k: String, used: &mut BTreeSet<String>| {
            for l in Lang::ALL {
                if !cli::has_text(l, &k) {
                    missing.push(format!("{k} ({})", l.code()));
                }
            }
            used.insert(k);
        };
        need(format!("{pre}.about"), used);
        need(format!("{pre}.examples"), used);
        let mut ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        if path.is_empty() {
            ids.extend(["help".to_string(), "version".to_string()]);
        }
        // Every value name that is a word (`<ITEM>`, not `<N>` or `<A,B,…>`)
        // in both languages.
        for a in cmd
            .get_arguments()
            .filter(|a| a.get_action().takes_values())
        {
            for n in a.get_value_names().unwrap_or_default() {
                if n.len() >= 2 && n.chars().all(|c| c.is_ascii_alphabetic()) {
                    let keys = cli::value_keys(n);
                    let k = keys.iter().find(|k| key(k).is_some());
                    need(k.unwrap_or(&keys[0]).clone(), used);
                }
            }
        }
        for id in ids {
            let keys = cli::arg_keys(&p, &id);
            let k = keys
                .iter()
                .find(|k| key(k).is_some())
                .cloned()
                .unwrap_or_else(|| keys[0].clone());
            need(k, used);
        }
        for s in cmd.get_subcommands() {
            path.push(s.get_name().trim_start_matches('_').to_string()); // `__complete` → `complete`
            walk(s, path, used, missing);
            path.pop();
        }
    }
    walk(
        &crate::Cli::command(),
        &mut Vec::new(),
        &mut used,
        &mut missing,
    );
    assert!(
        missing.is_empty(),
        "help texts missing from the catalogues:\n  {}",
        missing.join("\n  ")
    );
    let orphans: Vec<&&str> = NAMES
        .iter()
        .filter(|n| n.starts_with("help.") && !used.contains(**n))
        .collect();
    assert!(
        orphans.is_empty(),
        "help texts for no command or argument: {orphans:?}"
    );
}

#[test]
fn fill_and_plurals() {
    let k = msg::common::count::rows;
    assert_eq!(t_in(Lang::En, k, &[("n", &1)]), "1 row");
    assert_eq!(t_in(Lang::En, k, &[("n", &2)]), "2 rows");
    assert_eq!(t_in(Lang::En, k, &[("n", &0)]), "0 rows");
    assert_eq!(t_in(Lang::Zh, k, &[("n", &2)]), "2 条记录");
    assert_eq!(fill("{{a}} {a} {b}", &[("a", &"x")]), "{a} x {b}");
    assert_eq!(fill("lone } and {", &[]), "lone } and {");
}

#[test]
fn takes_checks_the_placeholders() {
    let k = msg::balance::title_until;
    assert!(k.takes(&["scheme", "date"]));
    assert!(k.takes(&["date", "scheme"]));
    assert!(!k.takes(&["scheme"]));
    assert!(!k.takes(&["scheme", "scheme"]));
    assert!(!k.takes(&["scheme", "day"]));
}

#[test]
fn lists_dates_and_periods() {
    // The process's language is English in unit tests (nothing sets it).
    assert_eq!(list_and(&["a"]), "a");
    assert_eq!(list_and(&["a", "b"]), "a and b");
    assert_eq!(list_and(&["a", "b", "c"]), "a, b and c");
    assert_eq!(list_or(&["a", "b", "c"]), "a, b or c");
    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    assert_eq!(date(d).to_string(), "2026-11-24");
    let p = crate::model::Period::parse("2026H1").unwrap();
    assert_eq!(period(&p).to_string(), "2026H1");
    let zh = |a: &str, b: &str| {
        t_in(
            Lang::Zh,
            msg::common::list::and_end,
            &[("a", &a), ("b", &b)],
        )
    };
    assert_eq!(zh("a", "b"), "a和b");
}

#[test]
fn chinese_prose_dates_and_periods() {
    use crate::model::Period;
    let zh = |p: &str| Prose::Period(Period::parse(p).unwrap()).in_lang(Lang::Zh);
    assert_eq!(zh("2026"), "2026年");
    assert_eq!(zh("2026H1"), "2026年上半年");
    assert_eq!(zh("2026H2"), "2026年下半年");
    assert_eq!(zh("2026Q3"), "2026年第三季度");
    assert_eq!(zh("2026-03"), "2026年3月");
    assert_eq!(zh("2026-03-01..2026-05-31"), "2026年3月1日至2026年5月31日");
    assert_eq!(zh("all"), "全部时间");
    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 4).unwrap();
    assert_eq!(Prose::Date(d).in_lang(Lang::Zh), "2026年11月4日");
}

#[test]
fn language_precedence() {
    use resolve::{resolve_with, Resolved};
    use std::ffi::OsString;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("points.toml"),
        "[scheme]\nname = \"x\"\nlang = \"zh\"\n",
    )
    .unwrap();
    let book = dir.path().to_str().unwrap().to_string();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        resolve_with(&args, &|k| {
            env.iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| OsString::from(v))
        })
    };
    let r = |lang, bad: Option<&str>| Resolved {
        lang,
        bad_env: bad.map(String::from),
    };
    // Nothing set: English.
    assert_eq!(run(&["balance"], &[]), r(Lang::En, None));
    // The locale, POSIX order: the first set of LC_ALL, LC_MESSAGES, LANG.
    assert_eq!(run(&[], &[("LANG", "zh_CN.UTF-8")]), r(Lang::Zh, None));
    assert_eq!(
        run(&[], &[("LC_ALL", "C.UTF-8"), ("LANG", "zh_CN.UTF-8")]),
        r(Lang::En, None)
    );
    assert_eq!(
        run(&[], &[("LC_MESSAGES", "zh_TW"), ("LANG", "en_US")]),
        r(Lang::Zh, None)
    );
    // The book's lang beats the locale; --book anywhere, or POINTS_BOOK.
    let en_locale = ("LC_ALL", "en_US.UTF-8");
    assert_eq!(
        run(&["balance", "--book", &book], &[en_locale]),
        r(Lang::Zh, None)
    );
    assert_eq!(
        run(&[&format!("--book={book}"), "balance"], &[en_locale]),
        r(Lang::Zh, None)
    );
    assert_eq!(
        run(&["balance"], &[en_locale, ("POINTS_BOOK", &book)]),
        r(Lang::Zh, None)
    );
    // POINTS_LANG beats the book; --lang beats everything.
    assert_eq!(
        run(&["--book", &book], &[("POINTS_LANG", "en")]),
        r(Lang::En, None)
    );
    assert_eq!(
        run(&["--book", &book, "--lang", "en"], &[("POINTS_LANG", "zh")]),
        r(Lang::En, None)
    );
    assert_eq!(run(&["balance", "--lang=zh"], &[]), r(Lang::Zh, None));
    // A POINTS_LANG that names no language is reported, unless --lang decides.
    assert_eq!(
        run(&["balance"], &[("POINTS_LANG", "fr")]),
        r(Lang::En, Some("fr"))
    );
    assert_eq!(
        run(&["--lang", "zh"], &[("POINTS_LANG", "fr")]),
        r(Lang::Zh, None)
    );
    // After `--`, nothing is an option.
    assert_eq!(run(&["--", "--lang", "zh"], &[]), r(Lang::En, None));
    // A broken points.toml has no language here (loading reports it later).
    std::fs::write(dir.path().join("points.toml"), "[scheme\nlang = \"zh\"").unwrap();
    assert_eq!(run(&["--book", &book], &[en_locale]), r(Lang::En, None));
}
