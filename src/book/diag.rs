//! Diagnostics: a problem found in a book file, with its path, line and
//! column, the offending line and a caret, what was expected and how to fix it
//! (hledger's error style). Every loader and `check` produce these; the
//! commands print them.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The level as JSON and CSV write it, in every language.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The level as people read it: error / 错误, warning / 提醒.
    pub fn label(self) -> String {
        match self {
            Severity::Error => crate::tr!(book.diag.level_error),
            Severity::Warning => crate::tr!(book.diag.level_warning),
        }
    }
}

/// Where in a line the problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spot {
    /// The whole file or line: no caret.
    None,
    /// A CSV field by index (0-based); its column is found when the line is shown.
    Field(usize),
    /// A byte column (1-based) and a width in bytes.
    Col(usize, usize),
}

/// One problem in one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub spot: Spot,
    pub message: String,
    pub expected: Option<String>,
    pub fix: Option<String>,
    /// The offending line's text, filled in by [`decorate`] or by the loader.
    pub source: Option<String>,
}

impl Diagnostic {
    pub fn error(path: &Path, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line,
            spot: Spot::None,
            message: message.into(),
            expected: None,
            fix: None,
            source: None,
        }
    }

    pub fn warning(path: &Path, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, message)
        }
    }

    pub fn field(mut self, i: usize) -> Diagnostic {
        self.spot = Spot::Field(i);
        self
    }

    pub fn expected(mut self, e: impl Into<String>) -> Diagnostic {
        self.expected = Some(e.into());
        self
    }

    pub fn fix(mut self, f: impl Into<String>) -> Diagnostic {
        self.fix = Some(f.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A diagnostic pointing at byte range `span` of `text` (a TOML file's content).
    pub fn at_span(
        severity: Severity,
        path: &Path,
        text: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let start = span.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_no = text[..start].matches('\n').count() + 1;
        let width = span.end.min(line_end).saturating_sub(start).max(1);
        Diagnostic {
            severity,
            path: path.to_path_buf(),
            line: line_no,
            spot: Spot::Col(start - line_start + 1, width),
            message: message.into(),
            expected: None,
            fix: None,
            source: Some(
                text[line_start..line_end]
                    .trim_end_matches('\r')
                    .to_string(),
            ),
        }
    }

    /// The column shown after `line:` (1-based, in characters), where the
    /// caret goes; `None` where no place in the line is known (or the
    /// line's text is not filled in).
    pub fn column_number(&self) -> Option<usize> {
        if self.line == 0 {
            return None;
        }
        let (c, _) = self.column()?;
        let src = self.source.as_deref()?;
        Some(src.get(..c - 1).map_or(c, |p| p.chars().count() + 1))
    }

    /// The byte column (1-based) and width in bytes of the problem's spot.
    fn column(&self) -> Option<(usize, usize)> {
        let src = self.source.as_deref()?;
        match self.spot {
            Spot::None => None,
            Spot::Col(c, w) => Some((c, w)),
            Spot::Field(i) => csv_field_span(src, i),
        }
    }
}

/// Byte column (1-based) and width of field `i` in a CSV line, quote-aware.
fn csv_field_span(line: &str, i: usize) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let (mut field, mut start, mut quoted) = (0, 0, false);
    for (k, &c) in b.iter().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                if field == i {
                    return Some((start + 1, (k - start).max(1)));
                }
                field += 1;
                start = k + 1;
            }
            _ => {}
        }
    }
    (field == i).then(|| (start + 1, (b.len() - start).max(1)))
}

/// Fill in the offending lines of diagnostics that point into CSV files, reading
/// each file once, and only up to the last line needed.
pub fn decorate(diags: &mut [Diagnostic]) {
    let mut wanted: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for d in diags.iter() {
        if d.source.is_none() && d.line > 0 {
            wanted.entry(d.path.clone()).or_default().push(d.line);
        }
    }
    for (path, mut lines) in wanted {
        lines.sort_unstable();
        lines.dedup();
        let Ok(file) = crate::book::source::open(&path) else {
            continue;
        };
        let found = wanted_lines(file, &lines);
        for d in diags.iter_mut() {
            if d.path == path && d.source.is_none() {
                d.source = found.get(&d.line).cloned();
            }
        }
    }
}

/// Fills in the offending lines of diagnostics that come sorted by file and
/// line, reading each file once, front to back: for long streams of findings.
#[derive(Default)]
pub struct LineCursor {
    path: Option<PathBuf>,
    reader: Option<std::io::BufReader<crate::book::source::Opened>>,
    /// The number of the next line to be read.
    next: usize,
    buf: Vec<u8>,
}

impl LineCursor {
    pub fn fill(&mut self, d: &mut Diagnostic) {
        use std::io::BufRead;
        if d.source.is_some() || d.line == 0 {
            return;
        }
        if self.path.as_deref() != Some(d.path.as_path()) || d.line < self.next {
            self.path = Some(d.path.clone());
            self.reader = crate::book::source::open(&d.path)
                .ok()
                .map(|f| std::io::BufReader::with_capacity(1 << 16, f));
            self.next = 1;
        }
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        while self.next <= d.line {
            self.buf.clear();
            match reader.read_until(b'\n', &mut self.buf) {
                Ok(0) | Err(_) => {
                    self.reader = None;
                    return;
                }
                Ok(_) => {}
            }
            self.next += 1;
        }
        let mut t = String::from_utf8_lossy(&self.buf).into_owned();
        if d.line == 1 {
            t = t.trim_start_matches('\u{feff}').to_string();
        }
        d.source = Some(t.trim_end_matches(['\n', '\r']).to_string());
    }
}

/// The text of the given lines (sorted, 1-based) of a file, reading it in
/// big chunks and only up to the last line wanted.
fn wanted_lines(mut file: crate::book::source::Opened, lines: &[usize]) -> BTreeMap<usize, String> {
    let mut found = BTreeMap::new();
    let Some(&last) = lines.last() else {
        return found;
    };
    let mut chunk = vec![0u8; 1 << 16];
    // The start of the current line (carried over from earlier chunks).
    let mut current: Vec<u8> = Vec::new();
    let mut n = 1usize;
    let keep = |n: usize, text: &[u8], found: &mut BTreeMap<usize, String>| {
        if lines.binary_search(&n).is_ok() {
            let mut t = String::from_utf8_lossy(text).into_owned();
            if n == 1 {
                t = t.trim_start_matches('\u{feff}').to_string();
            }
            found.insert(n, t.trim_end_matches(['\n', '\r']).to_string());
        }
    };
    while n <= last {
        let got = match file.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(k) => k,
        };
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', &chunk[..got]) {
            if lines.binary_search(&n).is_ok() {
                current.extend_from_slice(&chunk[start..nl]);
                keep(n, &current, &mut found);
            }
            current.clear();
            n += 1;
            start = nl + 1;
            if n > last {
                break;
            }
        }
        if n <= last && lines.binary_search(&n).is_ok() {
            current.extend_from_slice(&chunk[start..got]);
        }
    }
    if n <= last && !current.is_empty() {
        keep(n, &current, &mut found);
    }
    found
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        let col = self.column();
        match (self.line, self.column_number()) {
            (0, _) => write!(f, "{path}: ")?,
            (l, Some(c)) => write!(f, "{path}:{l}:{c}: ")?,
            (l, None) => write!(f, "{path}:{l}: ")?,
        }
        let head = match self.severity {
            Severity::Error => crate::tr!(book.diag.error, message = self.message),
            Severity::Warning => crate::tr!(book.diag.warning, message = self.message),
        };
        writeln!(f, "{head}")?;
        let gutter = self.line.to_string().len();
        if let Some(src) = &self.source {
            let pad = " ".repeat(gutter);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.line, src)?;
            if let Some((c, w)) = col {
                // Place the caret by display width, so it sits under CJK text too.
                let before = src.get(..c - 1).unwrap_or("");
                let under = src.get(c - 1..(c - 1 + w).min(src.len())).unwrap_or(" ");
                let mut caret = String::new();
                let _ = write!(
                    caret,
                    "{}{}",
                    " ".repeat(unicode_width::UnicodeWidthStr::width(before)),
                    "^".repeat(unicode_width::UnicodeWidthStr::width(under).max(1))
                );
                writeln!(f, "{pad} | {caret}")?;
            }
        }
        let pad = " ".repeat(gutter.max(1));
        if let Some(e) = &self.expected {
            writeln!(
                f,
                "{pad} = {}",
                crate::tr!(book.diag.expected, expected = e)
            )?;
        }
        if let Some(x) = &self.fix {
            writeln!(f, "{pad} = {}", crate::tr!(book.diag.fix, fix = x))?;
        }
        Ok(())
    }
}

/// Diagnostics that stop a load or a report.
#[derive(Debug)]
pub struct Problems(pub Vec<Diagnostic>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_under_a_csv_field() {
        let mut d = Diagnostic::error(Path::new("l.csv"), 3, "unknown person `P9`").field(2);
        d.source = Some("E1,2026-01-01,P9,earn,\"a,b\",1,2,x,,".into());
        let s = d.to_string();
        assert_eq!(
            s,
            "l.csv:3:15: error: unknown person `P9`\n  |\n3 | E1,2026-01-01,P9,earn,\"a,b\",1,2,x,,\n  |               ^^\n"
        );
        assert_eq!(csv_field_span("a,\"b,c\",d", 2), Some((9, 1)));
    }

    #[test]
    fn caret_by_display_width() {
        let mut d = Diagnostic::error(Path::new("p.csv"), 2, "bad date").field(1);
        d.source = Some("张三,2026-13-01".into());
        let s = d.to_string();
        assert!(s.contains("p.csv:2:4:"), "{s}");
        assert!(s.contains("\n  |      ^^^^^^^^^^\n"), "{s}");
    }
}
