//! `radar import` never panics, whatever the file: Markdown lists in every
//! layout, landscape.yml and CLOMonitor files built from pieces of their
//! syntax. What it imports from a landscape or CLOMonitor file is a catalog
//! `radar check` accepts with every item kept; what it imports from a README
//! agrees with that README (`render --check`), also after `render --write`.
//! Every warning is placed in the file. The seed is fixed, so a run is
//! repeatable; the regressions file keeps any case that once failed.

use proptest::prelude::*;
use radar_catalog::diagnostic::Diagnostic;
use radar_catalog::formats::{self, Format, Options};
use radar_catalog::markdown::{self, CheckOutcome};
use radar_catalog::{check_str, to_yaml};

/// Pieces of landscape and CLOMonitor syntax, and of YAML in general.
const YAML_PIECES: &[&str] = &[
    "landscape:",
    "categories:",
    "\n",
    "\n  ",
    "\n    ",
    "\n      ",
    "- ",
    "- item:",
    "- category:",
    "- subcategory:",
    "name: ",
    "name: Boxd",
    "name: Boxd",
    "subcategories:",
    "items:",
    "project: ",
    "sandbox",
    "archived",
    "gradutaed",
    "homepage_url: ",
    "repo_url: ",
    "url: ",
    "additional_repos:",
    "repositories:",
    "check_sets: [code]",
    "check_sets:",
    "second_path: ",
    "[\"A / B\"]",
    "extra:",
    "accepted: ",
    "accepted_at: ",
    "'2020-02-29'",
    "2019-02-30",
    "slack_url: ",
    "chat_channel: '#x'",
    "audits:",
    "other_links:",
    "maturity: incubating",
    "display_name: ",
    "category: ",
    "https://github.com/o/r",
    "https://x.org",
    "http://x.org",
    "x.org",
    "not a url",
    "{",
    "}",
    "[",
    "]",
    ", ",
    ": ",
    "&a ",
    "*a",
    "!t ",
    "|",
    ">",
    "'",
    "\"",
    "#",
    "~",
    "??",
    "é",
    "\t",
    "\r",
    "\u{0}",
    "---",
];

/// Pieces of README lists: headings, tables of every kind, rows, cells.
const MD_PIECES: &[&str] = &[
    "# Title\n",
    "## Project list\n",
    "### Area One\n",
    "### Area Two\n",
    "## Support\n",
    "\n",
    "Some prose.\n",
    "| Project Area | Project & (artifacts) | Goal | Project State & <br> API Version | Communication | Use on X |\n|---|---|---|---|---|---|\n",
    "| Project & (artifacts) | Goal | Project State & <br> API Version | Communication | Use on X |\n|---|---|---|---|---|\n",
    "| Date | Project | Announcement | Details |\n|---|---|---|---|\n",
    "| Name | Description |\n|---|---|\n",
    "| A | B |\n|--|--|\n",
    "| Area One |  |  |  |  |\n",
    "|  | [Foo](https://github.com/o/foo) <br> ([releases](https://github.com/o/foo/releases)) | Does things | CNCF: sandbox <br> API: v1 | [#foo](https://x.slack.com/a) | <li>[P](https://p.example)</li> |\n",
    "| [Foo](https://github.com/o/foo) | Does things | CNCF: sandbox | [#foo](https://x.slack.com/a) |  |\n",
    "| [Foo](https://github.com/o/other) | Another | Azure: incubation |\n",
    "| | [Bar](https://sigs.k8s.io/bar) | Bar goal | Kubernetes: <br> IPv6: beta | same slack |  |\n",
    "| [In](https://github.com/k/k/tree/master/a/b) <!-- radar-path: ../x --> | g |\n",
    "| [Baz](https://github.com/o/baz) <!-- radar-id: Bad Id --> | g |\n",
    "| 2020-01-01 | Foo | News | [x](https://x.org) |\n",
    "|  |  |  |  |  |  |\n",
    "| \\| pipe | `code` | *em* | <br> | </br> |\n",
    "|",
    "| ",
    "x",
    "[",
    "](",
    "<!--",
    "-->",
    "é",
    "\t",
    "\r\n",
];

fn placed(warnings: &[Diagnostic], name: &str, lines: usize) -> Result<(), TestCaseError> {
    for d in warnings {
        prop_assert_eq!(&d.file, name);
        prop_assert!(d.line >= 1 && d.line <= lines.max(1), "{d:?}");
        prop_assert!(!d.message.is_empty());
    }
    Ok(())
}

fn line_count(text: &str) -> usize {
    radar_catalog::SourceFile::new("x", text).line_count()
}

/// A YAML format's import: no panic; when it imports, every item is a
/// project of a catalog `radar check` accepts.
fn yaml_format(format: Format, text: &str) -> Result<(), TestCaseError> {
    let options = Options {
        format: Some(format),
        ..Options::default()
    };
    let Ok(im) = formats::import("f.yaml", text, &options) else {
        return Ok(());
    };
    placed(&im.warnings, "f.yaml", line_count(text))?;
    prop_assert_eq!(im.catalog.project_count(), im.items - im.left_out);
    let checked = check_str("imported.yaml", &to_yaml(&im.catalog));
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    prop_assert!(errors.is_empty(), "{:#?}\n{}", errors, text);
    prop_assert_eq!(
        checked.catalog.map(|c| c.project_count()),
        Some(im.catalog.project_count())
    );
    Ok(())
}

/// A landscape skeleton with pieces inserted, so that random edits reach items.
fn landscape_text(pieces: &[&str], at: usize) -> String {
    let mut text = String::from(
        "landscape:\n  - category:\n    name: C\n    subcategories:\n      - subcategory:\n        name: S\n        items:\n          - item:\n            name: Boxd\n            homepage_url: https://boxd.example.org/\n            project: sandbox\n            second_path: [\"C / S\", \"D / E\"]\n            extra:\n              accepted: '2020-01-01'\n          - item:\n            name: Boxd\n",
    );
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text.insert_str(at, &pieces.concat());
    text
}

proptest! {
    #![proptest_config(radar_fuzz::config!(300))]

    #[test]
    fn any_landscape_imports_without_panic(pieces in prop::collection::vec(prop::sample::select(YAML_PIECES), 0..60)) {
        yaml_format(Format::Landscape, &pieces.concat())?;
    }

    #[test]
    fn an_edited_landscape_imports_every_item(
        pieces in prop::collection::vec(prop::sample::select(YAML_PIECES), 0..8),
        at in 0usize..2000,
    ) {
        yaml_format(Format::Landscape, &landscape_text(&pieces, at))?;
    }

    #[test]
    fn any_clomonitor_file_imports_without_panic(pieces in prop::collection::vec(prop::sample::select(YAML_PIECES), 0..60)) {
        yaml_format(Format::Clomonitor, &pieces.concat())?;
        let with_head = format!("- name: p\n  repositories:\n    - url: https://github.com/o/p\n{}", pieces.concat());
        yaml_format(Format::Clomonitor, &with_head)?;
    }

    #[test]
    fn any_readme_imports_without_panic_and_agrees_with_itself(pieces in prop::collection::vec(prop::sample::select(MD_PIECES), 0..24)) {
        let text = pieces.concat();
        // Recognising the format never panics either.
        let _ = formats::detect(&text);
        let Ok(im) = markdown::import("r.md", &text) else { return Ok(()) };
        placed(&im.warnings, "r.md", line_count(&text))?;
        // `render --check` of the imported catalog against its own file passes,
        let c = &im.catalog;
        prop_assert_eq!(markdown::check_file(c, "r.md", &text).unwrap(), CheckOutcome::Same, "{}", text);
        // and so after `render --write`, which only a catalog whose projects
        // all have names reaches (loading rejects a nameless one, C004; import
        // said so, M203).
        if c.projects().any(|(_, p)| p.name.is_empty()) {
            return Ok(());
        }
        let written = markdown::replace_table(c, "r.md", &text).expect("the file has a list");
        prop_assert_eq!(markdown::check_file(c, "r.md", &written).unwrap(), CheckOutcome::Same, "{}\n---\n{}", text, written);
    }
}
