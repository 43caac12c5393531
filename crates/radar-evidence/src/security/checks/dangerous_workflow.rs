//! Dangerous-Workflow: a GitHub Actions workflow that runs untrusted code
//! with the repository's privileges. Two patterns, as Scorecard reads them
//! (`checks/raw/dangerous_workflow.go`): a workflow triggered by
//! `pull_request_target` or `workflow_run` that checks out the pull
//! request's or the triggering run's code (`actions/checkout` with a `ref`
//! from `github.event.pull_request…` / `github.event.workflow_run…`), and a
//! `run:` script that expands an attacker-controlled `${{ github.event… }}`
//! value (an issue title, a comment, a branch name…) straight into the shell.
//! 0 if any is found, 10 otherwise, inconclusive without workflows.
use crate::checks::re;
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "dangerous_workflow",
    name: "Dangerous-Workflow",
    risk: Risk::Critical,
    run,
};

/// The event fields an outsider writes (Scorecard's list, from GitHub
/// Security Lab's "untrusted input").
const UNTRUSTED: &str = r"issue\.title|issue\.body|pull_request\.title|pull_request\.body|discussion\.title|discussion\.body|comment\.body|review\.body|review_comment\.body|pages.*\.page_name|commits.*\.message|head_commit\.message|head_commit\.author\.email|head_commit\.author\.name|commits.*\.author\.email|commits.*\.author\.name|blocked_user\.name|blocked_user\.email|pull_request\.head\.ref|pull_request\.head\.label|pull_request\.head\.repo\.default_branch";

/// True when an expression's text may carry attacker-controlled data.
pub(crate) fn is_untrusted(expr: &str) -> bool {
    expr.contains("github.head_ref")
        || re(r"(?i)tojson\s*\(\s*github(\.event)?\s*\)").is_match(expr)
        || (expr.contains("github.event.") && re(UNTRUSTED).is_match(expr))
}

fn run(input: &Input<'_>) -> Scored {
    let workflows: Vec<&Workflow> = input
        .workflows()
        .iter()
        .filter(|w| w.has_commands)
        .collect();
    if workflows.is_empty() {
        return Scored::inconclusive("no workflows found");
    }
    let mut lost = Vec::new();
    for wf in &workflows {
        let privileged = wf.triggered_by("pull_request_target") || wf.triggered_by("workflow_run");
        for (job, step) in wf.steps() {
            if privileged
                && let Some(uses) = &step.uses
                && uses.text.contains("actions/checkout")
                && let Some((_, r)) = step.with.iter().find(|(k, _)| k == "ref")
                && (r.text.contains("github.event.pull_request")
                    || r.text.contains("github.event.workflow_run"))
            {
                let trigger = if wf.triggered_by("pull_request_target") {
                    "pull_request_target"
                } else {
                    "workflow_run"
                };
                lost.push(
                    Lost::at(
                        format!("{}:{}", wf.path, step.line),
                        format!(
                            "job {}: {trigger} workflow checks out untrusted code (ref: {})",
                            job.id, r.text
                        ),
                    )
                    .costing(10.0),
                );
            }
            if let Some(script) = &step.run {
                let mut rest = script.text.as_str();
                let mut offset = 0;
                while let Some(s) = rest.find("${{") {
                    let Some(e) = rest[s..].find("}}") else { break };
                    let expr = &rest[s + 3..s + e];
                    if is_untrusted(expr) {
                        let line = script.line + script.text[..offset + s].matches('\n').count();
                        lost.push(
                            Lost::at(
                                format!("{}:{line}", wf.path),
                                format!(
                                    "job {}: script injection: ${{{{{}}}}} expanded in run:",
                                    job.id, expr
                                ),
                            )
                            .costing(10.0),
                        );
                    }
                    offset += s + e;
                    rest = &rest[s + e..];
                }
            }
        }
    }
    let evidence = workflows.iter().map(|w| w.path.clone()).collect();
    if lost.is_empty() {
        Scored::new(
            Some(10),
            format!("no dangerous pattern in {} workflows", workflows.len()),
        )
        .evidence(evidence)
    } else {
        Scored::new(
            Some(0),
            format!(
                "{} dangerous pattern{} in workflows",
                lost.len(),
                if lost.len() == 1 { "" } else { "s" }
            ),
        )
        .lost(lost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    const TARGET: &str = "on:
  pull_request_target:
    types: [opened]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: make test
";

    #[test]
    fn untrusted_checkout() {
        let s = check(&CHECK, &[(".github/workflows/t.yml", TARGET)]);
        assert_eq!(
            (s.score, lost_at(&s)),
            (Some(0), vec![".github/workflows/t.yml:8".to_owned()])
        );
        // The same checkout on `pull_request` runs without the repository's secrets.
        let safe = TARGET.replace("pull_request_target", "pull_request");
        assert_eq!(
            check(&CHECK, &[(".github/workflows/t.yml", safe.as_str())]).score,
            Some(10)
        );
        // pull_request_target checking out the base branch (no ref) is fine.
        let base =
            "on: pull_request_target\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n";
        assert_eq!(
            check(&CHECK, &[(".github/workflows/t.yml", base)]).score,
            Some(10)
        );
        let wr = "on:\n  workflow_run:\n    workflows: [ci]\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n        with: {ref: \"${{ github.event.workflow_run.head_branch }}\"}\n";
        assert_eq!(
            lost_at(&check(&CHECK, &[(".github/workflows/w.yml", wr)])),
            [".github/workflows/w.yml:7"]
        );
    }

    #[test]
    fn script_injection() {
        let wf = "on: issues\njobs:\n  a:\n    steps:\n      - run: |\n          echo start\n          echo \"${{ github.event.issue.title }}\"\n      - run: echo ${{ github.event.issue.number }} ${{ github.head_ref }}\n      - run: echo '${{ toJSON(github.event) }}'\n";
        let s = check(&CHECK, &[(".github/workflows/i.yml", wf)]);
        assert_eq!(s.score, Some(0));
        assert_eq!(
            lost_at(&s),
            [
                ".github/workflows/i.yml:7",
                ".github/workflows/i.yml:8",
                ".github/workflows/i.yml:9"
            ]
        );
        // Passed through the environment, the value is data, not code.
        let env = "on: issues\njobs:\n  a:\n    steps:\n      - env: {T: \"${{ github.event.issue.title }}\"}\n        run: echo \"$T\"\n";
        assert_eq!(
            check(&CHECK, &[(".github/workflows/i.yml", env)]).score,
            Some(10)
        );
        assert!(!is_untrusted(" github.event.pull_request.number "));
    }

    #[test]
    fn no_workflows_is_inconclusive_and_broken_ones_warn() {
        assert_eq!(check(&CHECK, &[("Makefile", "all:\n")]).score, None);
        let s = check(
            &CHECK,
            &[
                (".github/workflows/bad.yml", "on: [push\n"),
                (".github/workflows/ok.yml", "on: push\njobs: {}\n"),
            ],
        );
        assert_eq!(s.score, Some(10));
    }
}
