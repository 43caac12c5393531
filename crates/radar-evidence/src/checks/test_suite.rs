//! Tests: test folders and test files by the naming conventions of the
//! common languages (vendored code excluded).
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "tests",
    title: "Tests",
    looks_for: "test/, tests/, e2e/, integration/, __tests__/, spec/ folders, or files named *_test.go, test_*.py, *_test.py, *.test.js|ts, *.spec.js|ts, *Test.java, *_spec.rb, *_test.rs, *_test.c|cc|cpp (vendored code excluded)",
    run,
};

fn is_test(path: &str) -> bool {
    let dirs: Vec<&str> = path.split('/').collect();
    let (name, dirs) = dirs.split_last().expect("non-empty path");
    if dirs.iter().any(|d| {
        matches!(
            d.to_ascii_lowercase().as_str(),
            "test"
                | "tests"
                | "testing"
                | "e2e"
                | "integration"
                | "__tests__"
                | "spec"
                | "testdata"
        )
    }) {
        return true;
    }
    let n = name.to_ascii_lowercase();
    let stem = n.rsplit_once('.').map_or(n.as_str(), |(s, _)| s);
    stem.ends_with("_test")
        || stem.starts_with("test_")
        || stem.ends_with(".test")
        || stem.ends_with(".spec")
        || stem.ends_with("_spec")
        || (name.ends_with("Test.java")
            || name.ends_with("Tests.java")
            || name.ends_with("Test.kt"))
}

fn run(ctx: &Ctx<'_>) -> Check {
    counted_paths(&paths_where(ctx, is_test))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn conventions() {
        for p in [
            "pkg/a_test.go",
            "tests/it.rs",
            "src/__tests__/x.js",
            "test_x.py",
            "a.spec.ts",
            "src/FooTest.java",
            "x/spec/y_spec.rb",
        ] {
            assert!(is_test(p), "{p}");
        }
        for p in ["src/main.rs", "latest.go", "contest.py", "attestation.go"] {
            assert!(!is_test(p), "{p}");
        }
        let c = run(
            &CHECK,
            &[
                ("pkg/a_test.go", ""),
                ("vendor/x/y_test.go", ""),
                ("main.go", ""),
            ],
        );
        assert_eq!((c.passed, c.value), (true, Some(1.into())));
        assert!(!run(&CHECK, &[("vendor/x/y_test.go", "")]).passed);
    }
}
