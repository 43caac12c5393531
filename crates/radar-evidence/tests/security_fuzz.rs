//! The security section's readers of outside text (GitHub workflows, through
//! radar-yaml; Dockerfiles; shell scripts; files sniffed for binaries) never
//! panic: any tree of such files gives a section, each finding placed in its
//! file, within bounded time and memory. The evidence the section also reads
//! (history, releases) is one real measurement of the security fixture.

mod common;

radar_fuzz::count_allocations!();

use std::collections::BTreeMap;
use std::sync::OnceLock;

use common::Memory;
use proptest::prelude::*;
use radar_evidence::checks::Ctx;
use radar_evidence::security::{self, Input, NoTags};
use radar_evidence::{Evidence, InspectOptions, SignOffs};

/// Pieces of workflow YAML, Dockerfiles and shell, where the readers branch.
const PIECES: &[&str] = &[
    "on:",
    " push",
    " pull_request_target",
    "\n",
    "\n  ",
    "\n    ",
    "\n      ",
    "jobs:",
    "build:",
    "runs-on: ubuntu-latest",
    "steps:",
    "- uses: ",
    "actions/checkout@v4",
    "actions/checkout@8f4b7f84864484a7bf31766abe9204da3cbe65b3",
    "with:",
    "ref: ",
    "${{ github.event.pull_request.head.sha }}",
    "${{ github.event.issue.title }}",
    "- run: ",
    "permissions:",
    " write-all",
    " read-all",
    "contents: write",
    "{}",
    "[",
    "]",
    "'",
    "\"",
    "|",
    ">-",
    "&a",
    "*a",
    "<<: *a",
    "#",
    "FROM ",
    "ubuntu",
    "golang:1.22@sha256:",
    "AS build",
    "RUN ",
    "curl -sSL https://x.sh | sh",
    "wget -qO- https://x | bash",
    "pip install ",
    "npm install ",
    "go install x@latest",
    "\\\n",
    "&&",
    ";",
    "$(",
    ")",
    "${X:-",
    "}",
    "`",
    "case $x in",
    " a) ",
    ";;",
    "esac",
    "if [ ",
    " ]; then",
    "fi",
    "$((1+",
    "))",
    "arr=(",
    "\u{0}",
    "\r",
    "\u{feff}",
    "é",
    "\t",
];

const PATHS: &[&str] = &[
    ".github/workflows/ci.yml",
    ".github/workflows/release.yaml",
    "Dockerfile",
    "build/Dockerfile.dev",
    "hack/install.sh",
    "scripts/release.bash",
    "vendor/x/tool.sh",
    "bin/tool",
    ".github/dependabot.yml",
    "SECURITY.md",
];

fn evidence() -> &'static Evidence {
    static EVIDENCE: OnceLock<Evidence> = OnceLock::new();
    EVIDENCE.get_or_init(|| {
        let f = common::fixture("security");
        radar_evidence::inspect(&f.path, &InspectOptions::default()).expect("the fixture inspects")
    })
}

proptest! {
    #![proptest_config(radar_fuzz::config!(200))]

    #[test]
    fn any_workflow_dockerfile_or_script_gives_a_section(
        files in prop::collection::btree_map(prop::sample::select(PATHS), radar_fuzz::text(PIECES), 0..6),
        binary in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut tree: BTreeMap<String, Vec<u8>> =
            files.iter().map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec())).collect();
        tree.insert("bin/blob".into(), binary);
        let len = tree.values().map(Vec::len).sum();
        let memory = Memory(tree);
        let section = radar_fuzz::bounded(len, || {
            let paths: Vec<String> = memory.0.keys().cloned().collect();
            let vendored: Vec<String> = paths.iter().filter(|p| p.starts_with("vendor/")).cloned().collect();
            let ctx = Ctx::new(paths, &memory, SignOffs::default()).with_vendored(vendored);
            security::measure(&Input::new(&ctx, evidence(), &NoTags))
        })?;
        prop_assert!(!section.checks.is_empty());
        // Every point lost names a file of the tree (or the repository as a whole).
        for check in section.checks.values() {
            for line in &check.evidence {
                if let Some((path, _)) = line.split_once(':') {
                    if PATHS.contains(&path) {
                        prop_assert!(memory.0.contains_key(path), "{line}");
                    }
                }
            }
        }
    }
}
