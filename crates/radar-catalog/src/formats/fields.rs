//! Reading the fields of a foreign YAML format from the located tree, with
//! every value that cannot be used reported at its line instead of failing.

use crate::checks::urls;
use crate::codes;
use crate::diagnostic::SourceFile;
use crate::formats::unmapped::Notes;
use crate::model::{Artifact, ArtifactKind, Channel, ChannelKind, Project};
use crate::yaml::{Node, Value};

/// Reads fields for one file.
pub(super) struct Fields<'s> {
    pub(super) source: &'s SourceFile,
    pub(super) notes: Notes,
}

impl Fields<'_> {
    /// The text of a scalar, trimmed; `None` (with a warning) for a list or
    /// a mapping, and for nothing or empty text.
    pub(super) fn text(&mut self, field: &str, node: &Node<'_>) -> Option<String> {
        match &node.value {
            Value::Scalar { .. } => node
                .as_str()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from),
            _ => {
                self.odd(field, node, "text");
                None
            }
        }
    }

    /// A link: text that is a usable URL; anything else is reported and left out.
    pub(super) fn url(&mut self, field: &str, node: &Node<'_>, is_repo: bool) -> Option<String> {
        let text = self.text(field, node)?;
        match urls::problem(&text, is_repo) {
            None => Some(text),
            Some(why) => {
                self.notes.warn(
                    self.source,
                    codes::ODD_VALUE,
                    format!("`{field}: {text}` is not a usable URL ({why}); not imported"),
                    node.start,
                );
                None
            }
        }
    }

    /// The items of a list (a single value counts as a list of one).
    pub(super) fn list<'n, 'a>(&mut self, node: &'n Node<'a>) -> Vec<&'n Node<'a>> {
        match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ if node.is_null() => Vec::new(),
            _ => vec![node],
        }
    }

    /// The entries of a mapping; a warning and none for anything else.
    pub(super) fn entries<'n, 'a>(
        &mut self,
        field: &str,
        node: &'n Node<'a>,
    ) -> &'n [(Node<'a>, Node<'a>)] {
        match &node.value {
            Value::Map(entries) => entries,
            _ if node.is_null() => &[],
            _ => {
                self.odd(field, node, "a mapping");
                &[]
            }
        }
    }

    /// `field` holds something other than `expected`.
    pub(super) fn odd(&mut self, field: &str, node: &Node<'_>, expected: &str) {
        self.notes.warn(
            self.source,
            codes::ODD_VALUE,
            format!(
                "`{field}` should be {expected}, not {}; not imported",
                node.kind()
            ),
            node.start,
        );
    }

    /// A link as a channel of the project.
    pub(super) fn channel(
        &mut self,
        channels: &mut Vec<Channel>,
        field: &str,
        node: &Node<'_>,
        kind: ChannelKind,
        label: &str,
    ) {
        if let Some(url) = self.url(field, node, false) {
            channels.push(Channel {
                kind,
                label: label.to_string(),
                url: Some(url),
            });
        }
    }

    /// A link as an artifact of the project.
    pub(super) fn artifact(
        &mut self,
        artifacts: &mut Vec<Artifact>,
        field: &str,
        node: &Node<'_>,
        kind: ArtifactKind,
        label: &str,
    ) {
        if let Some(url) = self.url(field, node, false) {
            artifacts.push(Artifact {
                kind,
                label: label.to_string(),
                url: Some(url),
            });
        }
    }

    /// A date (`YYYY-MM-DD`); anything else is reported and left out.
    pub(super) fn date(&mut self, field: &str, node: &Node<'_>) -> Option<String> {
        let text = self.text(field, node)?;
        if crate::checks::dates::is_date(&text) {
            return Some(text);
        }
        self.notes.warn(
            self.source,
            codes::ODD_VALUE,
            format!("`{field}: {text}` is not a date (YYYY-MM-DD); not imported"),
            node.start,
        );
        None
    }
}

/// Ids given so far, so that two items never share one.
#[derive(Default)]
pub(super) struct Ids {
    /// Id → the line of its item.
    seen: std::collections::HashMap<String, usize>,
}

impl Ids {
    /// Gives `p` its id: the slug of its name (set explicitly when the name
    /// has no letters or digits), made distinct with `-2`, `-3`… when an
    /// earlier item has it, with a warning.
    pub(super) fn give(&mut self, f: &mut Fields<'_>, p: &mut Project, node: &Node<'_>) {
        let line = f.source.line_col(node.start).0;
        let mut id = p.id().into_owned();
        if id.is_empty() {
            id = format!("item-{line}");
            p.id = Some(id.clone());
        }
        if let Some(&first) = self.seen.get(&id) {
            let base = id.clone();
            let mut n = 2;
            while self.seen.contains_key(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            f.notes.warn(
                f.source,
                codes::SAME_ID,
                format!(
                    "`{}` would have the id `{base}` of the item at line {first}; it gets `{id}`",
                    p.name
                ),
                node.start,
            );
            p.id = Some(id.clone());
        }
        self.seen.insert(id, line);
    }
}

/// The key of an entry as text (`?` for a key that is not text).
pub(super) fn key<'n>(k: &'n Node<'_>) -> &'n str {
    k.as_str().unwrap_or("?")
}
