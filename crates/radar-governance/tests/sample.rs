//! The sample records in `examples/` tally as documented, against the
//! built-in catalog's ids, and the example catalog agrees with them.

use std::path::{Path, PathBuf};

use jiff::civil::date;
use radar_catalog::Level;
use radar_governance::records::{Records, check_catalog, project_ids};
use radar_governance::{Outcome, Standing};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn sample() -> Records {
    let ids = project_ids(&radar_catalog::builtin());
    Records::load(&examples().join("governance.yaml"), Some(ids)).expect("the sample is readable")
}

#[test]
fn sample_tallies_without_problems_against_the_builtin_catalog() {
    let r = sample();
    assert!(
        r.diagnostics.is_empty(),
        "{}",
        radar_catalog::diagnostic::render_short(&r.diagnostics)
    );
    let t = &r.tally;
    let standing = |id: &str| t.decisions[id].standing.clone();
    assert_eq!(
        standing("keyvault-flexvol"),
        Standing::Archived {
            level: Level::Incubating
        }
    );
    assert_eq!(
        standing("aad-pod-identity"),
        Standing::Archived {
            level: Level::Incubating
        }
    );
    assert_eq!(
        standing("aks-engine"),
        Standing::Archived {
            level: Level::Incubating
        }
    );
    assert_eq!(
        standing("service-mesh-interface-smi-spec"),
        Standing::Donated {
            level: Level::Sandbox,
            foundation: "CNCF".into()
        }
    );
    assert_eq!(
        standing("azure-keyvault-provider-for-secrets-store-csi-driver"),
        Standing::Admitted {
            level: Level::Incubating
        }
    );
    assert_eq!(
        standing("azure-disk-csi-driver"),
        Standing::Admitted {
            level: Level::Incubating
        }
    );
    assert_eq!(standing("azure-file-csi-driver"), Standing::Rejected);
    assert_eq!(
        standing("azure-blobfuse-csi-driver"),
        Standing::Admitted {
            level: Level::Sandbox
        }
    );
    assert_eq!(t.decisions.len(), 8);
}

#[test]
fn sample_cascade_rejection_and_boundary_votes() {
    let t = sample().tally;
    // The external cascade: graduated and incubating fail, sandbox passes.
    let disk = t
        .history("azure-disk-csi-driver")
        .find(|e| e.ballots.len() > 1)
        .unwrap();
    let passed: Vec<(Level, bool)> = disk
        .ballots
        .iter()
        .map(|b| (b.level.unwrap(), b.arithmetic.passed))
        .collect();
    assert_eq!(
        passed,
        [
            (Level::Graduated, false),
            (Level::Incubating, false),
            (Level::Sandbox, true)
        ]
    );
    // The rejection carries the opinion.
    let file = t
        .history("azure-file-csi-driver")
        .find(|e| e.outcome == Outcome::Rejected)
        .unwrap();
    assert!(file.opinion.as_deref().unwrap().contains("joint proposal"));
    // 4 of 6 seated is exactly two thirds and passes.
    let akv = t
        .history("azure-keyvault-provider-for-secrets-store-csi-driver")
        .find(|e| e.date == date(2026, 3, 11))
        .unwrap();
    let a = &akv.ballots[0].arithmetic;
    assert_eq!((a.count.yes, a.count.seated, a.passed), (4, 6, true));
    // The failed graduation keeps its opinion.
    let aks = t
        .history("aks-engine")
        .find(|e| e.outcome == Outcome::Failed)
        .unwrap();
    assert_eq!(aks.ballots[0].arithmetic.count.yes, 3);
    assert!(aks.opinion.is_some());
    // Blake left on 2026-04-01 and Gray joined: six seated at every review.
    for e in &t.entries {
        for b in &e.ballots {
            assert_eq!(b.arithmetic.count.seated, 6, "{} {}", e.project, e.date);
            assert!(
                b.arithmetic.count.not_recorded.is_empty(),
                "{} {}",
                e.project,
                e.date
            );
        }
    }
}

#[test]
fn sample_due_in_the_next_quarter() {
    let r = sample();
    let as_of = date(2026, 11, 30);
    let (q, due) = radar_governance::due::due(&r.tally_until(as_of), as_of);
    assert_eq!(q.to_string(), "2026Q4");
    let ids: Vec<&str> = due.iter().map(|d| d.project.as_str()).collect();
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
fn example_catalog_agrees_with_its_records() {
    let catalog =
        radar_catalog::load(&examples().join("catalog.yaml")).expect("the example catalog loads");
    let diagnostics = check_catalog(&catalog);
    assert!(
        diagnostics.is_empty(),
        "{}",
        radar_catalog::diagnostic::render_short(&diagnostics)
    );
}

#[test]
fn builtin_levels_contradict_the_sample_decisions_at_their_lines() {
    // The example catalog with the built-in catalog's (older) levels written back.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        examples().join("governance.yaml"),
        dir.path().join("governance.yaml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(examples().join("catalog.yaml")).unwrap();
    let stale = text
        .replacen("      level: archived\n", "      level: incubating\n", 1) // aks-engine
        .replace(
            "      body: CNCF\n      level: sandbox",
            "      body: Azure\n      level: sandbox",
        ); // SMI, donated
    std::fs::write(dir.path().join("catalog.yaml"), &stale).unwrap();
    let catalog = radar_catalog::load(&dir.path().join("catalog.yaml")).unwrap();
    let d = check_catalog(&catalog);
    let short = radar_catalog::diagnostic::render_short(&d);
    assert_eq!(d.len(), 2, "{short}");
    assert!(d.iter().all(|d| d.code == "G050"), "{short}");
    let line_of = |needle: &str, after: &str| {
        let start = stale.find(after).unwrap();
        stale[..start + stale[start..].find(needle).unwrap()]
            .lines()
            .count()
    };
    assert_eq!(
        d[0].line,
        line_of("level: incubating", "name: AKS Engine"),
        "{short}"
    );
    assert!(
        d[0].message.contains("the records decide archived"),
        "{short}"
    );
    assert!(
        d[0].message
            .contains("the archive motion at the 2026Q2 review"),
        "{short}"
    );
    assert_eq!(
        d[1].line,
        line_of("body: Azure", "name: Service Mesh"),
        "{short}"
    );
    assert!(
        d[1].message.contains("donated to CNCF on 2026-06-10"),
        "{short}"
    );
}

#[test]
fn unreadable_records_are_reported_at_the_catalogs_governance_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("catalog.yaml"),
        "title: T\ngovernance: missing.yaml\nareas: []\n",
    )
    .unwrap();
    let catalog = radar_catalog::load(&dir.path().join("catalog.yaml")).unwrap();
    let d = check_catalog(&catalog);
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].code, d[0].line), ("G051", 2));
}
