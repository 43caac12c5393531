//! Radar's evidence: measure a project from its git repository.
//!
//! ```no_run
//! use radar_evidence::{Cache, FetchOptions, InspectOptions, inspect};
//! let cache = Cache::new(Cache::default_dir());
//! let synced = cache.sync("https://github.com/containerd/containerd", &FetchOptions::default())?;
//! let evidence = inspect(&synced.git_dir, &InspectOptions::default())?;
//! println!("{} commits", evidence.history.commits);
//! # Ok::<(), radar_evidence::Error>(())
//! ```
//!
//! Definitions follow DESIGN.md ("Evidence: definitions"); the JSON schema is
//! documented in `docs/evidence-schema.md`.
#![forbid(unsafe_code)]

pub mod bots;
mod cache;
pub mod checks;
mod error;
mod history;
mod inspect;
pub mod lifecycle;
pub mod model;
pub mod org_defaults;
pub mod orgs;
pub mod readme_refs;
pub mod releases;
pub mod security;
mod tree;

pub use cache::{Cache, FetchOptions, Source, Synced, head_of, last_fetched, write_commit_graph};
pub use error::{Error, FetchCause, Result};
pub use history::{SignOffs, share};
pub use inspect::{InspectOptions, inspect, measure_security, parse_as_of};
pub use model::*;
pub use orgs::Affiliations;
