//! The file against the output made again: md, table and html line by line,
//! xlsx cell by cell. The fixed provenance line of each side (the file's as
//! recorded, the new one's with the arguments `verify` ran it with) is set
//! aside first: its fields are compared on their own.

use super::file::{strip_tags, unescape, written_forms, Content, Output};

/// Where a fixed line stood (never equal to any text of an output).
const MARK: &str = "\u{1}provenance\u{1}";

/// One difference, as found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Diff {
    /// A line (`line` in the file, from 1) that differs, or that one side
    /// lacks (`None`).
    Line {
        line: usize,
        file: Option<String>,
        book: Option<String>,
    },
    /// A cell (`B7`) of a sheet.
    Cell {
        sheet: String,
        cell: String,
        file: String,
        book: String,
    },
    /// A sheet the book gives and the file lacks, or the other way round.
    SheetMissing(String),
    SheetExtra(String),
}

/// What was compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compared {
    /// The output could not be made again.
    Nothing,
    Lines(usize),
    Cells {
        cells: usize,
        sheets: usize,
    },
}

/// Compare the file (whose fixed line is `file_line`) with the output made
/// again (whose fixed line is `book_line`).
pub fn compare(
    file: &Output,
    file_line: &str,
    book: &Output,
    book_line: &str,
) -> (Vec<Diff>, Compared) {
    let forms = |l: &str| {
        if l.is_empty() {
            Vec::new()
        } else {
            written_forms(l)
        }
    };
    let (ff, bf) = (forms(file_line), forms(book_line));
    match (&file.content, &book.content) {
        (Content::Sheets(a), Content::Sheets(b)) => sheets(a, &ff, b, &bf),
        (
            Content::Lines { lines: a, html },
            Content::Lines {
                lines: b,
                html: b_html,
            },
        ) => {
            let (a, b) = if *html && !b_html {
                // A page made around a text output: its text, line by
                // line, against the output's lines (blank lines aside).
                (page_text(a, &ff), numbered(b, &bf, true))
            } else {
                (numbered(a, &ff, false), numbered(b, &bf, false))
            };
            let n = a.len();
            (lines(&a, &b), Compared::Lines(n))
        }
        (Content::Lines { lines: a, .. }, Content::Sheets(_)) => {
            let a = numbered(a, &ff, false);
            let n = a.len();
            let d = a
                .first()
                .map(|(no, t)| Diff::Line {
                    line: *no,
                    file: Some(t.clone()),
                    book: None,
                })
                .into_iter()
                .collect();
            (d, Compared::Lines(n))
        }
        (Content::Sheets(a), Content::Lines { .. }) => (
            a.iter().map(|s| Diff::SheetExtra(s.name.clone())).collect(),
            Compared::Cells {
                cells: a.iter().map(count_cells).sum(),
                sheets: a.len(),
            },
        ),
    }
}

/// Set the fixed line aside in a text (every way it may be written).
fn mark(text: &str, forms: &[String]) -> String {
    if !text.contains("points-provenance") {
        return text.to_string();
    }
    let mut t = text.to_string();
    for f in forms {
        t = t.replace(f.as_str(), MARK);
    }
    t
}

/// Lines numbered from 1, the fixed line set aside; `skip_blank`: blank
/// lines left out.
fn numbered(lines: &[String], forms: &[String], skip_blank: bool) -> Vec<(usize, String)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !skip_blank || !l.trim().is_empty())
        .map(|(i, l)| (i + 1, mark(l.trim_end(), forms)))
        .collect()
}

/// The text of a page's body, line by line, without tags (blank lines
/// left out).
fn page_text(lines: &[String], forms: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut inside = false;
    for (i, l) in lines.iter().enumerate() {
        let mut l = l.as_str();
        if !inside {
            match l.to_ascii_lowercase().find("<body") {
                Some(at) => {
                    inside = true;
                    l = &l[at..];
                }
                None => continue,
            }
        }
        if let Some(at) = l.to_ascii_lowercase().find("</body") {
            let text = unescape(&strip_tags(&l[..at]));
            if !text.trim().is_empty() {
                out.push((i + 1, mark(text.trim_end(), forms)));
            }
            break;
        }
        let text = unescape(&strip_tags(l));
        if !text.trim().is_empty() {
            out.push((i + 1, mark(text.trim_end(), forms)));
        }
    }
    out
}

fn lines(a: &[(usize, String)], b: &[(usize, String)]) -> Vec<Diff> {
    let mut out = Vec::new();
    let after = a.last().map_or(1, |(n, _)| n + 1);
    for i in 0..a.len().max(b.len()) {
        match (a.get(i), b.get(i)) {
            (Some((_, x)), Some((_, y))) if x == y => {}
            (Some((no, x)), y) => out.push(Diff::Line {
                line: *no,
                file: Some(x.clone()),
                book: y.map(|(_, y)| y.clone()),
            }),
            (None, Some((_, y))) => out.push(Diff::Line {
                line: after + (i - a.len()),
                file: None,
                book: Some(y.clone()),
            }),
            (None, None) => {}
        }
    }
    out
}

fn count_cells(s: &super::file::Sheet) -> usize {
    s.rows
        .iter()
        .map(|r| r.iter().filter(|c| !c.is_empty()).count())
        .sum()
}

fn sheets(
    a: &[super::file::Sheet],
    ff: &[String],
    b: &[super::file::Sheet],
    bf: &[String],
) -> (Vec<Diff>, Compared) {
    let mut out = Vec::new();
    for s in b {
        if !a.iter().any(|x| x.name == s.name) {
            out.push(Diff::SheetMissing(s.name.clone()));
        }
    }
    for s in a {
        let Some(t) = b.iter().find(|x| x.name == s.name) else {
            out.push(Diff::SheetExtra(s.name.clone()));
            continue;
        };
        let empty = String::new();
        for r in 0..s.rows.len().max(t.rows.len()) {
            let (x, y) = (s.rows.get(r), t.rows.get(r));
            let width = x.map_or(0, Vec::len).max(y.map_or(0, Vec::len));
            for c in 0..width {
                let u = mark(x.and_then(|x| x.get(c)).unwrap_or(&empty), ff);
                let v = mark(y.and_then(|y| y.get(c)).unwrap_or(&empty), bf);
                if u != v {
                    out.push(Diff::Cell {
                        sheet: s.name.clone(),
                        cell: format!("{}{}", column(c), r + 1),
                        file: u,
                        book: v,
                    });
                }
            }
        }
    }
    let compared = Compared::Cells {
        cells: a.iter().map(count_cells).sum(),
        sheets: a.len(),
    };
    (out, compared)
}

/// A column's letters: 0 → A, 25 → Z, 26 → AA.
fn column(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The text of a line of html: its tags as spaces, its character
/// references decoded, its spaces collapsed (`<td>1</td><td>张*</td>` →
/// `1 张*`).
pub fn text_of(line: &str) -> String {
    let spaced = line.replace('<', " <").replace('>', "> ");
    unescape(&strip_tags(&spaced))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text as a difference shows it: the fixed line named, not quoted, and
/// long text cut.
pub fn shown(text: &str, provenance: &str) -> String {
    let t = text
        .replace(MARK, provenance)
        .replace("points-provenance:", "points-provenance");
    let mut out: String = t.chars().take(100).collect();
    if t.chars().count() > 100 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_of_a_page_reads_as_its_cells() {
        assert_eq!(
            text_of("<tr><td>1</td><td>张*</td><td class=\"n\">12.5</td></tr>"),
            "1 张* 12.5"
        );
        assert_eq!(text_of("<td>A&amp;B</td>"), "A&B");
    }

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column(0), "A");
        assert_eq!(column(25), "Z");
        assert_eq!(column(26), "AA");
        assert_eq!(column(27), "AB");
    }
}
