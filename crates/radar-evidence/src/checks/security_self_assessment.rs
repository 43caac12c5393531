//! Security self-assessment: the project's own security review, such as the
//! self-assessment the CNCF's security group asks of projects applying for
//! incubation, or a threat model: a file in the tree
//! (`security/self-assessment.md`, `docs/threat-model.md`) or a link from the
//! README or the security policy.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "security_self_assessment",
    title: "Security self-assessment",
    looks_for: "a security self-assessment or threat model in the tree (self-assessment*, threat-model*), or a README or SECURITY.md link to one",
    run,
};

const PATH: &str =
    r"(?i)(?:self[-_ ]?assessment|threat[-_ ]?model)[^/]*\.(?:md|markdown|rst|pdf|adoc|txt)$";
const LINK: &str = r"(?i)\b(?:(?:security\s+)?self[-\s]?assessment|threat\s+model(?:ing)?)\b";

fn run(ctx: &Ctx<'_>) -> Check {
    let path_re = re(PATH);
    if let Some(p) = ctx.paths().find(|p| {
        path_re.is_match(p)
            && !p
                .to_ascii_lowercase()
                .split('/')
                .any(|d| matches!(d, "test" | "tests" | "testdata" | "vendor"))
    }) {
        return Check::found(p);
    }
    let link_re = re(LINK);
    let mut docs: Vec<Doc> = ctx.readme().cloned().into_iter().collect();
    if let Some(policy) = ctx.find_doc(&["security"]).and_then(|p| ctx.read(&p)) {
        docs.push(policy);
    }
    docs.iter()
        .find_map(|doc| {
            doc.text.lines().enumerate().find_map(|(i, line)| {
                (line.len() < 2000
                    && link_re.is_match(line)
                    && (line.contains("](") || line.contains("href=")))
                .then(|| format!("{}:{}", doc.path, i + 1))
            })
        })
        .map_or_else(Check::missing, Check::found)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn found_or_not() {
        assert_eq!(
            run(&CHECK, &[("security/self-assessment.md", "")])
                .evidence
                .as_deref(),
            Some("security/self-assessment.md")
        );
        assert!(run(&CHECK, &[("docs/security/threat-model.md", "")]).passed);
        assert!(
            run(
                &CHECK,
                &[
                    ("README.md", "# q\n"),
                    (
                        "SECURITY.md",
                        "See the [security self-assessment](https://example.org/sa).\n"
                    )
                ]
            )
            .passed
        );
        assert!(
            !run(
                &CHECK,
                &[("README.md", "# q\nWe will write a threat model.\n")]
            )
            .passed,
            "no link"
        );
        assert!(!run(&CHECK, &[("pkg/selfassessment/check.go", "")]).passed);
    }
}
