//! What a GitHub token adds to the security section: Code-Review from the
//! merged pull requests, and Signed-Releases from the release assets, as
//! Scorecard reads them. The facts are `radar-github`'s JSON (the evidence's
//! `github` key, docs/github.md).

use serde_json::Value;

use super::{ALL, Basis, Lost, Scored, Security, finish};

/// Scores the checks GitHub's facts answer, in place.
pub fn apply_github(security: &mut Security, github: &Value) {
    if let Some(s) = code_review(github) {
        put(security, "code_review", s);
        security.not_measured.retain(|n| n.name != "Code-Review");
    }
    if let Some(s) = signed_assets(github) {
        put(security, "signed_releases", s);
    }
    security.refresh();
}

fn put(security: &mut Security, id: &str, scored: Scored) {
    let def = match id {
        "code_review" => &CODE_REVIEW,
        _ => ALL
            .iter()
            .copied()
            .find(|d| d.id == id)
            .expect("registered check"),
    };
    security.checks.insert(id.to_owned(), finish(def, scored));
}

/// Code-Review is answered only from GitHub, so it is not in the registry.
static CODE_REVIEW: super::SecurityCheckDef = super::SecurityCheckDef {
    id: "code_review",
    name: "Code-Review",
    risk: super::Risk::High,
    run: |_| Scored::inconclusive("needs GitHub"),
};

/// Scorecard: `floor(10·approved/changesets)`, a merge by someone other
/// than the author counting as an approval. The facts give, over the
/// pull requests merged in 90 days, those approved by another person and
/// those merged by another person, not their union: the larger of the two
/// is taken (a lower bound of Scorecard's count).
fn code_review(g: &Value) -> Option<Scored> {
    let m = g.get("merged_pull_requests")?;
    let merged = m.get("merged")?.as_u64()?;
    if merged == 0 {
        return Some(
            Scored::inconclusive("no pull request merged in 90 days").basis(Basis::Github),
        );
    }
    let approved = m.get("approved").and_then(Value::as_u64).unwrap_or(0);
    let by_other = m
        .get("merged_by_other")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let ok = approved.max(by_other).min(merged);
    let score = (10 * ok / merged) as u8;
    let mut s = Scored::new(
        Some(score),
        format!(
            "{ok} of {merged} pull requests merged in 90 days approved or merged by another person"
        ),
    )
    .basis(Basis::Github);
    if ok < merged {
        s.lost.push(Lost {
            at: None,
            what: format!(
                "{} pull request(s) merged without another person's approval",
                merged - ok
            ),
            points: Some(f64::from(10 - score)),
        });
    }
    Some(s)
}

/// Scorecard's own rule on the assets of the last 5 releases that have
/// assets: provenance 10, a signature 8, else 0; the floor of the mean.
fn signed_assets(g: &Value) -> Option<Scored> {
    let releases = g.get("releases")?.get("recent_with_assets")?.as_array()?;
    if releases.is_empty() {
        return None;
    }
    let mut total = 0u64;
    let mut evidence = Vec::new();
    let mut lost = Vec::new();
    for r in releases {
        let tag = r.get("tag").and_then(Value::as_str).unwrap_or("?");
        let has = |k: &str| {
            r.get(k)
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
        };
        if has("provenance") {
            total += 10;
            evidence.push(format!("release {tag}: provenance"));
        } else if has("signatures") {
            total += 8;
            evidence.push(format!("release {tag}: signed"));
        } else {
            lost.push(Lost {
                at: Some(format!("release {tag}")),
                what: "no signature or provenance among the assets".into(),
                points: None,
            });
        }
    }
    let n = releases.len() as u64;
    let score = (total / n) as u8;
    Some(
        Scored::new(
            Some(score),
            format!(
                "{} of the last {n} releases with assets signed (GitHub)",
                evidence.len()
            ),
        )
        .basis(Basis::Github)
        .evidence(evidence)
        .lost(lost),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn github_answers() {
        let mut sec = super::super::testing::empty_security();
        apply_github(
            &mut sec,
            &json!({"merged_pull_requests": {"merged": 10, "approved": 7, "merged_by_other": 9}}),
        );
        assert_eq!(sec.score("code_review"), Some(9));
        assert!(!sec.not_measured.iter().any(|n| n.name == "Code-Review"));
        assert!(sec.aggregate.checks.contains(&"code_review".to_owned()));
        apply_github(
            &mut sec,
            &json!({"releases": {"recent_with_assets": [
                {"tag": "v2", "signatures": ["a.sig"], "provenance": ["a.intoto.jsonl"]},
                {"tag": "v1", "signatures": ["a.sig"], "provenance": []},
                {"tag": "v0", "signatures": [], "provenance": []}
            ]}}),
        );
        // (10 + 8 + 0) / 3 = 6.
        let c = &sec.checks["signed_releases"];
        assert_eq!((c.score, c.basis), (Some(6), Basis::Github));
        let before = sec.clone();
        apply_github(&mut sec, &json!({}));
        assert_eq!(sec, before);
    }
}
