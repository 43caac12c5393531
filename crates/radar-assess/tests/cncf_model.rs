//! The calibrated rules of the built-in CNCF model (docs/calibration.md):
//! the TOC's votes answered by proxies until someone attests them, the
//! committer and commit-flow bars, the versioning scheme and the adopters
//! proxy. The healthy test evidence states no CNCF level, has 240
//! contributors and a published audit, so it supports graduated.

mod common;

use common::*;
use radar_assess::Assessment;
use radar_assess::criteria::{CriterionResult, Status};
use serde_json::{Value, json};

fn criterion<'a>(a: &'a Assessment, id: &str) -> &'a CriterionResult {
    a.levels
        .iter()
        .flat_map(|l| &l.criteria)
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no criterion {id}"))
}

fn supported(a: &Assessment) -> Option<&str> {
    a.supported.as_ref().map(|l| l.id.as_str())
}

fn stated(level: &str) -> Value {
    json!({"checks": {"foundation_status": {
        "passed": true, "evidence": "README.md:3",
        "value": {"foundation": "CNCF", "level": level}
    }}})
}

fn graduated_claim() -> radar_catalog::Project {
    project("CNCF: graduated", &[])
}

#[test]
fn a_stated_level_decides_the_votes() {
    let p = graduated_claim();
    let a = run(&p, stated("sandbox"));
    assert_eq!(status_of(&a, "toc-due-diligence"), Status::Fail);
    assert!(criterion(&a, "toc-due-diligence").proxy);
    assert_eq!(
        supported(&a),
        Some("sandbox"),
        "240 contributors do not outvote the project's own word"
    );

    let a = run(&p, stated("incubating"));
    assert_eq!(status_of(&a, "toc-due-diligence"), Status::Pass);
    assert_eq!(
        status_of(&a, "toc-graduation-vote"),
        Status::Fail,
        "an audit does not outvote it either"
    );
    assert_eq!(supported(&a), Some("incubating"));

    let a = run(&p, stated("graduated"));
    assert_eq!(status_of(&a, "toc-graduation-vote"), Status::Pass);
    assert_eq!(supported(&a), Some("graduated"));
}

#[test]
fn without_a_statement_size_age_and_an_audit_stand_in() {
    let p = graduated_claim();
    // Small and young: the incubation vote's proxy fails.
    let small = json!({"history": {"contributors": 100, "age_days": 2000}});
    let a = run(&p, small.clone());
    assert_eq!(status_of(&a, "toc-due-diligence"), Status::Fail);
    assert_eq!(supported(&a), Some("sandbox"));
    // Ten years with 1.0 releases: it holds, whatever the contributor count.
    let old = json!({"history": {"contributors": 100, "age_days": 3700}});
    assert_eq!(status_of(&run(&p, old), "toc-due-diligence"), Status::Pass);
    // 150 contributors: it holds.
    let a = run(
        &p,
        json!({"history": {"contributors": 150, "age_days": 2000}}),
    );
    assert_eq!(status_of(&a, "toc-due-diligence"), Status::Pass);
    // No published audit: the graduation vote's proxy fails, incubating at most.
    let a = run(&p, json!({"checks": {"security_audit": {"passed": false}}}));
    assert_eq!(status_of(&a, "toc-graduation-vote"), Status::Fail);
    assert!(criterion(&a, "toc-graduation-vote").proxy);
    assert_eq!(supported(&a), Some("incubating"));
    // And the audit criterion itself proves only one way: unknown, not fail.
    assert_eq!(status_of(&a, "security-audit"), Status::Unknown);
}

#[test]
fn an_attestation_overrides_a_proxy() {
    let p = attest(graduated_claim(), "toc-due-diligence", "yes", "2025-10-01");
    let a = run(&p, stated("sandbox"));
    let c = criterion(&a, "toc-due-diligence");
    assert_eq!(c.status, Status::Attested);
    assert!(!c.proxy, "an attested result is not a proxy's");
}

#[test]
fn healthy_committers_count_listed_maintainers() {
    let p = graduated_claim();
    // One person wrote most of the year, but 22 people committed and 3 maintainers are listed.
    let lead = json!({"contributor_absence_factor": 1, "history": {"active_contributors_365d": 22},
                      "checks": {"maintainers": {"passed": true, "value": 3, "evidence": "MAINTAINERS"}}});
    assert_eq!(
        status_of(&run(&p, lead), "healthy-committers"),
        Status::Pass
    );
    // The same with one maintainer listed: one person carries it.
    let alone = json!({"contributor_absence_factor": 1, "history": {"active_contributors_365d": 22},
                       "checks": {"maintainers": {"passed": true, "value": 1, "evidence": "MAINTAINERS"}}});
    assert_eq!(
        status_of(&run(&p, alone), "healthy-committers"),
        Status::Fail
    );
    // Four people in the year are too few for the maintainers' branch.
    let few = json!({"contributor_absence_factor": 1, "history": {"active_contributors_365d": 4}});
    assert_eq!(status_of(&run(&p, few), "healthy-committers"), Status::Fail);
}

/// The healthy monthly series (2024-02 to 2026-01, 40 commits a month) with
/// `quiet` months set to no commit.
fn monthly(quiet: &[&str], commits: u64) -> Value {
    let months: Vec<Value> = (0..24)
        .map(|i| {
            let (y, m) = (2024 + (i + 1) / 12, (i + 1) % 12 + 1);
            let month = format!("{y}-{m:02}");
            let n = if quiet.contains(&month.as_str()) {
                0
            } else {
                commits
            };
            json!({"month": month, "commits": n, "authors": u64::from(n > 0)})
        })
        .collect();
    json!({"history": {"monthly": months}})
}

#[test]
fn commit_flow_is_three_active_quarters_and_twelve_commits() {
    let p = graduated_claim();
    let mut one_quiet_quarter = monthly(&["2025-05", "2025-06", "2025-07"], 40);
    one_quiet_quarter["history"]["commits_365d"] = json!(360);
    assert_eq!(
        status_of(&run(&p, one_quiet_quarter), "commit-flow"),
        Status::Pass
    );
    let mut two = monthly(
        &[
            "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10",
        ],
        40,
    );
    two["history"]["commits_365d"] = json!(240);
    assert_eq!(status_of(&run(&p, two), "commit-flow"), Status::Fail);
    // A slow specification: 12 commits in the year pass, 11 do not.
    let mut slow = monthly(&[], 1);
    slow["history"]["commits_365d"] = json!(12);
    assert_eq!(
        status_of(&run(&p, slow.clone()), "commit-flow"),
        Status::Pass
    );
    slow["history"]["commits_365d"] = json!(11);
    assert_eq!(status_of(&run(&p, slow), "commit-flow"), Status::Fail);
}

#[test]
fn versioning_is_one_consistent_scheme_and_unknown_without_tags() {
    let p = graduated_claim();
    let four = json!({"releases": {"scheme": {"name": "four-part", "share": 1.0, "tags": 20, "consistent": true, "example": "v1.1.0.3"}}});
    assert_eq!(status_of(&run(&p, four), "versioning-scheme"), Status::Pass);
    let mixed = json!({"releases": {"scheme": {"name": "mixed", "share": 0.55, "tags": 20, "consistent": false, "example": "v1.2.0"}}});
    assert_eq!(
        status_of(&run(&p, mixed), "versioning-scheme"),
        Status::Fail
    );
    let none = json!({"releases": {"scheme": ABSENT, "count": 0, "product_count": 0, "latest": ABSENT,
                                   "latest_stable": ABSENT, "count_365d": 0, "reached_1_0": false}});
    let a = run(&p, none);
    assert_eq!(
        status_of(&a, "versioning-scheme"),
        Status::Unknown,
        "its releases may come from another repository"
    );
    assert_eq!(status_of(&a, "release-process"), Status::Unknown);
}

#[test]
fn the_adopters_proxy_only_passes() {
    let p = graduated_claim();
    let a = run(&p, json!({}));
    let c = criterion(&a, "production-adopters");
    assert_eq!((c.status, c.proxy), (Status::Pass, true));
    let short =
        json!({"checks": {"adopters": {"passed": true, "value": 2, "evidence": "ADOPTERS.md"}}});
    assert_eq!(
        status_of(&run(&p, short), "production-adopters"),
        Status::Unknown
    );
}
