//! Governance: `GOVERNANCE*`, or a README reference (a governance section, or
//! a link to the governance document, often kept in an org-wide repository).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "governance",
    title: "Governance",
    looks_for: "GOVERNANCE* in the root, .github/ or docs/, or a README heading or link naming governance (a reference, e.g. to an org-wide repository)",
    run,
};

const TOPIC: Topic = Topic {
    stems: &["governance"],
    words: r"(?i)\bgovernance\b",
};

fn run(ctx: &Ctx<'_>) -> Check {
    doc_or_reference(ctx, &TOPIC)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn file_section_or_link() {
        let c = run(
            &CHECK,
            &[("GOVERNANCE.md", ""), ("README.md", "# x\n## Governance\n")],
        );
        assert_eq!(
            (c.evidence.as_deref(), c.reference),
            (Some("GOVERNANCE.md"), None)
        );
        let c = run(&CHECK, &[("README.md", "# x\n## Project governance\n")]);
        assert_eq!(c.evidence.as_deref(), Some("README.md:2"));
        assert_eq!(c.reference.map(|r| r.kind), Some(ReferenceKind::Heading));
    }

    #[test]
    fn containerd_links_to_its_project_repository() {
        let readme = "# containerd\n\n\
            * We are inviting new [security advisors](https://github.com/containerd/project/blob/main/GOVERNANCE.md#security-advisors).\n\n\
            ## Project details\n\n\
            However, all projects within the repo have common maintainership, governance, and contributing\n\
            guidelines which are stored in a `project` repository commonly for all containerd projects:\n\n \
            * [Project governance](https://github.com/containerd/project/blob/main/GOVERNANCE.md),\n \
            * [Maintainers](https://github.com/containerd/project/blob/main/MAINTAINERS),\n";
        let c = run(&CHECK, &[("README.md", readme)]);
        assert!(c.passed);
        // The link whose text names governance beats the one that only points into the document.
        assert_eq!(c.evidence.as_deref(), Some("README.md:10"));
        assert_eq!(
            c.details[0],
            "* [Project governance](https://github.com/containerd/project/blob/main/GOVERNANCE.md),"
        );
        assert_eq!(
            c.details[1],
            "a README link to https://github.com/containerd/project/blob/main/GOVERNANCE.md, not a file in this repository"
        );
        let r = c.reference.unwrap();
        assert_eq!(
            (r.kind, r.target.as_deref()),
            (
                ReferenceKind::Link,
                Some("https://github.com/containerd/project/blob/main/GOVERNANCE.md")
            )
        );
        // A link whose text says nothing, to a file called GOVERNANCE, still counts.
        let c = run(
            &CHECK,
            &[(
                "README.md",
                "# x\nSee [our rules](https://github.com/x/community/blob/main/GOVERNANCE.md).\n",
            )],
        );
        assert_eq!(c.evidence.as_deref(), Some("README.md:2"));
    }

    #[test]
    fn a_word_in_a_sentence_is_not_a_reference() {
        for readme in [
            "# x\nAll projects share common maintainership, governance, and contributing guidelines.\n",
            "# x\nGovernance is decided by the [steering committee](https://x.io/steering).\n",
            "# Governance Engine\n\nA policy tool.\n",
            "# x\n```\n## Governance\n[Governance](https://x.io/GOVERNANCE.md)\n```\n",
            "# x\n<!-- ## Governance -->\n",
        ] {
            assert!(!run(&CHECK, &[("README.md", readme)]).passed, "{readme}");
        }
        // A relative link to a file that is not there is broken, not a reference.
        assert!(
            !run(
                &CHECK,
                &[("README.md", "# x\n[Governance](docs/GOVERNANCE.md)\n")]
            )
            .passed
        );
    }

    #[test]
    fn a_link_into_the_tree_finds_the_file() {
        let c = run(
            &CHECK,
            &[
                (
                    "README.md",
                    "# x\n* [Governance](community/governance.md)\n",
                ),
                ("community/governance.md", ""),
            ],
        );
        assert_eq!(c.evidence.as_deref(), Some("community/governance.md"));
        assert_eq!(c.reference, None);
        assert_eq!(
            c.details,
            ["linked from README.md:2: * [Governance](community/governance.md)"]
        );
        // Relative to the README's folder, and from the root with a leading `/`.
        let c = run(
            &CHECK,
            &[
                (
                    "docs/README.md",
                    "# x\n[Governance](../community/GOVERNANCE.md)\n",
                ),
                ("community/GOVERNANCE.md", ""),
            ],
        );
        assert_eq!(c.evidence.as_deref(), Some("community/GOVERNANCE.md"));
        let c = run(
            &CHECK,
            &[
                ("README.md", "# x\n[Governance](/community/)\n"),
                ("community/steering.md", ""),
            ],
        );
        assert_eq!(c.evidence.as_deref(), Some("community/"));
        // A link to a section of the README itself.
        for target in [
            "#governance",
            "README.md#governance",
            "./README.md#governance",
        ] {
            let c = run(
                &CHECK,
                &[("README.md", &format!("# x\n- [Governance]({target})\n"))],
            );
            assert_eq!(c.evidence.as_deref(), Some("README.md:2"), "{target}");
            assert_eq!(
                c.details[1],
                "a link to the README's own section #governance, not a file of its own"
            );
        }
    }
}
