//! The catalog model: the hand-kept list of upstream projects, as data.
//!
//! DRAFT CONTRACT written before the crate: other crates (assess, store, web,
//! governance) rely on the names marked "stable" below. Fields may be added;
//! stable names must not be renamed without updating every user.

use serde::{Deserialize, Serialize};

/// A whole catalog file (stable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// The list's title (the heading of the README section).
    pub title: String,
    /// Markdown between the title and the support text, kept verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    /// The support text (the seed's "Support" section), Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub support: String,
    /// Markdown after the table (the seed's "Maturity" section), kept verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Name of the platform in the "Use on …" column (the seed: `Azure`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// A file of maturity models that replaces the built-in ones (relative to the catalog).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub models: Option<String>,
    /// A file of governance records (proposals, reviews, votes), relative to the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governance: Option<String>,
    /// Project areas in the order they are shown (stable).
    #[serde(default)]
    pub areas: Vec<Area>,
}

/// A group of projects (a "Project Area" row of the seed). Stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub name: String,
    #[serde(default)]
    pub projects: Vec<Project>,
}

/// One project row. Stable: `id()`, `name`, `repo`, `state`, `apis`, `platform_use`, `attestations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Display name (required).
    pub name: String,
    /// Stable identifier used in URLs, the store and badges; derived from the name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The project's main link (the name's link in the table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Git repository to measure (https://, file:// or a path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// Artifact links: releases, tests, builds, blogs…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub artifacts: Vec<Link>,
    /// What the project is for (inline Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// Governing body and level, as the catalog claims it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<State>,
    /// API or feature versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apis: Vec<ApiVersion>,
    /// Communication channels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// Products of the platform that use the project (the seed's "Use on Azure").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platform_use: Vec<Link>,
    /// Maturity model to judge this project by, overriding the one implied by its body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Manual criteria attested by people (issue 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attestations: Vec<Attestation>,
}

/// A labelled link; `url` is absent for bare text such as "many more".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Project state: governing body + normalised level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// CNCF, Azure, Kubernetes, Moby, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    pub level: Level,
    /// Original text when it is not the level's canonical spelling (`N/A`, `??`), so nothing is lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Normalised maturity / lifecycle level (stable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Proposed,
    Sandbox,
    Incubating,
    Graduated,
    Alpha,
    Beta,
    Stable,
    Deprecated,
    WindingDown,
    Archived,
    #[default]
    Unknown,
}

/// One API or feature version, optionally named (`Config: v1alpha1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ApiVersion {
    /// `API`, `Feature`, or a named API such as `ConstraintTemplate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `v1beta1`, `0.6.0`, `alpha`, `N/A`, …
    pub version: String,
}

/// A communication channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub kind: ChannelKind,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelKind {
    Slack,
    MailingList,
    Forum,
    Issues,
    ProjectBoard,
    Discussions,
    #[default]
    Other,
}

/// A manual criterion attested by a person (issue 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
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
