//! `points verify FILE` (SPEC §9, §12): is a published output what the book
//! gives? Reads the fixed `points-provenance:` line of FILE (md, table,
//! html or xlsx), makes the output again — the recorded command, less its
//! `--output`, `--book` and `--at`, plus `--at <the recorded commit>` and
//! verify's own `--book`, run as a child process of this same program whose
//! fixed line carries the recorded arguments (`provenance::ARGV_ENV`), so
//! that an unchanged output comes out byte for byte — and compares it with
//! FILE (text line by line, xlsx cell by cell). Without a
//! recorded `--lang` the language is the one the book resolves to now (an
//! html page's `lang` first); the other is tried too, and an exact match in
//! either is a match. Then the history since that commit is audited
//! (`history::since`): a committed row, ledger, person or rule behind the
//! output changed since is a changed history; rows appended since are fine,
//! and said. Exit 1 on a mismatch or a changed history.
//!
//! [`verify_file`] is what `approve --notice` calls.

mod compare;
mod file;

use crate::book::as_dir;
use crate::cmd::{Ctx, Fail, Result};
use crate::history::audit::{Commit, Finding, What};
use crate::history::since::{self, Problem};
use crate::history::{Error, Repo};
use crate::i18n::{self, Lang};
use crate::render::Format;
use crate::{tr, Command};
use compare::{Compared, Diff};
use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

// Help texts: `help.verify.*` in src/i18n/*.toml.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
}

/// What a file's fixed provenance line records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// 40 hex digits; `None` for `commit=none` (made outside git).
    pub commit: Option<String>,
    pub dirty: bool,
    /// 64 hex digits.
    pub fingerprint: String,
    /// The arguments after the program name.
    pub argv: Vec<String>,
}

/// What `verify` found.
#[derive(Clone, Debug)]
pub struct Verdict {
    /// The file is what the book gives at the recorded commit.
    pub matches: bool,
    /// A row, ledger, person or rule behind the file was changed since.
    pub history_changed: bool,
    /// In words: the differences found (at most 20 of the file's, then how
    /// many more), then the history's findings.
    pub differences: Vec<String>,
    /// Ledger rows appended since the recorded commit.
    pub appended: u64,
    pub provenance: Recorded,
    /// The recorded commit (its date, author), as the history holds it.
    pub commit: Commit,
    /// Commits after it that touched the book.
    pub commits: usize,
    /// What was compared.
    pub compared: Compared,
    /// How many of `differences` (the first ones) are the file's.
    pub file_differences: usize,
    /// How many differences the file has in all (named or counted).
    pub found: usize,
}

/// At most this many of the file's differences are named.
const MAX_SHOWN: usize = 20;

pub fn run(ctx: &mut Ctx, args: Args) -> Result {
    if !matches!(ctx.format, Format::Table | Format::Json | Format::Md) {
        return Err(Fail::Usage(tr!(
            verify.format,
            format = format!("{:?}", ctx.format).to_lowercase()
        )));
    }
    let v = verify_file(ctx, &args.file)?;
    show(ctx, &args.file, &v)?;
    if !v.matches || v.history_changed {
        ctx.out.flush()?;
        return Err(Fail::Shown(String::new()));
    }
    Ok(())
}

/// Verify the output in `file` against the book at `ctx.book_dir` and its
/// history. Err: the file cannot be verified at all (no provenance line,
/// made from uncommitted files or outside git, a commit not in the
/// repository), said in words.
pub fn verify_file(ctx: &mut Ctx, file: &Path) -> Result<Verdict> {
    let path = file.display().to_string();
    if crate::book::source::at().is_some() {
        return Err(Fail::Usage(tr!(verify.with_at)));
    }
    let bytes = std::fs::read(file).map_err(|e| {
        Fail::Refused(if e.kind() == std::io::ErrorKind::NotFound {
            tr!(verify.not_found, path = path)
        } else {
            tr!(
                verify.cannot_read,
                path = path,
                reason = crate::book::io_reason(&e)
            )
        })
    })?;
    let out = file::read(&bytes).map_err(|e| {
        Fail::Refused(match e {
            file::Unreadable::NotText => tr!(verify.not_an_output, path = path),
            file::Unreadable::Workbook(why) => tr!(verify.bad_workbook, path = path, why = why),
        })
    })?;
    let line = out
        .line
        .clone()
        .ok_or_else(|| Fail::Refused(tr!(verify.no_line, path = path)))?;
    let recorded = file::parse(&line)
        .map_err(|part| Fail::Refused(tr!(verify.bad_line, path = path, part = part)))?;
    if recorded.dirty {
        return Err(Fail::Refused(tr!(verify.dirty, path = path)));
    }
    let Some(commit) = recorded.commit.clone() else {
        return Err(Fail::Refused(tr!(verify.outside, path = path)));
    };
    let book = as_dir(&ctx.book_dir).to_path_buf();
    let book_shown = book.display().to_string();
    let repo = Repo::open(&book).map_err(|e| match e {
        Error::Outside | Error::Unborn => {
            Fail::Refused(tr!(verify.book_not_in_git, path = path, book = book_shown))
        }
        e => git_fail(&book_shown, &e),
    })?;
    let history = since::since(&repo, &commit).map_err(|e| match e {
        Problem::NotInRepository => Fail::Refused(tr!(
            verify.not_in_repository,
            path = path,
            commit = commit,
            book = book_shown
        )),
        Problem::NotInHistory => {
            Fail::Refused(tr!(verify.not_in_history, path = path, commit = commit))
        }
        Problem::Git(e) => git_fail(&book_shown, &e),
    })?;
    let args = again(&recorded.argv);
    if !reading(&args) {
        return Err(Fail::Refused(tr!(
            verify.not_reading,
            path = path,
            command = command_line(&recorded.argv)
        )));
    }
    // The languages to try: a recorded `--lang` is the only one; else the
    // page's, or the book's now, then the other.
    let langs: Vec<Option<Lang>> = if has_lang(&args) {
        vec![None]
    } else {
        let mut now = Vec::new();
        if !ctx.book_dir.as_os_str().is_empty() {
            now.push(OsString::from("--book"));
            now.push(ctx.book_dir.clone().into_os_string());
        }
        let first = out.lang.unwrap_or(i18n::resolve(&now).lang);
        let other = if first == Lang::Zh {
            Lang::En
        } else {
            Lang::Zh
        };
        vec![Some(first), Some(other)]
    };
    // Neither matching: the differences of the closer one.
    let mut found: Option<(Vec<String>, Compared, usize)> = None;
    for lang in langs {
        let made = again_and_compare(&book, &args, lang, &commit, &recorded, &out, &line)?;
        let matched = made.2 == 0;
        if found.as_ref().is_none_or(|f| made.2 < f.2) {
            found = Some(made);
        }
        if matched {
            break;
        }
    }
    let (mut differences, compared, count) = found.unwrap_or((Vec::new(), Compared::Lines(0), 0));
    let matches = differences.is_empty();
    let file_differences = differences.len();
    differences.extend(history.changed.iter().map(finding_words));
    Ok(Verdict {
        matches,
        history_changed: !history.changed.is_empty(),
        differences,
        appended: history.appended,
        provenance: recorded,
        commit: history.commit.clone(),
        commits: history.commits,
        compared,
        file_differences,
        found: if count == usize::MAX { 1 } else { count },
    })
}

fn git_fail(book: &str, e: &Error) -> Fail {
    let reason = match e {
        Error::Git(m) => m.clone(),
        other => format!("{other:?}"),
    };
    Fail::Refused(tr!(
        provenance.cannot_read_git,
        path = book,
        reason = reason
    ))
}

/// Make the output again in `lang` (`None`: as recorded) and compare it
/// with the file: the differences in words (at most [`MAX_SHOWN`], then
/// how many more), what was compared, and how many differences (0: a
/// match).
fn again_and_compare(
    book: &Path,
    args: &[String],
    lang: Option<Lang>,
    commit: &str,
    recorded: &Recorded,
    file: &file::Output,
    file_line: &str,
) -> Result<(Vec<String>, Compared, usize)> {
    let exe = std::env::current_exe().map_err(Fail::Io)?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(args);
    if let Some(l) = lang {
        cmd.args(["--lang", l.code()]);
    }
    // The fixed line of the output made again carries the recorded
    // arguments, not this run's: an unchanged output is the same bytes.
    let argv = serde_json::to_string(&recorded.argv).map_err(|e| Fail::Other(e.into()))?;
    cmd.arg("--at")
        .arg(commit)
        .arg("--book")
        .arg(book)
        .env(crate::provenance::ARGV_ENV, argv)
        .stdin(std::process::Stdio::null());
    let made = cmd.output().map_err(Fail::Io)?;
    let command = command_line(&recorded.argv);
    let short = &commit[..7.min(commit.len())];
    if !made.status.success() && made.stdout.is_empty() {
        let stderr = String::from_utf8_lossy(&made.stderr);
        let reason = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default()
            .trim()
            .to_string();
        let said = tr!(
            verify.run_failed,
            command = command,
            commit = short,
            reason = reason
        );
        return Ok((vec![said], Compared::Nothing, usize::MAX));
    }
    // Never other than text or a workbook; if it were, nothing of it matches.
    let again = file::read(&made.stdout).unwrap_or(file::Output {
        content: file::Content::Lines {
            lines: Vec::new(),
            html: false,
        },
        line: None,
        lang: None,
    });
    let again_line = again.line.clone().unwrap_or_default();
    let (diffs, compared) = compare::compare(file, file_line, &again, &again_line);
    let mut words: Vec<String> = Vec::new();
    let provenance = tr!(verify.the_line);
    // A fingerprint other than the book's at that commit.
    let other = file::parse(&again_line)
        .ok()
        .map(|r| r.fingerprint)
        .filter(|f| *f != recorded.fingerprint);
    let forged = other.is_some();
    if let Some(book) = other {
        words.push(tr!(
            verify.diff.fingerprint,
            file = recorded.fingerprint,
            commit = short,
            book = book
        ));
    }
    let n = diffs.len();
    let html = matches!(
        (&file.content, &again.content),
        (
            file::Content::Lines { html: true, .. },
            file::Content::Lines { html: true, .. }
        )
    );
    for d in diffs.iter().take(MAX_SHOWN) {
        let s = |t: &str| compare::shown(t, &provenance);
        words.push(match d {
            Diff::Line {
                line,
                file: Some(f),
                book: Some(b),
            } => {
                // A line of a page: its text where that differs (a `<tr>`
                // row reads as its cells), else the line as written.
                let (f, b) = match (html, compare::text_of(f), compare::text_of(b)) {
                    (true, tf, tb) if tf != tb => (tf, tb),
                    _ => (f.clone(), b.clone()),
                };
                tr!(verify.diff.line, line = line, file = s(&f), book = s(&b))
            }
            Diff::Line {
                line,
                file: Some(f),
                book: None,
            } => tr!(verify.diff.line_missing, line = line, file = s(f)),
            Diff::Line { line, book, .. } => tr!(
                verify.diff.line_extra,
                line = line,
                book = s(book.as_deref().unwrap_or_default())
            ),
            Diff::Cell {
                sheet,
                cell,
                file,
                book,
            } => tr!(
                verify.diff.cell,
                sheet = sheet,
                cell = cell,
                file = s(file),
                book = s(book)
            ),
            Diff::SheetMissing(name) => tr!(verify.diff.sheet_missing, sheet = name),
            Diff::SheetExtra(name) => tr!(verify.diff.sheet_extra, sheet = name),
        });
    }
    if n > MAX_SHOWN {
        words.push(tr!(verify.diff.more, n = n - MAX_SHOWN));
    }
    // The fingerprint's difference, and the lines' or cells'.
    Ok((words, compared, n + usize::from(forged)))
}

/// The recorded arguments without `--output`, `--book` and `--at` (and
/// their values), to be run again with `--at` and verify's `--book`.
fn again(argv: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = argv.iter();
    let mut rest = false;
    while let Some(a) = it.next() {
        if rest {
            out.push(a.clone());
            continue;
        }
        if a == "--" {
            rest = true;
            out.push(a.clone());
            continue;
        }
        if matches!(a.as_str(), "--output" | "--book" | "--at") {
            it.next();
            continue;
        }
        if ["--output=", "--book=", "--at="]
            .iter()
            .any(|p| a.starts_with(p))
        {
            continue;
        }
        out.push(a.clone());
    }
    out
}

/// Whether the arguments give `--lang`.
fn has_lang(args: &[String]) -> bool {
    args.iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--lang" || a.starts_with("--lang="))
}

/// Whether the arguments are a command that reads the book and shows
/// figures (never one that writes, and never verify itself).
fn reading(args: &[String]) -> bool {
    use clap::Parser;
    let parsed = crate::Cli::try_parse_from(
        std::iter::once("points".to_string()).chain(args.iter().cloned()),
    );
    match parsed {
        Ok(cli) => {
            crate::cmd::stamp::writes(&cli.command).is_none()
                && !matches!(
                    cli.command,
                    Command::Audit(_)
                        | Command::Completions(_)
                        | Command::Complete(_)
                        | Command::Verify(_)
                )
        }
        // Made again, it fails as it fails here: a difference, said then.
        Err(_) => true,
    }
}

/// The recorded command as a person would type it.
fn command_line(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            if a.is_empty() || a.contains(char::is_whitespace) || a.contains('\'') {
                format!("'{}'", a.replace('\'', "'\\''"))
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A finding of the history, in words.
fn finding_words(f: &Finding) -> String {
    let message = match &f.what {
        What::RowChanged { before, after } => {
            tr!(audit.row_changed, before = before, after = after)
        }
        What::RowRemoved { before } => tr!(audit.row_removed, before = before),
        What::LedgerRemoved => tr!(audit.ledger_removed),
        What::LedgerRenamed { to } => tr!(audit.ledger_renamed, to = to),
        What::RulesAlterRows { rows, count } => tr!(
            audit.rules_alter_rows,
            n = count,
            rows = i18n::list_plain(rows)
        ),
        What::PersonRemoved { id } => tr!(audit.person_removed, id = id),
        What::PersonIdChanged { from, to } => tr!(audit.person_id_changed, from = from, to = to),
        // Not errors: not kept by `history::since`.
        What::RulesChanged { .. } | What::Late { .. } | What::Approved { .. } => String::new(),
    };
    let place = match f.line {
        Some(l) => format!("{}:{l}", f.path),
        None => f.path.clone(),
    };
    tr!(
        verify.diff.history,
        place = place,
        message = message,
        commit = f.commit.short(),
        date = i18n::date(f.commit.date()),
        author = f.commit.author
    )
}

/// The verdict: table and md in words, JSON one object.
fn show(ctx: &mut Ctx, file: &Path, v: &Verdict) -> Result {
    if ctx.format == Format::Json {
        // One object, keys in the order of SPEC §12, then verify's own.
        let out = &mut ctx.out;
        writeln!(out, "{{")?;
        writeln!(out, "  \"matches\": {},", v.matches)?;
        writeln!(out, "  \"history_changed\": {},", v.history_changed)?;
        writeln!(out, "  \"differences\": {},", json(&v.differences))?;
        writeln!(out, "  \"commit\": {},", json(&v.commit.id))?;
        writeln!(out, "  \"appended\": {}", v.appended)?;
        writeln!(out, "}}")?;
        return Ok(());
    }
    let path = file.display().to_string();
    let commit = v.commit.short();
    let date = i18n::date(v.commit.date());
    let mut head = vec![tr!(
        verify.checked,
        path = path,
        command = command_line(&v.provenance.argv),
        commit = commit,
        date = date
    )];
    let file_diffs = &v.differences[..v.file_differences];
    let history = &v.differences[v.file_differences..];
    let n = tr!(verify.count.differences, n = v.found);
    head.push(match (v.compared, v.matches) {
        (Compared::Nothing, _) => tr!(verify.not_made),
        (Compared::Lines(l), true) => {
            tr!(verify.same_lines, lines = tr!(verify.count.lines, n = l))
        }
        (Compared::Lines(l), false) => tr!(
            verify.differ_lines,
            lines = tr!(verify.count.lines, n = l),
            differences = n
        ),
        (Compared::Cells { cells, sheets }, true) => tr!(
            verify.same_cells,
            cells = tr!(verify.count.cells, n = cells),
            sheets = tr!(verify.count.sheets, n = sheets)
        ),
        (Compared::Cells { cells, sheets }, false) => tr!(
            verify.differ_cells,
            cells = tr!(verify.count.cells, n = cells),
            sheets = tr!(verify.count.sheets, n = sheets),
            differences = n
        ),
    });
    let commits = tr!(audit.count.commits, n = v.commits);
    let history_line = if v.history_changed {
        tr!(verify.history_changed, commit = commit, commits = commits)
    } else {
        tr!(verify.history_kept, commit = commit, commits = commits)
    };
    let added = (v.appended > 0).then(|| tr!(verify.added, n = v.appended));
    let verdict = match (v.matches, v.history_changed) {
        (true, false) => tr!(verify.ok, commit = commit),
        (false, false) => tr!(verify.mismatch, commit = commit),
        (true, true) => tr!(verify.changed, commit = commit),
        (false, true) => tr!(verify.mismatch_changed, commit = commit),
    };
    let out = &mut ctx.out;
    if ctx.format == Format::Md {
        writeln!(out, "# {}\n", tr!(verify.title, path = path))?;
        for l in &head {
            writeln!(out, "{l}  ")?;
        }
        list_md(out, file_diffs)?;
        writeln!(out, "{history_line}  ")?;
        list_md(out, history)?;
        if let Some(a) = added {
            writeln!(out, "{a}  ")?;
        }
        writeln!(out, "\n**{verdict}**")?;
        return Ok(());
    }
    for l in &head {
        writeln!(out, "{l}")?;
    }
    for d in file_diffs {
        writeln!(out, "  {d}")?;
    }
    writeln!(out, "{history_line}")?;
    for d in history {
        writeln!(out, "  {d}")?;
    }
    if let Some(a) = added {
        writeln!(out, "{a}")?;
    }
    writeln!(out, "{verdict}")?;
    Ok(())
}

/// A value as compact JSON.
fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

fn list_md(out: &mut dyn Write, items: &[String]) -> std::io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    for d in items {
        writeln!(out, "- {d}")?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn the_command_again_drops_output_book_and_at() {
        let argv = v(&[
            "--book",
            "b",
            "report",
            "2026H1",
            "--output",
            "r.md",
            "--at=HEAD",
            "--format",
            "md",
            "--output=x",
            "--lang",
            "zh",
        ]);
        assert_eq!(
            again(&argv),
            v(&["report", "2026H1", "--format", "md", "--lang", "zh"])
        );
        assert!(has_lang(&again(&argv)));
        assert!(!has_lang(&v(&["show", "--", "--lang"])));
        assert_eq!(command_line(&v(&["show", "王 芳"])), "show '王 芳'");
    }

    #[test]
    fn only_commands_that_read_are_made_again() {
        assert!(reading(&v(&["report", "2026H1"])));
        assert!(!reading(&v(&["add", "patrol", "--people", "P01"])));
        assert!(!reading(&v(&[
            "exchange",
            "2026H1",
            "--requests",
            "r.csv",
            "--commit"
        ])));
        assert!(!reading(&v(&["verify", "r.md"])));
        assert!(!reading(&v(&["audit"])));
    }
}
