//! The output formats of `bench compare`: one file per format, all reading the
//! same [`Comparison`].

mod json;
mod markdown;
mod text;

use super::table::{Comparison, Noise, Row, Verdict};

/// How `bench compare` prints its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    #[default]
    Text,
    /// A table to paste into a pull request.
    Markdown,
    /// One JSON object, for scripts.
    Json,
}

/// The comparison in the chosen format, ending with a newline.
pub fn render(comparison: &Comparison, format: Format) -> String {
    match format {
        Format::Text => text::render(comparison),
        Format::Markdown => markdown::render(comparison),
        Format::Json => json::render(comparison),
    }
}

/// The change column: `+12.3%`, `-4.0%`, or `from 0`.
pub fn change_label(row: &Row) -> String {
    match row.change {
        Some(c) => format!("{:+.1}%", c * 100.0),
        None => "from 0".to_owned(),
    }
}

/// The verdict column.
pub fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Better => "better",
        Verdict::Worse => "worse",
        Verdict::WithinTolerance => "within tolerance",
        Verdict::Context => "context",
    }
}

/// The noise column; `None` when there is no estimate or nothing to judge.
pub fn noise_label(row: &Row) -> Option<&'static str> {
    match (row.verdict, row.noise) {
        (Verdict::Context, _) | (_, Noise::Unknown) => None,
        (_, Noise::Beyond) => Some("beyond noise"),
        (_, Noise::Inside) => Some("inside noise"),
    }
}

/// The base and candidate cells of a row, in the metric's unit.
pub fn value_cells(row: &Row) -> (String, String) {
    (
        row.metric.unit.format(row.base),
        row.metric.unit.format(row.candidate),
    )
}
