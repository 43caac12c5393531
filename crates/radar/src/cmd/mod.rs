//! One module per subcommand.

pub mod advise;
pub mod assess;
pub mod cache;
pub mod check;
pub mod db;
pub mod history;
pub mod import;
pub mod inspect;
pub mod prune;
pub mod render;
pub mod report;
pub mod review;
pub mod schema;
pub mod serve;
pub mod site;
pub mod transfers;
pub mod worker;

use radar_pipeline::reading::reading;

/// The maturity models the catalog names (or the built-in ones), marked as
/// the input being read while they load.
pub fn load_models(loaded: &radar_catalog::LoadedCatalog) -> anyhow::Result<radar_assess::Models> {
    let _reading = loaded
        .catalog
        .models
        .as_ref()
        .map(|m| reading(loaded.relative_path(m).display().to_string()));
    radar_assess::Models::for_catalog(&loaded.catalog, &loaded.relative_path("."))
        .map_err(anyhow::Error::from)
}

/// Loads the catalog every `--catalog` command uses: the explicit file, else
/// `./radar.yaml`, else the built-in one (`-v` says which). Warnings are logged
/// at info level; errors fail with the first one and a pointer to `radar check`.
pub fn load_catalog(
    explicit: Option<&std::path::Path>,
) -> anyhow::Result<radar_catalog::LoadedCatalog> {
    let origin = radar_catalog::resolve(explicit);
    tracing::info!("catalog: {origin}");
    let _reading = reading(origin.file_name());
    let loaded = radar_catalog::load_from(origin)?;
    for w in &loaded.warnings {
        tracing::info!(
            "{}:{}:{}: warning[{}]: {}",
            w.file,
            w.line,
            w.col,
            w.code,
            w.message
        );
    }
    Ok(loaded)
}
