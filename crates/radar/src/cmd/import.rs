//! `radar import FILE [-o FILE]`: a list a foundation or team keeps → a YAML
//! catalog. The format is recognised by content: a Markdown README with a
//! project table (or a table per area), a landscape (`landscape.yml`) or a
//! CLOMonitor data file (`data/cncf.yaml`); `--format` says which.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use radar_catalog::diagnostic::{HumanStyle, render_human};
use radar_catalog::formats::{self, Format, ImportError, Options};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// A Markdown README with a project table, or a table per area.
    Markdown,
    /// landscape2's `landscape.yml` (categories, subcategories, items).
    Landscape,
    /// A CLOMonitor foundation data file (projects with their repositories).
    Clomonitor,
}

#[derive(clap::Args)]
pub struct Args {
    /// The list: a README (Markdown), a landscape.yml or a CLOMonitor data file.
    pub file: PathBuf,
    /// Write the catalog here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The file's format (default: recognised from its content).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// A landscape: keep only the foundation's projects (items with a maturity), not members or other items.
    #[arg(long)]
    pub projects_only: bool,
    /// The foundation whose maturity levels a landscape or CLOMonitor file gives (the projects' governing body).
    #[arg(long, value_name = "NAME", default_value = "CNCF")]
    pub foundation: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let _reading = radar_pipeline::reading::reading(args.file.display().to_string());
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let name = args.file.display().to_string();
    let style = HumanStyle {
        color: std::io::stderr().is_terminal(),
    };
    let options = Options {
        format: args.format.map(|f| match f {
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Landscape => Format::Landscape,
            FormatArg::Clomonitor => Format::Clomonitor,
        }),
        projects_only: args.projects_only,
        foundation: args.foundation.clone(),
    };
    if options.format.is_none() && is_catalog(&text) {
        anyhow::bail!(
            "{name} is already a Radar catalog (it has `areas:`); use it with `--catalog {name}`"
        );
    }
    let imported = match formats::import(&name, &text, &options) {
        Ok(imported) => imported,
        Err(ImportError::Invalid(d)) => {
            eprint!("{}", render_human(std::slice::from_ref(&*d), style));
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if !imported.warnings.is_empty() {
        eprint!("{}", render_human(&imported.warnings, style));
    }
    let c = &imported.catalog;
    let yaml = radar_catalog::to_yaml(c);
    match &args.output {
        Some(path) => {
            std::fs::write(path, &yaml)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let shared = c
                .areas
                .iter()
                .flat_map(|a| a.projects.iter().filter_map(|l| l.reference()))
                .collect::<std::collections::HashSet<_>>()
                .len();
            let mut summary = format!(
                "wrote {} ({} areas, {} projects",
                path.display(),
                c.areas.len(),
                c.project_count()
            );
            if shared > 0 {
                summary.push_str(&format!(", {shared} of them in more than one area"));
            }
            if imported.format != Format::Markdown {
                summary.push_str(&format!(
                    ", {} repositories; {}",
                    c.projects()
                        .map(|(_, p)| p.repositories().count())
                        .sum::<usize>(),
                    levels(c, &options.foundation)
                ));
            }
            summary.push_str(&format!(
                "; {} {}: {} of {name}",
                imported.format,
                if imported.format == Format::Markdown {
                    "list"
                } else {
                    "file"
                },
                imported.found
            ));
            if imported.left_out > 0 {
                summary.push_str(&format!(
                    "; {} items that are not {} projects left out (--projects-only)",
                    imported.left_out, options.foundation
                ));
            }
            eprintln!("{summary})");
        }
        None => std::io::stdout().lock().write_all(yaml.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// How many projects the foundation has at each level:
/// `255 CNCF projects: 38 graduated, 38 incubating, 151 sandbox, 28 archived`.
fn levels(c: &radar_catalog::Catalog, foundation: &str) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut total = 0;
    for (_, p) in c.projects() {
        let Some(state) = p
            .state
            .as_ref()
            .filter(|s| s.body.as_deref() == Some(foundation))
        else {
            continue;
        };
        total += 1;
        let level = state
            .shown_level()
            .map_or("no level".into(), |l| l.into_owned());
        match counts.iter_mut().find(|(l, _)| *l == level) {
            Some((_, n)) => *n += 1,
            None => counts.push((level, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let each: Vec<String> = counts.iter().map(|(l, n)| format!("{n} {l}")).collect();
    format!("{total} {foundation} projects: {}", each.join(", "))
}

/// A Radar catalog: a top-level `areas:` key (no other format has one).
fn is_catalog(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("areas:"))
}
