//! The packet generator on synthetic figures: what it says, and that text
//! from catalogs, repositories and records never becomes markup.

use jiff::civil::date;
use radar_governance::packet::{
    Assessment, Criterion, Finding, PacketInput, ProjectInput, Snapshot, packet,
};
use radar_governance::{Quarter, read};

const RECORDS: &str = "
title: \"Records <img src=x onerror=alert(1)>\"
toc:
  - {id: ana, from: 2025-01-01}
  - {id: \"b<i>en</i>\", from: 2025-01-01}
  - {id: cai, from: 2025-01-01, until: 2026-08-01}
baseline:
  date: 2025-10-01
  levels: {alpha: sandbox, beta: incubating}
reviews:
  - date: 2026-07-15
    projects:
      - {project: alpha, motion: graduate, votes: {ana: yes, \"b<i>en</i>\": yes, cai: no}}
      - project: beta
        motion: graduate
        votes: {ana: yes, cai: no}
        opinion: \"See [this](javascript:alert(1)) | ![x](https://evil.example/x.png) <script>x</script>\"
";

fn snapshot(
    as_of: jiff::civil::Date,
    commits: u64,
    active: u64,
    orgs: u64,
    releases: u64,
) -> Snapshot {
    Snapshot {
        as_of: Some(as_of),
        head: Some("0123456789abcdef0123".into()),
        commits,
        contributors: 12,
        commits_90d: 20,
        active_contributors_90d: active,
        organizations_365d: orgs,
        elephant_factor: 1,
        releases,
        latest_release: Some(("v1.2.0`<b>".into(), date(2026, 8, 1))),
        last_commit: Some(date(2026, 9, 20)),
        lifecycle: "active".into(),
        lifecycle_evidence: None,
    }
}

fn document() -> String {
    let tally = read(RECORDS, None).unwrap();
    assert!(!tally.has_errors(), "{:?}", tally.problems);
    let q: Quarter = "2026Q3".parse().unwrap();
    let projects = vec![
        ProjectInput {
            id: "alpha".into(),
            name: "Alpha [click](javascript:alert(1))".into(),
            repo: Some("https://example.org/alpha".into()),
            catalog_level: Some("Azure: sandbox".into()),
            current: Ok(snapshot(date(2026, 9, 30), 140, 4, 3, 7)),
            previous: Ok(snapshot(date(2026, 6, 30), 100, 6, 3, 5)),
            assessment: Some(Ok(Assessment {
                model: Some("Guidelines".into()),
                supported_level: Some("Sandbox".into()),
                next_level: Some("Graduated".into()),
                missing: vec![Criterion {
                    id: "adopters".into(),
                    title: "A public list of adopters".into(),
                    status: "fail, must".into(),
                    detail: Some("Add ADOPTERS.md <here>".into()),
                }],
                findings: vec![Finding {
                    severity: "warning".into(),
                    message: "one organisation has *all* commits".into(),
                }],
            })),
        },
        ProjectInput {
            id: "beta".into(),
            name: "Beta".into(),
            repo: Some("javascript:alert(1)".into()),
            catalog_level: None,
            current: Err("cannot reach <the> repository".into()),
            previous: Err("cannot reach <the> repository".into()),
            assessment: None,
        },
    ];
    let input = PacketInput {
        quarter: q,
        tally: &tally,
        source: "gov.yaml",
        current_as_of: date(2026, 9, 30),
        previous_as_of: date(2026, 6, 30),
        projects,
    };
    packet(&input)
}

#[test]
fn summarises_momentum_gaps_findings_and_history() {
    let doc = document();
    assert!(doc.contains("| Commits | 100 | 140 | +40 |"), "{doc}");
    assert!(
        doc.contains("| Active contributors (90 days) | 6 | 4 | -2 |"),
        "{doc}"
    );
    assert!(
        doc.contains("| Organisations (365 days) | 3 | 3 | 0 |"),
        "{doc}"
    );
    assert!(doc.contains("| Releases | 5 | 7 | +2 |"), "{doc}");
    assert!(
        doc.contains("| 140 (+40) | 4 (-2) | 3 (0) | 7 (+2) | yes |"),
        "summary row: {doc}"
    );
    assert!(
        doc.contains("### Missing for Graduated (Guidelines model)"),
        "{doc}"
    );
    assert!(
        doc.contains(
            "- [ ] A public list of adopters (`adopters`, fail, must): Add ADOPTERS.md \\<here>"
        ),
        "{doc}"
    );
    assert!(
        doc.contains("- **warning:** one organisation has \\*all\\* commits"),
        "{doc}"
    );
    assert!(
        doc.contains("- **Decided:** incubating, since 2026-07-15 (graduate at the 2026Q3 review)"),
        "{doc}"
    );
    assert!(doc.contains("| 2026-07-15 | 2026Q3 | graduate to incubating | graduated from sandbox to incubating | incubating: 2–1–0 of 3 |"), "{doc}");
    // Cai left on 2026-08-01: not seated at the quarter's end.
    assert!(doc.contains("- TOC seated: ana, b\\<i>en\\</i>\n"), "{doc}");
    assert!(
        doc.contains("Not measured: cannot reach \\<the> repository"),
        "{doc}"
    );
    assert!(doc.contains("Not available without evidence."), "{doc}");
}

/// The packet rendered as HTML with raw HTML allowed: an escaping hole would show as a real tag or link.
#[test]
fn untrusted_text_stays_text() {
    let doc = document();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = false;
    options.render.r#unsafe = true;
    let html = comrak::markdown_to_html(&doc, &options);
    for bad in [
        "<script",
        "<img",
        "<i>",
        "<b>",
        "href=\"javascript",
        "<here>",
        "<the>",
    ] {
        assert!(!html.contains(bad), "{bad} in:\n{html}");
    }
    // What was escaped still reads as the original text.
    assert!(
        html.contains("Alpha [click](javascript:alert(1))"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"), "{html}");
    // The table keeps its shape: the pipe inside the opinion did not open a cell.
    let history_row = html
        .lines()
        .skip_while(|l| !l.contains("not graduated"))
        .take(1)
        .collect::<String>();
    assert!(history_row.contains("| !"), "{history_row}");
    // The only links are the ones the packet makes: anchors and the https repository.
    let hrefs: Vec<&str> = html
        .match_indices("href=\"")
        .map(|(i, _)| html[i + 6..].split('"').next().unwrap())
        .collect();
    assert!(
        hrefs
            .iter()
            .all(|h| h.starts_with("#project-") || *h == "https://example.org/alpha"),
        "{hrefs:?}"
    );
}
