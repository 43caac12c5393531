//! Helpers shared by the integration tests: fixture repositories built by the
//! shell scripts in `tests/fixtures/`, and the git CLI as the reference.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Fixture {
    pub _tmp: tempfile::TempDir,
    pub path: PathBuf,
}

/// Runs `tests/fixtures/<name>.sh` into a fresh temporary directory.
pub fn fixture(name: &str) -> Fixture {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join(name);
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.sh"));
    let out = Command::new("sh")
        .arg(&script)
        .arg(&path)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "{} failed: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Fixture { _tmp: tmp, path }
}

/// Runs git in `dir` with the user's configuration ignored; returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("TZ", "UTC")
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn git_ok(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

pub fn ts(s: &str) -> jiff::Timestamp {
    s.parse().expect("RFC 3339 timestamp")
}

pub mod random;
pub mod serve;

/// Files held in memory, for running the checks over any tree.
pub struct Memory(pub std::collections::BTreeMap<String, Vec<u8>>);

impl radar_evidence::checks::FileSource for Memory {
    fn read(&self, path: &str, limit: usize) -> Option<Result<Vec<u8>, u64>> {
        let data = self.0.get(path)?;
        Some(Ok(data[..data.len().min(limit)].to_vec()))
    }
}
