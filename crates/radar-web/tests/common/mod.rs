//! Shared fixtures: a catalog, a git repository built by script with fixed
//! dates, its evidence and assessment, and a server on a loopback port.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use radar_catalog::{
    ApiVersion, Area, Artifact, ArtifactKind, Catalog, Channel, ChannelKind, Link, Project, State,
};
use radar_web::{Dashboard, HistoryPoint, Live, Options, ProjectData};

/// The date every fixture figure is computed for.
pub const AS_OF: &str = "2025-06-30T00:00:00Z";

pub const XSS: &str = "<script>alert(1)</script>";

fn project(name: &str, id: &str, body: &str, level: &str) -> Project {
    Project {
        name: name.into(),
        id: Some(id.into()),
        link: Some(format!("https://example.org/{id}")),
        repo: Some(format!("https://github.com/example/{id}")),
        artifacts: vec![Artifact {
            kind: ArtifactKind::Releases,
            label: "releases".into(),
            url: Some(format!("https://github.com/example/{id}/releases")),
        }],
        goal: Some(format!("Run {name} [docs](https://example.org/docs)")),
        state: Some(State::new(Some(body.into()), Some(level))),
        apis: vec![ApiVersion {
            name: Some("API".into()),
            version: "v1beta1".into(),
        }],
        channels: vec![Channel {
            kind: ChannelKind::Slack,
            label: format!("#{id}"),
            url: Some("https://slack.example.org/x".into()),
        }],
        platform_use: vec![Link {
            label: "Example Service".into(),
            url: Some("https://example.org/svc".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// Three projects in two areas: `alpha` (measured and assessed), `beta`
/// (catalog only), `gamma` (no repository).
pub fn catalog() -> Catalog {
    let mut gamma = project("Gamma Tool", "gamma", "Azure", "sandbox");
    gamma.repo = None;
    gamma.platform_use.clear();
    Catalog {
        title: "Test Upstream Projects".into(),
        intro: "A list for **tests**.".into(),
        platform: Some("Azure".into()),
        areas: vec![
            Area::new(
                "Runtimes",
                [
                    project("Alpha Runtime", "alpha", "CNCF", "incubating"),
                    project("Beta Engine", "beta", "CNCF", "graduated"),
                ],
            ),
            Area::new("Tools", [gamma]),
        ],
        ..Default::default()
    }
}

/// A catalog whose every text field holds markup and whose URLs are hostile.
pub fn hostile_catalog() -> Catalog {
    let p = Project {
        name: format!("Evil {XSS}"),
        id: Some("evil".into()),
        link: Some("javascript:alert(1)".into()),
        repo: Some("javascript:alert(2)".into()),
        artifacts: vec![Artifact {
            kind: ArtifactKind::Other,
            label: XSS.into(),
            url: Some("javascript:alert(3)".into()),
        }],
        goal: Some(format!(
            "{XSS} [click](javascript:alert(4)) <img src=x onerror=alert(5)>"
        )),
        state: Some(State::new(Some(XSS.into()), Some(XSS))),
        apis: vec![ApiVersion {
            name: Some(XSS.into()),
            version: XSS.into(),
        }],
        channels: vec![Channel {
            kind: ChannelKind::Other,
            label: XSS.into(),
            url: Some("JaVaScRiPt:alert(6)".into()),
        }],
        platform_use: vec![Link {
            label: XSS.into(),
            url: Some("data:text/html,<script>alert(7)</script>".into()),
            ..Default::default()
        }],
        extra: vec![XSS.into()],
        ..Default::default()
    };
    Catalog {
        title: format!("Title {XSS}"),
        intro: format!("Intro {XSS}"),
        notes: format!("Notes {XSS}"),
        platform: Some(XSS.into()),
        areas: vec![Area::new(format!("Area {XSS}"), [p])],
        ..Default::default()
    }
}

fn git(dir: &Path, args: &[&str], date: &str, email: &str) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", email.split('@').next().unwrap_or("x"))
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", "Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.org")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository with two years of history by authors of three
/// organisations, a code of conduct, a maintainers file, two releases
/// (v0.9.0, v1.0.0) and a pre-release (v1.0.0-rc.1).
pub fn fixture_repo(dir: &Path) {
    git(
        dir,
        &["init", "-q", "-b", "main"],
        "2023-01-01T00:00:00Z",
        "a@example.org",
    );
    let files = [
        ("README.md", "# Alpha\nA runtime.\n"),
        ("CODE_OF_CONDUCT.md", "Be kind.\n"),
        ("MAINTAINERS", "alice@acme.com\nbob@globex.com\n"),
        ("LICENSE", "MIT License\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    git(
        dir,
        &["add", "-A"],
        "2023-01-02T00:00:00Z",
        "alice@acme.com",
    );
    git(
        dir,
        &["commit", "-q", "-m", "initial"],
        "2023-01-02T00:00:00Z",
        "alice@acme.com",
    );
    let authors = [
        "alice@acme.com",
        "bob@globex.com",
        "carol@initech.com",
        "dave@gmail.com",
    ];
    for month in 0..28u32 {
        let (y, m) = (2023 + month / 12, month % 12 + 1);
        for k in 0..(1 + month % 4) {
            let who = authors[((month + k) % 4) as usize];
            let date = format!("{y}-{m:02}-{:02}T12:00:00Z", 3 + k * 5);
            std::fs::write(dir.join("log.txt"), format!("{month} {k}\n")).unwrap();
            git(dir, &["add", "-A"], &date, who);
            git(
                dir,
                &["commit", "-q", "-m", &format!("change {month}.{k}")],
                &date,
                who,
            );
        }
        if month == 10 {
            git(
                dir,
                &["tag", "v0.9.0"],
                &format!("{y}-{m:02}-20T00:00:00Z"),
                "alice@acme.com",
            );
        }
        if month == 22 {
            git(
                dir,
                &["tag", "v1.0.0-rc.1"],
                &format!("{y}-{m:02}-20T00:00:00Z"),
                "alice@acme.com",
            );
        }
        if month == 24 {
            git(
                dir,
                &["tag", "v1.0.0"],
                &format!("{y}-{m:02}-20T00:00:00Z"),
                "alice@acme.com",
            );
        }
    }
}

/// Evidence and assessment of `alpha` from the scripted repository (built
/// once per test binary).
pub fn measured(catalog: &Catalog, models: &radar_assess::Models) -> ProjectData {
    static ONCE: std::sync::OnceLock<ProjectData> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| measure(catalog, models)).clone()
}

fn measure(catalog: &Catalog, models: &radar_assess::Models) -> ProjectData {
    let dir = tempfile::tempdir().unwrap();
    fixture_repo(dir.path());
    let opts = radar_evidence::InspectOptions {
        as_of: Some(AS_OF.parse().unwrap()),
        source: Some("https://github.com/example/alpha".into()),
        ..Default::default()
    };
    let evidence = radar_evidence::inspect(dir.path(), &opts).expect("fixture inspects");
    let project = catalog.project("alpha").unwrap();
    let a = radar_assess::assess(
        project,
        catalog,
        radar_assess::EvidenceOutcome::Measured(&evidence),
        models,
        AS_OF.parse().unwrap(),
    );
    ProjectData {
        evidence: Some(Arc::new(evidence)),
        assessment: Some(Arc::new(a)),
        ..Default::default()
    }
}

/// Four stored assessments of `alpha`, a quarter apart; the second could not
/// measure the repository. Commits and contributors grow, findings shrink.
pub fn history() -> Vec<HistoryPoint> {
    let point = |id: i64, date: &str, commits: u64, active: u64, findings: u64| HistoryPoint {
        snapshot_id: id,
        as_of: format!("{date}T00:00:00Z").parse().unwrap(),
        taken_at: format!("{date}T01:00:00Z").parse().unwrap(),
        head_commit: Some(format!("{id:040}")),
        contributors: Some(active + 1),
        commits: Some(commits * 3),
        commits_365d: Some(commits),
        active_contributors: Some(active),
        organisations: Some(2),
        elephant_factor: Some(1),
        claimed_level: Some("cncf:incubating".into()),
        supported_level: Some("sandbox".into()),
        lifecycle: Some("active".into()),
        findings: Some(findings),
        ..Default::default()
    };
    let failed = HistoryPoint {
        snapshot_id: 2,
        as_of: "2024-12-31T00:00:00Z".parse().unwrap(),
        taken_at: "2024-12-31T01:00:00Z".parse().unwrap(),
        error: Some("cannot clone or fetch the repository: timed out".into()),
        claimed_level: Some("cncf:incubating".into()),
        lifecycle: Some("unknown".into()),
        findings: Some(1),
        ..Default::default()
    };
    vec![
        point(1, "2024-09-30", 18, 3, 3),
        failed,
        point(3, "2025-03-31", 24, 4, 2),
        point(4, "2025-06-30", 31, 4, 1),
    ]
}

/// The test dashboard: `alpha` measured with a stored history, `gamma`
/// assessed without a repository.
pub fn dashboard() -> Dashboard {
    let catalog = catalog();
    let models = radar_assess::Models::builtin();
    let mut d = Dashboard::new(catalog.clone(), "test catalog", models.clone());
    let mut alpha = measured(&catalog, &models);
    alpha.history = Arc::new(history());
    d.projects.insert("alpha".into(), alpha);
    let gamma = catalog.project("gamma").unwrap();
    let a = radar_assess::assess(
        gamma,
        &catalog,
        radar_assess::EvidenceOutcome::NoRepository,
        &models,
        AS_OF.parse().unwrap(),
    );
    d.projects.insert(
        "gamma".into(),
        ProjectData {
            assessment: Some(Arc::new(a)),
            ..Default::default()
        },
    );
    d
}

/// GitHub's answer for `example/alpha` as radar-github writes it (with a
/// token): `text` goes into every free-text field (description, topics,
/// check and release names, an unknown figure's reason).
pub fn github_facts_json(text: &str) -> serde_json::Value {
    use serde_json::json;
    let release = |tag: &str, name: serde_json::Value, date: &str, assets: u64, signed: bool| {
        json!({"tag": tag, "name": name, "published_at": date, "prerelease": false, "assets": assets,
            "signatures": if signed { json!(["alpha.tar.gz.sig"]) } else { json!([]) },
            "provenance": if signed { json!(["alpha.intoto.jsonl"]) } else { json!([]) }, "sboms": []})
    };
    let latest = release("v1.0.0", json!(text), "2025-01-20T00:00:00Z", 4, true);
    let releases = json!({"total": 3, "published_365d": 2, "signed": 1, "with_provenance": 1, "with_sbom": 0,
        "latest": latest.clone(),
        "recent_with_assets": [latest, release("v0.9.0", json!(null), "2023-11-20T00:00:00Z", 2, false)]});
    let checks = json!([
        {"name": text, "kind": "ci", "source": "check_run", "app": "GitHub Actions", "result": "success"},
        {"name": "DCO", "kind": "dco", "source": "check_run", "app": "DCO", "result": "success"}
    ]);
    let pull = json!({"number": 42, "url": "https://github.com/example/alpha/pull/42",
        "merged_at": "2025-06-20T10:00:00Z", "head_sha": "abc123", "checks": checks,
        "has_cla": false, "has_dco": true, "has_ci": true, "ci_failed": 1});
    let community = json!({"health_percentage": 71,
        "files": {"code_of_conduct": true, "contributing": false, "issue_template": false,
                  "pull_request_template": true, "license": true, "readme": true},
        "code_of_conduct": text, "updated_at": "2025-06-01T00:00:00Z"});
    let merged = json!({"window_days": 90, "merged": 12, "reviewed": 9, "reviewed_share": 0.75,
        "approved": 8, "bot_authored": 2, "merged_by_other": 9, "truncated": false});
    let mut facts = json!({
        "schema_version": 1, "repository": "example/alpha", "api": "https://api.github.com",
        "as_of": AS_OF, "fetched_at": "2025-06-30T08:15:00Z", "authenticated": true,
        "full_name": "example/alpha", "renamed_to": null, "html_url": "https://github.com/example/alpha",
        "archived": false, "disabled": false, "fork": false, "default_branch": "main",
        "description": text, "homepage": null, "topics": [text],
        "stars": 1234, "forks": 56, "watchers": 78, "license": "MIT",
        "created_at": "2023-01-02T00:00:00Z", "pushed_at": "2025-06-29T12:00:00Z",
        "open_issues": 18, "open_pull_requests": 7,
        "first_response": null,
        "unknown": {"first_response": format!("rate limit reached until 2025-06-30T09:00:00Z {text}")},
        "requests": {"sent": 8, "not_modified": 0, "retries": 0, "waited_seconds": 0.0}
    });
    let m = facts.as_object_mut().unwrap();
    m.insert("merged_pull_requests".into(), merged);
    m.insert("releases".into(), releases);
    m.insert("latest_merged_pull_request".into(), pull);
    m.insert("community".into(), community);
    facts
}

/// The evidence document as the pipeline stores it: evidence + `github`.
pub fn evidence_document(e: &radar_evidence::Evidence, github: &serde_json::Value) -> String {
    let mut doc = serde_json::to_value(e).unwrap();
    doc.as_object_mut()
        .unwrap()
        .insert("github".into(), github.clone());
    serde_json::to_string(&doc).unwrap()
}

/// `alpha` measured with a GitHub token, from the cached copy after a
/// failed fetch, read back the way `radar serve` reads the store.
pub fn github_data(catalog: &Catalog, models: &radar_assess::Models) -> ProjectData {
    let plain = measured(catalog, models);
    let evidence = plain.evidence.unwrap();
    let facts = github_facts_json("Runs <things>");
    let doc = evidence_document(&evidence, &facts);
    let (evidence, github) =
        radar_web::parse_evidence_document(&doc).expect("the stored document reads");
    assert!(github.is_some(), "the facts parse");
    let mut extra = serde_json::Map::new();
    extra.insert("github".into(), facts);
    let a = radar_assess::assess_with_facts(
        catalog.project("alpha").unwrap(),
        catalog,
        radar_assess::EvidenceOutcome::Cached {
            evidence: &evidence,
            fetch_error: "connection to github.com refused",
            last_fetched: Some("2025-06-20T11:00:00Z".parse().unwrap()),
        },
        &extra,
        models,
        AS_OF.parse().unwrap(),
    );
    ProjectData {
        evidence: Some(Arc::new(evidence)),
        github,
        assessment: Some(Arc::new(a)),
        history: Arc::new(history()),
        ..Default::default()
    }
}

/// The test dashboard with `alpha` measured with GitHub's figures, from the
/// cache, and `beta` measured as deprecated (its README says so; the
/// widest lifecycle and level pills a row can have).
pub fn github_dashboard() -> Dashboard {
    let mut d = dashboard();
    let (catalog, models) = (d.catalog.clone(), d.models.clone());
    let data = github_data(&catalog, &models);
    let mut e = (**data.evidence.as_ref().unwrap()).clone();
    e.lifecycle = radar_evidence::Lifecycle {
        status: radar_evidence::LifecycleStatus::Deprecated,
        evidence: Some("README.md:1: This project is deprecated.".into()),
    };
    let a = radar_assess::assess(
        catalog.project("beta").unwrap(),
        &catalog,
        radar_assess::EvidenceOutcome::Measured(&e),
        &models,
        AS_OF.parse().unwrap(),
    );
    d.projects.insert("alpha".into(), data);
    d.projects.insert(
        "beta".into(),
        ProjectData {
            evidence: Some(Arc::new(e)),
            assessment: Some(Arc::new(a)),
            ..Default::default()
        },
    );
    d
}

/// Records for the test catalog: alpha entered at sandbox and was graduated
/// to incubating by a 2/3 vote; gamma was archived.
const GOVERNANCE: &str = "title: Test records
body: CNCF
toc:
  - {id: ann, name: Ann, from: 2025-01-01}
  - {id: bob, name: Bob, from: 2025-01-01}
  - {id: cat, name: Cat, from: 2025-01-01}
baseline:
  date: 2025-01-01
  levels:
    alpha: sandbox
    gamma: sandbox
reviews:
  - date: 2025-03-12
    quarter: 2025Q1
    minutes: https://example.org/minutes/2025Q1
    projects:
      - project: alpha
        motion: graduate
        level: incubating
        votes: {ann: yes, bob: yes, cat: no}
      - project: gamma
        motion: archive
        votes: {ann: yes, bob: yes, cat: yes}
";

/// The test dashboard with the governance records above.
pub fn governed_dashboard() -> Dashboard {
    let ids = catalog()
        .projects()
        .map(|(_, p)| p.id().into_owned())
        .collect();
    let records = radar_governance::Records::from_text("test.yaml", GOVERNANCE, Some(ids));
    assert!(!records.tally.has_errors(), "{:?}", records.tally.problems);
    let mut d = dashboard();
    d.set_governance(&records.tally);
    d
}

pub fn live(d: Dashboard) -> Arc<Live> {
    Live::new(
        d,
        Options {
            public_url: Some("https://radar.example.org".into()),
        },
    )
}

/// Serves `live` on a loopback port; returns the base URL.
pub async fn start(live: Arc<Live>) -> String {
    // The tests' reqwest clients need the process's TLS provider.
    radar_tls::ensure_crypto_provider();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(radar_web::serve(listener, live, std::future::pending()));
    format!("http://{addr}")
}

pub struct Got {
    pub status: u16,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

pub async fn get(base: &str, path: &str) -> Got {
    let res = reqwest::get(format!("{base}{path}"))
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let content_type = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    Got {
        status,
        content_type,
        headers,
        body: res.text().await.unwrap(),
    }
}
