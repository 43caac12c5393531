//! The security section on a scripted repository: every check against what
//! Scorecard's rules give for its files and signed tags, now and as of an
//! earlier date. Needs `gpg` and `ssh-keygen` (scripts/test.sh installs them).
mod common;

use common::{fixture, ts};
use radar_evidence::{InspectOptions, inspect};

fn at(as_of: &str) -> radar_evidence::Evidence {
    let f = fixture("security");
    let opts = InspectOptions {
        as_of: Some(ts(as_of)),
        ..Default::default()
    };
    inspect(&f.path, &opts).expect("inspect")
}

fn lost(e: &radar_evidence::Evidence, id: &str) -> Vec<String> {
    e.security.as_ref().unwrap().checks[id]
        .lost
        .iter()
        .filter_map(|l| l.at.clone())
        .collect()
}

#[test]
fn risky_repository_scores_as_scorecard_would() {
    let e = at("2024-07-01T00:00:00Z");
    let s = e.security.as_ref().expect("security section");
    let score = |id: &str| s.checks[id].score;
    assert_eq!(score("binary_artifacts"), Some(9));
    assert_eq!(lost(&e, "binary_artifacts"), ["tool"]);
    assert_eq!(score("dangerous_workflow"), Some(0));
    assert_eq!(
        lost(&e, "dangerous_workflow"),
        [
            ".github/workflows/triage.yml:9",
            ".github/workflows/triage.yml:14"
        ]
    );
    // Top-level write-all with a job declaring nothing: 0 for the whole check.
    assert_eq!(score("token_permissions"), Some(0));
    assert_eq!(
        lost(&e, "token_permissions"),
        [".github/workflows/triage.yml:4"]
    );
    // Actions 2 (pinned) + 2 + 8, image 10, curl|sh 10: 2 of 32 → 0.
    assert_eq!(score("pinned_dependencies"), Some(0));
    assert_eq!(
        lost(&e, "pinned_dependencies"),
        [
            ".github/workflows/triage.yml:9",
            ".github/workflows/triage.yml:15",
            "Dockerfile:1",
            "Dockerfile:2"
        ]
    );
    assert_eq!(score("security_policy"), Some(10));
    assert_eq!(score("dependency_update_tool"), Some(10));
    assert_eq!(score("license"), Some(10));
    // v1.3.0 lightweight, v1.2.0 unsigned, v1.1.0 SSH, v1.0.0 OpenPGP: (0+0+8+8)/4.
    assert_eq!(score("signed_releases"), Some(4));
    assert_eq!(
        lost(&e, "signed_releases"),
        ["refs/tags/v1.3.0", "refs/tags/v1.2.0"]
    );
    assert!(
        s.checks["signed_releases"]
            .evidence
            .iter()
            .any(|e| e.contains("SSH"))
    );
    assert!(
        s.checks["signed_releases"]
            .evidence
            .iter()
            .any(|e| e.contains("OpenPGP"))
    );
    assert_eq!(score("packaging"), None);
    // The broken workflow is a warning with its place, never a failure.
    assert!(
        e.warnings
            .iter()
            .any(|w| w.starts_with("workflow skipped: .github/workflows/broken.yml:")),
        "{:?}",
        e.warnings
    );
    let agg = s.aggregate.score.expect("conclusive checks");
    assert!(agg < 7.0, "{agg}");
    assert_eq!(s.aggregate.label, "git-visible checks");
    assert!(!s.aggregate.checks.contains(&"ci_tests".to_owned()));
}

#[test]
fn as_of_reads_the_repository_of_that_date() {
    let e = at("2024-03-01T00:00:00Z");
    let s = e.security.as_ref().unwrap();
    let score = |id: &str| s.checks[id].score;
    assert_eq!(score("binary_artifacts"), Some(10));
    assert_eq!(score("dangerous_workflow"), Some(10));
    assert_eq!(score("token_permissions"), Some(10));
    assert_eq!(score("pinned_dependencies"), Some(10));
    assert_eq!(score("signed_releases"), Some(8));
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    // The risks that arrived in June weigh on the aggregate.
    let later = at("2024-07-01T00:00:00Z");
    let (before, after) = (
        s.aggregate.score.unwrap(),
        later.security.unwrap().aggregate.score.unwrap(),
    );
    assert!(before - after >= 2.0, "{before} then {after}");
}
