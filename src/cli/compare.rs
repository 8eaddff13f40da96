//! `bench compare`: compare the reports of two runs.
//!
//! Reads the inputs, judges every metric, prints the table on stdout, writes
//! the HTML overlay when asked, and exits 1 on a regression.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use matchbench::report::compare::{
    Comparison, Format, RunData, Tolerance, load_history, load_run, render,
};
use matchbench::report::{html, writer};

use super::{CliError, Exit};

/// Flags of `bench compare`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    bench compare reports/peak-20261201T180000Z reports/peak-20261203T180000Z\n  \
    bench compare old/summary.json new/summary.json --format markdown\n  \
    bench compare --history history.csv --label v1.3.0 --max-regression 5%\n  \
    bench compare old new --html compare.html")]
pub struct CompareArgs {
    /// The earlier run: a run folder, summary.json or summary.csv.
    #[arg(required_unless_present = "history", conflicts_with = "history")]
    pub base: Option<PathBuf>,

    /// The later run: a run folder, summary.json or summary.csv.
    #[arg(required_unless_present = "history", conflicts_with = "history")]
    pub candidate: Option<PathBuf>,

    /// Compare the last row of an --append-csv history with the row before it.
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,

    /// With --history: compare the last row with the last earlier row of this label.
    #[arg(long, requires = "history", conflicts_with_all = ["base", "candidate"])]
    pub label: Option<String>,

    /// How far a metric may move the wrong way before it fails: 10% or 0.1.
    #[arg(
        long,
        value_name = "TOLERANCE",
        default_value = "10%",
        env = "MATCHBENCH_MAX_REGRESSION"
    )]
    pub max_regression: Tolerance,

    /// How to print the table.
    #[arg(long, value_enum, default_value_t = Format::Text, env = "MATCHBENCH_COMPARE_FORMAT")]
    pub format: Format,

    /// Also write an HTML page overlaying the two runs' charts.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

/// Runs `bench compare`.
pub fn run(args: CompareArgs) -> Result<Exit, CliError> {
    let (base, candidate) = inputs(&args).map_err(CliError::BadInput)?;
    let comparison = Comparison::new(&base, &candidate, args.max_regression);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) ends the output, not the process with a panic.
    let _ = write!(stdout, "{}", render(&comparison, args.format)).and_then(|()| stdout.flush());

    if let Some(path) = &args.html {
        write_html(path, &base, &candidate, &comparison).map_err(CliError::BadInput)?;
    }
    Ok(if comparison.has_regression() {
        Exit::Failed
    } else {
        Exit::Success
    })
}

fn inputs(args: &CompareArgs) -> anyhow::Result<(RunData, RunData)> {
    if let Some(history) = &args.history {
        return load_history(history, args.label.as_deref()).context("history");
    }
    match (&args.base, &args.candidate) {
        (Some(base), Some(candidate)) => {
            let base = load_run(base).context("base run")?;
            let candidate = load_run(candidate).context("candidate run")?;
            Ok((base, candidate))
        }
        // clap requires both when --history is absent.
        _ => anyhow::bail!("give BASE and CANDIDATE, or --history FILE"),
    }
}

fn write_html(
    path: &Path,
    base: &RunData,
    candidate: &RunData,
    cmp: &Comparison,
) -> anyhow::Result<()> {
    let page = html::render_compare(base, candidate, cmp);
    Ok(writer::write_atomic(path, page.as_bytes())?)
}
