//! `bench validate`: check scenario files without running them.
//!
//! Every file is checked, valid or not, so one call reports all problems:
//! `ok: FILE` on stdout for each valid file, its diagnostics on stderr for
//! each invalid one, and warnings on stderr without changing the exit code.

use std::path::{Path, PathBuf};

use matchbench::scenario;

use super::{CliError, Exit};

/// Flags of `bench validate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  bench validate scenarios/*.yaml")]
pub struct ValidateArgs {
    /// Scenario files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Checks every file; exit 0 when all are valid, 2 when any is not.
pub fn run(args: ValidateArgs) -> Result<Exit, CliError> {
    let mut all_valid = true;
    for file in &args.files {
        all_valid &= validate(file);
    }
    Ok(if all_valid {
        Exit::Success
    } else {
        Exit::BadInput
    })
}

/// Checks one file and prints its outcome; true when it is valid.
fn validate(file: &Path) -> bool {
    match scenario::load(file) {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                eprintln!("warning: {}: {warning}", file.display());
            }
            super::print(format_args!("ok: {}\n", file.display()));
            true
        }
        Err(err) => {
            eprintln!("{err}");
            false
        }
    }
}
