//! The round trip between the YAML catalog and the README table:
//! `import(render(c)) == c` for generated catalogs, and the seed's table
//! survives `render(import(seed))`.

use proptest::prelude::*;
use radar_catalog::classify;
use radar_catalog::markdown::{self, CheckOutcome};
use radar_catalog::{
    ApiVersion, Area, Artifact, Catalog, Channel, Layout, Link, Listing, Project, ProjectRef,
    RepoRole, Repository, State,
};

const SEED: &str = include_str!("data/seed.md");

/// What a README table can carry of a catalog: everything but the settings
/// and per-project fields that have no column (models, governance records,
/// maturity model, attestations, additional repositories, dates). Kinds are
/// reclassified (the table does not show them) and an absent repo is the one
/// the links imply.
fn table_view(c: &Catalog) -> Catalog {
    let mut c = c.clone();
    c.models = None;
    c.governance = None;
    for area in &mut c.areas {
        for p in area.defined_mut() {
            p.model = None;
            p.attestations.clear();
            p.additional_repos.clear();
            if let Some(s) = &mut p.state {
                s.dates = Default::default();
            }
            for a in &mut p.artifacts {
                a.kind = classify::artifact_kind(&a.label, a.url.as_deref());
            }
            for ch in &mut p.channels {
                ch.kind = classify::channel_kind(&ch.label, ch.url.as_deref());
            }
            if p.repo.is_none() {
                p.repo = classify::derive_location(p).0;
            }
        }
    }
    c
}

fn words(chars: &'static str, max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[{chars}]{{1,{max}}}( [{chars}]{{1,{max}}}){{0,3}}"
    ))
    .expect("valid regex")
}

/// Plain text with the characters Markdown gives meaning to.
fn text() -> impl Strategy<Value = String> {
    words(r"A-Za-z0-9*_`<>&|\\\[\]~#()!.;,:@/-", 8)
        .prop_filter("not a URL or placeholder-looking break", |s| {
            !s.contains("://") && !s.starts_with("same ")
        })
}

fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "https://github.com",
            "https://sigs.k8s.io",
            "https://example.org",
            "http://old.example.net",
        ]),
        "[a-z0-9-]{1,8}",
        "(/[a-z0-9-]{1,8}){0,2}",
    )
        .prop_map(|(host, a, rest)| format!("{host}/{a}{rest}"))
}

fn link() -> impl Strategy<Value = Link> {
    // `support` has no column: `radar render` keeps it in a hidden comment.
    (
        text(),
        prop::option::of(url()),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(label, url, support)| Link {
            label,
            url,
            support,
        })
}

fn state() -> impl Strategy<Value = Option<State>> {
    let body = prop::option::of(prop::sample::select(vec![
        "CNCF",
        "Azure",
        "Kubernetes",
        "Moby",
        "Foo Org",
    ]));
    let level = prop::option::of(prop::sample::select(vec![
        "sandbox",
        "incubating",
        "incubation",
        "graduated",
        "GA",
        "alpha",
        "beta",
        "stable",
        "N/A",
        "??",
        "winding down",
        "archived",
        "proposed",
        "gradutaed",
    ]));
    (body, level)
        .prop_map(|(b, l)| (b.is_some() || l.is_some()).then(|| State::new(b.map(String::from), l)))
}

fn api() -> impl Strategy<Value = ApiVersion> {
    let name = prop::option::of(prop::sample::select(vec![
        "API",
        "Feature",
        "Config",
        "ConstraintTemplate",
        "IPv6",
    ]));
    let version = prop::sample::select(vec![
        "v1", "v1beta2", "v1alpha1", "0.6.0", "N/A", "alpha", "beta", "stable", "??",
    ]);
    (name, version).prop_map(|(n, v)| ApiVersion {
        name: n.map(String::from),
        version: v.to_string(),
    })
}

fn project() -> impl Strategy<Value = Project> {
    (
        (
            text(),
            prop::option::of("[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}"),
            prop::option::of(url()),
            prop::option::of(url()),
        ),
        prop::collection::vec(link(), 0..3),
        // In a goal (Markdown), `<br>` is the line break, so a line cannot contain one.
        prop::option::of(
            prop::collection::vec(
                text().prop_filter("no <br>", |l| !l.to_lowercase().contains("br>")),
                1..3,
            )
            .prop_map(|lines| lines.join("\n")),
        ),
        state(),
        prop::collection::vec(api(), 0..3),
        prop::collection::vec(link(), 0..3),
        prop::collection::vec(link(), 0..3),
        prop::collection::vec(text(), 0..2),
        (
            prop::option::of("[a-z]{1,5}(/[a-z0-9-][a-z0-9.-]{0,4}){0,2}/?"),
            prop::collection::vec(
                (
                    url(),
                    prop::option::of("[a-z]{1,4}(/[a-z]{1,4})?"),
                    prop::option::of(prop::sample::select(vec![
                        RepoRole::Code,
                        RepoRole::Docs,
                        RepoRole::Community,
                        RepoRole::Spec,
                        RepoRole::Other,
                    ])),
                ),
                0..3,
            ),
            prop::option::of(prop::sample::select(vec!["2017-03-29", "2024-02-29"])),
        ),
    )
        .prop_map(
            |(
                (name, id, link, repo),
                artifacts,
                goal,
                state,
                apis,
                channels,
                platform_use,
                extra,
                (path, additional, accepted),
            )| Project {
                name,
                id,
                link,
                // A folder needs a repository to be a folder of.
                path: path.filter(|_| repo.is_some()),
                // So do other repositories: they come after a primary one.
                additional_repos: additional
                    .into_iter()
                    .filter(|_| repo.is_some())
                    .map(|(repo, path, role)| Repository { repo, path, role })
                    .collect(),
                repo,
                artifacts: artifacts
                    .into_iter()
                    .map(|l| Artifact {
                        kind: classify::artifact_kind(&l.label, l.url.as_deref()),
                        label: l.label,
                        url: l.url,
                    })
                    .collect(),
                goal,
                state: state.map(|mut s| {
                    s.dates.accepted = accepted.map(String::from);
                    s
                }),
                apis,
                channels: channels
                    .into_iter()
                    .map(|l| Channel {
                        kind: classify::channel_kind(&l.label, l.url.as_deref()),
                        label: l.label,
                        url: l.url,
                    })
                    .collect(),
                platform_use,
                extra,
                model: None,
                attestations: Vec::new(),
            },
        )
}

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(words("A-Za-z0-9.,", 8), 0..3).prop_map(|ps| ps.join("\n\n"))
}

/// Generated catalogs that a README can carry: distinct area names (a
/// README's areas are told apart by name) and distinct project ids; some
/// projects also listed, by reference, in later areas; either layout.
fn catalog() -> impl Strategy<Value = Catalog> {
    let areas = prop::collection::vec(
        (
            words("A-Za-z0-9&", 8),
            prop::collection::vec(project(), 0..4),
        )
            .prop_map(|(name, projects)| Area::new(name, projects)),
        0..4,
    );
    let platform = prop_oneof![
        words("A-Za-z", 6).prop_map(|p| (Some(p), None)),
        Just((None, Some("Used in".to_string())))
    ];
    (
        (
            prop::option::of(words("A-Za-z0-9", 8)),
            prose(),
            prose(),
            prop::option::of(words("A-Za-z", 8)),
            prose(),
        ),
        platform,
        areas,
        prop::collection::vec(
            (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
            0..3,
        ),
        prop::sample::select(vec![Layout::OneTable, Layout::TablePerArea]),
    )
        .prop_map(
            |(
                (title, intro, support, table_heading, notes),
                (platform, platform_column),
                mut areas,
                refs,
                layout,
            )| {
                // References: a project of an earlier area, listed again in a later one.
                for (from, to) in refs {
                    if areas.len() < 2 {
                        break;
                    }
                    let to = 1 + to.index(areas.len() - 1);
                    let from = from.index(to);
                    let ids: Vec<String> =
                        areas[from].defined().map(|p| p.id().into_owned()).collect();
                    if let Some(id) = ids.first().filter(|id| !id.is_empty())
                        && !areas[to].projects.iter().any(|l| l.id() == *id)
                    {
                        areas[to]
                            .projects
                            .push(Listing::Ref(ProjectRef { id: id.clone() }));
                    }
                }
                Catalog {
                    title: title.unwrap_or_default(),
                    intro,
                    support,
                    table_heading,
                    notes,
                    platform,
                    platform_column,
                    extra_columns: Vec::new(),
                    // With no area, a table per area writes no table at all.
                    layout: if areas.is_empty() {
                        Layout::OneTable
                    } else {
                        layout
                    },
                    models: Some("models.yaml".into()),
                    governance: None,
                    areas,
                }
            },
        )
        .prop_filter("distinct area names and project ids", |c| {
            let mut names = std::collections::HashSet::new();
            let mut ids = std::collections::HashSet::new();
            c.areas
                .iter()
                .all(|a| names.insert(a.name.split_whitespace().collect::<Vec<_>>().join(" ")))
                && c.projects()
                    .all(|(_, p)| p.id().is_empty() || ids.insert(p.id().into_owned()))
        })
}

proptest! {
    #![proptest_config(radar_fuzz::config!(256))]

    #[test]
    fn import_of_render_gives_the_catalog_back(c in catalog()) {
        let doc = markdown::render_document(&c);
        let back = markdown::import("generated.md", &doc).expect("rendered document has a table").catalog;
        prop_assert_eq!(back, table_view(&c), "document:\n{}", doc);
    }

    #[test]
    fn yaml_round_trips(c in catalog()) {
        let yaml = radar_catalog::to_yaml(&c);
        let checked = radar_catalog::check_str("generated.yaml", &yaml);
        // Generated repositories may repeat one another (C011); nothing else is an error.
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error() && d.code != "C011").collect();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, yaml);
        let mut filled = c.clone();
        filled.fill_derived();
        prop_assert_eq!(checked.catalog.expect("catalog"), filled);
    }
}

proptest! {
    #![proptest_config(radar_fuzz::config!(512))]

    /// Whatever a hand-kept table looks like, import never panics and never drops a row.
    #[test]
    fn import_survives_messy_tables(rows in prop::collection::vec(prop::collection::vec(
        prop_oneof![
            Just(String::new()),
            Just("[a](https://github.com/o/r) <br> ([releases](https://github.com/o/r/releases))".to_string()),
            Just("<li>x</li></br><br/>".to_string()),
            Just("CNCF Sandbox <br> Config: v1alpha1; T: v1beta1".to_string()),
            Just("Kubernetes: <br> IPv6: beta".to_string()),
            Just("??".to_string()),
            "[ -~]{0,12}",
        ], 0..9), 0..8)) {
        let mut doc = String::from("# T\n\n| Project Area | Project & (artifacts) | Goal | Project State | Communication | Use on X |\n|---|---|---|---|---|---|\n");
        for cells in &rows {
            doc.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        if let Ok(im) = markdown::import("fuzz.md", &doc) {
            // No row is dropped: the project of every row (read alone) is
            // listed in that row's area, under its name, or under its id when
            // it repeats a project already listed (merged with it).
            let shown: Vec<(String, String, String)> = im.catalog.listings().iter()
                .map(|(a, p)| (a.name.clone(), p.name.clone(), p.id().into_owned())).collect();
            let mut area = "Other".to_string();
            for line in doc.lines().skip(4) {
                let one = format!("| Project Area | Project & (artifacts) | Goal | Project State | Communication | Use on X |\n|---|---|---|---|---|---|\n{line}\n");
                let Ok(alone) = markdown::import("row.md", &one) else { continue };
                if !alone.warnings.iter().any(|w| w.code == "M204")
                    && let Some(a) = alone.catalog.areas.first()
                {
                    area = a.name.clone();
                }
                for (_, p) in alone.catalog.projects() {
                    prop_assert!(
                        shown.iter().any(|(a, n, id)| *a == area && (*n == p.name || *id == p.id())),
                        "{} in {} missing\n{}", p.name, area, doc
                    );
                }
            }
        }
    }
}

#[test]
fn seed_table_survives_import_and_render() {
    let imported = markdown::import("seed.md", SEED).unwrap();
    let c = &imported.catalog;
    assert_eq!(c.areas.len(), 6);
    assert_eq!(
        c.projects().count(),
        18,
        "the seed's table has 18 project rows"
    );
    // The in-tree provider links into its folder of kubernetes/kubernetes.
    let in_tree = c.project("in-tree-legacy").unwrap();
    assert_eq!(
        (in_tree.repo.as_deref(), in_tree.path.as_deref()),
        (
            Some("https://github.com/kubernetes/kubernetes"),
            Some("staging/src/k8s.io/legacy-cloud-providers/azure")
        )
    );
    // The rendered table reads as the seed's table.
    assert_eq!(
        markdown::check_file(c, "seed.md", SEED).unwrap(),
        CheckOutcome::Same
    );
    let rendered = markdown::render_document(c);
    let again = markdown::import("rendered.md", &rendered).unwrap().catalog;
    assert_eq!(&again, c);
    // Every link of the seed's table is in the rendered table.
    let table: String = SEED
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .collect();
    for part in table.split("](").skip(1) {
        let url = &part[..part.find(')').unwrap()];
        assert!(
            rendered.contains(&format!("]({url})")),
            "{url} missing from the rendered table"
        );
    }
    // The prose around the table is kept.
    assert!(rendered.starts_with("# Azure Container Compute Upstream Projects\n\n> Note:"));
    assert!(rendered.contains("## Support\n\nProjects listed on this page"));
    assert!(rendered.contains("## Project list\n\n| Project Area |"));
    assert!(
        rendered
            .trim_end()
            .ends_with("subprojects or initiatives of projects.")
    );
}

#[test]
fn builtin_catalog_is_the_seed_list() {
    let builtin = radar_catalog::builtin();
    assert!(builtin.warnings.iter().all(|w| !w.is_error()));
    assert_eq!(
        markdown::check_file(&builtin.catalog, "seed.md", SEED).unwrap(),
        CheckOutcome::Same
    );
    let c = &builtin.catalog;
    assert_eq!(c.platform.as_deref(), Some("Azure"));
    // Reviewed by hand: every project has a repository to measure.
    for (_, p) in c.projects() {
        let repo = p
            .repo
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no repo", p.name));
        assert!(repo.starts_with("https://github.com/"), "{repo}");
    }
    let smi = c.project("service-mesh-interface-smi-spec").unwrap();
    assert_eq!(
        smi.repo.as_deref(),
        Some("https://github.com/deislabs/smi-spec")
    );
}
