//! Which outside input a thread is reading, so that a panic (a bug) can say
//! what it was reading when it happened (`radar`'s panic hook asks
//! [`current`]). Commands mark a file, a URL or a repository with
//! [`reading`] while they parse or measure it; the mark ends with the
//! returned guard.

use std::cell::RefCell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

thread_local! {
    /// This thread's inputs, innermost last.
    static STACK: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Every input being read by any thread, with the id of its guard: a helper
/// thread a library starts (the history walk's decoders) has no mark of its
/// own, but when only one input is open anywhere, that is the one.
static OPEN: Mutex<Vec<(u64, String)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// Marks `what` (a path, URL or repository, as the user would recognise it)
/// as being read by this thread until the guard is dropped.
#[must_use = "the input is marked only while the guard lives"]
pub fn reading(what: impl Into<String>) -> Reading {
    let what = what.into();
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    STACK.with(|s| s.borrow_mut().push(what.clone()));
    if let Ok(mut open) = OPEN.lock() {
        open.push((id, what));
    }
    Reading { id }
}

/// Ends a [`reading`] mark when dropped.
pub struct Reading {
    id: u64,
}

impl Drop for Reading {
    fn drop(&mut self) {
        let _ = STACK.try_with(|s| s.borrow_mut().pop());
        if let Ok(mut open) = OPEN.lock() {
            open.retain(|(id, _)| *id != self.id);
        }
    }
}

/// The input this thread is reading (the innermost mark), else the only
/// input any thread is reading; `None` when unknown or ambiguous. Never
/// blocks (it is called from a panic hook).
pub fn current() -> Option<String> {
    let own = STACK
        .try_with(|s| s.try_borrow().ok().and_then(|s| s.last().cloned()))
        .ok()
        .flatten();
    own.or_else(|| {
        let open = OPEN.try_lock().ok()?;
        match open.as_slice() {
            [(_, only)] => Some(only.clone()),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_nest_and_end_with_their_guard() {
        assert_eq!(current(), None);
        let outer = reading("radar.yaml");
        assert_eq!(current().as_deref(), Some("radar.yaml"));
        {
            let _inner = reading("models.yaml");
            assert_eq!(current().as_deref(), Some("models.yaml"));
            // Another thread with no mark of its own: two inputs are open, so none is named.
            let elsewhere = std::thread::spawn(current).join().unwrap();
            assert_eq!(elsewhere, None);
        }
        assert_eq!(current().as_deref(), Some("radar.yaml"));
        // The only open input is what an unmarked helper thread is reading.
        let helper = std::thread::spawn(current).join().unwrap();
        assert_eq!(helper.as_deref(), Some("radar.yaml"));
        drop(outer);
        assert_eq!(current(), None);
    }
}
