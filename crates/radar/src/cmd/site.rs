//! `radar site --out DIR`: the dashboard as a static site (relative links,
//! badges and API documents as files, a 404.html), ready for GitHub Pages or
//! any file server. It shows what the store holds, or with `--assess` what
//! an assessment made now finds.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::serve::{Sources, assess_all, prepare};

#[derive(clap::Args)]
pub struct Args {
    /// Directory to write the site into (created if missing; files of the same name are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub sources: Sources,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let prepared = rt.block_on(prepare(&args.sources))?;
    if args.sources.assess {
        let total = prepared.loaded.catalog.projects().count();
        eprintln!(
            "assessing {total} projects ({} at a time)…",
            args.sources.jobs.max(1)
        );
        assess_all(&prepared, &args.sources, rt.handle().clone())?;
        let p = prepared.live.progress();
        eprintln!(
            "assessed {} projects, {} could not be measured",
            p.done, p.failed
        );
    }
    let generation = prepared.live.current();
    let report = radar_web::export(&generation.dashboard, &generation.options, &args.out)
        .with_context(|| format!("writing the site into {}", args.out.display()))?;
    eprintln!(
        "wrote {} files ({} KiB) into {}; open {}",
        report.files,
        report.bytes / 1024,
        args.out.display(),
        args.out.join("index.html").display()
    );
    Ok(ExitCode::SUCCESS)
}
