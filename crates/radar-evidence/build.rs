//! Registers every file check: each `src/checks/<id>.rs` (other than
//! `mod.rs`) becomes a module and its `CHECK` joins the list `ALL`, so a new
//! check is one new file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir =
        Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("src/checks");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("src/checks exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs") && n != "mod.rs")
        .map(|n| n.trim_end_matches(".rs").to_owned())
        .collect();
    names.sort();
    let mut out = String::new();
    for n in &names {
        assert!(
            n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "bad check file name {n}.rs"
        );
        let path = dir.join(format!("{n}.rs"));
        writeln!(out, "#[path = {:?}]\nmod {n};", path.display().to_string()).unwrap();
    }
    out.push_str(
        "/// Every check, in file-name order.\npub(crate) static ALL: &[&CheckDef] = &[\n",
    );
    for n in &names {
        writeln!(out, "    &{n}::CHECK,").unwrap();
    }
    out.push_str("];\n");
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("set by cargo")).join("checks_registry.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
