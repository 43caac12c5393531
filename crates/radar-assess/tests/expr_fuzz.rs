//! The expression language of model criteria: any text parses or gives an
//! error at an offset inside it, and a parsed expression evaluates against
//! any facts (whatever JSON the evidence holds) without a panic, in bounded
//! time and memory.

use proptest::prelude::*;
use radar_assess::expr::{Expr, Facts, Truth};
use serde_json::{Value, json};

radar_fuzz::count_allocations!();

const TOKENS: &[&str] = &[
    "checks.a.passed",
    "checks.a.value",
    "history.commits",
    "history.monthly",
    "releases.latest",
    "github.archived",
    "lifecycle.status",
    "(",
    ")",
    "and",
    "or",
    "not",
    "!",
    "==",
    "!=",
    ">=",
    "<=",
    "<",
    ">",
    "in",
    "[",
    "]",
    ",",
    "1",
    "-2.5",
    "0.5",
    "1e308",
    "-0",
    "'x'",
    "\"y\"",
    "\"y",
    "null",
    "true",
    "false",
    "len",
    "days_since",
    "exists",
    "[0]",
    "[99999999999999999999]",
    ".",
    "=",
    "+",
    " ",
    "  ",
];

#[derive(Debug)]
struct J(Value);

impl Facts for J {
    fn lookup(&self, segments: &[String]) -> Option<&Value> {
        radar_assess::facts::lookup(&self.0, segments)
    }
    fn as_of(&self) -> jiff::Timestamp {
        "2026-01-31T00:00:00Z".parse().unwrap()
    }
}

/// Facts of any shape: the values a criterion looks at are numbers,
/// strings (dates or not), booleans, null, lists or objects.
fn facts() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(
            &[
                "2026-01-01T00:00:00Z",
                "not a date",
                "",
                "Apache-2.0",
                "9999-99-99"
            ][..]
        )
        .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(
                    &[
                        "a", "passed", "value", "commits", "monthly", "latest", "archived",
                        "status", "0"
                    ][..]
                )
                .prop_map(str::to_owned),
                inner,
                0..4,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map(
        prop::sample::select(&["checks", "history", "releases", "github", "lifecycle"][..])
            .prop_map(str::to_owned),
        value,
        0..5,
    )
    .prop_map(|m| J(Value::Object(m.into_iter().collect())))
}

fn check(text: &str, facts: &J) -> Result<(), TestCaseError> {
    match Expr::parse(text) {
        Ok(expr) => {
            prop_assert_eq!(expr.source(), text);
            let _ = expr.evaluate(facts);
        }
        Err(e) => {
            prop_assert!(e.offset <= text.len(), "{e} in {text:?}");
            prop_assert!(!e.message.is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(radar_fuzz::config!(512))]

    #[test]
    fn any_expression_parses_or_says_where(
        tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..16),
        text in radar_fuzz::text(TOKENS),
        facts in facts(),
    ) {
        for text in [tokens.join(" "), tokens.concat(), text] {
            radar_fuzz::bounded(text.len(), || check(&text, &facts))??;
        }
    }
}

/// Deep nesting is an error or a value, not a stack overflow (`((((…`
/// a thousand deep once aborted the process).
#[test]
fn deep_nesting_does_not_overflow() {
    let facts = J(json!({"checks": {"a": {"passed": true}}}));
    let nested = |n: usize| format!("{}checks.a.passed{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(
        Expr::parse(&nested(10)).unwrap().evaluate(&facts).truth,
        Truth::True
    );
    let e = Expr::parse(&nested(1_000)).unwrap_err();
    assert!(e.message.contains("nested more than"), "{e}");
    for depth in [1_000, 100_000] {
        for text in [
            format!("{}checks.a.passed{}", "(".repeat(depth), ")".repeat(depth)),
            format!("{}checks.a.passed", "not ".repeat(depth)),
            format!("{}checks.a.passed", "!".repeat(depth)),
            "checks.a.passed and ".repeat(depth) + "true",
        ] {
            check(&text, &facts).unwrap();
        }
    }
}

/// Line breaks of any kind are spaces between tokens, a BOM or NUL is an
/// error at its place, and an expression longer than a megabyte is parsed
/// (or refused) like a short one.
#[test]
fn line_breaks_bom_nul_and_long_expressions() {
    let facts = J(json!({"checks": {"a": {"passed": true}}}));
    for text in [
        "checks.a.passed\nand\ntrue",
        "checks.a.passed\r\nand\r\ntrue",
        "checks.a.passed\rand\rtrue",
        "checks.a.passed\r\nand\rtrue\n",
    ] {
        let parsed = Expr::parse(text);
        let parsed = parsed.unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(parsed.evaluate(&facts).truth, Truth::True, "{text:?}");
    }
    for (text, at) in [
        ("\u{feff}checks.a.passed", 0),
        ("checks.a.passed and \0", 20),
    ] {
        let e = Expr::parse(text).unwrap_err();
        assert_eq!(e.offset, at, "{text:?}: {e}");
    }
    let long = format!("checks.a.passed{}", " or checks.a.passed".repeat(60_000));
    assert!(long.len() > 1 << 20);
    let (parsed, usage) = radar_fuzz::measure(|| Expr::parse(&long));
    assert!(
        usage.peak_bytes <= radar_fuzz::memory_limit(long.len()),
        "{usage:?}"
    );
    assert_eq!(parsed.unwrap().evaluate(&facts).truth, Truth::True);
}
