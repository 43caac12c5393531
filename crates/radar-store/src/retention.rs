//! The retention policy: every snapshot of the last month, then one per
//! week, then one per month, per project. Old history thins out instead of
//! growing without bound, and a trend line over years stays possible.

use std::collections::HashSet;
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::error::db;
use crate::snapshots::get;
use crate::{Error, Store};

const DAY: Duration = Duration::from_secs(86_400);

/// How long snapshots stay at each density. Snapshots are dated by their
/// as-of date (a backfilled quarter ages by the date it describes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Every snapshot younger than this is kept (default 31 days).
    pub keep_all_for: Duration,
    /// Up to this age, one snapshot per project and ISO week is kept
    /// (default 365 days); beyond it, one per calendar month (UTC), forever.
    pub weekly_for: Duration,
    /// Finished (done or failed) queue jobs older than this are deleted
    /// (default 31 days).
    pub finished_jobs_for: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            keep_all_for: 31 * DAY,
            weekly_for: 365 * DAY,
            finished_jobs_for: 31 * DAY,
        }
    }
}

/// What `prune` removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PruneReport {
    pub snapshots_deleted: u64,
    /// Evidence no snapshot refers to any more.
    pub evidence_deleted: u64,
    pub jobs_deleted: u64,
    /// Runs left with neither snapshots nor jobs.
    pub runs_deleted: u64,
}

/// The period a snapshot competes in; one survivor per period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Period {
    IsoWeek(i16, i8),
    Month(i16, i8),
}

/// One stored snapshot, as the policy sees it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    pub id: i64,
    pub as_of: Timestamp,
    /// Measured without error (preferred as the period's survivor).
    pub ok: bool,
}

impl Retention {
    fn period(&self, as_of: Timestamp, now: Timestamp) -> Option<Period> {
        let age = now.as_millisecond().saturating_sub(as_of.as_millisecond());
        if age <= ms(self.keep_all_for) {
            return None;
        }
        let date = as_of.to_zoned(TimeZone::UTC).date();
        Some(if age <= ms(self.weekly_for) {
            let week = date.iso_week_date();
            Period::IsoWeek(week.year(), week.week())
        } else {
            Period::Month(date.year(), date.month())
        })
    }

    /// Which of one project's snapshots to delete. `newest_first` must be
    /// ordered newest first; the first is the project's latest snapshot and
    /// is always kept, whatever its age. In each period the kept one is the
    /// newest error-free snapshot, or the newest if all had errors.
    pub(crate) fn doomed(&self, newest_first: &[Candidate], now: Timestamp) -> Vec<i64> {
        let mut ranked: Vec<(Period, &Candidate)> = newest_first
            .iter()
            .skip(1)
            .filter_map(|c| self.period(c.as_of, now).map(|p| (p, c)))
            .collect();
        // Stable sort: within a period, error-free first, then the input's
        // newest-first order.
        ranked.sort_by_key(|(_, c)| !c.ok);
        let mut seen = HashSet::new();
        // The latest snapshot (always kept) fills its own period, unless it
        // failed: then the period still keeps its newest good one.
        if let Some(latest) = newest_first.first()
            && latest.ok
            && let Some(p) = self.period(latest.as_of, now)
        {
            seen.insert(p);
        }
        let mut doomed: Vec<i64> = ranked
            .into_iter()
            .filter(|(period, _)| !seen.insert(*period))
            .map(|(_, c)| c.id)
            .collect();
        doomed.sort_unstable();
        doomed
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

impl Store {
    /// Applies the default [`Retention`] as of `now`.
    pub async fn prune(&self, now: Timestamp) -> Result<PruneReport, Error> {
        self.prune_with(now, &Retention::default()).await
    }

    /// Applies `policy` as of `now`: thins each project's old snapshots, then
    /// removes evidence no snapshot uses, finished jobs past their time and
    /// runs left empty. One transaction per project, so a prune interrupted
    /// halfway leaves a consistent (partly thinned) history.
    pub async fn prune_with(
        &self,
        now: Timestamp,
        policy: &Retention,
    ) -> Result<PruneReport, Error> {
        let mut report = PruneReport::default();
        let cutoff = now.as_millisecond() - ms(policy.keep_all_for);
        let projects: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT project_id FROM snapshots WHERE as_of < $1 ORDER BY project_id",
        )
        .bind(cutoff)
        .fetch_all(&self.pool)
        .await
        .map_err(db("find projects with old snapshots"))?;
        for project in &projects {
            let mut tx = self.begin_write().await?;
            let rows = sqlx::query(
                "SELECT id, as_of, CAST(CASE WHEN error IS NULL THEN 1 ELSE 0 END AS BIGINT) AS ok \
                 FROM snapshots WHERE project_id = $1 ORDER BY as_of DESC, taken_at DESC, id DESC",
            )
            .bind(project)
            .fetch_all(&mut *tx)
            .await
            .map_err(db("read a project's snapshots for pruning"))?;
            let candidates = rows
                .iter()
                .map(|row| {
                    Ok(Candidate {
                        id: get(row, "id")?,
                        as_of: crate::model::ts("snapshots.as_of", get(row, "as_of")?)?,
                        ok: get::<i64>(row, "ok")? == 1,
                    })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            let doomed = policy.doomed(&candidates, now);
            for chunk in doomed.chunks(500) {
                let placeholders: Vec<String> =
                    (1..=chunk.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "DELETE FROM snapshots WHERE id IN ({})",
                    placeholders.join(", ")
                );
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for id in chunk {
                    query = query.bind(*id);
                }
                let done = query
                    .execute(&mut *tx)
                    .await
                    .map_err(db("delete old snapshots"))?;
                report.snapshots_deleted += done.rows_affected();
            }
            tx.commit().await.map_err(db("commit pruned snapshots"))?;
        }

        let mut tx = self.begin_write().await?;
        report.evidence_deleted = sqlx::query(
            "DELETE FROM evidence WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.evidence_id = evidence.id)",
        )
        .execute(&mut *tx)
        .await
        .map_err(db("delete unused evidence"))?
        .rows_affected();
        report.jobs_deleted =
            sqlx::query("DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < $1")
                .bind(now.as_millisecond() - ms(policy.finished_jobs_for))
                .execute(&mut *tx)
                .await
                .map_err(db("delete finished jobs"))?
                .rows_affected();
        report.runs_deleted = sqlx::query(
            "DELETE FROM runs WHERE started_at < $1 \
               AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.run_id = runs.id) \
               AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.run_id = runs.id)",
        )
        .bind(cutoff)
        .execute(&mut *tx)
        .await
        .map_err(db("delete empty runs"))?
        .rows_affected();
        tx.commit().await.map_err(db("commit pruning"))?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn daily(from: &str, days: i64, ok: impl Fn(i64) -> bool) -> Vec<Candidate> {
        let start = at(from);
        let mut v: Vec<Candidate> = (0..days)
            .map(|d| Candidate {
                id: d + 1,
                as_of: start + jiff::SignedDuration::from_hours(24 * d),
                ok: ok(d),
            })
            .collect();
        v.reverse();
        v
    }

    #[test]
    fn two_years_of_daily_snapshots_thin_to_day_week_and_month() {
        // 730 daily snapshots at 06:00 UTC, 2024-07-01 .. 2026-06-30; now is
        // 2026-06-30 12:00 UTC.
        let now = at("2026-06-30T12:00:00Z");
        let snaps = daily("2024-07-01T06:00:00Z", 730, |_| true);
        let policy = Retention::default();
        let doomed: HashSet<i64> = policy.doomed(&snaps, now).into_iter().collect();
        let kept: Vec<&Candidate> = snaps.iter().filter(|c| !doomed.contains(&c.id)).collect();
        let tier = |c: &Candidate| policy.period(c.as_of, now);
        // Ages up to 31 days: 2026-05-31 .. 2026-06-30, 31 days, all kept.
        assert_eq!(kept.iter().filter(|c| tier(c).is_none()).count(), 31);
        // Ages 31..365 days: 2025-07-01 (ISO 2025-W27) .. 2026-05-30
        // (2026-W22): weeks 27..=52 of 2025 and 1..=22 of 2026 = 48.
        let weeks: Vec<Period> = kept
            .iter()
            .filter_map(|c| tier(c))
            .filter(|p| matches!(p, Period::IsoWeek(..)))
            .collect();
        assert_eq!(weeks.len(), 48);
        assert_eq!(
            weeks.iter().collect::<HashSet<_>>().len(),
            48,
            "one per week"
        );
        // Older: July 2024 .. June 2025, 12 months, one each.
        let months: Vec<Period> = kept
            .iter()
            .filter_map(|c| tier(c))
            .filter(|p| matches!(p, Period::Month(..)))
            .collect();
        assert_eq!(months.len(), 12);
        assert_eq!(
            months.iter().collect::<HashSet<_>>().len(),
            12,
            "one per month"
        );
        assert_eq!(doomed.len(), 730 - 31 - 48 - 12);
        // Each period keeps its newest day: July 2024's survivor is the 31st.
        let july: Vec<&&Candidate> = kept
            .iter()
            .filter(|c| tier(c) == Some(Period::Month(2024, 7)))
            .collect();
        assert_eq!(july.len(), 1);
        assert_eq!(july[0].as_of, at("2024-07-31T06:00:00Z"));
    }

    #[test]
    fn an_error_free_snapshot_beats_a_newer_failed_one_in_its_period() {
        let now = at("2026-06-30T00:00:00Z");
        // March 2025: days 1..=31; the last three failed.
        let snaps = daily("2025-03-01T00:00:00Z", 31, |d| d < 28);
        let doomed: HashSet<i64> = Retention::default()
            .doomed(&snaps[1..], now)
            .into_iter()
            .collect();
        let kept: Vec<i64> = snaps[1..]
            .iter()
            .map(|c| c.id)
            .filter(|id| !doomed.contains(id))
            .collect();
        // snaps[0] (day 31) is excluded from the input; of days 1..=30 the
        // latest is day 30 (failed) and is kept as the latest; day 28 is the
        // newest error-free one in March.
        assert_eq!(kept, vec![30, 28]);
    }

    #[test]
    fn the_latest_snapshot_survives_however_old() {
        let now = at("2026-06-30T00:00:00Z");
        let snaps = daily("2020-01-01T00:00:00Z", 3, |_| false);
        let doomed = Retention::default().doomed(&snaps, now);
        // All in one month: the latest (id 3) kept, and since it failed the
        // month still keeps its newest other one (id 2); id 1 goes.
        assert_eq!(doomed, vec![1]);
    }
}
