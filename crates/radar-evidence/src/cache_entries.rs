//! What the cache holds (`radar cache`), and removing entries from it
//! (`radar cache prune`).

use std::path::{Path, PathBuf};

use crate::cache::{Cache, TEMP_PREFIX, last_fetched};
use crate::error::{Error, Result};

/// One repository in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheEntry {
    pub git_dir: PathBuf,
    /// The URL it was cloned from (`remote.origin.url`, as the catalog wrote it).
    pub url: Option<String>,
    /// Bytes on disk (files hard-linked from elsewhere count in full).
    pub bytes: u64,
    /// When Radar last cloned or fetched it.
    pub last_fetched: Option<jiff::Timestamp>,
    /// The partial-clone filter (`tree:0`), `None` for a complete copy.
    pub filter: Option<String>,
    /// A clone that was interrupted (its temporary folder was left behind).
    pub unfinished: bool,
}

impl Cache {
    /// Every repository in the cache (and every unfinished clone), sorted by path.
    pub fn entries(&self) -> Result<Vec<CacheEntry>> {
        let mut out = Vec::new();
        if !self.root().exists() {
            return Ok(out);
        }
        let mut stack = vec![self.root().to_owned()];
        while let Some(dir) = stack.pop() {
            let read = std::fs::read_dir(&dir)
                .map_err(|e| Error::io(&dir, "cannot list the cache folder", e))?;
            for entry in read.flatten() {
                // Never follow links out of the cache.
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if !kind.is_dir() {
                    continue;
                }
                let path = entry.path();
                let unfinished = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX);
                if unfinished || is_git_dir(&path) {
                    out.push(describe(&path, unfinished));
                } else {
                    stack.push(path);
                }
            }
        }
        out.sort_by(|a, b| a.git_dir.cmp(&b.git_dir));
        Ok(out)
    }

    /// Deletes an entry (a folder inside this cache, nothing else).
    pub fn remove(&self, entry: &CacheEntry) -> Result<()> {
        let root = self
            .root()
            .canonicalize()
            .map_err(|e| Error::io(self.root(), "cannot read the cache folder", e))?;
        let target = entry
            .git_dir
            .canonicalize()
            .map_err(|e| Error::io(&entry.git_dir, "cannot read the cache entry", e))?;
        if target == root || !target.starts_with(&root) {
            return Err(Error::io(
                &entry.git_dir,
                "not inside the cache folder; not removed",
                std::io::Error::from(std::io::ErrorKind::InvalidInput),
            ));
        }
        std::fs::remove_dir_all(&target)
            .map_err(|e| Error::io(&target, "cannot remove the cache entry", e))?;
        // Leave no empty host or owner folders behind.
        let mut parent = target.parent();
        while let Some(dir) = parent {
            if dir == root || std::fs::remove_dir(dir).is_err() {
                break;
            }
            parent = dir.parent();
        }
        Ok(())
    }
}

fn is_git_dir(path: &Path) -> bool {
    path.join("HEAD").is_file() && path.join("objects").is_dir()
}

fn describe(git_dir: &Path, unfinished: bool) -> CacheEntry {
    let config = gix::config::File::from_path_no_includes(
        git_dir.join("config"),
        gix::config::Source::Local,
    )
    .ok();
    let value = |key: &str| {
        config
            .as_ref()
            .and_then(|c| c.string(key))
            .map(|v| v.to_string())
    };
    let promisor = config
        .as_ref()
        .and_then(|c| c.boolean("remote.origin.promisor").ok().flatten())
        .unwrap_or(false);
    CacheEntry {
        git_dir: git_dir.to_owned(),
        url: value("remote.origin.url"),
        bytes: size_of(git_dir),
        last_fetched: if unfinished {
            None
        } else {
            last_fetched(git_dir)
        },
        filter: if promisor {
            value("remote.origin.partialclonefilter")
        } else {
            None
        },
        unfinished,
    }
}

/// Bytes of every file below `dir` (links not followed).
fn size_of(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in read.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else if meta.is_file() {
                total += meta.len();
            }
        }
    }
    total
}
