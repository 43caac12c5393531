//! The statistics page's "Claims and evidence": the counts, the claimed ×
//! supported matrix whose cells link to their projects, and the same figures
//! in `/api/stats.json`; project names are shown as text.

mod common;

use common::{XSS, get, start};

#[tokio::test]
async fn stats_show_the_claims_against_the_evidence_with_links_to_the_projects() {
    let mut d = common::dashboard();
    // Markup in the name of the judged project must stay text in the matrix's lists.
    let mut catalog = (*d.catalog).clone();
    catalog.areas[0].projects[0].project_mut().unwrap().name = format!("Alpha {XSS}");
    d.catalog = std::sync::Arc::new(catalog);
    let base = start(common::live(d)).await;

    let stats: serde_json::Value =
        serde_json::from_str(&get(&base, "/api/stats.json").await.body).unwrap();
    let a = &stats["agreement"];
    // alpha claims incubating and is measured; beta has no assessment yet and
    // gamma has no repository: neither can be verified.
    assert_eq!(a["not_verifiable"], 2, "{a}");
    assert_eq!(
        a["matches"].as_u64().unwrap()
            + a["ahead"].as_u64().unwrap()
            + a["behind"].as_u64().unwrap(),
        1,
        "{a}"
    );
    let cncf = a["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["model"] == "cncf")
        .expect("a cncf matrix");
    let (cell, ids) = cncf["cells"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .expect("one non-empty cell");
    assert!(cell.starts_with("incubating/"), "{cell}");
    assert_eq!(ids, &serde_json::json!(["alpha"]));
    let supported = cell.trim_start_matches("incubating/");

    let page = get(&base, "/stats").await.body;
    assert!(page.contains("<h2>Claims and evidence</h2>"), "{page}");
    let anchor = format!("claims-cncf-incubating-{supported}");
    assert!(
        page.contains(&format!("<a href=\"#{anchor}\">1</a>")),
        "the cell links to its list: {page}"
    );
    let list_at = page
        .find(&format!("id=\"{anchor}\""))
        .expect("the cell's project list");
    let list = &page[list_at..];
    assert!(
        list.contains("href=\"/project/alpha\"") || list.contains("href=\"project/alpha\""),
        "the list links to the project page: {list}"
    );
    assert!(!page.contains(XSS), "the name is escaped");
    // The catalog page sums it up and links to the matrix.
    let home = get(&base, "/").await.body;
    let line = home
        .lines()
        .find(|l| l.contains("class=\"claims-line\""))
        .expect("the catalog's claims line");
    assert!(
        line.contains("stats#claims\">Claims and evidence</a>: "),
        "{line}"
    );
    assert!(line.contains("2 not verifiable"), "{line}");
    assert!(page.contains("Alpha &#60;script&#62;"), "{page}");
    // Ahead of the evidence: the difference names what stops the claim.
    assert!(
        page.contains("<td>incubating</td><td>sandbox</td><td>stopped by incubating: "),
        "{page}"
    );
}
