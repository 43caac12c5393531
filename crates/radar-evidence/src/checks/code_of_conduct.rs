//! Code of conduct: a `CODE_OF_CONDUCT*` file (root, `.github/`, `docs/`), or a
//! README reference (a section, or a link to a shared code of conduct), or a
//! link naming it in the contributing guide or the governance document
//! ("[Code of Conduct](https://…/community/…/CODE-OF-CONDUCT.md)"): projects
//! that keep theirs in a community repository adopt it there.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "code_of_conduct",
    title: "Code of conduct",
    looks_for: "CODE_OF_CONDUCT* in the root, .github/ or docs/, or a README heading or link naming the code of conduct",
    run,
};

const TOPIC: Topic = Topic {
    stems: &["codeofconduct", "conduct"],
    words: r"(?i)\bcode\s+of\s+conduct\b",
};

fn run(ctx: &Ctx<'_>) -> Check {
    let own = doc_or_reference(ctx, &TOPIC);
    if own.passed {
        return own;
    }
    let words = re(TOPIC.words);
    let docs = ctx
        .find_doc(&["contributing"])
        .into_iter()
        .chain(ctx.find_doc(&["governance"]));
    for path in docs {
        let Some(doc) = ctx.read(&path) else { continue };
        for item in crate::readme_refs::items(&doc.text) {
            if let crate::readme_refs::ItemKind::Link { text, target } = &item.kind
                && words.is_match(text)
                && !target.is_empty()
            {
                return Check::found(format!("{path}:{}", item.line_no))
                    .with_details(vec![
                        item.line.clone(),
                        format!(
                            "a link to the code of conduct in {path}, not a file of this repository"
                        ),
                    ])
                    .with_reference(Reference {
                        kind: ReferenceKind::Link,
                        target: Some(target.clone()),
                    });
            }
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn file_heading_link_or_nothing() {
        assert_eq!(
            run(&CHECK, &[(".github/CODE_OF_CONDUCT.md", "")])
                .evidence
                .as_deref(),
            Some(".github/CODE_OF_CONDUCT.md")
        );
        assert_eq!(
            run(&CHECK, &[("README.md", "# x\n## Code of Conduct\n")])
                .evidence
                .as_deref(),
            Some("README.md:2")
        );
        let c = run(
            &CHECK,
            &[(
                "README.md",
                "# x\nWe follow the [CNCF Code of Conduct](https://x/coc.md).\n",
            )],
        );
        assert_eq!(c.evidence.as_deref(), Some("README.md:2"));
        assert_eq!(
            c.reference.and_then(|r| r.target).as_deref(),
            Some("https://x/coc.md")
        );
        // A badge linking to the file names it by its target.
        let badge = "# x\n[![Contributor Covenant](https://img.shields.io/badge/cc-2.1-4baaaa.svg)](https://github.com/cncf/foundation/blob/main/code-of-conduct.md)\n";
        assert_eq!(
            run(&CHECK, &[("README.md", badge)]).evidence.as_deref(),
            Some("README.md:2")
        );
        assert!(
            !run(
                &CHECK,
                &[("README.md", "# x\nBe nice.\n"), ("CODEOWNERS", "* @a")]
            )
            .passed
        );
        assert!(
            !run(
                &CHECK,
                &[(
                    "README.md",
                    "# x\nPlease follow our code of conduct when posting.\n"
                )]
            )
            .passed
        );
        // Adopted by a link in the contributing guide or the governance document.
        let c = run(
            &CHECK,
            &[
                ("README.md", "# x\n"),
                (
                    "CONTRIBUTING.md",
                    "# Contributing\n\n- [Code of Conduct][coc]\n\n[coc]: https://github.com/x/community/blob/main/CODE_OF_CONDUCT.md\n",
                ),
            ],
        );
        assert_eq!(
            (c.passed, c.evidence.as_deref()),
            (true, Some("CONTRIBUTING.md:3"))
        );
        assert_eq!(
            c.reference.and_then(|r| r.target).as_deref(),
            Some("https://github.com/x/community/blob/main/CODE_OF_CONDUCT.md")
        );
        assert!(
            run(
                &CHECK,
                &[(
                    "GOVERNANCE.md",
                    "We follow the [code of conduct](https://x/coc.md).\n"
                )]
            )
            .passed
        );
        assert!(
            !run(
                &CHECK,
                &[(
                    "CONTRIBUTING.md",
                    "Please behave; a code of conduct is coming.\n"
                )]
            )
            .passed
        );
    }
}
