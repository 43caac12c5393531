//! `radar worker`: process queued jobs (from `radar assess --enqueue`) until
//! stopped. SIGTERM or Ctrl-C: no new job is taken, the current one gets
//! `--shutdown-grace` seconds to finish, then it is handed back to the queue.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use radar_pipeline::{JobRunner, Measurer};
use radar_store::{JobOutcome, Worker, WorkerOptions};

use super::db::{DbArgs, FetchArgs};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// This worker's name in the jobs table [default: HOSTNAME-PID].
    #[arg(long, value_name = "NAME")]
    pub id: Option<String>,
    /// Serve /healthz (liveness) and /readyz (readiness) on this address, for Kubernetes probes.
    #[arg(long, value_name = "HOST:PORT")]
    pub health_addr: Option<SocketAddr>,
    /// Lease length in seconds: how long a killed worker's job waits before another worker takes it (renewed every fifth of it).
    #[arg(long, value_name = "SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(5..))]
    pub lease: u64,
    /// On SIGTERM, how long the current job may run on before it is handed back.
    #[arg(long, value_name = "SECS", default_value_t = 20)]
    pub shutdown_grace: u64,
    /// Exit when no job is queued or running (batch use) instead of waiting for more.
    #[arg(long, visible_alias = "exit-when-drained")]
    pub exit_when_done: bool,
    /// Exit after this many jobs.
    #[arg(long, value_name = "N")]
    pub max_jobs: Option<u64>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let rt = super::db::runtime()?;
    let store = rt.block_on(super::db::open(&args.db))?;
    let mut options = WorkerOptions::new(
        args.id
            .clone()
            .unwrap_or_else(WorkerOptions::default_worker_id),
    );
    options.lease_for = Duration::from_secs(args.lease);
    options.renew_every = Duration::from_secs((args.lease / 5).max(1));
    options.shutdown_grace = Duration::from_secs(args.shutdown_grace);
    options.exit_when_drained = args.exit_when_done;
    options.max_jobs = args.max_jobs;
    let window = options.liveness_window();
    let id = options.worker_id.clone();
    let github = radar_pipeline::github_from_env(&args.fetch.options(None))?;
    // A worker's output is a log: one line per clone or fetch.
    let mut measure_options = args.fetch.options(None);
    measure_options.progress = Some(super::transfers::sink(None));
    let measurer = Measurer::new(
        measure_options,
        Some(store.clone()),
        github,
        rt.handle().clone(),
    );
    let runner = Arc::new(JobRunner::new(measurer));
    let worker = Worker::new(store.clone(), options).on_job(|job, outcome| {
        let what = match outcome {
            JobOutcome::Completed(_) => "completed".to_owned(),
            JobOutcome::AlreadyCompleted => "already completed".to_owned(),
            JobOutcome::Retrying { error, not_before } => {
                format!("failed, retry after {not_before}: {error}")
            }
            JobOutcome::GaveUp { error } => format!("gave up: {error}"),
            JobOutcome::Released => "released for another worker".to_owned(),
            JobOutcome::Lost { reason } => format!("lost: {reason}"),
        };
        eprintln!(
            "job {} {} (attempt {}): {}",
            job.id,
            job.project_id,
            job.attempt,
            radar_pipeline::report::clean(&what)
        );
    });
    let report = rt.block_on(async {
        let health = match args.health_addr {
            Some(addr) => {
                let listener = tokio::net::TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr} for the health endpoints"))?;
                eprintln!(
                    "health endpoints on http://{}/healthz and /readyz",
                    listener.local_addr()?
                );
                Some((listener, window))
            }
            None => None,
        };
        eprintln!("worker {id} working on {}", store.display_url());
        let report = radar_pipeline::run_worker(runner, &worker, health, stop_signal()).await?;
        store.close().await;
        anyhow::Ok(report)
    })?;
    eprintln!(
        "worker {id} stopped: {} completed, {} retried, {} gave up, {} released, {} lost",
        report.completed, report.retried, report.gave_up, report.released, report.lost
    );
    // A handler abandoned at shutdown may still be blocked in git on a
    // blocking thread: do not wait for it (its job was released).
    rt.shutdown_timeout(Duration::from_millis(500));
    Ok(ExitCode::SUCCESS)
}

/// Resolves on SIGTERM (Kubernetes, systemd) or Ctrl-C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    eprintln!("stopping: finishing or handing back the current job");
}
