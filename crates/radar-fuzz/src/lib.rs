//! What every property test of a Radar parser shares (see docs/testing.md).
//!
//! - [`config!`]: the proptest configuration. The seed is fixed, so the same
//!   commit gives the same cases and the same verdict on every run and in CI;
//!   `PROPTEST_RNG_SEED` and `PROPTEST_CASES` (set by `scripts/fuzz.sh`) ask
//!   for other cases and more of them. Failures are saved in
//!   `<crate>/proptest-regressions/<path of the test file>.txt`, found
//!   whatever the working directory, and replayed first on every later run:
//!   committed, they keep a fixed bug fixed.
//! - [`text`], [`edited`]: adversarial text for parsers of outside input:
//!   pieces of the format's own syntax mixed with every kind of line break, a
//!   byte order mark, NUL and other control characters, multi-byte and
//!   unusual Unicode, and long lines; or a valid document edited at random.
//! - [`bounded`]: runs one case and fails it if it took too long or
//!   allocated too much (with [`CountingAlloc`] installed in the test binary).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

pub use proptest;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};

/// The seed of every property when `PROPTEST_RNG_SEED` is not set.
pub const SEED: u64 = 13;

/// The configuration of a property test in this file, with `cases` cases
/// unless `PROPTEST_CASES` says otherwise:
/// `#![proptest_config(radar_fuzz::config!(256))]`.
#[macro_export]
macro_rules! config {
    ($cases:expr) => {
        $crate::config_at($cases, env!("CARGO_MANIFEST_DIR"), file!())
    };
}

/// What [`config!`] expands to: `manifest_dir` is the crate's directory and
/// `file` the test's source file as `file!()` gives it.
pub fn config_at(cases: u32, manifest_dir: &'static str, file: &'static str) -> Config {
    // `Config::default()` has read the PROPTEST_* variables.
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if config.rng_seed == RngSeed::Random {
        config.rng_seed = RngSeed::Fixed(SEED);
    }
    // Shrinking a case of long text can take long; a failure is reported
    // either way, with the smallest case found so far.
    if std::env::var_os("PROPTEST_MAX_SHRINK_TIME").is_none() {
        config.max_shrink_time = 60_000;
    }
    if config.failure_persistence.is_some() {
        let path = regressions_file(Path::new(manifest_dir), Path::new(file));
        let path: &'static str = Box::leak(path.to_string_lossy().into_owned().into_boxed_str());
        config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(path)));
    }
    config
}

/// `<crate>/proptest-regressions/<file relative to the crate>.txt`.
///
/// `file!()` is relative to the workspace root (or absolute), while a test
/// runs in its crate's directory; proptest's own lookup walks up from the
/// working directory and, for `tests/*.rs`, looks for a `lib.rs` beside the
/// file, so it misses. Here the crate's directory is known at compile time.
pub fn regressions_file(manifest_dir: &Path, file: &Path) -> PathBuf {
    let parts: Vec<Component<'_>> = file.components().collect();
    let within = (0..parts.len())
        .map(|i| parts[i..].iter().collect::<PathBuf>())
        .find(|rel| rel.is_relative() && manifest_dir.join(rel).is_file())
        .or_else(|| file.strip_prefix(manifest_dir).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from(file.file_name().unwrap_or_default()));
    manifest_dir
        .join("proptest-regressions")
        .join(within)
        .with_extension("txt")
}

/// Line breaks of every kind, a byte order mark, NUL and other control
/// characters, and Unicode that trips byte/character arithmetic.
pub const HOSTILE: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\n\r",
    "\u{feff}",
    "\0",
    "\t",
    "\u{b}",
    "\u{c}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "é",
    "e\u{301}",
    "ß",
    "İ",
    "日本",
    "🦀",
    "👩‍💻",
    "\u{202e}",
    "\u{200b}",
    "\u{fffd}",
    "\u{10ffff}",
    " ",
    "  ",
    "\\",
    "\"",
    "'",
    "`",
    "<",
    ">",
    "&",
    "%",
    "#",
    "0",
    "-1",
    "9999999999999999999999",
    "1e400",
];

/// Text made of `pieces` (the format's own syntax, so the parser gets deep)
/// mixed with [`HOSTILE`] pieces and arbitrary characters; one text in eight
/// also holds a long run of one character (a line of up to 200,000 bytes).
pub fn text(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(piece(pieces), 0..120),
        prop::option::weighted(0.125, (any::<Index>(), long_run())),
    )
        .prop_map(|(mut parts, long)| {
            if let Some((at, run)) = long {
                parts.insert(at.index(parts.len() + 1), run);
            }
            parts.concat()
        })
}

fn piece(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        12 => prop::sample::select(pieces).prop_map(str::to_owned),
        4 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        2 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn long_run() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["x", " ", "é", "|", "-", "a b ", "1."][..]),
        1usize..200_000,
    )
        .prop_map(|(c, n)| c.repeat(n / c.len()))
}

/// `base` (a valid document) with a few edits: pieces inserted at random
/// places, a random range cut out, its line breaks changed to `\r\n` or a
/// lone `\r`, a byte order mark put in front.
pub fn edited(base: &str, pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    let base = base.to_owned();
    let insert = prop_oneof![20 => piece(pieces), 1 => long_run()];
    let edit = (any::<Index>(), 0usize..60, insert);
    (
        prop::collection::vec(edit, 0..6),
        prop::sample::select(&["\n", "\r\n", "\r"][..]),
        any::<bool>(),
    )
        .prop_map(move |(edits, newline, bom)| {
            let mut text = if newline == "\n" {
                base.clone()
            } else {
                base.replace("\r\n", "\n").replace('\n', newline)
            };
            for (at, cut, insert) in edits {
                let from = char_boundary(&text, at);
                let to = (from + cut).min(text.len());
                let to = (to..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
                text.replace_range(from..to, &insert);
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}

/// `doc` with each kind of line break: `\n`, `\r\n`, a lone `\r` (classic
/// Mac) and a mix of the three, line by line. A parser must read them alike.
pub fn line_break_styles(doc: &str) -> Vec<(&'static str, String)> {
    let lines: Vec<&str> = doc.split_inclusive('\n').collect();
    let with = |style: &dyn Fn(usize) -> &'static str| -> String {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| match l.strip_suffix('\n') {
                Some(l) => format!("{}{}", l.strip_suffix('\r').unwrap_or(l), style(i)),
                None => (*l).to_owned(),
            })
            .collect()
    };
    vec![
        ("LF", with(&|_| "\n")),
        ("CRLF", with(&|_| "\r\n")),
        ("CR", with(&|_| "\r")),
        // In this order a lone `\r` is never followed by a `\n`, which
        // would make one `\r\n` break out of two.
        ("mixed", with(&|i| ["\n", "\r", "\r\n"][i % 3])),
    ]
}

/// `doc` made awkward in the ways real files are: a byte order mark in
/// front, NUL bytes in the middle of a line and at the end, and a line of
/// more than a megabyte (`long_line`, repeated, inserted as the middle line).
pub fn awkward_variants(doc: &str, long_line: &str) -> Vec<(&'static str, String)> {
    let middle = doc
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .nth(doc.matches('\n').count() / 2)
        .unwrap_or(doc.len());
    let mid_line = doc[..middle.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let mid_of_line = (mid_line..middle)
        .map(|i| mid_line + (i - mid_line) / 2)
        .find(|&i| doc.is_char_boundary(i))
        .unwrap_or(mid_line);
    let long = long_line.repeat((1 << 20) / long_line.len().max(1) + 1);
    vec![
        ("BOM", format!("\u{feff}{doc}")),
        (
            "NUL",
            format!("{}\0{}\0", &doc[..mid_of_line], &doc[mid_of_line..]),
        ),
        (
            "megabyte line",
            format!("{}{long}\n{}", &doc[..middle], &doc[middle..]),
        ),
    ]
}

/// A character boundary of `text` chosen by `at`.
pub fn char_boundary(text: &str, at: Index) -> usize {
    let n = text.chars().count() + 1;
    let i = at.index(n);
    text.char_indices().nth(i).map_or(text.len(), |(b, _)| b)
}

/// How long one case may take, however large its input (`RADAR_FUZZ_CASE_SECONDS`).
/// Generous: a case takes milliseconds; what this catches is a parser that
/// backtracks or loops, which takes minutes or forever. Unoptimised test
/// builds on a busy two-core machine are why it is not tighter.
fn time_limit() -> Duration {
    let secs = std::env::var("RADAR_FUZZ_CASE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}

/// Most bytes one case may have allocated at once: 64 MiB plus 64 times
/// its input. A parse tree, diagnostics and a copy or two of the text fit
/// many times over; what this catches is output that grows faster than the
/// input (a quadratic expansion, an alias bomb).
pub fn memory_limit(input_len: usize) -> usize {
    (64 << 20) + 64 * input_len
}

/// Time and peak memory of one case.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    pub elapsed: Duration,
    /// Peak bytes allocated by this thread during the case, above what it held before.
    pub peak_bytes: usize,
}

/// Runs `f` (one case on an input of `input_len` bytes) and fails the case
/// when it took longer than 30 s or allocated more than [`memory_limit`].
/// The test binary must install [`CountingAlloc`] (`radar_fuzz::count_allocations!()`).
pub fn bounded<T>(input_len: usize, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let (value, usage) = measure(f);
    prop_assert!(
        INSTALLED.with(Cell::get),
        "radar_fuzz::count_allocations!() is missing from this test file"
    );
    prop_assert!(
        usage.elapsed <= time_limit(),
        "one case of {input_len} bytes took {:?}",
        usage.elapsed
    );
    prop_assert!(
        usage.peak_bytes <= memory_limit(input_len),
        "one case of {input_len} bytes allocated {} bytes at its peak",
        usage.peak_bytes
    );
    Ok(value)
}

/// Runs `f` and says how long it took and how much it allocated at its peak
/// (on this thread; 0 without [`CountingAlloc`]).
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(before));
    let started = Instant::now();
    let value = f();
    let elapsed = started.elapsed();
    let peak = PEAK.with(Cell::get);
    let usage = Usage {
        elapsed,
        peak_bytes: usize::try_from(peak - before).unwrap_or(0),
    };
    (value, usage)
}

thread_local! {
    /// Bytes this thread has allocated and not freed (frees of memory
    /// allocated on another thread can make it dip; only differences count).
    static LIVE: Cell<i64> = const { Cell::new(0) };
    static PEAK: Cell<i64> = const { Cell::new(0) };
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// The system allocator, counting per thread what is live and its peak, so
/// [`bounded`] can bound a case's memory. Install it with
/// [`count_allocations!`].
pub struct CountingAlloc;

/// Installs [`CountingAlloc`] as the test binary's allocator.
#[macro_export]
macro_rules! count_allocations {
    () => {
        #[global_allocator]
        static RADAR_FUZZ_ALLOC: $crate::CountingAlloc = $crate::CountingAlloc;
    };
}

fn track(delta: i64) {
    // `try_with`: the thread-locals may already be gone while a thread exits.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
    let _ = INSTALLED.try_with(|i| i.set(true));
}

// SAFETY: every call is passed to the system allocator unchanged; the
// counting touches only `const`-initialised thread-locals, which never
// allocate.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            track(layout.size() as i64);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        track(-(layout.size() as i64));
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            track(layout.size() as i64);
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            track(new_size as i64 - layout.size() as i64);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regressions_sit_under_the_crate_whatever_the_working_directory() {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let got = regressions_file(crate_dir, Path::new(file!()));
        assert_eq!(got, crate_dir.join("proptest-regressions/src/lib.txt"));
        let abs = crate_dir.join("src/lib.rs");
        assert_eq!(regressions_file(crate_dir, &abs), got);
    }

    #[test]
    fn the_seed_is_fixed_unless_asked() {
        let config = config!(7);
        if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
            assert_eq!(config.rng_seed, RngSeed::Fixed(SEED));
        }
        if std::env::var_os("PROPTEST_CASES").is_none() {
            assert_eq!(config.cases, 7);
        }
    }

    #[test]
    fn variants_differ_only_as_named() {
        let doc = "a: 1\nb: 2\nc: 3\n";
        let styles = line_break_styles(doc);
        assert_eq!(styles[0].1, doc);
        assert_eq!(styles[1].1, "a: 1\r\nb: 2\r\nc: 3\r\n");
        assert_eq!(styles[2].1, "a: 1\rb: 2\rc: 3\r");
        assert_eq!(styles[3].1, "a: 1\nb: 2\rc: 3\r\n");
        let awkward = awkward_variants(doc, "# long ");
        assert_eq!(awkward[0].1, "\u{feff}a: 1\nb: 2\nc: 3\n");
        assert_eq!(awkward[1].1.matches('\0').count(), 2);
        assert_eq!(awkward[1].1.replace('\0', ""), doc);
        let long = &awkward[2].1;
        assert!(long.len() > 1 << 20);
        assert!(
            long.starts_with("a: 1\nb: 2\n# long # long"),
            "{}",
            &long[..40]
        );
        assert!(long.ends_with(" \nc: 3\n"));
    }

    #[test]
    fn edits_keep_text_valid_utf8_and_change_line_breaks() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::new(config!(1));
        let strategy = edited("a: 1\nb: 2\n", &["x"]);
        let mut styles = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            if text.contains("\r\n") {
                styles.insert("crlf");
            } else if text.contains('\r') {
                styles.insert("cr");
            } else {
                styles.insert("lf");
            }
        }
        assert_eq!(styles.len(), 3, "{styles:?}");
    }
}
