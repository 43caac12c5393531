//! Workflows that publish or release, recognised by Scorecard's job
//! patterns (`checks/fileparser/github_workflow.go`, `checks/raw/permissions.go`):
//! a job matches a pattern when, for each step of the pattern, one of its
//! steps uses that action (any version), has those `with:` inputs and runs
//! a script matching that expression — or when the job calls a reusable
//! workflow named like the pattern's first action.

use super::workflow::{Job, Step, Workflow};
use crate::checks::re;

/// One step of a pattern.
pub struct StepPattern {
    pub uses: &'static str,
    pub with: &'static [(&'static str, &'static str)],
    /// A regular expression over the `run:` script (line continuations removed).
    pub run: &'static str,
}

/// A job pattern and what it means.
pub struct JobPattern {
    pub steps: &'static [StepPattern],
    pub what: &'static str,
}

const fn uses(u: &'static str) -> StepPattern {
    StepPattern {
        uses: u,
        with: &[],
        run: "",
    }
}

const fn runs(r: &'static str) -> StepPattern {
    StepPattern {
        uses: "",
        with: &[],
        run: r,
    }
}

/// Scorecard's publishing workflows (the Packaging check).
pub const PACKAGING: &[JobPattern] = &[
    JobPattern {
        steps: &[
            StepPattern {
                uses: "actions/setup-node",
                with: &[("registry-url", "https://registry.npmjs.org")],
                run: "",
            },
            runs("npm.*publish"),
        ],
        what: "npm publishing",
    },
    JobPattern {
        steps: &[uses("actions/setup-java"), runs("mvn.*deploy")],
        what: "Maven deploy",
    },
    JobPattern {
        steps: &[uses("actions/setup-java"), runs("gradle.*publish")],
        what: "Gradle publishing",
    },
    JobPattern {
        steps: &[runs("sbt.*ci-release")],
        what: "sbt-ci-release",
    },
    JobPattern {
        steps: &[runs("gem.*push")],
        what: "gem push",
    },
    JobPattern {
        steps: &[runs("nuget.*push")],
        what: "nuget push",
    },
    JobPattern {
        steps: &[runs("docker.*push")],
        what: "docker push",
    },
    JobPattern {
        steps: &[uses("docker/build-push-action")],
        what: "docker/build-push-action",
    },
    JobPattern {
        steps: &[uses("pypa/gh-action-pypi-publish")],
        what: "PyPI publishing",
    },
    JobPattern {
        steps: &[uses("relekang/python-semantic-release")],
        what: "python-semantic-release",
    },
    JobPattern {
        steps: &[uses("goreleaser/goreleaser-action")],
        what: "GoReleaser",
    },
    JobPattern {
        steps: &[runs("cargo.*publish")],
        what: "cargo publish",
    },
    JobPattern {
        steps: &[uses("imjasonh/setup-ko"), uses("ko-build/setup-ko")],
        what: "ko",
    },
    JobPattern {
        steps: &[runs("npx.*semantic-release")],
        what: "semantic-release",
    },
    JobPattern {
        steps: &[uses("erlef/setup-elixir"), runs(".*hex.publish.*")],
        what: "hex publish",
    },
];

/// Workflows that make GitHub releases or push pages: they need
/// `contents: write` (Token-Permissions does not count it against them).
pub const RELEASING: &[JobPattern] = &[
    JobPattern {
        steps: &[uses("relekang/python-semantic-release")],
        what: "python-semantic-release",
    },
    JobPattern {
        steps: &[runs("(npx|pnpm|yarn).*semantic-release")],
        what: "semantic-release",
    },
    JobPattern {
        steps: &[
            uses("actions/setup-go"),
            uses("goreleaser/goreleaser-action"),
        ],
        what: "GoReleaser",
    },
    JobPattern {
        steps: &[uses(
            "slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml",
        )],
        what: "SLSA Go builder",
    },
    JobPattern {
        steps: &[uses(
            "slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml",
        )],
        what: "SLSA generator",
    },
    JobPattern {
        steps: &[runs(".*mvn.*release:prepare.*")],
        what: "Maven release",
    },
    JobPattern {
        steps: &[uses("peaceiris/actions-gh-pages")],
        what: "GitHub Pages deployment",
    },
];

fn step_matches(p: &StepPattern, step: &Step) -> bool {
    if !p.uses.is_empty()
        && !step
            .uses
            .as_ref()
            .is_some_and(|u| u.text.starts_with(&format!("{}@", p.uses)))
    {
        return false;
    }
    for (k, v) in p.with {
        if !step.with.iter().any(|(wk, wv)| wk == k && wv.text == *v) {
            return false;
        }
    }
    if !p.run.is_empty() {
        let Some(run) = &step.run else { return false };
        let joined = run
            .text
            .replace("\\\r\n", "")
            .replace("\\\n", "")
            .replace("\\\r", "");
        if !re(p.run).is_match(&joined) {
            return false;
        }
    }
    true
}

fn job_matches(p: &JobPattern, job: &Job) -> bool {
    p.steps.iter().all(|sp| {
        job.uses
            .as_ref()
            .is_some_and(|u| !sp.uses.is_empty() && u.text.starts_with(&format!("{}@", sp.uses)))
            || job.steps.iter().any(|s| step_matches(sp, s))
    })
}

/// The first job of `wf` matching one of `patterns`: the job and what it does.
pub fn matching_job<'w>(
    wf: &'w Workflow,
    patterns: &[JobPattern],
) -> Option<(&'w Job, &'static str)> {
    wf.jobs.iter().find_map(|job| {
        patterns
            .iter()
            .find(|p| job_matches(p, job))
            .map(|p| (job, p.what))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::workflow::parse;

    #[test]
    fn patterns() {
        let wf = parse(
            "w.yml",
            "on: push\njobs:\n  r:\n    steps:\n      - uses: goreleaser/goreleaser-action@v5\n",
        )
        .unwrap();
        assert_eq!(
            matching_job(&wf, PACKAGING).map(|(j, w)| (j.id.as_str(), w)),
            Some(("r", "GoReleaser"))
        );
        assert!(
            matching_job(&wf, RELEASING).is_none(),
            "GoReleaser releases only with setup-go too"
        );
        let wf = parse("w.yml", "on: push\njobs:\n  p:\n    steps:\n      - run: |\n          docker build . && \\\n            docker push x\n").unwrap();
        assert!(matching_job(&wf, PACKAGING).is_some());
        let wf = parse("w.yml", "on: push\njobs:\n  n:\n    steps:\n      - uses: actions/setup-node@v4\n      - run: npm publish\n").unwrap();
        assert!(
            matching_job(&wf, PACKAGING).is_none(),
            "npm publishing needs the npm registry URL"
        );
        let wf = parse(
            "w.yml",
            "on: push\njobs:\n  g:\n    uses: peaceiris/actions-gh-pages@v3\n",
        )
        .unwrap();
        assert!(matching_job(&wf, RELEASING).is_some());
    }
}
