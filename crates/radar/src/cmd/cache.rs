//! `radar cache`: the repositories cloned into the cache, their size and
//! last fetch; `radar cache prune`: remove those no catalog names any more
//! (or not fetched for a while).
//!
//! What "named" means where `prune` runs: the catalog (`--catalog`,
//! `./radar.yaml`, else the built-in one) and the store (`--database`, else
//! `./radar.db` when it exists), whose latest run of each catalog lists its
//! repositories. A worker machine has a cache and the database but usually
//! no catalog file; the store is what it knows about the catalog.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context as _, Result};
use radar_evidence::transfer::human_bytes;
use radar_evidence::{Cache, CacheEntry, Source};
use radar_pipeline::report::clean;

use super::db::DbArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Where remote repositories are cached [default: $RADAR_CACHE_DIR, else $XDG_CACHE_HOME/radar/repos, else ~/.cache/radar/repos].
    #[arg(long, value_name = "DIR", env = "RADAR_CACHE_DIR", global = true)]
    pub cache_dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(subcommand)]
    pub action: Option<Action>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Remove the repositories that neither the catalog nor the store's latest runs name
    /// (and, with --older-than, those not fetched for that long).
    Prune(PruneArgs),
}

#[derive(clap::Args)]
pub struct PruneArgs {
    /// Catalog file naming the repositories to keep (default: ./radar.yaml, else the built-in catalog).
    #[arg(long, value_name = "FILE", env = "RADAR_CATALOG")]
    pub catalog: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Also remove repositories not fetched within this age, even if named (30d, 12h; a bare number is hours).
    #[arg(long, value_name = "AGE", value_parser = super::db::parse_age)]
    pub older_than: Option<Duration>,
    /// Only say what would be removed.
    #[arg(long)]
    pub dry_run: bool,
}

/// A temporary folder younger than this may be a clone still running.
const UNFINISHED_GRACE: Duration = Duration::from_secs(3600);

pub fn run(args: Args) -> Result<ExitCode> {
    let cache = Cache::new(args.cache_dir.clone().unwrap_or_else(Cache::default_dir));
    let entries = cache
        .entries()
        .with_context(|| format!("listing the cache {}", cache.root().display()))?;
    match args.action {
        None => list(&cache, &entries, args.format),
        Some(Action::Prune(p)) => prune(&cache, entries, &p),
    }
}

fn list(cache: &Cache, entries: &[CacheEntry], format: Format) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = entries
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "url": e.url,
                        "path": e.git_dir.display().to_string(),
                        "bytes": e.bytes,
                        "last_fetched": e.last_fetched,
                        "filter": e.filter,
                        "unfinished": e.unfinished,
                    })
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "cache_dir": cache.root().display().to_string(),
                    "bytes": entries.iter().map(|e| e.bytes).sum::<u64>(),
                    "repositories": rows,
                }))?
            )?;
        }
        Format::Text => {
            let total: u64 = entries.iter().map(|e| e.bytes).sum();
            writeln!(
                out,
                "{}: {} repositor{}, {}",
                clean(&cache.root().display().to_string()),
                entries.len(),
                if entries.len() == 1 { "y" } else { "ies" },
                human_bytes(total)
            )?;
            if !entries.is_empty() {
                writeln!(
                    out,
                    "{:>10}  {:<17}  {:<9}  URL",
                    "SIZE", "LAST FETCH", "CLONE"
                )?;
            }
            for e in entries {
                writeln!(out, "{}", row(e))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn row(e: &CacheEntry) -> String {
    let fetched = e.last_fetched.map_or_else(
        || "-".to_owned(),
        |t| t.strftime("%Y-%m-%d %H:%M").to_string(),
    );
    let kind = match (&e.filter, e.unfinished) {
        (_, true) => "unfinished".to_owned(),
        (Some(f), _) => f.clone(),
        (None, _) => "complete".to_owned(),
    };
    let what = e
        .url
        .clone()
        .unwrap_or_else(|| e.git_dir.display().to_string());
    format!(
        "{:>10}  {fetched:<17}  {kind:<9}  {}",
        human_bytes(e.bytes),
        clean(&what)
    )
}

fn prune(cache: &Cache, entries: Vec<CacheEntry>, args: &PruneArgs) -> Result<ExitCode> {
    let named = named_paths(cache, args)?;
    let now = jiff::Timestamp::now();
    let stale_before = args
        .older_than
        .map(|age| now - jiff::SignedDuration::try_from(age).unwrap_or(jiff::SignedDuration::MAX));
    let mut removed = Vec::new();
    let mut kept = 0usize;
    for e in entries {
        let why = if e.unfinished {
            let age = std::fs::metadata(&e.git_dir)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok());
            // A clone may still be running in another process.
            age.is_some_and(|a| a > UNFINISHED_GRACE)
                .then_some("unfinished clone")
        } else if !named.contains(&e.git_dir) {
            Some("named by no catalog")
        } else if let Some(before) = stale_before
            && e.last_fetched.is_none_or(|t| t < before)
        {
            Some("not fetched recently")
        } else {
            None
        };
        match why {
            Some(why) => removed.push((e, why)),
            None => kept += 1,
        }
    }
    let bytes: u64 = removed.iter().map(|(e, _)| e.bytes).sum();
    for (e, why) in &removed {
        if !args.dry_run {
            cache.remove(e)?;
        }
        println!("{} ({why})", row(e));
    }
    println!(
        "{} {} repositor{} ({}) from {}; {kept} kept",
        if args.dry_run {
            "would remove"
        } else {
            "removed"
        },
        removed.len(),
        if removed.len() == 1 { "y" } else { "ies" },
        human_bytes(bytes),
        clean(&cache.root().display().to_string())
    );
    Ok(ExitCode::SUCCESS)
}

/// Cache folders of the repositories the catalog and the store name.
fn named_paths(cache: &Cache, args: &PruneArgs) -> Result<HashSet<PathBuf>> {
    let mut urls: Vec<String> = Vec::new();
    let loaded = super::load_catalog(args.catalog.as_deref())?;
    urls.extend(
        loaded
            .catalog
            .projects()
            .flat_map(|(_, p)| p.repositories())
            .map(|r| r.url.trim_end_matches('/').to_owned()),
    );
    // No database yet means nothing was assessed: the catalog alone names.
    if super::db::store_exists(&args.db) {
        let rt = super::db::runtime()?;
        let in_use = rt.block_on(async {
            let store = super::db::open_existing(&args.db).await?;
            let urls = store.repositories_in_use().await;
            store.close().await;
            anyhow::Ok(urls?)
        })?;
        // A project of several repositories is stored as `A + B`, a
        // folder as `URL#path=FOLDER`: each names its repositories.
        urls.extend(in_use.iter().flat_map(|key| {
            key.split(" + ")
                .map(|k| radar_pipeline::split_target(k).0.to_owned())
        }));
    }
    Ok(urls
        .iter()
        .filter(|u| matches!(Source::parse(u), Source::Url(_)))
        .filter_map(|u| cache.path_for(u).ok())
        .collect())
}
