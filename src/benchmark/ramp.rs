//! The ramp-up plan: when each player spawns and in which role.
//!
//! Roles are interleaved by their ratio, so 100 survivors and 25 killers
//! spawn as four survivors and a killer, repeated, and matches can form from
//! the first seconds of the ramp instead of only once the killers arrive.

use std::time::Duration;

use crate::api::Role;

/// The role of the next player, given how many of each have spawned and the
/// share of survivors among all players.
///
/// A survivor comes next while survivors are behind their share of the
/// players spawned so far, the next one included.
pub fn next_role(survivors_so_far: u32, killers_so_far: u32, survivor_ratio: f64) -> Role {
    let spawned_after = f64::from(survivors_so_far) + f64::from(killers_so_far) + 1.0;
    if f64::from(survivors_so_far) < survivor_ratio * spawned_after - 1e-9 {
        Role::Survivor
    } else {
        Role::Killer
    }
}

/// One planned spawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spawn {
    /// The player's number, from 0.
    pub index: u32,
    /// The player's role.
    pub role: Role,
    /// When the player spawns, from the start of the run.
    pub at: Duration,
}

/// The spawns of a ramp-up, in order: one every `ramp_up / total`, the last no
/// later than `ramp_up`; everyone at once when `ramp_up` is zero.
pub fn plan(survivors: u32, killers: u32, ramp_up: Duration) -> impl Iterator<Item = Spawn> {
    let total = survivors.saturating_add(killers);
    let ratio = if total == 0 {
        0.0
    } else {
        f64::from(survivors) / f64::from(total)
    };
    let step = if total == 0 {
        Duration::ZERO
    } else {
        ramp_up / total
    };
    let (mut s, mut k) = (0u32, 0u32);
    (0..total).map(move |index| {
        let role = if s == survivors {
            Role::Killer
        } else if k == killers {
            Role::Survivor
        } else {
            next_role(s, k, ratio)
        };
        match role {
            Role::Survivor => s += 1,
            Role::Killer => k += 1,
        }
        Spawn {
            index,
            role,
            at: step * index,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(survivors: u32, killers: u32) -> String {
        plan(survivors, killers, Duration::from_secs(1))
            .map(|spawn| {
                if spawn.role == Role::Survivor {
                    'S'
                } else {
                    'K'
                }
            })
            .collect()
    }

    #[test]
    fn roles_interleave_by_their_ratio() {
        assert_eq!(roles(8, 2), "SSSSKSSSSK");
        assert_eq!(roles(100, 25).matches("SSSSK").count(), 25);
    }

    #[test]
    fn uneven_ratios_still_spawn_every_player_once() {
        let all = roles(7, 3);
        assert_eq!(all.matches('S').count(), 7);
        assert_eq!(all.matches('K').count(), 3);
    }

    #[test]
    fn zero_on_either_side_spawns_only_the_other_role() {
        assert_eq!(roles(0, 3), "KKK");
        assert_eq!(roles(3, 0), "SSS");
        assert_eq!(roles(0, 0), "");
    }

    #[test]
    fn spawns_are_evenly_spaced_and_end_before_the_ramp_up() {
        let spawns: Vec<_> = plan(4, 1, Duration::from_secs(10)).collect();
        let times: Vec<_> = spawns.iter().map(|s| s.at.as_secs()).collect();
        assert_eq!(times, [0, 2, 4, 6, 8]);
    }

    #[test]
    fn zero_ramp_up_spawns_everyone_at_once() {
        assert!(plan(40, 10, Duration::ZERO).all(|spawn| spawn.at.is_zero()));
    }

    #[test]
    fn next_role_is_a_survivor_while_survivors_are_behind_their_share() {
        assert_eq!(next_role(0, 0, 0.8), Role::Survivor);
        assert_eq!(next_role(4, 0, 0.8), Role::Killer);
        assert_eq!(next_role(4, 1, 0.8), Role::Survivor);
    }
}
