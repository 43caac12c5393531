//! `radar serve` and `radar site` as a user runs them: a catalog whose
//! project points at a git repository built here by script.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "Ann")
        .env("GIT_AUTHOR_EMAIL", "ann@acme.com")
        .env("GIT_COMMITTER_NAME", "Ann")
        .env("GIT_COMMITTER_EMAIL", "ann@acme.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A catalog with one measurable project (`tool`, a scripted repository) and one without a repository.
fn fixture(dir: &Path) -> std::path::PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], "2024-01-01T00:00:00Z");
    for (i, date) in [
        "2024-01-02T10:00:00Z",
        "2024-06-02T10:00:00Z",
        "2025-01-02T10:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(repo.join("README.md"), format!("# Tool\nversion {i}\n")).unwrap();
        git(&repo, &["add", "-A"], date);
        git(&repo, &["commit", "-q", "-m", &format!("change {i}")], date);
    }
    git(&repo, &["tag", "v1.0.0"], "2025-01-03T00:00:00Z");
    let catalog = dir.join("catalog.yaml");
    std::fs::write(
        &catalog,
        format!(
            "title: Web CLI test\nareas:\n- name: Tools\n  projects:\n  - name: Tool\n    id: tool\n    repo: {}\n    goal: A tool\n    state:\n      body: CNCF\n      level: sandbox\n  - name: Paper\n    id: paper\n    goal: No code\n",
            repo.display()
        ),
    )
    .unwrap();
    catalog
}

fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `radar serve --addr 127.0.0.1:0 ARGS…` in `dir`; returns the
/// process (killed when dropped) and the address it serves on.
fn serve(dir: &Path, args: &[&std::ffi::OsStr]) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_radar"))
        .current_dir(dir)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .env_remove("RADAR_DATABASE_URL")
        .env_remove("RADAR_CATALOG")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let guard = Killed(child);
    // "serving 2 projects on http://127.0.0.1:PORT/"
    let mut line = String::new();
    let mut lines = BufReader::new(stderr);
    while !line.contains("serving") {
        line.clear();
        assert!(
            lines.read_line(&mut line).unwrap() > 0,
            "radar serve exited before serving"
        );
    }
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    // Keep reading stderr so that the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.lines() {});
    (guard, addr)
}

#[test]
fn serve_shows_the_catalog_then_the_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = fixture(dir.path());
    let (cache, db) = (dir.path().join("cache"), dir.path().join("results.db"));
    let (_guard, addr) = serve(
        dir.path(),
        &[
            "--assess".as_ref(),
            "--catalog".as_ref(),
            catalog.as_os_str(),
            "--cache-dir".as_ref(),
            cache.as_os_str(),
            "--database".as_ref(),
            db.as_os_str(),
        ],
    );
    let (status, page) = http_get(&addr, "/");
    assert_eq!(status, 200);
    assert!(page.contains("Web CLI test") && page.contains("Tool") && page.contains("Paper"));
    let (status, _) = http_get(&addr, "/readyz");
    assert_eq!(status, 200);
    // The background assessment finishes and its results are served.
    let start = Instant::now();
    loop {
        let (_, p) = http_get(&addr, "/api/progress.json");
        if p.contains("\"state\":\"finished\"") {
            assert!(p.contains("\"done\":2"), "{p}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "assessment did not finish: {p}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let (status, evidence) = http_get(&addr, "/api/projects/tool/evidence.json");
    assert_eq!(status, 200, "{evidence}");
    assert!(evidence.contains("\"commits\": 3"), "{evidence}");
    let (_, project) = http_get(&addr, "/project/tool");
    assert!(project.contains("Commits per month") && project.contains("v1.0.0"));
    let (status, _) = http_get(&addr, "/api/projects/paper/assessment.json");
    assert_eq!(
        status, 200,
        "a project without a repository is still assessed"
    );
    let (status, _) = http_get(&addr, "/nothing-here");
    assert_eq!(status, 404);
    // The results were saved too: `radar report` and a restarted server see them.
    let db = dir.path().join("results.db");
    let stored = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = radar_store::Store::connect(db.to_str().unwrap())
            .await
            .unwrap();
        store.latest_snapshots().await.unwrap()
    });
    assert_eq!(
        stored
            .iter()
            .map(|s| s.snapshot.project_id.as_str())
            .collect::<Vec<_>>(),
        ["paper", "tool"]
    );
    // … and the page shows the saved result as the project's history.
    let (status, history) = http_get(&addr, "/api/projects/tool/history.json");
    assert_eq!(status, 200);
    assert!(history.contains("\"commits\": 3"), "{history}");
    let (_, project) = http_get(&addr, "/project/tool");
    assert!(
        project.contains("1 stored assessment,"),
        "the history section"
    );
}

/// The example catalog names governance records: the badge shows the level
/// they decided, and the project page the review history.
#[test]
fn serve_shows_governance_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/catalog.yaml");
    let (_guard, addr) = serve(dir.path(), &["--catalog".as_ref(), catalog.as_os_str()]);
    // keyvault-flexvol was archived by a vote in 2025Q4; its catalog row says archived too.
    let (status, badge) = http_get(&addr, "/badge/keyvault-flexvol.svg");
    assert_eq!(status, 200);
    assert!(
        badge.contains("aria-label=\"maturity: archived (was incubating)\""),
        "{badge}"
    );
    // azure-disk-csi-driver: admitted at sandbox after two failed rounds, graduated to incubating in 2026Q3.
    let (_, badge) = http_get(&addr, "/badge/azure-disk-csi-driver.svg");
    assert!(
        badge.contains("aria-label=\"maturity: incubating\""),
        "{badge}"
    );
    let (_, page) = http_get(&addr, "/project/azure-disk-csi-driver");
    let reviews = page
        .split("<h2>Review history</h2>")
        .nth(1)
        .expect("review history on the page");
    for text in [
        "2025-12-10",
        "2025Q4",
        "admit",
        "2026-09-09",
        "graduate",
        "passed",
    ] {
        assert!(
            reviews.contains(text),
            "{text} missing in the review history"
        );
    }
    assert!(page.contains("Decided standing"));
}

#[test]
fn site_writes_a_static_site() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = fixture(dir.path());
    let out = dir.path().join("public");
    let run = site_assessed(dir.path(), &catalog, &out);
    assert!(String::from_utf8_lossy(&run.stderr).contains("wrote"));
    for f in [
        "index.html",
        "404.html",
        "project/tool.html",
        "badge/tool.svg",
        "api/projects/tool/evidence.json",
        "api/openapi.json",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let page = std::fs::read_to_string(out.join("project/tool.html")).unwrap();
    assert!(page.contains("href=\"../index.html\""), "relative links");
    // The built-in catalog needs no arguments beyond --out.
    let builtin = Command::new(env!("CARGO_BIN_EXE_radar"))
        .current_dir(dir.path())
        .args(["site", "--out", "b"])
        .env_remove("RADAR_CATALOG")
        .env_remove("RADAR_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        builtin.status.success(),
        "{}",
        String::from_utf8_lossy(&builtin.stderr)
    );
    assert!(dir.path().join("b/project/containerd.html").is_file());
}

/// `radar site --assess --out OUT --catalog CATALOG`, run in `dir` with its own
/// cache; it must succeed.
fn site_assessed(dir: &Path, catalog: &Path, out: &Path) -> std::process::Output {
    let run = Command::new(env!("CARGO_BIN_EXE_radar"))
        .current_dir(dir)
        .args(["site", "--assess", "--out"])
        .arg(out)
        .arg("--catalog")
        .arg(catalog)
        .arg("--cache-dir")
        .arg(dir.join("cache"))
        .env_remove("RADAR_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

/// `radar site --out OUT --catalog CATALOG --database DB`, run in `dir`.
fn site_from_store(dir: &Path, catalog: &Path, db: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_radar"))
        .current_dir(dir)
        .args(["site", "--out"])
        .arg(out)
        .arg("--catalog")
        .arg(catalog)
        .arg("--database")
        .arg(db)
        .output()
        .unwrap()
}

#[test]
fn stored_github_figures_are_shown() {
    // `radar assess` with a token stores GitHub's facts in the evidence document (`github`);
    // `radar site` (and `serve`, through the same loader) shows them and serves them again.
    let dir = tempfile::tempdir().unwrap();
    let catalog = fixture(dir.path());
    let repo = dir.path().join("repo");
    let evidence =
        radar_evidence::inspect(&repo, &radar_evidence::InspectOptions::default()).unwrap();
    let now = jiff::Timestamp::now();
    let github = serde_json::json!({
        "schema_version": 1, "repository": "example/tool", "api": "https://api.github.com",
        "as_of": now, "fetched_at": now, "authenticated": true,
        "archived": false, "stars": 4321, "forks": 12, "open_issues": 9, "open_pull_requests": 3,
        "unknown": {"first_response": "GitHub answered 502 three times"},
        "requests": {"sent": 4, "not_modified": 0, "retries": 3, "waited_seconds": 7.0}
    });
    let mut doc = serde_json::to_value(&evidence).unwrap();
    doc["github"] = github.clone();
    let loaded =
        radar_catalog::load_from(radar_catalog::Origin::Explicit(catalog.clone())).unwrap();
    let project = loaded.catalog.project("tool").unwrap();
    let mut extra = serde_json::Map::new();
    extra.insert("github".into(), github);
    let assessment = radar_assess::assess_with_facts(
        project,
        &loaded.catalog,
        radar_assess::EvidenceOutcome::Measured(&evidence),
        &extra,
        &radar_assess::Models::builtin(),
        now,
    );
    let db = dir.path().join("stored.db");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = radar_store::Store::connect(db.to_str().unwrap())
            .await
            .unwrap();
        let run = store.begin_run("test", now).await.unwrap();
        let mut snap =
            radar_store::Snapshot::new("tool", repo.display().to_string(), run, now, now);
        snap.head_commit = Some(evidence.head.clone());
        snap.evidence_json = Some(doc.to_string());
        snap.assessment_json = Some(serde_json::to_string(&assessment).unwrap());
        store.save_snapshot(&snap).await.unwrap();
        store.close().await;
    });
    let out = dir.path().join("site");
    let run = site_from_store(dir.path(), &catalog, &db, &out);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = std::fs::read_to_string(out.join("project/tool.html")).unwrap();
    let panel = page
        .split("<section class=\"github\"")
        .nth(1)
        .expect("a GitHub panel")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        panel.contains("4321 · 12") && panel.contains("9 · 3"),
        "{panel}"
    );
    assert!(
        panel.contains("GitHub answered 502 three times"),
        "unknown with its reason: {panel}"
    );
    let served: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("api/projects/tool/evidence.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        served["github"]["stars"], 4321,
        "the evidence document keeps GitHub's facts"
    );
    let list: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("api/projects.json")).unwrap())
            .unwrap();
    let tool = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "tool")
        .unwrap();
    assert_eq!(tool["github"]["open_pull_requests"], 3);
}

#[test]
fn stored_results_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = fixture(dir.path());
    let repo = dir.path().join("repo");
    // What `radar assess` would have stored: the evidence and assessment of `tool`.
    let evidence =
        radar_evidence::inspect(&repo, &radar_evidence::InspectOptions::default()).unwrap();
    let loaded =
        radar_catalog::load_from(radar_catalog::Origin::Explicit(catalog.clone())).unwrap();
    let project = loaded.catalog.project("tool").unwrap();
    let models = radar_assess::Models::builtin();
    let assessment = radar_assess::assess(
        project,
        &loaded.catalog,
        radar_assess::EvidenceOutcome::Measured(&evidence),
        &models,
        jiff::Timestamp::now(),
    );
    let db = dir.path().join("stored.db");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = radar_store::Store::connect(db.to_str().unwrap())
            .await
            .unwrap();
        let now = jiff::Timestamp::now();
        // An older run that could not reach the repository, then today's.
        let before = now - jiff::SignedDuration::from_hours(24 * 90);
        let run = store.begin_run("test", before).await.unwrap();
        let mut failed =
            radar_store::Snapshot::new("tool", repo.display().to_string(), run, before, before);
        failed.error = Some("cannot clone or fetch the repository".into());
        store.save_snapshot(&failed).await.unwrap();
        let run = store.begin_run("test", now).await.unwrap();
        let mut snap =
            radar_store::Snapshot::new("tool", repo.display().to_string(), run, now, now);
        snap.head_commit = Some(evidence.head.clone());
        snap.evidence_json = Some(serde_json::to_string(&evidence).unwrap());
        snap.assessment_json = Some(serde_json::to_string(&assessment).unwrap());
        snap.summary.commits_365d = Some(2);
        snap.summary.findings = Some(1);
        store.save_snapshot(&snap).await.unwrap();
        store.close().await;
    });
    let out = dir.path().join("site");
    let run = site_from_store(dir.path(), &catalog, &db, &out);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("1 stored assessment(s)"));
    let page = std::fs::read_to_string(out.join("project/tool.html")).unwrap();
    assert!(
        page.contains("Commits per month") && page.contains("v1.0.0"),
        "stored evidence shown"
    );
    assert!(out.join("api/projects/tool/assessment.json").is_file());
    // Both stored assessments, as a file beside the page and on the page.
    let history: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("api/projects/tool/history.json")).unwrap(),
    )
    .unwrap();
    let points = history["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert!(
        points[0]["error"]
            .as_str()
            .unwrap()
            .contains("cannot clone")
    );
    assert_eq!(points[1]["commits_365d"], 2);
    assert!(
        page.contains("2 stored assessments from"),
        "history section"
    );
    assert!(
        out.join("api/projects/paper/history.json").is_file(),
        "every project has a history file"
    );
    // A store named but missing is an error that says which, not an empty site.
    let bad = Command::new(env!("CARGO_BIN_EXE_radar"))
        .current_dir(dir.path())
        .args(["site", "--out", "x", "--database", "missing.db"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let why = String::from_utf8_lossy(&bad.stderr);
    assert!(
        why.contains("missing.db") && why.contains("radar assess"),
        "{why}"
    );
    assert!(
        !dir.path().join("missing.db").exists(),
        "showing results never creates a store"
    );
}

/// `radar site --assess` with a project of two repositories listed in two
/// areas: its badge, its page listing both repositories, its evidence over
/// their union, and a row under each area of the catalog page.
#[test]
fn site_shows_a_project_of_two_repositories_in_both_its_areas() {
    let dir = tempfile::tempdir().unwrap();
    for (name, dates) in [
        ("tool", ["2024-01-02T10:00:00Z", "2024-06-02T10:00:00Z"]),
        ("docs", ["2024-02-02T10:00:00Z", "2024-07-02T10:00:00Z"]),
    ] {
        let repo = dir.path().join(name);
        std::fs::create_dir(&repo).unwrap();
        git(&repo, &["init", "-q", "-b", "main"], dates[0]);
        for (i, date) in dates.iter().enumerate() {
            std::fs::write(repo.join("README.md"), format!("# {name}\n{i}\n")).unwrap();
            git(&repo, &["add", "-A"], date);
            git(&repo, &["commit", "-q", "-m", "change"], date);
        }
    }
    let catalog = dir.path().join("catalog.yaml");
    std::fs::write(
        &catalog,
        "title: T\nareas:\n- name: Tools\n  projects:\n  - name: Suite\n    id: suite\n    repo: ./tool\n    additional_repos:\n    - repo: ./docs\n      role: docs\n    goal: A suite\n- name: Documentation\n  projects:\n  - ref: suite\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    site_assessed(dir.path(), &catalog, &out);
    assert!(out.join("badge/suite.svg").is_file());
    let evidence: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("api/projects/suite/evidence.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(evidence["members"].as_array().unwrap().len(), 2);
    assert_eq!(
        evidence["history"]["commits"], 4,
        "both repositories' commits"
    );
    assert_eq!(evidence["history"]["contributors"], 1, "Ann once");
    let page = std::fs::read_to_string(out.join("project/suite.html")).unwrap();
    assert!(page.contains("<h2>Repositories</h2>"), "{page}");
    assert!(page.contains("<td>docs</td>"), "{page}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for area in ["Tools", "Documentation"] {
        let group = index
            .split("<tbody class=\"area-group\"")
            .find(|g| g.starts_with(&format!(" data-area=\"{area}\"")))
            .unwrap_or_else(|| panic!("no {area} group: {index}"));
        assert!(group.contains("project/suite.html"), "{area}: {group}");
    }
    assert!(
        index.contains("id=\"count\">1 projects "),
        "counted once: {index}"
    );
}
