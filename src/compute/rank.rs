//! Grouping people into households and buildings, and competition ranking.

use crate::book::rules::Subject;
use crate::book::Roster;
use crate::compute::totals::{Overflow, Totals};
use crate::model::Points;
use std::collections::BTreeMap;

/// Competition ranks (1, 2, 2, 4) for scores listed in the order to show:
/// highest first, equal scores by id. `order` gets that order; ranks[i] is
/// the rank of the i-th element of `order`.
pub fn competition<K: Ord>(scores: &[(K, Points)]) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        scores[b]
            .1
            .cmp(&scores[a].1)
            .then_with(|| scores[a].0.cmp(&scores[b].0))
    });
    let mut ranks = Vec::with_capacity(order.len());
    for (pos, &i) in order.iter().enumerate() {
        let rank = if pos > 0 && scores[order[pos - 1]].1 == scores[i].1 {
            ranks[pos - 1]
        } else {
            pos + 1
        };
        ranks.push(rank);
    }
    (order, ranks)
}

/// A household or building: its id, its members (roster indices, by id).
#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub members: Vec<usize>,
}

/// The groups of `subject` among `members` (roster indices), sorted by id.
pub fn groups(
    roster: &Roster,
    subject: Subject,
    members: impl Iterator<Item = usize>,
) -> Vec<Group> {
    let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for i in members {
        let p = &roster.people[i];
        let key = match subject {
            Subject::Person => p.id.as_str(),
            Subject::Household => p.household.as_str(),
            Subject::Building => p.building.as_str(),
        };
        map.entry(key).or_default().push(i);
    }
    map.into_iter()
        .map(|(id, members)| Group {
            id: id.to_string(),
            members,
        })
        .collect()
}

/// A group's display name: a person's name, a household's members' names
/// joined by `、`, a building's id.
pub fn group_name(roster: &Roster, subject: Subject, g: &Group) -> String {
    match subject {
        Subject::Person => g
            .members
            .first()
            .map_or_else(String::new, |&i| roster.people[i].name.clone()),
        Subject::Household => g
            .members
            .iter()
            .map(|&i| roster.people[i].name.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        Subject::Building => g.id.clone(),
    }
}

/// The sum of the members' totals.
pub fn sum_of(people: &[Totals], members: &[usize], categories: usize) -> Result<Totals, Overflow> {
    let mut t = Totals::new(categories);
    for &m in members {
        t.absorb(&people[m])?;
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranking() {
        let p = Points::from_whole;
        let scores = vec![("b", p(5)), ("a", p(5)), ("c", p(9)), ("d", p(1))];
        let (order, ranks) = competition(&scores);
        assert_eq!(order, vec![2, 1, 0, 3]);
        assert_eq!(ranks, vec![1, 2, 2, 4]);
    }
}
