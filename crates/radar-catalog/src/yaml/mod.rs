//! A YAML document as a tree of nodes that remember where they are.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key, and a serde
//! value loses its place in the file. So a file is read in one pass of
//! granit-parser (the parser under serde-saphyr) into this tree; the schema
//! check walks it and reports every problem with its place; then the typed
//! value is deserialised from the same tree (no second parse, [`De`]),
//! skipping the entries the check rejected so that later checks still run.
//!
//! [`read`] and [`load_located`] do all of this for any type with a JSON
//! Schema (the catalog, the governance records); [`Located`] fields keep
//! their place for checks that run after loading.

mod de;
mod located;
mod read;

pub use de::{De, DeError};
pub use located::{Located, Place};
pub use read::{Read, load_located, read, read_with};

#[cfg(test)]
use std::collections::HashSet;

// The tree itself is the `radar-yaml` crate, shared with the evidence's
// workflow checks; the catalog adds the two-thread parse of large files.
pub(crate) use radar_yaml::is_null_text;
use radar_yaml::parse_at;
pub use radar_yaml::{LineIndex, Node, SyntaxError, Value, parse};

/// How many threads may parse a large file (see [`parse_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Threads {
    /// Always parse on the calling thread.
    One,
    /// Parse a large catalog in two halves on two threads when the machine
    /// has more than one core ([`parse_fast`]); the default.
    #[default]
    Two,
}

/// Parses like [`parse`], on one or two threads (the tree is the same).
pub fn parse_with(text: &str, threads: Threads) -> Result<Node<'_>, SyntaxError> {
    match threads {
        Threads::One => parse(text),
        Threads::Two => parse_fast(text),
    }
}

/// Below this size one thread parses faster than two (thread start-up, merge).
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Parses like [`parse`] and gives the same tree, but a large catalog in block
/// style is cut at an item of its top-level `areas:` list and the two halves
/// are parsed on two threads (the parser is the bulk of loading a catalog).
/// Anything unusual — document markers, directives, an alias across the cut,
/// a syntax error anywhere — falls back to [`parse`], so errors and their
/// places are always those of a whole-file parse. On a machine with one core
/// it is [`parse`].
pub fn parse_fast(text: &str) -> Result<Node<'_>, SyntaxError> {
    if text.len() < PARALLEL_MIN_BYTES || !second_core() {
        return parse(text);
    }
    match cut_areas(text).and_then(|cut| parse_cut(text, cut)) {
        Some(tree) => Ok(tree),
        None => parse(text),
    }
}

/// Whether the process may run on more than one core (asked once).
fn second_core() -> bool {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get())) > 1
}

/// Where to cut: the start of an `areas:` item near the middle, when
/// `areas:` is the last top-level key (as `radar import` and every catalog
/// Radar writes have it: a key after the list would make the end of the
/// list a second cut, where an empty block scalar is placed differently at
/// the end of a half than before a key).
///
/// Every line after `areas:` is looked at (only its indentation and first
/// bytes, so this is a small fraction of a parse): the list's items must all
/// start at one indentation, with nothing less indented, and no top-level
/// key may follow. A line at that indentation cannot be inside a block
/// scalar or a plain scalar of an item (their lines are more indented); one
/// inside a quoted scalar or a flow collection leaves the first half
/// unterminated, which fails its parse and so falls back.
fn cut_areas(text: &str) -> Option<usize> {
    // Lines as the parser counts them: a lone `\r` ends one too.
    let index = radar_text::LineIndex::new(text);
    let line = |n: usize| &text.as_bytes()[index.line_range(text, n)];
    if text.starts_with('%')
        || (1..=index.line_count())
            .any(|n| line(n).starts_with(b"---") || line(n).starts_with(b"..."))
    {
        return None;
    }
    let mut in_areas = false;
    let mut indent: Option<usize> = None;
    let mut items = Vec::new();
    for n in 1..=index.line_count() {
        let (line, line_start) = (line(n), index.line_start(n));
        if !in_areas {
            in_areas = line.trim_ascii_end() == b"areas:";
            continue;
        }
        let lead = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let rest = &line[lead..];
        if rest.trim_ascii_end().is_empty() || rest[0] == b'#' {
            continue;
        }
        let is_item = rest.starts_with(b"- ") || rest.trim_ascii_end() == b"-";
        match indent {
            None if is_item => indent = Some(lead),
            Some(i) if is_item && lead == i => items.push(line_start),
            // A top-level key after the list, or a line less indented than its items.
            None => return None,
            Some(i) if lead < i || (lead == i && !is_item) => return None,
            Some(_) => {}
        }
    }
    let middle = text.len() / 2;
    items.into_iter().min_by_key(|s| s.abs_diff(middle))
}

/// Parses `[..cut]` (a whole document) and `[cut..]` (more `areas:` items)
/// on two threads and joins them.
fn parse_cut(text: &str, cut: usize) -> Option<Node<'_>> {
    // The first half ends just after the `-` of the cut item, so that the
    // parser sees the same tokens up to there as in the whole file (where an
    // empty value or block scalar is placed depends on the token after it);
    // the empty item that `-` gives at the end of the half is then dropped.
    let dash = cut
        + text.as_bytes()[cut..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
    if text.as_bytes().get(dash) != Some(&b'-') {
        return None;
    }
    let (head, items) = (&text[..=dash], &text[cut..]);
    let (head, items) = std::thread::scope(|s| {
        let other = s.spawn(|| parse_at(items, cut).ok());
        (parse_at(head, 0).ok(), other.join().ok().flatten())
    });
    let (mut root, items) = (head?, items?);
    let Value::Seq(more) = items.value else {
        return None;
    };
    let Value::Map(entries) = &mut root.value else {
        return None;
    };
    let (key, areas) = entries.last_mut()?;
    if key.as_str() != Some("areas") {
        return None;
    }
    let Value::Seq(list) = &mut areas.value else {
        return None;
    };
    match list.pop() {
        Some(empty) if empty.is_null() && empty.start >= dash => {}
        _ => return None,
    }
    list.extend(more);
    areas.end = items.end;
    root.end = items.end;
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// Lines of a project at indentation 8: block scalars whose lines look
    /// like items, flow collections over several lines, anchors, comments.
    const FIELDS: &[&str] = &[
        "        goal: g\n",
        "        goal: |\n          text\n          - not an item\n",
        "        goal: >-\n          folded\n\n          more\n",
        "        goal: |+\n          kept\n\n",
        "        goal: >-\n",
        "        goal: |\n",
        "        goal:\n",
        "        goal: ''\n",
        "        goal: \"quoted\n          on two lines\"\n",
        "        apis: [a,\n          b]\n",
        "        apis: {version: v1}\n",
        "        apis:\n        - version: v1\n",
        "        note: &x anchored\n",
        "        again: *x\n",
        "        # a comment\n",
        "  # a comment\n",
        "\n",
        "        é: ünïcödé ✓\n",
    ];

    /// Lines that may break a catalog or fool a cut: quoted scalars and flow
    /// collections whose lines look like items, tabs, other indentations,
    /// top-level keys, document markers, broken syntax, odd keys and items.
    const TRICKY: &[&str] = &[
        "        goal: \"quoted\n  - still quoted\"\n",
        "        goal: 'single\n  - still'\n",
        "        goal: plain\n  - item or not\n",
        "        apis: [a,\n  - b]\n",
        "        apis: {a: 1,\n  - b: 2}\n",
        "  - plain\n    continued\n",
        "  -\n    name: B\n",
        "  - [x, y]\n",
        "  - ? complex\n    : key\n",
        "  - !tag tagged\n",
        "  -x\n",
        "\t- tab\n",
        "  \t- tab\n",
        "- name: D\n",
        " - name: E\n",
        "    - name: deeper\n",
        "later: key\n",
        "notes: |\n  - looks like an item\n",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "        bad: [unclosed\n",
        "        bad: \"unclosed\n",
        "        dup: 1\n        dup: 2\n",
        "        ~: null key\n",
    ];

    /// A catalog in block style with items at indentation 2, and maybe one
    /// tricky line somewhere.
    fn catalog_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let project = proptest::collection::vec(proptest::sample::select(FIELDS), 0..5)
            .prop_map(|fields| format!("      - name: P\n{}", fields.concat()));
        let area = proptest::collection::vec(project, 0..4)
            .prop_map(|ps| format!("  - name: A\n    projects:\n{}", ps.concat()));
        (
            proptest::sample::select(&["title: T\n", "title: T\nintro: |\n  - x\n", ""][..]),
            proptest::collection::vec(area, 1..8),
            proptest::sample::select(&["", "platform: X\n", "notes: |\n  - x\n\n"][..]),
            proptest::option::of((
                any::<proptest::sample::Index>(),
                proptest::sample::select(TRICKY),
            )),
        )
            .prop_map(|(head, areas, tail, tricky)| {
                let mut text = format!("{head}areas:\n{}{tail}", areas.concat());
                if let Some((at, line)) = tricky {
                    let starts: Vec<usize> = std::iter::once(0)
                        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                        .collect();
                    text.insert_str(starts[at.index(starts.len())], line);
                }
                text
            })
    }

    proptest::proptest! {
        #![proptest_config(radar_fuzz::config!(3_000))]

        /// Wherever the two-thread parse takes a cut and both halves parse, it
        /// gives exactly the tree of the whole-file parse, every place
        /// included; when the whole file is not YAML, it never gives a tree
        /// (so errors come from the whole parse).
        #[test]
        fn a_cut_never_changes_the_tree(text in catalog_text()) {
            let whole = parse(&text);
            if let Some(cut) = cut_areas(&text)
                && let Some(tree) = parse_cut(&text, cut)
            {
                let whole = whole.expect("the halves parse only if the whole does");
                proptest::prop_assert_eq!(&tree, &whole, "{}", text);
            }
        }
    }

    /// The two-thread parse gives exactly the tree of the one-thread parse.
    #[test]
    fn cut_parse_equals_whole_parse() {
        let mut text = String::from("title: T\nareas:\n");
        for a in 0..40 {
            text.push_str(&format!("  - name: Area {a}\n    projects:\n"));
            for p in 0..3 {
                text.push_str(&format!("      - name: P{a}-{p}\n        goal: |\n          line one\n          - not an item\n        apis: [{{version: v1}}]\n"));
            }
            text.push_str("  # a comment\n\n");
        }
        let cut = cut_areas(&text).expect("cuttable");
        assert!(cut > text.len() / 3 && cut < text.len() * 2 / 3, "{cut}");
        assert!(text[cut..].starts_with("  - name: Area "), "{cut}");
        assert_eq!(
            parse_cut(&text, cut).expect("halves parse"),
            parse(&text).unwrap()
        );
        // An alias across the cut cannot be parsed in halves: no result, so parse_fast falls back.
        let aliased =
            text.replacen("line one", "&x line one", 1) + "      - name: again\n        goal: *x\n";
        assert_eq!(parse_cut(&aliased, cut_areas(&aliased).unwrap()), None);
        // Errors always come from the whole-file parse.
        let broken = text.replace("P39-2", "[P39-2");
        assert_eq!(parse_cut(&broken, cut_areas(&broken).unwrap()), None);
        assert!(parse(&broken).is_err());
        // A key after the list: no cut (see cut_areas).
        assert_eq!(cut_areas(&format!("{text}platform: Azure\n")), None);
        assert_eq!(cut_areas("title: x\nareas: []\n"), None);
        assert_eq!(cut_areas("---\nareas:\n- a\n- b\n"), None);
    }

    #[test]
    fn deserialises_text_as_written() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct T {
            v: String,
            o: Option<String>,
            n: Vec<String>,
        }
        let root = parse("v: 1.10\no: ~\nn: [true, x]\n").unwrap();
        let skip = HashSet::new();
        let t = T::deserialize(De::new(&root, &skip)).unwrap();
        assert_eq!(
            t,
            T {
                v: "1.10".into(),
                o: None,
                n: vec!["true".into(), "x".into()]
            }
        );
        let root = parse("v: [1]\no: x\nn: []\n").unwrap();
        let err = T::deserialize(De::new(&root, &skip)).unwrap_err();
        assert_eq!(err.at, Some(3));
    }
}
