//! Pull request template: `PULL_REQUEST_TEMPLATE*` (root, `.github/`, `docs/`),
//! a `PULL_REQUEST_TEMPLATE/` folder, or GitLab merge request templates.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "pr_template",
    title: "Pull request template",
    looks_for: "PULL_REQUEST_TEMPLATE* or a PULL_REQUEST_TEMPLATE/ folder (root, .github/, docs/), or .gitlab/merge_request_templates/",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    if let Some(p) = ctx.find_doc(&["pullrequesttemplate"]) {
        return Check::found(p);
    }
    ctx.paths()
        .find(|p| {
            let l = p.to_ascii_lowercase();
            [
                "pull_request_template/",
                ".github/pull_request_template/",
                "docs/pull_request_template/",
                ".gitlab/merge_request_templates/",
            ]
            .iter()
            .any(|d| l.starts_with(d))
        })
        .map_or_else(Check::missing, Check::found)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        assert!(run(&CHECK, &[(".github/pull_request_template.md", "")]).passed);
        assert!(
            run(
                &CHECK,
                &[(".gitlab/merge_request_templates/default.md", "")]
            )
            .passed
        );
        assert!(!run(&CHECK, &[(".github/ISSUE_TEMPLATE/bug.md", "")]).passed);
    }
}
