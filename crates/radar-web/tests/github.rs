//! GitHub's figures over HTTP: a project measured with a token shows them
//! beside the git figures (page, catalog column, JSON, CSV, OpenAPI); one
//! measured without says what a token would add; one not on GitHub says
//! nothing about GitHub.

mod common;

use common::{dashboard, get, github_dashboard, live, start};

/// The GitHub section of a project page.
fn github_section(page: &str) -> Option<&str> {
    let rest = page.split("<section class=\"github\"").nth(1)?;
    rest.split("</section>").next()
}

/// The text of one panel item: its label, value and note, tags removed.
fn item(section: &str, label: &str) -> String {
    let at = section
        .find(&format!("<div class=\"k\">{label}</div>"))
        .unwrap_or_else(|| panic!("no {label:?} in {section}"));
    let rest = &section[at..];
    let end = ["<div class=\"gh-item\">", "<ul", "<p"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    let mut text = String::new();
    let mut in_tag = false;
    for c in rest[..end].chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn with_a_token_the_figures_stand_beside_the_git_ones() {
    let base = start(live(github_dashboard())).await;
    let page = get(&base, "/project/alpha").await.body;
    let gh = github_section(&page).expect("a GitHub panel");
    // The git figures come first, GitHub's right after them.
    assert!(page.find("class=\"cards\"").unwrap() < page.find("class=\"github\"").unwrap());
    assert!(
        gh.contains("href=\"https://github.com/example/alpha\"") && gh.contains("as of 2025-06-30"),
        "{gh}"
    );
    assert_eq!(item(gh, "Archived"), "Archived no");
    assert_eq!(item(gh, "Stars · forks"), "Stars · forks 1234 · 56");
    assert_eq!(
        item(gh, "Open issues · pull requests"),
        "Open issues · pull requests 18 · 7"
    );
    assert_eq!(
        item(gh, "Pull requests merged in 90 days"),
        "Pull requests merged in 90 days 12 75% reviewed reviewed by someone other than the author"
    );
    let pr = item(gh, "Latest merged pull request");
    assert!(
        pr.contains("#42") && pr.contains("CLA ✗") && pr.contains("DCO ✓") && pr.contains("CI ✓"),
        "{pr}"
    );
    assert!(pr.contains("merged 2025-06-20; 1 CI check failed"), "{pr}");
    assert!(gh.contains("href=\"https://github.com/example/alpha/pull/42\""));
    let releases = item(gh, "GitHub releases");
    assert!(
        releases.contains("1/2 signed")
            && releases.contains(
                "of the 2 newest with assets: 1 signed, 1 with provenance, 0 with an SBOM"
            ),
        "{releases}"
    );
    assert_eq!(
        item(gh, "Community profile"),
        "Community profile 71% missing: contributing guide, issue template"
    );
    // A figure GitHub could not give is unknown, with its reason (and its date readable).
    assert_eq!(
        item(gh, "First response")
            .replace("&lt;", "&#60;")
            .replace("&gt;", "&#62;"),
        "First response unknown rate limit reached until 2025-06-30 Runs &#60;things&#62;"
    );
    assert!(gh.contains("<span class=\"pill muted\">unknown</span>"));
    assert!(!gh.contains("Moved to"), "not moved: no row");
    assert!(!gh.contains("No GitHub figures"));

    // The catalog grows a column for open issues and pull requests.
    let catalog = get(&base, "/").await.body;
    assert!(catalog.contains("class=\"catalog with-github\""));
    assert!(catalog.contains("<th scope=\"col\" class=\"live num c-gh\""));
    assert!(
        catalog.contains("title=\"on GitHub: 18 open issues, 7 open pull requests\">18<div class=\"sub\">7 PRs</div>"),
        "{catalog}"
    );
    assert!(
        catalog.contains("colspan=\"12\""),
        "area rows span the extra column"
    );

    // JSON: the project list and the project carry the figures.
    let list: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects.json").await.body).unwrap();
    let alpha = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "alpha")
        .unwrap();
    let g = &alpha["github"];
    assert_eq!(
        (
            g["open_issues"].as_u64(),
            g["open_pull_requests"].as_u64(),
            g["stars"].as_u64()
        ),
        (Some(18), Some(7), Some(1234))
    );
    assert_eq!(g["reviewed_share"], 0.75);
    assert_eq!(g["latest_merged_pull_request"]["number"], 42);
    assert_eq!(g["latest_merged_pull_request"]["dco"], true);
    assert_eq!(g["cla_check"], false);
    assert!(g["first_response_median_hours"].is_null());
    assert!(
        g["unknown"]["first_response"]
            .as_str()
            .unwrap()
            .starts_with("rate limit")
    );
    let beta = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "beta")
        .unwrap();
    assert!(beta["github"].is_null(), "not measured: no figures");
    let detail: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects/alpha.json").await.body).unwrap();
    assert_eq!(detail["github"]["forks"], 56);
    assert!(detail["github_note"].is_null());
    assert_eq!(
        detail["assessment"]["github"]["open_issues"], 18,
        "the assessment's own summary"
    );
    // The evidence document keeps GitHub's facts as stored.
    let evidence: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects/alpha/evidence.json").await.body).unwrap();
    assert_eq!(evidence["github"]["community"]["health_percentage"], 71);
    assert_eq!(evidence["github"]["description"], "Runs <things>");
    assert!(evidence["history"]["commits"].as_u64().unwrap() > 0);

    // CSV: the GitHub columns are filled.
    let csv = get(&base, "/api/catalog.csv").await.body;
    let mut lines = csv.split("\r\n");
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row = csv.split("\r\n").find(|l| l.contains(",alpha,")).unwrap();
    // The GitHub columns, then the security score, close each record.
    let cells: Vec<&str> = row.rsplitn(5, ',').collect();
    assert_eq!(
        &header[header.len() - 4..],
        [
            "github_open_issues",
            "github_open_pull_requests",
            "github_stars",
            "security_score"
        ]
    );
    assert_eq!(&cells[1..4], ["1234", "7", "18"], "{row}");

    // The statistics add them up, with a bar per project linking to its page.
    let stats: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/stats.json").await.body).unwrap();
    assert_eq!(stats["github"]["projects"], 1);
    assert_eq!(
        (
            stats["github"]["open_issues"].as_u64(),
            stats["github"]["open_pull_requests"].as_u64()
        ),
        (Some(18), Some(7))
    );
    assert_eq!(stats["github"]["open_per_project"][0]["count"], 25);
    let page = get(&base, "/stats").await.body;
    assert!(
        page.contains("<div class=\"k\">On GitHub</div><div class=\"v\">18 · 7</div>"),
        "{page}"
    );
    assert!(page.contains("<h2>Open issues and pull requests on GitHub</h2>"));
    assert!(page.contains("<a href=\"/project/alpha\">Alpha Runtime</a>"));

    // The OpenAPI document describes the new fields.
    let doc: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/openapi.json").await.body).unwrap();
    let schemas = &doc["components"]["schemas"];
    for field in [
        "open_issues",
        "reviewed_share",
        "latest_merged_pull_request",
        "unknown",
    ] {
        assert!(
            schemas["GithubFigures"]["properties"].get(field).is_some(),
            "GithubFigures.{field}"
        );
    }
    assert!(
        schemas["ProjectSummary"]["properties"]
            .get("github")
            .is_some()
    );
    // ProjectDetail flattens ProjectSummary: its own fields are the second part of an allOf.
    assert!(
        schemas["ProjectDetail"]["allOf"][1]["properties"]
            .get("github_note")
            .is_some(),
        "{}",
        schemas["ProjectDetail"]
    );
    assert!(
        schemas["MergedPullRequest"]["properties"]
            .get("cla")
            .is_some()
    );
}

#[tokio::test]
async fn github_facts_change_the_criteria_they_feed() {
    // Pull requests reviewed at 75%, below the 80% the azcnu `reviewed-prs` criterion asks:
    // the criteria table shows GitHub's figure, not "unknown".
    let base = start(live(github_dashboard())).await;
    let with = get(&base, "/api/projects/alpha/assessment.json").await.body;
    let plain = start(live(dashboard())).await;
    let without = get(&plain, "/api/projects/alpha/assessment.json")
        .await
        .body;
    let status = |doc: &str, id: &str| -> Option<String> {
        let a: serde_json::Value = serde_json::from_str(doc).unwrap();
        a["levels"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|l| l["criteria"].as_array().unwrap())
            .find(|c| c["id"] == id)
            .map(|c| c["status"].as_str().unwrap().to_owned())
    };
    // The fixture is judged by the CNCF model; merged-contributions reads GitHub.
    let with_status = status(&with, "merged-contributions");
    let without_status = status(&without, "merged-contributions");
    assert!(with_status.is_some(), "the criterion is in the model");
    assert_eq!(
        without_status.as_deref(),
        Some("unknown"),
        "no token: unknown"
    );
    assert_ne!(with_status, without_status, "GitHub's figures decide it");
}

#[tokio::test]
async fn without_a_token_the_page_says_what_one_adds() {
    let base = start(live(dashboard())).await;
    let page = get(&base, "/project/alpha").await.body;
    let gh = github_section(&page).expect("a GitHub section");
    assert!(
        gh.contains("No GitHub figures for this measurement"),
        "{gh}"
    );
    assert!(gh.contains("<code>GITHUB_TOKEN</code>"));
    for figure in [
        "the repository is archived (read-only) on GitHub",
        "open issues, pull requests excluded",
        "pull requests merged in the last 90 days",
        "median time to first response",
        "checks on the latest merged pull request: CLA bot, DCO, CI",
        "signature",
        "community profile",
    ] {
        assert!(gh.contains(figure), "{figure}: {gh}");
    }
    assert!(!gh.contains("gh-grid"), "no figures drawn");
    // Not measured yet (beta) or not on GitHub (gamma: no repository): nothing about GitHub.
    assert!(github_section(&get(&base, "/project/beta").await.body).is_none());
    assert!(github_section(&get(&base, "/project/gamma").await.body).is_none());
    // No project has figures: the catalog has no GitHub column.
    let catalog = get(&base, "/").await.body;
    assert!(!catalog.contains("c-gh") && catalog.contains("colspan=\"11\""));
    // JSON says why there are none.
    let detail: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects/alpha.json").await.body).unwrap();
    assert!(detail["github"].is_null());
    assert!(
        detail["github_note"]
            .as_str()
            .unwrap()
            .contains("GITHUB_TOKEN"),
        "{detail}"
    );
    let evidence: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects/alpha/evidence.json").await.body).unwrap();
    assert!(evidence.get("github").is_none());
    let stats: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/stats.json").await.body).unwrap();
    assert!(stats["github"].is_null());
    assert!(!get(&base, "/stats").await.body.contains("On GitHub"));
}

#[tokio::test]
async fn a_repository_github_does_not_know_is_said_plainly() {
    let mut d = dashboard();
    let alpha = d.projects.get_mut("alpha").unwrap();
    alpha.github = Some(radar_web::GithubData::NotFound(
        "GitHub has no repository example/alpha (deleted, renamed without a redirect, or private)"
            .into(),
    ));
    let base = start(live(d)).await;
    let page = get(&base, "/project/alpha").await.body;
    let gh = github_section(&page).unwrap();
    assert!(
        gh.contains("<div class=\"notice bad\">GitHub has no repository example/alpha"),
        "{gh}"
    );
    let evidence: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects/alpha/evidence.json").await.body).unwrap();
    assert_eq!(evidence["github_error"]["kind"], "not-found");
    let detail: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects/alpha.json").await.body).unwrap();
    assert!(
        detail["github_note"]
            .as_str()
            .unwrap()
            .starts_with("GitHub has no repository")
    );
}

#[tokio::test]
async fn moved_and_archived_repositories_stand_out() {
    let mut facts = common::github_facts_json("x");
    facts["archived"] = true.into();
    facts["renamed_to"] = "example/alpha-next".into();
    let doc = serde_json::json!({ "github": facts });
    let mut d = dashboard();
    d.projects.get_mut("alpha").unwrap().github = radar_web::GithubData::from_document(&doc);
    let base = start(live(d)).await;
    let page = get(&base, "/project/alpha").await.body;
    let gh = github_section(&page).unwrap();
    assert!(
        gh.contains("<span class=\"pill dead\">yes</span>"),
        "archived in the dark colour: {gh}"
    );
    assert!(
        item(gh, "Moved to").contains("example/alpha-next GitHub redirects"),
        "{gh}"
    );
    assert!(gh.contains("href=\"https://github.com/example/alpha-next\""));
}

#[tokio::test]
async fn an_assessment_stored_without_the_facts_still_shows_its_summary() {
    // An older store: the evidence document lacks `github`, the assessment has its summary.
    let mut d = github_dashboard();
    d.projects.get_mut("alpha").unwrap().github = None;
    let base = start(live(d)).await;
    let page = get(&base, "/project/alpha").await.body;
    let gh = github_section(&page).unwrap();
    assert_eq!(
        item(gh, "Open issues · pull requests"),
        "Open issues · pull requests 18 · 7"
    );
    assert!(item(gh, "Latest merged pull request").contains("CLA ✗"));
}
