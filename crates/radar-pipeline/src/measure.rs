//! Measuring one repository: sync it, read HEAD, reuse the stored evidence
//! when HEAD has not moved, else inspect; add GitHub's facts when a token is
//! set.
//!
//! # When stored evidence is reused
//!
//! Evidence is a pure function of (repository HEAD, as-of date, Radar's
//! version), so it is reused when the store holds evidence for the same
//! repository URL and HEAD that
//!
//! 1. was written by the same Radar version (the `producer` key: a newer
//!    build may measure differently without a schema bump),
//! 2. describes the same as-of: with `--as-of DATE`, exactly that instant;
//!    without it ("now"), **the same UTC day**. Windowed figures ("commits in
//!    the last 365 days", "inactive") move with the date even when HEAD does
//!    not, so a day-old measurement is redone; within one day the windows
//!    differ by hours at most, which no criterion or finding is sensitive to.
//! 3. and, when a GitHub token is set, carries GitHub's facts (they are
//!    fetched and added when missing; they are otherwise as fresh as the
//!    evidence, that is from the same day).
//!
//! # Offline
//!
//! With `--no-fetch`, or when a fetch fails and the cached copy is measured
//! instead ([`Stale`]), GitHub is not asked either: the GitHub answer stored
//! with the evidence of the same HEAD (if any) is carried over, with its own
//! `fetched_at` date, so that going offline never drops a figure such as
//! GitHub's archived flag.
//!
//! Reusing costs one HEAD read and one indexed query instead of a history
//! walk, which is what makes a daily re-check of an unchanged catalog cheap.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use radar_evidence::{Cache, Evidence, FetchOptions, InspectOptions, Source};
use radar_github::GithubClient;
use radar_store::Store;
use serde_json::Value;
use tokio::runtime::Handle;

use crate::github::{GITHUB_ERROR_KEY, GithubAnswer, ask_github};
use crate::org_defaults::OrgDefaultsCache;

/// Written into every evidence document Radar stores, so that evidence from
/// another build is not reused.
pub const PRODUCER: &str = concat!("radar ", env!("CARGO_PKG_VERSION"));

/// How repositories are fetched and when measurements are reused.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where remote repositories are cloned (bare).
    pub cache_dir: PathBuf,
    /// Compute every figure as of this instant (`None`: now, or see `as_of_last_fetch`).
    pub as_of: Option<Timestamp>,
    /// Without `as_of`: measure each repository as of the moment its copy
    /// was last fetched (`radar assess --as-of fetched`). A copy fetched in
    /// this run is measured as of now; an offline cache (`--no-fetch`, or a
    /// failed fetch) as of when it was taken, so three months of history the
    /// copy cannot have do not read as three quiet months.
    pub as_of_last_fetch: bool,
    /// Do not touch the network: use cached clones as they are.
    pub no_fetch: bool,
    /// Wall-clock limit of one clone or fetch.
    pub fetch_timeout: Duration,
    /// Reuse stored evidence when HEAD has not moved (see the module docs).
    pub reuse: bool,
    /// Told about every clone and fetch (objects and bytes received).
    pub progress: Option<radar_evidence::ProgressSink>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cache_dir: Cache::default_dir(),
            as_of: None,
            as_of_last_fetch: false,
            no_fetch: false,
            fetch_timeout: Duration::from_secs(600),
            reuse: true,
            progress: None,
        }
    }
}

impl Options {
    /// These options with [`Options::as_of_last_fetch`] set to `on`.
    pub fn with_as_of_last_fetch(mut self, on: bool) -> Self {
        self.as_of_last_fetch = on;
        self
    }
}

/// A repository measured (or not).
#[derive(Debug, Clone)]
pub struct Measurement {
    /// The repository as stored: the catalog's URL, or a local path made absolute.
    pub repo_url: String,
    /// The repository's HEAD when read (the evidence's `head` is the commit
    /// measured, which differs with a past as-of date).
    pub head: Option<String>,
    pub outcome: Result<Measured, Failure>,
    /// Wall-clock time spent.
    pub took: Duration,
}

/// Evidence in hand.
#[derive(Debug, Clone)]
pub struct Measured {
    pub evidence: Arc<Evidence>,
    /// The JSON stored for it: the evidence, `producer` and, when known,
    /// `github` (and `github_error`).
    pub json: Arc<str>,
    /// GitHub's facts (`radar_github::GithubFacts` as JSON), when a token was set.
    pub github: Option<Arc<Value>>,
    /// GitHub said the repository does not exist (the [`GITHUB_ERROR_KEY`] document).
    pub github_error: Option<Arc<Value>>,
    /// Taken from the store (HEAD had not moved) rather than measured now.
    pub reused: bool,
    /// The fetch failed and the cached copy was measured instead.
    pub stale: Option<Stale>,
}

/// A measurement of the cached copy after a failed fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Why the fetch failed, in a few words (`DNS lookup of github.com failed`).
    pub cause: String,
    /// The network failed (not the repository): the whole run is likely offline.
    pub network: bool,
    /// Another try later may fetch (a queue worker retries before settling for the cache).
    pub transient: bool,
    /// When the copy was last fetched.
    pub last_fetched: Option<Timestamp>,
}

/// Why a repository could not be measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// One line: the URL and the cause (`https://…: DNS lookup of github.com failed`).
    pub message: String,
    /// The cause alone, short and actionable.
    pub cause: String,
    /// Every layer's message (gix, HTTP client, operating system), for `-v`.
    pub detail: String,
    /// Worth another try later (network, timeout, a server error): a queue
    /// worker retries these before recording the project as unreachable.
    pub transient: bool,
    /// The network failed (DNS, refused, unreachable, timeout), not the repository.
    pub network: bool,
}

/// Measures repositories: the part of the pipeline that touches git, the
/// store's evidence table and GitHub. Blocking; call it from worker threads.
pub struct Measurer {
    cache: Cache,
    fetch: FetchOptions,
    options: Options,
    store: Option<Store>,
    github: Option<GithubClient>,
    rt: Handle,
    /// The owners' `.github` repositories, each synced once per run.
    org_defaults: OrgDefaultsCache,
}

/// Stored evidence for a repository's HEAD, parsed.
struct StoredDoc {
    json: String,
    /// The evidence, when written by this Radar build with this schema.
    evidence: Option<Evidence>,
    github: Option<Arc<Value>>,
    github_error: Option<Arc<Value>>,
}

impl Measurer {
    /// `rt` runs the store and GitHub calls; the measuring itself happens on
    /// the calling thread, which must not be an async runtime thread.
    pub fn new(
        options: Options,
        store: Option<Store>,
        github: Option<GithubClient>,
        rt: Handle,
    ) -> Measurer {
        let fetch = FetchOptions {
            timeout: options.fetch_timeout.max(Duration::from_secs(1)),
            no_fetch: options.no_fetch,
            progress: options.progress.clone(),
            ..Default::default()
        };
        Measurer {
            cache: Cache::new(options.cache_dir.clone()),
            fetch,
            options,
            store,
            github,
            rt,
            org_defaults: OrgDefaultsCache::new(crate::org_defaults::enterprise_hosts_from_env()),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    pub fn runtime(&self) -> &Handle {
        &self.rt
    }

    /// Whether a GitHub token is configured (GitHub is then asked, except offline).
    pub fn has_github(&self) -> bool {
        self.github.is_some()
    }

    /// What the store and the grouping of projects call this repository:
    /// URLs as written (minus a trailing slash), local paths made absolute
    /// against `base_dir` (the catalog's folder).
    pub fn key(&self, repo: &str, base_dir: &Path) -> String {
        repo_key(repo, base_dir)
    }

    /// Measures `repo` (a URL or a path; relative paths against `base_dir`)
    /// as of `as_of` (`None`: [`Options::as_of`], else now).
    ///
    /// When fetching a URL fails but the cache holds a copy from an earlier
    /// run, the copy is measured (with [`Measured::stale`] saying why and
    /// since when): a known repository never turns into "unreachable" just
    /// because the network is down. Only without a copy is it a [`Failure`].
    pub fn measure(&self, repo: &str, base_dir: &Path, as_of: Option<Timestamp>) -> Measurement {
        self.measure_with(repo, base_dir, as_of, self.options.as_of_last_fetch)
    }

    /// [`Measurer::measure`], saying whether a repository without an as-of
    /// date is measured as of its last fetch ([`Options::as_of_last_fetch`]).
    pub fn measure_with(
        &self,
        repo: &str,
        base_dir: &Path,
        as_of: Option<Timestamp>,
        as_of_last_fetch: bool,
    ) -> Measurement {
        let started = Instant::now();
        // A folder of a monorepo (`URL#path=FOLDER`): the repository is
        // synced once, the folder measured and stored under its own key.
        let (repo, folder) = split_target(repo);
        let repo_url = repo_key(repo, base_dir);
        let _reading = crate::reading::reading(repo_url.clone());
        let key = target_key(&repo_url, folder);
        let as_of = as_of.or(self.options.as_of);
        let as_of_copy = |synced: &radar_evidence::Synced| {
            as_of.or_else(|| {
                as_of_last_fetch
                    .then(|| radar_evidence::last_fetched(&synced.git_dir))
                    .flatten()
            })
        };
        let (head, outcome) = match self.cache.sync(&repo_url, &self.fetch) {
            Ok(synced) => (
                synced.head.clone(),
                self.evidence(&key, folder, &synced, as_of_copy(&synced), None),
            ),
            Err(e) => {
                let failed = failure(&repo_url, &e);
                tracing::info!("{repo_url}: {}", failed.detail);
                match self.cached_copy(&repo_url, &e) {
                    Some(synced) => {
                        let stale = Stale {
                            cause: failed.cause.clone(),
                            network: failed.network,
                            transient: failed.transient,
                            last_fetched: radar_evidence::last_fetched(&synced.git_dir),
                        };
                        (
                            synced.head.clone(),
                            self.evidence(&key, folder, &synced, as_of_copy(&synced), Some(stale)),
                        )
                    }
                    None => (None, Err(failed)),
                }
            }
        };
        Measurement {
            repo_url: key,
            head,
            outcome,
            took: started.elapsed(),
        }
    }

    /// The cached copy of a URL whose fetch failed, if there is one.
    fn cached_copy(
        &self,
        repo_url: &str,
        e: &radar_evidence::Error,
    ) -> Option<radar_evidence::Synced> {
        if self.options.no_fetch || e.fetch_cause().is_none() {
            return None;
        }
        let offline = FetchOptions {
            no_fetch: true,
            ..self.fetch.clone()
        };
        self.cache.sync(repo_url, &offline).ok()
    }

    /// `key` is the store's name for what is measured (the repository, or
    /// `URL#path=FOLDER` for a folder of it).
    fn evidence(
        &self,
        key: &str,
        folder: Option<&str>,
        synced: &radar_evidence::Synced,
        as_of: Option<Timestamp>,
        stale: Option<Stale>,
    ) -> Result<Measured, Failure> {
        // Offline, GitHub is not asked either: the stored answer is carried over.
        let offline = self.options.no_fetch || stale.is_some();
        let want_stored = self.options.reuse || (offline && self.github.is_some());
        let repo_url = split_target(key).0;
        let stored = match (want_stored, synced.head.as_deref()) {
            (true, Some(head)) => self.stored(key, head),
            _ => None,
        };
        if self.options.reuse
            && let Some(doc) = &stored
            && let Some(evidence) = &doc.evidence
            && same_as_of(evidence.as_of, as_of, Timestamp::now())
        {
            let mut evidence = evidence.clone();
            let inherited =
                self.org_defaults
                    .apply(&self.cache, &self.fetch, repo_url, &mut evidence);
            if self.github.is_some()
                && !offline
                && doc.github.is_none()
                && doc.github_error.is_none()
            {
                // A token was set since: add GitHub's facts, keep the git evidence.
                let (github, github_error) = self.ask_github(repo_url, evidence.as_of);
                return Ok(package(evidence, github, github_error, true, stale));
            }
            if inherited {
                // The organisation's defaults changed since: same HEAD, new document.
                return Ok(package(
                    evidence,
                    doc.github.clone(),
                    doc.github_error.clone(),
                    true,
                    stale,
                ));
            }
            return Ok(Measured {
                evidence: Arc::new(evidence.clone()),
                json: Arc::from(doc.json.as_str()),
                github: doc.github.clone(),
                github_error: doc.github_error.clone(),
                reused: true,
                stale,
            });
        }
        let opts = InspectOptions {
            as_of,
            source: Some(repo_url.to_owned()),
            path: folder.map(str::to_owned),
            ..Default::default()
        };
        let mut evidence = synced.inspect(&opts).map_err(|e| failure(repo_url, &e))?;
        self.org_defaults
            .apply(&self.cache, &self.fetch, repo_url, &mut evidence);
        let (github, github_error) = match (&self.github, offline) {
            (None, _) => (None, None),
            (Some(_), true) => stored
                .map(|d| (d.github, d.github_error))
                .unwrap_or_default(),
            (Some(_), false) => self.ask_github(repo_url, evidence.as_of),
        };
        Ok(package(evidence, github, github_error, false, stale))
    }

    /// The stored evidence for this HEAD, if any.
    fn stored(&self, repo_url: &str, head: &str) -> Option<StoredDoc> {
        let store = self.store.as_ref()?;
        let stored = match self.rt.block_on(store.evidence_for(repo_url, head)) {
            Ok(s) => s?,
            Err(e) => {
                tracing::warn!("{repo_url}: cannot look up stored evidence, measuring again: {e}");
                return None;
            }
        };
        let mut doc: Value = serde_json::from_str(&stored.json).ok()?;
        let map = doc.as_object_mut()?;
        let github = map.remove("github").map(Arc::new);
        let github_error = map.remove(GITHUB_ERROR_KEY).map(Arc::new);
        let same_build = map
            .remove("producer")
            .and_then(|p| p.as_str().map(|p| p == PRODUCER))
            == Some(true);
        // A project's union (`members`) is stored under its group key
        // (`A + B`); should one ever sit under a repository's key, it is
        // still not that repository's own evidence.
        let evidence = same_build
            .then(|| serde_json::from_value::<Evidence>(doc).ok())
            .flatten()
            .filter(|e| e.schema_version == radar_evidence::SCHEMA_VERSION && e.members.is_empty());
        Some(StoredDoc {
            json: stored.json,
            evidence,
            github,
            github_error,
        })
    }

    /// GitHub's facts, or its "does not exist", for a repository on GitHub.
    fn ask_github(
        &self,
        repo_url: &str,
        as_of: Timestamp,
    ) -> (Option<Arc<Value>>, Option<Arc<Value>>) {
        let Some(client) = self.github.as_ref() else {
            return (None, None);
        };
        let answer = ask_github(client, &self.rt, repo_url, as_of);
        let error = answer.error_doc().map(Arc::new);
        match answer {
            GithubAnswer::Facts(v) => (Some(v), None),
            _ => (None, error),
        }
    }
}

/// True when evidence computed as of `stored` stands for a measurement as of
/// `requested` (`None`: now) — see the module docs.
pub fn same_as_of(stored: Timestamp, requested: Option<Timestamp>, now: Timestamp) -> bool {
    match requested {
        Some(at) => stored == at,
        None => utc_day(stored) == utc_day(now) && stored <= now,
    }
}

fn utc_day(t: Timestamp) -> jiff::civil::Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
}

fn repo_key(repo: &str, base_dir: &Path) -> String {
    let repo = repo.trim();
    match Source::parse(repo) {
        Source::Url(url) => url.trim_end_matches('/').to_owned(),
        Source::Local(path) => {
            let path = if path.is_relative() {
                base_dir.join(path)
            } else {
                path
            };
            std::path::absolute(&path)
                .unwrap_or(path)
                .display()
                .to_string()
        }
    }
}

/// What separates a repository from a folder of it in a target key.
const FOLDER_MARK: &str = "#path=";

/// The key of a repository (`repo_key`) or of a folder of it
/// (`URL#path=FOLDER`): the store, the queue and the grouping of projects
/// tell a monorepo's folder from the whole repository by it.
pub fn target_key(repo_key: &str, folder: Option<&str>) -> String {
    match folder
        .map(|f| f.trim_matches('/'))
        .filter(|f| !f.is_empty())
    {
        Some(f) => format!("{repo_key}{FOLDER_MARK}{f}"),
        None => repo_key.to_owned(),
    }
}

/// A target key back into repository and folder.
pub fn split_target(key: &str) -> (&str, Option<&str>) {
    match key.rsplit_once(FOLDER_MARK) {
        Some((repo, folder)) if !folder.is_empty() => (repo, Some(folder)),
        _ => (key, None),
    }
}

/// The stored JSON: the evidence, who produced it and GitHub's answer.
pub(crate) fn package(
    mut evidence: Evidence,
    github: Option<Arc<Value>>,
    github_error: Option<Arc<Value>>,
    reused: bool,
    stale: Option<Stale>,
) -> Measured {
    // GitHub's answers for the security checks it can give (Code-Review, release assets).
    if let (Some(g), Some(sec)) = (&github, evidence.security.as_mut()) {
        radar_evidence::security::apply_github(sec, g);
    }
    let mut doc = serde_json::to_value(&evidence).expect("evidence serialises");
    if let Some(map) = doc.as_object_mut() {
        map.insert("producer".into(), Value::from(PRODUCER));
        if let Some(g) = &github {
            map.insert("github".into(), (**g).clone());
        }
        if let Some(e) = &github_error {
            map.insert(GITHUB_ERROR_KEY.into(), (**e).clone());
        }
    }
    Measured {
        evidence: Arc::new(evidence),
        json: Arc::from(doc.to_string()),
        github,
        github_error,
        reused,
        stale,
    }
}

/// A failure in a few words, with the whole chain kept for `-v`.
fn failure(repo_url: &str, e: &radar_evidence::Error) -> Failure {
    use radar_evidence::Error as E;
    let one_line = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    match e.fetch_cause() {
        Some(cause) => Failure {
            message: one_line(format!("{repo_url}: {cause}")),
            cause: one_line(cause.to_string()),
            detail: e.detail(),
            // A network or a server can come back; a missing repository or
            // a missing local mirror will not.
            transient: !cause.is_lasting(),
            network: cause.is_network(),
        },
        None if matches!(e, E::NotCached { .. }) => Failure {
            message: one_line(e.to_string()),
            cause: "not in the cache yet (run without --no-fetch once to clone it)".into(),
            detail: e.detail(),
            transient: false,
            network: false,
        },
        None => {
            // Not a fetch: the error names the path or URL itself.
            let message = one_line(e.to_string());
            Failure {
                cause: message.clone(),
                message,
                detail: e.detail(),
                transient: matches!(e, E::Io { .. } | E::Git { .. }),
                network: false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn evidence_from_today_stands_for_now_but_not_yesterdays() {
        let now = ts("2025-03-10T15:00:00Z");
        assert!(same_as_of(ts("2025-03-10T00:00:01Z"), None, now));
        assert!(!same_as_of(ts("2025-03-09T23:59:59Z"), None, now));
        // Evidence from the future (a clock moved back) is not trusted.
        assert!(!same_as_of(ts("2025-03-10T16:00:00Z"), None, now));
    }

    #[test]
    fn an_explicit_date_must_match_exactly() {
        let now = ts("2025-03-10T15:00:00Z");
        let q = ts("2024-12-31T23:59:59Z");
        assert!(same_as_of(q, Some(q), now));
        assert!(!same_as_of(ts("2024-12-31T12:00:00Z"), Some(q), now));
        assert!(!same_as_of(ts("2025-03-10T14:00:00Z"), Some(q), now));
    }

    #[test]
    fn repository_keys() {
        let base = Path::new("/srv/catalog");
        assert_eq!(
            repo_key("https://github.com/a/b/", base),
            "https://github.com/a/b"
        );
        assert_eq!(
            repo_key("https://github.com/a/b", base),
            "https://github.com/a/b"
        );
        assert_eq!(repo_key("../repos/x", base), "/srv/catalog/../repos/x");
        assert_eq!(repo_key("/abs/x", base), "/abs/x");
    }
}
