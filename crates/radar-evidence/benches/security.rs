//! What the security section costs on real repositories: `inspect` with and
//! without it, alternated in the same run, and the section measured alone
//! (`measure_security`: the tree listed and read again, every check run).
//! The target: the section adds under 50 ms per repository to a measurement
//! of moby and of containerd.
//!
//! Run: `cargo bench -p radar-evidence --bench security` (repositories from
//! `RADAR_BENCH_REPOS`, separated by commas; by default the moby and
//! containerd mirrors under `/work/.mirror`, skipped when absent).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use radar_evidence::{InspectOptions, inspect, measure_security};

const ROUNDS: usize = 7;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let repos: Vec<PathBuf> = match std::env::var("RADAR_BENCH_REPOS") {
        Ok(list) => list
            .split(',')
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
            .collect(),
        Err(_) => ["moby+moby", "containerd+containerd"]
            .iter()
            .map(|r| PathBuf::from(format!("/work/.mirror/{r}/repo")))
            .collect(),
    };
    println!(
        "{:<48} {:>12} {:>12} {:>10} {:>12}",
        "repository", "without ms", "with ms", "diff ms", "alone ms"
    );
    for repo in repos {
        if !repo.exists() {
            eprintln!("skipped (not present): {}", repo.display());
            continue;
        }
        let without = InspectOptions {
            security: false,
            ..Default::default()
        };
        let with = InspectOptions::default();
        // Warm the object caches once each way.
        let evidence = inspect(&repo, &with).expect("inspect");
        inspect(&repo, &without).expect("inspect");
        let (mut a, mut b, mut alone) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let t = Instant::now();
            std::hint::black_box(inspect(&repo, &without).expect("inspect"));
            a.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(inspect(&repo, &with).expect("inspect"));
            b.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(measure_security(&repo, &evidence).expect("security"));
            alone.push(t.elapsed());
        }
        let (a, b, alone) = (median(a), median(b), median(alone));
        println!(
            "{:<48} {:>12.1} {:>12.1} {:>10.1} {:>12.1}",
            repo.display(),
            ms(a),
            ms(b),
            ms(b) - ms(a),
            ms(alone)
        );
        // The target is what the section adds to a measurement (inspect with
        // it minus without it, medians of alternated runs); measured alone it
        // also pays for a cold read of the tree that inspect has already warmed.
        let added = ms(b) - ms(a);
        let verdict = if added < 50.0 { "under" } else { "OVER" };
        println!(
            "  the security section adds {added:.1} ms to inspect ({verdict} the 50 ms target); alone, cold: {:.1} ms",
            ms(alone)
        );
    }
}
