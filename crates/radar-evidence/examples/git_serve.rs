//! A git server on loopback for the benchmarks (`scripts/bench-clone.sh`):
//! serves every repository under ROOT as `git://127.0.0.1:PORT/<path>`
//! through `git daemon`, and keeps the number of bytes sent to clients in
//! STATS (rewritten every 100 ms), until its standard input closes.
//!
//!     cargo run --release -p radar-evidence --example git_serve -- ROOT STATS
//!
//! It prints the base URL (`git://127.0.0.1:PORT`) on its first line. The
//! server is the tests' (`tests/common/serve.rs`), so both count alike.

#[path = "../tests/common/serve.rs"]
mod serve;

use std::io::{BufRead, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, stats] = args.as_slice() else {
        eprintln!("usage: git_serve ROOT STATS");
        std::process::exit(2);
    };
    if !serve::daemon_available() {
        eprintln!("git daemon is not installed (Debian's git package has it)");
        std::process::exit(1);
    }
    let server = serve::GitServer::start(std::path::Path::new(root));
    let base = server.url("");
    println!("{}", base.trim_end_matches('/'));
    std::io::stdout().flush().ok();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let done = done.clone();
        std::thread::spawn(move || {
            // Stop when whoever started us closes our input.
            for _ in std::io::stdin().lock().lines() {}
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
    }
    while !done.load(std::sync::atomic::Ordering::SeqCst) {
        let _ = std::fs::write(stats, format!("{}\n", server.sent()));
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = std::fs::write(stats, format!("{}\n", server.sent()));
}
