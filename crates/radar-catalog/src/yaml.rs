//! A YAML document as a tree of nodes that remember where they are.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key, and a serde
//! value loses its place in the file. So the catalog is read in one pass of
//! granit-parser (the parser under serde-saphyr) into this tree; the schema
//! check walks it and reports every problem with its place; then the typed
//! model is deserialised from the same tree (no second parse), skipping the
//! entries the check rejected so that later checks still run.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
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
            Value::Map(entries) => entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v),
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

fn is_null_text(text: &str) -> bool {
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
    // Comments carry no data; never ask for them (another crate could turn the
    // parser's `comments` feature on through feature unification).
    let mut options = serde_saphyr::granit_parser::Options::default();
    options.emit_comments = false;
    let mut b = Builder { parser: Parser::new_from_str_with_options(text, options), anchors: HashMap::new(), alias_nodes: 0, len: text.len() };
    let mut root = None;
    loop {
        let (event, span) = b.next()?;
        match event {
            Event::StreamStart | Event::DocumentEnd => {}
            Event::StreamEnd => break,
            Event::DocumentStart(..) => {
                if root.is_some() {
                    return Err(SyntaxError { message: "a catalog file holds one YAML document; found a second `---`".into(), at: b.offset(&span) });
                }
                let (event, span) = b.next()?;
                if matches!(event, Event::DocumentEnd) {
                    root = Some(Node { value: Value::Scalar { text: Cow::Borrowed(""), plain: true }, start: 0, end: 0 });
                } else {
                    root = Some(b.node(event, span)?);
                }
            }
            _ => {}
        }
    }
    Ok(root.unwrap_or(Node { value: Value::Scalar { text: Cow::Borrowed(""), plain: true }, start: 0, end: 0 }))
}

struct Builder<'a> {
    parser: Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node<'a>>,
    alias_nodes: usize,
    len: usize,
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), SyntaxError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => Err(SyntaxError { message: e.info().to_string(), at: e.marker().byte_offset().unwrap_or(self.len) }),
            None => Err(SyntaxError { message: "unexpected end of input".into(), at: self.len }),
        }
    }

    fn offset(&self, span: &Span) -> usize {
        span.start.byte_offset().unwrap_or(0)
    }

    fn node(&mut self, event: Event<'a>, span: Span) -> Result<Node<'a>, SyntaxError> {
        let start = self.offset(&span);
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, _tag) => {
                let end = span.end.byte_offset().unwrap_or(start);
                (Node { value: Value::Scalar { text, plain: style == ScalarStyle::Plain }, start, end }, anchor)
            }
            Event::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break sp.end.byte_offset().unwrap_or(start);
                    }
                    items.push(self.node(ev, sp)?);
                };
                (Node { value: Value::Seq(items), start, end }, anchor)
            }
            Event::MappingStart(_, anchor, _) => {
                let mut entries = Vec::new();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break sp.end.byte_offset().unwrap_or(start);
                    }
                    let key = self.node(ev, sp)?;
                    let (ev, sp) = self.next()?;
                    let value = self.node(ev, sp)?;
                    entries.push((key, value));
                };
                (Node { value: Value::Map(entries), start, end }, anchor)
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(SyntaxError { message: "alias to an unknown anchor".into(), at: start });
                };
                self.alias_nodes += count(target);
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(SyntaxError { message: "aliases expand to too many nodes".into(), at: start });
                }
                let mut node = target.clone();
                node.start = start;
                node.end = span.end.byte_offset().unwrap_or(start);
                return Ok(node);
            }
            other => {
                return Err(SyntaxError { message: format!("unexpected YAML event {other:?}"), at: start });
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

/// A deserialisation error with the byte offset of the node it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError {
    /// What went wrong.
    pub message: String,
    /// Byte offset, once known.
    pub at: Option<usize>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError { message: msg.to_string(), at: None }
    }
}

/// Deserialises a typed value from a node. Map entries whose key starts at an
/// offset in `skip` are left out (the schema check already reported them).
#[derive(Clone, Copy)]
pub struct De<'n, 'a> {
    node: &'n Node<'a>,
    skip: &'n HashSet<usize>,
}

impl<'n, 'a> De<'n, 'a> {
    /// A deserializer over `node`.
    pub fn new(node: &'n Node<'a>, skip: &'n HashSet<usize>) -> Self {
        De { node, skip }
    }

    fn locate<T>(&self, r: Result<T, DeError>) -> Result<T, DeError> {
        r.map_err(|mut e| {
            e.at.get_or_insert(self.node.start);
            e
        })
    }
}

impl<'de> IntoDeserializer<'de, DeError> for De<'_, '_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.value {
            Value::Scalar { text, plain: true } => {
                if is_null_text(text) {
                    v.visit_unit()
                } else if let Ok(b) = text.parse::<bool>() {
                    v.visit_bool(b)
                } else if let Ok(i) = text.parse::<i64>() {
                    v.visit_i64(i)
                } else if let Ok(f) = text.parse::<f64>().ok().filter(|_| text.bytes().any(|b| b.is_ascii_digit())).ok_or(()) {
                    v.visit_f64(f)
                } else {
                    v.visit_str(text)
                }
            }
            Value::Scalar { text, .. } => v.visit_str(text),
            Value::Seq(items) => v.visit_seq(SeqDeserializer::new(items.iter().map(|n| De::new(n, self.skip)))),
            Value::Map(entries) => v.visit_map(MapDeserializer::new(
                entries
                    .iter()
                    .filter(|(k, _)| self.skip.is_empty() || !self.skip.contains(&k.start))
                    .map(|(k, val)| (De::new(k, self.skip), De::new(val, self.skip))),
            )),
        };
        self.locate(r)
    }

    /// Any scalar reads as text (`version: 1.10` stays `1.10`, not a float).
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Scalar { text, .. } if !self.node.is_null() => self.locate(v.visit_str(text)),
            _ => self.deserialize_any(v),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        if self.node.is_null() { self.locate(v.visit_none()) } else { v.visit_some(self) }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> Result<V::Value, DeError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], v: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Scalar { text, .. } => {
                let d: de::value::StrDeserializer<'_, DeError> = text.as_ref().into_deserializer();
                self.locate(v.visit_enum(d))
            }
            _ => self.locate(Err(de::Error::custom(format!("expected a name, found {}", self.node.kind())))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct ignored_any
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
        assert_eq!(t, T { v: "1.10".into(), o: None, n: vec!["true".into(), "x".into()] });
        let root = parse("v: [1]\no: x\nn: []\n").unwrap();
        let err = T::deserialize(De::new(&root, &skip)).unwrap_err();
        assert_eq!(err.at, Some(3));
    }
}
