//! `radar import` of the lists foundations keep, as a user runs it: the
//! format recognised by content, the summary it prints, and a catalog that
//! `radar check` accepts and `radar render --check` agrees with.

use std::path::Path;

use assert_cmd::Command;

const LANDSCAPE: &str = include_str!("../../radar-catalog/tests/data/formats/landscape.yml");
const CLOMONITOR: &str = include_str!("../../radar-catalog/tests/data/formats/clomonitor.yaml");
const PER_AREA: &str = include_str!("../../radar-catalog/tests/data/layouts/table-per-area.md");
const TWO_AREAS: &str = include_str!("../../radar-catalog/tests/data/layouts/two-areas.md");

fn radar(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("radar").unwrap();
    cmd.current_dir(dir)
        .env_remove("RADAR_CATALOG")
        .env_remove("RUST_LOG");
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Imports `text` saved as `file`, then checks the catalog; returns import's stderr.
fn import_and_check(dir: &Path, file: &str, text: &str, extra: &[&str]) -> String {
    std::fs::write(dir.join(file), text).unwrap();
    let (code, _, err) = run(radar(dir)
        .arg("import")
        .arg(file)
        .args(["-o", "out.yaml"])
        .args(extra));
    assert_eq!(code, 0, "{err}");
    let (code, out, check_err) = run(radar(dir).args(["check", "--catalog", "out.yaml"]));
    assert_eq!(code, 0, "{out}{check_err}");
    err
}

#[test]
fn a_landscape_imports_with_its_items_levels_and_repositories() {
    let dir = tempfile::tempdir().unwrap();
    let err = import_and_check(dir.path(), "landscape.yml", LANDSCAPE, &[]);
    assert!(
        err.contains("wrote out.yaml (2 areas, 4 projects, 1 of them in more than one area, 4 repositories; 3 CNCF projects: 1 archived, 1 graduated, 1 sandbox; landscape file: 4 items in 2 areas of landscape.yml)"),
        "{err}"
    );
    assert!(
        err.contains("warning[M208/unmapped-field]: `logo` is not imported (4 items have it"),
        "{err}"
    );
    let yaml = std::fs::read_to_string(dir.path().join("out.yaml")).unwrap();
    assert!(yaml.contains("  - ref: boxd\n"), "{yaml}");
    assert!(
        yaml.contains("    additional_repos:\n    - https://github.com/boxd/website\n"),
        "{yaml}"
    );

    let err = import_and_check(dir.path(), "landscape.yml", LANDSCAPE, &["--projects-only"]);
    assert!(err.contains("3 projects"), "{err}");
    assert!(
        err.contains("1 items that are not CNCF projects left out (--projects-only)"),
        "{err}"
    );
}

#[test]
fn a_clomonitor_file_imports_with_all_its_repositories() {
    let dir = tempfile::tempdir().unwrap();
    let err = import_and_check(dir.path(), "cncf.yaml", CLOMONITOR, &[]);
    assert!(
        err.contains("2 projects, 3 repositories; 2 CNCF projects: 1 graduated, 1 sandbox; clomonitor file: 2 projects with 3 repositories in 2 categories"),
        "{err}"
    );
    let yaml = std::fs::read_to_string(dir.path().join("out.yaml")).unwrap();
    assert!(
        yaml.contains("- repo: https://github.com/boxd/website\n      role: docs\n"),
        "{yaml}"
    );
}

#[test]
fn readme_layouts_import_and_render_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    for (file, text, projects) in [("per-area.md", PER_AREA, 4), ("two-areas.md", TWO_AREAS, 5)] {
        let err = import_and_check(dir.path(), file, text, &[]);
        assert!(err.contains(&format!("{projects} projects")), "{err}");
        let (code, out, err) =
            run(radar(dir.path()).args(["render", "--catalog", "out.yaml", "--check", file]));
        assert_eq!(code, 0, "{out}{err}");
    }
}

#[test]
fn wrong_inputs_say_what_and_where() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "# T\n\n- not: [a landscape\n").unwrap();
    let (code, _, err) =
        run(radar(dir.path()).args(["import", "--format", "landscape", "README.md"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("README.md:3:"), "{err}");
    std::fs::write(dir.path().join("radar.yaml"), "areas:\n- name: A\n").unwrap();
    let (code, _, err) = run(radar(dir.path()).args(["import", "radar.yaml"]));
    assert_eq!(code, 2);
    assert!(err.contains("already a Radar catalog"), "{err}");
}
