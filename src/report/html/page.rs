//! The page around the charts: the document, its stylesheet, and the tables.
//!
//! The markup is XHTML-compatible (every element closed, every attribute
//! quoted) so a plain XML parser can check it, and it references nothing
//! outside the file: no scripts, no fonts, no stylesheets, no images.

use crate::report::compare::metrics::METRICS;
use crate::report::compare::render::{change_label, noise_label, value_cells, verdict_label};
use crate::report::compare::{Comparison, Verdict};
use crate::report::summary::{ResultsSummary, Summary, SummaryCsvRow, ThresholdVerdict};

const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0 auto;
  max-width: 1280px; padding: 16px 24px; color: #222; background: #fafafa; }
h1 { font-size: 26px; margin: 8px 0; }
h2 { font-size: 20px; margin: 28px 0 10px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #555; margin: 2px 0; }
table { border-collapse: collapse; background: #fff; font-size: 14px; }
th, td { padding: 4px 12px; border-bottom: 1px solid #e6e6e6; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f0f0f0; }
.pass, .better { color: #1a7f37; font-weight: 600; }
.fail, .worse { color: #c62828; font-weight: 600; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 4px; background: #c62828;
  color: #fff; font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; }
figure.chart { margin: 0; background: #fff; border: 1px solid #e0e0e0; border-radius: 6px;
  padding: 8px; }
figcaption { font-weight: 600; font-size: 15px; margin: 0 0 4px 4px; }
figure.chart svg { width: 100%; height: auto; display: block; }
.legend { list-style: none; margin: 0 0 4px 4px; padding: 0; display: flex; flex-wrap: wrap;
  gap: 4px 16px; font-size: 14px; }
.swatch { display: inline-block; width: 22px; height: 0; margin-right: 6px;
  vertical-align: middle; }
.empty { color: #777; font-style: italic; padding: 24px; }
.tables { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
footer { color: #777; font-size: 12px; margin: 32px 0 8px; }
";

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole document around `body`.
pub fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\
         <footer>Written by matchbench {}.</footer>\n</body>\n</html>\n",
        escape(title),
        env!("CARGO_PKG_VERSION"),
    )
}

/// A section with a heading.
pub fn section(id: &str, heading: &str, content: &str) -> String {
    format!(
        "<section id=\"{id}\">\n<h2>{}</h2>\n{content}</section>\n",
        escape(heading)
    )
}

/// The heading of a run report: scenario, label, times, target.
pub fn run_header(summary: &Summary, scenario: &str) -> String {
    let label = summary
        .label
        .as_deref()
        .map(|l| format!(" — {}", escape(l)))
        .unwrap_or_default();
    let interrupted = match summary.interrupted {
        true => " <span class=\"badge\">interrupted</span>",
        false => "",
    };
    format!(
        "<header>\n<h1>{}{label}{interrupted}</h1>\n\
         <p class=\"meta\">From {} to {}, against matchmaker {} and store {}.</p>\n</header>\n",
        escape(scenario),
        escape(&summary.started_at),
        escape(&summary.finished_at),
        escape(&summary.target.matchmaker),
        escape(&summary.target.store),
    )
}

/// The thresholds and whether each held.
pub fn thresholds_table(thresholds: &[ThresholdVerdict]) -> String {
    if thresholds.is_empty() {
        return "<p class=\"empty\">The scenario sets no thresholds.</p>\n".to_owned();
    }
    let rows: String = thresholds
        .iter()
        .map(|t| {
            let (class, word) = if t.passed { ("pass", "passed") } else { ("fail", "failed") };
            format!(
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"{class}\">{word}</td></tr>\n",
                escape(&t.name),
                escape(&t.bound),
                escape(&t.actual)
            )
        })
        .collect();
    table(&["threshold", "bound", "actual", "verdict"], &rows)
}

/// Every metric of a run with its value, in three tables: matches,
/// purchases, and the run as a whole.
pub fn results_tables(row: &SummaryCsvRow) -> String {
    let group = |key: &str| match key {
        k if k.contains("match") => 0,
        k if k.contains("purchase") => 1,
        _ => 2,
    };
    ["matches", "purchases", "run"]
        .iter()
        .enumerate()
        .map(|(i, heading)| {
            let rows: String = METRICS
                .iter()
                .filter(|m| group(m.key) == i)
                .map(|m| {
                    let value = m.unit.format((m.value)(row));
                    format!(
                        "<tr><td>{}</td><td class=\"num\">{value}</td></tr>\n",
                        m.key
                    )
                })
                .collect();
            table(&[heading, "value"], &rows)
        })
        .collect()
}

/// Time to match of each role, and failed requests by kind.
pub fn breakdown_tables(results: &ResultsSummary) -> String {
    let roles: String = results
        .time_to_match_by_role
        .iter()
        .map(|(role, t)| {
            format!(
                "<tr><td>{}</td><td class=\"num\">{:.1} ms</td><td class=\"num\">{:.1} ms</td>\
                 <td class=\"num\">{:.1} ms</td></tr>\n",
                escape(role),
                t.avg_ms,
                t.p95_ms,
                t.p99_ms
            )
        })
        .collect();
    let e = &results.errors_by_kind;
    let kinds = [
        ("timeout", e.timeout),
        ("connect", e.connect),
        ("http_4xx", e.http_4xx),
        ("http_5xx", e.http_5xx),
        ("decode", e.decode),
    ];
    let errors: String = kinds
        .iter()
        .map(|(kind, n)| format!("<tr><td>{kind}</td><td class=\"num\">{n}</td></tr>\n"))
        .collect();
    table(&["role", "avg time to match", "p95", "p99"], &roles)
        + &table(&["error kind", "requests"], &errors)
}

/// The comparison of two runs, one row per metric.
pub fn comparison_table(comparison: &Comparison) -> String {
    let rows: String = comparison
        .rows
        .iter()
        .map(|row| {
            let (base, candidate) = value_cells(row);
            let class = match row.verdict {
                Verdict::Better => "better",
                Verdict::Worse => "worse",
                _ => "",
            };
            format!(
                "<tr><td>{}</td><td class=\"num\">{base}</td><td class=\"num\">{candidate}</td>\
                 <td class=\"num\">{}</td><td class=\"{class}\">{}</td><td>{}</td></tr>\n",
                row.metric.key,
                change_label(row),
                verdict_label(row.verdict),
                noise_label(row).unwrap_or("—"),
            )
        })
        .collect();
    table(
        &["metric", "base", "candidate", "change", "verdict", "noise"],
        &rows,
    )
}

fn table(headers: &[&str], rows: &str) -> String {
    let head: String = headers.iter().map(|h| format!("<th>{h}</th>")).collect();
    format!("<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n")
}
