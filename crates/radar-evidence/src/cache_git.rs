//! Clones and fetches through the git CLI (`gitcli.rs` says why): partial
//! clones with a filter, and fetches that ask the server for its refs first
//! and for a pack only when something moved.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use gix::bstr::BString;

use crate::cache::{
    FetchOptions, MIRROR_REFSPECS, follow_remote_head, local_target, move_into_place,
    network_error, temp_for,
};
use crate::error::{Error, Result};
use crate::gitcli::{self, Failed, GitError, Report};
use crate::transfer::{Transfer, TransferKind};

/// What git prints when the server cannot filter (the clone is then complete).
const NO_FILTER: &str = "filtering not recognized by server";

/// The URL git will really use for `url`, after `url.<base>.insteadOf`.
fn effective_url(url: &str) -> Option<String> {
    let mut cmd = gitcli::git(None);
    cmd.args(["ls-remote", "--get-url", "--", url]);
    let out = gitcli::run(cmd, None, &AtomicBool::new(false), None).ok()?;
    let s = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// The error for a failed git command, classified by git's own message.
fn failure(url: &str, rewritten: Option<String>, command: &str, failed: Failed) -> Error {
    if let Failed::Spawn(e) = failed {
        return Error::io(Path::new(url), "cannot run git", e);
    }
    let source = gix::Error::from_error(GitError::new(command, &failed));
    network_error(url, rewritten, source)
}

/// Clones `url` into `dest` (through a temporary sibling folder).
pub(crate) fn clone(
    url: &str,
    dest: &Path,
    opts: &FetchOptions,
    interrupt: &AtomicBool,
) -> Result<Transfer> {
    let started = Instant::now();
    let effective = effective_url(url);
    if let Some(e) = &effective
        && let Ok(parsed) = gix::url::parse(gix::bstr::BStr::new(e.as_str()))
    {
        // A missing mirror is named clearly before git says something vaguer.
        local_target(url, &parsed)?;
    }
    let upload_pack = gitcli::local_upload_pack(effective.as_deref().unwrap_or(url));
    let rewritten = effective.filter(|e| e != url);
    let tmp = temp_for(dest)?;
    let filter = opts.filter.spec();
    let mut cmd = gitcli::git(None);
    cmd.args(["clone", "--bare", "--progress"]);
    if let Some(f) = filter {
        cmd.arg(format!("--filter={f}"));
    }
    if let Some(u) = upload_pack {
        cmd.arg(format!("--upload-pack={u}"));
    }
    cmd.arg("--").arg(url).arg(&tmp);
    let report = opts.progress.as_ref().map(|p| Report {
        progress: p.0.as_ref(),
        url,
        kind: TransferKind::Clone,
    });
    let out = match gitcli::run(cmd, None, interrupt, report.as_ref()) {
        Ok(out) => out,
        Err(failed) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(failure(url, rewritten, "git clone", failed));
        }
    };
    // The server ignored the filter: the copy is complete, so it is not
    // recorded as a partial clone (nothing would ever be missing from it).
    let filtered = filter.filter(|_| !out.messages.iter().any(|m| m.contains(NO_FILTER)));
    let mut settings = vec![
        vec![
            "config",
            "--replace-all",
            "remote.origin.fetch",
            MIRROR_REFSPECS[0],
        ],
        vec!["config", "--add", "remote.origin.fetch", MIRROR_REFSPECS[1]],
    ];
    if filtered.is_none() {
        settings.push(vec!["config", "--unset-all", "remote.origin.promisor"]);
        settings.push(vec![
            "config",
            "--unset-all",
            "remote.origin.partialclonefilter",
        ]);
    }
    for args in settings {
        let mut cmd = gitcli::git(Some(&tmp));
        cmd.args(&args);
        // `--unset-all` of a key that is not there exits with 5: nothing to do.
        if let Err(failed) = gitcli::run(cmd, None, interrupt, None)
            && args[1] != "--unset-all"
        {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(failure(url, None, "git config", failed));
        }
    }
    move_into_place(&tmp, dest)?;
    Ok(Transfer {
        url: url.to_owned(),
        kind: TransferKind::Clone,
        objects: out.received.objects,
        bytes: out.received.bytes,
        elapsed: started.elapsed(),
        filter: filtered.map(str::to_owned),
        up_to_date: false,
    })
}

/// The refs a remote lists: branch and tag names → ids, and the branch its HEAD names.
#[derive(Debug, Default, PartialEq)]
struct RemoteRefs {
    refs: BTreeMap<BString, gix::ObjectId>,
    head: Option<BString>,
}

/// Parses `git ls-remote --symref` output (peeled `^{}` lines are skipped:
/// a tag ref's own value is the tag object, as stored locally).
fn parse_ls_remote(out: &[u8]) -> RemoteRefs {
    let mut refs = RemoteRefs::default();
    for line in String::from_utf8_lossy(out).lines() {
        let Some((left, name)) = line.split_once('\t') else {
            continue;
        };
        if let Some(target) = left.strip_prefix("ref: ") {
            if name == "HEAD" {
                refs.head = Some(target.into());
            }
            continue;
        }
        if name.ends_with("^{}")
            || !(name.starts_with("refs/heads/") || name.starts_with("refs/tags/"))
        {
            continue;
        }
        if let Ok(id) = gix::ObjectId::from_hex(left.as_bytes()) {
            refs.refs.insert(name.into(), id);
        }
    }
    refs
}

/// The cached copy's branches and tags, as [`RemoteRefs`] lists them.
fn local_refs(repo: &gix::Repository) -> RemoteRefs {
    let mut refs = RemoteRefs::default();
    if let Ok(platform) = repo.references()
        && let Ok(all) = platform.all()
    {
        for r in all.flatten() {
            let name = r.name().as_bstr();
            if !(name.starts_with(b"refs/heads/") || name.starts_with(b"refs/tags/")) {
                continue;
            }
            if let Some(id) = r.target().try_id() {
                refs.refs.insert(name.to_owned(), id.to_owned());
            }
        }
    }
    refs.head = repo
        .head_name()
        .ok()
        .flatten()
        .map(|n| n.as_bstr().to_owned());
    refs
}

/// Brings the cache entry at `dest` up to date; true when something moved.
///
/// The remote's refs are listed first (one round trip, as any fetch starts);
/// when they equal the cached ones nothing more is asked, otherwise a fetch
/// mirrors branches and tags (pruning those the remote deleted) with the
/// entry's own partial-clone filter, if it has one.
pub(crate) fn fetch(
    url: &str,
    dest: &Path,
    opts: &FetchOptions,
    interrupt: &AtomicBool,
) -> Result<(bool, Transfer)> {
    let started = Instant::now();
    let repo = crate::cache::open(dest)?;
    let has_origin = repo.config_snapshot().string("remote.origin.url").is_some();
    // A cache entry made by something else: fetch from the URL we were given.
    let remote = if has_origin { "origin" } else { url };
    let rewritten = if has_origin {
        repo.find_remote("origin")
            .ok()
            .and_then(|r| r.url(gix::remote::Direction::Fetch).cloned())
    } else {
        repo.remote_at(url)
            .ok()
            .and_then(|r| r.url(gix::remote::Direction::Fetch).cloned())
    };
    if let Some(effective) = &rewritten {
        local_target(url, effective)?;
    }
    let rewritten = rewritten.map(|u| u.to_bstring().to_string());
    let upload_pack = gitcli::local_upload_pack(rewritten.as_deref().unwrap_or(url));
    let rewritten = rewritten.filter(|u| u != url);
    let mut cmd = gitcli::git(Some(dest));
    cmd.args(["ls-remote", "--symref"]);
    if let Some(u) = upload_pack {
        cmd.arg(format!("--upload-pack={u}"));
    }
    cmd.args([remote, "HEAD", "refs/heads/*", "refs/tags/*"]);
    let listed = gitcli::run(cmd, None, interrupt, None)
        .map_err(|f| failure(url, rewritten.clone(), "git ls-remote", f))?;
    let theirs = parse_ls_remote(&listed.stdout);
    let ours = local_refs(&repo);
    let filter = crate::partial::filter_of(&repo);
    let mut transfer = Transfer {
        url: url.to_owned(),
        kind: TransferKind::Fetch,
        objects: 0,
        bytes: 0,
        elapsed: started.elapsed(),
        filter,
        up_to_date: true,
    };
    let head_moved = theirs.head.is_some() && theirs.head != ours.head;
    if theirs.refs == ours.refs {
        let moved = head_moved && follow_remote_head(&repo, theirs.head);
        transfer.elapsed = started.elapsed();
        return Ok((moved, transfer));
    }
    let mut cmd = gitcli::git(Some(dest));
    cmd.args(["fetch", "--progress", "--prune", "--no-tags"]);
    if let Some(u) = upload_pack {
        cmd.arg(format!("--upload-pack={u}"));
    }
    cmd.arg(remote);
    cmd.args(MIRROR_REFSPECS);
    let report = opts.progress.as_ref().map(|p| Report {
        progress: p.0.as_ref(),
        url,
        kind: TransferKind::Fetch,
    });
    let out = gitcli::run(cmd, None, interrupt, report.as_ref())
        .map_err(|f| failure(url, rewritten, "git fetch", f))?;
    // A new repository handle sees the refs the fetch wrote.
    if let Ok(repo) = crate::cache::open(dest) {
        follow_remote_head(&repo, theirs.head);
    }
    transfer.objects = out.received.objects;
    transfer.bytes = out.received.bytes;
    transfer.up_to_date = false;
    transfer.elapsed = started.elapsed();
    Ok((true, transfer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ls_remote_output() {
        let out = b"ref: refs/heads/main\tHEAD\n\
            1111111111111111111111111111111111111111\tHEAD\n\
            1111111111111111111111111111111111111111\trefs/heads/main\n\
            2222222222222222222222222222222222222222\trefs/tags/v1.0.0\n\
            1111111111111111111111111111111111111111\trefs/tags/v1.0.0^{}\n\
            3333333333333333333333333333333333333333\trefs/pull/1/head\n";
        let refs = parse_ls_remote(out);
        assert_eq!(refs.head, Some(BString::from("refs/heads/main")));
        let names: Vec<String> = refs.refs.keys().map(|k| k.to_string()).collect();
        assert_eq!(names, ["refs/heads/main", "refs/tags/v1.0.0"]);
        assert_eq!(
            refs.refs[&BString::from("refs/tags/v1.0.0")].to_string(),
            "2222222222222222222222222222222222222222"
        );
    }
}
