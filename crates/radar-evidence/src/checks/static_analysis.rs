//! Static analysis (SAST): CodeQL, Semgrep, SonarCloud, gosec, staticcheck,
//! Coverity, Snyk Code, … configured in the tree or run in CI.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "static_analysis",
    title: "Static analysis",
    looks_for: ".github/codeql/, sonar-project.properties, .semgrep.yml or .semgrep/, .clang-tidy, .snyk, or CodeQL, Semgrep, SonarCloud, gosec, staticcheck, Coverity, Snyk, cppcheck, clang-tidy, Infer, bandit, govulncheck run in CI",
    run,
};

const TOOLS: &str = r"(?i)(github/codeql-action|\bcodeql\b|semgrep|sonarcloud|sonarqube|sonarsource|\bgosec\b|staticcheck|coverity|snyk|cppcheck|clang-tidy|facebook/infer|\bbandit\b|govulncheck|scan-build)";

fn run(ctx: &Ctx<'_>) -> Check {
    let config = ctx.paths().find(|p| {
        let l = p.to_ascii_lowercase();
        l.starts_with(".github/codeql/")
            || l == "sonar-project.properties"
            || l == ".semgrep.yml"
            || l == ".semgrep.yaml"
            || l.starts_with(".semgrep/")
            || l == ".clang-tidy"
            || l == ".snyk"
    });
    if let Some(p) = config {
        return Check::found(p);
    }
    first_matching_line(ctx.ci_docs(), &re(TOOLS))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn codeql_or_config() {
        let wf = "name: CodeQL\non: push\njobs:\n  a:\n    steps:\n      - uses: github/codeql-action/init@v3\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/codeql.yml", wf)])
                .evidence
                .as_deref(),
            Some(".github/workflows/codeql.yml:1")
        );
        assert!(run(&CHECK, &[("sonar-project.properties", "")]).passed);
        assert!(
            !run(
                &CHECK,
                &[(
                    ".github/workflows/ci.yml",
                    "steps:\n - run: go test ./...\n"
                )]
            )
            .passed
        );
    }
}
