//! `points`: a community's merit points (积分制管理) kept in plain text.
//!
//! Layers, data flowing one way: [`model`] (points, periods, ids, entries) →
//! [`book`] (loading rules, roster and ledgers; appending) → [`compute`]
//! (balances, reports, evaluations, exchange rounds, check: pure functions
//! returning plain structs) → [`render`] (table, csv, json, md, xlsx) → [`cmd`]
//! (one file per command, gluing load → compute → render). Nothing below
//! `cmd` prints.

pub mod book;
pub mod cmd;
pub mod compute;
pub mod history;
pub mod i18n;
pub mod model;
pub mod provenance;
pub mod render;
pub mod sheet;
pub mod snapshot;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "points", version)]
pub struct Cli {
    // Every help text is in the catalogues (`help.*`, src/i18n/*.toml),
    // set by `i18n::cli::localize`.
    #[arg(long, global = true, value_name = "DIR")]
    pub book: Option<PathBuf>,

    #[arg(long, global = true, value_enum, default_value = "table")]
    pub format: render::Format,

    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<i18n::Lang>,

    #[arg(long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[arg(long, global = true, value_name = "REV")]
    pub at: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Init(cmd::init::Args),
    Add(cmd::add::Args),
    Void(cmd::void::Args),
    Approve(cmd::approve::Args),
    Pending(cmd::pending::Args),
    Redeem(cmd::redeem::Args),
    Balance(cmd::balance::Args),
    Report(cmd::report::Args),
    Show(cmd::show::Args),
    Evaluate(cmd::evaluate::Args),
    Exchange(cmd::exchange::Args),
    Check(cmd::check::Args),
    Status(cmd::status::Args),
    Import(cmd::import::Args),
    Audit(cmd::audit::Args),
    Notice(cmd::notice::Args),
    Verify(cmd::verify::Args),
    Completions(cmd::completions::Args),
    #[command(name = "__complete", hide = true)]
    Complete(cmd::completions::Hook),
}

/// Choose the language, parse the command line (clap in that language),
/// run the command, and turn its result into an exit code.
pub fn run() -> ExitCode {
    // A write beyond a file-size limit (`ulimit -f`) must fail with an error
    // that is then cut back, not kill the process halfway (SPEC §5).
    #[cfg(unix)]
    // SAFETY: setting a signal to be ignored, before any thread is started.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let resolved = i18n::resolve(args.get(1..).unwrap_or_default());
    i18n::set(resolved.lang);
    if let Some(v) = resolved.bad_env {
        let m = tr!(common.bad_points_lang, value = v);
        eprintln!("{}", tr!(common.error_line, message = m));
        return ExitCode::from(2);
    }
    let parsed = i18n::cli::localize(Cli::command())
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            i18n::cli::print(&e);
            return ExitCode::from(code);
        }
    };
    cmd::dispatch(cli)
}
