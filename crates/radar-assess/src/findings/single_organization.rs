//! One organisation writes nearly all the code of a project that claims to
//! be incubating or beyond: its future depends on one employer.

use radar_catalog::Level;

use super::{Context, Hit, Rule, Severity};
use crate::facts::top_organization_365d;

pub static RULE: Rule = Rule {
    id: "single-organization",
    severity: Severity::Warning,
    summary: "one organisation wrote 90% or more of last year's commits by people (at least 10; bots left out) of a project listed as incubating or graduated",
    check,
};

pub(crate) const SHARE: f64 = 0.9;
/// Below this many commits a year the share says little.
pub(crate) const MIN_COMMITS: u64 = 10;

fn check(cx: &Context<'_>) -> Vec<Hit> {
    let Some(e) = cx.evidence() else {
        return Vec::new();
    };
    if !matches!(
        cx.assessment.claimed.level,
        Level::Incubating | Level::Graduated
    ) || cx.retired()
    {
        return Vec::new();
    }
    let Some(top) = top_organization_365d(e) else {
        return Vec::new();
    };
    if top.of < MIN_COMMITS || top.share < SHARE {
        return Vec::new();
    }
    let bots = e.history.commits_365d - top.of;
    Hit::new(
        format!(
            "{} wrote {:.0}% of last year's commits; a project at this level should not depend on one organisation",
            top.org.name,
            top.share * 100.0
        ),
        vec![
            format!(
                "organizations: {} wrote {} of {} commits by people ({:.3}){}",
                top.org.name,
                top.org.commits_365d,
                top.of,
                top.share,
                if bots > 0 {
                    format!("; {bots} commits by bots left out")
                } else {
                    String::new()
                }
            ),
            format!(
                "organizations.elephant_factor = {}",
                e.organizations.elephant_factor
            ),
        ],
    )
}
