//! File checks: one file per check in this folder, each defining
//! `pub(crate) const CHECK: CheckDef` and its tests. `build.rs` finds the
//! files and registers every check in [`ALL`], so adding a check means adding
//! one file (and nothing else).
//!
//! A check sees the tree of the measured commit through [`Ctx`]: the list of
//! paths, bounded reads of files, the README, and the sign-off sample.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;

use crate::history::SignOffs;
pub use crate::model::Check;
use crate::model::{Reference, ReferenceKind};
use crate::readme_refs::{self, Item, ItemKind};

include!(concat!(env!("OUT_DIR"), "/checks_registry.rs"));

/// Largest file a check reads; longer files are read up to this size.
pub const READ_LIMIT: usize = 1 << 20;
/// Files above this size are not read at all (so a 50 MB README costs nothing).
pub const SKIP_ABOVE: u64 = 8 << 20;

/// One check: its id (the key under `checks` in the JSON), a title, what it
/// looks for, and the function that runs it.
pub struct CheckDef {
    pub id: &'static str,
    pub title: &'static str,
    pub looks_for: &'static str,
    pub run: fn(&Ctx<'_>) -> Check,
}

/// Every registered check, sorted by id.
pub fn all() -> Vec<&'static CheckDef> {
    let mut v: Vec<&'static CheckDef> = ALL.to_vec();
    v.sort_by_key(|c| c.id);
    v
}

/// Runs every check.
pub fn run_all(ctx: &Ctx<'_>) -> BTreeMap<String, Check> {
    all()
        .into_iter()
        .map(|c| (c.id.to_owned(), (c.run)(ctx)))
        .collect()
}

/// A text file read for a check.
#[derive(Debug, Clone)]
pub struct Doc {
    pub path: String,
    pub text: String,
}

impl Doc {
    /// The first line matching `re`, as `path:line`.
    pub fn find_line(&self, re: &Regex) -> Option<(String, String)> {
        radar_text::lines(&self.text)
            .enumerate()
            .find(|(_, l)| re.is_match(l))
            .map(|(i, l)| {
                (
                    format!("{}:{}", self.path, i + 1),
                    l.trim().chars().take(200).collect(),
                )
            })
    }
}

/// Reads files of the measured tree.
pub trait FileSource {
    /// Up to `limit` bytes of `path`; `Err(size)` when the file is larger than [`SKIP_ABOVE`].
    fn read(&self, path: &str, limit: usize) -> Option<Result<Vec<u8>, u64>>;
}

/// What a check can see.
/// How many first bytes [`Ctx::read_prefix`] keeps per file (the security
/// checks' sniffs ask for 256 and 1,024).
const PREFIX_KEPT: usize = 1024;

pub struct Ctx<'a> {
    /// Every file (not directory) path, `/`-separated, sorted.
    paths: Vec<String>,
    dirs: BTreeSet<String>,
    source: &'a dyn FileSource,
    readme: Option<Doc>,
    /// Sign-offs among the newest non-merge commits.
    pub sign_offs: SignOffs,
    /// Notes for the evidence's warnings (e.g. a file too large to read).
    pub notes: std::cell::RefCell<Vec<String>>,
    ci_docs: std::cell::OnceCell<Vec<Doc>>,
    readme_items: std::cell::OnceCell<Vec<Item>>,
    /// Files inside vendored folders, sorted; only the security checks that
    /// Scorecard runs on every file look at them ([`Ctx::vendored_paths`]).
    vendored: Vec<String>,
    /// The repository's name (`quill` for `https://github.com/acme/quill`),
    /// when known: how a README refers to the project when its title does not.
    repository_name: Option<String>,
    /// First bytes already read, by path, and whether they are the whole
    /// file: the security checks sniff the same files (Binary-Artifacts for
    /// executables, Pinned-Dependencies for `#!` lines), and a prefix read
    /// inflates the whole blob, so each file is inflated once for both.
    prefixes: std::cell::RefCell<std::collections::HashMap<String, (Vec<u8>, bool)>>,
    /// Positions of the files at the root ([`Ctx::files_in`]).
    root_files: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> Ctx<'a> {
    pub fn new(mut paths: Vec<String>, source: &'a dyn FileSource, sign_offs: SignOffs) -> Self {
        paths.sort();
        let mut dirs = BTreeSet::new();
        for p in &paths {
            let mut d = p.as_str();
            while let Some((parent, _)) = d.rsplit_once('/') {
                if !dirs.insert(parent.to_owned()) {
                    break;
                }
                d = parent;
            }
        }
        let mut ctx = Ctx {
            paths,
            dirs,
            source,
            readme: None,
            sign_offs,
            notes: Default::default(),
            ci_docs: Default::default(),
            readme_items: Default::default(),
            vendored: Vec::new(),
            repository_name: None,
            prefixes: Default::default(),
            root_files: Default::default(),
        };
        ctx.readme = ctx.readme_path().and_then(|p| ctx.read(&p));
        ctx
    }

    /// Names the repository (its last path segment, without `.git`).
    pub fn with_repository_name(mut self, name: Option<String>) -> Self {
        self.repository_name = name.filter(|n| !n.is_empty());
        self
    }

    pub fn repository_name(&self) -> Option<&str> {
        self.repository_name.as_deref()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.paths.iter().map(String::as_str)
    }

    /// Also lists the files of vendored folders (readable, but seen only
    /// through [`Ctx::vendored_paths`]).
    pub fn with_vendored(mut self, mut vendored: Vec<String>) -> Self {
        vendored.sort();
        self.vendored = vendored;
        self
    }

    /// The files inside vendored folders (`vendor/`, `third_party/`, …).
    pub fn vendored_paths(&self) -> impl Iterator<Item = &str> {
        self.vendored.iter().map(String::as_str)
    }

    /// The first `limit` bytes of a file (for content sniffing); `None` when
    /// it is not in the tree, cannot be read, or is too large to read.
    pub fn read_prefix(&self, path: &str, limit: usize) -> Option<Vec<u8>> {
        if let Some((bytes, whole)) = self.prefixes.borrow().get(path)
            && (*whole || bytes.len() >= limit)
        {
            return Some(bytes[..bytes.len().min(limit)].to_vec());
        }
        // Read at least a sniff's worth, so a later, longer prefix is served too.
        let want = limit.max(PREFIX_KEPT);
        let bytes = self.source.read(path, want)?.ok()?;
        let whole = bytes.len() < want;
        let out = bytes[..bytes.len().min(limit)].to_vec();
        self.prefixes
            .borrow_mut()
            .insert(path.to_owned(), (bytes, whole));
        Some(out)
    }

    pub fn has_dir(&self, dir: &str) -> bool {
        self.dirs.contains(dir)
    }

    pub fn has_file(&self, path: &str) -> bool {
        self.paths
            .binary_search_by(|p| p.as_str().cmp(path))
            .is_ok()
    }

    /// Files directly inside `dir` (`""` for the root).
    pub fn files_in<'s>(&'s self, dir: &'s str) -> impl Iterator<Item = &'s str> + 's {
        // Paths are sorted, so `dir/…` is one run of them (`0` follows `/`);
        // the root's files are spread over the whole list, found once.
        let run: &[String] = if dir.is_empty() {
            &[]
        } else {
            let (lo, hi) = (format!("{dir}/"), format!("{dir}0"));
            let a = self.paths.partition_point(|p| p.as_str() < lo.as_str());
            let b = self.paths.partition_point(|p| p.as_str() < hi.as_str());
            &self.paths[a..b.max(a)]
        };
        let root = if dir.is_empty() {
            self.root_files
                .get_or_init(|| {
                    self.paths
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| !p.contains('/'))
                        .map(|(i, _)| i)
                        .collect()
                })
                .as_slice()
        } else {
            &[]
        };
        let root = root.iter().map(|&i| self.paths[i].as_str());
        let run = run.iter().filter_map(move |p| {
            let tail = p.strip_prefix(dir)?.strip_prefix('/')?;
            (!tail.contains('/')).then_some(p.as_str())
        });
        root.chain(run)
    }

    /// The first file in the root, `.github/`, `docs/` or `doc/` whose name,
    /// ignoring case and the separators `-`, `_`, ` `, starts with one of `stems`
    /// (`codeofconduct` finds `CODE_OF_CONDUCT.md` and `code-of-conduct.rst`).
    pub fn find_doc(&self, stems: &[&str]) -> Option<String> {
        self.find_doc_in(stems, &["", ".github", "docs", "doc"])
    }

    pub fn find_doc_in(&self, stems: &[&str], dirs: &[&str]) -> Option<String> {
        for dir in dirs {
            for stem in stems {
                if let Some(p) = self
                    .files_in(dir)
                    .find(|p| name_matches(file_name(p), stem))
                {
                    return Some(p.to_owned());
                }
            }
        }
        None
    }

    /// Reads a text file (lossy UTF-8), up to [`READ_LIMIT`] bytes.
    pub fn read(&self, path: &str) -> Option<Doc> {
        match self.source.read(path, READ_LIMIT)? {
            Ok(bytes) => Some(Doc {
                path: path.to_owned(),
                // Most files are UTF-8 and keep their buffer.
                text: String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            }),
            Err(size) => {
                self.notes.borrow_mut().push(format!(
                    "{path}: {size} bytes, too large to read (limit {SKIP_ABOVE})"
                ));
                None
            }
        }
    }

    pub fn readme(&self) -> Option<&Doc> {
        self.readme.as_ref()
    }

    fn readme_path(&self) -> Option<String> {
        // README.md first, then any README.* / readme, in the root, then docs/ and .github/.
        for dir in ["", "docs", ".github"] {
            let mut candidates: Vec<&str> = self
                .files_in(dir)
                .filter(|p| file_name(p).to_ascii_lowercase().starts_with("readme"))
                .collect();
            candidates.sort_by_key(|p| (!file_name(p).eq_ignore_ascii_case("readme.md"), p.len()));
            if let Some(p) = candidates.first() {
                return Some((*p).to_owned());
            }
        }
        None
    }

    /// The README's headings and links, parsed once for every check.
    pub fn readme_items(&self) -> &[Item] {
        self.readme_items.get_or_init(|| {
            self.readme()
                .map(|d| readme_refs::items(&d.text))
                .unwrap_or_default()
        })
    }

    /// The README's best reference to `topic` (see [`Topic`]): a link to a
    /// file of this tree first (it can be read), then a heading, then a link
    /// whose text names the topic, then a link whose target is a file named
    /// for it; the first line wins within each kind. Relative links that
    /// lead nowhere in the tree are broken and do not count.
    pub fn readme_reference(&self, topic: &Topic) -> Option<ReadmeRef> {
        let doc = self.readme()?;
        let words = re(topic.words);
        let mut best: Option<(u8, ReadmeRef)> = None;
        for item in self.readme_items() {
            let at = format!("{}:{}", doc.path, item.line_no);
            let (rank, found) = match &item.kind {
                ItemKind::Heading(text) if words.is_match(text) => (
                    1,
                    ReadmeRef {
                        at,
                        line: item.line.clone(),
                        kind: ReferenceKind::Heading,
                        target: None,
                        in_tree: None,
                    },
                ),
                ItemKind::Heading(_) => continue,
                ItemKind::Link { text, target } => {
                    let names = !text.is_empty() && words.is_match(text);
                    if !names && !target_names_file(target, topic.stems) {
                        continue;
                    }
                    let mut target = target.clone();
                    let (rank, in_tree) = match self.resolve_link(&doc.path, &target) {
                        Resolved::InTree(path) => (0, Some(path)),
                        Resolved::Broken => continue,
                        Resolved::OwnSection(anchor) => {
                            target = anchor;
                            (if names { 2 } else { 3 }, None)
                        }
                        Resolved::Elsewhere if names => (2, None),
                        Resolved::Elsewhere => (3, None),
                    };
                    let r = ReadmeRef {
                        at,
                        line: item.line.clone(),
                        kind: ReferenceKind::Link,
                        target: Some(target),
                        in_tree,
                    };
                    (rank, r)
                }
            };
            if best.as_ref().is_none_or(|(b, _)| rank < *b) {
                best = Some((rank, found));
                if rank == 0 {
                    break;
                }
            }
        }
        best.map(|(_, r)| r)
    }

    /// Where a README link leads: a file or folder of this tree, a section of
    /// the README, somewhere else (a URL, another repository), or nowhere.
    fn resolve_link(&self, readme: &str, target: &str) -> Resolved {
        let t = target.trim();
        let has_scheme = t.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        if t.is_empty() || t.starts_with("//") || has_scheme {
            return Resolved::Elsewhere;
        }
        let own_section = || {
            Resolved::OwnSection(
                t.find('#')
                    .map_or_else(|| "#".to_owned(), |i| t[i..].to_owned()),
            )
        };
        if t.starts_with('#') {
            return own_section();
        }
        let path = t.split(['#', '?']).next().unwrap_or("").replace("%20", " ");
        let base = if path.starts_with('/') {
            ""
        } else {
            readme.rsplit_once('/').map_or("", |(d, _)| d)
        };
        let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Resolved::Elsewhere; // above the repository (`../../wiki`)
                    }
                }
                p => parts.push(p),
            }
        }
        let joined = parts.join("/");
        if joined.is_empty() || joined == readme {
            own_section() // the README itself (`README.md#governance`)
        } else if self.has_file(&joined) {
            Resolved::InTree(joined)
        } else if self.has_dir(&joined) {
            Resolved::InTree(format!("{joined}/"))
        } else {
            Resolved::Broken
        }
    }

    /// The text of CI workflow files (GitHub Actions, GitLab, …), for checks
    /// that look for tools being run; read once, shared by those checks.
    pub fn ci_docs(&self) -> &[Doc] {
        self.ci_docs.get_or_init(|| {
            self.paths()
                .filter(|p| is_ci_config(p))
                .take(200)
                .filter_map(|p| self.read(p))
                .collect()
        })
    }
}

/// Paths of CI configuration the `ci` check and tool-detecting checks share.
pub fn is_ci_config(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    (lower.starts_with(".github/workflows/")
        && (lower.ends_with(".yml") || lower.ends_with(".yaml")))
        || matches!(
            lower.as_str(),
            ".travis.yml"
                | ".gitlab-ci.yml"
                | "azure-pipelines.yml"
                | "azure-pipelines.yaml"
                | "jenkinsfile"
                | ".drone.yml"
                | "appveyor.yml"
                | ".appveyor.yml"
                | ".cirrus.yml"
                | "bitbucket-pipelines.yml"
                | ".prow.yaml"
                | "cloudbuild.yaml"
                | "cloudbuild.yml"
                | ".woodpecker.yml"
                | "codefresh.yml"
        )
        || lower.starts_with(".circleci/")
        || lower.starts_with(".buildkite/")
        || lower.starts_with(".woodpecker/")
        || lower.starts_with(".azure-pipelines/")
        || lower.starts_with(".gitlab/ci/")
        || lower.starts_with(".tekton/")
}

pub fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, n)| n)
}

/// `CODE_OF_CONDUCT.md` matches stem `codeofconduct`.
pub fn name_matches(name: &str, stem: &str) -> bool {
    let mut norm = name
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .map(|c| c.to_ascii_lowercase());
    stem.chars().all(|s| norm.next() == Some(s))
}

/// A documentary topic (governance, maintainers, roadmap, …): the file names
/// that hold it and the words that name it in a README heading or link.
/// A check file declares one and passes it to [`doc_or_reference`].
pub struct Topic {
    /// File-name stems, as for [`Ctx::find_doc`] (`governance` finds
    /// `GOVERNANCE.md`); a README link whose target file is called exactly
    /// one of them (`…/blob/main/GOVERNANCE.md`) is a reference too.
    pub stems: &'static [&'static str],
    /// A case-insensitive pattern (write `(?i)`) matched against heading texts
    /// and link texts. Name the topic, not a word near it: `\bcontribut(ing|e|ions?)\b`
    /// and not `contribut` (which a "Contributors" list would pass).
    pub words: &'static str,
}

/// A README reference to a topic (see [`Ctx::readme_reference`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadmeRef {
    /// `README.md:LINE`.
    pub at: String,
    /// The README line.
    pub line: String,
    pub kind: ReferenceKind,
    /// The link's target, as written.
    pub target: Option<String>,
    /// The link leads to this file (or `folder/`) of the measured tree.
    pub in_tree: Option<String>,
}

enum Resolved {
    /// A file or `folder/` of the tree.
    InTree(String),
    /// A section of the README itself, as `#anchor`.
    OwnSection(String),
    /// A URL, another repository, above the repository root.
    Elsewhere,
    /// A relative path to nothing in the tree.
    Broken,
}

impl ReadmeRef {
    /// The check result it proves. A link into the tree found a file: that
    /// file is the evidence. Otherwise the README line is, with a detail
    /// saying that this is a reference and not a file of the repository,
    /// and `reference` set (a count stays unknown: nothing was counted).
    pub fn check(&self) -> Check {
        if let Some(path) = &self.in_tree {
            return Check::found(path.clone())
                .with_details(vec![format!("linked from {}: {}", self.at, self.line)]);
        }
        let what = match (self.kind, self.target.as_deref()) {
            (ReferenceKind::Heading, _) => "a README section, not a file of its own".to_owned(),
            (ReferenceKind::Link, Some(t)) if t.starts_with('#') => {
                format!("a link to the README's own section {t}, not a file of its own")
            }
            (ReferenceKind::Link, t) => format!(
                "a README link to {}, not a file in this repository",
                t.unwrap_or("?")
            ),
        };
        Check {
            passed: true,
            value: None,
            evidence: Some(self.at.clone()),
            details: vec![self.line.clone(), what],
            reference: Some(Reference {
                kind: self.kind,
                target: self.target.clone(),
            }),
            origin: None,
        }
    }
}

/// A link target whose file name (extension aside, ignoring case, `-`, `_`
/// and spaces) is exactly one of `stems`, and which looks like a file of a
/// repository: relative, or a URL with `/blob/`, `/raw/` or `/tree/`, or with
/// a document extension. `…/project/blob/main/MAINTAINERS` and
/// `https://x.io/CODE_OF_CONDUCT.md` name files; `https://x.io/users` does not.
fn target_names_file(target: &str, stems: &[&str]) -> bool {
    let path = target
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let name = file_name(path);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, Some(e.to_ascii_lowercase())),
        _ => (name, None),
    };
    let is_url = path.contains("://");
    let doc_ext = ext.as_deref().is_some_and(|e| {
        matches!(
            e,
            "md" | "markdown" | "rst" | "txt" | "adoc" | "asciidoc" | "org" | "html"
        )
    });
    let repo_file = !is_url
        || ["/blob/", "/raw/", "/tree/", "/-/blob/"]
            .iter()
            .any(|p| path.contains(p));
    if stem.is_empty() || !(doc_ext || repo_file) {
        return false;
    }
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let stem = norm(stem);
    stems
        .iter()
        .any(|s| norm(s.split('.').next().unwrap_or(s)) == stem)
}

/// A documentary check: passes on a file named by `topic.stems` (root,
/// `.github/`, `docs/`, `doc/`), else on a README reference to the topic.
pub fn doc_or_reference(ctx: &Ctx<'_>, topic: &Topic) -> Check {
    if let Some(p) = ctx.find_doc(topic.stems) {
        return Check::found(p);
    }
    ctx.readme_reference(topic)
        .map_or_else(Check::missing, |r| r.check())
}

/// The README fallback of a counting documentary check (maintainers,
/// adopters): a link to a file of the tree is counted by `count` (the note
/// "linked from README.md:N" first in `details`); any other reference passes
/// with no count.
pub fn counted_reference(ctx: &Ctx<'_>, topic: &Topic, count: impl Fn(String) -> Check) -> Check {
    match ctx.readme_reference(topic) {
        Some(ReadmeRef {
            in_tree: Some(path),
            at,
            ..
        }) if !path.ends_with('/') => {
            let mut c = count(path);
            c.details.insert(0, format!("linked from {at}"));
            c
        }
        Some(r) => r.check(),
        None => Check::missing(),
    }
}

/// Paths whose components (directories or file stem) match `pred`, for the
/// tests / fuzzing / benchmarks checks.
pub fn paths_where<'c>(ctx: &'c Ctx<'_>, pred: impl Fn(&str) -> bool + 'c) -> Vec<&'c str> {
    ctx.paths().filter(|p| !is_vendored(p) && pred(p)).collect()
}

/// Passes with the first of `paths` as evidence and their number as value.
pub fn counted_paths(paths: &[&str]) -> Check {
    match paths.first() {
        Some(first) => Check::found(*first).with_value(paths.len()),
        None => Check::missing(),
    }
}

/// Passes at the first line of `docs` matching `re` (`path:line`, the line in `details`).
pub fn first_matching_line<'d>(docs: impl IntoIterator<Item = &'d Doc>, re: &Regex) -> Check {
    for doc in docs {
        if let Some((at, line)) = doc.find_line(re) {
            return Check::found(at).with_details(vec![line]);
        }
    }
    Check::missing()
}

/// Vendored and third-party code says nothing about the project's own practice.
pub fn is_vendored(path: &str) -> bool {
    path.split('/').any(|c| {
        matches!(
            c,
            "vendor" | "node_modules" | "third_party" | "third-party" | "Godeps"
        )
    })
}

/// The compiled form of a check's pattern, compiled once per process
/// (patterns are constants; a typo is a bug caught by the check's test).
pub fn re(pattern: &'static str) -> Regex {
    static CACHE: std::sync::LazyLock<
        std::sync::Mutex<std::collections::HashMap<&'static str, Regex>>,
    > = std::sync::LazyLock::new(Default::default);
    let cache = || {
        CACHE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    // Regex clones share the compiled program.
    if let Some(known) = cache().get(pattern) {
        return known.clone();
    }
    // Compiled outside the lock: the file checks and the security checks
    // run on two threads and would otherwise wait for each other's
    // patterns. Two threads compiling the same one keep the first.
    let compiled = Regex::new(pattern).expect("check patterns are valid");
    cache().entry(pattern).or_insert(compiled).clone()
}

/// Whether `path` ends with `suffix` (lower-case ASCII), ignoring ASCII
/// case, without a lower-cased copy: a path test run on every file.
pub fn ends_with_ignore_case(path: &str, suffix: &str) -> bool {
    let (p, s) = (path.as_bytes(), suffix.as_bytes());
    p.len() >= s.len() && p[p.len() - s.len()..].eq_ignore_ascii_case(s)
}

/// Whether `text` contains `word` (lower-case ASCII), ignoring ASCII case,
/// without allocating: a path test that runs on every file of the tree.
pub fn contains_ignore_case(text: &str, word: &str) -> bool {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    word.is_empty()
        || text
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builds a [`Ctx`] from files in memory, for the checks' tests.
    use super::*;

    pub struct Memory(pub BTreeMap<String, Vec<u8>>);

    impl FileSource for Memory {
        fn read(&self, path: &str, limit: usize) -> Option<Result<Vec<u8>, u64>> {
            let data = self.0.get(path)?;
            if data.len() as u64 > SKIP_ABOVE {
                return Some(Err(data.len() as u64));
            }
            Some(Ok(data[..data.len().min(limit)].to_vec()))
        }
    }

    pub fn memory(files: &[(&str, &str)]) -> Memory {
        Memory(
            files
                .iter()
                .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
                .collect(),
        )
    }

    /// Runs `check` on a tree holding `files`.
    pub fn run(check: &CheckDef, files: &[(&str, &str)]) -> Check {
        run_with(check, files, SignOffs::default())
    }

    pub fn run_with(check: &CheckDef, files: &[(&str, &str)], sign_offs: SignOffs) -> Check {
        let mem = memory(files);
        let ctx = Ctx::new(mem.0.keys().cloned().collect(), &mem, sign_offs);
        (check.run)(&ctx)
    }
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    #[test]
    fn registry_has_unique_ids_and_descriptions() {
        let all = all();
        assert!(all.len() >= 23, "{} checks", all.len());
        let ids: BTreeSet<&str> = all.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), all.len(), "duplicate check id");
        for c in all {
            assert!(
                c.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                c.id
            );
            assert!(!c.title.is_empty() && !c.looks_for.is_empty(), "{}", c.id);
        }
    }

    #[test]
    fn contains_ignoring_ascii_case() {
        assert!(contains_ignore_case("pkg/Parser_FUZZ_test.go", "fuzz"));
        assert!(contains_ignore_case("a/BenchMarks/x", "bench"));
        assert!(!contains_ignore_case("src/fuz/z.rs", "fuzz"));
        assert!(!contains_ignore_case("fu", "fuzz"));
        assert!(contains_ignore_case("", ""));
        // Not a Unicode comparison: the Kelvin sign is not a `k`.
        assert!(!contains_ignore_case("\u{212A}ube", "kube"));
    }

    #[test]
    fn names_match_ignoring_case_and_separators() {
        assert!(name_matches("CODE_OF_CONDUCT.md", "codeofconduct"));
        assert!(name_matches("code-of-conduct.rst", "codeofconduct"));
        assert!(!name_matches("CODEOWNERS", "codeofconduct"));
        assert!(name_matches("SECURITY.md", "security"));
    }

    #[test]
    fn readme_is_found_and_large_files_are_skipped() {
        let big = "x".repeat((SKIP_ABOVE + 1) as usize);
        let mem = testing::memory(&[("README.md", big.as_str()), ("docs/README.md", "y")]);
        let ctx = Ctx::new(mem.0.keys().cloned().collect(), &mem, SignOffs::default());
        assert!(ctx.readme().is_none());
        assert!(
            ctx.notes.borrow()[0].starts_with("README.md: "),
            "{:?}",
            ctx.notes.borrow()
        );
        let mem = testing::memory(&[("readme.rst", "a"), ("README.md", "b")]);
        let ctx = Ctx::new(mem.0.keys().cloned().collect(), &mem, SignOffs::default());
        assert_eq!(ctx.readme().unwrap().path, "README.md");
    }
}
