//! `render --check` and `render --write`: compare a file's table with the
//! catalog by meaning (same rows, cells, links; whitespace and formatting
//! aside), and replace the table in a file without touching anything else.

use similar::TextDiff;

use crate::markdown::import::{ImportError, import};
use crate::markdown::render::render_table;
use crate::model::Catalog;

/// The list of a catalog as canonical lines, one per area and per project
/// field, so that a diff shows exactly which cell differs. A project listed
/// in several areas shows in each (as the README shows it); the layout
/// (one table or a table per area) is presentation and not compared.
pub fn canonical_rows(c: &Catalog) -> Vec<String> {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let link = |label: &str, url: Option<&str>| match url {
        Some(u) => format!("{} <{u}>", norm(label)),
        None => norm(label),
    };
    let mut out = vec![format!("platform column: {}", c.platform_header())];
    for (area, projects) in c.by_area() {
        out.push(format!("area: {}", norm(&area.name)));
        for p in projects {
            out.push(format!(
                "  project {}: {}",
                p.id(),
                link(&p.name, p.link.as_deref())
            ));
            let mut field = |name: &str, value: String| {
                if !value.is_empty() {
                    out.push(format!("    {name}: {value}"));
                }
            };
            field("repo", p.repo.clone().unwrap_or_default());
            field("path", p.path.clone().unwrap_or_default());
            field(
                "artifacts",
                p.artifacts
                    .iter()
                    .map(|a| link(&a.label, a.url.as_deref()))
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
            field(
                "goal",
                p.goal
                    .as_deref()
                    .map(|g| g.lines().map(norm).collect::<Vec<_>>().join(" / "))
                    .unwrap_or_default(),
            );
            field(
                "state",
                p.state.as_ref().map_or(String::new(), |s| {
                    format!(
                        "{}: {}",
                        s.body.as_deref().unwrap_or(""),
                        s.shown_level().unwrap_or_default()
                    )
                    .trim()
                    .to_string()
                }),
            );
            field(
                "apis",
                p.apis
                    .iter()
                    .map(|a| {
                        format!(
                            "{}{}",
                            a.name
                                .as_deref()
                                .map_or(String::new(), |n| format!("{n}: ")),
                            a.version
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
            field(
                "channels",
                p.channels
                    .iter()
                    .map(|ch| link(&ch.label, ch.url.as_deref()))
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
            field(
                "platform",
                p.platform_use
                    .iter()
                    .map(|l| match l.support {
                        Some(s) => format!("{} (support: {s})", link(&l.label, l.url.as_deref())),
                        None => link(&l.label, l.url.as_deref()),
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
            field(
                "extra",
                p.extra
                    .iter()
                    .map(|e| norm(e))
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
        }
    }
    out
}

/// The outcome of comparing a file's table with a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// Same rows, cells and links.
    Same,
    /// They differ; a unified diff (catalog → file) of the canonical rows.
    Differs(String),
}

/// Compares the project table of `text` (a Markdown file named `name`) with the catalog.
pub fn check_file(c: &Catalog, name: &str, text: &str) -> Result<CheckOutcome, ImportError> {
    let file = import(name, text)?.catalog;
    let want = canonical_rows(c).join("\n") + "\n";
    let have = canonical_rows(&file).join("\n") + "\n";
    if want == have {
        return Ok(CheckOutcome::Same);
    }
    let diff = TextDiff::from_lines(&want, &have);
    Ok(CheckOutcome::Differs(
        diff.unified_diff()
            .context_radius(2)
            .header("catalog", name)
            .to_string(),
    ))
}

/// Replaces the list in `text` (from its first project table, or the
/// heading naming that table's area, to the end of its last project table)
/// with the catalog's, in the catalog's layout. Every byte before and after
/// is kept; the file's line ending style (LF, CRLF or CR) is used for the new
/// list.
pub fn replace_table(c: &Catalog, name: &str, text: &str) -> Result<String, ImportError> {
    let (first, last) = import(name, text)?.list_lines;
    // Lines as comrak counts them: a lone `\r` ends one too.
    let index = radar_text::LineIndex::new(text);
    let start = index.line_range_with_break(text, first).start;
    let end = index.line_range_with_break(text, last).end;
    let mut table = render_table(c);
    let style = radar_text::break_style(&text[start..end]);
    if style != "\n" {
        table = table.replace('\n', style);
    }
    // The old table's last line may have had no line break (end of file).
    if !text[start..end].ends_with(['\r', '\n']) {
        table.truncate(table.trim_end_matches(['\r', '\n']).len());
    }
    Ok(format!("{}{}{}", &text[..start], table, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# T\r\n\r\n| Project Area | Project | Goal |\r\n|---|---|---|\r\n| A | | |\r\n| | [P](https://x.org/p) | g |\r\n\r\nafter\r\n";

    #[test]
    fn write_keeps_other_bytes_and_check_sees_changes() {
        let mut c = import("d.md", DOC).unwrap().catalog;
        assert_eq!(check_file(&c, "d.md", DOC).unwrap(), CheckOutcome::Same);
        c.areas[0].defined_mut().next().unwrap().goal = Some("new goal".into());
        let CheckOutcome::Differs(diff) = check_file(&c, "d.md", DOC).unwrap() else {
            panic!("should differ")
        };
        assert!(
            diff.contains("-    goal: new goal") && diff.contains("+    goal: g"),
            "{diff}"
        );
        let written = replace_table(&c, "d.md", DOC).unwrap();
        assert!(
            written.starts_with("# T\r\n\r\n| Project Area |"),
            "{written:?}"
        );
        assert!(written.ends_with("\r\n\r\nafter\r\n"), "{written:?}");
        assert_eq!(
            check_file(&c, "d.md", &written).unwrap(),
            CheckOutcome::Same
        );
    }

    /// Classic Mac line ends (`\r` alone) are lines to comrak and to the
    /// writer alike: the table is replaced, not the text around it.
    #[test]
    fn write_keeps_carriage_return_only_files() {
        let doc = DOC.replace("\r\n", "\r");
        let mut c = import("d.md", &doc).unwrap().catalog;
        c.areas[0].defined_mut().next().unwrap().goal = Some("new goal".into());
        let written = replace_table(&c, "d.md", &doc).unwrap();
        assert!(
            written.starts_with("# T\r\r| Project Area |"),
            "{written:?}"
        );
        assert!(written.contains("| new goal |"), "{written:?}");
        assert!(written.ends_with("|\r\rafter\r"), "{written:?}");
        assert!(!written.contains('\n'), "{written:?}");
        assert_eq!(
            check_file(&c, "d.md", &written).unwrap(),
            CheckOutcome::Same
        );
    }

    #[test]
    fn whitespace_and_layout_do_not_matter() {
        let a = "| Project Area | Project & (artifacts) | Goal |\n|---|---|---|\n| A |\n|  | [P](https://x.org/p) <br> ([releases](https://x.org/r)) | a  goal |\n";
        let b = "|Project Area|Project & (artifacts)|Goal|\n|-|-|-|\n|A||\n||[P](https://x.org/p)</br>[releases](https://x.org/r)|a goal|\n";
        let c = import("a.md", a).unwrap().catalog;
        assert_eq!(check_file(&c, "b.md", b).unwrap(), CheckOutcome::Same);
    }
}
