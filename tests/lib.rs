//! All integration tests in one binary (like casey/just): each runs the real
//! `points` binary on a book in a fresh temporary folder and compares whole
//! outputs. On failure the command, status, stdout and stderr are printed.

mod harness;

mod book;
mod caps;
mod contract;
mod corrupt;
mod evaluate;
mod examples;
mod exchange;
mod help_examples;
mod i18n;
mod i18n_check;
#[cfg(unix)] // links, pipes and permissions as unix has them
mod ledger_dir;
mod props;
mod quantities;
mod record;
mod void;
mod writes;
