//! Typed errors: each says where (path, URL, commit) and, where it can, what to do.

use std::path::PathBuf;

/// Errors from the cache and from [`crate::inspect`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: not a git repository (give the path of a clone, a bare repository, or a URL)")]
    NotARepository {
        path: PathBuf,
        #[source]
        source: gix::Error,
    },
    #[error("{path}: the repository has no commits (HEAD is unborn)")]
    EmptyRepository { path: PathBuf },
    #[error("{path}: no commit on the default branch at or before {as_of}")]
    NothingBefore {
        path: PathBuf,
        as_of: jiff::Timestamp,
    },
    #[error("{path}: cannot read {what}")]
    Git {
        path: PathBuf,
        what: String,
        #[source]
        source: gix::Error,
    },
    #[error(
        "{url}: not a URL Radar can fetch ({reason}); use https://, http://, file:// or a local path"
    )]
    InvalidUrl { url: String, reason: String },
    /// Connecting, listing refs or receiving the pack failed. `cause` says why in a
    /// few words (DNS, refused, not found, missing mirror, …); the source chain keeps
    /// every detail for `-v` logs.
    #[error("{url}: cannot clone or fetch the repository{}: {cause}", rewritten_note(.rewritten_to))]
    Unreachable {
        url: String,
        /// The URL after `url.<base>.insteadOf` rewriting, when it differs.
        rewritten_to: Option<String>,
        cause: FetchCause,
        #[source]
        source: gix::Error,
    },
    #[error(
        "{url}: fetch did not finish within {seconds} s (raise --timeout, or check the network)"
    )]
    Timeout { url: String, seconds: u64 },
    #[error("{url}: not in the cache at {path} (run without --no-fetch once to clone it)")]
    NotCached { url: String, path: PathBuf },
    #[error("{path}: {message}")]
    Io {
        path: PathBuf,
        message: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Affiliations {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{input:?} is not a date (YYYY-MM-DD) or an RFC 3339 timestamp (2024-06-30T12:00:00Z)")]
    InvalidDate { input: String },
    #[error("{path:?}: not a folder of the repository ({reason}); write it as `dir/sub`")]
    InvalidPath { path: String, reason: String },
}

fn rewritten_note(rewritten: &Option<String>) -> String {
    match rewritten {
        Some(to) => format!(" (rewritten by url.<base>.insteadOf to {to})"),
        None => String::new(),
    }
}

impl Error {
    /// Why a clone or fetch failed, for [`Error::Unreachable`] and [`Error::Timeout`].
    pub fn fetch_cause(&self) -> Option<FetchCause> {
        match self {
            Error::Unreachable { cause, .. } => Some(cause.clone()),
            Error::Timeout { seconds, .. } => Some(FetchCause::TimedOut {
                seconds: Some(*seconds),
            }),
            _ => None,
        }
    }

    /// The whole cause chain on one line (what `-v` logs): gix's, the HTTP
    /// client's and the operating system's messages after the error's own.
    pub fn detail(&self) -> String {
        chain_text(self)
    }

    pub(crate) fn git(
        path: &std::path::Path,
        what: impl Into<String>,
        source: impl Into<gix::Error>,
    ) -> Self {
        Error::Git {
            path: path.to_owned(),
            what: what.into(),
            source: source.into(),
        }
    }

    pub(crate) fn io(
        path: &std::path::Path,
        message: impl Into<String>,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            path: path.to_owned(),
            message: message.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a clone or fetch failed, in a few words a user can act on. Classified
/// from the transport's error chain, whose wording differs between layers
/// (gix, the HTTP client, the operating system), so the patterns are broad.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchCause {
    /// The host name did not resolve (no network, no DNS, or a wrong host name).
    Dns { host: String },
    /// Nothing listens on the host's port.
    Refused { host: String },
    /// The network or the host cannot be reached at all.
    NetworkUnreachable { host: String },
    /// No answer in time (`seconds`: Radar's `--timeout`, when it was the one that fired).
    TimedOut { seconds: Option<u64> },
    /// HTTP 401, 403 or 404, or the server asked for credentials: the repository
    /// does not exist, moved without a redirect, or is private.
    NotFound { status: Option<u16> },
    /// An `insteadOf` rule (or a `file://` URL) points at a folder that does not exist.
    MissingMirror { path: PathBuf },
    /// The TLS handshake failed (certificate, or not a TLS server).
    Tls { host: String, detail: String },
    /// Another HTTP status (5xx: the server's trouble).
    Http { status: u16 },
    /// Anything else: the innermost message.
    Other { message: String },
}

impl FetchCause {
    /// Caused by the network (not by the repository or a configuration): the
    /// whole run likely failed the same way, and a cached copy is the answer.
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            FetchCause::Dns { .. }
                | FetchCause::Refused { .. }
                | FetchCause::NetworkUnreachable { .. }
                | FetchCause::TimedOut { .. }
        )
    }

    /// Will not pass by waiting: retrying is pointless (a missing repository or mirror).
    pub fn is_lasting(&self) -> bool {
        matches!(
            self,
            FetchCause::NotFound { .. } | FetchCause::MissingMirror { .. }
        )
    }

    /// Classifies a transport error of fetching `url` (the effective URL, after rewriting).
    pub(crate) fn classify(url: &str, source: &(dyn std::error::Error + 'static)) -> FetchCause {
        let text = chain_text(source).to_lowercase();
        let host = host_of(url);
        let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
        if has(&[
            "dns error",
            "failed to lookup address",
            "name or service not known",
            "temporary failure in name resolution",
            "no address associated with hostname",
            "nodename nor servname",
            "could not resolve host",
        ]) {
            return FetchCause::Dns { host };
        }
        if has(&["connection refused"]) {
            return FetchCause::Refused { host };
        }
        if has(&[
            "network is unreachable",
            "no route to host",
            "host is unreachable",
        ]) {
            return FetchCause::NetworkUnreachable { host };
        }
        // curl (under git) says only this when the connection was refused.
        if has(&["couldn't connect to server"]) {
            return FetchCause::Refused { host };
        }
        if let Some(status) = http_status(&text) {
            return match status {
                401 | 403 | 404 => FetchCause::NotFound {
                    status: Some(status),
                },
                _ => FetchCause::Http { status },
            };
        }
        if has(&[
            "failed to obtain credentials",
            "obtain username",
            "authentication required",
            "authentication failed",
            "repository not found",
            "does not appear to be a git repository",
            // git: `could not read Username for 'https://h': terminal prompts disabled`
            "could not read username",
            "could not read password",
        ]) {
            return FetchCause::NotFound { status: None };
        }
        // git says this for an HTTP 404 only: `repository 'https://h/a/b/' not found`.
        if text.contains("repository '") && text.contains("' not found") {
            return FetchCause::NotFound { status: Some(404) };
        }
        if has(&[
            "certificate",
            "corrupt message",
            "rustls",
            "tls handshake",
            " tls ",
            "ssl",
        ]) {
            return FetchCause::Tls {
                host,
                detail: innermost(source),
            };
        }
        if has(&["timed out", "timeout"]) {
            return FetchCause::TimedOut { seconds: None };
        }
        FetchCause::Other {
            message: innermost(source),
        }
    }
}

impl std::fmt::Display for FetchCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchCause::Dns { host } => write!(f, "DNS lookup of {host} failed"),
            FetchCause::Refused { host } => write!(f, "connection to {host} refused"),
            FetchCause::NetworkUnreachable { host } => {
                write!(f, "network unreachable (no route to {host})")
            }
            FetchCause::TimedOut { seconds: Some(s) } => write!(
                f,
                "timed out after {s} s (raise --timeout, or check the network)"
            ),
            FetchCause::TimedOut { seconds: None } => write!(f, "timed out (check the network)"),
            FetchCause::NotFound { status: Some(s) } => {
                write!(
                    f,
                    "repository not found or private (HTTP {s}): check the URL, or whether it moved"
                )
            }
            FetchCause::NotFound { status: None } => {
                write!(
                    f,
                    "repository not found or private (credentials required): check the URL, or whether it moved"
                )
            }
            FetchCause::MissingMirror { path } => {
                write!(
                    f,
                    "missing local mirror {} (check the url.<base>.insteadOf rule)",
                    path.display()
                )
            }
            FetchCause::Tls { host, detail } => write!(f, "TLS error talking to {host}: {detail}"),
            FetchCause::Http { status } => write!(f, "the server answered HTTP {status}"),
            FetchCause::Other { message } => f.write_str(message),
        }
    }
}

/// Every message of an error chain, joined with `: `, each once (layers often repeat their source's text).
fn chain_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(s) = next {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        next = s.source();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last message of the chain: the most specific one (at most 200 characters).
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e;
    while let Some(s) = last.source() {
        last = s;
    }
    let text: String = last
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() > 200 {
        text.chars().take(199).chain(['…']).collect()
    } else {
        text
    }
}

/// `host` or `host:port` of a URL, for messages.
fn host_of(url: &str) -> String {
    match gix::url::parse(gix::bstr::BStr::new(url)) {
        Ok(u) => match (u.host(), u.port) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => url.to_owned(),
        },
        Err(_) => url.to_owned(),
    }
}

/// The HTTP status a chain reports ("Received HTTP status 404", "HTTP status client error (404 …)").
fn http_status(text: &str) -> Option<u16> {
    for marker in [
        "received http status ",
        "http status client error (",
        "http status server error (",
        "status code: ",
        "http status ",
        // git (curl): `The requested URL returned error: 503`
        "returned error: ",
    ] {
        if let Some(at) = text.find(marker) {
            let digits: String = text[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = digits.parse::<u16>()
                && (100..600).contains(&n)
            {
                return Some(n);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Chain(&'static str, Option<Box<Chain>>);
    impl std::fmt::Display for Chain {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Chain {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|c| c as _)
        }
    }
    fn chain(parts: &[&'static str]) -> Chain {
        let mut it = parts.iter().rev();
        let mut c = Chain(it.next().unwrap(), None);
        for p in it {
            c = Chain(p, Some(Box::new(c)));
        }
        c
    }
    fn cause(url: &str, parts: &[&'static str]) -> String {
        FetchCause::classify(url, &chain(parts)).to_string()
    }

    #[test]
    fn transport_chains_become_short_phrases() {
        // The chains as gix 0.90 with reqwest/rustls reports them.
        let dns = [
            "Transport handshake failed",
            "An IO error occurred when talking to the server",
            "error sending request for url (https://github.com/moby/moby/info/refs?service=git-upload-pack)",
            "client error (Connect)",
            "dns error",
            "failed to lookup address information: Name or service not known",
        ];
        assert_eq!(
            cause("https://github.com/moby/moby", &dns),
            "DNS lookup of github.com failed"
        );
        let refused = [
            "Transport handshake failed",
            "client error (Connect)",
            "tcp connect error",
            "Connection refused (os error 111)",
        ];
        assert_eq!(
            cause("https://127.0.0.1:9/a/b", &refused),
            "connection to 127.0.0.1:9 refused"
        );
        let not_found = [
            "Transport handshake failed",
            "An IO error occurred when talking to the server",
            "Received HTTP status 404",
            "HTTP status client error (404 Not Found) for url (http://h/a/b/info/refs?service=git-upload-pack)",
        ];
        assert_eq!(
            cause("http://h/a/b", &not_found),
            "repository not found or private (HTTP 404): check the URL, or whether it moved"
        );
        let creds = [
            "Failed to obtain credentials",
            "Couldn't obtain Username for http://h:",
            "Failed to open terminal",
        ];
        assert!(
            cause("http://h/a/b", &creds)
                .starts_with("repository not found or private (credentials required)")
        );
        let tls = [
            "Transport handshake failed",
            "client error (Connect)",
            "received corrupt message of type InvalidContentType",
        ];
        assert_eq!(
            cause("https://h:8443/a/b", &tls),
            "TLS error talking to h:8443: received corrupt message of type InvalidContentType"
        );
        let unavailable = ["Transport handshake failed", "Received HTTP status 503"];
        assert_eq!(
            cause("https://h/a/b", &unavailable),
            "the server answered HTTP 503"
        );
        let other = ["Transport handshake failed", "the pack is   corrupt"];
        assert_eq!(cause("https://h/a/b", &other), "the pack is corrupt");
    }

    #[test]
    fn git_cli_messages_become_short_phrases() {
        // What git 2.47 prints for the same failures (the CLI is the transport when installed).
        let refused = [
            "git clone",
            "fatal: unable to access 'https://127.0.0.1:9/a/b.git/': Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
        ];
        assert_eq!(
            cause("https://127.0.0.1:9/a/b.git", &refused),
            "connection to 127.0.0.1:9 refused"
        );
        let daemon = [
            "git clone",
            "fatal: unable to connect to 127.0.0.1: 127.0.0.1[0: 127.0.0.1]: errno=Connection refused",
        ];
        assert_eq!(
            cause("git://127.0.0.1:9/a.git", &daemon),
            "connection to 127.0.0.1:9 refused"
        );
        let dns = [
            "git clone",
            "fatal: unable to access 'https://nowhere.invalid/a/b.git/': Could not resolve host: nowhere.invalid",
        ];
        assert_eq!(
            cause("https://nowhere.invalid/a/b.git", &dns),
            "DNS lookup of nowhere.invalid failed"
        );
        let gone = [
            "git clone",
            "fatal: repository 'http://h:1/org/repo.git/' not found",
        ];
        assert_eq!(
            cause("http://h:1/org/repo.git", &gone),
            "repository not found or private (HTTP 404): check the URL, or whether it moved"
        );
        let private = [
            "git clone",
            "fatal: could not read Username for 'http://h:1': terminal prompts disabled",
        ];
        assert!(
            cause("http://h:1/org/repo.git", &private)
                .starts_with("repository not found or private (credentials required)")
        );
        let busy = [
            "git fetch",
            "fatal: unable to access 'https://h/a/': The requested URL returned error: 503",
        ];
        assert_eq!(cause("https://h/a", &busy), "the server answered HTTP 503");
    }

    #[test]
    fn network_and_lasting_causes() {
        assert!(FetchCause::Dns { host: "h".into() }.is_network());
        assert!(FetchCause::TimedOut { seconds: Some(3) }.is_network());
        assert!(!FetchCause::NotFound { status: Some(404) }.is_network());
        assert!(FetchCause::NotFound { status: Some(404) }.is_lasting());
        assert!(FetchCause::MissingMirror { path: "/m".into() }.is_lasting());
        assert!(!FetchCause::Http { status: 502 }.is_lasting());
    }
}
