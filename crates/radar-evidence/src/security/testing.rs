//! Runs a security check on files in memory, against a small evidence.
use std::collections::BTreeMap;

use super::*;
use crate::checks::testing::memory;
use crate::history::SignOffs;
use crate::model::*;

/// A measured project: active, 90-day commits as given, no releases.
pub fn evidence() -> Evidence {
    let as_of: jiff::Timestamp = "2026-06-01T00:00:00Z".parse().unwrap();
    Evidence {
        schema_version: SCHEMA_VERSION,
        repository: Repository {
            url: "https://example.org/acme/widget".into(),
            path: "/cache/widget.git".into(),
            default_branch: Some("main".into()),
            partial: false,
        },
        head: "4b825dc642cb6eb9a060e54bf8d69288fbee4904".into(),
        as_of,
        history: History {
            commits: 500,
            contributors: 20,
            first_commit: Some("2020-01-01T00:00:00Z".parse().unwrap()),
            last_commit: Some("2026-05-30T00:00:00Z".parse().unwrap()),
            age_days: 2000,
            commits_90d: 40,
            commits_365d: 150,
            active_contributors_90d: 5,
            active_contributors_365d: 9,
            bots: 0,
            monthly: Vec::new(),
            new_contributors_per_year: BTreeMap::new(),
            partial: false,
        },
        organizations: Organizations {
            elephant_factor: 1,
            elephant_factor_all_time: 1,
            window_days: 365,
            count_365d: 1,
            list: Vec::new(),
            independent_share_365d: 0.0,
            unknown_share_365d: 0.0,
            bots_share_365d: 0.0,
            personal_domains: Vec::new(),
        },
        contributor_absence_factor: 2,
        releases: Releases {
            count: 0,
            product_count: 0,
            latest: None,
            latest_stable: None,
            highest: None,
            reached_1_0: false,
            count_365d: 0,
            median_days_between: None,
            other_tags: 0,
            components: BTreeMap::new(),
            submodules: BTreeMap::new(),
            recent: Vec::new(),
            recent_since: as_of,
            recent_truncated: false,
        },
        checks: BTreeMap::new(),
        lifecycle: Lifecycle {
            status: LifecycleStatus::Active,
            evidence: None,
        },
        security: None,
        warnings: Vec::new(),
    }
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
