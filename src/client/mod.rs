//! Clients for the services under test.
//!
//! [`MatchClient`] and [`StoreClient`] are the seams between the runner and a
//! target: the runner only speaks these traits, and [`HttpMatchClient`] and
//! [`HttpStoreClient`] implement them over the HTTP contract in [`crate::api`].
//! A studio with a different API adds its own implementation of the traits.
//!
//! Every failure is a [`ClientError`] whose [`ErrorKind`] the runner counts; no
//! call formats a string or panics on a bad answer.

mod error;
mod http;
mod matchmaker;
mod store;

use std::future::Future;
use std::time::Duration;

use crate::api::{CreateTicket, Item, PurchaseRequest, Receipt, Ticket};

pub use error::{ClientError, ErrorKind};
pub use http::{BuildError, MAX_BODY_BYTES};
pub use matchmaker::HttpMatchClient;
pub use store::HttpStoreClient;

/// What the runner needs from a matchmaker.
pub trait MatchClient: Send + Sync + 'static {
    /// Puts a player in the queue; `POST /v1/tickets`.
    fn create_ticket(
        &self,
        request: &CreateTicket,
    ) -> impl Future<Output = Result<Ticket, ClientError>> + Send;

    /// Reads a ticket, waiting up to `wait` for it to change; `GET /v1/tickets/{id}`.
    fn wait_ticket(
        &self,
        ticket_id: &str,
        wait: Duration,
    ) -> impl Future<Output = Result<Ticket, ClientError>> + Send;

    /// Takes a queued ticket out of the queue; `DELETE /v1/tickets/{id}`.
    fn cancel_ticket(
        &self,
        ticket_id: &str,
    ) -> impl Future<Output = Result<(), ClientError>> + Send;

    /// Checks that the matchmaker can take work; `GET /healthz`.
    fn health(&self) -> impl Future<Output = Result<(), ClientError>> + Send;
}

/// What the runner needs from a store.
pub trait StoreClient: Send + Sync + 'static {
    /// Reads the catalog; `GET /v1/items`.
    fn items(&self) -> impl Future<Output = Result<Vec<Item>, ClientError>> + Send;

    /// Buys an item; `POST /v1/purchases`. A replayed key answers the original receipt.
    fn purchase(
        &self,
        idempotency_key: &str,
        request: &PurchaseRequest,
    ) -> impl Future<Output = Result<Receipt, ClientError>> + Send;

    /// Checks that the store can take work; `GET /healthz`.
    fn health(&self) -> impl Future<Output = Result<(), ClientError>> + Send;
}
