//! `radar`: the command line. It parses arguments and wires the library
//! crates together; every piece of real logic lives in a library crate.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod panic;

#[derive(Parser)]
#[command(
    name = "radar",
    version,
    about = "Measure, judge and show a catalog of upstream open-source projects"
)]
struct Cli {
    /// More log output (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    // Commands are added here by each crate's issue; each lives in cmd/<name>.rs.
    /// Convert a list into a YAML catalog: a README's project tables, a landscape.yml or a CLOMonitor data file.
    Import(cmd::import::Args),
    /// Print the catalog as Markdown (the README's layout), JSON or CSV; or check/update a README's table.
    Render(cmd::render::Args),
    /// Report every problem of a catalog (file:line:col, code, snippet); exit 1 on errors.
    Check(cmd::check::Args),
    /// Print the JSON Schema of the catalog format.
    Schema,
    /// Measure one repository (path or URL): history, organisations, releases, file checks, lifecycle.
    Inspect(cmd::inspect::Args),
    /// Governance records: tally votes and decided levels, list projects due for review, write a review packet.
    Review(cmd::review::Args),
    /// Serve the web dashboard, JSON API and badges (catalog at once; results as they arrive).
    Serve(cmd::serve::Args),
    /// Write the dashboard as a static site (relative links; ready for GitHub Pages).
    Site(cmd::site::Args),
    /// Measure and assess every project of the catalog into the store (or queue them with --enqueue).
    Assess(cmd::assess::Args),
    /// The catalog with its latest assessment: table, Markdown section, JSON or CSV.
    Report(cmd::report::Args),
    /// Adopt, trial, assess or hold for each project, for a goal, with the reasons.
    Advise(cmd::advise::Args),
    /// A project's stored figures over time.
    History(cmd::history::Args),
    /// Process queued assessment jobs (from `radar assess --enqueue`) until stopped.
    Worker(cmd::worker::Args),
    /// Apply the retention policy to stored history.
    Prune(cmd::prune::Args),
    /// The cached repositories with their size and last fetch; `radar cache prune` removes those no catalog names.
    Cache(cmd::cache::Args),
}

fn main() -> ExitCode {
    panic::install();
    let cli = Cli::parse();
    init_logging(cli.verbose);
    // One TLS provider for the whole process, before gix or GitHub's client
    // builds an https client.
    radar_tls::ensure_crypto_provider();
    let result = match cli.command {
        // Radar's main job on its defaults: assess the catalog into ./radar.db and show the report.
        None => cmd::assess::default_run(),
        Some(Command::Import(args)) => cmd::import::run(args),
        Some(Command::Render(args)) => cmd::render::run(args),
        Some(Command::Check(args)) => cmd::check::run(args),
        Some(Command::Schema) => cmd::schema::run(),
        Some(Command::Inspect(args)) => cmd::inspect::run(args),
        Some(Command::Review(args)) => cmd::review::run(args),
        Some(Command::Serve(args)) => cmd::serve::run(args),
        Some(Command::Site(args)) => cmd::site::run(args),
        Some(Command::Assess(args)) => cmd::assess::run(args),
        Some(Command::Report(args)) => cmd::report::run(args),
        Some(Command::Advise(args)) => cmd::advise::run(args),
        Some(Command::History(args)) => cmd::history::run(args),
        Some(Command::Worker(args)) => cmd::worker::run(args),
        Some(Command::Prune(args)) => cmd::prune::run(args),
        Some(Command::Cache(args)) => cmd::cache::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => report_error(&err),
    }
}

fn init_logging(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Prints an error chain; a closed pipe (`radar render | head`) is not an error.
fn report_error(err: &anyhow::Error) -> ExitCode {
    for cause in err.chain() {
        if cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        {
            return ExitCode::SUCCESS;
        }
    }
    eprintln!("error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    ExitCode::from(2)
}
