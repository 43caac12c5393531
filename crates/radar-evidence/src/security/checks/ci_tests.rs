//! CI-Tests, the configuration half. Scorecard counts the merged pull
//! requests whose last commit passed a CI check (`floor(10·tested/merged)`),
//! which only the forge knows. What the repository shows is whether CI is
//! set up to run on pull requests: a workflow triggered by `pull_request`
//! (or `pull_request_target`, `merge_group`), or another CI service's
//! configuration. That gives 10 here; without it the check is
//! inconclusive (CI may run from another repository, as Prow jobs do). It
//! never counts in the aggregate: a configuration is not a tested PR, and
//! Scorecard's public results leave CI-Tests out too.
use crate::checks::is_ci_config;
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "ci_tests",
    name: "CI-Tests",
    risk: Risk::Low,
    run,
};

fn run(input: &Input<'_>) -> Scored {
    let on_prs = input.workflows().iter().find(|w| {
        w.triggered_by("pull_request")
            || w.triggered_by("pull_request_target")
            || w.triggered_by("merge_group")
    });
    let found = on_prs.map(|w| w.path.clone()).or_else(|| {
        input
            .files
            .paths()
            .find(|p| is_ci_config(p) && !workflow::is_workflow_path(p))
            .map(str::to_owned)
    });
    match found {
        Some(path) => Scored::new(
            Some(10),
            "CI is configured to run on pull requests (configuration only)",
        )
        .basis(Basis::Configuration)
        .evidence(vec![path])
        .outside_aggregate(),
        None => {
            Scored::inconclusive("no CI configuration that runs on pull requests in the repository")
                .basis(Basis::Configuration)
                .outside_aggregate()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    #[test]
    fn configured_or_not() {
        let s = check(
            &CHECK,
            &[(
                ".github/workflows/ci.yml",
                "on: [push, pull_request]\njobs: {}\n",
            )],
        );
        assert_eq!((s.score, s.in_aggregate), (Some(10), false));
        assert_eq!(
            check(
                &CHECK,
                &[(".github/workflows/rel.yml", "on: push\njobs: {}\n")]
            )
            .score,
            None
        );
        assert_eq!(
            check(&CHECK, &[(".circleci/config.yml", "version: 2\n")]).score,
            Some(10)
        );
    }
}
