//! Roadmap: `ROADMAP*` or a README "Roadmap" heading.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "roadmap",
    title: "Roadmap",
    looks_for: "ROADMAP* in the root, .github/ or docs/, or a README heading about the roadmap",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    doc_or_heading(ctx, &["roadmap"], Some(&re(r"(?i)^#+\s*.*roadmap")))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        assert!(run(&CHECK, &[("docs/ROADMAP.md", "")]).passed);
        assert!(run(&CHECK, &[("README.md", "# x\n### Roadmap\n")]).passed);
        assert!(!run(&CHECK, &[("README.md", "see the roadmap\n")]).passed);
    }
}
