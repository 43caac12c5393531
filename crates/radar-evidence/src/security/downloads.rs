//! Scorecard's rules for what a shell script fetches and runs (the script
//! half of Pinned-Dependencies, `checks/raw/shell_download_validate.go`):
//! a download piped into an interpreter, a downloaded file run later,
//! `bash <(curl …)`, `sh -c "…"` read as a script of its own, and
//! `go get/install`, `pip install`, `npm install` and `choco install`
//! with their pinned and unpinned forms.

use std::collections::BTreeSet;

use super::shell::{self, Cmd, Word};

/// What kind of dependency a line brings in (Scorecard's ecosystems: each
/// weighs the same in the score, except actions; see pinned_dependencies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    GitHubAction,
    ContainerImage,
    DownloadThenRun,
    GoCommand,
    PipCommand,
    NpmCommand,
    ChocoCommand,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::GitHubAction => "GitHub action",
            Kind::ContainerImage => "container image",
            Kind::DownloadThenRun => "download then run",
            Kind::GoCommand => "go install",
            Kind::PipCommand => "pip install",
            Kind::NpmCommand => "npm install",
            Kind::ChocoCommand => "choco install",
        }
    }
}

/// One dependency found in a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dep {
    pub kind: Kind,
    pub pinned: bool,
    /// 1-based line within the script.
    pub line: usize,
    pub snippet: String,
}

/// Programs that download (aws only as `aws s3api get-object`).
const DOWNLOADERS: &[&str] = &["curl", "wget", "gsutil"];
const SHELLS: &[&str] = &["sh", "bash", "mksh", "dash", "ksh"];
const OTHER_INTERPRETERS: &[&str] = &["perl", "ruby", "php", "node", "nodejs", "java"];
const PYTHONS: &[&str] = &["python", "python3", "python2.7"];

/// `name` as a program: `/usr/bin/curl` is `curl` (case-insensitive).
fn is_program(expected: &str, word: &str) -> bool {
    word.rsplit('/')
        .next()
        .unwrap_or(word)
        .eq_ignore_ascii_case(expected)
}

fn interpreters() -> impl Iterator<Item = &'static str> {
    ["dotnet", "nuget"]
        .into_iter()
        .chain(OTHER_INTERPRETERS.iter().copied())
        .chain(["exec", "su"])
        .chain(SHELLS.iter().copied())
        .chain(PYTHONS.iter().copied())
}

fn is_interpreter(cmd: &[String]) -> bool {
    cmd.first()
        .is_some_and(|c| interpreters().any(|i| is_program(i, c)))
}

fn is_downloader(cmd: &[String]) -> bool {
    let Some(first) = cmd.first() else {
        return false;
    };
    DOWNLOADERS.iter().any(|d| is_program(d, first))
        || (is_program("aws", first)
            && cmd.len() >= 3
            && cmd[1].eq_ignore_ascii_case("s3api")
            && cmd[2].eq_ignore_ascii_case("get-object"))
}

/// Scorecard counts a download as pinned only when every URL-like argument
/// is a raw.githubusercontent.com file at a full commit id.
fn has_unpinned_urls(cmd: &[String]) -> bool {
    let mut urls = 0;
    let mut pinned = 0;
    for arg in cmd {
        let a = arg.trim_matches(|c| c == '\'' || c == '"');
        let scheme = a.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.as_bytes()[0].is_ascii_alphabetic()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        });
        if !(scheme || a.starts_with('/')) {
            continue;
        }
        urls += 1;
        if let Some(rest) = a.strip_prefix("https://raw.githubusercontent.com/") {
            let seg: Vec<&str> = rest.split('/').collect();
            if seg.len() > 3 && is_commit(seg[2]) {
                pinned += 1;
            }
        }
    }
    !(pinned > 0 && pinned == urls)
}

fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The file a download writes: `> file`, `wget -O file` or the URL's name,
/// `gsutil cp gs://… dest`, `aws s3api get-object … dest`.
fn output_file(cmd: &Cmd, args: &[String]) -> Option<String> {
    if let Some(out) = &cmd.out {
        return Some(out.clone());
    }
    let first = args.first()?;
    let base = |u: &str| u.rsplit('/').next().unwrap_or(u).to_owned();
    if is_program("wget", first) {
        if let Some(i) =
            (1..args.len().saturating_sub(1)).find(|&i| args[i].eq_ignore_ascii_case("-O"))
        {
            return Some(args[i + 1].clone());
        }
        let url = args[1..].iter().find(|a| a.starts_with("http"))?;
        return Some(base(url.split(['?', '#']).next().unwrap_or(url)));
    }
    if is_program("gsutil", first) {
        let i = (1..args.len().saturating_sub(1)).find(|&i| args[i].starts_with("gs://"))?;
        let dest = &args[i + 1];
        return Some(if dest.ends_with('/') || dest == "." {
            format!("{}/{}", dest.trim_end_matches('/'), base(&args[i]))
        } else {
            dest.clone()
        });
    }
    if is_program("aws", first) && args.len() >= 5 {
        return Some(args[args.len() - 1].clone());
    }
    None
}

fn clean(path: &str) -> &str {
    path.strip_prefix("./").unwrap_or(path)
}

/// Finds the dependencies of a script. `tainted` holds files downloaded
/// earlier in the same scope (a workflow job, a Dockerfile, a script file),
/// so that running them later is caught. `Err` when the script could not
/// be read (an unbalanced quote or bracket).
pub fn analyse(text: &str, tainted: &mut BTreeSet<String>) -> Result<Vec<Dep>, String> {
    let script = shell::parse(text);
    if script.unbalanced {
        return Err("unbalanced quote or bracket".into());
    }
    let mut deps = Vec::new();
    for &(l, r) in &script.pipes {
        let (left, right) = (script.cmds[l].args(), script.cmds[r].args());
        if is_downloader(&left) && is_interpreter(&right) && has_unpinned_urls(&left) {
            deps.push(Dep {
                kind: Kind::DownloadThenRun,
                pinned: false,
                line: script.cmds[l].line,
                snippet: format!("{} | {}", script.cmds[l].text, script.cmds[r].text),
            });
        }
    }
    for cmd in &script.cmds {
        let args = cmd.args();
        if args.is_empty() {
            continue;
        }
        // `bash -c "…"`: the string is a script of its own.
        if let Some(inner) = interpreter_command(cmd, &args) {
            if let Ok(found) = analyse(inner, tainted) {
                deps.extend(found.into_iter().map(|mut d| {
                    d.line += cmd.line - 1;
                    d
                }));
            }
        }
        // Running a file downloaded before.
        if tainted.iter().any(|f| {
            clean(&args[0]).eq_ignore_ascii_case(clean(f))
                || (is_interpreter(&args)
                    && args[1..]
                        .iter()
                        .any(|a| clean(a).eq_ignore_ascii_case(clean(f))))
        }) {
            deps.push(unpinned(Kind::DownloadThenRun, cmd));
        }
        // `bash <(curl …)`.
        if is_interpreter(&args)
            && let Some(Word::ProcSubst(inner)) = cmd.words.get(1)
            && inner.first().is_some_and(|c| is_downloader(&c.args()))
        {
            deps.push(unpinned(Kind::DownloadThenRun, cmd));
        }
        if let Some(dep) = package_manager(cmd, &args) {
            deps.push(dep);
        }
        if is_downloader(&args)
            && has_unpinned_urls(&args)
            && let Some(file) = output_file(cmd, &args)
        {
            tainted.insert(file);
        }
    }
    deps.sort_by_key(|d| d.line);
    Ok(deps)
}

fn unpinned(kind: Kind, cmd: &Cmd) -> Dep {
    Dep {
        kind,
        pinned: false,
        line: cmd.line,
        snippet: cmd.text.clone(),
    }
}

/// The script of `sh -c "…"` (shells only: `python -c` is not a shell).
fn interpreter_command<'c>(cmd: &'c Cmd, args: &[String]) -> Option<&'c str> {
    let shell = SHELLS.iter().chain(&["exec", "su"]).find(|s| {
        let mut seen = false;
        args.iter().any(|a| {
            if is_program(s, a) {
                seen = true;
                false
            } else {
                seen && a.starts_with('-') && a.contains('c')
            }
        })
    })?;
    let _ = shell;
    cmd.words.iter().find_map(Word::quoted)
}

fn package_manager(cmd: &Cmd, c: &[String]) -> Option<Dep> {
    let dep = |kind, pinned| Dep {
        kind,
        pinned,
        line: cmd.line,
        snippet: cmd.text.clone(),
    };
    let prog = |name: &str| is_program(name, &c[0]);
    if c.len() > 2 && prog("go") && matches!(c[1].as_str(), "get" | "install") {
        return Some(dep(Kind::GoCommand, go_pinned(c)));
    }
    if let Some(pip) = pip_args(c) {
        return Some(dep(Kind::PipCommand, pip_pinned(pip)));
    }
    if prog("npm")
        && c[1..].iter().any(|a| {
            ["install", "i", "install-test", "update", "ci"]
                .iter()
                .any(|v| a.eq_ignore_ascii_case(v))
        })
    {
        return Some(dep(Kind::NpmCommand, npm_pinned(c)));
    }
    if c.len() >= 2 && (prog("choco") || prog("choco.exe")) && c[1].eq_ignore_ascii_case("install")
    {
        let pinned = c[2..].iter().any(|a| {
            let flag = a.split('=').next().unwrap_or(a);
            [
                "--requirechecksum",
                "--requirechecksums",
                "--require-checksums",
            ]
            .iter()
            .any(|f| flag.eq_ignore_ascii_case(f))
        });
        return Some(dep(Kind::ChocoCommand, pinned));
    }
    None
}

/// `go install pkg@v1.2.3` (or a commit, or `@none`) and local paths are
/// pinned; `@latest`, a branch or no version is not (the first package
/// decides, as in Scorecard).
fn go_pinned(c: &[String]) -> bool {
    let mut insecure = false;
    let mut i = 1;
    while i < c.len() - 1 {
        while i < c.len() - 1
            && ["-d", "-f", "-t", "-u", "-v", "-fix", "-insecure"].contains(&c[i + 1].as_str())
        {
            insecure |= c[i + 1] == "-insecure";
            i += 1;
        }
        if i + 1 >= c.len() {
            return true;
        }
        let pkg = &c[i + 1];
        if !is_remote_package(pkg) {
            return true;
        }
        let parts: Vec<&str> = pkg.split('@').collect();
        if parts.len() == 2 {
            let v = parts[1];
            if v == "none"
                || (v.len() >= 40 && v.bytes().all(|b| b.is_ascii_hexdigit()))
                || (!insecure && is_full_semver(v))
            {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// Scorecard's `\w+\.\w+/\w+`: a host and a path, not a local folder.
fn is_remote_package(pkg: &str) -> bool {
    let w = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let b = pkg.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'.'
            && i > 0
            && w(b[i - 1])
            && b[i + 1..].iter().position(|&x| !w(x)).is_some_and(|n| {
                n > 0 && b[i + 1 + n] == b'/' && b.get(i + 2 + n).is_some_and(|&x| w(x))
            })
    })
}

/// `v1.2.3`, with an optional pre-release and build part.
fn is_full_semver(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else {
        return false;
    };
    let core = rest.split(['-', '+']).next().unwrap_or("");
    let nums: Vec<&str> = core.split('.').collect();
    nums.len() == 3
        && nums
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `pip install …`, `pip3 install …` or `python -m pip install …`: the pip words.
fn pip_args(c: &[String]) -> Option<&[String]> {
    let is_pip = |c: &[String]| {
        c.len() >= 2
            && (is_program("pip", &c[0]) || is_program("pip3", &c[0]))
            && c[1].eq_ignore_ascii_case("install")
    };
    if is_pip(c) {
        return Some(c);
    }
    if PYTHONS.iter().any(|p| is_program(p, &c[0])) {
        let i = (1..c.len().saturating_sub(1))
            .find(|&i| c[i].eq_ignore_ascii_case("-m") && c[i + 1].eq_ignore_ascii_case("pip"))?;
        let pip = &c[i + 1..];
        return is_pip(pip).then_some(pip);
    }
    None
}

/// Pinned: `--require-hashes`; only local wheels; an editable install from
/// a local folder or a VCS URL at a commit, with `--no-deps`.
fn pip_pinned(c: &[String]) -> bool {
    let (mut no_deps, mut editable, mut editable_pinned) = (false, false, true);
    let (mut hashes, mut others, mut wheel) = (false, false, false);
    for a in &c[2..] {
        if a.eq_ignore_ascii_case("--no-deps") {
            no_deps = true;
        } else if a == "-e" || a == "--editable" {
            editable = true;
        } else if a.eq_ignore_ascii_case("--require-hashes") {
            hashes = true;
            break;
        } else if is_flag(a) {
        } else if a.ends_with(".whl") {
            wheel = true;
        } else if editable {
            editable_pinned &= editable_source_pinned(a);
        } else {
            others = true;
        }
    }
    if editable {
        return no_deps && editable_pinned;
    }
    hashes || (!others && wheel)
}

fn is_flag(a: &str) -> bool {
    a.starts_with('-')
        && a.split('-').filter(|p| !p.is_empty()).count() > 0
        && a.split('-')
            .skip_while(|p| p.is_empty())
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

fn editable_source_pinned(src: &str) -> bool {
    let vcs = ["git", "svn", "hg", "bzr"]
        .iter()
        .any(|v| src.starts_with(v) && src.len() > v.len());
    if !vcs {
        return true;
    }
    // git[+https|+ssh|+git]://…@<40 hex>[#egg=…]
    let Some(after) = src.strip_prefix("git") else {
        return false;
    };
    let rest = match after.split_once("://") {
        Some((proto, rest)) if ["", "+http", "+https", "+ssh", "+git"].contains(&proto) => rest,
        _ => return false,
    };
    rest.rsplit_once('@').is_some_and(|(_, r)| {
        let r = r.split('#').next().unwrap_or(r);
        is_commit(r)
    })
}

/// `npm ci` verifies the lock file; a git URL at a commit is pinned too.
fn npm_pinned(c: &[String]) -> bool {
    for a in &c[1..] {
        if a.eq_ignore_ascii_case("ci") {
            return true;
        }
        if ["github:", "git://", "git+http://", "git+https://"]
            .iter()
            .any(|p| a.starts_with(p))
        {
            let parts: Vec<&str> = a.splitn(5, '#').collect();
            if parts.len() != 2 {
                return false;
            }
            if is_commit(parts[1]) {
                return true;
            }
        }
    }
    false
}

/// A shell script file as Scorecard recognises one: a `#!` line naming a
/// shell decides; without one, the extension (`.sh`, `.bash`, `.mksh`).
/// `shells` is the list the caller accepts.
pub fn is_shell_script(path: &str, first_line: Option<&str>, shells: &[&str]) -> bool {
    let by_ext = shells.iter().any(|s| path.ends_with(&format!(".{s}")));
    let Some(line) = first_line.and_then(|l| l.strip_prefix("#!")) else {
        return by_ext;
    };
    let parts: Vec<&str> = line.split(' ').collect();
    shells.iter().any(|s| {
        is_program(s, parts[0])
            || (parts.len() >= 2 && is_program("env", parts[0]) && is_program(s, parts[1]))
    })
}

/// Shells whose scripts Scorecard reads.
pub const SUPPORTED_SHELLS: &[&str] = &["sh", "bash", "mksh"];
/// Everything Scorecard takes for a shell script (so not a Dockerfile).
pub const ALL_SHELLS: &[&str] = &["exec", "su", "sh", "bash", "mksh", "dash", "ksh"];

/// A workflow step's shell is one Scorecard reads (`bash -e {0}` is not,
/// as in Scorecard, which compares the whole value).
pub fn is_supported_shell(shell: &str) -> bool {
    SUPPORTED_SHELLS.iter().any(|s| is_program(s, shell))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(s: &str) -> Vec<(Kind, bool, usize)> {
        analyse(s, &mut BTreeSet::new())
            .unwrap()
            .into_iter()
            .map(|d| (d.kind, d.pinned, d.line))
            .collect()
    }

    #[test]
    fn downloads_run() {
        assert_eq!(
            deps("curl -sSL https://get.x.io | sudo sh\n"),
            [(Kind::DownloadThenRun, false, 1)]
        );
        assert_eq!(
            deps("echo\nwget -qO- http://x/i.sh | bash -s -- -y\n"),
            [(Kind::DownloadThenRun, false, 2)]
        );
        // Pinned to a commit of a raw file: not a finding.
        let sha = "a".repeat(40);
        assert_eq!(
            deps(&format!(
                "curl https://raw.githubusercontent.com/o/r/{sha}/i.sh | sh\n"
            )),
            []
        );
        assert_eq!(deps("curl -o x https://x/y\ncat x | grep y\n"), []);
        assert_eq!(
            deps("bash <(curl -s https://x/i.sh)\n"),
            [(Kind::DownloadThenRun, false, 1)]
        );
        assert_eq!(
            deps("wget https://x/i.sh\nchmod +x i.sh\n./i.sh\n"),
            [(Kind::DownloadThenRun, false, 3)]
        );
        assert_eq!(
            deps("curl https://x/a > /tmp/a.sh; bash /tmp/a.sh\n"),
            [(Kind::DownloadThenRun, false, 1)]
        );
        assert_eq!(
            deps("docker run img sh -c \"curl https://x | bash\"\n"),
            [(Kind::DownloadThenRun, false, 1)]
        );
    }

    #[test]
    fn package_managers() {
        assert_eq!(
            deps("go install golang.org/x/tools/cmd/goimports@latest\n"),
            [(Kind::GoCommand, false, 1)]
        );
        assert_eq!(
            deps("go install golang.org/x/tools/cmd/goimports@v0.1.0\n"),
            [(Kind::GoCommand, true, 1)]
        );
        assert_eq!(deps("go install ./cmd/...\n"), [(Kind::GoCommand, true, 1)]);
        assert_eq!(
            deps("go get -u github.com/a/b\n"),
            [(Kind::GoCommand, false, 1)]
        );
        assert_eq!(deps("go build ./...\n"), []);
        assert_eq!(
            deps("pip install -r requirements.txt\n"),
            [(Kind::PipCommand, false, 1)]
        );
        assert_eq!(
            deps("pip install --require-hashes -r requirements.txt\n"),
            [(Kind::PipCommand, true, 1)]
        );
        assert_eq!(
            deps("python3 -m pip install --upgrade pip\n"),
            [(Kind::PipCommand, false, 1)]
        );
        assert_eq!(
            deps("pip install dist/x.whl\n"),
            [(Kind::PipCommand, true, 1)]
        );
        assert_eq!(
            deps("pip install --no-deps -e .\n"),
            [(Kind::PipCommand, true, 1)]
        );
        assert_eq!(deps("npm ci\n"), [(Kind::NpmCommand, true, 1)]);
        assert_eq!(
            deps("npm install -g yarn\n"),
            [(Kind::NpmCommand, false, 1)]
        );
        assert_eq!(
            deps("choco install x --requirechecksum\n"),
            [(Kind::ChocoCommand, true, 1)]
        );
        assert!(analyse("echo \"open\n", &mut BTreeSet::new()).is_err());
    }

    #[test]
    fn shell_scripts() {
        assert!(is_shell_script("a/b.sh", None, SUPPORTED_SHELLS));
        assert!(is_shell_script(
            "hack/run",
            Some("#!/usr/bin/env bash"),
            SUPPORTED_SHELLS
        ));
        assert!(is_shell_script(
            "run",
            Some("#!/bin/sh -e"),
            SUPPORTED_SHELLS
        ));
        assert!(!is_shell_script(
            "x.sh",
            Some("#!/usr/bin/env python3"),
            SUPPORTED_SHELLS
        ));
        assert!(!is_shell_script("x.zsh", None, SUPPORTED_SHELLS));
        assert!(
            is_supported_shell("bash")
                && !is_supported_shell("bash -e {0}")
                && !is_supported_shell("pwsh")
        );
        assert!(
            is_remote_package("golang.org/x/tools")
                && !is_remote_package("./cmd")
                && !is_remote_package("x.y")
        );
    }
}
