//! `bench validate`: check scenario files without running them.

use std::path::PathBuf;

use super::{CliError, Exit};

/// Flags of `bench validate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  bench validate scenarios/*.yaml")]
pub struct ValidateArgs {
    /// Scenario files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

pub fn run(_args: ValidateArgs) -> Result<Exit, CliError> {
    Ok(Exit::Success)
}
