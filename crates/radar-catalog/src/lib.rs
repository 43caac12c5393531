//! Radar's catalog: the project list as data.
pub mod model;
pub use model::*;
