//! The README side of the catalog: import a Markdown project table, render
//! the catalog back in the same layout, compare a file's table with the
//! catalog, and replace the table in a file leaving every other byte alone.

mod cells;
mod compare;
mod import;
mod prose;
mod render;
pub mod table;

pub use compare::{CheckOutcome, canonical_rows, check_file, replace_table};
pub use import::{ImportError, Imported, import};
pub use render::{HEADERS, escape, render_document, render_table};
