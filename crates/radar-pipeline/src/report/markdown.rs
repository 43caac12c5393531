//! The report as a Markdown section a team pastes under its README's project
//! table: a heading, a table of the assessment and the flagged findings.

use std::fmt::Write as _;

use super::{Report, RowStatus, day, open_items, percent, reply_time};

/// Plain text from the catalog or a repository, made inert in a table cell:
/// markup characters are escaped, `|` cannot end the cell and line breaks
/// cannot end the row.
fn text(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    radar_catalog::markdown::escape(one_line.trim()).replace('|', "\\|")
}

/// Renders the section (GitHub-flavoured Markdown).
pub fn markdown(report: &Report) -> String {
    let mut out = String::from("## Assessment\n\n");
    let _ = writeln!(
        out,
        "Measured from each project's repository by Radar{}. Advice is for {}; `radar advise` answers other goals.\n",
        report
            .as_of
            .map(|t| format!(" as of {}", day(t)))
            .unwrap_or_default(),
        report.goal.describe()
    );
    let with_github = report.github.projects_with_figures > 0;
    if with_github {
        out.push_str("| Project | Claimed | Supported by evidence | Lifecycle | Contributors | Organisations (elephant factor) | Last release | Security (git-visible checks) | Open issues / PRs | First reply (median, 90 days) | PRs reviewed (90 days) | Findings | Advice |\n");
        out.push_str("|---|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
    } else {
        out.push_str("| Project | Claimed | Supported by evidence | Lifecycle | Contributors | Organisations (elephant factor) | Last release | Security (git-visible checks) | Findings | Advice |\n");
        out.push_str("|---|---|---|---|---:|---:|---|---:|---:|---|\n");
    }
    for r in &report.projects {
        let lifecycle = match r.status {
            RowStatus::Unreachable => "**unreachable**".to_owned(),
            RowStatus::NotAssessed => "not assessed".to_owned(),
            _ if r.ended => format!("**{}**", text(&r.lifecycle)),
            _ => text(&r.lifecycle),
        };
        let c = &r.findings_count;
        let findings = match (c.total(), c.error + c.warning) {
            (0, _) => "0".to_owned(),
            (n, 0) => n.to_string(),
            (n, flagged) => format!("{n} ({flagged} ⚠)"),
        };
        let github = if with_github {
            match &r.github {
                Some(g) => format!(
                    " {} | {} | {} |",
                    open_items(g).replace('-', "–"),
                    reply_time(g.first_response_median_hours).replace('-', "–"),
                    percent(g.reviewed_share).replace('-', "–")
                ),
                None => " – | – | – |".to_owned(),
            }
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |{github} {} | {} |",
            text(&r.name),
            r.claimed.as_deref().map_or_else(|| "–".to_owned(), text),
            r.supported.as_deref().map_or_else(|| "–".to_owned(), text),
            lifecycle,
            r.contributors
                .map_or_else(|| "–".to_owned(), |n| n.to_string()),
            match (r.organisations_365d, r.elephant_factor) {
                (Some(o), Some(ef)) => format!("{o} ({ef})"),
                _ => "–".to_owned(),
            },
            match (&r.latest_release, r.latest_release_date) {
                (Some(tag), Some(d)) => format!("{} ({})", text(tag), day(d)),
                _ => "–".to_owned(),
            },
            super::security(r.security_score).replace('-', "–"),
            findings,
            r.advice
                .as_ref()
                .map_or_else(|| "–".to_owned(), |a| format!("**{}**", a.verdict.as_str())),
        );
    }
    if let Some(note) = &report.github.note {
        let _ = writeln!(out, "\nGitHub: {}.", text(note));
    }
    agreement(&mut out, &report.agreement);
    let flagged: Vec<_> = report.projects.iter().filter(|r| r.flagged).collect();
    if !flagged.is_empty() {
        out.push_str("\n### Findings\n\n");
        for r in flagged {
            for f in r.flags() {
                let _ = writeln!(
                    out,
                    "- **{}** ({}, `{}`): {}",
                    text(&r.name),
                    f.severity.as_str(),
                    f.rule,
                    text(&f.message)
                );
            }
        }
    }
    out
}

/// The claims against the evidence: a sentence, one table per model
/// (claimed level × supported level) and the differences.
fn agreement(out: &mut String, a: &super::Agreement) {
    if a.models.is_empty() && a.matches + a.ahead + a.behind == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "\n### Claims and evidence\n\n{}.\n",
        text(&a.sentence())
    );
    for m in &a.models {
        let _ = write!(out, "| {} claimed \\ supported | none |", text(&m.model));
        for l in &m.levels {
            let _ = write!(out, " {} |", text(l));
        }
        out.push_str("\n|---|");
        out.push_str(&"---:|".repeat(m.levels.len() + 1));
        out.push('\n');
        for (l, row) in m.levels.iter().zip(&m.counts) {
            if row.iter().all(|n| *n == 0) {
                continue;
            }
            let cells: Vec<String> = row.iter().map(usize::to_string).collect();
            let _ = writeln!(out, "| {} | {} |", text(l), cells.join(" | "));
        }
        out.push('\n');
    }
    for d in &a.differences {
        let _ = writeln!(
            out,
            "- **{}**: claims {}, the evidence supports {}{}",
            text(&d.name),
            text(&d.claimed),
            text(&d.supported),
            d.reason
                .as_deref()
                .map(|r| format!(" (stopped by {})", text(r)))
                .unwrap_or_default()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn cells_are_inert() {
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(
            text("<script>alert(1)</script>"),
            "\\<script>alert(1)\\</script>"
        );
        assert_eq!(text("*bold* [link](x)"), "\\*bold\\* \\[link\\](x)");
        assert_eq!(text("two\nlines\r\n"), "two lines");
    }
}
