//! The evidence rests on incomplete history (shallow clone, missing objects).

use super::{Context, Hit, Rule, Severity};

pub static RULE: Rule = Rule {
    id: "partial-history",
    severity: Severity::Info,
    summary: "the repository's history was incomplete when measured, so counts may be low",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(e) = cx.evidence() else {
        return Vec::new();
    };
    if !e.repository.partial && !e.history.partial {
        return Vec::new();
    }
    let which = if e.repository.partial {
        "repository.partial = true"
    } else {
        "history.partial = true"
    };
    let mut evidence = vec![which.to_owned()];
    evidence.extend(e.warnings.iter().cloned());
    Hit::new(
        "the history measured was incomplete; figures may be too low",
        evidence,
    )
}
