//! Lifecycle notices in a README: "This project is deprecated", "[DEPRECATED]"
//! in a heading, "has been archived and is no longer maintained", …
//!
//! The patterns want the project itself as the subject, or a notice standing
//! at the start of a heading or banner line, so that a changelog sentence
//! ("removed deprecated APIs") or a list of deprecated flags does not mark a
//! living project as deprecated. Fenced code blocks are skipped.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::LifecycleStatus;

const SUBJECT: &str = r"(?:this|the)\s+(?:\w+[\s-]+)?(?:project|repository|repo|library|tool|crate|package|module|plugin|operator|controller|sdk|cli|fork|code\s?base|component|driver|extension|action|chart|image|provider|implementation|client|solution|application|app|service|framework|platform|software|product|sample|template|spec|specification)";

static ARCHIVED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"(?i)\b{SUBJECT}\s+(?:has\s+been|is|was|is\s+now|has\s+now\s+been)\s+(?:officially\s+|permanently\s+)?archived\b"),
        r"(?i)\bhas\s+been\s+archived\s+and\s+is\s+no\s+longer\s+(?:actively\s+)?maintained\b".to_owned(),
        r"(?i)\b(?:this\s+)?(?:repository|repo|project)\s+is\s+(?:now\s+)?read[-\s]only\b".to_owned(),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid pattern"))
    .collect()
});

static DEPRECATED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"(?i)\b{SUBJECT}\s+(?:has\s+been|is|was|is\s+now|has\s+now\s+been|will\s+be|is\s+being)\s+(?:officially\s+|formally\s+)?deprecated\b"),
        format!(r"(?i)\b{SUBJECT}\s+(?:is|has\s+been)\s+(?:now\s+)?(?:no\s+longer|not)\s+(?:actively\s+|being\s+)?maintained\b"),
        format!(r"(?i)\b{SUBJECT}\s+is\s+(?:now\s+)?(?:unmaintained|abandoned|end[-\s]of[-\s]life|EOL)\b"),
        format!(r"(?i)\b{SUBJECT}\s+(?:has\s+been|is)\s+(?:superseded|replaced)\s+by\b"),
        r"(?i)^\W*(?:we\s+are\s+)?no\s+longer\s+(?:actively\s+)?maintained\b".to_owned(),
        r"(?i)\b(?:project\s+)?status\s*[:=]\s*\W*(?:deprecated|unmaintained)\b".to_owned(),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid pattern"))
    .collect()
});

/// `[DEPRECATED]`, `(archived)` or an upper-case `DEPRECATED` / `ARCHIVED` word.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[\[(]\s*(?i:deprecated|archived|unmaintained)\s*[\])]|\b(?:DEPRECATED|ARCHIVED|UNMAINTAINED)\b)").expect("valid")
});

/// Decoration allowed before a banner word: quote marks, emphasis, emoji
/// shortcodes, GitHub alert syntax and words like "Warning:" / "Note:".
static BANNER_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[\s>*_`~!|]|:[a-z_]+:|\[!\w+\]|[\u{2600}-\u{27BF}\u{1F300}-\u{1FAFF}\u{FE0F}]|(?:warning|note|notice|important|caution|attention)\b\s*[:\-–—]?)*").expect("valid")
});

/// Finds the line announcing that the project is archived or deprecated.
/// Returns the status and `path:line: text`.
pub fn announcement(path: &str, text: &str) -> Option<(LifecycleStatus, String)> {
    let mut found: Option<(LifecycleStatus, String)> = None;
    let mut fenced = false;
    let lines: Vec<&str> = text.lines().collect();
    let by_name = title_pattern(&lines);
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced || line.is_empty() {
            continue;
        }
        let named = by_name.as_ref().and_then(|r| r.captures(line)).map(|c| {
            if c[1].to_ascii_lowercase().contains("archived") {
                LifecycleStatus::Archived
            } else {
                LifecycleStatus::Deprecated
            }
        });
        let Some(status) = named.or_else(|| classify(line, lines.get(i + 1).copied())) else {
            continue;
        };
        let evidence = format!("{path}:{}: {}", i + 1, shorten(line));
        match (&found, status) {
            // Archived outranks deprecated; otherwise the first notice wins.
            (None, _) => found = Some((status, evidence)),
            (Some((LifecycleStatus::Deprecated, _)), LifecycleStatus::Archived) => {
                found = Some((status, evidence))
            }
            _ => {}
        }
        if matches!(found, Some((LifecycleStatus::Archived, _))) {
            break;
        }
    }
    found
}

/// "<Name> is deprecated", where <Name> is the README's title (its first heading).
fn title_pattern(lines: &[&str]) -> Option<Regex> {
    let title = lines.iter().take(40).find_map(|l| {
        l.trim()
            .strip_prefix('#')
            .map(|t| t.trim_start_matches('#').trim())
    })?;
    let name = title
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()?
        .trim_matches(|c: char| !c.is_alphanumeric());
    if name.len() < 2 {
        return None;
    }
    Regex::new(&format!(
        r"(?i)^\W*`?{}`?\s+(?:is|has\s+been|was)\s+(?:now\s+)?(deprecated|archived|no\s+longer\s+(?:actively\s+)?maintained|unmaintained)\b",
        regex::escape(name)
    ))
    .ok()
}

fn classify(line: &str, next: Option<&str>) -> Option<LifecycleStatus> {
    let heading = line.starts_with('#')
        || next.is_some_and(|n| {
            let n = n.trim();
            !n.is_empty()
                && (n.chars().all(|c| c == '=') || n.chars().all(|c| c == '-'))
                && n.len() >= 3
        })
        || line.to_ascii_lowercase().starts_with("<h");
    // A list item or table row is about something else (flags, APIs, fields).
    let list_item = line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || line.starts_with('|')
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !list_item {
        if ARCHIVED.iter().any(|r| r.is_match(line)) {
            return Some(LifecycleStatus::Archived);
        }
        if DEPRECATED.iter().any(|r| r.is_match(line)) {
            return Some(LifecycleStatus::Deprecated);
        }
    }
    let marker = |m: regex::Match<'_>| {
        let w = m.as_str().to_ascii_lowercase();
        if w.contains("archived") {
            LifecycleStatus::Archived
        } else {
            LifecycleStatus::Deprecated
        }
    };
    if heading {
        let body = line.trim_start_matches('#').trim();
        // In a heading, a bracketed or upper-case marker counts; a plain
        // section title such as "## Deprecated flags" does not.
        if let Some(m) = MARKER.find(body) {
            return Some(marker(m));
        }
        return None;
    }
    if list_item {
        return None;
    }
    // A banner: the marker opens the line (after decoration) and is followed
    // by punctuation or the end, e.g. "**DEPRECATED**: use X", "> [!WARNING] ARCHIVED".
    let rest = &line[BANNER_PREFIX.find(line).map_or(0, |m| m.end())..];
    let m = MARKER.find(rest)?;
    if m.start() != 0 {
        return None;
    }
    let after = rest[m.end()..].trim_start_matches(['*', '_', '`', ' ']);
    if after.is_empty()
        || after.starts_with([':', '.', '!', '-', '–', '—', ',', '('])
        || after.to_ascii_lowercase().starts_with("this")
    {
        return Some(marker(m));
    }
    None
}

fn shorten(line: &str) -> String {
    const MAX: usize = 200;
    if line.chars().count() <= MAX {
        line.to_owned()
    } else {
        let mut s: String = line.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LifecycleStatus::*;

    fn status(text: &str) -> Option<LifecycleStatus> {
        announcement("README.md", text).map(|(s, _)| s)
    }

    #[test]
    fn real_phrasings_are_found() {
        let cases = [
            (
                "# foo\n\nThis project is deprecated and will not receive updates.",
                Deprecated,
            ),
            ("# [DEPRECATED] foo-operator\n\nA thing.", Deprecated),
            ("# foo (deprecated)\n", Deprecated),
            (
                "foo\n===\n\n**This repository has been archived and is no longer maintained.**",
                Archived,
            ),
            (
                "# kube-thing\n\nThis project is ARCHIVED. See the new home.",
                Archived,
            ),
            (
                "> **Warning**\n> This project is no longer maintained.",
                Deprecated,
            ),
            ("# x\n\nNo longer maintained. Use y instead.", Deprecated),
            ("# x\n\n**DEPRECATED**: use containerd instead", Deprecated),
            (
                "> [!WARNING]\n> DEPRECATED - this repository has moved",
                Deprecated,
            ),
            ("# x\n:warning: ARCHIVED: this is read only", Archived),
            (
                "# x\nThis repo has been deprecated in favor of github.com/a/b",
                Deprecated,
            ),
            (
                "# x\nThis library is no longer actively maintained.",
                Deprecated,
            ),
            ("# x\nThe Foo project has been archived.", Archived),
            (
                "# x\nThis project is deprecated.\n\nThis repository has been archived.",
                Archived,
            ),
            (
                "# kube-foo\n\nkube-foo is no longer maintained.",
                Deprecated,
            ),
            (
                "# Key Vault FlexVolume\n\n**WARNING** :warning: This solution has been deprecated. Use the CSI driver.",
                Deprecated,
            ),
            (
                "> # ⚠️ [AAD Pod Identity repo has been archived and is no longer maintained.](#-announcement)",
                Archived,
            ),
            ("# Foo: a thing\n\n`Foo` has been archived.", Archived),
        ];
        for (text, want) in cases {
            assert_eq!(status(text), Some(want), "{text:?}");
        }
    }

    #[test]
    fn evidence_keeps_the_line() {
        let (_, evidence) =
            announcement("README.md", "# x\n\nhello\nThis project is deprecated.\n").unwrap();
        assert_eq!(evidence, "README.md:4: This project is deprecated.");
    }

    #[test]
    fn false_positives_are_avoided() {
        let cases = [
            "# x\n\nv2.0 removes deprecated APIs and adds new ones.",
            "# x\n\n## Deprecated flags\n\n- `--foo` (DEPRECATED): use --bar\n- `--baz` is deprecated\n",
            "# x\n\n| flag | status |\n|---|---|\n| --old | DEPRECATED |\n",
            "# x\n\n### Deprecated\n\n- The v1alpha1 API is deprecated.\n",
            "# x\n\nThe `Foo()` function is deprecated; use `Bar()`.",
            "# x\n\nSupport for Go 1.19 was deprecated in 1.5.\n",
            "# x\n\n```\n# This project is deprecated\n```\n",
            "# x\n\nDeprecated features are listed in docs/deprecations.md.",
            "# x\n\nWe archived the old docs site last year.",
            "# x\n\n1. The old API is no longer maintained.\n",
            "# Deprecation policy\n\nWe deprecate APIs with two releases' notice.",
            "# foo\n\nThe v1 branch is no longer maintained; use v2.",
            "# foo\n\nfoo is not deprecated, despite rumours.",
        ];
        for text in cases {
            assert_eq!(status(text), None, "{text:?}");
        }
    }
}
