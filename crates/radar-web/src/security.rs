//! The security section of the evidence on the web: a card with Scorecard's
//! aggregate over the git-visible checks, and a table of every check with
//! its score, the files it was earned on and the points lost, each linked to
//! the file and line at the measured commit. Everything shown comes from the
//! repository's files (workflow steps, script lines): it is escaped by the
//! templates, and evidence lines go through `markdown::code_spans`, which
//! escapes them.

use radar_evidence::Evidence;
use radar_evidence::security::{Basis, Risk, Security};

use crate::markdown;
use crate::pages::{EvidenceLine, file_link};

pub struct SecurityView {
    /// `7.4` or `–`.
    pub aggregate: String,
    pub class: &'static str,
    /// How many checks the aggregate counts, of how many measured.
    pub counted: usize,
    pub checks: Vec<SecurityRow>,
    pub not_measured: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

pub struct SecurityRow {
    pub name: String,
    pub risk: &'static str,
    /// `10`, `3`, or `?` when inconclusive.
    pub score: String,
    pub class: &'static str,
    pub reason: String,
    /// `configuration half`, `from git history`, `from GitHub`, or empty.
    pub basis: &'static str,
    pub in_aggregate: bool,
    pub evidence: Vec<EvidenceLine>,
    pub lost: Vec<LostRow>,
    /// Lost points found beyond those listed.
    pub more: u64,
}

pub struct LostRow {
    pub at: Option<EvidenceLine>,
    pub what: String,
    pub points: String,
}

/// The pill class of a 0–10 score: CLOMonitor passes a Scorecard check at 5.
pub fn class(score: Option<f64>) -> &'static str {
    match score {
        None => "muted",
        Some(s) if s >= 8.0 => "ok",
        Some(s) if s >= 5.0 => "info",
        Some(s) if s >= 3.0 => "warn",
        Some(_) => "bad",
    }
}

fn risk(r: Risk) -> &'static str {
    match r {
        Risk::Critical => "critical",
        Risk::High => "high",
        Risk::Medium => "medium",
        Risk::Low => "low",
    }
}

pub fn view(repo: Option<&str>, e: &Evidence) -> Option<SecurityView> {
    let s: &Security = e.security.as_ref()?;
    let line = |text: &str| EvidenceLine {
        html: markdown::code_spans(text),
        url: repo.and_then(|r| file_link(r, &e.head, text)),
    };
    let mut checks: Vec<SecurityRow> = s
        .checks
        .values()
        .map(|c| SecurityRow {
            name: c.name.clone(),
            risk: risk(c.risk),
            score: c.score.map_or_else(|| "?".into(), |v| v.to_string()),
            class: class(c.score.map(f64::from)),
            reason: c.reason.clone(),
            basis: match c.basis {
                Basis::Repository => "",
                Basis::Configuration => "configuration half",
                Basis::History => "from git history",
                Basis::Github => "from GitHub",
            },
            in_aggregate: c.in_aggregate,
            evidence: c
                .evidence
                .iter()
                .map(|ev| match &c.origin {
                    // Another repository's file: no link into this one.
                    Some(_) => EvidenceLine {
                        html: markdown::code_spans(ev),
                        url: None,
                    },
                    None => line(ev),
                })
                .collect(),
            lost: c
                .lost
                .iter()
                .map(|l| LostRow {
                    at: l.at.as_deref().map(line),
                    what: l.what.clone(),
                    points: l.points.map(|p| format!("−{p}")).unwrap_or_default(),
                })
                .collect(),
            more: c.lost_unlisted,
        })
        .collect();
    // Most at risk first, then by name.
    checks.sort_by_key(|c| (c.score.parse::<u8>().unwrap_or(11), c.name.clone()));
    Some(SecurityView {
        aggregate: s
            .aggregate
            .score
            .map_or_else(|| "–".into(), |a| format!("{a:.1}")),
        class: class(s.aggregate.score),
        counted: s.aggregate.checks.len(),
        checks,
        not_measured: s
            .not_measured
            .iter()
            .map(|n| (n.name.clone(), n.reason.clone()))
            .collect(),
        warnings: s.warnings.clone(),
    })
}
