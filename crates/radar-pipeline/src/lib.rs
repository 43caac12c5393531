//! Radar's pipeline: the orchestration that the CLI (`radar assess`,
//! `radar`), the web server (`radar serve --assess`) and queue workers
//! (`radar worker`) share.
//!
//! ```text
//! Context::new(catalog, store, options, runtime)
//! assess_project(&ctx, &project) → Assessed           one project
//! run_catalog(&ctx, jobs, &progress) → RunReport       the catalog, N threads, each repository once
//!     projects other rows' platform-use entries name first (their end is inherited)
//!     Measurer::measure(repo)                          sync (fetch or read in place; a failed
//!                                                      fetch measures the cached copy), HEAD,
//!         reuse stored evidence for an unchanged HEAD  (measure.rs: the as-of rule)
//!         else radar_evidence::inspect             +   GitHub facts when a token is set (github.rs)
//!     judge_in(project, related, measurement) → Assessed   radar_assess::assess_in
//!     Assessed::snapshot(run) → radar_store::Snapshot  with its summary columns
//! enqueue_catalog(&ctx, stale_after)                   one queue job per project
//! JobRunner::assess_job(&job) / run_worker(…)          a worker's side of the queue
//! report::build(catalog, snapshots, goal)              table, Markdown, JSON, CSV, advice
//! ```
//!
//! Measuring is blocking git work: `assess_project` and `run_catalog` run on
//! the calling thread and their own threads, never on async runtime threads
//! (from async code, call them inside `tokio::task::spawn_blocking`). Store
//! and GitHub calls go through the runtime handle the context holds.
#![forbid(unsafe_code)]

mod assessed;
mod context;
mod error;
pub mod github;
pub mod health;
mod measure;
pub mod org_defaults;
mod queue;
pub mod report;
mod run;

pub use assessed::{Assessed, Status, judge, summary};
pub use context::{Context, assess_project, github_from_env};
pub use error::{Error, Result};
pub use github::{GithubAnswer, ask_github, token_note};
pub use measure::{Failure, Measured, Measurement, Measurer, Options, PRODUCER, Stale, same_as_of};
pub use queue::{
    Enqueued, JobPayload, JobRunner, ModelsFile, PAYLOAD_VERSION, enqueue_catalog, handler,
    run_worker,
};
/// The as-of date parser every command shares (one definition, in the evidence crate).
pub use radar_evidence::parse_as_of;
pub use run::{NoProgress, Progress, RunReport, run_catalog};
