//! Code of conduct: a `CODE_OF_CONDUCT*` file (root, `.github/`, `docs/`), or a
//! README heading or link about the code of conduct.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "code_of_conduct",
    title: "Code of conduct",
    looks_for: "CODE_OF_CONDUCT* in the root, .github/ or docs/, or a README heading or link naming the code of conduct",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    let found = doc_or_heading(ctx, &["codeofconduct", "conduct"], Some(&re(r"(?i)code\s+of\s+conduct")));
    if found.passed {
        return found;
    }
    // A link to a shared code of conduct (`[Code of Conduct](https://…)`).
    ctx.readme()
        .and_then(|d| d.find_line(&re(r"(?i)\[[^\]]*code\s+of\s+conduct[^\]]*\]\(")))
        .map_or_else(Check::missing, |(at, _)| Check::found(at))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn file_heading_link_or_nothing() {
        assert_eq!(run(&CHECK, &[(".github/CODE_OF_CONDUCT.md", "")]).evidence.as_deref(), Some(".github/CODE_OF_CONDUCT.md"));
        assert_eq!(run(&CHECK, &[("README.md", "# x\n## Code of Conduct\n")]).evidence.as_deref(), Some("README.md:2"));
        let c = run(&CHECK, &[("README.md", "# x\nWe follow the [CNCF Code of Conduct](https://x/coc.md).\n")]);
        assert_eq!(c.evidence.as_deref(), Some("README.md:2"));
        assert!(!run(&CHECK, &[("README.md", "# x\nBe nice.\n"), ("CODEOWNERS", "* @a")]).passed);
    }
}
