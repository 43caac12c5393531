//! Formal support: which of a project's platform-use entries (the seed's
//! "Use on Azure" column) give it.
//!
//! The seed says its projects are open source and **not** covered by the
//! platform's support policy; support exists only for a project used as part
//! of a product. So an entry counts only when it points at a product. Each
//! entry is judged in this order (docs/advice.md, "Formal support"):
//!
//! 1. **It names another project of the catalog** (its label contains that
//!    project's name, or its link points into that project's repository or
//!    page; the name wins): the entry inherits that project's state. A project
//!    that has ended (the catalog lists it deprecated, archived or winding
//!    down, or its own assessment found its repository archived or
//!    deprecated) gives no support. Otherwise it gives support only if it is
//!    itself used by a product (its own entries, judged by rules 2–4), and
//!    then through those products: a project of the list is open source, not
//!    a supported product by itself.
//! 2. **No link** ("many more"): it names no product Radar can point to.
//! 3. **A source-hosting page** (a repository or file on github.com,
//!    gitlab.com, bitbucket.org, …): documentation of a setup, not a product.
//! 4. Otherwise it is a product page: formal support.
//!
//! The catalog has the last word: an entry with `support: true` gives formal
//! support and one with `support: false` gives none, whatever the rules above
//! would say (for an entry they misjudge). Entries of a named project count
//! the same way when rule 1 looks at its products.
//!
//! What is known about other projects beyond the catalog (which have ended)
//! comes in a [`Related`], filled by the caller from those projects'
//! assessments (the pipeline assesses the projects other rows name first).

use std::collections::{BTreeSet, HashMap};

use radar_catalog::{Catalog, Link, Project};
use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, is_retired_level};

/// What is known about the other projects of a catalog beyond what the
/// catalog says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Related {
    /// Project id → why it has ended (the line that announces it).
    pub ended: HashMap<String, String>,
}

impl Related {
    /// Records what `a` found about its project (whether it has ended), in
    /// a few words: `its repository announces it is deprecated (README.md:5)`.
    pub fn record(&mut self, a: &Assessment) {
        if !a.lifecycle.is_retired() {
            return;
        }
        let word = crate::assess::lifecycle_word(a.lifecycle.status);
        let announced = format!("its repository announces it is {word}");
        let why = match a.lifecycle.evidence.as_deref() {
            // `README.md:5: This project is …`: the place is enough here.
            Some(e) => match e.split_once(": ") {
                Some((place, _))
                    if place
                        .rsplit_once(':')
                        .is_some_and(|(_, line)| line.parse::<u32>().is_ok()) =>
                {
                    format!("{announced} ({place})")
                }
                _ => e.to_owned(),
            },
            None => announced,
        };
        self.ended.insert(a.project.id.clone(), why);
    }
}

/// One platform-use entry, judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportRoute {
    /// The entry's label, as written.
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The entry gives formal support.
    pub formal: bool,
    /// Why, in one line.
    pub reason: String,
    /// The catalog project the entry names, if it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// Hosts whose pages are source repositories (and their files), not products.
const SOURCE_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "git.sr.ht",
    "gitee.com",
    "raw.githubusercontent.com",
    "gist.github.com",
    "sigs.k8s.io",
];

/// First path segments of github.com/gitlab.com pages that are the host's own
/// product or marketing pages, not a repository.
const HOST_PAGES: &[&str] = &[
    "features",
    "enterprise",
    "pricing",
    "marketplace",
    "sponsors",
    "about",
    "solutions",
    "security",
    "customer-stories",
    "team",
    "premium",
    "resources",
    "platform",
];

/// Every platform-use entry of `project`, judged.
pub fn routes(project: &Project, catalog: &Catalog, related: &Related) -> Vec<SupportRoute> {
    project
        .platform_use
        .iter()
        .map(|link| {
            let named = named_project(project, link, catalog);
            if let Some(route) = declared(link, named) {
                return route;
            }
            match named {
                Some(other) => inherited(link, other, related),
                None => direct(link),
            }
        })
        .collect()
}

/// The catalog's own word on an entry (`support: true|false`), when it gives one.
fn declared(link: &Link, named: Option<&Project>) -> Option<SupportRoute> {
    let formal = link.support?;
    Some(SupportRoute {
        label: link.label.clone(),
        url: link.url.clone(),
        formal,
        reason: if formal {
            "the catalog marks it as formal support (`support: true`)".into()
        } else {
            "the catalog marks it as not giving formal support (`support: false`)".into()
        },
        via: named.map(|p| p.id().into_owned()),
    })
}

/// Ids of the projects that some other project's platform-use entries name:
/// their state decides those entries, so a run assesses them first.
pub fn referenced(catalog: &Catalog) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, p) in catalog.projects() {
        // An entry the catalog decides does not depend on the project it names.
        for link in p.platform_use.iter().filter(|l| l.support.is_none()) {
            if let Some(other) = named_project(p, link, catalog) {
                out.insert(other.id().into_owned());
            }
        }
    }
    out
}

/// The catalog project (other than `project`) an entry names: by name in
/// its label (the longest name found), else by its link pointing into that
/// project's repository or page (the longest match).
pub fn named_project<'a>(
    project: &Project,
    link: &Link,
    catalog: &'a Catalog,
) -> Option<&'a Project> {
    // Cheap identity test first: ids may be slugs computed from names.
    let is_self = |p: &Project| {
        std::ptr::eq(p, project) || (p.name == project.name && p.repo == project.repo)
    };
    let label = link.label.to_lowercase();
    let others = || catalog.projects().map(|(_, p)| p).filter(|p| !is_self(p));
    let by_name = others()
        .filter(|p| contains_name(&label, p.name.trim()))
        .max_by_key(|p| p.name.trim().len());
    if by_name.is_some() {
        return by_name;
    }
    let target = url_key(link.url.as_deref()?);
    let own: Vec<String> = [project.repo.as_deref(), project.link.as_deref()]
        .into_iter()
        .flatten()
        .map(url_key)
        .collect();
    others()
        .filter_map(|p| {
            [p.repo.as_deref(), p.link.as_deref()]
                .into_iter()
                .flatten()
                .filter(|u| may_contain(&target, u))
                .map(url_key)
                // A page of the project's own repository (rows sharing one) names nobody else.
                .filter(|k| !own.contains(k))
                .filter(|k| {
                    k.split('/').count() >= 2
                        && (target == *k || target.starts_with(&format!("{k}/")))
                })
                .map(|k| k.len())
                .max()
                .map(|len| (len, p))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, p)| p)
}

/// Cheap test before normalising `url`: its last path segment must occur
/// in `target` (lower case) for `url` to be a prefix of it.
fn may_contain(target: &str, url: &str) -> bool {
    let url = url.trim().trim_end_matches('/');
    let url = url.strip_suffix(".git").unwrap_or(url);
    let last = url.rsplit('/').next().unwrap_or(url);
    if last.is_empty() || !last.is_ascii() {
        return true;
    }
    target.len() >= last.len()
        && target
            .as_bytes()
            .windows(last.len())
            .any(|w| w.eq_ignore_ascii_case(last.as_bytes()))
}

/// A project's name (3 characters or more) occurs in a lower-case label as
/// whole words. ASCII names are compared without allocating (this runs for
/// every project of the catalog, for every entry).
fn contains_name(label: &str, name: &str) -> bool {
    if name.len() > label.len() || name.chars().count() < 3 {
        return false;
    }
    if !name.is_ascii() {
        return contains_words(label, &name.to_lowercase());
    }
    let (hay, needle) = (label.as_bytes(), name.as_bytes());
    // Bytes of non-ASCII characters count as word characters.
    let word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    (0..=hay.len() - needle.len()).any(|i| {
        hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
            && (i == 0 || !word(hay[i - 1]))
            && hay.get(i + needle.len()).is_none_or(|b| !word(*b))
    })
}

fn inherited(link: &Link, other: &Project, related: &Related) -> SupportRoute {
    let name = other.name.trim();
    let route = |formal: bool, reason: String| SupportRoute {
        label: link.label.clone(),
        url: link.url.clone(),
        formal,
        reason,
        via: Some(other.id().into_owned()),
    };
    if let Some(level) = other
        .state
        .as_ref()
        .map(|s| s.level)
        .filter(|l| is_retired_level(*l))
    {
        return route(
            false,
            format!(
                "{name} has ended: the catalog lists it as {}",
                level.as_str()
            ),
        );
    }
    if let Some(why) = related.ended.get(other.id().as_ref()) {
        return route(false, format!("{name} has ended: {why}"));
    }
    let products: Vec<String> = other
        .platform_use
        .iter()
        .map(direct)
        .filter(|r| r.formal)
        .map(|r| r.label)
        .collect();
    if products.is_empty() {
        return route(
            false,
            format!("{name} is an open-source project of this catalog, not a supported product"),
        );
    }
    route(
        true,
        format!(
            "through {name}, which is supported as part of {}",
            products.join(", ")
        ),
    )
}

/// An entry that names no catalog project.
fn direct(link: &Link) -> SupportRoute {
    if let Some(route) = declared(link, None) {
        return route;
    }
    let route = |formal: bool, reason: String| SupportRoute {
        label: link.label.clone(),
        url: link.url.clone(),
        formal,
        reason,
        via: None,
    };
    let Some(url) = link.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
        return route(
            false,
            "no link: it names no product Radar can point to".into(),
        );
    };
    if let Some(host) = source_host(url) {
        return route(
            false,
            format!("a page on {host} (source hosting), not a supported product"),
        );
    }
    route(true, "a product of the platform".into())
}

/// The host when `url` is a repository page on a source-hosting site.
fn source_host(url: &str) -> Option<String> {
    let key = url_key(url);
    let mut parts = key.split('/');
    let host = parts.next()?;
    if !SOURCE_HOSTS.contains(&host) {
        return None;
    }
    let first = parts.next().unwrap_or("");
    if first.is_empty() || HOST_PAGES.contains(&first) {
        return None;
    }
    Some(host.to_owned())
}

/// A URL compared loosely: lower case, without scheme, `www.`, query,
/// fragment, trailing `/` or `.git`.
fn url_key(url: &str) -> String {
    let url = url.trim().to_lowercase();
    let url = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let url = url.split(['?', '#']).next().unwrap_or("");
    let url = url.strip_prefix("www.").unwrap_or(url);
    let url = url.trim_end_matches('/');
    url.strip_suffix(".git").unwrap_or(url).to_owned()
}

/// `needle` occurs in `haystack` as whole words (both lower case).
fn contains_words(haystack: &str, needle: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    haystack.match_indices(needle).any(|(at, _)| {
        boundary(haystack[..at].chars().next_back())
            && boundary(haystack[at + needle.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_keys_and_source_hosts() {
        assert_eq!(
            url_key("https://www.GitHub.com/Azure/aks-engine.git/"),
            "github.com/azure/aks-engine"
        );
        assert_eq!(
            source_host("https://github.com/Azure/aks-engine/tree/master/examples").as_deref(),
            Some("github.com")
        );
        assert_eq!(source_host("https://github.com/features/actions"), None);
        assert_eq!(
            source_host("https://docs.microsoft.com/en-us/azure/aks/"),
            None
        );
        assert!(contains_words("use with aks engine", "aks engine"));
        assert!(!contains_words("use with aks enginex", "aks engine"));
        assert!(!contains_words("mobydick", "moby"));
        assert!(contains_name("use with aks engine", "AKS Engine"));
        assert!(contains_name("aks engine windows", "AKS Engine"));
        assert!(!contains_name("use with aks engines", "AKS Engine"));
        assert!(!contains_name("mobydick", "Moby"));
        assert!(
            !contains_name("use it", "It"),
            "names under 3 characters never match"
        );
        assert!(contains_name("über tool for x", "Über Tool"));
    }
}
