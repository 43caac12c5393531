//! Loading never panics, whatever the text, and every problem it reports is
//! placed in the file; a large catalog read with the two-thread parse gives
//! exactly what the one-thread parse gives, however it is broken.

use proptest::prelude::*;
use proptest::sample::Index;
use radar_catalog::yaml::Threads;
use radar_catalog::{BUILTIN_YAML, Checked, check_str, check_str_with};

/// Pieces of YAML syntax, so that random texts reach deep into the parser.
const PIECES: &[&str] = &[
    "areas:",
    "\n",
    "\n  ",
    "\n    ",
    "- ",
    "-",
    "name: ",
    "projects:",
    "url: ",
    "state:",
    "level: ",
    "apis:",
    "version: ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    ": ",
    "&a ",
    "*a",
    "!t ",
    "!!str ",
    "|",
    "|-",
    ">",
    "'",
    "\"",
    "\\",
    "#",
    "\t",
    "?",
    "%YAML 1.2",
    "---",
    "...",
    "~",
    "null",
    "??",
    "TODO",
    "http://x.org",
    "https://a.b/c",
    "é",
    "✓",
    "\u{feff}",
    "\r",
    "\u{0}",
    "\u{1b}[31m",
];

fn assert_placed(checked: &Checked, name: &str) -> Result<(), TestCaseError> {
    for d in &checked.diagnostics {
        prop_assert_eq!(&d.file, name);
        prop_assert!(d.line >= 1 && d.col >= 1, "{d:?}");
        prop_assert!(d.line <= checked.source.line_count(), "{d:?}");
        prop_assert!(!d.message.is_empty());
    }
    Ok(())
}

/// A catalog of more than 256 KB (the size from which the two-thread parse
/// cuts), made of the built-in catalog's areas over and over.
fn large_catalog() -> String {
    let start = BUILTIN_YAML
        .find("\nareas:\n")
        .expect("the built-in catalog has areas")
        + 8;
    let (head, areas) = BUILTIN_YAML.split_at(start);
    let mut text = head.to_string();
    while text.len() < 300_000 {
        text.push_str(areas);
    }
    text
}

fn char_boundary(text: &str, at: Index) -> usize {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    bounds[at.index(bounds.len())]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_text_loads_without_panic(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..80)) {
        let text = pieces.concat();
        let checked = check_str("fuzz.yaml", &text);
        assert_placed(&checked, "fuzz.yaml")?;
    }

    #[test]
    fn an_edited_catalog_loads_without_panic(
        at in any::<Index>(),
        cut in 0usize..40,
        insert in prop::collection::vec(prop::sample::select(PIECES), 0..4),
    ) {
        let mut text = BUILTIN_YAML.to_string();
        let from = char_boundary(&text, at);
        let to = ((from + cut).min(text.len())..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        text.replace_range(from..to, &insert.concat());
        let checked = check_str("edited.yaml", &text);
        assert_placed(&checked, "edited.yaml")?;
    }
}

proptest! {
    // Each case loads 300 KB twice (unoptimised in `cargo test`): few cases.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn two_thread_parse_reads_like_one_thread(
        at in any::<Index>(),
        insert in prop::collection::vec(prop::sample::select(PIECES), 0..4),
    ) {
        let mut text = large_catalog();
        let from = char_boundary(&text, at);
        text.insert_str(from, &insert.concat());
        let one = check_str_with("large.yaml", &text, Threads::One);
        let two = check_str_with("large.yaml", &text, Threads::Two);
        prop_assert_eq!(&one.diagnostics, &two.diagnostics);
        prop_assert_eq!(&one.catalog, &two.catalog);
    }
}

/// The unedited large catalog loads the same both ways too.
#[test]
fn large_catalog_reads_alike_on_one_and_two_threads() {
    let text = large_catalog();
    let one = check_str_with("large.yaml", &text, Threads::One);
    let two = check_str_with("large.yaml", &text, Threads::Two);
    // Only its repeated projects are errors.
    assert!(
        one.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.code == "C005")
    );
    assert!(one.catalog.as_ref().unwrap().projects().count() > 300);
    assert_eq!(one.diagnostics, two.diagnostics);
    assert_eq!(one.catalog, two.catalog);
}
