//! The checks that ran on the latest merged pull request: a CLA bot, DCO, CI.
//!
//! This is CLOMonitor's `cla` and `dco` signal: whatever the project requires
//! runs on every pull request, so the latest merged one shows it. The latest
//! merged pull request is the one with the latest merge time among the 10 most
//! recently updated merged ones; its checks are those on its last commit (check
//! runs of every GitHub App, and commit statuses).

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::json;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::facts::{CheckInfo, CheckKind, LatestMergedPullRequest};
use crate::graphql::{self, Nodes};

const QUERY: &str = r#"query LatestMergedPullRequest($owner: String!, $name: String!, $first: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    items: pullRequests(states: MERGED, first: $first, after: $cursor, orderBy: {field: UPDATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number
        url
        mergedAt
        commits(last: 1) {
          nodes {
            commit {
              oid
              checkSuites(first: 30) {
                nodes {
                  app { name slug }
                  checkRuns(first: 50) { nodes { name status conclusion } }
                }
              }
              status { contexts { context state } }
            }
          }
        }
      }
    }
  }
}"#;

/// CLOMonitor's CLA check names (case-insensitive substrings), plus CLA Assistant's.
const CLA_PATTERNS: &[&str] = &[
    "cncf-cla",
    "cla/linuxfoundation",
    "easycla",
    "license/cla",
    "cla/google",
    "cla-assistant",
    "cla-bot",
];

/// Check-run conclusions and status states that mean the check failed.
const FAILED: &[&str] = &[
    "failure",
    "error",
    "timed_out",
    "cancelled",
    "action_required",
    "startup_failure",
];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pr {
    number: u64,
    url: String,
    merged_at: Option<Timestamp>,
    commits: Nodes<PrCommit>,
}

#[derive(Debug, Deserialize)]
struct PrCommit {
    commit: Commit,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Commit {
    oid: String,
    check_suites: Option<Nodes<Suite>>,
    status: Option<Status>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Suite {
    app: Option<App>,
    check_runs: Option<Nodes<Run>>,
}

#[derive(Debug, Deserialize)]
struct App {
    name: String,
    slug: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Run {
    name: String,
    conclusion: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Status {
    #[serde(default)]
    contexts: Vec<Context>,
}

#[derive(Debug, Deserialize)]
struct Context {
    context: String,
    state: String,
}

/// `Ok(None)`: the repository has no merged pull request.
pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Result<Option<LatestMergedPullRequest>> {
    let read = graphql::collect::<Pr>(ctx, QUERY, 10, 1, json!({}), |_| false).await?;
    let latest = read
        .nodes
        .iter()
        .filter(|p| p.merged_at.is_some_and(|m| m <= ctx.now))
        .max_by_key(|p| p.merged_at);
    match latest {
        Some(pr) => Ok(Some(summarise(pr))),
        None if read.nodes.is_empty() => Ok(None),
        None => Err(Error::GraphQl {
            url: ctx.transport.endpoints.graphql.to_string(),
            message: format!(
                "the 10 most recently updated merged pull requests were all merged after {}",
                ctx.now
            ),
        }),
    }
}

fn summarise(pr: &Pr) -> LatestMergedPullRequest {
    let commit = pr.commits.iter().last().map(|c| &c.commit);
    let mut checks = Vec::new();
    if let Some(commit) = commit {
        for suite in commit.check_suites.iter().flat_map(|s| s.iter()) {
            let app = suite.app.as_ref();
            for run in suite.check_runs.iter().flat_map(|r| r.iter()) {
                let names = [
                    Some(run.name.as_str()),
                    app.map(|a| a.name.as_str()),
                    app.and_then(|a| a.slug.as_deref()),
                ];
                checks.push(CheckInfo {
                    name: run.name.clone(),
                    kind: kind(names.iter().flatten().copied()),
                    source: "check_run".into(),
                    app: app.map(|a| a.name.clone()),
                    result: run.conclusion.as_ref().map(|c| c.to_ascii_lowercase()),
                });
            }
        }
        for status in commit.status.iter().flat_map(|s| &s.contexts) {
            checks.push(CheckInfo {
                name: status.context.clone(),
                kind: kind([status.context.as_str()].into_iter()),
                source: "status".into(),
                app: None,
                result: Some(status.state.to_ascii_lowercase()),
            });
        }
    }
    let has = |k: CheckKind| checks.iter().any(|c| c.kind == k);
    LatestMergedPullRequest {
        number: pr.number,
        url: pr.url.clone(),
        merged_at: pr.merged_at.expect("filtered on merged_at"),
        head_sha: commit.map(|c| c.oid.clone()),
        has_cla: has(CheckKind::Cla),
        has_dco: has(CheckKind::Dco),
        has_ci: has(CheckKind::Ci),
        ci_failed: checks
            .iter()
            .filter(|c| {
                c.kind == CheckKind::Ci && c.result.as_deref().is_some_and(|r| FAILED.contains(&r))
            })
            .count() as u64,
        checks,
    }
}

/// CLA when any name matches a CLA pattern; DCO when any name has the word `dco`; else CI.
fn kind<'a>(names: impl Iterator<Item = &'a str>) -> CheckKind {
    let lower: Vec<String> = names.map(str::to_ascii_lowercase).collect();
    if lower
        .iter()
        .any(|n| CLA_PATTERNS.iter().any(|p| n.contains(p)))
    {
        CheckKind::Cla
    } else if lower.iter().any(|n| {
        n.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "dco")
    }) {
        CheckKind::Dco
    } else {
        CheckKind::Ci
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind(["EasyCLA"].into_iter()), CheckKind::Cla);
        assert_eq!(kind(["license/cla"].into_iter()), CheckKind::Cla);
        assert_eq!(
            kind(["check", "Linux Foundation EasyCLA"].into_iter()),
            CheckKind::Cla
        );
        assert_eq!(kind(["DCO"].into_iter()), CheckKind::Dco);
        assert_eq!(kind(["probot/dco"].into_iter()), CheckKind::Dco);
        assert_eq!(
            kind(["build (ubuntu)", "GitHub Actions"].into_iter()),
            CheckKind::Ci
        );
        assert_eq!(
            kind(["decoder-tests"].into_iter()),
            CheckKind::Ci,
            "dco only as a word"
        );
        assert_eq!(kind(["declared"].into_iter()), CheckKind::Ci);
    }
}
