//! Security-Policy: a `SECURITY.md` (`.markdown`, `.adoc`, `.rst`) at the
//! top level, in `.github/` or `docs/` (`doc/security.rst` too), any case,
//! scored on its content as Scorecard does (`checks/raw/security_policy.go`,
//! `checks/evaluation/security_policy.go`): 6 for a way to report (a URL or
//! an email address), 3 for text beyond those links, 1 for at least two
//! hints of a disclosure process (`vuln…`, `disclos…`, or a number of up to
//! four digits, such as a number of days). Without a file of its own, the
//! organisation's `.github` policy counts when the evidence carries it
//! (`security::inherit_security_policy`).
use crate::checks::re;
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "security_policy",
    name: "Security-Policy",
    risk: Risk::Medium,
    run,
};

fn is_policy_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let (dir, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
    let ext = name.strip_prefix("security.");
    match ext {
        Some("md" | "markdown" | "adoc") => matches!(dir, "" | ".github" | "docs"),
        Some("rst") => matches!(dir, "" | ".github" | "docs" | "doc"),
        _ => false,
    }
}

fn run(input: &Input<'_>) -> Scored {
    let mut candidates: Vec<&str> = input.files.paths().filter(|p| is_policy_name(p)).collect();
    candidates.sort_by_key(|p| p.matches('/').count());
    let Some(path) = candidates.first() else {
        return no_policy();
    };
    let content = input
        .files
        .read_prefix(path, crate::checks::READ_LIMIT)
        .unwrap_or_default();
    score_text(path, &content)
}

/// The result without a policy file.
pub(crate) fn no_policy() -> Scored {
    Scored::new(Some(0), "no security policy file").lost(vec![Lost {
        at: None,
        what: "no SECURITY.md at the top level, in .github/ or docs/".into(),
        points: Some(10.0),
    }])
}

/// Scores a policy's content (`at` names the file in messages).
pub(crate) fn score_text(at: &str, content: &[u8]) -> Scored {
    let text = String::from_utf8_lossy(content);
    let url = re(r"(http|https)://[a-zA-Z0-9./?=_%:-]*");
    let email = re(r"\b[A-Za-z0-9._%+-]+(@|\\?\[at\\?\])[A-Za-z0-9.-]+\.[A-Za-z]{2,6}\b");
    // Scorecard's `\b*[0-9]{1,4}\b`: the leading boundary is optional.
    let hint = re(r"(?i)([0-9]{1,4}\b|disclos|vuln)");
    let mut links = std::collections::BTreeSet::new();
    let mut emails = std::collections::BTreeSet::new();
    let mut hints = 0usize;
    let mut first_link = None;
    for (i, line) in text.lines().enumerate() {
        for m in url.find_iter(line) {
            first_link.get_or_insert(i + 1);
            links.insert(m.as_str().to_owned());
        }
        for m in email.find_iter(line) {
            first_link.get_or_insert(i + 1);
            emails.insert(m.as_str().to_owned());
        }
        hints += hint.find_iter(line).count();
    }
    let linked_len: usize = links.iter().chain(&emails).map(String::len).sum();
    let found = links.len() + emails.len();
    let mut score = 0u8;
    let mut lost = Vec::new();
    let mut reasons = Vec::new();
    if found > 0 {
        score += 6;
        reasons.push(format!("{found} contact link(s) or address(es)"));
    } else {
        lost.push(
            Lost::at(at, "no URL or email address to report a vulnerability to").costing(6.0),
        );
    }
    if content.len() > 1 && content.len() > linked_len + 2 * found {
        score += 3;
        reasons.push("text beyond the links".into());
    } else {
        lost.push(Lost::at(at, "no text beyond links").costing(3.0));
    }
    if hints > 1 {
        score += 1;
        reasons.push("disclosure hints".into());
    } else {
        lost.push(
            Lost::at(
                at,
                "fewer than two hints of a disclosure process (vulnerability, disclosure, days)",
            )
            .costing(1.0),
        );
    }
    let evidence = match first_link {
        Some(line) => vec![format!("{at}:{line}")],
        None => vec![at.to_owned()],
    };
    Scored::new(
        Some(score),
        format!(
            "security policy: {}",
            if reasons.is_empty() {
                "empty".into()
            } else {
                reasons.join(", ")
            }
        ),
    )
    .evidence(evidence)
    .lost(lost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    #[test]
    fn content_scoring() {
        let full = "# Security\n\nReport vulnerabilities to security@example.org.\nWe answer within 3 days and disclose after 90 days.\n";
        let s = check(&CHECK, &[("SECURITY.md", full)]);
        assert_eq!(
            (s.score, s.evidence.clone()),
            (Some(10), vec!["SECURITY.md:3".to_owned()])
        );
        // Only a link: 6 (+3 when the file has any other text).
        assert_eq!(
            check(&CHECK, &[(".github/SECURITY.md", "https://x.io/sec")]).score,
            Some(6)
        );
        let s = check(&CHECK, &[("docs/security.md", "Please be nice.\n")]);
        assert_eq!((s.score, s.lost.len()), (Some(3), 2));
        assert_eq!(check(&CHECK, &[("SECURITY.txt", full)]).score, Some(0));
        assert_eq!(check(&CHECK, &[("pkg/SECURITY.md", full)]).score, Some(0));
        assert_eq!(check(&CHECK, &[("doc/security.rst", full)]).score, Some(10));
    }

    #[test]
    fn inherited_from_the_organisation() {
        use crate::model::{Check, Origin, OriginKind};
        let mut ev = evidence();
        ev.security = Some(measure(&Input::new(
            &crate::checks::Ctx::new(
                vec![],
                &crate::checks::testing::memory(&[]),
                Default::default(),
            ),
            &ev.clone(),
            &NoTags,
        )));
        assert_eq!(
            ev.security.as_ref().unwrap().score("security_policy"),
            Some(0)
        );
        let mut check = Check::found("SECURITY.md");
        check.origin = Some(Origin {
            kind: OriginKind::OrganizationDefault,
            repository: "acme/.github".into(),
        });
        ev.checks.insert("security_policy".into(), check);
        inherit_security_policy(
            &mut ev,
            "Email security@acme.org; we reply in 2 days about any vulnerability.\n",
        );
        let sec = ev.security.as_ref().unwrap();
        let c = &sec.checks["security_policy"];
        assert_eq!(c.score, Some(10));
        assert_eq!(
            c.origin.as_ref().map(|o| o.repository.as_str()),
            Some("acme/.github")
        );
        assert_eq!(c.evidence, ["acme/.github:SECURITY.md:1"]);
        assert!(sec.aggregate.checks.contains(&"security_policy".to_owned()));
        disinherit_security_policy(&mut ev);
        let c = &ev.security.as_ref().unwrap().checks["security_policy"];
        assert_eq!((c.score, c.origin.is_none()), (Some(0), true));
    }
}
