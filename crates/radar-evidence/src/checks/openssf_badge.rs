//! OpenSSF Best Practices badge: a link to the project's page on
//! bestpractices.dev (or the older bestpractices.coreinfrastructure.org) in the README.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "openssf_badge",
    title: "OpenSSF Best Practices badge",
    looks_for: "a README link to https://www.bestpractices.dev/projects/<id> (or bestpractices.coreinfrastructure.org/projects/<id>); the value is the project id",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    let badge = re(
        r"(?i)https?://(?:www\.)?(?:bestpractices\.dev(?:/[a-z]{2}(?:-[A-Za-z]+)?)?|bestpractices\.coreinfrastructure\.org(?:/[a-z]{2})?)/projects/(\d+)",
    );
    let Some(doc) = ctx.readme() else {
        return Check::missing();
    };
    for (i, line) in doc.text.lines().enumerate() {
        if let Some(c) = badge.captures(line) {
            let id: u64 = c[1].parse().unwrap_or(0);
            return Check::found(format!("{}:{}", doc.path, i + 1)).with_value(id);
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
        let r = "# x\n[![OpenSSF Best Practices](https://www.bestpractices.dev/projects/1271/badge)](https://www.bestpractices.dev/projects/1271)\n";
        let c = run(&CHECK, &[("README.md", r)]);
        assert_eq!(
            (c.value, c.evidence.as_deref()),
            (Some(1271.into()), Some("README.md:2"))
        );
        assert!(
            run(
                &CHECK,
                &[(
                    "README.md",
                    "[b](https://bestpractices.coreinfrastructure.org/projects/569/badge)"
                )]
            )
            .passed
        );
        assert!(
            !run(
                &CHECK,
                &[(
                    "README.md",
                    "see https://www.bestpractices.dev/en for criteria"
                )]
            )
            .passed
        );
    }
}
