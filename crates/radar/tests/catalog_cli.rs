//! The catalog commands as a user runs them: `radar`, `radar render`,
//! `radar import`, `radar check`, `radar schema`.

use std::path::Path;

use assert_cmd::Command;

const SEED: &str = include_str!("../../radar-catalog/tests/data/seed.md");
const BUILTIN: &str = include_str!("../../radar-catalog/data/builtin.yaml");

/// `radar` run in `dir` (an empty directory unless a test puts a radar.yaml there).
fn radar(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("radar").unwrap();
    cmd.current_dir(dir)
        .env_remove("RADAR_CATALOG")
        .env_remove("RUST_LOG");
    cmd
}

fn stdout(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const SEED_PROJECTS: [&str; 18] = [
    "AKS Engine",
    "Cluster API Azure Provider",
    "In-tree (legacy)",
    "Out-of-tree Provider",
    "Azure Disk CSI Driver",
    "Azure File CSI Driver",
    "Azure Blobfuse CSI Driver",
    "Virtual Kubelet",
    "Windows containers",
    "IPv4/v6 Dual Stack",
    "AAD Pod Identity",
    "OPA Gatekeeper",
    "Keyvault Flexvol",
    "Secrets Store CSI Driver",
    "Azure KeyVault Provider for Secrets Store CSI Driver",
    "Service Mesh Interface (SMI) Spec",
    "Moby",
    "Containerd",
];

#[test]
fn render_prints_the_seed_list_from_the_builtin_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = stdout(radar(dir.path()).arg("render"));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# Azure Container Compute Upstream Projects\n"),
        "{out}"
    );
    assert!(out.contains("| Project Area | Project & (artifacts) | Goal | Project State & <br> API Version | Communication | Use on Azure |"));
    for name in SEED_PROJECTS {
        assert!(out.contains(&format!("[{name}](")), "{name} missing");
    }
    // The rendered list is the seed's table, cell for cell.
    let seed = dir.path().join("seed.md");
    std::fs::write(&seed, SEED).unwrap();
    let rendered = dir.path().join("rendered.md");
    std::fs::write(&rendered, &out).unwrap();
    let (code, diff, _) = stdout(
        radar(dir.path())
            .args(["render", "--catalog"])
            .arg(dir.path().join("none.yaml"))
            .arg("--check")
            .arg(&seed),
    );
    assert_eq!(code, 2, "a missing catalog is an error: {diff}");
    let (code, diff, _) = stdout(radar(dir.path()).args(["render", "--check"]).arg(&seed));
    assert_eq!(code, 0, "{diff}");
    // (`radar` alone now assesses the catalog: tests/assess_cli.rs.)
}

#[test]
fn import_then_render_check_of_the_same_file_passes() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("README.md");
    std::fs::write(&seed, SEED).unwrap();
    let yaml = dir.path().join("catalog.yaml");
    let (code, _, err) = stdout(
        radar(dir.path())
            .arg("import")
            .arg(&seed)
            .arg("-o")
            .arg(&yaml),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("18 projects"), "{err}");
    let (code, diff, err) = stdout(
        radar(dir.path())
            .args(["render", "--catalog"])
            .arg(&yaml)
            .arg("--check")
            .arg(&seed),
    );
    assert_eq!(code, 0, "{diff}{err}");

    // A changed cell is caught, with a diff naming it.
    let edited = SEED.replace(
        "| Self-managed clusters on Azure |",
        "| Clusters, self-managed |",
    );
    std::fs::write(&seed, edited).unwrap();
    let (code, diff, _) = stdout(
        radar(dir.path())
            .args(["render", "--catalog"])
            .arg(&yaml)
            .arg("--check")
            .arg(&seed),
    );
    assert_eq!(code, 1);
    assert!(
        diff.contains("-    goal: Self-managed clusters on Azure\n")
            && diff.contains("+    goal: Clusters, self-managed\n"),
        "{diff}"
    );
}

#[test]
fn import_prints_yaml_and_warns_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("list.md");
    std::fs::write(&md, "| Project Area | Project | Goal |\n|---|---|---|\n| A |\n| | [X](https://github.com/o/x) [Y](https://github.com/o/y) | g | extra |\n").unwrap();
    let (code, out, err) = stdout(radar(dir.path()).arg("import").arg(&md));
    assert_eq!(code, 0);
    assert!(out.contains("- name: X Y\n"), "{out}");
    assert!(out.contains("extra:\n    - extra\n"), "{out}");
    assert!(err.contains("list.md:4:"), "{err}");
    assert!(err.contains("warning[M202/row-shape]"), "{err}");
}

#[test]
fn check_reports_builtin_placeholders_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = stdout(radar(dir.path()).args(["check", "--format", "short"]));
    assert_eq!(code, 0, "{out}");
    let placeholder_lines: Vec<usize> = BUILTIN
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "level: ??")
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(placeholder_lines.len(), 2, "the seed has two `??` levels");
    for line in placeholder_lines {
        assert!(
            out.contains(&format!(
                "<built-in>:{line}:14: warning[W101]: placeholder `??` in `level`"
            )),
            "line {line}:\n{out}"
        );
    }
    let (code, human, _) = stdout(radar(dir.path()).arg("check"));
    assert_eq!(code, 0);
    assert!(
        human.contains("warning[W101/placeholder]")
            && human.contains("level: ??")
            && human.contains("0 errors"),
        "{human}"
    );
}

const BROKEN: &str = "\
title: Broken
areas:
  - name: Runtime
    projects:
      - name: Moby
        link: https://github.com/moby/moby
        channels:
          - label: \"#moby\"
            slak_url: https://x.slack.com/archives/C1
      - name: containerd
        link: htps//github.com/containerd/containerd
      - name: Moby
        state: {body: CNCF, level: gradutaed}
";

#[test]
fn check_reports_every_error_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.yaml");
    std::fs::write(&file, BROKEN).unwrap();
    let (code, out, _) = stdout(
        radar(dir.path())
            .args(["check", "--format", "json", "--catalog"])
            .arg(&file),
    );
    assert_eq!(code, 1, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    for want in [("C002", 9), ("C006", 11), ("C005", 12), ("W103", 13)] {
        assert!(
            found.contains(&(want.0.to_string(), want.1)),
            "{want:?} not in {found:?}"
        );
    }
    assert_eq!(json["errors"], 3);

    let (code, human, _) = stdout(radar(dir.path()).args(["check", "--catalog"]).arg(&file));
    assert_eq!(code, 1);
    assert!(
        human.contains("unknown field `slak_url` in a Channel"),
        "{human}"
    );
    assert!(human.contains("help: did you mean `url`?"), "{human}");
    assert!(human.contains("help: did you mean `graduated`?"), "{human}");
    assert!(human.contains("broken.yaml:9:13"), "{human}");

    // Commands that need the catalog refuse it, naming the first error and `radar check`.
    let (code, _, err) = stdout(radar(dir.path()).args(["render", "--catalog"]).arg(&file));
    assert_eq!(code, 2);
    assert!(
        err.contains("3 error(s)")
            && err.contains("radar check")
            && err.contains("broken.yaml:9:13"),
        "{err}"
    );
}

#[test]
fn check_reports_yaml_syntax_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yaml");
    std::fs::write(&file, "title: x\nareas:\n  - name: [unclosed\n").unwrap();
    let (code, out, _) = stdout(
        radar(dir.path())
            .args(["check", "--format", "short", "--catalog"])
            .arg(&file),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("bad.yaml:") && out.contains("error[C001]: invalid YAML"),
        "{out}"
    );
}

#[test]
fn local_radar_yaml_is_used_before_the_builtin() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("radar.yaml"), "title: Local\nplatform: GCP\nareas:\n  - name: Tools\n    projects:\n      - name: Foo\n        link: https://github.com/o/foo\n").unwrap();
    let (code, out, err) = stdout(radar(dir.path()).args(["-v", "render", "--table"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("| Use on GCP |") && out.contains("[Foo](https://github.com/o/foo)"),
        "{out}"
    );
    assert!(
        err.contains("catalog: radar.yaml (found in the working directory)"),
        "{err}"
    );
    let (_, csv, _) = stdout(radar(dir.path()).args(["render", "--format", "csv"]));
    assert!(
        csv.contains("Tools,foo,Foo,https://github.com/o/foo,https://github.com/o/foo,"),
        "{csv}"
    );
    let (_, json, _) = stdout(radar(dir.path()).args(["render", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["areas"][0]["projects"][0]["repo"],
        "https://github.com/o/foo"
    );
}

#[test]
fn render_write_replaces_only_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let readme = dir.path().join("README.md");
    let before = "# My README\n\nSome *prose* that must stay   exactly.\n\n";
    let after = "\n## After\n\ntrailing text with no newline";
    let old_table = "| Project Area | Project | Goal |\n|---|---|---|\n| Old |\n| | [Gone](https://example.org) | bye |\n";
    std::fs::write(&readme, format!("{before}{old_table}{after}")).unwrap();
    let (code, diff, _) = stdout(radar(dir.path()).arg("render").arg("--check").arg(&readme));
    assert_eq!(code, 1);
    assert!(diff.contains("-  project aks-engine: AKS Engine"), "{diff}");
    let (code, _, err) = stdout(radar(dir.path()).arg("render").arg("--write").arg(&readme));
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&readme).unwrap();
    assert!(written.starts_with(before), "{written}");
    assert!(written.ends_with(after), "{written}");
    assert!(written.contains("| Kubernetes Cluster Management |"));
    let (code, _, _) = stdout(radar(dir.path()).arg("render").arg("--check").arg(&readme));
    assert_eq!(code, 0);
    let (_, _, err) = stdout(radar(dir.path()).arg("render").arg("--write").arg(&readme));
    assert!(err.contains("already up to date"), "{err}");
}

#[test]
fn schema_describes_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = stdout(radar(dir.path()).arg("schema"));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["properties"]["areas"]["type"], "array");
    let project = &v["$defs"]["Project"];
    assert_eq!(project["additionalProperties"], false);
    assert_eq!(project["required"], serde_json::json!(["name"]));
    assert!(
        project["properties"]["repo"]["description"]
            .as_str()
            .unwrap()
            .contains("Git repository")
    );
}
