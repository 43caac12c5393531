//! The evidence of a project of several repositories: one document over the
//! union of its repositories, each measured on its own first.
//!
//! Definitions (the contract is `docs/evidence-schema.md`, "A project of
//! several repositories"):
//!
//! - **History and organisations** are recomputed over the union of the
//!   repositories' commits: each repository is walked with its own `.mailmap`
//!   (and its own folder, for a monorepo row), and the walks are merged by
//!   mailmapped identity, so one person in two repositories counts once, as
//!   `git shortlog -sne` would over the two histories together. Commits are
//!   summed (a commit in two repositories, a fork's shared past, counts in
//!   each), first and last commit are the earliest and latest, windows and
//!   the monthly series are merged (a month's authors are distinct across
//!   the repositories).
//! - **Releases** come from the repositories that tag releases: counts are
//!   summed, the latest (and latest stable) is the newest across them, the
//!   release timeline is merged; version precedence (`highest`), scheme and
//!   cadence are the primary's when it tags, else those of the repository
//!   with the latest release (versions of different repositories do not
//!   compare).
//! - **A file check** passes when the primary or any other repository
//!   passes it; when only another one does, the check is that repository's,
//!   with `origin` naming it.
//! - **Lifecycle** is the primary's; another repository that has ended
//!   (deprecated, archived) is noted in its evidence.
//!
//! The per-repository documents stay what they were (the union is a new
//! document), so a repository shared between projects is measured once.

use std::collections::BTreeMap;
use std::path::Path;

use crate::cache::open;
use crate::error::{Error, Result};
use crate::history::{self, Walk, WalkParams};
use crate::model::{
    Check, Evidence, LifecycleStatus, Member, Origin, OriginKind, Release, Releases,
};
use crate::orgs::Affiliations;

/// One repository of the project: where it is read and what it measured.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    /// The git directory its evidence was read from.
    pub git_dir: &'a Path,
    /// Its own evidence (folder, head and as-of as measured).
    pub evidence: &'a Evidence,
    /// What the catalog says it is for (`code`, `docs`, …).
    pub role: Option<&'a str>,
}

/// The project's evidence over `parts`, the primary first. One part gives
/// back its evidence unchanged. `affiliations` must be the ones each part was
/// measured with.
pub fn union(parts: &[Part<'_>], affiliations: Option<&Affiliations>) -> Result<Evidence> {
    let Some(primary) = parts.first() else {
        return Err(Error::InvalidPath {
            path: String::new(),
            reason: "a project's union needs at least one repository".into(),
        });
    };
    if parts.len() == 1 {
        return Ok(primary.evidence.clone());
    }
    let p = primary.evidence;
    let as_of = p.as_of.as_second();
    let window_days = p.organizations.window_days.max(1);
    let mut merged: Option<Walk> = None;
    for part in parts {
        let walk = walk_part(part, as_of, window_days, affiliations)?;
        match &mut merged {
            Some(m) => m.merge(walk),
            None => merged = Some(walk),
        }
    }
    let walk = merged.expect("at least one part");
    let mut out = p.clone();
    out.history = walk.history(as_of);
    out.organizations = walk.organizations(window_days);
    out.contributor_absence_factor = walk.contributor_absence_factor();
    out.releases = releases(parts);
    out.checks = checks(parts);
    for part in &parts[1..] {
        let e = part.evidence;
        if matches!(
            e.lifecycle.status,
            LifecycleStatus::Deprecated | LifecycleStatus::Archived
        ) {
            let note = format!(
                "{} is {}{}",
                e.repository.url,
                e.lifecycle.status.as_str(),
                e.lifecycle
                    .evidence
                    .as_deref()
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default()
            );
            out.lifecycle.evidence = Some(match out.lifecycle.evidence.take() {
                Some(own) => format!("{own}; {note}"),
                None => note,
            });
        }
        out.repository.partial |= e.repository.partial;
        out.warnings.extend(
            e.warnings
                .iter()
                .map(|w| format!("{}: {w}", e.repository.url)),
        );
    }
    out.warnings.extend(walk.warnings.iter().cloned());
    out.members = parts
        .iter()
        .enumerate()
        .map(|(i, part)| member(part, i == 0))
        .collect();
    Ok(out)
}

/// Walks one part's history again (at the commit its evidence measured, in
/// its folder, with its `.mailmap`), cut at the primary's as-of date.
fn walk_part(
    part: &Part<'_>,
    as_of: i64,
    window_days: u32,
    affiliations: Option<&Affiliations>,
) -> Result<Walk> {
    let repo = open(part.git_dir)?;
    let path = repo.path().to_owned();
    let tip = gix::ObjectId::from_hex(part.evidence.head.as_bytes())
        .map_err(|e| Error::git(&path, "the measured commit", gix::Error::from_error(e)))?;
    let params = WalkParams {
        as_of,
        window_days,
        affiliations,
        path: part.evidence.repository.path_filter.as_deref(),
    };
    history::walk(&repo, &path, tip, &params)
}

fn member(part: &Part<'_>, primary: bool) -> Member {
    let e = part.evidence;
    Member {
        url: e.repository.url.clone(),
        path: e.repository.path_filter.clone(),
        role: part.role.map(str::to_owned),
        primary,
        head: e.head.clone(),
        commits: e.history.commits,
        contributors: e.history.contributors,
        commits_365d: e.history.commits_365d,
        last_commit: e.history.last_commit,
        latest_release: e.releases.latest.as_ref().map(|r| r.tag.clone()),
        lifecycle: e.lifecycle.status,
    }
}

/// The newer of two optional releases by date (the first on a tie).
fn newer<'r>(a: Option<&'r Release>, b: Option<&'r Release>) -> Option<&'r Release> {
    match (a, b) {
        (Some(a), Some(b)) if b.date > a.date => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}

fn releases(parts: &[Part<'_>]) -> Releases {
    let tagging: Vec<&Releases> = parts
        .iter()
        .map(|p| &p.evidence.releases)
        .filter(|r| r.count > 0)
        .collect();
    let primary = &parts[0].evidence.releases;
    let Some(first) = tagging.first() else {
        return primary.clone();
    };
    if tagging.len() == 1 {
        return (*first).clone();
    }
    let latest = tagging
        .iter()
        .fold(None, |acc, r| newer(acc, r.latest.as_ref()));
    // Precedence, scheme and cadence from one repository: the primary when it
    // tags, else the one with the latest release.
    let lead = if primary.count > 0 {
        primary
    } else {
        tagging
            .iter()
            .copied()
            .find(|r| r.latest.as_ref() == latest)
            .unwrap_or(first)
    };
    let mut out = lead.clone();
    out.latest = latest.cloned();
    out.latest_stable = tagging
        .iter()
        .fold(None, |acc, r| newer(acc, r.latest_stable.as_ref()))
        .cloned();
    out.count = tagging.iter().map(|r| r.count).sum();
    out.product_count = tagging.iter().map(|r| r.product_count).sum();
    out.count_365d = tagging.iter().map(|r| r.count_365d).sum();
    out.other_tags = parts.iter().map(|p| p.evidence.releases.other_tags).sum();
    out.reached_1_0 = tagging.iter().any(|r| r.reached_1_0);
    let mut components = BTreeMap::new();
    let mut submodules: BTreeMap<String, Release> = BTreeMap::new();
    let mut recent = Vec::new();
    for r in &tagging {
        for (k, n) in &r.components {
            *components.entry(k.clone()).or_default() += n;
        }
        for (k, rel) in &r.submodules {
            let keep = newer(submodules.get(k), Some(rel)).cloned();
            if let Some(keep) = keep {
                submodules.insert(k.clone(), keep);
            }
        }
        recent.extend(r.recent.iter().cloned());
        out.recent_truncated |= r.recent_truncated;
    }
    recent.sort_by_key(|r: &Release| std::cmp::Reverse(r.date));
    if recent.len() > 200 {
        recent.truncate(200);
        out.recent_truncated = true;
    }
    out.components = components;
    out.submodules = submodules;
    out.recent = recent;
    out
}

fn checks(parts: &[Part<'_>]) -> BTreeMap<String, Check> {
    let mut out: BTreeMap<String, Check> = BTreeMap::new();
    for (i, part) in parts.iter().enumerate() {
        for (id, check) in &part.evidence.checks {
            if out.get(id).is_some_and(|c| c.passed) {
                continue;
            }
            if out.contains_key(id) && !check.passed {
                continue;
            }
            let mut check = check.clone();
            if i > 0 && check.passed && check.origin.is_none() {
                check.origin = Some(Origin {
                    kind: OriginKind::ProjectRepository,
                    repository: part.evidence.repository.url.clone(),
                });
            }
            out.insert(id.clone(), check);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::evidence_with;

    fn with(checks: &[(&str, bool)], url: &str) -> Evidence {
        let mut e = evidence_with(
            checks
                .iter()
                .map(|(id, passed)| {
                    let c = if *passed {
                        Check::found(format!("{id}.md"))
                    } else {
                        Check::missing()
                    };
                    (id.to_string(), c)
                })
                .collect(),
        );
        e.repository.url = url.into();
        e
    }

    #[test]
    fn a_check_passes_on_any_repository_and_names_it() {
        let a = with(&[("license", true), ("code_of_conduct", false)], "a");
        let b = with(
            &[
                ("license", false),
                ("code_of_conduct", true),
                ("security", true),
            ],
            "b",
        );
        let parts = [
            Part {
                git_dir: Path::new("."),
                evidence: &a,
                role: None,
            },
            Part {
                git_dir: Path::new("."),
                evidence: &b,
                role: Some("community"),
            },
        ];
        let c = checks(&parts);
        assert!(c["license"].passed);
        assert_eq!(
            c["license"].origin, None,
            "the primary's own pass names no origin"
        );
        assert!(c["code_of_conduct"].passed);
        assert_eq!(
            c["code_of_conduct"].origin.as_ref().unwrap().repository,
            "b"
        );
        assert_eq!(
            c["security"].origin.as_ref().unwrap().kind,
            OriginKind::ProjectRepository
        );
    }
}
