//! One simulated player: join, wait for a match, play, queue again.
//!
//! Players are a closed model: each is one task that does one thing at a
//! time. Time to match runs from sending the join to reading the match; a
//! ticket lost on the way (expired, cancelled, unknown) and replaced keeps
//! the first join's time, so the longest waits are not the ones left out.

use std::sync::Arc;
use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use tokio::time::{Instant, sleep};
use tokio_util::sync::CancellationToken;

use super::metrics::Metrics;
use crate::api::{CreateTicket, Ticket, TicketStatus};
use crate::client::{ClientError, MatchClient};

/// Longest a player honours a server's `Retry-After`.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// First pause after an unexpected failure; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// Shortest time between two reads of a queued ticket.
const MIN_POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Longest pause after repeated unexpected failures.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What every player of a run shares.
pub(super) struct Shared<M> {
    pub client: Arc<M>,
    pub metrics: Arc<Metrics>,
    /// Long-poll wait asked of the server.
    pub wait: Duration,
    pub match_duration: Duration,
    pub requeue: bool,
    /// Fired when the load stops: leave the queue and end.
    pub stop: CancellationToken,
    /// Fired when the grace period is over: drop whatever is in flight.
    pub abort: CancellationToken,
}

/// One player's identity.
#[derive(Debug, Clone)]
pub(super) struct Player {
    pub index: usize,
    pub request: CreateTicket,
}

/// How waiting on a ticket ended.
enum Wait {
    Matched,
    Requeue,
    Stopped,
}

/// Plays until the run stops.
pub(super) async fn play<M: MatchClient>(shared: Arc<Shared<M>>, player: Player) {
    let _active = shared.metrics.player_active();
    let mut backoff = Backoff::new(player.index as u64);
    let mut first_join = None;
    while !shared.stop.is_cancelled() {
        let sent = *first_join.get_or_insert_with(Instant::now);
        let Some(ticket) = join(&shared, &player, sent, &mut backoff).await else {
            break;
        };
        let outcome = match ticket {
            Joined::Matched => Wait::Matched,
            Joined::Queued(ticket_id) => {
                wait_for_match(&shared, &player, &ticket_id, sent, &mut backoff).await
            }
        };
        match outcome {
            Wait::Matched => {
                first_join = None;
                if !in_match(&shared).await || !shared.requeue {
                    break;
                }
            }
            Wait::Requeue => {}
            Wait::Stopped => break,
        }
    }
}

enum Joined {
    Queued(String),
    Matched,
}

/// Creates a ticket, retrying until it exists; `None` once the run stops.
async fn join<M: MatchClient>(
    shared: &Shared<M>,
    player: &Player,
    sent: Instant,
    backoff: &mut Backoff,
) -> Option<Joined> {
    loop {
        // A join in flight is not dropped when the load stops: the ticket it
        // creates must be cancelled, or the target keeps a ghost in its queue.
        let result = tokio::select! {
            _ = shared.abort.cancelled() => Err(ClientError::Timeout),
            result = shared.client.create_ticket(&player.request) => result,
        };
        if shared.abort.is_cancelled() {
            // Abandoned at the end of the grace period: a timeout, counted.
            shared.metrics.request(&result);
            return None;
        }
        match result {
            Ok(ticket) => {
                shared.metrics.request_ok();
                backoff.reset();
                if let Some(joined) = matched_at_once(shared, player, &ticket, sent) {
                    return Some(joined);
                }
                if shared.stop.is_cancelled() {
                    leave(shared, player, &ticket.ticket_id, sent).await;
                    return None;
                }
                return Some(Joined::Queued(ticket.ticket_id));
            }
            Err(ClientError::Status {
                status: StatusCode::CONFLICT,
                ticket_id: Some(id),
                ..
            }) => {
                // The player already holds a ticket, perhaps from a join that timed out.
                shared.metrics.request_ok();
                return Some(Joined::Queued(id));
            }
            Err(err) => {
                shared.metrics.failed(&err);
                if !pause(shared, backoff.after(&err)).await {
                    return None;
                }
            }
        }
    }
}

/// The ticket that completes a match may answer matched at once.
fn matched_at_once<M>(
    shared: &Shared<M>,
    player: &Player,
    ticket: &Ticket,
    sent: Instant,
) -> Option<Joined> {
    (ticket.status == TicketStatus::Matched).then(|| {
        shared
            .metrics
            .matched(player.request.role, player.index, sent.elapsed());
        Joined::Matched
    })
}

/// Long-polls a ticket until it is matched, gone, or the run stops.
async fn wait_for_match<M: MatchClient>(
    shared: &Shared<M>,
    player: &Player,
    ticket_id: &str,
    sent: Instant,
    backoff: &mut Backoff,
) -> Wait {
    let _queued = shared.metrics.player_queued();
    loop {
        let polled = Instant::now();
        let result = tokio::select! {
            _ = shared.stop.cancelled() => {
                leave(shared, player, ticket_id, sent).await;
                return Wait::Stopped;
            }
            result = shared.client.wait_ticket(ticket_id, shared.wait) => result,
        };
        shared.metrics.request(&result);
        match result {
            Ok(ticket) => match ticket.status {
                TicketStatus::Matched => {
                    shared
                        .metrics
                        .matched(player.request.role, player.index, sent.elapsed());
                    return Wait::Matched;
                }
                TicketStatus::Queued => {
                    backoff.reset();
                    // A zero wait, or a server that ignores it, answers at once:
                    // poll no faster than every MIN_POLL_INTERVAL.
                    let early = MIN_POLL_INTERVAL.saturating_sub(polled.elapsed());
                    if !early.is_zero() && !pause(shared, early).await {
                        leave(shared, player, ticket_id, sent).await;
                        return Wait::Stopped;
                    }
                }
                // Gone without a match: join again, after a pause, so that a
                // target that drops every ticket is not hammered.
                TicketStatus::Cancelled | TicketStatus::Expired => {
                    return requeue_after(shared, backoff.grow()).await;
                }
            },
            Err(err) if err.status() == Some(StatusCode::NOT_FOUND) => {
                return requeue_after(shared, backoff.grow()).await;
            }
            Err(err) => {
                if !pause(shared, backoff.after(&err)).await {
                    leave(shared, player, ticket_id, sent).await;
                    return Wait::Stopped;
                }
            }
        }
    }
}

/// Waits `pause` before joining again; stops instead when the run does.
async fn requeue_after<M>(shared: &Shared<M>, pause_for: Duration) -> Wait {
    if pause(shared, pause_for).await {
        Wait::Requeue
    } else {
        Wait::Stopped
    }
}

/// Plays one match; false when the run stopped during it.
async fn in_match<M>(shared: &Shared<M>) -> bool {
    let _playing = shared.metrics.player_in_match();
    tokio::select! {
        _ = shared.stop.cancelled() => false,
        _ = sleep(shared.match_duration) => true,
    }
}

/// Takes a ticket out of the queue as the run stops, within the grace period;
/// a call still unanswered when the grace period ends counts as a timeout.
///
/// A ticket matched in the meantime cannot be cancelled (`409`); it is read
/// once more so that its match is still counted, or a match formed while the
/// killer's long poll was being dropped would be missing from the results.
async fn leave<M: MatchClient>(
    shared: &Shared<M>,
    player: &Player,
    ticket_id: &str,
    sent: Instant,
) {
    let result = tokio::select! {
        _ = shared.abort.cancelled() => Err(ClientError::Timeout),
        result = shared.client.cancel_ticket(ticket_id) => result,
    };
    let matched = match &result {
        Err(err) => err.status() == Some(StatusCode::CONFLICT),
        Ok(()) => false,
    };
    if !matched {
        shared.metrics.request(&result);
        return;
    }
    shared.metrics.request_ok();
    let read = tokio::select! {
        _ = shared.abort.cancelled() => Err(ClientError::Timeout),
        read = shared.client.wait_ticket(ticket_id, Duration::ZERO) => read,
    };
    shared.metrics.request(&read);
    if read.is_ok_and(|ticket| ticket.status == TicketStatus::Matched) {
        shared
            .metrics
            .matched(player.request.role, player.index, sent.elapsed());
    }
}

/// Sleeps for `pause`; false when the run stopped first.
async fn pause<M>(shared: &Shared<M>, pause: Duration) -> bool {
    tokio::select! {
        _ = shared.stop.cancelled() => false,
        _ = sleep(pause) => true,
    }
}

/// Pauses after failures: the server's `Retry-After` when it sheds load,
/// otherwise an exponential backoff; both with jitter so that players who
/// failed together do not retry together.
struct Backoff {
    next: Duration,
    rng: SmallRng,
}

impl Backoff {
    fn new(seed: u64) -> Self {
        Self {
            next: FIRST_BACKOFF,
            rng: SmallRng::seed_from_u64(seed),
        }
    }

    fn reset(&mut self) {
        self.next = FIRST_BACKOFF;
    }

    /// The pause after `err`: the server's `Retry-After` when it sheds load,
    /// else the next step of the exponential backoff.
    fn after(&mut self, err: &ClientError) -> Duration {
        match err.retry_after() {
            Some(asked) if err.is_overload() => self.jitter(asked.min(MAX_RETRY_AFTER)),
            _ => self.grow(),
        }
    }

    /// The next step of the exponential backoff, with jitter.
    fn grow(&mut self) -> Duration {
        let base = self.next;
        self.next = (self.next * 2).min(MAX_BACKOFF);
        self.jitter(base)
    }

    /// `base` plus up to half of it again, at random.
    fn jitter(&mut self, base: Duration) -> Duration {
        base + base.mul_f64(self.rng.random_range(0.0..0.5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overloaded(seconds: u64) -> ClientError {
        ClientError::Status {
            status: StatusCode::SERVICE_UNAVAILABLE,
            retry_after: Some(Duration::from_secs(seconds)),
            ticket_id: None,
        }
    }

    #[test]
    fn backoff_honours_retry_after_with_jitter() {
        let mut backoff = Backoff::new(1);
        let pause = backoff.after(&overloaded(2));
        assert!(
            pause >= Duration::from_secs(2) && pause <= Duration::from_secs(3),
            "{pause:?}"
        );
    }

    #[test]
    fn backoff_caps_an_absurd_retry_after() {
        let mut backoff = Backoff::new(1);
        assert!(backoff.after(&overloaded(u64::MAX / 4)) <= MAX_RETRY_AFTER * 2);
    }

    #[test]
    fn backoff_doubles_after_unexpected_failures_and_resets() {
        let mut backoff = Backoff::new(1);
        let first = backoff.after(&ClientError::Connect);
        let second = backoff.after(&ClientError::Connect);
        assert!(first < Duration::from_millis(151));
        assert!(second >= Duration::from_millis(200));
        backoff.reset();
        assert!(backoff.after(&ClientError::Connect) < Duration::from_millis(151));
    }
}
