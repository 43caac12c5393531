//! GitHub says the repository does not exist (HTTP 404): deleted, renamed
//! without a redirect, or private. Git may still have read a mirror or a
//! cached copy, but the catalog's URL leads nowhere for its readers.

use super::{Context, Hit, Rule, Severity};

pub static RULE: Rule = Rule {
    id: "github-not-found",
    severity: Severity::Error,
    summary: "GitHub says the catalog's repository does not exist (deleted, renamed without a redirect, or private)",
    check,
};

/// Where the pipeline records GitHub's "not found" (radar-pipeline's `github_error` document).
const PATH: &str = "github_error";

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(err) = cx.fact(PATH) else {
        return Vec::new();
    };
    if err.get("kind").and_then(|k| k.as_str()) != Some("not-found") {
        return Vec::new();
    }
    let url = cx
        .assessment
        .repository
        .url
        .as_deref()
        .or(cx.project.repo.as_deref())
        .unwrap_or("the repository");
    let detail = err
        .get("message")
        .and_then(|m| m.as_str())
        .unwrap_or("HTTP 404");
    let measured = if cx.evidence().is_some() {
        "; the figures come from the copy git could still read (a mirror or the cache)"
    } else {
        ""
    };
    Hit::new(
        format!(
            "GitHub says {url} does not exist (HTTP 404): it was deleted, renamed without a redirect, or is private; fix the catalog's URL{measured}"
        ),
        vec![detail.to_owned()],
    )
}
