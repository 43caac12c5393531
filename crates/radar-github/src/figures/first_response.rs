//! CHAOSS time to first response: for issues and pull requests a person opened
//! in the window, the time from opening to the first comment or review by a
//! person other than the author. Bots neither open nor answer.
//!
//! Two paged queries, newest first: issues (with their first 100 comments) and
//! pull requests (with their first 100 comments and reviews). Review comments on
//! code always belong to a review, so reviews cover them.

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::json;

use crate::context::Ctx;
use crate::error::Result;
use crate::facts::{FirstResponse, ResponseTimes};
use crate::figures::{round2, share};
use crate::graphql::{self, Actor, Nodes, is_other_person, is_person};

const ISSUES: &str = r#"query FirstResponseIssues($owner: String!, $name: String!, $first: Int!, $cursor: String, $since: DateTime) {
  repository(owner: $owner, name: $name) {
    items: issues(first: $first, after: $cursor, orderBy: {field: CREATED_AT, direction: DESC}, filterBy: {since: $since}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        createdAt
        author { login __typename }
        comments(first: 100) { nodes { createdAt author { login __typename } } }
      }
    }
  }
}"#;

const PULL_REQUESTS: &str = r#"query FirstResponsePullRequests($owner: String!, $name: String!, $first: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    items: pullRequests(first: $first, after: $cursor, orderBy: {field: CREATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        createdAt
        author { login __typename }
        comments(first: 100) { nodes { createdAt author { login __typename } } }
        reviews(first: 100) { nodes { submittedAt author { login __typename } } }
      }
    }
  }
}"#;

/// "Answered quickly" threshold of `answered_within_48h_share`.
const QUICK_HOURS: f64 = 48.0;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Item {
    created_at: Timestamp,
    author: Option<Actor>,
    comments: Nodes<Comment>,
    #[serde(default)]
    reviews: Option<Nodes<Review>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Comment {
    created_at: Timestamp,
    author: Option<Actor>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Review {
    /// Null for a pending (unsubmitted) review.
    submitted_at: Option<Timestamp>,
    author: Option<Actor>,
}

pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Result<FirstResponse> {
    let start = ctx.window_start();
    let pages = ctx.transport.limits.max_pages;
    let in_window = |item: &Item| item.created_at >= start;
    // `since` (updated since) only trims the list; an issue opened in the window was updated in it.
    let issues =
        graphql::collect::<Item>(ctx, ISSUES, 50, pages, json!({ "since": start }), in_window);
    let pulls = graphql::collect::<Item>(ctx, PULL_REQUESTS, 50, pages, json!({}), in_window);
    let (issues, pulls) = tokio::join!(issues, pulls);
    let (issues, pulls) = (issues?, pulls?);
    let issue_hours = response_hours(&issues.nodes, start, ctx.now);
    let pull_hours = response_hours(&pulls.nodes, start, ctx.now);
    let all: Vec<Option<f64>> = issue_hours.iter().chain(&pull_hours).copied().collect();
    Ok(FirstResponse {
        window_days: ctx.window_days(),
        issues: times(&issue_hours),
        pull_requests: times(&pull_hours),
        all: times(&all),
        truncated: issues.truncated || pulls.truncated,
    })
}

/// For each item a person opened in `[start, now]`: hours to the first response, or None.
fn response_hours(items: &[Item], start: Timestamp, now: Timestamp) -> Vec<Option<f64>> {
    items
        .iter()
        .filter(|i| i.created_at >= start && i.created_at <= now && is_person(&i.author))
        .map(|item| {
            let comments = item.comments.iter().map(|c| (c.created_at, &c.author));
            let reviews = item
                .reviews
                .iter()
                .flat_map(|r| r.iter())
                .filter_map(|r| Some((r.submitted_at?, &r.author)));
            comments
                .chain(reviews)
                .filter(|(at, who)| {
                    *at >= item.created_at && *at <= now && is_other_person(who, &item.author)
                })
                .map(|(at, _)| at)
                .min()
                .map(|first| item.created_at.duration_until(first).as_secs_f64() / 3600.0)
        })
        .collect()
}

fn times(hours: &[Option<f64>]) -> ResponseTimes {
    let mut answered: Vec<f64> = hours.iter().flatten().copied().collect();
    answered.sort_by(f64::total_cmp);
    let opened = hours.len() as u64;
    let quick = answered.iter().filter(|h| **h <= QUICK_HOURS).count() as u64;
    ResponseTimes {
        opened,
        answered: answered.len() as u64,
        unanswered: opened - answered.len() as u64,
        median_hours: median(&answered).map(round2),
        answered_within_48h_share: share(quick, opened),
    }
}

/// Median of sorted values; the mean of the two middle ones for an even count.
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[1.0, 2.0, 10.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), Some(3.0));
    }

    #[test]
    fn first_response_rules() {
        let item = |j: serde_json::Value| -> Item { serde_json::from_value(j).unwrap() };
        let items = vec![
            // Author's own comment and a bot comment are skipped; the review 5 h in answers.
            item(
                json!({"createdAt": "2025-03-01T00:00:00Z", "author": {"login": "alice"},
                "comments": {"nodes": [
                    {"createdAt": "2025-03-01T01:00:00Z", "author": {"login": "alice"}},
                    {"createdAt": "2025-03-01T02:00:00Z", "author": {"login": "k8s-ci-robot"}},
                    {"createdAt": "2025-03-01T09:00:00Z", "author": {"login": "bob"}}]},
                "reviews": {"nodes": [{"submittedAt": "2025-03-01T05:00:00Z", "author": {"login": "carol"}},
                                      {"submittedAt": null, "author": {"login": "dave"}}]}}),
            ),
            // Never answered (a response after `now` does not count).
            item(
                json!({"createdAt": "2025-03-10T00:00:00Z", "author": {"login": "erin"},
                "comments": {"nodes": [{"createdAt": "2025-05-01T00:00:00Z", "author": {"login": "bob"}}]}}),
            ),
            // Opened by a bot: left out.
            item(
                json!({"createdAt": "2025-03-11T00:00:00Z", "author": {"login": "renovate", "__typename": "Bot"},
                "comments": {"nodes": []}}),
            ),
            // Deleted author; answered 1 h in.
            item(json!({"createdAt": "2025-03-12T00:00:00Z", "author": null,
                "comments": {"nodes": [{"createdAt": "2025-03-12T01:00:00Z", "author": {"login": "bob"}}]}})),
            // Opened before the window.
            item(
                json!({"createdAt": "2024-12-01T00:00:00Z", "author": {"login": "frank"}, "comments": {"nodes": []}}),
            ),
        ];
        let start: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
        let now: Timestamp = "2025-04-01T00:00:00Z".parse().unwrap();
        let hours = response_hours(&items, start, now);
        assert_eq!(hours, vec![Some(5.0), None, Some(1.0)]);
        let t = times(&hours);
        assert_eq!((t.opened, t.answered, t.unanswered), (3, 2, 1));
        assert_eq!(t.median_hours, Some(3.0));
        assert_eq!(t.answered_within_48h_share, Some(0.67));
    }
}
