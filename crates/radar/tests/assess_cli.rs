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
    // The name's markup and its `|` are inert: the row keeps its 9 cells.
    assert!(row.contains(r"Healthy \<b>\| feature"), "{row}");
    assert_eq!(row.matches(" | ").count(), 8, "{row}");
    assert!(
        md.contains("| Oldtool | CNCF: incubating |") && md.contains("**deprecated**"),
        "{md}"
    );
    assert!(
        md.contains("### Findings") && md.contains("`announced-end-of-life`"),
        "{md}"
    );

    let (csv, _) = s.radar(&["report", "--format", "csv"]);
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
    let repos = s.home.parent().unwrap().join("repos");
    std::fs::write(
        s.home.join("gitconfig"),
        format!(
            "[url \"file://{}/\"]\n\tinsteadOf = https://127.0.0.1/acme/\n",
            repos.display()
        ),
    )
    .unwrap();
    let catalog = s.home.parent().unwrap().join("gh.yaml");
    std::fs::write(
        &catalog,
        "areas:\n- name: A\n  projects:\n  - name: Healthy\n    id: healthy\n    repo: https://127.0.0.1/acme/healthy\n    state:\n      body: CNCF\n      level: sandbox\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        ok(radar(&s.home)
            .env("GITHUB_TOKEN", "test-token")
            .env("RADAR_GITHUB_API", github.uri())
            .env("RADAR_GITHUB_MAX_WAIT", "1")
            .args(["assess", "--as-of", AS_OF, "--database", &s.db, "--catalog"])
            .arg(&catalog)
            .args(extra))
    };
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
