//! A YAML document as a tree of nodes that remember where they are.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key, and a serde
//! value loses its place in the file. So a file is read in one pass of
//! granit-parser (the parser under serde-saphyr) into this tree; the schema
//! check walks it and reports every problem with its place; then the typed
//! value is deserialised from the same tree (no second parse, [`De`]),
//! skipping the entries the check rejected so that later checks still run.
//!
//! [`read`] and [`load_located`] do all of this for any type with a JSON
//! Schema (the catalog, the governance records); [`Located`] fields keep
//! their place for checks that run after loading.

mod de;
mod located;
mod read;

pub use de::{De, DeError};
pub use located::{Located, Place};
pub use read::{Read, load_located, read};

use std::borrow::Cow;
use std::collections::HashMap;
#[cfg(test)]
use std::collections::HashSet;

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

pub(crate) fn is_null_text(text: &str) -> bool {
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

/// Parses one YAML document into a tree. An empty document gives a null scalar.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    parse_at(text, 0)
}

/// Parses `text`, which starts at byte `base` of the whole file, so that
/// every offset in the tree and in an error is an offset in the whole file.
fn parse_at(text: &str, base: usize) -> Result<Node<'_>, SyntaxError> {
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
                if matches!(event, Event::DocumentEnd) {
                    root = Some(Node {
                        value: Value::Scalar {
                            text: Cow::Borrowed(""),
                            plain: true,
                        },
                        start: base,
                        end: base,
                    });
                } else {
                    root = Some(b.node(event, span)?);
                }
            }
            _ => {}
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Scalar {
            text: Cow::Borrowed(""),
            plain: true,
        },
        start: base,
        end: base,
    }))
}

/// Below this size one thread parses faster than two (thread start-up, merge).
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Parses like [`parse`] and gives the same tree, but a large catalog in block
/// style is cut at an item of its top-level `areas:` list and the two halves
/// are parsed on two threads (the parser is the bulk of loading a catalog).
/// Anything unusual — document markers, directives, an alias across the cut,
/// a syntax error anywhere — falls back to [`parse`], so errors and their
/// places are always those of a whole-file parse.
pub fn parse_fast(text: &str) -> Result<Node<'_>, SyntaxError> {
    if text.len() < PARALLEL_MIN_BYTES {
        return parse(text);
    }
    match cut_areas(text).and_then(|cut| parse_cut(text, cut)) {
        Some(tree) => Ok(tree),
        None => parse(text),
    }
}

/// Where to cut: (start of an `areas:` item near the middle, end of the `areas:` list).
fn cut_areas(text: &str) -> Option<(usize, usize)> {
    if text.starts_with("---")
        || text.starts_with('%')
        || text.contains("\n---")
        || text.contains("\n...")
    {
        return None;
    }
    let mut offset = 0;
    let mut in_areas = false;
    let mut indent: Option<usize> = None;
    let mut items = Vec::new();
    let mut end = text.len();
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end();
        if !in_areas {
            in_areas = content == "areas:";
            continue;
        }
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let lead = content.len() - trimmed.len();
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        if lead == 0 && !is_item {
            end = start; // the next top-level key
            break;
        }
        match indent {
            None if is_item => indent = Some(lead),
            None => return None,
            Some(i) if is_item && lead == i => items.push(start),
            Some(i) if lead < i || (lead == i && !is_item) => return None,
            Some(_) => {}
        }
    }
    let middle = text.len() / 2;
    let cut = *items.iter().min_by_key(|&&s| s.abs_diff(middle))?;
    Some((cut, end))
}

/// Parses `[..cut]` (a whole document), `[cut..end]` (more `areas:` items)
/// and `[end..]` (later top-level keys) on two threads and joins them.
fn parse_cut(text: &str, (cut, end): (usize, usize)) -> Option<Node<'_>> {
    let (head, items, tail) = (&text[..cut], &text[cut..end], &text[end..]);
    let (head, (items, tail)) = std::thread::scope(|s| {
        let other = s.spawn(|| (parse_at(items, cut).ok(), parse_at(tail, end).ok()));
        (parse_at(head, 0).ok(), other.join().unwrap_or((None, None)))
    });
    let (mut root, items, tail) = (head?, items?, tail?);
    let Value::Seq(more) = items.value else {
        return None;
    };
    let Value::Map(entries) = &mut root.value else {
        return None;
    };
    let (_, areas) = entries
        .iter_mut()
        .find(|(k, _)| k.as_str() == Some("areas"))?;
    let Value::Seq(list) = &mut areas.value else {
        return None;
    };
    list.extend(more);
    areas.end = items.end;
    match tail.value {
        Value::Map(later) => entries.extend(later),
        _ if tail.is_null() => {}
        _ => return None,
    }
    root.end = root.end.max(tail.end).max(items.end);
    Some(root)
}

struct Builder<'a> {
    parser: Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node<'a>>,
    alias_nodes: usize,
    len: usize,
    /// Offset of this text in the whole file.
    base: usize,
}

impl<'a> Builder<'a> {
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
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, _tag) => {
                let end = self.end_offset(&span, start);
                (
                    Node {
                        value: Value::Scalar {
                            text,
                            plain: style == ScalarStyle::Plain,
                        },
                        start,
                        end,
                    },
                    anchor,
                )
            }
            Event::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break self.end_offset(&sp, start);
                    }
                    items.push(self.node(ev, sp)?);
                };
                (
                    Node {
                        value: Value::Seq(items),
                        start,
                        end,
                    },
                    anchor,
                )
            }
            Event::MappingStart(_, anchor, _) => {
                let mut entries = Vec::new();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break self.end_offset(&sp, start);
                    }
                    let key = self.node(ev, sp)?;
                    let (ev, sp) = self.next()?;
                    let value = self.node(ev, sp)?;
                    entries.push((key, value));
                };
                (
                    Node {
                        value: Value::Map(entries),
                        start,
                        end,
                    },
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
    use serde::Deserialize;

    #[test]
    fn tree_keeps_places() {
        let src = "a: 1\nb:\n  - x\n  - 'y'\nc: {d: e}\n";
        let root = parse(src).unwrap();
        let b = root.get("b").unwrap();
        assert_eq!(&src[b.index(1).unwrap().start..], "'y'\nc: {d: e}\n");
        assert_eq!(root.get("c").unwrap().get("d").unwrap().as_str(), Some("e"));
        let (k, _) = root.entry("c").unwrap();
        assert_eq!(k.start, src.find("c:").unwrap());
    }

    /// The two-thread parse gives exactly the tree of the one-thread parse.
    #[test]
    fn cut_parse_equals_whole_parse() {
        let mut text = String::from("title: T\nareas:\n");
        for a in 0..40 {
            text.push_str(&format!("  - name: Area {a}\n    projects:\n"));
            for p in 0..3 {
                text.push_str(&format!("      - name: P{a}-{p}\n        goal: |\n          line one\n          - not an item\n        apis: [{{version: v1}}]\n"));
            }
            text.push_str("  # a comment\n\n");
        }
        text.push_str("platform: Azure\nnotes: >\n  folded\n");
        let cut = cut_areas(&text).expect("cuttable");
        assert!(
            cut.0 > text.len() / 3 && cut.1 == text.find("platform:").unwrap(),
            "{cut:?}"
        );
        // The same tree, except where a block collection is said to end (the
        // parser ends it at the next token, which a cut moves; only scalars' and
        // collections' starts are used for places).
        fn shape(n: &Node<'_>, out: &mut Vec<(usize, usize, String)>) {
            match &n.value {
                Value::Scalar { text, .. } => out.push((n.start, n.end, text.to_string())),
                Value::Seq(items) => {
                    out.push((n.start, 0, "seq".into()));
                    items.iter().for_each(|i| shape(i, out));
                }
                Value::Map(entries) => {
                    out.push((n.start, 0, "map".into()));
                    entries.iter().for_each(|(k, v)| {
                        shape(k, out);
                        shape(v, out);
                    });
                }
            }
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        shape(&parse_cut(&text, cut).expect("halves parse"), &mut a);
        shape(&parse(&text).unwrap(), &mut b);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y);
        }
        // An alias across the cut cannot be parsed in halves: no result, so parse_fast falls back.
        let aliased = text.replacen("line one", "&x line one", 1) + "again: *x\n";
        assert_eq!(parse_cut(&aliased, cut_areas(&aliased).unwrap()), None);
        // Errors always come from the whole-file parse.
        let broken = text.replace("P39-2", "[P39-2");
        assert_eq!(parse_cut(&broken, cut_areas(&broken).unwrap()), None);
        assert!(parse(&broken).is_err());
        assert_eq!(cut_areas("title: x\nareas: []\n"), None);
        assert_eq!(cut_areas("---\nareas:\n- a\n- b\n"), None);
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

    #[test]
    fn deserialises_text_as_written() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct T {
            v: String,
            o: Option<String>,
            n: Vec<String>,
        }
        let root = parse("v: 1.10\no: ~\nn: [true, x]\n").unwrap();
        let skip = HashSet::new();
        let t = T::deserialize(De::new(&root, &skip)).unwrap();
        assert_eq!(
            t,
            T {
                v: "1.10".into(),
                o: None,
                n: vec!["true".into(), "x".into()]
            }
        );
        let root = parse("v: [1]\no: x\nn: []\n").unwrap();
        let err = T::deserialize(De::new(&root, &skip)).unwrap_err();
        assert_eq!(err.at, Some(3));
    }
}
