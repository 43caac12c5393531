//! Checks a YAML tree against a JSON Schema (as schemars derives it from the
//! model) and reports every mismatch at once, each at its place: unknown keys
//! at any depth (with "did you mean"), duplicate keys, wrong kinds of value,
//! missing or empty required fields, values outside an enumeration.
//!
//! It is generic: any `JsonSchema` type can be checked this way (the governance
//! records file can reuse it), and the schema and the check can never drift.

use std::collections::HashSet;

use serde_json::Value as Json;

use crate::codes;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::level::did_you_mean;
use crate::yaml::{Node, Value};

/// The outcome of a schema check.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Byte offsets of the keys of map entries to leave out when deserialising
    /// (unknown or ill-typed), so that the rest of the file still loads.
    pub skip: HashSet<usize>,
}

/// Checks `root` against `schema` (a JSON Schema document with `$defs`).
pub fn check(root: &Node<'_>, schema: &Json, source: &SourceFile) -> Outcome {
    let mut cx = Cx { root_schema: schema, source, out: Outcome::default() };
    cx.node(root, schema, What { def: "the catalog", field: None });
    cx.out
}

struct Cx<'s> {
    root_schema: &'s Json,
    source: &'s SourceFile,
    out: Outcome,
}

#[derive(PartialEq)]
enum Kind {
    Object,
    Array,
    Text,
    Null,
}

impl<'s> Cx<'s> {
    /// Follows `$ref`s; returns the schema and the name of the last definition
    /// passed through (its `title` when it has one).
    fn resolve(&self, mut schema: &'s Json) -> (&'s Json, Option<&'s str>) {
        let mut name = None;
        for _ in 0..32 {
            let Some(r) = schema.get("$ref").and_then(Json::as_str) else { break };
            let Some(def) = r.strip_prefix("#/$defs/") else { break };
            match self.root_schema.get("$defs").and_then(|d| d.get(def)) {
                Some(s) => {
                    schema = s;
                    name = Some(s.get("title").and_then(Json::as_str).unwrap_or(def));
                }
                None => break,
            }
        }
        (schema, name)
    }

    fn kinds(schema: &Json) -> Vec<Kind> {
        let one = |t: &str| match t {
            "object" => Some(Kind::Object),
            "array" => Some(Kind::Array),
            "string" | "integer" | "number" | "boolean" => Some(Kind::Text),
            "null" => Some(Kind::Null),
            _ => None,
        };
        match schema.get("type") {
            Some(Json::String(t)) => one(t).into_iter().collect(),
            Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).filter_map(one).collect(),
            _ if schema.get("enum").is_some() || schema.get("const").is_some() => vec![Kind::Text],
            _ => Vec::new(),
        }
    }

    fn node_kind(node: &Node<'_>) -> Kind {
        match &node.value {
            _ if node.is_null() => Kind::Null,
            Value::Scalar { .. } => Kind::Text,
            Value::Seq(_) => Kind::Array,
            Value::Map(_) => Kind::Object,
        }
    }

    /// Checks one node; returns false when it is unusable (the caller skips it).
    fn node(&mut self, node: &Node<'_>, schema: &'s Json, what: What<'s>) -> bool {
        let (schema, def) = self.resolve(schema);
        let branches = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Json::as_array);
        if let Some(branches) = branches {
            // An enumeration of constants (documented enum variants).
            let consts: Vec<&str> = branches.iter().filter_map(|b| b.get("const").and_then(Json::as_str)).collect();
            if !consts.is_empty() && consts.len() == branches.len() {
                return self.enumeration(node, &consts, what);
            }
            let kind = Self::node_kind(node);
            for b in branches {
                let (rb, _) = self.resolve(b);
                if Self::kinds(rb).contains(&kind) || (Self::kinds(rb).is_empty() && rb.get("anyOf").is_some()) {
                    return self.node(node, b, what);
                }
            }
            let expected: Vec<String> = branches.iter().map(|b| self.describe(b)).collect();
            self.wrong_kind(node, &expected.join(" or "), what);
            return false;
        }
        let kinds = Self::kinds(schema);
        let kind = Self::node_kind(node);
        if !kinds.is_empty() && !kinds.contains(&kind) {
            let expected: Vec<String> = kinds.iter().map(|k| kind_word(k).to_string()).collect();
            self.wrong_kind(node, &expected.join(" or "), what);
            return false;
        }
        if let Some(values) = schema.get("enum").and_then(Json::as_array) {
            let values: Vec<&str> = values.iter().filter_map(Json::as_str).collect();
            return self.enumeration(node, &values, what);
        }
        match (&node.value, kind) {
            (Value::Map(entries), _) => {
                let inner = What { def: def.unwrap_or(if what.field.is_none() { what.def } else { "mapping" }), field: None };
                self.object(node, entries, schema, inner)
            }
            (Value::Seq(items), _) => {
                if let Some(item_schema) = schema.get("items") {
                    for item in items {
                        self.node(item, item_schema, what);
                    }
                }
            }
            _ => {}
        }
        true
    }

    fn object(&mut self, node: &Node<'_>, entries: &[(Node<'_>, Node<'_>)], schema: &'s Json, what: What<'s>) {
        static EMPTY: std::sync::OnceLock<serde_json::Map<String, Json>> = std::sync::OnceLock::new();
        let props = schema.get("properties").and_then(Json::as_object).unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new));
        let closed = schema.get("additionalProperties") == Some(&Json::Bool(false));
        let mut seen: Vec<&str> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            let Some(key) = k.as_str() else {
                self.push(Diagnostic::error(codes::WRONG_TYPE, format!("a key in {what} must be text")), k);
                self.out.skip.insert(k.start);
                continue;
            };
            if seen.contains(&key) {
                self.push(Diagnostic::error(codes::DUPLICATE_KEY, format!("`{key}` appears twice in {what}")), k);
                self.out.skip.insert(k.start);
                continue;
            }
            seen.push(key);
            let required = schema.get("required").and_then(Json::as_array).is_some_and(|r| r.iter().any(|x| x.as_str() == Some(key)));
            match props.get_key_value(key) {
                // An empty required field is reported once, below, as empty.
                Some(_) if required && v.is_null() => {
                    self.out.skip.insert(k.start);
                }
                Some((name, prop)) => {
                    let field = What { def: what.def, field: Some(name.as_str()) };
                    if !self.node(v, prop, field) {
                        self.out.skip.insert(k.start);
                    }
                }
                None if closed => {
                    let mut d = Diagnostic::error(codes::UNKNOWN_FIELD, format!("unknown field `{key}` in {what}"));
                    let names: Vec<&str> = props.keys().map(String::as_str).filter(|n| !seen.contains(n)).collect();
                    d = match did_you_mean(key, names.iter().copied()) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!("expected one of: {}", props.keys().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))),
                    };
                    self.push(d, k);
                    self.out.skip.insert(k.start);
                }
                None => {}
            }
        }
        if let Some(required) = schema.get("required").and_then(Json::as_array) {
            for r in required.iter().filter_map(Json::as_str) {
                match entries.iter().find(|(k, _)| k.as_str() == Some(r)) {
                    None => {
                        let d = Diagnostic::error(codes::MISSING_FIELD, format!("{what} has no `{r}`"));
                        let d = d.with_help(format!("add `{r}: …`"));
                        self.push_at(d, node.start, node.start + 1);
                    }
                    Some((k, v)) if v.as_str().is_some_and(|s| s.trim().is_empty()) || v.is_null() => {
                        let d = Diagnostic::error(codes::MISSING_FIELD, format!("`{r}` of {what} is empty"));
                        self.push(d, k);
                    }
                    Some(_) => {}
                }
            }
        }
    }

    fn enumeration(&mut self, node: &Node<'_>, values: &[&str], what: What<'_>) -> bool {
        match node.as_str() {
            Some(text) if values.contains(&text) => true,
            _ => {
                let found = node.as_str().map_or_else(|| node.kind().to_string(), |t| format!("`{t}`"));
                let mut d = Diagnostic::error(codes::INVALID_VALUE, format!("{found} is not a valid {}", what.field.unwrap_or(what.def)));
                d = match node.as_str().and_then(|t| did_you_mean(t, values.iter().copied())) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!("expected one of: {}", values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))),
                };
                self.push(d, node);
                false
            }
        }
    }

    fn wrong_kind(&mut self, node: &Node<'_>, expected: &str, what: What<'_>) {
        let d = Diagnostic::error(codes::WRONG_TYPE, format!("expected {expected} for {what}, found {}", node.kind()));
        self.push(d, node);
    }

    fn describe(&self, schema: &'s Json) -> String {
        let (s, name) = self.resolve(schema);
        if let Some(name) = name {
            return format!("{} {}", if starts_with_vowel(name) { "an" } else { "a" }, name);
        }
        Self::kinds(s).iter().map(|k| kind_word(k).to_string()).collect::<Vec<_>>().join(" or ")
    }

    fn push(&mut self, d: Diagnostic, node: &Node<'_>) {
        self.push_at(d, node.start, node.end);
    }

    fn push_at(&mut self, d: Diagnostic, start: usize, end: usize) {
        self.out.diagnostics.push(d.at(self.source, start..end.max(start + 1)));
    }
}

fn kind_word(k: &Kind) -> &'static str {
    match k {
        Kind::Object => "a mapping",
        Kind::Array => "a list",
        Kind::Text => "text",
        Kind::Null => "nothing",
    }
}

fn starts_with_vowel(s: &str) -> bool {
    s.chars().next().is_some_and(|c| "AEIOUaeiou".contains(c))
}

/// "a Project", "an Area", "the catalog".
fn article(what: &str) -> String {
    if what.starts_with("the ") {
        what.to_string()
    } else {
        format!("{} {what}", if starts_with_vowel(what) { "an" } else { "a" })
    }
}

/// What a node is, for messages: a definition (`Project`) or one of its fields.
#[derive(Clone, Copy)]
struct What<'s> {
    def: &'s str,
    field: Option<&'s str>,
}

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.field {
            Some(field) => write!(f, "`{field}` of {}", article(self.def)),
            None => f.write_str(&article(self.def)),
        }
    }
}
