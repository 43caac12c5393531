//! Catalog and repository text is data, never markup: a field holding
//! `<script>` is shown as text on every page, badge and chart, and a
//! `javascript:` URL never becomes a live link.

mod common;

use std::sync::Arc;

use common::{XSS, get, hostile_catalog, start};
use radar_web::{Dashboard, Live, Mode, Options, ProjectData, Route};

/// The hostile catalog with an assessment (the repository "could not be
/// reached", with an error that also holds markup) and evidence whose
/// organisation names, tags and evidence lines hold markup too.
fn hostile_dashboard() -> Dashboard {
    let catalog = hostile_catalog();
    let models = radar_assess::Models::builtin();
    let mut d = Dashboard::new(catalog.clone(), XSS, models.clone());
    let good = common::measured(&common::catalog(), &models);
    let mut e = (*good.evidence.unwrap()).clone();
    e.repository.url = format!("https://x/{XSS}");
    e.organizations.list[0].name = XSS.into();
    // A tiny share is written `<1%`: that `<` must be escaped too.
    e.organizations.list[1].share_365d = 0.002;
    if let Some(r) = e.releases.latest.as_mut() {
        r.tag = XSS.into();
    }
    for r in &mut e.releases.recent {
        r.tag = format!("v1.0.0-{XSS}");
    }
    e.lifecycle.evidence = Some(XSS.into());
    e.warnings.push(XSS.into());
    for c in e.checks.values_mut() {
        c.evidence = Some(format!("{XSS}:1"));
        c.value = Some(XSS.into());
    }
    // Workflow text reaches the security table: paths, reasons, lost points.
    if let Some(sec) = e.security.as_mut() {
        sec.warnings
            .push(format!("workflow skipped: {XSS}:3: not YAML"));
        for c in sec.checks.values_mut() {
            c.reason = XSS.into();
            c.evidence = vec![format!("{XSS}:2")];
            c.lost = vec![radar_evidence::security::Lost::at(
                format!(".github/workflows/{XSS}.yml:7"),
                format!("script injection: ${{{{ {XSS} }}}}"),
            )];
        }
    }
    let project = catalog.project("evil").unwrap();
    let error = format!("cannot fetch {XSS}");
    // GitHub's answer is data from the repository's owners: every text and link hostile.
    let mut facts = common::github_facts_json(XSS);
    facts["html_url"] = "javascript:alert(9)".into();
    facts["renamed_to"] = XSS.into();
    facts["latest_merged_pull_request"]["url"] = "javascript:alert(10)".into();
    let mut extra = serde_json::Map::new();
    extra.insert("github".into(), facts.clone());
    let github = radar_web::GithubData::from_document(&serde_json::json!({ "github": facts }));
    assert!(github.is_some());
    let fetch_error = format!("fetch of {XSS} refused");
    // Measured from the cache after a failed fetch: the cause is shown too.
    let a = radar_assess::assess_with_facts(
        project,
        &catalog,
        radar_assess::EvidenceOutcome::Cached {
            evidence: &e,
            fetch_error: &fetch_error,
            last_fetched: None,
        },
        &extra,
        &models,
        common::AS_OF.parse().unwrap(),
    );
    // Stored history and governance records are data too.
    let history = common::history()
        .into_iter()
        .map(|mut p| {
            p.supported_level = Some(XSS.into());
            p.lifecycle = Some(XSS.into());
            p.error = p.error.map(|_| XSS.to_owned());
            p
        })
        .collect();
    let review = radar_web::Review {
        date: "2025-01-01".into(),
        quarter: "2025Q1".into(),
        motion: Some(XSS.into()),
        outcome: XSS.into(),
        summary: XSS.into(),
        minutes: Some("javascript:alert(8)".into()),
    };
    d.projects.insert(
        "evil".into(),
        ProjectData {
            evidence: Some(Arc::new(e)),
            assessment: Some(Arc::new(a)),
            error: Some(error),
            decided: Some(XSS.into()),
            decided_level: Some(radar_web::DecidedLevel::At(
                radar_catalog::Level::Incubating,
            )),
            reviews: vec![review],
            history: Arc::new(history),
            github,
        },
    );
    d
}

/// Markup-bearing documents must hold no live markup from the data.
fn assert_inert(what: &str, body: &str) {
    let lower = body.to_ascii_lowercase();
    assert!(
        !lower.contains("<script>alert"),
        "{what}: a <script> from the data is live"
    );
    assert!(
        !lower.contains("<img src=x"),
        "{what}: an <img> from the data is live"
    );
    for attr in ["href=\"", "src=\"", "action=\""] {
        for scheme in ["javascript:", "data:", "vbscript:"] {
            assert!(
                !lower.contains(&format!("{attr}{scheme}")),
                "{what}: {attr}{scheme} link"
            );
        }
    }
    for name in attribute_names(&lower) {
        assert!(
            !name.starts_with("on"),
            "{what}: event handler attribute `{name}`"
        );
    }
    // Every `<` opens a tag, a comment or a declaration: a stray one is text that was not escaped.
    let stray = body
        .as_bytes()
        .windows(2)
        .position(|w| w[0] == b'<' && !(w[1].is_ascii_alphabetic() || b"/!?".contains(&w[1])));
    assert!(
        stray.is_none(),
        "{what}: unescaped `<` at {:?}",
        stray.map(|i| &body[i.saturating_sub(40)..(i + 40).min(body.len())])
    );
    // No inline script at all: the CSP forbids it and the pages need none.
    let inline_scripts = lower.matches("<script").count() - lower.matches("<script src=").count();
    assert_eq!(inline_scripts, 0, "{what}: inline <script>");
}

/// Names of the attributes of every real tag (text inside quoted values and
/// escaped text are skipped, as a browser would).
fn attribute_names(html: &str) -> Vec<String> {
    let b = html.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                i += 1; // the tag name
            }
            while i < b.len() && b[i] != b'>' {
                match b[i] {
                    b'"' | b'\'' => {
                        let q = b[i];
                        i += 1;
                        while i < b.len() && b[i] != q {
                            i += 1;
                        }
                        i += 1;
                    }
                    c if c.is_ascii_alphabetic() => {
                        let start = i;
                        while i < b.len()
                            && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':')
                        {
                            i += 1;
                        }
                        names.push(html[start..i].to_owned());
                    }
                    _ => i += 1,
                }
            }
        }
        i += 1;
    }
    names
}

#[tokio::test]
async fn hostile_text_is_shown_as_text_on_every_route() {
    let d = hostile_dashboard();
    let routes = Route::all(&d);
    let live = Live::new(
        d,
        Options {
            public_url: Some("https://radar.example.org".into()),
        },
    );
    let base = start(live).await;
    let mut checked = 0;
    for route in routes {
        let path = match &route {
            Route::Catalog => "/".to_owned(),
            r => format!("/{}", r.file().trim_end_matches(".html")),
        };
        let r = get(&base, &path).await;
        assert_eq!(r.status, 200, "{path}");
        if r.content_type.starts_with("text/html") || r.content_type.starts_with("image/svg") {
            assert_inert(&path, &r.body);
            checked += 1;
        }
        if r.content_type.starts_with("application/json") {
            serde_json::from_str::<serde_json::Value>(&r.body)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
    assert!(checked >= 8, "pages and badges were checked");
    // And the text is there, escaped, where a person reads it.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    // askama writes `&#60;`, the SVG and Markdown writers `&lt;`: the same text.
    let norm = |s: String| s.replace("&#60;", "&lt;").replace("&#62;", "&gt;");
    let page = norm(get(&base, "/").await.body);
    assert!(
        page.matches(escaped).count() >= 6,
        "name, goal, state, area, channel, platform… shown as text"
    );
    let project = norm(get(&base, "/project/evil").await.body);
    assert!(
        project.matches(escaped).count() >= 8,
        "{}",
        project.matches(escaped).count()
    );
    // Release tags in the timeline, history cells, the decided standing and reviews: text.
    let timeline = project
        .split("<svg class=\"chart releases\"")
        .nth(1)
        .unwrap();
    assert!(
        timeline.contains(&format!("v1.0.0-{escaped}")),
        "tags in the release timeline are escaped"
    );
    let history = project.split("<section class=\"history\">").nth(1).unwrap();
    assert!(
        history.matches(escaped).count() >= 4,
        "history cells are escaped"
    );
    assert!(project.contains(&format!("governance records: {escaped}")));
    // GitHub's figures: the panel is drawn, its texts escaped, its hostile links dead.
    let github = project
        .split("<section class=\"github\"")
        .nth(1)
        .expect("the GitHub panel")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        github.contains("Moved to") && github.contains(escaped),
        "{github}"
    );
    assert!(!github.contains("javascript:"), "{github}");
    assert!(
        github.contains(&format!("rate limit reached until 2025-06-30 {escaped}")),
        "an unknown figure's reason is shown, as text, with its date readable: {github}"
    );
    // The failed fetch's cause, in the note and the catalog row's marker.
    assert!(project.contains(&format!("fetch failed: fetch of {escaped} refused")));
    assert!(page.contains(&format!("fetch failed: fetch of {escaped} refused")));
    let evidence = get(&base, "/api/projects/evil/evidence.json").await.body;
    let evidence: serde_json::Value = serde_json::from_str(&evidence).unwrap();
    assert_eq!(
        evidence["github"]["description"], XSS,
        "JSON keeps the text as data"
    );
    // The javascript: link's words are kept, its target dropped.
    assert!(
        project.contains(">click<") || project.contains("click"),
        "link text kept"
    );
    let badge = get(&base, "/badge/evil.svg").await.body;
    assert!(!badge.contains("<script"));
    // A search for markup is echoed safely.
    let search = norm(
        get(&base, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            .await
            .body,
    );
    assert_inert("search", &search);
    assert!(
        search.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""),
        "the search box shows the text"
    );
    // The 404 page echoes the path safely.
    let nf = get(&base, "/%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(nf.status, 404);
    assert_inert("404", &nf.body);
}

#[test]
fn static_site_is_inert_too() {
    let d = hostile_dashboard();
    let dir = tempfile::tempdir().unwrap();
    radar_web::export(&d, &Options::default(), dir.path()).unwrap();
    let mut n = 0;
    for route in Route::all(&d) {
        let file = dir.path().join(route.file());
        let body =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if file.extension().is_some_and(|e| e == "html" || e == "svg") {
            assert_inert(&route.file(), &body);
            n += 1;
        }
    }
    assert!(n >= 8);
    let _ = Mode::Static;
}
