//! GitHub releases: how many, the latest, and whether recent ones ship
//! signatures, provenance and SBOMs (the OpenSSF Scorecard Signed-Releases inputs).
//!
//! One request for the newest 100; one more for the last page when there are more
//! (its length plus the full pages before it is the total).

use jiff::Timestamp;
use serde::Deserialize;

use crate::context::{Ctx, link_rel, page_number};
use crate::error::Result;
use crate::facts::{ReleaseSummary, Releases};

const PER_PAGE: u64 = 100;
/// Scorecard's Signed-Releases looks at the last five releases that have assets.
const RECENT_WITH_ASSETS: usize = 5;

#[derive(Debug, Deserialize)]
struct ReleaseJson {
    tag_name: String,
    name: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    prerelease: bool,
    published_at: Option<Timestamp>,
    created_at: Option<Timestamp>,
    #[serde(default)]
    assets: Vec<AssetJson>,
}

#[derive(Debug, Deserialize)]
struct AssetJson {
    name: String,
}

pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Result<Releases> {
    let first_url = ctx.repo_url(&format!("/releases?per_page={PER_PAGE}"));
    let first = ctx
        .transport
        .get_json::<Vec<ReleaseJson>>(&first_url, ctx.stats)
        .await?;
    // Only the page number is taken from the `Link` header; the URL is ours, so a
    // token never follows a link to another host.
    let last_page = link_rel(first.link.as_deref(), "last").and_then(|u| page_number(&u));
    let total = match last_page {
        Some(last_page) if last_page > 1 => {
            let last_url = ctx.repo_url(&format!("/releases?per_page={PER_PAGE}&page={last_page}"));
            let last = ctx
                .transport
                .get_json::<Vec<ReleaseJson>>(&last_url, ctx.stats)
                .await?;
            (last_page - 1) * PER_PAGE + last.value.len() as u64
        }
        _ => first.value.iter().filter(|r| !r.draft).count() as u64,
    };
    Ok(summarise(
        first.value,
        total,
        ctx.now,
        ctx.days_before_now(365),
    ))
}

fn summarise(
    mut releases: Vec<ReleaseJson>,
    total: u64,
    now: Timestamp,
    year_ago: Timestamp,
) -> Releases {
    // Published releases as of `now`, newest first (GitHub orders by creation).
    releases.retain(|r| !r.draft && date(r).is_some_and(|d| d <= now));
    releases.sort_by_key(|r| std::cmp::Reverse(date(r)));
    let latest = releases.iter().find(|r| !r.prerelease).map(summary);
    let published_365d = releases
        .iter()
        .filter(|r| date(r).is_some_and(|d| d > year_ago))
        .count() as u64;
    let recent_with_assets: Vec<ReleaseSummary> = releases
        .iter()
        .filter(|r| !r.assets.is_empty())
        .take(RECENT_WITH_ASSETS)
        .map(summary)
        .collect();
    let count =
        |f: fn(&ReleaseSummary) -> bool| recent_with_assets.iter().filter(|r| f(r)).count() as u64;
    Releases {
        total,
        latest,
        published_365d,
        signed: count(|r| !r.signatures.is_empty()),
        with_provenance: count(|r| !r.provenance.is_empty()),
        with_sbom: count(|r| !r.sboms.is_empty()),
        recent_with_assets,
    }
}

fn date(r: &ReleaseJson) -> Option<Timestamp> {
    r.published_at.or(r.created_at)
}

fn summary(r: &ReleaseJson) -> ReleaseSummary {
    let mut s = ReleaseSummary {
        tag: r.tag_name.clone(),
        name: r.name.clone().filter(|n| !n.trim().is_empty()),
        published_at: date(r),
        prerelease: r.prerelease,
        assets: r.assets.len() as u64,
        signatures: Vec::new(),
        provenance: Vec::new(),
        sboms: Vec::new(),
    };
    for asset in &r.assets {
        match classify(&asset.name) {
            Some(AssetKind::Signature) => s.signatures.push(asset.name.clone()),
            Some(AssetKind::Provenance) => s.provenance.push(asset.name.clone()),
            Some(AssetKind::Sbom) => s.sboms.push(asset.name.clone()),
            None => {}
        }
    }
    s
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AssetKind {
    Signature,
    Provenance,
    Sbom,
}

/// Scorecard's signature and provenance extensions; SBOMs by SPDX/CycloneDX naming.
/// The suffix decides first: `sbom.spdx.json.sig` is a signature (of an SBOM).
fn classify(name: &str) -> Option<AssetKind> {
    const SIGNATURES: &[&str] = &[
        ".asc",
        ".sig",
        ".sign",
        ".minisig",
        ".sigstore",
        ".sigstore.json",
    ];
    let n = name.to_ascii_lowercase();
    if SIGNATURES.iter().any(|s| n.ends_with(s)) {
        Some(AssetKind::Signature)
    } else if n.ends_with(".intoto.jsonl") {
        Some(AssetKind::Provenance)
    } else if n.contains(".spdx")
        || n.contains(".cdx.")
        || n.contains("sbom")
        || n.ends_with("bom.json")
        || n.ends_with("bom.xml")
    {
        Some(AssetKind::Sbom)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_kinds() {
        assert_eq!(
            classify("tool_1.0_linux_amd64.tar.gz.asc"),
            Some(AssetKind::Signature)
        );
        assert_eq!(classify("checksums.txt.sig"), Some(AssetKind::Signature));
        assert_eq!(classify("tool.minisig"), Some(AssetKind::Signature));
        assert_eq!(classify("tool.sigstore.json"), Some(AssetKind::Signature));
        assert_eq!(
            classify("multiple.intoto.jsonl"),
            Some(AssetKind::Provenance)
        );
        assert_eq!(classify("tool.spdx.json"), Some(AssetKind::Sbom));
        assert_eq!(classify("tool.cdx.json"), Some(AssetKind::Sbom));
        assert_eq!(classify("tool-sbom.json.sig"), Some(AssetKind::Signature));
        assert_eq!(classify("tool_linux_amd64.tar.gz"), None);
        assert_eq!(classify("design.signal.txt"), None);
    }
}
