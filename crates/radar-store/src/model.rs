//! The values the store reads and writes.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// One run: a catalog measured as of a date (`radar assess`, or one
    /// `radar assess --enqueue` whose jobs workers then process).
    RunId
);
id_type!(
    /// One stored snapshot (a project's assessment in a run).
    SnapshotId
);
id_type!(
    /// One job in the queue.
    JobId
);

/// A run as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Run {
    pub id: RunId,
    pub catalog_name: String,
    pub as_of: Timestamp,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

/// Figures copied out of the evidence and assessment so that history and
/// reports can be read without parsing JSON. Every field is optional: a
/// snapshot of an unreachable repository has none of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Distinct authors after `.mailmap`, over the whole history.
    pub contributors: Option<i64>,
    /// Commits reachable from HEAD.
    pub commits: Option<i64>,
    /// Commits with an author date in the 365 days before as-of.
    pub commits_365d: Option<i64>,
    /// Authors active in the window the evidence uses (see DESIGN.md).
    pub active_contributors: Option<i64>,
    /// Distinct organisations among recent authors.
    pub organisations: Option<i64>,
    /// CHAOSS elephant factor.
    pub elephant_factor: Option<i64>,
    /// The level the catalog claims (normalised text, e.g. `cncf:graduated`).
    pub claimed_level: Option<String>,
    /// The level the evidence supports.
    pub supported_level: Option<String>,
    /// `active`, `inactive`, `deprecated`, `archived`, …
    pub lifecycle: Option<String>,
    /// Number of findings (contradictions between catalog and evidence).
    pub findings: Option<i64>,
    /// The latest release's name (tag) and date.
    pub latest_release: Option<String>,
    pub latest_release_at: Option<Timestamp>,
}

/// One project's result in one run, as handed to the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The catalog's id for the project (stable across runs).
    pub project_id: String,
    pub repo_url: String,
    pub run_id: RunId,
    /// When the measurement was taken (wall clock).
    pub taken_at: Timestamp,
    /// The date the figures describe (today, or a past date for a
    /// backfilled quarter). History and retention order snapshots by it.
    pub as_of: Timestamp,
    /// HEAD of the default branch when measured.
    pub head_commit: Option<String>,
    /// The evidence as JSON (stored once per distinct repository/HEAD/text).
    pub evidence_json: Option<String>,
    /// The assessment as JSON.
    pub assessment_json: Option<String>,
    /// Why the project could not be (fully) measured, if it could not.
    pub error: Option<String>,
    pub summary: Summary,
}

impl Snapshot {
    /// A snapshot with no content yet; fill in the public fields.
    pub fn new(
        project_id: impl Into<String>,
        repo_url: impl Into<String>,
        run_id: RunId,
        taken_at: Timestamp,
        as_of: Timestamp,
    ) -> Self {
        Snapshot {
            project_id: project_id.into(),
            repo_url: repo_url.into(),
            run_id,
            taken_at,
            as_of,
            head_commit: None,
            evidence_json: None,
            assessment_json: None,
            error: None,
            summary: Summary::default(),
        }
    }
}

/// A snapshot read back, with its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredSnapshot {
    pub id: SnapshotId,
    /// The queue job that wrote it, when a worker did.
    pub job_id: Option<JobId>,
    #[serde(flatten)]
    pub snapshot: Snapshot,
}

/// One point of a project's history: the summary figures at one date,
/// without the (large) JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryPoint {
    pub snapshot_id: SnapshotId,
    pub run_id: RunId,
    pub taken_at: Timestamp,
    pub as_of: Timestamp,
    pub head_commit: Option<String>,
    pub error: Option<String>,
    #[serde(flatten)]
    pub summary: Summary,
}

/// Evidence stored for a repository at a HEAD (see [`crate::Store::evidence_for`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredEvidence {
    pub repo_url: String,
    pub head_commit: String,
    pub json: String,
    /// When this evidence was first stored.
    pub created_at: Timestamp,
    /// The as-of date of the newest snapshot that used it (the figures in
    /// windowed metrics depend on it: reuse with care across dates).
    pub as_of: Timestamp,
}

pub(crate) fn ts(column: &'static str, millis: i64) -> Result<Timestamp, crate::Error> {
    Timestamp::from_millisecond(millis).map_err(|_| crate::Error::BadTime { column, millis })
}

pub(crate) fn opt_ts(
    column: &'static str,
    millis: Option<i64>,
) -> Result<Option<Timestamp>, crate::Error> {
    millis.map(|m| ts(column, m)).transpose()
}
