//! Every finding rule, where it fires and where it must not.

mod common;

use common::*;
use radar_assess::{EvidenceOutcome, Severity};
use serde_json::json;

#[test]
fn a_healthy_project_at_every_level_has_no_findings() {
    for state in [
        "CNCF: sandbox",
        "CNCF: incubating",
        "CNCF: graduated",
        "Azure: sandbox",
        "Azure: incubation",
        "CNCF: stable",
        "Kubernetes: beta",
    ] {
        let a = run(&project(state, &["v1"]), json!({}));
        let flags: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .collect();
        assert!(flags.is_empty(), "{state}: {flags:#?}");
    }
}

#[test]
fn announced_end_of_life_fires_when_the_catalog_still_lists_an_active_level() {
    let patch = json!({"lifecycle": {"status": "archived", "evidence": "README.md:3: This repository is archived and no longer maintained"}});
    let a = run(&project("Azure: incubation", &["v1"]), patch.clone());
    assert_eq!(rules(&a), ["announced-end-of-life"]);
    let f = &a.findings[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "the repository announces the project is archived, but the catalog lists it as `Azure: incubation`"
    );
    assert_eq!(
        f.evidence,
        [
            "README.md:3: This repository is archived and no longer maintained",
            "catalog: Azure: incubation"
        ]
    );
    // A placeholder state is not an end-of-life claim either.
    let a = run(&project("CNCF: ??", &[]), patch.clone());
    assert!(rules(&a).contains(&"announced-end-of-life"));
    // Negative: the catalog says so already; or the repository is active.
    for state in ["Azure: archived", "CNCF: deprecated", "Foo: winding down"] {
        assert!(
            run(&project(state, &[]), patch.clone()).findings.is_empty(),
            "{state}"
        );
    }
    assert!(!fires(
        "Azure: incubation",
        &["v1"],
        json!({}),
        "announced-end-of-life"
    ));
}

#[test]
fn github_archived_is_an_end_of_life_too() {
    let p = project("CNCF: sandbox", &["v1"]);
    let extra = json!({"github": {"archived": true}});
    let a = run_extra(&p, extra);
    assert_eq!(rules(&a), ["announced-end-of-life"]);
    assert_eq!(
        a.findings[0].evidence[0],
        "GitHub marks the repository as archived"
    );
    assert_eq!(a.exit.as_ref().unwrap().id, "archived");
    // `null` (unknown) and `false` change nothing.
    for archived in [json!(null), json!(false)] {
        let extra = json!({"github": {"archived": archived}});
        let a = run_extra(&p, extra);
        assert!(a.findings.is_empty(), "{archived}: {:#?}", a.findings);
    }
}

#[test]
fn inactive_after_365_days_without_a_commit() {
    let old = json!({"history": {"last_commit": "2024-12-01T00:00:00Z", "commits_365d": 0}});
    let a = run(&project("CNCF: sandbox", &["v1"]), old.clone());
    assert!(rules(&a).contains(&"inactive"));
    let f = a.findings.iter().find(|f| f.rule == "inactive").unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "no commit for 426 days (last on 2024-12-01); the project looks abandoned"
    );
    // 300 days is still active.
    let a = run(
        &project("CNCF: sandbox", &["v1"]),
        json!({"history": {"last_commit": "2025-04-06T00:00:00Z"}}),
    );
    assert!(!rules(&a).contains(&"inactive"));
    // Already known to have ended: nothing to add.
    assert!(!fires("CNCF: archived", &["v1"], old.clone(), "inactive"));
    let deprecated = json!({"history": {"last_commit": "2024-12-01T00:00:00Z"}, "lifecycle": {"status": "deprecated", "evidence": "README.md:1"}});
    assert_eq!(
        rules(&run(&project("CNCF: sandbox", &["v1"]), deprecated)),
        ["announced-end-of-life"]
    );
}

#[test]
fn no_recent_release_after_18_months() {
    let release = |date: &str| json!({"releases": {"latest": {"tag": "v1.0.0", "version": "1.0.0", "date": date, "component": null, "prerelease": false}}});
    let a = run(
        &project("CNCF: sandbox", &["v1"]),
        release("2024-07-15T00:00:00Z"),
    );
    assert_eq!(rules(&a), ["no-recent-release"]);
    assert_eq!(
        a.findings[0].message,
        "no release since v1.0.0 (2024-07-15), more than 18 months before 2026-01-31"
    );
    // 17 months: fine.
    assert!(
        run(
            &project("CNCF: sandbox", &["v1"]),
            release("2024-09-01T00:00:00Z")
        )
        .findings
        .is_empty()
    );
}

#[test]
fn no_recent_release_spares_projects_that_do_not_release_through_tags() {
    let never = json!({"releases": {"count": 0, "latest": null, "latest_stable": null, "count_365d": 0, "other_tags": 0, "reached_1_0": false}});
    // A specification or a feature with no API version: no release expected.
    for apis in [&["N/A"][..], &[], &["v1beta1"]] {
        let a = run(&project("Azure: sandbox", apis), never.clone());
        assert!(
            !rules(&a).contains(&"no-recent-release"),
            "{apis:?}: {:#?}",
            a.findings
        );
    }
    // The catalog lists a semantic version, but nothing was ever tagged.
    let a = run(&project("Azure: sandbox", &["v0.6.0"]), never.clone());
    assert!(rules(&a).contains(&"no-recent-release"));
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "no-recent-release")
        .unwrap();
    assert_eq!(
        f.message,
        "the catalog lists version v0.6.0 but the repository has never tagged a release"
    );
    // ... unless the repository is younger than 18 months.
    let young =
        json!({"releases": never["releases"], "history": {"first_commit": "2025-03-01T00:00:00Z"}});
    assert!(!fires(
        "Azure: sandbox",
        &["v0.6.0"],
        young,
        "no-recent-release"
    ));
}

fn dominated(share: f64, commits: u64) -> serde_json::Value {
    json!({
        "history": {"commits_365d": commits},
        "organizations": {"list": [
            {"name": "microsoft.com", "kind": "organization", "commits": 900, "share": share, "commits_365d": (share * commits as f64) as u64, "share_365d": share, "contributors": 12},
            {"name": "independent", "kind": "independent", "commits": 100, "share": 1.0 - share, "commits_365d": 1, "share_365d": 1.0 - share, "contributors": 5}
        ]}
    })
}

#[test]
fn single_organization_at_incubating_or_above() {
    let a = run(&project("Azure: incubation", &["v1"]), dominated(0.94, 300));
    assert!(rules(&a).contains(&"single-organization"));
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "single-organization")
        .unwrap();
    assert_eq!(
        f.message,
        "microsoft.com wrote 94% of last year's commits; a project at this level should not depend on one organisation"
    );
    assert!(fires(
        "CNCF: graduated",
        &["v1"],
        dominated(0.9, 300),
        "single-organization"
    ));
    // Negative: below incubating, below 90%, too few commits, or only independents.
    assert!(!fires(
        "Azure: sandbox",
        &["v1"],
        dominated(0.94, 300),
        "single-organization"
    ));
    assert!(!fires(
        "CNCF: incubating",
        &["v1"],
        dominated(0.85, 300),
        "single-organization"
    ));
    assert!(!fires(
        "CNCF: incubating",
        &["v1"],
        dominated(0.94, 8),
        "single-organization"
    ));
    let independents = json!({"organizations": {"list": [
        {"name": "independent", "kind": "independent", "commits": 900, "share": 0.97, "commits_365d": 290, "share_365d": 0.97, "contributors": 50}
    ]}});
    assert!(!fires(
        "CNCF: incubating",
        &["v1"],
        independents,
        "single-organization"
    ));
}

#[test]
fn single_organization_is_judged_on_commits_by_people() {
    // Dependabot's 200 updates neither hide one company's 95 of the 100
    // commits people wrote …
    let with_bots = |org: u64, bots: u64, independent: u64| {
        json!({
            "history": {"commits_365d": org + bots + independent},
            "organizations": {"list": [
                {"name": "bots", "kind": "bot", "commits": bots, "share": 0.5, "commits_365d": bots, "share_365d": 0.5, "contributors": 2},
                {"name": "microsoft.com", "kind": "organization", "commits": org, "share": 0.4, "commits_365d": org, "share_365d": 0.4, "contributors": 9},
                {"name": "independent", "kind": "independent", "commits": independent, "share": 0.1, "commits_365d": independent, "share_365d": 0.1, "contributors": 3}
            ]}
        })
    };
    let a = run(&project("CNCF: incubating", &["v1"]), with_bots(95, 200, 5));
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "single-organization")
        .expect("fires on people's commits");
    assert!(
        f.message.starts_with("microsoft.com wrote 95% "),
        "{}",
        f.message
    );
    assert_eq!(
        f.evidence[0],
        "organizations: microsoft.com wrote 95 of 100 commits by people (0.950); 200 commits by bots left out"
    );
    let summary = a.summary.as_ref().unwrap();
    assert_eq!(
        (summary.bot_commits_365d, summary.people_commits_365d()),
        (200, 100)
    );
    // … nor make a handful of people's commits look like a year's work.
    assert!(!fires(
        "CNCF: incubating",
        &["v1"],
        with_bots(8, 300, 0),
        "single-organization"
    ));
}

#[test]
fn alpha_api_in_a_row_claimed_stable() {
    let a = run(&project("CNCF: stable", &["alpha"]), json!({}));
    assert!(rules(&a).contains(&"alpha-api-in-stable-row"));
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "alpha-api-in-stable-row")
        .unwrap();
    assert_eq!(
        f.message,
        "the row claims `stable` but lists an alpha version (API: alpha): alpha APIs may change or vanish without notice"
    );
    assert!(fires(
        "CNCF: graduated",
        &["v1", "v1alpha2"],
        json!({}),
        "alpha-api-in-stable-row"
    ));
    // Negative: stable versions, or a level that makes no stability claim.
    assert!(!fires(
        "CNCF: stable",
        &["v1"],
        json!({}),
        "alpha-api-in-stable-row"
    ));
    assert!(!fires(
        "CNCF: incubating",
        &["v1alpha2"],
        json!({}),
        "alpha-api-in-stable-row"
    ));
}

#[test]
fn placeholders_in_the_row() {
    let a = run(&project("Moby: ??", &["N/A"]), json!({}));
    assert_eq!(rules(&a), ["placeholder"]);
    assert_eq!(a.findings[0].evidence, ["catalog: state: `??`"]);
    let a = run(&project("CNCF: sandbox", &["TODO"]), json!({}));
    assert_eq!(rules(&a), ["placeholder"]);
    assert!(
        run(&project("CNCF: N/A", &["N/A"]), json!({}))
            .findings
            .is_empty()
    );
}

#[test]
fn unreachable_repository() {
    let p = project("CNCF: incubating", &["v1"]);
    let a = run_without(
        &p,
        EvidenceOutcome::Unreachable {
            url: "https://example.org/gone",
            error: "HTTP 404",
        },
    );
    assert_eq!(rules(&a), ["unreachable"]);
    assert_eq!(a.findings[0].severity, Severity::Error);
    assert_eq!(
        a.findings[0].evidence,
        ["https://example.org/gone: HTTP 404"]
    );
    let a = run_without(&p, EvidenceOutcome::NoRepository);
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
}

#[test]
fn unknown_model_named_by_the_project() {
    let mut p = project("CNCF: incubating", &["v1"]);
    p.model = Some("cnfc".into());
    let a = run(&p, json!({}));
    assert_eq!(rules(&a), ["unknown-model"]);
    assert!(
        a.findings[0].message.contains("did you mean `cncf`?"),
        "{}",
        a.findings[0].message
    );
    assert_eq!(a.model.as_ref().unwrap().id, "cncf");
}

#[test]
fn claim_ahead_of_evidence_lists_the_failing_criteria() {
    let a = run(
        &project("CNCF: graduated", &["v1"]),
        json!({"checks": {"governance": {"passed": false}}}),
    );
    assert_eq!(rules(&a), ["claim-ahead-of-evidence"]);
    let f = &a.findings[0];
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(
        f.message,
        "the catalog claims `Graduated`, the evidence supports `Incubating`"
    );
    assert_eq!(
        f.evidence,
        ["graduated / governance: fail (checks.governance.passed = false)"]
    );
}

#[test]
fn partial_history() {
    let a = run(
        &project("CNCF: sandbox", &["v1"]),
        json!({"history": {"partial": true}, "warnings": ["shallow clone"]}),
    );
    assert_eq!(rules(&a), ["partial-history"]);
    assert_eq!(
        a.findings[0].evidence,
        ["history.partial = true", "shallow clone"]
    );
}

#[test]
fn findings_are_listed_most_severe_first() {
    let patch = json!({
        "lifecycle": {"status": "deprecated", "evidence": "README.md:1: deprecated"},
        "history": {"partial": true}
    });
    let a = run(&project("CNCF: ??", &["v1"]), patch);
    let sev: Vec<Severity> = a.findings.iter().map(|f| f.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(sev, sorted);
    assert_eq!(
        rules(&a),
        ["announced-end-of-life", "placeholder", "partial-history"]
    );
}

#[test]
fn every_rule_is_registered_once_and_documented() {
    let ids: Vec<&str> = radar_assess::RULES.iter().map(|r| r.id).collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
    let doc = include_str!("../../../docs/assessment.md");
    for id in ids {
        assert!(
            doc.contains(&format!("`{id}`")),
            "docs/assessment.md does not describe finding `{id}`"
        );
    }
}

#[test]
fn a_repository_github_says_moved_names_the_new_url() {
    let p = project("CNCF: sandbox", &["v1"]);
    let extra = json!({"github": {
        "repository": "deislabs/smi-spec", "renamed_to": "servicemeshinterface/smi-spec",
        "html_url": "https://github.com/servicemeshinterface/smi-spec", "archived": false
    }});
    let a = run_extra(&p, extra);
    assert_eq!(rules(&a), ["repository-moved"]);
    let f = &a.findings[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "GitHub says deislabs/smi-spec moved to servicemeshinterface/smi-spec: change the catalog's repository from https://example.org/acme/widget to https://github.com/servicemeshinterface/smi-spec"
    );
    // Not moved (null), or no GitHub source: nothing.
    assert!(
        run_extra(&p, json!({"github": {"renamed_to": null}}))
            .findings
            .is_empty()
    );
    assert!(run(&p, json!({})).findings.is_empty());
}

#[test]
fn a_repository_github_says_does_not_exist_is_an_error_naming_it() {
    let p = project("CNCF: sandbox", &["v1"]);
    let extra = json!({"github_error": {"kind": "not-found", "message": "GitHub repository acme/widget not found at https://api.github.com (HTTP 404)"}});
    let a = run_extra(&p, extra);
    assert_eq!(rules(&a), ["github-not-found"]);
    let f = &a.findings[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message
            .starts_with("GitHub says https://example.org/acme/widget does not exist (HTTP 404)"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("mirror or the cache"),
        "measured from another copy: {}",
        f.message
    );
    assert_eq!(
        f.evidence,
        ["GitHub repository acme/widget not found at https://api.github.com (HTTP 404)"]
    );
    // The advice cannot recommend a repository its readers cannot find.
    let advice = radar_assess::advise(&a, &radar_assess::Goal::default());
    assert_eq!(advice.verdict, radar_assess::Verdict::Assess);
    assert!(
        run_extra(&p, json!({"github_error": {"kind": "other"}}))
            .findings
            .is_empty()
    );
}

#[test]
fn a_stale_cached_copy_is_measured_with_a_warning() {
    let p = project("CNCF: incubating", &["v1"]);
    let e = evidence(json!({}));
    let outcome = EvidenceOutcome::Cached {
        evidence: &e,
        fetch_error: "DNS lookup of example.org failed",
        last_fetched: Some("2026-01-20T08:00:00Z".parse().unwrap()),
    };
    let a = radar_assess::assess(
        &p,
        &catalog_of(&p),
        outcome,
        &radar_assess::Models::builtin(),
        as_of(),
    );
    assert_eq!(rules(&a), ["stale-cache"]);
    assert_eq!(a.findings[0].severity, Severity::Warning);
    assert_eq!(
        a.findings[0].message,
        "fetch failed: DNS lookup of example.org failed; measured the cached copy last fetched 2026-01-20"
    );
    // Everything else is judged as for a fresh measurement.
    assert_eq!(
        a.repository.status,
        radar_assess::assess::RepositoryState::Measured
    );
    assert_eq!(
        a.repository.fetch_error.as_deref(),
        Some("DNS lookup of example.org failed")
    );
    assert_eq!(
        a.supported.as_ref().map(|l| l.id.as_str()),
        Some("graduated")
    );
    assert_eq!(
        a.lifecycle.status,
        radar_assess::assess::LifecycleState::Active
    );
}
