//! The computations: pure functions from a loaded book to plain structs.
//! They never print; the commands render what they return.

pub mod evaluate;
pub mod exchange;
pub mod expire;
pub mod household;
pub mod placement;
pub mod range;
pub mod rank;
pub mod record;
pub mod scan;
pub mod show;
pub mod spill;
pub mod totals;
