//! Ranges of points when recording (SPEC §10): an item whose points are a
//! range, like `{ min = 5, max = 10 }`, takes the points per unit from
//! `add --points P`, which must lie within the range; a fixed item refuses it.

use crate::compute::record::Problem as RecordProblem;
use crate::model::points::PointsError;
use crate::model::{Points, Rate};
use crate::tr;
use std::fmt;

/// Why `--points` cannot give a row's points per unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A range item, and no `--points`.
    Missing {
        item: String,
        hourly: bool,
        min: Points,
        max: Points,
    },
    /// `--points` outside the item's range.
    Outside {
        item: String,
        given: Points,
        min: Points,
        max: Points,
    },
    /// `--points` for an item (for this role) whose points are fixed.
    Fixed {
        item: String,
        hourly: bool,
        rate: Points,
        role: String,
    },
    /// `--points` that is not a number with two decimals at most.
    NotANumber { text: String, why: PointsError },
}

impl Problem {
    /// Whether the command line itself is malformed (exit 2).
    pub fn is_usage(&self) -> bool {
        matches!(self, Problem::NotANumber { .. })
    }
}

impl From<Problem> for RecordProblem {
    fn from(p: Problem) -> RecordProblem {
        RecordProblem::Range(p)
    }
}

/// `--points` as typed (full-width digits too): a number, two decimals at most.
pub fn parse(text: &str) -> Result<Points, Problem> {
    Points::parse(&crate::model::typed(text)).map_err(|why| Problem::NotANumber {
        text: text.to_string(),
        why,
    })
}

/// The points per unit of a row: the fixed rate, or `given` within the range.
/// `item` and `role` name them in a refusal.
pub fn per_unit(
    rate: Rate,
    given: Option<Points>,
    hourly: bool,
    item: impl FnOnce() -> String,
    role: impl FnOnce() -> String,
) -> Result<Points, Problem> {
    match (rate, given) {
        (Rate::Fixed(p), None) => Ok(p),
        (Rate::Fixed(rate), Some(_)) => Err(Problem::Fixed {
            item: item(),
            hourly,
            rate,
            role: role(),
        }),
        (Rate::Range { min, max }, None) => Err(Problem::Missing {
            item: item(),
            hourly,
            min,
            max,
        }),
        (r @ Rate::Range { min, max }, Some(given)) => {
            if r.allows(given) {
                Ok(given)
            } else {
                Err(Problem::Outside {
                    item: item(),
                    given,
                    min,
                    max,
                })
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Problem::Missing {
                item,
                hourly: true,
                min,
                max,
            } => tr!(range.add.missing_hour, item = item, min = min, max = max),
            Problem::Missing {
                item,
                hourly: false,
                min,
                max,
            } => tr!(range.add.missing_time, item = item, min = min, max = max),
            Problem::Outside {
                item,
                given,
                min,
                max,
            } => tr!(
                range.add.outside,
                given = given,
                item = item,
                min = min,
                max = max
            ),
            Problem::Fixed {
                item,
                hourly: true,
                rate,
                role,
            } => tr!(range.add.fixed_hour, item = item, rate = rate, role = role),
            Problem::Fixed {
                item,
                hourly: false,
                rate,
                role,
            } => tr!(range.add.fixed_time, item = item, rate = rate, role = role),
            Problem::NotANumber { text, why } => {
                let why = match why {
                    PointsError::Empty => tr!(record.points_error.empty),
                    PointsError::NotANumber => tr!(record.points_error.not_a_number),
                    PointsError::TooPrecise => tr!(record.points_error.too_precise),
                    PointsError::Overflow => tr!(record.points_error.overflow),
                };
                tr!(range.add.not_a_number, text = text, why = why)
            }
        };
        f.write_str(&text)
    }
}
