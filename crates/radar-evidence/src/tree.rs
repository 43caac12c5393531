//! The files of the measured commit, read straight from the object database
//! (no checkout), with bounded reads. Files in vendored folders (`vendor/`,
//! `node_modules/`, `third_party/`, …) are other projects' files: the file
//! checks never see them. They are listed apart, by name only, because two of
//! OpenSSF Scorecard's checks (Binary-Artifacts, and the shell scripts of
//! Pinned-Dependencies) look at every file of the repository, vendored or not.
//!
//! In a partial clone a file may be missing: a read of it counts as absent
//! and its id is kept ([`GitTree::missing`]) so that it can be fetched and
//! the checks run again (`partial.rs`).

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

use gix::bstr::{BStr, BString, ByteSlice, ByteVec};
use gix::traverse::tree::{Visit, visit::Action};

use crate::checks::{FileSource, SKIP_ABOVE, is_vendored};

/// Collects blob paths, vendored ones apart.
#[derive(Default)]
struct Collect {
    path: BString,
    queue: VecDeque<BString>,
    blobs: HashMap<String, gix::ObjectId>,
    /// The folder measured (`a/b`): its files are the project's even below
    /// a vendored-looking name (`third_party/b`).
    folder: Option<String>,
    vendored: HashMap<String, gix::ObjectId>,
}

impl Collect {
    fn push(&mut self, name: &BStr) {
        if !self.path.is_empty() {
            self.path.push(b'/');
        }
        self.path.push_str(name);
    }
}

impl Visit for Collect {
    fn pop_back_tracked_path_and_set_current(&mut self) {
        self.path = self.queue.pop_back().unwrap_or_default();
    }
    fn pop_front_tracked_path_and_set_current(&mut self) {
        self.path = self.queue.pop_front().unwrap_or_default();
    }
    fn push_back_tracked_path_component(&mut self, component: &BStr) {
        self.push(component);
        self.queue.push_back(self.path.clone());
    }
    fn push_path_component(&mut self, component: &BStr) {
        self.push(component);
    }
    fn pop_path_component(&mut self) {
        match self.path.rfind_byte(b'/') {
            Some(pos) => self.path.truncate(pos),
            None => self.path.clear(),
        }
    }
    fn visit_tree(&mut self, _entry: &gix::objs::tree::EntryRef<'_>) -> Action {
        std::ops::ControlFlow::Continue(true)
    }
    fn visit_nontree(&mut self, entry: &gix::objs::tree::EntryRef<'_>) -> Action {
        if self.blobs.len() + self.vendored.len() >= MAX_ENTRIES {
            return std::ops::ControlFlow::Break(());
        }
        if entry.mode.is_blob() || entry.mode.is_link() {
            let path = self.path.to_str_lossy().into_owned();
            let in_folder = self
                .folder
                .as_deref()
                .is_some_and(|f| path.starts_with(f) && path[f.len()..].starts_with('/'));
            let in_vendored = !in_folder
                && path
                    .rsplit_once('/')
                    .is_some_and(|(dir, _)| is_vendored(dir));
            let list = if in_vendored {
                &mut self.vendored
            } else {
                &mut self.blobs
            };
            list.insert(path, entry.oid.to_owned());
        }
        std::ops::ControlFlow::Continue(true)
    }
}

/// Every blob path of a tree → its object id.
pub(crate) struct GitTree<'r> {
    repo: &'r gix::Repository,
    blobs: HashMap<String, gix::ObjectId>,
    /// Files read that are not in the object database (a partial clone).
    missing: RefCell<Vec<gix::ObjectId>>,
    vendored: HashMap<String, gix::ObjectId>,
}

/// A tree's files by path, vendored ones apart ([`GitTree::whole_listing`]).
pub(crate) struct Listing {
    blobs: HashMap<String, gix::ObjectId>,
    vendored: HashMap<String, gix::ObjectId>,
}

/// A tree with more entries than this is listed only up to it (bounded memory).
const MAX_ENTRIES: usize = 1_000_000;

impl<'r> GitTree<'r> {
    /// The files of `commit`; `folder` (a measured folder) is listed even
    /// below a vendored-looking name.
    pub fn new(
        repo: &'r gix::Repository,
        commit: gix::ObjectId,
        folder: Option<&str>,
        warnings: &mut Vec<String>,
    ) -> Self {
        let mut blobs = HashMap::new();
        // In a partial clone a missing tree is expected, not damage: say how to get it.
        let why = |e: &dyn std::fmt::Display| {
            if crate::partial::is_partial(repo) {
                format!("not in this partial clone: {e}; measure without --no-fetch to fetch it")
            } else {
                e.to_string()
            }
        };
        let mut vendored = HashMap::new();
        let tree = repo.find_commit(commit).and_then(|c| c.tree());
        match tree {
            Ok(tree) => {
                let mut collect = Collect {
                    folder: folder.map(str::to_owned),
                    ..Default::default()
                };
                if let Err(e) = tree.traverse().breadthfirst(&mut collect) {
                    warnings.push(format!(
                        "tree of {commit} is incomplete ({}); file checks may miss files",
                        why(&e)
                    ));
                }
                if collect.blobs.len() + collect.vendored.len() >= MAX_ENTRIES {
                    warnings.push(format!("tree of {commit} has more than {MAX_ENTRIES} files; only the first were listed"));
                }
                blobs = collect.blobs;
                vendored = collect.vendored;
            }
            Err(e) => warnings.push(format!(
                "cannot read the tree of {commit} ({}); file checks skipped",
                why(&e)
            )),
        }
        GitTree {
            repo,
            blobs,
            missing: RefCell::default(),
            vendored,
        }
    }

    /// The same files seen as the whole repository's, as [`GitTree::new`]
    /// lists them without a folder (a measured folder's files below a
    /// vendored-looking name count as vendored again), owned: to read on
    /// another thread with that thread's repository
    /// ([`GitTree::with_listing`]). Nothing is read.
    pub fn whole_listing(&self) -> Listing {
        let (mut blobs, mut vendored) = (HashMap::new(), HashMap::new());
        for (path, id) in self.blobs.iter().chain(&self.vendored) {
            let in_vendored = path
                .rsplit_once('/')
                .is_some_and(|(dir, _)| is_vendored(dir));
            let list = if in_vendored {
                &mut vendored
            } else {
                &mut blobs
            };
            list.insert(path.clone(), *id);
        }
        Listing { blobs, vendored }
    }

    /// A tree listed before, read through `repo`.
    pub fn with_listing(repo: &'r gix::Repository, listing: Listing) -> GitTree<'r> {
        GitTree {
            repo,
            blobs: listing.blobs,
            missing: RefCell::default(),
            vendored: listing.vendored,
        }
    }

    pub fn paths(&self) -> Vec<String> {
        self.blobs.keys().cloned().collect()
    }

    /// The files read so far that the object database does not have.
    pub fn missing(&self) -> Vec<gix::ObjectId> {
        self.missing.borrow().clone()
    }

    /// The files inside vendored folders.
    pub fn vendored_paths(&self) -> Vec<String> {
        self.vendored.keys().cloned().collect()
    }
}

impl FileSource for GitTree<'_> {
    fn read(&self, path: &str, limit: usize) -> Option<Result<Vec<u8>, u64>> {
        let id = *self.blobs.get(path).or_else(|| self.vendored.get(path))?;
        // Look at the size first: a 50 MB README is never inflated.
        let size = match self.repo.find_header(id) {
            Ok(header) => header.size(),
            Err(_) => {
                if !self.repo.has_object(id) {
                    let mut missing = self.missing.borrow_mut();
                    if !missing.contains(&id) {
                        missing.push(id);
                    }
                }
                return None;
            }
        };
        if size > SKIP_ABOVE {
            return Some(Err(size));
        }
        // The blob's own buffer, cut to the limit: no copy.
        let mut data = self.repo.find_blob(id).ok()?.take_data();
        data.truncate(limit);
        Some(Ok(data))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::git;

    fn sorted(mut v: Vec<String>) -> Vec<String> {
        v.sort();
        v
    }

    #[test]
    fn a_folder_listing_seen_whole_is_the_whole_listing() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        git(d, &["init", "-q", "-b", "main"]);
        for f in [
            "README.md",
            "vendor/lib/x.go",
            "tools/third_party/Dockerfile",
            "tools/third_party/sub/run.sh",
            "tools/main.go",
            "other/node_modules/m.js",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, f).unwrap();
        }
        git(d, &["add", "-A"]);
        git(d, &["commit", "-q", "-m", "files"]);
        let repo = crate::cache::open(d).unwrap();
        let head = repo.head_id().unwrap().detach();
        let mut warnings = Vec::new();
        let whole = GitTree::new(&repo, head, None, &mut warnings);
        let folder = GitTree::new(&repo, head, Some("tools/third_party"), &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        // The folder's own files are the project's in the folder's listing…
        assert!(
            folder
                .paths()
                .contains(&"tools/third_party/Dockerfile".to_owned())
        );
        assert!(
            !whole
                .paths()
                .contains(&"tools/third_party/Dockerfile".to_owned())
        );
        // …and vendored again when seen as the whole repository's.
        let seen = GitTree::with_listing(&repo, folder.whole_listing());
        assert_eq!(sorted(seen.paths()), sorted(whole.paths()));
        assert_eq!(
            sorted(seen.vendored_paths()),
            sorted(whole.vendored_paths())
        );
        assert_eq!(sorted(whole.vendored_paths()).len(), 4);
        assert_eq!(
            seen.read("tools/third_party/Dockerfile", 100),
            Some(Ok(b"tools/third_party/Dockerfile".to_vec()))
        );
    }
}
