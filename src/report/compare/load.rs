//! Reading the inputs of `bench compare` into [`RunData`].
//!
//! An input is a run folder, a `summary.json`, a `summary.csv`, or a row of an
//! `--append-csv` history. Each becomes the same [`SummaryCsvRow`] of figures,
//! plus the full [`Summary`] when the input is a `summary.json`, and the
//! `timeseries.csv` beside a `summary.json` or `summary.csv` when there is one.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::metrics::METRICS;
use crate::report::summary::{SCHEMA_VERSION, Summary, SummaryCsvRow, TimeseriesRow};

/// What went wrong reading one input.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The path does not exist.
    #[error("{0} does not exist")]
    Missing(PathBuf),
    /// A run folder without `summary.json` or `summary.csv`.
    #[error("{0} is a folder without summary.json or summary.csv, so not a run folder")]
    NotRunFolder(PathBuf),
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The JSON is not a matchbench summary.
    #[error("{path} is not a matchbench summary.json: {reason}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The parser's reason, with line and column.
        reason: String,
    },
    /// The summary was written in another version of the format.
    #[error(
        "{path} has schema_version {found}, but this bench reads version {SCHEMA_VERSION}; \
         reports of different versions do not compare"
    )]
    Schema {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u64,
    },
    /// The CSV does not have the expected columns or values.
    #[error("{path} is not a matchbench CSV report: {reason}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The reader's reason, with the record and field.
        reason: String,
    },
    /// A `summary.csv` with no data row.
    #[error("{0} has a header but no row")]
    EmptyCsv(PathBuf),
    /// A CSV of several rows given where one run was expected.
    #[error("{path} has {rows} rows; pass a history with --history")]
    ManyRows {
        /// The file.
        path: PathBuf,
        /// How many rows it has.
        rows: usize,
    },
    /// A figure that is not a finite number, such as `NaN` in a CSV.
    #[error("{path} has {key} = {value}, which is not a finite number")]
    NotFinite {
        /// The file.
        path: PathBuf,
        /// The metric.
        key: &'static str,
        /// Its value.
        value: f64,
    },
    /// A history with fewer than two rows.
    #[error("history {0} needs at least two rows to compare")]
    ShortHistory(PathBuf),
    /// `--label` names no row of the history.
    #[error("history {path} has no row labelled {label:?} before its last row")]
    NoLabel {
        /// The history.
        path: PathBuf,
        /// The label asked for.
        label: String,
    },
}

/// One run, ready to compare or draw.
#[derive(Debug, Clone)]
pub struct RunData {
    /// How the run is named in tables and legends: its label, or its start
    /// time when it has none (its file, for a row with neither).
    pub name: String,
    /// Where it was read from.
    pub source: PathBuf,
    /// Its figures.
    pub row: SummaryCsvRow,
    /// The full summary, when the input was a `summary.json`.
    pub summary: Option<Summary>,
    /// Its `timeseries.csv`, when there was one beside the `summary.json` or
    /// `summary.csv` (never for a history row).
    pub timeseries: Option<Vec<TimeseriesRow>>,
}

impl RunData {
    /// A run from a summary and, optionally, its time series.
    pub fn from_summary(summary: Summary, timeseries: Option<Vec<TimeseriesRow>>) -> Self {
        let scenario = scenario_name(&summary.scenario);
        let row = SummaryCsvRow::from_summary(&summary, &scenario);
        let name = run_name(
            summary.label.as_deref().unwrap_or_default(),
            &row.started_at,
        );
        Self {
            name,
            source: PathBuf::new(),
            row,
            summary: Some(summary),
            timeseries,
        }
    }

    fn from_row(row: SummaryCsvRow, source: &Path) -> Result<Self, LoadError> {
        check_finite(&row, source)?;
        let name = match run_name(&row.label, &row.started_at) {
            // Neither a label nor a start time: a hand-made row.
            name if name.is_empty() => source.display().to_string(),
            name => name,
        };
        Ok(Self {
            name,
            source: source.to_owned(),
            row,
            summary: None,
            timeseries: None,
        })
    }
}

/// A run's name: its label, or its start time when it has none, as the rows
/// of a history without labels differ only in that.
fn run_name(label: &str, started_at: &str) -> String {
    match label {
        "" => started_at.to_owned(),
        label => label.to_owned(),
    }
}

/// Tells apart two runs of the same name by their start times, as when every
/// row of a history is labelled `nightly`.
pub fn name_apart(base: &mut RunData, candidate: &mut RunData) {
    if base.name != candidate.name || base.row.started_at == candidate.row.started_at {
        return;
    }
    for run in [base, candidate] {
        if !run.row.started_at.is_empty() {
            run.name = format!("{} ({})", run.name, run.row.started_at);
        }
    }
}

/// Refuses a row with a figure that cannot be compared, such as `NaN`.
fn check_finite(row: &SummaryCsvRow, path: &Path) -> Result<(), LoadError> {
    match METRICS.iter().find(|m| !(m.value)(row).is_finite()) {
        Some(m) => Err(LoadError::NotFinite {
            path: path.to_owned(),
            key: m.key,
            value: (m.value)(row),
        }),
        None => Ok(()),
    }
}

/// The scenario's `name`, or an empty string.
pub fn scenario_name(scenario: &Value) -> String {
    scenario
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Reads a run folder, a `summary.json` or a one-row `summary.csv`.
pub fn load_run(path: &Path) -> Result<RunData, LoadError> {
    if !path.exists() {
        return Err(LoadError::Missing(path.to_owned()));
    }
    if path.is_dir() {
        return load_folder(path);
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        return load_summary_csv(path);
    }
    load_summary_json(path)
}

fn load_folder(dir: &Path) -> Result<RunData, LoadError> {
    let json = dir.join("summary.json");
    if json.is_file() {
        return load_summary_json(&json);
    }
    let csv = dir.join("summary.csv");
    if csv.is_file() {
        return load_summary_csv(&csv);
    }
    Err(LoadError::NotRunFolder(dir.to_owned()))
}

/// Reads a `summary.json` and the `timeseries.csv` beside it, if any.
fn load_summary_json(path: &Path) -> Result<RunData, LoadError> {
    let text = read(path)?;
    let json_err = |e: serde_json::Error| LoadError::Json {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let value: Value = serde_json::from_str(&text).map_err(json_err)?;
    check_schema(path, &value)?;
    let summary: Summary = serde_json::from_value(value).map_err(json_err)?;
    let mut run = RunData::from_summary(summary, sibling_timeseries(path)?);
    run.source = path.to_owned();
    Ok(run)
}

/// The `timeseries.csv` in the same folder as the summary at `path`, if any.
fn sibling_timeseries(path: &Path) -> Result<Option<Vec<TimeseriesRow>>, LoadError> {
    let series_path = path.with_file_name("timeseries.csv");
    if !series_path.is_file() {
        return Ok(None);
    }
    let rows = read_csv::<TimeseriesRow>(&series_path)?;
    Ok(Some(plausible_rows(rows)))
}

/// The largest figure a `timeseries.csv` row is taken to hold. No run comes
/// near a trillion of anything: milliseconds (31 years), players, requests,
/// or events per second.
const MAX_FIGURE: f64 = 1e12;

/// The rows whose figures could have been measured. A hand-edited `inf` or
/// `NaN`, a negative value or an absurdly large one would enter the noise
/// estimate and stretch the charts past what they can draw, so such a row is
/// left out.
fn plausible_rows(mut rows: Vec<TimeseriesRow>) -> Vec<TimeseriesRow> {
    rows.retain(|r| figures(r).iter().all(|v| (0.0..=MAX_FIGURE).contains(v)));
    rows
}

/// Every number of a time series row.
fn figures(r: &TimeseriesRow) -> [f64; 13] {
    [
        r.elapsed_ms as f64,
        r.players_active as f64,
        r.players_queued as f64,
        r.players_in_match as f64,
        r.matches_formed as f64,
        r.matches_per_sec,
        r.purchases as f64,
        r.purchases_per_sec,
        r.purchases_dropped as f64,
        r.p95_time_to_match_ms,
        r.p95_purchase_latency_ms,
        r.total_requests as f64,
        r.errors as f64,
    ]
}

fn check_schema(path: &Path, value: &Value) -> Result<(), LoadError> {
    let found = value.get("schema_version").ok_or_else(|| LoadError::Json {
        path: path.to_owned(),
        reason: "missing field `schema_version`".to_owned(),
    })?;
    match found.as_u64() {
        Some(v) if v == u64::from(SCHEMA_VERSION) => Ok(()),
        Some(v) => Err(LoadError::Schema {
            path: path.to_owned(),
            found: v,
        }),
        None => Err(LoadError::Json {
            path: path.to_owned(),
            reason: format!("schema_version is {found}, not a whole number"),
        }),
    }
}

/// Reads a one-row `summary.csv` and the `timeseries.csv` beside it, if any.
fn load_summary_csv(path: &Path) -> Result<RunData, LoadError> {
    let mut run = RunData::from_row(only_row(path)?, path)?;
    run.timeseries = sibling_timeseries(path)?;
    Ok(run)
}

/// The one row of a `summary.csv`.
fn only_row(path: &Path) -> Result<SummaryCsvRow, LoadError> {
    let mut rows = read_csv::<SummaryCsvRow>(path)?;
    match rows.len() {
        0 => Err(LoadError::EmptyCsv(path.to_owned())),
        1 => Ok(rows.remove(0)),
        n => Err(LoadError::ManyRows {
            path: path.to_owned(),
            rows: n,
        }),
    }
}

/// Reads an `--append-csv` history: the base row (the one before the last,
/// or the last row before it labelled `label`) and the last row.
pub fn load_history(path: &Path, label: Option<&str>) -> Result<(RunData, RunData), LoadError> {
    if !path.exists() {
        return Err(LoadError::Missing(path.to_owned()));
    }
    let mut rows = read_csv::<SummaryCsvRow>(path)?;
    let last = rows
        .pop()
        .ok_or_else(|| LoadError::ShortHistory(path.to_owned()))?;
    let base = match label {
        None => rows
            .pop()
            .ok_or_else(|| LoadError::ShortHistory(path.to_owned()))?,
        Some(label) => {
            let found = rows.into_iter().rev().find(|r| r.label == label);
            found.ok_or_else(|| LoadError::NoLabel {
                path: path.to_owned(),
                label: label.to_owned(),
            })?
        }
    };
    let mut base = RunData::from_row(base, path)?;
    let mut candidate = RunData::from_row(last, path)?;
    name_apart(&mut base, &mut candidate);
    Ok((base, candidate))
}

fn read(path: &Path) -> Result<String, LoadError> {
    fs::read_to_string(path).map_err(|source| LoadError::Read {
        path: path.to_owned(),
        source,
    })
}

fn read_csv<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, LoadError> {
    let text = read(path)?;
    let csv_err = |e: csv::Error| LoadError::Csv {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(csv_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(label: &str, started_at: &str) -> RunData {
        let row = SummaryCsvRow {
            label: label.to_owned(),
            started_at: started_at.to_owned(),
            ..SummaryCsvRow::default()
        };
        RunData::from_row(row, Path::new("history.csv")).expect("a finite row")
    }

    #[test]
    fn a_run_is_named_by_its_label_then_its_start_then_its_file() {
        assert_eq!(run("v1.4.0", "2026-12-03T18:00:00Z").name, "v1.4.0");
        assert_eq!(run("", "2026-12-03T18:00:00Z").name, "2026-12-03T18:00:00Z");
        assert_eq!(run("", "").name, "history.csv");
    }

    #[test]
    fn runs_already_apart_or_started_together_keep_their_names() {
        let (mut base, mut candidate) = (run("v1.3.0", "a"), run("v1.4.0", "b"));
        name_apart(&mut base, &mut candidate);
        assert_eq!(
            (base.name, candidate.name),
            ("v1.3.0".into(), "v1.4.0".into())
        );
        let (mut base, mut candidate) = (run("v1.4.0", "a"), run("v1.4.0", "a"));
        name_apart(&mut base, &mut candidate);
        assert_eq!(
            (base.name, candidate.name),
            ("v1.4.0".into(), "v1.4.0".into())
        );
    }
}
