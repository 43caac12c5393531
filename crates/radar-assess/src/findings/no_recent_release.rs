//! No release in the last 18 months.
//!
//! To avoid flagging projects that do not ship through git tags (a
//! specification, a feature of a larger product), the rule fires only when
//! the project has released before, or when the catalog lists a semantic
//! version for it; and never for a repository younger than 18 months.

use super::{Context, Hit, Rule, Severity, day};
use crate::version::Version;

pub static RULE: Rule = Rule {
    id: "no-recent-release",
    severity: Severity::Warning,
    summary: "no release in the 18 months before the as-of date, for a project that releases through tags (or claims a semantic version)",
    check,
};

pub const MONTHS: i8 = 18;

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(e) = cx.evidence() else {
        return Vec::new();
    };
    if cx.retired() {
        return Vec::new();
    }
    let Ok(cutoff) = e
        .as_of
        .to_zoned(jiff::tz::TimeZone::UTC)
        .checked_sub(jiff::Span::new().months(MONTHS))
    else {
        return Vec::new();
    };
    let cutoff = cutoff.timestamp();
    // `latest` is the newest line's release; a later patch of an older line
    // (the newest of `recent`) is a release all the same.
    let newest = e
        .releases
        .recent
        .first()
        .filter(|r| e.releases.latest.as_ref().is_some_and(|l| r.date > l.date));
    match newest.or(e.releases.latest.as_ref()) {
        Some(r) if r.date < cutoff => Hit::new(
            format!(
                "no release since {} ({}), more than {MONTHS} months before {}",
                r.tag,
                day(r.date),
                day(e.as_of)
            ),
            vec![
                format!("releases.latest = {} on {}", r.tag, r.date),
                format!("releases.count = {}", e.releases.count),
            ],
        ),
        Some(_) => Vec::new(),
        None => {
            let claimed = cx
                .project
                .apis
                .iter()
                .find(|a| matches!(Version::parse(&a.version), Version::Semver(_)));
            let old_enough = e.history.first_commit.is_some_and(|f| f < cutoff);
            match claimed {
                Some(api) if old_enough => Hit::new(
                    format!(
                        "the catalog lists version {} but the repository has never tagged a release",
                        api.version
                    ),
                    vec![
                        "releases.count = 0".into(),
                        format!("catalog: API {}", api.version),
                    ],
                ),
                _ => Vec::new(),
            }
        }
    }
}
