//! `GET /repos/{owner}/{repo}`: archived, default branch, description, topics,
//! stars, forks, … in one request; and the open pull request count.

use jiff::Timestamp;
use serde::Deserialize;

use crate::context::{Ctx, link_rel, page_number};
use crate::error::{Error, Result};
use crate::facts::GithubFacts;

#[derive(Debug, Deserialize)]
pub(crate) struct RepoJson {
    pub full_name: String,
    pub html_url: Option<String>,
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub fork: bool,
    pub default_branch: Option<String>,
    pub description: Option<String>,
    pub homepage: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub stargazers_count: u64,
    pub forks_count: u64,
    pub subscribers_count: Option<u64>,
    /// Issues *and* pull requests (GitHub counts both).
    pub open_issues_count: u64,
    pub license: Option<LicenseJson>,
    pub created_at: Option<Timestamp>,
    pub pushed_at: Option<Timestamp>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LicenseJson {
    pub spdx_id: Option<String>,
}

/// The repository itself; a 404 here is the fatal "not found, check the catalog".
pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Result<RepoJson> {
    match ctx
        .transport
        .get_json::<RepoJson>(&ctx.repo_url(""), ctx.stats)
        .await
    {
        Ok(answer) => Ok(answer.value),
        Err(e) if e.is_not_found() => Err(Error::RepositoryNotFound {
            repository: ctx.repo.to_string(),
            api: ctx.transport.endpoints.rest_base.clone(),
        }),
        Err(e) => Err(e),
    }
}

pub(crate) fn apply(facts: &mut GithubFacts, repo: RepoJson) {
    let renamed = !repo.full_name.eq_ignore_ascii_case(&facts.repository);
    facts.renamed_to = renamed.then(|| repo.full_name.clone());
    facts.full_name = Some(repo.full_name);
    facts.html_url = repo.html_url;
    facts.archived = Some(repo.archived);
    facts.disabled = Some(repo.disabled);
    facts.fork = Some(repo.fork);
    facts.default_branch = repo.default_branch;
    facts.description = repo.description.filter(|d| !d.trim().is_empty());
    facts.homepage = repo.homepage.filter(|h| !h.trim().is_empty());
    facts.topics = Some(repo.topics);
    facts.stars = Some(repo.stargazers_count);
    facts.forks = Some(repo.forks_count);
    facts.watchers = repo.subscribers_count;
    facts.license = repo.license.and_then(|l| l.spdx_id);
    facts.created_at = repo.created_at;
    facts.pushed_at = repo.pushed_at;
}

/// Open pull requests, counted with one request: with `per_page=1`, the page
/// number of the `last` link is the number of items.
pub(crate) async fn open_pull_requests(ctx: &Ctx<'_>) -> Result<u64> {
    let url = ctx.repo_url("/pulls?state=open&per_page=1");
    let answer = ctx
        .transport
        .get_json::<Vec<serde_json::Value>>(&url, ctx.stats)
        .await?;
    match link_rel(answer.link.as_deref(), "last") {
        Some(last) => page_number(&last).ok_or_else(|| Error::Malformed {
            url,
            message: format!("Link header's last page has no page number: {last}"),
        }),
        None => Ok(answer.value.len() as u64),
    }
}
