//! In-memory clients for runner tests on tokio's paused clock: no sockets, no
//! matching; they record what the runner asks of them.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use matchbench::api::{CreateTicket, Item, PurchaseRequest, Receipt, Role, Ticket, TicketStatus};
use matchbench::client::{ClientError, MatchClient, StoreClient};
use tokio::time::Instant;

/// One join the runner sent.
#[derive(Debug, Clone)]
pub struct Join {
    pub at: Instant,
    pub player_id: String,
    pub role: Role,
}

/// What the fake matchmaker saw.
#[derive(Debug, Default)]
pub struct Seen {
    pub joins: Vec<Join>,
    pub cancelled: HashSet<String>,
}

/// A matchmaker that queues every ticket forever, or hangs on every call.
#[derive(Debug, Clone, Default)]
pub struct QueueForever {
    pub seen: Arc<Mutex<Seen>>,
    pub hang: bool,
    /// Answers every long poll at once, ignoring its wait.
    pub impatient: bool,
    /// Long polls answered.
    pub polls: Arc<std::sync::atomic::AtomicUsize>,
}

impl QueueForever {
    pub fn hanging() -> Self {
        Self {
            hang: true,
            ..Self::default()
        }
    }

    pub fn impatient() -> Self {
        Self {
            impatient: true,
            ..Self::default()
        }
    }
}

fn ticket(id: &str, request_player: &str, role: Role, status: TicketStatus) -> Ticket {
    Ticket {
        ticket_id: id.to_owned(),
        player_id: request_player.to_owned(),
        role,
        status,
        created_at: jiff::Timestamp::UNIX_EPOCH,
        matched: None,
    }
}

impl MatchClient for QueueForever {
    async fn create_ticket(&self, request: &CreateTicket) -> Result<Ticket, ClientError> {
        self.seen.lock().unwrap().joins.push(Join {
            at: Instant::now(),
            player_id: request.player_id.clone(),
            role: request.role,
        });
        let id = format!("t-{}", request.player_id);
        Ok(ticket(
            &id,
            &request.player_id,
            request.role,
            TicketStatus::Queued,
        ))
    }

    async fn wait_ticket(&self, ticket_id: &str, wait: Duration) -> Result<Ticket, ClientError> {
        if self.hang {
            std::future::pending::<()>().await;
        }
        if !self.impatient {
            tokio::time::sleep(wait).await;
        }
        self.polls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(ticket(ticket_id, "p", Role::Survivor, TicketStatus::Queued))
    }

    async fn cancel_ticket(&self, ticket_id: &str) -> Result<(), ClientError> {
        if self.hang {
            std::future::pending::<()>().await;
        }
        self.seen
            .lock()
            .unwrap()
            .cancelled
            .insert(ticket_id.to_owned());
        Ok(())
    }

    async fn health(&self) -> Result<(), ClientError> {
        Ok(())
    }
}

/// A store that sells nothing; runner tests on the paused clock buy nothing.
#[derive(Debug, Clone, Default)]
pub struct NoStore;

impl StoreClient for NoStore {
    async fn items(&self) -> Result<Vec<Item>, ClientError> {
        Ok(Vec::new())
    }

    async fn purchase(&self, _: &str, _: &PurchaseRequest) -> Result<Receipt, ClientError> {
        Err(ClientError::Connect)
    }

    async fn health(&self) -> Result<(), ClientError> {
        Ok(())
    }
}
