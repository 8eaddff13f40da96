//! The HTTP plumbing both clients share: one connection pool per service,
//! size-limited bodies, and the API's error bodies turned into [`ClientError`].

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{RequestBuilder, StatusCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::ClientError;
use crate::config::HttpSettings;

/// Largest answer body a client reads; anything longer is a `decode` error.
///
/// The API's bodies are a few hundred bytes; the limit only has to stop a
/// broken or hostile target from filling memory.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// reqwest refused the settings, for example a TLS backend that failed to load.
    #[error("could not build the HTTP client: {0}")]
    Client(#[from] reqwest::Error),
    /// The URL cannot have paths appended, such as `mailto:`.
    #[error("{0} cannot be the base URL of a service")]
    NotABase(Url),
}

/// One service's connection pool and base URL.
#[derive(Debug, Clone)]
pub(super) struct Transport {
    client: reqwest::Client,
    base: Url,
    timeout: Duration,
}

/// An answer read in full: its status, headers and body.
pub(super) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Transport {
    pub fn new(settings: &HttpSettings, base: &Url) -> Result<Self, BuildError> {
        if base.cannot_be_a_base() {
            return Err(BuildError::NotABase(base.clone()));
        }
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.connect_timeout)
            .default_headers(settings.headers.clone())
            .pool_idle_timeout(Duration::from_secs(30))
            // The API never redirects; a target that does is answered as it is.
            .redirect(reqwest::redirect::Policy::none())
            .tcp_nodelay(true)
            .build()?;
        Ok(Self {
            client,
            base: base.clone(),
            timeout: settings.timeout,
        })
    }

    /// The base URL with `segments` appended, each percent-encoded as needed.
    pub fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// The request timeout, which a long poll extends by its wait.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// `GET /healthz`, which must answer 200.
    pub async fn health(&self) -> Result<(), ClientError> {
        let answer = self.send(self.client.get(self.url(&["healthz"]))).await?;
        answer.expect(&[StatusCode::OK])
    }

    /// Sends a request and reads the whole answer, refusing bodies over [`MAX_BODY_BYTES`].
    pub async fn send(&self, request: RequestBuilder) -> Result<Answer, ClientError> {
        let mut response = request.send().await?;
        if response
            .content_length()
            .is_some_and(|len| len > MAX_BODY_BYTES as u64)
        {
            return Err(ClientError::Decode);
        }
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(ClientError::Decode);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

impl Answer {
    /// The body as `T` when the status is one of `accepted`, the API's error otherwise.
    pub fn decode<T: DeserializeOwned>(self, accepted: &[StatusCode]) -> Result<T, ClientError> {
        if !accepted.contains(&self.status) {
            return Err(self.into_error());
        }
        serde_json::from_slice(&self.body).map_err(|_| ClientError::Decode)
    }

    /// Accepts the answer when its status is one of `accepted`, ignoring the body.
    pub fn expect(self, accepted: &[StatusCode]) -> Result<(), ClientError> {
        if accepted.contains(&self.status) {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }

    /// The failure this answer stands for.
    ///
    /// A 1xx, 2xx or 3xx the call did not expect counts as a decode error:
    /// the target does not speak the contract.
    pub fn into_error(self) -> ClientError {
        if !self.status.is_client_error() && !self.status.is_server_error() {
            return ClientError::Decode;
        }
        let retry_after = self
            .headers
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| text.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let ticket_id = (self.status == StatusCode::CONFLICT)
            .then(|| serde_json::from_slice::<Conflict>(&self.body).ok())
            .flatten()
            .and_then(|body| body.error.ticket_id);
        ClientError::Status {
            status: self.status,
            retry_after,
            ticket_id,
        }
    }
}

/// The one field of a `409 conflict` body a caller acts on; the code and the
/// message are skipped unread.
#[derive(Deserialize)]
struct Conflict {
    error: ConflictDetail,
}

#[derive(Deserialize)]
struct ConflictDetail {
    ticket_id: Option<String>,
}
