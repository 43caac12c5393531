//! The expression form of automatic criteria: a condition over JSON paths of
//! the facts (the Evidence JSON plus the facts Radar derives from it).
//!
//! ```text
//! condition  := or
//! or         := and  (("or"  | "||") and)*
//! and        := not  (("and" | "&&") not)*
//! not        := ("not" | "!") not | compare
//! compare    := value (("==" | "!=" | "<" | "<=" | ">" | ">=") value
//!                     | "in" "[" literal ("," literal)* "]")?
//! value      := literal | path | function "(" path ")" | "(" condition ")"
//! literal    := number | "string" | 'string' | true | false | null
//! path       := name ("." segment | "[" digits "]")*      e.g. checks.maintainers.value
//! function   := exists | len | days_since
//! ```
//!
//! Evaluation is three-valued. A path that the facts do not contain (a check
//! that was not run, a GitHub figure without a GitHub source) or that holds
//! `null` is *unknown*, and so is every comparison that reads it: missing data
//! never makes a criterion fail. `and` is false as soon as one side is false,
//! `or` true as soon as one side is true, otherwise unknown wins over the rest
//! (Kleene logic). `exists(p)` is never unknown: it says whether `p` holds a
//! value. `len(p)` counts an array, object or string; `days_since(p)` reads an
//! RFC 3339 timestamp and gives whole days until the facts' as-of date.
//!
//! Mistakes that can be seen without data (syntax, unknown functions, a
//! number compared with a string, a bare number used as a condition) are
//! errors when the model is loaded, each with its offset in the expression.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

/// A parsed condition.
#[derive(Debug, Clone)]
pub struct Expr {
    source: String,
    root: Node,
    paths: Vec<PathRef>,
}

/// A JSON path as written in an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRef {
    /// As written, `checks.maintainers.value`.
    pub text: String,
    /// Byte offset in the expression, for error messages.
    pub offset: usize,
    /// Object keys or array indices, in order.
    pub segments: Vec<String>,
}

/// A syntax or type error, at a byte offset of the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset + 1)
    }
}

impl std::error::Error for ExprError {}

/// Where paths are looked up.
pub trait Facts {
    /// The value at `segments`, or `None` when the facts do not contain it.
    fn lookup(&self, segments: &[String]) -> Option<&Value>;
    /// The date the facts describe; `days_since` counts up to it.
    fn as_of(&self) -> jiff::Timestamp;
}

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

/// The result of evaluating a condition, with what it read.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub truth: Truth,
    /// Each path or function read, with its value (`None` when not measured).
    pub reads: Vec<(String, Option<String>)>,
    /// Type problems met at run time (they make the result unknown).
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Num(f64),
    Str(String),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn text(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    Exists,
    Len,
    DaysSince,
}

const FUNCTIONS: &[(&str, Func)] = &[
    ("exists", Func::Exists),
    ("len", Func::Len),
    ("days_since", Func::DaysSince),
];

#[derive(Debug, Clone)]
enum Node {
    /// A constant and its offset.
    Lit(Lit, usize),
    Path(usize),
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
    Cmp(CmpOp, Box<Node>, Box<Node>),
    In(Box<Node>, Vec<Lit>),
    Call(Func, usize),
}

/// What a node yields, as far as can be known before evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Bool,
    Num,
    Str,
    Null,
    /// A path: its type is only known from the data.
    Any,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Bool => "true/false",
            Ty::Num => "a number",
            Ty::Str => "a string",
            Ty::Null => "null",
            Ty::Any => "a value",
        }
    }
}

impl Expr {
    /// Parses and type-checks a condition.
    pub fn parse(source: &str) -> Result<Expr, ExprError> {
        let tokens = lex(source)?;
        let mut p = Parser {
            tokens,
            pos: 0,
            paths: Vec::new(),
            end: source.len(),
            depth: 0,
        };
        let root = p.condition()?;
        if let Some(tok) = p.peek() {
            return Err(ExprError {
                offset: tok.offset,
                message: format!(
                    "unexpected {} after the end of the condition",
                    tok.kind.describe()
                ),
            });
        }
        let ty = p.type_of(&root)?;
        expect_condition(ty, 0)?;
        Ok(Expr {
            source: source.to_owned(),
            root,
            paths: p.paths,
        })
    }

    /// The text the expression was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every path the expression reads, in order of appearance.
    pub fn paths(&self) -> &[PathRef] {
        &self.paths
    }

    /// Evaluates the condition against `facts`.
    pub fn evaluate(&self, facts: &dyn Facts) -> Evaluation {
        let mut ev = Eval {
            expr: self,
            facts,
            reads: Vec::new(),
            problems: Vec::new(),
        };
        let v = ev.value(&self.root);
        let truth = ev.truth(v, &self.root);
        Evaluation {
            truth,
            reads: ev.reads,
            problems: ev.problems,
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

fn expect_condition(ty: Ty, offset: usize) -> Result<(), ExprError> {
    match ty {
        Ty::Bool | Ty::Any => Ok(()),
        other => Err(ExprError {
            offset,
            message: format!(
                "expected a condition (true/false), found {}; compare it, e.g. `… >= 1`",
                other.name()
            ),
        }),
    }
}

// ---------------------------------------------------------------- lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    /// A dotted path or a keyword/function name (a one-segment path).
    Path(Vec<String>, String),
    Op(&'static str),
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Num(n) => format!("number `{n}`"),
            Tok::Str(s) => format!("string {s:?}"),
            Tok::Path(_, text) => format!("`{text}`"),
            Tok::Op(op) => format!("`{op}`"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    offset: usize,
}

const OPS: &[&str] = &[
    "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ",",
];

fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() || (c == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            i += 1;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let text = &src[start..i];
            let n: f64 = text.parse().map_err(|_| ExprError {
                offset: start,
                message: format!("`{text}` is not a number"),
            })?;
            out.push(Token {
                kind: Tok::Num(n),
                offset: start,
            });
            continue;
        }
        if c == b'"' || c == b'\'' {
            let mut s = String::new();
            i += 1;
            loop {
                let Some(ch) = src[i..].chars().next() else {
                    return Err(ExprError {
                        offset: start,
                        message: "unterminated string".into(),
                    });
                };
                i += ch.len_utf8();
                if ch as u32 == u32::from(c) {
                    break;
                }
                if ch == '\\' {
                    let Some(esc) = src[i..].chars().next() else {
                        return Err(ExprError {
                            offset: start,
                            message: "unterminated string".into(),
                        });
                    };
                    i += esc.len_utf8();
                    s.push(esc);
                } else {
                    s.push(ch);
                }
            }
            out.push(Token {
                kind: Tok::Str(s),
                offset: start,
            });
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let mut segments = Vec::new();
            let mut seg_start = i;
            loop {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'-')
                {
                    i += 1;
                }
                if i == seg_start {
                    return Err(ExprError {
                        offset: i,
                        message: format!("expected a name after `.` in `{}`", &src[start..i]),
                    });
                }
                segments.push(src[seg_start..i].to_owned());
                if bytes.get(i) == Some(&b'.') {
                    i += 1;
                    seg_start = i;
                } else if bytes.get(i) == Some(&b'[')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                {
                    let open = i;
                    i += 1;
                    let d = i;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    if bytes.get(i) != Some(&b']') {
                        return Err(ExprError {
                            offset: open,
                            message: "expected `]` after an index".into(),
                        });
                    }
                    segments.push(src[d..i].to_owned());
                    i += 1;
                    if bytes.get(i) == Some(&b'.') {
                        i += 1;
                        seg_start = i;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Token {
                kind: Tok::Path(segments, src[start..i].to_owned()),
                offset: start,
            });
            continue;
        }
        if let Some(op) = OPS.iter().find(|op| src[i..].starts_with(**op)) {
            out.push(Token {
                kind: Tok::Op(op),
                offset: start,
            });
            i += op.len();
            continue;
        }
        if c == b'=' {
            return Err(ExprError {
                offset: start,
                message: "`=` is not an operator; write `==` to compare".into(),
            });
        }
        let ch = src[i..].chars().next().unwrap_or('?');
        return Err(ExprError {
            offset: start,
            message: format!("unexpected character `{ch}`"),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------- parser

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    paths: Vec<PathRef>,
    end: usize,
    /// How many `not`s and parentheses enclose the current token.
    depth: usize,
}

/// Most `not`s and parentheses one expression may nest. Parsing, type
/// checking and evaluation all recurse on the tree; a models file with
/// `((((…` thousands deep overflowed the stack. Real conditions nest two or
/// three levels; 64 is far above that and far below the stack's limit, even
/// on a 2 MiB thread in an unoptimised build.
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn offset(&self) -> usize {
        self.peek().map_or(self.end, |t| t.offset)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Token { kind: Tok::Op(o), .. }) if *o == op) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token { kind: Tok::Path(segs, _), .. }) if segs.len() == 1 && segs[0] == word)
        {
            self.pos += 1;
            return true;
        }
        false
    }

    fn condition(&mut self) -> Result<Node, ExprError> {
        let mut items = vec![self.and()?];
        while self.eat_word("or") || self.eat_op("||") {
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn and(&mut self) -> Result<Node, ExprError> {
        let mut items = vec![self.not()?];
        while self.eat_word("and") || self.eat_op("&&") {
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }

    fn not(&mut self) -> Result<Node, ExprError> {
        let at = self.offset();
        if self.eat_word("not") || self.eat_op("!") {
            let inner = self.nested(at, Self::not)?;
            return Ok(Node::Not(Box::new(inner)));
        }
        self.compare()
    }

    /// Parses with `parse` one level deeper (a `not` or a parenthesis at
    /// `at`), or fails beyond [`MAX_DEPTH`].
    fn nested(
        &mut self,
        at: usize,
        parse: fn(&mut Self) -> Result<Node, ExprError>,
    ) -> Result<Node, ExprError> {
        if self.depth >= MAX_DEPTH {
            return Err(ExprError {
                offset: at,
                message: format!("nested more than {MAX_DEPTH} levels deep"),
            });
        }
        self.depth += 1;
        let node = parse(self);
        self.depth -= 1;
        node
    }

    fn compare(&mut self) -> Result<Node, ExprError> {
        let lhs = self.value()?;
        const CMPS: &[(&str, CmpOp)] = &[
            ("==", CmpOp::Eq),
            ("!=", CmpOp::Ne),
            ("<=", CmpOp::Le),
            (">=", CmpOp::Ge),
            ("<", CmpOp::Lt),
            (">", CmpOp::Gt),
        ];
        for (text, op) in CMPS {
            if self.eat_op(text) {
                let rhs = self.value()?;
                return Ok(Node::Cmp(*op, Box::new(lhs), Box::new(rhs)));
            }
        }
        if self.eat_word("in") {
            if !self.eat_op("[") {
                return Err(ExprError {
                    offset: self.offset(),
                    message: "expected `[` after `in`, e.g. `in [\"a\", \"b\"]`".into(),
                });
            }
            let mut list = Vec::new();
            loop {
                let at = self.offset();
                match self.value()? {
                    Node::Lit(l, _) => list.push(l),
                    _ => {
                        return Err(ExprError {
                            offset: at,
                            message: "a list after `in` holds only constants".into(),
                        });
                    }
                }
                if self.eat_op("]") {
                    break;
                }
                if !self.eat_op(",") {
                    return Err(ExprError {
                        offset: self.offset(),
                        message: "expected `,` or `]` in the list".into(),
                    });
                }
            }
            return Ok(Node::In(Box::new(lhs), list));
        }
        Ok(lhs)
    }

    fn value(&mut self) -> Result<Node, ExprError> {
        let Some(tok) = self.peek().cloned() else {
            return Err(ExprError {
                offset: self.end,
                message: "expected a value, found the end of the condition".into(),
            });
        };
        self.pos += 1;
        match tok.kind {
            Tok::Num(n) => Ok(Node::Lit(Lit::Num(n), tok.offset)),
            Tok::Str(s) => Ok(Node::Lit(Lit::Str(s), tok.offset)),
            Tok::Op("(") => {
                let inner = self.nested(tok.offset, Self::condition)?;
                if !self.eat_op(")") {
                    return Err(ExprError {
                        offset: self.offset(),
                        message: "expected `)`".into(),
                    });
                }
                Ok(inner)
            }
            Tok::Op(op) => Err(ExprError {
                offset: tok.offset,
                message: format!("expected a value, found `{op}`"),
            }),
            Tok::Path(segments, text) => {
                if segments.len() == 1 {
                    match segments[0].as_str() {
                        "true" => return Ok(Node::Lit(Lit::Bool(true), tok.offset)),
                        "false" => return Ok(Node::Lit(Lit::Bool(false), tok.offset)),
                        "null" => return Ok(Node::Lit(Lit::Null, tok.offset)),
                        "and" | "or" | "not" | "in" => {
                            return Err(ExprError {
                                offset: tok.offset,
                                message: format!("expected a value, found `{text}`"),
                            });
                        }
                        _ => {}
                    }
                }
                if self.eat_op("(") {
                    let Some((_, func)) = FUNCTIONS.iter().find(|(name, _)| *name == text) else {
                        let names: Vec<&str> = FUNCTIONS.iter().map(|(n, _)| *n).collect();
                        let hint = radar_catalog::level::did_you_mean(&text, names.iter().copied())
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_else(|| format!("; functions are {}", names.join(", ")));
                        return Err(ExprError {
                            offset: tok.offset,
                            message: format!("unknown function `{text}`{hint}"),
                        });
                    };
                    let at = self.offset();
                    let arg = match self.peek().cloned() {
                        Some(Token {
                            kind: Tok::Path(segs, ptext),
                            offset,
                        }) => {
                            self.pos += 1;
                            self.push_path(segs, ptext, offset)
                        }
                        _ => {
                            return Err(ExprError {
                                offset: at,
                                message: format!(
                                    "`{text}(…)` takes a path, e.g. `{text}(history.last_commit)`"
                                ),
                            });
                        }
                    };
                    if !self.eat_op(")") {
                        return Err(ExprError {
                            offset: self.offset(),
                            message: "expected `)`".into(),
                        });
                    }
                    return Ok(Node::Call(*func, arg));
                }
                Ok(Node::Path(self.push_path(segments, text, tok.offset)))
            }
        }
    }

    fn push_path(&mut self, segments: Vec<String>, text: String, offset: usize) -> usize {
        self.paths.push(PathRef {
            text,
            offset,
            segments,
        });
        self.paths.len() - 1
    }

    /// Static types, so that obvious mistakes fail at load time.
    fn type_of(&self, node: &Node) -> Result<Ty, ExprError> {
        Ok(match node {
            Node::Lit(Lit::Num(_), _) => Ty::Num,
            Node::Lit(Lit::Str(_), _) => Ty::Str,
            Node::Lit(Lit::Bool(_), _) => Ty::Bool,
            Node::Lit(Lit::Null, _) => Ty::Null,
            Node::Path(_) => Ty::Any,
            Node::Call(Func::Exists, _) => Ty::Bool,
            Node::Call(Func::Len | Func::DaysSince, _) => Ty::Num,
            Node::Not(inner) => {
                expect_condition(self.type_of(inner)?, self.node_offset(inner))?;
                Ty::Bool
            }
            Node::And(items) | Node::Or(items) => {
                for item in items {
                    expect_condition(self.type_of(item)?, self.node_offset(item))?;
                }
                Ty::Bool
            }
            Node::In(lhs, _) => {
                self.type_of(lhs)?;
                Ty::Bool
            }
            Node::Cmp(op, lhs, rhs) => {
                let (a, b) = (self.type_of(lhs)?, self.type_of(rhs)?);
                let at = self.node_offset(lhs);
                if matches!(**lhs, Node::Lit(..)) && matches!(**rhs, Node::Lit(..)) {
                    return Err(ExprError {
                        offset: at,
                        message: format!(
                            "`{}` compares two constants; one side should be a path",
                            op.text()
                        ),
                    });
                }
                let ordering = !matches!(op, CmpOp::Eq | CmpOp::Ne);
                for (ty, side) in [(a, &**lhs), (b, &**rhs)] {
                    if ordering && !matches!(ty, Ty::Num | Ty::Any) {
                        return Err(ExprError {
                            offset: self.node_offset(side),
                            message: format!(
                                "`{}` compares numbers, but this is {}",
                                op.text(),
                                ty.name()
                            ),
                        });
                    }
                }
                if !ordering
                    && a != Ty::Any
                    && b != Ty::Any
                    && a != b
                    && a != Ty::Null
                    && b != Ty::Null
                {
                    return Err(ExprError {
                        offset: at,
                        message: format!("`{}` compares {} with {}", op.text(), a.name(), b.name()),
                    });
                }
                Ty::Bool
            }
        })
    }

    fn node_offset(&self, node: &Node) -> usize {
        match node {
            Node::Path(i) | Node::Call(_, i) => self.paths[*i].offset,
            Node::Cmp(_, lhs, _) | Node::In(lhs, _) => self.node_offset(lhs),
            Node::Not(inner) => self.node_offset(inner).saturating_sub(1),
            Node::And(items) | Node::Or(items) => items.first().map_or(0, |n| self.node_offset(n)),
            Node::Lit(_, offset) => *offset,
        }
    }
}

// ---------------------------------------------------------------- evaluation

#[derive(Debug, Clone, PartialEq)]
enum V<'a> {
    Unknown,
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
    /// An object or an array: only `exists`, `len` and `== null` make sense.
    Composite,
}

struct Eval<'a> {
    expr: &'a Expr,
    facts: &'a dyn Facts,
    reads: Vec<(String, Option<String>)>,
    problems: Vec<String>,
}

fn from_json(v: &Value) -> V<'_> {
    match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Bool(*b),
        Value::Number(n) => n.as_f64().map_or(V::Unknown, V::Num),
        Value::String(s) => V::Str(Cow::Borrowed(s)),
        Value::Array(_) | Value::Object(_) => V::Composite,
    }
}

fn from_lit(l: &Lit) -> V<'_> {
    match l {
        Lit::Num(n) => V::Num(*n),
        Lit::Str(s) => V::Str(Cow::Borrowed(s)),
        Lit::Bool(b) => V::Bool(*b),
        Lit::Null => V::Null,
    }
}

fn render(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Array(a) => format!("[{} items]", a.len()),
        Value::Object(o) => format!("{{{} keys}}", o.len()),
        other => other.to_string(),
    }
}

impl<'a> Eval<'a> {
    fn record(&mut self, label: String, value: Option<String>) {
        if !self.reads.iter().any(|(l, _)| *l == label) {
            self.reads.push((label, value));
        }
    }

    fn path(&mut self, i: usize) -> Option<&'a Value> {
        let p = &self.expr.paths[i];
        let v = self.facts.lookup(&p.segments);
        self.record(p.text.clone(), v.map(render));
        v
    }

    fn value(&mut self, node: &'a Node) -> V<'a> {
        match node {
            Node::Lit(l, _) => from_lit(l),
            Node::Path(i) => self.path(*i).map_or(V::Unknown, from_json),
            Node::Call(func, i) => self.call(*func, *i),
            Node::Not(inner) => {
                let v = self.value(inner);
                match self.truth(v, inner) {
                    Truth::True => V::Bool(false),
                    Truth::False => V::Bool(true),
                    Truth::Unknown => V::Unknown,
                }
            }
            Node::And(items) => self.kleene(items, Truth::False),
            Node::Or(items) => self.kleene(items, Truth::True),
            Node::In(lhs, list) => match self.value(lhs) {
                V::Unknown | V::Null => V::Unknown,
                v => V::Bool(list.iter().any(|l| from_lit(l) == v)),
            },
            Node::Cmp(op, lhs, rhs) => {
                let (a, b) = (self.value(lhs), self.value(rhs));
                self.compare(*op, a, b)
            }
        }
    }

    /// `and` (dominant false) or `or` (dominant true): the dominant value
    /// decides, else unknown wins over the other value. Every item is
    /// evaluated, so the reads explain the whole condition.
    fn kleene(&mut self, items: &'a [Node], dominant: Truth) -> V<'a> {
        let other = if dominant == Truth::False {
            Truth::True
        } else {
            Truth::False
        };
        let mut acc = other;
        for item in items {
            let v = self.value(item);
            match self.truth(v, item) {
                t if t == dominant => acc = dominant,
                Truth::Unknown if acc == other => acc = Truth::Unknown,
                _ => {}
            }
        }
        truth_value(acc)
    }

    fn call(&mut self, func: Func, i: usize) -> V<'a> {
        let p = &self.expr.paths[i];
        let v = self.facts.lookup(&p.segments);
        let (label, out) = match func {
            Func::Exists => (
                format!("exists({})", p.text),
                V::Bool(v.is_some_and(|v| !v.is_null())),
            ),
            Func::Len => {
                let n = match v {
                    Some(Value::Array(a)) => V::Num(a.len() as f64),
                    Some(Value::Object(o)) => V::Num(o.len() as f64),
                    Some(Value::String(s)) => V::Num(s.chars().count() as f64),
                    Some(Value::Null) | None => V::Unknown,
                    Some(other) => {
                        self.problems.push(format!(
                            "len({}) needs a list, found {}",
                            p.text,
                            render(other)
                        ));
                        V::Unknown
                    }
                };
                (format!("len({})", p.text), n)
            }
            Func::DaysSince => {
                let n = match v {
                    Some(Value::String(s)) => match s.parse::<jiff::Timestamp>() {
                        Ok(t) => {
                            let secs = self.facts.as_of().as_second() - t.as_second();
                            V::Num(secs.div_euclid(86_400) as f64)
                        }
                        Err(_) => {
                            self.problems.push(format!(
                                "days_since({}) needs an RFC 3339 date, found {s:?}",
                                p.text
                            ));
                            V::Unknown
                        }
                    },
                    Some(Value::Null) | None => V::Unknown,
                    Some(other) => {
                        self.problems.push(format!(
                            "days_since({}) needs a date, found {}",
                            p.text,
                            render(other)
                        ));
                        V::Unknown
                    }
                };
                (format!("days_since({})", p.text), n)
            }
        };
        let shown = match &out {
            V::Num(n) => Some(n.to_string()),
            V::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        self.record(label, shown);
        out
    }

    fn compare(&mut self, op: CmpOp, a: V<'a>, b: V<'a>) -> V<'a> {
        use CmpOp::*;
        match (&a, &b) {
            (V::Unknown, _) | (_, V::Unknown) => V::Unknown,
            // A `null` figure is "not measured" unless the condition asks about null itself.
            (V::Null, V::Null) => V::Bool(matches!(op, Eq | Le | Ge)),
            (V::Null, _) | (_, V::Null) => match op {
                Eq | Ne if matches!(a, V::Composite) || matches!(b, V::Composite) => {
                    V::Bool(op == Ne)
                }
                _ => V::Unknown,
            },
            (V::Num(x), V::Num(y)) => V::Bool(match op {
                Eq => x == y,
                Ne => x != y,
                Lt => x < y,
                Le => x <= y,
                Gt => x > y,
                Ge => x >= y,
            }),
            (V::Str(x), V::Str(y)) if matches!(op, Eq | Ne) => V::Bool((x == y) == (op == Eq)),
            (V::Bool(x), V::Bool(y)) if matches!(op, Eq | Ne) => V::Bool((x == y) == (op == Eq)),
            _ => {
                self.problems.push(format!(
                    "`{}` cannot compare {} with {}",
                    op.text(),
                    describe(&a),
                    describe(&b)
                ));
                V::Unknown
            }
        }
    }

    fn truth(&mut self, v: V<'a>, node: &Node) -> Truth {
        match v {
            V::Bool(true) => Truth::True,
            V::Bool(false) => Truth::False,
            V::Unknown | V::Null => Truth::Unknown,
            other => {
                let what = match node {
                    Node::Path(i) => format!("`{}`", self.expr.paths[*i].text),
                    _ => "a value".into(),
                };
                self.problems
                    .push(format!("{what} is {}, not true/false", describe(&other)));
                Truth::Unknown
            }
        }
    }
}

fn truth_value(t: Truth) -> V<'static> {
    match t {
        Truth::True => V::Bool(true),
        Truth::False => V::Bool(false),
        Truth::Unknown => V::Unknown,
    }
}

fn describe(v: &V<'_>) -> String {
    match v {
        V::Unknown => "an unknown value".into(),
        V::Null => "null".into(),
        V::Bool(b) => format!("`{b}`"),
        V::Num(n) => format!("the number {n}"),
        V::Str(s) => format!("the string {s:?}"),
        V::Composite => "a list or object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct J(Value);
    impl Facts for J {
        fn lookup(&self, segments: &[String]) -> Option<&Value> {
            crate::facts::lookup(&self.0, segments)
        }
        fn as_of(&self) -> jiff::Timestamp {
            "2026-01-31T00:00:00Z".parse().unwrap()
        }
    }

    fn facts() -> J {
        J(json!({
            "checks": {
                "maintainers": {"passed": true, "value": 3},
                "code_of_conduct": {"passed": false},
                "license": {"passed": true, "value": "Apache-2.0"}
            },
            "history": {"active_quarters_4": 4, "last_commit": "2026-01-01T00:00:00Z", "monthly": [1, 2, 3]},
            "releases": {"latest": null, "semver_share": 0.75},
            "lifecycle": {"status": "active"}
        }))
    }

    fn eval(src: &str) -> Truth {
        Expr::parse(src)
            .unwrap_or_else(|e| panic!("{src}: {e}"))
            .evaluate(&facts())
            .truth
    }

    #[test]
    fn comparisons_and_booleans() {
        assert_eq!(eval("checks.maintainers.value >= 2"), Truth::True);
        assert_eq!(eval("checks.maintainers.value > 3"), Truth::False);
        assert_eq!(eval("releases.semver_share >= 0.5"), Truth::True);
        assert_eq!(eval("history.active_quarters_4 == 4"), Truth::True);
        assert_eq!(eval("checks.code_of_conduct.passed"), Truth::False);
        assert_eq!(eval("not checks.code_of_conduct.passed"), Truth::True);
        assert_eq!(
            eval("!checks.code_of_conduct.passed || checks.license.passed"),
            Truth::True
        );
        assert_eq!(eval("checks.license.value == \"Apache-2.0\""), Truth::True);
        assert_eq!(
            eval("lifecycle.status in ['archived', 'deprecated']"),
            Truth::False
        );
        assert_eq!(eval("lifecycle.status in ['active']"), Truth::True);
        assert_eq!(eval("releases.latest == null"), Truth::True);
        assert_eq!(eval("len(history.monthly) == 3"), Truth::True);
        assert_eq!(eval("days_since(history.last_commit) == 30"), Truth::True);
        assert_eq!(eval("history.monthly[2] == 3"), Truth::True);
        assert_eq!(
            eval("(checks.maintainers.value >= 2 and checks.license.passed) or false"),
            Truth::True
        );
    }

    #[test]
    fn missing_data_is_unknown_never_false() {
        assert_eq!(eval("github.open_issues >= 1"), Truth::Unknown);
        assert_eq!(eval("checks.fuzzing.passed"), Truth::Unknown);
        assert_eq!(eval("checks.code_of_conduct.value >= 1"), Truth::Unknown);
        assert_eq!(eval("not github.archived"), Truth::Unknown);
        assert_eq!(
            eval("days_since(releases.latest.date) < 365"),
            Truth::Unknown
        );
        // Kleene logic: a known false decides `and`, a known true decides `or`.
        assert_eq!(
            eval("github.archived and checks.code_of_conduct.passed"),
            Truth::False
        );
        assert_eq!(
            eval("github.archived or checks.license.passed"),
            Truth::True
        );
        assert_eq!(
            eval("github.archived and checks.license.passed"),
            Truth::Unknown
        );
        assert_eq!(eval("exists(github.archived)"), Truth::False);
        assert_eq!(eval("exists(checks.license)"), Truth::True);
        assert_eq!(eval("exists(releases.latest)"), Truth::False);
    }

    #[test]
    fn reads_explain_the_result() {
        let e = Expr::parse("checks.maintainers.value >= 2 and github.open_issues > 0")
            .unwrap()
            .evaluate(&facts());
        assert_eq!(
            e.reads,
            vec![
                ("checks.maintainers.value".into(), Some("3".into())),
                ("github.open_issues".into(), None)
            ]
        );
    }

    #[test]
    fn runtime_type_problems_are_unknown_with_a_note() {
        let e = Expr::parse("checks.license.value >= 2")
            .unwrap()
            .evaluate(&facts());
        assert_eq!(e.truth, Truth::Unknown);
        assert!(e.problems[0].contains("cannot compare"), "{:?}", e.problems);
        let e = Expr::parse("checks.maintainers.value")
            .unwrap()
            .evaluate(&facts());
        assert_eq!(e.truth, Truth::Unknown);
        assert!(e.problems[0].contains("not true/false"), "{:?}", e.problems);
    }

    fn err(src: &str) -> ExprError {
        match Expr::parse(src) {
            Ok(_) => panic!("{src} parsed"),
            Err(e) => e,
        }
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = err("checks.maintainers.value = 2");
        assert_eq!(e.offset, 25);
        assert!(e.message.contains("=="), "{e}");
        assert_eq!(
            err("history.commits >=").message,
            "expected a value, found the end of the condition"
        );
        assert_eq!(err("(history.commits > 1").message, "expected `)`");
        let e = err("lenn(history.monthly) > 1");
        assert!(e.message.contains("did you mean `len`"), "{e}");
        let e = err("history.commits >= \"many\"");
        assert_eq!(e.offset, 19);
        assert!(e.message.contains("compares numbers"), "{e}");
        assert!(
            err("lifecycle.status == 3 and 1")
                .message
                .contains("expected a condition")
        );
        assert!(
            err("len(history.monthly)")
                .message
                .contains("expected a condition")
        );
        assert!(err("1 == 1").message.contains("two constants"));
        assert!(err("\"x").message.contains("unterminated"));
        assert!(
            err("history.commits > 1 history")
                .message
                .contains("unexpected `history`")
        );
        assert!(err("a in ['x', b]").message.contains("only constants"));
        assert!(err("history. > 1").message.contains("expected a name"));
        assert!(
            err("a == 'x' #")
                .message
                .contains("unexpected character `#`")
        );
        assert!(err("true == 3").message.contains("two constants"));
    }
}
