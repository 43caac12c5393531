//! The governance file as written by a TOC secretary: the roster, proposals and
//! the minutes of quarterly reviews.
//!
//! The file is read like the catalog ([`radar_catalog::yaml::load_located`]):
//! its structure (unknown keys at any depth, wrong kinds of value, missing
//! fields) is checked against the JSON Schema derived from these types, every
//! problem at once with the catalog's codes, and what cannot be read is left
//! out so that the rest is still tallied. Values that the rules interpret
//! (dates, levels, votes, quarters) are read as text with their place and
//! checked by the rules engine, so that those problems are reported at once
//! with their line and column too.

use std::fmt;

use radar_catalog::yaml::Located;
use schemars::JsonSchema;
use serde::Deserialize;

/// Text with the place it was read from.
pub type Text = Located<String>;

/// A whole governance file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GovernanceFile {
    /// Free text: what these records are (shown in the packet's heading).
    #[serde(default)]
    pub title: Option<String>,
    /// The governing body whose levels the TOC decides (the seed: `Azure`).
    /// Catalog rows naming this body are compared with the decided levels.
    #[serde(default)]
    pub body: Option<Text>,
    /// How the 2/3 supermajority is counted (default: of members seated).
    #[serde(default)]
    pub supermajority: Option<Located<SupermajorityConfig>>,
    /// The technical oversight committee, one entry per term.
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "Option<Vec<Member>>")]
    pub toc: Vec<Member>,
    /// Levels projects already held when these records begin.
    #[serde(default)]
    pub baseline: Option<Baseline>,
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "Option<Vec<Proposal>>")]
    pub proposals: Vec<Proposal>,
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "Option<Vec<Review>>")]
    pub reviews: Vec<Review>,
}

/// `supermajority:` — the base of the 2/3.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "supermajority setting")]
pub struct SupermajorityConfig {
    /// `seated` (2/3 of the members seated on the vote's date) or `cast`
    /// (2/3 of the yes + no votes, with a quorum).
    pub base: Text,
    /// With `base: cast`: members present (yes, no or abstain) needed, either a
    /// count (`4`) or a fraction of the members seated (`"1/2"`).
    #[serde(default)]
    pub quorum: Option<Text>,
}

/// One term of one TOC member. A member re-elected after a gap has two entries.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "TOC member")]
pub struct Member {
    /// The handle used in votes.
    pub id: Text,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub affiliation: Option<String>,
    /// First day of the term (seated on it).
    pub from: Text,
    /// First day after the term (not seated on it); absent while the term runs.
    #[serde(default)]
    pub until: Option<Text>,
}

/// `baseline:` — the levels held when record keeping began.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "baseline")]
pub struct Baseline {
    pub date: Text,
    /// Project id → level.
    pub levels: Located<Pairs>,
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// A proposal to admit a project.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "proposal")]
pub struct Proposal {
    pub project: Text,
    /// `internal` (originates in the group: enters at sandbox) or `external`.
    pub origin: Text,
    /// The level an external project asks for; internal projects enter at sandbox.
    #[serde(default)]
    pub level: Option<Text>,
    pub date: Text,
    #[serde(default)]
    pub sponsor: Option<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The minutes of one review meeting.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "review")]
pub struct Review {
    pub date: Text,
    /// The quarter under review (`2026Q4`); the date's quarter when absent. A
    /// meeting early in a quarter may review the previous one.
    #[serde(default)]
    pub quarter: Option<Text>,
    #[serde(default)]
    pub minutes: Option<String>,
    /// Each project reviewed, with at most one motion.
    #[serde(default, deserialize_with = "empty_if_null")]
    #[schemars(with = "Option<Vec<Item>>")]
    pub projects: Vec<Item>,
}

/// One project at one review: what was discussed and the motion voted on.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "reviewed project")]
pub struct Item {
    pub project: Text,
    /// `admit`, `graduate`, `archive` or `donate`; absent when the project was
    /// reviewed without a motion.
    #[serde(default)]
    pub motion: Option<Text>,
    /// `graduate`: the level graduated to (checked to be the next one).
    /// `admit` with `votes`: the level voted on (checked against the proposal).
    #[serde(default)]
    pub level: Option<Text>,
    /// `donate`: the receiving foundation.
    #[serde(default)]
    pub foundation: Option<Text>,
    /// `donate`: links showing the foundation's interest.
    #[serde(default)]
    pub interest: Option<Located<Vec<String>>>,
    /// Member id → `yes` / `no` / `abstain` / `absent`.
    #[serde(default)]
    pub votes: Option<Located<Pairs>>,
    /// `admit` of an external project: one vote per level tried, highest first.
    #[serde(default)]
    pub rounds: Option<Located<Vec<Round>>>,
    /// The TOC's opinion; required when an admission is rejected.
    #[serde(default)]
    pub opinion: Option<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// One vote of an admission cascade.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "round")]
pub struct Round {
    pub level: Text,
    pub votes: Located<Pairs>,
}

/// A YAML mapping of text to text, in file order, every key and value with its
/// place (votes by member, baseline levels by project). A key written twice is
/// reported (`C007`) and its second entry left out.
#[derive(Debug, Clone, Default)]
pub struct Pairs(pub Vec<(Text, Text)>);

impl JsonSchema for Pairs {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Pairs".into()
    }

    /// Any names, each with one text value.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": { "type": "string" }
        })
    }
}

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> serde::de::Visitor<'de> for PairsVisitor {
            type Value = Pairs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping such as `alice: yes`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Pairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some(entry) = map.next_entry::<Text, Text>()? {
                    pairs.push(entry);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor)
    }
}

/// An empty section (`reviews:` with nothing under it) reads as an empty list.
fn empty_if_null<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}
