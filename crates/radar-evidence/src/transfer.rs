//! What a clone or fetch received, as it goes and when it is done, for the
//! progress display (`radar inspect`, `radar assess`) and the one-line
//! summaries printed when stderr is not a terminal.

use std::sync::Arc;
use std::time::Duration;

/// Which network operation a [`Transfer`] was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferKind {
    /// The first copy of a repository into the cache.
    Clone,
    /// An incremental fetch into a cached copy.
    Fetch,
    /// Objects left out of a partial clone that a measurement needs (the
    /// trees of the measured commit, the files the checks read), fetched by id.
    Backfill,
}

impl TransferKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TransferKind::Clone => "clone",
            TransferKind::Fetch => "fetch",
            TransferKind::Backfill => "backfill",
        }
    }
}

/// Progress of a transfer that is still running.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Received {
    /// Objects received so far.
    pub objects: u64,
    /// Objects the server said it sends, once it said so.
    pub total_objects: Option<u64>,
    /// Bytes received so far (as git reports them: to 0.01 KiB/MiB/GiB).
    pub bytes: u64,
}

/// A finished transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// The URL as given (before `insteadOf` rewriting).
    pub url: String,
    pub kind: TransferKind,
    pub objects: u64,
    pub bytes: u64,
    pub elapsed: Duration,
    /// The partial-clone filter in effect (`tree:0`, `blob:none`), `None` for
    /// a complete copy (no filter asked, or the server does not filter).
    pub filter: Option<String>,
    /// Nothing had changed upstream: no pack was asked for.
    pub up_to_date: bool,
}

impl Transfer {
    /// One line for logs and non-terminal output:
    /// `clone https://…: 67,811 objects, 30.6 MiB in 6.2 s (partial: tree:0)`.
    pub fn summary(&self) -> String {
        if self.up_to_date {
            return format!("{} {}: up to date", self.kind.as_str(), self.url);
        }
        let filter = match (&self.filter, self.kind) {
            (_, TransferKind::Backfill) => String::new(),
            (Some(f), _) => format!(" (partial: {f})"),
            (None, TransferKind::Clone) => " (complete)".to_owned(),
            (None, _) => String::new(),
        };
        format!(
            "{} {}: {} objects, {} in {:.1} s{filter}",
            self.kind.as_str(),
            self.url,
            thousands(self.objects),
            human_bytes(self.bytes),
            self.elapsed.as_secs_f64()
        )
    }
}

/// Hears about clones and fetches as they run. Called from fetch threads.
pub trait FetchProgress: Send + Sync {
    /// A transfer of `url` started.
    fn started(&self, _url: &str, _kind: TransferKind) {}
    /// More was received (called at most a few times a second).
    fn receiving(&self, _url: &str, _kind: TransferKind, _received: Received) {}
    /// The transfer ended (successfully).
    fn finished(&self, _transfer: &Transfer) {}
    /// The transfer failed or timed out (the call that started it says why).
    fn failed(&self, _url: &str, _kind: TransferKind) {}
}

/// A shared progress sink, as options carry it.
#[derive(Clone)]
pub struct ProgressSink(pub Arc<dyn FetchProgress>);

impl std::fmt::Debug for ProgressSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressSink(..)")
    }
}

impl ProgressSink {
    pub fn new(p: impl FetchProgress + 'static) -> Self {
        ProgressSink(Arc::new(p))
    }
}

/// `12,345`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `512 B`, `30.6 MiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = UNITS[0];
    for u in &UNITS[1..] {
        if v < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    format!("{v:.1} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(67_811), "67,811");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(32_044_482), "30.6 MiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }

    #[test]
    fn summaries() {
        let t = Transfer {
            url: "https://h/a/b".into(),
            kind: TransferKind::Clone,
            objects: 67_811,
            bytes: 32_044_482,
            elapsed: Duration::from_millis(6200),
            filter: Some("tree:0".into()),
            up_to_date: false,
        };
        assert_eq!(
            t.summary(),
            "clone https://h/a/b: 67,811 objects, 30.6 MiB in 6.2 s (partial: tree:0)"
        );
        let t = Transfer {
            up_to_date: true,
            kind: TransferKind::Fetch,
            ..t
        };
        assert_eq!(t.summary(), "fetch https://h/a/b: up to date");
    }
}
