//! Measuring a repository's organisation defaults (the owner's `.github`
//! repository, see `radar_evidence::org_defaults`): synced through the same
//! cache and fetch options as any repository, at most once per owner in a
//! run, and offline from the cache like any other. A missing `.github`
//! repository is normal: the repository simply inherits nothing.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use jiff::Timestamp;
use radar_evidence::org_defaults::{self, OrgDefaults};
use radar_evidence::{Cache, Evidence, FetchOptions};

/// The `.github` repositories of one run, each synced once.
#[derive(Default)]
pub struct OrgDefaultsCache {
    enterprise_hosts: Vec<String>,
    synced: Mutex<HashMap<String, Arc<OnceLock<Option<PathBuf>>>>>,
}

impl OrgDefaultsCache {
    /// `enterprise_hosts`: GitHub Enterprise hosts whose repositories have
    /// organisation defaults too (github.com always has them).
    pub fn new(enterprise_hosts: Vec<String>) -> Self {
        OrgDefaultsCache {
            enterprise_hosts,
            synced: Mutex::default(),
        }
    }

    /// The defaults that apply to `repo_url` as of `as_of`, if its owner
    /// has a `.github` repository that can be read (fetched now, or cached
    /// when fetching is off or fails).
    pub fn get(
        &self,
        cache: &Cache,
        fetch: &FetchOptions,
        repo_url: &str,
        as_of: Option<Timestamp>,
    ) -> Option<OrgDefaults> {
        let (url, name) = org_defaults::defaults_repository(repo_url, &self.enterprise_hosts)?;
        let cell = {
            let mut map = self.synced.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(url.clone()).or_default().clone()
        };
        let git_dir = cell.get_or_init(|| sync(cache, fetch, &url)).as_ref()?;
        match org_defaults::read(git_dir, &name, as_of) {
            Ok(d) => Some(d),
            Err(e) => {
                tracing::info!("{url}: cannot read the organisation defaults: {e}");
                None
            }
        }
    }

    /// Gives `evidence` the organisation's defaults as they are now: checks
    /// inherited by an earlier measurement are dropped first, so stored
    /// evidence follows changes to the `.github` repository. True when a
    /// check changed.
    pub fn apply(
        &self,
        cache: &Cache,
        fetch: &FetchOptions,
        repo_url: &str,
        evidence: &mut Evidence,
    ) -> bool {
        let before = evidence.checks.clone();
        org_defaults::disinherit(evidence);
        if let Some(defaults) = self.get(cache, fetch, repo_url, Some(evidence.as_of)) {
            org_defaults::inherit(evidence, &defaults);
        }
        evidence.checks != before
    }
}

/// Syncs the `.github` repository; when fetching fails, a cached copy still
/// serves (as for any repository measured offline).
fn sync(cache: &Cache, fetch: &FetchOptions, url: &str) -> Option<PathBuf> {
    match cache.sync(url, fetch) {
        Ok(s) => Some(s.git_dir),
        Err(e) => {
            tracing::debug!("{url}: no organisation defaults: {}", e.detail());
            if fetch.no_fetch || e.fetch_cause().is_none() {
                return None;
            }
            let offline = FetchOptions {
                no_fetch: true,
                ..fetch.clone()
            };
            cache.sync(url, &offline).ok().map(|s| s.git_dir)
        }
    }
}

/// GitHub Enterprise hosts named by `RADAR_GITHUB_API` (its host, when it
/// is not github.com's API).
pub fn enterprise_hosts_from_env() -> Vec<String> {
    std::env::var(radar_github::ENV_API)
        .ok()
        .and_then(|api| {
            let rest = api.trim().split_once("://")?.1;
            let host = rest.split(['/', ':', '?']).next()?.to_ascii_lowercase();
            Some(host).filter(|h| !h.is_empty() && h != "api.github.com" && h != "github.com")
        })
        .into_iter()
        .collect()
}
