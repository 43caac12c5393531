//! GitHub redirects a renamed or transferred repository, so git and the API
//! still answer on the old URL; but the catalog should name the new one
//! (redirects break when someone takes over the old name).

use super::{Context, Hit, Rule, Severity};

pub static RULE: Rule = Rule {
    id: "repository-moved",
    severity: Severity::Warning,
    summary: "GitHub says the repository was renamed or transferred: the catalog should use the new URL",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(new_name) = cx.fact("github.renamed_to").and_then(|v| v.as_str()) else {
        return Vec::new();
    };
    let old = cx
        .fact("github.repository")
        .and_then(|v| v.as_str())
        .unwrap_or("the repository");
    let new_url = cx
        .fact("github.html_url")
        .and_then(|v| v.as_str())
        .map_or_else(|| format!("https://github.com/{new_name}"), str::to_owned);
    let listed = cx.project.repo.as_deref().unwrap_or(old);
    Hit::new(
        format!(
            "GitHub says {old} moved to {new_name}: change the catalog's repository from {listed} to {new_url}"
        ),
        vec![
            format!("github.renamed_to = {new_name}"),
            format!("github.html_url = {new_url}"),
        ],
    )
}
