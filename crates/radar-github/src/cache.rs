//! The on-disk ETag cache.
//!
//! Every successful GET that carries an `ETag` is stored (URL, ETag, `Link`
//! header, body). The next request for the same URL sends `If-None-Match`; a
//! `304 Not Modified` answer costs nothing against the rate limit and the body
//! is read from here. The `Link` header is kept because pagination needs it on
//! a 304 too. Tokens are never written. Cache problems are logged and ignored:
//! the cache only saves requests, it never decides a figure.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub url: String,
    pub etag: String,
    #[serde(default)]
    pub link: Option<String>,
    pub body: String,
}

#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Cache {
    pub fn new(dir: &Path) -> Self {
        Cache {
            dir: dir.to_path_buf(),
        }
    }

    fn path(&self, url: &str) -> PathBuf {
        self.dir
            .join(format!("{:016x}.json", fnv1a(url.as_bytes())))
    }

    pub async fn load(&self, url: &str) -> Option<Entry> {
        let bytes = tokio::fs::read(self.path(url)).await.ok()?;
        match serde_json::from_slice::<Entry>(&bytes) {
            // The URL inside guards against the (unlikely) hash collision.
            Ok(entry) if entry.url == url => Some(entry),
            Ok(_) => None,
            Err(e) => {
                tracing::debug!("ignoring unreadable GitHub cache entry for {url}: {e}");
                None
            }
        }
    }

    pub async fn store(&self, entry: &Entry) {
        if let Err(e) = self.try_store(entry).await {
            tracing::warn!(
                "cannot write the GitHub cache in {}: {e}",
                self.dir.display()
            );
        }
    }

    async fn try_store(&self, entry: &Entry) -> std::io::Result<()> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let path = self.path(&entry.url);
        // Write then rename, so a concurrent reader never sees half a file.
        let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = path.with_extension(format!("tmp.{}.{n}", std::process::id()));
        tokio::fs::write(&tmp, serde_json::to_vec(entry)?).await?;
        tokio::fs::rename(&tmp, &path).await
    }

    pub async fn remove(&self, url: &str) {
        let _ = tokio::fs::remove_file(self.path(url)).await;
    }
}

/// 64-bit FNV-1a: a stable file name for a URL (std's hasher may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable() {
        // Reference values of 64-bit FNV-1a.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[tokio::test]
    async fn round_trip_and_collision_guard() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(&dir.path().join("gh"));
        let entry = Entry {
            url: "https://x/a".into(),
            etag: "\"e\"".into(),
            link: None,
            body: "{}".into(),
        };
        cache.store(&entry).await;
        assert_eq!(cache.load("https://x/a").await.unwrap().etag, "\"e\"");
        assert!(cache.load("https://x/b").await.is_none());
        cache.remove("https://x/a").await;
        assert!(cache.load("https://x/a").await.is_none());
    }
}
