//! Generated histories for the walk tests: branches, merges, files added,
//! changed, deleted, moved and re-moded, written by `git fast-import` (so
//! the objects are packed, as in a clone).

use std::path::Path;
use std::process::{Command, Stdio};

/// A small pseudo-random generator (no dependency, fixed seeds: every run
/// builds the same histories).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// A history of `n` commits on a few branches with merges, where each
/// commit adds, changes, deletes, moves or re-modes files under a handful
/// of folders, written with `git fast-import`.
pub fn random_history(dir: &Path, seed: u64, n: u64) {
    let mut rng = Lcg(seed);
    let files = [
        "a/x", "a/y", "a/b/x", "a/b/c/x", "a/b/c/y", "ab/x", "b/x", "c/d/x", "top",
    ];
    let mut stream = String::new();
    // Each branch's last commit (marks are 1..=n).
    let mut tips: Vec<Option<u64>> = vec![None; 4];
    for i in 1..=n {
        let branch = rng.next(4) as usize;
        let t = 1_600_000_000 + i * 3600;
        let who = rng.next(7);
        stream.push_str(&format!(
            "commit refs/heads/b{branch}\nmark :{i}\nauthor P{who} <p{who}@e{}.example> {t} +0000\ncommitter P{who} <p{who}@x.example> {t} +0000\ndata 4\nc{:02}\n",
            who % 3,
            i % 100
        ));
        if let Some(tip) = tips[branch] {
            stream.push_str(&format!("from :{tip}\n"));
        } else if let Some(other) = tips.iter().flatten().next() {
            // A new branch starts from another one (a single root, mostly).
            if rng.next(5) > 0 {
                stream.push_str(&format!("from :{other}\n"));
            }
        }
        // Sometimes merge another branch in.
        if rng.next(4) == 0
            && let Some(other) = tips
                .iter()
                .enumerate()
                .filter(|(b, t)| *b != branch && t.is_some())
                .map(|(_, t)| t.unwrap())
                .nth(rng.next(3) as usize)
            && tips[branch].is_some()
        {
            stream.push_str(&format!("merge :{other}\n"));
        }
        for _ in 0..rng.next(3) {
            let f = files[rng.next(files.len() as u64) as usize];
            match rng.next(6) {
                0 => stream.push_str(&format!("D {f}\n")),
                // A move: what the path walk sees (no rename detection in `git log -- PATH`).
                1 => {
                    let to = files[rng.next(files.len() as u64) as usize];
                    stream.push_str(&format!(
                        "D {f}\nM 100644 inline {to}\ndata 2\nm{}\n",
                        rng.next(3)
                    ));
                }
                2 => stream.push_str(&format!("M 100755 inline {f}\ndata 2\nv{}\n", rng.next(3))),
                _ => stream.push_str(&format!("M 100644 inline {f}\ndata 2\nv{}\n", rng.next(3))),
            }
        }
        stream.push('\n');
        tips[branch] = Some(i);
    }
    // Everything merged into b0, which HEAD names.
    std::fs::create_dir_all(dir).unwrap();
    assert!(super::git_ok(dir, &["init", "-q", "--bare", "-b", "b0"]));
    let mut child = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}
