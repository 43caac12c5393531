//! The catalog as CSV (RFC 4180): one row per project (a project listed in
//! several areas is one row: `area` is where it is defined, `also_in` the
//! others). List cells hold items separated by newlines, each `label <url>`.

use crate::model::Catalog;

/// The header row.
pub const COLUMNS: [&str; 16] = [
    "area",
    "id",
    "name",
    "link",
    "repo",
    "artifacts",
    "goal",
    "body",
    "level",
    "level_text",
    "apis",
    "channels",
    "platform_use",
    "also_in",
    "path",
    "additional_repos",
];

/// Appends one field, quoted when RFC 4180 needs it. A cell that a spreadsheet
/// would take for a formula (`=`, `+`, `-`, `@`) is quoted and prefixed with
/// `'`: catalog and repository text must never run as a formula.
fn field(out: &mut String, value: &str) {
    let formula = value.starts_with(['=', '+', '-', '@']);
    if formula || value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// Appends one CSV record ending in CRLF. Every CSV Radar writes (catalog,
/// report, web export) goes through here, so quoting and formula safety are
/// the same everywhere.
pub fn push_row<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

fn item(label: &str, url: Option<&str>) -> String {
    url.map_or_else(|| label.to_string(), |u| format!("{label} <{u}>"))
}

/// Renders the catalog as CSV with a header row; lines end with CRLF as RFC 4180 says.
pub fn render(c: &Catalog) -> String {
    let mut out = String::new();
    push_row(&mut out, &COLUMNS);
    let mut row = |cells: &[String]| push_row(&mut out, cells);
    // The other areas each project is listed in (by reference).
    let mut also: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for area in &c.areas {
        for id in area
            .projects
            .iter()
            .filter_map(crate::model::Listing::reference)
        {
            also.entry(id).or_default().push(&area.name);
        }
    }
    for (area, p) in c.projects() {
        let state = p.state.as_ref();
        let also_in = also
            .get(p.id().as_ref())
            .map_or(String::new(), |a| a.join("\n"));
        row(&[
            area.name.clone(),
            p.id().into_owned(),
            p.name.clone(),
            p.link.clone().unwrap_or_default(),
            p.repo.clone().unwrap_or_default(),
            p.artifacts
                .iter()
                .map(|a| item(&a.label, a.url.as_deref()))
                .collect::<Vec<_>>()
                .join("\n"),
            p.goal.clone().unwrap_or_default(),
            state.and_then(|s| s.body.clone()).unwrap_or_default(),
            state
                .map(|s| s.level.as_str().to_string())
                .unwrap_or_default(),
            state.and_then(|s| s.text.clone()).unwrap_or_default(),
            p.apis
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            p.channels
                .iter()
                .map(|ch| item(&ch.label, ch.url.as_deref()))
                .collect::<Vec<_>>()
                .join("\n"),
            p.platform_use
                .iter()
                .map(|l| item(&l.label, l.url.as_deref()))
                .collect::<Vec<_>>()
                .join("\n"),
            also_in,
            p.path.clone().unwrap_or_default(),
            p.repositories()
                .filter(|r| !r.primary)
                .map(|r| match (r.path, r.role) {
                    (None, None) => r.url.to_string(),
                    (path, role) => {
                        let mut s = r.url.to_string();
                        if let Some(path) = path {
                            s.push_str(&format!(" path={path}"));
                        }
                        if let Some(role) = role {
                            s.push_str(&format!(" role={}", role.as_str()));
                        }
                        s
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Area, Project};

    #[test]
    fn quotes_what_needs_quoting() {
        let c = Catalog {
            areas: vec![Area {
                name: "A, B".into(),
                projects: vec![
                    Project {
                        name: "say \"hi\"".into(),
                        ..Default::default()
                    }
                    .into(),
                ],
            }],
            ..Default::default()
        };
        let csv = render(&c);
        let line = csv.lines().nth(1).unwrap();
        assert!(
            line.starts_with("\"A, B\",say-hi,\"say \"\"hi\"\"\","),
            "{line}"
        );
    }

    fn f(s: &str) -> String {
        let mut out = String::new();
        field(&mut out, s);
        out
    }

    #[test]
    fn quoting_and_formulas() {
        assert_eq!(f("plain"), "plain");
        assert_eq!(f("a,b"), "\"a,b\"");
        assert_eq!(f("say \"hi\"\nthere"), "\"say \"\"hi\"\"\nthere\"");
        assert_eq!(f("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(f("-1"), "\"'-1\"");
        assert_eq!(f("@cmd"), "\"'@cmd\"");
        let mut row = String::new();
        push_row(&mut row, &["a", "b,c", ""]);
        assert_eq!(row, "a,\"b,c\",\r\n");
    }
}
