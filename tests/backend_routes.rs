//! The OpenAPI file, the routers, and the errors every route shares.

mod backend_support;

use std::collections::BTreeSet;

use backend_support::*;
use matchbench::api::Health;
use matchbench::backend::{MATCHMAKER_ROUTES, RouteSpec, STORE_ROUTES};
use reqwest::{Method, StatusCode};
use serde_json::Value;

const OPENAPI: &str = include_str!("../schema/api.openapi.yaml");
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// `(path, method)` of every operation the OpenAPI file tags with `service`.
fn documented(service: &str) -> BTreeSet<(String, String)> {
    let doc: Value = serde_saphyr::from_str(OPENAPI).expect("the OpenAPI file parses");
    let paths = doc["paths"].as_object().expect("a paths object");
    let mut found = BTreeSet::new();
    for (path, item) in paths {
        for method in METHODS {
            let operation = &item[method.to_lowercase()];
            let tags = operation["tags"].as_array().cloned().unwrap_or_default();
            if tags.iter().any(|tag| tag == service) {
                found.insert((path.clone(), method.to_owned()));
            }
        }
    }
    found
}

fn served(routes: &[RouteSpec]) -> BTreeSet<(String, String)> {
    let pairs = routes.iter().flat_map(|route| {
        route
            .methods
            .iter()
            .map(|method| (route.path.to_owned(), (*method).to_owned()))
    });
    pairs.collect()
}

#[test]
fn the_openapi_file_documents_exactly_the_routes_each_service_serves() {
    assert_eq!(documented("matchmaker"), served(MATCHMAKER_ROUTES));
    assert_eq!(documented("store"), served(STORE_ROUTES));
}

#[test]
fn the_openapi_file_documents_the_answers_each_route_can_give() {
    let doc: Value = serde_saphyr::from_str(OPENAPI).expect("the OpenAPI file parses");
    let paths = doc["paths"].as_object().expect("a paths object");
    for (path, item) in paths {
        for method in METHODS {
            let responses = &item[method.to_lowercase()]["responses"];
            if responses.is_object() {
                assert!(
                    responses["405"].is_object(),
                    "{method} {path} lacks its 405"
                );
            }
        }
    }
    let history = &paths["/v1/players/{player_id}/purchases"]["get"]["responses"];
    assert!(history["503"].is_object(), "the history's 503 is missing");
    let cancelled = &paths["/v1/tickets/{ticket_id}"]["delete"]["responses"]["204"];
    let described = cancelled["description"].as_str().unwrap_or_default();
    assert!(described.contains("expired"), "{described}");
}

/// Asks every method of every route table path and checks only the listed ones are served.
async fn check_router_serves(base: &url::Url, routes: &[RouteSpec]) {
    let client = client();
    for route in routes {
        let path = route
            .path
            .replace("{ticket_id}", "t-1")
            .replace("{player_id}", "p-1");
        for method in METHODS {
            let request = client.request(
                Method::from_bytes(method.as_bytes()).expect("a method"),
                url(base, &path),
            );
            let response = request.body("{}").send().await.expect("an answer");
            let status = response.status();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let message = body["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if route.methods.contains(&method) {
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                assert!(
                    !message.starts_with("no route"),
                    "{method} {path}: {message}"
                );
            } else {
                assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                assert_eq!(body["error"]["code"], "method_not_allowed");
            }
        }
    }
}

#[tokio::test]
async fn the_routers_serve_their_route_tables_and_answer_405_for_other_methods() {
    let backend = backend().await;
    check_router_serves(backend.matchmaker_url(), MATCHMAKER_ROUTES).await;
    check_router_serves(backend.store_url(), STORE_ROUTES).await;
    backend.shutdown().await;
}

#[tokio::test]
async fn unknown_routes_answer_a_json_404_on_both_services() {
    let backend = backend().await;
    let client = client();
    for base in [backend.matchmaker_url(), backend.store_url()] {
        let response = client
            .get(url(base, "v2/nothing"))
            .send()
            .await
            .expect("an answer");
        assert_eq!(
            error_code(response, StatusCode::NOT_FOUND).await,
            "not_found"
        );
    }
}

#[tokio::test]
async fn both_services_report_their_health() {
    let backend = backend().await;
    let client = client();
    for base in [backend.matchmaker_url(), backend.store_url()] {
        let response = client
            .get(url(base, "healthz"))
            .send()
            .await
            .expect("an answer");
        assert_eq!(response.status(), StatusCode::OK);
        let health: Health = response.json().await.expect("a health body");
        assert_eq!(health.status, "ok");
    }
}

#[tokio::test]
async fn bodies_over_64_kib_answer_413_on_both_services() {
    let backend = backend().await;
    let client = client();
    let big = format!("{{\"player_id\": \"{}\"}}", "x".repeat(70 * 1024));
    let targets = [
        url(backend.matchmaker_url(), "v1/tickets"),
        url(backend.store_url(), "v1/purchases"),
    ];
    for target in targets {
        let request = client
            .post(target)
            .header("idempotency-key", "k")
            .body(big.clone());
        let response = request.send().await.expect("an answer");
        assert_eq!(
            error_code(response, StatusCode::PAYLOAD_TOO_LARGE).await,
            "payload_too_large"
        );
    }
}

#[tokio::test]
async fn malformed_bodies_answer_400_invalid_request() {
    let backend = backend().await;
    let client = client();
    let tickets = url(backend.matchmaker_url(), "v1/tickets");
    let bodies: [&[u8]; 11] = [
        b"{not json",
        br#"["p-5", "survivor"]"#,
        br#"  [{"player_id": "p-5", "role": "survivor"}]"#,
        b"\xff\xfe{}",
        b"",
        br#"{"role": "survivor"}"#,
        br#"{"player_id": "p-1", "role": "medic"}"#,
        br#"{"player_id": "p 1", "role": "killer"}"#,
        br#"{"player_id": "p-1", "role": "killer", "mmr": 10001}"#,
        br#"{"player_id": "p-1", "role": "killer", "mmr": -5}"#,
        br#"{"player_id": "p-1", "role": "killer", "region": "EU"}"#,
    ];
    for body in bodies {
        let response = client
            .post(tickets.clone())
            .body(body.to_vec())
            .send()
            .await;
        let response = response.expect("an answer");
        let shown = String::from_utf8_lossy(body).into_owned();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{shown}");
        assert_eq!(
            error_code(response, StatusCode::BAD_REQUEST).await,
            "invalid_request"
        );
    }
}

#[tokio::test]
async fn unknown_tickets_and_bad_waits_answer_404_and_400() {
    let backend = backend().await;
    let client = client();
    for id in ["t-ffff", "nonsense"] {
        let target = url(backend.matchmaker_url(), &format!("v1/tickets/{id}"));
        let response = client.get(target.clone()).send().await.expect("an answer");
        assert_eq!(
            error_code(response, StatusCode::NOT_FOUND).await,
            "not_found"
        );
        let response = client.delete(target).send().await.expect("an answer");
        assert_eq!(
            error_code(response, StatusCode::NOT_FOUND).await,
            "not_found"
        );
    }
    let target = url(backend.matchmaker_url(), "v1/tickets/t-1?wait_ms=soon");
    let response = client.get(target).send().await.expect("an answer");
    assert_eq!(
        error_code(response, StatusCode::BAD_REQUEST).await,
        "invalid_request"
    );
}
