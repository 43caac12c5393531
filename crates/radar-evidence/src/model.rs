//! Evidence: what a repository says about a project at one commit.
//!
//! The JSON form of [`Evidence`] is a documented, stable schema
//! (`docs/evidence-schema.md`). The assessment crate reads it through JSON
//! paths such as `history.commits_365d` or `checks.maintainers.value`, so keys
//! are renamed or removed only with a [`SCHEMA_VERSION`] bump. Fields may be
//! added without a bump; readers must ignore keys they do not know.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Version of the JSON schema below; bump on any incompatible change.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub schema_version: u32,
    /// What was measured: the URL or path given, and where it was read.
    pub repository: Repository,
    /// The commit measured (full hex id): HEAD of the default branch, or the
    /// last commit on its first-parent line committed at or before `as_of`.
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
    /// OpenSSF Scorecard's checks that the repository itself shows, scored
    /// by Scorecard's rules (`security` module, docs/security.md); absent in
    /// evidence measured before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<crate::security::Security>,
    /// Problems that make the result partial (shallow clone, missing objects, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// For a project of several repositories (`union.rs`): the repositories
    /// whose evidence this document unites, the primary first, each with its
    /// key figures. Empty for the evidence of one repository.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
}

/// One repository of a project of several, as the union names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The repository's URL as the catalog names it.
    pub url: String,
    /// The folder measured, for a monorepo folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `code`, `docs`, `community`, `spec`, … as the catalog says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub primary: bool,
    /// The commit measured.
    pub head: String,
    pub commits: u64,
    pub contributors: u64,
    pub commits_365d: u64,
    pub last_commit: Option<jiff::Timestamp>,
    /// The newest product-line release tag, when the repository tags releases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_release: Option<String>,
    pub lifecycle: LifecycleStatus,
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
    /// The folder measured (a project in a monorepo): history is the
    /// commits that touch it, file checks read it before the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_filter: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Commits reachable from `head` (as `git rev-list --count`), merges included.
    pub commits: u64,
    /// Distinct author identities after .mailmap (as `git shortlog -sne`).
    pub contributors: u64,
    /// Oldest author date among the commits.
    pub first_commit: Option<jiff::Timestamp>,
    /// Newest author date among the commits.
    pub last_commit: Option<jiff::Timestamp>,
    /// Days from `first_commit` to `as_of`.
    pub age_days: u64,
    pub commits_90d: u64,
    pub commits_365d: u64,
    pub active_contributors_90d: u64,
    pub active_contributors_365d: u64,
    /// How many of `contributors` are automation accounts (Dependabot,
    /// Renovate, CI robots): counted as git counts them, but left out of the
    /// contributor absence factor and of the organisations.
    #[serde(default)]
    pub bots: u64,
    /// Monthly series (UTC, by author date), oldest first, gaps filled with zeros.
    pub monthly: Vec<Month>,
    /// Contributors whose first commit falls in that year, by year (`"2024"`).
    pub new_contributors_per_year: BTreeMap<String, u64>,
    /// True when the walk could not see all of history (shallow clone, missing
    /// or corrupt commit); the figures then cover only what was readable.
    #[serde(default)]
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub commits: u64,
    /// Distinct authors (after .mailmap) with a commit that month.
    pub authors: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organizations {
    /// CHAOSS elephant factor over the window (default 365 days), affiliated commits only.
    pub elephant_factor: u32,
    /// The same over all time.
    pub elephant_factor_all_time: u32,
    /// Length of the window used for `elephant_factor`, `*_365d` shares and
    /// `contributor_absence_factor` (365 unless configured).
    #[serde(default = "default_window")]
    pub window_days: u32,
    /// Number of distinct organisations (not counting independent / unknown) in the window.
    pub count_365d: u64,
    /// Organisations, largest first (all time); `independent` and `unknown` are their own buckets.
    pub list: Vec<Organization>,
    /// Share (0..1) of window commits by independent contributors (free-mail, noreply).
    pub independent_share_365d: f64,
    /// Share (0..1) of window commits whose email gives no organisation (no domain, `localhost`, …).
    #[serde(default)]
    pub unknown_share_365d: f64,
    /// Share (0..1) of window commits by automation accounts (the `bots` bucket).
    #[serde(default)]
    pub bots_share_365d: f64,
    /// Email domains counted as independent because they are one person's
    /// own (`samuelkarp.com` used only by Samuel Karp); see `orgs::is_personal_domain`.
    #[serde(default)]
    pub personal_domains: Vec<String>,
}

fn default_window() -> u32 {
    365
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrganizationKind {
    /// A company or other organisation (from the email domain or the affiliation file).
    Organization,
    /// Free-mail, GitHub noreply, or declared independent in the affiliation file.
    Independent,
    /// No usable email domain.
    Unknown,
    /// Automation accounts (Dependabot, Renovate, CI robots; see `bots`):
    /// their commits belong to no organisation and to no person.
    Bot,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// Employer from the affiliation file, else the registrable email domain
    /// (`redhat.com`); `independent` / `unknown` for the buckets.
    pub name: String,
    pub kind: OrganizationKind,
    pub commits: u64,
    /// Share (0..1) of all commits.
    pub share: f64,
    pub commits_365d: u64,
    /// Share (0..1) of the window's commits.
    pub share_365d: f64,
    /// Distinct authors with at least one commit attributed to this organisation.
    pub contributors: u64,
}

/// Version tags. "Product line" below means the tags without a path-like
/// prefix (`v1.2.3`, `docker-v29.0.0`; not the Go sub-module tags `api/v1.2.3`),
/// or every version tag when there is no such tag; see `releases.rs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Releases {
    /// Tags that parse as versions (every component, sub-modules included).
    pub count: u64,
    /// Version tags of the product line.
    #[serde(default)]
    pub product_count: u64,
    /// Most recent product-line release by date.
    pub latest: Option<Release>,
    /// Most recent stable (>= 1.0.0, no pre-release part) product-line release by date.
    pub latest_stable: Option<Release>,
    /// Highest product-line version by SemVer precedence.
    #[serde(default)]
    pub highest: Option<Release>,
    /// A stable product-line version >= 1.0.0 exists (any calendar version
    /// without a pre-release part counts).
    pub reached_1_0: bool,
    /// The versioning scheme the newest product-line tags follow (`None`
    /// without version tags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<VersionScheme>,
    /// Product-line releases dated inside the 365 days before `as_of`.
    pub count_365d: u64,
    /// Median days between consecutive product-line release days (needs two).
    pub median_days_between: Option<f64>,
    /// Tags that did not parse as versions.
    pub other_tags: u64,
    /// Version tags per component (`api` for `api/v1.2.3`, `docker` for
    /// `docker-v29.0.0`); tags without a prefix are under `""`.
    #[serde(default)]
    pub components: BTreeMap<String, u64>,
    /// The latest release (by date) of each sub-module component (path-like prefix).
    #[serde(default)]
    pub submodules: BTreeMap<String, Release>,
    /// Product-line releases dated after `recent_since`, newest first, at most
    /// 200 (the newest): a release timeline.
    #[serde(default)]
    pub recent: Vec<Release>,
    /// Start of the `recent` window: `as_of` minus three years (1095 days).
    #[serde(default = "timestamp_min")]
    pub recent_since: jiff::Timestamp,
    /// More product-line releases fall in the window than `recent` holds.
    #[serde(default)]
    pub recent_truncated: bool,
}

impl Releases {
    /// The release to show a reader as "the last release": the newest that
    /// is not a pre-release (`v3.23.1`, not Gatekeeper's `v3.24.0-beta.0`),
    /// and that newer pre-release when the newest tag is one.
    pub fn shown(&self) -> (Option<&Release>, Option<&Release>) {
        match &self.latest {
            Some(latest) if latest.prerelease => {
                // `recent` is newest first; older evidence has only the latest stable.
                let release = self
                    .recent
                    .iter()
                    .find(|x| !x.prerelease)
                    .or(self.latest_stable.as_ref())
                    .filter(|x| x.date <= latest.date);
                (release, Some(latest))
            }
            latest => (latest.as_ref(), None),
        }
    }
}

fn timestamp_min() -> jiff::Timestamp {
    jiff::Timestamp::MIN
}

/// Which versioning scheme a repository's newest releases follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionScheme {
    /// `semver` (`1.2.3`, `1.2`), `four-part` (`0.9.45.0`) or `calendar` (`2024.10.1`).
    pub name: String,
    /// Share (0..1) of the tags looked at that follow it.
    pub share: f64,
    /// How many of the newest product-line tags were looked at (at most 20).
    pub tags: u64,
    /// `share` is at least 0.8: the project numbers its releases one way.
    pub consistent: bool,
    /// The newest tag in that scheme.
    pub example: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    pub tag: String,
    /// Normalised SemVer (`1.2.0` for tag `v1.2`); a four-part version keeps
    /// its fourth number (`0.9.45.0`).
    pub version: String,
    /// Tagger date of an annotated tag, else the commit date of its target.
    pub date: jiff::Timestamp,
    /// Component prefix: `api` in `api/v1.2.3` (a sub-module), `docker` in `docker-v29.0.0`.
    pub component: Option<String>,
    pub prerelease: bool,
    /// >= 1.0.0 and not a pre-release.
    #[serde(default)]
    pub stable: bool,
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
    /// Further proof: every matching file, the parsed entries, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    /// Set when the check passed on a README reference (a section or a link)
    /// rather than on a file of the repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Reference>,
    /// Set when the check passed on a file of another repository than the
    /// one measured; `evidence` then names the path in that repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// Where a check that passed on another repository's file found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub kind: OriginKind,
    /// The repository the file was read from: `OWNER/.github` for an
    /// organisation default, else the other repository's URL.
    pub repository: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OriginKind {
    /// The owner's `.github` repository, whose community files (code of
    /// conduct, contributing, security policy, support, governance, funding,
    /// issue and PR templates) GitHub applies to every repository of the
    /// owner that has none of its own.
    OrganizationDefault,
    /// Another repository of the same project (a catalog entry with several).
    ProjectRepository,
}

/// A README reference that a documentary check passed on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// The link's target (a URL, or `#anchor` for a section of the README); none for a heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReferenceKind {
    /// A README heading naming the topic: the README itself holds the section.
    Heading,
    /// A README link whose text names the topic or whose target is a file named for it.
    Link,
}

impl Check {
    /// A failed check with nothing found.
    pub fn missing() -> Self {
        Check {
            passed: false,
            value: None,
            evidence: None,
            details: Vec::new(),
            reference: None,
            origin: None,
        }
    }

    /// A passed check proven by `evidence` (a path or `path:line`).
    pub fn found(evidence: impl Into<String>) -> Self {
        Check {
            passed: true,
            value: None,
            evidence: Some(evidence.into()),
            details: Vec::new(),
            reference: None,
            origin: None,
        }
    }

    pub fn with_value(mut self, value: impl Into<serde_json::Value>) -> Self {
        self.value = Some(value.into());
        self
    }

    pub fn with_reference(mut self, reference: Reference) -> Self {
        self.reference = Some(reference);
        self
    }

    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LifecycleStatus {
    Active,
    Inactive,
    Deprecated,
    Archived,
}

impl LifecycleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleStatus::Active => "active",
            LifecycleStatus::Inactive => "inactive",
            LifecycleStatus::Deprecated => "deprecated",
            LifecycleStatus::Archived => "archived",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lifecycle {
    pub status: LifecycleStatus,
    /// The announcing line (`README.md:3: This project is deprecated`) or the reason.
    pub evidence: Option<String>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An evidence document with nothing measured but `checks`.
    pub(crate) fn evidence_with(checks: BTreeMap<String, Check>) -> Evidence {
        Evidence {
            schema_version: SCHEMA_VERSION,
            repository: Repository {
                url: "https://github.com/acme/widget".into(),
                path: "/cache/acme/widget.git".into(),
                default_branch: Some("main".into()),
                partial: false,
                path_filter: None,
            },
            head: "0".repeat(40),
            as_of: jiff::Timestamp::UNIX_EPOCH,
            history: History {
                commits: 0,
                contributors: 0,
                first_commit: None,
                last_commit: None,
                age_days: 0,
                commits_90d: 0,
                commits_365d: 0,
                active_contributors_90d: 0,
                active_contributors_365d: 0,
                bots: 0,
                monthly: Vec::new(),
                new_contributors_per_year: BTreeMap::new(),
                partial: false,
            },
            organizations: Organizations {
                elephant_factor: 0,
                elephant_factor_all_time: 0,
                window_days: 365,
                count_365d: 0,
                list: Vec::new(),
                independent_share_365d: 0.0,
                unknown_share_365d: 0.0,
                bots_share_365d: 0.0,
                personal_domains: Vec::new(),
            },
            contributor_absence_factor: 0,
            releases: Releases {
                count: 0,
                product_count: 0,
                latest: None,
                latest_stable: None,
                highest: None,
                reached_1_0: false,
                scheme: None,
                count_365d: 0,
                median_days_between: None,
                other_tags: 0,
                components: BTreeMap::new(),
                submodules: BTreeMap::new(),
                recent: Vec::new(),
                recent_since: jiff::Timestamp::UNIX_EPOCH,
                recent_truncated: false,
            },
            checks,
            lifecycle: Lifecycle {
                status: LifecycleStatus::Active,
                evidence: None,
            },
            security: None,
            warnings: Vec::new(),
            members: Vec::new(),
        }
    }
}
