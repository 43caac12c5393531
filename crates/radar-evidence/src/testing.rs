//! Helpers for the unit tests that build a repository with the git CLI.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs git in `dir` (the user's configuration ignored, a fixed author)
/// and returns its output; a failure fails the test.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    git_with_input(dir, args, "")
}

/// [`git`] with `input` on its standard input (`git fast-import`).
pub(crate) fn git_with_input(dir: &Path, args: &[&str], input: &str) -> String {
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "a")
        .env("GIT_AUTHOR_EMAIL", "a@x.org")
        .env("GIT_COMMITTER_NAME", "a")
        .env("GIT_COMMITTER_EMAIL", "a@x.org")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
