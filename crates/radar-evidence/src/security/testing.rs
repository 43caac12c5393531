//! Runs a security check on files in memory, against a small evidence.
use std::collections::BTreeMap;

use super::*;
use crate::checks::testing::memory;
use crate::history::SignOffs;

/// A measured project on 2026-06-01: active since 2020, 40 commits in 90
/// days, one organisation, no releases (the evidence tests' empty document
/// with those figures).
pub fn evidence() -> Evidence {
    let mut e = crate::model::tests::evidence_with(BTreeMap::new());
    e.as_of = "2026-06-01T00:00:00Z".parse().unwrap();
    e.releases.recent_since = e.as_of;
    e.history.first_commit = Some("2020-01-01T00:00:00Z".parse().unwrap());
    e.history.last_commit = Some("2026-05-30T00:00:00Z".parse().unwrap());
    e.history.commits = 500;
    e.history.commits_90d = 40;
    e.history.commits_365d = 150;
    e
}

/// Runs `check` on a tree of `files` (paths under `vendor/` are listed as vendored).
pub fn check(check: &SecurityCheckDef, files: &[(&str, &str)]) -> Scored {
    run_with(check, files, &evidence(), &NoTags)
}

pub fn run_bytes(check: &SecurityCheckDef, files: &[(&str, &[u8])]) -> Scored {
    let mem = crate::checks::testing::Memory(
        files
            .iter()
            .map(|(p, b)| ((*p).to_owned(), b.to_vec()))
            .collect(),
    );
    run_on(check, &mem, &evidence(), &NoTags)
}

pub fn run_with(
    check: &SecurityCheckDef,
    files: &[(&str, &str)],
    evidence: &Evidence,
    tags: &dyn TagSignatures,
) -> Scored {
    run_on(check, &memory(files), evidence, tags)
}

fn run_on(
    check: &SecurityCheckDef,
    mem: &crate::checks::testing::Memory,
    evidence: &Evidence,
    tags: &dyn TagSignatures,
) -> Scored {
    let (vendored, own): (Vec<String>, Vec<String>) = mem
        .0
        .keys()
        .cloned()
        .partition(|p| crate::checks::is_vendored(p));
    let ctx = Ctx::new(own, mem, SignOffs::default()).with_vendored(vendored);
    let input = Input::new(&ctx, evidence, tags);
    (check.run)(&input)
}

/// The `path:line`s of the points lost.
pub fn lost_at(s: &Scored) -> Vec<String> {
    s.lost.iter().filter_map(|l| l.at.clone()).collect()
}

/// The security section of an empty tree.
pub fn empty_security() -> Security {
    let ev = evidence();
    let mem = memory(&[]);
    let ctx = Ctx::new(Vec::new(), &mem, SignOffs::default());
    measure(&Input::new(&ctx, &ev, &NoTags))
}
