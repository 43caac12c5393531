//! End to end in headless Chromium, driven the way a person uses the pages:
//! the test types into the catalog's search box and clicks Apply, picks a
//! filter value, follows a project link, reads the project page, and watches
//! the progress banner update itself. It speaks the Chrome DevTools Protocol
//! (CDP) over the browser's loopback WebSocket ([`Cdp`] below, a few dozen
//! lines on `tungstenite`), so it needs no driver program. Screenshots are
//! saved under `target/tmp/e2e/` for a human to look at. Every console
//! message, script error and Content-Security-Policy violation the browser
//! reports fails the test.
//!
//! Skipped with a notice when Chromium is missing, except with CI=true.

mod common;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// How long any one wait (a page load, an answer, a condition) may take.
const TIMEOUT: Duration = Duration::from_secs(30);

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

/// A headless Chromium and one page in it, driven over CDP.
struct Cdp {
    child: Child,
    ws: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    /// Events read while waiting for something else, oldest first.
    events: VecDeque<Value>,
    /// What the page said on its console, script errors and policy violations.
    problems: Vec<String>,
    shots: PathBuf,
    size: (u32, u32),
    _profile: tempfile::TempDir,
}

impl Cdp {
    fn launch(bin: &Path, width: u32, height: u32) -> Cdp {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
            ])
            .args([
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on
        // stderr; keep draining stderr afterwards so Chromium never blocks on it.
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("DevTools listening on ").nth(1) {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let url = match rx.recv_timeout(TIMEOUT) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("chromium did not print its DevTools address within {TIMEOUT:?}");
            }
        };
        let addr = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let stream =
            TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connecting to {addr}: {e}"));
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        let (ws, _) = tungstenite::client(url.as_str(), stream)
            .unwrap_or_else(|e| panic!("WebSocket handshake with {url}: {e}"));
        // From now on reads return after a short while with nothing, so
        // every wait can check its own deadline.
        ws.get_ref()
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
        std::fs::create_dir_all(&shots).unwrap();
        let mut cdp = Cdp {
            child,
            ws,
            session: String::new(),
            next_id: 0,
            events: VecDeque::new(),
            problems: Vec::new(),
            shots,
            size: (width, height),
            _profile: profile,
        };
        // One page, attached in "flat" mode: its commands carry the session id.
        let target =
            cdp.send(None, "Target.createTarget", json!({ "url": "about:blank" }))["targetId"]
                .as_str()
                .unwrap()
                .to_owned();
        let session = cdp.send(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        )["sessionId"]
            .as_str()
            .unwrap()
            .to_owned();
        cdp.session = session;
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            cdp.call(domain, json!({}));
        }
        cdp.viewport(width, height);
        cdp
    }

    fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    /// Reads one message (None when nothing arrived within the read timeout)
    /// and notes what the page reported on its console.
    fn read(&mut self) -> Option<Value> {
        match self.ws.read() {
            Ok(Message::Text(t)) => {
                let v: Value = serde_json::from_str(t.as_str()).expect("CDP sends JSON");
                self.note_problem(&v);
                Some(v)
            }
            Ok(_) => None,
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                None
            }
            Err(e) => panic!("CDP connection: {e}"),
        }
    }

    fn note_problem(&mut self, v: &Value) {
        let p = &v["params"];
        let problem = match v["method"].as_str() {
            // console.log and friends: the pages never log, so anything is news.
            Some("Runtime.consoleAPICalled") => Some(format!(
                "console.{}: {}",
                p["type"].as_str().unwrap_or("?"),
                p["args"]
            )),
            Some("Runtime.exceptionThrown") => {
                Some(format!("script error: {}", p["exceptionDetails"]))
            }
            // The browser's own messages: CSP violations, failed loads, …
            Some("Log.entryAdded") => Some(format!(
                "{} ({}): {} {}",
                p["entry"]["level"], p["entry"]["source"], p["entry"]["text"], p["entry"]["url"]
            )),
            _ => None,
        };
        self.problems.extend(problem);
    }

    /// Sends a command (to the page's session, or the browser with None) and waits for its answer.
    fn send(&mut self, session: Option<String>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = Value::String(s);
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .unwrap_or_else(|e| panic!("sending {method}: {e}"));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            assert!(
                Instant::now() < deadline,
                "no answer to {method} within {TIMEOUT:?}"
            );
            let Some(v) = self.read() else { continue };
            if v["id"].as_u64() == Some(id) {
                assert!(v.get("error").is_none(), "{method} failed: {}", v["error"]);
                return v["result"].clone();
            }
            if v.get("method").is_some() {
                self.events.push_back(v);
            }
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(session), method, params)
    }

    /// Waits for an event of the page, returning it.
    fn wait_event(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
                return self.events.remove(i).unwrap();
            }
            assert!(Instant::now() < deadline, "no {method} within {TIMEOUT:?}");
            if let Some(v) = self.read()
                && v.get("method").is_some()
            {
                self.events.push_back(v);
            }
        }
    }

    /// Does `act`, which makes the page navigate, and waits until the new page has loaded.
    fn navigation(&mut self, act: impl FnOnce(&mut Cdp)) {
        self.events.retain(|e| e["method"] != "Page.loadEventFired");
        act(self);
        self.wait_event("Page.loadEventFired");
    }

    fn goto(&mut self, url: &str) {
        self.navigation(|c| {
            let r = c.call("Page.navigate", json!({ "url": url }));
            assert!(
                r.get("errorText").is_none(),
                "navigating to {url}: {}",
                r["errorText"]
            );
        });
    }

    /// Evaluates JavaScript in the page and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "{expression}: {}",
            r["exceptionDetails"]
        );
        r["result"]["value"].clone()
    }

    /// Polls a JavaScript condition until it holds (for changes no event announces).
    fn wait_until(&mut self, what: &str, expression: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while self.eval(expression) != Value::Bool(true) {
            assert!(
                Instant::now() < deadline,
                "{what}: `{expression}` did not become true within {TIMEOUT:?}"
            );
            // Reading (with its short timeout) paces the polling and collects events.
            if let Some(v) = self.read()
                && v.get("method").is_some()
            {
                self.events.push_back(v);
            }
        }
    }

    /// Clicks the middle of the element with the mouse, as a person would.
    fn click(&mut self, selector: &str) {
        let sel = serde_json::to_string(selector).unwrap();
        let at = self.eval(&format!(
            "(() => {{ const e = document.querySelector({sel}); if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
        ));
        let (x, y) = (
            at[0]
                .as_f64()
                .unwrap_or_else(|| panic!("nothing to click at {selector}")),
            at[1].as_f64().unwrap(),
        );
        self.call(
            "Input.dispatchMouseEvent",
            json!({ "type": "mouseMoved", "x": x, "y": y }),
        );
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            );
        }
    }

    /// Clicks into a text field and types.
    fn type_into(&mut self, selector: &str, text: &str) {
        self.click(selector);
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// Chooses an option of a `<select>` the way its change reaches the page's script.
    fn choose(&mut self, name: &str, value: &str) {
        let (n, v) = (
            serde_json::to_string(name).unwrap(),
            serde_json::to_string(value).unwrap(),
        );
        let ok = self.eval(&format!(
            "(() => {{ const s = document.querySelector('select[name=' + {n} + ']'); if (![...s.options].some(o => o.value === {v})) return false; s.focus(); s.value = {v}; s.dispatchEvent(new Event('input', {{bubbles: true}})); s.dispatchEvent(new Event('change', {{bubbles: true}})); return true; }})()"
        ));
        assert_eq!(ok, Value::Bool(true), "the {name} filter offers {value}");
    }

    /// Names of the catalog rows a person can see.
    fn visible_rows(&mut self) -> Vec<String> {
        let v = self.eval("[...document.querySelectorAll('tr.project')].filter(r => r.offsetParent !== null).map(r => r.querySelector('td.name a').textContent.trim())");
        serde_json::from_value(v).unwrap()
    }

    fn location(&mut self) -> String {
        self.eval("location.href").as_str().unwrap().to_owned()
    }

    /// Saves the whole page (not just the viewport) as a PNG.
    fn screenshot(&mut self, name: &str) -> PathBuf {
        let height = self
            .eval("Math.ceil(document.documentElement.scrollHeight)")
            .as_u64()
            .unwrap()
            .clamp(200, 8000) as u32;
        let (w, h) = self.size;
        self.viewport(w, height.max(h));
        let shot = self.call(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true }),
        );
        self.viewport(w, h);
        let png = base64(shot["data"].as_str().unwrap());
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{name} is not a real screenshot ({} bytes)",
            png.len()
        );
        let path = self.shots.join(name);
        std::fs::write(&path, png).unwrap();
        println!("screenshot: {}", path.display());
        path
    }

    /// Fails on anything the page reported since the last check.
    fn assert_quiet(&mut self, what: &str) {
        // Collect what has already arrived.
        while let Some(v) = self.read() {
            if v.get("method").is_some() {
                self.events.push_back(v);
            }
        }
        let problems = std::mem::take(&mut self.problems);
        assert!(
            problems.is_empty(),
            "{what}: the browser reported\n{}",
            problems.join("\n")
        );
    }
}

impl Drop for Cdp {
    fn drop(&mut self) {
        let _ = self.ws.send(Message::text(
            json!({ "id": 0, "method": "Browser.close" }).to_string(),
        ));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64 (screenshots arrive in it).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (18 - 6 * i));
        out.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

#[test]
fn a_person_filters_the_catalog_and_opens_a_project() {
    let Some(bin) = chromium() else { return };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let live = common::live(common::governed_dashboard());
    let base = rt.block_on(common::start(live.clone()));
    let mut b = Cdp::launch(&bin, 1440, 900);

    // The catalog, as served: every project, styled by the stylesheet.
    b.goto(&format!("{base}/"));
    assert_eq!(
        b.visible_rows(),
        ["Alpha Runtime", "Beta Engine", "Gamma Tool"]
    );
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('header.top')).backgroundColor"),
        "rgb(15, 27, 45)",
        "the stylesheet loaded"
    );
    assert_eq!(
        b.eval("document.querySelector('h1').textContent"),
        "Test Upstream Projects"
    );
    b.screenshot("catalog.png");
    // On a 1280 px laptop screen the goal stays readable and no status pill spills out of its cell.
    b.viewport(1280, 900);
    let layout = b.eval(
        "({ goal: document.querySelector('table.catalog thead th:nth-child(2)').getBoundingClientRect().width,
            spilled: [...document.querySelectorAll('table.catalog thead th, table.catalog td.fit, table.catalog td.release')].filter(td => td.scrollWidth > td.clientWidth).map(td => td.textContent.trim()) })",
    );
    assert!(
        layout["goal"].as_f64().unwrap() >= 150.0,
        "the goal column is {} px wide at 1280 px",
        layout["goal"]
    );
    assert_eq!(
        layout["spilled"],
        json!([]),
        "headers and cells whose content does not fit"
    );
    b.viewport(1440, 900);
    b.assert_quiet("catalog");

    // Search: type into the box, click Apply; the server answers the form's GET.
    b.type_into("input[name=q]", "engine");
    b.navigation(|b| b.click("form#filters button[type=submit]"));
    assert!(
        b.location().ends_with("/?q=engine"),
        "the search is in the URL: {}",
        b.location()
    );
    assert_eq!(b.visible_rows(), ["Beta Engine"]);
    assert_eq!(b.eval("document.getElementById('count').textContent.trim().startsWith('Showing 1 of 3 projects')"), true);
    assert_eq!(
        b.eval("document.querySelector('input[name=q]').value"),
        "engine",
        "the box keeps the search"
    );
    b.assert_quiet("search");

    // Reset, then pick a lifecycle: the page's script submits on change.
    b.navigation(|b| b.click("form#filters a.reset"));
    assert_eq!(b.visible_rows().len(), 3);
    b.navigation(|b| b.choose("lifecycle", "active"));
    let url = b.location();
    assert!(
        url.contains("lifecycle=active"),
        "the filter is in the URL: {url}"
    );
    assert_eq!(b.visible_rows(), ["Alpha Runtime"]);
    assert_eq!(
        b.eval("document.querySelector('select[name=lifecycle]').value"),
        "active",
        "the form shows the filter"
    );
    b.screenshot("catalog-filtered.png");
    b.assert_quiet("filter");

    // Open the project the filter left.
    b.navigation(|b| b.click("tr.project td.name a"));
    assert!(b.location().ends_with("/project/alpha"), "{}", b.location());
    let page = b.eval(
        "(() => {
            const all = s => [...document.querySelectorAll(s)];
            const text = s => { const e = document.querySelector(s); return e ? e.textContent.trim() : null; };
            const card = k => { const c = all('.cards .card').find(c => c.querySelector('.k').textContent === k); return c ? c.querySelector('.v').textContent.trim() : null; };
            const shown = e => { const r = e.getBoundingClientRect(); return r.width > 100 && r.height > 20; };
            return {
                title: document.title,
                name: text('h1'),
                lifecycle: card('Lifecycle'),
                level: card('Level'),
                decided: card('Decided standing'),
                contributors: card('Contributors'),
                findings: all('.findings .finding').length,
                criteria: all('table.criteria tbody tr').length,
                charts: all('svg.chart').filter(shown).map(s => s.querySelector('title').textContent),
                release_dots: all('svg.releases circle.rel').length,
                sparklines: all('.history svg.spark').filter(e => e.getBoundingClientRect().width > 50).length,
                history_rows: all('table.history-table tbody tr').length,
                reviews: all('table.reviews tbody tr').map(r => r.textContent),
                badges: all('.badges img').map(i => [i.alt, i.complete && i.naturalWidth > 0]),
                text: document.body.innerText,
            };
        })()",
    );
    assert_eq!(page["name"], "Alpha Runtime");
    assert_eq!(page["lifecycle"], "active");
    assert!(
        page["level"]
            .as_str()
            .is_some_and(|l| !l.is_empty() && !l.ends_with('?')),
        "an assessed level: {}",
        page["level"]
    );
    assert_eq!(
        page["decided"], "incubating",
        "the governance records' standing"
    );
    assert_eq!(page["contributors"], "4");
    assert!(page["findings"].as_u64().unwrap() >= 1, "findings listed");
    assert!(
        page["criteria"].as_u64().unwrap() >= 5,
        "criteria table filled"
    );
    let charts: Vec<String> = serde_json::from_value(page["charts"].clone()).unwrap();
    for prefix in [
        "Commits and active authors per month",
        "Share of commits by organisation",
        "Product-line releases from",
    ] {
        assert!(
            charts.iter().any(|c| c.starts_with(prefix)),
            "chart {prefix:?} drawn and visible: {charts:?}"
        );
    }
    assert_eq!(
        page["release_dots"],
        3 + 3,
        "three releases and the legend's three"
    );
    assert_eq!(page["sparklines"], 5);
    assert_eq!(page["history_rows"], 4);
    assert!(
        page["reviews"][0]
            .as_str()
            .unwrap()
            .contains("graduated from sandbox to incubating"),
        "{}",
        page["reviews"]
    );
    for (alt, loaded) in page["badges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b[0].as_str().unwrap(), b[1].as_bool().unwrap()))
    {
        assert!(loaded, "badge {alt} did not load");
    }
    assert_eq!(
        page["badges"][0][0], "maturity: incubating",
        "the badge shows the decided level"
    );
    let text = page["text"].as_str().unwrap();
    for words in [
        "Advice",
        "Proof of concept",
        "Findings",
        "Criteria",
        "History",
        "Review history",
        "Badges",
        "acme.com",
    ] {
        assert!(text.contains(words), "the project page shows {words:?}");
    }
    b.screenshot("project.png");
    b.assert_quiet("project page");

    // Narrow screen: nothing wider than the window but the scrollable tables.
    b.size = (420, 900);
    b.viewport(420, 900);
    // Elements reaching past the window's right edge, outside the scrolling table boxes.
    let wide = b.eval(
        "[...document.querySelectorAll('body *')].filter(e => !e.closest('.table-scroll, .table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right))",
    );
    assert_eq!(wide, json!([]), "the project page fits a phone's width");
    b.screenshot("project-narrow.png");
    b.size = (1280, 900);
    b.viewport(1280, 900);
    b.goto(&format!("{base}/stats"));
    b.screenshot("stats.png");
    b.goto(&format!("{base}/level/cncf/incubating"));
    b.screenshot("level.png");
    b.assert_quiet("stats and level pages");

    // While an assessment runs, the banner says how far it is and the page
    // reloads itself when a result arrives.
    live.begin_assessment(3);
    live.project_finished(
        "alpha",
        common::measured(&common::catalog(), &radar_assess::Models::builtin()),
    );
    live.project_started("beta");
    b.goto(&format!("{base}/"));
    let banner = b.eval("document.getElementById('progress-text').textContent");
    assert!(
        banner
            .as_str()
            .unwrap()
            .starts_with("Assessing: 1 of 3 projects (33%)")
            && banner.as_str().unwrap().contains("now: beta"),
        "{banner}"
    );
    b.screenshot("catalog-progress.png");
    // The page's script has read the progress once; a change from here on reloads the page.
    b.wait_until(
        "the banner's first poll",
        "document.getElementById('progress').dataset.seen === '1'",
    );
    b.navigation(|_| {
        live.project_finished(
            "beta",
            radar_web::ProjectData {
                error: Some("cannot clone or fetch: timed out".into()),
                ..Default::default()
            },
        )
    });
    let banner = b.eval("document.getElementById('progress-text').textContent");
    assert!(
        banner
            .as_str()
            .unwrap()
            .starts_with("Assessing: 2 of 3 projects (66%), 1 could not be measured"),
        "after the reload: {banner}"
    );
    b.assert_quiet("progress");

    // The console check is real: an inline script (which the pages never
    // have) is refused by the Content-Security-Policy, and that is reported.
    let ran = b.eval("(() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.appendChild(s); return window.__inline === 1; })()");
    assert_eq!(ran, false, "the policy blocks inline script");
    let deadline = Instant::now() + TIMEOUT;
    while !b
        .problems
        .iter()
        .any(|p| p.contains("Content Security Policy"))
    {
        assert!(
            Instant::now() < deadline,
            "the CSP violation was not reported: {:?}",
            b.problems
        );
        if let Some(v) = b.read()
            && v.get("method").is_some()
        {
            b.events.push_back(v);
        }
    }
    b.problems.clear();
}

#[test]
fn the_static_site_filters_in_the_browser() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    radar_web::export(
        &common::dashboard(),
        &radar_web::Options::default(),
        dir.path(),
    )
    .unwrap();
    let mut b = Cdp::launch(&bin, 1440, 900);
    let index = format!("file://{}", dir.path().join("index.html").display());
    // No server: the script filters the rows in place and keeps the URL in step.
    b.goto(&index);
    assert_eq!(b.visible_rows().len(), 3);
    b.type_into("input[name=q]", "engine");
    b.wait_until("typing filters the rows", "[...document.querySelectorAll('tr.project')].filter(r => r.offsetParent !== null).length === 1");
    assert_eq!(b.visible_rows(), ["Beta Engine"]);
    assert_eq!(b.eval("location.search"), "?q=engine");
    assert_eq!(
        b.eval(
            "document.getElementById('count').textContent.startsWith('Showing 1 of 3 projects')"
        ),
        true
    );
    b.screenshot("static-search.png");
    // A filter value instead of the search: the area filter.
    b.goto(&format!("{index}?area=Tools"));
    assert_eq!(b.visible_rows(), ["Gamma Tool"]);
    assert_eq!(
        b.eval("document.querySelector('select[name=area]').value"),
        "Tools"
    );
    // Advice for a goal is recomputed from the rows' data.
    b.goto(&format!("{index}?goal=production-support&advice=hold"));
    assert!(b.visible_rows().contains(&"Gamma Tool".to_owned()));
    // Relative links work from a file: the project page opens with its charts.
    b.goto(&index);
    b.navigation(|b| b.click("tr.project td.name a"));
    assert!(
        b.location().ends_with("/project/alpha.html"),
        "{}",
        b.location()
    );
    assert_eq!(
        b.eval("document.querySelectorAll('svg.chart').length >= 3"),
        true
    );
    assert_eq!(
        b.eval("getComputedStyle(document.body).backgroundColor"),
        "rgb(246, 247, 249)",
        "the stylesheet loaded from a relative path"
    );
    b.assert_quiet("static site");
}

#[test]
fn github_figures_and_a_stale_measurement_read_well() {
    let Some(bin) = chromium() else { return };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = rt.block_on(common::start(common::live(common::github_dashboard())));
    let mut b = Cdp::launch(&bin, 1440, 900);

    // The project page: the stale note and GitHub's panel, visible beside the git figures.
    b.goto(&format!("{base}/project/alpha"));
    let page = b.eval(
        "(() => {
            const all = s => [...document.querySelectorAll(s)];
            const shown = e => { const r = e.getBoundingClientRect(); return r.width > 100 && r.height > 20; };
            const note = document.getElementById('stale-note');
            return {
                stale: note && shown(note) ? note.innerText : null,
                items: all('.gh-item').filter(shown).map(i => i.querySelector('.k').innerText),
                pills: all('.gh-item .pill').map(p => p.innerText),
                unknown: all('.gh-item').filter(i => i.querySelector('.v').innerText === 'unknown').map(i => i.innerText.replace(/\\s+/g, ' ')),
                uses: all('td.uses .use').map(u => u.innerText),
            };
        })()",
    );
    assert!(
        page["stale"]
            .as_str()
            .is_some_and(|s| s.contains("cached copy of 2025-06-20")),
        "{page}"
    );
    let items: Vec<String> = serde_json::from_value(page["items"].clone()).unwrap();
    for k in [
        "ARCHIVED",
        "STARS · FORKS",
        "OPEN ISSUES · PULL REQUESTS",
        "PULL REQUESTS MERGED IN 90 DAYS",
        "LATEST MERGED PULL REQUEST",
        "GITHUB RELEASES",
        "COMMUNITY PROFILE",
    ] {
        assert!(items.iter().any(|i| i == k), "{k} shown: {items:?}");
    }
    let pills: Vec<String> = serde_json::from_value(page["pills"].clone()).unwrap();
    for p in ["CLA ✗", "DCO ✓", "CI ✓", "1/2 signed", "75% reviewed"] {
        assert!(pills.iter().any(|x| x == p), "{p}: {pills:?}");
    }
    assert!(
        page["unknown"][0]
            .as_str()
            .unwrap()
            .starts_with("FIRST RESPONSE unknown rate limit reached until 2025-06-30"),
        "{page}"
    );
    assert!(
        page["uses"][0].as_str().unwrap().contains("formal support"),
        "{page}"
    );
    b.eval("document.getElementById('github').scrollIntoView()");
    b.screenshot("project-github.png");
    b.assert_quiet("project page with GitHub figures");

    // On a phone the panel stacks and nothing reaches past the screen.
    b.size = (420, 900);
    b.viewport(420, 900);
    let wide = b.eval(
        "[...document.querySelectorAll('body *')].filter(e => !e.closest('.table-scroll, .table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))",
    );
    assert_eq!(wide, json!([]), "the GitHub panel fits a phone's width");

    // The catalog on a laptop: the GitHub column and the stale marker fit;
    // the table scrolls rather than squeeze the goal.
    b.size = (1280, 900);
    b.viewport(1280, 900);
    b.goto(&format!("{base}/"));
    let layout = b.eval(
        "({ goal: document.querySelector('table.catalog thead th:nth-child(2)').getBoundingClientRect().width,
            issues: [...document.querySelectorAll('table.catalog td.gh')].map(td => td.innerText.replace(/\\s+/g, ' ').trim()),
            stale: [...document.querySelectorAll('.stale-mark')].map(e => e.innerText),
            spilled: [...document.querySelectorAll('table.catalog thead th, table.catalog td.fit, table.catalog td.release')].filter(td => td.scrollWidth > td.clientWidth).map(td => td.textContent.trim()) })",
    );
    assert!(layout["goal"].as_f64().unwrap() >= 150.0, "{layout}");
    assert_eq!(layout["issues"], json!(["18 7 PRs", "—", "—"]), "{layout}");
    assert_eq!(layout["stale"], json!(["⟳ cached 2025-06-20"]));
    assert_eq!(layout["spilled"], json!([]), "{layout}");
    b.screenshot("catalog-github.png");
    b.goto(&format!("{base}/stats"));
    b.screenshot("stats-github.png");
    b.assert_quiet("catalog and stats with GitHub figures");
}
