//! Lifecycle notices in a README: "This project is deprecated", "[DEPRECATED]"
//! in the title, "has been archived and is no longer maintained", a status
//! badge, "development has moved to <link>", …
//!
//! A notice counts only when it speaks of the project or the repository, not
//! of a version, an API, a flag, a feature or a dependency. So a line counts
//! when
//!
//! 1. its subject is the project: "this project/repository/library/… is
//!    deprecated", "the project has been archived", "<Name> is no longer
//!    maintained" (the name the README's title gives), "we no longer
//!    maintain …" — anywhere in the README, but not inside a list, a table
//!    or a clause that is about something else ("version 1.0 of this
//!    specification has been superseded by version 1.1");
//! 2. it is a heading that carries a marker (`[DEPRECATED]`, `(archived)`,
//!    `UNMAINTAINED`) and is the title, names the project, or holds nothing
//!    but the marker — not "### v2: stable (deprecated)";
//! 3. it stands at the top of the README (before the first section after
//!    the title) and is a banner (`**DEPRECATED**: use …`, `> [!WARNING]`
//!    then `ARCHIVED`), a status badge (an image whose text or address says
//!    deprecated, archived, unmaintained, abandoned, unsupported or
//!    end-of-life), or a "status: deprecated" line;
//! 4. it says that the project or its development "moved to" or is
//!    "superseded/replaced by" something else, with a link or a name — not
//!    by a version.
//!
//! Fenced code blocks are skipped. `tests/data/lifecycle_corpus.txt` holds
//! the shapes this is measured on (precision and recall in its test).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::LifecycleStatus;

/// Nouns a README uses for the thing it describes.
const NOUN: &str = r"(?:project|repository|repo|library|tool|crate|package|module|plugin|operator|controller|sdk|cli|fork|code\s?base|component|driver|extension|action|chart|image|provider|implementation|client|solution|application|app|service|framework|platform|software|product|sample|template|spec|specification|gem|addon|add-on|exporter|integration)";

/// The project as the subject: "this [adjective] <noun>", or "the [name]
/// project/repository" (with "the", other nouns are often a part: "the v1
/// client").
static SUBJECT: LazyLock<String> = LazyLock::new(|| {
    format!(r"(?:this\s+(?:[\w.-]+[\s-]+)?{NOUN}|the\s+(?:[\w.-]+\s+)?(?:project|repository|repo))")
});

static ARCHIVED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let s = &*SUBJECT;
    [
        format!(r"(?i)\b{s}\s+(?:has\s+been|is|was|is\s+now|has\s+now\s+been)\s+(?:officially\s+|permanently\s+)?archived\b"),
        r"(?i)\bhas\s+been\s+archived\s+and\s+is\s+no\s+longer\s+(?:actively\s+)?maintained\b".to_owned(),
        r"(?i)\b(?:this\s+)?(?:repository|repo|project)\s+is\s+(?:now\s+)?read[-\s]only\b".to_owned(),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid pattern"))
    .collect()
});

static DEPRECATED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let s = &*SUBJECT;
    [
        format!(r"(?i)\b{s}\s+(?:has\s+been|is|was|is\s+now|has\s+now\s+been|will\s+be|is\s+being)\s+(?:officially\s+|formally\s+)?deprecated\b"),
        format!(r"(?i)\b{s}\s+(?:is|has\s+been|was)\s+(?:now\s+)?(?:no\s+longer|not)\s+(?:actively\s+|being\s+)?maintained\b"),
        format!(r"(?i)\b{s}\s+is\s+(?:now\s+)?(?:unmaintained|abandoned|unsupported|end[-\s]of[-\s]life|EOL)\b"),
        format!(r"(?i)\b{s}\s+is\s+not\s+(?:actively\s+)?maintained\b"),
        r"(?i)^\W*(?:we\s+are\s+)?no\s+longer\s+(?:actively\s+)?maintained\b".to_owned(),
        r"(?i)\bwe\s+(?:are\s+no\s+longer|no\s+longer|have\s+stopped)\s+(?:actively\s+)?maintain(?:ing)?\b".to_owned(),
        r"(?i)\b(?:project\s+)?status\s*[:=]\s*\W*(?:deprecated|unmaintained|abandoned|end[-\s]of[-\s]life)\b".to_owned(),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid pattern"))
    .collect()
});

/// "… has moved to <link>", "… superseded by [X](link)": who moved is
/// checked separately (the project, its development, or its name).
static MOVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:has\s+(?:been\s+)?moved|is\s+moving|moved|now\s+lives)\s+(?:permanently\s+)?(?:to|over\s+to|into)\s+(?P<to>\S+(?:\s+\S+)?)").expect("valid")
});
static SUPERSEDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:has\s+been|is|was|is\s+being|will\s+be)\s+(?:now\s+)?(?:superseded|replaced|succeeded)\s+by\s+(?P<to>\S+(?:\s+\S+)?)").expect("valid")
});

/// `[DEPRECATED]`, `(archived)` or an upper-case `DEPRECATED` / `ARCHIVED` word.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[\[(]\s*(?i:deprecated|archived|unmaintained|obsolete)\s*[\])]|\b(?:DEPRECATED|ARCHIVED|UNMAINTAINED|OBSOLETE)\b)").expect("valid")
});

/// A status badge: a Markdown or HTML image whose text or address says the
/// project has ended.
static BADGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:!\[[^\]]*\b(?:deprecated|archived|unmaintained|abandoned|unsupported|end[-\s]of[-\s]life|no\s+longer\s+maintained|moved)\b[^\]]*\]|!\[[^\]]*\]\([^)]*\b(?:deprecated|archived|unmaintained|abandoned|unsupported|maintenance-no|end-of-life|moved)\b[^)]*\)|<img[^>]*\b(?:deprecated|archived|unmaintained|abandoned|unsupported)\b)").expect("valid")
});

/// Decoration allowed before a banner word: quote marks, emphasis, emoji
/// shortcodes, GitHub alert syntax, HTML tags and words like "Warning:".
static BANNER_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[\s>*_`~!|]|<[^>]{0,80}>|:[a-z_]+:|\[!\w+\]|[\u{2600}-\u{27BF}\u{1F300}-\u{1FAFF}\u{FE0F}]|(?:warning|note|notice|important|caution|attention)\b\s*[:\-–—]?)*").expect("valid")
});

/// A clause that is about something else: "version 1.0 of this spec", "the
/// docs for this project". The subject must not follow one of these words.
static OTHER_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:of|in|for|from|with|on|about|inside|within|than|like)\s*$")
        .expect("valid")
});

/// A clause ending in the project as its subject ("… this project").
static ENDS_WITH_SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)(?:^|[\s*_>`]){}\s*$", *SUBJECT)).expect("valid"));

/// What "superseded by" names when the successor is only a newer version.
static A_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[`*_\[]*(?:version|release|v?\d+(?:\.\d+)*\b|the\s+(?:new|next|latest)\s+(?:version|release))").expect("valid")
});

/// The README's opening: its title and the lines before the first section
/// after it (at most this many lines).
const TOP_LINES: usize = 30;

/// Finds the line announcing that the project is archived or deprecated.
/// Returns the status and `path:line: text`.
pub fn announcement(path: &str, text: &str) -> Option<(LifecycleStatus, String)> {
    scan(path, text, true)
}

/// [`announcement`] with every line read by the patterns, none skipped by
/// [`may_announce`]: what the tests compare it with.
#[doc(hidden)]
pub fn announcement_reading_every_line(
    path: &str,
    text: &str,
) -> Option<(LifecycleStatus, String)> {
    scan(path, text, false)
}

fn scan(path: &str, text: &str, skim: bool) -> Option<(LifecycleStatus, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let readme = Readme::read(&lines);
    let mut found: Option<(LifecycleStatus, String)> = None;
    let mut fenced = false;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced || line.is_empty() || (skim && !may_announce(line)) {
            continue;
        }
        let Some(status) = readme.classify(i, line, lines.get(i + 1).copied()) else {
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

/// What the README says about itself: its title line, the project's name,
/// and where its opening ends.
struct Readme {
    title_line: Option<usize>,
    name: Option<String>,
    /// "<Name> is deprecated", built from the title when a line needs it.
    by_name: std::cell::OnceCell<Option<Regex>>,
    top_end: usize,
}

impl Readme {
    fn read(lines: &[&str]) -> Readme {
        let mut title_line = None;
        let mut top_end = lines.len().min(TOP_LINES);
        let mut fenced = false;
        for (i, raw) in lines.iter().enumerate().take(TOP_LINES.max(40)) {
            let line = raw.trim();
            if line.starts_with("```") || line.starts_with("~~~") {
                fenced = !fenced;
            }
            if fenced || !is_heading(line, lines.get(i + 1).copied()) {
                continue;
            }
            match title_line {
                None => title_line = Some(i),
                Some(_) => {
                    top_end = top_end.min(i);
                    break;
                }
            }
        }
        let name = title_line.and_then(|i| project_name(heading_text(lines[i])));
        let by_name = std::cell::OnceCell::new();
        Readme {
            title_line,
            name,
            by_name,
            top_end,
        }
    }

    /// "<Name> is deprecated" for the README's title (compiled on first use:
    /// most READMEs never get that far, see [`may_announce`]).
    fn by_name(&self) -> Option<&Regex> {
        self.by_name
            .get_or_init(|| {
                self.name.as_deref().and_then(|name| {
                    Regex::new(&format!(
                        // Decoration first: punctuation, emphasis, emoji with their
                        // variation selectors and joiners (which count as word characters).
                        r"(?i)^[\W_\x{{FE00}}-\x{{FE0F}}\x{{200D}}\x{{20E3}}]*`?{}`?\s+(?:is|has\s+been|was)\s+(?:now\s+)?(deprecated|archived|no\s+longer\s+(?:actively\s+)?maintained|unmaintained|end[-\s]of[-\s]life)\b",
                        regex::escape(name)
                    ))
                    .ok()
                })
            })
            .as_ref()
    }

    fn classify(&self, i: usize, line: &str, next: Option<&str>) -> Option<LifecycleStatus> {
        let top = i < self.top_end;
        // A list item or table row is about something else (flags, APIs,
        // fields, releases), unless it is the opening's status badge line.
        let list_item = line.starts_with("- ")
            || line.starts_with("* ")
            || line.starts_with("+ ")
            || line.starts_with('|')
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if let Some(c) = self.by_name().and_then(|r| r.captures(line)) {
            return Some(word_status(&c[1]));
        }
        if !list_item {
            if let Some(status) = subject_sentence(line) {
                return Some(status);
            }
            if self.moved(line) {
                return Some(LifecycleStatus::Deprecated);
            }
        }
        if is_heading(line, next) {
            return self.heading(i, line);
        }
        if !top || list_item {
            return None;
        }
        if let Some(m) = BADGE.find(line) {
            return Some(word_status(m.as_str()));
        }
        banner(line)
    }

    /// A heading's marker counts when the heading is the title, names the
    /// project, or says nothing but the marker.
    fn heading(&self, i: usize, line: &str) -> Option<LifecycleStatus> {
        let body = heading_text(line);
        let m = MARKER.find(body)?;
        let rest: String = format!("{}{}", &body[..m.start()], &body[m.end()..])
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        let names_project = self
            .name
            .as_deref()
            .is_some_and(|n| body.to_ascii_lowercase().contains(&n.to_ascii_lowercase()));
        (self.title_line == Some(i) || names_project || rest.is_empty())
            .then(|| word_status(m.as_str()))
    }

    /// "This project has moved to <link>", "Development has moved to …",
    /// "<Name> has been superseded by [X](…)".
    fn moved(&self, line: &str) -> bool {
        // Moving needs a destination link; a successor may be named plainly.
        for (re, needs_link) in [(&*MOVED, true), (&*SUPERSEDED, false)] {
            let Some(c) = re.captures(line) else { continue };
            let to = c.name("to").map_or("", |m| m.as_str());
            let linked = to.contains("://")
                || to.contains("](")
                || to.starts_with('[')
                || to.starts_with('`');
            if A_VERSION.is_match(to) || (needs_link && !linked) {
                continue;
            }
            let before = &line[..c.get(0).map_or(0, |m| m.start())];
            let who = before.trim_end().to_ascii_lowercase();
            let about_project = ENDS_WITH_SUBJECT.is_match(&who)
                || who.ends_with("development")
                || who.ends_with("the project")
                || who.ends_with(" it")
                || who == "it"
                || self.name.as_deref().is_some_and(|n| {
                    // `fathom-operator` is "the fathom operator" in a sentence.
                    let n = n.to_ascii_lowercase();
                    let who = who.trim_end_matches(['`', '*', '_']);
                    who.ends_with(&n) || who.ends_with(&n.replace(['-', '_'], " "))
                });
            if about_project {
                return true;
            }
        }
        false
    }
}

/// "this project is deprecated" and its kin, unless the subject sits in a
/// clause about something else ("version 1.0 of this specification").
fn subject_sentence(line: &str) -> Option<LifecycleStatus> {
    let hit = |res: &[Regex]| {
        res.iter().any(|r| {
            r.find_iter(line)
                .any(|m| !OTHER_SUBJECT.is_match(&line[..m.start()]))
        })
    };
    if hit(&ARCHIVED) {
        Some(LifecycleStatus::Archived)
    } else if hit(&DEPRECATED) {
        Some(LifecycleStatus::Deprecated)
    } else {
        None
    }
}

/// A banner at the top: the marker opens the line (after decoration) and is
/// followed by punctuation or the end, e.g. "**DEPRECATED**: use X".
fn banner(line: &str) -> Option<LifecycleStatus> {
    let rest = &line[BANNER_PREFIX.find(line).map_or(0, |m| m.end())..];
    let m = MARKER.find(rest)?;
    if m.start() != 0 {
        return None;
    }
    let after = rest[m.end()..].trim_start_matches(['*', '_', '`', ' ']);
    let after = after.trim_start_matches(|c: char| {
        c == '<' || c == '/' || c.is_ascii_alphabetic() && after.starts_with("</")
    });
    if after.is_empty()
        || after.starts_with([':', '.', '!', '-', '–', '—', ',', '(', '>'])
        || after.to_ascii_lowercase().starts_with("this")
    {
        return Some(word_status(m.as_str()));
    }
    None
}

/// Whether `line` can announce anything: every rule of
/// [`Readme::classify`] needs one of these words as its patterns spell
/// them, ignoring case (the names of the states, "maintained", "moved",
/// "superseded", "end of life", "read-only", …). A line without any is not read
/// by the patterns at all, so a README that says nothing about its state
/// costs a scan of its bytes and no pattern is compiled. Outside ASCII the
/// patterns' case folding reaches further (`ſ` is `s`, `K` is `k`), so
/// such a line is always read.
fn may_announce(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "deprecated",
        "archived",
        "unmaintained",
        "maintenance-no",
        "abandoned",
        "unsupported",
        "life",
        "eol",
        "moved",
        "moving",
        "lives",
        "superseded",
        "replaced",
        "succeeded",
        "obsolete",
    ];
    if !line.is_ascii() {
        return true;
    }
    let lowered = line.to_ascii_lowercase();
    let lower = lowered.as_str();
    // Every pattern has a word start before its word (`\b`, `\s+`, `[(`,
    // `-`): "removed" never reads as "moved". `_` does not count as a word
    // character before it: a banner's decoration may end in one
    // (`_DEPRECATED`), and the marker is then matched in the rest of the
    // line, where it starts the text (found by scripts/fuzz.sh). Yields what
    // follows the word.
    let word = |b: u8| b.is_ascii_alphanumeric();
    let at_word_start = |w: &'static str| {
        lower
            .match_indices(w)
            .filter(move |(at, _)| *at == 0 || !word(lower.as_bytes()[at - 1]))
            .map(move |(at, _)| &lower[at + w.len()..])
    };
    let starts = |w: &'static str| at_word_start(w).next().is_some();
    // "maintained", "maintaining" or "maintain" as a word; not "maintainers".
    let maintain = at_word_start("maintain").any(|rest| {
        rest.starts_with("ed") || rest.starts_with("ing") || !rest.bytes().next().is_some_and(word)
    });
    maintain || (starts("read") && starts("only")) || WORDS.iter().any(|w| starts(w))
}

fn word_status(word: &str) -> LifecycleStatus {
    if word.to_ascii_lowercase().contains("archived") {
        LifecycleStatus::Archived
    } else {
        LifecycleStatus::Deprecated
    }
}

fn is_heading(line: &str, next: Option<&str>) -> bool {
    line.starts_with('#')
        || next.is_some_and(|n| {
            let n = n.trim();
            n.len() >= 3 && (n.chars().all(|c| c == '=') || n.chars().all(|c| c == '-'))
        }) && !line.starts_with('|')
        || line.to_ascii_lowercase().starts_with("<h")
}

/// A heading's text without `#` marks or HTML tags.
fn heading_text(line: &str) -> &str {
    let t = line.trim().trim_start_matches('#').trim();
    if t.starts_with('<') {
        // `<h1 align="center">vane</h1>`: the text between the tags.
        return t
            .split_once('>')
            .map_or(t, |(_, r)| r.split('<').next().unwrap_or(r))
            .trim();
    }
    t
}

/// The project's name from the title: its first word, without decoration
/// or markers (`# [DEPRECATED] quill-exporter` → `quill-exporter`).
fn project_name(title: &str) -> Option<String> {
    let cleaned = MARKER.replace_all(title, " ");
    let name = cleaned
        .split(|c: char| c.is_whitespace() || c == ':')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| w.chars().any(char::is_alphanumeric))?;
    (name.chars().count() >= 2).then(|| name.to_owned())
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
