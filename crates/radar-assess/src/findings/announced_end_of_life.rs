//! The repository announces that it is archived or deprecated, but the
//! catalog still lists an active level: readers would adopt a dead project.

use super::{Context, Hit, Rule, Severity};
use crate::assess::{LifecycleState, is_retired_level};

pub static RULE: Rule = Rule {
    id: "announced-end-of-life",
    severity: Severity::Error,
    summary: "the repository is archived or deprecated while the catalog lists an active level",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let a = cx.assessment;
    if !a.lifecycle.is_retired() || is_retired_level(a.claimed.level) {
        return Vec::new();
    }
    let what = if a.lifecycle.status == LifecycleState::Archived {
        "archived"
    } else {
        "deprecated"
    };
    let listed = match (&a.claimed.body, &a.claimed.text) {
        (Some(body), Some(text)) => format!("{body}: {text}"),
        (Some(body), None) => format!("{body}: {}", a.claimed.level.as_str()),
        (None, Some(text)) => text.clone(),
        (None, None) => a.claimed.level.as_str().to_owned(),
    };
    let mut evidence = Vec::new();
    if let Some(e) = &a.lifecycle.evidence {
        evidence.push(e.clone());
    }
    evidence.push(format!("catalog: {listed}"));
    Hit::new(
        format!(
            "the repository announces the project is {what}, but the catalog lists it as `{listed}`"
        ),
        evidence,
    )
}
