//! Every document of the site as a [`Route`], rendered to an [`Asset`] (bytes
//! with content type and ETag). The server renders on demand and keeps each
//! result in its generation's [`Cache`]; `radar site` renders every route
//! once into files. Both go through [`render`], so they cannot drift.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use askama::Template;
use axum::body::Bytes;

use crate::badge::{self, Badge};
use crate::dashboard::{Dashboard, Options};
use crate::filter::CatalogQuery;
use crate::pages::{self, Mode, Nav};
use crate::safe::{decode_segment, file_safe, segment};
use crate::view::ProjectView;

pub const HTML: &str = "text/html; charset=utf-8";
pub const SVG: &str = "image/svg+xml";
pub const JSON: &str = "application/json";
pub const CSV: &str = "text/csv; charset=utf-8";
pub const CSS: &str = "text/css; charset=utf-8";
pub const JS: &str = "text/javascript; charset=utf-8";

/// A rendered document.
#[derive(Clone, Debug)]
pub struct Asset {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Bytes,
    /// Strong validator: a hash of the body.
    pub etag: String,
    pub cache_control: &'static str,
}

impl Asset {
    fn new(content_type: &'static str, body: impl Into<Bytes>) -> Asset {
        let body = body.into();
        Asset {
            status: 200,
            etag: etag(&body),
            content_type,
            body,
            cache_control: "no-cache",
        }
    }

    fn status(mut self, status: u16) -> Asset {
        self.status = status;
        self
    }

    fn cache(mut self, cache_control: &'static str) -> Asset {
        self.cache_control = cache_control;
        self
    }
}

/// FNV-1a, 64 bits: a content hash for ETags and asset names (not for security).
pub const fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

fn etag(body: &[u8]) -> String {
    format!("\"{:016x}\"", fnv(body))
}

/// A document of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Catalog,
    Project(String),
    Levels,
    Level(String, String),
    Stats,
    Badge(String),
    LifecycleBadge(String),
    ApiCatalog,
    ApiCsv,
    ApiProjects,
    ApiProject(String),
    ApiEvidence(String),
    ApiAssessment(String),
    ApiHistory(String),
    ApiAssessments,
    ApiStats,
    ApiModels,
    ApiBadge(String),
    ApiLifecycleBadge(String),
    OpenApi,
    Asset(&'static str),
}

impl Route {
    /// The route of a URL path (`/project/containerd`); None for unknown paths.
    pub fn parse(path: &str) -> Option<Route> {
        let path = path.strip_prefix('/').unwrap_or(path);
        let segs: Vec<String> = path.split('/').map(decode_segment).collect::<Option<_>>()?;
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let strip = |s: &str, ext: &str| {
            s.strip_suffix(ext)
                .filter(|i| !i.is_empty())
                .map(str::to_owned)
        };
        Some(match s.as_slice() {
            [""] | ["index.html"] => Route::Catalog,
            ["project", id] => Route::Project(id.to_string()),
            ["levels"] => Route::Levels,
            ["level", m, l] => Route::Level(m.to_string(), l.to_string()),
            ["stats"] => Route::Stats,
            ["badge", f] => Route::Badge(strip(f, ".svg")?),
            ["badge", id, "lifecycle.svg"] => Route::LifecycleBadge(id.to_string()),
            ["api", "catalog.json"] => Route::ApiCatalog,
            ["api", "catalog.csv"] => Route::ApiCsv,
            ["api", "projects.json"] => Route::ApiProjects,
            ["api", "projects", f] => Route::ApiProject(strip(f, ".json")?),
            ["api", "projects", id, "evidence.json"] => Route::ApiEvidence(id.to_string()),
            ["api", "projects", id, "assessment.json"] => Route::ApiAssessment(id.to_string()),
            ["api", "projects", id, "history.json"] => Route::ApiHistory(id.to_string()),
            ["api", "assessments.json"] => Route::ApiAssessments,
            ["api", "stats.json"] => Route::ApiStats,
            ["api", "models.json"] => Route::ApiModels,
            ["api", "openapi.json"] => Route::OpenApi,
            ["api", "badge", f] => Route::ApiBadge(strip(f, ".json")?),
            ["api", "badge", id, "lifecycle.json"] => Route::ApiLifecycleBadge(id.to_string()),
            ["assets", f] => Route::Asset(crate::assets::named(f)?),
            _ => return None,
        })
    }

    /// The file this route becomes in the static site.
    pub fn file(&self) -> String {
        let s = |x: &str| segment(x);
        match self {
            Route::Catalog => "index.html".into(),
            Route::Project(id) => format!("project/{}.html", s(id)),
            Route::Levels => "levels.html".into(),
            Route::Level(m, l) => format!("level/{}/{}.html", s(m), s(l)),
            Route::Stats => "stats.html".into(),
            Route::Badge(id) => format!("badge/{}.svg", s(id)),
            Route::LifecycleBadge(id) => format!("badge/{}/lifecycle.svg", s(id)),
            Route::ApiCatalog => "api/catalog.json".into(),
            Route::ApiCsv => "api/catalog.csv".into(),
            Route::ApiProjects => "api/projects.json".into(),
            Route::ApiProject(id) => format!("api/projects/{}.json", s(id)),
            Route::ApiEvidence(id) => format!("api/projects/{}/evidence.json", s(id)),
            Route::ApiAssessment(id) => format!("api/projects/{}/assessment.json", s(id)),
            Route::ApiHistory(id) => format!("api/projects/{}/history.json", s(id)),
            Route::ApiAssessments => "api/assessments.json".into(),
            Route::ApiStats => "api/stats.json".into(),
            Route::ApiModels => "api/models.json".into(),
            Route::ApiBadge(id) => format!("api/badge/{}.json", s(id)),
            Route::ApiLifecycleBadge(id) => format!("api/badge/{}/lifecycle.json", s(id)),
            Route::OpenApi => "api/openapi.json".into(),
            Route::Asset(name) => format!("assets/{name}"),
        }
    }

    /// Directories between the site root and the static file.
    fn depth(&self) -> usize {
        self.file().matches('/').count()
    }

    /// Every route of a dashboard, for the static site.
    pub fn all(d: &Dashboard) -> Vec<Route> {
        let mut out = vec![
            Route::Catalog,
            Route::Levels,
            Route::Stats,
            Route::ApiCatalog,
            Route::ApiCsv,
            Route::ApiProjects,
        ];
        out.extend([
            Route::ApiAssessments,
            Route::ApiStats,
            Route::ApiModels,
            Route::OpenApi,
        ]);
        out.extend(crate::assets::NAMES.iter().map(|n| Route::Asset(n)));
        for m in d.models.iter() {
            out.extend(
                m.levels
                    .iter()
                    .map(|l| Route::Level(m.id.clone(), l.id.clone())),
            );
        }
        for (_, p) in d.catalog.projects() {
            let id = p.id().into_owned();
            out.extend([
                Route::Project(id.clone()),
                Route::Badge(id.clone()),
                Route::LifecycleBadge(id.clone()),
                Route::ApiProject(id.clone()),
            ]);
            out.extend([
                Route::ApiBadge(id.clone()),
                Route::ApiLifecycleBadge(id.clone()),
                Route::ApiHistory(id.clone()),
            ]);
            if let Some(data) = d.data(&id) {
                if data.evidence.is_some() {
                    out.push(Route::ApiEvidence(id.clone()));
                }
                if data.assessment.is_some() {
                    out.push(Route::ApiAssessment(id.clone()));
                }
            }
        }
        out
    }
}

fn html(t: &impl Template) -> Bytes {
    // Rendering into a String only fails when a Display impl does, and ours do not.
    Bytes::from(t.render().unwrap_or_else(|e| {
        format!("<!doctype html><title>Error</title><p>page could not be rendered: {e}</p>")
    }))
}

fn json(v: &impl serde::Serialize) -> Bytes {
    let mut s =
        serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    Bytes::from(s)
}

fn api_error(message: String) -> Asset {
    Asset::new(JSON, json(&crate::api::ApiError { error: message })).status(404)
}

fn find<'a>(d: &'a Dashboard, id: &str) -> Option<ProjectView<'a>> {
    d.catalog
        .projects()
        .find(|(_, p)| p.id() == id)
        .map(|(a, p)| ProjectView::new(d, &a.name, p))
}

/// The maturity badge's message and colour: the decided standing when
/// governance records name the project, else the level shown on the page.
pub fn level_message(v: &ProjectView<'_>) -> (String, &'static str) {
    let pill = &v.badge_level().pill;
    let message = match pill.label.strip_suffix('?') {
        Some(claimed) => format!("{claimed} (claimed)"),
        None => pill.label.clone(),
    };
    (message, badge::for_class(pill.class))
}

/// The lifecycle badge's message and colour.
fn lifecycle_message(v: &ProjectView<'_>) -> (String, &'static str) {
    (
        v.lifecycle.label.clone(),
        badge::for_class(v.lifecycle.class),
    )
}

fn badge_for(label: &str, (message, colour): (String, &'static str)) -> (String, badge::Endpoint) {
    let b = Badge {
        label,
        message: &message,
        colour,
    };
    (b.svg(), b.endpoint())
}

/// The badge shown for an id the catalog does not have.
fn unknown_badge() -> Asset {
    Asset::new(
        SVG,
        Badge {
            label: "radar",
            message: "unknown project",
            colour: badge::colour::GREY,
        }
        .svg(),
    )
    .status(404)
}

/// Renders one route. Returns None when the route names a project, model
/// or level that does not exist (the caller answers 404).
pub fn render(
    d: &Dashboard,
    options: &Options,
    mode: Mode,
    route: &Route,
    q: &CatalogQuery,
) -> Option<Asset> {
    let nav = Nav::new(
        mode,
        if mode == Mode::Static {
            route.depth()
        } else {
            0
        },
    );
    // Badges are fetched by README renderers on every view: let caches keep them a while.
    const BADGE_CACHE: &str = "public, max-age=300";
    Some(match route {
        Route::Catalog => Asset::new(HTML, html(&pages::catalog(d, &nav, q))),
        Route::Project(id) => {
            let v = find(d, id)?;
            Asset::new(HTML, html(&pages::project(d, options, &nav, &v)))
        }
        Route::Levels => Asset::new(HTML, html(&pages::levels(d, &nav))),
        Route::Level(m, l) => Asset::new(HTML, html(&pages::level(d, &nav, m, l)?)),
        Route::Stats => Asset::new(HTML, html(&pages::stats(d, &nav))),
        Route::Badge(id) => match find(d, id) {
            Some(v) => {
                Asset::new(SVG, badge_for("maturity", level_message(&v)).0).cache(BADGE_CACHE)
            }
            None => unknown_badge(),
        },
        Route::LifecycleBadge(id) => match find(d, id) {
            Some(v) => {
                Asset::new(SVG, badge_for("lifecycle", lifecycle_message(&v)).0).cache(BADGE_CACHE)
            }
            None => unknown_badge(),
        },
        Route::ApiBadge(id) => match find(d, id) {
            Some(v) => Asset::new(JSON, json(&badge_for("maturity", level_message(&v)).1))
                .cache(BADGE_CACHE),
            None => api_error(format!("no project with id `{id}`")),
        },
        Route::ApiLifecycleBadge(id) => match find(d, id) {
            Some(v) => Asset::new(JSON, json(&badge_for("lifecycle", lifecycle_message(&v)).1))
                .cache(BADGE_CACHE),
            None => api_error(format!("no project with id `{id}`")),
        },
        Route::ApiCatalog => Asset::new(JSON, json(&*d.catalog)),
        Route::ApiCsv => Asset::new(CSV, crate::api::csv(d)),
        Route::ApiProjects => Asset::new(
            JSON,
            json(&{
                let areas = crate::view::areas_by_id(d);
                ProjectView::all(d)
                    .iter()
                    .map(|v| crate::api::summary(v, &areas))
                    .collect::<Vec<_>>()
            }),
        ),
        Route::ApiProject(id) => match find(d, id) {
            Some(v) => Asset::new(
                JSON,
                json(&crate::api::detail(&v, &crate::view::areas_by_id(d))),
            ),
            None => api_error(format!("no project with id `{id}`")),
        },
        Route::ApiEvidence(id) => match find(d, id) {
            Some(v) => match crate::api::evidence(&v) {
                Some(e) => Asset::new(JSON, json(&e)),
                None => api_error(format!("project `{id}` has not been measured yet")),
            },
            None => api_error(format!("no project with id `{id}`")),
        },
        Route::ApiAssessment(id) => match find(d, id) {
            Some(v) => match v.assessment() {
                Some(a) => Asset::new(JSON, json(a)),
                None => api_error(format!("project `{id}` has not been assessed yet")),
            },
            None => api_error(format!("no project with id `{id}`")),
        },
        Route::ApiHistory(id) => match find(d, id) {
            Some(v) => Asset::new(JSON, json(&crate::api::history(&v))),
            None => api_error(format!("no project with id `{id}`")),
        },
        Route::ApiAssessments => {
            let all: Vec<&radar_assess::Assessment> = ProjectView::all(d)
                .iter()
                .filter_map(|v| v.assessment())
                .collect();
            Asset::new(JSON, json(&all))
        }
        Route::ApiStats => Asset::new(JSON, json(&crate::api::stats(d))),
        Route::ApiModels => Asset::new(JSON, json(&d.models.iter().collect::<Vec<_>>())),
        Route::OpenApi => Asset::new(JSON, crate::api::openapi_json()),
        Route::Asset(name) => {
            let (content_type, body) = crate::assets::get(name)?;
            // Asset names carry a content hash: a new version has a new name.
            Asset::new(content_type, body).cache("public, max-age=31536000, immutable")
        }
    })
}

/// The 404 page (HTML) for a path.
pub fn not_found(d: &Dashboard, options: &Options, mode: Mode, path: &str) -> Asset {
    let nav = Nav::rooted(mode, options.public_url.as_deref());
    Asset::new(HTML, html(&pages::not_found(d, &nav, path))).status(404)
}

/// Rendered documents of one generation, keyed by path and query.
#[derive(Default)]
pub(crate) struct Cache {
    map: RwLock<HashMap<String, Asset>>,
}

/// At most this many documents per generation (arbitrary search strings must
/// not grow memory without bound); past it, pages are rendered per request.
const CACHE_LIMIT: usize = 4096;

impl Cache {
    pub(crate) fn get_or_render(&self, key: &str, render: impl FnOnce() -> Asset) -> Asset {
        if let Some(a) = self.map.read().unwrap_or_else(|p| p.into_inner()).get(key) {
            return a.clone();
        }
        let asset = render();
        let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
        if map.len() < CACHE_LIMIT {
            map.insert(key.to_owned(), asset.clone());
        }
        asset
    }
}

/// Why the static site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "project id `{id}` cannot be a file name (it must not contain `/` or start with `.`); give the project a plain `id:` in the catalog"
    )]
    UnsafeId { id: String },
}

/// What [`export`] wrote.
#[derive(Debug, Default)]
pub struct ExportReport {
    pub files: usize,
    pub bytes: u64,
}

/// Writes the static site into `out`: every page with relative links, the
/// badges and API documents as files, a `404.html` and a `.nojekyll` (so
/// GitHub Pages serves the files as they are).
pub fn export(d: &Dashboard, options: &Options, out: &Path) -> Result<ExportReport, ExportError> {
    for (_, p) in d.catalog.projects() {
        let id = p.id();
        if !file_safe(&id) {
            return Err(ExportError::UnsafeId {
                id: id.into_owned(),
            });
        }
    }
    let mut report = ExportReport::default();
    let mut write = |rel: &str, body: &[u8]| -> Result<(), ExportError> {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| ExportError::Write {
                path: dir.to_owned(),
                source,
            })?;
        }
        std::fs::write(&path, body).map_err(|source| ExportError::Write {
            path: path.clone(),
            source,
        })?;
        report.files += 1;
        report.bytes += body.len() as u64;
        Ok(())
    };
    let q = CatalogQuery::default();
    for route in Route::all(d) {
        if let Some(asset) = render(d, options, Mode::Static, &route, &q) {
            write(&route.file(), &asset.body)?;
        }
    }
    write("404.html", &not_found(d, options, Mode::Static, "").body)?;
    write(".nojekyll", b"")?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip_through_files() {
        for r in [
            Route::Catalog,
            Route::Project("a b".into()),
            Route::Level("cncf".into(), "sandbox".into()),
            Route::ApiEvidence("x".into()),
            Route::Badge("x".into()),
        ] {
            let file = r.file();
            let path = match &r {
                Route::Catalog => "/".to_owned(),
                _ => format!("/{}", file.trim_end_matches(".html")),
            };
            assert_eq!(Route::parse(&path), Some(r), "{path}");
        }
        assert_eq!(Route::parse("/project/x/y"), None);
        assert_eq!(Route::parse("/badge/.svg"), None);
    }
}
