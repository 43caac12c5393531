//! The catalog through the store's job queue: `radar assess --enqueue`
//! creates one job per project, `radar worker` processes run them.
//!
//! Workers need no catalog file: each job's payload carries its project's
//! catalog entry, its area, the explicit as-of date (if any) and the text of
//! the catalog's maturity models when the catalog names its own.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use radar_assess::{Models, Related};
use radar_catalog::{Area, Catalog, Project};
use radar_store::{EnqueueReport, Job, JobError, NewJob, RunId, Snapshot, Worker, WorkerReport};
use serde::{Deserialize, Serialize};

use crate::assessed::{judge, judge_in};
use crate::context::{Context, now};
use crate::error::{Error, Result};
use crate::measure::Measurer;

/// Version of [`JobPayload`]; a worker refuses payloads it does not know.
pub const PAYLOAD_VERSION: u32 = 1;

/// What a job carries besides its project id and repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobPayload {
    pub version: u32,
    /// The catalog's name, for messages.
    pub catalog: String,
    /// The project's area (shown in reports).
    pub area: String,
    /// The project's catalog entry.
    pub project: Project,
    /// `--as-of` of the run; `None`: measure as of when the job runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Timestamp>,
    /// `--as-of fetched`: without `as_of`, measure the repository as of its
    /// copy's last fetch on the worker.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub as_of_last_fetch: bool,
    /// The catalog's own maturity models file, when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub models: Option<ModelsFile>,
    /// The catalog entries of the projects this project's platform-use
    /// entries name: those entries inherit their state
    /// (`radar_assess::support`), read from the store's latest snapshots.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Project>,
}

/// A models file carried in a payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelsFile {
    pub name: String,
    pub text: String,
}

/// What [`enqueue_catalog`] did.
#[derive(Debug, Clone)]
pub struct Enqueued {
    pub run: RunId,
    pub report: EnqueueReport,
    /// Projects without a repository: nothing to measure, so they were
    /// assessed and saved at once instead of queued.
    pub assessed_now: usize,
}

/// Queues one job per project with a repository in a new run (with
/// `stale_after`, only projects without an error-free snapshot that recent).
/// Projects without a repository are assessed and saved directly.
pub fn enqueue_catalog(ctx: &Context, stale_after: Option<Duration>) -> Result<Enqueued> {
    let Some(store) = ctx.store() else {
        return Err(Error::NoStore);
    };
    let rt = ctx.measurer().runtime();
    let models = match &ctx.catalog.models {
        Some(file) => {
            let path = ctx.base_dir.join(file);
            // Models::for_catalog read it a moment ago; a failure now is a race.
            let text =
                std::fs::read_to_string(&path).map_err(|e| radar_assess::ModelError::Read {
                    path: path.display().to_string(),
                    source: e,
                })?;
            Some(ModelsFile {
                name: file.clone(),
                text,
            })
        }
        None => None,
    };
    let run = rt.block_on(store.begin_run(&ctx.catalog_name, ctx.run_as_of()))?;
    let mut jobs = Vec::new();
    let mut direct = Vec::new();
    for (area, project) in ctx.catalog.projects() {
        match ctx.repo_of(project) {
            Some(repo) => {
                let mut related: Vec<Project> = Vec::new();
                for link in &project.platform_use {
                    if let Some(other) =
                        radar_assess::support::named_project(project, link, &ctx.catalog)
                        && !related.iter().any(|r| r.id() == other.id())
                    {
                        related.push(other.clone());
                    }
                }
                let payload = JobPayload {
                    version: PAYLOAD_VERSION,
                    catalog: ctx.catalog_name.clone(),
                    area: area.name.clone(),
                    project: project.clone(),
                    as_of: ctx.options().as_of,
                    as_of_last_fetch: ctx.options().as_of_last_fetch,
                    models: models.clone(),
                    related,
                };
                let mut job = NewJob::new(project.id(), repo);
                job.payload = Some(serde_json::to_string(&payload).expect("a payload serialises"));
                jobs.push(job);
            }
            None => direct
                .push(judge(project, &ctx.catalog, &ctx.models, None, now()).snapshot(run, now())),
        }
    }
    if !direct.is_empty() {
        rt.block_on(store.save_snapshots(&direct))?;
    }
    let report = match stale_after {
        Some(age) => rt.block_on(store.enqueue_stale(run, &jobs, age))?,
        None => rt.block_on(store.enqueue(run, &jobs))?,
    };
    Ok(Enqueued {
        run,
        report,
        assessed_now: direct.len(),
    })
}

/// Runs queue jobs: measures the job's repository (reusing stored evidence
/// when HEAD has not moved) and assesses its project from the payload.
pub struct JobRunner {
    measurer: Measurer,
    builtin: Arc<Models>,
    /// Models files seen in payloads, parsed once each.
    models: Mutex<HashMap<String, Arc<Models>>>,
}

impl JobRunner {
    /// The measurer should have the queue's store, so evidence is reused.
    pub fn new(measurer: Measurer) -> JobRunner {
        JobRunner {
            measurer,
            builtin: Arc::new(Models::builtin()),
            models: Mutex::new(HashMap::new()),
        }
    }

    /// Assesses one job (blocking). A repository that cannot be read is
    /// retried while the job has tries left and the cause may pass (network,
    /// timeout, a server error); then, or at once for a lasting cause (not
    /// found, a missing mirror), the result is the assessment with the
    /// `unreachable` finding — a result like any other. When an earlier copy
    /// is cached, the last try measures it (the `stale-cache` finding).
    pub fn assess_job(&self, job: &Job) -> Result<Snapshot, JobError> {
        let payload = read_payload(job).map_err(JobError::permanent)?;
        let models = self.models_for(&payload).map_err(JobError::permanent)?;
        let related = self.related(&payload.related);
        let mut areas = vec![Area {
            name: payload.area.clone(),
            projects: vec![payload.project],
        }];
        if !payload.related.is_empty() {
            // Only for naming: the projects the entries refer to.
            areas.push(Area {
                name: String::new(),
                projects: payload.related,
            });
        }
        let catalog = Catalog {
            title: payload.catalog.clone(),
            areas,
            ..Catalog::default()
        };
        let project = &catalog.areas[0].projects[0];
        let measurement = self.measurer.measure_with(
            &job.repo_url,
            std::path::Path::new("/"),
            payload.as_of,
            payload.as_of_last_fetch,
        );
        let retry = match &measurement.outcome {
            Err(f) if f.transient => Some(f.message.clone()),
            // The cached copy would do, but a later try may fetch the real thing.
            Ok(m) => m
                .stale
                .as_ref()
                .filter(|s| s.transient)
                .map(|s| format!("{}: {}", job.repo_url, s.cause)),
            Err(_) => None,
        };
        if let Some(why) = retry
            && job.attempt < job.max_attempts
        {
            return Err(JobError::Retry(why));
        }
        let assessed = judge_in(
            project,
            &catalog,
            &related,
            &models,
            Some(&measurement),
            now(),
        );
        let mut snapshot = assessed.snapshot(job.run_id, now());
        snapshot.repo_url = job.repo_url.clone();
        Ok(snapshot)
    }

    /// Which of the projects a job's entries name have ended, from their
    /// latest stored assessments (none stored yet: the catalog's word only).
    fn related(&self, projects: &[Project]) -> Related {
        let mut related = Related::default();
        let Some(store) = self.measurer.store() else {
            return related;
        };
        for p in projects {
            let id = p.id();
            let stored = match self.measurer.runtime().block_on(store.latest_snapshot(&id)) {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!("cannot read the latest assessment of {id}: {e}");
                    continue;
                }
            };
            let assessment = stored
                .and_then(|s| s.snapshot.assessment_json)
                .and_then(|json| serde_json::from_str::<radar_assess::Assessment>(&json).ok());
            if let Some(a) = assessment {
                related.record(&a);
            }
        }
        related
    }

    fn models_for(&self, payload: &JobPayload) -> Result<Arc<Models>, radar_assess::ModelError> {
        let Some(file) = &payload.models else {
            return Ok(self.builtin.clone());
        };
        let mut cache = self.models.lock().expect("models lock");
        if let Some(m) = cache.get(&file.text) {
            return Ok(m.clone());
        }
        let models = Arc::new(Models::from_file_text(&file.text, &file.name)?);
        cache.insert(file.text.clone(), models.clone());
        Ok(models)
    }
}

fn read_payload(job: &Job) -> Result<JobPayload> {
    let bad = |reason: String| Error::Payload {
        job: job.id.0,
        project: job.project_id.clone(),
        reason,
    };
    let text = job.payload.as_deref().ok_or_else(|| {
        bad("the job has no payload (was it queued by `radar assess --enqueue`?)".into())
    })?;
    let payload: JobPayload = serde_json::from_str(text).map_err(|e| {
        bad(format!(
            "{e} (queued by another version of Radar? run `radar assess --enqueue` again)"
        ))
    })?;
    if payload.version != PAYLOAD_VERSION {
        return Err(bad(format!(
            "payload version {} is not {PAYLOAD_VERSION} (upgrade the workers)",
            payload.version
        )));
    }
    if payload.project.id() != job.project_id {
        return Err(bad(format!(
            "the payload describes project {:?}",
            payload.project.id()
        )));
    }
    Ok(payload)
}

type JobFuture = Pin<Box<dyn Future<Output = Result<Snapshot, JobError>> + Send>>;

/// The handler `radar_store::Worker::run` calls: each job on the blocking
/// thread pool, off the async threads.
pub fn handler(runner: Arc<JobRunner>) -> impl Fn(Job) -> JobFuture {
    move |job: Job| {
        let runner = runner.clone();
        Box::pin(async move {
            match tokio::task::spawn_blocking(move || runner.assess_job(&job)).await {
                Ok(result) => result,
                Err(e) => Err(JobError::retry(format!(
                    "the assessment thread failed: {e}"
                ))),
            }
        })
    }
}

/// `radar worker`: works jobs until `shutdown` (or, with the worker's
/// `exit_when_drained`, until the queue is empty), serving the health
/// endpoints on `health` meanwhile.
pub async fn run_worker(
    runner: Arc<JobRunner>,
    worker: &Worker,
    health: Option<(tokio::net::TcpListener, Duration)>,
    shutdown: impl Future<Output = ()>,
) -> Result<WorkerReport> {
    let server = health.map(|(listener, window)| {
        tokio::spawn(crate::health::serve(listener, worker.health(), window))
    });
    let report = worker.run(handler(runner), shutdown).await;
    if let Some(server) = server {
        server.abort();
    }
    Ok(report?)
}
