//! GraphQL: one query per page of pull requests or issues, with their comments
//! and reviews nested, instead of one REST request per pull request.
//!
//! Every query aliases its connection as `items` under `repository`, takes
//! `$owner`, `$name`, `$first` and `$cursor`, and selects
//! `pageInfo { hasNextPage endCursor }`, so one pager serves them all.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::bots;
use crate::context::Ctx;
use crate::error::{Error, Result};

/// An account as GraphQL gives it; `None` (JSON null) is a deleted account ("ghost").
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Actor {
    pub login: String,
    #[serde(rename = "__typename", default)]
    pub typename: Option<String>,
}

/// A person: not a bot. A deleted account counts as a person (its words were someone's).
pub(crate) fn is_person(actor: &Option<Actor>) -> bool {
    actor
        .as_ref()
        .is_none_or(|a| !bots::is_bot(&a.login, a.typename.as_deref()))
}

/// A person other than `author` (logins compare case-insensitively).
pub(crate) fn is_other_person(actor: &Option<Actor>, author: &Option<Actor>) -> bool {
    let same = match (actor, author) {
        (Some(a), Some(b)) => a.login.eq_ignore_ascii_case(&b.login),
        _ => false,
    };
    !same && is_person(actor)
}

#[derive(Debug, Deserialize)]
pub(crate) struct Nodes<N> {
    #[serde(default = "Vec::new")]
    pub nodes: Vec<Option<N>>,
}

impl<N> Nodes<N> {
    pub fn iter(&self) -> impl Iterator<Item = &N> {
        self.nodes.iter().flatten()
    }
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: Option<T>,
    #[serde(default)]
    errors: Vec<GqlError>,
}

#[derive(Deserialize)]
struct GqlError {
    #[serde(default)]
    message: String,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct RepoData<N> {
    repository: Option<Items<N>>,
}

#[derive(Deserialize)]
struct Items<N> {
    items: Connection<N>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Connection<N> {
    page_info: PageInfo,
    #[serde(default = "Vec::new")]
    nodes: Vec<Option<N>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

/// The nodes read, newest first, and whether the page cap cut the list short.
pub(crate) struct Collected<N> {
    pub nodes: Vec<N>,
    pub truncated: bool,
}

/// Reads pages of `query` while the last node of a page is still `in_window`
/// (the connections are ordered newest first), at most `pages` pages.
pub(crate) async fn collect<N: DeserializeOwned>(
    ctx: &Ctx<'_>,
    query: &str,
    page_size: u32,
    pages: u32,
    extra: Value,
    in_window: impl Fn(&N) -> bool,
) -> Result<Collected<N>> {
    let url = ctx.transport.endpoints.graphql.to_string();
    let mut nodes = Vec::new();
    let mut cursor: Option<String> = None;
    for page in 1..=pages.max(1) {
        let mut variables = json!({
            "owner": ctx.repo.owner,
            "name": ctx.repo.name,
            "first": page_size,
            "cursor": cursor,
        });
        if let (Some(vars), Some(extra)) = (variables.as_object_mut(), extra.as_object()) {
            vars.extend(extra.clone());
        }
        let envelope: Envelope<RepoData<N>> = ctx
            .transport
            .graphql(
                &json!({ "query": query, "variables": variables }),
                ctx.stats,
            )
            .await?;
        if !envelope.errors.is_empty() {
            if envelope
                .errors
                .iter()
                .any(|e| e.kind.as_deref() == Some("NOT_FOUND"))
            {
                return Err(Error::Http {
                    status: 404,
                    url,
                    message: format!("{} not found", ctx.repo),
                });
            }
            let message = envelope
                .errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            return Err(Error::GraphQl { url, message });
        }
        let Some(repository) = envelope.data.and_then(|d| d.repository) else {
            return Err(Error::GraphQl {
                url,
                message: "answer has no data.repository".into(),
            });
        };
        let connection = repository.items;
        let page_nodes: Vec<N> = connection.nodes.into_iter().flatten().collect();
        let more = page_nodes.last().is_some_and(&in_window);
        nodes.extend(page_nodes);
        match connection.page_info {
            PageInfo {
                has_next_page: true,
                end_cursor: Some(next),
            } if more => {
                if page == pages.max(1) {
                    return Ok(Collected {
                        nodes,
                        truncated: true,
                    });
                }
                cursor = Some(next);
            }
            _ => break,
        }
    }
    Ok(Collected {
        nodes,
        truncated: false,
    })
}
