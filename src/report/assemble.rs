//! Putting a run's [`Summary`] together from the scenario, the target and the results.

use jiff::{RoundMode, Timestamp, TimestampRound, Unit};

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
    /// When the run started, before its target was reached; it also names
    /// the default report folder.
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

/// `2026-12-03T18:00:00Z`: UTC, whole seconds, cut down like [`folder_stamp`]
/// so that a run's `started_at` and its folder's name agree.
pub fn rfc3339_seconds(at: Timestamp) -> String {
    whole_seconds(at).to_string()
}

/// `20261203T180000Z`: the start of a run as it appears in a report folder's name.
pub fn folder_stamp(at: Timestamp) -> String {
    whole_seconds(at).strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// `at` without its fraction of a second, towards the past.
fn whole_seconds(at: Timestamp) -> Timestamp {
    let floor = TimestampRound::new()
        .smallest(Unit::Second)
        .mode(RoundMode::Floor);
    at.round(floor).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_utc_and_whole_seconds() {
        let at: Timestamp = "2026-12-03T18:00:00Z".parse().unwrap();
        assert_eq!(rfc3339_seconds(at), "2026-12-03T18:00:00Z");
        assert_eq!(folder_stamp(at), "20261203T180000Z");
    }

    #[test]
    fn started_at_and_the_folder_stamp_drop_the_same_fraction_of_a_second() {
        let at: Timestamp = "2026-12-03T18:00:00.734Z".parse().unwrap();
        assert_eq!(rfc3339_seconds(at), "2026-12-03T18:00:00Z");
        assert_eq!(folder_stamp(at), "20261203T180000Z");
    }

    #[test]
    fn a_stamp_a_hair_before_midnight_stays_on_its_day() {
        let at: Timestamp = "2026-12-31T23:59:59.999Z".parse().unwrap();
        assert_eq!(rfc3339_seconds(at), "2026-12-31T23:59:59Z");
        assert_eq!(folder_stamp(at), "20261231T235959Z");
    }
}
