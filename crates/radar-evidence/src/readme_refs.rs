//! The structure of a README that the documentary checks read: its headings
//! and its links, line by line.
//!
//! A project may keep its governance, maintainers or code of conduct in
//! another repository (containerd keeps them in containerd/project) and point
//! to them from its README. A README *reference* to a topic is a heading
//! whose text names it (`## Governance`) or a link whose text names it
//! (`[Project governance](https://…/GOVERNANCE.md)`) or whose target is a file
//! named for it (`[containerd/project](https://…/SECURITY.md)`). A sentence
//! that merely contains the word ("common maintainership, governance, and
//! contributing") is not one: matching those would pass almost any README.
//!
//! Read: Markdown ATX (`## x`) and setext (`x` over `---`) headings, reStructuredText
//! underlined titles, HTML `<h2>`; Markdown inline links (also around an
//! image, as badges are), reference links (`[text][id]` + `[id]: url`),
//! reStructuredText links (`` `text <url>`_ ``), HTML `<a href>`, and bare
//! URLs. Fenced code blocks and HTML comments are skipped, and so is the
//! README's title (its first heading when that is a level-1 heading: a
//! project's name is not a section about a topic).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// A heading or a link found in a README.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// 1-based line number.
    pub line_no: usize,
    /// The whole line, trimmed and cut at 200 characters (for evidence).
    pub line: String,
    pub kind: ItemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// A heading and its text (markup removed).
    Heading(String),
    /// A link: its text (empty for a bare URL) and its target.
    Link { text: String, target: String },
}

static ATX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$").expect("valid")
});
static HTML_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<h([1-6])\b[^>]*>(.*?)</h[1-6]\s*>").expect("valid"));
/// `[text](target "title")`, text with one level of nested brackets (a badge image).
static INLINE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)"#)
        .expect("valid")
});
static REF_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[([^\]]*)\]").expect("valid"));
static REF_DEF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s.*)?$").expect("valid"));
static RST_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`<]*?)\s*<([^>`\s]+)>`__?").expect("valid"));
static HTML_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a\s*>"#).expect("valid")
});
static BARE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"https?://[^\s<>()\[\]"'`]+"#).expect("valid"));
static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid"));

/// Headings and links of `text`, in the order of their lines.
pub fn items(text: &str) -> Vec<Item> {
    let lines: Vec<&str> = radar_text::lines(text).collect();
    let defs = reference_definitions(&lines);
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    let mut title_seen = false;
    for (i, raw) in lines.iter().enumerate() {
        let l = raw.trim();
        // Fenced code: closed by a fence of the same character, at least as long.
        if let Some((ch, n)) = fence {
            if l.starts_with(&ch.to_string().repeat(n))
                && l.trim_start_matches(ch).trim().is_empty()
            {
                fence = None;
            }
            continue;
        }
        if let Some(ch) = ['`', '~']
            .into_iter()
            .find(|c| l.starts_with(&c.to_string().repeat(3)))
        {
            fence = Some((ch, l.chars().take_while(|&c| c == ch).count()));
            continue;
        }
        // HTML comments (possibly spanning lines): what is commented out is not there.
        let visible = strip_comments(l, &mut in_comment);
        let l = visible.trim();
        if l.is_empty() {
            continue;
        }
        let item = |kind| Item {
            line_no: i + 1,
            line: raw.trim().chars().take(200).collect(),
            kind,
        };
        if let Some((level, heading)) = heading_of(
            l,
            lines.get(i + 1).map(|n| n.trim()),
            lines.get(i.wrapping_sub(1)).map(|p| p.trim()),
        ) {
            let is_title = !title_seen && level == 1;
            title_seen = true;
            if !is_title && !heading.is_empty() {
                out.push(item(ItemKind::Heading(heading)));
            }
        }
        if REF_DEF.is_match(l) {
            continue; // a definition, reported where it is used
        }
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut link = |start: usize, end: usize, text: &str, target: &str, out: &mut Vec<Item>| {
            spans.push((start, end));
            out.push(item(ItemKind::Link {
                text: plain(text),
                target: target.trim().to_owned(),
            }));
        };
        for c in INLINE_LINK.captures_iter(l) {
            let m = c.get(0).expect("whole match");
            if l[..m.start()].ends_with('!') {
                continue; // an image, not a link
            }
            link(m.start(), m.end(), &c[1], &c[2], &mut out);
        }
        for c in REF_LINK.captures_iter(l) {
            let m = c.get(0).expect("whole match");
            let id = if c[2].is_empty() { &c[1] } else { &c[2] };
            if let Some(target) = defs.get(&id.trim().to_lowercase())
                && !l[..m.start()].ends_with('!')
            {
                link(m.start(), m.end(), &c[1], target, &mut out);
            }
        }
        for c in RST_LINK.captures_iter(l) {
            let m = c.get(0).expect("whole match");
            link(m.start(), m.end(), &c[1], &c[2], &mut out);
        }
        for c in HTML_LINK.captures_iter(l) {
            let m = c.get(0).expect("whole match");
            link(m.start(), m.end(), &c[2], &c[1], &mut out);
        }
        // Bare URLs outside the links above (their targets are already reported).
        for m in BARE_URL.find_iter(l) {
            if !spans.iter().any(|&(s, e)| m.start() >= s && m.end() <= e) {
                let url = m
                    .as_str()
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
                out.push(item(ItemKind::Link {
                    text: String::new(),
                    target: url.to_owned(),
                }));
            }
        }
    }
    out
}

/// `[id]: target` lines, by lower-case id.
fn reference_definitions(lines: &[&str]) -> HashMap<String, String> {
    lines
        .iter()
        .filter_map(|l| REF_DEF.captures(l))
        .map(|c| (c[1].trim().to_lowercase(), c[2].to_owned()))
        .collect()
}

/// The heading on line `l` (trimmed), given its neighbours: level and text.
fn heading_of(l: &str, next: Option<&str>, prev: Option<&str>) -> Option<(u8, String)> {
    if let Some(c) = ATX.captures(l) {
        return Some((c[1].len() as u8, plain(c.get(2).map_or("", |m| m.as_str()))));
    }
    if let Some(c) = HTML_HEADING.captures(l)
        && c.get(0).is_some_and(|m| m.start() == 0)
    {
        return Some((c[1].parse().unwrap_or(6), plain(&c[2])));
    }
    // Setext / reStructuredText: a text line underlined by `===`, `---`, `~~~`, …
    // (and not itself an underline, a list item, a table row or a quote).
    let underline = next.filter(|n| is_underline(n))?;
    let starts_block = ['-', '*', '+', '|', '>', '<', '!', '[', '`'];
    if is_underline(l)
        || l.starts_with(starts_block)
        || l.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    // An overline (reStructuredText) is fine; a previous text line would make this a paragraph.
    if prev.is_some_and(|p| !p.is_empty() && !is_underline(p)) {
        return None;
    }
    let level = if underline.starts_with('=') { 1 } else { 2 };
    Some((level, plain(l)))
}

fn is_underline(l: &str) -> bool {
    let Some(c) = l.chars().next() else {
        return false;
    };
    l.len() >= 3
        && matches!(c, '=' | '-' | '~' | '^' | '*' | '+' | '#' | '"')
        && l.chars().all(|x| x == c)
}

/// Text with Markdown/HTML markup removed: tags, images' URLs, emphasis, link targets.
fn plain(s: &str) -> String {
    let s = TAGS.replace_all(s, " ");
    let s = INLINE_LINK.replace_all(&s, "$1");
    s.chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '!' | '[' | ']'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `l` without the parts inside HTML comments; `open` carries a comment across lines.
fn strip_comments(l: &str, open: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = l;
    loop {
        if *open {
            match rest.find("-->") {
                Some(i) => {
                    rest = &rest[i + 3..];
                    *open = false;
                }
                None => return out,
            }
        } else {
            match rest.find("<!--") {
                Some(i) => {
                    out.push_str(&rest[..i]);
                    rest = &rest[i + 4..];
                    *open = true;
                }
                None => {
                    out.push_str(rest);
                    return out;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(text: &str) -> Vec<(usize, String)> {
        items(text)
            .into_iter()
            .filter_map(|i| match i.kind {
                ItemKind::Heading(h) => Some((i.line_no, h)),
                ItemKind::Link { .. } => None,
            })
            .collect()
    }

    fn links(text: &str) -> Vec<(String, String)> {
        items(text)
            .into_iter()
            .filter_map(|i| match i.kind {
                ItemKind::Link { text, target } => Some((text, target)),
                ItemKind::Heading(_) => None,
            })
            .collect()
    }

    #[test]
    fn headings_of_every_kind_but_the_title_and_code() {
        let md = "# widget\n\nIntro\n\n## Project **governance** ##\n\nSecurity\n========\n\n```sh\n# maintainers\n```\n<h2 align=\"center\">Roadmap</h2>\n\nText\n---\n";
        // `Text` over `---` right after a paragraph line would be setext too, but here a blank line precedes it.
        assert_eq!(
            headings(md),
            [
                (5, "Project governance".to_owned()),
                (7, "Security".to_owned()),
                (13, "Roadmap".to_owned()),
                (15, "Text".to_owned())
            ]
        );
        // A paragraph continued by a line of dashes is not a heading; a list is not either.
        assert!(headings("para one\npara two\n---\n- item\n---\n").is_empty());
        // reStructuredText with an overline title, then a section.
        let rst = "=====\nTitle\n=====\n\nGovernance\n----------\n";
        assert_eq!(headings(rst), [(5, "Governance".to_owned())]);
        // Commented out sections are not there.
        assert!(headings("# x\n<!--\n## Governance\n-->\n").is_empty());
        // The title is skipped only when it is a level-1 heading.
        assert_eq!(headings("## Governance\n"), [(1, "Governance".to_owned())]);
    }

    #[test]
    fn links_of_every_kind() {
        let md = "* [Project governance](https://github.com/containerd/project/blob/main/GOVERNANCE.md),\n\
                  [![Contributor Covenant](https://img.shields.io/badge/x.svg)](CODE_OF_CONDUCT.md)\n\
                  ![Maintainers](maintainers.png)\n\
                  See [the roadmap][rm] and <a href=\"https://x.io/adopters\">our <b>adopters</b></a>.\n\
                  `Changelog <https://x.io/CHANGES.rst>`_ or https://x.io/SECURITY.md.\n\
                  [rm]: https://x.io/ROADMAP.md \"Roadmap\"\n";
        assert_eq!(
            links(md),
            [
                (
                    "Project governance".into(),
                    "https://github.com/containerd/project/blob/main/GOVERNANCE.md".into()
                ),
                ("Contributor Covenant".into(), "CODE_OF_CONDUCT.md".into()),
                ("the roadmap".into(), "https://x.io/ROADMAP.md".into()),
                ("our adopters".into(), "https://x.io/adopters".into()),
                ("Changelog".into(), "https://x.io/CHANGES.rst".into()),
                (String::new(), "https://x.io/SECURITY.md".into()),
            ]
        );
        // Links inside code blocks do not count.
        assert!(links("```\n[Governance](GOVERNANCE.md)\n```\n").is_empty());
    }
}
