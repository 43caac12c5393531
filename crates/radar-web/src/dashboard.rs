//! The web layer's view of the world: a [`Dashboard`] snapshot (the catalog,
//! the maturity models, and per project whatever is known so far), and
//! [`Live`], the handle that swaps snapshots atomically as results arrive.
//!
//! Pages render from the catalog alone, so `radar serve` answers at once;
//! evidence, assessments and review history fill in as the CLI (or a store
//! poller) hands them over with [`Live::set_project`]. Every swap starts a new
//! [`Generation`] with an empty page cache: pages only change when data does,
//! so each is rendered once per generation and then served from memory.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use radar_assess::{Assessment, Models};
use radar_catalog::Catalog;
use radar_evidence::Evidence;
use serde::Serialize;
use utoipa::ToSchema;

use crate::site::Cache;

/// Everything the pages show, at one moment. Cheap to clone: the large parts
/// sit behind `Arc`s.
#[derive(Clone)]
pub struct Dashboard {
    pub catalog: Arc<Catalog>,
    /// Where the catalog came from, in words (`the built-in catalog`, a path).
    pub source: String,
    pub models: Arc<Models>,
    /// Per project id; a project missing here has only its catalog row.
    pub projects: HashMap<String, ProjectData>,
    pub progress: Progress,
}

impl Dashboard {
    /// A dashboard that knows only the catalog (and the models to explain levels).
    pub fn new(catalog: Catalog, source: impl Into<String>, models: Models) -> Dashboard {
        Dashboard {
            catalog: Arc::new(catalog),
            source: source.into(),
            models: Arc::new(models),
            projects: HashMap::new(),
            progress: Progress::default(),
        }
    }

    /// What is known of a project beyond its catalog row.
    pub fn data(&self, id: &str) -> Option<&ProjectData> {
        self.projects.get(id)
    }

    /// Records the governance records' outcome: per project, its decided
    /// standing and its review history.
    pub fn set_governance(&mut self, tally: &radar_governance::Tally) {
        for (id, decision) in tally.decided_levels() {
            let data = self.projects.entry(id.clone()).or_default();
            data.decided = Some(decision.describe());
            data.decided_level = Some(decided_level(decision));
        }
        for entry in &tally.entries {
            let data = self.projects.entry(entry.project.clone()).or_default();
            data.reviews.push(Review {
                date: entry.date.to_string(),
                quarter: entry.quarter.to_string(),
                motion: entry.motion.map(|m| m.name().to_owned()),
                outcome: format!("{:?}", entry.outcome).to_lowercase(),
                summary: entry.summary.clone(),
                minutes: entry.minutes.clone(),
            });
        }
    }
}

/// What is known of one project beyond its catalog row.
#[derive(Clone, Default)]
pub struct ProjectData {
    pub evidence: Option<Arc<Evidence>>,
    /// What GitHub said, stored with the evidence (only when a token was set).
    pub github: Option<crate::github::GithubData>,
    pub assessment: Option<Arc<Assessment>>,
    /// Why measuring failed, when it did.
    pub error: Option<String>,
    /// The standing the governance records decided (`incubating`, `archived (was sandbox)`).
    pub decided: Option<String>,
    /// The same standing as a level to colour the badge by.
    pub decided_level: Option<DecidedLevel>,
    /// Review history from the governance records, oldest first.
    pub reviews: Vec<Review>,
    /// Figures of every stored assessment, oldest first (from the store; empty without one).
    pub history: Arc<Vec<HistoryPoint>>,
}

/// The standing the governance records decided, reduced to what a badge needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecidedLevel {
    /// Admitted (or donated) at this catalog level, or proposed.
    At(radar_catalog::Level),
    Archived,
    Rejected,
}

fn decided_level(d: &radar_governance::Decision) -> DecidedLevel {
    use radar_governance::Standing;
    match &d.standing {
        Standing::Archived { .. } => DecidedLevel::Archived,
        Standing::Rejected => DecidedLevel::Rejected,
        _ => d.level().map_or(DecidedLevel::Rejected, DecidedLevel::At),
    }
}

/// One stored assessment of a project: the summary figures the store keeps
/// per snapshot (the same fields as `radar history --format json`). Figures
/// are absent when the repository could not be measured that time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct HistoryPoint {
    pub snapshot_id: i64,
    /// The date the figures describe (RFC 3339).
    #[schema(value_type = String)]
    pub as_of: jiff::Timestamp,
    /// When the measurement was taken (RFC 3339).
    #[schema(value_type = String)]
    pub taken_at: jiff::Timestamp,
    pub head_commit: Option<String>,
    /// Why the repository could not be measured (or only in part).
    pub error: Option<String>,
    pub contributors: Option<u64>,
    pub commits: Option<u64>,
    pub commits_365d: Option<u64>,
    /// Authors active in the last 365 days.
    pub active_contributors: Option<u64>,
    /// Organisations among the last 365 days' authors.
    pub organisations: Option<u64>,
    pub elephant_factor: Option<u64>,
    /// The catalog's claim (`cncf:graduated`).
    pub claimed_level: Option<String>,
    /// The level the evidence supported (a level id of the model), or an exit reached.
    pub supported_level: Option<String>,
    pub lifecycle: Option<String>,
    /// Number of findings.
    pub findings: Option<u64>,
    pub latest_release: Option<String>,
    #[schema(value_type = Option<String>)]
    pub latest_release_at: Option<jiff::Timestamp>,
}

/// One review of a project by the TOC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Review {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `2025Q3`.
    pub quarter: String,
    /// `admission`, `graduation`, …; none for a review without a motion.
    pub motion: Option<String>,
    /// `reviewed`, `passed`, `failed`, `rejected`, `invalid`.
    pub outcome: String,
    /// The outcome in words.
    pub summary: String,
    /// Link to the minutes.
    pub minutes: Option<String>,
}

/// Progress of a background assessment (`radar serve --assess`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Progress {
    /// `idle` (no assessment started), `running`, `finished`.
    pub state: ProgressState,
    /// Projects to assess.
    pub total: usize,
    /// Projects finished (measured or failed).
    pub done: usize,
    /// Of those, the ones that could not be measured.
    pub failed: usize,
    /// Ids of the projects being measured now.
    pub running: Vec<String>,
    /// RFC 3339.
    pub started_at: Option<String>,
    /// RFC 3339.
    pub finished_at: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProgressState {
    #[default]
    Idle,
    Running,
    Finished,
}

impl Progress {
    /// Percent done, 0..=100.
    pub fn percent(&self) -> usize {
        (self.done * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// Presentation settings that do not change while serving.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The absolute URL the site is reachable at (`https://radar.example.org`),
    /// used in the badge snippets people copy. None: snippets use relative links.
    pub public_url: Option<String>,
}

/// One dashboard snapshot with its page cache.
pub struct Generation {
    pub number: u64,
    pub dashboard: Arc<Dashboard>,
    pub options: Arc<Options>,
    pub(crate) cache: Cache,
}

/// The shared, swappable dashboard. Readers take the current generation (an
/// `Arc` clone under a read lock held for nanoseconds); writers build the next
/// dashboard from a clone and swap it in.
pub struct Live {
    current: RwLock<Arc<Generation>>,
    next: AtomicU64,
    /// Serialises writers so that two updates never lose each other's change.
    write: std::sync::Mutex<()>,
    /// Why the server should get no traffic (e.g. its database is unreachable); None: ready.
    unready: RwLock<Option<String>>,
}

impl Live {
    pub fn new(dashboard: Dashboard, options: Options) -> Arc<Live> {
        let generation = Generation {
            number: 1,
            dashboard: Arc::new(dashboard),
            options: Arc::new(options),
            cache: Cache::default(),
        };
        Arc::new(Live {
            current: RwLock::new(Arc::new(generation)),
            next: AtomicU64::new(2),
            write: std::sync::Mutex::new(()),
            unready: RwLock::new(None),
        })
    }

    /// Readiness for `/readyz`: `Err(reason)` takes the server out of a load
    /// balancer (its pages still answer, from the last data it had).
    pub fn set_ready(&self, ready: Result<(), String>) {
        *self.unready.write().unwrap_or_else(|p| p.into_inner()) = ready.err();
    }

    /// Why the server is not ready, if it is not.
    pub fn unready(&self) -> Option<String> {
        self.unready
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The current generation.
    pub fn current(&self) -> Arc<Generation> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The current dashboard.
    pub fn snapshot(&self) -> Arc<Dashboard> {
        self.current().dashboard.clone()
    }

    /// Applies a change and publishes the result as a new generation.
    pub fn update(&self, change: impl FnOnce(&mut Dashboard)) {
        let _writer = self.write.lock().unwrap_or_else(|p| p.into_inner());
        let old = self.current();
        let mut dashboard = (*old.dashboard).clone();
        change(&mut dashboard);
        let generation = Generation {
            number: self.next.fetch_add(1, Ordering::Relaxed),
            dashboard: Arc::new(dashboard),
            options: old.options.clone(),
            cache: Cache::default(),
        };
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(generation);
    }

    /// Replaces what is known of one project.
    pub fn set_project(&self, id: &str, data: ProjectData) {
        self.update(|d| {
            d.projects.insert(id.to_owned(), data);
        });
    }

    /// The current progress of the background assessment.
    pub fn progress(&self) -> Progress {
        self.current().dashboard.progress.clone()
    }

    /// The hook `--assess` drives: an assessment of `total` projects begins.
    pub fn begin_assessment(&self, total: usize) {
        self.update(|d| {
            d.progress = Progress {
                state: ProgressState::Running,
                total,
                started_at: Some(jiff::Timestamp::now().to_string()),
                ..Progress::default()
            };
        });
    }

    /// A project's measurement started.
    pub fn project_started(&self, id: &str) {
        self.update(|d| d.progress.running.push(id.to_owned()));
    }

    /// A project's measurement ended: its data (with `error` set when it
    /// failed) replaces what was known, and the progress advances.
    pub fn project_finished(&self, id: &str, data: ProjectData) {
        self.update(|d| {
            d.progress.running.retain(|r| r != id);
            d.progress.done += 1;
            if data.error.is_some() {
                d.progress.failed += 1;
            }
            let entry = d.projects.entry(id.to_owned()).or_default();
            // Governance records and stored history come from elsewhere; keep them.
            let old = std::mem::take(entry);
            *entry = ProjectData {
                decided: data.decided.or(old.decided),
                decided_level: data.decided_level.or(old.decided_level),
                reviews: if data.reviews.is_empty() {
                    old.reviews
                } else {
                    data.reviews
                },
                history: if data.history.is_empty() {
                    old.history
                } else {
                    data.history
                },
                ..data
            };
        });
    }

    /// The assessment is over.
    pub fn finish_assessment(&self) {
        self.update(|d| {
            d.progress.state = ProgressState::Finished;
            d.progress.running.clear();
            d.progress.finished_at = Some(jiff::Timestamp::now().to_string());
        });
    }
}
