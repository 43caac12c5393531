//! Changelog: `CHANGELOG*`, `CHANGES*`, `HISTORY*`, `NEWS*`, `RELEASE-NOTES*`
//! or a `releasenotes/` / `changelogs/` folder.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "changelog",
    title: "Changelog",
    looks_for: "CHANGELOG*, CHANGES*, HISTORY*, NEWS* or RELEASE-NOTES* (root, .github/, docs/), or a releasenotes/, changelogs/ or releases/ folder",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    // Not RELEASES.md: that name usually describes the release process.
    if let Some(p) = ctx.find_doc(&["changelog", "changes", "history", "news", "releasenotes"]) {
        return Check::found(p);
    }
    for dir in ["releasenotes", "release-notes", "changelogs", "changelog", "releases", "docs/releases", "docs/changelog"] {
        if ctx.has_dir(dir) {
            return Check::found(format!("{dir}/"));
        }
    }
    Check::missing()
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        assert!(run(&CHECK, &[("CHANGELOG.md", "")]).passed);
        assert!(run(&CHECK, &[("NEWS", "")]).passed);
        assert_eq!(run(&CHECK, &[("releasenotes/v1.0.md", "")]).evidence.as_deref(), Some("releasenotes/"));
        assert!(!run(&CHECK, &[("README.md", ""), ("RELEASES.md", "how we release")]).passed);
    }
}
