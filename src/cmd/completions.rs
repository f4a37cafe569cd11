//! `points completions SHELL`: a completion script, and the hidden
//! `points __complete -- WORDS…` that the bash, zsh and fish scripts call to
//! complete the book's ids and names (items, people, rewards, evaluations,
//! roles) where the command line takes one.
//!
//! The scripts are clap_complete's static ones (commands, options, values of
//! enumerations) with a small hook added: clap_complete's dynamic engine
//! (`CompleteEnv`) is still behind its `unstable-dynamic` feature. The hook
//! hands the words typed so far to `__complete`, which finds out from the
//! command's own definition what the last word is (a PERSON, an ITEM, …),
//! so that each shell's part stays a few lines and knows no command.

use crate::book::lookup::score;
use crate::book::Book;
use crate::cmd::{Ctx, Fail, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;
use std::path::PathBuf;

// Help texts: `help.completions.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(value_enum)]
    pub shell: Shell,
}

// Help texts: `help.complete.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Hook {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
    pub words: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    // The command line as a person sees it: clap_complete would offer
    // hidden subcommands (`__complete`) too.
    let all = crate::i18n::cli::localize(crate::Cli::command());
    let name = "points";
    // The localized tree brings its own help and version flags and `help`
    // command (in the chosen language): clap must not add its own again.
    let mut cmd = clap::Command::new(name)
        .version(env!("CARGO_PKG_VERSION"))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .about(all.get_about().cloned().unwrap_or_default())
        .args(all.get_arguments().cloned())
        .subcommands(
            all.get_subcommands()
                .filter(|s| !s.is_hide_set() && s.get_name() != "help")
                .cloned(),
        )
        // `help COMMAND`, for the visible commands only.
        .subcommand(
            clap::Command::new("help")
                .about(
                    all.find_subcommand("help")
                        .and_then(|h| h.get_about().cloned())
                        .unwrap_or_default(),
                )
                .subcommands(
                    all.get_subcommands()
                        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
                        .map(|s| clap::Command::new(s.get_name().to_string())),
                ),
        );
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, name, &mut script);
    let script = String::from_utf8(script)
        .map_err(|e| Fail::Refused(crate::tr!(completions.not_utf8, error = e)))?;
    let script = match args.shell {
        Shell::Bash => format!("{script}{}", BASH.replace("NAME", name)),
        Shell::Zsh => zsh(&script, name),
        Shell::Fish => format!("{script}{}", FISH.replace("NAME", name)),
        _ => script,
    };
    ctx.out.write_all(script.as_bytes())?;
    Ok(())
}

const BASH: &str = r#"
# The book's ids and names, from `NAME __complete`; else the completion above.
_NAME_book() {
    local found line
    if found=$("$1" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null); then
        COMPREPLY=()
        if [[ -n "$found" ]]; then
            while IFS= read -r line; do COMPREPLY+=("$line"); done <<< "$found"
        fi
        return 0
    fi
    _NAME "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _NAME_book -o nosort -o bashdefault -o default NAME
else
    complete -F _NAME_book -o bashdefault -o default NAME
fi
"#;

const ZSH: &str = r#"
# The book's ids and names, from `NAME __complete`; else the completion above.
_NAME() {
    local out
    if out=$(${words[1]} __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null); then
        local -a found
        found=(${(f)out})
        compadd -U -Q -- $found
        return
    fi
    _NAME_static "$@"
}
"#;

/// zsh: the generated `_points` becomes `_points_static`, called by a
/// `_points` that asks `__complete` first (so it also works from $fpath).
fn zsh(script: &str, name: &str) -> String {
    let script = script.replacen(
        &format!("\n_{name}() {{"),
        &format!("\n_{name}_static() {{"),
        1,
    );
    let tail = format!("\nif [ \"$funcstack[1]\" = \"_{name}\" ]; then");
    let hook = ZSH.replace("NAME", name);
    match script.rfind(&tail) {
        Some(i) => format!("{}{hook}{}", &script[..i], &script[i..]),
        None => format!("{script}{hook}"),
    }
}

const FISH: &str = r#"
# The book's ids and names, from `NAME __complete`.
function __NAME_book
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    $words[1] __complete -- $words[2..-1] "$cur" 2>/dev/null
end
complete -c NAME -n '__NAME_book >/dev/null' -f -a '(__NAME_book)'
complete -c NAME -n '__NAME_book >/dev/null' -l people -x -a '(__NAME_book)'
complete -c NAME -n '__NAME_book >/dev/null' -l role -x -a '(__NAME_book)'
"#;

// ------------------------------------------------------------ __complete

/// What a word of the command line names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Item,
    Person,
    /// `--people A,B`: people separated by commas.
    People,
    Reward,
    Eval,
    Role,
}

/// The kind of the argument `arg` (a clap id) of command `sub`, if it names
/// something of the book.
fn kind(sub: &str, arg: &str) -> Option<Kind> {
    Some(match (sub, arg) {
        ("add", "item") => Kind::Item,
        ("add", "people") => Kind::People,
        ("redeem" | "show", "person") => Kind::Person,
        ("redeem", "reward") => Kind::Reward,
        ("evaluate", "eval") => Kind::Eval,
        (_, "role") => Kind::Role,
        _ => return None,
    })
}

/// The book and the kind of the last word, read from the words before it.
struct Place {
    book: Option<PathBuf>,
    kind: Kind,
    /// What the candidates start with (`--people=`, `朱志强,`).
    head: String,
    /// The part of the last word to complete.
    prefix: String,
}

/// Where the last of `words` stands; `None` where no book value goes.
fn place(words: &[String]) -> Option<Place> {
    let root = crate::Cli::command();
    let (last, before) = match words.split_last() {
        Some((l, b)) => (l.clone(), b),
        None => (String::new(), &[][..]),
    };
    let mut book = None;
    let mut sub: Option<&clap::Command> = None;
    let mut positional = 0;
    // An option waiting for its value: (its id, whether it is --book).
    let mut pending: Option<String> = None;
    // Options of the command so far and the global ones.
    let long = |sub: Option<&clap::Command>, name: &str| -> Option<(String, bool)> {
        sub.into_iter()
            .flat_map(|s| s.get_arguments())
            .chain(root.get_arguments())
            .find(|a| a.get_long() == Some(name))
            .map(|a| (a.get_id().to_string(), a.get_action().takes_values()))
    };
    for w in before {
        if let Some(id) = pending.take() {
            // bash splits `--people=zw` into `--people`, `=`, `zw`.
            if w == "=" {
                pending = Some(id);
            } else if id == "book" {
                book = Some(PathBuf::from(w));
            }
            continue;
        }
        if let Some(opt) = w.strip_prefix("--") {
            match opt.split_once('=') {
                Some(("book", dir)) => book = Some(PathBuf::from(dir)),
                Some(_) => {}
                None => {
                    if let Some((id, true)) = long(sub, opt) {
                        pending = Some(id);
                    }
                }
            }
        } else if w.starts_with('-') && w.len() > 1 {
            // -h, -V: no values.
        } else if sub.is_some() {
            positional += 1;
        } else {
            sub = Some(root.find_subcommand(w)?);
        }
    }
    let sub = sub?;
    let (arg, head, prefix) = if let Some(id) = pending {
        (id, String::new(), last)
    } else if let Some((opt, value)) = last.strip_prefix("--").and_then(|o| o.split_once('=')) {
        let (id, _) = long(Some(sub), opt)?;
        (id, format!("--{opt}="), value.to_string())
    } else if last.starts_with('-') {
        return None;
    } else {
        let arg = sub.get_positionals().nth(positional)?;
        (arg.get_id().to_string(), String::new(), last)
    };
    let kind = kind(sub.get_name(), &arg)?;
    let (head, prefix) = if kind == Kind::People {
        match prefix.rfind([',', '，', '、']) {
            Some(i) => {
                let c = prefix[i..].chars().next().map_or(1, char::len_utf8);
                (
                    format!("{head}{}", &prefix[..i + c]),
                    prefix[i + c..].to_string(),
                )
            }
            None => (head, prefix),
        }
    } else {
        (head, prefix)
    };
    Some(Place {
        book,
        kind,
        head,
        prefix,
    })
}

/// The candidates for `prefix`: ids and names it begins (or whose pinyin it
/// begins); a name shared by several is offered as their ids.
fn candidates(book: &Book, kind: Kind, prefix: &str) -> Vec<String> {
    let entries: Vec<(&str, &str)> = match kind {
        Kind::Item => book
            .rules
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str()))
            .collect(),
        Kind::Person | Kind::People => book
            .roster
            .people
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect(),
        Kind::Reward => book
            .rules
            .rewards
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str()))
            .collect(),
        Kind::Eval => book
            .rules
            .evaluations
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect(),
        Kind::Role => book
            .rules
            .roles
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str()))
            .collect(),
    };
    let shared = |name: &str| entries.iter().filter(|e| e.1 == name).count() > 1;
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    let lower = prefix.to_lowercase();
    for &(id, _) in &entries {
        if id.to_lowercase().starts_with(&lower) {
            push(id);
        }
    }
    for &(id, name) in &entries {
        // Names it begins, or whose pinyin it begins (`zw` → 张伟).
        if prefix.is_empty() || score(prefix, "", name).is_some_and(|s| s >= 2) {
            push(if shared(name) { id } else { name });
        }
    }
    out
}

pub fn hook(ctx: &mut Ctx, args: Hook) -> Result {
    let Some(place) = place(&args.words) else {
        // Not a place for the book's ids: the shell's own completion goes on.
        return Err(Fail::Shown(String::new()));
    };
    let dir = place.book.unwrap_or_else(|| ctx.book_dir.clone());
    // A book that cannot be read offers nothing (and no error while typing).
    let Ok(book) = Book::load(&dir) else {
        return Ok(());
    };
    for c in candidates(&book, place.kind, &place.prefix) {
        writeln!(ctx.out, "{}{c}", place.head)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(words: &[&str]) -> Option<(Kind, String, String)> {
        let w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        place(&w).map(|p| (p.kind, p.head, p.prefix))
    }

    #[test]
    fn finds_the_kind_of_the_last_word() {
        let item = Some((Kind::Item, String::new(), "pat".to_string()));
        assert_eq!(at(&["add", "pat"]), item);
        assert_eq!(at(&["--book", "x", "add", "pat"]), item);
        assert_eq!(at(&["--format", "json", "add", "pat"]), item);
        assert_eq!(
            at(&["add", "patrol", "--people", "P01,zw"]),
            Some((Kind::People, "P01,".into(), "zw".into()))
        );
        assert_eq!(
            at(&["add", "patrol", "--people", "=", ""]),
            Some((Kind::People, String::new(), String::new()))
        );
        assert_eq!(
            at(&["add", "patrol", "--people=张"]),
            Some((Kind::People, "--people=".into(), "张".into()))
        );
        assert_eq!(
            at(&["redeem", "P001", "毛"]),
            Some((Kind::Reward, String::new(), "毛".into()))
        );
        assert_eq!(at(&["add", "patrol", "--qty", ""]), None);
        assert_eq!(at(&["add", "patrol", "x"]), None);
        assert_eq!(at(&["ad"]), None);
        assert_eq!(at(&["add", "--"]), None);
    }
}
