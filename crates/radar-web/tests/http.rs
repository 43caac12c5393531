//! Every route over real HTTP on a loopback port: status, content type and
//! the content a person or a program relies on.

mod common;

use common::{dashboard, get, live, start};
use radar_web::{ProgressState, ProjectData};

const HTML: &str = "text/html; charset=utf-8";

#[tokio::test]
async fn every_route_answers() {
    let base = start(live(dashboard())).await;
    // (path, status, content type, text that must be there)
    let cases: &[(&str, u16, &str, &str)] = &[
        ("/", 200, HTML, "Alpha Runtime"),
        ("/?area=Tools", 200, HTML, "Gamma Tool"),
        ("/project/alpha", 200, HTML, "Commits per month"),
        ("/project/beta", 200, HTML, "not measured yet"),
        ("/project/gamma", 200, HTML, "names no repository"),
        ("/levels", 200, HTML, "Maturity levels"),
        ("/level/cncf/sandbox", 200, HTML, "Criteria"),
        ("/stats", 200, HTML, "Projects per area"),
        ("/badge/alpha.svg", 200, "image/svg+xml", "maturity"),
        (
            "/badge/alpha/lifecycle.svg",
            200,
            "image/svg+xml",
            "lifecycle: active",
        ),
        (
            "/api/catalog.json",
            200,
            "application/json",
            "\"Test Upstream Projects\"",
        ),
        (
            "/api/catalog.csv",
            200,
            "text/csv; charset=utf-8",
            "area,id,name",
        ),
        ("/api/projects.json", 200, "application/json", "\"alpha\""),
        (
            "/api/projects/alpha.json",
            200,
            "application/json",
            "\"assessment\"",
        ),
        (
            "/api/projects/alpha/evidence.json",
            200,
            "application/json",
            "\"history\"",
        ),
        (
            "/api/projects/alpha/assessment.json",
            200,
            "application/json",
            "\"claim_status\"",
        ),
        (
            "/api/assessments.json",
            200,
            "application/json",
            "\"alpha\"",
        ),
        ("/api/stats.json", 200, "application/json", "\"lifecycle\""),
        ("/api/models.json", 200, "application/json", "\"cncf\""),
        ("/api/openapi.json", 200, "application/json", "\"openapi\""),
        (
            "/api/badge/alpha.json",
            200,
            "application/json",
            "\"schemaVersion\": 1",
        ),
        (
            "/api/badge/alpha/lifecycle.json",
            200,
            "application/json",
            "\"message\": \"active\"",
        ),
        (
            "/api/progress.json",
            200,
            "application/json",
            "\"state\":\"idle\"",
        ),
        ("/healthz", 200, "text/plain; charset=utf-8", "ok"),
        ("/readyz", 200, "application/json", "\"ready\""),
        // Unknown things: real 404s, in the format the route promises.
        ("/no/such/page", 404, HTML, "Page not found"),
        ("/project/nope", 404, HTML, "Page not found"),
        ("/level/cncf/nope", 404, HTML, "Page not found"),
        (
            "/api/projects/nope.json",
            404,
            "application/json",
            "no project with id `nope`",
        ),
        (
            "/api/projects/beta/evidence.json",
            404,
            "application/json",
            "not been measured",
        ),
        (
            "/api/projects/beta/assessment.json",
            404,
            "application/json",
            "not been assessed",
        ),
        ("/badge/nope.svg", 404, "image/svg+xml", "unknown project"),
        ("/badge/alpha", 404, HTML, "Page not found"),
    ];
    for (path, status, ct, needle) in cases {
        let r = get(&base, path).await;
        assert_eq!(r.status, *status, "{path}");
        assert_eq!(r.content_type, *ct, "{path}");
        assert!(
            r.body.contains(needle),
            "{path}: {needle:?} missing in\n{}",
            &r.body[..r.body.len().min(2000)]
        );
        // Every response carries the security headers.
        let csp = r
            .headers
            .get("content-security-policy")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(
            r.headers.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            r.headers.get("referrer-policy").unwrap(),
            "no-referrer",
            "{path}"
        );
    }
}

#[tokio::test]
async fn assets_are_embedded_and_linked() {
    let base = start(live(dashboard())).await;
    let page = get(&base, "/").await.body;
    for (ext, ct) in [
        ("css", "text/css; charset=utf-8"),
        ("js", "text/javascript; charset=utf-8"),
    ] {
        let start = page.find("/assets/radar.").expect("asset link");
        let href: String = page[start..].split('"').next().unwrap().to_owned();
        let href = if href.ends_with(ext) {
            href
        } else {
            let i = page.rfind(&format!(".{ext}\"")).unwrap();
            let s = page[..i].rfind('"').unwrap();
            format!("{}.{ext}", &page[s + 1..i])
        };
        let r = get(&base, &href).await;
        assert_eq!((r.status, r.content_type.as_str()), (200, ct), "{href}");
        assert!(
            r.headers
                .get("cache-control")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert!(r.body.len() > 500);
    }
    assert_eq!(get(&base, "/assets/radar.0000.css").await.status, 404);
}

#[tokio::test]
async fn live_columns_show_evidence() {
    let measured = common::measured(&common::catalog(), &radar_assess::Models::builtin());
    let base = start(live(dashboard())).await;
    let page = get(&base, "/").await.body;
    // alpha was measured: lifecycle, contributors, last release and advice are filled in.
    let row = page
        .split("data-area=\"Runtimes\" data-level")
        .nth(1)
        .unwrap();
    assert!(row.contains(">active<"), "{row}");
    assert!(row.contains(">4<"), "four contributors: {row}");
    assert!(row.contains("v1.0.0"), "{row}");
    // beta was not: its claim is shown as a claim, figures as dashes.
    assert!(page.contains("graduated?"));
    let project = get(&base, "/project/alpha").await.body;
    for needle in [
        "Organisations",
        "acme.com",
        "Release timeline",
        "v1.0.0",
        "Proof of concept",
        "Criteria",
        "code of conduct",
        "[![maturity:",
        "https://radar.example.org/badge/alpha.svg",
    ] {
        assert!(project.contains(needle), "{needle}");
    }
    // Findings quote values in backticks: shown as code, not as backticks.
    let findings = project
        .split("<ul class=\"findings\">")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert!(
        findings.contains("<code>Incubating</code>") && !findings.contains('`'),
        "{findings}"
    );
    // The security card and table: Scorecard's checks, evidence linked at the commit.
    assert!(
        project.contains("Security: OpenSSF Scorecard's git-visible checks"),
        "security section"
    );
    for needle in [
        "Binary-Artifacts",
        "Token-Permissions",
        "git-visible checks",
        "not a full Scorecard score",
        "Branch-Protection",
    ] {
        assert!(project.contains(needle), "{needle}");
    }
    let head = &measured.evidence.as_ref().unwrap().head;
    assert!(
        project.contains(&format!(
            "https://github.com/example/alpha/blob/{head}/LICENSE"
        )),
        "the License check links to the file at the measured commit"
    );
    let api = get(&base, "/api/projects.json").await.body;
    let list: serde_json::Value = serde_json::from_str(&api).unwrap();
    let alpha = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "alpha")
        .unwrap();
    assert_eq!(alpha["security"]["label"], "git-visible checks");
    assert!(
        alpha["security"]["aggregate"]
            .as_f64()
            .is_some_and(|a| (0.0..=10.0).contains(&a)),
        "{}",
        alpha["security"]
    );
    assert!(
        alpha["security"]["checks"]["license"]
            .as_u64()
            .is_some_and(|s| s >= 9),
        "{}",
        alpha["security"]
    );
    // The code-of-conduct evidence links to the file at the measured commit.
    assert!(
        project.contains("https://github.com/example/alpha/blob/"),
        "file links"
    );
}

#[tokio::test]
async fn filters_narrow_the_table_and_stay_in_the_url() {
    let base = start(live(dashboard())).await;
    let rows = |body: &str| body.matches("<tr class=\"project\"").count();
    assert_eq!(rows(&get(&base, "/").await.body), 3);
    let active = get(&base, "/?lifecycle=active").await.body;
    assert_eq!(rows(&active), 1);
    assert!(active.contains("Alpha Runtime") && !active.contains(">Beta Engine<"));
    assert!(
        active.contains("<option value=\"active\" selected>"),
        "the form reflects the URL"
    );
    assert_eq!(rows(&get(&base, "/?area=Tools").await.body), 1);
    assert_eq!(rows(&get(&base, "/?q=engine").await.body), 1);
    assert_eq!(rows(&get(&base, "/?q=alpha+runtime").await.body), 1);
    assert_eq!(rows(&get(&base, "/?level=graduated").await.body), 1);
    assert_eq!(
        rows(&get(&base, "/?advice=none").await.body),
        1,
        "only beta is not assessed"
    );
    let none = get(&base, "/?q=zzzz").await.body;
    assert_eq!(rows(&none), 0);
    assert!(none.contains("Showing 0 of 3"));
    // Advice depends on the goal chosen.
    // Advice depends on the goal chosen: gamma lists no platform product, so
    // it is held when formal support is required, and not otherwise.
    let support = get(&base, "/?goal=production-support&advice=hold")
        .await
        .body;
    assert!(
        support.contains("Gamma Tool"),
        "held when support is required"
    );
    let prod = get(&base, "/?goal=production&advice=hold").await.body;
    assert!(
        !prod.contains("Gamma Tool"),
        "not held for plain production"
    );
}

#[tokio::test]
async fn readiness_follows_the_database() {
    let live = live(dashboard());
    let base = start(live.clone()).await;
    assert_eq!(get(&base, "/readyz").await.status, 200);
    live.set_ready(Err("the database is unreachable: connection refused".into()));
    let r = get(&base, "/readyz").await;
    assert_eq!(r.status, 503);
    assert!(r.body.contains("connection refused"));
    // Liveness and the pages are unaffected: they serve the last data.
    assert_eq!(get(&base, "/healthz").await.status, 200);
    assert_eq!(get(&base, "/").await.status, 200);
    live.set_ready(Ok(()));
    assert_eq!(get(&base, "/readyz").await.status, 200);
}

#[tokio::test]
async fn etags_revalidate() {
    let base = start(live(dashboard())).await;
    let first = reqwest::get(format!("{base}/badge/alpha.svg"))
        .await
        .unwrap();
    let etag = first.headers().get("etag").unwrap().clone();
    let again = reqwest::Client::new()
        .get(format!("{base}/badge/alpha.svg"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
}

#[tokio::test]
async fn results_appear_as_they_arrive() {
    let catalog = common::catalog();
    let models = radar_assess::Models::builtin();
    let d = radar_web::Dashboard::new(catalog.clone(), "test", models.clone());
    let live = live(d);
    let base = start(live.clone()).await;
    // Served at once, from the catalog alone.
    let before = get(&base, "/project/alpha").await.body;
    assert!(before.contains("not measured yet"));
    live.begin_assessment(3);
    live.project_started("alpha");
    let running = get(&base, "/").await.body;
    assert!(running.contains("Assessing: 0 of 3"), "progress banner");
    assert!(running.contains("now: alpha"));
    live.project_finished("alpha", common::measured(&catalog, &models));
    live.project_finished(
        "beta",
        ProjectData {
            error: Some("getting https://github.com/example/beta: timed out".into()),
            ..Default::default()
        },
    );
    let p = get(&base, "/api/progress.json").await.body;
    assert!(
        p.contains("\"done\":2") && p.contains("\"failed\":1"),
        "{p}"
    );
    let after = get(&base, "/project/alpha").await.body;
    assert!(
        after.contains("Commits per month"),
        "evidence shown after the update"
    );
    let beta = get(&base, "/project/beta").await.body;
    assert!(
        beta.contains("could not be measured"),
        "the failure is shown"
    );
    live.finish_assessment();
    assert_eq!(live.progress().state, ProgressState::Finished);
    assert!(get(&base, "/").await.body.contains("Assessment finished"));
}

#[tokio::test]
async fn openapi_lists_every_api_document() {
    let base = start(live(dashboard())).await;
    let doc: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/openapi.json").await.body).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/catalog.json",
        "/api/catalog.csv",
        "/api/projects.json",
        "/api/projects/{id}.json",
        "/api/projects/{id}/evidence.json",
        "/api/projects/{id}/assessment.json",
        "/api/projects/{id}/history.json",
        "/api/assessments.json",
        "/api/stats.json",
        "/api/models.json",
        "/api/badge/{id}.json",
        "/api/progress.json",
    ] {
        assert!(paths.contains_key(p), "{p}");
        // Each documented path is served (with the sample id).
        let concrete = p.replace("{id}", "alpha");
        assert_eq!(get(&base, &concrete).await.status, 200, "{concrete}");
    }
}

#[tokio::test]
async fn csv_has_the_assessment() {
    let base = start(live(dashboard())).await;
    let csv = get(&base, "/api/catalog.csv").await.body;
    let mut lines = csv.split("\r\n");
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert!(header.contains(&"lifecycle") && header.contains(&"advice_production"));
    let alpha = csv.split("\r\n").find(|l| l.contains(",alpha,")).unwrap();
    assert!(
        alpha.contains(",active,") && alpha.contains("v1.0.0"),
        "{alpha}"
    );
}

#[tokio::test]
async fn history_is_shown_and_served() {
    let base = start(live(dashboard())).await;
    let r = get(&base, "/api/projects/alpha/history.json").await;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (200, "application/json")
    );
    let doc: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(doc["project"], "alpha");
    let points = doc["points"].as_array().unwrap();
    assert_eq!(points.len(), 4);
    assert_eq!(points[0]["as_of"], "2024-09-30T00:00:00Z");
    assert_eq!(points[3]["commits_365d"], 31);
    assert!(
        points[1]["commits_365d"].is_null()
            && points[1]["error"].as_str().unwrap().contains("timed out")
    );
    // A project with nothing stored has an empty history; an unknown one none.
    let beta: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects/beta/history.json").await.body).unwrap();
    assert_eq!(beta["points"].as_array().unwrap().len(), 0);
    assert_eq!(
        get(&base, "/api/projects/nope/history.json").await.status,
        404
    );
    let listed = get(&base, "/api/projects.json").await.body;
    assert!(listed.contains("\"history\": \"api/projects/alpha/history.json\""));

    // The project page: trends with sparklines, then the snapshots newest first.
    let page = get(&base, "/project/alpha").await.body;
    let section = page
        .split("<section class=\"history\">")
        .nth(1)
        .expect("history section")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        section.contains("4 stored assessments from 2024-09-30 to 2025-06-30"),
        "{section}"
    );
    assert!(
        section.contains(">31<") && section.contains("+13 since 2024-09-30"),
        "commits grew from 18 to 31: {section}"
    );
    assert!(
        section.contains("<div class=\"d ok\">-2 since 2024-09-30"),
        "fewer findings is shown as good: {section}"
    );
    assert_eq!(
        section.matches("<svg class=\"spark\"").count(),
        5,
        "one sparkline per figure"
    );
    let (newest, oldest) = (
        section.find("<td>2025-06-30").unwrap(),
        section.find("<td>2024-09-30").unwrap(),
    );
    assert!(newest < oldest, "newest first");
    assert!(
        section.contains("not measured"),
        "the failed snapshot says so"
    );
    assert!(section.contains("api/projects/alpha/history.json"));
    // Nothing stored: no history section.
    assert!(
        !get(&base, "/project/beta")
            .await
            .body
            .contains("class=\"history\"")
    );
}

#[tokio::test]
async fn release_timeline_draws_every_recent_release() {
    let base = start(live(dashboard())).await;
    let page = get(&base, "/project/alpha").await.body;
    let svg = page
        .split("<svg class=\"chart releases\"")
        .nth(1)
        .expect("release timeline")
        .split("</svg>")
        .next()
        .unwrap();
    // One dot per release, by kind (the legend adds one of each).
    for (tag, kind, class) in [
        ("v0.9.0", "0.x", "rel zero"),
        ("v1.0.0-rc.1", "pre-release", "rel pre"),
        ("v1.0.0", "stable", "rel stable"),
    ] {
        assert!(
            svg.contains(&format!("<title>{tag} · ")) && svg.contains(&format!("({kind})</title>")),
            "{tag} missing: {svg}"
        );
        assert_eq!(
            svg.matches(&format!("<circle class=\"{class}\"")).count(),
            2,
            "{class}: {svg}"
        );
    }
    // The latest release is labelled; the axis is by year.
    assert!(
        svg.contains("<tspan class=\"what\">latest</tspan> v1.0.0 · 2025-01-03"),
        "{svg}"
    );
    assert!(svg.contains(">2024</text>") && svg.contains(">2025</text>"));
    assert!(svg.contains("3 in these three years"), "{svg}");
}

#[tokio::test]
async fn governance_records_decide_the_badge_and_show_reviews() {
    let plain = start(live(dashboard())).await;
    let base = start(live(common::governed_dashboard())).await;

    // Without records the badge shows the level the evidence supports; with them, the decided one.
    let before = get(&plain, "/badge/alpha.svg").await.body;
    assert!(!before.contains("maturity: incubating"), "{before}");
    let badge = get(&base, "/badge/alpha.svg").await.body;
    assert!(
        badge.contains("aria-label=\"maturity: incubating\""),
        "{badge}"
    );
    assert!(
        badge.contains(radar_web::badge::colour::BLUE),
        "incubating is a growing level: {badge}"
    );
    let shields: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/badge/alpha.json").await.body).unwrap();
    assert_eq!(shields["message"], "incubating");
    let gamma = get(&base, "/badge/gamma.svg").await.body;
    assert!(
        gamma.contains("maturity: archived (was sandbox)")
            && gamma.contains(radar_web::badge::colour::DARK),
        "{gamma}"
    );

    // The project page: the decided standing, the badge linking to its level, and the review history.
    let page = get(&base, "/project/alpha").await.body;
    assert!(page.contains("Decided standing") && page.contains("governance records: incubating"));
    assert!(page.contains("href=\"/level/cncf/incubating\"><img src=\"/badge/alpha.svg\" alt=\"maturity: incubating\""), "badge link");
    assert!(
        page.contains("[![maturity: incubating]"),
        "the snippet names what the badge shows"
    );
    let reviews = page
        .split("<h2>Review history</h2>")
        .nth(1)
        .expect("review history")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        reviews.contains("2025-03-12")
            && reviews.contains("2025Q1")
            && reviews.contains(">graduate<"),
        "{reviews}"
    );
    assert!(
        reviews.contains("passed")
            && reviews.contains("href=\"https://example.org/minutes/2025Q1\""),
        "{reviews}"
    );
    let detail: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects/alpha.json").await.body).unwrap();
    assert_eq!(detail["decided"], "incubating");
    assert_eq!(detail["reviews"][0]["outcome"], "passed");
}
