//! `radar import`: the lists foundations keep, read into a catalog. The
//! format is recognised by content ([`detect`]):
//!
//! - a Markdown README with a project table ([`crate::markdown::import`]);
//! - a landscape (`landscape.yml`, landscape2's data file: categories,
//!   subcategories, items) — [`landscape`];
//! - a CLOMonitor data file (`data/cncf.yaml`: projects with their
//!   repositories and check sets) — [`clomonitor`].
//!
//! Whatever cannot be mapped becomes a warning with its line; no item is
//! dropped and no input makes the import panic.

pub mod clomonitor;
mod fields;
pub mod landscape;
mod unmapped;

use std::fmt;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::Catalog;
use crate::{codes, markdown, yaml};

/// A list format `radar import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A Markdown README with a project table (or one per area).
    Markdown,
    /// landscape2's `landscape.yml`.
    Landscape,
    /// A CLOMonitor foundation data file (`data/cncf.yaml`).
    Clomonitor,
}

impl Format {
    /// Every format, for help texts.
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Landscape, Format::Clomonitor];

    /// The format's name as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Landscape => "landscape",
            Format::Clomonitor => "clomonitor",
        }
    }

    /// The format named `name` (as [`Format::name`] gives it).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The format of a file, from its content: a landscape's top-level
/// `landscape:` (or `categories:`) key, a CLOMonitor file's list of projects
/// with `repositories:`; anything else is read as Markdown. Only the
/// beginning of each line is looked at, so this costs nothing on large files.
pub fn detect(text: &str) -> Format {
    let mut listed = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.starts_with("landscape:") || line.starts_with("categories:") {
            return Format::Landscape;
        }
        listed |= line.starts_with("- name:");
        if listed && line.trim_start().starts_with("repositories:") && line.starts_with(' ') {
            return Format::Clomonitor;
        }
    }
    Format::Markdown
}

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The format; `None` to recognise it from the content.
    pub format: Option<Format>,
    /// Keep only the foundation's projects (a landscape also lists members,
    /// products and other items).
    pub projects_only: bool,
    /// The foundation whose maturity levels a landscape or CLOMonitor file
    /// gives: the `body` of each project's state (the assessment picks the
    /// maturity model by it).
    pub foundation: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            format: None,
            projects_only: false,
            foundation: "CNCF".into(),
        }
    }
}

/// What an import read.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The catalog.
    pub catalog: Catalog,
    /// What could not be fully mapped, each at a line of the file.
    pub warnings: Vec<Diagnostic>,
    /// The format read.
    pub format: Format,
    /// Items read from the file (rows, landscape items, CLOMonitor projects).
    pub items: usize,
    /// Items left out on purpose (`--projects-only`).
    pub left_out: usize,
    /// Where in the file the list was (a README's table lines), for people.
    pub found: String,
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A Markdown file without a table.
    #[error(transparent)]
    Markdown(#[from] markdown::ImportError),
    /// A YAML format whose text is not YAML, or not shaped as the format at all.
    #[error("{}", .0.message)]
    Invalid(Box<Diagnostic>),
}

impl ImportError {
    /// The problem as a placed diagnostic, when it has a place.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            ImportError::Invalid(d) => Some(d),
            ImportError::Markdown(_) => None,
        }
    }
}

/// Imports `text` (a file named `name` in warnings).
pub fn import(name: &str, text: &str, options: &Options) -> Result<Imported, ImportError> {
    let format = options.format.unwrap_or_else(|| detect(text));
    match format {
        Format::Markdown => {
            let im = markdown::import(name, text)?;
            Ok(Imported {
                items: im.catalog.listings().len(),
                found: match im.tables.len() {
                    1 => format!("table at lines {}-{}", im.list_lines.0, im.list_lines.1),
                    n => format!(
                        "{n} tables at lines {}-{}",
                        im.list_lines.0, im.list_lines.1
                    ),
                },
                catalog: im.catalog,
                warnings: im.warnings,
                format,
                left_out: 0,
            })
        }
        Format::Landscape => landscape::import(name, text, options),
        Format::Clomonitor => clomonitor::import(name, text, options),
    }
}

/// Parses a YAML format's text into the located tree, or says where it is
/// not YAML.
fn parse<'a>(source: &'a SourceFile, what: &str) -> Result<yaml::Node<'a>, ImportError> {
    yaml::parse(&source.text).map_err(|e| {
        let d = Diagnostic::error(
            codes::YAML_SYNTAX,
            format!("{}: not a {what}: invalid YAML: {}", source.name, e.message),
        )
        .at(source, e.at..e.at + 1);
        ImportError::Invalid(Box::new(d))
    })
}

/// The whole file is not shaped as the format: an error at `node`.
fn not_shaped(source: &SourceFile, node: &yaml::Node<'_>, message: String) -> ImportError {
    let d = Diagnostic::error(codes::WRONG_TYPE, format!("{}: {message}", source.name))
        .at(source, node.start..node.end.max(node.start + 1));
    ImportError::Invalid(Box::new(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        assert_eq!(
            detect("# yaml-language-server: x\n\nlandscape:\n  - category:\n"),
            Format::Landscape
        );
        assert_eq!(detect("categories:\n- name: A\n"), Format::Landscape);
        assert_eq!(
            detect("- name: argo\n  display_name: Argo\n  repositories:\n    - name: argo-cd\n"),
            Format::Clomonitor
        );
        assert_eq!(
            detect("# Title\n\n| Project | Goal |\n|---|---|\n"),
            Format::Markdown
        );
        // A README that only mentions the words is Markdown.
        assert_eq!(
            detect("# T\n\nSee `landscape:` and repositories: below.\n"),
            Format::Markdown
        );
        assert_eq!(Format::from_name("clomonitor"), Some(Format::Clomonitor));
    }

    #[test]
    fn broken_yaml_is_an_error_with_its_place() {
        let options = Options {
            format: Some(Format::Landscape),
            ..Options::default()
        };
        let err = import("l.yml", "landscape:\n  - name: [x\n", &options).unwrap_err();
        let d = err.diagnostic().expect("placed");
        assert_eq!((d.code, d.line), ("C001", 2));
        let err = import("l.yml", "landscape: 3\n", &options).unwrap_err();
        assert!(err.to_string().contains("list of categories"), "{err}");
    }
}
