//! The claims-against-evidence summary: counts, the claimed × supported
//! matrix per model, and why a claim is ahead of the evidence.

mod common;

use common::*;
use radar_assess::agreement::agreement;
use serde_json::json;

#[test]
fn counts_cells_and_the_reasons_for_differences() {
    let matched = run(&named(project("CNCF: graduated", &[]), "a"), json!({}));
    // No code of conduct: the evidence supports no level at all.
    let ahead = run(
        &named(project("CNCF: incubating", &[]), "b"),
        json!({"checks": {"code_of_conduct": {"passed": false}}}),
    );
    let behind = run(&named(project("CNCF: sandbox", &[]), "c"), json!({}));
    let unclaimed = run(&named(project("CNCF: ??", &[]), "d"), json!({}));
    let all = [matched, ahead, behind, unclaimed];
    let a = agreement(&all, 2);
    assert_eq!(
        (a.matches, a.ahead, a.behind, a.not_verifiable, a.unclaimed),
        (1, 1, 1, 2, 1)
    );
    let m = &a.models[0];
    assert_eq!(m.model, "cncf");
    assert_eq!(m.levels, ["sandbox", "incubating", "graduated", "archived"]);
    // Columns: none, sandbox, incubating, graduated, archived.
    assert_eq!(
        m.counts[0],
        [0, 0, 0, 1, 0],
        "the sandbox claim: graduated supported"
    );
    assert_eq!(
        m.counts[1],
        [1, 0, 0, 0, 0],
        "the incubating claim: nothing supported"
    );
    assert_eq!(m.counts[2], [0, 0, 0, 1, 0]);
    assert_eq!(m.cells["incubating/none"], ["b"]);
    assert_eq!(a.differences.len(), 2);
    assert_eq!(a.differences[0].id, "b");
    assert_eq!(
        a.differences[0].reason.as_deref(),
        Some("sandbox: Adopts a code of conduct")
    );
    assert_eq!(
        a.differences[1].reason, None,
        "behind the evidence: nothing stops it"
    );
    assert!(
        a.sentence()
            .starts_with("1 claim matches the evidence, 1 ahead of it, 1 behind it, 2 not verifiable, 1 without a claim"),
        "{}",
        a.sentence()
    );
    let text = a.matrices_text(|s| s.to_owned());
    assert!(text.contains("claimed \\ supported"), "{text}");
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("archived")),
        "rows nobody claims are left out: {text}"
    );
}

fn named(mut p: radar_catalog::Project, id: &str) -> radar_catalog::Project {
    p.id = Some(id.into());
    p.name = id.to_uppercase();
    p
}
