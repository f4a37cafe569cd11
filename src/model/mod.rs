//! The domain model: exact points, periods, ids, and ledger entries.
//! Nothing here reads files or prints.

pub mod entry;
pub mod entry_id;
pub mod id;
pub mod period;
pub mod points;
pub mod rate;
pub mod typed;

pub use entry::Kind;
pub use period::{parse_date, CapPer, Period, PeriodKind};
pub use points::Points;
pub use rate::Rate;
pub use typed::typed;
