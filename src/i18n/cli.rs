//! clap in the chosen language. The commands and arguments are declared with
//! clap derive (for parsing) without help texts; [`localize`] walks the
//! command tree and sets every text from the catalogues, by keys derived
//! from the command and argument ids:
//!
//! | what | key |
//! |---|---|
//! | `points --help` | `help.about`, `help.examples`, `help.arg.<id>` (global options) |
//! | `points CMD --help` | `help.<cmd>.about`, `help.<cmd>.examples`, `help.<cmd>.arg.<id>` |
//! | an option shared by several commands | `help.common.arg.<id>` when `help.<cmd>.arg.<id>` is not there |
//! | headings, `[default: …]`, `[possible values: …]` | `help.heading.*`, `help.common.default`, `help.common.possible` |
//!
//! clap's own `--help`/`--version` flags and `help` command are replaced or
//! relabelled, and its errors are rendered in Chinese ([`error`]) for the
//! kinds a person meets (an unknown option or command, a bad or missing value).

use super::{fill, key, lang, list_or, t, text_of, Lang, Text};
use crate::tr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use std::error::Error as _;

/// A catalogue text by its name, in the chosen language, placeholders left
/// as written (help texts have none).
fn text(name: &str) -> Option<String> {
    key(name).map(|k| t(k, &[]))
}

/// Whether `name` has a text in `lang` itself (no falling back).
pub fn has_text(lang: Lang, name: &str) -> bool {
    key(name)
        .and_then(|k| text_of(lang, k))
        .is_some_and(|t| match t {
            Text::Plain(s) => !s.trim().is_empty(),
            Text::Plural { .. } => false,
        })
}

/// The key prefix of a command: `help` for `points` itself, `help.<cmd>`
/// for a subcommand (`help.<a>_<b>` for a subcommand of a subcommand).
pub fn prefix(path: &[&str]) -> String {
    if path.is_empty() {
        "help".into()
    } else {
        format!("help.{}", path.join("_"))
    }
}

/// The keys an argument's help is looked up by, in order.
pub fn arg_keys(path: &[&str], id: &str) -> [String; 4] {
    [
        format!("{}.arg.{id}", prefix(path)),
        format!("help.common.arg.{id}"),
        // Global options added after `help.arg` was written.
        format!("help.global.arg.{id}"),
        // Options added to a command after its `.arg` table was written
        // (a catalogue cannot open that table again further down).
        format!("{}.more.{id}", prefix(path)),
    ]
}

/// Set every help text of `points`' command tree in the chosen language.
pub fn localize(cmd: Command) -> Command {
    let cmd = cmd
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version),
        );
    let mut cmd = command(cmd, &mut Vec::new());
    cmd.build();
    let options = tr!(help.heading.options_value);
    if options != "[OPTIONS]" {
        usage(&mut cmd, &options);
    }
    let about = tr!(help.help.about);
    cmd.mut_subcommand("help", |h| h.about(about))
}

/// clap's usage line of each command with `[OPTIONS]` in the chosen
/// language (in help and in errors alike; clap's own lines otherwise).
fn usage(cmd: &mut Command, options: &str) {
    let line = cmd.render_usage().to_string();
    let line = line.trim();
    let line = line.strip_prefix("Usage:").unwrap_or(line).trim();
    let line = line.replace("[OPTIONS]", options);
    *cmd = std::mem::take(cmd).override_usage(line);
    for sub in cmd.get_subcommands_mut() {
        usage(sub, options);
    }
}

fn command(cmd: Command, path: &mut Vec<String>) -> Command {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let pre = prefix(&p);
    // clap's own template, with the usage line from the catalogue.
    let template = fill(
        "{{before-help}}{{about-with-newline}}\n{line}\n\n{{all-args}}{{after-help}}",
        &[("line", &tr!(help.heading.usage, usage = "{usage}"))],
    );
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading(tr!(help.heading.commands))
        .subcommand_value_name(tr!(help.heading.command_value));
    if let Some(about) = text(&format!("{pre}.about")) {
        cmd = cmd.about(about);
    }
    if let Some(ex) = text(&format!("{pre}.examples")) {
        cmd = cmd.after_help(ex);
    }
    // Positionals keep their order (in a heading of their own, clap would
    // sort them by name).
    let mut place = 0;
    let cmd = cmd.mut_args(|a| {
        let a = if a.is_positional() {
            place += 1;
            a.display_order(place)
        } else {
            a
        };
        argument(a, &p)
    });
    cmd.mut_subcommands(|s| {
        path.push(s.get_name().trim_start_matches('_').to_string()); // `__complete` → `complete`
        let s = command(s, path);
        path.pop();
        s
    })
}

fn argument(a: Arg, path: &[&str]) -> Arg {
    let id = a.get_id().as_str().to_string();
    let mut help = arg_keys(path, &id)
        .iter()
        .find_map(|k| text(k))
        .unwrap_or_default();
    let mut a = a;
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        help = tr!(
            help.common.default,
            help = help,
            value = super::list_plain(&defaults)
        );
        a = a.hide_default_value(true);
    }
    let takes_values = a.get_action().takes_values();
    let possible: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_values && !possible.is_empty() && !a.is_hide_possible_values_set() {
        help = tr!(
            help.common.possible,
            help = help,
            values = super::list_plain(&possible)
        );
        a = a.hide_possible_values(true);
    }
    if let Some(names) = a.get_value_names() {
        let names: Vec<String> = names.iter().map(|n| value_name(n.as_str())).collect();
        a = a.value_names(names);
    }
    let heading = if a.is_positional() {
        tr!(help.heading.arguments)
    } else {
        tr!(help.heading.options)
    };
    a.help(help).help_heading(heading)
}

/// A value name (`ITEM`) in the chosen language (`项目`), as written when
/// the catalogue has no word for it (`N`, `A,B,…`).
fn value_name(name: &str) -> String {
    value_keys(name)
        .iter()
        .find_map(|k| text(k))
        .unwrap_or_else(|| name.to_string())
}

/// Where the word of a value name (`<DATE>`) is looked up, in order.
pub fn value_keys(name: &str) -> [String; 2] {
    let name = name.to_lowercase();
    [
        format!("help.value.{name}"),
        format!("help.global.value.{name}"),
    ]
}

/// Show what clap stopped with (help, version, or an error) in the chosen
/// language: help on stdout (stderr when the command line was incomplete),
/// errors on stderr.
pub fn print(e: &clap::Error) {
    use std::io::{IsTerminal, Write};
    let help = matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang() == Lang::En || e.kind() == ErrorKind::DisplayVersion {
        let _ = e.print();
    } else if help {
        let styled = e.render();
        let tty = if e.use_stderr() {
            std::io::stderr().is_terminal()
        } else {
            std::io::stdout().is_terminal()
        };
        let text = if tty {
            styled.ansi().to_string()
        } else {
            styled.to_string()
        };
        // clap puts an ASCII colon after each heading.
        let mut text = text;
        for h in [
            tr!(help.heading.commands),
            tr!(help.heading.arguments),
            tr!(help.heading.options),
        ] {
            text = text.replace(&format!("{h}:"), &tr!(help.heading.after, heading = h));
        }
        let _ = if e.use_stderr() {
            std::io::stderr().write_all(text.as_bytes())
        } else {
            std::io::stdout().write_all(text.as_bytes())
        };
    } else {
        eprint!("{}", error(e));
    }
}

/// A command-line error in the chosen language: clap's own text in
/// English; in Chinese, a sentence per kind a person meets, with clap's
/// usage line, and for any other kind clap's text after a Chinese line.
pub fn error(e: &clap::Error) -> String {
    if lang() == Lang::En
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        return e.render().to_string();
    }
    let one = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let many = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    };
    let arg = one(ContextKind::InvalidArg).unwrap_or_default();
    let value = one(ContextKind::InvalidValue).unwrap_or_default();
    let quoted =
        |v: Vec<String>| -> Vec<String> { v.into_iter().map(|s| format!("`{s}`")).collect() };
    let mut msg = match e.kind() {
        ErrorKind::UnknownArgument => tr!(cli.error.unknown_argument, arg = arg),
        ErrorKind::InvalidSubcommand => tr!(
            cli.error.unknown_command,
            command = one(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue => {
            let valid = many(ContextKind::ValidValue);
            if value.is_empty() {
                tr!(cli.error.empty_value, arg = arg)
            } else if valid.is_empty() {
                tr!(cli.error.invalid_value, arg = arg, value = value)
            } else {
                tr!(
                    cli.error.invalid_value_one_of,
                    arg = arg,
                    value = value,
                    valid = list_or(&quoted(valid))
                )
            }
        }
        ErrorKind::ValueValidation => tr!(
            cli.error.value_validation,
            arg = arg,
            value = value,
            reason = e.source().map(ToString::to_string).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => tr!(
            cli.error.missing_argument,
            args = super::list_and(&quoted(many(ContextKind::InvalidArg)))
        ),
        ErrorKind::MissingSubcommand => tr!(cli.error.missing_command),
        ErrorKind::ArgumentConflict => match one(ContextKind::PriorArg) {
            Some(other) if other != arg => tr!(cli.error.conflict, arg = arg, other = other),
            _ => tr!(cli.error.repeated, arg = arg),
        },
        ErrorKind::TooManyValues => {
            tr!(cli.error.too_many_values, arg = arg, value = value)
        }
        _ => tr!(cli.error.other, clap = e.render().to_string().trim_end()),
    };
    msg = tr!(common.error_line, message = msg);
    msg.push('\n');
    let suggested = many(ContextKind::SuggestedArg)
        .into_iter()
        .chain(many(ContextKind::SuggestedSubcommand))
        .collect::<Vec<_>>();
    if !suggested.is_empty() {
        msg.push_str(&tr!(cli.error.suggest, what = list_or(&quoted(suggested))));
        msg.push('\n');
    }
    if let Some(usage) = one(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        msg.push_str(&tr!(cli.error.usage, usage = usage));
        msg.push('\n');
    }
    msg.push_str(&tr!(cli.error.more));
    msg.push('\n');
    msg
}
