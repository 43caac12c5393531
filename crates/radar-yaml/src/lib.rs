//! A YAML document as a tree of nodes that remember where they are.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key, and a serde
//! value loses its place in the file. So a file is read in one pass of
//! granit-parser (the parser under serde-saphyr) into this tree, whose nodes
//! keep their byte range: the catalog's schema check reports every problem
//! with its place, and the security checks give the `path:line` of each
//! workflow step they judge. Anchors and aliases are expanded (bounded
//! against "billion laughs" files); comments are not kept.
#![forbid(unsafe_code)]

use std::borrow::Cow;
use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};

/// One node of the tree, with its byte range in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    /// The node's content.
    pub value: Value<'a>,
    /// Byte offset where the node starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
}

/// The content of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A scalar; `plain` is false for quoted and block scalars (never null, never a number).
    Scalar {
        /// The text after YAML escape processing.
        text: Cow<'a, str>,
        /// Written without quotes.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node<'a>>),
    /// A mapping, keys in source order (duplicates kept so they can be reported).
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// True for a plain `~`, `null`, or nothing at all.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if is_null_text(text))
    }

    /// The scalar's text, if this is a non-null scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } if !self.is_null() => Some(text),
            _ => None,
        }
    }

    /// The value of `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The entry `key: value` when this is a mapping (the key node gives the key's place).
    pub fn entry(&self, key: &str) -> Option<&(Node<'a>, Node<'a>)> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.as_str() == Some(key)),
            _ => None,
        }
    }

    /// Item `i` when this is a sequence.
    pub fn index(&self, i: usize) -> Option<&Node<'a>> {
        match &self.value {
            Value::Seq(items) => items.get(i),
            _ => None,
        }
    }

    /// A short word for the kind of node, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "nothing",
            Value::Scalar { .. } => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// Every node of the tree with its path (`areas[0].projects[2].name`), depth first.
    pub fn walk(&self, path: &mut String, f: &mut dyn FnMut(&str, &Node<'a>)) {
        f(path, self);
        let len = path.len();
        match &self.value {
            Value::Scalar { .. } => {}
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    use std::fmt::Write as _;
                    let _ = write!(path, "[{i}]");
                    item.walk(path, f);
                    path.truncate(len);
                }
            }
            Value::Map(entries) => {
                for (k, v) in entries {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k.as_str().unwrap_or("?"));
                    v.walk(path, f);
                    path.truncate(len);
                }
            }
        }
    }
}

/// The plain scalars YAML reads as null.
pub fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A YAML syntax problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What the parser said.
    pub message: String,
    /// Byte offset of the problem.
    pub at: usize,
}

/// Upper bound on nodes created by expanding aliases, against "billion laughs" files.
const MAX_ALIAS_NODES: usize = 1_000_000;

/// Parses one YAML document into a tree, on the calling thread. An empty
/// document gives a null scalar.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    parse_at(text, 0)
}

/// Parses `text`, which starts at byte `base` of the whole file, so that
/// every offset in the tree and in an error is an offset in the whole file.
pub fn parse_at(text: &str, base: usize) -> Result<Node<'_>, SyntaxError> {
    // Comments carry no data; never ask for them (another crate could turn the
    // parser's `comments` feature on through feature unification).
    let mut options = serde_saphyr::granit_parser::Options::default();
    options.emit_comments = false;
    let mut b = Builder {
        parser: Parser::new_from_str_with_options(text, options),
        anchors: HashMap::new(),
        alias_nodes: 0,
        len: text.len(),
        base,
        items: Vec::new(),
        entries: Vec::new(),
    };
    let empty = || Node {
        value: Value::Scalar {
            text: Cow::Borrowed(""),
            plain: true,
        },
        start: base,
        end: base,
    };
    let mut root = None;
    loop {
        let (event, span) = b.next()?;
        match event {
            Event::StreamStart | Event::DocumentEnd => {}
            Event::StreamEnd => break,
            Event::DocumentStart(..) => {
                if root.is_some() {
                    return Err(SyntaxError {
                        message: "the file holds one YAML document; found a second `---`".into(),
                        at: b.offset(&span),
                    });
                }
                let (event, span) = b.next()?;
                root = Some(if matches!(event, Event::DocumentEnd) {
                    empty()
                } else {
                    b.node(event, span)?
                });
            }
            _ => {}
        }
    }
    Ok(root.unwrap_or_else(empty))
}

/// Line numbers of byte offsets in one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

/// Builds the tree from the parser's events. The children of the
/// collections being built wait on two shared stacks, so each finished
/// collection costs one allocation of its exact size (a catalog has about
/// 25,000 small mappings and lists for 2,500 projects).
struct Builder<'a> {
    parser: Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node<'a>>,
    alias_nodes: usize,
    len: usize,
    /// Offset of this text in the whole file.
    base: usize,
    /// Items of the sequences being built, innermost last.
    items: Vec<Node<'a>>,
    /// Entries of the mappings being built, innermost last.
    entries: Vec<(Node<'a>, Node<'a>)>,
}

impl<'a> Builder<'a> {
    #[inline(always)]
    fn next(&mut self) -> Result<(Event<'a>, Span), SyntaxError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => Err(SyntaxError {
                message: e.info().to_string(),
                at: self.base + e.marker().byte_offset().unwrap_or(self.len),
            }),
            None => Err(SyntaxError {
                message: "unexpected end of input".into(),
                at: self.base + self.len,
            }),
        }
    }

    fn offset(&self, span: &Span) -> usize {
        self.base + span.start.byte_offset().unwrap_or(0)
    }

    fn end_offset(&self, span: &Span, start: usize) -> usize {
        span.end.byte_offset().map_or(start, |e| self.base + e)
    }

    fn node(&mut self, event: Event<'a>, span: Span) -> Result<Node<'a>, SyntaxError> {
        let start = self.offset(&span);
        let (value, end, anchor) = match event {
            Event::Scalar(text, style, anchor, _tag) => {
                let end = self.end_offset(&span, start);
                let plain = style == ScalarStyle::Plain;
                (Value::Scalar { text, plain }, end, anchor)
            }
            Event::SequenceStart(_, anchor, _) => {
                let mark = self.items.len();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break self.end_offset(&sp, start);
                    }
                    let item = self.node(ev, sp)?;
                    self.items.push(item);
                };
                (Value::Seq(self.items.drain(mark..).collect()), end, anchor)
            }
            Event::MappingStart(_, anchor, _) => {
                let mark = self.entries.len();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break self.end_offset(&sp, start);
                    }
                    let key = self.node(ev, sp)?;
                    let (ev, sp) = self.next()?;
                    let value = self.node(ev, sp)?;
                    self.entries.push((key, value));
                };
                (
                    Value::Map(self.entries.drain(mark..).collect()),
                    end,
                    anchor,
                )
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(SyntaxError {
                        message: "alias to an unknown anchor".into(),
                        at: start,
                    });
                };
                self.alias_nodes += count(target);
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(SyntaxError {
                        message: "aliases expand to too many nodes".into(),
                        at: start,
                    });
                }
                let mut node = target.clone();
                node.start = start;
                node.end = self.end_offset(&span, start);
                return Ok(node);
            }
            other => {
                return Err(SyntaxError {
                    message: format!("unexpected YAML event {other:?}"),
                    at: start,
                });
            }
        };
        let node = Node { value, start, end };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

fn count(node: &Node<'_>) -> usize {
    1 + match &node.value {
        Value::Scalar { .. } => 0,
        Value::Seq(items) => items.iter().map(count).sum(),
        Value::Map(entries) => entries.iter().map(|(k, v)| count(k) + count(v)).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_keeps_places() {
        let src = "a: 1\nb:\n  - x\n  - 'y'\nc: {d: e}\n";
        let root = parse(src).unwrap();
        let b = root.get("b").unwrap();
        assert_eq!(&src[b.index(1).unwrap().start..], "'y'\nc: {d: e}\n");
        assert_eq!(root.get("c").unwrap().get("d").unwrap().as_str(), Some("e"));
        let (k, _) = root.entry("c").unwrap();
        assert_eq!(k.start, src.find("c:").unwrap());
        let lines = LineIndex::new(src);
        assert_eq!(lines.line(k.start), 5);
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(src.len()), 6);
    }

    #[test]
    fn syntax_error_has_place() {
        let err = parse("a: [1, 2\nb: c\n").unwrap_err();
        assert!(err.at > 0 && !err.message.is_empty(), "{err:?}");
    }

    #[test]
    fn aliases_expand_and_bombs_stop() {
        let root = parse("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(root.get("b").unwrap().get("k").unwrap().as_str(), Some("v"));
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = format!("*a{}", i - 1);
            bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        assert!(parse(&bomb).unwrap_err().message.contains("too many"));
    }
}
