//! Runs, snapshots, evidence reuse and history.

use std::collections::BTreeMap;

use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::error::db;
use crate::model::{opt_ts, ts};
use crate::{
    Error, HistoryPoint, JobId, Run, RunId, Snapshot, SnapshotId, Store, StoredEvidence,
    StoredSnapshot, Summary,
};

/// The columns every snapshot read selects (`s` = snapshots, `e` = evidence).
const SNAPSHOT_COLUMNS: &str = "s.id, s.job_id, s.project_id, s.repo_url, s.run_id, s.taken_at, s.as_of, \
     s.head_commit, e.json AS evidence_json, s.assessment_json, s.error, \
     s.contributors, s.commits, s.commits_365d, s.active_contributors, s.organisations, \
     s.elephant_factor, s.claimed_level, s.supported_level, s.lifecycle, s.findings, \
     s.latest_release, s.latest_release_at";

/// The summary columns, as history reads them (no JSON).
const HISTORY_COLUMNS: &str = "s.id, s.run_id, s.taken_at, s.as_of, s.head_commit, s.error, \
     s.contributors, s.commits, s.commits_365d, s.active_contributors, s.organisations, \
     s.elephant_factor, s.claimed_level, s.supported_level, s.lifecycle, s.findings, \
     s.latest_release, s.latest_release_at";

impl Store {
    /// Records the start of a run and returns its id.
    pub async fn begin_run(&self, catalog_name: &str, as_of: Timestamp) -> Result<RunId, Error> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO runs (catalog_name, as_of, started_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(catalog_name)
        .bind(as_of.as_millisecond())
        .bind(self.now().as_millisecond())
        .fetch_one(&self.pool)
        .await
        .map_err(db("begin a run"))?;
        Ok(RunId(id))
    }

    /// Marks a run finished (a report can then prefer complete runs).
    pub async fn finish_run(&self, run: RunId) -> Result<(), Error> {
        let done = sqlx::query("UPDATE runs SET finished_at = $1 WHERE id = $2")
            .bind(self.now().as_millisecond())
            .bind(run.0)
            .execute(&self.pool)
            .await
            .map_err(db("finish a run"))?;
        if done.rows_affected() == 0 {
            return Err(Error::UnknownRun(run.0));
        }
        Ok(())
    }

    /// One run, if it exists.
    pub async fn run(&self, run: RunId) -> Result<Option<Run>, Error> {
        let row = sqlx::query(
            "SELECT id, catalog_name, as_of, started_at, finished_at FROM runs WHERE id = $1",
        )
        .bind(run.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(db("read a run"))?;
        row.map(|r| run_from_row(&r)).transpose()
    }

    /// The most recent runs, newest first.
    pub async fn runs(&self, limit: u32) -> Result<Vec<Run>, Error> {
        let rows = sqlx::query(
            "SELECT id, catalog_name, as_of, started_at, finished_at FROM runs ORDER BY id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db("list runs"))?;
        rows.iter().map(run_from_row).collect()
    }

    /// Stores one project's result in one run, in one transaction. Saving
    /// the same project and run again replaces the earlier row (an upsert),
    /// so a retried write never duplicates.
    pub async fn save_snapshot(&self, snapshot: &Snapshot) -> Result<SnapshotId, Error> {
        validate(snapshot)?;
        let mut tx = self.begin_write().await?;
        let id = write_snapshot(&mut tx, snapshot, None, self.now()).await?;
        tx.commit().await.map_err(db("commit a snapshot"))?;
        Ok(id)
    }

    /// Stores several snapshots in one transaction, all or nothing: a run
    /// of thousands of projects commits in batches instead of paying one
    /// disk flush per project. Each is an upsert, as in [`Store::save_snapshot`].
    pub async fn save_snapshots(&self, snapshots: &[Snapshot]) -> Result<Vec<SnapshotId>, Error> {
        for s in snapshots {
            validate(s)?;
        }
        let mut tx = self.begin_write().await?;
        let now = self.now();
        let mut ids = Vec::with_capacity(snapshots.len());
        for s in snapshots {
            ids.push(write_snapshot(&mut tx, s, None, now).await?);
        }
        tx.commit().await.map_err(db("commit snapshots"))?;
        Ok(ids)
    }

    /// The newest snapshot of every project (by as-of date, then time
    /// taken), ordered by project id.
    pub async fn latest_snapshots(&self) -> Result<Vec<StoredSnapshot>, Error> {
        let sql = format!(
            "SELECT {SNAPSHOT_COLUMNS} FROM (SELECT x.*, ROW_NUMBER() OVER \
             (PARTITION BY x.project_id ORDER BY x.as_of DESC, x.taken_at DESC, x.id DESC) AS rn \
             FROM snapshots x) s LEFT JOIN evidence e ON e.id = s.evidence_id \
             WHERE s.rn = 1 ORDER BY s.project_id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .map_err(db("read the latest snapshots"))?;
        rows.iter().map(snapshot_from_row).collect()
    }

    /// The newest snapshot of one project.
    pub async fn latest_snapshot(&self, project_id: &str) -> Result<Option<StoredSnapshot>, Error> {
        let sql = format!(
            "SELECT {SNAPSHOT_COLUMNS} FROM snapshots s LEFT JOIN evidence e ON e.id = s.evidence_id \
             WHERE s.project_id = $1 ORDER BY s.as_of DESC, s.taken_at DESC, s.id DESC LIMIT 1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(project_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db("read a project's latest snapshot"))?;
        row.as_ref().map(snapshot_from_row).transpose()
    }

    /// Every snapshot of one run, ordered by project id.
    pub async fn run_snapshots(&self, run: RunId) -> Result<Vec<StoredSnapshot>, Error> {
        let sql = format!(
            "SELECT {SNAPSHOT_COLUMNS} FROM snapshots s LEFT JOIN evidence e ON e.id = s.evidence_id \
             WHERE s.run_id = $1 ORDER BY s.project_id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(run.0)
            .fetch_all(&self.pool)
            .await
            .map_err(db("read a run's snapshots"))?;
        rows.iter().map(snapshot_from_row).collect()
    }

    /// Evidence already stored for `repo_url` at `head_commit`, if any: when
    /// HEAD has not moved, the assessor can reuse it instead of re-analysing.
    /// The newest stored evidence wins.
    pub async fn evidence_for(
        &self,
        repo_url: &str,
        head_commit: &str,
    ) -> Result<Option<StoredEvidence>, Error> {
        let row = sqlx::query(
            "SELECT e.json, e.created_at, \
                    (SELECT MAX(s.as_of) FROM snapshots s WHERE s.evidence_id = e.id) AS as_of \
             FROM evidence e WHERE e.repo_url = $1 AND e.head_commit = $2 \
             ORDER BY e.id DESC LIMIT 1",
        )
        .bind(repo_url)
        .bind(head_commit)
        .fetch_optional(&self.pool)
        .await
        .map_err(db("look up stored evidence"))?;
        let Some(row) = row else { return Ok(None) };
        let created_at = ts("evidence.created_at", get(&row, "created_at")?)?;
        let as_of: Option<i64> = get(&row, "as_of")?;
        Ok(Some(StoredEvidence {
            repo_url: repo_url.to_owned(),
            head_commit: head_commit.to_owned(),
            json: get(&row, "json")?,
            created_at,
            as_of: opt_ts("snapshots.as_of", as_of)?.unwrap_or(created_at),
        }))
    }

    /// A project's figures over time: every stored snapshot whose as-of date
    /// is in `[from, to)`, oldest first. Use `Timestamp::MIN`/`MAX` for an
    /// open end.
    pub async fn history(
        &self,
        project_id: &str,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<HistoryPoint>, Error> {
        let sql = format!(
            "SELECT {HISTORY_COLUMNS} FROM snapshots s \
             WHERE s.project_id = $1 AND s.as_of >= $2 AND s.as_of < $3 \
             ORDER BY s.as_of, s.taken_at, s.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(project_id)
            .bind(from.as_millisecond())
            .bind(to.as_millisecond())
            .fetch_all(&self.pool)
            .await
            .map_err(db("read a project's history"))?;
        rows.iter().map(history_from_row).collect()
    }

    /// Every project's figures over time in one query (a dashboard starting
    /// on a large catalog would otherwise ask once per project): the
    /// snapshots whose as-of date is in `[from, to)`, per project id, oldest
    /// first — each project's list is what [`Store::history`] returns for it.
    pub async fn history_all(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<BTreeMap<String, Vec<HistoryPoint>>, Error> {
        let sql = format!(
            "SELECT s.project_id, {HISTORY_COLUMNS} FROM snapshots s \
             WHERE s.as_of >= $1 AND s.as_of < $2 \
             ORDER BY s.project_id, s.as_of, s.taken_at, s.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from.as_millisecond())
            .bind(to.as_millisecond())
            .fetch_all(&self.pool)
            .await
            .map_err(db("read every project's history"))?;
        let mut out: BTreeMap<String, Vec<HistoryPoint>> = BTreeMap::new();
        for row in &rows {
            let project: String = get(row, "project_id")?;
            let point = history_from_row(row)?;
            out.entry(project).or_default().push(point);
        }
        Ok(out)
    }
}

fn history_from_row(row: &AnyRow) -> Result<HistoryPoint, Error> {
    Ok(HistoryPoint {
        snapshot_id: SnapshotId(get(row, "id")?),
        run_id: RunId(get(row, "run_id")?),
        taken_at: ts("snapshots.taken_at", get(row, "taken_at")?)?,
        as_of: ts("snapshots.as_of", get(row, "as_of")?)?,
        head_commit: get(row, "head_commit")?,
        error: get(row, "error")?,
        summary: summary_from_row(row)?,
    })
}

/// Checks what the database cannot: JSON that parses.
pub(crate) fn validate(snapshot: &Snapshot) -> Result<(), Error> {
    for (what, text) in [
        ("evidence JSON", &snapshot.evidence_json),
        ("assessment JSON", &snapshot.assessment_json),
    ] {
        if let Some(text) = text {
            serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|source| {
                Error::InvalidJson {
                    what,
                    project: snapshot.project_id.clone(),
                    source,
                }
            })?;
        }
    }
    Ok(())
}

/// Writes a snapshot inside the caller's transaction (so that `complete`
/// can write it and close the job atomically). Returns the snapshot's id.
pub(crate) async fn write_snapshot(
    tx: &mut Transaction<'static, Any>,
    s: &Snapshot,
    job: Option<JobId>,
    now: Timestamp,
) -> Result<SnapshotId, Error> {
    if job.is_none() {
        // A job's run exists (foreign key); a direct save gets a clear error
        // instead of a constraint violation.
        let run_exists: Option<i64> = sqlx::query_scalar("SELECT id FROM runs WHERE id = $1")
            .bind(s.run_id.0)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db("check a snapshot's run"))?;
        if run_exists.is_none() {
            return Err(Error::UnknownRun(s.run_id.0));
        }
    }
    let evidence_id = match &s.evidence_json {
        Some(json) => {
            Some(store_evidence(tx, &s.repo_url, s.head_commit.as_deref(), json, now).await?)
        }
        None => None,
    };
    let m = &s.summary;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO snapshots (project_id, repo_url, run_id, job_id, taken_at, as_of, head_commit, \
            evidence_id, assessment_json, error, contributors, commits, commits_365d, \
            active_contributors, organisations, elephant_factor, claimed_level, supported_level, \
            lifecycle, findings, latest_release, latest_release_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) \
         ON CONFLICT (project_id, run_id) DO UPDATE SET \
            repo_url = excluded.repo_url, job_id = excluded.job_id, taken_at = excluded.taken_at, \
            as_of = excluded.as_of, head_commit = excluded.head_commit, evidence_id = excluded.evidence_id, \
            assessment_json = excluded.assessment_json, error = excluded.error, \
            contributors = excluded.contributors, commits = excluded.commits, \
            commits_365d = excluded.commits_365d, active_contributors = excluded.active_contributors, \
            organisations = excluded.organisations, elephant_factor = excluded.elephant_factor, \
            claimed_level = excluded.claimed_level, supported_level = excluded.supported_level, \
            lifecycle = excluded.lifecycle, findings = excluded.findings, \
            latest_release = excluded.latest_release, latest_release_at = excluded.latest_release_at \
         RETURNING id",
    )
    .bind(&s.project_id)
    .bind(&s.repo_url)
    .bind(s.run_id.0)
    .bind(job.map(|j| j.0))
    .bind(s.taken_at.as_millisecond())
    .bind(s.as_of.as_millisecond())
    .bind(&s.head_commit)
    .bind(evidence_id)
    .bind(&s.assessment_json)
    .bind(&s.error)
    .bind(m.contributors)
    .bind(m.commits)
    .bind(m.commits_365d)
    .bind(m.active_contributors)
    .bind(m.organisations)
    .bind(m.elephant_factor)
    .bind(&m.claimed_level)
    .bind(&m.supported_level)
    .bind(&m.lifecycle)
    .bind(m.findings)
    .bind(&m.latest_release)
    .bind(m.latest_release_at.map(|t| t.as_millisecond()))
    .fetch_one(&mut **tx)
    .await
    .map_err(db("write a snapshot"))?;
    Ok(SnapshotId(id))
}

/// Finds identical evidence already stored for this repository and HEAD, or
/// stores it. Identical text is shared, so a daily re-check of an unchanged
/// repository adds a small snapshot row, not another copy of its evidence.
async fn store_evidence(
    tx: &mut Transaction<'static, Any>,
    repo_url: &str,
    head: Option<&str>,
    json: &str,
    now: Timestamp,
) -> Result<i64, Error> {
    // Two statements instead of `IS NOT DISTINCT FROM`, which PostgreSQL
    // cannot answer from the (repo_url, head_commit) index.
    let existing: Option<i64> = match head {
        Some(head) => sqlx::query_scalar(
            "SELECT id FROM evidence WHERE repo_url = $1 AND head_commit = $2 AND json = $3 ORDER BY id DESC LIMIT 1",
        )
        .bind(repo_url)
        .bind(head)
        .bind(json)
        .fetch_optional(&mut **tx)
        .await,
        None => sqlx::query_scalar(
            "SELECT id FROM evidence WHERE repo_url = $1 AND head_commit IS NULL AND json = $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(repo_url)
        .bind(json)
        .fetch_optional(&mut **tx)
        .await,
    }
    .map_err(db("look up identical evidence"))?;
    if let Some(id) = existing {
        return Ok(id);
    }
    sqlx::query_scalar(
        "INSERT INTO evidence (repo_url, head_commit, json, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(repo_url)
    .bind(head)
    .bind(json)
    .bind(now.as_millisecond())
    .fetch_one(&mut **tx)
    .await
    .map_err(db("store evidence"))
}

/// Reads a column, naming it in the error.
pub(crate) fn get<'r, T>(row: &'r AnyRow, column: &'static str) -> Result<T, Error>
where
    T: sqlx::Decode<'r, Any> + sqlx::Type<Any>,
{
    row.try_get(column).map_err(db(column))
}

fn run_from_row(row: &AnyRow) -> Result<Run, Error> {
    Ok(Run {
        id: RunId(get(row, "id")?),
        catalog_name: get(row, "catalog_name")?,
        as_of: ts("runs.as_of", get(row, "as_of")?)?,
        started_at: ts("runs.started_at", get(row, "started_at")?)?,
        finished_at: opt_ts("runs.finished_at", get(row, "finished_at")?)?,
    })
}

fn summary_from_row(row: &AnyRow) -> Result<Summary, Error> {
    Ok(Summary {
        contributors: get(row, "contributors")?,
        commits: get(row, "commits")?,
        commits_365d: get(row, "commits_365d")?,
        active_contributors: get(row, "active_contributors")?,
        organisations: get(row, "organisations")?,
        elephant_factor: get(row, "elephant_factor")?,
        claimed_level: get(row, "claimed_level")?,
        supported_level: get(row, "supported_level")?,
        lifecycle: get(row, "lifecycle")?,
        findings: get(row, "findings")?,
        latest_release: get(row, "latest_release")?,
        latest_release_at: opt_ts(
            "snapshots.latest_release_at",
            get(row, "latest_release_at")?,
        )?,
    })
}

fn snapshot_from_row(row: &AnyRow) -> Result<StoredSnapshot, Error> {
    let job: Option<i64> = get(row, "job_id")?;
    Ok(StoredSnapshot {
        id: SnapshotId(get(row, "id")?),
        job_id: job.map(JobId),
        snapshot: Snapshot {
            project_id: get(row, "project_id")?,
            repo_url: get(row, "repo_url")?,
            run_id: RunId(get(row, "run_id")?),
            taken_at: ts("snapshots.taken_at", get(row, "taken_at")?)?,
            as_of: ts("snapshots.as_of", get(row, "as_of")?)?,
            head_commit: get(row, "head_commit")?,
            evidence_json: get(row, "evidence_json")?,
            assessment_json: get(row, "assessment_json")?,
            error: get(row, "error")?,
            summary: summary_from_row(row)?,
        },
    })
}
