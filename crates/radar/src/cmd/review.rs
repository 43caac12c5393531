//! `radar review tally|due|packet`: the TOC's governance records, computed
//! (docs/governance.md). The rules live in radar-governance; this module only
//! loads files, measures repositories for the packet, and prints.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use jiff::civil::Date;
use radar_catalog::LoadedCatalog;
use radar_catalog::diagnostic::{HumanStyle, render_human};
use radar_evidence::{Cache, Evidence};
use radar_governance::packet::{self, PacketInput, ProjectInput, Snapshot};
use radar_governance::records::{self, Records};
use radar_governance::{Quarter, Tally};
use radar_pipeline::union::measure_project;
use radar_pipeline::{Measurer, Options};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(clap::Subcommand)]
pub enum Sub {
    /// Every motion with its arithmetic and outcome, and each project's decided level.
    Tally(TallyArgs),
    /// Projects in the TOC's care with no review in the current quarter.
    Due(DueArgs),
    /// A Markdown document for a quarter's TOC meeting: evidence, momentum, missing criteria, findings.
    Packet(PacketArgs),
}

/// Where the records are.
#[derive(clap::Args)]
pub struct Source {
    /// Catalog file (default: ./radar.yaml, else the built-in catalog).
    #[arg(long, value_name = "FILE", env = "RADAR_CATALOG")]
    pub catalog: Option<PathBuf>,
    /// Governance records (default: the file the catalog names in `governance:`).
    #[arg(long, value_name = "FILE")]
    pub governance: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct TallyArgs {
    #[command(flatten)]
    pub source: Source,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(clap::Args)]
pub struct DueArgs {
    #[command(flatten)]
    pub source: Source,
    /// The day to look from (YYYY-MM-DD); its quarter is the current one [default: today].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<Date>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(clap::Args)]
pub struct PacketArgs {
    #[command(flatten)]
    pub source: Source,
    /// The quarter under review, e.g. 2026Q4.
    #[arg(long, value_name = "QUARTER")]
    pub quarter: Quarter,
    /// Write the document here instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Where remote repositories are cached [default: $RADAR_CACHE_DIR, else $XDG_CACHE_HOME/radar/repos, else ~/.cache/radar/repos].
    #[arg(long, value_name = "DIR", env = "RADAR_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Do not fetch: measure the cached copies as they are.
    #[arg(long)]
    pub no_fetch: bool,
    /// Give up a clone or fetch after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub timeout: u64,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Sub::Tally(a) => tally(a),
        Sub::Due(a) => due(a),
        Sub::Packet(a) => packet(a),
    }
}

/// Loads the catalog and the records; prints the records' problems on stderr.
/// `None` when the records could not be read as records at all.
fn load(source: &Source) -> Result<(LoadedCatalog, Records)> {
    let catalog = super::load_catalog(source.catalog.as_deref())?;
    let path = match (&source.governance, records::path_for(&catalog)) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => p,
        (None, None) => {
            return Err(anyhow!(
                "{} names no governance records: add `governance: FILE` to the catalog or pass --governance FILE (format: docs/governance.md)",
                catalog.origin
            ));
        }
    };
    let ids: BTreeSet<String> = records::project_ids(&catalog);
    let records = Records::load(&path, Some(ids))?;
    if !records.diagnostics.is_empty() {
        let style = HumanStyle {
            color: std::io::stderr().is_terminal(),
        };
        eprint!("{}", render_human(&records.diagnostics, style));
    }
    Ok((catalog, records))
}

/// Exit status: 1 when the records have errors (the output is still printed
/// when the file could be read), else 0.
fn status(records: &Records) -> ExitCode {
    if records.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print(text: &str) -> Result<()> {
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

fn tally(args: TallyArgs) -> Result<ExitCode> {
    let (_, records) = load(&args.source)?;
    let _reading = radar_pipeline::reading::reading(records.source.name.clone());
    if records.file.is_none() {
        return Ok(ExitCode::from(1));
    }
    match args.format {
        Format::Text => print(&radar_governance::render::tally_text(
            &records.tally,
            &records.source.name,
        ))?,
        Format::Json => {
            let mut doc = serde_json::to_value(&records.tally)?;
            doc["diagnostics"] = serde_json::to_value(&records.diagnostics)?;
            print(&(serde_json::to_string_pretty(&doc)? + "\n"))?;
        }
    }
    Ok(status(&records))
}

fn today() -> Date {
    jiff::Zoned::now().date()
}

fn due(args: DueArgs) -> Result<ExitCode> {
    let (_, records) = load(&args.source)?;
    let _reading = radar_pipeline::reading::reading(records.source.name.clone());
    if records.file.is_none() {
        return Ok(ExitCode::from(1));
    }
    let as_of = args.as_of.unwrap_or_else(today);
    let tally = records.tally_until(as_of);
    let (quarter, due) = radar_governance::due::due(&tally, as_of);
    match args.format {
        Format::Json => {
            let doc = serde_json::json!({ "quarter": quarter, "as_of": as_of, "due": due });
            print(&(serde_json::to_string_pretty(&doc)? + "\n"))?;
        }
        Format::Text => {
            let out = radar_governance::render::due_text(quarter, as_of, &due);
            print(&out)?;
        }
    }
    Ok(status(&records))
}

/// The end of a day, UTC, as a timestamp: what `--as-of DATE` means elsewhere.
fn end_of(date: Date) -> Result<jiff::Timestamp> {
    let next = date
        .tomorrow()?
        .to_zoned(jiff::tz::TimeZone::UTC)?
        .timestamp();
    Ok(next - jiff::SignedDuration::from_secs(1))
}

fn packet(args: PacketArgs) -> Result<ExitCode> {
    let (loaded, records) = load(&args.source)?;
    if records.file.is_none() {
        return Ok(ExitCode::from(1));
    }
    let q = args.quarter;
    let today = today();
    // The quarter's last day, or today while it runs.
    let current_day = q.end().yesterday()?.min(today);
    let previous_day = q.start().yesterday()?;
    if previous_day >= today {
        return Err(anyhow!(
            "{q} has not started yet: a packet compares the end of the previous quarter with {q}"
        ));
    }
    let tally = records.tally_until(current_day);
    let before = records.tally_until(previous_day);

    // Projects in the TOC's care at either end of the quarter, or decided on in it, in catalog order.
    let in_care = |t: &Tally, id: &str| t.decisions.get(id).is_some_and(|d| d.is_live());
    let chosen: Vec<&radar_catalog::Project> = loaded
        .catalog
        .projects()
        .map(|(_, p)| p)
        .filter(|p| {
            let id = p.id();
            in_care(&tally, &id)
                || in_care(&before, &id)
                || tally.history(&id).any(|e| e.quarter == q)
        })
        .collect();

    // Measured as `radar assess` measures: a folder of a monorepo, the
    // union of a project's repositories, the owner's `.github` defaults.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    let measurer = Measurer::new(
        Options {
            cache_dir: args.cache_dir.clone().unwrap_or_else(Cache::default_dir),
            no_fetch: args.no_fetch,
            fetch_timeout: Duration::from_secs(args.timeout.max(1)),
            reuse: false,
            ..Default::default()
        },
        None,
        None,
        rt.handle().clone(),
    );
    let base_dir = loaded.relative_path(".");
    let models = super::load_models(&loaded).context("loading the catalog's maturity models")?;
    let (current_ts, previous_ts) = (end_of(current_day)?, end_of(previous_day)?);
    let mut projects = Vec::new();
    for (i, p) in chosen.iter().enumerate() {
        eprintln!("measuring {} ({}/{})", p.id(), i + 1, chosen.len());
        let measured = measure(&measurer, &base_dir, p, current_ts, previous_ts);
        // Without evidence the assessment still lists the manual criteria and the claim.
        let outcome = match (&measured, p.repo.as_deref()) {
            (Ok((now, _)), _) => radar_assess::EvidenceOutcome::Measured(now),
            (Err(err), Some(url)) => radar_assess::EvidenceOutcome::Unreachable { url, error: err },
            (Err(_), None) => radar_assess::EvidenceOutcome::NoRepository,
        };
        let assessment = Some(Ok(summarise(&radar_assess::assess(
            p,
            &loaded.catalog,
            outcome,
            &models,
            current_ts,
        ))));
        let (current, previous) = match measured {
            Ok((now, before)) => (Ok(snapshot(&now)), before.map(|b| snapshot(&b))),
            Err(err) => (Err(err.clone()), Err(err)),
        };
        projects.push(ProjectInput {
            id: p.id().into_owned(),
            name: p.name.clone(),
            repo: p.repo.clone(),
            catalog_level: p.state.as_ref().map(|s| {
                let level = s.shown_level().map(|l| l.into_owned()).unwrap_or_default();
                match &s.body {
                    Some(b) => format!("{b}: {level}"),
                    None => level,
                }
            }),
            current,
            previous,
            assessment,
        });
    }
    let input = PacketInput {
        quarter: q,
        tally: &tally,
        source: &records.source.name,
        current_as_of: current_day,
        previous_as_of: previous_day,
        projects,
    };
    let doc = packet::packet(&input);
    match &args.output {
        Some(path) => {
            std::fs::write(path, doc).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => print(&doc)?,
    }
    Ok(status(&records))
}

/// Evidence at the two quarter ends. The previous one may fail on its own
/// (the repository did not exist yet) without losing the current one.
fn measure(
    measurer: &Measurer,
    base_dir: &Path,
    project: &radar_catalog::Project,
    current: jiff::Timestamp,
    previous: jiff::Timestamp,
) -> std::result::Result<(Evidence, std::result::Result<Evidence, String>), String> {
    let at = |as_of| {
        let measured = measure_project(measurer, project, base_dir, Some(as_of), false, None)
            .ok_or("the catalog names no repository")?;
        measured
            .outcome
            .map(|m| (*m.evidence).clone())
            .map_err(|f| format!("getting {}", f.message))
    };
    Ok((at(current)?, at(previous)))
}

fn snapshot(e: &Evidence) -> Snapshot {
    let day = |t: jiff::Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date();
    Snapshot {
        as_of: Some(day(e.as_of)),
        head: Some(e.head.clone()),
        commits: e.history.commits,
        contributors: e.history.contributors,
        commits_90d: e.history.commits_90d,
        active_contributors_90d: e.history.active_contributors_90d,
        organizations_365d: e.organizations.count_365d,
        elephant_factor: e.organizations.elephant_factor,
        releases: e.releases.count,
        latest_release: e
            .releases
            .latest
            .as_ref()
            .map(|r| (r.tag.clone(), day(r.date))),
        last_commit: e.history.last_commit.map(day),
        lifecycle: json_name(&e.lifecycle.status),
        lifecycle_evidence: e.lifecycle.evidence.clone(),
    }
}

/// The serde name of an enum value (`active`, `must`…).
fn json_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn summarise(a: &radar_assess::Assessment) -> packet::Assessment {
    packet::Assessment {
        model: a.model.as_ref().map(|m| m.name.clone()),
        supported_level: a
            .supported
            .as_ref()
            .or(a.exit.as_ref())
            .map(|l| l.name.clone()),
        next_level: a.next.as_ref().map(|l| l.name.clone()),
        missing: a
            .gaps
            .iter()
            .map(|g| packet::Criterion {
                id: g.criterion.clone(),
                title: g.title.clone(),
                status: format!("{}, {}", json_name(&g.status), json_name(&g.weight)),
                detail: g.help.clone(),
            })
            .collect(),
        findings: a
            .findings
            .iter()
            .map(|f| packet::Finding {
                severity: json_name(&f.severity),
                message: f.message.clone(),
            })
            .collect(),
    }
}
