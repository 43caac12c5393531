//! The project names a maturity model that does not exist.

use super::{Context, Hit, Rule, Severity};

pub static RULE: Rule = Rule {
    id: "unknown-model",
    severity: Severity::Warning,
    summary: "the project's `model:` names no loaded maturity model (the model chosen by its body applies instead)",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(problem) = cx.model_problem else {
        return Vec::new();
    };
    let used = cx
        .model
        .map_or("none".to_owned(), |m| format!("`{}`", m.id));
    Hit::new(
        format!("{problem} (using {used})"),
        vec![format!(
            "catalog: model: {}",
            cx.project.model.as_deref().unwrap_or("")
        )],
    )
}
