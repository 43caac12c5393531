//! Fuzzing: fuzz targets in the tree, ClusterFuzzLite, or OSS-Fuzz in CI.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "fuzzing",
    title: "Fuzzing",
    looks_for: "a fuzz/ or fuzzing/ folder, files named *fuzz*, .clusterfuzzlite/, or OSS-Fuzz / CIFuzz in CI",
    run,
};

fn is_fuzz(path: &str) -> bool {
    // Every case below names "fuzz": most paths are out at once.
    contains_ignore_case(path, "fuzz")
        && path.split('/').any(|c| {
        let c = c.to_ascii_lowercase();
        c == "fuzz"
            || c == "fuzzing"
            || c == "fuzzer"
            || c == "fuzzers"
            || c == ".clusterfuzzlite"
            || (c.contains("fuzz") && c.contains('.'))
    })
}

fn run(ctx: &Ctx<'_>) -> Check {
    let found = counted_paths(&paths_where(ctx, is_fuzz));
    if found.passed {
        return found;
    }
    first_matching_line(ctx.ci_docs(), &re(r"(?i)(oss-fuzz|cifuzz|clusterfuzz)"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn targets_or_ci() {
        assert!(is_fuzz("fuzz/fuzz_targets/parse.rs"));
        assert!(is_fuzz("pkg/parser/parser_fuzz_test.go"));
        assert!(!is_fuzz("pkg/fuzzy/match.go"));
        let wf = "steps:\n  - uses: google/oss-fuzz/infra/cifuzz/actions/build_fuzzers@master\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/security.yml", wf)])
                .evidence
                .as_deref(),
            Some(".github/workflows/security.yml:2")
        );
        assert!(!run(&CHECK, &[("src/lib.rs", "")]).passed);
    }
}
