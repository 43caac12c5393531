//! Findings: where the catalog and the evidence disagree, or where the
//! evidence shows a risk, each with a severity and the evidence behind it.
//!
//! One file per rule; [`RULES`] lists them. Adding a rule means adding its
//! file and one line here. Severities: `error` (the catalog is wrong or the
//! project could not be measured), `warning` (a risk a reader should weigh),
//! `info` (worth knowing, not a problem of the project). A report "flags" a
//! project for warnings and errors; no rule fires on an active project that
//! releases, has several organisations and a complete catalog row.

mod alpha_api_in_stable_row;
mod announced_end_of_life;
mod claim_ahead_of_evidence;
mod dangerous_workflow;
mod github_not_found;
mod inactive;
mod invalid_attestation;
mod no_recent_release;
mod partial_history;
mod placeholder;
mod repository_moved;
pub(crate) mod single_organization;
mod stale_attestation;
mod stale_cache;
mod unknown_model;
mod unreachable;

use radar_catalog::Project;
use radar_evidence::Evidence;
use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, EvidenceOutcome};
use crate::facts::FactSet;
use crate::model::Model;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding about one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's id (`inactive`, `no-recent-release`, …).
    pub rule: String,
    pub severity: Severity,
    /// One sentence.
    pub message: String,
    /// What it rests on, one line each.
    pub evidence: Vec<String>,
}

/// What a rule reports before the runner stamps its id and severity.
pub(crate) struct Hit {
    pub message: String,
    pub evidence: Vec<String>,
}

impl Hit {
    pub(crate) fn new(message: impl Into<String>, evidence: Vec<String>) -> Vec<Hit> {
        vec![Hit {
            message: message.into(),
            evidence,
        }]
    }
}

/// Everything a rule may look at.
pub(crate) struct Context<'a> {
    pub project: &'a Project,
    pub outcome: EvidenceOutcome<'a>,
    pub model: Option<&'a Model>,
    pub model_problem: Option<&'a str>,
    /// The assessment so far (everything but the findings).
    pub assessment: &'a Assessment,
    /// The facts the criteria read (evidence, derived facts, `catalog.*`,
    /// and other sources' namespaces such as `github`).
    pub facts: &'a FactSet,
}

impl<'a> Context<'a> {
    pub fn evidence(&self) -> Option<&'a Evidence> {
        self.outcome.evidence()
    }

    /// The fact at a dotted path (`github.renamed_to`), when it holds a value.
    pub fn fact(&self, path: &str) -> Option<&'a serde_json::Value> {
        let segments: Vec<String> = path.split('.').map(str::to_owned).collect();
        crate::facts::lookup(self.facts.as_json(), &segments).filter(|v| !v.is_null())
    }

    /// The catalog or the repository already says the project has ended;
    /// activity and release findings add nothing then.
    pub fn retired(&self) -> bool {
        crate::assess::is_retired_level(self.assessment.claimed.level)
            || self.assessment.lifecycle.is_retired()
    }
}

/// A finding rule.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// What the rule looks for, for documentation and `--explain`.
    pub summary: &'static str,
    pub(crate) check: fn(&Context<'_>) -> Vec<Hit>,
}

/// Every rule, in the order findings are listed.
pub static RULES: &[&Rule] = &[
    &unreachable::RULE,
    &github_not_found::RULE,
    &announced_end_of_life::RULE,
    &repository_moved::RULE,
    &stale_cache::RULE,
    &inactive::RULE,
    &no_recent_release::RULE,
    &single_organization::RULE,
    &dangerous_workflow::RULE,
    &alpha_api_in_stable_row::RULE,
    &placeholder::RULE,
    &unknown_model::RULE,
    &invalid_attestation::RULE,
    &claim_ahead_of_evidence::RULE,
    &stale_attestation::RULE,
    &partial_history::RULE,
];

pub(crate) fn run(cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in RULES {
        for hit in (rule.check)(cx) {
            out.push(Finding {
                rule: rule.id.to_owned(),
                severity: rule.severity,
                message: hit.message,
                evidence: hit.evidence,
            });
        }
    }
    // Most severe first; rule order within a severity.
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// `2024-05-01` for messages.
pub(crate) fn day(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d").to_string()
}
