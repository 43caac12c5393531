//! The fetch failed, and the copy cached by an earlier run was measured
//! instead: the figures may miss the latest commits and releases.

use super::{Context, Hit, Rule, Severity, day};
use crate::assess::EvidenceOutcome;

pub static RULE: Rule = Rule {
    id: "stale-cache",
    severity: Severity::Warning,
    summary: "fetching failed, so the cached copy was measured; figures may be behind the repository",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let EvidenceOutcome::Cached {
        evidence,
        fetch_error,
        last_fetched,
    } = cx.outcome
    else {
        return Vec::new();
    };
    let when = last_fetched.map_or_else(
        || "at an unknown date".to_owned(),
        |t| format!("last fetched {}", day(t)),
    );
    Hit::new(
        format!("fetch failed: {fetch_error}; measured the cached copy {when}"),
        vec![
            format!("{}: {fetch_error}", evidence.repository.url),
            format!("cached copy: commit {} ({when})", short(&evidence.head)),
        ],
    )
}

fn short(head: &str) -> &str {
    &head[..head.len().min(12)]
}
