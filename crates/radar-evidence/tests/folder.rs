//! A folder of a monorepo (`InspectOptions::path`): history as `git log --
//! PATH` lists it, contributors as `git shortlog -sne HEAD -- PATH`, file
//! checks in the folder before the root, compared with the git CLI on the
//! scripted `monorepo` fixture and on generated random histories.

mod common;

use std::path::Path;

use common::random::random_history;
use common::{fixture, git, ts};
use radar_evidence::{InspectOptions, LifecycleStatus, inspect};

fn folder(path: &str, as_of: &str) -> InspectOptions {
    InspectOptions {
        as_of: Some(ts(as_of)),
        path: Some(path.to_owned()),
        ..Default::default()
    }
}

/// `git rev-list --count REV -- PATH`.
fn count(dir: &Path, rev: &str, path: &str) -> u64 {
    git(dir, &["rev-list", "--count", rev, "--", path])
        .trim()
        .parse()
        .unwrap()
}

/// `git shortlog -sne REV -- PATH`, one line per identity.
fn authors(dir: &Path, rev: &str, path: &str) -> u64 {
    git(dir, &["shortlog", "-sne", rev, "--", path])
        .lines()
        .count() as u64
}

#[test]
fn a_folder_is_measured_as_git_log_lists_it() {
    let fx = fixture("monorepo");
    let d = &fx.path;
    let path = "plugins/azure";
    let ev = inspect(d, &folder(path, "2024-06-30T00:00:00Z")).unwrap();
    assert_eq!(ev.repository.path_filter.as_deref(), Some(path));
    assert_eq!(ev.history.commits, count(d, "HEAD", path));
    assert_eq!(ev.history.contributors, authors(d, "HEAD", path));
    // The fixture's own figures, so that a wrong reference cannot hide.
    assert_eq!((ev.history.commits, ev.history.contributors), (18, 6));
    let dates: Vec<i64> = git(d, &["log", "--format=%at", "HEAD", "--", path])
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(
        ev.history.first_commit.unwrap().as_second(),
        *dates.iter().min().unwrap()
    );
    assert_eq!(
        ev.history.last_commit.unwrap().as_second(),
        *dates.iter().max().unwrap()
    );
    let monthly: u64 = ev.history.monthly.iter().map(|m| m.commits).sum();
    assert_eq!(monthly, ev.history.commits);
    // The whole repository counts more: the folder is not the repository.
    let whole = inspect(
        d,
        &InspectOptions {
            as_of: Some(ts("2024-06-30T00:00:00Z")),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(whole.history.commits, count(d, "HEAD", "."));
    assert!(whole.history.commits > ev.history.commits);
    assert_eq!(
        whole.releases, ev.releases,
        "releases stay the repository's"
    );
    // Security is the repository's too: the checks that read the tree see
    // the whole of it, not the folder.
    let (sec, whole_sec) = (
        ev.security.as_ref().unwrap(),
        whole.security.as_ref().unwrap(),
    );
    for (id, c) in &whole_sec.checks {
        if !radar_evidence::security::READS_EVIDENCE.contains(&id.as_str()) {
            assert_eq!(sec.checks.get(id), Some(c), "{id}");
        }
    }

    // File checks: the folder first, then the root, paths from the root.
    let check = |id: &str| ev.checks.get(id).unwrap_or_else(|| panic!("{id}"));
    assert_eq!(
        check("readme").evidence.as_deref(),
        Some("plugins/azure/README.md")
    );
    assert_eq!(
        check("maintainers").evidence.as_deref(),
        Some("plugins/azure/OWNERS")
    );
    assert_eq!(check("license").evidence.as_deref(), Some("LICENSE"));
    assert_eq!(
        check("code_of_conduct").evidence.as_deref(),
        Some("CODE_OF_CONDUCT.md")
    );
    assert!(check("ci").passed, "CI lives at the root");
    // The folder's README says the plugin is deprecated; the root's does not.
    assert_eq!(ev.lifecycle.status, LifecycleStatus::Deprecated);
    assert!(
        ev.lifecycle
            .evidence
            .as_deref()
            .unwrap()
            .starts_with("plugins/azure/README.md:3:"),
        "{:?}",
        ev.lifecycle
    );
    assert_eq!(whole.lifecycle.status, LifecycleStatus::Active);
    assert!(ev.warnings.is_empty(), "{:?}", ev.warnings);

    // As of a date when the folder had been deleted: git counts the same
    // commits, and the evidence says the folder is not there.
    let target = git(
        d,
        &[
            "rev-list",
            "-1",
            "--first-parent",
            "--before=2021-06-30T00:00:00Z",
            "HEAD",
        ],
    );
    let then = inspect(d, &folder(path, "2021-06-30T00:00:00Z")).unwrap();
    assert_eq!(then.head, target.trim());
    assert_eq!(then.history.commits, count(d, target.trim(), path));
    assert_eq!(then.history.contributors, authors(d, target.trim(), path));
    assert!(
        then.warnings
            .iter()
            .any(|w| w.contains("plugins/azure does not exist")),
        "{:?}",
        then.warnings
    );
    assert_eq!(then.checks["readme"].evidence.as_deref(), Some("README.md"));

    // Look-alike neighbours and nested or odd spellings.
    for p in [
        "plugins/azure-extra",
        "plugins",
        "plugins/gcp",
        "docs",
        "tools",
    ] {
        let ev = inspect(d, &folder(p, "2024-06-30T00:00:00Z")).unwrap();
        assert_eq!(ev.history.commits, count(d, "HEAD", p), "{p}");
        assert_eq!(ev.history.contributors, authors(d, "HEAD", p), "{p}");
    }
    let slashes = inspect(d, &folder("/plugins/azure/", "2024-06-30T00:00:00Z")).unwrap();
    assert_eq!(slashes.history.commits, ev.history.commits);
    assert_eq!(slashes.repository.path_filter.as_deref(), Some(path));
    let nowhere = inspect(d, &folder("no/such/dir", "2024-06-30T00:00:00Z")).unwrap();
    assert_eq!(nowhere.history.commits, 0);
    assert!(
        nowhere
            .warnings
            .iter()
            .any(|w| w.contains("does not exist"))
    );
    let err = inspect(d, &folder("plugins/../secret", "2024-06-30T00:00:00Z")).unwrap_err();
    assert!(err.to_string().contains("plugins/../secret"), "{err}");
}

#[test]
fn random_histories_match_git_log() {
    let tmp = tempfile::tempdir().unwrap();
    for seed in [1, 7, 42] {
        let dir = tmp.path().join(format!("random-{seed}.git"));
        random_history(&dir, seed, 400);
        // Enough merges and side branches for the simplification to matter.
        let merges: u64 = git(&dir, &["rev-list", "--merges", "--count", "HEAD"])
            .trim()
            .parse()
            .unwrap();
        let all: u64 = count(&dir, "HEAD", ".");
        assert!(
            merges >= 20 && all >= 150,
            "seed {seed}: {merges} merges, {all} commits"
        );
        for graph in [false, true] {
            if graph {
                assert!(common::git_ok(
                    &dir,
                    &["commit-graph", "write", "--reachable"]
                ));
            }
            for path in [
                "a", "a/b", "a/b/c", "a/b/c/x", "ab", "b", "c/d", "top", "zz",
            ] {
                let ev = inspect(&dir, &folder(path, "2030-01-01T00:00:00Z")).unwrap();
                assert_eq!(
                    ev.history.commits,
                    count(&dir, "HEAD", path),
                    "seed {seed}, {path}, commit-graph {graph}"
                );
                assert_eq!(
                    ev.history.contributors,
                    authors(&dir, "HEAD", path),
                    "seed {seed}, {path}, commit-graph {graph}"
                );
            }
        }
    }
}
