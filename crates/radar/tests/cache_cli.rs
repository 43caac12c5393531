//! `radar cache` and `radar cache prune` end to end, on a worker machine
//! (a cache and the database, no catalog file) with SQLite and, when the
//! server binaries are installed, PostgreSQL; and with a catalog file.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{AS_OF, entry, four_repos, gitconfig, ok, radar};
use serde_json::Value;

fn catalog(dir: &Path, name: &str, repos: &[&str]) -> std::path::PathBuf {
    let projects: String = repos
        .iter()
        .map(|r| entry(r, r, Some(r), "CNCF", "sandbox", ""))
        .collect();
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("title: Cache fixtures\nareas:\n- name: Tools\n  projects:\n{projects}"),
    )
    .unwrap();
    path
}

/// `radar cache --format json` → (url, filter, bytes) per repository.
fn listed(home: &Path, cache: &Path) -> Vec<(String, Value, u64)> {
    let (json, _) = ok(radar(home)
        .current_dir(home)
        .args(["cache", "--format", "json", "--cache-dir"])
        .arg(cache));
    let v: Value = serde_json::from_str(&json).unwrap();
    v["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(r["last_fetched"].is_string(), "{r}");
            (
                r["url"].as_str().unwrap_or("").to_owned(),
                r["filter"].clone(),
                r["bytes"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn urls(home: &Path, cache: &Path) -> Vec<String> {
    listed(home, cache).into_iter().map(|r| r.0).collect()
}

fn fixture_url(r: &str) -> String {
    format!("https://github.com/fixture-org/{r}")
}

fn a_worker_machine_prunes_what_the_store_no_longer_names(db: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let repos = four_repos(tmp.path());
    // The machine that queues the catalog…
    let admin = tmp.path().join("admin");
    gitconfig(&admin, &repos);
    let all = ["healthy", "oldtool", "retired", "sleepy"];
    let full = catalog(tmp.path(), "catalog.yaml", &all);
    ok(radar(&admin)
        .args([
            "assess",
            "--enqueue",
            "--as-of",
            AS_OF,
            "--database",
            db,
            "--catalog",
        ])
        .arg(&full));
    // …and a worker machine: a cache, the database, no catalog file.
    let worker = tmp.path().join("worker");
    gitconfig(&worker, &repos);
    let cache = worker.join("cache");
    let (_, err) = ok(radar(&worker)
        .current_dir(&worker)
        .args([
            "worker",
            "--exit-when-done",
            "--database",
            db,
            "--cache-dir",
        ])
        .arg(&cache));
    // Not a terminal: one line per repository cloned, with what it received.
    for r in all {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("clone {}: ", fixture_url(r)))
                    && l.contains(" objects, ")
                    && l.ends_with("(partial: tree:0)")),
            "{r}:\n{err}"
        );
    }
    let mut before = listed(&worker, &cache);
    before.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        before.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
        all.map(fixture_url)
    );
    assert!(
        before.iter().all(|r| r.1 == "tree:0" && r.2 > 0),
        "{before:?}"
    );
    let (text, _) = ok(radar(&worker)
        .current_dir(&worker)
        .args(["cache", "--cache-dir"])
        .arg(&cache));
    assert!(text.contains(": 4 repositories, "), "{text}");
    assert!(
        text.contains("tree:0") && text.contains("fixture-org/sleepy"),
        "{text}"
    );

    // A repository nobody names any more, and a clone interrupted long ago.
    let stray = cache.join("github.com/fixture-org/stray.git");
    assert!(
        std::process::Command::new("git")
            .args(["clone", "-q", "--bare"])
            .arg(repos.join("sleepy"))
            .arg(&stray)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .unwrap()
            .success()
    );
    let leftover = cache.join("github.com/fixture-org/.tmp-big.git-12345");
    std::fs::create_dir_all(leftover.join("objects")).unwrap();
    assert!(
        std::process::Command::new("touch")
            .args(["-d", "2001-01-01T00:00:00Z"])
            .arg(&leftover)
            .status()
            .unwrap()
            .success()
    );
    let (out, _) = ok(radar(&worker)
        .current_dir(&worker)
        .args([
            "cache",
            "prune",
            "--dry-run",
            "--database",
            db,
            "--cache-dir",
        ])
        .arg(&cache));
    assert!(out.contains("would remove 2 repositories"), "{out}");
    assert!(
        stray.exists() && leftover.exists(),
        "a dry run removes nothing"
    );
    let (out, _) = ok(radar(&worker)
        .current_dir(&worker)
        .args(["cache", "prune", "--database", db, "--cache-dir"])
        .arg(&cache));
    assert!(
        out.contains("(named by no catalog)") && out.contains("(unfinished clone)"),
        "{out}"
    );
    assert!(
        out.contains("removed 2 repositories") && out.contains("; 4 kept"),
        "{out}"
    );
    assert!(!stray.exists() && !leftover.exists());
    let mut left = urls(&worker, &cache);
    left.sort();
    assert_eq!(
        left,
        all.map(fixture_url),
        "the store's latest run names these"
    );

    // The catalog shrinks: its next run names two repositories only.
    let small = catalog(tmp.path(), "catalog.yaml", &["healthy", "sleepy"]);
    ok(radar(&admin)
        .args([
            "assess",
            "--enqueue",
            "--as-of",
            AS_OF,
            "--database",
            db,
            "--catalog",
        ])
        .arg(&small));
    let (out, _) = ok(radar(&worker)
        .current_dir(&worker)
        .args(["cache", "prune", "--database", db, "--cache-dir"])
        .arg(&cache));
    assert!(out.contains("removed 2 repositories"), "{out}");
    let mut left = urls(&worker, &cache);
    left.sort();
    assert_eq!(left, ["healthy", "sleepy"].map(fixture_url));
    assert!(
        !cache.join("github.com/fixture-org/oldtool.git").exists(),
        "{:?}",
        std::fs::read_dir(cache.join("github.com/fixture-org"))
            .unwrap()
            .collect::<Vec<_>>()
    );

    // Not fetched for a while: removed even though named.
    std::thread::sleep(Duration::from_millis(1100));
    let (out, _) = ok(radar(&worker)
        .current_dir(&worker)
        .args([
            "cache",
            "prune",
            "--older-than",
            "1s",
            "--database",
            db,
            "--cache-dir",
        ])
        .arg(&cache));
    assert!(
        out.contains("(not fetched recently)") && out.contains("removed 2"),
        "{out}"
    );
    assert!(urls(&worker, &cache).is_empty());
    assert!(
        !cache.join("github.com").exists(),
        "no empty folders are left behind"
    );
}

#[test]
fn sqlite_worker_machine_cache() {
    let tmp = tempfile::tempdir().unwrap();
    a_worker_machine_prunes_what_the_store_no_longer_names(&format!(
        "sqlite://{}",
        tmp.path().join("q.db").display()
    ));
}

#[test]
fn postgres_worker_machine_cache() {
    let Some((_server, url)) = common::postgres("cache") else {
        return;
    };
    a_worker_machine_prunes_what_the_store_no_longer_names(&url);
}

#[test]
fn a_catalog_file_names_what_to_keep() {
    let tmp = tempfile::tempdir().unwrap();
    let repos = four_repos(tmp.path());
    let home = tmp.path().join("home");
    gitconfig(&home, &repos);
    let cache = home.join("cache");
    let db = format!("sqlite://{}", tmp.path().join("radar.db").display());
    let full = catalog(tmp.path(), "full.yaml", &["healthy", "oldtool", "sleepy"]);
    let (_, err) = ok(radar(&home)
        .current_dir(&home)
        .args(["assess", "--as-of", AS_OF, "--database", &db, "--cache-dir"])
        .arg(&cache)
        .arg("--catalog")
        .arg(&full));
    assert!(
        err.contains(&format!("clone {}: ", fixture_url("oldtool"))),
        "{err}"
    );
    // A catalog naming one of them, and no store (nothing assessed with it).
    let one = catalog(tmp.path(), "one.yaml", &["sleepy"]);
    let none = format!("sqlite://{}", tmp.path().join("none.db").display());
    let (out, _) = ok(radar(&home)
        .current_dir(&home)
        .args(["cache", "prune", "--database", &none, "--catalog"])
        .arg(&one)
        .arg("--cache-dir")
        .arg(&cache));
    assert!(
        out.contains("removed 2 repositories") && out.contains("; 1 kept"),
        "{out}"
    );
    assert!(
        !tmp.path().join("none.db").exists(),
        "pruning creates no database"
    );
    assert_eq!(urls(&home, &cache), [fixture_url("sleepy")]);
    // The kept copy still measures (a re-run fetches into it).
    let (_, err) = ok(radar(&home)
        .current_dir(&home)
        .args(["assess", "--as-of", AS_OF, "--database", &db, "--cache-dir"])
        .arg(&cache)
        .arg("--catalog")
        .arg(&one));
    assert!(
        err.contains("fetch https://github.com/fixture-org/sleepy: up to date"),
        "{err}"
    );
}
