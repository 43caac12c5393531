//! Catalog Markdown (goals, intro, notes) as HTML that cannot carry markup
//! of its own: comrak parses, and this module writes the HTML itself from
//! the syntax tree, escaping every text and keeping a link live only when
//! its URL is `http(s)`. Raw HTML in the source is shown as text, except
//! `<br>`, which the seed uses for line breaks inside table cells.

use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::{Arena, Options, parse_document};

use crate::safe::{esc, link};

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o
}

/// Block Markdown (paragraphs, lists, headings) as HTML. Headings are shifted
/// down so they sit under the page's own `h2`.
pub fn block(text: &str) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let mut out = String::new();
    children(root, &mut out);
    out
}

/// Inline Markdown (a table cell) as HTML, without a wrapping paragraph.
pub fn inline(text: &str) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let mut out = String::new();
    for (i, node) in root.children().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        match node.data().value {
            NodeValue::Paragraph => children(node, &mut out),
            _ => write(node, &mut out),
        }
    }
    out
}

/// The plain text of inline Markdown (for titles and search).
pub fn plain(text: &str) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let mut out = String::new();
    for d in root.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::HtmlInline(h) if is_break(h) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Plain text with its `code` spans marked up, everything escaped. For lines
/// that are not Markdown (criteria evidence such as "`files.license` is
/// `true`"): a full parse would eat stray `*` and `_`, and could nest a link
/// inside the link the line already is.
pub fn code_spans(text: &str) -> String {
    let pieces: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, piece) in pieces.iter().enumerate() {
        let inside = i % 2 == 1;
        if inside && i + 1 < pieces.len() {
            out.push_str("<code>");
            out.push_str(&esc(piece));
            out.push_str("</code>");
        } else {
            // An unpaired backtick stays as written.
            if inside {
                out.push('`');
            }
            out.push_str(&esc(piece));
        }
    }
    out
}

fn is_break(html: &str) -> bool {
    let t: String = html
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(t.as_str(), "<br>" | "<br/>" | "</br>")
}

fn children<'a>(node: &'a AstNode<'a>, out: &mut String) {
    for c in node.children() {
        write(c, out);
    }
}

fn wrap<'a>(node: &'a AstNode<'a>, open: &str, close: &str, out: &mut String) {
    out.push_str(open);
    children(node, out);
    out.push_str(close);
}

fn write<'a>(node: &'a AstNode<'a>, out: &mut String) {
    let value = node.data().value.clone();
    match value {
        NodeValue::Document => children(node, out),
        NodeValue::Paragraph => wrap(node, "<p>", "</p>\n", out),
        NodeValue::Heading(h) => {
            let level = (h.level + 2).min(6);
            wrap(node, &format!("<h{level}>"), &format!("</h{level}>\n"), out);
        }
        NodeValue::BlockQuote => wrap(node, "<blockquote>", "</blockquote>\n", out),
        NodeValue::List(l) if l.list_type == ListType::Ordered => {
            wrap(node, "<ol>", "</ol>\n", out)
        }
        NodeValue::List(_) => wrap(node, "<ul>", "</ul>\n", out),
        NodeValue::Item(_) => wrap(node, "<li>", "</li>\n", out),
        NodeValue::CodeBlock(c) => {
            out.push_str("<pre><code>");
            out.push_str(&esc(&c.literal));
            out.push_str("</code></pre>\n");
        }
        NodeValue::HtmlBlock(h) => {
            out.push_str("<p>");
            out.push_str(&esc(&h.literal));
            out.push_str("</p>\n");
        }
        NodeValue::ThematicBreak => out.push_str("<hr>\n"),
        NodeValue::Text(t) => out.push_str(&esc(&t)),
        NodeValue::Code(c) => {
            out.push_str("<code>");
            out.push_str(&esc(&c.literal));
            out.push_str("</code>");
        }
        NodeValue::SoftBreak => out.push(' '),
        NodeValue::LineBreak => out.push_str("<br>"),
        NodeValue::HtmlInline(h) if is_break(&h) => out.push_str("<br>"),
        NodeValue::HtmlInline(h) => out.push_str(&esc(&h)),
        NodeValue::Emph => wrap(node, "<em>", "</em>", out),
        NodeValue::Strong => wrap(node, "<strong>", "</strong>", out),
        NodeValue::Strikethrough => wrap(node, "<del>", "</del>", out),
        NodeValue::Link(l) => match link(&l.url) {
            Some(url) => {
                let open = format!("<a href=\"{}\" rel=\"noopener noreferrer\">", esc(url));
                wrap(node, &open, "</a>", out);
            }
            // A link Radar will not follow: keep its words, drop the target.
            None => children(node, out),
        },
        // Images would load from anywhere: show their alt text.
        NodeValue::Image(_) => children(node, out),
        _ => children(node, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_mark_pairs_and_escape_the_rest() {
        assert_eq!(
            code_spans("`files.license` is `<b>` & *x*"),
            "<code>files.license</code> is <code>&lt;b&gt;</code> &amp; *x*"
        );
        // The third backtick has no partner: shown as text, not an open tag.
        assert_eq!(code_spans("a `b` c `d"), "a <code>b</code> c `d");
        assert_eq!(code_spans("no code"), "no code");
    }

    #[test]
    fn links_and_breaks() {
        assert_eq!(
            inline("Enable use of [fuse](https://github.com/Azure/azure-storage-fuse)<br>second"),
            "Enable use of <a href=\"https://github.com/Azure/azure-storage-fuse\" rel=\"noopener noreferrer\">fuse</a><br>second"
        );
    }

    #[test]
    fn hostile_markup_is_text() {
        let html = inline(
            "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("href"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let html = block("<div onclick=x>hi</div>\n\n![a](https://x/y.png)");
        assert!(!html.contains("<div") && !html.contains("<img"), "{html}");
    }

    #[test]
    fn plain_text() {
        assert_eq!(
            plain("Use [CSI](https://x) **now**<br>later"),
            "Use CSI now later"
        );
    }
}
