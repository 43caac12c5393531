//! GitHub's figures on the web: read from the evidence document as stored
//! (its `github` key holds radar-github's [`GithubFacts`]; `github_error`
//! records a 404), reduced to [`GithubFigures`] for the JSON API and shown
//! as a panel beside the git figures on the project page.
//!
//! Radar asks GitHub only when a token is set (docs/github.md), so a project
//! measured without one has no figures; its page then says what a token
//! would add. A figure GitHub could not give is `None`, with its reason in
//! `unknown`: never a zero or a "no" GitHub did not say.

use std::collections::BTreeMap;
use std::sync::Arc;

use radar_evidence::Evidence;
use radar_github::{CheckKind, FIGURES, GithubFacts};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::dates::day;
use crate::view::Pill;

/// What GitHub said about a project's repository, as stored with its evidence.
#[derive(Clone, Debug, PartialEq)]
pub enum GithubData {
    Facts(Arc<GithubFacts>),
    /// GitHub answered 404 (deleted, renamed without a redirect, private): its message.
    NotFound(String),
}

/// The key radar-pipeline records GitHub's 404 under (`GITHUB_ERROR_KEY`).
const ERROR_KEY: &str = "github_error";

impl GithubData {
    /// The GitHub part of a stored evidence document, if it has one. Facts
    /// written by an incompatible version of the GitHub source are left out
    /// with a warning (the assessment's summary still has the headline figures).
    pub fn from_document(doc: &Value) -> Option<GithubData> {
        if let Some(g) = doc.get("github").filter(|g| !g.is_null()) {
            match serde_json::from_value::<GithubFacts>(g.clone()) {
                Ok(facts) => return Some(GithubData::Facts(Arc::new(facts))),
                Err(e) => tracing::warn!("stored GitHub facts do not parse: {e}"),
            }
        }
        doc.get(ERROR_KEY)
            .and_then(|e| e.get("message"))
            .and_then(Value::as_str)
            .map(|m| GithubData::NotFound(m.to_owned()))
    }

    /// The keys this adds to the evidence document (for the evidence JSON).
    pub fn insert_into(&self, doc: &mut serde_json::Map<String, Value>) {
        match self {
            GithubData::Facts(f) => {
                if let Ok(v) = serde_json::to_value(&**f) {
                    doc.insert("github".into(), v);
                }
            }
            GithubData::NotFound(message) => {
                doc.insert(
                    ERROR_KEY.into(),
                    serde_json::json!({ "kind": "not-found", "message": message }),
                );
            }
        }
    }
}

/// Reads an evidence document as stored (the evidence, plus GitHub's facts
/// under `github` when a token was set).
pub fn parse_evidence_document(
    json: &str,
) -> Result<(Evidence, Option<GithubData>), serde_json::Error> {
    let doc: Value = serde_json::from_str(json)?;
    let github = GithubData::from_document(&doc);
    Ok((serde_json::from_value(doc)?, github))
}

/// The checks that ran on the latest merged pull request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct MergedPullRequest {
    pub number: u64,
    pub url: String,
    /// `YYYY-MM-DD`.
    pub merged_at: String,
    pub cla: bool,
    pub dco: bool,
    pub ci: bool,
    /// CI checks that failed.
    pub ci_failed: u64,
}

/// GitHub's figures for one project, from the stored facts (or, for an
/// assessment stored without them, from its summary). `None`: unknown, with
/// the reason under `unknown` when GitHub said why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct GithubFigures {
    /// `owner/name` as asked.
    pub repository: String,
    pub html_url: Option<String>,
    /// When GitHub was asked (`YYYY-MM-DD`); current-state figures are as of then.
    pub fetched_at: Option<String>,
    /// A token was used.
    pub authenticated: bool,
    pub archived: Option<bool>,
    /// The new `owner/name` when GitHub says the repository moved.
    pub renamed_to: Option<String>,
    pub stars: Option<u64>,
    pub forks: Option<u64>,
    pub open_issues: Option<u64>,
    pub open_pull_requests: Option<u64>,
    /// Pull requests merged in the last 90 days.
    pub merged_pull_requests_90d: Option<u64>,
    /// Of those, the share reviewed by someone other than the author (0–1).
    pub reviewed_share: Option<f64>,
    /// Median hours to a first response on issues and pull requests opened by people in the last 90 days.
    pub first_response_median_hours: Option<f64>,
    /// Issues and pull requests opened by people in the last 90 days.
    pub first_response_opened: Option<u64>,
    /// Of those, answered within 48 hours (0–1).
    pub answered_within_48h_share: Option<f64>,
    pub latest_merged_pull_request: Option<MergedPullRequest>,
    /// A CLA check ran on the latest merged pull request.
    pub cla_check: Option<bool>,
    /// GitHub says the repository has no merged pull request (nothing to check).
    pub no_merged_pull_request: bool,
    /// GitHub releases (not git tags).
    pub releases: Option<u64>,
    /// Of the newest (up to 5) releases with assets: how many, and how many carry a signature file.
    pub releases_with_assets: Option<u64>,
    pub signed_releases: Option<u64>,
    pub releases_with_provenance: Option<u64>,
    pub releases_with_sbom: Option<u64>,
    /// GitHub's community profile score (0–100).
    pub community_health: Option<u64>,
    /// Community files GitHub did not find (`contributing`, `issue template`, …).
    pub community_missing: Vec<String>,
    /// A 90-day list hit the page cap: its figures cover the newest part.
    pub truncated: bool,
    /// Figure key → why it is unknown.
    pub unknown: BTreeMap<String, String>,
}

impl GithubFigures {
    pub fn from_facts(f: &GithubFacts) -> GithubFigures {
        let mut out = GithubFigures {
            repository: f.repository.clone(),
            html_url: f.html_url.clone(),
            fetched_at: Some(day(f.fetched_at)),
            authenticated: f.authenticated,
            archived: f.archived,
            renamed_to: f.renamed_to.clone(),
            stars: f.stars,
            forks: f.forks,
            open_issues: f.open_issues,
            open_pull_requests: f.open_pull_requests,
            unknown: f.unknown.clone(),
            // Null without an `unknown` entry: there is none (docs/github.md).
            no_merged_pull_request: f.authenticated
                && f.latest_merged_pull_request.is_none()
                && f.is_known("latest_merged_pull_request"),
            ..GithubFigures::default()
        };
        if let Some(m) = &f.merged_pull_requests {
            out.merged_pull_requests_90d = Some(m.merged);
            out.reviewed_share = m.reviewed_share;
            out.truncated |= m.truncated;
        }
        if let Some(r) = &f.first_response {
            out.first_response_median_hours = r.all.median_hours;
            out.first_response_opened = Some(r.all.opened);
            out.answered_within_48h_share = r.all.answered_within_48h_share;
            out.truncated |= r.truncated;
        }
        if let Some(pr) = &f.latest_merged_pull_request {
            out.cla_check = Some(pr.has_cla);
            out.latest_merged_pull_request = Some(MergedPullRequest {
                number: pr.number,
                url: pr.url.clone(),
                merged_at: day(pr.merged_at),
                cla: pr.has_cla || pr.checks.iter().any(|c| c.kind == CheckKind::Cla),
                dco: pr.has_dco || pr.checks.iter().any(|c| c.kind == CheckKind::Dco),
                ci: pr.has_ci,
                ci_failed: pr.ci_failed,
            });
        }
        if let Some(r) = &f.releases {
            out.releases = Some(r.total);
            out.releases_with_assets = Some(r.recent_with_assets.len() as u64);
            out.signed_releases = Some(r.signed);
            out.releases_with_provenance = Some(r.with_provenance);
            out.releases_with_sbom = Some(r.with_sbom);
        }
        if let Some(c) = &f.community {
            out.community_health = Some(c.health_percentage);
            let files = &c.files;
            out.community_missing = [
                (files.readme, "README"),
                (files.license, "license"),
                (files.code_of_conduct, "code of conduct"),
                (files.contributing, "contributing guide"),
                (files.issue_template, "issue template"),
                (files.pull_request_template, "pull request template"),
            ]
            .into_iter()
            .filter(|(found, _)| !found)
            .map(|(_, name)| name.to_owned())
            .collect();
        }
        out
    }

    /// From an assessment's headline figures (stored without the facts).
    pub fn from_summary(s: &radar_assess::GithubSummary) -> GithubFigures {
        GithubFigures {
            repository: s.repository.clone(),
            authenticated: s.authenticated,
            archived: s.archived,
            renamed_to: s.renamed_to.clone(),
            stars: s.stars,
            open_issues: s.open_issues,
            open_pull_requests: s.open_pull_requests,
            merged_pull_requests_90d: s.merged_pull_requests_90d,
            reviewed_share: s.reviewed_share,
            first_response_median_hours: s.first_response_median_hours,
            community_health: s.community_health,
            cla_check: s.cla_check,
            unknown: s
                .unknown
                .iter()
                .map(|k| (k.clone(), "GitHub could not say".to_owned()))
                .collect(),
            ..GithubFigures::default()
        }
    }

    /// The figures of a project: its stored facts, else its assessment's summary.
    pub fn of(
        github: Option<&GithubData>,
        assessment: Option<&radar_assess::Assessment>,
    ) -> Option<GithubFigures> {
        match github {
            Some(GithubData::Facts(f)) => Some(GithubFigures::from_facts(f)),
            Some(GithubData::NotFound(_)) => None,
            None => assessment
                .and_then(|a| a.github.as_ref())
                .map(GithubFigures::from_summary),
        }
    }
}

/// The figures the GitHub panel shows (keys of [`FIGURES`]), in its order.
const SHOWN: &[&str] = &[
    "archived",
    "renamed_to",
    "stars",
    "forks",
    "open_issues",
    "open_pull_requests",
    "merged_pull_requests",
    "first_response",
    "latest_merged_pull_request",
    "releases",
    "community",
];

/// What a token would add to the page, in words (from radar-github's table
/// of figures, so a new figure there shows up here).
pub fn token_adds() -> Vec<&'static str> {
    SHOWN
        .iter()
        .filter_map(|k| FIGURES.iter().find(|f| f.key == *k))
        .map(|f| f.description)
        .collect()
}

/// The panel's name for a figure key.
fn figure_label(key: &str) -> String {
    match key {
        "archived" => "Archived".into(),
        "renamed_to" => "Moved to".into(),
        "stars" => "Stars".into(),
        "forks" => "Forks".into(),
        "open_issues" => "Open issues".into(),
        "open_pull_requests" => "Open pull requests".into(),
        "merged_pull_requests" => "Pull requests merged in 90 days".into(),
        "first_response" => "First response".into(),
        "latest_merged_pull_request" => "Checks on the latest merged pull request".into(),
        "releases" => "GitHub releases".into(),
        "community" => "Community profile".into(),
        other => other.replace('_', " "),
    }
}

/// One line of the GitHub panel.
pub struct GithubRow {
    pub label: String,
    pub value: String,
    /// The value as a coloured pill (`ok`, `bad`, …); empty: plain text.
    pub class: &'static str,
    pub note: String,
    pub url: Option<String>,
    /// Small statuses after the value (the checks that ran).
    pub pills: Vec<Pill>,
}

impl GithubRow {
    fn new(label: &str, value: impl Into<String>, note: impl Into<String>) -> GithubRow {
        GithubRow {
            label: label.to_owned(),
            value: value.into(),
            class: "",
            note: note.into(),
            url: None,
            pills: Vec::new(),
        }
    }
}

/// The GitHub panel of a project page.
pub struct GithubPanel {
    pub repository: String,
    pub url: Option<String>,
    /// `as of 2026-08-23`, or empty.
    pub as_of: String,
    /// The figures, then the unknown ones with the reason.
    pub rows: Vec<GithubRow>,
    pub truncated: bool,
}

/// What the page says about GitHub.
pub enum GithubView {
    Panel(GithubPanel),
    /// GitHub says the repository does not exist.
    NotFound(String),
    /// Measured without GitHub's figures; the repository is on GitHub: what a token adds.
    NoFigures(Vec<&'static str>),
}

impl GithubView {
    pub fn panel(&self) -> Option<&GithubPanel> {
        match self {
            GithubView::Panel(p) => Some(p),
            _ => None,
        }
    }

    pub fn not_found(&self) -> Option<&str> {
        match self {
            GithubView::NotFound(m) => Some(m),
            _ => None,
        }
    }

    pub fn token_adds(&self) -> Option<&[&'static str]> {
        match self {
            GithubView::NoFigures(l) => Some(l),
            _ => None,
        }
    }
}

/// The GitHub part of a project page: figures, a 404, or (for a measured
/// repository on github.com without figures) what a token would add.
pub fn view(
    github: Option<&GithubData>,
    assessment: Option<&radar_assess::Assessment>,
    measured: bool,
    repo: Option<&str>,
) -> Option<GithubView> {
    if let Some(GithubData::NotFound(m)) = github {
        return Some(GithubView::NotFound(crate::dates::readable(m).into_owned()));
    }
    if let Some(f) = GithubFigures::of(github, assessment) {
        return Some(GithubView::Panel(panel(&f)));
    }
    let on_github = repo.is_some_and(|r| radar_github::parse_repo_url(r, "github.com").is_some());
    (measured && on_github).then(|| GithubView::NoFigures(token_adds()))
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "?".to_owned(), |n| n.to_string())
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Hours in the unit a person would use.
pub fn duration(hours: f64) -> String {
    if hours < 1.0 {
        format!("{:.0} min", (hours * 60.0).max(1.0))
    } else if hours < 48.0 {
        format!("{} h", trim(hours))
    } else {
        format!("{} days", trim(hours / 24.0))
    }
}

/// One decimal, without a trailing `.0`.
fn trim(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

fn mark(label: &str, ran: bool) -> Pill {
    Pill {
        key: label.to_lowercase(),
        label: format!("{label} {}", if ran { "✓" } else { "✗" }),
        class: if ran { "ok" } else { "muted" },
        title: if ran {
            format!("a {label} check ran")
        } else {
            format!("no {label} check ran")
        },
    }
}

fn panel(f: &GithubFigures) -> GithubPanel {
    let known = |key: &str| !f.unknown.contains_key(key);
    let mut rows = Vec::new();
    if let Some(archived) = f.archived {
        let mut r = GithubRow::new(
            "Archived",
            if archived { "yes" } else { "no" },
            if archived {
                "read-only on GitHub: the project has ended"
            } else {
                ""
            },
        );
        r.class = if archived { "dead" } else { "ok" };
        rows.push(r);
    }
    if let Some(new) = &f.renamed_to {
        let mut r = GithubRow::new(
            "Moved to",
            new.clone(),
            "GitHub redirects the catalog's repository here: the catalog should use the new URL",
        );
        r.class = "warn";
        r.url = crate::safe::link(&format!("https://github.com/{new}")).map(str::to_owned);
        rows.push(r);
    }
    if f.stars.is_some() || f.forks.is_some() {
        rows.push(GithubRow::new(
            "Stars · forks",
            format!("{} · {}", count(f.stars), count(f.forks)),
            "",
        ));
    }
    if f.open_issues.is_some() || f.open_pull_requests.is_some() {
        rows.push(GithubRow::new(
            "Open issues · pull requests",
            format!("{} · {}", count(f.open_issues), count(f.open_pull_requests)),
            "",
        ));
    }
    if let Some(merged) = f.merged_pull_requests_90d {
        let note = match f.reviewed_share {
            Some(_) => "reviewed by someone other than the author".to_owned(),
            None => "nothing merged, so no review share".to_owned(),
        };
        let mut r = GithubRow::new("Pull requests merged in 90 days", merged.to_string(), note);
        if let Some(s) = f.reviewed_share {
            r.pills.push(Pill {
                key: "reviewed".into(),
                label: format!("{} reviewed", percent(s)),
                class: if s >= 0.8 { "ok" } else { "warn" },
                title:
                    "share of merged pull requests with a review by someone other than the author"
                        .into(),
            });
        }
        rows.push(r);
    }
    if known("first_response")
        && (f.first_response_median_hours.is_some() || f.first_response_opened.is_some())
    {
        let opened = f.first_response_opened;
        let value = match (f.first_response_median_hours, opened) {
            (Some(h), _) => format!("{} median", duration(h)),
            (None, Some(0)) => "nothing opened".to_owned(),
            (None, _) => "no answer yet".to_owned(),
        };
        let mut note = match opened {
            Some(n) => format!(
                "on {n} issue{} and pull request{} opened by people in 90 days",
                if n == 1 { "" } else { "s" },
                if n == 1 { "" } else { "s" }
            ),
            None => "on issues and pull requests opened in 90 days".to_owned(),
        };
        if let Some(s) = f.answered_within_48h_share {
            note.push_str(&format!("; {} answered within 48 h", percent(s)));
        }
        rows.push(GithubRow::new("First response", value, note));
    }
    match &f.latest_merged_pull_request {
        Some(pr) => {
            let mut r = GithubRow::new(
                "Latest merged pull request",
                format!("#{}", pr.number),
                format!(
                    "merged {}{}",
                    pr.merged_at,
                    match pr.ci_failed {
                        0 => String::new(),
                        1 => "; 1 CI check failed".to_owned(),
                        n => format!("; {n} CI checks failed"),
                    }
                ),
            );
            r.url = crate::safe::link(&pr.url).map(str::to_owned);
            r.pills = vec![mark("CLA", pr.cla), mark("DCO", pr.dco), mark("CI", pr.ci)];
            rows.push(r);
        }
        None if f.no_merged_pull_request => rows.push(GithubRow::new(
            "Latest merged pull request",
            "none",
            "the repository has no merged pull request",
        )),
        None => {
            if let Some(cla) = f.cla_check {
                let mut r = GithubRow::new("Latest merged pull request", "", "");
                r.pills = vec![mark("CLA", cla)];
                rows.push(r);
            }
        }
    }
    if let Some(total) = f.releases {
        let with_assets = f.releases_with_assets.unwrap_or(0);
        let note = if with_assets == 0 {
            "no release with assets to sign".to_owned()
        } else {
            format!(
                "of the {with_assets} newest with assets: {} signed, {} with provenance, {} with an SBOM",
                count(f.signed_releases),
                count(f.releases_with_provenance),
                count(f.releases_with_sbom)
            )
        };
        let mut r = GithubRow::new("GitHub releases", total.to_string(), note);
        if with_assets > 0 {
            let signed = f.signed_releases.unwrap_or(0);
            r.pills.push(Pill {
                key: "signed".into(),
                label: format!("{signed}/{with_assets} signed"),
                class: if signed == with_assets {
                    "ok"
                } else if signed > 0 {
                    "info"
                } else {
                    "muted"
                },
                title: "releases with a signature file (.asc, .sig, .sigstore, …)".into(),
            });
        }
        rows.push(r);
    }
    if let Some(h) = f.community_health {
        let note = if f.community_missing.is_empty() {
            "every recognised community file is there".to_owned()
        } else {
            format!("missing: {}", f.community_missing.join(", "))
        };
        rows.push(GithubRow::new("Community profile", format!("{h}%"), note));
    }
    // Figures GitHub could not give stand where they would be, with the reason.
    for (key, why) in &f.unknown {
        let mut r = GithubRow::new(
            &figure_label(key),
            "unknown",
            crate::dates::readable(why).into_owned(),
        );
        r.class = "muted";
        rows.push(r);
    }
    GithubPanel {
        repository: f.repository.clone(),
        url: f
            .html_url
            .as_deref()
            .and_then(crate::safe::link)
            .map(str::to_owned)
            .or_else(|| {
                crate::safe::link(&format!("https://github.com/{}", f.repository))
                    .map(str::to_owned)
            }),
        as_of: f
            .fetched_at
            .as_ref()
            .map(|d| format!("as of {d}"))
            .unwrap_or_default(),
        rows,
        truncated: f.truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_person_says_them() {
        assert_eq!(duration(0.2), "12 min");
        assert_eq!(duration(10.0), "10 h");
        assert_eq!(duration(10.46), "10.5 h");
        assert_eq!(duration(72.0), "3 days");
        assert_eq!(duration(100.0), "4.2 days");
    }

    #[test]
    fn token_adds_names_every_shown_figure() {
        let adds = token_adds();
        assert_eq!(adds.len(), SHOWN.len(), "every shown key is in FIGURES");
        assert!(adds.iter().any(|d| d.contains("first response")));
    }
}
