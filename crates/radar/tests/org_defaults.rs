//! Organisation defaults end to end: a repository without a code of conduct
//! or security policy of its own inherits the ones in its owner's `.github`
//! repository (as GitHub shows them), through the same cache, offline too;
//! an owner without a `.github` repository is normal, not an error.

mod common;

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use common::repo;
use serde_json::Value;

const DAY: &str = "2025-01-10T10:00:00Z";

/// `repos/acme/widget` (code, README, license), `repos/acme/.github`
/// (code of conduct, security policy, issue templates, and a README whose
/// governance heading must not be inherited) and `repos/solo/tool` (an
/// owner without a `.github` repository), behind `https://github.com/`.
fn fixtures(root: &Path) {
    let acme = root.join("repos/acme");
    std::fs::create_dir_all(&acme).unwrap();
    repo(
        &acme,
        "widget",
        &[
            (DAY, "ann@acme.com", "README.md", "# Widget\nA widget.\n"),
            (
                DAY,
                "ann@acme.com",
                "LICENSE",
                "Apache License\nVersion 2.0\n",
            ),
        ],
        &[("v1.0.0", "2025-01-11T10:00:00Z")],
    );
    repo(
        &acme,
        ".github",
        &[
            (
                DAY,
                "ann@acme.com",
                "README.md",
                "# Acme\n## Governance\nAsk us.\n",
            ),
            (
                DAY,
                "ann@acme.com",
                "CODE_OF_CONDUCT.md",
                "# Code of conduct\nBe kind.\n",
            ),
            (
                DAY,
                "ann@acme.com",
                ".github/SECURITY.md",
                "# Security\nMail security@acme.com.\n",
            ),
            (
                DAY,
                "ann@acme.com",
                "ISSUE_TEMPLATE/bug.md",
                "---\nname: Bug\n---\n",
            ),
        ],
        &[],
    );
    repo(
        &root.join("repos/solo"),
        "tool",
        &[(DAY, "sam@solo.dev", "README.md", "# Tool\n")],
        &[],
    );
    std::fs::write(
        root.join("gitconfig"),
        format!(
            "[url \"file://{}/\"]\n\tinsteadOf = https://github.com/\n",
            root.join("repos").display()
        ),
    )
    .unwrap();
}

fn radar(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("radar").unwrap();
    cmd.current_dir(home)
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("RADAR_CACHE_DIR", home.join("cache"))
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_TOKENS")
        .env_remove("RADAR_GITHUB_API")
        .env_remove("RADAR_DATABASE_URL")
        .env_remove("RADAR_CATALOG");
    cmd
}

fn inspect(home: &Path, url: &str, extra: &[&str]) -> Value {
    let out = radar(home)
        .args(["inspect", url, "--as-of", "2025-06-30", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn community_files_come_from_the_owners_github_repository() {
    let tmp = tempfile::tempdir().unwrap();
    fixtures(tmp.path());
    let v = inspect(tmp.path(), "https://github.com/acme/widget", &[]);
    let coc = &v["checks"]["code_of_conduct"];
    assert_eq!(coc["passed"], true, "{coc}");
    assert_eq!(coc["evidence"], "CODE_OF_CONDUCT.md");
    assert_eq!(coc["origin"]["kind"], "organization-default");
    assert_eq!(coc["origin"]["repository"], "acme/.github");
    assert_eq!(
        v["checks"]["security_policy"]["evidence"],
        ".github/SECURITY.md"
    );
    assert_eq!(
        v["checks"]["issue_templates"]["evidence"],
        "ISSUE_TEMPLATE/"
    );
    // A README heading of the .github repository is not a file GitHub applies.
    assert_eq!(v["checks"]["governance"]["passed"], false);
    assert!(v["checks"]["governance"]["origin"].is_null());
    // Its own files stay its own.
    assert!(v["checks"]["license"]["origin"].is_null());

    // Offline: the cached `.github` copy still serves.
    let v = inspect(
        tmp.path(),
        "https://github.com/acme/widget",
        &["--no-fetch"],
    );
    assert_eq!(
        v["checks"]["code_of_conduct"]["origin"]["repository"],
        "acme/.github"
    );

    // The text output says where an inherited file is.
    let out = radar(tmp.path())
        .args([
            "inspect",
            "https://github.com/acme/widget",
            "--as-of",
            "2025-06-30",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("Code of conduct") && l.contains("(inherited from acme/.github)")),
        "{text}"
    );
}

#[test]
fn an_owner_without_a_github_repository_is_normal() {
    let tmp = tempfile::tempdir().unwrap();
    fixtures(tmp.path());
    let out = radar(tmp.path())
        .args([
            "inspect",
            "https://github.com/solo/tool",
            "--as-of",
            "2025-06-30",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains(".github"),
        "nothing to say about it: {stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["checks"]["code_of_conduct"]["passed"], false);
    assert!(
        v["warnings"].as_array().is_none_or(|w| w.is_empty()),
        "{}",
        v["warnings"]
    );
}

#[test]
fn the_assessment_passes_an_inherited_code_of_conduct() {
    let tmp = tempfile::tempdir().unwrap();
    fixtures(tmp.path());
    let catalog = tmp.path().join("radar.yaml");
    std::fs::write(
        &catalog,
        "areas:\n- name: A\n  projects:\n  - name: Widget\n    repo: https://github.com/acme/widget\n    state:\n      body: CNCF\n      level: sandbox\n  - name: Tool\n    repo: https://github.com/solo/tool\n    state:\n      body: CNCF\n      level: sandbox\n",
    )
    .unwrap();
    let out = radar(tmp.path())
        .args(["assess", "--as-of", "2025-06-30", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("2 measured"),
        "the .github repository is not a project of its own: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = radar(tmp.path())
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let blockers = |id: &str| -> Vec<String> {
        v["projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["criterion"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        !blockers("widget").contains(&"code-of-conduct".to_owned()),
        "{:?}",
        blockers("widget")
    );
    assert!(
        blockers("tool").contains(&"code-of-conduct".to_owned()),
        "{:?}",
        blockers("tool")
    );
}
