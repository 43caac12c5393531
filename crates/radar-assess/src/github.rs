//! GitHub's headline figures for reports, read from the `github` facts
//! (radar-github's `GithubFacts` JSON; this crate reads the JSON, it does
//! not depend on the GitHub source).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The GitHub figures a report shows. `None` is unknown (no token for it, or
/// GitHub could not say); the reason is in the evidence's `github.unknown`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GithubSummary {
    /// `owner/name` as asked.
    pub repository: String,
    /// A token was used (without one, the pull-request and response figures are unknown).
    pub authenticated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    /// The new `owner/name` when GitHub says the repository moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stars: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_issues: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_pull_requests: Option<u64>,
    /// Pull requests merged in the last 90 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_pull_requests_90d: Option<u64>,
    /// Of those, the share reviewed by someone other than the author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_share: Option<f64>,
    /// Median hours to a first response on issues and pull requests opened in the last 90 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_median_hours: Option<f64>,
    /// A CLA check ran on the latest merged pull request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cla_check: Option<bool>,
    /// GitHub's community profile score (0–100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_health: Option<u64>,
    /// Figures GitHub could not give, by key (`first_response`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
}

impl GithubSummary {
    /// The summary of the `github` namespace of `facts`, when there is one.
    pub fn from_facts(facts: &Value) -> Option<GithubSummary> {
        let root = facts.get("github")?;
        let g = root.as_object()?;
        let at = |path: &[&str]| path.iter().try_fold(root, |cur, key| cur.get(*key));
        let u64_at = |path: &[&str]| at(path).and_then(|v| v.as_u64());
        let f64_at = |path: &[&str]| at(path).and_then(|v| v.as_f64());
        Some(GithubSummary {
            repository: at(&["repository"])
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            authenticated: at(&["authenticated"])
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            archived: at(&["archived"]).and_then(|v| v.as_bool()),
            renamed_to: at(&["renamed_to"]).and_then(|v| v.as_str().map(str::to_owned)),
            stars: u64_at(&["stars"]),
            open_issues: u64_at(&["open_issues"]),
            open_pull_requests: u64_at(&["open_pull_requests"]),
            merged_pull_requests_90d: u64_at(&["merged_pull_requests", "merged"]),
            reviewed_share: f64_at(&["merged_pull_requests", "reviewed_share"]),
            first_response_median_hours: f64_at(&["first_response", "all", "median_hours"]),
            cla_check: at(&["latest_merged_pull_request", "has_cla"]).and_then(|v| v.as_bool()),
            community_health: u64_at(&["community", "health_percentage"]),
            unknown: g
                .get("unknown")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn headline_figures_from_the_facts() {
        let facts = json!({"github": {
            "repository": "acme/rocket", "authenticated": true, "archived": false, "renamed_to": null,
            "stars": 12, "open_issues": 3, "open_pull_requests": 2,
            "merged_pull_requests": {"merged": 9, "reviewed_share": 0.67},
            "first_response": {"all": {"median_hours": 10.5}},
            "latest_merged_pull_request": {"has_cla": true},
            "community": {"health_percentage": 85},
            "unknown": {}
        }});
        let s = GithubSummary::from_facts(&facts).unwrap();
        assert_eq!(s.repository, "acme/rocket");
        assert_eq!(
            (s.stars, s.open_issues, s.open_pull_requests),
            (Some(12), Some(3), Some(2))
        );
        assert_eq!(
            (s.merged_pull_requests_90d, s.reviewed_share),
            (Some(9), Some(0.67))
        );
        assert_eq!(s.first_response_median_hours, Some(10.5));
        assert_eq!(
            (s.cla_check, s.community_health, s.archived),
            (Some(true), Some(85), Some(false))
        );
        assert!(s.renamed_to.is_none() && s.unknown.is_empty());

        let anonymous = json!({"github": {"repository": "a/b", "authenticated": false, "first_response": null,
            "unknown": {"first_response": "needs a GitHub token (set GITHUB_TOKEN)"}}});
        let s = GithubSummary::from_facts(&anonymous).unwrap();
        assert_eq!(s.first_response_median_hours, None);
        assert_eq!(s.unknown, ["first_response"]);
        assert!(GithubSummary::from_facts(&json!({})).is_none());
    }
}
