//! Pull requests merged in the window, and the share reviewed by someone other than the author.
//!
//! Merged pull requests are read newest-updated first (a pull request merged in
//! the window was updated in it too), so paging stops at the first page whose
//! last item was updated before the window.

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::json;

use crate::context::Ctx;
use crate::error::Result;
use crate::facts::MergedPullRequests;
use crate::figures::share;
use crate::graphql::{self, Actor, Nodes, is_other_person, is_person};

const QUERY: &str = r#"query MergedPullRequests($owner: String!, $name: String!, $first: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    items: pullRequests(states: MERGED, first: $first, after: $cursor, orderBy: {field: UPDATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        mergedAt
        updatedAt
        author { login __typename }
        mergedBy { login __typename }
        labels(first: 30) { nodes { name } }
        reviews(first: 50) { nodes { state author { login __typename } } }
      }
    }
  }
}"#;

/// Prow (Kubernetes and others) records review approval as labels, not GitHub reviews.
const PROW_REVIEW_LABELS: &[&str] = &["lgtm", "approved"];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Merged {
    merged_at: Option<Timestamp>,
    updated_at: Timestamp,
    author: Option<Actor>,
    merged_by: Option<Actor>,
    labels: Nodes<Label>,
    reviews: Nodes<Review>,
}

#[derive(Debug, Deserialize)]
struct Label {
    name: String,
}

#[derive(Debug, Deserialize)]
struct Review {
    state: String,
    author: Option<Actor>,
}

pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Result<MergedPullRequests> {
    let start = ctx.window_start();
    let pages = ctx.transport.limits.max_pages;
    let read = graphql::collect::<Merged>(ctx, QUERY, 50, pages, json!({}), |pr| {
        pr.updated_at >= start
    })
    .await?;
    let mut figure = summarise(&read.nodes, start, ctx.now);
    figure.window_days = ctx.window_days();
    figure.truncated = read.truncated;
    Ok(figure)
}

fn summarise(prs: &[Merged], start: Timestamp, now: Timestamp) -> MergedPullRequests {
    let mut f = MergedPullRequests {
        window_days: 0,
        merged: 0,
        reviewed: 0,
        reviewed_share: None,
        approved: 0,
        bot_authored: 0,
        merged_by_other: 0,
        truncated: false,
    };
    for pr in prs
        .iter()
        .filter(|pr| pr.merged_at.is_some_and(|m| m >= start && m <= now))
    {
        f.merged += 1;
        let other_reviews: Vec<&Review> = pr
            .reviews
            .iter()
            .filter(|r| is_other_person(&r.author, &pr.author))
            .collect();
        let prow = pr
            .labels
            .iter()
            .any(|l| PROW_REVIEW_LABELS.contains(&l.name.to_ascii_lowercase().as_str()));
        // Pending reviews are drafts nobody else can see; every submitted state counts.
        if prow || other_reviews.iter().any(|r| r.state != "PENDING") {
            f.reviewed += 1;
        }
        if other_reviews.iter().any(|r| r.state == "APPROVED") {
            f.approved += 1;
        }
        if !is_person(&pr.author) {
            f.bot_authored += 1;
        }
        if pr.merged_by.is_some() && is_other_person(&pr.merged_by, &pr.author) {
            f.merged_by_other += 1;
        }
    }
    f.reviewed_share = share(f.reviewed, f.merged);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr(json: serde_json::Value) -> Merged {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn review_rules() {
        let t = |d: &str| format!("2025-0{d}T12:00:00Z");
        let prs = vec![
            // Reviewed and approved by another person.
            pr(
                json!({"mergedAt": t("3-01"), "updatedAt": t("3-01"), "author": {"login": "alice", "__typename": "User"},
                "mergedBy": {"login": "bob"}, "labels": {"nodes": []},
                "reviews": {"nodes": [{"state": "APPROVED", "author": {"login": "bob", "__typename": "User"}}]}}),
            ),
            // Self-review and a bot review do not count; merged by someone else.
            pr(
                json!({"mergedAt": t("3-02"), "updatedAt": t("3-02"), "author": {"login": "Alice"},
                "mergedBy": {"login": "carol"}, "labels": {"nodes": []},
                "reviews": {"nodes": [{"state": "COMMENTED", "author": {"login": "alice"}},
                                      {"state": "APPROVED", "author": {"login": "copilot-pull-request-reviewer", "__typename": "Bot"}}]}}),
            ),
            // Prow lgtm label; bot author.
            pr(
                json!({"mergedAt": t("3-03"), "updatedAt": t("3-03"), "author": {"login": "dependabot", "__typename": "Bot"},
                "mergedBy": {"login": "k8s-ci-robot"}, "labels": {"nodes": [{"name": "LGTM"}]}, "reviews": {"nodes": []}}),
            ),
            // Merged before the window: ignored.
            pr(
                json!({"mergedAt": t("1-01"), "updatedAt": t("3-04"), "author": {"login": "dave"},
                "mergedBy": {"login": "dave"}, "labels": {"nodes": []},
                "reviews": {"nodes": [{"state": "APPROVED", "author": {"login": "erin"}}]}}),
            ),
        ];
        let start: Timestamp = "2025-02-01T00:00:00Z".parse().unwrap();
        let now: Timestamp = "2025-04-01T00:00:00Z".parse().unwrap();
        let f = summarise(&prs, start, now);
        assert_eq!(
            (
                f.merged,
                f.reviewed,
                f.approved,
                f.bot_authored,
                f.merged_by_other
            ),
            (3, 2, 1, 1, 2)
        );
        assert_eq!(f.reviewed_share, Some(0.67));
    }
}
