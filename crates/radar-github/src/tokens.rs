//! The token pool: which token to use for the next request, and when none is left.
//!
//! GitHub keeps a separate budget per token and per resource (`core` for REST,
//! `graphql`, `search`), announced on every answer by `x-ratelimit-remaining`
//! and `x-ratelimit-reset`. The pool remembers the last announcement and picks
//! the token with the most requests left (so several tokens wear down evenly);
//! a token down to the reserve is not used again before its reset. When every
//! token is that low, the caller waits for the earliest reset (or gives up).
//! Without tokens the pool holds one anonymous slot, limited the same way.

use std::collections::HashMap;

use jiff::Timestamp;

#[derive(Debug, Clone, Copy)]
struct Budget {
    remaining: u64,
    reset: Timestamp,
}

#[derive(Debug)]
struct Slot {
    token: Option<String>,
    rejected: bool,
    budgets: HashMap<&'static str, Budget>,
}

/// What the next request should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pick {
    /// Send with this slot.
    Use(usize),
    /// Every token is exhausted for the resource until then.
    WaitUntil(Timestamp),
    /// Every token was rejected (HTTP 401).
    AllRejected,
}

#[derive(Debug)]
pub(crate) struct TokenPool {
    slots: Vec<Slot>,
}

impl TokenPool {
    pub fn new(tokens: &[String]) -> Self {
        let slot = |token: Option<String>| Slot {
            token,
            rejected: false,
            budgets: HashMap::new(),
        };
        let slots = if tokens.is_empty() {
            vec![slot(None)]
        } else {
            tokens.iter().cloned().map(|t| slot(Some(t))).collect()
        };
        TokenPool { slots }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// The `Authorization` header value of a slot (none when anonymous).
    pub fn authorization(&self, slot: usize) -> Option<String> {
        self.slots[slot]
            .token
            .as_ref()
            .map(|t| format!("Bearer {t}"))
    }

    /// Chooses a slot for one request on `resource` and counts the request against it.
    ///
    /// The last `reserve` requests of every token are left alone (for the token
    /// owner's other jobs, and for requests already in flight): a token that low
    /// counts as empty until its reset.
    pub fn pick(&mut self, resource: &'static str, now: Timestamp, reserve: u64) -> Pick {
        let mut best: Option<(usize, u64)> = None;
        let mut earliest_reset: Option<Timestamp> = None;
        for (i, slot) in self.slots.iter().enumerate().filter(|(_, s)| !s.rejected) {
            let usable = match slot.budgets.get(resource) {
                // A budget whose reset has passed is full again (its size is unknown).
                Some(b) if b.reset > now => {
                    let usable = b.remaining.saturating_sub(reserve);
                    if usable == 0 {
                        earliest_reset = Some(earliest_reset.map_or(b.reset, |e| e.min(b.reset)));
                    }
                    usable
                }
                _ => u64::MAX,
            };
            if best.is_none_or(|(_, b)| usable > b) {
                best = Some((i, usable));
            }
        }
        match best {
            None => Pick::AllRejected,
            Some((i, usable)) if usable > 0 => {
                if let Some(b) = self.slots[i].budgets.get_mut(resource)
                    && b.reset > now
                {
                    b.remaining = b.remaining.saturating_sub(1);
                }
                Pick::Use(i)
            }
            Some(_) => Pick::WaitUntil(earliest_reset.unwrap_or(now)),
        }
    }

    /// Records what GitHub announced on an answer.
    pub fn record(
        &mut self,
        slot: usize,
        resource: &'static str,
        remaining: u64,
        reset: Timestamp,
    ) {
        self.slots[slot]
            .budgets
            .insert(resource, Budget { remaining, reset });
    }

    /// Marks a slot as having nothing left until `reset`.
    pub fn exhaust(&mut self, slot: usize, resource: &'static str, reset: Timestamp) {
        self.record(slot, resource, 0, reset);
    }

    /// Takes a slot out after a 401 (bad or revoked token).
    pub fn reject(&mut self, slot: usize) {
        self.slots[slot].rejected = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + s).unwrap()
    }

    #[test]
    fn prefers_the_token_with_most_left_and_waits_when_all_are_empty() {
        let mut pool = TokenPool::new(&["a".into(), "b".into()]);
        pool.record(0, "core", 10, t(100));
        pool.record(1, "core", 4000, t(100));
        assert_eq!(pool.pick("core", t(0), 50), Pick::Use(1));
        pool.exhaust(1, "core", t(200));
        assert_eq!(
            pool.pick("core", t(0), 5),
            Pick::Use(0),
            "a low token beats an empty one"
        );
        // Down to the reserve counts as empty: wait for the earliest reset.
        assert_eq!(pool.pick("core", t(0), 50), Pick::WaitUntil(t(100)));
        pool.exhaust(0, "core", t(150));
        assert_eq!(pool.pick("core", t(0), 0), Pick::WaitUntil(t(150)));
        // Budgets are per resource.
        assert_eq!(pool.pick("graphql", t(0), 50), Pick::Use(0));
        // After the reset the token is usable again.
        assert_eq!(pool.pick("core", t(151), 50), Pick::Use(0));
        // A pick spends one request of a known budget.
        pool.record(1, "search", 3, t(500));
        assert_eq!(
            pool.pick("search", t(0), 0),
            Pick::Use(0),
            "unknown budget beats a known one"
        );
        pool.record(0, "search", 1, t(500));
        assert_eq!(pool.pick("search", t(0), 0), Pick::Use(1));
        assert_eq!(pool.pick("search", t(0), 0), Pick::Use(1));
        assert_eq!(
            pool.pick("search", t(0), 0),
            Pick::Use(0),
            "1 left each now; lowest index wins"
        );
    }

    #[test]
    fn rejected_tokens_are_skipped() {
        let mut pool = TokenPool::new(&["a".into(), "b".into()]);
        pool.reject(0);
        assert_eq!(pool.pick("core", t(0), 50), Pick::Use(1));
        assert_eq!(pool.authorization(1).as_deref(), Some("Bearer b"));
        pool.reject(1);
        assert_eq!(pool.pick("core", t(0), 50), Pick::AllRejected);
    }

    #[test]
    fn anonymous_pool_has_one_slot_without_header() {
        let mut pool = TokenPool::new(&[]);
        assert_eq!(pool.len(), 1);
        assert_eq!(pool.authorization(0), None);
        assert_eq!(pool.pick("core", t(0), 50), Pick::Use(0));
    }
}
