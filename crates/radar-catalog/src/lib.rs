//! Radar's catalog: the project list as data.
//!
//! - [`model`]: the catalog (areas → projects, a project listed in several
//!   areas by reference, several repositories a project) and its JSON Schema
//!   ([`schema`]).
//! - [`load`], [`load_str`], [`load_resolved`]: read a catalog (explicit file →
//!   `./radar.yaml` → built-in), with every problem as a [`Diagnostic`].
//! - [`markdown`]: import a README project table, render it back, compare.
//! - [`diagnostic`]: the reusable diagnostic type and its renderers.
//! - [`yaml`]: the located YAML tree, and [`yaml::load_located`] to read any
//!   schemars type with the catalog's diagnostics (every structural problem
//!   at once, placed) and [`yaml::Located`] values that keep their place.
#![forbid(unsafe_code)]

pub mod apiver;
mod checks;
pub mod classify;
pub mod codes;
pub mod csv;
pub mod diagnostic;
pub mod formats;
pub mod level;
mod listing;
mod load;
pub mod markdown;
pub mod model;
pub mod repos;
pub mod schema_check;
pub mod yaml;

pub use diagnostic::{Code, Diagnostic, Severity, SourceFile};
pub use load::{
    BUILTIN_NAME, BUILTIN_YAML, Checked, Error, LOCAL_FILE, LoadedCatalog, Location, Origin,
    builtin, check_origin, check_str, check_str_with, load, load_from, load_resolved, load_str,
    read, resolve, schema,
};
pub use model::*;

/// Serialises a catalog as YAML, with a header comment naming the schema.
pub fn to_yaml(catalog: &Catalog) -> String {
    // Long one-line texts (URLs, goals) stay on one line: folding them would
    // make the file harder to edit and to grep.
    let mut options = serde_saphyr::SerializerOptions::default();
    options.folded_wrap_chars = usize::MAX / 2;
    let body = serde_saphyr::to_string_with_options(catalog, options)
        .expect("a catalog serialises to YAML");
    format!("# Radar catalog. Format: docs/catalog.md; JSON Schema: `radar schema`.\n{body}")
}
