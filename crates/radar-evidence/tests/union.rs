//! A project of several repositories (`radar_evidence::union`): its figures
//! over the union of the repositories, compared with the git CLI run over
//! the same scripted repositories (`fixtures/project_parts.sh`), and the
//! definitions of docs/evidence-schema.md ("A project of several
//! repositories") that git has no word for: releases, checks, lifecycle.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{fixture, git, ts};
use radar_evidence::{Evidence, InspectOptions, LifecycleStatus, OriginKind, Part, inspect, union};

const AS_OF: &str = "2024-06-30T00:00:00Z";
const REPOS: [&str; 3] = ["code", "docs", "spec"];

fn measure(dir: &Path, name: &str) -> Evidence {
    inspect(
        dir,
        &InspectOptions {
            as_of: Some(ts(AS_OF)),
            source: Some(format!("https://example.com/acme/{name}")),
            ..Default::default()
        },
    )
    .unwrap()
}

/// Per repository: (mailmapped "name <email>", author seconds) of every commit.
fn log(dir: &Path) -> Vec<(String, i64)> {
    git(dir, &["log", "--format=%aN <%aE>|%at", "HEAD"])
        .lines()
        .map(|l| {
            let (who, at) = l.rsplit_once('|').unwrap();
            (who.to_owned(), at.parse().unwrap())
        })
        .collect()
}

#[test]
fn the_union_is_what_git_says_over_the_repositories_together() {
    let fx = fixture("project_parts");
    let dirs: Vec<PathBuf> = REPOS.iter().map(|r| fx.path.join(r)).collect();
    let own: Vec<Evidence> = dirs.iter().zip(REPOS).map(|(d, n)| measure(d, n)).collect();
    let parts: Vec<Part> = dirs
        .iter()
        .zip(&own)
        .zip([None, Some("docs"), Some("spec")])
        .map(|((d, e), role)| Part {
            git_dir: d,
            evidence: e,
            role,
        })
        .collect();
    let u = union(&parts, None).unwrap();

    // Contributors: distinct identities over each repository's shortlog
    // (each after its own .mailmap); commits summed.
    let mut people = BTreeSet::new();
    let mut commits = 0;
    for d in &dirs {
        for line in git(d, &["shortlog", "-sne", "HEAD"]).lines() {
            people.insert(line.split_once('\t').unwrap().1.to_owned());
        }
        commits += git(d, &["rev-list", "--count", "HEAD"])
            .trim()
            .parse::<u64>()
            .unwrap();
    }
    assert_eq!(u.history.contributors, people.len() as u64);
    assert_eq!(u.history.commits, commits);
    // The fixture's own figures, so that a wrong reference cannot hide:
    // five people (Ann and Dee are each one person in several repositories),
    // where the repositories' own counts add up to eight.
    assert_eq!((u.history.commits, u.history.contributors), (14, 5));
    let summed: u64 = own.iter().map(|e| e.history.contributors).sum();
    assert_eq!(summed, 8);

    // First and last commit, windows and the monthly series over all commits.
    let all: Vec<(String, i64)> = dirs.iter().flat_map(|d| log(d)).collect();
    let first = all.iter().map(|c| c.1).min().unwrap();
    let last = all.iter().map(|c| c.1).max().unwrap();
    assert_eq!(u.history.first_commit.unwrap().as_second(), first);
    assert_eq!(u.history.last_commit.unwrap().as_second(), last);
    let cut = ts(AS_OF).as_second() - 365 * 86_400;
    let recent: Vec<&(String, i64)> = all.iter().filter(|c| c.1 > cut).collect();
    assert_eq!(u.history.commits_365d, recent.len() as u64);
    let active: BTreeSet<&str> = recent.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(u.history.active_contributors_365d, active.len() as u64);
    let mut months: BTreeMap<String, (u64, BTreeSet<String>)> = BTreeMap::new();
    for d in &dirs {
        for l in git(
            d,
            &[
                "log",
                "--date=format:%Y-%m",
                "--format=%ad|%aN <%aE>",
                "HEAD",
            ],
        )
        .lines()
        {
            let (m, who) = l.split_once('|').unwrap();
            let e = months.entry(m.to_owned()).or_default();
            e.0 += 1;
            e.1.insert(who.to_owned());
        }
    }
    for m in &u.history.monthly {
        let (c, a) = months
            .get(&m.month)
            .map_or((0, 0), |(c, a)| (*c, a.len() as u64));
        assert_eq!((m.commits, m.authors), (c, a), "month {}", m.month);
    }
    assert_eq!(
        months["2024-03"].1.len(),
        1,
        "Ann in code and docs is one author"
    );
    assert_eq!(
        u.history.monthly.first().unwrap().month,
        *months.keys().next().unwrap()
    );

    // Releases from the repositories that tag: counted together, the latest across them.
    let tags: u64 = dirs
        .iter()
        .map(|d| git(d, &["tag", "--list", "v*"]).lines().count() as u64)
        .sum();
    assert_eq!(u.releases.count, tags);
    assert_eq!(u.releases.latest.as_ref().unwrap().tag, "v0.3.0");
    assert!(u.releases.reached_1_0, "code's v1.0.0 counts");
    assert_eq!(
        u.releases
            .recent
            .iter()
            .map(|r| r.tag.as_str())
            .collect::<Vec<_>>(),
        ["v0.3.0", "v1.1.0", "v1.0.0"]
    );

    // A check passes when any repository passes it, and names which.
    let coc = &u.checks["code_of_conduct"];
    assert!(coc.passed && !own[0].checks["code_of_conduct"].passed);
    let origin = coc.origin.as_ref().unwrap();
    assert_eq!(origin.kind, OriginKind::ProjectRepository);
    assert_eq!(origin.repository, "https://example.com/acme/docs");
    assert!(u.checks["license"].passed);
    assert_eq!(u.checks["license"].origin, None, "the primary's own");

    // Lifecycle: the primary's, the other's end noted.
    assert_eq!(own[2].lifecycle.status, LifecycleStatus::Deprecated);
    assert_eq!(u.lifecycle.status, own[0].lifecycle.status);
    let note = u.lifecycle.evidence.as_deref().unwrap();
    assert!(
        note.contains("https://example.com/acme/spec is deprecated"),
        "{note}"
    );

    // Each repository is named with its own figures; the primary is the document's.
    assert_eq!(u.repository, own[0].repository);
    assert_eq!(u.members.len(), 3);
    assert!(u.members[0].primary && !u.members[1].primary);
    assert_eq!(u.members[1].role.as_deref(), Some("docs"));
    assert_eq!(u.members[2].commits, own[2].history.commits);

    // One repository: the union is its own evidence.
    assert_eq!(union(&parts[..1], None).unwrap(), own[0]);
}
