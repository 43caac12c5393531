//! Code of conduct: a `CODE_OF_CONDUCT*` file (root, `.github/`, `docs/`), or a
//! README reference (a section, or a link to a shared code of conduct).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "code_of_conduct",
    title: "Code of conduct",
    looks_for: "CODE_OF_CONDUCT* in the root, .github/ or docs/, or a README heading or link naming the code of conduct",
    run,
};

const TOPIC: Topic = Topic { stems: &["codeofconduct", "conduct"], words: r"(?i)\bcode\s+of\s+conduct\b" };

fn run(ctx: &Ctx<'_>) -> Check {
    doc_or_reference(ctx, &TOPIC)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn file_heading_link_or_nothing() {
        assert_eq!(run(&CHECK, &[(".github/CODE_OF_CONDUCT.md", "")]).evidence.as_deref(), Some(".github/CODE_OF_CONDUCT.md"));
        assert_eq!(run(&CHECK, &[("README.md", "# x\n## Code of Conduct\n")]).evidence.as_deref(), Some("README.md:2"));
        let c = run(&CHECK, &[("README.md", "# x\nWe follow the [CNCF Code of Conduct](https://x/coc.md).\n")]);
        assert_eq!(c.evidence.as_deref(), Some("README.md:2"));
        assert_eq!(c.reference.and_then(|r| r.target).as_deref(), Some("https://x/coc.md"));
        // A badge linking to the file names it by its target.
        let badge = "# x\n[![Contributor Covenant](https://img.shields.io/badge/cc-2.1-4baaaa.svg)](https://github.com/cncf/foundation/blob/main/code-of-conduct.md)\n";
        assert_eq!(run(&CHECK, &[("README.md", badge)]).evidence.as_deref(), Some("README.md:2"));
        assert!(!run(&CHECK, &[("README.md", "# x\nBe nice.\n"), ("CODEOWNERS", "* @a")]).passed);
        assert!(!run(&CHECK, &[("README.md", "# x\nPlease follow our code of conduct when posting.\n")]).passed);
    }
}
