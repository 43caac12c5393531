//! HTTP transport: tokens, rate limits, retries, the ETag cache.
//!
//! One loop decides what every answer means:
//! - 2xx / 304: done (a 304 is answered from the cache);
//! - 401: the token is bad; try the next one, or fail when none is left;
//! - 403/429 with `retry-after`: a secondary limit; wait that long (at most `max_wait`);
//! - 403/429 with `x-ratelimit-remaining: 0` (or a GraphQL `RATE_LIMITED`): the token's
//!   budget is spent; the pool switches token or the loop waits for the reset;
//! - 403/429 saying "secondary rate limit" without `retry-after`: wait a minute, doubling;
//! - 5xx, timeouts, connection errors: retry with exponential back-off, a bounded number of times;
//! - anything else: an error naming the URL and GitHub's message.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::cache::{Cache, Entry};
use crate::clock::Clock;
use crate::config::{Endpoints, GithubConfig, Limits};
use crate::error::{Error, Result, secs};
use crate::tokens::{Pick, TokenPool};

/// Counters of one `facts` call, reported in [`crate::RequestStats`].
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub sent: AtomicU64,
    pub not_modified: AtomicU64,
    pub retries: AtomicU64,
    pub waited_ms: AtomicU64,
}

impl Stats {
    fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// A successful answer: its JSON body (already parsed) and its `Link` header.
pub(crate) struct Answer<T> {
    pub value: T,
    pub link: Option<String>,
}

struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

pub(crate) struct Transport {
    http: reqwest::Client,
    pub endpoints: Endpoints,
    pool: Mutex<TokenPool>,
    cache: Option<Cache>,
    clock: Arc<dyn Clock>,
    pub limits: Limits,
    gate: tokio::sync::Semaphore,
    pub authenticated: bool,
}

impl Transport {
    pub fn new(config: &GithubConfig, clock: Arc<dyn Clock>) -> Result<Self> {
        let endpoints = config.endpoints()?;
        crate::tls::ensure_crypto_provider();
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                "radar/",
                env!("CARGO_PKG_VERSION"),
                " (+https://example.invalid/radar)"
            ))
            .connect_timeout(config.timeouts.connect)
            .timeout(config.timeouts.request)
            .build()
            .map_err(Error::Client)?;
        Ok(Transport {
            http,
            endpoints,
            pool: Mutex::new(TokenPool::new(&config.tokens)),
            cache: config.cache_dir.as_deref().map(Cache::new),
            clock,
            limits: config.limits,
            gate: tokio::sync::Semaphore::new(config.limits.concurrency.max(1)),
            authenticated: !config.tokens.is_empty(),
        })
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// GET a REST URL and parse its JSON, using the ETag cache.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        url: &str,
        stats: &Stats,
    ) -> Result<Answer<T>> {
        let cached = match &self.cache {
            Some(cache) => cache.load(url).await,
            None => None,
        };
        let raw = self
            .send(
                Method::GET,
                url,
                None,
                cached.as_ref().map(|c| c.etag.as_str()),
                stats,
            )
            .await?;
        if raw.status == StatusCode::NOT_MODIFIED {
            let Some(entry) = cached else {
                return Err(Error::Http {
                    status: 304,
                    url: url.into(),
                    message: "304 without a cached copy".into(),
                });
            };
            Stats::add(&stats.not_modified, 1);
            return match serde_json::from_str(&entry.body) {
                Ok(value) => Ok(Answer {
                    value,
                    link: entry.link,
                }),
                Err(_) => {
                    // A cache entry this version cannot read: drop it and ask again in full.
                    if let Some(cache) = &self.cache {
                        cache.remove(url).await;
                    }
                    let raw = self.send(Method::GET, url, None, None, stats).await?;
                    self.accept(url, raw).await
                }
            };
        }
        self.accept(url, raw).await
    }

    /// Parses a fresh 2xx answer and stores it in the cache when it has an ETag.
    async fn accept<T: DeserializeOwned>(&self, url: &str, raw: Raw) -> Result<Answer<T>> {
        let value = parse_json(url, &raw.body)?;
        let link = header_str(&raw.headers, "link");
        if let (Some(cache), Some(etag)) = (&self.cache, header_str(&raw.headers, "etag")) {
            // Only bodies that parsed are kept, so a garbled answer is never replayed.
            if let Ok(body) = String::from_utf8(raw.body) {
                cache
                    .store(&Entry {
                        url: url.to_string(),
                        etag,
                        link: link.clone(),
                        body,
                    })
                    .await;
            }
        }
        Ok(Answer { value, link })
    }

    /// POST a GraphQL query (never cached: POST answers carry no ETag).
    pub async fn graphql<T: DeserializeOwned>(
        &self,
        body: &impl Serialize,
        stats: &Stats,
    ) -> Result<T> {
        if !self.authenticated {
            return Err(Error::NeedsToken);
        }
        let url = self.endpoints.graphql.to_string();
        let body = serde_json::to_value(body).map_err(|e| Error::Malformed {
            url: url.clone(),
            message: e.to_string(),
        })?;
        let raw = self
            .send(Method::POST, &url, Some(&body), None, stats)
            .await?;
        parse_json(&url, &raw.body)
    }

    /// The retry loop (see the module comment).
    async fn send(
        &self,
        method: Method,
        url: &str,
        json: Option<&serde_json::Value>,
        etag: Option<&str>,
        stats: &Stats,
    ) -> Result<Raw> {
        let resource = resource_of(url, &self.endpoints);
        let limits = &self.limits;
        let mut failures = 0u32; // 5xx and network errors
        let mut secondary = 0u32; // secondary rate limits
        let mut exhausted = 0u32; // primary limits hit (guards against a server that never recovers)
        for attempt in 0u64.. {
            if attempt > 0 {
                Stats::add(&stats.retries, 1);
            }
            let slot = self.acquire(resource, stats).await?;
            let mut request = self
                .http
                .request(method.clone(), url)
                .header("accept", "application/vnd.github+json")
                .header("x-github-api-version", "2022-11-28");
            if let Some(auth) = self.pool.lock().expect("token pool").authorization(slot) {
                let mut value = HeaderValue::from_str(&auth).map_err(|_| {
                    Error::Config(
                        "a token contains characters not allowed in an HTTP header".into(),
                    )
                })?;
                value.set_sensitive(true);
                request = request.header("authorization", value);
            }
            if let Some(etag) = etag {
                request = request.header("if-none-match", etag);
            }
            if let Some(json) = json {
                request = request.json(json);
            }
            Stats::add(&stats.sent, 1);
            let result = {
                let _permit = self.gate.acquire().await.expect("semaphore never closed");
                match request.send().await {
                    Ok(response) => {
                        let status = response.status();
                        let headers = response.headers().clone();
                        response.bytes().await.map(|b| Raw {
                            status,
                            headers,
                            body: b.to_vec(),
                        })
                    }
                    Err(e) => Err(e),
                }
            };
            let raw = match result {
                Ok(raw) => raw,
                Err(e) => {
                    failures += 1;
                    if failures > limits.max_retries {
                        return Err(Error::Unavailable {
                            url: url.into(),
                            attempts: failures,
                            last: describe(&e),
                        });
                    }
                    self.back_off(failures, stats).await;
                    continue;
                }
            };
            let now = self.clock.now();
            let remaining = header_u64(&raw.headers, "x-ratelimit-remaining");
            let reset = header_u64(&raw.headers, "x-ratelimit-reset")
                .and_then(|s| Timestamp::from_second(s as i64).ok());
            if let (Some(remaining), Some(reset)) = (remaining, reset) {
                self.pool
                    .lock()
                    .expect("token pool")
                    .record(slot, resource, remaining, reset);
            }
            let status = raw.status;
            if status.is_success() && resource == "graphql" && graphql_rate_limited(&raw.body) {
                exhausted += 1;
                self.exhaust(slot, resource, reset, now, exhausted, url)?;
                continue;
            }
            if status.is_success() || status == StatusCode::NOT_MODIFIED {
                return Ok(raw);
            }
            let message = github_message(&raw.body);
            match status.as_u16() {
                401 => {
                    let mut pool = self.pool.lock().expect("token pool");
                    pool.reject(slot);
                    let what = if self.authenticated {
                        "the token"
                    } else {
                        "the anonymous request"
                    };
                    tracing::warn!(
                        "GitHub rejected token #{} of {}: {message}",
                        slot + 1,
                        pool.len()
                    );
                    if !self.authenticated {
                        return Err(Error::Unauthorized {
                            what: what.into(),
                            api: self.endpoints.rest_base.clone(),
                            message,
                        });
                    }
                    // The loop asks the pool again; it answers AllRejected when none is left.
                }
                403 | 429 => {
                    if let Some(wait) = header_u64(&raw.headers, "retry-after") {
                        secondary += 1;
                        let wait = Duration::from_secs(wait);
                        if wait > limits.max_wait || secondary > limits.max_retries {
                            return Err(Error::SecondaryLimit {
                                url: url.into(),
                                detail: format!(
                                    "asked to retry after {} s (attempt {secondary}; Radar waits at most {} s and retries {} times)",
                                    secs(wait),
                                    secs(limits.max_wait),
                                    limits.max_retries
                                ),
                            });
                        }
                        self.wait(wait, stats).await;
                    } else if remaining == Some(0) {
                        exhausted += 1;
                        self.exhaust(slot, resource, reset, now, exhausted, url)?;
                    } else if is_secondary_message(&message) {
                        // GitHub: without retry-after, wait at least a minute, longer each time.
                        secondary += 1;
                        let wait = Duration::from_secs(60u64 << (secondary - 1).min(6));
                        if wait > limits.max_wait || secondary > limits.max_retries {
                            return Err(Error::SecondaryLimit {
                                url: url.into(),
                                detail: message,
                            });
                        }
                        self.wait(wait, stats).await;
                    } else {
                        return Err(Error::Http {
                            status: status.as_u16(),
                            url: url.into(),
                            message,
                        });
                    }
                }
                500..=599 => {
                    failures += 1;
                    if failures > limits.max_retries {
                        let last = format!(
                            "HTTP {}{}",
                            status.as_u16(),
                            if message.is_empty() {
                                String::new()
                            } else {
                                format!(" {message}")
                            }
                        );
                        return Err(Error::Unavailable {
                            url: url.into(),
                            attempts: failures,
                            last,
                        });
                    }
                    self.back_off(failures, stats).await;
                }
                code => {
                    return Err(Error::Http {
                        status: code,
                        url: url.into(),
                        message,
                    });
                }
            }
        }
        unreachable!("the attempt counter never runs out")
    }

    /// Picks a token, waiting for a reset when every token is spent and the wait is short enough.
    async fn acquire(&self, resource: &'static str, stats: &Stats) -> Result<usize> {
        loop {
            let now = self.clock.now();
            let pick =
                self.pool
                    .lock()
                    .expect("token pool")
                    .pick(resource, now, self.limits.reserve);
            match pick {
                Pick::Use(slot) => return Ok(slot),
                Pick::AllRejected => {
                    return Err(Error::Unauthorized {
                        what: "every configured token".into(),
                        api: self.endpoints.rest_base.clone(),
                        message: "Bad credentials".into(),
                    });
                }
                Pick::WaitUntil(reset) => {
                    let wait = now.duration_until(reset).max(SignedDuration::ZERO);
                    let wait =
                        Duration::try_from(wait).unwrap_or_default() + Duration::from_secs(1);
                    if wait > self.limits.max_wait {
                        return Err(Error::RateLimited {
                            resource,
                            reset,
                            wait_secs: secs(wait),
                            max_wait_secs: secs(self.limits.max_wait),
                        });
                    }
                    tracing::info!(
                        "GitHub {resource} rate limit reached on every token; waiting {} s for the reset",
                        secs(wait)
                    );
                    self.wait(wait, stats).await;
                }
            }
        }
    }

    fn exhaust(
        &self,
        slot: usize,
        resource: &'static str,
        reset: Option<Timestamp>,
        now: Timestamp,
        times: u32,
        url: &str,
    ) -> Result<()> {
        // A reset in the past (clock skew, a confused proxy) still means "not now": a minute from now.
        let reset = reset
            .filter(|r| *r > now)
            .unwrap_or_else(|| now + SignedDuration::from_secs(60));
        let mut pool = self.pool.lock().expect("token pool");
        pool.exhaust(slot, resource, reset);
        if times > pool.len() as u32 + self.limits.max_retries {
            return Err(Error::SecondaryLimit {
                url: url.into(),
                detail: format!("still rate limited after {times} attempts"),
            });
        }
        Ok(())
    }

    async fn back_off(&self, failures: u32, stats: &Stats) {
        let factor = 1u32 << (failures - 1).min(16);
        let wait = self
            .limits
            .retry_base
            .saturating_mul(factor)
            .min(self.limits.max_wait);
        self.wait(wait, stats).await;
    }

    async fn wait(&self, wait: Duration, stats: &Stats) {
        Stats::add(&stats.waited_ms, wait.as_millis() as u64);
        self.clock.sleep(wait).await;
    }
}

/// The rate-limit bucket a URL spends (GitHub: `x-ratelimit-resource`).
fn resource_of(url: &str, endpoints: &Endpoints) -> &'static str {
    if url == endpoints.graphql.as_str() {
        "graphql"
    } else if url[endpoints.rest_base.len().min(url.len())..].starts_with("/search/") {
        "search"
    } else {
        "core"
    }
}

pub(crate) fn parse_json<T: DeserializeOwned>(url: &str, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::Malformed {
        url: url.to_string(),
        message: e.to_string(),
    })
}

fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    header_str(headers, name).and_then(|v| v.trim().parse().ok())
}

/// GitHub's error bodies are `{"message": "...", "documentation_url": "..."}`.
fn github_message(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Msg {
        message: String,
    }
    let text = match serde_json::from_slice::<Msg>(body) {
        Ok(m) => m.message,
        Err(_) => String::from_utf8_lossy(body).trim().to_string(),
    };
    let mut text: String = text.chars().filter(|c| !c.is_control()).take(300).collect();
    if text.is_empty() {
        text = "(no message)".into();
    }
    text
}

fn is_secondary_message(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("secondary rate limit") || m.contains("abuse detection")
}

/// GraphQL reports a spent budget as HTTP 200 with an error of type `RATE_LIMITED`.
fn graphql_rate_limited(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(default)]
        errors: Vec<ErrorType>,
    }
    #[derive(serde::Deserialize)]
    struct ErrorType {
        #[serde(rename = "type", default)]
        kind: Option<String>,
    }
    serde_json::from_slice::<Envelope>(body)
        .map(|e| {
            e.errors
                .iter()
                .any(|e| e.kind.as_deref() == Some("RATE_LIMITED"))
        })
        .unwrap_or(false)
}

fn describe(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut text = if e.is_timeout() {
        "timed out".to_string()
    } else {
        e.to_string()
    };
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources() {
        let ep = GithubConfig::default().endpoints().unwrap();
        assert_eq!(
            resource_of("https://api.github.com/graphql", &ep),
            "graphql"
        );
        assert_eq!(
            resource_of("https://api.github.com/search/issues?q=x", &ep),
            "search"
        );
        assert_eq!(resource_of("https://api.github.com/repos/o/r", &ep), "core");
    }

    #[test]
    fn messages() {
        assert_eq!(
            github_message(br#"{"message":"Bad credentials","documentation_url":"x"}"#),
            "Bad credentials"
        );
        assert_eq!(github_message(b"<html>oops</html>\n"), "<html>oops</html>");
        assert_eq!(github_message(b""), "(no message)");
        assert!(is_secondary_message(
            "You have exceeded a secondary rate limit. Please wait."
        ));
        assert!(graphql_rate_limited(
            br#"{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded"}]}"#
        ));
        assert!(!graphql_rate_limited(br#"{"data":{}}"#));
    }
}
