//! Project ids: unique within the catalog (C005) and usable in URLs (C008).

use std::collections::HashMap;

use super::Context;
use crate::codes;
use crate::diagnostic::Diagnostic;

pub fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    // Id → (where it was first defined, that project's name); the line is
    // worked out only for a duplicate.
    let mut first: HashMap<String, (Option<usize>, &str)> = HashMap::new();
    for (a, area) in cx.catalog.areas.iter().enumerate() {
        for (p, project) in area.projects.iter().enumerate() {
            let node = cx.project(a, p);
            if let Some(id) = &project.id
                && (id.is_empty()
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c)))
            {
                let d = Diagnostic::error(
                    codes::INVALID_VALUE,
                    format!("id `{id}` is not usable in a URL"),
                );
                let d = d.with_help(format!(
                    "use lower-case letters, digits and dashes, e.g. `{}`",
                    crate::model::slug(id)
                ));
                out.push(cx.place(d, node.and_then(|n| n.get("id"))));
            }
            let id = project.id().into_owned();
            if id.is_empty() {
                continue; // a missing name is reported by the schema check
            }
            let here = node.and_then(|n| n.get("name")).or(node);
            match first.get(&id) {
                Some(&(first_at, first_name)) => {
                    let first_line = first_at.map_or(0, |at| cx.source.line_col(at).0);
                    let d = Diagnostic::error(
                        codes::DUPLICATE_PROJECT,
                        format!(
                            "project `{}` has the same id `{id}` as `{first_name}`",
                            project.name
                        ),
                    );
                    let d = d.with_help(format!(
                        "first defined at line {first_line}; remove one or give it a distinct `id`"
                    ));
                    out.push(cx.place(d, here));
                }
                None => {
                    first.insert(id, (here.map(|n| n.start), &project.name));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::diagnostics_for;

    #[test]
    fn duplicate_ids_are_errors() {
        let d = diagnostics_for(
            "areas:\n- name: A\n  projects:\n  - name: Foo Bar\n  - name: foo bar\n  - name: X\n    id: Bad Id\n",
        );
        let dup: Vec<_> = d.iter().filter(|d| d.code == "C005").collect();
        assert_eq!(dup.len(), 1, "{d:?}");
        assert_eq!(dup[0].line, 5);
        assert!(dup[0].help.as_deref().unwrap().contains("line 4"));
        assert!(d.iter().any(|d| d.code == "C008" && d.line == 7), "{d:?}");
    }
}
