//! What the pages, the API and the badges say about one project, derived
//! once from its catalog row and whatever evidence and assessment exist.
//! Every "live" column falls back to the catalog's claim, then to "not
//! measured yet", so a page is never empty while an assessment runs.

use std::collections::HashMap;

use radar_assess::assess::{LifecycleState, RepositoryState};
use radar_assess::model::Tier;
use radar_assess::{Advice, Goal, GoalKind, Verdict};
use radar_catalog::{Level, Project};
use serde::Serialize;
use utoipa::ToSchema;

use crate::dashboard::{Dashboard, DecidedLevel, ProjectData};
use crate::dates::day;

/// A reader's situation, as offered in the goal filter and on project pages.
pub struct GoalPreset {
    /// The value in URLs (`goal=production`).
    pub key: &'static str,
    pub label: &'static str,
    pub goal: Goal,
}

/// The goals advice is given for, in the order pages list them.
pub const GOALS: [GoalPreset; 5] = [
    GoalPreset {
        key: "production",
        label: "Production",
        goal: Goal {
            goal: GoalKind::Production,
            support_required: false,
            contribute: false,
        },
    },
    GoalPreset {
        key: "production-support",
        label: "Production, formal support required",
        goal: Goal {
            goal: GoalKind::Production,
            support_required: true,
            contribute: false,
        },
    },
    GoalPreset {
        key: "production-contribute",
        label: "Production, contributing upstream",
        goal: Goal {
            goal: GoalKind::Production,
            support_required: false,
            contribute: true,
        },
    },
    GoalPreset {
        key: "poc",
        label: "Proof of concept",
        goal: Goal {
            goal: GoalKind::Poc,
            support_required: false,
            contribute: false,
        },
    },
    GoalPreset {
        key: "poc-contribute",
        label: "Proof of concept, contributing upstream",
        goal: Goal {
            goal: GoalKind::Poc,
            support_required: false,
            contribute: true,
        },
    },
];

/// The goal with this key, else the first (production).
pub fn goal(key: Option<&str>) -> &'static GoalPreset {
    key.and_then(|k| GOALS.iter().find(|g| g.key == k))
        .unwrap_or(&GOALS[0])
}

/// A short status shown as a coloured pill: `key` is what filters match,
/// `class` the colour (`ok`, `info`, `warn`, `bad`, `dead`, `muted`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Pill {
    pub key: String,
    pub label: String,
    #[serde(skip)]
    pub class: &'static str,
    /// Why (the evidence line), shown as a tooltip.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
}

impl Pill {
    fn new(
        key: impl Into<String>,
        label: impl Into<String>,
        class: &'static str,
        title: impl Into<String>,
    ) -> Pill {
        Pill {
            key: key.into(),
            label: label.into(),
            class,
            title: title.into(),
        }
    }
}

/// The maturity level as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelView {
    pub pill: Pill,
    /// The catalog's claim as written (`CNCF: incubating`), when there is one.
    pub claimed: Option<String>,
    /// The evidence supports less than the claim.
    pub ahead: bool,
    /// A sentence on claim vs evidence.
    pub note: String,
    /// The level page the badge links to: (model id, level id).
    pub target: Option<(String, String)>,
}

/// Headline figures, from the evidence (or the assessment's summary).
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    pub commits: u64,
    pub commits_365d: u64,
    pub contributors: u64,
    pub active_contributors_365d: u64,
    pub organizations_365d: u64,
    pub elephant_factor: u32,
    pub releases: u64,
    /// The newest product-line release that is not a pre-release (what
    /// people install); with only the assessment's summary, its latest release.
    pub latest_release: Option<String>,
    /// `YYYY-MM-DD`.
    pub latest_release_date: Option<String>,
    /// A pre-release newer than `latest_release` (`v3.24.0-beta.0`), when the newest tag is one.
    pub newer_prerelease: Option<String>,
    /// `YYYY-MM-DD`.
    pub newer_prerelease_date: Option<String>,
    /// `YYYY-MM-DD`.
    pub last_commit: Option<String>,
}

/// The repository was measured from Radar's cached copy because fetching it failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Stale {
    /// Why fetching failed, in a few words.
    pub fetch_error: String,
    /// When the cached copy was last fetched (`YYYY-MM-DD`), when known.
    pub last_fetched: Option<String>,
}

impl Stale {
    fn of(a: &radar_assess::Assessment) -> Option<Stale> {
        let cause = a.repository.fetch_error.as_ref()?;
        Some(Stale {
            fetch_error: crate::dates::readable(cause).into_owned(),
            last_fetched: a.repository.last_fetched.map(crate::dates::day),
        })
    }

    /// `measured from the cached copy of 2026-08-23; fetch failed: connection refused`.
    pub fn note(&self) -> String {
        match &self.last_fetched {
            Some(d) => format!(
                "measured from the cached copy of {d}; fetch failed: {}",
                self.fetch_error
            ),
            None => format!(
                "measured from the cached copy; fetch failed: {}",
                self.fetch_error
            ),
        }
    }
}

/// One project with everything derived for display.
pub struct ProjectView<'a> {
    pub area: &'a str,
    pub project: &'a Project,
    pub id: String,
    pub data: Option<&'a ProjectData>,
    pub lifecycle: Pill,
    pub level: LevelView,
    /// The standing the governance records decided, when they name the project.
    pub decided: Option<LevelView>,
    pub figures: Option<Figures>,
    /// Measured from the cache after a failed fetch.
    pub stale: Option<Stale>,
    /// GitHub's figures, when a token was set.
    pub github: Option<crate::github::GithubFigures>,
}

impl<'a> ProjectView<'a> {
    pub fn new(d: &'a Dashboard, area: &'a str, project: &'a Project) -> ProjectView<'a> {
        let id = project.id().into_owned();
        let data = d.data(&id);
        ProjectView {
            area,
            project,
            lifecycle: lifecycle(project, data),
            level: level(d, project, data),
            decided: decided(d, project, data),
            figures: data.and_then(figures),
            stale: data
                .and_then(|d| d.assessment.as_deref())
                .and_then(Stale::of),
            github: data.and_then(|d| {
                crate::github::GithubFigures::of(d.github.as_ref(), d.assessment.as_deref())
            }),
            data,
            id,
        }
    }

    /// Every project of the dashboard, in catalog order, each once (under
    /// the area that defines it).
    pub fn all(d: &'a Dashboard) -> Vec<ProjectView<'a>> {
        d.catalog
            .projects()
            .map(|(a, p)| ProjectView::new(d, &a.name, p))
            .collect()
    }

    /// One view per place the catalog shows a project, area by area: a
    /// project listed in two areas comes twice, once under each, with the
    /// same results (`Catalog::listings`).
    pub fn listed(d: &'a Dashboard) -> Vec<ProjectView<'a>> {
        d.catalog
            .listings()
            .into_iter()
            .map(|(a, p)| ProjectView::new(d, &a.name, p))
            .collect()
    }

    pub fn assessment(&self) -> Option<&'a radar_assess::Assessment> {
        self.data.and_then(|d| d.assessment.as_deref())
    }

    pub fn evidence(&self) -> Option<&'a radar_evidence::Evidence> {
        self.data.and_then(|d| d.evidence.as_deref())
    }

    /// Advice for a goal; None before the project is assessed.
    pub fn advice(&self, goal: &Goal) -> Option<Advice> {
        self.assessment().map(|a| radar_assess::advise(a, goal))
    }

    /// The advice as a pill for a goal.
    pub fn advice_pill(&self, goal: &Goal) -> Pill {
        match self.advice(goal) {
            Some(a) => verdict_pill(a.verdict, a.reasons.first().cloned().unwrap_or_default()),
            None => Pill::new("none", "—", "muted", "not assessed yet"),
        }
    }

    /// What the maturity badge shows: the decided standing when governance
    /// records decided one (that is the committee's word), else the level
    /// shown on the page (the evidence's, or the claim before assessment).
    pub fn badge_level(&self) -> &LevelView {
        self.decided.as_ref().unwrap_or(&self.level)
    }

    /// The catalog state as written: `CNCF: incubating`.
    pub fn state_text(&self) -> Option<String> {
        state_text(self.project)
    }
}

/// Every area that lists each project, by id, the defining area first (a
/// project may be listed in several: `Catalog::listings`). Built once per
/// page or answer: asking the catalog per project would cost n² on a
/// landscape's 2,413 items.
pub fn areas_by_id(d: &Dashboard) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (a, p) in d.catalog.projects() {
        out.entry(p.id().into_owned())
            .or_default()
            .push(a.name.clone());
    }
    for (a, p) in d.catalog.listings() {
        let areas = out.entry(p.id().into_owned()).or_default();
        if !areas.contains(&a.name) {
            areas.push(a.name.clone());
        }
    }
    out
}

pub fn state_text(p: &Project) -> Option<String> {
    let s = p.state.as_ref()?;
    match (s.body.as_deref(), s.shown_level()) {
        (Some(b), Some(l)) => Some(format!("{b}: {l}")),
        (Some(b), None) => Some(b.to_owned()),
        (None, Some(l)) => Some(l.into_owned()),
        (None, None) => None,
    }
}

pub fn verdict_pill(v: Verdict, title: String) -> Pill {
    let class = match v {
        Verdict::Adopt => "ok",
        Verdict::Trial => "info",
        Verdict::Assess => "warn",
        Verdict::Hold => "bad",
    };
    Pill::new(v.as_str(), v.as_str(), class, title)
}

fn lifecycle(p: &Project, data: Option<&ProjectData>) -> Pill {
    let measured = data
        .and_then(|d| d.assessment.as_ref())
        .filter(|a| a.lifecycle.status != LifecycleState::Unknown);
    if let Some(a) = measured {
        let (key, class) = match a.lifecycle.status {
            LifecycleState::Active => ("active", "ok"),
            LifecycleState::Inactive => ("inactive", "warn"),
            LifecycleState::Deprecated => ("deprecated", "bad"),
            LifecycleState::Archived => ("archived", "dead"),
            LifecycleState::Unknown => ("unknown", "muted"),
        };
        return Pill::new(key, key, class, readable(a.lifecycle.evidence.as_deref()));
    }
    if let Some(e) = data.and_then(|d| d.evidence.as_ref()) {
        let key = e.lifecycle.status.as_str();
        let class = match e.lifecycle.status {
            radar_evidence::LifecycleStatus::Active => "ok",
            radar_evidence::LifecycleStatus::Inactive => "warn",
            radar_evidence::LifecycleStatus::Deprecated => "bad",
            radar_evidence::LifecycleStatus::Archived => "dead",
        };
        return Pill::new(key, key, class, readable(e.lifecycle.evidence.as_deref()));
    }
    // Not measured: the catalog may already say the project is ending.
    match p.state.as_ref().map(|s| s.level) {
        Some(Level::Archived) => Pill::new(
            "archived",
            "archived",
            "dead",
            "the catalog says so; not measured yet",
        ),
        Some(Level::Deprecated | Level::WindingDown) => Pill::new(
            "deprecated",
            "deprecated",
            "bad",
            "the catalog says so; not measured yet",
        ),
        _ => {
            let why = match data.and_then(|d| d.error.as_deref()) {
                Some(e) => format!("could not be measured: {e}"),
                None if p.repo.is_none() => "the catalog names no repository".to_owned(),
                None => "not measured yet".to_owned(),
            };
            Pill::new("unknown", "unknown", "muted", why)
        }
    }
}

fn decided(d: &Dashboard, p: &Project, data: Option<&ProjectData>) -> Option<LevelView> {
    let data = data?;
    let (text, decided) = (data.decided.as_ref()?, data.decided_level?);
    let level = match decided {
        DecidedLevel::Archived => Level::Archived,
        DecidedLevel::Rejected => Level::Unknown,
        DecidedLevel::At(l) => l,
    };
    let model_level = d
        .models
        .select(p)
        .model
        .and_then(|m| m.level_for(level).map(|l| (m, l)));
    let class = match decided {
        DecidedLevel::Archived => "dead",
        DecidedLevel::Rejected => "muted",
        DecidedLevel::At(_) => tier_class(model_level.and_then(|(_, l)| l.tier)),
    };
    let note = "decided by the governance records".to_owned();
    let key = if decided == DecidedLevel::Rejected {
        "rejected"
    } else {
        level.as_str()
    };
    Some(LevelView {
        pill: Pill::new(key, text.clone(), class, note.clone()),
        claimed: state_text(p),
        ahead: false,
        note,
        target: model_level.map(|(m, l)| (m.id.clone(), l.id.clone())),
    })
}

/// The colour class of a tier.
pub fn tier_class(t: Option<Tier>) -> &'static str {
    match t {
        Some(Tier::Mature) => "ok",
        Some(Tier::Growing) => "info",
        Some(Tier::Early) => "warn",
        Some(Tier::Retired) => "dead",
        None => "muted",
    }
}

fn level(d: &Dashboard, p: &Project, data: Option<&ProjectData>) -> LevelView {
    let claimed = state_text(p);
    let assessment = data.and_then(|d| d.assessment.as_deref());
    if let Some(a) = assessment {
        let model = a.model.as_ref().map(|m| m.id.clone());
        // An exit reached (archived, donated) is what a reader must see first.
        let shown = a.exit.as_ref().or(a.supported.as_ref());
        let claim_name = a.claimed.model_level.as_ref().map(|l| l.name.clone());
        let ahead = a.claim_status == radar_assess::assess::ClaimStatus::AheadOfEvidence;
        let note = match (shown, &claim_name) {
            _ if a.repository.status != RepositoryState::Measured => {
                "the repository was not measured, so the claim is unverified".to_owned()
            }
            (Some(s), Some(c)) if ahead => format!(
                "the catalog claims {c}; the evidence supports only {}",
                s.name
            ),
            (None, Some(c)) => {
                format!("the catalog claims {c}; the evidence supports no level yet")
            }
            (Some(s), _) => format!("the evidence supports {}", s.name),
            (None, None) => "no level claimed or supported".to_owned(),
        };
        let (pill, target) = match shown {
            Some(s) => (
                Pill::new(
                    s.id.clone(),
                    s.name.to_lowercase(),
                    tier_class(s.tier),
                    note.clone(),
                ),
                model.clone().map(|m| (m, s.id.clone())),
            ),
            None => {
                let target = a
                    .claimed
                    .model_level
                    .as_ref()
                    .zip(model.clone())
                    .map(|(l, m)| (m, l.id.clone()));
                (Pill::new("none", "none", "muted", note.clone()), target)
            }
        };
        let target = target.or_else(|| a.next.as_ref().zip(model).map(|(l, m)| (m, l.id.clone())));
        return LevelView {
            pill,
            claimed,
            ahead,
            note,
            target,
        };
    }
    // Not assessed yet: show the claim, marked as a claim.
    let state = p.state.as_ref();
    let selection = d.models.select(p);
    let model_level = state.and_then(|s| {
        selection
            .model
            .and_then(|m| m.level_for(s.level).map(|l| (m, l)))
    });
    let target = model_level.map(|(m, l)| (m.id.clone(), l.id.clone()));
    let pill = match (state, model_level) {
        (Some(s), _) if s.level != Level::Unknown => {
            let tier = model_level.and_then(|(_, l)| l.tier);
            Pill::new(
                s.level.as_str(),
                format!("{}?", s.level.as_str()),
                tier_class(tier),
                "claimed by the catalog; not assessed yet",
            )
        }
        _ => Pill::new(
            "unknown",
            "unknown",
            "muted",
            "no level claimed; not assessed yet",
        ),
    };
    LevelView {
        pill,
        claimed,
        ahead: false,
        note: "claimed by the catalog; not assessed yet".to_owned(),
        target,
    }
}

/// Evidence text for a reader (dates as days).
fn readable(text: Option<&str>) -> String {
    text.map(|t| crate::dates::readable(t).into_owned())
        .unwrap_or_default()
}

fn figures(data: &ProjectData) -> Option<Figures> {
    if let Some(e) = data.evidence.as_deref() {
        let (release, pre) = e.releases.shown();
        return Some(Figures {
            commits: e.history.commits,
            commits_365d: e.history.commits_365d,
            contributors: e.history.contributors,
            active_contributors_365d: e.history.active_contributors_365d,
            organizations_365d: e.organizations.count_365d,
            elephant_factor: e.organizations.elephant_factor,
            releases: e.releases.count,
            latest_release: release.map(|r| r.tag.clone()),
            latest_release_date: release.map(|r| day(r.date)),
            newer_prerelease: pre.map(|r| r.tag.clone()),
            newer_prerelease_date: pre.map(|r| day(r.date)),
            last_commit: e.history.last_commit.map(day),
        });
    }
    let s = data.assessment.as_ref()?.summary.as_ref()?;
    Some(Figures {
        commits: s.commits,
        commits_365d: s.commits_365d,
        contributors: s.contributors,
        active_contributors_365d: s.active_contributors_365d,
        organizations_365d: s.organizations_365d,
        elephant_factor: s.elephant_factor,
        releases: s.releases,
        latest_release: s.latest_release.as_ref().map(|r| r.tag.clone()),
        latest_release_date: s.latest_release.as_ref().map(|r| day(r.date)),
        newer_prerelease: None,
        newer_prerelease_date: None,
        last_commit: s.last_commit.map(day),
    })
}
