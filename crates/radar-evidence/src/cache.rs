//! The repository cache: bare clones of remote repositories, kept up to date
//! by incremental fetches, so that measuring a project never needs a checkout.
//!
//! Layout: `<root>/<host>/<path>.git`, derived from the URL as given (before
//! `url.<base>.insteadOf` rewriting, so a catalog URL always maps to the same
//! folder whichever mirror it is fetched from). Clones are made in a temporary
//! sibling folder and renamed into place, so an interrupted clone never leaves
//! a half-filled cache entry behind.
//!
//! Clones are partial when git is installed (see `cache_git.rs`): commits and
//! tags only (`--filter=tree:0`), and the few trees and files a measurement
//! reads are fetched by id when it reads them ([`crate::Promisor`]). A server
//! that does not filter gives a complete clone; so does a machine without git
//! (gix's client). Cache entries made by earlier versions (complete clones)
//! are fetched as they are.
//!
//! Network work is blocking; call it from a worker thread, not from an async
//! runtime thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::error::{Error, FetchCause, Result};
use crate::partial::Promisor;
use crate::transfer::{ProgressSink, Transfer, TransferKind};

/// Written into a cache entry after every successful clone or fetch: when
/// the copy was last brought up to date (a measurement of a stale copy says so).
const FETCHED_MARKER: &str = "radar-fetched-at";

/// Fetches never stop to ask for a user name or password on the terminal:
/// with several repositories at once, or in a batch job, a prompt would hang
/// the run. Credential helpers still apply (private repositories).
const NO_PROMPT: &str = "gitoxide.credentials.terminalPrompt=false";

/// Refspecs that mirror branches and tags (a bare clone writes none, and a
/// later fetch without any fails).
pub(crate) const MIRROR_REFSPECS: [&str; 2] =
    ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

/// How to sync one repository.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Wall-clock limit for one clone or fetch.
    pub timeout: Duration,
    /// Run `git commit-graph write --reachable` after fetching, when `git` is installed.
    pub write_commit_graph: bool,
    /// Do not touch the network: use the cached copy as is (error if absent).
    pub no_fetch: bool,
    /// What a new clone leaves out (with the git CLI; gix clones completely).
    pub filter: CloneFilter,
    /// Which client talks to the network.
    pub transport: Transport,
    /// Told about every clone and fetch as it runs (objects and bytes received).
    pub progress: Option<ProgressSink>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(600),
            write_commit_graph: true,
            no_fetch: false,
            filter: CloneFilter::from_env(),
            transport: Transport::default(),
            progress: None,
        }
    }
}

/// What a new clone leaves out, to be fetched by id when a measurement
/// reads it. Radar reads commits (the history walk), tags (releases) and a
/// few files of one or two commits, so the default leaves out every tree
/// and file: moby's history is 30.6 MiB that way, 67.9 MiB without the
/// files (`blob:none`), 342 MiB complete (docs/cache.md has the figures).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CloneFilter {
    /// `--filter=tree:0`: commits and tags only.
    #[default]
    TreeLess,
    /// `--filter=blob:none`: commits, tags and every tree.
    BlobLess,
    /// Everything.
    Complete,
}

impl CloneFilter {
    /// `$RADAR_CLONE_FILTER` (`tree:0`, `blob:none`, `none` for complete
    /// clones), else the default. An unknown value is logged and ignored.
    pub fn from_env() -> Self {
        match std::env::var("RADAR_CLONE_FILTER") {
            Ok(v) => v.parse().unwrap_or_else(|e| {
                tracing::warn!("RADAR_CLONE_FILTER: {e}");
                CloneFilter::default()
            }),
            Err(_) => CloneFilter::default(),
        }
    }

    /// The filter spec git takes, `None` for a complete clone.
    pub fn spec(self) -> Option<&'static str> {
        match self {
            CloneFilter::TreeLess => Some("tree:0"),
            CloneFilter::BlobLess => Some("blob:none"),
            CloneFilter::Complete => None,
        }
    }
}

impl std::str::FromStr for CloneFilter {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim() {
            "tree:0" => Ok(CloneFilter::TreeLess),
            "blob:none" => Ok(CloneFilter::BlobLess),
            "none" | "" => Ok(CloneFilter::Complete),
            other => Err(format!(
                "{other:?} is not a clone filter Radar uses (tree:0, blob:none or none)"
            )),
        }
    }
}

/// Which client clones and fetches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Transport {
    /// The git CLI when a recent enough one is installed (partial clones),
    /// else gix (complete clones).
    #[default]
    Auto,
    /// gix only: complete clones, no git needed.
    Gix,
}

/// The outcome of [`Cache::sync`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    /// The git directory to read (the cache entry, or a local repository in place).
    pub git_dir: PathBuf,
    /// HEAD's commit id (hex), or `None` for an empty repository.
    pub head: Option<String>,
    /// True when this call cloned or fetched (false for local paths and `no_fetch`).
    pub fetched: bool,
    /// For a partial clone in the cache, when fetching is allowed: where the
    /// objects it left out come from. Pass it to [`crate::InspectOptions::promisor`].
    pub promisor: Option<Promisor>,
    /// What the clone or fetch received.
    pub transfer: Option<Transfer>,
}

impl Synced {
    /// Measures this copy: [`crate::inspect`], fetching what a partial clone
    /// left out from its promisor (unless `opts` names another).
    pub fn inspect(&self, opts: &crate::InspectOptions) -> Result<crate::Evidence> {
        crate::inspect::inspect_with(
            &self.git_dir,
            opts,
            opts.promisor.as_ref().or(self.promisor.as_ref()),
        )
    }
}

/// What the user gave: a URL to fetch, or a repository on disk to read in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Url(String),
    Local(PathBuf),
}

impl Source {
    /// URLs have a scheme (`https://`, `file://`, …) or the scp form
    /// (`git@host:path`); anything else is a path on disk.
    pub fn parse(input: &str) -> Source {
        let has_scheme = input.split_once("://").is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+')
        });
        let scp_like = !has_scheme
            && !Path::new(input).exists()
            && input.split_once(':').is_some_and(|(host, path)| {
                host.contains('@') && !host.contains('/') && !path.is_empty()
            });
        if has_scheme || scp_like {
            Source::Url(input.to_owned())
        } else {
            Source::Local(PathBuf::from(input))
        }
    }
}

/// A folder of bare clones.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Cache { root: root.into() }
    }

    /// `$RADAR_CACHE_DIR`, else `$XDG_CACHE_HOME/radar/repos`, else `~/.cache/radar/repos`
    /// (`%LOCALAPPDATA%\radar\repos` on Windows), else `./.radar-cache/repos`.
    pub fn default_dir() -> PathBuf {
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        if let Some(dir) = env("RADAR_CACHE_DIR") {
            return dir;
        }
        let base = env("XDG_CACHE_HOME")
            .or_else(|| env("LOCALAPPDATA"))
            .or_else(|| env("HOME").map(|h| h.join(".cache")))
            .unwrap_or_else(|| PathBuf::from(".radar-cache"));
        base.join("radar").join("repos")
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `url` lives in this cache (whether or not it has been cloned yet).
    pub fn path_for(&self, url: &str) -> Result<PathBuf> {
        let parsed = gix::url::parse(gix::bstr::BStr::new(url)).map_err(|e| Error::InvalidUrl {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
        let host = parsed
            .host()
            .map(|h| h.to_ascii_lowercase())
            .unwrap_or_else(|| parsed.scheme.as_str().to_owned());
        let mut path = self.root.join(sanitize(&host));
        if let Some(port) = parsed.port {
            path = self.root.join(format!("{}_{port}", sanitize(&host)));
        }
        let raw = String::from_utf8_lossy(parsed.path.as_ref()).into_owned();
        let mut parts: Vec<String> = raw
            .split(['/', '\\'])
            .filter(|p| !p.is_empty() && *p != "." && *p != "..")
            .map(sanitize)
            .collect();
        if parts.is_empty() {
            return Err(Error::InvalidUrl {
                url: url.to_owned(),
                reason: "the URL has no repository path".into(),
            });
        }
        let last = parts.pop().expect("non-empty");
        let last = last.strip_suffix(".git").unwrap_or(&last).to_owned();
        for p in parts {
            path.push(p);
        }
        path.push(format!("{last}.git"));
        Ok(path)
    }

    /// Make `input` (a URL or a local path) readable and return where to read it.
    ///
    /// - a local path is read in place: no copy, no fetch;
    /// - a URL is cloned into the cache (bare, mirror refspecs for branches and
    ///   tags) or, when already cached, fetched incrementally; the user's git
    ///   configuration applies, `url.<base>.insteadOf` included;
    /// - with `no_fetch`, the cached copy is used as is.
    pub fn sync(&self, input: &str, opts: &FetchOptions) -> Result<Synced> {
        match Source::parse(input) {
            Source::Local(path) => {
                let repo = open(&path)?;
                Ok(Synced {
                    git_dir: repo.path().to_owned(),
                    head: head_id(&repo),
                    fetched: false,
                    // A repository read in place is never written to.
                    promisor: None,
                    transfer: None,
                })
            }
            Source::Url(url) => {
                // gix's https transport builds a reqwest client of its own.
                radar_tls::ensure_crypto_provider();
                let dest = self.path_for(&url)?;
                // Two measurements of one repository at once (a monorepo's
                // folder row and its whole-repository row) sync it one after
                // the other: the second finds the first's clone and fetches.
                // Without this they shared one temporary clone folder and
                // undid each other's work.
                let _one_at_a_time = (!opts.no_fetch).then(|| sync_lock(&dest));
                let cached = dest.join("HEAD").is_file();
                if opts.no_fetch {
                    if !cached {
                        return Err(Error::NotCached { url, path: dest });
                    }
                    let repo = open(&dest)?;
                    return Ok(Synced {
                        git_dir: dest,
                        head: head_id(&repo),
                        fetched: false,
                        promisor: None,
                        transfer: None,
                    });
                }
                let git = opts.transport == Transport::Auto && crate::gitcli::usable();
                let kind = if cached {
                    TransferKind::Fetch
                } else {
                    TransferKind::Clone
                };
                if let Some(p) = &opts.progress {
                    p.0.started(&url, kind);
                }
                let result = with_timeout(&url, opts.timeout, {
                    let (url, dest, opts) = (url.clone(), dest.clone(), opts.clone());
                    move |interrupt| match (cached, git) {
                        (true, true) => crate::cache_git::fetch(&url, &dest, &opts, &interrupt),
                        (false, true) => crate::cache_git::clone(&url, &dest, &opts, &interrupt)
                            .map(|t| (true, t)),
                        (true, false) => fetch(&url, &dest, &interrupt),
                        (false, false) => clone(&url, &dest, &interrupt).map(|t| (true, t)),
                    }
                });
                let (changed, transfer) = match result {
                    Ok(done) => done,
                    Err(e) => {
                        if let Some(p) = &opts.progress {
                            p.0.failed(&url, kind);
                        }
                        return Err(e);
                    }
                };
                if let Some(p) = &opts.progress {
                    p.0.finished(&transfer);
                }
                mark_fetched(&dest);
                // Rewriting the graph of an unchanged repository costs as much
                // as writing it (0.9 s for moby's 50k commits) and gains nothing.
                if opts.write_commit_graph && (changed || !has_commit_graph(&dest)) {
                    write_commit_graph(&dest);
                }
                let repo = open(&dest)?;
                let promisor = crate::partial::is_partial(&repo)
                    .then(|| Promisor::new(&dest, &url, opts.timeout, opts.progress.clone()));
                Ok(Synced {
                    git_dir: dest,
                    head: head_id(&repo),
                    fetched: true,
                    promisor,
                    transfer: Some(transfer),
                })
            }
        }
    }
}

/// When the cache entry at `git_dir` was last cloned or fetched: Radar's
/// marker, else (an entry from an older Radar, or made by hand) the newest
/// change to its refs. `None` when nothing tells.
pub fn last_fetched(git_dir: &Path) -> Option<jiff::Timestamp> {
    if let Some(t) = std::fs::read_to_string(git_dir.join(FETCHED_MARKER))
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        return Some(t);
    }
    [
        "FETCH_HEAD",
        "packed-refs",
        "refs/heads",
        "refs/tags",
        "HEAD",
    ]
    .iter()
    .filter_map(|p| {
        std::fs::metadata(git_dir.join(p))
            .and_then(|m| m.modified())
            .ok()
    })
    .max()
    .and_then(|t| jiff::Timestamp::try_from(t).ok())
    .map(|t| jiff::Timestamp::from_second(t.as_second()).unwrap_or(t))
}

/// Best effort: a missing marker only makes [`last_fetched`] fall back to file times.
fn mark_fetched(git_dir: &Path) {
    let now = jiff::Timestamp::now();
    let now = jiff::Timestamp::from_second(now.as_second()).unwrap_or(now);
    if let Err(e) = std::fs::write(git_dir.join(FETCHED_MARKER), format!("{now}\n")) {
        tracing::debug!(path = %git_dir.display(), "cannot record the fetch time: {e}");
    }
}

/// HEAD's commit id (hex) of the repository at `git_dir`, or `None` when HEAD
/// is unborn. Cheap (reads a ref or two), so callers can skip re-analysis when
/// HEAD has not moved.
pub fn head_of(git_dir: &Path) -> Result<Option<String>> {
    Ok(head_id(&open(git_dir)?))
}

pub(crate) fn open(path: &Path) -> Result<gix::Repository> {
    if !path.exists() {
        return Err(Error::io(
            path,
            "no such file or directory",
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    gix::open(path).map_err(|source| Error::NotARepository {
        path: path.to_owned(),
        source,
    })
}

fn head_id(repo: &gix::Repository) -> Option<String> {
    repo.head_id().ok().map(|id| id.to_string())
}

fn sanitize(part: &str) -> String {
    let s: String = part
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    // Never let a component be `.`, `..` or hidden. Leading dots are spelt
    // `%2e`, which no other name can give (`%` is replaced above): an
    // organisation's `.github` repository must not share a folder with a
    // repository called `github`.
    let dots = s.len() - s.trim_start_matches('.').len();
    let rest = &s[dots..];
    if rest.is_empty() {
        "_".to_owned()
    } else {
        format!("{}{rest}", "%2e".repeat(dots))
    }
}

/// Runs `work` on its own thread and gives up after `timeout`, telling the
/// work to stop through its interrupt flag. gix checks that flag while
/// receiving packs; a connection stuck before that is abandoned (the thread
/// ends when the socket gives up) but the caller gets its answer on time.
pub(crate) fn with_timeout<T: Send + 'static>(
    url: &str,
    timeout: Duration,
    work: impl FnOnce(Arc<AtomicBool>) -> Result<T> + Send + 'static,
) -> Result<T> {
    let interrupt = Arc::new(AtomicBool::new(false));
    let (tx, rx) = std::sync::mpsc::channel();
    let flag = interrupt.clone();
    std::thread::Builder::new()
        .name("radar-fetch".into())
        .spawn(move || {
            let _ = tx.send(work(flag));
        })
        .map_err(|e| Error::io(Path::new(url), "cannot start the fetch thread", e))?;
    match rx.recv_timeout(timeout) {
        Ok(result) => result,
        Err(_) => {
            interrupt.store(true, Ordering::SeqCst);
            // Give the worker a moment to notice and clean up its temporary folder.
            let _ = rx.recv_timeout(Duration::from_secs(2));
            Err(Error::Timeout {
                url: url.to_owned(),
                seconds: timeout.as_secs(),
            })
        }
    }
}

/// Shared by clone and fetch, for a `file://` URL (after rewriting): git's
/// local transport also finds `x.git` for `x`, gix's does not, so return the
/// URL to use; and refuse early, clearly, a folder that does not exist
/// instead of letting the transport fail obscurely.
pub(crate) fn local_target(original: &str, effective: &gix::Url) -> Result<Option<gix::Url>> {
    if effective.scheme != gix::url::Scheme::File {
        return Ok(None);
    }
    let path = PathBuf::from(effective.path.to_string());
    if path.exists() {
        return Ok(None);
    }
    let with_git = format!("{}.git", effective.path);
    if Path::new(&with_git).exists() {
        let mut url = effective.clone();
        url.path = with_git.into();
        return Ok(Some(url));
    }
    let rewritten =
        (effective.to_bstring() != original).then(|| effective.to_bstring().to_string());
    Err(Error::Unreachable {
        url: original.to_owned(),
        rewritten_to: rewritten,
        cause: FetchCause::MissingMirror { path: path.clone() },
        source: gix::Error::from_error(gix::error::message!(
            "{}: no such directory",
            path.display()
        )),
    })
}

pub(crate) fn network_error(url: &str, rewritten: Option<String>, source: gix::Error) -> Error {
    let cause = FetchCause::classify(rewritten.as_deref().unwrap_or(url), &source);
    Error::Unreachable {
        url: url.to_owned(),
        rewritten_to: rewritten.filter(|r| r != url),
        cause,
        source,
    }
}

/// How the user's git configuration rewrites `url` (`url.<base>.insteadOf`),
/// asked of a repository opened with that configuration.
fn rewrite(repo: &gix::Repository, url: &str) -> Option<gix::Url> {
    repo.remote_at(url)
        .ok()
        .and_then(|remote| remote.url(gix::remote::Direction::Fetch).cloned())
}

/// The lock of this process's syncs of the cache folder `dest`. One small
/// mutex per repository synced, kept for the process's life (a catalog
/// names a few thousand at most).
fn sync_lock(dest: &Path) -> std::sync::MutexGuard<'static, ()> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex, PoisonError};
    static LOCKS: LazyLock<Mutex<HashMap<PathBuf, &'static Mutex<()>>>> =
        LazyLock::new(Default::default);
    let lock: &'static Mutex<()> = *LOCKS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(dest.to_owned())
        .or_insert_with(|| Box::leak(Box::new(Mutex::new(()))));
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The temporary sibling folder a clone of `dest` is made in (renamed into
/// place when complete; `radar cache prune` removes leftovers).
pub(crate) fn temp_for(dest: &Path) -> Result<PathBuf> {
    let parent = dest.parent().expect("cache paths have a parent");
    std::fs::create_dir_all(parent)
        .map_err(|e| Error::io(parent, "cannot create the cache folder", e))?;
    let tmp = parent.join(format!(
        "{TEMP_PREFIX}{}-{}",
        dest.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    if tmp.exists() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Ok(tmp)
}

/// How temporary clone folders start.
pub(crate) const TEMP_PREFIX: &str = ".tmp-";

/// Moves a finished clone from `tmp` into place at `dest`.
pub(crate) fn move_into_place(tmp: &Path, dest: &Path) -> Result<()> {
    match std::fs::rename(tmp, dest) {
        Ok(()) => Ok(()),
        // Another process cloned it meanwhile: keep theirs.
        Err(_) if dest.join("HEAD").is_file() => {
            let _ = std::fs::remove_dir_all(tmp);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(tmp);
            Err(Error::io(
                dest,
                "cannot move the new clone into the cache",
                e,
            ))
        }
    }
}

/// A complete clone with gix (no git on this machine).
fn clone(url: &str, dest: &Path, interrupt: &AtomicBool) -> Result<Transfer> {
    let started = std::time::Instant::now();
    let tmp = temp_for(dest)?;
    let prepare = |from: &str| {
        gix::prepare_clone_bare(from, &tmp)
            .map(|p| p.with_in_memory_config_overrides([NO_PROMPT]))
            .map(|p| {
                p.configure_remote(|remote| {
                    remote.with_refspecs(MIRROR_REFSPECS, gix::remote::Direction::Fetch)
                })
            })
            .map_err(|source| network_error(url, None, source))
    };
    let mut fetch = prepare(url)?;
    // The new repository is on disk already: ask it how the user's config
    // rewrites the URL, to check a local target and to name it in errors.
    let effective = gix::open(&tmp).ok().and_then(|r| rewrite(&r, url));
    let mut local_fix = None;
    if let Some(effective) = &effective {
        local_fix = local_target(url, effective)?;
        if let Some(fixed) = &local_fix {
            drop(fetch);
            fetch = prepare(&fixed.to_bstring().to_string())?;
        }
    }
    let rewritten = effective.map(|u| u.to_bstring().to_string());
    let outcome = match fetch.fetch_only(gix::progress::Discard, interrupt) {
        Ok((_, outcome)) => outcome,
        Err(source) => {
            drop(fetch);
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(network_error(url, rewritten, source));
        }
    };
    drop(fetch);
    if local_fix.is_some() {
        // Keep the URL as given in the cache's config, so later fetches go
        // through the user's rewrite rules again.
        if let Err(e) = edit_config(&tmp, |c| {
            c.set_raw_value_by("remote", Some("origin".into()), "url", url)
                .map(|_| ())
        }) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    }
    move_into_place(&tmp, dest)?;
    Ok(gix_transfer(
        url,
        TransferKind::Clone,
        &outcome.status,
        started,
    ))
}

/// What gix received, as a [`Transfer`] (it reports no bytes as it goes, so
/// the pack's size on disk stands for them).
fn gix_transfer(
    url: &str,
    kind: TransferKind,
    status: &gix::remote::fetch::Status,
    started: std::time::Instant,
) -> Transfer {
    let (objects, bytes, up_to_date) = match status {
        gix::remote::fetch::Status::Change {
            write_pack_bundle, ..
        } => (
            u64::from(write_pack_bundle.index.num_objects),
            write_pack_bundle
                .data_path
                .as_ref()
                .and_then(|p| std::fs::metadata(p).ok())
                .map_or(0, |m| m.len()),
            false,
        ),
        gix::remote::fetch::Status::NoPackReceived { .. } => (0, 0, true),
    };
    Transfer {
        url: url.to_owned(),
        kind,
        objects,
        bytes,
        elapsed: started.elapsed(),
        filter: None,
        up_to_date: up_to_date && kind == TransferKind::Fetch,
    }
}

/// Changes the repository's own config file (no includes) and writes it back.
pub(crate) fn edit_config<E: std::error::Error + Send + Sync + 'static>(
    git_dir: &Path,
    change: impl FnOnce(&mut gix::config::File) -> std::result::Result<(), E>,
) -> Result<()> {
    let path = git_dir.join("config");
    let mut config =
        gix::config::File::from_path_no_includes(path.clone(), gix::config::Source::Local)
            .map_err(|e| Error::git(git_dir, "config", gix::Error::from_error(e)))?;
    change(&mut config).map_err(|e| Error::git(git_dir, "config", gix::Error::from_error(e)))?;
    let mut out = Vec::new();
    config
        .write_to(&mut out)
        .map_err(|e| Error::io(&path, "cannot write", e))?;
    std::fs::write(&path, out).map_err(|e| Error::io(&path, "cannot write", e))
}

/// Fetches into the cache entry at `dest` with gix; true when a ref moved or objects arrived.
fn fetch(url: &str, dest: &Path, interrupt: &AtomicBool) -> Result<(bool, Transfer)> {
    let started = std::time::Instant::now();
    let repo = gix::open_opts(
        dest,
        gix::open::Options::default().config_overrides([NO_PROMPT]),
    )
    .map_err(|source| Error::NotARepository {
        path: dest.to_owned(),
        source,
    })?;
    let mut remote = match repo.find_remote("origin") {
        Ok(remote) => remote,
        // A cache entry made by something else: fetch from the URL we were given.
        Err(_) => repo
            .remote_at(url)
            .map_err(|e| Error::git(dest, format!("remote for {url}"), e))?,
    };
    let effective = remote.url(gix::remote::Direction::Fetch).cloned();
    if let Some(fixed) = effective
        .as_ref()
        .map(|e| local_target(url, e))
        .transpose()?
        .flatten()
    {
        remote = repo
            .remote_at(fixed)
            .map_err(|e| Error::git(dest, format!("remote for {url}"), e))?;
    }
    if remote.refspecs(gix::remote::Direction::Fetch).is_empty() {
        remote = remote
            .with_refspecs(MIRROR_REFSPECS, gix::remote::Direction::Fetch)
            .map_err(|e| Error::git(dest, "mirror refspecs", e))?;
    }
    let rewritten = effective.as_ref().map(|u| u.to_bstring().to_string());
    let run = || -> std::result::Result<gix::remote::fetch::Outcome, gix::Error> {
        // Also list the remote's HEAD, to follow a renamed default branch.
        let head_spec = gix::refspec::parse("HEAD".into(), gix::refspec::parse::Operation::Fetch)
            .map_err(gix::Error::from_error)?
            .to_owned();
        let options = gix::remote::ref_map::Options {
            extra_refspecs: vec![head_spec],
            ..Default::default()
        };
        remote
            .connect(gix::remote::Direction::Fetch)?
            .prepare_fetch(gix::progress::Discard, options)?
            .receive(gix::progress::Discard, interrupt)
    };
    let outcome = run().map_err(|source| network_error(url, rewritten, source))?;
    use gix::remote::fetch::{Status, refs::update::Mode};
    // `edits` also lists refs rewritten to the value they had; the modes say what moved.
    let changed = match &outcome.status {
        Status::Change { .. } => true,
        Status::NoPackReceived { update_refs, .. } => update_refs
            .updates
            .iter()
            .any(|u| matches!(u.mode, Mode::FastForward | Mode::Forced | Mode::New)),
    };
    let moved_head = follow_remote_head(&repo, remote_head(&outcome.ref_map.remote_refs));
    let transfer = gix_transfer(url, TransferKind::Fetch, &outcome.status, started);
    Ok((changed || moved_head, transfer))
}

/// Whether the repository has a commit-graph (one file, or a split chain).
pub(crate) fn has_commit_graph(git_dir: &Path) -> bool {
    let info = git_dir.join("objects/info");
    info.join("commit-graph").is_file() || info.join("commit-graphs").is_dir()
}

/// The branch the remote's HEAD names, from gix's ref listing.
fn remote_head(remote_refs: &[gix::protocol::handshake::Ref]) -> Option<gix::bstr::BString> {
    use gix::protocol::handshake::Ref;
    remote_refs.iter().find_map(|r| match r {
        Ref::Symbolic {
            full_ref_name,
            target,
            ..
        } if full_ref_name == "HEAD" => Some(target.clone()),
        _ => None,
    })
}

/// Points the cache's HEAD at `target`, the branch the remote's HEAD names,
/// when it changed (a project renaming `master` to `main`) and the branch
/// was fetched; best effort. True when it moved.
pub(crate) fn follow_remote_head(
    repo: &gix::Repository,
    target: Option<gix::bstr::BString>,
) -> bool {
    use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit};
    let Some(target) = target else {
        return false;
    };
    let Ok(name) = gix::refs::FullName::try_from(target) else {
        return false;
    };
    let current = repo.head_name().ok().flatten();
    if current.as_ref() == Some(&name)
        || repo
            .try_find_reference(name.as_ref())
            .ok()
            .flatten()
            .is_none()
    {
        return false;
    }
    let edit = RefEdit {
        change: Change::Update {
            log: LogChange::default(),
            expected: PreviousValue::Any,
            new: gix::refs::Target::Symbolic(name.clone()),
        },
        name: "HEAD".try_into().expect("valid ref name"),
        deref: false,
    };
    match repo.edit_reference(edit) {
        Ok(_) => {
            tracing::info!(path = %repo.path().display(), "HEAD now follows the remote's {}", name.as_bstr());
            true
        }
        Err(e) => {
            tracing::warn!(path = %repo.path().display(), "cannot follow the remote's HEAD: {e}");
            false
        }
    }
}

/// Best effort: a commit-graph makes history walks 1.5x faster, but its
/// absence only costs time, so a missing `git` or a failure is just logged.
pub fn write_commit_graph(git_dir: &Path) {
    let status = crate::gitcli::git(Some(git_dir))
        .args(["commit-graph", "write", "--reachable"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => tracing::debug!(path = %git_dir.display(), "wrote commit-graph"),
        Ok(s) => tracing::info!(path = %git_dir.display(), "git commit-graph write failed: {s}"),
        Err(e) => tracing::info!("git not available to write a commit-graph: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_urls_or_paths() {
        assert_eq!(
            Source::parse("https://github.com/a/b"),
            Source::Url("https://github.com/a/b".into())
        );
        assert_eq!(
            Source::parse("file:///srv/git/b.git"),
            Source::Url("file:///srv/git/b.git".into())
        );
        assert_eq!(
            Source::parse("git@github.com:a/b.git"),
            Source::Url("git@github.com:a/b.git".into())
        );
        assert_eq!(
            Source::parse("./some/dir"),
            Source::Local(PathBuf::from("./some/dir"))
        );
        assert_eq!(
            Source::parse("/abs/dir"),
            Source::Local(PathBuf::from("/abs/dir"))
        );
    }

    #[test]
    fn clone_filters_by_name() {
        assert_eq!("tree:0".parse(), Ok(CloneFilter::TreeLess));
        assert_eq!("blob:none".parse(), Ok(CloneFilter::BlobLess));
        assert_eq!("none".parse(), Ok(CloneFilter::Complete));
        assert!("blob:limit=1m".parse::<CloneFilter>().is_err());
        assert_eq!(CloneFilter::default().spec(), Some("tree:0"));
        assert_eq!(CloneFilter::Complete.spec(), None);
    }

    #[test]
    fn cache_paths_are_stable_and_contained() {
        let cache = Cache::new("/c");
        let p = cache
            .path_for("https://GitHub.com/containerd/containerd.git")
            .unwrap();
        assert_eq!(p, PathBuf::from("/c/github.com/containerd/containerd.git"));
        assert_eq!(
            cache
                .path_for("https://github.com/containerd/containerd")
                .unwrap(),
            p
        );
        assert_eq!(
            cache
                .path_for("https://github.com/containerd/containerd/")
                .unwrap(),
            p
        );
        let evil = cache
            .path_for("https://example.com/../../etc/passwd")
            .unwrap();
        assert!(evil.starts_with("/c/example.com"), "{evil:?}");
        let local = cache.path_for("file:///srv/mirrors/x.git").unwrap();
        assert_eq!(local, PathBuf::from("/c/file/srv/mirrors/x.git"));
        assert!(cache.path_for("https://example.com/").is_err());
        // An organisation's `.github` repository is not its `github` repository.
        let dotted = cache.path_for("https://github.com/acme/.github").unwrap();
        assert_eq!(dotted, PathBuf::from("/c/github.com/acme/%2egithub.git"));
        assert_ne!(
            dotted,
            cache.path_for("https://github.com/acme/github").unwrap()
        );
        assert_eq!(
            cache.path_for("https://github.com/acme/..hidden").unwrap(),
            PathBuf::from("/c/github.com/acme/%2e%2ehidden.git")
        );
    }
}
