//! `points`: a community's merit points (积分制管理) kept in plain text.
//!
//! Layers, data flowing one way: [`model`] (points, periods, ids, entries) →
//! [`book`] (loading rules, roster and ledgers; appending) → [`compute`]
//! (balances, reports, evaluations, exchange rounds, check: pure functions
//! returning plain structs) → [`render`] (table, csv, json, md) → [`cmd`]
//! (one file per command, gluing load → compute → render). Nothing below
//! `cmd` prints.

pub mod book;
pub mod cmd;
pub mod compute;
pub mod model;
pub mod render;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

const ABOUT: &str =
    "Community merit points (积分制管理) kept in plain text: rules in points.toml, \
the roster in people.csv, every point in append-only ledgers under ledger/.";

const EXAMPLES: &str = "\
Examples:
  points init mybook                          a new book with example rules
  points --book ledgers/demo report 2026H1    ranking for the first half of 2026
  points add patrol --people 朱志强,P027 --qty 2  record a two-hour patrol
  points check                                find every problem in the book";

#[derive(Parser, Debug)]
#[command(name = "points", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// The book's folder [default: $POINTS_BOOK, else the current folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub book: Option<PathBuf>,

    /// Output format
    #[arg(long, global = true, value_enum, default_value = "table")]
    pub format: render::Format,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Init(cmd::init::Args),
    Add(cmd::add::Args),
    Void(cmd::void::Args),
    Redeem(cmd::redeem::Args),
    Balance(cmd::balance::Args),
    Report(cmd::report::Args),
    Show(cmd::show::Args),
    Evaluate(cmd::evaluate::Args),
    Exchange(cmd::exchange::Args),
    Check(cmd::check::Args),
    Completions(cmd::completions::Args),
    #[command(name = "__complete", hide = true)]
    Complete(cmd::completions::Hook),
}

/// Parse the command line, run the command, and turn its result into an exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    cmd::dispatch(cli)
}
