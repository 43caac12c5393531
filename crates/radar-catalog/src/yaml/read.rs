//! Reading a YAML file into any type that derives `Deserialize` and
//! `JsonSchema`, with every problem reported at once: one parse into the
//! located tree, a walk of the tree against the type's JSON Schema (unknown
//! keys at any depth with "did you mean", wrong kinds of value, missing
//! fields, duplicate keys, values outside an enumeration), then deserialising
//! from the same tree with the rejected entries left out.
//!
//! The catalog is read this way ([`crate::check_str`]), and so is any other
//! file that wants the same diagnostics (the governance records).

use serde::de::DeserializeOwned;

use super::{De, Node, Threads, parse_with};
use crate::codes;
use crate::diagnostic::{self, Diagnostic, SourceFile};
use crate::schema_check::{self, Options};

/// A file read through the located tree.
#[derive(Debug)]
pub struct Read<'a, T> {
    /// The tree, unless the text is not YAML; checks that need more places
    /// than [`Located`](super::Located) values give can walk it.
    pub tree: Option<Node<'a>>,
    /// The value, unless the file could not be read as a `T` at all.
    pub value: Option<T>,
    /// Every problem found, in the order found (see [`diagnostic::sort`]).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `source` as a `T` described by `schema` (the JSON Schema of `T`, as
/// schemars derives it). Structural problems carry the catalog's codes
/// (`C001` YAML syntax, `C002` unknown field, `C003` wrong type, `C004`
/// missing field, `C007` duplicate key, `C008` invalid value).
pub fn read<'a, T: DeserializeOwned>(
    source: &'a SourceFile,
    schema: &serde_json::Value,
    options: Options<'_>,
) -> Read<'a, T> {
    read_with(source, schema, options, Threads::default())
}

/// [`read`], parsing on one or two threads (the result is the same).
pub fn read_with<'a, T: DeserializeOwned>(
    source: &'a SourceFile,
    schema: &serde_json::Value,
    options: Options<'_>,
    threads: Threads,
) -> Read<'a, T> {
    let tree = match parse_with(&source.text, threads) {
        Ok(tree) => tree,
        Err(e) => {
            let d = Diagnostic::error(codes::YAML_SYNTAX, format!("invalid YAML: {}", e.message))
                .at(source, e.at..e.at + 1);
            return Read {
                tree: None,
                value: None,
                diagnostics: vec![d],
            };
        }
    };
    let outcome = schema_check::check_with(&tree, schema, source, options);
    let mut diagnostics = outcome.diagnostics;
    let mut de = De::new(&tree, &outcome.skip).in_source(source);
    if options.leave_out_broken {
        de = de.leaving_out(&outcome.broken_items);
    }
    let value = match T::deserialize(de) {
        Ok(value) => Some(value),
        Err(e) => {
            // The schema check explains most failures already; add this one only if it did not.
            if !diagnostics.iter().any(Diagnostic::is_error) {
                let at = e.at.unwrap_or(0);
                diagnostics
                    .push(Diagnostic::error(codes::WRONG_TYPE, e.message).at(source, at..at + 1));
            }
            None
        }
    };
    Read {
        tree: Some(tree),
        value,
        diagnostics,
    }
}

/// Reads `source` as any `T` with a JSON Schema: the value (with whatever
/// could not be read left out, see [`Options::leave_out_broken`]; `None` only
/// when the text is not YAML or its top level cannot be read as a `T`) and
/// every problem, sorted by place. `root` names the whole document in
/// messages (`the governance records`). Fields declared as
/// [`Located`](super::Located) get their line and column, so later checks can
/// report at them too.
pub fn load_located<T: DeserializeOwned + schemars::JsonSchema>(
    source: &SourceFile,
    root: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    let schema = serde_json::to_value(schemars::schema_for!(T)).expect("a JSON Schema serialises");
    let options = Options {
        root,
        leave_out_broken: true,
    };
    let Read {
        value,
        mut diagnostics,
        ..
    } = read::<T>(source, &schema, options);
    diagnostic::sort(&mut diagnostics);
    (value, diagnostics)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use schemars::JsonSchema;
    use serde::Deserialize;

    use super::*;
    use crate::yaml::Located;

    /// A small records-like format: a roster and meetings with votes.
    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Minutes {
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        meetings: Vec<Meeting>,
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Meeting {
        date: Located<String>,
        #[serde(default)]
        kind: Option<Kind>,
        /// Member → vote.
        #[serde(default)]
        votes: BTreeMap<String, Located<String>>,
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Regular,
        Special,
    }

    fn load(text: &str) -> (Option<Minutes>, Vec<Diagnostic>) {
        load_located::<Minutes>(&SourceFile::new("m.yaml", text), "the minutes")
    }

    fn summary(d: &[Diagnostic]) -> Vec<String> {
        d.iter()
            .map(|d| format!("{}:{} {}", d.line, d.col, d.code))
            .collect()
    }

    #[test]
    fn every_structural_problem_at_once_and_the_rest_still_loads() {
        let text = "\
title: T
meetings:
  - date: 2025-01-02
    votes: {ana: yes, ben: [no]}
  - dtae: 2025-02-03
    votes: {ana: yes}
  - date: 2025-03-04
    kind: regluar
    place: Room 1
  - just text
  - date: 2025-04-05
    votes: {ana: yes, ana: no}
";
        let (minutes, d) = load(text);
        assert_eq!(
            summary(&d),
            [
                "4:28 C003",  // ben: [no]
                "5:5 C002",   // dtae
                "5:5 C004",   // …so no date
                "8:11 C008",  // regluar
                "9:5 C002",   // place
                "10:5 C003",  // a meeting that is text
                "12:23 C007"  // ana twice
            ],
            "{d:#?}"
        );
        assert_eq!(d[1].help.as_deref(), Some("did you mean `date`?"));
        assert_eq!(d[3].help.as_deref(), Some("did you mean `regular`?"));
        assert_eq!(d[1].snippet.as_deref(), Some("  - dtae: 2025-02-03"));
        assert!(
            d[0].message.contains("expected text for `ben`"),
            "{}",
            d[0].message
        );
        assert!(
            d[5].message.contains("for `meetings` of the minutes"),
            "{}",
            d[5].message
        );

        // What could be read is there; the unreadable meetings are left out,
        // the rejected entries of the others too.
        let m = minutes.expect("the rest loads");
        assert_eq!(m.title.as_deref(), Some("T"));
        let dates: Vec<&str> = m.meetings.iter().map(|m| m.date.value.as_str()).collect();
        assert_eq!(dates, ["2025-01-02", "2025-03-04", "2025-04-05"]);
        assert_eq!(m.meetings[0].votes.keys().collect::<Vec<_>>(), ["ana"]);
        assert!(m.meetings[1].kind.is_none());
        assert_eq!(m.meetings[2].votes["ana"].value, "yes");
    }

    #[test]
    fn located_values_know_their_place() {
        let (m, d) = load("meetings:\n  - date: '2025-01-02'\n    votes:\n      élan: abstain\n");
        assert!(d.is_empty(), "{d:?}");
        let m = m.unwrap();
        let date = &m.meetings[0].date;
        assert_eq!(
            (date.place.line, date.place.col, date.place.len),
            (2, 11, 12)
        );
        let vote = &m.meetings[0].votes["élan"];
        assert_eq!(
            (vote.place.line, vote.place.col, vote.place.len),
            (4, 13, 7)
        );
        assert_eq!(
            &"meetings:\n  - date: '2025-01-02'\n"[date.place.start..date.place.end],
            "'2025-01-02'"
        );
    }

    #[test]
    fn unreadable_top_level_gives_no_value() {
        let (m, d) = load("- a\n- b\n");
        assert!(m.is_none());
        assert_eq!(summary(&d), ["1:1 C003"]);
        assert!(d[0].message.contains("the minutes"), "{}", d[0].message);
        let (m, d) = load("meetings: [\n");
        assert!(m.is_none());
        assert_eq!(d[0].code, "C001");
    }

    /// Strict reading (the catalog's) fails the whole file on an unreadable
    /// item instead of leaving it out.
    #[test]
    fn strict_reading_keeps_items_or_fails() {
        let source = SourceFile::new("m.yaml", "meetings:\n  - votes: {}\n  - date: x\n");
        let schema = serde_json::to_value(schemars::schema_for!(Minutes)).unwrap();
        let strict = Options {
            root: "the minutes",
            leave_out_broken: false,
        };
        let r = read::<Minutes>(&source, &schema, strict);
        assert!(r.value.is_none() && r.tree.is_some());
        assert_eq!(summary(&r.diagnostics), ["2:5 C004"]);
        let lenient = Options {
            leave_out_broken: true,
            ..strict
        };
        let r = read::<Minutes>(&source, &schema, lenient);
        assert_eq!(r.value.map(|m| m.meetings.len()), Some(1));
    }

    /// Without the file at hand (another deserializer), a located value still reads.
    #[test]
    fn located_reads_from_other_deserializers() {
        let v: Located<String> = serde_json::from_str("\"x\"").unwrap();
        assert_eq!((v.value.as_str(), v.place.line), ("x", 0));
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"x\"");
    }
}
