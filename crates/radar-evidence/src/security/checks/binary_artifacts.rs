//! Binary-Artifacts: executables and compiled code committed to the tree.
//! Score `10 − binaries`, at least 0 (`checks/evaluation/binary_artifacts.go`).
//! Files are picked by name, then read (see `sniff`): a file counts when its
//! first 1,024 bytes are an executable format, or when its extension is one
//! of Scorecard's binary extensions and those bytes are not text. Vendored
//! folders count (Scorecard reads every file); test data does not.
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "binary_artifacts",
    name: "Binary-Artifacts",
    risk: Risk::High,
    run,
};

fn run(input: &Input<'_>) -> Scored {
    // A Gradle wrapper checked by gradle/wrapper-validation-action is exempt
    // (Scorecard also wants a successful run on the last commit: a run git
    // cannot see; the validating workflow is taken as that run).
    let validated = input.workflows().iter().any(|wf| {
        wf.steps().any(|(_, s)| {
            s.uses.as_ref().is_some_and(|u| {
                u.text.starts_with("gradle/wrapper-validation-action@")
                    || u.text.starts_with("gradle/actions/wrapper-validation@")
            })
        })
    });
    let mut lost = Vec::new();
    let mut exempt = Vec::new();
    for path in input.all_files().filter(|p| sniff::worth_sniffing(p)) {
        let Some(prefix) = input.files.read_prefix(path, sniff::PREFIX) else {
            continue;
        };
        let Some(kind) = sniff::binary_kind(path, &prefix) else {
            continue;
        };
        if validated && path.rsplit('/').next() == Some("gradle-wrapper.jar") {
            exempt.push(format!("{path} (validated Gradle wrapper)"));
            continue;
        }
        lost.push(Lost::at(path, kind).costing(1.0));
    }
    lost.sort_by(|a, b| a.at.cmp(&b.at));
    let n = lost.len();
    let scored = if n == 0 {
        Scored::new(Some(10), "no binaries found in the tree")
    } else {
        Scored::new(
            Some(10u8.saturating_sub(n.min(10) as u8)),
            format!("{n} binar{} in the tree", if n == 1 { "y" } else { "ies" }),
        )
    };
    scored.lost(lost).evidence(exempt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    fn elf() -> Vec<u8> {
        let mut b = b"\x7fELF\x02\x01\x01".to_vec();
        b.resize(80, 0);
        b
    }

    #[test]
    fn counts_binaries_by_content() {
        let elf = elf();
        let s = run_bytes(
            &CHECK,
            &[
                ("main.go", b"package main\n"),
                ("bin/tool", &elf),
                ("README.md", b"# x\n"),
            ],
        );
        assert_eq!(
            (s.score, lost_at(&s)),
            (Some(9), vec!["bin/tool".to_owned()])
        );
        assert_eq!(s.lost[0].points, Some(1.0));
        // By extension only when the content is not text; test data is left out, vendored files are not.
        let s = run_bytes(
            &CHECK,
            &[
                ("lib/a.jar", b"PK\x03\x04\0\0"),
                ("notes.so", b"text\n"),
                ("x/testdata/t.exe", b"MZ\x90\0"),
                ("vendor/m/tool.exe", b"MZ\x90\0"),
            ],
        );
        assert_eq!(lost_at(&s), ["lib/a.jar", "vendor/m/tool.exe"]);
        let many: Vec<(String, Vec<u8>)> =
            (0..12).map(|i| (format!("b{i}"), elf.clone())).collect();
        let files: Vec<(&str, &[u8])> = many
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        assert_eq!(run_bytes(&CHECK, &files).score, Some(0));
    }

    #[test]
    fn clean_tree_and_validated_gradle_wrapper() {
        assert_eq!(
            check(&CHECK, &[("main.go", "package main\n")]).score,
            Some(10)
        );
        let wf = "on: push\njobs:\n  v:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: gradle/actions/wrapper-validation@v3\n";
        let jar: &[u8] = b"PK\x03\x04\0\0";
        let s = run_bytes(
            &CHECK,
            &[
                ("gradle/wrapper/gradle-wrapper.jar", jar),
                (".github/workflows/v.yml", wf.as_bytes()),
            ],
        );
        assert_eq!(s.score, Some(10));
        let s = run_bytes(&CHECK, &[("gradle/wrapper/gradle-wrapper.jar", jar)]);
        assert_eq!(s.score, Some(9));
    }
}
