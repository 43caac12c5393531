//! Diagnostics: one problem in one input file, with a stable code, a severity,
//! `file:line:col`, the source line and optional help. Rendered for people
//! (annotate-snippets, as rustc and cargo do) and as JSON for machines.
//!
//! This module knows nothing of the catalog model, so any crate that checks a
//! file (the governance records, the maturity models) reports in the same form.

use std::fmt::Write as _;

use radar_text::LineIndex;
use serde::Serialize;

/// How bad a problem is. Errors make `radar check` exit 1; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input works but is probably not what was meant.
    Warning,
}

/// A stable diagnostic code: a short id (`C002`) and a name (`unknown-field`).
/// Both are part of the interface: scripts may match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    /// Short id, e.g. `C002`.
    pub id: &'static str,
    /// Readable name, e.g. `unknown-field`.
    pub name: &'static str,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Short stable id (`C002`).
    pub code: &'static str,
    /// Readable stable name (`unknown-field`).
    pub name: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user named it.
    pub file: String,
    /// 1-based line; 0 when the problem has no place in the file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    /// Length in characters of the highlighted text on that line (at least 1).
    #[serde(skip)]
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// The source line the problem is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// What to do about it (`did you mean `graduated`?`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no place yet (use [`Diagnostic::at`]).
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: code.id,
            name: code.name,
            severity,
            file: String::new(),
            line: 0,
            col: 0,
            len: 1,
            message: message.into(),
            snippet: None,
            help: None,
        }
    }

    /// An error.
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, message)
    }

    /// A warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, message)
    }

    /// Places the diagnostic at a byte range of a source file, filling file,
    /// line, column, length and the snippet.
    pub fn at(mut self, source: &SourceFile, bytes: std::ops::Range<usize>) -> Diagnostic {
        let (line, _) = source.line_col(bytes.start);
        let text = source.line_text(line);
        // A place inside the line break (the `\n` of `\r\n`, or past the end
        // of the file) is shown at the end of the line's text; the highlight
        // stays on the line and is at least one character.
        let line_end = source.line_start(line) + text.len();
        let start = radar_text::floor_char_boundary(&source.text, bytes.start.min(line_end));
        let end = radar_text::floor_char_boundary(&source.text, bytes.end.min(line_end));
        self.file = source.name.clone();
        self.line = line;
        self.col = source.line_col(start).1;
        self.len = source.text[start..end.max(start)].chars().count().max(1);
        self.snippet = Some(text.to_string());
        self
    }

    /// Places the diagnostic at a 1-based line and column of a source file.
    pub fn at_line_col(
        self,
        source: &SourceFile,
        line: usize,
        col: usize,
        len: usize,
    ) -> Diagnostic {
        let start = source.offset(line, col);
        self.at(source, start..start + len.max(1))
    }

    /// Names the file only (for problems with no place in it).
    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = file.into();
        self
    }

    /// Adds help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A named source text with a line index, so places can be computed. Lines
/// end at `\n`, `\r\n` or a lone `\r`, as the YAML and Markdown parsers
/// count them ([`radar_text::LineIndex`]).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (the path as given, or `<built-in>`).
    pub name: String,
    /// The text.
    pub text: String,
    lines: LineIndex,
}

impl SourceFile {
    /// Indexes a text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let lines = LineIndex::new(&text);
        SourceFile {
            name: name.into(),
            text,
            lines,
        }
    }

    /// 1-based line and 1-based character column of a byte offset (clamped).
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, byte)
    }

    /// Byte offset of a 1-based line and 1-based character column (clamped
    /// to the text of that line).
    pub fn offset(&self, line: usize, col: usize) -> usize {
        self.lines.offset(&self.text, line, col)
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.lines.line_start(line)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        self.lines.line_text(&self.text, line)
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.lines.line_count()
    }
}

/// How to print diagnostics for people.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanStyle {
    /// ANSI colours.
    pub color: bool,
}

/// Replaces control characters (terminal escape sequences in a hostile file)
/// by U+FFFD, one for one, so columns stay right.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\t') {
        text.chars()
            .map(|c| {
                if c.is_control() && c != '\t' {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Renders diagnostics as rustc does: header with code, `--> file:line:col`,
/// the source line with a caret, then help. Ends with a summary line. Text
/// from the input is shown with control characters replaced.
pub fn render_human(diagnostics: &[Diagnostic], style: HumanStyle) -> String {
    let clean: Vec<Diagnostic> = diagnostics
        .iter()
        .map(|d| Diagnostic {
            file: printable(&d.file).into_owned(),
            message: printable(&d.message).into_owned(),
            snippet: d.snippet.as_deref().map(|s| printable(s).into_owned()),
            help: d.help.as_deref().map(|s| printable(s).into_owned()),
            ..d.clone()
        })
        .collect();
    let diagnostics = &clean[..];
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let id = format!("{}/{}", d.code, d.name);
        let title = level.primary_title(d.message.as_str()).id(id);
        let mut groups = Vec::new();
        match &d.snippet {
            Some(line) if d.line > 0 => {
                let start: usize = line
                    .chars()
                    .take(d.col.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                let end: usize = start
                    + line[start.min(line.len())..]
                        .chars()
                        .take(d.len)
                        .map(char::len_utf8)
                        .sum::<usize>();
                let snippet = Snippet::source(line.as_str())
                    .line_start(d.line)
                    .path(d.file.as_str())
                    .annotation(
                        AnnotationKind::Primary.span(start.min(line.len())..end.min(line.len())),
                    );
                groups.push(title.element(snippet));
            }
            _ => {
                let origin = if d.file.is_empty() {
                    String::new()
                } else {
                    format!(" --> {}", d.file)
                };
                groups.push(title.element(Level::NOTE.message(origin.trim().to_string())));
            }
        }
        if let Some(help) = &d.help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let _ = writeln!(
        out,
        "{errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    );
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One line per diagnostic, as compilers print for editors: `file:line:col: severity[code]: message`.
pub fn render_short(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(
            out,
            "{}:{}:{}: {sev}[{}]: {}",
            printable(&d.file),
            d.line,
            d.col,
            d.code,
            printable(&d.message)
        );
        if let Some(help) = &d.help {
            let _ = write!(out, " ({})", printable(help));
        }
        out.push('\n');
    }
    out
}

/// Renders diagnostics as a JSON document: `{"diagnostics": [...], "errors": N, "warnings": N}`.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let doc = serde_json::json!({
        "diagnostics": diagnostics,
        "errors": errors,
        "warnings": diagnostics.len() - errors,
    });
    serde_json::to_string_pretty(&doc).expect("diagnostics serialise")
}

/// Sorts diagnostics by file and place (stable for equal places).
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: Code = Code {
        id: "X001",
        name: "example",
    };

    #[test]
    fn places_and_renders() {
        let src = SourceFile::new("f.yaml", "a: 1\nbé: slak\n");
        let start = src.text.find("slak").unwrap();
        let d = Diagnostic::error(C, "bad value")
            .at(&src, start..start + 4)
            .with_help("did you mean `slack`?");
        assert_eq!((d.line, d.col, d.len), (2, 5, 4));
        assert_eq!(d.snippet.as_deref(), Some("bé: slak"));
        let human = render_human(std::slice::from_ref(&d), HumanStyle::default());
        assert!(human.contains("error[X001/example]: bad value"), "{human}");
        assert!(human.contains("f.yaml:2:5"), "{human}");
        assert!(human.contains("^^^^"), "{human}");
        assert!(human.contains("did you mean `slack`?"), "{human}");
        assert!(human.ends_with("1 error, 0 warnings\n"), "{human}");
        let json: serde_json::Value = serde_json::from_str(&render_json(&[d])).unwrap();
        assert_eq!(json["diagnostics"][0]["line"], 2);
        assert_eq!(json["diagnostics"][0]["severity"], "error");
        assert_eq!(json["errors"], 1);
        assert_eq!(src.offset(2, 5), start);
    }

    #[test]
    fn terminal_escapes_are_not_printed() {
        let src = SourceFile::new("f.yaml", "name: \u{1b}[31mred\n");
        let d = Diagnostic::warning(C, "value `\u{1b}[31mred`").at(&src, 6..10);
        for out in [
            render_human(std::slice::from_ref(&d), HumanStyle::default()),
            render_short(&[d]),
        ] {
            assert!(!out.contains('\u{1b}'), "{out:?}");
            assert!(out.contains("\u{FFFD}[31mred"), "{out:?}");
        }
    }
}
