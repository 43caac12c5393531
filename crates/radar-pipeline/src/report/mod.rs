//! The catalog with its latest assessment, for people: `radar report`
//! (terminal table, Markdown section, JSON, CSV), `radar advise` and
//! `radar history`.
//!
//! Rows come from the store's latest snapshot of each catalog project; every
//! text that comes from the catalog or a repository is escaped for where it
//! is shown (control characters in the terminal, markup in Markdown,
//! formulas in CSV).

mod csv;
mod markdown;
mod text;

use std::collections::HashMap;

use jiff::Timestamp;
use radar_assess::criteria::Status;
use radar_assess::model::Weight;
use radar_assess::{Advice, Assessment, Finding, GithubSummary, Goal, GoalKind, Severity, advise};
use radar_catalog::Catalog;
use radar_store::StoredSnapshot;
use serde::Serialize;

pub use csv::csv;
pub use markdown::markdown;
pub use radar_assess::agreement::{Agreement, Difference, Matrix};
pub use text::{advice_text, history_table, table};

use crate::assessed::enum_text;

/// The catalog with its assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The catalog's name (its file, or `built-in`).
    pub catalog: String,
    /// The newest as-of date among the rows.
    pub as_of: Option<Timestamp>,
    /// The goal the advice column answers.
    pub goal: GoalView,
    /// Whether GitHub's figures are in the report, and what a token adds when not.
    pub github: GithubCoverage,
    /// How far the catalog's claims are borne out by the evidence.
    pub agreement: Agreement,
    pub projects: Vec<Row>,
}

/// GitHub's figures in a report.
#[derive(Debug, Clone, Serialize)]
pub struct GithubCoverage {
    /// Projects whose stored assessment has GitHub's figures.
    pub projects_with_figures: usize,
    /// When none has: one line saying a token adds them (and which).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When none has: the figures only a token gives, `key` and `description`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub token_adds: Vec<TokenFigure>,
}

/// A GitHub figure only a token gives.
#[derive(Debug, Clone, Serialize)]
pub struct TokenFigure {
    pub key: &'static str,
    pub description: &'static str,
}

impl GithubCoverage {
    /// Coverage of `rows`: the note and the list only when no measured row has figures.
    pub fn of(rows: &[Row]) -> GithubCoverage {
        let with = rows.iter().filter(|r| r.github.is_some()).count();
        let measured = rows.iter().any(|r| r.status == RowStatus::Measured);
        let silent = with == 0 && measured;
        GithubCoverage {
            projects_with_figures: with,
            note: silent.then(crate::github::token_note),
            token_adds: if silent {
                crate::github::token_only_figures()
                    .into_iter()
                    .map(|(key, description)| TokenFigure { key, description })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// A goal as reports describe it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct GoalView {
    pub goal: GoalKind,
    pub support_required: bool,
    pub contribute: bool,
}

impl GoalView {
    /// "production use, formal support not required, not contributing upstream".
    pub fn describe(&self) -> String {
        format!(
            "{}, formal support {}, {}",
            match self.goal {
                GoalKind::Production => "production use",
                GoalKind::Poc => "a proof of concept",
            },
            if self.support_required {
                "required"
            } else {
                "not required"
            },
            if self.contribute {
                "willing to contribute upstream"
            } else {
                "not contributing upstream"
            }
        )
    }
}

/// Whether a project could be assessed, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowStatus {
    Measured,
    Unreachable,
    NoRepository,
    /// Nothing stored for it yet (run `radar assess`).
    NotAssessed,
}

/// One catalog project and its latest assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub area: String,
    pub id: String,
    pub name: String,
    pub repo: Option<String>,
    pub status: RowStatus,
    /// What the figures describe, and when they were taken.
    pub as_of: Option<Timestamp>,
    pub measured_at: Option<Timestamp>,
    pub head: Option<String>,
    /// The catalog's claim as written (`CNCF: graduated`).
    pub claimed: Option<String>,
    /// The level the evidence supports, or the exit it reached (`Archived`).
    pub supported: Option<String>,
    /// `matches`, `ahead-of-evidence`, …
    pub claim_status: Option<String>,
    /// The maturity model that judged the project (`cncf`).
    pub model: Option<String>,
    /// The model level the claim means (`graduated`), when it means one.
    pub claimed_level: Option<String>,
    /// The id of the level the evidence supports, or of the exit it reached.
    pub supported_level: Option<String>,
    /// The `must` criteria that fail, lowest level first: why the evidence
    /// supports no more than it does.
    pub blockers: Vec<Blocker>,
    /// `active`, `inactive`, `deprecated`, `archived`, `unknown`.
    pub lifecycle: String,
    /// The line that announces it (README line, GitHub flag) or the reason.
    pub lifecycle_evidence: Option<String>,
    /// The repository announces the project archived or deprecated.
    pub ended: bool,
    pub contributors: Option<u64>,
    pub active_contributors_365d: Option<u64>,
    pub organisations_365d: Option<u64>,
    pub elephant_factor: Option<u32>,
    pub latest_release: Option<String>,
    pub latest_release_date: Option<Timestamp>,
    /// OpenSSF Scorecard's aggregate over the git-visible checks (0–10).
    pub security_score: Option<f64>,
    /// Each conclusive security check's score by check id.
    pub security_scores: std::collections::BTreeMap<String, u8>,
    pub findings_count: FindingCounts,
    /// Some finding is a warning or an error.
    pub flagged: bool,
    pub findings: Vec<Finding>,
    pub advice: Option<Advice>,
    /// GitHub's headline figures, when they were measured (a token was set).
    pub github: Option<GithubSummary>,
    /// Why the repository could not be measured.
    pub error: Option<String>,
}

impl Row {
    /// The findings that flag the project: warnings and errors.
    pub fn flags(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
    }
}

/// A failing `must` criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocker {
    /// The level it belongs to (`incubating`).
    pub level: String,
    /// The criterion's id (`healthy-committers`).
    pub criterion: String,
    pub title: String,
    /// What the result rests on, one line each.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FindingCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl FindingCounts {
    fn of(findings: &[Finding]) -> FindingCounts {
        let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        FindingCounts {
            error: n(Severity::Error),
            warning: n(Severity::Warning),
            info: n(Severity::Info),
        }
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

/// Builds the report: every catalog project, in catalog order, with its
/// latest stored snapshot (projects in the store but no longer in the
/// catalog are left out) and the advice for `goal`.
pub fn build(
    catalog: &Catalog,
    catalog_name: &str,
    snapshots: &[StoredSnapshot],
    goal: &Goal,
) -> Report {
    // The assessments in catalog order, for the claims-against-evidence summary.
    let mut judged: Vec<Assessment> = Vec::new();
    let mut not_assessed = 0;
    let latest: HashMap<&str, &StoredSnapshot> = snapshots
        .iter()
        .map(|s| (s.snapshot.project_id.as_str(), s))
        .collect();
    let projects: Vec<Row> = catalog
        .projects()
        .map(|(area, p)| {
            let id = p.id().into_owned();
            let claimed = p.state.as_ref().and_then(|s| match (&s.body, s.shown_level()) {
                (Some(b), Some(l)) => Some(format!("{b}: {l}")),
                (None, Some(l)) => Some(l.into_owned()),
                (Some(b), None) => Some(b.clone()),
                (None, None) => None,
            });
            let stored = latest.get(id.as_str()).copied();
            let assessment = stored.and_then(|s| {
                let json = s.snapshot.assessment_json.as_deref()?;
                serde_json::from_str::<Assessment>(json)
                    .map_err(|e| tracing::warn!("the stored assessment of {id} does not parse (another Radar version?): {e}"))
                    .ok()
            });
            let mut row = Row {
                area: area.name.clone(),
                name: p.name.clone(),
                repo: p.repo.clone(),
                status: RowStatus::NotAssessed,
                as_of: None,
                measured_at: None,
                head: None,
                claimed,
                supported: None,
                claim_status: None,
                model: None,
                claimed_level: None,
                supported_level: None,
                blockers: Vec::new(),
                lifecycle: "unknown".into(),
                lifecycle_evidence: None,
                ended: false,
                contributors: None,
                active_contributors_365d: None,
                organisations_365d: None,
                elephant_factor: None,
                latest_release: None,
                latest_release_date: None,
                security_score: None,
                security_scores: Default::default(),
                findings_count: FindingCounts::default(),
                flagged: false,
                findings: Vec::new(),
                advice: None,
                github: None,
                error: stored.and_then(|s| s.snapshot.error.clone()),
                id,
            };
            match (stored, assessment) {
                (Some(s), Some(a)) => {
                    fill(&mut row, s, &a, goal);
                    judged.push(a);
                }
                _ => not_assessed += 1,
            }
            row
        })
        .collect();
    Report {
        catalog: catalog_name.to_owned(),
        // The date the measurements speak for: an unreachable row has no
        // evidence and is judged "now", which must not stand for a run made
        // `--as-of` an earlier date.
        as_of: projects
            .iter()
            .filter(|r| r.status == RowStatus::Measured)
            .filter_map(|r| r.as_of)
            .max()
            .or_else(|| projects.iter().filter_map(|r| r.as_of).max()),
        goal: GoalView {
            goal: goal.goal,
            support_required: goal.support_required,
            contribute: goal.contribute,
        },
        github: GithubCoverage::of(&projects),
        agreement: radar_assess::agreement::agreement(&judged, not_assessed),
        projects,
    }
}

fn fill(row: &mut Row, s: &StoredSnapshot, a: &Assessment, goal: &Goal) {
    use radar_assess::assess::RepositoryState;
    row.status = match a.repository.status {
        RepositoryState::Measured => RowStatus::Measured,
        RepositoryState::Unreachable => RowStatus::Unreachable,
        RepositoryState::None => RowStatus::NoRepository,
    };
    row.as_of = Some(a.as_of);
    row.measured_at = Some(s.snapshot.taken_at);
    row.head = s.snapshot.head_commit.clone();
    row.supported = a
        .exit
        .as_ref()
        .or(a.supported.as_ref())
        .map(|l| l.name.clone());
    row.claim_status = Some(enum_text(&a.claim_status));
    row.model = a.model.as_ref().map(|m| m.id.clone());
    row.claimed_level = a.claimed.model_level.as_ref().map(|l| l.id.clone());
    row.supported_level = a
        .exit
        .as_ref()
        .or(a.supported.as_ref())
        .map(|l| l.id.clone());
    row.blockers = a
        .levels
        .iter()
        .filter(|l| !l.exit)
        .flat_map(|l| {
            l.criteria
                .iter()
                .filter(|c| c.weight == Weight::Must && c.status == Status::Fail)
                .map(|c| Blocker {
                    level: l.id.clone(),
                    criterion: c.id.clone(),
                    title: c.title.clone(),
                    evidence: c.evidence.clone(),
                })
        })
        .collect();
    row.lifecycle = enum_text(&a.lifecycle.status);
    row.lifecycle_evidence = a.lifecycle.evidence.clone();
    row.ended = a.lifecycle.is_retired();
    if let Some(sum) = &a.summary {
        row.contributors = Some(sum.contributors);
        row.active_contributors_365d = Some(sum.active_contributors_365d);
        row.organisations_365d = Some(sum.organizations_365d);
        row.elephant_factor = Some(sum.elephant_factor);
        row.latest_release = sum.latest_release.as_ref().map(|r| r.tag.clone());
        row.latest_release_date = sum.latest_release.as_ref().map(|r| r.date);
        row.security_score = sum.security_score;
        row.security_scores = sum.security_scores.clone();
    }
    row.findings_count = FindingCounts::of(&a.findings);
    row.flagged = row.findings_count.error + row.findings_count.warning > 0;
    row.findings = a.findings.clone();
    row.advice = Some(advise(a, goal));
    row.github = a.github.clone();
}

/// `18/12`: open issues / open pull requests.
pub(crate) fn open_items(g: &GithubSummary) -> String {
    match (g.open_issues, g.open_pull_requests) {
        (None, None) => "-".into(),
        (i, p) => format!(
            "{}/{}",
            i.map_or_else(|| "?".into(), |n| n.to_string()),
            p.map_or_else(|| "?".into(), |n| n.to_string())
        ),
    }
}

/// A median first response: `10h`, `3.5d`; `-` when unknown.
pub(crate) fn reply_time(hours: Option<f64>) -> String {
    match hours {
        None => "-".into(),
        Some(h) if h < 48.0 => format!("{h:.0}h"),
        Some(h) => format!("{:.1}d", h / 24.0),
    }
}

/// A security aggregate on Scorecard's scale: `7.4`; `-` when not measured.
pub(crate) fn security(score: Option<f64>) -> String {
    score.map_or_else(|| "-".into(), |s| format!("{s:.1}"))
}

/// A share as a whole percentage; `-` when unknown.
pub(crate) fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |x| format!("{:.0}%", x * 100.0))
}

/// Untrusted text for a terminal: control characters (escape sequences,
/// carriage returns) are shown escaped, never interpreted.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn day(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d").to_string()
}
