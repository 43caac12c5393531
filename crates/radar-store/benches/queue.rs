//! The queue benchmark of issue 5, on a throwaway PostgreSQL it starts itself
//! (durable settings: fsync on, as a real server).
//!
//! 1. Overhead: the queue's own cost per job, a lease + complete round trip
//!    with a no-op job (an empty assessment written as the result), measured
//!    call by call in one process; and the same through the worker loop.
//! 2. Scale-out: 1,000 synthetic jobs worked by 1 worker process, then by 2,
//!    on fresh databases, in alternating rounds (default 3; the best round of
//!    each counts, since neighbours on a shared VM come and go); prints jobs/s
//!    and the ratio, next to a machine reference: the job's CPU part on 2
//!    threads vs 1 with no queue at all.
//!
//! The synthetic job stands in for an assessment of an unchanged repository
//! plus a fetch: ~20 ms of CPU (aggregating a synthetic history of 300,000
//! commits by author and organisation, computing an elephant factor and
//! serialising ~2 KB of evidence JSON) and 15 ms of I/O wait (a sleep in
//! place of `git fetch`), then its snapshot is written like a real one.
//!
//! Run: `scripts/bench-queue.sh` or `cargo bench -p radar-store --bench queue`
//! (`-- --jobs N --rounds R` to change the job count and rounds). The process re-runs itself with
//! `--worker URL KIND NAME` as each worker.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use radar_store::throwaway::{PgOptions, PgServer};
use radar_store::{Job, JobError, NewJob, Snapshot, Store, Summary, Worker, WorkerOptions};

const IO_WAIT: Duration = Duration::from_millis(15);
const COMMITS: u64 = 300_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--worker") {
        let url = &args[i + 1];
        let kind = &args[i + 2];
        let name = &args[i + 3];
        runtime().block_on(worker(url, kind, name));
        return;
    }
    let jobs: usize = args
        .iter()
        .position(|a| a == "--jobs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    // `--no-fsync`: for diagnosis only (how much of the cost is the disk).
    let durable = !args.iter().any(|a| a == "--no-fsync");
    let server = match PgServer::start_with(&PgOptions {
        durable,
        ..PgOptions::default()
    }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot start a throwaway PostgreSQL for the benchmark: {e}");
            std::process::exit(2);
        }
    };
    runtime().block_on(coordinator(&server, jobs, rounds, durable));
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn coordinator(server: &PgServer, jobs: usize, rounds: usize, durable: bool) {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let fsync = if durable { "on" } else { "OFF" };
    println!("queue benchmark: PostgreSQL (throwaway, fsync {fsync}), {jobs} jobs, {cores} cores");
    // Other work on the machine skews the 1-vs-2 ratio: say how busy it was.
    println!("load average at start: {}", load_average());

    // The synthetic job's own cost, measured alone.
    let t = Instant::now();
    for seed in 0..50 {
        std::hint::black_box(synthetic_evidence(seed));
    }
    let cpu = t.elapsed() / 50;
    println!(
        "synthetic job: {:.1} ms CPU + {} ms I/O wait",
        ms(cpu),
        IO_WAIT.as_millis()
    );

    // 1. Overhead per job.
    let url = server.create_database("overhead").await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    let run = store
        .begin_run("bench", jiff::Timestamp::now())
        .await
        .unwrap();
    store.enqueue(run, &new_jobs(jobs)).await.unwrap();
    let mut lease = Vec::with_capacity(jobs);
    let mut complete = Vec::with_capacity(jobs);
    let mut round = Vec::with_capacity(jobs);
    loop {
        let t0 = Instant::now();
        let Some(job) = store.lease("bench", Duration::from_secs(60)).await.unwrap() else {
            break;
        };
        let t1 = Instant::now();
        store.complete(&job, &noop_snapshot(&job)).await.unwrap();
        let t2 = Instant::now();
        lease.push(t1 - t0);
        complete.push(t2 - t1);
        round.push(t2 - t0);
    }
    assert_eq!(round.len(), jobs);
    println!("\nqueue overhead per job (lease + complete, no-op job, one process, {jobs} jobs):");
    report("lease", &mut lease);
    report("complete", &mut complete);
    let mean_round = report("lease+complete", &mut round);

    let url = server.create_database("overhead_loop").await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    let run = store
        .begin_run("bench", jiff::Timestamp::now())
        .await
        .unwrap();
    store.enqueue(run, &new_jobs(jobs)).await.unwrap();
    let mut options = WorkerOptions::new("loop");
    options.exit_when_drained = true;
    let t = Instant::now();
    let done = Worker::new(store, options)
        .run(
            |job: Job| async move { Ok(noop_snapshot(&job)) },
            std::future::pending(),
        )
        .await
        .unwrap();
    assert_eq!(done.completed, jobs as u64);
    let per_job_loop = t.elapsed() / jobs as u32;
    println!(
        "  through the worker loop: {:.2} ms per job",
        ms(per_job_loop)
    );

    // 2. Throughput with 1 and 2 worker processes, in alternating rounds
    //    (1, 2, 1, 2, …): on a shared virtual machine, neighbours come and go,
    //    so each count keeps its best round. Each round also measures the
    //    machine itself: the job's CPU part on 2 threads vs 1, with no queue,
    //    which is the ceiling any 2-worker speed-up can reach at that moment.
    println!("\nthroughput, {jobs} synthetic jobs, {rounds} round(s):");
    let mut best = [0f64; 2];
    let mut references = Vec::new();
    for round in 1..=rounds {
        let reference = cpu_reference(cpu);
        references.push(reference);
        print!("  round {round}: machine reference {reference:.2}x;");
        for (slot, workers) in [1usize, 2].into_iter().enumerate() {
            let rate = throughput(server, jobs, workers, round).await;
            print!(
                " {workers} worker{}: {rate:.1} jobs/s;",
                if workers == 1 { "" } else { "s" }
            );
            best[slot] = best[slot].max(rate);
        }
        println!();
    }
    println!("load average at end: {}", load_average());
    let ratio = best[1] / best[0];
    let reference = references.iter().cloned().fold(0f64, f64::max);
    println!(
        "\nRESULT speed-up 2 workers vs 1: {ratio:.2}x ({:.1} vs {:.1} jobs/s, best rounds; target >= 1.8x on 2 cores; \
         machine reference, CPU only, best {reference:.2}x)",
        best[1], best[0]
    );
    println!(
        "RESULT queue overhead per job: {:.2} ms lease+complete mean (target < 5 ms); {:.2} ms via the worker loop",
        ms(mean_round),
        ms(per_job_loop)
    );
}

/// Runs the synthetic job's CPU part for about 2 s on 1 thread, then the
/// same amount on each of 2 threads; returns how much faster 2 threads got
/// through twice the work.
fn cpu_reference(per_job: Duration) -> f64 {
    let n = (2.0 / per_job.as_secs_f64()).ceil().max(1.0) as u64;
    let t = Instant::now();
    for seed in 0..n {
        std::hint::black_box(synthetic_evidence(seed));
    }
    let one = t.elapsed();
    let t = Instant::now();
    std::thread::scope(|scope| {
        for th in 1..=2u64 {
            scope.spawn(move || {
                for seed in 0..n {
                    std::hint::black_box(synthetic_evidence(th * 10_000 + seed));
                }
            });
        }
    });
    2.0 * one.as_secs_f64() / t.elapsed().as_secs_f64()
}

/// Jobs per second for `workers` worker processes on a fresh database.
async fn throughput(server: &PgServer, jobs: usize, workers: usize, round: usize) -> f64 {
    let url = server
        .create_database(&format!("scale{workers}_r{round}"))
        .await
        .unwrap();
    let store = Store::connect(&url).await.unwrap();
    let run = store
        .begin_run("bench", jiff::Timestamp::now())
        .await
        .unwrap();
    store.enqueue(run, &new_jobs(jobs)).await.unwrap();
    let exe = std::env::current_exe().unwrap();
    let t = Instant::now();
    let mut children: Vec<_> = (0..workers)
        .map(|w| {
            Command::new(&exe)
                .args(["--worker", &url, "cpu", &format!("w{w}")])
                .stdin(Stdio::null())
                .spawn()
                .expect("spawn a worker process")
        })
        .collect();
    for c in &mut children {
        assert!(c.wait().unwrap().success(), "a worker failed");
    }
    let took = t.elapsed();
    let stats = store.queue_stats().await.unwrap();
    assert_eq!(stats.done, jobs as u64, "every job done: {stats:?}");
    store.close().await;
    jobs as f64 / took.as_secs_f64()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Prints mean and percentiles; returns the mean.
fn report(label: &str, samples: &mut [Duration]) -> Duration {
    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    println!(
        "  {label:<15} mean {:.2} ms   p50 {:.2}   p95 {:.2}   p99 {:.2}   max {:.2}",
        ms(mean),
        ms(pct(0.5)),
        ms(pct(0.95)),
        ms(pct(0.99)),
        ms(pct(1.0))
    );
    mean
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn new_jobs(n: usize) -> Vec<NewJob> {
    (0..n)
        .map(|i| {
            NewJob::new(
                format!("project-{i:05}"),
                format!("https://git.example.test/org/project-{i:05}.git"),
            )
        })
        .collect()
}

fn noop_snapshot(job: &Job) -> Snapshot {
    let mut s = Snapshot::new(
        &job.project_id,
        &job.repo_url,
        job.run_id,
        jiff::Timestamp::now(),
        job.as_of,
    );
    s.assessment_json = Some("{}".into());
    s
}

async fn worker(url: &str, kind: &str, name: &str) {
    let store = Store::connect(url).await.expect("worker connects");
    let mut options = WorkerOptions::new(name);
    options.exit_when_drained = true;
    let cpu = kind == "cpu";
    Worker::new(store, options)
        .run(
            move |job: Job| async move {
                if !cpu {
                    return Ok(noop_snapshot(&job));
                }
                tokio::time::sleep(IO_WAIT).await;
                let seed = job.id.0 as u64;
                let (evidence, summary) =
                    tokio::task::spawn_blocking(move || synthetic_evidence(seed))
                        .await
                        .map_err(JobError::retry)?;
                let mut s = Snapshot::new(
                    &job.project_id,
                    &job.repo_url,
                    job.run_id,
                    jiff::Timestamp::now(),
                    job.as_of,
                );
                s.head_commit = Some(format!("{seed:040x}"));
                s.evidence_json = Some(evidence);
                s.assessment_json = Some(r#"{"level":"sandbox","criteria":[]}"#.into());
                s.summary = summary;
                Ok(s)
            },
            std::future::pending(),
        )
        .await
        .expect("worker runs");
}

/// The CPU part of the synthetic job: a history of COMMITS commits by 800
/// authors from 60 organisations, aggregated as the evidence stage does.
fn synthetic_evidence(seed: u64) -> (String, Summary) {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut by_author: HashMap<String, u64> = HashMap::new();
    let mut by_org: HashMap<u64, u64> = HashMap::new();
    let now = 1_780_000_000u64;
    let mut recent = 0;
    for _ in 0..COMMITS {
        let r = next();
        let author = r % 800;
        // Skewed: low-numbered authors commit more.
        let author = author * author / 800;
        let email = format!("dev{author}@org{}.example", author % 60);
        let org = author % 60;
        let when = now - (r >> 20) % (5 * 365 * 86_400);
        *by_author.entry(email).or_default() += 1;
        if now - when < 365 * 86_400 {
            recent += 1;
            *by_org.entry(org).or_default() += 1;
        }
    }
    let mut orgs: Vec<u64> = by_org.values().copied().collect();
    orgs.sort_unstable_by(|a, b| b.cmp(a));
    let total: u64 = orgs.iter().sum();
    let mut acc = 0;
    let elephant = orgs.iter().take_while(|&&c| {
        let below = acc * 2 < total;
        acc += c;
        below
    });
    let elephant = elephant.count() as i64;
    let mut top: Vec<(&String, &u64)> = by_author.iter().collect();
    top.sort_unstable_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let top: Vec<_> = top
        .into_iter()
        .take(40)
        .map(|(e, c)| serde_json::json!({"email": e, "commits": c}))
        .collect();
    let evidence = serde_json::json!({
        "commits": COMMITS,
        "commits_365d": recent,
        "contributors": by_author.len(),
        "organisations": by_org.len(),
        "elephant_factor": elephant,
        "top_authors": top,
    })
    .to_string();
    let summary = Summary {
        contributors: Some(by_author.len() as i64),
        commits: Some(COMMITS as i64),
        commits_365d: Some(recent),
        organisations: Some(by_org.len() as i64),
        elephant_factor: Some(elephant),
        ..Summary::default()
    };
    (evidence, summary)
}
