//! How a call to a target can fail.

use std::time::Duration;

use reqwest::StatusCode;

/// The kinds of failure the runner counts, one counter each; the
/// discriminant is the counter's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(usize)]
pub enum ErrorKind {
    /// No complete answer within the request timeout.
    Timeout,
    /// The connection could not be made, or broke before an answer.
    Connect,
    /// A 4xx answer.
    Http4xx,
    /// A 5xx answer.
    Http5xx,
    /// An answer that is not the API's JSON, or is too large.
    Decode,
}

impl ErrorKind {
    /// Every kind, in report order.
    pub const ALL: [ErrorKind; 5] = [
        ErrorKind::Timeout,
        ErrorKind::Connect,
        ErrorKind::Http4xx,
        ErrorKind::Http5xx,
        ErrorKind::Decode,
    ];

    /// The kind's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Timeout => "timeout",
            ErrorKind::Connect => "connect",
            ErrorKind::Http4xx => "http_4xx",
            ErrorKind::Http5xx => "http_5xx",
            ErrorKind::Decode => "decode",
        }
    }
}

/// A failed call.
///
/// Only the fields a caller acts on are kept: the status, the server's
/// `Retry-After`, and on a ticket conflict the id of the player's existing ticket.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// No complete answer within the request timeout.
    #[error("timed out")]
    Timeout,
    /// The connection could not be made, or broke before an answer.
    #[error("connection failed")]
    Connect,
    /// The server answered with a status the call does not accept.
    #[error("answered {status}")]
    Status {
        /// The status of the answer.
        status: StatusCode,
        /// The server's `Retry-After`, when it sent one in seconds.
        retry_after: Option<Duration>,
        /// On `409 conflict` for a ticket: the player's existing ticket.
        ticket_id: Option<String>,
    },
    /// The answer could not be read as the API's JSON, or was too large.
    #[error("answer could not be decoded")]
    Decode,
}

impl ClientError {
    /// The counter this failure goes to.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ClientError::Timeout => ErrorKind::Timeout,
            ClientError::Connect => ErrorKind::Connect,
            ClientError::Status { status, .. } if status.is_server_error() => ErrorKind::Http5xx,
            ClientError::Status { .. } => ErrorKind::Http4xx,
            ClientError::Decode => ErrorKind::Decode,
        }
    }

    /// The status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the server asked the caller to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ClientError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the server is shedding load (429 or 503) and the call should back off.
    pub fn is_overload(&self) -> bool {
        matches!(
            self.status(),
            Some(StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE)
        )
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(err: reqwest::Error) -> Self {
        // A connect timeout is both; the connection was never made.
        if err.is_connect() {
            ClientError::Connect
        } else if err.is_timeout() {
            ClientError::Timeout
        } else if err.is_decode() {
            ClientError::Decode
        } else {
            // Refused, reset, or a body that broke off: the connection failed.
            ClientError::Connect
        }
    }
}
