//! Releases: tags whose name parses as a version.
//!
//! A tag name is `[component/][name-][v]MAJOR[.MINOR[.PATCH]][-pre][+build]`:
//! the part before the last `/` is a sub-module component (`api/v1.2.3`), a
//! product prefix joined by `-` or `_` is one too (`docker-v29.0.0`, but not
//! `release-1.2`), a leading `v`/`V` is dropped, and `1.2` is read as `1.2.0`.
//! Other tags are counted in `other_tags` and otherwise ignored.
//!
//! **Schemes.** Projects version in more than one way, and each is a clear
//! scheme: SemVer (`1.2.3`, and its shorter forms `1.2`, `1`), four-part
//! versions (`0.9.45.0`, ordered on all four numbers), and calendar versions
//! (`2024.10.1`, `v2024.10.01`: a first number that is a year from 1990 to
//! 2100; a calendar release has no "before 1.0", so every one without a
//! pre-release part is stable). `scheme` says which scheme the newest
//! product-line tags follow and how consistently.
//!
//! **Maintenance lines.** A patch on an older line (`v2.5.3` tagged on a
//! release branch the day after `v2.6.1`) is a release, counted in
//! `count_365d`, but it is not the project's latest: `latest` is the highest
//! version among the releases of the [`LATEST_WINDOW_DAYS`] before the newest
//! one (and `latest_stable` likewise among stable ones).
//!
//! **The product line.** Tags with a path-like prefix (`api/v1.2.3`,
//! `pkg/azclient/trace/v0.23.0`) are Go sub-module releases: they ship a
//! library inside the repository, not the product, and a busy sub-module
//! would otherwise pass for the project's latest release. The product line is
//! every version tag without a `/` (`v1.2.3`, and product-prefixed tags such
//! as moby's `docker-v29.0.0`); `release/v1.2.3` counts as unprefixed. When a
//! repository has no such tag at all, every version tag is its product line
//! (something is being released). `latest`, `latest_stable`, `highest`,
//! `reached_1_0`, `count_365d`, `median_days_between` and `recent` describe
//! the product line; `count` and `components` count every version tag, and
//! `submodules` gives each sub-module's latest release.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Release, Releases, VersionScheme};

const DAY: i64 = 86_400;

/// How far back `recent` reaches (three years, in days).
pub const RECENT_DAYS: i64 = 3 * 365;
/// The most entries `recent` holds (the newest are kept).
pub const RECENT_MAX: usize = 200;

/// Words that prefix a product release rather than name a component
/// (`release-1.2`, `release/v1.2.3`).
fn is_release_word(prefix: &str) -> bool {
    matches!(
        prefix.to_ascii_lowercase().as_str(),
        "release" | "releases" | "rel" | "version" | "ver" | "tag"
    )
}

/// Releases this close to the newest one compete by version for `latest`,
/// so that a backport tagged on an older line does not hide a newer line.
/// 90 days: maintenance patches follow a new minor or major within weeks
/// (HAMi tagged v2.5.3 the day after v2.6.1); lines a season apart are
/// ordered by date.
pub const LATEST_WINDOW_DAYS: i64 = 90;
/// How many of the newest product-line tags `scheme` looks at.
pub const SCHEME_TAGS: usize = 20;
/// The share of them one scheme needs for the versioning to be consistent:
/// two stray tags out of ten (a mistyped tag, a one-off hotfix name) are
/// tolerated, an even mix is not.
pub const SCHEME_CONSISTENT_SHARE: f64 = 0.8;

/// How a version tag numbers releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheme {
    /// `MAJOR.MINOR.PATCH`, or a shorter form (`1.2`, `1`).
    Semver,
    /// Four numbers (`0.9.45.0`).
    FourPart,
    /// A year first (`2024.10.1`, `2024.10.01`).
    Calendar,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Semver => "semver",
            Scheme::FourPart => "four-part",
            Scheme::Calendar => "calendar",
        }
    }
}

/// A parsed version tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagVersion {
    pub component: Option<String>,
    /// The first three numbers (and pre-release and build parts).
    pub version: semver::Version,
    /// The fourth number of a four-part version.
    pub fourth: Option<u64>,
    pub scheme: Scheme,
    /// The tag has a path-like prefix (`api/`, `pkg/azclient/trace/`): a
    /// sub-module release, outside the product line.
    pub submodule: bool,
}

impl TagVersion {
    /// Orders versions: SemVer precedence, then the fourth number.
    pub fn precedence(&self) -> (&semver::Version, u64) {
        (&self.version, self.fourth.unwrap_or(0))
    }

    /// The version as Radar writes it: normalised SemVer (`1.2.0` for
    /// `v1.2`), with a fourth number kept (`0.9.45.0`).
    pub fn display(&self) -> String {
        match self.fourth {
            None => self.version.to_string(),
            Some(d) => {
                let v = &self.version;
                let mut s = format!("{}.{}.{}.{d}", v.major, v.minor, v.patch);
                if !v.pre.is_empty() {
                    s.push('-');
                    s.push_str(v.pre.as_str());
                }
                if !v.build.is_empty() {
                    s.push('+');
                    s.push_str(v.build.as_str());
                }
                s
            }
        }
    }

    /// Not a pre-release, and past 0.x (a calendar version always is).
    pub fn is_stable(&self) -> bool {
        self.version.pre.is_empty() && (self.version.major >= 1 || self.scheme == Scheme::Calendar)
    }
}

/// Parses a tag name as a version, tolerating the usual conventions.
pub fn parse_tag(name: &str) -> Option<TagVersion> {
    let (mut component, mut last) = match name.rsplit_once('/') {
        Some((c, l)) if !c.is_empty() && !is_release_word(c) => (Some(c.to_owned()), l),
        Some((_, l)) => (None, l),
        None => (None, name),
    };
    let submodule = component.is_some();
    let starts_version = |s: &str| {
        s.strip_prefix(['v', 'V'])
            .unwrap_or(s)
            .starts_with(|c: char| c.is_ascii_digit())
    };
    if !starts_version(last) {
        // `docker-v29.0.0`, `chart_1.2.3`: a product prefix.
        let (i, _) = last
            .char_indices()
            .find(|&(i, c)| (c == '-' || c == '_') && starts_version(&last[i + 1..]))?;
        let prefix = &last[..i];
        if !is_release_word(prefix) {
            component = Some(match component {
                Some(c) => format!("{c}/{prefix}"),
                None => prefix.to_owned(),
            });
        }
        last = &last[i + 1..];
    }
    let v = last.strip_prefix(['v', 'V']).unwrap_or(last);
    let (version, fourth) = parse_version(v)?;
    let scheme = if fourth.is_some() {
        Scheme::FourPart
    } else if (1990..=2100).contains(&version.major) {
        Scheme::Calendar
    } else {
        Scheme::Semver
    };
    Some(TagVersion {
        component,
        version,
        fourth,
        scheme,
        submodule,
    })
}

/// SemVer, with `1` / `1.2` (optionally followed by -pre/+build) padded to
/// three parts, leading zeros read as numbers (`2024.10.01`), and a fourth
/// number returned on its own.
fn parse_version(v: &str) -> Option<(semver::Version, Option<u64>)> {
    if let Ok(version) = semver::Version::parse(v) {
        return Some((version, None));
    }
    let split = v.find(['-', '+']).unwrap_or(v.len());
    let (core, rest) = v.split_at(split);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty()
        || parts.len() > 4
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 18 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u64> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let padded = format!(
        "{}.{}.{}{rest}",
        nums[0],
        nums.get(1).unwrap_or(&0),
        nums.get(2).unwrap_or(&0)
    );
    Some((semver::Version::parse(&padded).ok()?, nums.get(3).copied()))
}

struct Tagged {
    tag: String,
    parsed: TagVersion,
    date: i64,
}

/// Reads every tag, dated by its tagger date (annotated) or its commit's
/// committer date (lightweight); tags dated after `as_of` did not exist yet.
pub(crate) fn releases(
    repo: &gix::Repository,
    git_dir: &Path,
    as_of: i64,
    warnings: &mut Vec<String>,
) -> Result<Releases> {
    let refs = repo
        .references()
        .map_err(|e| Error::git(git_dir, "references", e))?;
    let tags = refs.tags().map_err(|e| Error::git(git_dir, "tags", e))?;
    let mut versions = Vec::new();
    let mut other = 0u64;
    let mut unreadable = 0u32;
    let graph = repo.commit_graph().ok();
    for r in tags {
        let Ok(mut r) = r else {
            unreadable += 1;
            continue;
        };
        let name = r.name().shorten().to_string();
        let Some(date) = tag_date(repo, graph.as_ref(), &mut r) else {
            unreadable += 1;
            continue;
        };
        if date > as_of {
            continue;
        }
        match parse_tag(&name) {
            Some(parsed) => versions.push(Tagged {
                tag: name,
                parsed,
                date,
            }),
            None => other += 1,
        }
    }
    if unreadable > 0 {
        warnings.push(format!(
            "{unreadable} tag(s) could not be read or dated and were skipped"
        ));
    }
    Ok(summarise(versions, other, as_of))
}

fn tag_date(
    repo: &gix::Repository,
    graph: Option<&gix::commitgraph::Graph>,
    r: &mut gix::Reference<'_>,
) -> Option<i64> {
    let from_graph = |id: &gix::oid| {
        graph
            .and_then(|g| g.commit_by_id(id))
            .map(|c| c.committer_timestamp() as i64)
    };
    // Read the direct target before peeling (peeling updates the reference in memory).
    let direct = r.target().try_id().map(|i| i.to_owned());
    if let Some(direct) = direct {
        // A lightweight tag on a commit the commit-graph knows: no object to inflate.
        if let Some(t) = from_graph(&direct) {
            return Some(t);
        }
        // An annotated tag object carries the tagger date.
        if let Ok(obj) = repo.find_object(direct)
            && obj.kind == gix::object::Kind::Tag
            && let Ok(Some(tagger)) = obj.try_into_tag().ok()?.tagger()
        {
            return Some(tagger.seconds());
        }
    }
    let id = r.peel_to_id().ok()?.detach();
    if let Some(t) = from_graph(&id) {
        return Some(t);
    }
    let commit = repo.find_object(id).ok()?.peel_to_commit().ok()?;
    commit.committer().ok().map(|c| c.seconds())
}

fn release(t: &Tagged) -> Release {
    Release {
        tag: t.tag.clone(),
        version: t.parsed.display(),
        date: jiff::Timestamp::from_second(t.date).unwrap_or(jiff::Timestamp::UNIX_EPOCH),
        component: t.parsed.component.clone(),
        prerelease: !t.parsed.version.pre.is_empty(),
        stable: t.parsed.is_stable(),
    }
}

/// The newest of `line` (oldest first): the highest version among the
/// releases of the [`LATEST_WINDOW_DAYS`] up to the newest one's date. An
/// older pre-release of a higher line does not outrank a later final
/// release (a beta of 2.1 two months before the 2.0.1 patch).
fn newest<'a>(line: impl DoubleEndedIterator<Item = &'a &'a Tagged>) -> Option<&'a Tagged> {
    let mut line = line.rev().peekable();
    let first = **line.peek()?;
    line.take_while(|t| t.date >= first.date - LATEST_WINDOW_DAYS * DAY)
        .filter(|t| std::ptr::eq(**t, first) || t.parsed.version.pre.is_empty())
        .max_by(|a, b| {
            a.parsed
                .precedence()
                .cmp(&b.parsed.precedence())
                .then(a.date.cmp(&b.date))
        })
        .copied()
}

/// The scheme of the newest [`SCHEME_TAGS`] product-line tags (`line` is
/// oldest first).
fn scheme_of(line: &[&Tagged]) -> Option<VersionScheme> {
    let newest: Vec<&&Tagged> = line.iter().rev().take(SCHEME_TAGS).collect();
    let mut counts: BTreeMap<Scheme, usize> = BTreeMap::new();
    for t in &newest {
        *counts.entry(t.parsed.scheme).or_default() += 1;
    }
    let (&scheme, &n) = counts
        .iter()
        .max_by_key(|&(s, n)| (*n, std::cmp::Reverse(*s)))?;
    let share = crate::history::round4(n as f64 / newest.len() as f64);
    Some(VersionScheme {
        name: scheme.as_str().to_owned(),
        share,
        tags: newest.len() as u64,
        consistent: share >= SCHEME_CONSISTENT_SHARE,
        example: newest
            .iter()
            .find(|t| t.parsed.scheme == scheme)
            .map(|t| t.tag.clone())
            .unwrap_or_default(),
    })
}

fn summarise(mut all: Vec<Tagged>, other_tags: u64, as_of: i64) -> Releases {
    let mut components: BTreeMap<String, u64> = BTreeMap::new();
    for t in &all {
        *components
            .entry(t.parsed.component.clone().unwrap_or_default())
            .or_default() += 1;
    }
    // Oldest first; same date → lower version first, then by name (stable output).
    all.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.parsed.precedence().cmp(&b.parsed.precedence()))
            .then_with(|| a.tag.cmp(&b.tag))
    });
    let has_product = all.iter().any(|t| !t.parsed.submodule);
    let (product, submodule_tags): (Vec<&Tagged>, Vec<&Tagged>) = all
        .iter()
        .partition(|t| !has_product || !t.parsed.submodule);
    let mut submodules: BTreeMap<String, Release> = BTreeMap::new();
    for t in submodule_tags {
        // Oldest first, so the last insert per component is its latest.
        submodules.insert(t.parsed.component.clone().unwrap_or_default(), release(t));
    }
    let latest = newest(product.iter()).map(release);
    let stable: Vec<&Tagged> = product
        .iter()
        .copied()
        .filter(|t| t.parsed.is_stable())
        .collect();
    let latest_stable = newest(stable.iter()).map(release);
    let highest = product
        .iter()
        .max_by(|a, b| a.parsed.precedence().cmp(&b.parsed.precedence()))
        .map(|t| release(t));
    let mut days: Vec<i64> = product.iter().map(|t| t.date.div_euclid(DAY)).collect();
    days.dedup();
    let mut gaps: Vec<f64> = days.windows(2).map(|w| (w[1] - w[0]) as f64).collect();
    gaps.sort_by(f64::total_cmp);
    let median = match gaps.len() {
        0 => None,
        n if n % 2 == 1 => Some(gaps[n / 2]),
        n => Some((gaps[n / 2 - 1] + gaps[n / 2]) / 2.0),
    };
    let recent_since = as_of - RECENT_DAYS * DAY;
    let in_recent: Vec<&&Tagged> = product
        .iter()
        .rev()
        .take_while(|t| t.date > recent_since)
        .collect();
    Releases {
        count: all.len() as u64,
        product_count: product.len() as u64,
        latest,
        latest_stable,
        highest,
        reached_1_0: !stable.is_empty(),
        scheme: scheme_of(&product),
        count_365d: product
            .iter()
            .filter(|t| t.date > as_of - 365 * DAY)
            .count() as u64,
        median_days_between: median,
        other_tags,
        components,
        submodules,
        recent_since: jiff::Timestamp::from_second(recent_since).unwrap_or(jiff::Timestamp::MIN),
        recent_truncated: in_recent.len() > RECENT_MAX,
        recent: in_recent
            .iter()
            .take(RECENT_MAX)
            .map(|t| release(t))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<(Option<String>, String)> {
        parse_tag(s).map(|t| (t.component.clone(), t.display()))
    }

    #[test]
    fn tag_names() {
        assert_eq!(v("v1.2.3"), Some((None, "1.2.3".into())));
        assert_eq!(v("1.2.3"), Some((None, "1.2.3".into())));
        assert_eq!(v("V2.0"), Some((None, "2.0.0".into())));
        assert_eq!(v("v1"), Some((None, "1.0.0".into())));
        assert_eq!(v("v1.0.0-rc.1"), Some((None, "1.0.0-rc.1".into())));
        assert_eq!(v("v0.9-beta"), Some((None, "0.9.0-beta".into())));
        assert_eq!(v("api/v1.2.3"), Some((Some("api".into()), "1.2.3".into())));
        assert_eq!(
            v("sdk/go/v0.4.0"),
            Some((Some("sdk/go".into()), "0.4.0".into()))
        );
        assert_eq!(
            v("docker-v29.7.2"),
            Some((Some("docker".into()), "29.7.2".into()))
        );
        assert_eq!(
            v("helm-chart_1.2.3"),
            Some((Some("helm-chart".into()), "1.2.3".into()))
        );
        assert_eq!(v("release-1.2"), Some((None, "1.2.0".into())));
        assert_eq!(v("v1.0.0-rc.1"), Some((None, "1.0.0-rc.1".into())));
        assert_eq!(v("nightly-build"), None);
        assert_eq!(v("latest"), None);
        assert_eq!(v("release-candidate"), None);
        assert_eq!(v("v1.2.3.4.5"), None);
        assert_eq!(v("v1.2.x"), None);
        assert_eq!(v("vfoo"), None);
        assert_eq!(v(""), None);
    }

    #[test]
    fn four_part_and_calendar_versions() {
        let p = |s: &str| parse_tag(s).unwrap();
        assert_eq!(
            (p("0.9.45.0").scheme, p("0.9.45.0").display()),
            (Scheme::FourPart, "0.9.45.0".into())
        );
        assert_eq!(p("v1.1.0.10").display(), "1.1.0.10");
        assert_eq!(p("v2.0.0.1-rc.1").display(), "2.0.0.1-rc.1");
        assert!(p("v1.1.0.10").precedence() > p("v1.1.0.9").precedence());
        assert!(p("0.9.45.0").precedence() > p("0.8.19").precedence());
        assert!(p("v1.1.1.0").precedence() > p("v1.1.0.99").precedence());
        assert!(!p("0.9.45.0").is_stable() && p("1.0.0.1").is_stable());
        for cal in ["2024.10.1", "v2024.10.01", "2024.10", "v2019.1.0"] {
            assert_eq!(p(cal).scheme, Scheme::Calendar, "{cal}");
            assert!(p(cal).is_stable(), "a calendar release has no 0.x: {cal}");
        }
        assert_eq!(p("v2024.10.01").display(), "2024.10.1");
        assert!(!p("2024.10.1-rc1").is_stable());
        assert_eq!(p("v1.2").scheme, Scheme::Semver);
        assert_eq!(p("v3000.1.0").scheme, Scheme::Semver, "not a year");
    }

    #[test]
    fn the_scheme_of_the_newest_tags() {
        // Four-part tags for years, then SemVer: the newest twenty decide.
        let mut all: Vec<Tagged> = (0..30)
            .map(|i| t(&format!("v1.1.{}.{}", i / 10, i % 10), i))
            .collect();
        all.extend((0..18).map(|i| t(&format!("v2.{i}.0"), 100 + i)));
        all.push(t("v2.18", 200));
        all.push(t("v2.18.0.1", 201));
        let r = summarise(all, 1, 300 * DAY);
        let s = r.scheme.unwrap();
        assert_eq!(
            (s.name.as_str(), s.tags, s.share, s.consistent),
            ("semver", 20, 0.95, true)
        );
        assert_eq!(s.example, "v2.18");
        // An even mix is not a scheme.
        let mixed: Vec<Tagged> = (0..10)
            .map(|i| {
                if i % 2 == 0 {
                    t(&format!("v1.{i}.0"), i)
                } else {
                    t(&format!("2024.{i}.0"), i)
                }
            })
            .collect();
        let s = summarise(mixed, 0, 20 * DAY).scheme.unwrap();
        assert_eq!((s.share, s.consistent), (0.5, false));
        // Four-part only: consistent, and ordered on all four numbers.
        let four: Vec<Tagged> = vec![t("0.8.19", 0), t("0.9.44.0", 5), t("0.9.45.0", 9)];
        let r = summarise(four, 0, 10 * DAY);
        assert_eq!(r.latest.unwrap().version, "0.9.45.0");
        assert_eq!(r.highest.unwrap().tag, "0.9.45.0");
        assert_eq!(r.scheme.unwrap().name, "four-part");
        assert!(summarise(Vec::new(), 0, 0).scheme.is_none());
    }

    #[test]
    fn a_backport_does_not_hide_the_newest_line() {
        // A patch of the 2.5 line tagged the day after 2.6.1.
        let all = vec![
            t("v2.5.0", 0),
            t("v2.6.0", 120),
            t("v2.6.1", 178),
            t("v2.5.3", 179),
        ];
        let r = summarise(all, 0, 200 * DAY);
        assert_eq!(r.latest.as_ref().unwrap().tag, "v2.6.1");
        assert_eq!(r.latest_stable.as_ref().unwrap().tag, "v2.6.1");
        assert_eq!(r.count_365d, 4, "the backport is a release all the same");
        // Lines a season apart are ordered by date: a 1.x patch half a year
        // after 2.0 is the latest thing released.
        let all = vec![t("v2.0.0", 0), t("v1.9.9", 200)];
        assert_eq!(summarise(all, 0, 300 * DAY).latest.unwrap().tag, "v1.9.9");
    }

    #[test]
    fn path_prefixes_are_submodules_product_prefixes_are_not() {
        let sub = |s: &str| parse_tag(s).map(|t| t.submodule);
        assert_eq!(sub("v1.2.3"), Some(false));
        assert_eq!(sub("docker-v29.0.0"), Some(false));
        assert_eq!(sub("release-1.2"), Some(false));
        assert_eq!(sub("api/v1.2.3"), Some(true));
        assert_eq!(sub("pkg/azclient/trace/v0.23.0"), Some(true));
        assert_eq!(sub("sdk/go/docker-v1.0.0"), Some(true));
        // `release/` is a release word, not a module path.
        assert_eq!(v("release/v1.4.0"), Some((None, "1.4.0".into())));
        assert_eq!(sub("release/v1.4.0"), Some(false));
    }

    fn t(tag: &str, day: i64) -> Tagged {
        Tagged {
            tag: tag.into(),
            parsed: parse_tag(tag).unwrap(),
            date: day * DAY,
        }
    }

    #[test]
    fn summary_over_the_product_line() {
        let all = vec![
            t("v0.1.0", 0),
            t("v0.2.0", 10),
            t("v1.0.0-rc.1", 20),
            t("v1.0.0", 40),
            t("v0.9.9", 50),
            t("api/v2.0.0", 60),
            t("api/v2.0.1", 60),
        ];
        let r = summarise(all, 3, 400 * DAY);
        assert_eq!((r.count, r.product_count, r.other_tags), (7, 5, 3));
        // The sub-module's newer tags do not make it the project's latest
        // release, and neither does the 0.9 line's patch ten days after 1.0.
        assert_eq!(r.latest.as_ref().unwrap().tag, "v1.0.0");
        assert_eq!(r.latest_stable.as_ref().unwrap().tag, "v1.0.0");
        assert_eq!(r.highest.as_ref().unwrap().tag, "v1.0.0");
        assert!(r.reached_1_0);
        // product release days 0, 10, 20, 40, 50 → gaps 10, 10, 20, 10 → median 10
        assert_eq!(r.median_days_between, Some(10.0));
        // within (400-365, 400] = days 36..: v1.0.0, v0.9.9 (not the api tags)
        assert_eq!(r.count_365d, 2);
        assert_eq!(r.components.get(""), Some(&5));
        assert_eq!(r.components.get("api"), Some(&2));
        assert_eq!(r.submodules.len(), 1);
        assert_eq!(r.submodules["api"].tag, "api/v2.0.1");
    }

    #[test]
    fn a_stable_submodule_does_not_reach_1_0_for_the_product() {
        let r = summarise(vec![t("v0.3.0", 0), t("api/v1.0.0", 5)], 0, 10 * DAY);
        assert!(!r.reached_1_0);
        assert_eq!(r.latest_stable, None);
        assert_eq!(r.count_365d, 1);
    }

    #[test]
    fn product_prefixes_continue_the_line() {
        // moby: v28 without a prefix, then docker-v29; api/ and client/ are Go modules.
        let all = vec![
            t("v28.5.1", 0),
            t("api/v1.52.0", 1),
            t("v28.5.2", 2),
            t("docker-v29.0.0", 30),
            t("client/v0.1.0", 31),
            t("docker-v29.0.1", 40),
            t("api/v1.53.0", 41),
        ];
        let r = summarise(all, 0, 50 * DAY);
        assert_eq!(r.latest.as_ref().unwrap().tag, "docker-v29.0.1");
        assert_eq!(
            r.latest.as_ref().unwrap().component.as_deref(),
            Some("docker")
        );
        assert_eq!(r.highest.as_ref().unwrap().tag, "docker-v29.0.1");
        assert_eq!(r.product_count, 4);
        assert_eq!(r.count_365d, 4);
        assert_eq!(r.submodules.keys().collect::<Vec<_>>(), ["api", "client"]);
        assert_eq!(r.submodules["api"].tag, "api/v1.53.0");
    }

    #[test]
    fn only_submodule_tags_are_the_product_line() {
        let r = summarise(vec![t("sdk/v0.1.0", 0), t("sdk/v1.0.0", 7)], 0, 10 * DAY);
        assert_eq!(r.latest.as_ref().unwrap().tag, "sdk/v1.0.0");
        assert!(r.reached_1_0);
        assert_eq!(r.product_count, 2);
        assert!(r.submodules.is_empty());
    }

    #[test]
    fn recent_is_the_product_timeline() {
        // A release every 3 days for 5 years, plus sub-module tags.
        let mut all: Vec<Tagged> = (0..600).map(|i| t(&format!("v1.{i}.0"), i * 3)).collect();
        all.push(t("api/v9.0.0", 1799));
        let as_of = 1800 * DAY;
        let r = summarise(all, 0, as_of);
        assert_eq!(r.recent.len(), RECENT_MAX);
        assert!(r.recent_truncated);
        assert_eq!(r.recent[0].tag, "v1.599.0", "newest first");
        assert_eq!(r.recent[199].tag, "v1.400.0");
        assert!(r.recent.iter().all(|x| x.component.is_none()));
        assert_eq!(r.recent_since.as_second(), as_of - RECENT_DAYS * DAY);
        // A slow project: every release of the last three years (after day 1005), nothing older.
        let all = vec![
            t("v0.1.0", 0),
            t("v0.2.0-rc.1", 1000),
            t("v0.2.0", 1100),
            t("v1.0.0", 2000),
        ];
        let r = summarise(all, 0, 2100 * DAY);
        let tags: Vec<(&str, bool, bool)> = r
            .recent
            .iter()
            .map(|x| (x.tag.as_str(), x.stable, x.prerelease))
            .collect();
        assert_eq!(tags, [("v1.0.0", true, false), ("v0.2.0", false, false)]);
        assert!(!r.recent_truncated);
    }

    #[test]
    fn no_tags() {
        let r = summarise(Vec::new(), 0, 0);
        assert_eq!(
            (r.count, r.latest, r.median_days_between, r.reached_1_0),
            (0, None, None, false)
        );
        assert!(r.recent.is_empty() && r.submodules.is_empty());
    }
}
