//! Clones and fetches as they run: on a terminal, one live line per transfer
//! with the objects and bytes received so far; otherwise one line per
//! repository when its transfer ends (for logs and pipes).

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use radar_evidence::transfer::{human_bytes, thousands};
use radar_evidence::{FetchProgress, ProgressSink, Received, Transfer, TransferKind};

/// The display for this process's stderr: live lines under `multi` on a
/// terminal, summary lines otherwise.
pub fn sink(multi: Option<&MultiProgress>) -> ProgressSink {
    match multi {
        Some(m) if std::io::stderr().is_terminal() => ProgressSink::new(Live {
            multi: m.clone(),
            lines: Mutex::default(),
        }),
        _ => ProgressSink::new(Summaries),
    }
}

/// One spinner per running transfer.
struct Live {
    multi: MultiProgress,
    lines: Mutex<HashMap<(String, &'static str), ProgressBar>>,
}

fn verb(kind: TransferKind) -> &'static str {
    match kind {
        TransferKind::Clone => "cloning",
        TransferKind::Fetch => "fetching",
        TransferKind::Backfill => "fetching files of",
    }
}

impl FetchProgress for Live {
    fn started(&self, url: &str, kind: TransferKind) {
        // Above the caller's own bar, if it has one.
        let line = self.multi.insert(0, ProgressBar::new_spinner());
        line.set_style(
            ProgressStyle::with_template("{spinner} {elapsed:>4} {wide_msg}")
                .expect("a valid template"),
        );
        line.set_message(format!(
            "{} {}",
            verb(kind),
            radar_pipeline::report::clean(url)
        ));
        line.enable_steady_tick(Duration::from_millis(120));
        self.lines
            .lock()
            .expect("progress lock")
            .insert((url.to_owned(), kind.as_str()), line);
    }

    fn receiving(&self, url: &str, kind: TransferKind, r: Received) {
        let lines = self.lines.lock().expect("progress lock");
        if let Some(line) = lines.get(&(url.to_owned(), kind.as_str())) {
            let objects = match r.total_objects {
                Some(total) => format!("{}/{}", thousands(r.objects), thousands(total)),
                None => thousands(r.objects),
            };
            line.set_message(format!(
                "{} {}: {objects} objects, {}",
                verb(kind),
                radar_pipeline::report::clean(url),
                human_bytes(r.bytes)
            ));
        }
    }

    fn failed(&self, url: &str, kind: TransferKind) {
        let line = self
            .lines
            .lock()
            .expect("progress lock")
            .remove(&(url.to_owned(), kind.as_str()));
        if let Some(line) = line {
            line.finish_and_clear();
            self.multi.remove(&line);
        }
    }

    fn finished(&self, t: &Transfer) {
        let line = self
            .lines
            .lock()
            .expect("progress lock")
            .remove(&(t.url.clone(), t.kind.as_str()));
        if let Some(line) = line {
            line.finish_and_clear();
            self.multi.remove(&line);
        }
        if !t.up_to_date {
            let _ = self
                .multi
                .println(format!("  {}", radar_pipeline::report::clean(&t.summary())));
        }
    }
}

/// A line per finished transfer, on stderr.
struct Summaries;

impl FetchProgress for Summaries {
    fn finished(&self, t: &Transfer) {
        eprintln!("{}", radar_pipeline::report::clean(&t.summary()));
    }
}
