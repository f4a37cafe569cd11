//! `points import people FILE`: a roster sheet merged into `people.csv`.
//! New people are added (with the next id of the roster's pattern where the
//! sheet has none), changed fields of people already there are applied and
//! listed, and nobody is removed (people the sheet lacks are listed).
//! The book's own `people.csv` re-saved by Excel (GBK, `2025/1/5`, blank
//! rows) is read like any sheet, so importing it normalizes it in place.

use super::{cell, data_rows, date_of, find_columns, maps, read_sheet, refuse, Place, Problem};
use crate::book::lock::{BookLock, Mode};
use crate::book::rules::Rules;
use crate::book::{as_dir, Roster, PEOPLE_FILE, RULES_FILE};
use crate::cmd::{lock_timeout, settle, tell_waiting, Ctx, Fail, Result};
use crate::model::{id, typed};
use crate::render::{Column, Table, Value};
use crate::sheet::columns::{Field, Found};
use crate::sheet::{Cell, Row, Sheet};
use crate::{i18n, tr};
use chrono::NaiveDate;
use std::path::PathBuf;

// Help texts: `help.import_people.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_name = "HEADER=KEY")]
    pub map: Vec<String>,
    #[arg(long, value_name = "VALUE=ROLE")]
    pub map_role: Vec<String>,
    #[arg(long)]
    pub yes: bool,
}

/// The columns of a roster sheet, Chinese or English.
pub const FIELDS: &[Field] = &[
    Field {
        key: "id",
        names: &["编号", "人员编号", "ID"],
    },
    Field {
        key: "name",
        names: &["姓名", "name"],
    },
    Field {
        key: "household",
        names: &["户号", "household"],
    },
    Field {
        key: "building",
        names: &["楼栋", "楼号", "building"],
    },
    Field {
        key: "role",
        names: &["身份", "政治面貌", "role"],
    },
    Field {
        key: "joined",
        names: &["入住日期", "joined"],
    },
    Field {
        key: "left",
        names: &["迁出日期", "left"],
    },
    Field {
        key: "teams",
        names: &["队伍", "teams"],
    },
];

/// One person as a roster row holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rec {
    id: String,
    name: String,
    household: String,
    building: String,
    /// The role's id.
    role: String,
    joined: Option<NaiveDate>,
    left: Option<NaiveDate>,
    /// Team ids.
    teams: Vec<String>,
}

/// A sheet row read: its number, the person, and which fields it gave.
struct Read {
    row: usize,
    rec: Rec,
    has_id: bool,
}

/// What happens to a sheet row.
enum Fate {
    Added,
    Updated(Vec<String>),
    Unchanged,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    ctx.open_book()?;
    let root = ctx.book_dir.clone();
    // A write holds the book alone from before people.csv is read until it
    // is replaced: what was merged is what is written over.
    if !args.dry_run {
        let dir = as_dir(&root);
        let mut lock = match ctx.lock.take() {
            Some(l) => l,
            None => BookLock::acquire(dir, Mode::Exclusive, lock_timeout()?, &mut tell_waiting)
                .map_err(nothing_written)?,
        };
        lock.upgrade(lock_timeout()?, &mut tell_waiting)
            .map_err(nothing_written)?;
        settle(&root, &mut lock)?;
        ctx.lock = Some(lock);
    }
    let rules = Rules::load(&root.join(RULES_FILE)).map_err(Fail::problems)?;
    let maps = maps(&args.map, FIELDS)?;
    let role_maps = role_maps(&rules, &args.map_role)?;

    // The book's roster as it stands, read as a sheet too: Excel may have
    // re-saved it.
    let roster_path = root.join(PEOPLE_FILE);
    let current = read_sheet(&roster_path, FIELDS, &[])?;
    let current_cols = find_columns(
        &current,
        FIELDS,
        &[],
        &[&["id"], &["name"], &["household"], &["building"], &["role"]],
    )?;
    let (existing, problems) = read_people(&current, &current_cols, &rules, &[]);
    if !problems.is_empty() {
        if ctx.format == crate::render::Format::Json {
            super::refused_json(ctx, &current, &current_cols, &problems)?;
        }
        return Err(refuse(&current, &problems));
    }

    let sheet = read_sheet(&args.file, FIELDS, &maps)?;
    let found = find_columns(
        &sheet,
        FIELDS,
        &maps,
        &[&["name"], &["household"], &["building"], &["role"]],
    )?;
    let (given, mut problems) = read_people(&sheet, &found, &rules, &role_maps);

    // Merge: match by id, else by name and household.
    let mut people: Vec<Rec> = existing.iter().map(|r| r.rec.clone()).collect();
    let mut claimed: Vec<Option<usize>> = vec![None; people.len()];
    let mut fates: Vec<(usize, Option<usize>, Fate)> = Vec::new();
    let mut new_people: Vec<(usize, Rec, bool)> = Vec::new();
    for g in &given {
        let at = if g.has_id {
            people.iter().position(|p| p.id == g.rec.id)
        } else {
            let same: Vec<usize> = (0..people.len())
                .filter(|&i| people[i].name == g.rec.name && people[i].household == g.rec.household)
                .collect();
            if same.len() > 1 {
                problems.push(Problem {
                    at: row_place(g.row),
                    message: tr!(
                        import.people.ambiguous,
                        column = "编号",
                        name = g.rec.name,
                        household = g.rec.household,
                        ids = i18n::list_or(
                            &same
                                .iter()
                                .map(|&i| people[i].id.as_str())
                                .collect::<Vec<_>>()
                        )
                    ),
                });
                continue;
            }
            same.first().copied()
        };
        let Some(i) = at else {
            // A new person: the same one twice in the sheet is an error.
            if let Some((first, _, _)) = new_people.iter().find(|(_, r, has_id)| {
                if g.has_id && *has_id {
                    r.id == g.rec.id
                } else {
                    r.name == g.rec.name && r.household == g.rec.household
                }
            }) {
                problems.push(twice(g, *first));
                continue;
            }
            new_people.push((g.row, g.rec.clone(), g.has_id));
            continue;
        };
        if let Some(first) = claimed[i] {
            problems.push(twice(g, first));
            continue;
        }
        claimed[i] = Some(g.row);
        let old = &people[i];
        let mut new = g.rec.clone();
        new.id = old.id.clone();
        // Columns the sheet does not have keep their values.
        if found.column("joined").is_none() {
            new.joined = old.joined;
        }
        if found.column("left").is_none() {
            new.left = old.left;
        }
        if found.column("teams").is_none() {
            new.teams = old.teams.clone();
        }
        let changes = changes(&rules, old, &new);
        let fate = if changes.is_empty() {
            Fate::Unchanged
        } else {
            Fate::Updated(changes)
        };
        people[i] = new;
        fates.push((g.row, Some(i), fate));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.at.row);
        if ctx.format == crate::render::Format::Json {
            super::refused_json(ctx, &sheet, &found, &problems)?;
        }
        return Err(refuse(&sheet, &problems));
    }

    // New people: their ids, given or next in the roster's pattern.
    let mut next = NextId::new(
        people
            .iter()
            .map(|p| p.id.as_str())
            .chain(new_people.iter().filter(|n| n.2).map(|n| n.1.id.as_str())),
    );
    for (row, mut rec, has_id) in new_people {
        if !has_id {
            rec.id = next.take();
        }
        people.push(rec);
        fates.push((row, Some(people.len() - 1), Fate::Added));
    }
    fates.sort_by_key(|f| f.0);
    let missing: Vec<usize> = (0..existing.len())
        .filter(|&i| claimed[i].is_none())
        .collect();

    // The new people.csv, checked as the book will read it.
    let teams_column =
        current_cols.column("teams").is_some() || people.iter().any(|p| !p.teams.is_empty());
    let text = roster_text(&people, teams_column);
    let roster = match Roster::parse(&roster_path, &text, &rules) {
        Ok(r) => r,
        Err(d) => {
            let list: String = d.iter().map(|d| format!("\n  - {}", d.message)).collect();
            return Err(Fail::Refused(tr!(
                import.people.invalid,
                n = d.len(),
                list = list
            )));
        }
    };
    // Changed people may make rows of the ledgers wrong (a `left` date
    // before rows they earned, a role an item does not allow): refused
    // unless --yes, as `add` refuses an unlikely row.
    if !args.yes {
        ledger_errors(&root, rules.clone(), roster)?;
    }
    let changed = text.as_bytes() != std::fs::read(&roster_path).unwrap_or_default();

    let added = fates.iter().filter(|f| matches!(f.2, Fate::Added)).count();
    let updated = fates
        .iter()
        .filter(|f| matches!(f.2, Fate::Updated(_)))
        .count();
    if !args.dry_run && changed {
        super::write_atomically(&roster_path, &text).map_err(|e| {
            Fail::Refused(tr!(
                import.people.not_written,
                path = roster_path.display(),
                why = crate::book::io_reason(&e)
            ))
        })?;
    }

    let mut t = Table::new(vec![
        Column::new("row", tr!(import.col.row)),
        Column::new("status", tr!(import.col.status)),
        Column::new("id", tr!(import.col.id)),
        Column::new("name", tr!(import.col.name)),
        Column::new("message", tr!(import.col.changes)),
    ]);
    for (row, i, fate) in &fates {
        let p = i.map(|i| &people[i]);
        let (status, message) = match fate {
            Fate::Added => (
                Value::term("added", tr!(import.status.added)),
                Value::text(tr!(import.people.new_person)),
            ),
            Fate::Updated(c) => (
                Value::term("updated", tr!(import.status.updated)),
                Value::text(i18n::list_plain(c)),
            ),
            Fate::Unchanged => (
                Value::term("skipped", tr!(import.status.unchanged)),
                Value::Null,
            ),
        };
        t.push(vec![
            Value::Int(*row as i64),
            status,
            Value::opt_text(p.map(|p| p.id.clone())),
            Value::opt_text(p.map(|p| p.name.clone())),
            message,
        ]);
    }
    for &i in &missing {
        let p = &people[i];
        t.push(vec![
            Value::Null,
            Value::term("missing", tr!(import.status.missing)),
            Value::text(p.id.as_str()),
            Value::text(p.name.as_str()),
            Value::text(tr!(import.people.kept)),
        ]);
    }
    let path = roster_path.display().to_string();
    t.title = Some(match (args.dry_run, changed) {
        (true, _) => tr!(
            import.people.dry_run,
            path = path,
            added = added,
            updated = updated
        ),
        (false, true) if added == 0 && updated == 0 => {
            tr!(import.people.normalized, path = path)
        }
        (false, true) => tr!(
            import.people.written,
            path = path,
            added = added,
            updated = updated
        ),
        (false, false) => tr!(import.people.nothing_to_do, path = path),
    });
    t.notes.extend(super::ignored_note(&found));
    if !missing.is_empty() {
        t.notes
            .push(tr!(import.people.missing_note, n = missing.len()));
    }
    ctx.table(&t)
}

/// Refuse a roster under which the book's ledgers have errors, showing the
/// first of them.
fn ledger_errors(root: &std::path::Path, rules: Rules, roster: Roster) -> Result {
    use crate::book::diag::{decorate, Diagnostic, Problems};
    let ledgers = crate::book::list_ledgers(root).map_err(|d| Fail::problems(vec![d]))?;
    let book = crate::book::Book {
        root: root.to_path_buf(),
        rules,
        roster,
        ledgers,
    };
    let out = crate::compute::scan::scan(
        &book,
        crate::compute::scan::Mode::Report,
        &mut |_: &crate::compute::scan::Entry<'_>| {},
    );
    let errors: Vec<Diagnostic> = out
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    let n = errors.len();
    let mut shown: Vec<Diagnostic> = errors.into_iter().take(10).collect();
    decorate(&mut shown);
    let mut text = Problems(shown).to_string();
    text.push_str(&tr!(
        common.error_line,
        message = tr!(import.people.ledger_errors, n = n)
    ));
    text.push('\n');
    Err(Fail::Shown(text))
}

fn nothing_written(e: crate::book::lock::LockError) -> Fail {
    Fail::Refused(tr!(cmd.nothing_written, message = e))
}

fn row_place(row: usize) -> Place {
    Place {
        row: Some(row),
        column: None,
    }
}

/// The same person on two rows of the sheet.
fn twice(g: &Read, first: usize) -> Problem {
    Problem {
        at: row_place(g.row),
        message: tr!(
            import.people.twice,
            name = g.rec.name,
            household = g.rec.household,
            first = first
        ),
    }
}

/// `--map-role 共青团员=resident`: a value and the role it means.
fn role_maps(rules: &Rules, given: &[String]) -> Result<Vec<(String, String)>> {
    given
        .iter()
        .map(|m| {
            let (v, r) = m
                .split_once('=')
                .map(|(v, r)| (typed(v).to_string(), typed(r).to_string()))
                .filter(|(v, _)| !v.is_empty())
                .ok_or_else(|| Fail::Usage(tr!(import.people.bad_map_role, map = m)))?;
            let role = role_by(rules, &r).ok_or_else(|| {
                Fail::Usage(tr!(
                    import.people.bad_map_role_target,
                    map = m,
                    role = r,
                    roles = roles_words(rules)
                ))
            })?;
            Ok((v, rules.roles[role].id.clone()))
        })
        .collect()
}

/// A role by id or name.
fn role_by(rules: &Rules, v: &str) -> Option<usize> {
    rules
        .role(v)
        .or_else(|| rules.roles.iter().position(|r| r.name == v))
}

/// "party (党员), resident (群众)".
fn roles_words(rules: &Rules) -> String {
    let v: Vec<String> = rules
        .roles
        .iter()
        .map(|r| tr!(import.people.role_words, id = r.id, name = r.name))
        .collect();
    i18n::list_or(&v)
}

/// The role a cell names: `--map-role` first, then a role's id or name,
/// then 中共党员/中共预备党员 (the role named 党员) — or why not.
fn role_of(
    rules: &Rules,
    role_maps: &[(String, String)],
    v: &str,
) -> std::result::Result<String, String> {
    if let Some((_, r)) = role_maps.iter().find(|(m, _)| m == v) {
        return Ok(r.clone());
    }
    if let Some(r) = role_by(rules, v) {
        return Ok(rules.roles[r].id.clone());
    }
    if v == "中共党员" || v == "中共预备党员" {
        if let Some(r) = rules.roles.iter().find(|r| r.name == "党员") {
            return Ok(r.id.clone());
        }
    }
    Err(tr!(
        import.people.unknown_role,
        value = v,
        roles = roles_words(rules)
    ))
}

/// Every data row of a roster sheet as a person, and every problem.
fn read_people(
    sheet: &Sheet,
    found: &Found,
    rules: &Rules,
    role_maps: &[(String, String)],
) -> (Vec<Read>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for row in data_rows(sheet, found) {
        let before = problems.len();
        let rec = read_row(row, found, rules, role_maps, &mut problems);
        if problems.len() == before {
            let has_id = !rec.id.is_empty();
            out.push(Read {
                row: row.number,
                rec,
                has_id,
            });
        }
    }
    (out, problems)
}

fn read_row(
    row: &Row,
    found: &Found,
    rules: &Rules,
    role_maps: &[(String, String)],
    problems: &mut Vec<Problem>,
) -> Rec {
    let text = |key: &str| -> (String, Place) {
        let (c, at) = cell(row, found, key);
        (typed(&c.text()).to_string(), at)
    };
    let an_id = |key: &str, problems: &mut Vec<Problem>, required: bool| -> String {
        let (v, at) = text(key);
        if v.is_empty() && !required {
            return v;
        }
        if let Err(e) = id::check(&v) {
            problems.push(Problem {
                at,
                message: tr!(import.people.bad_id, value = v, reason = e),
            });
        }
        v
    };
    let pid = an_id("id", problems, false);
    let household = an_id("household", problems, true);
    let building = an_id("building", problems, true);
    let (name, at) = {
        let (c, at) = cell(row, found, "name");
        (c.text(), at)
    };
    if name.is_empty() {
        problems.push(Problem {
            at,
            message: tr!(import.people.no_name),
        });
    }
    let (role_text, at) = {
        let (c, at) = cell(row, found, "role");
        (typed(&c.text()).to_string(), at)
    };
    let role = match role_of(rules, role_maps, &role_text) {
        Ok(r) => r,
        Err(m) => {
            problems.push(Problem { at, message: m });
            String::new()
        }
    };
    let date = |key: &str, problems: &mut Vec<Problem>| -> Option<NaiveDate> {
        let (c, at): (&Cell, Place) = cell(row, found, key);
        date_of(c)
            .map_err(|message| problems.push(Problem { at, message }))
            .ok()
            .flatten()
    };
    let joined = date("joined", problems);
    let left = date("left", problems);
    if let (Some(j), Some(l)) = (joined, left) {
        if l < j {
            let (_, at) = cell(row, found, "left");
            problems.push(Problem {
                at,
                message: tr!(
                    import.people.left_before_joined,
                    left = i18n::date(l),
                    joined = i18n::date(j)
                ),
            });
        }
    }
    let (teams_text, at) = {
        let (c, at) = cell(row, found, "teams");
        (typed(&c.text()).to_string(), at)
    };
    let mut teams = Vec::new();
    for t in teams_text
        .split([';', '；', ',', '，', '、'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        match rules
            .team(t)
            .or_else(|| rules.teams.iter().position(|x| x.name == t))
        {
            Some(i) => teams.push(rules.teams[i].id.clone()),
            None => {
                let known: Vec<String> = rules
                    .teams
                    .iter()
                    .map(|x| tr!(import.people.role_words, id = x.id, name = x.name))
                    .collect();
                problems.push(Problem {
                    at: at.clone(),
                    message: tr!(
                        import.people.unknown_team,
                        value = t,
                        teams = if known.is_empty() {
                            tr!(check.none_defined)
                        } else {
                            i18n::list_or(&known)
                        }
                    ),
                });
            }
        }
    }
    Rec {
        id: pid,
        name,
        household,
        building,
        role,
        joined,
        left,
        teams,
    }
}

/// What changes from `old` to `new`, field by field: "household: H1 → H2".
fn changes(rules: &Rules, old: &Rec, new: &Rec) -> Vec<String> {
    let date = |d: Option<NaiveDate>| d.map_or_else(|| "—".to_string(), |d| d.to_string());
    let role = |r: &str| {
        rules
            .role(r)
            .map_or_else(|| r.to_string(), |i| rules.roles[i].name.clone())
    };
    let teams = |t: &[String]| {
        if t.is_empty() {
            "—".to_string()
        } else {
            t.join(";")
        }
    };
    let mut v = Vec::new();
    let mut change = |field: String, a: String, b: String| {
        if a != b {
            v.push(tr!(import.people.change, field = field, from = a, to = b));
        }
    };
    change(
        tr!(import.people.field.name),
        old.name.clone(),
        new.name.clone(),
    );
    change(
        tr!(import.people.field.household),
        old.household.clone(),
        new.household.clone(),
    );
    change(
        tr!(import.people.field.building),
        old.building.clone(),
        new.building.clone(),
    );
    change(
        tr!(import.people.field.role),
        role(&old.role),
        role(&new.role),
    );
    change(
        tr!(import.people.field.joined),
        date(old.joined),
        date(new.joined),
    );
    change(
        tr!(import.people.field.left),
        date(old.left),
        date(new.left),
    );
    change(
        tr!(import.people.field.teams),
        teams(&old.teams),
        teams(&new.teams),
    );
    v
}

/// people.csv as the book writes it: UTF-8, ISO dates, one row per person.
fn roster_text(people: &[Rec], teams: bool) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut header: Vec<&str> = crate::book::roster::HEADER.to_vec();
    if teams {
        header.push("teams");
    }
    let _ = w.write_record(&header);
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for p in people {
        let mut r = vec![
            p.id.clone(),
            p.name.clone(),
            p.household.clone(),
            p.building.clone(),
            p.role.clone(),
            date(p.joined),
            date(p.left),
        ];
        if teams {
            r.push(p.teams.join(";"));
        }
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The next ids of the roster's pattern (SPEC §12): the non-digit prefix and
/// the largest trailing number of the existing ids plus one, zero-padded to
/// the widest; an empty roster starts at P001.
struct NextId {
    prefix: String,
    number: u64,
    width: usize,
}

impl NextId {
    fn new<'a>(ids: impl Iterator<Item = &'a str>) -> NextId {
        let mut best: Option<(u64, String)> = None;
        let mut width = 3;
        let mut any = false;
        let split = |s: &'a str| {
            let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            s.split_at(s.len() - digits)
        };
        let all: Vec<&str> = ids.collect();
        for id in &all {
            let (prefix, digits) = split(id);
            if digits.is_empty() || digits.len() > 18 {
                continue;
            }
            let n: u64 = digits.parse().unwrap_or(0);
            if best.as_ref().is_none_or(|(m, _)| n > *m) {
                best = Some((n, prefix.to_string()));
            }
            any = true;
        }
        let (number, prefix) = best.unwrap_or((0, "P".to_string()));
        if any {
            width = all
                .iter()
                .map(|id| split(id))
                .filter(|(p, d)| *p == prefix && !d.is_empty())
                .map(|(_, d)| d.len())
                .max()
                .unwrap_or(3);
        }
        NextId {
            prefix,
            number,
            width,
        }
    }

    fn take(&mut self) -> String {
        self.number += 1;
        format!("{}{:0w$}", self.prefix, self.number, w = self.width)
    }
}

#[cfg(test)]
mod tests {
    use super::NextId;

    #[test]
    fn ids_follow_the_pattern() {
        let mut n = NextId::new(["P358", "P360", "P009"].into_iter());
        assert_eq!(n.take(), "P361");
        assert_eq!(n.take(), "P362");
        let mut n = NextId::new(std::iter::empty());
        assert_eq!(n.take(), "P001");
        let mut n = NextId::new(["P01", "P06"].into_iter());
        assert_eq!(n.take(), "P07");
        let mut n = NextId::new(["R099"].into_iter());
        assert_eq!(n.take(), "R100");
    }
}
