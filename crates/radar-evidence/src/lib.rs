//! Radar's evidence: measure a project from its git repository.
pub mod model;
pub use model::*;
