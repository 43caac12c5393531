//! The library as the web server and the CLI use it: `run_catalog` with and
//! without a store, the `Progress` calls, repository sharing, evidence reuse,
//! and the queue payload.

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use radar_assess::Models;
use radar_catalog::Project;
use radar_pipeline::{
    Assessed, Context, Measurer, Options, Progress, Status, parse_as_of, run_catalog,
};
use radar_store::Store;

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

/// A small repository whose README says `readme`.
fn repo(dir: &Path, readme: &str) {
    std::fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q", "-b", "main"], "2025-01-01T00:00:00Z");
    for (i, date) in [
        "2025-01-10T10:00:00Z",
        "2025-03-10T10:00:00Z",
        "2025-05-10T10:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(dir.join("README.md"), format!("{readme}\n\nrevision {i}\n")).unwrap();
        git(dir, &["add", "-A"], date);
        git(dir, &["commit", "-q", "-m", &format!("revision {i}")], date);
    }
}

/// Local paths (read in place, relative to the catalog): two rows on one
/// repository, a deprecated one, a path that does not exist, and no repository.
fn catalog(dir: &Path) -> radar_catalog::LoadedCatalog {
    repo(&dir.join("repos/a"), "# A\n\nA tool.");
    repo(
        &dir.join("repos/old"),
        "# Old\n\nThis project is deprecated.",
    );
    let text = "areas:\n- name: T\n  projects:\n  - name: A\n    repo: ./repos/a\n  - name: A too\n    repo: ./repos/a\n  - name: Old\n    repo: ./repos/old\n  - name: Gone\n    repo: ./repos/gone\n  - name: Paper\n";
    let path = dir.join("catalog.yaml");
    std::fs::write(&path, text).unwrap();
    radar_catalog::load(&path).unwrap()
}

#[derive(Default)]
struct Recorder {
    events: Mutex<Vec<String>>,
}

impl Progress for Recorder {
    fn begin(&self, total: usize) {
        self.events.lock().unwrap().push(format!("begin {total}"));
    }
    fn started(&self, p: &Project) {
        self.events
            .lock()
            .unwrap()
            .push(format!("start {}", p.id()));
    }
    fn finished(&self, p: &Project, r: &Assessed) {
        self.events
            .lock()
            .unwrap()
            .push(format!("end {} {}", p.id(), r.status.as_str()));
    }
}

fn options(dir: &Path) -> Options {
    Options {
        cache_dir: dir.join("cache"),
        as_of: Some(parse_as_of("2025-06-30").unwrap()),
        ..Options::default()
    }
}

#[test]
fn without_a_store_every_project_is_reported_to_progress() {
    let tmp = tempfile::tempdir().unwrap();
    let loaded = catalog(tmp.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let ctx = Context::new(&loaded, None, options(tmp.path()), rt.handle().clone()).unwrap();
    let progress = Recorder::default();
    let report = run_catalog(&ctx, 3, &progress).unwrap();
    assert_eq!(report.run, None);
    assert_eq!(report.repositories, 3, "a, old and gone; `A too` shares a");
    let statuses: Vec<(&str, Status)> = report
        .results
        .iter()
        .map(|r| (r.project_id.as_str(), r.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("a", Status::Measured),
            ("a-too", Status::Measured),
            ("old", Status::Measured),
            ("gone", Status::Unreachable),
            ("paper", Status::NoRepository)
        ]
    );
    let events = progress.events.into_inner().unwrap();
    assert_eq!(events[0], "begin 5");
    for id in ["a", "a-too", "old", "gone", "paper"] {
        let start = events
            .iter()
            .position(|e| e == &format!("start {id}"))
            .unwrap_or_else(|| panic!("{events:?}"));
        let end = events
            .iter()
            .position(|e| e.starts_with(&format!("end {id} ")))
            .unwrap();
        assert!(start < end, "{events:?}");
    }
    // One measurement for both rows on `a`: the same evidence object.
    assert!(std::sync::Arc::ptr_eq(
        report.results[0].evidence.as_ref().unwrap(),
        report.results[1].evidence.as_ref().unwrap()
    ));
    assert!(report.results[2].assessment.lifecycle.is_retired());
    assert!(
        report.results[3]
            .assessment
            .findings
            .iter()
            .any(|f| f.rule == "unreachable")
    );
    assert!(
        report.results[3]
            .error
            .as_deref()
            .unwrap()
            .contains("repos/gone")
    );
}

#[test]
fn with_a_store_results_are_saved_and_unchanged_heads_reuse_evidence() {
    let tmp = tempfile::tempdir().unwrap();
    let loaded = catalog(tmp.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("r.db").display());
    let store = rt.block_on(Store::connect(&url)).unwrap();
    let ctx = Context::new(
        &loaded,
        Some(store.clone()),
        options(tmp.path()),
        rt.handle().clone(),
    )
    .unwrap();
    let first = run_catalog(&ctx, 2, &radar_pipeline::NoProgress).unwrap();
    assert_eq!((first.saved, first.save_errors.len()), (5, 0));
    let second = run_catalog(&ctx, 2, &radar_pipeline::NoProgress).unwrap();
    assert_eq!(
        second.count(Status::Reused),
        3,
        "{:?}",
        second.results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    // Reused evidence is the stored document: no second copy in the store.
    assert_eq!(
        first.results[0].evidence_json,
        second.results[0].evidence_json
    );
    let evidence_rows: i64 = rt.block_on(distinct_latest_evidence(&store));
    assert_eq!(evidence_rows, 2, "one evidence row per repository and HEAD");
    let snaps = rt
        .block_on(store.run_snapshots(second.run.unwrap()))
        .unwrap();
    assert_eq!(snaps.len(), 5);
    let a = snaps.iter().find(|s| s.snapshot.project_id == "a").unwrap();
    assert_eq!(a.snapshot.summary.commits, Some(3));
    assert_eq!(a.snapshot.summary.lifecycle.as_deref(), Some("active"));
    assert_eq!(a.snapshot.summary.claimed_level, None);
    let old = snaps
        .iter()
        .find(|s| s.snapshot.project_id == "old")
        .unwrap();
    assert_eq!(
        old.snapshot.summary.lifecycle.as_deref(),
        Some("deprecated")
    );
    let gone = snaps
        .iter()
        .find(|s| s.snapshot.project_id == "gone")
        .unwrap();
    assert!(gone.snapshot.error.is_some() && gone.snapshot.evidence_json.is_none());
    // The report speaks for the date measured, not for the unreachable row's "now".
    let report =
        radar_pipeline::report::build(&loaded.catalog, "catalog.yaml", &snaps, &Default::default());
    assert_eq!(report.as_of, Some(parse_as_of("2025-06-30").unwrap()));

    // Another as-of date is measured again.
    let mut later = options(tmp.path());
    later.as_of = Some(parse_as_of("2025-07-31").unwrap());
    let ctx = Context::new(&loaded, Some(store.clone()), later, rt.handle().clone()).unwrap();
    let third = run_catalog(&ctx, 2, &radar_pipeline::NoProgress).unwrap();
    assert_eq!(third.count(Status::Measured), 3);
}

async fn distinct_latest_evidence(store: &Store) -> i64 {
    let history = store
        .history("a", jiff::Timestamp::MIN, jiff::Timestamp::MAX)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    // Distinct evidence documents behind the latest snapshots.
    let latest = store.latest_snapshots().await.unwrap();
    let mut docs: Vec<&str> = latest
        .iter()
        .filter_map(|s| s.snapshot.evidence_json.as_deref())
        .collect();
    docs.sort();
    docs.dedup();
    docs.len() as i64
}

#[test]
fn a_job_payload_round_trips_the_catalog_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let loaded = catalog(tmp.path());
    let (area, project) = loaded.catalog.projects().nth(2).unwrap();
    let payload = radar_pipeline::JobPayload {
        version: radar_pipeline::PAYLOAD_VERSION,
        catalog: "c".into(),
        area: area.name.clone(),
        project: project.clone(),
        as_of: None,
        as_of_last_fetch: true,
        models: None,
        related: vec![loaded.catalog.projects().next().unwrap().1.clone()],
    };
    let text = serde_json::to_string(&payload).unwrap();
    let back: radar_pipeline::JobPayload = serde_json::from_str(&text).unwrap();
    assert_eq!(back, payload);
    // Payloads queued before `related` existed still read.
    let mut old: serde_json::Value = serde_json::from_str(&text).unwrap();
    old.as_object_mut().unwrap().remove("related");
    let back: radar_pipeline::JobPayload = serde_json::from_value(old).unwrap();
    assert!(back.related.is_empty());
}

#[test]
fn a_measurer_without_store_never_reuses() {
    let tmp = tempfile::tempdir().unwrap();
    let loaded = catalog(tmp.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let m = Measurer::new(options(tmp.path()), None, None, rt.handle().clone());
    let base = loaded.relative_path(".");
    let first = m.measure("repos/a", &base, None);
    let second = m.measure("repos/a", &base, None);
    assert!(!first.outcome.as_ref().unwrap().reused && !second.outcome.as_ref().unwrap().reused);
    assert_eq!(first.head, second.head);
    let _ = Models::builtin();
}

/// A platform-use entry naming another project of the catalog inherits its
/// state: the named project is assessed first in a run, and a queue worker
/// reads its latest stored assessment.
#[test]
fn entries_naming_an_ended_project_give_no_formal_support() {
    let tmp = tempfile::tempdir().unwrap();
    repo(&tmp.path().join("repos/zed"), "# Zed\n\nA tool.");
    repo(
        &tmp.path().join("repos/old"),
        "# Old Engine\n\nThis project is deprecated.",
    );
    // Zed comes first in the catalog, yet Old (which it names) is judged first.
    let text = "areas:\n- name: T\n  projects:\n  - name: Zed\n    repo: ./repos/zed\n    platform_use:\n    - label: Use with Old Engine\n      url: https://old.example/docs\n  - name: Old Engine\n    repo: ./repos/old\n    platform_use:\n    - label: Acme Cloud\n      url: https://cloud.example/\n";
    let path = tmp.path().join("catalog.yaml");
    std::fs::write(&path, text).unwrap();
    let loaded = radar_catalog::load(&path).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("r.db").display());
    let store = rt.block_on(Store::connect(&url)).unwrap();
    let ctx = Context::new(
        &loaded,
        Some(store.clone()),
        options(tmp.path()),
        rt.handle().clone(),
    )
    .unwrap();
    let report = run_catalog(&ctx, 2, &radar_pipeline::NoProgress).unwrap();
    let zed = &report.results[0].assessment;
    let route = &zed.support.as_ref().unwrap()[0];
    assert!(!route.formal, "{route:?}");
    assert_eq!(route.via.as_deref(), Some("old-engine"));
    assert!(
        route.reason.starts_with(
            "Old Engine has ended: its repository announces it is deprecated (README.md:"
        ),
        "{}",
        route.reason
    );
    // Old's own product still supports Old.
    assert!(report.results[1].assessment.support.as_ref().unwrap()[0].formal);

    // The same through the queue: the payload carries Old's entry, the
    // worker reads Old's stored assessment.
    let queued = radar_pipeline::enqueue_catalog(&ctx, None).unwrap();
    assert_eq!(queued.report.queued, 2);
    let runner = radar_pipeline::JobRunner::new(Measurer::new(
        options(tmp.path()),
        Some(store.clone()),
        None,
        rt.handle().clone(),
    ));
    let mut seen = 0;
    while let Some(job) = rt
        .block_on(store.lease("w", std::time::Duration::from_secs(60)))
        .unwrap()
    {
        let payload: radar_pipeline::JobPayload =
            serde_json::from_str(job.payload.as_deref().unwrap()).unwrap();
        let snapshot = runner.assess_job(&job).unwrap();
        if job.project_id == "zed" {
            assert_eq!(
                payload
                    .related
                    .iter()
                    .map(|p| p.id().into_owned())
                    .collect::<Vec<_>>(),
                ["old-engine"]
            );
            let a: radar_assess::Assessment =
                serde_json::from_str(snapshot.assessment_json.as_deref().unwrap()).unwrap();
            let route = &a.support.unwrap()[0];
            assert!(
                !route.formal && route.reason.starts_with("Old Engine has ended"),
                "{route:?}"
            );
        } else {
            assert!(payload.related.is_empty());
        }
        rt.block_on(store.complete(&job, &snapshot)).unwrap();
        seen += 1;
    }
    assert_eq!(seen, 2);
}
