//! `radar assess --enqueue` + `radar worker` processes, on SQLite and (when
//! the server binaries are installed) PostgreSQL: every job completed exactly
//! once, and SIGTERM hands the job in hand back to the queue.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{AS_OF, entry, four_repos, gitconfig, ok, radar};
use radar_store::{JobState, Store};

/// Eight rows over the four fixture repositories (two each), one on a
/// mirror that does not exist and one without a repository.
fn catalog(dir: &Path) -> std::path::PathBuf {
    let mut projects = String::new();
    for repo in ["healthy", "oldtool", "retired", "sleepy"] {
        for n in 1..=2 {
            projects += &entry(
                &format!("{repo}-{n}"),
                &format!("{repo} {n}"),
                Some(repo),
                "CNCF",
                "sandbox",
                "",
            );
        }
    }
    projects += &entry("missing", "Missing", Some("missing"), "CNCF", "sandbox", "");
    projects += &entry("paper", "Paper", None, "CNCF", "sandbox", "");
    let path = dir.join("catalog.yaml");
    std::fs::write(
        &path,
        format!("title: Worker fixtures\nareas:\n- name: Tools\n  projects:\n{projects}"),
    )
    .unwrap();
    path
}

struct Running {
    child: Child,
    name: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn worker(home: &Path, db: &str, name: &str, extra: &[&str]) -> Running {
    let child = radar(home)
        .args(["worker", "--database", db, "--id", name, "--lease", "30"])
        .arg("--cache-dir")
        .arg(home.join(format!("cache-{name}")))
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    Running {
        child,
        name: name.to_owned(),
    }
}

/// Waits for a worker to exit by itself; returns its standard error.
fn finish(mut w: Running, within: Duration) -> String {
    let start = Instant::now();
    let status = loop {
        if let Some(status) = w.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < within,
            "worker {} did not stop within {within:?}",
            w.name
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    w.child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        status.success(),
        "worker {} failed ({status}):\n{err}",
        w.name
    );
    err
}

/// "worker w1 stopped: 5 completed, …" → 5.
fn completed(stderr: &str, name: &str) -> u64 {
    let line = stderr
        .lines()
        .find(|l| l.starts_with(&format!("worker {name} stopped:")))
        .unwrap_or_else(|| panic!("{stderr}"));
    line.split(": ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn two_workers_complete_every_job_exactly_once(db: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let repos = four_repos(tmp.path());
    let home = tmp.path().join("home");
    gitconfig(&home, &repos);
    let catalog = catalog(tmp.path());
    let (_, err) = ok(radar(&home)
        .args([
            "assess",
            "--enqueue",
            "--as-of",
            AS_OF,
            "--database",
            db,
            "--catalog",
        ])
        .arg(&catalog));
    assert!(
        err.contains("9 job(s) queued, 0 already queued")
            && err.contains("1 without repository assessed now"),
        "{err}"
    );
    // Queuing again while the jobs wait adds nothing.
    let (_, err) = ok(radar(&home)
        .args(["assess", "--enqueue", "--database", db, "--catalog"])
        .arg(&catalog));
    assert!(err.contains("0 job(s) queued, 9 already queued"), "{err}");

    let a = worker(&home, db, "w1", &["--exit-when-done"]);
    let b = worker(&home, db, "w2", &["--exit-when-done"]);
    let (ea, eb) = (
        finish(a, Duration::from_secs(120)),
        finish(b, Duration::from_secs(120)),
    );
    assert_eq!(
        completed(&ea, "w1") + completed(&eb, "w2"),
        9,
        "w1:\n{ea}\nw2:\n{eb}"
    );

    block_on(async {
        let store = Store::connect(db).await.unwrap();
        let jobs = store.jobs(None, 100).await.unwrap();
        assert_eq!(jobs.len(), 9, "{jobs:?}");
        let mut snapshots: Vec<i64> = jobs
            .iter()
            .map(|j| j.snapshot_id.expect("done jobs name their snapshot").0)
            .collect();
        assert!(
            jobs.iter()
                .all(|j| j.state == JobState::Done && j.attempts == 1),
            "{jobs:?}"
        );
        snapshots.sort();
        snapshots.dedup();
        assert_eq!(snapshots.len(), 9, "one snapshot per job");
        let run = jobs[0].run_id;
        let stored = store.run_snapshots(run).await.unwrap();
        assert_eq!(
            stored.len(),
            10,
            "nine from workers, one assessed at enqueue"
        );
        assert_eq!(stored.iter().filter(|s| s.job_id.is_some()).count(), 9);
        // A missing local mirror is a result at once (no retries): the unreachable assessment.
        let missing = stored
            .iter()
            .find(|s| s.snapshot.project_id == "missing")
            .unwrap();
        assert!(
            missing
                .snapshot
                .error
                .as_deref()
                .unwrap()
                .contains("fixture-org/missing"),
            "{missing:?}"
        );
        store.close().await;
    });

    // The report reads what the workers wrote.
    let (json, _) = ok(radar(&home)
        .args(["report", "--format", "json", "--database", db, "--catalog"])
        .arg(&catalog));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for p in v["projects"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let ended = id.starts_with("oldtool") || id.starts_with("retired");
        assert_eq!(p["ended"], ended, "{id}: {p:#}");
        if id == "missing" {
            assert_eq!(p["status"], "unreachable");
        } else if id != "paper" {
            assert_eq!(p["status"], "measured", "{id}");
            assert_eq!(
                p["as_of"],
                format!("{AS_OF}T23:59:59Z"),
                "{id}: the run's --as-of travels with the job"
            );
        }
    }
}

#[test]
fn sqlite_two_workers_complete_every_job_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    two_workers_complete_every_job_exactly_once(&format!(
        "sqlite://{}",
        tmp.path().join("q.db").display()
    ));
}

#[test]
fn postgres_two_workers_complete_every_job_exactly_once() {
    let Some((_server, url)) = common::postgres("workers") else {
        return;
    };
    two_workers_complete_every_job_exactly_once(&url);
}

/// A server that accepts connections and never answers: a fetch from it
/// hangs until its timeout, so a job stays in hand.
fn silent_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (format!("http://{addr}/hang.git"), accepted)
}

#[test]
fn sigterm_hands_the_current_job_back_and_exits_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("gitconfig"), "").unwrap();
    let (url, accepted) = silent_server();
    let catalog = tmp.path().join("catalog.yaml");
    std::fs::write(
        &catalog,
        format!("areas:\n- name: A\n  projects:\n  - name: Hang\n    id: hang\n    repo: {url}\n"),
    )
    .unwrap();
    let db = format!("sqlite://{}", tmp.path().join("q.db").display());
    ok(radar(&home)
        .args(["assess", "--enqueue", "--database", &db, "--catalog"])
        .arg(&catalog));

    let mut w = worker(
        &home,
        &db,
        "w1",
        &["--shutdown-grace", "1", "--timeout", "300"],
    );
    let start = Instant::now();
    while accepted.load(Ordering::SeqCst) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the worker never started the job"
        );
        assert!(
            w.child.try_wait().unwrap().is_none(),
            "the worker exited early"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = w.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let err = {
        let start = Instant::now();
        let status = loop {
            if let Some(s) = w.child.try_wait().unwrap() {
                break s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the worker did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut err = String::new();
        w.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(status.success(), "{status}: {err}");
        err
    };
    assert!(err.contains("released for another worker"), "{err}");
    assert!(
        err.contains("0 completed") && err.contains("1 released"),
        "{err}"
    );
    block_on(async {
        let store = Store::connect(&db).await.unwrap();
        let jobs = store.jobs(None, 10).await.unwrap();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].state, JobState::Queued, "{jobs:?}");
        assert_eq!(jobs[0].attempts, 0, "a released try does not count");
        assert!(jobs[0].snapshot_id.is_none());
        store.close().await;
    });
}

#[test]
fn the_health_endpoints_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("gitconfig"), "").unwrap();
    let db = format!("sqlite://{}", tmp.path().join("q.db").display());
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let w = worker(
        &home,
        &db,
        "w1",
        &["--health-addr", &format!("127.0.0.1:{port}")],
    );
    let get = |path: &str| -> Option<String> {
        use std::io::Write;
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut text = String::new();
        s.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let start = Instant::now();
    let live = loop {
        if let Some(t) = get("/healthz") {
            break t;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no health endpoint"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(live.starts_with("HTTP/1.1 200"), "{live}");
    assert!(live.contains("\"database_ok\":true"), "{live}");
    let ready = get("/readyz").unwrap();
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    drop(w);
}
