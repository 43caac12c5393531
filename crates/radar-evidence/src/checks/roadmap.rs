//! Roadmap: `ROADMAP*`, or a README reference (a roadmap section, or a link
//! to the roadmap: a document elsewhere, a project board).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "roadmap",
    title: "Roadmap",
    looks_for: "ROADMAP* in the root, .github/ or docs/, or a README heading or link naming the roadmap",
    run,
};

const TOPIC: Topic = Topic {
    stems: &["roadmap"],
    words: r"(?i)\broad\s*-?maps?\b",
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
        assert!(run(&CHECK, &[("docs/ROADMAP.md", "")]).passed);
        assert!(run(&CHECK, &[("README.md", "# x\n### Roadmap\n")]).passed);
        let c = run(
            &CHECK,
            &[(
                "README.md",
                "# x\nOur [road map](https://github.com/orgs/x/projects/4) is public.\n",
            )],
        );
        assert_eq!(
            (c.evidence.as_deref(), c.reference.map(|r| r.kind)),
            (Some("README.md:2"), Some(ReferenceKind::Link))
        );
        assert!(!run(&CHECK, &[("README.md", "see the roadmap\n")]).passed);
        assert!(
            !run(
                &CHECK,
                &[(
                    "README.md",
                    "# x\nThe roadmap is discussed at the [community meeting](https://x.io/meet).\n"
                )]
            )
            .passed
        );
    }
}
