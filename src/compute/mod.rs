//! The computations: pure functions from a loaded book to plain structs.
//! They never print; the commands render what they return.

pub mod evaluate;
pub mod exchange;
pub mod placement;
pub mod rank;
pub mod record;
pub mod scan;
pub mod show;
pub mod spill;
pub mod totals;
