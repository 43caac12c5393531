//! [`Located`]: a value that remembers where in the file it was written, so
//! that checks run after loading (a date that is not a date, a vote by someone
//! not seated) can still point at the line and column.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

use crate::diagnostic::SourceFile;

/// The newtype name by which [`De`](super::De) recognises a [`Located`].
pub(super) const LOCATED: &str = "$radar_catalog::yaml::Located";

/// Where a node is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Place {
    /// Byte offset where the node starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// 1-based line; 0 when the file was not at hand.
    pub line: usize,
    /// 1-based column in characters; 0 when the file was not at hand.
    pub col: usize,
    /// Length in characters of the node's text on its first line (at least 1
    /// when the file was at hand).
    pub len: usize,
}

impl Place {
    /// The place of bytes `start..end`, with line and column when `source` is given.
    pub fn of(start: usize, end: usize, source: Option<&SourceFile>) -> Place {
        let Some(source) = source else {
            return Place {
                start,
                end,
                ..Place::default()
            };
        };
        let (line, col) = source.line_col(start);
        let line_end = source.offset(line, 1) + source.line_text(line).len();
        let len = source
            .text
            .get(start..end.clamp(start, line_end.max(start)))
            .map_or(1, |s| s.chars().count())
            .max(1);
        Place {
            start,
            end,
            line,
            col,
            len,
        }
    }

    pub(super) fn to_raw(self) -> [u64; 5] {
        [self.start, self.end, self.line, self.col, self.len].map(|n| n as u64)
    }

    fn from_raw(raw: [u64; 5]) -> Place {
        let [start, end, line, col, len] = raw.map(|n| n as usize);
        Place {
            start,
            end,
            line,
            col,
            len,
        }
    }
}

/// A value with its [`Place`]. Read through [`De`](super::De) (as
/// [`read`](super::read) and [`load_located`](super::load_located) do), it
/// gets the place of its node; read by any other deserializer, it gets a
/// default (unknown) place. Its JSON Schema and its serialised form are
/// those of `T`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub place: Place,
}

impl<T> Located<T> {
    /// A value at a place.
    pub fn new(value: T, place: Place) -> Located<T> {
        Located { value, place }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocatedVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for LocatedVisitor<T> {
            type Value = Located<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }

            /// From [`De`](super::De): the place, then the value.
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Located<T>, A::Error> {
                let raw: [u64; 5] = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let value = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                Ok(Located::new(value, Place::from_raw(raw)))
            }

            /// From any other deserializer: the value alone.
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Located<T>, D::Error> {
                T::deserialize(deserializer).map(|value| Located::new(value, Place::default()))
            }
        }

        deserializer.deserialize_newtype_struct(LOCATED, LocatedVisitor(PhantomData))
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
