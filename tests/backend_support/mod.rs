//! Helpers the backend tests share: a backend on loopback and a client for it.
#![allow(dead_code)]

use matchbench::api::{ErrorBody, MatchmakerStats, Ticket};
use matchbench::backend::{self, Backend, BackendOptions};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

/// A backend on 127.0.0.1 with ephemeral ports and a temporary database.
pub async fn backend() -> Backend {
    backend_with(BackendOptions::default()).await
}

/// A backend with the given options.
pub async fn backend_with(options: BackendOptions) -> Backend {
    backend::start(options).await.expect("the backend starts")
}

/// A client with a pool large enough for the tests' concurrency.
pub fn client() -> Client {
    Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .expect("a reqwest client")
}

/// `base` joined with `path`.
pub fn url(base: &url::Url, path: &str) -> url::Url {
    base.join(path).expect("a valid path")
}

/// The `code` of an error answer, after checking its status.
pub async fn error_code(response: Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    let body: ErrorBody = response.json().await.expect("an error body");
    body.error.code
}

/// Creates a ticket and returns the answer.
pub async fn post_ticket(client: &Client, backend: &Backend, body: Value) -> Response {
    let url = url(backend.matchmaker_url(), "v1/tickets");
    client
        .post(url)
        .json(&body)
        .send()
        .await
        .expect("the matchmaker answers")
}

/// Creates a ticket that must be accepted.
pub async fn queue(client: &Client, backend: &Backend, body: Value) -> Ticket {
    let response = post_ticket(client, backend, body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.expect("a ticket")
}

/// A survivor or killer ticket body without mmr or region.
pub fn player(id: &str, role: &str) -> Value {
    json!({"player_id": id, "role": role})
}

/// Reads a ticket, waiting up to `wait_ms` for it to change.
pub async fn get_ticket(client: &Client, backend: &Backend, id: &str, wait_ms: u64) -> Ticket {
    let path = format!("v1/tickets/{id}?wait_ms={wait_ms}");
    let response = client
        .get(url(backend.matchmaker_url(), &path))
        .send()
        .await;
    let response = response.expect("the matchmaker answers");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a ticket")
}

/// The matchmaker's counters.
pub async fn matchmaker_stats(client: &Client, backend: &Backend) -> MatchmakerStats {
    let response = client
        .get(url(backend.matchmaker_url(), "v1/stats"))
        .send()
        .await;
    let response = response.expect("the matchmaker answers");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("stats")
}

/// Waits until the matchmaker reports `n` long polls parked, so a test acts
/// only once its poll is really waiting (bounded: ten seconds at most).
pub async fn until_parked(client: &Client, backend: &Backend, n: u64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while matchmaker_stats(client, backend).await.long_polls_waiting != n {
        assert!(
            std::time::Instant::now() < deadline,
            "the long poll never parked"
        );
        tokio::task::yield_now().await;
    }
}
