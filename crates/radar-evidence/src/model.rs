//! Evidence: what a repository says about a project at one commit.
//!
//! DRAFT CONTRACT written before the crate. The JSON form of [`Evidence`] is a
//! documented, stable schema (docs/evidence-schema.md); the assessment crate
//! reads it through JSON paths such as `history.commits_365d` or
//! `checks.maintainers.count`, so keys are renamed only with a schema_version
//! bump. Fields may be added.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Version of the JSON schema below; bump on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub schema_version: u32,
    /// What was measured: the URL or path given, and where it was read.
    pub repository: Repository,
    /// The commit measured (full hex id): HEAD of the default branch, or the last commit before `as_of`.
    pub head: String,
    /// The date every figure is computed for (RFC 3339).
    pub as_of: jiff::Timestamp,
    pub history: History,
    pub organizations: Organizations,
    /// CHAOSS contributor absence factor over authors in the window (default 365 days).
    pub contributor_absence_factor: u32,
    pub releases: Releases,
    /// File checks by check id (`code_of_conduct`, `maintainers`, `license`, …).
    pub checks: BTreeMap<String, Check>,
    pub lifecycle: Lifecycle,
    /// Problems that make the result partial (shallow clone, missing objects, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repository {
    /// As given by the user or the catalog.
    pub url: String,
    /// The git directory that was read (cache path or local path).
    pub path: String,
    /// Name of the default branch, when known.
    pub default_branch: Option<String>,
    /// True when history is incomplete (shallow clone, missing objects).
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Commits reachable from HEAD (as `git rev-list --count HEAD`), merges included.
    pub commits: u64,
    /// Distinct author identities after .mailmap (as `git shortlog -sne HEAD`).
    pub contributors: u64,
    pub first_commit: Option<jiff::Timestamp>,
    pub last_commit: Option<jiff::Timestamp>,
    pub age_days: u64,
    pub commits_90d: u64,
    pub commits_365d: u64,
    pub active_contributors_90d: u64,
    pub active_contributors_365d: u64,
    /// Monthly series, oldest first: `YYYY-MM`, commits, distinct authors.
    pub monthly: Vec<Month>,
    /// New contributors (first commit in that year) by year.
    pub new_contributors_per_year: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Month {
    pub month: String,
    pub commits: u64,
    pub authors: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organizations {
    /// CHAOSS elephant factor over the window (default 365 days), affiliated commits only.
    pub elephant_factor: u32,
    /// The same over all time.
    pub elephant_factor_all_time: u32,
    /// Number of distinct organisations in the window.
    pub count_365d: u64,
    /// Organisations, largest first (all time); `independent` is its own bucket.
    pub list: Vec<Organization>,
    /// Share of window commits that could not be attributed to an organisation.
    pub independent_share_365d: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub name: String,
    pub commits: u64,
    pub share: f64,
    pub commits_365d: u64,
    pub share_365d: f64,
    pub contributors: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Releases {
    pub count: u64,
    pub latest: Option<Release>,
    pub latest_stable: Option<Release>,
    pub reached_1_0: bool,
    pub count_365d: u64,
    pub median_days_between: Option<f64>,
    /// Tags that did not parse as versions.
    pub other_tags: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    pub tag: String,
    pub version: String,
    pub date: jiff::Timestamp,
    /// Sub-module prefix such as `api` in `api/v1.2.3`.
    pub component: Option<String>,
    pub prerelease: bool,
}

/// The result of one file check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub passed: bool,
    /// A parsed value where it makes sense: a count, an SPDX id, a share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// Path (and line, `path:line`) or text that proves the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LifecycleStatus {
    Active,
    Inactive,
    Deprecated,
    Archived,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lifecycle {
    pub status: LifecycleStatus,
    /// The announcing line (`README.md:3: This project is deprecated`) or the reason.
    pub evidence: Option<String>,
}
