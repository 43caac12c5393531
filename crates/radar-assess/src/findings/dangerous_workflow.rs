//! A GitHub Actions workflow runs untrusted code with the repository's
//! privileges (OpenSSF Scorecard's Dangerous-Workflow at 0): a
//! `pull_request_target`/`workflow_run` workflow that checks out the pull
//! request, or a `${{ github.event… }}` value expanded into a `run:` script.

use super::{Context, Hit, Rule, Severity};

pub static RULE: Rule = Rule {
    id: "dangerous-workflow",
    severity: Severity::Warning,
    summary: "a workflow checks out untrusted pull-request code in a privileged trigger, or expands attacker-controlled event text into a run: script (security.checks.dangerous_workflow)",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(e) = cx.evidence() else {
        return Vec::new();
    };
    let Some(c) = e
        .security
        .as_ref()
        .and_then(|s| s.checks.get("dangerous_workflow"))
    else {
        return Vec::new();
    };
    if c.score != Some(0) || c.lost.is_empty() {
        return Vec::new();
    }
    let n = c.lost.len() as u64 + c.lost_unlisted;
    let first = &c.lost[0];
    Hit::new(
        format!(
            "{n} dangerous workflow pattern{}: {} — anyone who opens a pull request or an issue can run code with the repository's token and secrets",
            if n == 1 { "" } else { "s" },
            first.what
        ),
        c.lost
            .iter()
            .take(5)
            .map(|l| format!("{}: {}", l.at.as_deref().unwrap_or("?"), l.what))
            .collect(),
    )
}
