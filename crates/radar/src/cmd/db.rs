//! What `assess`, `report`, `advise`, `history`, `worker` and `prune` share:
//! the database option, the fetch options and the async runtime.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow};
use radar_store::Store;

/// `--database URL`, else `RADAR_DATABASE_URL`, else `./radar.db`.
#[derive(clap::Args, Clone, Debug)]
pub struct DbArgs {
    /// Where results are stored: a SQLite file (sqlite://PATH or a path) or postgres://USER:PASSWORD@HOST/DB.
    #[arg(
        long,
        value_name = "URL",
        env = "RADAR_DATABASE_URL",
        default_value = "sqlite://./radar.db"
    )]
    pub database: String,
}

/// How repositories are fetched.
#[derive(clap::Args, Clone, Debug)]
pub struct FetchArgs {
    /// Where remote repositories are cached [default: $RADAR_CACHE_DIR, else $XDG_CACHE_HOME/radar/repos, else ~/.cache/radar/repos].
    #[arg(long, value_name = "DIR", env = "RADAR_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Do not fetch: use cached clones as they are (a repository never cloned is reported unreachable).
    #[arg(long)]
    pub no_fetch: bool,
    /// Give up a clone or fetch after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub timeout: u64,
    /// Measure every repository again, even when its HEAD has not moved since the stored evidence.
    #[arg(long)]
    pub remeasure: bool,
}

impl FetchArgs {
    pub fn options(&self, as_of: Option<jiff::Timestamp>) -> radar_pipeline::Options {
        radar_pipeline::Options {
            cache_dir: self
                .cache_dir
                .clone()
                .unwrap_or_else(radar_evidence::Cache::default_dir),
            as_of,
            as_of_last_fetch: false,
            no_fetch: self.no_fetch,
            fetch_timeout: Duration::from_secs(self.timeout.max(1)),
            reuse: !self.remeasure,
        }
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// The SQLite file a URL names, if it names one.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let url = url.trim();
    if url.starts_with("postgres://")
        || url.starts_with("postgresql://")
        || url.contains(":memory:")
    {
        return None;
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    Some(PathBuf::from(path))
}

/// Opens the store for writing (a missing SQLite file is created).
pub async fn open(db: &DbArgs) -> Result<Store> {
    Store::connect(&db.database)
        .await
        .map_err(|e| explain(&db.database, e))
}

/// Opens the store to read results: a SQLite file that does not exist yet
/// means nothing was assessed, which deserves a hint rather than an empty file.
pub async fn open_existing(db: &DbArgs) -> Result<Store> {
    if let Some(path) = sqlite_path(&db.database)
        && !Path::new(&path).exists()
    {
        return Err(anyhow!(
            "no results yet: {} does not exist. Run `radar assess` first (or give --database / RADAR_DATABASE_URL where results are stored)",
            path.display()
        ));
    }
    open(db).await
}

/// Turns a connection failure into what to do about it.
fn explain(url: &str, e: radar_store::Error) -> anyhow::Error {
    let text = e.to_string();
    let hint = if text.contains("does not exist") && text.contains("database") {
        "create the database first (e.g. `createdb radar`), or fix the name in the URL"
    } else if text.contains("password authentication failed") || text.contains("authentication") {
        "check the user name and password in the URL"
    } else if text.contains("Connection refused") || text.contains("connection refused") {
        "is the database server running and listening at that host and port?"
    } else if text.contains("failed to lookup") || text.contains("Name or service not known") {
        "the host name does not resolve: check the host in the URL"
    } else if url.starts_with("postgres") {
        "check the URL (postgres://USER:PASSWORD@HOST:PORT/DB) and that the server accepts connections"
    } else {
        "check that the folder exists and is writable"
    };
    anyhow!(e).context(format!("cannot open the store ({hint})"))
}

/// `24h`, `90m`, `2d`, `3600s`; a bare number is hours.
pub fn parse_age(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not an age such as 24h, 90m, 2d or 36 (hours)"))?;
    let secs = match unit {
        "" | "h" => n * 3600,
        "m" => n * 60,
        "s" => n,
        "d" => n * 86_400,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use s, m, h or d)")),
    };
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        assert_eq!(parse_age("24h").unwrap(), Duration::from_secs(86_400));
        assert_eq!(parse_age("36").unwrap(), Duration::from_secs(36 * 3600));
        assert_eq!(parse_age("90m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse_age("2d").unwrap(), Duration::from_secs(172_800));
        assert!(parse_age("soon").is_err());
        assert!(parse_age("3w").unwrap_err().contains("unknown unit"));
    }

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_path("sqlite://./radar.db"),
            Some(PathBuf::from("./radar.db"))
        );
        assert_eq!(sqlite_path("data/r.db"), Some(PathBuf::from("data/r.db")));
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
    }
}
