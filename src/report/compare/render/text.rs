//! The terminal table: columns padded to line up, numbers right-aligned.

use super::{change_label, noise_label, value_cells, verdict_label};
use crate::report::compare::table::Comparison;

const HEADER: [&str; 6] = ["metric", "base", "candidate", "change", "verdict", "noise"];

/// The noise cell of a row without an estimate or a verdict. ASCII, unlike
/// the `—` of Markdown and HTML: the columns are measured in bytes, and a
/// terminal or CI log may not be UTF-8.
const NO_NOISE: &str = "-";

/// The comparison as aligned plain text.
pub fn render(comparison: &Comparison) -> String {
    let mut lines: Vec<[String; 6]> = vec![HEADER.map(str::to_owned)];
    for row in &comparison.rows {
        let (base, candidate) = value_cells(row);
        let verdict = verdict_label(row.verdict).to_owned();
        let noise = noise_label(row).unwrap_or(NO_NOISE).to_owned();
        lines.push([
            row.metric.key.to_owned(),
            base,
            candidate,
            change_label(row),
            verdict,
            noise,
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|i| lines.iter().map(|l| l[i].len()).max().unwrap_or(0))
        .collect();

    let mut out = format!(
        "base:      {}\ncandidate: {}\n\n",
        comparison.base, comparison.candidate
    );
    for line in &lines {
        out.push_str(&format_line(line, &widths));
        out.push('\n');
    }
    out.push('\n');
    for note in &comparison.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&comparison.conclusion());
    out.push('\n');
    out
}

/// Text columns left-aligned, number columns (1 to 3) right-aligned.
fn format_line(cells: &[String; 6], widths: &[usize]) -> String {
    let padded: Vec<String> = cells
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(i, (cell, w))| match i {
            1..=3 => format!("{cell:>w$}"),
            _ => format!("{cell:<w$}"),
        })
        .collect();
    padded.join("  ").trim_end().to_owned()
}
