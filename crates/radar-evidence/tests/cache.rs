//! The repository cache: clone, incremental fetch, `url.<base>.insteadOf`,
//! no-fetch mode, local paths in place, unreachable URLs and timeouts.
//!
//! One test function on purpose: it points HOME and GIT_CONFIG_GLOBAL at a
//! temporary folder, and environment variables are process-wide. It runs the
//! same scenario with each transport: the git CLI (partial clones, when git
//! is installed) and gix (complete clones, for machines without git).

mod common;

use std::time::{Duration, Instant};

use common::{fixture, git, git_ok};
use radar_evidence::{Cache, Error, FetchCause, FetchOptions, Transport, inspect};

fn commit(dir: &std::path::Path, msg: &str, date: &str) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Late")
        .env("GIT_AUTHOR_EMAIL", "late@acme.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_NAME", "Late")
        .env("GIT_COMMITTER_EMAIL", "late@acme.com")
        .env("GIT_COMMITTER_DATE", date)
        .args(["commit", "-q", "--allow-empty", "-m", msg])
        .status()
        .unwrap();
    assert!(out.success());
}

#[test]
fn cache_end_to_end() {
    for transport in [Transport::Auto, Transport::Gix] {
        scenario(transport);
    }
}

fn scenario(transport: Transport) {
    let fx = fixture("widget");
    let home = tempfile::tempdir().unwrap();
    let mirrors = home.path().join("mirrors");
    std::fs::create_dir_all(&mirrors).unwrap();
    let mirror = mirrors.join("widget.git");
    assert!(git_ok(
        home.path(),
        &[
            "clone",
            "-q",
            "--bare",
            fx.path.to_str().unwrap(),
            mirror.to_str().unwrap()
        ]
    ));
    let gitconfig = home.path().join("gitconfig");
    std::fs::write(
        &gitconfig,
        format!(
            "[url \"file://{}/\"]\n\tinsteadOf = https://git.example.invalid/team/\n",
            mirrors.display()
        ),
    )
    .unwrap();
    // SAFETY: this test binary has a single test; nothing else reads the environment concurrently.
    unsafe {
        std::env::set_var("HOME", home.path());
        std::env::set_var("GIT_CONFIG_GLOBAL", &gitconfig);
        std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
        std::env::remove_var("XDG_CONFIG_HOME");
    }
    let cache = Cache::new(home.path().join("cache"));
    let opts = FetchOptions {
        timeout: Duration::from_secs(60),
        transport,
        ..Default::default()
    };

    // A local path is read in place.
    let local = cache.sync(fx.path.to_str().unwrap(), &opts).unwrap();
    assert_eq!(local.git_dir, fx.path.join(".git"));
    assert!(!local.fetched);
    assert!(!cache.root().exists(), "nothing copied into the cache");

    // no-fetch on an empty cache: a clear error.
    let url = "https://git.example.invalid/team/widget.git";
    let err = cache
        .sync(
            url,
            &FetchOptions {
                no_fetch: true,
                ..opts.clone()
            },
        )
        .unwrap_err();
    assert!(matches!(err, Error::NotCached { .. }), "{err:?}");
    assert!(err.to_string().contains(url), "{err}");

    // Clone through the insteadOf rewrite.
    let synced = cache.sync(url, &opts).unwrap();
    assert_eq!(synced.git_dir, cache.path_for(url).unwrap());
    assert_eq!(
        synced.git_dir,
        home.path()
            .join("cache/git.example.invalid/team/widget.git")
    );
    assert!(synced.fetched);
    let fetched_at = radar_evidence::last_fetched(&synced.git_dir)
        .expect("the clone records when it was fetched");
    assert!(
        (jiff::Timestamp::now().as_second() - fetched_at.as_second()).abs() < 120,
        "{fetched_at}"
    );
    assert_eq!(
        synced.head.as_deref(),
        Some(git(&fx.path, &["rev-parse", "HEAD"]).trim())
    );
    assert_eq!(
        git(&synced.git_dir, &["tag"]),
        git(&fx.path, &["tag"]),
        "tags mirrored"
    );
    assert_eq!(
        git(&synced.git_dir, &["config", "remote.origin.url"]).trim(),
        url,
        "the cache keeps the catalog URL"
    );
    let fetch_specs = git(
        &synced.git_dir,
        &["config", "--get-all", "remote.origin.fetch"],
    );
    assert!(
        fetch_specs.contains("+refs/heads/*:refs/heads/*")
            && fetch_specs.contains("+refs/tags/*:refs/tags/*"),
        "{fetch_specs}"
    );
    assert!(
        synced.git_dir.join("objects/info/commit-graph").exists()
            || synced.git_dir.join("objects/info/commit-graphs").exists()
    );
    // The git CLI clones partially (trees and files are fetched when read), gix completely.
    let partial = transport == Transport::Auto && git_ok(home.path(), &["--version"]);
    assert_eq!(synced.promisor.is_some(), partial);
    assert_eq!(
        synced.transfer.as_ref().and_then(|t| t.filter.as_deref()),
        partial.then_some("tree:0")
    );
    let with_promisor = radar_evidence::InspectOptions {
        promisor: synced.promisor.clone(),
        ..Default::default()
    };
    let ev = inspect(&synced.git_dir, &with_promisor).unwrap();
    assert!(ev.warnings.is_empty(), "{:?}", ev.warnings);
    assert_eq!(ev.history.commits, 29);
    assert_eq!(
        ev.history.contributors, 8,
        "the bare cache reads HEAD:.mailmap"
    );

    // Nothing new upstream: the fetch leaves the commit-graph alone (rewriting
    // it costs a second on a large history); a missing one is written.
    let graph = synced.git_dir.join("objects/info/commit-graph");
    let old = "2001-01-01T00:00:00Z".parse::<jiff::Timestamp>().unwrap();
    let age = |p: &std::path::Path| {
        jiff::Timestamp::try_from(std::fs::metadata(p).unwrap().modified().unwrap()).unwrap()
    };
    let backdate = |p: &std::path::Path| {
        assert!(
            std::process::Command::new("touch")
                .args(["-d", "2001-01-01T00:00:00Z"])
                .arg(p)
                .status()
                .unwrap()
                .success()
        );
        assert_eq!(age(p), old);
    };
    backdate(&graph);
    let unchanged = cache.sync(url, &opts).unwrap();
    assert_eq!(unchanged.head, synced.head);
    assert_eq!(
        age(&graph),
        old,
        "an unchanged fetch rewrote the commit-graph"
    );
    std::fs::remove_file(&graph).unwrap();
    cache.sync(url, &opts).unwrap();
    assert!(graph.is_file(), "a missing commit-graph is written");
    backdate(&graph);

    // Upstream moves: a new commit, a new tag, a new branch; fetch is incremental.
    commit(&fx.path, "later", "2024-07-01T00:00:00 +0000");
    assert!(git_ok(&fx.path, &["tag", "v2.0.0"]));
    assert!(git_ok(&fx.path, &["branch", "topic"]));
    assert!(git_ok(
        &mirror,
        &[
            "fetch",
            "-q",
            fx.path.to_str().unwrap(),
            "+refs/heads/*:refs/heads/*",
            "+refs/tags/*:refs/tags/*"
        ]
    ));
    let again = cache.sync(url, &opts).unwrap();
    assert_eq!(
        again.head.as_deref(),
        Some(git(&fx.path, &["rev-parse", "HEAD"]).trim())
    );
    assert_ne!(again.head, synced.head);
    assert!(git(&again.git_dir, &["tag"]).lines().any(|t| t == "v2.0.0"));
    assert!(git(&again.git_dir, &["branch"]).contains("topic"));
    assert_eq!(radar_evidence::head_of(&again.git_dir).unwrap(), again.head);
    assert!(
        age(&graph) > old,
        "new commits: the commit-graph is rewritten"
    );

    // The upstream renames its default branch: the cache follows.
    assert!(git_ok(&mirror, &["branch", "-m", "main", "trunk"]));
    assert!(git_ok(
        &mirror,
        &["symbolic-ref", "HEAD", "refs/heads/trunk"]
    ));
    let renamed = cache.sync(url, &opts).unwrap();
    assert_eq!(
        git(&renamed.git_dir, &["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/trunk"
    );
    assert_eq!(renamed.head, again.head);
    let ev = inspect(
        &renamed.git_dir,
        &radar_evidence::InspectOptions {
            promisor: renamed.promisor.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ev.repository.default_branch.as_deref(), Some("trunk"));

    // no-fetch uses the cached copy as is.
    let cached = cache
        .sync(
            url,
            &FetchOptions {
                no_fetch: true,
                ..opts.clone()
            },
        )
        .unwrap();
    assert_eq!((cached.head, cached.fetched), (again.head.clone(), false));

    // Four threads syncing one repository into an empty cache at once (a
    // folder's row and the whole repository's row of one run): all get the
    // same copy, none fails on another's half-made clone.
    let fresh = Cache::new(home.path().join(format!("cache-{transport:?}-together")));
    let synced: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| fresh.sync(url, &opts)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for s in &synced {
        let s = s.as_ref().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.git_dir, fresh.path_for(url).unwrap());
        assert_eq!(s.head, again.head);
    }
    assert_eq!(
        synced
            .iter()
            .filter(|s| s.as_ref().unwrap().fetched)
            .count(),
        4
    );

    // A file:// URL that does not exist.
    let gone = format!("file://{}/nowhere.git", home.path().display());
    let err = cache.sync(&gone, &opts).unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().contains(&gone), "{err}");
    let missing = home.path().join("nowhere.git");
    assert_eq!(
        err.fetch_cause(),
        Some(FetchCause::MissingMirror {
            path: missing.clone()
        })
    );
    assert!(
        err.to_string().ends_with(&format!(
            "missing local mirror {} (check the url.<base>.insteadOf rule)",
            missing.display()
        )),
        "{err}"
    );
    // An insteadOf rewrite to a missing mirror names both URLs.
    let err = cache
        .sync("https://git.example.invalid/team/missing.git", &opts)
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("https://git.example.invalid/team/missing.git") && msg.contains("insteadOf"),
        "{msg}"
    );
    assert!(
        !home
            .path()
            .join("cache/git.example.invalid/team/missing.git")
            .exists(),
        "no half-made entry"
    );

    // A closed port on loopback: refused quickly, typed, naming the URL.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let closed = format!("https://127.0.0.1:{port}/org/repo.git");
    let started = Instant::now();
    let err = cache.sync(&closed, &opts).unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().contains(&closed), "{err}");
    let cause = err.fetch_cause().unwrap();
    assert_eq!(
        cause,
        FetchCause::Refused {
            host: format!("127.0.0.1:{port}")
        }
    );
    assert!(cause.is_network() && !cause.is_lasting());
    assert_eq!(
        err.to_string(),
        format!(
            "{closed}: cannot clone or fetch the repository: connection to 127.0.0.1:{port} refused"
        )
    );
    // gix's chain ends in the OS error; git's in curl's words.
    assert!(
        err.detail().contains("Connection refused") || err.detail().contains("Couldn't connect"),
        "-v keeps the whole chain: {}",
        err.detail()
    );
    assert!(started.elapsed() < Duration::from_secs(30));

    // A server that answers 404 (a deleted repository), then one that wants
    // credentials (a private one): "not found or private", and never a
    // prompt on the terminal.
    for (status, extra) in [
        ("404 Not Found", ""),
        (
            "401 Unauthorized",
            "WWW-Authenticate: Basic realm=\"git\"\r\n",
        ),
    ] {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://127.0.0.1:{}/org/repo.git",
            listener.local_addr().unwrap().port()
        );
        let server = std::thread::spawn(move || {
            use std::io::{Read, Write};
            listener.set_nonblocking(false).unwrap();
            for conn in listener.incoming().take(4) {
                let Ok(mut conn) = conn else { break };
                let mut buf = [0u8; 4096];
                let _ = conn.read(&mut buf);
                let _ = write!(
                    conn,
                    "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        let err = cache
            .sync(
                &url,
                &FetchOptions {
                    timeout: Duration::from_secs(20),
                    ..opts.clone()
                },
            )
            .unwrap_err();
        let cause = err.fetch_cause().unwrap();
        assert!(
            matches!(cause, FetchCause::NotFound { .. }),
            "{status}: {cause:?} from {}",
            err.detail()
        );
        assert!(cause.is_lasting() && !cause.is_network());
        assert!(
            err.to_string().contains("repository not found or private"),
            "{err}"
        );
        drop(server);
    }

    // A server that accepts and never answers: the timeout ends the wait.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent = format!(
        "https://127.0.0.1:{}/org/repo.git",
        listener.local_addr().unwrap().port()
    );
    let holder = std::thread::spawn(move || {
        let conn = listener.accept();
        std::thread::sleep(Duration::from_secs(5));
        drop(conn);
    });
    let started = Instant::now();
    let err = cache
        .sync(
            &silent,
            &FetchOptions {
                timeout: Duration::from_secs(2),
                ..opts.clone()
            },
        )
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { seconds: 2, .. }), "{err:?}");
    assert_eq!(
        err.fetch_cause(),
        Some(FetchCause::TimedOut { seconds: Some(2) })
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    holder.join().unwrap();
}
