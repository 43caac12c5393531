//! What real data showed, pinned over HTTP: formal support per platform-use
//! entry, a measurement of the cached copy after a failed fetch, dates as
//! days, rungs passed below the supported level, and the last stable release
//! before a newer pre-release.

mod common;

use std::sync::Arc;

use common::{dashboard, get, github_dashboard, live, start};
use radar_catalog::Link;

/// Text between two markers of a page.
fn between<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let rest = page
        .split(from)
        .nth(1)
        .unwrap_or_else(|| panic!("{from:?} not in the page"));
    rest.split(to).next().unwrap()
}

#[tokio::test]
async fn each_platform_use_entry_says_whether_it_gives_formal_support() {
    // alpha's entries: a product page, a GitHub page, bare text, and a
    // product page the catalog says gives no support.
    let mut catalog = common::catalog();
    let alpha = catalog.areas[0].defined_mut().next().unwrap();
    let link = |label: &str, url: Option<&str>, support: Option<bool>| Link {
        label: label.into(),
        url: url.map(str::to_owned),
        support,
    };
    alpha.platform_use = vec![
        link("Example Service", Some("https://example.org/svc"), None),
        link(
            "Setup guide",
            Some("https://github.com/example/alpha/blob/main/docs/setup.md"),
            None,
        ),
        link("many more", None, None),
        link("Old Service", Some("https://example.org/old"), Some(false)),
    ];
    let models = radar_assess::Models::builtin();
    let data = common::measured(&common::catalog(), &models);
    let a = radar_assess::assess(
        catalog.project("alpha").unwrap(),
        &catalog,
        radar_assess::EvidenceOutcome::Measured(data.evidence.as_deref().unwrap()),
        &models,
        common::AS_OF.parse().unwrap(),
    );
    let mut d = radar_web::Dashboard::new(catalog, "test", models);
    d.projects.insert(
        "alpha".into(),
        radar_web::ProjectData {
            assessment: Some(Arc::new(a)),
            ..data
        },
    );
    let base = start(live(d)).await;
    let page = get(&base, "/project/alpha").await.body;
    let uses = between(&page, "<td class=\"uses\">", "</td>");
    let entries: Vec<&str> = uses.split("<div class=\"use\">").skip(1).collect();
    assert_eq!(entries.len(), 4, "{uses}");
    let expect = [
        (
            "Example Service",
            "formal support",
            "a product of the platform",
        ),
        (
            "Setup guide",
            "no formal support",
            "a page on github.com (source hosting), not a supported product",
        ),
        (
            "many more",
            "no formal support",
            "no link: it names no product Radar can point to",
        ),
        (
            "Old Service",
            "no formal support",
            "the catalog marks it as not giving formal support (`support: false`)",
        ),
    ];
    for (entry, (label, pill, reason)) in entries.iter().zip(expect) {
        assert!(entry.contains(label), "{entry}");
        assert!(
            entry.contains(&format!(">{pill}</span>")),
            "{label}: {entry}"
        );
        assert!(
            entry.contains(&format!("<div class=\"sub\">{reason}</div>"))
                || entry.contains(&format!(
                    "<div class=\"sub\">{}</div>",
                    reason.replace('`', "&#96;")
                )),
            "{label}: {entry}"
        );
    }
    // The advice for "formal support required" names the one product.
    let advice = between(&page, "<table class=\"advice-table\">", "</table>");
    assert!(
        advice.contains("formal support is available through Example Service"),
        "{advice}"
    );
    // The catalog row greys the entries that give none and says why on hover.
    let catalog = get(&base, "/").await.body;
    assert!(
        catalog.contains("class=\"no-support\" title=\"no formal support: a page on github.com (source hosting), not a supported product\">Setup guide</a>"),
        "{catalog}"
    );
    assert!(
        catalog.contains("title=\"formal support: a product of the platform\">Example Service</a>")
    );
}

#[tokio::test]
async fn a_measurement_of_the_cached_copy_says_so() {
    let base = start(live(github_dashboard())).await;
    let page = get(&base, "/project/alpha").await.body;
    let note = between(
        &page,
        "<div class=\"notice warn\" id=\"stale-note\">",
        "</div>",
    );
    assert_eq!(
        note,
        "<strong>Not fresh:</strong> measured from the cached copy of 2025-06-20; fetch failed: connection to github.com refused. The figures below are as of that copy; they may miss recent changes."
    );
    // The stale-cache finding is listed too, with its date readable.
    let findings = between(&page, "<ul class=\"findings\">", "</ul>\n");
    assert!(findings.contains("cached copy"), "{findings}");
    // The catalog row carries a marker with the whole note on hover.
    let catalog = get(&base, "/").await.body;
    assert!(
        catalog.contains("<div class=\"stale-mark\" title=\"measured from the cached copy of 2025-06-20; fetch failed: connection to github.com refused\">⟳ cached 2025-06-20</div>"),
        "{catalog}"
    );
    // JSON and CSV say it as data.
    let list: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects.json").await.body).unwrap();
    let alpha = &list[0];
    assert_eq!(alpha["id"], "alpha");
    assert_eq!(
        alpha["stale"]["fetch_error"],
        "connection to github.com refused"
    );
    assert_eq!(alpha["stale"]["last_fetched"], "2025-06-20");
    assert!(list[1]["stale"].is_null());
    let csv = get(&base, "/api/catalog.csv").await.body;
    assert!(
        csv.lines()
            .find(|l| l.contains(",alpha,"))
            .unwrap()
            .contains(",connection to github.com refused,")
    );
    // A fresh measurement has no note and no marker.
    let fresh = start(live(dashboard())).await;
    assert!(
        !get(&fresh, "/project/alpha")
            .await
            .body
            .contains("stale-note")
    );
    assert!(!get(&fresh, "/").await.body.contains("stale-mark"));
}

/// `2026-08-23T23:59:59Z` and the like, anywhere in a page's visible text.
fn raw_timestamps(html: &str) -> Vec<String> {
    let b = html.as_bytes();
    (0..b.len().saturating_sub(13))
        .filter(|&i| {
            b[i..i + 4].iter().all(u8::is_ascii_digit)
                && b[i + 4] == b'-'
                && b[i + 7] == b'-'
                && b[i + 10] == b'T'
                && b[i + 11..i + 13].iter().all(u8::is_ascii_digit)
        })
        .map(|i| html[i..(i + 25).min(html.len())].to_owned())
        .collect()
}

#[tokio::test]
async fn dates_read_as_days() {
    let base = start(live(github_dashboard())).await;
    let page = get(&base, "/project/alpha").await.body;
    assert_eq!(raw_timestamps(&page), Vec::<String>::new());
    // The lifecycle's evidence ends with the as-of day, in the card and its tooltip.
    assert!(
        page.contains("commits in the 365 days before 2025-06-30</div>"),
        "{}",
        between(&page, "<section class=\"cards\">", "</section>")
    );
    let catalog = get(&base, "/").await.body;
    assert_eq!(raw_timestamps(&catalog), Vec::<String>::new());
    assert!(catalog.contains("commits in the 365 days before 2025-06-30\""));
    // The JSON keeps the instants machines need.
    let a = get(&base, "/api/projects/alpha/assessment.json").await.body;
    assert!(a.contains("before 2025-06-30T00:00:00Z"), "{a}");
}

#[tokio::test]
async fn rungs_below_the_supported_level_read_as_passed() {
    // A project the evidence supports at incubating: sandbox, below it, was
    // passed even though some of its criteria are unconfirmed.
    let mut d = dashboard();
    let alpha = d.projects.get_mut("alpha").unwrap();
    let mut a = (**alpha.assessment.as_ref().unwrap()).clone();
    let sandbox = a.levels.iter().position(|l| l.id == "sandbox").unwrap();
    let incubating = a.levels.iter().position(|l| l.id == "incubating").unwrap();
    assert!(sandbox < incubating);
    a.levels[sandbox].status = radar_assess::assess::LevelStatus::Open;
    a.levels[incubating].status = radar_assess::assess::LevelStatus::Open;
    a.supported = Some(radar_assess::assess::LevelRef {
        id: a.levels[incubating].id.clone(),
        name: a.levels[incubating].name.clone(),
        tier: a.levels[incubating].tier,
    });
    a.exit = None;
    alpha.assessment = Some(Arc::new(a));
    let base = start(live(d)).await;
    let page = get(&base, "/project/alpha").await.body;
    let criteria = between(&page, "<h2>Criteria</h2>", "</section>");
    let block = |name: &str| -> String {
        between(criteria, &format!("/level/cncf/{name}\">"), "</summary>").to_owned()
    };
    let details = |name: &str| {
        let at = criteria.find(&format!("/level/cncf/{name}\">")).unwrap();
        let open = criteria[..at].rfind("<details").unwrap();
        criteria[open..at].contains(" open>")
    };
    let sandbox = block("sandbox");
    assert!(
        sandbox.contains("<span class=\"pill ok\">passed</span>"),
        "{sandbox}"
    );
    assert!(!sandbox.contains(">open<"));
    // The supported rung keeps its own status and is marked current; rungs above stay as judged.
    let incubating = block("incubating");
    assert!(
        incubating.contains(">open</span>") && incubating.contains(">current</span>"),
        "{incubating}"
    );
    let graduated = block("graduated");
    assert!(!graduated.contains(">passed<"), "{graduated}");
    // An exit the project has not reached says so (not "open"), folded.
    let archived = block("archived");
    assert!(
        archived.contains("<span class=\"pill muted\">not reached</span>"),
        "{archived}"
    );
    assert!(!details("archived"));
    // Passed rungs are folded; the current one is open.
    assert!(!details("sandbox") && details("incubating"));
}

#[tokio::test]
async fn the_last_release_is_the_newest_stable_one() {
    // The newest tag is a pre-release (Gatekeeper's `v3.24.0-beta.0` case).
    let mut d = dashboard();
    let alpha = d.projects.get_mut("alpha").unwrap();
    let mut e = (**alpha.evidence.as_ref().unwrap()).clone();
    let stable = e.releases.latest.clone().unwrap();
    assert_eq!(stable.tag, "v1.0.0");
    let mut beta = stable.clone();
    beta.tag = "v1.1.0-beta.0".into();
    beta.version = "1.1.0-beta.0".into();
    beta.prerelease = true;
    beta.stable = false;
    beta.date = "2025-05-01T00:00:00Z".parse().unwrap();
    e.releases.latest = Some(beta.clone());
    e.releases.recent.insert(0, beta);
    alpha.evidence = Some(Arc::new(e));
    let base = start(live(d)).await;
    let catalog = get(&base, "/").await.body;
    let cell = between(&catalog, "<td class=\"release\"", "</td>");
    assert!(
        cell.starts_with(" title=\"v1.0.0; newer pre-release v1.1.0-beta.0 (2025-05-01)\">v1.0.0<div class=\"sub\">2025-01-"),
        "{cell}"
    );
    assert!(
        cell.contains("<div class=\"sub pre\">pre v1.1.0-beta.0</div>"),
        "{cell}"
    );
    let page = get(&base, "/project/alpha").await.body;
    let card = between(&page, "<div class=\"k\">Last release</div>", "</div></div>");
    assert!(card.contains("<div class=\"v\">v1.0.0</div>"), "{card}");
    assert!(
        card.contains("newer pre-release v1.1.0-beta.0 (2025-05-01)"),
        "{card}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects.json").await.body).unwrap();
    assert_eq!(list[0]["figures"]["latest_release"], "v1.0.0");
    assert_eq!(list[0]["figures"]["newer_prerelease"], "v1.1.0-beta.0");
    // When the newest is stable there is no pre-release line.
    let plain = start(live(dashboard())).await;
    let cell = get(&plain, "/").await.body;
    assert!(!cell.contains("sub pre"));
}

#[tokio::test]
async fn criteria_evidence_shows_code_spans_and_escapes_the_rest() {
    // Evidence lines quote paths and values in backticks; the page shows them
    // as code, never as raw backticks, and never as markup.
    let mut d = dashboard();
    let alpha = d.projects.get_mut("alpha").unwrap();
    let mut a = (**alpha.assessment.as_ref().unwrap()).clone();
    let c = a
        .levels
        .iter_mut()
        .flat_map(|l| l.criteria.iter_mut())
        .find(|c| c.kind == radar_assess::criteria::Kind::Automatic)
        .unwrap();
    c.evidence = vec!["`files.license` is `<script>x</script>`".into()];
    alpha.assessment = Some(Arc::new(a));
    let base = start(live(d)).await;
    let page = get(&base, "/project/alpha").await.body;
    let criteria = between(&page, "<h2>Criteria</h2>", "</section>");
    assert!(
        criteria
            .contains("<code>files.license</code> is <code>&lt;script&gt;x&lt;/script&gt;</code>"),
        "{criteria}"
    );
    assert!(!criteria.contains("<script>"));
}
