//! Radar's web: the dashboard (catalog, project, level and statistics
//! pages), SVG badges, a JSON API with its OpenAPI document, CSV export, and
//! the same pages as a static site.
//!
//! ```text
//! Dashboard (catalog + per project: evidence?, assessment?, reviews)   dashboard.rs
//!   └─ Live: swapped atomically as results arrive; each swap = a new Generation with an empty cache
//! ProjectView: the live columns derived once per project                view.rs
//! Route ──render(mode)──▶ Asset (bytes, type, ETag)                      site.rs
//!   pages (askama templates), badges, charts (SVG), api (JSON, OpenAPI, CSV)
//! server: axum routes → Generation cache → Asset; security headers      server.rs
//! export: every Route → a file, relative links                          site.rs
//! ```
//!
//! Untrusted text (catalog fields, repository data) is escaped wherever it
//! is shown; links are live only for `http(s)` URLs (see [`safe`]).
#![forbid(unsafe_code)]

pub mod agreement;
pub mod api;
mod assets;
pub mod badge;
pub mod charts;
pub mod dashboard;
pub mod dates;
pub mod filter;
pub mod github;
pub mod markdown;
pub mod pages;
pub mod repositories;
pub mod safe;
pub mod security;
pub mod server;
pub mod site;
pub mod view;

pub use dashboard::{
    Dashboard, DecidedLevel, HistoryPoint, Live, Options, Progress, ProgressState, ProjectData,
    Review,
};
pub use github::{GithubData, GithubFigures, parse_evidence_document};
pub use pages::Mode;
pub use server::{CSP, router, serve};
pub use site::{ExportError, ExportReport, Route, export};
