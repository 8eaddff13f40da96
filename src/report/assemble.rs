//! Putting a run's [`Summary`] together from the scenario, the target and the results.

use jiff::{Timestamp, Unit};

use super::summary::{SCHEMA_VERSION, Summary, TargetInfo, ToolInfo};
use super::thresholds;
use crate::benchmark::Results;
use crate::scenario::Scenario;

/// What a run was, beside what it measured.
#[derive(Debug, Clone)]
pub struct RunInfo<'a> {
    /// The scenario played, after command-line overrides.
    pub scenario: &'a Scenario,
    /// The run's label, such as a release tag.
    pub label: Option<String>,
    /// Where the load went.
    pub target: TargetInfo,
    /// When the load started.
    pub started_at: Timestamp,
    /// When the run ended.
    pub finished_at: Timestamp,
}

/// The complete record of a run, thresholds judged.
pub fn assemble(info: RunInfo<'_>, results: &Results) -> Summary {
    let verdicts = thresholds::evaluate(&info.scenario.thresholds, &results.summary);
    Summary {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo {
            name: "matchbench".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        label: info.label,
        scenario: info.scenario.as_loaded.clone(),
        target: info.target,
        started_at: rfc3339_seconds(info.started_at),
        finished_at: rfc3339_seconds(info.finished_at),
        interrupted: results.interrupted,
        results: results.summary.clone(),
        thresholds: verdicts,
        histograms: results.histograms.clone(),
    }
}

/// `2026-12-03T18:00:00Z`: UTC, whole seconds.
pub fn rfc3339_seconds(at: Timestamp) -> String {
    at.round(Unit::Second).unwrap_or(at).to_string()
}

/// `20261203T180000Z`: the start of a run as it appears in a report folder's name.
pub fn folder_stamp(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_utc_and_whole_seconds() {
        let at: Timestamp = "2026-12-03T18:00:00.734Z".parse().unwrap();
        assert_eq!(rfc3339_seconds(at), "2026-12-03T18:00:01Z");
        assert_eq!(folder_stamp(at), "20261203T180000Z");
    }
}
