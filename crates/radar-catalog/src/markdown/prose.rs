//! The prose around a Markdown list: title, intro, support text, the
//! heading above the list and the notes after it, each kept verbatim so that
//! `radar render` writes the README section back.

use crate::diagnostic::SourceFile;
use crate::markdown::table;
use crate::model::Catalog;

/// Title, intro, support text, list heading and notes from the text around
/// the list, which runs from line `first` to line `last` (1-based, inclusive).
pub(super) fn prose(
    src: &SourceFile,
    c: &mut Catalog,
    layout: &table::Layout,
    first: usize,
    last: usize,
) {
    let lines = |from: usize, to: usize| -> String {
        // 1-based inclusive `from`, exclusive `to`
        (from..to.min(src.line_count() + 1))
            .map(|l| src.line_text(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    };
    let before: Vec<&table::Heading> = layout
        .headings
        .iter()
        .filter(|h| h.end_line < first)
        .collect();
    let title = before.iter().find(|h| h.level == 1);
    // The heading right above the table, with only blank lines between.
    let table_heading = before.last().filter(|h| {
        (h.end_line + 1..first).all(|l| src.line_text(l).trim().is_empty()) && Some(*h) != title
    });
    let support = before.iter().find(|h| {
        h.level > 1
            && h.text.trim().to_lowercase().starts_with("support")
            && Some(*h) != table_heading
    });
    if let Some(t) = title {
        c.title = t.text.trim().to_string();
    }
    if let Some(h) = table_heading {
        c.table_heading = Some(h.text.trim().to_string());
    }
    let prose_end = table_heading.map_or(first, |h| h.line);
    let mut intro_parts = Vec::new();
    let intro_start = title.map_or(1, |t| t.end_line + 1);
    // Anything before the title (badges, front text) is kept at the start of the intro.
    if let Some(t) = title {
        intro_parts.push(lines(1, t.line));
    }
    match support {
        Some(s) => {
            let next = before
                .iter()
                .find(|h| h.line > s.line && h.level <= s.level)
                .map_or(prose_end, |h| h.line.min(prose_end));
            intro_parts.push(lines(intro_start, s.line));
            c.support = lines(s.end_line + 1, next);
            intro_parts.push(lines(next, prose_end));
        }
        None => intro_parts.push(lines(intro_start, prose_end)),
    }
    c.intro = intro_parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    c.notes = lines(last + 1, src.line_count() + 1);
}
