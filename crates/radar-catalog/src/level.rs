//! Maturity and lifecycle levels: the normalised [`Level`], the spellings real
//! lists use for each, and which levels each known governing body defines.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::State;

/// Normalised maturity / lifecycle level.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Proposed, not yet accepted.
    Proposed,
    /// Early stage (CNCF / Azure guidelines sandbox).
    Sandbox,
    /// Incubating (also written `incubation`).
    Incubating,
    /// Graduated (also written `graduation`).
    Graduated,
    /// Alpha (Kubernetes API / feature stage).
    Alpha,
    /// Beta (Kubernetes API / feature stage).
    Beta,
    /// Stable / GA.
    Stable,
    /// Deprecated.
    Deprecated,
    /// Winding down.
    WindingDown,
    /// Archived.
    Archived,
    /// Not stated, not applicable (`N/A`), a placeholder (`??`) or not recognised.
    #[default]
    Unknown,
}

impl Level {
    /// Every level, in declaration order.
    pub const ALL: [Level; 11] = [
        Level::Proposed,
        Level::Sandbox,
        Level::Incubating,
        Level::Graduated,
        Level::Alpha,
        Level::Beta,
        Level::Stable,
        Level::Deprecated,
        Level::WindingDown,
        Level::Archived,
        Level::Unknown,
    ];

    /// The canonical spelling (as in YAML).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Proposed => "proposed",
            Level::Sandbox => "sandbox",
            Level::Incubating => "incubating",
            Level::Graduated => "graduated",
            Level::Alpha => "alpha",
            Level::Beta => "beta",
            Level::Stable => "stable",
            Level::Deprecated => "deprecated",
            Level::WindingDown => "winding-down",
            Level::Archived => "archived",
            Level::Unknown => "unknown",
        }
    }

    /// Understands the spellings lists use (case-insensitive): `incubation` ≡
    /// `incubating`, `GA` ≡ `stable`, `graduation` ≡ `graduated`, `winding-down`…
    /// Returns `None` for text that names no level (`N/A`, `??`, typos).
    pub fn parse(text: &str) -> Option<Level> {
        let norm: String = text
            .trim()
            .trim_end_matches(['.', '!'])
            .chars()
            .map(|c| {
                if c == '-' || c == '_' {
                    ' '
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
        Some(match norm.as_str() {
            "proposed" | "proposal" => Level::Proposed,
            "sandbox" => Level::Sandbox,
            "incubating" | "incubation" | "incubator" => Level::Incubating,
            "graduated" | "graduation" | "graduate" => Level::Graduated,
            "alpha" => Level::Alpha,
            "beta" => Level::Beta,
            "stable" | "ga" | "general availability" | "generally available" => Level::Stable,
            "deprecated" => Level::Deprecated,
            "winding down" | "windingdown" => Level::WindingDown,
            "archived" | "archive" => Level::Archived,
            "unknown" => Level::Unknown,
            _ => return None,
        })
    }
}

/// `N/A` and its spellings: the level does not apply (no warning).
pub fn is_not_applicable(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "n/a" | "na" | "none" | "-" | "—"
    )
}

/// Placeholders that a hand-kept list leaves for later: `??`, `TODO`, `TBD`.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    (!t.is_empty() && t.chars().all(|c| c == '?'))
        || t.to_ascii_uppercase().starts_with("TODO")
        || t.eq_ignore_ascii_case("tbd")
}

/// Governing bodies whose level vocabulary Radar knows, with their levels.
/// The names are compared case-insensitively.
pub fn body_levels(body: &str) -> Option<&'static [Level]> {
    const CNCF: &[Level] = &[
        Level::Sandbox,
        Level::Incubating,
        Level::Graduated,
        Level::Archived,
    ];
    // The Azure upstream graduation guidelines: sandbox → incubation → graduation, or archived.
    const AZURE: &[Level] = &[
        Level::Sandbox,
        Level::Incubating,
        Level::Graduated,
        Level::Archived,
    ];
    const KUBERNETES: &[Level] = &[Level::Alpha, Level::Beta, Level::Stable, Level::Deprecated];
    const PROJECT: &[Level] = &[
        Level::Alpha,
        Level::Beta,
        Level::Stable,
        Level::Deprecated,
        Level::WindingDown,
        Level::Archived,
    ];
    Some(match body.trim().to_ascii_lowercase().as_str() {
        "cncf" | "lf" | "linux foundation" => CNCF,
        "azure" | "microsoft" | "deislabs" | "azcnu" => AZURE,
        "kubernetes" | "k8s" => KUBERNETES,
        "moby" | "oci" | "opencontainers" => PROJECT,
        _ => return None,
    })
}

/// Parses the first line of a "Project State" cell: `CNCF: sandbox`,
/// `CNCF Sandbox`, `cncf sandbox`, `Azure: incubation`, `Kubernetes:`, `sandbox`;
/// any other text is a state whose level is that text (kept, not lost).
/// Returns `None` when the line reads as an API line (`API: v1`, `v1beta1`,
/// `Config: v1alpha1; ConstraintTemplate: v1beta1`).
pub fn parse_state_line(line: &str) -> Option<State> {
    let line = line.trim();
    if line.is_empty() || line.contains(';') || crate::apiver::looks_like_version(line) {
        return None;
    }
    if let Some((body, level)) = line.split_once(':') {
        let (body, level) = (body.trim(), level.trim());
        if body.is_empty() || is_api_label(body) || crate::apiver::looks_like_version(level) {
            return None;
        }
        return Some(State::new(Some(body.to_string()), Some(level)));
    }
    if Level::parse(line).is_some() || is_placeholder(line) {
        return Some(State::new(None, Some(line)));
    }
    // "CNCF Sandbox", "Foo winding down": a body followed by a known level.
    let words: Vec<&str> = line.split_whitespace().collect();
    for tail in [2, 1] {
        if words.len() > tail {
            let level = words[words.len() - tail..].join(" ");
            if Level::parse(&level).is_some() {
                return Some(State::new(
                    Some(words[..words.len() - tail].join(" ")),
                    Some(&level),
                ));
            }
        }
    }
    Some(State::new(None, Some(line)))
}

/// Labels that introduce an API or feature version rather than a governing body.
pub fn is_api_label(label: &str) -> bool {
    matches!(
        label.trim().to_ascii_lowercase().as_str(),
        "api" | "apis" | "feature" | "features" | "version" | "api version"
    )
}

/// Closest candidate within a small edit distance, for "did you mean". A
/// compound word whose last part is a candidate (`slak_url` → `url`) counts too.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.trim().to_ascii_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let tail = word.rsplit(['_', '-', ' ']).next().unwrap_or(&word);
    if tail != word
        && let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(tail))
    {
        return Some(c);
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&word, &c.to_ascii_lowercase());
        let limit = (c.chars().count() / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions),
/// so `gradutaed` is two edits from `graduated`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_normalise() {
        assert_eq!(Level::parse("incubation"), Some(Level::Incubating));
        assert_eq!(Level::parse("GA"), Some(Level::Stable));
        assert_eq!(Level::parse("Graduation"), Some(Level::Graduated));
        assert_eq!(Level::parse("winding-down"), Some(Level::WindingDown));
        assert_eq!(Level::parse("N/A"), None);
        assert_eq!(Level::parse("gradutaed"), None);
    }

    #[test]
    fn state_lines() {
        for (line, body, level) in [
            ("CNCF: sandbox", Some("CNCF"), Level::Sandbox),
            ("CNCF Sandbox", Some("CNCF"), Level::Sandbox),
            ("cncf sandbox", Some("cncf"), Level::Sandbox),
            ("Azure: incubation", Some("Azure"), Level::Incubating),
            ("Kubernetes:", Some("Kubernetes"), Level::Unknown),
            ("graduated", None, Level::Graduated),
            ("Moby: ??", Some("Moby"), Level::Unknown),
        ] {
            let s = parse_state_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((s.body.as_deref(), s.level), (body, level), "{line}");
        }
        assert_eq!(parse_state_line("API: v1"), None);
        assert_eq!(parse_state_line("Config: v1alpha1"), None);
        assert_eq!(
            parse_state_line("IPv6: beta").map(|s| s.level),
            Some(Level::Beta)
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("gradutaed", "graduated"), 1);
        assert_eq!(edit_distance("gradueted", "graduated"), 1);
        let names = Level::ALL.map(Level::as_str);
        assert_eq!(did_you_mean("gradutaed", names), Some("graduated"));
        assert_eq!(did_you_mean("incubatin", names), Some("incubating"));
        assert_eq!(did_you_mean("zzz", names), None);
        assert_eq!(
            did_you_mean("slak_url", ["kind", "label", "url"]),
            Some("url")
        );
        assert!(is_placeholder("??") && is_placeholder("TODO: ask") && !is_placeholder("N/A"));
    }
}
