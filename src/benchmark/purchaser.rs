//! Purchasers: purchases sent on an absolute schedule, open-model.
//!
//! Each purchaser task owns a share of the purchase rate and a schedule of
//! due times, `start + (k + offset) / rate`. A purchase is sent when it is
//! due, without waiting for the previous one to finish, up to `max_in_flight`
//! at once. A purchase that falls due and is never sent is counted as
//! dropped: one that finds `max_in_flight` purchases waiting, one still
//! unsent when the run stops because the generator fell behind, and every
//! one of a run whose store catalog could not be read. Latency runs from the
//! due time, so a stalled store, or a late generator, shows up as latency
//! instead of as quietly fewer purchases (coordinated omission).
//!
//! A `governor` limiter at twice the task's rate shapes the sends, so that the
//! catch-up after a stall does not hit the store as one spike. It is asked with
//! the non-blocking `check` and waited on with tokio's timer: governor's own
//! async wait runs on another thread's timer and falls short at high rates.

use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, sleep, sleep_until};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::metrics::Metrics;
use crate::api::{Item, PurchaseRequest};
use crate::client::{ClientError, StoreClient};

/// Most purchaser tasks, whatever the rate.
const MAX_PURCHASERS: usize = 10;

/// Times a purchase whose fate is unknown (a timeout, a broken connection)
/// is sent again with the same key.
const RETRIES: u32 = 2;

/// Pause before resending a purchase whose connection broke; it doubles with
/// each retry, so a store that refuses connections is not hit three times at once.
const RETRY_PAUSE: Duration = Duration::from_millis(50);

/// How many purchaser tasks share `rate`: one per purchase per second, up to ten.
pub fn purchaser_count(rate: f64) -> usize {
    if rate.is_finite() && rate > 0.0 {
        (rate.ceil() as usize).clamp(1, MAX_PURCHASERS)
    } else {
        0
    }
}

/// Splits `rate` over `n` tasks; the shares, summed in order, equal `rate` exactly.
///
/// Every share but the last is `rate / n`; the last takes what is left. The
/// partial sum lies within a factor of two of `rate`, so the subtraction is
/// exact (Sterbenz), and adding the rest back gives `rate` to the bit.
pub fn distribute_purchasers(rate: f64, n: usize) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    let share = rate / n as f64;
    let mut shares = vec![share; n - 1];
    let given: f64 = shares.iter().sum();
    shares.push(rate - given);
    shares
}

/// How many purchases the schedule of `rate` calls for in the first `elapsed`
/// of a run: the sum of every lane's due times before `elapsed`.
///
/// This is the run's purchase target; it counts exactly what the lanes send
/// or drop, fractional rates included.
pub fn scheduled(rate: f64, elapsed: Duration) -> u64 {
    let tasks = purchaser_count(rate);
    distribute_purchasers(rate, tasks)
        .into_iter()
        .enumerate()
        .map(|(task, rate)| Slots { task, tasks, rate }.due_before(elapsed))
        .sum()
}

/// What every purchaser and purchase of a run shares.
pub(super) struct Shared<S> {
    pub client: Arc<S>,
    pub metrics: Arc<Metrics>,
    pub items: Vec<Item>,
    /// Purchases go to players `p-000001` up to this many.
    pub buyers: usize,
    /// Prefix of every idempotency key, unique to the run.
    pub key_prefix: String,
    pub in_flight: Arc<Semaphore>,
    pub tracker: TaskTracker,
    /// Fired when the load stops: no new purchase is sent.
    pub stop: CancellationToken,
    /// Fired when the grace period is over: purchases in flight are abandoned.
    pub abort: CancellationToken,
    /// How long the load lasted, set before `stop` fires.
    pub load_ended: Arc<OnceLock<Duration>>,
}

impl<S> Shared<S> {
    /// How long the load lasted; the whole schedule until the run stops.
    fn load_duration(&self, schedule: Duration) -> Duration {
        self.load_ended.get().copied().unwrap_or(schedule)
    }

    /// Counts every purchase of `rate` due before the load ended as dropped,
    /// for a run whose purchasers never started (no catalog).
    pub async fn drop_all_at_stop(&self, rate: f64, schedule: Duration) {
        self.stop.cancelled().await;
        let due = scheduled(rate, self.load_duration(schedule));
        self.metrics.purchases_dropped(due);
    }
}

/// One purchaser task's due times: its share of the rate, offset so that the
/// tasks interleave.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slots {
    /// This task's number, from 0.
    pub task: usize,
    /// How many tasks share the rate.
    pub tasks: usize,
    /// This task's purchases per second.
    pub rate: f64,
}

impl Slots {
    /// Where this task's due times sit between two of its slots, in slots.
    fn phase(&self) -> f64 {
        self.task as f64 / self.tasks as f64
    }

    /// How long after the start this task's `k`-th purchase is due.
    fn due(&self, k: u64) -> Duration {
        // The loader bounds the rate, so this is finite; saturate all the same.
        Duration::try_from_secs_f64((k as f64 + self.phase()) / self.rate).unwrap_or(Duration::MAX)
    }

    /// How many of this task's purchases fall due before `elapsed`: the `k`
    /// with `(k + phase) / rate < elapsed`.
    fn due_before(&self, elapsed: Duration) -> u64 {
        let count = (elapsed.as_secs_f64() * self.rate - self.phase()).ceil();
        // A float-to-int cast saturates; NaN, from a zero rate, gives 0.
        count.max(0.0) as u64
    }
}

/// One purchaser task's schedule in time.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lane {
    /// The task's due times, from `start`.
    pub slots: Slots,
    /// When the schedule starts.
    pub start: Instant,
    /// No purchase is due at or after `start + duration`.
    pub duration: Duration,
}

/// Sends one lane's purchases until its schedule or the run ends.
pub(super) async fn run<S: StoreClient>(shared: Arc<Shared<S>>, lane: Lane) {
    let clock = DefaultClock::default();
    let slots = lane.slots;
    let limiter = RateLimiter::direct_with_clock(shaping_quota(slots.rate), clock.clone());
    let scheduled = slots.due_before(lane.duration);
    let mut sent = 0;
    while sent < scheduled {
        let due = lane.start + slots.due(sent);
        if !slot(&shared.stop, &limiter, &clock, due).await {
            break;
        }
        let number = sent as usize * slots.tasks + slots.task;
        match shared.in_flight.clone().try_acquire_owned() {
            Ok(permit) => {
                shared
                    .tracker
                    .spawn(purchase(shared.clone(), number, due, permit));
            }
            Err(_) => shared.metrics.purchases_dropped(1),
        }
        sent += 1;
    }
    // Stopped behind the schedule: what fell due before the load ended and
    // was never sent is dropped, not hidden.
    let due = slots.due_before(shared.load_duration(lane.duration));
    shared.metrics.purchases_dropped(due.saturating_sub(sent));
}

/// Waits until a purchase due at `due` may be sent, as the limiter allows;
/// false when the run stops first.
async fn slot(
    stop: &CancellationToken,
    limiter: &RateLimiter<NotKeyed, InMemoryState, DefaultClock>,
    clock: &DefaultClock,
    due: Instant,
) -> bool {
    tokio::select! {
        biased;
        _ = stop.cancelled() => return false,
        _ = sleep_until(due) => {}
    }
    while let Err(not_until) = limiter.check() {
        tokio::select! {
            biased;
            _ = stop.cancelled() => return false,
            _ = sleep(not_until.wait_time_from(clock.now())) => {}
        }
    }
    true
}

/// Twice the lane's rate, with a burst of about 20 ms of it (at least two of
/// tokio's 1 ms timer ticks), so the limiter shapes catch-up without ever
/// holding back a schedule that is on time.
fn shaping_quota(rate: f64) -> Quota {
    let period = Duration::try_from_secs_f64(1.0 / (2.0 * rate))
        .unwrap_or(Duration::from_secs(3600))
        .max(Duration::from_nanos(1));
    let burst = (rate / 50.0).ceil().clamp(2.0, 1000.0) as u32;
    let quota = Quota::with_period(period).unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN));
    quota.allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
}

/// Sends one purchase, retrying with the same key when its fate is unknown.
///
/// A timeout or a broken connection may come after the store committed the
/// purchase; sent again with the same `Idempotency-Key`, it is answered with
/// the same receipt and charged once, so the bench's count of purchases
/// stays equal to the store's.
async fn purchase<S: StoreClient>(
    shared: Arc<Shared<S>>,
    number: usize,
    due: Instant,
    _permit: OwnedSemaphorePermit,
) {
    let key = format!("{}-{number}", shared.key_prefix);
    let (buyer, item) = pick(number, shared.buyers, shared.items.len());
    let request = PurchaseRequest {
        player_id: super::roster::player_id(buyer),
        item_id: shared.items[item].item_id.clone(),
    };
    for attempt in 0..=RETRIES {
        let sent = Instant::now();
        let result = tokio::select! {
            _ = shared.abort.cancelled() => Err(ClientError::Timeout),
            result = shared.client.purchase(&key, &request) => result,
        };
        shared.metrics.request(&result);
        match result {
            Ok(_) => {
                shared
                    .metrics
                    .purchased(number, due.elapsed(), sent.elapsed());
                return;
            }
            Err(ClientError::Timeout) if attempt < RETRIES => {}
            Err(ClientError::Connect) if attempt < RETRIES => {
                tokio::select! {
                    _ = shared.abort.cancelled() => return,
                    _ = sleep(RETRY_PAUSE * 2u32.pow(attempt)) => {}
                }
            }
            Err(_) => return,
        }
        if shared.abort.is_cancelled() {
            return;
        }
    }
}

/// The buyer and the item of purchase `number`: buyers in turn, and each
/// buyer's item moving on by one every round, so that every buyer buys every
/// item, and no wallet is drained by always paying the dearest price.
fn pick(number: usize, buyers: usize, items: usize) -> (usize, usize) {
    let buyers = buyers.max(1);
    let round = number / buyers;
    (number % buyers, (number + round) % items.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_sum_exactly_to_the_rate() {
        for rate in [0.5, 1.0, 3.3, 7.0, 10.0, 199.9, 1000.0, 12345.678, 1e-3] {
            let n = purchaser_count(rate);
            let shares = distribute_purchasers(rate, n);
            assert_eq!(shares.len(), n);
            assert_eq!(shares.iter().sum::<f64>(), rate, "rate {rate}");
            assert!(shares.iter().all(|share| *share > 0.0));
        }
    }

    #[test]
    fn one_task_per_purchase_per_second_up_to_ten() {
        assert_eq!(purchaser_count(0.0), 0);
        assert_eq!(purchaser_count(0.5), 1);
        assert_eq!(purchaser_count(3.2), 4);
        assert_eq!(purchaser_count(200.0), 10);
        assert_eq!(purchaser_count(f64::NAN), 0);
    }

    #[test]
    fn every_buyer_buys_every_item_in_turn() {
        // Five buyers and five items: without the turn, buyer 0 would always
        // buy item 0.
        let items_of_buyer_0: Vec<usize> = (0..5).map(|round| pick(round * 5, 5, 5).1).collect();
        assert_eq!(items_of_buyer_0, [0, 1, 2, 3, 4]);
        assert_eq!(pick(7, 5, 5), (2, 3));
        assert_eq!(pick(3, 0, 0), (0, 0));
    }

    #[test]
    fn lanes_interleave_and_keep_their_rate() {
        let slots = |task| Slots {
            task,
            tasks: 2,
            rate: 5.0,
        };
        assert_eq!(slots(0).due(0), Duration::ZERO);
        assert_eq!(slots(1).due(0), Duration::from_millis(100));
        assert_eq!(slots(0).due(1), Duration::from_millis(200));
    }

    #[test]
    fn a_lane_counts_the_due_times_before_an_instant() {
        let lane = Slots {
            task: 1,
            tasks: 2,
            rate: 5.0,
        };
        // Due at 100 ms, 300 ms, 500 ms, ...
        assert_eq!(lane.due_before(Duration::ZERO), 0);
        assert_eq!(lane.due_before(Duration::from_millis(100)), 0);
        assert_eq!(lane.due_before(Duration::from_millis(101)), 1);
        assert_eq!(lane.due_before(Duration::from_millis(500)), 2);
        assert_eq!(lane.due_before(Duration::from_secs(1)), 5);
        for k in 0..1000 {
            assert_eq!(lane.due_before(lane.due(k)), k, "due time {k}");
        }
    }

    #[test]
    fn the_schedule_counts_every_purchase_the_lanes_send() {
        assert_eq!(scheduled(1000.0, Duration::from_secs(3)), 3000);
        assert_eq!(scheduled(200.0, Duration::from_millis(1500)), 300);
        // Due at 0 s, 2 s and 4 s: three in five seconds, not 2.5 rounded.
        assert_eq!(scheduled(0.5, Duration::from_secs(5)), 3);
        // Due at 0, 1/0.7 and 2/0.7 s: three in three seconds, not 2.1 rounded.
        assert_eq!(scheduled(0.7, Duration::from_secs(3)), 3);
        assert_eq!(scheduled(0.0, Duration::from_secs(3)), 0);
    }
}
