//! Dependency update tool: Dependabot or Renovate configuration.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "dependency_update_tool",
    title: "Dependency update tool",
    looks_for: ".github/dependabot.yml|yaml, renovate.json(5), .renovaterc(.json), .github/renovate.json(5), .gitlab/renovate.json, .pyup.yml",
    run,
};

const FILES: &[&str] = &[
    ".github/dependabot.yml",
    ".github/dependabot.yaml",
    "renovate.json",
    "renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
    ".gitlab/renovate.json5",
    ".pyup.yml",
];

fn run(ctx: &Ctx<'_>) -> Check {
    FILES
        .iter()
        .find(|f| ctx.has_file(f))
        .map_or_else(Check::missing, |f| {
            let tool = if f.contains("dependabot") {
                "dependabot"
            } else if f.contains("pyup") {
                "pyup"
            } else {
                "renovate"
            };
            Check::found(*f).with_value(tool)
        })
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        assert_eq!(
            run(&CHECK, &[(".github/dependabot.yml", "")]).value,
            Some("dependabot".into())
        );
        assert_eq!(
            run(&CHECK, &[("renovate.json", "{}")]).value,
            Some("renovate".into())
        );
        assert!(!run(&CHECK, &[("docs/dependabot.yml", "")]).passed);
    }
}
