//! `report.html`: a run, or two runs compared, as one self-contained page.
//!
//! [`render_run`] is the report `bench run` writes into every run folder;
//! [`render_compare`] is the page of `bench compare --html`. Both inline their
//! charts as SVG (drawn in [`charts`], chosen in [`figures`]) and the HDR
//! percentile spectra decoded in [`spectrum`], so the file opens with no
//! network at all.

pub mod charts;
pub mod figures;
pub mod page;
pub mod spectrum;

use figures::Trace;
use page::{document, escape, section};

use crate::report::compare::load::scenario_name;
use crate::report::compare::{Comparison, RunData};
use crate::report::summary::{Summary, SummaryCsvRow, TimeseriesRow};

/// The whole `report.html` of one run.
pub fn render_run(summary: &Summary, timeseries: &[TimeseriesRow]) -> String {
    let scenario = scenario_name(&summary.scenario);
    let row = SummaryCsvRow::from_summary(summary, &scenario);
    let trace = Trace {
        name: "",
        rows: timeseries,
        summary: Some(summary),
        dashed: false,
    };

    let mut body = page::run_header(summary, &scenario);
    body += &section(
        "thresholds",
        "Thresholds",
        &page::thresholds_table(&summary.thresholds),
    );
    let tables = page::results_tables(&row) + &page::breakdown_tables(&summary.results);
    let results = format!("<div class=\"tables\">\n{tables}</div>\n");
    body += &section("results", "Results", &results);
    body += &charts_sections(&[trace]);
    let label = summary.label.as_deref().unwrap_or_default();
    document(&format!("matchbench: {scenario} {label}"), &body)
}

/// The page of `bench compare --html`: the table, then both runs' charts
/// overlaid, the base dashed.
pub fn render_compare(base: &RunData, candidate: &RunData, comparison: &Comparison) -> String {
    let traces = [trace(base, true), trace(candidate, false)];
    let mut body = format!(
        "<header>\n<h1>{} → {}</h1>\n<p class=\"meta\">{}Tolerance {}.</p>\n</header>\n",
        escape(&base.name),
        escape(&candidate.name),
        sources(base, candidate),
        comparison.tolerance,
    );
    let mut verdict = page::comparison_table(comparison);
    for note in &comparison.notes {
        verdict += &format!("<p class=\"meta\">Note: {}.</p>\n", escape(note));
    }
    verdict += &format!(
        "<p><strong>{}</strong></p>\n",
        escape(&comparison.conclusion())
    );
    body += &section("comparison", "Comparison", &verdict);
    body += &charts_sections(&traces);
    document(
        &format!("matchbench: {} vs {}", base.name, candidate.name),
        &body,
    )
}

/// "Base FILE, candidate FILE. " when the runs were read from files.
fn sources(base: &RunData, candidate: &RunData) -> String {
    if base.source.as_os_str().is_empty() || candidate.source.as_os_str().is_empty() {
        return String::new();
    }
    format!(
        "Base {}, candidate {}. ",
        escape(&base.source.display().to_string()),
        escape(&candidate.source.display().to_string())
    )
}

fn trace(run: &RunData, dashed: bool) -> Trace<'_> {
    Trace {
        name: &run.name,
        rows: run.timeseries.as_deref().unwrap_or_default(),
        summary: run.summary.as_ref(),
        dashed,
    }
}

fn charts_sections(traces: &[Trace]) -> String {
    let over_time = format!(
        "<div class=\"charts\">\n{}</div>\n",
        figures::over_time(traces)
    );
    let spectra = format!(
        "<div class=\"charts\">\n{}</div>\n",
        figures::spectra(traces)
    );
    section("over-time", "Over time", &over_time)
        + &section("distribution", "Latency distribution", &spectra)
}
