//! `radar inspect` end to end: the binary on a scripted fixture, through the
//! cache with an `insteadOf` mirror, and on bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// Builds the widget fixture (radar-evidence's script) in `dir`.
fn widget(dir: &Path) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../radar-evidence/tests/fixtures/widget.sh");
    let repo = dir.join("widget");
    let out = Command::new("sh").arg(script).arg(&repo).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    repo
}

/// `radar` with a private HOME and git config, so the user's own settings never leak in.
fn radar(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("radar").unwrap();
    cmd.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("RADAR_CACHE_DIR")
        .env_remove("XDG_CONFIG_HOME");
    cmd
}

#[test]
fn inspect_a_local_repository_as_json_and_text() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("gitconfig"), "").unwrap();
    let repo = widget(tmp.path());
    let out = radar(tmp.path()).args(["inspect", repo.to_str().unwrap(), "--as-of", "2024-06-30", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2024-06-30T23:59:59Z");
    assert_eq!(v["history"]["commits"], 29);
    assert_eq!(v["history"]["contributors"], 8);
    assert_eq!(v["lifecycle"]["status"], "deprecated");
    assert_eq!(v["checks"]["maintainers"]["value"], 2);
    assert_eq!(v["releases"]["latest"]["tag"], "v1.2.0");
    assert!(!tmp.path().join("cache/radar").exists(), "a local path is read in place");

    let out = radar(tmp.path()).args(["inspect", repo.to_str().unwrap(), "--as-of", "2024-06-30"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("lifecycle      deprecated"), "{text}");
    assert!(text.contains("README.md:4: > This project is deprecated"), "{text}");
    assert!(text.contains("29 commits, 8 contributors"), "{text}");
    assert!(text.contains("✓ Maintainers"), "{text}");
}

#[test]
fn inspect_a_url_through_an_instead_of_mirror() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = widget(tmp.path());
    let mirrors = tmp.path().join("mirrors");
    std::fs::create_dir_all(&mirrors).unwrap();
    let ok = Command::new("git")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(["clone", "-q", "--bare", repo.to_str().unwrap(), mirrors.join("widget.git").to_str().unwrap()])
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::write(
        tmp.path().join("gitconfig"),
        format!("[url \"file://{}/\"]\n\tinsteadOf = https://github.com/example/\n", mirrors.display()),
    )
    .unwrap();
    let url = "https://github.com/example/widget";
    // Offline before the first fetch: a clear error, exit code 2.
    let out = radar(tmp.path()).args(["inspect", url, "--no-fetch"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not in the cache") && err.contains(url), "{err}");
    // Clone through the mirror (`widget` finds `widget.git`, as git does), fetch, then offline from the cache.
    for extra in [&[][..], &[][..], &["--no-fetch"][..]] {
        let out = radar(tmp.path()).args(["inspect", url, "--format", "json", "--as-of", "2024-06-30"]).args(extra).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["repository"]["url"], url);
        assert_eq!(v["history"]["commits"], 29);
        assert!(v["repository"]["path"].as_str().unwrap().ends_with("cache/radar/repos/github.com/example/widget.git"));
    }
}

#[test]
fn bad_input_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("gitconfig"), "").unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec![tmp.path().display().to_string()], "not a git repository"),
        (vec![tmp.path().join("missing").display().to_string()], "no such file or directory"),
        (vec![format!("https://127.0.0.1:{port}/a/b.git"), "--timeout".into(), "20".into()], "cannot clone or fetch the repository"),
        (vec![format!("file://{}/nowhere.git", tmp.path().display())], "cannot clone or fetch the repository"),
        (vec![".".into(), "--as-of".into(), "yesterday".into()], "not a date"),
    ];
    for (args, expect) in cases {
        let out = radar(tmp.path()).arg("inspect").args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}
