//! Errors of the GitHub source.
//!
//! Only two are fatal for [`crate::GithubClient::facts`]: the repository does
//! not exist (or the token cannot see it), and every token was rejected. All
//! others make the figures that needed the failed request "unknown", with the
//! error's message as the reason, and never turn into a zero or a "failed".

use std::time::Duration;

/// Anything that can go wrong while talking to GitHub.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "GitHub repository {repository} not found at {api} (HTTP 404): it was deleted, renamed without a \
         redirect, or is private and the token cannot see it; check the repository URL in the catalog"
    )]
    RepositoryNotFound { repository: String, api: String },

    #[error(
        "GitHub rejected {what} at {api} (HTTP 401: {message}); check GITHUB_TOKEN / GITHUB_TOKENS \
         (a token needs no scopes for public repositories)"
    )]
    Unauthorized {
        what: String,
        api: String,
        message: String,
    },

    #[error(
        "GitHub {resource} rate limit exhausted until {reset} ({wait_secs} s from now, longer than the \
         {max_wait_secs} s Radar may wait; add tokens with GITHUB_TOKENS or raise RADAR_GITHUB_MAX_WAIT)"
    )]
    RateLimited {
        resource: &'static str,
        reset: jiff::Timestamp,
        wait_secs: u64,
        max_wait_secs: u64,
    },

    #[error("GitHub secondary rate limit at {url}: {detail}")]
    SecondaryLimit { url: String, detail: String },

    #[error("GitHub API unavailable at {url} after {attempts} attempts: {last}")]
    Unavailable {
        url: String,
        attempts: u32,
        last: String,
    },

    #[error("malformed JSON from GitHub at {url}: {message}")]
    Malformed { url: String, message: String },

    #[error("GitHub answered HTTP {status} at {url}: {message}")]
    Http {
        status: u16,
        url: String,
        message: String,
    },

    #[error("GitHub GraphQL error at {url}: {message}")]
    GraphQl { url: String, message: String },

    #[error("{0:?} is not a GitHub owner/name (letters, digits, '-', '_' and '.' only)")]
    InvalidRepository(String),

    #[error("needs a GitHub token (set GITHUB_TOKEN)")]
    NeedsToken,

    #[error("invalid GitHub configuration: {0}")]
    Config(String),

    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
}

impl Error {
    /// Fatal errors end [`crate::GithubClient::facts`]; the others make a figure unknown.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            Error::RepositoryNotFound { .. }
                | Error::Unauthorized { .. }
                | Error::InvalidRepository(_)
                | Error::Config(_)
                | Error::Client(_)
        )
    }

    /// True for an HTTP 404 (or a GraphQL NOT_FOUND) on any endpoint.
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(self, Error::Http { status: 404, .. })
    }
}

pub(crate) fn secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
