//! The checks `radar check` runs once the file has parsed and matched the
//! schema. One file per check; each gets the typed catalog and the YAML tree
//! (for places) and pushes diagnostics. Adding a check: write its file with a
//! `check` function and tests, and list it in [`ALL`].

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::{Catalog, Project};
use crate::yaml::Node;

mod api_versions;
pub(crate) mod dates;
mod empty_areas;
mod ids;
mod levels;
mod placeholders;
mod repos;
pub(crate) mod urls;

/// What a check sees.
pub struct Context<'c, 'a> {
    /// The typed catalog.
    pub catalog: &'c Catalog,
    /// The YAML tree it came from (same order of areas and projects).
    pub tree: &'c Node<'a>,
    /// The source, for places.
    pub source: &'c SourceFile,
}

/// A check: reads the context, pushes what it finds.
pub type Check = fn(&Context<'_, '_>, &mut Vec<Diagnostic>);

/// Every check, in the order their findings are listed for one place.
pub const ALL: &[Check] = &[
    ids::check,
    urls::check,
    repos::check,
    levels::check,
    api_versions::check,
    placeholders::check,
    empty_areas::check,
    dates::check,
];

impl<'c, 'a> Context<'c, 'a> {
    /// The node of area `a`.
    pub fn area(&self, a: usize) -> Option<&'c Node<'a>> {
        self.tree.get("areas")?.index(a)
    }

    /// The node of project `p` of area `a`.
    pub fn project(&self, a: usize, p: usize) -> Option<&'c Node<'a>> {
        self.area(a)?.get("projects")?.index(p)
    }

    /// Every project defined in the catalog with its area's and its own index
    /// (the index in the area's list, which also holds references).
    pub fn defined(&self) -> impl Iterator<Item = (usize, usize, &'c Project)> {
        self.catalog.areas.iter().enumerate().flat_map(|(a, area)| {
            area.projects
                .iter()
                .enumerate()
                .filter_map(move |(p, l)| l.project().map(|project| (a, p, project)))
        })
    }

    /// Places a diagnostic at a node (or at the start of the file when the node is unknown).
    pub fn place(&self, d: Diagnostic, node: Option<&Node<'_>>) -> Diagnostic {
        match node {
            Some(n) => d.at(self.source, n.start..n.end.max(n.start + 1)),
            None => d.at(self.source, 0..1),
        }
    }
}

/// Runs every check.
pub fn run(cx: &Context<'_, '_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for check in ALL {
        check(cx, &mut out);
    }
    out
}

#[cfg(test)]
pub(crate) fn diagnostics_for(yaml: &str) -> Vec<Diagnostic> {
    crate::load::check_str("t.yaml", yaml).diagnostics
}
