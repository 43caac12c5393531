//! Dependency-Update-Tool: Dependabot, Renovate or Scala Steward is set up.
//! 10 with a configuration file, else 0 (`checks/raw/dependency_update_tool.go`;
//! Scorecard's fallback, a GitHub search for Dependabot's commits, is the
//! platform's: offline, the configuration decides).
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "dependency_update_tool",
    name: "Dependency-Update-Tool",
    risk: Risk::High,
    run,
};

const FILES: &[(&str, &str)] = &[
    (".github/dependabot.yml", "Dependabot"),
    (".github/dependabot.yaml", "Dependabot"),
    ("renovate.json", "Renovate"),
    ("renovate.json5", "Renovate"),
    (".github/renovate.json", "Renovate"),
    (".github/renovate.json5", "Renovate"),
    (".gitlab/renovate.json", "Renovate"),
    (".gitlab/renovate.json5", "Renovate"),
    (".renovaterc", "Renovate"),
    (".renovaterc.json", "Renovate"),
    (".renovaterc.json5", "Renovate"),
    (".scala-steward.conf", "Scala Steward"),
    ("scala-steward.conf", "Scala Steward"),
    (".github/.scala-steward.conf", "Scala Steward"),
    (".github/scala-steward.conf", "Scala Steward"),
    (".config/.scala-steward.conf", "Scala Steward"),
    (".config/scala-steward.conf", "Scala Steward"),
];

fn run(input: &Input<'_>) -> Scored {
    match FILES.iter().find(|(f, _)| input.files.has_file(f)) {
        Some((path, tool)) => Scored::new(Some(10), format!("{tool} is configured"))
            .evidence(vec![(*path).to_owned()]),
        None => Scored::new(Some(0), "no dependency update tool configured").lost(vec![Lost {
            at: None,
            what: "no .github/dependabot.yml, renovate.json or Scala Steward configuration".into(),
            points: Some(10.0),
        }]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    #[test]
    fn config_or_not() {
        let s = check(&CHECK, &[(".github/dependabot.yml", "version: 2\n")]);
        assert_eq!(
            (s.score, s.evidence),
            (Some(10), vec![".github/dependabot.yml".to_owned()])
        );
        assert_eq!(check(&CHECK, &[(".renovaterc.json", "{}")]).score, Some(10));
        assert_eq!(check(&CHECK, &[("docs/dependabot.yml", "")]).score, Some(0));
    }
}
