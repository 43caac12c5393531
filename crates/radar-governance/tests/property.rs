//! Property: whatever the records say, the decided level never changes without
//! a vote that reached 2/3, and a graduation never skips a level.
//!
//! Random records (valid and invalid: skipped levels, cascades out of order,
//! donations without evidence, votes on projects never admitted) are written
//! as YAML, tallied as they stood after each review, and every change of the
//! project's standing is checked against the review that made it.

use jiff::civil::{Date, date};
use proptest::prelude::*;
use radar_catalog::Level;
use radar_governance::engine::{LADDER, next_level, tally_until};
use radar_governance::{MotionKind, Outcome, Standing, parse};

const MEMBERS: [&str; 5] = ["ana", "ben", "cai", "dev", "eli"];

#[derive(Debug, Clone)]
enum Step {
    Review,
    Admit {
        rounds: Vec<(usize, usize)>,
        plain: bool,
    },
    Graduate {
        to: Option<usize>,
        yes: usize,
    },
    Archive {
        yes: usize,
    },
    Donate {
        foundation: bool,
        interest: bool,
        yes: usize,
    },
    Propose {
        external: bool,
        level: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Review),
        (
            prop::collection::vec((0..3usize, 0..=5usize), 1..4),
            any::<bool>()
        )
            .prop_map(|(rounds, plain)| Step::Admit { rounds, plain }),
        (prop::option::of(0..3usize), 0..=5usize).prop_map(|(to, yes)| Step::Graduate { to, yes }),
        (0..=5usize).prop_map(|yes| Step::Archive { yes }),
        (any::<bool>(), any::<bool>(), 0..=5usize).prop_map(|(foundation, interest, yes)| {
            Step::Donate {
                foundation,
                interest,
                yes,
            }
        }),
        (any::<bool>(), 0..3usize).prop_map(|(external, level)| Step::Propose { external, level }),
    ]
}

fn votes(yes: usize) -> String {
    let v: Vec<String> = MEMBERS
        .iter()
        .enumerate()
        .map(|(i, m)| format!("{m}: {}", if i < yes { "yes" } else { "no" }))
        .collect();
    format!("{{{}}}", v.join(", "))
}

/// The review dates: one per step, a month apart.
fn step_date(i: usize) -> Date {
    date(2025, 2, 1)
        .checked_add(jiff::Span::new().months(i as i64))
        .unwrap()
}

/// Writes the records: an optional baseline, then one review (or a proposal) per step.
fn yaml(baseline: Option<usize>, steps: &[Step]) -> String {
    let mut s = String::from("toc:\n");
    for m in MEMBERS {
        s += &format!("  - {{id: {m}, from: 2025-01-01}}\n");
    }
    if let Some(level) = baseline {
        s += &format!(
            "baseline:\n  date: 2025-01-01\n  levels: {{p: {}}}\n",
            LADDER[level].as_str()
        );
    }
    s += "proposals:\n";
    for (i, st) in steps.iter().enumerate() {
        if let Step::Propose { external, level } = st {
            let origin = if *external {
                format!("external, level: {}", LADDER[*level].as_str())
            } else {
                "internal".into()
            };
            s += &format!(
                "  - {{project: p, origin: {origin}, date: {}}}\n",
                step_date(i)
            );
        }
    }
    s += "reviews:\n";
    for (i, st) in steps.iter().enumerate() {
        let item = match st {
            Step::Propose { .. } => continue,
            Step::Review => "{project: p}".to_string(),
            Step::Admit {
                rounds,
                plain: true,
            } => format!(
                "{{project: p, motion: admit, votes: {}, opinion: no}}",
                votes(rounds[0].1)
            ),
            Step::Admit {
                rounds,
                plain: false,
            } => {
                let r: Vec<String> = rounds
                    .iter()
                    .map(|(l, y)| {
                        format!("{{level: {}, votes: {}}}", LADDER[*l].as_str(), votes(*y))
                    })
                    .collect();
                format!(
                    "{{project: p, motion: admit, rounds: [{}], opinion: no}}",
                    r.join(", ")
                )
            }
            Step::Graduate { to, yes } => {
                let to = to
                    .map(|l| format!(", level: {}", LADDER[l].as_str()))
                    .unwrap_or_default();
                format!(
                    "{{project: p, motion: graduate{to}, votes: {}}}",
                    votes(*yes)
                )
            }
            Step::Archive { yes } => {
                format!("{{project: p, motion: archive, votes: {}}}", votes(*yes))
            }
            Step::Donate {
                foundation,
                interest,
                yes,
            } => {
                let f = if *foundation {
                    ", foundation: CNCF"
                } else {
                    ""
                };
                let i = if *interest {
                    ", interest: [https://example.org/letter]"
                } else {
                    ""
                };
                format!(
                    "{{project: p, motion: donate{f}{i}, votes: {}}}",
                    votes(*yes)
                )
            }
        };
        s += &format!(
            "  - date: {}\n    projects:\n      - {item}\n",
            step_date(i)
        );
    }
    s
}

/// The admitted level, if the standing has one on the ladder.
fn ladder_level(s: &Option<Standing>) -> Option<Level> {
    match s {
        Some(Standing::Admitted { level }) => Some(*level),
        _ => None,
    }
}

proptest! {
    #![proptest_config(radar_fuzz::config!(512))]

    #[test]
    fn decided_level_never_skips_or_moves_without_a_passing_vote(
        baseline in prop::option::of(0..3usize),
        steps in prop::collection::vec(step(), 1..10),
    ) {
        let text = yaml(baseline, &steps);
        let file = parse(&text).map_err(|p| TestCaseError::fail(format!("{p:?}\n{text}")))?;
        let standing_at = |d: Date| tally_until(&file, None, Some(d)).decisions.get("p").map(|d| d.standing.clone());
        let full = tally_until(&file, None, None);

        let mut before = standing_at(date(2025, 1, 31));
        for (i, step) in steps.iter().enumerate() {
            let day = step_date(i);
            let after = standing_at(day);
            if after == before {
                continue;
            }
            // A proposal may open (or reopen) a file; that is no level.
            if matches!(after, Some(Standing::Proposed { .. })) {
                prop_assert!(matches!(step, Step::Propose { .. }), "proposed without a proposal\n{text}");
                before = after;
                continue;
            }
            let entry = full.history("p").find(|e| e.date == day);
            let entry = entry.ok_or_else(|| TestCaseError::fail(format!("standing changed on {day} without a review\n{text}")))?;
            prop_assert!(matches!(entry.outcome, Outcome::Passed | Outcome::Rejected), "changed by a {:?} entry\n{text}", entry.outcome);
            if entry.outcome == Outcome::Passed {
                // The deciding ballot reached 2/3 of the seated members, by the numbers.
                let ballot = entry.ballots.last().expect("a passed motion has a ballot");
                let c = &ballot.arithmetic.count;
                prop_assert!(3 * c.yes >= 2 * c.seated && c.seated == 5, "{} \n{text}", ballot.arithmetic);
                prop_assert!(entry.ballots[..entry.ballots.len() - 1].iter().all(|b| !b.arithmetic.passed));
            }
            match (ladder_level(&before), ladder_level(&after)) {
                (Some(from), Some(to)) => {
                    prop_assert_eq!(entry.motion, Some(MotionKind::Graduate));
                    prop_assert_eq!(Some(to), next_level(from), "graduated from {:?} to {:?}\n{}", from, to, text);
                }
                (None, Some(to)) => {
                    prop_assert_eq!(entry.motion, Some(MotionKind::Admit));
                    prop_assert!(matches!(before, Some(Standing::Proposed { .. })), "admitted without a proposal\n{}", text);
                    prop_assert_eq!(entry.ballots.last().and_then(|b| b.level), Some(to));
                }
                (Some(_), None) => {
                    prop_assert!(matches!(entry.motion, Some(MotionKind::Archive | MotionKind::Donate)), "{:?}\n{}", entry.motion, text);
                }
                (None, None) => {
                    // Proposed → rejected: every level down to sandbox failed.
                    prop_assert_eq!(&after, &Some(Standing::Rejected));
                    prop_assert_eq!(entry.ballots.last().and_then(|b| b.level), Some(Level::Sandbox));
                    prop_assert!(entry.ballots.iter().all(|b| !b.arithmetic.passed));
                }
            }
            before = after;
        }
        prop_assert_eq!(before, full.decisions.get("p").map(|d| d.standing.clone()));
    }
}
