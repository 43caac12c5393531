//! A private, throwaway PostgreSQL server for tests and benchmarks: `initdb`
//! into a temporary folder, `pg_ctl start` on a free loopback port, trust
//! authentication, gone when dropped (or when the process that started it
//! dies, even by `kill -9`: a small watchdog shell stops it).
//!
//! The server binaries are looked up in `$RADAR_PG_BINDIR` if set, else on
//! `PATH`, then under `/usr/lib/postgresql/*/bin` (Debian's layout, newest
//! version first).
//! `initdb` refuses to run as root, so as root the server runs as the
//! `postgres` user (created by Debian's package) or else `nobody`, through
//! `runuser`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// Why a throwaway server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ThrowawayError {
    #[error(
        "PostgreSQL server binaries (initdb, pg_ctl) not found in $RADAR_PG_BINDIR, on PATH or under /usr/lib/postgresql/*/bin; install the `postgresql` package"
    )]
    NotInstalled,
    #[error("{step} failed: {detail}")]
    Failed { step: String, detail: String },
}

fn failed(step: impl Into<String>, detail: impl std::fmt::Display) -> ThrowawayError {
    ThrowawayError::Failed {
        step: step.into(),
        detail: detail.to_string(),
    }
}

/// Server settings.
#[derive(Clone, Debug)]
pub struct PgOptions {
    /// Flush to disk as a real server does. Off (the default) makes tests
    /// fast; benchmarks turn it on to be representative.
    pub durable: bool,
    pub max_connections: u32,
}

impl Default for PgOptions {
    fn default() -> Self {
        PgOptions {
            durable: false,
            max_connections: 200,
        }
    }
}

/// A running throwaway server.
#[derive(Debug)]
pub struct PgServer {
    root: PathBuf,
    data: PathBuf,
    bin: PathBuf,
    port: u16,
    run_as: Option<String>,
    watchdog: Option<Child>,
}

static SEQ: AtomicU32 = AtomicU32::new(0);

impl PgServer {
    /// The folder holding `initdb` and `pg_ctl`, if installed:
    /// `$RADAR_PG_BINDIR` when set (and only there), else `PATH`, else the
    /// newest `/usr/lib/postgresql/*/bin`.
    pub fn find_binaries() -> Option<PathBuf> {
        let usable =
            |dir: &std::path::Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
        if let Some(dir) = std::env::var_os("RADAR_PG_BINDIR") {
            let dir = PathBuf::from(dir);
            return usable(&dir).then_some(dir);
        }
        if let Some(path) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&path) {
                if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
                    return Some(dir);
                }
            }
        }
        let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let version = e
                    .file_name()
                    .to_string_lossy()
                    .split('.')
                    .next()?
                    .parse::<u32>()
                    .ok()?;
                let bin = e.path().join("bin");
                (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
                    .then_some((version, bin))
            })
            .collect();
        found.sort();
        found.pop().map(|(_, bin)| bin)
    }

    /// Starts a server with default options.
    pub fn start() -> Result<PgServer, ThrowawayError> {
        PgServer::start_with(&PgOptions::default())
    }

    pub fn start_with(options: &PgOptions) -> Result<PgServer, ThrowawayError> {
        let bin = PgServer::find_binaries().ok_or(ThrowawayError::NotInstalled)?;
        let run_as = if running_as_root() {
            Some(unprivileged_user()?)
        } else {
            None
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        // The unprivileged user must reach the folder: as root use /tmp, not
        // a TMPDIR that may sit under /root.
        let parent = if run_as.is_some() {
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        };
        let root = parent.join(format!(
            "radar-pg-{}-{}-{nanos}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&root)
            .map_err(|e| failed(format!("create {}", root.display()), e))?;
        let mut server = PgServer {
            data: root.join("data"),
            root,
            bin,
            port: 0,
            run_as,
            watchdog: None,
        };
        if let Some(user) = &server.run_as {
            let status = Command::new("chown")
                .arg(user)
                .arg(&server.root)
                .status()
                .map_err(|e| failed("chown", e))?;
            if !status.success() {
                return Err(failed(
                    "chown",
                    format!(
                        "chown {user} {} exited with {status}",
                        server.root.display()
                    ),
                ));
            }
        }
        server.run(
            "initdb",
            &[
                "-D",
                &server.data.to_string_lossy(),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ],
        )?;
        let durability = if options.durable {
            ""
        } else {
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        };
        let log = server.root.join("server.log");
        // A port taken between choosing and binding fails the start: retry.
        let mut last = None;
        for _ in 0..5 {
            let port = free_port().map_err(|e| failed("find a free port", e))?;
            let opts = format!(
                "-p {port} -h 127.0.0.1 -k {} -c max_connections={}{durability}",
                server.root.display(),
                options.max_connections
            );
            match server.run(
                "pg_ctl",
                &[
                    "-D",
                    &server.data.to_string_lossy(),
                    "-l",
                    &log.to_string_lossy(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    &opts,
                    "start",
                ],
            ) {
                Ok(()) => {
                    server.port = port;
                    server.start_watchdog();
                    return Ok(server);
                }
                Err(e) => last = Some(e),
            }
        }
        let tail = std::fs::read_to_string(&log).unwrap_or_default();
        let tail: String = tail
            .lines()
            .rev()
            .take(10)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n");
        Err(failed(
            "pg_ctl start",
            format!(
                "{}\n{tail}",
                last.map(|e| e.to_string()).unwrap_or_default()
            ),
        ))
    }

    /// The loopback port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A URL for database `db` on this server (superuser `postgres`).
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates a fresh, empty database and returns its URL.
    pub async fn create_database(&self, name: &str) -> Result<String, ThrowawayError> {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(failed(
                "create database",
                format!("unsafe database name {name:?}"),
            ));
        }
        let mut conn = sqlx::AnyConnection::connect(&self.url("postgres"))
            .await
            .map_err(|e| failed("connect to the throwaway server", e))?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut conn)
            .await
            .map_err(|e| failed(format!("CREATE DATABASE {name}"), e))?;
        let _ = conn.close().await;
        Ok(self.url(name))
    }

    /// Runs one of the server binaries (as the unprivileged user when root).
    fn run(&self, program: &str, args: &[&str]) -> Result<(), ThrowawayError> {
        let exe = self.bin.join(program);
        let mut cmd = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        let out = cmd
            .args(args)
            .current_dir(&self.root)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| failed(program, e))?;
        if !out.status.success() {
            return Err(failed(
                program,
                format!(
                    "{}: {}{}",
                    out.status,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ),
            ));
        }
        Ok(())
    }

    /// A shell that stops the server and removes its folder once this
    /// process is gone, however it ended.
    fn start_watchdog(&mut self) {
        let pg_ctl = self.bin.join("pg_ctl");
        let stop = match &self.run_as {
            Some(user) => format!("runuser -u {user} -- '{}'", pg_ctl.display()),
            None => format!("'{}'", pg_ctl.display()),
        };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{root}'",
            pid = std::process::id(),
            data = self.data.display(),
            root = self.root.display(),
        );
        self.watchdog = Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok();
    }

    /// Stops the server now and removes its files.
    pub fn stop(&mut self) {
        if self.port != 0 {
            let data = self.data.to_string_lossy().into_owned();
            let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "stop"]);
            self.port = 0;
        }
        if let Some(mut w) = self.watchdog.take() {
            let _ = w.kill();
            let _ = w.wait();
        }
        let _ = std::fs::remove_dir_all(&self.root);
    }

    /// The server's log file (for diagnosing a failed test).
    pub fn log_path(&self) -> PathBuf {
        self.root.join("server.log")
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // The owner of /proc/self is this process's effective uid.
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// The user a root process runs the server as.
fn unprivileged_user() -> Result<String, ThrowawayError> {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let has = |name: &str| passwd.lines().any(|l| l.split(':').next() == Some(name));
    for user in ["postgres", "nobody"] {
        if has(user) {
            return Ok(user.to_owned());
        }
    }
    Err(failed(
        "pick a user for initdb",
        "running as root and neither a `postgres` nor a `nobody` user exists (initdb refuses to run as root)",
    ))
}

fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
