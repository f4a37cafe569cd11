//! The test builder: `Test::new().fixture("basic").args(["report"]).stdout("…").run()`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_points");

/// The folder holding the test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copy a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, sorted by path: to prove nothing
/// changed (the book's lock, `.points/lock`, left out).
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(d: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            // The book's lock is not the book: every command may make it.
            if p.ends_with(".points/lock") || p.ends_with(".points/.gitignore") {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    walk(dir, &mut out);
    out
}

pub struct Test {
    pub dir: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdout: Option<String>,
    stderr: Option<String>,
    stdout_has: Vec<String>,
    stderr_has: Vec<String>,
    status: i32,
    unchanged: bool,
    /// `$POINTS_LANG`, pinned to `en` so that a book's `[scheme] lang` (the
    /// demo's is `zh`) does not change the expected outputs; `None` leaves it
    /// unset, for the tests of the book's lang and the locale.
    lang: Option<&'static str>,
    /// Leave the provenance lines in stdout (they are checked either way).
    keep_provenance: bool,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().unwrap(),
            args: Vec::new(),
            env: Vec::new(),
            stdout: None,
            stderr: None,
            stdout_has: Vec::new(),
            stderr_has: Vec::new(),
            status: 0,
            unchanged: false,
            lang: Some("en"),
            keep_provenance: false,
        }
    }

    /// The book folder (the temporary folder itself).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Start from a fixture book under tests/fixtures.
    pub fn fixture(self, name: &str) -> Test {
        copy_dir(&fixtures().join(name), self.dir.path());
        self
    }

    /// Write (or overwrite) a file of the book.
    pub fn file(self, rel: &str, content: impl AsRef<[u8]>) -> Test {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    /// Append to a file of the book.
    pub fn append(self, rel: &str, content: &str) -> Test {
        let p = self.dir.path().join(rel);
        let mut old = std::fs::read(&p).unwrap_or_default();
        old.extend_from_slice(content.as_bytes());
        std::fs::write(p, old).unwrap();
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args = args.into_iter().map(Into::into).collect();
        self
    }

    /// Leave `$POINTS_LANG` unset (the harness pins it to `en`): the
    /// language then comes from the book's `[scheme] lang` or the locale.
    pub fn no_lang(mut self) -> Test {
        self.lang = None;
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Test {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn stdout(mut self, s: &str) -> Test {
        self.stdout = Some(s.into());
        self
    }

    pub fn stderr(mut self, s: &str) -> Test {
        self.stderr = Some(s.into());
        self
    }

    /// For outputs too long to write out whole (use sparingly).
    pub fn stdout_has(mut self, s: &str) -> Test {
        self.stdout_has.push(s.into());
        self
    }

    pub fn stderr_has(mut self, s: &str) -> Test {
        self.stderr_has.push(s.into());
        self
    }

    pub fn status(mut self, s: i32) -> Test {
        self.status = s;
        self
    }

    /// Compare stdout with the provenance lines left in (they are checked
    /// for form either way).
    pub fn keep_provenance(mut self) -> Test {
        self.keep_provenance = true;
        self
    }

    /// Also assert that no byte of the book changed.
    pub fn unchanged(mut self) -> Test {
        self.unchanged = true;
        self
    }

    /// The command, ready to run in the book folder with a pinned environment.
    pub fn command(&self) -> Command {
        let mut c = Command::new(BIN);
        c.current_dir(self.dir.path())
            .args(&self.args)
            .env_remove("POINTS_BOOK")
            .env_remove("POINTS_LANG")
            .env("POINTS_TODAY", "2026-11-27")
            .env("TZ", "UTC")
            .env("LC_ALL", "C.UTF-8")
            .env("USER", "tester")
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null");
        if let Some(lang) = self.lang {
            c.env("POINTS_LANG", lang);
        }
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// Run and check every expectation; returns the output. The book folder
    /// is removed afterwards: use [`Test::run_keep`] to go on using it.
    pub fn run(self) -> Output {
        self.run_keep().0
    }

    /// As [`Test::run`], also handing back the book folder.
    pub fn run_keep(self) -> (Output, tempfile::TempDir) {
        let before = self.unchanged.then(|| snapshot(self.dir.path()));
        let mut out = self.command().output().unwrap();
        let env: Vec<(&str, &str)> = self
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let stripped = provenance::split(self.dir.path(), &self.args, &env, &out);
        if !self.keep_provenance {
            out.stdout = stripped;
        }
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let show = || {
            format!(
                "\ncommand: points {}\nstatus: {:?}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}\n",
                self.args.join(" "),
                out.status.code()
            )
        };
        assert_eq!(
            out.status.code(),
            Some(self.status),
            "unexpected status{}",
            show()
        );
        if let Some(exp) = &self.stdout {
            assert_eq!(&stdout, exp, "stdout differs{}", show());
        }
        if let Some(exp) = &self.stderr {
            assert_eq!(&stderr, exp, "stderr differs{}", show());
        }
        for s in &self.stdout_has {
            assert!(stdout.contains(s.as_str()), "stdout lacks {s:?}{}", show());
        }
        for s in &self.stderr_has {
            assert!(stderr.contains(s.as_str()), "stderr lacks {s:?}{}", show());
        }
        if let Some(before) = before {
            let after = snapshot(self.dir.path());
            assert!(before == after, "the book changed{}", show());
        }
        (out, self.dir)
    }
}

/// Run `points` with `args` on the book at `dir`; returns (status, stdout, stderr).
/// Run git in `dir` as the tests' one committer (测试), without the
/// machine's or the user's configuration, on branch `main`; with `when` (a
/// git date such as `2026-11-27T10:00:00+08:00`) as the author's and
/// committer's time. Fails the test unless it succeeds; its stdout, trimmed.
pub fn git_when(dir: &Path, args: &[&str], when: Option<&str>) -> String {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(["-c", "user.name=测试", "-c", "user.email=t@example.org"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    if let Some(when) = when {
        cmd.env("GIT_AUTHOR_DATE", when)
            .env("GIT_COMMITTER_DATE", when);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// [`git_when`] on `date` at 10:00 UTC.
pub fn git_on(dir: &Path, args: &[&str], date: &str) -> String {
    git_when(dir, args, Some(&format!("{date}T10:00:00+00:00")))
}

pub fn points(dir: &Path, args: &[&str]) -> (i32, String, String) {
    points_with(dir, args, &[])
}

/// As [`points`], with more environment variables (`$POINTS_LANG` is `en`
/// unless `env` sets it).
pub fn points_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    run_points(dir, args, env, Some("en"))
}

/// As [`points_with`] with `$POINTS_LANG` unset: the book's `[scheme] lang`
/// (or the locale) chooses the language.
pub fn points_book_lang(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    run_points(dir, args, env, None)
}

/// As [`points_book_lang`], the provenance lines (checked) left in stdout.
pub fn points_book_lang_kept(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, String, String) {
    run_points_kept(dir, args, env, None, true)
}

fn run_points(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    lang: Option<&str>,
) -> (i32, String, String) {
    run_points_kept(dir, args, env, lang, false)
}

fn run_points_kept(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    lang: Option<&str>,
    keep: bool,
) -> (i32, String, String) {
    let mut c = Command::new(BIN);
    c.current_dir(dir).args(args).env_remove("POINTS_LANG");
    if let Some(lang) = lang {
        c.env("POINTS_LANG", lang);
    }
    let out = c
        .env_remove("POINTS_BOOK")
        .env("POINTS_TODAY", "2026-11-27")
        .env("TZ", "UTC")
        .env("LC_ALL", "C.UTF-8")
        .env("USER", "tester")
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let stripped = provenance::split(dir, &args, env, &out);
    let stdout = if keep { out.stdout.clone() } else { stripped };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The provenance lines at the end of table and md outputs (SPEC §8, §12
/// "Provenance, exactly"), checked on every run and split off stdout so that
/// whole-output tests compare the rest.
pub mod provenance {
    use sha2::{Digest, Sha256};
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    /// The global options that take a value.
    const VALUED: [&str; 5] = ["--book", "--format", "--lang", "--output", "--at"];
    /// The commands whose table and md outputs end with the lines.
    const STAMPED: [&str; 8] = [
        "balance", "report", "show", "evaluate", "exchange", "check", "status", "audit",
    ];

    /// The value of a global option in `args` (`--opt V` or `--opt=V`).
    pub fn option<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
        let mut it = args.iter();
        let mut found = None;
        while let Some(a) = it.next() {
            if a == name {
                found = it.next().map(String::as_str);
            } else if let Some(v) = a.strip_prefix(&format!("{name}=")) {
                found = Some(v);
            }
        }
        found
    }

    /// The command of a command line (its first word that is not an option
    /// or an option's value).
    fn command(args: &[String]) -> Option<&str> {
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if VALUED.contains(&a.as_str()) {
                it.next();
            } else if !a.starts_with('-') {
                return Some(a);
            }
        }
        None
    }

    /// Whether the output must end with the lines: a reading command that
    /// succeeded, as a table or md on stdout (`audit` also where it found
    /// errors: its findings are its output).
    fn expected(args: &[String], out: &Output) -> bool {
        let format = option(args, "--format").unwrap_or("table");
        let audit_found =
            command(args) == Some("audit") && out.status.code() == Some(1) && out.stderr.is_empty();
        (out.status.success() || audit_found)
            && matches!(format, "table" | "md")
            && option(args, "--output").is_none()
            && !args.iter().any(|a| {
                matches!(
                    a.as_str(),
                    "-h" | "--help" | "-V" | "--version" | "--commit"
                )
            })
            && command(args).is_some_and(|c| STAMPED.contains(&c))
    }

    /// The book folder a command line names, from `cwd`.
    fn book(cwd: &Path, args: &[String], env: &[(&str, &str)]) -> PathBuf {
        let named = option(args, "--book").map(str::to_string).or_else(|| {
            env.iter()
                .find(|(k, _)| *k == "POINTS_BOOK")
                .map(|(_, v)| v.to_string())
        });
        match named {
            Some(b) if !b.is_empty() => cwd.join(b),
            _ => cwd.to_path_buf(),
        }
    }

    /// The book's files in the order of SPEC §8, with their bytes: from the
    /// folder, or (`--at REV`) as git holds them at REV.
    fn files(book: &Path, at: Option<&str>) -> Vec<(String, Vec<u8>)> {
        let mut names = vec!["points.toml".to_string(), "people.csv".to_string()];
        let mut ledgers: Vec<String> = match at {
            None => std::fs::read_dir(book.join("ledger"))
                .map(|d| {
                    d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default(),
            Some(rev) => git(book, &["ls-tree", "--name-only", rev, "ledger/"])
                .lines()
                .map(|l| l.trim_start_matches("ledger/").to_string())
                .collect(),
        };
        ledgers.retain(|n| n.ends_with(".csv") && !n.starts_with('.'));
        ledgers.sort();
        names.extend(ledgers.into_iter().map(|n| format!("ledger/{n}")));
        names
            .into_iter()
            .map(|n| {
                let bytes = match at {
                    None => std::fs::read(book.join(&n)).unwrap(),
                    Some(rev) => git_bytes(book, &["show", &format!("{rev}:./{n}")]),
                };
                (n, bytes)
            })
            .collect()
    }

    fn git_bytes(dir: &Path, args: &[&str]) -> Vec<u8> {
        let out = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        out.stdout
    }

    fn git(dir: &Path, args: &[&str]) -> String {
        String::from_utf8(git_bytes(dir, args)).unwrap()
    }

    /// SHA-256 of the book's files as SPEC §8 lays them out, in hex.
    pub fn fingerprint(book: &Path, at: Option<&str>) -> String {
        let mut h = Sha256::new();
        for (name, bytes) in files(book, at) {
            h.update(format!("{name}\0{}\0", bytes.len()).as_bytes());
            h.update(&bytes);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Check the two provenance lines at the end of `out`'s stdout (there
    /// when [`expected`], else allowed only well-formed), and hand back
    /// stdout without them (and without the blank line before them in md).
    pub fn split(cwd: &Path, args: &[String], env: &[(&str, &str)], out: &Output) -> Vec<u8> {
        let stdout = &out.stdout;
        let Ok(text) = std::str::from_utf8(stdout) else {
            return stdout.clone();
        };
        if text.starts_with("<!DOCTYPE html>") {
            html(cwd, args, env, text);
            return stdout.clone();
        }
        assert!(
            !(out.status.success()
                && command(args) == Some("notice")
                && option(args, "--output").is_none()
                && !args.iter().any(|a| a == "-h" || a == "--help")),
            "a notice that is not an HTML page: points {}",
            args.join(" ")
        );
        let body = text.strip_suffix('\n').unwrap_or(text);
        let (rest, last) = body.rsplit_once('\n').unwrap_or(("", body));
        if !last.starts_with("points-provenance:") {
            assert!(
                !expected(args, out),
                "no provenance line at the end of the output of points {}:\n{text}",
                args.join(" ")
            );
            assert!(
                !text.contains("points-provenance:"),
                "a provenance line not at the end of points {}:\n{text}",
                args.join(" ")
            );
            return stdout.clone();
        }
        let (rest, words) = rest.rsplit_once('\n').unwrap_or(("", rest));
        let fields = parse(last).unwrap_or_else(|| {
            panic!(
                "malformed provenance line of points {}: {last}",
                args.join(" ")
            )
        });
        let at = option(args, "--at");
        let book = book(cwd, args, env);
        assert_eq!(
            fields.fingerprint,
            fingerprint(&book, at),
            "fingerprint of points {}",
            args.join(" ")
        );
        assert_eq!(&fields.argv, args, "argv of the provenance line");
        if at.is_some() {
            assert_eq!(
                fields.dirty, "false",
                "an --at output is of committed files"
            );
        }
        assert!(
            words.contains(&fields.fingerprint[..16]),
            "the human line names the fingerprint: {words}"
        );
        if fields.commit != "none" {
            assert!(
                words.contains(&fields.commit[..7]),
                "the human line names the commit: {words}"
            );
        }
        // md: a blank line before the two lines, which end with two spaces.
        let rest = match words.strip_suffix("  ") {
            Some(_) => rest
                .strip_suffix('\n')
                .expect("a blank line before md's provenance lines"),
            None => rest,
        };
        let mut kept = rest.to_string();
        if !kept.is_empty() {
            kept.push('\n');
        }
        kept.into_bytes()
    }

    /// A notice (SPEC §9, #15): the fixed line in `<meta
    /// name="points-provenance">` and again as the page's text; its argv is
    /// the command as given, with `--date <today>` appended when `--date`
    /// was not given. The page is left whole.
    fn html(cwd: &Path, args: &[String], env: &[(&str, &str)], text: &str) {
        let start = "<meta name=\"points-provenance\" content=\"";
        let meta = text
            .split_once(start)
            .and_then(|(_, rest)| rest.split_once("\">"))
            .map(|(m, _)| m)
            .unwrap_or_else(|| panic!("a page without its provenance: points {}", args.join(" ")));
        assert!(
            text.contains(&format!("<p class=\"fixed\">{meta}</p>")),
            "the page's text lacks its provenance line: points {}",
            args.join(" ")
        );
        let line = meta
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let fields = parse(&line).unwrap_or_else(|| {
            panic!(
                "malformed provenance line of points {}: {line}",
                args.join(" ")
            )
        });
        let at = option(args, "--at");
        assert_eq!(
            fields.fingerprint,
            fingerprint(&book(cwd, args, env), at),
            "fingerprint of points {}",
            args.join(" ")
        );
        let mut argv = args.to_vec();
        if !args
            .iter()
            .any(|a| a == "--date" || a.starts_with("--date="))
        {
            let today = env
                .iter()
                .find(|(k, _)| *k == "POINTS_TODAY")
                .map_or("2026-11-27", |(_, v)| v);
            argv.extend(["--date".to_string(), today.to_string()]);
        }
        assert_eq!(fields.argv, argv, "argv of the notice's provenance line");
        if at.is_some() {
            assert_eq!(
                fields.dirty, "false",
                "an --at notice is of committed files"
            );
        }
    }

    pub struct Fields {
        pub commit: String,
        pub dirty: String,
        pub fingerprint: String,
        pub argv: Vec<String>,
    }

    /// `points-provenance: commit=<40 hex|none> dirty=<true|false>
    /// fingerprint=<64 hex> argv=<JSON array of strings>`.
    pub fn parse(line: &str) -> Option<Fields> {
        let hex = |s: &str, n: usize| {
            s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        let s = line.strip_prefix("points-provenance: commit=")?;
        let (commit, s) = s.split_once(' ')?;
        let s = s.strip_prefix("dirty=")?;
        let (dirty, s) = s.split_once(' ')?;
        let s = s.strip_prefix("fingerprint=")?;
        let (fingerprint, s) = s.split_once(' ')?;
        let argv = s.strip_prefix("argv=")?;
        let argv: Vec<String> = serde_json::from_str(argv).ok()?;
        let ok = (commit == "none" || hex(commit, 40))
            && matches!(dirty, "true" | "false")
            && hex(fingerprint, 64)
            && serde_json::to_string(&argv).ok()? == s["argv=".len()..];
        ok.then(|| Fields {
            commit: commit.to_string(),
            dirty: dirty.to_string(),
            fingerprint: fingerprint.to_string(),
            argv,
        })
    }
}
