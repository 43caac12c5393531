//! Loading a catalog: find it (explicit file → `./radar.yaml` → built-in),
//! parse it once into a located tree, check it against the schema and the
//! checks, deserialise the model, and keep a source map so that other crates
//! can point at a project's line.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::checks;
use crate::diagnostic::{self, Diagnostic, SourceFile};
use crate::model::Catalog;
use crate::schema_check;
use crate::yaml;

/// The built-in catalog: the seed's list, converted with `radar import` and reviewed by hand.
pub const BUILTIN_YAML: &str = include_str!("../data/builtin.yaml");
/// How the built-in catalog is named in diagnostics.
pub const BUILTIN_NAME: &str = "<built-in>";
/// The catalog looked for in the working directory when none is named.
pub const LOCAL_FILE: &str = "radar.yaml";

/// Where a catalog came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file named on the command line (`--catalog FILE`).
    Explicit(PathBuf),
    /// `./radar.yaml` in the working directory.
    Local(PathBuf),
    /// The catalog embedded in the binary.
    Builtin,
    /// Text handed to [`load_str`] under a name.
    Text(String),
}

impl Origin {
    /// The name diagnostics use for the file.
    pub fn file_name(&self) -> String {
        match self {
            Origin::Explicit(p) | Origin::Local(p) => p.display().to_string(),
            Origin::Builtin => BUILTIN_NAME.to_string(),
            Origin::Text(name) => name.clone(),
        }
    }

    /// Resolves a path written in this catalog (`models`, `governance`)
    /// relative to the catalog's directory (the working directory for the
    /// built-in one).
    pub fn relative_path(&self, written: &str) -> PathBuf {
        let base = match self {
            Origin::Explicit(p) | Origin::Local(p) => {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            }
            Origin::Builtin | Origin::Text(_) => PathBuf::new(),
        };
        base.join(written)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Explicit(p) => write!(f, "{} (--catalog)", p.display()),
            Origin::Local(p) => write!(f, "{} (found in the working directory)", p.display()),
            Origin::Builtin => {
                f.write_str("the built-in catalog (no --catalog given and no ./radar.yaml)")
            }
            Origin::Text(name) => f.write_str(name),
        }
    }
}

/// Why a catalog could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read catalog {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// The file has errors (every one is in `diagnostics`).
    #[error(
        "{file}: {} error(s) in the catalog; run `radar check` to see them all{}",
        count_errors(diagnostics),
        first_error(diagnostics)
    )]
    Invalid {
        /// The file.
        file: String,
        /// Every problem found (errors and warnings).
        diagnostics: Vec<Diagnostic>,
    },
}

fn count_errors(d: &[Diagnostic]) -> usize {
    d.iter().filter(|d| d.is_error()).count()
}

fn first_error(d: &[Diagnostic]) -> String {
    d.iter().find(|d| d.is_error()).map_or(String::new(), |d| {
        format!("\n  first: {}:{}:{}: {}", d.file, d.line, d.col, d.message)
    })
}

/// A place in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as named in diagnostics.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// The result of checking a catalog text: the catalog when it could be built,
/// and every problem found.
#[derive(Debug)]
pub struct Checked {
    /// The catalog, unless the file could not be understood at all.
    pub catalog: Option<Catalog>,
    /// Every problem, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
    /// The source text with its line index.
    pub source: SourceFile,
    /// Byte offset of each project's mapping, in catalog order.
    project_offsets: Vec<usize>,
}

impl Checked {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The loaded catalog (with its source map), when the text had no error;
    /// the diagnostics stay available as its warnings.
    pub fn into_loaded(self, origin: Origin) -> Result<LoadedCatalog, Error> {
        LoadedCatalog::from_checked(self, origin)
    }
}

/// The JSON Schema of the catalog format (what `radar schema` prints).
pub fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut schema = serde_json::to_value(schemars::schema_for!(Catalog)).expect("schema serialises");
        if let Some(obj) = schema.as_object_mut() {
            obj.insert("$id".into(), "https://radar.invalid/schema/catalog.json".into());
            obj.insert("description".into(), "A Radar catalog: a hand-kept list of upstream open-source projects, grouped in areas.".into());
        }
        schema
    })
}

/// Checks a catalog text: YAML syntax, the schema (every unknown field, wrong
/// type, missing name…), then every check in [`checks::ALL`].
pub fn check_str(name: &str, text: &str) -> Checked {
    check_str_with(name, text, yaml::Threads::default())
}

/// [`check_str`], parsing on one or two threads (the result is the same; two
/// only help a large file on a machine with an idle second core).
pub fn check_str_with(name: &str, text: &str, threads: yaml::Threads) -> Checked {
    let source = SourceFile::new(name, text);
    let yaml::Read {
        tree,
        value,
        mut diagnostics,
    } = yaml::read_with::<Catalog>(&source, schema(), schema_check::CATALOG, threads);
    let catalog = value.map(|mut c| {
        c.fill_derived();
        c
    });
    let mut project_offsets = Vec::new();
    if let (Some(c), Some(tree)) = (&catalog, &tree) {
        let cx = checks::Context {
            catalog: c,
            tree,
            source: &source,
        };
        diagnostics.extend(checks::run(&cx));
        for (a, area) in c.areas.iter().enumerate() {
            for p in 0..area.projects.len() {
                project_offsets.push(cx.project(a, p).map_or(0, |n| n.start));
            }
        }
    }
    diagnostic::sort(&mut diagnostics);
    Checked {
        catalog,
        diagnostics,
        source,
        project_offsets,
    }
}

/// A catalog loaded without errors, with where it came from, its warnings and
/// a source map.
#[derive(Debug)]
pub struct LoadedCatalog {
    /// The catalog.
    pub catalog: Catalog,
    /// Where it came from.
    pub origin: Origin,
    /// Warnings found while loading (errors make loading fail).
    pub warnings: Vec<Diagnostic>,
    source: SourceFile,
    /// (project id, area index, index in the area's list, byte offset) of
    /// every project defined, in catalog order.
    projects: Vec<(String, usize, usize, usize)>,
    paths: OnceLock<HashMap<String, usize>>,
}

impl LoadedCatalog {
    fn from_checked(checked: Checked, origin: Origin) -> Result<LoadedCatalog, Error> {
        let Checked {
            catalog,
            diagnostics,
            source,
            project_offsets,
        } = checked;
        match catalog {
            Some(catalog) if !diagnostics.iter().any(Diagnostic::is_error) => {
                let mut offsets = project_offsets.into_iter();
                let mut projects = Vec::new();
                for (a, area) in catalog.areas.iter().enumerate() {
                    for (p, listing) in area.projects.iter().enumerate() {
                        let at = offsets.next().unwrap_or(0);
                        // A project is where it is defined, not where it is referenced.
                        if let Some(project) = listing.project() {
                            projects.push((project.id().into_owned(), a, p, at));
                        }
                    }
                }
                Ok(LoadedCatalog {
                    catalog,
                    origin,
                    warnings: diagnostics,
                    source,
                    projects,
                    paths: OnceLock::new(),
                })
            }
            _ => Err(Error::Invalid {
                file: source.name.clone(),
                diagnostics,
            }),
        }
    }

    /// The source text and its name.
    pub fn source(&self) -> &SourceFile {
        &self.source
    }

    fn location(&self, byte: usize) -> Location {
        let (line, col) = self.source.line_col(byte);
        Location {
            file: self.source.name.clone(),
            line,
            col,
        }
    }

    /// Where a project is defined (the start of its entry), by id.
    pub fn location_of(&self, project_id: &str) -> Option<Location> {
        self.projects
            .iter()
            .find(|(id, ..)| id == project_id)
            .map(|&(_, _, _, at)| self.location(at))
    }

    /// Where a path such as `areas[0].projects[2].state.level` is defined.
    /// The map of every path is built on first use (one more parse).
    pub fn location_of_path(&self, path: &str) -> Option<Location> {
        let paths = self.paths.get_or_init(|| {
            let mut map = HashMap::new();
            if let Ok(tree) = yaml::parse(&self.source.text) {
                tree.walk(&mut String::new(), &mut |p, n| {
                    map.insert(p.to_string(), n.start);
                });
            }
            map
        });
        paths.get(path).map(|&at| self.location(at))
    }

    /// Where a field of a project is defined, e.g. (`containerd`, `state.level`).
    pub fn location_of_field(&self, project_id: &str, field: &str) -> Option<Location> {
        let &(_, a, p, _) = self.projects.iter().find(|(id, ..)| id == project_id)?;
        self.location_of_path(&format!("areas[{a}].projects[{p}].{field}"))
    }

    /// Resolves a path written in the catalog (`models`, `governance`) relative
    /// to the catalog's directory (the working directory for the built-in one).
    pub fn relative_path(&self, written: &str) -> PathBuf {
        self.origin.relative_path(written)
    }
}

/// Loads catalog text given under a name (used in diagnostics).
pub fn load_str(name: &str, text: &str) -> Result<LoadedCatalog, Error> {
    LoadedCatalog::from_checked(check_str(name, text), Origin::Text(name.to_string()))
}

/// Loads a catalog file.
pub fn load(path: &Path) -> Result<LoadedCatalog, Error> {
    load_from(Origin::Explicit(path.to_path_buf()))
}

/// The built-in catalog.
pub fn builtin() -> LoadedCatalog {
    load_from(Origin::Builtin).expect("the built-in catalog is valid (tested)")
}

/// Which catalog to use: the explicit file, else `./radar.yaml` when it exists,
/// else the built-in catalog.
pub fn resolve(explicit: Option<&Path>) -> Origin {
    match explicit {
        Some(p) => Origin::Explicit(p.to_path_buf()),
        None if Path::new(LOCAL_FILE).is_file() => Origin::Local(PathBuf::from(LOCAL_FILE)),
        None => Origin::Builtin,
    }
}

/// Reads the text of a catalog origin.
pub fn read(origin: &Origin) -> Result<String, Error> {
    match origin {
        Origin::Explicit(p) | Origin::Local(p) => {
            std::fs::read_to_string(p).map_err(|source| Error::Read {
                path: p.clone(),
                source,
            })
        }
        Origin::Builtin => Ok(BUILTIN_YAML.to_string()),
        Origin::Text(_) => Ok(String::new()),
    }
}

/// Loads the catalog of an origin.
pub fn load_from(origin: Origin) -> Result<LoadedCatalog, Error> {
    let text = read(&origin)?;
    LoadedCatalog::from_checked(check_str(&origin.file_name(), &text), origin)
}

/// The resolver every `--catalog` command uses: explicit → `./radar.yaml` → built-in.
pub fn load_resolved(explicit: Option<&Path>) -> Result<LoadedCatalog, Error> {
    load_from(resolve(explicit))
}

/// Checks the catalog of an origin, reporting every problem (for `radar check`).
pub fn check_origin(origin: &Origin) -> Result<Checked, Error> {
    Ok(check_str(&origin.file_name(), &read(origin)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_map_points_at_projects_and_fields() {
        let c = builtin();
        let at = c.location_of("containerd").unwrap();
        assert_eq!(at.file, BUILTIN_NAME);
        assert_eq!(c.source().line_text(at.line).trim(), "- name: Containerd");
        let level = c.location_of_field("moby", "state.level").unwrap();
        assert_eq!(c.source().line_text(level.line).trim(), "level: ??");
        assert_eq!(level.col, 14);
        assert!(c.location_of("nope").is_none());
        assert!(c.location_of_field("moby", "nope").is_none());
    }

    #[test]
    fn a_project_is_located_where_it_is_defined() {
        let c = load_str(
            "t.yaml",
            "areas:\n- name: A\n  projects:\n  - ref: p\n- name: B\n  projects:\n  - name: Q\n  - name: P\n    goal: g\n",
        )
        .unwrap();
        assert_eq!(c.location_of("p").map(|l| l.line), Some(8));
        assert_eq!(c.location_of_field("p", "goal").map(|l| l.line), Some(9));
    }

    #[test]
    fn errors_keep_every_diagnostic() {
        let Err(Error::Invalid { diagnostics, .. }) = load_str(
            "x.yaml",
            "areas:\n- name: A\n  projects:\n  - goal: g\n    bogus: 1\n",
        ) else {
            panic!("should fail")
        };
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["C004", "C002"]);
        assert!(
            load_str("e.yaml", "").is_err(),
            "an empty file is not a catalog"
        );
    }

    #[test]
    fn resolver_order() {
        assert_eq!(
            resolve(Some(Path::new("x.yaml"))),
            Origin::Explicit(PathBuf::from("x.yaml"))
        );
        let c = load_from(Origin::Explicit(PathBuf::from("/nonexistent/radar.yaml")));
        assert!(matches!(c, Err(Error::Read { .. })));
    }
}
