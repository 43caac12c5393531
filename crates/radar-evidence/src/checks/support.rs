//! Support: a `SUPPORT*` file (root, `.github/`, `docs/`) saying where users
//! get help, one of the community files GitHub links from the issue form.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "support",
    title: "Support file",
    looks_for: "SUPPORT* in the root, .github/ or docs/",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    // `SUPPORT.md`, `support.rst`, `SUPPORT`: the stem is the whole name
    // before its extension, so `supported-platforms.md` is not one.
    ["", ".github", "docs"]
        .into_iter()
        .flat_map(|dir| ctx.files_in(dir))
        .find(|p| {
            file_name(p)
                .split('.')
                .next()
                .is_some_and(|stem| stem.eq_ignore_ascii_case("support"))
        })
        .map_or_else(Check::missing, Check::found)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        assert_eq!(
            run(&CHECK, &[(".github/SUPPORT.md", "")])
                .evidence
                .as_deref(),
            Some(".github/SUPPORT.md")
        );
        assert!(
            !run(&CHECK, &[("docs/supported-platforms.md", "")]).passed,
            "a name that only starts like it"
        );
        assert!(!run(&CHECK, &[("README.md", "# x\n## Support\n")]).passed);
    }
}
