//! Organisation defaults: the community files of the owner's `.github`
//! repository.
//!
//! GitHub (and GitHub Enterprise) shows a repository that has no code of
//! conduct, contributing guide, security policy, support file, governance,
//! funding file or issue and pull-request templates of its own the ones kept
//! in the owner's public `.github` repository (in its root, `.github/` or
//! `docs/`). Many organisations keep their code of conduct and security
//! policy only there, so judging the repository alone would fail projects
//! for files every visitor sees. Each such check passes *as inherited*: its
//! `evidence` is the path in `OWNER/.github` and its `origin` says where it
//! came from. A README reference (a link or heading) in the `.github`
//! repository is not inherited: GitHub applies files only.
//!
//! Only those checks inherit; a `.github` repository's README, history or
//! maintainers say nothing about the repository measured.

use std::collections::BTreeMap;
use std::path::Path;

use crate::cache::open;
use crate::checks::{self, Ctx};
use crate::error::{Error, Result};
use crate::history::{self, SignOffs};
use crate::model::{Check, Evidence, Origin, OriginKind};
use crate::tree::GitTree;

/// The checks GitHub fills from the organisation's `.github` repository,
/// by check id.
pub const INHERITED_CHECKS: &[&str] = &[
    "code_of_conduct",
    "contributing",
    "funding",
    "governance",
    "issue_templates",
    "pr_template",
    "security_policy",
    "support",
];

/// What the owner's `.github` repository provides.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgDefaults {
    /// `OWNER/.github`, as the evidence names it.
    pub repository: String,
    /// The commit read (full hex id).
    pub head: String,
    /// The inheritable checks that pass on a file of that repository.
    pub checks: BTreeMap<String, Check>,
    /// The text of its security policy, which the security section scores
    /// for a repository without its own (Scorecard reads the same fallback).
    pub security_policy_text: Option<String>,
}

/// The organisation-defaults repository of `url`, when `url` is a
/// repository on GitHub (`github.com`) or on one of `enterprise_hosts`:
/// `https://HOST/OWNER/.github`, and `OWNER/.github` to name it. `None` for
/// other forges, local paths, and the `.github` repository itself.
pub fn defaults_repository(url: &str, enterprise_hosts: &[String]) -> Option<(String, String)> {
    let rest = url.trim().strip_prefix("https://")?;
    let mut parts = rest.trim_end_matches('/').split('/');
    let host = parts.next()?.to_ascii_lowercase();
    let owner = parts.next().filter(|o| !o.is_empty())?;
    let name = parts.next().filter(|n| !n.is_empty())?;
    let name = name.strip_suffix(".git").unwrap_or(name);
    let github = host == "github.com"
        || enterprise_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(&host));
    if !github
        || name.eq_ignore_ascii_case(".github")
        || parts.next().is_some_and(|p| !p.is_empty())
    {
        return None;
    }
    Some((
        format!("https://{host}/{owner}/.github"),
        format!("{owner}/.github"),
    ))
}

/// Reads the community files of the `.github` repository at `git_dir`, at
/// HEAD or at the last commit before `as_of`. A repository with nothing
/// before `as_of` provides nothing (`Ok` with no checks).
pub fn read(
    git_dir: &Path,
    repository: &str,
    as_of: Option<jiff::Timestamp>,
) -> Result<OrgDefaults> {
    let repo = open(git_dir)?;
    let path = repo.path().to_owned();
    let head = match repo.head() {
        Ok(mut h) => h
            .try_peel_to_id()
            .map_err(|e| Error::git(&path, "HEAD", e))?
            .map(|id| id.detach()),
        Err(e) => return Err(Error::git(&path, "HEAD", e)),
    };
    let target = match (head, as_of) {
        (None, _) => None,
        (Some(head), None) => Some(head),
        (Some(head), Some(at)) => history::commit_at(&repo, &path, head, at.as_second())?,
    };
    let Some(target) = target else {
        return Ok(OrgDefaults {
            repository: repository.to_owned(),
            head: String::new(),
            checks: BTreeMap::new(),
            security_policy_text: None,
        });
    };
    let mut warnings = Vec::new();
    let tree = GitTree::new(&repo, target, None, &mut warnings);
    let ctx = Ctx::new(tree.paths(), &tree, SignOffs::default());
    let checks: BTreeMap<String, Check> = checks::all()
        .into_iter()
        .filter(|c| INHERITED_CHECKS.contains(&c.id))
        .map(|c| (c.id.to_owned(), (c.run)(&ctx)))
        .filter(|(_, check)| check.passed && check.reference.is_none())
        .collect();
    let security_policy_text = checks
        .get("security_policy")
        .and_then(|c| c.evidence.as_deref())
        .and_then(|p| ctx.read(p))
        .map(|d| d.text);
    Ok(OrgDefaults {
        repository: repository.to_owned(),
        head: target.to_string(),
        checks,
        security_policy_text,
    })
}

/// Gives every inheritable check of `evidence` that did not pass the
/// organisation's default, marked as inherited. Returns how many inherited.
pub fn inherit(evidence: &mut Evidence, defaults: &OrgDefaults) -> usize {
    let mut n = 0;
    for (id, default) in &defaults.checks {
        let own = evidence.checks.get(id);
        if own.is_some_and(|c| c.passed) {
            continue;
        }
        let mut check = default.clone();
        check.details.insert(
            0,
            format!(
                "inherited: the repository has no {} of its own, and GitHub shows the one in {}",
                noun(id),
                defaults.repository
            ),
        );
        check.origin = Some(Origin {
            kind: OriginKind::OrganizationDefault,
            repository: defaults.repository.clone(),
        });
        evidence.checks.insert(id.clone(), check);
        n += 1;
    }
    if let Some(text) = &defaults.security_policy_text {
        crate::security::inherit_security_policy(evidence, text);
    }
    n
}

/// Undoes [`inherit`]: checks passed on an organisation default become
/// missing again (a repository's own failed inheritable check holds nothing
/// else), so stored evidence can be given the defaults as they are today.
pub fn disinherit(evidence: &mut Evidence) {
    for check in evidence.checks.values_mut() {
        if check
            .origin
            .as_ref()
            .is_some_and(|o| o.kind == OriginKind::OrganizationDefault)
        {
            *check = Check::missing();
        }
    }
    crate::security::disinherit_security_policy(evidence);
}

fn noun(id: &str) -> &'static str {
    match id {
        "code_of_conduct" => "code of conduct",
        "contributing" => "contributing guide",
        "funding" => "funding file",
        "governance" => "governance document",
        "issue_templates" => "issue templates",
        "pr_template" => "pull request template",
        "security_policy" => "security policy",
        "support" => "support file",
        _ => "file",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_github_repositories_have_an_organisation_default() {
        let none: Vec<String> = Vec::new();
        assert_eq!(
            defaults_repository("https://github.com/acme/widget", &none),
            Some((
                "https://github.com/acme/.github".into(),
                "acme/.github".into()
            ))
        );
        assert_eq!(
            defaults_repository("https://GitHub.com/acme/widget.git/", &none).map(|d| d.1),
            Some("acme/.github".into())
        );
        assert_eq!(
            defaults_repository("https://github.com/acme/.github", &none),
            None
        );
        assert_eq!(
            defaults_repository("https://gitlab.com/acme/widget", &none),
            None
        );
        assert_eq!(defaults_repository("https://github.com/acme", &none), None);
        assert_eq!(
            defaults_repository("https://github.com/acme/widget/tree/main/x", &none),
            None
        );
        assert_eq!(defaults_repository("/srv/git/widget.git", &none), None);
        let ghe = vec!["git.example.com".to_owned()];
        assert_eq!(
            defaults_repository("https://git.example.com/team/app", &ghe).map(|d| d.0),
            Some("https://git.example.com/team/.github".into())
        );
    }

    #[test]
    fn a_missing_check_inherits_and_an_own_file_wins() {
        let defaults = OrgDefaults {
            security_policy_text: None,
            repository: "acme/.github".into(),
            head: "0".repeat(40),
            checks: [
                (
                    "code_of_conduct".to_owned(),
                    Check::found("CODE_OF_CONDUCT.md"),
                ),
                (
                    "security_policy".to_owned(),
                    Check::found(".github/SECURITY.md"),
                ),
            ]
            .into(),
        };
        let mut checks = BTreeMap::new();
        checks.insert("code_of_conduct".to_owned(), Check::missing());
        checks.insert("security_policy".to_owned(), Check::found("SECURITY.md"));
        let mut e = crate::model::tests::evidence_with(checks);
        assert_eq!(inherit(&mut e, &defaults), 1);
        let coc = &e.checks["code_of_conduct"];
        assert!(coc.passed);
        assert_eq!(coc.evidence.as_deref(), Some("CODE_OF_CONDUCT.md"));
        assert_eq!(
            coc.origin.as_ref().map(|o| o.repository.as_str()),
            Some("acme/.github")
        );
        assert!(
            coc.details[0].contains("no code of conduct of its own"),
            "{:?}",
            coc.details
        );
        // The repository's own security policy stays its own.
        assert_eq!(
            e.checks["security_policy"].evidence.as_deref(),
            Some("SECURITY.md")
        );
        assert!(e.checks["security_policy"].origin.is_none());
        disinherit(&mut e);
        assert_eq!(e.checks["code_of_conduct"], Check::missing());
        assert_eq!(
            e.checks["security_policy"].evidence.as_deref(),
            Some("SECURITY.md")
        );
    }
}
