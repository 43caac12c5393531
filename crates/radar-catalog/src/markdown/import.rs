//! Markdown project tables → catalog. A README keeps its list as one table
//! with an area column (the seed's layout), or as one table per area under a
//! heading that names the area; often with other tables around it (an
//! announcements table) and, while a list moves from one layout to the other,
//! both at once. Every project table is read and merged: a project (one id)
//! listed in several tables of one area is listed once there; listed in
//! several areas, it is defined where it first appears and referenced
//! (`ref:`) in the others. Tables that are not project tables are skipped
//! with a note naming their line.

use std::collections::{HashMap, HashSet};

use crate::codes;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::markdown::cells::{Reader, Role, header_text, role_of, strip_prefix_ci};
use crate::markdown::prose::prose;
use crate::markdown::table::{self, Cell, Piece};
use crate::model::{Area, Catalog, Layout, Listing, Project, ProjectRef};

/// The result of an import: the catalog and what could not be fully understood.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The catalog.
    pub catalog: Catalog,
    /// Warnings, each at a line of the Markdown file.
    pub warnings: Vec<Diagnostic>,
    /// First and last line (1-based) of the list: from the first project
    /// table (or the heading that names its area) to the end of the last.
    pub list_lines: (usize, usize),
    /// First and last line of every project table read, in order.
    pub tables: Vec<(usize, usize)>,
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

/// A table's header, read.
struct Header {
    first: usize,
    last: usize,
    cells: Vec<Cell>,
    /// The role of each column; `None` for a column Radar does not know (or
    /// a second column of a role already taken): an extra column.
    roles: Vec<Option<Role>>,
}

impl Header {
    fn read(source: &SourceFile, (first, last): (usize, usize)) -> Header {
        let cells = table::split_row(source.line_text(first));
        let mut roles: Vec<Option<Role>> = Vec::with_capacity(cells.len());
        for cell in &cells {
            let role = role_of(&header_text(&cell.text)).filter(|r| !roles.contains(&Some(*r)));
            roles.push(role);
        }
        Header {
            first,
            last,
            cells,
            roles,
        }
    }

    fn has(&self, role: Role) -> bool {
        self.roles.contains(&Some(role))
    }

    /// A project table names its projects and says something about them
    /// (area, goal, state, channels or platform use). An announcements
    /// table (`Date | Project | Announcement | Details`) does not.
    fn is_project_table(&self) -> bool {
        self.has(Role::Project)
            && [
                Role::Area,
                Role::Goal,
                Role::State,
                Role::Channels,
                Role::Platform,
            ]
            .iter()
            .any(|r| self.has(*r))
    }

    fn mentions_project(&self) -> bool {
        self.cells
            .iter()
            .any(|c| header_text(&c.text).to_lowercase().contains("project"))
    }
}

/// Imports the project tables of a Markdown file (named `name` in warnings).
pub fn import(name: &str, text: &str) -> Result<Imported, ImportError> {
    let source = SourceFile::new(name, text);
    let layout = table::layout(text);
    let headers: Vec<Header> = layout
        .tables
        .iter()
        .map(|&t| Header::read(&source, t))
        .collect();
    let mut chosen: Vec<usize> = (0..headers.len())
        .filter(|&i| headers[i].is_project_table())
        .collect();
    if chosen.is_empty() {
        // No table looks like a project table: read the one most likely to be
        // the list, as Radar always did (the first that mentions projects).
        let fallback = headers
            .iter()
            .position(Header::mentions_project)
            .or((!headers.is_empty()).then_some(0));
        chosen.extend(fallback);
    }
    if chosen.is_empty() {
        return Err(ImportError::NoTable(name.to_string()));
    }
    let mut im = Importer {
        reader: Reader {
            source: &source,
            warnings: Vec::new(),
        },
        catalog: Catalog::default(),
        areas: HashMap::new(),
        defined: HashMap::new(),
        listed: Vec::new(),
    };
    for (i, h) in headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !chosen.contains(i))
    {
        let columns: Vec<String> = h.cells.iter().map(|c| header_text(&c.text)).collect();
        let d = Diagnostic::warning(
            codes::SKIPPED_TABLE,
            format!(
                "the table at line {} (`{}`) is not a project table; skipped",
                h.first,
                columns.join(" | ")
            ),
        )
        .with_help("a project table has a project column and an area, goal, state, communication or platform column");
        im.reader.warn(d, h.first, 1, 1);
        let _ = i;
    }

    let title = layout.headings.iter().find(|h| h.level == 1);
    let mut start = None;
    let mut used_headings = Vec::new();
    for &t in &chosen {
        let h = &headers[t];
        // A table without an area column takes its area from the heading
        // above it (not the document's title).
        let heading = if h.has(Role::Area) {
            None
        } else {
            layout
                .heading_above(h.first)
                .filter(|hd| Some(*hd) != title)
        };
        if let Some(hd) = heading {
            used_headings.push((hd.line, hd.end_line));
            im.catalog.layout = Layout::TablePerArea;
        }
        start.get_or_insert(heading.map_or(h.first, |hd| hd.line));
        im.table(h, heading.map(|hd| hd.text.trim().to_string()));
    }
    let first = start.unwrap_or(1);
    let last = chosen
        .iter()
        .map(|&t| headers[t].last)
        .max()
        .unwrap_or(first);
    let tables: Vec<(usize, usize)> = chosen
        .iter()
        .map(|&t| (headers[t].first, headers[t].last))
        .collect();
    im.text_between(first, last, &tables, &used_headings);
    let Importer {
        reader,
        mut catalog,
        ..
    } = im;
    prose(&source, &mut catalog, &layout, first, last);
    Ok(Imported {
        catalog,
        warnings: reader.warnings,
        list_lines: (first, last),
        tables,
    })
}

/// Where a project was first listed.
struct Defined {
    area: usize,
    index: usize,
    line: usize,
}

struct Importer<'s> {
    reader: Reader<'s>,
    catalog: Catalog,
    /// Area name → index in the catalog.
    areas: HashMap<String, usize>,
    /// Project id → where it is defined.
    defined: HashMap<String, Defined>,
    /// Per area, the ids it lists.
    listed: Vec<HashSet<String>>,
}

impl Importer<'_> {
    /// The index of the area with this name, created at the end when new.
    fn area(&mut self, name: &str) -> usize {
        let key = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(&a) = self.areas.get(&key) {
            return a;
        }
        self.catalog.areas.push(Area {
            name: name.to_string(),
            projects: Vec::new(),
        });
        self.listed.push(HashSet::new());
        self.areas.insert(key, self.catalog.areas.len() - 1);
        self.catalog.areas.len() - 1
    }

    /// The roles of a table's columns, registering its unknown columns as
    /// the catalog's extra columns (once each, by header) and its platform.
    fn roles(&mut self, h: &Header) -> Vec<Role> {
        let mut roles = Vec::with_capacity(h.roles.len());
        for (i, (cell, role)) in h.cells.iter().zip(&h.roles).enumerate() {
            let label = header_text(&cell.text);
            let role = match role {
                Some(r) => *r,
                None => {
                    let c = &mut self.catalog;
                    let n = match c.extra_columns.iter().position(|e| *e == cell.text) {
                        Some(n) => n,
                        None => {
                            c.extra_columns.push(cell.text.clone());
                            let d = Diagnostic::warning(
                                codes::UNKNOWN_COLUMN,
                                format!(
                                    "column {} `{label}` is not one Radar knows; its cells are kept as extra cells",
                                    i + 1
                                ),
                            );
                            self.reader.warn(d, h.first, cell.col, cell.text.len());
                            self.catalog.extra_columns.len() - 1
                        }
                    };
                    Role::Extra(n)
                }
            };
            let c = &mut self.catalog;
            if role == Role::Platform && c.platform.is_none() && c.platform_column.is_none() {
                match strip_prefix_ci(&label, "use on ") {
                    Some(p) if !p.trim().is_empty() => c.platform = Some(p.trim().to_string()),
                    _ => c.platform_column = Some(label.clone()),
                }
            }
            roles.push(role);
        }
        roles
    }

    /// Reads one project table; `area` names the area of every row when the
    /// table has no area column.
    fn table(&mut self, h: &Header, area: Option<String>) {
        let roles = self.roles(h);
        let has_area = roles.contains(&Role::Area);
        let mut current = area.map(|a| self.area(&a));
        let source = self.reader.source;
        for line in h.first + 1..=h.last {
            let raw = source.line_text(line);
            if line == h.first + 1 && table::is_delimiter_row(raw) {
                continue;
            }
            let mut cells = table::split_row(raw);
            if cells.iter().all(|c| c.text.is_empty()) {
                continue; // an empty row carries no text
            }
            // A row copied from a table with an area column into one without:
            // its empty area cell shifts every cell one column right, leaving
            // the project cell empty and the project in the next one.
            if !has_area
                && cells.len() == roles.len() + 1
                && cells[0].text.is_empty()
                && !cells[1].text.is_empty()
            {
                let d = Diagnostic::warning(
                    codes::ROW_SHAPE,
                    "row starts with an empty cell more than the header has (a row of a table with an area column?); read without it",
                );
                self.reader.warn(d, line, 1, 1);
                cells.remove(0);
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
                self.reader.warn(d, line, c.col, c.text.len());
            }
            cells.resize(
                cells.len().max(roles.len()),
                Cell {
                    text: String::new(),
                    col: raw.chars().count() + 1,
                },
            );
            if has_area && let Some(a) = self.area_cell(&roles, &cells, line) {
                current = Some(a);
                // Empty cells past the header's count carry nothing either.
                let others_empty = cells
                    .iter()
                    .enumerate()
                    .all(|(i, c)| roles.get(i) == Some(&Role::Area) || c.text.is_empty());
                if others_empty {
                    continue;
                }
            }
            let area = match current {
                Some(a) => a,
                None => {
                    let d = Diagnostic::warning(
                        codes::NO_AREA,
                        "project row before any area row; it is put in an area named `Other`",
                    );
                    self.reader.warn(d, line, 1, 1);
                    let a = self.area("Other");
                    current = Some(a);
                    a
                }
            };
            let p = self.reader.project(&roles, &cells, line);
            if p.name.is_empty() {
                let d = Diagnostic::warning(
                    codes::CELL_TEXT,
                    "project row without a name; give it one in the catalog",
                );
                self.reader.warn(d, line, 1, 1);
            }
            self.add(area, p, line);
        }
    }

    /// The area a row opens, when its area cell is not empty.
    fn area_cell(&mut self, roles: &[Role], cells: &[Cell], line: usize) -> Option<usize> {
        let cell = &cells[roles.iter().position(|r| *r == Role::Area)?];
        let name = header_text(&cell.text);
        if name.is_empty() {
            return None;
        }
        let linked = table::segments(&cell.text)
            .iter()
            .flatten()
            .any(|p| matches!(p, Piece::Link { .. }));
        if linked {
            let d = Diagnostic::warning(
                codes::CELL_TEXT,
                format!("the area `{name}` is a link; areas keep their text only"),
            );
            self.reader.warn(d, line, cell.col, cell.text.len());
        }
        Some(self.area(&name))
    }

    /// Lists a project in an area: defined there when its id is new; when
    /// the same project was listed before (same id and link), a reference in
    /// another area or nothing more in the same one. A different project
    /// with the same id gets a distinct one.
    fn add(&mut self, area: usize, mut p: Project, line: usize) {
        let id = p.id().into_owned();
        if !id.is_empty()
            && let Some(first) = self.defined.get(&id)
        {
            let before = self.catalog.areas[first.area].projects[first.index]
                .project()
                .expect("a definition");
            let same = before.link == p.link || before.link.is_none() || p.link.is_none();
            if same {
                if *before != p {
                    let d = Diagnostic::warning(
                        codes::RELISTED,
                        format!(
                            "project `{}` is listed again with cells that differ from line {}; the cells of line {} are kept",
                            p.name, first.line, first.line
                        ),
                    )
                    .with_help("make the two rows the same");
                    self.reader.warn(d, line, 1, 1);
                }
                if self.listed[area].insert(id.clone()) {
                    self.catalog.areas[area]
                        .projects
                        .push(Listing::Ref(ProjectRef { id }));
                }
                return;
            }
            let mut n = 2;
            let fresh = loop {
                let candidate = format!("{id}-{n}");
                if !self.defined.contains_key(&candidate) {
                    break candidate;
                }
                n += 1;
            };
            let d = Diagnostic::warning(
                codes::SAME_ID,
                format!(
                    "project `{}` has the id `{id}` of the project at line {} but another link; it is kept as `{fresh}`",
                    p.name, first.line
                ),
            );
            self.reader.warn(d, line, 1, 1);
            p.id = Some(fresh);
        }
        let id = p.id().into_owned();
        let index = self.catalog.areas[area].projects.len();
        self.catalog.areas[area].projects.push(Listing::Project(p));
        if !id.is_empty() {
            self.listed[area].insert(id.clone());
            self.defined.insert(id, Defined { area, index, line });
        }
    }

    /// Text inside the list that is neither a project table nor a heading
    /// naming an area has no place in the catalog: say so, by line.
    fn text_between(
        &mut self,
        first: usize,
        last: usize,
        tables: &[(usize, usize)],
        headings: &[(usize, usize)],
    ) {
        let source = self.reader.source;
        let covered = |l: usize| {
            tables
                .iter()
                .chain(headings)
                .any(|&(a, b)| (a..=b).contains(&l))
                || source.line_text(l).trim().is_empty()
        };
        let mut l = first;
        while l <= last {
            if covered(l) {
                l += 1;
                continue;
            }
            let from = l;
            while l <= last && !covered(l) {
                l += 1;
            }
            let d = Diagnostic::warning(
                codes::CELL_TEXT,
                format!(
                    "lines {from}-{} lie between the project tables and are not kept in the catalog",
                    l - 1
                ),
            )
            .with_help("move them above or below the list to keep them in the intro or the notes");
            self.reader.warn(d, from, 1, 1);
        }
    }
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
        let ps: Vec<&Project> = c.areas[0].defined().collect();
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
        let uses = &im.catalog.areas[0].defined().next().unwrap().platform_use;
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
}
