//! `bench run`: play a scenario and write its reports.

use std::path::PathBuf;

use super::{CliError, Exit};

/// Flags of `bench run`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  bench run scenarios/peak.yaml")]
pub struct RunArgs {
    /// The scenario file to play.
    pub scenario: PathBuf,
}

pub fn run(_args: RunArgs) -> Result<Exit, CliError> {
    Ok(Exit::Success)
}
