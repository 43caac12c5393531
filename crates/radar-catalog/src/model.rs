//! The catalog model: the hand-kept list of upstream projects, as data.
//!
//! Other crates (assess, store, web, governance) rely on these stable names:
//! `Catalog::projects()` (every project once, with the area that defines it),
//! `Catalog::listings()` (every area's projects, references resolved),
//! `Catalog::project(id)`, `Catalog::areas_of(id)`, `Project::id()`, `name`,
//! `repo` (the primary repository), `Project::repositories()` (the primary
//! first, then `additional_repos`, each with its `path` and role),
//! `state.body`, `state.level`, `apis[].name/.version`, `platform_use`,
//! `attestations`, `Catalog.models`, `Catalog.governance`, `Catalog.platform`.
//! `Catalog.areas[].projects[]` holds [`Listing`]s: a project defined in that
//! area, or a reference to one defined in another. Fields may be added; those
//! names must not be renamed without updating every user.
//!
//! Every field carries a doc comment: `radar schema` publishes them as the JSON
//! Schema descriptions editors show.

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::classify;
pub use crate::level::Level;
pub use crate::listing::{Listing, ProjectRef};
pub use crate::repos::{RepoRef, RepoRole, Repository};

/// A whole catalog file: a titled list of upstream projects grouped in areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// The list's title (the heading of the README section).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Markdown between the title and the support text, kept verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    /// The support text (the body of the seed's "Support" section), Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub support: String,
    /// The heading right above the table (the seed: `Project list`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_heading: Option<String>,
    /// Markdown after the table (the seed's "Maturity" section), kept verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Name of the platform in the "Use on …" column (the seed: `Azure`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Header of the platform column when it is not `Use on <platform>` (e.g. `Used in`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_column: Option<String>,
    /// Headers of table columns beyond the six known ones, kept so nothing is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_columns: Vec<String>,
    /// How `radar render` lays the list out in Markdown: `one-table` (the
    /// default: one table with an area column) or `table-per-area` (a heading
    /// per area, each over its own table). `radar import` records the layout
    /// it read.
    #[serde(default, skip_serializing_if = "Layout::is_default")]
    pub layout: Layout,
    /// A file of maturity models that replaces the built-in ones (relative to the catalog).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub models: Option<String>,
    /// A file of governance records (proposals, reviews, votes), relative to the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governance: Option<String>,
    /// Project areas in the order they are shown.
    #[serde(default)]
    pub areas: Vec<Area>,
}

/// How the list is laid out in Markdown (see [`Catalog::layout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// One table; an area row (the area's name in the first column) before its projects.
    #[default]
    OneTable,
    /// One table per area, each under a heading that names the area.
    TablePerArea,
}

impl Layout {
    /// True for the default layout (not written in YAML).
    pub fn is_default(&self) -> bool {
        *self == Layout::OneTable
    }
}

/// A group of projects (a "Project Area" row of the seed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The area's name as shown in the table (required).
    pub name: String,
    /// The projects of the area, in table order: each a project defined here,
    /// or `ref: ID`, a project defined in another area that is also listed here.
    #[serde(default)]
    pub projects: Vec<Listing>,
}

/// One project row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Display name (required).
    pub name: String,
    /// Stable identifier used in URLs, the store and badges; a slug of the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The project's main link (the name's link in the table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Git repository to measure, the project's primary one (https://, file:// or a path); import derives it from GitHub links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// A folder of `repo` that is the project, when the repository is a
    /// monorepo (`staging/src/k8s.io/legacy-cloud-providers/azure`): relative
    /// to the repository's root, `/`-separated, no `..`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The project's other repositories (docs, community, more code…): each
    /// a URL, or `{repo, path, role}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_repos: Vec<Repository>,
    /// Artifact links: releases, tests, builds, blogs, docs…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub artifacts: Vec<Artifact>,
    /// What the project is for (inline Markdown; line breaks render as `<br>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// Governing body and level, as the catalog claims it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<StateRepr>")]
    pub state: Option<State>,
    /// API or feature versions, each optionally named (`Config: v1alpha1`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apis: Vec<ApiVersion>,
    /// Communication channels (Slack, mailing lists, issues…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// Products of the platform that use the project (the seed's "Use on Azure").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platform_use: Vec<Link>,
    /// Cells beyond the table's known columns, inline Markdown kept verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<String>,
    /// Maturity model to judge this project by, overriding the one implied by its body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Manual criteria attested by people.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attestations: Vec<Attestation>,
}

impl Project {
    /// The project's identifier: the explicit `id`, or else a slug of the name
    /// (`Cluster API Azure Provider` → `cluster-api-azure-provider`).
    /// `radar check` reports two projects with the same id as an error, so
    /// within a checked catalog it is unique.
    pub fn id(&self) -> Cow<'_, str> {
        match &self.id {
            Some(id) if !id.trim().is_empty() => Cow::Borrowed(id.trim()),
            _ => Cow::Owned(slug(&self.name)),
        }
    }
}

/// A slug: lower-case ASCII letters and digits joined by single dashes.
/// Non-ASCII letters are kept (lower-cased) so names in other scripts stay distinct.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A platform-use entry: a labelled link (`url` is absent for bare text such
/// as "many more"), and optionally the team's word on whether it gives
/// formal support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The text shown (plain text).
    pub label: String,
    /// Where it points; absent for bare text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whether this entry gives formal support, overriding Radar's rules
    /// (docs/advice.md, "Formal support"): `true` = support through this
    /// product, `false` = no support. Absent: Radar judges the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<bool>,
}

/// An artifact of the project: releases, test dashboards, builds, blog, docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Artifact {
    /// What kind of artifact; classified from the label and URL when absent.
    #[serde(default)]
    pub kind: ArtifactKind,
    /// The text shown (plain text).
    pub label: String,
    /// Where it points; absent for bare text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The kind of an artifact link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ArtifactKind {
    /// Release page or downloads.
    Releases,
    /// Test results (e.g. a testgrid dashboard).
    Tests,
    /// Build or CI status.
    Builds,
    /// Blog or announcements.
    Blog,
    /// Documentation.
    Docs,
    /// The source repository.
    Source,
    /// Anything else.
    #[default]
    Other,
}

/// Project state: governing body + normalised level.
///
/// In YAML it is `{body, level}` where `level` is free text: a recognised
/// spelling (`incubation`, `GA`, `Sandbox`) is normalised into [`State::level`],
/// and any spelling that is not the canonical one is kept in [`State::text`]
/// so that rendering shows exactly what was written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    /// CNCF, Azure, Kubernetes, Moby, …
    pub body: Option<String>,
    /// The normalised level; [`Level::Unknown`] for `N/A`, `??` or unrecognised text.
    pub level: Level,
    /// Original text when it is not the level's canonical spelling (`N/A`, `??`, `incubation`).
    pub text: Option<String>,
    /// When the project reached its milestones with the body.
    pub dates: StateDates,
}

/// When a project reached its milestones with its governing body, each
/// `YYYY-MM-DD` (the landscape's `accepted`, `incubating`, `graduated`,
/// `archived`; CLOMonitor's `accepted_at`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateDates {
    /// Accepted by the body (CNCF: into the sandbox; the same date as
    /// `incubating` means it entered straight at incubation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
    /// Moved to incubation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incubating: Option<String>,
    /// Graduated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graduated: Option<String>,
    /// Archived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<String>,
}

impl StateDates {
    /// True when no date is given.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The dates given, as (milestone, date), in the order of the fields.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("accepted", &self.accepted),
            ("incubating", &self.incubating),
            ("graduated", &self.graduated),
            ("archived", &self.archived),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    }
}

impl State {
    /// Builds a state from a body and the level as written, normalising it.
    pub fn new(body: Option<String>, written: Option<&str>) -> State {
        let body = body.map(|b| b.trim().to_string()).filter(|b| !b.is_empty());
        let Some(written) = written.map(str::trim).filter(|w| !w.is_empty()) else {
            return State {
                body,
                ..State::default()
            };
        };
        let level = Level::parse(written).unwrap_or(Level::Unknown);
        let canonical = level != Level::Unknown && written.eq_ignore_ascii_case(level.as_str());
        let text = (!canonical).then(|| written.to_string());
        State {
            body,
            level,
            text,
            dates: StateDates::default(),
        }
    }

    /// The level as it should be shown: the original text, else the canonical name,
    /// else nothing (a body with no level).
    pub fn shown_level(&self) -> Option<Cow<'_, str>> {
        match (&self.text, self.level) {
            (Some(text), _) => Some(Cow::Borrowed(text)),
            (None, Level::Unknown) => None,
            (None, level) => Some(Cow::Borrowed(level.as_str())),
        }
    }
}

/// The YAML form of [`State`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "State")]
pub struct StateRepr {
    /// Governing body: CNCF, Azure, Kubernetes, Moby, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Level as written: proposed, sandbox, incubating, graduated, alpha, beta, stable,
    /// deprecated, winding down, archived; synonyms (`incubation`, `GA`) are understood;
    /// `N/A` means not applicable; `??` is a placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// When the project reached its milestones with the body (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "StateDates::is_empty")]
    pub dates: StateDates,
}

impl Serialize for State {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        StateRepr {
            body: self.body.clone(),
            level: self.shown_level().map(Cow::into_owned),
            dates: self.dates.clone(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let repr = StateRepr::deserialize(d)?;
        let mut state = State::new(repr.body, repr.level.as_deref());
        state.dates = repr.dates;
        Ok(state)
    }
}

/// One API or feature version, optionally named (`Config: v1alpha1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiVersion {
    /// `API`, `Feature`, or a named API such as `ConstraintTemplate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `v1beta1` (Kubernetes convention), `0.6.0` (semver), `alpha`; `N/A` means none.
    pub version: String,
}

/// As the seed writes it: `Config: v1alpha1`, or the bare version.
impl std::fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(n) => write!(f, "{n}: {}", self.version),
            None => f.write_str(&self.version),
        }
    }
}

/// A communication channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// What kind of channel; classified from the label and URL when absent.
    #[serde(default)]
    pub kind: ChannelKind,
    /// The text shown (`#aks-engine-users`, `GitHub issues`, `same slack and email`).
    pub label: String,
    /// Where it points; absent for bare text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The kind of a communication channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelKind {
    /// A Slack channel.
    Slack,
    /// A mailing list (including Google Groups).
    MailingList,
    /// A web forum (Discourse and the like).
    Forum,
    /// The issue tracker.
    Issues,
    /// A project board.
    ProjectBoard,
    /// GitHub Discussions.
    Discussions,
    /// Anything else.
    #[default]
    Other,
}

/// A manual criterion attested by a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// Criterion id in the project's maturity model.
    pub criterion: String,
    /// What was attested (`true`, `"5 deployments"`, …) as text.
    pub value: String,
    /// Link to the evidence.
    pub evidence: String,
    /// Date of the attestation (YYYY-MM-DD).
    pub date: String,
}

impl Catalog {
    /// The header of the platform column.
    pub fn platform_header(&self) -> String {
        match (&self.platform_column, &self.platform) {
            (Some(h), _) => h.clone(),
            (None, Some(p)) => format!("Use on {p}"),
            (None, None) => "Use".to_string(),
        }
    }

    /// Fills what can be derived and was left out: artifact and channel kinds
    /// left at `other` are classified from their label and URL, and a missing
    /// `repo` is the one the project's GitHub links imply (with the `path` of
    /// a folder when the name's link points into one,
    /// `…/tree/BRANCH/FOLDER`). `load` calls it, so a hand-written catalog may
    /// omit them.
    pub fn fill_derived(&mut self) {
        for area in &mut self.areas {
            for p in area.projects.iter_mut().filter_map(Listing::project_mut) {
                for a in &mut p.artifacts {
                    if a.kind == ArtifactKind::Other {
                        a.kind = classify::artifact_kind(&a.label, a.url.as_deref());
                    }
                }
                for c in &mut p.channels {
                    if c.kind == ChannelKind::Other {
                        c.kind = classify::channel_kind(&c.label, c.url.as_deref());
                    }
                }
                if p.repo.is_none() {
                    let (repo, path) = classify::derive_location(p);
                    p.repo = repo;
                    if p.path.is_none() {
                        p.path = path;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_explicit_or_slug() {
        let mut p = Project {
            name: "Cluster API Azure Provider".into(),
            ..Default::default()
        };
        assert_eq!(p.id(), "cluster-api-azure-provider");
        p.name = "IPv4/v6 Dual Stack".into();
        assert_eq!(p.id(), "ipv4-v6-dual-stack");
        p.name = "In-tree (legacy)".into();
        assert_eq!(p.id(), "in-tree-legacy");
        p.id = Some("capz".into());
        assert_eq!(p.id(), "capz");
    }

    #[test]
    fn state_keeps_non_canonical_text() {
        let s = State::new(Some("Azure".into()), Some("incubation"));
        assert_eq!(
            (s.level, s.text.as_deref()),
            (Level::Incubating, Some("incubation"))
        );
        let s = State::new(Some("CNCF".into()), Some("graduated"));
        assert_eq!((s.level, s.text.as_deref()), (Level::Graduated, None));
        let s = State::new(Some("CNCF".into()), Some("N/A"));
        assert_eq!((s.level, s.text.as_deref()), (Level::Unknown, Some("N/A")));
        assert_eq!(s.shown_level().as_deref(), Some("N/A"));
        let s = State::new(Some("Kubernetes".into()), None);
        assert_eq!(s.shown_level(), None);
    }
}
