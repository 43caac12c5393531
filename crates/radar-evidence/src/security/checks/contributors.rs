//! Contributors: how many organisations contribute. Scorecard
//! (`checks/evaluation/contributors.go`) takes the top 30 contributors with
//! at least 5 contributions and counts the distinct GitHub organisations and
//! companies they declare: more than 3 gives 10, else `floor(10·n/3)`. From
//! git, the organisations are those of the commit emails (or the
//! affiliation file) in `organizations`: those with at least 5 commits count.
use crate::model::OrganizationKind;
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "contributors",
    name: "Contributors",
    risk: Risk::Low,
    run,
};

fn run(input: &Input<'_>) -> Scored {
    let orgs: Vec<&str> = input
        .evidence
        .organizations
        .list
        .iter()
        .filter(|o| o.kind == OrganizationKind::Organization && o.commits >= 5)
        .map(|o| o.name.as_str())
        .collect();
    let n = orgs.len();
    let score = if n > 3 { 10 } else { (10 * n / 3) as u8 };
    let mut s = Scored::new(
        Some(score),
        format!("{n} organisation(s) with 5 or more commits"),
    )
    .basis(Basis::History);
    s.evidence = orgs.iter().take(10).map(|o| (*o).to_owned()).collect();
    if score < 10 {
        s.lost.push(Lost {
            at: None,
            what: format!("{n} of the 4 organisations that give 10"),
            points: Some(f64::from(10 - score)),
        });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Organization;
    use crate::security::testing::*;

    #[test]
    fn organisations() {
        let org = |name: &str, commits| Organization {
            name: name.into(),
            kind: OrganizationKind::Organization,
            commits,
            share: 0.0,
            commits_365d: 0,
            share_365d: 0.0,
            contributors: 1,
        };
        let mut ev = evidence();
        assert_eq!(run_with(&CHECK, &[], &ev, &NoTags).score, Some(0));
        ev.organizations.list = vec![org("a.com", 100), org("b.com", 5), org("c.com", 4)];
        assert_eq!(run_with(&CHECK, &[], &ev, &NoTags).score, Some(6));
        ev.organizations
            .list
            .extend([org("d.com", 9), org("e.com", 9)]);
        assert_eq!(run_with(&CHECK, &[], &ev, &NoTags).score, Some(10));
    }
}
