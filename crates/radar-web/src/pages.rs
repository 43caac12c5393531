//! HTML pages: askama templates (compiled, escaping by default) fed with
//! view structs built here. Every href is computed in Rust by [`Nav`], so
//! the same templates give the server's absolute links and the static
//! site's relative ones. Text from the catalog or a repository reaches a
//! template only as a plain string (escaped there) or through
//! [`crate::markdown`], [`crate::charts`] and [`crate::badge`], which escape
//! themselves; URLs become links only through [`crate::safe::link`].

use askama::Template;
use radar_assess::assess::LevelStatus;
use radar_assess::criteria::Status;
use radar_assess::findings::Severity;
use radar_assess::model::Weight;
use radar_catalog::{Level, Project};

use crate::dashboard::{Dashboard, Options, Progress, ProgressState, Review};
use crate::filter::{CatalogQuery, FilterForm};
use crate::safe::{link, segment};
use crate::view::{self, Figures, GOALS, Pill, ProjectView};
use crate::{charts, markdown};

/// Whether links are for the server (absolute paths) or the static site
/// (relative paths with `.html`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Server,
    Static,
}

/// Link builder for one page.
#[derive(Clone, Debug)]
pub struct Nav {
    mode: Mode,
    prefix: String,
}

impl Nav {
    /// `depth`: directories between the site root and the page (static mode).
    pub fn new(mode: Mode, depth: usize) -> Nav {
        Nav {
            mode,
            prefix: if mode == Mode::Server {
                "/".to_owned()
            } else {
                "../".repeat(depth)
            },
        }
    }

    /// Links from a page that may be served at any depth (the static 404
    /// page): absolute on `base` when known.
    pub fn rooted(mode: Mode, base: Option<&str>) -> Nav {
        match (mode, base) {
            (Mode::Static, Some(b)) => Nav {
                mode,
                prefix: format!("{}/", b.trim_end_matches('/')),
            },
            _ => Nav::new(mode, 0),
        }
    }

    /// An HTML page: `""` (home), `stats`, `project/<id>`, `level/<m>/<l>`.
    pub fn page(&self, route: &str) -> String {
        match (self.mode, route) {
            (Mode::Server, r) => format!("{}{r}", self.prefix),
            (Mode::Static, "") => format!("{}index.html", self.prefix),
            (Mode::Static, r) => format!("{}{r}.html", self.prefix),
        }
    }

    /// Any other file: `assets/radar.css`, `badge/<id>.svg`, `api/…`.
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    pub fn project(&self, id: &str) -> String {
        self.page(&format!("project/{}", segment(id)))
    }

    pub fn level(&self, model: &str, level: &str) -> String {
        self.page(&format!("level/{}/{}", segment(model), segment(level)))
    }
}

/// Cuts text to `n` characters with an ellipsis.
pub fn truncate(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(n.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Header, navigation and footer data every page shares.
pub struct Chrome {
    pub title: String,
    pub heading: String,
    pub active: &'static str,
    pub home: String,
    pub stats: String,
    pub levels: String,
    pub api: String,
    pub csv: String,
    pub css: String,
    pub js: String,
    pub icon: String,
    pub is_static: bool,
    pub progress: Option<ProgressView>,
    pub source: String,
}

pub struct ProgressView {
    pub running: bool,
    pub done: usize,
    pub total: usize,
    pub failed: usize,
    pub percent: usize,
    /// Width of the bar in the 200-unit SVG.
    pub bar: usize,
    pub current: String,
}

impl Chrome {
    fn new(d: &Dashboard, nav: &Nav, title: impl Into<String>, active: &'static str) -> Chrome {
        let heading = if d.catalog.title.trim().is_empty() {
            "Radar".to_owned()
        } else {
            d.catalog.title.clone()
        };
        Chrome {
            title: title.into(),
            heading,
            active,
            home: nav.page(""),
            stats: nav.page("stats"),
            levels: nav.page("levels"),
            api: nav.file("api/openapi.json"),
            csv: nav.file("api/catalog.csv"),
            css: nav.file(&format!("assets/{}", crate::assets::css())),
            js: nav.file(&format!("assets/{}", crate::assets::js())),
            icon: nav.file(&format!("assets/{}", crate::assets::icon())),
            is_static: nav.mode == Mode::Static,
            progress: progress_view(&d.progress, nav.mode),
            source: d.source.clone(),
        }
    }
}

fn progress_view(p: &Progress, mode: Mode) -> Option<ProgressView> {
    if p.state == ProgressState::Idle || mode == Mode::Static {
        return None;
    }
    Some(ProgressView {
        running: p.state == ProgressState::Running,
        done: p.done,
        total: p.total,
        failed: p.failed,
        percent: p.percent(),
        bar: p.percent() * 2,
        current: p.running.join(", "),
    })
}

/// A link from catalog data: live only for http(s) URLs.
pub struct LinkView {
    pub label: String,
    pub url: Option<String>,
}

impl LinkView {
    pub fn new(label: &str, url: Option<&str>) -> LinkView {
        let url = url.and_then(link).map(str::to_owned);
        let label = if label.trim().is_empty() {
            url.clone().unwrap_or_default()
        } else {
            label.to_owned()
        };
        LinkView { label, url }
    }
}

/// A platform-use entry with Radar's judgement of it: does it give formal support, and why.
pub struct UseView {
    pub link: LinkView,
    /// None before assessment (or in an assessment stored before entries were judged).
    pub formal: Option<bool>,
    pub reason: String,
}

impl UseView {
    /// `formal support: …` / `no formal support: …`, for a tooltip.
    pub fn title(&self) -> String {
        match self.formal {
            Some(true) => format!("formal support: {}", self.reason),
            Some(false) => format!("no formal support: {}", self.reason),
            None => String::new(),
        }
    }
}

/// The project's platform-use entries, each with its judged route (matched
/// by label and link, so an assessment made before the catalog changed
/// never lends one entry's verdict to another).
fn uses(p: &Project, a: Option<&radar_assess::Assessment>) -> Vec<UseView> {
    let routes = a.and_then(|a| a.support.as_deref()).unwrap_or_default();
    p.platform_use
        .iter()
        .map(|l| {
            let route = routes.iter().find(|r| r.label == l.label && r.url == l.url);
            UseView {
                link: LinkView::new(&l.label, l.url.as_deref()),
                formal: route.map(|r| r.formal),
                reason: route.map_or_else(String::new, |r| {
                    crate::dates::readable(&r.reason).into_owned()
                }),
            }
        })
        .collect()
}

pub struct ApiView {
    pub name: String,
    pub version: String,
    pub status: String,
    pub class: &'static str,
}

fn apis(p: &Project) -> Vec<ApiView> {
    radar_assess::version::classify(&p.apis)
        .entries
        .into_iter()
        .map(|e| {
            use radar_assess::version::ApiStatus as S;
            let class = match e.status {
                S::Stable => "ok",
                S::Beta => "info",
                S::Unstable | S::Alpha => "warn",
                S::Deprecated => "bad",
                S::NotApplicable | S::Unknown => "muted",
            };
            ApiView {
                name: e.name.unwrap_or_default(),
                version: e.version,
                status: e.status.as_str().to_owned(),
                class,
            }
        })
        .collect()
}

/// One catalog table row.
pub struct Row {
    pub id: String,
    pub href: String,
    pub name: String,
    pub link: Option<String>,
    pub artifacts: Vec<LinkView>,
    pub goal: String,
    pub state: String,
    pub apis: Vec<ApiView>,
    pub channels: Vec<LinkView>,
    pub platform: Vec<UseView>,
    pub lifecycle: Pill,
    pub level: Pill,
    /// Measured from the cached copy after a failed fetch: the note.
    pub stale: Option<String>,
    /// The cached copy's date, for the row's short marker.
    pub stale_date: String,
    pub claimed: String,
    pub ahead: bool,
    pub contributors: String,
    pub contributors_title: String,
    pub orgs: String,
    pub orgs_title: String,
    pub release: String,
    pub release_date: String,
    /// A pre-release newer than `release`, shown smaller.
    pub prerelease: String,
    pub prerelease_title: String,
    /// Open issues and pull requests on GitHub, when known.
    pub issues: String,
    pub pulls: String,
    pub issues_title: String,
    pub advice: Pill,
    /// For client-side filtering in the static site.
    pub data_area: String,
    pub data_advice: String,
    pub data_search: String,
}

fn row(v: &ProjectView<'_>, nav: &Nav, goal: &radar_assess::Goal) -> Row {
    let p = v.project;
    let f = v.figures.clone();
    let data_advice = GOALS
        .iter()
        .map(|g| format!("{}:{}", g.key, v.advice_pill(&g.goal).key))
        .collect::<Vec<_>>()
        .join(" ");
    Row {
        id: v.id.clone(),
        href: nav.project(&v.id),
        name: p.name.clone(),
        link: p.link.as_deref().and_then(link).map(str::to_owned),
        artifacts: p
            .artifacts
            .iter()
            .map(|a| LinkView::new(&a.label, a.url.as_deref()))
            .collect(),
        goal: p.goal.as_deref().map(markdown::inline).unwrap_or_default(),
        state: v.state_text().unwrap_or_default(),
        apis: apis(p),
        channels: p
            .channels
            .iter()
            .map(|c| LinkView::new(&c.label, c.url.as_deref()))
            .collect(),
        platform: uses(p, v.assessment()),
        lifecycle: v.lifecycle.clone(),
        level: v.level.pill.clone(),
        stale: v.stale.as_ref().map(|s| s.note()),
        stale_date: v
            .stale
            .as_ref()
            .and_then(|s| s.last_fetched.clone())
            .unwrap_or_default(),
        claimed: v.level.claimed.clone().unwrap_or_default(),
        ahead: v.level.ahead,
        contributors: f
            .as_ref()
            .map_or_else(|| "—".to_owned(), |f| f.contributors.to_string()),
        contributors_title: f.as_ref().map_or_else(String::new, |f| {
            format!("{} active in the last 365 days", f.active_contributors_365d)
        }),
        orgs: f
            .as_ref()
            .map_or_else(|| "—".to_owned(), |f| f.organizations_365d.to_string()),
        orgs_title: f.as_ref().map_or_else(String::new, |f| {
            format!(
                "organisations in the last 365 days; elephant factor {}",
                f.elephant_factor
            )
        }),
        release: f
            .as_ref()
            .and_then(|f| f.latest_release.clone())
            .unwrap_or_else(|| {
                if f.is_some() {
                    "none".into()
                } else {
                    "—".into()
                }
            }),
        release_date: f
            .as_ref()
            .and_then(|f| f.latest_release_date.clone())
            .unwrap_or_default(),
        prerelease: f
            .as_ref()
            .and_then(|f| f.newer_prerelease.clone())
            .unwrap_or_default(),
        prerelease_title: f
            .as_ref()
            .and_then(|f| {
                let tag = f.newer_prerelease.as_ref()?;
                Some(match &f.newer_prerelease_date {
                    Some(d) => format!("newer pre-release {tag} ({d})"),
                    None => format!("newer pre-release {tag}"),
                })
            })
            .unwrap_or_default(),
        issues: v
            .github
            .as_ref()
            .and_then(|g| g.open_issues)
            .map_or_else(String::new, |n| n.to_string()),
        pulls: v
            .github
            .as_ref()
            .and_then(|g| g.open_pull_requests)
            .map_or_else(String::new, |n| format!("{n} PRs")),
        issues_title: v.github.as_ref().map_or_else(String::new, |g| {
            let n = |x: Option<u64>| x.map_or_else(|| "?".to_owned(), |x| x.to_string());
            format!(
                "on GitHub: {} open issues, {} open pull requests",
                n(g.open_issues),
                n(g.open_pull_requests)
            )
        }),
        advice: v.advice_pill(goal),
        data_area: v.area.to_owned(),
        data_advice,
        data_search: search_text(v),
    }
}

/// Lower-cased text the search box matches: name, id, area, goal, state, channels, platform use.
pub fn search_text(v: &ProjectView<'_>) -> String {
    let p = v.project;
    let mut parts = vec![p.name.clone(), v.id.clone(), v.area.to_owned()];
    parts.extend(p.goal.as_deref().map(markdown::plain));
    parts.extend(v.state_text());
    parts.extend(p.channels.iter().map(|c| c.label.clone()));
    parts.extend(p.platform_use.iter().map(|c| c.label.clone()));
    parts.join(" ").to_lowercase()
}

pub struct AreaGroup {
    pub name: String,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "catalog.html")]
pub struct CatalogPage {
    pub chrome: Chrome,
    pub intro: String,
    pub support: String,
    pub notes: String,
    pub form: FilterForm,
    pub areas: Vec<AreaGroup>,
    pub shown: usize,
    pub total: usize,
    pub platform_header: String,
    pub goal_label: String,
    pub filtered: bool,
    pub health: Vec<HealthCount>,
    /// Some project has GitHub's open issue and pull request counts: show their column.
    pub github_column: bool,
    /// How far the claims are borne out, in one sentence, with the link to
    /// the matrix on the statistics page; None when no claim was judged.
    pub claims: Option<(String, String)>,
}

/// A count on the health strip: "12 active".
pub struct HealthCount {
    pub label: String,
    pub count: usize,
    pub class: &'static str,
    pub href: String,
}

/// The catalog page. In server mode only matching rows are rendered; the
/// static site renders every row and its script applies the URL's filters.
pub fn catalog(d: &Dashboard, nav: &Nav, q: &CatalogQuery) -> CatalogPage {
    let views = ProjectView::all(d);
    // A project listed in several areas has a row in each; it counts once.
    let listed = ProjectView::listed(d);
    let goal = view::goal(q.goal.as_deref());
    let total = views.len();
    let form = FilterForm::new(&listed, q, nav);
    let mut areas: Vec<AreaGroup> = Vec::new();
    let mut shown_ids = std::collections::HashSet::new();
    for v in &listed {
        if nav.mode == Mode::Server && !q.matches(v) {
            continue;
        }
        shown_ids.insert(v.id.as_str());
        let r = row(v, nav, &goal.goal);
        match areas.last_mut() {
            Some(a) if a.name == v.area => a.rows.push(r),
            _ => areas.push(AreaGroup {
                name: v.area.to_owned(),
                rows: vec![r],
            }),
        }
    }
    let c = &d.catalog;
    CatalogPage {
        chrome: Chrome::new(d, nav, "Catalog", "catalog"),
        intro: markdown::block(&c.intro),
        support: markdown::block(&c.support),
        notes: markdown::block(&c.notes),
        filtered: q.is_filtered(),
        form,
        areas,
        shown: shown_ids.len(),
        total,
        platform_header: c.platform_header(),
        goal_label: goal.label.to_owned(),
        health: health(&views, nav),
        claims: crate::agreement::sentence_and_link(&views, nav),
        github_column: views.iter().any(|v| {
            v.github
                .as_ref()
                .is_some_and(|g| g.open_issues.is_some() || g.open_pull_requests.is_some())
        }),
    }
}

fn health(views: &[ProjectView<'_>], nav: &Nav) -> Vec<HealthCount> {
    let count = |k: &str| views.iter().filter(|v| v.lifecycle.key == k).count();
    [
        ("active", "ok"),
        ("inactive", "warn"),
        ("deprecated", "bad"),
        ("archived", "dead"),
        ("unknown", "muted"),
    ]
    .into_iter()
    .map(|(k, class)| HealthCount {
        label: if k == "unknown" {
            "not measured".to_owned()
        } else {
            k.to_owned()
        },
        count: count(k),
        class,
        href: format!("{}?lifecycle={k}", nav.page("")),
    })
    .collect()
}

pub struct AdviceRow {
    pub goal: String,
    pub pill: Pill,
    pub reasons: Vec<String>,
}

pub struct FindingView {
    pub severity: &'static str,
    pub class: &'static str,
    /// HTML (escaped Markdown).
    pub message: String,
    pub evidence: Vec<String>,
}

pub struct EvidenceLine {
    /// HTML: escaped text with its `code` spans marked up.
    pub html: String,
    pub url: Option<String>,
}

pub struct CriterionRow {
    pub id: String,
    pub title: String,
    pub weight: &'static str,
    pub kind: &'static str,
    pub status: Pill,
    pub check: String,
    pub evidence: Vec<EvidenceLine>,
    pub help: String,
}

pub struct LevelBlock {
    pub name: String,
    pub href: String,
    pub status: Pill,
    pub exit: bool,
    pub current: bool,
    pub criteria: Vec<CriterionRow>,
}

pub struct CheckRow {
    pub id: String,
    pub passed: bool,
    pub value: String,
    pub evidence: Option<EvidenceLine>,
}

pub struct Measured {
    pub head: String,
    pub head_short: String,
    pub as_of: String,
    pub url: String,
    pub partial: bool,
    pub warnings: Vec<String>,
}

#[derive(Template)]
#[template(path = "project.html")]
pub struct ProjectPage {
    pub chrome: Chrome,
    /// The project's repositories with their own figures (several, or a folder).
    pub repositories: Vec<crate::repositories::RepositoryRow>,
    pub id: String,
    pub name: String,
    pub area: String,
    pub link: Option<String>,
    pub repo: Option<LinkView>,
    pub goal: String,
    pub state: String,
    pub level: Pill,
    pub level_note: String,
    pub level_href: String,
    pub badge_href: String,
    /// What the badge says (the decided standing, else the level shown).
    pub badge_text: String,
    pub ahead: bool,
    pub lifecycle: Pill,
    pub figures: Option<Figures>,
    pub apis: Vec<ApiView>,
    pub artifacts: Vec<LinkView>,
    pub channels: Vec<LinkView>,
    pub platform: Vec<UseView>,
    pub platform_header: String,
    pub advice: Vec<AdviceRow>,
    /// GitHub's figures, a 404, or what a token would add.
    pub github: Option<crate::github::GithubView>,
    /// Measured from the cached copy after a failed fetch: the note.
    pub stale: Option<String>,
    pub findings: Vec<FindingView>,
    pub model: Option<(String, String, String)>,
    pub levels: Vec<LevelBlock>,
    pub checks: Vec<CheckRow>,
    /// OpenSSF Scorecard's git-visible checks.
    pub security: Option<crate::security::SecurityView>,
    pub activity: Option<String>,
    pub organizations: Option<String>,
    pub releases: Option<String>,
    pub badge_level: String,
    pub badge_lifecycle: String,
    pub snippet_level: String,
    pub snippet_lifecycle: String,
    pub shields: String,
    pub json: String,
    pub evidence_json: Option<String>,
    pub assessment_json: Option<String>,
    pub measured: Option<Measured>,
    pub error: Option<String>,
    pub decided: Option<String>,
    pub decided_pill: Option<Pill>,
    pub reviews: Vec<ReviewView>,
    pub history: Option<HistoryView>,
}

/// The project's stored assessments over time.
pub struct HistoryView {
    pub count: usize,
    pub first: String,
    pub last: String,
    pub trends: Vec<TrendView>,
    /// The newest snapshots, newest first.
    pub rows: Vec<HistoryRow>,
    /// Older snapshots not in the table.
    pub more: usize,
    pub json: String,
}

/// One figure's trend: its latest value, the change over the stored history and a sparkline.
pub struct TrendView {
    pub label: &'static str,
    pub value: String,
    pub change: String,
    /// `ok` when the change is for the better, `bad` when for the worse, `muted` otherwise.
    pub class: &'static str,
    pub svg: Option<String>,
}

pub struct HistoryRow {
    pub date: String,
    pub commits_365d: String,
    pub active: String,
    pub orgs: String,
    pub elephant: String,
    pub level: String,
    pub lifecycle: String,
    pub findings: String,
    pub error: Option<String>,
}

/// A figure of the history: (label, how to read it from a point, higher is better).
type Metric = (
    &'static str,
    fn(&crate::dashboard::HistoryPoint) -> Option<u64>,
    bool,
);

/// Rows the history table shows; the JSON has every snapshot.
const HISTORY_ROWS: usize = 12;

fn history_view(
    points: &[crate::dashboard::HistoryPoint],
    level_name: impl Fn(&str) -> String,
    json: String,
) -> Option<HistoryView> {
    let (first, last) = (points.first()?, points.last()?);
    let day = |t: jiff::Timestamp| t.strftime("%Y-%m-%d").to_string();
    let metrics: [Metric; 5] = [
        ("Commits in 365 days", |p| p.commits_365d, true),
        ("Active contributors", |p| p.active_contributors, true),
        ("Organisations", |p| p.organisations, true),
        ("Elephant factor", |p| p.elephant_factor, true),
        ("Findings", |p| p.findings, false),
    ];
    let trends = metrics
        .iter()
        .map(|(label, get, higher_better)| {
            let series: Vec<(jiff::Timestamp, u64)> = points
                .iter()
                .filter_map(|p| get(p).map(|v| (p.as_of, v)))
                .collect();
            let (value, change, class) = match (series.first(), series.last()) {
                (Some(a), Some(b)) if series.len() > 1 => {
                    let delta = b.1 as i64 - a.1 as i64;
                    let class = match delta.cmp(&0) {
                        std::cmp::Ordering::Equal => "muted",
                        std::cmp::Ordering::Greater if *higher_better => "ok",
                        std::cmp::Ordering::Less if !*higher_better => "ok",
                        _ => "bad",
                    };
                    let change = if delta == 0 {
                        format!("no change since {}", day(a.0))
                    } else {
                        format!("{delta:+} since {}", day(a.0))
                    };
                    (b.1.to_string(), change, class)
                }
                (Some(a), _) => (a.1.to_string(), format!("on {}", day(a.0)), "muted"),
                _ => ("—".to_owned(), "not measured".to_owned(), "muted"),
            };
            TrendView {
                label,
                value,
                change,
                class,
                svg: charts::sparkline(label, &series),
            }
        })
        .collect();
    let num = |v: Option<u64>| v.map_or_else(|| "—".to_owned(), |v| v.to_string());
    let rows = points
        .iter()
        .rev()
        .take(HISTORY_ROWS)
        .map(|p| HistoryRow {
            date: day(p.as_of),
            commits_365d: num(p.commits_365d),
            active: num(p.active_contributors),
            orgs: num(p.organisations),
            elephant: num(p.elephant_factor),
            level: p
                .supported_level
                .as_deref()
                .map_or_else(|| "none".to_owned(), &level_name),
            lifecycle: p.lifecycle.clone().unwrap_or_default(),
            findings: num(p.findings),
            error: p.error.clone(),
        })
        .collect();
    Some(HistoryView {
        count: points.len(),
        first: day(first.as_of),
        last: day(last.as_of),
        trends,
        rows,
        more: points.len().saturating_sub(HISTORY_ROWS),
        json,
    })
}

pub struct ReviewView {
    pub review: Review,
    pub minutes: Option<String>,
}

fn status_pill(s: Status) -> Pill {
    let class = match s {
        Status::Pass => "ok",
        Status::Attested => "info",
        Status::Fail => "bad",
        Status::Unknown => "muted",
    };
    Pill {
        key: s.as_str().into(),
        label: s.as_str().into(),
        class,
        title: String::new(),
    }
}

/// Evidence text for a reader: timestamps shown as days.
fn readable(text: &str) -> String {
    crate::dates::readable(text).into_owned()
}

/// A rung below the supported one: passed, even with unconfirmed criteria.
fn passed_pill(l: &radar_assess::assess::LevelResult, supported: &str) -> Pill {
    let unconfirmed = l.criteria.iter().filter(|c| !c.status.is_met()).count();
    let label = if l.status == LevelStatus::Met {
        "met"
    } else {
        "passed"
    };
    Pill {
        key: label.into(),
        label: label.into(),
        class: "ok",
        title: match unconfirmed {
            0 => format!("below the supported level, {supported}"),
            n => format!(
                "below the supported level, {supported}; {n} criteri{} not confirmed",
                if n == 1 { "on" } else { "a" }
            ),
        },
    }
}

/// An exit (archived, donated) the evidence does not show: "open" would
/// read as "under way"; it is simply not reached.
fn not_reached_pill(l: &radar_assess::assess::LevelResult) -> Pill {
    let unknown = l
        .criteria
        .iter()
        .filter(|c| c.status == Status::Unknown)
        .count();
    Pill {
        key: "not-reached".into(),
        label: "not reached".into(),
        class: "muted",
        title: match unknown {
            0 => "the evidence does not show this exit".to_owned(),
            n => format!(
                "the evidence does not show this exit; {n} criteri{} could not be checked",
                if n == 1 { "on" } else { "a" }
            ),
        },
    }
}

fn level_status_pill(s: LevelStatus) -> Pill {
    let (label, class) = match s {
        LevelStatus::Met => ("met", "ok"),
        LevelStatus::Open => ("open", "warn"),
        LevelStatus::Blocked => ("blocked", "bad"),
    };
    Pill {
        key: label.into(),
        label: label.into(),
        class,
        title: String::new(),
    }
}

/// A link to `path:line` in the repository at the measured commit, for hosts
/// whose URL layout is known (GitHub, GitLab).
pub fn file_link(repo: &str, head: &str, evidence: &str) -> Option<String> {
    let repo = link(repo)?.trim_end_matches('/').trim_end_matches(".git");
    let (path, line) = match evidence.rsplit_once(':') {
        Some((p, l)) if l.chars().all(|c| c.is_ascii_digit()) && !l.is_empty() => (p, Some(l)),
        _ => (evidence, None),
    };
    if path.is_empty() || path.contains(' ') || path.starts_with('/') || path.contains("..") {
        return None;
    }
    let lower = repo.to_ascii_lowercase();
    let base = if lower.starts_with("https://github.com/") {
        format!("{repo}/blob/{head}/{path}")
    } else if lower.starts_with("https://gitlab.com/") {
        format!("{repo}/-/blob/{head}/{path}")
    } else {
        return None;
    };
    Some(match line {
        Some(l) => format!("{base}#L{l}"),
        None => base,
    })
}

/// The absolute URL of a site file for snippets: `public_url` when known,
/// else the path as a relative link.
fn public(options: &Options, path: &str) -> String {
    match &options.public_url {
        Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
        None => path.to_owned(),
    }
}

pub fn project(d: &Dashboard, options: &Options, nav: &Nav, v: &ProjectView<'_>) -> ProjectPage {
    let p = v.project;
    let a = v.assessment();
    let e = v.evidence();
    let id_seg = segment(&v.id);
    let route = |target: Option<&(String, String)>| {
        target.map(|(m, l)| format!("level/{}/{}", segment(m), segment(l)))
    };
    let level_href =
        route(v.level.target.as_ref()).map_or_else(|| nav.page("levels"), |r| nav.page(&r));
    // The badge links to the level it shows (the decided one, when there is one).
    let badge_route = route(v.badge_level().target.as_ref());
    let badge_href = badge_route
        .as_deref()
        .map_or_else(|| nav.page("levels"), |r| nav.page(r));
    let level_public = match (&options.public_url, &badge_route, nav.mode) {
        (Some(_), Some(r), Mode::Server) => public(options, r),
        (Some(_), Some(r), Mode::Static) => public(options, &format!("{r}.html")),
        (Some(_), None, Mode::Server) => public(options, "levels"),
        (Some(_), None, Mode::Static) => public(options, "levels.html"),
        (None, _, _) => badge_href.clone(),
    };
    let page_public = match nav.mode {
        Mode::Server => public(options, &format!("project/{id_seg}")),
        Mode::Static => public(options, &format!("project/{id_seg}.html")),
    };
    let badge_path = format!("badge/{id_seg}.svg");
    let lifecycle_path = format!("badge/{id_seg}/lifecycle.svg");
    let advice = match a {
        Some(a) => GOALS
            .iter()
            .map(|g| {
                let adv = radar_assess::advise(a, &g.goal);
                AdviceRow {
                    goal: g.label.to_owned(),
                    pill: view::verdict_pill(adv.verdict, String::new()),
                    reasons: adv.reasons.iter().map(|r| readable(r)).collect(),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let findings = a
        .map(|a| {
            a.findings
                .iter()
                .map(|f| FindingView {
                    severity: f.severity.as_str(),
                    class: match f.severity {
                        Severity::Error => "bad",
                        Severity::Warning => "warn",
                        Severity::Info => "info",
                    },
                    // Messages quote values in backticks: shown as code. The
                    // Markdown writer escapes whatever else they quote.
                    message: markdown::inline(&readable(&f.message)),
                    evidence: f.evidence.iter().map(|e| readable(e)).collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let evidence_json = e.map(|_| nav.file(&format!("api/projects/{id_seg}/evidence.json")));
    let assessment_json = a.map(|_| nav.file(&format!("api/projects/{id_seg}/assessment.json")));
    let shown_level = a.and_then(|a| {
        a.exit
            .as_ref()
            .or(a.supported.as_ref())
            .map(|l| l.id.clone())
    });
    let levels = a
        .map(|a| {
            let model = a.model.as_ref().map(|m| m.id.clone()).unwrap_or_default();
            // Rungs below the one the evidence supports were passed on the way
            // up (none of their `must` criteria fails), even where some are
            // unconfirmed: "open" would read as "not met".
            let supported = a.supported.as_ref().and_then(|s| {
                a.levels
                    .iter()
                    .position(|l| l.id == s.id)
                    .map(|i| (i, s.name.clone()))
            });
            a.levels
                .iter()
                .enumerate()
                .map(|(i, l)| LevelBlock {
                    name: l.name.clone(),
                    href: nav.level(&model, &l.id),
                    status: match &supported {
                        _ if l.exit && l.status != LevelStatus::Met => not_reached_pill(l),
                        Some((at, name)) if i < *at && !l.exit => passed_pill(l, name),
                        _ => level_status_pill(l.status),
                    },
                    exit: l.exit,
                    current: shown_level.as_deref() == Some(l.id.as_str()),
                    criteria: l
                        .criteria
                        .iter()
                        .map(|c| {
                            let mut evidence: Vec<EvidenceLine> = c
                                .evidence
                                .iter()
                                .map(|t| EvidenceLine {
                                    html: markdown::code_spans(&readable(t)),
                                    url: if c.kind == radar_assess::criteria::Kind::Automatic {
                                        evidence_json.clone()
                                    } else {
                                        None
                                    },
                                })
                                .collect();
                            if let Some(att) = &c.attestation {
                                evidence.push(EvidenceLine {
                                    html: markdown::code_spans(&format!(
                                        "attestation evidence: {}",
                                        att.evidence
                                    )),
                                    url: link(&att.evidence).map(str::to_owned),
                                });
                            }
                            CriterionRow {
                                id: c.id.clone(),
                                title: c.title.clone(),
                                weight: match c.weight {
                                    Weight::Must => "must",
                                    Weight::Should => "should",
                                },
                                kind: match c.kind {
                                    radar_assess::criteria::Kind::Automatic => "automatic",
                                    radar_assess::criteria::Kind::Manual => "manual",
                                },
                                status: status_pill(c.status),
                                check: c.check.clone().unwrap_or_default(),
                                evidence,
                                help: c.help.clone().unwrap_or_default(),
                            }
                        })
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let checks = e
        .map(|e| {
            e.checks
                .iter()
                .map(|(id, c)| CheckRow {
                    id: id.replace('_', " "),
                    passed: c.passed,
                    value: c
                        .value
                        .as_ref()
                        .map(|v| match v {
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .unwrap_or_default(),
                    evidence: c.evidence.as_ref().map(|ev| EvidenceLine {
                        html: markdown::code_spans(ev),
                        url: p.repo.as_deref().and_then(|r| file_link(r, &e.head, ev)),
                    }),
                })
                .collect()
        })
        .unwrap_or_default();
    let security = e.and_then(|e| crate::security::view(p.repo.as_deref(), e));
    let data = v.data;
    let models = &d.models;
    ProjectPage {
        chrome: Chrome::new(d, nav, p.name.clone(), "catalog"),
        repositories: crate::repositories::rows(p, e),
        id: v.id.clone(),
        name: p.name.clone(),
        area: v.area.to_owned(),
        link: p.link.as_deref().and_then(link).map(str::to_owned),
        repo: p.repo.as_deref().map(|r| LinkView::new(r, Some(r))),
        goal: p.goal.as_deref().map(markdown::inline).unwrap_or_default(),
        state: v.state_text().unwrap_or_else(|| "not stated".to_owned()),
        level: v.level.pill.clone(),
        level_note: readable(&v.level.note),
        level_href,
        badge_href,
        badge_text: crate::site::level_message(v).0,
        ahead: v.level.ahead,
        lifecycle: v.lifecycle.clone(),
        figures: v.figures.clone(),
        apis: apis(p),
        artifacts: p
            .artifacts
            .iter()
            .map(|a| LinkView::new(&a.label, a.url.as_deref()))
            .collect(),
        channels: p
            .channels
            .iter()
            .map(|c| LinkView::new(&c.label, c.url.as_deref()))
            .collect(),
        platform: uses(p, a),
        platform_header: d.catalog.platform_header(),
        advice,
        github: crate::github::view(
            v.data.and_then(|d| d.github.as_ref()),
            a,
            e.is_some(),
            p.repo.as_deref(),
        ),
        stale: v.stale.as_ref().map(|s| s.note()),
        findings,
        model: a
            .and_then(|a| a.model.as_ref())
            .map(|m| (m.name.clone(), m.reason.clone(), nav.page("levels"))),
        levels,
        checks,
        security,
        activity: e.and_then(|e| charts::activity(e, 36)),
        organizations: e.and_then(charts::organizations),
        releases: e.and_then(charts::releases),
        badge_level: nav.file(&badge_path),
        badge_lifecycle: nav.file(&lifecycle_path),
        snippet_level: format!(
            "[![maturity: {}]({})]({level_public})",
            crate::site::level_message(v).0,
            public(options, &badge_path)
        ),
        snippet_lifecycle: format!(
            "[![lifecycle: {}]({})]({page_public})",
            v.lifecycle.label,
            public(options, &lifecycle_path)
        ),
        shields: nav.file(&format!("api/badge/{id_seg}.json")),
        json: nav.file(&format!("api/projects/{id_seg}.json")),
        evidence_json,
        assessment_json,
        measured: e.map(|e| Measured {
            head: e.head.clone(),
            head_short: e.head.chars().take(12).collect(),
            as_of: e.as_of.strftime("%Y-%m-%d").to_string(),
            url: e.repository.url.clone(),
            partial: e.repository.partial || e.history.partial,
            warnings: e.warnings.clone(),
        }),
        error: data.and_then(|d| d.error.clone()),
        decided: data.and_then(|d| d.decided.clone()),
        decided_pill: v.decided.as_ref().map(|l| l.pill.clone()),
        history: data.and_then(|d| {
            // Stored level ids (`archive`) are shown by their names (`archived`).
            let model = d
                .assessment
                .as_ref()
                .and_then(|a| a.model.as_ref())
                .and_then(|m| models.get(&m.id))
                .or_else(|| models.select(p).model);
            let name = |id: &str| {
                model
                    .and_then(|m| m.levels.iter().find(|l| l.id == id))
                    .map_or_else(|| id.to_owned(), |l| l.name.to_lowercase())
            };
            history_view(
                &d.history,
                name,
                nav.file(&format!("api/projects/{id_seg}/history.json")),
            )
        }),
        reviews: data
            .map(|d| {
                d.reviews
                    .iter()
                    .map(|r| ReviewView {
                        minutes: r.minutes.as_deref().and_then(link).map(str::to_owned),
                        review: r.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

pub struct ModelView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub source: Option<String>,
    pub bodies: String,
    pub levels: Vec<LevelLink>,
}

pub struct LevelLink {
    pub name: String,
    pub href: String,
    pub tier: String,
    pub class: &'static str,
    pub exit: bool,
    pub summary: String,
    pub criteria: usize,
    pub projects: usize,
}

#[derive(Template)]
#[template(path = "levels.html")]
pub struct LevelsPage {
    pub chrome: Chrome,
    pub models: Vec<ModelView>,
}

/// Assessed projects whose shown level (supported, or an exit) is `level` of `model`.
fn at_level<'a>(
    views: &'a [ProjectView<'a>],
    model: &str,
    level: &str,
) -> Vec<&'a ProjectView<'a>> {
    views
        .iter()
        .filter(|v| {
            v.assessment().is_some()
                && v.level.pill.key == level
                && v.level
                    .target
                    .as_ref()
                    .is_some_and(|(m, l)| m == model && l == level)
        })
        .collect()
}

pub fn levels(d: &Dashboard, nav: &Nav) -> LevelsPage {
    let views = ProjectView::all(d);
    let models = d
        .models
        .iter()
        .map(|m| ModelView {
            id: m.id.clone(),
            name: m.name.clone(),
            description: m.description.clone().unwrap_or_default(),
            source: link(&m.source).map(str::to_owned),
            bodies: m.bodies.join(", "),
            levels: m
                .levels
                .iter()
                .map(|l| LevelLink {
                    name: l.name.clone(),
                    href: nav.level(&m.id, &l.id),
                    tier: l.tier.map(|t| t.as_str().to_owned()).unwrap_or_default(),
                    class: view::tier_class(l.tier),
                    exit: l.exit,
                    summary: l.summary.clone().unwrap_or_default(),
                    criteria: l.criteria.len(),
                    projects: at_level(&views, &m.id, &l.id).len(),
                })
                .collect(),
        })
        .collect();
    LevelsPage {
        chrome: Chrome::new(d, nav, "Maturity levels", "levels"),
        models,
    }
}

pub struct CriterionSpec {
    pub id: String,
    pub title: String,
    pub weight: &'static str,
    pub check: String,
    pub manual: bool,
    pub help: String,
    pub source: Option<String>,
    pub source_text: String,
}

pub struct ProjectLink {
    pub name: String,
    pub href: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "level.html")]
pub struct LevelPage {
    pub chrome: Chrome,
    pub model_name: String,
    pub model_source: Option<String>,
    pub name: String,
    pub tier: String,
    pub class: &'static str,
    pub exit: bool,
    pub summary: String,
    pub source: Option<String>,
    pub claims: String,
    pub criteria: Vec<CriterionSpec>,
    pub projects: Vec<ProjectLink>,
    pub claiming: Vec<ProjectLink>,
    pub previous: Option<(String, String)>,
    pub next: Option<(String, String)>,
}

pub fn level(d: &Dashboard, nav: &Nav, model_id: &str, level_id: &str) -> Option<LevelPage> {
    let m = d.models.get(model_id)?;
    let idx = m.levels.iter().position(|l| l.id == level_id)?;
    let l = &m.levels[idx];
    let views = ProjectView::all(d);
    let projects = at_level(&views, model_id, level_id)
        .into_iter()
        .map(|v| ProjectLink {
            name: v.project.name.clone(),
            href: nav.project(&v.id),
            note: v.level.note.clone(),
        })
        .collect();
    let claiming = views
        .iter()
        .filter(|v| {
            let claim = v.project.state.as_ref().map_or(Level::Unknown, |s| s.level);
            claim != Level::Unknown
                && l.claims.contains(&claim)
                && d.models
                    .select(v.project)
                    .model
                    .is_some_and(|sel| sel.id == m.id)
        })
        .map(|v| ProjectLink {
            name: v.project.name.clone(),
            href: nav.project(&v.id),
            note: v.state_text().unwrap_or_default(),
        })
        .collect();
    let sibling = |i: Option<usize>| {
        i.and_then(|i| m.levels.get(i))
            .map(|s| (s.name.clone(), nav.level(&m.id, &s.id)))
    };
    Some(LevelPage {
        chrome: Chrome::new(d, nav, format!("{} — {}", l.name, m.name), "levels"),
        model_name: m.name.clone(),
        model_source: link(&m.source).map(str::to_owned),
        name: l.name.clone(),
        tier: l.tier.map(|t| t.as_str().to_owned()).unwrap_or_default(),
        class: view::tier_class(l.tier),
        exit: l.exit,
        summary: l.summary.clone().unwrap_or_default(),
        source: l.source.as_deref().and_then(link).map(str::to_owned),
        claims: l
            .claims
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        criteria: l
            .criteria
            .iter()
            .map(|c| CriterionSpec {
                id: c.id.clone(),
                title: c.title.clone(),
                weight: match c.weight {
                    Weight::Must => "must",
                    Weight::Should => "should",
                },
                check: match &c.kind {
                    radar_assess::model::CriterionKind::Automatic(e) => e.source().to_owned(),
                    radar_assess::model::CriterionKind::Manual => String::new(),
                    radar_assess::model::CriterionKind::Proxy { proxy, .. } => {
                        proxy.source().to_owned()
                    }
                },
                manual: matches!(
                    c.kind,
                    radar_assess::model::CriterionKind::Manual
                        | radar_assess::model::CriterionKind::Proxy { .. }
                ),
                help: c.help.clone().unwrap_or_default(),
                source: c.source.as_deref().and_then(link).map(str::to_owned),
                source_text: c.source.clone().unwrap_or_default(),
            })
            .collect(),
        projects,
        claiming,
        previous: sibling(idx.checked_sub(1)),
        next: sibling(Some(idx + 1)),
    })
}

pub struct Bar {
    pub label: String,
    pub count: usize,
    pub width: usize,
    pub class: &'static str,
    pub href: String,
}

pub struct StatBlock {
    pub title: String,
    pub bars: Vec<Bar>,
}

#[derive(Template)]
#[template(path = "stats.html")]
pub struct StatsPage {
    pub chrome: Chrome,
    pub total: usize,
    pub assessed: usize,
    pub measured: usize,
    pub flagged: usize,
    pub ahead: usize,
    pub blocks: Vec<StatBlock>,
    /// GitHub's figures over the catalog, when some project has them.
    pub github: Option<crate::api::GithubStats>,
    /// Claims and evidence, when some claim could be judged.
    pub agreement: Option<crate::agreement::AgreementView>,
}

pub fn stats(d: &Dashboard, nav: &Nav) -> StatsPage {
    let s = crate::api::stats(d);
    let home = nav.page("");
    let block = |title: &str, counts: &[crate::api::Count], param: &str| {
        let max = counts.iter().map(|c| c.count).max().unwrap_or(1).max(1);
        StatBlock {
            title: title.to_owned(),
            bars: counts
                .iter()
                .map(|c| Bar {
                    label: c.label.clone(),
                    count: c.count,
                    width: c.count * 300 / max,
                    class: c.class,
                    href: format!("{home}?{param}={}", crate::filter::query_value(&c.key)),
                })
                .collect(),
        }
    };
    let mut blocks = vec![
        block("Projects per area", &s.areas, "area"),
        block("Projects per level", &s.levels, "level"),
        block("Projects per lifecycle", &s.lifecycle, "lifecycle"),
        block("Advice for production", &s.advice_production, "advice"),
    ];
    if let Some(g) = s.github.as_ref().filter(|g| !g.open_per_project.is_empty()) {
        // Each bar links to its project, not to a filter.
        let mut b = block(
            "Open issues and pull requests on GitHub",
            &g.open_per_project[..g.open_per_project.len().min(12)],
            "q",
        );
        for (bar, c) in b.bars.iter_mut().zip(&g.open_per_project) {
            bar.href = nav.project(&c.key);
        }
        blocks.push(b);
    }
    StatsPage {
        chrome: Chrome::new(d, nav, "Statistics", "stats"),
        total: s.projects,
        assessed: s.assessed,
        measured: s.measured,
        flagged: s.flagged,
        ahead: s.claims_ahead_of_evidence,
        blocks,
        agreement: crate::agreement::view(d, nav, &s.agreement),
        github: s.github,
    }
}

#[derive(Template)]
#[template(path = "404.html")]
pub struct NotFoundPage {
    pub chrome: Chrome,
    pub path: String,
}

pub fn not_found(d: &Dashboard, nav: &Nav, path: &str) -> NotFoundPage {
    NotFoundPage {
        chrome: Chrome::new(d, nav, "Not found", ""),
        path: path.to_owned(),
    }
}
