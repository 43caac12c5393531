//! Reading model files: YAML → checked [`Model`]s, with every problem
//! reported at once, each at its file:line:col.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use radar_catalog::Level;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Criterion, CriterionKind, Model, ModelLevel, Tier, Weight};
use crate::expr::Expr;

/// Attestations older than a year are stale unless a model says otherwise.
const DEFAULT_STALE_AFTER_DAYS: u32 = 365;

/// A models file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read maturity models from {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Every problem found, each rendered with its location and a snippet.
    #[error("{rendered}")]
    Invalid {
        path: String,
        problems: Vec<Problem>,
        rendered: String,
    },
}

impl ModelError {
    pub fn problems(&self) -> &[Problem] {
        match self {
            ModelError::Invalid { problems, .. } => problems,
            ModelError::Read { .. } => &[],
        }
    }
}

/// One problem at a position (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

// ------------------------------------------------------------ file format

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    /// Use only the models of this file, not the built-in ones.
    #[serde(default)]
    replace_builtin: bool,
    models: Vec<ModelSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelSpec {
    id: Spanned<String>,
    name: String,
    source: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    bodies: Vec<String>,
    #[serde(default)]
    default: bool,
    #[serde(default)]
    stale_after_days: Option<u32>,
    levels: Vec<LevelSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelSpec {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    exit: bool,
    #[serde(default)]
    tier: Option<Spanned<Tier>>,
    #[serde(default)]
    claims: Vec<Spanned<Level>>,
    #[serde(default)]
    criteria: Vec<CriterionSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionSpec {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    check: Option<Spanned<String>>,
    #[serde(default)]
    manual: bool,
    /// For a manual criterion: a condition over the evidence that stands for
    /// it until someone attests it.
    #[serde(default)]
    proxy: Option<Spanned<String>>,
    /// Whether the proxy's "does not hold" fails the criterion (default) or
    /// only leaves it unknown.
    #[serde(default)]
    proxy_fails: Option<bool>,
    #[serde(default)]
    weight: Weight,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    stale_after_days: Option<u32>,
}

pub(super) struct File {
    pub replace_builtin: bool,
    pub models: Vec<Model>,
}

/// A file holding `models: [...]`.
pub(super) fn parse_file(text: &str, name: &str) -> Result<File, ModelError> {
    let spec: FileSpec = serde_saphyr::from_str(text).map_err(|e| yaml_error(&e, text, name))?;
    let mut cx = Checker {
        text,
        problems: Vec::new(),
    };
    let mut seen = HashSet::new();
    let mut models = Vec::new();
    for m in spec.models {
        if !seen.insert(m.id.value.clone()) {
            cx.at(
                &m.id.referenced,
                format!("model `{}` is defined twice in this file", m.id.value),
            );
        }
        models.push(cx.model(m, name));
    }
    cx.finish(name)?;
    Ok(File {
        replace_builtin: spec.replace_builtin,
        models,
    })
}

/// A file holding one model (the built-in files).
pub(super) fn parse_model(text: &str, name: &str, origin: &str) -> Result<Model, ModelError> {
    let spec: ModelSpec = serde_saphyr::from_str(text).map_err(|e| yaml_error(&e, text, name))?;
    let mut cx = Checker {
        text,
        problems: Vec::new(),
    };
    let model = cx.model(spec, origin);
    cx.finish(name)?;
    Ok(model)
}

fn yaml_error(e: &serde_saphyr::Error, text: &str, name: &str) -> ModelError {
    let (line, column) = e
        .location()
        .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    let message = e.without_snippet().to_string();
    // The plain message starts with its own position; ours is in the header.
    let message = strip_position(&message).to_owned();
    invalid(
        name,
        text,
        vec![Problem {
            line,
            column,
            message,
        }],
    )
}

fn strip_position(msg: &str) -> &str {
    let msg = msg.strip_prefix("error: ").unwrap_or(msg);
    // "line 4 column 12: invalid u32" or "unknown field … at line 6, column 5"
    if let Some(after) = msg.strip_prefix("line ")
        && let Some(i) = after.find(": ")
        && after[..i]
            .split(" column ")
            .all(|n| n.trim().parse::<u64>().is_ok())
    {
        return &after[i + 2..];
    }
    if let Some(i) = msg.rfind(" at line ")
        && msg[i + 9..]
            .split(", column ")
            .all(|n| n.trim().parse::<u64>().is_ok())
    {
        return &msg[..i];
    }
    msg
}

fn invalid(name: &str, text: &str, mut problems: Vec<Problem>) -> ModelError {
    problems.sort_by_key(|p| (p.line, p.column));
    let rendered = render(name, text, &problems);
    ModelError::Invalid {
        path: name.to_owned(),
        problems,
        rendered,
    }
}

/// A count, then for each problem `error: message`, `--> file:line:col` and
/// the line with a caret under the spot.
fn render(name: &str, text: &str, problems: &[Problem]) -> String {
    use annotate_snippets::{AnnotationKind, Level as Sev, Renderer, Snippet};
    let renderer = Renderer::plain();
    let mut out = format!(
        "{} problem{} in maturity models {name}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems {
        out.push('\n');
        let Some(span) = byte_span(text, p.line, p.column) else {
            out.push_str(&format!("error: {}\n  --> {name}\n", p.message));
            continue;
        };
        let report = [Sev::ERROR.primary_title(p.message.as_str()).element(
            Snippet::source(text)
                .path(name)
                .line_start(1)
                .annotation(AnnotationKind::Primary.span(span)),
        )];
        out.push_str(&renderer.render(&report));
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// The byte range of the token starting at (line, column), both 1-based.
fn byte_span(text: &str, line: usize, column: usize) -> Option<std::ops::Range<usize>> {
    if line == 0 || column == 0 {
        return None;
    }
    let start_of_line: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_text = text[start_of_line..].lines().next()?;
    let col_byte = line_text
        .char_indices()
        .nth(column - 1)
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    let len = line_text[col_byte..]
        .find(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == '}')
        .unwrap_or(line_text.len() - col_byte)
        .max(1);
    let start = start_of_line + col_byte;
    Some(
        start
            ..(start + len)
                .min(start_of_line + line_text.len())
                .max(start),
    )
}

// ------------------------------------------------------------ checks

struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at(&mut self, loc: &serde_saphyr::Location, message: String) {
        self.problems.push(Problem {
            line: loc.line() as usize,
            column: loc.column() as usize,
            message,
        });
    }

    fn finish(self, name: &str) -> Result<(), ModelError> {
        if self.problems.is_empty() {
            return Ok(());
        }
        Err(invalid(name, self.text, self.problems))
    }

    fn id(&mut self, id: &Spanned<String>, what: &str) {
        let ok = !id.value.is_empty()
            && id
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            self.at(
                &id.referenced,
                format!(
                    "{what} id `{}` must be lowercase letters, digits, `-` or `_`",
                    id.value
                ),
            );
        }
    }

    fn model(&mut self, spec: ModelSpec, origin: &str) -> Model {
        self.id(&spec.id, "model");
        if spec.levels.iter().all(|l| l.exit) {
            self.at(
                &spec.id.referenced,
                format!("model `{}` has no levels that are not exits", spec.id.value),
            );
        }
        let mut level_ids = HashSet::new();
        let mut criterion_ids = HashSet::new();
        let mut claimed: BTreeMap<String, String> = BTreeMap::new();
        let mut levels = Vec::new();
        for l in spec.levels {
            self.id(&l.id, "level");
            if !level_ids.insert(l.id.value.clone()) {
                self.at(
                    &l.id.referenced,
                    format!("level `{}` is defined twice", l.id.value),
                );
            }
            let tier = l.tier.as_ref().map(|t| t.value);
            match (&l.tier, l.exit) {
                (None, false) => self.at(
                    &l.id.referenced,
                    format!(
                        "level `{}` needs a `tier`: early, growing or mature",
                        l.id.value
                    ),
                ),
                (Some(t), false) if t.value == Tier::Retired => self.at(
                    &t.referenced,
                    "`retired` is for exits; add `exit: true` or choose early, growing or mature"
                        .into(),
                ),
                (Some(t), true) if t.value != Tier::Retired => self.at(
                    &t.referenced,
                    "an exit's tier can only be `retired` (or none)".into(),
                ),
                _ => {}
            }
            for c in &l.claims {
                let key = format!("{:?}", c.value);
                if let Some(other) = claimed.insert(key, l.id.value.clone()) {
                    self.at(
                        &c.referenced,
                        format!("this catalog level is already claimed by level `{other}`"),
                    );
                }
            }
            let mut criteria = Vec::new();
            for c in l.criteria {
                self.id(&c.id, "criterion");
                if !criterion_ids.insert(c.id.value.clone()) {
                    self.at(&c.id.referenced, format!("criterion `{}` is defined twice in this model (attestations name criteria by id)", c.id.value));
                }
                if let Some(k) = self.criterion_kind(&c) {
                    criteria.push(Criterion {
                        id: c.id.value,
                        title: c.title,
                        source: c.source,
                        weight: c.weight,
                        kind: k,
                        help: c.help,
                        stale_after_days: c.stale_after_days,
                    });
                }
            }
            levels.push(ModelLevel {
                id: l.id.value,
                name: l.name,
                source: l.source,
                summary: l.summary,
                exit: l.exit,
                tier,
                claims: l.claims.into_iter().map(|c| c.value).collect(),
                criteria,
            });
        }
        Model {
            id: spec.id.value,
            name: spec.name,
            source: spec.source,
            description: spec.description,
            bodies: spec.bodies,
            default: spec.default,
            stale_after_days: spec.stale_after_days.unwrap_or(DEFAULT_STALE_AFTER_DAYS),
            levels,
            origin: origin.to_owned(),
        }
    }

    fn criterion_kind(&mut self, c: &CriterionSpec) -> Option<CriterionKind> {
        if (c.proxy.is_some() || c.proxy_fails.is_some()) && !c.manual {
            self.at(&c.id.referenced, format!("criterion `{}` has a `proxy` but is not `manual: true`; a proxy stands in for a manual criterion (use `check:` for an automatic one)", c.id.value));
            return None;
        }
        match (&c.check, c.manual) {
            (Some(_), true) => {
                self.at(&c.id.referenced, format!("criterion `{}` has both `check` and `manual: true`; an automatic criterion can be attested anyway (a manual one can have a `proxy`)", c.id.value));
                None
            }
            (None, false) => {
                self.at(&c.id.referenced, format!("criterion `{}` needs `check:` (a condition over the evidence) or `manual: true`", c.id.value));
                None
            }
            (None, true) => match &c.proxy {
                None => Some(CriterionKind::Manual),
                Some(proxy) => self
                    .expression(proxy, "proxy")
                    .map(|expr| CriterionKind::Proxy {
                        proxy: expr,
                        fails: c.proxy_fails.unwrap_or(true),
                    }),
            },
            (Some(check), false) => self
                .expression(check, "check")
                .map(CriterionKind::Automatic),
        }
    }

    /// Parses a condition (`check` or `proxy`) and checks the first name of
    /// every path it reads.
    fn expression(&mut self, check: &Spanned<String>, field: &str) -> Option<Expr> {
        let expr = match Expr::parse(&check.value) {
            Ok(e) => e,
            Err(e) => {
                let (line, column) = self.expr_position(check, e.offset);
                self.problems.push(Problem {
                    line,
                    column,
                    message: format!("in `{field}`: {}", e.message),
                });
                return None;
            }
        };
        let mut ok = true;
        for p in expr.paths() {
            let root = p.segments[0].as_str();
            if !crate::facts::ROOTS.contains(&root) {
                let hint =
                    radar_catalog::level::did_you_mean(root, crate::facts::ROOTS.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            format!(
                                "paths start with one of: {}",
                                crate::facts::ROOTS.join(", ")
                            )
                        });
                let (line, column) = self.expr_position(check, p.offset);
                self.problems.push(Problem {
                    line,
                    column,
                    message: format!("in `{field}`: unknown fact `{root}`; {hint}"),
                });
                ok = false;
            }
        }
        ok.then_some(expr)
    }

    /// The file position of byte `offset` of an expression: exact for one-line
    /// scalars (plain or quoted), the scalar's start otherwise.
    fn expr_position(&self, check: &Spanned<String>, offset: usize) -> (usize, usize) {
        let (line, column) = (
            check.referenced.line() as usize,
            check.referenced.column() as usize,
        );
        if check.value.contains('\n') {
            return (line, column);
        }
        let line_text = self.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let quoted = matches!(
            line_text.chars().nth(column.saturating_sub(1)),
            Some('"' | '\'')
        );
        let chars = check.value[..offset.min(check.value.len())].chars().count();
        (line, column + usize::from(quoted) + chars)
    }
}
