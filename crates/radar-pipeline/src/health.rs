//! The worker's health endpoints, which the Kubernetes manifests probe
//! (`deploy/kubernetes/worker.yaml`, docs/deploy.md):
//!
//! - `GET /healthz`: 200 while the work loop (or the lease renewal of the job
//!   in hand) showed progress within the liveness window, else 503;
//! - `GET /readyz`: 200 when the last database call worked, else 503.
//!
//! Both answer with the worker's `HealthReport` as JSON.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use radar_store::WorkerHealth;

#[derive(Clone)]
struct Probe {
    health: Arc<WorkerHealth>,
    window: Duration,
}

/// Serves the probes on `listener` until the task is dropped or aborted.
pub async fn serve(listener: tokio::net::TcpListener, health: Arc<WorkerHealth>, window: Duration) {
    let app = Router::new()
        .route("/healthz", get(live))
        .route("/readyz", get(ready))
        .with_state(Probe { health, window });
    if let Err(e) = axum::serve(listener, app).await {
        tracing::warn!("the health endpoint stopped: {e}");
    }
}

async fn live(State(p): State<Probe>) -> Response {
    answer(p.health.is_live(p.window), &p.health)
}

async fn ready(State(p): State<Probe>) -> Response {
    answer(p.health.is_ready(), &p.health)
}

fn answer(ok: bool, health: &WorkerHealth) -> Response {
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(health.report())).into_response()
}
