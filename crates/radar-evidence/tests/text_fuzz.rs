//! What Radar reads from a repository's files: README lifecycle notices and
//! references, MAINTAINERS / CODEOWNERS / ADOPTERS and every other file
//! check, `.mailmap`, affiliation files (gitdm formats) and `--as-of`
//! dates. Any text ends in a result or a located error, in bounded time and
//! memory, never a panic; line numbers given as evidence are lines of the
//! file (a lone `\r` ends a line too).

use std::collections::BTreeMap;
use std::path::Path;

mod common;

use common::Memory;
use proptest::prelude::*;
use radar_evidence::checks::{Ctx, run_all};
use radar_evidence::mailmap::Mailmap;
use radar_evidence::{Affiliations, Error, SignOffs, lifecycle, parse_as_of, readme_refs};
use radar_text::LineIndex;

radar_fuzz::count_allocations!();

/// Pieces of READMEs, governance documents and owner files.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "Title",
    "\n===\n",
    "\n---\n",
    "```",
    "~~~",
    "<!--",
    "-->",
    "> ",
    "> [!WARNING]",
    "**",
    "_",
    "`",
    "[",
    "]",
    "(",
    ")",
    "[x]: ",
    "](",
    "<a href=\"",
    "\">",
    "</a>",
    "`text <",
    ">`_",
    "https://github.com/x/y",
    "http://",
    "DEPRECATED",
    "ARCHIVED",
    "[deprecated]",
    "(archived)",
    "This project is deprecated",
    "is no longer maintained",
    "unmaintained",
    "this repository is ",
    "has moved to ",
    "has been superseded by ",
    "read-only",
    "end-of-life",
    "EOL",
    "abandoned",
    "obsolete",
    "We no longer maintain",
    "maintaining",
    "Status: ",
    "maintenance-no",
    "removed",
    "x_deprecated",
    "[(deprecated)]",
    "not_unmaintained",
    "ſ",
    "\u{212A}",
    "Maintainers",
    "Governance",
    "Security",
    "Adopters",
    "Roadmap",
    "Contributing",
    "Code of Conduct",
    "- @",
    "* @",
    "@org/team",
    "a@x.org",
    "<a@x.org>",
    " | ",
    "|---|",
    "Signed-off-by: ",
    "Apache License",
    "Version 2.0",
    "MIT License",
    "Permission is hereby granted",
    "bestpractices.dev/projects/",
    "securityscorecards.dev",
    "badge",
    "![b](",
    "#",
    "*",
    "\n",
    "\n\n",
    "  ",
];

/// Pieces of affiliation files (cncf/gitdm) and `.mailmap`.
const AFFILIATION_PIECES: &[&str] = &[
    "login: ",
    "a!x.com",
    "b@y.org",
    ", ",
    "\n",
    "\n\t",
    "\n    ",
    "Acme",
    "Globex Inc.",
    " until ",
    " from ",
    "2020-01-01",
    "2021-13-45",
    "0000-00-00",
    "9999-12-31",
    " < ",
    "<",
    ">",
    "x.com",
    "*",
    "#",
    ":",
    "Name",
    "Jane Doe",
    "<jane@x.org>",
    "<old@x.org>",
    " ",
    "@",
    "!",
];

/// File names the checks look for.
const PATHS: &[&str] = &[
    "README.md",
    "README.rst",
    "MAINTAINERS",
    "MAINTAINERS.md",
    "OWNERS",
    "CODEOWNERS",
    ".github/CODEOWNERS",
    "ADOPTERS.md",
    "GOVERNANCE.md",
    "SECURITY.md",
    "CONTRIBUTING.md",
    "CODE_OF_CONDUCT.md",
    "LICENSE",
    "CHANGELOG.md",
    "ROADMAP.md",
    ".github/dependabot.yml",
    "renovate.json",
    ".github/workflows/ci.yml",
    ".github/PULL_REQUEST_TEMPLATE.md",
    ".github/ISSUE_TEMPLATE/bug.md",
    ".golangci.yml",
    "fuzz/fuzz.go",
    "docs/adopters.md",
    "community/governance.md",
];

fn lines(text: &str) -> usize {
    LineIndex::new(text).line_count()
}

/// `path:N` evidence names a line of the file.
fn line_of(evidence: &str, path: &str) -> Option<usize> {
    evidence
        .strip_prefix(path)?
        .strip_prefix(':')?
        .split(':')
        .next()?
        .parse()
        .ok()
}

fn readme_scans(text: &str) -> Result<(), TestCaseError> {
    let n = lines(text);
    let notice = lifecycle::announcement("README.md", text);
    // Skipping the lines without a state's word changes nothing.
    prop_assert_eq!(
        &notice,
        &lifecycle::announcement_reading_every_line("README.md", text)
    );
    if let Some((_, evidence)) = notice {
        let line = line_of(&evidence, "README.md");
        prop_assert!(
            line.is_some_and(|l| 1 <= l && l <= n),
            "{:?} of {} lines",
            evidence,
            n
        );
    }
    for item in readme_refs::items(text) {
        prop_assert!(
            1 <= item.line_no && item.line_no <= n,
            "{:?} of {} lines",
            item,
            n
        );
        prop_assert!(item.line.chars().count() <= 200);
    }
    Ok(())
}

fn affiliations(text: &str) -> Result<(), TestCaseError> {
    match Affiliations::parse(text, Path::new("aff.txt")) {
        Ok(_) => {}
        Err(Error::Affiliations { line, message, .. }) => {
            prop_assert!(
                1 <= line && line <= lines(text),
                "line {} of {}: {}",
                line,
                lines(text),
                message
            );
        }
        Err(e) => prop_assert!(false, "not a located error: {e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(radar_fuzz::config!(256))]

    #[test]
    fn any_readme_scans_without_panic(text in radar_fuzz::text(PIECES)) {
        radar_fuzz::bounded(text.len(), || readme_scans(&text))??;
    }

    #[test]
    fn any_tree_runs_every_file_check(
        files in prop::collection::btree_map(prop::sample::select(PATHS), radar_fuzz::text(PIECES), 0..8),
        binary in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut tree: BTreeMap<String, Vec<u8>> =
            files.iter().map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec())).collect();
        // Not every file is UTF-8.
        tree.insert("docs/binary.md".into(), binary);
        let len = tree.values().map(Vec::len).sum();
        let memory = Memory(tree);
        let checks = radar_fuzz::bounded(len, || {
            let ctx = Ctx::new(memory.0.keys().cloned().collect(), &memory, SignOffs::default());
            run_all(&ctx)
        })?;
        prop_assert!(!checks.is_empty());
    }

    #[test]
    fn any_affiliation_file_reads_or_says_where(text in radar_fuzz::text(AFFILIATION_PIECES)) {
        radar_fuzz::bounded(text.len(), || affiliations(&text))??;
    }

    #[test]
    fn any_mailmap_reads(
        text in radar_fuzz::text(AFFILIATION_PIECES),
        name in radar_fuzz::text(AFFILIATION_PIECES),
        email in radar_fuzz::text(AFFILIATION_PIECES),
    ) {
        let len = text.len() + name.len() + email.len();
        radar_fuzz::bounded(len, || {
            let map = Mailmap::parse(text.as_bytes());
            map.resolve_identity(&name, &email)
        })?;
    }

    #[test]
    fn any_as_of_is_a_date_or_an_error(text in radar_fuzz::text(&["2024", "-", "06", "30", "T", "12:00:00", "Z", "+01:00", ".5"])) {
        match parse_as_of(&text) {
            Ok(_) => {}
            Err(e) => prop_assert!(e.to_string().contains("is not a date")),
        }
    }
}

const README: &str = "# Proj\n\n> **Warning**\n> This project is deprecated.\n\n## Maintainers\n\nSee [MAINTAINERS](MAINTAINERS.md).\n\n[gov]: https://x.org/governance\n\nRead the [governance][gov].\n";
const AFFILIATIONS: &str = "# gitdm\njane: jane!x.com, j@y.org\n\tAcme until 2020-01-01\n\tGlobex\nbob@z.org: Initech until 2021-06-30\nx.com Acme < 2019-01-01\n";

#[test]
fn line_break_styles_scan_alike() {
    let lf_notice = lifecycle::announcement("README.md", README);
    assert_eq!(
        lf_notice.as_ref().map(|n| n.1.as_str()),
        Some("README.md:4: > This project is deprecated.")
    );
    let lf_items = readme_refs::items(README);
    assert!(lf_items.len() >= 2, "{lf_items:?}");
    let lf_aff = Affiliations::parse(AFFILIATIONS, Path::new("a")).unwrap();
    for (style, text) in radar_fuzz::line_break_styles(README) {
        assert_eq!(readme_refs::items(&text), lf_items, "{style}");
        // Lifecycle notices (crates/radar-evidence/src/lifecycle.rs) are
        // being reworked elsewhere; here they must not panic.
        let _ = lifecycle::announcement("README.md", &text);
    }
    for (style, text) in radar_fuzz::line_break_styles(AFFILIATIONS) {
        let aff = Affiliations::parse(&text, Path::new("a")).unwrap();
        assert_eq!(aff, lf_aff, "{style}");
    }
    let bad = "a@x.org: Acme\n\tGlobex\r\rx.com\n";
    for (style, text) in radar_fuzz::line_break_styles(bad) {
        match Affiliations::parse(&text, Path::new("a")) {
            Err(Error::Affiliations { line, .. }) => assert_eq!(line, 2, "{style}"),
            other => panic!("{style}: {other:?}"),
        }
    }
}

#[test]
fn awkward_bytes_scan_without_panic() {
    for (what, text) in radar_fuzz::awkward_variants(README, "a long paragraph ") {
        readme_scans(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
    for (what, text) in radar_fuzz::awkward_variants(AFFILIATIONS, "# long comment ") {
        affiliations(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
    let long = "Jane <j@x.org> ".repeat(1 << 16);
    let map = Mailmap::parse(format!("\u{feff}{long}\0\r\n").as_bytes());
    let _ = map.resolve_identity("Jane", "j@x.org");
}
