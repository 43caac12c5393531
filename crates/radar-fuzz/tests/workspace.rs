//! Every property test in the workspace uses [`radar_fuzz::config!`], so CI
//! gives the same verdict on every run of a commit (a `proptest!` block
//! without it draws a new random seed each time) and `scripts/fuzz.sh` can
//! give it fresh seeds and more cases.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_proptest_block_uses_the_shared_configuration() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    for krate in std::fs::read_dir(crates).unwrap().flatten() {
        for dir in ["src", "tests", "benches"] {
            rust_files(&krate.path().join(dir), &mut files);
        }
    }
    assert!(files.len() > 50, "{} files", files.len());
    // Spelt in two so this file's own text is not a block.
    let needle = concat!("proptest", "! {");
    let mut blocks = 0;
    let mut offenders = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices(needle) {
            blocks += 1;
            let head: String = text[at..]
                .lines()
                .skip(1)
                .take(3)
                .collect::<Vec<_>>()
                .join("\n");
            if !head.contains("#![proptest_config(radar_fuzz::config!(") {
                let line = text[..at].lines().count() + 1;
                offenders.push(format!("{}:{line}", file.display()));
            }
        }
    }
    assert!(blocks >= 10, "{blocks} proptest! blocks");
    assert!(
        offenders.is_empty(),
        "these proptest! blocks lack `#![proptest_config(radar_fuzz::config!(N))]` (docs/testing.md): {offenders:?}"
    );
}
