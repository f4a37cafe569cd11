//! One file per command: each opens with its arguments (their help texts
//! and examples are in the catalogues, `help.<command>.*` in
//! src/i18n/*.toml), then one `run()` that loads the book, computes and renders.

pub mod add;
pub mod approve;
pub mod audit;
pub mod balance;
pub mod check;
pub mod completions;
pub mod evaluate;
pub mod exchange;
pub mod import;
pub mod init;
pub mod interactive;
pub mod notice;
pub mod output;
pub mod pending;
pub mod redeem;
pub mod report;
pub mod show;
pub mod stamp;
pub mod status;
pub mod verify;
pub mod void;
pub mod write;

use crate::book::append::{self, Recovery};
use crate::book::diag::{decorate, Diagnostic, Problems};
use crate::book::lock::{BookLock, Mode, STATE_DIR};
use crate::book::Book;
use crate::render::{Format, Table};
use crate::tr;
use crate::{Cli, Command};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
pub enum Fail {
    /// The command line was wrong (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The command refused to act, or found problems (exit 1).
    #[error("{0}")]
    Refused(String),
    /// Problems in the book's files (exit 1).
    #[error("{0}")]
    Problems(Problems),
    /// Text already laid out for the user, shown as it is (exit 1).
    #[error("{0}")]
    Shown(String),
    /// Output could not be written (a closed pipe ends quietly).
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
}

pub type Result<T = ()> = std::result::Result<T, Fail>;

impl Fail {
    pub fn problems(mut d: Vec<Diagnostic>) -> Fail {
        decorate(&mut d);
        Fail::Problems(Problems(d))
    }
}

/// What every command gets: where the book is, the output format, stdout.
pub struct Ctx {
    pub book_dir: PathBuf,
    pub format: Format,
    pub out: Box<dyn Write>,
    /// The book's lock, once the book is opened ([`Ctx::open_book`]).
    pub lock: Option<BookLock>,
    /// `--format xlsx`: the tables so far, one sheet each, written at the end.
    pub workbook: Option<crate::render::xlsx::Workbook>,
    /// The book's provenance, once worked out ([`stamp::provenance`]).
    pub provenance: Option<crate::provenance::Provenance>,
    /// The provenance being worked out beside the command, from when the
    /// book is locked ([`stamp::start`]); `None` where it is not wanted.
    pub pending: Option<stamp::Pending>,
}

impl Ctx {
    /// Open the book and load its rules and roster.
    pub fn load(&mut self) -> Result<Book> {
        self.open_book()?;
        Book::load(&self.book_dir).map_err(Fail::problems)
    }

    /// Lock the book for reading (held until the command ends), after
    /// rolling back a write that was interrupted (SPEC §5), so that no
    /// command ever counts a partial batch. A folder that is not there is
    /// left for loading to report.
    pub fn open_book(&mut self) -> Result {
        let root = crate::book::as_dir(&self.book_dir);
        // `--at`: the book is read from the repository, not the folder.
        if self.lock.is_some() || !root.is_dir() || crate::book::source::at().is_some() {
            return Ok(());
        }
        let mut lock = BookLock::acquire(root, Mode::Shared, lock_timeout()?, &mut tell_waiting)
            .map_err(nothing_read)?;
        settle(&self.book_dir, &mut lock)?;
        self.lock = Some(lock);
        stamp::start(self);
        Ok(())
    }

    pub fn table(&mut self, t: &Table) -> Result {
        if self.format == Format::Xlsx {
            self.workbook.get_or_insert_default().add(t);
            return Ok(());
        }
        t.write(&mut self.out, self.format)?;
        Ok(())
    }
}

/// Roll back an interrupted write, if there is one, and say so on stderr.
/// Rolling back needs the book alone: a reader lets go and waits for it
/// (a live writer finishes first, and then there is nothing to roll back).
pub fn settle(root: &Path, lock: &mut BookLock) -> Result {
    if !append::pending(root) {
        return Ok(());
    }
    lock.upgrade(lock_timeout()?, &mut tell_waiting)
        .map_err(nothing_read)?;
    let found = append::recover(root, lock).map_err(|e| Fail::Refused(e.to_string()))?;
    let journal = format!("{STATE_DIR}/{}", append::JOURNAL_FILE);
    match found {
        None => {}
        Some(Recovery::RolledBack { command, done }) => {
            let command =
                (!command.trim().is_empty()).then(|| crate::book::lock::holder_words(&command));
            let done = done
                .iter()
                .map(ToString::to_string)
                .reduce(|a, b| tr!(cmd.done_sep, a = a, b = b));
            let said = match (command, done) {
                (None, None) => tr!(cmd.interrupted_empty, journal = journal),
                (Some(c), None) => tr!(cmd.interrupted_empty_by, command = c, journal = journal),
                (None, Some(done)) => tr!(cmd.rolled_back, done = done),
                (Some(c), Some(done)) => tr!(cmd.rolled_back_by, command = c, done = done),
            };
            eprintln!("{said}");
        }
        Some(Recovery::Unreadable(why)) => eprintln!(
            "{}",
            tr!(cmd.journal_unreadable, journal = journal, why = why)
        ),
    }
    Ok(())
}

/// Said on stderr when the book is locked by another command for a second.
pub fn tell_waiting(holder: &str) {
    eprintln!("{}", tr!(cmd.waiting, holder = holder));
}

/// A lock that could not be taken, and that nothing was read or written.
fn nothing_read(e: crate::book::lock::LockError) -> Fail {
    Fail::Refused(tr!(cmd.nothing_read_or_written, message = e))
}

/// How long to wait for another command to let go of the book:
/// `$POINTS_LOCK_TIMEOUT` seconds, else 60.
pub fn lock_timeout() -> Result<Duration> {
    match std::env::var("POINTS_LOCK_TIMEOUT") {
        Ok(s) if !s.trim().is_empty() => s
            .trim()
            .parse()
            .map(Duration::from_secs)
            .map_err(|_| Fail::Usage(tr!(cmd.bad_lock_timeout, value = s))),
        _ => Ok(Duration::from_secs(60)),
    }
}

/// The book folder: `--book`, else `$POINTS_BOOK`, else the current folder.
fn book_dir(cli: &Cli) -> PathBuf {
    let dir = cli
        .book
        .clone()
        .or_else(|| {
            std::env::var_os("POINTS_BOOK")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_default();
    // The current folder is the empty path, so that files show as
    // `ledger/2026.csv`, not `./ledger/2026.csv`.
    if dir == std::path::Path::new(".") {
        PathBuf::new()
    } else {
        dir
    }
}

pub fn dispatch(cli: Cli) -> ExitCode {
    let book_dir = book_dir(&cli);
    let (target, held) = match prepare(&cli, &book_dir) {
        Ok(t) => t,
        Err(e) => return exit(Err(e)),
    };
    let mut ctx = Ctx {
        book_dir,
        format: cli.format,
        out: match &held {
            Some(h) => Box::new(h.clone()),
            None => Box::new(io::BufWriter::new(io::stdout().lock())),
        },
        lock: None,
        workbook: None,
        provenance: None,
        pending: stamp::wanted(&cli.command, cli.format).then(stamp::Pending::default),
    };
    if let Some(rev) = &cli.at {
        if let Err(e) = stamp::at(&ctx, rev, &cli.command) {
            return exit(Err(e));
        }
    }
    let (stamped, check) = (
        stamp::stamped(&cli.command),
        matches!(cli.command, Command::Check(_)),
    );
    let result = match cli.command {
        Command::Init(a) => init::run(&mut ctx, a),
        Command::Add(a) => add::run(&mut ctx, a),
        Command::Void(a) => void::run(&mut ctx, a),
        Command::Approve(a) => approve::run(&mut ctx, a),
        Command::Pending(a) => pending::run(&mut ctx, a),
        Command::Redeem(a) => redeem::run(&mut ctx, a),
        Command::Balance(a) => balance::run(&mut ctx, a),
        Command::Report(a) => report::run(&mut ctx, a),
        Command::Show(a) => show::run(&mut ctx, a),
        Command::Evaluate(a) => evaluate::run(&mut ctx, a),
        Command::Exchange(a) => exchange::run(&mut ctx, a),
        Command::Check(a) => check::run(&mut ctx, a),
        Command::Status(a) => status::run(&mut ctx, a),
        Command::Import(a) => import::run(&mut ctx, a),
        Command::Audit(a) => audit::run(&mut ctx, a),
        Command::Verify(a) => verify::run(&mut ctx, a),
        Command::Notice(a) => notice::run(&mut ctx, a),
        Command::Completions(a) => completions::run(&mut ctx, a),
        Command::Complete(a) => completions::hook(&mut ctx, a),
    };
    // A command's output is done: it succeeded, or (`check`) found problems.
    let done = matches!(result, Ok(()) | Err(Fail::Shown(_)));
    // Figures were shown (or `check`'s findings, which are its output).
    let shown = result.is_ok() || (check && done);
    let result = match (stamped && shown, result) {
        (true, Ok(())) => stamp::finish(&mut ctx),
        // `check` that found errors: the lines where the files can be read
        // (a missing file is among its findings already).
        (true, Err(e)) => {
            let _ = stamp::finish(&mut ctx);
            Err(e)
        }
        (false, result) => result,
    };
    let result = match ctx.workbook.take() {
        Some(mut wb) if done => {
            wb.created = today().ok();
            let written = wb.to_bytes().and_then(|b| ctx.out.write_all(&b));
            result.and(written.map_err(Fail::Io))
        }
        _ => result,
    };
    let flushed = ctx.out.flush();
    let mut result = result.and(flushed.map_err(Fail::Io));
    if let (Some(target), Some(held)) = (target, held) {
        let bytes = held.take();
        let done = match &result {
            Ok(()) => true,
            Err(Fail::Shown(_)) => !bytes.is_empty(),
            Err(_) => false,
        };
        if done {
            if let Err(e) = target.write(&bytes, ctx.format == Format::Csv) {
                result = Err(e);
            }
        }
    }
    exit(result)
}

/// Check `--output` and `--format xlsx` before the command runs: the file
/// to write (`--output`) and the buffer its output is held in till then.
fn prepare(cli: &Cli, book_dir: &Path) -> Result<(Option<output::Target>, Option<output::Held>)> {
    let no_table = match cli.command {
        Command::Init(_) => Some("init"),
        Command::Completions(_) => Some("completions"),
        _ => None,
    };
    // The completion hook's words go to the shell, whatever the options.
    if matches!(cli.command, Command::Complete(_)) {
        return Ok((None, None));
    }
    output::check_xlsx(cli.format, cli.output.is_some(), no_table)?;
    match &cli.output {
        Some(path) => Ok((
            Some(output::Target::new(path, book_dir)?),
            Some(output::Held::default()),
        )),
        None => Ok((None, None)),
    }
}

/// The exit code of a command's result, after saying why it failed.
fn exit(result: Result) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Fail::Usage(m)) => {
            eprintln!("{}", tr!(common.error_line, message = m));
            ExitCode::from(2)
        }
        Err(Fail::Problems(p)) => {
            eprint!("{p}");
            ExitCode::from(1)
        }
        Err(Fail::Shown(t)) => {
            eprint!("{t}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("{}", tr!(common.error_line, message = e));
            ExitCode::from(1)
        }
    }
}

/// Parse a PERIOD argument (absent: all).
pub fn period(arg: Option<&str>) -> Result<crate::model::Period> {
    match arg {
        None => Ok(crate::model::Period::all()),
        Some(s) => crate::model::Period::parse(&crate::model::typed(s))
            .map_err(|e| Fail::Usage(e.to_string())),
    }
}

/// Parse a `--until`/`--date` argument.
pub fn date_arg(s: &str, what: &str) -> Result<chrono::NaiveDate> {
    crate::model::parse_date(&crate::model::typed(s))
        .ok_or_else(|| Fail::Usage(tr!(common.not_a_date, what = what, value = s)))
}

/// "Today": `$POINTS_TODAY` if set (for tests and demos), else the local date.
pub fn today() -> Result<chrono::NaiveDate> {
    match std::env::var("POINTS_TODAY") {
        Ok(s) if !s.is_empty() => {
            crate::model::parse_date(&s).ok_or_else(|| Fail::Usage(tr!(cmd.bad_today, value = s)))
        }
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// Turn a scan's errors into a failure (at most 20 shown), or pass: a
/// report prints no figures from a book with errors.
pub fn fail_on_errors(diags: Vec<Diagnostic>) -> Result {
    stop_on_errors(diags, false)
}

/// Stop on a scan's errors (at most 20 shown), saying that no figures are
/// shown, or (`writing`) that nothing is written to a book with errors.
pub fn stop_on_errors(diags: Vec<Diagnostic>, writing: bool) -> Result {
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if errors.is_empty() {
        return Ok(());
    }
    let n = errors.len();
    let mut shown: Vec<Diagnostic> = errors.into_iter().take(20).collect();
    decorate(&mut shown);
    let mut text = Problems(shown).to_string();
    text.push_str(&if writing {
        tr!(common.book_errors.write, n = n)
    } else {
        tr!(common.book_errors.read, n = n)
    });
    text.push('\n');
    Err(Fail::Shown(text))
}

/// Who records new rows: `--by`, else `git config user.name` run in the
/// book's folder, else `$USER`. The one place every writing command asks.
pub fn recorder(
    arg: Option<&str>,
    root: &Path,
) -> std::result::Result<String, crate::compute::record::Problem> {
    use crate::compute::record::Problem;
    if let Some(b) = arg {
        let b = b.trim();
        return if b.is_empty() {
            Err(Problem::EmptyBy)
        } else {
            Ok(b.to_string())
        };
    }
    let git = std::process::Command::new("git")
        .args(["config", "user.name"])
        .current_dir(crate::book::as_dir(root))
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    if let Ok(out) = git {
        if out.status.success() {
            let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !name.is_empty() {
                return Ok(name);
            }
        }
    }
    match std::env::var("USER") {
        Ok(u) if !u.trim().is_empty() => Ok(u.trim().to_string()),
        _ => Err(Problem::NoIdentity),
    }
}
