//! Contributing guide: `CONTRIBUTING*` or a README "Contributing" heading.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "contributing",
    title: "Contributing guide",
    looks_for: "CONTRIBUTING* in the root, .github/ or docs/, or a README heading about contributing",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    doc_or_heading(ctx, &["contributing", "contribute"], Some(&re(r"(?i)^#+\s*.*contribut")))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        assert_eq!(run(&CHECK, &[("docs/contributing.md", "")]).evidence.as_deref(), Some("docs/contributing.md"));
        assert_eq!(run(&CHECK, &[("README.md", "# x\n\n## How to contribute\n")]).evidence.as_deref(), Some("README.md:3"));
        assert!(!run(&CHECK, &[("README.md", "# x\ncontributions welcome\n")]).passed);
    }
}
