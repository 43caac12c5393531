//! `radar inspect` end to end: the binary on a scripted fixture, through the
//! cache with an `insteadOf` mirror, and on bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// Builds the widget fixture (radar-evidence's script) in `dir`.
fn widget(dir: &Path) -> PathBuf {
    fixture(dir, "widget")
}

/// Builds radar-evidence's fixture `name` in `dir`.
fn fixture(dir: &Path, name: &str) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../radar-evidence/tests/fixtures/{name}.sh"));
    let repo = dir.join(name);
    let out = Command::new("sh").arg(script).arg(&repo).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    repo
}

/// `radar` with a private HOME and git config, so the user's own settings
/// never leak in; no GitHub token either (a token would call the real API).
fn radar(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("radar").unwrap();
    cmd.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("RADAR_CACHE_DIR")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_TOKENS")
        .env_remove("RADAR_GITHUB_API");
    cmd
}

#[test]
fn inspect_a_local_repository_as_json_and_text() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("gitconfig"), "").unwrap();
    let repo = widget(tmp.path());
    let out = radar(tmp.path())
        .args([
            "inspect",
            repo.to_str().unwrap(),
            "--as-of",
            "2024-06-30",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2024-06-30T23:59:59Z");
    assert_eq!(v["history"]["commits"], 29);
    assert_eq!(v["history"]["contributors"], 8);
    assert_eq!(v["lifecycle"]["status"], "deprecated");
    assert_eq!(v["checks"]["maintainers"]["value"], 2);
    assert_eq!(v["releases"]["latest"]["tag"], "v1.2.0");
    assert!(
        !tmp.path().join("cache/radar").exists(),
        "a local path is read in place"
    );

    let out = radar(tmp.path())
        .args(["inspect", repo.to_str().unwrap(), "--as-of", "2024-06-30"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("lifecycle      deprecated"), "{text}");
    assert!(
        text.contains("README.md:4: > This project is deprecated"),
        "{text}"
    );
    assert!(text.contains("29 commits, 8 contributors"), "{text}");
    assert!(text.contains("✓ Maintainers"), "{text}");
}

#[test]
fn text_output_says_what_is_a_reference_a_sub_module_or_a_personal_domain() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("gitconfig"), "").unwrap();
    let inspect = |name: &str| {
        let repo = fixture(tmp.path(), name);
        let out = radar(tmp.path())
            .args(["inspect", repo.to_str().unwrap(), "--as-of", "2024-06-30"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let text = inspect("community");
    let line = |title: &str| {
        text.lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title} in {text}"))
            .to_owned()
    };
    assert_eq!(
        line("Governance").trim(),
        "✓ Governance                       README.md:16  (README link to https://github.com/gadget/project/blob/main/GOVERNANCE.md: not a file in this repository)"
    );
    assert!(
        line("Security policy").ends_with("README.md:10  (a README section)"),
        "{text}"
    );
    assert!(
        line("Adopters").ends_with("3  community/adopters-list.md"),
        "{text}"
    );
    assert!(line("Roadmap").trim().starts_with('✗'), "{text}");

    let text = inspect("releases");
    assert!(text.contains("latest docker-v2.0.1 (2023-12-11)"), "{text}");
    assert!(text.contains("sub-modules (not the product line): api/v1.1.0 (2024-01-11), client/v0.1.0 (2023-09-10), pkg/azclient/trace/v0.23.0 (2024-02-10)"), "{text}");

    let text = inspect("personal");
    assert!(
        text.contains("one person's own domains, counted as independent: samuelkarp.com"),
        "{text}"
    );
}

#[test]
fn inspect_a_url_through_an_instead_of_mirror() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = widget(tmp.path());
    let mirrors = tmp.path().join("mirrors");
    std::fs::create_dir_all(&mirrors).unwrap();
    let ok = Command::new("git")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args([
            "clone",
            "-q",
            "--bare",
            repo.to_str().unwrap(),
            mirrors.join("widget.git").to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::write(
        tmp.path().join("gitconfig"),
        format!(
            "[url \"file://{}/\"]\n\tinsteadOf = https://github.com/example/\n",
            mirrors.display()
        ),
    )
    .unwrap();
    let url = "https://github.com/example/widget";
    // Offline before the first fetch: a clear error, exit code 2.
    let out = radar(tmp.path())
        .args(["inspect", url, "--no-fetch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not in the cache") && err.contains(url),
        "{err}"
    );
    // Clone through the mirror (`widget` finds `widget.git`, as git does), fetch, then offline from the cache.
    for extra in [&[][..], &[][..], &["--no-fetch"][..]] {
        let out = radar(tmp.path())
            .args(["inspect", url, "--format", "json", "--as-of", "2024-06-30"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["repository"]["url"], url);
        assert_eq!(v["history"]["commits"], 29);
        assert!(
            v["repository"]["path"]
                .as_str()
                .unwrap()
                .ends_with("cache/radar/repos/github.com/example/widget.git")
        );
    }
}

#[test]
fn bad_input_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("gitconfig"), "").unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![tmp.path().display().to_string()],
            "not a git repository",
        ),
        (
            vec![tmp.path().join("missing").display().to_string()],
            "no such file or directory",
        ),
        (
            vec![
                format!("https://127.0.0.1:{port}/a/b.git"),
                "--timeout".into(),
                "20".into(),
            ],
            "cannot clone or fetch the repository",
        ),
        (
            vec![format!("file://{}/nowhere.git", tmp.path().display())],
            "cannot clone or fetch the repository",
        ),
        (
            vec![".".into(), "--as-of".into(), "yesterday".into()],
            "not a date",
        ),
    ];
    for (args, expect) in cases {
        let out = radar(tmp.path())
            .arg("inspect")
            .args(&args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[path = "../../radar-github/tests/support/mod.rs"]
mod github_fake;

/// With a token, `radar inspect` shows GitHub's figures beside the git ones
/// (text, and JSON under the `github` key the assessment reads); without
/// one it says in one line what a token adds and does not call GitHub at
/// all; offline it does not call GitHub either; GitHub's 404 is named.
#[test]
fn github_figures_beside_the_git_ones_with_a_token() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = widget(tmp.path());
    let mirrors = tmp.path().join("mirrors");
    std::fs::create_dir_all(&mirrors).unwrap();
    for name in ["rocket", "gone"] {
        let ok = Command::new("git")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .args([
                "clone",
                "-q",
                "--bare",
                repo.to_str().unwrap(),
                mirrors.join(format!("{name}.git")).to_str().unwrap(),
            ])
            .status()
            .unwrap();
        assert!(ok.success());
    }
    // git reads the fixture; the API answers from the fake GitHub, whose web host is 127.0.0.1.
    std::fs::write(
        tmp.path().join("gitconfig"),
        format!(
            "[url \"file://{}/\"]\n\tinsteadOf = https://127.0.0.1/acme/\n",
            mirrors.display()
        ),
    )
    .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let server = wiremock::MockServer::start().await;
        github_fake::mount_github(&server).await;
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .and(wiremock::matchers::path("/repos/acme/gone"))
            .respond_with(
                wiremock::ResponseTemplate::new(404)
                    .set_body_json(serde_json::json!({"message": "Not Found"})),
            )
            .mount(&server)
            .await;
        server
    });
    let calls = || {
        rt.block_on(server.received_requests())
            .unwrap_or_default()
            .len()
    };
    let inspect = |token: bool, args: &[&str]| {
        let mut cmd = radar(tmp.path());
        cmd.env("RADAR_GITHUB_API", server.uri())
            .env("RADAR_GITHUB_MAX_WAIT", "1");
        if token {
            cmd.env("GITHUB_TOKEN", "test-token");
        }
        let out = cmd
            .arg("inspect")
            .args(args)
            .args(["--as-of", "2025-06-01"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let url = "https://127.0.0.1/acme/rocket";

    // No token: git figures, one line on what a token adds, and not a single request.
    let (text, _) = inspect(false, &[url]);
    assert!(text.contains("29 commits, 8 contributors"), "{text}");
    let line = text
        .lines()
        .find(|l| l.starts_with("github "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains("set GITHUB_TOKEN") && line.contains("median time to first response"),
        "{line}"
    );
    assert_eq!(text.lines().filter(|l| l.starts_with("github ")).count(), 1);
    let (json, err) = inspect(false, &[url, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v.get("github").is_none(), "no token, no github key");
    assert!(
        err.contains("github: no GitHub figures (set GITHUB_TOKEN"),
        "{err}"
    );
    assert_eq!(calls(), 0, "without a token GitHub is not called");

    // A token: GitHub's figures beside the git ones.
    let (text, _) = inspect(true, &[url]);
    assert!(text.contains("29 commits, 8 contributors"), "{text}");
    assert!(
        text.contains("github         acme/rocket (as of ")
            && text.contains(
                "1234 stars, 56 forks; 18 open issues, 12 open pull requests; archived: no"
            ),
        "{text}"
    );
    assert!(
        text.contains("pull requests merged") && text.contains("first response median"),
        "{text}"
    );
    assert!(
        text.contains("latest merged pull request #42: CLA ✓, DCO ✓, CI ✓ (1 failed)"),
        "{text}"
    );
    assert!(calls() > 0);
    let (json, _) = inspect(true, &[url, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["history"]["commits"], 29, "the git evidence is all there");
    let g = &v["github"];
    assert_eq!(g["repository"], "acme/rocket");
    assert_eq!(g["stars"], 1234);
    assert_eq!(g["open_issues"], 18);
    assert_eq!(g["archived"], false);
    assert!(
        g["merged_pull_requests"]["merged"].as_u64().unwrap() > 0,
        "{g:#}"
    );
    assert!(
        g["first_response"]["all"]["median_hours"].is_number(),
        "{g:#}"
    );
    assert_eq!(g["latest_merged_pull_request"]["has_cla"], true);

    // Offline: GitHub is not asked.
    let before = calls();
    let (text, _) = inspect(true, &[url, "--no-fetch"]);
    assert!(text.contains("github         not asked: offline"), "{text}");
    assert_eq!(calls(), before);

    // GitHub says the repository does not exist: named, and recorded for the assessment.
    let (text, _) = inspect(true, &["https://127.0.0.1/acme/gone"]);
    assert!(
        text.contains("github         GitHub repository acme/gone not found")
            && text.contains("HTTP 404"),
        "{text}"
    );
    let (json, _) = inspect(true, &["https://127.0.0.1/acme/gone", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["github_error"]["kind"], "not-found");
}

/// GitHub Enterprise Server: `RADAR_GITHUB_API=https://HOST/api/v3`; the
/// repository URLs are `https://HOST/owner/name` and GraphQL is at `/api/graphql`.
#[test]
fn github_enterprise_through_radar_github_api() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = widget(tmp.path());
    let mirrors = tmp.path().join("mirrors");
    std::fs::create_dir_all(&mirrors).unwrap();
    let ok = Command::new("git")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args([
            "clone",
            "-q",
            "--bare",
            repo.to_str().unwrap(),
            mirrors.join("rocket.git").to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::write(
        tmp.path().join("gitconfig"),
        format!(
            "[url \"file://{}/\"]\n\tinsteadOf = https://127.0.0.1/acme/\n",
            mirrors.display()
        ),
    )
    .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let server = wiremock::MockServer::start().await;
        github_fake::mount_github_at(&server, "/api/v3", "/api/graphql").await;
        server
    });
    let out = radar(tmp.path())
        .env("GITHUB_TOKEN", "test-token")
        .env("RADAR_GITHUB_API", format!("{}/api/v3", server.uri()))
        .env("RADAR_GITHUB_MAX_WAIT", "1")
        .args([
            "inspect",
            "https://127.0.0.1/acme/rocket",
            "--as-of",
            "2025-06-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["github"]["api"], format!("{}/api/v3", server.uri()));
    assert_eq!(v["github"]["stars"], 1234);
    assert!(
        v["github"]["first_response"]["all"]["median_hours"].is_number(),
        "GraphQL answered at /api/graphql"
    );
}
