//! Adopters: `ADOPTERS*` / `USERS*` (entries counted), or a README reference
//! (an adopters section, or a link to the list kept elsewhere), which passes
//! without a count.
use super::*;

pub(crate) const CHECK: CheckDef = CheckDef {
    id: "adopters",
    title: "Adopters",
    looks_for: "ADOPTERS* or USERS* in the root, .github/ or docs/ (list items and table rows counted), or a README heading or link naming the adopters (no count)",
    run,
};

const TOPIC: Topic = Topic {
    stems: &["adopters", "users.md", "users"],
    words: r"(?i)\badopters\b|\badoption\b|\bwho\s+(is\s+)?us(es|ing)\b|\bused\s+by\b|\b(known|notable|production|our)\s+users\b|^\s*users\s*$",
};

fn run(ctx: &Ctx<'_>) -> Check {
    if let Some(path) = ctx.find_doc(TOPIC.stems) {
        return counted(ctx, path);
    }
    // A list linked from the README is counted; a reference elsewhere has no count.
    counted_reference(ctx, &TOPIC, |path| counted(ctx, path))
}

fn counted(ctx: &Ctx<'_>, path: String) -> Check {
    let n = ctx.read(&path).map_or(0, |d| count_entries(&d.text));
    Check::found(path).with_value(n)
}

/// List items, table data rows and paragraphs opening in bold
/// (`**Acme** - uses it for …`), not headers, separators or code.
fn count_entries(text: &str) -> usize {
    let mut in_fence = false;
    let mut table_header_seen = false;
    let mut paragraph_start = true;
    let mut n = 0;
    for line in text.lines() {
        let l = line.trim();
        let starts_paragraph = std::mem::replace(&mut paragraph_start, l.is_empty());
        if starts_paragraph && !in_fence && (l.starts_with("**") || l.starts_with("__")) {
            n += 1;
            continue;
        }
        if l.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if l.starts_with('|') {
            let sep = l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
            if sep {
                table_header_seen = true; // the row before was the header
            } else if table_header_seen {
                n += 1;
            }
            continue;
        }
        table_header_seen = false;
        let item = l
            .strip_prefix("- ")
            .or_else(|| l.strip_prefix("* "))
            .or_else(|| l.strip_prefix("+ "));
        if item.is_some_and(|i| !i.trim().is_empty()) {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn counts_items_and_rows() {
        let text = "# Adopters\n\n| Org | Use |\n|---|---|\n| Acme | prod |\n| Globex | dev |\n\nOthers:\n- Initech\n- Umbrella\n\n```\n- not me\n```\n";
        let c = run(&CHECK, &[("ADOPTERS.md", text)]);
        assert_eq!((c.passed, c.value), (true, Some(4.into())));
        // containerd's style: one bold-led paragraph per adopter.
        let text = "## Adopters\n\nA list.\n\n**_Docker_** - uses it\nfor **all** things.\n\n**[faasd](https://x)** - too.\n";
        assert_eq!(run(&CHECK, &[("ADOPTERS.md", text)]).value, Some(2.into()));
        assert!(!run(&CHECK, &[("README.md", "# x\n")]).passed);
    }

    #[test]
    fn readme_references_pass_without_a_count() {
        let c = run(&CHECK, &[("README.md", "# x\n## Adopters\n\n- Acme\n")]);
        assert_eq!(
            (c.passed, c.value, c.evidence.as_deref()),
            (true, None, Some("README.md:2"))
        );
        let c = run(
            &CHECK,
            &[(
                "README.md",
                "# x\nSee [who is using x](https://x.io/community/adopters/).\n",
            )],
        );
        assert_eq!((c.passed, c.value), (true, None));
        let c = run(
            &CHECK,
            &[
                ("README.md", "# x\n[Adopters](docs/community/ADOPTERS.md)\n"),
                ("docs/community/ADOPTERS.md", "- Acme\n- Globex\n"),
            ],
        );
        assert_eq!(
            (c.value, c.evidence.as_deref()),
            (Some(2.into()), Some("docs/community/ADOPTERS.md"))
        );
        // Not references: a sentence, a heading for users of the tool.
        assert!(
            !run(
                &CHECK,
                &[("README.md", "# x\nMany adopters run x in production.\n")]
            )
            .passed
        );
        assert!(!run(&CHECK, &[("README.md", "# x\n## Information for users\n")]).passed);
    }
}
