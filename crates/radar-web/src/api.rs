//! The JSON API: the same documents for the server (`/api/…`) and the static
//! site (`api/…` files), described by an OpenAPI document. Evidence and
//! assessments are served exactly as their crates serialise them (their
//! schemas are documented in docs/evidence-schema.md and docs/models.md);
//! the summary types here are the web's own.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::dashboard::{Dashboard, HistoryPoint, Progress, Review};
use crate::github::{GithubData, GithubFigures};
use crate::safe::segment;
use crate::view::{Figures, GOALS, Pill, ProjectView, Stale};

/// One project in the list: catalog identity, live columns, and links.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectSummary {
    pub id: String,
    pub name: String,
    /// The area that defines the project.
    pub area: String,
    /// Every area that lists it, `area` first (a project may be listed in several).
    pub areas: Vec<String>,
    /// The catalog's state as written (`CNCF: incubating`).
    pub claimed: Option<String>,
    /// The level shown: supported by the evidence, or the claim (label ends in `?`) before assessment.
    pub level: Pill,
    pub lifecycle: Pill,
    /// The evidence supports less than the catalog claims.
    pub claim_ahead_of_evidence: bool,
    pub figures: Option<Figures>,
    /// Measured from Radar's cached copy because fetching failed.
    pub stale: Option<Stale>,
    /// GitHub's figures (only when Radar ran with a token; docs/github.md).
    pub github: Option<GithubFigures>,
    /// OpenSSF Scorecard's git-visible checks (docs/security.md), when measured.
    pub security: Option<SecurityScores>,
    /// Verdict per goal key (`production`, `poc`, …); empty before assessment.
    pub advice: BTreeMap<String, String>,
    /// Number of findings per severity.
    pub findings: BTreeMap<String, usize>,
    pub links: ProjectLinks,
}

/// Scores of the security section (the evidence's `security` holds the
/// points lost and where).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SecurityScores {
    /// Scorecard's aggregate over the conclusive git-visible checks (0–10, one
    /// decimal); null when none is conclusive.
    pub aggregate: Option<f64>,
    /// Always "git-visible checks": not a full Scorecard score.
    pub label: String,
    /// Score per check id (`dangerous_workflow`), null when inconclusive.
    pub checks: BTreeMap<String, Option<u8>>,
}

impl SecurityScores {
    pub fn of(e: &radar_evidence::Evidence) -> Option<SecurityScores> {
        let s = e.security.as_ref()?;
        Some(SecurityScores {
            aggregate: s.aggregate.score,
            label: s.aggregate.label.clone(),
            checks: s
                .checks
                .iter()
                .map(|(id, c)| (id.clone(), c.score))
                .collect(),
        })
    }
}

/// Where to find more, relative to the site root.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectLinks {
    pub page: String,
    pub json: String,
    pub badge: String,
    pub lifecycle_badge: String,
    pub evidence: Option<String>,
    pub assessment: Option<String>,
    /// Stored assessments over time (an empty list without a store).
    pub history: String,
}

/// A project's stored assessments over time.
#[derive(Debug, Serialize, ToSchema)]
pub struct History {
    pub project: String,
    /// Oldest first.
    pub points: Vec<HistoryPoint>,
}

pub fn history(v: &ProjectView<'_>) -> History {
    History {
        project: v.id.clone(),
        points: v
            .data
            .map(|d| d.history.as_ref().clone())
            .unwrap_or_default(),
    }
}

/// One project in full.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectDetail {
    #[serde(flatten)]
    pub summary: ProjectSummary,
    /// The catalog row as in the catalog file.
    #[schema(value_type = Object)]
    pub catalog: serde_json::Value,
    /// Advice per goal with reasons.
    #[schema(value_type = Object)]
    pub advice_reasons: serde_json::Value,
    /// The assessment (docs/models.md), when assessed.
    #[schema(value_type = Option<Object>)]
    pub assessment: Option<serde_json::Value>,
    /// Standing decided by the governance records.
    pub decided: Option<String>,
    pub reviews: Vec<Review>,
    /// Why the repository could not be measured.
    pub error: Option<String>,
    /// Why there are no GitHub figures: GitHub's 404, or no token when the project was measured.
    pub github_note: Option<String>,
}

/// A labelled count.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: usize,
    #[serde(skip)]
    pub class: &'static str,
}

/// Catalog health at a glance.
#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    pub projects: usize,
    /// Projects with an assessment.
    pub assessed: usize,
    /// Projects whose repository was measured.
    pub measured: usize,
    /// Projects with a warning or error finding.
    pub flagged: usize,
    pub claims_ahead_of_evidence: usize,
    pub areas: Vec<Count>,
    pub levels: Vec<Count>,
    pub lifecycle: Vec<Count>,
    /// Advice for the `production` goal.
    pub advice_production: Vec<Count>,
    /// GitHub's figures over the catalog; none when no project has them.
    pub github: Option<GithubStats>,
    /// How far the catalog's claimed levels are borne out by the evidence:
    /// counts, the claimed × supported matrix per model, and the differences
    /// with their first reason (the same figures as `radar report`).
    #[schema(value_type = Object)]
    pub agreement: radar_assess::agreement::Agreement,
    pub progress: Progress,
}

/// GitHub's figures over the catalog (projects measured with a token).
#[derive(Debug, Serialize, ToSchema)]
pub struct GithubStats {
    /// Projects with GitHub figures.
    pub projects: usize,
    pub open_issues: u64,
    pub open_pull_requests: u64,
    /// Archived on GitHub.
    pub archived: usize,
    /// GitHub says the repository moved (the catalog's URL is stale).
    pub moved: usize,
    /// Open issues plus open pull requests per project (`key` is the project id), most first.
    pub open_per_project: Vec<Count>,
}

fn github_stats(views: &[ProjectView<'_>]) -> Option<GithubStats> {
    let with: Vec<(&ProjectView<'_>, &GithubFigures)> = views
        .iter()
        .filter_map(|v| v.github.as_ref().map(|g| (v, g)))
        .collect();
    if with.is_empty() {
        return None;
    }
    let mut open_per_project: Vec<Count> = with
        .iter()
        .filter(|(_, g)| g.open_issues.is_some() || g.open_pull_requests.is_some())
        .map(|(v, g)| Count {
            key: v.id.clone(),
            label: v.project.name.clone(),
            count: (g.open_issues.unwrap_or(0) + g.open_pull_requests.unwrap_or(0)) as usize,
            class: "info",
        })
        .collect();
    open_per_project.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    Some(GithubStats {
        projects: with.len(),
        open_issues: with.iter().filter_map(|(_, g)| g.open_issues).sum(),
        open_pull_requests: with.iter().filter_map(|(_, g)| g.open_pull_requests).sum(),
        archived: with
            .iter()
            .filter(|(_, g)| g.archived == Some(true))
            .count(),
        moved: with.iter().filter(|(_, g)| g.renamed_to.is_some()).count(),
        open_per_project,
    })
}

/// Relative site paths of a project's documents.
pub fn links(v: &ProjectView<'_>) -> ProjectLinks {
    let id = segment(&v.id);
    ProjectLinks {
        page: format!("project/{id}"),
        json: format!("api/projects/{id}.json"),
        badge: format!("badge/{id}.svg"),
        lifecycle_badge: format!("badge/{id}/lifecycle.svg"),
        evidence: v
            .evidence()
            .map(|_| format!("api/projects/{id}/evidence.json")),
        assessment: v
            .assessment()
            .map(|_| format!("api/projects/{id}/assessment.json")),
        history: format!("api/projects/{id}/history.json"),
    }
}

/// `areas`: [`crate::view::areas_by_id`].
pub fn summary(v: &ProjectView<'_>, areas: &HashMap<String, Vec<String>>) -> ProjectSummary {
    let advice = match v.assessment() {
        Some(a) => GOALS
            .iter()
            .map(|g| {
                (
                    g.key.to_owned(),
                    radar_assess::advise(a, &g.goal).verdict.as_str().to_owned(),
                )
            })
            .collect(),
        None => BTreeMap::new(),
    };
    let mut findings = BTreeMap::new();
    for f in v
        .assessment()
        .map(|a| a.findings.as_slice())
        .unwrap_or_default()
    {
        *findings.entry(f.severity.as_str().to_owned()).or_insert(0) += 1;
    }
    ProjectSummary {
        id: v.id.clone(),
        name: v.project.name.clone(),
        area: v.area.to_owned(),
        areas: areas
            .get(&v.id)
            .cloned()
            .unwrap_or_else(|| vec![v.area.to_owned()]),
        claimed: v.state_text(),
        level: v.level.pill.clone(),
        lifecycle: v.lifecycle.clone(),
        claim_ahead_of_evidence: v.level.ahead,
        figures: v.figures.clone(),
        stale: v.stale.clone(),
        github: v.github.clone(),
        security: v.evidence().and_then(SecurityScores::of),
        advice,
        findings,
        links: links(v),
    }
}

pub fn detail(v: &ProjectView<'_>, areas: &HashMap<String, Vec<String>>) -> ProjectDetail {
    let advice_reasons = match v.assessment() {
        Some(a) => serde_json::Value::Object(
            GOALS
                .iter()
                .map(|g| {
                    (
                        g.key.to_owned(),
                        serde_json::to_value(radar_assess::advise(a, &g.goal)).unwrap_or_default(),
                    )
                })
                .collect(),
        ),
        None => serde_json::Value::Object(serde_json::Map::new()),
    };
    ProjectDetail {
        summary: summary(v, areas),
        catalog: serde_json::to_value(v.project).unwrap_or_default(),
        advice_reasons,
        assessment: v.assessment().and_then(|a| serde_json::to_value(a).ok()),
        decided: v.data.and_then(|d| d.decided.clone()),
        reviews: v.data.map(|d| d.reviews.clone()).unwrap_or_default(),
        error: v.data.and_then(|d| d.error.clone()),
        github_note: github_note(v),
    }
}

fn github_note(v: &ProjectView<'_>) -> Option<String> {
    let view = crate::github::view(
        v.data.and_then(|d| d.github.as_ref()),
        v.assessment(),
        v.evidence().is_some(),
        v.project.repo.as_deref(),
    )?;
    match view {
        crate::github::GithubView::Panel(_) => None,
        crate::github::GithubView::NotFound(m) => Some(m),
        crate::github::GithubView::NoFigures(adds) => Some(format!(
            "no GitHub figures (Radar asks GitHub only when GITHUB_TOKEN is set); a token adds: {}",
            adds.join("; ")
        )),
    }
}

/// The evidence document: the evidence as measured, with GitHub's answer
/// under `github` (or `github_error`) as stored.
pub fn evidence(v: &ProjectView<'_>) -> Option<serde_json::Value> {
    let e = v.evidence()?;
    let mut doc = match serde_json::to_value(e).ok()? {
        serde_json::Value::Object(m) => m,
        _ => return None,
    };
    if let Some(g) = v.data.and_then(|d| d.github.as_ref()) {
        GithubData::insert_into(g, &mut doc);
    }
    Some(serde_json::Value::Object(doc))
}

fn counts(
    items: impl Iterator<Item = (String, String, &'static str)>,
    order: &[&str],
) -> Vec<Count> {
    let mut out: Vec<Count> = Vec::new();
    for (key, label, class) in items {
        match out.iter_mut().find(|c| c.key == key) {
            Some(c) => c.count += 1,
            None => out.push(Count {
                key,
                label,
                count: 1,
                class,
            }),
        }
    }
    if !order.is_empty() {
        out.sort_by_key(|c| {
            order
                .iter()
                .position(|o| *o == c.key)
                .unwrap_or(order.len())
        });
    }
    out
}

pub fn stats(d: &Dashboard) -> Stats {
    let views = ProjectView::all(d);
    let production = &GOALS[0].goal;
    Stats {
        projects: views.len(),
        assessed: views.iter().filter(|v| v.assessment().is_some()).count(),
        measured: views
            .iter()
            .filter(|v| v.evidence().is_some() || v.figures.is_some())
            .count(),
        flagged: views
            .iter()
            .filter(|v| {
                v.assessment().is_some_and(|a| {
                    a.findings
                        .iter()
                        .any(|f| f.severity >= radar_assess::Severity::Warning)
                })
            })
            .count(),
        claims_ahead_of_evidence: views.iter().filter(|v| v.level.ahead).count(),
        areas: counts(
            views
                .iter()
                .map(|v| (v.area.to_owned(), v.area.to_owned(), "info")),
            &[],
        ),
        levels: counts(
            views.iter().map(|v| {
                (
                    v.level.pill.key.clone(),
                    v.level.pill.label.clone(),
                    v.level.pill.class,
                )
            }),
            &[
                "graduated",
                "stable",
                "incubating",
                "beta",
                "sandbox",
                "alpha",
                "proposed",
                "archived",
                "deprecated",
                "none",
                "unknown",
            ],
        ),
        lifecycle: counts(
            views.iter().map(|v| {
                (
                    v.lifecycle.key.clone(),
                    v.lifecycle.label.clone(),
                    v.lifecycle.class,
                )
            }),
            &["active", "inactive", "deprecated", "archived", "unknown"],
        ),
        advice_production: counts(
            views.iter().map(|v| {
                let p = v.advice_pill(production);
                let label = if p.key == "none" {
                    "not assessed".to_owned()
                } else {
                    p.label.clone()
                };
                (p.key, label, p.class)
            }),
            &["adopt", "trial", "assess", "hold", "none"],
        ),
        github: github_stats(&views),
        agreement: crate::agreement::over(&views),
        progress: d.progress.clone(),
    }
}

/// The error document of a 404 or 400.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    pub error: String,
}

/// The catalog with its assessment as CSV: one row per project.
pub fn csv(d: &Dashboard) -> String {
    const HEADER: [&str; 25] = [
        "area",
        "id",
        "name",
        "link",
        "repo",
        "goal",
        "claimed",
        "apis",
        "channels",
        "platform_use",
        "lifecycle",
        "level",
        "claim_ahead_of_evidence",
        "contributors",
        "active_contributors_365d",
        "organizations_365d",
        "latest_release",
        "latest_release_date",
        "advice_production",
        "newer_prerelease",
        "stale_fetch_error",
        "github_open_issues",
        "github_open_pull_requests",
        "github_stars",
        "security_score",
    ];
    let mut out = String::new();
    let mut line = |cells: &[String]| radar_catalog::csv::push_row(&mut out, cells);
    line(&HEADER.map(String::from));
    for v in ProjectView::all(d) {
        let p = v.project;
        let f = v.figures.clone().unwrap_or_default();
        let has = v.figures.is_some();
        let num = |n: u64| if has { n.to_string() } else { String::new() };
        let gh = |get: fn(&GithubFigures) -> Option<u64>| {
            v.github
                .as_ref()
                .and_then(get)
                .map_or_else(String::new, |n| n.to_string())
        };
        let items = |it: Vec<(String, Option<String>)>| {
            it.into_iter()
                .map(|(l, u)| u.map_or(l.clone(), |u| format!("{l} <{u}>")))
                .collect::<Vec<_>>()
                .join("\n")
        };
        line(&[
            v.area.to_owned(),
            v.id.clone(),
            p.name.clone(),
            p.link.clone().unwrap_or_default(),
            p.repo.clone().unwrap_or_default(),
            p.goal
                .as_deref()
                .map(crate::markdown::plain)
                .unwrap_or_default(),
            v.state_text().unwrap_or_default(),
            p.apis
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            items(
                p.channels
                    .iter()
                    .map(|c| (c.label.clone(), c.url.clone()))
                    .collect(),
            ),
            items(
                p.platform_use
                    .iter()
                    .map(|c| (c.label.clone(), c.url.clone()))
                    .collect(),
            ),
            v.lifecycle.key.clone(),
            v.level.pill.key.clone(),
            v.assessment()
                .map(|_| v.level.ahead.to_string())
                .unwrap_or_default(),
            num(f.contributors),
            num(f.active_contributors_365d),
            num(f.organizations_365d),
            f.latest_release.clone().unwrap_or_default(),
            f.latest_release_date.clone().unwrap_or_default(),
            v.advice(&GOALS[0].goal)
                .map(|a| a.verdict.as_str().to_owned())
                .unwrap_or_default(),
            f.newer_prerelease.clone().unwrap_or_default(),
            v.stale
                .as_ref()
                .map(|s| s.fetch_error.clone())
                .unwrap_or_default(),
            gh(|g| g.open_issues),
            gh(|g| g.open_pull_requests),
            gh(|g| g.stars),
            v.evidence()
                .and_then(|e| e.security.as_ref())
                .and_then(|s| s.aggregate.score)
                .map(|a| a.to_string())
                .unwrap_or_default(),
        ]);
    }
    out
}

/// Documentation-only handlers: each names one API document. The server
/// answers these paths from the same renderer as the static site.
#[allow(dead_code)]
mod paths {
    use super::*;

    #[utoipa::path(get, path = "/api/catalog.json", tag = "catalog", responses((status = 200, description = "The catalog as loaded (same fields as the YAML file)", body = Object)))]
    pub fn catalog() {}

    #[utoipa::path(get, path = "/api/catalog.csv", tag = "catalog", responses((status = 200, description = "One row per project with its assessment", content_type = "text/csv", body = String)))]
    pub fn catalog_csv() {}

    #[utoipa::path(get, path = "/api/projects.json", tag = "projects", responses((status = 200, description = "Every project with its live columns", body = Vec<ProjectSummary>)))]
    pub fn projects() {}

    #[utoipa::path(get, path = "/api/projects/{id}.json", tag = "projects", params(("id" = String, Path, description = "Project id")),
        responses((status = 200, description = "One project in full", body = ProjectDetail), (status = 404, description = "No such project", body = ApiError)))]
    pub fn project() {}

    #[utoipa::path(get, path = "/api/projects/{id}/evidence.json", tag = "projects", params(("id" = String, Path, description = "Project id")),
        responses((status = 200, description = "The evidence measured from the repository (docs/evidence-schema.md), with GitHub's facts under `github` when Radar ran with a token (docs/github.md), or `github_error` when GitHub said the repository does not exist", body = Object), (status = 404, description = "No such project, or not measured yet", body = ApiError)))]
    pub fn evidence() {}

    #[utoipa::path(get, path = "/api/projects/{id}/assessment.json", tag = "projects", params(("id" = String, Path, description = "Project id")),
        responses((status = 200, description = "The assessment (docs/models.md)", body = Object), (status = 404, description = "No such project, or not assessed yet", body = ApiError)))]
    pub fn assessment() {}

    #[utoipa::path(get, path = "/api/projects/{id}/history.json", tag = "projects", params(("id" = String, Path, description = "Project id")),
        responses((status = 200, description = "Every stored assessment's summary figures, oldest first (empty without a store; thinned by `radar prune`)", body = History), (status = 404, description = "No such project", body = ApiError)))]
    pub fn history() {}

    #[utoipa::path(get, path = "/api/assessments.json", tag = "projects", responses((status = 200, description = "Every assessment made so far", body = Vec<Object>)))]
    pub fn assessments() {}

    #[utoipa::path(get, path = "/api/stats.json", tag = "catalog", responses((status = 200, description = "Counts per area, level, lifecycle and advice", body = Stats)))]
    pub fn stats() {}

    #[utoipa::path(get, path = "/api/models.json", tag = "catalog", responses((status = 200, description = "The maturity models: levels and criteria", body = Vec<Object>)))]
    pub fn models() {}

    #[utoipa::path(get, path = "/api/badge/{id}.json", tag = "badges", params(("id" = String, Path, description = "Project id")),
        responses((status = 200, description = "shields.io endpoint for the maturity level", body = crate::badge::Endpoint), (status = 404, description = "No such project", body = ApiError)))]
    pub fn badge() {}

    #[utoipa::path(get, path = "/api/badge/{id}/lifecycle.json", tag = "badges", params(("id" = String, Path, description = "Project id")),
        responses((status = 200, description = "shields.io endpoint for the lifecycle", body = crate::badge::Endpoint), (status = 404, description = "No such project", body = ApiError)))]
    pub fn lifecycle_badge() {}

    #[utoipa::path(get, path = "/api/progress.json", tag = "server", responses((status = 200, description = "Progress of the background assessment (server only)", body = Progress)))]
    pub fn progress() {}
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Radar API",
        description = "The catalog, its projects' evidence and assessments, statistics and badges. Every document also exists as a file in the static site (`radar site`), except `/api/progress.json`."
    ),
    paths(
        paths::catalog,
        paths::catalog_csv,
        paths::projects,
        paths::project,
        paths::evidence,
        paths::assessment,
        paths::history,
        paths::assessments,
        paths::stats,
        paths::models,
        paths::badge,
        paths::lifecycle_badge,
        paths::progress
    ),
    components(schemas(
        ProjectSummary,
        ProjectDetail,
        ProjectLinks,
        History,
        HistoryPoint,
        Stats,
        GithubStats,
        Count,
        ApiError,
        Pill,
        Figures,
        Stale,
        GithubFigures,
        SecurityScores,
        crate::github::MergedPullRequest,
        Review,
        Progress,
        crate::dashboard::ProgressState,
        crate::badge::Endpoint
    ))
)]
pub struct ApiDoc;

/// The OpenAPI document as JSON.
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_owned())
}
