//! Structural problems in records (unknown keys, wrong kinds of value, missing
//! fields) are reported like the catalog's: all at once, each at its place,
//! with the catalog's codes, and the rules still run on what could be read.

use std::collections::BTreeSet;

use radar_catalog::Diagnostic;
use radar_catalog::diagnostic::{HumanStyle, render_human};
use radar_governance::records::Records;
use radar_governance::{Outcome, Standing};

/// A typo'd key in one review item, a wrong type in a vote, an unknown motion
/// kind, a review with its date misspelt, a TOC member with an unknown key,
/// a proposal with an origin that is a list, and an unknown top-level key.
const BROKEN: &str = "\
toc:
  - {id: ana, from: 2025-01-01}
  - {id: ben, from: 2025-01-01}
  - {id: cai, from: 2025-01-01, afiliation: ACME}
baseline:
  date: 2025-01-01
  levels: {p: sandbox, q: sandbox}
proposals:
  - {project: r, origin: [internal], date: 2025-02-01}
reviews:
  - date: 2025-03-01
    projects:
      - project: p
        motion: graduate
        vots: {ana: yes, ben: yes, cai: yes}
  - date: 2025-06-01
    projects:
      - project: q
        motion: graduate
        votes: {ana: yes, ben: [yes], cai: yes}
      - project: p
        motion: archve
        votes: {ana: yes, ben: yes, cai: yes}
  - dtae: 2025-07-01
    projects: []
revews: []
";

fn known() -> BTreeSet<String> {
    ["p", "q", "r"].map(String::from).into()
}

fn find<'d>(d: &'d [Diagnostic], code: &str, line: usize) -> &'d Diagnostic {
    d.iter()
        .find(|d| d.code == code && d.line == line)
        .unwrap_or_else(|| panic!("no {code} at line {line} in {d:#?}"))
}

#[test]
fn every_structural_and_rule_problem_in_one_run() {
    let r = Records::from_text("gov.yaml", BROKEN, Some(known()));
    let got: Vec<(&str, usize, usize)> = r
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.col))
        .collect();
    assert_eq!(
        got,
        [
            ("C002", 4, 33),  // afiliation
            ("C003", 9, 26),  // origin: [internal] (the proposal is left out)
            ("G042", 13, 18), // the graduation of p records no votes: a rule, on what was read
            ("C002", 15, 9),  // vots
            ("C003", 20, 32), // ben: [yes]
            ("G008", 22, 17), // archve
            ("C002", 24, 5),  // dtae
            ("C004", 24, 5),  // ...so that review has no date (and is left out)
            ("C002", 26, 1),  // revews
        ],
        "{}",
        render_human(&r.diagnostics, HumanStyle { color: false })
    );
    assert!(
        r.diagnostics
            .iter()
            .all(|d| d.is_error() && d.file == "gov.yaml")
    );

    // As the catalog reports them: snippet, did you mean.
    let typo = find(&r.diagnostics, "C002", 15);
    assert_eq!(typo.message, "unknown field `vots` in a reviewed project");
    assert_eq!(
        typo.snippet.as_deref(),
        Some("        vots: {ana: yes, ben: yes, cai: yes}")
    );
    assert_eq!(typo.help.as_deref(), Some("did you mean `votes`?"));
    assert_eq!(
        find(&r.diagnostics, "C002", 4).help.as_deref(),
        Some("did you mean `affiliation`?")
    );
    assert_eq!(
        find(&r.diagnostics, "C002", 24).help.as_deref(),
        Some("did you mean `date`?")
    );
    let vote = find(&r.diagnostics, "C003", 20);
    assert_eq!(
        vote.message,
        "expected text for `ben` in `votes` of a reviewed project, found a list"
    );
    assert_eq!(vote.len, 5, "the whole `[yes]` is marked");
    let motion = find(&r.diagnostics, "G008", 22);
    assert_eq!(
        (motion.message.as_str(), motion.help.as_deref()),
        ("`archve` is not a motion", Some("did you mean `archive`?"))
    );
    assert_eq!(
        find(&r.diagnostics, "C004", 24).message,
        "a review has no `date`"
    );

    // The rest was read and tallied: q's graduation counts the two readable yes votes of three seated.
    let file = r.file.as_ref().expect("the records were read");
    assert_eq!(
        (file.toc.len(), file.proposals.len(), file.reviews.len()),
        (3, 0, 2)
    );
    let q: Vec<_> = r.tally.history("q").collect();
    assert_eq!(q.len(), 1);
    assert_eq!(
        q[0].outcome,
        Outcome::Passed,
        "{}",
        q[0].ballots[0].arithmetic
    );
    assert!(
        q[0].ballots[0]
            .arithmetic
            .to_string()
            .contains("yes 2, no 0"),
        "{}",
        q[0].ballots[0].arithmetic
    );
    assert_eq!(
        r.tally.decisions["q"].standing,
        Standing::Admitted {
            level: radar_catalog::Level::Incubating
        }
    );
    assert_eq!(
        r.tally.decisions["p"].standing,
        Standing::Admitted {
            level: radar_catalog::Level::Sandbox
        }
    );
}

#[test]
fn duplicate_votes_and_empty_values_are_structural_too() {
    let text = "toc:\n  - {id: ana, from: 2025-01-01}\n  - {id: '', from: 2025-01-01}\nbaseline: {date: 2025-01-01, levels: {p: sandbox}}\nreviews:\n  - date: 2025-03-01\n    projects:\n      - {project: p, motion: archive, votes: {ana: yes, ana: no}}\n";
    let r = Records::from_text("gov.yaml", text, None);
    let got: Vec<(&str, usize, usize)> = r
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.col))
        .collect();
    assert_eq!(
        got,
        [("C004", 3, 6), ("C007", 8, 57)],
        "{:#?}",
        r.diagnostics
    );
    assert_eq!(
        r.diagnostics[1].message,
        "`ana` appears twice in `votes` of a reviewed project"
    );
    // The first vote counts: 1 of 1 seated archives p.
    assert!(
        matches!(r.tally.decisions["p"].standing, Standing::Archived { .. }),
        "{:?}",
        r.tally.decisions["p"]
    );
}

#[test]
fn not_yaml_or_not_a_mapping_gives_no_records() {
    for (text, code) in [("toc: [\n", "C001"), ("- a\n- b\n", "C003")] {
        let r = Records::from_text("gov.yaml", text, None);
        assert!(r.file.is_none(), "{text}");
        assert_eq!(
            r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
            [code],
            "{text}"
        );
    }
    // Strict parsing gives every structural problem instead of the records.
    let err = radar_governance::parse("toc: 1\nreviews: x\n").unwrap_err();
    assert_eq!(
        err.iter().map(|d| (d.code, d.line)).collect::<Vec<_>>(),
        [("C003", 1), ("C003", 2)]
    );
}
