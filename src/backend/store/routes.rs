//! The store's HTTP handlers.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::{mpsc, oneshot};

use super::StoreState;
use super::batch::{self, Job, Outcome};
use super::db;
use crate::api::{Catalog, Item, PurchaseList, PurchaseRequest, StoreStats};
use crate::backend::error::{ApiError, ApiJson, ApiPath, check_id};

/// The header that makes a purchase safe to retry.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// `GET /v1/items`: the catalog.
pub async fn items(State(state): State<StoreState>) -> Json<Catalog> {
    Json(Catalog {
        items: state.catalog.as_ref().clone(),
    })
}

/// `POST /v1/purchases`: buy an item, at most once per `Idempotency-Key`.
pub async fn purchase(
    State(state): State<StoreState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<PurchaseRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    check_id("player_id", &request.player_id)?;
    check_id("item_id", &request.item_id)?;
    let item = match admit(&state, &request) {
        Ok(item) => item,
        Err(refusal) => return replay_or(&state, key, request, refusal).await,
    };

    let (reply, answer) = oneshot::channel();
    let job = Job {
        key,
        request,
        item,
        reply,
    };
    // A busy writer is not asked about the key: its 503 is retried, and an
    // overloaded store is not given a read for every purchase it sheds.
    state.jobs.try_send(job).map_err(|err| match err {
        mpsc::error::TrySendError::Full(_) => ApiError::overloaded("the store's writer is busy"),
        mpsc::error::TrySendError::Closed(_) => ApiError::overloaded("the store is stopping"),
    })?;
    let outcome = answer.await.unwrap_or(Outcome::Failed);
    respond(outcome)
}

/// The item of a purchase the store takes now: one in the catalog, for a
/// player within its allowance.
fn admit(state: &StoreState, request: &PurchaseRequest) -> Result<Item, ApiError> {
    let item = state
        .catalog
        .iter()
        .find(|item| item.item_id == request.item_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("no item {}", request.item_id)))?;
    if let Some(limiter) = &state.limiter {
        limiter.check(&request.player_id).map_err(|wait| {
            let message = format!(
                "player {} is over its allowance of {} purchases a second",
                request.player_id,
                limiter.rate()
            );
            ApiError::rate_limited(message, wait)
        })?;
    }
    Ok(item)
}

/// Answers a purchase the catalog or the player's allowance refuses now: a
/// retry of a key already committed is answered as it was (a replay, or 422
/// for another body); anything else gets `refusal`.
///
/// The key is read only on this path, so a purchase that is taken costs no
/// read; the writer checks keys itself, for retries racing their first
/// attempt.
async fn replay_or(
    state: &StoreState,
    key: String,
    request: PurchaseRequest,
    refusal: ApiError,
) -> Result<Response, ApiError> {
    let reader = state.reader.clone();
    let read =
        tokio::task::spawn_blocking(move || batch::committed(&reader.lock(), &key, &request));
    match read.await {
        Ok(Ok(Some(outcome))) => respond(outcome),
        Ok(Ok(None)) => Err(refusal),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "reading an idempotency key failed");
            Err(ApiError::overloaded("the store's database failed; retry"))
        }
        Err(_) => Err(ApiError::overloaded("the store's database failed; retry")),
    }
}

fn respond(outcome: Outcome) -> Result<Response, ApiError> {
    match outcome {
        Outcome::Created(receipt) => Ok((StatusCode::CREATED, Json(receipt)).into_response()),
        Outcome::Replayed(receipt) => {
            let replayed = [("idempotent-replayed", HeaderValue::from_static("true"))];
            Ok((StatusCode::OK, replayed, Json(receipt)).into_response())
        }
        Outcome::KeyReused => Err(ApiError::key_reused(
            "this Idempotency-Key was used with a different body",
        )),
        Outcome::Insufficient => Err(ApiError::insufficient_funds(
            "the wallet holds less than the item's price",
        )),
        Outcome::Failed => Err(ApiError::overloaded("the store's database failed; retry")),
    }
}

/// The `Idempotency-Key` header: 1 to 128 printable ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let value = headers
        .get(IDEMPOTENCY_KEY)
        .ok_or_else(|| ApiError::invalid("the Idempotency-Key header is required"))?;
    let bytes = value.as_bytes();
    let printable = bytes.iter().all(|b| (0x20..=0x7e).contains(b));
    if !(1..=128).contains(&bytes.len()) || !printable {
        return Err(ApiError::invalid(
            "Idempotency-Key must be 1 to 128 printable ASCII characters",
        ));
    }
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// `GET /v1/players/{player_id}/purchases`: a player's purchases, oldest first.
pub async fn purchases_of(
    State(state): State<StoreState>,
    ApiPath(player_id): ApiPath<String>,
) -> Result<Json<PurchaseList>, ApiError> {
    check_id("player_id", &player_id)?;
    let reader = state.reader.clone();
    let read = tokio::task::spawn_blocking(move || db::purchases_of(&reader.lock(), &player_id));
    match read.await {
        Ok(Ok(purchases)) => Ok(Json(PurchaseList { purchases })),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "reading purchases failed");
            Err(ApiError::overloaded("the store's database failed; retry"))
        }
        Err(_) => Err(ApiError::overloaded("the store's database failed; retry")),
    }
}

/// `GET /v1/stats`: purchases and revenue since the database was created.
pub async fn stats(State(state): State<StoreState>) -> Json<StoreStats> {
    Json(state.stats.lock().clone())
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use axum::http::header;
    use tokio::net::TcpListener;
    use tokio_util::sync::CancellationToken;

    use super::*;
    use crate::api::ErrorBody;
    use crate::backend::store::{Store, store_router};

    /// A purchase of the first catalog item by `player` that nobody awaits.
    fn parked_job(state: &StoreState, player: &str) -> Job {
        let item = state.catalog[0].clone();
        let request = PurchaseRequest {
            player_id: player.to_owned(),
            item_id: item.item_id.clone(),
        };
        let (reply, _dropped) = oneshot::channel();
        Job {
            key: format!("parked-{player}"),
            request,
            item,
            reply,
        }
    }

    /// Buys a lantern over HTTP and checks the answer is `503 overloaded` with
    /// `Retry-After: 1`.
    async fn check_overloaded(base: &url::Url, key: &str) {
        let target = base.join("v1/purchases").expect("a valid path");
        let body = serde_json::json!({"player_id": "p-1", "item_id": "skin-lantern"});
        let request = reqwest::Client::new()
            .post(target)
            .header(IDEMPOTENCY_KEY, key);
        let answer = request.json(&body).send().await.expect("an answer");
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
        let retry_after = answer.headers().get(header::RETRY_AFTER).cloned();
        assert_eq!(retry_after.as_ref().map(|v| v.as_bytes()), Some(&b"1"[..]));
        let body: ErrorBody = answer.json().await.expect("an error body");
        assert_eq!(body.error.code, "overloaded");
    }

    #[tokio::test]
    async fn a_purchase_finding_the_writers_queue_full_or_closed_answers_503_with_retry_after() {
        let store = Store::open(None).expect("a temporary store");
        // A queue of one that no writer drains, filled before any request.
        let (jobs, mut stalled) = mpsc::channel(1);
        let state = StoreState {
            jobs,
            ..store.state()
        };
        let filler = parked_job(&state, "p-0");
        state.jobs.try_send(filler).expect("the one slot is free");
        let stop = CancellationToken::new();
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
        let listener = TcpListener::bind(loopback).await.expect("a free port");
        let served = crate::backend::serve(listener, loopback, store_router(state), &stop);
        let (base, server) = served.expect("the store serves");

        check_overloaded(&base, "k-full").await;
        let queued = stalled.try_recv().map(|job| job.key);
        assert_eq!(queued.ok().as_deref(), Some("parked-p-0"));
        assert!(
            stalled.try_recv().is_err(),
            "the refused purchase was queued"
        );
        drop(stalled);
        check_overloaded(&base, "k-closed").await;

        stop.cancel();
        server.await.expect("the server stops");
        tokio::task::spawn_blocking(move || store.close())
            .await
            .expect("the store closes");
    }
}
