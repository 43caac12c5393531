//! One project judged: the assessment of a catalog row from its measurement,
//! and the store snapshot (with its summary columns) that records it.

use std::sync::Arc;

use jiff::Timestamp;
use radar_assess::{Assessment, EvidenceOutcome, Models, Related};
use radar_catalog::{Catalog, Project};
use radar_evidence::Evidence;
use radar_store::{RunId, Snapshot, Summary};
use serde::Serialize;

use crate::github::GITHUB_ERROR_KEY;
use crate::measure::Measurement;

/// How a project's evidence was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Measured now.
    Measured,
    /// HEAD had not moved: the stored evidence was reused.
    Reused,
    /// The repository could not be read; the assessment carries the
    /// `unreachable` finding.
    Unreachable,
    /// The catalog names no repository; the assessment judges the row alone.
    NoRepository,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Measured => "measured",
            Status::Reused => "reused",
            Status::Unreachable => "unreachable",
            Status::NoRepository => "no-repository",
        }
    }
}

/// A project assessed, with everything a front end shows or stores.
#[derive(Debug, Clone)]
pub struct Assessed {
    pub project_id: String,
    /// The repository as stored (see [`Measurement::repo_url`]).
    pub repo_url: Option<String>,
    pub status: Status,
    /// The repository's HEAD when read.
    pub head: Option<String>,
    pub evidence: Option<Arc<Evidence>>,
    /// The evidence document stored (evidence + producer + GitHub facts).
    pub evidence_json: Option<Arc<str>>,
    pub assessment: Arc<Assessment>,
    /// Why the repository could not be measured: the URL and the cause in a
    /// few words (the whole chain is logged with `-v`).
    pub error: Option<String>,
    /// The fetch failed but the cached copy was measured: why, and since when.
    pub stale: Option<crate::measure::Stale>,
    /// The failure was the network's (DNS, refused, unreachable, timeout),
    /// for a fetch that failed outright or fell back to the cache.
    pub network_failure: bool,
}

/// Assesses `project` from its measurement (`None`: it has no repository).
/// `now` dates an assessment without evidence.
pub fn judge(
    project: &Project,
    catalog: &Catalog,
    models: &Models,
    measurement: Option<&Measurement>,
    now: Timestamp,
) -> Assessed {
    judge_in(
        project,
        catalog,
        &Related::default(),
        models,
        measurement,
        now,
    )
}

/// As [`judge`], knowing which other projects of the catalog have ended
/// (their platform-use entries inherit that: `radar_assess::support`).
pub fn judge_in(
    project: &Project,
    catalog: &Catalog,
    related: &Related,
    models: &Models,
    measurement: Option<&Measurement>,
    now: Timestamp,
) -> Assessed {
    let project_id = project.id().into_owned();
    let none = serde_json::Map::new();
    let Some(m) = measurement else {
        let outcome = EvidenceOutcome::NoRepository;
        let a = radar_assess::assess_in(project, catalog, outcome, &none, related, models, now);
        return Assessed {
            project_id,
            repo_url: None,
            status: Status::NoRepository,
            head: None,
            evidence: None,
            evidence_json: None,
            assessment: Arc::new(a),
            error: None,
            stale: None,
            network_failure: false,
        };
    };
    match &m.outcome {
        Ok(measured) => {
            let mut extra = serde_json::Map::new();
            if let Some(g) = &measured.github {
                extra.insert("github".into(), (**g).clone());
            }
            if let Some(e) = &measured.github_error {
                extra.insert(GITHUB_ERROR_KEY.into(), (**e).clone());
            }
            let outcome = match &measured.stale {
                Some(stale) => EvidenceOutcome::Cached {
                    evidence: &measured.evidence,
                    fetch_error: &stale.cause,
                    last_fetched: stale.last_fetched,
                },
                None => EvidenceOutcome::Measured(&measured.evidence),
            };
            let a =
                radar_assess::assess_in(project, catalog, outcome, &extra, related, models, now);
            Assessed {
                project_id,
                repo_url: Some(m.repo_url.clone()),
                status: if measured.reused {
                    Status::Reused
                } else {
                    Status::Measured
                },
                head: m.head.clone(),
                evidence: Some(measured.evidence.clone()),
                evidence_json: Some(measured.json.clone()),
                assessment: Arc::new(a),
                error: None,
                network_failure: measured.stale.as_ref().is_some_and(|s| s.network),
                stale: measured.stale.clone(),
            }
        }
        Err(failure) => {
            let outcome = EvidenceOutcome::Unreachable {
                url: &m.repo_url,
                error: &failure.cause,
            };
            let a = radar_assess::assess_in(project, catalog, outcome, &none, related, models, now);
            Assessed {
                project_id,
                repo_url: Some(m.repo_url.clone()),
                status: Status::Unreachable,
                head: m.head.clone(),
                evidence: None,
                evidence_json: None,
                assessment: Arc::new(a),
                error: Some(failure.message.clone()),
                stale: None,
                network_failure: failure.network,
            }
        }
    }
}

impl Assessed {
    /// The snapshot that records this result in `run`.
    pub fn snapshot(&self, run: RunId, taken_at: Timestamp) -> Snapshot {
        let a = &self.assessment;
        let mut s = Snapshot::new(
            &self.project_id,
            self.repo_url.clone().unwrap_or_default(),
            run,
            taken_at,
            a.as_of,
        );
        s.head_commit = self.head.clone();
        s.evidence_json = self.evidence_json.as_deref().map(str::to_owned);
        s.assessment_json = Some(serde_json::to_string(&**a).expect("an assessment serialises"));
        s.error = self.error.clone();
        s.summary = summary(a, self.evidence.as_deref());
        s
    }
}

/// The figures history and reports read without parsing JSON.
pub fn summary(a: &Assessment, evidence: Option<&Evidence>) -> Summary {
    let count = |n: u64| Some(i64::try_from(n).unwrap_or(i64::MAX));
    let mut s = Summary {
        claimed_level: claimed_level(a),
        supported_level: a
            .exit
            .as_ref()
            .or(a.supported.as_ref())
            .map(|l| l.id.clone()),
        lifecycle: Some(enum_text(&a.lifecycle.status)),
        findings: count(a.findings.len() as u64),
        ..Summary::default()
    };
    if let Some(e) = evidence {
        s.contributors = count(e.history.contributors);
        s.commits = count(e.history.commits);
        s.commits_365d = count(e.history.commits_365d);
        s.active_contributors = count(e.history.active_contributors_365d);
        s.organisations = count(e.organizations.count_365d);
        s.elephant_factor = count(u64::from(e.organizations.elephant_factor));
        if let Some(r) = &e.releases.latest {
            s.latest_release = Some(r.tag.clone());
            s.latest_release_at = Some(r.date);
        }
    }
    s
}

/// `cncf:graduated`, `azure:incubating`; the level alone without a body;
/// `None` when the catalog states no level.
fn claimed_level(a: &Assessment) -> Option<String> {
    let level = a.claimed.level;
    if level == radar_catalog::Level::Unknown {
        return a.claimed.text.clone();
    }
    Some(match &a.claimed.body {
        Some(body) => format!("{}:{}", body.trim().to_lowercase(), level.as_str()),
        None => level.as_str().to_owned(),
    })
}

/// The serde name of a unit enum value (`active`, `ahead-of-evidence`).
pub(crate) fn enum_text<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
