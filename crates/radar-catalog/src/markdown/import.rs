//! Markdown project table → catalog. Real lists are messy; every cell's text
//! ends up somewhere in the catalog, and what cannot be understood becomes a
//! warning with its line number — never a panic, never a dropped row.

use crate::classify;
use crate::codes;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::level::parse_state_line;
use crate::markdown::table::{self, Cell, Piece, Segments};
use crate::model::{ApiVersion, Area, Artifact, Catalog, Channel, Link, Project};

/// The result of an import: the catalog and what could not be fully understood.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The catalog.
    pub catalog: Catalog,
    /// Warnings, each at a line of the Markdown file.
    pub warnings: Vec<Diagnostic>,
    /// First and last line (1-based) of the table that was read.
    pub table_lines: (usize, usize),
}

/// Why nothing could be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has no table.
    #[error(
        "{0}: no Markdown table found (expected a GFM table with a header row such as `| Project Area | Project & (artifacts) | … |`)"
    )]
    NoTable(String),
}

/// The columns a project table of this kind has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Area,
    Project,
    Goal,
    State,
    Channels,
    Platform,
    Extra(usize),
}

fn role_of(header: &str) -> Option<Role> {
    let h = header.to_lowercase();
    let has = |w: &[&str]| w.iter().any(|w| h.contains(w));
    // The platform column first: its header holds a free name ("Use on Azure API Hub").
    let platform = h == "use"
        || h.starts_with("use on ")
        || h.starts_with("used ")
        || h.starts_with("use in ");
    Some(if platform {
        Role::Platform
    } else if has(&["area", "category", "group"]) {
        Role::Area
    } else if has(&["state", "maturity", "api", "level", "status"]) {
        Role::State
    } else if has(&["goal", "purpose", "description"]) {
        Role::Goal
    } else if has(&["communication", "contact", "channel", "chat", "community"]) {
        Role::Channels
    } else if has(&["project", "artifact", "name"]) {
        Role::Project
    } else {
        return None;
    })
}

/// Imports the project table of a Markdown file (named `name` in warnings).
pub fn import(name: &str, text: &str) -> Result<Imported, ImportError> {
    let source = SourceFile::new(name, text);
    let layout = table::layout(text);
    let Some((first, last)) = layout.table else {
        return Err(ImportError::NoTable(name.to_string()));
    };
    let mut im = Importer {
        source: &source,
        warnings: Vec::new(),
    };
    let mut catalog = Catalog::default();
    im.prose(&mut catalog, &layout, first, last);

    let header = table::split_row(source.line_text(first));
    let mut roles = Vec::with_capacity(header.len());
    for (i, cell) in header.iter().enumerate() {
        let label = header_text(&cell.text);
        let role = match role_of(&label) {
            Some(r) if !roles.contains(&r) => r,
            _ => {
                let n = catalog.extra_columns.len();
                catalog.extra_columns.push(cell.text.clone());
                let d = Diagnostic::warning(
                    codes::UNKNOWN_COLUMN,
                    format!(
                        "column {} `{label}` is not one Radar knows; its cells are kept as extra cells",
                        i + 1
                    ),
                );
                im.warn(d, first, cell.col, cell.text.len());
                Role::Extra(n)
            }
        };
        if role == Role::Platform {
            match strip_prefix_ci(&label, "use on ") {
                Some(p) if !p.trim().is_empty() => catalog.platform = Some(p.trim().to_string()),
                _ => catalog.platform_column = Some(label.clone()),
            }
        }
        roles.push(role);
    }

    for line in first + 1..=last {
        let raw = source.line_text(line);
        if line == first + 1 && table::is_delimiter_row(raw) {
            continue;
        }
        let mut cells = table::split_row(raw);
        if cells.iter().all(|c| c.text.is_empty()) {
            continue; // an empty row carries no text
        }
        if cells.len() > roles.len() {
            let d = Diagnostic::warning(
                codes::ROW_SHAPE,
                format!(
                    "row has {} cells but the header has {}; the extra cells are kept as extra cells",
                    cells.len(),
                    roles.len()
                ),
            );
            let c = &cells[roles.len()];
            im.warn(d, line, c.col, c.text.len());
        }
        cells.resize(
            cells.len().max(roles.len()),
            Cell {
                text: String::new(),
                col: raw.chars().count() + 1,
            },
        );
        im.row(&mut catalog, &roles, &cells, line);
    }
    Ok(Imported {
        catalog,
        warnings: im.warnings,
        table_lines: (first, last),
    })
}

fn header_text(cell: &str) -> String {
    let segs = table::segments(cell);
    let parts: Vec<String> = segs
        .iter()
        .map(|s| plain(s))
        .filter(|s| !s.is_empty())
        .collect();
    parts.join(" ")
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix))
    .then(|| &s[prefix.len()..])
}

/// The plain text of a segment.
fn plain(seg: &[Piece]) -> String {
    let mut out = String::new();
    for p in seg {
        match p {
            Piece::Link { label, .. } => out.push_str(label),
            Piece::Text(t) => out.push_str(t),
            Piece::Meta(..) => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An item of a list cell: a link, or bare text.
struct Item {
    label: String,
    url: Option<String>,
    /// A platform-use entry's `<!-- radar-support: true|false -->` mark.
    support: Option<bool>,
}

struct Importer<'s> {
    source: &'s SourceFile,
    warnings: Vec<Diagnostic>,
}

impl Importer<'_> {
    fn warn(&mut self, d: Diagnostic, line: usize, col: usize, len: usize) {
        self.warnings
            .push(d.at_line_col(self.source, line, col, len));
    }

    /// Title, intro, support text, table heading and notes from the text around the table.
    fn prose(&mut self, c: &mut Catalog, layout: &table::Layout, first: usize, last: usize) {
        let src = self.source;
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

    fn row(&mut self, c: &mut Catalog, roles: &[Role], cells: &[Cell], line: usize) {
        let cell = |role: Role| roles.iter().position(|r| *r == role).map(|i| &cells[i]);
        let area_name = cell(Role::Area)
            .map(|c| header_text(&c.text))
            .unwrap_or_default();
        if let Some(c) = cell(Role::Area).filter(|c| {
            table::segments(&c.text)
                .iter()
                .flatten()
                .any(|p| matches!(p, Piece::Link { .. }))
        }) {
            let d = Diagnostic::warning(
                codes::CELL_TEXT,
                format!("the area `{area_name}` is a link; areas keep their text only"),
            );
            self.warn(d, line, c.col, c.text.len());
        }
        let others_empty = roles
            .iter()
            .zip(cells)
            .all(|(r, c)| *r == Role::Area || c.text.is_empty())
            && cells.len() <= roles.len();
        if !area_name.is_empty() {
            c.areas.push(Area {
                name: area_name,
                projects: Vec::new(),
            });
            if others_empty {
                return;
            }
        }
        if c.areas.is_empty() {
            let d = Diagnostic::warning(
                codes::NO_AREA,
                "project row before any area row; it is put in an area named `Other`",
            );
            self.warn(d, line, 1, 1);
            c.areas.push(Area {
                name: "Other".into(),
                projects: Vec::new(),
            });
        }
        let mut p = Project::default();
        if let Some(cell) = cell(Role::Project) {
            self.project_cell(&mut p, cell, line);
        }
        if let Some(cell) = cell(Role::Goal) {
            p.goal = goal_from_cell(&cell.text);
        }
        if let Some(cell) = cell(Role::State) {
            self.state_cell(&mut p, cell, line);
        }
        if let Some(cell) = cell(Role::Channels) {
            for item in self.items(cell, line) {
                p.channels.push(Channel {
                    kind: classify::channel_kind(&item.label, item.url.as_deref()),
                    label: item.label,
                    url: item.url,
                });
            }
        }
        if let Some(cell) = cell(Role::Platform) {
            for item in self.items(cell, line) {
                p.platform_use.push(Link {
                    label: item.label,
                    url: item.url,
                    support: item.support,
                });
            }
        }
        // Cells of unknown columns and beyond the header, verbatim.
        let extra_cells = roles
            .iter()
            .zip(cells)
            .filter(|(r, _)| matches!(r, Role::Extra(_)))
            .map(|(_, c)| c);
        p.extra = extra_cells
            .chain(cells.iter().skip(roles.len()))
            .map(|c| c.text.clone())
            .collect();
        while p.extra.last().is_some_and(String::is_empty) {
            p.extra.pop();
        }
        if p.repo.is_none() {
            p.repo = classify::derive_repo(&p);
        }
        if p.name.is_empty() {
            let d = Diagnostic::warning(
                codes::CELL_TEXT,
                "project row without a name; give it one in the catalog",
            );
            self.warn(d, line, 1, 1);
        }
        c.areas.last_mut().expect("an area exists").projects.push(p);
    }

    fn project_cell(&mut self, p: &mut Project, cell: &Cell, line: usize) {
        let segs = table::segments(&cell.text);
        let mut segs_iter = segs.iter().filter(|s| !s.is_empty());
        for seg in &segs {
            for piece in seg {
                if let Piece::Meta(k, v) = piece {
                    match k.as_str() {
                        "id" => p.id = Some(v.clone()),
                        "repo" => p.repo = Some(v.clone()),
                        _ => {}
                    }
                }
            }
        }
        if let Some(first) = segs_iter.next() {
            let links: Vec<(&String, &String)> = first
                .iter()
                .filter_map(|pc| match pc {
                    Piece::Link { label, url, .. } => Some((label, url)),
                    _ => None,
                })
                .collect();
            p.name = plain(first);
            p.link = links.first().map(|(_, u)| (*u).clone());
            if links.len() > 1
                || (links.len() == 1
                    && links[0].0.split_whitespace().collect::<Vec<_>>().join(" ") != p.name)
            {
                let d = Diagnostic::warning(
                    codes::CELL_TEXT,
                    format!(
                        "project name `{}` mixes text and links; the whole text is the name, the first link its link",
                        p.name
                    ),
                );
                self.warn(d, line, cell.col, cell.text.len());
            }
        }
        for seg in segs_iter {
            for item in self.seg_items(seg, line, cell) {
                p.artifacts.push(Artifact {
                    kind: classify::artifact_kind(&item.label, item.url.as_deref()),
                    label: item.label,
                    url: item.url,
                });
            }
        }
    }

    fn state_cell(&mut self, p: &mut Project, cell: &Cell, line: usize) {
        let segs = table::segments(&cell.text);
        let lines: Vec<String> = segs.iter().map(|s| plain(s)).collect();
        if segs
            .iter()
            .flatten()
            .any(|pc| matches!(pc, Piece::Link { .. }))
        {
            let d = Diagnostic::warning(
                codes::CELL_TEXT,
                "links in the state column are kept as text only",
            );
            self.warn(d, line, cell.col, cell.text.len());
        }
        let mut rest = lines.iter().map(String::as_str);
        // The first line is the state unless it reads as an API line; an empty
        // first line (a leading `<br>`) says "no state".
        if let Some(first) = lines.first() {
            if first.is_empty() {
                rest.next();
            } else if let Some(state) = parse_state_line(first) {
                rest.next();
                p.state = Some(state);
            }
        }
        for l in rest.filter(|l| !l.is_empty()) {
            for part in l.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                p.apis.push(match part.split_once(':') {
                    Some((name, version))
                        if !version.trim().is_empty() && !name.trim().is_empty() =>
                    {
                        ApiVersion {
                            name: Some(name.trim().to_string()),
                            version: version.trim().to_string(),
                        }
                    }
                    _ => ApiVersion {
                        name: None,
                        version: part.to_string(),
                    },
                });
            }
        }
    }

    fn items(&mut self, cell: &Cell, line: usize) -> Vec<Item> {
        let segs: Segments = table::segments(&cell.text);
        let mut out = Vec::new();
        for seg in segs.iter().filter(|s| !s.is_empty()) {
            out.extend(self.seg_items(seg, line, cell));
        }
        out
    }

    /// One segment → items: a single link (parentheses around it are
    /// presentation), bare text, or — when links and text mix — one item per
    /// link and per run of text, so no text is lost.
    fn seg_items(&mut self, seg: &[Piece], line: usize, cell: &Cell) -> Vec<Item> {
        let links = seg
            .iter()
            .filter(|p| matches!(p, Piece::Link { .. }))
            .count();
        let outside: String = seg
            .iter()
            .filter_map(|p| {
                if let Piece::Text(t) = p {
                    Some(t.as_str())
                } else {
                    None
                }
            })
            .collect();
        let outside_is_decoration = outside
            .chars()
            .all(|c| c.is_whitespace() || c == '(' || c == ')' || c == ',');
        let mut out = Vec::new();
        for piece in seg {
            match piece {
                Piece::Link { label, url, title } => {
                    if !title.is_empty() {
                        let d = Diagnostic::warning(
                            codes::CELL_TEXT,
                            format!("the title `{title}` of link `{label}` is not kept"),
                        );
                        self.warn(d, line, cell.col, cell.text.len());
                    }
                    let label = if label.is_empty() {
                        url.clone()
                    } else {
                        label.clone()
                    };
                    out.push(Item {
                        label,
                        url: Some(url.clone()),
                        support: None,
                    });
                }
                Piece::Text(t) if !(links == 1 && outside_is_decoration) => {
                    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    let t = if links > 0 {
                        t.trim_matches(|c: char| {
                            c == '(' || c == ')' || c == ',' || c.is_whitespace()
                        })
                        .to_string()
                    } else {
                        t
                    };
                    if !t.is_empty() {
                        // A bare URL is a link to itself.
                        let url = (t.starts_with("https://") || t.starts_with("http://"))
                            && !t.contains(' ');
                        out.push(Item {
                            url: url.then(|| t.clone()),
                            label: t,
                            support: None,
                        });
                    }
                }
                _ => {}
            }
        }
        if links > 1 || (links == 1 && !outside_is_decoration) {
            let d = Diagnostic::warning(
                codes::CELL_TEXT,
                format!(
                    "several links or text and links in one line; kept as {} separate items",
                    out.len()
                ),
            );
            self.warn(d, line, cell.col, cell.text.len());
        }
        // `radar render` marks a platform-use entry whose formal support the
        // catalog decides with a hidden comment in its item.
        for piece in seg {
            if let Piece::Meta(key, value) = piece
                && key == "support"
            {
                match value.trim().to_ascii_lowercase().as_str() {
                    "true" | "yes" => out.iter_mut().for_each(|i| i.support = Some(true)),
                    "false" | "no" => out.iter_mut().for_each(|i| i.support = Some(false)),
                    other => {
                        let d = Diagnostic::warning(
                            codes::CELL_TEXT,
                            format!("`radar-support: {other}` is neither true nor false; ignored"),
                        );
                        self.warn(d, line, cell.col, cell.text.len());
                    }
                }
            }
        }
        out
    }
}

/// The goal cell: inline Markdown kept verbatim; `<br>`-like breaks become line breaks.
fn goal_from_cell(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map(|e| i + e + 1);
        match end {
            Some(e) if table::is_line_break(&rest[i..e]) => {
                out.push_str(&rest[..i]);
                out.push('\n');
                rest = &rest[e..];
            }
            _ => {
                out.push_str(&rest[..=i]);
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    let lines: Vec<&str> = radar_text::lines(&out)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArtifactKind, ChannelKind, Level};

    const MESSY: &str = "\
# My list

Intro text.

| Project Area | Project & (artifacts) | Goal | Project State & <br> API Version | Communication | Use on GCP |
|---|---|---|---|---|---|
| Networking |  |  |  |  |
|  | [Foo](https://github.com/o/foo) <br> ([releases](https://github.com/o/foo/releases)) </br> [Tests](https://testgrid.k8s.io/foo) | Does \\| things | CNCF Sandbox <br> Config: v1alpha1; ConstraintTemplate: v1beta1 | #foo <br> same slack and email | <li>[GKE](https://cloud.google.com/gke)</li><li>many more</li> |
|  | [Bar](https://sigs.k8s.io/bar) | Bar goal | Kubernetes: <br> IPv6: beta <br> Dual-stack: beta | [#a](https://k.slack.com/a) [list](https://groups.google.com/g/x) | | surplus |
|  | Baz | | Moby: ?? | |
|  |  |  |  |  |  |

## Notes

After.
";

    #[test]
    fn messy_forms_import_without_loss() {
        let im = import("m.md", MESSY).unwrap();
        let c = &im.catalog;
        assert_eq!(c.title, "My list");
        assert_eq!(c.intro, "Intro text.");
        assert_eq!(c.notes, "## Notes\n\nAfter.");
        assert_eq!(c.platform.as_deref(), Some("GCP"));
        assert_eq!(c.areas.len(), 1);
        let ps = &c.areas[0].projects;
        assert_eq!(ps.len(), 3);
        let foo = &ps[0];
        assert_eq!(foo.name, "Foo");
        assert_eq!(foo.repo.as_deref(), Some("https://github.com/o/foo"));
        assert_eq!(
            foo.artifacts.iter().map(|a| a.kind).collect::<Vec<_>>(),
            [ArtifactKind::Releases, ArtifactKind::Tests]
        );
        assert_eq!(foo.goal.as_deref(), Some("Does | things"));
        let st = foo.state.as_ref().unwrap();
        assert_eq!(
            (st.body.as_deref(), st.level),
            (Some("CNCF"), Level::Sandbox)
        );
        assert_eq!(foo.apis.len(), 2);
        assert_eq!(foo.apis[1].name.as_deref(), Some("ConstraintTemplate"));
        assert_eq!(foo.channels[0].label, "#foo");
        assert_eq!(foo.channels[0].kind, ChannelKind::Slack);
        assert_eq!(foo.channels[1].label, "same slack and email");
        assert_eq!(foo.platform_use.len(), 2);
        assert_eq!(foo.platform_use[1].label, "many more");
        let bar = &ps[1];
        assert_eq!(
            bar.repo.as_deref(),
            Some("https://github.com/kubernetes-sigs/bar")
        );
        assert_eq!(
            bar.state.as_ref().unwrap().body.as_deref(),
            Some("Kubernetes")
        );
        assert_eq!(
            bar.apis
                .iter()
                .map(|a| a.name.as_deref().unwrap())
                .collect::<Vec<_>>(),
            ["IPv6", "Dual-stack"]
        );
        assert_eq!(bar.channels.len(), 2);
        assert_eq!(bar.channels[1].kind, ChannelKind::MailingList);
        assert_eq!(bar.extra, ["surplus"]);
        let baz = &ps[2];
        assert_eq!(baz.state.as_ref().unwrap().text.as_deref(), Some("??"));
        assert!(
            im.warnings.iter().any(|w| w.code == "M202" && w.line == 9),
            "{:?}",
            im.warnings
        );
        assert!(
            im.warnings.iter().any(|w| w.code == "M203" && w.line == 9),
            "{:?}",
            im.warnings
        );
    }

    #[test]
    fn hidden_support_marks_set_platform_use_support() {
        let md = "| Area | Project | Goal | State | Communication | Use on Azure |\n\
                  |---|---|---|---|---|---|\n\
                  | A | | | | | |\n\
                  | | Foo | x | CNCF: sandbox | | <li>[AKS](https://a.example) <!-- radar-support: false --></li>\
                  <li>many more <!-- radar-support: yes --></li><li>[Plain](https://p.example)</li>\
                  <li>[Odd](https://o.example) <!-- radar-support: maybe --></li> |\n";
        let im = import("s.md", md).unwrap();
        let uses = &im.catalog.areas[0].projects[0].platform_use;
        let got: Vec<(&str, Option<bool>)> =
            uses.iter().map(|l| (l.label.as_str(), l.support)).collect();
        assert_eq!(
            got,
            [
                ("AKS", Some(false)),
                ("many more", Some(true)),
                ("Plain", None),
                ("Odd", None)
            ]
        );
        assert!(
            im.warnings
                .iter()
                .any(|w| w.code == "M203" && w.message.contains("radar-support: maybe")),
            "{:?}",
            im.warnings
        );
    }

    #[test]
    fn no_table_is_an_error() {
        assert!(matches!(
            import("x.md", "# Title\n\nno table\n"),
            Err(ImportError::NoTable(_))
        ));
    }

    #[test]
    fn goal_breaks() {
        assert_eq!(
            goal_from_cell("a <br> b</br>c <b>x</b> <p>").as_deref(),
            Some("a\nb\nc <b>x</b> <p>")
        );
        assert_eq!(goal_from_cell("  "), None);
    }
}
