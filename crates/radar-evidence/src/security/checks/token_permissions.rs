//! Token-Permissions: what the workflows let their `GITHUB_TOKEN` write.
//! Scorecard's rule (`checks/evaluation/permissions.go`, with the order in
//! which its probes report: every job first, then every top level), per
//! workflow with commands:
//!
//! - no top-level `permissions:` costs 0.5, and the whole check drops to 0
//!   when a job of that workflow declares none either (it then runs with the
//!   repository's default token);
//! - top-level `write-all` costs 0.5, and 0 for the check when a job also
//!   writes or declares nothing;
//! - a top-level write scope costs `contents`/`packages`/`actions` 10,
//!   `deployments`/`security-events` 1, `checks`/`statuses` 0.5 (other
//!   scopes nothing);
//! - job-level write scopes cost nothing on their own.
//!
//! The score is 10 minus the costs, at least 0, truncated; inconclusive
//! without workflows.
use crate::security::workflow::Permissions;
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "token_permissions",
    name: "Token-Permissions",
    risk: Risk::High,
    run,
};

/// Scopes Scorecard weighs.
const OF_INTEREST: &[&str] = &[
    "statuses",
    "checks",
    "security-events",
    "deployments",
    "contents",
    "packages",
    "actions",
];

/// Actions that upload SARIF results (they need `security-events: write`).
const SARIF: &[&str] = &[
    "github/codeql-action/analyze",
    "github/codeql-action/upload-sarif",
    "ossf/scorecard-action",
    "haskell-actions/hlint-scan",
    "zizmorcore/zizmor-action",
];

fn cost(scope: &str) -> f64 {
    match scope {
        "checks" | "statuses" => 0.5,
        "contents" | "packages" | "actions" => 10.0,
        "deployments" | "security-events" => 1.0,
        _ => 0.0,
    }
}

fn writes(value: &str) -> bool {
    value.eq_ignore_ascii_case("write")
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
    let mut score = 10.0f64;
    let mut lost = Vec::new();
    let mut zero = false;
    for wf in &workflows {
        // Job-level writes Scorecard lets pass: publishing needs `packages`,
        // releasing `contents`, SARIF uploads `security-events`.
        let mut ignored: Vec<&str> = Vec::new();
        if publishing::matching_job(wf, publishing::PACKAGING).is_some() {
            ignored.push("packages");
        }
        if publishing::matching_job(wf, publishing::RELEASING).is_some() {
            ignored.push("contents");
        }
        if wf.steps().any(|(_, s)| {
            s.uses
                .as_ref()
                .is_some_and(|u| SARIF.contains(&workflow::split_uses(&u.text).0))
        }) {
            ignored.push("security-events");
        }
        let undeclared_job = wf.jobs.iter().find(|j| j.permissions.is_none());
        let writing_job = wf.jobs.iter().find(|j| match &j.permissions {
            Some(Permissions::Scopes(s)) => s.iter().any(|(k, v)| {
                writes(&v.text)
                    && OF_INTEREST.iter().any(|o| k.eq_ignore_ascii_case(o))
                    && !ignored.iter().any(|i| k.eq_ignore_ascii_case(i))
            }),
            _ => false,
        });
        match &wf.permissions {
            None => match undeclared_job {
                Some(job) => {
                    zero = true;
                    lost.push(
                        Lost::at(
                            format!("{}:{}", wf.path, job.line),
                            format!("no top-level permissions, and job {} declares none: it gets the default token", job.id),
                        )
                        .costing(10.0),
                    );
                }
                None => {
                    score -= 0.5;
                    lost.push(
                        Lost::at(format!("{}:1", wf.path), "no top-level permissions block")
                            .costing(0.5),
                    );
                }
            },
            Some(Permissions::All(v)) if v.text == "write-all" => {
                match writing_job.or(undeclared_job) {
                    Some(job) => {
                        zero = true;
                        lost.push(
                            Lost::at(
                                format!("{}:{}", wf.path, v.line),
                                format!(
                                    "top-level write-all, and job {} writes or declares nothing",
                                    job.id
                                ),
                            )
                            .costing(10.0),
                        );
                    }
                    None => {
                        score -= 0.5;
                        lost.push(
                            Lost::at(format!("{}:{}", wf.path, v.line), "top-level write-all")
                                .costing(0.5),
                        );
                    }
                }
            }
            Some(Permissions::Scopes(scopes)) => {
                for (scope, v) in scopes {
                    let scope_l = scope.to_ascii_lowercase();
                    if writes(&v.text) && OF_INTEREST.contains(&scope_l.as_str()) {
                        let c = cost(&scope_l);
                        score -= c;
                        lost.push(
                            Lost::at(
                                format!("{}:{}", wf.path, v.line),
                                format!("top-level {scope}: write"),
                            )
                            .costing(c),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    let score = if zero { 0 } else { score.max(0.0) as u8 };
    let reason = if lost.is_empty() {
        "workflow tokens follow least privilege".to_owned()
    } else {
        "workflow tokens with excessive permissions".to_owned()
    };
    Scored::new(Some(score), reason)
        .lost(lost)
        .evidence(workflows.iter().map(|w| w.path.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    fn score(files: &[(&str, &str)]) -> (Option<u8>, Vec<String>) {
        let s = check(&CHECK, files);
        (s.score, lost_at(&s))
    }

    const READ: &str = "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: x\n    steps: [{run: make}]\n";

    #[test]
    fn least_privilege() {
        assert_eq!(
            score(&[(".github/workflows/a.yml", READ)]),
            (Some(10), vec![])
        );
        let none = "on: push\npermissions: {}\njobs:\n  a:\n    steps: [{run: make}]\n";
        assert_eq!(score(&[(".github/workflows/a.yml", none)]).0, Some(10));
        // Job-level writes alone cost nothing.
        let job = "on: push\npermissions: read-all\njobs:\n  a:\n    permissions: {contents: write}\n    steps: [{run: make}]\n";
        assert_eq!(score(&[(".github/workflows/a.yml", job)]).0, Some(10));
    }

    #[test]
    fn deductions() {
        // Missing top level, jobs declaring theirs: 0.5 each workflow, truncated.
        let jobs_only =
            "on: push\njobs:\n  a:\n    permissions: {contents: read}\n    steps: [{run: make}]\n";
        assert_eq!(
            score(&[(".github/workflows/a.yml", jobs_only)]),
            (Some(9), vec![".github/workflows/a.yml:1".to_owned()])
        );
        assert_eq!(
            score(&[
                (".github/workflows/a.yml", jobs_only),
                (".github/workflows/b.yml", jobs_only)
            ])
            .0,
            Some(9)
        );
        assert_eq!(
            score(&[
                (".github/workflows/a.yml", jobs_only),
                (".github/workflows/b.yml", jobs_only),
                (".github/workflows/c.yml", jobs_only)
            ])
            .0,
            Some(8)
        );
        // Nothing declared anywhere: 0.
        let bare = "on: push\njobs:\n  build:\n    steps: [{run: make}]\n";
        assert_eq!(
            score(&[
                (".github/workflows/a.yml", READ),
                (".github/workflows/b.yml", bare)
            ]),
            (Some(0), vec![".github/workflows/b.yml:3".to_owned()])
        );
        // Top-level write scopes.
        let top = "on: push\npermissions:\n  checks: write\n  issues: write\njobs:\n  a:\n    permissions: {}\n    steps: [{run: make}]\n";
        assert_eq!(
            score(&[(".github/workflows/a.yml", top)]),
            (Some(9), vec![".github/workflows/a.yml:3".to_owned()])
        );
        let contents = top.replace("checks", "contents");
        assert_eq!(
            score(&[(".github/workflows/a.yml", contents.as_str())]).0,
            Some(0)
        );
        // write-all: 0.5 alone, 0 with a job that writes or declares nothing.
        let all = "on: push\npermissions: write-all\njobs:\n  a:\n    permissions: {}\n    steps: [{run: make}]\n";
        assert_eq!(score(&[(".github/workflows/a.yml", all)]).0, Some(9));
        let all_bare = "on: push\npermissions: write-all\njobs:\n  a:\n    steps: [{run: make}]\n";
        assert_eq!(
            score(&[(".github/workflows/a.yml", all_bare)]),
            (Some(0), vec![".github/workflows/a.yml:2".to_owned()])
        );
        assert_eq!(score(&[("README.md", "x")]).0, None);
    }
}
