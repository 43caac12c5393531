//! Radar's optional GitHub source: evidence from the GitHub API when a token is given.
//!
//! ```no_run
//! # async fn demo() -> Result<(), radar_github::Error> {
//! use radar_github::{GithubClient, GithubConfig};
//! let client = GithubClient::new(GithubConfig::from_env()?)?;
//! if let Some(repo) = client.recognise("https://github.com/containerd/containerd") {
//!     let facts = client.facts(&repo.owner, &repo.name, jiff::Timestamp::now()).await?;
//!     println!("{}", serde_json::to_string_pretty(&facts).unwrap());
//! }
//! # Ok(()) }
//! ```
//!
//! The crate knows nothing of the rest of Radar: it returns [`GithubFacts`],
//! which the CLI attaches to evidence under the `github` key. docs/github.md
//! documents every figure, the rate-limit behaviour and the configuration.

#![forbid(unsafe_code)]

mod bots;
mod cache;
mod clock;
mod config;
mod context;
mod error;
mod facts;
mod figures;
mod graphql;
mod repo_url;
pub mod tls;
mod tokens;
mod transport;

use std::sync::Arc;
use std::sync::atomic::Ordering;

pub use bots::is_bot;
pub use clock::{Clock, SystemClock};
pub use config::{
    DEFAULT_API, ENV_API, ENV_MAX_WAIT, ENV_TOKEN, ENV_TOKENS, GithubConfig, Limits, Timeouts,
};
pub use error::{Error, Result};
pub use facts::{
    CheckInfo, CheckKind, Community, CommunityFiles, FIGURES, FigureInfo, FirstResponse,
    GithubFacts, LatestMergedPullRequest, MergedPullRequests, ReleaseSummary, Releases,
    RequestStats, ResponseTimes, SCHEMA_VERSION,
};
pub use repo_url::{RepoRef, parse_repo_url};

use context::Ctx;
use facts::REPOSITORY_KEYS;
use transport::{Stats, Transport};

/// A GitHub API client. Cheap to share (`&self` everywhere); one per process is
/// enough, and sharing it lets every repository draw on the same token budgets.
pub struct GithubClient {
    transport: Transport,
}

impl GithubClient {
    pub fn new(config: GithubConfig) -> Result<Self> {
        Self::with_clock(config, Arc::new(SystemClock))
    }

    /// A client whose waits go through `clock` (tests use a clock that does not really sleep).
    pub fn with_clock(config: GithubConfig, clock: Arc<dyn Clock>) -> Result<Self> {
        Ok(GithubClient {
            transport: Transport::new(&config, clock)?,
        })
    }

    /// True when requests carry a token.
    pub fn is_authenticated(&self) -> bool {
        self.transport.authenticated
    }

    /// The host whose repository URLs this client serves (`github.com` or the GHE host).
    pub fn web_host(&self) -> &str {
        &self.transport.endpoints.web_host
    }

    /// `owner/name` when `url` is a repository on this client's host.
    pub fn recognise(&self, url: &str) -> Option<RepoRef> {
        parse_repo_url(url, self.web_host())
    }

    /// Everything the API says about `owner/repo`, with activity windows ending at `now`.
    ///
    /// Errors only when the repository does not exist (or the token cannot see
    /// it), when every token is rejected, or when `owner/repo` is not a valid name.
    /// Any other failure leaves the figures it concerns null, with the reason in
    /// [`GithubFacts::unknown`].
    pub async fn facts(
        &self,
        owner: &str,
        repo: &str,
        now: jiff::Timestamp,
    ) -> Result<GithubFacts> {
        let repo_ref = RepoRef::new(owner, repo)
            .ok_or_else(|| Error::InvalidRepository(format!("{owner}/{repo}")))?;
        let stats = Stats::default();
        let t = &self.transport;
        let mut facts = GithubFacts::empty(
            repo_ref.to_string(),
            t.endpoints.rest_base.clone(),
            now,
            t.now(),
            t.authenticated,
        );
        let mut ctx = Ctx {
            transport: t,
            stats: &stats,
            repo: repo_ref,
            now,
        };

        // The repository first: a 404 ends everything, and a rename gives the
        // canonical name, which spares a redirect on every later request.
        let mut open_items = None;
        match figures::repository::fetch(&ctx).await {
            Ok(json) => {
                open_items = Some(json.open_issues_count);
                if let Some(canonical) = json
                    .full_name
                    .split_once('/')
                    .and_then(|(o, n)| RepoRef::new(o, n))
                {
                    ctx.repo = canonical;
                }
                figures::repository::apply(&mut facts, json);
            }
            Err(e) if e.is_fatal() => return Err(e),
            Err(e) => {
                for key in REPOSITORY_KEYS {
                    facts.mark_unknown(key, &e.to_string());
                }
            }
        }

        let ctx = &ctx;
        let (open_prs, releases, community, merged, first_response, latest) = tokio::join!(
            figures::repository::open_pull_requests(ctx),
            figures::releases::fetch(ctx),
            figures::community::fetch(ctx),
            token_only(ctx, figures::merged_pull_requests::fetch(ctx)),
            token_only(ctx, figures::first_response::fetch(ctx)),
            token_only(ctx, figures::latest_merged_pull_request::fetch(ctx)),
        );

        let open_prs = settle(&mut facts, "open_pull_requests", open_prs)?;
        facts.open_pull_requests = open_prs;
        match (open_items, open_prs) {
            // `open_issues_count` counts pull requests too.
            (Some(items), Some(prs)) => facts.open_issues = Some(items.saturating_sub(prs)),
            (None, _) => facts.mark_unknown(
                "open_issues",
                "the repository request failed (see full_name)",
            ),
            (_, None) => facts.mark_unknown(
                "open_issues",
                "open pull requests are unknown, so issues cannot be told apart",
            ),
        }
        facts.releases = settle(&mut facts, "releases", releases)?;
        facts.community = match community {
            // GitHub keeps no community profile for forks; say so rather than "HTTP 404".
            Err(e) if e.is_not_found() && facts.fork == Some(true) => {
                facts.mark_unknown("community", "GitHub keeps no community profile for forks");
                None
            }
            other => settle(&mut facts, "community", other)?,
        };
        facts.merged_pull_requests = settle(&mut facts, "merged_pull_requests", merged)?;
        facts.first_response = settle(&mut facts, "first_response", first_response)?;
        facts.latest_merged_pull_request =
            settle(&mut facts, "latest_merged_pull_request", latest)?.flatten();

        facts.requests = RequestStats {
            sent: stats.sent.load(Ordering::Relaxed),
            not_modified: stats.not_modified.load(Ordering::Relaxed),
            retries: stats.retries.load(Ordering::Relaxed),
            waited_seconds: stats.waited_ms.load(Ordering::Relaxed) as f64 / 1000.0,
        };
        Ok(facts)
    }
}

/// Figures that need a token are not even attempted anonymously.
async fn token_only<T>(ctx: &Ctx<'_>, fetch: impl Future<Output = Result<T>>) -> Result<T> {
    if ctx.transport.authenticated {
        fetch.await
    } else {
        Err(Error::NeedsToken)
    }
}

/// A figure's value, or null plus the reason; fatal errors propagate.
fn settle<T>(facts: &mut GithubFacts, key: &str, result: Result<T>) -> Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.is_fatal() => Err(e),
        Err(e) => {
            if !matches!(e, Error::NeedsToken) {
                tracing::warn!(
                    "GitHub figure {key} of {} is unknown: {e}",
                    facts.repository
                );
            }
            facts.mark_unknown(key, &e.to_string());
            Ok(None)
        }
    }
}
