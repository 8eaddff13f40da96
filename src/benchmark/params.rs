//! The load a run plays: what the scenario loader hands to the runner.

use std::time::Duration;

/// The load a run plays, checked by the scenario loader and again by
/// `Runner::new`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerParams {
    /// Simulated survivors.
    pub survivors: u32,
    /// Simulated killers.
    pub killers: u32,
    /// How long the load lasts, ramp-up included.
    pub duration: Duration,
    /// Time over which players are spawned; shorter than `duration`.
    pub ramp_up: Duration,
    /// Time a player spends in a match before queueing again.
    pub match_duration: Duration,
    /// Whether players queue again after a match.
    pub requeue: bool,
    /// Distribution players draw their mmr from, when tickets carry one.
    pub mmr: Option<MmrDistribution>,
    /// Weights players draw their region from; empty when tickets carry none.
    pub regions: Vec<RegionWeight>,
    /// Seed for player attributes; `None` draws one at random.
    pub seed: Option<u64>,
    /// Purchases per second across all purchasers; 0 for none.
    pub purchases_per_sec: f64,
    /// Purchases allowed in flight at once; sends beyond it are dropped and counted.
    pub max_in_flight: usize,
}

/// A normal distribution of mmr.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MmrDistribution {
    /// Mean mmr.
    pub mean: f64,
    /// Standard deviation; 0 gives every player the mean.
    pub stddev: f64,
}

/// One region and its relative weight.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionWeight {
    /// Region name as sent on tickets.
    pub region: String,
    /// Relative weight, > 0.
    pub weight: f64,
}

impl Default for RunnerParams {
    fn default() -> Self {
        Self {
            survivors: 0,
            killers: 0,
            duration: Duration::from_secs(60),
            ramp_up: Duration::ZERO,
            match_duration: Duration::ZERO,
            requeue: true,
            mmr: None,
            regions: Vec::new(),
            seed: None,
            purchases_per_sec: 0.0,
            max_in_flight: 4096,
        }
    }
}
