//! The reference matchmaker: tickets, long polls, and match forming.
//!
//! [`MatchmakerState`] is the shared state the handlers of [`routes`] work on:
//! one [`queue::Queue`] behind a lock, a periodic ticker that widens mmr windows,
//! expires tickets queued too long and forgets finished ones, and the token that ends waiting long polls
//! when the service stops.

mod pool;
mod queue;
mod routes;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use axum::Router;
use axum::routing::MethodRouter;
use parking_lot::Mutex;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::RouteSpec;
pub use pool::{UNLIMITED_AFTER, WIDEN_STEP, window};
pub use queue::{DEFAULT_QUEUE_TIMEOUT, KEEP_FINISHED, Queue};

/// The paths and methods the matchmaker serves.
pub const MATCHMAKER_ROUTES: &[RouteSpec] = &[
    RouteSpec {
        path: "/v1/tickets",
        methods: &["POST"],
    },
    RouteSpec {
        path: "/v1/tickets/{ticket_id}",
        methods: &["GET", "DELETE"],
    },
    RouteSpec {
        path: "/v1/stats",
        methods: &["GET"],
    },
    RouteSpec {
        path: "/healthz",
        methods: &["GET"],
    },
];

/// How often the ticker widens windows and expires tickets.
const TICK: Duration = Duration::from_millis(100);

/// The longest a long poll waits, whatever `wait_ms` asks.
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// The matchmaker's shared state; cheap to clone.
#[derive(Debug, Clone)]
pub struct MatchmakerState {
    queue: Arc<Mutex<Queue>>,
    stop: CancellationToken,
    /// Long polls parked on a ticket right now.
    long_polls: Arc<AtomicU64>,
}

impl MatchmakerState {
    /// A matchmaker holding at most `max_queued` waiting tickets, each for at
    /// most `queue_timeout`; cancelling `stop` ends its ticker and answers its
    /// waiting long polls.
    pub fn new(max_queued: usize, queue_timeout: Duration, stop: CancellationToken) -> Self {
        Self {
            queue: Arc::new(Mutex::new(Queue::new(max_queued, queue_timeout))),
            stop,
            long_polls: Arc::default(),
        }
    }

    /// Starts the ticker that widens mmr windows, expires tickets queued too
    /// long, and forgets finished ones.
    pub fn spawn_ticker(&self) -> JoinHandle<()> {
        let state = self.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(TICK);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = state.stop.cancelled() => return,
                    // `tick()` yields the instant the tick was due; a late one runs after it.
                    _ = interval.tick() => state.queue.lock().tick(Instant::now()),
                }
            }
        })
    }
}

/// The matchmaker's routes over `state`, with JSON errors for unknown routes
/// and wrong methods.
///
/// The router is built from [`MATCHMAKER_ROUTES`], so it serves nothing the
/// table does not list; the route tests check it serves everything listed.
pub fn matchmaker_router(state: MatchmakerState) -> Router {
    super::router_from(MATCHMAKER_ROUTES, handlers, state)
}

/// The handlers of one route table entry.
fn handlers(route: &RouteSpec) -> MethodRouter<MatchmakerState> {
    let add = |served: MethodRouter<MatchmakerState>, method: &&str| match (route.path, *method) {
        ("/v1/tickets", "POST") => served.post(routes::create),
        ("/v1/tickets/{ticket_id}", "GET") => served.get(routes::show),
        ("/v1/tickets/{ticket_id}", "DELETE") => served.delete(routes::cancel),
        ("/v1/stats", "GET") => served.get(routes::stats),
        ("/healthz", "GET") => served.get(super::healthz),
        _ => served,
    };
    route.methods.iter().fold(MethodRouter::new(), add)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{CreateTicket, Role, TicketStatus};

    #[tokio::test(start_paused = true)]
    async fn the_ticker_widens_windows_without_any_request() {
        let stop = CancellationToken::new();
        let state = MatchmakerState::new(100, DEFAULT_QUEUE_TIMEOUT, stop.clone());
        let ticker = state.spawn_ticker();
        let ranked = |player: String, role, mmr| CreateTicket {
            player_id: player,
            role,
            mmr: Some(mmr),
            region: None,
        };
        let now = tokio::time::Instant::now();
        let killer = state
            .queue
            .lock()
            .create(ranked("k".into(), Role::Killer, 0), now);
        let killer = killer.map(|t| t.ticket_id).expect("queued");
        for n in 0..4 {
            let player = format!("s-{n}");
            state
                .queue
                .lock()
                .create(ranked(player, Role::Survivor, 10_000), now)
                .expect("queued");
        }

        tokio::time::sleep(UNLIMITED_AFTER + TICK * 2).await;
        let n = queue::ticket_number(&killer).expect("our id");
        let seen = state.queue.lock().view(n).map(|t| t.status);
        assert_eq!(seen, Some(TicketStatus::Matched));
        stop.cancel();
        ticker.await.expect("the ticker stops");
    }
}
