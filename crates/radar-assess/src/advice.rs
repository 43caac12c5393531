//! Advice: what someone with a stated goal should do with a project —
//! adopt, trial, assess or hold — with one line per reason.
//!
//! Every rule may *cap* the verdict (the verdict is the lowest cap, starting
//! from adopt) and adds its reason. The rules, in docs/advice.md:
//!
//! 1. **End of life.** Archived or deprecated (by the repository, GitHub or the
//!    catalog) → hold.
//! 2. **Formal support.** It only comes through a product that uses the
//!    project (the catalog's platform-use links, judged in support.rs: an
//!    entry naming another catalog project inherits its state, a page on a
//!    source-hosting site is not a product). Required but none → hold.
//! 3. **Measurement.** Repository unreachable, or GitHub says it does not
//!    exist → at most assess. No repository → production at most trial
//!    (nothing could be verified).
//! 4. **Activity.** No commit in a year → production hold (assess if you
//!    contribute: you would maintain it), proof of concept at most assess
//!    (trial if you contribute).
//! 5. **Maturity**, the lower of the claimed and the supported level's tier.
//!    Production: mature → no cap; growing → trial; early or unknown → assess.
//!    Proof of concept: growing or mature → no cap; early or unknown → trial.
//!    Willingness to contribute relaxes the bar by one step.
//! 6. **API stability.** Production: alpha → assess; beta or 0.y.z → trial;
//!    deprecated → hold. Proof of concept: deprecated → assess. Contributing
//!    relaxes alpha and beta by one step.
//! 7. **Risks (production).** No release in 18 months, one organisation with
//!    90% of last year's commits, or one person writing most of them → trial,
//!    unless you contribute.
//! 8. **Security (production).** A dangerous workflow, or a Scorecard
//!    aggregate over the git-visible checks below 5 (with at least 6 checks
//!    conclusive) → trial, unless you contribute; the aggregate is always a
//!    reason line.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, ClaimStatus, LifecycleState, RepositoryState, is_retired_level};
use crate::findings::single_organization;
use crate::model::Tier;
use crate::support::SupportRoute;
use crate::version::ApiStatus;

/// What the project is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalKind {
    /// Proof of concept: short-lived, no users depending on it.
    Poc,
    /// Production use.
    #[default]
    Production,
}

/// The reader's situation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Goal {
    pub goal: GoalKind,
    /// Formal (paid, contractual) support is required.
    pub support_required: bool,
    /// Willing to contribute upstream (fixes, reviews, maintenance).
    pub contribute: bool,
}

/// The four rings of a technology radar, least favourable first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Do not start using it.
    Hold,
    /// Look into it before any use.
    Assess,
    /// Use it where the risk can be managed.
    Trial,
    /// Use it.
    Adopt,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Hold => "hold",
            Verdict::Assess => "assess",
            Verdict::Trial => "trial",
            Verdict::Adopt => "adopt",
        }
    }

    /// One step more favourable (adopt stays adopt).
    fn relaxed(self) -> Verdict {
        match self {
            Verdict::Hold => Verdict::Assess,
            Verdict::Assess => Verdict::Trial,
            Verdict::Trial | Verdict::Adopt => Verdict::Adopt,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub verdict: Verdict,
    /// One line each, the most limiting first.
    pub reasons: Vec<String>,
}

struct Reasons {
    items: Vec<(Verdict, String)>,
}

impl Reasons {
    fn cap(&mut self, v: Verdict, reason: String) {
        self.items.push((v, one_line(&reason)));
    }

    fn note(&mut self, reason: String) {
        self.items.push((Verdict::Adopt, one_line(&reason)));
    }
}

/// Catalog and README text ends up here: keep each reason on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Advice for one project and goal.
pub fn advise(a: &Assessment, goal: &Goal) -> Advice {
    let mut r = Reasons { items: Vec::new() };
    let production = goal.goal == GoalKind::Production;
    let relax = |v: Verdict| if goal.contribute { v.relaxed() } else { v };

    end_of_life(a, &mut r);
    support(a, goal, &mut r);
    measurement(a, production, &mut r);
    activity(a, production, relax, &mut r);
    maturity(a, production, goal.contribute, relax, &mut r);
    api(a, production, relax, &mut r);
    if production {
        risks(a, goal.contribute, &mut r);
        security(a, goal.contribute, &mut r);
    }

    let verdict = r
        .items
        .iter()
        .map(|(v, _)| *v)
        .min()
        .unwrap_or(Verdict::Adopt);
    // Stable sort: the most limiting reasons first, rule order otherwise.
    r.items.sort_by_key(|(v, _)| *v);
    Advice {
        verdict,
        reasons: r.items.into_iter().map(|(_, s)| s).collect(),
    }
}

fn end_of_life(a: &Assessment, r: &mut Reasons) {
    match a.lifecycle.status {
        LifecycleState::Archived | LifecycleState::Deprecated => {
            let what = if a.lifecycle.status == LifecycleState::Archived {
                "archived"
            } else {
                "deprecated"
            };
            let why = a
                .lifecycle
                .evidence
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            r.cap(
                Verdict::Hold,
                format!("the repository announces the project is {what}{why}"),
            );
        }
        _ if is_retired_level(a.claimed.level) => {
            let text = a
                .claimed
                .text
                .clone()
                .unwrap_or_else(|| a.claimed.level.as_str().to_owned());
            r.cap(
                Verdict::Hold,
                format!("the catalog lists the project as {text}"),
            );
        }
        _ => {}
    }
}

fn support(a: &Assessment, goal: &Goal, r: &mut Reasons) {
    // Assessments stored before entries were judged: every entry counted.
    let legacy;
    let routes = match &a.support {
        Some(routes) => routes,
        None => {
            legacy = a
                .platform_use
                .iter()
                .map(|label| SupportRoute {
                    label: label.clone(),
                    url: None,
                    formal: true,
                    reason: String::new(),
                    via: None,
                })
                .collect::<Vec<_>>();
            &legacy
        }
    };
    // Products by name; other entries with why they count or not.
    let describe = |routes: &[&SupportRoute]| {
        let plain = |s: &SupportRoute| s.reason.is_empty() || (s.formal && s.via.is_none());
        let items: Vec<String> = routes
            .iter()
            .map(|s| {
                if plain(s) {
                    s.label.clone()
                } else {
                    format!("{} ({})", s.label, s.reason)
                }
            })
            .collect();
        items.join(if routes.iter().all(|s| plain(s)) {
            ", "
        } else {
            "; "
        })
    };
    let (formal, other): (Vec<&SupportRoute>, Vec<&SupportRoute>) =
        routes.iter().partition(|s| s.formal);
    if !formal.is_empty() {
        r.note(format!(
            "formal support is available through {} (for the project as part of that product)",
            describe(&formal)
        ));
    } else if goal.support_required {
        let why = if other.is_empty() {
            "the catalog lists none".to_owned()
        } else {
            format!("none of the catalog's entries is one: {}", describe(&other))
        };
        r.cap(
            Verdict::Hold,
            format!("formal support is required, and it only comes through a product that uses the project; {why}"),
        );
    } else if !other.is_empty() {
        r.note(format!("no formal support: {}", describe(&other)));
    }
}

fn measurement(a: &Assessment, production: bool, r: &mut Reasons) {
    match a.repository.status {
        RepositoryState::Unreachable => r.cap(
            Verdict::Assess,
            format!(
                "the repository could not be reached ({}), so nothing in the catalog could be checked",
                a.repository.url.as_deref().unwrap_or("no URL")
            ),
        ),
        RepositoryState::None if production => {
            r.cap(Verdict::Trial, "the catalog names no repository, so its claims could not be checked".into())
        }
        RepositoryState::None => r.note("the catalog names no repository, so its claims could not be checked".into()),
        RepositoryState::Measured => {}
    }
    if let Some(f) = a.findings.iter().find(|f| f.rule == "github-not-found") {
        r.cap(Verdict::Assess, f.message.clone());
    }
}

fn activity(a: &Assessment, production: bool, relax: impl Fn(Verdict) -> Verdict, r: &mut Reasons) {
    let inactive = a.lifecycle.status == LifecycleState::Inactive
        || a.findings.iter().any(|f| f.rule == "inactive");
    if !inactive || a.lifecycle.is_retired() {
        return;
    }
    let last = a
        .summary
        .as_ref()
        .and_then(|s| s.last_commit)
        .map(|t| format!(" (last commit {})", t.strftime("%Y-%m-%d")));
    let base = if production {
        Verdict::Hold
    } else {
        Verdict::Assess
    };
    let v = relax(base);
    let tail = if v > base {
        "; you would have to maintain it yourself"
    } else {
        ""
    };
    r.cap(
        v,
        format!(
            "no commit in the last year{}{tail}",
            last.unwrap_or_default()
        ),
    );
}

fn maturity(
    a: &Assessment,
    production: bool,
    contribute: bool,
    relax: impl Fn(Verdict) -> Verdict,
    r: &mut Reasons,
) {
    if a.lifecycle.is_retired() || is_retired_level(a.claimed.level) {
        return;
    }
    let claimed = a
        .claimed
        .model_level
        .as_ref()
        .filter(|l| l.tier.is_none_or(|t| t != Tier::Retired));
    let supported = a.supported.as_ref();
    let model = a
        .model
        .as_ref()
        .map_or(String::new(), |m| format!(" ({})", m.id));
    let (tier, how) = match (claimed, supported, a.claim_status) {
        (Some(c), _, ClaimStatus::Unverified) => {
            (c.tier, format!("claimed {}{model}, not verified", c.name))
        }
        (Some(c), Some(s), _) if s.tier < c.tier => (
            s.tier,
            format!(
                "claimed {}{model}, but the evidence supports only {}",
                c.name, s.name
            ),
        ),
        (Some(c), Some(_), _) => (
            c.tier,
            format!("{}{model}, supported by the evidence", c.name),
        ),
        (Some(c), None, _) => (
            None,
            format!(
                "claimed {}{model}, but the evidence supports no level",
                c.name
            ),
        ),
        (None, Some(s), _) => (
            s.tier,
            format!("no level claimed; the evidence supports {}{model}", s.name),
        ),
        (None, None, _) => (
            None,
            "maturity unknown: no level claimed or supported".to_owned(),
        ),
    };
    let base = match (tier, production) {
        (Some(Tier::Mature), _) => Verdict::Adopt,
        (Some(Tier::Growing), true) => Verdict::Trial,
        (Some(Tier::Growing), false) => Verdict::Adopt,
        (_, true) => Verdict::Assess,
        (_, false) => Verdict::Trial,
    };
    let v = relax(base);
    let bar = if production {
        "production"
    } else {
        "a proof of concept"
    };
    let line = if v == Verdict::Adopt && base == Verdict::Adopt {
        format!("maturity: {how}")
    } else if contribute && v > base {
        format!(
            "maturity: {how}; below the bar for {bar}, relaxed because you will contribute upstream"
        )
    } else {
        format!("maturity: {how}; below the bar for {bar}")
    };
    r.cap(v, line);
}

fn api(a: &Assessment, production: bool, relax: impl Fn(Verdict) -> Verdict, r: &mut Reasons) {
    let versions: Vec<&str> = a
        .api
        .entries
        .iter()
        .filter(|e| e.status == a.api.overall)
        .map(|e| e.version.as_str())
        .collect();
    let list = if versions.is_empty() {
        String::new()
    } else {
        format!(" ({})", versions.join(", "))
    };
    match (a.api.overall, production) {
        (ApiStatus::Deprecated, true) => r.cap(Verdict::Hold, format!("the API is deprecated{list}")),
        (ApiStatus::Deprecated, false) => r.cap(Verdict::Assess, format!("the API is deprecated{list}")),
        (ApiStatus::Alpha, true) => r.cap(
            relax(Verdict::Assess),
            format!("alpha API{list}: it may change incompatibly or vanish without notice; Kubernetes advises test clusters only"),
        ),
        (ApiStatus::Alpha, false) => r.note(format!("alpha API{list}: expect breaking changes")),
        (ApiStatus::Beta, true) => r.cap(
            relax(Verdict::Trial),
            format!("beta API{list}: details may still change; Kubernetes does not recommend beta for production"),
        ),
        (ApiStatus::Unstable, true) => r.cap(
            relax(Verdict::Trial),
            format!("pre-1.0 version{list}: semantic versioning promises no stability before 1.0"),
        ),
        (ApiStatus::Beta | ApiStatus::Unstable, false) => r.note(format!("{} API{list}", a.api.overall.as_str())),
        (ApiStatus::Stable, _) => r.note(format!("stable API{list}")),
        (ApiStatus::NotApplicable, _) => {}
        (ApiStatus::Unknown, _) => r.note("API stability is not stated in the catalog".into()),
    }
}

fn risks(a: &Assessment, contribute: bool, r: &mut Reasons) {
    if a.lifecycle.is_retired() {
        return;
    }
    let cap = if contribute {
        Verdict::Adopt
    } else {
        Verdict::Trial
    };
    let suffix = if contribute {
        "; acceptable as you will contribute upstream"
    } else {
        ""
    };
    for f in a.findings.iter().filter(|f| f.rule == "no-recent-release") {
        r.cap(
            cap,
            format!(
                "{}: fixes reach you only by building from source{suffix}",
                f.message
            ),
        );
    }
    let Some(s) = &a.summary else { return };
    // Whatever the level claimed (the finding only speaks from incubating up).
    if let (Some(org), Some(share)) = (&s.top_organization, s.top_organization_share_365d)
        && share >= single_organization::SHARE
        && s.people_commits_365d() >= single_organization::MIN_COMMITS
    {
        r.cap(
            cap,
            format!("{org} wrote {:.0}% of last year's commits: the project's future depends on one organisation{suffix}", share * 100.0),
        );
    }
    if s.people_commits_365d() > 0 && s.contributor_absence_factor == 1 {
        r.cap(cap, format!("one person wrote most of last year's commits (contributor absence factor 1){suffix}"));
    }
}

/// Below this aggregate (Scorecard's 0–10 scale over the git-visible
/// checks) the posture is weak: it is CLOMonitor's pass mark for each
/// Scorecard check, and a repository scoring under it fails most of the
/// high-risk checks git can see (binaries, token permissions, unpinned
/// dependencies, no dependency updates, unsigned releases).
pub const WEAK_SECURITY: f64 = 5.0;
/// An aggregate over fewer conclusive checks says too little to cap on.
pub const MIN_SECURITY_CHECKS: u32 = 6;

fn security(a: &Assessment, contribute: bool, r: &mut Reasons) {
    if a.lifecycle.is_retired() {
        return;
    }
    let (cap, suffix) = if contribute {
        (
            Verdict::Adopt,
            "; acceptable as you will contribute upstream",
        )
    } else {
        (Verdict::Trial, "")
    };
    for f in a.findings.iter().filter(|f| f.rule == "dangerous-workflow") {
        r.cap(cap, format!("{}{suffix}", f.message));
    }
    let Some(s) = &a.summary else { return };
    let Some(score) = s.security_score else {
        return;
    };
    let line = format!(
        "security: {score:.1}/10 on OpenSSF Scorecard's git-visible checks ({} checks)",
        s.security_checks
    );
    if score < WEAK_SECURITY && s.security_checks >= MIN_SECURITY_CHECKS {
        r.cap(
            cap,
            format!("{line}, below {WEAK_SECURITY:.0}: a weak security posture{suffix}"),
        );
    } else {
        r.note(line);
    }
}
