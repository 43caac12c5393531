//! Telling bots from people.
//!
//! Time to first response and review shares are about people, so automated
//! accounts are left out. An account is a bot when GitHub says so (type `Bot`,
//! or a login ending in `[bot]`, the form GitHub Apps have in REST), when its
//! login has a bot-like suffix or prefix, or when it is one of the well-known
//! automation accounts that are ordinary user accounts (Prow's `k8s-ci-robot`,
//! CLA services, coverage reporters).

/// Logins of automation accounts that look like people to the API.
const KNOWN: &[&str] = &[
    "allcontributors",
    "azure-pipelines",
    "claassistant",
    "codecov",
    "codecov-commenter",
    "codecov-io",
    "copilot",
    "coveralls",
    "dapr-bot",
    "dependabot",
    "dependabot-preview",
    "fossabot",
    "github-actions",
    "googlebot",
    "google-cla",
    "istio-testing",
    "knative-automation",
    "k8s-ci-robot",
    "k8s-triage-robot",
    "linux-foundation-easycla",
    "mergify",
    "microsoft-github-policy-service",
    "msftbot",
    "netlify",
    "openshift-ci",
    "openshift-ci-robot",
    "openshift-merge-robot",
    "pre-commit-ci",
    "renovate",
    "snyk-bot",
    "sonarcloud",
    "sonarqubecloud",
    "stale",
    "vercel",
];

/// `login` and GitHub's account type (`User`, `Bot`, `Organization`; GraphQL `__typename`).
pub fn is_bot(login: &str, account_type: Option<&str>) -> bool {
    if account_type.is_some_and(|t| t.eq_ignore_ascii_case("bot")) {
        return true;
    }
    let login = login.trim().to_ascii_lowercase();
    if login.ends_with("[bot]") {
        return true;
    }
    if KNOWN.contains(&login.as_str()) {
        return true;
    }
    // A separator next to bot/robot, so `abbot` and `talbot` stay people.
    ["-bot", "_bot", "-robot", "_robot"]
        .iter()
        .any(|s| login.ends_with(s))
        || login.contains("-bot-")
        || login.starts_with("bot-")
        || login.starts_with("robot-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bots() {
        for (login, kind) in [
            ("dependabot[bot]", None),
            ("renovate", Some("Bot")),
            ("github-actions", Some("User")),
            ("k8s-ci-robot", None),
            ("K8s-Triage-Robot", None),
            ("my-release-bot", None),
            ("ci_bot", None),
            ("bot-helper", None),
            ("linux-foundation-easycla", None),
            ("copilot-pull-request-reviewer", Some("Bot")),
        ] {
            assert!(is_bot(login, kind), "{login}");
        }
    }

    #[test]
    fn people() {
        for login in [
            "alice",
            "talbot",
            "abbot",
            "robotics-fan",
            "botanist",
            "bob-botha",
        ] {
            assert!(!is_bot(login, Some("User")), "{login}");
        }
    }
}
