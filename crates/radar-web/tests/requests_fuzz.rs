//! What reaches the web server and its renderers from outside: request
//! paths and queries, catalog and repository text rendered as Markdown,
//! stored evidence documents. Any of it ends in a page, a 4xx or a parse
//! error, in bounded time and memory, never a panic (a 500 would be one).

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use radar_web::{dates, markdown, parse_evidence_document};

radar_fuzz::count_allocations!();

/// One server and one client for the whole file, on their own runtime.
struct Server {
    rt: tokio::runtime::Runtime,
    base: String,
    client: reqwest::Client,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let base = rt.block_on(common::start(common::live(common::dashboard())));
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap();
        Server { rt, base, client }
    })
}

/// The status of `GET url`; 0 when reqwest refuses the URL before sending
/// it. A transport error is tried once more: a loaded machine can drop a
/// connection now and then, a handler that panics drops it every time.
fn status_of(s: &Server, url: &str) -> Result<u16, String> {
    let once = || {
        s.rt.block_on(async {
            match s.client.get(url).send().await {
                Ok(res) => Ok(res.status().as_u16()),
                Err(e) if e.is_builder() => Ok(0),
                Err(e) => Err(format!("{e:?}")),
            }
        })
    };
    once().or_else(|first| {
        std::thread::sleep(std::time::Duration::from_millis(200));
        once().map_err(|second| format!("{first}; again: {second}"))
    })
}

const PATH_PIECES: &[&str] = &[
    "/",
    "project/",
    "alpha",
    "gamma",
    "nope",
    "levels",
    "level/",
    "cncf/",
    "graduated",
    "stats",
    "badge/",
    "alpha.svg",
    "level.svg",
    ".svg",
    "assets/",
    "api/",
    "catalog.json",
    "catalog.csv",
    "projects.json",
    "projects/",
    ".json",
    "assessments.json",
    "stats.json",
    "models.json",
    "openapi.json",
    "progress.json",
    "healthz",
    "readyz",
    "?",
    "&",
    "=",
    "area=",
    "level=",
    "lifecycle=",
    "goal=",
    "advice=",
    "q=",
    "%",
    "%25",
    "%FF",
    "%00",
    "%2F",
    "..",
    ".",
    "//",
    "é",
    "%C3%A9",
    "+",
    "#",
    ";",
    "~",
];

const MARKDOWN_PIECES: &[&str] = &[
    "# ",
    "**",
    "_",
    "`",
    "```",
    "[",
    "](",
    ")",
    "<",
    ">",
    "<br>",
    "<script>",
    "javascript:",
    "http://x",
    "![i](",
    "- ",
    "1. ",
    "> ",
    "|",
    "---",
    "&amp;",
    "&#0;",
    "\\",
    "2026-08-23T23:59:59Z",
    "2021-03-04T12:34:56.5+02:00",
    "T",
    ":",
    "Z",
];

const JSON_PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\"schema\"",
    "\"repository\"",
    "\"github\"",
    "\"checks\"",
    "\"history\"",
    "null",
    "true",
    "1",
    "-1",
    "1e999",
    "\"x\"",
    "\\u0000",
    "\\ud800",
];

fn is_escaped(html: &str) -> bool {
    !html.contains("<script") && !html.to_ascii_lowercase().contains("href=\"javascript:")
}

proptest! {
    #![proptest_config(radar_fuzz::config!(128))]

    #[test]
    fn any_request_is_answered_without_a_server_error(path in radar_fuzz::text(PATH_PIECES)) {
        // What a client can put in a request line: no spaces, no controls.
        let path: String = path
            .chars()
            .map(|c| if c.is_whitespace() || c.is_control() { '_' } else { c })
            .take(4_000)
            .collect();
        let s = server();
        let url = format!("{}/{}", s.base, path.trim_start_matches('/'));
        let status = radar_fuzz::bounded(url.len(), || status_of(s, &url))?;
        prop_assert!(status.is_ok(), "GET {}: {:?}", url, status);
        prop_assert!(status.as_ref().unwrap() < &500, "GET {} gave {:?}", url, status);
    }

    #[test]
    fn any_text_renders_escaped(text in radar_fuzz::text(MARKDOWN_PIECES)) {
        radar_fuzz::bounded(text.len(), || -> Result<(), TestCaseError> {
            prop_assert!(is_escaped(&markdown::block(&text)));
            prop_assert!(is_escaped(&markdown::inline(&text)));
            prop_assert!(is_escaped(&markdown::code_spans(&text)));
            let _ = markdown::plain(&text);
            let _ = dates::readable(&text);
            Ok(())
        })??;
    }

    #[test]
    fn any_stored_document_reads_or_fails(text in radar_fuzz::text(JSON_PIECES)) {
        let _ = radar_fuzz::bounded(text.len(), || parse_evidence_document(&text))?;
    }
}
