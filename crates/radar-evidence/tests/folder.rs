//! A folder of a monorepo (`InspectOptions::path`): history as `git log --
//! PATH` lists it, contributors as `git shortlog -sne HEAD -- PATH`, file
//! checks in the folder before the root, compared with the git CLI on the
//! scripted `monorepo` fixture and on generated random histories.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

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

/// A small pseudo-random generator (no dependency, fixed seeds: every run
/// builds the same histories).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// A history of `n` commits on a few branches with merges, where each
/// commit adds, changes, deletes, renames or re-modes files under a handful
/// of folders, written with `git fast-import`.
fn random_history(dir: &Path, seed: u64, n: u64) {
    let mut rng = Lcg(seed);
    let files = [
        "a/x", "a/y", "a/b/x", "a/b/c/x", "a/b/c/y", "ab/x", "b/x", "c/d/x", "top",
    ];
    let mut stream = String::new();
    // Each branch's last commit (marks are 1..=n).
    let mut tips: Vec<Option<u64>> = vec![None; 4];
    for i in 1..=n {
        let branch = rng.next(4) as usize;
        let t = 1_600_000_000 + i * 3600;
        let who = rng.next(7);
        stream.push_str(&format!(
            "commit refs/heads/b{branch}\nmark :{i}\nauthor P{who} <p{who}@e{}.example> {t} +0000\ncommitter P{who} <p{who}@x.example> {t} +0000\ndata 4\nc{:02}\n",
            who % 3,
            i % 100
        ));
        if let Some(tip) = tips[branch] {
            stream.push_str(&format!("from :{tip}\n"));
        } else if let Some(other) = tips.iter().flatten().next() {
            // A new branch starts from another one (a single root, mostly).
            if rng.next(5) > 0 {
                stream.push_str(&format!("from :{other}\n"));
            }
        }
        // Sometimes merge another branch in.
        if rng.next(4) == 0
            && let Some(other) = tips
                .iter()
                .enumerate()
                .filter(|(b, t)| *b != branch && t.is_some())
                .map(|(_, t)| t.unwrap())
                .nth(rng.next(3) as usize)
            && tips[branch].is_some()
        {
            stream.push_str(&format!("merge :{other}\n"));
        }
        for _ in 0..rng.next(3) {
            let f = files[rng.next(files.len() as u64) as usize];
            match rng.next(6) {
                0 => stream.push_str(&format!("D {f}\n")),
                // A move: what the path walk sees (no rename detection in `git log -- PATH`).
                1 => {
                    let to = files[rng.next(files.len() as u64) as usize];
                    stream.push_str(&format!(
                        "D {f}\nM 100644 inline {to}\ndata 2\nm{}\n",
                        rng.next(3)
                    ));
                }
                2 => stream.push_str(&format!("M 100755 inline {f}\ndata 2\nv{}\n", rng.next(3))),
                _ => stream.push_str(&format!("M 100644 inline {f}\ndata 2\nv{}\n", rng.next(3))),
            }
        }
        stream.push('\n');
        tips[branch] = Some(i);
    }
    // Everything merged into b0, which HEAD names.
    std::fs::create_dir_all(dir).unwrap();
    assert!(common::git_ok(dir, &["init", "-q", "--bare", "-b", "b0"]));
    let mut child = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
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
