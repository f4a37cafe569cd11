//! Appending rows to a ledger (issue 3).
