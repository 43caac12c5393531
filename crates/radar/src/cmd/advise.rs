//! `radar advise`: adopt, trial, assess or hold for each project, for a
//! stated goal, with one line per reason (rules: docs/advice.md).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use radar_pipeline::report;

use super::db::DbArgs;
use super::report::GoalArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Only these projects (ids, as `radar report --format json` lists them).
    #[arg(value_name = "PROJECT")]
    pub projects: Vec<String>,
    /// Catalog file (default: ./radar.yaml, else the built-in catalog).
    #[arg(long, value_name = "FILE", env = "RADAR_CATALOG")]
    pub catalog: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub goal: GoalArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut report = super::report::load(args.catalog.as_deref(), &args.db, &args.goal.goal())?;
    if !args.projects.is_empty() {
        if let Some(unknown) = args
            .projects
            .iter()
            .find(|id| !report.projects.iter().any(|r| &r.id == *id))
        {
            bail!(
                "no project {unknown:?} in {} (`radar report --format json` lists the ids)",
                report.catalog
            );
        }
        report.projects.retain(|r| args.projects.contains(&r.id));
    }
    let text = match args.format {
        Format::Text => report::advice_text(&report),
        Format::Json => {
            let rows: Vec<serde_json::Value> = report
                .projects
                .iter()
                .map(|r| serde_json::json!({"id": r.id, "name": r.name, "advice": r.advice}))
                .collect();
            serde_json::to_string_pretty(
                &serde_json::json!({"goal": report.goal, "projects": rows}),
            )? + "\n"
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
