//! `radar schema`: the JSON Schema of the catalog format, for editors.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

pub fn run() -> Result<ExitCode> {
    let text = serde_json::to_string_pretty(radar_catalog::schema())?;
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(ExitCode::SUCCESS)
}
