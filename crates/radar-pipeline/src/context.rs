//! What a run needs: the catalog and its location, its maturity models, the
//! measurer (cache, store, GitHub) and the as-of date.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;
use radar_assess::Models;
use radar_catalog::{Catalog, LoadedCatalog, Project};
use radar_github::{GithubClient, GithubConfig};
use radar_store::Store;
use tokio::runtime::Handle;

use crate::assessed::{Assessed, judge};
use crate::error::Result;
use crate::measure::{Measurer, Options};

/// Everything [`crate::assess_project`] and [`crate::run_catalog`] read.
pub struct Context {
    pub catalog: Catalog,
    /// How runs name the catalog (its file, or `built-in`).
    pub catalog_name: String,
    /// The catalog's folder: relative repository paths and model files are
    /// read from there.
    pub base_dir: PathBuf,
    pub models: Arc<Models>,
    measurer: Measurer,
}

impl Context {
    /// A context for a loaded catalog: its models (`Models::for_catalog`),
    /// GitHub's API when `GITHUB_TOKEN`/`GITHUB_TOKENS` is set, and the store
    /// (`None`: nothing is reused or saved). `rt` runs the store and GitHub
    /// calls.
    pub fn new(
        loaded: &LoadedCatalog,
        store: Option<Store>,
        options: Options,
        rt: Handle,
    ) -> Result<Context> {
        let base_dir = loaded.relative_path(".");
        let models = {
            let _reading =
                loaded.catalog.models.as_ref().map(|m| {
                    crate::reading::reading(loaded.relative_path(m).display().to_string())
                });
            Models::for_catalog(&loaded.catalog, &base_dir)?
        };
        let github = github_from_env(&options)?;
        Ok(Context {
            catalog: loaded.catalog.clone(),
            catalog_name: loaded.origin.file_name(),
            base_dir,
            models: Arc::new(models),
            measurer: Measurer::new(options, store, github, rt),
        })
    }

    /// A context from its parts (tests, or a caller that loads models itself).
    pub fn from_parts(
        catalog: Catalog,
        catalog_name: impl Into<String>,
        base_dir: PathBuf,
        models: Arc<Models>,
        measurer: Measurer,
    ) -> Context {
        Context {
            catalog,
            catalog_name: catalog_name.into(),
            base_dir,
            models,
            measurer,
        }
    }

    pub fn measurer(&self) -> &Measurer {
        &self.measurer
    }

    pub fn store(&self) -> Option<&Store> {
        self.measurer.store()
    }

    pub fn options(&self) -> &Options {
        self.measurer.options()
    }

    /// The as-of date of a run started now: the explicit one, else now.
    pub fn run_as_of(&self) -> Timestamp {
        self.options().as_of.unwrap_or_else(now)
    }

    /// The repository key of a project (`None`: it names none).
    /// For a project of several repositories, every repository's key joined
    /// (`A + B`), for a monorepo folder `URL#path=FOLDER`: projects with the
    /// same key share one measurement.
    pub fn repo_of(&self, project: &Project) -> Option<String> {
        crate::union::group_key(&self.measurer, project, &self.base_dir)
    }
}

/// Measures and assesses one project (blocking: run it on a worker thread).
/// A repository that cannot be read gives an assessment with the
/// `unreachable` finding, never an error.
pub fn assess_project(ctx: &Context, project: &Project) -> Assessed {
    let measurement = crate::union::measure_project(
        &ctx.measurer,
        project,
        &ctx.base_dir,
        None,
        ctx.options().as_of_last_fetch,
        None,
    );
    judge(
        project,
        &ctx.catalog,
        &ctx.models,
        measurement.as_ref(),
        now(),
    )
}

/// The GitHub client, when a token is configured. Without a token Radar does
/// not call GitHub at all: the anonymous budget (60 requests an hour) would
/// not cover a catalog, and half-measured figures would vary run to run.
pub fn github_from_env(options: &Options) -> Result<Option<GithubClient>> {
    let mut config = GithubConfig::from_env()?;
    if !config.has_tokens() {
        return Ok(None);
    }
    // ETags next to the repository cache, so a re-run costs almost nothing.
    let dir = options
        .cache_dir
        .parent()
        .map_or_else(|| options.cache_dir.join("github"), |p| p.join("github"));
    config.cache_dir = Some(dir);
    Ok(Some(GithubClient::new(config)?))
}

/// Whole seconds, as the evidence dates its figures.
pub(crate) fn now() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).unwrap_or(Timestamp::UNIX_EPOCH)
}
