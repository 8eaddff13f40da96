//! The JSON output: one object with every row, for scripts and CI.

use serde::Serialize;

use super::{noise_label, verdict_label};
use crate::report::compare::metrics::Direction;
use crate::report::compare::table::{Comparison, Row};

#[derive(Serialize)]
struct Output<'a> {
    base: &'a str,
    candidate: &'a str,
    max_regression: f64,
    noise_estimated: bool,
    regression: bool,
    metrics: Vec<Metric<'a>>,
    notes: &'a [String],
    conclusion: String,
}

#[derive(Serialize)]
struct Metric<'a> {
    metric: &'a str,
    direction: &'a str,
    base: f64,
    candidate: f64,
    /// A fraction; null when the base is 0 and the candidate is not.
    change: Option<f64>,
    verdict: &'a str,
    /// `beyond noise`, `inside noise`, or null without an estimate.
    noise: Option<&'a str>,
    regression: bool,
}

/// The comparison as pretty-printed JSON.
pub fn render(comparison: &Comparison) -> String {
    let output = Output {
        base: &comparison.base,
        candidate: &comparison.candidate,
        max_regression: comparison.tolerance.fraction(),
        noise_estimated: comparison.noise_estimated,
        regression: comparison.has_regression(),
        metrics: comparison.rows.iter().map(metric).collect(),
        notes: &comparison.notes,
        conclusion: comparison.conclusion(),
    };
    // Serializing plain structs of strings and finite numbers cannot fail;
    // a non-finite number would become null, which serde_json handles.
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}

fn metric(row: &Row) -> Metric<'_> {
    Metric {
        metric: row.metric.key,
        direction: match row.metric.direction {
            Direction::LowerIsBetter => "lower_is_better",
            Direction::HigherIsBetter => "higher_is_better",
            Direction::Context => "context",
        },
        base: row.base,
        candidate: row.candidate,
        change: row.change,
        verdict: verdict_label(row.verdict),
        noise: noise_label(row),
        regression: row.is_regression(),
    }
}
