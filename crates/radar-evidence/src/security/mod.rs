//! The security posture a repository shows by itself: the OpenSSF Scorecard
//! checks that read only the repository's files and history, scored by
//! Scorecard's own rules (read from its code, `ossf/scorecard` v5 at
//! 40c1e35, 2026-08-07; see docs/security.md), offline, on any forge.
//!
//! One file per check in `checks/`, each defining
//! `pub(crate) const CHECK: SecurityCheckDef` and its tests; `build.rs`
//! registers them, so adding a check is adding one file. A check sees the
//! measured tree, the evidence already computed (history, organisations,
//! releases, file checks) and the signatures of release tags through
//! [`Input`], and returns a score from 0 to 10, or none where Scorecard's
//! rule is inconclusive (its −1), with the `path:line` of every point lost.

mod dockerfile;
mod downloads;
mod github;
mod publishing;
mod shell;
pub mod sniff;
mod tags;
mod workflow;

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::checks::Ctx;
use crate::model::{Evidence, Origin};

pub use github::apply_github;
pub use tags::{GitTags, NoTags, TagKind, TagSignature, TagSignatures};
pub use workflow::Workflow;

include!(concat!(env!("OUT_DIR"), "/security_registry.rs"));

/// Which Scorecard the rules follow.
pub const RULES: &str =
    "OpenSSF Scorecard v5 rules (ossf/scorecard@40c1e35, 2026-08-07), git-visible checks";
/// The aggregate's label: never mistake it for a full Scorecard score.
pub const AGGREGATE_LABEL: &str = "git-visible checks";
/// At most this many lost points are listed per check (the rest are counted).
const MAX_LOST: usize = 100;

/// Scorecard's risk of a check, and its weight in the aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Critical,
    High,
    Medium,
    Low,
}

impl Risk {
    /// Scorecard's weights (`pkg/scorecard/scorecard_result.go`).
    pub fn weight(self) -> f64 {
        match self {
            Risk::Critical => 10.0,
            Risk::High => 7.5,
            Risk::Medium => 5.0,
            Risk::Low => 2.5,
        }
    }
}

/// What a score rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The repository's files and history, as Scorecard reads them.
    Repository,
    /// Only the configuration half of a check whose other half needs the
    /// platform (SAST's pull-request runs, CI-Tests' pull-request statuses).
    Configuration,
    /// Git history where Scorecard also reads the platform (Maintained
    /// without issue activity, Contributors by email domain).
    History,
    /// Answered from the GitHub API (a token was set).
    Github,
}

/// A point (or several) lost, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lost {
    /// `path:line` (or `path`) at the measured commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub what: String,
    /// Points this item costs on its own, when Scorecard's rule gives it one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
}

impl Lost {
    pub fn at(at: impl Into<String>, what: impl Into<String>) -> Self {
        Lost {
            at: Some(at.into()),
            what: what.into(),
            points: None,
        }
    }

    pub fn costing(mut self, points: f64) -> Self {
        self.points = Some(points);
        self
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityCheck {
    /// Scorecard's name (`Binary-Artifacts`).
    pub name: String,
    pub risk: Risk,
    /// 0–10; `null` when inconclusive (Scorecard's −1).
    pub score: Option<u8>,
    /// One line: why this score.
    pub reason: String,
    pub basis: Basis,
    /// Files (`path` or `path:line`) the score was earned on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Every point lost, with its place (at most 100 listed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lost: Vec<Lost>,
    /// How many more were found than `lost` lists.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lost_unlisted: u64,
    /// Set when the score was earned on another repository's file (the
    /// organisation's `.github` security policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Counted in the aggregate (conclusive, and not a configuration half
    /// that says nothing of Scorecard's own figure).
    #[serde(default)]
    pub in_aggregate: bool,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The weighted mean of the conclusive checks, on Scorecard's scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    /// `Σ weight·score / Σ weight`, one decimal; `null` when no check is conclusive.
    pub score: Option<f64>,
    /// Always "git-visible checks".
    pub label: String,
    /// The checks counted.
    pub checks: Vec<String>,
}

/// A Scorecard check Radar does not measure, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotMeasured {
    pub name: String,
    pub risk: Risk,
    pub reason: String,
}

/// The `security` part of the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Security {
    pub rules: String,
    /// By check id (`binary_artifacts`, `dangerous_workflow`, …).
    pub checks: BTreeMap<String, SecurityCheck>,
    pub aggregate: Aggregate,
    pub not_measured: Vec<NotMeasured>,
    /// Files that could not be read as what they claim to be (a workflow
    /// that is not YAML, a Dockerfile without its image), with `path:line`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Security {
    /// The aggregate, recomputed from the checks (after a check changed).
    pub fn refresh(&mut self) {
        let mut sum = 0.0;
        let mut weights = 0.0;
        let mut counted = Vec::new();
        for (id, c) in &self.checks {
            if let (true, Some(s)) = (c.in_aggregate, c.score) {
                sum += c.risk.weight() * f64::from(s);
                weights += c.risk.weight();
                counted.push(id.clone());
            }
        }
        self.aggregate = Aggregate {
            score: (weights > 0.0).then(|| (sum / weights * 10.0).round() / 10.0),
            label: AGGREGATE_LABEL.to_owned(),
            checks: counted,
        };
    }

    /// The score of a check, if measured and conclusive.
    pub fn score(&self, id: &str) -> Option<u8> {
        self.checks.get(id).and_then(|c| c.score)
    }
}

/// One check: its id (the key under `security.checks`), Scorecard's name
/// and risk, whether it counts in the aggregate, and its rule.
pub struct SecurityCheckDef {
    pub id: &'static str,
    pub name: &'static str,
    pub risk: Risk,
    pub run: fn(&Input<'_>) -> Scored,
}

/// What a check's rule gives.
#[derive(Debug, Clone)]
pub struct Scored {
    pub score: Option<u8>,
    pub reason: String,
    pub basis: Basis,
    pub evidence: Vec<String>,
    pub lost: Vec<Lost>,
    /// False for a configuration half that cannot stand for Scorecard's figure.
    pub in_aggregate: bool,
}

impl Scored {
    pub fn new(score: Option<u8>, reason: impl Into<String>) -> Self {
        Scored {
            score,
            reason: reason.into(),
            basis: Basis::Repository,
            evidence: Vec::new(),
            lost: Vec::new(),
            in_aggregate: true,
        }
    }

    pub fn inconclusive(reason: impl Into<String>) -> Self {
        Scored::new(None, reason)
    }

    pub fn basis(mut self, basis: Basis) -> Self {
        self.basis = basis;
        self
    }

    pub fn evidence(mut self, evidence: Vec<String>) -> Self {
        self.evidence = evidence;
        self
    }

    pub fn lost(mut self, lost: Vec<Lost>) -> Self {
        self.lost = lost;
        self
    }

    pub fn outside_aggregate(mut self) -> Self {
        self.in_aggregate = false;
        self
    }
}

/// Everything a check can see.
pub struct Input<'a> {
    /// The measured tree (vendored files listed apart).
    pub files: &'a Ctx<'a>,
    /// The evidence computed so far (its `security` is not set yet).
    pub evidence: &'a Evidence,
    pub tags: &'a dyn TagSignatures,
    workflows: OnceCell<Vec<Workflow>>,
    /// Problems worth a warning in the evidence.
    pub warnings: RefCell<Vec<String>>,
}

impl<'a> Input<'a> {
    pub fn new(files: &'a Ctx<'a>, evidence: &'a Evidence, tags: &'a dyn TagSignatures) -> Self {
        Input {
            files,
            evidence,
            tags,
            workflows: OnceCell::new(),
            warnings: RefCell::new(Vec::new()),
        }
    }

    /// The GitHub Actions workflows of the tree, read once; a file that is
    /// not a workflow is left out with a warning.
    pub fn workflows(&self) -> &[Workflow] {
        self.workflows
            .get_or_init(|| read_workflows(self.files, &mut |w| self.warn(w)))
    }

    pub fn warn(&self, message: String) {
        let mut w = self.warnings.borrow_mut();
        if !w.contains(&message) {
            w.push(message);
        }
    }

    /// Every file of the tree, vendored ones included, except Scorecard's
    /// test data (`testdata/`, `src/test/`), which no Scorecard check reads.
    pub fn all_files(&self) -> impl Iterator<Item = &str> {
        self.files
            .paths()
            .chain(self.files.vendored_paths())
            .filter(|p| !is_test_data(p))
    }
}

/// The workflows of `files`, parsed; a file that is not a workflow is left
/// out with a warning.
fn read_workflows(files: &Ctx<'_>, warn: &mut dyn FnMut(String)) -> Vec<Workflow> {
    let mut out = Vec::new();
    for path in files.paths().filter(|p| workflow::is_workflow_path(p)) {
        let Some(doc) = files.read(path) else {
            continue;
        };
        match workflow::parse(path, &doc.text) {
            Ok(wf) => out.push(wf),
            Err(e) => warn(format!("workflow skipped: {e}")),
        }
    }
    out
}

/// Scorecard leaves these out of every file it matches (`fileparser/listing.go`).
pub fn is_test_data(path: &str) -> bool {
    path.starts_with("testdata/")
        || path.contains("/testdata/")
        || path.starts_with("src/test/")
        || path.contains("/src/test/")
}

/// The Scorecard checks Radar leaves to the platform.
fn not_measured() -> Vec<NotMeasured> {
    let n = |name: &str, risk, reason: &str| NotMeasured {
        name: name.to_owned(),
        risk,
        reason: reason.to_owned(),
    };
    vec![
        n(
            "Branch-Protection",
            Risk::High,
            "branch protection rules live in the forge's settings, not in git",
        ),
        n(
            "Code-Review",
            Risk::High,
            "reviews live on the forge; answered from GitHub when a token is set",
        ),
        n(
            "Webhooks",
            Risk::Critical,
            "webhooks are forge settings, readable with an admin token only",
        ),
        n(
            "Vulnerabilities",
            Risk::High,
            "needs the OSV database, which is online",
        ),
        n(
            "CII-Best-Practices",
            Risk::Low,
            "the badge level is on bestpractices.dev; the README badge is in checks.openssf_badge",
        ),
    ]
}

/// The checks that read more of the evidence than its releases: the
/// history (`history`, `organizations`, `lifecycle`: Contributors,
/// Maintained) or the file checks (`checks`: License, for the SPDX id).
/// Every other check reads only the tree and the releases, known before
/// the history walk and the file checks end, so `inspect` runs those
/// beside them ([`measure_early`]). A test holds every check not listed
/// here to that.
pub const READS_EVIDENCE: &[&str] = &["contributors", "license", "maintained"];

/// The checks measured before the history is known, and their warnings.
pub struct Early {
    checks: BTreeMap<String, SecurityCheck>,
    warnings: Vec<String>,
}

/// Runs every check not in [`READS_EVIDENCE`]: `input.evidence` need not
/// have its history or file checks yet.
pub fn measure_early(input: &Input<'_>) -> Early {
    let checks = all()
        .into_iter()
        .filter(|d| !READS_EVIDENCE.contains(&d.id))
        .map(|def| (def.id.to_owned(), finish(def, (def.run)(input))))
        .collect();
    Early {
        checks,
        warnings: input.warnings.take(),
    }
}

/// Runs every check.
pub fn measure(input: &Input<'_>) -> Security {
    let early = measure_early(input);
    measure_rest(input, early)
}

/// Runs the checks [`measure_early`] left (`input.evidence` complete now)
/// and makes the section.
pub fn measure_rest(input: &Input<'_>, early: Early) -> Security {
    let Early {
        mut checks,
        mut warnings,
    } = early;
    for def in all().into_iter().filter(|d| READS_EVIDENCE.contains(&d.id)) {
        checks.insert(def.id.to_owned(), finish(def, (def.run)(input)));
    }
    for w in input.warnings.take() {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    warnings.extend(input.files.notes.borrow().iter().cloned());
    let mut security = Security {
        rules: RULES.to_owned(),
        checks,
        aggregate: Aggregate {
            score: None,
            label: AGGREGATE_LABEL.to_owned(),
            checks: Vec::new(),
        },
        not_measured: not_measured(),
        warnings,
    };
    security.refresh();
    security
}

fn finish(def: &SecurityCheckDef, mut s: Scored) -> SecurityCheck {
    let unlisted = s.lost.len().saturating_sub(MAX_LOST) as u64;
    s.lost.truncate(MAX_LOST);
    SecurityCheck {
        name: def.name.to_owned(),
        risk: def.risk,
        score: s.score.map(|v| v.min(10)),
        reason: s.reason,
        basis: s.basis,
        evidence: s.evidence,
        lost: s.lost,
        lost_unlisted: unlisted,
        origin: None,
        in_aggregate: s.in_aggregate && s.score.is_some(),
    }
}

/// Every registered check, sorted by id.
pub fn all() -> Vec<&'static SecurityCheckDef> {
    let mut v: Vec<&'static SecurityCheckDef> = ALL.to_vec();
    v.sort_by_key(|c| c.id);
    v
}

/// Scores the organisation's security policy for a repository without one
/// of its own: when `checks.security_policy` passed as an organisation
/// default (its `origin` set, `evidence` the path in `OWNER/.github`),
/// `text` is that file's content. Scorecard reads the organisation's
/// `.github` repository the same way. Does nothing when the repository has
/// a policy of its own or the check did not pass that way.
pub fn inherit_security_policy(evidence: &mut Evidence, text: &str) {
    let Some(check) = evidence.checks.get("security_policy") else {
        return;
    };
    let Some(origin) = check.origin.clone() else {
        return;
    };
    let path = check
        .evidence
        .clone()
        .unwrap_or_else(|| "SECURITY.md".into());
    let Some(security) = evidence.security.as_mut() else {
        return;
    };
    let own = security
        .checks
        .get("security_policy")
        .is_some_and(|c| c.score.unwrap_or(0) > 0 && c.origin.is_none());
    if own {
        return;
    }
    let def = ALL
        .iter()
        .find(|d| d.id == "security_policy")
        .expect("security_policy is registered");
    let at = format!("{}:{path}", origin.repository);
    let mut c = finish(
        def,
        checks::security_policy::score_text(&at, text.as_bytes()),
    );
    c.origin = Some(origin);
    security.checks.insert("security_policy".into(), c);
    security.refresh();
}

/// Undoes [`inherit_security_policy`]: a Security-Policy earned on the
/// organisation's file is back to the repository's own (none: 0), so stored
/// evidence can be given the defaults as they are today.
pub fn disinherit_security_policy(evidence: &mut Evidence) {
    let Some(security) = evidence.security.as_mut() else {
        return;
    };
    if security
        .checks
        .get("security_policy")
        .is_some_and(|c| c.origin.is_some())
    {
        let def = ALL
            .iter()
            .find(|d| d.id == "security_policy")
            .expect("security_policy is registered");
        security.checks.insert(
            "security_policy".into(),
            finish(def, checks::security_policy::no_policy()),
        );
        security.refresh();
    }
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests {
    use super::testing::evidence;
    use super::*;
    use crate::checks::testing::Memory;
    use crate::model::{Lifecycle, LifecycleStatus, Organization, OrganizationKind};

    /// A tree that every check reads something from.
    fn tree() -> Memory {
        let files: &[(&str, &[u8])] = &[
            ("LICENSE", b"Apache License\nVersion 2.0, January 2004\n"),
            ("SECURITY.md", b"# Security\n\nMail security@acme.org to disclose a vulnerability.\n"),
            (".github/dependabot.yml", b"version: 2\n"),
            (
                ".github/workflows/ci.yml",
                b"on: pull_request_target\npermissions: write-all\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@v4\n      with:\n        ref: ${{ github.event.pull_request.head.sha }}\n    - run: curl https://x.sh | bash\n    - run: go test ./...\n    - uses: github/codeql-action/analyze@v3\n",
            ),
            (
                ".github/workflows/release.yml",
                b"on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: goreleaser/goreleaser-action@v6\n",
            ),
            ("Dockerfile", b"FROM golang:1.22\nRUN pip install x\n"),
            ("hack/get.sh", b"#!/bin/bash\ncurl -sL https://x.io/i.sh | sh\n"),
            ("bin/tool", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"),
            ("fuzz/fuzz_test.go", b"package fuzz\nfunc FuzzX(f *testing.F) {}\n"),
        ];
        Memory(
            files
                .iter()
                .map(|(p, b)| ((*p).to_owned(), b.to_vec()))
                .collect(),
        )
    }

    /// The evidence as `inspect` has it before the history walk and the
    /// file checks end: no history, no organisations, the lifecycle of an
    /// empty history, no file checks.
    fn without_history(full: &Evidence) -> Evidence {
        let blank = crate::model::tests::evidence_with(BTreeMap::new());
        Evidence {
            checks: BTreeMap::new(),
            history: blank.history,
            organizations: blank.organizations,
            contributor_absence_factor: 0,
            lifecycle: Lifecycle {
                status: LifecycleStatus::Inactive,
                evidence: None,
            },
            ..full.clone()
        }
    }

    #[test]
    fn only_the_listed_checks_read_the_history() {
        let mut full = evidence();
        full.organizations.list = ["acme.com", "globex.com", "initech.com", "umbrella.com"]
            .map(|name| Organization {
                name: name.into(),
                kind: OrganizationKind::Organization,
                commits: 50,
                share: 0.25,
                commits_365d: 10,
                share_365d: 0.25,
                contributors: 3,
            })
            .to_vec();
        full.checks.insert(
            "license".into(),
            crate::model::Check::found("LICENSE").with_value("Apache-2.0"),
        );
        let early = without_history(&full);
        let mem = tree();
        let ctx = Ctx::new(mem.0.keys().cloned().collect(), &mem, Default::default());
        for def in all() {
            let run = |ev: &Evidence| finish(def, (def.run)(&Input::new(&ctx, ev, &NoTags)));
            let (a, b) = (run(&full), run(&early));
            if READS_EVIDENCE.contains(&def.id) {
                // The history given here matters to them: the test can tell.
                assert_ne!(a, b, "{} should see the history", def.id);
            } else {
                assert_eq!(
                    a, b,
                    "{} reads the history: list it in READS_EVIDENCE",
                    def.id
                );
            }
        }
        // Measured in two steps or in one, the section is the same.
        let one = measure(&Input::new(&ctx, &full, &NoTags));
        let early_part = measure_early(&Input::new(&ctx, &early, &NoTags));
        let two = measure_rest(&Input::new(&ctx, &full, &NoTags), early_part);
        assert_eq!(one, two);
        assert!(one.checks.values().any(|c| c.score.is_some_and(|s| s < 10)));
    }
}
