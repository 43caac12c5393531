//! The report as CSV (RFC 4180, CRLF line ends), one row per project. The
//! GitHub columns are always there (empty without GitHub's figures), so the
//! header does not change with the environment; `radar report` says on
//! stderr when no row has them. The security columns are the aggregate
//! and one per Scorecard check Radar can score (`security_<check id>`),
//! empty when inconclusive or not measured.

use super::{Report, day};

/// The security checks with a column, in order (the registry's, and
/// Code-Review, which GitHub answers).
fn security_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = radar_evidence::security::all()
        .iter()
        .map(|c| c.id)
        .collect();
    ids.push("code_review");
    ids.sort_unstable();
    ids
}

const COLUMNS: [&str; 35] = [
    "area",
    "id",
    "name",
    "repo",
    "status",
    "claimed",
    "supported",
    "claim_status",
    "lifecycle",
    "ended",
    "contributors",
    "active_contributors_365d",
    "organisations_365d",
    "elephant_factor",
    "latest_release",
    "latest_release_date",
    "findings_error",
    "findings_warning",
    "findings_info",
    "flags",
    "advice",
    "advice_reasons",
    "as_of",
    "error",
    "model",
    "claimed_level",
    "supported_level",
    "blockers",
    "github_open_issues",
    "github_open_pull_requests",
    "github_merged_pull_requests_90d",
    "github_reviewed_share",
    "github_first_response_median_hours",
    "github_archived",
    "github_renamed_to",
];

/// Renders the report.
pub fn csv(report: &Report) -> String {
    let mut out = String::new();
    let mut line = |cells: &[String]| radar_catalog::csv::push_row(&mut out, cells);
    let ids = security_ids();
    let mut header: Vec<String> = COLUMNS.map(String::from).to_vec();
    header.push("security_score".into());
    header.extend(ids.iter().map(|id| format!("security_{id}")));
    line(&header);
    let opt = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    let num = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    for r in &report.projects {
        let flags: Vec<&str> = r.flags().map(|f| f.rule.as_str()).collect();
        let mut cells = vec![
            r.area.clone(),
            r.id.clone(),
            r.name.clone(),
            r.repo.clone().unwrap_or_default(),
            crate::assessed::enum_text(&r.status),
            r.claimed.clone().unwrap_or_default(),
            r.supported.clone().unwrap_or_default(),
            r.claim_status.clone().unwrap_or_default(),
            r.lifecycle.clone(),
            r.ended.to_string(),
            opt(r.contributors),
            opt(r.active_contributors_365d),
            opt(r.organisations_365d),
            opt(r.elephant_factor.map(u64::from)),
            r.latest_release.clone().unwrap_or_default(),
            r.latest_release_date.map(day).unwrap_or_default(),
            r.findings_count.error.to_string(),
            r.findings_count.warning.to_string(),
            r.findings_count.info.to_string(),
            flags.join(" "),
            r.advice
                .as_ref()
                .map(|a| a.verdict.as_str().to_owned())
                .unwrap_or_default(),
            r.advice
                .as_ref()
                .map(|a| a.reasons.join("\n"))
                .unwrap_or_default(),
            r.as_of.map(|t| t.to_string()).unwrap_or_default(),
            r.error.clone().unwrap_or_default(),
            r.model.clone().unwrap_or_default(),
            r.claimed_level.clone().unwrap_or_default(),
            r.supported_level.clone().unwrap_or_default(),
            r.blockers
                .iter()
                .map(|b| format!("{}/{}", b.level, b.criterion))
                .collect::<Vec<_>>()
                .join(" "),
            opt(r.github.as_ref().and_then(|g| g.open_issues)),
            opt(r.github.as_ref().and_then(|g| g.open_pull_requests)),
            opt(r.github.as_ref().and_then(|g| g.merged_pull_requests_90d)),
            num(r.github.as_ref().and_then(|g| g.reviewed_share)),
            num(r
                .github
                .as_ref()
                .and_then(|g| g.first_response_median_hours)),
            r.github
                .as_ref()
                .and_then(|g| g.archived)
                .map(|b| b.to_string())
                .unwrap_or_default(),
            r.github
                .as_ref()
                .and_then(|g| g.renamed_to.clone())
                .unwrap_or_default(),
            num(r.security_score),
        ];
        cells.extend(
            ids.iter()
                .map(|id| opt(r.security_scores.get(*id).map(|s| u64::from(*s)))),
        );
        line(&cells);
    }
    out
}
