//! `radar serve [--addr 127.0.0.1:8080] [--assess]`: the web dashboard.
//!
//! The catalog is served at once; stored results (a store file or database,
//! polled for new snapshots) and, with `--assess`, an in-process assessment
//! fill the live columns as they arrive. The pages, API and badges live in
//! radar-web; this module only gathers the data and starts the server.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use radar_catalog::{LoadedCatalog, Project};
use radar_pipeline::Assessed;
use radar_web::{Dashboard, Live, Options, ProjectData};

use super::db::FetchArgs;

/// Where the data of the pages comes from; shared by `serve` and `site`.
#[derive(clap::Args, Clone)]
pub struct Sources {
    /// Catalog file (default: ./radar.yaml, else the built-in catalog).
    #[arg(long, value_name = "FILE", env = "RADAR_CATALOG")]
    pub catalog: Option<PathBuf>,
    /// Store with results to show (and, with --assess, to save into): a SQLite
    /// file or postgres://… [default: ./radar.db when it exists; no store otherwise].
    #[arg(long, value_name = "URL", env = "RADAR_DATABASE_URL")]
    pub database: Option<String>,
    /// Governance records to show review history from (default: the file the catalog names).
    #[arg(long, value_name = "FILE")]
    pub governance: Option<PathBuf>,
    /// Measure and assess every project now, in this process, showing progress.
    #[arg(long)]
    pub assess: bool,
    /// Repositories measured at once with --assess.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 2)]
    pub jobs: usize,
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Absolute URL the site is published at (used in the badge snippets people copy).
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(
        long,
        value_name = "HOST:PORT",
        default_value = "127.0.0.1:8080",
        env = "RADAR_ADDR"
    )]
    pub addr: SocketAddr,
    /// With a store: look for new snapshots (and check the store is reachable, for /readyz) this often; 0: only at start.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub refresh: u64,
    #[command(flatten)]
    pub sources: Sources,
}

/// The catalog, its models and the dashboard with stored results and governance.
pub struct Prepared {
    pub loaded: LoadedCatalog,
    pub live: Arc<Live>,
    pub store: Option<radar_store::Store>,
}

/// The store to read: `--database`, else `./radar.db` when it exists. A
/// missing default is not an error (the pages work from the catalog alone).
fn store_url(db: &Option<String>) -> Option<String> {
    match db {
        Some(url) => Some(url.clone()),
        None => Path::new("radar.db")
            .exists()
            .then(|| "sqlite://./radar.db".to_owned()),
    }
}

pub async fn prepare(s: &Sources) -> Result<Prepared> {
    let loaded = super::load_catalog(s.catalog.as_deref())?;
    let models =
        super::load_models(&loaded).context("loading the maturity models the catalog names")?;
    let source = match &loaded.origin {
        radar_catalog::Origin::Builtin => "the built-in catalog".to_owned(),
        other => other.file_name(),
    };
    let mut dashboard = Dashboard::new(loaded.catalog.clone(), source, models);
    let governance = s
        .governance
        .clone()
        .or_else(|| radar_governance::records::path_for(&loaded));
    if let Some(path) = governance {
        let ids = radar_governance::records::project_ids(&loaded);
        let _reading = radar_pipeline::reading::reading(path.display().to_string());
        let records = radar_governance::records::Records::load(&path, Some(ids))
            .with_context(|| format!("reading governance records {}", path.display()))?;
        dashboard.set_governance(&records.tally);
    }
    let live = Live::new(
        dashboard,
        Options {
            public_url: s.public_url.clone(),
        },
    );
    let store = match store_url(&s.database) {
        Some(url) => {
            let db = super::db::DbArgs {
                database: url.clone(),
            };
            // Showing results needs them to exist; --assess may start a new store.
            let store = if s.assess {
                super::db::open(&db).await
            } else {
                super::db::open_existing(&db).await
            };
            let store = store.with_context(|| format!("opening the store {url}"))?;
            let n = load_store(&store, &live).await?;
            eprintln!("{n} stored assessment(s) from {}", store.display_url());
            Some(store)
        }
        None => None,
    };
    Ok(Prepared {
        loaded,
        live,
        store,
    })
}

/// Shows the latest stored snapshot of every project, with its history of
/// stored assessments; returns how many projects changed. A snapshot whose
/// JSON does not parse (written by another version of Radar) is shown as not
/// measured, with a warning. A project's history is read again only when its
/// latest snapshot changed: for many projects at once (the first load of a
/// large catalog) in one query, for a few one query each.
async fn load_store(store: &radar_store::Store, live: &Live) -> Result<usize> {
    let snapshots = store
        .latest_snapshots()
        .await
        .context("reading the latest snapshots")?;
    let known = live.snapshot();
    let stale_history = |s: &radar_store::StoredSnapshot| !matches!(known.data(&s.snapshot.project_id).and_then(|o| o.history.last()), Some(h) if h.snapshot_id == s.id.0);
    let needs: HashSet<&str> = snapshots
        .iter()
        .filter(|s| stale_history(s))
        .map(|s| s.snapshot.project_id.as_str())
        .collect();
    let mut histories: HashMap<String, Arc<Vec<radar_web::HistoryPoint>>> = HashMap::new();
    let points = |p: Vec<radar_store::HistoryPoint>| {
        Arc::new(p.into_iter().map(history_point).collect::<Vec<_>>())
    };
    if needs.len() >= BULK_HISTORY || needs.len() * 2 > snapshots.len() {
        let all = store
            .history_all(jiff::Timestamp::MIN, jiff::Timestamp::MAX)
            .await
            .context("reading the stored history")?;
        histories.extend(
            all.into_iter()
                .filter(|(id, _)| needs.contains(&id.as_str()))
                .map(|(id, p)| (id, points(p))),
        );
    } else {
        for id in &needs {
            let p = store
                .history(id, jiff::Timestamp::MIN, jiff::Timestamp::MAX)
                .await;
            histories.insert(
                (*id).to_owned(),
                points(p.with_context(|| format!("reading the history of {id}"))?),
            );
        }
    }
    let mut changed = Vec::new();
    for s in snapshots {
        let snap = &s.snapshot;
        let old = known.data(&snap.project_id);
        let history = histories.remove(&snap.project_id);
        let (evidence, github) = match snap
            .evidence_json
            .as_deref()
            .map(radar_web::parse_evidence_document)
        {
            Some(Ok((e, g))) => (Some(Arc::new(e)), g),
            Some(Err(e)) => {
                tracing::warn!("stored evidence of {} does not parse: {e}", snap.project_id);
                (None, None)
            }
            None => (None, None),
        };
        let assessment = snap.assessment_json.as_deref().and_then(|j| {
            match serde_json::from_str::<radar_assess::Assessment>(j) {
                Ok(a) => Some(Arc::new(a)),
                Err(e) => {
                    tracing::warn!(
                        "stored assessment of {} does not parse: {e}",
                        snap.project_id
                    );
                    None
                }
            }
        });
        let same = old.is_some_and(|o| {
            o.evidence.as_deref() == evidence.as_deref()
                && o.github == github
                && o.assessment.as_deref() == assessment.as_deref()
                && o.error == snap.error
        });
        if !same || history.is_some() {
            changed.push((
                snap.project_id.clone(),
                evidence,
                github,
                assessment,
                snap.error.clone(),
                history,
            ));
        }
    }
    let n = changed.len();
    if n > 0 {
        live.update(|d| {
            for (id, evidence, github, assessment, error, history) in changed {
                let entry = d.projects.entry(id).or_default();
                entry.evidence = evidence;
                entry.github = github;
                entry.assessment = assessment;
                entry.error = error;
                if let Some(h) = history {
                    entry.history = h;
                }
            }
        });
    }
    Ok(n)
}

/// From this many projects whose history must be read, one query reads
/// every project's instead of one query each.
const BULK_HISTORY: usize = 16;

/// The store's history point as the web shows it (counts are never negative).
fn history_point(p: radar_store::HistoryPoint) -> radar_web::HistoryPoint {
    let n = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok());
    let s = p.summary;
    radar_web::HistoryPoint {
        snapshot_id: p.snapshot_id.0,
        as_of: p.as_of,
        taken_at: p.taken_at,
        head_commit: p.head_commit,
        error: p.error,
        contributors: n(s.contributors),
        commits: n(s.commits),
        commits_365d: n(s.commits_365d),
        active_contributors: n(s.active_contributors),
        organisations: n(s.organisations),
        elephant_factor: n(s.elephant_factor),
        claimed_level: s.claimed_level,
        supported_level: s.supported_level,
        lifecycle: s.lifecycle,
        findings: n(s.findings),
        latest_release: s.latest_release,
        latest_release_at: s.latest_release_at,
    }
}

/// Feeds radar-pipeline's progress into the dashboard: each result is shown
/// as soon as it is judged.
struct LiveProgress<'a>(&'a Live);

impl radar_pipeline::Progress for LiveProgress<'_> {
    fn begin(&self, total: usize) {
        self.0.begin_assessment(total);
    }

    fn started(&self, project: &Project) {
        self.0.project_started(&project.id());
    }

    fn finished(&self, _project: &Project, r: &Assessed) {
        if let Some(e) = &r.error {
            tracing::warn!("{}: {e}", r.project_id);
        }
        let github = r
            .evidence_json
            .as_deref()
            .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
            .and_then(|doc| radar_web::GithubData::from_document(&doc));
        let data = ProjectData {
            evidence: r.evidence.clone(),
            github,
            assessment: Some(r.assessment.clone()),
            error: r.error.clone(),
            ..Default::default()
        };
        self.0.project_finished(&r.project_id, data);
    }
}

/// Measures and assesses every project through radar-pipeline (saving into
/// the store when there is one), showing progress and results on the
/// dashboard as they come. Blocking: call it off the async threads.
pub fn assess_all(p: &Prepared, s: &Sources, rt: tokio::runtime::Handle) -> Result<()> {
    let ctx = radar_pipeline::Context::new(
        &p.loaded,
        p.store.clone(),
        s.fetch.options(None),
        rt.clone(),
    )?;
    let report = radar_pipeline::run_catalog(&ctx, s.jobs.max(1), &LiveProgress(&p.live));
    // The results were saved: show them with their place in the history.
    if let Some(store) = &p.store
        && let Err(e) = rt.block_on(load_store(store, &p.live))
    {
        tracing::warn!("reading the store after the assessment: {e:#}");
    }
    p.live.finish_assessment();
    let report = report?;
    if !report.save_errors.is_empty() {
        tracing::warn!(
            "{} result(s) could not be saved to the store",
            report.save_errors.len()
        );
    }
    Ok(())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(serve(args))
}

async fn serve(args: Args) -> Result<ExitCode> {
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let mut sources = args.sources.clone();
    // Snippets need an absolute URL; the listening address is one unless it
    // is a wildcard (0.0.0.0 behind a proxy): then links stay relative.
    let local = listener.local_addr().unwrap_or(args.addr);
    if sources.public_url.is_none() && !local.ip().is_unspecified() {
        sources.public_url = Some(format!("http://{local}"));
    }
    let prepared = Arc::new(prepare(&sources).await?);
    let live = prepared.live.clone();
    eprintln!(
        "serving {} projects on http://{}/  (Ctrl-C to stop)",
        prepared.loaded.catalog.projects().count(),
        listener.local_addr()?
    );
    if sources.assess {
        let (p, s, rt) = (
            prepared.clone(),
            sources.clone(),
            tokio::runtime::Handle::current(),
        );
        tokio::task::spawn_blocking(move || {
            if let Err(e) = assess_all(&p, &s, rt) {
                tracing::error!("the assessment failed: {e:#}");
            }
        });
    }
    if let (Some(store), true) = (prepared.store.clone(), args.refresh > 0) {
        let live = live.clone();
        let every = Duration::from_secs(args.refresh);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                match load_store(&store, &live).await {
                    Ok(n) => {
                        live.set_ready(Ok(()));
                        if n > 0 {
                            tracing::info!("{n} new snapshot(s) from the store");
                        }
                    }
                    Err(e) => {
                        tracing::warn!("polling the store: {e:#}");
                        live.set_ready(Err(format!(
                            "cannot read the store {}: {e:#}",
                            store.display_url()
                        )));
                    }
                }
            }
        });
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    radar_web::serve(listener, live, shutdown)
        .await
        .context("serving HTTP")?;
    Ok(ExitCode::SUCCESS)
}
