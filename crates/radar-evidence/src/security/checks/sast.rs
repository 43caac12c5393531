//! SAST, the configuration half: static analysis set up in the workflows.
//! Scorecard (`checks/raw/sast.go`, `checks/evaluation/sast.go`) gives 10
//! for a Snyk, Pysa, Qodana or Hadolint action, or a Sonar host in a
//! `pom.xml`; for CodeQL it combines the workflow with the share of merged
//! pull requests that a code-scanning app checked (`floor((3·share + 7·10)/10)`).
//! That share is the platform's half: here a CodeQL workflow that runs on
//! pull requests is taken as checking all of them (10), one that does not
//! as checking none (7). With no tool configured, the share alone would
//! decide; git shows none (0, a lower bound: GitHub's default code
//! scanning needs no workflow file).
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "sast",
    name: "SAST",
    risk: Risk::Medium,
    run,
};

fn other_tool(action: &str) -> Option<&'static str> {
    if action.starts_with("snyk/actions/") {
        Some("Snyk")
    } else {
        match action {
            "facebook/pysa-action" => Some("Pysa"),
            "JetBrains/qodana-action" => Some("Qodana"),
            "hadolint/hadolint-action" => Some("Hadolint"),
            _ => None,
        }
    }
}

fn run(input: &Input<'_>) -> Scored {
    let mut codeql: Option<(String, bool)> = None;
    for wf in input.workflows() {
        for (_, step) in wf.steps() {
            let Some(uses) = &step.uses else { continue };
            let action = workflow::split_uses(uses.text.trim_start_matches("actions://")).0;
            let at = format!("{}:{}", wf.path, uses.line);
            if let Some(tool) = other_tool(action) {
                return Scored::new(Some(10), format!("{tool} runs in a workflow"))
                    .basis(Basis::Configuration)
                    .evidence(vec![at]);
            }
            if action == "github/codeql-action/analyze" {
                let on_prs = wf.triggered_by("pull_request")
                    || wf.triggered_by("pull_request_target")
                    || wf.triggered_by("merge_group");
                if codeql.as_ref().is_none_or(|(_, p)| !p && on_prs) {
                    codeql = Some((at, on_prs));
                }
            }
        }
    }
    for path in input.files.paths().filter(|p| {
        p.rsplit('/')
            .next()
            .is_some_and(|n| n.eq_ignore_ascii_case("pom.xml"))
    }) {
        if let Some(doc) = input.files.read(path)
            && let Some((at, _)) = doc.find_line(&crate::checks::re(
                r"<sonar\.host\.url>\s*(\S+)\s*</sonar\.host\.url>",
            ))
        {
            return Scored::new(Some(10), "Sonar is configured")
                .basis(Basis::Configuration)
                .evidence(vec![at]);
        }
    }
    match codeql {
        Some((at, true)) => Scored::new(Some(10), "CodeQL runs on pull requests")
            .basis(Basis::Configuration)
            .evidence(vec![at]),
        Some((at, false)) => Scored::new(Some(7), "CodeQL runs, but not on pull requests")
            .basis(Basis::Configuration)
            .evidence(vec![at.clone()])
            .lost(vec![
                Lost::at(
                    at,
                    "CodeQL workflow not triggered by pull_request: pull requests are not analysed",
                )
                .costing(3.0),
            ]),
        None => Scored::new(Some(0), "no static analysis tool configured in workflows")
            .basis(Basis::Configuration)
            .lost(vec![Lost {
                at: None,
                what: "no CodeQL, Snyk, Pysa, Qodana, Hadolint or Sonar configuration".into(),
                points: Some(10.0),
            }]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    #[test]
    fn tools() {
        let codeql = "on:\n  pull_request:\n  schedule: [{cron: '0 0 * * 0'}]\njobs:\n  a:\n    steps:\n      - uses: github/codeql-action/init@v3\n      - uses: github/codeql-action/analyze@v3\n";
        let s = check(&CHECK, &[(".github/workflows/codeql.yml", codeql)]);
        assert_eq!(
            (s.score, s.evidence),
            (Some(10), vec![".github/workflows/codeql.yml:8".to_owned()])
        );
        let scheduled = codeql.replace("  pull_request:\n", "");
        let s = check(
            &CHECK,
            &[(".github/workflows/codeql.yml", scheduled.as_str())],
        );
        assert_eq!(
            (s.score, lost_at(&s)),
            (Some(7), vec![".github/workflows/codeql.yml:7".to_owned()])
        );
        let snyk = "on: push\njobs:\n  a:\n    steps: [{uses: snyk/actions/golang@master}]\n";
        assert_eq!(
            check(&CHECK, &[(".github/workflows/s.yml", snyk)]).score,
            Some(10)
        );
        assert_eq!(
            check(
                &CHECK,
                &[(
                    "pom.xml",
                    "<p>\n<sonar.host.url>https://sonarcloud.io</sonar.host.url>\n</p>\n"
                )]
            )
            .score,
            Some(10)
        );
        assert_eq!(
            check(&CHECK, &[(".golangci.yml", "linters: {}\n")]).score,
            Some(0)
        );
    }
}
