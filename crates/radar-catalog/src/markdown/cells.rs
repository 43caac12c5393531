//! One row of a project table → a project. Real lists are messy; every
//! cell's text ends up somewhere in the project, and what cannot be
//! understood becomes a warning with its line number — never a panic, never
//! a dropped row.

use crate::classify;
use crate::codes;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::level::parse_state_line;
use crate::markdown::table::{self, Cell, Piece, Segments};
use crate::model::{ApiVersion, Artifact, Channel, Link, Project};

/// The columns a project table of this kind has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Area,
    Project,
    Goal,
    State,
    Channels,
    Platform,
    Extra(usize),
}

pub(super) fn role_of(header: &str) -> Option<Role> {
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

pub(super) fn header_text(cell: &str) -> String {
    let segs = table::segments(cell);
    let parts: Vec<String> = segs
        .iter()
        .map(|s| plain(s))
        .filter(|s| !s.is_empty())
        .collect();
    parts.join(" ")
}

pub(super) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
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

/// Reads cells, collecting warnings placed in the source.
pub(super) struct Reader<'s> {
    pub(super) source: &'s SourceFile,
    pub(super) warnings: Vec<Diagnostic>,
}

impl Reader<'_> {
    pub(super) fn warn(&mut self, d: Diagnostic, line: usize, col: usize, len: usize) {
        self.warnings
            .push(d.at_line_col(self.source, line, col, len));
    }

    /// The project of a row: `roles[i]` is the role of `cells[i]`; cells
    /// past the roles are surplus.
    pub(super) fn project(&mut self, roles: &[Role], cells: &[Cell], line: usize) -> Project {
        let cell = |role: Role| roles.iter().position(|r| *r == role).map(|i| &cells[i]);
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
        // Cells of unknown columns (each at its extra column's place) and
        // beyond the header, verbatim.
        for (r, c) in roles.iter().zip(cells) {
            if let Role::Extra(n) = *r {
                if p.extra.len() <= n {
                    p.extra.resize(n + 1, String::new());
                }
                p.extra[n] = c.text.clone();
            }
        }
        p.extra
            .extend(cells.iter().skip(roles.len()).map(|c| c.text.clone()));
        while p.extra.last().is_some_and(String::is_empty) {
            p.extra.pop();
        }
        // The repository and folder the links imply, unless hidden comments
        // say otherwise (an empty `radar-path` says "the whole repository").
        let (derived_repo, derived_path) = classify::derive_location(&p);
        let written_path = p.path.take();
        if p.repo.is_none() {
            p.repo = derived_repo.clone();
        }
        p.path = match written_path {
            Some(path) => (!path.is_empty()).then_some(path),
            None => derived_path.filter(|_| p.repo == derived_repo),
        };
        if p.name.is_empty() {
            let d = Diagnostic::warning(
                codes::CELL_TEXT,
                "project row without a name; give it one in the catalog",
            );
            self.warn(d, line, 1, 1);
        }
        p
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
                        "path" => p.path = Some(v.trim().to_string()),
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

    #[test]
    fn goal_breaks() {
        assert_eq!(
            goal_from_cell("a <br> b</br>c <b>x</b> <p>").as_deref(),
            Some("a\nb\nc <b>x</b> <p>")
        );
        assert_eq!(goal_from_cell("  "), None);
    }
}
