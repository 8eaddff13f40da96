//! Scenario files: the format, loading and validation.
//!
//! [`load`] is the only way in: it reads a YAML file, checks every rule, and
//! hands back a [`Scenario`] with the runner's [`RunnerParams`] and the
//! clients' [`Config`], or every problem it found, each with its location.

use std::path::Path;
use std::time::Duration;

use crate::benchmark::RunnerParams;
use crate::config::Config;

/// A loaded, valid scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The scenario's name; names the report folder.
    pub name: String,
    /// Free text from the file.
    pub description: Option<String>,
    /// The load to play.
    pub params: RunnerParams,
    /// Target and HTTP settings, variables expanded.
    pub config: Config,
    /// Bounds checked at the end of the run.
    pub thresholds: Thresholds,
    /// The scenario as loaded, defaults filled and secrets unexpanded, for reports.
    pub as_loaded: serde_json::Value,
    /// Problems that do not stop a run, such as a scenario with no load.
    pub warnings: Vec<String>,
}

/// Bounds a run must hold; `None` where the scenario sets none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thresholds {
    /// Upper bound on the 95th percentile time to match.
    pub time_to_match_p95: Option<Duration>,
    /// Upper bound on the 99th percentile time to match.
    pub time_to_match_p99: Option<Duration>,
    /// Upper bound on the 95th percentile purchase latency.
    pub purchase_latency_p95: Option<Duration>,
    /// Upper bound on the 99th percentile purchase latency.
    pub purchase_latency_p99: Option<Duration>,
    /// Upper bound on errors per request, 0 to 1.
    pub error_rate: Option<f64>,
    /// Lower bound on the run's average matches per second.
    pub matches_per_sec: Option<f64>,
    /// Lower bound on the run's achieved purchases per second.
    pub purchases_per_sec: Option<f64>,
}

/// Every problem found in one scenario file.
#[derive(Debug, thiserror::Error)]
#[error("invalid scenario")]
pub struct LoadError;

/// Reads, parses and validates the scenario at `path`.
pub fn load(_path: &Path) -> Result<Scenario, LoadError> {
    Err(LoadError)
}
