//! The store's one error type.

/// Everything the store can fail with. Messages name the database (password
/// masked), the operation and, where there is one, the row.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The URL is neither SQLite nor PostgreSQL.
    #[error(
        "unsupported database URL `{url}`: use a file path, sqlite://PATH, sqlite::memory: or postgres://USER@HOST/DB"
    )]
    UnsupportedUrl { url: String },

    /// The SQLite file's folder does not exist (the file itself is created).
    #[error("cannot create SQLite database {path}: folder {folder} does not exist")]
    MissingFolder { path: String, folder: String },

    /// The database could not be reached or opened.
    #[error("cannot connect to {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },

    /// The schema could not be brought up to date.
    #[error("cannot migrate the schema of {url}: {source}{hint}")]
    Migrate {
        url: String,
        hint: &'static str,
        #[source]
        source: sqlx::migrate::MigrateError,
    },

    /// A query failed.
    #[error("database error while trying to {op}: {source}")]
    Db {
        op: &'static str,
        #[source]
        source: sqlx::Error,
    },

    /// JSON handed to the store does not parse (the store never keeps text it
    /// cannot give back as JSON).
    #[error("{what} for project `{project}` is not valid JSON: {source}")]
    InvalidJson {
        what: &'static str,
        project: String,
        #[source]
        source: serde_json::Error,
    },

    /// A snapshot handed to `complete` is not the job's.
    #[error(
        "job {job} is for project `{job_project}` in run {job_run}, but the snapshot is for `{snapshot_project}` in run {snapshot_run}"
    )]
    SnapshotMismatch {
        job: i64,
        job_project: String,
        job_run: i64,
        snapshot_project: String,
        snapshot_run: i64,
    },

    /// A run id that is not in the database.
    #[error("run {0} does not exist in this database")]
    UnknownRun(i64),

    /// A stored time that does not fit a timestamp (a corrupted row).
    #[error("stored time {millis} ms in column `{column}` is out of range")]
    BadTime { column: &'static str, millis: i64 },
}

impl Error {
    pub(crate) fn db(op: &'static str, source: sqlx::Error) -> Self {
        Error::Db { op, source }
    }
}

/// `.map_err(db("…"))` without repeating the closure everywhere.
pub(crate) fn db(op: &'static str) -> impl FnOnce(sqlx::Error) -> Error {
    move |source| Error::Db { op, source }
}
