//! `radar import FILE.md [-o FILE]`: a Markdown project table → a YAML catalog.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use radar_catalog::diagnostic::{HumanStyle, render_human};

#[derive(clap::Args)]
pub struct Args {
    /// Markdown file holding the project table (e.g. a README).
    pub file: PathBuf,
    /// Write the catalog here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let name = args.file.display().to_string();
    let imported = radar_catalog::markdown::import(&name, &text)?;
    if !imported.warnings.is_empty() {
        let style = HumanStyle {
            color: std::io::stderr().is_terminal(),
        };
        eprint!("{}", render_human(&imported.warnings, style));
    }
    let c = &imported.catalog;
    let projects = c.project_count();
    let yaml = radar_catalog::to_yaml(c);
    match &args.output {
        Some(path) => {
            std::fs::write(path, &yaml)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {} ({} areas, {projects} projects, table at lines {}-{} of {name})",
                path.display(),
                c.areas.len(),
                imported.list_lines.0,
                imported.list_lines.1
            );
        }
        None => std::io::stdout().lock().write_all(yaml.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
