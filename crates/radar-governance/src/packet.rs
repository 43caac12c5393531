//! The quarterly review packet: a Markdown document for the TOC meeting with,
//! per project, the evidence summary, its momentum since the previous quarter,
//! the criteria still missing for the next level, findings, and its review
//! history.
//!
//! The generator takes plain input structs, filled by the caller from the
//! evidence and assessment crates (or by tests, with synthetic figures), so
//! this crate does not depend on git or on the maturity models. Every piece of
//! text that comes from a catalog, a repository or the records is escaped.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::engine::{DecidedBy, Tally};
use crate::markdown::{code, link, text};
use crate::quarter::Quarter;
use crate::render::describe_base;

/// A project's evidence figures at one date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    /// The date the figures are computed for.
    pub as_of: Option<Date>,
    /// The commit measured (shown shortened).
    pub head: Option<String>,
    pub commits: u64,
    pub contributors: u64,
    pub commits_90d: u64,
    pub active_contributors_90d: u64,
    pub organizations_365d: u64,
    pub elephant_factor: u32,
    pub releases: u64,
    /// Tag and date of the latest release.
    pub latest_release: Option<(String, Date)>,
    pub last_commit: Option<Date>,
    /// `active`, `inactive`, `deprecated`, `archived`.
    pub lifecycle: String,
    pub lifecycle_evidence: Option<String>,
}

/// A criterion not yet met for the next level.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Criterion {
    pub id: String,
    pub title: String,
    /// `fail` or `unknown`.
    pub status: String,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Finding {
    /// `error`, `warning`, `info`.
    pub severity: String,
    pub message: String,
}

/// What the assessment says about a project, reduced to what the TOC reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assessment {
    pub model: Option<String>,
    /// The level the evidence supports.
    pub supported_level: Option<String>,
    /// The level the missing criteria are for.
    pub next_level: Option<String>,
    pub missing: Vec<Criterion>,
    pub findings: Vec<Finding>,
}

/// One project of the packet. Errors are shown in the document instead of
/// stopping it: one unreachable repository must not cost the whole packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectInput {
    pub id: String,
    pub name: String,
    pub repo: Option<String>,
    /// The catalog's claim, as text (`Azure: incubating`).
    pub catalog_level: Option<String>,
    /// Evidence at the end of the quarter (or today, if it has not ended).
    pub current: Result<Snapshot, String>,
    /// Evidence at the end of the previous quarter.
    pub previous: Result<Snapshot, String>,
    pub assessment: Option<Result<Assessment, String>>,
}

pub struct PacketInput<'a> {
    pub quarter: Quarter,
    /// The records as they stood at the end of the quarter.
    pub tally: &'a Tally,
    /// The governance file's name, for references.
    pub source: &'a str,
    /// The dates the two snapshots are for.
    pub current_as_of: Date,
    pub previous_as_of: Date,
    pub projects: Vec<ProjectInput>,
}

/// Writes the packet.
pub fn packet(input: &PacketInput<'_>) -> String {
    let q = input.quarter;
    let mut out = String::new();
    let _ = writeln!(out, "# TOC quarterly review: {q}\n");
    if let Some(title) = &input.tally.title {
        let _ = writeln!(out, "{}\n", text(title));
    }
    let _ = writeln!(out, "- Records: {}", code(input.source));
    let _ = writeln!(
        out,
        "- Supermajority: {}",
        text(&describe_base(input.tally.base))
    );
    let _ = writeln!(
        out,
        "- Evidence as of {} ({}), compared with {} (end of {})",
        input.current_as_of,
        if quarter_over(input) {
            format!("end of {q}")
        } else {
            format!("{q} runs until {}", q.end().yesterday().unwrap_or(q.end()))
        },
        input.previous_as_of,
        q.previous()
    );
    let seated: Vec<String> = input
        .tally
        .seated_on(input.current_as_of.min(q.end()))
        .map(|t| text(&t.member))
        .collect();
    let _ = writeln!(
        out,
        "- TOC seated: {}\n",
        if seated.is_empty() {
            "nobody".into()
        } else {
            seated.join(", ")
        }
    );

    summary(&mut out, input);
    for p in &input.projects {
        project(&mut out, input, p);
    }
    out
}

/// Whether the current snapshot is at the quarter's end (not part-way through it).
fn quarter_over(input: &PacketInput<'_>) -> bool {
    input
        .current_as_of
        .tomorrow()
        .is_ok_and(|d| d >= input.quarter.end())
}

/// The current column's heading: "End of 2026Q4", or "2026-11-24" part-way through.
fn current_label(input: &PacketInput<'_>) -> String {
    if quarter_over(input) {
        format!("End of {}", input.quarter)
    } else {
        input.current_as_of.to_string()
    }
}

fn anchor(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("project-{slug}")
}

fn signed(now: u64, before: u64) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("+{}", now - before),
        std::cmp::Ordering::Less => format!("-{}", before - now),
        std::cmp::Ordering::Equal => "0".into(),
    }
}

/// `now (change)` or the figure alone when there is nothing to compare with.
fn with_change(now: Option<u64>, before: Option<u64>) -> String {
    match (now, before) {
        (Some(n), Some(b)) => format!("{n} ({})", signed(n, b)),
        (Some(n), None) => n.to_string(),
        _ => "n/a".into(),
    }
}

fn decided(input: &PacketInput<'_>, id: &str) -> String {
    input
        .tally
        .decisions
        .get(id)
        .map_or_else(|| "no record".into(), |d| d.describe())
}

fn reviewed_in_quarter(input: &PacketInput<'_>, id: &str) -> bool {
    input.tally.history(id).any(|e| e.quarter == input.quarter)
}

fn summary(out: &mut String, input: &PacketInput<'_>) {
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(
        out,
        "| Project | Decided | Catalog | Evidence supports | Commits | Active contributors (90 days) | Organisations (365 days) | Releases | Reviewed in {} |",
        input.quarter
    );
    let _ = writeln!(out, "|---|---|---|---|--:|--:|--:|--:|---|");
    for p in &input.projects {
        let now = p.current.as_ref().ok();
        let before = p.previous.as_ref().ok();
        let supported = match &p.assessment {
            Some(Ok(a)) => a.supported_level.as_deref().map_or("n/a".into(), text),
            Some(Err(_)) => "error".into(),
            None => "n/a".into(),
        };
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {supported} | {} | {} | {} | {} | {} |",
            text(&p.name),
            anchor(&p.id),
            text(&decided(input, &p.id)),
            p.catalog_level.as_deref().map_or("n/a".into(), text),
            with_change(now.map(|s| s.commits), before.map(|s| s.commits)),
            with_change(
                now.map(|s| s.active_contributors_90d),
                before.map(|s| s.active_contributors_90d)
            ),
            with_change(
                now.map(|s| s.organizations_365d),
                before.map(|s| s.organizations_365d)
            ),
            with_change(now.map(|s| s.releases), before.map(|s| s.releases)),
            if reviewed_in_quarter(input, &p.id) {
                "yes"
            } else {
                "**due**"
            },
        );
    }
    let _ = writeln!(
        out,
        "\nChanges in brackets are since the end of {}.\n",
        input.quarter.previous()
    );
}

fn project(out: &mut String, input: &PacketInput<'_>, p: &ProjectInput) {
    let _ = writeln!(out, "<a id=\"{}\"></a>\n", anchor(&p.id));
    let _ = writeln!(out, "## {} ({})\n", text(&p.name), code(&p.id));

    let mut decided_line = text(&decided(input, &p.id));
    if let Some(d) = input.tally.decisions.get(&p.id) {
        let by = match d.by {
            DecidedBy::Baseline => "baseline".to_string(),
            DecidedBy::Proposal(_) => "proposal".to_string(),
            DecidedBy::Entry(i) => {
                let e = &input.tally.entries[i];
                format!(
                    "{} at the {} review",
                    e.motion.map_or("review", |m| m.name()),
                    e.quarter
                )
            }
        };
        let _ = write!(decided_line, ", since {} ({by})", d.since);
    }
    let _ = writeln!(out, "- **Decided:** {decided_line}");
    if let Some(level) = &p.catalog_level {
        let _ = writeln!(out, "- **Catalog claims:** {}", text(level));
    }
    if let Some(repo) = &p.repo {
        let _ = writeln!(out, "- **Repository:** {}", link(repo, repo));
    }
    let _ = writeln!(out);

    evidence(out, &p.current);
    momentum(out, input, p);
    assessment(out, p);
    history(out, input, &p.id);
}

fn evidence(out: &mut String, current: &Result<Snapshot, String>) {
    let now = match current {
        Ok(now) => now,
        Err(err) => {
            let _ = writeln!(out, "### Evidence\n\nNot measured: {}\n", text(err));
            return;
        }
    };
    let at = now.as_of.map(|d| format!(" as of {d}")).unwrap_or_default();
    let head = now
        .head
        .as_deref()
        .map(|h| format!(", commit {}", code(&h[..h.len().min(12)])))
        .unwrap_or_default();
    let _ = writeln!(out, "### Evidence{at}{head}\n");
    let mut lifecycle = text(&now.lifecycle);
    if let Some(ev) = &now.lifecycle_evidence {
        let _ = write!(lifecycle, " ({})", text(ev));
    }
    let _ = writeln!(out, "- Lifecycle: {lifecycle}");
    let _ = writeln!(
        out,
        "- Commits: {} in all, {} in the last 90 days",
        now.commits, now.commits_90d
    );
    let _ = writeln!(
        out,
        "- Contributors: {} in all, {} active in the last 90 days",
        now.contributors, now.active_contributors_90d
    );
    let _ = writeln!(
        out,
        "- Organisations in the last 365 days: {} (elephant factor {})",
        now.organizations_365d, now.elephant_factor
    );
    let latest = now
        .latest_release
        .as_ref()
        .map(|(tag, date)| format!(", latest {} on {date}", code(tag)))
        .unwrap_or_default();
    let _ = writeln!(out, "- Releases: {}{latest}", now.releases);
    if let Some(last) = now.last_commit {
        let _ = writeln!(out, "- Last commit: {last}");
    }
    let _ = writeln!(out);
}

fn momentum(out: &mut String, input: &PacketInput<'_>, p: &ProjectInput) {
    let prev = input.quarter.previous();
    let _ = writeln!(out, "### Momentum since {prev}\n");
    let (now, before) = match (&p.current, &p.previous) {
        (Ok(n), Ok(b)) => (n, b),
        (Err(_), _) => {
            let _ = writeln!(out, "Not available without evidence.\n");
            return;
        }
        (Ok(_), Err(err)) => {
            let _ = writeln!(
                out,
                "Not available: no evidence at the end of {prev}: {}\n",
                text(err)
            );
            return;
        }
    };
    let _ = writeln!(
        out,
        "| Measure | End of {prev} | {} | Change |",
        current_label(input)
    );
    let _ = writeln!(out, "|---|--:|--:|--:|");
    let rows = [
        ("Commits", before.commits, now.commits),
        (
            "Active contributors (90 days)",
            before.active_contributors_90d,
            now.active_contributors_90d,
        ),
        (
            "Organisations (365 days)",
            before.organizations_365d,
            now.organizations_365d,
        ),
        ("Releases", before.releases, now.releases),
    ];
    for (name, b, n) in rows {
        let _ = writeln!(out, "| {name} | {b} | {n} | {} |", signed(n, b));
    }
    let _ = writeln!(out);
}

fn assessment(out: &mut String, p: &ProjectInput) {
    let a = match &p.assessment {
        None => return,
        Some(Err(err)) => {
            let _ = writeln!(out, "### Criteria\n\nNot assessed: {}\n", text(err));
            return;
        }
        Some(Ok(a)) => a,
    };
    let model = a
        .model
        .as_deref()
        .map(|m| format!(" ({} model)", text(m)))
        .unwrap_or_default();
    match &a.next_level {
        Some(next) => {
            let _ = writeln!(out, "### Missing for {}{model}\n", text(next));
            if a.missing.is_empty() {
                let _ = writeln!(
                    out,
                    "Nothing: every criterion for {} is met or attested.",
                    text(next)
                );
            }
            for c in &a.missing {
                let detail = c
                    .detail
                    .as_deref()
                    .map(|d| format!(": {}", text(d)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- [ ] {} ({}, {}){detail}",
                    text(&c.title),
                    code(&c.id),
                    text(&c.status)
                );
            }
        }
        None => {
            let _ = writeln!(
                out,
                "### Criteria{model}\n\nAt the model's top level: no next level."
            );
        }
    }
    let _ = writeln!(out, "\n### Findings\n");
    if a.findings.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for f in &a.findings {
        let _ = writeln!(out, "- **{}:** {}", text(&f.severity), text(&f.message));
    }
    let _ = writeln!(out);
}

fn history(out: &mut String, input: &PacketInput<'_>, id: &str) {
    let entries: Vec<_> = input.tally.history(id).collect();
    let _ = writeln!(out, "### Review history\n");
    if entries.is_empty() {
        let _ = writeln!(out, "No review recorded.\n");
        return;
    }
    let _ = writeln!(out, "| Date | Quarter | Motion | Outcome | Votes |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for e in entries {
        let motion = match (e.motion, e.level) {
            (None, _) => "none".to_string(),
            (Some(crate::MotionKind::Graduate), Some(l)) => format!("graduate to {}", l.as_str()),
            (Some(crate::MotionKind::Donate), _) => {
                format!("donate to {}", text(e.foundation.as_deref().unwrap_or("?")))
            }
            (Some(k), _) => k.name().to_string(),
        };
        let votes: Vec<String> = e
            .ballots
            .iter()
            .map(|b| {
                let c = &b.arithmetic.count;
                let at = b
                    .level
                    .map(|l| format!("{}: ", l.as_str()))
                    .unwrap_or_default();
                format!("{at}{}–{}–{} of {}", c.yes, c.no, c.abstain, c.seated)
            })
            .collect();
        let mut outcome = text(&e.summary);
        if let Some(opinion) = &e.opinion {
            let _ = write!(outcome, ". Opinion: {}", text(opinion.trim()));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {motion} | {outcome} | {} |",
            e.date,
            e.quarter,
            votes.join("; ")
        );
    }
    let _ = writeln!(out, "\nVotes are yes–no–abstain of the members seated.\n");
}
