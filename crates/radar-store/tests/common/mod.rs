//! Test harness: every store test runs on SQLite (a temporary file) and on
//! PostgreSQL (a fresh database on one throwaway server per test binary).
//!
//! Without the PostgreSQL binaries the PostgreSQL variants print a notice and
//! pass, except under `CI=true`, where they fail.
#![allow(dead_code)]

use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use radar_store::throwaway::{PgServer, ThrowawayError};
use radar_store::{Backend, Store};

/// A database for one test; dropping it removes a SQLite file.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("radar.db").display());
        let store = Store::connect(&url).await.expect("open SQLite");
        TestDb {
            store,
            url,
            _dir: Some(dir),
        }
    }

    /// `None` when PostgreSQL is not installed (and CI is not set).
    pub async fn postgres() -> Option<TestDb> {
        let url = fresh_postgres_database().await?;
        let store = Store::connect(&url).await.expect("open PostgreSQL");
        Some(TestDb {
            store,
            url,
            _dir: None,
        })
    }

    /// Another store on the same database (as a second process would have).
    pub async fn reconnect(&self) -> Store {
        Store::connect(&self.url).await.expect("reconnect")
    }
}

/// The shared server of this test binary, started on first use.
pub fn server() -> Option<&'static PgServer> {
    static SERVER: OnceLock<Option<PgServer>> = OnceLock::new();
    SERVER
        .get_or_init(|| match PgServer::start() {
            Ok(server) => Some(server),
            Err(ThrowawayError::NotInstalled) if std::env::var("CI").as_deref() != Ok("true") => {
                // Written straight to stderr: the test harness captures
                // `eprintln!`, and a skip must be visible.
                let _ = writeln!(
                    std::io::stderr(),
                    "notice: skipping the PostgreSQL variants of the store tests: {}. Set CI=true to make this an error.",
                    ThrowawayError::NotInstalled
                );
                None
            }
            Err(e) => panic!("cannot start a throwaway PostgreSQL: {e}"),
        })
        .as_ref()
}

/// A new, empty database on the shared server.
pub async fn fresh_postgres_database() -> Option<String> {
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let server = server()?;
    let name = format!(
        "t{}_{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    );
    Some(
        server
            .create_database(&name)
            .await
            .expect("create a test database"),
    )
}

/// Defines `mod $name { sqlite(); postgres(); }`, both running `$body` with
/// `$db: TestDb`.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($db:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($db: $crate::common::TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                body($crate::common::TestDb::sqlite().await).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = $crate::common::TestDb::postgres().await {
                    body(db).await
                }
            }
        }
    };
}

/// A fixed instant from RFC 3339 text.
pub fn at(s: &str) -> jiff::Timestamp {
    s.parse().expect("test timestamp")
}
