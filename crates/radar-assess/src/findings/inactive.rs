//! No commit in the last 365 days.

use super::{Context, Hit, Rule, Severity, day};
use crate::facts::days_between;

pub static RULE: Rule = Rule {
    id: "inactive",
    severity: Severity::Warning,
    summary: "no commit in the 365 days before the as-of date (not raised when the catalog or repository already says the project ended)",
    check,
};

/// Days without a commit after which a project is inactive (DESIGN.md, lifecycle).
pub const INACTIVE_DAYS: i64 = 365;

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(e) = cx.evidence() else {
        return Vec::new();
    };
    if cx.retired() {
        return Vec::new();
    }
    match e.history.last_commit {
        Some(last) => {
            let days = days_between(last, e.as_of);
            if days <= INACTIVE_DAYS {
                return Vec::new();
            }
            Hit::new(
                format!(
                    "no commit for {days} days (last on {}); the project looks abandoned",
                    day(last)
                ),
                vec![
                    format!("history.last_commit = {last}"),
                    format!("as_of = {}", e.as_of),
                ],
            )
        }
        None => Hit::new(
            "the repository has no commits",
            vec!["history.commits = 0".into()],
        ),
    }
}
