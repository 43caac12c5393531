//! Radar's evidence: measure a project from its git repository.
//!
//! ```no_run
//! use radar_evidence::{Cache, FetchOptions, InspectOptions};
//! let cache = Cache::new(Cache::default_dir());
//! let synced = cache.sync("https://github.com/containerd/containerd", &FetchOptions::default())?;
//! // A partial clone fetches what the measurement reads from where it was cloned.
//! let evidence = synced.inspect(&InspectOptions::default())?;
//! println!("{} commits", evidence.history.commits);
//! # Ok::<(), radar_evidence::Error>(())
//! ```
//!
//! Definitions follow DESIGN.md ("Evidence: definitions"); the JSON schema is
//! documented in `docs/evidence-schema.md`.
#![forbid(unsafe_code)]

pub mod bots;
mod cache;
mod cache_entries;
mod cache_git;
pub mod checks;
mod commits;
mod error;
mod files;
mod gitcli;
mod history;
mod inspect;
pub mod lifecycle;
pub mod mailmap;
pub mod model;
pub mod org_defaults;
pub mod orgs;
mod partial;
mod pathwalk;
pub mod readme_refs;
pub mod releases;
pub mod security;
#[cfg(test)]
mod testing;
pub mod transfer;
mod tree;
pub mod union;

pub use cache::{
    Cache, CloneFilter, FetchOptions, Source, Synced, Transport, head_of, last_fetched,
    write_commit_graph,
};
pub use cache_entries::CacheEntry;
pub use error::{Error, FetchCause, Result};
pub use history::{SignOffs, share};
pub use inspect::{InspectOptions, inspect, measure_security, parse_as_of};
pub use model::*;
pub use orgs::Affiliations;
pub use partial::Promisor;
pub use transfer::{FetchProgress, ProgressSink, Received, Transfer, TransferKind};
pub use union::{Part, union};
