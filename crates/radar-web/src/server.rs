//! The HTTP server: axum routes over the renderer in [`crate::site`], the
//! security headers every response carries, health probes, and a 404 page.

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::dashboard::Live;
use crate::filter::CatalogQuery;
use crate::pages::Mode;
use crate::site::{self, Asset, Route};

/// The Content-Security-Policy of every response: nothing from elsewhere, no
/// inline script or style (SVG charts use presentation attributes and
/// classes), forms only to this site, no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every route the server answers (the rest get the 404 page).
pub fn router(live: Arc<Live>) -> Router {
    let page = get(page);
    Router::new()
        .route("/", page.clone())
        .route("/project/{id}", page.clone())
        .route("/levels", page.clone())
        .route("/level/{model}/{level}", page.clone())
        .route("/stats", page.clone())
        .route("/badge/{file}", page.clone())
        .route("/badge/{id}/{file}", page.clone())
        .route("/assets/{file}", page.clone())
        .route("/api/catalog.json", page.clone())
        .route("/api/catalog.csv", page.clone())
        .route("/api/projects.json", page.clone())
        .route("/api/projects/{file}", page.clone())
        .route("/api/projects/{id}/{file}", page.clone())
        .route("/api/assessments.json", page.clone())
        .route("/api/stats.json", page.clone())
        .route("/api/models.json", page.clone())
        .route("/api/openapi.json", page.clone())
        .route("/api/badge/{file}", page.clone())
        .route("/api/badge/{id}/{file}", page)
        .route("/api/progress.json", get(progress))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .fallback(not_found)
        .layer(axum::middleware::map_response(security_headers))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(live)
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    live: Arc<Live>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(live))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    res
}

fn respond(asset: Asset, req: &HeaderMap) -> Response {
    let fresh = req
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == asset.etag));
    let status = StatusCode::from_u16(asset.status).unwrap_or(StatusCode::OK);
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(asset.cache_control),
    );
    if let Ok(etag) = HeaderValue::from_str(&asset.etag) {
        headers.insert(header::ETAG, etag);
    }
    if fresh && status == StatusCode::OK {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (status, headers, asset.body).into_response()
}

async fn page(
    State(live): State<Arc<Live>>,
    uri: Uri,
    headers: HeaderMap,
    query: Result<Query<CatalogQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let generation = live.current();
    let path = uri.path();
    let Some(route) = Route::parse(path) else {
        return respond(
            site::not_found(
                &generation.dashboard,
                &generation.options,
                Mode::Server,
                path,
            ),
            &headers,
        );
    };
    let q = match query {
        Ok(Query(q)) => q,
        Err(e) => {
            return (StatusCode::BAD_REQUEST, format!("bad query string: {e}\n")).into_response();
        }
    };
    // Only the catalog page reads the query; other documents ignore it.
    let key = if route == Route::Catalog {
        format!("/?{}", q.cache_key())
    } else {
        path.to_owned()
    };
    let asset = generation.cache.get_or_render(&key, || {
        site::render(
            &generation.dashboard,
            &generation.options,
            Mode::Server,
            &route,
            &q,
        )
        .unwrap_or_else(|| {
            // A known kind of document for an unknown project, model or level.
            site::not_found(
                &generation.dashboard,
                &generation.options,
                Mode::Server,
                path,
            )
        })
    });
    respond(asset, &headers)
}

async fn progress(State(live): State<Arc<Live>>) -> Response {
    let mut res = axum::Json(live.progress()).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn healthz() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        "ok\n",
    )
        .into_response()
}

/// Ready once a dashboard is loaded (which `Live` guarantees: the catalog
/// pages are served before any assessment), unless the caller said otherwise
/// (its database became unreachable): then 503 with the reason.
async fn readyz(State(live): State<Arc<Live>>) -> Response {
    if let Some(why) = live.unready() {
        let mut res = (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(serde_json::json!({ "status": "unready", "reason": why })),
        )
            .into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    let g = live.current();
    let body = serde_json::json!({
        "status": "ready",
        "generation": g.number,
        "projects": g.dashboard.catalog.projects().count(),
        "assessed": g.dashboard.projects.values().filter(|p| p.assessment.is_some()).count(),
    });
    let mut res = axum::Json(body).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn not_found(State(live): State<Arc<Live>>, uri: Uri, headers: HeaderMap) -> Response {
    let g = live.current();
    respond(
        site::not_found(&g.dashboard, &g.options, Mode::Server, uri.path()),
        &headers,
    )
}
