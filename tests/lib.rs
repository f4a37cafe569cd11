//! All integration tests in one binary (like casey/just): each runs the real
//! `points` binary on a book in a fresh temporary folder and compares whole
//! outputs. On failure the command, status, stdout and stderr are printed.

mod harness;

mod book;
mod caps;
mod completions;
mod contract;
mod corrupt;
mod evaluate;
mod examples;
mod exchange;
mod help_examples;
mod i12_base;
mod i12_deductcap;
mod i12_eligible;
mod i12_expire;
mod i12_household;
mod i12_householdcap;
mod i12_range;
mod i13_import;
mod i13_xlsx;
mod i13_yearfile;
mod i14_audit;
mod i14_auditfast;
mod i14_provenance;
mod i14_status;
mod i15_browser;
mod i15_notice;
mod i15_verify;
mod i16_approval;
mod i16_notice;
mod i18n;
mod i18n_check;
mod i18n_lookup;
mod i18n_record;
mod i18n_reports;
mod i18n_rules;
mod i18n_sweep;
#[cfg(unix)] // a pseudo-terminal as unix has it
mod interactive;
#[cfg(unix)] // links, pipes and permissions as unix has them
mod ledger_dir;
mod names;
mod props;
mod quantities;
mod readme;
mod record;
mod void;
mod writes;
