//! `people.csv`: the roster (SPEC §2.2). People are kept sorted by id, so
//! that nothing depends on the order of the rows in the file.

use crate::book::diag::Diagnostic;
use crate::book::rules::Rules;
use crate::model::{id, parse_date};
use crate::{i18n, tr};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub const HEADER: [&str; 7] = [
    "id",
    "name",
    "household",
    "building",
    "role",
    "joined",
    "left",
];

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub household: String,
    pub building: String,
    pub role: usize,
    pub joined: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    pub teams: Vec<usize>,
    /// The line in people.csv.
    pub line: usize,
}

impl Person {
    /// Whether the person lived in the community on `d`.
    pub fn lives_on(&self, d: NaiveDate) -> bool {
        self.joined.is_none_or(|j| d >= j) && self.left.is_none_or(|l| d <= l)
    }
}

#[derive(Debug)]
pub struct Roster {
    pub path: PathBuf,
    /// Sorted by id (byte order).
    pub people: Vec<Person>,
    ix: rustc_hash::FxHashMap<String, usize>,
    /// Ids of rows left out because they have errors (only from [`Roster::parse_lenient`]):
    /// `check` does not report their ledger rows as "unknown person" again.
    pub skipped: HashSet<String>,
    /// Per person: the first member (in `people`) of their household, whose
    /// index holds the household's room under a household cap.
    heads: Vec<usize>,
    /// Household id → its first member's index (the household's head).
    households: rustc_hash::FxHashMap<String, usize>,
}

impl Roster {
    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The index that holds `p`'s household's room under a household cap.
    pub fn household_head(&self, p: usize) -> usize {
        self.heads.get(p).copied().unwrap_or(p)
    }

    /// Everyone in `p`'s household (`p` too).
    pub fn household_members(&self, p: usize) -> impl Iterator<Item = usize> + '_ {
        let head = self.household_head(p);
        (0..self.people.len()).filter(move |&q| self.heads[q] == head)
    }

    /// The head (first member's index) of the household with this id.
    pub fn household(&self, id: &str) -> Option<usize> {
        self.households.get(id).copied()
    }

    /// Whether some member of the household headed by `head` lived here on `d`.
    pub fn household_lives_on(&self, head: usize, d: NaiveDate) -> bool {
        self.household_members(head)
            .any(|m| self.people[m].lives_on(d))
    }

    /// The households (id, head), sorted by id.
    pub fn household_list(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> = self
            .households
            .iter()
            .map(|(h, &i)| (h.as_str(), i))
            .collect();
        v.sort_unstable();
        v
    }

    /// The index of the person with this id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.ix.get(id).copied()
    }

    pub fn load(path: &Path, rules: &Rules) -> Result<Roster, Vec<Diagnostic>> {
        let bytes = crate::book::source::read(path)
            .map_err(|e| vec![crate::book::missing_file(path, &e)])?;
        let text = crate::book::decode_utf8(path, &bytes).map_err(|d| vec![d])?;
        Self::parse(path, text, rules)
    }

    /// As [`Roster::load`], keeping the good rows (see [`Roster::parse_lenient`]).
    pub fn load_lenient(path: &Path, rules: Option<&Rules>) -> (Option<Roster>, Vec<Diagnostic>) {
        let bytes = match crate::book::source::read(path) {
            Ok(b) => b,
            Err(e) => return (None, vec![crate::book::missing_file(path, &e)]),
        };
        match crate::book::decode_utf8(path, &bytes) {
            Ok(text) => Self::parse_lenient(path, text, rules),
            Err(d) => (None, vec![d]),
        }
    }

    pub fn parse(path: &Path, text: &str, rules: &Rules) -> Result<Roster, Vec<Diagnostic>> {
        match Self::parse_lenient(path, text, Some(rules)) {
            (Some(r), d) if d.is_empty() => Ok(r),
            (_, d) => Err(d),
        }
    }

    /// Read the roster, keeping the good rows: every problem is returned,
    /// with the roster of the rows that have none (`None` when the file as a
    /// whole is unreadable). Without `rules` (when points.toml has errors)
    /// roles and teams are not checked.
    pub fn parse_lenient(
        path: &Path,
        text: &str,
        rules: Option<&Rules>,
    ) -> (Option<Roster>, Vec<Diagnostic>) {
        match Self::parse_inner(path, text, rules) {
            Ok((r, d)) => (Some(r), d),
            Err(d) => (None, d),
        }
    }

    fn parse_inner(
        path: &Path,
        text: &str,
        rules: Option<&Rules>,
    ) -> Result<(Roster, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let mut skipped = HashSet::new();
        // Records as (line, fields); the text is UTF-8 already.
        let mut rdr = crate::book::csvread::Reader::new(text.as_bytes());
        let mut records = std::iter::from_fn(move || match rdr.next_record() {
            Ok(Some(r)) => Some(Ok(Fields {
                line: r.line,
                len: r.len,
                fields: r
                    .fields()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            })),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        });
        let header = match records.next() {
            None if !diags.is_empty() => return Err(diags),
            None => {
                return Err(vec![Diagnostic::error(path, 1, tr!(roster.empty))
                    .expected(tr!(roster.empty_expected, header = HEADER.join(",")))
                    .fix(tr!(roster.empty_fix))])
            }
            Some(Err(e)) => {
                diags.push(read_error(path, e));
                return Err(diags);
            }
            Some(Ok(h)) => h,
        };
        let cols: Vec<&str> = header.fields.iter().map(String::as_str).collect();
        let has_teams = cols.len() == 8 && cols[7] == "teams";
        if cols[..cols.len().min(7)] != HEADER[..] || !(cols.len() == 7 || has_teams) {
            diags.push(
                Diagnostic::error(path, 1, tr!(roster.bad_header, header = cols.join(",")))
                    .expected(tr!(roster.bad_header_expected, header = HEADER.join(",")))
                    .fix(tr!(roster.bad_header_fix)),
            );
            return Err(diags);
        }
        let width = cols.len();
        let mut people: Vec<Person> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for rec in records {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    diags.push(read_error(path, e));
                    break;
                }
            };
            let line = rec.line;
            if rec.len() != width && !(width == 8 && rec.len() == 7) {
                diags.push(
                    Diagnostic::error(path, line, tr!(roster.field_count, n = rec.len()))
                        .expected(tr!(
                            roster.field_count_expected,
                            width = width,
                            columns = cols.join(",")
                        ))
                        .fix(tr!(roster.field_count_fix)),
                );
                skipped.insert(rec[0].trim().to_string());
                continue;
            }
            let mut bad = false;
            // The column of an id, and the message when it is not one.
            let mut need_id = |i: usize, diags: &mut Vec<Diagnostic>| {
                let v = rec[i].trim();
                if let Err(e) = id::check(v) {
                    let message = match i {
                        0 => tr!(roster.bad_person_id, id = v, reason = e),
                        2 => tr!(roster.bad_household, id = v, reason = e),
                        _ => tr!(roster.bad_building, id = v, reason = e),
                    };
                    diags.push(
                        Diagnostic::error(path, line, message)
                            .field(i)
                            .expected(tr!(roster.id_expected)),
                    );
                    bad = true;
                }
                v.to_string()
            };
            let pid = need_id(0, &mut diags);
            let household = need_id(2, &mut diags);
            let building = need_id(3, &mut diags);
            let name = rec[1].trim().to_string();
            if name.is_empty() {
                diags.push(
                    Diagnostic::error(path, line, tr!(roster.no_name, person = pid))
                        .field(1)
                        .expected(tr!(roster.no_name_expected)),
                );
                bad = true;
            }
            let role = match rules.map(|r| r.role(rec[4].trim())) {
                None => 0,
                Some(Some(r)) => r,
                Some(None) => {
                    let roles = rules.map_or(String::new(), |r| {
                        i18n::list_plain(&r.roles.iter().map(|r| r.id.as_str()).collect::<Vec<_>>())
                    });
                    diags.push(
                        Diagnostic::error(path, line, tr!(roster.unknown_role, role = &rec[4]))
                            .field(4)
                            .expected(tr!(roster.unknown_role_expected, roles = roles)),
                    );
                    bad = true;
                    0
                }
            };
            let mut date = |i: usize, diags: &mut Vec<Diagnostic>| -> Option<NaiveDate> {
                let v = rec[i].trim();
                if v.is_empty() {
                    return None;
                }
                let d = parse_date(v);
                if d.is_none() {
                    diags.push(
                        Diagnostic::error(
                            path,
                            line,
                            tr!(roster.bad_date, value = v, column = HEADER[i]),
                        )
                        .field(i)
                        .expected(tr!(roster.date_expected)),
                    );
                    bad = true;
                }
                d
            };
            let joined = date(5, &mut diags);
            let left = date(6, &mut diags);
            if let (Some(j), Some(l)) = (joined, left) {
                if l < j {
                    diags.push(
                        Diagnostic::error(
                            path,
                            line,
                            tr!(
                                roster.left_before_joining,
                                person = pid,
                                left = i18n::date(l),
                                joined = i18n::date(j)
                            ),
                        )
                        .field(6)
                        .expected(tr!(roster.left_before_joining_expected)),
                    );
                    bad = true;
                }
            }
            let mut teams = Vec::new();
            if let (8, Some(rules)) = (rec.len(), rules) {
                for t in rec[7].split(';').map(str::trim).filter(|t| !t.is_empty()) {
                    match rules.team(t) {
                        Some(ix) => teams.push(ix),
                        None => {
                            diags.push(
                                Diagnostic::error(path, line, tr!(roster.unknown_team, team = t))
                                    .field(7)
                                    .expected(tr!(
                                        roster.unknown_team_expected,
                                        teams = i18n::list_plain(
                                            &rules
                                                .teams
                                                .iter()
                                                .map(|t| t.id.as_str())
                                                .collect::<Vec<_>>()
                                        )
                                    )),
                            );
                            bad = true;
                        }
                    }
                }
            }
            if let Some(first) = seen.get(&pid) {
                diags.push(
                    Diagnostic::error(path, line, tr!(roster.id_twice, person = pid, line = first))
                        .field(0)
                        .expected(tr!(roster.id_twice_expected))
                        .fix(tr!(roster.id_twice_fix)),
                );
                continue;
            }
            if bad {
                skipped.insert(pid);
                continue;
            }
            seen.insert(pid.clone(), line);
            people.push(Person {
                id: pid,
                name,
                household,
                building,
                role,
                joined,
                left,
                teams,
                line,
            });
        }
        people.sort_by(|a, b| a.id.cmp(&b.id));
        if rules.is_some_and(|r| r.items.iter().any(|i| i.household)) {
            diags.extend(household_is_person(path, &people));
        }
        let ix = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        Ok((
            Roster {
                path: path.to_path_buf(),
                heads: {
                    let mut first: HashMap<&str, usize> = HashMap::default();
                    people
                        .iter()
                        .enumerate()
                        .map(|(i, p)| match p.household.as_str() {
                            "" => i,
                            h => *first.entry(h).or_insert(i),
                        })
                        .collect()
                },
                households: {
                    let mut h = rustc_hash::FxHashMap::default();
                    for (i, p) in people.iter().enumerate() {
                        if !p.household.is_empty() {
                            h.entry(p.household.clone()).or_insert(i);
                        }
                    }
                    h
                },
                people,
                ix,
                skipped,
            },
            diags,
        ))
    }
}

/// Where rules have household items, a household id may not be a person's
/// id too (a ledger row's `person` could mean either): an error at each
/// member of such a household (SPEC §10).
fn household_is_person(path: &Path, people: &[Person]) -> Vec<Diagnostic> {
    let ids: HashMap<&str, usize> = people.iter().map(|p| (p.id.as_str(), p.line)).collect();
    let mut v: Vec<Diagnostic> = people
        .iter()
        .filter_map(|p| {
            let line = *ids.get(p.household.as_str())?;
            Some(
                Diagnostic::error(
                    path,
                    p.line,
                    tr!(household.id_is_person, household = p.household, line = line),
                )
                .field(2)
                .expected(tr!(household.id_is_person_expected)),
            )
        })
        .collect();
    v.sort_by_key(|d| d.line);
    v
}

/// One record of people.csv: its line, field count and fields.
struct Fields {
    line: usize,
    len: usize,
    fields: Vec<String>,
}

impl Fields {
    fn len(&self) -> usize {
        self.len
    }
}

impl std::ops::Index<usize> for Fields {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", String::as_str)
    }
}

fn read_error(path: &Path, e: crate::book::csvread::ReadError) -> Diagnostic {
    match e {
        crate::book::csvread::ReadError::Io(e) => crate::book::missing_file(path, &e),
        crate::book::csvread::ReadError::Unclosed(u) => {
            crate::book::ledger::unclosed_diagnostic(path, u)
        }
    }
}

/// A CSV syntax error (e.g. an unterminated quote) as a diagnostic.
pub fn csv_error(path: &Path, e: &csv::Error) -> Diagnostic {
    let line = e.position().map_or(0, |p| p.line() as usize);
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => crate::book::not_utf8(path, line),
        _ => Diagnostic::error(path, line, tr!(roster.not_csv, detail = e))
            .fix(tr!(roster.not_csv_fix)),
    }
}
