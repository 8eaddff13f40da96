//! The end of a run: the report files, the summary on stdout, the history
//! row, and the exit code.
//!
//! A report or history row that cannot be written does not hide the run: the
//! summary is printed first, then the failure, and a failed threshold or an
//! interrupt keeps its exit code.

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

/// Writes the reports, prints the summary, appends the history row, and
/// returns the run's exit code.
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
    let row = SummaryCsvRow::from_summary(&summary, &report.scenario.name);
    let written = write(&report, &summary, &row, results);
    let printed = print(&report, &summary, quiet, written.is_ok());
    let appended = append(&report, &row);
    let failures: Vec<anyhow::Error> = [written.err(), appended.err()]
        .into_iter()
        .flatten()
        .map(anyhow::Error::from)
        .collect();
    for failure in &failures {
        eprintln!("error: {failure:#}");
    }
    printed.map_err(CliError::Unavailable)?;
    Ok(exit_code(&summary, !failures.is_empty()))
}

/// The verdict: interrupted, a failed threshold, reports that could not all
/// be written, or success, in that order.
fn exit_code(summary: &Summary, write_failed: bool) -> Exit {
    if summary.interrupted {
        Exit::Interrupted
    } else if !thresholds::all_passed(&summary.thresholds) {
        Exit::Failed
    } else if write_failed {
        Exit::Unavailable
    } else {
        Exit::Success
    }
}

/// Writes the files of the report folder.
fn write(
    report: &Report<'_>,
    summary: &Summary,
    row: &SummaryCsvRow,
    results: &Results,
) -> Result<(), WriteError> {
    let folder = report.folder;
    folder.write_summary(summary)?;
    folder.write_summary_csv(row)?;
    folder.write_timeseries(&results.timeseries)?;
    folder.write_file(
        "report.html",
        html::render_run(summary, &results.timeseries).as_bytes(),
    )?;
    tracing::info!(folder = %folder.path().display(), "reports written");
    Ok(())
}

/// Appends the run's row to `--append-csv`, when given.
fn append(report: &Report<'_>, row: &SummaryCsvRow) -> Result<(), WriteError> {
    match &report.args.append_csv {
        Some(history) => writer::append_history(history, row),
        None => Ok(()),
    }
}

/// Prints the summary; the report folder is named only when its files were written.
fn print(report: &Report<'_>, summary: &Summary, quiet: bool, written: bool) -> anyhow::Result<()> {
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
            if written {
                writeln!(stdout, "\nReports: {}", report.folder.path().display())?;
            }
        }
    }
    stdout.flush().context("cannot print the summary")
}
