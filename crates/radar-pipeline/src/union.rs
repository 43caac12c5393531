//! A project of several repositories (or of a monorepo's folder): each
//! repository measured on its own, as any other (shared between the projects
//! that name it), then one evidence document over their union
//! (`radar_evidence::union`, definitions in docs/evidence-schema.md) for the
//! assessment to read.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use jiff::Timestamp;
use radar_catalog::Project;

use crate::measure::{Measured, Measurement, Measurer, package, target_key};

/// Measurements of the other repositories, shared by the projects of one
/// run that name them (each measured once even when two threads want it).
#[derive(Default)]
pub struct Shared {
    done: Mutex<HashMap<String, Arc<OnceLock<Measurement>>>>,
}

/// A project's repositories as the measurer keys them (`URL#path=FOLDER` for
/// a folder), the primary first, each with its role.
pub fn targets(
    measurer: &Measurer,
    project: &Project,
    base_dir: &Path,
) -> Vec<(String, Option<&'static str>)> {
    let mut out: Vec<(String, Option<&'static str>)> = Vec::new();
    for r in project.repositories() {
        let key = target_key(&measurer.key(r.url, base_dir), r.path);
        if !out.iter().any(|(k, _)| *k == key) {
            out.push((key, r.role.map(|x| x.as_str())));
        }
    }
    out
}

/// What groups projects for one measurement: the primary's key, or every
/// repository's for a project of several.
pub fn group_key(measurer: &Measurer, project: &Project, base_dir: &Path) -> Option<String> {
    let keys: Vec<String> = targets(measurer, project, base_dir)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    (!keys.is_empty()).then(|| keys.join(" + "))
}

/// Measures a project: its primary repository (or folder), and for a project
/// of several repositories the others and their union. `None` when it names
/// no repository. A repository other than the primary that cannot be
/// measured is left out of the union with a warning; the primary failing is
/// the project's failure.
pub fn measure_project(
    measurer: &Measurer,
    project: &Project,
    base_dir: &Path,
    as_of: Option<Timestamp>,
    as_of_last_fetch: bool,
    shared: Option<&Shared>,
) -> Option<Measurement> {
    measure_targets(
        measurer,
        &targets(measurer, project, base_dir),
        base_dir,
        as_of,
        as_of_last_fetch,
        shared,
    )
}

/// [`measure_project`] over keys already made (a queued job carries its
/// project's group key, [`group_key`]); roles from `project`, in order.
pub fn measure_job(
    measurer: &Measurer,
    group_key: &str,
    project: &Project,
    as_of: Option<Timestamp>,
    as_of_last_fetch: bool,
) -> Measurement {
    let roles: Vec<Option<&'static str>> = project
        .repositories()
        .map(|r| r.role.map(|x| x.as_str()))
        .collect();
    let targets: Vec<(String, Option<&'static str>)> = group_key
        .split(" + ")
        .enumerate()
        .map(|(i, k)| (k.to_owned(), roles.get(i).copied().flatten()))
        .collect();
    measure_targets(
        measurer,
        &targets,
        Path::new("/"),
        as_of,
        as_of_last_fetch,
        None,
    )
    .expect("a group key names a repository")
}

fn measure_targets(
    measurer: &Measurer,
    targets: &[(String, Option<&'static str>)],
    base_dir: &Path,
    as_of: Option<Timestamp>,
    as_of_last_fetch: bool,
    shared: Option<&Shared>,
) -> Option<Measurement> {
    let ((primary_key, _), others) = targets.split_first()?;
    let primary = measurer.measure_with(primary_key, base_dir, as_of, as_of_last_fetch);
    if others.is_empty() {
        return Some(primary);
    }
    let Ok(lead) = &primary.outcome else {
        return Some(primary);
    };
    let measure = |key: &str| {
        let fresh = || measurer.measure_with(key, base_dir, as_of, as_of_last_fetch);
        match shared {
            Some(s) => {
                let cell = s
                    .done
                    .lock()
                    .expect("shared measurements lock")
                    .entry(key.to_owned())
                    .or_default()
                    .clone();
                cell.get_or_init(fresh).clone()
            }
            None => fresh(),
        }
    };
    let measured: Vec<(Measurement, Option<&str>)> =
        others.iter().map(|(k, role)| (measure(k), *role)).collect();
    let mut took: Duration = primary.took;
    let mut warnings = Vec::new();
    let mut parts = vec![radar_evidence::Part {
        git_dir: Path::new(&lead.evidence.repository.path),
        evidence: &lead.evidence,
        role: targets[0].1,
    }];
    let mut reused = lead.reused;
    for (m, role) in &measured {
        took += m.took;
        match &m.outcome {
            Ok(ok) => {
                reused &= ok.reused;
                parts.push(radar_evidence::Part {
                    git_dir: Path::new(&ok.evidence.repository.path),
                    evidence: &ok.evidence,
                    role: *role,
                });
            }
            Err(f) => warnings.push(format!(
                "{}: not measured, left out of the project's figures: {}",
                m.repo_url, f.cause
            )),
        }
    }
    let outcome = match radar_evidence::union(&parts, None) {
        Ok(mut evidence) => {
            evidence.warnings.extend(warnings);
            let m: Measured = package(
                evidence,
                lead.github.clone(),
                lead.github_error.clone(),
                reused,
                lead.stale.clone(),
            );
            Ok(m)
        }
        Err(e) => {
            // The primary's own figures are still right: keep them, say why.
            tracing::warn!(
                "{}: cannot unite the project's repositories: {e}",
                primary.repo_url
            );
            let mut evidence = (*lead.evidence).clone();
            evidence
                .warnings
                .push(format!("the other repositories are left out: {e}"));
            Ok(package(
                evidence,
                lead.github.clone(),
                lead.github_error.clone(),
                lead.reused,
                lead.stale.clone(),
            ))
        }
    };
    // Stored under the project's group key (`A + B`), so that the union is
    // never taken for the primary's own evidence when HEAD has not moved.
    let key: Vec<&str> = std::iter::once(primary.repo_url.as_str())
        .chain(measured.iter().map(|(m, _)| m.repo_url.as_str()))
        .collect();
    Some(Measurement {
        repo_url: key.join(" + "),
        head: primary.head.clone(),
        outcome,
        took,
    })
}
