//! One module per figure (or per request that fills several figures).
//! Adding a figure: a module here, its key in `facts::FIGURES`, one call in `lib.rs`, a test.

pub(crate) mod community;
pub(crate) mod first_response;
pub(crate) mod latest_merged_pull_request;
pub(crate) mod merged_pull_requests;
pub(crate) mod releases;
pub(crate) mod repository;

/// Rounds to two decimals, so JSON shows `3.25`, not `3.2499999999999996`.
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `part / whole`, null when `whole` is zero.
pub(crate) fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round2(part as f64 / whole as f64))
}
