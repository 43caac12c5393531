//! Typed errors: each says where (path, URL, commit) and, where it can, what to do.

use std::path::PathBuf;

/// Errors from the cache and from [`crate::inspect`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: not a git repository (give the path of a clone, a bare repository, or a URL)")]
    NotARepository {
        path: PathBuf,
        #[source]
        source: gix::Error,
    },
    #[error("{path}: the repository has no commits (HEAD is unborn)")]
    EmptyRepository { path: PathBuf },
    #[error("{path}: no commit on the default branch at or before {as_of}")]
    NothingBefore { path: PathBuf, as_of: jiff::Timestamp },
    #[error("{path}: cannot read {what}")]
    Git {
        path: PathBuf,
        what: String,
        #[source]
        source: gix::Error,
    },
    #[error("{url}: not a URL Radar can fetch ({reason}); use https://, http://, file:// or a local path")]
    InvalidUrl { url: String, reason: String },
    /// Connecting, listing refs or receiving the pack failed: the cause chain says which
    /// (connection refused, DNS, missing mirror folder, corrupt pack on the remote).
    #[error("{url}: cannot clone or fetch the repository{}", rewritten_note(.rewritten_to))]
    Unreachable {
        url: String,
        /// The URL after `url.<base>.insteadOf` rewriting, when it differs.
        rewritten_to: Option<String>,
        #[source]
        source: gix::Error,
    },
    #[error("{url}: fetch did not finish within {seconds} s (raise --timeout, or check the network)")]
    Timeout { url: String, seconds: u64 },
    #[error("{url}: not in the cache at {path} (run without --no-fetch once to clone it)")]
    NotCached { url: String, path: PathBuf },
    #[error("{path}: {message}")]
    Io {
        path: PathBuf,
        message: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Affiliations { path: PathBuf, line: usize, message: String },
    #[error("{input:?} is not a date (YYYY-MM-DD) or an RFC 3339 timestamp (2024-06-30T12:00:00Z)")]
    InvalidDate { input: String },
}

fn rewritten_note(rewritten: &Option<String>) -> String {
    match rewritten {
        Some(to) => format!(" (rewritten by url.<base>.insteadOf to {to})"),
        None => String::new(),
    }
}

impl Error {
    pub(crate) fn git(path: &std::path::Path, what: impl Into<String>, source: impl Into<gix::Error>) -> Self {
        Error::Git { path: path.to_owned(), what: what.into(), source: source.into() }
    }

    pub(crate) fn io(path: &std::path::Path, message: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { path: path.to_owned(), message: message.into(), source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
