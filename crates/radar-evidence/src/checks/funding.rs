//! Funding: GitHub's `FUNDING.yml` (root, `.github/`, `docs/`), which puts a
//! "Sponsor" button on the repository.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "funding",
    title: "Funding file",
    looks_for: "FUNDING.yml in the root, .github/ or docs/",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    ctx.find_doc(&["funding.yml", "funding.yaml"])
        .map_or_else(Check::missing, Check::found)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        assert_eq!(
            run(&CHECK, &[(".github/FUNDING.yml", "github: [a]")])
                .evidence
                .as_deref(),
            Some(".github/FUNDING.yml")
        );
        assert!(!run(&CHECK, &[("docs/funding-model.md", "")]).passed);
    }
}
