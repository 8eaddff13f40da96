//! The matchmaker's state: tickets, the pools they wait in, and match forming.
//!
//! [`Queue`] is plain data behind one lock, driven by the handlers and by the
//! periodic [`Queue::tick`]. It never reads the clock itself: every call takes
//! `now`, so its rules are tested without waiting. Matching a ticket costs a few
//! `O(log n)` set operations, never a scan of the queue.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::pool::{Pool, Slot, UNLIMITED_AFTER, WIDEN_STEP, window};
use crate::api::{CreateTicket, MatchInfo, QueuedCounts, Role, Ticket, TicketStatus};

/// How long a matched or cancelled ticket stays readable.
pub const KEEP_FINISHED: Duration = Duration::from_secs(60);

/// How long a ticket may stay queued before it expires, unless configured.
pub const DEFAULT_QUEUE_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// Most widening steps one [`Queue::tick`] handles; the rest wait for the next.
const WIDEN_BUDGET: usize = 20_000;

/// Most tickets one [`Queue::tick`] expires; the rest wait for the next.
const EXPIRE_BUDGET: usize = 20_000;

/// Why a ticket was not created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The player already holds this queued ticket.
    #[error("the player already holds queued ticket {0}")]
    Conflict(String),
    /// The queue holds its maximum.
    #[error("the queue holds its maximum of {0} tickets")]
    Full(usize),
}

/// Why a ticket was not cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CancelError {
    /// No such ticket, or it expired.
    #[error("no such ticket, or it expired")]
    Unknown,
    /// The ticket is already in a match.
    #[error("the ticket is already matched")]
    Matched,
}

/// Regions and ranked-ness split tickets into pools that never mix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PoolKey {
    region: Option<String>,
    ranked: bool,
}

#[derive(Debug)]
struct Entry {
    player_id: String,
    role: Role,
    slot: Slot,
    pool: PoolKey,
    created_at: Timestamp,
    queued_at: Instant,
    status: TicketStatus,
    matched: Option<Arc<MatchInfo>>,
    waiters: Option<Arc<Notify>>,
}

/// Every ticket the matchmaker knows, and its counters.
#[derive(Debug)]
pub struct Queue {
    tickets: HashMap<u64, Entry>,
    holders: HashMap<String, u64>,
    pools: HashMap<PoolKey, Pool>,
    widenings: BinaryHeap<Reverse<(Instant, u64)>>,
    /// Queued tickets, oldest first: numbers grow with creation time.
    waiting: BTreeSet<u64>,
    expiries: VecDeque<(Instant, u64)>,
    next_ticket: u64,
    max_queued: usize,
    queue_timeout: Duration,
    queued: QueuedCounts,
    matches_formed: u64,
    tickets_created: u64,
}

/// The current time, to the millisecond as the API shows it.
pub fn now_ms() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_millisecond(now.as_millisecond()).unwrap_or(now)
}

/// The wire id of ticket number `n`.
pub fn ticket_id(n: u64) -> String {
    format!("t-{n:x}")
}

/// The number behind a wire ticket id, `None` for an id this server never gave.
pub fn ticket_number(id: &str) -> Option<u64> {
    let n = u64::from_str_radix(id.strip_prefix("t-")?, 16).ok()?;
    (ticket_id(n) == id).then_some(n)
}

impl Queue {
    /// An empty queue that holds at most `max_queued` waiting tickets, each
    /// for at most `queue_timeout` before it expires.
    pub fn new(max_queued: usize, queue_timeout: Duration) -> Self {
        Self {
            tickets: HashMap::new(),
            holders: HashMap::new(),
            pools: HashMap::new(),
            widenings: BinaryHeap::new(),
            waiting: BTreeSet::new(),
            expiries: VecDeque::new(),
            next_ticket: 1,
            max_queued,
            queue_timeout,
            queued: QueuedCounts::default(),
            matches_formed: 0,
            tickets_created: 0,
        }
    }

    /// Queues a ticket and forms the match it completes, if any.
    pub fn create(&mut self, request: CreateTicket, now: Instant) -> Result<Ticket, Refusal> {
        if let Some(&held) = self.holders.get(&request.player_id) {
            return Err(Refusal::Conflict(ticket_id(held)));
        }
        if self.queued_total() >= self.max_queued {
            return Err(Refusal::Full(self.max_queued));
        }
        let n = self.next_ticket;
        self.next_ticket += 1;
        self.tickets_created += 1;

        let pool = PoolKey {
            region: request.region,
            ranked: request.mmr.is_some(),
        };
        let slot = (request.mmr.unwrap_or(0), n);
        let entry = Entry {
            player_id: request.player_id,
            role: request.role,
            slot,
            pool: pool.clone(),
            created_at: now_ms(),
            queued_at: now,
            status: TicketStatus::Queued,
            matched: None,
            waiters: None,
        };
        self.holders.insert(entry.player_id.clone(), n);
        self.waiting.insert(n);
        self.count(entry.role, true);
        self.pools
            .entry(pool.clone())
            .or_default()
            .insert(entry.role, slot);
        if pool.ranked {
            self.widenings.push(Reverse((now + WIDEN_STEP, n)));
        }
        let mut ticket = show(n, &entry);
        self.tickets.insert(n, entry);

        // The newcomer may complete a match at once.
        self.on_arrival(n, now);
        if let Some(entry) = self.tickets.get(&n) {
            ticket.status = entry.status;
            ticket.matched = entry.matched.as_deref().cloned();
        }
        Ok(ticket)
    }

    /// The ticket as the API shows it.
    pub fn view(&self, n: u64) -> Option<Ticket> {
        self.tickets.get(&n).map(|entry| show(n, entry))
    }

    /// The ticket and, while it is queued, a wake-up for when it leaves the queue.
    ///
    /// Callers create the `Notified` future before releasing the lock, so a
    /// match formed right after still wakes it.
    pub fn watch(&mut self, n: u64) -> Option<(Ticket, Option<Arc<Notify>>)> {
        let ticket = self.view(n)?;
        let entry = self.tickets.get_mut(&n)?;
        let waiters = (entry.status == TicketStatus::Queued)
            .then(|| entry.waiters.get_or_insert_with(Arc::default).clone());
        Some((ticket, waiters))
    }

    /// Cancels a queued ticket; cancelling it again is fine.
    pub fn cancel(&mut self, n: u64, now: Instant) -> Result<(), CancelError> {
        let entry = self.tickets.get_mut(&n).ok_or(CancelError::Unknown)?;
        match entry.status {
            TicketStatus::Queued => {}
            TicketStatus::Matched => return Err(CancelError::Matched),
            TicketStatus::Cancelled | TicketStatus::Expired => return Ok(()),
        }
        entry.status = TicketStatus::Cancelled;
        self.leave_queue(n, now);
        Ok(())
    }

    /// Tickets waiting, by role.
    pub fn queued(&self) -> QueuedCounts {
        self.queued
    }

    /// Matches formed so far.
    pub fn matches_formed(&self) -> u64 {
        self.matches_formed
    }

    /// Tickets created so far.
    pub fn tickets_created(&self) -> u64 {
        self.tickets_created
    }

    /// Widens the windows that are due, expires tickets queued too long, and
    /// drops finished tickets past their time.
    pub fn tick(&mut self, now: Instant) {
        self.widen(now);
        self.expire_waiting(now);
        while let Some(&(at, n)) = self.expiries.front() {
            if at > now {
                break;
            }
            self.expiries.pop_front();
            self.tickets.remove(&n);
        }
    }

    /// Takes the tickets queued for `queue_timeout` or longer out of the
    /// queue as `expired`, oldest first, up to a budget per call.
    fn expire_waiting(&mut self, now: Instant) {
        for _ in 0..EXPIRE_BUDGET {
            let Some(&n) = self.waiting.first() else {
                return;
            };
            let Some(entry) = self.tickets.get_mut(&n) else {
                self.waiting.remove(&n);
                continue;
            };
            // A timeout too long for the clock never comes.
            match entry.queued_at.checked_add(self.queue_timeout) {
                Some(due) if due <= now => {}
                _ => return,
            }
            entry.status = TicketStatus::Expired;
            self.leave_queue(n, now);
        }
    }

    fn queued_total(&self) -> usize {
        usize::try_from(self.queued.survivor + self.queued.killer).unwrap_or(usize::MAX)
    }

    fn count(&mut self, role: Role, up: bool) {
        let counter = match role {
            Role::Survivor => &mut self.queued.survivor,
            Role::Killer => &mut self.queued.killer,
        };
        *counter = if up {
            *counter + 1
        } else {
            counter.saturating_sub(1)
        };
    }
}

mod forming;

fn show(n: u64, entry: &Entry) -> Ticket {
    Ticket {
        ticket_id: ticket_id(n),
        player_id: entry.player_id.clone(),
        role: entry.role,
        status: entry.status,
        created_at: entry.created_at,
        matched: entry.matched.as_deref().cloned(),
    }
}

#[cfg(test)]
mod tests;
