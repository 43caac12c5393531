//! The GitHub source against a fake GitHub on loopback. No test reaches the network.

mod support;

use radar_github::{CheckKind, Error, GithubFacts};
use serde_json::json;
use support::*;
use wiremock::matchers::{
    bearer_token, body_partial_json, body_string_contains, header, method, path, query_param,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    mount_github(&server).await;
    server
}

#[tokio::test]
async fn normal_answers_fill_every_figure() {
    let server = server().await;
    let (client, clock) = client(&server, &["tok1"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();

    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
    assert!(f.authenticated);
    assert_eq!(f.repository, "acme/rocket");
    assert_eq!(f.full_name.as_deref(), Some("acme/rocket"));
    assert_eq!(f.renamed_to, None);
    assert_eq!(f.archived, Some(false));
    assert_eq!(f.default_branch.as_deref(), Some("main"));
    assert_eq!(f.description.as_deref(), Some("Launches <things>"));
    assert_eq!(f.homepage, None, "an empty homepage is no homepage");
    assert_eq!(
        f.topics.as_deref(),
        Some(&["cloud".to_string(), "rockets".to_string()][..])
    );
    assert_eq!(
        (f.stars, f.forks, f.watchers),
        (Some(1234), Some(56), Some(78))
    );
    assert_eq!(f.license.as_deref(), Some("Apache-2.0"));
    // open_issues_count (30) includes the 12 open pull requests.
    assert_eq!(f.open_pull_requests, Some(12));
    assert_eq!(f.open_issues, Some(18));

    let m = f.merged_pull_requests.as_ref().unwrap();
    assert_eq!(
        (
            m.merged,
            m.reviewed,
            m.approved,
            m.bot_authored,
            m.merged_by_other
        ),
        (3, 2, 2, 1, 2)
    );
    assert_eq!(m.reviewed_share, Some(0.67));
    assert_eq!(m.window_days, 90);
    assert!(!m.truncated);

    let r = f.first_response.as_ref().unwrap();
    assert_eq!(
        (r.issues.opened, r.issues.answered, r.issues.unanswered),
        (2, 1, 1)
    );
    assert_eq!(r.issues.median_hours, Some(10.0));
    assert_eq!((r.pull_requests.opened, r.pull_requests.answered), (2, 2));
    assert_eq!(r.pull_requests.median_hours, Some(26.0));
    assert_eq!(
        (r.all.opened, r.all.answered, r.all.median_hours),
        (4, 3, Some(10.0))
    );
    assert_eq!(r.all.answered_within_48h_share, Some(0.75));

    let rel = f.releases.as_ref().unwrap();
    assert_eq!(rel.total, 3, "the draft is not counted");
    assert_eq!(rel.latest.as_ref().unwrap().tag, "v2.0.0");
    assert_eq!(rel.published_365d, 2);
    let tags: Vec<&str> = rel
        .recent_with_assets
        .iter()
        .map(|r| r.tag.as_str())
        .collect();
    assert_eq!(tags, ["v2.0.0", "v2.0.0-rc.1"]);
    assert_eq!((rel.signed, rel.with_provenance, rel.with_sbom), (1, 1, 1));
    assert_eq!(rel.recent_with_assets[0].signatures, ["rocket.tar.gz.sig"]);

    let pr = f.latest_merged_pull_request.as_ref().unwrap();
    assert_eq!(pr.number, 42);
    assert_eq!(pr.head_sha.as_deref(), Some("abc123"));
    assert!(pr.has_cla && pr.has_dco && pr.has_ci);
    assert_eq!(pr.ci_failed, 1);
    let kinds: Vec<(&str, CheckKind)> = pr
        .checks
        .iter()
        .map(|c| (c.name.as_str(), c.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("build", CheckKind::Ci),
            ("test", CheckKind::Ci),
            ("DCO", CheckKind::Dco),
            ("EasyCLA", CheckKind::Cla)
        ]
    );

    let c = f.community.as_ref().unwrap();
    assert_eq!(c.health_percentage, 85);
    assert!(
        c.files.code_of_conduct
            && c.files.contributing
            && c.files.readme
            && !c.files.issue_template
    );
    assert_eq!(c.code_of_conduct.as_deref(), Some("Contributor Covenant"));

    // Every request carried the token; nothing waited.
    assert_eq!(requests_with(&server, "/", None).await, 0);
    assert_eq!(f.requests.sent, 8, "4 REST + 4 GraphQL");
    assert!(clock.sleeps().is_empty());

    // The JSON form is what assessment expressions read.
    let v = serde_json::to_value(&f).unwrap();
    assert_eq!(v["archived"], json!(false));
    assert_eq!(v["merged_pull_requests"]["reviewed_share"], json!(0.67));
    assert_eq!(
        v["latest_merged_pull_request"]["checks"][3]["kind"],
        json!("cla")
    );
    let back: GithubFacts = serde_json::from_value(v).unwrap();
    assert_eq!(back, f);
}

#[tokio::test]
async fn pagination_follows_cursors_and_links_and_stops_at_the_window() {
    let server = server().await;
    // Merged pull requests over three pages; the second page ends before the window, so the third is never read.
    let p1 = json!([unreviewed_pr(
        "2025-05-20T00:00:00Z",
        "2025-05-20T00:00:00Z"
    )]);
    let p2 = json!([
        merged_pr(
            "2025-04-01T00:00:00Z",
            "2025-04-01T00:00:00Z",
            json!({"login": "a"}),
            json!({"login": "b"}),
            json!([{"state": "APPROVED", "author": {"login": "b"}}])
        ),
        unreviewed_pr("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"),
    ]);
    for (cursor, body, times) in [
        (Some("c1"), page(p2, Some("c2")), 1),
        (Some("c2"), page(json!([]), None), 0),
    ] {
        Mock::given(method("POST"))
            .and(body_string_contains("query MergedPullRequests"))
            .and(body_partial_json(json!({"variables": {"cursor": cursor}})))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .with_priority(1)
            .expect(times)
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(body_string_contains("query MergedPullRequests"))
        .and(body_partial_json(
            json!({"variables": {"cursor": null, "first": 50}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(p1, Some("c1"))))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    // Releases: 3 pages of 100; the total is 200 + the length of the last page. The link
    // names another host: only its page number is used, the request stays on the API base.
    let last = format!(
        "https://elsewhere.invalid{}?per_page=100&page=3",
        repo_path("/releases")
    );
    Mock::given(method("GET"))
        .and(path(repo_path("/releases")))
        .and(query_param("page", "3"))
        .respond_with(json_ok(
            json!([{"tag_name": "v0.1.0", "assets": []}, {"tag_name": "v0.0.1", "assets": []}]),
            "\"r3\"",
        ))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(repo_path("/releases")))
        .respond_with(
            json_ok(releases_json(), "\"r1\"")
                .insert_header("link", format!("<{last}>; rel=\"last\"").as_str()),
        )
        .with_priority(2)
        .mount(&server)
        .await;

    let (client, _) = client(&server, &["tok"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    let m = f.merged_pull_requests.unwrap();
    assert_eq!((m.merged, m.reviewed), (2, 1));
    assert!(!m.truncated);
    assert_eq!(f.releases.unwrap().total, 202);
    server.verify().await;
}

#[tokio::test]
async fn page_cap_marks_the_figure_truncated() {
    let server = server().await;
    let recent = json!([unreviewed_pr(
        "2025-05-20T00:00:00Z",
        "2025-05-20T00:00:00Z"
    )]);
    override_query(
        "MergedPullRequests",
        ResponseTemplate::new(200).set_body_json(page(recent, Some("more"))),
    )
    .expect(2)
    .mount(&server)
    .await;
    let mut config = config(&server, &["tok"], None);
    config.limits.max_pages = 2;
    let (client, _) = client_with(config);
    let m = client
        .facts(OWNER, NAME, now())
        .await
        .unwrap()
        .merged_pull_requests
        .unwrap();
    assert!(m.truncated);
    assert_eq!(m.merged, 2);
    server.verify().await;
}

#[tokio::test]
async fn exhausted_token_switches_to_the_next_one() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(repo_path("")))
        .and(bearer_token("tokA"))
        .respond_with(rate_limited(3600))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    let (client, clock) = client(&server, &["tokA", "tokB"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
    assert_eq!(f.archived, Some(false));
    assert!(clock.sleeps().is_empty(), "another token was free: no wait");
    // tokA's REST budget is spent: it was asked once, every other REST request went to tokB.
    assert_eq!(requests_with(&server, "/repos", Some("tokA")).await, 1);
    assert_eq!(requests_with(&server, "/repos", Some("tokB")).await, 4);
    // GraphQL has its own budget, so tokA still serves it.
    assert!(requests_with(&server, "/graphql", Some("tokA")).await > 0);
    server.verify().await;
}

#[tokio::test]
async fn exhausted_single_token_waits_for_the_reset() {
    let server = server().await;
    override_get("", rate_limited(30))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let (client, clock) = client(&server, &["tok"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
    assert_eq!(f.stars, Some(1234));
    assert_eq!(
        clock.sleeps(),
        [31],
        "waited until the reset, plus a second"
    );
    assert_eq!(f.requests.waited_seconds, 31.0);
    assert_eq!(f.requests.retries, 1);
}

#[tokio::test]
async fn reset_beyond_the_wait_limit_makes_figures_unknown_without_hammering() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited(7200))
        .with_priority(1)
        .mount(&server)
        .await;
    let (client, clock) = client(&server, &["tok"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    assert!(clock.sleeps().is_empty());
    for key in [
        "archived",
        "stars",
        "open_pull_requests",
        "open_issues",
        "releases",
        "community",
    ] {
        assert!(!f.is_known(key), "{key}");
    }
    assert_eq!(f.archived, None, "unknown, not false");
    let reason = &f.unknown["archived"];
    assert!(
        reason.contains("core rate limit exhausted") && reason.contains("7201 s"),
        "{reason}"
    );
    // One REST request learned the limit; the others did not knock again.
    assert_eq!(requests_with(&server, "/repos", Some("tok")).await, 1);
    // GraphQL figures have their own budget and are known.
    assert!(f.merged_pull_requests.is_some() && f.first_response.is_some());
}

#[tokio::test]
async fn secondary_limit_is_waited_out() {
    let server = server().await;
    override_get(
        "",
        ResponseTemplate::new(403)
            .insert_header("retry-after", "7")
            .set_body_json(json!({"message": "You have exceeded a secondary rate limit."})),
    )
    .up_to_n_times(1)
    .mount(&server)
    .await;
    override_get(
        "/community/profile",
        ResponseTemplate::new(429).insert_header("retry-after", "3"),
    )
    .up_to_n_times(2)
    .mount(&server)
    .await;
    let (client, clock) = client(&server, &["tok"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
    let mut sleeps = clock.sleeps();
    sleeps.sort_unstable();
    assert_eq!(sleeps, [3, 3, 7]);
}

#[tokio::test]
async fn secondary_limit_longer_than_allowed_is_unknown() {
    let server = server().await;
    override_get(
        "/community/profile",
        ResponseTemplate::new(403).insert_header("retry-after", "3600"),
    )
    .mount(&server)
    .await;
    let (client, clock) = client(&server, &["tok"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    assert!(clock.sleeps().is_empty());
    assert_eq!(f.community, None);
    assert!(
        f.unknown["community"].contains("secondary rate limit"),
        "{}",
        f.unknown["community"]
    );
    assert_eq!(f.unknown.len(), 1);
}

#[tokio::test]
async fn missing_repository_is_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(repo_path("")))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server, &["tok"]);
    let err = client.facts(OWNER, NAME, now()).await.unwrap_err();
    assert!(matches!(err, Error::RepositoryNotFound { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("acme/rocket") && text.contains("not found") && text.contains("catalog"),
        "{text}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "nothing else was asked"
    );
}

#[tokio::test]
async fn renamed_repository_follows_the_redirect_and_says_so() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/repos/acme/old-rocket"))
        .respond_with(ResponseTemplate::new(301).insert_header(
            "location",
            format!("{}/repositories/42", server.uri()).as_str(),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repositories/42"))
        .respond_with(json_ok(repo_json("acme/rocket"), "\"moved\""))
        .mount(&server)
        .await;
    let (client, _) = client(&server, &["tok"]);
    let f = client.facts("acme", "old-rocket", now()).await.unwrap();
    assert_eq!(f.repository, "acme/old-rocket");
    assert_eq!(f.renamed_to.as_deref(), Some("acme/rocket"));
    assert!(
        f.unknown.is_empty(),
        "later requests use the new name: {:?}",
        f.unknown
    );
}

#[tokio::test]
async fn server_errors_are_retried_with_back_off() {
    let server = server().await;
    override_get("", ResponseTemplate::new(502))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    let (client, clock) = client(&server, &["tok"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
    assert_eq!(f.archived, Some(false));
    assert_eq!(clock.sleeps(), [1, 2], "exponential back-off");
    assert_eq!(f.requests.retries, 2);
}

#[tokio::test]
async fn server_errors_that_persist_make_the_figure_unknown() {
    let server = server().await;
    override_get(
        "/community/profile",
        ResponseTemplate::new(503).set_body_json(json!({"message": "Service Unavailable"})),
    )
    .expect(4)
    .mount(&server)
    .await;
    override_query("FirstResponseIssues", ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let (client, clock) = client(&server, &["tok"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    assert_eq!(f.community, None);
    let reason = &f.unknown["community"];
    assert!(
        reason.contains("after 4 attempts") && reason.contains("503 Service Unavailable"),
        "{reason}"
    );
    assert_eq!(
        f.first_response, None,
        "one failed half makes the figure unknown, not half a figure"
    );
    assert!(f.unknown["first_response"].contains("/graphql"));
    assert_eq!(f.unknown.len(), 2, "{:?}", f.unknown);
    assert!(f.archived.is_some() && f.releases.is_some());
    let mut sleeps = clock.sleeps();
    sleeps.sort_unstable();
    assert_eq!(sleeps, [1, 1, 2, 2, 4, 4]);
    server.verify().await;
}

#[tokio::test]
async fn malformed_json_is_a_clear_unknown() {
    let server = server().await;
    override_get(
        "/releases",
        ResponseTemplate::new(200).set_body_string("{\"tag_name\": oops"),
    )
    .mount(&server)
    .await;
    override_get(
        "",
        ResponseTemplate::new(200).set_body_json(json!({"full_name": "acme/rocket"})),
    )
    .mount(&server)
    .await;
    override_query(
        "LatestMergedPullRequest",
        ResponseTemplate::new(200).set_body_string("<html>proxy error</html>"),
    )
    .mount(&server)
    .await;
    let (client, _) = client(&server, &["tok"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    let reason = &f.unknown["releases"];
    assert!(
        reason.starts_with("malformed JSON from GitHub at http")
            && reason.contains("/repos/acme/rocket/releases"),
        "{reason}"
    );
    assert!(reason.contains("line 1 column"), "{reason}");
    assert!(
        f.unknown["archived"].contains("missing field"),
        "{:?}",
        f.unknown
    );
    assert!(f.unknown["open_issues"].contains("repository request failed"));
    assert!(f.unknown["latest_merged_pull_request"].starts_with("malformed JSON"));
    assert_eq!(
        (f.releases, f.archived, f.latest_merged_pull_request),
        (None, None, None)
    );
    assert_eq!(f.open_pull_requests, Some(12));
}

#[tokio::test]
async fn etag_answers_are_served_from_the_cache() {
    let server = server().await;
    let cache = tempfile::tempdir().unwrap();
    let (client1, _) = client_with(config(&server, &["tok"], Some(cache.path())));
    let first = client1.facts(OWNER, NAME, now()).await.unwrap();
    assert_eq!(first.requests.not_modified, 0);

    // The second run asks with If-None-Match and gets 304 for every REST request.
    for (rest, etag) in [
        ("", "\"repo-1\""),
        ("/pulls", "\"pulls-1\""),
        ("/releases", "\"releases-1\""),
        ("/community/profile", "\"community-1\""),
    ] {
        Mock::given(method("GET"))
            .and(path(repo_path(rest)))
            .and(header("if-none-match", etag))
            .respond_with(ResponseTemplate::new(304))
            .with_priority(1)
            .expect(1)
            .mount(&server)
            .await;
    }
    let (client2, _) = client_with(config(&server, &["tok"], Some(cache.path())));
    let second = client2.facts(OWNER, NAME, now()).await.unwrap();
    assert_eq!(second.requests.not_modified, 4);
    assert!(second.unknown.is_empty(), "{:?}", second.unknown);
    let strip = |f: &GithubFacts| {
        let mut v = serde_json::to_value(f).unwrap();
        v.as_object_mut().unwrap().remove("requests");
        v
    };
    assert_eq!(
        strip(&first),
        strip(&second),
        "the cached answers give the same facts"
    );
    server.verify().await;
}

#[tokio::test]
async fn without_a_token_only_cheap_figures_are_fetched() {
    let server = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .with_priority(1)
        .expect(0)
        .mount(&server)
        .await;
    let (client, _) = client(&server, &[]);
    assert!(!client.is_authenticated());
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    assert!(!f.authenticated);
    assert_eq!(f.archived, Some(false));
    assert!(f.releases.is_some() && f.community.is_some());
    let needing: Vec<&str> = GithubFacts::figures_needing_token()
        .iter()
        .map(|f| f.key)
        .collect();
    let unknown: Vec<&str> = f.unknown.keys().map(String::as_str).collect();
    let mut needing_sorted = needing.clone();
    needing_sorted.sort_unstable();
    assert_eq!(unknown, needing_sorted);
    assert!(
        f.unknown
            .values()
            .all(|r| r.contains("needs a GitHub token"))
    );
    assert_eq!(
        requests_with(&server, "/", None).await,
        4,
        "no Authorization header"
    );
    server.verify().await;
}

#[tokio::test]
async fn rejected_token_falls_back_and_all_rejected_is_an_error() {
    let server = server().await;
    Mock::given(wiremock::matchers::any())
        .and(bearer_token("revoked"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"message": "Bad credentials"})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    let (with_fallback, _) = client(&server, &["revoked", "good"]);
    let f = with_fallback.facts(OWNER, NAME, now()).await.unwrap();
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
    assert_eq!(requests_with(&server, "/", Some("revoked")).await, 1);

    let (only_revoked, _) = client(&server, &["revoked"]);
    let err = only_revoked.facts(OWNER, NAME, now()).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert!(err.to_string().contains("GITHUB_TOKEN"), "{err}");
}

#[tokio::test]
async fn graphql_rate_limit_makes_token_figures_unknown() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", reset_in(3000).as_str())
                .set_body_json(json!({"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server, &["tok"]);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    for key in [
        "merged_pull_requests",
        "first_response",
        "latest_merged_pull_request",
    ] {
        assert!(
            f.unknown[key].contains("graphql rate limit exhausted"),
            "{key}: {:?}",
            f.unknown
        );
    }
    assert_eq!(f.archived, Some(false), "REST figures are unaffected");
}

#[tokio::test]
async fn slow_answers_time_out_and_become_unknown() {
    let server = server().await;
    override_get(
        "/community/profile",
        ResponseTemplate::new(200)
            .set_body_json(community_json())
            .set_delay(std::time::Duration::from_secs(2)),
    )
    .mount(&server)
    .await;
    let mut config = config(&server, &["tok"], None);
    config.timeouts.request = std::time::Duration::from_millis(150);
    config.limits.max_retries = 1;
    let (client, _) = client_with(config);
    let f = client.facts(OWNER, NAME, now()).await.unwrap();
    assert!(
        f.unknown["community"].contains("timed out"),
        "{:?}",
        f.unknown
    );
    assert!(f.archived.is_some());
}

#[tokio::test]
async fn invalid_names_are_rejected_before_any_request() {
    let server = MockServer::start().await;
    let (client, _) = client(&server, &["tok"]);
    let err = client.facts("acme", "../etc", now()).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRepository(_)), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn client_is_shareable_and_facts_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_sync<T: Send + Sync>() {}
    assert_sync::<radar_github::GithubClient>();
    let client = radar_github::GithubClient::new(radar_github::GithubConfig::default()).unwrap();
    let future = client.facts(OWNER, NAME, now());
    assert_send(&future);
}

#[tokio::test]
async fn recognises_repositories_on_the_configured_host() {
    let server = MockServer::start().await;
    let (client, _) = client(&server, &["tok"]);
    // A loopback API base serves repositories on its own host.
    assert_eq!(client.web_host(), "127.0.0.1");
    let public = radar_github::GithubClient::new(radar_github::GithubConfig::default()).unwrap();
    assert_eq!(
        public
            .recognise("git@github.com:acme/rocket.git")
            .unwrap()
            .to_string(),
        "acme/rocket"
    );
    assert!(public.recognise("https://gitlab.com/acme/rocket").is_none());
}

#[tokio::test]
async fn github_enterprise_server_layout() {
    let server = MockServer::start().await;
    mount_github_at(&server, "/api/v3", "/api/graphql").await;
    let base = format!("{}/api/v3", server.uri());
    let (client, _) = client_with(radar_github::GithubConfig {
        api_base: base.clone(),
        ..config(&server, &["tok"], None)
    });
    let host = client.web_host().to_string();
    let repo = client
        .recognise(&format!("git@{host}:acme/rocket.git"))
        .unwrap();
    let f = client.facts(&repo.owner, &repo.name, now()).await.unwrap();
    assert!(f.unknown.is_empty(), "{:?}", f.unknown);
    assert_eq!(f.api, base);
    assert!(f.first_response.is_some() && f.archived.is_some());
    assert_eq!(requests_with(&server, "/api/graphql", Some("tok")).await, 4);
}
