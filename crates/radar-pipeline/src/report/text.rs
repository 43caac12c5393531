//! Terminal forms: the report table, the advice list and a project's history.

use std::fmt::Write as _;

use radar_assess::Verdict;
use radar_store::HistoryPoint;

use super::{Report, Row, RowStatus, clean, day, open_items, percent, reply_time, security};

const HEADERS: [&str; 10] = [
    "PROJECT",
    "CLAIMED",
    "SUPPORTED",
    "LIFECYCLE",
    "CONTRIB",
    "ORGS (EF)",
    "LAST RELEASE",
    "SECURITY",
    "FINDINGS",
    "ADVICE",
];

/// Longest cell shown in a column; longer texts end with `…`.
const CELL_MAX: usize = 34;

fn cut(s: &str, max: usize) -> String {
    let s = clean(s);
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

fn cells(r: &Row) -> [String; 10] {
    let num = |n: Option<u64>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
    let c = &r.findings_count;
    let mut findings: Vec<String> = Vec::new();
    for (n, tag) in [(c.error, "E"), (c.warning, "W"), (c.info, "I")] {
        if n > 0 {
            findings.push(format!("{n}{tag}"));
        }
    }
    let lifecycle = match r.status {
        RowStatus::Unreachable => "unreachable".to_owned(),
        RowStatus::NotAssessed => "not assessed".to_owned(),
        _ if r.ended => format!("{} ⚑", r.lifecycle),
        _ => r.lifecycle.clone(),
    };
    [
        cut(&r.name, CELL_MAX),
        cut(r.claimed.as_deref().unwrap_or("-"), 24),
        cut(r.supported.as_deref().unwrap_or("-"), 16),
        lifecycle,
        num(r.contributors),
        match (r.organisations_365d, r.elephant_factor) {
            (Some(o), Some(ef)) => format!("{o} ({ef})"),
            _ => "-".to_owned(),
        },
        match (&r.latest_release, r.latest_release_date) {
            (Some(tag), Some(d)) => format!("{} {}", cut(tag, 16), day(d)),
            _ => "-".to_owned(),
        },
        security(r.security_score),
        if findings.is_empty() {
            "-".to_owned()
        } else {
            findings.join(" ")
        },
        r.advice
            .as_ref()
            .map_or_else(|| "-".to_owned(), |a| a.verdict.as_str().to_owned()),
    ]
}

/// GitHub's columns, shown when some row has GitHub's figures.
const GITHUB_HEADERS: [&str; 3] = ["OPEN I/PR", "1ST REPLY", "REVIEWED"];

fn github_cells(r: &Row) -> [String; 3] {
    match &r.github {
        Some(g) => [
            open_items(g),
            reply_time(g.first_response_median_hours),
            percent(g.reviewed_share),
        ],
        None => ["-".into(), "-".into(), "-".into()],
    }
}

/// The report as a terminal table, then every flagged project's warnings
/// and errors, one line each.
pub fn table(report: &Report) -> String {
    let with_github = report.github.projects_with_figures > 0;
    let headers: Vec<&str> = HEADERS
        .iter()
        .take(9)
        .chain(with_github.then_some(&GITHUB_HEADERS).into_iter().flatten())
        .chain(HEADERS.iter().skip(9))
        .copied()
        .collect();
    let rows: Vec<Vec<String>> = report
        .projects
        .iter()
        .map(|r| {
            let c = cells(r);
            let mut row: Vec<String> = c[..9].to_vec();
            if with_github {
                row.extend(github_cells(r));
            }
            row.extend(c[9..].iter().cloned());
            row
        })
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let numeric =
        |i: usize| (4..=5).contains(&i) || i == 7 || (with_github && (9..=11).contains(&i));
    let mut line = |cells: &[String]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            // Numbers right-aligned, text left-aligned.
            if numeric(i) {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
            text.push_str("  ");
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&headers.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    for row in &rows {
        line(row);
    }
    let _ = writeln!(
        out,
        "\n{} projects from {}{}. Advice for {}. FINDINGS: E error, W warning, I info; ⚑ the repository announces its end.",
        report.projects.len(),
        clean(&report.catalog),
        report
            .as_of
            .map(|t| format!(", as of {}", day(t)))
            .unwrap_or_default(),
        report.goal.describe()
    );
    if with_github {
        let _ = writeln!(
            out,
            "GitHub: OPEN I/PR open issues/pull requests now; 1ST REPLY median first response and REVIEWED share of merged pull requests reviewed by another person, last 90 days."
        );
    } else if let Some(note) = &report.github.note {
        let _ = writeln!(out, "GitHub: {note}.");
    }
    agreement_text(&mut out, &report.agreement);
    let flagged: Vec<&Row> = report.projects.iter().filter(|r| r.flagged).collect();
    if !flagged.is_empty() {
        out.push_str("\nFlagged:\n");
        for r in flagged {
            let _ = writeln!(out, "  {}", clean(&r.name));
            for f in r.flags() {
                let _ = writeln!(
                    out,
                    "    {:<7} {}: {}",
                    f.severity.as_str(),
                    f.rule,
                    clean(&f.message)
                );
            }
        }
    }
    let missing = report
        .projects
        .iter()
        .filter(|r| r.status == RowStatus::NotAssessed)
        .count();
    if missing > 0 {
        let _ = writeln!(
            out,
            "\n{missing} project(s) not assessed yet: run `radar assess`."
        );
    }
    out
}

/// Where the catalog's claims and the evidence part ways: the counts, the
/// matrix per model and each difference with its first reason.
fn agreement_text(out: &mut String, a: &super::Agreement) {
    if a.models.is_empty() && a.matches + a.ahead + a.behind == 0 {
        return;
    }
    let _ = writeln!(out, "\nClaims and evidence: {}.", a.sentence());
    out.push_str(&a.matrices_text(|s| clean(s)));
    if !a.differences.is_empty() {
        out.push_str("Where the list and the evidence part ways:\n");
        for d in &a.differences {
            let _ = writeln!(
                out,
                "  {}: claims {}, the evidence supports {}{}",
                clean(&d.name),
                clean(&d.claimed),
                clean(&d.supported),
                d.reason
                    .as_deref()
                    .map(|r| format!(" (stopped by {})", clean(r)))
                    .unwrap_or_default()
            );
        }
    }
}

/// `radar advise`: each project's verdict, one line per reason.
pub fn advice_text(report: &Report) -> String {
    let mut out = format!(
        "Advice for {} (rules: docs/advice.md)\n\n",
        report.goal.describe()
    );
    let mut counts = [0usize; 4];
    for r in &report.projects {
        match &r.advice {
            Some(a) => {
                counts[a.verdict as usize] += 1;
                let _ = writeln!(
                    out,
                    "{:<7} {} ({})",
                    a.verdict.as_str().to_uppercase(),
                    clean(&r.name),
                    clean(&r.id)
                );
                for reason in &a.reasons {
                    let _ = writeln!(out, "        - {}", clean(reason));
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "{:<7} {} ({})\n        - not assessed yet: run `radar assess`",
                    "-",
                    clean(&r.name),
                    clean(&r.id)
                );
            }
        }
    }
    let summary: Vec<String> = [
        Verdict::Adopt,
        Verdict::Trial,
        Verdict::Assess,
        Verdict::Hold,
    ]
    .iter()
    .map(|v| format!("{} {}", counts[*v as usize], v.as_str()))
    .collect();
    let _ = writeln!(out, "\n{}", summary.join(", "));
    out
}

/// `radar history`: a project's figures over time, oldest first.
pub fn history_table(project: &str, points: &[HistoryPoint]) -> String {
    const HEAD: [&str; 11] = [
        "AS OF",
        "HEAD",
        "COMMITS",
        "365D",
        "CONTRIB",
        "ACTIVE",
        "ORGS",
        "EF",
        "SUPPORTED",
        "LIFECYCLE",
        "FINDINGS",
    ];
    let opt = |n: Option<i64>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
    let mut rows = vec![HEAD.map(String::from)];
    for p in points {
        let s = &p.summary;
        rows.push([
            day(p.as_of),
            p.head_commit
                .as_deref()
                .map_or_else(|| "-".to_owned(), |h| h.chars().take(10).collect()),
            opt(s.commits),
            opt(s.commits_365d),
            opt(s.contributors),
            opt(s.active_contributors),
            opt(s.organisations),
            opt(s.elephant_factor),
            cut(s.supported_level.as_deref().unwrap_or("-"), 16),
            if p.error.is_some() {
                "unreachable".to_owned()
            } else {
                cut(s.lifecycle.as_deref().unwrap_or("-"), 12)
            },
            opt(s.findings),
        ]);
    }
    let mut widths = [0usize; 11];
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = format!("{}: {} snapshot(s)\n", clean(project), points.len());
    for row in rows {
        let text: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(text.join("  ").trim_end());
        out.push('\n');
    }
    out
}
