//! `radar serve [--addr 127.0.0.1:8080] [--assess]`: the web dashboard.
//!
//! The catalog is served at once; stored results (a store file or database,
//! polled for new snapshots) and, with `--assess`, an in-process assessment
//! fill the live columns as they arrive. The pages, API and badges live in
//! radar-web; this module only gathers the data and starts the server.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use radar_assess::{EvidenceOutcome, Models};
use radar_catalog::LoadedCatalog;
use radar_evidence::{Cache, Evidence, FetchOptions, InspectOptions};
use radar_web::{Dashboard, Live, Options, ProjectData};

/// Where the data of the pages comes from; shared by `serve` and `site`.
#[derive(clap::Args, Clone)]
pub struct Sources {
    /// Catalog file (default: ./radar.yaml, else the built-in catalog).
    #[arg(long, value_name = "FILE", env = "RADAR_CATALOG")]
    pub catalog: Option<PathBuf>,
    /// Store with assessments to show: a SQLite file or a postgres:// URL
    /// [default: ./radar.db when it exists].
    #[arg(long, value_name = "URL", env = "RADAR_DB")]
    pub db: Option<String>,
    /// Governance records to show review history from (default: the file the catalog names).
    #[arg(long, value_name = "FILE")]
    pub governance: Option<PathBuf>,
    /// Measure and assess every project now, in this process, showing progress.
    #[arg(long)]
    pub assess: bool,
    /// Repositories measured at once with --assess.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub jobs: usize,
    /// Where remote repositories are cached [default: $RADAR_CACHE_DIR, else ~/.cache/radar/repos].
    #[arg(long, value_name = "DIR", env = "RADAR_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Give up a clone or fetch after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub timeout: u64,
    /// Absolute URL the site is published at (used in the badge snippets people copy).
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080", env = "RADAR_ADDR")]
    pub addr: SocketAddr,
    /// With a store: look for new snapshots this often (0: only at start).
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub refresh: u64,
    #[command(flatten)]
    pub sources: Sources,
}

/// The catalog, its models and the dashboard with stored results and governance.
pub struct Prepared {
    pub loaded: LoadedCatalog,
    pub models: Models,
    pub live: Arc<Live>,
    pub store: Option<radar_store::Store>,
}

fn catalog_dir(loaded: &LoadedCatalog) -> PathBuf {
    match &loaded.origin {
        radar_catalog::Origin::Explicit(p) | radar_catalog::Origin::Local(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
        _ => PathBuf::from("."),
    }
}

/// The store to read: `--db`, else `./radar.db` when it exists. A missing
/// default is not an error (the pages work from the catalog alone).
fn store_url(db: &Option<String>) -> Option<String> {
    match db {
        Some(url) => Some(url.clone()),
        None => Path::new("radar.db").exists().then(|| "radar.db".to_owned()),
    }
}

pub async fn prepare(s: &Sources) -> Result<Prepared> {
    let loaded = super::load_catalog(s.catalog.as_deref())?;
    let models = Models::for_catalog(&loaded.catalog, &catalog_dir(&loaded)).context("loading the maturity models the catalog names")?;
    let source = match &loaded.origin {
        radar_catalog::Origin::Builtin => "the built-in catalog".to_owned(),
        other => other.file_name(),
    };
    let mut dashboard = Dashboard::new(loaded.catalog.clone(), source, models.clone());
    let governance = s.governance.clone().or_else(|| radar_governance::records::path_for(&loaded));
    if let Some(path) = governance {
        let ids = radar_governance::records::project_ids(&loaded);
        let records = radar_governance::records::Records::load(&path, Some(ids)).with_context(|| format!("reading governance records {}", path.display()))?;
        dashboard.set_governance(&records.tally);
    }
    let live = Live::new(dashboard, Options { public_url: s.public_url.clone() });
    let store = match store_url(&s.db) {
        Some(url) => {
            let store = radar_store::Store::connect(&url).await.with_context(|| format!("opening the store {url}"))?;
            let n = load_store(&store, &live).await?;
            eprintln!("{n} stored assessment(s) from {}", store.display_url());
            Some(store)
        }
        None => None,
    };
    Ok(Prepared { loaded, models, live, store })
}

/// Shows the latest stored snapshot of every project; returns how many
/// projects changed. A snapshot whose JSON does not parse (written by another
/// version of Radar) is shown as not measured, with a warning.
async fn load_store(store: &radar_store::Store, live: &Live) -> Result<usize> {
    let snapshots = store.latest_snapshots().await.context("reading the latest snapshots")?;
    let known = live.snapshot();
    let mut changed = Vec::new();
    for s in snapshots {
        let snap = &s.snapshot;
        let evidence = snap.evidence_json.as_deref().and_then(|j| match serde_json::from_str::<Evidence>(j) {
            Ok(e) => Some(Arc::new(e)),
            Err(e) => {
                tracing::warn!("stored evidence of {} does not parse: {e}", snap.project_id);
                None
            }
        });
        let assessment = snap.assessment_json.as_deref().and_then(|j| match serde_json::from_str::<radar_assess::Assessment>(j) {
            Ok(a) => Some(Arc::new(a)),
            Err(e) => {
                tracing::warn!("stored assessment of {} does not parse: {e}", snap.project_id);
                None
            }
        });
        let old = known.data(&snap.project_id);
        let same = old.is_some_and(|o| {
            o.evidence.as_deref() == evidence.as_deref() && o.assessment.as_deref() == assessment.as_deref() && o.error == snap.error
        });
        if !same {
            changed.push((snap.project_id.clone(), evidence, assessment, snap.error.clone()));
        }
    }
    let n = changed.len();
    if n > 0 {
        live.update(|d| {
            for (id, evidence, assessment, error) in changed {
                let entry = d.projects.entry(id).or_default();
                entry.evidence = evidence;
                entry.assessment = assessment;
                entry.error = error;
            }
        });
    }
    Ok(n)
}

/// Measures and assesses one project: what the page shows for it.
fn measure(p: &Prepared, project: &radar_catalog::Project, cache: &Cache, fetch: &FetchOptions) -> ProjectData {
    let catalog = &p.loaded.catalog;
    let now = jiff::Timestamp::now();
    let Some(repo) = project.repo.as_deref() else {
        let a = radar_assess::assess(project, catalog, EvidenceOutcome::NoRepository, &p.models, now);
        return ProjectData { assessment: Some(Arc::new(a)), ..Default::default() };
    };
    let evidence = cache.sync(repo, fetch).map_err(|e| format!("getting {repo}: {e}")).and_then(|synced| {
        let opts = InspectOptions { source: Some(repo.to_owned()), ..Default::default() };
        radar_evidence::inspect(&synced.git_dir, &opts).map_err(|e| format!("inspecting {repo}: {e}"))
    });
    match evidence {
        Ok(e) => {
            let a = radar_assess::assess(project, catalog, EvidenceOutcome::Measured(&e), &p.models, now);
            ProjectData { evidence: Some(Arc::new(e)), assessment: Some(Arc::new(a)), ..Default::default() }
        }
        Err(error) => {
            let a = radar_assess::assess(project, catalog, EvidenceOutcome::Unreachable { url: repo, error: &error }, &p.models, now);
            ProjectData { assessment: Some(Arc::new(a)), error: Some(error), ..Default::default() }
        }
    }
}

/// Assesses every project with `jobs` threads, reporting through the
/// dashboard's progress hook. Blocking: git work is not async.
pub fn assess_all(p: &Prepared, s: &Sources) {
    let projects: Vec<&radar_catalog::Project> = p.loaded.catalog.projects().map(|(_, pr)| pr).collect();
    let cache = Cache::new(s.cache_dir.clone().unwrap_or_else(Cache::default_dir));
    let fetch = FetchOptions { timeout: Duration::from_secs(s.timeout.max(1)), ..Default::default() };
    p.live.begin_assessment(projects.len());
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..s.jobs.clamp(1, 16) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(project) = projects.get(i) else { break };
                    let id = project.id().into_owned();
                    p.live.project_started(&id);
                    let data = measure(p, project, &cache, &fetch);
                    if let Some(e) = &data.error {
                        tracing::warn!("{id}: {e}");
                    }
                    p.live.project_finished(&id, data);
                }
            });
        }
    });
    p.live.finish_assessment();
}

pub fn run(args: Args) -> Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")?;
    rt.block_on(serve(args))
}

async fn serve(args: Args) -> Result<ExitCode> {
    let listener = tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("cannot listen on {}", args.addr))?;
    let mut sources = args.sources.clone();
    // Snippets need an absolute URL; the listening address is one unless it
    // is a wildcard (0.0.0.0 behind a proxy): then links stay relative.
    let local = listener.local_addr().unwrap_or(args.addr);
    if sources.public_url.is_none() && !local.ip().is_unspecified() {
        sources.public_url = Some(format!("http://{local}"));
    }
    let prepared = Arc::new(prepare(&sources).await?);
    let live = prepared.live.clone();
    eprintln!("serving {} projects on http://{}/  (Ctrl-C to stop)", prepared.loaded.catalog.projects().count(), listener.local_addr()?);
    if sources.assess {
        let p = prepared.clone();
        let s = sources.clone();
        tokio::task::spawn_blocking(move || assess_all(&p, &s));
    }
    if let (Some(store), true) = (prepared.store.clone(), args.refresh > 0) {
        let live = live.clone();
        let every = Duration::from_secs(args.refresh);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                match load_store(&store, &live).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!("{n} new snapshot(s) from the store"),
                    Err(e) => tracing::warn!("polling the store: {e:#}"),
                }
            }
        });
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    radar_web::serve(listener, live, shutdown).await.context("serving HTTP")?;
    Ok(ExitCode::SUCCESS)
}
