//! Opening a store: which backend a URL names, pool settings, and schema
//! migrations that stay correct when many processes start at once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migrator};
use sqlx::pool::PoolOptions;
use sqlx::{Any, Connection, Executor};

use crate::{Clock, Error, QueueConfig, Store};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The database behind a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

/// Pool settings. The defaults suit both the CLI and a worker.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// Most connections held open; `None`: 4 for a SQLite file (one writer
    /// at a time anyway), 1 for in-memory SQLite, 8 for PostgreSQL.
    pub max_connections: Option<u32>,
    /// How long to wait for a free pooled connection.
    pub acquire_timeout: Duration,
    /// SQLite: how long a statement waits for another process's write lock
    /// before failing with "database is locked".
    pub sqlite_busy_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_connections: None,
            acquire_timeout: Duration::from_secs(30),
            sqlite_busy_timeout: Duration::from_secs(30),
        }
    }
}

/// What a database URL names, after parsing.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    SqliteFile(PathBuf),
    SqliteMemory,
    Postgres(String),
}

impl Store {
    /// Opens (creating if needed) the database named by `url` and brings its
    /// schema up to date.
    ///
    /// Accepted forms: a bare file path (`radar.db`, `/var/lib/radar.db`),
    /// `sqlite://PATH` or `sqlite:PATH` (relative paths are relative to the
    /// current folder), `sqlite::memory:`, and `postgres://…` or
    /// `postgresql://…` (any libpq-style URL sqlx accepts).
    pub async fn connect(url: &str) -> Result<Store, Error> {
        Store::connect_with(url, &StoreOptions::default()).await
    }

    /// [`Store::connect`] with explicit pool settings.
    pub async fn connect_with(url: &str, options: &StoreOptions) -> Result<Store, Error> {
        sqlx::any::install_default_drivers();
        let target = parse_target(url)?;
        let (backend, sqlx_url, display_url, default_max) = match &target {
            Target::SqliteFile(path) => {
                let url = sqlite_file_url(path)?;
                (Backend::Sqlite, url, path.display().to_string(), 4)
            }
            Target::SqliteMemory => (
                Backend::Sqlite,
                "sqlite::memory:".to_owned(),
                "sqlite::memory:".to_owned(),
                1,
            ),
            Target::Postgres(url) => (Backend::Postgres, url.clone(), redact(url), 8),
        };
        let max = match target {
            // One connection, held forever: an in-memory database lives only
            // as long as a connection to it does.
            Target::SqliteMemory => 1,
            _ => options.max_connections.unwrap_or(default_max).max(1),
        };
        let mut pool_options: PoolOptions<Any> = PoolOptions::new()
            .max_connections(max)
            .acquire_timeout(options.acquire_timeout);
        if target == Target::SqliteMemory {
            pool_options = pool_options
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        if backend == Backend::Sqlite {
            let busy_ms = options.sqlite_busy_timeout.as_millis();
            pool_options = pool_options.after_connect(move |conn, _meta| {
                Box::pin(async move {
                    conn.execute(sqlx::AssertSqlSafe(format!(
                        "PRAGMA busy_timeout = {busy_ms}"
                    )))
                    .await?;
                    Ok(())
                })
            });
        }
        let pool = pool_options
            .connect(&sqlx_url)
            .await
            .map_err(|source| Error::Connect {
                url: display_url.clone(),
                source,
            })?;
        let soft = match backend {
            Backend::Sqlite => pool.clone(),
            Backend::Postgres => PoolOptions::<Any>::new()
                .max_connections(2)
                .min_connections(0)
                .acquire_timeout(options.acquire_timeout)
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        conn.execute("SET synchronous_commit = off").await?;
                        Ok(())
                    })
                })
                .connect_lazy(&sqlx_url)
                .map_err(|source| Error::Connect {
                    url: display_url.clone(),
                    source,
                })?,
        };
        let store = Store {
            pool,
            soft,
            backend,
            display_url,
            clock: Clock::system(),
            queue: QueueConfig::default(),
        };
        store
            .migrate(
                matches!(target, Target::SqliteFile(_)),
                options.sqlite_busy_timeout,
            )
            .await?;
        Ok(store)
    }

    /// Applies pending migrations. Safe with many processes at once:
    /// PostgreSQL serialises migrators with sqlx's advisory lock; on SQLite the
    /// whole check-and-apply runs inside one `BEGIN IMMEDIATE` transaction, so a
    /// second process waits on the file's write lock and then finds nothing
    /// left to do.
    async fn migrate(&self, sqlite_file: bool, busy_timeout: Duration) -> Result<(), Error> {
        let mut conn = self.pool.acquire().await.map_err(|source| Error::Connect {
            url: self.display_url.clone(),
            source,
        })?;
        // `run_direct` rather than `run`: `run` over a transaction trips the
        // "Acquire is not general enough" limitation inside a spawned task.
        let result = match self.backend {
            Backend::Postgres => {
                POSTGRES_MIGRATIONS
                    .run_direct(None, &mut *conn, false)
                    .await
            }
            Backend::Sqlite => {
                if sqlite_file {
                    set_wal(&mut conn, busy_timeout).await?;
                }
                match conn.begin_with("BEGIN IMMEDIATE").await {
                    Err(e) => Err(MigrateError::Execute(e)),
                    Ok(mut tx) => match SQLITE_MIGRATIONS.run_direct(None, &mut *tx, false).await {
                        Ok(()) => tx.commit().await.map_err(MigrateError::Execute),
                        Err(e) => Err(e),
                    },
                }
            }
        };
        result.map_err(|source| Error::Migrate {
            url: self.display_url.clone(),
            hint: match source {
                MigrateError::VersionMissing(_) => {
                    " (this database was written by a newer version of Radar: upgrade radar)"
                }
                MigrateError::VersionMismatch(_) => {
                    " (a migration changed after it was applied: this radar build does not match the database)"
                }
                _ => "",
            },
            source,
        })
    }
}

/// Switches a SQLite file to write-ahead logging, once per file (the mode is
/// stored in the file). Readers then never block the writer. Changing the
/// mode needs an exclusive lock that the busy timeout does not wait for, so
/// when another process holds the file this retries until `patience` ends.
async fn set_wal(
    conn: &mut sqlx::pool::PoolConnection<Any>,
    patience: Duration,
) -> Result<(), Error> {
    let started = std::time::Instant::now();
    loop {
        let mode: Result<String, _> = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut **conn)
            .await;
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(Error::db("read the SQLite journal mode", e)),
        }
        match sqlx::query_scalar::<_, String>("PRAGMA journal_mode = WAL")
            .fetch_one(&mut **conn)
            .await
        {
            Ok(m) if m.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) | Err(_) if started.elapsed() < patience => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Ok(m) => {
                return Err(Error::db(
                    "switch SQLite to WAL",
                    sqlx::Error::Protocol(format!("journal mode stayed {m}")),
                ));
            }
            Err(e) => return Err(Error::db("switch SQLite to WAL", e)),
        }
    }
}

/// Decides what a URL (or bare path) names.
fn parse_target(url: &str) -> Result<Target, Error> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err(Error::UnsupportedUrl {
            url: url.to_owned(),
        });
    }
    if matches!(
        trimmed,
        "sqlite::memory:" | "sqlite://:memory:" | ":memory:"
    ) {
        return Ok(Target::SqliteMemory);
    }
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        return Ok(Target::Postgres(trimmed.to_owned()));
    }
    if let Some(rest) = trimmed
        .strip_prefix("sqlite://")
        .or_else(|| trimmed.strip_prefix("sqlite:"))
    {
        if rest.contains('?') || rest.is_empty() {
            // Radar sets the SQLite options itself (mode, WAL, busy timeout).
            return Err(Error::UnsupportedUrl {
                url: url.to_owned(),
            });
        }
        return Ok(Target::SqliteFile(PathBuf::from(percent_decode(rest))));
    }
    if trimmed.contains("://") {
        return Err(Error::UnsupportedUrl {
            url: redact(trimmed),
        });
    }
    Ok(Target::SqliteFile(PathBuf::from(trimmed)))
}

/// The URL sqlx needs for a SQLite file: absolute, percent-encoded (sqlx
/// decodes it), created when missing.
fn sqlite_file_url(path: &Path) -> Result<String, Error> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|_| Error::MissingFolder {
                path: path.display().to_string(),
                folder: ".".into(),
            })?
            .join(path)
    };
    let folder = absolute.parent().unwrap_or(Path::new("/"));
    if !folder.is_dir() {
        return Err(Error::MissingFolder {
            path: path.display().to_string(),
            folder: folder.display().to_string(),
        });
    }
    Ok(format!(
        "sqlite://{}?mode=rwc",
        percent_encode_path(&absolute.to_string_lossy())
    ))
}

fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'%' | b'?' | b'#' | b' ' | b'"' | b'<' | b'>' | b'`' | b'{' | b'}' => {
                out.push_str(&format!("%{b:02X}"));
            }
            0..=0x1f | 0x7f => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(hi << 4 | lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The URL with its password (if any) replaced by `***`, for messages.
pub(crate) fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(_) => url.to_owned(),
        // Unparseable: show only the scheme, in case a secret is inside.
        Err(_) => match url.split_once("://") {
            Some((scheme, _)) => format!("{scheme}://…"),
            None => url.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_paths_and_sqlite_urls_name_files() {
        assert_eq!(
            parse_target("radar.db").unwrap(),
            Target::SqliteFile("radar.db".into())
        );
        assert_eq!(
            parse_target("./data/radar.db").unwrap(),
            Target::SqliteFile("./data/radar.db".into())
        );
        assert_eq!(
            parse_target("sqlite://radar.db").unwrap(),
            Target::SqliteFile("radar.db".into())
        );
        assert_eq!(
            parse_target("sqlite:///tmp/x.db").unwrap(),
            Target::SqliteFile("/tmp/x.db".into())
        );
        assert_eq!(
            parse_target("sqlite:my%20db.db").unwrap(),
            Target::SqliteFile("my db.db".into())
        );
        assert_eq!(
            parse_target("sqlite::memory:").unwrap(),
            Target::SqliteMemory
        );
    }

    #[test]
    fn postgres_urls_pass_through_and_others_are_refused() {
        assert_eq!(
            parse_target("postgres://u:p@h:5/db").unwrap(),
            Target::Postgres("postgres://u:p@h:5/db".into())
        );
        assert!(matches!(
            parse_target("postgresql://h/db").unwrap(),
            Target::Postgres(_)
        ));
        let err = parse_target("mysql://root:secret@h/db")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unsupported database URL"), "{err}");
        assert!(!err.contains("secret"), "password leaked: {err}");
        assert!(parse_target("").is_err());
        assert!(parse_target("sqlite://radar.db?mode=ro").is_err());
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            redact("postgres://radar:hunter2@db:5432/radar"),
            "postgres://radar:***@db:5432/radar"
        );
        assert_eq!(
            redact("postgres://radar@db/radar"),
            "postgres://radar@db/radar"
        );
    }

    #[test]
    fn odd_file_names_survive_the_url_round_trip() {
        let encoded = percent_encode_path("/tmp/a b?c#d%e.db");
        assert!(!encoded.contains(' ') && !encoded.contains('?') && !encoded.contains('#'));
        assert_eq!(percent_decode(&encoded), "/tmp/a b?c#d%e.db");
    }
}
