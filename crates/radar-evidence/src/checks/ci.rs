//! Continuous integration: GitHub Actions workflows and the config files of
//! the other common CI services.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "ci",
    title: "CI configuration",
    looks_for: ".github/workflows/*.yml, .gitlab-ci.yml, .travis.yml, .circleci/, azure-pipelines.yml, Jenkinsfile, .drone.yml, .buildkite/, .cirrus.yml, .prow.yaml, appveyor.yml, cloudbuild.yaml, .tekton/",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    let found: Vec<String> = ctx
        .paths()
        .filter(|p| is_ci_config(p))
        .map(str::to_owned)
        .collect();
    match found.first() {
        Some(first) => Check::found(first.clone())
            .with_value(found.len())
            .with_details(found),
        None => Check::missing(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        let c = run(
            &CHECK,
            &[
                (".github/workflows/ci.yml", ""),
                (".github/workflows/release.yaml", ""),
                (".github/workflows/README.md", ""),
            ],
        );
        assert_eq!((c.passed, c.value), (true, Some(2.into())));
        assert!(run(&CHECK, &[("Jenkinsfile", "")]).passed);
        assert!(!run(&CHECK, &[("docs/ci.md", "")]).passed);
    }
}
