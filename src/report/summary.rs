//! The shape of `summary.json`, `summary.csv` and `timeseries.csv`.
//!
//! These structs are the reference for the report files: `bench run` writes
//! them and `bench compare` reads them back. Fields may be added; none is
//! renamed or removed without a new [`SCHEMA_VERSION`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Version of the report format written by this build.
pub const SCHEMA_VERSION: u32 = 1;

/// The complete record of one run: `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Version of this format; reports of different versions do not compare.
    pub schema_version: u32,
    /// The tool that wrote the report.
    pub tool: ToolInfo,
    /// Free text naming the run, such as a release tag.
    #[serde(default)]
    pub label: Option<String>,
    /// The scenario as loaded, defaults filled and secrets unexpanded.
    pub scenario: serde_json::Value,
    /// Where the load went: URLs, or `embedded`.
    pub target: TargetInfo,
    /// UTC start of the run, RFC 3339.
    pub started_at: String,
    /// UTC end of the run, RFC 3339.
    pub finished_at: String,
    /// Whether the run was cut short by Ctrl-C or SIGTERM.
    pub interrupted: bool,
    /// The figures of the run.
    pub results: ResultsSummary,
    /// Verdict of each threshold the scenario sets.
    #[serde(default)]
    pub thresholds: Vec<ThresholdVerdict>,
    /// Full latency distributions, HDR V2 deflate-compressed and base64-encoded.
    pub histograms: Histograms,
}

/// The tool that wrote a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolInfo {
    /// Always `matchbench`.
    pub name: String,
    /// The tool's version.
    pub version: String,
}

/// Where the load went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetInfo {
    /// Matchmaker URL, or `embedded`.
    pub matchmaker: String,
    /// Store URL, or `embedded`.
    pub store: String,
}

/// The figures of a run. Durations are milliseconds.
///
/// The order of the fields is the order of the columns of `summary.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsSummary {
    /// Length of the load, ramp-up included.
    pub duration_ms: f64,
    /// Matches formed, counted once per match.
    pub matches_formed: u64,
    /// Most matches formed in any one-second window.
    pub peak_matches_per_sec: f64,
    /// Mean time from sending the join to reading the match.
    pub avg_time_to_match_ms: f64,
    /// Median time to match.
    pub p50_time_to_match_ms: f64,
    /// 95th percentile time to match.
    pub p95_time_to_match_ms: f64,
    /// 99th percentile time to match.
    pub p99_time_to_match_ms: f64,
    /// Longest time to match.
    pub max_time_to_match_ms: f64,
    /// Time to match of each role.
    pub time_to_match_by_role: BTreeMap<String, RoleTimeToMatch>,
    /// Purchases the store acknowledged.
    pub purchases: u64,
    /// Purchases the schedule called for: its due times within the run's
    /// duration, about rate times duration.
    pub purchases_target: u64,
    /// Purchases that fell due but were never sent: `max_in_flight` were
    /// already in flight, the generator was still behind when the run
    /// stopped, or the store's catalog could not be read.
    pub purchases_dropped: u64,
    /// Most purchases acknowledged in any one-second window.
    pub peak_purchases_per_sec: f64,
    /// Mean purchase latency, from the moment each purchase was due.
    pub avg_purchase_latency_ms: f64,
    /// Median purchase latency from due time.
    pub p50_purchase_latency_ms: f64,
    /// 95th percentile purchase latency from due time.
    pub p95_purchase_latency_ms: f64,
    /// 99th percentile purchase latency from due time.
    pub p99_purchase_latency_ms: f64,
    /// Longest purchase latency from due time.
    pub max_purchase_latency_ms: f64,
    /// Median purchase service time, from the moment the request was sent.
    pub p50_purchase_service_ms: f64,
    /// 99th percentile purchase service time, from send.
    pub p99_purchase_service_ms: f64,
    /// Every HTTP request sent, long polls and retries included.
    pub total_requests: u64,
    /// Requests that failed, of any kind.
    pub errors: u64,
    /// `errors / total_requests`, 0 when nothing was sent.
    pub error_rate: f64,
    /// Failed requests by kind.
    pub errors_by_kind: ErrorsByKind,
}

/// Time to match of one role.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RoleTimeToMatch {
    /// Mean, ms.
    pub avg_ms: f64,
    /// 95th percentile, ms.
    pub p95_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
}

/// Failed requests by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ErrorsByKind {
    /// No complete answer within the request timeout.
    pub timeout: u64,
    /// The connection could not be made or was lost.
    pub connect: u64,
    /// A 4xx answer the player or purchaser did not expect.
    pub http_4xx: u64,
    /// A 5xx answer.
    pub http_5xx: u64,
    /// An answer whose body could not be read as the API's JSON.
    pub decode: u64,
}

impl ErrorsByKind {
    /// Each kind's name and count, in report order.
    pub fn by_kind(&self) -> [(&'static str, u64); 5] {
        [
            ("timeout", self.timeout),
            ("connect", self.connect),
            ("http_4xx", self.http_4xx),
            ("http_5xx", self.http_5xx),
            ("decode", self.decode),
        ]
    }
}

/// The verdict on one threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdVerdict {
    /// The threshold's key in the scenario, such as `time_to_match_p95`.
    pub name: String,
    /// The bound, such as `< 20s` or `>= 50/s`.
    pub bound: String,
    /// What the run achieved, in the bound's unit.
    pub actual: String,
    /// Whether the run held the bound.
    pub passed: bool,
}

/// Serialized HDR histograms of the run, in microseconds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Histograms {
    /// Time to match of both roles.
    pub time_to_match: String,
    /// Purchase latency from due time.
    pub purchase_latency: String,
}

/// One row of `timeseries.csv`: one snapshot, every 200 ms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeseriesRow {
    /// Time since the run started.
    pub elapsed_ms: u64,
    /// `ramp_up`, `steady` or `stopping`.
    pub phase: String,
    /// Player tasks alive.
    pub players_active: u64,
    /// Players holding a queued ticket.
    pub players_queued: u64,
    /// Players in a match.
    pub players_in_match: u64,
    /// Matches formed so far.
    pub matches_formed: u64,
    /// Matches formed over the last second.
    pub matches_per_sec: f64,
    /// Purchases acknowledged so far.
    pub purchases: u64,
    /// Purchases acknowledged over the last second.
    pub purchases_per_sec: f64,
    /// Purchases dropped so far.
    pub purchases_dropped: u64,
    /// 95th percentile time to match over the last second, ms; 0 when no player matched.
    pub p95_time_to_match_ms: f64,
    /// 95th percentile purchase latency over the last second, ms; 0 without purchases.
    pub p95_purchase_latency_ms: f64,
    /// Requests sent so far.
    pub total_requests: u64,
    /// Failed requests so far.
    pub errors: u64,
}

/// The one row of `summary.csv`, and each row of an `--append-csv` history:
/// the run's identity, then every scalar of [`ResultsSummary`] in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SummaryCsvRow {
    /// The run's label; empty when none was given.
    pub label: String,
    /// The scenario's name.
    pub scenario: String,
    /// UTC start of the run, RFC 3339.
    pub started_at: String,
    /// Whether the run was cut short.
    pub interrupted: bool,
    /// See [`ResultsSummary::duration_ms`].
    pub duration_ms: f64,
    /// See [`ResultsSummary::matches_formed`].
    pub matches_formed: u64,
    /// See [`ResultsSummary::peak_matches_per_sec`].
    pub peak_matches_per_sec: f64,
    /// See [`ResultsSummary::avg_time_to_match_ms`].
    pub avg_time_to_match_ms: f64,
    /// See [`ResultsSummary::p50_time_to_match_ms`].
    pub p50_time_to_match_ms: f64,
    /// See [`ResultsSummary::p95_time_to_match_ms`].
    pub p95_time_to_match_ms: f64,
    /// See [`ResultsSummary::p99_time_to_match_ms`].
    pub p99_time_to_match_ms: f64,
    /// See [`ResultsSummary::max_time_to_match_ms`].
    pub max_time_to_match_ms: f64,
    /// See [`ResultsSummary::purchases`].
    pub purchases: u64,
    /// See [`ResultsSummary::purchases_target`].
    pub purchases_target: u64,
    /// See [`ResultsSummary::purchases_dropped`].
    pub purchases_dropped: u64,
    /// See [`ResultsSummary::peak_purchases_per_sec`].
    pub peak_purchases_per_sec: f64,
    /// See [`ResultsSummary::avg_purchase_latency_ms`].
    pub avg_purchase_latency_ms: f64,
    /// See [`ResultsSummary::p50_purchase_latency_ms`].
    pub p50_purchase_latency_ms: f64,
    /// See [`ResultsSummary::p95_purchase_latency_ms`].
    pub p95_purchase_latency_ms: f64,
    /// See [`ResultsSummary::p99_purchase_latency_ms`].
    pub p99_purchase_latency_ms: f64,
    /// See [`ResultsSummary::max_purchase_latency_ms`].
    pub max_purchase_latency_ms: f64,
    /// See [`ResultsSummary::p50_purchase_service_ms`].
    pub p50_purchase_service_ms: f64,
    /// See [`ResultsSummary::p99_purchase_service_ms`].
    pub p99_purchase_service_ms: f64,
    /// See [`ResultsSummary::total_requests`].
    pub total_requests: u64,
    /// See [`ResultsSummary::errors`].
    pub errors: u64,
    /// See [`ResultsSummary::error_rate`].
    pub error_rate: f64,
}

impl SummaryCsvRow {
    /// The CSV row of a summary.
    pub fn from_summary(summary: &Summary, scenario_name: &str) -> Self {
        let r = &summary.results;
        Self {
            label: summary.label.clone().unwrap_or_default(),
            scenario: scenario_name.to_owned(),
            started_at: summary.started_at.clone(),
            interrupted: summary.interrupted,
            duration_ms: r.duration_ms,
            matches_formed: r.matches_formed,
            peak_matches_per_sec: r.peak_matches_per_sec,
            avg_time_to_match_ms: r.avg_time_to_match_ms,
            p50_time_to_match_ms: r.p50_time_to_match_ms,
            p95_time_to_match_ms: r.p95_time_to_match_ms,
            p99_time_to_match_ms: r.p99_time_to_match_ms,
            max_time_to_match_ms: r.max_time_to_match_ms,
            purchases: r.purchases,
            purchases_target: r.purchases_target,
            purchases_dropped: r.purchases_dropped,
            peak_purchases_per_sec: r.peak_purchases_per_sec,
            avg_purchase_latency_ms: r.avg_purchase_latency_ms,
            p50_purchase_latency_ms: r.p50_purchase_latency_ms,
            p95_purchase_latency_ms: r.p95_purchase_latency_ms,
            p99_purchase_latency_ms: r.p99_purchase_latency_ms,
            max_purchase_latency_ms: r.max_purchase_latency_ms,
            p50_purchase_service_ms: r.p50_purchase_service_ms,
            p99_purchase_service_ms: r.p99_purchase_service_ms,
            total_requests: r.total_requests,
            errors: r.errors,
            error_rate: r.error_rate,
        }
    }
}
