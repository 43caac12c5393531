//! The file checks of one commit, for the whole repository or for a folder
//! of it (a project that lives in a monorepo).
//!
//! With a folder, each check runs first on the folder as if it were the
//! repository (its `README.md` is the README, its `.github/` the `.github/`)
//! and, when it does not pass there, on the whole repository: a monorepo's
//! code of conduct, license and CI live at its root. The README, and the
//! lifecycle notice in it, is the folder's when it has one, else the root's.
//! Evidence always names paths from the repository's root, so a passed check
//! in the folder says `cluster-autoscaler/cloudprovider/azure/OWNERS`.

use std::collections::BTreeMap;

use crate::checks::{self, Check, Ctx, FileSource};
use crate::history::SignOffs;
use crate::model::LifecycleStatus;
use crate::tree::GitTree;

/// What the files say.
#[derive(Default)]
pub(crate) struct Files {
    pub checks: BTreeMap<String, Check>,
    /// A lifecycle announcement and the line that makes it.
    pub notice: Option<(LifecycleStatus, String)>,
    /// Notes for the evidence's warnings.
    pub notes: Vec<String>,
    /// Files read that the (partial) clone does not have.
    pub missing: Vec<gix::ObjectId>,
}

/// The files of a folder, seen from the folder.
struct Folder<'a> {
    inner: &'a dyn FileSource,
    prefix: String,
}

impl FileSource for Folder<'_> {
    fn read(&self, path: &str, limit: usize) -> Option<Result<Vec<u8>, u64>> {
        self.inner.read(&format!("{}{path}", self.prefix), limit)
    }
}

/// Runs every file check on `tree`, the listing of `commit`, restricted to
/// `folder` first when one is given (see the module docs).
pub(crate) fn read(
    tree: &GitTree<'_>,
    commit: gix::ObjectId,
    folder: Option<&str>,
    repository_name: Option<&str>,
    sign_offs: &SignOffs,
    warnings: &mut Vec<String>,
) -> Files {
    let root = Ctx::new(tree.paths(), tree, sign_offs.clone())
        .with_repository_name(repository_name.map(str::to_owned));
    let mut notes = Vec::new();
    let (checks, notice) = match folder {
        None => {
            let checks = checks::run_all(&root);
            let notice = root
                .readme()
                .and_then(|r| crate::lifecycle::announcement(&r.path, &r.text));
            (checks, notice)
        }
        Some(folder) => {
            let prefix = format!("{folder}/");
            let inside: Vec<String> = tree
                .paths()
                .into_iter()
                .filter_map(|p| p.strip_prefix(&prefix).map(str::to_owned))
                .collect();
            if inside.is_empty() {
                warnings.push(format!(
                    "the folder {folder} does not exist at commit {commit}: file checks read the repository's root"
                ));
            }
            let source = Folder {
                inner: tree,
                prefix: prefix.clone(),
            };
            // A folder's own name is the project's (`azure` in `…/providers/azure`).
            let name = folder.rsplit('/').next().map(str::to_owned);
            let view = Ctx::new(inside, &source, sign_offs.clone()).with_repository_name(name);
            let checks = checks::all()
                .into_iter()
                .map(|c| {
                    let here = (c.run)(&view);
                    let result = if here.passed {
                        rebase(here, &prefix, &view)
                    } else {
                        (c.run)(&root)
                    };
                    (c.id.to_owned(), result)
                })
                .collect();
            let notice = match view.readme() {
                Some(r) => crate::lifecycle::announcement(&format!("{prefix}{}", r.path), &r.text),
                None => root
                    .readme()
                    .and_then(|r| crate::lifecycle::announcement(&r.path, &r.text)),
            };
            notes.extend(
                view.notes
                    .take()
                    .into_iter()
                    .map(|n| format!("{prefix}{n}")),
            );
            (checks, notice)
        }
    };
    notes.extend(root.notes.take());
    Files {
        checks,
        notice,
        notes,
        missing: tree.missing(),
    }
}

/// Names the paths of a check that passed in the folder view from the
/// repository's root. Checks write a path as the whole `evidence` or
/// detail, as `path:line`, as `path: what` (license), as `folder/`, or after
/// `linked from `; any such leading path of the folder gets the prefix. A
/// README line quoted as a detail of a reference is left as written.
fn rebase(mut check: Check, prefix: &str, view: &Ctx<'_>) -> Check {
    let is_path = |p: &str| match p.strip_suffix('/') {
        Some(dir) => view.has_dir(dir),
        None => view.has_file(p),
    };
    let map = |s: &str| -> Option<String> {
        let (lead, body) = match s.strip_prefix("linked from ") {
            Some(rest) => ("linked from ", rest),
            None => ("", s),
        };
        let head = body.split(':').next().unwrap_or(body);
        is_path(head).then(|| format!("{lead}{prefix}{body}"))
    };
    if let Some(e) = &check.evidence
        && let Some(m) = map(e)
    {
        check.evidence = Some(m);
    }
    // A reference's first detail is the README line itself (`ReadmeRef::check`).
    let skip = usize::from(check.reference.is_some());
    for d in check.details.iter_mut().skip(skip) {
        if let Some(m) = map(d) {
            *d = m;
        }
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::memory;

    #[test]
    fn folder_paths_are_named_from_the_root() {
        let mem = memory(&[
            ("OWNERS", "approvers:\n- a\n"),
            ("docs/x.md", ""),
            ("LICENSE", "MIT License"),
        ]);
        let view = Ctx::new(mem.0.keys().cloned().collect(), &mem, SignOffs::default());
        let p = "sub/dir/";
        let c = rebase(
            Check::found("OWNERS").with_details(vec![
                "linked from README.md:3: see [owners](OWNERS)".into(),
                "LICENSE: MIT".into(),
                "docs/".into(),
                "alice".into(),
            ]),
            p,
            &view,
        );
        assert_eq!(c.evidence.as_deref(), Some("sub/dir/OWNERS"));
        assert_eq!(
            c.details,
            [
                // README.md is not a file of this view: left alone.
                "linked from README.md:3: see [owners](OWNERS)",
                "sub/dir/LICENSE: MIT",
                "sub/dir/docs/",
                "alice"
            ]
        );
        let c = rebase(Check::found("OWNERS:2"), p, &view);
        assert_eq!(c.evidence.as_deref(), Some("sub/dir/OWNERS:2"));
        let mut reference =
            Check::found("OWNERS:1").with_details(vec!["OWNERS".into(), "x".into()]);
        reference.reference = Some(crate::model::Reference {
            kind: crate::model::ReferenceKind::Heading,
            target: None,
        });
        let c = rebase(reference, p, &view);
        assert_eq!(c.details, ["OWNERS", "x"], "the quoted README line is kept");
        assert_eq!(c.evidence.as_deref(), Some("sub/dir/OWNERS:1"));
    }
}
