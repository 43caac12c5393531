//! License: a license file at the top level (or a `LICENSES/` folder), 9
//! points, plus 1 when it is an FSF- or OSI-approved license
//! (`checks/evaluation/license.go`; its docs still say 6 + 3 + 1, its code
//! gives 9 + 1). Scorecard asks GitHub's license API first and then looks for
//! files named like `LICENSE`, `COPYING`, `COPYRIGHT`, `PATENTS`, with an
//! optional SPDX id (`LICENSE-MIT`, `MIT-LICENSE.txt`); the license is named
//! here from the file's text (`checks.license`).
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "license",
    name: "License",
    risk: Risk::Low,
    run,
};

/// SPDX ids Radar recognises that are FSF- or OSI-approved (all of them).
const APPROVED: &[&str] = crate::checks::license::IDS;

fn is_license_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.split(['-', '_', '.']).any(|part| {
        matches!(
            part,
            "license"
                | "licence"
                | "licenses"
                | "licences"
                | "copying"
                | "copyright"
                | "patent"
                | "patents"
        )
    })
}

fn run(input: &Input<'_>) -> Scored {
    let file = input
        .files
        .files_in("")
        .find(|p| is_license_name(p))
        .map(str::to_owned)
        .or_else(|| {
            input
                .files
                .files_in("LICENSES")
                .next()
                .map(|_| "LICENSES/".to_owned())
        });
    let Some(path) = file else {
        return Scored::new(Some(0), "no license file").lost(vec![Lost {
            at: None,
            what: "no LICENSE, COPYING or LICENSES/ at the top level".into(),
            points: Some(10.0),
        }]);
    };
    let spdx = input
        .evidence
        .checks
        .get("license")
        .and_then(|c| c.value.as_ref())
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let approved = spdx
        .as_deref()
        .is_some_and(|ids| ids.split(" OR ").any(|id| APPROVED.contains(&id)));
    if approved {
        Scored::new(
            Some(10),
            format!(
                "license file with an FSF/OSI-approved license ({})",
                spdx.unwrap_or_default()
            ),
        )
        .evidence(vec![path])
    } else {
        Scored::new(
            Some(9),
            "license file; its license is not recognised as FSF/OSI-approved",
        )
        .evidence(vec![path.clone()])
        .lost(vec![
            Lost::at(path, "license not recognised as FSF- or OSI-approved").costing(1.0),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    #[test]
    fn file_and_approval() {
        let mut ev = evidence();
        ev.checks.insert(
            "license".into(),
            crate::model::Check::found("LICENSE").with_value("Apache-2.0"),
        );
        let s = run_with(&CHECK, &[("LICENSE", "Apache License")], &ev, &NoTags);
        assert_eq!(
            (s.score, s.evidence),
            (Some(10), vec!["LICENSE".to_owned()])
        );
        let s = check(&CHECK, &[("COPYING.txt", "odd terms")]);
        assert_eq!(
            (s.score, lost_at(&s)),
            (Some(9), vec!["COPYING.txt".to_owned()])
        );
        assert_eq!(check(&CHECK, &[("LICENSES/MIT.txt", "x")]).score, Some(9));
        assert_eq!(
            check(&CHECK, &[("docs/LICENSE", "x"), ("README.md", "")]).score,
            Some(0)
        );
        assert!(
            is_license_name("MIT-LICENSE.txt")
                && is_license_name("LICENSE-APACHE")
                && !is_license_name("licensed.go")
        );
    }
}
