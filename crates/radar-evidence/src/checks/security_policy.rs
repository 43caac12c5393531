//! Security policy: `SECURITY*` (root, `.github/`, `docs/`), or a README
//! reference: a section about reporting vulnerabilities, or a link to the
//! security policy (often an org-wide one).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "security_policy",
    title: "Security policy",
    looks_for: "SECURITY* in the root, .github/ or docs/, or a README heading or link about reporting vulnerabilities or the security policy",
    run,
};

const TOPIC: Topic = Topic {
    stems: &["security"],
    // "Security", "Security policy", "Reporting security issues", "Vulnerability
    // disclosure"; not "Security audit", "Security features" or "Vulnerability
    // scanning" (a feature of a security tool). "Security
    // policy" must be the whole text (or "our/the/X's security policy"): a
    // link to Kubernetes' "pod security policy" is about something else.
    words: r"(?i)^\s*security\s*$|^\s*((our|the|project|\S+'s)\s+)?security\s+polic(y|ies)\s*$|\bsecurity\s+(issues?|vulnerabilit(y|ies)|reports?|reporting|disclosures?|contacts?|bugs?|process|response|team)\b|\breport(ing)?\s+(a\s+)?(security|vulnerabilit)|\bvulnerabilit(y|ies)\s+(disclosures?|reports?|reporting|handling|response|process)\b|^\s*vulnerabilit(y|ies)\s*$",
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
            run(&CHECK, &[(".github/SECURITY.md", "")])
                .evidence
                .as_deref(),
            Some(".github/SECURITY.md")
        );
        assert!(
            run(
                &CHECK,
                &[("README.md", "# x\n## Reporting security issues\n")]
            )
            .passed
        );
        assert!(run(&CHECK, &[("README.md", "# x\n## Security\n")]).passed);
        assert!(!run(&CHECK, &[("README.md", "# x\n"), ("pkg/security/x.go", "")]).passed);
        assert!(run(&CHECK, &[("README.md", "# x\n## Security Policy\n")]).passed);
        assert!(
            run(
                &CHECK,
                &[(
                    "README.md",
                    "# x\nRead [our security policy](https://x.io/policy).\n"
                )]
            )
            .passed
        );
        assert!(
            !run(
                &CHECK,
                &[(
                    "README.md",
                    "# x\n## Security features\n\nRootless by default.\n"
                )]
            )
            .passed
        );
        assert!(
            run(
                &CHECK,
                &[("README.md", "# x\n## Vulnerability disclosure\n")]
            )
            .passed
        );
        assert!(
            !run(
                &CHECK,
                &[(
                    "README.md",
                    "# x\n## Vulnerability scanning\n\nFinds CVEs in images.\n"
                )]
            )
            .passed
        );
        // keyvault-flexvolume: a Kubernetes feature, not the project's policy.
        let readme = "# x\n**If using it in a cluster with [pod security policy](https://kubernetes.io/docs/concepts/policy/pod-security-policy/) enabled**, create a policy.\n";
        assert!(!run(&CHECK, &[("README.md", readme)]).passed);
    }

    #[test]
    fn containerd_sections_and_links() {
        let readme = "# containerd\n\n### Security audit\n\nAudits are on the [security page](https://containerd.io/security/).\n\n\
                      ### Reporting security issues\n\nPlease follow the instructions at [containerd/project](https://github.com/containerd/project/blob/main/SECURITY.md#reporting-a-vulnerability)\n";
        let c = run(&CHECK, &[("README.md", readme)]);
        // Not the audit section: the reporting one.
        assert_eq!(c.evidence.as_deref(), Some("README.md:7"));
        assert_eq!(c.reference.map(|r| r.kind), Some(ReferenceKind::Heading));
        // Without the heading, the link to the SECURITY file is the reference.
        let readme = "# x\n\nPlease follow the instructions at [containerd/project](https://github.com/containerd/project/blob/main/SECURITY.md#reporting-a-vulnerability)\n";
        let c = run(&CHECK, &[("README.md", readme)]);
        assert_eq!(c.evidence.as_deref(), Some("README.md:3"));
        assert!(
            c.details[1].starts_with(
                "a README link to https://github.com/containerd/project/blob/main/SECURITY.md"
            ),
            "{:?}",
            c.details
        );
    }
}
