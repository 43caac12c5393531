//! Escaping untrusted text (catalog fields, opinions, findings, tag names) for
//! the Markdown documents this crate writes.

/// Text for inline Markdown, also inside a table cell: the catalog's escaping
/// (emphasis, code, links, HTML, entities), plus `|`, and line breaks and
/// other control characters become spaces, so the text shows literally.
pub fn text(raw: &str) -> String {
    let flat: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    radar_catalog::markdown::escape(&flat).replace('|', "\\|")
}

/// A link to an http(s) URL, or the escaped text when the URL is anything
/// else (a `javascript:` URL must never become a link).
pub fn link(label: &str, url: &str) -> String {
    let url = url.trim();
    let is_web = url.starts_with("https://") || url.starts_with("http://");
    if !is_web || url.chars().any(char::is_control) {
        return if label == url {
            text(url)
        } else {
            format!("{} ({})", text(label), text(url))
        };
    }
    // Percent-encode what would end or break the destination.
    let mut dest = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => dest.push_str("%20"),
            '(' => dest.push_str("%28"),
            ')' => dest.push_str("%29"),
            '<' => dest.push_str("%3C"),
            '>' => dest.push_str("%3E"),
            '\\' => dest.push_str("%5C"),
            '|' => dest.push_str("%7C"),
            c => dest.push(c),
        }
    }
    format!("[{}]({dest})", text(label))
}

/// A code span holding untrusted text (an id, a tag): the fence is one more
/// backtick than the longest run inside.
pub fn code(raw: &str) -> String {
    let clean: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    // Inside a table a pipe still ends the cell, even in a code span.
    let clean = clean.replace('|', "\\|");
    let longest = clean.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{clean}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(text("a *b* [c](d) <script>"), r"a \*b\* \[c\](d) \<script>");
        assert_eq!(text("x | y\nz"), r"x \| y z");
        assert_eq!(text("plain words, 1.0"), "plain words, 1.0");
    }

    #[test]
    fn links_only_to_the_web() {
        assert_eq!(
            link("minutes", "https://example.org/a b"),
            "[minutes](https://example.org/a%20b)"
        );
        assert_eq!(link("x", "javascript:alert(1)"), "x (javascript:alert(1))");
        assert_eq!(
            link("https://e.org/(x)", "https://e.org/(x)"),
            "[https://e.org/(x)](https://e.org/%28x%29)"
        );
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("v1.0"), "`v1.0`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
