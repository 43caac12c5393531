//! Assessment cost on top of evidence: models + criteria + findings + advice
//! for 2,500 synthetic projects, per project. The target is under 1 ms.
//!
//! Run: `cargo bench -p radar-assess --bench assess`

use std::hint::black_box;
use std::time::{Duration, Instant};

use radar_assess::{EvidenceOutcome, Goal, GoalKind, Models, advise, assess};
use radar_catalog::{ApiVersion, Area, Attestation, Catalog, Link, Project, State};
use radar_evidence::Evidence;
use serde_json::{Value, json};

const PROJECTS: usize = 2_500;
const ROUNDS: usize = 7;

/// A varied but realistic Evidence: 8 years of monthly history, a dozen
/// organisations, every file check.
fn evidence(i: usize) -> Evidence {
    let monthly: Vec<Value> = (0..96)
        .map(|m| json!({"month": format!("{}-{:02}", 2018 + m / 12, m % 12 + 1), "commits": (i + m) % 50, "authors": (i + m) % 9}))
        .collect();
    let orgs: Vec<Value> = (0..12)
        .map(|o| {
            let share = if o == 0 { 0.3 + (i % 7) as f64 / 10.0 } else { 0.03 };
            json!({"name": format!("org{o}.example"), "kind": if o == 11 { "independent" } else { "organization" },
                   "commits": 100 - o, "share": share, "commits_365d": 50 - o, "share_365d": share, "contributors": 3})
        })
        .collect();
    let ids = [
        "adopters",
        "benchmarks",
        "changelog",
        "ci",
        "cla",
        "code_of_conduct",
        "contributing",
        "dco",
        "dependency_update_tool",
        "fuzzing",
        "governance",
        "issue_templates",
        "license",
        "linters",
        "maintainers",
        "openssf_badge",
        "pr_template",
        "readme",
        "roadmap",
        "scorecard_badge",
        "security_policy",
        "static_analysis",
        "tests",
    ];
    let checks: serde_json::Map<String, Value> = ids
        .iter()
        .enumerate()
        .map(|(k, id)| ((*id).to_owned(), json!({"passed": !(i + k).is_multiple_of(5), "value": (i + k) % 8, "evidence": format!("{id}.md")})))
        .collect();
    let lifecycle = match i % 40 {
        0 => json!({"status": "deprecated", "evidence": "README.md:1: deprecated"}),
        1 => json!({"status": "archived", "evidence": "README.md:1: archived"}),
        _ => json!({"status": "active", "evidence": null}),
    };
    let last = if i.is_multiple_of(17) {
        "2024-06-01T00:00:00Z"
    } else {
        "2026-01-20T00:00:00Z"
    };
    let release = json!({"tag": "v1.4.0", "version": "1.4.0", "date": if i.is_multiple_of(13) { "2023-01-01T00:00:00Z" } else { "2025-12-01T00:00:00Z" },
                         "component": null, "prerelease": false, "stable": true});
    serde_json::from_value(json!({
        "schema_version": 1,
        "repository": {"url": format!("https://example.org/p{i}"), "path": "/cache", "default_branch": "main", "partial": false},
        "head": "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "as_of": "2026-01-31T00:00:00Z",
        "history": {"commits": 5000, "contributors": 120, "first_commit": "2018-01-05T00:00:00Z", "last_commit": last,
                    "age_days": 2948, "commits_90d": 60, "commits_365d": 300 + i % 100, "active_contributors_90d": 9,
                    "active_contributors_365d": 25, "monthly": monthly, "new_contributors_per_year": {"2025": 10}},
        "organizations": {"elephant_factor": 2, "elephant_factor_all_time": 3, "count_365d": 11, "list": orgs, "independent_share_365d": 0.1},
        "contributor_absence_factor": 1 + i % 5,
        "releases": {"count": 60, "latest": release, "latest_stable": release, "reached_1_0": !i.is_multiple_of(3), "count_365d": 4,
                     "median_days_between": 30.0, "other_tags": i % 10},
        "checks": checks,
        "lifecycle": lifecycle
    }))
    .expect("synthetic evidence")
}

fn project(i: usize) -> Project {
    let states = [
        "CNCF: sandbox",
        "CNCF: incubating",
        "CNCF: graduated",
        "Azure: sandbox",
        "Azure: incubation",
        "CNCF: stable",
        "Moby: ??",
        "CNCF: N/A",
    ];
    let apis = [
        "v1", "v1beta2", "v1alpha1", "0.6.0", "N/A", "alpha", "v2.1.0",
    ];
    let (body, level) = states[i % states.len()]
        .split_once(": ")
        .unwrap_or(("CNCF", "sandbox"));
    Project {
        name: format!("Project {i}"),
        repo: Some(format!("https://example.org/p{i}")),
        state: Some(State::new(Some(body.to_owned()), Some(level))),
        apis: vec![
            ApiVersion {
                name: Some("API".into()),
                version: apis[i % apis.len()].into(),
            },
            ApiVersion {
                name: Some("Config".into()),
                version: apis[(i / 3) % apis.len()].into(),
            },
        ],
        platform_use: if i.is_multiple_of(2) {
            // A product page: every other project's name and repository is compared with it.
            vec![Link {
                label: "Use on AKS".into(),
                url: Some("https://learn.example.org/azure/aks/use-it".into()),
                ..Default::default()
            }]
        } else {
            Vec::new()
        },
        attestations: vec![Attestation {
            criterion: "production-adopters".into(),
            value: "3".into(),
            evidence: "https://example.org".into(),
            date: "2025-05-01".into(),
        }],
        ..Default::default()
    }
}

fn main() {
    let models = Models::builtin();
    let projects: Vec<Project> = (0..PROJECTS).map(project).collect();
    let evidence: Vec<Evidence> = (0..PROJECTS).map(evidence).collect();
    let catalog = Catalog {
        title: "Bench".into(),
        areas: vec![Area::new("All", projects.clone())],
        ..Default::default()
    };
    let now: jiff::Timestamp = "2026-02-01T00:00:00Z".parse().expect("date");
    let goals = [
        Goal {
            goal: GoalKind::Production,
            support_required: false,
            contribute: false,
        },
        Goal {
            goal: GoalKind::Poc,
            support_required: true,
            contribute: true,
        },
    ];

    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        findings = 0;
        for (p, e) in catalog.areas[0].defined().zip(&evidence) {
            let a = assess(p, &catalog, EvidenceOutcome::Measured(e), &models, now);
            for g in &goals {
                black_box(advise(&a, g));
            }
            findings += a.findings.len();
            black_box(a);
        }
        times.push(start.elapsed());
    }
    times.sort();
    let per = |d: Duration| d.as_secs_f64() * 1e6 / PROJECTS as f64;
    println!(
        "assess + findings + advice (2 goals): {PROJECTS} projects, best {:.1} µs/project, median {:.1} µs/project ({} findings); target < 1000 µs",
        per(times[0]),
        per(times[ROUNDS / 2]),
        findings
    );
}
