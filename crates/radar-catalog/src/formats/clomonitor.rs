//! CLOMonitor's foundation data file (`data/cncf.yaml`) → catalog.
//!
//! | CLOMonitor | catalog |
//! |---|---|
//! | `name` | `id` (written when it is not the slug of the display name) |
//! | `display_name` | `name` (else `name`) |
//! | `description` | `goal` |
//! | `category` | the area (as written; `Other` when absent) |
//! | `home_url` | `link` |
//! | `maturity` | `state: {body: FOUNDATION, level}` |
//! | `accepted_at` | `state.dates.accepted` |
//! | `devstats_url` | an artifact `DevStats` |
//! | `repositories[]` | the first with the `code` or `code-lite` check set (else the first) → `repo`; every other → `additional_repos`, in order |
//! | `repositories[].check_sets` | the role: `code`/`code-lite` → `code`, else `community` → `community`, else `docs` → `docs` |
//!
//! `logo_url`, `logo_dark_url`, a repository's `name` and `exclude` have no
//! place in the catalog: one warning per field, at its first project.

use super::fields::{Fields, Ids, key};
use super::unmapped::Notes;
use super::{Format, ImportError, Imported, Options, not_shaped, parse};
use crate::codes;
use crate::diagnostic::SourceFile;
use crate::model::{
    Area, ArtifactKind, Catalog, Listing, Project, RepoRole, Repository, State, StateDates, slug,
};
use crate::yaml::{Node, Value};

const NO_PLACE: &str = "the catalog has no place for it";
const NOT_CLOMONITOR: &str = "CLOMonitor does not define it either (a typo?)";

/// Imports a CLOMonitor data file.
pub fn import(name: &str, text: &str, options: &Options) -> Result<Imported, ImportError> {
    let source = SourceFile::new(name, text);
    let root = parse(&source, "CLOMonitor data file")?;
    let Value::Seq(projects) = &root.value else {
        return Err(not_shaped(
            &source,
            &root,
            format!(
                "not a CLOMonitor data file: expected a list of projects, found {}",
                root.kind()
            ),
        ));
    };
    let mut f = Fields {
        source: &source,
        notes: Notes::default(),
    };
    let mut ids = Ids::default();
    let mut catalog = Catalog {
        title: format!("{} projects (CLOMonitor)", options.foundation),
        ..Catalog::default()
    };
    let mut repositories = 0;
    for node in projects {
        let (area, mut p) = project(&mut f, node, options);
        repositories += p.repositories().count();
        ids.give(&mut f, &mut p, node);
        let a = match catalog.areas.iter().position(|a| a.name == area) {
            Some(a) => a,
            None => {
                catalog.areas.push(Area::new(area, []));
                catalog.areas.len() - 1
            }
        };
        catalog.areas[a].projects.push(Listing::Project(p));
    }
    Ok(Imported {
        warnings: f.notes.into_warnings(&source),
        found: format!(
            "{} projects with {repositories} repositories in {} categories",
            projects.len(),
            catalog.areas.len()
        ),
        items: projects.len(),
        catalog,
        format: Format::Clomonitor,
        left_out: 0,
    })
}

/// One project and the area it belongs in.
fn project(f: &mut Fields<'_>, node: &Node<'_>, options: &Options) -> (String, Project) {
    let mut p = Project::default();
    let mut area = None;
    let mut level = None;
    let mut dates = StateDates::default();
    let mut clomonitor_name = None;
    let mut repos: Vec<(Repository, bool)> = Vec::new();
    for (k, v) in f.entries("project", node) {
        match key(k) {
            "name" => clomonitor_name = f.text("name", v),
            "display_name" => p.name = f.text("display_name", v).unwrap_or_default(),
            "description" => p.goal = f.text("description", v),
            "category" => area = f.text("category", v),
            "home_url" => p.link = f.url("home_url", v, false),
            "maturity" => level = f.text("maturity", v),
            "accepted_at" => dates.accepted = f.date("accepted_at", v),
            "devstats_url" => f.artifact(
                &mut p.artifacts,
                "devstats_url",
                v,
                ArtifactKind::Other,
                "DevStats",
            ),
            "repositories" => {
                for r in f.list(v) {
                    if let Some(repo) = repository(f, r) {
                        repos.push(repo);
                    }
                }
            }
            field @ ("logo_url" | "logo_dark_url") => f.notes.unmapped(field, k.start, NO_PLACE),
            other => f.notes.unmapped(other, k.start, NOT_CLOMONITOR),
        }
    }
    if p.name.is_empty() {
        p.name = clomonitor_name.clone().unwrap_or_default();
    }
    if p.name.is_empty() {
        let line = f.source.line_col(node.start).0;
        p.name = format!("Unnamed project (line {line})");
        f.notes.warn(
            f.source,
            codes::ODD_VALUE,
            format!("a project without a name; called `{}`", p.name),
            node.start,
        );
    }
    // CLOMonitor's name is the project's id there: keep it when the slug of
    // the display name differs, so badges and links line up.
    // An id must be usable in a URL (`radar check`: lower-case ASCII, digits,
    // `-._`); a name that is not, nor its slug, leaves the id to the name.
    let usable = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c))
    };
    if let Some(id) = clomonitor_name.filter(|id| *id != slug(&p.name)) {
        let id = if usable(&id) { id } else { slug(&id) };
        if usable(&id) && id != slug(&p.name) {
            p.id = Some(id);
        }
    }
    if level.is_some() || dates != StateDates::default() {
        let mut state = State::new(Some(options.foundation.clone()), level.as_deref());
        state.dates = dates;
        p.state = Some(state);
    }
    // The primary repository: the first that holds code.
    let primary = repos.iter().position(|(_, code)| *code).unwrap_or(0);
    for (i, (r, _)) in repos.into_iter().enumerate() {
        if i == primary {
            p.repo = Some(r.repo);
        } else {
            p.additional_repos.push(r);
        }
    }
    (area.unwrap_or_else(|| "Other".into()), p)
}

/// A repository and whether it holds code (a `code` or `code-lite` check set).
fn repository(f: &mut Fields<'_>, node: &Node<'_>) -> Option<(Repository, bool)> {
    let mut url = None;
    let mut written = false;
    let mut sets: Vec<String> = Vec::new();
    for (k, v) in f.entries("repositories", node) {
        match key(k) {
            "url" => {
                written = true;
                url = f.url("repositories.url", v, true);
            }
            "check_sets" => {
                for s in f.list(v) {
                    sets.extend(f.text("repositories.check_sets", s));
                }
            }
            "name" => f.notes.unmapped(
                "repositories.name",
                k.start,
                "a repository is known by its URL",
            ),
            "exclude" => f.notes.unmapped("repositories.exclude", k.start, NO_PLACE),
            other => f
                .notes
                .unmapped(&format!("repositories.{other}"), k.start, NOT_CLOMONITOR),
        }
    }
    let Some(url) = url else {
        if written {
            return None; // an unusable URL is reported as such
        }
        f.notes.warn(
            f.source,
            codes::ODD_VALUE,
            "a repository without a usable `url`; not imported".into(),
            node.start,
        );
        return None;
    };
    let has = |s: &str| sets.iter().any(|x| x == s);
    let code = has("code") || has("code-lite");
    let role = if code {
        Some(RepoRole::Code)
    } else if has("community") {
        Some(RepoRole::Community)
    } else if has("docs") {
        Some(RepoRole::Docs)
    } else {
        None
    };
    let repo = Repository {
        repo: url,
        path: None,
        role,
    };
    Some((repo, code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    const DATA: &str = r#"- name: argo
  display_name: Argo
  description: Workflows and GitOps
  category: app definition
  logo_url: https://example.org/argo.svg
  devstats_url: https://argo.devstats.example.org/
  accepted_at: "2020-03-26"
  maturity: graduated
  repositories:
    - name: argoproj
      url: https://github.com/argoproj/argoproj
      check_sets:
        - community
    - name: argo-cd
      url: https://github.com/argoproj/argo-cd
      check_sets:
        - code
    - name: argo-site
      url: https://github.com/argoproj/argo-site
      check_sets: [docs]
    - name: old
      url: https://github.com/argoproj/old
      exclude: [clomonitor]
- name: tag-security
  display_name: TAG Security
  description: A technical advisory group
  repositories:
    - name: tag-security
      url: https://github.com/cncf/tag-security
- name: k8s-thing
  display_name: Kubernetes Thing
  category: orchestration
  maturity: incubating
  logo_url: https://example.org/k.svg
  homepage: https://k.example.org
  repositories:
    - url: not a url
    - url: https://gitlab.com/k/thing
      check_sets: [code-lite, community]
"#;

    #[test]
    fn projects_and_all_their_repositories() {
        let im = import("cncf.yaml", DATA, &Options::default()).unwrap();
        let c = &im.catalog;
        assert_eq!(im.items, 3);
        assert_eq!(
            c.areas.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
            ["app definition", "Other", "orchestration"]
        );
        let argo = c.project("argo").unwrap();
        assert_eq!(
            argo.repo.as_deref(),
            Some("https://github.com/argoproj/argo-cd")
        );
        let others: Vec<(&str, Option<RepoRole>)> = argo
            .repositories()
            .filter(|r| !r.primary)
            .map(|r| (r.url, r.role))
            .collect();
        assert_eq!(
            others,
            [
                (
                    "https://github.com/argoproj/argoproj",
                    Some(RepoRole::Community)
                ),
                (
                    "https://github.com/argoproj/argo-site",
                    Some(RepoRole::Docs)
                ),
                ("https://github.com/argoproj/old", None)
            ]
        );
        let state = argo.state.as_ref().unwrap();
        assert_eq!(
            (state.body.as_deref(), state.level),
            (Some("CNCF"), Level::Graduated)
        );
        assert_eq!(state.dates.accepted.as_deref(), Some("2020-03-26"));
        let tag = c.project("tag-security").unwrap();
        assert_eq!(
            (tag.name.as_str(), tag.repo.as_deref()),
            ("TAG Security", Some("https://github.com/cncf/tag-security"))
        );
        assert!(tag.state.is_none());
        // CLOMonitor's name is kept as the id when the display name's slug differs.
        let thing = c.project("k8s-thing").unwrap();
        assert_eq!(thing.repo.as_deref(), Some("https://gitlab.com/k/thing"));
        assert_eq!(c.project_count(), 3);
        let checked = crate::check_str("imported.yaml", &crate::to_yaml(c));
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        let lines: Vec<(&str, usize)> = im
            .warnings
            .iter()
            .filter(|w| w.code != "M208" || !w.message.contains("`repositories.name`"))
            .map(|w| (w.code, w.line))
            .collect();
        assert_eq!(
            lines,
            [("M208", 5), ("M208", 23), ("M208", 35), ("M210", 37)],
            "{:#?}",
            im.warnings
        );
        assert!(
            im.warnings[0]
                .message
                .contains("`logo_url` is not imported (2 items have it"),
            "{:#?}",
            im.warnings
        );
    }

    #[test]
    fn not_a_list_is_an_error() {
        let err = import("x.yaml", "name: x\n", &Options::default()).unwrap_err();
        assert!(
            err.to_string().contains("expected a list of projects"),
            "{err}"
        );
    }
}
