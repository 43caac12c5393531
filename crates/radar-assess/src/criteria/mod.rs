//! Evaluating one criterion: automatic ones against the facts, manual ones
//! from the catalog's attestations. Any criterion may be attested: a person's
//! dated, linked judgement decides over an automatic check that fails or
//! cannot be measured (the guidelines leave the final word to their TOC), and
//! both results are kept as evidence.

mod automatic;
mod manual;

use radar_catalog::Attestation;
use serde::{Deserialize, Serialize};

use crate::facts::FactSet;
use crate::model::{Criterion, CriterionKind, Weight};

pub use manual::{AttestationView, date_problem, parse_date};

/// The outcome of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The evidence shows it holds.
    Pass,
    /// The evidence shows it does not hold, or a person attested that it does not.
    Fail,
    /// Not measured (missing data), or a manual criterion nobody attested.
    Unknown,
    /// A person attested that it holds.
    Attested,
}

impl Status {
    /// Pass or attested.
    pub fn is_met(self) -> bool {
        matches!(self, Status::Pass | Status::Attested)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::Attested => "attested",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Automatic,
    Manual,
}

/// One criterion's result, with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub weight: Weight,
    pub status: Status,
    /// The condition of an automatic criterion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// What the result rests on, one line each: `checks.maintainers.value = 3`,
    /// `github.open_issues: not measured`, the attestation.
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<AttestationView>,
    /// A manual criterion answered by its automatic proxy (`check` holds the
    /// proxy's condition); an attestation still decides.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub proxy: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// Evaluates `criterion` for a project; `attestation` is the catalog's
/// attestation for it, if any; `stale_after_days` is the model's default.
pub fn evaluate(
    criterion: &Criterion,
    facts: &FactSet,
    attestation: Option<&Attestation>,
    stale_after_days: u32,
) -> CriterionResult {
    let (kind, check, mut status, mut evidence) = match &criterion.kind {
        CriterionKind::Automatic(expr) => {
            let (status, evidence) = automatic::evaluate(expr, facts);
            (
                Kind::Automatic,
                Some(expr.source().to_owned()),
                status,
                evidence,
            )
        }
        CriterionKind::Manual => (Kind::Manual, None, Status::Unknown, Vec::new()),
        CriterionKind::Proxy { proxy, fails } => {
            let (status, mut evidence) = automatic::evaluate(proxy, facts);
            let status = match status {
                Status::Fail if !fails => {
                    evidence.push(
                        "the proxy does not hold, which does not show the opposite: unknown until attested"
                            .to_owned(),
                    );
                    Status::Unknown
                }
                s => s,
            };
            evidence.insert(
                0,
                format!(
                    "proxy (a person's attestation overrides it): {}",
                    proxy.source()
                ),
            );
            (
                Kind::Manual,
                Some(proxy.source().to_owned()),
                status,
                evidence,
            )
        }
    };
    let mut proxy = matches!(criterion.kind, CriterionKind::Proxy { .. });
    let stale_after = criterion.stale_after_days.unwrap_or(stale_after_days);
    let attestation = attestation.map(|a| manual::read(a, facts.as_of(), stale_after));
    match &attestation {
        Some(view) if view.counts => {
            // The attestation decides, except that it cannot turn a measured
            // pass into "attested": the evidence is the stronger statement.
            // A proxy's pass is not a measurement of the criterion itself, so
            // there the person's word is the result.
            status = match (view.affirmative, status) {
                (true, Status::Pass) if !proxy => Status::Pass,
                (true, _) => Status::Attested,
                (false, _) => Status::Fail,
            };
            proxy = false;
            evidence.push(view.describe());
        }
        Some(view) => evidence.push(view.describe()),
        None if kind == Kind::Manual && (!proxy || status == Status::Unknown) => {
            evidence.push(format!(
                "not attested: add an attestation for criterion `{}` to the catalog",
                criterion.id
            ));
        }
        None => {}
    }
    CriterionResult {
        id: criterion.id.clone(),
        title: criterion.title.clone(),
        kind,
        weight: criterion.weight,
        status,
        check,
        evidence,
        attestation,
        proxy,
        source: criterion.source.clone(),
        help: criterion.help.clone(),
    }
}
