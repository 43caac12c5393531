//! End-of-life notices on a corpus of README excerpts (tests/data/
//! lifecycle_corpus.txt): half announce that the project or repository has
//! ended, half only look like it (a deprecated API version, flag, feature or
//! dependency). Prints precision and recall; a look-alike taken for a
//! notice, or more than one notice missed, fails the test.

use radar_evidence::LifecycleStatus;
use radar_evidence::lifecycle::{announcement, announcement_reading_every_line};

struct Case {
    label: String,
    name: String,
    text: String,
}

fn corpus() -> Vec<Case> {
    let text = include_str!("data/lifecycle_corpus.txt");
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("=== ") {
            let (label, name) = head.split_once(": ").expect("=== LABEL: name");
            cases.push(Case {
                label: label.to_owned(),
                name: name.to_owned(),
                text: String::new(),
            });
        } else if let Some(case) = cases.last_mut() {
            case.text.push_str(line);
            case.text.push('\n');
        }
    }
    cases
}

#[test]
fn notices_about_the_project_and_nothing_else() {
    let cases = corpus();
    let notices = cases.iter().filter(|c| c.label != "active").count();
    assert!(
        cases.len() >= 40 && notices * 2 >= cases.len() - 6 && notices * 2 <= cases.len() + 6,
        "a balanced corpus of 40 or more"
    );
    let (mut tp, mut fp, mut missed, mut wrong_kind) = (0, 0, Vec::new(), Vec::new());
    let mut false_alarms = Vec::new();
    for c in &cases {
        let found = announcement("README.md", &c.text);
        match (c.label.as_str(), &found) {
            ("active", None) => {}
            ("active", Some((_, line))) => {
                fp += 1;
                false_alarms.push(format!("{}: {line}", c.name));
            }
            (_, None) => missed.push(c.name.clone()),
            (label, Some((status, _))) => {
                tp += 1;
                let want = if label == "archived" {
                    LifecycleStatus::Archived
                } else {
                    LifecycleStatus::Deprecated
                };
                if *status != want {
                    wrong_kind.push(format!("{}: {status:?}", c.name));
                }
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / notices as f64;
    println!(
        "lifecycle corpus: {} excerpts ({notices} notices, {} look-alikes): precision {precision:.3}, recall {recall:.3}, status right {}/{tp}",
        cases.len(),
        cases.len() - notices,
        tp - wrong_kind.len()
    );
    assert!(
        false_alarms.is_empty(),
        "look-alikes taken for notices: {false_alarms:#?}"
    );
    assert!(missed.len() <= 1, "notices missed: {missed:?}");
    assert!(
        wrong_kind.len() <= 1,
        "archived and deprecated confused: {wrong_kind:?}"
    );
}

/// Lines without a state's word are skipped unread; on every case of the
/// corpus, notices and look-alikes alike, that changes nothing.
#[test]
fn skipping_lines_without_a_state_word_changes_nothing() {
    for case in corpus() {
        for path in ["README.md", "docs/README.rst"] {
            assert_eq!(
                announcement(path, &case.text),
                announcement_reading_every_line(path, &case.text),
                "{}",
                case.name
            );
        }
    }
}
