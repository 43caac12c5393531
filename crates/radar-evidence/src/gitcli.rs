//! The git command line as Radar's transport for clones and fetches.
//!
//! Why git and not gix here: the pinned gix (0.90) cannot ask a server for a
//! filtered pack (its fetch has no `filter` argument; only the low-level
//! protocol crate knows the word) and cannot fetch single objects from a
//! promisor remote, which are the two things a partial clone needs. The git
//! CLI does both, and reads the same configuration a user already has for
//! their own clones: `url.<base>.insteadOf`, credential helpers, `http.proxy`,
//! SSH. gix still reads every repository; only the network goes through git.
//! Without git (or with one older than [`MIN_VERSION`]) the cache falls back
//! to gix's complete clones, as before.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::transfer::{FetchProgress, Received, TransferKind};

/// `fetch --stdin`, `--no-write-fetch-head` (2.29) and the `noop` negotiation
/// (2.34) that fetching objects by id needs.
pub(crate) const MIN_VERSION: (u32, u32) = (2, 34);

/// The installed git's version when it is recent enough to be the transport.
pub(crate) fn usable() -> bool {
    static VERSION: OnceLock<Option<(u32, u32)>> = OnceLock::new();
    VERSION
        .get_or_init(|| {
            let out = Command::new("git")
                .arg("--version")
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output()
                .ok()?;
            parse_version(&String::from_utf8_lossy(&out.stdout))
        })
        .is_some_and(|v| v >= MIN_VERSION)
}

/// `git version 2.47.3` (also `2.39.5 (Apple Git-154)`, `2.45.1.windows.1`) → (2, 47).
fn parse_version(s: &str) -> Option<(u32, u32)> {
    let v = s.trim().strip_prefix("git version ")?;
    let mut parts = v.split(|c: char| !c.is_ascii_digit());
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// A git command with Radar's environment: never a prompt on the terminal
/// (several repositories at once, or a batch job, would hang), no lazy
/// fetching of single objects behind Radar's back, and messages in English
/// so they can be classified.
pub(crate) fn git(git_dir: Option<&Path>) -> Command {
    let mut cmd = Command::new("git");
    if let Some(dir) = git_dir {
        cmd.arg("--git-dir").arg(dir);
    }
    cmd.env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C");
    cmd
}

/// For a repository on this machine (`file://`, a path): the upload-pack
/// to serve it with, one that filters. git starts the local side itself
/// and, by default, it ignores filters unless the mirror's own config allows
/// them; with this a mirror on disk gives a partial clone as a server does.
/// `None` for other URLs (for SSH this would change the command run on the
/// server, which many servers refuse).
pub(crate) fn local_upload_pack(effective_url: &str) -> Option<&'static str> {
    let local = match gix::url::parse(gix::bstr::BStr::new(effective_url)) {
        Ok(u) => u.scheme == gix::url::Scheme::File,
        Err(_) => false,
    };
    local.then_some(
        "git -c uploadpack.allowFilter=true -c uploadpack.allowAnySHA1InWant=true upload-pack",
    )
}

/// What a git command printed, apart from progress.
#[derive(Debug, Default)]
pub(crate) struct Output {
    pub stdout: Vec<u8>,
    /// `fatal:`, `error:`, `warning:` and other non-progress lines of stderr.
    pub messages: Vec<String>,
    pub received: Received,
}

/// Why a git command failed.
#[derive(Debug)]
pub(crate) enum Failed {
    /// It could not be started.
    Spawn(std::io::Error),
    /// The interrupt flag was raised (a timeout): the command was killed.
    Interrupted,
    /// It exited with an error; the messages say why.
    Exit(Output),
}

/// The error a failed git command becomes, for the source chain of
/// [`crate::Error::Unreachable`]: the command and git's own last words.
#[derive(Debug)]
pub(crate) struct GitError {
    pub command: String,
    pub message: String,
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.command, self.message)
    }
}

impl std::error::Error for GitError {}

impl GitError {
    pub fn new(command: &str, failed: &Failed) -> Self {
        let message = match failed {
            Failed::Spawn(e) => format!("cannot run git: {e}"),
            Failed::Interrupted => "interrupted".to_owned(),
            Failed::Exit(out) => {
                // The fatal/error lines say why; warnings only when nothing else does.
                let errors: Vec<&str> = out
                    .messages
                    .iter()
                    .map(String::as_str)
                    .filter(|m| !m.starts_with("warning:") && !m.starts_with("hint:"))
                    .collect();
                let lines = if errors.is_empty() {
                    out.messages.iter().map(String::as_str).collect()
                } else {
                    errors
                };
                let text = lines.join(" ");
                if text.is_empty() {
                    "failed without a message".to_owned()
                } else {
                    text
                }
            }
        };
        GitError {
            command: command.to_owned(),
            message,
        }
    }
}

/// Where a running transfer reports to.
pub(crate) struct Report<'a> {
    pub progress: &'a dyn FetchProgress,
    pub url: &'a str,
    pub kind: TransferKind,
}

/// Runs `cmd` to the end, feeding `stdin`, parsing git's progress from
/// stderr into `report`, and killing it when `interrupt` is raised.
pub(crate) fn run(
    mut cmd: Command,
    stdin: Option<Vec<u8>>,
    interrupt: &AtomicBool,
    report: Option<&Report<'_>>,
) -> Result<Output, Failed> {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        // Its own process group, so that a timeout ends git's helpers
        // (remote-https, index-pack, a local upload-pack) with it.
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(Failed::Spawn)?;
    if let (Some(mut input), Some(data)) = (child.stdin.take(), stdin) {
        std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
    }
    let mut stdout = child.stdout.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let mut stderr = child.stderr.take().expect("piped");
    let progress = report.map(|r| (r.progress, r.url.to_owned(), r.kind));
    let err_reader = std::thread::scope(|scope| {
        let handle = scope.spawn(move || {
            let mut parser = StderrParser::default();
            let mut buf = [0u8; 8192];
            let mut last_report = Instant::now() - Duration::from_secs(1);
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if parser.feed(&buf[..n])
                    && let Some((p, url, kind)) = &progress
                    && last_report.elapsed() >= Duration::from_millis(100)
                {
                    p.receiving(url, *kind, parser.received);
                    last_report = Instant::now();
                }
            }
            parser.finish();
            parser
        });
        let status = loop {
            if interrupt.load(Ordering::Relaxed) {
                kill(&mut child);
                let _ = child.wait();
                break None;
            }
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(_) => {
                    kill(&mut child);
                    let _ = child.wait();
                    break None;
                }
            }
        };
        (status, handle.join().unwrap_or_default())
    });
    let (status, parser) = err_reader;
    let stdout = out_reader.join().unwrap_or_default();
    let output = Output {
        stdout,
        messages: parser.messages,
        received: parser.received,
    };
    match status {
        None => Err(Failed::Interrupted),
        Some(s) if s.success() => Ok(output),
        Some(_) => Err(Failed::Exit(output)),
    }
}

fn kill(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        // The group we made for it (see `run`): git and the helpers it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
}

/// Splits git's stderr into progress updates (`\r`-terminated) and messages.
#[derive(Default)]
struct StderrParser {
    pending: Vec<u8>,
    messages: Vec<String>,
    received: Received,
}

impl StderrParser {
    /// True when the received counts changed.
    fn feed(&mut self, bytes: &[u8]) -> bool {
        let mut changed = false;
        for &b in bytes {
            if b == b'\r' || b == b'\n' {
                let line = String::from_utf8_lossy(&self.pending).into_owned();
                self.pending.clear();
                changed |= self.line(&line);
            } else {
                self.pending.push(b);
            }
        }
        changed
    }

    fn finish(&mut self) {
        if !self.pending.is_empty() {
            let line = String::from_utf8_lossy(&self.pending).into_owned();
            self.pending.clear();
            self.line(&line);
        }
    }

    fn line(&mut self, line: &str) -> bool {
        let line = line.trim();
        if line.is_empty() {
            return false;
        }
        if let Some(rest) = line.strip_prefix("Receiving objects:") {
            if let Some(r) = parse_receiving(rest) {
                self.received = r;
                return true;
            }
            return false;
        }
        if is_progress(line) {
            return false;
        }
        if self.messages.len() < 50 && !self.messages.iter().any(|m| m == line) {
            self.messages.push(line.to_owned());
        }
        false
    }
}

/// Progress meters other than the received objects (`remote: Counting
/// objects: 50% (1/2)`, `Resolving deltas: …`, `Cloning into …`).
fn is_progress(line: &str) -> bool {
    let l = line.strip_prefix("remote:").map_or(line, str::trim_start);
    l.starts_with("Cloning into")
        || l.starts_with("Total ")
        || [
            "Enumerating objects:",
            "Counting objects:",
            "Compressing objects:",
            "Resolving deltas:",
            "Checking connectivity:",
            "Finding sources:",
            "Unpacking objects:",
        ]
        .iter()
        .any(|p| l.starts_with(p))
}

/// ` 45% (1234/2742), 1.20 MiB | 2.30 MiB/s` (the size only once enough arrived).
fn parse_receiving(rest: &str) -> Option<Received> {
    let open = rest.find('(')?;
    let close = rest[open..].find(')')? + open;
    let (n, total) = rest[open + 1..close].split_once('/')?;
    let objects = n.trim().parse().ok()?;
    let total_objects = total.trim().parse().ok();
    let after = rest[close + 1..].trim_start_matches(',').trim();
    let size = after.split('|').next().unwrap_or("").trim();
    let bytes = parse_size(size).unwrap_or(0);
    Some(Received {
        objects,
        total_objects,
        bytes,
    })
}

/// git's human sizes: `512 bytes`, `1.20 KiB`, `30.56 MiB`, `1.02 GiB`.
fn parse_size(s: &str) -> Option<u64> {
    let (num, unit) = s.split_once(' ')?;
    let v: f64 = num.parse().ok()?;
    let mult = match unit.trim() {
        "bytes" | "byte" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((v * mult).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_version("git version 2.47.3\n"), Some((2, 47)));
        assert_eq!(
            parse_version("git version 2.39.5 (Apple Git-154)"),
            Some((2, 39))
        );
        assert_eq!(parse_version("git version 2.45.1.windows.1"), Some((2, 45)));
        assert_eq!(parse_version("hub version 2.14"), None);
        assert!((2, 33) < MIN_VERSION && (2, 34) >= MIN_VERSION && (3, 0) >= MIN_VERSION);
    }

    #[test]
    fn only_local_sources_get_a_filtering_upload_pack() {
        assert!(local_upload_pack("file:///srv/mirrors/a.git").is_some());
        assert!(local_upload_pack("/srv/mirrors/a.git").is_some());
        assert!(local_upload_pack("https://github.com/a/b").is_none());
        assert!(local_upload_pack("git@github.com:a/b.git").is_none());
    }

    #[test]
    fn stderr_is_split_into_progress_and_messages() {
        let mut p = StderrParser::default();
        let changed = p.feed(
            b"Cloning into bare repository 'x.git'...\nwarning: filtering not recognized by server, ignoring\n\
              remote: Enumerating objects: 27211        \rremote: Counting objects: 100% (67811/67811), done.        \n\
              Receiving objects:  12% (8138/67811), 1.20 MiB | 2.30 MiB/s\r\
              Receiving objects: 100% (67811/67811), 30.56 MiB | 29.72 MiB/s, done.\n\
              Resolving deltas: 100% (1335/1335), done.\nfatal: the remote end hung up",
        );
        p.finish();
        assert!(changed);
        assert_eq!(
            p.messages,
            [
                "warning: filtering not recognized by server, ignoring",
                "fatal: the remote end hung up"
            ]
        );
        assert_eq!(p.received.objects, 67_811);
        assert_eq!(p.received.total_objects, Some(67_811));
        assert_eq!(
            p.received.bytes,
            (30.56 * 1024.0 * 1024.0_f64).round() as u64
        );
        assert_eq!(
            parse_receiving(" 100% (3/3), done."),
            Some(Received {
                objects: 3,
                total_objects: Some(3),
                bytes: 0
            })
        );
        assert_eq!(parse_size("512 bytes"), Some(512));
        assert_eq!(parse_size("1.50 KiB"), Some(1536));
    }

    #[test]
    fn failures_keep_gits_own_words() {
        let out = Output {
            messages: vec![
                "warning: redirecting to https://x/".into(),
                "fatal: repository 'http://h/a/' not found".into(),
            ],
            ..Default::default()
        };
        let e = GitError::new("git clone", &Failed::Exit(out));
        assert_eq!(
            e.to_string(),
            "git clone: fatal: repository 'http://h/a/' not found"
        );
    }
}
