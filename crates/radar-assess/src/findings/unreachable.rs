//! The repository could not be read: deleted, renamed, private, or a network problem.

use super::{Context, Hit, Rule, Severity};
use crate::assess::EvidenceOutcome;

pub static RULE: Rule = Rule {
    id: "unreachable",
    severity: Severity::Error,
    summary: "the repository URL could not be reached, so nothing about the project could be measured",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let EvidenceOutcome::Unreachable { url, error } = cx.outcome else {
        return Vec::new();
    };
    Hit::new(
        format!("the repository {url} could not be reached; check the URL or whether it moved"),
        vec![format!("{url}: {error}")],
    )
}
