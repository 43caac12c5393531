//! Signed-Releases from git alone: the signatures in the tag objects of the
//! last 5 releases. Scorecard (`checks/evaluation/signed_releases.go`) looks
//! at the assets of the last 5 GitHub releases: a signature file gives a
//! release 8, a provenance file 10, the score is the floor of the mean, and
//! no release is inconclusive. A tag signed with `git tag -s` (OpenPGP, SSH,
//! or X.509/sigstore's gitsign) is the same promise made in git: it gives
//! its release 8 (git has no provenance, so 10 needs the assets: with a
//! GitHub token, `security::apply_github` scores the assets as Scorecard does).
use crate::security::tags::TagKind;
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "signed_releases",
    name: "Signed-Releases",
    risk: Risk::High,
    run,
};

/// Scorecard's window.
const LAST: usize = 5;

fn run(input: &Input<'_>) -> Scored {
    let releases = &input.evidence.releases;
    let mut tags: Vec<&str> = releases
        .recent
        .iter()
        .map(|r| r.tag.as_str())
        .take(LAST)
        .collect();
    if tags.is_empty()
        && let Some(latest) = &releases.latest
    {
        tags.push(&latest.tag);
    }
    if tags.is_empty() {
        return Scored::inconclusive("no releases");
    }
    let mut total = 0u32;
    let mut evidence = Vec::new();
    let mut lost = Vec::new();
    for tag in &tags {
        match input.tags.tag(tag) {
            TagKind::Annotated(Some(sig)) => {
                total += 8;
                evidence.push(format!("refs/tags/{tag} ({} signature)", sig.label()));
            }
            TagKind::Annotated(None) => lost.push(Lost::at(
                format!("refs/tags/{tag}"),
                "annotated tag, not signed",
            )),
            TagKind::Lightweight => lost.push(Lost::at(
                format!("refs/tags/{tag}"),
                "lightweight tag, not signed",
            )),
            TagKind::Missing => lost.push(Lost::at(format!("refs/tags/{tag}"), "tag not found")),
        }
    }
    let n = tags.len() as u32;
    let score = (total / n) as u8;
    for l in &mut lost {
        l.points = Some((800.0 / f64::from(n)).round() / 100.0);
    }
    Scored::new(
        Some(score),
        format!("{} of the last {n} release tags signed", evidence.len()),
    )
    .evidence(evidence)
    .lost(lost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;
    use crate::security::tags::TagSignature;
    use crate::security::testing::*;

    struct Tags;
    impl TagSignatures for Tags {
        fn tag(&self, name: &str) -> TagKind {
            match name {
                "v3" | "v2" => TagKind::Annotated(Some(TagSignature::Ssh)),
                "v1" => TagKind::Annotated(None),
                _ => TagKind::Lightweight,
            }
        }
    }

    fn release(tag: &str) -> Release {
        Release {
            tag: tag.into(),
            version: "1.0.0".into(),
            date: "2026-01-01T00:00:00Z".parse().unwrap(),
            component: None,
            prerelease: false,
            stable: true,
        }
    }

    #[test]
    fn signed_tags() {
        let mut ev = evidence();
        assert_eq!(run_with(&CHECK, &[], &ev, &Tags).score, None);
        ev.releases.recent = ["v3", "v2", "v1", "v0"]
            .iter()
            .map(|t| release(t))
            .collect();
        // (8 + 8 + 0 + 0) / 4 = 4.
        let s = run_with(&CHECK, &[], &ev, &Tags);
        assert_eq!(
            (s.score, lost_at(&s)),
            (
                Some(4),
                vec!["refs/tags/v1".to_owned(), "refs/tags/v0".to_owned()]
            )
        );
        ev.releases.recent.truncate(2);
        assert_eq!(run_with(&CHECK, &[], &ev, &Tags).score, Some(8));
    }
}
