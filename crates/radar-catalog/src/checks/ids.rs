//! Project ids and references: an id is unique among the projects the
//! catalog defines (C005) and usable in URLs (C008); `ref: ID` names a
//! project defined somewhere (C012); an area lists a project once (W106).
//! A project defined in one area and referenced in others is one project,
//! not a duplicate.

use std::collections::{HashMap, HashSet};

use super::Context;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::level::did_you_mean;
use crate::model::Listing;

pub fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    // Id → (where it was first defined, that project's name); the line is
    // worked out only for a duplicate.
    let mut first: HashMap<String, (Option<usize>, &str)> = HashMap::new();
    for (a, p, project) in cx.defined() {
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
                    "first defined at line {first_line}; remove one, give it a distinct `id`, or, to list the same project in this area too, write `- ref: {id}`"
                ));
                out.push(cx.place(d, here));
            }
            None => {
                first.insert(id, (here.map(|n| n.start), &project.name));
            }
        }
    }
    references(cx, &first, out);
}

/// Every `ref:` names a defined project, and no area lists a project twice.
fn references(
    cx: &Context<'_, '_>,
    defined: &HashMap<String, (Option<usize>, &str)>,
    out: &mut Vec<Diagnostic>,
) {
    for (a, area) in cx.catalog.areas.iter().enumerate() {
        // Only a reference can list a project twice in one area (a second
        // definition is a duplicate id, reported above).
        if !area.projects.iter().any(|l| matches!(l, Listing::Ref(_))) {
            continue;
        }
        let mut listed: HashSet<std::borrow::Cow<'_, str>> = HashSet::new();
        for (p, listing) in area.projects.iter().enumerate() {
            let node = cx.project(a, p);
            let id = listing.id();
            if let Listing::Ref(_) = listing
                && !defined.contains_key(id.as_ref())
            {
                let d = Diagnostic::error(
                    codes::UNKNOWN_REFERENCE,
                    format!("`ref: {id}` names no project of the catalog"),
                );
                let d = match did_you_mean(&id, defined.keys().map(String::as_str)) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(
                        "a reference lists a project defined in another area; write the id of that project (its `id`, else a slug of its name)",
                    ),
                };
                out.push(cx.place(d, node.and_then(|n| n.get("ref")).or(node)));
                continue;
            }
            if id.is_empty() {
                continue;
            }
            if !listed.insert(id.clone()) {
                let d = Diagnostic::warning(
                    codes::REPEATED_LISTING,
                    format!("area `{}` lists project `{id}` twice", area.name),
                );
                let at = node
                    .and_then(|n| n.get("ref").or_else(|| n.get("name")))
                    .or(node);
                out.push(cx.place(d.with_help("remove one of the two"), at));
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

    #[test]
    fn references_are_projects_not_duplicates() {
        let d = diagnostics_for(
            "areas:\n- name: A\n  projects:\n  - name: Foo\n- name: B\n  projects:\n  - ref: foo\n  - ref: fo\n  - ref: foo\n",
        );
        let codes: Vec<_> = d.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(codes, [("C012", 8), ("W106", 9)], "{d:?}");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `foo`?"));
        // The same project defined twice is still a duplicate.
        let d = diagnostics_for(
            "areas:\n- name: A\n  projects:\n  - name: Foo\n- name: B\n  projects:\n  - name: Foo\n",
        );
        assert!(
            d.iter()
                .any(|d| d.code == "C005" && d.help.as_deref().unwrap().contains("- ref: foo")),
            "{d:?}"
        );
    }
}
