//! The tours of README.md and README.zh-CN.md, run: every `$ points …` line
//! of a fenced block is run, in order, on one fresh copy of the demo book,
//! and its output (stdout, then stderr) must be the lines that follow it in
//! the block. A line `…` stands for any number of lines; entry ids, random
//! at each run, are compared as "an id" (and a prefix of one given to a later
//! command, as in `points void ntez`, is mapped to the id the run drew).
//! `export K=V` lines of the README's `sh` blocks set the environment.
//! `$ git …` lines are run too, as one committer at fixed times of the tour's
//! day; commit hashes and fingerprints (7, 16, 40 or 64 hex digits), which
//! depend on the ids drawn, are compared as "a hash", the same hash wherever
//! the README shows the same one (a short hash, the start of a full one) and
//! a different one where it shows another. Where a block shows the
//! provenance lines, they are compared too (else they are only checked).

use crate::harness::{copy_dir, points_book_lang, points_book_lang_kept};
use std::collections::HashMap;
use std::path::Path;

/// One `$ points …` (or `$ git …`) of a README: its line number, words
/// and expected lines.
struct Step {
    git: bool,
    line: usize,
    args: Vec<String>,
    expect: Vec<String>,
}

/// The `$ points` steps of `text`, and the `export`ed environment.
fn steps(text: &str) -> (Vec<Step>, Vec<(String, String)>) {
    let mut steps: Vec<Step> = Vec::new();
    let mut env = Vec::new();
    let mut fenced = false;
    let mut current: Option<Step> = None;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            fenced = !fenced;
            steps.extend(current.take());
            continue;
        }
        if !fenced {
            continue;
        }
        if let Some(kv) = line.strip_prefix("export ") {
            if let Some((k, v)) = kv.split_once('=') {
                env.push((k.trim().to_string(), v.trim().to_string()));
            }
        } else if let Some((git, cmd)) = line
            .strip_prefix("$ points ")
            .map(|c| (false, c))
            .or_else(|| line.strip_prefix("$ git ").map(|c| (true, c)))
        {
            steps.extend(current.take());
            current = Some(Step {
                git,
                line: n + 1,
                args: words(cmd),
                expect: Vec::new(),
            });
        } else if let Some(step) = current.as_mut() {
            step.expect.push(line.to_string());
        }
    }
    (steps, env)
}

/// A command line split as the shell would: double quotes group, `#` after
/// a space starts a comment.
fn words(cmd: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in cmd.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            '#' if !quoted && word.is_none() => break,
            c if c.is_whitespace() && !quoted => out.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    out
}

const ID_CHARS: &str = "0123456789abcdefghjkmnpqrstvwxyz";

/// The entry ids in `line`: runs of exactly 10 id characters.
fn ids(line: &str) -> Vec<&str> {
    line.split(|c: char| !ID_CHARS.contains(c))
        .filter(|t| t.len() == 10)
        .collect()
}

/// The commit hashes and fingerprints in `line`: runs of 7, 16, 40 or 64
/// hex digits.
fn hashes(line: &str) -> Vec<&str> {
    line.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| {
            matches!(t.len(), 7 | 16 | 40 | 64)
                && t.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
        .collect()
}

/// `line` with its ids replaced by `<id>` and its hashes by `<hashN>`,
/// trailing blanks dropped.
fn masked(line: &str) -> String {
    let mut s = line.trim_end().to_string();
    for id in ids(line) {
        s = s.replace(id, "<id>");
    }
    for h in hashes(line) {
        s = s.replace(h, &format!("<hash{}>", h.len()));
    }
    s
}

/// Whether two hashes name the same thing: one starts the other.
fn same(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Bind a hash of the README to the one the run printed in its place: the
/// README shows one hash where the run printed one, and two different
/// hashes where the run printed two.
fn bind(bound: &mut Vec<(String, String)>, readme: &str, real: &str) -> Result<(), String> {
    for (r, a) in bound.iter() {
        if same(r, readme) != same(a, real) {
            return Err(format!(
                "the README's `{readme}` and `{r}` are {} but the run printed `{real}` and `{a}`",
                if same(r, readme) { "one hash" } else { "two" }
            ));
        }
    }
    bound.push((readme.to_string(), real.to_string()));
    Ok(())
}

/// Run `git ARGS` in the book as the tour's one committer; each commit one
/// minute after the last, on the day the tour pins as today.
fn git(dir: &Path, args: &[String], clock: &mut u32) -> String {
    *clock += 1;
    let when = format!("2026-11-27T17:{:02}:00+08:00", *clock);
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "网格员")
        .env("GIT_AUTHOR_EMAIL", "grid@example.org")
        .env("GIT_COMMITTER_NAME", "网格员")
        .env("GIT_COMMITTER_EMAIL", "grid@example.org")
        .env("GIT_AUTHOR_DATE", &when)
        .env("GIT_COMMITTER_DATE", &when)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Match `expect` (with `…` lines) against `actual`; on success, the pairs
/// of (expected, actual) lines matched one to one.
fn align<'a>(expect: &'a [String], actual: &'a [&'a str]) -> Option<Vec<(&'a str, &'a str)>> {
    match expect.split_first() {
        None => actual.is_empty().then(Vec::new),
        Some((e, rest)) if e.trim() == "…" => {
            (0..=actual.len()).find_map(|skip| align(rest, &actual[skip..]))
        }
        Some((e, rest)) => {
            let (a, more) = actual.split_first()?;
            if masked(e) != masked(a) {
                return None;
            }
            let mut pairs = align(rest, more)?;
            pairs.insert(0, (e.as_str(), *a));
            Some(pairs)
        }
    }
}

fn run_tour(readme: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(readme);
    let text = std::fs::read_to_string(&path).unwrap();
    let (steps, env) = steps(&text);
    assert!(
        steps.len() >= 5,
        "{readme}: only {} steps found",
        steps.len()
    );
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("ledgers/demo"),
        dir.path(),
    );
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // The README's ids → the ids this run drew.
    let mut drawn: HashMap<String, String> = HashMap::new();
    // The README's hashes and the run's, and the git clock.
    let mut bound: Vec<(String, String)> = Vec::new();
    let mut clock = 0;
    for step in &steps {
        let args: Vec<String> = step
            .args
            .iter()
            .map(|a| {
                let is_prefix = a.len() >= 4 && a.chars().all(|c| ID_CHARS.contains(c));
                match drawn
                    .iter()
                    .find(|(readme_id, _)| is_prefix && readme_id.starts_with(a.as_str()))
                {
                    Some((_, real)) => real[..a.len()].to_string(),
                    None => a.clone(),
                }
            })
            .collect();
        let all = if step.git {
            git(dir.path(), &args, &mut clock)
        } else {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let shown = step
                .expect
                .iter()
                .any(|l| l.starts_with("points-provenance:"));
            let (_, out, err) = if shown {
                points_book_lang_kept(dir.path(), &args, &env)
            } else {
                points_book_lang(dir.path(), &args, &env)
            };
            format!("{out}{err}")
        };
        let actual: Vec<&str> = all.lines().collect();
        let Some(pairs) = align(&step.expect, &actual) else {
            panic!(
                "{readme}:{}: the output of `points {}` is not what the README shows; it is now:\n{all}",
                step.line,
                step.args.join(" ")
            );
        };
        for (e, a) in pairs {
            for (readme_id, real) in ids(e).into_iter().zip(ids(a)) {
                drawn.insert(readme_id.to_string(), real.to_string());
            }
            for (shown, real) in hashes(e).into_iter().zip(hashes(a)) {
                if let Err(why) = bind(&mut bound, shown, real) {
                    panic!("{readme}:{}: {why}:\n{all}", step.line);
                }
            }
        }
    }
}

#[test]
fn the_chinese_readme_tour_prints_what_it_shows() {
    run_tour("README.zh-CN.md");
}

#[test]
fn the_english_readme_tour_prints_what_it_shows() {
    run_tour("README.md");
}

#[test]
fn a_readme_block_that_drifted_is_caught() {
    // The matcher itself: ids masked, `…` skips, a changed figure fails.
    let expect: Vec<String> = ["│ 2fwd8t1d8m ┆ 3.5 │", "…", "end"]
        .map(String::from)
        .to_vec();
    let ok = ["│ ntezrpq9q1 ┆ 3.5 │", "a", "b", "end"];
    let pairs = align(&expect, &ok).expect("ids masked and … skipping");
    assert_eq!(ids(pairs[0].1), ["ntezrpq9q1"]);
    assert!(align(&expect, &["│ ntezrpq9q1 ┆ 4 │", "end"]).is_none());
    assert!(align(&expect, &["│ ntezrpq9q1 ┆ 3.5 │"]).is_none());
    assert_eq!(
        words(r#"void 43r0 --reason "张伟 没来" # note"#),
        ["void", "43r0", "--reason", "张伟 没来"]
    );
}

#[test]
fn hashes_are_compared_as_the_same_or_another() {
    // A short hash and the full one it starts are one commit; a second
    // hash of the README must be a second hash in the run.
    let e = [
        "up to commit `5a97909`",
        "commit=5a979094903875eeaef320121d2badc06d768b16 x",
    ]
    .map(String::from);
    let a = [
        "up to commit `0c1d2e3`",
        "commit=0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d x",
    ];
    assert!(align(&e, &a).is_some());
    assert!(align(&e, &["up to commit `0c1d2e3`", "commit=0c1d2e3 x"]).is_none());
    let mut bound = Vec::new();
    bind(&mut bound, "5a97909", "0c1d2e3").unwrap();
    bind(
        &mut bound,
        "5a979094903875eeaef320121d2badc06d768b16",
        "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d",
    )
    .unwrap();
    assert!(bind(
        &mut bound,
        "5a979094903875eeaef320121d2badc06d768b16",
        "0c1d2e4f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"
    )
    .is_err());
    assert!(bind(&mut bound, "1111111", "0c1d2e3").is_err());
    bind(&mut bound, "1111111", "2222222").unwrap();
}
