//! The end of a run: the report files, the history row, the summary on
//! stdout, and the exit code.

use std::io::Write;

use anyhow::Context;
use jiff::Timestamp;
use matchbench::benchmark::Results;
use matchbench::report::assemble::{RunInfo, assemble};
use matchbench::report::summary::{Summary, SummaryCsvRow, TargetInfo};
use matchbench::report::writer::{self, RunFolder, WriteError};
use matchbench::report::{html, text, thresholds};
use matchbench::scenario::Scenario;

use super::{Format, RunArgs};
use crate::cli::{CliError, Exit};

/// What the report needs besides the results.
pub struct Report<'a> {
    pub scenario: &'a Scenario,
    pub args: &'a RunArgs,
    pub folder: &'a RunFolder,
    pub started_at: Timestamp,
}

/// Writes the reports, prints the summary, and returns the run's exit code.
pub fn finish(
    report: Report<'_>,
    target: &TargetInfo,
    results: &Results,
    quiet: bool,
) -> Result<Exit, CliError> {
    let info = RunInfo {
        scenario: report.scenario,
        label: report.args.label.clone(),
        target: target.clone(),
        started_at: report.started_at,
        finished_at: Timestamp::now(),
    };
    let summary = assemble(info, results);
    write(&report, &summary, results).map_err(|err| CliError::Unavailable(err.into()))?;
    print(&report, &summary, quiet).map_err(CliError::Unavailable)?;

    Ok(if summary.interrupted {
        Exit::Interrupted
    } else if thresholds::all_passed(&summary.thresholds) {
        Exit::Success
    } else {
        Exit::Failed
    })
}

fn write(report: &Report<'_>, summary: &Summary, results: &Results) -> Result<(), WriteError> {
    let folder = report.folder;
    let row = SummaryCsvRow::from_summary(summary, &report.scenario.name);
    folder.write_summary(summary)?;
    folder.write_summary_csv(&row)?;
    folder.write_timeseries(&results.timeseries)?;
    folder.write_file(
        "report.html",
        html::render_run(summary, &results.timeseries).as_bytes(),
    )?;
    if let Some(history) = &report.args.append_csv {
        writer::append_history(history, &row)?;
    }
    tracing::info!(folder = %folder.path().display(), "reports written");
    Ok(())
}

fn print(report: &Report<'_>, summary: &Summary, quiet: bool) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match report.args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, summary)
                .context("cannot print the summary")?;
            writeln!(stdout)?;
        }
        Format::Text if quiet => {}
        Format::Text => {
            write!(stdout, "{}", text::render(summary, &report.scenario.name))?;
            writeln!(stdout, "\nReports: {}", report.folder.path().display())?;
        }
    }
    stdout.flush().context("cannot print the summary")
}
