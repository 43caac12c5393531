//! The contract between the built-in models and the evidence they read:
//! every path a model reads exists in real Evidence JSON (or is derived by
//! Radar, or comes from the GitHub source or the catalog), every file check it
//! names is registered in radar-evidence, and docs/models.md lists them all.

mod common;

use std::collections::BTreeSet;

use common::*;
use radar_assess::Models;
use radar_assess::expr::Facts;
use radar_assess::facts::{FactSet, ROOTS};
use radar_assess::model::CriterionKind;

fn builtin_paths() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for m in Models::builtin().iter() {
        for c in m.levels.iter().flat_map(|l| &l.criteria) {
            match &c.kind {
                CriterionKind::Automatic(e) | CriterionKind::Proxy { proxy: e, .. } => {
                    out.extend(e.paths().iter().map(|p| p.text.clone()));
                }
                CriterionKind::Manual => {}
            }
        }
    }
    out
}

#[test]
fn every_check_a_model_names_is_a_registered_evidence_check() {
    let registered: BTreeSet<&str> = radar_evidence::checks::all().iter().map(|c| c.id).collect();
    for path in builtin_paths() {
        if let Some(rest) = path.strip_prefix("checks.") {
            let id = rest.split('.').next().unwrap();
            assert!(
                registered.contains(id),
                "models read `{path}` but radar-evidence has no check `{id}` (checks: {registered:?})"
            );
        }
    }
}

#[test]
fn every_evidence_path_a_model_reads_exists_in_evidence_json() {
    let facts = FactSet::measured(&evidence(serde_json::json!({})));
    for path in builtin_paths() {
        let segments: Vec<String> = path.split('.').map(str::to_owned).collect();
        match segments[0].as_str() {
            "github" | "catalog" => continue,
            // Checks are keyed by id (tested above); their fields are passed/value/evidence.
            "checks" => assert!(
                matches!(segments[2].as_str(), "passed" | "value" | "evidence"),
                "{path}"
            ),
            _ => assert!(
                facts.lookup(&segments).is_some(),
                "models read `{path}`, which Evidence JSON (with derived facts) lacks"
            ),
        }
    }
}

#[test]
fn the_known_roots_are_the_evidence_keys_plus_github_and_catalog() {
    let json = serde_json::to_value(evidence(serde_json::json!({"warnings": ["w"]}))).unwrap();
    let mut keys: BTreeSet<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.insert("github");
    keys.insert("catalog");
    let roots: BTreeSet<&str> = ROOTS.iter().copied().collect();
    assert_eq!(roots, keys, "facts::ROOTS must follow the Evidence schema");
}

#[test]
fn docs_list_every_path_the_builtin_models_read() {
    let doc = include_str!("../../../docs/models.md");
    let table = doc
        .split("### Paths the built-in models read")
        .nth(1)
        .expect("section in docs/models.md");
    for path in builtin_paths() {
        assert!(
            table.contains(&format!("`{path}`")),
            "docs/models.md does not list `{path}`"
        );
    }
}
