//! Partial clones: the objects a measurement reads that the clone left out,
//! fetched by id, a few batches per measurement.
//!
//! A tree-less clone (`--filter=tree:0`) holds every commit and tag, which is
//! all the history walk and the releases read. What else a measurement reads
//! is fetched before it runs, each step one request to the server:
//!
//! 1. the tree of the measured commit with its subtrees (not their files),
//!    and HEAD's root tree, where `.mailmap` is;
//! 2. with a folder (`InspectOptions::path`), the trees on the way to the
//!    folder in every commit of the history, one level per request (only
//!    those ids are needed to tell which commits touch the folder);
//! 3. the files: the file checks run against the clone and the blobs they
//!    could not read are fetched, with `.mailmap`; again while a file read
//!    leads to another (a README link to a maintainers file), at most
//!    [`FILE_ROUNDS`] times.
//!
//! The checks then run for real on a copy that has all they read. Because
//! step 3 runs the checks themselves, a check added later that reads other
//! files is served the same way, with no list to keep up to date.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use gix::ObjectId;
use gix::prelude::FindExt;

use crate::cache::{network_error, with_timeout};
use crate::error::{Error, Result};
use crate::gitcli::{self, GitError, Report};
use crate::transfer::{ProgressSink, Transfer, TransferKind};

/// Rounds of file fetches: the checks' own reads, then files named in those
/// (README links), then a margin.
const FILE_ROUNDS: usize = 4;

/// A cache entry that is a partial clone, and how to fetch what it left out
/// from the remote it was cloned from (git's "promisor remote").
#[derive(Clone, Debug)]
pub struct Promisor {
    git_dir: PathBuf,
    url: String,
    timeout: Duration,
    progress: Option<ProgressSink>,
}

impl PartialEq for Promisor {
    fn eq(&self, other: &Self) -> bool {
        self.git_dir == other.git_dir && self.url == other.url
    }
}

impl Eq for Promisor {}

impl Promisor {
    pub fn new(
        git_dir: &Path,
        url: &str,
        timeout: Duration,
        progress: Option<ProgressSink>,
    ) -> Self {
        Promisor {
            git_dir: git_dir.to_owned(),
            url: url.to_owned(),
            timeout,
            progress,
        }
    }

    pub fn git_dir(&self) -> &Path {
        &self.git_dir
    }

    /// Fetches `ids` in one request. Objects asked for by id always come;
    /// `filter` says what comes along: `blob:none` brings a tree's subtrees,
    /// `tree:0` nothing more.
    pub(crate) fn fetch(&self, ids: &[ObjectId], filter: &'static str) -> Result<Transfer> {
        let started = Instant::now();
        let mut input = String::with_capacity(ids.len() * 41);
        for id in ids {
            input.push_str(&id.to_string());
            input.push('\n');
        }
        let (git_dir, url, progress) = (
            self.git_dir.clone(),
            self.url.clone(),
            self.progress.clone(),
        );
        if let Some(p) = &progress {
            p.0.started(&url, TransferKind::Backfill);
        }
        let out = with_timeout(&self.url, self.timeout, {
            let (git_dir, url, progress) = (git_dir.clone(), url.clone(), progress.clone());
            move |interrupt: std::sync::Arc<AtomicBool>| {
                let upload_pack = crate::cache::open(&git_dir).ok().and_then(|r| {
                    let remote = r.find_remote("origin").ok()?;
                    let u = remote.url(gix::remote::Direction::Fetch)?.to_bstring();
                    gitcli::local_upload_pack(&u.to_string())
                });
                let mut cmd = gitcli::git(Some(&git_dir));
                // No "have" lines: the server must not leave out a tree or a
                // file because we have the commit it belongs to (we do not have
                // them, that is the point). Same as git's own lazy fetches.
                cmd.args(["-c", "fetch.negotiationAlgorithm=noop", "-c", "gc.auto=0"])
                    .args(["-c", "maintenance.auto=false"])
                    .args(["fetch", "--progress", "origin", "--no-tags"])
                    .args([
                        "--no-write-fetch-head",
                        "--recurse-submodules=no",
                        "--stdin",
                    ])
                    .arg(format!("--filter={filter}"));
                if let Some(u) = upload_pack {
                    cmd.arg(format!("--upload-pack={u}"));
                }
                let report = progress.as_ref().map(|p| Report {
                    progress: p.0.as_ref(),
                    url: &url,
                    kind: TransferKind::Backfill,
                });
                gitcli::run(cmd, Some(input.into_bytes()), &interrupt, report.as_ref()).map_err(
                    |failed| match failed {
                        gitcli::Failed::Spawn(e) => Error::io(&git_dir, "cannot run git", e),
                        failed => network_error(
                            &url,
                            None,
                            gix::Error::from_error(GitError::new(
                                "git fetch (objects by id)",
                                &failed,
                            )),
                        ),
                    },
                )
            }
        });
        let out = match out {
            Ok(out) => out,
            Err(e) => {
                if let Some(p) = &progress {
                    p.0.failed(&url, TransferKind::Backfill);
                }
                return Err(e);
            }
        };
        let transfer = Transfer {
            url,
            kind: TransferKind::Backfill,
            objects: out.received.objects,
            bytes: out.received.bytes,
            elapsed: started.elapsed(),
            filter: Some(filter.to_owned()),
            up_to_date: false,
        };
        tracing::debug!("{}", transfer.summary());
        if let Some(p) = &progress {
            p.0.finished(&transfer);
        }
        Ok(transfer)
    }
}

/// Whether the repository is a partial clone (some remote is a promisor).
pub(crate) fn is_partial(repo: &gix::Repository) -> bool {
    let config = repo.config_snapshot();
    if config.string("extensions.partialClone").is_some() {
        return true;
    }
    repo.remote_names()
        .iter()
        .any(|name| config.boolean(format!("remote.{name}.promisor").as_str()) == Some(true))
}

/// The filter a partial clone was made with (`tree:0`), if it is one.
pub(crate) fn filter_of(repo: &gix::Repository) -> Option<String> {
    if !is_partial(repo) {
        return None;
    }
    repo.config_snapshot()
        .string("remote.origin.partialclonefilter")
        .map(|s| s.to_string())
}

fn reopen(p: &Promisor) -> Result<gix::Repository> {
    crate::cache::open(&p.git_dir)
}

/// The root tree of a commit (commits are always in the clone).
fn tree_of(repo: &gix::Repository, commit: ObjectId, buf: &mut Vec<u8>) -> Option<ObjectId> {
    repo.objects
        .find_commit_iter(&commit, buf)
        .ok()?
        .tree_id()
        .ok()
}

/// The entry `name` of tree `tree`, when it is there and is a tree itself.
pub(crate) fn subtree(
    repo: &gix::Repository,
    tree: &ObjectId,
    name: &[u8],
    buf: &mut Vec<u8>,
) -> Option<ObjectId> {
    let tree = repo.objects.find_tree_iter(tree, buf).ok()?;
    tree.entries()
        .ok()?
        .into_iter()
        .find(|e| e.filename == name)
        .filter(|e| e.mode.is_tree())
        .map(|e| e.oid.to_owned())
}

/// Fetches, step by step as the module docs say, what measuring `target`
/// reads. `read_files` runs the file checks on the repository it is given
/// and returns the blobs they could not read.
pub(crate) fn backfill(
    p: &Promisor,
    head: ObjectId,
    target: ObjectId,
    path: Option<&str>,
    mut read_files: impl FnMut(&gix::Repository) -> Vec<ObjectId>,
) -> Result<()> {
    let mut buf = Vec::new();
    let repo = reopen(p)?;
    // 1. The measured tree with its subtrees; HEAD's root (for .mailmap) alone.
    let mut full = Vec::new();
    let mut alone = Vec::new();
    if let Some(tree) = tree_of(&repo, target, &mut buf) {
        full = missing_trees(&repo, tree, &mut buf);
    }
    if let Some(tree) = tree_of(&repo, head, &mut buf)
        && !repo.has_object(tree)
        && !full.contains(&tree)
    {
        alone.push(tree);
    }
    // git never fetches what it has, so a tree present without its subtrees
    // (a root tree read for a folder's history) is completed by asking for
    // the missing subtrees themselves; each brings those below it.
    let mut rounds = 0;
    while !full.is_empty() && rounds < 3 {
        p.fetch(&full, "blob:none")?;
        rounds += 1;
        let repo = reopen(p)?;
        full = tree_of(&repo, target, &mut buf)
            .map(|t| missing_trees(&repo, t, &mut buf))
            .unwrap_or_default();
    }
    if !alone.is_empty() {
        p.fetch(&alone, "tree:0")?;
    }
    // 2. The trees on the way to the folder, in every commit of the history.
    if let Some(path) = path {
        history_trees(p, target, path)?;
    }
    // 3. The files the checks read, and .mailmap.
    let mut asked: HashSet<ObjectId> = HashSet::new();
    for round in 0..FILE_ROUNDS {
        let repo = reopen(p)?;
        let mut missing = read_files(&repo);
        if round == 0
            && let Some(mailmap) = mailmap_blob(&repo, head, &mut buf)
            && !repo.has_object(mailmap)
        {
            missing.push(mailmap);
        }
        missing.retain(|id| asked.insert(*id));
        if missing.is_empty() {
            break;
        }
        p.fetch(&missing, "blob:none")?;
    }
    Ok(())
}

/// The highest trees under (and including) `tree` that the clone lacks: a
/// tree present without its subtrees (a root tree read earlier for a
/// folder's history) yields those subtrees.
fn missing_trees(repo: &gix::Repository, tree: ObjectId, buf: &mut Vec<u8>) -> Vec<ObjectId> {
    let mut missing = Vec::new();
    let mut stack = vec![tree];
    while let Some(id) = stack.pop() {
        let Ok(iter) = repo.objects.find_tree_iter(&id, buf) else {
            missing.push(id);
            continue;
        };
        for entry in iter.flatten() {
            if entry.mode.is_tree() {
                stack.push(entry.oid.to_owned());
            }
        }
    }
    missing
}

/// HEAD's `.mailmap` blob, which the history walk reads (as git does in a bare repository).
pub(crate) fn mailmap_blob(
    repo: &gix::Repository,
    head: ObjectId,
    buf: &mut Vec<u8>,
) -> Option<ObjectId> {
    let tree = tree_of(repo, head, buf)?;
    let tree = repo.objects.find_tree_iter(&tree, buf).ok()?;
    tree.entries()
        .ok()?
        .into_iter()
        .find(|e| e.filename == ".mailmap")
        .filter(|e| e.mode.is_blob() || e.mode.is_link())
        .map(|e| e.oid.to_owned())
}

/// Step 2: for `a/b/c`, the root trees of every commit reachable from `tip`,
/// then their `a` trees, then the `a/b` trees: one request per level, only
/// the ids not yet in the clone.
fn history_trees(p: &Promisor, tip: ObjectId, path: &str) -> Result<()> {
    let repo = reopen(p)?;
    let mut buf = Vec::new();
    let walk = repo
        .rev_walk([tip])
        .all()
        .map_err(|e| Error::git(&p.git_dir, format!("history from {tip}"), e))?;
    let mut level: Vec<ObjectId> = Vec::new();
    let mut seen = HashSet::new();
    for info in walk {
        let info = info.map_err(|e| Error::git(&p.git_dir, format!("history from {tip}"), e))?;
        if let Some(tree) = tree_of(&repo, info.id, &mut buf)
            && seen.insert(tree)
        {
            level.push(tree);
        }
    }
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // The folder's own tree is not needed: its id in its parent says whether it changed.
    for (depth, part) in parts.iter().enumerate() {
        let repo = reopen(p)?;
        let missing: Vec<ObjectId> = level
            .iter()
            .filter(|t| !repo.has_object(**t))
            .copied()
            .collect();
        if !missing.is_empty() {
            p.fetch(&missing, "tree:0")?;
        }
        if depth + 1 == parts.len() {
            break;
        }
        let repo = reopen(p)?;
        let mut next = Vec::new();
        let mut seen = HashSet::new();
        for tree in &level {
            if let Some(sub) = subtree(&repo, tree, part.as_bytes(), &mut buf)
                && seen.insert(sub)
            {
                next.push(sub);
            }
        }
        level = next;
    }
    Ok(())
}
