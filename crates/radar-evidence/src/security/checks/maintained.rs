//! Maintained: activity in the last 90 days. Scorecard
//! (`checks/evaluation/maintained.go`): 0 for an archived repository or one
//! created less than 90 days ago; otherwise `min(10, floor(10·(C+I)/12))`,
//! where C is the number of the last 30 default-branch commits made in the
//! 90 days and I the recently updated issues a collaborator opened or
//! answered in them (12 activities, one a week, give 10). Git gives C (at
//! most 30) and the project's age (first commit); I is the forge's, not
//! counted here: below 12 commits the score is a lower bound.
use crate::model::LifecycleStatus;
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "maintained",
    name: "Maintained",
    risk: Risk::High,
    run,
};

fn run(input: &Input<'_>) -> Scored {
    let ev = input.evidence;
    if ev.lifecycle.status == LifecycleStatus::Archived {
        let at = ev.lifecycle.evidence.clone();
        return Scored::new(Some(0), "the repository is archived")
            .basis(Basis::History)
            .lost(vec![Lost {
                at,
                what: "archived".into(),
                points: Some(10.0),
            }]);
    }
    let young = ev
        .history
        .first_commit
        .is_some_and(|f| ev.as_of.duration_since(f).as_secs() < 90 * 86_400);
    if young {
        return Scored::new(
            Some(0),
            "first commit less than 90 days ago (Scorecard: created recently, review manually)",
        )
        .basis(Basis::History);
    }
    let c = ev.history.commits_90d.min(30);
    let score = (10 * c / 12).min(10) as u8;
    let mut s = Scored::new(
        Some(score),
        format!("{c} commit(s) in the last 90 days (of the last 30); issue activity not counted"),
    )
    .basis(Basis::History);
    if score < 10 {
        s = s.lost(vec![Lost {
            at: None,
            what: format!(
                "{c} of the 12 activities in 90 days that give 10 (issue activity would count too)"
            ),
            points: Some(f64::from(10 - score)),
        }]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    #[test]
    fn activity() {
        let mut ev = evidence();
        ev.history.commits_90d = 40;
        assert_eq!(run_with(&CHECK, &[], &ev, &NoTags).score, Some(10));
        ev.history.commits_90d = 7;
        assert_eq!(run_with(&CHECK, &[], &ev, &NoTags).score, Some(5));
        ev.history.commits_90d = 0;
        assert_eq!(run_with(&CHECK, &[], &ev, &NoTags).score, Some(0));
        ev.history.commits_90d = 40;
        ev.history.first_commit = Some("2026-05-01T00:00:00Z".parse().unwrap());
        assert_eq!(run_with(&CHECK, &[], &ev, &NoTags).score, Some(0));
        let mut ev = evidence();
        ev.lifecycle.status = LifecycleStatus::Archived;
        assert_eq!(run_with(&CHECK, &[], &ev, &NoTags).score, Some(0));
    }
}
