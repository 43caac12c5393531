//! The files of the measured commit, read straight from the object database
//! (no checkout), with bounded reads.

use std::collections::HashMap;

use crate::checks::{FileSource, SKIP_ABOVE};

/// Every blob path of a tree → its object id.
pub(crate) struct GitTree<'r> {
    repo: &'r gix::Repository,
    blobs: HashMap<String, gix::ObjectId>,
}

/// A tree with more entries than this is listed only up to it (bounded memory).
const MAX_ENTRIES: usize = 1_000_000;

impl<'r> GitTree<'r> {
    pub fn new(repo: &'r gix::Repository, commit: gix::ObjectId, warnings: &mut Vec<String>) -> Self {
        let mut blobs = HashMap::new();
        let tree = repo.find_commit(commit).and_then(|c| c.tree());
        match tree {
            Ok(tree) => {
                let mut recorder = gix::traverse::tree::Recorder::default();
                if let Err(e) = tree.traverse().breadthfirst(&mut recorder) {
                    warnings.push(format!("tree of {commit} is incomplete ({e}); file checks may miss files"));
                }
                for entry in recorder.records.into_iter().take(MAX_ENTRIES) {
                    if entry.mode.is_blob() || entry.mode.is_link() {
                        blobs.insert(String::from_utf8_lossy(entry.filepath.as_ref()).into_owned(), entry.oid);
                    }
                }
            }
            Err(e) => warnings.push(format!("cannot read the tree of {commit} ({e}); file checks skipped")),
        }
        GitTree { repo, blobs }
    }

    pub fn paths(&self) -> Vec<String> {
        self.blobs.keys().cloned().collect()
    }
}

impl FileSource for GitTree<'_> {
    fn read(&self, path: &str, limit: usize) -> Option<Result<Vec<u8>, u64>> {
        let id = *self.blobs.get(path)?;
        // Look at the size first: a 50 MB README is never inflated.
        let size = self.repo.find_header(id).ok()?.size();
        if size > SKIP_ABOVE {
            return Some(Err(size));
        }
        let blob = self.repo.find_blob(id).ok()?;
        let data = &blob.data;
        Some(Ok(data[..data.len().min(limit)].to_vec()))
    }
}
