//! Files with classic Mac (`\r`-only), Windows (`\r\n`) and mixed line
//! breaks, a byte order mark or NUL bytes, as a user hands them to `radar`:
//! each command gives a located error or its normal output, never a panic
//! (`printf '?\r' > c.yaml && radar check --catalog c.yaml` once exited 101).

use std::path::Path;

use assert_cmd::Command;

fn radar(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("radar").unwrap();
    cmd.current_dir(dir)
        .env_remove("RADAR_CATALOG")
        .env_remove("RUST_LOG")
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// Exit code and standard error; fails on any sign of a panic.
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code != 101 && !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{stderr}"
    );
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

#[test]
fn a_lone_carriage_return_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    for text in ["?\r", "?\r\r", "areas:\r  - [\r", "\u{feff}?\r", "a: \0\r"] {
        std::fs::write(dir.path().join("c.yaml"), text).unwrap();
        let (code, stdout, _) = run(radar(dir.path()).args(["check", "--catalog", "c.yaml"]));
        assert_eq!(code, 1, "{text:?}: {stdout}");
        assert!(stdout.contains("c.yaml:"), "{text:?}: {stdout}");
        let (code, _, stderr) =
            run(radar(dir.path()).args(["review", "tally", "--catalog", "c.yaml"]));
        assert_eq!(code, 2, "{text:?}");
        assert!(stderr.contains("c.yaml:"), "{text:?}: {stderr}");
    }
}

#[test]
fn every_line_break_style_reports_the_same_place() {
    let dir = tempfile::tempdir().unwrap();
    let lf = "areas:\n  - name: A\n    projects:\n      - name: P\n        slak_url: x\n";
    for (style, text) in [
        ("LF", lf.to_owned()),
        ("CRLF", lf.replace('\n', "\r\n")),
        ("CR", lf.replace('\n', "\r")),
    ] {
        std::fs::write(dir.path().join("c.yaml"), &text).unwrap();
        let (code, stdout, _) =
            run(radar(dir.path()).args(["check", "--catalog", "c.yaml", "--format", "short"]));
        assert_eq!(code, 1, "{style}");
        assert!(
            stdout.contains("c.yaml:5:9: error[C002]"),
            "{style}: {stdout}"
        );
    }
}

#[test]
fn a_carriage_return_readme_imports_and_is_rewritten_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let readme = "# List\r\rIntro.\r\r| Project Area | Project | Goal |\r|---|---|---|\r| A | | |\r| | [P](https://x.org/p) | old goal |\r\rAfter the table.\r";
    std::fs::write(dir.path().join("README.md"), readme).unwrap();
    let (code, _, stderr) =
        run(radar(dir.path()).args(["import", "README.md", "-o", "radar.yaml"]));
    assert_eq!(code, 0, "{stderr}");
    let yaml = std::fs::read_to_string(dir.path().join("radar.yaml")).unwrap();
    assert!(yaml.contains("old goal"), "{yaml}");
    std::fs::write(
        dir.path().join("radar.yaml"),
        yaml.replace("old goal", "new goal"),
    )
    .unwrap();
    let (code, _, _) = run(radar(dir.path()).args(["render", "--check", "README.md"]));
    assert_eq!(code, 1);
    let (code, _, stderr) = run(radar(dir.path()).args(["render", "--write", "README.md"]));
    assert_eq!(code, 0, "{stderr}");
    let written = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(
        written.starts_with("# List\r\rIntro.\r\r| Project Area"),
        "{written:?}"
    );
    assert!(written.ends_with("|\r\rAfter the table.\r"), "{written:?}");
    assert!(
        written.contains("new goal") && !written.contains('\n'),
        "{written:?}"
    );
}
