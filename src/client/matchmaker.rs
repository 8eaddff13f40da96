//! [`MatchClient`] over HTTP.

use std::time::Duration;

use reqwest::StatusCode;
use url::Url;

use super::http::{BuildError, Transport};
use super::{ClientError, MatchClient};
use crate::api::{CreateTicket, Ticket};
use crate::config::HttpSettings;

/// Speaks the matchmaker half of the API over one connection pool.
#[derive(Debug, Clone)]
pub struct HttpMatchClient {
    transport: Transport,
}

impl HttpMatchClient {
    /// A client for the matchmaker at `base`.
    pub fn new(settings: &HttpSettings, base: &Url) -> Result<Self, BuildError> {
        Ok(Self {
            transport: Transport::new(settings, base)?,
        })
    }
}

impl MatchClient for HttpMatchClient {
    async fn create_ticket(&self, request: &CreateTicket) -> Result<Ticket, ClientError> {
        let t = &self.transport;
        let answer = t
            .send(t.client().post(t.url(&["v1", "tickets"])).json(request))
            .await?;
        answer.decode(&[StatusCode::CREATED])
    }

    async fn wait_ticket(&self, ticket_id: &str, wait: Duration) -> Result<Ticket, ClientError> {
        let t = &self.transport;
        let mut url = t.url(&["v1", "tickets", ticket_id]);
        let wait_ms = wait.as_millis();
        if wait_ms > 0 {
            url.query_pairs_mut()
                .append_pair("wait_ms", &wait_ms.to_string());
        }
        // The server holds a long poll for up to `wait`; the timeout covers that too.
        let request = t
            .client()
            .get(url)
            .timeout(t.timeout().saturating_add(wait));
        t.send(request).await?.decode(&[StatusCode::OK])
    }

    async fn cancel_ticket(&self, ticket_id: &str) -> Result<(), ClientError> {
        let t = &self.transport;
        let answer = t
            .send(t.client().delete(t.url(&["v1", "tickets", ticket_id])))
            .await?;
        answer.expect(&[StatusCode::NO_CONTENT, StatusCode::OK])
    }

    async fn health(&self) -> Result<(), ClientError> {
        self.transport.health().await
    }
}
