//! Repositories of a project: a `path` names a folder inside the repository
//! (relative, no `..`) and needs a `repo` (C010); one project names the same
//! repository and folder once (C011). Whether the folder exists at HEAD is
//! only known once the repository is read: the assessment warns about that.

use std::collections::HashMap;

use super::Context;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::repos::{path_problem, repo_key};
use crate::yaml::Node;

pub fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (a, p, project) in cx.defined() {
        // Most projects name one repository and no folder: nothing to check.
        if project.path.is_none() && project.additional_repos.is_empty() {
            continue;
        }
        let node = cx.project(a, p);
        let field = |name: &str| node.and_then(|n| n.get(name));
        let has_repo = project
            .repo
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty());
        if let Some(path) = &project.path {
            bad_path(cx, path, field("path"), out);
            if !has_repo {
                let d = Diagnostic::error(
                    codes::BAD_PATH,
                    format!(
                        "project `{}` has a `path` but no `repo` it is a folder of",
                        project.name
                    ),
                );
                out.push(cx.place(
                    d.with_help("add `repo: …`, the repository the folder is in"),
                    field("path"),
                ));
            }
        }
        if !project.additional_repos.is_empty() && !has_repo {
            let d = Diagnostic::error(
                codes::BAD_PATH,
                format!(
                    "project `{}` has `additional_repos` but no `repo`",
                    project.name
                ),
            );
            out.push(cx.place(
                d.with_help(
                    "name the primary repository in `repo`; `additional_repos` are the others",
                ),
                field("additional_repos"),
            ));
        }
        let items = field("additional_repos");
        for (i, r) in project.additional_repos.iter().enumerate() {
            if let Some(path) = &r.path {
                let at = items.and_then(|n| n.index(i)).and_then(|n| n.get("path"));
                bad_path(cx, path, at, out);
            }
        }
        // Same repository and same folder twice.
        let mut seen: HashMap<(String, Option<&str>), usize> = HashMap::new();
        for (i, r) in project.repositories().enumerate() {
            let key = (repo_key(r.url), r.path);
            if let Some(&first) = seen.get(&key) {
                let at = if i == 0 {
                    field("repo")
                } else {
                    items.and_then(|n| n.index(i - 1))
                };
                let first_at = if first == 0 {
                    field("repo")
                } else {
                    items.and_then(|n| n.index(first - 1))
                };
                let line = first_at.map_or(0, |n| cx.source.line_col(n.start).0);
                let folder = r.path.map_or(String::new(), |p| format!(" (folder `{p}`)"));
                let d = Diagnostic::error(
                    codes::DUPLICATE_REPOSITORY,
                    format!("project `{}` names `{}`{folder} twice", project.name, r.url),
                );
                out.push(cx.place(
                    d.with_help(format!("first named at line {line}; remove one")),
                    at,
                ));
            } else {
                seen.insert(key, i);
            }
        }
    }
}

fn bad_path(cx: &Context<'_, '_>, path: &str, node: Option<&Node<'_>>, out: &mut Vec<Diagnostic>) {
    if let Some(why) = path_problem(path) {
        let d = Diagnostic::error(
            codes::BAD_PATH,
            format!("`path: {path}` is not a folder of the repository: {why}"),
        );
        out.push(cx.place(
            d.with_help("write the folder relative to the repository's root, e.g. `staging/src/k8s.io/cloud-provider`"),
            node,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::diagnostics_for;

    #[test]
    fn paths_and_duplicates() {
        let d = diagnostics_for(
            "areas:
- name: A
  projects:
  - name: P
    repo: https://github.com/o/mono
    path: /abs
    additional_repos:
    - https://github.com/O/Mono.git
    - {repo: https://github.com/o/mono, path: a/../b}
    - {repo: https://github.com/o/mono, path: pkg}
    - {repo: https://github.com/o/mono, path: pkg/}
  - name: Q
    path: x
  - name: R
    additional_repos: [https://github.com/o/r]
",
        );
        let got: Vec<_> = d
            .iter()
            .filter(|d| d.code.starts_with('C'))
            .map(|d| (d.code, d.line))
            .collect();
        assert_eq!(
            got,
            [
                ("C010", 6),
                ("C010", 9),
                ("C011", 11),
                ("C010", 13),
                ("C010", 15)
            ],
            "{d:#?}"
        );
        // `/abs` and the whole repository differ, and `Mono.git` is `mono`: not a duplicate
        // of the primary because the primary has a folder.
        assert!(
            d.iter().any(|d| d.code == "C011"
                && d.help.as_deref() == Some("first named at line 10; remove one"))
        );
    }

    #[test]
    fn the_whole_repository_twice_is_a_duplicate() {
        let d = diagnostics_for(
            "areas:\n- name: A\n  projects:\n  - name: P\n    repo: https://github.com/o/p\n    additional_repos: [https://github.com/O/P/]\n",
        );
        assert!(d.iter().any(|d| d.code == "C011" && d.line == 6), "{d:?}");
    }
}
