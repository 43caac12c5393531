//! Registers every check: each `src/checks/<id>.rs` (other than `mod.rs`)
//! becomes a module and its `CHECK` joins the list `ALL`, so a new file
//! check is one new file; `src/security/checks/<id>.rs` the same for the
//! security checks (module `checks::<id>` of `security`).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).to_owned();
    let out = Path::new(&std::env::var("OUT_DIR").expect("set by cargo")).to_owned();
    let files = registry(&root.join("src/checks"), "CheckDef", None);
    std::fs::write(out.join("checks_registry.rs"), files).expect("OUT_DIR is writable");
    let security = registry(
        &root.join("src/security/checks"),
        "SecurityCheckDef",
        Some("checks"),
    );
    std::fs::write(out.join("security_registry.rs"), security).expect("OUT_DIR is writable");
}

/// `mod <id>;` for each file of `dir`, and `ALL` listing their `CHECK`s;
/// inside `pub(crate) mod <wrap>` when given.
fn registry(dir: &Path, def: &str, wrap: Option<&str>) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} exists: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs") && n != "mod.rs")
        .map(|n| n.trim_end_matches(".rs").to_owned())
        .collect();
    names.sort();
    let mut out = String::new();
    if let Some(w) = wrap {
        writeln!(out, "pub(crate) mod {w} {{").unwrap();
    }
    for n in &names {
        assert!(
            n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "bad check file name {n}.rs"
        );
        let path = dir.join(format!("{n}.rs"));
        writeln!(
            out,
            "#[path = {:?}]\npub(crate) mod {n};",
            path.display().to_string()
        )
        .unwrap();
    }
    if wrap.is_some() {
        out.push_str("}\n");
    }
    writeln!(
        out,
        "/// Every check, in file-name order.\npub(crate) static ALL: &[&{def}] = &["
    )
    .unwrap();
    let prefix = wrap.map(|w| format!("{w}::")).unwrap_or_default();
    for n in &names {
        writeln!(out, "    &{prefix}{n}::CHECK,").unwrap();
    }
    out.push_str("];\n");
    out
}
