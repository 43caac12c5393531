//! Catalog rows of a monorepo's folder (`path:`) and of several repositories
//! (`additional_repos`) through `run_catalog`: a folder row gets the folder's
//! figures (as `git log -- PATH` counts them) under its own store key, a
//! project of several repositories the union of their evidence, and a
//! repository shared with another row is measured once.

use std::path::Path;
use std::process::Command;

use radar_pipeline::{Context, Options, Status, parse_as_of, run_catalog};
use radar_store::Store;

fn git(dir: &Path, args: &[&str], who: (&str, &str), date: &str) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const ANN: (&str, &str) = ("Ann", "ann@acme.com");
const BEN: (&str, &str) = ("Ben", "ben@corp.example");
const CID: (&str, &str) = ("Cid", "cid@other.example");

/// Commits `file` with `text` by `who` on `date`.
fn commit(dir: &Path, file: &str, text: &str, who: (&str, &str), date: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    git(dir, &["add", "-A"], who, date);
    git(dir, &["commit", "-q", "-m", file], who, date);
}

fn init(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    git(
        dir,
        &["init", "-q", "-b", "main"],
        ANN,
        "2024-01-01T00:00:00Z",
    );
}

/// A monorepo: the root's files and another plugin by Ben and Cid, the
/// folder `plugins/azure` by Ann (and one commit of Ben touching both).
fn monorepo(dir: &Path) {
    init(dir);
    commit(dir, "README.md", "# Mono", BEN, "2024-01-10T10:00:00Z");
    commit(
        dir,
        "CODE_OF_CONDUCT.md",
        "# Conduct",
        BEN,
        "2024-01-11T10:00:00Z",
    );
    commit(
        dir,
        "plugins/azure/main.go",
        "package azure",
        ANN,
        "2024-02-01T10:00:00Z",
    );
    commit(
        dir,
        "plugins/gcp/main.go",
        "package gcp",
        CID,
        "2024-02-02T10:00:00Z",
    );
    commit(
        dir,
        "plugins/gcp/b.go",
        "package gcp // b",
        CID,
        "2024-03-02T10:00:00Z",
    );
    std::fs::write(dir.join("plugins/azure/x.go"), "package azure // x").unwrap();
    commit(
        dir,
        "plugins/gcp/c.go",
        "package gcp // c",
        BEN,
        "2024-04-02T10:00:00Z",
    );
    commit(
        dir,
        "plugins/azure/README.md",
        "# Azure plugin",
        ANN,
        "2024-05-01T10:00:00Z",
    );
}

fn count(dir: &Path, path: &str) -> u64 {
    git(
        dir,
        &["rev-list", "--count", "HEAD", "--", path],
        ANN,
        "2024-01-01T00:00:00Z",
    )
    .trim()
    .parse()
    .unwrap()
}

fn options(dir: &Path) -> Options {
    Options {
        cache_dir: dir.join("cache"),
        as_of: Some(parse_as_of("2024-06-30").unwrap()),
        ..Options::default()
    }
}

#[test]
fn a_folder_row_measures_its_folder_and_a_project_of_several_repositories_their_union() {
    let tmp = tempfile::tempdir().unwrap();
    let mono = tmp.path().join("repos/mono");
    monorepo(&mono);
    let docs = tmp.path().join("repos/docs");
    init(&docs);
    commit(&docs, "index.md", "# Docs", ANN, "2024-02-10T10:00:00Z");
    commit(&docs, "guide.md", "# Guide", CID, "2024-03-10T10:00:00Z");
    let text = "areas:
- name: T
  projects:
  - name: Azure
    repo: ./repos/mono
    path: plugins/azure/
  - name: Mono
    repo: ./repos/mono
  - name: Azure docs
    repo: ./repos/mono
    path: plugins/azure
    additional_repos:
    - repo: ./repos/docs
      role: docs
  - name: Docs
    repo: ./repos/docs
";
    let path = tmp.path().join("catalog.yaml");
    std::fs::write(&path, text).unwrap();
    let loaded = radar_catalog::load(&path).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("r.db").display());
    let store = rt.block_on(Store::connect(&url)).unwrap();
    let ctx = Context::new(
        &loaded,
        Some(store.clone()),
        options(tmp.path()),
        rt.handle().clone(),
    )
    .unwrap();
    let report = run_catalog(&ctx, 2, &radar_pipeline::NoProgress).unwrap();
    let get = |id: &str| report.results.iter().find(|r| r.project_id == id).unwrap();
    for id in ["azure", "mono", "azure-docs", "docs"] {
        assert_eq!(get(id).status, Status::Measured, "{id}");
    }

    // The folder row: the folder's figures, not the repository's.
    let azure = get("azure").evidence.clone().unwrap();
    assert_eq!(
        azure.repository.path_filter.as_deref(),
        Some("plugins/azure")
    );
    assert_eq!(azure.history.commits, count(&mono, "plugins/azure"));
    assert_eq!(azure.history.commits, 3, "the fixture's own figure");
    assert_eq!(
        azure.history.contributors, 2,
        "Ann and Ben touched the folder"
    );
    let whole = get("mono").evidence.clone().unwrap();
    assert_eq!(whole.history.commits, count(&mono, "."));
    assert_eq!(whole.history.commits, 7);
    // The monorepo's code of conduct lives at the root: the folder row has it.
    assert!(azure.checks["code_of_conduct"].passed);
    // The store tells the folder from the repository.
    let azure_key = get("azure").repo_url.clone().unwrap();
    let mono_key = get("mono").repo_url.clone().unwrap();
    assert!(
        azure_key.ends_with("repos/mono#path=plugins/azure"),
        "{azure_key}"
    );
    assert!(mono_key.ends_with("repos/mono"), "{mono_key}");

    // The project of several repositories: the folder and the docs, united.
    let union = get("azure-docs").evidence.clone().unwrap();
    assert_eq!(union.members.len(), 2);
    assert_eq!(union.members[1].role.as_deref(), Some("docs"));
    assert_eq!(union.history.commits, 3 + 2);
    assert_eq!(union.history.contributors, 3, "Ann is one person in both");
    // Its primary's own figures are the folder row's (one measurement).
    assert_eq!(union.members[0].commits, azure.history.commits);
    assert_eq!(report.repositories, 4, "azure, mono, azure + docs, docs");

    // A second run reuses each repository's and folder's evidence; the union
    // is never taken for its primary's own evidence.
    let again = run_catalog(&ctx, 2, &radar_pipeline::NoProgress).unwrap();
    let get2 = |id: &str| again.results.iter().find(|r| r.project_id == id).unwrap();
    assert_eq!(get2("azure").status, Status::Reused);
    assert_eq!(get2("mono").status, Status::Reused);
    let azure2 = get2("azure").evidence.clone().unwrap();
    assert!(azure2.members.is_empty());
    assert_eq!(azure2.history.commits, 3);
    assert_eq!(get2("mono").evidence.clone().unwrap().history.commits, 7);
    assert_eq!(
        get2("azure-docs")
            .evidence
            .clone()
            .unwrap()
            .history
            .contributors,
        3
    );
}
