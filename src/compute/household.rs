//! Household deeds in the totals (SPEC §10): the rows of items with
//! `subject = "household"` count for their household — in reports and
//! balances by household and building, household and building evaluations,
//! household exchange accounts — and in no person's totals.

use crate::book::rules::Subject;
use crate::book::Roster;
use crate::compute::rank::Group;
use crate::compute::totals::{ItemCell, Overflow, Totals};
use std::collections::HashMap;

/// The heads of the households whose deeds count for group `g` of
/// `subject`: a household its own; a building those of the households whose
/// head lives in it (among the group's members' households); a person none.
pub fn deed_heads(roster: &Roster, subject: Subject, g: &Group) -> Vec<usize> {
    let mut heads: Vec<usize> = match subject {
        Subject::Person => return Vec::new(),
        Subject::Household => g
            .members
            .iter()
            .map(|&m| roster.household_head(m))
            .collect(),
        Subject::Building => g
            .members
            .iter()
            .map(|&m| roster.household_head(m))
            .filter(|&h| roster.people.get(h).is_some_and(|p| p.building == g.id))
            .collect(),
    };
    heads.sort_unstable();
    heads.dedup();
    heads
}

/// `t` with the deeds of group `g`'s households added.
pub fn with_deeds(
    roster: &Roster,
    subject: Subject,
    g: &Group,
    mut t: Totals,
    deeds: &HashMap<usize, Totals>,
) -> Result<Totals, Overflow> {
    for h in deed_heads(roster, subject, g) {
        if let Some(d) = deeds.get(&h) {
            t.absorb(d)?;
        }
    }
    Ok(t)
}

/// The household deeds of `items`, all households together.
pub fn item_deeds(
    cells: &HashMap<(usize, usize), ItemCell>,
    items: &[usize],
) -> Result<ItemCell, Overflow> {
    let mut sum = ItemCell::default();
    for ((_, i), c) in cells {
        if items.contains(i) {
            sum.earned = sum.earned.checked_add(c.earned).ok_or(Overflow)?;
            sum.hours = sum.hours.checked_add(c.hours).ok_or(Overflow)?;
            sum.times += c.times;
            sum.pending = sum.pending.checked_add(c.pending).ok_or(Overflow)?;
        }
    }
    Ok(sum)
}
