//! landscape2's `landscape.yml` → catalog.
//!
//! | landscape | catalog |
//! |---|---|
//! | category / subcategory | the area `Category / Subcategory` |
//! | `second_path: ["C / S"]` | `ref:` in the area `C / S` (created, with a warning, when the file has no such subcategory) |
//! | `name` | `name` (the id is its slug; a second item with the same slug gets `-2`…, with a warning) |
//! | `homepage_url` | `link` |
//! | `description` | `goal` |
//! | `project` (sandbox, incubating, graduated, archived) | `state: {body: FOUNDATION, level}` |
//! | `extra.accepted`, `incubating`, `graduated`, `archived` | `state.dates` |
//! | `repo_url` | `repo` |
//! | `additional_repos[].repo_url` | `additional_repos` |
//! | `extra.slack_url` (+ `chat_channel` as its label), `mailing_list_url`, `github_discussions_url`, `discord_url`, `gitter_url`, `stack_overflow_url`, `reddit_url`, `youtube_url`, `linkedin_url`, `bluesky_url`, `facebook_url`, `pinterest_url`, `twitter` | `channels` |
//! | `extra.blog_url`, `documentation_url`, `dev_stats_url`, `artwork_url`, `docker_url`, `package_manager_url`, `funding_url`, `annual_review_url`, `audits[]`, `other_links[]`, `url_for_bestpractices` | `artifacts` |
//!
//! Everything else (`logo`, `crunchbase`, `joined`, `branch`, the summary
//! fields, tags…) has no place in the catalog: one warning per field, at its
//! first item, with how many items have it.

use std::collections::HashMap;

use super::fields::{Fields, Ids, key};
use super::unmapped::Notes;
use super::{Format, ImportError, Imported, Options, not_shaped, parse};
use crate::codes;
use crate::diagnostic::SourceFile;
use crate::model::{
    Area, ArtifactKind, Catalog, ChannelKind, Listing, Project, ProjectRef, Repository, State,
};
use crate::yaml::{Node, Value};

/// Why a field is left out.
const NO_PLACE: &str = "the catalog has no place for it";
const NOT_LANDSCAPE: &str =
    "landscape2 does not define it either (a typo, or another tool's field?)";
const DEFAULT_BRANCH: &str = "Radar measures each repository's default branch";
const OTHER_TOOL: &str = "it names the project in another tool";

/// Imports a landscape.
pub fn import(name: &str, text: &str, options: &Options) -> Result<Imported, ImportError> {
    let source = SourceFile::new(name, text);
    let root = parse(&source, "landscape")?;
    let cats = root
        .get("landscape")
        .or_else(|| root.get("categories"))
        .ok_or_else(|| {
            not_shaped(
                &source,
                &root,
                "not a landscape: expected a top-level `landscape:` list of categories".into(),
            )
        })?;
    let Value::Seq(cats) = &cats.value else {
        return Err(not_shaped(
            &source,
            cats,
            format!(
                "`landscape` should be a list of categories, not {}",
                cats.kind()
            ),
        ));
    };
    let mut im = Importer {
        f: Fields {
            source: &source,
            notes: Notes::default(),
        },
        options,
        catalog: Catalog {
            title: format!("{} landscape", options.foundation),
            ..Catalog::default()
        },
        areas: HashMap::new(),
        ids: Ids::default(),
        second: Vec::new(),
        items: 0,
        left_out: 0,
    };
    for cat in cats {
        im.category(cat);
    }
    im.second_paths();
    if options.projects_only {
        // Areas whose items were all left out are not areas of this catalog.
        im.catalog.areas.retain(|a| !a.projects.is_empty());
    }
    let Importer {
        f,
        catalog,
        items,
        left_out,
        ..
    } = im;
    Ok(Imported {
        warnings: f.notes.into_warnings(&source),
        found: format!("{items} items in {} areas", catalog.areas.len()),
        catalog,
        format: Format::Landscape,
        items,
        left_out,
    })
}

struct Importer<'s, 'o> {
    f: Fields<'s>,
    options: &'o Options,
    catalog: Catalog,
    /// Area name (spaces around `/` normalised) → index.
    areas: HashMap<String, usize>,
    ids: Ids,
    /// (item id, `second_path` entry, where it is written).
    second: Vec<(String, String, usize)>,
    items: usize,
    left_out: usize,
}

/// An area name as `second_path` may spell it: `A / B`, `A/B`, `A  /  B`.
fn area_key(name: &str) -> String {
    name.split('/')
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("/")
}

impl Importer<'_, '_> {
    fn area(&mut self, name: String) -> usize {
        let key = area_key(&name);
        if let Some(&a) = self.areas.get(&key) {
            return a;
        }
        self.catalog.areas.push(Area::new(name, []));
        self.areas.insert(key, self.catalog.areas.len() - 1);
        self.catalog.areas.len() - 1
    }

    fn line(&self, node: &Node<'_>) -> usize {
        self.f.source.line_col(node.start).0
    }

    /// The name of a category or subcategory (one is made up when missing).
    fn group_name(&mut self, node: &Node<'_>, what: &str) -> String {
        let name = node.get("name").and_then(|n| self.f.text("name", n));
        name.unwrap_or_else(|| {
            let line = self.line(node);
            self.f.notes.warn(
                self.f.source,
                codes::ODD_VALUE,
                format!("a {what} without a name; called `Unnamed {what} (line {line})`"),
                node.start,
            );
            format!("Unnamed {what} (line {line})")
        })
    }

    fn category(&mut self, cat: &Node<'_>) {
        let cat_name = self.group_name(cat, "category");
        for (k, v) in self.f.entries("category", cat) {
            match key(k) {
                "name" | "subcategories" => {}
                "category" if v.is_null() => {}
                other => self.f.notes.unmapped(other, k.start, NOT_LANDSCAPE),
            }
        }
        let Some(subs) = cat.get("subcategories") else {
            return;
        };
        for sub in self.f.list(subs) {
            let sub_name = self.group_name(sub, "subcategory");
            let area = self.area(format!("{cat_name} / {sub_name}"));
            for (k, v) in self.f.entries("subcategory", sub) {
                match key(k) {
                    "name" | "items" => {}
                    "subcategory" if v.is_null() => {}
                    other => self.f.notes.unmapped(other, k.start, NOT_LANDSCAPE),
                }
            }
            if let Some(items) = sub.get("items") {
                for item in self.f.list(items) {
                    self.item(area, item);
                }
            }
        }
    }

    fn item(&mut self, area: usize, node: &Node<'_>) {
        self.items += 1;
        let is_project = node
            .get("project")
            .and_then(Node::as_str)
            .is_some_and(|p| !p.trim().is_empty());
        if self.options.projects_only && !is_project {
            self.left_out += 1;
            return;
        }
        let mut p = Project::default();
        let mut level = None;
        let mut dates = Default::default();
        match &node.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    self.field(&mut p, &mut level, k, v);
                }
                if let Some(extra) = node.get("extra") {
                    self.extra(&mut p, &mut dates, extra);
                }
            }
            // A bare name: an item with nothing else.
            Value::Scalar { .. } if !node.is_null() => {
                p.name = node.as_str().unwrap_or_default().trim().to_string();
            }
            _ => {}
        }
        if p.name.is_empty() {
            let line = self.line(node);
            p.name = format!("Unnamed item (line {line})");
            self.f.notes.warn(
                self.f.source,
                codes::ODD_VALUE,
                format!("an item without a name; called `{}`", p.name),
                node.start,
            );
        }
        // A state is the foundation's word: items with a `project` level.
        if level.is_some() {
            let mut state = State::new(Some(self.options.foundation.clone()), level.as_deref());
            state.dates = dates;
            p.state = Some(state);
        } else if !dates.is_empty() {
            self.f.notes.warn(
                self.f.source,
                codes::ODD_VALUE,
                format!(
                    "`{}` has dates ({}) but no `project` level, so it is not a {} project here; the dates are not imported",
                    p.name,
                    dates.iter().map(|(k, d)| format!("{k} {d}")).collect::<Vec<_>>().join(", "),
                    self.options.foundation
                ),
                node.get("extra").map_or(node.start, |e| e.start),
            );
        }
        self.ids.give(&mut self.f, &mut p, node);
        let id = p.id().into_owned();
        if let Some(paths) = node.get("second_path") {
            for path in self.f.list(paths) {
                if let Some(text) = self.f.text("second_path", path) {
                    self.second.push((id.clone(), text, path.start));
                }
            }
        }
        self.catalog.areas[area].projects.push(Listing::Project(p));
    }

    fn field(&mut self, p: &mut Project, level: &mut Option<String>, k: &Node<'_>, v: &Node<'_>) {
        let f = &mut self.f;
        match key(k) {
            "item" if v.is_null() => {} // the file's `- item:` marker
            "name" => p.name = f.text("name", v).unwrap_or_default(),
            "homepage_url" => p.link = f.url("homepage_url", v, false),
            "description" => p.goal = f.text("description", v),
            "project" => *level = f.text("project", v),
            "repo_url" => p.repo = f.url("repo_url", v, true),
            "additional_repos" => {
                for r in f.list(v) {
                    for (rk, rv) in f.entries("additional_repos", r) {
                        match key(rk) {
                            "repo_url" => {
                                if let Some(url) = f.url("additional_repos.repo_url", rv, true) {
                                    p.additional_repos.push(Repository::new(url));
                                }
                            }
                            "branch" => f.notes.unmapped(
                                "additional_repos.branch",
                                rk.start,
                                DEFAULT_BRANCH,
                            ),
                            "license" => {
                                f.notes
                                    .unmapped("additional_repos.license", rk.start, NO_PLACE)
                            }
                            other => f.notes.unmapped(
                                &format!("additional_repos.{other}"),
                                rk.start,
                                NOT_LANDSCAPE,
                            ),
                        }
                    }
                }
            }
            "second_path" | "extra" => {} // read by `item`
            "twitter" => {
                let label = if v.as_str().is_some_and(|u| u.contains("x.com/")) {
                    "X"
                } else {
                    "Twitter"
                };
                f.channel(&mut p.channels, "twitter", v, ChannelKind::Other, label);
            }
            "bluesky_url" => f.channel(
                &mut p.channels,
                "bluesky_url",
                v,
                ChannelKind::Other,
                "Bluesky",
            ),
            "url_for_bestpractices" => f.artifact(
                &mut p.artifacts,
                "url_for_bestpractices",
                v,
                ArtifactKind::Other,
                "OpenSSF Best Practices",
            ),
            "branch" => f.notes.unmapped("branch", k.start, DEFAULT_BRANCH),
            field @ ("logo"
            | "crunchbase"
            | "joined"
            | "enduser"
            | "unnamed_organization"
            | "license") => f.notes.unmapped(field, k.start, NO_PLACE),
            other => f.notes.unmapped(other, k.start, NOT_LANDSCAPE),
        }
    }

    fn extra(&mut self, p: &mut Project, dates: &mut crate::model::StateDates, extra: &Node<'_>) {
        let f = &mut self.f;
        let entries = f.entries("extra", extra);
        let chat = extra
            .get("chat_channel")
            .and_then(|c| f.text("extra.chat_channel", c));
        for (k, v) in entries {
            let field = key(k);
            let path = format!("extra.{field}");
            match field {
                "accepted" => dates.accepted = f.date(&path, v),
                "incubating" => dates.incubating = f.date(&path, v),
                "graduated" => dates.graduated = f.date(&path, v),
                "archived" => dates.archived = f.date(&path, v),
                "slack_url" => {
                    let label = chat.clone().unwrap_or_else(|| "Slack".into());
                    f.channel(&mut p.channels, &path, v, ChannelKind::Slack, &label);
                }
                "chat_channel" => {
                    // Its label for the Slack link; alone, a channel without a link.
                    if extra.get("slack_url").is_none()
                        && let Some(label) = chat.clone()
                    {
                        p.channels.push(crate::model::Channel {
                            kind: crate::classify::channel_kind(&label, None),
                            label,
                            url: None,
                        });
                    }
                }
                "mailing_list_url" => f.channel(
                    &mut p.channels,
                    &path,
                    v,
                    ChannelKind::MailingList,
                    "Mailing list",
                ),
                "github_discussions_url" => f.channel(
                    &mut p.channels,
                    &path,
                    v,
                    ChannelKind::Discussions,
                    "GitHub Discussions",
                ),
                "stack_overflow_url" => f.channel(
                    &mut p.channels,
                    &path,
                    v,
                    ChannelKind::Forum,
                    "Stack Overflow",
                ),
                "reddit_url" => f.channel(&mut p.channels, &path, v, ChannelKind::Forum, "Reddit"),
                "discord_url" => {
                    f.channel(&mut p.channels, &path, v, ChannelKind::Other, "Discord")
                }
                "gitter_url" => f.channel(&mut p.channels, &path, v, ChannelKind::Other, "Gitter"),
                "youtube_url" => {
                    f.channel(&mut p.channels, &path, v, ChannelKind::Other, "YouTube")
                }
                "linkedin_url" => {
                    f.channel(&mut p.channels, &path, v, ChannelKind::Other, "LinkedIn")
                }
                "bluesky_url" => {
                    f.channel(&mut p.channels, &path, v, ChannelKind::Other, "Bluesky")
                }
                "facebook_url" => {
                    f.channel(&mut p.channels, &path, v, ChannelKind::Other, "Facebook")
                }
                "pinterest_url" => {
                    f.channel(&mut p.channels, &path, v, ChannelKind::Other, "Pinterest")
                }
                "blog_url" => f.artifact(&mut p.artifacts, &path, v, ArtifactKind::Blog, "Blog"),
                "documentation_url" => f.artifact(
                    &mut p.artifacts,
                    &path,
                    v,
                    ArtifactKind::Docs,
                    "Documentation",
                ),
                "dev_stats_url" => {
                    f.artifact(&mut p.artifacts, &path, v, ArtifactKind::Other, "DevStats")
                }
                "artwork_url" => {
                    f.artifact(&mut p.artifacts, &path, v, ArtifactKind::Other, "Artwork")
                }
                "docker_url" => f.artifact(
                    &mut p.artifacts,
                    &path,
                    v,
                    ArtifactKind::Other,
                    "Docker images",
                ),
                "package_manager_url" => f.artifact(
                    &mut p.artifacts,
                    &path,
                    v,
                    ArtifactKind::Releases,
                    "Packages",
                ),
                "funding_url" => {
                    f.artifact(&mut p.artifacts, &path, v, ArtifactKind::Other, "Funding")
                }
                "annual_review_url" => {
                    let date = extra
                        .get("annual_review_date")
                        .and_then(|d| f.text("extra.annual_review_date", d));
                    let label = date.map_or("Annual review".to_string(), |d| {
                        format!("Annual review {d}")
                    });
                    f.artifact(&mut p.artifacts, &path, v, ArtifactKind::Other, &label);
                }
                "annual_review_date" => {} // the label of the review's link
                "audits" => {
                    for audit in f.list(v) {
                        let part = |name: &str| {
                            audit
                                .get(name)
                                .and_then(Node::as_str)
                                .map(str::trim)
                                .filter(|t| !t.is_empty())
                        };
                        let what: Vec<&str> = ["type", "vendor", "date"]
                            .into_iter()
                            .filter_map(part)
                            .collect();
                        let label = if what.is_empty() {
                            "Audit".to_string()
                        } else {
                            format!("Audit ({})", what.join(", "))
                        };
                        match audit.get("url") {
                            Some(url) => f.artifact(
                                &mut p.artifacts,
                                "extra.audits.url",
                                url,
                                ArtifactKind::Other,
                                &label,
                            ),
                            None => f.odd("extra.audits", audit, "a mapping with a `url`"),
                        }
                    }
                }
                "other_links" => {
                    for link in f.list(v) {
                        let label = link
                            .get("name")
                            .and_then(Node::as_str)
                            .map(str::trim)
                            .filter(|t| !t.is_empty())
                            .unwrap_or("Link")
                            .to_string();
                        match link.get("url") {
                            Some(url) => f.artifact(
                                &mut p.artifacts,
                                "extra.other_links.url",
                                url,
                                ArtifactKind::Other,
                                &label,
                            ),
                            None => f.odd("extra.other_links", link, "a mapping with a `url`"),
                        }
                    }
                }
                "clomonitor_name" | "lfx_slug" => f.notes.unmapped(&path, k.start, OTHER_TOOL),
                "tag"
                | "parent_project"
                | "specification"
                | "training_type"
                | "training_certifications"
                | "annotations"
                | "summary_use_case"
                | "summary_business_use_case"
                | "summary_release_rate"
                | "summary_integration"
                | "summary_integrations"
                | "summary_intro_url"
                | "summary_personas"
                | "summary_tags" => f.notes.unmapped(&path, k.start, NO_PLACE),
                _ => f.notes.unmapped(&path, k.start, NOT_LANDSCAPE),
            }
        }
    }

    /// Lists each item in its further areas (`second_path`), by reference.
    fn second_paths(&mut self) {
        for (id, path, at) in std::mem::take(&mut self.second) {
            let area = match self.areas.get(&area_key(&path)) {
                Some(&a) => a,
                None => {
                    self.f.notes.warn(
                        self.f.source,
                        codes::ODD_VALUE,
                        format!("`second_path: {path}` names no category / subcategory of the file; an area of that name is added"),
                        at,
                    );
                    self.area(path.trim().to_string())
                }
            };
            let listings = &mut self.catalog.areas[area].projects;
            if !listings.iter().any(|l| l.id() == id) {
                listings.push(Listing::Ref(ProjectRef { id }));
            }
        }
    }
}

#[cfg(test)]
mod tests;
