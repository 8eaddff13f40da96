//! `bench compare`: compare the reports of two runs.
//!
//! Checks that the `--html` page can be written, reads the inputs, judges
//! every metric, prints the table on stdout, writes the HTML overlay when
//! asked, and exits 1 on a regression.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use matchbench::report::compare::{
    Comparison, Format, RunData, Tolerance, load_history, load_run, name_apart, render,
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
    if let Some(path) = &args.html {
        check_html_destination(path).map_err(CliError::BadInput)?;
    }
    let (base, candidate) = inputs(&args).map_err(CliError::BadInput)?;
    let comparison = Comparison::new(&base, &candidate, args.max_regression);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) ends the output, not the process with a panic.
    let _ = write!(stdout, "{}", render(&comparison, args.format)).and_then(|()| stdout.flush());

    let html = match &args.html {
        Some(path) => write_html(path, &base, &candidate, &comparison),
        None => Ok(()),
    };
    outcome(comparison.has_regression(), html)
}

/// Fails before anything is read when the `--html` page could not be
/// written: the path is a folder, or its folder is missing or not writable.
fn check_html_destination(path: &Path) -> anyhow::Result<()> {
    let shown = path.display();
    anyhow::ensure!(!path.is_dir(), "--html {shown} is a folder, not a file");
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    anyhow::ensure!(
        folder.is_dir(),
        "--html {shown}: folder {} does not exist",
        folder.display()
    );
    // The page is written through a temporary file in its folder: try one.
    tempfile::NamedTempFile::new_in(folder)
        .map(drop)
        .with_context(|| format!("--html {shown}: cannot write in {}", folder.display()))
}

/// The exit code once the table is printed. A page that still fails to write
/// (say, on a full disk) is an error, exit 2, unless a regression was found:
/// then the reason goes to stderr and the regression keeps its exit 1.
fn outcome(regression: bool, html: anyhow::Result<()>) -> Result<Exit, CliError> {
    match (regression, html) {
        (false, Ok(())) => Ok(Exit::Success),
        (false, Err(err)) => Err(CliError::BadInput(err)),
        (true, Ok(())) => Ok(Exit::Failed),
        (true, Err(err)) => {
            eprintln!("error: {err:#}");
            Ok(Exit::Failed)
        }
    }
}

fn inputs(args: &CompareArgs) -> anyhow::Result<(RunData, RunData)> {
    // The errors of a history name it themselves; a prefix would repeat it.
    if let Some(history) = &args.history {
        return Ok(load_history(history, args.label.as_deref())?);
    }
    match (&args.base, &args.candidate) {
        (Some(base), Some(candidate)) => {
            let mut base = load_run(base).context("base run")?;
            let mut candidate = load_run(candidate).context("candidate run")?;
            name_apart(&mut base, &mut candidate);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_that_fails_to_write_is_exit_2_without_a_regression() {
        let failed = Err(anyhow::anyhow!("disk full"));
        assert!(matches!(outcome(false, failed), Err(CliError::BadInput(_))));
        assert_eq!(outcome(false, Ok(())).ok(), Some(Exit::Success));
    }

    #[test]
    fn a_regression_keeps_exit_1_even_when_the_page_fails_to_write() {
        let failed = Err(anyhow::anyhow!("disk full"));
        assert_eq!(outcome(true, failed).ok(), Some(Exit::Failed));
        assert_eq!(outcome(true, Ok(())).ok(), Some(Exit::Failed));
    }

    #[test]
    fn a_missing_folder_or_a_folder_given_as_the_page_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let missing = check_html_destination(&tmp.path().join("nope/compare.html"));
        assert!(format!("{:#}", missing.expect_err("missing folder")).contains("does not exist"));
        let folder = check_html_destination(tmp.path());
        assert!(format!("{:#}", folder.expect_err("a folder")).contains("is a folder"));
        assert!(check_html_destination(&tmp.path().join("compare.html")).is_ok());
        assert_eq!(std::fs::read_dir(tmp.path()).expect("lists").count(), 0);
    }
}
