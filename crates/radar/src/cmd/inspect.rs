//! `radar inspect <PATH|URL>`: measure one repository and print its evidence,
//! with GitHub's figures beside the git ones when a token is set.
//!
//! GitHub is asked only with a token (`GITHUB_TOKEN`/`GITHUB_TOKENS`;
//! GitHub Enterprise through `RADAR_GITHUB_API`), like `radar assess`, and
//! never offline (`--no-fetch`, or when the fetch failed and the cached copy
//! is measured). Without a token the output says in one line what a token
//! would add.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use radar_evidence::{Affiliations, Cache, Check, Evidence, FetchOptions, InspectOptions};
use radar_pipeline::GithubAnswer;
use serde_json::Value;

mod security;

#[derive(clap::Args)]
pub struct Args {
    /// A local repository (bare or not; read in place) or a URL to clone or fetch into the cache
    /// (https://, file://; your git config's url.<base>.insteadOf rewrites apply).
    pub target: String,
    /// Compute every figure as of this date: YYYY-MM-DD (the end of that day, UTC) or an RFC 3339 timestamp.
    #[arg(long, value_name = "DATE", value_parser = radar_evidence::parse_as_of)]
    pub as_of: Option<jiff::Timestamp>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Where remote repositories are cached [default: $RADAR_CACHE_DIR, else $XDG_CACHE_HOME/radar/repos, else ~/.cache/radar/repos].
    #[arg(long, value_name = "DIR", env = "RADAR_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Affiliation file (cncf/gitdm formats) mapping emails and domains to employers, overriding email domains.
    #[arg(long, value_name = "FILE")]
    pub affiliations: Option<PathBuf>,
    /// Do not fetch: use the cached copy as it is (error if it was never fetched).
    #[arg(long)]
    pub no_fetch: bool,
    /// Give up a clone or fetch after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub timeout: u64,
    /// Measure a folder of the repository (a project in a monorepo, e.g. `cluster-autoscaler/cloudprovider/azure`):
    /// history is the commits that touch it (as `git log -- FOLDER`), file checks read it before the root.
    #[arg(long, value_name = "FOLDER")]
    pub path: Option<String>,
    /// Window in days for the elephant factor, contributor absence factor and organisation window shares.
    #[arg(long, value_name = "DAYS", default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub window_days: u32,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let _reading = radar_pipeline::reading::reading(args.target.clone());
    let affiliations = args
        .affiliations
        .as_deref()
        .map(Affiliations::load)
        .transpose()
        .context("loading the affiliation file")?;
    let cache = Cache::new(args.cache_dir.clone().unwrap_or_else(Cache::default_dir));
    let multi = indicatif::MultiProgress::new();
    let fetch = FetchOptions {
        timeout: Duration::from_secs(args.timeout.max(1)),
        no_fetch: args.no_fetch,
        progress: Some(super::transfers::sink(Some(&multi))),
        ..Default::default()
    };
    if matches!(
        radar_evidence::Source::parse(&args.target),
        radar_evidence::Source::Url(_)
    ) && !args.no_fetch
    {
        eprintln!("fetching {} into {}", args.target, cache.root().display());
    }
    let (synced, stale) = sync(&cache, &args.target, &fetch)?;
    let opts = InspectOptions {
        as_of: args.as_of,
        window_days: args.window_days,
        affiliations,
        source: Some(args.target.clone()),
        path: args.path.clone(),
        ..Default::default()
    };
    let mut evidence = synced
        .inspect(&opts)
        .with_context(|| format!("inspecting {}", synced.git_dir.display()))?;
    // The owner's `.github` repository fills the community files this one lacks.
    radar_pipeline::org_defaults::OrgDefaultsCache::new(
        radar_pipeline::org_defaults::enterprise_hosts_from_env(),
    )
    .apply(&cache, &fetch, &args.target, &mut evidence);
    let github = github(&args, &cache, &evidence, args.no_fetch || stale.is_some())?;
    // GitHub's answers for the security checks it can give (Code-Review, release assets).
    if let (Github::Answer(GithubAnswer::Facts(facts)), Some(sec)) =
        (&github, evidence.security.as_mut())
    {
        radar_evidence::security::apply_github(sec, facts);
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            use std::io::Write;
            // The evidence with GitHub's answer under the keys the assessment reads.
            let mut doc = serde_json::to_value(&evidence)?;
            if let Some(map) = doc.as_object_mut() {
                match &github {
                    Github::Answer(GithubAnswer::Facts(facts)) => {
                        map.insert("github".into(), (**facts).clone());
                    }
                    Github::Answer(answer @ GithubAnswer::NotFound(_)) => {
                        if let Some(e) = answer.error_doc() {
                            map.insert(radar_pipeline::github::GITHUB_ERROR_KEY.into(), e);
                        }
                    }
                    _ => {}
                }
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
            // Not in the JSON: say on stderr why GitHub's figures are missing.
            if let Some(line) = github.note() {
                eprintln!("github: {line}");
            }
        }
        Format::Text => {
            text(&mut out, &evidence)?;
            github_text(&mut out, &github)?;
        }
    }
    if let Some(stale) = stale {
        eprintln!("warning: {stale}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Syncs `target`; when fetching fails but the cache holds a copy, the copy
/// is used and the second value says so (the fetch's cause, the copy's date).
fn sync(
    cache: &Cache,
    target: &str,
    fetch: &FetchOptions,
) -> Result<(radar_evidence::Synced, Option<String>)> {
    let err = match cache.sync(target, fetch) {
        Ok(synced) => return Ok((synced, None)),
        Err(e) => e,
    };
    tracing::info!("{target}: {}", err.detail());
    let Some(cause) = err.fetch_cause() else {
        return Err(anyhow::Error::new(err).context(format!("getting {target}")));
    };
    let offline = FetchOptions {
        no_fetch: true,
        ..fetch.clone()
    };
    if !fetch.no_fetch
        && let Ok(synced) = cache.sync(target, &offline)
    {
        let when = radar_evidence::last_fetched(&synced.git_dir).map_or_else(
            || "at an unknown date".to_owned(),
            |t| format!("last fetched {}", t.strftime("%Y-%m-%d")),
        );
        return Ok((
            synced,
            Some(format!(
                "fetch failed: {cause}; measured the cached copy {when}"
            )),
        ));
    }
    // The cause in a few words (the whole chain is logged with -v).
    let mut message = err.to_string();
    if cause.is_network() {
        message.push_str("\nhint: no network? `radar inspect --no-fetch` uses the cache; `url.<base>.insteadOf` points Radar at mirrors");
    }
    Err(anyhow::anyhow!(message).context(format!("getting {target}")))
}

/// GitHub's part of the output.
enum Github {
    /// No token: GitHub is not asked.
    NoToken,
    /// A token, but offline: GitHub is not asked either.
    Offline,
    Answer(GithubAnswer),
}

impl Github {
    /// Why there are no figures, in one line (`None` when there are).
    fn note(&self) -> Option<String> {
        match self {
            Github::NoToken => Some(radar_pipeline::token_note()),
            Github::Offline => Some("not asked: offline (--no-fetch, or the fetch failed)".into()),
            Github::Answer(GithubAnswer::NotOnGithub) => Some(
                "not a repository on the configured GitHub host (RADAR_GITHUB_API sets a GitHub Enterprise server)".into(),
            ),
            Github::Answer(GithubAnswer::NotFound(m) | GithubAnswer::Failed(m)) => Some(clean(m)),
            Github::Answer(GithubAnswer::Facts(_)) => None,
        }
    }
}

fn github(args: &Args, cache: &Cache, evidence: &Evidence, offline: bool) -> Result<Github> {
    let options = radar_pipeline::Options {
        cache_dir: cache.root().to_owned(),
        ..Default::default()
    };
    let Some(client) = radar_pipeline::github_from_env(&options)? else {
        return Ok(Github::NoToken);
    };
    if offline {
        return Ok(Github::Offline);
    }
    let rt = super::db::runtime()?;
    Ok(Github::Answer(radar_pipeline::ask_github(
        &client,
        rt.handle(),
        &args.target,
        evidence.as_of,
    )))
}

fn github_text(out: &mut impl std::io::Write, g: &Github) -> std::io::Result<()> {
    let Github::Answer(GithubAnswer::Facts(f)) = g else {
        let note = g.note().unwrap_or_default();
        return writeln!(out, "github         {note}");
    };
    let at = |path: &[&str]| {
        path.iter()
            .try_fold(&**f, |v, k| v.get(*k))
            .filter(|v| !v.is_null())
    };
    let num = |path: &[&str]| at(path).map_or_else(|| "?".to_owned(), |v| v.to_string());
    let s = |path: &[&str]| at(path).and_then(Value::as_str).map(clean);
    let yes = |path: &[&str]| match at(path).and_then(Value::as_bool) {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "?",
    };
    writeln!(
        out,
        "github         {} (as of {}): {} stars, {} forks; {} open issues, {} open pull requests; archived: {}",
        s(&["full_name"])
            .or_else(|| s(&["repository"]))
            .unwrap_or_default(),
        s(&["fetched_at"]).map_or_else(|| "?".to_owned(), |t| t.chars().take(10).collect()),
        num(&["stars"]),
        num(&["forks"]),
        num(&["open_issues"]),
        num(&["open_pull_requests"]),
        match at(&["archived"]).and_then(Value::as_bool) {
            Some(true) => "YES",
            Some(false) => "no",
            None => "?",
        }
    )?;
    if let Some(new) = s(&["renamed_to"]) {
        writeln!(
            out,
            "               moved to {new}: the catalog should use {}",
            s(&["html_url"]).unwrap_or_else(|| format!("https://github.com/{new}"))
        )?;
    }
    if at(&["merged_pull_requests"]).is_some() || at(&["first_response"]).is_some() {
        let window =
            at(&["merged_pull_requests", "window_days"]).or(at(&["first_response", "window_days"]));
        writeln!(
            out,
            "               last {} days: {} pull requests merged, {} reviewed by someone other than the author; first response median {} ({} opened, {} answered within 48 h)",
            window.map_or_else(|| "90".to_owned(), |v| v.to_string()),
            num(&["merged_pull_requests", "merged"]),
            share(at(&["merged_pull_requests", "reviewed_share"])),
            at(&["first_response", "all", "median_hours"])
                .and_then(Value::as_f64)
                .map_or_else(|| "?".to_owned(), |h| format!("{h:.1} h")),
            num(&["first_response", "all", "opened"]),
            share(at(&["first_response", "all", "answered_within_48h_share"])),
        )?;
    }
    if let Some(pr) = at(&["latest_merged_pull_request", "number"]) {
        writeln!(
            out,
            "               latest merged pull request #{pr}: CLA {}, DCO {}, CI {} ({} failed)",
            yes(&["latest_merged_pull_request", "has_cla"]),
            yes(&["latest_merged_pull_request", "has_dco"]),
            yes(&["latest_merged_pull_request", "has_ci"]),
            num(&["latest_merged_pull_request", "ci_failed"]),
        )?;
    }
    if at(&["releases"]).is_some() || at(&["community"]).is_some() {
        writeln!(
            out,
            "               GitHub releases {} (latest {}), {} of the recent ones with assets signed; community profile {}%",
            num(&["releases", "total"]),
            s(&["releases", "latest", "tag"]).unwrap_or_else(|| "-".into()),
            num(&["releases", "signed"]),
            num(&["community", "health_percentage"]),
        )?;
    }
    if let Some(unknown) = at(&["unknown"])
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
    {
        for (key, why) in unknown {
            writeln!(
                out,
                "               unknown {}: {}",
                clean(key),
                clean(why.as_str().unwrap_or(""))
            )?;
        }
    }
    Ok(())
}

fn share(v: Option<&Value>) -> String {
    v.and_then(Value::as_f64)
        .map_or_else(|| "?".to_owned(), pct)
}

// Untrusted text (README lines, tag and organisation names) may hold
// terminal control sequences: shown escaped, as in every report.
use radar_pipeline::report::clean;

/// A list on one line: the first eight items, then how many more there are.
fn first_eight(items: impl ExactSizeIterator<Item = String>) -> String {
    let more = items.len().saturating_sub(8);
    let shown: Vec<String> = items.take(8).collect();
    let mut line = shown.join(", ");
    if more > 0 {
        line.push_str(&format!(" … {more} more"));
    }
    line
}

fn day(ts: Option<jiff::Timestamp>) -> String {
    ts.map_or_else(|| "-".into(), |t| t.strftime("%Y-%m-%d").to_string())
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn text(out: &mut impl std::io::Write, e: &Evidence) -> std::io::Result<()> {
    let h = &e.history;
    match &e.repository.path_filter {
        Some(folder) => writeln!(
            out,
            "{}  folder {}",
            clean(&e.repository.url),
            clean(folder)
        )?,
        None => writeln!(out, "{}", clean(&e.repository.url))?,
    }
    writeln!(
        out,
        "  commit {} on {}, as of {}{}",
        &e.head[..e.head.len().min(12)],
        clean(
            e.repository
                .default_branch
                .as_deref()
                .unwrap_or("(detached)")
        ),
        e.as_of.strftime("%Y-%m-%d %H:%M UTC"),
        if e.repository.partial {
            "  [PARTIAL HISTORY]"
        } else {
            ""
        }
    )?;
    writeln!(out)?;
    writeln!(out, "lifecycle      {}", e.lifecycle.status.as_str())?;
    if let Some(ev) = &e.lifecycle.evidence {
        writeln!(out, "               {}", clean(ev))?;
    }
    writeln!(
        out,
        "history        {} commits, {} contributors{}, first {}, last {}, age {} days",
        h.commits,
        h.contributors,
        match h.bots {
            0 => String::new(),
            1 => " (1 of them a bot)".to_owned(),
            n => format!(" ({n} of them bots)"),
        },
        day(h.first_commit),
        day(h.last_commit),
        h.age_days
    )?;
    writeln!(
        out,
        "               last 90 days: {} commits by {} authors; last 365 days: {} commits by {} authors",
        h.commits_90d, h.active_contributors_90d, h.commits_365d, h.active_contributors_365d
    )?;
    let o = &e.organizations;
    writeln!(
        out,
        "organisations  elephant factor {} (last {} days), {} all time; contributor absence factor {}",
        o.elephant_factor, o.window_days, o.elephant_factor_all_time, e.contributor_absence_factor
    )?;
    writeln!(
        out,
        "               {} organisations in the window; independent {}, unknown {}, bots {} of window commits",
        o.count_365d,
        pct(o.independent_share_365d),
        pct(o.unknown_share_365d),
        pct(o.bots_share_365d)
    )?;
    if !o.personal_domains.is_empty() {
        writeln!(
            out,
            "               one person's own domains, counted as independent: {}",
            first_eight(o.personal_domains.iter().map(|d| clean(d)))
        )?;
    }
    for org in o.list.iter().take(10) {
        writeln!(
            out,
            "               {:<28} {:>7} commits {:>6}   window {:>6} {:>6}   authors {}",
            clean(&org.name),
            org.commits,
            pct(org.share),
            org.commits_365d,
            pct(org.share_365d),
            org.contributors
        )?;
    }
    if o.list.len() > 10 {
        writeln!(
            out,
            "               … {} more (see --format json)",
            o.list.len() - 10
        )?;
    }
    let r = &e.releases;
    let rel = |x: &Option<radar_evidence::Release>| {
        x.as_ref().map_or_else(
            || "-".into(),
            |x| format!("{} ({})", clean(&x.tag), day(Some(x.date))),
        )
    };
    writeln!(
        out,
        "releases       {} version tags (+{} other tags); product line: {}, {} in the last 365 days, 1.0 reached: {}",
        r.count,
        r.other_tags,
        r.product_count,
        r.count_365d,
        if r.reached_1_0 { "yes" } else { "no" }
    )?;
    writeln!(
        out,
        "               latest {}, latest stable {}, highest {}, median {} days apart",
        rel(&r.latest),
        rel(&r.latest_stable),
        rel(&r.highest),
        r.median_days_between
            .map_or_else(|| "-".into(), |m| format!("{m}"))
    )?;
    if !r.submodules.is_empty() {
        writeln!(
            out,
            "               sub-modules (not the product line): {}",
            first_eight(r.submodules.values().map(|s| rel(&Some(s.clone()))))
        )?;
    }
    writeln!(out, "checks")?;
    for def in radar_evidence::checks::all() {
        let Some(c) = e.checks.get(def.id) else {
            continue;
        };
        writeln!(
            out,
            "  {} {:<32} {}",
            if c.passed { "✓" } else { "✗" },
            def.title,
            check_line(c)
        )?;
    }
    if let Some(s) = &e.security {
        security::text(out, s)?;
    }
    if !e.warnings.is_empty() {
        writeln!(out, "warnings")?;
        for w in &e.warnings {
            writeln!(out, "  {}", clean(w))?;
        }
    }
    Ok(())
}

fn check_line(c: &Check) -> String {
    let value = match &c.value {
        Some(serde_json::Value::String(s)) => format!("{s}  "),
        Some(v) => format!("{v}  "),
        None => String::new(),
    };
    let note = match (&c.reference, &c.origin) {
        (_, Some(o)) => format!("  (inherited from {})", o.repository),
        (Some(r), None) if r.kind == radar_evidence::ReferenceKind::Heading => {
            "  (a README section)".to_owned()
        }
        (Some(r), None) => format!(
            "  (README link to {}: not a file in this repository)",
            r.target.as_deref().unwrap_or("?")
        ),
        (None, None) => String::new(),
    };
    clean(&format!(
        "{value}{}{note}",
        c.evidence.as_deref().unwrap_or("")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(clean("a\u{1b}[31mred"), "a\\u{1b}[31mred");
    }

    #[test]
    fn long_lists_name_eight_and_count_the_rest() {
        let items = |n: usize| {
            (1..=n)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(first_eight(items(3)), "1, 2, 3");
        assert_eq!(first_eight(items(8)), "1, 2, 3, 4, 5, 6, 7, 8");
        assert_eq!(first_eight(items(11)), "1, 2, 3, 4, 5, 6, 7, 8 … 3 more");
    }
}
