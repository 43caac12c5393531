//! Security audit: a published third-party security audit, in the
//! repository (`security/…-security-audit-2023.pdf`, `audits/…`,
//! `docs/SECURITY_AUDIT.pdf`) or linked from the README or the security
//! policy ("2023 security audit by …", "third-party security review",
//! "penetration test report"). The CNCF asks graduating projects for one;
//! Radar cannot read the report's findings, so this is evidence that an
//! audit was published, not of its outcome. The value counts the documents
//! and links found.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "security_audit",
    title: "Security audit",
    looks_for: "a security audit report in the tree (a path naming a security audit, an audits/ folder, a penetration test), or a README or SECURITY.md link to one",
    run,
};

/// File paths that hold an audit report: "audit" with "security" or in an
/// `audit(s)/` folder or as a PDF, or a penetration test. Kubernetes' audit
/// logs and policies (`audit-policy.yaml`, `pkg/audit/`) are not reports:
/// source, configuration and test files never count.
const PATH: &str = r"(?i)(?:security[-_ ]?audit|audit[-_ ]?report|(?:^|/)audits?/[^/]+\.(?:pdf|md)$|audit[^/]*\.pdf$|pen(?:etration)?[-_ ]?test[^/]*\.(?:pdf|md)$)";

/// Link text or targets that name an audit report.
const LINK: &str = r"(?i)\b(?:security\s+audits?|audit\s+reports?|third[-\s]party\s+(?:security\s+)?(?:audit|review|assessment)s?|independent\s+(?:security\s+)?(?:audit|review)s?|penetration\s+test(?:ing)?\s+reports?|security[-_]audit|(?:ostif|cure53|trail\s+of\s+bits|ada\s+logics|x41|ncc\s+group|quarkslab|include\s+security|7asecurity)\b[^.]{0,60}\baudit)";

fn run(ctx: &Ctx<'_>) -> Check {
    let path_re = re(PATH);
    let mut found: Vec<String> = ctx
        .paths()
        .filter(|p| path_re.is_match(p) && !is_code_or_config(p))
        .take(50)
        .map(str::to_owned)
        .collect();
    let link_re = re(LINK);
    let mut docs: Vec<Doc> = ctx.readme().cloned().into_iter().collect();
    if let Some(policy) = ctx.find_doc(&["security"]).and_then(|p| ctx.read(&p)) {
        docs.push(policy);
    }
    for doc in &docs {
        for (i, line) in doc.text.lines().enumerate() {
            if line.len() < 2000
                && link_re.is_match(line)
                && (line.contains("](") || line.contains("href=") || line.contains("://"))
            {
                found.push(format!("{}:{}", doc.path, i + 1));
            }
        }
    }
    match found.first() {
        Some(first) => Check::found(first.clone())
            .with_value(found.len())
            .with_details(found),
        None => Check::missing(),
    }
}

fn is_code_or_config(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    !matches!(
        ext,
        "pdf" | "md" | "markdown" | "rst" | "txt" | "adoc" | "html"
    ) || lower.split('/').any(|d| {
        matches!(
            d,
            "test" | "tests" | "testdata" | "e2e" | "fixtures" | "examples" | "vendor"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn reports_in_the_tree() {
        let c = run(
            &CHECK,
            &[
                ("security/Quill-security-audit-2023.pdf", ""),
                ("README.md", "# q\n"),
            ],
        );
        assert_eq!(
            (c.passed, c.evidence.as_deref()),
            (true, Some("security/Quill-security-audit-2023.pdf"))
        );
        assert!(run(&CHECK, &[("audits/2022-report.pdf", "")]).passed);
        assert!(run(&CHECK, &[("docs/SECURITY_AUDIT.pdf", "")]).passed);
        assert!(run(&CHECK, &[("docs/pentest-2024.md", "")]).passed);
    }

    #[test]
    fn links_from_the_readme_or_the_policy() {
        let c = run(
            &CHECK,
            &[(
                "README.md",
                "# q\nRead our [2023 security audit](https://example.org/audit.pdf).\n",
            )],
        );
        assert_eq!(c.evidence.as_deref(), Some("README.md:2"));
        let c = run(
            &CHECK,
            &[
                ("README.md", "# q\n"),
                (
                    "SECURITY.md",
                    "# Security\n\n- [Third-party security review by Example Labs](https://example.org/r.pdf)\n",
                ),
            ],
        );
        assert_eq!(c.evidence.as_deref(), Some("SECURITY.md:3"));
    }

    #[test]
    fn audit_logs_and_mentions_are_not_reports() {
        assert!(
            !run(
                &CHECK,
                &[
                    ("pkg/audit/audit.go", ""),
                    ("config/audit-policy.yaml", ""),
                    ("test/e2e/audit/report.md", "")
                ]
            )
            .passed
        );
        assert!(
            !run(
                &CHECK,
                &[(
                    "README.md",
                    "# q\nQuill writes an audit log of every change.\n"
                )]
            )
            .passed
        );
        assert!(
            !run(
                &CHECK,
                &[("README.md", "# q\nWe plan a security audit next year.\n")]
            )
            .passed,
            "a plan, not a link to a report"
        );
    }
}
