//! Evidence on scripted fixtures, compared with what the git CLI reports on
//! the same repository.

mod common;

use common::{fixture, git, ts};
use radar_evidence::{InspectOptions, LifecycleStatus, OrganizationKind, inspect};

fn opts(as_of: &str) -> InspectOptions {
    InspectOptions {
        as_of: Some(ts(as_of)),
        ..Default::default()
    }
}

/// An organisation or bucket by name: (kind, commits, contributors).
fn org(o: &radar_evidence::Organizations, name: &str) -> Option<(OrganizationKind, u64, u64)> {
    o.list
        .iter()
        .find(|x| x.name == name)
        .map(|x| (x.kind, x.commits, x.contributors))
}

#[test]
fn history_matches_git() {
    let fx = fixture("widget");
    let ev = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    let d = &fx.path;
    assert_eq!(ev.head, git(d, &["rev-parse", "HEAD"]).trim());
    assert_eq!(
        ev.history.commits,
        git(d, &["rev-list", "--count", "HEAD"])
            .trim()
            .parse::<u64>()
            .unwrap()
    );
    assert_eq!(
        ev.history.contributors,
        git(d, &["shortlog", "-sne", "HEAD"]).lines().count() as u64
    );
    let dates: Vec<i64> = git(d, &["log", "--format=%at", "HEAD"])
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(
        ev.history.first_commit.unwrap().as_second(),
        *dates.iter().min().unwrap()
    );
    assert_eq!(
        ev.history.last_commit.unwrap().as_second(),
        *dates.iter().max().unwrap()
    );
    let cut = ts("2024-06-30T00:00:00Z").as_second() - 365 * 86_400;
    assert_eq!(
        ev.history.commits_365d,
        dates.iter().filter(|&&t| t > cut).count() as u64
    );
    let since = git(
        d,
        &["shortlog", "-sne", "--since=2023-07-01T00:00:00Z", "HEAD"],
    );
    assert_eq!(
        ev.history.active_contributors_365d,
        since.lines().count() as u64
    );
    // The fixture's own figures, so a wrong reference would not go unnoticed.
    assert_eq!((ev.history.commits, ev.history.contributors), (29, 8));
    assert_eq!(ev.history.commits_365d, 15);
    assert_eq!(ev.history.active_contributors_365d, 3);
    assert_eq!(ev.history.age_days, 1997); // 2019-01-10T10:00 → 2024-06-30T00:00
    assert!(!ev.history.partial && !ev.repository.partial);
    assert_eq!(ev.repository.default_branch.as_deref(), Some("main"));
}

#[test]
fn monthly_series_and_newcomers() {
    let fx = fixture("widget");
    let ev = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    let m = &ev.history.monthly;
    assert_eq!(m.first().unwrap().month, "2019-01");
    assert_eq!(m.last().unwrap().month, "2024-06");
    assert_eq!(m.len(), 66, "gaps are filled");
    assert_eq!(m.iter().map(|m| m.commits).sum::<u64>(), ev.history.commits);
    let june = m.iter().find(|m| m.month == "2024-06").unwrap();
    assert_eq!((june.commits, june.authors), (3, 2)); // Work 5, Work 11 (Bob), Deprecate (Alice)
    let per_year: Vec<(&str, u64)> = ev
        .history
        .new_contributors_per_year
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        per_year,
        [
            ("2019", 2),
            ("2020", 1),
            ("2021", 2),
            ("2022", 1),
            ("2023", 1),
            ("2024", 1)
        ]
    );
    assert_eq!(
        per_year.iter().map(|p| p.1).sum::<u64>(),
        ev.history.contributors
    );
}

#[test]
fn organisations_and_factors() {
    let fx = fixture("widget");
    let ev = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    let o = &ev.organizations;
    let get = |n: &str| {
        o.list
            .iter()
            .find(|x| x.name == n)
            .unwrap_or_else(|| panic!("{n} in {:?}", o.list))
    };
    // Mailmapped alice.smith@gmail.com is alice@acme.com: acme gets Alice 7 + Frank 2.
    assert_eq!(get("acme.com").commits, 9);
    assert_eq!(get("redhat.com").commits, 15);
    assert_eq!(get("globex.co.uk").commits, 1);
    assert_eq!(get("independent").kind, OrganizationKind::Independent);
    assert_eq!(get("independent").commits, 2); // carol (noreply), dan (gmail)
    assert_eq!(get("unknown").commits, 1); // root@localhost
    assert_eq!(
        o.list.iter().map(|x| x.commits).sum::<u64>(),
        ev.history.commits
    );
    // Window: redhat 12, acme 2, initech 1 → redhat alone is >= 50%.
    assert_eq!(o.elephant_factor, 1);
    assert_eq!(o.count_365d, 3);
    // All time: redhat 15, acme 9, initech 1, globex 1 (26 affiliated): 15 >= 13.
    assert_eq!(o.elephant_factor_all_time, 1);
    assert_eq!(ev.contributor_absence_factor, 1);
    assert_eq!(get("redhat.com").contributors, 1);
    assert!((get("redhat.com").share_365d - 0.8).abs() < 1e-9);
}

#[test]
fn affiliation_file_overrides_domains() {
    let fx = fixture("widget");
    let aff = radar_evidence::Affiliations::parse(
        "bob: bob!redhat.com\n\tRed Hat until 2024-03-01\n\tIBM\nacme.com Acme Inc.\n",
        std::path::Path::new("aff.txt"),
    )
    .unwrap();
    let ev = inspect(
        &fx.path,
        &InspectOptions {
            affiliations: Some(aff),
            ..opts("2024-06-30T00:00:00Z")
        },
    )
    .unwrap();
    let get = |n: &str| {
        ev.organizations
            .list
            .iter()
            .find(|x| x.name == n)
            .map(|x| x.commits)
    };
    // Bob's 2024 work: Jan 16, Jan 22, Feb 11, Feb 17 before March → Red Hat; the rest → IBM.
    assert_eq!(get("IBM"), Some(8));
    assert_eq!(get("Red Hat"), Some(7));
    assert_eq!(get("Acme Inc."), Some(9));
    assert_eq!(get("redhat.com"), None);
}

#[test]
fn releases_match_tags() {
    let fx = fixture("widget");
    let ev = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    let r = &ev.releases;
    let tags = git(&fx.path, &["tag", "--list"]).lines().count() as u64;
    assert_eq!(r.count + r.other_tags, tags);
    assert_eq!((r.count, r.other_tags), (7, 1)); // `latest` is not a version
    assert_eq!(r.components.get("api"), Some(&1));
    let latest = r.latest.as_ref().unwrap();
    assert_eq!(
        (latest.tag.as_str(), latest.date),
        ("v1.2.0", ts("2024-04-03T00:00:00Z"))
    );
    assert_eq!(r.latest_stable.as_ref().unwrap().tag, "v1.2.0");
    assert_eq!(r.highest.as_ref().unwrap().version, "1.2.0");
    assert!(r.reached_1_0);
    assert_eq!(r.count_365d, 1);
    // Lightweight v0.1.0 is dated by its commit (2019-02-01), annotated v0.2.0 by the tagger (2020-01-02).
    let ev_early = inspect(&fx.path, &opts("2020-06-01T00:00:00Z")).unwrap();
    assert_eq!(ev_early.releases.count, 2);
    assert_eq!(
        ev_early.releases.latest.as_ref().unwrap().date,
        ts("2020-01-02T00:00:00Z")
    );
    assert!(!ev_early.releases.reached_1_0);
    assert_eq!(ev_early.releases.median_days_between, Some(335.0));
}

#[test]
fn files_and_lifecycle_at_head() {
    let fx = fixture("widget");
    let ev = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    assert_eq!(ev.lifecycle.status, LifecycleStatus::Deprecated);
    assert_eq!(
        ev.lifecycle.evidence.as_deref(),
        Some(
            "README.md:4: > This project is deprecated and no longer maintained. Use gadget instead."
        )
    );
    let c = |id: &str| ev.checks.get(id).unwrap_or_else(|| panic!("check {id}"));
    assert_eq!(c("maintainers").value, Some(2.into()));
    assert_eq!(c("maintainers").evidence.as_deref(), Some("OWNERS"));
    assert_eq!(c("license").value, Some("Apache-2.0".into()));
    assert!(
        c("contributing").passed
            && c("security_policy").passed
            && c("tests").passed
            && c("ci").passed
    );
    assert_eq!(
        c("linters").evidence.as_deref(),
        Some(".github/workflows/ci.yml:4")
    );
    assert_eq!(c("cla").evidence.as_deref(), Some("CONTRIBUTING.md:3"));
    assert!(!c("code_of_conduct").passed && !c("adopters").passed && !c("openssf_badge").passed);
    // DCO: the sample is all 28 non-merge commits here, 12 of them signed off.
    let dco = c("dco");
    assert_eq!(dco.value, Some(0.4286.into()));
    assert!(!dco.passed);
}

#[test]
fn as_of_reads_the_past() {
    let fx = fixture("widget");
    let as_of = "2023-12-31T00:00:00Z";
    let ev = inspect(&fx.path, &opts(as_of)).unwrap();
    let d = &fx.path;
    let expected = git(
        d,
        &[
            "rev-list",
            "-1",
            "--first-parent",
            "--before=2023-12-31T00:00:00Z",
            "HEAD",
        ],
    );
    assert_eq!(ev.head, expected.trim());
    assert_eq!(
        ev.history.commits,
        git(d, &["rev-list", "--count", expected.trim()])
            .trim()
            .parse::<u64>()
            .unwrap()
    );
    assert_eq!(ev.history.commits, 14);
    // Files as they were: no deprecation notice, no CI yet; active (the merge in March 2023).
    assert_eq!(ev.lifecycle.status, LifecycleStatus::Active);
    assert!(!ev.checks["ci"].passed);
    assert_eq!(ev.releases.latest.as_ref().unwrap().tag, "v1.1");
    // A year and a day after the 2022-01-01 commit, with nothing newer: inactive.
    let quiet = inspect(&fx.path, &opts("2023-01-02T00:00:00Z")).unwrap();
    assert_eq!(quiet.lifecycle.status, LifecycleStatus::Inactive);
    assert_eq!(quiet.history.commits_365d, 0);
    let older = inspect(&fx.path, &opts("2022-06-30T00:00:00Z")).unwrap();
    assert_eq!(older.lifecycle.status, LifecycleStatus::Active);
    // Before the first commit there is nothing to measure.
    let err = inspect(&fx.path, &opts("2018-01-01T00:00:00Z")).unwrap_err();
    assert!(
        matches!(err, radar_evidence::Error::NothingBefore { .. }),
        "{err}"
    );
}

#[test]
fn evidence_json_has_the_documented_keys() {
    let fx = fixture("widget");
    let ev = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    let v = serde_json::to_value(&ev).unwrap();
    for path in [
        "/schema_version",
        "/head",
        "/as_of",
        "/history/commits",
        "/history/contributors",
        "/history/first_commit",
        "/history/last_commit",
        "/history/commits_365d",
        "/history/active_contributors_365d",
        "/history/partial",
        "/organizations/elephant_factor",
        "/contributor_absence_factor",
        "/releases/count",
        "/releases/latest/date",
        "/lifecycle/status",
        "/lifecycle/evidence",
        "/checks/maintainers/passed",
        "/checks/maintainers/value",
    ] {
        assert!(v.pointer(path).is_some(), "missing {path}");
    }
    assert_eq!(
        v.pointer("/history/first_commit").unwrap(),
        "2019-01-10T10:00:00Z"
    );
    assert_eq!(v.pointer("/lifecycle/status").unwrap(), "deprecated");
    let back: radar_evidence::Evidence = serde_json::from_value(v).unwrap();
    assert_eq!(back, ev);
}

#[test]
fn commit_graph_and_parallel_walk_give_the_same_evidence() {
    let fx = fixture("widget");
    let before = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    assert!(common::git_ok(
        &fx.path,
        &["commit-graph", "write", "--reachable"]
    ));
    assert!(fx.path.join(".git/objects/info/commit-graph").exists());
    // With a graph the walk decodes on several threads; the result must not change.
    let after = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn releases_follow_the_product_line() {
    let fx = fixture("releases");
    let ev = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    let r = &ev.releases;
    let tags: Vec<String> = git(&fx.path, &["tag", "--list"])
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(r.count + r.other_tags, tags.len() as u64);
    assert_eq!(r.other_tags, 2); // nightly, latest
    // The product line: no `/` in the name, or the `release/` prefix.
    let product = tags
        .iter()
        .filter(|t| !t.contains('/') || t.starts_with("release/"))
        .count() as u64
        - r.other_tags;
    assert_eq!(r.product_count, product);
    assert_eq!(r.product_count, 8);
    // Sub-module tags are newer, but the latest release is the product's.
    let latest = r.latest.as_ref().unwrap();
    assert_eq!(
        (latest.tag.as_str(), latest.date),
        ("docker-v2.0.1", ts("2023-12-11T00:00:00Z"))
    );
    assert_eq!(r.latest_stable.as_ref().unwrap().tag, "docker-v2.0.1");
    assert_eq!(r.highest.as_ref().unwrap().tag, "docker-v2.1.0-beta.1");
    assert_eq!(r.submodules["api"].tag, "api/v1.1.0");
    assert_eq!(
        r.submodules["pkg/azclient/trace"].tag,
        "pkg/azclient/trace/v0.23.0"
    );
    assert_eq!(r.submodules["client"].tag, "client/v0.1.0");
    assert_eq!(r.components.get("pkg/azclient/trace"), Some(&2));
    // After 2023-06-30: release/v1.1.1 (2023-06-10) is out; docker-v2.0.0, -v2.1.0-beta.1, -v2.0.1 are in.
    assert_eq!(r.count_365d, 3);
    // The timeline: every product release of the last three years, newest first.
    let recent: Vec<(&str, bool)> = r
        .recent
        .iter()
        .map(|x| (x.tag.as_str(), x.prerelease))
        .collect();
    assert_eq!(
        recent,
        [
            ("docker-v2.0.1", false),
            ("docker-v2.1.0-beta.1", true),
            ("docker-v2.0.0", false),
            ("release/v1.1.1", false),
            ("v1.1.0", false),
            ("v1.1.0-rc.1", true),
            ("v1.0.0", false),
            ("v0.9.0", false)
        ]
    );
    assert!(!r.recent_truncated);
    // In January 2023 only the sub-module had a stable version: the product had not reached 1.0.
    let early = inspect(&fx.path, &opts("2023-01-31T00:00:00Z")).unwrap();
    assert_eq!(early.releases.count, 2);
    assert!(!early.releases.reached_1_0);
    assert_eq!(early.releases.latest_stable, None);
    assert_eq!(early.releases.latest.as_ref().unwrap().tag, "v0.9.0");
    let v: serde_json::Value = serde_json::to_value(&ev).unwrap();
    assert_eq!(
        v.pointer("/releases/recent/0/tag").unwrap(),
        "docker-v2.0.1"
    );
    assert_eq!(
        v.pointer("/releases/recent_since").unwrap(),
        "2021-07-01T00:00:00Z"
    );
}

#[test]
fn one_persons_own_domain_is_independent() {
    let fx = fixture("personal");
    let as_of = opts("2024-06-30T00:00:00Z");
    let ev = inspect(&fx.path, &as_of).unwrap();
    let o = &ev.organizations;
    // samuelkarp.com: one person (two addresses, both named Samuel Karp) → independent.
    assert_eq!(o.personal_domains, ["samuelkarp.com"]);
    assert_eq!(org(o, "samuelkarp.com"), None);
    assert_eq!(
        org(o, "independent"),
        Some((OrganizationKind::Independent, 6, 2))
    );
    // janedoe.org spells Jane Doe's name, but two people commit from it: untouched.
    assert_eq!(
        org(o, "janedoe.org"),
        Some((OrganizationKind::Organization, 3, 2))
    );
    assert_eq!(
        org(o, "acme.com"),
        Some((OrganizationKind::Organization, 4, 2))
    );
    // Affiliated commits: acme 4, janedoe 3 → acme alone reaches half (with Samuel's 6 as a company it took two).
    assert_eq!((o.count_365d, o.elephant_factor), (2, 1));
    assert!(
        (o.independent_share_365d - 6.0 / 13.0).abs() < 1e-4,
        "{}",
        o.independent_share_365d
    );
    assert_eq!(
        o.list.iter().map(|x| x.commits).sum::<u64>(),
        ev.history.commits
    );

    // An affiliation file always wins: an entry for the address or the domain keeps it an organisation.
    for file in [
        "me@samuelkarp.com: Karp Consulting\nsamuel@samuelkarp.com: Karp Consulting\n",
        "samuelkarp.com Karp Consulting\n",
    ] {
        let aff =
            radar_evidence::Affiliations::parse(file, std::path::Path::new("aff.txt")).unwrap();
        let ev = inspect(
            &fx.path,
            &InspectOptions {
                affiliations: Some(aff),
                ..as_of.clone()
            },
        )
        .unwrap();
        let o = &ev.organizations;
        assert!(o.personal_domains.is_empty(), "{file}");
        assert_eq!(
            org(o, "Karp Consulting"),
            Some((OrganizationKind::Organization, 6, 2)),
            "{file}"
        );
        assert_eq!((o.count_365d, o.elephant_factor), (3, 2), "{file}");
    }
    // A file that says nothing about the domain leaves the rule in place.
    let aff = radar_evidence::Affiliations::parse(
        "acme.com Acme Inc.\n",
        std::path::Path::new("aff.txt"),
    )
    .unwrap();
    let ev = inspect(
        &fx.path,
        &InspectOptions {
            affiliations: Some(aff),
            ..as_of
        },
    )
    .unwrap();
    assert_eq!(ev.organizations.personal_domains, ["samuelkarp.com"]);
    assert_eq!(
        org(&ev.organizations, "Acme Inc."),
        Some((OrganizationKind::Organization, 4, 2))
    );
}

#[test]
fn readme_references_stand_for_files_kept_elsewhere() {
    let fx = fixture("community");
    let ev = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    let c = |id: &str| ev.checks.get(id).unwrap_or_else(|| panic!("check {id}"));
    // Links to another repository's files: passed, the README line as evidence, no count.
    let g = c("governance");
    assert_eq!(
        (g.passed, g.evidence.as_deref()),
        (true, Some("README.md:16"))
    );
    assert_eq!(
        g.details[0],
        "* [Project governance](https://github.com/gadget/project/blob/main/GOVERNANCE.md),"
    );
    assert!(
        g.details[1].ends_with("not a file in this repository"),
        "{:?}",
        g.details
    );
    let m = c("maintainers");
    assert_eq!(
        (m.passed, m.value.clone(), m.evidence.as_deref()),
        (true, None, Some("README.md:17"))
    );
    assert_eq!(
        m.reference.as_ref().map(|r| r.kind),
        Some(radar_evidence::ReferenceKind::Link)
    );
    // The section about reporting vulnerabilities comes before the link inside it.
    let s = c("security_policy");
    assert_eq!(
        (s.evidence.as_deref(), s.reference.as_ref().map(|r| r.kind)),
        (
            Some("README.md:10"),
            Some(radar_evidence::ReferenceKind::Heading)
        )
    );
    // A list in the tree, linked from the README, is read and counted.
    let a = c("adopters");
    assert_eq!(
        (a.value.clone(), a.evidence.as_deref()),
        (Some(3.into()), Some("community/adopters-list.md"))
    );
    assert_eq!(a.reference, None);
    // A broken relative link, a heading in a code block, words in a sentence: not references.
    assert!(!c("roadmap").passed && !c("code_of_conduct").passed && !c("contributing").passed);
    // JSON: `reference` only where a reference was used.
    let v = serde_json::to_value(&ev).unwrap();
    assert_eq!(
        v.pointer("/checks/governance/reference/kind").unwrap(),
        "link"
    );
    assert_eq!(
        v.pointer("/checks/governance/reference/target").unwrap(),
        "https://github.com/gadget/project/blob/main/GOVERNANCE.md"
    );
    assert!(
        v.pointer("/checks/maintainers/value").is_none(),
        "no invented count"
    );
    assert!(v.pointer("/checks/adopters/reference").is_none());
}

#[test]
fn automation_is_counted_as_git_does_but_is_nobody() {
    let fx = fixture("bots");
    let ev = inspect(&fx.path, &opts("2024-06-30T00:00:00Z")).unwrap();
    let shortlog = git(&fx.path, &["shortlog", "-sne", "HEAD"]);
    // Contributors stay as shortlog counts them, bots included.
    assert_eq!(ev.history.contributors, shortlog.lines().count() as u64);
    assert_eq!((ev.history.contributors, ev.history.bots), (5, 2));
    assert_eq!(ev.history.commits, 21);
    // People only: Ann 3, Carl 3, Bob 2 → two of them reach half. With
    // Dependabot's 10 of 21 counted it would read 1: "one person".
    assert_eq!(ev.contributor_absence_factor, 2);
    let o = &ev.organizations;
    assert_eq!(org(o, "bots"), Some((OrganizationKind::Bot, 13, 2)));
    // renovateapp.com is not an employer; Dependabot's noreply address is not an independent.
    assert_eq!(org(o, "renovateapp.com"), None);
    assert_eq!(org(o, "independent"), None);
    // Affiliated: acme 5, initech 3 → acme alone reaches half (2 with Renovate's 3 as a company).
    assert_eq!((o.count_365d, o.elephant_factor), (2, 1));
    assert!(
        (o.bots_share_365d - 13.0 / 21.0).abs() < 1e-4,
        "{}",
        o.bots_share_365d
    );
    assert_eq!(
        o.list.iter().map(|x| x.commits).sum::<u64>(),
        ev.history.commits
    );
}
