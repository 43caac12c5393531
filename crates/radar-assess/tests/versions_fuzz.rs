//! Versions as catalogs write them and tags as repositories name them: any
//! text is a version, a tag version or neither, never a panic, in bounded
//! time and memory; and the order of versions stays a total order on hostile
//! text too (sorting a list with it never panics).

use std::cmp::Ordering;

use proptest::prelude::*;
use radar_assess::version::{Version, classify, parse_semver};
use radar_catalog::ApiVersion;
use radar_evidence::releases::parse_tag;

radar_fuzz::count_allocations!();

/// Pieces of version and tag names: prefixes, separators, stages, numbers
/// (huge ones too), calendar and four-part forms.
const PIECES: &[&str] = &[
    "v",
    "V",
    "1",
    "0",
    "2024",
    "01",
    "99999999999999999999999",
    ".",
    "-",
    "+",
    "_",
    "/",
    "alpha",
    "beta",
    "rc",
    "pre",
    "GA",
    "stable",
    "N/A",
    "??",
    "TODO",
    "deprecated",
    "release-",
    "api/",
    "pkg/azclient/trace/",
    "1.2.3",
    "1.2.3.4",
    "2024.01.15",
    "v1beta1",
    "v2alpha3",
    "v1",
    "build.5",
    "^",
    "~",
    ">=",
    "*",
    "x",
    " ",
];

proptest! {
    #![proptest_config(radar_fuzz::config!(256))]

    #[test]
    fn any_text_is_a_version_or_not(texts in prop::collection::vec(radar_fuzz::text(PIECES), 1..5)) {
        let len = texts.iter().map(String::len).sum();
        radar_fuzz::bounded(len, || {
            let mut versions: Vec<Version> = texts.iter().map(|t| Version::parse(t)).collect();
            for (t, v) in texts.iter().zip(&versions) {
                let _ = (v.stability(), v.kind(), parse_semver(t));
                prop_assert_eq!(v.cmp(v), Ordering::Equal, "{:?}", t);
            }
            for a in &versions {
                for b in &versions {
                    prop_assert_eq!(a.cmp(b), b.cmp(a).reverse(), "{:?} {:?}", a, b);
                }
            }
            versions.sort();
            let apis: Vec<ApiVersion> = texts
                .iter()
                .map(|t| ApiVersion { name: Some(t.clone()), version: t.clone() })
                .collect();
            let stability = classify(&apis);
            prop_assert_eq!(stability.entries.len(), apis.len());
            Ok(())
        })??;
    }

    #[test]
    fn any_tag_is_a_tag_version_or_not(name in radar_fuzz::text(PIECES)) {
        let tag = radar_fuzz::bounded(name.len(), || parse_tag(&name))?;
        if let Some(tag) = tag {
            // What was read is in the name (numbers are not invented).
            prop_assert!(name.contains(&tag.version.major.to_string()), "{:?} → {:?}", name, tag);
        }
    }
}

#[test]
fn awkward_versions_and_tags() {
    let long = "1.".repeat(1 << 19) + "0";
    for text in [
        "\u{feff}v1.2.3",
        "v1.2.3\0",
        "1.2.3\r",
        "\r\n",
        &long,
        "v99999999999999999999999",
    ] {
        let _ = Version::parse(text);
        let _ = parse_tag(text);
    }
    assert_eq!(Version::parse("1.2.3\r").kind(), "semver");
}
