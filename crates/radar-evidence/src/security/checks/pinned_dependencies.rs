//! Pinned-Dependencies: dependencies fetched by a mutable name (a tag, a
//! branch, `latest`) rather than an immutable one (a commit, a digest, a
//! hash-checked lock). Scorecard's rule (`checks/raw/pinned_dependencies.go`,
//! `shell_download_validate.go`, `evaluation/pinned_dependencies.go`):
//!
//! - workflow actions and reusable workflows (`uses:`) not at a full commit
//!   id (local `./…` ones are not dependencies; `docker://…@sha256:` is pinned);
//! - Dockerfile `FROM` images without `@sha256:` digest (`scratch` and
//!   earlier pinned stages are fine; `${ARG}` defaults are substituted);
//! - in shell scripts, Dockerfile `RUN`s and workflow `run:` steps: downloads
//!   piped or later run, `go install` without a version, `pip install`
//!   without `--require-hashes`, `npm install` (not `npm ci`), `choco install`
//!   without checksums.
//!
//! Score: `floor(10 · Σ weight(pinned) / Σ weight(all))`, where every
//! dependency weighs 10, except actions when both kinds appear: GitHub's own
//! (`actions/…`, `github/…`) 2 each, third-party 8 each. Inconclusive with
//! no dependency at all.
use std::collections::BTreeSet;

use crate::checks::re;
use crate::security::downloads::{self, Dep, Kind};
use crate::security::*;

pub(crate) const CHECK: SecurityCheckDef = SecurityCheckDef {
    id: "pinned_dependencies",
    name: "Pinned-Dependencies",
    risk: Risk::Medium,
    run,
};

/// A dependency at a place in a file.
struct Found {
    dep: Dep,
    at: String,
}

fn run(input: &Input<'_>) -> Scored {
    let mut found: Vec<Found> = Vec::new();
    let mut unread: Vec<String> = Vec::new();
    actions(input, &mut found);
    workflow_scripts(input, &mut found, &mut unread);
    dockerfiles(input, &mut found, &mut unread);
    shell_scripts(input, &mut found, &mut unread);
    if found.is_empty() {
        return Scored::inconclusive("no dependencies found");
    }
    let gh_owned =
        |f: &Found| f.dep.snippet.starts_with("actions/") || f.dep.snippet.starts_with("github/");
    let actions: Vec<&Found> = found
        .iter()
        .filter(|f| f.dep.kind == Kind::GitHubAction)
        .collect();
    let both = actions.iter().any(|f| gh_owned(f)) && actions.iter().any(|f| !gh_owned(f));
    let weight = |f: &Found| -> u64 {
        match (f.dep.kind, both) {
            (Kind::GitHubAction, true) if gh_owned(f) => 2,
            (Kind::GitHubAction, true) => 8,
            _ => 10,
        }
    };
    let total: u64 = found.iter().map(weight).sum();
    let pinned: u64 = found.iter().filter(|f| f.dep.pinned).map(weight).sum();
    let score = (10 * pinned / total).min(10) as u8;
    let mut per_kind: std::collections::BTreeMap<Kind, (u64, u64)> = Default::default();
    for f in &found {
        let e = per_kind.entry(f.dep.kind).or_default();
        e.1 += 1;
        e.0 += u64::from(f.dep.pinned);
    }
    let summary: Vec<String> = per_kind
        .iter()
        .map(|(k, (p, t))| format!("{k}: {p} of {t} pinned", k = k.label()))
        .collect();
    let lost = found
        .iter()
        .filter(|f| !f.dep.pinned)
        .map(|f| {
            let what = format!("{} not pinned: {}", f.dep.kind.label(), f.dep.snippet);
            Lost::at(f.at.clone(), what)
                .costing((1000.0 * weight(f) as f64 / total as f64).round() / 100.0)
        })
        .collect();
    for u in unread {
        input.warn(u);
    }
    Scored::new(Some(score), summary.join("; ")).lost(lost)
}

/// `uses:` of workflow steps and jobs.
fn actions(input: &Input<'_>, found: &mut Vec<Found>) {
    for wf in input.workflows().iter().filter(|w| w.has_commands) {
        for job in &wf.jobs {
            let steps = job.steps.iter().filter_map(|s| s.uses.as_ref());
            for uses in job.uses.iter().chain(steps) {
                if uses.text.is_empty() || uses.text.starts_with("./") {
                    continue;
                }
                found.push(Found {
                    dep: Dep {
                        kind: Kind::GitHubAction,
                        pinned: action_pinned(&uses.text),
                        line: uses.line,
                        snippet: uses.text.clone(),
                    },
                    at: format!("{}:{}", wf.path, uses.line),
                });
            }
        }
    }
}

// Scorecard's patterns are Go regular expressions, where `\d` is `[0-9]`;
// so are these (Unicode `\d` in a counted class also costs a millisecond
// or two to compile, on every run).
fn action_pinned(uses: &str) -> bool {
    re(r"^\..+[^/]").is_match(uses)
        || re(r"@[a-fA-F0-9]{40,}").is_match(uses)
        || re(r"docker://.*@sha256:[a-fA-F0-9]{64}").is_match(uses)
}

fn push_script(
    deps: Result<Vec<Dep>, String>,
    path: &str,
    first_line: usize,
    found: &mut Vec<Found>,
    unread: &mut Vec<String>,
) {
    match deps {
        Ok(deps) => found.extend(deps.into_iter().map(|d| {
            let line = first_line + d.line - 1;
            Found {
                at: format!("{path}:{line}"),
                dep: Dep { line, ..d },
            }
        })),
        Err(e) => unread.push(format!("{path}:{first_line}: shell script not read ({e})")),
    }
}

/// `run:` steps whose shell Scorecard reads (bash unless a Windows runner
/// or another shell is named).
fn workflow_scripts(input: &Input<'_>, found: &mut Vec<Found>, unread: &mut Vec<String>) {
    for wf in input.workflows().iter().filter(|w| w.has_commands) {
        for job in &wf.jobs {
            let mut tainted = BTreeSet::new();
            let windows_job = !job.runs_on.is_empty()
                && job
                    .runs_on
                    .iter()
                    .all(|l| l.to_ascii_lowercase().starts_with("windows"));
            for step in &job.steps {
                let Some(run) = &step.run else { continue };
                let windows_step = step.condition.as_deref().is_some_and(|c| {
                    re(r#"(?i)runner\.os\s*==\s*['"]windows['"]"#).is_match(c)
                        || re(r#"(?i)\$\{\{\s*startsWith\(runner\.os,\s*['"]windows['"]\)"#)
                            .is_match(c)
                        || re(r#"(?i)matrix\.os\s*==\s*['"]windows-"#).is_match(c)
                });
                let shell = step
                    .shell
                    .clone()
                    .or_else(|| job.default_shell.clone())
                    .unwrap_or_else(|| {
                        if windows_step || windows_job {
                            "pwsh".into()
                        } else {
                            "bash".into()
                        }
                    });
                if !downloads::is_supported_shell(&shell) {
                    continue;
                }
                // Expressions are not shell: replaced, as Scorecard does, before parsing.
                let script = re(r"\{\{[^{}]*\}\}").replace_all(&run.text, "GITHUB_REDACTED_VAR");
                push_script(
                    downloads::analyse(&script, &mut tainted),
                    &wf.path,
                    run.line,
                    found,
                    unread,
                );
            }
        }
    }
}

/// Scorecard's Dockerfiles: `*Dockerfile*` outside vendor/third_party and
/// test data, not source code, not a shell script.
fn dockerfile_paths<'i>(input: &'i Input<'_>) -> impl Iterator<Item = &'i str> {
    input
        .files
        .paths()
        .filter(|p| !is_test_data(p) && dockerfile::is_dockerfile_name(p))
}

fn dockerfiles(input: &Input<'_>, found: &mut Vec<Found>, unread: &mut Vec<String>) {
    let pinned_re = re(r".*@sha256:([a-f0-9]{64}|\$\{.*\})");
    for path in dockerfile_paths(input) {
        let Some(doc) = input.files.read(path) else {
            continue;
        };
        let first = doc.text.lines().next();
        if downloads::is_shell_script(path, first, downloads::ALL_SHELLS)
            || !workflow::has_commands(&doc.text)
        {
            continue;
        }
        let template = dockerfile::is_template(path);
        let mut tainted = BTreeSet::new();
        let mut stages: std::collections::HashMap<String, bool> = Default::default();
        let mut args: Vec<(String, String)> = Vec::new();
        for ins in dockerfile::parse(&doc.text) {
            match ins.keyword.as_str() {
                "ARG" => {
                    for a in &ins.args {
                        if let Some((k, v)) = a.split_once('=') {
                            args.retain(|(ak, _)| ak != k);
                            args.push((
                                k.to_owned(),
                                v.trim_matches('"').trim_matches('\'').to_owned(),
                            ));
                        }
                    }
                }
                "FROM" if !template => {
                    let values: Vec<String> = ins
                        .args
                        .iter()
                        .map(|v| {
                            args.iter().fold(v.clone(), |acc, (k, val)| {
                                acc.replace(&format!("${{{k}}}"), val)
                            })
                        })
                        .collect();
                    let at = format!("{path}:{}", ins.line);
                    let (name, alias) = match values.as_slice() {
                        [n] => (n.clone(), None),
                        [n, as_, a] if as_.eq_ignore_ascii_case("as") => {
                            (n.clone(), Some(a.clone()))
                        }
                        _ => {
                            unread.push(format!("{at}: FROM not understood: {}", ins.original));
                            continue;
                        }
                    };
                    if name.eq_ignore_ascii_case("scratch") {
                        if let Some(a) = alias {
                            stages.insert(a, true);
                        }
                        continue;
                    }
                    let pinned =
                        stages.get(&name).copied().unwrap_or(false) || pinned_re.is_match(&name);
                    if let Some(a) = alias {
                        stages.insert(a, pinned);
                    }
                    found.push(Found {
                        dep: Dep {
                            kind: Kind::ContainerImage,
                            pinned,
                            line: ins.line,
                            snippet: ins.original.clone(),
                        },
                        at,
                    });
                }
                "RUN" => {
                    if ins.heredocs.is_empty() {
                        push_script(
                            downloads::analyse(&ins.script, &mut tainted),
                            path,
                            ins.line,
                            found,
                            unread,
                        );
                    } else {
                        for (body, line) in &ins.heredocs {
                            push_script(
                                downloads::analyse(body, &mut tainted),
                                path,
                                *line,
                                found,
                                unread,
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Every shell script of the tree, vendored ones included: a `#!` line
/// naming sh, bash or mksh, or (without one) a `.sh`/`.bash`/`.mksh` name.
/// Files whose name says they are something else are not opened.
fn shell_scripts(input: &Input<'_>, found: &mut Vec<Found>, unread: &mut Vec<String>) {
    for path in input.all_files() {
        let ext = sniff::extension(path);
        if !(matches!(ext.as_str(), "sh" | "bash" | "mksh") || sniff::worth_sniffing(path)) {
            continue;
        }
        // A first look at the first bytes, so binaries are never read whole.
        let Some(head) = input.files.read_prefix(path, 256) else {
            continue;
        };
        let first =
            String::from_utf8_lossy(head.split(|&b| b == b'\n').next().unwrap_or(&[])).into_owned();
        if !downloads::is_shell_script(
            path,
            Some(first.trim_end_matches('\r')),
            downloads::SUPPORTED_SHELLS,
        ) {
            continue;
        }
        let Some(doc) = input.files.read(path) else {
            continue;
        };
        let mut tainted = BTreeSet::new();
        let mut local = Vec::new();
        push_script(
            downloads::analyse(&doc.text, &mut tainted),
            path,
            1,
            found,
            &mut local,
        );
        // Scorecard skips scripts its parser rejects; vendored ones are not worth a warning.
        if !crate::checks::is_vendored(path) {
            unread.extend(local);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::testing::*;

    const SHA: &str = "8e5e7e5ab8b370d6c329ec480221332ada57f0ab";

    #[test]
    fn actions_weighted_as_scorecard() {
        // Only GitHub's own actions: each weighs 10. 1 of 2 pinned → 5.
        let wf = format!(
            "on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@{SHA}\n      - uses: actions/setup-go@v5\n      - uses: ./.github/actions/local\n"
        );
        let s = check(&CHECK, &[(".github/workflows/a.yml", &wf)]);
        assert_eq!(
            (s.score, lost_at(&s)),
            (Some(5), vec![".github/workflows/a.yml:6".to_owned()])
        );
        // Both kinds: GitHub's weigh 2, third-party 8. GitHub's pinned, third-party not → 2/10 → 2.
        let wf = format!(
            "on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@{SHA}\n      - uses: docker/login-action@v3\n"
        );
        assert_eq!(
            check(&CHECK, &[(".github/workflows/a.yml", &wf)]).score,
            Some(2)
        );
        // Reusable workflows count; a docker image by digest is pinned.
        let wf = format!(
            "on: push\njobs:\n  a:\n    uses: org/r/.github/workflows/x.yml@main\n  b:\n    steps:\n      - uses: docker://alpine@sha256:{}\n",
            "a".repeat(64)
        );
        let s = check(&CHECK, &[(".github/workflows/a.yml", &wf)]);
        assert_eq!(
            (s.score, lost_at(&s)),
            (Some(5), vec![".github/workflows/a.yml:4".to_owned()])
        );
    }

    #[test]
    fn dockerfiles_and_scripts() {
        let digest = "a".repeat(64);
        let df = format!(
            "ARG BASE=golang:1.22\nFROM ${{BASE}} AS build\nRUN curl -sSL https://x.io/i.sh | sh\nFROM gcr.io/distroless/static@sha256:{digest}\nFROM build AS again\nFROM scratch\n"
        );
        let s = check(&CHECK, &[("build/Dockerfile", &df)]);
        // golang (unpinned), curl|sh (unpinned), distroless (pinned), build stage (unpinned as its base).
        assert_eq!(
            lost_at(&s),
            [
                "build/Dockerfile:2",
                "build/Dockerfile:3",
                "build/Dockerfile:5"
            ]
        );
        assert_eq!(s.score, Some(2));
        let s = check(
            &CHECK,
            &[
                (
                    "hack/install",
                    "#!/usr/bin/env bash\nset -e\ngo install golang.org/x/tools/cmd/stringer@latest\n",
                ),
                ("vendor/x/y.sh", "pip install z\n"),
                ("x/testdata/t.sh", "npm i\n"),
            ],
        );
        assert_eq!(lost_at(&s), ["hack/install:3", "vendor/x/y.sh:1"]);
        let wf = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          npm ci\n          pip install -r ${{ inputs.req }}\n      - run: curl https://x | sh\n        shell: pwsh\n";
        let s = check(&CHECK, &[(".github/workflows/a.yml", wf)]);
        assert_eq!(
            (s.score, lost_at(&s)),
            (Some(5), vec![".github/workflows/a.yml:8".to_owned()])
        );
        assert_eq!(check(&CHECK, &[("README.md", "curl x | sh\n")]).score, None);
        // Templates are not checked for images.
        assert_eq!(
            check(&CHECK, &[("Dockerfile.tmpl", "FROM alpine\n")]).score,
            None
        );
    }
}
