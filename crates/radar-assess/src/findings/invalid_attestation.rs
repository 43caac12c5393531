//! An attestation that cannot count: it names no criterion of the project's
//! model, its date does not parse, or it is dated after the as-of date.

use super::{Context, Hit, Rule, Severity};

pub static RULE: Rule = Rule {
    id: "invalid-attestation",
    severity: Severity::Warning,
    summary: "an attestation names no criterion of the project's model, or its date is invalid or in the future",
    check,
};

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for att in &cx.project.attestations {
        let line = format!(
            "catalog: attestation {} = {:?} on {}",
            att.criterion, att.value, att.date
        );
        if let Some(model) = cx.model
            && model.criterion(&att.criterion).is_none()
        {
            let hint = radar_catalog::level::did_you_mean(&att.criterion, model.criterion_ids())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            hits.push(super::Hit {
                message: format!(
                    "attestation for `{}`, which is not a criterion of model `{}`{hint}",
                    att.criterion, model.id
                ),
                evidence: vec![line],
            });
            continue;
        }
        let problem = crate::criteria::date_problem(&att.date, cx.assessment.as_of);
        if let Some(p) = problem {
            hits.push(super::Hit {
                message: format!("attestation for `{}` is not counted: {p}", att.criterion),
                evidence: vec![line],
            });
        }
    }
    hits
}
