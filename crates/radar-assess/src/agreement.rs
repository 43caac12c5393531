//! How far the catalog's claims are borne out by the evidence: how many
//! claims the evidence matches, how many are ahead of it or behind it, how
//! many it cannot check, and per maturity model the matrix of claimed ×
//! supported level, so a reader sees at a glance where the list and the
//! evidence part ways (and, in the list of differences, why). The report
//! (`radar report`) and the web pages show the same figures.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, ClaimStatus, RepositoryState};
use crate::criteria::Status;
use crate::model::Weight;

/// The summary over a catalog's assessments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// Claims the evidence supports exactly.
    pub matches: usize,
    /// Claims above what the evidence supports (or of a project that has ended).
    pub ahead: usize,
    /// Claims below what the evidence supports.
    pub behind: usize,
    /// Claims nothing could check: no evidence (no repository, unreachable,
    /// not assessed yet), or an exit (archived) the repository does not announce.
    pub not_verifiable: usize,
    /// Projects that claim no level of their model (`N/A`, `??`).
    pub unclaimed: usize,
    /// One matrix per model that judged a claim.
    pub models: Vec<Matrix>,
    /// The projects whose claim and evidence differ, in the order given.
    pub differences: Vec<Difference>,
}

/// Claimed × supported level for one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    pub model: String,
    /// The model's levels in order (rungs, then exits): rows and columns.
    pub levels: Vec<String>,
    /// `counts[claimed][supported]`; the supported axis has one more
    /// column first, `none` (the evidence supports no level).
    pub counts: Vec<Vec<usize>>,
    /// Project ids in each cell, keyed `claimed/supported`.
    pub cells: BTreeMap<String, Vec<String>>,
}

/// A project whose claim the evidence does not bear out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub id: String,
    pub name: String,
    /// `ahead-of-evidence` or `behind-evidence`.
    pub status: String,
    pub claimed: String,
    pub supported: String,
    /// The first criterion that stops the claimed level, when ahead.
    pub reason: Option<String>,
}

/// `none` on the supported axis.
pub const NONE: &str = "none";

/// Builds the summary over `assessments` (catalog order); `not_assessed`
/// projects have no assessment yet and count as not verifiable.
pub fn agreement<'a>(
    assessments: impl IntoIterator<Item = &'a Assessment>,
    not_assessed: usize,
) -> Agreement {
    let mut out = Agreement {
        not_verifiable: not_assessed,
        ..Agreement::default()
    };
    let mut matrices: BTreeMap<String, Matrix> = BTreeMap::new();
    for a in assessments {
        match a.claim_status {
            ClaimStatus::Matches => out.matches += 1,
            ClaimStatus::AheadOfEvidence => out.ahead += 1,
            ClaimStatus::BehindEvidence => out.behind += 1,
            ClaimStatus::Unclaimed => out.unclaimed += 1,
            ClaimStatus::Unverified | ClaimStatus::Unconfirmed => out.not_verifiable += 1,
        }
        let (Some(model), Some(claimed)) = (&a.model, &a.claimed.model_level) else {
            continue;
        };
        if a.repository.status != RepositoryState::Measured {
            continue;
        }
        let supported = a
            .exit
            .as_ref()
            .or(a.supported.as_ref())
            .map_or(NONE, |l| l.id.as_str());
        let m = matrices.entry(model.id.clone()).or_insert_with(|| {
            let levels: Vec<String> = a.levels.iter().map(|l| l.id.clone()).collect();
            Matrix {
                model: model.id.clone(),
                counts: vec![vec![0; levels.len() + 1]; levels.len()],
                levels,
                cells: BTreeMap::new(),
            }
        });
        let row = m.levels.iter().position(|l| *l == claimed.id);
        let col = match supported {
            NONE => Some(0),
            s => m.levels.iter().position(|l| l == s).map(|i| i + 1),
        };
        if let (Some(row), Some(col)) = (row, col) {
            m.counts[row][col] += 1;
            m.cells
                .entry(format!("{}/{supported}", claimed.id))
                .or_default()
                .push(a.project.id.clone());
        }
        let status = match a.claim_status {
            ClaimStatus::AheadOfEvidence => "ahead-of-evidence",
            ClaimStatus::BehindEvidence => "behind-evidence",
            _ => continue,
        };
        out.differences.push(Difference {
            id: a.project.id.clone(),
            name: a.project.name.clone(),
            status: status.to_owned(),
            claimed: claimed.id.clone(),
            supported: supported.to_owned(),
            reason: (a.claim_status == ClaimStatus::AheadOfEvidence)
                .then(|| reason(a, &claimed.id))
                .flatten(),
        });
    }
    out.models = matrices.into_values().collect();
    out
}

/// The first failing `must` criterion at or below the claimed level, or the
/// end of the project.
fn reason(a: &Assessment, claimed: &str) -> Option<String> {
    if a.lifecycle.is_retired() {
        return Some(format!(
            "the repository announces it {}",
            crate::assess::lifecycle_word(a.lifecycle.status)
        ));
    }
    let up_to = a.levels.iter().position(|l| l.id == claimed)?;
    a.levels[..=up_to].iter().filter(|l| !l.exit).find_map(|l| {
        l.criteria
            .iter()
            .find(|c| c.weight == Weight::Must && c.status == Status::Fail)
            .map(|c| format!("{}: {}", l.id, c.title))
    })
}

impl Agreement {
    /// One sentence: "12 claims match the evidence, 5 are ahead of it, …".
    pub fn sentence(&self) -> String {
        let mut parts = vec![format!(
            "{} claim{} match{} the evidence",
            self.matches,
            if self.matches == 1 { "" } else { "s" },
            if self.matches == 1 { "es" } else { "" }
        )];
        parts.push(format!("{} ahead of it", self.ahead));
        parts.push(format!("{} behind it", self.behind));
        parts.push(format!("{} not verifiable", self.not_verifiable));
        if self.unclaimed > 0 {
            parts.push(format!("{} without a claim", self.unclaimed));
        }
        parts.join(", ")
    }

    /// The matrices as aligned text, one block per model.
    pub fn matrices_text(&self, clean: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        for m in &self.models {
            let cols: Vec<String> = std::iter::once(NONE.to_owned())
                .chain(m.levels.iter().cloned())
                .collect();
            let first = m
                .levels
                .iter()
                .map(|l| l.len())
                .max()
                .unwrap_or(0)
                .max("claimed \\ supported".len());
            let width = cols.iter().map(String::len).max().unwrap_or(4).max(4);
            let _ = writeln!(
                out,
                "  {} (rows: claimed level; columns: the level the evidence supports)",
                clean(&m.model)
            );
            let _ = write!(out, "    {:<first$}", "claimed \\ supported");
            for c in &cols {
                let _ = write!(out, "  {:>width$}", clean(c));
            }
            out.push('\n');
            for (l, row) in m.levels.iter().zip(&m.counts) {
                if row.iter().all(|n| *n == 0) {
                    continue;
                }
                let _ = write!(out, "    {:<first$}", clean(l));
                for n in row {
                    let _ = write!(out, "  {n:>width$}");
                }
                out.push('\n');
            }
        }
        out
    }
}
