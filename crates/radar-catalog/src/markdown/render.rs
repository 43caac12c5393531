//! Catalog → Markdown in the layout it was imported from: the seed's (one
//! table, an area row before its projects) or one table per area under a
//! heading naming it; `<br>` between links, `<li>` items in the platform
//! column. A project listed in several areas is written in each. Text fields
//! are escaped so that `import(render(c))` gives `c` back.

use std::fmt::Write as _;

use crate::classify;
use crate::markdown::table::encode_comment;
use crate::model::{ArtifactKind, Catalog, Layout, Project};

/// The fixed headers of the first five columns (the platform column follows).
pub const HEADERS: [&str; 5] = [
    "Project Area",
    "Project & (artifacts)",
    "Goal",
    "Project State & <br> API Version",
    "Communication",
];

/// Escapes plain text for inline Markdown: a backslash before every character
/// that could start markup inside a cell (emphasis, code, links, HTML,
/// strikethrough, an entity). `#`, `(` or `!` start nothing inline once `[` is
/// escaped, so they stay readable. `|` is left to [`cell`], which escapes it
/// for the table.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for (i, c) in text.char_indices() {
        let entity =
            c == '&' && text[i + 1..].starts_with(|n: char| n.is_ascii_alphanumeric() || n == '#');
        if entity || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Makes Markdown safe inside a table cell: `|` becomes `\|`, line breaks `<br>`.
fn cell(markdown: &str) -> String {
    markdown
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

fn link(label: &str, url: Option<&str>) -> String {
    match url {
        Some(u) => format!("[{}]({})", escape(label), destination(u)),
        None => escape(label),
    }
}

/// A link destination: `<…>` when it has spaces or parentheses that would end it early.
fn destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) || url.is_empty() {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// The project cell: name (linked), hidden metadata, then artifacts.
fn project_cell(p: &Project) -> String {
    let mut parts = vec![link(&p.name, p.link.as_deref())];
    if let Some(id) = &p.id {
        parts[0].push_str(&format!(" <!-- radar-id: {} -->", encode_comment(id)));
    }
    // The repository and folder the links imply need no comment.
    let (derived, derived_path) = classify::derive_location(p);
    if let Some(repo) = p.repo.as_ref().filter(|r| Some(*r) != derived.as_ref()) {
        parts[0].push_str(&format!(" <!-- radar-repo: {} -->", encode_comment(repo)));
    }
    let implied_path = derived_path.filter(|_| p.repo == derived);
    if p.path != implied_path {
        let path = p.path.as_deref().unwrap_or("");
        parts[0].push_str(&format!(" <!-- radar-path: {} -->", encode_comment(path)));
    }
    for a in &p.artifacts {
        let l = link(&a.label, a.url.as_deref());
        // The seed's layout: the releases link in parentheses.
        parts.push(if a.kind == ArtifactKind::Releases && a.url.is_some() {
            format!("({l})")
        } else {
            l
        });
    }
    parts.join(" <br> ")
}

fn state_cell(p: &Project) -> String {
    let mut lines = Vec::new();
    if let Some(s) = &p.state {
        let level = s.shown_level();
        lines.push(match (&s.body, level) {
            (Some(b), Some(l)) => format!("{}: {}", escape(b), escape(&l)),
            (Some(b), None) => format!("{}:", escape(b)),
            (None, Some(l)) => escape(&l),
            (None, None) => String::new(),
        });
    }
    for api in &p.apis {
        lines.push(match &api.name {
            Some(n) => format!("{}: {}", escape(n), escape(&api.version)),
            None => escape(&api.version),
        });
    }
    // With no state, a first API line that would read as a state gets an empty line before it.
    if p.state.is_none()
        && p.apis
            .first()
            .is_some_and(|a| crate::level::parse_state_line(&a.to_string()).is_some())
    {
        lines.insert(0, String::new());
    }
    lines.join(" <br> ").trim_end().to_string()
}

/// The list alone, ending with a newline: one table (header, delimiter,
/// area and project rows), or, laid out a table per area, each area's
/// heading and table.
pub fn render_table(c: &Catalog) -> String {
    let mut headers: Vec<String> = HEADERS.iter().map(|h| h.to_string()).collect();
    headers.push(cell(&escape(&c.platform_header())));
    headers.extend(c.extra_columns.iter().map(|h| cell(h)));
    let mut out = String::new();
    match c.layout {
        Layout::OneTable => {
            let width = headers.len();
            row(&mut out, &headers);
            row(&mut out, &vec!["---".to_string(); width]);
            for (area, projects) in c.by_area() {
                let mut cells = vec![String::new(); width];
                cells[0] = cell(&escape(&area.name));
                row(&mut out, &cells);
                for p in projects {
                    project_row(&mut out, p, width, true);
                }
            }
        }
        Layout::TablePerArea => {
            // Under the list's heading (`##`), areas are a level below.
            let level = if c.table_heading.is_some() {
                "###"
            } else {
                "##"
            };
            headers.remove(0);
            let width = headers.len();
            for (i, (area, projects)) in c.by_area().into_iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let _ = writeln!(out, "{level} {}\n", heading_text(&area.name));
                row(&mut out, &headers);
                row(&mut out, &vec!["---".to_string(); width]);
                for p in projects {
                    project_row(&mut out, p, width, false);
                }
            }
        }
    }
    out
}

/// An area's name as a heading: escaped, on one line.
fn heading_text(name: &str) -> String {
    escape(&name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// One project's row; `area_column` when the table has one (left empty).
fn project_row(out: &mut String, p: &Project, width: usize, area_column: bool) {
    let mut cells = Vec::with_capacity(width);
    if area_column {
        cells.push(String::new());
    }
    cells.extend([
        cell(&project_cell(p)),
        cell(p.goal.as_deref().unwrap_or("")),
        cell(&state_cell(p)),
        cell(
            &p.channels
                .iter()
                .map(|ch| link(&ch.label, ch.url.as_deref()))
                .collect::<Vec<_>>()
                .join(" <br> "),
        ),
        cell(
            &p.platform_use
                .iter()
                .map(|l| {
                    // The catalog's word on formal support has no column: a
                    // hidden comment in the item keeps it (import reads it back).
                    let mark = l
                        .support
                        .map_or(String::new(), |s| format!(" <!-- radar-support: {s} -->"));
                    format!("<li>{}{mark}</li>", link(&l.label, l.url.as_deref()))
                })
                .collect::<String>(),
        ),
    ]);
    cells.extend(p.extra.iter().map(|e| cell(e)));
    cells.resize(cells.len().max(width), String::new());
    row(out, &cells);
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        if c.is_empty() {
            out.push_str("  |");
        } else {
            let _ = write!(out, " {c} |");
        }
    }
    out.push('\n');
}

/// The whole README section: title, intro, support, table heading, table, notes.
pub fn render_document(c: &Catalog) -> String {
    let mut parts = Vec::new();
    if !c.title.is_empty() {
        parts.push(format!("# {}", c.title));
    }
    if !c.intro.is_empty() {
        parts.push(c.intro.clone());
    }
    if !c.support.is_empty() {
        parts.push(format!("## Support\n\n{}", c.support));
    }
    if let Some(h) = &c.table_heading {
        parts.push(format!("## {h}"));
    }
    parts.push(render_table(c).trim_end().to_string());
    if !c.notes.is_empty() {
        parts.push(c.notes.clone());
    }
    let mut doc = parts.join("\n\n");
    doc.push('\n');
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::table::segments;

    #[test]
    fn escaped_text_reads_back() {
        for t in [
            "a*b_c",
            "[x](y)",
            "<b>",
            "&amp;",
            "~~s~~",
            "back\\slash",
            "#chan",
            "`code`",
            "![i](u)",
        ] {
            let seg = segments(&escape(t));
            assert_eq!(
                seg,
                vec![vec![crate::markdown::table::Piece::Text(t.to_string())]],
                "{t}"
            );
        }
    }
}
