//! `radar history <project>`: a project's stored figures over time.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use jiff::Timestamp;

use super::db::DbArgs;

#[derive(clap::Args)]
pub struct Args {
    /// The project's id (`radar report --format json` lists them).
    pub project: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// Only snapshots as of this date or later (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = radar_pipeline::parse_as_of)]
    pub since: Option<Timestamp>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let rt = super::db::runtime()?;
    let points = rt.block_on(async {
        let store = super::db::open_existing(&args.db).await?;
        // --since DATE means from the start of that day.
        let from = args.since.map_or(Timestamp::MIN, |t| {
            t - jiff::SignedDuration::from_secs(86_399)
        });
        let points = store.history(&args.project, from, Timestamp::MAX).await;
        store.close().await;
        anyhow::Ok(points?)
    })?;
    if points.is_empty() && args.since.is_none() {
        bail!(
            "nothing stored for project {:?}: check the id (`radar report --format json` lists them) or run `radar assess`",
            args.project
        );
    }
    let text = match args.format {
        Format::Table => radar_pipeline::report::history_table(&args.project, &points),
        Format::Json => serde_json::to_string_pretty(&points)? + "\n",
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
