//! An attestation older than the model allows: still counted, but someone
//! should check it again.

use super::{Context, Hit, Rule, Severity};

pub static RULE: Rule = Rule {
    id: "stale-attestation",
    severity: Severity::Info,
    summary: "an attestation is older than the model's `stale_after_days` (default 365)",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for level in &cx.assessment.levels {
        for c in &level.criteria {
            if let Some(att) = c.attestation.as_ref().filter(|a| a.stale && a.counts) {
                hits.push(Hit {
                    message: format!(
                        "the attestation for `{}` dates from {}; confirm it again",
                        c.id, att.date
                    ),
                    evidence: vec![format!(
                        "catalog: attestation {} on {} ({})",
                        c.id, att.date, att.evidence
                    )],
                });
            }
        }
    }
    hits
}
