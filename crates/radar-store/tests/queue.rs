//! The job queue and the worker loop, on both backends.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use common::at;
use radar_store::{
    Completion, Error, FailOutcome, Job, JobError, JobState, ManualClock, NewJob, QueueConfig,
    RunId, Snapshot, Store, Worker, WorkerOptions,
};

const MINUTE: Duration = Duration::from_secs(60);

fn jobs(n: usize) -> Vec<NewJob> {
    (0..n)
        .map(|i| {
            NewJob::new(
                format!("p{i:04}"),
                format!("https://example.test/p{i:04}.git"),
            )
        })
        .collect()
}

/// The snapshot a worker would write for `job`, naming the worker.
fn result_for(job: &Job, worker: &str) -> Snapshot {
    let mut s = Snapshot::new(
        &job.project_id,
        &job.repo_url,
        job.run_id,
        jiff::Timestamp::now(),
        job.as_of,
    );
    s.assessment_json = Some(format!(r#"{{"by":"{worker}","lease":{}}}"#, job.lease_seq));
    s
}

/// A store whose clock the test moves, on the same database.
fn with_manual_clock(store: &Store, start: &str) -> (Store, ManualClock) {
    let clock = ManualClock::new(at(start));
    (store.clone().with_clock(clock.clock()), clock)
}

async fn run(store: &Store) -> RunId {
    store
        .begin_run("test", at("2026-04-01T00:00:00Z"))
        .await
        .unwrap()
}

on_both_backends! {
    async fn enqueue_skips_projects_already_queued_or_leased(db) {
        let store = &db.store;
        let r1 = run(store).await;
        let first = store.enqueue(r1, &jobs(3)).await.unwrap();
        assert_eq!((first.queued, first.already_queued), (3, 0));
        let again = store.enqueue(r1, &jobs(5)).await.unwrap();
        assert_eq!((again.queued, again.already_queued), (2, 3));
        // Leased still counts as queued.
        let job = store.lease("w", MINUTE).await.unwrap().unwrap();
        let r2 = run(store).await;
        assert_eq!(store.enqueue(r2, &jobs(5)).await.unwrap().queued, 0);
        // Once done, the project can be queued again.
        store.complete(&job, &result_for(&job, "w")).await.unwrap();
        let after = store.enqueue(r2, &jobs(5)).await.unwrap();
        assert_eq!((after.queued, after.already_queued), (1, 4));
        let stats = store.queue_stats().await.unwrap();
        assert_eq!((stats.queued, stats.leased, stats.done), (5, 0, 1));
        assert!(matches!(store.enqueue(RunId(777), &jobs(1)).await, Err(Error::UnknownRun(777))));
    }
}

on_both_backends! {
    async fn repositories_in_use_are_those_of_each_catalogs_latest_run_and_of_pending_jobs(db) {
        let store = &db.store;
        let url = |p: &str| format!("https://example.test/{p}.git");
        // Catalog "a": run 1 measured old + kept, run 2 only kept (old left the catalog).
        let a1 = store.begin_run("a", at("2026-04-01T00:00:00Z")).await.unwrap();
        for p in ["old", "kept"] {
            store.save_snapshot(&Snapshot::new(p, url(p), a1, at("2026-04-01T00:00:00Z"), at("2026-04-01T00:00:00Z"))).await.unwrap();
        }
        let a2 = store.begin_run("a", at("2026-04-02T00:00:00Z")).await.unwrap();
        store.save_snapshot(&Snapshot::new("kept", url("kept"), a2, at("2026-04-02T00:00:00Z"), at("2026-04-02T00:00:00Z"))).await.unwrap();
        // Catalog "b": its only run was enqueued (workers measure it), one job done.
        let b1 = store.begin_run("b", at("2026-04-02T00:00:00Z")).await.unwrap();
        store.enqueue(b1, &[NewJob::new("done", url("done"))]).await.unwrap();
        let job = store.lease("w", MINUTE).await.unwrap().unwrap();
        store.complete(&job, &result_for(&job, "w")).await.unwrap();
        store.enqueue(b1, &[NewJob::new("queued", url("queued"))]).await.unwrap();
        // An older run of "a" left a job queued: still pending work, still in use.
        store.enqueue(a1, &[NewJob::new("pending", url("pending"))]).await.unwrap();
        assert_eq!(
            store.repositories_in_use().await.unwrap(),
            ["done", "kept", "pending", "queued"].map(url)
        );
    }
}

on_both_backends! {
    async fn enqueue_stale_skips_projects_checked_recently_without_error(db) {
        let (store, clock) = with_manual_clock(&db.store, "2026-04-01T00:00:00Z");
        let r = run(&store).await;
        // p0000 checked 2 hours ago, p0001 30 hours ago, p0002 2 hours ago
        // but with an error, p0003 never.
        for (p, hours_ago, error) in [("p0000", 2, None), ("p0001", 30, None), ("p0002", 2, Some("unreachable"))] {
            let taken = at("2026-04-01T00:00:00Z") - jiff::SignedDuration::from_hours(hours_ago);
            let mut s = Snapshot::new(p, format!("https://example.test/{p}.git"), r, taken, taken);
            s.error = error.map(str::to_owned);
            store.save_snapshot(&s).await.unwrap();
        }
        let r2 = run(&store).await;
        let report = store.enqueue_stale(r2, &jobs(4), Duration::from_secs(24 * 3600)).await.unwrap();
        assert_eq!((report.queued, report.fresh, report.already_queued), (3, 1, 0));
        let queued: HashSet<String> =
            store.jobs(Some(JobState::Queued), 10).await.unwrap().into_iter().map(|j| j.project_id).collect();
        assert_eq!(queued, HashSet::from(["p0001".into(), "p0002".into(), "p0003".into()]));
        clock.advance(Duration::from_secs(1));
    }
}

on_both_backends! {
    async fn concurrent_workers_lease_every_job_exactly_once(db) {
        let r = run(&db.store).await;
        db.store.enqueue(r, &jobs(120)).await.unwrap();
        // Eight workers, each with its own pool, as separate processes would.
        let mut tasks = Vec::new();
        for w in 0..8 {
            let store = db.reconnect().await;
            tasks.push(tokio::spawn(async move {
                let name = format!("w{w}");
                let mut mine = Vec::new();
                while let Some(job) = store.lease(&name, MINUTE).await.unwrap() {
                    match store.complete(&job, &result_for(&job, &name)).await.unwrap() {
                        Completion::Completed(_) => mine.push(job.id),
                        other => panic!("job {} not completed: {other:?}", job.id),
                    }
                }
                mine
            }));
        }
        let mut seen = HashSet::new();
        for t in tasks {
            for id in t.await.unwrap() {
                assert!(seen.insert(id), "job {id} leased twice");
            }
        }
        assert_eq!(seen.len(), 120);
        let stats = db.store.queue_stats().await.unwrap();
        assert_eq!((stats.done, stats.pending()), (120, 0));
        assert_eq!(db.store.run_snapshots(r).await.unwrap().len(), 120);
    }
}

on_both_backends! {
    async fn an_expired_lease_goes_to_another_worker_and_the_first_cannot_write(db) {
        let (store, clock) = with_manual_clock(&db.store, "2026-04-01T00:00:00Z");
        let r = run(&store).await;
        store.enqueue(r, &jobs(1)).await.unwrap();
        let a = store.lease("a", MINUTE).await.unwrap().unwrap();
        assert_eq!((a.attempt, a.worker_id.as_str()), (1, "a"));
        // Within the lease nobody else gets it; a renewal extends it.
        clock.advance(Duration::from_secs(50));
        assert!(store.lease("b", MINUTE).await.unwrap().is_none());
        assert!(store.renew(&a, MINUTE).await.unwrap());
        clock.advance(Duration::from_secs(50));
        assert!(store.lease("b", MINUTE).await.unwrap().is_none(), "renewed lease still held");
        // "a" goes silent past its lease: "b" takes the job over.
        clock.advance(Duration::from_secs(61));
        let b = store.lease("b", MINUTE).await.unwrap().expect("expired lease is due");
        assert_eq!((b.id, b.attempt, b.worker_id.as_str()), (a.id, 2, "b"));
        assert!(b.lease_seq > a.lease_seq);
        // "a" wakes up: it can neither renew nor write its late result.
        assert!(!store.renew(&a, MINUTE).await.unwrap());
        assert_eq!(store.complete(&a, &result_for(&a, "a")).await.unwrap(), Completion::LeaseLost);
        assert!(store.latest_snapshot(&a.project_id).await.unwrap().is_none(), "nothing written by a");
        assert_eq!(store.fail(&a, "late", true).await.unwrap(), FailOutcome::LeaseLost);
        assert!(!store.release(&a).await.unwrap());
        // "b" completes; the snapshot is b's.
        let Completion::Completed(id) = store.complete(&b, &result_for(&b, "b")).await.unwrap() else { panic!() };
        let stored = store.latest_snapshot(&b.project_id).await.unwrap().unwrap();
        assert_eq!(stored.id, id);
        assert_eq!(stored.job_id, Some(b.id));
        assert!(stored.snapshot.assessment_json.unwrap().contains(r#""by":"b""#));
    }
}

on_both_backends! {
    async fn completing_twice_writes_once(db) {
        let store = &db.store;
        let r = run(store).await;
        store.enqueue(r, &jobs(1)).await.unwrap();
        let job = store.lease("w", MINUTE).await.unwrap().unwrap();
        let first = result_for(&job, "first");
        let Completion::Completed(id) = store.complete(&job, &first).await.unwrap() else { panic!() };
        let mut second = result_for(&job, "second");
        second.error = Some("should not be stored".into());
        assert_eq!(store.complete(&job, &second).await.unwrap(), Completion::AlreadyCompleted);
        let all = store.run_snapshots(r).await.unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].id, id);
        assert_eq!(all[0].snapshot.assessment_json, first.assessment_json);
        assert_eq!(all[0].snapshot.error, None);
        let listed = store.jobs(Some(JobState::Done), 10).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].snapshot_id, Some(id));
        assert!(listed[0].finished_at.is_some());
    }
}

on_both_backends! {
    async fn a_snapshot_for_another_project_is_refused_and_the_job_stays_leased(db) {
        let store = &db.store;
        let r = run(store).await;
        store.enqueue(r, &jobs(2)).await.unwrap();
        let job = store.lease("w", MINUTE).await.unwrap().unwrap();
        let mut wrong = result_for(&job, "w");
        wrong.project_id = "someone-else".into();
        assert!(matches!(store.complete(&job, &wrong).await, Err(Error::SnapshotMismatch { .. })));
        let mut bad = result_for(&job, "w");
        bad.evidence_json = Some("nope".into());
        assert!(matches!(store.complete(&job, &bad).await, Err(Error::InvalidJson { .. })));
        assert_eq!(store.queue_stats().await.unwrap().leased, 1);
        assert!(matches!(store.complete(&job, &result_for(&job, "w")).await.unwrap(), Completion::Completed(_)));
    }
}

on_both_backends! {
    async fn failures_back_off_exponentially_then_give_up_with_the_error(db) {
        let config = QueueConfig {
            max_attempts: 3,
            backoff_base: Duration::from_secs(10),
            backoff_max: Duration::from_secs(3600),
        };
        let (store, clock) = with_manual_clock(&db.store, "2026-04-01T00:00:00Z");
        let store = store.with_queue_config(config.clone());
        let r = run(&store).await;
        store.enqueue(r, &jobs(1)).await.unwrap();
        let mut waits = Vec::new();
        for attempt in 1..=2u32 {
            let job = store.lease("w", MINUTE).await.unwrap().expect("due");
            assert_eq!(job.attempt, attempt);
            assert_eq!(job.max_attempts, 3);
            if attempt == 2 {
                assert_eq!(job.last_error.as_deref(), Some("fetch failed #1"), "the next try sees the last error");
            }
            let FailOutcome::Retrying { not_before } = store.fail(&job, &format!("fetch failed #{attempt}"), true).await.unwrap()
            else {
                panic!("should retry")
            };
            let wait = not_before.duration_since(clock.now());
            waits.push(wait);
            // Not due before its time...
            clock.advance(Duration::try_from(wait).unwrap() - Duration::from_millis(1));
            assert!(store.lease("w", MINUTE).await.unwrap().is_none(), "backing off");
            clock.advance(Duration::from_millis(1));
        }
        // 10 s then 20 s, each with at most 10% spread.
        let secs: Vec<f64> = waits.iter().map(|w| w.as_secs_f64()).collect();
        assert!((10.0..=11.0).contains(&secs[0]) && (20.0..=22.0).contains(&secs[1]), "{secs:?}");
        let job = store.lease("w", MINUTE).await.unwrap().unwrap();
        assert_eq!(job.attempt, 3);
        assert_eq!(store.fail(&job, "fetch failed #3", true).await.unwrap(), FailOutcome::GaveUp);
        clock.advance(Duration::from_secs(7200));
        assert!(store.lease("w", MINUTE).await.unwrap().is_none(), "given up for good");
        let failed = store.jobs(Some(JobState::Failed), 10).await.unwrap();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].attempts, 3);
        assert_eq!(failed[0].last_error.as_deref(), Some("gave up after 3 attempts: fetch failed #3"));
        // An operator re-queues it once the cause is fixed.
        assert_eq!(store.retry_failed().await.unwrap(), 1);
        let again = store.lease("w", MINUTE).await.unwrap().unwrap();
        assert_eq!(again.attempt, 1);
    }
}

on_both_backends! {
    async fn a_permanent_error_gives_up_at_once(db) {
        let store = &db.store;
        let r = run(store).await;
        store.enqueue(r, &jobs(1)).await.unwrap();
        let job = store.lease("w", MINUTE).await.unwrap().unwrap();
        assert_eq!(store.fail(&job, "repository URL is not git", false).await.unwrap(), FailOutcome::GaveUp);
        let failed = store.jobs(Some(JobState::Failed), 1).await.unwrap();
        assert_eq!(failed[0].last_error.as_deref(), Some("repository URL is not git"));
        assert_eq!(failed[0].attempts, 1);
    }
}

on_both_backends! {
    async fn a_released_job_is_due_at_once_and_the_try_does_not_count(db) {
        let store = &db.store;
        let r = run(store).await;
        store.enqueue(r, &jobs(1)).await.unwrap();
        let job = store.lease("a", MINUTE).await.unwrap().unwrap();
        assert!(store.release(&job).await.unwrap());
        let again = store.lease("b", MINUTE).await.unwrap().expect("due again");
        assert_eq!((again.id, again.attempt), (job.id, 1));
        assert_eq!(store.complete(&job, &result_for(&job, "a")).await.unwrap(), Completion::LeaseLost);
    }
}

on_both_backends! {
    async fn a_job_whose_workers_keep_dying_is_given_up(db) {
        let (store, clock) = with_manual_clock(&db.store, "2026-04-01T00:00:00Z");
        let store = store.with_queue_config(QueueConfig { max_attempts: 2, ..QueueConfig::default() });
        let r = run(&store).await;
        store.enqueue(r, &jobs(1)).await.unwrap();
        // p0000 kills its worker every time (the lease just expires).
        let first = store.lease("w1", MINUTE).await.unwrap().unwrap();
        assert_eq!(first.project_id, "p0000");
        clock.advance(2 * MINUTE);
        let second = store.lease("w2", MINUTE).await.unwrap().unwrap();
        assert_eq!((second.project_id.as_str(), second.attempt), ("p0000", 2));
        clock.advance(2 * MINUTE);
        // A third lease would exceed the limit: the job is given up, not
        // handed to a third worker to kill.
        assert!(store.lease("w3", MINUTE).await.unwrap().is_none());
        // The project is no longer pending, so it can be queued afresh.
        assert_eq!(store.enqueue(r, &jobs(1)).await.unwrap().queued, 1);
        let failed = store.jobs(Some(JobState::Failed), 10).await.unwrap();
        assert_eq!(failed.len(), 1);
        assert!(failed[0].last_error.as_deref().unwrap().contains("lease expired 2 times"), "{:?}", failed[0].last_error);
    }
}

on_both_backends! {
    async fn the_worker_loop_completes_retries_and_gives_up(db) {
        let store = db.store.clone().with_queue_config(QueueConfig {
            max_attempts: 3,
            backoff_base: Duration::from_millis(10),
            backoff_max: Duration::from_millis(50),
        });
        let r = run(&store).await;
        let mut all = jobs(6);
        all[3].project_id = "flaky".into();
        all[4].project_id = "broken".into();
        all[5].project_id = "panics".into();
        store.enqueue(r, &all).await.unwrap();
        let tries: Arc<std::sync::Mutex<HashMap<String, u32>>> = Arc::default();
        let mut options = WorkerOptions::new("loop");
        options.exit_when_drained = true;
        options.idle_poll = Duration::from_millis(10);
        let worker = Worker::new(store.clone(), options);
        let counts = tries.clone();
        let report = worker
            .run(
                move |job: Job| {
                    let counts = counts.clone();
                    async move {
                        let n = {
                            let mut c = counts.lock().unwrap();
                            let n = c.entry(job.project_id.clone()).or_default();
                            *n += 1;
                            *n
                        };
                        match job.project_id.as_str() {
                            "flaky" if n < 3 => Err(JobError::retry(format!("timeout #{n}"))),
                            "broken" => Err(JobError::permanent("not a git repository")),
                            "panics" => panic!("bug in the handler"),
                            _ => Ok(result_for(&job, "loop")),
                        }
                    }
                },
                std::future::pending(),
            )
            .await
            .unwrap();
        assert_eq!(report.completed, 4, "{report:?}");
        assert_eq!(report.gave_up, 2, "{report:?}");
        assert_eq!(report.retried, 2 + 2, "flaky twice, panics twice: {report:?}");
        let tries = tries.lock().unwrap().clone();
        assert_eq!((tries["flaky"], tries["broken"], tries["panics"]), (3, 1, 3));
        let failed: HashMap<String, String> = store
            .jobs(Some(JobState::Failed), 10)
            .await
            .unwrap()
            .into_iter()
            .map(|j| (j.project_id, j.last_error.unwrap_or_default()))
            .collect();
        assert_eq!(failed["broken"], "not a git repository");
        assert!(failed["panics"].contains("panicked: bug in the handler"), "{}", failed["panics"]);
        assert_eq!(store.run_snapshots(r).await.unwrap().len(), 4);
    }
}

on_both_backends! {
    async fn the_lease_is_renewed_while_a_long_job_runs(db) {
        let r = run(&db.store).await;
        db.store.enqueue(r, &jobs(1)).await.unwrap();
        let mut options = WorkerOptions::new("slow");
        options.lease_for = Duration::from_millis(1500);
        options.renew_every = Duration::from_millis(300);
        options.exit_when_drained = true;
        let worker = Worker::new(db.store.clone(), options);
        let health = worker.health();
        let running = tokio::spawn(async move {
            worker
                .run(
                    |job: Job| async move {
                        tokio::time::sleep(Duration::from_secs(4)).await;
                        Ok(result_for(&job, "slow"))
                    },
                    std::future::pending(),
                )
                .await
                .unwrap()
        });
        while health.report().current_job.is_none() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // For 3.5 s (more than twice the 1.5 s lease) nobody else may take it.
        let other = db.reconnect().await;
        let end = tokio::time::Instant::now() + Duration::from_millis(3500);
        let mut stolen = 0;
        while tokio::time::Instant::now() < end {
            if other.lease("thief", Duration::from_secs(60)).await.unwrap().is_some() {
                stolen += 1;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let report = running.await.unwrap();
        assert_eq!(stolen, 0, "the job was taken while its worker was alive");
        assert_eq!(report.completed, 1, "{report:?}");
    }
}

on_both_backends! {
    async fn shutdown_releases_a_job_that_outlasts_the_grace_period(db) {
        let r = run(&db.store).await;
        db.store.enqueue(r, &jobs(2)).await.unwrap();
        let mut options = WorkerOptions::new("stopping");
        options.shutdown_grace = Duration::from_millis(200);
        let worker = Worker::new(db.store.clone(), options);
        let started = Arc::new(AtomicU32::new(0));
        let s = started.clone();
        let report = worker
            .run(
                move |job: Job| {
                    s.fetch_add(1, Ordering::SeqCst);
                    async move {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        Ok(result_for(&job, "never"))
                    }
                },
                tokio::time::sleep(Duration::from_millis(300)),
            )
            .await
            .unwrap();
        assert_eq!((report.released, report.completed), (1, 0), "{report:?}");
        assert_eq!(started.load(Ordering::SeqCst), 1, "no new job after the signal");
        let stats = db.store.queue_stats().await.unwrap();
        assert_eq!((stats.queued, stats.ready, stats.leased), (2, 2, 0));
        let again = db.store.lease("next", MINUTE).await.unwrap().unwrap();
        assert_eq!(again.attempt, 1, "a released try does not count");
    }
}

on_both_backends! {
    async fn shutdown_lets_a_job_within_the_grace_period_finish(db) {
        let r = run(&db.store).await;
        db.store.enqueue(r, &jobs(3)).await.unwrap();
        let mut options = WorkerOptions::new("finishing");
        options.shutdown_grace = Duration::from_secs(10);
        let worker = Worker::new(db.store.clone(), options);
        let health = worker.health();
        let report = worker
            .run(
                |job: Job| async move {
                    tokio::time::sleep(Duration::from_millis(600)).await;
                    Ok(result_for(&job, "finishing"))
                },
                tokio::time::sleep(Duration::from_millis(200)),
            )
            .await
            .unwrap();
        assert_eq!((report.completed, report.released), (1, 0), "{report:?}");
        let stats = db.store.queue_stats().await.unwrap();
        assert_eq!((stats.done, stats.queued), (1, 2));
        assert_eq!(health.report().completed, 1);
        assert!(health.is_ready());
        assert!(health.report().current_job.is_none());
    }
}
