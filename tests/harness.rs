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
        let out = self.command().output().unwrap();
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

fn run_points(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    lang: Option<&str>,
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
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
