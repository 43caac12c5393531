//! Attestations: a person's statement that a criterion holds, with a value,
//! a link to the evidence and a date.

use radar_catalog::Attestation;
use serde::{Deserialize, Serialize};

/// An attestation as the assessment reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationView {
    pub value: String,
    pub evidence: String,
    pub date: String,
    /// The value says the criterion holds (anything but `false`, `no`, `not met`, …).
    pub affirmative: bool,
    /// Older than the model's `stale_after_days` at the as-of date: still
    /// counted, but flagged so that someone re-checks it.
    pub stale: bool,
    /// Whether it is counted: its date parses and is not after the as-of date.
    pub counts: bool,
    /// Why it is not counted, when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl AttestationView {
    pub(super) fn describe(&self) -> String {
        let mut s = format!(
            "attested {:?} on {} ({})",
            self.value, self.date, self.evidence
        );
        if self.stale {
            s.push_str(", stale");
        }
        if let Some(p) = &self.problem {
            s.push_str(&format!(", not counted: {p}"));
        }
        s
    }
}

/// Values that attest a criterion does *not* hold.
const NEGATIVE: &[&str] = &[
    "false", "no", "not met", "unmet", "fail", "failed", "0", "none",
];

/// `YYYY-MM-DD` (or a full RFC 3339 timestamp) as the start of that day, UTC.
pub fn parse_date(text: &str) -> Option<jiff::Timestamp> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    let date: jiff::civil::Date = t.parse().ok()?;
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// Why an attestation dated `date` cannot count at `as_of`, if it cannot.
pub fn date_problem(date: &str, as_of: jiff::Timestamp) -> Option<String> {
    match parse_date(date) {
        None => Some(format!("the date `{date}` is not YYYY-MM-DD")),
        Some(d) if d > as_of => Some("dated after the as-of date".to_owned()),
        Some(_) => None,
    }
}

pub(super) fn read(
    a: &Attestation,
    as_of: jiff::Timestamp,
    stale_after_days: u32,
) -> AttestationView {
    let affirmative = !NEGATIVE
        .iter()
        .any(|n| a.value.trim().eq_ignore_ascii_case(n));
    let problem = date_problem(&a.date, as_of);
    let counts = problem.is_none();
    let stale = counts
        && parse_date(&a.date)
            .is_some_and(|d| crate::facts::days_between(d, as_of) > i64::from(stale_after_days));
    AttestationView {
        value: a.value.clone(),
        evidence: a.evidence.clone(),
        date: a.date.clone(),
        affirmative,
        stale,
        counts,
        problem,
    }
}
