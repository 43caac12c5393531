//! Scripted fixtures for the assessment and worker tests: git repositories
//! built with fixed dates and authors, a catalog whose repositories are
//! `https://github.com/fixture-org/<name>` URLs, and a private git
//! configuration whose `url.<base>.insteadOf` sends those URLs to the
//! fixtures. Nothing touches the network or the user's settings.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

/// The as-of date every test measures at, so that windows ("the last 365
/// days") do not depend on when the test runs.
pub const AS_OF: &str = "2025-06-30";

pub fn git(dir: &Path, args: &[&str], date: &str, email: &str) {
    let name = email.split('@').next().unwrap_or("dev");
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", name)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", name)
        .env("GIT_COMMITTER_EMAIL", email)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One commit: (date, author email, file, content).
pub type Commit<'a> = (&'a str, &'a str, &'a str, &'a str);

/// A repository with these commits and (tag, date) annotated tags on the
/// commit current at that date.
pub fn repo(root: &Path, name: &str, commits: &[Commit], tags: &[(&str, &str)]) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    git(
        &dir,
        &["init", "-q", "-b", "main"],
        commits[0].0,
        commits[0].1,
    );
    let mut tags: Vec<&(&str, &str)> = tags.iter().collect();
    for (i, (date, email, file, content)) in commits.iter().enumerate() {
        while let Some(&&(tag, at)) = tags.first() {
            if at > *date || i == 0 {
                break;
            }
            git(&dir, &["tag", "-a", tag, "-m", tag], at, email);
            tags.remove(0);
        }
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, content).unwrap();
        git(&dir, &["add", "-A"], date, email);
        git(
            &dir,
            &["commit", "-q", "-m", &format!("change {i} of {file}")],
            date,
            email,
        );
    }
    for (tag, at) in tags {
        git(&dir, &["tag", "-a", tag, "-m", tag], at, "release@acme.com");
    }
    dir
}

/// Monthly commits from `start` (YYYY-MM) for `months` months, cycling through `authors`.
pub fn monthly(
    start: (i32, u32),
    months: u32,
    authors: &[&'static str],
) -> Vec<(String, &'static str)> {
    (0..months)
        .map(|m| {
            let total = start.0 * 12 + (start.1 as i32 - 1) + m as i32;
            (
                format!("{}-{:02}-15T10:00:00Z", total / 12, total % 12 + 1),
                authors[m as usize % authors.len()],
            )
        })
        .collect()
}

/// Builds a repository from monthly activity: the listed files first, then
/// one change to `CHANGES.md` per month.
pub fn active_repo(
    root: &Path,
    name: &str,
    files: &[(&str, &str)],
    activity: &[(String, &str)],
    tags: &[(&str, &str)],
) -> PathBuf {
    let first = &activity[0];
    let mut commits: Vec<Commit> = files
        .iter()
        .map(|(f, c)| (first.0.as_str(), first.1, *f, *c))
        .collect();
    let notes: Vec<String> = (0..activity.len())
        .map(|i| format!("change {i}\n"))
        .collect();
    for (i, (date, email)) in activity.iter().enumerate() {
        commits.push((date.as_str(), email, "CHANGES.md", notes[i].as_str()));
    }
    repo(root, name, &commits, tags)
}

pub const GOVERNANCE: [(&str, &str); 5] = [
    ("LICENSE", "Apache License\nVersion 2.0, January 2004\n"),
    (
        "CODE_OF_CONDUCT.md",
        "# Code of conduct\nWe follow the CNCF code of conduct.\n",
    ),
    ("CONTRIBUTING.md", "# Contributing\nOpen a pull request.\n"),
    (
        "MAINTAINERS.md",
        "# Maintainers\n- Ann (@ann, Acme)\n- Bob (@bob, Globex)\n",
    ),
    ("SECURITY.md", "# Security\nMail security@acme.com.\n"),
];

/// The four kinds of repository the assessment must tell apart, under
/// `root/repos`: `oldtool` (README announces deprecation, still active),
/// `retired` (README announces archival), `healthy` (three organisations,
/// monthly commits, recent releases), `sleepy` (no commit since 2023).
pub fn four_repos(root: &Path) -> PathBuf {
    let repos = root.join("repos");
    let team = ["ann@acme.com", "bob@globex.com", "cy@initech.com"];
    let mut readme_files = vec![("README.md", "# Healthy\n\nA tool that works.\n")];
    readme_files.extend(GOVERNANCE);
    active_repo(
        &repos,
        "healthy",
        &readme_files,
        &monthly((2023, 7), 24, &team),
        &[
            ("v1.0.0", "2024-03-20T00:00:00Z"),
            ("v1.1.0", "2024-11-20T00:00:00Z"),
            ("v1.2.0", "2025-05-20T00:00:00Z"),
        ],
    );
    active_repo(
        &repos,
        "oldtool",
        &[(
            "README.md",
            "# Oldtool\n\nThis project is deprecated. Use Newtool instead.\n",
        )],
        &monthly((2024, 9), 9, &team),
        &[("v2.0.0", "2025-03-20T00:00:00Z")],
    );
    active_repo(
        &repos,
        "retired",
        &[(
            "README.md",
            "# Retired\n\n**This repository has been archived and is no longer maintained.**\n",
        )],
        &monthly((2022, 1), 26, &team),
        &[("v0.9.0", "2023-06-20T00:00:00Z")],
    );
    active_repo(
        &repos,
        "sleepy",
        &[("README.md", "# Sleepy\n\nA small library.\n")],
        &monthly((2021, 3), 30, &["dee@acme.com"]),
        &[("v1.0.0", "2022-01-20T00:00:00Z")],
    );
    repos
}

/// A private git configuration sending `https://github.com/fixture-org/X`
/// to `repos/X` (and nothing else anywhere).
pub fn gitconfig(home: &Path, repos: &Path) {
    std::fs::create_dir_all(home).unwrap();
    std::fs::write(
        home.join("gitconfig"),
        format!(
            "[url \"file://{}/\"]\n\tinsteadOf = https://github.com/fixture-org/\n",
            repos.display()
        ),
    )
    .unwrap();
}

/// `radar` with a private HOME, git configuration and cache; no GitHub
/// token and no Radar settings from the environment.
pub fn radar(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("radar").unwrap();
    cmd.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("NO_COLOR", "1");
    for var in [
        "RADAR_CACHE_DIR",
        "RADAR_DATABASE_URL",
        "RADAR_CATALOG",
        "RADAR_DB",
        "GITHUB_TOKEN",
        "GITHUB_TOKENS",
        "XDG_CONFIG_HOME",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs and insists on success; returns stdout and stderr.
pub fn ok(cmd: &mut Command) -> (String, String) {
    let out: Output = cmd.output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{stderr}\n{stdout}",
        out.status
    );
    (stdout, stderr)
}

/// A catalog project entry (YAML).
pub fn entry(
    id: &str,
    name: &str,
    repo: Option<&str>,
    body: &str,
    level: &str,
    extra: &str,
) -> String {
    let repo = repo
        .map(|r| format!("    repo: https://github.com/fixture-org/{r}\n"))
        .unwrap_or_default();
    format!(
        "  - name: '{}'\n    id: {id}\n{repo}    state:\n      body: {body}\n      level: {level}\n{extra}",
        name.replace('\'', "''")
    )
}

/// A throwaway PostgreSQL server and a fresh database `name` on it, or
/// `None` (with a notice) when the server binaries are not installed and
/// CI is not set; under `CI=true` a missing server is a failure. Keep the
/// server alive while the database is used.
pub fn postgres(name: &str) -> Option<(radar_store::throwaway::PgServer, String)> {
    use radar_store::throwaway::{PgServer, ThrowawayError};
    let server = match PgServer::start() {
        Ok(s) => s,
        Err(ThrowawayError::NotInstalled) if std::env::var("CI").as_deref() != Ok("true") => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "notice: PostgreSQL is not installed: skipping a PostgreSQL test (CI=true makes this a failure)"
            );
            return None;
        }
        Err(e) => panic!("cannot start a throwaway PostgreSQL: {e}"),
    };
    let url = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(server.create_database(name))
        .unwrap();
    Some((server, url))
}
