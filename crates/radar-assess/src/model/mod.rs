//! Maturity models as data: levels in order, each with its criteria.
//!
//! Three models are built in (`models/*.yaml`, embedded in the crate): the
//! CNCF project maturity levels, the seed's Azure Cloud Native Upstream
//! graduation guidelines, and the Kubernetes API / feature stages. A catalog
//! can name a file of its own (`models:`); see [`Models::load`] and
//! `docs/models.md` for the file format.

mod load;

use std::path::Path;

use radar_catalog::{Catalog, Level, Project};
use serde::{Deserialize, Serialize};

use crate::expr::Expr;
pub use load::{ModelError, Problem};

/// Built-in model files, in selection order (first match wins).
const BUILTIN: &[(&str, &str)] = &[
    ("models/cncf.yaml", include_str!("../../models/cncf.yaml")),
    ("models/azcnu.yaml", include_str!("../../models/azcnu.yaml")),
    (
        "models/kubernetes.yaml",
        include_str!("../../models/kubernetes.yaml"),
    ),
];

/// How mature a level is, in words every model shares, so that advice can
/// compare a CNCF "incubating" with a Kubernetes "beta".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Experiments and early work (sandbox, alpha).
    Early,
    /// Adopted and growing (incubating, beta).
    Growing,
    /// Production grade (graduated, stable / GA).
    Mature,
    /// No longer maintained (archived, deprecated).
    Retired,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Early => "early",
            Tier::Growing => "growing",
            Tier::Mature => "mature",
            Tier::Retired => "retired",
        }
    }
}

/// `must` criteria decide levels; `should` criteria are aspirations ("Should
/// have" in the guidelines): listed as gaps, never blocking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weight {
    #[default]
    Must,
    Should,
}

/// A criterion is checked from the evidence, or attested by a person.
#[derive(Debug, Clone)]
pub enum CriterionKind {
    Automatic(Expr),
    Manual,
    /// A manual criterion that an automatic condition stands in for until
    /// someone attests it (the README's statement of the TOC's vote, an
    /// adopters list for production use). `fails`: whether the condition's
    /// "does not hold" fails the criterion, or leaves it unknown.
    Proxy {
        proxy: Expr,
        fails: bool,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    /// Unique within its model; attestations name it.
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub weight: Weight,
    #[serde(flatten)]
    pub kind: CriterionKind,
    /// What to do to meet it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Attestations older than this are stale (default: the model's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale_after_days: Option<u32>,
}

impl Serialize for CriterionKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        match self {
            CriterionKind::Automatic(expr) => map.serialize_entry("check", expr.source())?,
            CriterionKind::Manual => map.serialize_entry("manual", &true)?,
            CriterionKind::Proxy { proxy, fails } => {
                map.serialize_entry("manual", &true)?;
                map.serialize_entry("proxy", proxy.source())?;
                map.serialize_entry("proxy_fails", fails)?;
            }
        }
        map.end()
    }
}

/// One level of a model.
#[derive(Debug, Clone, Serialize)]
pub struct ModelLevel {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Exits (archived, deprecated, donated) are states a project leaves the
    /// ladder for, not rungs above the others.
    pub exit: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// Catalog levels that mean this level (`incubating` for "Azure: incubation").
    pub claims: Vec<Level>,
    pub criteria: Vec<Criterion>,
}

/// A maturity model.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub id: String,
    pub name: String,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Governing bodies (as the catalog writes them) this model applies to.
    pub bodies: Vec<String>,
    /// Used for projects whose body no model names.
    pub default: bool,
    /// Attestations older than this many days are stale.
    pub stale_after_days: u32,
    pub levels: Vec<ModelLevel>,
    /// `built-in` or the file it was read from.
    pub origin: String,
}

impl Model {
    /// The rungs, lowest first (exits left out).
    pub fn rungs(&self) -> impl Iterator<Item = &ModelLevel> {
        self.levels.iter().filter(|l| !l.exit)
    }

    /// The level a catalog level means in this model.
    pub fn level_for(&self, level: Level) -> Option<&ModelLevel> {
        self.levels.iter().find(|l| l.claims.contains(&level))
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.levels
            .iter()
            .flat_map(|l| &l.criteria)
            .find(|c| c.id == id)
    }

    pub fn criterion_ids(&self) -> impl Iterator<Item = &str> {
        self.levels
            .iter()
            .flat_map(|l| &l.criteria)
            .map(|c| c.id.as_str())
    }

    fn names_body(&self, body: &str) -> bool {
        let norm = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        };
        let body = norm(body);
        self.bodies.iter().any(|b| norm(b) == body)
    }
}

/// The set of models a catalog is judged by.
#[derive(Debug, Clone)]
pub struct Models {
    models: Vec<Model>,
}

/// Which model applies to a project, and why.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    pub model: Option<&'a Model>,
    /// One sentence: why this model.
    pub reason: String,
    /// The project names a model that does not exist.
    pub problem: Option<String>,
}

impl Models {
    /// The built-in models (parsed once per process, then cloned).
    pub fn builtin() -> Models {
        static BUILTIN_MODELS: std::sync::OnceLock<Models> = std::sync::OnceLock::new();
        BUILTIN_MODELS
            .get_or_init(|| {
                let models = BUILTIN
                    .iter()
                    .map(
                        |(name, text)| match load::parse_model(text, name, "built-in") {
                            Ok(m) => m,
                            // The built-in files are checked by the tests; reaching this is a
                            // build of Radar with a broken model file, so say which.
                            Err(e) => panic!("built-in maturity model {name} is invalid:\n{e}"),
                        },
                    )
                    .collect();
                Models { models }
            })
            .clone()
    }

    /// The built-in models overridden by a models file: a model in the file
    /// replaces the built-in one with the same id, others are added, and the
    /// file's models come first when choosing a model for a project. With
    /// `replace_builtin: true` in the file, only its models are used.
    pub fn load(path: &Path) -> Result<Models, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Models::from_file_text(&text, &path.display().to_string())
    }

    /// As [`Models::load`], from text; `name` is used in error messages.
    pub fn from_file_text(text: &str, name: &str) -> Result<Models, ModelError> {
        let file = load::parse_file(text, name)?;
        let mut models = file.models;
        if !file.replace_builtin {
            let builtin = Models::builtin().models;
            let kept: Vec<Model> = builtin
                .into_iter()
                .filter(|b| !models.iter().any(|m| m.id == b.id))
                .collect();
            models.extend(kept);
        }
        Ok(Models { models })
    }

    /// The models for a catalog: the built-ins, or those of the file it names
    /// (relative to `catalog_dir`, the catalog file's directory).
    pub fn for_catalog(catalog: &Catalog, catalog_dir: &Path) -> Result<Models, ModelError> {
        match &catalog.models {
            Some(file) => Models::load(&catalog_dir.join(file)),
            None => Ok(Models::builtin()),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Model> {
        self.models.iter()
    }

    /// Chooses the model for a project:
    /// 1. the model the project names (`model:`), when it exists;
    /// 2. else, among the models listing the project's governing body, the
    ///    first that has a level for the claimed level, else the first of them
    ///    (so "CNCF: incubating" is judged by CNCF, "CNCF: stable" by the
    ///    Kubernetes stages);
    /// 3. else the default model.
    pub fn select(&self, project: &Project) -> Selection<'_> {
        let mut problem = None;
        if let Some(id) = &project.model {
            if let Some(m) = self.get(id) {
                return Selection {
                    model: Some(m),
                    reason: format!("the catalog names model `{id}` for this project"),
                    problem,
                };
            }
            let hint =
                radar_catalog::level::did_you_mean(id, self.models.iter().map(|m| m.id.as_str()))
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "models are: {}",
                            self.models
                                .iter()
                                .map(|m| m.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
            problem = Some(format!(
                "the catalog names model `{id}`, which does not exist; {hint}"
            ));
        }
        let body = project.state.as_ref().and_then(|s| s.body.as_deref());
        let level = project.state.as_ref().map(|s| s.level);
        if let Some(body) = body {
            let mut candidates = self.models.iter().filter(|m| m.names_body(body)).peekable();
            if let Some(first) = candidates.peek().copied() {
                let by_level = level.and_then(|l| candidates.find(|m| m.level_for(l).is_some()));
                let (model, reason) = match by_level {
                    Some(m) if m.id != first.id => (
                        m,
                        format!(
                            "governing body `{body}`; its claimed level is a level of model `{}`",
                            m.id
                        ),
                    ),
                    _ => (first, format!("governing body `{body}`")),
                };
                return Selection {
                    model: Some(model),
                    reason,
                    problem,
                };
            }
        }
        let default = self
            .models
            .iter()
            .find(|m| m.default)
            .or(self.models.first());
        let reason = match (body, default) {
            (Some(b), Some(m)) => format!(
                "no model lists the governing body `{b}`; the default model `{}` applies",
                m.id
            ),
            (None, Some(m)) => format!(
                "the catalog names no governing body; the default model `{}` applies",
                m.id
            ),
            (_, None) => "no maturity models are loaded".to_owned(),
        };
        Selection {
            model: default,
            reason,
            problem,
        }
    }
}

#[cfg(test)]
mod tests;
