//! `inspect`: every piece of evidence for one repository at one commit.

use std::path::Path;

use crate::cache::open;
use crate::error::{Error, Result};
use crate::history::{self, WalkParams};
use crate::model::{Evidence, Lifecycle, LifecycleStatus, Repository, SCHEMA_VERSION};
use crate::orgs::Affiliations;
use crate::partial::Promisor;
use crate::security;
use crate::tree::GitTree;

/// What to measure and how.
#[derive(Debug, Clone)]
pub struct InspectOptions {
    /// Compute every figure as of this date (history cut there, files read at
    /// the last commit before it). `None`: now, at HEAD.
    pub as_of: Option<jiff::Timestamp>,
    /// Window for the CHAOSS factors and the organisations' window shares.
    pub window_days: u32,
    /// Employer mapping that overrides email domains.
    pub affiliations: Option<Affiliations>,
    /// The URL or path the user gave, recorded as `repository.url`.
    pub source: Option<String>,
    /// How many recent non-merge commits the DCO check samples.
    pub dco_sample: usize,
    /// Measure a folder of the repository (a project in a monorepo):
    /// `/`-separated, relative to the root, no leading or trailing slash.
    /// History is then the commits that touch it (as `git log -- PATH`),
    /// file checks read the folder first and the root second, releases stay
    /// the repository's (see `files.rs`, `pathwalk.rs`).
    pub path: Option<String>,
    /// For a partial clone in the cache: fetch what the measurement reads
    /// and the clone left out ([`crate::Synced::promisor`]). Without it,
    /// missing objects count as absent and the evidence warns about them.
    pub promisor: Option<Promisor>,
    /// Measure the security section (OpenSSF Scorecard's git-visible
    /// checks). On by default; off only to measure what it costs.
    pub security: bool,
}

impl Default for InspectOptions {
    fn default() -> Self {
        InspectOptions {
            as_of: None,
            window_days: 365,
            affiliations: None,
            source: None,
            dco_sample: 100,
            path: None,
            promisor: None,
            security: true,
        }
    }
}

/// A folder as [`InspectOptions::path`] takes it, tolerating stray slashes;
/// `None` for the root. `..` and `.` are refused: a folder is inside the repository.
fn folder_of(path: Option<&str>) -> Result<Option<String>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| *p == "." || *p == "..") {
        return Err(Error::InvalidPath {
            path: path.to_owned(),
            reason: "a folder of the repository cannot contain `.` or `..`".into(),
        });
    }
    Ok((!parts.is_empty()).then(|| parts.join("/")))
}

/// Reads an as-of date as every Radar command takes it: `YYYY-MM-DD` means
/// the end of that day in UTC (`2024-06-30T23:59:59Z`, so the whole day
/// counts), anything else must be an RFC 3339 timestamp.
pub fn parse_as_of(s: &str) -> Result<jiff::Timestamp> {
    let invalid = || Error::InvalidDate {
        input: s.to_owned(),
    };
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Ok(ts);
    }
    let date: jiff::civil::Date = s.parse().map_err(|_| invalid())?;
    let next = date.tomorrow().map_err(|_| invalid())?;
    let start = next
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|_| invalid())?
        .timestamp();
    Ok(start - jiff::SignedDuration::from_secs(1))
}

/// The repository's name: the last segment of the URL or path given, else
/// of the git directory (`quill` for `…/acme/quill.git`, `…/quill/.git`).
fn repository_name(source: Option<&str>, git_dir: &Path) -> Option<String> {
    let from = |s: &str| {
        s.trim_end_matches('/')
            .trim_end_matches("/.git")
            .rsplit(['/', '\\', ':'])
            .next()
            .map(|n| n.trim_end_matches(".git").to_owned())
            .filter(|n| !n.is_empty())
    };
    source
        .and_then(from)
        .or_else(|| from(&git_dir.display().to_string()))
}

/// Measures the repository at `git_dir` (bare or not).
pub fn inspect(git_dir: &Path, opts: &InspectOptions) -> Result<Evidence> {
    inspect_with(git_dir, opts, opts.promisor.as_ref())
}

/// [`inspect`] with the promisor of a partial clone given apart
/// ([`crate::Synced::inspect`] passes its own).
pub(crate) fn inspect_with(
    git_dir: &Path,
    opts: &InspectOptions,
    promisor: Option<&Promisor>,
) -> Result<Evidence> {
    let folder = folder_of(opts.path.as_deref())?;
    let mut repo = open(git_dir)?;
    let path = repo.path().to_owned();
    let head = match repo.head() {
        Ok(h) if h.is_unborn() => return Err(Error::EmptyRepository { path }),
        Ok(mut h) => h
            .try_peel_to_id()
            .map_err(|e| Error::git(&path, "HEAD", e))?
            .map(|id| id.detach()),
        Err(e) => return Err(Error::git(&path, "HEAD", e)),
    };
    let Some(head) = head else {
        return Err(Error::EmptyRepository { path });
    };
    // Whole seconds: git dates have no finer resolution.
    let now = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let as_of = opts.as_of.unwrap_or(now);
    let as_of_s = as_of.as_second();
    let target = match opts.as_of {
        None => head,
        Some(_) => history::commit_at(&repo, &path, head, as_of_s)?.ok_or_else(|| {
            Error::NothingBefore {
                path: path.clone(),
                as_of,
            }
        })?,
    };

    let clock = std::time::Instant::now();
    let phase = |name: &str| {
        tracing::debug!(
            elapsed_ms = clock.elapsed().as_millis() as u64,
            "{name} done"
        )
    };
    if let Some(promisor) = promisor {
        // A partial clone: first fetch what the measurement below will read.
        crate::partial::backfill(promisor, head, target, folder.as_deref(), |repo| {
            let mut scratch = Vec::new();
            let sample = history::SignOffs::default();
            let tree = GitTree::new(repo, target, folder.as_deref(), &mut scratch);
            crate::files::read(
                &tree,
                target,
                folder.as_deref(),
                None,
                &sample,
                &mut scratch,
            )
            .missing
        })?;
        repo = open(git_dir)?;
        phase("backfill");
    }
    // Without a commit-graph, every commit would be inflated twice (walk +
    // author); a small object cache avoids that. With a graph it only costs.
    if repo.commit_graph().is_err() {
        repo.object_cache_size_if_unset(4 << 20);
    }
    phase("open");
    let params = WalkParams {
        as_of: as_of_s,
        window_days: opts.window_days.max(1),
        affiliations: opts.affiliations.as_ref(),
        path: folder.as_deref(),
    };
    // The history walk (itself spread over the cores) runs beside the rest,
    // which would otherwise leave a core idle while tags and files are read.
    let sync_repo = repo.clone().into_sync();
    let name = repository_name(opts.source.as_deref(), &path);
    let (mut evidence, measured, security_missing) = std::thread::scope(|scope| {
        let walker = scope.spawn(|| {
            let mut repo = sync_repo.to_thread_local();
            // The whole history without a graph inflates each commit twice
            // (walk, then author) unless cached. A folder's walk reads each
            // commit once and remembers its trees itself: there the cache
            // only costs (about 15% of the walk on kubernetes/autoscaler).
            if repo.commit_graph().is_err() && params.path.is_none() {
                repo.object_cache_size_if_unset(4 << 20);
            }
            let walk = history::walk(&repo, &path, target, &params);
            phase("history walk");
            walk
        });
        let mut warnings = Vec::new();
        let releases = crate::releases::releases(&repo, &path, as_of_s, &mut warnings)?;
        phase("releases");
        let tree = GitTree::new(&repo, target, folder.as_deref(), &mut warnings);
        // The security section on a thread of its own, beside the walk and
        // the file checks: the whole tree (a folder's project is the
        // repository's for security), every check that reads no more of the
        // evidence than the releases at once, the others
        // (`security::READS_EVIDENCE`) when the evidence is complete.
        let (to_security, complete) = std::sync::mpsc::channel::<Evidence>();
        let security = opts.security.then(|| {
            let listing = tree.whole_listing();
            let (releases, name, folder) = (releases.clone(), name.clone(), &folder);
            let (sync_repo, path) = (&sync_repo, path.as_path());
            scope.spawn(move || {
                let repo = sync_repo.to_thread_local();
                let tree = GitTree::with_listing(&repo, listing);
                let ctx = security_ctx(&tree, name);
                let tags = security::GitTags(&repo);
                let so_far = assemble(
                    &repo,
                    path,
                    target,
                    as_of,
                    opts,
                    folder,
                    &history::Walk::default(),
                    &releases,
                    &crate::files::Files::default(),
                    &[],
                );
                let early = security::measure_early(&security::Input::new(&ctx, &so_far, &tags));
                phase("security before the rest");
                // No evidence: the measurement failed; nothing to finish.
                let evidence = complete.recv().ok()?;
                let measured =
                    security::measure_rest(&security::Input::new(&ctx, &evidence, &tags), early);
                Some((measured, tree.missing()))
            })
        });
        // Sign-off rules are the repository's, so a folder samples the
        // repository's newest commits too.
        let sign_offs = history::sign_offs(&repo, target, opts.dco_sample);
        phase("sign-offs");
        let files = crate::files::read(
            &tree,
            target,
            folder.as_deref(),
            name.as_deref(),
            &sign_offs,
            &mut warnings,
        );
        warnings.extend(files.notes.iter().cloned());
        if !files.missing.is_empty() {
            warnings.push(format!(
                "{} file(s) the checks read are not in this partial clone and counted as absent (measure without --no-fetch to fetch them)",
                files.missing.len()
            ));
        }
        if crate::partial::is_partial(&repo)
            && let Some(mailmap) = crate::partial::mailmap_blob(&repo, head, &mut Vec::new())
            && !repo.has_object(mailmap)
        {
            warnings.push(
                "HEAD's .mailmap is not in this partial clone: identities are not merged as git would (measure without --no-fetch to fetch it)".into(),
            );
        }
        phase("files");
        let walk = walker.join().unwrap_or_else(|_| {
            Err(Error::git(
                &path,
                "history",
                gix::Error::from_error(std::io::Error::other("the history thread panicked")),
            ))
        })?;
        let evidence = assemble(
            &repo, &path, target, as_of, opts, &folder, &walk, &releases, &files, &warnings,
        );
        let Some(security) = security else {
            return Ok::<_, Error>((evidence, None, Vec::new()));
        };
        // A failed send leaves the thread with nothing to finish: it ends.
        let _ = to_security.send(evidence.clone());
        let (measured, missing) = security.join().ok().flatten().ok_or_else(|| {
            Error::git(
                &path,
                "security",
                gix::Error::from_error(std::io::Error::other("the security thread panicked")),
            )
        })?;
        phase("security");
        Ok((evidence, Some(measured), missing))
    })?;
    let security = match (measured, promisor) {
        // A partial clone without some file the security checks read: fetch
        // those in one batch and run the section again.
        (Some(_), Some(p)) if !security_missing.is_empty() => {
            p.fetch(&security_missing, "blob:none")?;
            let repo = open(p.git_dir())?;
            Some(security_section(&repo, target, &evidence, name, None)?)
        }
        (measured, _) => measured,
    };
    if let Some(security) = security {
        evidence.warnings.extend(security.warnings.iter().cloned());
        evidence.security = Some(security);
    }
    Ok(evidence)
}

/// The evidence from its measured parts, without the security section.
#[allow(clippy::too_many_arguments)]
fn assemble(
    repo: &gix::Repository,
    path: &Path,
    target: gix::ObjectId,
    as_of: jiff::Timestamp,
    opts: &InspectOptions,
    folder: &Option<String>,
    walk: &history::Walk,
    releases: &crate::model::Releases,
    files: &crate::files::Files,
    warnings: &[String],
) -> Evidence {
    let as_of_s = as_of.as_second();
    let window_days = opts.window_days.max(1);
    let mut all_warnings = walk.warnings.clone();
    all_warnings.extend_from_slice(warnings);
    let warnings = all_warnings;
    let (checks, notice) = (files.checks.clone(), files.notice.clone());
    let history = walk.history(as_of_s);
    let lifecycle = match notice {
        Some((status, line)) => Lifecycle {
            status,
            evidence: Some(line),
        },
        None if history.commits_365d == 0 => Lifecycle {
            status: LifecycleStatus::Inactive,
            evidence: Some(match history.last_commit {
                Some(last) => {
                    format!("no commit in the 365 days before {as_of}; last commit {last}")
                }
                None => format!("no dated commit before {as_of}"),
            }),
        },
        None => Lifecycle {
            status: LifecycleStatus::Active,
            evidence: Some(format!(
                "{} commits in the 365 days before {as_of}",
                history.commits_365d
            )),
        },
    };
    let default_branch = repo
        .head_name()
        .ok()
        .flatten()
        .map(|n| n.shorten().to_string());
    Evidence {
        schema_version: SCHEMA_VERSION,
        repository: Repository {
            url: opts
                .source
                .clone()
                .unwrap_or_else(|| path.display().to_string()),
            path: path.display().to_string(),
            default_branch,
            partial: walk.partial,
            path_filter: folder.clone(),
        },
        head: target.to_string(),
        as_of,
        organizations: walk.organizations(window_days),
        contributor_absence_factor: walk.contributor_absence_factor(),
        history,
        releases: releases.clone(),
        checks,
        lifecycle,
        security: None,
        warnings,
        members: Vec::new(),
    }
}

/// The context the security checks read: the whole tree, vendored files
/// listed apart.
fn security_ctx<'t>(tree: &'t GitTree<'_>, name: Option<String>) -> crate::checks::Ctx<'t> {
    crate::checks::Ctx::new(tree.paths(), tree, crate::history::SignOffs::default())
        .with_repository_name(name)
        .with_vendored(tree.vendored_paths())
}

/// The security section of `evidence` measured at `commit`: the whole tree
/// (a folder's project is the repository's too), vendored files listed
/// apart, every check run. In a partial clone the files the checks read
/// and the clone left out are fetched in one batch and the checks run again.
fn security_section(
    repo: &gix::Repository,
    commit: gix::ObjectId,
    evidence: &Evidence,
    name: Option<String>,
    promisor: Option<&Promisor>,
) -> Result<security::Security> {
    let run = |repo: &gix::Repository| {
        let mut warnings = Vec::new();
        let tree = GitTree::new(repo, commit, None, &mut warnings);
        let ctx = security_ctx(&tree, name.clone());
        let tags = security::GitTags(repo);
        let mut measured = security::measure(&security::Input::new(&ctx, evidence, &tags));
        measured.warnings.extend(warnings);
        (measured, tree.missing())
    };
    let (measured, missing) = run(repo);
    match promisor {
        Some(p) if !missing.is_empty() => {
            p.fetch(&missing, "blob:none")?;
            Ok(run(&open(p.git_dir())?).0)
        }
        _ => Ok(measured),
    }
}

/// The security section alone for evidence measured before (its `head`):
/// the tree listed and read again, the checks run. What `inspect` adds for
/// it, measured on its own by the security benchmark.
pub fn measure_security(git_dir: &Path, evidence: &Evidence) -> Result<security::Security> {
    let repo = open(git_dir)?;
    let path = repo.path().to_owned();
    let head = gix::ObjectId::from_hex(evidence.head.as_bytes())
        .map_err(|e| Error::git(&path, "head", gix::Error::from_error(e)))?;
    security_section(&repo, head, evidence, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_dates() {
        assert_eq!(
            parse_as_of("2024-06-30").unwrap().to_string(),
            "2024-06-30T23:59:59Z"
        );
        assert_eq!(
            parse_as_of("2024-12-31").unwrap().to_string(),
            "2024-12-31T23:59:59Z"
        );
        assert_eq!(
            parse_as_of("2024-06-30T12:00:00Z").unwrap().to_string(),
            "2024-06-30T12:00:00Z"
        );
        assert_eq!(
            parse_as_of("2024-06-30T12:00:00+02:00")
                .unwrap()
                .to_string(),
            "2024-06-30T10:00:00Z"
        );
        let err = parse_as_of("June").unwrap_err().to_string();
        assert!(
            err.starts_with("\"June\" is not a date (YYYY-MM-DD)"),
            "{err}"
        );
        assert!(parse_as_of("2024-02-30").is_err());
        assert!(
            parse_as_of("9999-12-31").is_err(),
            "no day after the last representable one"
        );
    }
}
