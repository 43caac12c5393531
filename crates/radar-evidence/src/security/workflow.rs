//! GitHub Actions workflows as the security checks read them: triggers,
//! `permissions:`, jobs and their steps (`uses:`, `run:`, `with:`), each with
//! its line in the file.
//!
//! The YAML is read into the located tree of `radar-yaml` (anchors and
//! aliases expanded), then into this owned model. Anything GitHub accepts is
//! read as it comes: `on:` as a word, a list or a mapping; `permissions:` as
//! `read-all`/`write-all`, a mapping or `{}`; reusable-workflow jobs
//! (`jobs.<id>.uses`); expressions anywhere. A file that is not YAML, or not
//! a mapping, is not a workflow: it becomes a warning with its `path:line`,
//! and the measurement goes on without it.

use radar_yaml::{LineIndex, Node, Value};

/// A string of the workflow and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permissions {
    /// `permissions: read-all`, `write-all` (or another word).
    All(Loc),
    /// `permissions: { contents: read, … }`: scope, value and the value's line.
    Scopes(Vec<(String, Loc)>),
    /// `permissions: {}` or an empty `permissions:`: no permission at all.
    Empty(usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Step {
    pub line: usize,
    pub uses: Option<Loc>,
    /// The script and the line of its first line in the file.
    pub run: Option<Loc>,
    pub with: Vec<(String, Loc)>,
    pub shell: Option<String>,
    pub condition: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Job {
    pub id: String,
    pub line: usize,
    pub permissions: Option<Permissions>,
    /// A reusable workflow called by the job (`jobs.<id>.uses`).
    pub uses: Option<Loc>,
    pub steps: Vec<Step>,
    /// `runs-on` labels as written (expressions kept).
    pub runs_on: Vec<String>,
    /// `defaults.run.shell` of the job, else of the workflow.
    pub default_shell: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workflow {
    pub path: String,
    /// Event names of `on:`.
    pub triggers: Vec<String>,
    /// Top-level `permissions:`; `None` when the workflow has none.
    pub permissions: Option<Permissions>,
    pub jobs: Vec<Job>,
    /// The file has a line that is neither blank nor a comment (Scorecard
    /// skips workflows without one).
    pub has_commands: bool,
}

impl Workflow {
    pub fn triggered_by(&self, event: &str) -> bool {
        self.triggers.iter().any(|t| t == event)
    }

    /// Every step of every job.
    pub fn steps(&self) -> impl Iterator<Item = (&Job, &Step)> {
        self.jobs
            .iter()
            .flat_map(|j| j.steps.iter().map(move |s| (j, s)))
    }
}

/// Workflow files as GitHub reads them: `.yml`/`.yaml` directly in
/// `.github/workflows/` (any case; sub-folders are not workflows).
pub fn is_workflow_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower
        .strip_prefix(".github/workflows/")
        .is_some_and(|name| {
            !name.contains('/') && (name.ends_with(".yml") || name.ends_with(".yaml"))
        })
}

/// True when a line of `text` is neither blank nor a comment.
pub fn has_commands(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    })
}

/// Reads one workflow; `Err("path:line: why")` when it is not one.
pub fn parse(path: &str, text: &str) -> Result<Workflow, String> {
    let lines = LineIndex::new(text);
    let root = radar_yaml::parse(text)
        .map_err(|e| format!("{path}:{}: not YAML: {}", lines.line(e.at), e.message))?;
    let mut wf = Workflow {
        path: path.to_owned(),
        has_commands: has_commands(text),
        ..Default::default()
    };
    if root.is_null() {
        return Ok(wf);
    }
    if !matches!(root.value, Value::Map(_)) {
        return Err(format!(
            "{path}:{}: a workflow is a mapping, found {}",
            lines.line(root.start),
            root.kind()
        ));
    }
    let r = Reader { text, lines };
    // `on` may be read as a boolean by YAML 1.1 tools; GitHub reads the key as written.
    if let Some(on) = root.get("on").or_else(|| root.get("true")) {
        wf.triggers = match &on.value {
            Value::Scalar { .. } => on.as_str().map(str::to_owned).into_iter().collect(),
            Value::Seq(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
            Value::Map(entries) => entries
                .iter()
                .filter_map(|(k, _)| k.as_str().map(str::to_owned))
                .collect(),
        };
    }
    wf.permissions = root.entry("permissions").map(|(k, v)| r.permissions(k, v));
    let default_shell = root
        .get("defaults")
        .and_then(|d| d.get("run"))
        .and_then(|d| d.get("shell"))
        .and_then(|s| s.as_str())
        .map(str::to_owned);
    if let Some(Value::Map(jobs)) = root.get("jobs").map(|j| &j.value) {
        for (id, job) in jobs {
            wf.jobs.push(r.job(id, job, default_shell.as_deref()));
        }
    }
    Ok(wf)
}

struct Reader<'t> {
    text: &'t str,
    lines: LineIndex,
}

impl Reader<'_> {
    fn loc(&self, node: &Node<'_>) -> Option<Loc> {
        Some(Loc {
            text: scalar_text(node)?,
            line: self.lines.line(node.start),
        })
    }

    /// A script's first line: a block scalar (`|`, `>`) starts on the line
    /// after its indicator.
    fn script(&self, node: &Node<'_>) -> Option<Loc> {
        let mut loc = self.loc(node)?;
        if matches!(self.text.as_bytes().get(node.start), Some(b'|' | b'>')) {
            loc.line += 1;
        }
        Some(loc)
    }

    fn permissions(&self, key: &Node<'_>, value: &Node<'_>) -> Permissions {
        match &value.value {
            Value::Map(entries) if !entries.is_empty() => Permissions::Scopes(
                entries
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), self.loc(v)?)))
                    .collect(),
            ),
            Value::Scalar { .. } if !value.is_null() => match self.loc(value) {
                Some(loc) => Permissions::All(loc),
                None => Permissions::Empty(self.lines.line(key.start)),
            },
            _ => Permissions::Empty(self.lines.line(key.start)),
        }
    }

    fn job(&self, id: &Node<'_>, job: &Node<'_>, default_shell: Option<&str>) -> Job {
        let runs_on = match job.get("runs-on").map(|n| &n.value) {
            Some(Value::Seq(items)) => items.iter().filter_map(scalar_text).collect(),
            Some(Value::Map(_)) => job
                .get("runs-on")
                .and_then(|n| n.get("labels"))
                .map(|l| match &l.value {
                    Value::Seq(items) => items.iter().filter_map(scalar_text).collect(),
                    _ => scalar_text(l).into_iter().collect(),
                })
                .unwrap_or_default(),
            Some(_) => job
                .get("runs-on")
                .and_then(scalar_text)
                .into_iter()
                .collect(),
            None => Vec::new(),
        };
        let shell = job
            .get("defaults")
            .and_then(|d| d.get("run"))
            .and_then(|d| d.get("shell"))
            .and_then(scalar_text)
            .or_else(|| default_shell.map(str::to_owned));
        let steps = match job.get("steps").map(|s| &s.value) {
            Some(Value::Seq(items)) => items.iter().map(|s| self.step(s)).collect(),
            _ => Vec::new(),
        };
        Job {
            id: id.as_str().unwrap_or("?").to_owned(),
            line: self.lines.line(id.start),
            permissions: job
                .entry("permissions")
                .map(|(k, v)| self.permissions(k, v)),
            uses: job.get("uses").and_then(|u| self.loc(u)),
            steps,
            runs_on,
            default_shell: shell,
        }
    }

    fn step(&self, step: &Node<'_>) -> Step {
        let with = match step.get("with").map(|w| &w.value) {
            Some(Value::Map(entries)) => entries
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), self.loc(v)?)))
                .collect(),
            _ => Vec::new(),
        };
        Step {
            line: self.lines.line(step.start),
            uses: step.get("uses").and_then(|u| self.loc(u)),
            run: step.get("run").and_then(|r| self.script(r)),
            with,
            shell: step.get("shell").and_then(scalar_text),
            condition: step.get("if").and_then(scalar_text),
        }
    }
}

/// A scalar's text, numbers and booleans included (`go-version: 1.22`).
fn scalar_text(node: &Node<'_>) -> Option<String> {
    node.as_str().map(str::to_owned)
}

/// An action reference split as `owner/repo[/path]` and the ref after `@`.
pub fn split_uses(uses: &str) -> (&str, Option<&str>) {
    match uses.split_once('@') {
        Some((name, r)) => (name, Some(r)),
        None => (uses, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WF: &str = "name: ci
on:
  pull_request_target:
  push: {branches: [main]}
permissions:
  contents: read
defaults: &d
  run:
    shell: bash
jobs:
  build:
    runs-on: [ubuntu-latest]
    permissions: write-all
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - name: test
        run: |
          echo hi
          make test
  call:
    uses: org/repo/.github/workflows/x.yml@main
";

    #[test]
    fn reads_jobs_steps_and_lines() {
        let wf = parse(".github/workflows/ci.yml", WF).unwrap();
        assert_eq!(wf.triggers, ["pull_request_target", "push"]);
        assert_eq!(
            wf.permissions,
            Some(Permissions::Scopes(vec![(
                "contents".into(),
                Loc {
                    text: "read".into(),
                    line: 6
                }
            )]))
        );
        let build = &wf.jobs[0];
        assert_eq!((build.id.as_str(), build.line), ("build", 11));
        assert_eq!(build.runs_on, ["ubuntu-latest"]);
        assert_eq!(build.default_shell.as_deref(), Some("bash"));
        assert!(
            matches!(&build.permissions, Some(Permissions::All(l)) if l.text == "write-all" && l.line == 13)
        );
        assert_eq!(build.steps[0].uses.as_ref().unwrap().line, 15);
        assert_eq!(
            build.steps[0].with[0].1.text,
            "${{ github.event.pull_request.head.sha }}"
        );
        let run = build.steps[1].run.as_ref().unwrap();
        assert_eq!((run.text.as_str(), run.line), ("echo hi\nmake test\n", 20));
        assert_eq!(
            wf.jobs[1].uses.as_ref().unwrap().text,
            "org/repo/.github/workflows/x.yml@main"
        );
    }

    #[test]
    fn variants_and_broken_files() {
        let wf = parse("w.yml", "on: push\npermissions: {}\njobs: {}\n").unwrap();
        assert_eq!(
            (wf.triggers.clone(), wf.permissions),
            (vec!["push".to_owned()], Some(Permissions::Empty(2)))
        );
        let wf = parse(
            "w.yml",
            "on: [push, pull_request]\njobs:\n  a:\n    steps:\n      - run: make\n",
        )
        .unwrap();
        assert_eq!(wf.triggers, ["push", "pull_request"]);
        assert_eq!(wf.jobs[0].steps[0].run.as_ref().unwrap().line, 5);
        // Anchors are expanded.
        let wf = parse(
            "w.yml",
            "on: push\nx: &s {uses: a/b@v1}\njobs:\n  a:\n    steps: [*s]\n",
        )
        .unwrap();
        assert_eq!(wf.jobs[0].steps[0].uses.as_ref().unwrap().text, "a/b@v1");
        let err = parse(".github/workflows/bad.yml", "on: push\njobs:\n  a: [\n").unwrap_err();
        assert!(err.starts_with(".github/workflows/bad.yml:"), "{err}");
        assert!(
            parse("w.yml", "- a\n- b\n")
                .unwrap_err()
                .contains("a mapping")
        );
        let empty = parse("w.yml", "# nothing\n").unwrap();
        assert!(!empty.has_commands && empty.jobs.is_empty());
    }

    #[test]
    fn workflow_paths() {
        assert!(is_workflow_path(".github/workflows/ci.yml"));
        assert!(is_workflow_path(".GitHub/Workflows/CI.YAML"));
        assert!(!is_workflow_path(".github/workflows/sub/ci.yml"));
        assert!(!is_workflow_path(".github/workflows/README.md"));
    }
}
