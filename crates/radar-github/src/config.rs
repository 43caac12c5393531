//! Configuration: tokens, API base, cache, timeouts and limits.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

use crate::error::{Error, Result};

/// The public GitHub API.
pub const DEFAULT_API: &str = "https://api.github.com";

/// Environment variables read by [`GithubConfig::from_env`].
pub const ENV_TOKEN: &str = "GITHUB_TOKEN";
pub const ENV_TOKENS: &str = "GITHUB_TOKENS";
pub const ENV_API: &str = "RADAR_GITHUB_API";
pub const ENV_MAX_WAIT: &str = "RADAR_GITHUB_MAX_WAIT";

/// How the client reaches GitHub. Tokens are never printed (`Debug` redacts them).
#[derive(Clone)]
pub struct GithubConfig {
    /// Personal access or app tokens; empty = anonymous (only the cheap figures, see [`crate::FIGURES`]).
    pub tokens: Vec<String>,
    /// REST base: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server.
    pub api_base: String,
    /// Directory for the ETag cache; `None` disables it (every run pays full price).
    pub cache_dir: Option<PathBuf>,
    pub timeouts: Timeouts,
    pub limits: Limits,
}

/// Network timeouts of one HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    /// Whole request, body included.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// Retry, wait and paging limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest single wait for a rate-limit reset or a `retry-after`; beyond it the figure is unknown.
    pub max_wait: Duration,
    /// Retries after a 5xx or network error, and after a secondary rate limit.
    pub max_retries: u32,
    /// First back-off after a 5xx or network error; doubled each retry, capped at `max_wait`.
    pub retry_base: Duration,
    /// Requests left untouched on every token: a token down to this many is not used
    /// again before its reset (another token is used, or Radar waits).
    pub reserve: u64,
    /// Most pages read for one 90-day list (GraphQL: 50 items a page).
    pub max_pages: u32,
    /// Length of the activity windows (merged pull requests, first response), in days.
    pub window_days: u32,
    /// Most requests in flight at once across all repositories (GitHub asks for few).
    pub concurrency: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_wait: Duration::from_secs(300),
            max_retries: 3,
            retry_base: Duration::from_secs(1),
            reserve: 5,
            max_pages: 40,
            window_days: 90,
            concurrency: 4,
        }
    }
}

impl Default for GithubConfig {
    fn default() -> Self {
        GithubConfig {
            tokens: Vec::new(),
            api_base: DEFAULT_API.to_string(),
            cache_dir: None,
            timeouts: Timeouts::default(),
            limits: Limits::default(),
        }
    }
}

impl fmt::Debug for GithubConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GithubConfig")
            .field("tokens", &format_args!("[{} redacted]", self.tokens.len()))
            .field("api_base", &self.api_base)
            .field("cache_dir", &self.cache_dir)
            .field("timeouts", &self.timeouts)
            .field("limits", &self.limits)
            .finish()
    }
}

impl GithubConfig {
    /// Reads `GITHUB_TOKENS` (comma- or whitespace-separated), `GITHUB_TOKEN`,
    /// `RADAR_GITHUB_API` and `RADAR_GITHUB_MAX_WAIT` (seconds) from the environment.
    pub fn from_env() -> Result<Self> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Self::from_env`] over any variable lookup (tests pass a map).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let mut config = GithubConfig::default();
        let listed = var(ENV_TOKENS).unwrap_or_default();
        let single = var(ENV_TOKEN).unwrap_or_default();
        for token in listed
            .split(|c: char| c == ',' || c.is_whitespace())
            .chain([single.trim()])
        {
            let token = token.trim();
            if !token.is_empty() && !config.tokens.iter().any(|t| t == token) {
                config.tokens.push(token.to_string());
            }
        }
        if let Some(api) = var(ENV_API).filter(|v| !v.trim().is_empty()) {
            config.api_base = api.trim().to_string();
        }
        if let Some(wait) = var(ENV_MAX_WAIT).filter(|v| !v.trim().is_empty()) {
            let secs: u64 = wait.trim().parse().map_err(|_| {
                Error::Config(format!(
                    "{ENV_MAX_WAIT} must be a whole number of seconds, got {wait:?}"
                ))
            })?;
            config.limits.max_wait = Duration::from_secs(secs);
        }
        config.endpoints()?;
        Ok(config)
    }

    /// True when at least one token is configured.
    pub fn has_tokens(&self) -> bool {
        !self.tokens.is_empty()
    }

    /// The validated REST base, GraphQL endpoint and web host.
    pub(crate) fn endpoints(&self) -> Result<Endpoints> {
        let raw = self.api_base.trim().trim_end_matches('/');
        let rest = Url::parse(raw)
            .map_err(|e| Error::Config(format!("API base {raw:?} is not a URL: {e}")))?;
        if !matches!(rest.scheme(), "http" | "https") || rest.host_str().is_none() {
            return Err(Error::Config(format!(
                "API base {raw:?} must be an http(s) URL with a host"
            )));
        }
        let host = rest.host_str().unwrap_or_default().to_ascii_lowercase();
        let path = rest.path().trim_end_matches('/').to_string();
        // GitHub Enterprise Server serves REST at /api/v3 and GraphQL at /api/graphql;
        // github.com and GHE.com serve GraphQL at <api host>/graphql.
        let graphql = match path.strip_suffix("/api/v3") {
            Some(prefix) => format!("{}{}/api/graphql", origin(&rest), prefix),
            None => format!("{raw}/graphql"),
        };
        let graphql = Url::parse(&graphql)
            .map_err(|e| Error::Config(format!("GraphQL URL {graphql:?}: {e}")))?;
        // The web host that repository URLs use: api.github.com → github.com,
        // api.ACME.ghe.com → ACME.ghe.com, ghe.example.com/api/v3 → ghe.example.com.
        let web_host = if path.is_empty() {
            host.strip_prefix("api.").unwrap_or(&host).to_string()
        } else {
            host.clone()
        };
        Ok(Endpoints {
            rest_base: raw.to_string(),
            graphql,
            web_host,
        })
    }
}

fn origin(url: &Url) -> String {
    match url.port() {
        Some(port) => format!(
            "{}://{}:{}",
            url.scheme(),
            url.host_str().unwrap_or_default(),
            port
        ),
        None => format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default()),
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Endpoints {
    /// REST base without a trailing slash.
    pub rest_base: String,
    pub graphql: Url,
    /// Host of repository web URLs (`github.com` or the GHE host).
    pub web_host: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn tokens_from_both_variables_without_duplicates() {
        let config = GithubConfig::from_vars(vars(&[
            ("GITHUB_TOKENS", "a, b,,c\nd"),
            ("GITHUB_TOKEN", "b"),
        ]))
        .unwrap();
        assert_eq!(config.tokens, ["a", "b", "c", "d"]);
        assert!(config.has_tokens());
        assert!(!GithubConfig::from_vars(vars(&[])).unwrap().has_tokens());
    }

    #[test]
    fn debug_never_prints_tokens() {
        let config = GithubConfig::from_vars(vars(&[("GITHUB_TOKEN", "ghp_secret123")])).unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("ghp_secret123"), "{shown}");
        assert!(shown.contains("1 redacted"), "{shown}");
    }

    #[test]
    fn enterprise_server_endpoints() {
        let config = GithubConfig::from_vars(vars(&[(
            "RADAR_GITHUB_API",
            "https://ghe.example.com/api/v3/",
        )]))
        .unwrap();
        let ep = config.endpoints().unwrap();
        assert_eq!(ep.rest_base, "https://ghe.example.com/api/v3");
        assert_eq!(ep.graphql.as_str(), "https://ghe.example.com/api/graphql");
        assert_eq!(ep.web_host, "ghe.example.com");
    }

    #[test]
    fn public_and_ghe_com_endpoints() {
        let ep = GithubConfig::default().endpoints().unwrap();
        assert_eq!(ep.graphql.as_str(), "https://api.github.com/graphql");
        assert_eq!(ep.web_host, "github.com");
        let config = GithubConfig {
            api_base: "https://api.acme.ghe.com".into(),
            ..Default::default()
        };
        assert_eq!(config.endpoints().unwrap().web_host, "acme.ghe.com");
    }

    #[test]
    fn bad_settings_are_clear_errors() {
        let err =
            GithubConfig::from_vars(vars(&[("RADAR_GITHUB_API", "ghe.example.com")])).unwrap_err();
        assert!(err.to_string().contains("ghe.example.com"), "{err}");
        let err = GithubConfig::from_vars(vars(&[("RADAR_GITHUB_MAX_WAIT", "5m")])).unwrap_err();
        assert!(err.to_string().contains("RADAR_GITHUB_MAX_WAIT"), "{err}");
        let config = GithubConfig::from_vars(vars(&[("RADAR_GITHUB_MAX_WAIT", "90")])).unwrap();
        assert_eq!(config.limits.max_wait, Duration::from_secs(90));
    }
}
