//! Linters: linter configuration files, or a linter run in CI.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "linters",
    title: "Linters",
    looks_for: "linter config (.golangci.*, .eslintrc*, eslint.config.*, .pylintrc, ruff.toml, .flake8, clippy.toml, .rubocop.yml, .markdownlint*, .yamllint*, .shellcheckrc, .hadolint.yaml, biome.json, .pre-commit-config.yaml, .stylelintrc*), or golangci-lint, clippy, eslint, ruff, pylint, flake8, shellcheck, markdownlint, yamllint, hadolint run in CI",
    run,
};

const FILES: &[&str] = &[
    ".golangci.yml",
    ".golangci.yaml",
    ".golangci.toml",
    ".golangci.json",
    ".eslintrc",
    ".eslintrc.js",
    ".eslintrc.cjs",
    ".eslintrc.json",
    ".eslintrc.yml",
    ".eslintrc.yaml",
    "eslint.config.js",
    "eslint.config.mjs",
    "eslint.config.cjs",
    "eslint.config.ts",
    ".pylintrc",
    "pylintrc",
    "ruff.toml",
    ".ruff.toml",
    ".flake8",
    "clippy.toml",
    ".clippy.toml",
    ".rubocop.yml",
    ".markdownlint.json",
    ".markdownlint.yaml",
    ".markdownlint.yml",
    ".markdownlint-cli2.yaml",
    ".markdownlintrc",
    ".yamllint",
    ".yamllint.yml",
    ".yamllint.yaml",
    ".shellcheckrc",
    ".hadolint.yaml",
    ".hadolint.yml",
    "biome.json",
    "biome.jsonc",
    ".pre-commit-config.yaml",
    ".stylelintrc",
    ".stylelintrc.json",
    "tslint.json",
    ".swiftlint.yml",
    ".clang-format",
    ".editorconfig-checker.json",
    ".jshintrc",
    ".golint",
];

const TOOLS: &str = r"(?i)\b(golangci-lint|golangci/golangci-lint-action|cargo\s+clippy|clippy|eslint|ruff|pylint|flake8|shellcheck|markdownlint|yamllint|hadolint|rubocop|stylelint|ktlint|swiftlint|revive|gofmt\s+-l|cpplint)\b";

fn run(ctx: &Ctx<'_>) -> Check {
    let files: Vec<&str> = ctx
        .paths()
        .filter(|p| !is_vendored(p) && FILES.contains(&file_name(p)))
        .collect();
    if let Some(first) = files.first() {
        return Check::found(*first).with_details(files.iter().map(|s| s.to_string()).collect());
    }
    first_matching_line(ctx.ci_docs(), &re(TOOLS))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn config_or_ci_step() {
        assert_eq!(
            run(&CHECK, &[(".golangci.yml", "")]).evidence.as_deref(),
            Some(".golangci.yml")
        );
        let wf = "jobs:\n  lint:\n    steps:\n      - run: cargo clippy -- -D warnings\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/ci.yml", wf)])
                .evidence
                .as_deref(),
            Some(".github/workflows/ci.yml:4")
        );
        assert!(
            !run(
                &CHECK,
                &[(".github/workflows/ci.yml", "steps:\n - run: make test\n")]
            )
            .passed
        );
    }
}
