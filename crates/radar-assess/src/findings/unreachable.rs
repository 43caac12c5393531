//! The repository could not be read, and no earlier copy was cached:
//! deleted, renamed, private, a missing mirror, or a network problem.

use super::{Context, Hit, Rule, Severity};
use crate::assess::EvidenceOutcome;

pub static RULE: Rule = Rule {
    id: "unreachable",
    severity: Severity::Error,
    summary: "the repository URL could not be reached (and nothing was cached), so nothing about the project could be measured",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let EvidenceOutcome::Unreachable { url, error } = cx.outcome else {
        return Vec::new();
    };
    // `error` is the cause in a few words (it may already start with the URL).
    let cause = error
        .strip_prefix(url)
        .map(|r| r.trim_start_matches([':', ' ']))
        .unwrap_or(error);
    Hit::new(
        format!("the repository {url} could not be reached: {cause}"),
        vec![format!("{url}: {cause}")],
    )
}
