//! A purchase allowance per player, when the store is given one: a player
//! buying faster is answered `429 rate_limited` with `Retry-After`, as a real
//! store protects itself from runaway clients.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Checks between sweeps of players whose allowance is full again.
const SWEEP_EVERY: u64 = 4096;

/// Each player's purchase allowance.
#[derive(Debug)]
pub struct PlayerLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
    checks: AtomicU64,
    rate: u32,
}

impl PlayerLimiter {
    /// An allowance of `rate` purchases per second for every player.
    pub fn per_second(rate: u32) -> Self {
        let quota = Quota::per_second(NonZeroU32::new(rate).unwrap_or(NonZeroU32::MIN));
        let clock = DefaultClock::default();
        Self {
            limiter: RateLimiter::dashmap_with_clock(quota, clock.clone()),
            clock,
            checks: AtomicU64::new(0),
            rate,
        }
    }

    /// Purchases one player may make per second.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Takes one purchase from the player's allowance, or says how long
    /// until there is one.
    pub fn check(&self, player_id: &str) -> Result<(), Duration> {
        // Memory follows the players seen lately, not every player ever seen.
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&player_id.to_owned())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_player_over_the_allowance_is_told_when_to_retry() {
        let limiter = PlayerLimiter::per_second(3);
        for _ in 0..3 {
            assert!(limiter.check("p-000001").is_ok());
        }
        let wait = limiter.check("p-000001").unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(1),
            "{wait:?}"
        );
        assert!(
            limiter.check("p-000002").is_ok(),
            "other players keep their allowance"
        );
    }
}
