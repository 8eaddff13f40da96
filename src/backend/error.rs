//! The API's error answers, and the extractors that turn bad requests into them.
//!
//! Every non-2xx answer of both services is an [`ApiError`]: a status and the
//! `{"error": {"code", "message"}}` body of [`crate::api::ErrorBody`]. The
//! extractors here ([`ApiJson`], [`ApiPath`], [`ApiQuery`]) replace axum's own
//! so that malformed input gets that body instead of axum's plain text.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::api::{ErrorBody, ErrorDetail};

/// Largest request body either service reads.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// An error answer: status, stable code, message, and the optional extras.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable code of api.md, such as `conflict`.
    pub code: &'static str,
    /// The explanation for people.
    pub message: String,
    /// The existing ticket, on a `409` for a player who already holds one.
    pub ticket_id: Option<String>,
    /// Seconds to wait before retrying, sent as `Retry-After`.
    pub retry_after_secs: Option<u32>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            ticket_id: None,
            retry_after_secs: None,
        }
    }

    /// `400 invalid_request`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    /// `404 not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// `409 conflict`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// `402 insufficient_funds`.
    pub fn insufficient_funds(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYMENT_REQUIRED, "insufficient_funds", message)
    }

    /// `422 idempotency_key_reused`.
    pub fn key_reused(message: impl Into<String>) -> Self {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        Self::new(status, "idempotency_key_reused", message)
    }

    /// `503 overloaded` with `Retry-After: 1`.
    pub fn overloaded(message: impl Into<String>) -> Self {
        let mut err = Self::new(StatusCode::SERVICE_UNAVAILABLE, "overloaded", message);
        err.retry_after_secs = Some(1);
        err
    }

    /// `429 rate_limited` with `Retry-After`: the wait, in whole seconds, at least 1.
    pub fn rate_limited(message: impl Into<String>, wait: std::time::Duration) -> Self {
        let mut err = Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message);
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        err.retry_after_secs = Some(u32::try_from(secs.max(1)).unwrap_or(u32::MAX));
        err
    }

    /// `413 payload_too_large`.
    pub fn too_large() -> Self {
        let message = format!("the body is over the limit of {BODY_LIMIT_BYTES} bytes");
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", message)
    }

    /// Adds the existing ticket's id to a `409`.
    pub fn with_ticket(mut self, ticket_id: String) -> Self {
        self.ticket_id = Some(ticket_id);
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
                ticket_id: self.ticket_id,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Answers a path that no route serves.
pub async fn unknown_route() -> ApiError {
    ApiError::not_found("no route serves this path")
}

/// Answers a known path asked with a method it does not serve.
pub async fn wrong_method() -> ApiError {
    let status = StatusCode::METHOD_NOT_ALLOWED;
    ApiError::new(
        status,
        "method_not_allowed",
        "this path does not serve this method",
    )
}

/// A JSON object body, read up to [`BODY_LIMIT_BYTES`] whatever its
/// `Content-Type`. serde would also fill a struct from an array of its
/// fields in order; the API's bodies are objects, so an array is refused.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(body_error)?;
        let first = bytes
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if first.is_some_and(|b| *b != b'{') {
            return Err(ApiError::invalid("the body must be a JSON object"));
        }
        serde_json::from_slice(&bytes)
            .map(ApiJson)
            .map_err(|err| ApiError::invalid(format!("the body is not valid here: {err}")))
    }
}

fn body_error(rejection: BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::too_large()
    } else {
        ApiError::invalid(format!("the body could not be read: {rejection}"))
    }
}

/// A path parameter, with a `400` body when it cannot be decoded.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|err| ApiError::invalid(format!("bad path parameter: {err}")))
    }
}

/// A query string, with a `400` body when it cannot be decoded.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|err| ApiError::invalid(format!("bad query string: {err}")))
    }
}

/// Checks an identifier: 1 to 64 characters from `[A-Za-z0-9._:-]`.
pub fn check_id(field: &str, value: &str) -> Result<(), ApiError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-');
    if (1..=64).contains(&value.len()) && value.chars().all(allowed) {
        Ok(())
    } else {
        Err(ApiError::invalid(format!(
            "`{field}` must be 1 to 64 characters from [A-Za-z0-9._:-]"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_accept_the_documented_alphabet_only() {
        assert!(check_id("player_id", "p-000123:eu_1.x").is_ok());
        assert!(check_id("player_id", "").is_err());
        assert!(check_id("player_id", "has space").is_err());
        assert!(check_id("player_id", &"a".repeat(65)).is_err());
        assert!(check_id("player_id", "é").is_err());
    }
}
