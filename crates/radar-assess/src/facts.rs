//! The facts criteria are evaluated against: the Evidence JSON, plus facts
//! Radar derives from it, plus what the catalog row says.
//!
//! Derived facts are added under the namespace they belong to, and only when
//! the Evidence does not already carry a value under that name (so when the
//! evidence crate starts measuring one itself, its figure wins):
//!
//! | path | meaning |
//! |---|---|
//! | `history.active_quarters_4` | of the last 4 three-month blocks (the as-of month and the 11 before it), how many have a commit |
//! | `history.active_months_12` | of the last 12 months (as-of month included), how many have a commit |
//! | `history.days_since_last_commit` | whole days from the last commit to the as-of date |
//! | `releases.semver_share` | version tags / all tags (absent when there are no tags) |
//! | `releases.days_since_latest` | whole days from the latest release to the as-of date |
//! | `releases.days_since_latest_stable` | the same for the latest stable release |
//! | `organizations.top_share_365d` | the largest share of last year's commits by people held by one organisation (independents excluded, bots' commits left out) |
//! | `organizations.top_name_365d` | that organisation's name |
//! | `catalog.body` | the governing body the catalog names |
//! | `catalog.level` | the catalog's level (`sandbox`, `incubating`, `stable`, …) |
//! | `catalog.api_stability` | the row's API stability: `alpha`, `unstable`, `beta`, `stable`, `deprecated`, `not-applicable` (absent when unknown) |
//! | `catalog.platform_use` | how many platform products use the project |

use radar_evidence::Evidence;
use serde_json::{Map, Value, json};

use crate::version::{ApiStability, ApiStatus};

/// Top-level names a path may start with. A model that reads anything else is
/// rejected at load time (a typo would otherwise be "unknown" forever).
/// `github` is filled by the optional GitHub source.
pub const ROOTS: &[&str] = &[
    "schema_version",
    "repository",
    "head",
    "as_of",
    "history",
    "organizations",
    "contributor_absence_factor",
    "releases",
    "checks",
    "lifecycle",
    "security",
    "warnings",
    "github",
    "catalog",
];

/// A JSON object of facts at one as-of date.
#[derive(Debug, Clone)]
pub struct FactSet {
    root: Value,
    as_of: jiff::Timestamp,
}

/// Follows `segments` through objects (by key) and arrays (by index).
pub fn lookup<'a>(root: &'a Value, segments: &[String]) -> Option<&'a Value> {
    let mut cur = root;
    for seg in segments {
        cur = match cur {
            Value::Object(map) => map.get(seg.as_str())?,
            Value::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

impl crate::expr::Facts for FactSet {
    fn lookup(&self, segments: &[String]) -> Option<&Value> {
        lookup(&self.root, segments)
    }

    fn as_of(&self) -> jiff::Timestamp {
        self.as_of
    }
}

impl FactSet {
    /// Facts from measured evidence, with the derived facts added.
    pub fn measured(evidence: &Evidence) -> FactSet {
        // Serialising the Evidence cannot fail (plain data, string keys); an
        // empty object would only make every criterion unknown.
        let root = serde_json::to_value(evidence).unwrap_or_else(|_| Value::Object(Map::new()));
        let mut facts = FactSet {
            root,
            as_of: evidence.as_of,
        };
        facts.derive(evidence);
        facts
    }

    /// No evidence: every evidence path is unknown.
    pub fn unmeasured(as_of: jiff::Timestamp) -> FactSet {
        FactSet {
            root: Value::Object(Map::new()),
            as_of,
        }
    }

    /// Adds what the catalog row says under `catalog.*`.
    pub fn with_catalog(mut self, project: &radar_catalog::Project, api: &ApiStability) -> FactSet {
        let mut cat = Map::new();
        if let Some(state) = &project.state {
            if let Some(body) = &state.body {
                cat.insert("body".into(), json!(body));
            }
            cat.insert("level".into(), json!(state.level.as_str()));
        }
        if api.overall != ApiStatus::Unknown {
            cat.insert("api_stability".into(), json!(api.overall.as_str()));
        }
        cat.insert("platform_use".into(), json!(project.platform_use.len()));
        self.set(&["catalog"], Value::Object(cat));
        self
    }

    /// Adds a namespace of facts from another source (e.g. `github`), unless
    /// the evidence already holds one under that name.
    pub fn with_namespace(mut self, name: &str, value: Value) -> FactSet {
        self.set_if_absent(&[name], value);
        self
    }

    pub fn as_json(&self) -> &Value {
        &self.root
    }

    pub fn as_of(&self) -> jiff::Timestamp {
        self.as_of
    }

    fn slot(&mut self, path: &[&str]) -> Option<&mut Map<String, Value>> {
        let (_, parents) = path.split_last()?;
        let mut cur = self.root.as_object_mut()?;
        for p in parents {
            cur = cur
                .entry(p.to_string())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()?;
        }
        Some(cur)
    }

    fn set(&mut self, path: &[&str], value: Value) {
        if let (Some(last), Some(map)) = (path.last(), self.slot(path)) {
            map.insert((*last).to_owned(), value);
        }
    }

    fn set_if_absent(&mut self, path: &[&str], value: Value) {
        if let (Some(last), Some(map)) = (path.last(), self.slot(path)) {
            map.entry((*last).to_owned()).or_insert(value);
        }
    }

    fn derive(&mut self, e: &Evidence) {
        let as_of = e.as_of;
        let counts = monthly_commits(e, as_of);
        let quarters = counts
            .chunks(3)
            .filter(|q| q.iter().sum::<u64>() > 0)
            .count();
        self.set_if_absent(&["history", "active_quarters_4"], json!(quarters));
        self.set_if_absent(
            &["history", "active_months_12"],
            json!(counts.iter().filter(|c| **c > 0).count()),
        );
        if let Some(last) = e.history.last_commit {
            self.set_if_absent(
                &["history", "days_since_last_commit"],
                json!(days_between(last, as_of)),
            );
        }
        let tags = e.releases.count + e.releases.other_tags;
        if tags > 0 {
            self.set_if_absent(
                &["releases", "semver_share"],
                json!(e.releases.count as f64 / tags as f64),
            );
        }
        if let Some(r) = &e.releases.latest {
            self.set_if_absent(
                &["releases", "days_since_latest"],
                json!(days_between(r.date, as_of)),
            );
        }
        if let Some(r) = &e.releases.latest_stable {
            self.set_if_absent(
                &["releases", "days_since_latest_stable"],
                json!(days_between(r.date, as_of)),
            );
        }
        if let Some(top) = top_organization_365d(e) {
            self.set_if_absent(&["organizations", "top_share_365d"], json!(top.share));
            self.set_if_absent(&["organizations", "top_name_365d"], json!(top.org.name));
        }
    }
}

/// Whole days from `from` to `to` (negative when `from` is later).
pub fn days_between(from: jiff::Timestamp, to: jiff::Timestamp) -> i64 {
    (to.as_second() - from.as_second()).div_euclid(86_400)
}

/// The organisation that wrote most of last year's commits.
pub struct TopOrganization<'a> {
    pub org: &'a radar_evidence::Organization,
    /// Its share of the window's commits by people: automation accounts
    /// (the `bots` bucket) are left out, so Dependabot's updates neither
    /// hide a one-company project nor dilute it.
    pub share: f64,
    /// The window's commits by people (the share's denominator).
    pub of: u64,
}

/// Commits in the window by automation accounts (the `bots` bucket).
pub fn bot_commits_365d(e: &Evidence) -> u64 {
    e.organizations
        .list
        .iter()
        .filter(|o| o.kind == radar_evidence::OrganizationKind::Bot)
        .map(|o| o.commits_365d)
        .sum()
}

/// The organisation with the largest share of last year's commits; the
/// `independent` (free-mail, noreply), `unknown` and `bots` buckets are not
/// organisations.
pub fn top_organization_365d(e: &Evidence) -> Option<TopOrganization<'_>> {
    let of = e.history.commits_365d.saturating_sub(bot_commits_365d(e));
    let org = e
        .organizations
        .list
        .iter()
        .filter(|o| o.kind == radar_evidence::OrganizationKind::Organization && o.commits_365d > 0)
        .max_by(|a, b| {
            a.commits_365d
                .cmp(&b.commits_365d)
                .then_with(|| b.name.cmp(&a.name))
        })?;
    Some(TopOrganization {
        org,
        share: radar_evidence::share(org.commits_365d, of),
        of,
    })
}

/// Commits in each of the 12 months ending with the as-of month, oldest first.
/// Months the evidence does not list count as zero.
fn monthly_commits(e: &Evidence, as_of: jiff::Timestamp) -> [u64; 12] {
    let date = as_of.to_zoned(jiff::tz::TimeZone::UTC).date();
    let end = i64::from(date.year()) * 12 + i64::from(date.month()) - 1;
    let mut out = [0u64; 12];
    for m in &e.history.monthly {
        let Some((y, mo)) = m.month.split_once('-') else {
            continue;
        };
        let (Ok(y), Ok(mo)) = (y.parse::<i64>(), mo.get(..2).unwrap_or(mo).parse::<i64>()) else {
            continue;
        };
        let back = end - (y * 12 + mo - 1);
        if (0..12).contains(&back) {
            out[11 - back as usize] += m.commits;
        }
    }
    out
}
