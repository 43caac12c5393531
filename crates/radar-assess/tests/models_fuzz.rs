//! Maturity model files: whatever a file holds, loading ends in models or in
//! problems placed in the file (a line of it, or no line when the YAML
//! parser gives none), in bounded time and memory, never a panic; and the
//! kind of line break does not move a problem.

use proptest::prelude::*;
use radar_assess::{ModelError, Models};
use radar_text::LineIndex;

radar_fuzz::count_allocations!();

const CNCF: &str = include_str!("../models/cncf.yaml");

/// A models file holding the built-in CNCF model (a real, valid file).
fn models_file() -> String {
    let mut text = String::from("replace_builtin: true\nmodels:\n  - ");
    text.push_str(&CNCF.replace('\n', "\n    "));
    text
}

const PIECES: &[&str] = &[
    "models:",
    "replace_builtin: true",
    "\n",
    "\n  ",
    "\n    ",
    "- ",
    "id: ",
    "name: ",
    "levels:",
    "criteria:",
    "check: ",
    "manual: true",
    "tier: ",
    "early",
    "claims: [",
    "]",
    "{",
    "}",
    ": ",
    "weight: ",
    "required",
    "stale_after_days: ",
    "bodies: [",
    "default: true",
    "checks.",
    "history.",
    ".passed",
    " and ",
    " or ",
    " >= ",
    "==",
    "'",
    "\"",
    "|",
    ">-",
    "&a ",
    "*a",
    "#",
    "---",
];

fn assert_placed(result: &Result<Models, ModelError>, text: &str) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        let lines = LineIndex::new(text).line_count();
        let rendered = e.to_string();
        prop_assert!(!rendered.is_empty());
        for p in e.problems() {
            prop_assert!(p.line <= lines, "{p} in a file of {lines} lines");
            prop_assert!((p.line == 0) == (p.column == 0), "{p}");
            prop_assert!(!p.message.is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(radar_fuzz::config!(256))]

    #[test]
    fn any_models_file_loads_or_says_where(text in radar_fuzz::text(PIECES)) {
        let result = radar_fuzz::bounded(text.len(), || Models::from_file_text(&text, "m.yaml"))?;
        assert_placed(&result, &text)?;
    }

    #[test]
    fn an_edited_models_file_loads_or_says_where(text in radar_fuzz::edited(&models_file(), PIECES)) {
        let result = radar_fuzz::bounded(text.len(), || Models::from_file_text(&text, "m.yaml"))?;
        assert_placed(&result, &text)?;
    }
}

fn problems(text: &str) -> Vec<(usize, usize, String)> {
    match Models::from_file_text(text, "m.yaml") {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems()
            .iter()
            .map(|p| (p.line, p.column, p.message.clone()))
            .collect(),
    }
}

#[test]
fn line_break_styles_give_the_same_problems() {
    let doc = "models:\n  - id: m\n    name: M\n    source: https://x.org\n    levels:\n      - id: x\n        name: X\n        tier: early\n        criteria:\n          - id: c\n            title: C\n            check: checks.a.passed and nothing.at.all\n";
    let lf = problems(doc);
    assert!(lf.iter().any(|p| p.0 == 12 && p.1 == 40), "{lf:?}");
    for (style, text) in radar_fuzz::line_break_styles(doc) {
        assert_eq!(problems(&text), lf, "{style}");
        // The problem's own line is shown, numbered as the parser counts.
        let rendered = Models::from_file_text(&text, "m.yaml")
            .unwrap_err()
            .to_string();
        assert!(rendered.contains("m.yaml:12:40"), "{style}: {rendered}");
        assert!(
            rendered.contains("12 |             check: checks.a.passed and nothing.at.all"),
            "{style}: {rendered}"
        );
        assert!(!rendered.contains('\r'), "{style}: {rendered}");
    }
    for text in ["?\r", "models:\r  - id: [\r", "\r\r\r"] {
        let result = Models::from_file_text(text, "m.yaml");
        assert!(result.is_err(), "{text:?}");
        assert_placed(&result, text).unwrap();
    }
}

#[test]
fn awkward_bytes_give_models_or_located_problems() {
    for (what, text) in radar_fuzz::awkward_variants(&models_file(), "# long comment ") {
        let (result, usage) = radar_fuzz::measure(|| Models::from_file_text(&text, "m.yaml"));
        assert_placed(&result, &text).unwrap();
        assert!(
            usage.peak_bytes <= radar_fuzz::memory_limit(text.len()),
            "{what}: {usage:?}"
        );
        match what {
            "NUL" => assert!(
                result.unwrap_err().problems().iter().all(|p| p.line > 1),
                "{what}"
            ),
            _ => assert!(result.is_ok(), "{what}: {}", result.unwrap_err()),
        }
    }
}
