//! Radar's store: assessments, their history and the job queue, in one
//! database that is either a SQLite file (the default, `./radar.db`) or
//! PostgreSQL (for many workers), through **one code path** (sqlx's `Any`
//! driver with SQL both backends accept).
//!
//! The store knows nothing of the other Radar crates: evidence and
//! assessments arrive as JSON text, plus a few summary figures the caller
//! copies out of them (contributors, levels, findings, …) so that history can
//! be queried without parsing JSON.
//!
//! ```no_run
//! # async fn demo() -> Result<(), radar_store::Error> {
//! use radar_store::{Snapshot, Store, Summary};
//! let store = Store::connect("radar.db").await?; // or sqlite://…, postgres://…
//! let now = jiff::Timestamp::now();
//! let run = store.begin_run("seed", now).await?;
//! let mut snap = Snapshot::new("containerd", "https://github.com/containerd/containerd", run, now, now);
//! snap.head_commit = Some("0123abcd".into());
//! snap.assessment_json = Some(r#"{"level":"graduated"}"#.into());
//! snap.summary = Summary { contributors: Some(612), ..Summary::default() };
//! store.save_snapshot(&snap).await?;
//! let latest = store.latest_snapshots().await?;
//! # Ok(()) }
//! ```
//!
//! Pieces, one module each:
//! - [`Store::connect`]: URL handling, pool settings, migrations that are safe
//!   when many processes start at once (`connect.rs`);
//! - runs, snapshots, evidence reuse and history (`snapshots.rs`);
//! - the retention policy, [`Store::prune`] (`retention.rs`);
//! - the repositories the catalogs name, for the cache (`repositories.rs`);
//! - the job queue: enqueue, lease, renew, complete, fail, release
//!   (`queue.rs`), and the generic worker loop [`Worker`] (`worker.rs`);
//! - [`throwaway::PgServer`]: a private PostgreSQL server for tests and
//!   benchmarks (this crate's and the CLI's).
//!
//! `docs/store.md` describes the schema and the queue's guarantees.
#![forbid(unsafe_code)]

mod clock;
mod connect;
mod error;
mod model;
mod queue;
mod repositories;
mod retention;
mod snapshots;
pub mod throwaway;
mod worker;

pub use clock::{Clock, ManualClock};
pub use connect::{Backend, StoreOptions};
pub use error::Error;
pub use model::{
    HistoryPoint, JobId, Run, RunId, Snapshot, SnapshotId, StoredEvidence, StoredSnapshot, Summary,
};
pub use queue::{
    Completion, EnqueueReport, FailOutcome, Job, JobState, JobSummary, NewJob, QueueConfig,
    QueueStats,
};
pub use retention::{PruneReport, Retention};
pub use worker::{
    HealthReport, JobError, JobOutcome, Observer, Worker, WorkerHealth, WorkerOptions, WorkerReport,
};

use sqlx::AnyPool;

/// A connection pool to one Radar database, with its backend and clock.
///
/// Cheap to clone: clones share the pool.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// Where lease state (lease, renew, release, fail) is written. On
    /// PostgreSQL a small pool with `synchronous_commit = off`: lease state is
    /// soft (a database crash that loses the last few changes only hands a
    /// job out again, and results are fenced), so it need not wait for a
    /// disk flush; results and enqueues go through `pool`, durably. On SQLite
    /// the same pool as `pool`.
    soft: AnyPool,
    backend: Backend,
    /// The URL with any password replaced, for messages.
    display_url: String,
    clock: Clock,
    queue: QueueConfig,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .field("url", &self.display_url)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database URL, with any password masked: safe to print.
    pub fn display_url(&self) -> &str {
        &self.display_url
    }

    /// Replaces the clock (tests move time by hand with [`ManualClock`]).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Replaces the queue settings (attempt limit, back-off).
    pub fn with_queue_config(mut self, config: QueueConfig) -> Self {
        self.queue = config;
        self
    }

    /// The queue settings in force.
    pub fn queue_config(&self) -> &QueueConfig {
        &self.queue
    }

    /// The underlying pool: an escape hatch for diagnostics and tests. SQL
    /// sent through it must run on both backends (see `docs/store.md`).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes every pooled connection (waits for those in use).
    pub async fn close(&self) {
        self.soft.close().await;
        self.pool.close().await;
    }

    /// The current time by this store's clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Begins a transaction that writes. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`): a deferred transaction that reads first and
    /// writes later can fail with "database is locked" without waiting for
    /// the busy timeout when another process wrote in between.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, Error> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        };
        tx.map_err(|e| Error::db("begin a transaction", e))
    }
}
