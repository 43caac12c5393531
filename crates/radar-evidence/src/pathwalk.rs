//! The commits that touch a folder, as `git log -- PATH` lists them.
//!
//! git's default history simplification, which `git log`, `git rev-list
//! --count` and `git shortlog` apply to a path:
//!
//! - a commit is *TREESAME* to a parent when the path holds the same thing
//!   in both (the same tree or file id and mode, or nothing in either);
//! - a commit with parents is listed unless it is TREESAME to one of them;
//!   when it is, only the first such parent is followed (a merge that
//!   brought nothing to the folder from a side branch prunes that branch);
//!   otherwise every parent is followed;
//! - a root commit is listed when the path holds something in it.
//!
//! Which commits are reached does not depend on the order of the walk; with
//! a commit-graph it goes by generation, newest first (see `ahead.rs`).
//! Whether a commit is TREESAME to a parent is
//! read from their trees only as deep as they differ, as git's
//! pathspec-limited comparison does: equal root trees, or equal trees at
//! `a` or `a/b`, hold the same `a/b/c`, so most commits of a monorepo (which
//! change another part of it) cost one root-tree read each. Trees read are
//! remembered by id at each depth: consecutive commits share most of them.
//! With a commit-graph, a commit's tree and parents come from the graph.
//! (Reading every commit's whole path on all cores first, as an earlier
//! version did, read several times the trees and was slower on 2 cores.)
//! A helper on another core takes part of the work along the first-parent
//! chain (`ahead.rs`).

use std::collections::BinaryHeap;

// Keyed by object ids, which are hashes already: no hashing them again.
use gix::hashtable::{HashMap, HashSet};

use gix::ObjectId;
use gix::prelude::FindExt;

mod ahead;
use ahead::Ahead;

/// What the path holds in one commit: its entry's id and kind (modes as git
/// compares them: `100664` is a plain file), or nothing.
type Entry = Option<(ObjectId, gix::objs::tree::EntryKind)>;

/// The commits listed, and what stopped the walk from seeing everything.
#[derive(Debug, Default)]
pub(crate) struct Selected {
    pub commits: Vec<ObjectId>,
    /// Commits reached (listed or not): what the walk had to read.
    pub visited: u64,
    /// Objects the walk could not read (a partial or damaged clone): the
    /// listing may then be incomplete.
    pub problems: Vec<String>,
    /// Commits and trees the walk read itself (not from the commit-graph,
    /// not from the helper): what it cost.
    pub read: (u64, u64),
}

/// One commit's root tree and parents.
struct Node {
    tree: ObjectId,
    parents: Vec<ObjectId>,
}

/// Reads commits from the commit-graph when it has them, else from what the
/// helper read ahead, else from the objects.
struct Commits<'r> {
    repo: &'r gix::Repository,
    graph: Option<gix::commitgraph::Graph>,
    ahead: &'r Ahead,
    buf: Vec<u8>,
    read: u64,
}

impl Commits<'_> {
    /// The commit's generation in the commit-graph (parents are lower);
    /// newer than the graph: above all; no graph: 0 for all.
    fn generation(&self, id: &ObjectId) -> u32 {
        match &self.graph {
            Some(graph) => graph.commit_by_id(id).map_or(u32::MAX, |c| c.generation()),
            None => 0,
        }
    }

    fn node(&mut self, id: &ObjectId) -> Result<Node, String> {
        if let Some(graph) = &self.graph
            && let Some(c) = graph.commit_by_id(id)
        {
            let parents = c
                .iter_parents()
                .map(|p| p.map(|pos| graph.id_at(pos).to_owned()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("commit-graph entry of {id}: {e}"))?;
            return Ok(Node {
                tree: c.root_tree_id().to_owned(),
                parents,
            });
        }
        if let Some(node) = self.ahead.take_node(id) {
            return Ok(node);
        }
        self.read += 1;
        let mut commit = self
            .repo
            .objects
            .find_commit_iter(id, &mut self.buf)
            .map_err(|e| format!("commit {id}: {e}"))?;
        let tree = commit.tree_id().map_err(|e| format!("commit {id}: {e}"))?;
        let parents = commit.parent_ids().collect();
        Ok(Node { tree, parents })
    }
}

/// What a path holds in a tree, remembered per tree id at each depth.
struct Lookup<'r> {
    repo: &'r gix::Repository,
    parts: Vec<Vec<u8>>,
    /// Depth → tree id → the entry named by the path's component at that depth.
    memo: Vec<HashMap<ObjectId, Entry>>,
    buf: Vec<u8>,
}

impl Lookup<'_> {
    /// What the path's component at `depth` names in `tree`, remembered.
    fn at(&mut self, tree: ObjectId, depth: usize) -> Result<Entry, String> {
        if let Some(e) = self.memo[depth].get(&tree) {
            return Ok(*e);
        }
        let e = self.read(&tree, depth)?;
        self.memo[depth].insert(tree, e);
        Ok(e)
    }

    /// What the path holds under the root tree `root`.
    fn entry(&mut self, root: ObjectId) -> Result<Entry, String> {
        self.entry_below(root, 0)
    }

    /// What the path holds under `tree`, the folder its component `from` is read in.
    fn entry_below(&mut self, tree: ObjectId, from: usize) -> Result<Entry, String> {
        let mut tree = tree;
        for depth in from..self.parts.len() {
            match self.at(tree, depth)? {
                None => return Ok(None),
                Some(e) if depth + 1 == self.parts.len() => return Ok(Some(e)),
                // Something on the way is not a folder: the path holds nothing.
                Some((_, kind)) if kind != gix::objs::tree::EntryKind::Tree => return Ok(None),
                Some((id, _)) => tree = id,
            }
        }
        Ok(None)
    }

    /// Whether the path holds the same thing under the root trees `a` and
    /// `b` (TREESAME), read only as deep as they differ: two equal trees on
    /// the way hold the same below, which is where git's pathspec-limited
    /// tree comparison stops too. Most commits of a monorepo change another
    /// part of it and are settled by their root trees alone.
    fn same(&mut self, mut a: ObjectId, mut b: ObjectId) -> Result<bool, String> {
        let folder = |e: Entry| {
            e.filter(|(_, kind)| *kind == gix::objs::tree::EntryKind::Tree)
                .map(|(id, _)| id)
        };
        for depth in 0..self.parts.len() {
            if a == b {
                return Ok(true);
            }
            let (ea, eb) = (self.at(a, depth)?, self.at(b, depth)?);
            if depth + 1 == self.parts.len() {
                return Ok(ea == eb);
            }
            // Not a folder on the way: the path holds nothing there.
            match (folder(ea), folder(eb)) {
                (None, None) => return Ok(true),
                (Some(x), Some(y)) => (a, b) = (x, y),
                // One side holds nothing: the same only if the other's
                // folder lacks the rest of the path.
                (Some(x), None) | (None, Some(x)) => {
                    return Ok(self.entry_below(x, depth + 1)?.is_none());
                }
            }
        }
        Ok(a == b)
    }

    fn read(&mut self, tree: &ObjectId, depth: usize) -> Result<Entry, String> {
        let name = &self.parts[depth];
        let iter = self
            .repo
            .objects
            .find_tree_iter(tree, &mut self.buf)
            .map_err(|e| format!("tree {tree}: {e}"))?;
        for entry in iter {
            let entry = entry.map_err(|e| format!("tree {tree}: {e}"))?;
            if entry.filename == name.as_slice() {
                return Ok(Some((entry.oid.to_owned(), entry.mode.kind())));
            }
        }
        Ok(None)
    }
}

fn parts_of(path: &str) -> Vec<Vec<u8>> {
    path.split('/')
        .filter(|p| !p.is_empty())
        .map(|p| p.as_bytes().to_vec())
        .collect()
}

impl<'r> Lookup<'r> {
    fn new(repo: &'r gix::Repository, path: &str) -> Self {
        let parts = parts_of(path);
        Lookup {
            repo,
            memo: vec![HashMap::default(); parts.len()],
            parts,
            buf: Vec::with_capacity(4096),
        }
    }
}

/// The commits reachable from `tip` that `git log tip -- path` lists.
pub(crate) fn select(repo: &gix::Repository, tip: ObjectId, path: &str) -> Selected {
    let graph = repo.commit_graph().ok();
    let ahead = Ahead::new(graph.as_ref(), tip);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 {
        return select_with(repo, graph, tip, path, &ahead);
    }
    let sync_repo = repo.clone().into_sync();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // The walk does without the helper: a helper that panics (a bug)
            // must not take the measurement down with it.
            let help = || ahead.help(&sync_repo.to_thread_local(), tip, path);
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(help));
        });
        let out = select_with(repo, graph, tip, path, &ahead);
        ahead.finish();
        out
    })
}

/// [`select`] taking what `ahead` has found so far.
fn select_with(
    repo: &gix::Repository,
    graph: Option<gix::commitgraph::Graph>,
    tip: ObjectId,
    path: &str,
    ahead: &Ahead,
) -> Selected {
    let mut out = Selected::default();
    let mut commits = Commits {
        repo,
        graph,
        ahead,
        buf: Vec::with_capacity(1024),
        read: 0,
    };
    let mut lookup = Lookup::new(repo, path);
    // Parents already read while looking at a child, taken when the walk
    // reaches them.
    let mut pending: HashMap<ObjectId, Node> = HashMap::default();
    let problem = |out: &mut Selected, e: String| {
        if out.problems.len() < 10 {
            out.problems.push(e);
        }
    };
    let mut seen: HashSet<ObjectId> = HashSet::default();
    seen.insert(tip);
    // Highest generation first (children before their parents): the walk
    // goes down the history steadily while the helper comes up the chain.
    // Among equals (no commit-graph: all), the last pushed: a depth-first
    // walk, where consecutive commits share their trees' delta bases.
    let mut pushed = 0u64;
    let mut queue = BinaryHeap::from([(commits.generation(&tip), pushed, tip)]);
    while let Some((_, _, id)) = queue.pop() {
        out.visited += 1;
        ahead.walking(&id);
        let node = match pending.remove(&id) {
            Some(known) => known,
            None => match commits.node(&id) {
                Ok(known) => known,
                Err(e) => {
                    problem(&mut out, e);
                    continue;
                }
            },
        };
        // Decided by the helper (which read this commit's tree), or to be
        // decided here.
        let decided = ahead.same_as_first_parent(&id);
        // A commit whose own tree cannot be read says nothing about the path.
        if decided.is_none()
            && let Err(e) = lookup.at(node.tree, 0)
        {
            problem(&mut out, e);
            continue;
        }
        if node.parents.is_empty() {
            match lookup.entry(node.tree) {
                Ok(Some(_)) => out.commits.push(id),
                Ok(None) => {}
                Err(e) => problem(&mut out, e),
            }
            continue;
        }
        let mut follow: &[ObjectId] = &node.parents;
        let mut treesame = false;
        for (i, parent) in node.parents.iter().enumerate() {
            let theirs = match pending.get(parent) {
                Some(n) => n.tree,
                // Visited already through another child: read it again (its
                // trees are remembered, so this is one commit read).
                None => match commits.node(parent) {
                    Ok(n) => {
                        let tree = n.tree;
                        if !seen.contains(parent) {
                            pending.insert(*parent, n);
                        }
                        tree
                    }
                    Err(e) => {
                        problem(&mut out, e);
                        continue;
                    }
                },
            };
            let same = match decided {
                Some(known) if i == 0 => Ok(known),
                _ => lookup.same(node.tree, theirs),
            };
            match same {
                Ok(true) => {
                    follow = &node.parents[i..=i];
                    treesame = true;
                    break;
                }
                Ok(false) => {}
                Err(e) => problem(&mut out, e),
            }
        }
        if !treesame {
            out.commits.push(id);
        }
        for p in follow {
            if seen.insert(*p) {
                pushed += 1;
                queue.push((commits.generation(p), pushed, *p));
            }
        }
    }
    // Parents read but never walked to (pruned side branches) are dropped here.
    let trees: Vec<usize> = lookup.memo.iter().map(HashMap::len).collect();
    out.read = (commits.read, trees.iter().sum::<usize>() as u64);
    tracing::debug!(
        visited = out.visited,
        listed = out.commits.len(),
        commits_read = out.read.0,
        trees_read_by_depth = ?trees,
        "folder walk"
    );
    out
}
