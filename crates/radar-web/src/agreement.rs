//! The statistics page's "Claims and evidence" section: how many of the
//! catalog's claimed levels the evidence bears out, the claimed × supported
//! matrix per model with every non-empty cell linking to its projects, and
//! the projects whose claim is ahead of or behind the evidence with the first
//! criterion that stops each. The figures are `radar_assess::agreement`'s,
//! the same the terminal report prints, so the two never disagree.

use std::collections::HashMap;

use radar_assess::agreement::{Agreement, NONE};

use crate::dashboard::Dashboard;
use crate::pages::Nav;
use crate::view::ProjectView;

/// The summary over the projects' assessments (projects not assessed yet
/// count as not verifiable).
pub fn over(views: &[ProjectView<'_>]) -> Agreement {
    let judged: Vec<&radar_assess::Assessment> =
        views.iter().filter_map(|v| v.assessment()).collect();
    let not_assessed = views.len() - judged.len();
    radar_assess::agreement::agreement(judged, not_assessed)
}

/// The catalog page's line: the summary sentence and the link to the
/// statistics page's matrix; None when no claim could be judged.
pub fn sentence_and_link(views: &[ProjectView<'_>], nav: &Nav) -> Option<(String, String)> {
    let a = over(views);
    (a.matches + a.ahead + a.behind > 0)
        .then(|| (a.sentence(), format!("{}#claims", nav.page("stats"))))
}

/// What the template shows; every text in it is escaped by the template.
pub struct AgreementView {
    pub sentence: String,
    pub matrices: Vec<MatrixView>,
    /// The projects of each non-empty cell, the targets of the cells' links.
    pub cells: Vec<CellList>,
    pub differences: Vec<DifferenceView>,
}

pub struct MatrixView {
    pub model: String,
    /// `none`, then the model's levels.
    pub columns: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

pub struct MatrixRow {
    pub claimed: String,
    pub cells: Vec<CellView>,
}

pub struct CellView {
    pub count: usize,
    /// The fragment of the cell's project list.
    pub anchor: String,
    /// Claim and evidence agree.
    pub diagonal: bool,
}

pub struct CellList {
    pub anchor: String,
    pub title: String,
    pub projects: Vec<ProjectLink>,
}

pub struct ProjectLink {
    pub name: String,
    pub href: String,
}

pub struct DifferenceView {
    pub project: ProjectLink,
    pub ahead: bool,
    pub claimed: String,
    pub supported: String,
    pub reason: Option<String>,
}

/// The view of `a`; None when no project has a claim the evidence could judge.
pub fn view(d: &Dashboard, nav: &Nav, a: &Agreement) -> Option<AgreementView> {
    if a.models.is_empty() && a.matches + a.ahead + a.behind == 0 {
        return None;
    }
    let names: HashMap<String, String> = d
        .catalog
        .projects()
        .map(|(_, p)| (p.id().into_owned(), p.name.clone()))
        .collect();
    let link = |id: &str| ProjectLink {
        name: names.get(id).cloned().unwrap_or_else(|| id.to_owned()),
        href: nav.project(id),
    };
    let mut matrices = Vec::new();
    let mut cells = Vec::new();
    for m in &a.models {
        let columns: Vec<String> = std::iter::once(NONE.to_owned())
            .chain(m.levels.iter().cloned())
            .collect();
        let mut rows = Vec::new();
        for (claimed, counts) in m.levels.iter().zip(&m.counts) {
            if counts.iter().all(|n| *n == 0) {
                continue; // a level nobody claims
            }
            let row = counts
                .iter()
                .zip(&columns)
                .map(|(&count, supported)| {
                    let key = format!("{claimed}/{supported}");
                    let anchor = anchor(&m.model, claimed, supported);
                    if count > 0 {
                        cells.push(CellList {
                            anchor: anchor.clone(),
                            title: format!(
                                "{}: claimed {claimed}, the evidence supports {supported}",
                                m.model
                            ),
                            projects: m
                                .cells
                                .get(&key)
                                .into_iter()
                                .flatten()
                                .map(|id| link(id))
                                .collect(),
                        });
                    }
                    CellView {
                        count,
                        anchor,
                        diagonal: claimed == supported,
                    }
                })
                .collect();
            rows.push(MatrixRow {
                claimed: claimed.clone(),
                cells: row,
            });
        }
        matrices.push(MatrixView {
            model: m.model.clone(),
            columns,
            rows,
        });
    }
    Some(AgreementView {
        sentence: a.sentence(),
        matrices,
        cells,
        differences: a
            .differences
            .iter()
            .map(|x| DifferenceView {
                project: link(&x.id),
                ahead: x.status == "ahead-of-evidence",
                claimed: x.claimed.clone(),
                supported: x.supported.clone(),
                reason: x.reason.clone(),
            })
            .collect(),
    })
}

/// A fragment id made only of letters, digits and `-`, whatever the model's
/// and levels' ids hold.
fn anchor(model: &str, claimed: &str, supported: &str) -> String {
    let mut out = String::from("claims");
    for part in [model, claimed, supported] {
        out.push('-');
        out.extend(part.chars().map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        }));
    }
    out
}
