//! [`StoreClient`] over HTTP.

use reqwest::StatusCode;
use url::Url;

use super::http::{BuildError, Transport};
use super::{ClientError, StoreClient};
use crate::api::{Catalog, Item, PurchaseRequest, Receipt};
use crate::config::HttpSettings;

/// Speaks the store half of the API over one connection pool.
#[derive(Debug, Clone)]
pub struct HttpStoreClient {
    transport: Transport,
}

impl HttpStoreClient {
    /// A client for the store at `base`.
    pub fn new(settings: &HttpSettings, base: &Url) -> Result<Self, BuildError> {
        Ok(Self {
            transport: Transport::new(settings, base)?,
        })
    }
}

impl StoreClient for HttpStoreClient {
    async fn items(&self) -> Result<Vec<Item>, ClientError> {
        let t = &self.transport;
        let catalog: Catalog = t
            .send(t.client().get(t.url(&["v1", "items"])))
            .await?
            .decode(&[StatusCode::OK])?;
        Ok(catalog.items)
    }

    async fn purchase(
        &self,
        idempotency_key: &str,
        request: &PurchaseRequest,
    ) -> Result<Receipt, ClientError> {
        let t = &self.transport;
        let builder = t
            .client()
            .post(t.url(&["v1", "purchases"]))
            .header("Idempotency-Key", idempotency_key)
            .json(request);
        // 200 is a replay of a key the store already charged: the same receipt.
        t.send(builder)
            .await?
            .decode(&[StatusCode::CREATED, StatusCode::OK])
    }

    async fn health(&self) -> Result<(), ClientError> {
        self.transport.health().await
    }
}
