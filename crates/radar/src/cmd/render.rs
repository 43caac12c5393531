//! `radar render [--format markdown|json|csv] [--check FILE | --write FILE]`:
//! the catalog in the README's layout, or checked against / written into a file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use radar_catalog::markdown::{self, CheckOutcome};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The README section: title, intro, support, the table, notes.
    Markdown,
    /// The catalog as JSON (same fields as the YAML).
    Json,
    /// One row per project.
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    /// Catalog file (default: ./radar.yaml, else the built-in catalog).
    #[arg(long, value_name = "FILE", env = "RADAR_CATALOG")]
    pub catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
    /// Markdown: print only the table, not the prose around it.
    #[arg(long)]
    pub table: bool,
    /// Compare FILE's project table with the catalog; exit 1 and print a diff when they differ.
    #[arg(long, value_name = "FILE", conflicts_with = "write")]
    pub check: Option<PathBuf>,
    /// Replace the project table in FILE with the catalog's; every other byte is kept.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let loaded = super::load_catalog(args.catalog.as_deref())?;
    let c = &loaded.catalog;
    if let Some(path) = &args.check {
        let (text, _reading) = read(path)?;
        return Ok(
            match markdown::check_file(c, &path.display().to_string(), &text)? {
                CheckOutcome::Same => {
                    eprintln!("{}: the table matches the catalog", path.display());
                    ExitCode::SUCCESS
                }
                CheckOutcome::Differs(diff) => {
                    std::io::stdout().lock().write_all(diff.as_bytes())?;
                    eprintln!(
                        "{}: the table differs from the catalog; `radar render --write {}` updates it",
                        path.display(),
                        path.display()
                    );
                    ExitCode::from(1)
                }
            },
        );
    }
    if let Some(path) = &args.write {
        let (text, _reading) = read(path)?;
        let new = markdown::replace_table(c, &path.display().to_string(), &text)?;
        if new == text {
            eprintln!("{}: already up to date", path.display());
        } else {
            std::fs::write(path, new)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("{}: table updated", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let out = match args.format {
        Format::Markdown if args.table => markdown::render_table(c),
        Format::Markdown => markdown::render_document(c),
        Format::Json => serde_json::to_string_pretty(c)? + "\n",
        Format::Csv => radar_catalog::csv::render(c),
    };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Reads the file and marks it as the input being read until the caller's scope ends.
fn read(path: &std::path::Path) -> Result<(String, radar_pipeline::reading::Reading)> {
    let reading = radar_pipeline::reading::reading(path.display().to_string());
    Ok((read_text(path)?, reading))
}

fn read_text(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}
