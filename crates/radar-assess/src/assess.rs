//! Judging one project: its model's criteria, the level the evidence
//! supports, its API stability, its lifecycle and its findings.
//!
//! # The level the evidence supports
//!
//! Levels are rungs (sandbox → incubating → graduated) plus exits (archived,
//! deprecated, donated). A rung is **supported** when
//! 1. no `must` criterion of it, nor of any rung below, **fails**, and
//! 2. at least one of its criteria passes or is attested (a level is never
//!    "supported" by silence alone), and
//! 3. every rung below it is supported.
//!
//! Unknown automatic criteria (data not measured) and manual criteria nobody
//! attested are *gaps*, not blockers: Radar says what it could not check
//! instead of failing a project for it. `should` criteria never block. An exit
//! is reached when all its `must` criteria pass or are attested. Without
//! evidence (no repository, or unreachable) no level is supported.

use radar_catalog::{Catalog, Level, Project};
use radar_evidence::{Evidence, LifecycleStatus};
use serde::{Deserialize, Serialize};

use crate::criteria::{self, CriterionResult, Kind, Status};
use crate::facts::{FactSet, top_organization_365d};
use crate::findings::{self, Finding};
pub use crate::github::GithubSummary;
use crate::model::{Model, ModelLevel, Models, Tier, Weight};
pub use crate::support::{Related, SupportRoute};
use crate::version::{self, ApiStability};

/// Version of the Assessment JSON; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// What measuring the project's repository gave.
#[derive(Debug, Clone, Copy)]
pub enum EvidenceOutcome<'a> {
    Measured(&'a Evidence),
    /// The fetch failed, and the copy cached by an earlier run was measured:
    /// the figures may be behind the repository (the `stale-cache` finding).
    Cached {
        evidence: &'a Evidence,
        /// Why the fetch failed, in a few words.
        fetch_error: &'a str,
        /// When the copy was last fetched, if known.
        last_fetched: Option<jiff::Timestamp>,
    },
    /// The repository could not be read (clone or fetch failed, nothing cached).
    Unreachable {
        url: &'a str,
        error: &'a str,
    },
    /// The catalog row names no repository.
    NoRepository,
}

impl<'a> EvidenceOutcome<'a> {
    pub fn evidence(&self) -> Option<&'a Evidence> {
        match self {
            EvidenceOutcome::Measured(e) | EvidenceOutcome::Cached { evidence: e, .. } => Some(e),
            _ => None,
        }
    }
}

/// The judgement of one project (stable JSON; see docs/models.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub schema_version: u32,
    pub project: ProjectRef,
    /// The date the assessment describes: the evidence's as-of date, else the run's.
    pub as_of: jiff::Timestamp,
    pub repository: RepositoryStatus,
    /// The maturity model applied, and why.
    pub model: Option<ModelRef>,
    /// What the catalog claims.
    pub claimed: Claim,
    /// The highest rung the evidence supports.
    pub supported: Option<LevelRef>,
    /// An exit the evidence or attestations reach (archived, deprecated, donated).
    pub exit: Option<LevelRef>,
    /// The claim compared with the evidence.
    pub claim_status: ClaimStatus,
    /// The rung above `supported` (none after an exit or at the top).
    pub next: Option<LevelRef>,
    /// What `next` still needs: its criteria that are not met, blockers first.
    pub gaps: Vec<Gap>,
    /// Every level of the model with every criterion's result.
    pub levels: Vec<LevelResult>,
    pub api: ApiStability,
    pub lifecycle: LifecycleView,
    /// Headline figures from the evidence, for reports.
    pub summary: Option<Summary>,
    /// Labels of the catalog's platform-use entries, as written.
    pub platform_use: Vec<String>,
    /// Each platform-use entry judged: does it give formal support, and why
    /// ([`crate::support`]). `None` in assessments stored before Radar judged
    /// entries (every entry then counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<Vec<SupportRoute>>,
    /// GitHub's headline figures, when the GitHub source ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub github: Option<GithubSummary>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RepositoryState {
    Measured,
    Unreachable,
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepositoryStatus {
    pub status: RepositoryState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The commit measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Measured from the cached copy because fetching failed: why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetch_error: Option<String>,
    /// … and when the copy was last fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_fetched: Option<jiff::Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRef {
    pub id: String,
    pub name: String,
    pub source: String,
    /// Why this model applies.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
}

impl LevelRef {
    fn of(l: &ModelLevel) -> LevelRef {
        LevelRef {
            id: l.id.clone(),
            name: l.name.clone(),
            tier: l.tier,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    pub level: Level,
    /// The catalog's text when it is not a canonical level (`N/A`, `??`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The model level the claim means, when the model has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_level: Option<LevelRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimStatus {
    /// The claimed rung is the supported one.
    Matches,
    /// The evidence supports less than the catalog claims.
    AheadOfEvidence,
    /// The evidence supports more than the catalog claims.
    BehindEvidence,
    /// The catalog claims an exit (archived, deprecated) the repository does not announce.
    Unconfirmed,
    /// No evidence to compare with.
    Unverified,
    /// The catalog claims no level of the model (`N/A`, `??`, or a level the model lacks).
    Unclaimed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelStatus {
    /// Every `must` criterion passes or is attested.
    Met,
    /// No `must` criterion fails, but some are unknown or unattested.
    Open,
    /// A `must` criterion fails.
    Blocked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelResult {
    pub id: String,
    pub name: String,
    pub exit: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    pub status: LevelStatus,
    pub criteria: Vec<CriterionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub level: String,
    pub criterion: String,
    pub title: String,
    pub status: Status,
    pub kind: Kind,
    pub weight: Weight,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LifecycleState {
    Active,
    Inactive,
    Deprecated,
    Archived,
    /// Not measured.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleView {
    pub status: LifecycleState,
    /// The announcing line or the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl LifecycleView {
    /// Archived or deprecated.
    pub fn is_retired(&self) -> bool {
        matches!(
            self.status,
            LifecycleState::Archived | LifecycleState::Deprecated
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseRef {
    pub tag: String,
    pub date: jiff::Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub commits: u64,
    pub contributors: u64,
    pub commits_365d: u64,
    /// Of `commits_365d`, those by automation accounts (Dependabot, Renovate…).
    #[serde(default)]
    pub bot_commits_365d: u64,
    pub active_contributors_365d: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_commit: Option<jiff::Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_commit: Option<jiff::Timestamp>,
    pub organizations_365d: u64,
    pub elephant_factor: u32,
    pub contributor_absence_factor: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_organization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_organization_share_365d: Option<f64>,
    pub releases: u64,
    pub releases_365d: u64,
    /// The newest release that is not a pre-release (as the web shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_release: Option<ReleaseRef>,
    /// History was incomplete (shallow clone, missing objects).
    pub partial: bool,
    /// OpenSSF Scorecard's aggregate over the git-visible checks (0–10,
    /// `security.aggregate.score`); absent when not measured or none conclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_score: Option<f64>,
    /// How many checks that aggregate counts.
    #[serde(default)]
    pub security_checks: u32,
    /// Each conclusive security check's score by check id
    /// (`dangerous_workflow: 10`); inconclusive and unmeasured ones are absent.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub security_scores: std::collections::BTreeMap<String, u8>,
}

impl Summary {
    /// Last year's commits by people: what one-organisation and one-person
    /// risks are judged on.
    pub fn people_commits_365d(&self) -> u64 {
        self.commits_365d.saturating_sub(self.bot_commits_365d)
    }
}

/// `archived`, `deprecated`, … as a word for messages.
pub(crate) fn lifecycle_word(s: LifecycleState) -> &'static str {
    match s {
        LifecycleState::Active => "active",
        LifecycleState::Inactive => "inactive",
        LifecycleState::Deprecated => "deprecated",
        LifecycleState::Archived => "archived",
        LifecycleState::Unknown => "unknown",
    }
}

/// True for catalog levels that say the project has ended or is ending.
pub fn is_retired_level(level: Level) -> bool {
    matches!(
        level,
        Level::Deprecated | Level::Archived | Level::WindingDown
    )
}

/// Assesses one project. Pure: the same inputs give the same Assessment.
/// `now` dates the assessment when there is no evidence (whose own as-of date
/// is used otherwise) and judges attestations' age.
pub fn assess(
    project: &Project,
    catalog: &Catalog,
    outcome: EvidenceOutcome<'_>,
    models: &Models,
    now: jiff::Timestamp,
) -> Assessment {
    assess_with_facts(
        project,
        catalog,
        outcome,
        &serde_json::Map::new(),
        models,
        now,
    )
}

/// As [`assess`], with facts from other sources by namespace, e.g.
/// `{"github": <GithubFacts JSON>}`: criteria then read `github.archived`,
/// `github.first_response.all.median_hours`, … A namespace the Evidence
/// already holds is not replaced.
pub fn assess_with_facts(
    project: &Project,
    catalog: &Catalog,
    outcome: EvidenceOutcome<'_>,
    extra: &serde_json::Map<String, serde_json::Value>,
    models: &Models,
    now: jiff::Timestamp,
) -> Assessment {
    assess_in(
        project,
        catalog,
        outcome,
        extra,
        &Related::default(),
        models,
        now,
    )
}

/// As [`assess_with_facts`], knowing more about the other projects of the
/// catalog than the catalog says (`related`: which have ended, from their own
/// assessments), so that a platform-use entry naming one of them inherits
/// its state ([`crate::support`]).
pub fn assess_in(
    project: &Project,
    catalog: &Catalog,
    outcome: EvidenceOutcome<'_>,
    extra: &serde_json::Map<String, serde_json::Value>,
    related: &Related,
    models: &Models,
    now: jiff::Timestamp,
) -> Assessment {
    let selection = models.select(project);
    let model = selection.model;
    let evidence = outcome.evidence();
    let as_of = evidence.map_or(now, |e| e.as_of);
    let api = version::classify(&project.apis);
    let mut facts = match evidence {
        Some(e) => FactSet::measured(e),
        None => FactSet::unmeasured(as_of),
    }
    .with_catalog(project, &api);
    for (name, value) in extra {
        facts = facts.with_namespace(name, value.clone());
    }

    let levels: Vec<LevelResult> = model
        .map(|m| judge_levels(m, project, &facts))
        .unwrap_or_default();
    let measured = evidence.is_some();
    let (supported, exit) = if measured {
        supported_levels(model, &levels)
    } else {
        (None, None)
    };
    let retired_exit = exit.as_ref().is_some_and(|e| e.tier == Some(Tier::Retired));
    let next = match (model, &supported) {
        (_, _) if retired_exit => None,
        (Some(m), Some(s)) => m
            .rungs()
            .skip_while(|l| l.id != s.id)
            .nth(1)
            .map(LevelRef::of),
        (Some(m), None) => m.rungs().next().map(LevelRef::of),
        (None, _) => None,
    };
    let gaps = next
        .as_ref()
        .map(|n| gaps_for(&levels, &n.id))
        .unwrap_or_default();

    let state = project.state.as_ref();
    let claimed_level = state.map_or(Level::Unknown, |s| s.level);
    let claimed = Claim {
        body: state.and_then(|s| s.body.clone()),
        level: claimed_level,
        text: state.and_then(|s| s.text.clone()),
        model_level: model
            .and_then(|m| m.level_for(claimed_level))
            .map(LevelRef::of),
    };
    let claim_status = claim_status(model, &claimed, supported.as_ref(), exit.as_ref(), measured);

    let mut assessment = Assessment {
        schema_version: SCHEMA_VERSION,
        project: ProjectRef {
            id: project.id().into_owned(),
            name: project.name.clone(),
            area: area_of(catalog, project),
        },
        as_of,
        repository: repository_status(project, outcome),
        model: model.map(|m| ModelRef {
            id: m.id.clone(),
            name: m.name.clone(),
            source: m.source.clone(),
            reason: selection.reason.clone(),
        }),
        claimed,
        supported,
        exit,
        claim_status,
        next,
        gaps,
        levels,
        api,
        lifecycle: lifecycle(evidence, &facts),
        summary: evidence.map(summary),
        platform_use: project
            .platform_use
            .iter()
            .map(|l| l.label.clone())
            .collect(),
        support: Some(crate::support::routes(project, catalog, related)),
        github: GithubSummary::from_facts(facts.as_json()),
        findings: Vec::new(),
    };
    let found = findings::run(&findings::Context {
        project,
        outcome,
        model,
        model_problem: selection.problem.as_deref(),
        assessment: &assessment,
        facts: &facts,
    });
    assessment.findings = found;
    assessment
}

fn judge_levels(model: &Model, project: &Project, facts: &FactSet) -> Vec<LevelResult> {
    model
        .levels
        .iter()
        .map(|level| {
            let criteria: Vec<CriterionResult> = level
                .criteria
                .iter()
                .map(|c| {
                    criteria::evaluate(
                        c,
                        facts,
                        latest_attestation(project, &c.id),
                        model.stale_after_days,
                    )
                })
                .collect();
            let must = || criteria.iter().filter(|c| c.weight == Weight::Must);
            let status = if must().any(|c| c.status == Status::Fail) {
                LevelStatus::Blocked
            } else if must().all(|c| c.status.is_met()) {
                LevelStatus::Met
            } else {
                LevelStatus::Open
            };
            LevelResult {
                id: level.id.clone(),
                name: level.name.clone(),
                exit: level.exit,
                tier: level.tier,
                status,
                criteria,
            }
        })
        .collect()
}

/// The latest attestation for a criterion (by date; the last one listed when dates tie or do not parse).
fn latest_attestation<'a>(
    project: &'a Project,
    criterion: &str,
) -> Option<&'a radar_catalog::Attestation> {
    project
        .attestations
        .iter()
        .filter(|a| a.criterion == criterion)
        .max_by_key(|a| criteria::parse_date(&a.date))
}

fn supported_levels(
    model: Option<&Model>,
    levels: &[LevelResult],
) -> (Option<LevelRef>, Option<LevelRef>) {
    let Some(model) = model else {
        return (None, None);
    };
    let mut supported = None;
    for (spec, result) in model.levels.iter().zip(levels).filter(|(s, _)| !s.exit) {
        let positive =
            result.criteria.is_empty() || result.criteria.iter().any(|c| c.status.is_met());
        if result.status == LevelStatus::Blocked || !positive {
            break;
        }
        supported = Some(LevelRef::of(spec));
    }
    let exit = model
        .levels
        .iter()
        .zip(levels)
        .find(|(spec, result)| {
            spec.exit && !result.criteria.is_empty() && result.status == LevelStatus::Met
        })
        .map(|(spec, _)| LevelRef::of(spec));
    (supported, exit)
}

fn gaps_for(levels: &[LevelResult], level: &str) -> Vec<Gap> {
    let Some(l) = levels.iter().find(|l| l.id == level) else {
        return Vec::new();
    };
    let mut gaps: Vec<Gap> = l
        .criteria
        .iter()
        .filter(|c| !c.status.is_met())
        .map(|c| Gap {
            level: l.id.clone(),
            criterion: c.id.clone(),
            title: c.title.clone(),
            status: c.status,
            kind: c.kind,
            weight: c.weight,
            help: c.help.clone(),
        })
        .collect();
    // Blockers first: must before should, failures before unknowns.
    gaps.sort_by_key(|g| (g.weight == Weight::Should, g.status != Status::Fail));
    gaps
}

fn claim_status(
    model: Option<&Model>,
    claimed: &Claim,
    supported: Option<&LevelRef>,
    exit: Option<&LevelRef>,
    measured: bool,
) -> ClaimStatus {
    let (Some(model), Some(claim)) = (model, &claimed.model_level) else {
        return ClaimStatus::Unclaimed;
    };
    if !measured {
        return ClaimStatus::Unverified;
    }
    let is_exit = model.levels.iter().any(|l| l.id == claim.id && l.exit);
    if is_exit {
        // Any retired exit confirms a retired claim (the catalog's "deprecated"
        // and the repository's "archived" agree that it has ended).
        let confirmed = exit.is_some_and(|e| {
            e.id == claim.id || (e.tier == Some(Tier::Retired) && claim.tier == Some(Tier::Retired))
        });
        return if confirmed {
            ClaimStatus::Matches
        } else {
            ClaimStatus::Unconfirmed
        };
    }
    // A project that has ended supports no active level, whatever its history shows.
    if exit.is_some_and(|e| e.tier == Some(Tier::Retired)) {
        return ClaimStatus::AheadOfEvidence;
    }
    let rank = |id: &str| model.rungs().position(|l| l.id == id);
    match (rank(&claim.id), supported.and_then(|s| rank(&s.id))) {
        (Some(c), Some(s)) if c == s => ClaimStatus::Matches,
        (Some(c), Some(s)) if c < s => ClaimStatus::BehindEvidence,
        _ => ClaimStatus::AheadOfEvidence,
    }
}

fn area_of(catalog: &Catalog, project: &Project) -> Option<String> {
    let mut projects = catalog.projects();
    projects
        .find(|(_, p)| std::ptr::eq(*p, project))
        .or_else(|| catalog.projects().find(|(_, p)| p.id() == project.id()))
        .map(|(a, _)| a.name.clone())
}

fn repository_status(project: &Project, outcome: EvidenceOutcome<'_>) -> RepositoryStatus {
    match outcome {
        EvidenceOutcome::Measured(e) => RepositoryStatus {
            status: RepositoryState::Measured,
            url: Some(e.repository.url.clone()),
            head: Some(e.head.clone()),
            error: None,
            fetch_error: None,
            last_fetched: None,
        },
        EvidenceOutcome::Cached {
            evidence: e,
            fetch_error,
            last_fetched,
        } => RepositoryStatus {
            status: RepositoryState::Measured,
            url: Some(e.repository.url.clone()),
            head: Some(e.head.clone()),
            error: None,
            fetch_error: Some(fetch_error.to_owned()),
            last_fetched,
        },
        EvidenceOutcome::Unreachable { url, error } => RepositoryStatus {
            status: RepositoryState::Unreachable,
            url: Some(url.to_owned()),
            head: None,
            error: Some(error.to_owned()),
            fetch_error: None,
            last_fetched: None,
        },
        EvidenceOutcome::NoRepository => RepositoryStatus {
            status: RepositoryState::None,
            url: project.repo.clone(),
            head: None,
            error: None,
            fetch_error: None,
            last_fetched: None,
        },
    }
}

fn lifecycle(evidence: Option<&Evidence>, facts: &FactSet) -> LifecycleView {
    let Some(e) = evidence else {
        return LifecycleView {
            status: LifecycleState::Unknown,
            evidence: None,
        };
    };
    let github_archived =
        crate::facts::lookup(facts.as_json(), &["github".into(), "archived".into()])
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
    let status = match e.lifecycle.status {
        LifecycleStatus::Active => LifecycleState::Active,
        LifecycleStatus::Inactive => LifecycleState::Inactive,
        LifecycleStatus::Deprecated => LifecycleState::Deprecated,
        LifecycleStatus::Archived => LifecycleState::Archived,
    };
    if github_archived && status != LifecycleState::Archived {
        return LifecycleView {
            status: LifecycleState::Archived,
            evidence: Some("GitHub marks the repository as archived".into()),
        };
    }
    LifecycleView {
        status,
        evidence: e.lifecycle.evidence.clone(),
    }
}

fn summary(e: &Evidence) -> Summary {
    let top = top_organization_365d(e);
    Summary {
        commits: e.history.commits,
        contributors: e.history.contributors,
        commits_365d: e.history.commits_365d,
        bot_commits_365d: crate::facts::bot_commits_365d(e),
        active_contributors_365d: e.history.active_contributors_365d,
        first_commit: e.history.first_commit,
        last_commit: e.history.last_commit,
        organizations_365d: e.organizations.count_365d,
        elephant_factor: e.organizations.elephant_factor,
        contributor_absence_factor: e.contributor_absence_factor,
        top_organization: top.as_ref().map(|t| t.org.name.clone()),
        top_organization_share_365d: top.as_ref().map(|t| t.share),
        releases: e.releases.count,
        releases_365d: e.releases.count_365d,
        // As the web shows it: the newest release that is not a pre-release.
        latest_release: e.releases.shown().0.map(|r| ReleaseRef {
            tag: r.tag.clone(),
            date: r.date,
        }),
        partial: e.repository.partial || e.history.partial,
        security_score: e.security.as_ref().and_then(|s| s.aggregate.score),
        security_checks: e
            .security
            .as_ref()
            .map_or(0, |s| s.aggregate.checks.len() as u32),
        security_scores: e
            .security
            .iter()
            .flat_map(|s| &s.checks)
            .filter_map(|(id, c)| Some((id.clone(), c.score?)))
            .collect(),
    }
}
