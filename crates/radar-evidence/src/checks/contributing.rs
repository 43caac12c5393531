//! Contributing guide: `CONTRIBUTING*`, or a README reference (a section about
//! contributing, or a link to the guide, often an org-wide one).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "contributing",
    title: "Contributing guide",
    looks_for: "CONTRIBUTING* in the root, .github/ or docs/, or a README heading or link about contributing (not a list of contributors)",
    run,
};

const TOPIC: Topic = Topic {
    stems: &["contributing", "contribute"],
    // "Contributing", "How to contribute", "Contributions welcome"; not "Contributors".
    words: r"(?i)\bcontribut(ing|e|ions?)\b",
};

fn run(ctx: &Ctx<'_>) -> Check {
    doc_or_reference(ctx, &TOPIC)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn found_or_not() {
        assert_eq!(
            run(&CHECK, &[("docs/contributing.md", "")])
                .evidence
                .as_deref(),
            Some("docs/contributing.md")
        );
        assert_eq!(
            run(&CHECK, &[("README.md", "# x\n\n## How to contribute\n")])
                .evidence
                .as_deref(),
            Some("README.md:3")
        );
        let c = run(
            &CHECK,
            &[(
                "README.md",
                "# x\nRead the [contributing guidelines](https://github.com/x/community/blob/main/CONTRIBUTING.md).\n",
            )],
        );
        assert_eq!(c.evidence.as_deref(), Some("README.md:2"));
        assert!(
            c.details[1].contains("not a file in this repository"),
            "{:?}",
            c.details
        );
        assert!(!run(&CHECK, &[("README.md", "# x\ncontributions welcome\n")]).passed);
        assert!(!run(&CHECK, &[("README.md", "# x\n## Contributors\n\n[![contributors](https://contrib.rocks/image?repo=x/y)](https://github.com/x/y/graphs/contributors)\n")]).passed);
    }
}
