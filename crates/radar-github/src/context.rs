//! What every figure needs: the transport, the repository, the window, the counters.

use jiff::{SignedDuration, Timestamp};

use crate::RepoRef;
use crate::transport::{Stats, Transport};

pub(crate) struct Ctx<'a> {
    pub transport: &'a Transport,
    pub stats: &'a Stats,
    pub repo: RepoRef,
    /// End of the activity windows.
    pub now: Timestamp,
}

impl Ctx<'_> {
    /// `{api}/repos/{owner}/{name}{rest}` (owner and name are validated, so need no escaping).
    pub fn repo_url(&self, rest: &str) -> String {
        format!(
            "{}/repos/{}/{}{}",
            self.transport.endpoints.rest_base, self.repo.owner, self.repo.name, rest
        )
    }

    pub fn window_days(&self) -> u32 {
        self.transport.limits.window_days
    }

    /// Start of the activity window: `now` minus `window_days`.
    pub fn window_start(&self) -> Timestamp {
        self.days_before_now(i64::from(self.window_days()))
    }

    pub fn days_before_now(&self, days: i64) -> Timestamp {
        self.now
            .saturating_sub(SignedDuration::from_hours(24 * days))
            .unwrap_or(self.now)
    }
}

/// The URL of `rel` (`next`, `last`, …) in a `Link` header.
pub(crate) fn link_rel(link: Option<&str>, rel: &str) -> Option<String> {
    link?.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let wanted = params.split(';').any(|p| {
            let p = p.trim();
            p == format!("rel=\"{rel}\"") || p == format!("rel={rel}")
        });
        wanted.then(|| {
            url.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
    })
}

/// The `page` query parameter of a URL.
pub(crate) fn page_number(url: &str) -> Option<u64> {
    let url = url::Url::parse(url).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header() {
        let link = r#"<https://api.github.com/repositories/1/pulls?state=open&per_page=1&page=2>; rel="next", <https://api.github.com/repositories/1/pulls?state=open&per_page=1&page=57>; rel="last""#;
        let last = link_rel(Some(link), "last").unwrap();
        assert_eq!(page_number(&last), Some(57));
        assert_eq!(page_number(&link_rel(Some(link), "next").unwrap()), Some(2));
        assert_eq!(link_rel(Some(link), "prev"), None);
        assert_eq!(link_rel(None, "last"), None);
    }
}
