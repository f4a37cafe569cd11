//! `points import ledger FILE --kind open|earn`: a paper tally becomes
//! ledger rows, each validated exactly as `points add` validates one (rules,
//! roles, dates, quantities, caps in ledger order, `max_row_points` unless
//! `--yes`), all or nothing. A sheet row equal to a non-voided row already
//! in the book (date, person, kind, item, qty, and for `open` the points) is
//! skipped and counted — each book row absorbs at most one sheet row — so
//! importing the same sheet twice adds nothing.
//!
//! For an item whose points are a range (SPEC §10, `points = { min, max }`)
//! the 积分 column gives the points per unit, as `add --points` does (§12);
//! for any other earn row that column is not read.

use super::{cell, data_rows, date_of, find_columns, maps, read_sheet, Place, Problem};
use crate::book::append;
use crate::book::Book;
use crate::cmd::write::{Target, Writing};
use crate::cmd::{stop_on_errors, today, Ctx, Fail, Result};
use crate::compute::record::{self, CapUsed, Earn, Problem as RecordProblem};
use crate::compute::scan::{self, Mode, What};
use crate::model::entry_id::IdGen;
use crate::model::{typed, Kind, Points};
use crate::render::{Column, Table, Value};
use crate::sheet::columns::{Field, Found};
use crate::sheet::Sheet;
use crate::tr;
use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// Help texts: `help.import_ledger.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long, value_enum, value_name = "open|earn")]
    pub kind: ImportKind,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub yes: bool,
    #[arg(long, value_name = "HEADER=KEY")]
    pub map: Vec<String>,
    #[command(flatten)]
    pub target: Target,
}

/// The kind of rows a tally becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    // Opening balances carried over from paper (项目 names a category).
    Open,
    // Points earned for items.
    Earn,
}

/// The columns of a tally, Chinese or English.
pub const FIELDS: &[Field] = &[
    Field {
        key: "id",
        names: &["编号", "人员编号"],
    },
    Field {
        key: "person",
        names: &["姓名", "name"],
    },
    Field {
        key: "item",
        names: &["项目", "类别", "category"],
    },
    Field {
        key: "qty",
        names: &["数量", "时长", "次数"],
    },
    Field {
        key: "points",
        names: &["积分", "分值"],
    },
    Field {
        key: "date",
        names: &["日期"],
    },
    Field {
        key: "note",
        names: &["备注"],
    },
];

/// A sheet row read and resolved.
struct Line {
    row: usize,
    date: NaiveDate,
    person: usize,
    /// An item (earn) or a category (open).
    what: usize,
    qty: Option<Points>,
    /// The points of an `open` row as given; of an `earn` row as planned.
    points: Points,
    /// The points per unit of a range item's earn row (the 积分 column).
    given: Option<Points>,
    note: String,
    /// Cap and max_qty notes of an earn row.
    notes: Vec<String>,
}

/// What a row is compared by to find it in the book already.
type Key = (NaiveDate, usize, Kind, What, Option<Points>, Option<Points>);

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    let today = today()?;
    let mut book = ctx.load()?;
    let maps = maps(&args.map, FIELDS)?;
    let sheet = read_sheet(&args.file, FIELDS, &maps)?;
    let mut required: Vec<&[&str]> = vec![&["id", "person"], &["item"], &["date"]];
    if args.kind == ImportKind::Open {
        required.push(&["points"]);
    }
    let found = find_columns(&sheet, FIELDS, &maps, &required)?;
    let kind = match args.kind {
        ImportKind::Open => Kind::Open,
        ImportKind::Earn => Kind::Earn,
    };

    let mut problems: Vec<Problem> = Vec::new();
    let mut lines = read_lines(&book, &sheet, &found, kind, today, &mut problems);
    let mut notes: Vec<String> = super::ignored_note(&found).into_iter().collect();
    if kind == Kind::Earn {
        if let Some((i, h)) = found.column("points") {
            notes.push(tr!(
                import.ledger.points_not_read,
                column = crate::sheet::column_letter(i),
                header = h
            ));
        }
    }
    let mut run_problems = Vec::new();
    let (by, ledger) = args.target.resolve(&book.root, &mut run_problems);
    if !run_problems.is_empty() {
        return Err(crate::cmd::write::refuse(run_problems));
    }
    let by = by.unwrap_or_default();

    // Lock, then look at the book as it stands under the lock.
    let first_year = lines.first().map_or(today.year(), |l| l.date.year());
    let writing = Writing::start(ctx, &mut book, ledger, first_year, args.dry_run)?;
    let persons: FxHashSet<usize> = lines.iter().map(|l| l.person).collect();
    let look = look(&book, kind, &persons, lines.len())?;

    // Rows already in the book are skipped, each book row absorbing one.
    let mut existing = look.existing;
    let mut skipped: Vec<Line> = Vec::new();
    let mut fresh: Vec<Line> = Vec::new();
    for l in lines.drain(..) {
        let k = key(kind, &l);
        match existing.get_mut(&k) {
            Some(n) if *n > 0 => {
                *n -= 1;
                skipped.push(l);
            }
            _ => fresh.push(l),
        }
    }

    // Each row goes to the ledger of its date; caps count in ledger order.
    let mut groups: BTreeMap<std::ffi::OsString, (PathBuf, Vec<usize>)> = BTreeMap::new();
    for (i, l) in fresh.iter().enumerate() {
        let path = book.write_target(ledger, l.date.year());
        let name = path.file_name().map(ToOwned::to_owned).unwrap_or_default();
        groups
            .entry(name)
            .or_insert_with(|| (path, Vec::new()))
            .1
            .push(i);
    }
    let mut extra = CapUsed::default();
    for (name, (path, ix)) in &groups {
        if !args.dry_run {
            append::check_target(path).map_err(|e| Fail::Refused(e.to_string()))?;
        }
        if kind != Kind::Earn {
            continue;
        }
        let later = book
            .ledgers
            .iter()
            .any(|l| l.file_name().is_some_and(|n| n > name.as_os_str()));
        let base = if later {
            let all = std::mem::take(&mut book.ledgers);
            book.ledgers = all
                .iter()
                .filter(|l| l.file_name().is_some_and(|n| n <= name.as_os_str()))
                .cloned()
                .collect();
            let out = scan::scan(&book, Mode::Report, &mut |_: &scan::Entry<'_>| {});
            book.ledgers = all;
            out.cap_used
        } else {
            look.cap_used.clone()
        };
        let shown = path
            .strip_prefix(&book.root)
            .unwrap_or(path)
            .display()
            .to_string();
        for &i in ix {
            let l = &mut fresh[i];
            let e = match plan(&book, l, &base, &extra) {
                Ok(e) => e,
                Err(ps) => {
                    problems.extend(ps.into_iter().map(|p| at_row(l.row, &p)));
                    continue;
                }
            };
            for (owner, cap) in scan::cap_keys(&book.rules, l.what, e.points) {
                let key = scan::cap_key(&book.roster, l.person, owner, &cap, l.date);
                let u = extra.entry(key).or_default();
                *u = u.checked_add(e.points.abs()).unwrap_or(*u);
            }
            if later {
                let ps = record::check_cap_order(
                    &book,
                    l.what,
                    l.date,
                    std::slice::from_ref(&e),
                    &base,
                    &look.cap_used,
                    &shown,
                );
                problems.extend(ps.iter().map(|p| at_row(l.row, p)));
            }
            if !args.yes {
                let ps = record::beyond_row_points(&book, l.what, std::slice::from_ref(&e));
                problems.extend(ps.iter().map(|p| at_row(l.row, p)));
            }
            l.points = e.points;
            l.notes = e.notes.iter().map(ToString::to_string).collect();
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.at.row);
        if ctx.format == crate::render::Format::Json {
            super::refused_json(ctx, &sheet, &found, &problems)?;
        }
        return Err(super::refuse(&sheet, &problems));
    }

    // The rows, each ledger's part as CSV text, and what is shown.
    let mut texts: BTreeMap<usize, String> = BTreeMap::new();
    let mut ids: Vec<Option<String>> = vec![None; fresh.len()];
    let mut new_files = Vec::new();
    for (g, (_, (path, ix))) in groups.iter().enumerate() {
        if !path.exists() {
            new_files.push(shown_path(&book, path));
        }
        for &i in ix {
            let l = &fresh[i];
            let id = look.ids[i].clone();
            let (date, qty, points) = (
                l.date.to_string(),
                scan::qty_text(l.qty),
                l.points.to_string(),
            );
            let row = crate::book::ledger::format_row(&[
                &id,
                &date,
                &book.roster.people[l.person].id,
                kind.as_str(),
                &thing_id(&book, kind, l.what),
                &qty,
                &points,
                &by,
                "",
                &l.note,
            ]);
            texts.entry(g).or_default().push_str(&row);
            ids[i] = Some(id);
        }
    }
    let parts: Vec<(&Path, &str)> = groups
        .values()
        .enumerate()
        .filter_map(|(g, (path, _))| texts.get(&g).map(|t| (path.as_path(), t.as_str())))
        .collect();
    let files: Vec<String> = groups.values().map(|(p, _)| shown_path(&book, p)).collect();
    let dry_run = writing.dry_run;
    writing.finish_parts(&parts)?;

    // One table row per sheet row, in sheet order.
    let mut shown: Vec<(&Line, Option<&String>, bool)> = fresh
        .iter()
        .zip(&ids)
        .map(|(l, id)| (l, id.as_ref(), true))
        .chain(skipped.iter().map(|l| (l, None, false)))
        .collect();
    shown.sort_by_key(|s| s.0.row);
    let mut t = table();
    for (l, id, added) in &shown {
        let p = &book.roster.people[l.person];
        let (status, message) = if *added {
            let status = if dry_run {
                Value::term("added", tr!(import.status.to_add))
            } else {
                Value::term("added", tr!(import.status.added))
            };
            (
                status,
                Value::opt_text((!l.notes.is_empty()).then(|| crate::i18n::list_plain(&l.notes))),
            )
        } else {
            (
                Value::term("skipped", tr!(import.status.skipped)),
                Value::text(tr!(import.ledger.already)),
            )
        };
        t.push(vec![
            Value::Int(l.row as i64),
            status,
            Value::opt_text(id.cloned()),
            Value::text(l.date.to_string()),
            Value::text(p.id.as_str()),
            Value::text(p.name.as_str()),
            Value::term(
                thing_id(&book, kind, l.what),
                record::thing_name(&book, kind, &thing_id(&book, kind, l.what)),
            ),
            l.qty.map_or(Value::Null, Value::Points),
            if *added || kind == Kind::Open {
                Value::Points(l.points)
            } else {
                Value::Null
            },
            message,
        ]);
    }
    let files = crate::i18n::list_and(&files);
    t.title = Some(match (fresh.len(), dry_run) {
        (0, _) if skipped.is_empty() => tr!(import.ledger.empty),
        (0, _) => tr!(import.ledger.nothing, n = skipped.len()),
        (n, true) => tr!(
            import.ledger.dry_run,
            n = n,
            files = files,
            skipped = skipped.len()
        ),
        (n, false) => tr!(
            import.ledger.written,
            n = n,
            files = files,
            skipped = skipped.len()
        ),
    });
    if !dry_run {
        for f in new_files {
            notes.push(tr!(import.ledger.new_file, path = f));
        }
    }
    let awaiting = fresh
        .iter()
        .filter(|l| crate::cmd::approve::awaits(&book, kind, l.what, l.date))
        .count();
    notes.extend(crate::cmd::approve::awaiting_note(awaiting));
    t.notes = notes;
    ctx.table(&t)
}

fn table() -> Table {
    Table::new(vec![
        Column::new("row", tr!(import.col.row)),
        Column::new("status", tr!(import.col.status)),
        Column::new("id", tr!(write.col.id)),
        Column::new("date", tr!(write.col.date)),
        Column::new("person", tr!(write.col.person)),
        Column::new("name", tr!(write.col.name)),
        Column::new("item", tr!(write.col.item)),
        Column::new("qty", tr!(write.col.qty)),
        Column::new("points", tr!(write.col.points)),
        Column::new("message", tr!(import.col.message)),
    ])
}

fn shown_path(book: &Book, p: &Path) -> String {
    p.strip_prefix(&book.root)
        .unwrap_or(p)
        .display()
        .to_string()
}

fn thing_id(book: &Book, kind: Kind, what: usize) -> String {
    match kind {
        Kind::Open => book.rules.categories[what].id.clone(),
        _ => book.rules.items[what].id.clone(),
    }
}

fn key(kind: Kind, l: &Line) -> Key {
    let (what, points) = match kind {
        Kind::Open => (What::Category(l.what), Some(l.points)),
        _ => (What::Item(l.what), None),
    };
    (l.date, l.person, kind, what, l.qty, points)
}

/// A problem of `add`'s at a sheet row.
fn at_row(row: usize, p: &RecordProblem) -> Problem {
    Problem {
        at: Place {
            row: Some(row),
            column: None,
        },
        message: words(p),
    }
}

/// `add`'s problem in the words of a sheet: where `add` names an option
/// (`--qty`, `--date`), the import names the column.
fn words(p: &RecordProblem) -> String {
    use crate::i18n;
    match p {
        RecordProblem::QtyMissing { item } => {
            tr!(import.ledger.qty_missing, item = item, column = "数量")
        }
        RecordProblem::Range(crate::compute::range::Problem::Missing {
            item, min, max, ..
        }) => {
            tr!(
                import.ledger.range_missing,
                item = item,
                min = min,
                max = max,
                column = "积分"
            )
        }
        RecordProblem::Range(crate::compute::range::Problem::Outside {
            item,
            given,
            min,
            max,
        }) => tr!(
            import.ledger.range_outside,
            item = item,
            given = given,
            min = min,
            max = max
        ),
        RecordProblem::Range(crate::compute::range::Problem::NotANumber { text, .. }) => {
            tr!(import.ledger.bad_points, value = text)
        }
        RecordProblem::QtyNotNumber { text, .. } => {
            tr!(import.ledger.qty_not_number, text = text)
        }
        RecordProblem::QtyNotPositive { qty } => tr!(import.ledger.qty_not_number, text = qty),
        RecordProblem::QtyNotWhole { qty, item } => {
            tr!(import.ledger.qty_not_whole, qty = qty, item = item)
        }
        RecordProblem::TooManyHours { qty, item } => {
            tr!(import.ledger.too_many_hours, qty = qty, item = item)
        }
        RecordProblem::FutureDate { date, today } => tr!(
            import.ledger.future_date,
            date = i18n::date(*date),
            today = i18n::date(*today)
        ),
        RecordProblem::BeyondRowPoints {
            person,
            item,
            points,
            max,
        } => tr!(
            import.ledger.beyond_row_points,
            column = "数量",
            person = person,
            item = item,
            points = points,
            max = max
        ),
        p => p.to_string(),
    }
}

/// The points of one earn row, capped against the room the book (`base`)
/// and the rows planned before it (`extra`) have taken.
/// A range item's row takes its points per unit from the sheet (`given`).
fn plan(
    book: &Book,
    l: &Line,
    base: &CapUsed,
    extra: &CapUsed,
) -> std::result::Result<Earn, Vec<RecordProblem>> {
    // Only this row's cap counters, so that no whole map is copied per row.
    let mut used = CapUsed::default();
    for sign in [1, -1] {
        for (owner, cap) in scan::cap_keys(&book.rules, l.what, Points::from_whole(sign)) {
            let key = scan::cap_key(&book.roster, l.person, owner, &cap, l.date);
            let a = base.get(&key).copied().unwrap_or_default();
            let b = extra.get(&key).copied().unwrap_or_default();
            used.insert(key, a.checked_add(b).ok_or(vec![RecordProblem::TooLarge])?);
        }
    }
    let qty = l.qty.unwrap_or_default();
    let mut v = record::plan_earn(book, l.what, &[l.person], qty, l.given, l.date, &used)?;
    v.pop().ok_or_else(|| vec![RecordProblem::TooLarge])
}

/// What the import learns from the book under the lock.
struct Looked {
    /// Non-voided rows of the sheet's people by what they are compared by.
    existing: FxHashMap<Key, u32>,
    cap_used: CapUsed,
    /// Fresh entry ids, as many as the sheet has rows.
    ids: Vec<String>,
}

/// One pass over the book (fresh ids that it does not use; a book with
/// errors is refused, as `add` refuses it).
fn look(book: &Book, kind: Kind, persons: &FxHashSet<usize>, count: usize) -> Result<Looked> {
    let mut gen = IdGen::from_env();
    let mut ids: Vec<String> = Vec::with_capacity(count);
    for _ in 0..20 {
        let mut seen: FxHashSet<String> = ids.iter().cloned().collect();
        while ids.len() < count {
            let id = gen.next_id();
            if seen.insert(id.clone()) {
                ids.push(id);
            }
        }
        let wanted: FxHashSet<&str> = ids.iter().map(String::as_str).collect();
        let mut clashes: FxHashSet<String> = FxHashSet::default();
        let mut existing: FxHashMap<Key, u32> = FxHashMap::default();
        let mut visit = |e: &scan::Entry<'_>| {
            if wanted.contains(e.id) {
                clashes.insert(e.id.to_string());
            }
            if e.kind == kind && e.counts() && persons.contains(&e.person) {
                let points = (kind == Kind::Open).then_some(e.points);
                *existing
                    .entry((e.date, e.person, e.kind, e.what, e.qty, points))
                    .or_default() += 1;
            }
        };
        let mut out = scan::scan(book, Mode::Report, &mut visit);
        stop_on_errors(std::mem::take(&mut out.diagnostics), true)?;
        if clashes.is_empty() {
            return Ok(Looked {
                existing,
                cap_used: out.cap_used,
                ids,
            });
        }
        ids.retain(|i| !clashes.contains(i));
    }
    Err(Fail::Refused(tr!(write.no_fresh_ids)))
}

/// Every data row of the tally, resolved; a row with a problem is left out
/// and its problems are added.
fn read_lines(
    book: &Book,
    sheet: &Sheet,
    found: &Found,
    kind: Kind,
    today: NaiveDate,
    problems: &mut Vec<Problem>,
) -> Vec<Line> {
    let mut people: FxHashMap<String, std::result::Result<usize, String>> = FxHashMap::default();
    let mut person_of = |text: &str| {
        people
            .entry(text.to_string())
            .or_insert_with(|| {
                crate::book::lookup::person(&book.roster, text).map_err(|p| p.render("      "))
            })
            .clone()
    };
    let mut out = Vec::new();
    for row in data_rows(sheet, found) {
        let before = problems.len();
        let mut bad = |at: Place, message: String| problems.push(Problem { at, message });
        // The person: by 编号, else by 姓名; both must agree.
        let (id_cell, id_at) = cell(row, found, "id");
        let (name_cell, name_at) = cell(row, found, "person");
        let (id_text, name_text) = (
            typed(&id_cell.text()).to_string(),
            typed(&name_cell.text()).to_string(),
        );
        let by_id = (!id_text.is_empty()).then(|| person_of(&id_text));
        let by_name = (!name_text.is_empty()).then(|| person_of(&name_text));
        let person = match (by_id, by_name) {
            (None, None) => {
                bad(
                    name_at,
                    tr!(
                        import.ledger.no_person,
                        columns = crate::i18n::list_or(&["姓名", "编号"])
                    ),
                );
                None
            }
            (Some(Err(m)), _) => {
                bad(id_at, m);
                None
            }
            (Some(Ok(a)), Some(Ok(b))) if a != b => {
                let p = &book.roster.people[a];
                bad(
                    name_at,
                    tr!(
                        import.ledger.id_and_name,
                        id = p.id,
                        name = p.name,
                        given = name_text
                    ),
                );
                None
            }
            (Some(Ok(a)), _) => Some(a),
            (None, Some(Err(m))) => {
                bad(name_at, m);
                None
            }
            (None, Some(Ok(b))) => Some(b),
        };
        // The item (a category for open rows).
        let (item_cell, item_at) = cell(row, found, "item");
        let item_text = typed(&item_cell.text()).to_string();
        let what = if item_text.is_empty() {
            bad(item_at.clone(), tr!(import.ledger.no_item));
            None
        } else {
            let r = match kind {
                Kind::Open => crate::book::lookup::category(&book.rules, &item_text),
                _ => crate::book::lookup::item(&book.rules, &item_text),
            };
            r.map_err(|p| bad(item_at.clone(), p.render("      "))).ok()
        };
        // The date: not in the future.
        let (date_cell, date_at) = cell(row, found, "date");
        let date = match date_of(date_cell) {
            Ok(Some(d)) if d > today => {
                bad(
                    date_at.clone(),
                    words(&RecordProblem::FutureDate { date: d, today }),
                );
                None
            }
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                bad(date_at.clone(), tr!(import.ledger.no_date));
                None
            }
            Err(m) => {
                bad(date_at.clone(), m);
                None
            }
        };
        // The quantity and, for open rows, the points.
        let (qty_cell, qty_at) = cell(row, found, "qty");
        let qty_text = qty_cell.text();
        let qty_text = (!qty_text.is_empty()).then_some(qty_text);
        let mut points = Points::ZERO;
        let qty = match kind {
            Kind::Open => {
                let (p_cell, p_at) = cell(row, found, "points");
                match Points::parse(&typed(&p_cell.text())) {
                    Ok(p) => points = p,
                    Err(_) => bad(p_at, tr!(import.ledger.bad_points, value = p_cell.text())),
                }
                match qty_text.as_deref().map(|q| Points::parse(&typed(q))) {
                    None => Some(None),
                    Some(Ok(q)) if !q.is_negative() => Some(Some(q)),
                    Some(_) => {
                        bad(
                            qty_at,
                            tr!(import.ledger.bad_open_qty, value = qty_cell.text()),
                        );
                        None
                    }
                }
            }
            _ => {
                let r = match what {
                    Some(i) => record::earn_qty(book, i, qty_text.as_deref()),
                    None => qty_text
                        .as_deref()
                        .map_or(Ok(Points::ZERO), record::parse_qty),
                };
                r.map_err(|p| bad(qty_at, words(&p))).ok().map(Some)
            }
        };
        // A range item's points per unit: the 积分 column (SPEC §12).
        let mut given = None;
        if let (Kind::Earn, Some(i), Some(p), Some(d)) = (kind, what, person, date) {
            let ranged = book.rules.items[i]
                .rates
                .on(d)
                .and_then(|r| r.for_role(book.roster.people[p].role))
                .is_some_and(|r| r.range().is_some());
            if ranged {
                let (p_cell, p_at) = cell(row, found, "points");
                let text = p_cell.text();
                if !text.trim().is_empty() {
                    match crate::compute::range::parse(&text) {
                        Ok(v) => given = Some(v),
                        Err(e) => bad(p_at, words(&e.into())),
                    }
                }
            }
        }
        if let (Kind::Earn, Some(i), Some(p), Some(d)) = (kind, what, person, date) {
            for pr in record::check_earner(book, i, p, d, given) {
                let at = match pr {
                    RecordProblem::NotLiving { .. } => date_at.clone(),
                    _ => item_at.clone(),
                };
                bad(at, words(&pr));
            }
        }
        let note = cell(row, found, "note").0.text();
        if problems.len() != before {
            continue;
        }
        if let (Some(date), Some(person), Some(what), Some(qty)) = (date, person, what, qty) {
            out.push(Line {
                row: row.number,
                date,
                person,
                what,
                qty,
                points,
                given,
                note,
                notes: Vec::new(),
            });
        }
    }
    out
}
