//! Load + validate a generated 2,500-project catalog (the CNCF landscape holds
//! 2,413 items; landscape2 parses and validates it in 32–45 ms). Target: < 20 ms.
//!
//! Run: `cargo bench -p radar-catalog --bench load`. Two catalogs of 2,500
//! projects: seed-shaped (every project a copy of a built-in catalog row,
//! 2.26 MB) and landscape-sized (what a landscape item holds, 0.70 MB). For
//! each: min and median of the full `check_str_with` (parse into the located
//! tree, schema check, deserialise, every check, diagnostics; the result is
//! dropped inside the timing) on one thread and with the two-thread parse,
//! and, as a reference measured in the same rounds, plain
//! `serde_saphyr::from_str::<Catalog>` (typed parse only, no checks), so the
//! figures can be compared across machines by their ratio. The variants are
//! timed in turn within each round, so a busy machine slows them alike.
//!
//! Then where the time goes on one thread: the YAML parser's events alone
//! (the floor for any loader built on it), the located tree, the schema
//! check, deserialising.
//!
//! `-- --profile` runs only the one-thread load of the seed-shaped catalog,
//! five times, for `valgrind --tool=callgrind` (see the README).

use std::hint::black_box;
use std::time::{Duration, Instant};

use radar_catalog::yaml::Threads;
use radar_catalog::{Area, Catalog};

const PROJECTS: usize = 2_500;
const AREAS: usize = 100;
const ROUNDS: usize = 40;

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
        c.areas[i % AREAS].projects.push(p.into());
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
        c.areas[i % AREAS].projects.push(p.into());
    }
    radar_catalog::to_yaml(&c)
}

/// Min and median of each job over `rounds` rounds; every round runs each
/// job once, in turn, after one warm-up round.
fn time(rounds: usize, jobs: &mut [&mut dyn FnMut()]) -> Vec<(Duration, Duration)> {
    jobs.iter_mut().for_each(|f| f());
    let mut times = vec![Vec::with_capacity(rounds); jobs.len()];
    for _ in 0..rounds {
        for (f, t) in jobs.iter_mut().zip(&mut times) {
            let start = Instant::now();
            f();
            t.push(start.elapsed());
        }
    }
    times
        .into_iter()
        .map(|mut t| {
            t.sort();
            (t[0], t[t.len() / 2])
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Loads `yaml` once each way and checks that it is valid and that both ways agree.
fn sanity(name: &str, yaml: &str) -> usize {
    let one = radar_catalog::check_str_with(name, yaml, Threads::One);
    let two = radar_catalog::check_str_with(name, yaml, Threads::Two);
    assert!(
        !one.has_errors(),
        "{:?}",
        one.diagnostics.iter().find(|d| d.is_error())
    );
    assert_eq!(one.diagnostics, two.diagnostics);
    assert_eq!(one.catalog, two.catalog);
    let projects = one.catalog.as_ref().map_or(0, |c| c.projects().count());
    assert_eq!(projects, PROJECTS, "the generated catalog loads");
    one.diagnostics.len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let yaml = generate();
    if args.iter().any(|a| a == "--profile") {
        for _ in 0..5 {
            black_box(radar_catalog::check_str_with(
                "generated.yaml",
                black_box(&yaml),
                Threads::One,
            ));
        }
        return;
    }
    // `cargo test --benches` runs this with `--bench` absent: keep that quick.
    let rounds = if args.iter().any(|a| a == "--bench") {
        ROUNDS
    } else {
        2
    };
    let lean = generate_lean();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "load + validate 2,500 projects; min / median of {rounds} rounds; {cores} core(s); target < 20 ms"
    );

    let mut one_thread = Vec::new();
    for (label, name, text) in [
        ("seed-shaped", "generated.yaml", &yaml),
        ("landscape-sized", "lean.yaml", &lean),
    ] {
        let warnings = sanity(name, text);
        let t = time(
            rounds,
            &mut [
                &mut || {
                    black_box(radar_catalog::check_str_with(
                        name,
                        black_box(text),
                        Threads::One,
                    ));
                },
                &mut || {
                    black_box(radar_catalog::check_str_with(
                        name,
                        black_box(text),
                        Threads::Two,
                    ));
                },
                &mut || {
                    let c: Catalog = serde_saphyr::from_str(black_box(text)).expect("parses");
                    black_box(c);
                },
            ],
        );
        let [(omin, omed), (tmin, tmed), (rmin, rmed)] = t[..] else {
            unreachable!()
        };
        println!(
            "\n{label}: {:.2} MB of YAML, {warnings} warnings",
            text.len() as f64 / 1e6
        );
        println!(
            "  load + validate, one thread:        min {:6.2} ms   median {:6.2} ms",
            ms(omin),
            ms(omed)
        );
        println!(
            "  load + validate, two-thread parse:  min {:6.2} ms   median {:6.2} ms",
            ms(tmin),
            ms(tmed)
        );
        println!(
            "  reference, serde_saphyr::from_str:  min {:6.2} ms   median {:6.2} ms   (typed parse only, no checks)",
            ms(rmin),
            ms(rmed)
        );
        println!(
            "  ratio one-thread load + validate / reference (median): {:.2}",
            ms(omed) / ms(rmed)
        );
        one_thread.push(omin);
    }

    // Where the time goes, seed-shaped, one thread.
    let tree = radar_catalog::yaml::parse(&yaml).expect("parses");
    let source = radar_catalog::SourceFile::new("generated.yaml", yaml.clone());
    let skip = std::collections::HashSet::new();
    let t = time(
        rounds,
        &mut [
            &mut || {
                let mut options = serde_saphyr::granit_parser::Options::default();
                options.emit_comments = false;
                let parser = serde_saphyr::granit_parser::Parser::new_from_str_with_options(
                    black_box(&yaml),
                    options,
                );
                for event in parser {
                    black_box(event.expect("parses"));
                }
            },
            &mut || {
                black_box(radar_catalog::yaml::parse(black_box(&yaml)).expect("parses"));
            },
            &mut || {
                black_box(radar_catalog::schema_check::check(
                    &tree,
                    radar_catalog::schema(),
                    &source,
                ));
            },
            &mut || {
                use serde::Deserialize;
                black_box(
                    Catalog::deserialize(radar_catalog::yaml::De::new(&tree, &skip))
                        .expect("deserialises"),
                );
            },
        ],
    );
    let [(events, _), (parse, _), (schema, _), (de, _)] = t[..] else {
        unreachable!()
    };
    println!(
        "\nwhere the time goes (seed-shaped, one thread, min): parser events alone {:.2} ms; located tree (events + nodes + drop) {:.2} ms; schema check {:.2} ms; deserialise {:.2} ms; the rest (line index, checks, diagnostics, catalog drop) {:.2} ms",
        ms(events),
        ms(parse),
        ms(schema),
        ms(de),
        ms(one_thread[0].saturating_sub(parse + schema + de))
    );
}
