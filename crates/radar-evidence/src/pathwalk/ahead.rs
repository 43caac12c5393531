//! Work done for the folder walk on a second core.
//!
//! The walk is sequential: which commits it reaches depends on what it found
//! in their children. But most of what it reads lies on the first-parent
//! chain from the tip (a monorepo's mainline: on kubernetes/autoscaler 4,452
//! of the 4,643 commits the walk of `cluster-autoscaler/cloudprovider/azure`
//! reaches), and that chain can be read apart:
//!
//! - **With a commit-graph** the chain and each commit's root tree are in the
//!   graph. A helper decides whether each commit of the chain is TREESAME to
//!   its first parent, starting at the chain's oldest end, while the walk
//!   starts at the newest: each reads the trees of its half, and the walk
//!   takes the helper's answers when it gets there. The helper stops where
//!   it meets commits the walk has already been through.
//! - **Without one** the chain is only known by reading its commits from the
//!   tip, one after the other. A helper does that ahead of the walk, which
//!   is then left with the trees.
//!
//! What the helper hands over is exactly what the walk would compute itself
//! (a commit's tree and parents; whether two trees hold the same path), so
//! the walk's result does not depend on how far the helper got. A helper
//! that cannot read something stops there; the walk reads it and reports it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use gix::ObjectId;
use gix::hashtable::HashMap;
use gix::prelude::FindExt;

use super::{Lookup, Node};

/// Answers published at a time (one lock per batch; the walk may miss up to
/// this many near the meeting point and compute them itself).
const BATCH: usize = 32;
/// Commits in a row the walk has already been through after which the
/// helper takes it that the two have met.
const MET: usize = 32;

/// What the helper found, shared with the walk.
#[derive(Default)]
pub(super) struct Ahead {
    /// Commits read ahead of the walk (no commit-graph), taken by the walk.
    nodes: Mutex<HashMap<ObjectId, Node>>,
    /// With a commit-graph: the first-parent chain from the tip (commit,
    /// root tree), newest first, and each commit's place in it.
    chain: Vec<(ObjectId, ObjectId)>,
    position: HashMap<ObjectId, usize>,
    /// Whether the walk has been through each commit of the chain.
    walked: Vec<AtomicBool>,
    /// Whether a commit of the chain is TREESAME to its first parent.
    same: Mutex<HashMap<ObjectId, bool>>,
    /// The walk is over: the helper stops.
    over: AtomicBool,
}

impl Ahead {
    /// For a walk from `tip`: the first-parent chain from the graph when it
    /// has the tip, else nothing known yet (the helper reads commits).
    pub(super) fn new(graph: Option<&gix::commitgraph::Graph>, tip: ObjectId) -> Ahead {
        let mut chain = Vec::new();
        if let Some(graph) = graph {
            let mut at = graph.commit_by_id(tip);
            while let Some(c) = at {
                chain.push((c.id().to_owned(), c.root_tree_id().to_owned()));
                at = match c.iter_parents().next() {
                    Some(Ok(pos)) => Some(graph.commit_at(pos)),
                    _ => None,
                };
            }
        }
        let position = chain
            .iter()
            .enumerate()
            .map(|(i, (c, _))| (*c, i))
            .collect();
        let walked = chain.iter().map(|_| AtomicBool::new(false)).collect();
        Ahead {
            chain,
            position,
            walked,
            ..Ahead::default()
        }
    }

    /// The helper's work: decide the chain's commits from its oldest end
    /// (commit-graph), or read commits along the chain from `tip`.
    pub(super) fn help(&self, repo: &gix::Repository, tip: ObjectId, path: &str) {
        if self.chain.is_empty() {
            self.read_chain(repo, tip);
        } else {
            self.decide_from_the_end(repo, path);
        }
    }

    fn decide_from_the_end(&self, repo: &gix::Repository, path: &str) {
        let mut lookup = Lookup::new(repo, path);
        let mut batch = Vec::with_capacity(BATCH);
        let mut walked_in_a_row = 0;
        // Pairs (commit, first parent) from the oldest; the root has no pair.
        for i in (0..self.chain.len().saturating_sub(1)).rev() {
            if self.over.load(Ordering::Relaxed) {
                break;
            }
            if self.walked[i].load(Ordering::Relaxed) {
                walked_in_a_row += 1;
                if walked_in_a_row >= MET {
                    break;
                }
                continue;
            }
            walked_in_a_row = 0;
            let (commit, tree) = self.chain[i];
            // The commit's own tree is read (as the walk would, to see that
            // it can be), then compared with its parent's.
            let Ok(same) = lookup
                .at(tree, 0)
                .and_then(|_| lookup.same(tree, self.chain[i + 1].1))
            else {
                break;
            };
            batch.push((commit, same));
            if batch.len() == BATCH {
                publish(&self.same, &mut batch);
            }
        }
        publish(&self.same, &mut batch);
    }

    fn read_chain(&self, repo: &gix::Repository, tip: ObjectId) {
        let mut buf = Vec::with_capacity(1024);
        let mut batch = Vec::with_capacity(BATCH);
        let mut id = tip;
        while !self.over.load(Ordering::Relaxed) {
            let Ok(mut commit) = repo.objects.find_commit_iter(&id, &mut buf) else {
                break;
            };
            let Ok(tree) = commit.tree_id() else {
                break;
            };
            let parents: Vec<ObjectId> = commit.parent_ids().collect();
            let next = parents.first().copied();
            batch.push((id, Node { tree, parents }));
            if batch.len() == BATCH {
                publish(&self.nodes, &mut batch);
            }
            match next {
                Some(parent) => id = parent,
                None => break,
            }
        }
        publish(&self.nodes, &mut batch);
    }

    /// The walk is at `commit`: the helper need not decide it.
    pub(super) fn walking(&self, commit: &ObjectId) {
        if let Some(&i) = self.position.get(commit) {
            self.walked[i].store(true, Ordering::Relaxed);
        }
    }

    /// `commit` read ahead, if the helper got there.
    pub(super) fn take_node(&self, commit: &ObjectId) -> Option<Node> {
        self.nodes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(commit)
    }

    /// Whether `commit` is TREESAME to its first parent, if the helper decided it.
    pub(super) fn same_as_first_parent(&self, commit: &ObjectId) -> Option<bool> {
        if !self.position.contains_key(commit) {
            return None;
        }
        self.same
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(commit)
            .copied()
    }

    /// The walk is done: the helper stops at its next step.
    pub(super) fn finish(&self) {
        self.over.store(true, Ordering::Relaxed);
    }
}

/// Hands `batch` over to the walk (one lock for the batch).
fn publish<V>(to: &Mutex<HashMap<ObjectId, V>>, batch: &mut Vec<(ObjectId, V)>) {
    if !batch.is_empty() {
        to.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(batch.drain(..));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Selected, select_with};
    use super::*;
    use crate::testing::{git, git_with_input};
    use std::path::Path;

    /// A mainline of merges of short side branches, each changing one of a
    /// few folders (as pull requests do), plus direct commits.
    fn history(dir: &Path) {
        git(dir, &["init", "-q", "--bare", "-b", "main"]);
        let folders = ["a/b", "a/c", "d", "a/b/e"];
        let mut s = String::new();
        let mut mark = 0;
        let mut main_tip = 0;
        for i in 0..80u32 {
            // A side branch from the mainline, merged back (or a direct commit).
            let side = i % 3 != 0 && main_tip > 0;
            mark += 1;
            let t = 1_600_000_000 + mark * 60;
            let f = folders[(i as usize * 7 + i as usize / 5) % folders.len()];
            s.push_str(&format!(
                "commit refs/heads/{b}\nmark :{mark}\nauthor A{w} <a{w}@x.org> {t} +0000\ncommitter A <a@x.org> {t} +0000\ndata 2\nc\n",
                b = if side { "side" } else { "main" },
                w = i % 4
            ));
            if main_tip > 0 {
                s.push_str(&format!("from :{main_tip}\n"));
            }
            s.push_str(&format!(
                "M 100644 inline {f}/f{}\ndata 2\nv{}\n\n",
                i % 5,
                i % 3
            ));
            if side {
                let branch = mark;
                mark += 1;
                s.push_str(&format!(
                    "commit refs/heads/main\nmark :{mark}\ncommitter A <a@x.org> {t} +0000\ndata 2\nm\nfrom :{main_tip}\nmerge :{branch}\n\n"
                ));
            }
            main_tip = mark;
        }
        git_with_input(dir, &["fast-import", "--quiet"], &s);
    }

    fn run(repo: &gix::Repository, path: &str, helped: bool) -> (Selected, usize) {
        let graph = repo.commit_graph().ok();
        let tip = repo.head_id().unwrap().detach();
        let ahead = Ahead::new(graph.as_ref(), tip);
        if helped {
            ahead.help(repo, tip, path);
        }
        let known = ahead.nodes.lock().unwrap().len() + ahead.same.lock().unwrap().len();
        (select_with(repo, graph, tip, path, &ahead), known)
    }

    #[test]
    fn what_the_helper_finds_is_what_the_walk_would() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("h.git");
        std::fs::create_dir_all(&dir).unwrap();
        history(&dir);
        for graph in [false, true] {
            if graph {
                git(&dir, &["commit-graph", "write", "--reachable"]);
            }
            let repo = gix::open(&dir).unwrap();
            for path in ["a", "a/b", "a/b/e", "a/c", "d", "zz"] {
                let want: Vec<String> = git(&dir, &["rev-list", "HEAD", "--", path])
                    .lines()
                    .map(str::to_owned)
                    .collect();
                let ids = |s: &Selected| -> Vec<String> {
                    s.commits.iter().map(ToString::to_string).collect()
                };
                let (alone, none) = run(&repo, path, false);
                let (helped, known) = run(&repo, path, true);
                assert_eq!(none, 0);
                // The helper did part of the work: decided the chain (graph)
                // or read it (no graph).
                assert!(known >= 40, "{path}, graph {graph}: {known}");
                let sorted = |mut v: Vec<String>| {
                    v.sort();
                    v
                };
                assert_eq!(
                    sorted(ids(&alone)),
                    sorted(want.clone()),
                    "{path}, graph {graph}"
                );
                assert_eq!(sorted(ids(&helped)), sorted(want), "{path}, graph {graph}");
                assert_eq!(alone.visited, helped.visited, "{path}, graph {graph}");
                // And the walk took it instead of reading it again.
                let (cut, of) = if graph {
                    (helped.read.1, alone.read.1)
                } else {
                    (helped.read.0, alone.read.0)
                };
                assert!(cut * 2 < of, "{path}, graph {graph}: {cut} of {of}");
            }
        }
    }
}
