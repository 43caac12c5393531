//! Finding the project table in a Markdown file and reading its cells.
//!
//! comrak finds the table and the headings around it (with source lines). Rows
//! are then split from the source lines themselves, as GFM does (on `|` not
//! escaped by a backslash), because GFM drops cells beyond the header's count
//! and the importer must lose no text. Each cell is then parsed as inline
//! Markdown and cut into segments at `<br>`, `</br>`, `<li>`, `</li>`.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};

/// A block-level landmark of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1-based line.
    pub line: usize,
    /// Last line (setext headings span two).
    pub end_line: usize,
    /// 1 for `#`, 2 for `##`…
    pub level: u8,
    /// The heading's text.
    pub text: String,
}

/// The block structure of a Markdown file: its headings and its tables.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Top-level headings in order.
    pub headings: Vec<Heading>,
    /// Top-level tables in order: first and last line (1-based, inclusive).
    pub tables: Vec<(usize, usize)>,
}

impl Layout {
    /// The heading nearest above `line`, if any.
    pub fn heading_above(&self, line: usize) -> Option<&Heading> {
        self.headings.iter().rev().find(|h| h.end_line < line)
    }
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o
}

/// Finds the headings and tables of a file.
pub fn layout(text: &str) -> Layout {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let mut layout = Layout::default();
    for node in root.children() {
        let data = node.data();
        let pos = data.sourcepos;
        match &data.value {
            NodeValue::Heading(h) => {
                layout.headings.push(Heading {
                    line: pos.start.line,
                    end_line: pos.end.line,
                    level: h.level,
                    text: plain_text(node),
                });
            }
            NodeValue::Table(_) => layout.tables.push((pos.start.line, pos.end.line)),
            _ => {}
        }
    }
    layout
}

/// The plain text of a node (links give their text, code its content).
pub fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::HtmlInline(h) if !is_break(h) => out.push_str(h),
            _ => {}
        }
    }
    out
}

/// One cell of a row, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's Markdown with GFM's `\|` unescaped, trimmed.
    pub text: String,
    /// 1-based character column of the cell's text in its line.
    pub col: usize,
}

/// Splits a table row as GFM does: an optional leading and trailing `|`, cells
/// separated by `|` not preceded by a backslash; `\|` inside a cell is a `|`.
pub fn split_row(line: &str) -> Vec<Cell> {
    let bytes = line.as_bytes();
    let mut bounds = Vec::new(); // byte offsets of separating pipes
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            bounds.push(i);
        }
    }
    let trimmed_start = line.len() - line.trim_start().len();
    let trimmed_end = line.trim_end().len();
    let mut starts = vec![trimmed_start];
    let mut ends = Vec::new();
    for &p in &bounds {
        ends.push(p);
        starts.push(p + 1);
    }
    ends.push(trimmed_end);
    let mut cells: Vec<(usize, usize)> = starts.into_iter().zip(ends).collect();
    // A leading pipe opens the row and a trailing one closes it: no cell before or after.
    if bounds.first() == Some(&trimmed_start) {
        cells.remove(0);
    }
    if bounds.last().is_some_and(|&p| p + 1 == trimmed_end) && !cells.is_empty() {
        cells.pop();
    }
    cells
        .into_iter()
        .map(|(s, e)| {
            let raw = &line[s..e.max(s)];
            let lead = raw.len() - raw.trim_start().len();
            Cell {
                text: raw.trim().replace("\\|", "|"),
                col: line[..s + lead].chars().count() + 1,
            }
        })
        .collect()
}

/// True for the delimiter row (`|---|:--:|`).
pub fn is_delimiter_row(line: &str) -> bool {
    let cells = split_row(line);
    !cells.is_empty()
        && cells.iter().all(|c| {
            let t = c.text.trim();
            !t.is_empty() && t.trim_matches(':').chars().all(|ch| ch == '-') && t.contains('-')
        })
}

/// True for inline HTML that separates items in a cell: `<br>`, `</br>`, `<br/>`,
/// `<li>`, `</li>`, `<ul>`, `</ul>`, `<ol>`, `</ol>`, `<p>`, `</p>`.
pub fn is_break(html: &str) -> bool {
    let t: String = html
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        t.as_str(),
        "<br>"
            | "</br>"
            | "<br/>"
            | "<li>"
            | "</li>"
            | "<ul>"
            | "</ul>"
            | "<ol>"
            | "</ol>"
            | "<p>"
            | "</p>"
    )
}

/// True for `<br>`, `</br>`, `<br/>`: a line break (the only break in a goal).
pub fn is_line_break(html: &str) -> bool {
    let t: String = html
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(t.as_str(), "<br>" | "</br>" | "<br/>")
}

/// A piece of a cell segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A link: its plain text and destination.
    Link {
        /// Plain text of the link.
        label: String,
        /// Destination.
        url: String,
        /// The link's title, if it had one (`[x](u "title")`).
        title: String,
    },
    /// Text outside links (plain text).
    Text(String),
    /// An HTML comment `<!-- key: value -->` (Radar's hidden metadata).
    Meta(String, String),
}

/// A cell cut at its breaks: each segment is the pieces between two breaks.
pub type Segments = Vec<Vec<Piece>>;

/// A character that cannot start a Markdown block, put before a cell's text
/// so that `# x`, `- x`, `1. x` or `<!-- -->` in a cell stay inline as in GFM.
const SENTINEL: char = '\u{E000}';

/// Parses a cell's Markdown into segments. Empty segments are kept (a leading
/// empty segment is meaningful in the state column).
pub fn segments(cell: &str) -> Segments {
    let arena = Arena::new();
    let text = format!("{SENTINEL}{cell}");
    let root = parse_document(&arena, &text, &options());
    let mut segs: Segments = vec![Vec::new()];
    for block in root.children() {
        inline(block, &mut segs);
    }
    for seg in &mut segs {
        if let Some(Piece::Text(t)) = seg.first_mut() {
            *t = t.trim_start_matches(SENTINEL).to_string();
        }
        seg.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    }
    segs
}

fn push_text(segs: &mut Segments, t: &str) {
    let seg = segs.last_mut().expect("at least one segment");
    match seg.last_mut() {
        Some(Piece::Text(prev)) => prev.push_str(t),
        _ => seg.push(Piece::Text(t.to_string())),
    }
}

fn inline<'a>(node: &'a AstNode<'a>, segs: &mut Segments) {
    let value = node.data().value.clone();
    match value {
        NodeValue::Text(t) => push_text(segs, &t),
        NodeValue::Code(c) => push_text(segs, &c.literal),
        NodeValue::SoftBreak | NodeValue::LineBreak => push_text(segs, " "),
        NodeValue::HtmlInline(h) if is_break(&h) => segs.push(Vec::new()),
        NodeValue::HtmlInline(h) => match meta(&h) {
            Some((k, v)) => segs.last_mut().expect("segment").push(Piece::Meta(k, v)),
            None => push_text(segs, &h),
        },
        NodeValue::Link(link) => {
            let label = plain_text(node).trim().to_string();
            segs.last_mut().expect("segment").push(Piece::Link {
                label,
                url: link.url.clone(),
                title: link.title.clone(),
            });
        }
        NodeValue::Image(_) => push_text(segs, &plain_text(node)),
        _ => {
            for child in node.children() {
                inline(child, segs);
            }
        }
    }
}

/// `<!-- radar-id: x -->` → (`id`, `x`). Only Radar's own keys count.
fn meta(html: &str) -> Option<(String, String)> {
    let inner = html.strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let (k, v) = inner.split_once(':')?;
    let key = k.trim().strip_prefix("radar-")?;
    Some((key.to_string(), decode_comment(v.trim())))
}

/// Makes a value safe inside an HTML comment (which must not contain `--`):
/// `%` → `%25`, and the second `-` of `--` → `%2D`. [`decode_comment`] reverses it.
pub fn encode_comment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '%' => out.push_str("%25"),
            '-' if out.ends_with('-') => out.push_str("%2D"),
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`encode_comment`].
pub fn decode_comment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3);
        match code {
            Some("25") => out.push('%'),
            Some("2D") => out.push('-'),
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
                continue;
            }
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_split_like_gfm() {
        let c = split_row("|  | [a](x) <br> b | c \\| d | e |");
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["", "[a](x) <br> b", "c | d", "e"]);
        assert_eq!(c[1].col, 6);
        let c = split_row("a | b");
        assert_eq!(c.len(), 2);
        assert!(is_delimiter_row("|---|:---:|--|"));
        assert!(!is_delimiter_row("| a | b |"));
    }

    #[test]
    fn cells_cut_at_breaks() {
        let s = segments(
            "[AKS](https://a) <br> ([releases](https://r)) </br> <li>x</li><li>#chan</li>",
        );
        assert_eq!(s.len(), 7, "{s:?}");
        assert!(
            matches!(&s[0][0], Piece::Link { label, url, .. } if label == "AKS" && url == "https://a")
        );
        assert_eq!(s[1].len(), 3);
        assert_eq!(s[3], vec![Piece::Text("x".into())]);
        assert_eq!(s[5], vec![Piece::Text("#chan".into())]);
        let s = segments("# not a heading");
        assert_eq!(s, vec![vec![Piece::Text("# not a heading".into())]]);
        for v in ["a--b", "%2D", "x---y%25", "-"] {
            assert_eq!(decode_comment(&encode_comment(v)), v);
            assert!(!encode_comment(v).contains("--"));
        }
        let s = segments("[A](u) <!-- radar-id: a-b -->");
        assert!(
            s[0].contains(&Piece::Meta("id".into(), "a-b".into())),
            "{s:?}"
        );
    }
}
