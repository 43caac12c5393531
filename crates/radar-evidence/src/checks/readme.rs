//! README: the front page of the project.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "readme",
    title: "README",
    looks_for: "README* in the root (or docs/, .github/)",
    run,
};

fn run(ctx: &Ctx<'_>) -> Check {
    match ctx.readme() {
        Some(doc) => Check::found(doc.path.clone()).with_value(radar_text::lines(&doc.text).count()),
        None => ctx
            .paths()
            .find(|p| file_name(p).to_ascii_lowercase().starts_with("readme"))
            .map_or_else(Check::missing, Check::found),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::CHECK;

    #[test]
    fn found_or_not() {
        let c = run(&CHECK, &[("README.md", "# a\nb\n")]);
        assert_eq!((c.passed, c.value), (true, Some(2.into())));
        assert!(!run(&CHECK, &[("src/main.rs", "")]).passed);
    }
}
