//! An output of `points` as `verify` reads it: its fixed provenance line
//! (SPEC §12 "Provenance, exactly") and what is to be compared — the lines
//! of a table, md or html output, the cells of an xlsx workbook.
//!
//! Where the line is: md and table outputs, a line of its own; xlsx, a line
//! of the cell that holds it (row 2 of each sheet); html, the `content` of
//! `<meta name="points-provenance">`, else a line of the page's text.

use super::Recorded;
use crate::i18n::Lang;

/// The start of the fixed line.
pub const PREFIX: &str = "points-provenance: ";

/// What a file holds, ready to compare.
#[derive(Debug)]
pub enum Content {
    /// Lines of text (md, a table, an html page), numbered from 1.
    Lines { lines: Vec<String>, html: bool },
    /// Sheets of a workbook: name, rows of cells as text.
    Sheets(Vec<Sheet>),
}

#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// A file read: its content, its fixed line as written (exactly, decoded
/// from html), and an html page's `lang`.
#[derive(Debug)]
pub struct Output {
    pub content: Content,
    pub line: Option<String>,
    pub lang: Option<Lang>,
}

/// Why a file cannot be read as an output.
#[derive(Debug)]
pub enum Unreadable {
    /// Neither UTF-8 text nor an xlsx workbook.
    NotText,
    /// A workbook that calamine cannot read (its words).
    Workbook(String),
}

/// Read an output from its bytes.
pub fn read(bytes: &[u8]) -> Result<Output, Unreadable> {
    if bytes.starts_with(b"PK\x03\x04") {
        return workbook(bytes);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Unreadable::NotText)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    let mut lines = lines;
    if lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let head = text.get(..text.len().min(2048)).unwrap_or(text);
    let html = head.to_ascii_lowercase().contains("<html");
    let (line, lang) = if html {
        let line = meta(text).or_else(|| {
            lines
                .iter()
                .map(|l| unescape(&strip_tags(l)))
                .find_map(|l| fixed_in(&l).map(str::to_string))
        });
        (line, html_lang(text))
    } else {
        let line = lines.iter().find_map(|l| fixed_in(l).map(str::to_string));
        (line, None)
    };
    Ok(Output {
        content: Content::Lines { lines, html },
        line,
        lang,
    })
}

/// The fixed line within a line of text (from its prefix to its end).
fn fixed_in(line: &str) -> Option<&str> {
    let at = line.find(PREFIX)?;
    Some(line[at..].trim_end())
}

fn workbook(bytes: &[u8]) -> Result<Output, Unreadable> {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e: calamine::XlsxError| Unreadable::Workbook(e.to_string()))?;
    let mut sheets = Vec::new();
    let mut line = None;
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| Unreadable::Workbook(e.to_string()))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); top as usize];
        for r in range.rows() {
            let mut cells = vec![String::new(); left as usize];
            cells.extend(r.iter().map(|d| {
                match d {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::DateTime(dt) => dt
                        .as_datetime()
                        .map_or_else(|| dt.to_string(), |t| t.date().to_string()),
                    other => other.to_string(),
                }
            }));
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            if line.is_none() {
                line = cells
                    .iter()
                    .flat_map(|c| c.lines())
                    .find_map(|l| fixed_in(l).map(str::to_string));
            }
            rows.push(cells);
        }
        while rows.last().is_some_and(Vec::is_empty) {
            rows.pop();
        }
        sheets.push(Sheet { name, rows });
    }
    Ok(Output {
        content: Content::Sheets(sheets),
        line,
        lang: None,
    })
}

/// `content` of `<meta name="points-provenance" content="…">`, decoded.
fn meta(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find("<meta") {
        let tag = &rest[at..];
        let end = tag.find('>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if attr(tag, "name").as_deref() == Some("points-provenance") {
            return attr(tag, "content")
                .map(|c| unescape(&c))
                .and_then(|c| fixed_in(&c).map(str::to_string));
        }
        rest = &rest[at + end.max(1)..];
    }
    None
}

/// The value of an attribute of a tag (quoted with `"` or `'`).
fn attr(tag: &str, name: &str) -> Option<String> {
    for quote in ['"', '\''] {
        let key = format!("{name}={quote}");
        let mut from = 0;
        while let Some(at) = tag[from..].find(&key) {
            let start = from + at;
            // A whole attribute name, not the end of another one.
            let whole = start == 0 || tag[..start].ends_with(char::is_whitespace);
            let value = &tag[start + key.len()..];
            if whole {
                return value.find(quote).map(|e| value[..e].to_string());
            }
            from = start + key.len();
        }
    }
    None
}

/// `<html lang="zh-CN">` → Chinese.
fn html_lang(text: &str) -> Option<Lang> {
    let at = text.to_ascii_lowercase().find("<html")?;
    let tag = &text[at..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    attr(tag, "lang").and_then(|l| Lang::parse(&l))
}

/// A line of html without its tags.
pub fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut inside = false;
    for c in line.chars() {
        match c {
            '<' => inside = true,
            '>' if inside => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Text with html's character references decoded.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let n = if let Some(h) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                        u32::from_str_radix(h, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The ways a page may write the fixed line: as it is, and with html's
/// escapes (quotes as `&quot;`, `&#34;` or left; `'` as `&#39;`, `&#x27;`).
pub fn written_forms(line: &str) -> Vec<String> {
    let base = line
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let mut forms = vec![line.to_string()];
    for quote in ["&quot;", "&#34;", "&#x22;", "\""] {
        for apos in ["&#39;", "&#x27;", "&apos;", "'"] {
            forms.push(base.replace('"', quote).replace('\'', apos));
        }
    }
    forms.sort();
    forms.dedup();
    // Longest first: a form is never replaced inside a longer one.
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms
}

/// Parse the fixed line: `points-provenance: commit=<40 hex|none>
/// dirty=<true|false> fingerprint=<64 hex> argv=<JSON array of strings>`.
/// Err: the part that is not as points writes it.
pub fn parse(line: &str) -> Result<Recorded, &'static str> {
    let hex = |s: &str, n: usize| {
        s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    let s = line.strip_prefix(PREFIX).ok_or("points-provenance:")?;
    let s = s.strip_prefix("commit=").ok_or("commit=")?;
    let (commit, s) = s.split_once(' ').ok_or("commit=")?;
    if commit != "none" && !hex(commit, 40) {
        return Err("commit=");
    }
    let s = s.strip_prefix("dirty=").ok_or("dirty=")?;
    let (dirty, s) = s.split_once(' ').ok_or("dirty=")?;
    let dirty = match dirty {
        "true" => true,
        "false" => false,
        _ => return Err("dirty="),
    };
    let s = s.strip_prefix("fingerprint=").ok_or("fingerprint=")?;
    let (fingerprint, s) = s.split_once(' ').ok_or("fingerprint=")?;
    if !hex(fingerprint, 64) {
        return Err("fingerprint=");
    }
    let argv = s.strip_prefix("argv=").ok_or("argv=")?;
    let argv: Vec<String> = serde_json::from_str(argv).map_err(|_| "argv=")?;
    Ok(Recorded {
        commit: (commit != "none").then(|| commit.to_string()),
        dirty,
        fingerprint: fingerprint.to_string(),
        argv,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_read_from_a_meta_tag_with_escaped_quotes() {
        let page = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta name=\"points-provenance\" content=\"points-provenance: commit=none dirty=false fingerprint=ab argv=[&quot;report&quot;,&#34;x&amp;y&#34;]\"></head>\n</html>\n";
        let out = read(page.as_bytes()).unwrap();
        assert_eq!(
            out.line.as_deref(),
            Some("points-provenance: commit=none dirty=false fingerprint=ab argv=[\"report\",\"x&y\"]")
        );
        assert_eq!(out.lang, Some(Lang::Zh));
        assert!(written_forms("a\"b").contains(&"a&quot;b".to_string()));
    }

    #[test]
    fn a_line_not_as_points_writes_it_names_the_part() {
        let fp = "0".repeat(64);
        let ok =
            format!("points-provenance: commit=none dirty=false fingerprint={fp} argv=[\"a\"]");
        assert_eq!(parse(&ok).unwrap().argv, ["a"]);
        assert_eq!(
            parse(&ok.replace("dirty=false", "dirty=no")).err(),
            Some("dirty=")
        );
        assert_eq!(parse(&ok.replace("[\"a\"]", "[a")).err(), Some("argv="));
    }
}
