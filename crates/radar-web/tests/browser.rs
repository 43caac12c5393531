//! End to end in headless Chromium: the catalog page as a person sees it,
//! filtered, then a project page; screenshots are saved under
//! `target/tmp/e2e/` for a human to look at. Chromium is driven through its
//! command-line flags (`--dump-dom` gives the DOM after scripts ran,
//! `--screenshot` the rendered page), which needs no driver library.
//!
//! Skipped with a notice when Chromium is missing, except with CI=true.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::var("PATH").unwrap_or_default().split(':') {
            let p = Path::new(dir).join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("chromium is not installed (CI=true): scripts/test.sh installs it with apt-get");
    }
    eprintln!("NOTICE: chromium not found; skipping the browser test (apt-get install chromium)");
    None
}

struct Browser {
    bin: PathBuf,
    profile: tempfile::TempDir,
    shots: PathBuf,
}

struct Run {
    dom: String,
    console: String,
}

impl Browser {
    fn new(bin: PathBuf) -> Browser {
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
        std::fs::create_dir_all(&shots).unwrap();
        Browser { bin, profile: tempfile::tempdir().unwrap(), shots }
    }

    fn base(&self) -> Command {
        let mut c = Command::new("timeout");
        c.arg("90").arg(&self.bin);
        c.args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]);
        c.args(["--disable-component-update", "--disable-sync", "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]);
        c.arg(format!("--user-data-dir={}", self.profile.path().display()));
        c
    }

    /// The DOM after the page's scripts ran, and the console output.
    fn dom(&self, url: &str) -> Run {
        let out = self.base().args(["--virtual-time-budget=3000", "--dump-dom", url]).output().expect("chromium runs");
        assert!(out.status.success(), "chromium --dump-dom {url}: {}", String::from_utf8_lossy(&out.stderr));
        Run { dom: String::from_utf8_lossy(&out.stdout).into_owned(), console: String::from_utf8_lossy(&out.stderr).into_owned() }
    }

    fn screenshot(&self, url: &str, name: &str, size: &str) -> PathBuf {
        let path = self.shots.join(name);
        let _ = std::fs::remove_file(&path);
        let out = self
            .base()
            .args([&format!("--window-size={size}"), "--virtual-time-budget=3000", &format!("--screenshot={}", path.display()), url])
            .output()
            .expect("chromium runs");
        assert!(out.status.success(), "chromium --screenshot {url}: {}", String::from_utf8_lossy(&out.stderr));
        let png = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{} is not a real screenshot", path.display());
        println!("screenshot: {}", path.display());
        path
    }
}

/// Rows a person sees: project rows not hidden by a class.
fn visible_rows(dom: &str) -> Vec<String> {
    dom.split("<tr class=\"project").skip(1).filter(|r| !r.starts_with(" hidden")).map(|r| {
        let name = r.split("<td class=\"name\"><a href=").nth(1).unwrap_or("");
        let name = name.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("");
        name.to_owned()
    }).collect()
}

/// The page loaded its stylesheet and script without a policy violation or script error.
fn assert_clean_console(what: &str, console: &str) {
    for bad in ["Content Security Policy", "Refused to", "Uncaught", "ERR_"] {
        let line = console.lines().find(|l| l.contains(bad) && l.contains("CONSOLE"));
        assert!(line.is_none(), "{what}: {}", line.unwrap_or_default());
    }
}

#[test]
fn a_person_filters_the_catalog_and_opens_a_project() {
    let Some(bin) = chromium() else { return };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let live = common::live(common::dashboard());
    let base = rt.block_on(common::start(live.clone()));
    let b = Browser::new(bin);

    // The catalog, as served.
    let home = b.dom(&format!("{base}/"));
    assert_clean_console("catalog", &home.console);
    assert_eq!(visible_rows(&home.dom), ["Alpha Runtime", "Beta Engine", "Gamma Tool"]);
    assert!(home.dom.contains("Test Upstream Projects"));
    b.screenshot(&format!("{base}/"), "catalog.png", "1440,1000");

    // Filtering: the form's GET produces this URL; the server narrows the table and the form shows the filter.
    let active = b.dom(&format!("{base}/?lifecycle=active&goal=poc"));
    assert_eq!(visible_rows(&active.dom), ["Alpha Runtime"]);
    assert!(active.dom.contains("Showing 1 of 3 projects"));
    assert!(active.dom.contains("<option value=\"active\" selected=\"\">active</option>"), "the filter is shown as chosen");
    b.screenshot(&format!("{base}/?lifecycle=active&goal=poc"), "catalog-filtered.png", "1440,700");

    // The project page: what a person reads there.
    let project = b.dom(&format!("{base}/project/alpha"));
    assert_clean_console("project", &project.console);
    for text in ["Alpha Runtime", "Lifecycle", "active", "Contributors", "Organisations", "acme.com", "Commits per month", "Release timeline", "v1.0.0", "Advice", "Proof of concept", "Criteria", "Badges"] {
        assert!(project.dom.contains(text), "project page lacks {text:?}");
    }
    assert!(project.dom.matches("<svg class=\"chart\"").count() >= 3, "three charts drawn");
    b.screenshot(&format!("{base}/project/alpha"), "project.png", "1280,2400");
    b.screenshot(&format!("{base}/stats"), "stats.png", "1280,900");
    b.screenshot(&format!("{base}/level/cncf/incubating"), "level.png", "1280,900");
    b.screenshot(&format!("{base}/project/alpha"), "project-narrow.png", "420,1600");

    // While an assessment runs, the banner says how far it is, and the
    // script that keeps it current runs without errors.
    live.begin_assessment(3);
    live.project_finished("alpha", common::measured(&common::catalog(), &radar_assess::Models::builtin()));
    live.project_started("beta");
    let running = b.dom(&format!("{base}/"));
    assert_clean_console("progress", &running.console);
    assert!(running.dom.contains("Assessing: 1 of 3 projects (33%)"), "progress banner");
    assert!(running.dom.contains("now: beta"));
    b.screenshot(&format!("{base}/"), "catalog-progress.png", "1440,500");
}

#[test]
fn the_static_site_filters_in_the_browser() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    radar_web::export(&common::dashboard(), &radar_web::Options::default(), dir.path()).unwrap();
    let b = Browser::new(bin);
    let index = format!("file://{}", dir.path().join("index.html").display());
    // No server: the script reads the filters from the URL and hides rows.
    let all = b.dom(&index);
    assert_clean_console("static catalog", &all.console);
    assert_eq!(visible_rows(&all.dom).len(), 3);
    let tools = b.dom(&format!("{index}?area=Tools"));
    assert_eq!(visible_rows(&tools.dom), ["Gamma Tool"]);
    let search = b.dom(&format!("{index}?q=engine"));
    assert_eq!(visible_rows(&search.dom), ["Beta Engine"]);
    assert!(search.dom.contains("Showing 1 of 3 projects"));
    // Advice for a goal is recomputed from the rows' data.
    let held = b.dom(&format!("{index}?goal=production-support&advice=hold"));
    assert!(visible_rows(&held.dom).contains(&"Gamma Tool".to_owned()));
    b.screenshot(&format!("{index}?q=engine"), "static-search.png", "1440,700");
    let project = b.dom(&format!("file://{}", dir.path().join("project/alpha.html").display()));
    assert!(project.dom.contains("Commits per month"));
}
