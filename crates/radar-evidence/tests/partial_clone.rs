//! Partial clones measure exactly what complete clones measure: fixture
//! repositories served over loopback by `git daemon`, once from a
//! repository that serves filters (Radar then clones without trees and
//! files and fetches what it reads) and once from one that does not (Radar
//! then gets a complete clone), and the whole evidence compared.
//!
//! One test function on purpose: it sets GIT_CONFIG_GLOBAL for the process.

mod common;

use std::path::Path;
use std::time::Duration;

use common::serve::{GitServer, daemon_available};
use common::{fixture, git, git_ok, ts};
use radar_evidence::{Cache, FetchOptions, InspectOptions, Synced, Transport, inspect};

/// The evidence as JSON, without the one field that must differ (where the copy is).
fn json(git_dir: &Path, opts: &InspectOptions) -> serde_json::Value {
    let ev = inspect(git_dir, opts).unwrap_or_else(|e| panic!("{}: {e}", git_dir.display()));
    let mut v = serde_json::to_value(ev).unwrap();
    v["repository"]
        .as_object_mut()
        .unwrap()
        .remove("path")
        .expect("repository.path");
    v
}

/// Panics naming the keys that differ, with both values.
fn assert_same(left: serde_json::Value, right: serde_json::Value, what: &str) {
    if left == right {
        return;
    }
    let mut diff = String::new();
    for (k, v) in left.as_object().unwrap() {
        if right.get(k) != Some(v) {
            diff.push_str(&format!(
                "\n{k}:\n  partial:  {v}\n  complete: {}",
                right[k]
            ));
        }
    }
    panic!("{what}: the evidence differs{diff}");
}

fn opts(synced: &Synced, as_of: &str, path: Option<&str>) -> InspectOptions {
    InspectOptions {
        as_of: Some(ts(as_of)),
        path: path.map(str::to_owned),
        source: Some("the-same-url".into()),
        promisor: synced.promisor.clone(),
        ..Default::default()
    }
}

/// Objects a repository refers to but does not have.
fn missing(git_dir: &Path) -> usize {
    git(
        git_dir,
        &["rev-list", "--objects", "--all", "--missing=print"],
    )
    .lines()
    .filter(|l| l.starts_with('?'))
    .count()
}

#[test]
fn partial_clones_measure_what_complete_clones_measure() {
    if !daemon_available() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "git daemon is needed (Debian's git package has it)"
        );
        eprintln!("skipped: git daemon is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // SAFETY: this test binary has a single test; nothing else reads the environment concurrently.
    unsafe {
        std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
        std::env::set_var("GIT_CONFIG_GLOBAL", "/dev/null");
        std::env::set_var("HOME", tmp.path());
    }
    let root = tmp.path().join("srv");
    // (fixture, measurements: as-of date and folder)
    type Measurements<'a> = &'a [(&'a str, Option<&'a str>)];
    let cases: [(&str, Measurements); 3] = [
        (
            "widget",
            &[
                ("2024-06-30T00:00:00Z", None),
                ("2021-12-31T23:59:59Z", None),
            ],
        ),
        (
            "monorepo",
            &[
                ("2024-06-30T00:00:00Z", Some("plugins/azure")),
                ("2021-06-30T00:00:00Z", Some("plugins/azure")),
                ("2024-06-30T00:00:00Z", None),
            ],
        ),
        ("releases", &[("2025-01-01T00:00:00Z", None)]),
    ];
    let mut fixtures = Vec::new();
    for (name, _) in &cases {
        let fx = fixture(name);
        for (kind, filter) in [("filter", true), ("plain", false)] {
            let bare = root.join(kind).join(format!("{name}.git"));
            assert!(git_ok(
                tmp.path(),
                &[
                    "clone",
                    "-q",
                    "--bare",
                    fx.path.to_str().unwrap(),
                    bare.to_str().unwrap()
                ]
            ));
            if filter {
                assert!(git_ok(&bare, &["config", "uploadpack.allowFilter", "true"]));
            }
        }
        fixtures.push(fx);
    }
    let server = GitServer::start(&root);
    let fetch = FetchOptions {
        timeout: Duration::from_secs(120),
        ..Default::default()
    };
    let complete = Cache::new(tmp.path().join("complete"));
    let partial = Cache::new(tmp.path().join("partial"));
    let (mut sent_complete, mut sent_partial) = (0, 0);
    for (name, measurements) in &cases {
        let before = server.sent();
        let full = complete
            .sync(&server.url(&format!("plain/{name}.git")), &fetch)
            .unwrap();
        sent_complete += server.sent() - before;
        // The server does not filter: a complete clone, nothing to fetch later.
        assert!(full.promisor.is_none(), "{name}");
        assert_eq!(full.transfer.as_ref().unwrap().filter, None, "{name}");
        assert_eq!(missing(&full.git_dir), 0, "{name}");

        let before = server.sent();
        let part = partial
            .sync(&server.url(&format!("filter/{name}.git")), &fetch)
            .unwrap();
        assert_eq!(
            part.transfer.as_ref().unwrap().filter.as_deref(),
            Some("tree:0"),
            "{name}"
        );
        assert!(part.promisor.is_some(), "{name}");
        for (as_of, path) in *measurements {
            assert_same(
                json(&part.git_dir, &opts(&part, as_of, *path)),
                json(&full.git_dir, &opts(&full, as_of, *path)),
                &format!("{name} as of {as_of}, folder {path:?}"),
            );
        }
        sent_partial += server.sent() - before;
        // Only what was read was fetched: the copy is still partial.
        assert!(missing(&part.git_dir) > 0, "{name}: everything was fetched");
    }
    assert!(
        sent_partial < sent_complete,
        "partial clones and what they fetched: {sent_partial} bytes, complete clones: {sent_complete}"
    );

    // Without the promisor a fresh partial clone lacks the files the checks
    // read, and the evidence says so instead of passing off wrong figures.
    let bare_cache = Cache::new(tmp.path().join("no-promisor"));
    let url = server.url("filter/widget.git");
    let synced = bare_cache.sync(&url, &fetch).unwrap();
    let ev = inspect(
        &synced.git_dir,
        &InspectOptions {
            as_of: Some(ts("2024-06-30T00:00:00Z")),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        ev.warnings
            .iter()
            .any(|w| w.contains("not in this partial clone")),
        "{:?}",
        ev.warnings
    );
    // Offline (--no-fetch) there is no promisor either.
    let offline = bare_cache
        .sync(
            &url,
            &FetchOptions {
                no_fetch: true,
                ..fetch.clone()
            },
        )
        .unwrap();
    assert!(offline.promisor.is_none());

    // A cache entry from an earlier Radar (gix's complete clone) is fetched
    // by git when upstream moves, and measures as a fresh clone does.
    let old = Cache::new(tmp.path().join("old"));
    let gix_only = FetchOptions {
        transport: Transport::Gix,
        ..fetch.clone()
    };
    let url = server.url("filter/widget.git");
    let first = old.sync(&url, &gix_only).unwrap();
    assert!(first.promisor.is_none() && missing(&first.git_dir) == 0);
    let work = &fixtures[0].path;
    let out = std::process::Command::new("git")
        .current_dir(work)
        .env("GIT_AUTHOR_NAME", "Late")
        .env("GIT_AUTHOR_EMAIL", "late@acme.com")
        .env("GIT_AUTHOR_DATE", "2024-07-01T00:00:00 +0000")
        .env("GIT_COMMITTER_NAME", "Late")
        .env("GIT_COMMITTER_EMAIL", "late@acme.com")
        .env("GIT_COMMITTER_DATE", "2024-07-01T00:00:00 +0000")
        .args(["commit", "-q", "--allow-empty", "-m", "later"])
        .status()
        .unwrap();
    assert!(out.success());
    for kind in ["filter", "plain"] {
        let bare = root.join(kind).join("widget.git");
        assert!(git_ok(
            work,
            &["push", "-q", bare.to_str().unwrap(), "main"]
        ));
    }
    let again = old.sync(&url, &fetch).unwrap();
    assert!(again.fetched && again.promisor.is_none());
    assert_eq!(
        again.head.as_deref(),
        Some(git(work, &["rev-parse", "HEAD"]).trim())
    );
    let fresh = Cache::new(tmp.path().join("fresh"));
    let new = fresh.sync(&url, &fetch).unwrap();
    assert_same(
        json(&again.git_dir, &opts(&again, "2024-07-02T00:00:00Z", None)),
        json(&new.git_dir, &opts(&new, "2024-07-02T00:00:00Z", None)),
        "an old complete entry fetched by git",
    );
    // And a partial entry follows upstream too (its fetch keeps the filter).
    let moved = partial.sync(&url, &fetch).unwrap();
    assert_eq!(moved.head, again.head);
    assert!(moved.promisor.is_some());
    assert_same(
        json(&moved.git_dir, &opts(&moved, "2024-07-02T00:00:00Z", None)),
        json(&new.git_dir, &opts(&new, "2024-07-02T00:00:00Z", None)),
        "a partial entry after a fetch",
    );
}
