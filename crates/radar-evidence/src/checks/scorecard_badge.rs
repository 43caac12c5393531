//! OpenSSF Scorecard badge: a README link to the project's Scorecard badge or viewer.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "scorecard_badge",
    title: "OpenSSF Scorecard badge",
    looks_for: "a README link to https://api.scorecard.dev/projects/<host>/<owner>/<repo>/badge (or api.securityscorecards.dev, or the scorecard.dev viewer); the value is the project path",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    let badge = re(
        r"(?i)https?://(?:api\.scorecard\.dev|api\.securityscorecards\.dev)/projects/([^/\s)]+/[^/\s)]+/[^/\s)]+)|https?://(?:securityscorecards|scorecard)\.dev/viewer/\?uri=([^\s)&]+)",
    );
    let Some(doc) = ctx.readme() else {
        return Check::missing();
    };
    for (i, line) in doc.text.lines().enumerate() {
        if let Some(c) = badge.captures(line) {
            let project = c
                .get(1)
                .or_else(|| c.get(2))
                .map_or("", |m| m.as_str())
                .trim_end_matches("/badge")
                .to_owned();
            return Check::found(format!("{}:{}", doc.path, i + 1)).with_value(project);
        }
    }
    Check::missing()
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn badge_links() {
        let r = "# x\n\n[![Scorecard](https://api.scorecard.dev/projects/github.com/containerd/containerd/badge)](https://scorecard.dev/viewer/?uri=github.com/containerd/containerd)\n";
        let c = run(&CHECK, &[("README.md", r)]);
        assert_eq!(
            (c.value, c.evidence.as_deref()),
            (
                Some("github.com/containerd/containerd".into()),
                Some("README.md:3")
            )
        );
        assert!(
            run(
                &CHECK,
                &[(
                    "README.md",
                    "![s](https://api.securityscorecards.dev/projects/github.com/a/b/badge)"
                )]
            )
            .passed
        );
        assert!(!run(&CHECK, &[("README.md", "We use OpenSSF Scorecard.")]).passed);
    }
}
