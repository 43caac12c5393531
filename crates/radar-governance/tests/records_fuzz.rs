//! Governance records: whatever the file holds, reading it ends in records
//! and a tally, or in problems placed in the file, in bounded time and
//! memory, never a panic; what `radar review tally` and `due` print from it
//! never panics either; and the kind of line break moves no problem.

use jiff::civil::date;
use proptest::prelude::*;
use radar_governance::Records;
use radar_governance::due::due;
use radar_governance::render::{due_text, tally_text};

radar_fuzz::count_allocations!();

const EXAMPLE: &str = include_str!("../../../examples/governance.yaml");

const PIECES: &[&str] = &[
    "title: ",
    "body: ",
    "supermajority:",
    "base: ",
    "seated",
    "voting",
    "toc:",
    "baseline:",
    "date: ",
    "levels:",
    "reviews:",
    "votes:",
    "meetings:",
    "project: ",
    "motion: ",
    "graduate",
    "promote",
    "archive",
    "to: ",
    "sandbox",
    "incubating",
    "graduated",
    "yes",
    "no",
    "abstain",
    "recused",
    "id: ",
    "name: ",
    "from: ",
    "until: ",
    "2026-01-31",
    "2025-13-45",
    "0000-00-00",
    "9999-12-31",
    "\n",
    "\n  ",
    "\n    ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    ": ",
    "&a ",
    "*a",
    "|",
    "'",
    "\"",
    "#",
    "~",
    "---",
    "?",
];

fn read(text: &str) -> Result<Records, TestCaseError> {
    let records = radar_fuzz::bounded(text.len(), || {
        let records = Records::from_text("gov.yaml", text, None);
        let _ = tally_text(&records.tally, "gov.yaml");
        let (quarter, due) = due(&records.tally, date(2026, 6, 30));
        let _ = due_text(quarter, date(2026, 6, 30), &due);
        let _ = records.tally_until(date(2026, 3, 31));
        records
    })?;
    for d in &records.diagnostics {
        prop_assert_eq!(&d.file, "gov.yaml");
        prop_assert!(d.line <= records.source.line_count(), "{:?}", d);
        prop_assert!(!d.message.is_empty());
    }
    Ok(records)
}

proptest! {
    #![proptest_config(radar_fuzz::config!(256))]

    #[test]
    fn any_records_read_or_say_where(text in radar_fuzz::text(PIECES)) {
        read(&text)?;
    }

    #[test]
    fn edited_records_read_or_say_where(text in radar_fuzz::edited(EXAMPLE, PIECES)) {
        read(&text)?;
    }
}

fn places(text: &str) -> Vec<(&'static str, usize, usize, Option<String>)> {
    Records::from_text("gov.yaml", text, None)
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.line, d.col, d.snippet))
        .collect()
}

#[test]
fn line_break_styles_give_the_same_problems() {
    let doc = "toc:\n  - {id: a, name: A, from: 2025-01-01}\nreviews:\n  - project: p\n    date: 2026-02-30\n    opnion: x\n";
    let lf = places(doc);
    assert!(lf.iter().any(|p| p.1 == 5), "{lf:?}");
    assert!(lf.iter().any(|p| p.1 == 6 && p.2 == 5), "{lf:?}");
    for (style, text) in radar_fuzz::line_break_styles(doc) {
        assert_eq!(places(&text), lf, "{style}");
    }
    for text in ["?\r", "toc:\r  - [\r", "\r"] {
        let records = read(text).unwrap();
        assert!(records.has_errors(), "{text:?}");
    }
}

#[test]
fn awkward_bytes_give_records_or_located_problems() {
    let clean = Records::from_text("gov.yaml", EXAMPLE, None);
    assert!(!clean.has_errors(), "{:?}", clean.diagnostics);
    for (what, text) in radar_fuzz::awkward_variants(EXAMPLE, "# long comment ") {
        let records = read(&text).unwrap();
        match what {
            "NUL" => assert!(
                records
                    .diagnostics
                    .iter()
                    .any(|d| d.is_error() && d.line > 1),
                "{what}"
            ),
            _ => assert!(!records.has_errors(), "{what}: {:?}", records.diagnostics),
        }
    }
}

/// A project id longer than `format!` can pad (65,535 characters) is printed,
/// not a panic (`radar review tally` once died on it).
#[test]
fn a_huge_project_id_is_printed_whole() {
    let id = "p".repeat(70_000);
    // As a value: YAML keys are at most 1,024 characters.
    let text = EXAMPLE.replace("project: keyvault-flexvol", &format!("project: {id}"));
    let records = Records::from_text("gov.yaml", &text, None);
    let out = tally_text(&records.tally, "gov.yaml");
    assert!(
        out.contains(&format!("  {id}  ")),
        "{}",
        &out[..out.len().min(300)]
    );
    let (quarter, due) = due(&records.tally, date(2026, 6, 30));
    let _ = due_text(quarter, date(2026, 6, 30), &due);
    // Short names are still padded into columns.
    let short = Records::from_text("gov.yaml", EXAMPLE, None);
    let out = tally_text(&short.tally, "gov.yaml");
    assert!(
        out.lines().any(|l| l.starts_with("  aks-engine  ")),
        "{out}"
    );
}
