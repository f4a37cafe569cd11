//! All integration tests in one binary (like casey/just): each runs the real
//! `points` binary on a book in a fresh temporary folder and compares whole
//! outputs. On failure the command, status, stdout and stderr are printed.

mod harness;

mod book;
mod caps;
mod corrupt;
mod evaluate;
mod examples;
mod exchange;
mod help_examples;
#[cfg(unix)] // links, pipes and permissions as unix has them
mod ledger_dir;
mod names;
mod props;
mod record;
mod void;
