//! Which projects still need their quarterly review.

use jiff::civil::Date;
use serde::Serialize;

use crate::engine::{Decision, Tally};
use crate::quarter::Quarter;

/// A project in the TOC's care with no review in the quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub project: String,
    pub decision: Decision,
    /// Its latest review before the quarter, if any.
    pub last_review: Option<(Quarter, Date)>,
}

/// The projects in the TOC's care (proposed or admitted) on `as_of` that have
/// no review entry for the quarter containing `as_of`. Pass a tally computed
/// with [`crate::engine::tally_until`] for a past date, so that later
/// decisions do not count.
pub fn due(tally: &Tally, as_of: Date) -> (Quarter, Vec<Due>) {
    let quarter = Quarter::of(as_of);
    let due = tally
        .decisions
        .iter()
        .filter(|(_, d)| d.is_live())
        .filter(|(project, _)| {
            !tally
                .history(project)
                .any(|e| e.quarter == quarter && e.date <= as_of)
        })
        .map(|(project, decision)| Due {
            project: project.clone(),
            decision: decision.clone(),
            last_review: tally
                .history(project)
                .filter(|e| e.date <= as_of)
                .map(|e| (e.quarter, e.date))
                .last(),
        })
        .collect();
    (quarter, due)
}
