//! Who the players are: stable ids and, when the scenario asks, an mmr and a
//! region drawn from an RNG seeded by the scenario's `seed`.

use rand::SeedableRng;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::rngs::StdRng;
use rand_distr::Normal;

use super::params::RunnerParams;
use super::player::Player;
use super::ramp::Spawn;
use crate::api::CreateTicket;

/// Highest mmr the API accepts.
const MAX_MMR: f64 = 10_000.0;

/// Draws each player's attributes, in spawn order, so a seed gives the same players.
pub(super) struct Roster {
    rng: StdRng,
    mmr: Option<Normal<f64>>,
    regions: Option<(WeightedIndex<f64>, Vec<String>)>,
}

impl Roster {
    pub fn new(params: &RunnerParams) -> Self {
        let seed = params.seed.unwrap_or_else(rand::random);
        let mmr = params
            .mmr
            .and_then(|mmr| Normal::new(mmr.mean, mmr.stddev).ok());
        let names = params.regions.iter().map(|r| r.region.clone()).collect();
        let regions = WeightedIndex::new(params.regions.iter().map(|r| r.weight))
            .ok()
            .map(|index| (index, names));
        Self {
            rng: StdRng::seed_from_u64(seed),
            mmr,
            regions,
        }
    }

    /// The player of one planned spawn.
    pub fn player(&mut self, spawn: &Spawn) -> Player {
        let mmr = self
            .mmr
            .as_ref()
            .map(|normal| normal.sample(&mut self.rng).round().clamp(0.0, MAX_MMR) as u32);
        let region = self
            .regions
            .as_ref()
            .map(|(index, names)| names[index.sample(&mut self.rng)].clone());
        Player {
            index: spawn.index as usize,
            request: CreateTicket {
                player_id: player_id(spawn.index as usize),
                role: spawn.role,
                mmr,
                region,
            },
        }
    }
}

/// The stable id of player `index` (from 0): `p-000001` and up.
pub fn player_id(index: usize) -> String {
    format!("p-{:06}", index + 1)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::api::Role;
    use crate::benchmark::{MmrDistribution, RegionWeight};

    fn params(seed: u64) -> RunnerParams {
        RunnerParams {
            mmr: Some(MmrDistribution {
                mean: 1500.0,
                stddev: 300.0,
            }),
            regions: vec![
                RegionWeight {
                    region: "eu".into(),
                    weight: 3.0,
                },
                RegionWeight {
                    region: "na".into(),
                    weight: 2.0,
                },
            ],
            seed: Some(seed),
            ..RunnerParams::default()
        }
    }

    fn draw(seed: u64) -> Vec<CreateTicket> {
        let mut roster = Roster::new(&params(seed));
        (0..50)
            .map(|index| {
                roster
                    .player(&Spawn {
                        index,
                        role: Role::Survivor,
                        at: Duration::ZERO,
                    })
                    .request
            })
            .collect()
    }

    #[test]
    fn the_same_seed_draws_the_same_players() {
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
    }

    #[test]
    fn players_get_stable_ids_and_attributes_in_range() {
        let players = draw(7);
        assert_eq!(players[0].player_id, "p-000001");
        assert!(
            players
                .iter()
                .all(|p| p.mmr.is_some_and(|mmr| mmr <= 10_000))
        );
        assert!(
            players
                .iter()
                .all(|p| matches!(p.region.as_deref(), Some("eu" | "na")))
        );
    }

    #[test]
    fn players_carry_no_attributes_unless_asked() {
        let mut roster = Roster::new(&RunnerParams::default());
        let player = roster.player(&Spawn {
            index: 0,
            role: Role::Killer,
            at: Duration::ZERO,
        });
        assert_eq!(player.request.mmr, None);
        assert_eq!(player.request.region, None);
    }
}
