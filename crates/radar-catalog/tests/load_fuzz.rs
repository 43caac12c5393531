//! Loading never panics, whatever the text, and every problem it reports is
//! placed in the file; a large catalog read with the two-thread parse gives
//! exactly what the one-thread parse gives, however it is broken.

use proptest::prelude::*;
use proptest::sample::Index;
use radar_catalog::yaml::Threads;
use radar_catalog::{BUILTIN_YAML, Checked, check_str, check_str_with};
use radar_fuzz::char_boundary;

radar_fuzz::count_allocations!();

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

proptest! {
    #![proptest_config(radar_fuzz::config!(400))]

    #[test]
    fn any_text_loads_without_panic(text in radar_fuzz::text(PIECES)) {
        let checked = radar_fuzz::bounded(text.len(), || check_str("fuzz.yaml", &text))?;
        assert_placed(&checked, "fuzz.yaml")?;
    }

    #[test]
    fn an_edited_catalog_loads_without_panic(text in radar_fuzz::edited(BUILTIN_YAML, PIECES)) {
        let checked = radar_fuzz::bounded(text.len(), || check_str("edited.yaml", &text))?;
        assert_placed(&checked, "edited.yaml")?;
    }
}

proptest! {
    // Each case loads 300 KB twice (unoptimised in `cargo test`): few cases.
    #![proptest_config(radar_fuzz::config!(12))]

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

/// The same catalog with any line breaks gives the same problems at the
/// same places (`?\r` once crashed `radar check`: the parser ended a line at
/// the lone `\r`, the diagnostics did not).
#[test]
fn line_break_styles_give_the_same_places() {
    let doc = "title: T\nareas:\n  - name: A\n    projects:\n      - name: P\n        slak_url: x\n        state: {level: gradutaed}\n";
    let lf = check_str("c.yaml", doc);
    assert!(
        lf.diagnostics.iter().any(|d| d.line == 6 && d.col == 9),
        "{:?}",
        lf.diagnostics
    );
    for (style, text) in radar_fuzz::line_break_styles(doc) {
        let checked = check_str("c.yaml", &text);
        let places = |c: &Checked| {
            c.diagnostics
                .iter()
                .map(|d| (d.code, d.line, d.col, d.len, d.snippet.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(places(&checked), places(&lf), "{style}");
        assert_eq!(checked.catalog, lf.catalog, "{style}");
    }
    for text in ["?\r", "?\r\r", "a: 1\r?\r", "\r", "- [\r"] {
        let checked = check_str("c.yaml", text);
        assert!(!checked.diagnostics.is_empty(), "{text:?}");
        assert_placed(&checked, "c.yaml").unwrap();
    }
}

/// A byte order mark, NUL bytes and a line of more than a megabyte give a
/// catalog or located errors, in bounded time and memory.
#[test]
fn awkward_bytes_give_located_errors() {
    for (what, text) in radar_fuzz::awkward_variants(BUILTIN_YAML, "# a long comment ") {
        let (checked, usage) = radar_fuzz::measure(|| check_str("c.yaml", &text));
        assert_placed(&checked, "c.yaml").unwrap();
        assert!(
            usage.peak_bytes <= radar_fuzz::memory_limit(text.len()),
            "{what}: {usage:?}"
        );
        match what {
            // A BOM is not content; a comment line of any length is a comment.
            "BOM" | "megabyte line" => {
                assert!(!checked.has_errors(), "{what}: {:?}", checked.diagnostics)
            }
            // NUL is not allowed in YAML: an error on the line it is on.
            _ => assert!(
                checked
                    .diagnostics
                    .iter()
                    .any(|d| d.is_error() && d.line > 1),
                "{what}: {:?}",
                checked.diagnostics
            ),
        }
    }
    // A megabyte-long value, not a comment.
    let long = format!("title: {}\nareas: []\n", "x".repeat(1 << 20));
    let checked = check_str("c.yaml", &long);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
}
