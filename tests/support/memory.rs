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
        if self.hang {
            std::future::pending::<()>().await;
        }
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

/// A matchmaker where every player already holds a ticket (`409` with its
/// id), whose long polls hang until the run stops, and whose tickets are all
/// matched by the time the player cancels them (`409` again).
#[derive(Debug, Clone, Default)]
pub struct AlreadyHeld {
    /// The tickets long-polled or read, in order.
    pub read: Arc<Mutex<Vec<String>>>,
    /// Joins sent.
    pub joins: Arc<std::sync::atomic::AtomicUsize>,
}

fn conflict(ticket_id: Option<String>) -> ClientError {
    ClientError::Status {
        status: reqwest::StatusCode::CONFLICT,
        retry_after: None,
        ticket_id,
    }
}

impl MatchClient for AlreadyHeld {
    async fn create_ticket(&self, request: &CreateTicket) -> Result<Ticket, ClientError> {
        self.joins.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Err(conflict(Some(format!("t-held-{}", request.player_id))))
    }

    async fn wait_ticket(&self, ticket_id: &str, wait: Duration) -> Result<Ticket, ClientError> {
        self.read.lock().unwrap().push(ticket_id.to_owned());
        if !wait.is_zero() {
            std::future::pending::<()>().await;
        }
        Ok(ticket(ticket_id, "p", Role::Killer, TicketStatus::Matched))
    }

    async fn cancel_ticket(&self, _: &str) -> Result<(), ClientError> {
        Err(conflict(None))
    }

    async fn health(&self) -> Result<(), ClientError> {
        Ok(())
    }
}

/// A matchmaker whose first ticket expires after 3 s of waiting, and whose
/// later tickets are matched after 1 s.
#[derive(Debug, Clone, Default)]
pub struct ExpiresOnce {
    pub tickets: Arc<std::sync::atomic::AtomicUsize>,
}

impl MatchClient for ExpiresOnce {
    async fn create_ticket(&self, request: &CreateTicket) -> Result<Ticket, ClientError> {
        let number = self
            .tickets
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let id = format!("t-{number}");
        Ok(ticket(
            &id,
            &request.player_id,
            request.role,
            TicketStatus::Queued,
        ))
    }

    async fn wait_ticket(&self, ticket_id: &str, _: Duration) -> Result<Ticket, ClientError> {
        let (after, status) = if ticket_id == "t-0" {
            (Duration::from_secs(3), TicketStatus::Expired)
        } else {
            (Duration::from_secs(1), TicketStatus::Matched)
        };
        tokio::time::sleep(after).await;
        Ok(ticket(ticket_id, "p", Role::Killer, status))
    }

    async fn cancel_ticket(&self, _: &str) -> Result<(), ClientError> {
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

/// A store whose connection breaks after it committed the first attempt of
/// every key; a retry with the same key is answered as a replay.
#[derive(Debug, Clone, Default)]
pub struct BreaksAfterCommit {
    /// Attempts by idempotency key.
    pub attempts: Arc<Mutex<std::collections::HashMap<String, u32>>>,
}

impl BreaksAfterCommit {
    /// Keys committed: one receipt each, however often they were sent.
    pub fn purchases(&self) -> usize {
        self.attempts.lock().unwrap().len()
    }
}

impl StoreClient for BreaksAfterCommit {
    async fn items(&self) -> Result<Vec<Item>, ClientError> {
        Ok(vec![Item {
            item_id: "skin-lantern".into(),
            name: "Lantern Skin".into(),
            price: 500,
            currency: "shards".into(),
        }])
    }

    async fn purchase(&self, key: &str, request: &PurchaseRequest) -> Result<Receipt, ClientError> {
        let first = {
            let mut attempts = self.attempts.lock().unwrap();
            let sent = attempts.entry(key.to_owned()).or_default();
            *sent += 1;
            *sent == 1
        };
        if first {
            return Err(ClientError::Connect);
        }
        Ok(Receipt {
            purchase_id: format!("pu-{key}"),
            player_id: request.player_id.clone(),
            item_id: request.item_id.clone(),
            price: 500,
            currency: "shards".into(),
            balance: 1_000_000,
            created_at: jiff::Timestamp::UNIX_EPOCH,
        })
    }

    async fn health(&self) -> Result<(), ClientError> {
        Ok(())
    }
}
