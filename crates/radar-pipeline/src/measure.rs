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

/// Written into every evidence document Radar stores, so that evidence from
/// another build is not reused.
pub const PRODUCER: &str = concat!("radar ", env!("CARGO_PKG_VERSION"));

/// How repositories are fetched and when measurements are reused.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where remote repositories are cloned (bare).
    pub cache_dir: PathBuf,
    /// Compute every figure as of this instant (`None`: now).
    pub as_of: Option<Timestamp>,
    /// Do not touch the network: use cached clones as they are.
    pub no_fetch: bool,
    /// Wall-clock limit of one clone or fetch.
    pub fetch_timeout: Duration,
    /// Reuse stored evidence when HEAD has not moved (see the module docs).
    pub reuse: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cache_dir: Cache::default_dir(),
            as_of: None,
            no_fetch: false,
            fetch_timeout: Duration::from_secs(600),
            reuse: true,
        }
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
    /// The JSON stored for it: the evidence, `producer` and, when measured, `github`.
    pub json: Arc<str>,
    /// GitHub's facts (`radar_github::GithubFacts` as JSON), when a token was set.
    pub github: Option<Arc<Value>>,
    /// Taken from the store (HEAD had not moved) rather than measured now.
    pub reused: bool,
}

/// Why a repository could not be measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// One line, naming the URL (and its rewrite) and what to do.
    pub message: String,
    /// Worth another try later (network, timeout, a lock): a queue worker
    /// retries these before recording the project as unreachable.
    pub transient: bool,
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
            ..Default::default()
        };
        Measurer {
            cache: Cache::new(options.cache_dir.clone()),
            fetch,
            options,
            store,
            github,
            rt,
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

    /// Whether GitHub's API is asked.
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
    pub fn measure(&self, repo: &str, base_dir: &Path, as_of: Option<Timestamp>) -> Measurement {
        let started = Instant::now();
        let repo_url = repo_key(repo, base_dir);
        let as_of = as_of.or(self.options.as_of);
        let (head, outcome) = match self.cache.sync(&repo_url, &self.fetch) {
            Err(e) => (None, Err(failure(&e))),
            Ok(synced) => {
                let outcome = self.evidence(&repo_url, &synced, as_of);
                (synced.head, outcome)
            }
        };
        Measurement {
            repo_url,
            head,
            outcome,
            took: started.elapsed(),
        }
    }

    fn evidence(
        &self,
        repo_url: &str,
        synced: &radar_evidence::Synced,
        as_of: Option<Timestamp>,
    ) -> Result<Measured, Failure> {
        if let (true, Some(head)) = (self.options.reuse, synced.head.as_deref())
            && let Some(measured) = self.reuse(repo_url, head, as_of)
        {
            return Ok(measured);
        }
        let opts = InspectOptions {
            as_of,
            source: Some(repo_url.to_owned()),
            ..Default::default()
        };
        let evidence = radar_evidence::inspect(&synced.git_dir, &opts).map_err(|e| failure(&e))?;
        let github = self.github_facts(repo_url, evidence.as_of);
        Ok(package(evidence, github, false))
    }

    /// Stored evidence for this HEAD, when it can stand for a new measurement.
    fn reuse(&self, repo_url: &str, head: &str, as_of: Option<Timestamp>) -> Option<Measured> {
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
        if map.get("producer").and_then(Value::as_str) != Some(PRODUCER) {
            return None;
        }
        let github = map.remove("github").map(Arc::new);
        map.remove("producer");
        let evidence: Evidence = serde_json::from_value(doc).ok()?;
        if evidence.schema_version != radar_evidence::SCHEMA_VERSION
            || !same_as_of(evidence.as_of, as_of, Timestamp::now())
        {
            return None;
        }
        if self.github.is_some() && github.is_none() {
            // A token was set since: add GitHub's facts, keep the git evidence.
            let github = self.github_facts(repo_url, evidence.as_of);
            return Some(package(evidence, github, true));
        }
        Some(Measured {
            evidence: Arc::new(evidence),
            json: Arc::from(stored.json),
            github,
            reused: true,
        })
    }

    fn github_facts(&self, repo_url: &str, as_of: Timestamp) -> Option<Arc<Value>> {
        let client = self.github.as_ref()?;
        let repo = client.recognise(repo_url)?;
        match self
            .rt
            .block_on(client.facts(&repo.owner, &repo.name, as_of))
        {
            Ok(facts) => serde_json::to_value(&facts).ok().map(Arc::new),
            Err(e) => {
                tracing::warn!("{repo_url}: no GitHub figures: {e}");
                None
            }
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

/// The stored JSON: the evidence, who produced it and GitHub's facts.
fn package(evidence: Evidence, github: Option<Arc<Value>>, reused: bool) -> Measured {
    let mut doc = serde_json::to_value(&evidence).expect("evidence serialises");
    if let Some(map) = doc.as_object_mut() {
        map.insert("producer".into(), Value::from(PRODUCER));
        if let Some(g) = &github {
            map.insert("github".into(), (**g).clone());
        }
    }
    Measured {
        evidence: Arc::new(evidence),
        json: Arc::from(doc.to_string()),
        github,
        reused,
    }
}

fn failure(e: &radar_evidence::Error) -> Failure {
    use radar_evidence::Error as E;
    let transient = match e {
        // A network can come back; a missing local folder (file://, after
        // any insteadOf rewrite) will not.
        E::Unreachable {
            url, rewritten_to, ..
        } => !rewritten_to
            .as_deref()
            .unwrap_or(url)
            .starts_with("file://"),
        E::Timeout { .. } | E::Io { .. } | E::Git { .. } => true,
        _ => false,
    };
    // The error's own text names the URL; its source says why (DNS, refused, missing folder).
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    Failure {
        message: message.split_whitespace().collect::<Vec<_>>().join(" "),
        transient,
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
