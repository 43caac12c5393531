//! What a panic that escapes prints. A panic is a bug in Radar, never the
//! user's fault, so instead of Rust's message and a backtrace the user gets
//! one line: that it is a bug, what it was reading (so they can tell which
//! file, URL or repository set it off), and where to report it. The
//! backtrace comes only when `RUST_BACKTRACE` asks for it. The exit code
//! stays Rust's (101).

use std::panic::PanicHookInfo;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where bugs are reported (the workspace's `repository`).
pub const REPORT_TO: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/issues");

/// Set once a panic has been reported, so its propagation (a scoped thread's
/// panic resumed in its parent) is not reported again.
static REPORTED: AtomicBool = AtomicBool::new(false);

/// Replaces the default panic hook (call first thing in `main`).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = payload_text(info);
        if REPORTED.swap(true, Ordering::Relaxed) && is_propagation(&message) {
            return;
        }
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        let reading = radar_pipeline::reading::current();
        eprintln!(
            "{}",
            bug_line(&message, place.as_deref(), reading.as_deref())
        );
        if backtrace_wanted(std::env::var_os("RUST_BACKTRACE").as_deref()) {
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
        }
    }));
}

fn payload_text(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// The panic a parent thread raises when a child it joined panicked: the
/// child's panic was reported already.
fn is_propagation(message: &str) -> bool {
    message == "a scoped thread panicked" || message.contains("Any {")
}

fn backtrace_wanted(var: Option<&std::ffi::OsStr>) -> bool {
    var.is_some_and(|v| !v.is_empty() && v != "0")
}

/// The one line: the panic's message and place, the input, where to report.
/// Text from outside (a path, a URL, the message) is shown on one line with
/// control characters replaced, so a hostile name cannot break or colour it.
pub fn bug_line(message: &str, place: Option<&str>, reading: Option<&str>) -> String {
    let clean = |text: &str| -> String {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut line = format!("radar: internal error (a bug in Radar): {}", clean(message));
    if let Some(place) = place {
        line += &format!(" [{}]", clean(place));
    }
    if let Some(reading) = reading {
        line += &format!("; while reading {}", clean(reading));
    }
    line += &format!(
        ". Please report it at {REPORT_TO} with the command you ran (and that input if you can share it); RUST_BACKTRACE=1 adds a backtrace."
    );
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_bug_input_and_where_to_report() {
        let line = bug_line(
            "min > max\nsecond line",
            Some("crates/x.rs:7"),
            Some("c\u{1b}[31m.yaml"),
        );
        assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{line}");
        assert!(line.starts_with("radar: internal error (a bug in Radar): min > max second line [crates/x.rs:7]; while reading c [31m.yaml."), "{line}");
        assert!(line.contains(REPORT_TO), "{line}");
        assert!(
            REPORT_TO.starts_with("https://") && REPORT_TO.ends_with("/issues"),
            "{REPORT_TO}"
        );
        let unknown = bug_line("boom", None, None);
        assert!(!unknown.contains("while reading"), "{unknown}");
        assert!(backtrace_wanted(Some("1".as_ref())) && backtrace_wanted(Some("full".as_ref())));
        assert!(!backtrace_wanted(Some("0".as_ref())) && !backtrace_wanted(None));
    }

    /// The installed hook, in a child process (this test binary run again
    /// with `RADAR_PANIC_HOOK_CHILD` set: only this test reads it, the
    /// shipped binary has no way to panic on purpose). A panic in a scoped
    /// thread, reading a file, propagated to the parent as `radar assess`
    /// threads do: one line, naming the file; a backtrace only on request.
    #[test]
    fn an_escaping_panic_prints_one_line() {
        if std::env::var_os("RADAR_PANIC_HOOK_CHILD").is_some() {
            install();
            std::thread::scope(|s| {
                s.spawn(|| {
                    let _reading = radar_pipeline::reading::reading("catalog.yaml");
                    let empty: Vec<u8> = Vec::new();
                    let _ = empty[usize::from(empty.is_empty())];
                });
            });
            return;
        }
        let run = |backtrace: Option<&str>| {
            let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
            cmd.args([
                "--exact",
                "panic::tests::an_escaping_panic_prints_one_line",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("RADAR_PANIC_HOOK_CHILD", "1")
            .env_remove("RUST_BACKTRACE");
            if let Some(b) = backtrace {
                cmd.env("RUST_BACKTRACE", b);
            }
            let out = cmd.output().unwrap();
            assert!(!out.status.success());
            String::from_utf8_lossy(&out.stderr).into_owned()
        };
        let stderr = run(None);
        let ours: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("radar: "))
            .collect();
        assert_eq!(ours.len(), 1, "{stderr}");
        assert!(ours[0].contains("index out of bounds"), "{stderr}");
        assert!(ours[0].contains("while reading catalog.yaml"), "{stderr}");
        assert!(ours[0].contains(REPORT_TO), "{stderr}");
        assert!(!stderr.contains("panicked at"), "{stderr}");
        assert!(
            !stderr.contains("stack backtrace")
                && !stderr.contains("RUST_BACKTRACE=1` environment"),
            "{stderr}"
        );
        let with_backtrace = run(Some("1"));
        assert!(
            with_backtrace.contains("an_escaping_panic_prints_one_line"),
            "{with_backtrace}"
        );
    }
}
