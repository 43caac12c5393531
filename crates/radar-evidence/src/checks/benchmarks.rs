//! Benchmarks: benchmark folders or files (vendored code excluded).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "benchmarks",
    title: "Benchmarks",
    looks_for: "bench/, benches/, benchmark(s)/ folders or files named *bench* / *benchmark* (vendored code excluded)",
    run,
};

fn is_bench(path: &str) -> bool {
    // Every case below names "bench" or "perf-tests": most paths are out at once.
    (contains_ignore_case(path, "bench") || contains_ignore_case(path, "perf-tests"))
        && path.split('/').any(|c| {
        let c = c.to_ascii_lowercase();
        matches!(
            c.as_str(),
            "bench" | "benches" | "benchmark" | "benchmarks" | "perf-tests"
        ) || c.starts_with("bench_")
            || c.contains("_bench")
            || c.contains("benchmark")
    })
}

fn run(ctx: &Ctx<'_>) -> Check {
    counted_paths(&paths_where(ctx, is_bench))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn found_or_not() {
        assert!(is_bench("benches/walk.rs"));
        assert!(is_bench("pkg/x/store_bench_test.go"));
        assert!(is_bench("test/benchmark/run.sh"));
        assert!(!is_bench("src/workbench.rs"));
        assert!(run(&CHECK, &[("benches/a.rs", "")]).passed);
        assert!(!run(&CHECK, &[("vendor/benches/a.rs", "")]).passed);
    }
}
