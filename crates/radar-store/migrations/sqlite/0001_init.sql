-- Radar store, schema 1 (SQLite). Keep in step with ../postgres/0001_init.sql:
-- the same tables, columns and indexes; only the DDL dialect differs.
-- Every time is epoch milliseconds (UTC) in a BIGINT: sqlx's Any driver has
-- no date type, and integers compare and index the same on both backends.

-- One `radar assess` (or one `--enqueue`): a catalog measured as of a date.
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    catalog_name TEXT    NOT NULL,
    as_of        BIGINT  NOT NULL,
    started_at   BIGINT  NOT NULL,
    finished_at  BIGINT
);

-- Evidence JSON, shared by every snapshot that measured the same repository
-- at the same HEAD with the same result (an unchanged repository re-checked
-- daily stores its evidence once).
CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    repo_url    TEXT    NOT NULL,
    head_commit TEXT,
    json        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX evidence_by_head ON evidence (repo_url, head_commit);

-- One project's assessment in one run, with the figures history needs as
-- columns so trends are read without parsing JSON.
CREATE TABLE snapshots (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id          TEXT    NOT NULL,
    repo_url            TEXT    NOT NULL,
    run_id              BIGINT  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    job_id              BIGINT,
    taken_at            BIGINT  NOT NULL,
    as_of               BIGINT  NOT NULL,
    head_commit         TEXT,
    evidence_id         BIGINT  REFERENCES evidence (id),
    assessment_json     TEXT,
    error               TEXT,
    contributors        BIGINT,
    commits             BIGINT,
    commits_365d        BIGINT,
    active_contributors BIGINT,
    organisations       BIGINT,
    elephant_factor     BIGINT,
    claimed_level       TEXT,
    supported_level     TEXT,
    lifecycle           TEXT,
    findings            BIGINT,
    latest_release      TEXT,
    latest_release_at   BIGINT,
    UNIQUE (project_id, run_id)
);
CREATE INDEX snapshots_by_project_date ON snapshots (project_id, as_of);
CREATE INDEX snapshots_by_run ON snapshots (run_id);
CREATE INDEX snapshots_by_evidence ON snapshots (evidence_id);

-- The job queue. `lease_seq` grows on every lease and never goes back: it is
-- the fencing token that stops a worker whose lease was taken over from
-- writing its (late) result.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id           BIGINT  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    project_id       TEXT    NOT NULL,
    repo_url         TEXT    NOT NULL,
    payload          TEXT,
    as_of            BIGINT  NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'leased', 'done', 'failed')),
    attempts         BIGINT  NOT NULL DEFAULT 0,
    max_attempts     BIGINT  NOT NULL,
    not_before       BIGINT  NOT NULL,
    lease_seq        BIGINT  NOT NULL DEFAULT 0,
    leased_by        TEXT,
    lease_expires_at BIGINT,
    last_error       TEXT,
    snapshot_id      BIGINT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    finished_at      BIGINT
);
-- A project is queued at most once at a time (enqueue is deduplicated).
CREATE UNIQUE INDEX jobs_pending_once ON jobs (project_id, repo_url)
    WHERE state IN ('queued', 'leased');
-- The lease query's index: when a job is due (a queued job at not_before,
-- a leased one when its lease expires), over unfinished jobs only, so that
-- finished jobs kept for a month do not slow leasing down. The lease query
-- repeats this expression exactly.
CREATE INDEX jobs_due ON jobs ((CASE WHEN state = 'queued' THEN not_before ELSE lease_expires_at END), id)
    WHERE state IN ('queued', 'leased');
CREATE INDEX jobs_by_run ON jobs (run_id);
