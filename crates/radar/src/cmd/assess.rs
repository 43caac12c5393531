//! `radar assess`: measure and assess every project of the catalog into the
//! store (or, with `--enqueue`, queue one job per project for `radar worker`).
//! The work lives in radar-pipeline; this module parses, shows progress and
//! sums up.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use radar_catalog::Project;
use radar_pipeline::{Assessed, Context, Progress, RunReport, Status};

use super::db::{DbArgs, FetchArgs};

#[derive(clap::Args, Clone)]
pub struct Args {
    /// Catalog file (default: ./radar.yaml, else the built-in catalog).
    #[arg(long, value_name = "FILE", env = "RADAR_CATALOG")]
    pub catalog: Option<PathBuf>,
    /// Repositories measured at once [default: the number of CPUs].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Compute every figure as of this date: YYYY-MM-DD (the end of that day, UTC) or an RFC 3339 timestamp; `fetched`: each repository as of its copy's last fetch (for an offline cache).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of_arg)]
    pub as_of: Option<AsOf>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Queue one job per project for `radar worker` processes instead of assessing here.
    #[arg(long)]
    pub enqueue: bool,
    /// With --enqueue: skip projects measured without error within this age (24h, 90m, 2d; a bare number is hours).
    #[arg(long, visible_alias = "stale", value_name = "AGE", value_parser = super::db::parse_age, requires = "enqueue")]
    pub stale_after: Option<Duration>,
    /// No progress display, only the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// What `--as-of` names.
#[derive(Debug, Clone, Copy)]
pub enum AsOf {
    At(jiff::Timestamp),
    /// `fetched`: each repository as of the moment its copy was last fetched.
    LastFetch,
}

fn parse_as_of_arg(s: &str) -> Result<AsOf, radar_evidence::Error> {
    if s.eq_ignore_ascii_case("fetched") {
        return Ok(AsOf::LastFetch);
    }
    radar_pipeline::parse_as_of(s).map(AsOf::At)
}

impl Args {
    /// `radar` with no subcommand: the defaults.
    pub fn defaults() -> Args {
        use clap::FromArgMatches;
        let matches = <Args as clap::Args>::augment_args(clap::Command::new("assess"))
            .get_matches_from(["assess"]);
        Args::from_arg_matches(&matches).expect("the defaults parse")
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let loaded = super::load_catalog(args.catalog.as_deref())?;
    let rt = super::db::runtime()?;
    let store = rt.block_on(super::db::open(&args.db))?;
    let ctx = Context::new(
        &loaded,
        Some(store.clone()),
        args.fetch
            .options(match args.as_of {
                Some(AsOf::At(t)) => Some(t),
                _ => None,
            })
            .with_as_of_last_fetch(matches!(args.as_of, Some(AsOf::LastFetch))),
        rt.handle().clone(),
    )?;
    if args.enqueue {
        let q = radar_pipeline::enqueue_catalog(&ctx, args.stale_after)?;
        let r = &q.report;
        eprintln!(
            "run {}: {} job(s) queued, {} already queued, {} fresh (skipped){} in {}",
            q.run,
            r.queued,
            r.already_queued,
            r.fresh,
            if q.assessed_now > 0 {
                format!(", {} without repository assessed now", q.assessed_now)
            } else {
                String::new()
            },
            store.display_url()
        );
        eprintln!(
            "start workers with `radar worker` (as many as you like, on any machine that reaches the database)"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from));
    let total = ctx.catalog.projects().count();
    if total == 0 {
        bail!("the catalog {} has no projects", ctx.catalog_name);
    }
    if !args.quiet {
        eprintln!(
            "assessing {total} projects from {} into {} ({jobs} at a time{})",
            ctx.catalog_name,
            store.display_url(),
            if ctx.options().no_fetch {
                ", no fetch"
            } else {
                ""
            }
        );
    }
    let report = if args.quiet {
        radar_pipeline::run_catalog(&ctx, jobs, &radar_pipeline::NoProgress)?
    } else if std::io::stderr().is_terminal() {
        let bar = Bar::new();
        let report = radar_pipeline::run_catalog(&ctx, jobs, &bar)?;
        bar.bar.finish_and_clear();
        report
    } else {
        radar_pipeline::run_catalog(&ctx, jobs, &Lines::default())?
    };
    summary(&report, store.display_url());
    rt.block_on(store.close());
    if !report.save_errors.is_empty() {
        bail!(
            "{} result(s) could not be saved; the others are stored",
            report.save_errors.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `radar`: assess the catalog (built-in unless ./radar.yaml exists) into
/// ./radar.db, then print the report table.
pub fn default_run() -> Result<ExitCode> {
    let args = Args::defaults();
    let db = args.db.clone();
    let catalog = args.catalog.clone();
    run(args)?;
    super::report::run(super::report::Args {
        catalog,
        db,
        format: super::report::Format::Table,
        goal: Default::default(),
    })
}

/// The hint for a run in which every repository failed for a network reason.
const OFFLINE_HINT: &str = "no network? `radar assess --no-fetch` uses the cache; `url.<base>.insteadOf` points Radar at mirrors — see docs/try-on-real-mirrors.md";

fn summary(r: &RunReport, db: &str) {
    let stale: Vec<&Assessed> = r.results.iter().filter(|a| a.stale.is_some()).collect();
    eprintln!(
        "assessed {} projects ({} repositories) in {:.1} s: {} measured, {} unchanged (stored evidence reused), {} unreachable, {} without repository{}; {} saved to {db}{}",
        r.results.len(),
        r.repositories,
        r.elapsed.as_secs_f64(),
        r.count(Status::Measured),
        r.count(Status::Reused),
        r.count(Status::Unreachable),
        r.count(Status::NoRepository),
        if stale.is_empty() {
            String::new()
        } else {
            format!(
                "; {} measured from the cache after a failed fetch",
                stale.len()
            )
        },
        r.saved,
        r.run.map(|id| format!(" (run {id})")).unwrap_or_default(),
    );
    // Each failure once: projects that failed the same way share a line.
    let unreachable: Vec<(&str, String, String)> = r
        .results
        .iter()
        .filter(|a| a.status == Status::Unreachable)
        .map(|a| {
            let cause = a.assessment.repository.error.clone().unwrap_or_default();
            (
                a.project_id.as_str(),
                a.error.clone().unwrap_or_else(|| cause.clone()),
                cause,
            )
        })
        .collect();
    print_grouped("unreachable", &unreachable);
    let from_cache: Vec<(&str, String, String)> = stale
        .iter()
        .map(|a| {
            let s = a.stale.as_ref().expect("filtered on stale");
            let when = s.last_fetched.map_or_else(
                || "at an unknown date".to_owned(),
                |t| format!("last fetched {}", t.strftime("%Y-%m-%d")),
            );
            let url = a.repo_url.as_deref().unwrap_or("");
            let line = format!(
                "{url}: fetch failed: {}; measured the cached copy {when}",
                s.cause
            );
            (
                a.project_id.as_str(),
                line,
                format!("fetch failed: {}; measured the cached copies", s.cause),
            )
        })
        .collect();
    print_grouped("stale cache", &from_cache);
    let ended: Vec<&str> = r
        .results
        .iter()
        .filter(|a| a.assessment.lifecycle.is_retired())
        .map(|a| a.project_id.as_str())
        .collect();
    if !ended.is_empty() {
        eprintln!(
            "  ended (the repository announces it archived or deprecated): {}",
            ended.join(", ")
        );
    }
    for e in &r.save_errors {
        eprintln!("  not saved    {}", radar_pipeline::report::clean(e));
    }
    let fetched: Vec<&Assessed> = r
        .results
        .iter()
        .filter(|a| a.status != Status::NoRepository)
        .collect();
    if !fetched.is_empty() && fetched.iter().all(|a| a.network_failure) {
        eprintln!("hint: {OFFLINE_HINT}");
    }
    eprintln!("next: `radar report`, `radar advise --goal production`");
}

/// Items are (project, its line, the cause it shares). A cause shared by
/// several projects is one line, `  LABEL  CAUSE: a, b, c (3 projects)`;
/// otherwise `  LABEL  a: LINE`. The whole chain is logged with `-v`.
fn print_grouped(label: &str, items: &[(&str, String, String)]) {
    let mut causes: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    for (id, line, cause) in items {
        match causes.iter_mut().find(|(c, _)| c == cause) {
            Some((_, members)) => members.push((id, line)),
            None => causes.push((cause.as_str(), vec![(id, line.as_str())])),
        }
    }
    let clean = radar_pipeline::report::clean;
    for (cause, members) in causes {
        match members.as_slice() {
            [(id, line)] => eprintln!("  {label:<12} {}: {}", clean(id), clean(line)),
            _ => {
                let ids: Vec<String> = members.iter().map(|(id, _)| clean(id)).collect();
                eprintln!(
                    "  {label:<12} {}: {} ({} projects)",
                    clean(cause),
                    ids.join(", "),
                    ids.len()
                );
            }
        }
    }
}

fn status_text(a: &Assessed) -> String {
    match a.status {
        // The cause is in the summary at the end, once.
        Status::Unreachable => "unreachable (see the summary)".to_owned(),
        Status::NoRepository => "no repository".to_owned(),
        Status::Reused if a.stale.is_some() => {
            format!("unchanged, {}, from the cache (fetch failed)", lifecycle(a))
        }
        Status::Reused => format!("unchanged, {}", lifecycle(a)),
        Status::Measured if a.stale.is_some() => {
            format!("{}, from the cache (fetch failed)", lifecycle(a))
        }
        Status::Measured => lifecycle(a),
    }
}

fn lifecycle(a: &Assessed) -> String {
    let l = &a.assessment.lifecycle;
    let name = serde_json::to_value(l.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    if l.is_retired() {
        format!("{} ⚑", name.to_uppercase())
    } else {
        name
    }
}

/// A progress bar with the projects in hand, on a terminal.
struct Bar {
    bar: ProgressBar,
    running: Mutex<Vec<String>>,
}

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {elapsed:>4} [{bar:30}] {pos}/{len} {wide_msg}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar {
            bar,
            running: Mutex::new(Vec::new()),
        }
    }

    fn show_running(&self, running: &[String]) {
        self.bar
            .set_message(radar_pipeline::report::clean(&running.join(", ")));
    }
}

impl Progress for Bar {
    fn begin(&self, total: usize) {
        self.bar.set_length(total as u64);
    }

    fn started(&self, project: &Project) {
        let mut running = self.running.lock().expect("progress lock");
        running.push(project.id().into_owned());
        self.show_running(&running);
    }

    fn finished(&self, project: &Project, result: &Assessed) {
        let mut running = self.running.lock().expect("progress lock");
        running.retain(|id| *id != project.id());
        self.show_running(&running);
        // Failures are listed once, in the summary at the end.
        if result.assessment.lifecycle.is_retired() {
            self.bar.println(format!(
                "  {}: {}",
                radar_pipeline::report::clean(&project.name),
                status_text(result)
            ));
        }
        self.bar.inc(1);
    }
}

/// One line per finished project, for logs and pipes.
#[derive(Default)]
struct Lines {
    total: AtomicUsize,
    done: AtomicUsize,
}

impl Progress for Lines {
    fn begin(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    fn finished(&self, project: &Project, result: &Assessed) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        eprintln!(
            "[{done}/{}] {} ({}): {}",
            self.total.load(Ordering::Relaxed),
            radar_pipeline::report::clean(&project.name),
            project.id(),
            status_text(result)
        );
    }
}
