//! Recognising GitHub repository URLs in catalog entries.

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

/// `owner/name` of a repository on one GitHub host.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RepoRef {
    pub owner: String,
    pub name: String,
}

impl fmt::Display for RepoRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

impl RepoRef {
    /// Validates the two parts (GitHub's own rules, loosely: no slashes, no dot-only names).
    pub fn new(owner: &str, name: &str) -> Option<Self> {
        let name = name.strip_suffix(".git").unwrap_or(name);
        let owner_ok = !owner.is_empty()
            && owner.len() <= 39
            && owner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let name_ok = !name.is_empty()
            && name.len() <= 100
            && name != "."
            && name != ".."
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        (owner_ok && name_ok).then(|| RepoRef {
            owner: owner.to_string(),
            name: name.to_string(),
        })
    }
}

/// First path segments on github.com that are pages, not owners.
const NOT_OWNERS: &[&str] = &[
    "about",
    "apps",
    "collections",
    "enterprise",
    "enterprises",
    "events",
    "explore",
    "features",
    "issues",
    "login",
    "marketplace",
    "new",
    "notifications",
    "orgs",
    "pricing",
    "pulls",
    "search",
    "settings",
    "sponsors",
    "topics",
    "trending",
];

/// Recognises a repository on `host` (`github.com` or a GitHub Enterprise host):
/// `https://host/o/r`, `…/o/r.git`, `…/o/r/tree/main/dir`, `http://`, `www.`,
/// `git@host:o/r.git`, `ssh://git@host/o/r`, `git://host/o/r`, `git+https://…`
/// and a bare `host/o/r`. Anything else (gists, user pages, other hosts) is `None`.
pub fn parse_repo_url(input: &str, host: &str) -> Option<RepoRef> {
    let input = input.trim();
    let host = host.trim().to_ascii_lowercase();
    let (found_host, path) = match Url::parse(input) {
        Ok(url) if url.host_str().is_some() => {
            (url.host_str()?.to_ascii_lowercase(), url.path().to_string())
        }
        // scp-like `git@host:owner/repo.git`, or no scheme at all (`github.com/o/r`).
        _ => split_scp_or_bare(input)?,
    };
    let found_host = found_host.strip_prefix("www.").unwrap_or(&found_host);
    if found_host != host {
        return None;
    }
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let owner = segments.next()?;
    let name = segments.next()?;
    if host == "github.com" && NOT_OWNERS.contains(&owner.to_ascii_lowercase().as_str()) {
        return None;
    }
    RepoRef::new(owner, name)
}

fn split_scp_or_bare(input: &str) -> Option<(String, String)> {
    if input.contains("://") {
        return None;
    }
    // `user@host:path` (scp syntax) – a colon before the first slash.
    if let Some((left, path)) = input.split_once(':')
        && !left.contains('/')
    {
        let host = left.rsplit_once('@').map_or(left, |(_, h)| h);
        return Some((host.to_ascii_lowercase(), path.to_string()));
    }
    let (host, path) = input.split_once('/')?;
    Some((host.to_ascii_lowercase(), path.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(url: &str) -> Option<String> {
        parse_repo_url(url, "github.com").map(|r| r.to_string())
    }

    #[test]
    fn recognises_the_usual_forms() {
        for url in [
            "https://github.com/containerd/containerd",
            "https://github.com/containerd/containerd.git",
            "https://github.com/containerd/containerd/",
            "http://www.github.com/containerd/containerd",
            "https://GitHub.com/containerd/containerd/tree/main/docs",
            "git@github.com:containerd/containerd.git",
            "ssh://git@github.com/containerd/containerd.git",
            "git://github.com/containerd/containerd",
            "git+https://github.com/containerd/containerd",
            "github.com/containerd/containerd",
            "  https://github.com/containerd/containerd#readme ",
        ] {
            assert_eq!(p(url).as_deref(), Some("containerd/containerd"), "{url}");
        }
        assert_eq!(
            p("https://github.com/kubernetes-sigs/cluster-api-provider-azure").as_deref(),
            Some("kubernetes-sigs/cluster-api-provider-azure")
        );
        assert_eq!(
            p("https://github.com/Azure/azure-workload-identity.git").as_deref(),
            Some("Azure/azure-workload-identity")
        );
    }

    #[test]
    fn rejects_other_hosts_and_pages() {
        for url in [
            "https://gitlab.com/o/r",
            "https://gist.github.com/o/abc123",
            "https://github.com/containerd",
            "https://github.com/orgs/containerd/repositories",
            "https://github.com/sponsors/someone",
            "https://notgithub.com/o/r",
            "https://github.com/o/..",
            "https://github.com/bad owner/r",
            "",
            "containerd",
        ] {
            assert_eq!(p(url), None, "{url}");
        }
    }

    #[test]
    fn enterprise_host() {
        let r = parse_repo_url("https://ghe.example.com/team/tool.git", "ghe.example.com").unwrap();
        assert_eq!(r.to_string(), "team/tool");
        assert!(parse_repo_url("git@ghe.example.com:team/tool.git", "ghe.example.com").is_some());
        assert!(parse_repo_url("https://github.com/team/tool", "ghe.example.com").is_none());
        // On GHE, owners named like github.com pages are ordinary owners.
        assert!(parse_repo_url("https://ghe.example.com/topics/tool", "ghe.example.com").is_some());
    }
}
