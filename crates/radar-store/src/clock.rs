//! Where the store reads the time. Real by default; tests set it by hand so
//! that lease expiry, back-off and retention are checked without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::Timestamp;

/// A source of the current time, shared by clones of a [`crate::Store`].
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> Timestamp + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(Arc::new(Timestamp::now))
    }

    /// Any function of no arguments that returns the time.
    pub fn from_fn(f: impl Fn() -> Timestamp + Send + Sync + 'static) -> Self {
        Clock(Arc::new(f))
    }

    pub fn now(&self) -> Timestamp {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

/// A clock that moves only when told to (for tests).
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn new(start: Timestamp) -> Self {
        ManualClock(Arc::new(AtomicI64::new(start.as_millisecond())))
    }

    pub fn now(&self) -> Timestamp {
        Timestamp::from_millisecond(self.0.load(Ordering::SeqCst)).expect("manual clock in range")
    }

    pub fn set(&self, to: Timestamp) {
        self.0.store(to.as_millisecond(), Ordering::SeqCst);
    }

    pub fn advance(&self, by: std::time::Duration) {
        let ms = i64::try_from(by.as_millis()).expect("advance fits in i64 ms");
        self.0.fetch_add(ms, Ordering::SeqCst);
    }

    /// This clock as a store [`Clock`]; both keep sharing the same time.
    pub fn clock(&self) -> Clock {
        let me = self.clone();
        Clock::from_fn(move || me.now())
    }
}
