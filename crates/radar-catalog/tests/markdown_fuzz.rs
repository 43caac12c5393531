//! Markdown import (`radar import`, `radar render --check/--write`): any text
//! gives a catalog with warnings placed in the file, or "no table", in
//! bounded time and memory, never a panic; writing a table back keeps every
//! byte before it; and the kind of line break changes nothing.

use proptest::prelude::*;
use radar_catalog::markdown::{check_file, import, render_document, replace_table};
use radar_catalog::{SourceFile, builtin};

radar_fuzz::count_allocations!();

/// Pieces of a README project table.
const PIECES: &[&str] = &[
    "| Project Area | Project & (artifacts) | Goal | Project State & <br> API Version | Communication | Use on X |",
    "|---|---|---|---|---|---|",
    "|:-:|--|",
    "|",
    " | ",
    "\\|",
    "\n",
    "\n|",
    "\n\n",
    "# ",
    "## ",
    "Title",
    "===",
    "---",
    "[",
    "]",
    "(",
    ")",
    "[P](https://x.org/p)",
    "](",
    "<br>",
    "</br>",
    "<br/>",
    "<li>",
    "</li>",
    "<!--",
    "-->",
    "<!-- radar-support: true -->",
    "CNCF Sandbox",
    "Kubernetes: ",
    "v1beta1",
    "??",
    "N/A",
    "TODO",
    "#channel",
    "`",
    "```",
    "~~~",
    "*",
    "_",
    "> ",
    "- ",
    "1. ",
    "&amp;",
    "&#0;",
    "http://",
    "https://a.b/c",
];

fn readme() -> String {
    render_document(&builtin().catalog)
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let lines = SourceFile::new("r.md", text).line_count();
    radar_fuzz::bounded(text.len(), || -> Result<(), TestCaseError> {
        match import("r.md", text) {
            Ok(imported) => {
                let (first, last) = imported.list_lines;
                prop_assert!(
                    1 <= first && first <= last && last <= lines,
                    "{:?}",
                    imported.list_lines
                );
                for w in &imported.warnings {
                    prop_assert_eq!(&w.file, "r.md");
                    prop_assert!(w.line >= 1 && w.line <= lines && w.col >= 1, "{:?}", w);
                }
                let _ =
                    check_file(&imported.catalog, "r.md", text).expect("a table was found once");
                let written =
                    replace_table(&imported.catalog, "r.md", text).expect("a table was found once");
                let before = radar_text::LineIndex::new(text).line_start(first);
                prop_assert_eq!(&written[..before], &text[..before]);
            }
            Err(_) => prop_assert!(replace_table(&builtin().catalog, "r.md", text).is_err()),
        }
        Ok(())
    })?
}

proptest! {
    #![proptest_config(radar_fuzz::config!(256))]

    #[test]
    fn any_markdown_imports_or_has_no_table(text in radar_fuzz::text(PIECES)) {
        check(&text)?;
    }

    #[test]
    fn an_edited_readme_imports_or_has_no_table(text in radar_fuzz::edited(&readme(), PIECES)) {
        check(&text)?;
    }
}

#[test]
fn line_break_styles_import_alike() {
    let doc = "# T\n\nIntro.\n\n| Project Area | Project | Goal | Extra |\n|---|---|---|---|\n| A | | | |\n| | [P](https://x.org/p) | g | x | surplus |\n\nafter\n";
    let lf = import("r.md", doc).unwrap();
    assert!(lf.warnings.iter().any(|w| w.line == 8), "{:?}", lf.warnings);
    let places = |w: &[radar_catalog::Diagnostic]| {
        w.iter()
            .map(|d| (d.code, d.line, d.col, d.len, d.snippet.clone()))
            .collect::<Vec<_>>()
    };
    for (style, text) in radar_fuzz::line_break_styles(doc) {
        let imported = import("r.md", &text).unwrap();
        assert_eq!(imported.catalog, lf.catalog, "{style}");
        assert_eq!(imported.list_lines, lf.list_lines, "{style}");
        assert_eq!(places(&imported.warnings), places(&lf.warnings), "{style}");
        let written = replace_table(&lf.catalog, "r.md", &text).unwrap();
        assert!(
            written.starts_with(&text[..text.find('|').unwrap()]),
            "{style}"
        );
        assert!(
            written.ends_with(&text[text.rfind("after").unwrap()..]),
            "{style}"
        );
    }
}

#[test]
fn awkward_bytes_import_or_say_no_table() {
    let doc = readme();
    let clean = import("r.md", &doc).unwrap();
    for (what, text) in radar_fuzz::awkward_variants(&doc, "a long paragraph ") {
        let (imported, usage) = radar_fuzz::measure(|| import("r.md", &text));
        assert!(
            usage.peak_bytes <= radar_fuzz::memory_limit(text.len()),
            "{what}: {usage:?}"
        );
        let imported = imported.unwrap_or_else(|e| panic!("{what}: {e}"));
        if what != "NUL" {
            assert_eq!(
                imported.catalog.projects().count(),
                clean.catalog.projects().count(),
                "{what}"
            );
        }
        check(&text).unwrap();
    }
}
