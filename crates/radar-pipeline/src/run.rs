//! A whole catalog: every project measured and assessed on N threads, each
//! repository once, results saved to the store in batches as they come.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use radar_catalog::Project;
use radar_store::{RunId, Snapshot, Store};
use tokio::runtime::Handle;

use radar_assess::Related;

use crate::assessed::{Assessed, Status, judge_in};
use crate::context::{Context, now};
use crate::error::Result;

/// Hears about a run as it goes: the CLI's progress bar, the web server's
/// live page. Called from the worker threads, hence `Sync`.
pub trait Progress: Sync {
    /// The run is about to start `total` projects.
    fn begin(&self, _total: usize) {}
    /// Work on a project began (its repository is being fetched or read).
    fn started(&self, _project: &Project) {}
    /// A project is assessed (not yet necessarily saved).
    fn finished(&self, _project: &Project, _result: &Assessed) {}
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;

impl Progress for NoProgress {}

/// What a run did.
#[derive(Debug)]
pub struct RunReport {
    /// The run recorded in the store (none without a store).
    pub run: Option<RunId>,
    /// One result per project, in catalog order.
    pub results: Vec<Assessed>,
    /// Distinct repositories measured (projects sharing one count once).
    pub repositories: usize,
    /// Snapshots written to the store.
    pub saved: usize,
    /// Snapshots that could not be written, with why.
    pub save_errors: Vec<String>,
    pub elapsed: Duration,
}

impl RunReport {
    pub fn count(&self, status: Status) -> usize {
        self.results.iter().filter(|r| r.status == status).count()
    }
}

/// Snapshots are committed in batches of at most this many, or whatever has
/// arrived when the writer has waited [`BATCH_WAIT`] for more: one disk flush
/// per batch instead of one per project, and nothing waits long unsaved.
const BATCH: usize = 256;
const BATCH_WAIT: Duration = Duration::from_millis(100);

/// Measures and assesses every project of the catalog on `jobs` threads
/// (blocking: call it from a thread that is not an async runtime thread,
/// e.g. inside `tokio::task::spawn_blocking`).
///
/// - Projects that name the same repository share one measurement.
/// - A repository that cannot be read becomes an assessment with the
///   `unreachable` finding (or, when an earlier copy is cached, a measurement
///   of that copy with the `stale-cache` finding); the run goes on.
/// - Projects that other rows' platform-use entries name are assessed
///   first, so that those entries inherit whether they have ended.
/// - With a store, the run is recorded (`begin_run` … `finish_run`) and every
///   result saved as a snapshot; evidence is reused when HEAD has not moved.
pub fn run_catalog(ctx: &Context, jobs: usize, progress: &dyn Progress) -> Result<RunReport> {
    let started = Instant::now();
    let projects: Vec<&Project> = ctx.catalog.projects().map(|(_, p)| p).collect();
    let store = ctx.store().cloned();
    let rt = ctx.measurer().runtime().clone();
    let run = match &store {
        Some(s) => Some(rt.block_on(s.begin_run(&ctx.catalog_name, ctx.run_as_of()))?),
        None => None,
    };
    progress.begin(projects.len());

    // Repositories in catalog order, each with the projects that name it.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut by_repo: HashMap<String, usize> = HashMap::new();
    let mut alone = Vec::new();
    for (i, p) in projects.iter().enumerate() {
        match ctx.repo_of(p) {
            Some(key) => {
                let g = *by_repo.entry(key.clone()).or_insert_with(|| {
                    groups.push((key, Vec::new()));
                    groups.len() - 1
                });
                groups[g].1.push(i);
            }
            None => alone.push(i),
        }
    }

    let results: Mutex<Vec<Option<Assessed>>> = Mutex::new(vec![None; projects.len()]);
    let (tx, rx) = mpsc::channel::<Snapshot>();
    let writer = store.zip(run).map(|(store, _)| {
        let rt = rt.clone();
        std::thread::Builder::new()
            .name("radar-writer".into())
            .spawn(move || write_batches(&store, &rt, &rx))
            .expect("start the writer thread")
    });
    let record = |i: usize, assessed: Assessed| {
        progress.finished(projects[i], &assessed);
        if let Some(run) = run {
            let _ = tx.send(assessed.snapshot(run, now()));
        }
        results.lock().expect("results lock")[i] = Some(assessed);
    };

    // Projects that other rows' platform-use entries name go first: whether
    // they have ended decides those entries (radar_assess::support).
    let referenced = radar_assess::support::referenced(&ctx.catalog);
    let (first, rest): (Vec<_>, Vec<_>) = groups.iter().partition(|(_, members)| {
        members
            .iter()
            .any(|&i| referenced.contains(projects[i].id().as_ref()))
    });
    let mut related = Related::default();
    measure_groups(ctx, &first, jobs, &related, &projects, progress, &record);
    {
        let done = results.lock().expect("results lock");
        for a in done.iter().flatten() {
            related.record(&a.assessment);
        }
    }
    for &i in &alone {
        progress.started(projects[i]);
        record(
            i,
            judge_in(
                projects[i],
                &ctx.catalog,
                &related,
                &ctx.models,
                None,
                now(),
            ),
        );
    }
    measure_groups(ctx, &rest, jobs, &related, &projects, progress, &record);
    // Closing the channel lets the writer commit its last batch and stop.
    drop(tx);
    let (saved, save_errors) = match writer {
        Some(w) => w
            .join()
            .unwrap_or_else(|_| (0, vec!["the writer thread panicked".to_owned()])),
        None => (0, Vec::new()),
    };
    if let (Some(store), Some(run)) = (ctx.store(), run) {
        rt.block_on(store.finish_run(run))?;
    }
    let results = results
        .into_inner()
        .expect("results lock")
        .into_iter()
        .map(|r| r.expect("every project assessed"))
        .collect();
    Ok(RunReport {
        run,
        results,
        repositories: groups.len(),
        saved,
        save_errors,
        elapsed: started.elapsed(),
    })
}

/// Measures each group's repository once and judges its projects, on up to
/// `jobs` threads.
fn measure_groups(
    ctx: &Context,
    groups: &[&(String, Vec<usize>)],
    jobs: usize,
    related: &Related,
    projects: &[&Project],
    progress: &dyn Progress,
    record: &(dyn Fn(usize, Assessed) + Sync),
) {
    let next = AtomicUsize::new(0);
    let shared = &crate::union::Shared::default();
    std::thread::scope(|scope| {
        for n in 0..jobs.clamp(1, 64).min(groups.len()) {
            let next = &next;
            std::thread::Builder::new()
                .name(format!("radar-assess-{n}"))
                .spawn_scoped(scope, move || {
                    while let Some((_, members)) = groups.get(next.fetch_add(1, Ordering::Relaxed))
                    {
                        for &i in members {
                            progress.started(projects[i]);
                        }
                        let measurement = crate::union::measure_project(
                            ctx.measurer(),
                            projects[members[0]],
                            &ctx.base_dir,
                            None,
                            ctx.options().as_of_last_fetch,
                            Some(shared),
                        )
                        .expect("a group's project names a repository");
                        for &i in members {
                            record(
                                i,
                                judge_in(
                                    projects[i],
                                    &ctx.catalog,
                                    related,
                                    &ctx.models,
                                    Some(&measurement),
                                    now(),
                                ),
                            );
                        }
                    }
                })
                .expect("start an assessment thread");
        }
    });
}

/// The writer thread: commits snapshots in batches until the channel closes.
/// A failed batch is retried one snapshot at a time, so one bad row costs
/// only itself.
fn write_batches(
    store: &Store,
    rt: &Handle,
    rx: &mpsc::Receiver<Snapshot>,
) -> (usize, Vec<String>) {
    let mut saved = 0;
    let mut errors = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut open = true;
    while open {
        match rx.recv_timeout(BATCH_WAIT) {
            Ok(s) => {
                batch.push(s);
                if batch.len() < BATCH {
                    continue;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => open = false,
        }
        if batch.is_empty() {
            continue;
        }
        match rt.block_on(store.save_snapshots(&batch)) {
            Ok(ids) => saved += ids.len(),
            Err(e) => {
                tracing::warn!(
                    "saving {} snapshots together failed, saving one by one: {e}",
                    batch.len()
                );
                for s in &batch {
                    match rt.block_on(store.save_snapshot(s)) {
                        Ok(_) => saved += 1,
                        Err(e) => errors.push(format!("{}: {e}", s.project_id)),
                    }
                }
            }
        }
        batch.clear();
    }
    (saved, errors)
}
