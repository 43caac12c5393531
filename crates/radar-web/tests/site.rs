//! `radar site`: the static site has every page, badge and API document as
//! a file, and every relative link in it leads to a file that exists.

mod common;

use std::path::{Path, PathBuf};

use radar_web::{ExportError, Options};

fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\"", "action=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].replace("&#38;", "&").replace("&amp;", "&"));
        }
    }
    out
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn static_site_is_complete_and_links_resolve() {
    let d = common::dashboard();
    let dir = tempfile::tempdir().unwrap();
    let report = radar_web::export(&d, &Options::default(), dir.path()).unwrap();
    let root = dir.path();
    for f in [
        "index.html",
        "404.html",
        ".nojekyll",
        "stats.html",
        "levels.html",
        "project/alpha.html",
        "project/beta.html",
        "level/cncf/incubating.html",
        "badge/alpha.svg",
        "badge/alpha/lifecycle.svg",
        "api/catalog.json",
        "api/catalog.csv",
        "api/projects.json",
        "api/projects/alpha.json",
        "api/projects/alpha/evidence.json",
        "api/projects/alpha/assessment.json",
        "api/stats.json",
        "api/openapi.json",
        "api/badge/alpha.json",
    ] {
        assert!(root.join(f).is_file(), "{f} missing");
    }
    // beta was never measured: no evidence document is invented for it.
    assert!(!root.join("api/projects/beta/evidence.json").exists());
    let all = files(root);
    assert_eq!(all.len(), report.files);
    let mut checked = 0;
    for file in all
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(file).unwrap();
        let here = file.parent().unwrap();
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with('#')
                || link.is_empty()
            {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{}: absolute link {link} does not work without a server",
                file.display()
            );
            if file.ends_with("404.html") {
                continue; // served at any depth; see the export docs
            }
            let path = link.split(['?', '#']).next().unwrap();
            let target = here.join(path);
            assert!(target.is_file(), "{}: broken link {link}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} links checked");
    // JSON documents are valid JSON.
    for file in all
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
    {
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    // The static catalog has every row, for the script to filter in place.
    let index = std::fs::read_to_string(root.join("index.html")).unwrap();
    assert_eq!(index.matches("<tr class=\"project\"").count(), 3);
    assert!(index.contains("data-mode=\"static\""));
}

#[test]
fn ids_that_are_not_file_names_are_refused() {
    let mut c = common::catalog();
    c.areas[0].defined_mut().next().unwrap().id = Some("../../etc".into());
    let d = radar_web::Dashboard::new(c, "t", radar_assess::Models::builtin());
    let dir = tempfile::tempdir().unwrap();
    let err = radar_web::export(&d, &Options::default(), &dir.path().join("out")).unwrap_err();
    assert!(matches!(err, ExportError::UnsafeId { .. }), "{err}");
    assert!(err.to_string().contains("../../etc"));
    assert!(!dir.path().join("etc").exists());
}
