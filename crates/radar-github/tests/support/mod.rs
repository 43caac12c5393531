//! A fake GitHub on loopback (wiremock) and a clock that does not really sleep.
#![allow(dead_code)]

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use radar_github::{Clock, GithubClient, GithubConfig, Limits, Timeouts};
use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const OWNER: &str = "acme";
pub const NAME: &str = "rocket";

/// As-of date of every test, and where the fake clock starts.
pub fn now() -> Timestamp {
    "2025-06-01T00:00:00Z".parse().unwrap()
}

/// Records every sleep and moves its own time forward instead of waiting.
pub struct FakeClock {
    now: Mutex<Timestamp>,
    pub sleeps: Mutex<Vec<Duration>>,
}

impl FakeClock {
    pub fn sleeps(&self) -> Vec<u64> {
        self.sleeps
            .lock()
            .unwrap()
            .iter()
            .map(|d| d.as_secs())
            .collect()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().unwrap()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        self.sleeps.lock().unwrap().push(duration);
        let mut now = self.now.lock().unwrap();
        *now += SignedDuration::try_from(duration).unwrap();
        Box::pin(std::future::ready(()))
    }
}

pub fn config(server: &MockServer, tokens: &[&str], cache: Option<&Path>) -> GithubConfig {
    GithubConfig {
        tokens: tokens.iter().map(|t| t.to_string()).collect(),
        api_base: server.uri(),
        cache_dir: cache.map(Path::to_path_buf),
        timeouts: Timeouts {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(5),
        },
        limits: Limits {
            max_wait: Duration::from_secs(120),
            ..Limits::default()
        },
    }
}

pub fn client_with(config: GithubConfig) -> (GithubClient, Arc<FakeClock>) {
    let clock = Arc::new(FakeClock {
        now: Mutex::new(now()),
        sleeps: Mutex::new(Vec::new()),
    });
    (
        GithubClient::with_clock(config, clock.clone()).unwrap(),
        clock,
    )
}

pub fn client(server: &MockServer, tokens: &[&str]) -> (GithubClient, Arc<FakeClock>) {
    client_with(config(server, tokens, None))
}

pub fn repo_path(rest: &str) -> String {
    format!("/repos/{OWNER}/{NAME}{rest}")
}

/// Epoch seconds `secs` after the fake clock's start.
pub fn reset_in(secs: i64) -> String {
    (now().as_second() + secs).to_string()
}

pub fn json_ok(body: Value, etag: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(body)
        .insert_header("etag", etag)
}

pub fn rate_limited(reset_secs: i64) -> ResponseTemplate {
    ResponseTemplate::new(403)
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-reset", reset_in(reset_secs).as_str())
        .set_body_json(json!({"message": "API rate limit exceeded for user ID 1."}))
}

pub fn repo_json(full_name: &str) -> Value {
    json!({
        "id": 42,
        "full_name": full_name,
        "html_url": format!("https://github.com/{full_name}"),
        "archived": false,
        "disabled": false,
        "fork": false,
        "default_branch": "main",
        "description": "Launches <things>",
        "homepage": "",
        "topics": ["cloud", "rockets"],
        "stargazers_count": 1234,
        "forks_count": 56,
        "subscribers_count": 78,
        "open_issues_count": 30,
        "license": {"key": "apache-2.0", "spdx_id": "Apache-2.0"},
        "created_at": "2019-01-02T03:04:05Z",
        "pushed_at": "2025-05-31T12:00:00Z"
    })
}

pub fn releases_json() -> Value {
    json!([
        {"tag_name": "v2.0.0", "name": "Two", "draft": false, "prerelease": false,
         "created_at": "2025-05-01T00:00:00Z", "published_at": "2025-05-01T00:00:00Z",
         "assets": [{"name": "rocket.tar.gz"}, {"name": "rocket.tar.gz.sig"}, {"name": "rocket.intoto.jsonl"},
                    {"name": "rocket.spdx.json"}]},
        {"tag_name": "v2.0.0-rc.1", "name": "", "draft": false, "prerelease": true,
         "created_at": "2025-04-20T00:00:00Z", "published_at": "2025-04-20T00:00:00Z",
         "assets": [{"name": "rocket.tar.gz"}]},
        {"tag_name": "v1.0.0", "name": null, "draft": false, "prerelease": false,
         "created_at": "2024-03-01T00:00:00Z", "published_at": "2024-03-01T00:00:00Z", "assets": []},
        {"tag_name": "v3.0.0", "name": "draft", "draft": true, "prerelease": false,
         "created_at": "2025-05-30T00:00:00Z", "published_at": null, "assets": [{"name": "x.asc"}]}
    ])
}

pub fn community_json() -> Value {
    json!({
        "health_percentage": 85,
        "description": "Launches things",
        "files": {
            "code_of_conduct": {"key": "contributor_covenant", "name": "Contributor Covenant", "url": "x"},
            "code_of_conduct_file": {"url": "x", "html_url": "y"},
            "contributing": {"url": "x", "html_url": "y"},
            "issue_template": null,
            "pull_request_template": {"url": "x", "html_url": "y"},
            "license": {"key": "apache-2.0", "spdx_id": "Apache-2.0"},
            "readme": {"url": "x", "html_url": "y"}
        },
        "updated_at": "2025-05-30T00:00:00Z"
    })
}

fn user(login: &str) -> Value {
    json!({"login": login, "__typename": "User"})
}

fn bot(login: &str) -> Value {
    json!({"login": login, "__typename": "Bot"})
}

/// A GraphQL connection page under `data.repository.items`.
pub fn page(nodes: Value, next: Option<&str>) -> Value {
    json!({"data": {"repository": {"items": {
        "pageInfo": {"hasNextPage": next.is_some(), "endCursor": next},
        "nodes": nodes
    }}}})
}

pub fn merged_pr(
    merged_at: &str,
    updated_at: &str,
    author: Value,
    merged_by: Value,
    reviews: Value,
) -> Value {
    json!({"mergedAt": merged_at, "updatedAt": updated_at, "author": author, "mergedBy": merged_by,
           "labels": {"nodes": []}, "reviews": {"nodes": reviews}})
}

/// A pull request `a` opened and `b` merged, without reviews.
pub fn unreviewed_pr(merged_at: &str, updated_at: &str) -> Value {
    merged_pr(merged_at, updated_at, user("a"), user("b"), json!([]))
}

pub fn merged_prs() -> Value {
    json!([
        merged_pr(
            "2025-05-20T00:00:00Z",
            "2025-05-21T00:00:00Z",
            user("alice"),
            user("bob"),
            json!([{"state": "APPROVED", "author": user("bob")}])
        ),
        merged_pr(
            "2025-05-10T00:00:00Z",
            "2025-05-10T00:00:00Z",
            user("carol"),
            user("carol"),
            json!([{"state": "COMMENTED", "author": user("carol")}])
        ),
        merged_pr(
            "2025-04-15T00:00:00Z",
            "2025-04-15T00:00:00Z",
            bot("dependabot"),
            user("alice"),
            json!([{"state": "APPROVED", "author": user("alice")}])
        ),
        // Merged before the window (which starts 2025-03-03), updated inside it.
        merged_pr(
            "2024-12-01T00:00:00Z",
            "2025-03-10T00:00:00Z",
            user("dave"),
            user("erin"),
            json!([{"state": "APPROVED", "author": user("erin")}])
        ),
    ])
}

pub fn issues() -> Value {
    json!([
        {"createdAt": "2025-05-20T00:00:00Z", "author": bot("renovate"), "comments": {"nodes": []}},
        {"createdAt": "2025-05-15T00:00:00Z", "author": user("frank"), "comments": {"nodes": []}},
        {"createdAt": "2025-05-01T00:00:00Z", "author": user("erin"), "comments": {"nodes": [
            {"createdAt": "2025-05-01T01:00:00Z", "author": user("erin")},
            {"createdAt": "2025-05-01T02:00:00Z", "author": {"login": "github-actions", "__typename": "User"}},
            {"createdAt": "2025-05-01T10:00:00Z", "author": user("bob")}]}},
        {"createdAt": "2025-02-01T00:00:00Z", "author": user("gina"), "comments": {"nodes": []}}
    ])
}

pub fn opened_prs() -> Value {
    json!([
        {"createdAt": "2025-05-03T00:00:00Z", "author": user("carol"),
         "comments": {"nodes": [{"createdAt": "2025-05-05T00:00:00Z", "author": user("dave")}]},
         "reviews": {"nodes": []}},
        {"createdAt": "2025-05-02T00:00:00Z", "author": user("alice"),
         "comments": {"nodes": [{"createdAt": "2025-05-02T00:05:00Z", "author": user("codecov-commenter")}]},
         "reviews": {"nodes": [{"submittedAt": "2025-05-02T04:00:00Z", "author": user("bob")}]}}
    ])
}

pub fn latest_merged() -> Value {
    let checks = json!({"nodes": [{"commit": {
        "oid": "abc123",
        "checkSuites": {"nodes": [
            {"app": {"name": "GitHub Actions", "slug": "github-actions"}, "checkRuns": {"nodes": [
                {"name": "build", "status": "COMPLETED", "conclusion": "SUCCESS"},
                {"name": "test", "status": "COMPLETED", "conclusion": "FAILURE"}]}},
            {"app": {"name": "DCO", "slug": "dco"}, "checkRuns": {"nodes": [
                {"name": "DCO", "status": "COMPLETED", "conclusion": "SUCCESS"}]}},
            {"app": {"name": "Codecov", "slug": "codecov"}, "checkRuns": {"nodes": []}}
        ]},
        "status": {"contexts": [{"context": "EasyCLA", "state": "SUCCESS"}]}
    }}]});
    json!([
        {"number": 41, "url": "https://github.com/acme/rocket/pull/41", "mergedAt": "2025-05-10T00:00:00Z",
         "commits": {"nodes": [{"commit": {"oid": "def456", "checkSuites": {"nodes": []}, "status": null}}]}},
        {"number": 42, "url": "https://github.com/acme/rocket/pull/42", "mergedAt": "2025-05-20T00:00:00Z",
         "commits": checks}
    ])
}

/// Mounts normal answers for every endpoint (priority 5, wiremock's default);
/// tests override single endpoints with a higher priority (a lower number).
pub async fn mount_github(server: &MockServer) {
    mount_github_at(server, "", "/graphql").await;
}

/// [`mount_github`] with REST under `rest_prefix` (GitHub Enterprise Server: `/api/v3`)
/// and GraphQL at `graphql`.
pub async fn mount_github_at(server: &MockServer, rest_prefix: &str, graphql: &str) {
    let repo_path = |rest: &str| format!("{rest_prefix}{}", repo_path(rest));
    Mock::given(method("GET"))
        .and(path(repo_path("")))
        .respond_with(json_ok(repo_json("acme/rocket"), "\"repo-1\""))
        .mount(server)
        .await;
    let last = format!(
        "{}{}?state=open&per_page=1&page=12",
        server.uri(),
        repo_path("/pulls")
    );
    Mock::given(method("GET"))
        .and(path(repo_path("/pulls")))
        .and(query_param("state", "open"))
        .respond_with(
            json_ok(json!([{"number": 99}]), "\"pulls-1\"")
                .insert_header("link", format!("<{last}>; rel=\"last\"").as_str()),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(repo_path("/releases")))
        .respond_with(json_ok(releases_json(), "\"releases-1\""))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(repo_path("/community/profile")))
        .respond_with(json_ok(community_json(), "\"community-1\""))
        .mount(server)
        .await;
    for (name, body) in [
        ("query MergedPullRequests", page(merged_prs(), None)),
        ("query FirstResponseIssues", page(issues(), None)),
        ("query FirstResponsePullRequests", page(opened_prs(), None)),
        ("query LatestMergedPullRequest", page(latest_merged(), None)),
    ] {
        Mock::given(method("POST"))
            .and(path(graphql))
            .and(body_string_contains(name))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(server)
            .await;
    }
}

/// A GET answer for `/repos/acme/rocket{rest}` that takes precedence over [`mount_github`]'s.
pub fn override_get(rest: &str, response: ResponseTemplate) -> Mock {
    Mock::given(method("GET"))
        .and(path(repo_path(rest)))
        .respond_with(response)
        .with_priority(1)
}

/// A GraphQL answer for the query named `name` that takes precedence over [`mount_github`]'s.
pub fn override_query(name: &str, response: ResponseTemplate) -> Mock {
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .and(body_string_contains(format!("query {name}")))
        .respond_with(response)
        .with_priority(1)
}

/// Requests the fake received whose path starts with `prefix` and that carried `token` (None: no token).
pub async fn requests_with(server: &MockServer, prefix: &str, token: Option<&str>) -> usize {
    let want = token.map(|t| format!("Bearer {t}"));
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().starts_with(prefix))
        .filter(|r| {
            r.headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
                == want
        })
        .count()
}
