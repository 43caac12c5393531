//! The catalog page's filters and search, all carried in the URL's query
//! (`?area=…&level=…&lifecycle=…&goal=…&advice=…&q=…`), so that a filtered
//! view can be bookmarked and shared, and filtering works without script.

use serde::Deserialize;

use crate::pages::Nav;
use crate::view::{self, GOALS, ProjectView};

/// The query string of the catalog page. Empty values mean "any".
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct CatalogQuery {
    pub area: Option<String>,
    pub level: Option<String>,
    pub lifecycle: Option<String>,
    pub goal: Option<String>,
    pub advice: Option<String>,
    pub q: Option<String>,
}

fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl CatalogQuery {
    /// True when any filter or the search narrows the list.
    pub fn is_filtered(&self) -> bool {
        [
            &self.area,
            &self.level,
            &self.lifecycle,
            &self.advice,
            &self.q,
        ]
        .into_iter()
        .any(|v| set(v).is_some())
    }

    /// Whether a project passes every filter.
    pub fn matches(&self, v: &ProjectView<'_>) -> bool {
        if set(&self.area).is_some_and(|a| a != v.area) {
            return false;
        }
        if set(&self.level).is_some_and(|l| l != v.level.pill.key) {
            return false;
        }
        if set(&self.lifecycle).is_some_and(|l| l != v.lifecycle.key) {
            return false;
        }
        if let Some(advice) = set(&self.advice) {
            let goal = view::goal(set(&self.goal));
            if v.advice_pill(&goal.goal).key != advice {
                return false;
            }
        }
        if let Some(q) = set(&self.q) {
            let text = crate::pages::search_text(v);
            // Every word must occur (AND), case-insensitively.
            if !q
                .to_lowercase()
                .split_whitespace()
                .all(|w| text.contains(w))
            {
                return false;
            }
        }
        true
    }

    /// A stable key for the page cache: the filters in a fixed order.
    pub fn cache_key(&self) -> String {
        let parts = [
            ("area", &self.area),
            ("level", &self.level),
            ("lifecycle", &self.lifecycle),
            ("goal", &self.goal),
            ("advice", &self.advice),
            ("q", &self.q),
        ];
        parts
            .iter()
            .filter_map(|(k, v)| set(v).map(|v| format!("{k}={}", query_value(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes a query value (`application/x-www-form-urlencoded`).
pub fn query_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One `<option>`.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The filter form as rendered: every select with its options, the search
/// text and where the form submits.
pub struct FilterForm {
    pub action: String,
    pub reset: String,
    pub areas: Vec<Choice>,
    pub levels: Vec<Choice>,
    pub lifecycles: Vec<Choice>,
    pub goals: Vec<Choice>,
    pub advice: Vec<Choice>,
    pub q: String,
}

fn choices(values: Vec<(String, String)>, current: Option<&str>) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: "any".to_owned(),
        selected: current.is_none(),
    }];
    let mut seen = std::collections::HashSet::new();
    for (value, label) in values {
        if seen.insert(value.clone()) {
            out.push(Choice {
                selected: current == Some(value.as_str()),
                value,
                label,
            });
        }
    }
    // A value in the URL that no project has is still shown, so the form
    // says what is being filtered on.
    if let Some(c) = current
        && !seen.contains(c)
    {
        out.push(Choice {
            value: c.to_owned(),
            label: c.to_owned(),
            selected: true,
        });
    }
    out
}

impl FilterForm {
    pub fn new(views: &[ProjectView<'_>], q: &CatalogQuery, nav: &Nav) -> FilterForm {
        let areas = views
            .iter()
            .map(|v| (v.area.to_owned(), v.area.to_owned()))
            .collect();
        let mut levels: Vec<(String, String)> = views
            .iter()
            .map(|v| {
                (
                    v.level.pill.key.clone(),
                    v.level.pill.label.trim_end_matches('?').to_owned(),
                )
            })
            .collect();
        levels.sort();
        let order = ["active", "inactive", "deprecated", "archived", "unknown"];
        let mut lifecycles: Vec<(String, String)> = views
            .iter()
            .map(|v| (v.lifecycle.key.clone(), v.lifecycle.label.clone()))
            .collect();
        lifecycles.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(order.len()));
        let goal = view::goal(set(&q.goal));
        let goals = GOALS
            .iter()
            .map(|g| Choice {
                value: g.key.to_owned(),
                label: g.label.to_owned(),
                selected: g.key == goal.key,
            })
            .collect();
        let advice = ["adopt", "trial", "assess", "hold", "none"]
            .iter()
            .map(|a| {
                (
                    a.to_string(),
                    if *a == "none" {
                        "not assessed".to_owned()
                    } else {
                        a.to_string()
                    },
                )
            })
            .collect();
        FilterForm {
            action: nav.page(""),
            reset: nav.page(""),
            areas: choices(areas, set(&q.area)),
            levels: choices(levels, set(&q.level)),
            lifecycles: choices(lifecycles, set(&q.lifecycle)),
            goals,
            advice: choices(advice, set(&q.advice)),
            q: set(&q.q).unwrap_or_default().to_owned(),
        }
    }
}
