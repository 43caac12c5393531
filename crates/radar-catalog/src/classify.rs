//! Classification of links found in a project row: which channels are Slack,
//! mailing lists, forums, issues…; which artifacts are releases, tests, builds;
//! and which git repository a row's GitHub links point at.

use crate::model::{ArtifactKind, ChannelKind, Project};

/// Host of a URL, lower-cased, without `www.` (no full URL parse: this runs on
/// every link of a large catalog and the host is all it needs).
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end]
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    Some(
        host.strip_prefix("www.")
            .map(str::to_string)
            .unwrap_or(host),
    )
}

/// Path of a URL (after the host), without query or fragment.
fn path(url: &str) -> &str {
    let Some((_, rest)) = url.split_once("://") else {
        return "";
    };
    let start = rest.find('/').unwrap_or(rest.len());
    let rest = &rest[start..];
    &rest[..rest.find(['?', '#']).unwrap_or(rest.len())]
}

/// The kind of a communication channel, from its label and URL.
pub fn channel_kind(label: &str, url: Option<&str>) -> ChannelKind {
    let l = label.to_ascii_lowercase();
    let h = url.and_then(host).unwrap_or_default();
    let p = url.map(path).unwrap_or_default().to_ascii_lowercase();
    if url.is_none() && l.starts_with("same ") {
        // "same slack and email": a reference to the row above, not a channel of its own.
        ChannelKind::Other
    } else if h.ends_with("slack.com") || l.contains("slack") {
        ChannelKind::Slack
    } else if h == "groups.google.com"
        || h.starts_with("lists.")
        || url.is_some_and(|u| u.starts_with("mailto:"))
        || l.contains("mailing list")
        || (l.contains('@') && !l.contains(' '))
    {
        ChannelKind::MailingList
    } else if p.contains("/discussions") || l.contains("discussion") {
        ChannelKind::Discussions
    } else if p.contains("/issues") || p.contains("/labels/") || l.contains("issue") {
        ChannelKind::Issues
    } else if p.contains("/projects") || l.contains("project board") {
        ChannelKind::ProjectBoard
    } else if h.starts_with("discuss.")
        || h.starts_with("forum")
        || h.contains(".discourse.")
        || l.contains("forum")
    {
        ChannelKind::Forum
    } else if l.starts_with('#') {
        // `#channel` with no link: a chat channel, almost always Slack in these lists.
        ChannelKind::Slack
    } else {
        ChannelKind::Other
    }
}

/// The kind of an artifact link, from its label and URL.
pub fn artifact_kind(label: &str, url: Option<&str>) -> ArtifactKind {
    let l = label.to_ascii_lowercase();
    let h = url.and_then(host).unwrap_or_default();
    let p = url.map(path).unwrap_or_default().to_ascii_lowercase();
    if l.contains("release") || p.contains("/releases") || l.contains("download") {
        ArtifactKind::Releases
    } else if l.contains("test") || h.starts_with("testgrid.") {
        ArtifactKind::Tests
    } else if l.contains("build")
        || l.contains("ci") && l.len() <= 4
        || p.contains("/actions")
        || h.contains("prow.")
    {
        ArtifactKind::Builds
    } else if l.contains("blog") || p.starts_with("/blog") || h.starts_with("blog.") {
        ArtifactKind::Blog
    } else if l.contains("doc") || h.starts_with("docs.") || p.contains("/docs") {
        ArtifactKind::Docs
    } else if l == "source" || l == "repository" || l == "code" {
        ArtifactKind::Source
    } else {
        ArtifactKind::Other
    }
}

/// The git repository a link points into: `https://github.com/OWNER/REPO/...`
/// gives `https://github.com/OWNER/REPO`; `sigs.k8s.io/X` is the vanity path of
/// `https://github.com/kubernetes-sigs/X`. Other hosts give `None`.
pub fn repo_of(url: &str) -> Option<String> {
    let h = host(url)?;
    let mut parts = path(url).split('/').filter(|s| !s.is_empty());
    match h.as_str() {
        "github.com" => {
            let owner = parts.next()?;
            let repo = parts.next()?.trim_end_matches(".git");
            const NOT_OWNERS: &[&str] = &[
                "orgs",
                "topics",
                "features",
                "marketplace",
                "settings",
                "apps",
                "sponsors",
                "about",
                "enterprise",
                "login",
                "search",
            ];
            if NOT_OWNERS.contains(&owner.to_ascii_lowercase().as_str()) || repo.is_empty() {
                return None;
            }
            Some(format!("https://github.com/{owner}/{repo}"))
        }
        "sigs.k8s.io" => Some(format!(
            "https://github.com/kubernetes-sigs/{}",
            parts.next()?
        )),
        "gitlab.com" | "codeberg.org" => {
            let (owner, repo) = (parts.next()?, parts.next()?.trim_end_matches(".git"));
            Some(format!("https://{h}/{owner}/{repo}"))
        }
        _ => None,
    }
}

/// The repository a project's table links imply: the name's link, then the
/// artifacts (releases first), then the issue tracker and other channels.
pub fn derive_repo(p: &Project) -> Option<String> {
    let releases = p
        .artifacts
        .iter()
        .filter(|a| a.kind == ArtifactKind::Releases);
    let others = p
        .artifacts
        .iter()
        .filter(|a| a.kind != ArtifactKind::Releases);
    let issues = p.channels.iter().filter(|c| c.kind == ChannelKind::Issues);
    p.link
        .iter()
        .map(String::as_str)
        .chain(releases.chain(others).filter_map(|a| a.url.as_deref()))
        .chain(issues.filter_map(|c| c.url.as_deref()))
        .find_map(repo_of)
}

/// The folder a GitHub link points at, `https://github.com/O/R/tree/BRANCH/FOLDER`
/// → `FOLDER` (a link to a file, `…/blob/…`, names no folder). The branch is
/// taken to be one segment (`master`, `main`, `release-1.2`): a branch name
/// with a `/` in it makes the folder wrong, so such a project writes `path:`.
pub fn folder_of(url: &str) -> Option<String> {
    if host(url)? != "github.com" {
        return None;
    }
    let mut parts = path(url).split('/').filter(|s| !s.is_empty());
    let (_owner, _repo, tree, _branch) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let folder: Vec<&str> = parts.collect();
    (tree == "tree" && !folder.is_empty()).then(|| folder.join("/"))
}

/// The repository and folder a project's links imply: the repository as
/// [`derive_repo`] finds it, and the folder of the name's link when that
/// link points into a folder of the same repository (`In-tree (legacy)` links
/// to `…/kubernetes/tree/master/staging/src/k8s.io/legacy-cloud-providers/azure`).
pub fn derive_location(p: &Project) -> (Option<String>, Option<String>) {
    let repo = derive_repo(p);
    let path = p
        .link
        .as_deref()
        .filter(|link| repo.is_some() && repo_of(link) == repo)
        .and_then(folder_of);
    (repo, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repos() {
        assert_eq!(
            repo_of("https://github.com/Azure/aks-engine/releases").as_deref(),
            Some("https://github.com/Azure/aks-engine")
        );
        assert_eq!(
            repo_of("http://sigs.k8s.io/secrets-store-csi-driver").as_deref(),
            Some("https://github.com/kubernetes-sigs/secrets-store-csi-driver")
        );
        assert_eq!(
            repo_of("https://github.com/virtual-kubelet/virtual-kubelet/").as_deref(),
            Some("https://github.com/virtual-kubelet/virtual-kubelet")
        );
        assert_eq!(repo_of("https://github.com/orgs/x/projects/1"), None);
        assert_eq!(repo_of("https://github.com/Azure"), None);
        assert_eq!(repo_of("https://smi-spec.io/"), None);
        assert_eq!(
            folder_of("https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler/cloudprovider/azure").as_deref(),
            Some("cluster-autoscaler/cloudprovider/azure")
        );
        assert_eq!(folder_of("https://github.com/o/r/tree/main"), None);
        assert_eq!(
            folder_of("https://github.com/o/r/blob/main/docs/x.md"),
            None
        );
        assert_eq!(folder_of("https://gitlab.com/o/r/tree/main/x"), None);
    }

    #[test]
    fn channels() {
        assert_eq!(
            channel_kind("#aks", Some("https://kubernetes.slack.com/archives/C1")),
            ChannelKind::Slack
        );
        assert_eq!(
            channel_kind(
                "k@googlegroups.com",
                Some("https://groups.google.com/forum/#!forum/k")
            ),
            ChannelKind::MailingList
        );
        assert_eq!(
            channel_kind(
                "Windows Community Forum",
                Some("https://discuss.kubernetes.io/c/x")
            ),
            ChannelKind::Forum
        );
        assert_eq!(
            channel_kind("Moby Forums", Some("https://forums.mobyproject.org/")),
            ChannelKind::Forum
        );
        assert_eq!(
            channel_kind(
                "GitHub issues",
                Some("https://github.com/kubernetes/kubernetes/labels/area%2Fipv6")
            ),
            ChannelKind::Issues
        );
        assert_eq!(
            channel_kind("same slack and email", None),
            ChannelKind::Other
        );
        assert_eq!(channel_kind("#channel", None), ChannelKind::Slack);
        assert_eq!(
            channel_kind("Board", Some("https://github.com/orgs/x/projects/2")),
            ChannelKind::ProjectBoard
        );
        assert_eq!(
            channel_kind("Q&A", Some("https://github.com/x/y/discussions")),
            ChannelKind::Discussions
        );
        assert_eq!(channel_kind("weekly call", None), ChannelKind::Other);
    }

    #[test]
    fn artifacts() {
        assert_eq!(
            artifact_kind(
                "kubernetes releases",
                Some("https://github.com/kubernetes/kubernetes/releases")
            ),
            ArtifactKind::Releases
        );
        assert_eq!(
            artifact_kind("Tests", Some("https://testgrid.k8s.io/x")),
            ArtifactKind::Tests
        );
        assert_eq!(
            artifact_kind("blog", Some("https://example.org/blog/")),
            ArtifactKind::Blog
        );
        assert_eq!(artifact_kind("docs", None), ArtifactKind::Docs);
        assert_eq!(artifact_kind("builds", None), ArtifactKind::Builds);
        assert_eq!(artifact_kind("demo", None), ArtifactKind::Other);
    }
}
