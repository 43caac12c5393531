//! Maintainers: a MAINTAINERS file, else OWNERS (approvers), else CODEOWNERS
//! (distinct owners), with the number of people or teams it names; else a
//! README reference (a maintainers section, or a link to a maintainers file
//! kept elsewhere), which passes without a count.
use std::collections::BTreeSet;

use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "maintainers",
    title: "Maintainers",
    looks_for: "MAINTAINERS* (entries counted), else OWNERS (approvers counted), else CODEOWNERS (distinct owners counted), in the root, .github/ or docs/; else a README heading or link naming the maintainers (no count)",
    run,
};

const TOPIC: Topic = Topic {
    stems: &["maintainers", "owners", "codeowners"],
    words: r"(?i)\bmaintainers\b|\bmaintainership\b|\bcode\s*owners\b|^\s*owners\s*$",
};

fn run(ctx: &Ctx<'_>) -> Check {
    if let Some(path) = ctx.find_doc(&["maintainers"]) {
        return count_file(ctx, path);
    }
    let owners = ctx
        .find_doc_in(&["owners"], &["", ".github", "docs"])
        .filter(|p| {
            let n = file_name(p).to_ascii_lowercase();
            n == "owners" || n == "owners.md" || n == "owners.yaml" || n == "owners.yml"
        });
    if let Some(path) = owners {
        return count_file(ctx, path);
    }
    if let Some(path) = ctx.find_doc_in(&["codeowners"], &["", ".github", "docs"]) {
        return count_file(ctx, path);
    }
    // A maintainers file linked from the README is counted; a reference elsewhere has no count.
    counted_reference(ctx, &TOPIC, |path| count_file(ctx, path))
}

/// Counts the people in a maintainers file, by the format its name implies.
fn count_file(ctx: &Ctx<'_>, path: String) -> Check {
    let text = ctx.read(&path).map(|d| d.text).unwrap_or_default();
    let name = file_name(&path).to_ascii_lowercase();
    let names = if name.starts_with("codeowners") {
        codeowners_file(&text)
    } else if name.starts_with("owners") {
        owners_file(&text)
    } else {
        maintainers_file(&text)
    };
    counted(path, names)
}

fn counted(path: String, names: BTreeSet<String>) -> Check {
    let n = names.len();
    Check::found(path)
        .with_value(n)
        .with_details(names.into_iter().take(500).collect())
}

/// MAINTAINERS files come as Markdown tables, lists, `Name <email>` lines,
/// quoted CSV (`"login","Name","email"`) or TOML `[people.x]` tables.
fn maintainers_file(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let email = re(r"<?([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]+)>?");
    let handle = re(r"(?:^|[\s(\[|])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\b");
    let mut in_fence = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if l.is_empty() || l.starts_with('#') && !l.starts_with("#[") {
            continue;
        }
        if let Some(rest) = l
            .strip_prefix("[people.")
            .or_else(|| l.strip_prefix("[Org.\"Core maintainers\".People."))
        {
            out.insert(
                rest.trim_end_matches(']')
                    .trim_matches('"')
                    .to_ascii_lowercase(),
            );
            continue;
        }
        if l.starts_with('|') {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            if cells
                .iter()
                .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            {
                continue; // separator row
            }
            let first = cells.first().copied().unwrap_or("");
            let lower = first.to_ascii_lowercase();
            if lower.contains("name")
                || lower.contains("maintainer")
                || lower.contains("github")
                || first.is_empty()
            {
                continue; // header row
            }
            out.insert(key_of(l, &email, &handle).unwrap_or_else(|| first.to_ascii_lowercase()));
            continue;
        }
        let is_item = l.starts_with("- ") || l.starts_with("* ") || l.starts_with('"');
        if let Some(k) = key_of(l, &email, &handle) {
            out.insert(k);
        } else if is_item {
            let item = l.trim_start_matches(['-', '*', ' ']).trim();
            if !item.is_empty() && !item.ends_with(':') {
                out.insert(item.to_ascii_lowercase());
            }
        }
    }
    out
}

/// A stable key for one person on a line: the GitHub handle, else the email.
fn key_of(line: &str, email: &Regex, handle: &Regex) -> Option<String> {
    if line.starts_with('"') {
        // containerd style: "login","Name","email","GitHub"
        return line
            .split(',')
            .next()
            .map(|f| f.trim_matches('"').to_ascii_lowercase())
            .filter(|s| !s.is_empty());
    }
    if let Some(c) = handle.captures(line) {
        return Some(c[1].to_ascii_lowercase());
    }
    email.captures(line).map(|c| c[1].to_ascii_lowercase())
}

/// Kubernetes OWNERS (YAML): the people under `approvers:`.
fn owners_file(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut section = "";
    for line in text.lines() {
        let no_comment = line.split('#').next().unwrap_or("");
        if no_comment.trim().is_empty() {
            continue;
        }
        if !no_comment.starts_with([' ', '-', '\t']) {
            section = no_comment.split(':').next().unwrap_or("").trim();
            continue;
        }
        if section == "approvers"
            && let Some(item) = no_comment.trim().strip_prefix('-')
        {
            let name = item.trim().trim_matches(['"', '\'']);
            if !name.is_empty() {
                out.insert(name.to_ascii_lowercase());
            }
        }
    }
    out
}

/// CODEOWNERS: every distinct owner (`@user`, `@org/team`, email) on rule lines.
fn codeowners_file(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('['))
        .flat_map(|l| l.split_whitespace().skip(1))
        .filter(|o| o.starts_with('@') || o.contains('@'))
        .map(|o| o.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn maintainers_formats() {
        let md = "# Maintainers\n\n| Name | GitHub | Company |\n|---|---|---|\n| Ann | @ann | A |\n| Bo | @bo | B |\n\n## Emeritus\n";
        let c = run(&CHECK, &[("MAINTAINERS.md", md)]);
        assert_eq!(
            (c.value.clone(), c.evidence.as_deref()),
            (Some(2.into()), Some("MAINTAINERS.md"))
        );
        let csv = "# comment\n\"ann\",\"Ann A\",\"ann@x.io\",\"AnnA\"\n\"bo\",\"Bo B\",\"bo@y.io\",\"BoB\"\n\"cy\",\"Cy\",\"cy@z.io\",\"Cy\"\n";
        assert_eq!(run(&CHECK, &[("MAINTAINERS", csv)]).value, Some(3.into()));
        let plain = "Ann Smith <ann@x.io> (@ann)\nBo <bo@y.io>\n";
        assert_eq!(run(&CHECK, &[("MAINTAINERS", plain)]).value, Some(2.into()));
    }

    #[test]
    fn owners_counts_approvers_only() {
        let owners =
            "# See the OWNERS docs\napprovers:\n  - alice\n  - bob # lead\nreviewers:\n  - carol\n";
        let c = run(
            &CHECK,
            &[("OWNERS", owners), ("OWNERS_ALIASES", "aliases:\n")],
        );
        assert_eq!(
            (c.value, c.evidence.as_deref()),
            (Some(2.into()), Some("OWNERS"))
        );
    }

    #[test]
    fn codeowners_distinct_owners() {
        let co = "# owners\n* @org/core @alice\n/docs/ @bob @alice\n*.go dev@x.io\n";
        let c = run(&CHECK, &[(".github/CODEOWNERS", co)]);
        assert_eq!(
            (c.value, c.evidence.as_deref()),
            (Some(4.into()), Some(".github/CODEOWNERS"))
        );
        assert!(!run(&CHECK, &[("README.md", "")]).passed);
    }

    #[test]
    fn a_readme_link_passes_without_a_count() {
        let readme = "# containerd\n\n\
                      All projects have common maintainership, governance, and contributing guidelines:\n\n \
                      * [Project governance](https://github.com/containerd/project/blob/main/GOVERNANCE.md),\n \
                      * [Maintainers](https://github.com/containerd/project/blob/main/MAINTAINERS),\n";
        let c = run(&CHECK, &[("README.md", readme)]);
        assert!(c.passed);
        assert_eq!(c.value, None, "a link says nothing about how many");
        assert_eq!(c.evidence.as_deref(), Some("README.md:6"));
        assert_eq!(
            c.details[1],
            "a README link to https://github.com/containerd/project/blob/main/MAINTAINERS, not a file in this repository"
        );
        assert_eq!(c.reference.map(|r| r.kind), Some(ReferenceKind::Link));
        let c = run(
            &CHECK,
            &[("README.md", "# x\n## Maintainers\n\n- Ann\n- Bo\n")],
        );
        assert_eq!(
            (c.passed, c.value, c.evidence.as_deref()),
            (true, None, Some("README.md:2"))
        );
        // A sentence about maintainers is not a reference.
        assert!(
            !run(
                &CHECK,
                &[(
                    "README.md",
                    "# x\nThe maintainers review every pull request.\n"
                )]
            )
            .passed
        );
        assert!(
            !run(
                &CHECK,
                &[("README.md", "# x\nAsk the [team](https://x.io/team).\n")]
            )
            .passed
        );
    }

    #[test]
    fn a_readme_link_into_the_tree_is_counted() {
        let files = [
            (
                "README.md",
                "# x\nSee [Maintainers](community/maintainers.md).\n",
            ),
            ("community/maintainers.md", "- @ann\n- @bo\n- @cy\n"),
        ];
        let c = run(&CHECK, &files);
        assert_eq!(
            (c.value, c.evidence.as_deref()),
            (Some(3.into()), Some("community/maintainers.md"))
        );
        assert_eq!(c.details, ["linked from README.md:2", "ann", "bo", "cy"]);
        assert_eq!(c.reference, None);
    }
}
