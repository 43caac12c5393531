//! The pipeline's errors: what stops a whole run or command (a project that
//! cannot be measured is a result, not an error).

/// Errors of the orchestration itself.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The maturity models the catalog names could not be loaded.
    #[error("loading the maturity models the catalog names: {0}")]
    Models(#[from] radar_assess::ModelError),
    /// The GitHub configuration in the environment is wrong.
    #[error("GitHub settings (GITHUB_TOKEN, RADAR_GITHUB_API, …): {0}")]
    Github(#[from] radar_github::Error),
    /// The store failed.
    #[error("{0}")]
    Store(#[from] radar_store::Error),
    /// A queue job's payload cannot be read (written by another version of Radar?).
    #[error("job {job} ({project}): unreadable payload: {reason}")]
    Payload {
        job: i64,
        project: String,
        reason: String,
    },
    /// Queueing needs a database: the queue lives in it.
    #[error("the job queue lives in the database: open a store to enqueue")]
    NoStore,
    /// The health endpoint could not listen.
    #[error("cannot listen on {addr} for the health endpoint: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
