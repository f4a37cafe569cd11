//! Compiles the message catalogues `src/i18n/en.toml` and `src/i18n/zh.toml`
//! into Rust (`$OUT_DIR/catalogue.rs`, included by `src/i18n/mod.rs`):
//!
//! - one constant per English key, at a path that mirrors the key
//!   (`balance.title` → `i18n::msg::balance::title`), holding the key's
//!   index and its placeholders: `tr!(balance.tilte)` or a placeholder the
//!   message does not take is a compile error, so a missing message cannot ship;
//! - the texts of both languages as static arrays indexed by key: looking a
//!   message up is an array index, and nothing is parsed at run time.
//!
//! A catalogue that is not valid TOML, a value that is neither a string nor
//! a `{ one, other }` plural, or a malformed placeholder fails the build
//! with the file and key. Keys missing from `zh.toml` fall back to English
//! here; the parity tests in `src/i18n/tests.rs` fail on them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

enum Text {
    Plain(String),
    Plural { one: String, other: String },
}

fn main() {
    println!("cargo:rerun-if-changed=src/i18n/en.toml");
    println!("cargo:rerun-if-changed=src/i18n/zh.toml");
    let en = load("src/i18n/en.toml");
    let zh = load("src/i18n/zh.toml");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("catalogue.rs"), generate(&en, &zh))
        .expect("write catalogue.rs");
}

/// The flattened catalogue: dotted key → text, sorted by key.
fn load(path: &str) -> BTreeMap<String, Text> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table: toml::Table = src.parse().unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = BTreeMap::new();
    flatten(path, "", &table, &mut out);
    for (key, text) in &out {
        let forms: Vec<&String> = match text {
            Text::Plain(s) => vec![s],
            Text::Plural { one, other } => vec![one, other],
        };
        for s in forms {
            if let Err(e) = placeholders(s) {
                panic!("{path}: `{key}`: {e}");
            }
        }
    }
    out
}

fn flatten(path: &str, prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, Text>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        check_segment(path, &key, k);
        match v {
            toml::Value::String(s) => {
                out.insert(key, Text::Plain(s.clone()));
            }
            toml::Value::Table(t) if is_plural(t) => {
                let form = |f: &str| t[f].as_str().unwrap_or_default().to_string();
                out.insert(
                    key,
                    Text::Plural {
                        one: form("one"),
                        other: form("other"),
                    },
                );
            }
            toml::Value::Table(t) => flatten(path, &key, t, out),
            _ => panic!("{path}: `{key}` must be a string, a table of keys, or a plural {{ one = \"…\", other = \"…\" }}"),
        }
    }
}

fn is_plural(t: &toml::Table) -> bool {
    t.len() == 2
        && t.get("one").is_some_and(toml::Value::is_str)
        && t.get("other").is_some_and(toml::Value::is_str)
}

/// Each segment of a key becomes a Rust name: lowercase ASCII, digits and
/// `_`, starting with a letter, and not a Rust keyword.
fn check_segment(path: &str, key: &str, seg: &str) {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
        "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
        "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
        "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
        "use", "virtual", "where", "while", "yield",
    ];
    let ok = seg.starts_with(|c: char| c.is_ascii_lowercase())
        && seg
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok || KEYWORDS.contains(&seg) {
        panic!("{path}: `{key}`: each part of a key is lowercase ASCII letters, digits and _, starts with a letter, and is not a Rust keyword (`{seg}` is not)");
    }
}

/// The placeholders `{name}` of a template; `{{` and `}}` are braces.
fn placeholders(s: &str) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        let after = &rest[i + 1..];
        if rest[i..].starts_with("{{") || rest[i..].starts_with("}}") {
            rest = &rest[i + 2..];
            continue;
        }
        if rest[i..].starts_with('}') {
            return Err("a lone `}`: write `}}` for a brace".into());
        }
        let end = after
            .find('}')
            .ok_or("a `{` without its `}`: write `{{` for a brace")?;
        let name = &after[..end];
        let ok = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(format!(
                "`{{{name}}}` is not a placeholder: names are lowercase ASCII, digits and _ (write `{{{{` for a brace)"
            ));
        }
        out.insert(name.to_string());
        rest = &after[end + 1..];
    }
    Ok(out)
}

fn args_of(t: &Text) -> BTreeSet<String> {
    match t {
        Text::Plain(s) => placeholders(s).unwrap_or_default(),
        Text::Plural { one, other } => {
            let mut a = placeholders(one).unwrap_or_default();
            a.extend(placeholders(other).unwrap_or_default());
            a.insert("n".into());
            a
        }
    }
}

fn lit(t: &Text) -> String {
    match t {
        Text::Plain(s) => format!("Text::Plain({s:?})"),
        Text::Plural { one, other } => format!("Text::Plural {{ one: {one:?}, other: {other:?} }}"),
    }
}

#[derive(Default)]
struct Node {
    consts: Vec<(String, usize, BTreeSet<String>)>,
    mods: BTreeMap<String, Node>,
}

fn generate(en: &BTreeMap<String, Text>, zh: &BTreeMap<String, Text>) -> String {
    let n = en.len();
    let mut s = String::new();
    let _ = writeln!(s, "/// How many messages the catalogues hold.");
    let _ = writeln!(s, "pub const COUNT: usize = {n};");
    let _ = writeln!(s, "/// Every key, sorted (an index is a key's place here).");
    let _ = writeln!(s, "pub static NAMES: [&str; {n}] = [");
    for k in en.keys() {
        let _ = writeln!(s, "    {k:?},");
    }
    let _ = writeln!(s, "];\npub static EN: [Text; {n}] = [");
    for t in en.values() {
        let _ = writeln!(s, "    {},", lit(t));
    }
    let _ = writeln!(s, "];\npub static ZH: [Option<Text>; {n}] = [");
    for k in en.keys() {
        match zh.get(k) {
            Some(t) => {
                let _ = writeln!(s, "    Some({}),", lit(t));
            }
            None => {
                let _ = writeln!(s, "    None,");
            }
        }
    }
    let _ = writeln!(s, "];");
    let _ = writeln!(
        s,
        "/// Every key with its placeholders, in [`NAMES`] order."
    );
    let _ = writeln!(s, "pub static ALL_KEYS: [Key; {n}] = [");
    for (i, t) in en.values().enumerate() {
        let args: Vec<String> = args_of(t).iter().map(|a| format!("{a:?}")).collect();
        let _ = writeln!(s, "    Key::new({i}, &[{}]),", args.join(", "));
    }
    let _ = writeln!(s, "];");
    let mut root = Node::default();
    for (i, (k, t)) in en.iter().enumerate() {
        let mut parts: Vec<&str> = k.split('.').collect();
        let last = parts.pop().unwrap_or_default();
        let mut node = &mut root;
        for p in parts {
            node = node.mods.entry(p.to_string()).or_default();
        }
        node.consts.push((last.to_string(), i, args_of(t)));
    }
    let _ = writeln!(
        s,
        "/// One constant per message, at the path of its key: `msg::balance::title`."
    );
    let _ = writeln!(
        s,
        "#[allow(non_upper_case_globals, dead_code, clippy::all)]\npub mod msg {{"
    );
    write_node(&mut s, &root, 1);
    let _ = writeln!(s, "}}");
    s
}

fn write_node(s: &mut String, node: &Node, depth: usize) {
    let pad = "    ".repeat(depth);
    for (name, i, args) in &node.consts {
        let args: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
        let _ = writeln!(
            s,
            "{pad}pub const {name}: crate::i18n::Key = crate::i18n::Key::new({i}, &[{}]);",
            args.join(", ")
        );
    }
    for (name, child) in &node.mods {
        let _ = writeln!(s, "{pad}pub mod {name} {{");
        write_node(s, child, depth + 1);
        let _ = writeln!(s, "{pad}}}");
    }
}
