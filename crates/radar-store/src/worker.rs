//! The generic worker loop: lease a job, run the caller's handler while
//! renewing the lease in the background, then complete, fail or release.
//! `radar worker` is this loop with the assessment as handler.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::{Completion, Error, FailOutcome, Job, JobId, Snapshot, SnapshotId, Store};

/// Why a handler could not produce a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobError {
    /// Worth another try later (network, a busy host): back off and retry.
    Retry(String),
    /// Will fail the same way again (bad input): give up now, keep the error.
    Permanent(String),
}

impl JobError {
    pub fn retry(e: impl std::fmt::Display) -> Self {
        JobError::Retry(e.to_string())
    }

    pub fn permanent(e: impl std::fmt::Display) -> Self {
        JobError::Permanent(e.to_string())
    }
}

/// How a worker behaves.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// Names this worker in the jobs table (`leased_by`). Unique per worker.
    pub worker_id: String,
    /// How long a lease lasts unless renewed: the time a killed worker's job
    /// waits before another worker takes it.
    pub lease_for: Duration,
    /// How often the lease is renewed while the handler runs (well under
    /// `lease_for`).
    pub renew_every: Duration,
    /// Sleep between polls when no job is due.
    pub idle_poll: Duration,
    /// After the shutdown signal, how long the current job may run on
    /// before it is released for another worker.
    pub shutdown_grace: Duration,
    /// Stop when no job is queued or leased (batch use, tests, benchmarks);
    /// otherwise poll until shutdown.
    pub exit_when_drained: bool,
    /// Stop after this many jobs.
    pub max_jobs: Option<u64>,
}

impl WorkerOptions {
    /// Defaults: 5-minute leases renewed every 60 s, a 2 s idle poll, 20 s
    /// of grace on shutdown (under Kubernetes' 30 s default).
    pub fn new(worker_id: impl Into<String>) -> Self {
        WorkerOptions {
            worker_id: worker_id.into(),
            lease_for: Duration::from_secs(300),
            renew_every: Duration::from_secs(60),
            idle_poll: Duration::from_secs(2),
            shutdown_grace: Duration::from_secs(20),
            exit_when_drained: false,
            max_jobs: None,
        }
    }

    /// How long a worker may show no progress before a liveness probe
    /// should fail: twice its longest regular pause (lease renewal or idle
    /// poll) plus 30 s for database back-off.
    pub fn liveness_window(&self) -> Duration {
        2 * self.renew_every.max(self.idle_poll) + Duration::from_secs(30)
    }

    /// `host-pid`: unique per process on a machine, and per pod (Kubernetes
    /// sets HOSTNAME to the pod name).
    pub fn default_worker_id() -> String {
        let host = std::env::var("HOSTNAME")
            .ok()
            .filter(|h| !h.is_empty())
            .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "worker".to_owned());
        format!("{host}-{}", std::process::id())
    }
}

/// What a worker did before it stopped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorkerReport {
    /// Jobs whose snapshot this worker wrote.
    pub completed: u64,
    /// Tries that failed and were queued again with back-off.
    pub retried: u64,
    /// Jobs given up (no tries left or a permanent error).
    pub gave_up: u64,
    /// Jobs handed back at shutdown.
    pub released: u64,
    /// Jobs whose lease this worker lost (it expired and another worker took
    /// over, or the result could not be saved): nothing written.
    pub lost: u64,
    /// Repeated completions of a job this worker had completed (nothing
    /// written twice).
    pub already_completed: u64,
}

impl WorkerReport {
    fn handled(&self) -> u64 {
        self.completed + self.retried + self.gave_up + self.lost + self.already_completed
    }

    fn record(&mut self, outcome: &JobOutcome) {
        match outcome {
            JobOutcome::Completed(_) => self.completed += 1,
            JobOutcome::AlreadyCompleted => self.already_completed += 1,
            JobOutcome::Retrying { .. } => self.retried += 1,
            JobOutcome::GaveUp { .. } => self.gave_up += 1,
            JobOutcome::Released => self.released += 1,
            JobOutcome::Lost { .. } => self.lost += 1,
        }
    }
}

/// How one leased job ended for this worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum JobOutcome {
    /// The snapshot was written and the job closed by this worker.
    Completed(SnapshotId),
    /// This worker had already completed the job (a repeated call):
    /// nothing written.
    AlreadyCompleted,
    /// The try failed and the job waits for another.
    Retrying {
        error: String,
        not_before: jiff::Timestamp,
    },
    /// The job failed for good.
    GaveUp { error: String },
    /// Handed back at shutdown.
    Released,
    /// This worker lost the lease (or could not reach the database to close
    /// the job): nothing written; the lease expires and the job runs again.
    Lost { reason: String },
}

impl JobOutcome {
    fn log(&self, job: &Job, took: Duration) {
        let (id, project) = (job.id.0, &job.project_id);
        match self {
            JobOutcome::Completed(_) => tracing::info!(job = id, %project, ?took, "completed"),
            JobOutcome::AlreadyCompleted => tracing::info!(job = id, %project, "already completed"),
            JobOutcome::Retrying { error, not_before } => {
                tracing::warn!(job = id, %project, attempt = job.attempt, %not_before, "failed, will retry: {error}")
            }
            JobOutcome::GaveUp { error } => {
                tracing::warn!(job = id, %project, attempt = job.attempt, "gave up: {error}")
            }
            JobOutcome::Released => {
                tracing::info!(job = id, %project, "released for another worker")
            }
            JobOutcome::Lost { reason } => tracing::warn!(job = id, %project, "lost: {reason}"),
        }
    }
}

/// Called after every job with its outcome (progress lines, tests).
pub type Observer = Arc<dyn Fn(&Job, &JobOutcome) + Send + Sync>;

/// Live state of a worker for health probes (`radar worker`'s health port
/// serves it).
#[derive(Debug)]
pub struct WorkerHealth {
    started: Instant,
    last_beat_ms: AtomicU64,
    db_ok: AtomicBool,
    current_job: AtomicI64,
    completed: AtomicU64,
}

/// A point-in-time view of [`WorkerHealth`].
#[derive(Clone, Debug, Serialize)]
pub struct HealthReport {
    /// Milliseconds since the loop last showed progress (a poll, a lease
    /// renewal).
    pub last_beat_ms_ago: u64,
    /// The last database call succeeded.
    pub database_ok: bool,
    pub current_job: Option<JobId>,
    pub completed: u64,
}

impl WorkerHealth {
    fn new() -> Self {
        WorkerHealth {
            started: Instant::now(),
            last_beat_ms: AtomicU64::new(0),
            db_ok: AtomicBool::new(true),
            current_job: AtomicI64::new(0),
            completed: AtomicU64::new(0),
        }
    }

    fn beat(&self) {
        self.last_beat_ms
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    fn database(&self, ok: bool) {
        self.db_ok.store(ok, Ordering::Relaxed);
    }

    /// Alive: the loop showed progress within `max_silence` (pick it above
    /// both `idle_poll` and `renew_every`).
    pub fn is_live(&self, max_silence: Duration) -> bool {
        self.report().last_beat_ms_ago <= max_silence.as_millis() as u64
    }

    /// Ready: the database answered the last call.
    pub fn is_ready(&self) -> bool {
        self.db_ok.load(Ordering::Relaxed)
    }

    pub fn report(&self) -> HealthReport {
        let now = self.started.elapsed().as_millis() as u64;
        let job = self.current_job.load(Ordering::Relaxed);
        HealthReport {
            last_beat_ms_ago: now.saturating_sub(self.last_beat_ms.load(Ordering::Relaxed)),
            database_ok: self.is_ready(),
            current_job: (job != 0).then_some(JobId(job)),
            completed: self.completed.load(Ordering::Relaxed),
        }
    }
}

/// A queue worker over a [`Store`].
pub struct Worker {
    store: Store,
    options: WorkerOptions,
    health: Arc<WorkerHealth>,
    observer: Option<Observer>,
}

/// The caller's shutdown future, polled until it fires once.
struct Shutdown<S> {
    signal: Pin<Box<S>>,
    fired: bool,
}

impl<S: Future<Output = ()>> Shutdown<S> {
    async fn wait(&mut self) {
        self.signal.as_mut().await;
        self.fired = true;
    }

    /// Sleeps for `d`; `true` if the shutdown signal came meanwhile.
    async fn sleep(&mut self, d: Duration) -> bool {
        if self.fired {
            return true;
        }
        tokio::select! {
            _ = self.wait() => true,
            _ = tokio::time::sleep(d) => false,
        }
    }
}

impl Worker {
    pub fn new(store: Store, options: WorkerOptions) -> Self {
        Worker {
            store,
            options,
            health: Arc::new(WorkerHealth::new()),
            observer: None,
        }
    }

    /// Calls `f` after every job with how it ended.
    pub fn on_job(mut self, f: impl Fn(&Job, &JobOutcome) + Send + Sync + 'static) -> Self {
        self.observer = Some(Arc::new(f));
        self
    }

    /// The worker's live state, for a health endpoint.
    pub fn health(&self) -> Arc<WorkerHealth> {
        self.health.clone()
    }

    /// Works jobs until `shutdown` resolves (or, with `exit_when_drained`,
    /// until the queue is empty). On shutdown the current job gets
    /// `shutdown_grace` to finish; after that it is released for another
    /// worker. The handler runs on its own task: a panic in it fails the try
    /// instead of killing the worker. Database outages are waited out with
    /// back-off (readiness reports them).
    pub async fn run<H, F, S>(&self, handler: H, shutdown: S) -> Result<WorkerReport, Error>
    where
        H: Fn(Job) -> F,
        F: Future<Output = Result<Snapshot, JobError>> + Send + 'static,
        S: Future<Output = ()>,
    {
        let mut shutdown = Shutdown {
            signal: Box::pin(shutdown),
            fired: false,
        };
        let mut report = WorkerReport::default();
        let mut outage = Duration::from_millis(100);
        let opts = &self.options;
        loop {
            if shutdown.fired || opts.max_jobs.is_some_and(|max| report.handled() >= max) {
                break;
            }
            self.health.beat();
            match self.store.lease(&opts.worker_id, opts.lease_for).await {
                Err(e) => {
                    self.health.database(false);
                    tracing::warn!(worker = %opts.worker_id, "cannot lease a job, retrying in {outage:?}: {e}");
                    if shutdown.sleep(outage).await {
                        break;
                    }
                    outage = (outage * 2).min(Duration::from_secs(30));
                }
                Ok(None) => {
                    self.health.database(true);
                    outage = Duration::from_millis(100);
                    if opts.exit_when_drained {
                        match self.store.queue_stats().await {
                            Ok(stats) if stats.pending() == 0 => break,
                            Ok(_) => {}
                            Err(e) => tracing::warn!("cannot count jobs: {e}"),
                        }
                    }
                    if shutdown.sleep(opts.idle_poll).await {
                        break;
                    }
                }
                Ok(Some(job)) => {
                    self.health.database(true);
                    outage = Duration::from_millis(100);
                    self.health.current_job.store(job.id.0, Ordering::Relaxed);
                    let started = Instant::now();
                    let outcome = self.process(job.clone(), &handler, &mut shutdown).await;
                    self.health.current_job.store(0, Ordering::Relaxed);
                    self.health.beat();
                    outcome.log(&job, started.elapsed());
                    report.record(&outcome);
                    if matches!(outcome, JobOutcome::Completed(_)) {
                        self.health.completed.fetch_add(1, Ordering::Relaxed);
                    }
                    if let Some(observer) = &self.observer {
                        observer(&job, &outcome);
                    }
                }
            }
        }
        self.health.current_job.store(0, Ordering::Relaxed);
        Ok(report)
    }

    async fn process<H, F, S>(
        &self,
        job: Job,
        handler: &H,
        shutdown: &mut Shutdown<S>,
    ) -> JobOutcome
    where
        H: Fn(Job) -> F,
        F: Future<Output = Result<Snapshot, JobError>> + Send + 'static,
        S: Future<Output = ()>,
    {
        let opts = &self.options;
        let store = &self.store;
        tracing::info!(job = job.id.0, project = %job.project_id, attempt = job.attempt, "working");
        let mut task = tokio::spawn(handler(job.clone()));
        let first = tokio::time::Instant::now() + opts.renew_every;
        let mut renew = tokio::time::interval_at(first, opts.renew_every);
        renew.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut deadline: Option<tokio::time::Instant> = None;
        let far = tokio::time::Instant::now() + Duration::from_secs(86_400 * 365);
        let result = loop {
            tokio::select! {
                res = &mut task => break res,
                _ = renew.tick() => match store.renew(&job, opts.lease_for).await {
                    Ok(true) => self.health.beat(),
                    Ok(false) => {
                        task.abort();
                        return JobOutcome::Lost { reason: "lease expired and was taken over while working".into() };
                    }
                    Err(e) => tracing::warn!(job = job.id.0, "cannot renew the lease (will retry): {e}"),
                },
                _ = shutdown.wait(), if !shutdown.fired => {
                    tracing::info!(job = job.id.0, "shutting down: giving the current job {:?} to finish", opts.shutdown_grace);
                    deadline = Some(tokio::time::Instant::now() + opts.shutdown_grace);
                }
                _ = tokio::time::sleep_until(deadline.unwrap_or(far)), if deadline.is_some() => {
                    task.abort();
                    return match persist(|| store.release(&job)).await {
                        Ok(true) => JobOutcome::Released,
                        Ok(false) => JobOutcome::Lost { reason: "lease already lost at release".into() },
                        // The lease will expire and another worker take over.
                        Err(e) => JobOutcome::Lost { reason: format!("cannot release: {e}") },
                    };
                }
            }
        };
        let (error, retry) = match result {
            Ok(Ok(snapshot)) => match persist(|| store.complete(&job, &snapshot)).await {
                Ok(Completion::Completed(id)) => return JobOutcome::Completed(id),
                Ok(Completion::AlreadyCompleted) => return JobOutcome::AlreadyCompleted,
                Ok(Completion::LeaseLost) => {
                    return JobOutcome::Lost {
                        reason: "finished after the lease was taken over".into(),
                    };
                }
                // The handler's snapshot is unusable (wrong project, bad
                // JSON): a bug that retrying will not fix.
                Err(
                    e @ (Error::SnapshotMismatch { .. }
                    | Error::InvalidJson { .. }
                    | Error::UnknownRun(_)),
                ) => (e.to_string(), false),
                Err(e) => {
                    return JobOutcome::Lost {
                        reason: format!("cannot save the result: {e}"),
                    };
                }
            },
            Ok(Err(JobError::Retry(msg))) => (msg, true),
            Ok(Err(JobError::Permanent(msg))) => (msg, false),
            Err(join) => (
                format!("the job handler panicked: {}", panic_text(join)),
                true,
            ),
        };
        match persist(|| store.fail(&job, &error, retry)).await {
            Ok(FailOutcome::Retrying { not_before }) => JobOutcome::Retrying { error, not_before },
            Ok(FailOutcome::GaveUp) => JobOutcome::GaveUp { error },
            Ok(FailOutcome::LeaseLost) => JobOutcome::Lost {
                reason: format!("failed ({error}) after the lease was lost"),
            },
            Err(e) => JobOutcome::Lost {
                reason: format!("cannot record the failure ({error}): {e}"),
            },
        }
    }
}

/// Retries a store call through short database outages. Safe because
/// complete, fail and release are idempotent under the lease number.
async fn persist<T, F, Fut>(mut op: F) -> Result<T, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let mut wait = Duration::from_millis(100);
    let mut tries = 0;
    loop {
        match op().await {
            Err(Error::Db { op: what, source }) if tries < 6 => {
                tracing::warn!(
                    "database error while trying to {what} (retrying in {wait:?}): {source}"
                );
                tokio::time::sleep(wait).await;
                wait *= 2;
                tries += 1;
            }
            other => return other,
        }
    }
}

fn panic_text(join: tokio::task::JoinError) -> String {
    match join.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_owned()),
        Err(e) => e.to_string(),
    }
}
