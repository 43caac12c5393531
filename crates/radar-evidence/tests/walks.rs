//! The history walks agree with each other and with git: through the
//! commit-graph, through the packs read on every core (no commit-graph),
//! and object by object (loose objects, deltified commits).

mod common;

use std::path::Path;

use common::random::random_history;
use common::{fixture, git, git_ok, ts};
use radar_evidence::{InspectOptions, inspect};

/// History, organisations and the absence factor: what the walk computes.
fn walked(dir: &Path) -> serde_json::Value {
    let ev = inspect(
        dir,
        &InspectOptions {
            as_of: Some(ts("2030-01-01T00:00:00Z")),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        ev.warnings.is_empty(),
        "{}: {:?}",
        dir.display(),
        ev.warnings
    );
    assert_eq!(
        ev.history.commits,
        git(dir, &["rev-list", "--count", "HEAD"])
            .trim()
            .parse::<u64>()
            .unwrap()
    );
    assert_eq!(
        ev.history.contributors,
        git(dir, &["shortlog", "-sne", "HEAD"]).lines().count() as u64
    );
    serde_json::json!({
        "history": ev.history,
        "organizations": ev.organizations,
        "absence": ev.contributor_absence_factor,
    })
}

/// How the commits are stored: `loose`, packed, packed with commits as
/// deltas where git finds it worth it, or with a commit-graph.
fn store_as(dir: &Path, how: &str) {
    let graph = dir.join(if dir.join(".git").is_dir() {
        ".git/objects/info"
    } else {
        "objects/info"
    });
    let _ = std::fs::remove_file(graph.join("commit-graph"));
    let _ = std::fs::remove_dir_all(graph.join("commit-graphs"));
    match how {
        "packed" => assert!(git_ok(dir, &["repack", "-adq"])),
        "deltas" => assert!(git_ok(
            dir,
            &["repack", "-adfq", "--window=250", "--depth=250"]
        )),
        "graph" => assert!(git_ok(dir, &["commit-graph", "write", "--reachable"])),
        _ => unreachable!(),
    }
}

#[test]
fn every_walk_counts_what_git_counts() {
    let fx = fixture("widget");
    // A fresh fixture holds loose objects only: every commit is read one by one.
    let loose = walked(&fx.path);
    for how in ["packed", "deltas", "graph"] {
        store_as(&fx.path, how);
        assert_eq!(walked(&fx.path), loose, "widget, {how}");
    }
    let tmp = tempfile::tempdir().unwrap();
    // 5,000 commits: past the size where commits known in advance (from the
    // commit-graph) are read from the packs on every core rather than by id.
    for (seed, n) in [(3, 600), (11, 600), (5, 5000)] {
        let dir = tmp.path().join(format!("r{seed}.git"));
        random_history(&dir, seed, n);
        let packed = walked(&dir);
        for how in ["deltas", "graph", "packed"] {
            store_as(&dir, how);
            assert_eq!(walked(&dir), packed, "seed {seed}, {how}");
        }
    }
}
