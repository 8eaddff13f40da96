//! One pool of waiting tickets: the players of one region who may meet.
//!
//! A pool keeps its survivors and killers in ordered sets keyed by
//! `(mmr, sequence)`, so both ways of choosing a match cost `O(log n)` whatever
//! the pool's size: first-come first-served takes the smallest sequences of an
//! unranked pool (all its keys have mmr 0), and the ranked way walks outwards
//! from an anchor's mmr and stops after the few players it needs.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::api::Role;

/// Survivors in every match.
pub const SURVIVORS_PER_MATCH: usize = 4;

/// Where a ticket sits in its pool: its mmr (0 when unranked) and its sequence.
pub type Slot = (u32, u64);

/// The mmr window of a ticket that has waited `waited`, `None` when unlimited.
///
/// ±100 at first, 50 wider for every 5 s waited, no limit from 30 s on.
pub fn window(waited: Duration) -> Option<u32> {
    let steps = waited.as_secs() / WIDEN_STEP.as_secs();
    if waited >= UNLIMITED_AFTER {
        None
    } else {
        u32::try_from(steps).ok().map(|steps| 100 + 50 * steps)
    }
}

/// How often a waiting ticket's window widens.
pub const WIDEN_STEP: Duration = Duration::from_secs(5);

/// How long a ticket waits before its window has no limit.
pub const UNLIMITED_AFTER: Duration = Duration::from_secs(30);

/// The waiting tickets of one region, ranked or not.
#[derive(Debug, Default)]
pub struct Pool {
    survivors: BTreeSet<Slot>,
    killers: BTreeSet<Slot>,
    /// Ranked tickets that waited long enough to accept anyone, by sequence.
    veterans: BTreeSet<u64>,
}

impl Pool {
    /// Adds a waiting ticket.
    pub fn insert(&mut self, role: Role, slot: Slot) {
        self.side_mut(role).insert(slot);
    }

    /// Removes a ticket that was matched or cancelled.
    pub fn remove(&mut self, role: Role, slot: Slot) {
        self.side_mut(role).remove(&slot);
        self.veterans.remove(&slot.1);
    }

    /// Marks a ticket whose window no longer has a limit.
    pub fn promote(&mut self, sequence: u64) {
        self.veterans.insert(sequence);
    }

    /// The longest-waiting ticket whose window has no limit.
    pub fn oldest_veteran(&self) -> Option<u64> {
        self.veterans.first().copied()
    }

    /// Whether the pool holds no ticket at all.
    pub fn is_empty(&self) -> bool {
        self.survivors.is_empty() && self.killers.is_empty()
    }

    /// First come, first served: the oldest killer and the four oldest survivors.
    pub fn first_come(&self) -> Option<(Slot, Vec<Slot>)> {
        if self.survivors.len() < SURVIVORS_PER_MATCH {
            return None;
        }
        let killer = *self.killers.first()?;
        let survivors = self.survivors.iter().take(SURVIVORS_PER_MATCH).copied();
        Some((killer, survivors.collect()))
    }

    /// The players nearest in mmr to `anchor` within `window` who make a match with it.
    pub fn around(
        &self,
        anchor: Slot,
        role: Role,
        window: Option<u32>,
    ) -> Option<(Slot, Vec<Slot>)> {
        let (killers, survivors) = match role {
            Role::Killer => (vec![anchor], SURVIVORS_PER_MATCH),
            Role::Survivor => (nearest(&self.killers, anchor, window, 1)?, 3),
        };
        let mut chosen = nearest(&self.survivors, anchor, window, survivors)?;
        if role == Role::Survivor {
            chosen.push(anchor);
        }
        Some((killers[0], chosen))
    }

    fn side_mut(&mut self, role: Role) -> &mut BTreeSet<Slot> {
        match role {
            Role::Survivor => &mut self.survivors,
            Role::Killer => &mut self.killers,
        }
    }
}

/// Up to `count` slots of `set` nearest to `anchor`'s mmr within `window`,
/// never `anchor` itself; `None` when fewer are there.
fn nearest(
    set: &BTreeSet<Slot>,
    anchor: Slot,
    window: Option<u32>,
    count: usize,
) -> Option<Vec<Slot>> {
    let (mmr, _) = anchor;
    let width = window.unwrap_or(u32::MAX);
    let low = mmr.saturating_sub(width);
    let high = mmr.saturating_add(width);
    let mut below = set.range((low, 0)..(mmr, 0)).rev().peekable();
    let mut above = set
        .range((mmr, 0)..=(high, u64::MAX))
        .filter(|slot| **slot != anchor)
        .peekable();

    let mut chosen = Vec::with_capacity(count);
    while chosen.len() < count {
        let next = match (below.peek(), above.peek()) {
            (Some(b), Some(a)) if mmr - b.0 < a.0 - mmr => below.next(),
            (_, Some(_)) => above.next(),
            (Some(_), None) => below.next(),
            (None, None) => return None,
        };
        chosen.extend(next.copied());
    }
    Some(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_widens_by_fifty_every_five_seconds_and_opens_at_thirty() {
        assert_eq!(window(Duration::ZERO), Some(100));
        assert_eq!(window(Duration::from_millis(4_999)), Some(100));
        assert_eq!(window(Duration::from_secs(5)), Some(150));
        assert_eq!(window(Duration::from_secs(29)), Some(350));
        assert_eq!(window(Duration::from_secs(30)), None);
    }

    #[test]
    fn first_come_takes_the_oldest_killer_and_survivors() {
        let mut pool = Pool::default();
        for seq in 1..=6 {
            pool.insert(Role::Survivor, (0, seq));
        }
        assert_eq!(pool.first_come(), None);
        pool.insert(Role::Killer, (0, 9));
        pool.insert(Role::Killer, (0, 7));
        let (killer, survivors) = pool.first_come().expect("a match");
        assert_eq!(killer, (0, 7));
        assert_eq!(survivors, vec![(0, 1), (0, 2), (0, 3), (0, 4)]);
    }

    #[test]
    fn around_picks_the_nearest_players_inside_the_window_only() {
        let mut pool = Pool::default();
        for (seq, mmr) in [(1, 900), (2, 1010), (3, 1090), (4, 1500), (5, 980)] {
            pool.insert(Role::Survivor, (mmr, seq));
        }
        pool.insert(Role::Killer, (1050, 6));
        let anchor = (1000, 7);
        pool.insert(Role::Survivor, anchor);
        let (killer, survivors) = pool
            .around(anchor, Role::Survivor, Some(100))
            .expect("a match");
        assert_eq!(killer, (1050, 6));
        assert_eq!(survivors, vec![(1010, 2), (980, 5), (1090, 3), anchor]);

        let lone = (1500, 4);
        assert_eq!(pool.around(lone, Role::Survivor, Some(100)), None);
        assert!(pool.around(lone, Role::Survivor, None).is_some());
    }
}
