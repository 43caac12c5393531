//! `radar review tally|due|packet` and the governance part of `radar check`,
//! as a user runs them: on the fictional sample in `examples/`, on broken
//! records, and (for the packet) on git repositories built here with fixed dates.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn radar(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("radar").unwrap();
    cmd.current_dir(dir)
        .env_remove("RADAR_CATALOG")
        .env_remove("RUST_LOG")
        .env_remove("RADAR_CACHE_DIR");
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

#[test]
fn tally_of_the_sample_shows_arithmetic_and_decided_levels() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(radar(dir.path())
        .args(["review", "tally", "--catalog"])
        .arg(examples().join("catalog.yaml")));
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "no problems expected: {err}");
    // The external cascade, one line per level tried.
    assert!(
        out.contains("admitted at sandbox after graduated, incubating failed"),
        "{out}"
    );
    assert!(
        out.contains(
            "at incubating: yes 3, no 2, abstain 1, absent 0 of 6 seated: 3×3 = 9 < 2×6 = 12, fails"
        ),
        "{out}"
    );
    // Exactly two thirds passes.
    assert!(out.contains("at incubating: yes 4, no 2, abstain 0, absent 0 of 6 seated: 3×4 = 12 ≥ 2×6 = 12, passes"), "{out}");
    assert!(
        out.contains("opinion: No maintainers outside the group"),
        "{out}"
    );
    let decided = out
        .split("Decided standing (8 projects)")
        .nth(1)
        .expect("a decided section");
    let line = decided
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("service-mesh-interface-smi-spec")
        })
        .unwrap();
    assert!(
        line.contains("donated to CNCF (at sandbox)") && line.contains("since 2026-06-10"),
        "{line}"
    );
    assert!(line.contains("governance.yaml:127:18"), "{line}");
}

#[test]
fn tally_json_and_the_builtin_catalog_with_explicit_records() {
    let dir = tempfile::tempdir().unwrap();
    // The built-in catalog names no records; --governance supplies them, and ids are checked against it.
    let (code, out, err) = run(radar(dir.path())
        .args(["review", "tally", "--format", "json", "--governance"])
        .arg(examples().join("governance.yaml")));
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        doc["decisions"]["aks-engine"]["standing"]["status"],
        "archived"
    );
    assert_eq!(
        doc["decisions"]["azure-disk-csi-driver"]["standing"]["level"],
        "incubating"
    );
    assert_eq!(
        doc["decisions"]["azure-file-csi-driver"]["standing"]["status"],
        "rejected"
    );
    assert_eq!(doc["base"], "seated");
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0);
    let cascade = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["project"] == "azure-disk-csi-driver" && e["motion"] == "admit")
        .unwrap();
    assert_eq!(cascade["ballots"].as_array().unwrap().len(), 3);
    assert_eq!(cascade["ballots"][2]["arithmetic"]["lhs"], 18);

    // Without records anywhere, the error says what to do.
    let (code, _, err) = run(radar(dir.path()).args(["review", "tally"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("names no governance records") && err.contains("--governance FILE"),
        "{err}"
    );
}

#[test]
fn due_lists_projects_without_a_review_in_the_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = examples().join("catalog.yaml");
    let (code, out, err) = run(radar(dir.path())
        .args(["review", "due", "--as-of", "2026-11-30", "--catalog"])
        .arg(&catalog));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("2026Q4 (as of 2026-11-30): 3 projects with no review yet\n"),
        "{out}"
    );
    assert!(
        out.contains("azure-disk-csi-driver") && out.contains("last reviewed 2026Q3 (2026-09-09)"),
        "{out}"
    );
    assert!(
        !out.contains("aks-engine"),
        "archived projects are not due: {out}"
    );
    // Looking from inside 2026Q3, after its review: nothing is due.
    let (_, out, _) = run(radar(dir.path())
        .args(["review", "due", "--as-of", "2026-09-30", "--catalog"])
        .arg(&catalog));
    assert!(
        out.starts_with("2026Q3 (as of 2026-09-30): 0 projects"),
        "{out}"
    );
    // Before the 2026Q3 meeting, the projects then in care are due.
    let (_, out, _) = run(radar(dir.path())
        .args([
            "review",
            "due",
            "--format",
            "json",
            "--as-of",
            "2026-09-01",
            "--catalog",
        ])
        .arg(&catalog));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = doc["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["project"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "azure-blobfuse-csi-driver",
            "azure-disk-csi-driver",
            "azure-keyvault-provider-for-secrets-store-csi-driver"
        ]
    );
}

#[test]
fn broken_records_report_every_problem_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(examples().join("governance.yaml"))
        .unwrap()
        .replace(
            "{avery: yes, blake: yes, casey: yes, devon: yes, emery: yes, finley: yes}",
            "{avery: yes, blake: yes, casey: yes, devon: yes, emery: yes, gray: yes}",
        )
        .replace(
            "        opinion: >-\n          The driver duplicates",
            "        notes: >-\n          The driver duplicates",
        )
        .replace(
            "motion: graduate\n        level: graduated\n        votes: {avery: yes, blake: no",
            "motion: graduate\n        level: graduated\n        votes: {avery: yes, blake: maybe",
        );
    std::fs::write(dir.path().join("governance.yaml"), &text).unwrap();
    let (code, out, err) =
        run(radar(dir.path()).args(["review", "tally", "--governance", "governance.yaml"]));
    assert_eq!(code, 1, "errors make the exit status 1");
    assert!(!out.is_empty(), "the tally is still printed");
    assert!(
        err.contains(
            "error[G012/not-seated]: gray is not seated on 2025-12-10 (term from 2026-04-01)"
        ),
        "{err}"
    );
    assert!(err.contains("--> governance.yaml:69:77"), "{err}");
    assert!(
        err.contains("error[G039/rejection-without-opinion]"),
        "{err}"
    );
    assert!(
        err.contains("error[G005/bad-vote]: `maybe` is not a vote"),
        "{err}"
    );
    assert!(err.contains("4 errors, 0 warnings"), "{err}");

    // Structure is checked like the catalog's: every problem at once, with the catalog's codes.
    std::fs::write(
        dir.path().join("governance.yaml"),
        "toc:\n  - {id: ana, from: 2025-01-01, form: x}\nrevews: []\n",
    )
    .unwrap();
    let (code, _, err) =
        run(radar(dir.path()).args(["review", "tally", "--governance", "governance.yaml"]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[C002/unknown-field]: unknown field `form` in a TOC member"),
        "{err}"
    );
    assert!(err.contains("--> governance.yaml:2:33"), "{err}");
    assert!(
        err.contains("error[C002/unknown-field]: unknown field `revews` in the governance records"),
        "{err}"
    );
    assert!(err.contains("--> governance.yaml:3:1"), "{err}");
    assert!(err.contains("help: did you mean `reviews`?"), "{err}");
    assert!(err.contains("2 errors, 0 warnings"), "{err}");

    // Text that is not YAML cannot be tallied at all.
    std::fs::write(dir.path().join("governance.yaml"), "toc: [\n").unwrap();
    let (code, out, err) =
        run(radar(dir.path()).args(["review", "tally", "--governance", "governance.yaml"]));
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("error[C001/yaml-syntax]"), "{err}");
}

/// `radar check` on a catalog with errors still reports the problems of the
/// records it names, all in one run; only the comparison of levels (which
/// needs a valid catalog) is left out.
#[test]
fn check_reports_broken_records_even_when_the_catalog_has_errors() {
    let dir = tempfile::tempdir().unwrap();
    let records = std::fs::read_to_string(examples().join("governance.yaml"))
        .unwrap()
        .replacen("motion: archive\n", "motion: archiv\n", 1)
        .replacen(
            "{avery: yes, blake: yes, casey: yes, devon: yes, emery: yes, finley: yes}",
            "{avery: yes, blake: [yes], casey: yes, devon: yes, emery: yes, finley: yes}",
            1,
        );
    std::fs::write(dir.path().join("governance.yaml"), &records).unwrap();
    let catalog = std::fs::read_to_string(examples().join("catalog.yaml")).unwrap();
    // A typo'd field in the catalog, and a level that contradicts the records.
    let broken = catalog
        .replacen(
            "    goal: Self-managed clusters on Azure\n",
            "    gaol: Self-managed clusters on Azure\n",
            1,
        )
        .replacen("level: archived", "level: incubating", 1);
    std::fs::write(dir.path().join("catalog.yaml"), &broken).unwrap();
    let (code, out, _) =
        run(radar(dir.path()).args(["check", "--format", "short", "--catalog", "catalog.yaml"]));
    assert_eq!(code, 1, "{out}");
    let codes: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split(": error[").nth(1))
        .map(|r| &r[..4])
        .collect();
    assert_eq!(codes, ["C002", "G008", "C003"], "{out}");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .starts_with("catalog.yaml:17:5: error[C002]: unknown field `gaol` in a Project"),
        "{out}"
    );
    let vote = out.lines().find(|l| l.contains("C003")).unwrap();
    assert!(
        vote.starts_with("governance.yaml:")
            && vote.contains("expected text for `blake` in `votes` of a reviewed project"),
        "{out}"
    );
    assert!(out.contains("`archiv` is not a motion"), "{out}");
    assert!(
        !out.contains("G050"),
        "no level comparison against a catalog with errors: {out}"
    );

    // A catalog that cannot be read as a catalog at all still leads to its records.
    let unreadable = catalog.replacen("  - name: AKS Engine\n", "  - nmae: AKS Engine\n", 1);
    std::fs::write(dir.path().join("catalog.yaml"), &unreadable).unwrap();
    let (code, out, _) =
        run(radar(dir.path()).args(["check", "--format", "short", "--catalog", "catalog.yaml"]));
    assert_eq!(code, 1, "{out}");
    let codes: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split(": error[").nth(1))
        .map(|r| &r[..4])
        .collect();
    assert_eq!(codes, ["C002", "C004", "G008", "C003"], "{out}");

    // A catalog naming records that do not exist says so at its `governance:` line.
    std::fs::remove_file(dir.path().join("governance.yaml")).unwrap();
    let (code, out, _) =
        run(radar(dir.path()).args(["check", "--format", "short", "--catalog", "catalog.yaml"]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("catalog.yaml:11:13: error[G051]: the governance file cannot be read"),
        "{out}"
    );
}

#[test]
fn check_reports_catalog_levels_that_contradict_the_records() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        examples().join("governance.yaml"),
        dir.path().join("governance.yaml"),
    )
    .unwrap();
    let catalog = std::fs::read_to_string(examples().join("catalog.yaml")).unwrap();
    let stale = catalog.replacen("level: archived", "level: incubating", 1);
    std::fs::write(dir.path().join("catalog.yaml"), &stale).unwrap();
    let (code, out, _) =
        run(radar(dir.path()).args(["check", "--format", "short", "--catalog", "catalog.yaml"]));
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("catalog.yaml:20:14: error[G050]: the catalog says AKS Engine is incubating, but the records decide archived"), "{out}");

    let (code, out, _) = run(radar(dir.path())
        .arg("check")
        .arg("--catalog")
        .arg(examples().join("catalog.yaml")));
    assert_eq!(code, 0, "{out}");
}

/// A repository with commits and release tags at fixed dates.
fn git_repo(dir: &Path, commits: &[(&str, &str, Option<&str>)]) {
    let commits: Vec<_> = commits
        .iter()
        .map(|&(date, author, tag)| (date, author, tag, "file.txt"))
        .collect();
    git_repo_files(dir, &commits);
}

/// [`git_repo`] with the file each commit changes.
fn git_repo_files(dir: &Path, commits: &[(&str, &str, Option<&str>, &str)]) {
    let git = |args: &[&str], date: &str| {
        let status = Process::new("git")
            .current_dir(dir)
            .args([
                "-c",
                "user.name=Fixture",
                "-c",
                "user.email=fixture@example.org",
            ])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    std::fs::create_dir_all(dir).unwrap();
    git(&["init", "-q", "-b", "main"], "2025-01-01T00:00:00Z");
    for (i, (date, author, tag, file)) in commits.iter().enumerate() {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("{i}\n")).unwrap();
        let when = format!("{date}T12:00:00Z");
        git(&["add", file], &when);
        git(
            &[
                "commit",
                "-q",
                "--author",
                author,
                "-m",
                &format!("change {i}"),
            ],
            &when,
        );
        if let Some(tag) = tag {
            git(&["tag", "-a", tag, "-m", tag], &when);
        }
    }
}

#[test]
fn packet_compares_the_two_quarter_ends_and_escapes_untrusted_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // 3 commits and 1 release up to the end of 2026Q2; 3 more commits and a release in 2026Q3.
    git_repo(
        &root.join("disk"),
        &[
            ("2026-01-10", "Ola <ola@example.org>", None),
            ("2026-04-03", "Kim <kim@fabrikam.example>", Some("v0.1.0")),
            ("2026-06-15", "Lee <lee@contoso.example>", None),
            ("2026-07-02", "Kim <kim@fabrikam.example>", None),
            ("2026-08-19", "Ola <ola@example.org>", Some("v0.2.0")),
            ("2026-09-21", "Ola <ola@example.org>", None),
            // After the quarter: must not count.
            ("2026-10-05", "Max <max@example.com>", Some("v0.3.0")),
        ],
    );
    let catalog = format!(
        "title: T\ngovernance: gov.yaml\nareas:\n- name: Storage\n  projects:\n  - name: Disk <script>alert(1)</script>\n    id: disk\n    repo: {}\n    state: {{body: Azure, level: incubating}}\n  - name: Gone\n    repo: {}\n    state: {{body: Azure, level: sandbox}}\n",
        root.join("disk").display(),
        root.join("nowhere").display()
    );
    std::fs::write(root.join("catalog.yaml"), catalog).unwrap();
    std::fs::write(
        root.join("gov.yaml"),
        "body: Azure\ntoc:\n  - {id: a, from: 2025-01-01}\n  - {id: b, from: 2025-01-01}\n  - {id: c, from: 2025-01-01}\nbaseline:\n  date: 2025-10-01\n  levels: {disk: sandbox, gone: sandbox}\nreviews:\n  - date: 2026-09-09\n    projects:\n      - {project: disk, motion: graduate, votes: {a: yes, b: yes, c: no}}\n      - {project: gone, motion: archive, votes: {a: yes, b: no, c: no}, opinion: \"Keep [it](javascript:alert(1)) | <b>open</b>\"}\n",
    )
    .unwrap();
    let cache = root.join("cache");
    let (code, out, err) = run(radar(root)
        .args([
            "review",
            "packet",
            "--quarter",
            "2026Q3",
            "-o",
            "packet.md",
            "--catalog",
            "catalog.yaml",
            "--cache-dir",
        ])
        .arg(&cache));
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("wrote packet.md"), "{err}");
    let doc = std::fs::read_to_string(root.join("packet.md")).unwrap();

    assert!(doc.starts_with("# TOC quarterly review: 2026Q3\n"), "{doc}");
    assert!(
        doc.contains(
            "Evidence as of 2026-09-30 (end of 2026Q3), compared with 2026-06-30 (end of 2026Q2)"
        ),
        "{doc}"
    );
    // The momentum table: the end of each quarter, and the change. At 2026-09-30 the
    // 90-day window starts after 2026-07-02 noon: only Ola is active.
    assert!(doc.contains("| Commits | 3 | 6 | +3 |"), "{doc}");
    assert!(doc.contains("| Releases | 1 | 2 | +1 |"), "{doc}");
    assert!(
        doc.contains("| Active contributors (90 days) | 2 | 1 | -1 |"),
        "{doc}"
    );
    assert!(
        doc.contains("Releases: 2, latest `v0.2.0` on 2026-08-19"),
        "{doc}"
    );
    // Decided level and history come from the records.
    assert!(
        doc.contains("- **Decided:** incubating, since 2026-09-09 (graduate at the 2026Q3 review)"),
        "{doc}"
    );
    assert!(
        doc.contains("### Missing for"),
        "the assessment's gaps are listed: {doc}"
    );
    // An unreachable repository costs its own section, not the packet.
    assert!(doc.contains("Not measured: getting"), "{doc}");
    // Untrusted text never becomes markup: every `<` from it is escaped.
    assert!(
        doc.match_indices("<script")
            .all(|(i, _)| doc[..i].ends_with('\\')),
        "{doc}"
    );
    assert!(doc.contains(r"Disk \<script>alert(1)\</script>"), "{doc}");
    assert!(
        doc.match_indices("](javascript")
            .all(|(i, _)| doc[..i].ends_with('\\')),
        "{doc}"
    );
    assert!(
        doc.contains(r"Keep \[it\](javascript:alert(1)) \| \<b>open\</b>"),
        "{doc}"
    );
}

/// A project of a monorepo's folder and a second repository: the packet's
/// figures are the folder's, united with the other repository's, as
/// `radar assess` measures them; not the whole monorepo's.
#[test]
fn packet_measures_a_folder_and_several_repositories_as_assess_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (ola, kim, lee, max) = (
        "Ola <ola@example.org>",
        "Kim <kim@fabrikam.example>",
        "Lee <lee@contoso.example>",
        "Max <max@example.com>",
    );
    git_repo_files(
        &root.join("mono"),
        &[
            ("2026-01-10", ola, None, "plugins/x/a.go"),
            ("2026-02-10", kim, None, "core/b.go"),
            ("2026-05-10", lee, None, "core/b.go"),
            ("2026-07-02", kim, None, "plugins/x/a.go"),
            ("2026-08-19", lee, None, "core/b.go"),
        ],
    );
    git_repo_files(
        &root.join("docs"),
        &[
            ("2026-03-01", ola, None, "index.md"),
            ("2026-08-01", max, None, "index.md"),
        ],
    );
    std::fs::write(
        root.join("catalog.yaml"),
        "title: T\ngovernance: gov.yaml\nareas:\n- name: Plugins\n  projects:\n  - name: X\n    id: x\n    repo: ./mono\n    path: plugins/x\n    additional_repos:\n    - repo: ./docs\n      role: docs\n    state: {body: Azure, level: sandbox}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("gov.yaml"),
        "body: Azure\ntoc:\n  - {id: a, from: 2025-01-01}\n  - {id: b, from: 2025-01-01}\n  - {id: c, from: 2025-01-01}\nbaseline:\n  date: 2025-10-01\n  levels: {x: sandbox}\nreviews:\n  - date: 2026-09-09\n    projects:\n      - {project: x, motion: graduate, votes: {a: yes, b: no, c: no}}\n",
    )
    .unwrap();
    let (code, out, err) = run(radar(root)
        .args([
            "review",
            "packet",
            "--quarter",
            "2026Q3",
            "--catalog",
            "catalog.yaml",
            "--cache-dir",
        ])
        .arg(root.join("cache")));
    assert_eq!(code, 0, "{err}");
    // The folder's 1 and 2 commits with the docs' 1 and 2; the monorepo has 3 and 5.
    assert!(out.contains("| Commits | 2 | 4 | +2 |"), "{out}");
    // Ola wrote in both repositories: one person. Kim, Ola, Max by the end of Q3.
    assert!(out.contains("- Contributors: 3 in all"), "{out}");
    assert!(!out.contains("Not measured"), "{out}");
}
