//! Security policy: `SECURITY*` (root, `.github/`, `docs/`) or a README
//! heading about reporting vulnerabilities.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "security_policy",
    title: "Security policy",
    looks_for: "SECURITY* in the root, .github/ or docs/, or a README heading about security or vulnerabilities",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    doc_or_heading(ctx, &["security"], Some(&re(r"(?i)^#+\s*.*(security|vulnerabilit)")))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        assert_eq!(run(&CHECK, &[(".github/SECURITY.md", "")]).evidence.as_deref(), Some(".github/SECURITY.md"));
        assert!(run(&CHECK, &[("README.md", "# x\n## Reporting security issues\n")]).passed);
        assert!(!run(&CHECK, &[("README.md", "# x\n"), ("pkg/security/x.go", "")]).passed);
    }
}
