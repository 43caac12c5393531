//! Changelog: `CHANGELOG*`, `CHANGES*`, `HISTORY*`, `NEWS*`, `RELEASE-NOTES*`,
//! a `releasenotes/` / `changelogs/` folder, or a README reference (a section,
//! or a link to the changelog or release notes).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "changelog",
    title: "Changelog",
    looks_for: "CHANGELOG*, CHANGES*, HISTORY*, NEWS* or RELEASE-NOTES* (root, .github/, docs/), a releasenotes/, changelogs/ or releases/ folder, or a README heading or link naming the changelog or release notes",
    run,
};

// Not RELEASES.md: that name usually describes the release process.
const TOPIC: Topic = Topic {
    stems: &["changelog", "changes", "history", "news", "releasenotes"],
    words: r"(?i)\bchange\s*-?logs?\b|\brelease\s+notes\b",
};

fn run(ctx: &Ctx<'_>) -> Check {
    if let Some(p) = ctx.find_doc(TOPIC.stems) {
        return Check::found(p);
    }
    for dir in [
        "releasenotes",
        "release-notes",
        "changelogs",
        "changelog",
        "releases",
        "docs/releases",
        "docs/changelog",
    ] {
        if ctx.has_dir(dir) {
            return Check::found(format!("{dir}/"));
        }
    }
    doc_or_reference(ctx, &TOPIC)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn found_or_not() {
        assert!(run(&CHECK, &[("CHANGELOG.md", "")]).passed);
        assert!(run(&CHECK, &[("NEWS", "")]).passed);
        assert_eq!(
            run(&CHECK, &[("releasenotes/v1.0.md", "")])
                .evidence
                .as_deref(),
            Some("releasenotes/")
        );
        assert!(
            !run(
                &CHECK,
                &[("README.md", ""), ("RELEASES.md", "how we release")]
            )
            .passed
        );
        let c = run(
            &CHECK,
            &[(
                "README.md",
                "# x\nSee the [release notes](https://github.com/x/y/releases).\n",
            )],
        );
        assert_eq!(c.reference.map(|r| r.kind), Some(ReferenceKind::Link));
        assert!(
            !run(
                &CHECK,
                &[(
                    "README.md",
                    "# x\n## History\n\nWe started in 2015; nothing changes.\n"
                )]
            )
            .passed
        );
    }
}
