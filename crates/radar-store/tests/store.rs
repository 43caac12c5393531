//! Runs, snapshots, evidence reuse, history and retention, on both backends.

mod common;

use std::time::Duration;

use common::at;
use jiff::{SignedDuration, Timestamp};
use radar_store::{Error, Retention, RunId, Snapshot, Store, Summary};

fn snapshot(project: &str, run: RunId, as_of: Timestamp) -> Snapshot {
    let mut s = Snapshot::new(
        project,
        format!("https://example.test/{project}.git"),
        run,
        as_of,
        as_of,
    );
    s.head_commit = Some(format!("{project}-head"));
    s.assessment_json = Some(format!(r#"{{"project":"{project}","level":"sandbox"}}"#));
    s.summary = Summary {
        contributors: Some(10),
        commits: Some(100),
        commits_365d: Some(40),
        active_contributors: Some(4),
        organisations: Some(3),
        elephant_factor: Some(2),
        claimed_level: Some("cncf:sandbox".into()),
        supported_level: Some("cncf:incubating".into()),
        lifecycle: Some("active".into()),
        findings: Some(1),
        latest_release: Some("v1.2.3".into()),
        latest_release_at: Some(at("2025-01-02T03:04:05.678Z")),
    };
    s
}

async fn count(store_url: &str, table: &str) -> i64 {
    // Counted through a second connection, as an outside reader would.
    let store = Store::connect(store_url).await.unwrap();
    let n = store_count(&store, table).await;
    store.close().await;
    n
}

/// Rows in a table (the public API has no reason to count evidence rows).
async fn store_count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(store.pool())
        .await
        .unwrap()
}

on_both_backends! {
    async fn a_snapshot_round_trips_every_field(db) {
        let store = &db.store;
        let run = store.begin_run("seed", at("2026-03-01T00:00:00Z")).await.unwrap();
        let mut s = snapshot("containerd", run, at("2026-03-01T00:00:00Z"));
        s.taken_at = at("2026-03-01T00:05:00.250Z");
        s.evidence_json = Some(r#"{"commits":100,"note":"ünïcödé ✓"}"#.into());
        s.error = Some("partial: tags unreadable".into());
        let id = store.save_snapshot(&s).await.unwrap();
        let back = store.latest_snapshot("containerd").await.unwrap().expect("stored");
        assert_eq!(back.id, id);
        assert_eq!(back.job_id, None);
        assert_eq!(back.snapshot, s);
        let run_row = store.run(run).await.unwrap().unwrap();
        assert_eq!(run_row.catalog_name, "seed");
        assert_eq!(run_row.finished_at, None);
        store.finish_run(run).await.unwrap();
        assert!(store.run(run).await.unwrap().unwrap().finished_at.is_some());
        assert!(matches!(store.finish_run(RunId(9999)).await, Err(Error::UnknownRun(9999))));
    }
}

on_both_backends! {
    async fn saving_the_same_project_and_run_again_replaces_it(db) {
        let store = &db.store;
        let run = store.begin_run("seed", at("2026-03-01T00:00:00Z")).await.unwrap();
        let mut s = snapshot("runc", run, at("2026-03-01T00:00:00Z"));
        let first = store.save_snapshot(&s).await.unwrap();
        s.summary.contributors = Some(11);
        s.error = Some("second try".into());
        let second = store.save_snapshot(&s).await.unwrap();
        assert_eq!(first, second, "an upsert keeps the row");
        let all = store.run_snapshots(run).await.unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].snapshot.summary.contributors, Some(11));
        assert_eq!(all[0].snapshot.error.as_deref(), Some("second try"));
        // Another run is another row.
        let run2 = store.begin_run("seed", at("2026-03-02T00:00:00Z")).await.unwrap();
        s.run_id = run2;
        assert_ne!(store.save_snapshot(&s).await.unwrap(), first);
    }
}

on_both_backends! {
    async fn bad_json_and_unknown_runs_are_refused_and_nothing_is_stored(db) {
        let store = &db.store;
        let run = store.begin_run("seed", at("2026-03-01T00:00:00Z")).await.unwrap();
        let mut s = snapshot("bad", run, at("2026-03-01T00:00:00Z"));
        s.assessment_json = Some("{not json".into());
        let err = store.save_snapshot(&s).await.unwrap_err();
        assert!(matches!(err, Error::InvalidJson { what: "assessment JSON", .. }), "{err}");
        assert!(err.to_string().contains("`bad`"), "names the project: {err}");
        let mut s = snapshot("orphan", RunId(4242), at("2026-03-01T00:00:00Z"));
        s.evidence_json = Some("{}".into());
        assert!(matches!(store.save_snapshot(&s).await, Err(Error::UnknownRun(4242))));
        assert!(store.latest_snapshots().await.unwrap().is_empty());
        assert_eq!(store_count(store, "evidence").await, 0, "the failed transaction left no evidence behind");
    }
}

on_both_backends! {
    async fn latest_snapshots_gives_each_projects_newest_by_as_of(db) {
        let store = &db.store;
        let day = |d: i64| at("2026-01-01T00:00:00Z") + SignedDuration::from_hours(24 * d);
        let r1 = store.begin_run("seed", day(1)).await.unwrap();
        let r2 = store.begin_run("seed", day(2)).await.unwrap();
        // A backfill of an old date, taken after r2: not the latest.
        let r0 = store.begin_run("seed", day(0)).await.unwrap();
        for (run, d) in [(r1, 1), (r2, 2), (r0, 0)] {
            for p in ["a", "b"] {
                let mut s = snapshot(p, run, day(d));
                s.summary.commits = Some(100 + d);
                s.taken_at = day(10 + i64::from(run.0 as i32));
                store.save_snapshot(&s).await.unwrap();
            }
        }
        // "c" only in the first run.
        store.save_snapshot(&snapshot("c", r1, day(1))).await.unwrap();
        let latest = store.latest_snapshots().await.unwrap();
        let got: Vec<(&str, Option<i64>)> =
            latest.iter().map(|s| (s.snapshot.project_id.as_str(), s.snapshot.summary.commits)).collect();
        assert_eq!(got, vec![("a", Some(102)), ("b", Some(102)), ("c", Some(100))]);
        assert_eq!(store.latest_snapshot("b").await.unwrap().unwrap().snapshot.run_id, r2);
        assert!(store.latest_snapshot("zzz").await.unwrap().is_none());
        assert_eq!(store.run_snapshots(r1).await.unwrap().len(), 3);
        let runs = store.runs(10).await.unwrap();
        assert_eq!(runs.iter().map(|r| r.id).collect::<Vec<_>>(), vec![r0, r2, r1]);
    }
}

on_both_backends! {
    async fn evidence_is_found_by_repository_and_head_and_stored_once(db) {
        let store = &db.store;
        let r1 = store.begin_run("seed", at("2026-02-01T00:00:00Z")).await.unwrap();
        let r2 = store.begin_run("seed", at("2026-02-02T00:00:00Z")).await.unwrap();
        let evidence = r#"{"head":"abc","commits":7}"#;
        for run in [r1, r2] {
            let mut s = snapshot("p", run, store.run(run).await.unwrap().unwrap().as_of);
            s.head_commit = Some("abc".into());
            s.evidence_json = Some(evidence.into());
            store.save_snapshot(&s).await.unwrap();
        }
        assert_eq!(store_count(store, "evidence").await, 1, "identical evidence is shared");
        let found = store.evidence_for("https://example.test/p.git", "abc").await.unwrap().expect("found");
        assert_eq!(found.json, evidence);
        assert_eq!(found.as_of, at("2026-02-02T00:00:00Z"), "as of the newest snapshot using it");
        assert!(store.evidence_for("https://example.test/p.git", "def").await.unwrap().is_none());
        assert!(store.evidence_for("https://example.test/q.git", "abc").await.unwrap().is_none());
        // HEAD moved: new evidence, and the lookup at the new HEAD finds it.
        let r3 = store.begin_run("seed", at("2026-02-03T00:00:00Z")).await.unwrap();
        let mut s = snapshot("p", r3, at("2026-02-03T00:00:00Z"));
        s.head_commit = Some("def".into());
        s.evidence_json = Some(r#"{"head":"def"}"#.into());
        store.save_snapshot(&s).await.unwrap();
        assert_eq!(store_count(store, "evidence").await, 2);
        let found = store.evidence_for("https://example.test/p.git", "def").await.unwrap().unwrap();
        assert_eq!(found.json, r#"{"head":"def"}"#);
        // Each snapshot reads back its own evidence.
        assert_eq!(store.run_snapshots(r1).await.unwrap()[0].snapshot.evidence_json.as_deref(), Some(evidence));
    }
}

on_both_backends! {
    async fn history_returns_a_projects_figures_in_a_date_range(db) {
        let store = &db.store;
        let start = at("2025-01-01T00:00:00Z");
        for week in 0..10i64 {
            let as_of = start + SignedDuration::from_hours(24 * 7 * week);
            let run = store.begin_run("seed", as_of).await.unwrap();
            let mut s = snapshot("etcd", run, as_of);
            s.summary.contributors = Some(100 + week);
            s.summary.supported_level = Some(if week < 5 { "incubating" } else { "graduated" }.into());
            store.save_snapshot(&s).await.unwrap();
            store.save_snapshot(&snapshot("other", run, as_of)).await.unwrap();
        }
        let from = start + SignedDuration::from_hours(24 * 7 * 2);
        let to = start + SignedDuration::from_hours(24 * 7 * 6);
        let points = store.history("etcd", from, to).await.unwrap();
        let contributors: Vec<i64> = points.iter().map(|p| p.summary.contributors.unwrap()).collect();
        assert_eq!(contributors, vec![102, 103, 104, 105], "from inclusive, to exclusive, oldest first");
        assert_eq!(points[3].summary.supported_level.as_deref(), Some("graduated"));
        assert_eq!(points[0].as_of, from);
        let all = store.history("etcd", Timestamp::MIN, Timestamp::MAX).await.unwrap();
        assert_eq!(all.len(), 10);
        assert!(store.history("nope", Timestamp::MIN, Timestamp::MAX).await.unwrap().is_empty());
    }
}

on_both_backends! {
    async fn history_all_reads_every_projects_history_in_one_query(db) {
        let store = &db.store;
        assert!(store.history_all(Timestamp::MIN, Timestamp::MAX).await.unwrap().is_empty());
        let start = at("2025-01-01T00:00:00Z");
        for week in 0..6i64 {
            let as_of = start + SignedDuration::from_hours(24 * 7 * week);
            let run = store.begin_run("seed", as_of).await.unwrap();
            let mut a = snapshot("etcd", run, as_of);
            a.summary.contributors = Some(100 + week);
            store.save_snapshot(&a).await.unwrap();
            // `runc` only every other week, and a failed measurement in week 4.
            if week % 2 == 0 {
                let mut b = snapshot("runc", run, as_of);
                b.summary.contributors = Some(200 + week);
                if week == 4 {
                    b.error = Some("timed out".into());
                    b.summary = Summary::default();
                }
                store.save_snapshot(&b).await.unwrap();
            }
        }
        // A second snapshot of the same date, taken later, comes after the first.
        let run = store.begin_run("again", start).await.unwrap();
        let mut again = snapshot("runc", run, start);
        again.taken_at = start + SignedDuration::from_hours(1);
        again.summary.contributors = Some(299);
        store.save_snapshot(&again).await.unwrap();

        let all = store.history_all(Timestamp::MIN, Timestamp::MAX).await.unwrap();
        assert_eq!(all.keys().collect::<Vec<_>>(), ["etcd", "runc"], "ordered by project id");
        for (project, points) in &all {
            let one = store.history(project, Timestamp::MIN, Timestamp::MAX).await.unwrap();
            assert_eq!(points, &one, "{project}: the same points as history()");
        }
        let runc: Vec<Option<i64>> = all["runc"].iter().map(|p| p.summary.contributors).collect();
        assert_eq!(runc, [Some(200), Some(299), Some(202), None], "oldest first, then by time taken");
        assert_eq!(all["runc"][3].error.as_deref(), Some("timed out"));

        // The window applies to every project: from inclusive, to exclusive.
        let from = start + SignedDuration::from_hours(24 * 7 * 2);
        let to = start + SignedDuration::from_hours(24 * 7 * 4);
        let window = store.history_all(from, to).await.unwrap();
        let etcd: Vec<Option<i64>> = window["etcd"].iter().map(|p| p.summary.contributors).collect();
        assert_eq!(etcd, [Some(102), Some(103)]);
        assert_eq!(window["runc"].len(), 1);
        let late = store.history_all(start + SignedDuration::from_hours(24 * 7 * 5), Timestamp::MAX).await.unwrap();
        assert_eq!(late.keys().collect::<Vec<_>>(), ["etcd"], "a project without points in the window is absent");
    }
}

on_both_backends! {
    async fn prune_keeps_the_last_month_then_weekly_then_monthly(db) {
        let store = &db.store;
        // Two projects measured daily for 400 days (one run per day), the
        // last day 2026-06-29; now is 2026-06-30 12:00 UTC.
        let now = at("2026-06-30T12:00:00Z");
        let first = at("2025-05-26T06:00:00Z");
        let days = 400i64;
        for d in 0..days {
            let as_of = first + SignedDuration::from_hours(24 * d);
            let run = store.begin_run("seed", as_of).await.unwrap();
            for p in ["a", "b"] {
                let mut s = snapshot(p, run, as_of);
                s.summary.commits = Some(d);
                // Evidence changes weekly, so old evidence can become unused.
                s.evidence_json = Some(format!(r#"{{"week":{}}}"#, d / 7));
                store.save_snapshot(&s).await.unwrap();
            }
        }
        // A finished job from long ago and one from yesterday.
        let old_run = store.begin_run("jobs", first).await.unwrap();
        let store_old = store.clone().with_clock(radar_store::Clock::from_fn(move || first));
        store_old.enqueue(old_run, &[radar_store::NewJob::new("a", "https://example.test/a.git")]).await.unwrap();
        let job = store_old.lease("w", Duration::from_secs(60)).await.unwrap().unwrap();
        store_old.complete(&job, &snapshot("a", old_run, first)).await.unwrap();

        let report = store.prune(now).await.unwrap();
        // Per project: ages <= 31 days: 2026-05-31..2026-06-29 = 30 days;
        // 31..365 days: 2025-07-01..2026-05-30 = ISO weeks 2025-W27..2026-W22
        // = 48; older: 2025-05-26..2025-06-30 = May and June 2025 = 2 months.
        let kept = 30 + 48 + 2;
        let history = store.history("a", Timestamp::MIN, Timestamp::MAX).await.unwrap();
        // "a" also has the job's snapshot dated `first` (same May 2025
        // period as day 0), which competes in its month.
        assert_eq!(history.len(), kept, "kept per project");
        assert_eq!(store.history("b", Timestamp::MIN, Timestamp::MAX).await.unwrap().len(), kept);
        assert_eq!(report.snapshots_deleted as i64, 2 * days + 1 - 2 * kept as i64);
        assert_eq!(report.jobs_deleted, 1);
        assert!(report.evidence_deleted > 0);
        // The most recent month is untouched: every day is there.
        let recent = store.history("a", now - SignedDuration::from_hours(24 * 31), now).await.unwrap();
        assert_eq!(recent.len(), 30);
        // In the weekly tier, no two kept snapshots share an ISO week.
        let weekly: Vec<_> = history
            .iter()
            .filter(|p| {
                let age = now.duration_since(p.as_of);
                age > SignedDuration::from_hours(24 * 31) && age <= SignedDuration::from_hours(24 * 365)
            })
            .map(|p| {
                let w = p.as_of.to_zoned(jiff::tz::TimeZone::UTC).date().iso_week_date();
                (w.year(), w.week())
            })
            .collect();
        let distinct: std::collections::HashSet<_> = weekly.iter().collect();
        assert_eq!(weekly.len(), distinct.len());
        // Pruning again removes nothing; no snapshot lost its evidence.
        assert_eq!(store.prune(now).await.unwrap().snapshots_deleted, 0);
        assert!(store.latest_snapshots().await.unwrap().iter().all(|s| s.snapshot.evidence_json.is_some()));
        for p in history {
            let run = store.run_snapshots(p.run_id).await.unwrap();
            assert!(run.iter().all(|s| s.snapshot.evidence_json.is_some()));
        }
    }
}

on_both_backends! {
    async fn a_custom_policy_keeps_less(db) {
        let now = at("2026-06-30T00:00:00Z");
        let clock = radar_store::ManualClock::new(now);
        let store = &db.store.clone().with_clock(clock.clock());
        for d in 0..20i64 {
            let as_of = now - SignedDuration::from_hours(24 * (d + 1));
            clock.set(as_of);
            let run = store.begin_run("seed", as_of).await.unwrap();
            store.save_snapshot(&snapshot("x", run, as_of)).await.unwrap();
        }
        let policy = Retention {
            keep_all_for: Duration::from_secs(5 * 86_400),
            weekly_for: Duration::from_secs(10 * 86_400),
            ..Retention::default()
        };
        let report = store.prune_with(now, &policy).await.unwrap();
        let left = store.history("x", Timestamp::MIN, Timestamp::MAX).await.unwrap();
        // Ages 1..=5 days: all 5. Ages 6..=10 (2026-06-24 .. 06-20): ISO
        // weeks 26 and 25, one each. Ages 11..=20 (June 19 .. 10): one month.
        assert_eq!(left.len(), 5 + 2 + 1);
        assert_eq!(report.snapshots_deleted, 12);
        // Empty runs went with their snapshots.
        assert_eq!(report.runs_deleted, report.snapshots_deleted);
    }
}

on_both_backends! {
    async fn data_survives_closing_and_reopening(db) {
        let run = db.store.begin_run("seed", at("2026-03-01T00:00:00Z")).await.unwrap();
        db.store.save_snapshot(&snapshot("kept", run, at("2026-03-01T00:00:00Z"))).await.unwrap();
        db.store.close().await;
        let again = db.reconnect().await;
        assert_eq!(again.latest_snapshots().await.unwrap().len(), 1);
        assert_eq!(count(&db.url, "runs").await, 1);
    }
}

/// Many processes opening a new database at once must not trip over each
/// other's migrations. Twelve pools connect concurrently to a database that
/// has no schema yet; every one succeeds and each migration is recorded once.
async fn concurrent_first_connects(url: String) {
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move { Store::connect(&url).await.map(|s| s.backend()) })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().expect("every concurrent connect succeeds");
    }
    let store = Store::connect(&url).await.unwrap();
    let pool = store.pool().clone();
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(versions, vec![1], "each migration applied exactly once");
    // And the schema works.
    let run = store
        .begin_run("x", at("2026-01-01T00:00:00Z"))
        .await
        .unwrap();
    store
        .save_snapshot(&snapshot("p", run, at("2026-01-01T00:00:00Z")))
        .await
        .unwrap();
}

mod concurrent_migrations {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        let dir = tempfile::tempdir().unwrap();
        concurrent_first_connects(dir.path().join("new.db").display().to_string()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        if let Some(url) = common::fresh_postgres_database().await {
            concurrent_first_connects(url).await;
        }
    }
}

#[tokio::test]
async fn a_new_sqlite_file_is_created_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub dir?#%.db");
    // A bare path, with characters that need escaping in a URL.
    let store = Store::connect(&path.display().to_string()).await.unwrap();
    assert!(path.is_file());
    let pool = store.pool().clone();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    store.close().await;
    // Reopening through a URL (percent-encoded) finds the same file.
    let encoded = path
        .display()
        .to_string()
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    let again = Store::connect(&format!("sqlite://{encoded}"))
        .await
        .unwrap();
    assert_eq!(again.display_url(), path.display().to_string());
    assert!(again.latest_snapshots().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_missing_folder_is_a_clear_error() {
    let err = Store::connect("/nonexistent-radar-dir/x/radar.db")
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::MissingFolder { .. }), "{text}");
    assert!(text.contains("/nonexistent-radar-dir/x"), "{text}");
}

#[tokio::test]
async fn an_unreachable_postgres_names_the_server_but_not_the_password() {
    let opts = radar_store::StoreOptions {
        acquire_timeout: Duration::from_secs(2),
        ..Default::default()
    };
    // Port 1 on loopback: nothing listens there.
    let err = Store::connect_with("postgres://radar:hunter2@127.0.0.1:1/radar", &opts)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("127.0.0.1:1"), "{text}");
    assert!(!text.contains("hunter2"), "password leaked: {text}");
}

#[tokio::test]
async fn in_memory_sqlite_works_for_one_process() {
    let store = Store::connect("sqlite::memory:").await.unwrap();
    let run = store
        .begin_run("m", at("2026-01-01T00:00:00Z"))
        .await
        .unwrap();
    store
        .save_snapshot(&snapshot("p", run, at("2026-01-01T00:00:00Z")))
        .await
        .unwrap();
    assert_eq!(store.latest_snapshots().await.unwrap().len(), 1);
}

/// Both migration folders must describe the same tables and columns: the
/// single code path depends on it.
#[tokio::test]
async fn both_backends_have_the_same_schema() {
    let Some(pg_url) = common::fresh_postgres_database().await else {
        return;
    };
    let pg = Store::connect(&pg_url).await.unwrap();
    let pg_pool = pg.pool().clone();
    let dir = tempfile::tempdir().unwrap();
    let lite = Store::connect(&dir.path().join("s.db").display().to_string())
        .await
        .unwrap();
    let lite_pool = lite.pool().clone();
    for table in ["runs", "evidence", "snapshots", "jobs"] {
        let pg_cols: Vec<String> = sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(&pg_pool)
        .await
        .unwrap();
        let lite_cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
        )))
        .fetch_all(&lite_pool)
        .await
        .unwrap();
        assert!(!pg_cols.is_empty(), "{table} exists");
        assert_eq!(pg_cols, lite_cols, "columns of {table}");
    }
    let pg_idx: Vec<String> = sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' \
         AND indexname NOT LIKE '%_key' AND tablename <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(&pg_pool)
    .await
    .unwrap();
    let lite_idx: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY 1",
    )
    .fetch_all(&lite_pool)
    .await
    .unwrap();
    assert_eq!(pg_idx, lite_idx, "named indexes");
}

/// Without PostgreSQL the PostgreSQL variants say they are skipped and pass;
/// under CI=true they fail. Checked by running one such test in a child
/// process that cannot find the binaries.
#[test]
fn missing_postgres_is_a_notice_locally_and_a_failure_in_ci() {
    if std::env::var_os("RADAR_PG_BINDIR").is_some() {
        return; // this is the child (or someone pinned the binaries)
    }
    let run = |ci: Option<&str>| {
        let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "--exact",
            "data_survives_closing_and_reopening::postgres",
            "--nocapture",
        ])
        .env("RADAR_PG_BINDIR", "/nonexistent-radar-pg-bin")
        .env_remove("CI");
        if let Some(ci) = ci {
            cmd.env("CI", ci);
        }
        let out = cmd.output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, text) = run(None);
    assert!(ok, "should pass when skipped: {text}");
    assert!(
        text.contains("notice: skipping the PostgreSQL variants"),
        "{text}"
    );
    assert!(text.contains("1 passed"), "the test did run: {text}");
    let (ok, text) = run(Some("true"));
    assert!(!ok, "must fail under CI=true: {text}");
    assert!(text.contains("not found"), "{text}");
}
