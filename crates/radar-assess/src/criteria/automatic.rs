//! Automatic criteria: a condition over the facts.

use super::Status;
use crate::expr::{Expr, Truth};
use crate::facts::FactSet;

/// The status, and one evidence line per value read (or problem met).
pub(super) fn evaluate(expr: &Expr, facts: &FactSet) -> (Status, Vec<String>) {
    let ev = expr.evaluate(facts);
    let status = match ev.truth {
        Truth::True => Status::Pass,
        Truth::False => Status::Fail,
        Truth::Unknown => Status::Unknown,
    };
    let mut lines: Vec<String> = ev
        .reads
        .into_iter()
        .map(|(path, value)| match value {
            Some(v) => format!("{path} = {v}"),
            None => format!("{path}: not measured"),
        })
        .collect();
    lines.extend(ev.problems);
    (status, lines)
}
