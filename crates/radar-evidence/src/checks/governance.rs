//! Governance: `GOVERNANCE*` or a README "Governance" heading.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "governance",
    title: "Governance",
    looks_for: "GOVERNANCE* in the root, .github/ or docs/, or a README heading about governance",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    doc_or_heading(ctx, &["governance"], Some(&re(r"(?i)^#+\s*.*governance")))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        assert!(run(&CHECK, &[("GOVERNANCE.md", "")]).passed);
        assert_eq!(run(&CHECK, &[("README.md", "# x\n## Project governance\n")]).evidence.as_deref(), Some("README.md:2"));
        assert!(!run(&CHECK, &[("README.md", "# x\n")]).passed);
    }
}
