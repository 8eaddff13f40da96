//! The Markdown table, to paste into a pull request.

use super::{change_label, noise_label, value_cells, verdict_label};
use crate::report::compare::table::{Comparison, Verdict};

/// The comparison as a GitHub-flavoured Markdown table with a closing line.
pub fn render(comparison: &Comparison) -> String {
    let mut out = format!(
        "Base **{}**, candidate **{}**, tolerance {}.\n\n",
        escape(&comparison.base),
        escape(&comparison.candidate),
        comparison.tolerance
    );
    out.push_str("| metric | base | candidate | change | verdict | noise |\n");
    out.push_str("|---|--:|--:|--:|---|---|\n");
    for row in &comparison.rows {
        let (base, candidate) = value_cells(row);
        let verdict = match row.verdict {
            Verdict::Worse => format!("**{}**", verdict_label(row.verdict)),
            v => verdict_label(v).to_owned(),
        };
        let noise = noise_label(row).unwrap_or("—");
        let change = change_label(row);
        let key = row.metric.key;
        out.push_str(&format!(
            "| `{key}` | {base} | {candidate} | {change} | {verdict} | {noise} |\n"
        ));
    }
    out.push('\n');
    for note in &comparison.notes {
        out.push_str(&format!("> {}\n\n", escape(note)));
    }
    out.push_str(&format!("**{}**\n", comparison.conclusion()));
    out
}

/// Keeps a run name from breaking the table or the emphasis around it.
fn escape(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}
