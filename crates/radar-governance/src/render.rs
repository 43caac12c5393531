//! The tally as text for the terminal: every motion with its arithmetic and
//! outcome, then each project's decided standing.

use std::fmt::Write as _;

use crate::engine::{DecidedBy, Entry, Outcome, Tally};
use crate::supermajority::Base;

/// Text from the records, safe for a terminal: control characters (escape
/// sequences, line breaks) are shown escaped rather than acted on.
pub fn clean(raw: &str) -> String {
    if raw.chars().any(char::is_control) {
        raw.escape_debug().to_string()
    } else {
        raw.to_string()
    }
}

/// The rule in words.
pub fn describe_base(base: Base) -> String {
    match base {
        Base::Seated => {
            "2/3 of the TOC members seated on the vote's date (3 × yes ≥ 2 × seated)".into()
        }
        Base::Cast { quorum } => {
            format!("2/3 of the yes and no votes cast (3 × yes ≥ 2 × cast), quorum {quorum}")
        }
    }
}

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Reviewed => "reviewed",
        Outcome::Passed => "PASSED",
        Outcome::Failed => "FAILED",
        Outcome::Rejected => "REJECTED",
        Outcome::Invalid => "INVALID",
    }
}

/// Widest a padded column gets, in characters.
const MAX_COLUMN: usize = 48;

/// The width to pad a column to: its longest entry, at most [`MAX_COLUMN`].
/// A longer entry (a mistaken or hostile project id) is printed whole and
/// pushes the rest of its own row right, instead of widening every row; and
/// `format!` cannot pad past 65,535 characters (a longer id panicked).
pub fn column_width(lengths: impl Iterator<Item = usize>) -> usize {
    lengths.max().unwrap_or(0).min(MAX_COLUMN)
}

/// `radar review tally` output. `source` names the governance file in
/// "decided by" references.
pub fn tally_text(tally: &Tally, source: &str) -> String {
    let mut out = String::new();
    if let Some(title) = &tally.title {
        let _ = writeln!(out, "{}", clean(title));
    }
    let _ = writeln!(out, "Records: {}", clean(source));
    let _ = writeln!(out, "Supermajority: {}", describe_base(tally.base));
    let width = column_width(tally.entries.iter().map(|e| e.project.chars().count())).max(7);

    let mut meeting = None;
    for entry in &tally.entries {
        if meeting != Some((entry.date, entry.quarter)) {
            meeting = Some((entry.date, entry.quarter));
            let seated = tally.seated_on(entry.date).count();
            let _ = writeln!(
                out,
                "\n{} review, held {} ({seated} members seated)",
                entry.quarter, entry.date
            );
        }
        write_entry(&mut out, entry, width);
    }

    let n = tally.decisions.len();
    let _ = writeln!(
        out,
        "\nDecided standing ({n} project{})",
        if n == 1 { "" } else { "s" }
    );
    let standing = column_width(
        tally
            .decisions
            .values()
            .map(|d| d.describe().chars().count()),
    );
    for (project, decision) in &tally.decisions {
        let by = match decision.by {
            DecidedBy::Baseline => "baseline".to_string(),
            DecidedBy::Proposal(_) => "proposal, awaiting a vote".to_string(),
            DecidedBy::Entry(i) => {
                let e = &tally.entries[i];
                let motion = e.motion.map_or("review", |m| m.name());
                format!(
                    "{motion} at the {} review ({}:{})",
                    e.quarter,
                    clean(source),
                    e.pos
                )
            }
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {:<standing$}  since {}  {by}",
            clean(project),
            decision.describe(),
            decision.since
        );
    }
    out
}

fn write_entry(out: &mut String, entry: &Entry, width: usize) {
    let motion = match (entry.motion, entry.level) {
        (None, _) => "no motion".to_string(),
        (Some(crate::MotionKind::Graduate), Some(level)) => {
            format!("graduate to {}", level.as_str())
        }
        (Some(crate::MotionKind::Donate), _) => format!(
            "donate to {}",
            clean(entry.foundation.as_deref().unwrap_or("?"))
        ),
        (Some(kind), _) => kind.name().to_string(),
    };
    let _ = writeln!(
        out,
        "  {:<width$}  {motion:<24}  {:<8}  {}",
        clean(&entry.project),
        outcome_word(entry.outcome),
        clean(&entry.summary)
    );
    let indent = " ".repeat(width + 4);
    for ballot in &entry.ballots {
        let at = ballot
            .level
            .map(|l| format!("at {}: ", l.as_str()))
            .unwrap_or_default();
        let _ = writeln!(out, "{indent}{at}{}", ballot.arithmetic);
        if !ballot.arithmetic.count.not_recorded.is_empty() {
            let names: Vec<String> = ballot
                .arithmetic
                .count
                .not_recorded
                .iter()
                .map(|n| clean(n))
                .collect();
            let _ = writeln!(
                out,
                "{indent}  (no vote recorded, counted absent: {})",
                names.join(", ")
            );
        }
    }
    if let Some(opinion) = &entry.opinion {
        let _ = writeln!(out, "{indent}opinion: {}", clean(opinion.trim()));
    }
}

/// `radar review due` output: the quarter, then one line per project due.
pub fn due_text(
    quarter: crate::Quarter,
    as_of: jiff::civil::Date,
    due: &[crate::due::Due],
) -> String {
    let n = due.len();
    let mut out = format!(
        "{quarter} (as of {as_of}): {n} project{} with no review yet\n",
        if n == 1 { "" } else { "s" }
    );
    let width = column_width(due.iter().map(|d| d.project.chars().count()));
    let standing = column_width(due.iter().map(|d| d.decision.describe().chars().count()));
    for d in due {
        let last = d
            .last_review
            .map_or("never reviewed".to_string(), |(q, date)| {
                format!("last reviewed {q} ({date})")
            });
        let _ = writeln!(
            out,
            "  {:<width$}  {:<standing$}  {last}",
            clean(&d.project),
            d.decision.describe()
        );
    }
    out
}
