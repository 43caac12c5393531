//! `radar check [--catalog FILE] [--format human|short|json]`: every problem of
//! a catalog at once; exit 1 when any is an error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use radar_catalog::diagnostic::{HumanStyle, render_human, render_json, render_short};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Snippets with carets, as rustc prints.
    Human,
    /// One `file:line:col: severity[code]: message` line each.
    Short,
    /// A JSON document for machines.
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// Catalog file (default: ./radar.yaml, else the built-in catalog).
    #[arg(long, value_name = "FILE", env = "RADAR_CATALOG")]
    pub catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let origin = radar_catalog::resolve(args.catalog.as_deref());
    tracing::info!("catalog: {origin}");
    let _reading = radar_pipeline::reading::reading(origin.file_name());
    let checked = radar_catalog::check_origin(&origin)?;
    let diagnostics = if checked.has_errors() {
        // The whole picture at once: the catalog's errors, and the problems of the
        // governance records it names when they can still be found and read (only
        // the comparison of levels, which needs a valid catalog, is left out).
        let mut diagnostics = radar_governance::check_invalid_catalog(&checked, &origin);
        diagnostics.splice(0..0, checked.diagnostics);
        diagnostics
    } else {
        match checked.into_loaded(origin) {
            // A catalog without errors: its warnings, plus what other parts of Radar find
            // about it, each placed at the catalog's lines (`LoadedCatalog::location_of`).
            Ok(loaded) => {
                let mut diagnostics = loaded.warnings.clone();
                // Governance (radar-governance, docs/governance.md): the problems of the records the
                // catalog names, and catalog levels that contradict the decided ones.
                diagnostics.extend(radar_governance::check_catalog(&loaded));
                diagnostics
            }
            Err(radar_catalog::Error::Invalid { diagnostics, .. }) => diagnostics,
            Err(e) => return Err(e.into()),
        }
    };
    let out = match args.format {
        Format::Human => render_human(
            &diagnostics,
            HumanStyle {
                color: std::io::stdout().is_terminal(),
            },
        ),
        Format::Short => render_short(&diagnostics),
        Format::Json => render_json(&diagnostics) + "\n",
    };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(if diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
