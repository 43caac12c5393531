//! Governance records on disk, and how they meet the catalog: the file a
//! catalog names, its problems as diagnostics, and catalog levels that
//! contradict what the records decided (for `radar check`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use radar_catalog::diagnostic::{Diagnostic, SourceFile};
use radar_catalog::{Checked, Level, LoadedCatalog, Origin, Project};

use crate::engine::{DecidedBy, Decision, Standing, Tally, tally_until};
use crate::model::GovernanceFile;
use crate::problem::{codes, diagnostics};

/// A governance file, read and tallied.
#[derive(Debug)]
pub struct Records {
    /// The file as named in diagnostics.
    pub source: SourceFile,
    /// The records, unless the file could not be read as governance records.
    pub file: Option<GovernanceFile>,
    /// The tally of all records (empty when `file` is None).
    pub tally: Tally,
    /// Every problem of the file, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    known: Option<BTreeSet<String>>,
}

/// Why a governance file could not be used at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot read governance records {}: {source}", path.display())]
pub struct ReadError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl Records {
    /// Parses and tallies records text. `known_projects` (the catalog's ids)
    /// makes records about other ids errors.
    pub fn from_text(name: &str, text: &str, known_projects: Option<BTreeSet<String>>) -> Records {
        let source = SourceFile::new(name, text);
        // Structure first (every problem, the unreadable parts left out), then the rules on the rest.
        let (file, mut all) = crate::load(&source);
        let tally = match &file {
            Some(f) => tally_until(f, known_projects.as_ref(), None),
            None => Tally::empty(),
        };
        all.extend(diagnostics(&tally.problems, &source));
        radar_catalog::diagnostic::sort(&mut all);
        Records {
            source,
            file,
            tally,
            diagnostics: all,
            known: known_projects,
        }
    }

    /// Reads a governance file.
    pub fn load(
        path: &Path,
        known_projects: Option<BTreeSet<String>>,
    ) -> Result<Records, ReadError> {
        let text = std::fs::read_to_string(path).map_err(|source| ReadError {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Records::from_text(
            &path.display().to_string(),
            &text,
            known_projects,
        ))
    }

    /// The records as they stood at the end of `date`.
    pub fn tally_until(&self, date: Date) -> Tally {
        match &self.file {
            Some(f) => tally_until(f, self.known.as_ref(), Some(date)),
            None => Tally::empty(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The catalog's project ids.
pub fn project_ids(catalog: &LoadedCatalog) -> BTreeSet<String> {
    catalog
        .catalog
        .projects()
        .map(|(_, p)| p.id().into_owned())
        .collect()
}

/// The governance file a catalog names (`governance:`), relative to the catalog.
pub fn path_for(catalog: &LoadedCatalog) -> Option<PathBuf> {
    catalog
        .catalog
        .governance
        .as_deref()
        .map(|g| catalog.relative_path(g))
}

/// What `radar check` adds for governance: the problems of the records the
/// catalog names (placed in that file), and every catalog level that
/// contradicts a decided one (placed at the project's line in the catalog).
/// Nothing when the catalog names no governance file.
pub fn check_catalog(catalog: &LoadedCatalog) -> Vec<Diagnostic> {
    let Some(path) = path_for(catalog) else {
        return Vec::new();
    };
    match Records::load(&path, Some(project_ids(catalog))) {
        Ok(records) => {
            let mut out = records.diagnostics.clone();
            if records.file.is_some() {
                out.extend(contradictions(catalog, &records));
            }
            out
        }
        Err(err) => vec![place(
            catalog,
            unreadable(&err, &path),
            catalog.location_of_path("governance"),
        )],
    }
}

/// What `radar check` adds for governance when the catalog itself has errors:
/// the problems of the records it names, so that one run shows the whole
/// picture. Only the comparison of catalog levels with decided ones is left
/// out, since it needs a valid catalog. The records are found through the
/// catalog's `governance:` even when the rest of the catalog cannot be read;
/// records about project ids the catalog does not have (`G023`) are then
/// reported only if the catalog's projects could be read. Nothing when the
/// catalog is not YAML or names no governance file.
pub fn check_invalid_catalog(checked: &Checked, origin: &Origin) -> Vec<Diagnostic> {
    let tree = match &checked.catalog {
        Some(_) => None,
        None => radar_catalog::yaml::parse(&checked.source.text).ok(),
    };
    let written = match (&checked.catalog, &tree) {
        (Some(c), _) => c.governance.as_deref(),
        (None, Some(tree)) => tree.get("governance").and_then(|n| n.as_str()),
        (None, None) => None,
    };
    let Some(written) = written else {
        return Vec::new();
    };
    let path = origin.relative_path(written);
    let known = checked
        .catalog
        .as_ref()
        .map(|c| c.projects().map(|(_, p)| p.id().into_owned()).collect());
    match Records::load(&path, known) {
        Ok(records) => records.diagnostics,
        Err(err) => {
            let d = unreadable(&err, &path);
            let tree = tree.or_else(|| radar_catalog::yaml::parse(&checked.source.text).ok());
            vec![match tree.as_ref().and_then(|t| t.get("governance")) {
                Some(n) => d.at(&checked.source, n.start..n.end),
                None => d.in_file(checked.source.name.clone()),
            }]
        }
    }
}

fn unreadable(err: &ReadError, path: &Path) -> Diagnostic {
    Diagnostic::error(
        codes::UNREADABLE,
        format!("the governance file cannot be read: {}", err.source),
    )
    .with_help(format!(
        "`governance:` is resolved relative to the catalog: {}",
        path.display()
    ))
}

fn place(
    catalog: &LoadedCatalog,
    d: Diagnostic,
    at: Option<radar_catalog::Location>,
) -> Diagnostic {
    match at {
        Some(loc) => {
            // Mark the whole value written there (`incubating`, `Azure`).
            let rest = catalog
                .source()
                .line_text(loc.line)
                .chars()
                .skip(loc.col - 1);
            let len = rest
                .take_while(|c| !c.is_whitespace() && *c != ',' && *c != '}')
                .count();
            d.at_line_col(catalog.source(), loc.line, loc.col, len.max(1))
        }
        None => d.in_file(catalog.source().name.clone()),
    }
}

/// Catalog levels that contradict the decided ones, placed in the catalog.
pub fn contradictions(catalog: &LoadedCatalog, records: &Records) -> Vec<Diagnostic> {
    let tally = &records.tally;
    let mut out = Vec::new();
    for (_, project) in catalog.catalog.projects() {
        let id = project.id();
        let Some(decision) = tally.decisions.get(id.as_ref()) else {
            continue;
        };
        if let Some((message, field, help)) =
            contradiction(project, decision, tally, &records.source.name)
        {
            let d = Diagnostic::error(codes::CATALOG_CONTRADICTS, message).with_help(help);
            let at = catalog
                .location_of_field(&id, field)
                .or_else(|| catalog.location_of_field(&id, "state"))
                .or_else(|| catalog.location_of(&id));
            out.push(place(catalog, d, at));
        }
    }
    out
}

/// "the graduate motion at the 2026Q2 review (governance.yaml:88:9)".
fn decided_by(decision: &Decision, tally: &Tally, source: &str) -> String {
    match decision.by {
        DecidedBy::Baseline => format!("the baseline of {}", decision.since),
        DecidedBy::Proposal(_) => format!("the proposal of {}, not yet voted on", decision.since),
        DecidedBy::Entry(i) => {
            let e = &tally.entries[i];
            let motion = e.motion.map_or("review", |m| m.name());
            format!(
                "the {motion} motion at the {} review of {}, {source}:{}",
                e.quarter, e.date, e.pos
            )
        }
    }
}

/// (message, catalog field to point at, help) when the catalog disagrees with a decision.
fn contradiction(
    project: &Project,
    decision: &Decision,
    tally: &Tally,
    source: &str,
) -> Option<(String, &'static str, String)> {
    let (claimed_body, claimed_level, shown) = match &project.state {
        Some(s) => (
            s.body.as_deref(),
            s.level,
            s.shown_level()
                .map(|l| l.into_owned())
                .unwrap_or_else(|| "no level".into()),
        ),
        None => (None, Level::Unknown, "no state".into()),
    };
    let ours = tally.body.as_deref();
    // Without a body in the records, any body in the catalog is taken as the TOC's.
    let same_body = match (ours, claimed_body) {
        (Some(o), Some(b)) => o.trim().eq_ignore_ascii_case(b.trim()),
        _ => true,
    };
    let by = decided_by(decision, tally, source);
    let name = &project.name;
    match &decision.standing {
        Standing::Donated { foundation, .. } => {
            let ours = ours?;
            same_body.then(|| {
                (
                    format!("{name} was donated to {foundation} on {}, but the catalog still lists it under {ours}; decided by {by}", decision.since),
                    "state.body",
                    format!("set `state.body: {foundation}` and the level {foundation} gave it"),
                )
            })
        }
        Standing::Rejected => {
            let listed =
                crate::engine::LADDER.contains(&claimed_level) && ours.is_some() && same_body;
            listed.then(|| {
                (
                    format!("{name}'s admission was rejected on {}, but the catalog lists it as {shown}; decided by {by}", decision.since),
                    "state.level",
                    "remove the level, or record a new proposal and its admission".to_string(),
                )
            })
        }
        _ => {
            let expected = decision.level()?;
            if !same_body {
                let ours = ours.unwrap_or_default();
                return Some((
                    format!(
                        "the records decide {ours}: {} for {name}, but the catalog lists it under {}; decided by {by}",
                        expected.as_str(),
                        claimed_body.unwrap_or_default()
                    ),
                    "state.body",
                    format!("set `state.body: {ours}`, or record the donation that moved it"),
                ));
            }
            (claimed_level != expected).then(|| {
                (
                    format!("the catalog says {name} is {shown}, but the records decide {}; decided by {by}", expected.as_str()),
                    "state.level",
                    format!("set `state.level: {}`, or record the vote that changed it", expected.as_str()),
                )
            })
        }
    }
}
