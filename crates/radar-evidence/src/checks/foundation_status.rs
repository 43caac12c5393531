//! Foundation status: the level the README says a foundation gave the
//! project ("Foo is a Cloud Native Computing Foundation incubating project",
//! a "CNCF Sandbox" badge). Foundations ask their projects to show it (the
//! CNCF's sandbox criteria: "list sandbox status prominently on the website
//! or README"), so it is the project's own word for a decision no file
//! records otherwise: the TOC's vote. The value is `{ "foundation": "CNCF",
//! "level": "incubating" }`; when the README names several levels for the
//! project (a history: "joined as sandbox, moved to incubation"), the
//! highest.
//!
//! A sentence counts when the project is its subject (the README title's
//! name, "this project", "we", "it"): "Kubernetes is a CNCF graduated
//! project" in an add-on's README is not about the add-on. A badge counts
//! in the README's opening.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "foundation_status",
    title: "Foundation status",
    looks_for: "a README sentence or badge giving the project's level in a foundation (\"X is a CNCF incubating project\", a \"CNCF Sandbox\" badge)",
    run,
};

/// Foundation names as READMEs write them, and the short name Radar gives.
const FOUNDATIONS: &[(&str, &str)] = &[
    (
        r"cloud\s+native\s+computing\s+foundation(?:\s*\(cncf\))?|cncf",
        "CNCF",
    ),
    (
        r"lf\s+ai\s*(?:&|&amp;|and)\s*data(?:\s+foundation)?|lf\s+ai",
        "LF AI & Data",
    ),
    (
        r"open\s*ssf|open\s+source\s+security\s+foundation",
        "OpenSSF",
    ),
    (
        r"cd\s+foundation|continuous\s+delivery\s+foundation|cdf",
        "CDF",
    ),
    (r"openjs\s+foundation", "OpenJS"),
];

const LEVELS: &str = r"sandbox|incubating|incubation|incubator|graduated|graduation|archived";

fn run(ctx: &Ctx<'_>) -> Check {
    let Some(readme) = ctx.readme() else {
        return Check::missing();
    };
    let names: Vec<String> = [
        title_name(&readme.text),
        ctx.repository_name().map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    .map(|n| alnum(&n))
    .filter(|n| n.len() >= 2)
    .collect();
    let mut best: Option<(u8, &str, &str, String)> = None;
    let mut fenced = false;
    for (i, raw) in readme.text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced || line.is_empty() {
            continue;
        }
        // Most lines name no foundation and no level: a quick test first.
        if !MENTIONS_LEVEL.is_match(line) || !MENTIONS_FOUNDATION.is_match(line) {
            continue;
        }
        let plain = plain_text(line);
        for (level, named) in statements(line, &plain, &names, i < 40) {
            let rank = rank(level);
            if let Some(foundation) = foundation_of(named)
                && best.as_ref().is_none_or(|(r, ..)| rank > *r)
            {
                best = Some((
                    rank,
                    foundation,
                    canonical(level),
                    format!("{}:{}", readme.path, i + 1),
                ));
            }
        }
    }
    match best {
        Some((_, foundation, level, at)) => Check::found(at)
            .with_value(serde_json::json!({ "foundation": foundation, "level": level })),
        None => Check::missing(),
    }
}

/// One foundation's sentence and badge patterns, compiled once.
struct Patterns {
    sentences: Vec<Regex>,
    badge_text: Regex,
}

/// All foundations in one set of patterns (one compile, one scan); which
/// foundation a match names is told apart afterwards ([`foundation_of`]).
static PATTERNS: std::sync::LazyLock<Patterns> = std::sync::LazyLock::new(|| {
    let all: Vec<&str> = FOUNDATIONS.iter().map(|(p, _)| *p).collect();
    compile(&all.join("|"))
});

static EACH_FOUNDATION: std::sync::LazyLock<Vec<(Regex, &'static str)>> =
    std::sync::LazyLock::new(|| {
        FOUNDATIONS
            .iter()
            .map(|(p, name)| (Regex::new(&format!(r"(?i)^(?:{p})")).expect("valid"), *name))
            .collect()
    });

/// The short name of the foundation `text` names.
fn foundation_of(text: &str) -> Option<&'static str> {
    EACH_FOUNDATION
        .iter()
        .find(|(re, _)| re.is_match(text.trim()))
        .map(|(_, n)| *n)
}

static MENTIONS_LEVEL: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| Regex::new(&format!(r"(?i){LEVELS}")).expect("valid"));

static MENTIONS_FOUNDATION: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    let all: Vec<&str> = FOUNDATIONS.iter().map(|(p, _)| *p).collect();
    Regex::new(&format!(r"(?i){}", all.join("|"))).expect("valid")
});

static BADGE: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| Regex::new(r"(?i)!\[[^\]]*\]\([^)]*\)|<img[^>]*>").expect("valid"));

static TAGS: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| Regex::new(r"<[^>]{0,300}>").expect("valid"));
static LINKS: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("valid"));

/// The line as a reader sees it: links by their text, no HTML tags, no
/// emphasis marks or code ticks.
fn plain_text(line: &str) -> String {
    let no_tags = TAGS.replace_all(line, " ");
    let no_links = LINKS.replace_all(&no_tags, "$1");
    let out: String = no_links
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    // Heading marks, quote marks, emoji: whatever opens the line before its first word.
    let out = out.trim_start_matches(|c: char| !c.is_alphanumeric());
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn compile(pattern: &str) -> Patterns {
    // The foundation's name, optionally followed by its abbreviation.
    let f = format!(r"(?P<f>{pattern})(?:\s*\([a-z &]{{2,40}}\))?");
    let l = format!(r"(?P<level>{LEVELS})");
    // The subject is not part of the patterns: it is the sentence's text
    // before the match (see `subject_before`).
    let now = r"(?:(?:now|today|currently|also|officially|proudly)\s+)*";
    let sentences = [
        // "… is a CNCF sandbox project", "… is now a Cloud Native Computing Foundation (CNCF) Sandbox project"
        format!(
            r"(?i)\b(?:is|are|was|became|becomes|remains|as)\s+{now}(?:an?\s+|the\s+)?{f}\s+{l}\b"
        ),
        // "… is a graduated Cloud Native Computing Foundation (CNCF) project"
        format!(
            r"(?i)\b(?:is|are|was|became|remains)\s+{now}(?:an?\s+)?{l}\s+(?:level\s+|stage\s+)?{f}\s+project"
        ),
        // "… is an incubating project of the CNCF", "… is a graduated project under the CNCF"
        format!(
            r"(?i)\b(?:is|are|was|became|remains|as)\s+{now}(?:an?\s+)?{l}\s+(?:level\s+|stage\s+)?project\s+(?:of|at|in|under|with|within|hosted\s+by|by|from)\s+(?:the\s+)?{f}"
        ),
        // "… hosted by the CNCF as an incubating project", "… joined the CNCF as a sandbox project"
        format!(
            r"(?i)\b(?:hosted\s+by|part\s+of|accepted\s+(?:into|to|by|in)|a\s+member\s+of|donated\s+to|joined|moved\s+to)\s+(?:the\s+)?{f}\s+(?:as\s+an?\s+|at\s+the\s+)(?:\w+\s+)?{l}\b"
        ),
        // A tagline or an appositive: "A CNCF sandbox project.", "Kube-OVN, a CNCF Sandbox Project, integrates …"
        format!(r"(?i)^(?:an?\s+)?{f}\s+{l}\s+project\b"),
        format!(r"(?i),\s+an?\s+{f}\s+{l}\s+project\b"),
    ];
    Patterns {
        // The sentences are matched in lower-cased text, with ASCII word
        // boundaries: Unicode case folding and Unicode `\b` would keep the
        // regex engine off its fast paths (hundreds of milliseconds on a
        // long README).
        sentences: sentences
            .iter()
            .map(|s| Regex::new(&s.replace("(?i)", "").replace(r"\b", r"(?-u:\b)")).expect("valid"))
            .collect(),
        badge_text: Regex::new(&format!(
            r"(?i){f}[\s%20_\-:/]*(?:status[\s%20_\-:/]*)?{l}|(?P<level2>{LEVELS})[\s%20_\-]*(?:project[\s%20_\-]*)?(?:of\s+the\s+)?(?P<f2>{pattern})"
        ))
        .expect("valid"),
    }
}

/// The levels a line gives the project in one foundation: sentences read
/// in `plain` (the line as text), badges in the raw `line` of the opening.
fn statements<'l>(
    line: &'l str,
    plain: &'l str,
    names: &[String],
    opening: bool,
) -> Vec<(&'l str, &'l str)> {
    let p = &*PATTERNS;
    let mut out = Vec::new();
    let heading = line.starts_with('#') || line.to_ascii_lowercase().starts_with("<h");
    for re in &p.sentences {
        // Captures are slow; most lines that mention both words match none.
        if !re.is_match(plain) {
            continue;
        }
        for c in re.captures_iter(plain) {
            let start = c.get(0).map_or(0, |m| m.start());
            let subject = subject_before(plain, start);
            // A heading "CNCF Sandbox Project", a tagline, or a sentence
            // with no subject ("Hosted by the CNCF as a sandbox project.")
            // speaks of the project.
            let matched = c.get(0).map_or("", |m| m.as_str());
            let predicate_first = [
                "hosted by",
                "part of",
                "accepted",
                "joined",
                "donated",
                "moved to",
            ]
            .iter()
            .any(|p| matched.starts_with(p));
            let taglike =
                subject.trim().is_empty() && (heading || opening || start > 0 || predicate_first);
            if (taglike || about_project(subject, names))
                && let (Some(l), Some(f)) = (c.name("level"), c.name("f"))
            {
                out.push((l.as_str(), f.as_str()));
            }
        }
    }
    if opening {
        // A badge: an image whose text or address carries both names
        // (`![CNCF Sandbox](…)`, `…/badge/cncf%20status-incubating-…`).
        for m in BADGE.find_iter(line) {
            if let Some(c) = p.badge_text.captures(m.as_str())
                && let (Some(l), Some(f)) = (
                    c.name("level").or(c.name("level2")),
                    c.name("f").or(c.name("f2")),
                )
            {
                out.push((l.as_str(), f.as_str()));
            }
        }
    }
    out
}

/// The text of the sentence before byte `at`: back to the previous ". ",
/// "! " or "? " (a dot inside a word, as in a domain name, does not end a
/// sentence), at most 160 bytes.
fn subject_before(text: &str, at: usize) -> &str {
    let before = &text[..at];
    let start = [". ", "! ", "? "]
        .iter()
        .filter_map(|b| before.rfind(b).map(|i| i + b.len()))
        .max()
        .unwrap_or(0);
    let mut start = start.max(at.saturating_sub(160));
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..at]
}

/// The sentence's subject is the project: its name (the README title's or
/// the repository's), "this project", "we", "it"; or a short name opening
/// the line (up to three words), since READMEs often call the project what
/// neither its title nor its repository says.
fn about_project(subject: &str, names: &[String]) -> bool {
    let s = subject.trim().to_ascii_lowercase();
    let s = s.trim_matches(|c: char| !c.is_alphanumeric());
    if s.is_empty() {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    // "Quill runs on Kubernetes, which is …": a relative clause is about
    // what it follows; "plans to apply", "has applied" are not decisions.
    if words.iter().any(|w| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphanumeric()),
            "which"
                | "that"
                | "who"
                | "whose"
                | "where"
                | "like"
                | "unlike"
                | "plan"
                | "plans"
                | "applied"
                | "apply"
                | "applying"
        )
    }) {
        return false;
    }
    let last = words
        .last()
        .map_or("", |w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    if matches!(last, "we" | "it")
        || s.ends_with("this project")
        || s.ends_with("the project")
        || s.ends_with("this repository")
    {
        return true;
    }
    let flat = alnum(s);
    names.iter().any(|n| flat.contains(n.as_str())) || (words.len() <= 3 && !s.contains(','))
}

/// Lower-case letters and digits only (`Kube-OVN` → `kubeovn`).
fn alnum(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn canonical(level: &str) -> &'static str {
    match level.to_ascii_lowercase().as_str() {
        "sandbox" => "sandbox",
        "incubating" | "incubation" | "incubator" => "incubating",
        "graduated" | "graduation" => "graduated",
        _ => "archived",
    }
}

fn rank(level: &str) -> u8 {
    match canonical(level) {
        "sandbox" => 1,
        "incubating" => 2,
        "graduated" => 3,
        _ => 0,
    }
}

/// The first word of the README's first heading (`# Foo: bar` → `Foo`).
fn title_name(text: &str) -> Option<String> {
    let title = text.lines().take(60).find_map(|l| {
        let l = l.trim();
        l.strip_prefix('#')
            .map(|t| t.trim_start_matches('#').trim().to_owned())
            .or_else(|| {
                l.to_ascii_lowercase().starts_with("<h1").then(|| {
                    l.split_once('>')
                        .map_or("", |(_, r)| r.split('<').next().unwrap_or(""))
                        .trim()
                        .to_owned()
                })
            })
    })?;
    let word = title
        .split(|c: char| c.is_whitespace() || c == ':')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .find(|w| w.chars().any(char::is_alphanumeric))?;
    (word.chars().count() >= 2).then(|| word.to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    fn level(readme: &str) -> Option<(String, String)> {
        let c = run(&CHECK, &[("README.md", readme)]);
        c.value.map(|v| {
            (
                v["foundation"].as_str().unwrap().to_owned(),
                v["level"].as_str().unwrap().to_owned(),
            )
        })
    }

    fn cncf(l: &str) -> Option<(String, String)> {
        Some(("CNCF".into(), l.into()))
    }

    #[test]
    fn sentences_about_the_project() {
        assert_eq!(
            level("# Quill\n\nQuill is a Cloud Native Computing Foundation sandbox project.\n"),
            cncf("sandbox")
        );
        assert_eq!(
            level(
                "# quill\n\nWe are a [Cloud Native Computing Foundation](https://cncf.io) incubating project.\n"
            ),
            cncf("incubating")
        );
        assert_eq!(
            level("# Quill\n\nQuill is a **graduated** project of the [CNCF](https://cncf.io).\n"),
            cncf("graduated")
        );
        assert_eq!(
            level(
                "# Quill\n\nQuill is hosted by the Cloud Native Computing Foundation (CNCF) as an incubating project.\n"
            ),
            cncf("incubating")
        );
        assert_eq!(
            level("# kube-quill\n\nkube-quill is a CNCF Sandbox project.\n"),
            cncf("sandbox")
        );
        // A history: the highest level it names.
        assert_eq!(
            level(
                "# Quill\n\nQuill was accepted to the CNCF as a sandbox project in 2020. In 2023 Quill became a CNCF incubating project.\n"
            ),
            cncf("incubating")
        );
        assert_eq!(
            level("# Quill\n\nQuill is an LF AI & Data Foundation graduated project.\n"),
            Some(("LF AI & Data".into(), "graduated".into()))
        );
    }

    #[test]
    fn the_shapes_readmes_use() {
        assert_eq!(
            level(
                "# Quill\n\nQuill is a **graduated** Cloud Native Computing Foundation (CNCF) project, used widely.\n"
            ),
            cncf("graduated")
        );
        assert_eq!(
            level(
                "# Quill\n\n<p>Quill is a <a href=\"https://cncf.io\">Cloud Native Computing Foundation</a> Sandbox project.</p>\n"
            ),
            cncf("sandbox")
        );
        assert_eq!(
            level(
                "<h1>Quill</h1>\n<p>A <a href=\"https://cncf.io\">Cloud Native Computing Foundation</a> sandbox project.</p>\n"
            ),
            cncf("sandbox")
        );
        assert_eq!(
            level("# Quill\n\n## CNCF Incubating Project\n\nWe joined in 2021.\n"),
            cncf("incubating")
        );
        assert_eq!(
            level(
                "# Quill\n\nQuill, a [CNCF Sandbox Project](https://cncf.io/sandbox), traces requests.\n"
            ),
            cncf("sandbox")
        );
        assert_eq!(
            level(
                "# Quill\n\n[Quill](https://quill.dev) is built on Kubernetes and now hosted by the Cloud Native Computing Foundation(CNCF) as a [Incubating Level Project](https://cncf.io).\n"
            ),
            cncf("incubating")
        );
        assert_eq!(
            level(
                "# Quill\n\nOriginally donated by Acme, Quill is today CNCF (Cloud Native Computing Foundation) Sandbox project.\n"
            ),
            cncf("sandbox")
        );
        assert_eq!(
            level(
                "# Quill\n\nA client for Kubernetes. Hosted by [CNCF](https://cncf.io/) as a [Sandbox Project](https://cncf.io/s).\n"
            ),
            cncf("sandbox")
        );
        assert_eq!(
            level(
                "# Quill\n\nQuill is a graduated project under the [Cloud Native Computing Foundation](https://cncf.io) (CNCF).\n"
            ),
            cncf("graduated")
        );
    }

    #[test]
    fn the_repository_name_stands_for_a_generic_title() {
        let mem = super::super::testing::memory(&[(
            "README.md",
            "## Why use it?\n\nLong ago, the Acme team wrote the first version of Quill, and Quill is a CNCF incubating project.\n",
        )]);
        let ctx = Ctx::new(vec!["README.md".into()], &mem, Default::default());
        assert!(
            !run_ctx(&ctx).passed,
            "no name to recognise, and not a short subject"
        );
        let ctx = Ctx::new(vec!["README.md".into()], &mem, Default::default())
            .with_repository_name(Some("quill".into()));
        assert_eq!(run_ctx(&ctx).value.unwrap()["level"], "incubating");
    }

    fn run_ctx(ctx: &Ctx<'_>) -> Check {
        (CHECK.run)(ctx)
    }

    #[test]
    fn badges_in_the_opening() {
        assert_eq!(
            level(
                "# Quill\n[![CNCF Status](https://img.shields.io/badge/cncf%20status-incubating-blue.svg)](https://cncf.io)\n"
            ),
            cncf("incubating")
        );
        assert_eq!(
            level("# Quill\n<img src=\"docs/cncf-sandbox.svg\" alt=\"CNCF Sandbox\">\n"),
            cncf("sandbox")
        );
    }

    #[test]
    fn other_subjects_and_mentions_do_not_count() {
        assert_eq!(
            level("# Quill\n\nQuill runs on Kubernetes, which is a CNCF graduated project.\n"),
            None
        );
        assert_eq!(
            level("# Quill\n\nQuill exports traces to Jaeger, a graduated CNCF project.\n"),
            None
        );
        assert_eq!(
            level("# Quill\n\nWe plan to apply to the CNCF sandbox next year.\n"),
            None
        );
        assert_eq!(
            level(
                "# Quill\n\nQuill is a member of the Cloud Native Computing Foundation landscape.\n"
            ),
            None
        );
        assert_eq!(
            level("# Quill\n\n```\nQuill is a CNCF sandbox project.\n```\n"),
            None
        );
        assert!(!run(&CHECK, &[("docs/x.md", "Quill is a CNCF sandbox project.")]).passed);
    }
}
