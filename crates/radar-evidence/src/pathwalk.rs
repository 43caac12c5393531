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
//! Which commits are reached does not depend on the order of the walk, so
//! the walk uses a plain stack. What a commit holds at the path comes from
//! the trees on the way to it (three tree reads for `a/b/c`), remembered by
//! tree id: consecutive commits share most of those trees. With a
//! commit-graph, every commit's tree is known without reading it, so what
//! each commit holds is read first on every core, in stretches of
//! consecutive history (which share trees); the walk then only looks up.

use std::collections::{HashMap, HashSet};

use gix::ObjectId;
use gix::prelude::FindExt;

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
}

/// One commit's root tree and parents.
struct Node {
    tree: ObjectId,
    parents: Vec<ObjectId>,
}

/// Reads commits from the commit-graph when it has them, else from the objects.
struct Commits<'r> {
    repo: &'r gix::Repository,
    graph: Option<gix::commitgraph::Graph>,
    buf: Vec<u8>,
}

impl Commits<'_> {
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
    fn entry(&mut self, root: ObjectId) -> Result<Entry, String> {
        let mut tree = root;
        for depth in 0..self.parts.len() {
            let found = match self.memo[depth].get(&tree) {
                Some(e) => *e,
                None => {
                    let e = self.read(&tree, depth)?;
                    self.memo[depth].insert(tree, e);
                    e
                }
            };
            match found {
                None => return Ok(None),
                Some(e) if depth + 1 == self.parts.len() => return Ok(Some(e)),
                // Something on the way is not a folder: the path holds nothing.
                Some((_, kind)) if kind != gix::objs::tree::EntryKind::Tree => return Ok(None),
                Some((id, _)) => tree = id,
            }
        }
        Ok(None)
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
            memo: vec![HashMap::new(); parts.len()],
            parts,
            buf: Vec::with_capacity(4096),
        }
    }
}

/// With a commit-graph: what the path holds in every commit reachable from
/// `tip`, read on `threads` threads (an unreadable tree is left out: the
/// walk reads it again and reports it).
fn held_everywhere(
    repo: &gix::Repository,
    tip: ObjectId,
    path: &str,
    threads: usize,
) -> Option<HashMap<ObjectId, Entry>> {
    let graph = repo.commit_graph().ok()?;
    graph.lookup(tip)?;
    let mut order = Vec::with_capacity(graph.num_commits() as usize);
    for id in crate::history::GraphWalk::new(graph, tip) {
        order.push(id.ok()?);
    }
    let sync_repo = repo.clone().into_sync();
    let stretch = order.len().div_ceil(threads.max(1)).max(1);
    let parts: Vec<HashMap<ObjectId, Entry>> = std::thread::scope(|scope| {
        let handles: Vec<_> = order
            .chunks(stretch)
            .map(|ids| {
                let sync_repo = &sync_repo;
                scope.spawn(move || {
                    let repo = sync_repo.to_thread_local();
                    let graph = repo.commit_graph().ok()?;
                    let mut lookup = Lookup::new(&repo, path);
                    let mut held = HashMap::with_capacity(ids.len());
                    for id in ids {
                        let tree = graph.commit_by_id(id)?.root_tree_id().to_owned();
                        if let Ok(e) = lookup.entry(tree) {
                            held.insert(*id, e);
                        }
                    }
                    Some(held)
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok().flatten())
            .collect()
    });
    let mut held = HashMap::with_capacity(order.len());
    for part in parts {
        held.extend(part);
    }
    Some(held)
}

/// The commits reachable from `tip` that `git log tip -- path` lists.
pub(crate) fn select(
    repo: &gix::Repository,
    tip: ObjectId,
    path: &str,
    threads: usize,
) -> Selected {
    let mut out = Selected::default();
    let mut commits = Commits {
        repo,
        graph: repo.commit_graph().ok(),
        buf: Vec::with_capacity(1024),
    };
    let mut lookup = Lookup::new(repo, path);
    let held = held_everywhere(repo, tip, path, threads).unwrap_or_default();
    // Parents already read while looking at a child: their node and entry,
    // taken when the walk reaches them.
    let mut pending: HashMap<ObjectId, (Node, Entry)> = HashMap::new();
    let problem = |out: &mut Selected, e: String| {
        if out.problems.len() < 10 {
            out.problems.push(e);
        }
    };
    let read = |commits: &mut Commits<'_>, lookup: &mut Lookup<'_>, id: &ObjectId| {
        let node = commits.node(id)?;
        let entry = match held.get(id) {
            Some(e) => *e,
            None => lookup.entry(node.tree)?,
        };
        Ok::<_, String>((node, entry))
    };
    let mut seen: HashSet<ObjectId> = HashSet::from([tip]);
    let mut stack = vec![tip];
    while let Some(id) = stack.pop() {
        out.visited += 1;
        let (node, here) = match pending.remove(&id) {
            Some(known) => known,
            None => match read(&mut commits, &mut lookup, &id) {
                Ok(known) => known,
                Err(e) => {
                    problem(&mut out, e);
                    continue;
                }
            },
        };
        if node.parents.is_empty() {
            if here.is_some() {
                out.commits.push(id);
            }
            continue;
        }
        let mut follow: &[ObjectId] = &node.parents;
        let mut treesame = false;
        for (i, parent) in node.parents.iter().enumerate() {
            let theirs = match pending.get(parent) {
                Some((_, e)) => *e,
                // Visited already through another child: read it again (its
                // trees are remembered, so this is one commit read).
                None => match read(&mut commits, &mut lookup, parent) {
                    Ok((n, e)) => {
                        if !seen.contains(parent) {
                            pending.insert(*parent, (n, e));
                        }
                        e
                    }
                    Err(e) => {
                        problem(&mut out, e);
                        continue;
                    }
                },
            };
            if theirs == here {
                follow = &node.parents[i..=i];
                treesame = true;
                break;
            }
        }
        if !treesame {
            out.commits.push(id);
        }
        for p in follow {
            if seen.insert(*p) {
                stack.push(*p);
            }
        }
    }
    // Parents read but never walked to (pruned side branches) are dropped here.
    out
}
