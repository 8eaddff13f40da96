//! `bench compare`: compare the reports of two runs.

use std::path::PathBuf;

use super::{CliError, Exit};

/// Flags of `bench compare`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    bench compare reports/peak-20261201T180000Z reports/peak-20261203T180000Z\n  \
    bench compare old/summary.json new/summary.json --format markdown")]
pub struct CompareArgs {
    /// The earlier run: a run folder, summary.json or summary.csv.
    pub base: PathBuf,
    /// The later run: a run folder, summary.json or summary.csv.
    pub candidate: PathBuf,
}

pub fn run(_args: CompareArgs) -> Result<Exit, CliError> {
    Ok(Exit::Success)
}
