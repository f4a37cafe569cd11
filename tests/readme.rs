//! The tours of README.md and README.zh-CN.md, run: every `$ points …` line
//! of a fenced block is run, in order, on one fresh copy of the demo book,
//! and its output (stdout, then stderr) must be the lines that follow it in
//! the block. A line `…` stands for any number of lines; entry ids, random
//! at each run, are compared as "an id" (and a prefix of one given to a later
//! command, as in `points void ntez`, is mapped to the id the run drew).
//! `export K=V` lines of the README's `sh` blocks set the environment.

use crate::harness::{copy_dir, points_book_lang};
use std::collections::HashMap;
use std::path::Path;

/// One `$ points …` of a README: its line number, words and expected lines.
struct Step {
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
        } else if let Some(cmd) = line.strip_prefix("$ points ") {
            steps.extend(current.take());
            current = Some(Step {
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

/// `line` with its ids replaced by `<id>`, trailing blanks dropped.
fn masked(line: &str) -> String {
    let mut s = line.trim_end().to_string();
    for id in ids(line) {
        s = s.replace(id, "<id>");
    }
    s
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
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, out, err) = points_book_lang(dir.path(), &args, &env);
        let all = format!("{out}{err}");
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
