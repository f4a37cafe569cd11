//! The public notice (公示, SPEC §9) as one self-contained HTML page: no
//! scripts, no fetched fonts, images or style sheets; A4 portrait, the
//! table's header repeated on every printed page, a bar chart and a QR code
//! as inline SVG. Every table row is one line of HTML, so that a line diff
//! of two notices names the row that differs.
//!
//! The page is laid out from words already in the chosen language: the
//! command ([`crate::cmd::notice`]) says what is shown, this says how.

use crate::model::Points;
use std::fmt::Write;

/// The page, every text in it already in the notice's language.
pub struct Page {
    /// `zh-CN` or `en`.
    pub lang: &'static str,
    pub scheme: String,
    /// What is posted: "2026年文明户评议结果公示".
    pub title: String,
    /// Lines under the title (the role filter, the 公示期).
    pub subtitle: Vec<String>,
    /// Column labels, and whether the column holds numbers.
    pub columns: Vec<(String, bool)>,
    pub rows: Vec<Vec<String>>,
    /// Lines under the table (an evaluation's count per tier).
    pub notes: Vec<String>,
    pub chart: Option<Chart>,
    /// The paragraph for objections, the issuer and the day of issue.
    pub closing: Vec<String>,
    /// The provenance line a person reads, and the fixed line.
    pub words: String,
    pub line: String,
    /// Said where the fixed line is too long for a QR code.
    pub no_qr: String,
    /// `<meta name="points-notice">`: issued=… until=….
    pub notice_meta: String,
}

/// A stacked bar chart: one bar per subject, one segment per category.
pub struct Chart {
    pub caption: String,
    /// Said under the caption (e.g. that only the first N are shown).
    pub note: Option<String>,
    pub categories: Vec<String>,
    /// A label and one value per category.
    pub bars: Vec<(String, Vec<Points>)>,
}

/// The colours of the categories, in rules order (repeating after ten).
const COLOURS: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

const STYLE: &str = "@page { size: A4 portrait; margin: 14mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"SimSun\", sans-serif; font-size: 10pt; line-height: 14pt; color: #000; }
h1 { font-size: 16pt; line-height: 22pt; margin: 0; text-align: center; }
h2 { font-size: 13pt; line-height: 18pt; margin: 2pt 0 4pt 0; text-align: center; }
p { margin: 0 0 2pt 0; }
.sub { text-align: center; }
table.list { width: 100%; border-collapse: collapse; margin-top: 6pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #555; padding: 0 4pt; height: 15pt; font-size: 9.5pt; line-height: 13pt; white-space: nowrap; }
th { background: #eee; font-weight: bold; text-align: center; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.notes { margin-top: 4pt; }
figure { margin: 10pt 0 0 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: bold; }
.closing { margin-top: 10pt; break-inside: avoid; page-break-inside: avoid; }
.closing p.issuer { text-align: right; margin-top: 6pt; }
footer { margin-top: 10pt; display: flex; gap: 8pt; align-items: flex-start; break-inside: avoid; page-break-inside: avoid; font-size: 7.5pt; line-height: 10pt; }
footer svg.qr { width: 32mm; height: 32mm; flex: none; }
footer .fixed { font-family: monospace; word-break: break-all; }
@media screen { body { max-width: 186mm; margin: 8mm auto; } }
";

/// Text for HTML: `&`, `<`, `>`, `\"` and `'` escaped.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            // A line break inside a name would break the one-row-a-line rule.
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

impl Page {
    pub fn render(&self) -> String {
        let mut h = String::with_capacity(256 + self.rows.len() * 160);
        // Writing to a String cannot fail.
        let _ = self.write(&mut h);
        h
    }

    fn write(&self, h: &mut String) -> std::fmt::Result {
        writeln!(h, "<!DOCTYPE html>")?;
        writeln!(h, "<html lang=\"{}\">", self.lang)?;
        writeln!(h, "<head>")?;
        writeln!(h, "<meta charset=\"utf-8\">")?;
        writeln!(
            h,
            "<meta name=\"points-provenance\" content=\"{}\">",
            esc(&self.line)
        )?;
        writeln!(
            h,
            "<meta name=\"points-notice\" content=\"{}\">",
            esc(&self.notice_meta)
        )?;
        writeln!(
            h,
            "<title>{} {}</title>",
            esc(&self.scheme),
            esc(&self.title)
        )?;
        writeln!(h, "<style>\n{STYLE}</style>")?;
        writeln!(h, "</head>")?;
        writeln!(h, "<body>")?;
        writeln!(h, "<header>")?;
        writeln!(h, "<h1>{}</h1>", esc(&self.scheme))?;
        writeln!(h, "<h2>{}</h2>", esc(&self.title))?;
        for s in &self.subtitle {
            writeln!(h, "<p class=\"sub\">{}</p>", esc(s))?;
        }
        writeln!(h, "</header>")?;
        writeln!(h, "<table class=\"list\">")?;
        writeln!(h, "<thead>")?;
        h.push_str("<tr>");
        for (label, _) in &self.columns {
            write!(h, "<th>{}</th>", esc(label))?;
        }
        h.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in &self.rows {
            h.push_str("<tr>");
            for (cell, (_, numeric)) in row.iter().zip(&self.columns) {
                if *numeric {
                    write!(h, "<td class=\"n\">{}</td>", esc(cell))?;
                } else {
                    write!(h, "<td>{}</td>", esc(cell))?;
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
        if !self.notes.is_empty() {
            writeln!(h, "<div class=\"notes\">")?;
            for n in &self.notes {
                writeln!(h, "<p>{}</p>", esc(n))?;
            }
            writeln!(h, "</div>")?;
        }
        if let Some(c) = &self.chart {
            c.write(h)?;
        }
        writeln!(h, "<div class=\"closing\">")?;
        for (i, s) in self.closing.iter().enumerate() {
            let class = if i == 0 { "" } else { " class=\"issuer\"" };
            writeln!(h, "<p{class}>{}</p>", esc(s))?;
        }
        writeln!(h, "</div>")?;
        writeln!(h, "<footer>")?;
        match qr_svg(&self.line) {
            Some(svg) => writeln!(h, "{svg}")?,
            None => writeln!(h, "<p>{}</p>", esc(&self.no_qr))?,
        }
        writeln!(h, "<div>")?;
        writeln!(h, "<p>{}</p>", esc(&self.words))?;
        writeln!(h, "<p class=\"fixed\">{}</p>", esc(&self.line))?;
        writeln!(h, "</div>")?;
        writeln!(h, "</footer>")?;
        writeln!(h, "</body>")?;
        writeln!(h, "</html>")
    }
}

/// One SVG unit in the hundredths the chart is drawn in.
const U: i64 = 100;

/// Hundredths of a unit (an SVG length) as a decimal: 12345 → `123.45`.
fn dec(h: i64) -> String {
    let sign = if h < 0 { "-" } else { "" };
    let a = h.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// `part` of `whole` on a scale of `span` hundredths (integer arithmetic).
fn scale(part: i64, whole: i64, span: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    let v = i128::from(part) * i128::from(span) / i128::from(whole);
    i64::try_from(v).unwrap_or(0)
}

impl Chart {
    fn write(&self, h: &mut String) -> std::fmt::Result {
        // Geometry in hundredths of an SVG unit: a 680-wide drawing.
        const WIDTH: i64 = 680 * U;
        const LABEL: i64 = 150 * U;
        const RIGHT: i64 = 60 * U;
        const BAR: i64 = 14 * U;
        const GAP: i64 = 4 * U;
        const LEGEND: i64 = 22 * U;
        let area = WIDTH - LABEL - RIGHT;
        let (mut most, mut least) = (0i64, 0i64);
        for (_, values) in &self.bars {
            let pos: i64 = values.iter().map(|v| v.hundredths().max(0)).sum();
            let neg: i64 = values.iter().map(|v| v.hundredths().min(0)).sum();
            most = most.max(pos);
            least = least.min(neg);
        }
        let range = most - least;
        let zero = LABEL + scale(-least, range, area);
        let height = LEGEND + (BAR + GAP) * self.bars.len() as i64 + GAP;
        writeln!(h, "<figure>")?;
        writeln!(h, "<figcaption>{}</figcaption>", esc(&self.caption))?;
        if let Some(n) = &self.note {
            writeln!(h, "<p>{}</p>", esc(n))?;
        }
        writeln!(
            h,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" font-size=\"11\" role=\"img\">",
            dec(WIDTH),
            dec(height)
        )?;
        // The legend: a square and a name per category.
        let mut x = LABEL;
        for (i, name) in self.categories.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            writeln!(
                h,
                "<rect x=\"{}\" y=\"4.00\" width=\"10.00\" height=\"10.00\" fill=\"{colour}\"/><text x=\"{}\" y=\"13.00\">{}</text>",
                dec(x),
                dec(x + 14 * U),
                esc(name)
            )?;
            // Chinese names are about 11 units a character, others about 7.
            let w: i64 = name
                .chars()
                .map(|c| if c.is_ascii() { 7 * U } else { 11 * U })
                .sum();
            x += 14 * U + w + 16 * U;
        }
        writeln!(
            h,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#000\" stroke-width=\"0.75\"/>",
            dec(zero),
            dec(LEGEND),
            dec(height)
        )?;
        for (k, (label, values)) in self.bars.iter().enumerate() {
            let y = LEGEND + GAP + (BAR + GAP) * k as i64;
            writeln!(
                h,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                dec(LABEL - 6 * U),
                dec(y + 11 * U),
                esc(label)
            )?;
            let (mut right, mut left) = (zero, zero);
            let mut total = 0i64;
            for (i, v) in values.iter().enumerate() {
                let v = v.hundredths();
                total += v;
                if v == 0 {
                    continue;
                }
                let w = scale(v.abs(), range, area);
                let x = if v > 0 {
                    right += w;
                    right - w
                } else {
                    left -= w;
                    left
                };
                writeln!(
                    h,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                    dec(x),
                    dec(y),
                    dec(w),
                    dec(BAR),
                    COLOURS[i % COLOURS.len()]
                )?;
            }
            writeln!(
                h,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                dec(right + 4 * U),
                dec(y + 11 * U),
                Points::from_hundredths(total)
            )?;
        }
        writeln!(h, "</svg>")?;
        writeln!(h, "</figure>")
    }
}

/// The fixed provenance line as a QR code, an inline SVG of dark modules
/// (error correction M, a quiet zone of 4); `None` where the line is too
/// long for a QR code.
pub fn qr_svg(text: &str) -> Option<String> {
    use qrcode::{Color, EcLevel, QrCode};
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L))
        .ok()?;
    let w = code.width();
    let size = w + 8;
    let mut path = String::with_capacity(w * w * 4);
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = (i % w + 4, i / w + 4);
            let _ = write!(path, "M{x} {y}h1v1h-1z");
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_decimals() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(dec(12345), "123.45");
        assert_eq!(dec(-5), "-0.05");
        assert_eq!(scale(50, 200, 1000), 250);
        assert_eq!(scale(5, 0, 1000), 0);
    }

    #[test]
    fn a_qr_code_of_the_line() {
        let svg = qr_svg("points-provenance: commit=none").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert!(svg.contains("h1v1h-1z"));
    }
}
