//! Automation accounts: dependency updaters, CI and merge robots.
//!
//! They are still counted where DESIGN.md says "as git counts" (commits,
//! contributors as `git shortlog -sne` lists them), but they are not people
//! and belong to no employer: the contributor absence factor is computed over
//! people only, and their commits go to a `bots` bucket instead of an
//! organisation (the metric study's pitfall 9: exclude bots before computing
//! bus or elephant factors). Without this, Gatekeeper's 300 Dependabot
//! commits in a year read as "one person wrote most of last year's commits".
//!
//! The rules are deliberately narrow, so a person is never taken for a bot:
//! a name or address marked `[bot]` (GitHub Apps), a name or address whose
//! words include `bot` or `robot` (`k8s-ci-robot`, `renovate-bot`,
//! `bot@renovateapp.com`), or one of a short list of well-known automation
//! accounts whose names carry no such word.

/// Accounts that are automation although no word of theirs says `bot`.
/// Compared with whole words of the name and of the address's local part.
const KNOWN: &[&str] = &[
    "dependabot",
    "dependabot-preview",
    "renovate",
    "renovatebot",
    "github-actions",
    "greenkeeper",
    "greenkeeperio-bot",
    "snyk-bot",
    "imgbotapp",
    "allcontributors",
    "pre-commit-ci",
    "mergify",
    "codecov-io",
    "fossabot",
    "copilot",
    "copilot-swe-agent",
    "web-flow",
];

/// Is this (mailmapped) author an automation account?
pub fn is_bot(name: &str, email: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    let email = email.trim().to_ascii_lowercase();
    let local = email.rsplit_once('@').map_or(email.as_str(), |(l, _)| l);
    // GitHub noreply addresses are `ID+login@…`: the login is what names the account.
    let local = local.rsplit_once('+').map_or(local, |(_, login)| login);
    if name.ends_with("[bot]") || local.ends_with("[bot]") {
        return true;
    }
    [name.as_str(), local].iter().any(|text| {
        KNOWN.contains(text)
            || words(text).any(|w| w == "bot" || w == "robot" || KNOWN.contains(&w))
    })
}

/// The words of a name or login, split at anything that is not a letter or digit.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::is_bot;

    #[test]
    fn github_apps_and_robot_accounts_are_bots() {
        for (name, email) in [
            (
                "dependabot[bot]",
                "49699333+dependabot[bot]@users.noreply.github.com",
            ),
            ("Mend Renovate", "bot@renovateapp.com"),
            (
                "renovate[bot]",
                "29139614+renovate[bot]@users.noreply.github.com",
            ),
            (
                "Kubernetes Prow Robot",
                "k8s-ci-robot@users.noreply.github.com",
            ),
            ("k8s-infra-cherrypick-robot", "cherrypick@example.org"),
            (
                "github-actions",
                "41898282+github-actions[bot]@users.noreply.github.com",
            ),
            ("GitHub Actions", "github-actions@github.com"),
            ("dependabot-preview[bot]", "support@dependabot.com"),
            ("Copilot", "198982749+Copilot@users.noreply.github.com"),
            (
                "copilot-swe-agent",
                "copilot-swe-agent@users.noreply.github.com",
            ),
        ] {
            assert!(is_bot(name, email), "{name} <{email}>");
        }
    }

    #[test]
    fn people_are_not_bots() {
        for (name, email) in [
            ("Sebastiaan van Stijn", "github@gone.nl"),
            ("Jaydip Gabani", "gabanijaydip@gmail.com"),
            ("Bob Abbot", "abbot@example.org"),
            ("Talbot Jones", "talbot@robotics.example"),
            ("Robotham", "robotham@example.org"),
            ("Renée Botha", "rbotha@example.org"),
            ("", ""),
        ] {
            assert!(!is_bot(name, email), "{name} <{email}>");
        }
    }
}
