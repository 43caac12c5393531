//! The time source of the rate-limit logic.
//!
//! Waiting for a rate-limit reset can take an hour; tests must not. Every wait
//! and every "what time is it" of the transport goes through [`Clock`], so a
//! test can hand in a clock whose `sleep` only moves its own time forward.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A clock with a sleep. [`SystemClock`] is the real one.
pub trait Clock: Send + Sync + 'static {
    /// The current time, compared with GitHub's `x-ratelimit-reset`.
    fn now(&self) -> jiff::Timestamp;
    /// Waits for `duration` (or pretends to).
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// Wall-clock time and tokio's timer.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(duration))
    }
}
