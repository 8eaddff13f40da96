//! How a [`Queue`] forms matches: on arrival, and when windows widen.

use std::cmp::Reverse;
use std::sync::Arc;

use tokio::time::Instant;

use super::{KEEP_FINISHED, Queue, UNLIMITED_AFTER, WIDEN_BUDGET, WIDEN_STEP};
use super::{Slot, now_ms, window};
use crate::api::{MatchInfo, TicketStatus};

impl Queue {
    /// Tries the match a new ticket completes; in a ranked pool, then also
    /// gives the pool's oldest unlimited ticket a chance with the newcomer.
    pub(super) fn on_arrival(&mut self, n: u64, now: Instant) {
        if self.try_anchor(n, now) {
            return;
        }
        let Some(key) = self.tickets.get(&n).map(|entry| entry.pool.clone()) else {
            return;
        };
        if let Some(veteran) = self.pools.get(&key).and_then(|pool| pool.oldest_veteran()) {
            self.try_anchor(veteran, now);
        }
    }

    /// Re-tries the tickets whose window widened, up to a budget per call.
    pub(super) fn widen(&mut self, now: Instant) {
        for _ in 0..WIDEN_BUDGET {
            match self.widenings.peek() {
                Some(Reverse((at, _))) if *at <= now => {}
                _ => return,
            }
            let Some(Reverse((_, n))) = self.widenings.pop() else {
                return;
            };
            let Some(entry) = self.tickets.get(&n) else {
                continue;
            };
            if entry.status != TicketStatus::Queued {
                continue;
            }
            let waited = now.saturating_duration_since(entry.queued_at);
            if waited >= UNLIMITED_AFTER {
                let key = entry.pool.clone();
                self.pools.entry(key).or_default().promote(n);
            } else {
                let steps = waited.as_secs() / WIDEN_STEP.as_secs() + 1;
                let next = entry.queued_at + WIDEN_STEP * u32::try_from(steps).unwrap_or(u32::MAX);
                self.widenings.push(Reverse((next, n)));
            }
            self.try_anchor(n, now);
        }
    }

    /// Forms a match around ticket `n` if its pool and window allow one.
    fn try_anchor(&mut self, n: u64, now: Instant) -> bool {
        let Some(entry) = self.tickets.get(&n) else {
            return false;
        };
        let Some(pool) = self.pools.get(&entry.pool) else {
            return false;
        };
        let chosen = if entry.pool.ranked {
            let waited = now.saturating_duration_since(entry.queued_at);
            pool.around(entry.slot, entry.role, window(waited))
        } else {
            pool.first_come()
        };
        let Some((killer, survivors)) = chosen else {
            return false;
        };
        self.form(killer, &survivors, now);
        true
    }

    /// Records a match of the chosen slots and wakes their waiting requests.
    fn form(&mut self, killer: Slot, survivors: &[Slot], now: Instant) {
        self.matches_formed += 1;
        let player = |queue: &Self, slot: &Slot| {
            queue
                .tickets
                .get(&slot.1)
                .map(|entry| entry.player_id.clone())
                .unwrap_or_default()
        };
        let info = Arc::new(MatchInfo {
            match_id: format!("m-{:x}", self.matches_formed),
            formed_at: now_ms(),
            killer: player(self, &killer),
            survivors: survivors.iter().map(|slot| player(self, slot)).collect(),
        });
        for slot in std::iter::once(&killer).chain(survivors) {
            if let Some(entry) = self.tickets.get_mut(&slot.1) {
                entry.status = TicketStatus::Matched;
                entry.matched = Some(Arc::clone(&info));
            }
            self.leave_queue(slot.1, now);
        }
    }

    /// Takes a matched, cancelled or expired ticket out of its pool and wakes its waiters.
    pub(super) fn leave_queue(&mut self, n: u64, now: Instant) {
        let Some(entry) = self.tickets.get_mut(&n) else {
            return;
        };
        if let Some(waiters) = entry.waiters.take() {
            waiters.notify_waiters();
        }
        let (role, slot) = (entry.role, entry.slot);
        let key = entry.pool.clone();
        if self.holders.get(&entry.player_id) == Some(&n) {
            self.holders.remove(&entry.player_id);
        }
        self.waiting.remove(&n);
        // An emptied pool goes, so regions seen once do not pile up.
        if let Some(pool) = self.pools.get_mut(&key) {
            pool.remove(role, slot);
            if pool.is_empty() {
                self.pools.remove(&key);
            }
        }
        self.count(role, false);
        self.expiries.push_back((now + KEEP_FINISHED, n));
    }
}
