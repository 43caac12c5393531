//! The catalog row holds a placeholder (`??`, `TODO`) where a state or
//! version belongs.

use super::{Context, Hit, Rule, Severity};
use crate::version::is_placeholder;

pub static RULE: Rule = Rule {
    id: "placeholder",
    severity: Severity::Warning,
    summary: "the catalog row has a placeholder (`??`, `TODO`) for its state, body or a version",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let mut found = Vec::new();
    if let Some(state) = &cx.project.state {
        if let Some(text) = state.text.as_deref().filter(|t| is_placeholder(t)) {
            found.push(format!("state: `{text}`"));
        }
        if let Some(body) = state.body.as_deref().filter(|b| is_placeholder(b)) {
            found.push(format!("governing body: `{body}`"));
        }
    }
    for api in &cx.project.apis {
        if is_placeholder(&api.version) {
            found.push(format!(
                "{}: `{}`",
                api.name.as_deref().unwrap_or("API"),
                api.version
            ));
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    Hit::new(
        format!(
            "the catalog row has placeholders to fill in: {}",
            found.join(", ")
        ),
        found.iter().map(|f| format!("catalog: {f}")).collect(),
    )
}
