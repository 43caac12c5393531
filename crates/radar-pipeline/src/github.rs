//! GitHub's figures for one repository, the way every front end asks for
//! them (`radar assess`, workers, `radar inspect`), and what to say when
//! there is no token.
//!
//! Without a token Radar does not call GitHub at all (see
//! [`crate::github_from_env`]); offline (`--no-fetch`, or when the git fetch
//! itself failed for a network reason) it does not call it either, and the
//! measurer carries the last stored answer over instead.

use std::sync::Arc;

use jiff::Timestamp;
use radar_github::{FIGURES, GithubClient, GithubFacts};
use serde_json::{Value, json};
use tokio::runtime::Handle;

/// The key of the stored evidence document (and of the assessment's facts)
/// that records GitHub's "this repository does not exist".
pub const GITHUB_ERROR_KEY: &str = "github_error";

/// What GitHub said about one repository.
#[derive(Debug, Clone)]
pub enum GithubAnswer {
    /// The URL is not a repository on the configured GitHub host.
    NotOnGithub,
    /// GitHub's facts as JSON (`radar_github::GithubFacts`).
    Facts(Arc<Value>),
    /// GitHub says the repository does not exist (HTTP 404): deleted,
    /// renamed without a redirect, or private. The message names it.
    NotFound(String),
    /// No figures at all (every token rejected, a bad setting); the message says why.
    Failed(String),
}

impl GithubAnswer {
    /// The `github_error` document recorded for a 404 (see [`GITHUB_ERROR_KEY`]).
    pub fn error_doc(&self) -> Option<Value> {
        match self {
            GithubAnswer::NotFound(message) => {
                Some(json!({ "kind": "not-found", "message": message }))
            }
            _ => None,
        }
    }
}

/// Asks GitHub about `repo_url` with windows ending at `as_of` (blocking:
/// runs the request on `rt`).
pub fn ask_github(
    client: &GithubClient,
    rt: &Handle,
    repo_url: &str,
    as_of: Timestamp,
) -> GithubAnswer {
    let Some(repo) = client.recognise(repo_url) else {
        return GithubAnswer::NotOnGithub;
    };
    match rt.block_on(client.facts(&repo.owner, &repo.name, as_of)) {
        Ok(facts) => match serde_json::to_value(&facts) {
            Ok(v) => GithubAnswer::Facts(Arc::new(v)),
            Err(e) => GithubAnswer::Failed(format!("GitHub's facts do not serialise: {e}")),
        },
        Err(e @ radar_github::Error::RepositoryNotFound { .. }) => {
            tracing::warn!("{repo_url}: {e}");
            GithubAnswer::NotFound(e.to_string())
        }
        Err(e) => {
            tracing::warn!("{repo_url}: no GitHub figures: {e}");
            GithubAnswer::Failed(e.to_string())
        }
    }
}

/// Figures only a token gives (GraphQL), as `key: description`.
pub fn token_only_figures() -> Vec<(&'static str, &'static str)> {
    GithubFacts::figures_needing_token()
        .into_iter()
        .map(|f| (f.key, f.description))
        .collect()
}

/// One line for a run or a report without a token: what setting one adds.
/// Radar asks GitHub only with a token, so a token adds every GitHub figure;
/// the ones GitHub gives only to a token (GraphQL) are named first.
pub fn token_note() -> String {
    let token_only: Vec<&str> = token_only_figures().iter().map(|(_, d)| *d).collect();
    let rest: Vec<&str> = FIGURES
        .iter()
        .filter(|f| {
            !f.needs_token
                && matches!(
                    f.key,
                    "archived"
                        | "renamed_to"
                        | "open_issues"
                        | "open_pull_requests"
                        | "releases"
                        | "community"
                        | "stars"
                )
        })
        .map(|f| f.key)
        .collect();
    format!(
        "no GitHub figures (set GITHUB_TOKEN to add them): {}; also {}",
        token_only.join("; "),
        rest.join(", ").replace('_', " ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_names_every_figure_only_a_token_gives() {
        let note = token_note();
        for f in GithubFacts::figures_needing_token() {
            assert!(note.contains(f.description), "{note}");
        }
        assert!(
            note.contains("archived") && note.contains("GITHUB_TOKEN"),
            "{note}"
        );
        assert!(!note.contains('\n'));
    }
}
