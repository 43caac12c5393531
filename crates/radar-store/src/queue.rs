//! The job queue, in the same database as the results.
//!
//! A job is "assess this project (at this repository) for this run". Its
//! life: `queued` → `leased` (a worker holds it until `lease_expires_at`) →
//! `done` (its snapshot is written in the same transaction), or back to
//! `queued` (failed with back-off, released at shutdown, or lease expired),
//! or `failed` for good after `max_attempts`.
//!
//! Exactly-once results rest on one rule: a worker may finish a job only
//! while the job is still leased under the lease number (`lease_seq`) the
//! worker was given. Every lease increments that number, so a worker whose
//! lease expired and was taken over cannot write a late result, and a job
//! completed twice is written once.

use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;

use crate::error::db;
use crate::model::{opt_ts, ts};
use crate::snapshots::{get, validate, write_snapshot};
use crate::{Backend, Error, JobId, RunId, Snapshot, SnapshotId, Store};

/// Queue settings, chosen by whoever enqueues and fails jobs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueConfig {
    /// Leases (tries) a job gets before it is given up, including leases
    /// lost to a worker that died.
    pub max_attempts: u32,
    /// Wait before the second try; doubled for every further try.
    pub backoff_base: Duration,
    /// The longest wait between tries.
    pub backoff_max: Duration,
}

impl Default for QueueConfig {
    fn default() -> Self {
        QueueConfig {
            max_attempts: 5,
            backoff_base: Duration::from_secs(30),
            backoff_max: Duration::from_secs(3600),
        }
    }
}

impl QueueConfig {
    /// The wait after failed attempt number `attempt` (1-based): base ×
    /// 2^(attempt-1), capped, plus up to 10% spread taken from the job id so
    /// that jobs failing together do not all come back at the same instant.
    pub fn backoff(&self, job: JobId, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(30);
        let raw = self
            .backoff_base
            .saturating_mul(1u32 << doublings)
            .min(self.backoff_max);
        let spread_permille = (job.0.unsigned_abs().wrapping_mul(2_654_435_761) >> 7) % 101;
        raw + raw.mul_f64(spread_permille as f64 / 1000.0)
    }
}

/// A job to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewJob {
    pub project_id: String,
    pub repo_url: String,
    /// Anything the worker needs and cannot look up (by convention JSON, for
    /// example the project's catalog entry). Opaque to the store.
    pub payload: Option<String>,
}

impl NewJob {
    pub fn new(project_id: impl Into<String>, repo_url: impl Into<String>) -> Self {
        NewJob {
            project_id: project_id.into(),
            repo_url: repo_url.into(),
            payload: None,
        }
    }
}

/// What `enqueue` did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EnqueueReport {
    /// Jobs created.
    pub queued: u64,
    /// Skipped: the project was already queued or being worked on.
    pub already_queued: u64,
    /// Skipped by `enqueue_stale`: checked recently enough.
    pub fresh: u64,
}

/// A leased job, as a worker sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: JobId,
    pub run_id: RunId,
    pub project_id: String,
    pub repo_url: String,
    pub payload: Option<String>,
    /// The run's as-of date.
    pub as_of: Timestamp,
    /// This lease is try number `attempt` (1-based).
    pub attempt: u32,
    pub max_attempts: u32,
    /// The error of the previous try, if it failed.
    pub last_error: Option<String>,
    pub worker_id: String,
    /// The fencing token: grows with every lease of this job.
    pub lease_seq: i64,
    pub lease_expires_at: Timestamp,
}

/// Where a job is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Queued,
    Leased,
    Done,
    Failed,
}

impl JobState {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "queued" => JobState::Queued,
            "leased" => JobState::Leased,
            "done" => JobState::Done,
            "failed" => JobState::Failed,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Leased => "leased",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }
}

/// A job as an operator lists it (any state).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JobSummary {
    pub id: JobId,
    pub run_id: RunId,
    pub project_id: String,
    pub repo_url: String,
    pub state: JobState,
    pub attempts: u32,
    pub max_attempts: u32,
    pub not_before: Timestamp,
    pub leased_by: Option<String>,
    pub lease_expires_at: Option<Timestamp>,
    pub last_error: Option<String>,
    pub snapshot_id: Option<SnapshotId>,
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

/// Counts by state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QueueStats {
    pub queued: u64,
    /// Queued and due now (not waiting out a back-off).
    pub ready: u64,
    pub leased: u64,
    /// Leased, but the lease ran out (the worker is gone or stuck).
    pub expired: u64,
    pub done: u64,
    pub failed: u64,
}

impl QueueStats {
    /// Jobs not yet finished one way or the other.
    pub fn pending(&self) -> u64 {
        self.queued + self.leased
    }
}

/// What `complete` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    /// The snapshot was written and the job closed, now.
    Completed(SnapshotId),
    /// This worker already completed the job under this lease (the call is
    /// a repeat, e.g. after a lost connection): nothing written.
    AlreadyCompleted,
    /// The lease is no longer this worker's (it expired and another worker
    /// took the job, and maybe finished it; or the job was given up):
    /// nothing written.
    LeaseLost,
}

/// What `fail` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOutcome {
    /// Queued again; no worker takes it before `not_before`.
    Retrying { not_before: Timestamp },
    /// No tries left (or the error is permanent): the job is `failed`.
    GaveUp,
    /// The lease is no longer this worker's: nothing recorded.
    LeaseLost,
}

/// When a job is due: the expression of the `jobs_due` index, repeated
/// exactly so both databases answer the lease from that index. (An expired
/// lease is due at its expiry; the `<=` admits a lease expiring this very
/// millisecond, one millisecond early, which is harmless.)
const DUE: &str = "(CASE WHEN state = 'queued' THEN not_before ELSE lease_expires_at END)";

const JOB_COLUMNS: &str = "id, run_id, project_id, repo_url, payload, as_of, attempts, max_attempts, \
     last_error, leased_by, lease_seq, lease_expires_at";

impl Store {
    /// Queues one job per entry for `run`, skipping projects that are already
    /// queued or leased (whatever their run). One transaction.
    pub async fn enqueue(&self, run: RunId, jobs: &[NewJob]) -> Result<EnqueueReport, Error> {
        let now = self.now().as_millisecond();
        let mut tx = self.begin_write().await?;
        let as_of: Option<i64> = sqlx::query_scalar("SELECT as_of FROM runs WHERE id = $1")
            .bind(run.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db("read the run to enqueue into"))?;
        let Some(as_of) = as_of else {
            return Err(Error::UnknownRun(run.0));
        };
        let mut report = EnqueueReport::default();
        for job in jobs {
            // The partial unique index on (project_id, repo_url) for queued
            // and leased rows turns a duplicate into "do nothing".
            let done = sqlx::query(
                "INSERT INTO jobs (run_id, project_id, repo_url, payload, as_of, state, attempts, \
                    max_attempts, not_before, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $7, $7, $7) ON CONFLICT DO NOTHING",
            )
            .bind(run.0)
            .bind(&job.project_id)
            .bind(&job.repo_url)
            .bind(&job.payload)
            .bind(as_of)
            .bind(i64::from(self.queue.max_attempts.max(1)))
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db("enqueue a job"))?;
            if done.rows_affected() == 1 {
                report.queued += 1;
            } else {
                report.already_queued += 1;
            }
        }
        tx.commit().await.map_err(db("commit enqueued jobs"))?;
        Ok(report)
    }

    /// The schedule: queues the jobs whose project has no successful
    /// snapshot taken within `older_than` (never checked, checked too long
    /// ago, or only failed since). Others count as `fresh`.
    pub async fn enqueue_stale(
        &self,
        run: RunId,
        jobs: &[NewJob],
        older_than: Duration,
    ) -> Result<EnqueueReport, Error> {
        let cutoff = self.now().as_millisecond()
            - i64::try_from(older_than.as_millis()).unwrap_or(i64::MAX / 2);
        let fresh: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT project_id FROM snapshots WHERE taken_at > $1 AND error IS NULL",
        )
        .bind(cutoff)
        .fetch_all(&self.pool)
        .await
        .map_err(db("find recently checked projects"))?;
        let fresh: std::collections::HashSet<String> = fresh.into_iter().collect();
        let (skip, due): (Vec<&NewJob>, Vec<&NewJob>) =
            jobs.iter().partition(|j| fresh.contains(&j.project_id));
        let due: Vec<NewJob> = due.into_iter().cloned().collect();
        let mut report = self.enqueue(run, &due).await?;
        report.fresh = skip.len() as u64;
        Ok(report)
    }

    /// Takes the next due job for `worker_id` for `lease_for`, or `None` when
    /// nothing is due. A job whose lease expired counts as due (its worker
    /// is presumed dead). On PostgreSQL concurrent workers skip each other's
    /// locked rows (`FOR UPDATE SKIP LOCKED`); SQLite has one writer at a
    /// time, which makes the same statement exclusive.
    pub async fn lease(&self, worker_id: &str, lease_for: Duration) -> Result<Option<Job>, Error> {
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET state = 'leased', leased_by = $1, lease_expires_at = $2, \
                lease_seq = lease_seq + 1, attempts = attempts + 1, updated_at = $3 \
             WHERE id = (SELECT id FROM jobs \
                 WHERE state IN ('queued', 'leased') AND {DUE} <= $3 \
                 ORDER BY {DUE}, id LIMIT 1{lock}) \
             RETURNING {JOB_COLUMNS}"
        );
        loop {
            let now = self.now();
            let expires = now.as_millisecond() + duration_ms(lease_for);
            let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(worker_id)
                .bind(expires)
                .bind(now.as_millisecond())
                .fetch_optional(&self.soft)
                .await
                .map_err(db("lease a job"))?;
            let Some(row) = row else { return Ok(None) };
            let job = job_from_row(&row)?;
            if job.attempt <= job.max_attempts {
                return Ok(Some(job));
            }
            // Every try so far ended with the worker vanishing (a job that
            // crashes or hangs its worker): give it up instead of killing
            // workers forever, keeping any earlier error.
            let reason = format!(
                "gave up: lease expired {} times without the job finishing (worker killed or stuck){}",
                job.max_attempts,
                job.last_error
                    .as_deref()
                    .map(|e| format!("; last error: {e}"))
                    .unwrap_or_default()
            );
            self.give_up(&job, &reason).await?;
            tracing::warn!(job = job.id.0, project = %job.project_id, "{reason}");
        }
    }

    /// Extends a lease while the job is worked on. `false`: the lease is no
    /// longer this worker's (stop working on the job).
    pub async fn renew(&self, job: &Job, lease_for: Duration) -> Result<bool, Error> {
        let now = self.now().as_millisecond();
        let args = [Arg::Int(now + duration_ms(lease_for)), Arg::Int(now)];
        fenced(
            &self.soft,
            job,
            "renew a lease",
            "lease_expires_at = $1, updated_at = $2",
            &args,
        )
        .await
    }

    /// Writes the job's result and marks the job done, in one transaction,
    /// if and only if this worker still holds the lease. Repeating the call
    /// (say, after a lost connection) writes nothing more.
    pub async fn complete(&self, job: &Job, snapshot: &Snapshot) -> Result<Completion, Error> {
        if snapshot.project_id != job.project_id || snapshot.run_id != job.run_id {
            return Err(Error::SnapshotMismatch {
                job: job.id.0,
                job_project: job.project_id.clone(),
                job_run: job.run_id.0,
                snapshot_project: snapshot.project_id.clone(),
                snapshot_run: snapshot.run_id.0,
            });
        }
        validate(snapshot)?;
        let now = self.now();
        let mut tx = self.begin_write().await?;
        // Write, then claim the job under the fence; if the claim fails the
        // rollback undoes the write. Two completions of one job serialise on
        // the snapshot row and the job row (PostgreSQL) or the write lock
        // (SQLite): the second finds the job done and writes nothing.
        let id = write_snapshot(&mut tx, snapshot, Some(job.id), now).await?;
        let claimed = fenced(
            &mut *tx,
            job,
            "claim a job for completion",
            "state = 'done', snapshot_id = $1, lease_expires_at = NULL, last_error = NULL, \
             updated_at = $2, finished_at = $2",
            &[Arg::Int(id.0), Arg::Int(now.as_millisecond())],
        )
        .await?;
        if !claimed {
            tx.rollback().await.map_err(db("roll back"))?;
            let row = sqlx::query("SELECT state, lease_seq, leased_by FROM jobs WHERE id = $1")
                .bind(job.id.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(db("read a job's state"))?;
            // A repeat of this worker's own completion, or someone else's?
            let ours = match &row {
                Some(row) => {
                    get::<String>(row, "state")? == "done"
                        && get::<i64>(row, "lease_seq")? == job.lease_seq
                        && get::<Option<String>>(row, "leased_by")?.as_deref()
                            == Some(job.worker_id.as_str())
                }
                None => false,
            };
            return Ok(if ours {
                Completion::AlreadyCompleted
            } else {
                Completion::LeaseLost
            });
        }
        tx.commit().await.map_err(db("commit a completed job"))?;
        Ok(Completion::Completed(id))
    }

    /// Records a failed try. With `retry` and tries left, the job is queued
    /// again after an exponential back-off; otherwise it is `failed` for good
    /// with `error` kept.
    pub async fn fail(&self, job: &Job, error: &str, retry: bool) -> Result<FailOutcome, Error> {
        if !retry || job.attempt >= job.max_attempts {
            let reason = if retry {
                format!("gave up after {} attempts: {error}", job.attempt)
            } else {
                error.to_owned()
            };
            return Ok(if self.give_up(job, &reason).await? {
                FailOutcome::GaveUp
            } else {
                FailOutcome::LeaseLost
            });
        }
        let now = self.now();
        let not_before = now + self.queue.backoff(job.id, job.attempt);
        let args = [
            Arg::Int(not_before.as_millisecond()),
            Arg::Text(error),
            Arg::Int(now.as_millisecond()),
        ];
        let done = fenced(
            &self.soft,
            job,
            "record a failed attempt",
            "state = 'queued', not_before = $1, last_error = $2, lease_expires_at = NULL, updated_at = $3",
            &args,
        )
        .await?;
        Ok(if done {
            FailOutcome::Retrying { not_before }
        } else {
            FailOutcome::LeaseLost
        })
    }

    /// Hands a job back untouched (graceful shutdown): it is due again at
    /// once and the try does not count. `false`: the lease was not ours.
    pub async fn release(&self, job: &Job) -> Result<bool, Error> {
        let now = self.now().as_millisecond();
        let set = "state = 'queued', attempts = attempts - 1, not_before = $1, lease_expires_at = NULL, updated_at = $1";
        fenced(&self.soft, job, "release a job", set, &[Arg::Int(now)]).await
    }

    /// Marks a leased job failed for good. `false`: the lease was not ours.
    async fn give_up(&self, job: &Job, reason: &str) -> Result<bool, Error> {
        let now = self.now().as_millisecond();
        let set = "state = 'failed', last_error = $1, lease_expires_at = NULL, updated_at = $2, finished_at = $2";
        fenced(
            &self.soft,
            job,
            "give up a job",
            set,
            &[Arg::Text(reason), Arg::Int(now)],
        )
        .await
    }

    /// Counts jobs by state.
    pub async fn queue_stats(&self) -> Result<QueueStats, Error> {
        let now = self.now().as_millisecond();
        let rows = sqlx::query(
            "SELECT state, COUNT(*) AS n, \
                COUNT(CASE WHEN state = 'queued' AND not_before <= $1 THEN 1 END) AS ready, \
                COUNT(CASE WHEN state = 'leased' AND lease_expires_at < $1 THEN 1 END) AS expired \
             FROM jobs GROUP BY state",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await
        .map_err(db("count jobs"))?;
        let mut stats = QueueStats::default();
        for row in &rows {
            let state: String = get(row, "state")?;
            let n = get::<i64>(row, "n")? as u64;
            stats.ready += get::<i64>(row, "ready")? as u64;
            stats.expired += get::<i64>(row, "expired")? as u64;
            match JobState::parse(&state) {
                Some(JobState::Queued) => stats.queued = n,
                Some(JobState::Leased) => stats.leased = n,
                Some(JobState::Done) => stats.done = n,
                Some(JobState::Failed) => stats.failed = n,
                None => {}
            }
        }
        Ok(stats)
    }

    /// Jobs, newest first, optionally only those in `state`.
    pub async fn jobs(
        &self,
        state: Option<JobState>,
        limit: u32,
    ) -> Result<Vec<JobSummary>, Error> {
        let rows = sqlx::query(
            "SELECT id, run_id, project_id, repo_url, state, attempts, max_attempts, not_before, leased_by, \
                lease_expires_at, last_error, snapshot_id, created_at, finished_at \
             FROM jobs WHERE ($1 = '' OR state = $1) ORDER BY id DESC LIMIT $2",
        )
        .bind(state.map(JobState::as_str).unwrap_or(""))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db("list jobs"))?;
        rows.iter()
            .map(|row| {
                let state: String = get(row, "state")?;
                let snapshot: Option<i64> = get(row, "snapshot_id")?;
                Ok(JobSummary {
                    id: JobId(get(row, "id")?),
                    run_id: RunId(get(row, "run_id")?),
                    project_id: get(row, "project_id")?,
                    repo_url: get(row, "repo_url")?,
                    state: JobState::parse(&state).unwrap_or(JobState::Failed),
                    attempts: count(get(row, "attempts")?),
                    max_attempts: count(get(row, "max_attempts")?),
                    not_before: ts("jobs.not_before", get(row, "not_before")?)?,
                    leased_by: get(row, "leased_by")?,
                    lease_expires_at: opt_ts(
                        "jobs.lease_expires_at",
                        get(row, "lease_expires_at")?,
                    )?,
                    last_error: get(row, "last_error")?,
                    snapshot_id: snapshot.map(SnapshotId),
                    created_at: ts("jobs.created_at", get(row, "created_at")?)?,
                    finished_at: opt_ts("jobs.finished_at", get(row, "finished_at")?)?,
                })
            })
            .collect()
    }

    /// Queues every `failed` job again with fresh tries (after the cause was
    /// fixed). Skips a project that has meanwhile been queued anew. Returns
    /// how many were re-queued.
    pub async fn retry_failed(&self) -> Result<u64, Error> {
        let now = self.now().as_millisecond();
        let done = sqlx::query(
            "UPDATE jobs SET state = 'queued', attempts = 0, not_before = $1, updated_at = $1, finished_at = NULL \
             WHERE state = 'failed' AND NOT EXISTS (SELECT 1 FROM jobs p WHERE p.project_id = jobs.project_id \
                 AND p.repo_url = jobs.repo_url AND p.state IN ('queued', 'leased')) \
               AND id IN (SELECT MAX(id) FROM jobs WHERE state = 'failed' GROUP BY project_id, repo_url)",
        )
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(db("re-queue failed jobs"))?;
        Ok(done.rows_affected())
    }
}

/// A value bound into a fenced update.
enum Arg<'a> {
    Int(i64),
    Text(&'a str),
}

/// The fencing rule, in one place: `UPDATE jobs SET {set}` only while the
/// job is still leased under this worker's lease number and name. `set` uses `$1…$n`
/// for `args`. `true` when the row was updated (the lease was ours).
async fn fenced<'c, E>(
    exec: E,
    job: &Job,
    op: &'static str,
    set: &str,
    args: &[Arg<'_>],
) -> Result<bool, Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let n = args.len();
    let sql = format!(
        "UPDATE jobs SET {set} WHERE id = ${} AND state = 'leased' AND lease_seq = ${} AND leased_by = ${}",
        n + 1,
        n + 2,
        n + 3
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for arg in args {
        query = match arg {
            Arg::Int(v) => query.bind(*v),
            Arg::Text(v) => query.bind(v.to_string()),
        };
    }
    let done = query
        .bind(job.id.0)
        .bind(job.lease_seq)
        .bind(&job.worker_id)
        .execute(exec)
        .await
        .map_err(db(op))?;
    Ok(done.rows_affected() == 1)
}

fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

fn job_from_row(row: &AnyRow) -> Result<Job, Error> {
    Ok(Job {
        id: JobId(get(row, "id")?),
        run_id: RunId(get(row, "run_id")?),
        project_id: get(row, "project_id")?,
        repo_url: get(row, "repo_url")?,
        payload: get(row, "payload")?,
        as_of: ts("jobs.as_of", get(row, "as_of")?)?,
        attempt: count(get(row, "attempts")?),
        max_attempts: count(get(row, "max_attempts")?),
        last_error: get(row, "last_error")?,
        worker_id: get::<Option<String>>(row, "leased_by")?.unwrap_or_default(),
        lease_seq: get(row, "lease_seq")?,
        lease_expires_at: ts(
            "jobs.lease_expires_at",
            get::<Option<i64>>(row, "lease_expires_at")?.unwrap_or(0),
        )?,
    })
}
