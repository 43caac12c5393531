//! What radar-github reads from outside: repository URLs as catalogs write
//! them, and its settings from the environment. Any text is a repository or
//! not, a configuration or an error, never a panic.

use proptest::prelude::*;
use radar_github::{GithubConfig, parse_repo_url};

radar_fuzz::count_allocations!();

const PIECES: &[&str] = &[
    "https://",
    "http://",
    "git@",
    "ssh://",
    "git://",
    "git+https://",
    "www.",
    "github.com",
    "GitHub.COM",
    "ghe.example.org",
    ":",
    "/",
    "//",
    "o",
    "r",
    ".git",
    "/tree/main/dir",
    "?x=1",
    "#frag",
    "@",
    "%2F",
    "..",
    "orgs",
    "settings",
    "-",
    "_",
    ".",
    " ",
    "é",
    "xn--",
];

proptest! {
    #![proptest_config(radar_fuzz::config!(512))]

    #[test]
    fn any_url_is_a_repository_or_not(text in radar_fuzz::text(PIECES), host in prop::sample::select(&["github.com", "ghe.example.org", "", "é"][..])) {
        if let Some(r) = radar_fuzz::bounded(text.len(), || parse_repo_url(&text, host))? {
            // What was found was in the text (modulo case).
            let lower = text.to_lowercase();
            prop_assert!(lower.contains(&r.owner.to_lowercase()), "{:?} → {:?}", text, r);
        }
    }

    #[test]
    fn any_environment_is_a_configuration_or_an_error(
        tokens in radar_fuzz::text(&["ghp_x", ",", " ", "\n", "\t"]),
        api in radar_fuzz::text(PIECES),
        wait in radar_fuzz::text(&["1", "0", "-1", "99999999999999999999", "1.5", "s", " "]),
    ) {
        let len = tokens.len() + api.len() + wait.len();
        let _ = radar_fuzz::bounded(len, || GithubConfig::from_vars(|name| match name {
            "GITHUB_TOKENS" | "GITHUB_TOKEN" => Some(tokens.clone()),
            "RADAR_GITHUB_API" => Some(api.clone()),
            "RADAR_GITHUB_MAX_WAIT" => Some(wait.clone()),
            _ => None,
        }))?;
    }
}
