//! Escaping and link hygiene for text that comes from catalogs and
//! repositories. Templates escape by themselves (askama); these helpers are
//! for the few places that build markup in Rust (SVG charts, badges,
//! Markdown), so that every such place escapes the same way.

use std::fmt::Write;

/// Escapes text for HTML and XML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no business in a page (and are invalid XML).
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The URL when it may become a live link: absolute `http` or `https` only.
/// `javascript:`, `data:`, `file:` and relative paths stay plain text, since
/// a catalog is data anyone can send in a pull request.
pub fn link(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && u.len() > lower.find("//").map_or(0, |i| i + 2)
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"');
    ok.then_some(u)
}

/// Percent-encodes one path segment (a project id in a URL).
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Decodes a percent-encoded path segment; None when it is not valid UTF-8.
pub fn decode_segment(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// True when a project id can be a file name in the static site: no path
/// separators, not `.` or `..`, nothing hidden.
pub fn file_safe(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && !id.contains(['/', '\\', '\0'])
        && id.chars().all(|c| !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_live() {
        assert_eq!(link("https://github.com/x"), Some("https://github.com/x"));
        assert_eq!(link(" HTTP://example.org "), Some("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "//evil.org",
            "https://",
            "https://a b",
            "/relative",
            "#x",
            "https://x\"onmouseover=1",
        ] {
            assert_eq!(link(bad), None, "{bad}");
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn segments_round_trip() {
        for s in ["containerd", "a b/c", "é-x", "100%"] {
            assert_eq!(decode_segment(&segment(s)).as_deref(), Some(s));
        }
        assert!(!file_safe("..") && !file_safe("a/b") && file_safe("cluster-api"));
    }
}
