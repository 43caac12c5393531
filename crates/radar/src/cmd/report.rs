//! `radar report`: the catalog with its latest stored assessment, as a
//! terminal table, a Markdown section for a README, JSON or CSV.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use radar_assess::{Goal, GoalKind};
use radar_pipeline::report;

use super::db::DbArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Catalog file (default: ./radar.yaml, else the built-in catalog).
    #[arg(long, value_name = "FILE", env = "RADAR_CATALOG")]
    pub catalog: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub goal: GoalArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Markdown,
    Json,
    Csv,
}

/// The reader's situation (docs/advice.md).
#[derive(clap::Args, Clone, Copy, Default)]
pub struct GoalArgs {
    /// What the project would be used for.
    #[arg(long, value_enum, default_value_t = GoalOpt::Production)]
    pub goal: GoalOpt,
    /// Whether formal (paid, contractual) support is required.
    #[arg(long, value_enum, default_value_t = Support::Optional)]
    pub support: Support,
    /// You are willing to contribute upstream (relaxes the maturity bar).
    #[arg(long)]
    pub contribute: bool,
}

#[derive(Clone, Copy, Default, clap::ValueEnum)]
pub enum GoalOpt {
    /// A proof of concept.
    Poc,
    #[default]
    Production,
}

#[derive(Clone, Copy, Default, clap::ValueEnum)]
pub enum Support {
    Required,
    #[default]
    Optional,
}

impl GoalArgs {
    pub fn goal(&self) -> Goal {
        Goal {
            goal: match self.goal {
                GoalOpt::Poc => GoalKind::Poc,
                GoalOpt::Production => GoalKind::Production,
            },
            support_required: matches!(self.support, Support::Required),
            contribute: self.contribute,
        }
    }
}

/// The report of the catalog's latest stored snapshots.
pub fn load(catalog: Option<&std::path::Path>, db: &DbArgs, goal: &Goal) -> Result<report::Report> {
    let loaded = super::load_catalog(catalog)?;
    let rt = super::db::runtime()?;
    let snapshots = rt.block_on(async {
        let store = super::db::open_existing(db).await?;
        let s = store.latest_snapshots().await;
        store.close().await;
        anyhow::Ok(s?)
    })?;
    Ok(report::build(
        &loaded.catalog,
        &loaded.origin.file_name(),
        &snapshots,
        goal,
    ))
}

pub fn run(args: Args) -> Result<ExitCode> {
    let report = load(args.catalog.as_deref(), &args.db, &args.goal.goal())?;
    let text = match args.format {
        Format::Table => report::table(&report),
        Format::Markdown => report::markdown(&report),
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        Format::Csv => {
            // The table, Markdown and JSON forms carry the note; CSV is data only.
            if let Some(note) = &report.github.note {
                eprintln!("github: {note}");
            }
            report::csv(&report)
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
