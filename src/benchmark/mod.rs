//! The runner: players, purchasers, metrics and results.
//!
//! [`Runner`] turns [`RunnerParams`] into load against a [`crate::client::MatchClient`]
//! and a [`crate::client::StoreClient`], hands a [`MetricsSnapshot`] to its callback
//! every 200 ms, and ends with [`Results`].

mod histogram;
mod metrics;
mod params;
mod player;
mod purchaser;
mod ramp;
mod results;
mod roster;
mod runner;
mod snapshot;

pub use histogram::ShardedHistogram;
pub use metrics::{Counters, Metrics, Phase};
pub use params::{MmrDistribution, RegionWeight, RunnerParams};
pub use purchaser::{distribute_purchasers, purchaser_count};
pub use ramp::next_role;
pub use results::Results;
pub use runner::{MetricsCallback, Runner, RunnerError};
pub use snapshot::{MetricsSnapshot, SNAPSHOT_INTERVAL, Sampler};
