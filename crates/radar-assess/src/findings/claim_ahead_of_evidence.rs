//! The catalog claims a higher level than the evidence supports.

use super::{Context, Hit, Rule, Severity};
use crate::assess::ClaimStatus;
use crate::criteria::Status;
use crate::model::Weight;

pub static RULE: Rule = Rule {
    id: "claim-ahead-of-evidence",
    severity: Severity::Info,
    summary: "the claimed level is above the level the evidence supports (the failing criteria are the evidence)",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let a = cx.assessment;
    if a.claim_status != ClaimStatus::AheadOfEvidence || cx.retired() {
        return Vec::new();
    }
    let Some(claim) = &a.claimed.model_level else {
        return Vec::new();
    };
    let supported = a
        .supported
        .as_ref()
        .map_or("no level".to_owned(), |s| format!("`{}`", s.name));
    let mut evidence = Vec::new();
    for level in &a.levels {
        for c in level
            .criteria
            .iter()
            .filter(|c| c.weight == Weight::Must && c.status == Status::Fail)
        {
            evidence.push(format!(
                "{} / {}: fail ({})",
                level.id,
                c.id,
                c.evidence.join("; ")
            ));
        }
        if level.id == claim.id {
            break;
        }
    }
    Hit::new(
        format!(
            "the catalog claims `{}`, the evidence supports {supported}",
            claim.name
        ),
        evidence,
    )
}
