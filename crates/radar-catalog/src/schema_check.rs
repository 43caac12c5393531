//! Checks a YAML tree against a JSON Schema (as schemars derives it from the
//! model) and reports every mismatch at once, each at its place: unknown keys
//! at any depth (with "did you mean"), duplicate keys, wrong kinds of value,
//! missing or empty required fields, values outside an enumeration.
//!
//! It is generic: any `JsonSchema` type can be checked this way
//! ([`crate::yaml::read`] and [`crate::yaml::load_located`] do so for the
//! catalog and the governance records), and the schema and the check can
//! never drift.

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
    /// Byte offsets of list items to leave out when deserialising (only with
    /// [`Options::leave_out_broken`]): items that cannot be read at all.
    pub broken_items: HashSet<usize>,
}

/// How to check a file.
#[derive(Debug, Clone, Copy)]
pub struct Options<'s> {
    /// How messages name the whole document (`the catalog`).
    pub root: &'s str,
    /// Also leave out what cannot be read at all — a mapping without one of
    /// its required fields (or with one unusable), a list item of the wrong
    /// kind — so that the rest of the file still loads and later checks see
    /// it. The entry holding such a mapping is left out of its mapping, the
    /// item out of its list. Only for types whose later checks place problems
    /// with [`Located`](crate::yaml::Located) values rather than by list
    /// index. Without it, such a file does not deserialise at all.
    pub leave_out_broken: bool,
}

/// How the catalog is read: strictly, so a project that cannot be read fails
/// the whole file rather than being left out (the catalog's checks find
/// projects in the tree by their index).
pub const CATALOG: Options<'static> = Options {
    root: "the catalog",
    leave_out_broken: false,
};

/// Checks `root` against `schema` (a JSON Schema document with `$defs`) as a catalog.
pub fn check(root: &Node<'_>, schema: &Json, source: &SourceFile) -> Outcome {
    check_with(root, schema, source, CATALOG)
}

/// Checks `root` against `schema` (a JSON Schema document with `$defs`).
pub fn check_with(
    root: &Node<'_>,
    schema: &Json,
    source: &SourceFile,
    options: Options<'_>,
) -> Outcome {
    let compiled = Compiled::new(schema);
    let mut cx = Cx {
        shapes: &compiled.shapes,
        source,
        lenient: options.leave_out_broken,
        out: Outcome::default(),
    };
    cx.node(
        root,
        compiled.root,
        What {
            def: options.root,
            field: None,
            within: None,
        },
    );
    cx.out
}

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Object,
    Array,
    Text,
    Null,
}

/// A schema node compiled for the walk: a catalog has ~170,000 YAML nodes
/// for 2,500 projects, so the walk must not look keys up in JSON maps.
#[derive(Default)]
struct Shape<'s> {
    /// The definition's name (its `title`, else its `$defs` key) when reached through `$ref`.
    name: Option<&'s str>,
    /// Allowed kinds of node; empty means any.
    kinds: Vec<Kind>,
    /// Allowed values, for enumerations.
    consts: Option<Vec<&'s str>>,
    /// Alternatives (`anyOf` / `oneOf` that are not an enumeration).
    branches: Vec<usize>,
    /// Properties of an object: name, shape, required.
    props: Vec<(&'s str, usize, bool)>,
    /// No properties beyond `props`.
    closed: bool,
    /// Shape of the values of properties beyond `props` (a map of names).
    extra: Option<usize>,
    /// Shape of array items.
    items: Option<usize>,
}

struct Compiled<'s> {
    shapes: Vec<Shape<'s>>,
    root: usize,
}

impl<'s> Compiled<'s> {
    fn new(schema: &'s Json) -> Compiled<'s> {
        let mut c = Compiler {
            root: schema,
            shapes: Vec::new(),
            memo: std::collections::HashMap::new(),
        };
        let root = c.compile(schema, None);
        Compiled {
            shapes: c.shapes,
            root,
        }
    }
}

struct Compiler<'s> {
    root: &'s Json,
    shapes: Vec<Shape<'s>>,
    memo: std::collections::HashMap<*const Json, usize>,
}

impl<'s> Compiler<'s> {
    fn compile(&mut self, schema: &'s Json, name: Option<&'s str>) -> usize {
        if let Some(def) = schema
            .get("$ref")
            .and_then(Json::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            && let Some(target) = self.root.get("$defs").and_then(|d| d.get(def))
        {
            let title = target.get("title").and_then(Json::as_str).unwrap_or(def);
            return self.compile(target, Some(title));
        }
        let key = schema as *const Json;
        if let Some(&id) = self.memo.get(&key) {
            return id;
        }
        let id = self.shapes.len();
        self.shapes.push(Shape::default());
        self.memo.insert(key, id);
        let mut shape = Shape {
            name,
            ..Shape::default()
        };
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            let consts: Vec<&str> = branches
                .iter()
                .filter_map(|b| b.get("const").and_then(Json::as_str))
                .collect();
            if !consts.is_empty() && consts.len() == branches.len() {
                shape.consts = Some(consts);
                shape.kinds = vec![Kind::Text];
            } else {
                shape.branches = branches.iter().map(|b| self.compile(b, None)).collect();
            }
        }
        let one = |t: &str| match t {
            "object" => Some(Kind::Object),
            "array" => Some(Kind::Array),
            "string" | "integer" | "number" | "boolean" => Some(Kind::Text),
            "null" => Some(Kind::Null),
            _ => None,
        };
        match schema.get("type") {
            Some(Json::String(t)) => shape.kinds = one(t).into_iter().collect(),
            Some(Json::Array(ts)) => {
                shape.kinds = ts.iter().filter_map(Json::as_str).filter_map(one).collect()
            }
            _ => {}
        }
        if let Some(values) = schema.get("enum").and_then(Json::as_array) {
            shape.consts = Some(values.iter().filter_map(Json::as_str).collect());
        } else if let Some(c) = schema.get("const").and_then(Json::as_str) {
            shape.consts = Some(vec![c]);
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Json::as_array)
            .map(|r| r.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = schema.get("properties").and_then(Json::as_object) {
            for (k, v) in props {
                let shape_id = self.compile(v, None);
                shape
                    .props
                    .push((k.as_str(), shape_id, required.contains(&k.as_str())));
            }
        }
        match schema.get("additionalProperties") {
            Some(Json::Bool(false)) => shape.closed = true,
            Some(extra @ Json::Object(_)) => shape.extra = Some(self.compile(extra, None)),
            _ => {}
        }
        if let Some(items) = schema.get("items") {
            shape.items = Some(self.compile(items, None));
        }
        self.shapes[id] = shape;
        id
    }
}

struct Cx<'s, 'c> {
    shapes: &'c [Shape<'s>],
    source: &'c SourceFile,
    /// [`Options::leave_out_broken`].
    lenient: bool,
    out: Outcome,
}

impl<'s, 'c> Cx<'s, 'c> {
    fn node_kind(node: &Node<'_>) -> Kind {
        match &node.value {
            _ if node.is_null() => Kind::Null,
            Value::Scalar { .. } => Kind::Text,
            Value::Seq(_) => Kind::Array,
            Value::Map(_) => Kind::Object,
        }
    }

    /// Checks one node; returns false when it is unusable (the caller skips it).
    fn node<'w>(&mut self, node: &Node<'_>, id: usize, what: What<'w>) -> bool
    where
        's: 'w,
    {
        let shapes = self.shapes;
        let shape = &shapes[id];
        let kind = Self::node_kind(node);
        if !shape.branches.is_empty() {
            let fits = |b: usize| {
                shapes[b].kinds.contains(&kind)
                    || (shapes[b].kinds.is_empty() && !shapes[b].branches.is_empty())
            };
            let fitting: Vec<usize> = shape
                .branches
                .iter()
                .copied()
                .filter(|&b| fits(b))
                .collect();
            if let Some(b) = self.choose(node, &fitting) {
                return self.node(node, b, what);
            }
            let expected: Vec<String> = shape.branches.iter().map(|&b| self.describe(b)).collect();
            self.wrong_kind(node, &expected.join(" or "), what);
            return false;
        }
        if let Some(consts) = &shape.consts {
            return self.enumeration(node, consts, what);
        }
        if !shape.kinds.is_empty() && !shape.kinds.contains(&kind) {
            let expected: Vec<String> = shape
                .kinds
                .iter()
                .map(|k| kind_word(k).to_string())
                .collect();
            self.wrong_kind(node, &expected.join(" or "), what);
            return false;
        }
        match &node.value {
            Value::Map(entries) => {
                let inner = match (shape.name, shape.extra, what.field) {
                    // A map of names (`votes: {alice: yes}`) is described by its field.
                    (None, Some(_), Some(_)) => what,
                    _ => What {
                        def: shape.name.unwrap_or(if what.field.is_none() {
                            what.def
                        } else {
                            "mapping"
                        }),
                        field: None,
                        within: None,
                    },
                };
                return self.object(node, entries, id, inner);
            }
            Value::Seq(items) => {
                if let Some(item) = shape.items {
                    for n in items {
                        if !self.node(n, item, what) && self.lenient {
                            self.out.broken_items.insert(n.start);
                        }
                    }
                }
            }
            Value::Scalar { .. } => {}
        }
        true
    }

    /// Which of several alternatives a node is meant as. For a mapping that
    /// several object shapes could be (a project or `ref: ID`): the one whose
    /// required keys are all there when one of them is a key only that shape
    /// has (`ref`), else the one with the fewest unknown keys, then the
    /// fewest missing required keys, then the first listed. So the messages
    /// are about what the author meant.
    fn choose(&self, node: &Node<'_>, fitting: &[usize]) -> Option<usize> {
        let (Value::Map(entries), [_, _, ..]) = (&node.value, fitting) else {
            return fitting.first().copied();
        };
        // No allocation: this runs for every project of large catalogs.
        let has_key = |key: &str| entries.iter().any(|(k, _)| k.as_str() == Some(key));
        let shapes = self.shapes;
        let has = |b: usize, key: &str| shapes[b].props.iter().any(|p| p.0 == key);
        let required = |b: usize| shapes[b].props.iter().filter(|p| p.2).map(|p| p.0);
        let discriminated = fitting.iter().copied().find(|&b| {
            required(b).all(has_key)
                && required(b).any(|r| fitting.iter().all(|&o| o == b || !has(o, r)))
        });
        discriminated.or_else(|| {
            fitting.iter().copied().min_by_key(|&b| {
                let unknown = entries
                    .iter()
                    .filter(|(k, _)| !k.as_str().is_some_and(|k| has(b, k)))
                    .count();
                let missing = required(b).filter(|r| !has_key(r)).count();
                (unknown, missing)
            })
        })
    }

    /// Checks a mapping; returns false when it cannot be read (a required field
    /// missing or unusable), which only matters when leaving out the broken.
    fn object<'w>(
        &mut self,
        node: &Node<'_>,
        entries: &[(Node<'_>, Node<'_>)],
        id: usize,
        what: What<'w>,
    ) -> bool
    where
        's: 'w,
    {
        let shape = &self.shapes[id];
        let mut usable = true;
        let mut seen = Seen::new();
        for (k, v) in entries {
            let Some(key) = k.as_str() else {
                self.push(
                    Diagnostic::error(codes::WRONG_TYPE, format!("a key in {what} must be text")),
                    k,
                );
                self.out.skip.insert(k.start);
                continue;
            };
            if seen.contains(&key) {
                self.push(
                    Diagnostic::error(
                        codes::DUPLICATE_KEY,
                        format!("`{key}` appears twice in {what}"),
                    ),
                    k,
                );
                self.out.skip.insert(k.start);
                continue;
            }
            seen.push(key);
            match shape.props.iter().find(|(name, ..)| *name == key) {
                // An empty required field is reported once, below, as empty.
                Some((_, _, true)) if v.is_null() => {
                    self.out.skip.insert(k.start);
                    usable = false;
                }
                Some(&(name, prop, required)) => {
                    let field = What {
                        def: what.def,
                        field: Some(name),
                        within: None,
                    };
                    if !self.node(v, prop, field) {
                        self.out.skip.insert(k.start);
                        usable &= !required;
                    }
                }
                None => match shape.extra {
                    // A map of names (`{alice: yes}`): each value has the same shape.
                    Some(extra) => {
                        let field = What {
                            def: what.def,
                            field: Some(key),
                            within: what.field,
                        };
                        if !self.node(v, extra, field) {
                            self.out.skip.insert(k.start);
                        }
                    }
                    None if shape.closed => {
                        self.unknown_field(k, key, id, &seen.to_vec(), what);
                        self.out.skip.insert(k.start);
                    }
                    None => {}
                },
            }
        }
        for &(r, _, required) in &shape.props {
            if !required {
                continue;
            }
            match entries.iter().find(|(k, _)| k.as_str() == Some(r)) {
                None => {
                    let d = Diagnostic::error(codes::MISSING_FIELD, format!("{what} has no `{r}`"));
                    let d = d.with_help(format!("add `{r}: …`"));
                    self.push_at(d, node.start, node.start + 1);
                    usable = false;
                }
                Some((k, v)) if v.as_str().is_some_and(|s| s.trim().is_empty()) || v.is_null() => {
                    let d = Diagnostic::error(
                        codes::MISSING_FIELD,
                        format!("`{r}` of {what} is empty"),
                    );
                    self.push(d, k);
                    usable = false;
                }
                Some(_) => {}
            }
        }
        // The catalog's reading never leaves a mapping out for this.
        usable || !self.lenient
    }

    /// Reports a key the closed mapping `id` does not define, with "did you
    /// mean" among the fields not written yet.
    fn unknown_field(&mut self, k: &Node<'_>, key: &str, id: usize, seen: &[&str], what: What<'_>) {
        let shape = &self.shapes[id];
        let mut d = Diagnostic::error(
            codes::UNKNOWN_FIELD,
            format!("unknown field `{key}` in {what}"),
        );
        let names: Vec<&str> = shape
            .props
            .iter()
            .map(|p| p.0)
            .filter(|n| !seen.contains(n))
            .collect();
        d = match did_you_mean(key, names.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "expected one of: {}",
                shape
                    .props
                    .iter()
                    .map(|p| format!("`{}`", p.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        self.push(d, k);
    }

    fn enumeration(&mut self, node: &Node<'_>, values: &[&'s str], what: What<'_>) -> bool {
        match node.as_str() {
            Some(text) if values.contains(&text) => true,
            _ => {
                let found = node
                    .as_str()
                    .map_or_else(|| node.kind().to_string(), |t| format!("`{t}`"));
                let mut d = Diagnostic::error(
                    codes::INVALID_VALUE,
                    format!("{found} is not a valid {}", what.field.unwrap_or(what.def)),
                );
                d = match node
                    .as_str()
                    .and_then(|t| did_you_mean(t, values.iter().copied()))
                {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "expected one of: {}",
                        values
                            .iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                self.push(d, node);
                false
            }
        }
    }

    fn wrong_kind(&mut self, node: &Node<'_>, expected: &str, what: What<'_>) {
        let d = Diagnostic::error(
            codes::WRONG_TYPE,
            format!("expected {expected} for {what}, found {}", node.kind()),
        );
        self.push(d, node);
    }

    fn describe(&self, id: usize) -> String {
        let shape = &self.shapes[id];
        if let Some(name) = shape.name {
            return format!(
                "{} {}",
                if starts_with_vowel(name) { "an" } else { "a" },
                name
            );
        }
        shape
            .kinds
            .iter()
            .map(|k| kind_word(k).to_string())
            .collect::<Vec<_>>()
            .join(" or ")
    }

    fn push(&mut self, d: Diagnostic, node: &Node<'_>) {
        self.push_at(d, node.start, node.end);
    }

    fn push_at(&mut self, d: Diagnostic, start: usize, end: usize) {
        self.out
            .diagnostics
            .push(d.at(self.source, start..end.max(start + 1)));
    }
}

/// The keys of a mapping read so far. A catalog has tens of thousands of
/// small mappings: their keys stay on the stack; only a large mapping (a map
/// of names) takes the heap for the keys past the sixteenth.
struct Seen<'k> {
    first: [&'k str; 16],
    len: usize,
    more: Vec<&'k str>,
}

impl<'k> Seen<'k> {
    fn new() -> Seen<'k> {
        Seen {
            first: [""; 16],
            len: 0,
            more: Vec::new(),
        }
    }

    fn contains(&self, key: &&str) -> bool {
        self.first[..self.len.min(16)].contains(key) || self.more.contains(key)
    }

    fn push(&mut self, key: &'k str) {
        match self.first.get_mut(self.len) {
            Some(slot) => *slot = key,
            None => self.more.push(key),
        }
        self.len += 1;
    }

    fn to_vec(&self) -> Vec<&'k str> {
        let mut all = self.first[..self.len.min(16)].to_vec();
        all.extend(&self.more);
        all
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
        format!(
            "{} {what}",
            if starts_with_vowel(what) { "an" } else { "a" }
        )
    }
}

/// What a node is, for messages: a definition (`Project`) or one of its fields.
#[derive(Clone, Copy)]
struct What<'s> {
    def: &'s str,
    field: Option<&'s str>,
    /// The field holding a map of names that `field` is one of (`votes`).
    within: Option<&'s str>,
}

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.field, self.within) {
            (Some(field), Some(within)) => {
                write!(f, "`{field}` in `{within}` of {}", article(self.def))
            }
            (Some(field), None) => write!(f, "`{field}` of {}", article(self.def)),
            (None, _) => f.write_str(&article(self.def)),
        }
    }
}
