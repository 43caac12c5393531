//! A row claims stable (or graduated) while listing an alpha API.

use radar_catalog::Level;

use super::{Context, Hit, Rule, Severity};
use crate::version::ApiStatus;

pub static RULE: Rule = Rule {
    id: "alpha-api-in-stable-row",
    severity: Severity::Warning,
    summary: "the row claims a stable or graduated level but lists an alpha API or feature version",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let a = cx.assessment;
    if !matches!(a.claimed.level, Level::Stable | Level::Graduated) {
        return Vec::new();
    }
    let alpha: Vec<String> = a
        .api
        .entries
        .iter()
        .filter(|e| e.status == ApiStatus::Alpha)
        .map(|e| match &e.name {
            Some(n) => format!("{n}: {}", e.version),
            None => e.version.clone(),
        })
        .collect();
    if alpha.is_empty() {
        return Vec::new();
    }
    let level = if a.claimed.level == Level::Stable {
        "stable"
    } else {
        "graduated"
    };
    Hit::new(
        format!(
            "the row claims `{level}` but lists an alpha version ({}): alpha APIs may change or vanish without notice",
            alpha.join(", ")
        ),
        alpha.iter().map(|v| format!("catalog: {v}")).collect(),
    )
}
