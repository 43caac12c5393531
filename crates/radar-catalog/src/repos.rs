//! A project's repositories: the primary one (`repo`, and `path` for a folder
//! of a monorepo) and any number of others (`additional_repos`), each with an
//! optional folder and role. [`Project::repositories`] gives them all, the
//! primary first, in one shape.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::Project;

/// What a repository is for in its project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RepoRole {
    /// Source code of the project, or of a part of it.
    Code,
    /// Documentation or the website.
    Docs,
    /// Community and governance: charter, membership, meetings, proposals.
    Community,
    /// A specification.
    Spec,
    /// Anything else.
    Other,
}

impl RepoRole {
    /// The name as written in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            RepoRole::Code => "code",
            RepoRole::Docs => "docs",
            RepoRole::Community => "community",
            RepoRole::Spec => "spec",
            RepoRole::Other => "other",
        }
    }
}

/// One more repository of a project. In YAML either its URL alone or
/// `{repo, path, role}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Repository {
    /// The git repository (https://, file://, a path, or `git@host:org/repo`).
    pub repo: String,
    /// A folder of it that belongs to the project (relative, `/`-separated).
    pub path: Option<String>,
    /// What it is for.
    pub role: Option<RepoRole>,
}

impl Repository {
    /// A repository given by its URL alone.
    pub fn new(repo: impl Into<String>) -> Repository {
        Repository {
            repo: repo.into(),
            ..Repository::default()
        }
    }
}

/// The mapping form of [`Repository`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Repository")]
struct RepositoryRepr {
    /// The git repository (https://, file://, a path, or `git@host:org/repo`).
    repo: String,
    /// A folder of the repository that belongs to the project (relative to
    /// its root, `/`-separated, no `..`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// What the repository is for: `code`, `docs`, `community`, `spec` or `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<RepoRole>,
}

impl Serialize for Repository {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.path.is_none() && self.role.is_none() {
            return s.serialize_str(&self.repo);
        }
        RepositoryRepr {
            repo: self.repo.clone(),
            path: self.path.clone(),
            role: self.role,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Repository {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RepositoryVisitor)
    }
}

struct RepositoryVisitor;

impl<'de> Visitor<'de> for RepositoryVisitor {
    type Value = Repository;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a repository URL or `{repo, path, role}`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Repository, E> {
        Ok(Repository::new(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Repository, A::Error> {
        let r = RepositoryRepr::deserialize(MapAccessDeserializer::new(map))?;
        Ok(Repository {
            repo: r.repo,
            path: r.path,
            role: r.role,
        })
    }
}

impl JsonSchema for Repository {
    fn schema_name() -> Cow<'static, str> {
        "AdditionalRepository".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let full = generator.subschema_for::<RepositoryRepr>();
        schemars::json_schema!({
            "description": "Another repository of the project: its URL, or `{repo, path, role}`.",
            "anyOf": [{"type": "string"}, full]
        })
    }
}

/// One repository of a project as every user of the catalog sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepoRef<'a> {
    /// The repository as written (trimmed).
    pub url: &'a str,
    /// The folder, without a trailing `/`; `None` for the whole repository.
    pub path: Option<&'a str>,
    /// What it is for; `None` when the catalog does not say.
    pub role: Option<RepoRole>,
    /// True for the project's primary repository (`repo`).
    pub primary: bool,
}

impl RepoRef<'_> {
    /// Identifies the repository for comparison: the URL without a trailing
    /// `/` or `.git`, lower-cased on GitHub (whose names ignore case).
    pub fn key(&self) -> String {
        repo_key(self.url)
    }
}

impl Project {
    /// The primary repository (`repo` with `path`), when the project names one.
    pub fn primary_repository(&self) -> Option<RepoRef<'_>> {
        let url = self
            .repo
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())?;
        Some(RepoRef {
            url,
            path: folder(self.path.as_deref()),
            role: None,
            primary: true,
        })
    }

    /// Every repository of the project: the primary first, then
    /// `additional_repos` in order.
    pub fn repositories(&self) -> impl Iterator<Item = RepoRef<'_>> {
        let others = self.additional_repos.iter().filter_map(|r| {
            let url = r.repo.trim();
            (!url.is_empty()).then_some(RepoRef {
                url,
                path: folder(r.path.as_deref()),
                role: r.role,
                primary: false,
            })
        });
        self.primary_repository().into_iter().chain(others)
    }
}

/// A folder as written → as used: trimmed, without a trailing `/`; none when empty.
fn folder(path: Option<&str>) -> Option<&str> {
    path.map(|p| p.trim().trim_end_matches('/'))
        .filter(|p| !p.is_empty())
}

/// See [`RepoRef::key`].
pub fn repo_key(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    let url = url.strip_suffix(".git").unwrap_or(url);
    let github = crate::classify::host(url).is_some_and(|h| h == "github.com");
    if github {
        url.to_ascii_lowercase()
    } else {
        url.to_string()
    }
}

/// Why `path` cannot name a folder of a repository, or `None` when it can.
pub fn path_problem(path: &str) -> Option<&'static str> {
    if path.trim().is_empty() {
        return Some("it is empty (leave `path` out for the whole repository)");
    }
    if path.trim() != path {
        return Some("it starts or ends with spaces");
    }
    if path.chars().any(char::is_control) {
        return Some("it contains a control character");
    }
    if path.contains('\\') {
        return Some("it uses `\\`; separate folders with `/`");
    }
    let drive =
        path.len() >= 2 && path.as_bytes()[1] == b':' && path.as_bytes()[0].is_ascii_alphabetic();
    if path.starts_with('/') || drive {
        return Some("it is absolute; write it relative to the repository's root");
    }
    let inner = path.strip_suffix('/').unwrap_or(path);
    for segment in inner.split('/') {
        match segment {
            "" => return Some("it has an empty folder name (`//`)"),
            "." => return Some("it has a `.` folder; leave it out"),
            ".." => return Some("it leaves the repository (`..`)"),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_first_with_folders() {
        let p = Project {
            name: "P".into(),
            repo: Some(" https://github.com/o/mono ".into()),
            path: Some("pkg/p/".into()),
            additional_repos: vec![
                Repository::new("https://github.com/o/docs"),
                Repository {
                    repo: "https://github.com/o/community".into(),
                    path: None,
                    role: Some(RepoRole::Community),
                },
            ],
            ..Project::default()
        };
        let all: Vec<_> = p.repositories().collect();
        assert_eq!(all.len(), 3);
        assert_eq!(
            (all[0].url, all[0].path, all[0].primary),
            ("https://github.com/o/mono", Some("pkg/p"), true)
        );
        assert_eq!(
            (all[1].url, all[1].role, all[1].primary),
            ("https://github.com/o/docs", None, false)
        );
        assert_eq!(all[2].role, Some(RepoRole::Community));
        let none = Project::default();
        assert_eq!(none.repositories().count(), 0);
    }

    #[test]
    fn keys_and_paths() {
        assert_eq!(
            repo_key("https://github.com/Azure/AKS-Engine.git/"),
            "https://github.com/azure/aks-engine"
        );
        assert_eq!(repo_key("https://gitlab.com/A/b"), "https://gitlab.com/A/b");
        for ok in [
            "a",
            "a/b/c",
            "staging/src/k8s.io/x/",
            "with space/x",
            ".github",
        ] {
            assert_eq!(path_problem(ok), None, "{ok}");
        }
        for bad in [
            "", " a", "/a", "a//b", "a/../b", "..", "./a", "a\\b", "C:/x", "a\u{0}b",
        ] {
            assert!(path_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn short_and_long_forms() {
        let text = "areas:\n- name: A\n  projects:\n  - name: P\n    repo: https://github.com/o/p\n    additional_repos:\n    - https://github.com/o/docs\n    - repo: https://github.com/o/mono\n      path: x/y\n      role: spec\n";
        let c = crate::load_str("t.yaml", text).unwrap().catalog;
        let p = c.project("p").unwrap();
        assert_eq!(
            p.additional_repos[0],
            Repository::new("https://github.com/o/docs")
        );
        assert_eq!(p.additional_repos[1].role, Some(RepoRole::Spec));
        assert_eq!(
            crate::load_str("u.yaml", &crate::to_yaml(&c))
                .unwrap()
                .catalog,
            c
        );
        let d = crate::check_str("t.yaml", &text.replace("role: spec", "role: spce")).diagnostics;
        assert!(
            d.iter()
                .any(|d| d.code == "C008" && d.help.as_deref() == Some("did you mean `spec`?")),
            "{d:?}"
        );
    }
}
