//! Scenario files: the format, loading and validation.
//!
//! [`load`] is the only way in: it reads a YAML file, checks every rule, and
//! hands back a [`Scenario`] with the runner's [`RunnerParams`] and the
//! clients' [`Config`], or every problem it found, each with its location.
//!
//! Loading runs as named steps: `source` reads the file, `parse` turns the
//! YAML into the raw `format` (with `outline` naming the key and value a
//! parse error is about), `validate` and `target` check the rules and build
//! typed values, and `loaded` records what was loaded.

mod check;
mod diagnostic;
mod expand;
mod expect;
mod format;
mod loaded;
mod outline;
mod parse;
mod schema;
mod source;
mod target;
mod validate;
mod value;

use std::path::Path;
use std::time::Duration;

use crate::benchmark::RunnerParams;
use crate::config::Config;

pub use check::MAX_DURATION;
pub use diagnostic::{Diagnostic, LoadError, Position};
pub use expand::{ExpandError, expand};
pub use loaded::REDACTED;
pub use schema::json_schema;

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

/// Reads, parses and validates the scenario at `path`, expanding `${VAR}`
/// from the process environment.
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    load_with(path, &|name| std::env::var(name).ok())
}

/// Like [`load`], with variables looked up by `lookup` instead of the environment.
pub fn load_with(
    path: &Path,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Scenario, LoadError> {
    let source = source::Source::read(path).map_err(LoadError::one)?;
    from_source(&source, lookup)
}

/// Parses and validates scenario `text` as if read from `path`.
pub fn load_str(
    path: &Path,
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Scenario, LoadError> {
    let source = source::Source {
        path: path.to_path_buf(),
        text: text.to_string(),
    };
    from_source(&source, lookup)
}

fn from_source(
    source: &source::Source,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Scenario, LoadError> {
    let file = parse::parse(source).map_err(LoadError::one)?;

    let mut check = check::Checker::new(source);
    let name = validate::name(&mut check, &file);
    let params = validate::params(&mut check, &file);
    let thresholds = validate::thresholds(&mut check, file.thresholds.as_ref());
    let config = target::config(&mut check, file.target.as_ref(), file.http.as_ref(), lookup);
    check
        .finish()
        .map_err(|diagnostics| LoadError { diagnostics })?;

    Ok(Scenario {
        name,
        description: file.description.clone(),
        as_loaded: loaded::as_loaded(&file, &params, &config.http, &thresholds),
        warnings: validate::warnings(&params, &thresholds),
        params,
        config,
        thresholds,
    })
}
