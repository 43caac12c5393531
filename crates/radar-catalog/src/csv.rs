//! The catalog as CSV (RFC 4180): one row per project. List cells hold items
//! separated by newlines, each `label <url>`.

use crate::model::Catalog;

/// The header row.
pub const COLUMNS: [&str; 13] = [
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
];

fn field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn item(label: &str, url: Option<&str>) -> String {
    url.map_or_else(|| label.to_string(), |u| format!("{label} <{u}>"))
}

/// Renders the catalog as CSV with a header row; lines end with CRLF as RFC 4180 says.
pub fn render(c: &Catalog) -> String {
    let mut out = String::new();
    let mut row = |cells: &[String]| {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            field(&mut out, cell);
        }
        out.push_str("\r\n");
    };
    row(&COLUMNS.map(String::from));
    for (area, p) in c.projects() {
        let state = p.state.as_ref();
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
                .map(|a| {
                    a.name
                        .as_deref()
                        .map_or(a.version.clone(), |n| format!("{n}: {}", a.version))
                })
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
                projects: vec![Project {
                    name: "say \"hi\"".into(),
                    ..Default::default()
                }],
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
}
