//! A project of several repositories: its page lists each one (primary
//! first) with its role, folder and own figures from the evidence's
//! `members`; a project of one whole repository has no list.

mod common;

use std::sync::Arc;

use common::{XSS, get, start};
use radar_catalog::{RepoRole, Repository};

#[tokio::test]
async fn the_project_page_lists_each_repository_with_its_own_figures() {
    let mut d = common::dashboard();
    let mut catalog = (*d.catalog).clone();
    let alpha = catalog.areas[0].projects[0].project_mut().unwrap();
    alpha.additional_repos = vec![Repository {
        repo: "https://github.com/example/alpha-docs".into(),
        path: Some(format!("site/{XSS}")),
        role: Some(RepoRole::Docs),
    }];
    d.catalog = Arc::new(catalog);
    let data = d.projects.get_mut("alpha").unwrap();
    let mut e = (**data.evidence.as_ref().unwrap()).clone();
    let member =
        |url: &str, path: Option<String>, primary: bool, commits: u64| radar_evidence::Member {
            url: url.into(),
            path,
            role: None,
            primary,
            head: "0".repeat(40),
            commits,
            contributors: commits / 2,
            commits_365d: commits / 3,
            last_commit: Some("2025-05-01T00:00:00Z".parse().unwrap()),
            latest_release: primary.then(|| "v1.2.0".to_owned()),
            lifecycle: radar_evidence::LifecycleStatus::Active,
        };
    e.members = vec![
        member("https://github.com/example/alpha", None, true, 90),
        member(
            "https://github.com/example/alpha-docs",
            Some(format!("site/{XSS}")),
            false,
            12,
        ),
    ];
    data.evidence = Some(Arc::new(e));
    let base = start(common::live(d)).await;

    let page = get(&base, "/project/alpha").await.body;
    let at = page
        .find("<h2>Repositories</h2>")
        .expect("a list of repositories");
    let list = &page[at..page[at..].find("</section>").unwrap() + at];
    let rows: Vec<&str> = list.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 2, "{list}");
    assert!(
        rows[0].contains("example/alpha</a> <span class=\"muted-text\">(primary)</span>"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("<td class=\"num\">90</td><td class=\"num\">30</td><td class=\"num\">45</td><td>2025-05-01</td><td>v1.2.0</td>"), "{}", rows[0]);
    assert!(rows[1].contains("<td>docs</td>"), "{}", rows[1]);
    assert!(rows[1].contains("<td class=\"num\">12</td>"), "{}", rows[1]);
    assert!(!list.contains(XSS), "a folder name is text: {list}");

    // beta has one whole repository: no list.
    let page = get(&base, "/project/beta").await.body;
    assert!(!page.contains("<h2>Repositories</h2>"));
}

/// A project listed in a second area (`- ref: alpha`): the catalog page
/// shows its row under both areas with the same results, filtering by the
/// second area finds it, it counts once, and the API names both areas.
#[tokio::test]
async fn a_project_listed_in_two_areas_is_shown_in_each() {
    let mut d = common::dashboard();
    let mut catalog = (*d.catalog).clone();
    let first = catalog.areas[0].name.clone();
    catalog.areas.push(radar_catalog::Area {
        name: format!("Also {XSS}"),
        projects: vec![radar_catalog::Listing::Ref(radar_catalog::ProjectRef {
            id: "alpha".into(),
        })],
    });
    d.catalog = Arc::new(catalog);
    let total = d.catalog.project_count();
    let base = start(common::live(d)).await;

    let page = get(&base, "/").await.body;
    let groups: Vec<&str> = page.split("<tbody class=\"area-group\"").skip(1).collect();
    let last = groups.last().unwrap();
    assert!(last.contains("href=\"/project/alpha\""), "{last}");
    assert!(!last.contains(XSS), "an area name is text");
    let alpha_rows = page.matches("href=\"/project/alpha\"").count();
    assert_eq!(alpha_rows, 2, "once in each area");
    assert!(page.contains(&format!("{total} projects")), "counted once");

    let also = format!("Also {XSS}");
    let filtered = get(
        &base,
        &format!(
            "/?area={}",
            also.replace(' ', "+")
                .replace('<', "%3C")
                .replace('>', "%3E")
                .replace('"', "%22")
                .replace('&', "%26")
                .replace('\'', "%27")
                .replace('/', "%2F")
        ),
    )
    .await
    .body;
    assert!(filtered.contains("Showing 1 of"), "{filtered}");
    assert!(filtered.contains("href=\"/project/alpha\""));

    let api: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/projects.json").await.body).unwrap();
    let alpha = api
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "alpha")
        .unwrap();
    assert_eq!(alpha["area"], first.as_str());
    assert_eq!(alpha["areas"], serde_json::json!([first, also]));
    assert_eq!(
        api.as_array().unwrap().len(),
        total,
        "one entry per project"
    );
}
