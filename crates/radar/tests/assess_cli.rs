//! `radar assess`, `report`, `advise` and `history` end to end, as a user
//! runs them: scripted repositories behind `https://github.com/fixture-org/…`
//! URLs (a private `insteadOf` rule), a catalog naming them, a SQLite file.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{AS_OF, entry, four_repos, gitconfig, ok, radar};
use serde_json::Value;

/// Seven projects: the four fixture kinds, a second row on the healthy
/// repository (with hostile text in its name), a repository that does not
/// exist and a row with no repository at all.
fn catalog(dir: &Path) -> std::path::PathBuf {
    let platform =
        "    platform_use:\n    - label: Acme Cloud\n      url: https://cloud.example/\n";
    let projects = [
        entry(
            "oldtool",
            "Oldtool",
            Some("oldtool"),
            "CNCF",
            "incubating",
            "",
        ),
        entry(
            "retired",
            "Retired",
            Some("retired"),
            "Azure",
            "sandbox",
            "",
        ),
        entry(
            "healthy",
            "Healthy",
            Some("healthy"),
            "CNCF",
            "sandbox",
            platform,
        ),
        entry(
            "healthy-feature",
            "Healthy <b>| feature",
            Some("healthy"),
            "CNCF",
            "sandbox",
            "",
        ),
        entry("sleepy", "Sleepy", Some("sleepy"), "CNCF", "sandbox", ""),
        entry("missing", "Missing", Some("missing"), "CNCF", "sandbox", ""),
        entry("paper", "Paper", None, "CNCF", "sandbox", ""),
    ];
    let path = dir.join("catalog.yaml");
    std::fs::write(
        &path,
        format!(
            "title: Fixture catalog\nareas:\n- name: Tools\n  projects:\n{}",
            projects.concat()
        ),
    )
    .unwrap();
    path
}

struct Setup {
    _tmp: tempfile::TempDir,
    home: std::path::PathBuf,
    catalog: std::path::PathBuf,
    db: String,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let repos = four_repos(tmp.path());
    let home = tmp.path().join("home");
    gitconfig(&home, &repos);
    let catalog = catalog(tmp.path());
    let db = format!("sqlite://{}", tmp.path().join("radar.db").display());
    Setup {
        home,
        catalog,
        db,
        _tmp: tmp,
    }
}

impl Setup {
    fn radar(&self, args: &[&str]) -> (String, String) {
        ok(radar(&self.home)
            .args(args)
            .arg("--catalog")
            .arg(&self.catalog)
            .args(["--database", &self.db]))
    }

    /// Commands that read the store only.
    fn radar_db(&self, args: &[&str]) -> (String, String) {
        ok(radar(&self.home).args(args).args(["--database", &self.db]))
    }

    fn assess(&self, extra: &[&str]) -> String {
        let cache = self.home.join("repos");
        let mut args = vec![
            "assess",
            "--as-of",
            AS_OF,
            "--cache-dir",
            cache.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        self.radar(&args).1
    }

    fn report(&self) -> HashMap<String, Value> {
        let (json, _) = self.radar(&["report", "--format", "json"]);
        let v: Value = serde_json::from_str(&json).unwrap();
        v["projects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["id"].as_str().unwrap().to_owned(), p.clone()))
            .collect()
    }
}

fn rules(row: &Value) -> Vec<&str> {
    row["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn assess_flags_ended_projects_and_no_active_one() {
    let s = setup();
    let err = s.assess(&[]);
    // One unreachable repository does not stop the run; two rows on one repository measure it once.
    assert!(
        err.contains("assessed 7 projects (5 repositories)"),
        "{err}"
    );
    assert!(
        err.contains("5 measured, 0 unchanged")
            && err.contains("1 unreachable, 1 without repository"),
        "{err}"
    );
    assert!(err.contains("7 saved"), "{err}");

    let rows = s.report();
    assert_eq!(rows.len(), 7);
    for (id, kind) in [("oldtool", "deprecated"), ("retired", "archived")] {
        let r = &rows[id];
        assert_eq!(r["lifecycle"], kind, "{id}: {r:#}");
        assert_eq!(r["ended"], true, "{id}");
        assert_eq!(r["flagged"], true, "{id}");
        assert!(
            rules(r).contains(&"announced-end-of-life"),
            "{id}: {:?}",
            rules(r)
        );
        assert_eq!(r["advice"]["verdict"], "hold", "{id}");
    }
    for id in ["healthy", "healthy-feature"] {
        let r = &rows[id];
        assert_eq!(r["status"], "measured");
        assert_eq!(r["lifecycle"], "active", "{id}");
        assert_eq!(r["ended"], false, "{id}");
        assert_eq!(r["flagged"], false, "{id}: {:?}", rules(r));
        assert!(!rules(r).contains(&"announced-end-of-life"));
        assert_eq!(r["contributors"], 3, "{id}");
        assert_eq!(r["organisations_365d"], 3, "{id}");
        assert_eq!(r["latest_release"], "v1.2.0", "{id}");
        assert_ne!(r["advice"]["verdict"], "hold", "{id}");
    }
    // Same repository, same measurement.
    assert_eq!(rows["healthy"]["head"], rows["healthy-feature"]["head"]);
    let sleepy = &rows["sleepy"];
    assert_eq!(sleepy["lifecycle"], "inactive");
    assert_eq!(sleepy["ended"], false, "inactive is not ended");
    assert!(rules(sleepy).contains(&"inactive"));
    let missing = &rows["missing"];
    assert_eq!(missing["status"], "unreachable");
    assert!(rules(missing).contains(&"unreachable"));
    assert!(
        missing["error"]
            .as_str()
            .unwrap()
            .contains("https://github.com/fixture-org/missing"),
        "{missing:#}"
    );
    assert_eq!(
        missing["advice"]["verdict"], "assess",
        "unreachable is not a reason to hold"
    );
    assert_eq!(rows["paper"]["status"], "no-repository");
    assert_eq!(rows["healthy"]["as_of"], format!("{AS_OF}T23:59:59Z"));

    // Advice for production: the ended projects are on hold, with the README line as the reason.
    let (text, _) = s.radar(&["advise", "--goal", "production"]);
    let block = |id: &str| -> String {
        let mut lines = text
            .lines()
            .skip_while(|l| !l.ends_with(&format!("({id})")));
        let head = lines
            .next()
            .unwrap_or_else(|| panic!("{id} missing:\n{text}"));
        std::iter::once(head)
            .chain(lines.take_while(|l| l.starts_with("        -")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let old = block("oldtool");
    assert!(old.starts_with("HOLD"), "{old}");
    assert!(
        old.contains("announces the project is deprecated")
            && old.contains("README.md:3: This project is deprecated"),
        "{old}"
    );
    let retired = block("retired");
    assert!(
        retired.starts_with("HOLD") && retired.contains("archived"),
        "{retired}"
    );
    assert!(
        !block("healthy").starts_with("HOLD"),
        "{}",
        block("healthy")
    );
    // Support required: only a project a product uses can be supported.
    let (json, _) = s.radar(&[
        "advise",
        "--goal",
        "production",
        "--support",
        "required",
        "--format",
        "json",
        "healthy",
        "sleepy",
    ]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let verdicts: Vec<(&str, &str)> = v["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap(),
                p["advice"]["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(verdicts.len(), 2);
    assert!(verdicts.contains(&("sleepy", "hold")), "{verdicts:?}");
    assert!(
        verdicts
            .iter()
            .any(|(id, v)| *id == "healthy" && *v != "hold"),
        "{verdicts:?}"
    );
}

#[test]
fn a_rerun_with_unchanged_repositories_reuses_the_evidence() {
    let s = setup();
    s.assess(&[]);
    let err = s.assess(&[]);
    assert!(
        err.contains("0 measured, 5 unchanged (stored evidence reused)"),
        "{err}"
    );
    // Offline, from the cache as it is: the same.
    let err = s.assess(&["--no-fetch"]);
    assert!(err.contains("0 measured, 5 unchanged"), "{err}");
    // --remeasure walks the history again.
    let err = s.assess(&["--remeasure"]);
    assert!(err.contains("5 measured, 0 unchanged"), "{err}");
    // Every run is kept: the history of one project has four points, all at the same HEAD.
    let (json, _) = s.radar_db(&["history", "healthy", "--format", "json"]);
    let points: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(points.len(), 4);
    assert!(
        points
            .iter()
            .all(|p| p["head_commit"] == points[0]["head_commit"]
                && p["commits"] == points[0]["commits"])
    );
    let (table, _) = s.radar_db(&["history", "healthy"]);
    assert!(
        table.contains("healthy: 4 snapshot(s)") && table.contains("2025-06-30"),
        "{table}"
    );
    // A moved HEAD is measured again.
    let repo = s.home.parent().unwrap().join("repos/healthy");
    std::fs::write(repo.join("NEWS.md"), "news\n").unwrap();
    common::git(
        &repo,
        &["add", "-A"],
        "2025-06-20T10:00:00Z",
        "ann@acme.com",
    );
    common::git(
        &repo,
        &["commit", "-q", "-m", "news"],
        "2025-06-20T10:00:00Z",
        "ann@acme.com",
    );
    let err = s.assess(&[]);
    assert!(err.contains("2 measured, 3 unchanged"), "{err}");
    let (json, _) = s.radar_db(&["history", "healthy", "--format", "json"]);
    let points: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert_ne!(points[4]["head_commit"], points[3]["head_commit"]);
    assert_eq!(
        points[4]["commits"].as_i64().unwrap(),
        points[3]["commits"].as_i64().unwrap() + 1
    );
}

#[test]
fn report_formats_escape_what_they_show() {
    let s = setup();
    s.assess(&[]);
    let (md, _) = s.radar(&["report", "--format", "markdown"]);
    assert!(md.starts_with("## Assessment\n"), "{md}");
    let row = md.lines().find(|l| l.contains("feature")).unwrap();
    // The name's markup and its `|` are inert: the row keeps its 10 cells.
    assert!(row.contains(r"Healthy \<b>\| feature"), "{row}");
    assert_eq!(row.matches(" | ").count(), 9, "{row}");
    assert!(md.contains("| Security (git-visible checks) |"), "{md}");
    assert!(
        md.contains("| Oldtool | CNCF: incubating |") && md.contains("**deprecated**"),
        "{md}"
    );
    assert!(
        md.contains("### Findings") && md.contains("`announced-end-of-life`"),
        "{md}"
    );
    // Assessed without a token: every form says which figures a token adds.
    assert!(
        md.contains("\nGitHub: no GitHub figures (set GITHUB\\_TOKEN to add them)"),
        "{md}"
    );
    // Claims and evidence: the two healthy rows match, the three ended or
    // sleepy ones are ahead; the sleepy one is stopped at sandbox.
    assert!(
        md.contains(
            "\n### Claims and evidence\n\n2 claims match the evidence, 3 ahead of it, 0 behind it"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "- **Sleepy**: claims sandbox, the evidence supports none (stopped by sandbox: "
        ),
        "{md}"
    );
    let (text, _) = s.radar(&["report"]);
    assert!(
        text.contains("Claims and evidence: 2 claims match"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("sandbox")
            && l.split_whitespace().collect::<Vec<_>>() == ["sandbox", "1", "2", "0", "0", "0"]),
        "the cncf matrix row: one sleepy claim supported by nothing, two healthy ones at sandbox: {text}"
    );
    let (json, _) = s.radar(&["report", "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["agreement"]["matches"], 2, "{json}");
    assert_eq!(v["agreement"]["ahead"], 3, "{json}");
    assert_eq!(
        v["agreement"]["models"][1]["model"], "cncf",
        "models in id order"
    );
    assert_eq!(
        v["agreement"]["models"][1]["cells"]["sandbox/sandbox"],
        serde_json::json!(["healthy", "healthy-feature"])
    );
    assert_eq!(v["github"]["projects_with_figures"], 0);
    let adds: Vec<&str> = v["github"]["token_adds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        adds,
        [
            "merged_pull_requests",
            "first_response",
            "latest_merged_pull_request"
        ]
    );
    assert!(v["projects"][0].get("github").unwrap().is_null());

    let (csv, csv_err) = s.radar(&["report", "--format", "csv"]);
    assert!(
        csv_err.contains("github: no GitHub figures (set GITHUB_TOKEN"),
        "{csv_err}"
    );
    assert!(
        csv.lines().next().unwrap().contains(
            ",github_archived,github_renamed_to,security_score,security_binary_artifacts,"
        ),
        "{csv}"
    );
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",security_token_permissions"),
        "{csv}"
    );
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        lines[0].starts_with("area,id,name,repo,status,"),
        "{}",
        lines[0]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Tools,oldtool,Oldtool,") && l.contains(",deprecated,true,")),
        "{csv}"
    );

    let (table, _) = s.radar(&["report"]);
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("PROJECT") && header.contains("ADVICE"),
        "{table}"
    );
    // Every measured row has Scorecard's aggregate over the git-visible checks.
    assert!(header.contains("SECURITY"), "{table}");
    let at = header.find("SECURITY").unwrap();
    let healthy = table.lines().find(|l| l.starts_with("Healthy")).unwrap();
    let cell: String = healthy
        .chars()
        .skip(header[..at].chars().count())
        .take(8)
        .collect();
    assert!(
        cell.trim()
            .parse::<f64>()
            .is_ok_and(|s| (0.0..=10.0).contains(&s)),
        "{cell:?} in {healthy}"
    );
    let old = table.lines().find(|l| l.starts_with("Oldtool")).unwrap();
    assert!(
        old.contains("deprecated ⚑") && old.contains("hold"),
        "{old}"
    );
    assert!(
        table.contains("Flagged:") && table.contains("announced-end-of-life"),
        "{table}"
    );
    assert!(
        !header.contains("1ST REPLY"),
        "no GitHub columns without figures: {header}"
    );
    let note = table
        .lines()
        .find(|l| l.starts_with("GitHub: "))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(
        note.contains("set GITHUB_TOKEN") && note.contains("median time to first response"),
        "{note}"
    );
    assert!(
        table
            .lines()
            .find(|l| l.starts_with("Missing"))
            .unwrap()
            .contains("unreachable"),
        "{table}"
    );
}

#[test]
fn radar_alone_assesses_the_local_catalog_and_prints_the_report() {
    let s = setup();
    let work = s.home.parent().unwrap().join("work");
    std::fs::create_dir_all(&work).unwrap();
    // `radar.yaml` in the working directory is the catalog when none is named.
    let text = std::fs::read_to_string(&s.catalog).unwrap();
    std::fs::write(work.join("radar.yaml"), text).unwrap();
    let out = radar(&s.home).current_dir(&work).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("assessed 7 projects"), "{stderr}");
    assert!(
        work.join("radar.db").is_file(),
        "the default store is ./radar.db"
    );
    assert!(
        stdout.starts_with("PROJECT") && stdout.contains("Retired"),
        "{stdout}"
    );
}

#[test]
fn errors_say_what_to_do() {
    let s = setup();
    // Nothing assessed yet: report names the missing file and the command to run.
    let out = radar(&s.home)
        .args(["report", "--catalog"])
        .arg(&s.catalog)
        .args(["--database", &format!("{}.none", s.db)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not exist") && err.contains("radar assess"),
        "{err}"
    );
    // A PostgreSQL nobody listens on.
    let out = radar(&s.home)
        .args(["assess", "--catalog"])
        .arg(&s.catalog)
        .args(["--database", "postgres://radar@127.0.0.1:1/radar"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot open the store") && err.contains("127.0.0.1:1"),
        "{err}"
    );
    // An unknown project for advise.
    let out = radar(&s.home)
        .args(["advise", "nope", "--catalog"])
        .arg(&s.catalog)
        .args(["--database", &s.db])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

impl Setup {
    /// A catalog of `https://127.0.0.1/acme/<repo>` rows (id, repo, body,
    /// level): the fake GitHub's web host is 127.0.0.1, so the API answers
    /// them from the fake while git reads the fixtures (an insteadOf rule).
    fn github_catalog(&self, rows: &[(&str, &str, &str, &str)]) -> std::path::PathBuf {
        let repos = self.home.parent().unwrap().join("repos");
        std::fs::write(
            self.home.join("gitconfig"),
            format!(
                "[url \"file://{}/\"]\n\tinsteadOf = https://127.0.0.1/acme/\n",
                repos.display()
            ),
        )
        .unwrap();
        let entries: String = rows
            .iter()
            .map(|(id, repo, body, level)| {
                format!("  - name: {id}\n    id: {id}\n    repo: https://127.0.0.1/acme/{repo}\n    state:\n      body: {body}\n      level: {level}\n")
            })
            .collect();
        let catalog = self.home.parent().unwrap().join("gh.yaml");
        std::fs::write(
            &catalog,
            format!("areas:\n- name: A\n  projects:\n{entries}"),
        )
        .unwrap();
        catalog
    }

    /// `radar assess` with a token, against the fake GitHub at `api`.
    fn assess_with_token(&self, api: &str, catalog: &Path, extra: &[&str]) -> (String, String) {
        ok(radar(&self.home)
            .env("GITHUB_TOKEN", "test-token")
            .env("RADAR_GITHUB_API", api)
            .env("RADAR_GITHUB_MAX_WAIT", "1")
            .args([
                "assess",
                "--as-of",
                AS_OF,
                "--database",
                &self.db,
                "--catalog",
            ])
            .arg(catalog)
            .args(extra))
    }
}

/// With a token, GitHub's archived flag counts even when the README is
/// silent; the facts are stored with the evidence and reused with it.
#[test]
fn a_github_archived_flag_is_read_when_a_token_is_set() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let s = setup();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let github = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/repos/acme/healthy"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "full_name": "acme/healthy", "archived": true, "disabled": false, "fork": false,
                "default_branch": "main", "html_url": "https://127.0.0.1/acme/healthy",
                "stargazers_count": 5, "forks_count": 1, "watchers_count": 5, "open_issues_count": 0
            })))
            .mount(&server)
            .await;
        server
    });
    // The repository is served to git from the fixture, to the API by the fake GitHub.
    let catalog = s.github_catalog(&[("healthy", "healthy", "CNCF", "sandbox")]);
    let run = |extra: &[&str]| s.assess_with_token(&github.uri(), &catalog, extra);
    let (_, err) = run(&[]);
    assert!(err.contains("1 measured"), "{err}");
    let (_, err) = run(&[]);
    assert!(err.contains("0 measured, 1 unchanged"), "{err}");
    let (json, _) = ok(radar(&s.home)
        .args([
            "report",
            "--format",
            "json",
            "--database",
            &s.db,
            "--catalog",
        ])
        .arg(&catalog));
    let v: Value = serde_json::from_str(&json).unwrap();
    let row = &v["projects"][0];
    assert_eq!(row["lifecycle"], "archived", "{row:#}");
    assert_eq!(row["ended"], true);
    assert!(rules(row).contains(&"announced-end-of-life"), "{row:#}");
    let requests = rt.block_on(github.received_requests()).unwrap_or_default();
    assert!(
        requests
            .iter()
            .any(|r| r.url.path() == "/repos/acme/healthy"),
        "GitHub was asked"
    );
    let repo_calls = requests
        .iter()
        .filter(|r| r.url.path() == "/repos/acme/healthy")
        .count();
    assert_eq!(
        repo_calls, 1,
        "the re-run reused the stored facts instead of asking again"
    );
}

/// Offline after a first run: every fetch fails (the insteadOf rule now
/// points at a closed port), so the cached clones are measured instead —
/// known repositories keep their figures, with a `stale-cache` warning —
/// and only the repository never cloned is unreachable. Each failure is
/// printed once, grouped by cause, with the offline hint.
#[test]
fn a_failed_fetch_measures_the_cached_copy() {
    let s = setup();
    s.assess(&[]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(
        s.home.join("gitconfig"),
        format!(
            "[url \"https://127.0.0.1:{port}/\"]\n\tinsteadOf = https://github.com/fixture-org/\n"
        ),
    )
    .unwrap();
    // A later day: the evidence is measured again, from the cached copies.
    let err = s
        .radar(&[
            "assess",
            "--as-of",
            "2025-07-15",
            "--cache-dir",
            s.home.join("repos").to_str().unwrap(),
        ])
        .1;
    let refused = format!("connection to 127.0.0.1:{port} refused");
    assert!(
        err.contains("5 measured") && err.contains("1 unreachable"),
        "{err}"
    );
    assert!(
        err.contains("5 measured from the cache after a failed fetch"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "  stale cache  fetch failed: {refused}; measured the cached copies: oldtool, retired, healthy, healthy-feature, sleepy (5 projects)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "  unreachable  missing: https://github.com/fixture-org/missing: {refused}"
        )),
        "{err}"
    );
    assert_eq!(err.matches(&refused).count(), 2, "each failure once: {err}");
    assert!(
        !err.contains("Transport handshake"),
        "the whole chain only with -v: {err}"
    );
    assert!(
        err.contains("hint: no network? `radar assess --no-fetch` uses the cache"),
        "{err}"
    );

    let rows = s.report();
    let healthy = &rows["healthy"];
    assert_eq!(healthy["status"], "measured", "{healthy:#}");
    assert_eq!(healthy["lifecycle"], "active");
    assert_eq!(healthy["contributors"], 3);
    let stale: Vec<&Value> = healthy["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "stale-cache")
        .collect();
    assert_eq!(stale.len(), 1, "{healthy:#}");
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    assert_eq!(
        stale[0]["message"],
        format!("fetch failed: {refused}; measured the cached copy last fetched {today}")
    );
    assert_eq!(stale[0]["severity"], "warning");
    assert_eq!(
        rows["oldtool"]["lifecycle"], "deprecated",
        "end-of-life findings survive going offline"
    );
    assert_eq!(rows["missing"]["status"], "unreachable");

    // -v keeps the whole chain.
    let out = radar(&s.home)
        .args(["-v", "assess", "--as-of", "2025-07-16", "--catalog"])
        .arg(&s.catalog)
        .args([
            "--database",
            &s.db,
            "--cache-dir",
            s.home.join("repos").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // The transport's own words: the OS's through gix, curl's through the git CLI.
    assert!(
        err.contains("Connection refused") || err.contains("Couldn't connect to server"),
        "{err}"
    );
}

#[path = "../../radar-github/tests/support/mod.rs"]
mod github_fake;

/// With a token: GitHub's figures reach the findings (a moved repository,
/// one GitHub says does not exist) and every report form. (The criteria
/// they feed are pinned in radar-assess's tests.)
#[test]
fn github_figures_flow_into_findings_and_reports() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let s = setup();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let github = rt.block_on(async {
        let server = MockServer::start().await;
        github_fake::mount_github(&server).await;
        // acme/healthy answers as acme/rocket's fake does, under its own name.
        Mock::given(method("GET"))
            .and(path("/repos/acme/healthy"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(github_fake::repo_json("acme/rocket")),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/repos/acme/oldtool"))
            .respond_with(
                ResponseTemplate::new(404)
                    .set_body_json(serde_json::json!({"message": "Not Found"})),
            )
            .mount(&server)
            .await;
        server
    });
    let catalog = s.github_catalog(&[
        ("healthy", "healthy", "Azure", "sandbox"),
        ("oldtool", "oldtool", "CNCF", "sandbox"),
    ]);
    s.assess_with_token(&github.uri(), &catalog, &[]);
    let report = |format: &str| {
        ok(radar(&s.home)
            .args([
                "report",
                "--format",
                format,
                "--database",
                &s.db,
                "--catalog",
            ])
            .arg(&catalog))
    };
    let (json, _) = report("json");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["github"]["projects_with_figures"], 1);
    assert!(v["github"].get("note").is_none());
    let healthy = &v["projects"][0];
    let g = &healthy["github"];
    assert_eq!(
        (
            g["stars"].as_u64(),
            g["open_issues"].as_u64(),
            g["open_pull_requests"].as_u64()
        ),
        (Some(1234), Some(18), Some(12))
    );
    assert!(
        g["reviewed_share"].is_number() && g["first_response_median_hours"].is_number(),
        "{g:#}"
    );
    assert_eq!(g["renamed_to"], "acme/rocket");
    // GitHub redirected acme/healthy to acme/rocket: the catalog should say so.
    let moved: Vec<&Value> = healthy["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "repository-moved")
        .collect();
    assert_eq!(moved.len(), 1, "{healthy:#}");
    assert_eq!(
        moved[0]["message"],
        "GitHub says acme/healthy moved to acme/rocket: change the catalog's repository from https://127.0.0.1/acme/healthy to https://github.com/acme/rocket"
    );
    // GitHub does not know acme/oldtool although git read its mirror.
    let old = &v["projects"][1];
    let gone: Vec<&Value> = old["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "github-not-found")
        .collect();
    assert_eq!(gone.len(), 1, "{old:#}");
    assert_eq!(gone[0]["severity"], "error");
    assert!(
        gone[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("GitHub says https://127.0.0.1/acme/oldtool does not exist (HTTP 404)")
    );
    assert_eq!(old["status"], "measured", "git still measured the mirror");

    let (table, _) = report("table");
    let header = table.lines().next().unwrap();
    assert!(
        header.contains("OPEN I/PR") && header.contains("1ST REPLY") && header.contains("REVIEWED"),
        "{table}"
    );
    let row = table.lines().find(|l| l.starts_with("healthy")).unwrap();
    assert!(row.contains("18/12"), "{row}");
    assert!(!table.contains("set GITHUB_TOKEN"), "{table}");
    let (md, _) = report("markdown");
    assert!(
        md.contains(
            "| Open issues / PRs | First reply (median, 90 days) | PRs reviewed (90 days) |"
        ),
        "{md}"
    );
    assert!(
        md.lines()
            .any(|l| l.starts_with("| healthy |") && l.contains("| 18/12 |")),
        "{md}"
    );
    let (csv, csv_err) = report("csv");
    assert!(!csv_err.contains("GITHUB_TOKEN"), "{csv_err}");
    // The GitHub columns come before the security ones: open issues, open PRs, merged, reviewed, reply, archived, moved to.
    let record = csv
        .split("\r\n")
        .find(|l| l.contains(",false,acme/rocket,"))
        .unwrap_or_else(|| panic!("{csv}"));
    let end = record.find(",false,acme/rocket,").unwrap() + ",false,acme/rocket".len();
    let tail: Vec<&str> = record[..end].rsplitn(8, ',').collect();
    assert_eq!((tail[6], tail[5]), ("18", "12"), "{record}");
}
