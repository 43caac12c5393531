//! Fuzzing: the project is fuzzed. Scorecard (`checks/raw/fuzzing.go`) gives
//! 10 for any of: the repository is an OSS-Fuzz project (a search of
//! OSS-Fuzz's `project.yaml` files, online), ClusterFuzzLite is set up
//! (`.clusterfuzzlite/Dockerfile`), or fuzz targets / property tests in one
//! of the repository's prominent languages (Go `func FuzzX(f *testing.F)`,
//! `LLVMFuzzerTestOneInput` in C/C++/Swift, `libfuzzer_sys` in Rust, Atheris,
//! Jazzer, fast-check, QuickCheck-likes…); else 0.
//!
//! Offline, OSS-Fuzz membership is read from what the repository shows of
//! it: a CIFuzz workflow (`google/oss-fuzz/infra/cifuzz/…`, which works only
//! for OSS-Fuzz projects) or an OSS-Fuzz build script (`oss_fuzz_build.sh`,
//! `oss-fuzz/`). Prominent languages are counted by files, not lines:
//! languages with at least a quarter of the mean file count.
use crate::checks::{contains_ignore_case, ends_with_ignore_case, is_vendored, re};
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "fuzzing",
    name: "Fuzzing",
    risk: Risk::Medium,
    run,
};

/// Language, file extensions (with a file-name condition for Go), fuzz pattern.
/// Scorecard's patterns are Go regular expressions, where `\s` is
/// `[\t\n\f\r ]` and `\w` is `[0-9A-Za-z_]`; these spell the same classes
/// out: Unicode classes would match more than Scorecard does, and cost
/// milliseconds to compile on every run. No pattern is anchored to a
/// line (`^`, `$`), so a file without a match anywhere has no matching line
/// (see `run`).
const LANGS: &[(&str, &[&str], &str)] = &[
    (
        "Go",
        &["_test.go"],
        r"func[\t\n\f\r ]+Fuzz[0-9A-Za-z_]+[\t\n\f\r ]*\([0-9A-Za-z_]+[\t\n\f\r ]+\*testing.F\)",
    ),
    ("C", &[".c"], r"LLVMFuzzerTestOneInput"),
    ("C++", &[".cc", ".cpp"], r"LLVMFuzzerTestOneInput"),
    ("Swift", &[".swift"], r"LLVMFuzzerTestOneInput"),
    ("Rust", &[".rs"], r"libfuzzer_sys"),
    ("Python", &[".py"], r"import atheris"),
    (
        "Java",
        &[".java"],
        r"com.code_intelligence.jazzer.api.FuzzedDataProvider;",
    ),
    (
        "JavaScript",
        &[".js", ".jsx"],
        r#"(from[\t\n\f\r ]+['"](fast-check|@fast-check/(ava|jest|vitest))['"]|require\([\t\n\f\r ]*['"](fast-check|@fast-check/(ava|jest|vitest))['"][\t\n\f\r ]*\))"#,
    ),
    (
        "TypeScript",
        &[".ts", ".tsx"],
        r#"(from[\t\n\f\r ]+['"](fast-check|@fast-check/(ava|jest|vitest))['"]|require\([\t\n\f\r ]*['"](fast-check|@fast-check/(ava|jest|vitest))['"][\t\n\f\r ]*\))"#,
    ),
    (
        "Haskell",
        &[".hs", ".lhs"],
        r"import[\t\n\f\r ]+(qualified[\t\n\f\r ]+)?Test\.((Hspec|Tasty)\.)?(QuickCheck|Hedgehog|Validity|SmallCheck)",
    ),
    (
        "Erlang",
        &[".erl", ".hrl"],
        r#"-include_lib\("(eqc|proper)/include/(eqc|proper).hrl"\)\."#,
    ),
    (
        "Elixir",
        &[".ex", ".exs"],
        r"use[\t\n\f\r ]+(PropCheck|ExUnitProperties)",
    ),
    ("Gleam", &[".gleam"], r"import[\t\n\f\r ]+qcheck"),
    (
        "C#",
        &[".cs"],
        r"(using[\t\n\f\r ]+(FsCheck|FsCheck\.(NUnit|Xunit)|Expecto\.ExpectoFsCheck));",
    ),
    (
        "F#",
        &[".fs"],
        r"(open[\t\n\f\r ]+(FsCheck|FsCheck\.(NUnit|Xunit)|Expecto\.ExpectoFsCheck))",
    ),
];

/// The language of a file (Go by `.go`, whatever the test suffix).
fn language(path: &str) -> Option<&'static str> {
    if ends_with_ignore_case(path, ".go") {
        return Some("Go");
    }
    LANGS
        .iter()
        .find(|(_, exts, _)| exts.iter().any(|e| ends_with_ignore_case(path, e)))
        .map(|(l, _, _)| *l)
}

fn run(input: &Input<'_>) -> Scored {
    let found = |what: &str, at: String| Scored::new(Some(10), what.to_owned()).evidence(vec![at]);
    if let Some(doc) = input.files.read(".clusterfuzzlite/Dockerfile")
        && workflow::has_commands(&doc.text)
    {
        return found(
            "ClusterFuzzLite is set up",
            ".clusterfuzzlite/Dockerfile".into(),
        );
    }
    for wf in input.workflows() {
        for (_, step) in wf.steps() {
            if let Some(u) = &step.uses
                && u.text.starts_with("google/oss-fuzz/infra/cifuzz/")
            {
                return found(
                    "an OSS-Fuzz project (CIFuzz runs in a workflow)",
                    format!("{}:{}", wf.path, u.line),
                );
            }
        }
    }
    let files: Vec<&str> = input
        .files
        .paths()
        .filter(|p| !is_vendored(p) && !is_test_data(p))
        .collect();
    if let Some(p) = files.iter().find(|p| {
        let has = |w| contains_ignore_case(p, w);
        has("oss_fuzz") || has("oss-fuzz") || has("ossfuzz")
    }) {
        return found(
            "an OSS-Fuzz project (its OSS-Fuzz build files are in the tree)",
            (*p).to_owned(),
        );
    }
    // Prominent languages by file count.
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for p in &files {
        if let Some(l) = language(p) {
            *counts.entry(l).or_default() += 1;
        }
    }
    let total: usize = counts.values().sum();
    let threshold = if counts.is_empty() {
        0
    } else {
        total / counts.len() / 4
    };
    let mut searched = Vec::new();
    for (lang, exts, pattern) in LANGS {
        if counts.get(lang).copied().unwrap_or(0) == 0 || counts[lang] < threshold {
            continue;
        }
        searched.push(*lang);
        let rx = re(pattern);
        let mut candidates: Vec<&str> = files
            .iter()
            .copied()
            .filter(|p| exts.iter().any(|e| ends_with_ignore_case(p, e)))
            .collect();
        // Files that say "fuzz" first: the search usually ends there.
        candidates.sort_by_key(|p| !contains_ignore_case(p, "fuzz"));
        for p in candidates {
            // The whole text first: one search instead of one per line, and
            // most files have no match at all.
            if let Some(doc) = input.files.read(p)
                && rx.is_match(&doc.text)
                && let Some((at, _)) = doc.find_line(&rx)
            {
                return found(&format!("{lang} fuzz targets"), at);
            }
        }
    }
    Scored::new(
        Some(0),
        format!(
            "no fuzzing found (searched {})",
            if searched.is_empty() {
                "no language".into()
            } else {
                searched.join(", ")
            }
        ),
    )
    .lost(vec![Lost {
        at: None,
        what:
            "no OSS-Fuzz or ClusterFuzzLite set-up and no fuzz targets in the prominent languages"
                .into(),
        points: Some(10.0),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    #[test]
    fn fuzz_targets_and_setups() {
        let s = check(
            &CHECK,
            &[
                ("main.go", "package main"),
                (
                    "pkg/parse_test.go",
                    "package pkg\n\nfunc FuzzParse(f *testing.F) {}\n",
                ),
            ],
        );
        assert_eq!(
            (s.score, s.evidence),
            (Some(10), vec!["pkg/parse_test.go:3".to_owned()])
        );
        assert_eq!(
            check(&CHECK, &[(".clusterfuzzlite/Dockerfile", "FROM x\n")]).score,
            Some(10)
        );
        assert_eq!(
            check(&CHECK, &[("contrib/fuzz/oss_fuzz_build.sh", "#!/bin/sh\n")]).score,
            Some(10)
        );
        let wf = "on: pull_request\njobs:\n  f:\n    steps:\n      - uses: google/oss-fuzz/infra/cifuzz/actions/build_fuzzers@master\n";
        assert_eq!(
            check(&CHECK, &[(".github/workflows/cifuzz.yml", wf)]).score,
            Some(10)
        );
        assert_eq!(
            check(
                &CHECK,
                &[
                    ("main.go", "package main"),
                    ("x_test.go", "func TestX(t *testing.T) {}\n")
                ]
            )
            .score,
            Some(0)
        );
        // A language with too few files is not searched.
        let mut files: Vec<(String, String)> = (0..40)
            .map(|i| (format!("src/f{i}.py"), String::new()))
            .collect();
        files.push(("fuzz/x.c".into(), "int LLVMFuzzerTestOneInput() {}".into()));
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(check(&CHECK, &refs).score, Some(0));
    }

    #[test]
    fn patterns_read_as_go_reads_them() {
        // No line anchors: the whole-text search in `run` must not miss a
        // line the per-line search finds.
        for (lang, _, pattern) in LANGS {
            assert!(!pattern.contains('^') && !pattern.contains('$'), "{lang}");
        }
        let go = |text: &str| {
            check(
                &CHECK,
                &[("main.go", "package main"), ("pkg/p_test.go", text)],
            )
            .score
        };
        // Go's `\s` takes a tab; its `\w` is ASCII only.
        assert_eq!(go("func\tFuzzParse(f *testing.F) {}\n"), Some(10));
        assert_eq!(go("func FuzzÉtat(f *testing.F) {}\n"), Some(0));
        assert_eq!(go("func Fuzz_2(fz\t*testing.F) {}\n"), Some(10));
        // Split over lines: matched as a whole, but no line holds it.
        assert_eq!(go("func\nFuzzParse(f *testing.F) {}\n"), Some(0));
    }
}
