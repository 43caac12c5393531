//! The project page's list of repositories, for a project of several
//! repositories or of a monorepo's folder: each repository (primary first)
//! with its role, its folder and its own key figures, measured on their own
//! before the project's union (`evidence.members`, docs/evidence-schema.md).
//! A project of one whole repository has no list: the page's figures are
//! that repository's.

use radar_catalog::Project;
use radar_evidence::Evidence;

use crate::pages::LinkView;

/// One repository of the project; figures are empty until measured.
pub struct RepositoryRow {
    pub link: LinkView,
    pub primary: bool,
    pub role: String,
    pub folder: String,
    pub commits: String,
    pub contributors: String,
    pub commits_365d: String,
    pub last_commit: String,
    pub latest_release: String,
}

/// The rows of `project`'s repositories, with `evidence`'s figures for each.
pub fn rows(project: &Project, evidence: Option<&Evidence>) -> Vec<RepositoryRow> {
    let repos: Vec<_> = project.repositories().collect();
    if repos.len() < 2 && repos.iter().all(|r| r.path.is_none()) {
        return Vec::new();
    }
    repos
        .iter()
        .map(|r| {
            let member = evidence.and_then(|e| {
                e.members
                    .iter()
                    .find(|m| m.url.trim() == r.url && m.path.as_deref() == r.path)
            });
            // One measured repository (a folder alone): its figures are the evidence's own.
            let own = evidence.filter(|e| e.members.is_empty() && r.primary);
            let (commits, contributors, commits_365d, last, release) = match (member, own) {
                (Some(m), _) => (
                    m.commits.to_string(),
                    m.contributors.to_string(),
                    m.commits_365d.to_string(),
                    m.last_commit.map(crate::dates::day).unwrap_or_default(),
                    m.latest_release.clone().unwrap_or_default(),
                ),
                (None, Some(e)) => (
                    e.history.commits.to_string(),
                    e.history.contributors.to_string(),
                    e.history.commits_365d.to_string(),
                    e.history
                        .last_commit
                        .map(crate::dates::day)
                        .unwrap_or_default(),
                    e.releases
                        .latest
                        .as_ref()
                        .map(|l| l.tag.clone())
                        .unwrap_or_default(),
                ),
                _ => Default::default(),
            };
            RepositoryRow {
                link: LinkView::new(r.url, Some(r.url)),
                primary: r.primary,
                role: r.role.map(|x| x.as_str().to_owned()).unwrap_or_default(),
                folder: r.path.unwrap_or_default().to_owned(),
                commits,
                contributors,
                commits_365d,
                last_commit: last,
                latest_release: release,
            }
        })
        .collect()
}
