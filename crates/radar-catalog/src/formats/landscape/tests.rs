//! A small landscape written for these tests, in the shapes of the real
//! file (the `- item:` marker, `extra`, `second_path`, members without a
//! project level).

use super::*;
use crate::model::{Level, RepoRole};

const LANDSCAPE: &str = r#"# yaml-language-server: $schema=https://example.invalid/data.schema.json
landscape:
  - category:
    name: Runtime
    subcategories:
      - subcategory:
        name: Container Runtime
        items:
          - item:
            name: Boxd
            homepage_url: https://boxd.example.org/
            project: graduated
            repo_url: https://github.com/boxd/boxd
            logo: boxd.svg
            crunchbase: https://www.crunchbase.com/organization/boxd
            second_path: ["Orchestration & Management / Scheduling", "AI / Workload Runtime"]
            additional_repos:
              - repo_url: https://github.com/boxd/website
              - repo_url: https://github.com/boxd/community
                branch: main
            extra:
              accepted: '2017-03-29'
              incubating: '2017-03-29'
              graduated: '2019-02-28'
              slack_url: https://slack.example.org/
              chat_channel: '#boxd'
              mailing_list_url: https://lists.example.org/boxd
              dev_stats_url: https://boxd.devstats.example.org/
              clomonitor_name: boxd
              audits:
                - date: '2023-03-02'
                  type: fuzzing
                  url: https://example.org/audit.pdf
                  vendor: Some Lab
              summary_tags: Runtime, OCI
          - item:
            name: Oldbox
            homepage_url: https://oldbox.example.org/
            project: archived
            repo_url: https://github.com/oldbox/oldbox
            description: A runtime that was
            extra:
              accepted: '2018-01-01'
              archived: '2022-02-30'
          - item:
            name: Boxd
            homepage_url: https://boxd.example.com/
            description: A product with the same name
            logo: boxd2.svg
  - category:
    name: Orchestration & Management
    subcategories:
      - subcategory:
        name: Scheduling
        items:
          - item:
            name: Sched
            homepage_url: sched.example.org
            project: sandbox
            twitter: https://twitter.com/sched
            documentation_ul: https://docs.sched.example.org/
            extra:
              chat_channel: '#sched'
          - item:
          - just a name
  - category:
    name: Members
    subcategories:
      - subcategory:
        name: Silver
        items:
          - item:
            name: Acme Corp
            homepage_url: https://acme.example.com/
            joined: '2020-01-01'
            logo: acme.svg
"#;

fn run(options: &Options) -> Imported {
    import("landscape.yml", LANDSCAPE, options).expect("imports")
}

#[test]
fn every_item_lands_in_its_areas() {
    let im = run(&Options::default());
    let c = &im.catalog;
    assert_eq!(im.items, 7);
    assert_eq!(c.project_count(), 7, "no item is dropped");
    let areas: Vec<&str> = c.areas.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        areas,
        [
            "Runtime / Container Runtime",
            "Orchestration & Management / Scheduling",
            "Members / Silver",
            "AI / Workload Runtime"
        ]
    );
    let boxd = c.project("boxd").unwrap();
    let state = boxd.state.as_ref().unwrap();
    assert_eq!(
        (state.body.as_deref(), state.level),
        (Some("CNCF"), Level::Graduated)
    );
    assert_eq!(state.dates.graduated.as_deref(), Some("2019-02-28"));
    assert_eq!(boxd.link.as_deref(), Some("https://boxd.example.org/"));
    let repos: Vec<&str> = boxd.repositories().map(|r| r.url).collect();
    assert_eq!(
        repos,
        [
            "https://github.com/boxd/boxd",
            "https://github.com/boxd/website",
            "https://github.com/boxd/community"
        ]
    );
    assert!(
        boxd.additional_repos
            .iter()
            .all(|r| r.role.is_none() || r.role == Some(RepoRole::Code))
    );
    let channels: Vec<(&str, ChannelKind)> = boxd
        .channels
        .iter()
        .map(|c| (c.label.as_str(), c.kind))
        .collect();
    assert_eq!(
        channels,
        [
            ("#boxd", ChannelKind::Slack),
            ("Mailing list", ChannelKind::MailingList)
        ]
    );
    assert!(
        boxd.artifacts
            .iter()
            .any(|a| a.label == "Audit (fuzzing, Some Lab, 2023-03-02)")
    );
    // Listed in its further areas by reference, created when the file lacks them.
    assert_eq!(
        c.areas_of("boxd")
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        [
            "Runtime / Container Runtime",
            "Orchestration & Management / Scheduling",
            "AI / Workload Runtime"
        ]
    );
    // The product of the same name is another item, with another id.
    let other = c.project("boxd-2").unwrap();
    assert_eq!(other.goal.as_deref(), Some("A product with the same name"));
    assert!(other.state.is_none());
    let old = c.project("oldbox").unwrap().state.as_ref().unwrap();
    assert_eq!(old.level, Level::Archived);
    assert_eq!(old.dates.archived, None, "an impossible date is left out");
    let sched = c.project("sched").unwrap();
    assert_eq!(sched.link, None, "a link without a scheme is left out");
    assert_eq!(
        sched
            .channels
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["Twitter", "#sched"]
    );
    // The checker accepts what import writes.
    let checked = crate::check_str("imported.yaml", &crate::to_yaml(c));
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    assert_eq!(checked.catalog.unwrap().project_count(), 7);
}

#[test]
fn what_is_not_mapped_is_said_with_its_line() {
    let im = run(&Options::default());
    let said = |code: &str, text: &str| {
        im.warnings
            .iter()
            .find(|w| w.code == code && w.message.contains(text))
            .map(|w| w.line)
    };
    assert_eq!(
        said("M208", "`logo` is not imported (3 items have it"),
        Some(14)
    );
    assert_eq!(said("M208", "`additional_repos.branch`"), Some(20));
    assert_eq!(said("M208", "`documentation_ul`"), Some(61));
    assert!(said("M208", "landscape2 does not define it").is_some());
    assert_eq!(said("M210", "`extra.archived: 2022-02-30`"), Some(44));
    assert_eq!(said("M210", "homepage_url: sched.example.org"), Some(58));
    assert_eq!(said("M210", "names no category / subcategory"), Some(16));
    assert_eq!(said("M209", "it gets `boxd-2`"), Some(45));
    assert_eq!(said("M210", "an item without a name"), Some(64));
    let unnamed = im
        .catalog
        .project("unnamed-item-line-64")
        .expect("kept, named by its line");
    assert!(unnamed.repo.is_none());
    assert!(im.catalog.project("just-a-name").is_some());
}

#[test]
fn projects_only_keeps_the_foundations_projects() {
    let options = Options {
        projects_only: true,
        foundation: "LF AI & Data".into(),
        ..Options::default()
    };
    let im = run(&options);
    let ids: Vec<String> = im
        .catalog
        .projects()
        .map(|(_, p)| p.id().into_owned())
        .collect();
    assert_eq!(ids, ["boxd", "oldbox", "sched"]);
    assert_eq!(im.left_out, 4);
    assert!(
        im.catalog
            .areas
            .iter()
            .all(|a| a.name != "Members / Silver")
    );
    let body = im
        .catalog
        .project("sched")
        .unwrap()
        .state
        .as_ref()
        .unwrap()
        .body
        .clone();
    assert_eq!(body.as_deref(), Some("LF AI & Data"));
}

#[test]
fn categories_is_the_other_spelling() {
    let text = "categories:\n  - name: A\n    subcategories:\n      - name: B\n        items:\n          - name: X\n            homepage_url: https://x.example.org\n";
    let im = import("l.yml", text, &Options::default()).unwrap();
    assert_eq!(im.catalog.areas[0].name, "A / B");
    assert_eq!(im.catalog.project_count(), 1);
}
