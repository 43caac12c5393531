//! Fault tests with real processes, on both backends.
//!
//! The test binary re-runs itself as the worker (and connect-only) child
//! processes: `child_process_entry` does nothing unless the environment
//! names a role.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use radar_store::{Job, JobOutcome, JobState, NewJob, Snapshot, Store, Worker, WorkerOptions};

const ROLE: &str = "RADAR_TEST_CHILD_ROLE";
const URL: &str = "RADAR_TEST_CHILD_URL";
const NAME: &str = "RADAR_TEST_CHILD_NAME";
const LOG: &str = "RADAR_TEST_CHILD_LOG";
/// `N:MS`: the worker's Nth job (1-based) takes MS milliseconds, so that the
/// parent can stop it inside that job for certain.
const SLOW: &str = "RADAR_TEST_CHILD_SLOW_JOB";

/// The child side. As a worker it logs `start JOB SEQ` when a job begins and
/// `completed JOB SEQ` when its result was committed by this process.
#[test]
fn child_process_entry() {
    let Ok(role) = std::env::var(ROLE) else {
        return;
    };
    let url = std::env::var(URL).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let code = rt.block_on(async move {
        let store = Store::connect(&url).await.expect("child connects");
        if role == "connect" {
            return 0;
        }
        let name = std::env::var(NAME).unwrap();
        let log_path = PathBuf::from(std::env::var(LOG).unwrap());
        let mut options = WorkerOptions::new(&name);
        options.lease_for = Duration::from_millis(1500);
        options.renew_every = Duration::from_millis(300);
        options.idle_poll = Duration::from_millis(50);
        options.exit_when_drained = true;
        let observer_log = log_path.clone();
        let worker = Worker::new(store, options).on_job(move |job, outcome| {
            let word = match outcome {
                JobOutcome::Completed(_) => "completed",
                JobOutcome::AlreadyCompleted => "already",
                JobOutcome::Lost { .. } => "lost",
                _ => "other",
            };
            append(
                &observer_log,
                &format!("{word} {} {}", job.id, job.lease_seq),
            );
        });
        let handler_name = name.clone();
        let slow: Option<(usize, u64)> = std::env::var(SLOW).ok().and_then(|v| {
            let (n, ms) = v.split_once(':')?;
            Some((n.parse().ok()?, ms.parse().ok()?))
        });
        let started = std::sync::atomic::AtomicUsize::new(0);
        let report = worker
            .run(
                move |job: Job| {
                    append(&log_path, &format!("start {} {}", job.id, job.lease_seq));
                    let name = handler_name.clone();
                    let nth = started.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    let work = match slow {
                        Some((n, ms)) if n == nth => ms,
                        _ => 300 + (job.id.0 as u64 % 4) * 100,
                    };
                    async move {
                        tokio::time::sleep(Duration::from_millis(work)).await;
                        let mut s = Snapshot::new(
                            &job.project_id,
                            &job.repo_url,
                            job.run_id,
                            jiff::Timestamp::now(),
                            job.as_of,
                        );
                        s.assessment_json =
                            Some(format!(r#"{{"by":"{name}","lease":{}}}"#, job.lease_seq));
                        Ok(s)
                    }
                },
                std::future::pending(),
            )
            .await
            .expect("worker runs");
        eprintln!("{name}: {report:?}");
        0
    });
    std::process::exit(code);
}

fn append(path: &Path, line: &str) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    // One write per line: a kill leaves at worst a cut-off last line.
    f.write_all(format!("{line}\n").as_bytes()).unwrap();
}

fn spawn_child(role: &str, url: &str, name: &str, log: &Path) -> Child {
    spawn_child_with(role, url, name, log, None)
}

fn spawn_child_with(role: &str, url: &str, name: &str, log: &Path, slow: Option<&str>) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    if let Some(slow) = slow {
        cmd.env(SLOW, slow);
    }
    cmd.args([
        "--exact",
        "child_process_entry",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(ROLE, role)
    .env(URL, url)
    .env(NAME, name)
    .env(LOG, log)
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::inherit())
    .spawn()
    .expect("spawn a child test process")
}

fn wait_all(children: &mut [Child], limit: Duration) {
    let end = Instant::now() + limit;
    for child in children.iter_mut() {
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "a child failed: {status}");
                break;
            }
            if Instant::now() > end {
                for c in children.iter_mut() {
                    let _ = c.kill();
                }
                panic!("children did not finish within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Lines of one worker's log (a line cut off by a kill is dropped).
fn log_lines(path: &Path) -> Vec<(String, i64, i64)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut parts = l.split(' ');
            let word = parts.next()?.to_owned();
            let job = parts.next()?.parse().ok()?;
            let seq = parts.next()?.parse().ok()?;
            Some((word, job, seq))
        })
        .collect()
}

/// Waits until the worker logging to `path` has committed `after` jobs and
/// its last line is a `start` (it is inside a job).
fn wait_mid_job(path: &Path, after: usize, limit: Duration) {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        let lines = log_lines(path);
        let done = lines.iter().filter(|(w, _, _)| w == "completed").count();
        if done >= after && lines.last().is_some_and(|(w, _, _)| w == "start") {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the worker never started a job");
}

/// Three worker processes share 30 jobs. One is killed with SIGKILL in the
/// middle of its third job, another at an arbitrary moment a little later. The
/// survivors must finish everything: every job done, each result committed
/// by exactly one process, and the interrupted job finished by another
/// worker after the dead one's lease expired.
async fn kill_workers_mid_job(url: String) {
    const JOBS: usize = 30;
    let store = Store::connect(&url).await.unwrap();
    let run = store
        .begin_run("fault", jiff::Timestamp::now())
        .await
        .unwrap();
    let jobs: Vec<NewJob> = (0..JOBS)
        .map(|i| {
            NewJob::new(
                format!("p{i:02}"),
                format!("https://example.test/p{i:02}.git"),
            )
        })
        .collect();
    store.enqueue(run, &jobs).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let logs: Vec<PathBuf> = (0..3)
        .map(|i| dir.path().join(format!("w{i}.log")))
        .collect();
    // w0's third job takes 10 minutes: it is certainly inside it when killed.
    let mut children: Vec<Child> = (0..3)
        .map(|i| {
            spawn_child_with(
                "worker",
                &url,
                &format!("w{i}"),
                &logs[i],
                (i == 0).then_some("3:600000"),
            )
        })
        .collect();

    wait_mid_job(&logs[0], 2, Duration::from_secs(60));
    children[0].kill().unwrap(); // SIGKILL
    children[0].wait().unwrap();
    let (_, interrupted, _) = log_lines(&logs[0]).last().cloned().unwrap();
    std::thread::sleep(Duration::from_millis(450));
    children[1].kill().unwrap();
    children[1].wait().unwrap();

    let mut survivors: Vec<Child> = children.drain(2..).collect();
    wait_all(&mut survivors, Duration::from_secs(120));

    // Nothing lost: every job done, nothing pending or failed.
    let stats = store.queue_stats().await.unwrap();
    assert_eq!(
        (stats.done, stats.pending(), stats.failed),
        (JOBS as u64, 0, 0),
        "{stats:?}"
    );

    // Exactly once. The database holds one snapshot per job, and its
    // content names the process and lease that wrote it (complete() writes
    // only under a lease still held). Each process logs the jobs it
    // committed: no job may be logged as committed by two processes, and a
    // logged commit must be the one in the database. (A process killed just
    // after committing may not have logged it; then the writer must be one of
    // the killed ones.)
    let snapshots = store.run_snapshots(run).await.unwrap();
    assert_eq!(snapshots.len(), JOBS, "one snapshot per job");
    let mut writer: HashMap<i64, (String, i64)> = HashMap::new();
    for s in &snapshots {
        let job = s.job_id.expect("written by a job").0;
        let json: serde_json::Value =
            serde_json::from_str(s.snapshot.assessment_json.as_deref().unwrap()).unwrap();
        writer.insert(
            job,
            (
                json["by"].as_str().unwrap().to_owned(),
                json["lease"].as_i64().unwrap(),
            ),
        );
    }
    assert_eq!(writer.len(), JOBS);
    let mut committed: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    let mut started: HashMap<i64, usize> = HashMap::new();
    for (w, log) in logs.iter().enumerate() {
        for (word, job, seq) in log_lines(log) {
            match word.as_str() {
                "completed" => committed
                    .entry(job)
                    .or_default()
                    .push((format!("w{w}"), seq)),
                "start" => *started.entry(job).or_default() += 1,
                _ => {}
            }
        }
    }
    for (job, (by, lease)) in &writer {
        match committed.get(job).map(Vec::as_slice) {
            Some([one]) => assert_eq!(
                one,
                &(by.clone(), *lease),
                "job {job}: logged commit differs from the stored one"
            ),
            Some(many) => panic!("job {job} committed more than once: {many:?}"),
            None => assert!(
                by == "w0" || by == "w1",
                "job {job} committed by {by} without a log line"
            ),
        }
    }

    // The job killed mid-way was not committed by the dead worker: it was
    // taken over after its lease expired (a second try) and finished.
    assert_ne!(
        writer[&interrupted].0, "w0",
        "the killed worker cannot have committed its interrupted job"
    );
    assert!(
        started[&interrupted] >= 2,
        "job {interrupted} was tried again after the kill"
    );
    let done = store.jobs(Some(JobState::Done), 100).await.unwrap();
    let attempts = done
        .iter()
        .find(|j| j.id.0 == interrupted)
        .unwrap()
        .attempts;
    assert!(attempts >= 2, "job {interrupted}: {attempts} attempts");
}

mod kill_test {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let dir = tempfile::tempdir().unwrap();
        kill_workers_mid_job(dir.path().join("radar.db").display().to_string()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(url) = common::fresh_postgres_database().await {
            kill_workers_mid_job(url).await;
        }
    }
}

/// A worker frozen (SIGSTOP) in the middle of a job past its lease: another
/// worker takes the job over and completes it; when the frozen one resumes,
/// its late result is refused (the lease number moved on) and nothing is
/// written twice.
async fn a_frozen_worker_cannot_write_late(url: String) {
    const JOBS: usize = 6;
    let store = Store::connect(&url).await.unwrap();
    let run = store
        .begin_run("freeze", jiff::Timestamp::now())
        .await
        .unwrap();
    let jobs: Vec<NewJob> = (0..JOBS)
        .map(|i| NewJob::new(format!("f{i}"), format!("https://example.test/f{i}.git")))
        .collect();
    store.enqueue(run, &jobs).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let logs: Vec<PathBuf> = (0..2)
        .map(|i| dir.path().join(format!("w{i}.log")))
        .collect();
    // w0's first job takes 3 s: it is inside it when frozen, and finishes it
    // (late) once thawed.
    let mut children: Vec<Child> = (0..2)
        .map(|i| {
            spawn_child_with(
                "worker",
                &url,
                &format!("w{i}"),
                &logs[i],
                (i == 0).then_some("1:3000"),
            )
        })
        .collect();
    wait_mid_job(&logs[0], 0, Duration::from_secs(60));
    let pid = children[0].id().to_string();
    assert!(
        Command::new("kill")
            .args(["-STOP", &pid])
            .status()
            .unwrap()
            .success()
    );
    let (_, frozen_job, _) = log_lines(&logs[0]).last().cloned().unwrap();
    // Wait until the other worker has taken over and finished that job.
    let end = Instant::now() + Duration::from_secs(60);
    loop {
        let done = store.jobs(Some(JobState::Done), 100).await.unwrap();
        if done.iter().any(|j| j.id.0 == frozen_job) {
            break;
        }
        assert!(Instant::now() < end, "job {frozen_job} was not taken over");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        Command::new("kill")
            .args(["-CONT", &pid])
            .status()
            .unwrap()
            .success()
    );
    wait_all(&mut children, Duration::from_secs(120));

    let w0 = log_lines(&logs[0]);
    let w1 = log_lines(&logs[1]);
    assert!(
        w0.iter().any(|(w, j, _)| w == "lost" && *j == frozen_job),
        "the resumed worker must report the job lost: {w0:?}"
    );
    assert!(
        !w0.iter()
            .any(|(w, j, _)| w == "completed" && *j == frozen_job)
    );
    assert_eq!(
        w1.iter()
            .filter(|(w, j, _)| w == "completed" && *j == frozen_job)
            .count(),
        1
    );
    let snapshots = store.run_snapshots(run).await.unwrap();
    assert_eq!(snapshots.len(), JOBS);
    let by_frozen = snapshots
        .iter()
        .find(|s| s.job_id.map(|j| j.0) == Some(frozen_job))
        .unwrap();
    assert!(
        by_frozen
            .snapshot
            .assessment_json
            .as_deref()
            .unwrap()
            .contains(r#""by":"w1""#)
    );
    let commits = w0
        .iter()
        .chain(&w1)
        .filter(|(w, _, _)| w == "completed")
        .count();
    assert_eq!(commits, JOBS, "each job committed once in all");
}

mod freeze_test {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let dir = tempfile::tempdir().unwrap();
        a_frozen_worker_cannot_write_late(dir.path().join("radar.db").display().to_string()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(url) = common::fresh_postgres_database().await {
            a_frozen_worker_cannot_write_late(url).await;
        }
    }
}

/// Eight processes opening a database with no schema at the same moment:
/// all succeed and each migration is applied once.
async fn processes_start_together(url: String) {
    let dir = tempfile::tempdir().unwrap();
    let mut children: Vec<Child> = (0..8)
        .map(|i| spawn_child("connect", &url, &format!("c{i}"), &dir.path().join("c.log")))
        .collect();
    wait_all(&mut children, Duration::from_secs(120));
    let store = Store::connect(&url).await.unwrap();
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert_eq!(versions, vec![1]);
}

mod migrate_race {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let dir = tempfile::tempdir().unwrap();
        processes_start_together(dir.path().join("new.db").display().to_string()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(url) = common::fresh_postgres_database().await {
            processes_start_together(url).await;
        }
    }
}
