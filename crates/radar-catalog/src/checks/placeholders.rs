//! Placeholders a hand-kept list leaves for later (`??`, `TODO`, `TBD`), in any
//! value of the file — W101. Each points at the placeholder itself, even inside
//! a multi-line text.

use super::Context;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::yaml::{Node, Value};

pub fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    visit(cx, cx.tree, "", out);
}

/// Visits every scalar value with the key it belongs to (no path strings:
/// this runs over every node of large catalogs).
fn visit(cx: &Context<'_, '_>, node: &Node<'_>, field: &str, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::Scalar { text, .. } => {
            if field.is_empty() {
                return;
            }
            let Some(found) = find(text) else { return };
            // Point at the placeholder in the source when it appears there verbatim.
            let raw = cx.source.text.get(node.start..node.end).unwrap_or("");
            let at = raw.find(found).map_or(node.start..node.end, |i| {
                node.start + i..node.start + i + found.len()
            });
            let d = Diagnostic::warning(
                codes::PLACEHOLDER,
                format!("placeholder `{found}` in `{field}`"),
            );
            let help = match field {
                "level" | "version" => "replace it with the real value, or `N/A` if none applies",
                _ => "replace it with the real text",
            };
            out.push(d.at(cx.source, at).with_help(help));
        }
        Value::Seq(items) => items.iter().for_each(|n| visit(cx, n, field, out)),
        Value::Map(entries) => entries
            .iter()
            .for_each(|(k, v)| visit(cx, v, k.as_str().unwrap_or(""), out)),
    }
}

/// The first placeholder in a text: `??` (any run of two or more), `TODO`, `TBD`.
fn find(text: &str) -> Option<&str> {
    // Fast exit for the common case: no `?` and no upper-case `T`/`F`.
    memchr::memchr3(b'?', b'T', b'F', text.as_bytes())?;
    if let Some(i) = text.find("??") {
        let run = text[i..].chars().take_while(|&c| c == '?').count();
        return Some(&text[i..i + run]);
    }
    ["TODO", "TBD", "FIXME"]
        .into_iter()
        .find_map(|w| text.find(w).map(|i| &text[i..i + w.len()]))
}

#[cfg(test)]
mod tests {
    use crate::checks::diagnostics_for;

    #[test]
    fn placeholders_point_at_themselves() {
        let d = diagnostics_for(
            "intro: |\n  Kept by the team\n  (TODO: how to contact).\nareas:\n- name: A\n  projects:\n  - name: P\n    state: {body: Moby, level: ??}\n",
        );
        let w: Vec<_> = d.iter().filter(|d| d.code == "W101").collect();
        assert_eq!(w.len(), 2, "{d:?}");
        assert_eq!((w[0].line, w[0].col), (3, 4));
        assert_eq!(w[1].line, 8);
        assert!(w[1].message.contains("`??` in `level`"), "{}", w[1].message);
    }
}
