//! The runner: players, purchasers, metrics and results.

mod params;

pub use params::{MmrDistribution, RegionWeight, RunnerParams};
