//! Levels, criteria and claims, on synthetic evidence.

mod common;

use common::*;
use radar_assess::assess::{ClaimStatus, LevelStatus, LifecycleState, RepositoryState};
use radar_assess::criteria::Status;
use radar_assess::{Assessment, EvidenceOutcome, Models, assess, assess_with_facts};
use serde_json::json;

fn supported(a: &Assessment) -> Option<&str> {
    a.supported.as_ref().map(|l| l.id.as_str())
}

#[test]
fn a_healthy_graduated_project_is_supported_and_flagged_for_nothing() {
    let a = run(&project("CNCF: graduated", &["v1"]), json!({}));
    assert_eq!(a.model.as_ref().unwrap().id, "cncf");
    assert_eq!(supported(&a), Some("graduated"));
    assert_eq!(a.claim_status, ClaimStatus::Matches);
    assert_eq!(a.exit, None);
    assert_eq!(a.next, None);
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
    assert_eq!(a.lifecycle.status, LifecycleState::Active);
    assert_eq!(a.repository.status, RepositoryState::Measured);
    assert_eq!(a.project.id, "widget");
    assert_eq!(a.project.area.as_deref(), Some("Area"));
    // Manual criteria nobody attested are unknown, not failures; a proxy
    // answers for one until someone attests it, and says so.
    assert_eq!(status_of(&a, "toc-sandbox-vote"), Status::Unknown);
    let audit = a.levels[2]
        .criteria
        .iter()
        .find(|c| c.id == "security-audit")
        .unwrap();
    assert_eq!((audit.status, audit.proxy), (Status::Pass, true));
    assert!(
        audit.evidence[0].starts_with("proxy (a person's attestation overrides it)"),
        "{:?}",
        audit.evidence
    );
    assert_eq!(a.levels[0].status, LevelStatus::Open);
    assert_eq!(
        a.levels
            .iter()
            .find(|l| l.id == "graduated")
            .unwrap()
            .status,
        LevelStatus::Met
    );
}

#[test]
fn automatic_criteria_pass_fail_or_stay_unknown_with_their_evidence() {
    let a = run(
        &project("CNCF: sandbox", &[]),
        json!({"checks": {"code_of_conduct": {"passed": false}, "license": ABSENT}}),
    );
    let coc = a.levels[0]
        .criteria
        .iter()
        .find(|c| c.id == "code-of-conduct")
        .unwrap();
    assert_eq!(coc.status, Status::Fail);
    assert_eq!(coc.evidence, ["checks.code_of_conduct.passed = false"]);
    let lic = a.levels[0]
        .criteria
        .iter()
        .find(|c| c.id == "license")
        .unwrap();
    assert_eq!(lic.status, Status::Unknown);
    assert_eq!(lic.evidence, ["checks.license.passed: not measured"]);
    let committers = a.levels[1]
        .criteria
        .iter()
        .find(|c| c.id == "healthy-committers")
        .unwrap();
    assert_eq!(committers.status, Status::Pass);
    assert_eq!(
        committers.evidence,
        [
            "history.active_contributors_365d = 30",
            "contributor_absence_factor = 4",
            "checks.maintainers.value = 6"
        ]
    );
}

#[test]
fn a_failing_must_criterion_blocks_its_level_and_all_above() {
    let a = run(
        &project("CNCF: incubating", &[]),
        json!({"checks": {"code_of_conduct": {"passed": false}}}),
    );
    assert_eq!(a.levels[0].status, LevelStatus::Blocked);
    assert_eq!(supported(&a), None);
    assert_eq!(a.claim_status, ClaimStatus::AheadOfEvidence);
    assert_eq!(a.next.as_ref().unwrap().id, "sandbox");
    assert_eq!(a.gaps[0].criterion, "code-of-conduct");
    assert_eq!(a.gaps[0].status, Status::Fail);
    assert!(rules(&a).contains(&"claim-ahead-of-evidence"));
}

#[test]
fn should_criteria_and_unknowns_are_gaps_not_blockers() {
    // AzCNU sandbox: no CLA bot (should), best-effort support unmeasured (no GitHub source).
    let p = project("Azure: sandbox", &["v1"]);
    let a = run(
        &p,
        json!({"checks": {"cla": {"passed": false}, "maintainers": ABSENT}}),
    );
    assert_eq!(a.model.as_ref().unwrap().id, "azcnu");
    // Without GitHub's checks on a merged pull request, a missing CLA file is not proof of no CLA bot.
    assert_eq!(status_of(&a, "cla-bot"), Status::Unknown);
    assert_eq!(status_of(&a, "best-effort-support"), Status::Unknown);
    assert_eq!(status_of(&a, "maintainers-2"), Status::Unknown);
    assert_eq!(a.levels[0].status, LevelStatus::Open);
    // Every level has positive evidence and no failing must criterion.
    assert_eq!(supported(&a), Some("graduation"));
    assert_eq!(a.claim_status, ClaimStatus::BehindEvidence);
    assert_eq!(a.levels[2].status, LevelStatus::Open);
    // Graduation fails on its must criteria: maintainers-4 is unknown, but no roadmap fails.
    let a = run(&p, json!({"checks": {"roadmap": {"passed": false}}}));
    assert_eq!(supported(&a), Some("incubating"));
    assert_eq!(a.next.as_ref().unwrap().id, "graduation");
    assert_eq!(
        a.gaps[0].criterion, "roadmap",
        "blockers first: {:#?}",
        a.gaps
    );
    assert!(
        a.gaps
            .iter()
            .any(|g| g.criterion == "sla-slo" && g.status == Status::Unknown)
    );
}

#[test]
fn a_level_is_never_supported_by_silence() {
    let models = Models::from_file_text(
        r#"models:
  - id: silent
    name: Silent
    source: https://example.org
    bodies: [Acme]
    levels:
      - id: one
        name: One
        tier: early
        claims: [sandbox]
        criteria:
          - id: responsive
            title: Answers issues
            check: github.first_response.all.median_hours <= 48
"#,
        "models.yaml",
    )
    .unwrap();
    let p = project("Acme: sandbox", &[]);
    let e = evidence(json!({}));
    let a = assess(
        &p,
        &catalog_of(&p),
        EvidenceOutcome::Measured(&e),
        &models,
        as_of(),
    );
    assert_eq!(status_of(&a, "responsive"), Status::Unknown);
    assert_eq!(supported(&a), None);
    // With the GitHub facts the same criterion passes.
    let extra = json!({"github": {"first_response": {"all": {"median_hours": 20.5}}}});
    let a = assess_with_facts(
        &p,
        &catalog_of(&p),
        EvidenceOutcome::Measured(&e),
        extra.as_object().unwrap(),
        &models,
        as_of(),
    );
    assert_eq!(status_of(&a, "responsive"), Status::Pass);
    assert_eq!(supported(&a), Some("one"));
    assert_eq!(a.claim_status, ClaimStatus::Matches);
}

#[test]
fn manual_criteria_are_unknown_until_attested() {
    let p = project("CNCF: incubating", &[]);
    // No adopters list: the proxy cannot answer.
    let none = json!({"checks": {"adopters": ABSENT}});
    let a = run(&p, none.clone());
    assert_eq!(status_of(&a, "production-adopters"), Status::Unknown);
    let c = a.levels[1]
        .criteria
        .iter()
        .find(|c| c.id == "production-adopters")
        .unwrap();
    assert!(
        c.evidence.iter().any(|e| e.starts_with("not attested")),
        "{:?}",
        c.evidence
    );
    // A short list is no proof of few adopters: still unknown, not a failure.
    let a = run(
        &p,
        json!({"checks": {"adopters": {"passed": true, "value": 2, "evidence": "ADOPTERS.md"}}}),
    );
    assert_eq!(status_of(&a, "production-adopters"), Status::Unknown);

    let a = run(
        &attest(p.clone(), "production-adopters", "5 adopters", "2025-11-02"),
        none.clone(),
    );
    assert_eq!(status_of(&a, "production-adopters"), Status::Attested);
    let c = a.levels[1]
        .criteria
        .iter()
        .find(|c| c.id == "production-adopters")
        .unwrap();
    assert_eq!(
        c.evidence.last().map(String::as_str),
        Some("attested \"5 adopters\" on 2025-11-02 (https://example.org/evidence)")
    );
    assert!(!c.attestation.as_ref().unwrap().stale);
    assert!(a.findings.is_empty(), "{:#?}", a.findings);

    // A negative attestation fails the criterion, whatever the proxy says.
    let a = run(
        &attest(p.clone(), "production-adopters", "no", "2025-11-02"),
        json!({}),
    );
    assert_eq!(status_of(&a, "production-adopters"), Status::Fail);
    assert_eq!(supported(&a), Some("sandbox"));
}

#[test]
fn the_latest_attestation_counts() {
    let p = attest(
        attest(
            project("CNCF: incubating", &[]),
            "toc-due-diligence",
            "done",
            "2025-06-01",
        ),
        "toc-due-diligence",
        "no",
        "2024-01-01",
    );
    // The README still says sandbox (its proxy fails); the newest attestation decides.
    let sandbox = json!({"checks": {"foundation_status": {"passed": true, "value": {"foundation": "CNCF", "level": "sandbox"}, "evidence": "README.md:3"}}});
    let a = run(&p, sandbox);
    assert_eq!(status_of(&a, "toc-due-diligence"), Status::Attested);
}

#[test]
fn an_attestation_decides_over_a_failing_or_unknown_check_but_not_a_pass() {
    let p = attest(
        project("CNCF: sandbox", &[]),
        "code-of-conduct",
        "adopted in the org-wide .github repository",
        "2025-12-01",
    );
    let a = run(
        &p,
        json!({"checks": {"code_of_conduct": {"passed": false}}}),
    );
    assert_eq!(status_of(&a, "code-of-conduct"), Status::Attested);
    let c = &a.levels[0]
        .criteria
        .iter()
        .find(|c| c.id == "code-of-conduct")
        .unwrap();
    assert_eq!(
        c.evidence.len(),
        2,
        "both the check and the attestation: {:?}",
        c.evidence
    );
    let a = run(&p, json!({}));
    assert_eq!(status_of(&a, "code-of-conduct"), Status::Pass);
}

#[test]
fn stale_and_invalid_attestations_are_flagged() {
    let p = attest(
        project("CNCF: incubating", &[]),
        "production-adopters",
        "3 adopters",
        "2024-06-30",
    );
    let a = run(&p, json!({"checks": {"adopters": ABSENT}}));
    assert_eq!(
        status_of(&a, "production-adopters"),
        Status::Attested,
        "stale still counts"
    );
    assert_eq!(rules(&a), ["stale-attestation"]);

    let p = attest(
        project("CNCF: incubating", &[]),
        "production-adoptres",
        "3",
        "2025-06-30",
    );
    let a = run(&p, json!({}));
    assert_eq!(rules(&a), ["invalid-attestation"]);
    assert!(
        a.findings[0]
            .message
            .contains("did you mean `production-adopters`?"),
        "{}",
        a.findings[0].message
    );

    let p = attest(
        project("CNCF: incubating", &[]),
        "production-adopters",
        "3",
        "2026-03-01",
    );
    let a = run(&p, json!({"checks": {"adopters": ABSENT}}));
    assert_eq!(
        status_of(&a, "production-adopters"),
        Status::Unknown,
        "dated after the as-of date"
    );
    assert_eq!(rules(&a), ["invalid-attestation"]);

    let p = attest(
        project("CNCF: incubating", &[]),
        "production-adopters",
        "3",
        "last spring",
    );
    let a = run(&p, json!({"checks": {"adopters": ABSENT}}));
    assert_eq!(status_of(&a, "production-adopters"), Status::Unknown);
    assert!(
        a.findings[0].message.contains("not YYYY-MM-DD"),
        "{:#?}",
        a.findings
    );
    // An older attestation that does not count is reported too, not just the latest.
    let p = attest(
        attest(
            project("CNCF: incubating", &[]),
            "production-adopters",
            "3",
            "2025-09-01",
        ),
        "production-adopters",
        "4",
        "Sept 2024",
    );
    let a = run(&p, json!({"checks": {"adopters": ABSENT}}));
    assert_eq!(status_of(&a, "production-adopters"), Status::Attested);
    assert_eq!(rules(&a), ["invalid-attestation"]);
}

#[test]
fn derived_facts_come_from_the_monthly_series() {
    // Commits only in two of the last four quarters: no steady flow.
    let monthly = json!([
        {"month": "2025-02", "commits": 30, "authors": 3},
        {"month": "2025-11", "commits": 30, "authors": 3}
    ]);
    let a = run(
        &project("CNCF: incubating", &[]),
        json!({"history": {"monthly": monthly}}),
    );
    assert_eq!(status_of(&a, "commit-flow"), Status::Fail);
    let c = a.levels[1]
        .criteria
        .iter()
        .find(|c| c.id == "commit-flow")
        .unwrap();
    assert_eq!(c.evidence[0], "history.active_quarters_4 = 2");
    // The newest tags mix two schemes evenly: not one scheme.
    let a = run(
        &project("CNCF: incubating", &[]),
        json!({"releases": {"scheme": {"name": "semver", "share": 0.5, "tags": 20, "consistent": false, "example": "v1.0.0"}}}),
    );
    let c = a.levels[1]
        .criteria
        .iter()
        .find(|c| c.id == "versioning-scheme")
        .unwrap();
    assert_eq!(c.evidence, ["releases.scheme.consistent = false"]);
    assert_eq!(c.status, Status::Fail);
    // No version tag at all: unknown (the project may release elsewhere).
    let a = run(
        &project("CNCF: incubating", &[]),
        json!({"releases": {"scheme": ABSENT}}),
    );
    assert_eq!(status_of(&a, "versioning-scheme"), Status::Unknown);
}

#[test]
fn kubernetes_stages_read_the_rows_api_versions() {
    let a = run(&project("CNCF: stable", &["v1", "v1beta1"]), json!({}));
    assert_eq!(a.model.as_ref().unwrap().id, "kubernetes");
    assert_eq!(status_of(&a, "api-stable"), Status::Fail);
    assert_eq!(supported(&a), Some("beta"));
    assert_eq!(a.claim_status, ClaimStatus::AheadOfEvidence);
    let a = run(&project("CNCF: stable", &["v1"]), json!({}));
    assert_eq!(supported(&a), Some("stable"));
}

#[test]
fn an_announced_end_of_life_is_the_exit() {
    let patch = json!({"lifecycle": {"status": "deprecated", "evidence": "README.md:1: This project is deprecated"}});
    let a = run(&project("Azure: incubating", &["v1"]), patch.clone());
    assert_eq!(a.exit.as_ref().unwrap().id, "archive");
    assert_eq!(a.next, None);
    assert!(a.gaps.is_empty());
    assert_eq!(a.claim_status, ClaimStatus::AheadOfEvidence);
    // The catalog already says so: the claim is confirmed.
    let a = run(&project("Azure: archived", &["v1"]), patch);
    assert_eq!(a.claim_status, ClaimStatus::Matches);
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
    // Claimed archived, but the repository does not say so.
    let a = run(&project("CNCF: archived", &[]), json!({}));
    assert_eq!(a.claim_status, ClaimStatus::Unconfirmed);
}

#[test]
fn without_evidence_nothing_is_supported() {
    let p = project("CNCF: graduated", &["v1"]);
    let a = run_without(&p, EvidenceOutcome::NoRepository);
    assert_eq!(a.supported, None);
    assert_eq!(a.claim_status, ClaimStatus::Unverified);
    assert_eq!(a.repository.status, RepositoryState::None);
    assert_eq!(a.lifecycle.status, LifecycleState::Unknown);
    assert_eq!(a.as_of, as_of());
    assert!(a.summary.is_none());
    assert!(
        a.levels
            .iter()
            .flat_map(|l| &l.criteria)
            .all(|c| c.status == Status::Unknown)
    );
}

#[test]
fn placeholder_and_not_applicable_claims_are_unclaimed() {
    let a = run(&project("CNCF: ??", &["v1"]), json!({}));
    assert_eq!(a.claim_status, ClaimStatus::Unclaimed);
    assert_eq!(a.claimed.text.as_deref(), Some("??"));
    assert_eq!(supported(&a), Some("graduated"));
    let a = run(&project("Moby: ??", &["N/A"]), json!({}));
    assert!(a.model.as_ref().unwrap().reason.contains("`Moby`"));
}

#[test]
fn the_assessment_json_round_trips_with_stable_names() {
    let p = attest(
        project("CNCF: incubating", &["v1beta1"]),
        "production-adopters",
        "3",
        "2025-10-01",
    );
    let a = run(
        &p,
        json!({"checks": {"security_policy": {"passed": false}, "adopters": ABSENT}}),
    );
    let text = serde_json::to_string_pretty(&a).unwrap();
    let back: Assessment = serde_json::from_str(&text).unwrap();
    assert_eq!(back, a);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["claimed"]["level"], "incubating");
    assert_eq!(v["claim_status"], "ahead-of-evidence");
    assert_eq!(v["supported"]["id"], "sandbox");
    assert_eq!(v["api"]["overall"], "beta");
    assert_eq!(v["levels"][1]["criteria"][0]["status"], "pass");
    assert_eq!(v["levels"][1]["criteria"][0]["proxy"], true);
    assert_eq!(v["levels"][1]["criteria"][1]["id"], "production-adopters");
    assert_eq!(v["levels"][1]["criteria"][1]["status"], "attested");
    assert_eq!(v["levels"][1]["status"], "blocked");
    assert_eq!(v["gaps"][0]["criterion"], "security-process");
    assert_eq!(v["lifecycle"]["status"], "active");
    assert_eq!(v["summary"]["latest_release"]["tag"], "v2.3.0");
}

#[test]
fn assessment_is_deterministic() {
    let p = project("Azure: incubating", &["v1alpha1"]);
    assert_eq!(run(&p, json!({})), run(&p, json!({})));
}

/// The criteria the guidelines ask for that only GitHub can show: unknown
/// without the GitHub source, judged from its figures with it.
#[test]
fn criteria_only_github_can_show() {
    let p = project("Azure: incubating", &["v1"]);
    let github_only = [
        "best-effort-support",
        "reviewed-prs",
        "cla-bot",
        "issue-and-pr-flow",
    ];
    let without = run(&p, json!({"checks": {"cla": {"passed": false}}}));
    for id in github_only {
        assert_eq!(
            status_of(&without, id),
            Status::Unknown,
            "{id} without a token"
        );
    }
    let e = evidence(json!({"checks": {"cla": {"passed": false}}}));
    let with_github = |facts: serde_json::Value| {
        radar_assess::assess_with_facts(
            &p,
            &catalog_of(&p),
            EvidenceOutcome::Measured(&e),
            facts.as_object().unwrap(),
            &Models::builtin(),
            as_of(),
        )
    };
    let busy = with_github(json!({"github": {
        "first_response": {"all": {"opened": 40, "median_hours": 20.0}},
        "merged_pull_requests": {"merged": 30, "reviewed_share": 0.9},
        "latest_merged_pull_request": {"has_cla": true}
    }}));
    for id in github_only {
        assert_eq!(
            status_of(&busy, id),
            Status::Pass,
            "{id} with GitHub's figures"
        );
    }
    let criterion = busy
        .levels
        .iter()
        .flat_map(|l| &l.criteria)
        .find(|c| c.id == "best-effort-support")
        .unwrap();
    assert!(
        criterion
            .evidence
            .contains(&"github.first_response.all.median_hours = 20.0".to_owned()),
        "{:?}",
        criterion.evidence
    );
    let a = with_github(json!({"github": {
        "first_response": {"all": {"opened": 4, "median_hours": 400.0}},
        "merged_pull_requests": {"merged": 3, "reviewed_share": 0.2},
        "latest_merged_pull_request": {"has_cla": false}
    }}));
    for id in github_only {
        assert_eq!(status_of(&a, id), Status::Fail, "{id} with poor figures");
    }
    // best-effort support is a must of the sandbox rung: failing it supports no level.
    assert_eq!(supported(&a), None);
    // CNCF asks for a flow of merged contributions too (a should: a gap, never a blocker).
    let cncf = project("CNCF: incubating", &["v1"]);
    assert_eq!(
        status_of(&run(&cncf, json!({})), "merged-contributions"),
        Status::Unknown
    );
}

#[test]
fn the_summary_names_the_newest_release_that_is_not_a_pre_release() {
    // Gatekeeper's case: the newest tag is `v3.24.0-beta.0`.
    let beta = json!({"tag": "v2.4.0-beta.0", "version": "2.4.0-beta.0", "date": "2026-02-01T00:00:00Z", "component": null, "prerelease": true});
    let stable = json!({"tag": "v2.3.0", "version": "2.3.0", "date": "2026-01-10T00:00:00Z", "component": null, "prerelease": false});
    let a = run(
        &project("CNCF: graduated", &["v1"]),
        json!({"releases": {"latest": beta, "recent": [beta, stable]}}),
    );
    let r = a.summary.as_ref().unwrap().latest_release.as_ref().unwrap();
    assert_eq!(r.tag, "v2.3.0");
    // With no pre-release on top, the newest tag is the one.
    let a = run(&project("CNCF: graduated", &["v1"]), json!({}));
    let r = a.summary.as_ref().unwrap().latest_release.as_ref().unwrap();
    assert_eq!(r.tag, "v2.3.0");
}
