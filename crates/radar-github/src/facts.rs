//! [`GithubFacts`]: what the GitHub API says about one repository.
//!
//! The JSON form is a documented schema (docs/github.md). The CLI attaches it
//! to evidence as the `github` key, so assessment expressions read
//! `github.archived == true` or `github.merged_pull_requests.reviewed_share`.
//! Every figure is `null` when it is unknown, and then `unknown.<key>` says
//! why (a transient API failure, a rate limit, no token); a figure is never a
//! zero or a "false" it has not seen.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Version of the JSON schema; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GithubFacts {
    pub schema_version: u32,
    /// `owner/name` as asked.
    pub repository: String,
    /// REST base URL that answered.
    pub api: String,
    /// End of the activity windows (the `now` given to `facts`).
    pub as_of: Timestamp,
    /// When GitHub was asked; current-state figures (archived, stars, …) are as of this time.
    pub fetched_at: Timestamp,
    /// False when no token was configured (then only the cheap figures are fetched).
    pub authenticated: bool,

    // --- GET /repos/{owner}/{repo} ---------------------------------------------------------
    /// Canonical `owner/name` (differs from `repository` after a rename or transfer).
    pub full_name: Option<String>,
    /// The new `owner/name` when the repository was renamed or transferred; null otherwise.
    pub renamed_to: Option<String>,
    pub html_url: Option<String>,
    pub archived: Option<bool>,
    pub disabled: Option<bool>,
    pub fork: Option<bool>,
    pub default_branch: Option<String>,
    pub description: Option<String>,
    pub homepage: Option<String>,
    pub topics: Option<Vec<String>>,
    pub stars: Option<u64>,
    pub forks: Option<u64>,
    /// Accounts watching the repository (`subscribers_count`).
    pub watchers: Option<u64>,
    /// SPDX id of the license GitHub detected (`NOASSERTION` when it could not tell).
    pub license: Option<String>,
    pub created_at: Option<Timestamp>,
    pub pushed_at: Option<Timestamp>,

    // --- counts ------------------------------------------------------------------------------
    /// Open issues, pull requests excluded (GitHub's `open_issues_count` minus open pull requests).
    pub open_issues: Option<u64>,
    pub open_pull_requests: Option<u64>,

    // --- activity windows ----------------------------------------------------------------------
    pub merged_pull_requests: Option<MergedPullRequests>,
    pub first_response: Option<FirstResponse>,

    // --- releases, checks, community ---------------------------------------------------------------
    pub releases: Option<Releases>,
    /// Null with no `unknown` entry: the repository has no merged pull request.
    pub latest_merged_pull_request: Option<LatestMergedPullRequest>,
    pub community: Option<Community>,

    /// Why a figure is null: figure key → reason.
    pub unknown: BTreeMap<String, String>,
    /// What this cost.
    pub requests: RequestStats,
}

/// Pull requests merged in the window, and how many were reviewed by someone else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedPullRequests {
    pub window_days: u32,
    /// Pull requests merged in the window (bot-authored included).
    pub merged: u64,
    /// Of those: a person other than the author submitted a review (any state), or the
    /// pull request carries Prow's `lgtm` or `approved` label.
    pub reviewed: u64,
    /// `reviewed / merged`; null when nothing was merged.
    pub reviewed_share: Option<f64>,
    /// Of those: a person other than the author submitted an `APPROVED` review.
    pub approved: u64,
    /// Of those: opened by a bot (Dependabot, Renovate, …).
    pub bot_authored: u64,
    /// Of those: merged by someone other than the author (Scorecard counts this as a review; Radar does not).
    pub merged_by_other: u64,
    /// True when the page cap was reached before the window's start: the figures cover the newest part.
    pub truncated: bool,
}

/// CHAOSS time to first response on issues and pull requests opened in the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstResponse {
    pub window_days: u32,
    pub issues: ResponseTimes,
    pub pull_requests: ResponseTimes,
    /// Issues and pull requests together.
    pub all: ResponseTimes,
    pub truncated: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponseTimes {
    /// Opened in the window by a person (bot-opened items are left out).
    pub opened: u64,
    /// Got a first response before `as_of`.
    pub answered: u64,
    /// No response yet.
    pub unanswered: u64,
    /// Median hours from opening to first response, over the answered ones; null when none was answered.
    pub median_hours: Option<f64>,
    /// Answered within 48 hours, as a share of `opened`; null when nothing was opened.
    pub answered_within_48h_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Releases {
    /// Published releases (drafts are invisible to most tokens and not counted).
    pub total: u64,
    /// Newest non-prerelease published at or before `as_of`.
    pub latest: Option<ReleaseSummary>,
    /// Releases published in the 365 days before `as_of` (among the newest 100).
    pub published_365d: u64,
    /// The newest (up to 5) releases that have assets: OpenSSF Scorecard's Signed-Releases window.
    pub recent_with_assets: Vec<ReleaseSummary>,
    /// Of `recent_with_assets`: with a signature file.
    pub signed: u64,
    /// Of `recent_with_assets`: with an in-toto provenance file.
    pub with_provenance: u64,
    /// Of `recent_with_assets`: with an SBOM file.
    pub with_sbom: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseSummary {
    pub tag: String,
    pub name: Option<String>,
    pub published_at: Option<Timestamp>,
    pub prerelease: bool,
    pub assets: u64,
    /// Assets ending in `.asc`, `.sig`, `.sign`, `.minisig`, `.sigstore`, `.sigstore.json`.
    pub signatures: Vec<String>,
    /// Assets ending in `.intoto.jsonl`.
    pub provenance: Vec<String>,
    /// SPDX or CycloneDX documents.
    pub sboms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatestMergedPullRequest {
    pub number: u64,
    pub url: String,
    pub merged_at: Timestamp,
    /// The pull request's last commit, whose checks are listed.
    pub head_sha: Option<String>,
    pub checks: Vec<CheckInfo>,
    /// A CLA check ran (CLOMonitor's patterns).
    pub has_cla: bool,
    /// A DCO check ran.
    pub has_dco: bool,
    /// At least one other check run or commit status (CI) ran.
    pub has_ci: bool,
    /// CI checks that ended in failure, error, timed_out, cancelled or action_required.
    pub ci_failed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckInfo {
    pub name: String,
    pub kind: CheckKind,
    /// `check_run` (GitHub Checks API) or `status` (commit status API).
    pub source: String,
    /// The GitHub App that ran a check run.
    pub app: Option<String>,
    /// Conclusion of a check run or state of a status, lower case (`success`, `failure`, …);
    /// null while a check run is still running.
    pub result: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckKind {
    Cla,
    Dco,
    Ci,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Community {
    /// GitHub's community profile score, 0–100.
    pub health_percentage: u64,
    pub files: CommunityFiles,
    /// Name of the recognised code of conduct, when GitHub recognised one.
    pub code_of_conduct: Option<String>,
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityFiles {
    pub code_of_conduct: bool,
    pub contributing: bool,
    pub issue_template: bool,
    pub pull_request_template: bool,
    pub license: bool,
    pub readme: bool,
}

/// What one `facts` call cost.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestStats {
    /// HTTP requests sent (retries included).
    pub sent: u64,
    /// Of those: answered `304 Not Modified` from the ETag cache (free against the rate limit).
    pub not_modified: u64,
    /// Requests repeated after a 5xx, network error, rate limit or rejected token.
    pub retries: u64,
    /// Seconds spent waiting for resets, `retry-after` and back-off.
    pub waited_seconds: f64,
}

/// One figure of [`GithubFacts`]: its JSON key, what it means and whether it needs a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FigureInfo {
    pub key: &'static str,
    pub description: &'static str,
    /// Needs a token: GraphQL (which GitHub never serves anonymously) or too many requests
    /// for the anonymous budget of 60 an hour.
    pub needs_token: bool,
}

const fn fig(key: &'static str, description: &'static str, needs_token: bool) -> FigureInfo {
    FigureInfo {
        key,
        description,
        needs_token,
    }
}

/// Every figure, in JSON order. The first block comes from one request per repository.
pub const FIGURES: &[FigureInfo] = &[
    fig("full_name", "canonical owner/name on GitHub", false),
    fig(
        "renamed_to",
        "new owner/name when the repository was renamed or transferred",
        false,
    ),
    fig("html_url", "web address of the repository", false),
    fig(
        "archived",
        "the repository is archived (read-only) on GitHub",
        false,
    ),
    fig("disabled", "GitHub has disabled the repository", false),
    fig("fork", "the repository is a fork", false),
    fig("default_branch", "name of the default branch", false),
    fig("description", "the repository's description", false),
    fig("homepage", "the repository's homepage link", false),
    fig("topics", "the repository's topics", false),
    fig("stars", "stargazers", false),
    fig("forks", "forks", false),
    fig("watchers", "accounts watching the repository", false),
    fig("license", "SPDX id of the license GitHub detected", false),
    fig(
        "created_at",
        "when the repository was created on GitHub",
        false,
    ),
    fig("pushed_at", "last push to any branch", false),
    fig("open_issues", "open issues, pull requests excluded", false),
    fig("open_pull_requests", "open pull requests", false),
    fig(
        "releases",
        "GitHub releases: count, latest, assets, signature, provenance and SBOM files",
        false,
    ),
    fig(
        "community",
        "GitHub community profile: health percentage and recognised files",
        false,
    ),
    fig(
        "merged_pull_requests",
        "pull requests merged in the last 90 days and the share reviewed by someone other than the author",
        true,
    ),
    fig(
        "first_response",
        "median time to first response on issues and pull requests opened in the last 90 days (bots excluded)",
        true,
    ),
    fig(
        "latest_merged_pull_request",
        "checks on the latest merged pull request: CLA bot, DCO, CI",
        true,
    ),
];

/// Keys filled from `GET /repos/{owner}/{repo}`.
pub(crate) const REPOSITORY_KEYS: &[&str] = &[
    "full_name",
    "renamed_to",
    "html_url",
    "archived",
    "disabled",
    "fork",
    "default_branch",
    "description",
    "homepage",
    "topics",
    "stars",
    "forks",
    "watchers",
    "license",
    "created_at",
    "pushed_at",
];

impl GithubFacts {
    /// The figures a token would add to an anonymous run (for reports: "with a token, also …").
    pub fn figures_needing_token() -> Vec<&'static FigureInfo> {
        FIGURES.iter().filter(|f| f.needs_token).collect()
    }

    /// Facts with every figure null, before anything was asked.
    pub(crate) fn empty(
        repository: String,
        api: String,
        as_of: Timestamp,
        fetched_at: Timestamp,
        authenticated: bool,
    ) -> Self {
        GithubFacts {
            schema_version: SCHEMA_VERSION,
            repository,
            api,
            as_of,
            fetched_at,
            authenticated,
            full_name: None,
            renamed_to: None,
            html_url: None,
            archived: None,
            disabled: None,
            fork: None,
            default_branch: None,
            description: None,
            homepage: None,
            topics: None,
            stars: None,
            forks: None,
            watchers: None,
            license: None,
            created_at: None,
            pushed_at: None,
            open_issues: None,
            open_pull_requests: None,
            merged_pull_requests: None,
            first_response: None,
            releases: None,
            latest_merged_pull_request: None,
            community: None,
            unknown: BTreeMap::new(),
            requests: RequestStats::default(),
        }
    }

    /// Records why a figure is unknown.
    pub(crate) fn mark_unknown(&mut self, key: &str, reason: &str) {
        self.unknown.insert(key.to_string(), reason.to_string());
    }

    /// True when the figure was measured (it may still be legitimately null, e.g. no description).
    pub fn is_known(&self, key: &str) -> bool {
        !self.unknown.contains_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_table_matches_the_json_keys() {
        let t = Timestamp::from_second(0).unwrap();
        let facts = GithubFacts::empty("o/r".into(), "x".into(), t, t, true);
        let json = serde_json::to_value(&facts).unwrap();
        let meta = [
            "schema_version",
            "repository",
            "api",
            "as_of",
            "fetched_at",
            "authenticated",
            "unknown",
            "requests",
        ];
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| !meta.contains(k))
            .collect();
        let table: Vec<&str> = FIGURES.iter().map(|f| f.key).collect();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        let mut sorted_table = table.clone();
        sorted_table.sort_unstable();
        assert_eq!(
            sorted_keys, sorted_table,
            "every JSON figure is in FIGURES and vice versa"
        );
        for key in REPOSITORY_KEYS {
            assert!(table.contains(key), "{key}");
        }
    }

    #[test]
    fn token_figures() {
        let keys: Vec<&str> = GithubFacts::figures_needing_token()
            .iter()
            .map(|f| f.key)
            .collect();
        assert_eq!(
            keys,
            [
                "merged_pull_requests",
                "first_response",
                "latest_merged_pull_request"
            ]
        );
    }
}
