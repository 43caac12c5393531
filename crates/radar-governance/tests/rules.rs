//! Each rule of the process on hand-written records.

use std::collections::BTreeSet;

use jiff::civil::date;
use radar_catalog::Level;
use radar_governance::{Outcome, Standing, Tally, read};

/// Six members, seated from 2025-01-01 with open terms.
const TOC6: &str = "
toc:
  - {id: ana, from: 2025-01-01}
  - {id: ben, from: 2025-01-01}
  - {id: cai, from: 2025-01-01}
  - {id: dev, from: 2025-01-01}
  - {id: eli, from: 2025-01-01}
  - {id: fay, from: 2025-01-01}
";

fn run(yaml: &str) -> Tally {
    match read(yaml, None) {
        Ok(t) => t,
        Err(d) => panic!("does not parse: {d:#?}\n{yaml}"),
    }
}

fn codes(t: &Tally) -> Vec<&'static str> {
    t.problems.iter().map(|p| p.code.id).collect()
}

fn standing(t: &Tally, project: &str) -> Standing {
    t.decisions
        .get(project)
        .unwrap_or_else(|| panic!("no decision for {project}"))
        .standing
        .clone()
}

fn admitted(level: Level) -> Standing {
    Standing::Admitted { level }
}

/// `yes` members vote yes, the rest of `names` vote no.
fn votes(names: &[&str], yes: usize) -> String {
    let parts: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{n}: {}", if i < yes { "yes" } else { "no" }))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

const SIX: [&str; 6] = ["ana", "ben", "cai", "dev", "eli", "fay"];

/// A project `p` admitted at sandbox by baseline, plus the given reviews.
fn with_baseline(level: &str, reviews: &str) -> String {
    format!("{TOC6}baseline:\n  date: 2025-01-01\n  levels: {{p: {level}}}\nreviews:\n{reviews}")
}

#[test]
fn exact_two_thirds_boundaries_through_records() {
    // (yes, seated, passes): 4/6 passes, 3/5 fails, 2/3 passes, 6/9 passes, 5/8 fails.
    for (yes, seated, passes) in [
        (4, 6, true),
        (3, 5, false),
        (2, 3, true),
        (6, 9, true),
        (5, 8, false),
    ] {
        let names: Vec<String> = (0..seated).map(|i| format!("m{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let toc: String = names
            .iter()
            .map(|n| format!("  - {{id: {n}, from: 2025-01-01}}\n"))
            .collect();
        let yaml = format!(
            "toc:\n{toc}baseline:\n  date: 2025-01-01\n  levels: {{p: sandbox}}\nreviews:\n  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: graduate, votes: {}}}\n",
            votes(&names, yes)
        );
        let t = run(&yaml);
        assert!(t.problems.is_empty(), "{:?}", t.problems);
        let e = &t.entries[0];
        assert_eq!(
            e.outcome == Outcome::Passed,
            passes,
            "{yes} of {seated}: {}",
            e.ballots[0].arithmetic
        );
        let expect = if passes {
            Level::Incubating
        } else {
            Level::Sandbox
        };
        assert_eq!(standing(&t, "p"), admitted(expect), "{yes} of {seated}");
        let arith = e.ballots[0].arithmetic.to_string();
        assert!(arith.contains(&format!("3×{yes} = {}", 3 * yes)), "{arith}");
        assert!(
            arith.contains(&format!("2×{seated} = {}", 2 * seated)),
            "{arith}"
        );
    }
}

#[test]
fn internal_project_enters_at_sandbox() {
    let yaml = format!(
        "{TOC6}proposals:\n  - {{project: p, origin: internal, date: 2025-02-01, sponsor: Ana}}\nreviews:\n  - date: 2025-03-01\n    projects:\n      - {{project: p, motion: admit, votes: {}}}\n",
        votes(&SIX, 4)
    );
    let t = run(&yaml);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(standing(&t, "p"), admitted(Level::Sandbox));
    assert_eq!(t.entries[0].summary, "admitted at sandbox");
}

#[test]
fn internal_proposal_at_a_higher_level_is_an_error() {
    let yaml = format!(
        "{TOC6}proposals:\n  - {{project: p, origin: internal, level: incubating, date: 2025-02-01}}\nreviews:\n  - date: 2025-03-01\n    projects:\n      - {{project: p, motion: admit, level: incubating, votes: {}}}\n",
        votes(&SIX, 6)
    );
    let t = run(&yaml);
    assert_eq!(codes(&t), ["G021", "G036"]);
    // The admission at incubating is not counted.
    assert_eq!(t.entries[0].outcome, Outcome::Invalid);
    assert!(matches!(standing(&t, "p"), Standing::Proposed { .. }));
}

#[test]
fn external_cascade_descends_to_sandbox() {
    let yaml = format!(
        "{TOC6}proposals:
  - {{project: p, origin: external, level: graduated, date: 2025-02-01, sponsor: Ben}}
reviews:
  - date: 2025-03-01
    projects:
      - project: p
        motion: admit
        rounds:
          - {{level: graduated, votes: {}}}
          - {{level: incubating, votes: {}}}
          - {{level: sandbox, votes: {}}}
",
        votes(&SIX, 1),
        votes(&SIX, 3),
        votes(&SIX, 5)
    );
    let t = run(&yaml);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(standing(&t, "p"), admitted(Level::Sandbox));
    let e = &t.entries[0];
    assert_eq!(e.ballots.len(), 3);
    assert_eq!(
        e.ballots
            .iter()
            .map(|b| b.arithmetic.passed)
            .collect::<Vec<_>>(),
        [false, false, true]
    );
    assert_eq!(
        e.summary,
        "admitted at sandbox after graduated, incubating failed"
    );
}

#[test]
fn external_project_admitted_at_preferred_level_with_plain_votes() {
    let yaml = format!(
        "{TOC6}proposals:\n  - {{project: p, origin: external, level: incubating, date: 2025-02-01}}\nreviews:\n  - date: 2025-03-01\n    projects:\n      - {{project: p, motion: admit, votes: {}}}\n",
        votes(&SIX, 4)
    );
    let t = run(&yaml);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(standing(&t, "p"), admitted(Level::Incubating));
}

#[test]
fn rejection_needs_the_tocs_opinion() {
    let cascade = |opinion: &str| {
        format!(
            "{TOC6}proposals:
  - {{project: p, origin: external, level: incubating, date: 2025-02-01}}
reviews:
  - date: 2025-03-01
    projects:
      - project: p
        motion: admit
        rounds:
          - {{level: incubating, votes: {}}}
          - {{level: sandbox, votes: {}}}
{opinion}",
            votes(&SIX, 2),
            votes(&SIX, 3)
        )
    };
    let with = run(&cascade(
        "        opinion: Overlaps an existing project; no maintainers outside one company.\n",
    ));
    assert!(with.problems.is_empty(), "{:?}", with.problems);
    assert_eq!(standing(&with, "p"), Standing::Rejected);
    assert_eq!(with.entries[0].outcome, Outcome::Rejected);

    let without = run(&cascade(""));
    assert_eq!(codes(&without), ["G039"]);
    let p = &without.problems[0];
    assert_eq!(
        (p.pos.line, p.pos.column),
        (14, 18),
        "points at the project entry: {p}"
    );
    // The vote still happened: the project is rejected, and the record is incomplete.
    assert_eq!(standing(&without, "p"), Standing::Rejected);
}

#[test]
fn cascade_must_start_at_preferred_level_and_descend_one_at_a_time() {
    let base = |rounds: &str| {
        format!(
            "{TOC6}proposals:\n  - {{project: p, origin: external, level: graduated, date: 2025-02-01}}\nreviews:\n  - date: 2025-03-01\n    projects:\n      - project: p\n        motion: admit\n        rounds:\n{rounds}"
        )
    };
    let no = votes(&SIX, 0);
    let yes = votes(&SIX, 6);
    // Starts below the preferred level.
    let t = run(&base(&format!(
        "          - {{level: incubating, votes: {yes}}}\n"
    )));
    assert_eq!(codes(&t), ["G036"]);
    assert!(
        t.problems[0].message.contains("preferred level graduated"),
        "{}",
        t.problems[0]
    );
    // Jumps from graduated straight to sandbox.
    let t = run(&base(&format!(
        "          - {{level: graduated, votes: {no}}}\n          - {{level: sandbox, votes: {yes}}}\n"
    )));
    assert_eq!(codes(&t), ["G036"]);
    assert!(
        matches!(standing(&t, "p"), Standing::Proposed { .. }),
        "an invalid cascade decides nothing"
    );
    // Goes on voting after a level passed.
    let t = run(&base(&format!(
        "          - {{level: graduated, votes: {yes}}}\n          - {{level: incubating, votes: {yes}}}\n"
    )));
    assert_eq!(codes(&t), ["G037"]);
    // Stops above sandbox without a pass.
    let t = run(&base(&format!(
        "          - {{level: graduated, votes: {no}}}\n          - {{level: incubating, votes: {no}}}\n"
    )));
    assert_eq!(codes(&t), ["G038"]);
    assert!(matches!(standing(&t, "p"), Standing::Proposed { .. }));
}

#[test]
fn graduation_moves_one_level_and_never_skips() {
    let yes = votes(&SIX, 5);
    let t = run(&with_baseline(
        "sandbox",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: graduate, level: graduated, votes: {yes}}}\n"
        ),
    ));
    assert_eq!(codes(&t), ["G032"]);
    assert!(
        t.problems[0].message.contains("skips incubating"),
        "{}",
        t.problems[0]
    );
    assert_eq!(standing(&t, "p"), admitted(Level::Sandbox));

    let t = run(&with_baseline(
        "sandbox",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: graduate, votes: {yes}}}\n  - date: 2025-09-01\n    projects:\n      - {{project: p, motion: graduate, level: graduated, votes: {yes}}}\n"
        ),
    ));
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(standing(&t, "p"), admitted(Level::Graduated));
    assert_eq!(
        t.entries[1].summary,
        "graduated from incubating to graduated"
    );

    // Nothing above graduated.
    let t = run(&with_baseline(
        "graduated",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: graduate, votes: {yes}}}\n"
        ),
    ));
    assert_eq!(codes(&t), ["G033"]);
}

#[test]
fn a_failed_graduation_keeps_the_level() {
    let t = run(&with_baseline(
        "incubating",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: graduate, votes: {}, opinion: Needs adopters.}}\n",
            votes(&SIX, 3)
        ),
    ));
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(t.entries[0].outcome, Outcome::Failed);
    assert_eq!(standing(&t, "p"), admitted(Level::Incubating));
    assert_eq!(t.entries[0].opinion.as_deref(), Some("Needs adopters."));
}

#[test]
fn votes_on_projects_never_admitted_are_errors() {
    let yes = votes(&SIX, 6);
    let yaml = format!(
        "{TOC6}proposals:\n  - {{project: q, origin: internal, date: 2025-02-01}}\nreviews:\n  - date: 2025-03-01\n    projects:\n      - {{project: nobody, motion: graduate, votes: {yes}}}\n      - {{project: q, motion: archive, votes: {yes}}}\n      - {{project: ghost, motion: admit, votes: {yes}}}\n"
    );
    let t = run(&yaml);
    assert_eq!(codes(&t), ["G030", "G030", "G034"]);
    assert!(!t.decisions.contains_key("nobody"));
    assert!(matches!(standing(&t, "q"), Standing::Proposed { .. }));
}

#[test]
fn admission_before_its_proposal_is_reported_as_such() {
    let yaml = format!(
        "{TOC6}proposals:\n  - {{project: p, origin: internal, date: 2025-04-01}}\nreviews:\n  - date: 2025-03-01\n    projects:\n      - {{project: p, motion: admit, votes: {}}}\n",
        votes(&SIX, 6)
    );
    assert_eq!(codes(&run(&yaml)), ["G044"]);
}

#[test]
fn two_motions_for_one_project_at_one_review() {
    let yes = votes(&SIX, 6);
    let t = run(&with_baseline(
        "sandbox",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: graduate, votes: {yes}}}\n      - {{project: p, motion: archive, votes: {yes}}}\n"
        ),
    ));
    assert_eq!(codes(&t), ["G031"]);
    let p = &t.problems[0];
    assert_eq!(p.pos.line, 16);
    assert_eq!(p.related.as_ref().map(|(pos, _)| pos.line), Some(15));
    // The first motion counts; the second is not recorded.
    assert_eq!(t.entries.len(), 1);
    assert_eq!(standing(&t, "p"), admitted(Level::Incubating));
}

/// A member whose term is [2025-01-01, 2026-03-01) and one whose term starts 2026-03-01.
fn term_edges(vote_date: &str) -> Tally {
    let yaml = format!(
        "toc:
  - {{id: ana, from: 2025-01-01}}
  - {{id: ben, from: 2025-01-01}}
  - {{id: old, from: 2025-01-01, until: 2026-03-01}}
  - {{id: new, from: 2026-03-01}}
baseline:
  date: 2025-01-01
  levels: {{p: sandbox}}
reviews:
  - date: {vote_date}
    projects:
      - {{project: p, motion: archive, votes: {{ana: yes, ben: yes, old: yes, new: yes}}}}
"
    );
    run(&yaml)
}

#[test]
fn member_terms_include_from_and_exclude_until() {
    // The day before `until`: `old` is seated, `new` is not yet.
    let t = term_edges("2026-02-28");
    assert_eq!(codes(&t), ["G012"]);
    assert!(
        t.problems[0]
            .message
            .starts_with("new is not seated on 2026-02-28"),
        "{}",
        t.problems[0]
    );
    assert_eq!(t.entries[0].ballots[0].arithmetic.count.seated, 3);
    assert_eq!(t.entries[0].ballots[0].arithmetic.count.yes, 3);

    // On `until`: `old` is no longer seated; `new` is, from its first day.
    let t = term_edges("2026-03-01");
    assert_eq!(codes(&t), ["G012"]);
    let p = &t.problems[0];
    assert!(
        p.message
            .starts_with("old is not seated on 2026-03-01 (term from 2025-01-01 until 2026-03-01)"),
        "{p}"
    );
    assert_eq!((p.pos.line, p.pos.column), (12, 67), "points at the vote");
    assert_eq!(t.entries[0].ballots[0].arithmetic.count.seated, 3);
    // The unseated vote is left out; the other three pass 3 of 3.
    assert_eq!(
        standing(&t, "p"),
        Standing::Archived {
            level: Level::Sandbox
        }
    );
}

#[test]
fn unknown_members_and_bad_votes_get_suggestions() {
    let t = run(&with_baseline(
        "sandbox",
        "  - date: 2025-06-01\n    projects:\n      - {project: p, motion: archive, votes: {anna: yes, ben: yse, cai: yes, dev: yes, eli: yes, fay: yes}}\n",
    ));
    assert_eq!(codes(&t), ["G011", "G005"]);
    assert_eq!(t.problems[0].help.as_deref(), Some("did you mean `ana`?"));
    assert_eq!(t.problems[1].help.as_deref(), Some("did you mean `yes`?"));
    // ana's vote was not recorded (anna is not a member): counted absent; ben's vote is unreadable.
    let count = &t.entries[0].ballots[0].arithmetic.count;
    assert_eq!(
        (count.yes, count.absent, count.not_recorded.clone()),
        (4, 1, vec!["ana".to_string()])
    );
    assert_eq!(
        standing(&t, "p"),
        Standing::Archived {
            level: Level::Sandbox
        },
        "4 of 6 still passes"
    );
}

#[test]
fn overlapping_or_backwards_terms_are_errors() {
    let yaml = "toc:\n  - {id: ana, from: 2025-01-01, until: 2026-01-01}\n  - {id: ana, from: 2025-06-01}\n  - {id: ben, from: 2025-06-01, until: 2025-06-01}\n  - {id: cai, from: 2025-01-01, until: 2025-06-01}\n  - {id: cai, from: 2025-06-01}\n";
    let t = run(yaml);
    assert_eq!(codes(&t), ["G010", "G010"], "{:?}", t.problems);
    assert_eq!(t.problems[0].pos.line, 3);
    assert_eq!(t.problems[1].pos.line, 4);
    // cai's two back-to-back terms are fine.
    assert_eq!(t.roster.iter().filter(|m| m.member == "cai").count(), 2);
}

#[test]
fn archive_needs_two_thirds() {
    let t = run(&with_baseline(
        "incubating",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: archive, votes: {}}}\n",
            votes(&SIX, 4)
        ),
    ));
    assert_eq!(
        standing(&t, "p"),
        Standing::Archived {
            level: Level::Incubating
        }
    );
    assert_eq!(t.decisions["p"].level(), Some(Level::Archived));
    let t = run(&with_baseline(
        "incubating",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: archive, votes: {}}}\n",
            votes(&SIX, 3)
        ),
    ));
    assert_eq!(standing(&t, "p"), admitted(Level::Incubating));
}

#[test]
fn donation_needs_two_thirds_and_the_foundations_interest() {
    let yes = votes(&SIX, 4);
    let t = run(&with_baseline(
        "graduated",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: donate, foundation: CNCF, votes: {yes}}}\n"
        ),
    ));
    assert_eq!(codes(&t), ["G041"]);
    assert_eq!(t.entries[0].outcome, Outcome::Invalid);
    assert_eq!(standing(&t, "p"), admitted(Level::Graduated));

    let t = run(&with_baseline(
        "graduated",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: donate, votes: {yes}, interest: [https://example.org/letter]}}\n"
        ),
    ));
    assert_eq!(codes(&t), ["G040"]);

    let t = run(&with_baseline(
        "graduated",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: donate, foundation: CNCF, interest: [https://example.org/letter], votes: {yes}}}\n  - date: 2025-09-01\n    projects:\n      - {{project: p, motion: archive, votes: {yes}}}\n"
        ),
    ));
    assert_eq!(codes(&t), ["G043"], "nothing is voted on after a donation");
    assert_eq!(
        standing(&t, "p"),
        Standing::Donated {
            level: Level::Graduated,
            foundation: "CNCF".into()
        }
    );
    assert_eq!(t.entries[0].summary, "donated to CNCF (at graduated)");
}

#[test]
fn votes_cast_base_with_quorum() {
    let yaml = format!(
        "supermajority: {{base: cast, quorum: 4}}\n{}",
        with_baseline(
            "sandbox",
            "  - date: 2025-06-01\n    projects:\n      - {project: p, motion: graduate, votes: {ana: yes, ben: yes, cai: no, dev: abstain, eli: absent, fay: absent}}\n"
        )
    );
    let t = run(&yaml);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let a = &t.entries[0].ballots[0].arithmetic;
    assert_eq!((a.base, a.passed), (3, true), "2 of 3 cast, 4 present: {a}");
    // The same ballot under the default base: 2 of 6 seated.
    let t = run(&with_baseline(
        "sandbox",
        "  - date: 2025-06-01\n    projects:\n      - {project: p, motion: graduate, votes: {ana: yes, ben: yes, cai: no, dev: abstain, eli: absent, fay: absent}}\n",
    ));
    assert_eq!(t.entries[0].outcome, Outcome::Failed);

    let yaml = format!("supermajority: {{base: cast}}\n{TOC6}");
    assert_eq!(codes(&run(&yaml)), ["G006"]);
    let yaml = format!("supermajority: {{base: majority}}\n{TOC6}");
    assert_eq!(codes(&run(&yaml)), ["G006"]);
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let yaml = format!(
        "{TOC6}proposals:
  - {{project: x, origin: externl, level: sandbox, date: 2025-02-01}}
  - {{project: y, origin: external, date: 2025-02-30}}
reviews:
  - date: 2025-06-01
    quarter: 2025Q3
    projects: []
  - date: 2025-06-02
    projects:
      - {{project: z, motion: promote, votes: {{}}}}
      - {{project: w, motion: graduate, level: incubation, votes: {}}}
",
        votes(&SIX, 6)
    );
    let t = run(&yaml);
    assert_eq!(
        codes(&t),
        ["G007", "G002", "G045", "G008", "G030"],
        "{:#?}",
        t.problems
    );
    let lines: Vec<u32> = t.problems.iter().map(|p| p.pos.line).collect();
    assert_eq!(lines, [10, 11, 14, 18, 19]);
}

#[test]
fn structure_errors_are_all_reported_with_their_places() {
    let err = read(
        "toc: []\nreviews:\n  - date: 2025-01-01\n    motions: []\n  - date: [2025-02-01]\n",
        None,
    )
    .unwrap_err();
    let got: Vec<(&str, usize, usize)> = err.iter().map(|d| (d.code, d.line, d.col)).collect();
    assert_eq!(got, [("C002", 4, 5), ("C003", 5, 11)], "{err:#?}");
    assert!(
        err[0].message.contains("unknown field `motions`"),
        "{}",
        err[0].message
    );
    assert_eq!(err[0].file, radar_governance::TEXT_NAME);
}

#[test]
fn projects_are_checked_against_the_catalog() {
    let known: BTreeSet<String> = ["aks-engine".to_string(), "gatekeeper".to_string()].into();
    let yaml = format!(
        "{TOC6}proposals:\n  - {{project: aks-engin, origin: internal, date: 2025-02-01}}\n"
    );
    let t = read(&yaml, Some(&known)).unwrap();
    assert_eq!(codes(&t), ["G023"]);
    assert_eq!(
        t.problems[0].help.as_deref(),
        Some("did you mean `aks-engine`?")
    );
}

#[test]
fn proposal_rules() {
    let yaml = format!(
        "{TOC6}proposals:\n  - {{project: p, origin: external, date: 2025-02-01}}\n  - {{project: q, origin: internal, date: 2025-02-01}}\n  - {{project: q, origin: internal, date: 2025-03-01}}\n"
    );
    let t = run(&yaml);
    assert_eq!(codes(&t), ["G020", "G022"]);
    assert_eq!(
        t.problems[1].related.as_ref().map(|(p, _)| p.line),
        Some(11)
    );
}

#[test]
fn rejected_project_may_be_proposed_again() {
    let yaml = format!(
        "{TOC6}proposals:
  - {{project: p, origin: internal, date: 2025-02-01}}
  - {{project: p, origin: internal, date: 2025-07-01}}
reviews:
  - date: 2025-03-01
    projects:
      - {{project: p, motion: admit, votes: {}, opinion: Too early.}}
  - date: 2025-09-01
    projects:
      - {{project: p, motion: admit, votes: {}}}
",
        votes(&SIX, 2),
        votes(&SIX, 5)
    );
    let t = run(&yaml);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(standing(&t, "p"), admitted(Level::Sandbox));
    assert_eq!(
        t.history("p").map(|e| e.outcome).collect::<Vec<_>>(),
        [Outcome::Rejected, Outcome::Passed]
    );
    let by = t.deciding_entry("p").unwrap();
    assert_eq!(by.date, date(2025, 9, 1));
}

#[test]
fn review_without_motion_is_history_not_a_decision() {
    let t = run(&with_baseline(
        "sandbox",
        "  - date: 2025-06-01\n    projects:\n      - {project: p, notes: Steady.}\n      - {project: stranger}\n",
    ));
    assert_eq!(
        codes(&t),
        ["G046"],
        "reviewing a project never admitted is a warning"
    );
    assert!(!t.has_errors());
    assert_eq!(t.entries[0].outcome, Outcome::Reviewed);
    assert_eq!(t.decisions["p"].since, date(2025, 1, 1));
}

#[test]
fn decisions_as_of_a_date_ignore_later_records() {
    let file = radar_governance::parse(&with_baseline(
        "sandbox",
        &format!("  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: graduate, votes: {}}}\n", votes(&SIX, 6)),
    ))
    .unwrap();
    let before = radar_governance::engine::tally_until(&file, None, Some(date(2025, 5, 31)));
    assert_eq!(standing(&before, "p"), admitted(Level::Sandbox));
    let on = radar_governance::engine::tally_until(&file, None, Some(date(2025, 6, 1)));
    assert_eq!(standing(&on, "p"), admitted(Level::Incubating));
}

#[test]
fn due_lists_projects_without_a_review_this_quarter() {
    let yaml = format!(
        "{TOC6}baseline:\n  date: 2025-01-01\n  levels: {{a: sandbox, b: incubating, c: sandbox}}\nreviews:\n  - date: 2025-05-01\n    projects:\n      - {{project: a}}\n      - {{project: c, motion: archive, votes: {}}}\n  - date: 2025-04-02\n    quarter: 2025Q1\n    projects:\n      - {{project: b}}\n",
        votes(&SIX, 6)
    );
    let t = run(&yaml);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let (quarter, due) = radar_governance::due::due(&t, date(2025, 6, 15));
    assert_eq!(quarter.to_string(), "2025Q2");
    // a was reviewed in 2025Q2; c is archived; b's last review was for 2025Q1 (held in April).
    assert_eq!(
        due.iter().map(|d| d.project.as_str()).collect::<Vec<_>>(),
        ["b"]
    );
    assert_eq!(
        due[0].last_review.map(|(q, _)| q.to_string()),
        Some("2025Q1".into())
    );
}

#[test]
fn tally_text_shows_the_arithmetic_and_decisions() {
    let t = run(&with_baseline(
        "sandbox",
        &format!(
            "  - date: 2025-06-01\n    projects:\n      - {{project: p, motion: graduate, votes: {}}}\n",
            votes(&SIX, 4)
        ),
    ));
    let text = radar_governance::render::tally_text(&t, "gov.yaml");
    assert!(
        text.contains("2025Q2 review, held 2025-06-01 (6 members seated)"),
        "{text}"
    );
    assert!(text.contains("graduate to incubating"), "{text}");
    assert!(text.contains("at incubating: yes 4, no 2, abstain 0, absent 0 of 6 seated: 3×4 = 12 ≥ 2×6 = 12, passes"), "{text}");
    assert!(text.contains("  p        incubating  since 2025-06-01  graduate at the 2025Q2 review (gov.yaml:15:19)"), "{text}");
}
