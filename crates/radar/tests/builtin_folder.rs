//! The built-in catalog's in-tree provider row names a folder of
//! kubernetes/kubernetes (`path: staging/src/k8s.io/legacy-cloud-providers/azure`).
//! When that repository is reachable, the row measures the folder, as
//! `git shortlog -sne HEAD -- PATH` counts it, while the catalog's other
//! rows of the same repository measure all of it. A scripted stand-in is
//! reached through an insteadOf rule; every other GitHub URL goes nowhere.

mod common;

use std::collections::HashMap;
use std::process::Command;

use common::{AS_OF, Commit, ok, radar, repo};
use serde_json::Value;

const FOLDER: &str = "staging/src/k8s.io/legacy-cloud-providers/azure";

fn shortlog(dir: &std::path::Path, path: &[&str]) -> u64 {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["shortlog", "-sne", "HEAD", "--"])
        .args(path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).lines().count() as u64
}

#[test]
fn the_in_tree_row_measures_its_folder_of_the_monorepo() {
    let tmp = tempfile::tempdir().unwrap();
    let repos = tmp.path().join("repos");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    // Six months: each month one change in the folder (three authors of two
    // companies) and one elsewhere (someone who never touches the folder).
    let folder_files: Vec<String> = (0..6).map(|i| format!("{FOLDER}/f{}.go", i % 2)).collect();
    let mut commits: Vec<Commit> = vec![
        (
            "2024-01-01T10:00:00Z",
            "root@k8s.io",
            "LICENSE",
            "Apache License\nVersion 2.0\n",
        ),
        (
            "2024-01-01T11:00:00Z",
            "root@k8s.io",
            "README.md",
            "# Kubernetes\n",
        ),
    ];
    let dates = [
        "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06",
    ];
    let folder_authors = ["ann@acme.com", "bob@globex.com", "cy@acme.com"];
    let days: Vec<(String, String)> = dates
        .iter()
        .map(|m| (format!("{m}-10T10:00:00Z"), format!("{m}-10T11:00:00Z")))
        .collect();
    for (i, (a, b)) in days.iter().enumerate() {
        commits.push((a, folder_authors[i % 3], &folder_files[i], dates[i]));
        commits.push((b, "dee@initech.com", "pkg/api/types.go", dates[i]));
    }
    let k8s = repo(
        &repos,
        "kubernetes",
        &commits,
        &[("v1.30.0", "2024-06-20T00:00:00Z")],
    );
    std::fs::write(
        home.join("gitconfig"),
        format!(
            "[url \"file://{}\"]\n\tinsteadOf = https://github.com/kubernetes/kubernetes\n\
             [url \"file:///nonexistent/radar-no-mirror/\"]\n\tinsteadOf = https://github.com/\n",
            k8s.display()
        ),
    )
    .unwrap();
    let db = format!("sqlite://{}", tmp.path().join("radar.db").display());
    let cache = tmp.path().join("cache");
    // No --catalog: the built-in one.
    let (_, stderr) = ok(radar(&home).args([
        "assess",
        "--as-of",
        AS_OF,
        "--database",
        &db,
        "--cache-dir",
        cache.to_str().unwrap(),
    ]));
    assert!(stderr.contains("<built-in>"), "{stderr}");
    assert!(
        !stderr.contains("unreachable  in-tree-legacy"),
        "the stand-in is reachable: {stderr}"
    );
    let (json, _) = ok(radar(&home).args(["report", "--format", "json", "--database", &db]));
    let report: Value = serde_json::from_str(&json).unwrap();
    let rows: HashMap<&str, &Value> = report["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let in_tree = rows["in-tree-legacy"];
    assert_eq!(in_tree["status"], "measured", "{in_tree}");
    // The folder's people (three), not the repository's (five).
    let (folder, whole) = (shortlog(&k8s, &[FOLDER]), shortlog(&k8s, &[]));
    assert_eq!((folder, whole), (3, 5), "the fixture's own figures");
    assert_eq!(in_tree["contributors"], folder, "{in_tree}");
    // The other rows of kubernetes/kubernetes have no folder: all of it.
    for id in ["windows-containers", "ipv4-v6-dual-stack"] {
        assert_eq!(rows[id]["status"], "measured", "{id}");
        assert_eq!(rows[id]["contributors"], whole, "{id}");
        assert_eq!(
            rows[id]["head"], in_tree["head"],
            "one repository, one commit"
        );
    }
    // Releases stay the repository's.
    assert_eq!(in_tree["latest_release"], "v1.30.0", "{in_tree}");
    // Everything else went nowhere, and says so.
    assert_eq!(rows["moby"]["status"], "unreachable", "{}", rows["moby"]);
}
