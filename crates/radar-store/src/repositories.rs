//! The repositories the store's catalogs name, for `radar cache prune` on a
//! machine that has a cache and a database but no catalog file (a worker).

use sqlx::Row;

use crate::error::db;
use crate::{Error, Store};

impl Store {
    /// Repository URLs in use: those of the latest run of each catalog (its
    /// jobs and its snapshots), and of every job still queued or running.
    /// Sorted, each once.
    pub async fn repositories_in_use(&self) -> Result<Vec<String>, Error> {
        let rows = sqlx::query(
            "SELECT repo_url FROM jobs \
             WHERE run_id IN (SELECT MAX(id) FROM runs GROUP BY catalog_name) \
                OR state IN ('queued', 'leased') \
             UNION \
             SELECT repo_url FROM snapshots \
             WHERE run_id IN (SELECT MAX(id) FROM runs GROUP BY catalog_name) \
             ORDER BY repo_url",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db("read the repositories in use"))?;
        rows.iter()
            .map(|r| {
                r.try_get::<String, _>("repo_url")
                    .map_err(db("read the repositories in use"))
            })
            .collect()
    }
}
