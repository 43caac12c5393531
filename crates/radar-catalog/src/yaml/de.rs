//! Deserialising a typed value straight from the located tree (no second
//! parse): scalars read as written, entries the schema check rejected left
//! out, and [`Located`] values given their place in the file.

use std::collections::HashSet;
use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, SeqAccess, Visitor};

use super::located::{LOCATED, Place};
use super::{Node, Value, is_null_text};
use crate::diagnostic::SourceFile;

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
        DeError {
            message: msg.to_string(),
            at: None,
        }
    }
}

/// Deserialises a typed value from a node. Map entries whose key starts at an
/// offset in `skip` are left out (the schema check already reported them).
#[derive(Clone, Copy)]
pub struct De<'n, 'a> {
    node: &'n Node<'a>,
    skip: &'n HashSet<usize>,
    /// List items to leave out, by start offset (see [`De::leaving_out`]).
    items: Option<&'n HashSet<usize>>,
    /// The file, so that [`Located`](super::Located) values get a line and column.
    source: Option<&'n SourceFile>,
}

impl<'n, 'a> De<'n, 'a> {
    /// A deserializer over `node`.
    pub fn new(node: &'n Node<'a>, skip: &'n HashSet<usize>) -> Self {
        De {
            node,
            skip,
            items: None,
            source: None,
        }
    }

    /// Also leaves out the list items that start at these offsets (items the
    /// schema check found unreadable, so that the rest of the list still loads).
    pub fn leaving_out(self, items: &'n HashSet<usize>) -> Self {
        De {
            items: Some(items),
            ..self
        }
    }

    /// Gives [`Located`](super::Located) values their line and column in
    /// `source` (the text the tree was parsed from); without it they only
    /// know their byte range.
    pub fn in_source(self, source: &'n SourceFile) -> Self {
        De {
            source: Some(source),
            ..self
        }
    }

    fn child(&self, node: &'n Node<'a>) -> Self {
        De { node, ..*self }
    }

    fn place(&self) -> Place {
        Place::of(self.node.start, self.node.end, self.source)
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
                } else if let Ok(f) = text
                    .parse::<f64>()
                    .ok()
                    .filter(|_| text.bytes().any(|b| b.is_ascii_digit()))
                    .ok_or(())
                {
                    v.visit_f64(f)
                } else {
                    v.visit_str(text)
                }
            }
            Value::Scalar { text, .. } => v.visit_str(text),
            Value::Seq(items) => v.visit_seq(SeqDeserializer::new(
                items
                    .iter()
                    .filter(|n| self.items.is_none_or(|out| !out.contains(&n.start)))
                    .map(|n| self.child(n)),
            )),
            Value::Map(entries) => v.visit_map(MapDeserializer::new(
                entries
                    .iter()
                    .filter(|(k, _)| self.skip.is_empty() || !self.skip.contains(&k.start))
                    .map(|(k, val)| (self.child(k), self.child(val))),
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
        if self.node.is_null() {
            self.locate(v.visit_none())
        } else {
            v.visit_some(self)
        }
    }

    /// A [`Located`](super::Located) value is handed its place, then its value.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        if name == LOCATED {
            v.visit_seq(LocatedAccess { de: self, step: 0 })
        } else {
            v.visit_newtype_struct(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Scalar { text, .. } => {
                let d: de::value::StrDeserializer<'_, DeError> = text.as_ref().into_deserializer();
                self.locate(v.visit_enum(d))
            }
            _ => self.locate(Err(de::Error::custom(format!(
                "expected a name, found {}",
                self.node.kind()
            )))),
        }
    }

    /// A struct is read from a mapping only (serde would also take a list of
    /// its fields in order, which in YAML is a mistake, not a shorthand).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Seq(_) => {
                self.locate(Err(de::Error::custom("expected a mapping, found a list")))
            }
            _ => self.deserialize_any(v),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct seq tuple tuple_struct map ignored_any
    }
}

/// The two elements a [`Located`](super::Located) reads: its place (as five
/// numbers) and its value.
struct LocatedAccess<'n, 'a> {
    de: De<'n, 'a>,
    step: u8,
}

impl<'de> SeqAccess<'de> for LocatedAccess<'_, '_> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        self.step += 1;
        match self.step {
            1 => seed
                .deserialize(SeqDeserializer::new(self.de.place().to_raw().into_iter()))
                .map(Some),
            2 => seed.deserialize(self.de).map(Some),
            _ => Ok(None),
        }
    }
}
