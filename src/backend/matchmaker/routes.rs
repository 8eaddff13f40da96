//! The matchmaker's HTTP handlers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::queue::{CancelError, Refusal, ticket_number};
use super::{MAX_WAIT, MatchmakerState};
use crate::api::{CreateTicket, MatchmakerStats, Ticket};
use crate::backend::error::{ApiError, ApiJson, ApiPath, ApiQuery, check_id};

/// The query of `GET /v1/tickets/{ticket_id}`.
#[derive(Debug, Deserialize)]
pub struct WaitQuery {
    wait_ms: Option<u64>,
}

/// `POST /v1/tickets`: queue a player.
pub async fn create(
    State(state): State<MatchmakerState>,
    ApiJson(request): ApiJson<CreateTicket>,
) -> Result<impl IntoResponse, ApiError> {
    check_ticket(&request)?;
    let created = state.queue.lock().create(request, Instant::now());
    let ticket = created.map_err(|refusal| match refusal {
        Refusal::Conflict(held) => {
            ApiError::conflict("the player already holds a queued ticket").with_ticket(held)
        }
        Refusal::Full(max) => ApiError::overloaded(format!("the queue holds {max} tickets")),
    })?;
    let mut headers = HeaderMap::new();
    let location = format!("/v1/tickets/{}", ticket.ticket_id);
    if let Ok(value) = HeaderValue::try_from(location) {
        headers.insert(header::LOCATION, value);
    }
    Ok((StatusCode::CREATED, headers, Json(ticket)))
}

/// `GET /v1/tickets/{ticket_id}?wait_ms=N`: the ticket, once it changes or `N` ms pass.
pub async fn show(
    State(state): State<MatchmakerState>,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<WaitQuery>,
) -> Result<Json<Ticket>, ApiError> {
    let n = ticket_number(&id).ok_or_else(|| unknown_ticket(&id))?;
    let wait = Duration::from_millis(query.wait_ms.unwrap_or(0)).min(MAX_WAIT);
    // The wake-up is registered under the lock, so no match can slip past it.
    let (ticket, woken) = {
        let mut queue = state.queue.lock();
        let (ticket, waiters) = queue.watch(n).ok_or_else(|| unknown_ticket(&id))?;
        let waiting = waiters.filter(|_| !wait.is_zero());
        (ticket, waiting.map(Notify::notified_owned))
    };
    let Some(woken) = woken else {
        return Ok(Json(ticket));
    };
    let _parked = Parked::new(&state.long_polls);
    tokio::select! {
        _ = woken => {}
        _ = tokio::time::sleep(wait) => {}
        _ = state.stop.cancelled() => {}
    }
    let latest = state.queue.lock().view(n);
    latest.map(Json).ok_or_else(|| unknown_ticket(&id))
}

/// `DELETE /v1/tickets/{ticket_id}`: leave the queue.
pub async fn cancel(
    State(state): State<MatchmakerState>,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let n = ticket_number(&id).ok_or_else(|| unknown_ticket(&id))?;
    let cancelled = state.queue.lock().cancel(n, Instant::now());
    match cancelled {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(CancelError::Unknown) => Err(unknown_ticket(&id)),
        Err(CancelError::Matched) => Err(ApiError::conflict(format!(
            "ticket {id} is already matched"
        ))),
    }
}

/// `GET /v1/stats`: queue sizes and counters.
pub async fn stats(State(state): State<MatchmakerState>) -> Json<MatchmakerStats> {
    let queue = state.queue.lock();
    Json(MatchmakerStats {
        queued: queue.queued(),
        matches_formed: queue.matches_formed(),
        tickets_created: queue.tickets_created(),
        long_polls_waiting: state.long_polls.load(Ordering::Relaxed),
    })
}

/// Counts a long poll as waiting for as long as it lives.
struct Parked<'a>(&'a AtomicU64);

impl<'a> Parked<'a> {
    fn new(count: &'a AtomicU64) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Self(count)
    }
}

impl Drop for Parked<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn unknown_ticket(id: &str) -> ApiError {
    ApiError::not_found(format!("no ticket {id}, or it expired"))
}

/// Checks the fields serde cannot: identifier alphabets and ranges.
fn check_ticket(request: &CreateTicket) -> Result<(), ApiError> {
    check_id("player_id", &request.player_id)?;
    if request.mmr.is_some_and(|mmr| mmr > 10_000) {
        return Err(ApiError::invalid(
            "`mmr` must be an integer from 0 to 10000",
        ));
    }
    if let Some(region) = &request.region {
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !(1..=32).contains(&region.len()) || !region.chars().all(allowed) {
            return Err(ApiError::invalid(
                "`region` must be 1 to 32 characters from [a-z0-9-]",
            ));
        }
    }
    Ok(())
}
