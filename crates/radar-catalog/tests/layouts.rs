//! The layouts a README list really had over the years, as hand-written
//! files of the same shapes (tests/data/layouts/): one table with an area
//! column (the seed), one table per area under a heading with an empty
//! announcements table before them, the move from one to the other (both at
//! once, a row copied with its area cell), and a project listed in two areas.
//! Each imports with its exact number of projects (counted by hand, and by
//! scripts/count-readme-projects.py), gives a catalog `radar check` accepts,
//! and `render --check` of that catalog against its own file passes; the
//! catalog renders back in the layout it came from.

use radar_catalog::markdown::{self, CheckOutcome};
use radar_catalog::{Layout, Level, Listing, check_str, to_yaml};

struct Case {
    file: &'static str,
    text: &'static str,
    projects: usize,
    areas: &'static [&'static str],
    layout: Layout,
}

const CASES: &[Case] = &[
    Case {
        file: "seed.md",
        text: include_str!("data/seed.md"),
        projects: 18,
        areas: &[
            "Kubernetes Cluster Management",
            "Kubernetes Azure Cloud Provider",
            "Kubernetes Enhancements",
            "Cloud Native Governance and Security",
            "Cloud Native Service Mesh",
            "Container Runtime",
        ],
        layout: Layout::OneTable,
    },
    Case {
        file: "table-per-area.md",
        text: include_str!("data/layouts/table-per-area.md"),
        projects: 4,
        areas: &["Cluster Lifecycle", "Cloud Provider", "Node Enhancements"],
        layout: Layout::TablePerArea,
    },
    Case {
        file: "transition.md",
        text: include_str!("data/layouts/transition.md"),
        projects: 4,
        areas: &["Cluster Lifecycle", "Cloud Provider"],
        layout: Layout::TablePerArea,
    },
    Case {
        file: "two-areas.md",
        text: include_str!("data/layouts/two-areas.md"),
        projects: 5,
        areas: &["Service Mesh", "Runtime", "Past Projects"],
        layout: Layout::OneTable,
    },
];

#[test]
fn every_layout_imports_checks_and_renders_back() {
    for case in CASES {
        let im = markdown::import(case.file, case.text).unwrap_or_else(|e| panic!("{e}"));
        let c = &im.catalog;
        assert_eq!(c.project_count(), case.projects, "{}", case.file);
        let areas: Vec<&str> = c.areas.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(areas, case.areas, "{}", case.file);
        assert_eq!(c.layout, case.layout, "{}", case.file);
        // `radar check` accepts what import writes, and it loads back the same.
        let yaml = to_yaml(c);
        let checked = check_str("imported.yaml", &yaml);
        assert!(
            !checked.has_errors(),
            "{}: {:#?}",
            case.file,
            checked.diagnostics
        );
        assert_eq!(checked.catalog.as_ref(), Some(c), "{}", case.file);
        // `render --check` of the catalog against its own file passes.
        assert_eq!(
            markdown::check_file(c, case.file, case.text).unwrap(),
            CheckOutcome::Same,
            "{}",
            case.file
        );
        // Rendering writes the layout it came from, which imports to the same catalog.
        let doc = markdown::render_document(c);
        let again = markdown::import("rendered.md", &doc).unwrap().catalog;
        assert_eq!(&again, c, "{}:\n{doc}", case.file);
        // `render --write` replaces the list and keeps every byte around it.
        let (first, last) = im.list_lines;
        let written = markdown::replace_table(c, case.file, case.text).unwrap();
        let lines: Vec<&str> = case.text.split_inclusive('\n').collect();
        assert!(
            written.starts_with(&lines[..first - 1].concat()),
            "{}",
            case.file
        );
        assert!(written.ends_with(&lines[last..].concat()), "{}", case.file);
        assert_eq!(
            markdown::check_file(c, case.file, &written).unwrap(),
            CheckOutcome::Same,
            "{}:\n{written}",
            case.file
        );
    }
}

#[test]
fn a_table_per_area_under_headings() {
    let text = include_str!("data/layouts/table-per-area.md");
    let im = markdown::import("table-per-area.md", text).unwrap();
    let c = &im.catalog;
    // The announcements table is not a project table: skipped, with a note naming its line.
    let skipped: Vec<_> = im.warnings.iter().filter(|w| w.code == "M206").collect();
    assert_eq!(skipped.len(), 1, "{:#?}", im.warnings);
    assert_eq!(skipped[0].line, 9);
    assert!(
        skipped[0]
            .message
            .contains("`Date | Project | Announcement | Details`")
    );
    // Prose: the announcements stay in the intro, the list's heading is kept.
    assert_eq!(c.title, "Example Upstream");
    assert!(c.intro.contains("| Date | Project |"), "{}", c.intro);
    assert_eq!(
        c.support,
        "Projects listed here are community projects; ask on their issue trackers."
    );
    assert_eq!(
        c.table_heading.as_deref(),
        Some("Project List - By Persona")
    );
    assert!(c.notes.starts_with("## Project Maturity"), "{}", c.notes);
    assert_eq!(c.platform.as_deref(), Some("Example Cloud"));
    // An empty project table is an area with no projects.
    assert!(c.areas[1].projects.is_empty());
    // A link into a folder of a repository gives the repository and the folder.
    let driver = c.project("folder-driver").unwrap();
    assert_eq!(
        (driver.repo.as_deref(), driver.path.as_deref()),
        (
            Some("https://github.com/kubernetes/widgets"),
            Some("drivers/folder")
        )
    );
    // Rendered: `###` areas under the list's `##` heading, tables without an area column.
    let doc = markdown::render_document(c);
    assert!(
        doc.contains("## Project List - By Persona\n\n### Cluster Lifecycle\n\n| Project & (artifacts) | Goal |"),
        "{doc}"
    );
}

#[test]
fn both_layouts_at_once_are_merged() {
    let text = include_str!("data/layouts/transition.md");
    let im = markdown::import("transition.md", text).unwrap();
    let c = &im.catalog;
    let names: Vec<Vec<&str>> = c
        .by_area()
        .into_iter()
        .map(|(_, ps)| ps.iter().map(|p| p.name.as_str()).collect())
        .collect();
    assert_eq!(
        names,
        [
            vec!["Kettle", "Lantern"],
            vec!["Out-of-tree Widget", "Quiver"]
        ]
    );
    // Listed twice in one area (its table and the big table): one listing, no reference.
    assert!(
        c.areas
            .iter()
            .flat_map(|a| &a.projects)
            .all(|l| matches!(l, Listing::Project(_)))
    );
    let codes: Vec<(&str, usize)> = im.warnings.iter().map(|w| (w.code, w.line)).collect();
    assert_eq!(
        codes,
        [("M206", 5), ("M202", 16)],
        "the announcements table, then the row copied with its area cell: {:#?}",
        im.warnings
    );
    let lantern = c.project("lantern").unwrap();
    assert_eq!(lantern.goal.as_deref(), Some("Light up nodes"));
}

#[test]
fn a_project_in_two_areas_is_kept_once_in_both() {
    let text = include_str!("data/layouts/two-areas.md");
    let im = markdown::import("two-areas.md", text).unwrap();
    let c = &im.catalog;
    assert_eq!(c.project_count(), 5);
    assert_eq!(c.listings().len(), 7);
    let areas =
        |id: &str| -> Vec<&str> { c.areas_of(id).iter().map(|a| a.name.as_str()).collect() };
    assert_eq!(areas("mesh-spec"), ["Service Mesh", "Past Projects"]);
    assert_eq!(areas("tiny-mesh"), ["Service Mesh", "Past Projects"]);
    assert_eq!(
        c.areas[2]
            .projects
            .iter()
            .filter_map(Listing::reference)
            .collect::<Vec<_>>(),
        ["mesh-spec", "tiny-mesh"]
    );
    // Same cells (a missing last cell is an empty one): nothing to warn about.
    assert!(
        !im.warnings.iter().any(|w| w.code == "M207"),
        "{:#?}",
        im.warnings
    );
    let boxd = c.project("boxd").unwrap();
    assert_eq!(boxd.state.as_ref().unwrap().level, Level::Graduated);
}

#[test]
fn a_relisted_project_with_other_cells_keeps_the_first_and_says_so() {
    let text = "| Project Area | Project | Goal |\n|---|---|---|\n| A | | |\n| | [P](https://github.com/o/p) | first |\n| B | | |\n| | [P](https://github.com/o/p) | second |\n| | [P](https://github.com/o/other) | another project, same name |\n";
    let im = markdown::import("r.md", text).unwrap();
    let c = &im.catalog;
    assert_eq!(c.project("p").unwrap().goal.as_deref(), Some("first"));
    assert_eq!(c.areas_of("p").len(), 2);
    // The same name with another link is another project, with its own id.
    assert_eq!(
        c.project("p-2").unwrap().goal.as_deref(),
        Some("another project, same name")
    );
    let codes: Vec<(&str, usize)> = im.warnings.iter().map(|w| (w.code, w.line)).collect();
    assert_eq!(codes, [("M207", 6), ("M209", 7)]);
    assert!(im.warnings[0].message.contains("differ from line 4"));
    assert!(!check_str("r.yaml", &to_yaml(c)).has_errors());
    assert_eq!(
        markdown::check_file(c, "r.md", text).unwrap(),
        CheckOutcome::Same
    );
}

#[test]
fn a_file_without_a_list_is_an_error() {
    let text = include_str!("data/layouts/no-list.md");
    let err = markdown::import("no-list.md", text).unwrap_err();
    assert!(err.to_string().contains("no Markdown table"), "{err}");
}
