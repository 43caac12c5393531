//! Prints the GitHub facts of one repository as JSON.
//!
//! ```sh
//! GITHUB_TOKEN=… cargo run -p radar-github --example facts -- https://github.com/containerd/containerd [CACHE_DIR]
//! ```
//! Reads GITHUB_TOKEN / GITHUB_TOKENS / RADAR_GITHUB_API / RADAR_GITHUB_MAX_WAIT like Radar does.

use std::process::ExitCode;

use radar_github::{GithubClient, GithubConfig, GithubFacts};

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(url) = args.next() else {
        eprintln!("usage: facts REPOSITORY_URL [CACHE_DIR]");
        return ExitCode::from(2);
    };
    let result = async {
        let mut config = GithubConfig::from_env()?;
        config.cache_dir = args.next().map(Into::into);
        let client = GithubClient::new(config)?;
        let Some(repo) = client.recognise(&url) else {
            return Err(format!("{url} is not a repository on {}", client.web_host()).into());
        };
        if !client.is_authenticated() {
            eprintln!(
                "no token: skipping {}",
                names(&GithubFacts::figures_needing_token())
            );
        }
        let facts = client
            .facts(&repo.owner, &repo.name, jiff::Timestamp::now())
            .await?;
        println!("{}", serde_json::to_string_pretty(&facts)?);
        Ok::<_, Box<dyn std::error::Error>>(())
    };
    match result.await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn names(figures: &[&radar_github::FigureInfo]) -> String {
    figures.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
}
