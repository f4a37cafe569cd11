//! Finding what a person names on the command line or in a requests file:
//! a person, item, reward, evaluation, role, category or team, by its id or
//! by a name only one of them has (SPEC §4). The one resolver every command
//! uses.
//!
//! Typed text is matched after NFKC and trimming ([`typed`]); ids and names
//! in the book are compared as stored, and normalized only when nothing
//! matched as stored. A name several share is refused with every candidate;
//! an unknown one with the closest ids and names ("did you mean"), by edit
//! distance and, for Chinese names, by pinyin (`zw` or `zhangwei` finds 张伟,
//! 刘楷 finds 刘凯). An invisible character in what was typed is named with
//! its position, since the text looks right on screen.
//!
//! Nothing here prints: a failure is a typed [`Problem`], whose `Display`
//! holds its words.

use crate::book::{Book, Roster, Rules};
use crate::i18n;
use crate::model::id::{invisible, is_invisible, CodePoint};
use crate::model::typed;
use crate::tr;
use pinyin::ToPinyin;
use std::fmt;

/// How many suggestions an unknown id or name gets at most.
const SUGGESTIONS: usize = 5;

/// What kind of thing was named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Person,
    Item,
    Reward,
    Evaluation,
    Role,
    Category,
    Team,
    /// A household, by its id (or the names of its members, as shown).
    Household,
}

impl What {
    /// The word for one of them, in a sentence: "item" / 项目.
    fn one(self) -> String {
        match self {
            What::Person => tr!(lookup.what.person),
            What::Item => tr!(lookup.what.item),
            What::Reward => tr!(lookup.what.reward),
            What::Evaluation => tr!(lookup.what.evaluation),
            What::Role => tr!(lookup.what.role),
            What::Category => tr!(lookup.what.category),
            What::Team => tr!(lookup.what.team),
            What::Household => tr!(household.lookup.what),
        }
    }
    /// The word for all of them: "items" / 项目.
    fn many(self) -> String {
        match self {
            What::Person => tr!(lookup.whats.person),
            What::Item => tr!(lookup.whats.item),
            What::Reward => tr!(lookup.whats.reward),
            What::Evaluation => tr!(lookup.whats.evaluation),
            What::Role => tr!(lookup.whats.role),
            What::Category => tr!(lookup.whats.category),
            What::Team => tr!(lookup.whats.team),
            What::Household => tr!(household.lookup.whats),
        }
    }
    /// "2 people are named `x`; use the id of the one you mean:" (Chinese
    /// counts each kind with its own measure word).
    fn ambiguous(self, n: usize, typed: &str) -> String {
        match self {
            What::Person => tr!(lookup.ambiguous.person, n = n, typed = typed),
            What::Item => tr!(lookup.ambiguous.item, n = n, typed = typed),
            What::Reward => tr!(lookup.ambiguous.reward, n = n, typed = typed),
            What::Evaluation => tr!(lookup.ambiguous.evaluation, n = n, typed = typed),
            What::Role => tr!(lookup.ambiguous.role, n = n, typed = typed),
            What::Category => tr!(lookup.ambiguous.category, n = n, typed = typed),
            What::Team => tr!(lookup.ambiguous.team, n = n, typed = typed),
            What::Household => tr!(household.lookup.ambiguous, n = n, typed = typed),
        }
    }
}

/// One of the things that could be meant: its id and name, and for a
/// person the household (people of one name are told apart by it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub household: Option<String>,
}

/// Why a typed id or name found nothing, or more than one thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Nothing has this id or name. `suggestions`: the closest, best first;
    /// `known`: all of that kind, when there are no suggestions (not people).
    Unknown {
        what: What,
        typed: String,
        file: String,
        suggestions: Vec<Candidate>,
        known: Vec<Candidate>,
    },
    /// Several have this name (sorted by id).
    Ambiguous {
        what: What,
        typed: String,
        candidates: Vec<Candidate>,
    },
    /// What was typed holds a character nobody can see, at this character
    /// position (from 1); `meant` is what it names without it, if anything.
    Invisible {
        what: What,
        typed: String,
        ch: char,
        at: usize,
        meant: Option<Candidate>,
    },
}

impl Problem {
    /// The words, with candidate lines indented by `indent`.
    pub fn render(&self, indent: &str) -> String {
        let line = |c: &Candidate| match &c.household {
            Some(h) => format!(
                "\n{indent}{}",
                tr!(lookup.candidate, id = c.id, name = c.name, household = h)
            ),
            None => format!("\n{indent}{}  {}", c.id, c.name),
        };
        let lines = |head: String, cs: &[Candidate]| {
            cs.iter().fold(head, |mut s, c| {
                s.push_str(&line(c));
                s
            })
        };
        match self {
            Problem::Unknown {
                what,
                typed,
                file,
                suggestions,
                known,
            } => {
                if !suggestions.is_empty() {
                    let head = tr!(
                        lookup.did_you_mean,
                        what = what.one(),
                        typed = typed,
                        file = file
                    );
                    return lines(head, suggestions);
                }
                // Nothing close: the words these refusals have always had.
                let ids: Vec<&str> = known.iter().map(|c| c.id.as_str()).collect();
                let list = if ids.len() <= 12 {
                    i18n::list_plain(&ids)
                } else {
                    tr!(
                        lookup.list_cut,
                        list = i18n::list_plain(&ids[..12]),
                        n = ids.len()
                    )
                };
                match what {
                    What::Person => tr!(lookup.unknown_person, typed = typed, file = file),
                    What::Role => tr!(lookup.unknown_role, typed = typed, file = file, list = list),
                    What::Evaluation if known.is_empty() => {
                        tr!(lookup.unknown_evaluation_none, typed = typed, file = file)
                    }
                    What::Evaluation => lines(
                        tr!(lookup.unknown_evaluation, typed = typed, file = file),
                        known,
                    ),
                    w if known.is_empty() => tr!(
                        lookup.unknown_none,
                        what = w.one(),
                        whats = w.many(),
                        typed = typed,
                        file = file
                    ),
                    w => tr!(
                        lookup.unknown_list,
                        what = w.one(),
                        whats = w.many(),
                        typed = typed,
                        file = file,
                        list = list
                    ),
                }
            }
            Problem::Ambiguous {
                what,
                typed,
                candidates,
            } => lines(what.ambiguous(candidates.len(), typed), candidates),
            Problem::Invisible {
                what,
                typed,
                ch,
                at,
                meant,
            } => match meant {
                Some(c) => tr!(
                    lookup.invisible_meant,
                    what = what.one(),
                    typed = typed,
                    code = CodePoint(*ch),
                    at = at,
                    id = c.id,
                    name = c.name
                ),
                None => tr!(
                    lookup.invisible_none,
                    what = what.one(),
                    typed = typed,
                    code = CodePoint(*ch),
                    at = at
                ),
            },
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("  "))
    }
}

/// The things of one kind, as (id, name, household) in the book's order.
struct Among<'a> {
    what: What,
    file: String,
    all: Vec<(&'a str, &'a str, Option<&'a str>)>,
}

impl Among<'_> {
    fn candidate(&self, i: usize) -> Candidate {
        let (id, name, household) = self.all[i];
        Candidate {
            id: id.to_string(),
            name: name.to_string(),
            household: household.map(str::to_string),
        }
    }

    /// The one meant by `raw`: its index in the book's order.
    fn find(&self, raw: &str) -> Result<usize, Problem> {
        let t = typed(raw);
        let q: &str = &t;
        // As stored first: an id, then a name.
        if let Some(i) = self.all.iter().position(|&(id, _, _)| id == q) {
            return Ok(i);
        }
        let mut named: Vec<usize> = (0..self.all.len())
            .filter(|&i| self.all[i].1 == q)
            .collect();
        if named.is_empty() {
            // The book's own text may hold full-width forms too.
            if let Some(i) = (0..self.all.len()).find(|&i| typed(self.all[i].0) == q) {
                return Ok(i);
            }
            named = (0..self.all.len())
                .filter(|&i| typed(self.all[i].1) == q)
                .collect();
        }
        match named.len() {
            1 => return Ok(named[0]),
            0 => {}
            _ => {
                named.sort_by(|&a, &b| self.all[a].0.cmp(self.all[b].0));
                return Err(Problem::Ambiguous {
                    what: self.what,
                    typed: q.to_string(),
                    candidates: named.iter().map(|&i| self.candidate(i)).collect(),
                });
            }
        }
        if let Some((ch, at)) = invisible(q) {
            let clean: String = q.chars().filter(|&c| !is_invisible(c)).collect();
            let meant = self
                .all
                .iter()
                .position(|&(id, name, _)| id == clean || name == clean)
                .map(|i| self.candidate(i));
            return Err(Problem::Invisible {
                what: self.what,
                typed: q.to_string(),
                ch,
                at,
                meant,
            });
        }
        let suggestions: Vec<Candidate> = closest(q, &self.all)
            .into_iter()
            .map(|i| self.candidate(i))
            .collect();
        let known = if suggestions.is_empty() && self.what != What::Person {
            (0..self.all.len()).map(|i| self.candidate(i)).collect()
        } else {
            Vec::new()
        };
        Err(Problem::Unknown {
            what: self.what,
            typed: q.to_string(),
            file: self.file.clone(),
            suggestions,
            known,
        })
    }
}

fn rules_file(rules: &Rules) -> String {
    rules.path.file_name().map_or_else(
        || "points.toml".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn among_rules<'a, T>(
    rules: &'a Rules,
    what: What,
    list: &'a [T],
    f: impl Fn(&'a T) -> (&'a str, &'a str),
) -> Among<'a> {
    Among {
        what,
        file: rules_file(rules),
        all: list
            .iter()
            .map(|x| {
                let (id, name) = f(x);
                (id, name, None)
            })
            .collect(),
    }
}

/// A PERSON: an id, or a name only one person has. The index in the roster.
pub fn person(roster: &Roster, raw: &str) -> Result<usize, Problem> {
    // The usual case without building the list: the id as typed.
    if let Some(i) = roster.index(raw.trim()) {
        return Ok(i);
    }
    Among {
        what: What::Person,
        file: roster.path.display().to_string(),
        all: roster
            .people
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str(), Some(p.household.as_str())))
            .collect(),
    }
    .find(raw)
}

/// A household, by its id (or its display name, its members' names joined
/// by `、`, where only one household has it): the index of its head (first
/// member) in the roster. Unknown ones get "did you mean" like people.
pub fn household(roster: &Roster, raw: &str) -> Result<usize, Problem> {
    if let Some(h) = roster.household(raw.trim()) {
        return Ok(h);
    }
    let list = roster.household_list();
    let names: Vec<String> = list
        .iter()
        .map(|&(_, head)| {
            roster
                .household_members(head)
                .map(|m| roster.people[m].name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        })
        .collect();
    Among {
        what: What::Household,
        file: roster.path.display().to_string(),
        all: list
            .iter()
            .zip(&names)
            .map(|(&(id, _), name)| (id, name.as_str(), None))
            .collect(),
    }
    .find(raw)
    .map(|i| list[i].1)
}

/// An ITEM, by id or unique name: its index in the rules.
pub fn item(rules: &Rules, raw: &str) -> Result<usize, Problem> {
    among_rules(rules, What::Item, &rules.items, |x| {
        (x.id.as_str(), x.name.as_str())
    })
    .find(raw)
}

/// A REWARD, by id or unique name.
pub fn reward(rules: &Rules, raw: &str) -> Result<usize, Problem> {
    among_rules(rules, What::Reward, &rules.rewards, |x| {
        (x.id.as_str(), x.name.as_str())
    })
    .find(raw)
}

/// An EVAL, by id or unique name.
pub fn evaluation(rules: &Rules, raw: &str) -> Result<usize, Problem> {
    among_rules(rules, What::Evaluation, &rules.evaluations, |x| {
        (x.id.as_str(), x.name.as_str())
    })
    .find(raw)
}

/// A role (`party` or 党员).
pub fn role(rules: &Rules, raw: &str) -> Result<usize, Problem> {
    among_rules(rules, What::Role, &rules.roles, |x| {
        (x.id.as_str(), x.name.as_str())
    })
    .find(raw)
}

/// A category, by id or unique name.
pub fn category(rules: &Rules, raw: &str) -> Result<usize, Problem> {
    among_rules(rules, What::Category, &rules.categories, |x| {
        (x.id.as_str(), x.name.as_str())
    })
    .find(raw)
}

/// A team, by id or unique name.
pub fn team(rules: &Rules, raw: &str) -> Result<usize, Problem> {
    among_rules(rules, What::Team, &rules.teams, |x| {
        (x.id.as_str(), x.name.as_str())
    })
    .find(raw)
}

/// A PERSON of a loaded book.
pub fn person_of(book: &Book, raw: &str) -> Result<usize, Problem> {
    person(&book.roster, raw)
}

// ------------------------------------------------------------ did you mean

/// Text as sounds: the toneless pinyin of each Chinese character, other
/// letters and digits lowercased; and the pinyin initials (`张伟` → `zhangwei`,
/// `zw`). `None` for text without Chinese characters.
pub fn sounds(s: &str) -> Option<(String, String)> {
    let mut full = String::new();
    let mut initials = String::new();
    let mut han = false;
    for c in s.chars() {
        match c.to_pinyin() {
            Some(p) => {
                han = true;
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_alphanumeric() => {
                full.extend(c.to_lowercase());
                initials.extend(c.to_lowercase());
            }
            None => {}
        }
    }
    han.then_some((full, initials))
}

/// Picking from the book as a person types (`points add` at a terminal,
/// shell completion): how well `typed` picks the entry with this id and
/// name. `None` for not at all; higher is better (an id or a name it
/// begins, then pinyin, then text found inside). Empty input picks
/// everything equally.
pub fn score(typed: &str, id: &str, name: &str) -> Option<i64> {
    let q = typed.trim().to_lowercase();
    if q.is_empty() {
        return Some(0);
    }
    let (id, name) = (id.to_lowercase(), name.to_lowercase());
    if id.starts_with(&q) || name.starts_with(&q) {
        return Some(3);
    }
    if q.chars().all(|c| c.is_ascii_alphanumeric()) {
        if let Some((full, initials)) = sounds(&name) {
            if initials.starts_with(&q) || full.starts_with(&q) {
                return Some(2);
            }
        }
    }
    (id.contains(&q) || name.contains(&q)).then_some(1)
}

/// How far apart two texts are, counted in characters (Damerau's optimal
/// string alignment: a swap of two neighbours counts as one).
fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The most edits a typo of `n` characters may hold and still be suggested.
fn allowed(n: usize) -> usize {
    (n / 3).max(1)
}

/// The indices of the entries closest to `q`, best first, ties by id (byte
/// order); at most [`SUGGESTIONS`].
fn closest(q: &str, all: &[(&str, &str, Option<&str>)]) -> Vec<usize> {
    let ql = q.to_lowercase();
    let n = ql.chars().count();
    let q_sounds = sounds(q);
    // Letters only (`zw`, `zhangwei`): maybe pinyin for a Chinese name.
    let latin = !ql.is_empty() && ql.chars().all(|c| c.is_ascii_alphabetic());
    // A number is no typo of another number: P09 is not P01's neighbour.
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let q_digits = digits(&ql);
    let mut scored: Vec<(usize, &str, usize)> = Vec::new();
    for (i, &(id, name, _)) in all.iter().enumerate() {
        let mut best: Option<usize> = None;
        let mut take = |d: usize, limit: usize| {
            if d <= limit {
                best = Some(best.map_or(d, |b| b.min(d)));
            }
        };
        for text in [id, name] {
            if digits(text) == q_digits {
                take(distance(&ql, &text.to_lowercase()), allowed(n));
            }
        }
        if let Some((full, initials)) = sounds(name) {
            if let Some((qfull, _)) = &q_sounds {
                // 刘楷 → 刘凯: the same sounds, other characters.
                take(distance(qfull, &full), allowed(qfull.len()) / 2);
            }
            if latin {
                if n >= 2 && ql == initials {
                    take(0, 0);
                }
                take(distance(&ql, &full), (n / 5).max(1));
            }
        }
        if let Some(d) = best {
            scored.push((d, id, i));
        }
    }
    scored.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, _, i)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<'a>(all: &'a [(&'a str, &'a str, Option<&'a str>)], q: &str) -> Vec<&'a str> {
        closest(q, all).into_iter().map(|i| all[i].0).collect()
    }

    const PEOPLE: [(&str, &str, Option<&str>); 6] = [
        ("P001", "刘凯", None),
        ("P027", "张伟", None),
        ("P104", "周文", None),
        ("P213", "张伟", None),
        ("P300", "张卫东", None),
        ("P301", "王伟", None),
    ];

    #[test]
    fn pinyin_finds_chinese_names() {
        assert_eq!(names(&PEOPLE, "zw"), ["P027", "P104", "P213"]);
        assert_eq!(names(&PEOPLE, "zhangwei"), ["P027", "P213"]);
        assert_eq!(names(&PEOPLE, "刘楷"), ["P001"]);
        assert_eq!(names(&PEOPLE, "zhangwie")[..2], ["P027", "P213"]);
    }

    #[test]
    fn edit_distance_finds_typos() {
        let items = [
            ("patrol", "治安巡逻", None),
            ("meeting", "参加会议", None),
            ("littering", "乱丢垃圾", None),
        ];
        assert_eq!(names(&items, "patrl"), ["patrol"]);
        assert_eq!(names(&items, "治安巡罗"), ["patrol"]);
        assert_eq!(names(&items, "metting"), ["meeting"]);
        assert!(names(&items, "xyz").is_empty());
        let ids = [
            ("P001", "甲", None),
            ("P002", "乙", None),
            ("P003", "丙", None),
        ];
        assert!(names(&ids, "P09").is_empty());
        assert_eq!(names(&ids, "p001"), ["P001"]);
    }

    #[test]
    fn ids_names_and_pinyin() {
        assert_eq!(sounds("张伟"), Some(("zhangwei".into(), "zw".into())));
        assert_eq!(sounds("patrol"), None);
        assert_eq!(score("zw", "P027", "张伟"), Some(2));
        assert_eq!(score("zhangw", "P027", "张伟"), Some(2));
        assert_eq!(score("p02", "P027", "张伟"), Some(3));
        assert_eq!(score("张", "P027", "张伟"), Some(3));
        assert_eq!(score("巡逻", "patrol", "治安巡逻"), Some(1));
        assert_eq!(score("zaxl", "patrol", "治安巡逻"), Some(2));
        assert_eq!(score("lk", "P027", "张伟"), None);
        assert_eq!(score("", "P027", "张伟"), Some(0));
    }

    #[test]
    fn sounds_of_names() {
        assert_eq!(
            sounds("张伟"),
            Some(("zhangwei".to_string(), "zw".to_string()))
        );
        assert_eq!(sounds("P001"), None);
    }
}
