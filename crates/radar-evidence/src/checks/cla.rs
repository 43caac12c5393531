//! CLA: a contributor license agreement mentioned in the contributing guide,
//! README or PR template, or a CLA bot configured.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "cla",
    title: "Contributor license agreement",
    looks_for: "\"Contributor License Agreement\", \"CLA\", EasyCLA, cla-assistant or cla.developers.google.com in CONTRIBUTING*, the README or the PR template; or a .clabot / CLA workflow",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    if let Some(p) = ctx
        .paths()
        .find(|p| *p == ".clabot" || p.eq_ignore_ascii_case(".github/workflows/cla.yml"))
    {
        return Check::found(p);
    }
    let mention = re(
        r"(?:(?i)contributor\s+license\s+agreement|easycla|cla-assistant|cla\.developers\.google\.com|cla/linuxfoundation|cla/google)|\bCLA\b",
    );
    let mut docs: Vec<Doc> = Vec::new();
    for p in [
        ctx.find_doc(&["contributing"]),
        ctx.find_doc(&["pullrequesttemplate"]),
    ]
    .into_iter()
    .flatten()
    {
        docs.extend(ctx.read(&p));
    }
    docs.extend(ctx.readme().cloned());
    first_matching_line(&docs, &mention)
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn mentions() {
        let c = run(
            &CHECK,
            &[(
                "CONTRIBUTING.md",
                "# Contributing\n\nYou must sign the Contributor License Agreement.\n",
            )],
        );
        assert_eq!(c.evidence.as_deref(), Some("CONTRIBUTING.md:3"));
        assert!(run(&CHECK, &[("README.md", "Sign the CLA first.")]).passed);
        assert!(
            !run(
                &CHECK,
                &[
                    ("README.md", "Declaration of a clause"),
                    ("CONTRIBUTING.md", "Sign off your commits (DCO).")
                ]
            )
            .passed
        );
    }
}
