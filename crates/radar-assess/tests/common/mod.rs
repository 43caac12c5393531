//! Synthetic inputs for the assessment tests: a healthy project's Evidence,
//! patched per test, and catalog rows.
#![allow(dead_code)]

use radar_assess::{Assessment, EvidenceOutcome, Models, assess};
use radar_catalog::{ApiVersion, Area, Attestation, Catalog, Link, Project, State};
use radar_evidence::Evidence;
use serde_json::{Value, json};

pub const AS_OF: &str = "2026-01-31T00:00:00Z";

pub fn as_of() -> jiff::Timestamp {
    AS_OF.parse().unwrap()
}

/// A healthy, active, multi-organisation project that releases regularly.
pub fn healthy() -> Value {
    let monthly: Vec<Value> = (0..24)
        .map(|i| {
            let (y, m) = (2024 + (i + 1) / 12, (i + 1) % 12 + 1);
            json!({"month": format!("{y}-{m:02}"), "commits": 40, "authors": 9})
        })
        .collect();
    let passed = |value: Value, evidence: &str| {
        let mut c = json!({"passed": true, "evidence": evidence});
        if !value.is_null() {
            c["value"] = value;
        }
        c
    };
    json!({
        "schema_version": 1,
        "repository": {"url": "https://example.org/acme/widget", "path": "/cache/widget.git", "default_branch": "main", "partial": false},
        "head": "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "as_of": AS_OF,
        "history": {
            "commits": 2400, "contributors": 240,
            "first_commit": "2019-03-01T00:00:00Z", "last_commit": "2026-01-28T00:00:00Z",
            "age_days": 2528, "commits_90d": 120, "commits_365d": 480,
            "active_contributors_90d": 14, "active_contributors_365d": 30,
            "monthly": monthly,
            "new_contributors_per_year": {"2025": 12}
        },
        "organizations": {
            "elephant_factor": 2, "elephant_factor_all_time": 2, "count_365d": 6,
            "list": [
                {"name": "acme.com", "kind": "organization", "commits": 1200, "share": 0.5, "commits_365d": 240, "share_365d": 0.5, "contributors": 10},
                {"name": "example.com", "kind": "organization", "commits": 720, "share": 0.3, "commits_365d": 144, "share_365d": 0.3, "contributors": 8},
                {"name": "independent", "kind": "independent", "commits": 480, "share": 0.2, "commits_365d": 96, "share_365d": 0.2, "contributors": 40}
            ],
            "independent_share_365d": 0.2
        },
        "contributor_absence_factor": 4,
        "releases": {
            "count": 40, "product_count": 38,
            "latest": {"tag": "v2.3.0", "version": "2.3.0", "date": "2026-01-10T00:00:00Z", "component": null, "prerelease": false},
            "latest_stable": {"tag": "v2.3.0", "version": "2.3.0", "date": "2026-01-10T00:00:00Z", "component": null, "prerelease": false},
            "reached_1_0": true, "count_365d": 6, "median_days_between": 45.0, "other_tags": 2,
            "scheme": {"name": "semver", "share": 1.0, "tags": 20, "consistent": true, "example": "v2.3.0"}
        },
        "checks": {
            "adopters": passed(json!(12), "ADOPTERS.md"),
            "benchmarks": passed(Value::Null, "bench/"),
            "changelog": passed(Value::Null, "CHANGELOG.md"),
            "ci": passed(Value::Null, ".github/workflows/ci.yml"),
            "cla": passed(Value::Null, "README.md:40"),
            "code_of_conduct": passed(Value::Null, "CODE_OF_CONDUCT.md"),
            "contributing": passed(Value::Null, "CONTRIBUTING.md"),
            "governance": passed(Value::Null, "GOVERNANCE.md"),
            "issue_templates": passed(Value::Null, ".github/ISSUE_TEMPLATE/bug.md"),
            "license": passed(json!("Apache-2.0"), "LICENSE"),
            "linters": passed(Value::Null, ".golangci.yml"),
            "maintainers": passed(json!(6), "MAINTAINERS.md"),
            "openssf_badge": passed(Value::Null, "README.md:5"),
            "pr_template": passed(Value::Null, ".github/PULL_REQUEST_TEMPLATE.md"),
            "roadmap": passed(Value::Null, "ROADMAP.md"),
            "security_audit": passed(json!(1), "docs/security-audit-2025.pdf"),
            "security_policy": passed(Value::Null, "SECURITY.md"),
            "static_analysis": passed(Value::Null, ".github/workflows/codeql.yml"),
            "tests": passed(Value::Null, "pkg/widget_test.go")
        },
        "lifecycle": {"status": "active", "evidence": null},
        "security": {
            "rules": "OpenSSF Scorecard v5 rules",
            "checks": {
                "dangerous_workflow": {"name": "Dangerous-Workflow", "risk": "critical", "score": 10, "reason": "no dangerous pattern", "basis": "repository", "in_aggregate": true},
                "token_permissions": {"name": "Token-Permissions", "risk": "high", "score": 10, "reason": "least privilege", "basis": "repository", "in_aggregate": true}
            },
            "aggregate": {"score": 8.2, "label": "git-visible checks", "checks": ["dangerous_workflow", "token_permissions"]},
            "not_measured": []
        }
    })
}

/// `"<absent>"` in a patch removes the key.
pub const ABSENT: &str = "<absent>";

fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                if v.as_str() == Some(ABSENT) {
                    b.remove(&k);
                } else if let Some(slot) = b.get_mut(&k) {
                    merge(slot, v);
                } else {
                    b.insert(k, v);
                }
            }
        }
        (b, p) => *b = p,
    }
}

/// The healthy evidence with `patch` merged in.
pub fn evidence(patch: Value) -> Evidence {
    let mut v = healthy();
    merge(&mut v, patch);
    serde_json::from_value(v).expect("test evidence must deserialize")
}

/// A catalog row: `state` as the catalog writes it (`CNCF: incubating`).
pub fn project(state: &str, apis: &[&str]) -> Project {
    let st = match state.split_once(':') {
        Some((body, level)) => State::new(Some(body.trim().to_owned()), Some(level.trim())),
        None => State::new(None, Some(state)),
    };
    Project {
        name: "Widget".into(),
        repo: Some("https://example.org/acme/widget".into()),
        state: Some(st),
        apis: apis
            .iter()
            .map(|v| ApiVersion {
                name: Some("API".into()),
                version: (*v).into(),
            })
            .collect(),
        ..Default::default()
    }
}

pub fn with_platform_use(mut p: Project, labels: &[&str]) -> Project {
    p.platform_use = labels
        .iter()
        .map(|l| Link {
            label: (*l).into(),
            url: Some("https://example.org/product".into()),
            ..Default::default()
        })
        .collect();
    p
}

pub fn attest(mut p: Project, criterion: &str, value: &str, date: &str) -> Project {
    p.attestations.push(Attestation {
        criterion: criterion.into(),
        value: value.into(),
        evidence: "https://example.org/evidence".into(),
        date: date.into(),
    });
    p
}

pub fn catalog_of(p: &Project) -> Catalog {
    Catalog {
        title: "Test".into(),
        areas: vec![Area::new("Area", [p.clone()])],
        ..Default::default()
    }
}

/// Assesses `p` on evidence patched by `patch`, with the built-in models.
pub fn run(p: &Project, patch: Value) -> Assessment {
    let e = evidence(patch);
    assess(
        p,
        &catalog_of(p),
        EvidenceOutcome::Measured(&e),
        &Models::builtin(),
        as_of(),
    )
}

pub fn rules(a: &Assessment) -> Vec<&str> {
    a.findings.iter().map(|f| f.rule.as_str()).collect()
}

pub fn status_of(a: &Assessment, criterion: &str) -> radar_assess::criteria::Status {
    a.levels
        .iter()
        .flat_map(|l| &l.criteria)
        .find(|c| c.id == criterion)
        .unwrap_or_else(|| panic!("no criterion {criterion}"))
        .status
}

/// Assesses `p` for an outcome without evidence (unreachable, no repository).
pub fn run_without(p: &Project, outcome: EvidenceOutcome<'_>) -> Assessment {
    assess(p, &catalog_of(p), outcome, &Models::builtin(), as_of())
}

/// Assesses `p` on the healthy evidence plus facts from other sources (`{"github": …}`).
pub fn run_extra(p: &Project, extra: Value) -> Assessment {
    let e = evidence(json!({}));
    let extra = extra
        .as_object()
        .expect("extra facts are an object")
        .clone();
    radar_assess::assess_with_facts(
        p,
        &catalog_of(p),
        EvidenceOutcome::Measured(&e),
        &extra,
        &Models::builtin(),
        as_of(),
    )
}

/// Whether `rule` fires for a row in `state` with `apis` on patched evidence.
pub fn fires(state: &str, apis: &[&str], patch: Value, rule: &str) -> bool {
    rules(&run(&project(state, apis), patch)).contains(&rule)
}
