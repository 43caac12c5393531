//! The CNCF landscape as a catalog: `radar import landscape.yml` (read the
//! landscape, map every item, write the catalog's YAML) and then load +
//! validate that catalog (what every command does first). Targets: import
//! under 200 ms, load + validate under 20 ms (landscape2 parses and validates
//! the same data in 32–45 ms on this kind of machine).
//!
//! Run: `cargo bench -p radar-catalog --bench landscape`. The real
//! `landscape.yml` is read from `$RADAR_LANDSCAPE` (a file) or from the
//! cncf/landscape mirror (`$MIRRORS`, default /work/.mirror) when present;
//! otherwise a generated file of the same shape is used: 2,413 items in 80
//! subcategories, with the real file's proportions of projects, repositories,
//! descriptions, `extra` blocks, second paths and additional repositories.
//!
//! Each figure is the min and median of the rounds, next to references timed
//! in the same rounds, so the figures compare across machines by ratio:
//! serde-saphyr deserialising the landscape into a generic value (a plain
//! parse, no mapping, no checks) and the catalog into the typed `Catalog`
//! (no checks).

use std::hint::black_box;
use std::time::{Duration, Instant};

use radar_catalog::formats::{self, Options};
use radar_catalog::yaml::Threads;

const ROUNDS: usize = 40;

/// The real landscape.yml when it is at hand.
fn real() -> Option<(String, String)> {
    if let Ok(path) = std::env::var("RADAR_LANDSCAPE") {
        let text = std::fs::read_to_string(&path).ok()?;
        return Some((path, text));
    }
    let mirrors = std::env::var("MIRRORS").unwrap_or_else(|_| "/work/.mirror".into());
    for dir in ["cncf+landscape/repo", "cncf+landscape/repo/.git"] {
        let git = format!("{mirrors}/{dir}");
        let out = std::process::Command::new("git")
            .args(["-C", &git, "show", "HEAD:landscape.yml"])
            .output()
            .ok()?;
        if out.status.success() {
            let text = String::from_utf8(out.stdout).ok()?;
            return Some((format!("{git}:landscape.yml (HEAD)"), text));
        }
    }
    None
}

/// A landscape.yml of the real one's shape: 15 categories, 80
/// subcategories, 2,413 items; 255 projects with an `extra` block (dates,
/// Slack, DevStats…), 993 items with a repository, 1,061 with a
/// description, 108 with second paths, 15 with additional repositories.
fn generated() -> String {
    const ITEMS: usize = 2_413;
    let mut out = String::from("landscape:\n");
    let mut item = 0;
    for cat in 0..15 {
        out.push_str(&format!(
            "  - category:\n    name: Category {cat}\n    subcategories:\n"
        ));
        let subs = if cat < 5 { 6 } else { 5 };
        for sub in 0..subs {
            out.push_str(&format!(
                "      - subcategory:\n        name: Subcategory {cat}.{sub}\n        items:\n"
            ));
            let share = ITEMS / 80 + usize::from(item % 80 < ITEMS % 80);
            for _ in 0..share {
                if item == ITEMS {
                    break;
                }
                let i = item;
                item += 1;
                out.push_str(&format!(
                    "          - item:\n            name: Item {i}\n            homepage_url: https://item{i}.example.org/\n            logo: item{i}.svg\n            crunchbase: https://www.crunchbase.com/organization/org{}\n",
                    i % 1145
                ));
                if i % 12 < 5 {
                    out.push_str(&format!("            description: Item {i} does one useful thing for cloud native systems\n"));
                }
                if i % 5 < 2 {
                    out.push_str(&format!(
                        "            repo_url: https://github.com/org{}/item{i}\n",
                        i % 700
                    ));
                }
                if i % 22 == 0 {
                    out.push_str("            second_path: [\"Category 1 / Subcategory 1.1\"]\n");
                }
                if i % 160 == 0 {
                    out.push_str(&format!("            additional_repos:\n              - repo_url: https://github.com/org{}/item{i}-docs\n              - repo_url: https://github.com/org{}/item{i}-site\n", i % 700, i % 700));
                }
                if i % 19 < 2 {
                    let level =
                        ["sandbox", "incubating", "graduated", "sandbox", "archived"][i % 5];
                    out.push_str(&format!(
                        "            project: {level}\n            extra:\n              accepted: '2020-03-{:02}'\n              dev_stats_url: https://item{i}.devstats.example.org/\n              slack_url: https://slack.example.org/\n              chat_channel: '#item{i}'\n              clomonitor_name: item{i}\n              summary_tags: Runtime, OCI\n",
                        1 + i % 28
                    ));
                }
            }
        }
    }
    out
}

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --benches` runs this with `--bench` absent: keep that quick.
    let rounds = if args.iter().any(|a| a == "--bench") {
        ROUNDS
    } else {
        2
    };
    let (what, landscape) =
        real().unwrap_or_else(|| ("generated (no cncf/landscape mirror)".into(), generated()));
    let options = Options::default();
    let imported = formats::import("landscape.yml", &landscape, &options).expect("a landscape");
    let catalog_yaml = radar_catalog::to_yaml(&imported.catalog);
    let checked = radar_catalog::check_str_with("landscape.yaml", &catalog_yaml, Threads::One);
    assert!(
        !checked.has_errors(),
        "{:?}",
        checked.diagnostics.iter().find(|d| d.is_error())
    );
    let c = checked.catalog.as_ref().expect("loads");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("landscape: {what}");
    println!(
        "  {:.2} MB, {} items → catalog of {:.2} MB: {} projects ({} with a level) in {} areas, {} import warnings; {cores} core(s); min / median of {rounds} rounds",
        landscape.len() as f64 / 1e6,
        imported.items,
        catalog_yaml.len() as f64 / 1e6,
        c.project_count(),
        c.projects().filter(|(_, p)| p.state.is_some()).count(),
        c.areas.len(),
        imported.warnings.len()
    );

    let t = time(
        rounds,
        &mut [
            &mut || {
                let im = formats::import("landscape.yml", black_box(&landscape), &options)
                    .expect("imports");
                black_box(radar_catalog::to_yaml(&im.catalog));
            },
            &mut || {
                let v: serde_json::Value =
                    serde_saphyr::from_str(black_box(&landscape)).expect("parses");
                black_box(v);
            },
            &mut || {
                black_box(radar_catalog::check_str_with(
                    "landscape.yaml",
                    black_box(&catalog_yaml),
                    Threads::One,
                ));
            },
            &mut || {
                black_box(radar_catalog::check_str_with(
                    "landscape.yaml",
                    black_box(&catalog_yaml),
                    Threads::Two,
                ));
            },
            &mut || {
                let c: radar_catalog::Catalog =
                    serde_saphyr::from_str(black_box(&catalog_yaml)).expect("parses");
                black_box(c);
            },
        ],
    );
    let [
        (imin, imed),
        (pmin, pmed),
        (omin, omed),
        (tmin, tmed),
        (rmin, rmed),
    ] = t[..]
    else {
        unreachable!()
    };
    println!("\nradar import landscape.yml (read, map, write the YAML; target < 200 ms):");
    println!(
        "  import:                                        min {:7.2} ms   median {:7.2} ms",
        ms(imin),
        ms(imed)
    );
    println!(
        "  reference, serde_saphyr into a generic value:  min {:7.2} ms   median {:7.2} ms   (plain parse of the landscape)",
        ms(pmin),
        ms(pmed)
    );
    println!(
        "  ratio import / reference (median): {:.2}",
        ms(imed) / ms(pmed)
    );
    println!("\nload + validate the imported catalog (target < 20 ms; landscape2: 32-45 ms):");
    println!(
        "  one thread:                                    min {:7.2} ms   median {:7.2} ms",
        ms(omin),
        ms(omed)
    );
    println!(
        "  two-thread parse:                              min {:7.2} ms   median {:7.2} ms",
        ms(tmin),
        ms(tmed)
    );
    println!(
        "  reference, serde_saphyr::from_str::<Catalog>:  min {:7.2} ms   median {:7.2} ms   (typed parse only, no checks)",
        ms(rmin),
        ms(rmed)
    );
    println!(
        "  ratio one-thread load + validate / reference (median): {:.2}",
        ms(omed) / ms(rmed)
    );

    // Where the load's time goes, one thread.
    let tree = radar_catalog::yaml::parse(&catalog_yaml).expect("parses");
    let source = radar_catalog::SourceFile::new("landscape.yaml", catalog_yaml.clone());
    let skip = std::collections::HashSet::new();
    let t = time(
        rounds,
        &mut [
            &mut || {
                let mut options = serde_saphyr::granit_parser::Options::default();
                options.emit_comments = false;
                let parser = serde_saphyr::granit_parser::Parser::new_from_str_with_options(
                    black_box(&catalog_yaml),
                    options,
                );
                for event in parser {
                    black_box(event.expect("parses"));
                }
            },
            &mut || {
                black_box(radar_catalog::yaml::parse(black_box(&catalog_yaml)).expect("parses"));
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
                    radar_catalog::Catalog::deserialize(radar_catalog::yaml::De::new(&tree, &skip))
                        .expect("deserialises"),
                );
            },
        ],
    );
    let [(events, _), (parse, _), (schema, _), (de, _)] = t[..] else {
        unreachable!()
    };
    println!(
        "  where the time goes (one thread, min): parser events alone {:.2} ms; located tree {:.2} ms; schema check {:.2} ms; deserialise {:.2} ms; the rest (checks, diagnostics, drop) {:.2} ms",
        ms(events),
        ms(parse),
        ms(schema),
        ms(de),
        ms(omin.saturating_sub(parse + schema + de))
    );
}
