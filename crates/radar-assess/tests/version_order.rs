//! API version ordering: a total order that agrees with Kubernetes' CRD
//! version priority on the strings Kubernetes understands.

use std::cmp::Ordering;

use proptest::prelude::*;
use radar_assess::version::Version;

/// Kubernetes' version priority, written from its documentation, independently
/// of the implementation: `Less` when `a` has the higher priority (sorts first).
fn kube_priority(a: &str, b: &str) -> Ordering {
    fn parse(s: &str) -> Option<(u8, u64, u64)> {
        let rest = s.strip_prefix('v')?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return None;
        }
        let major: u64 = digits.parse().ok()?;
        let tail = &rest[digits.len()..];
        if tail.is_empty() {
            return Some((2, major, 0));
        }
        for (word, rank) in [("beta", 1), ("alpha", 0)] {
            if let Some(n) = tail.strip_prefix(word)
                && !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
            {
                return Some((rank, major, n.parse().ok()?));
            }
        }
        None
    }
    match (parse(a), parse(b)) {
        // GA before beta before alpha, then the higher major, then the higher suffix.
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

fn kube_or_other() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u64..25).prop_map(|m| format!("v{m}")),
        (1u64..25, prop_oneof![Just("alpha"), Just("beta")], 1u64..25)
            .prop_map(|(m, s, n)| format!("v{m}{s}{n}")),
        "[fq][a-z]{1,4}[0-9]{0,3}".prop_filter("must parse as nothing", |s| matches!(
            Version::parse(s),
            Version::Other(_)
        )),
    ]
}

fn any_version() -> impl Strategy<Value = String> {
    prop_oneof![
        kube_or_other(),
        (
            0u64..4,
            0u64..13,
            0u64..13,
            prop_oneof![Just(""), Just("v")]
        )
            .prop_map(|(a, b, c, v)| format!("{v}{a}.{b}.{c}")),
        (
            0u64..3,
            0u64..5,
            prop_oneof![Just("alpha"), Just("beta"), Just("rc")],
            0u64..4
        )
            .prop_map(|(a, b, p, n)| format!("{a}.{b}.0-{p}.{n}")),
        prop_oneof![
            Just("alpha"),
            Just("beta"),
            Just("stable"),
            Just("GA"),
            Just("N/A"),
            Just("??"),
            Just("deprecated"),
            Just("TODO")
        ]
        .prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(radar_fuzz::config!(2000))]

    #[test]
    fn ordering_is_a_total_order(a in any_version(), b in any_version(), c in any_version()) {
        let (va, vb, vc) = (Version::parse(&a), Version::parse(&b), Version::parse(&c));
        // Antisymmetric, and equal exactly when the parsed versions are equal.
        prop_assert_eq!(va.cmp(&vb), vb.cmp(&va).reverse());
        prop_assert_eq!(va.cmp(&vb) == Ordering::Equal, va == vb);
        // Transitive.
        if va <= vb && vb <= vc {
            prop_assert!(va <= vc, "{} <= {} <= {} but not {} <= {}", a, b, c, a, c);
        }
        // Reflexive.
        prop_assert_eq!(va.cmp(&va), Ordering::Equal);
    }

    #[test]
    fn ordering_agrees_with_kubernetes_priority(a in kube_or_other(), b in kube_or_other()) {
        // Higher priority (sorted first by Kubernetes) = greater here.
        let ours = Version::parse(&b).cmp(&Version::parse(&a));
        prop_assert_eq!(ours, kube_priority(&a, &b), "{} vs {}", a, b);
    }

    #[test]
    fn more_stable_is_greater(a in any_version(), b in any_version()) {
        let (va, vb) = (Version::parse(&a), Version::parse(&b));
        if let (Some(sa), Some(sb)) = (va.stability(), vb.stability())
            && sa < sb {
                prop_assert!(va < vb, "{} ({:?}) should be below {} ({:?})", a, sa, b, sb);
            }
    }
}

#[test]
fn the_kubernetes_documentation_example() {
    let mut list = [
        "foo10",
        "v11alpha2",
        "v1",
        "v3beta1",
        "v12alpha1",
        "v10beta3",
        "foo1",
        "v2",
        "v11beta2",
        "v10",
    ];
    list.sort_by(|a, b| Version::parse(b).cmp(&Version::parse(a)));
    assert_eq!(
        list,
        [
            "v10",
            "v2",
            "v1",
            "v11beta2",
            "v10beta3",
            "v3beta1",
            "v12alpha1",
            "v11alpha2",
            "foo1",
            "foo10"
        ]
    );
}

#[test]
fn the_order_from_the_issue() {
    let mut list = ["v1alpha1", "v1", "v1beta1", "v1beta2"];
    list.sort_by(|a, b| Version::parse(a).cmp(&Version::parse(b)));
    assert_eq!(list, ["v1alpha1", "v1beta1", "v1beta2", "v1"]);
}
