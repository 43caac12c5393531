//! Load + validate a generated 2,500-project catalog (the CNCF landscape holds
//! 2,413 items; landscape2 parses and validates it in 32–45 ms). Target: < 20 ms.
//!
//! Run: `cargo bench -p radar-catalog`. Prints min and median of the full
//! `check_str` (parse into the located tree, schema check, deserialise, every
//! check) and, as a reference measured in the same run, plain
//! `serde_saphyr::from_str::<Catalog>` (typed parse only, no checks).

use std::hint::black_box;
use std::time::{Duration, Instant};

use radar_catalog::{Area, Catalog};

const PROJECTS: usize = 2_500;
const AREAS: usize = 100;
const RUNS: usize = 25;

/// 2,500 projects shaped like the seed's (links, artifacts, state, APIs,
/// channels, platform use), each with distinct names and URLs.
fn generate() -> String {
    let seed = radar_catalog::builtin().catalog;
    let templates: Vec<_> = seed.projects().map(|(_, p)| p.clone()).collect();
    let mut c = Catalog {
        title: "Generated".into(),
        platform: Some("Azure".into()),
        ..seed.clone()
    };
    c.areas = (0..AREAS)
        .map(|a| Area {
            name: format!("Area {a}"),
            projects: Vec::new(),
        })
        .collect();
    for i in 0..PROJECTS {
        let mut p = templates[i % templates.len()].clone();
        p.name = format!("{} {i}", p.name);
        let bump = |u: &mut Option<String>| {
            if let Some(u) = u {
                u.push_str(&format!("-{i}"));
            }
        };
        bump(&mut p.link);
        bump(&mut p.repo);
        p.artifacts.iter_mut().for_each(|a| bump(&mut a.url));
        p.channels.iter_mut().for_each(|ch| bump(&mut ch.url));
        c.areas[i % AREAS].projects.push(p);
    }
    radar_catalog::to_yaml(&c)
}

/// 2,500 projects with about what a CNCF landscape item holds (name, homepage,
/// repository, one channel, a level): the same count, a third of the bytes.
fn generate_lean() -> String {
    let mut c = Catalog {
        title: "Generated (lean)".into(),
        ..Catalog::default()
    };
    c.areas = (0..AREAS)
        .map(|a| Area {
            name: format!("Area {a}"),
            projects: Vec::new(),
        })
        .collect();
    for i in 0..PROJECTS {
        let p = radar_catalog::Project {
            name: format!("Project {i}"),
            link: Some(format!("https://project{i}.example.org/")),
            repo: Some(format!("https://github.com/org{}/project{i}", i % 97)),
            state: Some(radar_catalog::State::new(
                Some("CNCF".into()),
                Some(["sandbox", "incubating", "graduated"][i % 3]),
            )),
            channels: vec![radar_catalog::Channel {
                kind: radar_catalog::ChannelKind::Slack,
                label: format!("#project{i}"),
                url: Some(format!("https://cloud-native.slack.com/archives/C{i:06}")),
            }],
            ..Default::default()
        };
        c.areas[i % AREAS].projects.push(p);
    }
    radar_catalog::to_yaml(&c)
}

fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    f(); // warm-up
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    t.sort();
    (t[0], t[t.len() / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: keep that quick.
    let runs = if std::env::args().any(|a| a == "--bench") {
        RUNS
    } else {
        2
    };
    let yaml = generate();
    let checked = radar_catalog::check_str("generated.yaml", &yaml);
    let projects = checked.catalog.as_ref().map_or(0, |c| c.projects().count());
    assert_eq!(projects, PROJECTS, "the generated catalog loads");
    assert!(
        !checked.has_errors(),
        "{:?}",
        checked.diagnostics.iter().find(|d| d.is_error())
    );
    println!(
        "catalog: {projects} projects in {AREAS} areas, {:.2} MB of YAML, {} warnings",
        yaml.len() as f64 / 1e6,
        checked.diagnostics.len()
    );

    let (min, median) = time(runs, || {
        black_box(radar_catalog::check_str("generated.yaml", black_box(&yaml)));
    });
    println!(
        "load + validate (check_str):        min {:6.2} ms   median {:6.2} ms   (target < 20 ms)",
        ms(min),
        ms(median)
    );

    // Where the time goes.
    let (pmin, _) = time(runs, || {
        black_box(radar_catalog::yaml::parse(black_box(&yaml)).expect("parses"));
    });
    let tree = radar_catalog::yaml::parse(&yaml).expect("parses");
    let source = radar_catalog::SourceFile::new("generated.yaml", yaml.clone());
    let (smin, _) = time(runs, || {
        black_box(radar_catalog::schema_check::check(
            &tree,
            radar_catalog::schema(),
            &source,
        ));
    });
    let skip = std::collections::HashSet::new();
    let (dmin, _) = time(runs, || {
        use serde::Deserialize;
        black_box(
            Catalog::deserialize(radar_catalog::yaml::De::new(&tree, &skip)).expect("deserialises"),
        );
    });
    let (twomin, _) = time(runs, || {
        black_box(radar_catalog::yaml::parse_fast(black_box(&yaml)).expect("parses"));
    });
    let (fmin, _) = time(runs, || {
        drop(black_box(
            radar_catalog::yaml::parse(black_box(&yaml)).expect("parses"),
        ));
    });
    println!(
        "  of which: parse into located tree min {:6.2} ms on one thread, {:6.2} ms on two (+ drop: {:6.2} ms), schema check min {:6.2} ms, deserialise min {:6.2} ms",
        ms(pmin),
        ms(twomin),
        ms(fmin),
        ms(smin),
        ms(dmin)
    );

    let (rmin, rmedian) = time(runs, || {
        let c: Catalog = serde_saphyr::from_str(black_box(&yaml)).expect("parses");
        black_box(c);
    });
    println!(
        "reference, serde_saphyr::from_str:  min {:6.2} ms   median {:6.2} ms   (typed parse only, no checks)",
        ms(rmin),
        ms(rmedian)
    );
    println!(
        "ratio load+validate / reference (median): {:.2}",
        ms(median) / ms(rmedian)
    );

    let lean = generate_lean();
    assert!(!radar_catalog::check_str("lean.yaml", &lean).has_errors());
    let (lmin, lmedian) = time(runs, || {
        black_box(radar_catalog::check_str("lean.yaml", black_box(&lean)));
    });
    println!(
        "landscape-sized items ({PROJECTS} projects, {:.2} MB): load + validate min {:6.2} ms   median {:6.2} ms",
        lean.len() as f64 / 1e6,
        ms(lmin),
        ms(lmedian)
    );
}
