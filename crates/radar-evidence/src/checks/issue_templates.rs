//! Issue templates: `.github/ISSUE_TEMPLATE/` (or the single-file forms), or
//! GitLab's `.gitlab/issue_templates/`.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "issue_templates",
    title: "Issue templates",
    looks_for: "an ISSUE_TEMPLATE/ folder or ISSUE_TEMPLATE* file (root, .github/, docs/), or .gitlab/issue_templates/",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    let in_dir: Vec<String> = ctx
        .paths()
        .filter(|p| {
            // GitHub reads the folder in the root, `.github/` or `docs/`
            // (the root is where an organisation's `.github` repository keeps it).
            let l = p.to_ascii_lowercase();
            ["issue_template/", ".github/issue_template/", "docs/issue_template/", ".gitlab/issue_templates/"]
                .iter()
                .any(|dir| l.starts_with(dir))
        })
        .map(str::to_owned)
        .collect();
    if let Some(first) = in_dir.first() {
        let dir = first.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let n = in_dir.iter().filter(|p| !file_name(p).eq_ignore_ascii_case("config.yml")).count();
        return Check::found(format!("{dir}/")).with_value(n).with_details(in_dir);
    }
    ctx.find_doc(&["issuetemplate"]).map_or_else(Check::missing, |p| Check::found(p).with_value(1))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        let c = run(&CHECK, &[(".github/ISSUE_TEMPLATE/bug.yml", ""), (".github/ISSUE_TEMPLATE/config.yml", ""), (".github/ISSUE_TEMPLATE/feature.md", "")]);
        assert_eq!((c.evidence.as_deref(), c.value), (Some(".github/ISSUE_TEMPLATE/"), Some(2.into())));
        assert!(run(&CHECK, &[(".github/issue_template.md", "")]).passed);
        assert_eq!(run(&CHECK, &[("ISSUE_TEMPLATE/bug_report.md", "")]).evidence.as_deref(), Some("ISSUE_TEMPLATE/"));
        assert!(!run(&CHECK, &[("src/issue_template/x.md", "")]).passed);
        assert!(!run(&CHECK, &[(".github/PULL_REQUEST_TEMPLATE.md", "")]).passed);
    }
}
