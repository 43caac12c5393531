//! API and feature versions as catalogs write them, parsed, ordered and
//! classified by stability.
//!
//! A catalog's "API version" cell holds one of several vocabularies:
//!
//! * a Kubernetes API version: `v1`, `v2beta3`, `v1alpha1`
//!   (<https://kubernetes.io/docs/reference/using-api/#api-versioning>);
//! * a semantic version, with or without a `v`: `0.6.0`, `v1.2.3`, `1.2`
//!   (<https://semver.org/spec/v2.0.0.html>; `0.y.z` is initial development);
//! * a bare stage label: `alpha`, `beta`, `stable`, `GA`, `deprecated`;
//! * `N/A` (no API), or a placeholder someone meant to fill in (`??`, `TODO`).
//!
//! [`Version`]'s order is total and reads "less mature / lower priority" to
//! "more mature / higher priority". On Kubernetes-style strings and on strings
//! that parse as nothing it is exactly Kubernetes' CRD version priority
//! (<https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definition-versioning/#version-priority>):
//! GA above beta above alpha, then the higher major, then the higher suffix
//! number; unparsed strings below all of them, in reverse alphabetical order
//! (so that sorting in descending order lists them alphabetically, as
//! Kubernetes does). Where Kubernetes treats semantic versions and stage labels
//! as unparsed text, Radar ranks them by stability instead: a `1.4.0` is as
//! stable as a `v1`, a `0.6.0` sits between alpha and beta.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How much an API promises not to change, least stable first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stability {
    /// May change or vanish without notice (Kubernetes alpha, semver `-alpha`/`-dev`).
    Alpha,
    /// Semantic version `0.y.z`: "anything MAY change at any time" (SemVer item 4).
    Unstable,
    /// Well tested, will not be dropped, details may change (Kubernetes beta, semver `-beta`/`-rc`).
    Beta,
    /// Kept compatible within the major version (Kubernetes GA, semver `>= 1.0.0`).
    Stable,
}

impl Stability {
    pub fn as_str(self) -> &'static str {
        match self {
            Stability::Alpha => "alpha",
            Stability::Unstable => "unstable",
            Stability::Beta => "beta",
            Stability::Stable => "stable",
        }
    }
}

impl fmt::Display for Stability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stage part of a Kubernetes API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KubeStage {
    Alpha(u64),
    Beta(u64),
    Ga,
}

/// One parsed API or feature version. Two spellings of the same version
/// (`v1.2.3` and `1.2.3`, `GA` and `stable`) are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Version {
    /// A placeholder meant to be filled in: `??`, `TODO`, `TBD`, empty.
    Placeholder,
    /// No API to version: `N/A`, `none`, `-`.
    NotApplicable,
    /// A feature or API announced as deprecated or removed.
    Deprecated,
    /// Anything else, kept as written.
    Other(String),
    /// A bare stage label: `alpha`, `beta`, `stable`, `GA`.
    Label(Stability),
    /// A Kubernetes API version: `v1`, `v2beta3`, `v1alpha1`.
    Kube { major: u64, stage: KubeStage },
    /// A semantic version (`v` prefix allowed, `1.2` read as `1.2.0`).
    Semver(semver::Version),
}

/// True when `text` is a placeholder someone meant to fill in (`??`, `TODO`,
/// `TBD`, or nothing at all); the catalog's own test, so both agree.
pub fn is_placeholder(text: &str) -> bool {
    text.trim().is_empty() || radar_catalog::level::is_placeholder(text)
}

impl Version {
    /// Parses a version cell. Never fails: what is not recognised is [`Version::Other`].
    pub fn parse(text: &str) -> Version {
        let t = text.trim();
        if is_placeholder(t) {
            return Version::Placeholder;
        }
        if radar_catalog::level::is_not_applicable(t) {
            return Version::NotApplicable;
        }
        let lower = t.to_ascii_lowercase();
        match lower.as_str() {
            "deprecated" | "removed" => return Version::Deprecated,
            "alpha" | "experimental" => return Version::Label(Stability::Alpha),
            "beta" | "preview" => return Version::Label(Stability::Beta),
            "stable" | "ga" | "general availability" => return Version::Label(Stability::Stable),
            _ => {}
        }
        if let Some(v) = parse_kube(&lower) {
            return v;
        }
        if let Some(v) = parse_semver(t) {
            return Version::Semver(v);
        }
        Version::Other(t.to_owned())
    }

    /// The stability this version promises, when it is a version at all.
    pub fn stability(&self) -> Option<Stability> {
        match self {
            Version::Label(s) => Some(*s),
            Version::Kube { stage, .. } => Some(match stage {
                KubeStage::Alpha(_) => Stability::Alpha,
                KubeStage::Beta(_) => Stability::Beta,
                KubeStage::Ga => Stability::Stable,
            }),
            Version::Semver(v) => Some(semver_stability(v)),
            Version::Placeholder
            | Version::NotApplicable
            | Version::Deprecated
            | Version::Other(_) => None,
        }
    }

    /// A short name for the vocabulary the version was written in.
    pub fn kind(&self) -> &'static str {
        match self {
            Version::Placeholder => "placeholder",
            Version::NotApplicable => "not-applicable",
            Version::Deprecated => "deprecated",
            Version::Other(_) => "other",
            Version::Label(_) => "label",
            Version::Kube { .. } => "kubernetes",
            Version::Semver(_) => "semver",
        }
    }

    /// Coarse class first (placeholder < N/A < deprecated < unparsed < versions),
    /// then stability, then the vocabulary; the rest is compared in `cmp`.
    fn rank(&self) -> (u8, u8, u8) {
        match self {
            Version::Placeholder => (0, 0, 0),
            Version::NotApplicable => (1, 0, 0),
            Version::Deprecated => (2, 0, 0),
            Version::Other(_) => (3, 0, 0),
            Version::Label(s) => (4, *s as u8, 0),
            Version::Kube { .. } => (4, self.stability().map_or(0, |s| s as u8), 1),
            Version::Semver(v) => (4, semver_stability(v) as u8, 2),
        }
    }
}

fn semver_stability(v: &semver::Version) -> Stability {
    if !v.pre.is_empty() {
        let pre = v.pre.as_str().to_ascii_lowercase();
        if pre.starts_with("beta") || pre.starts_with("rc") || pre.starts_with("preview") {
            return Stability::Beta;
        }
        return Stability::Alpha;
    }
    if v.major == 0 {
        Stability::Unstable
    } else {
        Stability::Stable
    }
}

/// `v<major>[(alpha|beta)<n>]`, as Kubernetes' own matcher reads it.
fn parse_kube(lower: &str) -> Option<Version> {
    let rest = lower.strip_prefix('v')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let major: u64 = rest[..digits].parse().ok()?;
    let tail = &rest[digits..];
    let stage = if tail.is_empty() {
        KubeStage::Ga
    } else if let Some(n) = tail.strip_prefix("alpha") {
        KubeStage::Alpha(all_digits(n)?)
    } else if let Some(n) = tail.strip_prefix("beta") {
        KubeStage::Beta(all_digits(n)?)
    } else {
        return None;
    };
    Some(Version::Kube { major, stage })
}

fn all_digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Semantic version with an optional `v`; `X.Y` is padded to `X.Y.0`.
/// A bare `X` is not accepted: it is too likely to be something else.
pub fn parse_semver(text: &str) -> Option<semver::Version> {
    let t = text.strip_prefix(['v', 'V']).unwrap_or(text);
    if let Ok(v) = semver::Version::parse(t) {
        return Some(v);
    }
    // `1.2` or `1.2-beta.1`: insert the missing patch number.
    let (core, suffix) = match t.find(['-', '+']) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    if core.split('.').count() == 2
        && core
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return semver::Version::parse(&format!("{core}.0{suffix}")).ok();
    }
    None
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank()
            .cmp(&other.rank())
            .then_with(|| match (self, other) {
                (
                    Version::Kube {
                        major: a,
                        stage: sa,
                    },
                    Version::Kube {
                        major: b,
                        stage: sb,
                    },
                ) => a.cmp(b).then_with(|| suffix(sa).cmp(&suffix(sb))),
                (Version::Semver(a), Version::Semver(b)) => a.cmp(b),
                // Kubernetes lists unparsed strings alphabetically after the rest,
                // i.e. "foo1" has a higher priority than "foo10".
                (Version::Other(a), Version::Other(b)) => b.cmp(a),
                _ => Ordering::Equal,
            })
    }
}

fn suffix(stage: &KubeStage) -> u64 {
    match stage {
        KubeStage::Alpha(n) | KubeStage::Beta(n) => *n,
        KubeStage::Ga => 0,
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Placeholder => f.write_str("??"),
            Version::NotApplicable => f.write_str("N/A"),
            Version::Deprecated => f.write_str("deprecated"),
            Version::Other(s) => f.write_str(s),
            Version::Label(s) => f.write_str(s.as_str()),
            Version::Kube { major, stage } => match stage {
                KubeStage::Ga => write!(f, "v{major}"),
                KubeStage::Alpha(n) => write!(f, "v{major}alpha{n}"),
                KubeStage::Beta(n) => write!(f, "v{major}beta{n}"),
            },
            Version::Semver(v) => write!(f, "{v}"),
        }
    }
}

/// A project's API stability, read from its catalog entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiStatus {
    Alpha,
    Unstable,
    Beta,
    Stable,
    /// Every entry says the API is deprecated or removed.
    Deprecated,
    /// The catalog says there is no API to version (`N/A`).
    NotApplicable,
    /// The catalog lists no version, only placeholders, or text Radar cannot read.
    Unknown,
}

impl ApiStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiStatus::Alpha => "alpha",
            ApiStatus::Unstable => "unstable",
            ApiStatus::Beta => "beta",
            ApiStatus::Stable => "stable",
            ApiStatus::Deprecated => "deprecated",
            ApiStatus::NotApplicable => "not-applicable",
            ApiStatus::Unknown => "unknown",
        }
    }
}

impl From<Stability> for ApiStatus {
    fn from(s: Stability) -> Self {
        match s {
            Stability::Alpha => ApiStatus::Alpha,
            Stability::Unstable => ApiStatus::Unstable,
            Stability::Beta => ApiStatus::Beta,
            Stability::Stable => ApiStatus::Stable,
        }
    }
}

/// One catalog entry, classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// As the catalog writes it.
    pub version: String,
    /// The vocabulary it parsed as (`kubernetes`, `semver`, `label`, `not-applicable`, …).
    pub kind: String,
    pub status: ApiStatus,
}

/// The API stability of a whole catalog row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiStability {
    /// The weakest promise among the entries that are versions: a row is only
    /// as stable as its least stable API. Without versions: deprecated, then
    /// unknown, then not-applicable, in that order of precedence.
    pub overall: ApiStatus,
    pub entries: Vec<ApiEntry>,
}

/// Classifies a catalog row's API entries.
pub fn classify(apis: &[radar_catalog::ApiVersion]) -> ApiStability {
    let entries: Vec<ApiEntry> = apis
        .iter()
        .map(|api| {
            let v = Version::parse(&api.version);
            let status = match &v {
                Version::NotApplicable => ApiStatus::NotApplicable,
                Version::Deprecated => ApiStatus::Deprecated,
                Version::Placeholder | Version::Other(_) => ApiStatus::Unknown,
                _ => v.stability().map_or(ApiStatus::Unknown, ApiStatus::from),
            };
            ApiEntry {
                name: api.name.clone(),
                version: api.version.clone(),
                kind: v.kind().to_owned(),
                status,
            }
        })
        .collect();
    let weakest = entries
        .iter()
        .filter_map(|e| match e.status {
            ApiStatus::Alpha => Some(Stability::Alpha),
            ApiStatus::Unstable => Some(Stability::Unstable),
            ApiStatus::Beta => Some(Stability::Beta),
            ApiStatus::Stable => Some(Stability::Stable),
            _ => None,
        })
        .min();
    let has = |s: ApiStatus| entries.iter().any(|e| e.status == s);
    let overall = if let Some(s) = weakest {
        s.into()
    } else if has(ApiStatus::Deprecated) {
        ApiStatus::Deprecated
    } else if entries.is_empty() || has(ApiStatus::Unknown) {
        ApiStatus::Unknown
    } else {
        ApiStatus::NotApplicable
    };
    ApiStability { overall, entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s)
    }

    #[test]
    fn kubernetes_order_from_the_issue() {
        assert!(v("v1") > v("v1beta2"));
        assert!(v("v1beta2") > v("v1beta1"));
        assert!(v("v1beta1") > v("v1alpha1"));
        assert!(v("v1alpha2") > v("v1alpha1"));
        // Stable outranks any beta, whatever the major.
        assert!(v("v1") > v("v11beta2"));
        assert!(v("v2") > v("v1"));
    }

    #[test]
    fn vocabularies() {
        assert_eq!(
            v("v1alpha2"),
            Version::Kube {
                major: 1,
                stage: KubeStage::Alpha(2)
            }
        );
        assert_eq!(v("0.6.0").stability(), Some(Stability::Unstable));
        assert_eq!(v("v0.4.0").stability(), Some(Stability::Unstable));
        assert_eq!(v("1.2").stability(), Some(Stability::Stable));
        assert_eq!(v("1.0.0-rc.1").stability(), Some(Stability::Beta));
        assert_eq!(v("2.0.0-alpha.3").stability(), Some(Stability::Alpha));
        assert_eq!(v("GA"), v("stable"));
        assert_eq!(v("v1.2.3"), v("1.2.3"));
        assert_eq!(v("N/A"), Version::NotApplicable);
        assert_eq!(v(" ?? "), Version::Placeholder);
        assert_eq!(v("valpha1"), Version::Other("valpha1".into()));
        assert_eq!(v("v1alpha"), Version::Other("v1alpha".into()));
        assert_eq!(v("v1gamma1"), Version::Other("v1gamma1".into()));
        assert_eq!(v("1"), Version::Other("1".into()));
    }

    #[test]
    fn semver_precedence_inside_a_tier() {
        assert!(v("1.10.0") > v("1.9.0"));
        assert!(v("1.0.0") > v("1.0.0-rc.1"));
        assert!(v("0.9.0") > v("0.1.0"));
        // 0.y.z promises less than any beta, more than any alpha.
        assert!(v("v1beta1") > v("0.9.0"));
        assert!(v("0.9.0") > v("v3alpha1"));
    }

    #[test]
    fn classification_takes_the_weakest_entry() {
        let row = |vs: &[&str]| {
            classify(
                &vs.iter()
                    .map(|s| radar_catalog::ApiVersion {
                        name: None,
                        version: (*s).into(),
                    })
                    .collect::<Vec<_>>(),
            )
            .overall
        };
        assert_eq!(row(&["v1", "v1alpha1"]), ApiStatus::Alpha);
        assert_eq!(row(&["v1"]), ApiStatus::Stable);
        assert_eq!(row(&["v0.6.0"]), ApiStatus::Unstable);
        assert_eq!(row(&["v1beta1", "N/A"]), ApiStatus::Beta);
        assert_eq!(row(&["N/A"]), ApiStatus::NotApplicable);
        assert_eq!(row(&["??"]), ApiStatus::Unknown);
        assert_eq!(row(&["N/A", "??"]), ApiStatus::Unknown);
        assert_eq!(row(&[]), ApiStatus::Unknown);
        assert_eq!(row(&["deprecated"]), ApiStatus::Deprecated);
        assert_eq!(row(&["alpha"]), ApiStatus::Alpha);
    }
}
