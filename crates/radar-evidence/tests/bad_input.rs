//! Bad input: each case gets a clear, typed error or a result flagged as
//! partial, never a panic.

mod common;

use std::path::Path;

use common::{fixture, git, git_ok, ts};
use radar_evidence::{Error, InspectOptions, LifecycleStatus, inspect};

fn opts() -> InspectOptions {
    InspectOptions {
        as_of: Some(ts("2024-06-30T00:00:00Z")),
        ..Default::default()
    }
}

#[test]
fn not_a_repository_and_missing_path() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("file.txt"), "hi").unwrap();
    let err = inspect(tmp.path(), &opts()).unwrap_err();
    assert!(matches!(err, Error::NotARepository { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&tmp.path().display().to_string()),
        "{err}"
    );
    let missing = tmp.path().join("nope");
    let err = inspect(&missing, &opts()).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("nope"), "{err}");
}

#[test]
fn empty_repository() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(git_ok(tmp.path(), &["init", "-q", "--bare", "empty.git"]));
    let err = inspect(&tmp.path().join("empty.git"), &opts()).unwrap_err();
    assert!(matches!(err, Error::EmptyRepository { .. }), "{err:?}");
    assert!(err.to_string().contains("no commits"), "{err}");
    assert_eq!(
        radar_evidence::head_of(&tmp.path().join("empty.git")).unwrap(),
        None
    );
}

#[test]
fn shallow_clone_is_flagged_partial() {
    let fx = fixture("widget");
    let dest = fx.path.parent().unwrap().join("shallow.git");
    let url = format!("file://{}", fx.path.display());
    assert!(git_ok(
        fx.path.parent().unwrap(),
        &[
            "clone",
            "-q",
            "--bare",
            "--depth",
            "5",
            &url,
            dest.to_str().unwrap()
        ]
    ));
    let ev = inspect(&dest, &opts()).unwrap();
    assert!(ev.history.partial && ev.repository.partial);
    assert!(
        ev.warnings.iter().any(|w| w.contains("shallow")),
        "{:?}",
        ev.warnings
    );
    assert_eq!(
        ev.history.commits,
        git(&dest, &["rev-list", "--count", "HEAD"])
            .trim()
            .parse::<u64>()
            .unwrap()
    );
    assert_eq!(ev.history.commits, 5);
}

/// Loose object file of `id` in `repo`.
fn loose(repo: &Path, id: &str) -> std::path::PathBuf {
    repo.join(".git/objects").join(&id[..2]).join(&id[2..])
}

#[test]
fn missing_commit_object_gives_partial_history() {
    let fx = fixture("widget");
    // Remove an old commit on the first-parent line (the fixture's objects are loose).
    let victim = git(&fx.path, &["rev-parse", "HEAD~20"]).trim().to_owned();
    std::fs::remove_file(loose(&fx.path, &victim)).unwrap();
    let ev = inspect(&fx.path, &opts()).unwrap();
    assert!(ev.history.partial);
    assert!(
        ev.warnings
            .iter()
            .any(|w| w.contains(&victim[..7]) || w.contains("stopped early")),
        "{:?}",
        ev.warnings
    );
    assert!(
        ev.history.commits < 29 && ev.history.commits > 0,
        "{}",
        ev.history.commits
    );
}

/// Replaces a (read-only) loose object file's bytes.
fn overwrite(path: &Path, bytes: &[u8]) {
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(path, perms).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn corrupt_objects_do_not_panic() {
    let fx = fixture("widget");
    let victim = git(&fx.path, &["rev-parse", "HEAD~3"]).trim().to_owned();
    overwrite(&loose(&fx.path, &victim), b"this is not zlib data");
    let ev = inspect(&fx.path, &opts()).unwrap();
    assert!(ev.history.partial, "{:?}", ev.warnings);
    // A corrupt HEAD commit is an error naming the repository, not a panic.
    let head = git(&fx.path, &["rev-parse", "HEAD"]).trim().to_owned();
    overwrite(&loose(&fx.path, &head), b"garbage");
    match inspect(&fx.path, &opts()) {
        Ok(ev) => assert!(ev.history.partial, "{:?}", ev.warnings),
        Err(err) => assert!(
            err.to_string().contains(&fx.path.display().to_string()),
            "{err}"
        ),
    }
}

#[test]
fn odd_identities_and_huge_readme() {
    let fx = fixture("oddities");
    let ev = inspect(&fx.path, &opts()).unwrap();
    assert_eq!(ev.history.commits, 4, "{:?}", ev.warnings);
    assert_eq!(
        ev.history.contributors,
        git(&fx.path, &["shortlog", "-sne", "HEAD"]).lines().count() as u64
    );
    // The 50 MB README is not read: no lifecycle notice from it, and a warning says why.
    assert!(
        ev.warnings
            .iter()
            .any(|w| w.starts_with("README.md: ") && w.contains("too large")),
        "{:?}",
        ev.warnings
    );
    assert_ne!(ev.lifecycle.status, LifecycleStatus::Deprecated);
    assert!(ev.checks["readme"].passed);
    let unknown = ev
        .organizations
        .list
        .iter()
        .find(|o| o.name == "unknown")
        .unwrap();
    assert_eq!(unknown.commits, 1); // the empty email
    serde_json::to_string(&ev).unwrap();
}
